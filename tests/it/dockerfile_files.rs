//! The Dockerfile editor's files on a real file system: read with a revision, saved atomically
//! keeping permissions, refused when the file changed (or appeared, or vanished) on disk since
//! it was read, oversize and binary files refused by name, and no temporary file left behind.

use std::path::Path;
use tugboat_files::text::{file_names, read_text, revision_of, save_text, MAX_TEXT_BYTES};
use tugboat_files::FileError;

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect()
}

#[tokio::test]
async fn a_read_then_save_round_trips_and_moves_the_revision_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, "FROM busybox:1\r\nRUN echo hi\r\n").unwrap();

    let read = read_text(&path, "file").await.unwrap();
    assert_eq!(
        read.text, "FROM busybox:1\r\nRUN echo hi\r\n",
        "bytes kept as they are"
    );
    let first = read.revision.clone().unwrap();
    assert_eq!(first, revision_of(read.text.as_bytes()));

    let edited = "FROM busybox:1\r\nRUN echo héllo\r\n";
    let second = save_text(&path, edited, Some(&first), "file")
        .await
        .unwrap();
    assert_ne!(second, first);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    let again = read_text(&path, "file").await.unwrap();
    assert_eq!(again.revision.as_deref(), Some(second.as_str()));
    assert_eq!(again.text, edited);

    // Saving again from the new revision works; from the old one it does not.
    save_text(&path, "FROM busybox:1\n", Some(&second), "file")
        .await
        .unwrap();
    let err = save_text(&path, "stale", Some(&first), "file")
        .await
        .unwrap_err();
    assert!(matches!(err, FileError::Conflict(_)), "{err:?}");
    assert!(leftovers(dir.path()).is_empty());
}

#[tokio::test]
async fn a_missing_file_reads_empty_and_is_created_by_a_save_with_no_revision() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".dockerignore");
    let read = read_text(&path, "file").await.unwrap();
    assert_eq!(read.text, "");
    assert_eq!(read.revision, None);

    let rev = save_text(&path, "node_modules\n", None, "file")
        .await
        .unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "node_modules\n");
    assert_eq!(rev, revision_of(b"node_modules\n"));
}

#[tokio::test]
async fn a_file_changed_on_disk_since_it_was_read_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, "FROM busybox:1\n").unwrap();
    let read = read_text(&path, "file").await.unwrap();

    // Someone else changes one character: same length, and likely the same mtime second.
    std::fs::write(&path, "FROM busybox:2\n").unwrap();
    let err = save_text(&path, "FROM mine:1\n", read.revision.as_deref(), "file")
        .await
        .unwrap_err();
    match &err {
        FileError::Conflict(m) => {
            assert!(m.starts_with("file: "), "{m}");
            assert!(m.contains("changed on disk"), "{m}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "FROM busybox:2\n");
    assert!(leftovers(dir.path()).is_empty());
}

#[tokio::test]
async fn a_new_file_is_not_saved_over_one_that_appeared_and_a_deleted_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    // Read while missing, then someone creates it.
    assert_eq!(read_text(&path, "file").await.unwrap().revision, None);
    std::fs::write(&path, "theirs\n").unwrap();
    let err = save_text(&path, "mine\n", None, "file").await.unwrap_err();
    assert!(
        matches!(err, FileError::Conflict(ref m) if m.contains("created on disk")),
        "{err:?}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "theirs\n");

    // Read, then someone deletes it.
    let read = read_text(&path, "file").await.unwrap();
    std::fs::remove_file(&path).unwrap();
    let err = save_text(&path, "mine\n", read.revision.as_deref(), "file")
        .await
        .unwrap_err();
    assert!(
        matches!(err, FileError::Conflict(ref m) if m.contains("deleted on disk")),
        "{err:?}"
    );
    assert!(!path.exists());
    assert!(leftovers(dir.path()).is_empty());
}

#[cfg(unix)]
#[tokio::test]
async fn a_save_keeps_the_files_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("build.sh.Dockerfile");
    std::fs::write(&path, "FROM busybox:1\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o751)).unwrap();
    let read = read_text(&path, "file").await.unwrap();
    save_text(
        &path,
        "FROM busybox:1\nUSER 1000\n",
        read.revision.as_deref(),
        "file",
    )
    .await
    .unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o751);
}

#[cfg(unix)]
#[tokio::test]
async fn a_symlinked_file_is_saved_through_to_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.Dockerfile");
    let link = dir.path().join("Dockerfile");
    std::fs::write(&target, "FROM busybox:1\n").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let read = read_text(&link, "file").await.unwrap();
    save_text(
        &link,
        "FROM busybox:1\nUSER 1\n",
        read.revision.as_deref(),
        "file",
    )
    .await
    .unwrap();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "FROM busybox:1\nUSER 1\n"
    );
}

