//! End to end, Learn through the real window and a real engine of its own (a private dockerd:
//! nothing else runs there, so "finish leaves the engine as it was" compares all of it).
//! A lesson done with "Do it for me" turns every step green and finish lists and removes what
//! it made; the first lesson done by typing each command with the docker CLI turns green from
//! the engine's events alone, and its progress survives a restart of the app; a teacher's
//! pasted lesson is refused with its line, then added and run; a built-in lesson saved to a
//! file is that lesson's file.

use crate::e2e::{App, FileDialog, LIMIT, ONE_WINDOW};
use crate::lessons::snapshot;
use crate::support::*;
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::time::Duration;
use tugboat_lessons::builtin::builtin_text;
use tugboat_lessons::format::read_lesson_with;
use tugboat_lessons::{Check, Lesson};
use tugboat_testkit::PrivateDaemon;

/// A `docker stop` of a process that ignores SIGTERM takes 10 s before the kill.
pub(crate) const STEP_LIMIT: Duration = Duration::from_secs(45);

pub(crate) fn step(index: usize, state: &str) -> String {
    format!("[data-testid='lesson-step'][data-index='{index}'][data-state='{state}']")
}

pub(crate) fn lesson_item(id: &str) -> String {
    format!("[data-testid='lesson-item'][data-id='{id}']")
}

fn lesson(id: &str) -> Lesson {
    read_lesson_with(builtin_text(id).unwrap(), Some(&fixture_image())).unwrap()
}

/// Opens Learn and the lesson, picks the fixture image (the lessons suggest busybox, which
/// these machines cannot pull) and starts it.
async fn start_lesson(app: &App, id: &str) {
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;
    app.click(&App::css("nav-learn")).await;
    app.wait(&App::css("learn-view"), LIMIT).await;
    app.click(&lesson_item(id)).await;
    start_with_fixture(app).await;
}

