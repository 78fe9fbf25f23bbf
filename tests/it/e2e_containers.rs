//! End to end, the Containers section: the real app, the real engine, checked with the CLI.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use std::time::Duration;

fn state_of(cli: &Cli, name: &str) -> String {
    cli.run(&["inspect", "-f", "{{.State.Status}}", name])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cli_container_appears_in_the_list_and_goes_after_docker_rm() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let app = Containers::open(&host).await;

    let name = unique("list");
    let id = labels.run_detached(
        &name,
        &["-p", "127.0.0.1::80"],
        &["httpd", "-f", "-p", "80"],
    );
    // How soon it appears (the issue asks for 2 s) is measured by the benchmark.
    let r = app.wait(&Row::named(&name).css(), LIMIT).await;
    assert_eq!(
        r.attr("data-id").await.unwrap().as_deref(),
        Some(id.as_str())
    );
    // It may show as created for a moment: the start event follows the create event.
    app.wait(&Row::named(&name).in_state("running"), LIMIT)
        .await;
    let host_port = cli.run(&["port", &name, "80/tcp"]);
    let port = host_port.rsplit(':').next().unwrap().to_owned();
    let link = app.wait(&Row::named(&name).part("port-link"), LIMIT).await;
    assert_eq!(
        link.attr("data-host-port").await.unwrap().as_deref(),
        Some(port.as_str())
    );
    assert!(link.text().await.unwrap().contains("→ 80/tcp"));
    app.shot("containers-list").await;

    cli.run(&["rm", "-f", &name]);
    app.wait_gone(&Row::named(&name).css(), LIMIT).await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_a_paused_container_is_refused_with_the_reason_then_forced() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("pause");
    let id = labels.run_detached(&name, &[], &["sleep", "300"]);
    let app = Containers::open(&host).await;
    Containers::show_only(&app, &id).await;
    app.wait(&Row::named(&name).css(), LIMIT).await;

    // Pause from the UI: the engine really pauses it, and the row follows the event.
    app.click(&Row::named(&name).part("action-pause")).await;
    app.wait(&Row::named(&name).in_state("paused"), LIMIT).await;
    assert_eq!(state_of(&cli, &name), "paused");

    // Remove without force: the dialog lists what goes, the engine refuses, the UI explains.
    app.click(&Row::named(&name).part("action-remove")).await;
    app.wait(&Containers::removal_item(&name), LIMIT).await;
    let cmd = app.text("action-command-text").await;
    assert_eq!(cmd, format!("$ docker rm {name}"));
    app.click(&App::css("action-confirm")).await;
    let result = app
        .wait_text(
            "[data-testid='action-result']",
            "paused container can't be removed",
            LIMIT,
        )
        .await;
    assert!(
        result.contains(&format!("docker rm {name}")),
        "result shows the command: {result}"
    );
    assert_eq!(state_of(&cli, &name), "paused", "nothing was removed");
    app.shot("containers-refused").await;

    // With force it goes, and the row with it.
    app.click(&Row::named(&name).part("action-remove")).await;
    app.click(&App::css("remove-force")).await;
    // The command follows the checkbox once its preview is in: wait for it, then compare.
    let forced = app
        .wait_text(
            &App::css("action-command-text"),
            &format!("docker rm -f {name}"),
            LIMIT,
        )
        .await;
    assert_eq!(forced.trim(), format!("$ docker rm -f {name}"));
    app.click(&App::css("action-confirm")).await;
    app.wait_gone(&Row::named(&name).css(), LIMIT).await;
    assert!(
        cli.try_run(&["inspect", &name]).is_err(),
        "the container is gone"
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_and_stop_from_the_ui_are_what_the_cli_sees() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("ren");
    let renamed = unique("renamed");
    // `sleep` as the main process ignores SIGTERM, so a stop takes the whole grace period:
    // 2 s rather than the default 10, so a slow machine has room within the limit below.
    let id = labels.run_detached(&name, &["--stop-timeout", "2"], &["sleep", "300"]);
    let app = Containers::open(&host).await;

    // Rename lives in the inspect panel, opened from the container's name.
    Containers::open_inspect(&app, &name, &id).await;
    app.wait_text(&App::css("inspect-restart-policy"), "no", LIMIT)
        .await;
    app.click(&App::css("inspect-rename")).await;
    let input = app.wait(&App::css("rename-input"), LIMIT).await;
    input.clear().await.unwrap();
    input.send_keys("not a valid name").await.unwrap();
    app.wait(&App::css("rename-error"), LIMIT).await;
    input.clear().await.unwrap();
    input.send_keys(&renamed).await.unwrap();
    app.wait_text(
        &App::css("action-command-text"),
        &format!("docker rename {name} {renamed}"),
        LIMIT,
    )
    .await;
    app.click(&App::css("action-confirm")).await;
    app.wait(&Row::named(&renamed).css(), LIMIT).await;
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.Name}}", &renamed]),
        format!("/{renamed}")
    );
    // The open panel follows the rename; closing it uncovers the list.
    app.wait_text(&App::css("inspect-panel"), &renamed, LIMIT)
        .await;
    app.click(&App::css("inspect-close")).await;

    app.click(&Row::named(&renamed).part("action-stop")).await;
    let exited = Row::named(&renamed).in_state("exited");
    let start = std::time::Instant::now();
    while app.find(&exited).await.is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            app.shot("stop-not-shown").await;
            panic!(
                "the row never showed the container exited; docker says {:?}; the footer \
                 reads {:?}; errors on the page: {:?}",
                state_of(&cli, &renamed),
                app.text("action-footer").await,
                app.page_errors().await
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(state_of(&cli, &renamed), "exited");
    app.wait_text(
        "[data-testid='action-result']",
        &format!("docker stop {renamed}"),
        LIMIT,
    )
    .await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compose_projects_are_grouped_and_stop_together() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let project = unique("proj");
    for service in ["web", "db"] {
        labels.run_detached(
            &format!("{project}_{service}_1"),
            &[
                "--label",
                &format!("com.docker.compose.project={project}"),
                "--label",
                &format!("com.docker.compose.service={service}"),
            ],
            &["sleep", "300"],
        );
    }
    let app = Containers::open(&host).await;
    let group = Containers::compose_group(&project);
    app.wait_text(&group, "2/2 running", LIMIT).await;
    app.click(&Containers::compose_group_part(&project, "group-stop"))
        .await;
    app.wait_text(&group, "0/2 running", Duration::from_secs(30))
        .await;
    for service in ["web", "db"] {
        assert_eq!(state_of(&cli, &format!("{project}_{service}_1")), "exited");
    }
    app.shot("containers-grouped").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_change_in_place_and_wait_shows_the_exit_code() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("upd");
    // It exits (code 7) only when the test says so: a timed exit raced a slow window, which
    // then found it already stopped and "Wait for exit" disabled.
    let id = labels.run_detached(
        &name,
        &[],
        &["sh", "-c", "while [ ! -f /go ]; do sleep 0.2; done; exit 7"],
    );
    let app = Containers::open(&host).await;
    Containers::open_inspect(&app, &name, &id).await;
    app.wait_text(&App::css("inspect-memory"), "none", LIMIT)
        .await;

    app.click(&App::css("inspect-update")).await;
    let input = app.wait(&App::css("update-memory"), LIMIT).await;
    input.send_keys("64m").await.unwrap();
    app.wait_text(
        &App::css("update-command-text"),
        &format!("docker update -m 64m --memory-swap -1 {name}"),
        LIMIT,
    )
    .await;
    app.click(&App::css("update-apply")).await;
    app.wait_gone(&App::css("update-dialog"), Duration::from_secs(10))
        .await;
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.HostConfig.Memory}}", &name]),
        (64 * 1024 * 1024).to_string()
    );
    app.wait_text(&App::css("inspect-memory"), "67.1 MB", LIMIT)
        .await;

    app.click(&App::css("inspect-wait")).await;
    app.wait_text(&App::css("inspect-wait"), "Waiting for it to exit", LIMIT)
        .await;
    cli.run(&["exec", &name, "touch", "/go"]);
    app.wait_text(
        &App::css("inspect-waited"),
        "Exited with code 7",
        Duration::from_secs(20),
    )
    .await;
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.State.ExitCode}}", &name]),
        "7"
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commit_makes_an_image_with_the_containers_files_and_changes() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("commit");
    let image = format!("{}:1", unique("img"));
    let id = labels.run_detached(
        &name,
        &[],
        &[
            "sh",
            "-c",
            "echo committed-by-tugboat > /greeting; sleep 300",
        ],
    );
    let app = Containers::open(&host).await;
    Containers::open_inspect(&app, &name, &id).await;
    app.click(&App::css("inspect-commit")).await;
    // Escape closes the dialog only; the details panel it was opened from stays.
    app.wait(&App::css("commit-reference"), LIMIT)
        .await
        .send_keys(&fantoccini::key::Key::Escape.to_string())
        .await
        .unwrap();
    app.wait_gone(&App::css("commit-dialog"), LIMIT).await;
    assert!(
        app.find(&App::css("inspect-panel")).await.is_some(),
        "Escape in the dialog closed the details panel too"
    );
    app.click(&App::css("inspect-commit")).await;
    let reference = app.wait(&App::css("commit-reference"), LIMIT).await;
    reference.send_keys(&image).await.unwrap();
    app.wait(&App::css("commit-message"), LIMIT)
        .await
        .send_keys("saved from tugboat")
        .await
        .unwrap();
    let changes = app.wait(&App::css("commit-changes"), LIMIT).await;
    changes.send_keys("RUN rm -rf /").await.unwrap();
    app.wait_text(
        &App::css("commit-error"),
        "not a change commit accepts",
        LIMIT,
    )
    .await;
    changes.clear().await.unwrap();
    changes
        .send_keys(r#"CMD ["cat", "/greeting"]"#)
        .await
        .unwrap();
    app.wait_text(
        &App::css("commit-command-text"),
        &format!("-c 'CMD [\"cat\", \"/greeting\"]' {name} {image}"),
        LIMIT,
    )
    .await;
    app.click(&App::css("commit-apply")).await;
    app.wait(&App::css("commit-done"), Duration::from_secs(20))
        .await;

    let out = cli.run(&["run", "--rm", &image]);
    let comment = cli.run(&["image", "inspect", "-f", "{{.Comment}}", &image]);
    let _ = cli.try_run(&["rmi", "-f", &image]);
    assert_eq!(
        out, "committed-by-tugboat",
        "the file and the new CMD are in the image"
    );
    assert_eq!(comment, "saved from tugboat");
    app.close().await;
}

