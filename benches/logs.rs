//! The logs benchmarks, each printed beside a baseline measured in the same run. Run through
//! `scripts/bench.sh` (or alone: `cargo bench --bench logs` with TUGBOAT_TEST_DOCKER_HOST set).
//! The containers made here are labelled `dev.tugboat.bench=logs` and removed at the end.
//!
//! Figures:
//! - ingest: a flood container (busybox `seq`, as fast as it can, on one CPU) followed by the
//!   app's pipeline (`logs::feed::follow`, every batch serialized to JSON as the channel does)
//!   for `TUGBOAT_BENCH_LOGS_SECS` (default 60), beside `docker logs -f` on the same flood for
//!   a fifth of that; lines/s read by each, what the pipeline delivered and dropped, and its
//!   ring's bytes and the process's RSS sampled every second (the cap must hold).
//! - first screen: `follow(tail: 500)` to the first batch on a container whose log is
//!   `TUGBOAT_BENCH_LOG_MB` (default 1024) MB of text, beside `docker logs --tail 500`.
//! - churn: `TUGBOAT_BENCH_LOGS_ROUNDS` (default 10) rounds of 100 streams (50 logs follows,
//!   50 stats streams, over 10 running containers) opened, each waiting for its first data,
//!   then cancelled: 1,000 opens and closes; open fds (/proc/self/fd) and live tokio tasks
//!   before and after.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use futures_util::StreamExt;
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use tugboat_engine::logs::feed::{follow, FeedLimits, FeedStats};
use tugboat_engine::logs::LogsRequest;
use tugboat_engine::Engine;

const BENCH_LABEL: &str = "dev.tugboat.bench";

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

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
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn run(host: &str, name: &str, options: &[&str], script: &str) -> String {
    let image = std::env::var("TUGBOAT_FIXTURE_IMAGE")
        .unwrap_or_else(|_| "tugboat-fixture/busybox:1".into());
    let label = format!("{BENCH_LABEL}=logs");
    let mut args = vec!["run", "-d", "--name", name, "--label", &label];
    args.extend_from_slice(options);
    args.extend_from_slice(&[&image, "sh", "-c", script]);
    docker(host, &args)
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

fn median(mut xs: Vec<f64>) -> (f64, f64) {
    xs.sort_by(|a, b| a.total_cmp(b));
    let pick = |q: f64| xs[((xs.len() as f64 - 1.0) * q).round() as usize];
    (pick(0.5), pick(0.95))
}

fn request(id: &str, tail: Option<u32>, follow: bool) -> LogsRequest {
    LogsRequest {
        ids: vec![id.to_owned()],
        tail,
        since: None,
        until: None,
        follow,
    }
}

/// `docker logs -f --tail 0 NAME` for `secs`: lines per second it printed.
fn cli_follow_rate(host: &str, name: &str, secs: u64) -> f64 {
    let mut child = Command::new("docker")
        .args(["logs", "-f", "--tail", "0", name])
        .env("DOCKER_HOST", host)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let lines = Arc::new(AtomicU64::new(0));
    let counted = lines.clone();
    let reader = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 {
                break;
            }
            counted.fetch_add(
                buf[..n].iter().filter(|b| **b == b'\n').count() as u64,
                Ordering::Relaxed,
            );
        }
    });
    // Let it reach the live end first, then count for `secs`.
    std::thread::sleep(Duration::from_secs(1));
    let start_lines = lines.load(Ordering::Relaxed);
    let start = Instant::now();
    std::thread::sleep(Duration::from_secs(secs));
    let got = lines.load(Ordering::Relaxed) - start_lines;
    let elapsed = start.elapsed().as_secs_f64();
    child.kill().ok();
    child.wait().ok();
    reader.join().ok();
    got as f64 / elapsed
}

