//! The swarm lists with many services and tasks: Tugboat's engine code behind `service_list`
//! (`Engine::services`) and `service_tasks` (`Engine::service_tasks(None, false)`) beside the
//! raw API calls they make (`GET /services?status=true`, `GET /tasks` filtered to
//! desired-state=running, in-process) and the CLI's `docker service ls` / `docker service ps`,
//! in the same run, on the swarm test engine (a single-node swarm under a `SwarmLease`).
//! Setup (not timed): TUGBOAT_BENCH_SERVICES (default 100) services of the fixture image running
//! `sleep 3600` with TUGBOAT_BENCH_REPLICAS (default 10) replicas each, created with the CLI and
//! waited on until every task runs; then TUGBOAT_BENCH_RUNS (default 5) rounds, each side timed
//! once per round, the order of the sides rotating; medians printed. The services are removed
//! (and their containers waited out) before the lease leaves the swarm.
//! Run alone: `cargo bench --profile dev --bench swarm_lists` with the test env
//! (TUGBOAT_TEST_SWARM_HOST). Tasks without a network join the engine's default bridge: on a /24
//! past ~250 running task containers the rest fail with "no available IPv4 addresses" and never
//! converge, so scripts/test-swarm-engine.sh gives its engine a /20 bridge (4,094 addresses).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use std::time::{Duration, Instant};
use tugboat_engine::Engine;
use tugboat_testkit::raw::raw_get;
use tugboat_testkit::swarm::SwarmLease;

/// The label every bench service and its containers carry, valued with this run's id.
const LABEL: &str = "dev.tugboat.bench.swarm";

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// Polls `done` every second until it holds or `limit` passes; how long it took.
async fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "{what}: not done after {limit:?}");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    start.elapsed()
}

/// The bench's services: removed when dropped (also when a step panics), and their containers
/// waited out, so that leaving the swarm (when the lease drops after this) does not race a
/// thousand container stops.
struct BenchServices<'a> {
    cli: &'a tugboat_testkit::Cli,
    names: Vec<String>,
    filter: String,
}

