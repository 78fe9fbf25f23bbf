//! "Can A reach B?": whether two containers share a network, and by which names B answers from
//! A on each one, worked out from the map (`answer`, pure), then checked live where A can run a
//! lookup (`Engine::reach`: one `docker exec` in A per name). Every fact says where it came
//! from: the engine's inspect, or the live check.

use super::{build, short_id, LinkName, MapContainer, Member, NetworkKind, Topology};
use crate::connection::Engine;
use crate::containers::ContainerState;
use crate::error::EngineError;
use bollard::exec::{StartExecOptions, StartExecResults};
use bollard::models::ExecConfig;
use bollard::query_parameters::ListNetworksOptions;
use futures_util::StreamExt;
use serde::Serialize;
use std::time::Duration;
use tugboat_runspec::argv::command_line;

/// A live lookup takes a moment (ping waits 2 s for a reply); one that hangs is given up.
const LOOKUP_LIMIT: Duration = Duration::from_secs(20);
/// Output kept from one lookup: a few lines are expected.
const OUTPUT_CAP: usize = 8 * 1024;

/// How a name leads to B's address inside A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum NameRoute {
    /// The engine's embedded DNS (user-defined networks).
    Dns,
    /// A line the engine wrote into A's /etc/hosts for a `--link` (default bridge).
    Hosts,
    /// B's address itself: nothing to look up.
    Address,
    /// Nothing answers for it on this network.
    Unanswered,
}

/// What a live lookup in A said about one name.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LiveLookup {
    /// The name resolved to an address.
    pub resolved: bool,
    pub addresses: Vec<String>,
    /// For `ping`: whether B answered too (None for a lookup that sends no packet).
    pub replied: Option<bool>,
    /// The `docker exec …` line the check equals.
    pub command: String,
    /// What the lookup printed, as it printed it.
    pub output: String,
}

/// One name B might answer to from A, on one network.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReachName {
    pub name: String,
    pub route: NameRoute,
    /// What the engine's inspect says: this name leads to B from A.
    pub expected: bool,
    /// Why, in words (from inspect).
    pub why: String,
    /// The live check's answer, when one ran.
    pub live: Option<LiveLookup>,
}

/// A network A and B are both on.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SharedNetwork {
    pub network: String,
    pub kind: NetworkKind,
    /// B's address on it (None while B is stopped).
    pub address: Option<String>,
    pub names: Vec<ReachName>,
}

/// Whether a live check ran, and if not, why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum LiveStatus {
    Checked,
    /// A is not running: nothing runs in it to look names up.
    NotRunning,
    /// A has no `/bin/sh` to run the lookup with.
    NoShell,
    /// A has a shell but neither `getent` nor `ping`.
    NoTool,
    /// Nothing to check: no shared network.
    NothingToCheck,
}

/// The whole answer.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Reach {
    pub from: String,
    pub to: String,
    pub shared: Vec<SharedNetwork>,
    /// The answer in a sentence or two (from inspect).
    pub verdict: String,
    pub live_status: LiveStatus,
    /// The live check in words: what ran, or why nothing did.
    pub live_words: String,
    /// The `docker …` lines the answer equals: the network inspects, then each live lookup.
    pub commands: Vec<String>,
}

fn link_names(a: &MapContainer, b: &MapContainer) -> Vec<LinkName> {
    a.links
        .iter()
        .filter(|l| l.target == b.name)
        .cloned()
        .collect()
}

fn push_unique(names: &mut Vec<ReachName>, n: ReachName) {
    if !names.iter().any(|m| m.name == n.name) {
        names.push(n);
    }
}