/// Bytes in a size as the app (decimal: "412 kB") or `docker stats` (binary: "404KiB") writes
/// it.
fn shown_bytes(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let value: f64 = text[..split].trim().parse().ok()?;
    let unit = match text[split..].trim() {
        "B" => 1.0,
        "kB" | "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some(value * unit)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_rows_show_live_cpu_and_memory() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("busy");
    labels.run_detached(&name, &[], &["sh", "-c", "while :; do :; done"]);
    let app = Containers::open(&host).await;
    let stats = Row::named(&name).part("row-stats");
    // A busy loop keeps about one core busy: the figure must show it, not a placeholder. On a
    // loaded two-core CI machine the loop shares its core, so the bar is a fifth of one and the
    // patience generous.
    let start = std::time::Instant::now();
    let mut text = app.wait_text(&stats, "CPU", LIMIT).await;
    while cpu_percent(&text) <= 20.0 {
        assert!(
            start.elapsed() < Duration::from_secs(45),
            "CPU never rose: {text}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
        text = app.wait_text(&stats, "CPU", LIMIT).await;
    }
    // Memory is shown too, and is what `docker stats` reads, within a factor of two. The two are
    // read a moment apart and a shell this small moves by whole pages, so a pair that disagrees
    // is read again (a few times) before it counts as a difference.
    let mut disagreement = None;
    for _ in 0..8 {
        let text = app.wait_text(&stats, "·", LIMIT).await;
        let shown = shown_bytes(text.rsplit('·').next().unwrap_or_default())
            .unwrap_or_else(|| panic!("no memory figure in {text:?}"));
        let cli_mem = cli.run(&["stats", "--no-stream", "--format", "{{.MemUsage}}", &name]);
        let used = shown_bytes(cli_mem.split('/').next().unwrap_or_default())
            .unwrap_or_else(|| panic!("docker stats reads {cli_mem:?}"));
        if shown > 0.0 && (0.5..=2.0).contains(&(shown / used)) {
            disagreement = None;
            break;
        }
        disagreement = Some(format!(
            "the row shows {shown} bytes ({text:?}), docker stats {used} ({cli_mem:?})"
        ));
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(disagreement.is_none(), "{disagreement:?}");
    app.shot("containers-stats").await;
    cli.run(&["kill", &name]);
    app.wait(&Row::named(&name).in_state("exited"), LIMIT).await;
    app.wait_gone(&stats, LIMIT).await;
    app.close().await;
}

/// The CPU percent in a row's "CPU 12.5% · 2.00 MB", or 0 while it shows none.
fn cpu_percent(text: &str) -> f64 {
    text.trim_start_matches("CPU ")
        .split('%')
        .next()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recreate_with_changes_starts_from_the_container_and_keeps_its_data() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("recreate");
    let old_id = labels.run_detached(
        &name,
        &[
            "--stop-timeout",
            "1",
            "--oom-score-adj",
            "100",
            "-v",
            "/keep",
            "-e",
            "MODE=first",
        ],
        &["sh", "-c", "echo precious > /keep/data; sleep 300"],
    );
    eventually(Duration::from_secs(10), "the file is written", || async {
        (cli.try_run(&["exec", &name, "cat", "/keep/data"]).ok()? == "precious").then_some(())
    })
    .await;
    let app = Containers::open(&host).await;
    Containers::open_inspect(&app, &name, &old_id).await;
    app.click(&App::css("inspect-recreate")).await;
    app.wait(&App::css("recreate-plan"), LIMIT).await;
    app.wait_text(
        &App::css("recreate-not-carried"),
        "--oom-score-adj 100",
        LIMIT,
    )
    .await;
    // WebKit's snapshot can lag the DOM by a frame or two; the picture is for people.
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.shot("recreate-plan").await;
    let run_name = app.wait(&App::css("run-name"), LIMIT).await;
    assert_eq!(
        run_name.prop("value").await.unwrap().as_deref(),
        Some(name.as_str())
    );
    app.click(&App::css("add-port")).await;
    app.wait(&App::css("port-container"), LIMIT)
        .await
        .send_keys("80")
        .await
        .unwrap();
    let line = app
        .wait_text(&App::css("run-command-line-text"), "-p 80", LIMIT)
        .await;
    assert!(line.contains("-e 'MODE=first'"), "{line}");
    let steps = app.text("recreate-steps").await;
    assert!(
        steps.starts_with(&format!("$ docker rename {name} {name}-tugboat-old-")),
        "{steps}"
    );
    assert!(
        steps.contains("docker stop") && steps.contains("docker rm"),
        "{steps}"
    );
    app.shot("recreate-form").await;
    app.click(&App::css("run-submit")).await;
    let started = app
        .wait(&App::css("run-started"), Duration::from_secs(30))
        .await;
    let new_id = started.attr("data-id").await.unwrap().unwrap();

    assert_ne!(new_id, old_id);
    assert_eq!(cli.run(&["inspect", "-f", "{{.Id}}", &name]), new_id);
    assert!(
        cli.try_run(&["inspect", &old_id]).is_err(),
        "the old container is gone"
    );
    assert!(
        cli.run(&["port", &name, "80"]).contains("0.0.0.0:"),
        "port 80 is published now"
    );
    assert_eq!(cli.run(&["exec", &name, "cat", "/keep/data"]), "precious");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_with_a_grace_period_sends_kill_when_it_runs_out() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("stubborn");
    // A shell as the main process (PID 1) ignores SIGTERM: only the SIGKILL after the grace
    // period stops it.
    let id = labels.run_detached(&name, &[], &["sh", "-c", "while true; do sleep 1; done"]);
    let app = Containers::open(&host).await;
    Containers::open_inspect(&app, &name, &id).await;
    app.click(&App::css("inspect-stop")).await;
    let field = app.wait(&App::css("stop-timeout"), LIMIT).await;
    field.clear().await.unwrap();
    field.send_keys("x").await.unwrap();
    app.wait_text(&App::css("stop-error"), "whole seconds", LIMIT)
        .await;
    // The backend's own limit, asked as the user types.
    field.clear().await.unwrap();
    field.send_keys("5000").await.unwrap();
    app.wait_text(&App::css("stop-error"), "at most 3600", LIMIT)
        .await;
    field.clear().await.unwrap();
    field.send_keys("1").await.unwrap();
    app.wait_text(
        &App::css("action-command-text"),
        &format!("docker stop -t 1 {name}"),
        LIMIT,
    )
    .await;
    let since = engine_now(&cli);
    app.click(&App::css("action-confirm")).await;
    eventually(
        Duration::from_secs(30),
        "the container is stopped",
        || async { (state_of(&cli, &name) == "exited").then_some(()) },
    )
    .await;
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.State.ExitCode}}", &name]),
        "137",
        "killed (128 + 9) after the grace period, not a clean exit"
    );
    // The engine's own record of the stop: SIGTERM first, then SIGKILL once the grace period
    // ran out, timed by the engine's clock. The default period (10 s) would show a gap of 10 s.
    let kills: Vec<(String, f64)> = container_events(&cli, &id, &since)
        .into_iter()
        .filter(|e| e.action == "kill")
        .map(|e| (e.signal, e.time_s))
        .collect();
    let signals: Vec<&str> = kills.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(signals, ["15", "9"], "the engine's kill events: {kills:?}");
    let gap = kills[1].1 - kills[0].1;
    assert!(
        (0.9..5.0).contains(&gap),
        "SIGKILL followed SIGTERM after {gap:.2} s by the engine's clock: the grace period was \
         1 s, not the default 10 s"
    );
    app.close().await;
}

