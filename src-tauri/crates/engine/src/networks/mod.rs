//! Networks: the kept list (with the containers on each network, stopped ones too), inspect,
//! create, remove, connect, disconnect and prune with its exact list first. What each action
//! says (`docker network …`) and the create form's checks are runspec's
//! (`tugboat_runspec::network_spec`); refusals the engine answers are explained here by their
//! status and the action that got them.

pub mod keeper;

use crate::connection::{api_path, Engine, Patience};
use crate::error::EngineError;
use bollard::models::{
    ContainerSummary, ContainerSummaryStateEnum, EndpointIpamConfig, EndpointSettings, Ipam,
    IpamConfig, NetworkConnectRequest, NetworkCreateRequest, NetworkDisconnectRequest,
};
use bollard::query_parameters::{
    InspectContainerOptions, InspectNetworkOptions, ListContainersOptions, ListNetworksOptions,
    PruneNetworksOptions,
};
use futures_util::StreamExt;
use serde::Serialize;
use std::collections::HashMap;
use tugboat_runspec::argv::command_line;
use tugboat_runspec::network_spec::{
    disconnect_argv, inspect_argv, is_built_in, remove_argv, ConnectSpec, NetworkDriver,
    NetworkSpec, PruneFilter,
};

/// One block of addresses of a network (`docker network inspect`'s IPAM config).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AddressPool {
    pub subnet: Option<String>,
    pub gateway: Option<String>,
    pub ip_range: Option<String>,
}

/// A container attached to a network, running or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NetworkMember {
    pub id: String,
    pub name: String,
    pub running: bool,
    /// Its IPv4 address on this network while it runs.
    pub ipv4: Option<String>,
}

/// One row of the network list.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NetworkRow {
    pub id: String,
    pub name: String,
    pub driver: String,
    /// `local`, `swarm` or `global`.
    pub scope: String,
    pub pools: Vec<AddressPool>,
    pub internal: bool,
    pub attachable: bool,
    pub ipv6: bool,
    /// Milliseconds since the Unix epoch.
    pub created_ms: f64,
    pub labels: Vec<(String, String)>,
    /// The containers attached: running ones and stopped ones that join it when they start.
    pub containers: Vec<NetworkMember>,
    /// One of the engine's own (`bridge`, `host`, `none`): never removed or pruned.
    pub built_in: bool,
}

impl crate::kept::Keyed for NetworkRow {
    fn key(&self) -> &str {
        &self.id
    }
}

/// A container's place on a network, as `docker network inspect` and the container's own
/// settings say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NetworkEndpoint {
    pub container_id: String,
    pub container_name: String,
    pub running: bool,
    pub ipv4: Option<String>,
    pub ipv6: Option<String>,
    pub mac: Option<String>,
    /// Names it answers to on this network besides its own.
    pub aliases: Vec<String>,
    /// Addresses asked for with `--ip`/`--ip6`.
    pub fixed_ipv4: Option<String>,
    pub fixed_ipv6: Option<String>,
}

/// The readable part of `docker network inspect`, and the engine's JSON.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NetworkDetails {
    pub row: NetworkRow,
    pub ipam_driver: String,
    pub ipam_options: Vec<(String, String)>,
    /// Driver options (`-o`).
    pub options: Vec<(String, String)>,
    pub endpoints: Vec<NetworkEndpoint>,
    /// `docker network inspect NAME`.
    pub command: String,
    pub raw_json: String,
}

/// What a network action did, and the `docker …` line it equals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NetworkOutcome {
    /// The new network's id, for create.
    pub id: Option<String>,
    pub command: String,
    /// What the engine warned about, if anything.
    pub warning: Option<String>,
}

/// A network a prune would remove.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrunedNetwork {
    pub id: String,
    pub name: String,
    pub driver: String,
    /// Stopped containers still attached: the engine prunes the network anyway (only running
    /// containers hold it), and they will not start until they are given another.
    pub stopped_containers: Vec<String>,
}

/// What `docker network prune` would remove, and the command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrunePreview {
    pub networks: Vec<PrunedNetwork>,
    pub command: String,
}

/// What a prune removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PruneOutcome {
    pub removed: Vec<String>,
    pub command: String,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.is_empty())
}

fn sorted(map: Option<HashMap<String, String>>) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = map.unwrap_or_default().into_iter().collect();
    v.sort();
    v
}

fn pools(ipam: Option<&Ipam>) -> Vec<AddressPool> {
    ipam.and_then(|i| i.config.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|c: IpamConfig| AddressPool {
            subnet: non_empty(c.subnet),
            gateway: non_empty(c.gateway),
            ip_range: non_empty(c.ip_range),
        })
        .collect()
}

