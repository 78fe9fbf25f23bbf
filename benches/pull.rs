//! Pull and push throughput through the app's engine calls (`Engine::push_image` /
//! `pull_image`, with the credentials read as the CLI reads them) beside `docker push` /
//! `docker pull` against the same local registry, in the same run. Run alone:
//! `cargo bench --profile dev --bench pull` with the test env (TUGBOAT_TEST_DOCKER_HOST,
//! TUGBOAT_TEST_REGISTRY and its user and password).
//!
//! Each push needs layers the registry and the engine have never seen (else the engine mounts
//! or skips them and nothing moves), so every round builds two fresh images of
//! `TUGBOAT_BENCH_PULL_MB` (default 100) MB of random data in four layers on the fixture, one
//! for the app and one for the CLI. Each pull follows the image's removal, so every layer but
//! the fixture's own is downloaded again. Rounds alternate which side goes first.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;
use tokio_util::sync::CancellationToken;
use tugboat_engine::registry::DockerConfig;
use tugboat_engine::Engine;
use tugboat_runspec::pull_spec::{push_spec, PullForm};

const ROUNDS: usize = 3;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

fn docker(host: &str, config: Option<&Path>, args: &[&str]) -> String {
    let mut cmd = Command::new("docker");
    cmd.args(args).env("DOCKER_HOST", host);
    if let Some(c) = config {
        cmd.env("DOCKER_CONFIG", c);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "docker {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// `reference` from the fixture with four layers of random bytes, `mb` MB in all.
fn build(host: &str, reference: &str, mb: usize) {
    let mut from = std::env::var("TUGBOAT_FIXTURE_IMAGE")
        .unwrap_or_else(|_| "tugboat-fixture/busybox:1".into());
    for i in 0..4 {
        let name = format!("tugboat-bench-pull-{}", uuid::Uuid::new_v4().simple());
        docker(
            host,
            None,
            &[
                "run",
                "--name",
                &name,
                "--label",
                "dev.tugboat.bench.pull=1",
                &from,
                "sh",
                "-c",
                &format!(
                    "head -c {} /dev/urandom > /layer-{i}.bin",
                    mb * 1_000_000 / 4
                ),
            ],
        );
        docker(host, None, &["commit", &name, reference]);
        docker(host, None, &["rm", "-f", &name]);
        from = reference.to_owned();
    }
}

fn mbps(mb: usize, secs: f64) -> f64 {
    mb as f64 / secs
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

#[tokio::main]
async fn main() {
    let host = env("TUGBOAT_TEST_DOCKER_HOST");
    let registry = env("TUGBOAT_TEST_REGISTRY");
    let mb: usize = std::env::var("TUGBOAT_BENCH_PULL_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let config_dir = tempfile::tempdir().unwrap();
    let mut login = Command::new("docker")
        .env("DOCKER_CONFIG", config_dir.path())
        .env("DOCKER_HOST", &host)
        .args([
            "login",
            &registry,
            "-u",
            &env("TUGBOAT_TEST_REGISTRY_USER"),
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    login
        .stdin
        .take()
        .unwrap()
        .write_all(env("TUGBOAT_TEST_REGISTRY_PASSWORD").as_bytes())
        .unwrap();
    assert!(login.wait().unwrap().success());
    let config = DockerConfig::at(config_dir.path());
    let engine = Engine::connect(&host).await.unwrap();
    let creds = config.credentials(&registry).await.unwrap();
    assert!(creds.is_some(), "logged in");

    let (mut app_push, mut cli_push, mut app_pull, mut cli_pull) = (vec![], vec![], vec![], vec![]);
    for round in 0..ROUNDS {
        let ours = format!(
            "{registry}/it/bench-pull-{}:v1",
            uuid::Uuid::new_v4().simple()
        );
        let theirs = format!(
            "{registry}/it/bench-pull-{}:v1",
            uuid::Uuid::new_v4().simple()
        );
        build(&host, &ours, mb);
        build(&host, &theirs, mb);
        let app_first = round % 2 == 0;

        let push_app = || async {
            let spec = push_spec(&ours).unwrap();
            let t = Instant::now();
            engine
                .push_image(
                    &spec,
                    creds.as_ref(),
                    &CancellationToken::new(),
                    &mut |_| {},
                )
                .await
                .unwrap();
            t.elapsed().as_secs_f64()
        };
        let push_cli = || {
            let t = Instant::now();
            docker(&host, Some(config_dir.path()), &["push", &theirs]);
            t.elapsed().as_secs_f64()
        };
        if app_first {
            app_push.push(mbps(mb, push_app().await));
            cli_push.push(mbps(mb, push_cli()));
        } else {
            cli_push.push(mbps(mb, push_cli()));
            app_push.push(mbps(mb, push_app().await));
        }

        docker(&host, None, &["rmi", &ours, &theirs]);
        let pull_app = || async {
            let spec = PullForm {
                reference: ours.clone(),
                platform: None,
            }
            .validate()
            .unwrap();
            let t = Instant::now();
            engine
                .pull_image(
                    &spec,
                    creds.as_ref(),
                    &CancellationToken::new(),
                    &mut |_| {},
                )
                .await
                .unwrap();
            t.elapsed().as_secs_f64()
        };
        let pull_cli = || {
            let t = Instant::now();
            docker(&host, Some(config_dir.path()), &["pull", "-q", &theirs]);
            t.elapsed().as_secs_f64()
        };
        if app_first {
            app_pull.push(mbps(mb, pull_app().await));
            cli_pull.push(mbps(mb, pull_cli()));
        } else {
            cli_pull.push(mbps(mb, pull_cli()));
            app_pull.push(mbps(mb, pull_app().await));
        }
        docker(&host, None, &["rmi", &ours, &theirs]);
    }

    println!("pull/push throughput, {mb} MB in 4 layers, {ROUNDS} rounds, median MB/s");
    for (what, ours, theirs) in [("push", app_push, cli_push), ("pull", app_pull, cli_pull)] {
        let (o, t) = (median(ours.clone()), median(theirs.clone()));
        println!(
            "{what}: app {o:>7.1} MB/s {ours:.1?} | docker {what} {t:>7.1} MB/s {theirs:.1?} | ratio {:.2}",
            o / t
        );
    }
}
