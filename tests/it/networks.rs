//! Networks against the real engine: what the app creates is what `docker network inspect`
//! reports (and what the `docker network create` line it shows makes), connect and disconnect
//! change what the engine reports, the prune preview is exactly what the CLI's prune then
//! removes, and the kept list shows the containers on a network, stopped ones too.

use crate::support::*;
use serde_json::Value;
use std::time::Duration;
use tugboat_engine::networks::keeper::NetworkKeeper;
use tugboat_engine::supervisor::{ConnectionState, SupervisorConfig};
use tugboat_engine::EngineError;
use tugboat_runspec::form::LabelRow;
use tugboat_runspec::network_spec::{NetworkConnectForm, NetworkCreateForm, PruneFilter};

/// Removes this test's containers, then its networks, when dropped (networks carry the test's
/// label too; `Labelled` knows only containers and volumes).
struct LabelledNetworks(Cli, String);

impl Drop for LabelledNetworks {
    fn drop(&mut self) {
        let filter = format!("label={}", self.1);
        if let Ok(ids) = self.0.try_run(&["ps", "-aq", "--filter", &filter]) {
            for id in ids.lines().filter(|l| !l.is_empty()) {
                let _ = self.0.try_run(&["rm", "-fv", id]);
            }
        }
        if let Ok(ids) = self
            .0
            .try_run(&["network", "ls", "-q", "--filter", &filter])
        {
            for id in ids.lines().filter(|l| !l.is_empty()) {
                let _ = self.0.try_run(&["network", "rm", id]);
            }
        }
    }
}

fn guard(labels: &Labelled) -> LabelledNetworks {
    LabelledNetworks(labels.cli.clone(), labels.label_arg())
}

/// A /24 no other run is likely to hold: 10.<200-249>.<0-255>.0/24 picked at random.
fn private_block() -> (String, String) {
    let r = uuid::Uuid::new_v4().as_u128();
    let (a, b) = (200 + (r % 50) as u8, ((r >> 8) % 256) as u8);
    (format!("10.{a}.{b}"), format!("10.{a}.{b}.0/24"))
}

fn inspect(cli: &Cli, name: &str) -> Value {
    let out = cli.run(&["network", "inspect", "-f", "{{json .}}", name]);
    serde_json::from_str(&out).unwrap()
}

/// The parts of `docker network inspect` a create decides, for comparing two networks.
fn created_settings(v: &Value) -> Value {
    let mut labels = v["Labels"].clone();
    if let Some(l) = labels.as_object_mut() {
        l.remove(TEST_LABEL);
    }
    serde_json::json!({
        "Driver": v["Driver"],
        "Internal": v["Internal"],
        "Attachable": v["Attachable"],
        "EnableIPv6": v["EnableIPv6"],
        "IPAM": v["IPAM"]["Config"],
        "Options": v["Options"],
        "Labels": labels,
    })
}

fn row(key: &str, value: &str) -> LabelRow {
    LabelRow {
        key: key.into(),
        value: value.into(),
    }
}

#[tokio::test]
async fn a_created_network_is_what_inspect_reports_and_what_its_command_line_makes() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let _networks = guard(&labels);
    let (prefix, subnet) = private_block();
    let name = unique("net-create");
    let form = NetworkCreateForm {
        name: name.clone(),
        subnet: subnet.clone(),
        gateway: format!("{prefix}.1"),
        ip_range: format!("{prefix}.128/25"),
        internal: true,
        attachable: true,
        labels: vec![row(TEST_LABEL, &labels.value), row("team", "blue team")],
        options: vec![row("com.docker.network.driver.mtu", "1400")],
        ..Default::default()
    };
    let spec = form.validate().unwrap();
    let outcome = engine.network_create(&spec).await.unwrap();
    assert_eq!(outcome.command, spec.command_line());

    let by_app = inspect(&cli, &name);
    assert_eq!(by_app["Id"], outcome.id.clone().unwrap().as_str());
    assert_eq!(by_app["Driver"], "bridge");
    assert_eq!(by_app["Internal"], true);
    assert_eq!(by_app["Attachable"], true);
    assert_eq!(by_app["Labels"]["team"], "blue team");
    assert_eq!(by_app["Options"]["com.docker.network.driver.mtu"], "1400");
    let pool = &by_app["IPAM"]["Config"][0];
    assert_eq!(pool["Subnet"], subnet.as_str());
    assert_eq!(pool["Gateway"], format!("{prefix}.1").as_str());
    assert_eq!(pool["IPRange"], format!("{prefix}.128/25").as_str());

    // The line the form showed makes the same network (after the app's one is gone: the
    // subnet can be held by one network at a time).
    cli.run(&["network", "rm", &name]);
    let argv = shell_words::split(&outcome.command).unwrap();
    assert_eq!(argv[0], "docker");
    let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
    cli.run(&args);
    assert_eq!(
        created_settings(&inspect(&cli, &name)),
        created_settings(&by_app)
    );
}

