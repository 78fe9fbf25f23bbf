//! The engine crate against a real Docker engine: connection and negotiation, facts beside the
//! docker CLI, events, the supervisor through a daemon crash, and a half-open events stream.

use crate::support::*;
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::broadcast;
use tugboat_engine::connection::CLIENT_MAX_API;
use tugboat_engine::kept::Delta;
use tugboat_engine::supervisor::keeper::ContainerKeeper;
use tugboat_engine::supervisor::{ConnectionState, SupervisorConfig};
use tugboat_engine::{ApiVersion, EndpointSource, Engine, EnvSnapshot, ResourceKind};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connects_negotiates_and_reports_the_same_facts_as_the_cli() {
    let host = test_host();
    let cli = Cli::new(&host);
    let engine = Engine::connect(&host)
        .await
        .expect("connect to the test engine");
    let daemon_api = ApiVersion::parse(&cli.server_api_version()).unwrap();
    assert_eq!(engine.daemon_api_version(), daemon_api);
    assert_eq!(engine.api_version(), daemon_api.min(CLIENT_MAX_API));

    let info = engine.info().await.expect("engine info");
    assert_eq!(info.server_version, cli.server_version());
    assert_eq!(info.api_version, engine.api_version().to_string());
    assert_eq!(
        info.storage_driver.as_deref(),
        Some(cli.run(&["info", "--format", "{{.Driver}}"]).as_str())
    );
    assert_eq!(
        info.cpus.map(|c| c.to_string()),
        Some(cli.run(&["info", "--format", "{{.NCPU}}"]))
    );
    // Other tests create containers in parallel: compare snapshots until two agree.
    eventually(
        Duration::from_secs(15),
        "container count equals docker ps -a",
        || async {
            let before = cli.container_count(true);
            let counts = engine.info().await.ok()?.counts;
            let after = cli.container_count(true);
            (before == after && counts.containers as usize == after).then_some(())
        },
    )
    .await;
    // Like `docker info`, the count includes intermediate images from builds; other tests
    // commit images meanwhile, so again two CLI snapshots around our answer must agree.
    let cli_images = || -> u32 {
        cli.run(&["info", "--format", "{{.Images}}"])
            .parse()
            .expect("docker info prints a number of images")
    };
    eventually(
        Duration::from_secs(15),
        "image count equals docker info's",
        || async {
            let before = cli_images();
            let counts = engine.info().await.ok()?.counts;
            let after = cli_images();
            (before == after && counts.images == after).then_some(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_carries_the_negotiated_api_version() {
    let host = test_host();
    let proxy = EngineProxy::start(&host);
    let engine = Engine::connect(&proxy.host())
        .await
        .expect("connect through proxy");
    engine.info().await.expect("info through proxy");
    let prefix = format!("/v{}/", engine.api_version());
    let lines = proxy.request_lines();
    let info_lines: Vec<_> = lines.iter().filter(|l| l.contains("/info")).collect();
    assert!(!info_lines.is_empty(), "saw requests: {lines:?}");
    for line in &info_lines {
        assert!(line.contains(&prefix), "request without {prefix}: {line}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disk_usage_matches_docker_system_df() {
    let host = test_host();
    let cli = Cli::new(&host);
    let engine = Engine::connect(&host).await.unwrap();
    let df = engine.disk_usage().await.expect("disk usage");
    let cli_images: u32 = cli
        .run(&["system", "df", "--format", "{{.TotalCount}}"])
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(df.images.total, cli_images);
    assert!(df.images.size_bytes > 0.0, "the fixture image has a size");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervisor_reports_cli_actions_as_events_and_changes() {
    let (host, _, labels, _) = TestEngine::start().await.into_parts();
    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&host)));
    wait_state(&handle, ConnectionState::Connected, Duration::from_secs(10)).await;
    let status = handle.status();
    assert_eq!(
        status.endpoint.as_ref().map(|e| &e.source),
        Some(&EndpointSource::DockerHostEnv)
    );
    let mut events = handle.subscribe_events();
    let mut changes = handle.subscribe_changes();

    let name = unique("evt");
    let created = labels.create(&name, &[], &["true"]);
    let e = next_event(
        &mut events,
        Duration::from_secs(10),
        "container create",
        |e| e.subject == name && e.action == "create",
    )
    .await;
    assert_eq!(e.kind, ResourceKind::Container);
    assert_eq!(e.verb, "was created");
    assert!(e.time_ms > 0.0);
    // The notice names the container it is about, so views refetch just that one. Other
    // tests' notices pass by meanwhile; none naming this container within the limit fails.
    let change = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let c = changes.recv().await.unwrap();
            if c.container_ids
                .as_ref()
                .is_some_and(|ids| ids.contains(&created))
            {
                return c;
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no change notice named the created container {created}"));
    assert_eq!(e.id, created);
    assert!(
        change.kinds.contains(&ResourceKind::Container),
        "{change:?}"
    );
    assert!(!change.reconcile, "{change:?}");
    assert!(handle.recent_events().iter().any(|e| e.subject == name));
    handle.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervisor_follows_a_context_from_docker_config() {
    let host = test_host();
    let config = tempfile::tempdir().unwrap();
    let name = "tugboat-it-context";
    let digest = {
        use std::process::Command;
        let out = Command::new("sh")
            .args([
                "-c",
                &format!("printf %s {name} | sha256sum | cut -d' ' -f1"),
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let meta = config.path().join("contexts/meta").join(digest);
    std::fs::create_dir_all(&meta).unwrap();
    std::fs::write(
        meta.join("meta.json"),
        format!(r#"{{"Name":"{name}","Metadata":{{}},"Endpoints":{{"docker":{{"Host":"{host}","SkipTLSVerify":false}}}}}}"#),
    )
    .unwrap();
    std::fs::write(
        config.path().join("config.json"),
        format!(r#"{{"currentContext":"{name}"}}"#),
    )
    .unwrap();
    // The docker CLI itself agrees on what this context is.
    let via_cli = std::process::Command::new("docker")
        .args([
            "context",
            "inspect",
            name,
            "--format",
            "{{.Endpoints.docker.Host}}",
        ])
        .env("DOCKER_CONFIG", config.path())
        .env_remove("DOCKER_HOST")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&via_cli.stdout).trim(), host);

    let env = EnvSnapshot {
        docker_config: Some(PathBuf::from(config.path())),
        home: Some(PathBuf::from("/nonexistent-home")),
        ..Default::default()
    };
    let handle = spawn_supervisor(SupervisorConfig::new(env));
    wait_state(&handle, ConnectionState::Connected, Duration::from_secs(10)).await;
    let endpoint = handle.status().endpoint.unwrap();
    assert_eq!(endpoint.host, host);
    assert_eq!(
        endpoint.source,
        EndpointSource::CurrentContext { name: name.into() }
    );
    handle.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dead_endpoint_is_unavailable_with_the_reason() {
    let dead = format!("unix:///tmp/{}.sock", unique("dead"));
    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&dead)));
    wait_state(
        &handle,
        ConnectionState::Unavailable,
        Duration::from_secs(5),
    )
    .await;
    let status = handle.status();
    assert!(!status.ever_connected);
    let attempt = status
        .attempts
        .iter()
        .find(|a| a.configured)
        .expect("configured attempt");
    assert_eq!(attempt.endpoint.host, dead);
    assert!(
        attempt.error.as_deref().unwrap_or("").contains("no socket"),
        "{attempt:?}"
    );
    let err = handle.engine().unwrap_err();
    assert!(err.is_unavailable());
    handle.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervisor_recovers_after_the_daemon_is_killed_and_restarted() {
    let mut daemon = PrivateDaemon::start();
    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&daemon.host())));
    let cache = std::sync::Arc::new(ContainerKeeper::default());
    tokio::spawn(cache.clone().keep(handle.clone()));
    wait_state(&handle, ConnectionState::Connected, Duration::from_secs(10)).await;
    let mut changes = handle.subscribe_changes();
    daemon.load_fixture();
    cache.list().await.unwrap();
    let before = daemon.cli().run(&["create", &fixture_image()]);
    eventually(
        Duration::from_secs(5),
        "the cache holds the new container",
        || async {
            cache
                .kept()
                .snapshot()
                .filter(|s| s.rows.iter().any(|r| before.starts_with(&r.id[..12])))
                .map(|_| ())
        },
    )
    .await;

    daemon.kill9();
    wait_state(
        &handle,
        ConnectionState::Unavailable,
        Duration::from_secs(5),
    )
    .await;
    assert!(handle.engine().is_err());
    assert!(handle.status().last_error.is_some());
    eventually(
        Duration::from_secs(2),
        "the cache forgets a list it can't keep",
        || async { cache.kept().snapshot().is_none().then_some(()) },
    )
    .await;
    // Made while Tugboat can't see: only a whole list after reconnecting can know of it.
    daemon.restart();
    let unseen = daemon.cli().run(&["create", &fixture_image()]);
    wait_state(&handle, ConnectionState::Connected, Duration::from_secs(10)).await;
    // A reconnect asks every store to reconcile: events missed meanwhile are gone.
    let reconcile = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let c = changes.recv().await.unwrap();
            if c.reconcile {
                return c;
            }
        }
    })
    .await
    .expect("a reconcile after reconnecting");
    assert_eq!(reconcile.kinds.len(), ResourceKind::ALL.len());
    let truth: std::collections::BTreeSet<String> = daemon
        .cli()
        .lines(&["ps", "-aq", "--no-trunc"])
        .into_iter()
        .collect();
    assert!(truth.contains(&unseen));
    eventually(
        Duration::from_secs(5),
        "the cache equals docker ps -a again",
        || async {
            let ids: std::collections::BTreeSet<String> = cache
                .kept()
                .snapshot()?
                .rows
                .into_iter()
                .map(|r| r.id)
                .collect();
            (ids == truth).then_some(())
        },
    )
    .await;

    // Events flow again on the new connection.
    let mut events = handle.subscribe_events();
    let volume = unique("vol");
    daemon.cli().run(&["volume", "create", &volume]);
    let e = next_event(
        &mut events,
        Duration::from_secs(10),
        "volume create after restart",
        |e| e.kind == ResourceKind::Volume && e.id == volume,
    )
    .await;
    assert_eq!(e.action, "create");
    handle.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_half_open_event_stream_is_resubscribed_without_losing_events() {
    let (host, _, labels, _) = TestEngine::start().await.into_parts();
    let proxy = EngineProxy::start(&host);
    let mut config = SupervisorConfig::new(env_for(&proxy.host()));
    config.silence = Duration::from_secs(1);
    let handle = spawn_supervisor(config);
    wait_state(&handle, ConnectionState::Connected, Duration::from_secs(10)).await;
    let mut events = handle.subscribe_events();

    // A first event sets the point the supervisor resubscribes from.
    let first = unique("vol");
    labels.volume(&first);
    next_event(&mut events, Duration::from_secs(10), "first volume", |e| {
        e.id == first
    })
    .await;

    // The stream now goes silent without closing; the engine keeps working.
    proxy.freeze_existing();
    let missed = unique("vol");
    labels.volume(&missed);
    let e = next_event(
        &mut events,
        Duration::from_secs(15),
        "event sent while half-open",
        |e| e.id == missed,
    )
    .await;
    assert_eq!(e.action, "create");
    assert_eq!(handle.status().state, ConnectionState::Connected);
    handle.shutdown();
}

/// (id, name) of each row a view shows.
type ViewRows = std::sync::Arc<tokio::sync::Mutex<Vec<(String, String)>>>;
type Counter = std::sync::Arc<std::sync::atomic::AtomicUsize>;

/// What the Containers view keeps, as the UI's `KeptStore` keeps it: the kept list loaded once
/// (what `container_list` answers), then each delta the keeper sends applied in order. Deltas
/// must come in version order with no gap; a delta at or below the loaded version is one the
/// load already held. Counts the patches applied.
async fn spawn_view(keeper: &std::sync::Arc<ContainerKeeper>) -> (ViewRows, Counter) {
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    let view: ViewRows = Default::default();
    let patches = std::sync::Arc::new(AtomicUsize::new(0));
    // Subscribed before loading, so no delta falls between the two.
    let mut deltas = keeper.kept().subscribe();
    let loaded = keeper.list().await.expect("the kept list loads");
    let (v, p) = (view.clone(), patches.clone());
    let mut version = loaded.version;
    let mut rows = loaded.rows;
    *v.lock().await = rows
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    tokio::spawn(async move {
        loop {
            let delta = match deltas.recv().await {
                Ok(d) => d,
                Err(broadcast::error::RecvError::Lagged(n)) => panic!("the view missed {n} deltas"),
                Err(broadcast::error::RecvError::Closed) => break,
            };
            if delta.version() <= version {
                continue;
            }
            match delta {
                Delta::Reset {
                    rows: all,
                    version: at,
                } => {
                    rows = all;
                    version = at;
                }
                Delta::Patch {
                    upserted,
                    removed,
                    version: at,
                } => {
                    assert_eq!(at, version + 1, "deltas arrive in order, none missing");
                    p.fetch_add(1, Relaxed);
                    rows.retain(|r| {
                        !removed.contains(&r.id) && !upserted.iter().any(|u| u.id == r.id)
                    });
                    rows.extend(upserted);
                    version = at;
                }
            }
            *v.lock().await = rows
                .iter()
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect();
        }
    });
    (view, patches)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_an_event_storm_the_delta_fed_list_matches_docker_ps() {
    use std::sync::atomic::Ordering::Relaxed;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&host)));
    wait_state(&handle, ConnectionState::Connected, Duration::from_secs(10)).await;
    let keeper = std::sync::Arc::new(ContainerKeeper::default());
    tokio::spawn(keeper.clone().keep(handle.clone()));
    let (view, patches) = spawn_view(&keeper).await;
    let prefix = unique("storm");
    let label = labels.label_arg();
    let storm = Storm {
        prefix: &prefix,
        count: 36,
        workers: 6,
        label: &label,
    }
    .start(&cli);
    // A second view opens mid-storm: its load and the deltas after it must line up.
    let engine = handle.engine().unwrap();
    eventually(Duration::from_secs(60), "the storm to begin", || {
        let (engine, prefix) = (engine.clone(), prefix.clone());
        async move {
            let rows = engine.containers(true).await.ok()?;
            (rows.iter().filter(|r| r.name.starts_with(&prefix)).count() >= 4).then_some(())
        }
    })
    .await;
    let (late_view, _) = spawn_view(&keeper).await;
    storm.finish().await;
    let truth: std::collections::BTreeSet<String> = cli
        .lines(&[
            "ps",
            "-aq",
            "--no-trunc",
            "--filter",
            &format!("label={}", labels.label_arg()),
            "--filter",
            &format!("name={prefix}"),
        ])
        .into_iter()
        .collect();
    assert_eq!(truth.len(), 18);
    for (what, view) in [
        ("the view opened before the storm", &view),
        ("the view opened during the storm", &late_view),
    ] {
        eventually(
            Duration::from_secs(20),
            &format!("{what} to equal docker ps -a"),
            || {
                let view = view.clone();
                let truth = truth.clone();
                let prefix = prefix.clone();
                async move {
                    let seen: std::collections::BTreeSet<String> = view
                        .lock()
                        .await
                        .iter()
                        .filter(|(_, n)| n.starts_with(&prefix))
                        .map(|(id, _)| id.clone())
                        .collect();
                    (seen == truth).then_some(())
                }
            },
        )
        .await;
    }
    assert!(
        patches.load(Relaxed) > 0,
        "notices named their containers, so the list was patched, not only sent whole"
    );
    handle.shutdown();
}

/// A notice reaches the UI only once the kept list has dealt with it (`forward_to_ui` waits
/// on [`ContainerKeeper::caught_up`]), so a full load (`container_list`) made on a notice
/// already holds that notice's change. Read the moment each notice arrives without that wait,
/// the kept list is usually one notice behind: the keeper is still asking the engine.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_refresh_on_a_notice_already_shows_that_notices_change() {
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&host)));
    wait_state(&handle, ConnectionState::Connected, Duration::from_secs(10)).await;
    let cache = std::sync::Arc::new(ContainerKeeper::default());
    tokio::spawn(cache.clone().keep(handle.clone()));
    // Known before the steps, so each read is the kept list's. (A fill overlapping the
    // reconcile sent on connecting once lost its list; the keeper does one thing at a time.)
    cache.list().await.unwrap();
    assert!(cache.kept().is_known(), "the first fill keeps its list");
    let mut changes = handle.subscribe_changes();
    for round in 0..3 {
        let name = unique("fresh");
        let renamed = unique("renamed");
        let mut id = String::new();
        for step in ["create", "rename", "rm"] {
            let base = handle.changes_sent();
            match step {
                "create" => id = labels.create(&name, &[], &["true"]),
                "rename" => {
                    cli.run(&["rename", &id, &renamed]);
                }
                _ => {
                    cli.run(&["rm", &id]);
                }
            }
            let want = match step {
                "create" => Some(name.clone()),
                "rename" => Some(renamed.clone()),
                _ => None,
            };
            // Each notice about the container after the step (the first, then its settle
            // pass): the full refresh read right then must cover that notice; once they stop
            // (500 ms without one), the last read shows the step done.
            let mut reads = Vec::new();
            let mut last = tokio::time::Instant::now();
            let start = tokio::time::Instant::now();
            while reads.is_empty() || last.elapsed() < Duration::from_millis(500) {
                assert!(
                    start.elapsed() < Duration::from_secs(10),
                    "round {round}: no notice named the container after docker {step}"
                );
                let Ok(Ok(c)) =
                    tokio::time::timeout(Duration::from_millis(100), changes.recv()).await
                else {
                    continue;
                };
                let about_it =
                    c.reconcile || c.container_ids.as_ref().is_none_or(|ids| ids.contains(&id));
                if c.seq <= base || !about_it {
                    continue;
                }
                // What the app does before the UI sees the notice; here the limit is only how
                // long the test is willing to wait.
                assert!(cache.caught_up(c.seq, Duration::from_secs(10)).await);
                let rows = cache.list().await.unwrap().rows;
                assert!(
                    cache.applied() >= c.seq,
                    "round {round}, docker {step}: the list was read as of notice {}, for \
                     notice {}",
                    cache.applied(),
                    c.seq
                );
                reads.push(rows.iter().find(|r| r.id == id).map(|r| r.name.clone()));
                last = tokio::time::Instant::now();
            }
            assert_eq!(
                reads.last(),
                Some(&want),
                "round {round}: after docker {step} the full refreshes read {reads:?}"
            );
        }
    }
    handle.shutdown();
}

