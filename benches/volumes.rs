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
//! - upload and download throughput of a folder into and out of a volume (`Engine::volume_copy_to`
//!   / `volume_copy_from`, through a carrier container), beside `docker cp` into and out of a
//!   created container mounting a volume: the same route the CLI offers.

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
use tugboat_testkit::raw::raw_get;

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

    transfer_throughput(&engine, &host, runs.min(3)).await;

    // The volumes made here go; ones an earlier run left are the caller's.
    for name in made {
        let _ = engine.volume_remove(&name, false).await;
    }
}

/// A folder of `files` files of `each` bytes (not all zero, so nothing along the way can shrink
/// it), to send back and forth.
fn payload(dir: &std::path::Path, files: usize, each: usize) -> u64 {
    std::fs::create_dir_all(dir).expect("payload folder");
    let mut block = vec![0u8; each];
    for i in 0..files {
        for (j, b) in block.iter_mut().enumerate() {
            *b = ((i * 31 + j * 7) % 251) as u8;
        }
        std::fs::write(dir.join(format!("part-{i:02}.bin")), &block).expect("payload file");
    }
    (files * each) as u64
}

fn mb_per_s(bytes: u64, ms: f64) -> f64 {
    bytes as f64 / 1_048_576.0 / (ms / 1000.0)
}

fn throughput_row(name: &str, ours: &[f64], base_name: &str, base: &[f64]) {
    let median = |xs: &[f64]| {
        let mut v = xs.to_vec();
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    let (o, b) = (median(ours), median(base));
    println!(
        "{name:<34} median {o:>8.1} MB/s        | {base_name:<30} median {b:>8.1} MB/s        | ratio {:.2}",
        o / b
    );
}

/// Upload and download of the same folder, ours beside `docker cp`, each on a fresh volume.
async fn transfer_throughput(engine: &Engine, host: &str, runs: usize) {
    use tokio_util::sync::CancellationToken;
    let image = std::env::var("TUGBOAT_FIXTURE_IMAGE")
        .unwrap_or_else(|_| "tugboat-fixture/busybox:1".into());
    let work = tempfile::tempdir().expect("a work folder");
    let source = work.path().join("payload");
    let bytes = payload(&source, 16, 4 << 20);
    let label = format!("{BENCH_LABEL}=1");
    let (mut up, mut up_cli, mut down, mut down_cli) = (vec![], vec![], vec![], vec![]);
    for run in 0..runs {
        let ours = format!("tugboat-bench-xfer-{}-{run}", std::process::id());
        let theirs = format!("{ours}-cli");
        for v in [&ours, &theirs] {
            docker(host, &["volume", "create", "--label", &label, v]);
        }
        let holder = docker(
            host,
            &[
                "create",
                "--label",
                &label,
                "-v",
                &format!("{theirs}:/data"),
                &image,
                "true",
            ],
        )
        .trim()
        .to_owned();
        let cancel = CancellationToken::new();

        let (ms, sent) =
            time_async(engine.volume_copy_to(&ours, "", vec![source.clone()], &cancel, |_| {}))
                .await;
        assert_eq!(sent.expect("upload"), bytes);
        up.push(mb_per_s(bytes, ms));
        let ms = time_ms(|| {
            docker(
                host,
                &["cp", source.to_str().unwrap(), &format!("{holder}:/data/")],
            );
        });
        up_cli.push(mb_per_s(bytes, ms));

        let ours_dest = work.path().join(format!("ours-{run}"));
        let cli_dest = work.path().join(format!("cli-{run}"));
        std::fs::create_dir_all(&ours_dest).unwrap();
        std::fs::create_dir_all(&cli_dest).unwrap();
        let (ms, got) =
            time_async(engine.volume_copy_from(&ours, "payload", &ours_dest, &cancel, |_| {}))
                .await;
        assert_eq!(got.expect("download"), bytes);
        down.push(mb_per_s(bytes, ms));
        let ms = time_ms(|| {
            docker(
                host,
                &[
                    "cp",
                    &format!("{holder}:/data/payload"),
                    cli_dest.to_str().unwrap(),
                ],
            );
        });
        down_cli.push(mb_per_s(bytes, ms));

        docker(host, &["rm", "-f", &holder]);
        for v in [&ours, &theirs] {
            docker(host, &["volume", "rm", "-f", v]);
        }
    }
    println!(
        "transfer: a folder of 16 files, {} MiB in all, {runs} runs",
        bytes >> 20
    );
    throughput_row(
        "upload into a volume",
        &up,
        "docker cp into a container",
        &up_cli,
    );
    throughput_row(
        "download from a volume",
        &down,
        "docker cp out of a container",
        &down_cli,
    );
}
