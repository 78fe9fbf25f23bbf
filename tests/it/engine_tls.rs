//! TLS engines: a private dockerd with `--tlsverify` on a loopback port and certificates the test
//! makes with openssl, reached through `DOCKER_HOST`/`DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH` and
//! through a context; a wrong CA, a missing client certificate, an expired certificate, another
//! host's certificate and the wrong protocol for a port each give their own problem; plain tcp is
//! marked so the UI warns.

use crate::support::*;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Duration;
use tugboat_engine::connection::endpoint::{resolve_configured, TlsFiles};
use tugboat_engine::connection::errors::ConnectProblem;
use tugboat_engine::{Endpoint, EndpointSource, Engine, EnvSnapshot, Link};
use tugboat_testkit::slow::TcpBridge;
use tugboat_testkit::tls::{free_port, Certs, TlsServer};

fn tls_env(host: &str, cert_path: &Path) -> EnvSnapshot {
    EnvSnapshot {
        docker_host: Some(host.into()),
        docker_tls_verify: true,
        docker_cert_path: Some(cert_path.to_path_buf()),
        ..Default::default()
    }
}

/// Every container's name: the private daemon holds only this test's containers.
async fn names_seen(engine: &Engine) -> Vec<String> {
    let mut names: Vec<String> = engine
        .containers(true)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    names.sort();
    names
}

fn names_by_cli(cli: &Cli) -> Vec<String> {
    let mut names = cli.lines(&["ps", "-a", "--format", "{{.Names}}"]);
    names.sort();
    names
}