fn names_on(
    kind: NetworkKind,
    b: &MapContainer,
    b_member: &Member,
    links: &[LinkName],
) -> Vec<ReachName> {
    let mut names = Vec::new();
    let name = |name: &str, route, expected, why: String| ReachName {
        name: name.to_owned(),
        route,
        expected,
        why,
        live: None,
    };
    match kind {
        NetworkKind::UserDefined => {
            for dns in &b_member.dns_names {
                let why = if !b.running {
                    format!(
                        "{} is stopped: the network's DNS answers only for running containers",
                        b.name
                    )
                } else if *dns == b.name {
                    "its container name, answered by the network's DNS".to_owned()
                } else if dns == short_id(&b.id) {
                    "its short id, which the engine registers in the network's DNS".to_owned()
                } else {
                    "a network alias, answered by the network's DNS".to_owned()
                };
                push_unique(&mut names, name(dns, NameRoute::Dns, b.running, why));
            }
            for l in links {
                push_unique(
                    &mut names,
                    name(
                        &l.alias,
                        NameRoute::Dns,
                        b.running,
                        "a --link alias: on a user network the DNS answers it for the linking container only".to_owned(),
                    ),
                );
            }
        }
        NetworkKind::DefaultBridge => {
            if links.is_empty() {
                push_unique(
                    &mut names,
                    name(
                        &b.name,
                        NameRoute::Unanswered,
                        false,
                        "the default bridge has no name service; only a --link writes names into /etc/hosts".to_owned(),
                    ),
                );
            }
            for l in links {
                let why = "written into A's /etc/hosts by its --link when A started".to_owned();
                push_unique(
                    &mut names,
                    name(&l.alias, NameRoute::Hosts, true, why.clone()),
                );
                push_unique(&mut names, name(&b.name, NameRoute::Hosts, true, why));
            }
        }
        NetworkKind::Host | NetworkKind::None => {}
    }
    if let Some(ip) = &b_member.ipv4 {
        push_unique(
            &mut names,
            name(
                ip,
                NameRoute::Address,
                true,
                "its address on this network: nothing to look up".to_owned(),
            ),
        );
    }
    names
}

fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "Can A reach B?" from the map alone: the shared networks and, on each, B's names as seen
/// from A. `from` and `to` are container names or ids.
pub fn answer(t: &Topology, from: &str, to: &str) -> Result<Reach, EngineError> {
    let find = |field: &str, key: &str| {
        t.containers
            .iter()
            .find(|c| c.name == key || c.id == key || (key.len() >= 12 && c.id.starts_with(key)))
            .cloned()
            .ok_or_else(|| {
                EngineError::NotFound(format!(
                    "{field}: no container named {key}; pick one from the map"
                ))
            })
    };
    let a = find("from", from)?;
    let b = find("to", to)?;
    if a.id == b.id {
        return Err(EngineError::InvalidInput(format!(
            "to: {} is the container asking; pick a different container to reach",
            b.name
        )));
    }
    let links = link_names(&a, &b);
    let mut shared = Vec::new();
    let mut commands = Vec::new();
    for n in &t.networks {
        let on = |c: &MapContainer| n.members.iter().find(|m| m.container_id == c.id);
        let (Some(_), Some(b_member)) = (on(&a), on(&b)) else {
            continue;
        };
        commands.push(command_line(&["docker", "network", "inspect", &n.name]));
        shared.push(SharedNetwork {
            network: n.name.clone(),
            kind: n.kind,
            address: b_member.ipv4.clone(),
            names: names_on(n.kind, &b, b_member, &links),
        });
    }
    let verdict = verdict(&a, &b, &shared);
    Ok(Reach {
        from: a.name,
        to: b.name,
        shared,
        verdict,
        live_status: LiveStatus::NothingToCheck,
        live_words: String::new(),
        commands,
    })
}

fn verdict(a: &MapContainer, b: &MapContainer, shared: &[SharedNetwork]) -> String {
    if a.network_mode == "host" && b.network_mode == "host" {
        return format!(
            "{} and {} both use the host's network: they reach each other at localhost on the ports they listen on, not by name.",
            a.name, b.name
        );
    }
    if let Some(other) = a.network_mode.strip_prefix("container:") {
        return format!(
            "{} shares the network of container {other}: ask from that container instead.",
            a.name
        );
    }
    let mut parts = Vec::new();
    for s in shared {
        match s.kind {
            NetworkKind::Host | NetworkKind::None => continue,
            _ => {}
        }
        let names: Vec<String> = s
            .names
            .iter()
            .filter(|n| n.expected)
            .map(|n| n.name.clone())
            .collect();
        parts.push(if names.is_empty() {
            format!(
                "on {} nothing answers for {} yet{}",
                s.network,
                b.name,
                if b.running { "" } else { " (it is stopped)" }
            )
        } else {
            format!("on {} by {}", s.network, listed(&names))
        });
    }
    if parts.is_empty() {
        format!(
            "No: {} and {} share no network, so no packet from one has a route to the other. Connect both to one network to let them talk.",
            a.name, b.name
        )
    } else {
        format!(
            "Yes, they share a network. From {}, {} answers {}.",
            a.name,
            b.name,
            parts.join("; ")
        )
    }
}

/// The script a live lookup runs with A's `sh`: the first lookup tool A has, on the name given
/// as `$1`. `getent` asks the C library (the DNS and /etc/hosts, as programs do); busybox
/// images have no `getent`, but their `ping` resolves the same way and says what it found.
const LOOKUP_SCRIPT: &str = r#"if command -v getent >/dev/null 2>&1; then echo tool=getent; exec getent hosts "$1"; fi
if command -v ping >/dev/null 2>&1; then echo tool=ping; exec ping -c1 -W2 "$1" 2>&1; fi
echo tool=none"#;

