//! A slow link: the shared test engine behind a proxy that holds every chunk 50 ms in each
//! direction (100 ms round trip, added in userspace). Through it the containers list still
//! equals the CLI's (filtered by this test's label) and an event done during the test arrives.

use crate::support::*;
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use tugboat_engine::supervisor::{ConnectionState, SupervisorConfig};
use tugboat_engine::{Engine, EngineEvent, Link};
use tugboat_testkit::slow::TcpBridge;

const ONE_WAY: Duration = Duration::from_millis(50);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_a_100ms_link_the_list_equals_the_clis_and_events_arrive() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let bridge = TcpBridge::start(&host, ONE_WAY);

    // The delay is really there: a ping is a request and its answer, one trip each way.
    let engine = Engine::connect(&bridge.host()).await.unwrap();
    assert_eq!(engine.link(), Link::PlainTcp);
    let start = Instant::now();
    engine.ping().await.unwrap();
    assert!(
        start.elapsed() >= 2 * ONE_WAY,
        "a ping through the slow link took {:?}",
        start.elapsed()
    );

    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&bridge.host())));
    wait_state(&handle, ConnectionState::Connected, Duration::from_secs(20)).await;
    assert_eq!(handle.status().link, Some(Link::PlainTcp));
    let mut events: broadcast::Receiver<EngineEvent> = handle.subscribe_events();

    let prefix = unique("slow");
    let names: Vec<String> = (0..3).map(|i| format!("{prefix}-{i}")).collect();
    let mut guards = Vec::new();
    for n in &names {
        labels.create(n, &[], &["true"]);
        guards.push(remove_when_done(&cli, n));
    }
    // The event of a container created now, seen through the slow link.
    let late = format!("{prefix}-late");
    labels.create(&late, &[], &["true"]);
    guards.push(remove_when_done(&cli, &late));
    next_event(
        &mut events,
        Duration::from_secs(15),
        "the create event over the slow link",
        |e| e.subject == late && e.action == "create",
    )
    .await;

    let engine = handle.engine().unwrap();
    let (seen, want) = names_both_ways(&engine, &cli, &labels, &prefix).await;
    assert_eq!(want.len(), 4, "{want:?}");
    assert_eq!(seen, want);
}
