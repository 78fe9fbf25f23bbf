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
