//! Images as files against the real engine: `docker save` → remove → `docker load` gives back
//! the same ids and tags; a cancelled save leaves nothing; an imported filesystem tarball runs;
//! a file that is no image archive, and a search without internet, fail in words.

use crate::support::*;
use std::path::Path;
use tokio_util::sync::CancellationToken;
use tugboat_engine::containers::export::ExportProgress;
use tugboat_engine::images::archive::Sent;
use tugboat_engine::images::search::SearchError;
use tugboat_engine::EngineError;
use tugboat_runspec::image_archive_spec::ImportForm;

/// Removes the images named when dropped (pass or fail): the images these tests make carry
/// names of their own, so nothing else is touched.
struct RemoveImages(Cli, Vec<String>);
impl Drop for RemoveImages {
    fn drop(&mut self) {
        for r in &self.1 {
            let _ = self.0.try_run(&["rmi", "-f", r]);
        }
    }
}

fn part_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect()
}

/// A new image of its own (a commit of a fixture container that wrote `content`), named
/// `reference`; returns its id.
fn commit_image(cli: &Cli, labels: &Labelled, reference: &str, content: &str) -> String {
    let name = unique("img-src");
    cli.run(&[
        "run",
        "--name",
        &name,
        "--label",
        &labels.label_arg(),
        &fixture_image(),
        "sh",
        "-c",
        &format!("echo {content} > /content.txt"),
    ]);
    let change = format!("LABEL {}", labels.label_arg());
    cli.run(&["commit", "-c", &change, &name, reference]);
    cli.run(&["image", "inspect", "-f", "{{.Id}}", reference])
}

fn tags_of(cli: &Cli, id: &str) -> Vec<String> {
    let mut tags: Vec<String> = cli
        .run(&["image", "inspect", "-f", "{{join .RepoTags \"\\n\"}}", id])
        .lines()
        .map(str::to_owned)
        .collect();
    tags.sort();
    tags
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn save_remove_load_keeps_ids_and_every_tag() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let repo = unique("it/save");
    let (a1, a2, b1) = (
        format!("{repo}-a:1"),
        format!("{repo}-a:2"),
        format!("{repo}-b:1"),
    );
    let _cleanup = RemoveImages(cli.clone(), vec![a1.clone(), a2.clone(), b1.clone()]);
    let id_a = commit_image(&cli, &labels, &a1, "first");
    cli.run(&["tag", &a1, &a2]);
    let id_b = commit_image(&cli, &labels, &b1, "second");
    assert_ne!(id_a, id_b);

    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("two images.tar");
    let mut estimate = None;
    let mut written = Vec::new();
    let bytes = engine
        .images_save(
            &[a1.clone(), a2.clone(), b1.clone()],
            &dest,
            false,
            &CancellationToken::new(),
            |p| match p {
                ExportProgress::Sized(s) => estimate = s,
                ExportProgress::Written(b) => written.push(b),
            },
        )
        .await
        .unwrap();
    assert_eq!(bytes, std::fs::metadata(&dest).unwrap().len());
    assert_eq!(written.last(), Some(&bytes));
    assert!(
        estimate.is_some_and(|e| e > 0),
        "an estimate from the images' sizes"
    );
    assert!(part_files(dir.path()).is_empty());

    cli.run(&["rmi", &a1, &a2, &b1]);
    assert!(
        cli.try_run(&["image", "inspect", &id_a]).is_err(),
        "removed"
    );

    let mut sent: Vec<Sent> = Vec::new();
    let loaded = engine
        .images_load(&dest, &CancellationToken::new(), |s| sent.push(s))
        .await
        .unwrap();
    let last = sent.last().unwrap();
    assert_eq!(
        (last.bytes, last.total),
        (bytes, bytes),
        "the whole file was sent"
    );

    let mut refs: Vec<(Option<String>, String)> =
        loaded.into_iter().map(|l| (l.reference, l.id)).collect();
    refs.sort();
    let mut expected = vec![
        (Some(a1.clone()), id_a.clone()),
        (Some(a2.clone()), id_a.clone()),
        (Some(b1.clone()), id_b.clone()),
    ];
    expected.sort();
    assert_eq!(refs, expected, "the load reports each image it brought in");
    // And the engine agrees: same ids, every tag back.
    assert_eq!(tags_of(&cli, &id_a), {
        let mut t = vec![a1.clone(), a2.clone()];
        t.sort();
        t
    });
    assert_eq!(tags_of(&cli, &id_b), vec![b1.clone()]);
}