fn is_running(c: &ContainerSummary) -> bool {
    matches!(
        c.state,
        Some(ContainerSummaryStateEnum::RUNNING | ContainerSummaryStateEnum::PAUSED)
    )
}

fn container_name(c: &ContainerSummary) -> String {
    c.names
        .as_ref()
        .and_then(|n| n.first())
        .map(|n| n.trim_start_matches('/').to_owned())
        .unwrap_or_default()
}

/// The containers on each network, keyed by network id and by name: `GET /networks` does not
/// list them, and a stopped container's settings name its networks without their ids.
#[derive(Default)]
struct Members {
    by_id: HashMap<String, Vec<NetworkMember>>,
    by_name: HashMap<String, Vec<NetworkMember>>,
}

impl Members {
    fn of(containers: Vec<ContainerSummary>) -> Members {
        let mut m = Members::default();
        for c in containers {
            let running = is_running(&c);
            let name = container_name(&c);
            let id = c.id.clone().unwrap_or_default();
            let nets = c
                .network_settings
                .and_then(|n| n.networks)
                .unwrap_or_default();
            for (net_name, e) in nets {
                let member = NetworkMember {
                    id: id.clone(),
                    name: name.clone(),
                    running,
                    ipv4: non_empty(e.ip_address),
                };
                match non_empty(e.network_id) {
                    Some(net_id) => m.by_id.entry(net_id).or_default().push(member),
                    None => m.by_name.entry(net_name).or_default().push(member),
                }
            }
        }
        m
    }

    fn take(&mut self, id: &str, name: &str) -> Vec<NetworkMember> {
        let mut v = self.by_id.remove(id).unwrap_or_default();
        v.extend(self.by_name.remove(name).unwrap_or_default());
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    }
}

fn row_of(n: bollard::models::Network, members: &mut Members) -> NetworkRow {
    let id = n.id.unwrap_or_default();
    let name = n.name.unwrap_or_default();
    NetworkRow {
        containers: members.take(&id, &name),
        built_in: is_built_in(&name),
        pools: pools(n.ipam.as_ref()),
        driver: n.driver.unwrap_or_default(),
        scope: n.scope.unwrap_or_default(),
        internal: n.internal.unwrap_or(false),
        attachable: n.attachable.unwrap_or(false),
        ipv6: n.enable_ipv6.unwrap_or(false),
        created_ms: n
            .created
            .map(|t| t.timestamp_millis() as f64)
            .unwrap_or(0.0),
        labels: sorted(n.labels),
        id,
        name,
    }
}

/// Why the engine refused a network action, in words, from its status and the action.
fn explain(action: &str, driver: Option<NetworkDriver>, e: EngineError) -> EngineError {
    match (&e, driver) {
        (EngineError::Api { status: 503, .. }, Some(NetworkDriver::Overlay)) => e.reworded(|m| {
            format!("overlay networks span the machines of a swarm, and this engine is not in swarm mode (`docker swarm init` turns it on): {m}")
        }),
        (EngineError::Api { status: 403, .. }, _) if action == "remove" => e.reworded(|m| {
            format!("running containers are still connected: disconnect or stop them first ({m})")
        }),
        (EngineError::Api { status: 403, .. }, _) => {
            e.reworded(|m| format!("the engine does not allow this on that network: {m}"))
        }
        _ => e,
    }
}

impl Engine {
    /// `docker network ls`, each network with the containers attached to it (running and
    /// stopped), from two list calls made together.
    pub async fn networks(&self) -> Result<Vec<NetworkRow>, EngineError> {
        let (nets, containers) = futures_util::future::join(
            self.docker.list_networks(None::<ListNetworksOptions>),
            self.docker.list_containers(Some(ListContainersOptions {
                all: true,
                ..Default::default()
            })),
        )
        .await;
        let mut members = Members::of(containers?);
        let mut rows: Vec<NetworkRow> =
            nets?.into_iter().map(|n| row_of(n, &mut members)).collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(rows)
    }

    /// The rows of these networks (by id); ones that are gone are absent.
    pub async fn networks_by_id(&self, ids: &[String]) -> Result<Vec<NetworkRow>, EngineError> {
        Ok(self
            .networks()
            .await?
            .into_iter()
            .filter(|r| ids.contains(&r.id))
            .collect())
    }

