//! End to end, a container's files in the real window: browse into a folder and back, upload a
//! file (what `docker exec … cat` then reads), download a folder (what `docker cp` gives), in
//! the Files tab of the container's details; screenshots at the default and the minimum size.

use crate::e2e::{App, FileDialog, LIMIT, ONE_WINDOW};
use crate::e2e_layout::resize;
use crate::pages::*;
use crate::support::*;
use std::time::Duration;

/// Opens folder `path` with a pointer click on its name. WebKit's driver answers its element
/// click with "not interactable" for these name buttons though they are shown, enabled and
/// unobscured (the Download button beside them clicks fine); the same click as pointer actions,
/// a press and release over the button's centre, reaches it as a person's would.
async fn open_folder(app: &App, path: &str) {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
    let element = app.wait(&ContainerFiles::open(path), LIMIT).await;
    let arg = serde_json::to_value(&element).unwrap();
    app.client()
        .execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg])
        .await
        .unwrap();
    let click = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    app.client().perform_actions(click).await.unwrap();
    app.wait(&ContainerFiles::showing(path), LIMIT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browse_upload_and_download_in_the_files_tab() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let name = unique("cfiles-e2e");
    let id = labels.run_detached(&name, &[], &["sleep", "600"]);
    cli.run(&[
        "exec",
        &name,
        "sh",
        "-c",
        "mkdir -p /data/bin && printf 'kept in the container\\n' > /data/kept.txt && \
         printf '#!/bin/sh\\necho run\\n' > /data/bin/run.sh && chmod 755 /data/bin/run.sh && \
         ln -s kept.txt /data/link",
    ]);
    let src = tempfile::tempdir().unwrap();
    let upload = src.path().join("uploaded.txt");
    std::fs::write(&upload, "sent from the files tab\n").unwrap();
    let out = tempfile::tempdir().unwrap();

    let app = Containers::open(&host).await;
    resize(&app, 1200, 800).await;
    Containers::open_inspect(&app, &name, &id).await;
    Containers::open_tab(&app, &id, "files").await;
    let body = Containers::tab_body("files");
    app.wait(&format!("{body} {}", ContainerFiles::showing("/")), LIMIT)
        .await;

    // Into /data/bin, back to the top by the breadcrumb, into /data again.
    open_folder(&app, "/data").await;
    app.wait(&ContainerFiles::entry("/data/kept.txt"), LIMIT)
        .await;
    open_folder(&app, "/data/bin").await;
    app.wait(&ContainerFiles::entry("/data/bin/run.sh"), LIMIT)
        .await;
    app.click(&App::css("container-files-top")).await;
    app.wait(&ContainerFiles::showing("/"), LIMIT).await;
    open_folder(&app, "/data").await;
    app.wait_text(&ContainerFiles::entry("/data/link"), "kept.txt", LIMIT)
        .await;

    // Upload into the folder shown.
    app.answer_file_dialog(
        &App::css("container-files-upload"),
        &format!("Upload a file into {name}"),
        FileDialog::OpenFile,
        upload.to_str().unwrap(),
    )
    .await;
    app.wait_text(
        &App::css("container-files-done"),
        "Uploaded",
        Duration::from_secs(30),
    )
    .await;
    app.wait(&ContainerFiles::entry("/data/uploaded.txt"), LIMIT)
        .await;
    app.wait_text(
        &App::css("container-files-command-text"),
        &format!("docker cp {} {name}:/data", upload.display()),
        LIMIT,
    )
    .await;
    assert_eq!(
        cli.run(&["exec", &name, "cat", "/data/uploaded.txt"]),
        "sent from the files tab"
    );
    app.shot("container-files-1200x800").await;

    // Download /data from the top.
    app.click(&App::css("container-files-top")).await;
    app.wait(&ContainerFiles::showing("/"), LIMIT).await;
    app.answer_file_dialog(
        &ContainerFiles::download("/data"),
        &format!("Download from {name} into"),
        FileDialog::OpenFolder,
        out.path().to_str().unwrap(),
    )
    .await;
    app.wait_text(
        &App::css("container-files-done"),
        "Downloaded",
        Duration::from_secs(30),
    )
    .await;
    app.wait_text(
        &App::css("container-files-command-text"),
        &format!("docker cp {name}:/data"),
        LIMIT,
    )
    .await;
    let theirs = tempfile::tempdir().unwrap();
    cli.run(&[
        "cp",
        &format!("{name}:/data"),
        theirs.path().to_str().unwrap(),
    ]);
    let got = host_tree(out.path());
    assert_eq!(got, host_tree(theirs.path()));
    assert!(
        got.contains(&"data/uploaded.txt 24 644 sent from the files tab\n".to_string()),
        "{got:?}"
    );

    // The minimum window; then, stopped, the same folder read through the archive.
    resize(&app, 760, 520).await;
    app.wait(&ContainerFiles::entry("/data"), LIMIT).await;
    app.shot("container-files-760x520").await;
    resize(&app, 1200, 800).await;
    cli.run(&["stop", "-t", "0", &name]);
    app.wait_text(
        &App::css("container-files-state"),
        "writable layer",
        Duration::from_secs(20),
    )
    .await;
    open_folder(&app, "/data").await;
    app.wait(&ContainerFiles::entry("/data/uploaded.txt"), LIMIT)
        .await;
    app.shot("container-files-stopped").await;
}
