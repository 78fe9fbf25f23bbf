//! End to end, images as files through the real window: an image with two tags is saved with
//! the Save action (the system's save dialog answered as a person would), removed, and loaded
//! back with the Load tool; the engine then has the same id with both tags.

use crate::e2e::{App, FileDialog, LIMIT, ONE_WINDOW};
use crate::images::{image_guard, labelled_image};
use crate::pages::*;
use crate::support::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn save_and_load_an_image_through_the_dialogs() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let _images = image_guard(&labels);
    let repo = unique("e2e-save");
    let (first, second) = (format!("{repo}:1"), format!("{repo}:2"));
    let id = labelled_image(&labels, Some(&first), "e2e-save");
    cli.run(&["tag", &first, &second]);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("saved.tar");

    let app = Images::open(&host).await;
    Images::open_details(&app, &first, &id).await;
    app.click(&App::css("image-action-save")).await;
    app.wait(&App::css("image-save-dialog"), LIMIT).await;
    app.answer_file_dialog(
        &App::css("image-save-choose"),
        &format!("Save {first} and 1 more to"),
        FileDialog::Save,
        dest.to_str().unwrap(),
    )
    .await;
    app.wait_text(
        &App::css("image-save-command-text"),
        &format!("docker save -o {} {first} {second}", dest.display()),
        LIMIT,
    )
    .await;
    app.shot("image-save-dialog").await;
    app.click(&App::css("image-save-start")).await;
    app.wait_text(
        &App::css("image-save-done"),
        "Saved 1 image",
        Duration::from_secs(60),
    )
    .await;
    app.shot("image-save-done").await;
    let listing = std::process::Command::new("tar")
        .arg("-tf")
        .arg(&dest)
        .output()
        .unwrap();
    assert!(listing.status.success(), "the saved file is a tar");
    assert!(String::from_utf8_lossy(&listing.stdout)
        .lines()
        .any(|l| l == "manifest.json"));
    app.click(&App::css("image-save-close")).await;
    app.wait_gone(&App::css("image-save-dialog"), LIMIT).await;
    app.click(&App::css("image-panel-close")).await;
    app.wait_gone(&Images::panel(&id), LIMIT).await;

    cli.run(&["rmi", &first, &second]);
    assert!(cli.try_run(&["image", "inspect", &id]).is_err());

    app.click(&App::css("image-tool-load")).await;
    app.wait(&App::css("image-load-dialog"), LIMIT).await;
    app.answer_file_dialog(
        &App::css("image-load-choose"),
        "Load images from",
        FileDialog::OpenFile,
        dest.to_str().unwrap(),
    )
    .await;
    app.wait_text(
        &App::css("image-load-command-text"),
        &format!("docker load -i {}", dest.display()),
        LIMIT,
    )
    .await;
    app.click(&App::css("image-load-start")).await;
    app.wait_text(
        &App::css("image-load-done"),
        "Loaded 2 image names",
        Duration::from_secs(60),
    )
    .await;
    app.wait(
        &format!("[data-testid='image-loaded'][data-ref='{first}'][data-id='{id}']"),
        LIMIT,
    )
    .await;
    app.shot("image-load-done").await;
    let tags = cli.run(&["image", "inspect", "-f", "{{join .RepoTags \" \"}}", &id]);
    let mut tags: Vec<&str> = tags.split(' ').collect();
    tags.sort();
    assert_eq!(
        tags,
        [first.as_str(), second.as_str()],
        "same id, both tags"
    );
    app.click(&App::css("image-load-close")).await;
    Images::filter(&app, &repo).await;
    let row = app.wait(&Images::row(&first), LIMIT).await;
    assert_eq!(
        row.attr("data-id").await.unwrap().as_deref(),
        Some(id.as_str())
    );
    app.close().await;
}
