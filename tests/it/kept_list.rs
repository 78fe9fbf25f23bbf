//! The kept container list against the real engine, counted through a recording proxy: each
//! change notice costs the engine exactly one list call, however many readers there are, and a
//! reader loading the list gets it from the kept copy, not from the engine.

use crate::support::*;
use std::time::Duration;
use tugboat_engine::containers::ContainerState;
use tugboat_engine::supervisor::keeper::{ContainerKeeper, Containers, Listing};
use tugboat_engine::supervisor::{ConnectionState, EngineHandle, SupervisorConfig};

/// `docker ps -a` calls (`GET /v…/containers/json`), not inspects (`/containers/<id>/json`).
fn list_calls(proxy: &EngineProxy) -> usize {
    proxy
        .request_lines()
        .iter()
        .filter(|l| {
            l.split(' ')
                .nth(1)
                .and_then(|p| p.split('?').next())
                .is_some_and(|p| p.ends_with("/containers/json"))
        })
        .count()
}

/// The notice seq and the list-call count at a moment when the keeper has dealt with every
/// notice sent: no notice is then waiting for a list call. Waits (at most 20 s) for one.
async fn settled(
    handle: &EngineHandle,
    keeper: &ContainerKeeper,
    proxy: &EngineProxy,
) -> (u64, usize) {
    let start = std::time::Instant::now();
    loop {
        let sent = handle.changes_sent();
        if keeper.caught_up(sent, Duration::from_secs(10)).await {
            let calls = list_calls(proxy);
            // Nothing sent meanwhile: the count belongs to exactly the notices up to `sent`.
            if handle.changes_sent() == sent && keeper.applied() == sent {
                return (sent, calls);
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the keeper never caught up with the notices"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_change_notice_costs_one_list_call_and_loading_costs_none() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let proxy = EngineProxy::start(&host);
    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&proxy.host())));
    let keeper = std::sync::Arc::new(ContainerKeeper::default());
    tokio::spawn(keeper.clone().keep(handle.clone()));
    let mut status = handle.watch_status();
    tokio::time::timeout(
        Duration::from_secs(10),
        status.wait_for(|s| s.state == ConnectionState::Connected),
    )
    .await
    .expect("connected in time")
    .unwrap();
    keeper.list().await.expect("the list is learnt");

    let name = unique("onecall");
    let id = cli.run(&[
        "create",
        "--label",
        &labels.label_arg(),
        "--name",
        &name,
        &fixture_image(),
        "sleep",
        "300",
    ]);
    // Subscribed first: every notice after `from` is received.
    let mut changes = handle.subscribe_changes();
    let mut deltas = keeper.kept().subscribe();
    let (from, calls_before) = settled(&handle, &keeper, &proxy).await;
    cli.run(&["start", &id]);

    // The kept list shows it running, from a delta.
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let delta = deltas.recv().await.expect("deltas");
            let running = match &delta {
                tugboat_engine::kept::Delta::Patch { upserted, .. } => upserted
                    .iter()
                    .any(|r| r.id == id && r.state == ContainerState::Running),
                tugboat_engine::kept::Delta::Reset { rows, .. } => rows
                    .iter()
                    .any(|r| r.id == id && r.state == ContainerState::Running),
            };
            if running {
                break;
            }
        }
    })
    .await
    .expect("a delta shows the container running within 10 s");
    // Readers load the kept list: however many, no engine call.
    let (upto, calls_after_delta) = settled(&handle, &keeper, &proxy).await;
    for _ in 0..5 {
        let snap = keeper.list().await.unwrap();
        assert!(snap.rows.iter().any(|r| r.id == id));
    }
    let (upto_again, calls_after_loads) = settled(&handle, &keeper, &proxy).await;

    // Every notice in (from, upto], about containers (also other tests' on this shared engine).
    let mut notices = Vec::new();
    while let Ok(n) = changes.try_recv() {
        if n.seq > from && n.seq <= upto_again {
            notices.push(n);
        }
    }
    assert_eq!(
        notices.last().map(|n| n.seq),
        Some(upto_again),
        "every notice up to the end was received: {notices:?}"
    );
    let about_containers = |lo: u64, hi: u64| {
        notices
            .iter()
            .filter(|n| n.seq > lo && n.seq <= hi && Containers::change(n).is_some())
            .count()
    };
    let named_it = notices.iter().any(|n| {
        n.container_ids
            .as_ref()
            .is_some_and(|ids| ids.contains(&id))
    });
    assert!(
        named_it,
        "a notice named the started container: {notices:?}"
    );
    // The figure BENCHMARKS.md records (run with --nocapture to see it).
    eprintln!(
        "kept list: {} container notices cost {} engine list calls; 5 loads cost {} more",
        about_containers(from, upto),
        calls_after_delta - calls_before,
        calls_after_loads - calls_after_delta - about_containers(upto, upto_again),
    );
    assert_eq!(
        calls_after_delta - calls_before,
        about_containers(from, upto),
        "one list call per container notice: {notices:?}"
    );
    assert_eq!(
        calls_after_loads - calls_after_delta,
        about_containers(upto, upto_again),
        "loading the kept list five times asked the engine for nothing more than the notices"
    );
    handle.shutdown();
}