async fn ingest(engine: &Engine, host: &str) {
    let secs = env_num("TUGBOAT_BENCH_LOGS_SECS", 60);
    let name = format!("bench-logs-flood-{}", std::process::id());
    // Rotated small so the flood cannot fill the engine's disk; one CPU so the box stays usable.
    let id = run(
        host,
        &name,
        &[
            "--cpus",
            "1",
            "--log-opt",
            "max-size=50m",
            "--log-opt",
            "max-file=2",
        ],
        "seq 1 2000000000",
    );
    tokio::time::sleep(Duration::from_secs(1)).await;

    let stats = Arc::new(FeedStats::default());
    let cancel = CancellationToken::new();
    let delivered = Arc::new(AtomicU64::new(0));
    let json_bytes = Arc::new(AtomicU64::new(0));
    let feed = {
        let (engine, stats, cancel, delivered, json_bytes, id) = (
            engine.clone(),
            stats.clone(),
            cancel.clone(),
            delivered.clone(),
            json_bytes.clone(),
            id.clone(),
        );
        tokio::spawn(async move {
            follow(
                &engine,
                &request(&id, Some(0), true),
                FeedLimits::default(),
                stats,
                &cancel,
                move |batch| {
                    // What the channel does with each batch.
                    let json = serde_json::to_string(&batch).unwrap();
                    json_bytes.fetch_add(json.len() as u64, Ordering::Relaxed);
                    delivered.fetch_add(batch.lines.len() as u64, Ordering::Relaxed);
                    true
                },
            )
            .await
        })
    };
    let rss_before = rss_kib();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let read0 = stats.read.load(Ordering::Relaxed);
    let start = Instant::now();
    let mut peak_rss = 0;
    let mut rss_samples = Vec::new();
    for _ in 0..secs {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let r = rss_kib();
        peak_rss = peak_rss.max(r);
        rss_samples.push(r);
    }
    let read = stats.read.load(Ordering::Relaxed) - read0;
    let elapsed = start.elapsed().as_secs_f64();
    cancel.cancel();
    let _ = feed.await;
    let ours = read as f64 / elapsed;
    let cli_secs = (secs / 5).max(5);
    let cli = tokio::task::spawn_blocking({
        let (host, name) = (host.to_owned(), name.clone());
        move || cli_follow_rate(&host, &name, cli_secs)
    })
    .await
    .unwrap();
    docker(host, &["rm", "-f", &name]);
    let last_rss = *rss_samples.last().unwrap_or(&0);
    println!(
        "ingest (flood, {secs} s)                 app pipeline {:>10.0} lines/s read | docker logs -f ({cli_secs} s) {:>10.0} lines/s | ratio {:.2}",
        ours,
        cli,
        ours / cli
    );
    println!(
        "  delivered to the view {:>10.0} lines/s ({} lines, {:.1} MB of JSON), dropped {} lines ({:.1} %)",
        delivered.load(Ordering::Relaxed) as f64 / elapsed,
        delivered.load(Ordering::Relaxed),
        json_bytes.load(Ordering::Relaxed) as f64 / 1e6,
        stats.skipped.load(Ordering::Relaxed),
        100.0 * stats.skipped.load(Ordering::Relaxed) as f64 / read.max(1) as f64,
    );
    println!(
        "  ring peak {:.1} MB (cap 16 MB, 20,000 lines); RSS before {:.1} MB, peak {:.1} MB, last {:.1} MB (sampled every s)",
        stats.peak_ring_bytes.load(Ordering::Relaxed) as f64 / 1e6,
        rss_before as f64 / 1024.0,
        peak_rss as f64 / 1024.0,
        last_rss as f64 / 1024.0,
    );
}

