//! The shared test fixtures, from the test kit (`src-tauri/crates/testkit`): the test engine and
//! its CLI, labelled objects with cleanup, private daemons, the engine proxy and the storm.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;
use tokio::sync::broadcast;
use tugboat_engine::supervisor::{ConnectionState, EngineHandle, Supervisor, SupervisorConfig};
use tugboat_engine::{Engine, EngineEvent, EnvSnapshot};
pub use tugboat_testkit::*;

/// `relative-path size mode contents` of everything under `dir` on this computer (symlinks as
/// `-> target`, not followed): what a download is compared by, against `docker cp` of the same.
pub(crate) fn host_tree(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                out.push(format!(
                    "{rel} -> {}",
                    std::fs::read_link(&p).unwrap().display()
                ));
            } else if meta.is_dir() {
                out.push(format!("{rel}/ {:o}", meta.permissions().mode() & 0o777));
                walk(root, &p, out);
            } else {
                out.push(format!(
                    "{rel} {} {:o} {}",
                    meta.len(),
                    meta.permissions().mode() & 0o777,
                    String::from_utf8_lossy(&std::fs::read(&p).unwrap())
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The environment of a process whose DOCKER_HOST is `host`, and nothing else.
pub(crate) fn env_for(host: &str) -> EnvSnapshot {
    EnvSnapshot {
        docker_host: Some(host.into()),
        ..Default::default()
    }
}

/// A running supervisor (the app's connection keeper) with `config`.
pub(crate) fn spawn_supervisor(config: SupervisorConfig) -> EngineHandle {
    let (handle, supervisor) = Supervisor::new(config);
    tokio::spawn(supervisor.run());
    handle
}

/// Waits until the supervisor's connection is `want`; fails naming its status.
pub(crate) async fn wait_state(handle: &EngineHandle, want: ConnectionState, limit: Duration) {
    let mut rx = handle.watch_status();
    let result = tokio::time::timeout(limit, rx.wait_for(|s| s.state == want)).await;
    assert!(
        matches!(result, Ok(Ok(_))),
        "engine did not become {want:?} within {limit:?}; status: {:?}",
        handle.status()
    );
}

/// Waits for an event matching `pred` on `rx`.
pub(crate) async fn next_event(
    rx: &mut broadcast::Receiver<EngineEvent>,
    limit: Duration,
    what: &str,
    pred: impl Fn(&EngineEvent) -> bool,
) -> EngineEvent {
    let found = tokio::time::timeout(limit, async {
        loop {
            match rx.recv().await {
                Ok(e) if pred(&e) => return e,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => panic!("event channel closed"),
            }
        }
    })
    .await;
    found.unwrap_or_else(|_| panic!("no event within {limit:?}: {what}"))
}

/// The names of this test's containers (those starting with `prefix`) as `engine` lists them,
/// and as `docker ps -a` lists the containers labelled by `labels`, both sorted: a list read
/// through the app's engine code must equal the CLI's.
pub(crate) async fn names_both_ways(
    engine: &Engine,
    cli: &Cli,
    labels: &Labelled,
    prefix: &str,
) -> (Vec<String>, Vec<String>) {
    let mut seen: Vec<String> = engine
        .containers(true)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .filter(|n| n.starts_with(prefix))
        .collect();
    seen.sort();
    let mut want = cli.lines(&[
        "ps",
        "-a",
        "--filter",
        &format!("label={}", labels.label_arg()),
        "--format",
        "{{.Names}}",
    ]);
    want.sort();
    (seen, want)
}
