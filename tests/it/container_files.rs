//! A container's own files against the real engine: a folder listed by exec (running) and
//! through the archive API (stopped) gives the same entries; a downloaded folder is what
//! `docker cp` gives; an upload is what `docker exec … cat` reads; refusals name the place. And
//! against a fake engine that serves hostile archives: nothing lands outside the chosen folder.

use crate::support::*;
use std::path::Path;
use tokio_util::sync::CancellationToken;
use tugboat_engine::containers::files::ListWay;
use tugboat_engine::files::{FileEntry, FileKind};
use tugboat_engine::{Engine, EngineError};

/// What a listing says about each entry, without the times (a stopped container's archive and
/// a running one's `stat` agree on them, but the point here is the entries).
type Shape = (String, String, FileKind, u64, u32, Option<String>);
fn shape(entries: &[FileEntry]) -> Vec<Shape> {
    entries
        .iter()
        .map(|e| {
            (
                e.name.clone(),
                e.path.clone(),
                e.kind,
                e.size as u64,
                e.mode,
                e.link_target.clone(),
            )
        })
        .collect()
}

/// Makes `/data` in a running container: a file, an executable in a subfolder, a symlink.
fn seed_data(cli: &Cli, name: &str) {
    cli.run(&[
        "exec",
        name,
        "sh",
        "-c",
        "mkdir -p /data/bin && printf 'hello from the container\\n' > /data/greeting.txt && \
         printf '#!/bin/sh\\necho run\\n' > /data/bin/run.sh && chmod 755 /data/bin/run.sh && \
         ln -s greeting.txt /data/link",
    ]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_lists_the_same_running_by_exec_and_stopped_through_the_archive() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let cancel = CancellationToken::new();
    let name = unique("cfiles-list");
    labels.run_detached(&name, &[], &["sleep", "600"]);
    seed_data(&cli, &name);

    let (by_exec, way) = engine
        .container_files_list_how(&name, "/data", None, &cancel)
        .await
        .unwrap();
    assert_eq!(way, ListWay::Exec, "a running container is listed by exec");
    assert_eq!(
        shape(&by_exec),
        [
            (
                "bin".into(),
                "/data/bin".into(),
                FileKind::Folder,
                0,
                0o755,
                None
            ),
            (
                "greeting.txt".into(),
                "/data/greeting.txt".into(),
                FileKind::File,
                25,
                0o644,
                None
            ),
            (
                "link".into(),
                "/data/link".into(),
                FileKind::Symlink,
                0,
                0o777,
                Some("greeting.txt".into())
            ),
        ]
    );
    let (by_archive, _) = engine
        .container_files_list_how(&name, "/data", Some(ListWay::Archive), &cancel)
        .await
        .unwrap();
    assert_eq!(by_archive, by_exec, "both ways, times included");

    // /etc of the fixture, running.
    let etc_running = engine
        .container_files_list(&name, "/etc", &cancel)
        .await
        .unwrap();
    let names: Vec<&str> = etc_running.iter().map(|e| e.name.as_str()).collect();
    for expected in ["hostname", "hosts", "resolv.conf"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    let mtab = etc_running.iter().find(|e| e.name == "mtab").unwrap();
    assert_eq!(
        (mtab.kind, mtab.link_target.as_deref()),
        (FileKind::Symlink, Some("/proc/mounts"))
    );

    // A path that is not there, and one that is a file.
    let missing = engine
        .container_files_list(&name, "/nope", &cancel)
        .await
        .unwrap_err();
    assert!(
        matches!(&missing, EngineError::NotFound(m) if m.contains("/nope")),
        "{missing:?}"
    );
    let file = engine
        .container_files_list(&name, "/data/greeting.txt", &cancel)
        .await
        .unwrap_err();
    assert!(
        matches!(&file, EngineError::InvalidInput(m) if m.contains("not a folder")),
        "{file:?}"
    );

    // A file's start, to look at; a folder cannot be.
    let peek = engine
        .container_file_peek(&name, "/data/greeting.txt", &cancel)
        .await
        .unwrap();
    assert_eq!(
        (peek.text.as_str(), peek.binary, peek.shown, peek.size),
        ("hello from the container\n", false, 25.0, 25.0)
    );
    let busybox = engine
        .container_file_peek(&name, "/bin/busybox", &cancel)
        .await
        .unwrap();
    assert!(busybox.binary && busybox.text.is_empty(), "{busybox:?}");
    assert!(busybox.shown == 64.0 * 1024.0 && busybox.size > busybox.shown);
    let folder = engine
        .container_file_peek(&name, "/data", &cancel)
        .await
        .unwrap_err();
    assert!(matches!(folder, EngineError::InvalidInput(_)), "{folder:?}");

    // Stopped: the same folders, read through the archive.
    cli.run(&["stop", "-t", "0", &name]);
    let (stopped, way) = engine
        .container_files_list_how(&name, "/data", None, &cancel)
        .await
        .unwrap();
    assert_eq!(way, ListWay::Archive);
    assert_eq!(stopped, by_exec);
    let etc_stopped = engine
        .container_files_list(&name, "/etc", &cancel)
        .await
        .unwrap();
    let stopped_names: Vec<&str> = etc_stopped.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(stopped_names, names, "/etc, stopped");
    let refused = engine
        .container_files_list_how(&name, "/etc", Some(ListWay::Exec), &cancel)
        .await
        .unwrap_err();
    assert!(matches!(refused, EngineError::Conflict(_)), "{refused:?}");
    let missing = engine
        .container_files_list(&name, "/nope", &cancel)
        .await
        .unwrap_err();
    assert!(matches!(missing, EngineError::NotFound(_)), "{missing:?}");
    let none = engine
        .container_files_list("tugboat-test-no-such-container", "/", &cancel)
        .await
        .unwrap_err();
    assert!(
        matches!(&none, EngineError::NotFound(m) if m.starts_with("container:")),
        "{none:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_downloaded_folder_equals_docker_cp_running_or_stopped() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let cancel = CancellationToken::new();
    let name = unique("cfiles-down");
    labels.run_detached(&name, &[], &["sleep", "600"]);
    seed_data(&cli, &name);

    for state in ["running", "stopped"] {
        let ours = tempfile::tempdir().unwrap();
        let mut progress = Vec::new();
        let bytes = engine
            .container_copy_from(&name, "/data", ours.path(), &cancel, |b| progress.push(b))
            .await
            .unwrap();
        assert_eq!(bytes, 25 + 19, "{state}");
        assert!(progress.last().is_some_and(|b| *b > 0), "{progress:?}");
        let theirs = tempfile::tempdir().unwrap();
        cli.run(&[
            "cp",
            &format!("{name}:/data"),
            theirs.path().to_str().unwrap(),
        ]);
        let got = host_tree(ours.path());
        assert_eq!(got, host_tree(theirs.path()), "{state}");
        assert!(
            got.contains(&"data/bin/run.sh 19 755 #!/bin/sh\necho run\n".to_string()),
            "{got:?}"
        );
        assert!(
            got.contains(&"data/link -> greeting.txt".to_string()),
            "{got:?}"
        );

        // One file.
        let one = tempfile::tempdir().unwrap();
        engine
            .container_copy_from(&name, "/data/greeting.txt", one.path(), &cancel, |_| {})
            .await
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(one.path().join("greeting.txt")).unwrap(),
            "hello from the container\n"
        );
        cli.run(&["stop", "-t", "0", &name]);
    }
    let err = engine
        .container_copy_from(
            &name,
            "/nope",
            tempfile::tempdir().unwrap().path(),
            &cancel,
            |_| {},
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, EngineError::NotFound(m) if m.contains("/nope") && m.contains(&name)),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_is_what_exec_cat_reads_and_refusals_name_the_place() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let cancel = CancellationToken::new();
    let name = unique("cfiles-up");
    labels.run_detached(&name, &[], &["sleep", "600"]);
    cli.run(&["exec", &name, "mkdir", "-p", "/inbox"]);

    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("note.txt"), "uploaded by tugboat\n").unwrap();
    let folder = src.path().join("site");
    std::fs::create_dir_all(folder.join("css")).unwrap();
    std::fs::write(folder.join("css/a.css"), "body{}").unwrap();
    let mut progress = Vec::new();
    let bytes = engine
        .container_copy_to(
            &name,
            "/inbox",
            vec![src.path().join("note.txt"), folder],
            &cancel,
            |b| progress.push(b),
        )
        .await
        .unwrap();
    assert_eq!(bytes, 20 + 6);
    assert!(progress.last().is_some_and(|b| *b > 0), "{progress:?}");
    assert_eq!(
        cli.run(&["exec", &name, "cat", "/inbox/note.txt"]),
        "uploaded by tugboat"
    );
    assert_eq!(
        cli.run(&["exec", &name, "cat", "/inbox/site/css/a.css"]),
        "body{}"
    );
    // The listing shows it.
    let listed = engine
        .container_files_list(&name, "/inbox", &cancel)
        .await
        .unwrap();
    let names: Vec<&str> = listed.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["site", "note.txt"]);

    // A stopped container takes uploads too.
    cli.run(&["stop", "-t", "0", &name]);
    std::fs::write(src.path().join("note.txt"), "second\n").unwrap();
    engine
        .container_copy_to(
            &name,
            "/inbox",
            vec![src.path().join("note.txt")],
            &cancel,
            |_| {},
        )
        .await
        .unwrap();
    cli.run(&["start", &name]);
    assert_eq!(
        cli.run(&["exec", &name, "cat", "/inbox/note.txt"]),
        "second"
    );

    let note = || vec![src.path().join("note.txt")];
    let missing = engine
        .container_copy_to(&name, "/no/such", note(), &cancel, |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(&missing, EngineError::NotFound(m) if m.contains("/no/such")),
        "{missing:?}"
    );
    let file = engine
        .container_copy_to(&name, "/inbox/note.txt", note(), &cancel, |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(&file, EngineError::InvalidInput(m) if m.contains("not a folder")),
        "{file:?}"
    );

    // A read-only root filesystem, and a read-only mount in a writable one.
    let ro = unique("cfiles-ro");
    labels.run_detached(&ro, &["--read-only"], &["sleep", "600"]);
    let err = engine
        .container_copy_to(&ro, "/etc", note(), &cancel, |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(&err, EngineError::Conflict(m) if m.contains("--read-only") && m.contains("/etc")),
        "{err:?}"
    );
    let vol = unique("cfiles-rovol");
    labels.volume(&vol);
    let rom = unique("cfiles-rom");
    labels.run_detached(
        &rom,
        &["-v", &format!("{vol}:/shelf:ro")],
        &["sleep", "600"],
    );
    let err = engine
        .container_copy_to(&rom, "/shelf", note(), &cancel, |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(&err, EngineError::Conflict(m) if m.contains("read-only mount (/shelf)")),
        "{err:?}"
    );
}