    /// `docker network inspect`: the readable part (with each attached container's addresses
    /// and aliases) and the engine's JSON.
    pub async fn network(&self, id: &str) -> Result<NetworkDetails, EngineError> {
        let encoded = api_path(&[id]);
        let n = self
            .docker
            .inspect_network(&encoded[1..], None::<InspectNetworkOptions>)
            .await?;
        let raw = self
            .raw_get(&api_path(&["networks", id]), Patience::Normal)
            .await?;
        let raw_json = serde_json::from_slice::<serde_json::Value>(&raw)
            .and_then(|v| serde_json::to_string_pretty(&v))
            .unwrap_or_else(|_| String::from_utf8_lossy(&raw).into_owned());
        let net_name = n.name.clone().unwrap_or_default();
        let attached = self
            .docker
            .list_containers(Some(ListContainersOptions {
                all: true,
                ..Default::default()
            }))
            .await?;
        let mut members = Members::of(attached);
        let list_row = bollard::models::Network {
            name: n.name.clone(),
            id: n.id.clone(),
            created: n.created,
            scope: n.scope.clone(),
            driver: n.driver.clone(),
            enable_ipv6: n.enable_ipv6,
            ipam: n.ipam.clone(),
            internal: n.internal,
            attachable: n.attachable,
            labels: n.labels.clone(),
            ..Default::default()
        };
        let row = row_of(list_row, &mut members);
        let live = n.containers.clone().unwrap_or_default();
        let endpoints: Vec<Result<NetworkEndpoint, EngineError>> =
            futures_util::stream::iter(row.containers.clone())
                .map(|m| {
                    let live = live.get(&m.id).cloned();
                    let net_name = net_name.clone();
                    async move {
                        let settings = match self
                            .docker
                            .inspect_container(&m.id, None::<InspectContainerOptions>)
                            .await
                        {
                            Ok(c) => c
                                .network_settings
                                .and_then(|s| s.networks)
                                .and_then(|mut nets| nets.remove(&net_name)),
                            // Removed meanwhile: what the list said is all there is.
                            Err(e) => match EngineError::from(e) {
                                EngineError::NotFound(_) => None,
                                other => return Err(other),
                            },
                        };
                        let settings = settings.unwrap_or_default();
                        let ipam = settings.ipam_config.clone().unwrap_or_default();
                        let strip = |a: Option<String>| {
                            non_empty(a).map(|a| a.split('/').next().unwrap_or_default().to_owned())
                        };
                        let live = live.unwrap_or_default();
                        Ok(NetworkEndpoint {
                            container_id: m.id.clone(),
                            container_name: m.name.clone(),
                            running: m.running,
                            ipv4: strip(live.ipv4_address).or(non_empty(settings.ip_address)),
                            ipv6: strip(live.ipv6_address)
                                .or(non_empty(settings.global_ipv6_address)),
                            mac: non_empty(live.mac_address).or(non_empty(settings.mac_address)),
                            aliases: aliases_besides_own(settings.aliases, &m),
                            fixed_ipv4: non_empty(ipam.ipv4_address),
                            fixed_ipv6: non_empty(ipam.ipv6_address),
                        })
                    }
                })
                .buffered(8)
                .collect()
                .await;
        let mut eps = Vec::with_capacity(endpoints.len());
        for e in endpoints {
            eps.push(e?);
        }
        let ipam = n.ipam.clone().unwrap_or_default();
        Ok(NetworkDetails {
            command: command_line(&inspect_argv(&row.name)),
            ipam_driver: ipam.driver.clone().unwrap_or_else(|| "default".into()),
            ipam_options: sorted(ipam.options),
            options: sorted(n.options),
            endpoints: eps,
            row,
            raw_json,
        })
    }

    /// `docker network create`, from a validated spec.
    pub async fn network_create(&self, spec: &NetworkSpec) -> Result<NetworkOutcome, EngineError> {
        let command = spec.command_line();
        let config = (spec.subnet.is_some() || spec.gateway.is_some() || spec.ip_range.is_some())
            .then(|| {
                vec![IpamConfig {
                    subnet: spec.subnet.map(|s| s.to_string()),
                    gateway: spec.gateway.map(|g| g.to_string()),
                    ip_range: spec.ip_range.map(|r| r.to_string()),
                    auxiliary_addresses: None,
                }]
            });
        let request = NetworkCreateRequest {
            name: spec.name.clone(),
            driver: Some(spec.driver.word().into()),
            internal: Some(spec.internal),
            attachable: Some(spec.attachable),
            enable_ipv6: Some(spec.ipv6),
            ipam: Some(Ipam {
                driver: Some("default".into()),
                config,
                options: None,
            }),
            options: Some(spec.options.iter().cloned().collect()),
            labels: Some(spec.labels.iter().cloned().collect()),
            ..Default::default()
        };
        let created = self
            .docker
            .create_network(request)
            .await
            .map_err(|e| explain("create", Some(spec.driver), e.into()))?;
        Ok(NetworkOutcome {
            id: Some(created.id),
            command,
            warning: Some(created.warning).filter(|w| !w.is_empty()),
        })
    }

