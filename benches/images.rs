//! The image list benchmark, printed beside baselines measured in the same run. Run alone:
//! `cargo bench --bench images` with TUGBOAT_TEST_DOCKER_HOST set.
//!
//! It loads `TUGBOAT_BENCH_IMAGES` images (default 5,000) with one `docker load`: a tarball
//! written here by hand in the classic `docker save` layout (one shared empty layer, and one
//! tiny config per image that differs only in a label, so each has its own id), which is far
//! faster than building or committing thousands of images. They are labelled
//! `dev.tugboat.bench.images` and removed at the end.
//!
//! Figures: the image list as the keeper fills it (`Engine::images`: `GET /images/json` and
//! `GET /containers/json?all=1` together, for how many containers use each image), beside the
//! raw `GET /images/json` timed in this process and `docker images`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use sha2::{Digest, Sha256};
use std::io::Write;
use std::process::Command;
use std::time::Instant;
use tugboat_engine::Engine;
use tugboat_testkit::raw::raw_get;

const BENCH_LABEL: &str = "dev.tugboat.bench.images";

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
        .expect("docker runs");
    assert!(
        out.status.success(),
        "docker {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn add(tar: &mut tar::Builder<impl Write>, path: &str, data: &[u8]) {
    let mut header = tar::Header::new_gnu();
    header.set_size(data.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(0);
    header.set_cksum();
    tar.append_data(&mut header, path, data).unwrap();
}

/// A `docker load` archive of `n` images sharing one empty layer: (path, run tag).
fn archive(n: usize, dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let run = uuid_like();
    let path = dir.join("images.tar");
    let file = std::fs::File::create(&path).unwrap();
    let mut tar = tar::Builder::new(std::io::BufWriter::new(file));
    // An empty tar: the layer every image has.
    let layer = vec![0u8; 1024];
    let diff_id = format!("sha256:{}", hex(&layer));
    add(&mut tar, "layer/layer.tar", &layer);
    let mut manifest = Vec::with_capacity(n);
    for i in 0..n {
        let config = serde_json::json!({
            "architecture": "amd64",
            "os": "linux",
            "created": "2024-01-01T00:00:00Z",
            "config": {
                "Cmd": ["true"],
                "Labels": { BENCH_LABEL: run, "dev.tugboat.bench.n": i.to_string() }
            },
            "rootfs": { "type": "layers", "diff_ids": [diff_id] },
            "history": [{ "created": "2024-01-01T00:00:00Z", "created_by": "tugboat bench" }]
        });
        let bytes = serde_json::to_vec(&config).unwrap();
        let name = format!("{}.json", hex(&bytes));
        add(&mut tar, &name, &bytes);
        manifest.push(serde_json::json!({
            "Config": name,
            "RepoTags": [format!("tugboat-bench/img-{run}-{i}:1")],
            "Layers": ["layer/layer.tar"],
        }));
    }
    add(
        &mut tar,
        "manifest.json",
        &serde_json::to_vec(&manifest).unwrap(),
    );
    tar.into_inner().unwrap().flush().unwrap();
    (path, run)
}

fn uuid_like() -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{:x}", t ^ u128::from(std::process::id()))
}

/// Removes the run's images (by label), in batches of 200 per `docker rmi`.
fn remove(host: &str, run: &str) {
    let filter = format!("label={BENCH_LABEL}={run}");
    let ids = docker(host, &["images", "-q", "--no-trunc", "--filter", &filter]);
    let mut ids: Vec<&str> = ids.lines().filter(|l| !l.is_empty()).collect();
    ids.sort_unstable();
    ids.dedup();
    for batch in ids.chunks(200) {
        let mut args = vec!["rmi", "-f"];
        args.extend_from_slice(batch);
        docker(host, &args);
    }
}

