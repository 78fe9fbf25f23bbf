//! The Ports page: every port a container publishes on the host and every port it exposes
//! without publishing, for running and stopped containers, with the host ports that are taken
//! flagged (wanted by two containers, or held by another program on this machine). Built by a
//! pure function from the containers' inspects; the host-port probe is the run form's
//! (`containers::run::host_port_free`), and opening a port in the browser is `port_link`'s.

use crate::connection::Engine;
use crate::containers::inspected::{inspected_name, inspected_running};
use crate::containers::run::host_port_free;
use crate::error::EngineError;
use crate::topology::{parse_port_key, ports_of_map};
use bollard::models::ContainerInspectResponse;
use bollard::query_parameters::ListContainersOptions;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use tugboat_runspec::argv::command_line;

/// One port of one container.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PortEntry {
    pub container_id: String,
    pub container_name: String,
    pub running: bool,
    /// The host address it listens on (`0.0.0.0`/`::`/None: every address).
    pub host_ip: Option<String>,
    /// None: exposed but not published (or published on a port the engine picks at start).
    pub host_port: Option<u16>,
    pub container_port: u16,
    /// tcp, udp or sctp.
    pub protocol: String,
    /// Published on the host (else only exposed: reachable from other containers, not the host).
    pub published: bool,
    /// Why this host port is a problem, in words; None when it is not.
    pub conflict: Option<String>,
    /// `docker port <name>`.
    pub command: String,
}

/// The ports of one inspected container: published (bound while running, asked for while
/// stopped) and exposed-only (`Config.ExposedPorts` with no binding).
pub fn ports_of(c: &ContainerInspectResponse) -> Vec<PortEntry> {
    let running = inspected_running(c);
    let id = c.id.clone().unwrap_or_default();
    let name = inspected_name(c);
    let bound = c.network_settings.as_ref().and_then(|n| n.ports.as_ref());
    let wanted = c
        .host_config
        .as_ref()
        .and_then(|h| h.port_bindings.as_ref());
    // While it runs the engine's bindings are the truth (a port asked as "pick one" has its
    // number now); stopped, they are empty and the settings say what it will ask for.
    let mut ports = ports_of_map(if running { bound } else { wanted }, false);
    let published_keys: BTreeSet<(u16, String)> = ports
        .iter()
        .map(|p| (p.container_port, p.protocol.clone()))
        .collect();
    let exposed = c
        .config
        .as_ref()
        .and_then(|cfg| cfg.exposed_ports.as_ref())
        .into_iter()
        .flatten()
        .filter_map(|k| parse_port_key(k))
        .filter(|k| !published_keys.contains(k))
        .collect::<BTreeSet<_>>();
    for (port, protocol) in exposed {
        ports.push(crate::containers::PublishedPort {
            host_ip: None,
            host_port: None,
            container_port: port,
            protocol,
        });
    }
    let command = command_line(&["docker", "port", &name]);
    ports
        .into_iter()
        .map(|p| PortEntry {
            container_id: id.clone(),
            container_name: name.clone(),
            running,
            published: published_keys.contains(&(p.container_port, p.protocol.clone())),
            host_ip: p.host_ip,
            host_port: p.host_port,
            container_port: p.container_port,
            protocol: p.protocol,
            conflict: None,
            command: command.clone(),
        })
        .collect()
}

/// Whether two host addresses can hold the same port at once: only when both name a specific,
/// different address. Every-address binds (`0.0.0.0`, `::`, none) clash with all.
fn addresses_clash(a: Option<&str>, b: Option<&str>) -> bool {
    let every =
        |ip: Option<&str>| ip.is_none_or(|ip| ip.is_empty() || ip == "0.0.0.0" || ip == "::");
    every(a) || every(b) || a == b
}

/// Flags the host ports that are taken: wanted by two containers (at least one stopped: two
/// running ones cannot hold one port, the engine refuses the second), or, for a stopped
/// container, held by another program (`held_elsewhere`, asked only for TCP ports of an engine
/// on this machine). A running container's own port is held by the engine for it; it is not
/// probed.
pub fn flag_conflicts(entries: &mut [PortEntry], held_elsewhere: impl Fn(u16) -> bool) {
    let mut by_port: BTreeMap<(u16, String), Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        if let (true, Some(port)) = (e.published, e.host_port) {
            by_port
                .entry((port, e.protocol.clone()))
                .or_default()
                .push(i);
        }
    }
    for ((port, proto), users) in by_port {
        for &i in &users {
            let others: BTreeSet<String> = users
                .iter()
                .filter(|&&j| {
                    entries[j].container_id != entries[i].container_id
                        && addresses_clash(
                            entries[i].host_ip.as_deref(),
                            entries[j].host_ip.as_deref(),
                        )
                })
                .map(|&j| entries[j].container_name.clone())
                .collect();
            let running_other = users.iter().find(|&&j| {
                entries[j].running
                    && entries[j].container_id != entries[i].container_id
                    && others.contains(&entries[j].container_name)
            });
            entries[i].conflict = if !others.is_empty() {
                let names = others.into_iter().collect::<Vec<_>>().join(", ");
                Some(match (entries[i].running, running_other) {
                    (false, Some(&j)) => format!(
                        "host port {port}/{proto} is held by running container {}: {} would not start",
                        entries[j].container_name, entries[i].container_name
                    ),
                    _ => format!("host port {port}/{proto} is also wanted by {names}: only one can start"),
                })
            } else if !entries[i].running && proto == "tcp" && held_elsewhere(port) {
                Some(format!(
                    "host port {port} is in use by another program on this machine: {} would not start",
                    entries[i].container_name
                ))
            } else {
                None
            };
        }
    }
}

