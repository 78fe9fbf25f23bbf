//! The Compose view's Form panel through the real window: a commented compose file is opened,
//! a port, a variable and a service are added in the form and saved; the file on disk keeps
//! every comment and line in their order and has the new entries. YAML typed in the editor
//! shows up in the form. Screenshots at the default size and the minimum.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::e2e_layout::resize;
use crate::pages::ComposeForm;
use crate::support::*;
use std::time::{Duration, Instant};

const FILE: &str = "# The shop: a web server in front of a database.
services:
  # Serves the pages on 8080.
  web:
    image: tugboat-fixture/busybox:1   # has httpd
    command: [\"httpd\", \"-f\", \"-p\", \"80\"]
    ports:
      - \"18080:80\"   # http
    environment:
      GREETING: hello   # on the front page
    depends_on:
      - db

  # Keeps the orders.
  db:
    image: tugboat-fixture/busybox:1
    command: [\"sleep\", \"3600\"]
";

/// Waits until the file at `path` satisfies `ok`, returning its text.
async fn wait_file(path: &std::path::Path, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let now = std::fs::read_to_string(path).unwrap_or_default();
        if ok(&now) {
            return now;
        }
        assert!(
            start.elapsed() < LIMIT,
            "{} never {what}: {now:?}",
            path.display()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Every line of `before` is in `after`, byte for byte and in the same order.
fn lines_kept(before: &str, after: &str) -> Result<(), String> {
    let out: Vec<&str> = after.lines().collect();
    let mut at = 0;
    for line in before.lines() {
        match out[at..].iter().position(|l| *l == line) {
            Some(i) => at += i + 1,
            None => return Err(format!("line {line:?} is gone or out of order")),
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_writes_into_the_commented_file_and_follows_the_yaml() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("compose.yaml");
    std::fs::write(&file, FILE).unwrap();

    let app = ComposeForm::launch(&host).await;
    ComposeForm::open_file(&app, &file).await;
    ComposeForm::open_panel(&app).await;
    ComposeForm::choose(&app, "web").await;

    // A second port and a variable on web.
    app.click(&App::css("add-port")).await;
    ComposeForm::fill_nth(&app, &App::css("port-host"), 1, "18443").await;
    ComposeForm::fill_nth(&app, &App::css("port-container"), 1, "443").await;
    app.click(&App::css("add-env")).await;
    ComposeForm::fill_nth(&app, ComposeForm::env_name(), 1, "MODE").await;
    ComposeForm::fill_nth(&app, ComposeForm::env_value(), 1, "shop").await;
    // And a new service.
    ComposeForm::add_service(&app, "cache", "tugboat-fixture/busybox:1").await;
    app.shot("compose-form-1200x800").await;

    ComposeForm::save(&app).await;
    let saved = wait_file(&file, "got the form's entries", |t| {
        t.contains("  cache:\n")
    })
    .await;
    lines_kept(FILE, &saved).unwrap_or_else(|e| panic!("{e}\n{saved}"));
    assert!(
        saved.contains("      - \"18080:80\"   # http\n      - \"18443:443\"\n"),
        "{saved}"
    );
    assert!(
        saved.contains("      GREETING: hello   # on the front page\n      MODE: shop\n"),
        "{saved}"
    );
    assert!(
        saved.ends_with("\n  cache:\n    image: tugboat-fixture/busybox:1\n"),
        "{saved}"
    );

    // YAML typed at the end of the file shows in the form once typing pauses.
    ComposeForm::type_at_end(&app, "networks: {backend: {}").await;
    app.wait(&ComposeForm::network("backend"), LIMIT).await;

    // The minimum size: the form fits its column, nothing runs off to the side.
    resize(&app, 760, 520).await;
    ComposeForm::choose(&app, "web").await;
    let fits = app
        .client()
        .execute(
            "const f = document.querySelector(\"[data-testid='compose-form']\");\
             const right = f.getBoundingClientRect().right + 1;\
             return Array.from(f.querySelectorAll('*'))\
               .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > right)\
               .map(e => e.tagName + '.' + e.className + ' ' + (e.getAttribute('data-testid') || ''));",
            vec![],
        )
        .await
        .unwrap();
    app.shot("compose-form-760x520").await;
    assert_eq!(
        fits,
        serde_json::json!([]),
        "these run past the form's right edge at 760 px"
    );
    resize(&app, 1200, 800).await;
    app.close().await;
}
