//! Swarm through the real window, on the swarm test engine (one lease: nothing else uses swarm
//! mode meanwhile): the swarm is made, a service of the fixture image is created from the form
//! with two replicas and a published port, its tasks show (and `docker service ps` agrees),
//! it is scaled to three, its environment is updated while the progress runs to completion, it
//! is removed after the dialog listed it and its tasks, and the engine leaves the swarm.

use crate::e2e::{App, LIMIT};
use crate::e2e_layout::resize;
use crate::pages::SwarmServices;
use crate::support::*;
use fantoccini::Locator;
use std::time::{Duration, Instant};
use tugboat_testkit::swarm::SwarmLease;

/// Tasks start slower than containers: the orchestrator places them first.
const TASKS: Duration = Duration::from_secs(60);

/// The running tasks of `service`, as `docker service ps` reports them.
fn running_tasks(cli: &Cli, service: &str) -> usize {
    cli.run(&[
        "service",
        "ps",
        "--filter",
        "desired-state=running",
        "--format",
        "{{.CurrentState}}",
        service,
    ])
    .lines()
    .filter(|l| l.starts_with("Running"))
    .count()
}

/// Waits until the CLI sees `n` running tasks of `service`.
async fn wait_cli_running(cli: &Cli, service: &str, n: usize) {
    let start = Instant::now();
    loop {
        let now = running_tasks(cli, service);
        if now == n {
            return;
        }
        assert!(
            start.elapsed() < TASKS,
            "docker service ps shows {now} running tasks of {service}, not {n}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn count(app: &App, css: &str) -> usize {
    app.client()
        .find_all(Locator::Css(css))
        .await
        .unwrap()
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_is_created_scaled_updated_and_removed_in_the_app() {
    let _window = crate::e2e::ONE_WINDOW.lock().await;
    let lease = SwarmLease::plain_async().await;
    let cli = lease.cli().clone();
    let name = unique("svc");

    // Init through the Overview, advertising the loopback address when it is offered.
    let app = App::launch(lease.host()).await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;
    app.click(&App::css("nav-swarm")).await;
    app.wait(&App::css("swarm-init"), LIMIT * 2).await;
    let loopback = "[data-testid='swarm-init-address'] option[value='127.0.0.1']";
    if app.find(loopback).await.is_some() {
        app.click(loopback).await;
    }
    app.wait(&App::css("swarm-init-command"), LIMIT).await;
    app.click(&App::css("swarm-init-submit")).await;
    app.wait(
        "[data-testid='swarm-view'][data-swarm-state='active']",
        LIMIT * 3,
    )
    .await;
    assert_eq!(lease.state(), "active");
    SwarmServices::open(&app).await;
    app.wait(&App::css("services-empty"), LIMIT).await;
    app.shot("swarm-services-empty").await;

    // Create: two replicas of the fixture's web server, port 18080 published through the mesh.
    app.click(&App::css("service-new")).await;
    app.wait(&App::css("service-form"), LIMIT).await;
    SwarmServices::fill(&app, "service-form-name", &name).await;
    SwarmServices::fill(&app, "service-form-image", &fixture_image()).await;
    SwarmServices::fill(&app, "service-form-command", "httpd -f -p 80").await;
    SwarmServices::fill(&app, "service-form-replicas", "2").await;
    app.click(&App::css("add-port")).await;
    SwarmServices::fill(&app, "port-host", "18080").await;
    SwarmServices::fill(&app, "port-container", "80").await;
    SwarmServices::form_settled(&app).await;
    let line = app
        .wait_text(
            "[data-testid='service-form-preview-text']",
            "--replicas 2",
            LIMIT,
        )
        .await;
    assert!(line.contains("docker service create"), "{line}");
    assert!(line.contains("18080"), "{line}");
    app.shot("swarm-service-form").await;
    app.click(&App::css("service-form-submit")).await;
    app.wait(&SwarmServices::row(&name), LIMIT * 2).await;
    // The list shows the published port and its mode. (Read as the cell's text content:
    // WebKitWebDriver calls this grid cell not displayed, and so gives no rendered text for it,
    // though the screenshot shows it on screen.)
    let ports_cell = format!(
        "{} [data-testid='service-row-ports']",
        SwarmServices::row(&name)
    );
    let started = std::time::Instant::now();
    let ports = loop {
        let text = match app.find(&ports_cell).await {
            Some(e) => e.prop("textContent").await.unwrap().unwrap_or_default(),
            None => String::new(),
        };
        if text.contains("18080→80/tcp (ingress)") {
            break text;
        }
        assert!(
            started.elapsed() < LIMIT,
            "the ports cell reads {text:?}, never 18080→80/tcp (ingress)"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(ports.contains("ingress"), "{ports}");
    app.shot("swarm-service-list-1200x800").await;

    // Its tasks: two running, and the CLI agrees.
    SwarmServices::open_detail(&app, &name).await;
    app.click(&App::css("service-tab-tasks")).await;
    SwarmServices::wait_running(&app, 2, TASKS).await;
    wait_cli_running(&cli, &name, 2).await;
    app.shot("swarm-service-tasks-1200x800").await;

    // Scale to three.
    app.click(&App::css("service-scale")).await;
    SwarmServices::fill(&app, "service-scale-replicas", "3").await;
    let scale = app
        .wait_text(
            "[data-testid='service-scale-command-text']",
            // The line quotes `name=3` (runspec's one quoting rule quotes a word with `=`).
            &format!("docker service scale '{name}=3'"),
            LIMIT,
        )
        .await;
    assert!(scale.contains("=3"), "{scale}");
    app.click(&App::css("service-scale-confirm")).await;
    app.wait_gone(&App::css("service-scale-dialog"), LIMIT)
        .await;
    SwarmServices::wait_running(&app, 3, TASKS).await;
    wait_cli_running(&cli, &name, 3).await;
    assert_eq!(
        count(&app, "[data-testid='service-task'][data-state='running']").await,
        3
    );

    // Update its environment and follow the rolling progress to its end.
    app.click(&App::css("service-update")).await;
    app.wait(&App::css("service-form"), LIMIT).await;
    app.click(&App::css("add-env")).await;
    SwarmServices::fill_nth(
        &app,
        "[data-testid='env-row'] input[aria-label='Variable name']",
        "GREETING",
    )
    .await;
    SwarmServices::fill_nth(
        &app,
        "[data-testid='env-row'] input[aria-label='Value']",
        "ahoy",
    )
    .await;
    SwarmServices::form_settled(&app).await;
    let update = app
        .wait_text(
            "[data-testid='service-form-preview-text']",
            "--env-add 'GREETING=ahoy'",
            LIMIT,
        )
        .await;
    assert!(update.starts_with("$ docker service update"), "{update}");
    assert!(
        !update.contains("--replicas"),
        "only what changed: {update}"
    );
    app.click(&App::css("service-form-submit")).await;
    app.wait(&App::css("service-update-progress"), LIMIT).await;
    app.wait(
        "[data-testid='service-update-progress'][data-state='completed']",
        TASKS * 2,
    )
    .await;
    app.shot("swarm-service-update").await;
    app.click(&App::css("service-form-close")).await;
    let env = cli.run(&[
        "service",
        "inspect",
        "--format",
        "{{json .Spec.TaskTemplate.ContainerSpec.Env}}",
        &name,
    ]);
    assert!(env.contains("GREETING=ahoy"), "{env}");
    wait_cli_running(&cli, &name, 3).await;

    resize(&app, 760, 520).await;
    app.shot("swarm-service-tasks-760x520").await;
    resize(&app, 1200, 800).await;

    // Remove: the dialog lists the service and every task `docker service rm` ends — the three
    // running and those the update replaced (`docker service ps` lists them all).
    let tasks = cli.lines(&["service", "ps", "-q", &name]).len();
    assert!(tasks >= 3, "docker service ps lists {tasks} tasks");
    app.click(&App::css("service-remove")).await;
    app.wait(&SwarmServices::remove_item("service"), LIMIT)
        .await;
    let start = Instant::now();
    while count(&app, &SwarmServices::remove_item("task")).await != tasks {
        assert!(
            start.elapsed() < LIMIT,
            "the remove dialog lists the {tasks} tasks docker service ps lists"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let rm = app.text("service-remove-command-text").await;
    assert!(rm.contains(&format!("docker service rm {name}")), "{rm}");
    app.shot("swarm-service-remove").await;
    app.click(&App::css("service-remove-confirm")).await;
    app.wait_gone(&SwarmServices::row(&name), LIMIT * 2).await;
    let left = cli.run(&["service", "ls", "-q", "--filter", &format!("name={name}")]);
    assert!(
        left.trim().is_empty(),
        "docker service ls after remove: {left}"
    );

    // Leave through the Overview (force: this node is the swarm's last manager).
    app.click(&App::css("swarm-tab-overview")).await;
    app.click(&App::css("swarm-open-leave")).await;
    app.wait("[data-testid='swarm-leave-confirm']:not([disabled])", LIMIT)
        .await;
    app.click(&App::css("swarm-leave-confirm")).await;
    app.wait(
        "[data-testid='swarm-view'][data-swarm-state='inactive']",
        LIMIT * 3,
    )
    .await;
    assert_eq!(lease.state(), "inactive");
    app.close().await;
    drop(lease);
}
