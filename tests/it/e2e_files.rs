//! End to end, the places where the app meets this computer's files through the system's own
//! dialogs: exporting a container to a .tar, choosing a bind-mount folder, loading a .env file.

use crate::e2e::{App, ONE_WINDOW};
use crate::support::*;
use std::time::Duration;

async fn open_inspect(host: &str, name: &str, id: &str) -> App {
    let app = App::launch(host).await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;
    app.click(&App::css("nav-containers")).await;
    app.click(&format!(
        "[data-testid='container-row'][data-name='{name}'] [data-testid='row-name']"
    ))
    .await;
    app.wait(
        &format!("[data-testid='inspect-panel'][data-id='{id}']"),
        Duration::from_secs(5),
    )
    .await;
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_writes_the_tar_chosen_in_the_save_dialog() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let name = unique("export");
    let id = cli.run(&[
        "run",
        "-d",
        "--name",
        &name,
        "--label",
        &labels.label_arg(),
        &fixture_image(),
        "sh",
        "-c",
        "echo exported-by-tugboat > /note.txt; sleep 300",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("from-dialog.tar");
    let app = open_inspect(&host, &name, &id).await;
    app.click(&App::css("inspect-export")).await;
    app.click(&App::css("export-choose")).await;
    app.answer_file_dialog(&format!("Export {name} to"), dest.to_str().unwrap(), false)
        .await;
    app.wait_text(
        &App::css("export-command-text"),
        &format!("docker export --output {} {name}", dest.display()),
        Duration::from_secs(5),
    )
    .await;
    app.shot("export-dialog").await;
    app.click(&App::css("export-start")).await;
    app.wait_text(
        &App::css("export-done"),
        &dest.display().to_string(),
        Duration::from_secs(30),
    )
    .await;
    let note = std::process::Command::new("tar")
        .arg("-xOf")
        .arg(&dest)
        .arg("note.txt")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&note.stdout),
        "exported-by-tugboat\n"
    );

    // The same path again: refused, with a way to replace it; the file is kept meanwhile.
    let before = std::fs::metadata(&dest).unwrap().len();
    app.click(&App::css("export-close")).await;
    app.click(&App::css("inspect-export")).await;
    app.wait(&App::css("export-destination"), Duration::from_secs(5))
        .await
        .send_keys(dest.to_str().unwrap())
        .await
        .unwrap();
    app.click(&App::css("export-start")).await;
    app.wait_text(
        &App::css("export-error"),
        "already exists",
        Duration::from_secs(10),
    )
    .await;
    assert_eq!(std::fs::metadata(&dest).unwrap().len(), before);
    app.click(&App::css("export-replace")).await;
    app.wait(&App::css("export-done"), Duration::from_secs(30))
        .await;
    assert_eq!(std::fs::metadata(&dest).unwrap().len(), before);
    app.close().await;
}
