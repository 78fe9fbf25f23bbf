//! Docker contexts written by the engine crate are the docker CLI's own: with a temporary
//! `DOCKER_CONFIG`, contexts made by `ContextStore` are listed and inspected by `docker context`
//! exactly like their twins made by the CLI, and usable by `docker --context`; contexts made by
//! the CLI read back equal; update, rm and use round-trip, keeping the rest of config.json; bad
//! input is refused naming its field, with nothing written.

use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use tugboat_engine::contexts::{ContextForm, ContextKind, ContextStore, ContextTls};
use tugboat_engine::EngineError;

/// The docker CLI with `config` as its config folder and no DOCKER_HOST/DOCKER_CONTEXT, so
/// only the context store decides.
fn docker(config: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("docker")
        .args(args)
        .env("DOCKER_CONFIG", config)
        .env_remove("DOCKER_HOST")
        .env_remove("DOCKER_CONTEXT")
        .output()
        .unwrap();
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// `docker context ls --format '{{json .}}'`, by name.
fn cli_list(config: &Path) -> Vec<Value> {
    docker(config, &["context", "ls", "--format", "{{json .}}"])
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `docker context inspect NAME` without the folder-specific `Storage` paths.
fn cli_inspect(config: &Path, name: &str) -> Value {
    let text = docker(config, &["context", "inspect", name]).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    let first = v.get_mut(0).unwrap().as_object_mut().unwrap();
    first.remove("Storage");
    v
}

/// A CA, cert and key made for the test with openssl.
fn pem_files(dir: &Path) -> ContextTls {
    let key = dir.join("key.pem");
    let cert = dir.join("cert.pem");
    let ok = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=tugboat-test", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(ok.status.success(), "{ok:?}");
    let ca = dir.join("ca.pem");
    std::fs::copy(&cert, &ca).unwrap();
    ContextTls {
        ca: Some(ca.display().to_string()),
        cert: Some(cert.display().to_string()),
        key: Some(key.display().to_string()),
    }
}

fn form(name: &str, description: &str, host: &str, tls: Option<ContextTls>) -> ContextForm {
    ContextForm {
        name: name.into(),
        description: description.into(),
        host: host.into(),
        tls,
        skip_tls_verify: false,
    }
}

fn engine_host() -> String {
    std::env::var("TUGBOAT_TEST_DOCKER_HOST").unwrap()
}

#[tokio::test]
async fn contexts_made_here_are_the_clis_own() {
    let tmp = tempfile::tempdir().unwrap();
    let ours = tmp.path().join("ours");
    let theirs = tmp.path().join("theirs");
    let pems = tmp.path().join("pems");
    std::fs::create_dir_all(&pems).unwrap();
    let tls = pem_files(&pems);
    let store = ContextStore::at(&ours, "unix:///var/run/docker.sock");

    let made = [
        form("local-u", "the test engine", &engine_host(), None),
        form(
            "remote-tls",
            "box, with TLS",
            "tcp://10.9.8.7:2376",
            Some(tls.clone()),
        ),
        form("over-ssh", "", "ssh://me@box:2222", None),
    ];
    for f in &made {
        store.create(f).await.unwrap();
        // The twin, made by the CLI from the line we show for it.
        let line = tugboat_engine::contexts::context_command(
            tugboat_engine::contexts::ContextAction::Create,
            f,
        );
        let argv = shell_words::split(&line).unwrap();
        assert_eq!(argv[0], "docker");
        let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
        docker(&theirs, &args).unwrap();
    }

    // Listed by the CLI as its twin is, and inspected equal.
    let listed = cli_list(&ours);
    assert_eq!(listed, cli_list(&theirs));
    for f in &made {
        let row = listed
            .iter()
            .find(|r| r["Name"] == f.name.as_str())
            .unwrap();
        assert_eq!(row["DockerEndpoint"], f.host.as_str());
        assert_eq!(row["Description"], f.description.as_str());
        assert_eq!(row["Error"], "");
        assert_eq!(cli_inspect(&ours, &f.name), cli_inspect(&theirs, &f.name));
    }
    // The TLS files are copies in the store, private to the user, byte for byte the picked ones.
    let inspect = cli_inspect(&ours, "remote-tls");
    assert_eq!(
        inspect[0]["TLSMaterial"]["docker"],
        serde_json::json!(["ca.pem", "cert.pem", "key.pem"])
    );
    let digest = tugboat_engine::contexts::store::digest("remote-tls");
    let kept = ours.join("contexts/tls").join(&digest).join("docker");
    for (file, picked) in [
        ("ca.pem", &tls.ca),
        ("cert.pem", &tls.cert),
        ("key.pem", &tls.key),
    ] {
        let path = kept.join(file);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(picked.as_ref().unwrap()).unwrap()
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file}");
    }

    // Usable: `docker --context local-u` reaches the test engine (the same daemon ID as
    // `docker -H`), and `ps` through it works.
    docker(&ours, &["--context", "local-u", "ps", "-a"]).unwrap();
    let id_via_context = docker(
        &ours,
        &["--context", "local-u", "info", "--format", "{{.ID}}"],
    )
    .unwrap();
    let direct = Command::new("docker")
        .args(["-H", &engine_host(), "info", "--format", "{{.ID}}"])
        .output()
        .unwrap();
    assert!(!id_via_context.trim().is_empty());
    assert_eq!(id_via_context, String::from_utf8_lossy(&direct.stdout));

    // And the app's own list agrees on what each one is.
    let rows = store.list().await.unwrap();
    let kinds: Vec<(&str, ContextKind, bool)> = rows
        .iter()
        .map(|r| (r.name.as_str(), r.kind, r.tls))
        .collect();
    assert_eq!(
        kinds,
        [
            ("default", ContextKind::Unix, false),
            ("local-u", ContextKind::Unix, false),
            ("over-ssh", ContextKind::Ssh, false),
            ("remote-tls", ContextKind::TcpTls, true),
        ]
    );
}

#[tokio::test]
async fn contexts_made_by_the_cli_read_back_equal() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("docker");
    let tls = pem_files(tmp.path());
    docker(
        &config,
        &[
            "context",
            "create",
            "cli-tls",
            "--description",
            "made, in a terminal",
            "--docker",
            &format!(
                "host=tcp://10.1.2.3:2376,ca={},skip-tls-verify=true",
                tls.ca.as_ref().unwrap()
            ),
        ],
    )
    .unwrap();
    docker(
        &config,
        &[
            "context",
            "create",
            "cli-plain",
            "--docker",
            "host=tcp://10.1.2.3:2375",
        ],
    )
    .unwrap();
    docker(&config, &["context", "use", "cli-plain"]).unwrap();

    let store = ContextStore::at(&config, "unix:///var/run/docker.sock");
    let rows = store.list().await.unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["default", "cli-plain", "cli-tls"]);
    let tls_row = &rows[2];
    assert_eq!(tls_row.host, "tcp://10.1.2.3:2376");
    assert_eq!(tls_row.description, "made, in a terminal");
    assert!(tls_row.tls && tls_row.skip_tls_verify);
    assert_eq!(tls_row.kind, ContextKind::TcpTls);
    let files = tls_row.tls_files.as_ref().unwrap();
    assert!(files.ca.is_some() && files.cert.is_none() && files.key.is_none());
    let plain = &rows[1];
    assert_eq!(plain.kind, ContextKind::Tcp);
    assert!(plain.current && !rows[0].current && !tls_row.current);
    // Every row matches the CLI's own listing.
    for cli in cli_list(&config) {
        let row = rows.iter().find(|r| r.name == cli["Name"]).unwrap();
        assert_eq!(cli["Current"], row.current);
        if row.name != "default" {
            assert_eq!(cli["DockerEndpoint"], row.host.as_str());
            assert_eq!(cli["Description"], row.description.as_str());
        }
    }
}

