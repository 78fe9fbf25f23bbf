//! Registries against the real engine and the real test registry (TUGBOAT_TEST_REGISTRY, with
//! htpasswd auth): a log in through the engine crate with a temp DOCKER_CONFIG lets the docker
//! CLI pull with that same config; a log out takes that away; a wrong password is classified
//! and keeps nothing, as are an unreachable registry and a plain-HTTP one the engine may not
//! use; a config with a credsStore routes store and erase to that helper; the
//! local registry card starts the fixture registry image and it answers `/v2/`.

use crate::support::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use tugboat_engine::registry::login::registry_logout;
use tugboat_engine::registry::{DockerConfig, LoginError};
use tugboat_runspec::registry_spec::{LocalRegistryForm, LoginForm};
use tugboat_testkit::driver::free_port;

pub(crate) fn registry() -> String {
    std::env::var("TUGBOAT_TEST_REGISTRY").expect("TUGBOAT_TEST_REGISTRY (scripts/test.sh sets it)")
}

pub(crate) fn user() -> String {
    std::env::var("TUGBOAT_TEST_REGISTRY_USER").expect("TUGBOAT_TEST_REGISTRY_USER")
}

pub(crate) fn password() -> String {
    std::env::var("TUGBOAT_TEST_REGISTRY_PASSWORD").expect("TUGBOAT_TEST_REGISTRY_PASSWORD")
}