#[tokio::test]
async fn connect_and_disconnect_change_what_inspect_reports() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let _networks = guard(&labels);
    let (prefix, subnet) = private_block();
    let net = unique("net-connect");
    cli.run(&[
        "network",
        "create",
        "--label",
        &labels.label_arg(),
        "--subnet",
        &subnet,
        &net,
    ]);
    let web = unique("net-web");
    let web_id = labels.run_detached(&web, &[], &["sleep", "300"]);
    let fixed = format!("{prefix}.42");

    let spec = NetworkConnectForm {
        aliases: "db, primary".into(),
        ipv4: fixed.clone(),
        ipv6: String::new(),
    }
    .validate()
    .unwrap();
    let outcome = engine
        .network_connect(&net, &web_id, &spec, (&net, &web))
        .await
        .unwrap();
    assert_eq!(
        outcome.command,
        format!("docker network connect --alias db --alias primary --ip {fixed} {net} {web}")
    );
    let on_net = inspect(&cli, &net);
    assert_eq!(
        on_net["Containers"][&web_id]["IPv4Address"],
        format!("{fixed}/24").as_str(),
        "{on_net}"
    );
    let settings: Value = serde_json::from_str(&cli.run(&[
        "inspect",
        "-f",
        &format!("{{{{json (index .NetworkSettings.Networks \"{net}\")}}}}"),
        &web,
    ]))
    .unwrap();
    let aliases: Vec<&str> = settings["Aliases"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        aliases.contains(&"db") && aliases.contains(&"primary"),
        "{aliases:?}"
    );
    // The app's details say the same.
    let details = engine.network(&net).await.unwrap();
    let ep = details
        .endpoints
        .iter()
        .find(|e| e.container_id == web_id)
        .expect("the container is listed on the network");
    assert_eq!(ep.ipv4.as_deref(), Some(fixed.as_str()));
    assert_eq!(ep.fixed_ipv4.as_deref(), Some(fixed.as_str()));
    assert!(ep.aliases.contains(&"db".to_string()), "{:?}", ep.aliases);
    assert_eq!(details.command, format!("docker network inspect {net}"));

    let outcome = engine
        .network_disconnect(&net, &web_id, false, (&net, &web))
        .await
        .unwrap();
    assert_eq!(
        outcome.command,
        format!("docker network disconnect {net} {web}")
    );
    let after = inspect(&cli, &net);
    assert!(
        after["Containers"].get(&web_id).is_none(),
        "still attached: {after}"
    );
}

#[tokio::test]
async fn the_prune_preview_is_exactly_what_the_cli_prune_removes() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let _networks = guard(&labels);
    let make = |what: &str| {
        let name = unique(what);
        let (_, subnet) = private_block();
        cli.run(&[
            "network",
            "create",
            "--label",
            &labels.label_arg(),
            "--subnet",
            &subnet,
            &name,
        ]);
        name
    };
    let unused = make("net-unused");
    let running = make("net-running");
    let stopped = make("net-stopped");
    labels.run_detached(
        &unique("net-runner"),
        &["--network", &running],
        &["sleep", "300"],
    );
    let sleeper = unique("net-sleeper");
    labels.create(&sleeper, &["--network", &stopped], &["sleep", "300"]);

    let filter = PruneFilter {
        labels: vec![labels.label_arg()],
    };
    let preview = engine.network_prune_preview(&filter).await.unwrap();
    let mut listed: Vec<String> = preview.networks.iter().map(|n| n.name.clone()).collect();
    listed.sort();
    let mut expected = vec![unused.clone(), stopped.clone()];
    expected.sort();
    assert_eq!(listed, expected, "never the one a running container holds");
    let on_stopped = preview.networks.iter().find(|n| n.name == stopped).unwrap();
    assert_eq!(on_stopped.stopped_containers, [sleeper]);
    assert_eq!(
        preview.command,
        format!(
            "docker network prune -f --filter 'label={}'",
            labels.label_arg()
        )
    );

    let out = cli.run(&[
        "network",
        "prune",
        "-f",
        "--filter",
        &format!("label={}", labels.label_arg()),
    ]);
    let mut removed: Vec<String> = out
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("tugboat-test-"))
        .map(str::to_owned)
        .collect();
    removed.sort();
    assert_eq!(removed, listed, "the CLI said: {out}");
    assert!(cli.try_run(&["network", "inspect", &running]).is_ok());
}