#[tokio::test]
async fn update_remove_and_use_round_trip_keeping_the_rest_of_config_json() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("docker");
    std::fs::create_dir_all(&config).unwrap();
    let others = serde_json::json!({
        "auths": {"localhost:5000": {"auth": "dXNlcjpwYXNz"}},
        "detachKeys": "ctrl-x,x",
        "psFormat": "table {{.ID}}\t{{.Names}}",
        "proxies": {"default": {"httpProxy": "http://proxy:3128"}},
        "aKeyTheCliDoesNotKnow": [1, 2, {"x": null}]
    });
    std::fs::write(
        config.join("config.json"),
        serde_json::to_vec_pretty(&others).unwrap(),
    )
    .unwrap();
    let rest_of_config = || {
        let mut v: Value =
            serde_json::from_slice(&std::fs::read(config.join("config.json")).unwrap()).unwrap();
        let current = v.as_object_mut().unwrap().remove("currentContext");
        (v, current)
    };
    let store = ContextStore::at(&config, "unix:///var/run/docker.sock");
    let pems = pem_files(tmp.path());
    store
        .create(&form(
            "round-trip",
            "first",
            "tcp://10.0.0.1:2376",
            Some(pems.clone()),
        ))
        .await
        .unwrap();

    // use: the CLI follows, and every other key is kept as it was.
    store.use_context("round-trip").await.unwrap();
    assert_eq!(
        docker(&config, &["context", "show"]).unwrap().trim(),
        "round-trip"
    );
    let (rest, current) = rest_of_config();
    assert_eq!(rest, others);
    assert_eq!(current, Some(Value::String("round-trip".into())));

    // update: a new endpoint and description; no TLS in the form drops the stored files, as
    // the CLI's --docker does.
    store
        .update(
            "round-trip",
            &form("round-trip", "second", "ssh://me@box", None),
        )
        .await
        .unwrap();
    let inspect = cli_inspect(&config, "round-trip");
    assert_eq!(inspect[0]["Endpoints"]["docker"]["Host"], "ssh://me@box");
    assert_eq!(inspect[0]["Metadata"]["Description"], "second");
    assert!(inspect[0]["TLSMaterial"]
        .as_object()
        .is_none_or(|m| m.is_empty()));
    // An empty description keeps the old one, as `docker context update` does; TLS files that
    // are the store's own copies are kept.
    store
        .update(
            "round-trip",
            &form("round-trip", "", "tcp://10.0.0.1:2376", Some(pems.clone())),
        )
        .await
        .unwrap();
    let row = store.get("round-trip").await.unwrap();
    assert_eq!(row.description, "second");
    let kept = row.tls_files.clone().unwrap();
    store
        .update(
            "round-trip",
            &form("round-trip", "third", "tcp://10.0.0.1:2376", Some(kept)),
        )
        .await
        .unwrap();
    let inspect = cli_inspect(&config, "round-trip");
    assert_eq!(
        inspect[0]["TLSMaterial"]["docker"],
        serde_json::json!(["ca.pem", "cert.pem", "key.pem"])
    );
    assert_eq!(inspect[0]["Metadata"]["Description"], "third");

    // rm: the CLI's current one is refused without force, as `docker context rm` refuses it.
    let preview = store.remove_preview("round-trip").await.unwrap();
    assert!(preview.current);
    assert_eq!(preview.command, "docker context rm -f round-trip");
    assert!(preview.paths.iter().any(|p| p.ends_with("key.pem")));
    let refused = store.remove("round-trip", false).await.unwrap_err();
    assert!(matches!(refused, EngineError::Conflict(_)), "{refused}");
    assert!(cli_list(&config).iter().any(|r| r["Name"] == "round-trip"));
    store.remove("round-trip", true).await.unwrap();
    assert!(!cli_list(&config).iter().any(|r| r["Name"] == "round-trip"));
    assert_eq!(
        docker(&config, &["context", "show"]).unwrap().trim(),
        "default"
    );
    let (rest, current) = rest_of_config();
    assert_eq!(rest, others);
    assert_eq!(current, None);
    for p in &preview.paths {
        assert!(!Path::new(p).exists(), "{p} is still there");
    }

    // use default removes the key, as the CLI does.
    store
        .create(&form("second-one", "", "unix:///x.sock", None))
        .await
        .unwrap();
    store.use_context("second-one").await.unwrap();
    store.use_context("default").await.unwrap();
    assert_eq!(rest_of_config(), (others.clone(), None));
    store.remove("second-one", false).await.unwrap();
}

