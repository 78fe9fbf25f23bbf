//! Up through the real window: a web + db compose file (web waits for db to be healthy) is
//! opened in the Compose section, the Run panel shows the `docker compose … up -d` line, Up
//! brings every step to done, and web's published port answers. docker-compose then lists
//! both services as Up: the stack is labelled the way the CLI reads it.

use crate::compose_up::{free_port, http_get, web_and_db, Project};
use crate::e2e::{App, LIMIT};
use crate::pages::ComposeEditor;
use crate::support::*;
use fantoccini::Locator;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn up_in_the_run_panel_brings_the_stack_up_in_dependency_order() {
    let _window = crate::e2e::ONE_WINDOW.lock().await;
    let host = test_host();
    let project = Project::new("e2e-up");
    let port = free_port();
    project.write(&web_and_db(port, "hello"));

    let app = ComposeEditor::open(&host, &project.file()).await;
    ComposeEditor::panel(&app, "run").await;
    let command = app
        .wait(&App::css("compose-run-command"), LIMIT)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        command.contains(&format!("-p {}", project.name)) && command.contains("up -d"),
        "{command}"
    );

    app.click(&App::css("compose-run-up")).await;
    // A healthcheck has to pass before web is created: allow for it beyond LIMIT.
    app.wait(&App::css("compose-run-done"), LIMIT * 3).await;

    app.shot("compose-up-done").await;
    let rows = app
        .client()
        .find_all(Locator::Css(&App::css("compose-up-row")))
        .await
        .unwrap();
    assert!(rows.len() >= 3, "network + two containers at least");
    for row in rows {
        let state = row.attr("data-state").await.unwrap().unwrap_or_default();
        let id = row.attr("data-id").await.unwrap().unwrap_or_default();
        assert_eq!(state, "done", "step {id}");
    }
    let containers = app
        .client()
        .find_all(Locator::Css(
            "[data-testid='compose-up-row'][data-object='container'][data-state='done']",
        ))
        .await
        .unwrap();
    assert_eq!(containers.len(), 2, "both containers done");

    let start = Instant::now();
    let page = loop {
        if let Some(body) = http_get(port).filter(|b| b.contains("hello from web")) {
            break body;
        }
        assert!(start.elapsed() < LIMIT, "web never answered on {port}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(page.starts_with("HTTP/1."), "{page}");

    let ps = project.compose_cli(&["ps"]);
    let up_lines = ps.lines().filter(|l| l.contains(" Up ")).count();
    assert_eq!(up_lines, 2, "docker-compose ps:\n{ps}");
    app.close().await;
}
