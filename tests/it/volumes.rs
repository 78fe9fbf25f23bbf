//! Volumes against the real engine: the prune preview is exactly what the CLI's prune then
//! removes (anonymous, named-unused, named-used by running and stopped containers, and
//! previously-used volumes; nothing in use is ever listed), the app's prune removes only what it
//! listed, create with options agrees with `docker volume inspect` and with the CLI line it
//! shows, the list names every container (stopped too) using a volume, a volume in use is
//! refused naming its users, and sizes match what the engine measures.

use crate::support::*;
use std::collections::BTreeSet;
use tugboat_engine::volumes::prune::ANONYMOUS_ONLY_SINCE;
use tugboat_engine::{ApiVersion, EngineError};
use tugboat_runspec::argv::command_line;
use tugboat_runspec::volume_spec::{VolumeForm, VolumePruneFilters};
use tugboat_runspec::LabelRow;

/// The volumes of one prune fixture, by role.
struct Fixture {
    anonymous_unused: String,
    anonymous_used: String,
    named_unused: String,
    named_running: String,
    named_stopped: String,
    named_created: String,
    previously_used: String,
}

impl Fixture {
    fn in_use(&self) -> [&String; 4] {
        [
            &self.anonymous_used,
            &self.named_running,
            &self.named_stopped,
            &self.named_created,
        ]
    }
}

/// The anonymous volume a container made for `destination`.
fn volume_at(cli: &Cli, container: &str, destination: &str) -> String {
    let format = format!(
        "{{{{range .Mounts}}}}{{{{if eq .Destination \"{destination}\"}}}}{{{{.Name}}}}{{{{end}}}}{{{{end}}}}"
    );
    let name = cli.run(&["inspect", "-f", &format, container]);
    assert_eq!(name.len(), 64, "{container} has a generated volume");
    name
}

/// Every kind of volume a prune must tell apart, all carrying the test's label (anonymous ones
/// through `volume-label`, so a label filter selects them too).
fn fixture(cli: &Cli, labels: &Labelled) -> Fixture {
    let anon_mount = format!("type=volume,dst=/d,volume-label={}", labels.label_arg());
    // An anonymous volume whose container is gone (`docker rm` without -v keeps it).
    let gone = unique("vol-anon-gone");
    labels.create(&gone, &["--mount", &anon_mount], &["true"]);
    let anonymous_unused = volume_at(cli, &gone, "/d");
    cli.run(&["rm", &gone]);
    // An anonymous volume a stopped container still holds.
    let holder = unique("vol-anon-holder");
    labels.create(&holder, &["--mount", &anon_mount], &["true"]);
    let anonymous_used = volume_at(cli, &holder, "/d");

    let named_unused = unique("vol-named-unused");
    labels.volume(&named_unused);
    let named_running = unique("vol-named-running");
    labels.volume(&named_running);
    labels.run_detached(
        &unique("vol-runner"),
        &["-v", &format!("{named_running}:/data")],
        &["sleep", "300"],
    );
    let named_stopped = unique("vol-named-stopped");
    labels.volume(&named_stopped);
    let stopped = unique("vol-stopped");
    labels.run_detached(
        &stopped,
        &["-v", &format!("{named_stopped}:/data")],
        &["true"],
    );
    cli.run(&["wait", &stopped]);
    let named_created = unique("vol-named-created");
    labels.volume(&named_created);
    labels.create(
        &unique("vol-created"),
        &["-v", &format!("{named_created}:/data")],
        &["true"],
    );
    let previously_used = unique("vol-previously");
    labels.volume(&previously_used);
    let user = unique("vol-user");
    labels.run_detached(
        &user,
        &["-v", &format!("{previously_used}:/data")],
        &["true"],
    );
    cli.run(&["wait", &user]);
    cli.run(&["rm", &user]);
    Fixture {
        anonymous_unused,
        anonymous_used,
        named_unused,
        named_running,
        named_stopped,
        named_created,
        previously_used,
    }
}

/// The names under "Deleted Volumes:" in the CLI's prune output.
fn deleted(output: &str) -> BTreeSet<String> {
    output
        .lines()
        .skip_while(|l| !l.starts_with("Deleted Volumes:"))
        .skip(1)
        .map(str::trim)
        .take_while(|l| !l.is_empty() && !l.starts_with("Total reclaimed space"))
        .map(str::to_owned)
        .collect()
}

fn exists(cli: &Cli, name: &str) -> bool {
    cli.try_run(&["volume", "inspect", name]).is_ok()
}