/// The raw list call again, measured beside the window's paints.
fn raw_again(socket: &str, runs: usize) -> Vec<f64> {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            raw_get(socket, "/images/json");
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

/// Waits for `css` in the page, up to a minute.
async fn wait_for(client: &fantoccini::Client, css: &str) -> fantoccini::elements::Element {
    let start = Instant::now();
    loop {
        if let Ok(e) = client.find(fantoccini::Locator::Css(css)).await {
            return e;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "{css} did not appear"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

/// Opens the Images view `runs` times (going home in between, so each opening loads anew) and
/// reads the page's own paint time of its first screen; returns the times and the row count.
async fn ui_paint(app: &str, host: &str, runs: usize) -> (Vec<f64>, String) {
    let tugboat_testkit::driver::Session {
        client, process, ..
    } = tugboat_testkit::driver::launch(std::path::Path::new(app), host).await;
    let c = &client;
    wait_for(c, "[data-testid='home-view']").await;
    let (mut painted, mut rows) = (Vec::new(), String::new());
    for _ in 0..runs {
        wait_for(c, "[data-testid='nav-home']")
            .await
            .click()
            .await
            .unwrap();
        wait_for(c, "[data-testid='home-view']").await;
        wait_for(c, "[data-testid='nav-images']")
            .await
            .click()
            .await
            .unwrap();
        let view = wait_for(c, "[data-testid='images-view'][data-painted-ms]").await;
        let ms = view
            .attr("data-painted-ms")
            .await
            .unwrap()
            .unwrap_or_default();
        rows = view
            .attr("data-painted-rows")
            .await
            .unwrap()
            .unwrap_or_default();
        painted.push(ms.parse::<f64>().expect("a paint time"));
    }
    client.close().await.ok();
    drop(process);
    (painted, rows)
}

fn main() {
    let host = std::env::var("TUGBOAT_TEST_DOCKER_HOST").expect("TUGBOAT_TEST_DOCKER_HOST");
    let socket = host.trim_start_matches("unix://").to_owned();
    let n: usize = std::env::var("TUGBOAT_BENCH_IMAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000);
    let runs = 15;
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let (path, run) = archive(n, dir.path());
    println!(
        "archive of {n} images written in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    docker(&host, &["load", "-q", "-i", path.to_str().unwrap()]);
    println!("docker load of it: {:.1} s", t.elapsed().as_secs_f64());

    let rt = tokio::runtime::Runtime::new().unwrap();
    let engine = rt.block_on(Engine::connect(&host)).expect("engine");
    let total = rt.block_on(engine.images()).unwrap().len();
    println!("{total} images on the engine, {runs} rounds");

    let (mut ours, mut raw, mut raw_both, mut cli) = (vec![], vec![], vec![], vec![]);
    for _ in 0..runs {
        let t = Instant::now();
        let rows = rt.block_on(engine.images()).unwrap();
        ours.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(rows.len() >= n);

        let t = Instant::now();
        raw_get(&socket, "/images/json");
        raw.push(t.elapsed().as_secs_f64() * 1000.0);

        let t = Instant::now();
        raw_get(&socket, "/images/json");
        raw_get(&socket, "/containers/json?all=1");
        raw_both.push(t.elapsed().as_secs_f64() * 1000.0);

        let t = Instant::now();
        docker(&host, &["images", "-q"]);
        cli.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    row(
        "image list (keeper fill)",
        stats(ours),
        "raw GET /images/json",
        stats(raw),
    );
    also("raw GET /images/json + ctrs", stats(raw_both));
    also("docker images -q", stats(cli));

    // The Images view in the real window, when an app is given (scripts/bench.sh gives the
    // release build): opened → every row loaded (from the backend's kept list, no engine call)
    // → the first screen painted, as the page measures it (`data-painted-ms`).
    if let Ok(app) = std::env::var("TUGBOAT_APP_BIN") {
        let (painted, rows) = rt.block_on(ui_paint(&app, &host, runs));
        row(
            &format!("Images view opened → {rows} rows, first screen painted"),
            stats(painted.clone()),
            "raw GET /images/json",
            stats(raw_again(&socket, runs)),
        );
        println!("  (served from the backend's kept list: the raw call is the engine's own floor)");
    }

    let t = Instant::now();
    remove(&host, &run);
    println!(
        "removed the {n} images in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}