/// What running [`LOOKUP_SCRIPT`] in A gave, read.
#[derive(Debug, Clone, PartialEq)]
pub enum LookupRun {
    NoShell,
    NoTool,
    Ran { tool: String, lookup: LiveLookup },
}

/// The `docker exec` line a lookup with `tool` equals.
pub fn lookup_command(from: &str, tool: &str, name: &str) -> String {
    match tool {
        "getent" => command_line(&["docker", "exec", from, "getent", "hosts", name]),
        _ => command_line(&["docker", "exec", from, "ping", "-c1", "-W2", name]),
    }
}

/// Reads the script's output and exit code. The runtime answers 126/127 when it cannot start
/// `sh` at all; then nothing of the script was printed.
pub fn read_lookup(from: &str, name: &str, output: &str, exit_code: Option<i64>) -> LookupRun {
    let mut lines = output.lines();
    let tool = match lines.next().and_then(|l| l.trim().strip_prefix("tool=")) {
        Some(t) => t.to_owned(),
        None => {
            return if matches!(exit_code, Some(126 | 127)) {
                LookupRun::NoShell
            } else {
                LookupRun::NoTool
            }
        }
    };
    let rest: Vec<&str> = lines.collect();
    let printed = rest.join("\n");
    let (addresses, replied) = match tool.as_str() {
        "getent" if exit_code == Some(0) => (
            rest.iter()
                .filter_map(|l| l.split_whitespace().next())
                .map(str::to_owned)
                .collect(),
            None,
        ),
        "getent" => (vec![], None),
        "ping" => {
            // busybox: "PING b (172.18.0.3): 56 data bytes"; iputils: "PING b (172.18.0.3) 56(84)…"
            let address = rest
                .iter()
                .find_map(|l| l.strip_prefix("PING "))
                .and_then(|l| l.split_once('(')?.1.split_once(')'))
                .map(|(ip, _)| ip.to_owned());
            (address.into_iter().collect(), Some(exit_code == Some(0)))
        }
        _ => return LookupRun::NoTool,
    };
    LookupRun::Ran {
        lookup: LiveLookup {
            resolved: !addresses.is_empty(),
            addresses,
            replied,
            command: lookup_command(from, &tool, name),
            output: printed,
        },
        tool,
    }
}