/// In the open lesson's start panel: picks the fixture image and starts.
pub(crate) async fn start_with_fixture(app: &App) {
    app.wait(&App::css("lesson-start-panel"), LIMIT).await;
    let option = format!(
        "[data-testid='lesson-image'] option[value='{}']",
        fixture_image()
    );
    app.click(&option).await;
    app.click_expecting(&App::css("lesson-start"), &step(0, "current"))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lesson_done_for_me_turns_each_step_green_and_finish_removes_what_it_made() {
    let _window = ONE_WINDOW.lock().await;
    let daemon = PrivateDaemon::start();
    daemon.load_fixture();
    let cli = daemon.cli();
    let before = snapshot(&cli);
    let storage = lesson("storage");
    let app = App::launch(&daemon.host()).await;
    start_lesson(&app, "storage").await;

    for (i, s) in storage.steps.iter().enumerate() {
        app.wait(&step(i, "current"), LIMIT).await;
        assert_eq!(
            app.text("lesson-command-text").await,
            format!("$ {}", s.command),
            "step {}",
            i + 1
        );
        if i == 1 {
            app.shot("learn-step").await;
        }
        app.click(&App::css("lesson-do")).await;
        app.wait(&step(i, "done"), STEP_LIMIT).await;
    }
    app.wait(&App::css("lesson-complete"), LIMIT).await;
    // What each command printed stays under its step: the reader's run printed the note the
    // writer left in the volume, and the last step's `docker logs` what the CLI's prints.
    let printed = |i: usize| format!("{} [data-testid='lesson-printed'] pre", step(i, "done"));
    let note = app.wait(&printed(3), LIMIT).await.text().await.unwrap();
    assert_eq!(
        note.trim(),
        "kept",
        "the data outlived the container that wrote it"
    );
    let listing = app.wait(&printed(5), LIMIT).await.text().await.unwrap();
    assert_eq!(listing.trim(), cli.run(&["logs", "learn-bind"]).trim());

    // Finish lists exactly what the lesson left, then removes it.
    app.click(&App::css("lesson-finish")).await;
    app.wait(&App::css("lesson-finish-dialog"), LIMIT).await;
    app.wait(&App::css("lesson-finish-item"), LIMIT).await;
    let mut listed = BTreeSet::new();
    for e in app
        .client()
        .find_all(fantoccini::Locator::Css(&App::css("lesson-finish-item")))
        .await
        .unwrap()
    {
        let kind = e.attr("data-kind").await.unwrap().unwrap();
        let name = e.attr("data-name").await.unwrap().unwrap();
        listed.insert(format!("{kind} {name}"));
    }
    assert_eq!(
        listed,
        BTreeSet::from([
            "containers learn-bind".to_owned(),
            "containers learn-reader".to_owned(),
            "volumes learn-data".to_owned(),
        ])
    );
    app.shot("learn-finish").await;
    app.click(&App::css("lesson-finish-confirm")).await;
    app.wait(&App::css("lesson-finish-result"), LIMIT).await;
    assert_eq!(snapshot(&cli), before, "finish leaves the engine as it was");
    app.click(&App::css("lesson-finish-close")).await;
    app.wait(&App::css("lesson-start-panel"), LIMIT).await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_lesson_typed_in_a_terminal_is_checked_from_the_engine_and_kept_across_a_restart()
{
    let _window = ONE_WINDOW.lock().await;
    let daemon = PrivateDaemon::start();
    daemon.load_fixture();
    let cli = daemon.cli();
    let before = snapshot(&cli);
    let first = lesson("first-container");
    let config = tempfile::tempdir().unwrap();
    let env: [(&str, &OsStr); 1] = [("TUGBOAT_CONFIG_DIR", config.path().as_os_str())];
    let mut app = App::launch_with_env(&daemon.host(), &env).await;
    start_lesson(&app, "first-container").await;

    // Halfway, the app is closed and opened again: the lesson goes on where it was.
    let halfway = 4;
    for (i, s) in first.steps.iter().enumerate() {
        if i == halfway {
            app.close().await;
            app = App::launch_with_env(&daemon.host(), &env).await;
            // It opens on the section it was closed on.
            app.wait(&App::css("learn-view"), Duration::from_secs(30))
                .await;
            let item = app.wait(&lesson_item("first-container"), LIMIT).await;
            assert!(
                item.text()
                    .await
                    .unwrap()
                    .contains(&format!("{halfway} of {} steps done", first.steps.len())),
                "the list says how far the lesson got"
            );
            app.click(&lesson_item("first-container")).await;
        }
        app.wait(&step(i, "current"), LIMIT).await;
        app.click(&App::css("lesson-type")).await;
        let words = shell_words::split(&s.command).unwrap();
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        cli.run(&args);
        if matches!(s.check, Check::Look) {
            // Nothing changes in the engine: the user says they have read it.
            app.click(&App::css("lesson-next")).await;
        }
        // The rest the app sees for itself, from the engine's events.
        app.wait(&step(i, "done"), STEP_LIMIT).await;
    }
    app.wait(&App::css("lesson-complete"), LIMIT).await;
    app.shot("learn-typed-complete").await;
    app.click(&App::css("lesson-finish")).await;
    app.wait(&App::css("lesson-finish-nothing"), LIMIT).await;
    app.click(&App::css("lesson-finish-confirm")).await;
    app.wait(&App::css("lesson-finish-result"), LIMIT).await;
    assert_eq!(
        snapshot(&cli),
        before,
        "the lesson removed what it made itself"
    );
    app.close().await;
}

/// A teacher's lesson: one step, with a typo in its check's state on line 11.
const CUSTOM: &str = r#"format = 1
id = "class-demo"
title = "Class demo"
summary = "One container, for the class."
image = "busybox"

[[step]]
title = "Start it"
text = "Start a container that keeps running."
command = "docker run -d --name learn-demo {image} sleep 3600"
check = { kind = "container", name = "learn-demo", state = "runing" }
after = "It runs in the background."
"#;

/// Types the lesson into the paste box, Enter for each line break (WebDriver's key for it: a
/// plain `\n` in the keys is not typed into a text area), and waits until the box holds it.
async fn paste(app: &App, text: &str) {
    let field = app.wait(&App::css("lesson-paste-text"), LIMIT).await;
    field.clear().await.unwrap();
    field
        .send_keys(&text.replace('\n', "\u{E007}"))
        .await
        .unwrap();
    let start = std::time::Instant::now();
    loop {
        let held = field.prop("value").await.unwrap().unwrap_or_default();
        if held == text {
            break;
        }
        assert!(
            start.elapsed() < LIMIT,
            "the paste box holds {held:?}, not the lesson"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teachers_lesson_is_refused_with_its_line_then_added_and_run_and_a_lesson_saves_as_its_file(
) {
    let _window = ONE_WINDOW.lock().await;
    let daemon = PrivateDaemon::start();
    daemon.load_fixture();
    let cli = daemon.cli();
    let app = App::launch(&daemon.host()).await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;
    app.click(&App::css("nav-learn")).await;
    app.wait(&App::css("learn-view"), LIMIT).await;

    app.click(&App::css("lesson-paste-toggle")).await;
    paste(&app, CUSTOM).await;
    app.click(&App::css("lesson-paste-add")).await;
    let refusal = app
        .wait("[data-testid='lesson-refusal'][data-line='11']", LIMIT)
        .await;
    let said = refusal.text().await.unwrap();
    assert!(
        said.contains("state `runing` is not a container state"),
        "{said}"
    );
    app.shot("learn-refused").await;
    assert!(app.find(&lesson_item("class-demo")).await.is_none());

    paste(&app, &CUSTOM.replace("runing", "running")).await;
    app.click(&App::css("lesson-paste-add")).await;
    app.wait(&lesson_item("class-demo"), LIMIT).await;
    start_with_fixture(&app).await;
    app.click(&App::css("lesson-do")).await;
    app.wait(&step(0, "done"), STEP_LIMIT).await;
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.State.Status}}", "learn-demo"])
            .trim(),
        "running"
    );

    // A built-in lesson saved through the system's save dialog is that lesson's file.
    app.click(&lesson_item("ports")).await;
    app.wait("[data-testid='lesson-panel'][data-id='ports']", LIMIT)
        .await;
    let folder = tempfile::tempdir().unwrap();
    let dest = folder.path().join("ports.toml");
    app.answer_file_dialog(
        &App::css("lesson-export"),
        "Save the lesson file",
        FileDialog::Save,
        dest.to_str().unwrap(),
    )
    .await;
    app.wait_text(&App::css("lesson-export-note"), "Saved to", LIMIT)
        .await;
    assert_eq!(
        std::fs::read_to_string(&dest).unwrap(),
        builtin_text("ports").unwrap()
    );
    cli.run(&["rm", "-f", "learn-demo"]);
    app.close().await;
}
