//! The compose loader's benchmark: `load` of a generated compose file of about 2,000 lines
//! (parse with anchors and merge keys, interpolation, schema, model, checks — what the editor
//! runs on every pause in typing), median and p95 of RUNS runs, with the CPU time the thread
//! spent on a core beside the wall clock (these shared 2-core machines make the wall clock
//! include waiting for a core). Beside it, in the same run, the baseline: `docker-compose -f
//! <file> config -q` (Debian's docker-compose 1.29.2) on the same file, which parses,
//! interpolates and validates it against the same schema. The target is ≤ 50 ms for `load`.
//! Run alone: `cargo bench -p tugboat-compose --bench compose_load` (no engine needed).
//! Prints figures; asserts nothing about time.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use tugboat_compose::{load, LoadOptions, NoFiles, Severity};

include!("../corpus/generate.rs");

const LINES: usize = 2_000;
const RUNS: usize = 31;

/// Nanoseconds this thread has run on a core.
fn cpu_ns() -> u64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}

fn median_p95(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
    )
}

/// Wall-clock median and p95, and the median CPU time of this thread, in ms.
fn measure(mut f: impl FnMut()) -> (f64, f64, f64) {
    f(); // warm-up (and the schema compiled once)
    let mut cpu = Vec::with_capacity(RUNS);
    let times = (0..RUNS)
        .map(|_| {
            let c = cpu_ns();
            let t = Instant::now();
            f();
            let elapsed = t.elapsed();
            cpu.push(Duration::from_nanos(cpu_ns() - c));
            elapsed
        })
        .collect();
    let (median, p95) = median_p95(times);
    (median, p95, median_p95(cpu).0)
}

fn main() {
    let text = long_compose(LINES);
    let dir = std::env::temp_dir().join(format!("tugboat-bench-compose-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("compose.yaml");
    std::fs::write(&file, &text).unwrap();
    let options = LoadOptions {
        path: Some(file.display().to_string()),
        project_dir: Some(dir.display().to_string()),
        environment: BTreeMap::new(),
        ..Default::default()
    };

    let loaded = load(&text, &options, &NoFiles);
    // The generated file must load clean, or the figure would time the error paths.
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{:#?}", &errors[..errors.len().min(3)]);
    let model = loaded.model.as_ref().expect("a model");
    println!(
        "compose file of {} lines ({} KiB): {} services, {} volumes, {} networks",
        text.lines().count(),
        text.len() / 1024,
        model.services.len(),
        model.volumes.len(),
        model.networks.len()
    );
    println!("{RUNS} runs each");
    let report = |what: &str, (median, p95, cpu): (f64, f64, f64)| {
        println!("{what:<34} median {median:8.2} ms, p95 {p95:8.2} ms, CPU median {cpu:8.2} ms");
    };
    report(
        "load (all of it):",
        measure(|| {
            black_box(load(black_box(&text), &options, &NoFiles));
        }),
    );
    report(
        "load + JSON for IPC:",
        measure(|| {
            let l = load(black_box(&text), &options, &NoFiles);
            black_box(serde_json::to_string(&l).unwrap());
        }),
    );

    // The baseline: the compose CLI validating the same file. Its CPU time (user + system) is
    // what bash's `times` reports for its children, since the child is gone once waited for.
    let probe = Command::new("docker-compose").arg("version").output();
    if !probe.is_ok_and(|o| o.status.success()) {
        println!("baseline: docker-compose not found (apt-get install docker-compose)");
    } else {
        let script = r#"docker-compose -f "$1" config -q || exit 1; times"#;
        let run = || {
            let t = Instant::now();
            let out = Command::new("bash")
                .args(["-c", script, "bench"])
                .arg(&file)
                .output()
                .unwrap();
            let wall = t.elapsed();
            assert!(
                out.status.success(),
                "docker-compose refused the file: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            (wall, children_cpu(&String::from_utf8_lossy(&out.stdout)))
        };
        run();
        let (wall, cpu): (Vec<_>, Vec<_>) = (0..RUNS).map(|_| run()).unzip();
        let (median, p95) = median_p95(wall);
        report(
            "docker-compose config -q:",
            (median, p95, median_p95(cpu).0),
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// The children's user + system time from bash's `times` (its second line: `0m0.745s 0m0.108s`).
fn children_cpu(times: &str) -> Duration {
    let seconds = |field: &str| -> f64 {
        let (m, s) = field.trim_end_matches('s').split_once('m').unwrap();
        m.parse::<f64>().unwrap() * 60.0 + s.parse::<f64>().unwrap()
    };
    let line = times.lines().nth(1).unwrap();
    Duration::from_secs_f64(line.split_whitespace().map(seconds).sum())
}
