//! The stats benchmark: 100 running containers followed at once through the app's stats code
//! (`Engine::stats`, what `stats_follow` pumps to the window), printed beside `docker stats
//! --no-stream` on the same 100 in the same run. Run alone against the test engine
//! (`cargo bench --bench stats` with TUGBOAT_TEST_DOCKER_HOST set); the containers are labelled
//! `dev.tugboat.bench.stats` and removed at the end.
//!
//! Figures:
//! - time to the first value for all 100: every stream opened at once, the time until the last
//!   of them has given its first sample (and the median stream), beside the wall time of `docker
//!   stats --no-stream` naming the same 100.
//! - CPU of this process while it follows all 100 for 30 s: user + system time from
//!   /proc/self/stat over the wall time, as a percent of one core. The app does the same work
//!   per sample plus one IPC message; this measures the stats code, not the window's drawing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use futures_util::StreamExt;
use std::process::Command;
use std::time::{Duration, Instant};
use tugboat_engine::Engine;

const BENCH_LABEL: &str = "dev.tugboat.bench.stats";
const CONTAINERS: usize = 100;
const RUNS: usize = 3;
const FOLLOW: Duration = Duration::from_secs(30);

fn docker(host: &str, args: &[&str]) -> String {
    let out = Command::new("docker")
        .args(args)
        .env("DOCKER_HOST", host)
        .output()
        .expect("docker CLI");
    assert!(
        out.status.success(),
        "docker {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

/// This process's user + system CPU time, in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    // Fields after the command name (which may hold spaces) start at state, field 3.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    let tck: f64 = String::from_utf8(
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .trim()
    .parse()
    .unwrap();
    ticks / tck
}

fn remove_ours(host: &str) {
    let ids = docker(
        host,
        &["ps", "-aq", "--filter", &format!("label={BENCH_LABEL}")],
    );
    let ids: Vec<&str> = ids.split_whitespace().collect();
    for chunk in ids.chunks(50) {
        let mut args = vec!["rm", "-f"];
        args.extend_from_slice(chunk);
        docker(host, &args);
    }
}

/// Opens a stream per container at once; the time until each gives its first sample (ms).
async fn first_values(engine: &Engine, names: &[String]) -> Vec<f64> {
    let start = Instant::now();
    let tasks: Vec<_> = names
        .iter()
        .map(|name| {
            let stream = engine.stats(name);
            tokio::spawn(async move {
                let mut stream = std::pin::pin!(stream);
                let first = stream.next().await;
                assert!(matches!(first, Some(Ok(_))), "{first:?}");
                start.elapsed().as_secs_f64() * 1000.0
            })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

#[tokio::main]
async fn main() {
    let host = std::env::var("TUGBOAT_TEST_DOCKER_HOST").expect("TUGBOAT_TEST_DOCKER_HOST");
    let image = std::env::var("TUGBOAT_FIXTURE_IMAGE")
        .unwrap_or_else(|_| "tugboat-fixture/busybox:1".to_owned());
    remove_ours(&host);
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let names: Vec<String> = (0..CONTAINERS)
        .map(|i| format!("tugboat-bench-stats-{}-{i}", &tag[..8]))
        .collect();
    // Made four at a time: the CLI's start-up dominates one by one.
    let made = Instant::now();
    std::thread::scope(|s| {
        for part in names.chunks(CONTAINERS / 4) {
            let host = &host;
            let image = &image;
            s.spawn(move || {
                for name in part {
                    docker(
                        host,
                        &[
                            "run",
                            "-d",
                            "--name",
                            name,
                            "--label",
                            BENCH_LABEL,
                            image,
                            "sleep",
                            "3600",
                        ],
                    );
                }
            });
        }
    });
    println!(
        "{CONTAINERS} running containers made in {:.1} s",
        made.elapsed().as_secs_f64()
    );
    let engine = Engine::connect(&host).await.unwrap();

    let mut ours_last = Vec::new();
    let mut ours_median = Vec::new();
    let mut cli = Vec::new();
    for _ in 0..RUNS {
        let firsts = first_values(&engine, &names).await;
        ours_last.push(firsts.iter().copied().fold(0.0, f64::max));
        ours_median.push(median(firsts));
        let mut args = vec!["stats", "--no-stream", "--format", "{{.Name}} {{.CPUPerc}}"];
        args.extend(names.iter().map(String::as_str));
        let t = Instant::now();
        let printed = docker(&host, &args);
        cli.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(printed.lines().count(), CONTAINERS, "{printed}");
    }
    println!(
        "first value, all {CONTAINERS} (Engine::stats)  median of {RUNS} runs {:>7.0} ms (per stream median {:>5.0} ms) | docker stats --no-stream (same {CONTAINERS}) median {:>7.0} ms | ratio {:.2}",
        median(ours_last.clone()),
        median(ours_median),
        median(cli.clone()),
        median(ours_last) / median(cli)
    );

    // Following all of them for 30 s: this process's CPU.
    let samples = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let cpu_before = cpu_seconds();
    let wall = Instant::now();
    let tasks: Vec<_> = names
        .iter()
        .map(|name| {
            let stream = engine.stats(name);
            let samples = samples.clone();
            tokio::spawn(async move {
                let mut stream = std::pin::pin!(stream);
                let until = tokio::time::sleep(FOLLOW);
                tokio::pin!(until);
                loop {
                    tokio::select! {
                        _ = &mut until => break,
                        next = stream.next() => match next {
                            Some(Ok(s)) => {
                                // What the command does with each: serialise it for the channel.
                                let _ = serde_json::to_string(&s).unwrap();
                                samples.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            }
                            other => panic!("stream ended: {other:?}"),
                        },
                    }
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let cpu = cpu_seconds() - cpu_before;
    let secs = wall.elapsed().as_secs_f64();
    println!(
        "following {CONTAINERS} for {:.0} s: {} samples, process CPU {:.1}% of one core ({:.2} s CPU)",
        secs,
        samples.load(std::sync::atomic::Ordering::Relaxed),
        cpu / secs * 100.0,
        cpu
    );
    remove_ours(&host);
}
