//! The Events page's past window against the real engine: `events_query` returns what
//! `docker events --since --until --filter … --format json` prints for the same window.

use crate::support::*;
use tokio_util::sync::CancellationToken;
use tugboat_engine::events::query::{EventFilter, EventQuery};
use tugboat_engine::ResourceKind;

/// (type, action, actor id) of each line `docker events … --format json` printed, in order.
fn cli_events(cli: &Cli, query: &EventQuery) -> Vec<(String, String, String)> {
    let argv = query.argv();
    let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
    cli.lines(&args)
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["Type"].as_str().unwrap().to_owned(),
                v["Action"]
                    .as_str()
                    .unwrap()
                    .split(':')
                    .next()
                    .unwrap()
                    .to_owned(),
                v["Actor"]["ID"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn app_events(
    engine: &tugboat_engine::Engine,
    query: &EventQuery,
) -> Vec<(String, String, String)> {
    let window = engine
        .events_query(query, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!((window.left_out, window.unreadable), (0, 0));
    window
        .events
        .iter()
        .map(|e| (e.kind.word().to_owned(), e.action.clone(), e.id.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_past_window_is_what_docker_events_prints_for_it() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let since_ms = (engine.clock_nanos().await.unwrap() / 1_000_000) as f64;
    let name = unique("events-window");
    let volume = unique("events-vol");
    labels.volume(&volume);
    let id = labels.create(&name, &["-v", &format!("{volume}:/data")], &["true"]);
    cli.run(&["start", "-a", &name]);
    let until_ms = (engine.clock_nanos().await.unwrap() / 1_000_000) as f64 + 1.0;

    let label = labels.label_arg();
    let by_label = EventQuery {
        filter: EventFilter {
            labels: vec![label.clone()],
            ..Default::default()
        },
        since_ms: Some(since_ms),
        until_ms: Some(until_ms),
    };
    let ours = app_events(&engine, &by_label).await;
    assert_eq!(ours, cli_events(&cli, &by_label));
    let actions: Vec<&str> = ours.iter().map(|(_, a, _)| a.as_str()).collect();
    for want in ["create", "start", "die"] {
        assert!(actions.contains(&want), "{want} in {actions:?}");
    }
    // Volume events carry no labels: the volume is found by type and name.
    let the_volume = EventQuery {
        filter: EventFilter {
            kinds: vec![ResourceKind::Volume],
            object: Some(volume.clone()),
            ..Default::default()
        },
        since_ms: Some(since_ms),
        until_ms: Some(until_ms),
    };
    let volume_events = app_events(&engine, &the_volume).await;
    assert!(
        volume_events.contains(&("volume".into(), "create".into(), volume.clone())),
        "{volume_events:?}"
    );
    assert_eq!(volume_events, cli_events(&cli, &the_volume));

    let containers_dying = EventQuery {
        filter: EventFilter {
            kinds: vec![ResourceKind::Container],
            actions: vec!["die".into()],
            labels: vec![label.clone()],
            object: Some(name.clone()),
        },
        since_ms: Some(since_ms),
        until_ms: Some(until_ms),
    };
    let dying = app_events(&engine, &containers_dying).await;
    assert_eq!(dying, vec![("container".into(), "die".into(), id.clone())]);
    assert_eq!(dying, cli_events(&cli, &containers_dying));

    // A window before anything happened holds none of this test's events.
    let before = EventQuery {
        until_ms: Some(since_ms - 1.0),
        since_ms: Some(since_ms - 60_000.0),
        ..by_label.clone()
    };
    assert_eq!(app_events(&engine, &before).await, vec![]);
    assert_eq!(cli_events(&cli, &before), vec![]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_ending_in_the_future_is_refused_naming_until() {
    let (_, _, _labels, engine) = TestEngine::start().await.into_parts();
    let now_ms = (engine.clock_nanos().await.unwrap() / 1_000_000) as f64;
    let err = engine
        .events_query(
            &EventQuery {
                until_ms: Some(now_ms + 3_600_000.0),
                ..Default::default()
            },
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, tugboat_engine::EngineError::InvalidInput(_)));
    assert!(err.to_string().starts_with("until:"), "{err}");
}
