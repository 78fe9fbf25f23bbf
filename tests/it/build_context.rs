//! The context summary and the packed context beside the docker CLI: for the same folder and
//! `.dockerignore`, what our tar carries is what `docker build` (the 20.10 CLI, classic, which
//! packs the tar itself) puts in an image with `COPY . /ctx`. The Dockerfile is listed in the
//! `.dockerignore`: sent (the engine needs it) and, as the classic builder does, not copied.

use crate::build::{build, context, spec, BuiltImages};
use crate::support::*;
use tugboat_engine::build::context_summary;
use tugboat_runspec::build_spec::Builder;

const IGNORE: &str = "# the CLI and we must agree on all of these
node_modules
/dist/**
!dist/keep/**
*.log
**/*.bak
!important.bak
docs/*/draft*
build/
!build/out/app
Dockerfile
";

const FILES: &[(&str, &str)] = &[
    ("node_modules/a/index.js", "x"),
    ("dist/a.js", "x"),
    ("dist/keep/b.js", "x"),
    ("top.log", "x"),
    ("src/deep.log", "x"),
    ("src/main.rs", "fn main() {}"),
    ("src/old.bak", "x"),
    ("important.bak", "x"),
    ("docs/guide/draft-1.md", "x"),
    ("docs/guide/final.md", "x"),
    ("docs/draft.md", "x"),
    ("build/tmp/o", "x"),
    ("build/out/app", "x"),
];

fn with_files(dockerfile: &str) -> tempfile::TempDir {
    let mut files: Vec<(&str, &str)> = FILES.to_vec();
    files.push((".dockerignore", IGNORE));
    files.push(("Dockerfile", dockerfile));
    context(&files)
}

#[tokio::test]
async fn the_summary_counts_what_is_sent_and_left_out() {
    let dir = with_files("FROM tugboat-fixture/busybox:1\n");
    let s = context_summary(&dir.path().display().to_string(), "Dockerfile")
        .await
        .unwrap();
    // Sent: .dockerignore, Dockerfile, dist/keep/b.js, src/deep.log (`*.log` is anchored at
    // the root), src/main.rs, important.bak, docs/guide/final.md, docs/draft.md, build/out/app.
    assert_eq!(s.files, 9, "{s:?}");
    // Left out: node_modules/a/index.js, dist/a.js, top.log, src/old.bak,
    // docs/guide/draft-1.md, build/tmp/o (one byte each).
    assert_eq!(s.ignored_files, 6, "{s:?}");
    assert_eq!(s.ignored_bytes, 6.0);
    assert!(s.has_dockerignore);
    assert_eq!(s.warning, None);
    assert_eq!(s.largest.len(), 5);
    assert_eq!(s.largest[0].path, ".dockerignore");
    assert_eq!((s.files + s.ignored_files) as usize, FILES.len() + 2);
}

#[tokio::test]
async fn our_context_carries_what_the_docker_cli_sends() {
    let (host, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let images = BuiltImages::new(&cli);
    let dir = with_files("FROM tugboat-fixture/busybox:1\nCOPY . /ctx\n");
    let s = spec(&dir, &images, Builder::Classic);
    let (result, _) = build(&engine, &s).await;
    result.unwrap();
    let ours = cli.run(&["run", "--rm", &s.tags[0], "find", "/ctx"]);

    let theirs_tag = format!("tugboat-it/{}:cli", unique("build"));
    let out = std::process::Command::new("/usr/bin/docker")
        .env("DOCKER_HOST", &host)
        .env("DOCKER_BUILDKIT", "0")
        .args([
            "build",
            "-q",
            "-t",
            &theirs_tag,
            "--label",
            &format!("{TEST_LABEL}={}", images.label().value),
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = cli.run(&["run", "--rm", &theirs_tag, "find", "/ctx"]);
    let sorted = |t: &str| {
        let mut l: Vec<String> = t.lines().map(str::to_owned).collect();
        l.sort();
        l
    };
    assert_eq!(sorted(&ours), sorted(&theirs));
    assert!(ours.contains("/ctx/dist/keep/b.js") && !ours.contains("/ctx/dist/a.js"));
}