/// The home screen's counts come from the backend's kept list, which has caught up with the
/// notice the UI is acting on (`ContainerKeeper::caught_up`), not from a fresh `docker ps -a`.
/// Read the moment each notice arrives, the list is one that has dealt with that notice (a
/// read that did not wait fails here: "read as of notice 1, acting on notice 2"), and the
/// counts end each step equal to `docker ps -a`'s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counts_from_the_kept_list_show_each_change_as_its_notice_arrives() {
    let daemon = PrivateDaemon::start();
    daemon.load_fixture();
    let cli = daemon.cli();
    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&daemon.host())));
    let cache = std::sync::Arc::new(ContainerKeeper::default());
    tokio::spawn(cache.clone().keep(handle.clone()));
    wait_state(&handle, ConnectionState::Connected, Duration::from_secs(10)).await;
    let engine = handle.engine().unwrap();
    cache.list().await.unwrap();
    assert!(cache.kept().is_known(), "the first fill keeps its list");
    let mut changes = handle.subscribe_changes();
    let truth = |cli: &Cli| {
        let states = cli.lines(&["ps", "-a", "--format", "{{.State}}"]);
        let n = |s: &str| states.iter().filter(|x| x.as_str() == s).count() as u32;
        (states.len() as u32, n("running"), n("paused"))
    };

    let id = cli.run(&[
        "create",
        "--stop-timeout",
        "1",
        &fixture_image(),
        "sleep",
        "300",
    ]);
    let steps: [&[&str]; 6] = [
        &[],
        &["start", &id],
        &["pause", &id],
        &["unpause", &id],
        &["stop", &id],
        &["rm", &id],
    ];
    for step in steps {
        if !step.is_empty() {
            cli.run(step);
        }
        let want = truth(&cli);
        // Each notice that names the container: the counts read right then. The last of them
        // must show the step done; no notice for 3 s with the counts still wrong is a failure.
        let mut seen = Vec::new();
        loop {
            let notice = match tokio::time::timeout(Duration::from_secs(3), changes.recv()).await {
                Ok(Ok(n)) => n,
                Ok(Err(e)) => panic!("notices stopped: {e}"),
                Err(_) => panic!(
                    "after `docker {}` the counts (total, running, paused) read on each \
                     notice were {seen:?}, never {want:?}",
                    step.first().unwrap_or(&"create")
                ),
            };
            if !notice.reconcile
                && !notice
                    .container_ids
                    .as_ref()
                    .is_none_or(|ids| ids.contains(&id))
            {
                continue;
            }
            assert!(
                cache.caught_up(notice.seq, Duration::from_secs(5)).await,
                "the kept list catches up with the notice"
            );
            let known = cache.kept().snapshot().expect("the list is kept").rows;
            assert!(
                cache.applied() >= notice.seq,
                "read as of notice {}, acting on notice {}",
                cache.applied(),
                notice.seq
            );
            let counts = engine.info_with(async { Ok(known) }).await.unwrap().counts;
            let got = (counts.containers, counts.running, counts.paused);
            if got == want {
                break;
            }
            seen.push(got);
        }
    }
    handle.shutdown();
}