async fn first_screen(engine: &Engine, host: &str) {
    let mb = env_num("TUGBOAT_BENCH_LOG_MB", 1024);
    let name = format!("bench-logs-big-{}", std::process::id());
    // 100-byte lines (a number padded with text): mb MB of log text.
    let lines = mb * 1024 * 1024 / 100;
    // busybox seq has no -f: awk prints the numbered, padded lines.
    let script = format!(
        "awk 'BEGIN {{ for (i = 1; i <= {lines}; i++) printf \"%010d %s\\n\", i, \"{pad}\" }}'; sleep 3600",
        pad = "x".repeat(88)
    );
    let t = Instant::now();
    let id = run(host, &name, &[], &script);
    // Written once the last line is in the log.
    loop {
        let last = docker(host, &["logs", "--tail", "1", &name]);
        if last.starts_with(&format!("{lines:010}")) {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(1800),
            "the log was not written within 30 minutes; last line: {last}"
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    println!(
        "first screen: a log of {mb} MB of text ({lines} lines) written in {:.0} s",
        t.elapsed().as_secs_f64()
    );
    let runs = 5;
    let mut ours = Vec::new();
    let mut cli = Vec::new();
    for _ in 0..runs {
        let cancel = CancellationToken::new();
        let start = Instant::now();
        let first = Arc::new(std::sync::Mutex::new(None::<(f64, usize)>));
        let seen = first.clone();
        let stop = cancel.clone();
        let _ = follow(
            engine,
            &request(&id, Some(500), true),
            FeedLimits::default(),
            Arc::new(FeedStats::default()),
            &cancel,
            move |batch| {
                seen.lock()
                    .unwrap()
                    .get_or_insert((start.elapsed().as_secs_f64() * 1000.0, batch.lines.len()));
                stop.cancel();
                true
            },
        )
        .await;
        let (ms, n) = first.lock().unwrap().expect("a first batch");
        assert!(n > 0);
        ours.push(ms);
        let t = Instant::now();
        let out = docker(host, &["logs", "--tail", "500", &name]);
        cli.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(out.lines().count(), 500);
    }
    docker(host, &["rm", "-f", &name]);
    let (o, op) = median(ours);
    let (c, cp) = median(cli);
    println!(
        "first screen (tail 500 of {mb} MB)       app first batch median {o:>7.1} ms p95 {op:>7.1} | docker logs --tail 500 median {c:>7.1} ms p95 {cp:>7.1} | target <= 200 ms"
    );
}

async fn churn(engine: &Engine, host: &str) {
    let rounds = env_num("TUGBOAT_BENCH_LOGS_ROUNDS", 10);
    let names: Vec<String> = (0..10)
        .map(|i| format!("bench-logs-churn-{}-{i}", std::process::id()))
        .collect();
    for n in &names {
        run(host, n, &[], "while true; do echo tick; sleep 0.2; done");
    }
    let handle = tokio::runtime::Handle::current();
    // Warm-up: the HTTP client's pool and the runtime's workers exist before counting.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (fds_before, tasks_before) = (open_fds(), handle.metrics().num_alive_tasks());
    let t = Instant::now();
    for _ in 0..rounds {
        let mut streams = Vec::new();
        for i in 0..100 {
            let cancel = CancellationToken::new();
            let (first_tx, first_rx) = tokio::sync::oneshot::channel::<()>();
            let id = names[i % names.len()].clone();
            let engine = engine.clone();
            let stop = cancel.clone();
            let task = if i % 2 == 0 {
                tokio::spawn(async move {
                    let mut first = Some(first_tx);
                    let _ = follow(
                        &engine,
                        &request(&id, Some(5), true),
                        FeedLimits::default(),
                        Arc::new(FeedStats::default()),
                        &stop,
                        move |_| {
                            if let Some(tx) = first.take() {
                                let _ = tx.send(());
                            }
                            true
                        },
                    )
                    .await;
                })
            } else {
                tokio::spawn(async move {
                    let mut samples = std::pin::pin!(engine.stats(&id));
                    let mut first = Some(first_tx);
                    loop {
                        tokio::select! {
                            _ = stop.cancelled() => break,
                            s = samples.next() => match s {
                                Some(_) => { if let Some(tx) = first.take() { let _ = tx.send(()); } }
                                None => break,
                            },
                        }
                    }
                })
            };
            streams.push((cancel, first_rx, task));
        }
        for (_, first, _) in &mut streams {
            tokio::time::timeout(Duration::from_secs(30), first)
                .await
                .expect("each stream's first data within 30 s")
                .ok();
        }
        for (cancel, _, task) in streams {
            cancel.cancel();
            task.await.unwrap();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    // Connections the pool keeps idle close after its timeout; give them the time.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (fds_after, tasks_after) = (open_fds(), handle.metrics().num_alive_tasks());
    for n in &names {
        docker(host, &["rm", "-f", n]);
    }
    println!(
        "churn: {} streams opened and closed ({rounds} rounds of 100: 50 logs, 50 stats) in {secs:.0} s | open fds before {fds_before}, after {fds_after} | tokio tasks before {tasks_before}, after {tasks_after}",
        rounds * 100
    );
}

#[tokio::main]
async fn main() {
    let host = std::env::var("TUGBOAT_TEST_DOCKER_HOST")
        .expect("TUGBOAT_TEST_DOCKER_HOST: the engine to measure against");
    let engine = Engine::connect(&host).await.expect("the test engine");
    let only = std::env::var("TUGBOAT_BENCH_ONLY").unwrap_or_default();
    if only.is_empty() || only == "ingest" {
        ingest(&engine, &host).await;
    }
    if only.is_empty() || only == "first" {
        first_screen(&engine, &host).await;
    }
    if only.is_empty() || only == "churn" {
        churn(&engine, &host).await;
    }
}
