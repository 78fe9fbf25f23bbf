//! End to end, the places where the app meets this computer's files through the system's own
//! dialogs: exporting a container to a .tar, choosing a bind-mount folder, loading a .env file.

use crate::e2e::{App, FileDialog, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_writes_the_tar_chosen_in_the_save_dialog() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let name = unique("export");
    let id = labels.run_detached(
        &name,
        &[],
        &[
            "sh",
            "-c",
            "echo exported-by-tugboat > /note.txt; sleep 300",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("from-dialog.tar");
    let app = Containers::open(&host).await;
    Containers::open_inspect(&app, &name, &id).await;
    app.click(&App::css("inspect-export")).await;
    app.answer_file_dialog(
        &App::css("export-choose"),
        &format!("Export {name} to"),
        FileDialog::Save,
        dest.to_str().unwrap(),
    )
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
    let typed = app
        .wait(&App::css("export-destination"), Duration::from_secs(5))
        .await;
    // A path typed but never chosen in the save dialog: not written, whatever it is.
    let elsewhere = dir.path().join("typed.tar");
    typed.send_keys(elsewhere.to_str().unwrap()).await.unwrap();
    app.click(&App::css("export-start")).await;
    app.wait_text(
        &App::css("export-error"),
        "was not chosen in the save dialog",
        Duration::from_secs(10),
    )
    .await;
    assert!(!elsewhere.exists());
    typed.clear().await.unwrap();
    // The file the dialog returned earlier in this session may be typed again.
    typed.send_keys(dest.to_str().unwrap()).await.unwrap();
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_and_an_env_file_chosen_in_dialogs_reach_the_container() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let name = unique("files");
    let _cleanup = remove_when_done(&cli, &name);
    let shared = tempfile::tempdir().unwrap();
    let env_dir = tempfile::tempdir().unwrap();
    let env_file = env_dir.path().join("app.env");
    std::fs::write(
        &env_file,
        "# settings for the test\nGREETING=hello from a file\nQUOTED=\"kept\"\nFROM_SHELL\n",
    )
    .unwrap();

    let app = Containers::open(&host).await;
    app.click(&App::css("open-run-form")).await;
    let set = |css: String, text: String| {
        let app = &app;
        async move {
            let e = app.wait(&css, Duration::from_secs(5)).await;
            e.clear().await.unwrap();
            e.send_keys(&text).await.unwrap();
        }
    };
    set(App::css("run-image"), fixture_image()).await;
    set(App::css("run-name"), name.clone()).await;
    set(
        App::css("run-command"),
        "sh -c 'echo \"$GREETING\" > /shared/out.txt; sleep 300'".into(),
    )
    .await;

    app.click_expecting(&App::css("add-mount"), &App::css("mount-kind"))
        .await;
    app.wait(&App::css("mount-kind"), Duration::from_secs(5))
        .await
        .select_by_value("bind")
        .await
        .unwrap();
    app.answer_file_dialog(
        &App::css("mount-choose"),
        "Folder to share with the container",
        FileDialog::OpenFolder,
        shared.path().to_str().unwrap(),
    )
    .await;
    set(App::css("mount-target"), "/shared".into()).await;

    app.answer_file_dialog(
        &App::css("env-load-file"),
        "Load environment variables from",
        FileDialog::OpenFile,
        env_file.to_str().unwrap(),
    )
    .await;
    app.wait_text(
        &App::css("env-load-note"),
        "quotes around QUOTED's value are part of the value",
        Duration::from_secs(10),
    )
    .await;
    app.wait_text(
        "[data-testid='env-load-note']:last-of-type",
        "FROM_SHELL has no `=value`",
        Duration::from_secs(5),
    )
    .await;
    let line = app
        .wait_text(
            &App::css("run-command-line-text"),
            "-e 'GREETING=hello from a file'",
            Duration::from_secs(10),
        )
        .await;
    assert!(
        line.contains(&format!("-v {}:/shared", shared.path().display())),
        "{line}"
    );
    app.shot("run-form-files").await;
    app.click(&App::css("run-submit")).await;
    app.wait(&App::css("run-started"), Duration::from_secs(20))
        .await;

    let out = shared.path().join("out.txt");
    let written = eventually(
        Duration::from_secs(10),
        "the container writes out.txt",
        || {
            let out = out.clone();
            async move { std::fs::read_to_string(&out).ok().filter(|s| !s.is_empty()) }
        },
    )
    .await;
    assert_eq!(written, "hello from a file\n");
    let env = cli.run(&["inspect", "-f", "{{json .Config.Env}}", &name]);
    assert!(env.contains(r#""QUOTED=\"kept\"""#), "{env}");
    assert!(!env.contains("FROM_SHELL"), "{env}");
    app.close().await;
}
