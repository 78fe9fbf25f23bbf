//! End to end, every built-in lesson through the real window, on a private engine holding
//! only what the lessons need: once with "Do it for me" on every step the app can do (the
//! rest typed, as the lesson asks), once with every command typed in a terminal while the
//! window watches. Each checked step first shows "Not yet" (its check does not pass before
//! the command ran), then turns green; each lesson ends with "finish", after which the
//! engine is as it was before the lesson and the lesson's folder is gone. One window walks
//! all the lessons, as a learner would.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::e2e_learn::{lesson_item, start_with_fixture, step, STEP_LIMIT};
use crate::lessons::{
    lesson_engine, snapshot, type_it, LetThrough, EXPECTED_FAILURES, SWARM_LESSON,
};
use crate::support::*;
use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;
use tugboat_lessons::builtin::builtin_text;
use tugboat_lessons::builtin::BUILTIN;
use tugboat_lessons::format::read_lesson_with;
use tugboat_lessons::Check;
use tugboat_testkit::swarm::SwarmLease;
use tugboat_testkit::Cli;
use tugboat_testkit::PrivateDaemon;

async fn walk_in_the_window(typed: bool) {
    let _ports = crate::TUTORIAL_PORTS.lock().await;
    let _window = ONE_WINDOW.lock().await;
    // The swarm test engine is leased for the whole walk, not only its swarm lesson: no swarm
    // test runs beside the lessons' builds, floods and networks. (CI once saw a swarm test's
    // task stay `starting` while this walk ran.)
    let lease = SwarmLease::plain_async().await;
    let daemon: PrivateDaemon = lesson_engine();
    let config = tempfile::tempdir().unwrap();
    let folders = tempfile::tempdir().unwrap();
    let env: [(&str, &OsStr); 2] = [
        ("TUGBOAT_CONFIG_DIR", config.path().as_os_str()),
        ("TUGBOAT_LESSONS_DIR", folders.path().as_os_str()),
    ];
    let app = open_learn(&daemon.host(), &env).await;
    for (id, _) in BUILTIN.iter().filter(|(id, _)| *id != SWARM_LESSON) {
        walk_lesson(&app, &daemon.host(), folders.path(), id, typed).await;
    }
    app.close().await;

    // The swarm lesson on an engine of its own (see lessons.rs), with the same settings.
    let app = open_learn(lease.host(), &env).await;
    walk_lesson(&app, lease.host(), folders.path(), SWARM_LESSON, typed).await;
    app.close().await;
    assert_eq!(
        lease.state(),
        "inactive",
        "the swarm lesson leaves the swarm"
    );
}

/// The app on `host`, opened on Learn.
async fn open_learn(host: &str, env: &[(&str, &OsStr)]) -> App {
    let app = App::launch_with_env(host, env).await;
    // The first launch opens on Home; a later one with the same settings on Learn, where the
    // last one was closed.
    app.wait(&App::css("nav-learn"), Duration::from_secs(30))
        .await;
    app.click(&App::css("nav-learn")).await;
    app.wait(&App::css("learn-view"), LIMIT).await;
    app
}

/// One lesson from start to finish in the open Learn view.
async fn walk_lesson(app: &App, host: &str, folders: &Path, id: &str, typed: bool) {
    let cli = Cli::new(host);
    let lesson = read_lesson_with(builtin_text(id).unwrap(), Some(&fixture_image())).unwrap();
    let folder = folders.join(id);
    let before = snapshot(&cli);
    app.click(&lesson_item(id)).await;
    start_with_fixture(app).await;
    let mut through = Vec::new();
    for (i, s) in lesson.steps.iter().enumerate() {
        let current = step(i, "current");
        app.wait(&current, LIMIT).await;
        let checked = !matches!(s.check, Check::Look);
        if checked {
            // The check was asked as the step came up, and the engine said not yet.
            let not_yet = format!("{current} [data-testid='lesson-verdict']");
            let seen = app.wait(&not_yet, LIMIT).await.text().await.unwrap();
            assert!(seen.starts_with("Not yet"), "{id} step {}: {seen}", i + 1);
        }
        let expect_failure = EXPECTED_FAILURES
            .iter()
            .any(|(l, n, _)| *l == id && *n == i);
        if typed || s.terminal_only.is_some() {
            app.click(&App::css("lesson-type")).await;
            let typed_ok = type_it(host, &folder, &s.command);
            assert_eq!(
                typed_ok.is_err(),
                expect_failure,
                "{id} step {}: `{}`: {typed_ok:?}",
                i + 1,
                s.command
            );
            if !checked {
                app.click(&App::css("lesson-next")).await;
            }
        } else {
            app.click(&App::css("lesson-do")).await;
            let printed = format!("{} [data-testid='lesson-printed']", step(i, "done"));
            app.wait(&step(i, "done"), STEP_LIMIT).await;
            let failed = app
                .wait(&printed, LIMIT)
                .await
                .attr("data-failed")
                .await
                .unwrap();
            assert_eq!(
                failed.as_deref() == Some("true"),
                expect_failure,
                "{id} step {}: `{}`",
                i + 1,
                s.command
            );
        }
        app.wait(&step(i, "done"), STEP_LIMIT).await;
        LetThrough::new_networks(&cli, &lesson, &mut through);
    }
    app.wait(&App::css("lesson-complete"), LIMIT).await;
    // However long the lesson, only its own panel scrolls: the window stays put.
    let page = app
        .client()
        .execute(
            "const d = document.scrollingElement; return [d.scrollHeight, innerHeight];",
            vec![],
        )
        .await
        .unwrap();
    let (tall, window) = (page[0].as_u64().unwrap(), page[1].as_u64().unwrap());
    assert!(
        tall <= window,
        "{id}: the page is {tall} px tall in a {window} px window"
    );
    if id == "dockerfiles" {
        app.shot(if typed {
            "learn-all-dockerfiles-typed"
        } else {
            "learn-all-dockerfiles"
        })
        .await;
    }
    drop(through);
    app.click(&App::css("lesson-finish")).await;
    app.wait(&App::css("lesson-finish-dialog"), LIMIT).await;
    app.click(&App::css("lesson-finish-confirm")).await;
    app.wait(&App::css("lesson-finish-result"), LIMIT).await;
    if let Some(refused) = app.find(&App::css("lesson-finish-refused")).await {
        panic!("{id}: finish refused {}", refused.text().await.unwrap());
    }
    assert_eq!(
        snapshot(&cli),
        before,
        "{id}: finish leaves the engine as it was"
    );
    assert!(!folder.exists(), "{id}: finish removes the lesson's folder");
    app.click(&App::css("lesson-finish-close")).await;
    app.wait(&App::css("lesson-start-panel"), LIMIT).await;
}

// One test for both walks: each holds the tutorial's ports and a window throughout, so a second
// test would only wait for them, holding a test thread idle.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_builtin_lesson_done_for_me_and_typed_in_the_window_turns_green_and_finish_restores_the_engine(
) {
    walk_in_the_window(false).await;
    walk_in_the_window(true).await;
}