fn api(cli: &Cli) -> ApiVersion {
    ApiVersion::parse(&cli.server_api_version()).expect("the engine's API version")
}

#[tokio::test]
async fn prune_previews_are_what_the_cli_prune_then_removes_and_never_a_volume_in_use() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let f = fixture(&cli, &labels);
    let filters = VolumePruneFilters {
        all: false,
        labels: vec![labels.label_arg()],
    };
    let preview = engine
        .volume_prune_preview(&filters)
        .await
        .expect("preview");
    let listed: BTreeSet<String> = preview.volumes.iter().map(|v| v.name.clone()).collect();
    for used in f.in_use() {
        assert!(!listed.contains(used), "{used} is in use but listed");
    }
    let anonymous_only = api(&cli) >= ANONYMOUS_ONLY_SINCE;
    assert_eq!(preview.anonymous_only, anonymous_only);
    let expected: BTreeSet<String> = if anonymous_only {
        [f.anonymous_unused.clone()].into()
    } else {
        // Before API 1.42 the engine's prune takes named unused volumes too.
        [
            f.anonymous_unused.clone(),
            f.named_unused.clone(),
            f.previously_used.clone(),
        ]
        .into()
    };
    assert_eq!(listed, expected);
    assert_eq!(
        preview.command,
        command_line(&[
            "docker",
            "volume",
            "prune",
            "--force",
            "--filter",
            &format!("label={}", labels.label_arg()),
        ])
    );

    let out = cli.run(&[
        "volume",
        "prune",
        "--force",
        "--filter",
        &format!("label={}", labels.label_arg()),
    ]);
    assert_eq!(deleted(&out), listed, "the CLI's prune removed: {out}");
    for used in f.in_use() {
        assert!(exists(&cli, used), "{used} survives the prune");
    }

    // `--all`: named unused ones too, where the engine has it; older engines refuse it, as the
    // CLI does, instead of pretending.
    let all = VolumePruneFilters {
        all: true,
        ..filters
    };
    let cli_all = cli.try_run(&[
        "volume",
        "prune",
        "--force",
        "--all",
        "--filter",
        &format!("label={}", labels.label_arg()),
    ]);
    if anonymous_only {
        let preview_all = engine
            .volume_prune_preview(&all)
            .await
            .expect("preview --all");
        let listed_all: BTreeSet<String> =
            preview_all.volumes.iter().map(|v| v.name.clone()).collect();
        assert_eq!(
            listed_all,
            [f.named_unused.clone(), f.previously_used.clone()].into()
        );
        assert_eq!(deleted(&cli_all.expect("prune --all")), listed_all);
    } else {
        match engine.volume_prune_preview(&all).await {
            Err(EngineError::InvalidInput(m)) => assert!(m.starts_with("all:"), "{m}"),
            other => panic!("--all on API {} must be refused: {other:?}", api(&cli)),
        }
        assert!(cli_all.is_err(), "the CLI refuses --all on this engine too");
    }
    for used in f.in_use() {
        assert!(exists(&cli, used), "{used} survives every prune");
    }
}

#[tokio::test]
async fn the_apps_prune_removes_exactly_the_volumes_it_listed() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let f = fixture(&cli, &labels);
    let filters = VolumePruneFilters {
        // Named ones too where the engine tells them apart, so the late volume below is one a
        // prune would take.
        all: api(&cli) >= ANONYMOUS_ONLY_SINCE,
        labels: vec![labels.label_arg()],
    };
    let preview = engine
        .volume_prune_preview(&filters)
        .await
        .expect("preview");
    let seen: Vec<String> = preview.volumes.iter().map(|v| v.name.clone()).collect();
    assert!(seen.contains(&f.named_unused), "{seen:?}");
    // Made after the user saw the list: a prune would take it, this one must not.
    let late = unique("vol-late");
    labels.volume(&late);

    let outcome = engine.volume_prune(&filters, &seen).await.expect("prune");
    let mut want = seen.clone();
    want.sort();
    assert_eq!(outcome.removed, want);
    assert!(outcome.kept.is_empty(), "{:?}", outcome.kept);
    assert!(exists(&cli, &late), "a volume nobody saw listed is kept");
    for name in &seen {
        assert!(!exists(&cli, name), "{name} was removed");
    }
    for used in f.in_use() {
        assert!(exists(&cli, used), "{used} survives");
    }
}