/// `units.HumanSize` as the docker CLI prints sizes: decimal units, four significant digits,
/// trailing zeros dropped (`1.985MB`, `0B`, `12.3kB`).
pub(crate) fn cli_size(bytes: f64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB", "PB"];
    let mut v = bytes;
    let mut i = 0;
    while v >= 1000.0 && i < units.len() - 1 {
        v /= 1000.0;
        i += 1;
    }
    let whole_digits = if v < 1.0 {
        1
    } else {
        v.log10().floor() as i32 + 1
    };
    let decimals = (4 - whole_digits).max(0) as usize;
    let mut text = format!("{v:.decimals$}");
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    format!("{text}{}", units[i])
}

#[test]
fn cli_sizes_are_printed_as_the_cli_prints_them() {
    assert_eq!(cli_size(0.0), "0B");
    assert_eq!(cli_size(1_985_000.0), "1.985MB");
    assert_eq!(cli_size(1_092_588.0), "1.093MB");
    assert_eq!(cli_size(12_300.0), "12.3kB");
    assert_eq!(cli_size(999.0), "999B");
}

#[tokio::test]
async fn disk_usage_rows_match_docker_system_df_figure_for_figure() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    // Something in every row but build cache: a running container (its image in use), a
    // stopped one with a file in its layer, a paused one, and a volume with data.
    let vol = unique("dfvol");
    labels.volume(&vol);
    let mount = format!("{vol}:/data");
    labels.run_detached(
        &unique("df-run"),
        &["-v", &mount],
        &["sh", "-c", "head -c 5000 /dev/zero > /data/f; sleep 600"],
    );
    let stopped = unique("df-stop");
    labels.run_detached(
        &stopped,
        &[],
        &["sh", "-c", "head -c 3000 /dev/zero > /junk"],
    );
    let paused = unique("df-pause");
    labels.run_detached(&paused, &[], &["sleep", "600"]);
    cli.run(&["pause", &paused]);
    cli.run(&["wait", &stopped]);

    let rows = |df: &tugboat_engine::DiskUsage| -> Vec<(String, String, String, String)> {
        [&df.images, &df.containers, &df.volumes, &df.build_cache]
            .iter()
            .map(|r| {
                (
                    r.total.to_string(),
                    r.active.to_string(),
                    cli_size(r.size_bytes),
                    cli_size(r.reclaimable_bytes),
                )
            })
            .collect()
    };
    let cli_rows = || -> Vec<(String, String, String, String)> {
        cli.lines(&[
            "system",
            "df",
            "--format",
            "{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}",
        ])
        .iter()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            // "1.985MB (100%)": the figure, without the share.
            let reclaimable = f[3].split(' ').next().unwrap_or("").to_owned();
            (f[0].into(), f[1].into(), f[2].into(), reclaimable)
        })
        .collect()
    };
    // The engine is shared: compare only when the CLI saw the same before and after ours.
    let mut attempts = Vec::new();
    for _ in 0..10 {
        let before = cli_rows();
        let ours = rows(&engine.disk_usage().await.expect("disk usage"));
        let after = cli_rows();
        if before == after {
            assert_eq!(ours, before, "Tugboat's rows against docker system df's");
            return;
        }
        attempts.push((before, after));
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("the engine never held still for a comparison: {attempts:?}");
}