/// One event the engine recorded for a container (`docker events`).
#[derive(Debug)]
pub(crate) struct ContainerEvent {
    pub action: String,
    /// The `signal` attribute of a `kill` event, else empty.
    pub signal: String,
    /// The engine's time of the event, in seconds since the epoch.
    pub time_s: f64,
}

/// The engine's clock now (`docker info`'s SystemTime), for `docker events --since`: the
/// test machine's clock need not be the engine's.
pub(crate) fn engine_now(cli: &Cli) -> String {
    cli.run(&["info", "--format", "{{.SystemTime}}"])
}

/// The events the engine recorded for `id` from `since` (an engine timestamp) until now.
pub(crate) fn container_events(cli: &Cli, id: &str, since: &str) -> Vec<ContainerEvent> {
    // `--until` in the past makes `docker events` print what it has and return.
    let until = engine_now(cli);
    cli.lines(&[
        "events",
        "--since",
        since,
        "--until",
        &until,
        "--filter",
        &format!("container={id}"),
        "--format",
        "{{.Action}}|{{index .Actor.Attributes \"signal\"}}|{{.TimeNano}}",
    ])
    .into_iter()
    .filter_map(|line| {
        let mut parts = line.splitn(3, '|');
        let action = parts.next()?.to_owned();
        let signal = parts.next()?.replace("<no value>", "");
        let nanos: f64 = parts.next()?.trim().parse().ok()?;
        Some(ContainerEvent {
            action,
            signal,
            time_s: nanos / 1e9,
        })
    })
    .collect()
}

