//! The network map and "can A reach B?" against the real engine: on a user network two
//! containers find each other by name (the app's answer and its live lookup inside A both say
//! so); on the default bridge a name finds nothing unless a `--link` wrote it into /etc/hosts;
//! the map's addresses are those `docker network inspect` reports.

use crate::support::*;
use tugboat_engine::topology::reach::{LiveStatus, NameRoute, Reach};
use tugboat_engine::EngineError;

/// A network this test made, removed when the test ends (after this test's containers, which
/// must leave it first).
struct TestNetwork {
    cli: Cli,
    label: String,
    name: String,
}

impl TestNetwork {
    fn create(labels: &Labelled, what: &str) -> TestNetwork {
        let name = unique(what);
        labels
            .cli
            .run(&["network", "create", "--label", &labels.label_arg(), &name]);
        TestNetwork {
            cli: labels.cli.clone(),
            label: labels.label_arg(),
            name,
        }
    }
}

impl Drop for TestNetwork {
    fn drop(&mut self) {
        let filter = format!("label={}", self.label);
        if let Ok(ids) = self.cli.try_run(&["ps", "-aq", "--filter", &filter]) {
            for id in ids.lines().filter(|l| !l.is_empty()) {
                let _ = self.cli.try_run(&["rm", "-fv", id]);
            }
        }
        let _ = self.cli.try_run(&["network", "rm", &self.name]);
    }
}

/// What `docker network inspect` says each container's IPv4 address is, by name.
fn inspected_addresses(cli: &Cli, network: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = cli
        .lines(&[
            "network",
            "inspect",
            "-f",
            "{{range .Containers}}{{.Name}} {{.IPv4Address}}\n{{end}}",
            network,
        ])
        .into_iter()
        .filter_map(|l| {
            let (name, cidr) = l.split_once(' ')?;
            let ip = cidr.split('/').next()?;
            Some((name.to_owned(), ip.to_owned()))
        })
        .collect();
    out.sort();
    out
}

fn name_entry<'a>(
    r: &'a Reach,
    network: &str,
    name: &str,
) -> &'a tugboat_engine::topology::reach::ReachName {
    r.shared
        .iter()
        .find(|s| s.network == network)
        .unwrap_or_else(|| panic!("{network} is shared: {r:#?}"))
        .names
        .iter()
        .find(|n| n.name == name)
        .unwrap_or_else(|| panic!("{name} on {network}: {r:#?}"))
}

#[tokio::test]
async fn on_a_user_network_two_containers_reach_each_other_by_name_and_the_map_agrees() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let net = TestNetwork::create(&labels, "topo-net");
    let a = unique("topo-a");
    let b = unique("topo-b");
    labels.run_detached(&a, &["--network", &net.name], &["sleep", "600"]);
    let b_id = labels.run_detached(
        &b,
        &["--network", &net.name, "--network-alias", "db"],
        &["sleep", "600"],
    );
    let b_ip = cli.run(&[
        "inspect",
        "-f",
        &format!(
            "{{{{(index .NetworkSettings.Networks \"{}\").IPAddress}}}}",
            net.name
        ),
        &b,
    ]);

    for (from, to, to_ip) in [(&a, &b, Some(&b_ip)), (&b, &a, None)] {
        let r = engine.reach(from, to).await.unwrap();
        assert!(r.verdict.starts_with("Yes"), "{}", r.verdict);
        assert_eq!(r.live_status, LiveStatus::Checked, "{r:#?}");
        let by_name = name_entry(&r, &net.name, to);
        assert_eq!(by_name.route, NameRoute::Dns);
        assert!(by_name.expected, "inspect says {to} answers by name");
        let live = by_name.live.as_ref().expect("checked live");
        assert!(live.resolved, "the lookup in {from} found {to}: {live:?}");
        if let Some(ip) = to_ip {
            assert_eq!(live.addresses, std::slice::from_ref(ip), "{live:?}");
        }
        assert!(
            r.commands
                .contains(&format!("docker network inspect {}", net.name)),
            "{:?}",
            r.commands
        );
        assert!(r.commands.contains(&live.command), "{:?}", r.commands);
    }
    // The alias and the short id answer too, and the live check agrees.
    let r = engine.reach(&a, &b).await.unwrap();
    for name in ["db", &b_id[..12]] {
        let entry = name_entry(&r, &net.name, name);
        assert!(entry.expected, "{name}");
        assert!(
            entry.live.as_ref().is_some_and(|l| l.resolved),
            "{name}: {entry:?}"
        );
    }

    // The map: the network with both containers, at the addresses the engine reports.
    let t = engine.topology().await.unwrap();
    let on_map = t
        .networks
        .iter()
        .find(|n| n.name == net.name)
        .expect("the network is on the map");
    let mut mapped: Vec<(String, String)> = on_map
        .members
        .iter()
        .map(|m| (m.container_name.clone(), m.ipv4.clone().unwrap_or_default()))
        .collect();
    mapped.sort();
    let expected = inspected_addresses(&cli, &net.name);
    assert_eq!(expected.len(), 2, "{expected:?}");
    assert_eq!(mapped, expected);
    let b_member = on_map
        .members
        .iter()
        .find(|m| m.container_name == b)
        .unwrap();
    assert_eq!(b_member.aliases, ["db"]);
    assert!(b_member.dns_names.contains(&b));
}

