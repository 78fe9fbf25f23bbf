//! The network map: every network and the containers on it (their addresses, the names the
//! network answers for them, published ports and legacy `--link`s), and "can A reach B?"
//! (`reach`). The map is built by pure functions from what the engine reports (the network list
//! and one inspect per container), so its reading is unit-tested without an engine; this module
//! only fetches. The network list, its create and remove forms are the networks area's.

pub mod reach;

use crate::connection::Engine;
use crate::containers::inspected::{inspected_name, inspected_running};
use crate::containers::{ContainerState, PublishedPort};
use crate::error::EngineError;
use bollard::models::{ContainerInspectResponse, Network, PortMap};
use bollard::query_parameters::{
    InspectContainerOptions, ListContainersOptions, ListNetworksOptions,
};
use futures_util::StreamExt;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How many container inspects are in flight at once while the map is built.
const INSPECTS_AT_ONCE: usize = 8;

/// What kind of network this is, for what it does with names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum NetworkKind {
    /// The engine's own `bridge`: no name service; names only through `--link` (/etc/hosts).
    DefaultBridge,
    /// Made by a user (or compose): the engine's embedded DNS answers for every container on it.
    UserDefined,
    /// `host`: the container uses the host's own network stack.
    Host,
    /// `none`: a loopback interface only.
    None,
}

impl NetworkKind {
    /// The kind of a network by its name and driver: the three the engine makes itself are
    /// named `bridge`, `host` and `none` and cannot be re-made by a user under those names.
    pub fn of(name: &str, driver: &str) -> NetworkKind {
        match (name, driver) {
            ("bridge", "bridge") => NetworkKind::DefaultBridge,
            ("host", "host") => NetworkKind::Host,
            ("none", "null") => NetworkKind::None,
            _ => NetworkKind::UserDefined,
        }
    }

    /// Whether the engine's embedded DNS answers container names on this network.
    pub fn resolves_names(self) -> bool {
        self == NetworkKind::UserDefined
    }
}

/// One network on the map, with the containers attached to it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MapNetwork {
    pub id: String,
    pub name: String,
    pub driver: String,
    pub scope: String,
    pub kind: NetworkKind,
    pub internal: bool,
    /// The IPAM subnets, e.g. `172.18.0.0/16`.
    pub subnets: Vec<String>,
    /// The containers attached, by name.
    pub members: Vec<Member>,
}

/// A container's place on one network.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub container_id: String,
    pub container_name: String,
    /// The IPv4 address; None while the container is stopped (the engine gives one on start).
    pub ipv4: Option<String>,
    pub ipv6: Option<String>,
    /// The aliases the user gave (`--network-alias`, compose service names), without the ones
    /// the engine adds by itself.
    pub aliases: Vec<String>,
    /// Every name the network's DNS answers with this container's address: its name, its short
    /// id and its aliases. Empty on networks without a name service (the default bridge).
    pub dns_names: Vec<String>,
}

/// A container on the map: what does not depend on the network.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MapContainer {
    pub id: String,
    pub name: String,
    pub image: String,
    pub state: ContainerState,
    pub running: bool,
    /// Published ports (running: as the engine bound them; stopped: as asked for).
    pub ports: Vec<PublishedPort>,
    /// Legacy `--link`s this container made to others.
    pub links: Vec<LinkName>,
    /// `--network`: `bridge`, a network's name, `host`, `none` or `container:<id>`.
    pub network_mode: String,
}

/// A `--link target:alias`: in the linking container, `alias` (and the target's name) resolve
/// to the target through /etc/hosts on the default bridge, or through the DNS on a user network.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LinkName {
    /// The linked container's name.
    pub target: String,
    pub alias: String,
}

/// The whole map: networks in name order, containers in name order.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Topology {
    pub networks: Vec<MapNetwork>,
    pub containers: Vec<MapContainer>,
}

