//! A volume's files against the real engine, without a shell in any image: an upload is what a
//! container mounting the volume reads; a download is what `docker cp` gives; backup → remove
//! → restore gives the same files; no carrier container is left behind.

use crate::support::*;
use std::os::unix::fs::PermissionsExt;
use tokio_util::sync::CancellationToken;
use tugboat_engine::volumes::files::{VolumeFileKind, CARRIER_LABEL};
use tugboat_engine::EngineError;

/// `name size mode md5` of every file and folder in the volume, as a container sees them.
fn listing(cli: &Cli, volume: &str) -> Vec<String> {
    let mut lines = cli.lines(&[
        "run",
        "--rm",
        "-v",
        &format!("{volume}:/d"),
        &fixture_image(),
        "sh",
        "-c",
        "cd /d && find . -mindepth 1 | while read -r f; do \
           if [ -f \"$f\" ]; then s=$(md5sum < \"$f\" | cut -c1-32); else s=-; fi; \
           echo \"$f $(stat -c '%s %a' \"$f\") $s\"; done",
    ]);
    // Folder sizes depend on the filesystem, not on the files.
    for l in &mut lines {
        let parts: Vec<&str> = l.split(' ').collect();
        if parts.len() == 4 && parts[3] == "-" {
            *l = format!("{} dir {}", parts[0], parts[2]);
        }
    }
    lines.sort();
    lines
}

fn carriers_of(cli: &Cli, volume: &str) -> Vec<String> {
    cli.lines(&[
        "ps",
        "-aq",
        "--filter",
        &format!("label={CARRIER_LABEL}={volume}"),
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_download_backup_and_restore_through_a_carrier() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let cancel = CancellationToken::new();
    let volume = unique("vol-files");
    labels.volume(&volume);

    // Upload a file and a folder into the volume.
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("hello.txt"), "uploaded by tugboat\n").unwrap();
    let folder = src.path().join("site");
    std::fs::create_dir_all(folder.join("css")).unwrap();
    std::fs::write(folder.join("index.html"), "<h1>hi</h1>").unwrap();
    std::fs::write(folder.join("css/run.sh"), "#!/bin/sh\necho run\n").unwrap();
    std::fs::set_permissions(
        folder.join("css/run.sh"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let mut progress = Vec::new();
    engine
        .volume_copy_to(
            &volume,
            "",
            vec![src.path().join("hello.txt"), folder.clone()],
            &cancel,
            |b| progress.push(b),
        )
        .await
        .unwrap();
    assert!(progress.last().is_some_and(|b| *b > 0), "{progress:?}");
    let read = cli.run(&[
        "run",
        "--rm",
        "-v",
        &format!("{volume}:/d"),
        &fixture_image(),
        "cat",
        "/d/hello.txt",
    ]);
    assert_eq!(read, "uploaded by tugboat");

    // Browse: the top, then a folder.
    let top = engine
        .volume_files_list(&volume, "", &cancel)
        .await
        .unwrap();
    let names: Vec<(&str, VolumeFileKind, f64)> = top
        .iter()
        .map(|f| (f.name.as_str(), f.kind, f.size))
        .collect();
    assert_eq!(
        names,
        [
            ("site", VolumeFileKind::Folder, 0.0),
            ("hello.txt", VolumeFileKind::File, 20.0)
        ]
    );
    let site = engine
        .volume_files_list(&volume, "site", &cancel)
        .await
        .unwrap();
    let paths: Vec<&str> = site.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["site/css", "site/index.html"]);
    let missing = engine
        .volume_files_list(&volume, "nope", &cancel)
        .await
        .unwrap_err();
    assert!(matches!(missing, EngineError::NotFound(_)), "{missing:?}");

    // Download a folder: the same as `docker cp` from a container mounting the volume.
    let ours = tempfile::tempdir().unwrap();
    engine
        .volume_copy_from(&volume, "site", ours.path(), &cancel, |_| {})
        .await
        .unwrap();
    let theirs = tempfile::tempdir().unwrap();
    let peer = unique("vol-files-cp");
    labels.create(&peer, &["-v", &format!("{volume}:/d")], &["true"]);
    cli.run(&[
        "cp",
        &format!("{peer}:/d/site"),
        theirs.path().to_str().unwrap(),
    ]);
    let got = host_tree(ours.path());
    assert_eq!(got, host_tree(theirs.path()));
    assert!(got.contains(&"site/css/run.sh 19 755 #!/bin/sh\necho run\n".to_string()));

    // Backup, remove the files, restore into an empty volume: the same files.
    let before = listing(&cli, &volume);
    assert_eq!(before.len(), 5, "{before:?}");
    let backup = ours.path().join("volume.tar");
    engine
        .volume_backup(&volume, &backup, false, &cancel, |_| {})
        .await
        .unwrap();
    cli.run(&["rm", "-f", &peer]);
    cli.run(&["volume", "rm", &volume]);
    labels.volume(&volume);
    assert_eq!(listing(&cli, &volume), Vec::<String>::new());
    engine
        .volume_restore(&volume, &backup, false, &cancel, |_| {})
        .await
        .unwrap();
    assert_eq!(listing(&cli, &volume), before);

    // A volume that holds files is not restored into unless asked.
    let refused = engine
        .volume_restore(&volume, &backup, false, &cancel, |_| {})
        .await
        .unwrap_err();
    assert!(matches!(refused, EngineError::Conflict(_)), "{refused:?}");
    engine
        .volume_restore(&volume, &backup, true, &cancel, |_| {})
        .await
        .unwrap();
    assert_eq!(listing(&cli, &volume), before);

    assert_eq!(
        carriers_of(&cli, &volume),
        Vec::<String>::new(),
        "no carrier is left behind"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_or_cancelled_transfer_leaves_no_carrier() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let volume = unique("vol-files-fail");
    labels.volume(&volume);
    let dest = tempfile::tempdir().unwrap();
    // The path is not in the volume: the engine refuses after the carrier was made.
    let err = engine
        .volume_copy_from(
            &volume,
            "missing",
            dest.path(),
            &CancellationToken::new(),
            |_| {},
        )
        .await
        .unwrap_err();
    assert!(matches!(err, EngineError::NotFound(_)), "{err:?}");
    let cancelled = CancellationToken::new();
    cancelled.cancel();
    let err = engine
        .volume_files_list(&volume, "", &cancelled)
        .await
        .unwrap_err();
    assert!(matches!(err, EngineError::Cancelled), "{err:?}");
    let none = engine
        .volume_files_list("tugboat-test-no-such-volume", "", &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(none.to_string().contains("no volume named"), "{none}");
    assert_eq!(carriers_of(&cli, &volume), Vec::<String>::new());
}
