//! `docker top` and `docker diff` against the real engine: the processes with the ps options
//! asked for, a refusal for a stopped container and for options ps does not take, and a
//! container's added, changed and deleted paths as a tree.

use crate::support::*;
use tugboat_engine::containers::changes::{ChangeKind, ChangeNode};
use tugboat_engine::{Engine, EngineError};

#[tokio::test]
async fn top_lists_the_sleep_process_with_the_ps_options_asked_for() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let name = unique("top");
    labels.run_detached(&name, &[], &["sleep", "3127"]);
    let engine = Engine::connect(&host).await.unwrap();

    let table = engine
        .top(&name, Some(" -eo  pid,ppid,user,args "))
        .await
        .unwrap();
    assert_eq!(
        table.titles,
        ["PID", "PPID", "USER", "COMMAND"],
        "{table:?}"
    );
    let args = table.titles.len() - 1;
    assert!(
        table.processes.iter().any(|p| p[args] == "sleep 3127"),
        "{table:?}"
    );
    // The default (ps -ef) lists it too, and as the CLI does.
    let default = engine.top(&name, None).await.unwrap();
    assert!(default.titles.iter().any(|t| t == "CMD"), "{default:?}");
    assert!(
        default
            .processes
            .iter()
            .flatten()
            .any(|c| c == "sleep 3127"),
        "{default:?}"
    );
    let cli_lines = cli.lines(&["top", &name, "-eo", "pid,ppid,user,args"]);
    assert_eq!(cli_lines.len(), table.processes.len() + 1, "{cli_lines:?}");

    // Options ps refuses: the engine's words come back, not an empty table.
    let bad = engine.top(&name, Some("--no-such-option")).await;
    match bad {
        Err(e) => assert!(!e.to_string().is_empty()),
        Ok(t) => panic!("ps took a bad option: {t:?}"),
    }

    cli.run(&["stop", "-t", "0", &name]);
    let stopped = engine.top(&name, None).await;
    assert!(
        matches!(stopped, Err(EngineError::Conflict(_))),
        "a stopped container has no processes to list: {stopped:?}"
    );
}

fn find<'a>(nodes: &'a [ChangeNode], path: &str) -> Option<&'a ChangeNode> {
    nodes.iter().find_map(|n| {
        if n.path == path {
            Some(n)
        } else {
            find(&n.children, path)
        }
    })
}

#[tokio::test]
async fn diff_shows_added_changed_and_deleted_paths_as_a_tree() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let name = unique("diff");
    labels.run_detached(
        &name,
        &[],
        &[
            "sh",
            "-c",
            "mkdir -p /tmp/made/deeper && echo hi > /tmp/made/deeper/new.txt && rm /bin/ping && \
             touch /bin/busybox; touch /ready; sleep 600",
        ],
    );
    eventually(
        std::time::Duration::from_secs(20),
        "the container made its changes",
        || async { cli.try_run(&["exec", &name, "test", "-f", "/ready"]).ok() },
    )
    .await;
    let engine = Engine::connect(&host).await.unwrap();
    let t = engine.changes(&name).await.unwrap();

    let new = find(&t.roots, "/tmp/made/deeper/new.txt").expect("the added file");
    assert_eq!(new.kind, Some(ChangeKind::Added));
    let ping = find(&t.roots, "/bin/ping").expect("the deleted file");
    assert_eq!(ping.kind, Some(ChangeKind::Deleted));
    let busybox = find(&t.roots, "/bin/busybox").expect("the changed file");
    assert_eq!(busybox.kind, Some(ChangeKind::Changed));
    let tmp = find(&t.roots, "/tmp").unwrap();
    assert!(tmp.added >= 3, "made, deeper, new.txt under /tmp: {tmp:?}");
    assert!(t.deleted >= 1 && t.changed >= 1 && t.added >= 4, "{t:?}");
    // As many paths as `docker diff` prints.
    let lines = cli.lines(&["diff", &name]);
    assert_eq!(
        lines.len() as u32,
        t.added + t.changed + t.deleted,
        "{lines:?}"
    );
}
