//! End to end, switching engines in the real window: two private engines with different
//! containers; the app starts on A, Ctrl-E then a digit switches to B (B's list only, the badge
//! names B, the Events page shows B's events), back to A (B's events no longer come); the last
//! engine is started on after a restart, and when it is stopped the app says so and uses the
//! configured one, offering the others. Details open on one engine close on a switch, with a
//! note; a settings file that cannot be read is set aside and the window says so.

use crate::e2e::{App, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use std::ffi::OsStr;
use std::process::Command;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(30);

/// `docker context create <name> --docker host=<host>` in the test's own config folder.
fn context_create(config: &std::path::Path, name: &str, host: &str) {
    let out = Command::new("docker")
        .arg("--config")
        .arg(config)
        .args([
            "context",
            "create",
            name,
            "--docker",
            &format!("host={host}"),
        ])
        .output()
        .expect("docker context create");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn open_containers(app: &App) {
    app.click(&App::css("nav-containers")).await;
    app.wait(&App::css("containers-view"), LIMIT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_engines_each_list_and_events_only_and_the_last_one_is_remembered() {
    let _window = ONE_WINDOW.lock().await;
    let a = PrivateDaemon::start();
    let mut b = PrivateDaemon::start();
    a.load_fixture();
    b.load_fixture();
    let (cli_a, cli_b) = (a.cli(), b.cli());
    let (labels_a, labels_b) = (Labelled::new(&cli_a), Labelled::new(&cli_b));
    let on_a = unique("switch-on-a");
    let on_b = unique("switch-on-b");
    let on_a_id = labels_a.create(&on_a, &[], &["sleep", "300"]);
    labels_b.create(&on_b, &[], &["sleep", "300"]);

    let docker_config = tempfile::tempdir().unwrap();
    let app_config = tempfile::tempdir().unwrap();
    context_create(docker_config.path(), "eng-a", &a.host());
    context_create(docker_config.path(), "eng-b", &b.host());
    let env: [(&str, &OsStr); 2] = [
        ("DOCKER_CONFIG", docker_config.path().as_os_str()),
        ("TUGBOAT_CONFIG_DIR", app_config.path().as_os_str()),
    ];

    // Starts on A (the configured engine): A's containers only.
    let app = App::launch_with_env(&a.host(), &env).await;
    app.wait(&App::css("home-view"), LIMIT).await;
    open_containers(&app).await;
    app.wait(&Row::named(&on_a).css(), LIMIT).await;
    assert!(app.find(&Row::named(&on_b).css()).await.is_none());
    EngineSwitcher::wait_badge(&app, &a.host()).await;
    app.shot("switch-on-a").await;
    // A's container's details are open when the engine changes: nothing of A may stay.
    Containers::open_inspect(&app, &on_a, &on_a_id).await;

    // Ctrl-E, 3: the choices are Configured, eng-a, eng-b.
    EngineSwitcher::switch_by_digit(&app, '3').await;
    EngineSwitcher::wait_badge(&app, "eng-b").await;
    app.wait(&Row::named(&on_b).css(), LIMIT).await;
    app.wait_gone(&Row::named(&on_a).css(), LIMIT).await;
    assert!(
        app.find(&Containers::inspect_panel(&on_a_id))
            .await
            .is_none(),
        "A's container details stayed open on B"
    );
    let note = app
        .wait_text(&App::css("engine-switched-note"), "Now on eng-b", LIMIT)
        .await;
    assert!(note.contains(&a.host()), "names the engine left: {note}");
    app.shot("switch-on-b").await;

    // The Events page follows B.
    app.click(&App::css("nav-events")).await;
    app.wait(&App::css("events-view"), LIMIT).await;
    let made_on_b = labels_b.create(&unique("switch-event-b"), &[], &["true"]);
    app.wait(&Events::row("create", &made_on_b), LIMIT).await;
    app.shot("switch-events-b").await;

    // Back to A: A's events come, B's no longer do.
    EngineSwitcher::switch_by_digit(&app, '2').await;
    EngineSwitcher::wait_badge(&app, "eng-a").await;
    app.wait_gone(&Events::row("create", &made_on_b), LIMIT)
        .await;
    let later_on_b = labels_b.create(&unique("switch-late-b"), &[], &["true"]);
    let made_on_a = labels_a.create(&unique("switch-event-a"), &[], &["true"]);
    app.wait(&Events::row("create", &made_on_a), LIMIT).await;
    // A's event arrived after B's was made: had B's feed survived, it would be here by now.
    assert!(
        app.find(&Events::row("create", &later_on_b))
            .await
            .is_none(),
        "an event of B was shown after switching back to A"
    );
    open_containers(&app).await;
    app.wait(&Row::named(&on_a).css(), LIMIT).await;
    assert!(app.find(&Row::named(&on_b).css()).await.is_none());

    // End on B, then restart: the app starts on the last engine.
    EngineSwitcher::switch_by_digit(&app, '3').await;
    app.wait(&Row::named(&on_b).css(), LIMIT).await;
    app.close().await;
    let app = App::launch_with_env(&a.host(), &env).await;
    // The section shown last (Containers) is kept too.
    app.wait(&App::css("containers-view"), LIMIT).await;
    EngineSwitcher::wait_badge(&app, "eng-b").await;
    app.wait(&Row::named(&on_b).css(), LIMIT).await;
    assert!(app.find(&Row::named(&on_a).css()).await.is_none());
    app.close().await;

    // B stopped: the app says so, uses the configured engine (A) and offers the others.
    b.kill9();
    let app = App::launch_with_env(&a.host(), &env).await;
    let note = app
        .wait_text(&App::css("engine-note"), "eng-b is not answering", LIMIT)
        .await;
    assert!(note.contains(&a.host()), "names the engine used: {note}");
    open_containers(&app).await;
    app.wait(&Row::named(&on_a).css(), LIMIT).await;
    app.shot("switch-last-gone").await;
    app.click(&format!("{} button", App::css("engine-note")))
        .await;
    app.wait(&EngineSwitcher::choice("eng-b"), LIMIT).await;
    app.wait(&EngineSwitcher::choice("eng-a"), LIMIT).await;
    app.shot("switch-offers-others").await;
    app.close().await;

    // A settings file that cannot be read is set aside, and the window says so.
    std::fs::write(app_config.path().join("settings.json"), "{ not json").unwrap();
    let app = App::launch_with_env(&a.host(), &env).await;
    let problem = app
        .wait_text(
            &App::css("settings-problem"),
            "Settings were not used",
            LIMIT,
        )
        .await;
    assert!(
        problem.contains("kept as"),
        "says where the file went: {problem}"
    );
    app.wait(&App::css("home-view"), LIMIT).await;
    app.shot("switch-settings-set-aside").await;
    app.close().await;
}
