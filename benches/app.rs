//! Tugboat's start-up and engine-call benchmarks, each printed beside a baseline measured in the
//! same run (these machines are noisy: the ratio is what counts). Run through
//! `scripts/bench.sh`, which provides a release build of the app, a test engine and a display.
//!
//! Figures:
//! - cold start: release app launched → home screen painted with the engine's facts, with the
//!   engine holding `TUGBOAT_BENCH_CONTAINERS` containers (default 1,000); baselines: the docker
//!   CLI showing the same facts (`docker version` + `docker info` + `docker ps -a`), and the
//!   floor: a Tauri window with one heading, built the same way (`benches/floor`,
//!   `TUGBOAT_FLOOR_BIN`), launched → painted, in turns with the app.
//! - memory when idle: the app process (backend + UI shell) RSS, and the whole app including
//!   WebKit's processes as PSS (shared pages counted once).
//! - idle CPU over 10 s with the home screen open and no container running; and P2 as TARGETS
//!   says it: 100 running containers, the Containers view open.
//! - `engine_info` latency beside `docker info` and the raw `/info` call.
//! - the container list: from the engine (what the keeper fetches when the kept list is not
//!   known), and served from the kept list (`ContainerKeeper::list`, what `container_list` calls), beside the raw API and
//!   `docker ps -a`. Raw API calls are timed in-process: one GET on the engine's socket, the
//!   whole body read, no process start-up.
//! - CLI `docker run` → change notice → kept list patched → delta → a list fed by deltas holds
//!   the new container (p95), the path the Containers view takes (no painting).
//! - the Containers view in the real window (WebDriver): opened → every row fetched and the
//!   first screen of them painted, as the page itself measures it (P5; served from the kept
//!   list, so no engine call: not the same work as the baselines); and for a CLI `docker run`:
//!   its row painted (P7), the row showing it running, and after `docker rm -f` the row gone;
//!   in the home screen's feed, the start event shown; and with the engine's socket cut, the
//!   banner shown. These are the "within 2 s" figures the end-to-end tests no longer assert.
//!   Times are the page's clock at the paint against this process's clock at the CLI's return
//!   (same machine clock), so the WebDriver reply is not included.
//! - P8 event storm: 200 containers created, started and removed from the CLI, 8 at a time,
//!   with the window's Containers view open; then the list its store holds (the rows it
//!   renders: count, and a digest of their ids) is compared with `docker ps -a`. Beside it, an
//!   in-process list fed by the kept list's deltas (loaded once through
//!   `ContainerKeeper::list`, then each delta applied in order): missing and ghost rows.
//! - the network list with 1,000 networks beside the raw API (`networks.rs`).
//!
//! `TUGBOAT_BENCH_ONLY=networks` runs just the network list; `TUGBOAT_BENCH_ONLY=start` just the
//! cold start (with the floor) and the idle figures after it.

// Test and bench code says what it expects by unwrapping and panicking, and prints figures.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

#[path = "app/networks.rs"]
mod networks;

use fantoccini::Locator;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tugboat_engine::kept::Delta;
use tugboat_engine::supervisor::keeper::ContainerKeeper;
use tugboat_engine::supervisor::{ConnectionState, Supervisor, SupervisorConfig};
use tugboat_engine::{Engine, EnvSnapshot};
use tugboat_testkit::procs::{cpu_ticks, kb_field, process_tree, tree_pss_bytes, FloorWindow};
use tugboat_testkit::raw::raw_get;
use tugboat_testkit::{driver, Cli, Storm};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run scripts/bench.sh"))
}

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

/// `docker run -d` of one labelled, short-lived bench container; returns its id.
fn run_bench_container(host: &str, name: &str, image: &str) -> String {
    docker(
        host,
        &[
            "run",
            "-d",
            "--label",
            "dev.tugboat.bench=1",
            "--name",
            name,
            image,
            "sleep",
            "60",
        ],
    )
    .trim()
    .to_owned()
}

fn time_ms(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64() * 1000.0
}