/// Writes a context the way `docker context create --docker host=…,ca=…,cert=…,key=…` does.
fn write_tls_context(config: &Path, name: &str, host: &str, files: &Path) {
    let digest: String = Sha256::digest(name.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let meta = config.join("contexts/meta").join(&digest);
    std::fs::create_dir_all(&meta).unwrap();
    let body = serde_json::json!({
        "Name": name,
        "Metadata": {"Description": "tugboat tls test"},
        "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": false}}
    });
    std::fs::write(meta.join("meta.json"), body.to_string()).unwrap();
    let tls = config.join("contexts/tls").join(&digest).join("docker");
    std::fs::create_dir_all(&tls).unwrap();
    for f in ["ca.pem", "cert.pem", "key.pem"] {
        std::fs::copy(files.join(f), tls.join(f)).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tls_engine_is_reached_through_env_and_context_and_its_refusals_are_named() {
    let certs = Certs::make();
    let port = free_port();
    let daemon = PrivateDaemon::start_with_args(certs.dockerd_args(port));
    daemon.load_fixture();
    let cli = daemon.cli();
    let label = unique("tls-label");
    let name = unique("tls");
    cli.run(&[
        "create",
        "--name",
        &name,
        "--label",
        &label,
        &fixture_image(),
        "true",
    ]);
    let host = format!("tcp://127.0.0.1:{port}");
    let good = certs.cert_path("ca");

    // (a) DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH, resolved as the CLI does.
    let r = resolve_configured(&tls_env(&host, &good));
    let endpoint = Endpoint {
        host: r.outcome.clone().unwrap(),
        source: r.source.clone(),
        tls: r.tls.clone(),
    };
    assert!(endpoint.tls.as_ref().is_some_and(|t| t.verify));
    let engine = Engine::connect_endpoint(&endpoint).await.unwrap();
    assert_eq!(engine.link(), Link::Tls);
    assert!(names_by_cli(&cli).contains(&name));
    assert_eq!(names_seen(&engine).await, names_by_cli(&cli));

    // (b) a context in a DOCKER_CONFIG of the test's own; the docker CLI reads it too.
    let config = tempfile::tempdir().unwrap();
    write_tls_context(config.path(), "tls-test", &host, &good);
    let env = EnvSnapshot {
        docker_context: Some("tls-test".into()),
        docker_config: Some(config.path().to_path_buf()),
        ..Default::default()
    };
    let r = resolve_configured(&env);
    let endpoint = Endpoint {
        host: r.outcome.clone().unwrap(),
        source: r.source.clone(),
        tls: r.tls.clone(),
    };
    let engine = Engine::connect_endpoint(&endpoint).await.unwrap();
    assert_eq!(names_seen(&engine).await, names_by_cli(&cli));
    let out = std::process::Command::new("docker")
        .env_remove("DOCKER_HOST")
        .env("DOCKER_CONFIG", config.path())
        .args(["--context", "tls-test", "ps", "-a", "--filter"])
        .arg(format!("label={label}"))
        .args(["--format", "{{.Names}}"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), name);

    // A CA that did not sign the engine's certificate.
    let wrong = resolve_configured(&tls_env(&host, &certs.cert_path("other-ca")));
    let (problem, err) = Engine::connect_explained(&Endpoint {
        host: host.clone(),
        source: EndpointSource::DockerHostEnv,
        tls: wrong.tls.clone(),
    })
    .await
    .unwrap_err();
    let other_ca = certs.cert_path("other-ca").join("ca.pem");
    assert_eq!(
        problem,
        Some(ConnectProblem::UnknownAuthority {
            ca: Some(other_ca.clone())
        }),
        "{err}"
    );
    assert!(
        err.to_string().contains(&other_ca.display().to_string()),
        "{err}"
    );

    // The engine wants a client certificate; none offered.
    let (problem, err) = Engine::connect_explained(&Endpoint {
        host: host.clone(),
        source: EndpointSource::UserChoice,
        tls: Some(TlsFiles {
            ca: Some(good.join("ca.pem")),
            cert: None,
            key: None,
            verify: true,
        }),
    })
    .await
    .unwrap_err();
    assert_eq!(
        problem,
        Some(ConnectProblem::ClientCertificateRefused { cert: None }),
        "{err}"
    );

    // Plain HTTP to the TLS port.
    let (problem, err) =
        Engine::connect_explained(&Endpoint::plain(host.clone(), EndpointSource::UserChoice))
            .await
            .unwrap_err();
    assert_eq!(problem, Some(ConnectProblem::PlainToTlsPort), "{err}");
    cli.run(&["rm", "-f", &name]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_certificate_and_another_hosts_certificate_each_say_so() {
    let certs = Certs::make();
    let files = Some(TlsFiles {
        ca: Some(certs.path("ca.pem")),
        cert: None,
        key: None,
        verify: true,
    });

    let expired = TlsServer::start(&certs, "expired");
    let (problem, err) = Engine::connect_explained(&Endpoint {
        host: format!("tcp://127.0.0.1:{}", expired.port),
        source: EndpointSource::UserChoice,
        tls: files.clone(),
    })
    .await
    .unwrap_err();
    assert_eq!(
        problem,
        Some(ConnectProblem::CertificateExpired {
            not_after: Some("2021-01-01 00:00 UTC".into())
        }),
        "{err}"
    );
    assert!(err.to_string().contains("2021-01-01"), "{err}");

    let elsewhere = TlsServer::start(&certs, "elsewhere");
    let (problem, err) = Engine::connect_explained(&Endpoint {
        host: format!("tcp://127.0.0.1:{}", elsewhere.port),
        source: EndpointSource::UserChoice,
        tls: files.clone(),
    })
    .await
    .unwrap_err();
    match problem {
        Some(ConnectProblem::WrongHostName { dialled, names }) => {
            assert_eq!(dialled, "127.0.0.1");
            assert_eq!(names, vec!["engine.example.test".to_string()]);
        }
        other => panic!("expected a wrong host name, got {other:?}: {err}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_tcp_is_marked_unencrypted_and_tls_to_it_is_named() {
    let bridge = TcpBridge::start(&test_host(), Duration::ZERO);
    let engine = Engine::connect(&bridge.host()).await.unwrap();
    assert_eq!(engine.link(), Link::PlainTcp);
    assert!(engine.link().is_remote());

    let certs = Certs::make();
    let (problem, err) = Engine::connect_explained(&Endpoint {
        host: bridge.host(),
        source: EndpointSource::UserChoice,
        tls: Some(TlsFiles {
            ca: Some(certs.path("ca.pem")),
            cert: None,
            key: None,
            verify: true,
        }),
    })
    .await
    .unwrap_err();
    assert_eq!(problem, Some(ConnectProblem::TlsToPlainPort), "{err}");
}