    /// `docker network rm`: refused for the engine's own networks before the engine is asked.
    /// `shown` is the name the user knows it by.
    pub async fn network_remove(
        &self,
        id: &str,
        shown: &str,
    ) -> Result<NetworkOutcome, EngineError> {
        if is_built_in(shown) || is_built_in(id) {
            return Err(EngineError::InvalidInput(format!(
                "`{shown}` is one of the engine's own networks (bridge, host, none): every engine has them and they cannot be removed"
            )));
        }
        let command = command_line(&remove_argv(&[shown.to_owned()]));
        let encoded = api_path(&[id]);
        self.docker
            .remove_network(&encoded[1..])
            .await
            .map_err(|e| explain("remove", None, e.into()))?;
        Ok(NetworkOutcome {
            id: None,
            command,
            warning: None,
        })
    }

    /// `docker network connect`: the container joins the network, with aliases and fixed
    /// addresses. `shown` are the names the user knows network and container by.
    pub async fn network_connect(
        &self,
        network: &str,
        container: &str,
        spec: &ConnectSpec,
        shown: (&str, &str),
    ) -> Result<NetworkOutcome, EngineError> {
        let command = command_line(&spec.argv(shown.0, shown.1));
        let ipam = (spec.ipv4.is_some() || spec.ipv6.is_some()).then(|| EndpointIpamConfig {
            ipv4_address: spec.ipv4.map(|i| i.to_string()),
            ipv6_address: spec.ipv6.map(|i| i.to_string()),
            link_local_ips: None,
        });
        let request = NetworkConnectRequest {
            container: container.to_owned(),
            endpoint_config: Some(EndpointSettings {
                ipam_config: ipam,
                aliases: Some(spec.aliases.clone()).filter(|a| !a.is_empty()),
                ..Default::default()
            }),
        };
        let encoded = api_path(&[network]);
        self.docker
            .connect_network(&encoded[1..], request)
            .await
            .map_err(|e| explain("connect", None, e.into()))?;
        Ok(NetworkOutcome {
            id: None,
            command,
            warning: None,
        })
    }

    /// `docker network disconnect [-f]`.
    pub async fn network_disconnect(
        &self,
        network: &str,
        container: &str,
        force: bool,
        shown: (&str, &str),
    ) -> Result<NetworkOutcome, EngineError> {
        let command = command_line(&disconnect_argv(shown.0, shown.1, force));
        let encoded = api_path(&[network]);
        self.docker
            .disconnect_network(
                &encoded[1..],
                NetworkDisconnectRequest {
                    container: container.to_owned(),
                    force: Some(force),
                },
            )
            .await
            .map_err(|e| explain("disconnect", None, e.into()))?;
        Ok(NetworkOutcome {
            id: None,
            command,
            warning: None,
        })
    }