#[tokio::test]
async fn an_event_of_a_type_this_version_cannot_read_keeps_the_connection() {
    let (host, _, labels, _) = TestEngine::start().await.into_parts();
    let proxy = EngineProxy::start(&host);
    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&proxy.host())));
    wait_state(&handle, ConnectionState::Connected, Duration::from_secs(10)).await;
    let mut status = handle.watch_status();
    status.mark_unchanged();
    let mut events = handle.subscribe_events();
    eventually(
        Duration::from_secs(10),
        "the events stream is open",
        || async { (proxy.event_streams() >= 1).then_some(()) },
    )
    .await;

    // What a newer engine might send: a type bollard's models do not know.
    let now = chrono_now_nanos();
    proxy.inject_event(&format!(
        r#"{{"Type":"future","Action":"arrive","Actor":{{"ID":"x","Attributes":{{}}}},"scope":"local","time":{},"timeNano":{now}}}"#,
        now / 1_000_000_000
    ));
    let after = unique("vol");
    labels.volume(&after);
    let e = next_event(
        &mut events,
        Duration::from_secs(15),
        "event after the unknown one",
        |e| e.id == after,
    )
    .await;
    assert_eq!(e.action, "create");
    assert!(
        !status.has_changed().unwrap(),
        "the status must not flap; it is {:?}",
        handle.status()
    );
    assert_eq!(
        proxy.event_streams(),
        1,
        "one events stream, never resubscribed"
    );
    handle.shutdown();
}

