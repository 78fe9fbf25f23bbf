//! The volume benchmarks, each printed beside a baseline measured in the same run. Run through
//! `scripts/bench.sh` (or alone: `cargo bench --bench volumes` with TUGBOAT_TEST_DOCKER_HOST
//! set), against an engine holding `TUGBOAT_BENCH_VOLUMES` volumes (default 1,000; the ones
//! made here are labelled `dev.tugboat.bench.volumes` and removed at the end).
//!
//! Figures:
//! - the volume list as the keeper fills it (`Engine::volumes`: `GET /volumes` and `GET
//!   /containers/json?all=1` together, for who uses each volume), beside the raw `GET /volumes`
//!   timed in-process and `docker volume ls`.
//! - sizes on request (`Engine::volume_sizes`: `GET /system/df?type=volume`), beside `docker
//!   system df -v` and the raw call.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use std::process::Command;
use std::time::Instant;
use tugboat_engine::Engine;
use tugboat_runspec::volume_spec::VolumeForm;
use tugboat_runspec::LabelRow;

const BENCH_LABEL: &str = "dev.tugboat.bench.volumes";

fn stats(mut xs: Vec<f64>) -> (f64, f64, f64) {
    xs.sort_by(|a, b| a.total_cmp(b));
    let pick = |q: f64| xs[((xs.len() as f64 - 1.0) * q).round() as usize];
    (pick(0.0), pick(0.5), pick(0.95))
}

fn row(name: &str, ours: (f64, f64, f64), base_name: &str, base: (f64, f64, f64)) {
    println!(
        "{name:<34} median {:>8.1} ms  p95 {:>8.1}  | {base_name:<30} median {:>8.1} ms  p95 {:>8.1}  | ratio {:.2}",
        ours.1,
        ours.2,
        base.1,
        base.2,
        ours.1 / base.1
    );
}

/// A second baseline under the row before it.
fn also(base_name: &str, base: (f64, f64, f64)) {
    println!(
        "{:<34} {:>22}  | {base_name:<30} median {:>8.1} ms  p95 {:>8.1}",
        "", "", base.1, base.2
    );
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
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One raw GET on the engine's socket, in this process, reading the whole answer (HTTP/1.0:
/// the engine closes after the body).
fn raw_get(socket: &str, path: &str) -> usize {
    use std::io::{Read, Write};
    let mut stream = std::os::unix::net::UnixStream::connect(socket).expect("engine socket");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: docker\r\n\r\n").expect("send GET");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read the answer");
    assert!(
        answer.starts_with(b"HTTP/1.0 200") || answer.starts_with(b"HTTP/1.1 200"),
        "GET {path}: {}",
        String::from_utf8_lossy(&answer[..answer.len().min(200)])
    );
    answer.len()
}

fn time_ms(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64() * 1000.0
}

async fn time_async<F: std::future::Future>(f: F) -> (f64, F::Output) {
    let t = Instant::now();
    let out = f.await;
    (t.elapsed().as_secs_f64() * 1000.0, out)
}

/// Makes the engine hold at least `n` bench volumes; returns the names made here.
async fn ensure_volumes(engine: &Engine, host: &str, n: usize) -> Vec<String> {
    let have = docker(
        host,
        &[
            "volume",
            "ls",
            "-q",
            "--filter",
            &format!("label={BENCH_LABEL}"),
        ],
    )
    .lines()
    .count();
    let mut made = Vec::new();
    for i in have..n {
        let form = VolumeForm {
            name: format!("tugboat-bench-vol-{i:05}-{}", std::process::id()),
            labels: vec![LabelRow {
                key: BENCH_LABEL.into(),
                value: "1".into(),
            }],
            ..Default::default()
        };
        let spec = form.validate().expect("a valid bench volume");
        made.push(engine.volume_create(&spec).await.expect("create").name);
    }
    made
}

#[tokio::main]
async fn main() {
    let host = std::env::var("TUGBOAT_TEST_DOCKER_HOST")
        .expect("TUGBOAT_TEST_DOCKER_HOST is not set: run scripts/bench.sh");
    let socket = host
        .strip_prefix("unix://")
        .expect("a unix socket engine")
        .to_owned();
    let n: usize = std::env::var("TUGBOAT_BENCH_VOLUMES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let runs: usize = std::env::var("TUGBOAT_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let engine = Engine::connect(&host).await.expect("the test engine");
    let made = ensure_volumes(&engine, &host, n).await;
    let total = docker(&host, &["volume", "ls", "-q"]).lines().count();
    let api = engine.api_version();
    println!(
        "volumes: {total} on the engine ({n} for the bench, {} made now), {runs} runs",
        made.len()
    );

    let (mut ours, mut raw, mut cli) = (vec![], vec![], vec![]);
    for _ in 0..runs {
        let (ms, rows) = time_async(engine.volumes()).await;
        assert!(rows.expect("list").len() >= n);
        ours.push(ms);
        raw.push(time_ms(|| {
            raw_get(&socket, &format!("/v{api}/volumes"));
        }));
        cli.push(time_ms(|| {
            docker(&host, &["volume", "ls"]);
        }));
    }
    row(
        "volume list (keeper fill)",
        stats(ours),
        "raw GET /volumes",
        stats(raw),
    );
    also("docker volume ls", stats(cli));

    let (mut ours, mut raw, mut cli) = (vec![], vec![], vec![]);
    for _ in 0..runs {
        let (ms, sizes) = time_async(engine.volume_sizes()).await;
        assert!(sizes.expect("sizes").len() >= n);
        ours.push(ms);
        raw.push(time_ms(|| {
            raw_get(&socket, &format!("/v{api}/system/df?type=volume"));
        }));
        cli.push(time_ms(|| {
            docker(&host, &["system", "df", "-v"]);
        }));
    }
    row(
        "volume sizes on request",
        stats(ours),
        "docker system df -v",
        stats(cli),
    );
    also("raw GET /system/df?type=volume", stats(raw));

    // The volumes made here go; ones an earlier run left are the caller's.
    for name in made {
        let _ = engine.volume_remove(&name, false).await;
    }
}
