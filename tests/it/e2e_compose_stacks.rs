//! The stacks list through the real window: a project started by `docker-compose up -d` shows
//! in the Compose section with its services; Scale… takes a service to two containers (the
//! second appears under it); Down with volumes lists exactly the project's containers, network
//! and volume before anything goes, and after confirming, docker-compose sees nothing left.

use crate::compose_up::Project;
use crate::e2e::{App, LIMIT};
use crate::e2e_layout::resize;
use crate::pages::ComposeForm;
use crate::support::*;
use fantoccini::Locator;
use std::time::{Duration, Instant};

fn file() -> String {
    let image = fixture_image();
    format!(
        r#"services:
  db:
    image: {image}
    command: ["sleep", "300"]
    stop_grace_period: 1s
    volumes:
      - data:/data
  web:
    image: {image}
    command: ["sleep", "300"]
    stop_grace_period: 1s
    depends_on: [db]
volumes:
  data: {{}}
"#
    )
}

/// The elements matching `css` now.
async fn count(app: &App, css: &str) -> usize {
    app.client()
        .find_all(Locator::Css(css))
        .await
        .unwrap()
        .len()
}

/// Waits until `css` matches exactly `n` elements.
async fn wait_count(app: &App, css: &str, n: usize) {
    let start = Instant::now();
    loop {
        let now = count(app, css).await;
        if now == n {
            return;
        }
        assert!(
            start.elapsed() < LIMIT * 2,
            "{css}: {now} elements, not {n}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cli_stack_is_listed_scaled_and_taken_down_in_the_app() {
    let _window = crate::e2e::ONE_WINDOW.lock().await;
    let host = test_host();
    let project = Project::new("e2e-stacks");
    project.write(&file());
    project.compose_cli(&["up", "-d"]);

    let app = App::launch(&host).await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;
    app.click(&App::css("nav-compose")).await;
    let row = format!("[data-testid='stack-row'][data-name='{}']", project.name);
    app.wait(&row, LIMIT).await;
    app.click(&row).await;
    app.wait(
        &format!("[data-testid='stack-detail'][data-name='{}']", project.name),
        LIMIT,
    )
    .await;
    let web = "[data-testid='stack-service'][data-name='web']";
    wait_count(&app, &format!("{web} [data-testid='stack-container']"), 1).await;

    // Scale web to two containers.
    app.click(&format!("{web} [data-testid='stack-service-scale']"))
        .await;
    ComposeForm::fill_nth(&app, &App::css("compose-scale-replicas"), 0, "2").await;
    app.click(&App::css("compose-scale-confirm")).await;
    app.wait(&App::css("compose-scale-command"), LIMIT).await;
    let command = app.text("compose-scale-command").await;
    assert!(command.contains("web=2"), "{command}");
    app.click(&App::css("compose-scale-close")).await;
    wait_count(&app, &format!("{web} [data-testid='stack-container']"), 2).await;
    let ps = project.compose_cli(&["ps", "-q", "web"]);
    assert_eq!(ps.lines().count(), 2, "docker-compose ps -q web:\n{ps}");
    app.shot("compose-stacks-1200x800").await;
    resize(&app, 760, 520).await;
    app.shot("compose-stacks-760x520").await;
    resize(&app, 1200, 800).await;

    // Down with volumes: the preview is exactly the project's objects.
    app.click(&App::css("stack-down")).await;
    app.click(&App::css("compose-down-volumes")).await;
    let item = |kind: &str, name: &str| {
        format!("[data-testid='compose-down-item'][data-kind='{kind}'][data-name='{name}']")
    };
    wait_count(&app, &item("volume", &format!("{}_data", project.name)), 1).await;
    wait_count(
        &app,
        &item("network", &format!("{}_default", project.name)),
        1,
    )
    .await;
    wait_count(
        &app,
        "[data-testid='compose-down-item'][data-kind='container']",
        3,
    )
    .await;
    wait_count(&app, &App::css("compose-down-item"), 5).await;
    app.shot("compose-down-preview").await;
    app.click(&App::css("compose-down-confirm")).await;
    app.wait(&App::css("compose-down-steps"), LIMIT * 2).await;

    let ps = project.compose_cli(&["ps", "-q"]);
    assert!(
        ps.trim().is_empty(),
        "docker-compose ps -q after down:\n{ps}"
    );
    let cli = Cli::new(&host);
    let volumes = cli.run(&[
        "volume",
        "ls",
        "-q",
        "--filter",
        &format!("label=com.docker.compose.project={}", project.name),
    ]);
    assert!(volumes.trim().is_empty(), "volumes left: {volumes}");
    app.wait_gone(&row, LIMIT).await;
    app.close().await;
}