#[tokio::test]
async fn oversize_and_binary_files_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.Dockerfile");
    std::fs::write(&big, vec![b'#'; MAX_TEXT_BYTES + 1]).unwrap();
    let err = read_text(&big, "file").await.unwrap_err();
    assert!(
        matches!(err, FileError::InvalidInput(ref m) if m.starts_with("file: ") && m.contains("at most 4 MiB")),
        "{err:?}"
    );

    let binary = dir.path().join("Dockerfile");
    std::fs::write(&binary, [b'F', b'R', 0xff, 0xfe, b'\n']).unwrap();
    let err = read_text(&binary, "file").await.unwrap_err();
    assert!(
        matches!(err, FileError::InvalidInput(ref m) if m.contains("not UTF-8")),
        "{err:?}"
    );
    let nul = dir.path().join("nul.Dockerfile");
    std::fs::write(&nul, b"FROM a\0b\n").unwrap();
    let err = read_text(&nul, "file").await.unwrap_err();
    assert!(
        matches!(err, FileError::InvalidInput(ref m) if m.contains("binary")),
        "{err:?}"
    );

    // Saving more than the limit is refused before anything is written.
    let small = dir.path().join("small.Dockerfile");
    let huge = "#".repeat(MAX_TEXT_BYTES + 1);
    let err = save_text(&small, &huge, None, "file").await.unwrap_err();
    assert!(matches!(err, FileError::InvalidInput(_)), "{err:?}");
    assert!(!small.exists());
    assert!(leftovers(dir.path()).is_empty());
}

#[cfg(unix)]
#[tokio::test]
async fn a_failed_save_leaves_the_file_as_it_was_and_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ctx");
    std::fs::create_dir(&sub).unwrap();
    let path = sub.join("Dockerfile");
    std::fs::write(&path, "FROM busybox:1\n").unwrap();
    let read = read_text(&path, "file").await.unwrap();
    // A folder nobody may write in: the temporary file cannot be made (root ignores modes, so
    // the test checks whether the refusal really happens before asserting on it).
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).unwrap();
    let result = save_text(&path, "FROM other:1\n", read.revision.as_deref(), "file").await;
    let writable_anyway = std::fs::File::create(sub.join("probe")).is_ok();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
    if writable_anyway {
        // Running as root: the save went through; it must then be whole.
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "FROM other:1\n");
    } else {
        let err = result.unwrap_err();
        assert!(matches!(err, FileError::Io(_)), "{err:?}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "FROM busybox:1\n");
    }
    assert!(leftovers(&sub).is_empty());
}

#[tokio::test]
async fn a_folder_lists_its_files_only_sorted() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["web.dockerfile", "Dockerfile", ".dockerignore", "app.py"] {
        std::fs::write(dir.path().join(name), "x").unwrap();
    }
    std::fs::create_dir(dir.path().join("Dockerfile.d")).unwrap();
    let names = file_names(dir.path(), "folder").await.unwrap();
    assert_eq!(
        names,
        vec![".dockerignore", "Dockerfile", "app.py", "web.dockerfile"]
    );
}