/// A tar header for `name` (written raw: the point is names a careful writer refuses).
fn raw_header(name: &str, kind: u8, link: &str, size: usize) -> [u8; 512] {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    h[100..108].copy_from_slice(b"0000644\0");
    h[108..116].copy_from_slice(b"0000000\0");
    h[116..124].copy_from_slice(b"0000000\0");
    h[124..136].copy_from_slice(format!("{size:011o}\0").as_bytes());
    h[136..148].copy_from_slice(b"00000000000\0");
    h[156] = kind;
    h[157..157 + link.len()].copy_from_slice(link.as_bytes());
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|b| u32::from(*b)).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    h
}

fn raw_tar(entries: &[(&str, u8, &str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, kind, link, data) in entries {
        out.extend_from_slice(&raw_header(name, *kind, link, data.len()));
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

/// An engine on a unix socket that knows one stopped container, `evil`, whose archive of any
/// path is `tar`.
async fn fake_engine(socket: &Path, tar: Vec<u8>) -> tokio::task::JoinHandle<()> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::UnixListener::bind(socket).unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut conn, _)) = listener.accept().await else {
                return;
            };
            let tar = tar.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                loop {
                    let mut chunk = [0u8; 4096];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match conn.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
                    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
                    buf.drain(..end);
                    let target = head.split(' ').nth(1).unwrap_or("").to_owned();
                    let (kind, body): (&str, Vec<u8>) = if target.contains("/version") {
                        (
                            "application/json",
                            br#"{"ApiVersion":"1.41","Version":"20.10.24","MinAPIVersion":"1.12"}"#
                                .to_vec(),
                        )
                    } else if target.contains("/archive") {
                        ("application/x-tar", tar.clone())
                    } else if target.contains("/json") {
                        (
                            "application/json",
                            br#"{"Id":"evil","Name":"/evil","State":{"Running":false}}"#.to_vec(),
                        )
                    } else {
                        ("text/plain", b"OK".to_vec())
                    };
                    let head = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n",
                        body.len()
                    );
                    if conn.write_all(head.as_bytes()).await.is_err()
                        || conn.write_all(&body).await.is_err()
                    {
                        return;
                    }
                }
            });
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_archive_from_the_engine_writes_nothing_outside_the_chosen_folder() {
    let outside = tempfile::tempdir().unwrap();
    let dest = outside.path().join("chosen");
    std::fs::create_dir(&dest).unwrap();
    let abs = outside.path().join("escaped-abs.txt");
    let link_to_outside = outside.path().to_str().unwrap().to_owned();
    let cases: Vec<(String, Vec<u8>)> = vec![
        (
            "../escaped.txt".into(),
            raw_tar(&[
                ("data/", b'5', "", b""),
                ("data/ok.txt", b'0', "", b"fine"),
                ("../escaped.txt", b'0', "", b"evil"),
            ]),
        ),
        (
            abs.display().to_string(),
            raw_tar(&[
                ("data/", b'5', "", b""),
                (abs.to_str().unwrap(), b'0', "", b"evil"),
            ]),
        ),
        (
            "data/out/planted.txt".into(),
            raw_tar(&[
                ("data/", b'5', "", b""),
                ("data/out", b'2', &link_to_outside, b""),
                ("data/out/planted.txt", b'0', "", b"evil"),
            ]),
        ),
    ];
    for (i, (bad, tar)) in cases.into_iter().enumerate() {
        let socket = outside.path().join(format!("engine-{i}.sock"));
        let server = fake_engine(&socket, tar).await;
        let engine = Engine::connect(&format!("unix://{}", socket.display()))
            .await
            .unwrap();
        let err = engine
            .container_copy_from("evil", "/data", &dest, &CancellationToken::new(), |_| {})
            .await
            .unwrap_err();
        assert!(
            matches!(&err, EngineError::InvalidInput(m) if m.contains(&bad)),
            "{bad}: {err:?}"
        );
        server.abort();
        let _ = std::fs::remove_file(dest.join("data/out"));
    }
    assert!(!outside.path().join("escaped.txt").exists());
    assert!(!abs.exists());
    assert!(!outside.path().join("planted.txt").exists());
    let mut left: Vec<String> = std::fs::read_dir(outside.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".sock"))
        .collect();
    left.sort();
    assert_eq!(left, ["chosen"]);
}
