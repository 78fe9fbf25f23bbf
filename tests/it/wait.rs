//! `docker wait` against the real engine: the exit code once the container stops, and a wait
//! that is cancelled ends at once instead of when the container exits.

use crate::support::*;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tugboat_engine::{Engine, EngineError};

#[tokio::test]
async fn a_wait_gives_the_exit_code_and_a_cancelled_one_ends_at_once() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let name = unique("wait");
    // It exits (code 7) only when the test says so.
    labels.run_detached(
        &name,
        &[],
        &["sh", "-c", "while [ ! -f /go ]; do sleep 0.2; done; exit 7"],
    );
    let engine = Engine::connect(&host).await.unwrap();

    // Cancelled while the container keeps running: the wait ends, with Cancelled.
    let cancel = CancellationToken::new();
    let waiting = tokio::spawn({
        let (engine, name, cancel) = (engine.clone(), name.clone(), cancel.clone());
        async move { engine.wait_exit(&name, &cancel).await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "the container is still running");
    cancel.cancel();
    let ended = tokio::time::timeout(Duration::from_secs(10), waiting)
        .await
        .expect("a cancelled wait ends without the container exiting")
        .unwrap();
    assert!(matches!(ended, Err(EngineError::Cancelled)), "{ended:?}");
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.State.Running}}", &name]),
        "true"
    );

    // Not cancelled: the exit code once it stops.
    let waiting = tokio::spawn({
        let (engine, name) = (engine.clone(), name.clone());
        async move { engine.wait_exit(&name, &CancellationToken::new()).await }
    });
    cli.run(&["exec", &name, "touch", "/go"]);
    let code = tokio::time::timeout(Duration::from_secs(20), waiting)
        .await
        .expect("the wait ends when the container exits")
        .unwrap()
        .unwrap();
    assert_eq!(code, 7);
}