/// Every container's ports, in container-name then port order, with conflicts flagged.
pub fn ports_table(
    containers: &[ContainerInspectResponse],
    held_elsewhere: impl Fn(u16) -> bool,
) -> Vec<PortEntry> {
    let mut entries: Vec<PortEntry> = containers.iter().flat_map(ports_of).collect();
    entries.sort_by(|a, b| {
        (
            &a.container_name,
            a.container_port,
            &a.protocol,
            a.host_port,
        )
            .cmp(&(
                &b.container_name,
                b.container_port,
                &b.protocol,
                b.host_port,
            ))
    });
    flag_conflicts(&mut entries, held_elsewhere);
    entries
}

impl Engine {
    /// The Ports page: `docker port` for every container, and the exposed-only ports.
    pub async fn ports(&self) -> Result<Vec<PortEntry>, EngineError> {
        let ids: Vec<String> = self
            .docker
            .list_containers(Some(ListContainersOptions {
                all: true,
                ..Default::default()
            }))
            .await?
            .into_iter()
            .filter_map(|c| c.id)
            .collect();
        let inspected = self.inspect_all(&ids).await?;
        let local = self.is_local();
        // Probing binds a socket per port: a system call each, off the async runtime's threads.
        tokio::task::spawn_blocking(move || {
            ports_table(&inspected, |port| local && !host_port_free(port))
        })
        .await
        .map_err(|e| EngineError::Protocol(format!("the port check stopped: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::{
        ContainerConfig, ContainerState, HostConfig, NetworkSettings, PortBinding, PortMap,
    };
    use std::collections::HashMap;

    fn map(entries: &[(&str, &str, &str)]) -> PortMap {
        let mut m: PortMap = HashMap::new();
        for (key, ip, port) in entries {
            m.entry(key.to_string())
                .or_insert_with(|| Some(vec![]))
                .get_or_insert_with(Vec::new)
                .push(PortBinding {
                    host_ip: Some(ip.to_string()),
                    host_port: Some(port.to_string()),
                });
        }
        m
    }

    fn c(name: &str, running: bool, ports: PortMap, exposed: &[&str]) -> ContainerInspectResponse {
        ContainerInspectResponse {
            id: Some(format!("{name}-id")),
            name: Some(format!("/{name}")),
            state: Some(ContainerState {
                running: Some(running),
                ..Default::default()
            }),
            config: Some(ContainerConfig {
                exposed_ports: Some(exposed.iter().map(|e| e.to_string()).collect()),
                ..Default::default()
            }),
            host_config: Some(HostConfig {
                port_bindings: Some(ports.clone()),
                ..Default::default()
            }),
            network_settings: Some(NetworkSettings {
                ports: running.then_some(ports),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn row(e: &PortEntry) -> (&str, Option<u16>, u16, &str, bool) {
        (
            e.container_name.as_str(),
            e.host_port,
            e.container_port,
            e.protocol.as_str(),
            e.published,
        )
    }

    #[test]
    fn published_and_exposed_only_ports_of_running_and_stopped_containers() {
        let web = c(
            "web",
            true,
            map(&[("80/tcp", "0.0.0.0", "8080"), ("80/tcp", "::", "8080")]),
            &["80/tcp", "443/tcp"],
        );
        let db = c(
            "db",
            false,
            map(&[("5432/tcp", "127.0.0.1", "15432")]),
            &["5432/tcp", "53/udp"],
        );
        let t = ports_table(&[web, db], |_| false);
        let rows: Vec<_> = t.iter().map(row).collect();
        assert_eq!(
            rows,
            [
                ("db", None, 53, "udp", false),
                ("db", Some(15432), 5432, "tcp", true),
                ("web", Some(8080), 80, "tcp", true),
                ("web", None, 443, "tcp", false),
            ]
        );
        assert_eq!(t[1].host_ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(t[2].command, "docker port web");
        assert!(t.iter().all(|e| e.conflict.is_none()));
    }

    #[test]
    fn a_port_wanted_twice_or_held_by_another_program_is_flagged() {
        let running = c("a", true, map(&[("80/tcp", "0.0.0.0", "8080")]), &[]);
        let stopped = c("b", false, map(&[("80/tcp", "", "8080")]), &[]);
        let held = c("c", false, map(&[("80/tcp", "", "9090")]), &[]);
        let elsewhere_ok = c("d", false, map(&[("80/tcp", "127.0.0.1", "7070")]), &[]);
        let t = ports_table(&[running, stopped, held, elsewhere_ok], |p| p == 9090);
        let flag = |n: &str| {
            t.iter()
                .find(|e| e.container_name == n)
                .unwrap()
                .conflict
                .clone()
        };
        assert_eq!(
            flag("b").as_deref(),
            Some("host port 8080/tcp is held by running container a: b would not start")
        );
        assert_eq!(
            flag("a").as_deref(),
            Some("host port 8080/tcp is also wanted by b: only one can start")
        );
        assert_eq!(
            flag("c").as_deref(),
            Some("host port 9090 is in use by another program on this machine: c would not start")
        );
        assert_eq!(flag("d"), None);
    }

    #[test]
    fn two_specific_addresses_share_a_port_without_clashing() {
        let x = c("x", false, map(&[("80/tcp", "127.0.0.1", "8080")]), &[]);
        let y = c("y", false, map(&[("80/tcp", "127.0.0.2", "8080")]), &[]);
        let t = ports_table(&[x, y], |_| false);
        assert!(t.iter().all(|e| e.conflict.is_none()), "{t:?}");
        assert!(addresses_clash(None, Some("127.0.0.1")));
        assert!(addresses_clash(Some("10.0.0.1"), Some("10.0.0.1")));
    }
}