#[tokio::test]
async fn the_apps_prune_removes_only_what_was_shown() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let _networks = guard(&labels);
    let make = || {
        let name = unique("net-prune");
        let (_, subnet) = private_block();
        let id = cli.run(&[
            "network",
            "create",
            "--label",
            &labels.label_arg(),
            "--subnet",
            &subnet,
            &name,
        ]);
        (id, name)
    };
    let (first_id, first) = make();
    let filter = PruneFilter {
        labels: vec![labels.label_arg()],
    };
    let shown: Vec<String> = engine
        .network_prune_preview(&filter)
        .await
        .unwrap()
        .networks
        .into_iter()
        .map(|n| n.id)
        .collect();
    assert_eq!(shown, [first_id]);
    // A network made after the preview would go too: nothing is pruned, and the user is told.
    let (_, second) = make();
    let e = engine.network_prune(&filter, &shown).await.unwrap_err();
    assert!(matches!(e, EngineError::Conflict(_)), "{e:?}");
    assert!(e.to_string().contains(&second), "{e}");
    assert!(cli.try_run(&["network", "inspect", &first]).is_ok());
    // Shown both: both go, as the prune reports.
    let shown: Vec<String> = engine
        .network_prune_preview(&filter)
        .await
        .unwrap()
        .networks
        .into_iter()
        .map(|n| n.id)
        .collect();
    let done = engine.network_prune(&filter, &shown).await.unwrap();
    let mut expected = vec![first, second];
    expected.sort();
    assert_eq!(done.removed, expected);
}

#[tokio::test]
async fn removing_refuses_the_built_in_networks_and_explains_running_members() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let _networks = guard(&labels);
    for built_in in ["bridge", "host", "none"] {
        let e = engine.network_remove(built_in, built_in).await.unwrap_err();
        assert!(
            matches!(e, EngineError::InvalidInput(_)),
            "{built_in}: {e:?}"
        );
    }
    let (_, subnet) = private_block();
    let net = unique("net-busy");
    let id = cli.run(&[
        "network",
        "create",
        "--label",
        &labels.label_arg(),
        "--subnet",
        &subnet,
        &net,
    ]);
    let runner = unique("net-busy-runner");
    labels.run_detached(&runner, &["--network", &net], &["sleep", "300"]);
    let e = engine.network_remove(&id, &net).await.unwrap_err();
    assert!(e.to_string().contains("still connected"), "{e}");
    cli.run(&["rm", "-f", &runner]);
    let done = engine.network_remove(&id, &net).await.unwrap();
    assert_eq!(done.command, format!("docker network rm {net}"));
    assert!(cli.try_run(&["network", "inspect", &net]).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kept_list_shows_a_new_network_with_its_stopped_containers() {
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let _networks = guard(&labels);
    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&host)));
    let keeper = std::sync::Arc::new(NetworkKeeper::default());
    tokio::spawn(keeper.clone().keep(handle.clone()));
    let mut status = handle.watch_status();
    tokio::time::timeout(
        Duration::from_secs(10),
        status.wait_for(|s| s.state == ConnectionState::Connected),
    )
    .await
    .expect("connected in time")
    .unwrap();
    let first = keeper.list().await.expect("the list is learnt");
    assert!(first.rows.iter().any(|r| r.name == "bridge" && r.built_in));

    let (_, subnet) = private_block();
    let net = unique("net-kept");
    cli.run(&[
        "network",
        "create",
        "--label",
        &labels.label_arg(),
        "--subnet",
        &subnet,
        &net,
    ]);
    let member_id = labels.create(
        &unique("net-kept-member"),
        &["--network", &net],
        &["sleep", "300"],
    );
    let (net_name, member) = (&net, &member_id);
    let row = eventually(
        Duration::from_secs(15),
        "the new network with its member",
        || {
            let snap = keeper.kept().snapshot();
            async move {
                snap?
                    .rows
                    .into_iter()
                    .find(|r| &r.name == net_name && r.containers.iter().any(|c| &c.id == member))
            }
        },
    )
    .await;
    assert_eq!(row.pools[0].subnet.as_deref(), Some(subnet.as_str()));
    assert!(!row.containers[0].running);
    assert!(!row.built_in);
    handle.shutdown();
}