impl Engine {
    /// "Can A reach B?": the answer from inspect, then (when A is running) each name looked up
    /// inside A.
    pub async fn reach(&self, from: &str, to: &str) -> Result<Reach, EngineError> {
        let networks = self
            .docker
            .list_networks(None::<ListNetworksOptions>)
            .await?;
        let mut inspected = Vec::new();
        for (field, key) in [("from", from), ("to", to)] {
            if key.trim().is_empty() {
                return Err(EngineError::InvalidInput(format!(
                    "{field}: pick a container (its name or id)"
                )));
            }
            let found = self.inspect_all(&[key.to_owned()]).await?;
            if found.is_empty() {
                return Err(EngineError::NotFound(format!(
                    "{field}: no container named {key}; pick one from the map"
                )));
            }
            inspected.extend(found);
        }
        let t = build(networks, &inspected);
        // By id from here: the names given may be short ids or names.
        let ids: Vec<String> = inspected.iter().filter_map(|c| c.id.clone()).collect();
        let (Some(a_id), Some(b_id)) = (ids.first(), ids.get(1)) else {
            return Err(EngineError::Protocol("inspect gave no container id".into()));
        };
        let mut reach = answer(&t, a_id, b_id)?;
        let a_state = t
            .containers
            .iter()
            .find(|c| &c.id == a_id)
            .map_or(ContainerState::Unknown, |c| c.state);
        let to_check: usize = reach
            .shared
            .iter()
            .flat_map(|s| &s.names)
            .filter(|n| n.route != NameRoute::Address)
            .count();
        if to_check == 0 {
            reach.live_status = LiveStatus::NothingToCheck;
            reach.live_words = "There is no name to look up from A.".to_owned();
            return Ok(reach);
        }
        if a_state != ContainerState::Running {
            reach.live_status = LiveStatus::NotRunning;
            reach.live_words = format!(
                "{} is not running, so nothing runs in it to look the names up: the answer comes from the engine's settings only. Start it to check live.",
                reach.from
            );
            return Ok(reach);
        }
        reach.live_status = LiveStatus::Checked;
        let mut tool_used = None;
        'networks: for s in 0..reach.shared.len() {
            for n in 0..reach.shared[s].names.len() {
                let entry = &reach.shared[s].names[n];
                if entry.route == NameRoute::Address {
                    continue;
                }
                let name = entry.name.clone();
                let (output, code) = self.exec_lookup(a_id, &name).await?;
                match read_lookup(&reach.from, &name, &output, code) {
                    LookupRun::NoShell => {
                        reach.live_status = LiveStatus::NoShell;
                        break 'networks;
                    }
                    LookupRun::NoTool => {
                        reach.live_status = LiveStatus::NoTool;
                        break 'networks;
                    }
                    LookupRun::Ran { tool, lookup } => {
                        reach.commands.push(lookup.command.clone());
                        tool_used = Some(tool);
                        reach.shared[s].names[n].live = Some(lookup);
                    }
                }
            }
        }
        reach.live_words = match (reach.live_status, tool_used) {
            (LiveStatus::NoShell, _) => format!(
                "{} has no shell (/bin/sh) to run a lookup with, so the names were not checked live; the answer comes from the engine's settings only.",
                reach.from
            ),
            (LiveStatus::NoTool, _) => format!(
                "{} has a shell but neither getent nor ping, so the names were not checked live; the answer comes from the engine's settings only.",
                reach.from
            ),
            (_, Some(tool)) => format!(
                "Each name was looked up inside {} with {tool}, as a program in it would.",
                reach.from
            ),
            _ => String::new(),
        };
        Ok(reach)
    }

    /// Runs the lookup script in container `id` for `name`: its output and exit code.
    async fn exec_lookup(
        &self,
        id: &str,
        name: &str,
    ) -> Result<(String, Option<i64>), EngineError> {
        let run = async {
            let exec = self
                .docker
                .create_exec(
                    id,
                    ExecConfig {
                        attach_stdout: Some(true),
                        attach_stderr: Some(true),
                        cmd: Some(
                            ["sh", "-c", LOOKUP_SCRIPT, "tugboat-lookup", name]
                                .map(str::to_owned)
                                .to_vec(),
                        ),
                        ..Default::default()
                    },
                )
                .await?;
            let mut output = String::new();
            if let StartExecResults::Attached {
                output: mut out, ..
            } = self
                .docker
                .start_exec(&exec.id, None::<StartExecOptions>)
                .await?
            {
                while let Some(chunk) = out.next().await {
                    let chunk = chunk?;
                    if output.len() < OUTPUT_CAP {
                        output.push_str(&String::from_utf8_lossy(&chunk.into_bytes()));
                    }
                }
            }
            let code = self.docker.inspect_exec(&exec.id).await?.exit_code;
            Ok::<_, EngineError>((output, code))
        };
        tokio::time::timeout(LOOKUP_LIMIT, run)
            .await
            .map_err(|_| EngineError::Timeout(format!("looking up {name} did not finish")))?
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{container, network};
    use super::*;

    const A_ID: &str = "aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111";
    const B_ID: &str = "bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222";
    const C_ID: &str = "cccccccccccc3333333333333333333333333333333333333333333333333333";

    fn map() -> Topology {
        build(
            vec![
                network("bridge", "bridge", "172.17.0.0/16"),
                network("app", "bridge", "172.18.0.0/16"),
            ],
            &[
                container(
                    "a",
                    A_ID,
                    true,
                    &[("app", "172.18.0.2", &[]), ("bridge", "172.17.0.2", &[])],
                    &[],
                ),
                container(
                    "b",
                    B_ID,
                    true,
                    &[
                        ("app", "172.18.0.3", &["db"]),
                        ("bridge", "172.17.0.3", &[]),
                    ],
                    &[],
                ),
                container(
                    "c",
                    C_ID,
                    true,
                    &[("bridge", "172.17.0.4", &[])],
                    &["/b:/c/bee"],
                ),
            ],
        )
    }

    fn names(s: &SharedNetwork) -> Vec<(&str, NameRoute, bool)> {
        s.names
            .iter()
            .map(|n| (n.name.as_str(), n.route, n.expected))
            .collect()
    }

    #[test]
    fn on_a_user_network_b_answers_by_name_short_id_alias_and_address() {
        let r = answer(&map(), "a", "b").unwrap();
        let app = r.shared.iter().find(|s| s.network == "app").unwrap();
        assert_eq!(
            names(app),
            [
                ("b", NameRoute::Dns, true),
                ("bbbbbbbbbbbb", NameRoute::Dns, true),
                ("db", NameRoute::Dns, true),
                ("172.18.0.3", NameRoute::Address, true)
            ]
        );
        let bridge = r.shared.iter().find(|s| s.network == "bridge").unwrap();
        assert_eq!(
            names(bridge),
            [
                ("b", NameRoute::Unanswered, false),
                ("172.17.0.3", NameRoute::Address, true)
            ]
        );
        assert!(r.verdict.starts_with("Yes"), "{}", r.verdict);
        assert!(
            r.verdict
                .contains("on app by b, bbbbbbbbbbbb, db and 172.18.0.3"),
            "{}",
            r.verdict
        );
        assert_eq!(
            r.commands,
            [
                "docker network inspect app",
                "docker network inspect bridge"
            ]
        );
    }

    #[test]
    fn on_the_default_bridge_a_link_gives_names_through_etc_hosts() {
        let r = answer(&map(), "c", "b").unwrap();
        assert_eq!(r.shared.len(), 1);
        assert_eq!(
            names(&r.shared[0]),
            [
                ("bee", NameRoute::Hosts, true),
                ("b", NameRoute::Hosts, true),
                ("172.17.0.3", NameRoute::Address, true)
            ]
        );
    }

    #[test]
    fn no_shared_network_is_a_no_and_unknown_or_same_containers_are_refused() {
        let t = build(
            vec![
                network("x", "bridge", "10.0.0.0/24"),
                network("y", "bridge", "10.0.1.0/24"),
            ],
            &[
                container("a", A_ID, true, &[("x", "10.0.0.2", &[])], &[]),
                container("b", B_ID, true, &[("y", "10.0.1.2", &[])], &[]),
            ],
        );
        let r = answer(&t, "a", "b").unwrap();
        assert!(r.shared.is_empty());
        assert!(
            r.verdict.starts_with("No: a and b share no network"),
            "{}",
            r.verdict
        );
        match answer(&t, "a", "zzz") {
            Err(EngineError::NotFound(m)) => assert!(m.starts_with("to: "), "{m}"),
            other => panic!("{other:?}"),
        }
        match answer(&t, "a", A_ID) {
            Err(EngineError::InvalidInput(m)) => assert!(m.starts_with("to: "), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_stopped_b_answers_to_nothing_yet() {
        let t = build(
            vec![network("app", "bridge", "10.0.0.0/24")],
            &[
                container("a", A_ID, true, &[("app", "10.0.0.2", &[])], &[]),
                container("b", B_ID, false, &[("app", "", &[])], &[]),
            ],
        );
        let r = answer(&t, "a", "b").unwrap();
        assert!(r.shared[0].names.iter().all(|n| !n.expected));
        assert!(
            r.verdict
                .contains("nothing answers for b yet (it is stopped)"),
            "{}",
            r.verdict
        );
    }

    #[test]
    fn lookups_are_read_from_getent_and_busybox_ping() {
        match read_lookup("a", "b", "tool=getent\n172.18.0.3      b\n", Some(0)) {
            LookupRun::Ran { tool, lookup } => {
                assert_eq!(tool, "getent");
                assert!(lookup.resolved);
                assert_eq!(lookup.addresses, ["172.18.0.3"]);
                assert_eq!(lookup.command, "docker exec a getent hosts b");
            }
            other => panic!("{other:?}"),
        }
        match read_lookup("a", "b", "tool=getent\n", Some(2)) {
            LookupRun::Ran { lookup, .. } => assert!(!lookup.resolved),
            other => panic!("{other:?}"),
        }
        let ping = "tool=ping\nPING b (172.18.0.3): 56 data bytes\n64 bytes from 172.18.0.3: seq=0 ttl=64\n\n1 packets transmitted, 1 packets received, 0% packet loss\n";
        match read_lookup("a", "b", ping, Some(0)) {
            LookupRun::Ran { lookup, .. } => {
                assert_eq!(lookup.addresses, ["172.18.0.3"]);
                assert_eq!(lookup.replied, Some(true));
                assert_eq!(lookup.command, "docker exec a ping -c1 -W2 b");
            }
            other => panic!("{other:?}"),
        }
        match read_lookup("a", "b", "tool=ping\nping: bad address 'b'\n", Some(1)) {
            LookupRun::Ran { lookup, .. } => {
                assert!(!lookup.resolved);
                assert_eq!(lookup.output, "ping: bad address 'b'");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            read_lookup(
                "a",
                "b",
                "OCI runtime exec failed: sh: not found",
                Some(126)
            ),
            LookupRun::NoShell
        );
        assert_eq!(
            read_lookup("a", "b", "tool=none\n", Some(0)),
            LookupRun::NoTool
        );
    }
}
