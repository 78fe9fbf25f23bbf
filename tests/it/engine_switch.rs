//! Switching engines leaves nothing of the old one behind: two private engines with different
//! labelled containers, volumes and networks; after switching A → B → A each kept list equals
//! that engine's CLI output, the lists reset to empty at the moment of the switch (before the
//! next engine's rows), and no event of B is delivered after switching back to A.

use crate::support::*;
use std::sync::Arc;
use std::time::Duration;
use tugboat_engine::kept::Delta;
use tugboat_engine::networks::keeper::NetworkKeeper;
use tugboat_engine::supervisor::keeper::ContainerKeeper;
use tugboat_engine::supervisor::{EngineHandle, EngineTarget, SupervisorConfig};
use tugboat_engine::volumes::VolumeKeeper;

const LIMIT: Duration = Duration::from_secs(20);

struct Lists {
    containers: Arc<ContainerKeeper>,
    volumes: Arc<VolumeKeeper>,
    networks: Arc<NetworkKeeper>,
}

impl Lists {
    fn keep(handle: &EngineHandle) -> Lists {
        let lists = Lists {
            containers: Arc::default(),
            volumes: Arc::default(),
            networks: Arc::default(),
        };
        tokio::spawn(lists.containers.clone().keep(handle.clone()));
        tokio::spawn(lists.volumes.clone().keep(handle.clone()));
        tokio::spawn(lists.networks.clone().keep(handle.clone()));
        lists.containers.fill();
        lists.volumes.fill();
        lists.networks.fill();
        lists
    }

    /// (containers, volumes, networks) by name, sorted; None while any is not known.
    fn names(&self) -> Option<(Vec<String>, Vec<String>, Vec<String>)> {
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        Some((
            sorted(
                self.containers
                    .kept()
                    .snapshot()?
                    .rows
                    .into_iter()
                    .map(|r| r.name)
                    .collect(),
            ),
            sorted(
                self.volumes
                    .kept()
                    .snapshot()?
                    .rows
                    .into_iter()
                    .map(|r| r.name)
                    .collect(),
            ),
            sorted(
                self.networks
                    .kept()
                    .snapshot()?
                    .rows
                    .into_iter()
                    .map(|r| r.name)
                    .collect(),
            ),
        ))
    }
}

fn cli_names(cli: &Cli) -> (Vec<String>, Vec<String>, Vec<String>) {
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    (
        sorted(cli.lines(&["ps", "-a", "--format", "{{.Names}}"])),
        sorted(cli.lines(&["volume", "ls", "-q"])),
        sorted(cli.lines(&["network", "ls", "--format", "{{.Name}}"])),
    )
}

async fn lists_equal(lists: &Lists, cli: &Cli, what: &str) {
    let want = cli_names(cli);
    eventually(LIMIT, what, || {
        let have = lists.names();
        let want = want.clone();
        async move { (have.as_ref() == Some(&want)).then_some(()) }
    })
    .await;
}

/// Makes one container, volume and network, each named after `tag`, on `engine`.
fn populate(engine: &PrivateDaemon, tag: &str) {
    let cli = engine.cli();
    let labels = Labelled::new(&cli);
    labels.create(&unique(&format!("{tag}-c")), &[], &["sleep", "300"]);
    labels.volume(&unique(&format!("{tag}-v")));
    cli.run(&[
        "network",
        "create",
        "--label",
        &labels.label_arg(),
        &unique(&format!("{tag}-n")),
    ]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_of_the_old_engine_survives_a_switch() {
    let a = PrivateDaemon::start();
    let b = PrivateDaemon::start();
    a.load_fixture();
    b.load_fixture();
    populate(&a, "on-a");
    populate(&b, "on-b");
    let (cli_a, cli_b) = (a.cli(), b.cli());
    assert_ne!(cli_names(&cli_a), cli_names(&cli_b));

    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&a.host())));
    let lists = Lists::keep(&handle);
    lists_equal(&lists, &cli_a, "A's lists").await;

    // The switch: the next delta of each list is an empty reset, then B's rows.
    let mut container_deltas = lists.containers.kept().subscribe();
    let mut volume_deltas = lists.volumes.kept().subscribe();
    handle.switch_to(EngineTarget::Host { host: b.host() });
    let first = tokio::time::timeout(LIMIT, container_deltas.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(
        matches!(&first, Delta::Reset { rows, .. } if rows.is_empty()),
        "the container list first empties: {first:?}"
    );
    let first = tokio::time::timeout(LIMIT, volume_deltas.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(
        matches!(&first, Delta::Reset { rows, .. } if rows.is_empty()),
        "the volume list first empties: {first:?}"
    );
    assert!(
        handle.recent_events().is_empty(),
        "A's events are forgotten"
    );
    lists_equal(&lists, &cli_b, "B's lists").await;

    // Back to A; then events on both: only A's are delivered.
    handle.switch_to(EngineTarget::Host { host: a.host() });
    lists_equal(&lists, &cli_a, "A's lists again").await;
    let mut events = handle.subscribe_events();
    let from_b = unique("late-on-b");
    cli_b.run(&["volume", "create", &from_b]);
    let from_a = unique("late-on-a");
    cli_a.run(&["volume", "create", &from_a]);
    let seen = tokio::time::timeout(LIMIT, async {
        let mut seen = vec![];
        loop {
            let e = events.recv().await.unwrap();
            seen.push(e.id.clone());
            if e.id == from_a {
                return seen;
            }
        }
    })
    .await
    .expect("A's volume event within the limit");
    assert!(!seen.contains(&from_b), "B's event was delivered: {seen:?}");
    assert!(
        !handle.recent_events().iter().any(|e| e.id == from_b),
        "B's event was kept"
    );
    lists_equal(&lists, &cli_a, "A's lists with its new volume").await;
    handle.shutdown();
}
