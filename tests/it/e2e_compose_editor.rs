//! The Compose editor through the real window: a compose file opened with the system's file
//! dialog (its `.env` beside it found), a mistake typed and marked on its line in the editor
//! and in Problems, then corrected; the Resolved panel showing a value filled in from `.env`;
//! the edit saved to disk; a change made behind the app's back caught on the next save.
//! Screenshots at the default size and the minimum.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::e2e_layout::resize;
use crate::pages::ComposeEditor;
use crate::support::*;
use std::time::{Duration, Instant};

/// Waits until the file at `path` holds `want` (the save is asynchronous).
async fn wait_file(path: &std::path::Path, want: &str) {
    let start = Instant::now();
    loop {
        let now = std::fs::read_to_string(path).unwrap_or_default();
        if now == want {
            return;
        }
        assert!(
            start.elapsed() < LIMIT,
            "{} holds {now:?}, not {want:?}",
            path.display()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

const COMPOSE: &str = "services:
  web:
    image: tugboat-fixture/busybox:${TAG}
    ports:
      - \"8080:80\"
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_compose_file_is_checked_resolved_saved_and_guarded() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("compose.yaml");
    std::fs::write(&file, COMPOSE).unwrap();
    std::fs::write(dir.path().join(".env"), "TAG=1\n").unwrap();

    let app = ComposeEditor::open(&host, &file).await;
    assert_eq!(ComposeEditor::text(&app).await, COMPOSE);
    assert_eq!(app.text("compose-env-file").await, ".env");

    // A port no engine accepts, typed on line 6: marked there, and listed in Problems.
    ComposeEditor::type_at_end(&app, "      - 99999:80").await;
    app.wait(&ComposeEditor::marked("port-syntax", 6), LIMIT)
        .await;
    let row = app
        .wait(&ComposeEditor::problem("port-syntax", 6), LIMIT)
        .await;
    assert!(
        row.text().await.unwrap().contains("99999"),
        "{:?}",
        row.text().await
    );
    app.shot("compose-editor-problem").await;

    // Corrected: the mark and the row go.
    ComposeEditor::backspace(&app, "99999:80".len()).await;
    ComposeEditor::type_at_end(&app, "8081:80").await;
    app.wait_gone(&ComposeEditor::problem("port-syntax", 6), LIMIT)
        .await;
    app.wait_gone(&ComposeEditor::marked("port-syntax", 6), LIMIT)
        .await;

    // Resolved: ${TAG} filled in from .env, and said so.
    ComposeEditor::panel(&app, "config").await;
    app.wait_text(
        "[data-testid='compose-config-yaml-content']",
        "tugboat-fixture/busybox:1",
        LIMIT,
    )
    .await;
    let tag = app.wait(&ComposeEditor::variable("TAG"), LIMIT).await;
    assert_eq!(
        tag.attr("data-from").await.unwrap().as_deref(),
        Some("envFile")
    );
    app.wait_text(
        "[data-testid='compose-config-command-text']",
        "config",
        LIMIT,
    )
    .await;
    app.shot("compose-editor-resolved").await;

    // Saved to disk, atomically: the file holds the edit and no temp file is left.
    let saved = format!("{COMPOSE}      - 8081:80");
    app.click(&App::css("compose-save")).await;
    app.wait(
        "[data-testid='compose-tab-compose'][data-dirty='false']",
        LIMIT,
    )
    .await;
    wait_file(&file, &saved).await;

    // Someone else changes the file: the next save is refused and nothing is overwritten.
    let theirs = "services:\n  web:\n    image: tugboat-fixture/busybox:1\n";
    std::fs::write(&file, theirs).unwrap();
    ComposeEditor::type_at_end(&app, "\n    restart: always").await;
    app.click(&App::css("compose-save")).await;
    let bar = app.wait(&App::css("compose-conflict"), LIMIT).await;
    assert!(
        bar.text().await.unwrap().contains("changed on disk"),
        "{:?}",
        bar.text().await
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs);
    app.shot("compose-editor-conflict").await;
    app.click(&App::css("compose-conflict-reload")).await;
    app.wait_gone(&App::css("compose-conflict"), LIMIT).await;
    assert_eq!(ComposeEditor::text(&app).await, theirs);

    // Both sizes: nothing cut or overlapping (looked at by eye; the shots are kept).
    resize(&app, 760, 520).await;
    app.shot("compose-editor-760x520").await;
    resize(&app, 1200, 800).await;
    app.shot("compose-editor-1200x800").await;
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    app.close().await;
}
