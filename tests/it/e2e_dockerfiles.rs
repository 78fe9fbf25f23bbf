//! The Dockerfiles view through the real window: open a folder with the system's folder dialog,
//! type into the CodeMirror editor, save with Ctrl+S and find the edit on disk; a change made
//! behind the app's back is caught before it is overwritten; a template opens into a new
//! folder. Screenshots at the default size and the minimum.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::e2e_layout::resize;
use crate::pages::Dockerfiles;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dockerfile_is_typed_saved_and_guarded_against_changes_on_disk() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let dir = tempfile::tempdir().unwrap();
    let dockerfile = dir.path().join("Dockerfile");
    std::fs::write(&dockerfile, "FROM tugboat-fixture/busybox:1\n").unwrap();

    let app = Dockerfiles::open(&host).await;
    app.wait(&App::css("dockerfiles-empty"), LIMIT).await;
    app.shot("dockerfiles-empty").await;
    Dockerfiles::open_folder(&app, dir.path()).await;
    Dockerfiles::wait_editor_text(&app, "FROM tugboat-fixture/busybox:1\n").await;
    assert_eq!(app.text("dockerfile-file").await, "Dockerfile");
    // CodeMirror's own style sheet got past the CSP (through the page's style nonce): the line
    // numbers sit beside the text, not above it.
    let laid_out = app
        .client()
        .execute(
            "const g = document.querySelector(\"[data-testid='code-editor'] .cm-gutters\");\
             const c = document.querySelector(\"[data-testid='code-editor-content']\");\
             return g.getBoundingClientRect().right <= c.getBoundingClientRect().left + 1 \
                 && getComputedStyle(document.querySelector('.cm-scroller')).display === 'flex';",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        laid_out,
        serde_json::json!(true),
        "the editor's styles apply"
    );

    // Typing goes into CodeMirror through WebDriver, and Ctrl+S saves it.
    Dockerfiles::type_at_end(&app, "RUN echo hello\nCMD [\"sh\"]").await;
    // closeBrackets adds the closing ] and " as you type; typing them steps over them.
    let want = "FROM tugboat-fixture/busybox:1\nRUN echo hello\nCMD [\"sh\"]";
    Dockerfiles::wait_editor_text(&app, want).await;
    app.wait(
        "[data-testid='dockerfile-tab-dockerfile'][data-dirty='true']",
        LIMIT,
    )
    .await;
    Dockerfiles::type_text(
        &app,
        &format!(
            "{}s{}",
            fantoccini::key::Key::Control,
            fantoccini::key::Key::Null
        ),
    )
    .await;
    app.wait(
        "[data-testid='dockerfile-tab-dockerfile'][data-dirty='false']",
        LIMIT,
    )
    .await;
    wait_file(&dockerfile, want).await;
    app.shot("dockerfiles-saved").await;

    // Someone else changes the file; the next save is refused and nothing is overwritten.
    std::fs::write(&dockerfile, "FROM tugboat-fixture/busybox:1\nUSER 1000\n").unwrap();
    Dockerfiles::type_at_end(&app, "\nEXPOSE 8080").await;
    app.click(&App::css("dockerfile-save")).await;
    let bar = app.wait(&Dockerfiles::conflict(), LIMIT).await;
    assert!(
        bar.text().await.unwrap().contains("changed on disk"),
        "{:?}",
        bar.text().await
    );
    app.shot("dockerfiles-conflict").await;
    assert_eq!(
        std::fs::read_to_string(&dockerfile).unwrap(),
        "FROM tugboat-fixture/busybox:1\nUSER 1000\n"
    );

    // Reload from disk shows their version; saving an edit of it then works.
    app.click(&App::css("dockerfile-conflict-reload")).await;
    app.wait_gone(&Dockerfiles::conflict(), LIMIT).await;
    Dockerfiles::wait_editor_text(&app, "FROM tugboat-fixture/busybox:1\nUSER 1000\n").await;
    Dockerfiles::type_at_end(&app, "EXPOSE 8080").await;
    Dockerfiles::save(&app).await;
    wait_file(
        &dockerfile,
        "FROM tugboat-fixture/busybox:1\nUSER 1000\nEXPOSE 8080",
    )
    .await;

    // The .dockerignore tab creates the file on its first save.
    Dockerfiles::open_file_tab(&app, "ignore").await;
    Dockerfiles::type_text(&app, ".git").await;
    app.click(&App::css("dockerfile-save")).await;
    wait_file(&dir.path().join(".dockerignore"), ".git").await;

    // Both sizes: nothing cut or overlapping (looked at by eye; the shots are kept).
    resize(&app, 760, 520).await;
    Dockerfiles::open_file_tab(&app, "dockerfile").await;
    app.shot("dockerfiles-760x520").await;
    resize(&app, 1200, 800).await;
    app.shot("dockerfiles-1200x800").await;
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_is_written_into_a_chosen_folder_and_opens() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let dir = tempfile::tempdir().unwrap();
    let template =
        include_str!("../../ui/src/lib/components/dockerfiles/templates/static-site.Dockerfile");

    let app = Dockerfiles::open(&host).await;
    app.click(&App::css("dockerfile-empty-template")).await;
    app.click("[data-testid='dockerfile-template'][data-id='static-site']")
        .await;
    app.wait_text(&App::css("dockerfile-template-preview"), "busybox", LIMIT)
        .await;
    app.shot("dockerfiles-templates").await;
    app.answer_file_dialog(
        &App::css("dockerfile-template-use"),
        "Choose a folder for the template",
        crate::e2e::FileDialog::OpenFolder,
        dir.path().to_str().unwrap(),
    )
    .await;
    app.wait(
        &format!(
            "[data-testid='dockerfiles-view'][data-folder='{}']",
            dir.path().display()
        ),
        LIMIT,
    )
    .await;
    wait_file(&dir.path().join("Dockerfile"), template).await;
    let shown = Dockerfiles::editor_text(&app).await;
    assert!(
        shown.starts_with(template.lines().next().unwrap()),
        "the editor shows {shown:.200}"
    );
    app.wait(
        "[data-testid='dockerfile-tab-dockerfile'][data-dirty='false']",
        LIMIT,
    )
    .await;
    app.close().await;
}