/// Makes the engine hold `n` containers labelled for the bench (created, not started).
async fn ensure_containers(host: &str, n: usize) {
    // Containers an earlier run made for its own measurements (on an engine the script did not
    // start, nothing removed them): they would clash by name and skew the count.
    let leftovers: Vec<String> = docker(
        host,
        &[
            "ps",
            "-aq",
            "--filter",
            "name=tugboat-bench-(appear|paint|storm|feed|running)-",
        ],
    )
    .lines()
    .map(str::to_owned)
    .collect();
    for chunk in leftovers.chunks(100) {
        let mut args = vec!["rm", "-f"];
        args.extend(chunk.iter().map(String::as_str));
        docker(host, &args);
    }
    let have = docker(host, &["ps", "-aq", "--filter", "label=dev.tugboat.bench"])
        .lines()
        .count();
    if have >= n {
        return;
    }
    let image = std::env::var("TUGBOAT_FIXTURE_IMAGE")
        .unwrap_or_else(|_| "tugboat-fixture/busybox:1".into());
    let todo: Vec<usize> = (have..n).collect();
    let chunks: Vec<Vec<usize>> = todo
        .chunks(todo.len().div_ceil(8))
        .map(|c| c.to_vec())
        .collect();
    let mut tasks = Vec::new();
    for chunk in chunks {
        let (host, image) = (host.to_owned(), image.clone());
        tasks.push(tokio::task::spawn_blocking(move || {
            for i in chunk {
                docker(
                    &host,
                    &[
                        "create",
                        "--label",
                        "dev.tugboat.bench=1",
                        "--name",
                        &format!("tugboat-bench-{i}"),
                        &image,
                        "true",
                    ],
                );
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}

struct Launched {
    child: std::process::Child,
    /// The launch's own settings folder: a last engine or last view from another run would
    /// change what starts (and a view other than Home never reports "home painted").
    _settings: tempfile::TempDir,
    painted_ms: f64,
    reported_ms: String,
}

/// Launches the app and waits for its "home painted" log line.
fn launch(app: &str, host: &str) -> Launched {
    let settings = tempfile::tempdir().expect("a settings folder");
    let start = Instant::now();
    let mut child = Command::new(app)
        .env("DOCKER_HOST", host)
        .env("TUGBOAT_CONFIG_DIR", settings.path())
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("launch the app");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("home painted") {
                let _ = tx.send((start.elapsed().as_secs_f64() * 1000.0, line));
            }
        }
    });
    let (painted_ms, line) = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the app painted its home screen");
    let field = |name: &str| {
        line.split(&format!("{name}="))
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
            .map(|v| format!("{v:.0}"))
            .unwrap_or_else(|| "?".into())
    };
    let reported_ms = format!(
        "{} (before page {}, script {}, status {}, facts {}, painted {})",
        field("since_launch_ms"),
        field("before_page_ms"),
        field("script_start_ms"),
        field("status_ms"),
        field("info_ms"),
        field("painted_ms")
    );
    Launched {
        child,
        _settings: settings,
        painted_ms,
        reported_ms,
    }
}

#[tokio::main]
async fn main() {
    let host = env("TUGBOAT_TEST_DOCKER_HOST");
    let app = env("TUGBOAT_APP_BIN");
    let containers: usize = std::env::var("TUGBOAT_BENCH_CONTAINERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let runs: usize = std::env::var("TUGBOAT_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);

    if std::env::var("TUGBOAT_BENCH_ONLY").as_deref() == Ok("networks") {
        networks::bench(&host, runs).await;
        return;
    }
    println!(
        "Tugboat benchmarks — engine {} (API {}), {} containers, {} runs each",
        docker(&host, &["version", "--format", "{{.Server.Version}}"]).trim(),
        docker(&host, &["version", "--format", "{{.Server.APIVersion}}"]).trim(),
        containers,
        runs
    );
    ensure_containers(&host, containers).await;
    let counted = docker(&host, &["ps", "-aq"]).lines().count();
    println!("engine holds {counted} containers\n");

    // Cold start, beside the CLI showing the same facts.
    let mut starts = Vec::new();
    let mut reported = Vec::new();
    let mut cli = Vec::new();
    let mut floor = Vec::new();
    let mut floor_page = Vec::new();
    let floor_bin = std::env::var("TUGBOAT_FLOOR_BIN").ok();
    let mut last = None;
    for i in 0..runs {
        if let Some(bin) = &floor_bin {
            let window = FloorWindow::launch(bin).expect("the floor window painted");
            floor.push(window.painted_ms);
            floor_page.push(window.page_ms);
        }
        cli.push(time_ms(|| {
            docker(&host, &["version"]);
            docker(&host, &["info"]);
            docker(&host, &["ps", "-a"]);
        }));
        let l = launch(&app, &host);
        starts.push(l.painted_ms);
        reported.push(l.reported_ms.clone());
        if i + 1 == runs {
            last = Some(l);
        } else {
            let mut c = l.child;
            let _ = c.kill();
            let _ = c.wait();
        }
    }
    row(
        "cold start → home painted",
        stats(starts.clone()),
        "docker version+info+ps -a",
        stats(cli),
    );
    println!(
        "  (the app's own log, from its first instruction: {} ms)",
        reported.join(", ")
    );
    if !floor.is_empty() {
        let starts_now = stats(starts.clone());
        let f = stats(floor);
        row(
            "cold start → home painted",
            starts_now,
            "floor: hello window painted",
            f,
        );
        println!(
            "  (the floor's page painted {} ms into its page; Tugboat's own share above the floor: median {:.0} ms)",
            floor_page
                .iter()
                .map(|v| format!("{v:.0}"))
                .collect::<Vec<_>>()
                .join(", "),
            starts_now.1 - f.1
        );
    }

    // Idle: memory and CPU with the home screen open. Right after the paint WebKit is still
    // settling (JIT, layout, caches), so CPU is measured twice: just after, and once settled.
    let mut l = last.unwrap();
    let pid = l.child.id();
    std::thread::sleep(Duration::from_secs(1));
    let tree = process_tree(pid);
    let backend_rss = kb_field(&format!("/proc/{pid}/status"), "VmRSS:") / 1024.0;
    let whole_pss = tree_pss_bytes(pid) / 1024.0 / 1024.0;
    let whole_rss: f64 = tree
        .iter()
        .map(|p| kb_field(&format!("/proc/{p}/status"), "VmRSS:"))
        .sum::<f64>()
        / 1024.0;
    let hz = 100.0; // USER_HZ on Linux
    let cpu_over_10s = || {
        let t0 = cpu_ticks(&tree);
        std::thread::sleep(Duration::from_secs(10));
        (cpu_ticks(&tree) - t0) / hz / 10.0 * 100.0
    };
    let settling_cpu = cpu_over_10s();
    std::thread::sleep(Duration::from_secs(10));
    let idle_cpu = cpu_over_10s();
    println!(
        "idle memory: app process RSS {backend_rss:.1} MB (target ≤ 60) | whole app {} processes: PSS {whole_pss:.1} MB, RSS {whole_rss:.1} MB (target ≤ 250)",
        tree.len()
    );
    println!("CPU, home screen open, no container running (not P2's workload; P2 is below): {settling_cpu:.2} % of one core in the 10 s after the paint (settling); {idle_cpu:.2} % over 10 s once settled, 20 s later (target ≤ 0.5 %)");
    let _ = l.child.kill();
    let _ = l.child.wait();
    if std::env::var("TUGBOAT_BENCH_ONLY").as_deref() == Ok("start") {
        return;
    }

    // engine_info beside docker info and the raw call.
    let engine = Engine::connect(&host).await.expect("connect");
    let n = 30;
    let mut ours = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        engine.info().await.expect("info");
        ours.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut cli_info = Vec::new();
    for _ in 0..n {
        cli_info.push(time_ms(|| {
            docker(&host, &["info"]);
        }));
    }
    let socket = host.strip_prefix("unix://").unwrap_or(&host).to_owned();
    let mut raw = Vec::new();
    for _ in 0..n {
        raw.push(time_ms(|| {
            raw_get(&socket, "/info");
        }));
    }
    row(
        "engine_info (version+info+counts)",
        stats(ours.clone()),
        "docker info",
        stats(cli_info),
    );
    row(
        "engine_info (version+info+counts)",
        stats(ours),
        "raw GET /info (in-process)",
        stats(raw),
    );

    // The container list, beside the raw call and the CLI. `container_list` answers from the
    // kept list once it has caught up, else it fills it from the engine: both are timed, and
    // only the second is the same work as the baselines.
    let env = EnvSnapshot {
        docker_host: Some(host.clone()),
        ..Default::default()
    };
    let (handle, supervisor) = Supervisor::new(SupervisorConfig::new(env));
    tokio::spawn(supervisor.run());
    let mut status = handle.watch_status();
    let _ = tokio::time::timeout(
        Duration::from_secs(10),
        status.wait_for(|s| s.state == ConnectionState::Connected),
    )
    .await;
    let kept_list = std::sync::Arc::new(ContainerKeeper::default());
    tokio::spawn(kept_list.clone().keep(handle.clone()));
    kept_list.list().await.expect("fill");
    let mut list_filled = Vec::new();
    let mut list_kept = Vec::new();
    let mut list_raw = Vec::new();
    let mut list_cli = Vec::new();
    let mut rows = 0;
    for _ in 0..15 {
        // What the keeper fetches when the list is not known.
        let t = Instant::now();
        rows = engine.containers(true).await.expect("list").len();
        list_filled.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        kept_list.list().await.expect("kept list");
        list_kept.push(t.elapsed().as_secs_f64() * 1000.0);
        list_raw.push(time_ms(|| {
            raw_get(&socket, "/containers/json?all=1");
        }));
        list_cli.push(time_ms(|| {
            docker(&host, &["ps", "-a"]);
        }));
    }
    let label = format!("container_list from the engine ({rows} rows)");
    row(
        &label,
        stats(list_filled.clone()),
        "raw GET /containers/json?all=1",
        stats(list_raw.clone()),
    );
    row(&label, stats(list_filled), "docker ps -a", stats(list_cli));
    row(
        "container_list cache-served (kept list)",
        stats(list_kept),
        "raw GET (not the same work)",
        stats(list_raw),
    );

    networks::bench(&host, runs).await;

    let image = std::env::var("TUGBOAT_FIXTURE_IMAGE")
        .unwrap_or_else(|_| "tugboat-fixture/busybox:1".into());
    ui_list(&app, &host, &image, &socket).await;
    ui_engine_lost(&app, &socket).await;
    ui_idle_with_running(&app, &host, &image).await;

    // A list fed by the kept list's deltas, as the Containers view's store is.
    let (view, patches) = spawn_view(&kept_list).await;

    // CLI start → the refetched list holds the container.
    let mut appear = Vec::new();
    for i in 0..20 {
        let name = format!("tugboat-bench-appear-{i}");
        let t = Instant::now();
        let id = run_bench_container(&host, &name, &image);
        let cli_done = t.elapsed().as_secs_f64() * 1000.0;
        loop {
            if view.lock().await.contains(&id) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        appear.push(t.elapsed().as_secs_f64() * 1000.0 - cli_done);
    }
    let (_, med, p95) = stats(appear);
    println!("CLI docker run returned → container in the delta-fed list: median {med:.1} ms, p95 {p95:.1} ms (target p95 ≤ 50 ms, painting not included)");

    // engine_info as the app answers it after a change notice: counted from the backend's kept
    // list once it has caught up, beside listing every container again.
    let cache = kept_list.clone();
    let mut changes = handle.subscribe_changes();
    let (mut kept, mut listed) = (Vec::new(), Vec::new());
    let subject = "tugboat-bench-appear-0";
    let subject_id = docker(&host, &["inspect", "-f", "{{.Id}}", subject])
        .trim()
        .to_owned();
    for i in 0..20 {
        docker(
            &host,
            &[if i % 2 == 0 { "pause" } else { "unpause" }, subject],
        );
        // The UI asks once the notice arrives.
        let c_seq = loop {
            let c = changes.recv().await.expect("notices");
            if c.container_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&subject_id))
            {
                break c.seq;
            }
        };
        let t = Instant::now();
        // The app forwards the notice once the kept list has dealt with it.
        assert!(
            cache.caught_up(c_seq, Duration::from_secs(1)).await,
            "the kept list caught up"
        );
        let known = cache.kept().snapshot().expect("the list is kept").rows;
        engine.info_with(async { Ok(known) }).await.expect("info");
        kept.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        engine.info().await.expect("info");
        listed.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    row(
        "engine_info after a change (kept list)",
        stats(kept),
        "engine_info listing the containers",
        stats(listed),
    );

    // P8: the storm, watched by the window's Containers view and by the in-process list.
    let storm = ui_storm(&app, &host).await;
    let storm_ms = storm.storm_ms;
    let truth = storm.truth.clone();
    for (what, view) in [("in-process list fed by the kept list's deltas", &view)] {
        // The last notices (and the settle pass after a burst) arrive after the CLI returns:
        // wait until the list agrees or 20 s pass, and say how long it took.
        let waited = Instant::now();
        let (missing, ghosts, shown) = loop {
            let seen: std::collections::BTreeSet<String> =
                view.lock().await.iter().cloned().collect();
            let missing = truth.difference(&seen).count();
            let ghosts = seen.difference(&truth).count();
            if (missing == 0 && ghosts == 0) || waited.elapsed() > Duration::from_secs(20) {
                break (missing, ghosts, seen.len());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        println!(
            "P8 event storm (200 created+started, 100 removed, 8 at a time, {storm_ms:.0} ms), {what}: {shown} rows vs docker ps -a {} rows: {missing} missing, {ghosts} ghost, {:.0} ms after the window agreed (target 0 / 0)",
            truth.len(),
            waited.elapsed().as_secs_f64() * 1000.0
        );
    }
    println!(
        "  ({} patch deltas applied in all)",
        patches.load(std::sync::atomic::Ordering::Relaxed)
    );
    handle.shutdown();
}

/// A list fed as the Containers view's store is: the kept list loaded once, then each delta
/// applied in version order (older ones skipped). Returns the ids it holds, and how many patch
/// deltas it applied.
async fn spawn_view(
    keeper: &std::sync::Arc<ContainerKeeper>,
) -> (
    std::sync::Arc<tokio::sync::Mutex<Vec<String>>>,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    let mut deltas = keeper.kept().subscribe();
    let loaded = keeper.list().await.expect("kept list");
    let view: std::sync::Arc<tokio::sync::Mutex<Vec<String>>> = std::sync::Arc::new(
        tokio::sync::Mutex::new(loaded.rows.iter().map(|c| c.id.clone()).collect()),
    );
    let patches = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (v, p) = (view.clone(), patches.clone());
    let (mut rows, mut version) = (loaded.rows, loaded.version);
    tokio::spawn(async move {
        while let Ok(delta) = deltas.recv().await {
            if delta.version() <= version {
                continue;
            }
            match delta {
                Delta::Reset {
                    rows: all,
                    version: at,
                } => (rows, version) = (all, at),
                Delta::Patch {
                    upserted,
                    removed,
                    version: at,
                } => {
                    p.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    rows.retain(|r| {
                        !removed.contains(&r.id) && !upserted.iter().any(|u| u.id == r.id)
                    });
                    rows.extend(upserted);
                    version = at;
                }
            }
            *v.lock().await = rows.iter().map(|c| c.id.clone()).collect();
        }
    });
    (view, patches)
}

async fn wait_for(client: &fantoccini::Client, css: &str) -> fantoccini::elements::Element {
    let start = Instant::now();
    loop {
        if let Ok(e) = client.find(Locator::Css(css)).await {
            return e;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{css} did not appear"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Installs a watcher in the page for `css` to be present (or, with `gone`, absent) and
/// returns once it is installed: the page records the clock (`Date.now()`) after the first
/// frame painted with it. [`watched_at`] then waits for that moment. Two steps, so the watcher
/// is known to be in place before the change it watches for is made.
async fn watch(c: &fantoccini::Client, css: &str, gone: bool) {
    let install = r#"
        const [sel, gone] = arguments;
        const ok = () => (document.querySelector(sel) !== null) !== gone;
        window.__tugboatWatch = new Promise((resolve) => {
            const painted = () =>
                requestAnimationFrame(() => setTimeout(() => resolve(Date.now()), 0));
            if (ok()) { painted(); return; }
            const obs = new MutationObserver(() => {
                if (ok()) { obs.disconnect(); painted(); }
            });
            obs.observe(document.body, { subtree: true, childList: true, attributes: true });
        });
        return true;
    "#;
    c.execute(
        install,
        vec![serde_json::Value::from(css), serde_json::Value::from(gone)],
    )
    .await
    .expect("watcher installed");
}

/// The page's clock when the watched change was painted, as milliseconds since the epoch.
async fn watched_at(c: &fantoccini::Client) -> f64 {
    let wait = r#"
        const done = arguments[arguments.length - 1];
        window.__tugboatWatch.then((t) => done(t));
    "#;
    c.execute_async(wait, vec![])
        .await
        .expect("the watched change was painted")
        .as_f64()
        .expect("a time")
}

fn epoch_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

fn summary(xs: Vec<f64>) -> String {
    let (_, med, p95) = stats(xs);
    format!("median {med:.1} ms, p95 {p95:.1} ms")
}

/// The Containers view in the real window: open → painted (P5); for a CLI `docker run`, the
/// row painted (P7), the row showing it running, and after `docker rm -f` the row gone; and in
/// the home screen's feed, the start event shown.
async fn ui_list(app: &str, host: &str, image: &str, socket: &str) {
    let driver::Session {
        client, process, ..
    } = driver::launch(std::path::Path::new(app), host).await;
    let c = &client;
    wait_for(c, "[data-testid='home-view']").await;
    let mut painted = Vec::new();
    let mut cli = Vec::new();
    let mut raw = Vec::new();
    let mut rows = String::new();
    for _ in 0..15 {
        wait_for(c, "[data-testid='nav-home']")
            .await
            .click()
            .await
            .unwrap();
        wait_for(c, "[data-testid='home-view']").await;
        wait_for(c, "[data-testid='nav-containers']")
            .await
            .click()
            .await
            .unwrap();
        let view = wait_for(c, "[data-testid='containers-view'][data-painted-ms]").await;
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
        cli.push(time_ms(|| {
            docker(host, &["ps", "-a"]);
        }));
        raw.push(time_ms(|| {
            raw_get(socket, "/containers/json?all=1");
        }));
    }
    let label = format!(
        "Containers view opened → {rows} rows fetched (cache-served), first screen painted"
    );
    row(&label, stats(painted.clone()), "docker ps -a", stats(cli));
    row(
        &label,
        stats(painted),
        "raw GET /containers/json?all=1",
        stats(raw),
    );
    println!(
        "  (served from the backend's kept list: no engine call, so not the same work as the \
         baselines; `container_list from the engine` above is)"
    );

    // For a CLI `docker run`: its row painted (P7), then shown running; after `docker rm -f`,
    // gone. Each watcher is in place before the CLI runs.
    let (mut appear, mut running, mut gone) = (Vec::new(), Vec::new(), Vec::new());
    let mut before_cli = 0;
    let mut cli_runs = Vec::new();
    for i in 0..20 {
        let name = format!("tugboat-bench-paint-{i}");
        let row_css = format!("[data-testid='container-row'][data-name='{name}']");
        watch(c, &row_css, false).await;
        let launched = Instant::now();
        let (h, n, im) = (host.to_owned(), name.clone(), image.to_owned());
        tokio::task::spawn_blocking(move || run_bench_container(&h, &n, &im))
            .await
            .unwrap();
        let cli_done = epoch_ms();
        cli_runs.push(launched.elapsed().as_secs_f64() * 1000.0);
        let seen = watched_at(c).await;
        if seen < cli_done {
            before_cli += 1;
        }
        appear.push((seen - cli_done).max(0.0));
        // The start event follows the create event: "running" may come a moment later.
        watch(c, &format!("{row_css}[data-state='running']"), false).await;
        running.push((watched_at(c).await - cli_done).max(0.0));
        watch(c, &row_css, true).await;
        let h = host.to_owned();
        tokio::task::spawn_blocking(move || docker(&h, &["rm", "-f", &name]))
            .await
            .unwrap();
        let rm_done = epoch_ms();
        gone.push((watched_at(c).await - rm_done).max(0.0));
    }
    println!(
        "CLI docker run returned → its row painted in the window (P7): {} ({before_cli} of 20 painted before the CLI returned; target p95 ≤ 50 ms; the e2e tests wait up to 10 s, the issue asks for 2 s)",
        summary(appear)
    );
    println!(
        "CLI docker run returned → its row shows it running: {} (issue: within 2 s)",
        summary(running)
    );
    println!(
        "CLI docker rm -f returned → its row gone: {} (issue: within 2 s); docker run -d itself took {}",
        summary(gone),
        summary(cli_runs)
    );

    // The home screen's event feed: CLI `docker run` returned → its start event shown.
    wait_for(c, "[data-testid='nav-home']")
        .await
        .click()
        .await
        .unwrap();
    wait_for(c, "[data-testid='event-feed']").await;
    let mut feed = Vec::new();
    for i in 0..10 {
        let name = format!("tugboat-bench-feed-{i}");
        watch(
            c,
            &format!("[data-testid='event-row'][data-name='{name}'][data-action='start']"),
            false,
        )
        .await;
        let (h, n, im) = (host.to_owned(), name.clone(), image.to_owned());
        tokio::task::spawn_blocking(move || run_bench_container(&h, &n, &im))
            .await
            .unwrap();
        let cli_done = epoch_ms();
        feed.push((watched_at(c).await - cli_done).max(0.0));
        let h = host.to_owned();
        tokio::task::spawn_blocking(move || docker(&h, &["rm", "-f", &name]))
            .await
            .unwrap();
    }
    println!(
        "CLI docker run returned → its start event shown in the home feed: {} (issue: within 2 s)",
        summary(feed)
    );
    let _ = client.close().await;
    drop(process);
}

/// What the P8 storm left: `docker ps -a`'s ids after it, and how long the CLI took.
struct StormOutcome {
    truth: std::collections::BTreeSet<String>,
    storm_ms: f64,
}

/// FNV-1a (32 bits, hex) over the sorted ids, each followed by a newline: what the Containers
/// view puts in `data-list-digest` for the list it renders (`idsDigest` in the UI's store).
fn ids_digest(ids: &std::collections::BTreeSet<String>) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for id in ids {
        for b in id.bytes().chain(std::iter::once(b'\n')) {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
    format!("{h:08x}")
}

/// P8 through the real path: the window's Containers view open while 200 containers are
/// created, started and (half) removed from the CLI, 8 at a time; then the list its store holds
/// (the rows it renders, by count and digest of ids) is compared with `docker ps -a`.
async fn ui_storm(app: &str, host: &str) -> StormOutcome {
    let driver::Session {
        client, process, ..
    } = driver::launch(std::path::Path::new(app), host).await;
    let c = &client;
    wait_for(c, "[data-testid='home-view']").await;
    wait_for(c, "[data-testid='nav-containers']")
        .await
        .click()
        .await
        .unwrap();
    wait_for(c, "[data-testid='containers-view'][data-painted-ms]").await;
    let storm_start = Instant::now();
    Storm {
        prefix: "tugboat-bench-storm",
        count: 200,
        workers: 8,
        label: "dev.tugboat.bench=1",
    }
    .start(&Cli::new(host))
    .finish()
    .await;
    let storm_ms = storm_start.elapsed().as_secs_f64() * 1000.0;
    let truth: std::collections::BTreeSet<String> = docker(host, &["ps", "-aq", "--no-trunc"])
        .lines()
        .map(str::to_owned)
        .collect();
    let want = ids_digest(&truth);
    // The last deltas arrive after the CLI returns: wait until the window agrees or 20 s pass.
    let waited = Instant::now();
    let (rows, digest) = loop {
        let view = wait_for(c, "[data-testid='containers-view']").await;
        let rows = view
            .attr("data-list-rows")
            .await
            .unwrap()
            .unwrap_or_default();
        let digest = view
            .attr("data-list-digest")
            .await
            .unwrap()
            .unwrap_or_default();
        if digest == want || waited.elapsed() > Duration::from_secs(20) {
            break (rows, digest);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    println!(
        "P8 event storm (200 created+started, 100 removed, 8 at a time, {storm_ms:.0} ms), the window's Containers view: {rows} rows vs docker ps -a {} rows, ids {} ({:.0} ms after the storm's last CLI call; target: equal)",
        truth.len(),
        if digest == want { "equal" } else { "DIFFERENT" },
        waited.elapsed().as_secs_f64() * 1000.0
    );
    let _ = client.close().await;
    drop(process);
    StormOutcome { truth, storm_ms }
}

/// The engine going away while the app runs: the app talks to the engine through a socket
/// proxy this bench owns; cutting the proxy (every connection closed, the socket removed) is
/// the engine vanishing. Measured: cut → banner painted. Then the proxy comes back and the
/// banner must go before the next round.
async fn ui_engine_lost(app: &str, socket: &str) {
    let dir = tempfile::Builder::new()
        .prefix("tbbench")
        .tempdir_in("/tmp")
        .expect("a folder for the proxy");
    let proxy_path = dir.path().join("docker.sock");
    let mut proxy = SocketCut::start(&proxy_path, socket);
    let driver::Session {
        client, process, ..
    } = driver::launch(
        std::path::Path::new(app),
        &format!("unix://{}", proxy_path.display()),
    )
    .await;
    let c = &client;
    wait_for(c, "[data-testid='engine-state'][data-state='connected']").await;
    let mut banner = Vec::new();
    for _ in 0..5 {
        watch(c, "[data-testid='engine-banner']", false).await;
        proxy.cut();
        let cut = epoch_ms();
        banner.push((watched_at(c).await - cut).max(0.0));
        proxy = SocketCut::start(&proxy_path, socket);
        watch(c, "[data-testid='engine-banner']", true).await;
        watched_at(c).await;
        wait_for(c, "[data-testid='engine-state'][data-state='connected']").await;
    }
    println!(
        "engine's socket cut → banner painted: {} (issue: within 2 s)",
        summary(banner)
    );
    let _ = client.close().await;
    drop(process);
    proxy.cut();
}

/// A unix-socket proxy to the engine that can be cut like an engine that died.
struct SocketCut {
    path: std::path::PathBuf,
    tasks: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl SocketCut {
    fn start(path: &std::path::Path, upstream: &str) -> SocketCut {
        let _ = std::fs::remove_file(path);
        let listener = tokio::net::UnixListener::bind(path).expect("proxy socket");
        let tasks: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>> =
            Default::default();
        let (t, upstream) = (tasks.clone(), upstream.to_owned());
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let pump = tokio::spawn(async move {
                    if let Ok(mut server) = tokio::net::UnixStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                if let Ok(mut t) = t.lock() {
                    t.push(pump);
                }
            }
        });
        if let Ok(mut t) = tasks.lock() {
            t.push(accept);
        }
        SocketCut {
            path: path.to_owned(),
            tasks,
        }
    }

    /// Closes every connection and the socket: to the app, the engine is gone.
    fn cut(&self) {
        if let Ok(mut t) = self.tasks.lock() {
            for task in t.drain(..) {
                task.abort();
            }
        }
        let _ = std::fs::remove_file(&self.path);
    }
}

/// P2 as TARGETS.md says it: idle CPU with 100 running containers and the Containers view
/// open (the running rows on screen each hold a stats stream).
async fn ui_idle_with_running(app: &str, host: &str, image: &str) {
    let names: Vec<String> = (0..100)
        .map(|i| format!("tugboat-bench-running-{i}"))
        .collect();
    let mut tasks = Vec::new();
    for chunk in names.chunks(13) {
        let (h, im, chunk) = (host.to_owned(), image.to_owned(), chunk.to_vec());
        tasks.push(tokio::task::spawn_blocking(move || {
            for n in chunk {
                docker(
                    &h,
                    &[
                        "run",
                        "-d",
                        "--label",
                        "dev.tugboat.bench=1",
                        "--name",
                        &n,
                        &im,
                        "sleep",
                        "3600",
                    ],
                );
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let running = docker(host, &["ps", "-q"]).lines().count();
    let driver::Session {
        client, process, ..
    } = driver::launch(std::path::Path::new(app), host).await;
    let c = &client;
    wait_for(c, "[data-testid='home-view']").await;
    wait_for(c, "[data-testid='nav-containers']")
        .await
        .click()
        .await
        .unwrap();
    wait_for(c, "[data-testid='containers-view'][data-painted-ms]").await;
    wait_for(c, "[data-testid='row-stats']").await;
    let stats_rows = c
        .find_all(Locator::Css("[data-testid='row-stats']"))
        .await
        .map(|v| v.len())
        .unwrap_or(0);
    // The app's own processes: the one running the app binary, and what it started (WebKit).
    let app_path = std::fs::canonicalize(app).unwrap_or_else(|_| app.into());
    let app_pid = process_tree(process.pid())
        .into_iter()
        .find(|p| std::fs::read_link(format!("/proc/{p}/exe")).ok().as_deref() == Some(&app_path))
        .expect("the app's process under the driver");
    let hz = 100.0; // USER_HZ on Linux
    let cpu_over_10s = || {
        let tree = process_tree(app_pid);
        let t0 = cpu_ticks(&tree);
        std::thread::sleep(Duration::from_secs(10));
        (cpu_ticks(&tree) - t0) / hz / 10.0 * 100.0
    };
    let settling = cpu_over_10s();
    std::thread::sleep(Duration::from_secs(10));
    let settled = cpu_over_10s();
    println!(
        "P2 CPU, {running} containers running, Containers view open ({stats_rows} rows with live stats on screen): {settling:.2} % of one core in the 10 s after the paint; {settled:.2} % once settled, 20 s later (target ≤ 0.5 %)"
    );
    let _ = client.close().await;
    drop(process);
    for chunk in names.chunks(50) {
        let mut args = vec!["rm", "-f"];
        args.extend(chunk.iter().map(String::as_str));
        docker(host, &args);
    }
}
