//! `up` of a 20-service stack from nothing to all running: Tugboat's engine code
//! (`Engine::compose_up` on the model `compose_load` makes) beside `docker-compose up -d` of
//! the same file, in the same run, each followed by a `down -v` (not timed). Rounds alternate
//! which side goes first. Run alone: `cargo bench --profile dev --bench compose_up` with the
//! test env (TUGBOAT_TEST_DOCKER_HOST). TUGBOAT_BENCH_RUNS (default 5) rounds.
//!
//! The stack: ten services with no dependencies (half `sleep`, half busybox `httpd`), five that
//! depend on the first five, five on those: three start levels, as a real stack has.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

#[path = "../tests/it/compose_support.rs"]
mod compose_support;

use std::process::Command;
use std::time::Instant;
use tokio_util::sync::CancellationToken;
use tugboat_compose::plan::{UpEvent, UpOptions};
use tugboat_engine::compose::up::UpInput;
use tugboat_engine::Engine;

const SERVICES: usize = 20;

fn stack(image: &str) -> String {
    let mut text = String::from("services:\n");
    for i in 0..SERVICES {
        text.push_str(&format!("  s{i:02}:\n    image: {image}\n"));
        if i % 2 == 0 {
            text.push_str("    command: [\"sleep\", \"3000\"]\n");
        } else {
            text.push_str("    command: [\"httpd\", \"-f\", \"-p\", \"80\"]\n");
        }
        text.push_str("    environment:\n      ROLE: bench\n");
        if i >= 10 {
            text.push_str(&format!("    depends_on:\n      - s{:02}\n", i - 5));
        }
    }
    text
}

fn compose_cli(host: &str, project: &str, file: &std::path::Path, args: &[&str]) {
    let out = Command::new("docker-compose")
        .arg("-p")
        .arg(project)
        .arg("-f")
        .arg(file)
        .args(args)
        .env("DOCKER_HOST", host)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "docker-compose {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn running(host: &str, project: &str) -> usize {
    let out = Command::new("docker")
        .args([
            "ps",
            "-q",
            "--filter",
            &format!("label=com.docker.compose.project={project}"),
        ])
        .env("DOCKER_HOST", host)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).lines().count()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let host = std::env::var("TUGBOAT_TEST_DOCKER_HOST").expect("TUGBOAT_TEST_DOCKER_HOST");
    let image = std::env::var("TUGBOAT_FIXTURE_IMAGE")
        .unwrap_or_else(|_| "tugboat-fixture/busybox:1".into());
    let runs: usize = std::env::var("TUGBOAT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(3);
    let engine = Engine::connect(&host).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("compose.yaml");
    std::fs::write(&file, stack(&image)).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();

    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for round in 0..runs {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let mine = format!("tugboat-bench-up-a{}", &id[..8]);
        let cli = format!("tugboat-bench-up-b{}", &id[..8]);
        let sides: [bool; 2] = if round % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        };
        for tugboat in sides {
            if tugboat {
                let t = Instant::now();
                let loaded = compose_support::load(&text, &file, Some(&mine));
                let model = loaded.model.expect("the bench stack loads");
                let options = UpOptions::default();
                let input = UpInput {
                    model: &model,
                    options: &options,
                    env_files: &[],
                    profiles: &[],
                    logins: None,
                };
                let mut failed = None;
                let outcome = engine
                    .compose_up(&input, &CancellationToken::new(), &mut |e| {
                        if let UpEvent::Failed { message, .. } = e {
                            failed = Some(message);
                        }
                    })
                    .await
                    .unwrap();
                ours.push(t.elapsed().as_secs_f64());
                assert!(outcome.failures.is_empty(), "{failed:?}");
                assert_eq!(running(&host, &mine), SERVICES);
                compose_cli(&host, &mine, &file, &["down", "-v", "-t", "0"]);
            } else {
                let t = Instant::now();
                compose_cli(&host, &cli, &file, &["up", "-d"]);
                theirs.push(t.elapsed().as_secs_f64());
                assert_eq!(running(&host, &cli), SERVICES);
                compose_cli(&host, &cli, &file, &["down", "-v", "-t", "0"]);
            }
        }
    }
    let (a, b) = (median(ours.clone()), median(theirs.clone()));
    println!("compose up, {SERVICES} services in 3 levels, {runs} runs each (medians):");
    println!("  Tugboat (load + up)      {:>7.2} s   runs {ours:.2?}", a);
    println!(
        "  docker-compose up -d     {:>7.2} s   runs {theirs:.2?}",
        b
    );
    println!("  ratio                    {:>7.2}×", a / b);
}