#[tokio::test]
async fn create_with_options_agrees_with_docker_volume_inspect_and_the_cli_line() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let row = |k: &str, v: &str| LabelRow {
        key: k.into(),
        value: v.into(),
    };
    let (label_key, label_value) = labels
        .label_arg()
        .split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .unwrap();
    let form = |name: &str| VolumeForm {
        name: name.into(),
        driver: "local".into(),
        options: vec![
            row("type", "tmpfs"),
            row("device", "tmpfs"),
            row("o", "size=2m,uid=1000"),
        ],
        labels: vec![row(&label_key, &label_value), row("team", "a b")],
    };
    let mine = unique("vol-app");
    let spec = form(&mine).validate().expect("valid");
    let outcome = engine.volume_create(&spec).await.expect("create");
    assert_eq!(outcome.name, mine);
    assert_eq!(outcome.command, command_line(&spec.argv()));

    // The same volume made by the line the app shows (with another name).
    let theirs = unique("vol-cli");
    let argv = form(&theirs).validate().unwrap().argv();
    let shown = command_line(&argv);
    let words = shell_words::split(&shown).unwrap();
    cli.run(&words[1..].iter().map(String::as_str).collect::<Vec<_>>());

    let inspect = |name: &str| -> serde_json::Value {
        let json = cli.run(&["volume", "inspect", name]);
        serde_json::from_str::<serde_json::Value>(&json).unwrap()[0].clone()
    };
    let (a, b) = (inspect(&mine), inspect(&theirs));
    assert_eq!(a["Driver"], "local");
    assert_eq!(
        a["Options"],
        serde_json::json!({"type": "tmpfs", "device": "tmpfs", "o": "size=2m,uid=1000"})
    );
    assert_eq!(a["Labels"]["team"], "a b");
    for field in ["Driver", "Options", "Labels", "Scope"] {
        assert_eq!(a[field], b[field], "{field}: app vs `{shown}`");
    }

    let details = engine.volume(&mine).await.expect("inspect");
    assert_eq!(details.command, format!("docker volume inspect {mine}"));
    assert_eq!(
        details.options,
        [
            ("device".to_string(), "tmpfs".to_string()),
            ("o".into(), "size=2m,uid=1000".into()),
            ("type".into(), "tmpfs".into()),
        ]
    );
    let raw: serde_json::Value = serde_json::from_str(&details.raw_json).unwrap();
    assert_eq!(raw["Name"], mine.as_str());
}

#[tokio::test]
async fn create_refuses_the_names_and_options_the_engine_refuses_before_asking_it() {
    let (_, cli, labels, _) = TestEngine::start().await.into_parts();
    let label = labels.label_arg();
    let form = |name: &str, option: Option<&str>| VolumeForm {
        name: name.into(),
        options: option
            .map(|k| LabelRow {
                key: k.into(),
                value: "1".into(),
            })
            .into_iter()
            .collect(),
        ..Default::default()
    };
    // What the form refuses, the engine refuses too (the CLI sends it as typed).
    for name in ["_bad", "x", "a:b", "dir/sub"] {
        let fields: Vec<String> = form(name, None)
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["name"], "{name}");
        assert!(
            cli.try_run(&["volume", "create", "--label", &label, name])
                .is_err(),
            "the engine refuses `{name}` too"
        );
    }
    let name = unique("vol-opt");
    let fields: Vec<String> = form(&name, Some("colour"))
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["options[0].key"]);
    assert!(cli
        .try_run(&["volume", "create", "--label", &label, "--opt", "colour=1", &name])
        .is_err());
    // `o` alone: the local driver wants the device it mounts with them.
    let fields: Vec<String> = form(&name, Some("o"))
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["options[0].key"]);
    assert!(cli
        .try_run(&["volume", "create", "--label", &label, "--opt", "o=1", &name])
        .is_err());
    // And what it accepts, the engine accepts.
    let ok = unique("ok.v-1_x");
    assert!(form(&ok, None).validate().is_ok());
    cli.run(&["volume", "create", "--label", &label, &ok]);
}

