//! Builds through the app's engine code (`Engine::build_image`) beside the 20.10 docker CLI
//! (`/usr/bin/docker build`) on the same folder, in the same run. Run alone:
//! `cargo bench --profile dev --bench build` with the test env (TUGBOAT_TEST_DOCKER_HOST).
//!
//! 1. Context sending: a temp context of `TUGBOAT_BENCH_CONTEXT_MB` (default 200) MB in 2,000
//!    files, built as `FROM <fixture>` + one `LABEL`, so the time is the context's packing,
//!    upload and unpacking by the engine. Classic builder on both sides (both send the whole
//!    tar each time; the CLI's BuildKit path syncs files through its session instead, and
//!    only what changed since its last build, so it is shown apart). Also our packing alone
//!    into a sink, for what the disk and tar writer can do.
//! 2. Build wall time of a small Dockerfile (`RUN` of a fresh value, `--no-cache`): ours with
//!    BuildKit beside `DOCKER_BUILDKIT=1 docker build`.
//!
//! Rounds alternate which side goes first; figures are medians.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;
use tokio_util::sync::CancellationToken;
use tugboat_engine::Engine;
use tugboat_files::context::{pack, scan};
use tugboat_runspec::build_spec::{BuildLabel, BuildSpec, Builder};

const ROUNDS: usize = 5;
const LABEL: &str = "dev.tugboat.bench.build";

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

fn fixture() -> String {
    std::env::var("TUGBOAT_FIXTURE_IMAGE").unwrap_or_else(|_| "tugboat-fixture/busybox:1".into())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn cli_build(host: &str, buildkit: bool, dir: &Path, tag: &str, no_cache: bool) -> f64 {
    let started = Instant::now();
    let mut cmd = Command::new("/usr/bin/docker");
    cmd.env("DOCKER_HOST", host)
        .env("DOCKER_BUILDKIT", if buildkit { "1" } else { "0" })
        .args(["build", "-q", "-t", tag, "--label", &format!("{LABEL}=1")]);
    if no_cache {
        cmd.arg("--no-cache");
    }
    let out = cmd.arg(dir).output().unwrap();
    assert!(
        out.status.success(),
        "docker build: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed().as_secs_f64()
}

async fn our_build(
    engine: &Engine,
    dir: &Path,
    tag: &str,
    builder: Builder,
    no_cache: bool,
) -> f64 {
    let spec = BuildSpec {
        context_dir: dir.display().to_string(),
        dockerfile: "Dockerfile".into(),
        tags: vec![tag.into()],
        builder,
        no_cache,
        labels: vec![BuildLabel {
            name: LABEL.into(),
            value: "1".into(),
        }],
        ..BuildSpec::default()
    };
    let started = Instant::now();
    engine
        .build_image(
            &spec,
            HashMap::new(),
            &CancellationToken::new(),
            &mut |_| {},
        )
        .await
        .unwrap();
    started.elapsed().as_secs_f64()
}

fn remove_built(host: &str) {
    let out = Command::new("docker")
        .env("DOCKER_HOST", host)
        .args(["image", "ls", "-q", "--filter", &format!("label={LABEL}=1")])
        .output()
        .unwrap();
    let ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    for id in ids {
        let _ = Command::new("docker")
            .env("DOCKER_HOST", host)
            .args(["rmi", "-f", &id])
            .output();
    }
}

#[tokio::main]
async fn main() {
    let host = env("TUGBOAT_TEST_DOCKER_HOST");
    let engine = Engine::connect(&host).await.unwrap();
    let mb: usize = std::env::var("TUGBOAT_BENCH_CONTEXT_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);

    // 1. The context.
    let dir = tempfile::tempdir().unwrap();
    let files = 2000;
    let per_file = mb * 1_000_000 / files;
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for i in 0..files {
        let sub = dir.path().join(format!("d{:02}", i % 50));
        std::fs::create_dir_all(&sub).unwrap();
        // Incompressible bytes (xorshift), so nothing on the way can shrink them.
        let mut bytes = Vec::with_capacity(per_file);
        while bytes.len() < per_file {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.extend_from_slice(&seed.to_le_bytes());
        }
        bytes.truncate(per_file);
        std::fs::File::create(sub.join(format!("f{i}.bin")))
            .unwrap()
            .write_all(&bytes)
            .unwrap();
    }
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!("FROM {}\nLABEL bench=context\n", fixture()),
    )
    .unwrap();
    let scanned = scan(dir.path(), "Dockerfile", false).unwrap();
    let tar_mb = scanned.tar_bytes() as f64 / 1e6;
    println!("context: {} files, {tar_mb:.0} MB of tar", scanned.files);

    let mut pack_only = Vec::new();
    for _ in 0..ROUNDS {
        let s = scan(dir.path(), "Dockerfile", false).unwrap();
        let started = Instant::now();
        pack(dir.path(), &s, std::io::sink(), &mut |_| {}).unwrap();
        pack_only.push(started.elapsed().as_secs_f64());
    }
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let tag = format!("tugboat-bench/build-context:{round}");
        if round % 2 == 0 {
            ours.push(our_build(&engine, dir.path(), &tag, Builder::Classic, false).await);
            theirs.push(cli_build(&host, false, dir.path(), &tag, false));
        } else {
            theirs.push(cli_build(&host, false, dir.path(), &tag, false));
            ours.push(our_build(&engine, dir.path(), &tag, Builder::Classic, false).await);
        }
    }
    let (o, t) = (median(ours), median(theirs));
    println!(
        "context, classic no-op build: ours {o:.2} s ({:.0} MB/s), docker build {t:.2} s ({:.0} MB/s): {:.2}x its throughput",
        tar_mb / o,
        tar_mb / t,
        t / o
    );
    let p = median(pack_only);
    println!(
        "context packing alone into a sink: {p:.2} s ({:.0} MB/s)",
        tar_mb / p
    );
    let (mut ours_bk, mut theirs_bk) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let tag = format!("tugboat-bench/build-context-bk:{round}");
        ours_bk.push(our_build(&engine, dir.path(), &tag, Builder::Buildkit, false).await);
        theirs_bk.push(cli_build(&host, true, dir.path(), &tag, false));
    }
    let (o, t) = (median(ours_bk), median(theirs_bk));
    println!(
        "context, BuildKit no-op build: ours (tar) {o:.2} s, docker build (session file sync, incremental) {t:.2} s"
    );
    drop(dir);

    // 2. A small build's wall time.
    let small = tempfile::tempdir().unwrap();
    std::fs::write(
        small.path().join("Dockerfile"),
        format!(
            "FROM {}\nRUN echo one > /one\nRUN echo two > /two && cat /one /two\n",
            fixture()
        ),
    )
    .unwrap();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let tag = format!("tugboat-bench/build-small:{round}");
        if round % 2 == 0 {
            ours.push(our_build(&engine, small.path(), &tag, Builder::Buildkit, true).await);
            theirs.push(cli_build(&host, true, small.path(), &tag, true));
        } else {
            theirs.push(cli_build(&host, true, small.path(), &tag, true));
            ours.push(our_build(&engine, small.path(), &tag, Builder::Buildkit, true).await);
        }
    }
    let (o, t) = (median(ours), median(theirs));
    println!(
        "small BuildKit build, --no-cache: ours {:.0} ms, DOCKER_BUILDKIT=1 docker build {:.0} ms ({:+.0} ms)",
        o * 1000.0,
        t * 1000.0,
        (o - t) * 1000.0
    );
    remove_built(&host);
}