/// A container's short id: the first 12 characters, as the CLI shows it and the DNS answers it.
pub fn short_id(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// Reads a `HostConfig.Links` entry (`/target:/linker/alias`) or an endpoint's (`target:alias`).
pub fn parse_link(entry: &str) -> Option<LinkName> {
    let (target, alias) = entry.split_once(':')?;
    let target = target.trim_start_matches('/');
    let alias = alias.rsplit('/').next().unwrap_or(alias);
    (!target.is_empty() && !alias.is_empty()).then(|| LinkName {
        target: target.to_owned(),
        alias: alias.to_owned(),
    })
}

/// Ports from an inspect's port map (`"80/tcp": [{HostIp, HostPort}]`): published ones with
/// their host side, and (when `with_unpublished`) keys without bindings as unpublished.
pub fn ports_of_map(map: Option<&PortMap>, with_unpublished: bool) -> Vec<PublishedPort> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (key, bindings) in map.into_iter().flatten() {
        let Some((port, protocol)) = parse_port_key(key) else {
            continue;
        };
        let bindings = bindings.as_deref().unwrap_or_default();
        if bindings.is_empty() && with_unpublished {
            out.push(PublishedPort {
                host_ip: None,
                host_port: None,
                container_port: port,
                protocol: protocol.clone(),
            });
        }
        for b in bindings {
            let host_port = b.host_port.as_deref().and_then(|p| p.parse::<u16>().ok());
            let host_ip = b.host_ip.clone().filter(|ip| !ip.is_empty());
            // The engine binds a published port once per address family; show it once.
            let family_blind = host_ip
                .as_deref()
                .is_none_or(|ip| ip == "0.0.0.0" || ip == "::");
            let shown_ip = if family_blind { None } else { host_ip.clone() };
            if !seen.insert((shown_ip, host_port, port, protocol.clone())) {
                continue;
            }
            out.push(PublishedPort {
                host_ip,
                host_port,
                container_port: port,
                protocol: protocol.clone(),
            });
        }
    }
    out.sort_by(|a, b| {
        (a.container_port, &a.protocol, a.host_port).cmp(&(
            b.container_port,
            &b.protocol,
            b.host_port,
        ))
    });
    out
}

/// `80/tcp` → (80, "tcp"); a key without a protocol is TCP, as the engine reads it.
pub fn parse_port_key(key: &str) -> Option<(u16, String)> {
    let (port, proto) = key.split_once('/').unwrap_or((key, "tcp"));
    Some((port.parse().ok()?, proto.to_ascii_lowercase()))
}

fn state_of(c: &ContainerInspectResponse) -> ContainerState {
    c.state
        .as_ref()
        .and_then(|s| s.status.as_ref())
        .map_or(ContainerState::Unknown, |s| {
            ContainerState::from_word(s.as_ref())
        })
}

/// The published ports of an inspected container: the engine's bound ports while it runs, the
/// ports it asked for (`HostConfig.PortBindings`) otherwise.
pub fn published_of(c: &ContainerInspectResponse) -> Vec<PublishedPort> {
    let bound = c.network_settings.as_ref().and_then(|n| n.ports.as_ref());
    let wanted = c
        .host_config
        .as_ref()
        .and_then(|h| h.port_bindings.as_ref());
    let map = if inspected_running(c) { bound } else { wanted };
    ports_of_map(map, false)
        .into_iter()
        .filter(|p| p.host_port.is_some() || !inspected_running(c))
        .collect()
}

/// Builds the map from the network list and an inspect of each container. Pure: what the
/// engine said in, the map out. Containers attached to a network the list no longer has (it
/// was removed between the two reads) are left off that network.
pub fn build(networks: Vec<Network>, containers: &[ContainerInspectResponse]) -> Topology {
    let mut by_name: BTreeMap<String, MapNetwork> = BTreeMap::new();
    for n in networks {
        let name = n.name.unwrap_or_default();
        let driver = n.driver.unwrap_or_default();
        let subnets = n
            .ipam
            .and_then(|i| i.config)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|c| c.subnet)
            .collect();
        by_name.insert(
            name.clone(),
            MapNetwork {
                id: n.id.unwrap_or_default(),
                kind: NetworkKind::of(&name, &driver),
                name,
                driver,
                scope: n.scope.unwrap_or_default(),
                internal: n.internal.unwrap_or(false),
                subnets,
                members: vec![],
            },
        );
    }
    let mut map_containers = Vec::with_capacity(containers.len());
    for c in containers {
        let id = c.id.clone().unwrap_or_default();
        let name = inspected_name(c);
        let host = c.host_config.as_ref();
        let mut links: BTreeSet<LinkName> = host
            .and_then(|h| h.links.as_ref())
            .into_iter()
            .flatten()
            .filter_map(|l| parse_link(l))
            .collect();
        let endpoints = c
            .network_settings
            .as_ref()
            .and_then(|s| s.networks.as_ref());
        for (net_name, ep) in endpoints.into_iter().flatten() {
            links.extend(ep.links.iter().flatten().filter_map(|l| parse_link(l)));
            let Some(network) = by_name.get_mut(net_name) else {
                continue;
            };
            let short = short_id(&id).to_owned();
            // Engines before API 1.44 list the short id among the aliases themselves; newer
            // ones keep aliases to what the user gave and report `DNSNames` apart.
            let aliases: Vec<String> = ep
                .aliases
                .iter()
                .flatten()
                .filter(|a| **a != short && **a != name && !id.starts_with(a.as_str()))
                .cloned()
                .collect();
            let dns_names = if network.kind.resolves_names() {
                let mut names = vec![name.clone(), short];
                names.extend(aliases.iter().cloned());
                names.extend(ep.dns_names.iter().flatten().cloned());
                let mut seen = BTreeSet::new();
                names.retain(|n| !n.is_empty() && seen.insert(n.clone()));
                names
            } else {
                vec![]
            };
            network.members.push(Member {
                container_id: id.clone(),
                container_name: name.clone(),
                ipv4: ep.ip_address.clone().filter(|ip| !ip.is_empty()),
                ipv6: ep.global_ipv6_address.clone().filter(|ip| !ip.is_empty()),
                aliases,
                dns_names,
            });
        }
        map_containers.push(MapContainer {
            id,
            image: c
                .config
                .as_ref()
                .and_then(|cfg| cfg.image.clone())
                .unwrap_or_default(),
            state: state_of(c),
            running: inspected_running(c),
            ports: published_of(c),
            links: links.into_iter().collect(),
            network_mode: host
                .and_then(|h| h.network_mode.clone())
                .unwrap_or_default(),
            name,
        });
    }
    let mut networks: Vec<MapNetwork> = by_name.into_values().collect();
    for n in &mut networks {
        n.members
            .sort_by(|a, b| a.container_name.cmp(&b.container_name));
    }
    map_containers.sort_by(|a, b| a.name.cmp(&b.name));
    Topology {
        networks,
        containers: map_containers,
    }
}