#[tokio::test]
async fn the_list_names_every_container_using_a_volume_and_removal_of_one_in_use_names_them() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let shared = unique("vol-shared");
    labels.volume(&shared);
    let runner = unique("vol-runner");
    let runner_id =
        labels.run_detached(&runner, &["-v", &format!("{shared}:/a")], &["sleep", "300"]);
    let stopped = unique("vol-stopped");
    let stopped_id = labels.create(&stopped, &["-v", &format!("{shared}:/b")], &["true"]);
    let alone = unique("vol-alone");
    labels.volume(&alone);

    let rows = engine.volumes().await.expect("list");
    let row = rows.iter().find(|r| r.name == shared).expect("listed");
    let mut users: Vec<(String, String)> = row
        .used_by
        .iter()
        .map(|u| (u.id.clone(), u.name.clone()))
        .collect();
    users.sort();
    let mut want = vec![(runner_id, runner.clone()), (stopped_id, stopped.clone())];
    want.sort();
    assert_eq!(users, want);
    assert!(!row.anonymous);
    let lone = rows.iter().find(|r| r.name == alone).expect("listed");
    assert!(lone.used_by.is_empty());
    assert_eq!(
        lone.labels,
        [(
            labels.label_arg().split_once('=').unwrap().0.to_string(),
            labels.value.clone()
        )]
    );

    for force in [false, true] {
        match engine.volume_remove(&shared, force).await {
            Err(EngineError::Conflict(m)) => {
                assert!(m.contains(&runner) && m.contains(&stopped), "{m}")
            }
            other => panic!("a volume in use is refused (force {force}): {other:?}"),
        }
    }
    assert!(exists(&cli, &shared));
    let removed = engine.volume_remove(&alone, false).await.expect("remove");
    assert_eq!(removed.command, format!("docker volume rm {alone}"));
    assert!(!exists(&cli, &alone));
}

#[tokio::test]
async fn sizes_are_what_the_engine_measures_for_docker_system_df() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("vol-sized");
    labels.volume(&name);
    let writer = unique("vol-writer");
    labels.run_detached(
        &writer,
        &["-v", &format!("{name}:/data")],
        &["sh", "-c", "head -c 123456 /dev/zero > /data/blob"],
    );
    cli.run(&["wait", &writer]);

    let sizes = engine.volume_sizes().await.expect("sizes");
    let size = sizes
        .iter()
        .find(|s| s.name == name)
        .expect("the volume is measured");
    assert_eq!(size.size_bytes, Some(123456.0));
    // The CLI reads the same figure from the same endpoint (`docker system df -v`).
    let table = cli.run(&["system", "df", "-v", "--format", "{{json .Volumes}}"]);
    let volumes: serde_json::Value = serde_json::from_str(&table).unwrap();
    let cli_row = volumes
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["Name"] == name.as_str())
        .expect("the CLI lists it");
    assert_eq!(cli_row["Size"], "123.5kB");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kept_list_follows_volume_and_container_events() {
    use tugboat_engine::supervisor::{ConnectionState, SupervisorConfig};
    use tugboat_engine::volumes::{VolumeKeeper, VolumeRow};

    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&host)));
    let keeper = std::sync::Arc::new(VolumeKeeper::default());
    tokio::spawn(keeper.clone().keep(handle.clone()));
    let mut status = handle.watch_status();
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        status.wait_for(|s| s.state == ConnectionState::Connected),
    )
    .await
    .expect("connected in time")
    .unwrap();
    keeper.list().await.expect("the list is learnt");

    let row = |name: String| {
        let keeper = keeper.clone();
        move || {
            let keeper = keeper.clone();
            let name = name.clone();
            async move { keeper.kept().get(&name) }
        }
    };
    let limit = std::time::Duration::from_secs(10);
    // A volume event: the new volume is in the list, used by nobody.
    let name = unique("vol-kept");
    labels.volume(&name);
    let fresh: VolumeRow =
        eventually(limit, "the new volume in the kept list", row(name.clone())).await;
    assert!(fresh.used_by.is_empty());
    // A container event: a container created on it (never started) shows as its user.
    let user = unique("vol-kept-user");
    let id = labels.create(&user, &["-v", &format!("{name}:/data")], &["true"]);
    let used = eventually(limit, "the volume's user in the kept list", || {
        let keeper = keeper.clone();
        let name = name.clone();
        async move { keeper.kept().get(&name).filter(|r| !r.used_by.is_empty()) }
    })
    .await;
    assert_eq!(used.used_by[0].id, id);
    assert_eq!(used.used_by[0].name, user);
    // And when both go, the row goes.
    cli.run(&["rm", &user]);
    cli.run(&["volume", "rm", &name]);
    eventually(limit, "the volume gone from the kept list", || {
        let keeper = keeper.clone();
        let name = name.clone();
        async move { keeper.kept().get(&name).is_none().then_some(()) }
    })
    .await;
    handle.shutdown();
}