    /// What `docker network prune` with these label filters would remove, as the engine
    /// decides it: every network it made for a user (not `bridge`, `host`, `none`, nor a swarm
    /// one) carrying the labels, that no running container holds. A stopped container does not
    /// hold its networks, so they are listed with it named. The engine's own `dangling` filter
    /// is not used: Engine 20.10 counts no container on any network in a list.
    pub async fn network_prune_preview(
        &self,
        filter: &PruneFilter,
    ) -> Result<PrunePreview, EngineError> {
        let labels = filter.validate().map_err(|errs| {
            EngineError::InvalidInput(tugboat_runspec::preview::describe_invalid(&errs))
        })?;
        let filters =
            (!labels.is_empty()).then(|| HashMap::from([("label".to_string(), labels.clone())]));
        let (nets, containers) = futures_util::future::join(
            self.docker
                .list_networks(Some(ListNetworksOptions { filters })),
            self.docker.list_containers(Some(ListContainersOptions {
                all: true,
                ..Default::default()
            })),
        )
        .await;
        let mut members = Members::of(containers?);
        let mut out = Vec::new();
        for n in nets? {
            let row = row_of(n, &mut members);
            if row.built_in || row.scope != "local" {
                continue;
            }
            if row.containers.iter().any(|c| c.running) {
                continue;
            }
            out.push(PrunedNetwork {
                stopped_containers: row.containers.iter().map(|c| c.name.clone()).collect(),
                id: row.id,
                name: row.name,
                driver: row.driver,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(PrunePreview {
            networks: out,
            command: command_line(&PruneFilter::argv(&labels)),
        })
    }

    /// `docker network prune -f` with these label filters; the names it removed. `shown` are
    /// the ids the user was shown in the preview: when the engine would now remove anything
    /// else (a container stopped meanwhile), nothing is pruned and the user looks again.
    pub async fn network_prune(
        &self,
        filter: &PruneFilter,
        shown: &[String],
    ) -> Result<PruneOutcome, EngineError> {
        let labels = filter.validate().map_err(|errs| {
            EngineError::InvalidInput(tugboat_runspec::preview::describe_invalid(&errs))
        })?;
        let now = self.network_prune_preview(filter).await?;
        let unseen: Vec<&str> = now
            .networks
            .iter()
            .filter(|n| !shown.contains(&n.id))
            .map(|n| n.name.as_str())
            .collect();
        if !unseen.is_empty() {
            return Err(EngineError::Conflict(format!(
                "the prune would now also remove {}, which the list you saw did not show: look at the list again",
                unseen.join(", ")
            )));
        }
        let filters =
            (!labels.is_empty()).then(|| HashMap::from([("label".to_string(), labels.clone())]));
        let pruned = self
            .docker
            .prune_networks(Some(PruneNetworksOptions { filters }))
            .await?;
        let mut removed = pruned.networks_deleted.unwrap_or_default();
        removed.sort();
        Ok(PruneOutcome {
            removed,
            command: command_line(&PruneFilter::argv(&labels)),
        })
    }
}

/// The aliases a container has on a network, without the ones the engine adds for it (its
/// name and short id), which it answers to anyway.
fn aliases_besides_own(aliases: Option<Vec<String>>, m: &NetworkMember) -> Vec<String> {
    let short: String = m.id.chars().take(12).collect();
    aliases
        .unwrap_or_default()
        .into_iter()
        .filter(|a| *a != m.name && *a != short)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::ContainerSummaryNetworkSettings;

    fn container(id: &str, name: &str, running: bool, nets: &[(&str, &str)]) -> ContainerSummary {
        ContainerSummary {
            id: Some(id.into()),
            names: Some(vec![format!("/{name}")]),
            state: Some(if running {
                ContainerSummaryStateEnum::RUNNING
            } else {
                ContainerSummaryStateEnum::EXITED
            }),
            network_settings: Some(ContainerSummaryNetworkSettings {
                networks: Some(
                    nets.iter()
                        .map(|(net, net_id)| {
                            (
                                net.to_string(),
                                EndpointSettings {
                                    network_id: Some(net_id.to_string()),
                                    ..Default::default()
                                },
                            )
                        })
                        .collect(),
                ),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn members_come_from_ids_when_running_and_from_names_when_stopped() {
        // A stopped container's settings name its network but carry no id.
        let mut m = Members::of(vec![
            container("c1", "web", true, &[("app", "n1")]),
            container("c2", "db", false, &[("app", "")]),
            container("c3", "other", true, &[("bridge", "n0")]),
        ]);
        let app = m.take("n1", "app");
        let got: Vec<(&str, bool)> = app.iter().map(|c| (c.name.as_str(), c.running)).collect();
        assert_eq!(got, [("db", false), ("web", true)]);
        assert!(m.take("n9", "nothing").is_empty());
        assert_eq!(m.take("n0", "bridge").len(), 1);
    }

    #[test]
    fn the_engines_own_aliases_are_left_out() {
        let m = NetworkMember {
            id: "0123456789abcdef".into(),
            name: "web".into(),
            running: true,
            ipv4: None,
        };
        let got = aliases_besides_own(
            Some(vec!["web".into(), "0123456789ab".into(), "api".into()]),
            &m,
        );
        assert_eq!(got, ["api"]);
    }

    #[test]
    fn refusals_are_explained_by_status_and_action() {
        let api = |status| EngineError::Api {
            status,
            message: "whatever".into(),
        };
        let overlay = explain("create", Some(NetworkDriver::Overlay), api(503));
        assert!(overlay.to_string().contains("swarm"), "{overlay}");
        assert!(matches!(overlay, EngineError::Api { status: 503, .. }));
        let bridge = explain("create", Some(NetworkDriver::Bridge), api(503));
        assert!(!bridge.to_string().contains("swarm"));
        let busy = explain("remove", None, api(403));
        assert!(busy.to_string().contains("still connected"), "{busy}");
    }
}