impl Engine {
    /// The network map: `docker network ls` and `docker inspect` of every container.
    pub async fn topology(&self) -> Result<Topology, EngineError> {
        let networks = self
            .docker
            .list_networks(None::<ListNetworksOptions>)
            .await?;
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
        Ok(build(networks, &inspected))
    }

    /// `docker inspect` of each of these containers; ones removed meanwhile are left out.
    pub(crate) async fn inspect_all(
        &self,
        ids: &[String],
    ) -> Result<Vec<ContainerInspectResponse>, EngineError> {
        let answers: Vec<Result<Option<ContainerInspectResponse>, EngineError>> =
            futures_util::stream::iter(ids.iter().cloned())
                .map(|id| async move {
                    match self
                        .docker
                        .inspect_container(&id, None::<InspectContainerOptions>)
                        .await
                    {
                        Ok(c) => Ok(Some(c)),
                        Err(e) => match EngineError::from(e) {
                            EngineError::NotFound(_) => Ok(None),
                            other => Err(other),
                        },
                    }
                })
                .buffered(INSPECTS_AT_ONCE)
                .collect()
                .await;
        let mut out = Vec::with_capacity(answers.len());
        for a in answers {
            out.extend(a?);
        }
        Ok(out)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use bollard::models::{
        ContainerConfig, ContainerState as InspectState, ContainerStateStatusEnum,
        EndpointSettings, HostConfig, Ipam, IpamConfig, NetworkSettings, PortBinding,
    };
    use std::collections::HashMap;

    pub fn network(name: &str, driver: &str, subnet: &str) -> Network {
        Network {
            name: Some(name.into()),
            id: Some(format!("{name}-id")),
            driver: Some(driver.into()),
            scope: Some("local".into()),
            ipam: Some(Ipam {
                config: Some(vec![IpamConfig {
                    subnet: Some(subnet.into()),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// A container as inspect reports it: `nets` are (network, ip, aliases).
    pub fn container(
        name: &str,
        id: &str,
        running: bool,
        nets: &[(&str, &str, &[&str])],
        links: &[&str],
    ) -> ContainerInspectResponse {
        let networks = nets
            .iter()
            .map(|(n, ip, aliases)| {
                (
                    n.to_string(),
                    EndpointSettings {
                        ip_address: Some(ip.to_string()),
                        aliases: (!aliases.is_empty())
                            .then(|| aliases.iter().map(|a| a.to_string()).collect()),
                        ..Default::default()
                    },
                )
            })
            .collect();
        ContainerInspectResponse {
            id: Some(id.into()),
            name: Some(format!("/{name}")),
            state: Some(InspectState {
                running: Some(running),
                status: Some(if running {
                    ContainerStateStatusEnum::RUNNING
                } else {
                    ContainerStateStatusEnum::EXITED
                }),
                ..Default::default()
            }),
            config: Some(ContainerConfig {
                image: Some("busybox".into()),
                ..Default::default()
            }),
            host_config: Some(HostConfig {
                links: (!links.is_empty()).then(|| links.iter().map(|l| l.to_string()).collect()),
                network_mode: Some(nets.first().map_or("none", |n| n.0).into()),
                ..Default::default()
            }),
            network_settings: Some(NetworkSettings {
                networks: Some(networks),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    const A_ID: &str = "aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111";
    const B_ID: &str = "bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222";

    #[test]
    fn kinds_follow_the_engine_s_own_three_networks() {
        assert_eq!(
            NetworkKind::of("bridge", "bridge"),
            NetworkKind::DefaultBridge
        );
        assert_eq!(NetworkKind::of("host", "host"), NetworkKind::Host);
        assert_eq!(NetworkKind::of("none", "null"), NetworkKind::None);
        assert_eq!(NetworkKind::of("app", "bridge"), NetworkKind::UserDefined);
        assert_eq!(
            NetworkKind::of("bridge", "overlay"),
            NetworkKind::UserDefined
        );
        assert!(NetworkKind::UserDefined.resolves_names());
        assert!(!NetworkKind::DefaultBridge.resolves_names());
    }

    #[test]
    fn members_carry_their_address_and_the_names_the_network_answers() {
        let t = build(
            vec![
                network("bridge", "bridge", "172.17.0.0/16"),
                network("app", "bridge", "172.18.0.0/16"),
            ],
            &[
                // The old engine lists the short id among the aliases itself.
                container(
                    "b",
                    B_ID,
                    true,
                    &[("app", "172.18.0.3", &["bbbbbbbbbbbb", "db"])],
                    &[],
                ),
                container(
                    "a",
                    A_ID,
                    true,
                    &[("bridge", "172.17.0.2", &[])],
                    &["/b:/a/bee"],
                ),
            ],
        );
        let names: Vec<&str> = t.networks.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["app", "bridge"]);
        let app = &t.networks[0];
        assert_eq!(app.kind, NetworkKind::UserDefined);
        assert_eq!(app.subnets, ["172.18.0.0/16"]);
        assert_eq!(app.members.len(), 1);
        let b = &app.members[0];
        assert_eq!(b.ipv4.as_deref(), Some("172.18.0.3"));
        assert_eq!(
            b.aliases,
            ["db"],
            "the engine's own short id is not a user alias"
        );
        assert_eq!(b.dns_names, ["b", "bbbbbbbbbbbb", "db"]);
        let bridge = &t.networks[1];
        assert_eq!(bridge.members[0].container_name, "a");
        assert!(
            bridge.members[0].dns_names.is_empty(),
            "no name service there"
        );
        let a = t.containers.iter().find(|c| c.name == "a").unwrap();
        assert_eq!(
            a.links,
            [LinkName {
                target: "b".into(),
                alias: "bee".into()
            }]
        );
        assert_eq!(a.network_mode, "bridge");
    }

    #[test]
    fn a_stopped_container_is_on_its_networks_without_an_address() {
        let t = build(
            vec![network("app", "bridge", "10.1.0.0/24")],
            &[container("s", A_ID, false, &[("app", "", &[])], &[])],
        );
        let m = &t.networks[0].members[0];
        assert_eq!(m.container_name, "s");
        assert_eq!(m.ipv4, None);
        assert_eq!(t.containers[0].state, ContainerState::Exited);
        assert!(!t.containers[0].running);
    }

    #[test]
    fn a_network_gone_between_the_reads_drops_its_members_not_the_container() {
        let t = build(
            vec![],
            &[container(
                "s",
                A_ID,
                true,
                &[("gone", "10.0.0.2", &[])],
                &[],
            )],
        );
        assert!(t.networks.is_empty());
        assert_eq!(t.containers.len(), 1);
    }

    #[test]
    fn links_read_both_shapes() {
        assert_eq!(
            parse_link("/db:/web/database"),
            Some(LinkName {
                target: "db".into(),
                alias: "database".into()
            })
        );
        assert_eq!(
            parse_link("db:database"),
            Some(LinkName {
                target: "db".into(),
                alias: "database".into()
            })
        );
        assert_eq!(parse_link("nonsense"), None);
        assert_eq!(parse_link(":x"), None);
    }

    fn binding(ip: &str, port: &str) -> PortBinding {
        PortBinding {
            host_ip: Some(ip.into()),
            host_port: Some(port.into()),
        }
    }

    #[test]
    fn port_maps_show_each_binding_once_and_unpublished_keys_on_request() {
        let map: PortMap = HashMap::from([
            (
                "80/tcp".to_string(),
                Some(vec![binding("0.0.0.0", "8080"), binding("::", "8080")]),
            ),
            (
                "53/udp".to_string(),
                Some(vec![binding("127.0.0.1", "5353")]),
            ),
            ("9000/tcp".to_string(), None),
        ]);
        let ports = ports_of_map(Some(&map), true);
        let shown: Vec<(Option<u16>, u16, &str)> = ports
            .iter()
            .map(|p| (p.host_port, p.container_port, p.protocol.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (Some(5353), 53, "udp"),
                (Some(8080), 80, "tcp"),
                (None, 9000, "tcp")
            ]
        );
        assert_eq!(ports_of_map(Some(&map), false).len(), 2);
        assert_eq!(parse_port_key("8080"), Some((8080, "tcp".into())));
        assert_eq!(parse_port_key("x/tcp"), None);
    }
}
