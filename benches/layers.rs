//! The layer explorer's benchmark, printed beside a baseline measured in the same run. Run
//! alone: `cargo bench --bench layers` (or `--profile dev` to skip a release build) with
//! TUGBOAT_TEST_DOCKER_HOST set. It builds an image of a few hundred MB from the fixture (three
//! RUN layers of random bytes, one of them deleted again by a fourth), labelled
//! `dev.tugboat.bench.layers` and removed at the end.
//!
//! Figures:
//! - analysis time (`Engine::image_layers`: `GET /images/<id>/get` walked as it streams,
//!   then the layers combined) beside `docker save <id> | tar -t > /dev/null`, the CLI reading
//!   the same archive's headers;
//! - peak memory of the analysis: this process's resident-set high-water mark (`VmHWM` in
//!   /proc/self/status), reset just before each run (`5` written to /proc/self/clear_refs), so
//!   the figure is the most this process held while analysing, set-up excluded.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;
use tokio_util::sync::CancellationToken;
use tugboat_engine::images::layers::Limits;
use tugboat_engine::Engine;

const BENCH_LABEL: &str = "dev.tugboat.bench.layers";
const RUNS: usize = 3;

/// Four RUNs: 100 MB, 100 MB, then the first deleted and 100 MB more.
const DOCKERFILE: &str = "FROM tugboat-fixture/busybox:1
RUN head -c 100000000 /dev/urandom > /r1
RUN head -c 100000000 /dev/urandom > /r2
RUN rm /r1 && head -c 100000000 /dev/urandom > /r3
";

fn docker(host: &str, args: &[&str]) -> String {
    let out = Command::new("docker")
        .args(args)
        .env("DOCKER_HOST", host)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "docker {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn build(host: &str, tag: &str) {
    let mut child = Command::new("docker")
        .args([
            "build",
            "-q",
            "--label",
            &format!("{BENCH_LABEL}=1"),
            "-t",
            tag,
            "-",
        ])
        .env("DOCKER_HOST", host)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(DOCKERFILE.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// This process's resident-set high-water mark, in kB.
fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
}

fn rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let host = std::env::var("TUGBOAT_TEST_DOCKER_HOST").expect("TUGBOAT_TEST_DOCKER_HOST");
    let tag = format!("tugboat-bench-layers-{}:1", std::process::id());
    build(&host, &tag);
    let id = docker(&host, &["image", "inspect", "--format", "{{.Id}}", &tag]);
    let size: f64 = docker(&host, &["image", "inspect", "--format", "{{.Size}}", &tag])
        .parse()
        .unwrap();
    let engine = Engine::connect(&host).await.unwrap();

    let mut ours = Vec::new();
    let mut peaks = Vec::new();
    let mut base_rss = Vec::new();
    let mut last = None;
    for _ in 0..RUNS {
        reset_peak();
        base_rss.push(rss_kb());
        let start = Instant::now();
        let a = engine
            .image_layers(&id, Limits::default(), &CancellationToken::new(), |_| {})
            .await
            .unwrap();
        ours.push(start.elapsed().as_secs_f64() * 1000.0);
        peaks.push(peak_kb());
        last = Some(a);
    }
    let mut theirs = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = Command::new("sh")
            .args(["-c", &format!("docker save {id} | tar -t > /dev/null")])
            .env("DOCKER_HOST", &host)
            .output()
            .unwrap();
        assert!(out.status.success());
        theirs.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let a = last.unwrap();
    println!(
        "image {tag}: {:.0} MB, {} layers, wasted {:.0} MB, score {:.3}",
        size / 1e6,
        a.layers.len(),
        a.wasted_bytes / 1e6,
        a.score
    );
    let (o, t) = (median(ours.clone()), median(theirs.clone()));
    println!(
        "layer analysis (Engine::image_layers)  median {o:>8.0} ms  | docker save | tar -t  median {t:>8.0} ms  | ratio {:.2}",
        o / t
    );
    println!("  runs: ours {ours:.0?} ms, baseline {theirs:.0?} ms");
    println!(
        "peak RSS while analysing (VmHWM, reset before each run): {:?} kB; resident before each run: {:?} kB",
        peaks, base_rss
    );
    let _ = Command::new("docker")
        .args(["rmi", "-f", &tag])
        .env("DOCKER_HOST", &host)
        .output();
}