/// Chooses an action from a row's "⋯" menu (Restart and Kill… live only there).
async fn row_menu(app: &App, name: &str, item: &str) {
    app.click(&Row::named(name).part("row-more")).await;
    app.click(&Containers::row_menu_item(item)).await;
}

/// Kill with a chosen signal, restart and unpause, each from the container's row: the engine
/// records each (its events) and ends in the state the row then shows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_with_a_signal_restart_and_unpause_from_the_ui_reach_the_engine() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("signals");
    // PID 1 notes every SIGHUP it gets and otherwise ignores signals but SIGKILL: a SIGHUP
    // leaves it running, and a stop or restart takes its 1 s grace period.
    let id = labels.run_detached(
        &name,
        &["--stop-timeout", "1"],
        &[
            "sh",
            "-c",
            "trap 'echo hup >> /hups' HUP; while :; do sleep 0.2; done",
        ],
    );
    let app = Containers::open(&host).await;
    Containers::show_only(&app, &id).await;
    app.wait(&Row::named(&name).in_state("running"), LIMIT)
        .await;

    // Kill… with SIGHUP: the dialog shows the command, the engine delivers that signal.
    let since = engine_now(&cli);
    row_menu(&app, &name, "kill").await;
    app.wait(&App::css("kill-signal"), LIMIT)
        .await
        .select_by_value("SIGHUP")
        .await
        .unwrap();
    app.wait_text(
        &App::css("action-command-text"),
        &format!("docker kill -s SIGHUP {name}"),
        LIMIT,
    )
    .await;
    app.click(&App::css("action-confirm")).await;
    eventually(LIMIT, "the container noted the SIGHUP", || async {
        (cli.try_run(&["exec", &name, "cat", "/hups"]).ok()? == "hup").then_some(())
    })
    .await;
    let events = container_events(&cli, &id, &since);
    let kills: Vec<&str> = events
        .iter()
        .filter(|e| e.action == "kill")
        .map(|e| e.signal.as_str())
        .collect();
    assert_eq!(kills, ["1"], "one kill, with SIGHUP (1): {events:?}");
    assert_eq!(state_of(&cli, &name), "running", "SIGHUP did not stop it");

    // Restart: the engine stops it (SIGTERM, then SIGKILL after 1 s) and starts it again.
    let started_before = cli.run(&["inspect", "-f", "{{.State.StartedAt}}", &id]);
    let since = engine_now(&cli);
    row_menu(&app, &name, "restart").await;
    eventually(
        Duration::from_secs(30),
        "the engine restarted it",
        || async {
            let events = container_events(&cli, &id, &since);
            events.iter().any(|e| e.action == "restart").then_some(())
        },
    )
    .await;
    assert_ne!(
        cli.run(&["inspect", "-f", "{{.State.StartedAt}}", &id]),
        started_before,
        "started anew"
    );
    assert_eq!(state_of(&cli, &name), "running");
    app.wait(&Row::named(&name).in_state("running"), LIMIT)
        .await;

    // Unpause: paused from the CLI, the row offers Unpause, and the engine unpauses it.
    cli.run(&["pause", &id]);
    app.wait(&Row::named(&name).in_state("paused"), LIMIT).await;
    let since = engine_now(&cli);
    app.click(&Row::named(&name).part("action-unpause")).await;
    app.wait(&Row::named(&name).in_state("running"), LIMIT)
        .await;
    assert_eq!(state_of(&cli, &name), "running");
    assert!(
        container_events(&cli, &id, &since)
            .iter()
            .any(|e| e.action == "unpause"),
        "the engine recorded the unpause"
    );

    // Kill… with the default signal, SIGKILL: it exits with 128 + 9.
    let since = engine_now(&cli);
    row_menu(&app, &name, "kill").await;
    app.wait_text(
        &App::css("action-command-text"),
        &format!("docker kill {name}"),
        LIMIT,
    )
    .await;
    app.click(&App::css("action-confirm")).await;
    app.wait(&Row::named(&name).in_state("exited"), LIMIT).await;
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.State.ExitCode}}", &id]),
        "137"
    );
    let kills: Vec<String> = container_events(&cli, &id, &since)
        .into_iter()
        .filter(|e| e.action == "kill")
        .map(|e| e.signal)
        .collect();
    assert_eq!(kills, ["9"]);
    app.close().await;
}

