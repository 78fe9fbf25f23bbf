//! The terminal benchmark: keystroke → echo round trip through the app's session code
//! (`Engine::exec_open` + `TerminalSession::run`, the code behind `container_exec` and
//! `exec_input`), beside `docker exec -i` with the same input, measured in the same run. Run
//! through `scripts/bench.sh` (or alone: `cargo bench --bench exec` with
//! TUGBOAT_TEST_DOCKER_HOST set). `TUGBOAT_BENCH_KEYS` keystrokes (default 300) each way.
//!
//! Both sides run `cat` in the same container and wait for each byte to come back before the
//! next is sent. The app's side runs it on a TTY set raw and without echo (`stty raw -echo`),
//! so the byte that returns is cat's, as on the CLI's side, which has no TTY at all (`-i`
//! only: the bench has no terminal to give `-t`). What is timed is the session code's path, not
//! the IPC to the window or xterm.js's paint.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tugboat_engine::Engine;
use tugboat_runspec::exec_spec::ExecRequest;

const BENCH_LABEL: &str = "dev.tugboat.bench.exec";

fn stats(mut xs: Vec<f64>) -> (f64, f64) {
    xs.sort_by(|a, b| a.total_cmp(b));
    let pick = |q: f64| xs[((xs.len() as f64 - 1.0) * q).round() as usize];
    (pick(0.5), pick(0.95))
}

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

/// Keystroke → echo through the app's session code.
async fn ours(engine: &Engine, container: &str, keys: usize) -> Vec<f64> {
    let request = ExecRequest {
        cmd: ["sh", "-c", "stty raw -echo; echo ready; exec cat"]
            .map(String::from)
            .to_vec(),
        cols: 80,
        rows: 24,
        ..Default::default()
    };
    let session = engine.exec_open(container, request).await.unwrap();
    let (typed_tx, typed_rx) = mpsc::channel(16);
    let (screen_tx, mut screen_rx) = mpsc::unbounded_channel::<Vec<u8>>();
    let cancel = CancellationToken::new();
    let running = tokio::spawn({
        let cancel = cancel.clone();
        async move {
            session
                .run(typed_rx, &cancel, |b| screen_tx.send(b.to_vec()).is_ok())
                .await
        }
    });
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains("ready") {
        seen.extend(screen_rx.recv().await.unwrap());
    }
    let mut times = Vec::with_capacity(keys);
    for _ in 0..keys {
        let t = Instant::now();
        typed_tx.send(b"x".to_vec()).await.unwrap();
        let mut got = Vec::new();
        while !got.contains(&b'x') {
            got.extend(
                tokio::time::timeout(Duration::from_secs(10), screen_rx.recv())
                    .await
                    .expect("the echo within 10 s")
                    .unwrap(),
            );
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    cancel.cancel();
    let _ = running.await;
    times
}

/// Keystroke → echo through `docker exec -i NAME cat`.
async fn cli(host: &str, container: &str, keys: usize) -> Vec<f64> {
    let mut child = tokio::process::Command::new("docker")
        .args(["exec", "-i", container, "cat"])
        .env("DOCKER_HOST", host)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    // The first byte also waits for the CLI to start and attach: warm up before timing.
    stdin.write_all(b"w").await.unwrap();
    let mut one = [0u8; 1];
    stdout.read_exact(&mut one).await.unwrap();
    let mut times = Vec::with_capacity(keys);
    for _ in 0..keys {
        let t = Instant::now();
        stdin.write_all(b"x").await.unwrap();
        stdin.flush().await.unwrap();
        tokio::time::timeout(Duration::from_secs(10), stdout.read_exact(&mut one))
            .await
            .expect("the echo within 10 s")
            .unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    drop(stdin);
    let _ = child.wait().await;
    times
}

#[tokio::main]
async fn main() {
    let host = std::env::var("TUGBOAT_TEST_DOCKER_HOST")
        .unwrap_or_else(|_| "unix:///var/run/docker.sock".into());
    let image = std::env::var("TUGBOAT_FIXTURE_IMAGE")
        .unwrap_or_else(|_| "tugboat-fixture/busybox:1".into());
    let keys: usize = std::env::var("TUGBOAT_BENCH_KEYS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let name = format!("tugboat-bench-exec-{}", std::process::id());
    docker(
        &host,
        &[
            "run",
            "-d",
            "--name",
            &name,
            "--label",
            "dev.tugboat.bench=1",
            "--label",
            BENCH_LABEL,
            &image,
            "sleep",
            "3600",
        ],
    );
    let engine = Engine::connect(&host).await.unwrap();
    // Warm both paths once (image layers, the engine's exec machinery), then time them
    // alternately so neither gets the quieter moment.
    let _ = ours(&engine, &name, 5).await;
    let _ = cli(&host, &name, 5).await;
    let mut app_times = Vec::new();
    let mut cli_times = Vec::new();
    for _ in 0..3 {
        app_times.extend(ours(&engine, &name, keys / 3).await);
        cli_times.extend(cli(&host, &name, keys / 3).await);
    }
    docker(&host, &["rm", "-f", &name]);
    let (a50, a95) = stats(app_times.clone());
    let (c50, c95) = stats(cli_times.clone());
    println!(
        "exec keystroke → echo ({} keys each)  app session: median {a50:>6.2} ms  p95 {a95:>6.2}  | docker exec -i: median {c50:>6.2} ms  p95 {c95:>6.2}  | ratio {:.2}",
        app_times.len(),
        a50 / c50
    );
}
