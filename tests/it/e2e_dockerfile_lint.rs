//! End to end, the linter in the real window: a Dockerfile typed into the editor of a folder
//! opened through the system's dialog gets a `:latest` warning on the line that has it (marked
//! in the editor and listed in the Problems panel); fixing it by typing makes it go, and a
//! shell-form CMD goes with the panel's Fix button, which rewrites it in exec form.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use fantoccini::key::Key;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lint_warning_shows_on_its_line_and_goes_when_fixed() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let dir = tempfile::tempdir().unwrap();
    let app = DockerfileEditor::open_folder(&host, dir.path()).await;

    app.click(&App::css("code-editor-content")).await;
    DockerfileEditor::type_lines(
        &app,
        &[
            "# typed by the lint test",
            "FROM tugboat-fixture/busybox:latest",
            "USER nobody",
        ],
    )
    .await;
    app.click(&App::css("dockerfile-panel-tab-problems")).await;

    // The warning is on line 2, in the panel and in the editor (underline and gutter mark).
    let row = app
        .wait(&DockerfileEditor::problem("DF003", 2), LIMIT)
        .await;
    let said = row.text().await.unwrap();
    assert!(said.contains("pin a version tag"), "{said}");
    app.wait(&DockerfileEditor::marked("DF003", 2), LIMIT).await;
    app.wait(".cm-lintRange-warning", LIMIT).await;
    app.wait(".cm-lint-marker-warning", LIMIT).await;
    let tab = app.text("dockerfile-panel-tab-problems").await;
    assert_eq!(tab, "Problems (1)");
    app.shot("dockerfile-lint-latest").await;

    // Fixed by typing: a click on the row puts the cursor at the start of line 2, where
    // `latest` becomes `1`.
    app.click(&format!(
        "{} [data-testid='lint-problem-go']",
        DockerfileEditor::problem("DF003", 2)
    ))
    .await;
    DockerfileEditor::type_keys(&app, &Key::End.to_string()).await;
    let back = Key::Backspace.to_string().repeat("latest".len());
    DockerfileEditor::type_keys(&app, &format!("{back}1")).await;
    app.wait_gone(&DockerfileEditor::problem("DF003", 2), LIMIT)
        .await;
    app.wait_gone(&DockerfileEditor::marked("DF003", 2), LIMIT)
        .await;
    let text = DockerfileEditor::text(&app).await;
    assert!(
        text.contains("FROM tugboat-fixture/busybox:1\n"),
        "{text:?}"
    );
    app.wait_gone(".cm-lintRange-warning", LIMIT).await;
    app.wait(&App::css("lint-empty"), LIMIT).await;
    assert_eq!(app.text("dockerfile-panel-tab-problems").await, "Problems");
    app.shot("dockerfile-lint-clean").await;

    // Fixed with the quick fix: a shell-form CMD typed on line 4 becomes exec form.
    DockerfileEditor::type_keys(&app, &format!("{}{}", Key::Down, Key::End)).await;
    DockerfileEditor::type_lines(&app, &["", "CMD top -b"]).await;
    app.wait(&DockerfileEditor::marked("DF004", 4), LIMIT).await;
    let fix = format!(
        "{} [data-testid='lint-problem-fix']",
        DockerfileEditor::problem("DF004", 4)
    );
    app.wait(&fix, LIMIT).await;
    app.shot("dockerfile-lint-shell-form").await;
    // At the smallest window the row and its Fix button still fit.
    crate::e2e_layout::resize(&app, 760, 520).await;
    app.shot("dockerfile-lint-shell-form-min").await;
    app.click(&fix).await;
    app.wait_gone(&DockerfileEditor::problem("DF004", 4), LIMIT)
        .await;
    let text = DockerfileEditor::text(&app).await;
    assert!(text.ends_with("CMD [\"top\", \"-b\"]"), "{text}");
    app.wait(&App::css("lint-empty"), LIMIT).await;
    app.close().await;
}
