//! `docker export` to a file against the real engine: the app's tar is the CLI's tar, and a
//! refused, cancelled or failed export leaves the destination as it was.

use crate::support::*;
use std::path::Path;
use tokio_util::sync::CancellationToken;
use tugboat_engine::containers::export::ExportProgress;
use tugboat_engine::EngineError;

fn part_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect()
}

fn tar_listing(path: &Path) -> Vec<String> {
    let out = std::process::Command::new("tar")
        .arg("-tf")
        .arg(path)
        .output()
        .expect("tar runs");
    assert!(out.status.success(), "{} is a readable tar", path.display());
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_exported_tar_is_what_docker_export_writes() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("export");
    cli.run(&[
        "run",
        "--name",
        &name,
        "--label",
        &labels.label_arg(),
        &fixture_image(),
        "sh",
        "-c",
        "echo written-inside > /marker.txt",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("app.tar");
    let theirs = dir.path().join("cli.tar");

    let mut estimate = None;
    let mut reported = Vec::new();
    let bytes = engine
        .export_to_file(
            &name,
            &ours,
            false,
            &CancellationToken::new(),
            |p| match p {
                ExportProgress::Sized(size) => {
                    assert!(reported.is_empty(), "the size comes before any bytes");
                    estimate = size;
                }
                ExportProgress::Written(b) => reported.push(b),
            },
        )
        .await
        .unwrap();
    cli.run(&["export", "--output", theirs.to_str().unwrap(), &name]);

    let written = std::fs::metadata(&ours).unwrap().len();
    assert_eq!(bytes, written);
    assert_eq!(
        reported.last(),
        Some(&written),
        "the last progress is the whole file"
    );
    assert!(reported.windows(2).all(|w| w[0] <= w[1]));
    let estimate = estimate.expect("the engine reports the filesystem size");
    assert!(
        estimate <= written,
        "the estimate ({estimate}) leaves out tar headers, so the file ({written}) is larger"
    );
    assert_eq!(tar_listing(&ours), tar_listing(&theirs));
    assert!(tar_listing(&ours).contains(&"marker.txt".to_string()));
    let marker = std::process::Command::new("tar")
        .arg("-xOf")
        .arg(&ours)
        .arg("marker.txt")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&marker.stdout), "written-inside\n");
    assert!(part_files(dir.path()).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_or_cancelled_export_keeps_the_old_file() {
    let (_, _, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("export");
    labels.create(&name, &[], &[]);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("keep.tar");
    std::fs::write(&dest, b"the user's earlier file").unwrap();

    let refused = engine
        .export_to_file(&name, &dest, false, &CancellationToken::new(), |_| {})
        .await
        .unwrap_err();
    assert!(matches!(refused, EngineError::Conflict(_)), "{refused:?}");
    assert!(refused.to_string().contains("already exists"), "{refused}");

    let cancel = CancellationToken::new();
    cancel.cancel();
    let cancelled = engine
        .export_to_file(&name, &dest, true, &cancel, |_| {})
        .await
        .unwrap_err();
    assert_eq!(cancelled, EngineError::Cancelled);

    let missing = engine
        .export_to_file(
            &unique("gone"),
            &dest,
            true,
            &CancellationToken::new(),
            |_| {},
        )
        .await
        .unwrap_err();
    assert!(matches!(missing, EngineError::NotFound(_)), "{missing:?}");

    assert_eq!(std::fs::read(&dest).unwrap(), b"the user's earlier file");
    assert!(
        part_files(dir.path()).is_empty(),
        "no temporary file is left behind"
    );

    // And with replace, the old file is swapped for a whole tar.
    engine
        .export_to_file(&name, &dest, true, &CancellationToken::new(), |_| {})
        .await
        .unwrap();
    assert!(tar_listing(&dest).iter().any(|n| n == "bin/busybox"));
}

/// Cancel pressed while the tar is streaming: the export stops there, the destination never
/// appears and the partial temporary file is removed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_mid_stream_leaves_no_file_and_no_temporary_file() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("export");
    // 256 MB of zeros in the writable layer: the stream lasts well past the first progress
    // report (sent after 100 ms of streaming), so the cancel lands mid-stream.
    let cli2 = cli.clone();
    let label = labels.label_arg();
    let name2 = name.clone();
    tokio::task::spawn_blocking(move || {
        cli2.run(&[
            "run",
            "--name",
            &name2,
            "--label",
            &label,
            &fixture_image(),
            "dd",
            "if=/dev/zero",
            "of=/big",
            "bs=1048576",
            "count=256",
        ])
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("never.tar");
    let cancel = CancellationToken::new();
    let mut written_when_cancelled = None;
    let mut estimate = None;
    let result = engine
        .export_to_file(&name, &dest, false, &cancel, |p| match p {
            ExportProgress::Sized(s) => estimate = s,
            ExportProgress::Written(b) => {
                if written_when_cancelled.is_none() {
                    written_when_cancelled = Some(b);
                    cancel.cancel();
                }
            }
        })
        .await;
    assert_eq!(
        result,
        Err(EngineError::Cancelled),
        "the export was cancelled after {written_when_cancelled:?} bytes"
    );
    let written = written_when_cancelled.expect("a progress report came before the end");
    let estimate = estimate.expect("the engine reports the filesystem size");
    assert!(
        written > 0 && written < estimate,
        "cancelled mid-stream: {written} of about {estimate} bytes"
    );
    assert!(!dest.exists(), "no destination file appears");
    assert!(
        part_files(dir.path()).is_empty(),
        "the temporary file is removed: {:?}",
        std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing at all is left in the folder"
    );
}