fn chrono_now_nanos() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i64
}

#[tokio::test]
async fn an_engine_that_never_answers_info_ends_in_a_clear_status_not_a_spinner() {
    let host = test_host();
    let proxy = EngineProxy::start(&host);
    proxy.hang_info(true);
    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&proxy.host())));
    // bollard's own limit is 120 s; the handshake's is a few seconds.
    wait_state(
        &handle,
        ConnectionState::Unavailable,
        Duration::from_secs(30),
    )
    .await;
    let status = handle.status();
    assert!(!status.ever_connected);
    assert!(status.last_error.is_some(), "{status:?}");
    assert!(
        proxy.request_lines().iter().any(|l| l.contains("/info")),
        "it was /info that hung: {:?}",
        proxy.request_lines()
    );
    // When /info answers again, the retries connect.
    proxy.hang_info(false);
    wait_state(&handle, ConnectionState::Connected, Duration::from_secs(30)).await;
    handle.shutdown();
}

#[tokio::test]
async fn switching_endpoint_while_disconnected_connects_once() {
    let (host, _, labels, _) = TestEngine::start().await.into_parts();
    let dead = format!("unix:///tmp/{}.sock", unique("dead"));
    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&dead)));
    wait_state(
        &handle,
        ConnectionState::Unavailable,
        Duration::from_secs(10),
    )
    .await;
    let proxy = EngineProxy::start(&host);
    handle.use_endpoint(Some(proxy.host()));
    wait_state(&handle, ConnectionState::Connected, Duration::from_secs(10)).await;
    let mut status = handle.watch_status();
    status.mark_unchanged();
    let mut events = handle.subscribe_events();
    let vol = unique("vol");
    labels.volume(&vol);
    next_event(
        &mut events,
        Duration::from_secs(15),
        "volume created",
        |e| e.id == vol,
    )
    .await;
    let handshakes = proxy
        .request_lines()
        .iter()
        .filter(|l| l.contains("/version"))
        .count();
    assert_eq!(handshakes, 1, "{:?}", proxy.request_lines());
    assert!(
        !status.has_changed().unwrap(),
        "no reconnect after the switch: {:?}",
        handle.status()
    );
    handle.shutdown();
}

#[tokio::test]
async fn port_warnings_see_a_port_another_program_holds_without_listening_themselves() {
    let host = test_host();
    let engine = Engine::connect(&host).await.unwrap();
    assert!(engine.is_local());
    // Held on loopback only: docker's bind on every address would still fail.
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let held = holder.local_addr().unwrap().port();
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let form = tugboat_runspec::RunForm {
        image: fixture_image(),
        ports: vec![
            tugboat_runspec::PortRow {
                host_port: held.to_string(),
                container_port: "80".into(),
                ..Default::default()
            },
            tugboat_runspec::PortRow {
                host_port: free.to_string(),
                container_port: "81".into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let spec = form.validate().expect("a valid form");
    let warnings = engine.host_port_warnings(&spec).await;
    let fields: Vec<&str> = warnings.iter().map(|w| w.field.as_str()).collect();
    assert_eq!(fields, ["ports[0].hostPort"], "{warnings:?}");
    // The probe left nothing behind: the free port can still be listened on by anyone.
    assert!(std::net::TcpListener::bind(("0.0.0.0", free)).is_ok());
    drop(holder);
}