/// A save cancelled while the tar streams leaves neither the file nor its temporary file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_save_leaves_no_file_and_no_temporary_file() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let reference = format!("{}:big", unique("it/save-cancel"));
    let _cleanup = RemoveImages(cli.clone(), vec![reference.clone()]);
    // 128 MB of zeros in a layer: the save streams well past the first progress report (after
    // 100 ms of streaming), so the cancel lands mid-stream.
    let name = unique("img-big");
    let (cli2, label, name2) = (cli.clone(), labels.label_arg(), name.clone());
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
            "count=128",
        ])
    })
    .await
    .unwrap();
    cli.run(&[
        "commit",
        "-c",
        &format!("LABEL {}", labels.label_arg()),
        &name,
        &reference,
    ]);

    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("never.tar");
    let cancel = CancellationToken::new();
    let mut written_when_cancelled = None;
    let result = engine
        .images_save(
            std::slice::from_ref(&reference),
            &dest,
            false,
            &cancel,
            |p| {
                if let ExportProgress::Written(b) = p {
                    if written_when_cancelled.is_none() {
                        written_when_cancelled = Some(b);
                        cancel.cancel();
                    }
                }
            },
        )
        .await;
    assert_eq!(result, Err(EngineError::Cancelled));
    let at = written_when_cancelled.expect("a progress report came before the end");
    assert!(
        at > 0 && at < 128 * 1024 * 1024,
        "cancelled mid-stream, at {at} bytes"
    );
    assert!(!dest.exists(), "no file at the destination");
    assert!(part_files(dir.path()).is_empty(), "no temporary file left");

    // An unknown image is refused by name before any file is made.
    let missing = unique("it/no-such-image");
    let e = engine
        .images_save(
            std::slice::from_ref(&missing),
            &dest,
            false,
            &CancellationToken::new(),
            |_| {},
        )
        .await
        .unwrap_err();
    assert!(matches!(e, EngineError::InvalidInput(_)), "{e:?}");
    assert!(
        e.to_string().starts_with("refs: ") && e.to_string().contains(&missing),
        "{e}"
    );
    assert!(!dest.exists() && part_files(dir.path()).is_empty());
}

/// A busybox root filesystem (from `docker export`) imported with a CMD runs and prints hi;
/// the same tarball given to load is refused with a pointer to import, and a file that is no
/// archive at all is refused before anything is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_tarball_runs_and_load_refuses_what_is_not_an_image_archive() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("rootfs");
    labels.create(&name, &[], &[]);
    let dir = tempfile::tempdir().unwrap();
    let rootfs = dir.path().join("rootfs.tar");
    cli.run(&["export", "-o", rootfs.to_str().unwrap(), &name]);

    let reference = format!("{}:1", unique("it/imported"));
    let _cleanup = RemoveImages(cli.clone(), vec![reference.clone()]);
    let spec = ImportForm {
        reference: Some(reference.clone()),
        changes: vec![r#"CMD ["echo","hi"]"#.into()],
        message: Some("from a tarball".into()),
    }
    .validate()
    .unwrap();
    let mut sent = Vec::new();
    let imported = engine
        .image_import(&spec, &rootfs, &CancellationToken::new(), |s| sent.push(s))
        .await
        .unwrap();
    let size = std::fs::metadata(&rootfs).unwrap().len();
    assert_eq!(sent.last().map(|s| (s.bytes, s.total)), Some((size, size)));
    assert_eq!(imported.reference.as_deref(), Some(reference.as_str()));
    assert_eq!(
        imported.id,
        cli.run(&["image", "inspect", "-f", "{{.Id}}", &reference])
    );
    let run = cli.run(&["run", "--rm", "--label", &labels.label_arg(), &reference]);
    assert_eq!(run, "hi");
    let history = cli.run(&[
        "history",
        "--no-trunc",
        "--format",
        "{{.Comment}}",
        &reference,
    ]);
    assert_eq!(history, "from a tarball", "one layer, with the message");

    // The filesystem tarball is a tar, but not images: the engine refuses it, and the error
    // says to import it instead.
    let e = engine
        .images_load(&rootfs, &CancellationToken::new(), |_| {})
        .await
        .unwrap_err();
    assert!(matches!(e, EngineError::Api { .. }), "{e:?}");
    assert!(e.to_string().contains("use Import"), "{e}");

    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "these are notes, not images\n".repeat(100)).unwrap();
    let e = engine
        .images_load(&junk, &CancellationToken::new(), |_| {})
        .await
        .unwrap_err();
    assert!(matches!(e, EngineError::InvalidInput(_)), "{e:?}");
    assert!(
        e.to_string().starts_with("file: ")
            && e.to_string().contains("is not a docker image archive"),
        "{e}"
    );
    let e = engine
        .image_import(&spec, &junk, &CancellationToken::new(), |_| {})
        .await
        .unwrap_err();
    assert!(matches!(e, EngineError::InvalidInput(_)), "{e:?}");
}

/// The test engine has no internet: a search is the engine failing to reach Docker Hub, which
/// is told apart from the engine itself being unreachable.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_without_internet_says_docker_hub_is_unreachable() {
    let (_, _, _labels, engine) = TestEngine::start().await.into_parts();
    let e = engine.image_search("busybox", 5).await.unwrap_err();
    assert!(matches!(e, SearchError::Offline(_)), "{e:?}");
    assert!(e.to_string().contains("could not reach it"), "{e}");
    let e = engine.image_search("", 5).await.unwrap_err();
    assert!(
        matches!(e, SearchError::Engine(EngineError::InvalidInput(_))),
        "{e:?}"
    );
}