#[tokio::test]
async fn on_the_default_bridge_a_name_answers_only_through_a_link() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let b = unique("bridge-b");
    let plain = unique("bridge-plain");
    let linked = unique("bridge-linked");
    labels.run_detached(&b, &[], &["sleep", "600"]);
    labels.run_detached(&plain, &[], &["sleep", "600"]);
    labels.run_detached(&linked, &["--link", &format!("{b}:bee")], &["sleep", "600"]);
    let b_ip = cli.run(&[
        "inspect",
        "-f",
        "{{.NetworkSettings.Networks.bridge.IPAddress}}",
        &b,
    ]);

    // Without a link: they share the bridge, B answers at its address, its name finds nothing.
    let r = engine.reach(&plain, &b).await.unwrap();
    assert_eq!(r.live_status, LiveStatus::Checked, "{r:#?}");
    let by_name = name_entry(&r, "bridge", &b);
    assert_eq!(by_name.route, NameRoute::Unanswered);
    assert!(!by_name.expected);
    let live = by_name.live.as_ref().expect("checked live");
    assert!(
        !live.resolved,
        "the default bridge has no DNS for {b}: {live:?}"
    );
    assert!(name_entry(&r, "bridge", &b_ip).expected);

    // With `--link b:bee`: the alias (and the name) are in /etc/hosts, and resolve.
    let r = engine.reach(&linked, &b).await.unwrap();
    for name in ["bee", b.as_str()] {
        let entry = name_entry(&r, "bridge", name);
        assert_eq!(entry.route, NameRoute::Hosts, "{name}");
        assert!(entry.expected, "{name}");
        let live = entry.live.as_ref().expect("checked live");
        assert!(live.resolved, "{name}: {live:?}");
        assert_eq!(live.addresses, std::slice::from_ref(&b_ip), "{name}");
    }
}

#[tokio::test]
async fn a_stopped_container_cannot_check_and_says_so() {
    let (_, _, labels, engine) = TestEngine::start().await.into_parts();
    let net = TestNetwork::create(&labels, "topo-stopped");
    let a = unique("topo-stopped-a");
    let b = unique("topo-stopped-b");
    labels.create(&a, &["--network", &net.name], &["sleep", "600"]);
    labels.run_detached(&b, &["--network", &net.name], &["sleep", "600"]);
    let r = engine.reach(&a, &b).await.unwrap();
    assert_eq!(r.live_status, LiveStatus::NotRunning);
    // Asking about nothing, or about a container that is not there, names the field.
    match engine.reach("", &b).await {
        Err(EngineError::InvalidInput(m)) => assert!(m.starts_with("from: "), "{m}"),
        other => panic!("{other:?}"),
    }
    match engine.reach(&a, &unique("missing")).await {
        Err(EngineError::NotFound(m)) => assert!(m.starts_with("to: "), "{m}"),
        other => panic!("{other:?}"),
    }
    assert!(r.live_words.contains("is not running"), "{}", r.live_words);
    assert!(name_entry(&r, &net.name, &b).live.is_none());
    assert!(name_entry(&r, &net.name, &b).expected);
    // The map lists the stopped one on its network, without an address.
    let t = engine.topology().await.unwrap();
    let n = t.networks.iter().find(|n| n.name == net.name).unwrap();
    let stopped = n.members.iter().find(|m| m.container_name == a).unwrap();
    assert_eq!(stopped.ipv4, None);
}

/// An image of this test's own holding one file, busybox as `/sleep` (busybox picks what to be
/// from its name): a container with no shell. Removed when the test ends, after its containers.
struct NoShellImage(Labelled, String);

impl NoShellImage {
    fn build(labels: Labelled) -> NoShellImage {
        let cli = &labels.cli;
        let dir = tempfile::tempdir().unwrap();
        let source = cli.run(&["create", "--label", &labels.label_arg(), &fixture_image()]);
        cli.run(&[
            "cp",
            &format!("{source}:/bin/busybox"),
            &dir.path().join("sleep").to_string_lossy(),
        ]);
        let tar = dir.path().join("image.tar");
        let made = std::process::Command::new("tar")
            .arg("cf")
            .arg(&tar)
            .arg("-C")
            .arg(dir.path())
            .arg("sleep")
            .status()
            .unwrap();
        assert!(made.success());
        let image = format!("{}:1", unique("noshell"));
        cli.run(&["import", &tar.to_string_lossy(), &image]);
        NoShellImage(labels, image)
    }
}

impl Drop for NoShellImage {
    fn drop(&mut self) {
        let filter = format!("label={}", self.0.label_arg());
        if let Ok(ids) = self.0.cli.try_run(&["ps", "-aq", "--filter", &filter]) {
            for id in ids.lines().filter(|l| !l.is_empty()) {
                let _ = self.0.cli.try_run(&["rm", "-fv", id]);
            }
        }
        let _ = self.0.cli.try_run(&["rmi", &self.1]);
    }
}

#[tokio::test]
async fn a_container_without_a_shell_is_not_checked_live_and_says_so() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let net = TestNetwork::create(&labels, "topo-noshell");
    let image = NoShellImage::build(labels);
    let label = image.0.label_arg();
    let a = unique("noshell-a");
    let b = unique("noshell-b");
    cli.run(&[
        "run",
        "-d",
        "--name",
        &a,
        "--label",
        &label,
        "--network",
        &net.name,
        &image.1,
        "/sleep",
        "600",
    ]);
    image
        .0
        .run_detached(&b, &["--network", &net.name], &["sleep", "600"]);

    let r = engine.reach(&a, &b).await.unwrap();
    assert_eq!(r.live_status, LiveStatus::NoShell, "{r:#?}");
    assert!(r.live_words.contains("has no shell"), "{}", r.live_words);
    // The answer from the settings stands: B answers by name.
    let by_name = name_entry(&r, &net.name, &b);
    assert!(by_name.expected);
    assert!(by_name.live.is_none());
}