/// The docker CLI against the test engine with its own config folder (and helpers first on
/// PATH when given). Stdout, or stderr as the error.
pub(crate) fn cli_with(
    host: &str,
    config: &Path,
    helpers: Option<&Path>,
    args: &[&str],
    stdin: Option<&str>,
) -> Result<String, String> {
    use std::io::Write;
    let mut cmd = Command::new("docker");
    cmd.args(args)
        .env("DOCKER_HOST", host)
        .env("DOCKER_CONFIG", config)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    if let Some(dir) = helpers {
        let path = std::env::var("PATH").unwrap_or_default();
        cmd.env("PATH", format!("{}:{path}", dir.display()));
    }
    let mut child = cmd.spawn().map_err(|e| e.to_string())?;
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// Pushes the fixture image to `it/<unique>:1` on the test registry with the CLI (its own
/// login in its own config) and removes the local tag again. The reference pushed.
pub(crate) fn push_fixture(cli: &Cli, what: &str) -> String {
    let pusher = tempfile::tempdir().unwrap();
    let reference = format!("{}/it/{}:1", registry(), unique(what));
    cli.run(&["tag", &fixture_image(), &reference]);
    cli_with(
        &cli.host,
        pusher.path(),
        None,
        &["login", &registry(), "-u", &user(), "--password-stdin"],
        Some(&password()),
    )
    .unwrap();
    cli_with(&cli.host, pusher.path(), None, &["push", &reference], None).unwrap();
    cli.run(&["rmi", &reference]);
    reference
}

fn login_form(password: &str) -> LoginForm {
    LoginForm {
        server: registry(),
        username: user(),
        password: password.to_owned(),
    }
}

/// Pulls `reference` with the CLI and that config, removing the pulled tag again.
pub(crate) fn cli_pull(
    cli: &Cli,
    config: &Path,
    helpers: Option<&Path>,
    reference: &str,
) -> Result<(), String> {
    let pulled = cli_with(&cli.host, config, helpers, &["pull", reference], None);
    if pulled.is_ok() {
        cli.run(&["rmi", reference]);
    }
    pulled.map(|_| ())
}

#[tokio::test]
async fn login_lets_the_cli_pull_and_logout_takes_it_away() {
    let (_host, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let reference = push_fixture(&cli, "reg-login");
    let dir = tempfile::tempdir().unwrap();
    let config_dir = dir.path().join("docker");
    let config = DockerConfig::at(&config_dir);

    // Not logged in: the registry refuses the CLI.
    let refused = cli_pull(&cli, &config_dir, None, &reference).unwrap_err();
    assert!(
        refused.contains("unauthorized") || refused.contains("credentials"),
        "{refused}"
    );

    let login = login_form(&password()).validate().unwrap();
    let outcome = engine.registry_login(&config, &login).await.unwrap();
    assert_eq!(outcome.registry, registry());
    assert!(outcome.kept_in.ends_with("config.json"), "{outcome:?}");
    let mode = std::fs::metadata(config_dir.join("config.json"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "a new config file is private");
    let creds = config.credentials(&registry()).await.unwrap().unwrap();
    assert_eq!(creds.username, user());

    cli_pull(&cli, &config_dir, None, &reference).unwrap();

    assert!(registry_logout(&config, &registry()).await.unwrap());
    assert_eq!(config.credentials(&registry()).await.unwrap(), None);
    let refused = cli_pull(&cli, &config_dir, None, &reference).unwrap_err();
    assert!(
        refused.contains("unauthorized") || refused.contains("credentials"),
        "{refused}"
    );
}

#[tokio::test]
async fn wrong_password_is_classified_and_keeps_nothing() {
    let (_host, _cli, _labels, engine) = TestEngine::start().await.into_parts();
    let dir = tempfile::tempdir().unwrap();
    let config = DockerConfig::at(dir.path());
    let login = login_form("not-the-password").validate().unwrap();
    let err = engine.registry_login(&config, &login).await.unwrap_err();
    assert!(matches!(err, LoginError::WrongCredentials(_)), "{err:?}");
    assert!(!err.to_string().contains("not-the-password"));
    assert!(!dir.path().join("config.json").exists(), "nothing kept");
}

#[tokio::test]
async fn unreachable_registry_is_said_in_words() {
    let (_host, _cli, _labels, engine) = TestEngine::start().await.into_parts();
    let dir = tempfile::tempdir().unwrap();
    let config = DockerConfig::at(dir.path());
    let port = free_port();
    let login = LoginForm {
        server: format!("localhost:{port}"),
        username: "a".into(),
        password: "b".into(),
    }
    .validate()
    .unwrap();
    let err = engine.registry_login(&config, &login).await.unwrap_err();
    assert!(matches!(err, LoginError::Unreachable(_)), "{err:?}");
    assert!(!dir.path().join("config.json").exists());
}

/// A fake `docker-credential-tugboattest`: one JSON file per server, each action logged.
fn fake_helper(dir: &Path) {
    let store = dir.join("store");
    std::fs::create_dir_all(&store).unwrap();
    let script = dir.join("docker-credential-tugboattest");
    std::fs::write(
        &script,
        format!(
            r#"#!/bin/sh
store='{store}'
action="$1"
echo "$action" >> '{log}'
key() {{ printf %s "$1" | tr -c 'A-Za-z0-9.' _; }}
case "$action" in
  get) read -r s; f="$store/$(key "$s")"
       if [ -f "$f" ]; then cat "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
  store) j=$(cat); s=$(printf %s "$j" | sed -n 's/.*"ServerURL":"\([^"]*\)".*/\1/p')
         printf %s "$j" > "$store/$(key "$s")" ;;
  erase) read -r s; rm -f "$store/$(key "$s")" ;;
  list) echo '{{}}' ;;
  *) exit 2 ;;
esac
"#,
            store = store.display(),
            log = dir.join("actions.log").display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[tokio::test]
async fn creds_store_routes_store_and_erase_to_the_helper() {
    let (_host, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let reference = push_fixture(&cli, "reg-helper");
    let dir = tempfile::tempdir().unwrap();
    let helpers = dir.path().join("bin");
    std::fs::create_dir_all(&helpers).unwrap();
    fake_helper(&helpers);
    let config_dir = dir.path().join("docker");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(
        config_dir.join("config.json"),
        r#"{"credsStore": "tugboattest", "detachKeys": "ctrl-e,e"}"#,
    )
    .unwrap();
    let config = DockerConfig::at(&config_dir).with_helpers_in(&helpers);

    let login = login_form(&password()).validate().unwrap();
    let outcome = engine.registry_login(&config, &login).await.unwrap();
    assert_eq!(outcome.kept_in, "docker-credential-tugboattest");
    let file = std::fs::read_to_string(config_dir.join("config.json")).unwrap();
    assert!(
        !file.contains(&password()),
        "the secret is in the helper, not the file"
    );
    assert!(file.contains("ctrl-e,e"), "other keys kept: {file}");
    let log = std::fs::read_to_string(helpers.join("actions.log")).unwrap();
    assert_eq!(log.lines().collect::<Vec<_>>(), ["store"]);

    // The CLI, with the same config and helper, reads what the helper keeps.
    cli_pull(&cli, &config_dir, Some(&helpers), &reference).unwrap();

    assert!(registry_logout(&config, &registry()).await.unwrap());
    let log = std::fs::read_to_string(helpers.join("actions.log")).unwrap();
    assert!(log.lines().any(|l| l == "erase"), "{log}");
    let refused = cli_pull(&cli, &config_dir, Some(&helpers), &reference).unwrap_err();
    assert!(
        refused.contains("unauthorized") || refused.contains("credentials"),
        "{refused}"
    );
}

#[tokio::test]
async fn local_registry_starts_from_the_fixture_and_answers_v2() {
    let (_host, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("registry");
    let _cleanup = remove_when_done(&cli, &name);
    let port = free_port();
    let form = LocalRegistryForm {
        host_port: port.to_string(),
        name: name.clone(),
        image: tugboat_testkit::registry_fixture(),
    };
    let reg = form.validate().unwrap();
    let started = engine.start_local_registry(&reg).await.unwrap();
    assert_eq!(started.address, format!("localhost:{port}"));
    assert!(!started.pulled, "the fixture is already on the engine");
    assert_eq!(started.container_name, name);
    // The port the CLI reports is the one asked for.
    let published = cli.run(&["port", &name, "5000/tcp"]);
    assert!(
        published.lines().any(|l| l.ends_with(&format!(":{port}"))),
        "{published}"
    );
    let url = format!("http://localhost:{port}/v2/");
    eventually(
        Duration::from_secs(20),
        "the local registry answers /v2/",
        || {
            let url = url.clone();
            async move {
                let out = Command::new("curl")
                    .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", &url])
                    .output()
                    .ok()?;
                (String::from_utf8_lossy(&out.stdout) == "200").then_some(())
            }
        },
    )
    .await;
}

#[tokio::test]
async fn local_registry_with_a_missing_image_says_so() {
    let (_host, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("registry-missing");
    let _cleanup = remove_when_done(&cli, &name);
    let reg = LocalRegistryForm {
        host_port: free_port().to_string(),
        name: name.clone(),
        image: format!("localhost:1/{}:2", unique("nothing")),
    }
    .validate()
    .unwrap();
    let err = engine.start_local_registry(&reg).await.unwrap_err();
    let words = err.to_string();
    assert!(words.contains("is not on this engine"), "{words}");
    assert!(
        cli.try_run(&["inspect", &name]).is_err(),
        "no container was left"
    );
}

/// This machine's first address that is not loopback: a registry reached there is one the
/// engine (which allows only 127.0.0.0/8 over plain HTTP here) must use HTTPS with.
fn outside_address() -> Option<String> {
    let out = Command::new("hostname").arg("-I").output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .find(|a| {
            a.parse::<std::net::Ipv4Addr>()
                .is_ok_and(|ip| !ip.is_loopback())
        })
        .map(str::to_owned)
}

#[tokio::test]
async fn plain_http_registry_the_engine_may_not_use_is_named() {
    let (_host, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let address = outside_address().expect("this machine has a non-loopback IPv4 address");
    let allowed = engine.plain_http_registries().await.unwrap();
    assert!(
        allowed.ranges.iter().any(|r| r == "127.0.0.0/8"),
        "{allowed:?}"
    );
    // A plain-HTTP registry (the fixture, no auth) on every address of this machine.
    let name = unique("registry-plain");
    let _cleanup = remove_when_done(&cli, &name);
    let port = free_port();
    let reg = LocalRegistryForm {
        host_port: port.to_string(),
        name: name.clone(),
        image: tugboat_testkit::registry_fixture(),
    }
    .validate()
    .unwrap();
    engine.start_local_registry(&reg).await.unwrap();
    let url = format!("http://{address}:{port}/v2/");
    eventually(Duration::from_secs(20), "the registry answers /v2/", || {
        let url = url.clone();
        async move {
            let out = Command::new("curl")
                .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", &url])
                .output()
                .ok()?;
            (String::from_utf8_lossy(&out.stdout) == "200").then_some(())
        }
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let config = DockerConfig::at(dir.path());
    let login = LoginForm {
        server: format!("{address}:{port}"),
        username: "a".into(),
        password: "b".into(),
    }
    .validate()
    .unwrap();
    let err = engine.registry_login(&config, &login).await.unwrap_err();
    assert!(matches!(err, LoginError::PlainHttpRefused(_)), "{err:?}");
    assert!(err.to_string().contains("insecure-registries"), "{err}");
    assert!(!dir.path().join("config.json").exists());
}
