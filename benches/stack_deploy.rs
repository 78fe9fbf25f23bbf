//! `docker stack deploy` of a 20-service stack (one overlay network, one secret from a file):
//! Tugboat's engine code (`Engine::stack_deploy` on the model the swarm load makes) beside the
//! CLI's `docker stack deploy -c` of the same file, in the same run, on the swarm test engine
//! (a single-node swarm under a `SwarmLease`). Each deploy is timed until the engine has
//! accepted every object (both sides return then; tasks start after), and followed by removal
//! (not timed) until nothing of the stack is left. Rounds alternate which side goes first.
//! Run alone: `cargo bench --profile dev --bench stack_deploy` with the test env
//! (TUGBOAT_TEST_SWARM_HOST). TUGBOAT_BENCH_RUNS (default 5) rounds.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use std::path::Path;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use tugboat_compose::swarm::DeployTarget;
use tugboat_compose::{load, LoadOptions, Source};
use tugboat_engine::swarm::stack::{StackInput, NAMESPACE};
use tugboat_engine::Engine;
use tugboat_testkit::swarm::SwarmLease;

const SERVICES: usize = 20;

struct Disk;

impl Source for Disk {
    fn read(&self, path: &Path) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    }
    fn exists(&self, path: &Path) -> bool {
        path.is_file()
    }
}

fn stack(image: &str) -> String {
    let mut text = String::from("services:\n");
    for i in 0..SERVICES {
        text.push_str(&format!(
            "  s{i:02}:\n    image: {image}\n    command: [httpd, -f, -p, '80']\n    networks: [back]\n    environment:\n      ROLE: bench\n"
        ));
        if i == 0 {
            text.push_str("    secrets: [token]\n");
        }
    }
    text.push_str("networks:\n  back: {}\nsecrets:\n  token:\n    file: ./token.txt\n");
    text
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// `docker stack rm`, then waits until no service, network or secret of `stack` is left.
fn remove(lease: &SwarmLease, stack: &str) {
    lease.cli().run(&["stack", "rm", stack]);
    let label = format!("label={NAMESPACE}={stack}");
    let until = Instant::now() + Duration::from_secs(60);
    while ["service", "network", "secret"].iter().any(|k| {
        !lease
            .cli()
            .lines(&[k, "ls", "--filter", &label, "-q"])
            .is_empty()
    }) {
        assert!(Instant::now() < until, "{stack} was not removed");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[tokio::main]
async fn main() {
    let image = std::env::var("TUGBOAT_FIXTURE_IMAGE")
        .unwrap_or_else(|_| "tugboat-fixture/busybox:1".into());
    let runs: usize = std::env::var("TUGBOAT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(3);
    let lease = SwarmLease::single_node_async().await;
    let engine = Engine::connect(lease.host()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("token.txt"), "bench").unwrap();
    let file = dir.path().join("compose.yaml");
    std::fs::write(&file, stack(&image)).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();

    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for round in 0..runs {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let mine = format!("bench-a{}", &id[..8]);
        let cli = format!("bench-b{}", &id[..8]);
        let sides: [bool; 2] = if round % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        };
        for tugboat in sides {
            if tugboat {
                let t = Instant::now();
                let options = LoadOptions {
                    path: Some(file.display().to_string()),
                    project_name: Some(mine.clone()),
                    target: DeployTarget::Swarm,
                    ..LoadOptions::default()
                };
                let loaded = load(&text, &options, &Disk);
                let model = loaded.model.expect("the bench stack loads");
                let parts = loaded.stack.expect("stack parts");
                let input = StackInput {
                    model: &model,
                    parts: &parts,
                    stack: &mine,
                    prune: false,
                };
                let outcome = engine
                    .stack_deploy(&input, &CancellationToken::new(), &mut |_| {})
                    .await
                    .unwrap();
                ours.push(t.elapsed().as_secs_f64());
                assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
                remove(&lease, &mine);
            } else {
                let t = Instant::now();
                lease
                    .cli()
                    .run(&["stack", "deploy", "-c", &file.display().to_string(), &cli]);
                theirs.push(t.elapsed().as_secs_f64());
                remove(&lease, &cli);
            }
        }
    }
    let (a, b) = (median(ours.clone()), median(theirs.clone()));
    println!("stack deploy, {SERVICES} services + network + secret, {runs} runs each (medians):");
    println!("  Tugboat (load + deploy)  {:>7.2} s   runs {ours:.2?}", a);
    println!(
        "  docker stack deploy      {:>7.2} s   runs {theirs:.2?}",
        b
    );
    println!("  ratio                    {:>7.2}×", a / b);
}