impl Drop for BenchServices<'_> {
    /// Ten services at a time, each batch's containers waited out before the next: stopping a
    /// thousand at once took the swarm test engine down (seen twice on 2 cores: "tried to kill
    /// container, but did not receive an exit event", then dockerd gone).
    fn drop(&mut self) {
        let t = Instant::now();
        let limit = Duration::from_secs(10 * 60);
        let left = || {
            self.cli
                .lines(&["ps", "-aq", "--filter", &self.filter])
                .len()
        };
        let per_service = left().div_ceil(self.names.len().max(1));
        let mut remaining = self.names.len();
        for chunk in self.names.chunks(10) {
            let mut rm: Vec<&str> = vec!["service", "rm"];
            rm.extend(chunk.iter().map(String::as_str));
            // Some may not exist when setup stopped early.
            let _ = self.cli.try_run(&rm);
            remaining -= chunk.len();
            while left() > remaining * per_service {
                if t.elapsed() > limit {
                    println!("cleanup: containers still there after {limit:?}");
                    return;
                }
                std::thread::sleep(Duration::from_millis(500));
            }
        }
        println!(
            "cleanup: services removed, containers gone in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
}

#[tokio::main]
async fn main() {
    let image = std::env::var("TUGBOAT_FIXTURE_IMAGE")
        .unwrap_or_else(|_| "tugboat-fixture/busybox:1".into());
    let services = env_number("TUGBOAT_BENCH_SERVICES", 100);
    let replicas = env_number("TUGBOAT_BENCH_REPLICAS", 10);
    let runs = env_number("TUGBOAT_BENCH_RUNS", 5).max(3);
    let total = services * replicas;

    let lease = SwarmLease::single_node_async().await;
    let cli = lease.cli();
    let engine = Engine::connect(lease.host()).await.unwrap();
    let socket = lease
        .host()
        .strip_prefix("unix://")
        .unwrap_or(lease.host())
        .to_owned();
    let id = uuid::Uuid::new_v4().simple().to_string();
    let run_id = &id[..8];
    let label = format!("{LABEL}={run_id}");
    let filter = format!("label={label}");

    // Setup: detached creates return once the engine accepted the service; the tasks start
    // after, so convergence is waited on separately.
    let t = Instant::now();
    let bench = BenchServices {
        cli,
        names: (0..services)
            .map(|i| format!("bench-{run_id}-{i:03}"))
            .collect(),
        filter: filter.clone(),
    };
    let names = &bench.names;
    for name in names {
        cli.run(&[
            "service",
            "create",
            "--detach",
            "--quiet",
            "--name",
            name,
            "--label",
            &label,
            "--container-label",
            &label,
            "--replicas",
            &replicas.to_string(),
            "--stop-grace-period",
            "1s",
            &image,
            "sleep",
            "3600",
        ]);
    }
    let created = t.elapsed();
    let mut failed_args: Vec<&str> = vec![
        "service",
        "ps",
        "--no-trunc",
        "--filter",
        "desired-state=shutdown",
        "--format",
        "{{.Name}}: {{.Error}}",
    ];
    failed_args.extend(names.iter().map(String::as_str));
    let converged = wait_until(
        &format!("{total} tasks running"),
        Duration::from_secs(env_number("TUGBOAT_BENCH_CONVERGE_SECS", 15 * 60) as u64),
        || {
            // A fresh service's task is only shut down when it failed (and the swarm then
            // retries it forever): say why at once instead of waiting out the limit.
            let failed = cli.lines(&failed_args);
            assert!(
                failed.is_empty(),
                "{} bench tasks failed, e.g. {}",
                failed.len(),
                failed[0]
            );
            cli.lines(&[
                "ps",
                "-q",
                "--filter",
                &filter,
                "--filter",
                "status=running",
            ])
            .len()
                >= total
        },
    )
    .await;
    println!(
        "setup: {services} services × {replicas} replicas = {total} tasks; created in {:.1} s, all running {:.1} s later",
        created.as_secs_f64(),
        converged.as_secs_f64()
    );

    let tasks_path = "/tasks?filters=%7B%22desired-state%22%3A%5B%22running%22%5D%7D";
    let mut sides: Vec<(&str, Vec<f64>)> = [
        "Tugboat service_list (Engine::services)",
        "raw GET /services?status=true",
        "docker service ls",
        "Tugboat service_tasks (all, no history)",
        "raw GET /tasks (desired-state=running)",
        "docker service ps (all services)",
    ]
    .into_iter()
    .map(|name| (name, Vec::new()))
    .collect();
    let mut ps_args: Vec<&str> = vec!["service", "ps", "--filter", "desired-state=running"];
    ps_args.extend(names.iter().map(String::as_str));

    for round in 0..runs {
        for k in 0..sides.len() {
            let side = (k + round) % sides.len();
            let t = Instant::now();
            match side {
                0 => {
                    let rows = engine.services().await.unwrap();
                    let elapsed = ms(t);
                    let ours = rows.iter().filter(|r| r.name.starts_with("bench-")).count();
                    assert!(ours >= services, "service_list saw {ours} bench services");
                    sides[side].1.push(elapsed);
                }
                1 => {
                    raw_get(&socket, "/services?status=true");
                    sides[side].1.push(ms(t));
                }
                2 => {
                    let lines = cli.lines(&["service", "ls"]);
                    sides[side].1.push(ms(t));
                    assert!(lines.len() > services, "docker service ls: {}", lines.len());
                }
                3 => {
                    let rows = engine.service_tasks(None, false).await.unwrap();
                    let elapsed = ms(t);
                    assert!(
                        rows.len() >= total,
                        "service_tasks saw {} tasks",
                        rows.len()
                    );
                    sides[side].1.push(elapsed);
                }
                4 => {
                    raw_get(&socket, tasks_path);
                    sides[side].1.push(ms(t));
                }
                _ => {
                    let lines = cli.lines(&ps_args);
                    sides[side].1.push(ms(t));
                    assert!(lines.len() > total, "docker service ps: {}", lines.len());
                }
            }
        }
    }

    println!("swarm lists, {services} services, {total} running tasks, {runs} rounds (medians):");
    for pair in sides.chunks(3) {
        let ours = median(pair[0].1.clone());
        for (name, xs) in pair {
            println!(
                "  {name:<42} {:>8.1} ms   runs {xs:.1?}",
                median(xs.clone())
            );
        }
        println!(
            "  ratio to raw {:.2}×, to the CLI {:.2}×",
            ours / median(pair[1].1.clone()),
            ours / median(pair[2].1.clone())
        );
    }

    drop(bench);
}
