//! End to end, a volume's files in the real window: a file uploaded through the Files tab of
//! the volume's details is what a container mounting the volume reads.

use crate::e2e::{App, FileDialog, LIMIT, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_uploaded_in_the_files_tab_is_read_by_a_container() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let volume = unique("vol-e2e-files");
    labels.volume(&volume);
    let src = tempfile::tempdir().unwrap();
    let file = src.path().join("greeting.txt");
    std::fs::write(&file, "hello from the files tab\n").unwrap();

    let app = Volumes::open(&host).await;
    Volumes::filter(&app, &volume).await;
    app.click(&Volumes::row_part(&volume, "volume-name")).await;
    app.click(&App::css("volume-tab-files")).await;
    app.wait(&App::css("volume-files-empty"), LIMIT).await;
    app.answer_file_dialog(
        &App::css("volume-files-upload"),
        &format!("Upload a file into {volume}"),
        FileDialog::OpenFile,
        file.to_str().unwrap(),
    )
    .await;
    app.wait_text(
        &App::css("volume-files-done"),
        "Uploaded",
        Duration::from_secs(30),
    )
    .await;
    app.wait(
        "[data-testid='volume-file'][data-path='greeting.txt']",
        LIMIT,
    )
    .await;
    app.wait_text(&App::css("volume-files-command-text"), "docker cp", LIMIT)
        .await;
    app.shot("volume-files-uploaded").await;
    let read = cli.run(&[
        "run",
        "--rm",
        "-v",
        &format!("{volume}:/d"),
        &fixture_image(),
        "cat",
        "/d/greeting.txt",
    ]);
    assert_eq!(read, "hello from the files tab");
    let carriers = cli.lines(&[
        "ps",
        "-aq",
        "--filter",
        &format!("label=dev.tugboat.volume-files={volume}"),
    ]);
    assert!(carriers.is_empty(), "no carrier left: {carriers:?}");
    app.close().await;
}
