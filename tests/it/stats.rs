//! Live stats against the real engine: a busy container's samples show CPU in use and the
//! memory limit set with `-m`, and counters move forward between samples.

use crate::support::*;
use futures_util::StreamExt;
use std::time::Duration;
use tugboat_engine::Engine;

#[tokio::test]
async fn a_busy_containers_samples_show_cpu_and_the_memory_limit_it_was_given() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let name = unique("stats-busy");
    labels.run_detached(
        &name,
        &["-m", "64m", "--pids-limit", "50"],
        &["sh", "-c", "while :; do :; done"],
    );
    let engine = Engine::connect(&host).await.unwrap();
    let mut samples = std::pin::pin!(engine.stats(&name));
    // The first sample's CPU may be a lifetime average; a later one has a one-second delta.
    let mut busy = None;
    let limit = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(s) = samples.next().await {
            let s = s.unwrap();
            if s.cpu_percent > 0.0 && s.read_at_ms > 0.0 {
                busy = Some(s);
                break;
            }
        }
    })
    .await;
    assert!(limit.is_ok(), "no sample with CPU above zero within 30 s");
    let s = busy.expect("the stream ended before a busy sample");
    assert!(s.cpu_percent > 0.0, "{s:?}");
    assert_eq!(s.memory_limit_bytes, 64.0 * 1024.0 * 1024.0, "{s:?}");
    assert!(s.memory_bytes > 0.0 && s.memory_percent > 0.0, "{s:?}");
    assert!(s.online_cpus >= 1);
    assert_eq!(s.pids_limit, Some(50.0), "{s:?}");
    assert!(s.pids.unwrap_or(0) >= 1, "{s:?}");
    // The container has a network: its interfaces are summed (a fresh bridge may have sent
    // nothing yet, so only that the figures are there and not negative).
    assert!(s.net_rx_bytes >= 0.0 && s.net_rx_per_second >= 0.0);
}

/// A list row's pace (`stats_every`, 30 s in the app): the first sample is the engine's own
/// one-second reading, each later one a one-shot reading whose CPU is taken over the time since
/// the one before (a busy loop shows a good part of a core, not 0 and not a lifetime average);
/// the stream ends when the container stops.
#[tokio::test]
async fn a_rows_samples_come_at_their_pace_with_cpu_over_the_time_between_them() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let name = unique("stats-glance");
    // Idle for its first 4 s, then busy: a lifetime average would stay far below the busy
    // figure, a figure over the last interval would not.
    labels.run_detached(&name, &[], &["sh", "-c", "sleep 4; while :; do :; done"]);
    let engine = Engine::connect(&host).await.unwrap();
    let every = Duration::from_secs(3);
    let mut samples = std::pin::pin!(engine.stats_every(&name, every));
    let first = samples.next().await.expect("a first sample").unwrap();
    assert!(first.cpu_percent < 20.0, "idle at first: {first:?}");
    let mut busy = Vec::new();
    for _ in 0..4 {
        let s = tokio::time::timeout(every * 4, samples.next())
            .await
            .expect("the next sample comes about `every` later")
            .expect("the stream goes on while the container runs")
            .unwrap();
        busy.push(s);
    }
    let last = busy.last().unwrap();
    assert!(
        last.cpu_percent > 20.0,
        "busy: more than a fifth of a core over the last interval: {busy:?}"
    );
    let gaps: Vec<f64> = busy
        .windows(2)
        .map(|w| (w[1].read_at_ms - w[0].read_at_ms) / 1000.0)
        .collect();
    assert!(
        gaps.iter().all(|g| *g >= 2.5),
        "samples about {every:?} apart, not each second: {gaps:?}"
    );
    cli.run(&["stop", "-t", "0", &name]);
    let end = tokio::time::timeout(every * 4, async {
        while let Some(s) = samples.next().await {
            if s.is_err() {
                break;
            }
        }
    })
    .await;
    assert!(end.is_ok(), "the stream ends once the container stopped");
}
