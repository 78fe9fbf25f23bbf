//! The build context packer on real temp folders: what `.dockerignore` leaves out, what a `!`
//! brings back, symlinks kept as links, the Dockerfile always sent, and the tar's contents.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use tugboat_files::context::{pack, scan, ContextKind};

fn write(root: &Path, rel: &str, bytes: usize) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, vec![b'x'; bytes]).unwrap();
}

/// The tar's entries: name → (kind, size, link target).
fn entries(tar_bytes: &[u8]) -> BTreeMap<String, (tar::EntryType, u64, Option<String>, u64)> {
    let mut a = tar::Archive::new(tar_bytes);
    a.entries()
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let h = e.header();
            (
                e.path().unwrap().to_string_lossy().into_owned(),
                (
                    h.entry_type(),
                    h.size().unwrap(),
                    e.link_name()
                        .unwrap()
                        .map(|l| l.to_string_lossy().into_owned()),
                    h.uid().unwrap(),
                ),
            )
        })
        .collect()
}

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "Dockerfile", 30);
    write(root, "app/main.go", 100);
    write(root, "app/main_test.go", 50);
    write(root, "node_modules/a/index.js", 1000);
    write(root, "node_modules/b/index.js", 2000);
    write(root, "logs/a.log", 10);
    write(root, "logs/keep.log", 20);
    write(root, "secret.env", 5);
    write(root, "README.md", 7);
    fs::write(
        root.join(".dockerignore"),
        "# build output and deps\nnode_modules\n/logs\n!logs/keep.log\n*.env\n**/*_test.go\nDockerfile\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc/passwd", root.join("outside")).unwrap();
    std::os::unix::fs::symlink("app/main.go", root.join("inside")).unwrap();
    dir
}

#[test]
fn the_summary_counts_what_is_sent_and_what_is_left_out() {
    let dir = fixture();
    let s = scan(dir.path(), "Dockerfile", true).unwrap();
    let sent: Vec<&str> = s.entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        sent,
        [
            ".dockerignore",
            "Dockerfile",
            "README.md",
            "app",
            "app/main.go",
            "inside",
            "logs/keep.log",
            "outside"
        ]
    );
    // Files and links sent: .dockerignore, Dockerfile, README, main.go, keep.log, two links.
    assert_eq!(s.files, 7);
    let ignore_len = fs::metadata(dir.path().join(".dockerignore"))
        .unwrap()
        .len();
    assert_eq!(s.bytes, ignore_len + 30 + 7 + 100 + 20);
    // node_modules (2 files), logs/a.log, secret.env, main_test.go.
    assert_eq!(s.ignored_files, 5);
    assert_eq!(s.ignored_bytes, 3000 + 10 + 5 + 50);
    assert!(s.has_dockerignore);
    assert_eq!(
        s.largest(3),
        [
            ("app/main.go".to_owned(), 100),
            (".dockerignore".to_owned(), ignore_len),
            ("Dockerfile".to_owned(), 30)
        ]
    );
    assert_eq!(s.warning(), None);

    // Without counting, left-out folders are not entered, and the same is sent.
    let quick = scan(dir.path(), "Dockerfile", false).unwrap();
    assert_eq!(quick.entries, s.entries);
    assert_eq!(quick.ignored_files, 3);
}

#[test]
fn the_tar_holds_exactly_the_sent_entries_as_root_with_links_kept() {
    let dir = fixture();
    let s = scan(dir.path(), "Dockerfile", false).unwrap();
    let mut out = Vec::new();
    let mut seen = Vec::new();
    let written = pack(dir.path(), &s, &mut out, &mut |n| seen.push(n)).unwrap();
    assert_eq!(written, out.len() as u64);
    assert_eq!(
        written,
        s.tar_bytes(),
        "the size told before sending is the size sent"
    );
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(seen.last(), Some(&written));
    let e = entries(&out);
    assert_eq!(e.len(), s.entries.len());
    assert_eq!(e["app/main.go"].1, 100);
    assert_eq!(e["app/"].0, tar::EntryType::Directory);
    assert_eq!(e["outside"].0, tar::EntryType::Symlink);
    assert_eq!(e["outside"].2.as_deref(), Some("/etc/passwd"));
    assert_eq!(e["inside"].2.as_deref(), Some("app/main.go"));
    assert!(
        e.values().all(|v| v.3 == 0),
        "owned by root as the CLI sends"
    );
    assert!(!e.contains_key("node_modules/a/index.js"));
    assert!(e.contains_key("logs/keep.log"));
}

#[test]
fn a_large_context_without_dockerignore_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", 10);
    let f = fs::File::create(dir.path().join("big.bin")).unwrap();
    f.set_len(101 * 1024 * 1024).unwrap();
    let s = scan(dir.path(), "Dockerfile", true).unwrap();
    assert!(!s.has_dockerignore);
    let w = s.warning().unwrap();
    assert!(
        w.contains("101 MB") && w.contains("no .dockerignore"),
        "{w}"
    );
    assert_eq!(s.largest(5)[0].0, "big.bin");
}

#[test]
fn a_dockerfile_in_a_left_out_folder_is_still_sent() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docker/dev.Dockerfile", 10);
    write(dir.path(), "docker/other", 10);
    fs::write(dir.path().join(".dockerignore"), "docker\n.dockerignore\n").unwrap();
    let s = scan(dir.path(), "docker/dev.Dockerfile", false).unwrap();
    let sent: Vec<&str> = s.entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(sent, [".dockerignore", "docker/dev.Dockerfile"]);
    assert!(s.entries.iter().all(|e| e.kind != ContextKind::Folder));
}

#[test]
fn a_missing_folder_or_a_bad_pattern_is_an_error_naming_it() {
    let e = scan(Path::new("/no/such/folder"), "Dockerfile", false).unwrap_err();
    assert!(e.to_string().contains("contextDir"), "{e}");
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(".dockerignore"), "ok\n[bad\n").unwrap();
    let e = scan(dir.path(), "Dockerfile", false).unwrap_err();
    assert!(e.to_string().contains("line 2"), "{e}");
}