#[tokio::test]
async fn bad_names_and_hosts_are_refused_naming_the_field_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("docker");
    let store = ContextStore::at(&config, "unix:///var/run/docker.sock");
    for (f, field) in [
        (form("x", "", "unix:///a.sock", None), "name: "),
        (form("-dash", "", "unix:///a.sock", None), "name: "),
        (form("default", "", "unix:///a.sock", None), "name: "),
        (form("good-name", "", "http//nope", None), "host: "),
        (form("good-name", "", "tcp://box", None), "host: "),
        (
            form(
                "good-name",
                "",
                "tcp://box:2376",
                Some(ContextTls {
                    ca: Some("/no/such/ca.pem".into()),
                    ..Default::default()
                }),
            ),
            "tls.ca: ",
        ),
    ] {
        let err = store.create(&f).await.unwrap_err().to_string();
        assert!(err.starts_with(field), "{f:?}: {err}");
        // The CLI agrees the name is bad, or finds no context: nothing was written.
        assert_eq!(cli_list(&config).len(), 1, "only default after {f:?}");
    }
    assert!(
        !config.join("contexts/tls").exists() || {
            std::fs::read_dir(config.join("contexts/tls"))
                .unwrap()
                .next()
                .is_none()
        }
    );
    let missing = store.use_context("not-there").await.unwrap_err();
    assert!(matches!(missing, EngineError::NotFound(_)), "{missing}");
    let default_rm = store.remove("default", true).await.unwrap_err();
    assert!(default_rm.to_string().starts_with("name: "), "{default_rm}");
}