/// The inspect panel's JSON: search marks the matching lines (case-insensitively), and Copy
/// puts the engine's whole JSON on the clipboard, read back by pasting it into the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inspect_json_search_marks_matches_and_copy_puts_the_json_on_the_clipboard() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("json");
    let needle = format!("needle{}", &unique("x")[18..]);
    let id = labels.run_detached(
        &name,
        &["-e", &format!("FIND_ME={needle}")],
        &["sleep", "300"],
    );
    let app = Containers::open(&host).await;
    Containers::open_inspect(&app, &name, &id).await;
    app.click(&App::css("inspect-tab-json")).await;
    let search = app.wait(&App::css("inspect-search"), LIMIT).await;
    search.send_keys(&needle.to_uppercase()).await.unwrap();
    app.wait_text(&App::css("inspect-matches"), "1 matching line", LIMIT)
        .await;
    let hits = app
        .client
        .find_all(fantoccini::Locator::Css(
            "[data-testid='inspect-json'] span.hit",
        ))
        .await
        .unwrap();
    assert_eq!(hits.len(), 1, "one line is marked");
    let hit = hits[0].text().await.unwrap();
    assert!(hit.contains(&format!("FIND_ME={needle}")), "{hit}");
    // A word on many lines of every container's JSON.
    search.clear().await.unwrap();
    search.send_keys("null").await.unwrap();
    app.wait_text(&App::css("inspect-matches"), "matching lines", LIMIT)
        .await;

    app.click(&App::css("inspect-copy")).await;
    app.wait_text(&App::css("inspect-copy"), "Copied", LIMIT)
        .await;
    // Paste into the search field: a one-line field drops the line breaks, which JSON does
    // not need, so what was copied still parses.
    search.clear().await.unwrap();
    search
        .send_keys(&format!(
            "{}v{}",
            fantoccini::key::Key::Control,
            fantoccini::key::Key::Null
        ))
        .await
        .unwrap();
    let pasted = search.prop("value").await.unwrap().unwrap_or_default();
    let copied: serde_json::Value = serde_json::from_str(&pasted)
        .unwrap_or_else(|e| panic!("the clipboard holds JSON ({e}): {pasted:.200}"));
    let engine: serde_json::Value =
        serde_json::from_str(&cli.run(&["inspect", "--type", "container", &id])).unwrap();
    let engine = &engine[0];
    assert_eq!(copied["Id"], engine["Id"]);
    assert_eq!(copied["Name"], engine["Name"]);
    assert_eq!(
        copied["Config"], engine["Config"],
        "the whole Config, env included"
    );
    assert_eq!(copied["HostConfig"], engine["HostConfig"]);
    app.close().await;
}

/// A recreate cut off half-way (Tugboat closed after parking and stopping the old container)
/// leaves it under its parked name. Its details say what happened and give it its name back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_container_left_parked_by_an_interrupted_recreate_gets_its_name_back() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("parked");
    let id = labels.run_detached(&name, &[], &["sleep", "300"]);
    // The first two steps of a recreate, and then nothing.
    let parked = format!("{name}-tugboat-old-{}", &id[..8]);
    cli.run(&["rename", &name, &parked]);
    cli.run(&["kill", &parked]);
    let app = Containers::open(&host).await;
    Containers::open_inspect(&app, &parked, &id).await;
    app.wait_text(
        &App::css("inspect-parked"),
        &format!("while recreating {name}"),
        LIMIT,
    )
    .await;
    app.shot("inspect-parked").await;
    app.click(&App::css("inspect-unpark")).await;
    eventually(
        Duration::from_secs(10),
        "docker inspect shows the old name again",
        || async {
            (cli.run(&["inspect", "-f", "{{.Name}}", &id]) == format!("/{name}")).then_some(())
        },
    )
    .await;
    app.wait_gone(&App::css("inspect-parked"), LIMIT).await;
    app.wait(&Row::named(&name).css(), LIMIT).await;
    app.close().await;
}
