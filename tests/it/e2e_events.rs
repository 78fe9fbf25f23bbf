//! End to end, the Events page in the real window against the real engine: a labelled
//! container's events appear in words, the action filter narrows them, pause counts what comes
//! and resume shows it, and the export writes the shown events as JSON lines.

use crate::e2e::{App, FileDialog, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use std::time::Duration;

const EVENT_LIMIT: Duration = Duration::from_secs(15);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_containers_events_read_in_words_filter_pause_and_export() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let app = Events::open(&host).await;
    // Only this test's objects: other tests make events on the same engine meanwhile.
    Events::set_filter(&app, "events-filter-label", &labels.label_arg()).await;
    app.wait_text(&App::css("events-command-text"), &labels.value, EVENT_LIMIT)
        .await;

    let name = unique("events-e2e");
    let id = labels.create(&name, &[], &["sleep", "300"]);
    cli.run(&["start", &name]);
    let started = app.wait(&Events::row("start", &id), EVENT_LIMIT).await;
    let words = started.text().await.unwrap();
    assert!(
        words.contains(&format!("{name} started")),
        "the start reads in words: {words}"
    );
    app.wait(&Events::row("create", &id), EVENT_LIMIT).await;
    app.shot("events-live").await;

    // The action filter: only starts remain.
    Events::set_filter(&app, "events-filter-action", "start").await;
    app.wait_gone(&Events::row_not("start"), EVENT_LIMIT).await;
    app.wait(&Events::row("start", &id), EVENT_LIMIT).await;
    Events::set_filter(&app, "events-filter-action", "").await;
    app.wait(&Events::row("create", &id), EVENT_LIMIT).await;

    // Paused: what happens is counted, not shown; resume shows it.
    app.click(&App::css("events-pause")).await;
    app.wait_text(&App::css("events-mode"), "Paused", EVENT_LIMIT)
        .await;
    cli.run(&["stop", "-t", "0", &name]);
    app.wait_text(&App::css("events-new-count"), "new event", EVENT_LIMIT)
        .await;
    assert!(
        app.find(&Events::row("die", &id)).await.is_none(),
        "nothing new is shown while paused"
    );
    app.shot("events-paused").await;
    app.click(&App::css("events-pause")).await;
    let died = app.wait(&Events::row("die", &id), EVENT_LIMIT).await;
    assert!(
        died.text().await.unwrap().contains("exited with code"),
        "the die reads in words"
    );
    app.wait_gone(&App::css("events-new"), EVENT_LIMIT).await;

    // Export what is shown.
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("shown-events.jsonl");
    app.answer_file_dialog(
        &App::css("events-export"),
        "Save the shown events to",
        FileDialog::Save,
        dest.to_str().unwrap(),
    )
    .await;
    app.wait_text(
        &App::css("events-exported"),
        &dest.display().to_string(),
        EVENT_LIMIT,
    )
    .await;
    let text = std::fs::read_to_string(&dest).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let actions: Vec<&str> = lines
        .iter()
        .filter(|e| e["id"] == id.as_str())
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for want in ["create", "start", "die"] {
        assert!(actions.contains(&want), "{want} in {actions:?}");
    }
    let shown = app
        .client()
        .find_all(fantoccini::Locator::Css(&App::css("event-row")))
        .await
        .unwrap()
        .len();
    assert_eq!(lines.len(), shown, "one line per shown event");
    for e in &lines {
        assert_eq!(
            e["attributes"][TEST_LABEL],
            labels.value.as_str(),
            "only this test's events were shown: {e}"
        );
    }
    assert!(app.page_errors().await.is_empty());
    app.close().await;
}
