//! The swarm itself: its state as `docker info` reports it (plus `/swarm` on a manager), init
//! with an advertise address, the join lines for workers and managers, and leave with what a
//! leave takes along. Each action's `docker swarm …` line is `swarm_argv`'s. The engine's
//! swarm refusals (503 "not a manager", 406 "not part of a swarm") are put in words here.

use crate::connection::Engine;
use crate::error::EngineError;
use bollard::models::{LocalNodeState, SwarmInfo, SwarmInitRequest};
use bollard::query_parameters::{
    LeaveSwarmOptions, ListConfigsOptions, ListSecretsOptions, ListServicesOptions,
};
use serde::{Deserialize, Serialize};
use tugboat_runspec::argv::command_line;

/// Where this engine stands in swarm mode (`docker info`'s `Swarm.LocalNodeState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum SwarmState {
    /// Not in a swarm: only init (or join) is possible.
    Inactive,
    /// Joining, not yet accepted.
    Pending,
    Active,
    /// The node is in a swarm but something is wrong; `error` says what.
    Error,
    /// The swarm's keys are locked (autolock) until `docker swarm unlock`.
    Locked,
}

/// The swarm as this engine sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SwarmStatus {
    pub state: SwarmState,
    pub node_id: Option<String>,
    /// A manager can be asked about services, nodes, secrets and configs; a worker cannot.
    pub is_manager: bool,
    pub cluster_id: Option<String>,
    pub managers: Option<u32>,
    pub nodes: Option<u32>,
    /// The address other machines join at (`host:2377`): this node's when it is a manager.
    pub manager_addr: Option<String>,
    pub error: Option<String>,
}

impl SwarmStatus {
    /// Read from `/info`'s `Swarm` part. A missing part (an engine built without swarm) reads
    /// as inactive.
    pub fn from_info(info: Option<&SwarmInfo>) -> SwarmStatus {
        let Some(s) = info else {
            return SwarmStatus::inactive();
        };
        let state = match s.local_node_state {
            Some(LocalNodeState::PENDING) => SwarmState::Pending,
            Some(LocalNodeState::ACTIVE) => SwarmState::Active,
            Some(LocalNodeState::ERROR) => SwarmState::Error,
            Some(LocalNodeState::LOCKED) => SwarmState::Locked,
            Some(LocalNodeState::INACTIVE) | Some(LocalNodeState::EMPTY) | None => {
                SwarmState::Inactive
            }
        };
        if state == SwarmState::Inactive {
            return SwarmStatus::inactive();
        }
        let node_id = s.node_id.clone().filter(|id| !id.is_empty());
        let managers = s.remote_managers.as_deref().unwrap_or_default();
        // This node's own entry when it is a manager (the address it advertised), else the
        // first manager it knows of.
        let manager_addr = managers
            .iter()
            .find(|m| m.node_id.is_some() && m.node_id == node_id)
            .or_else(|| managers.first())
            .and_then(|m| m.addr.clone());
        let count = |n: Option<i64>| n.and_then(|n| u32::try_from(n).ok());
        SwarmStatus {
            state,
            node_id,
            is_manager: s.control_available.unwrap_or(false),
            cluster_id: s
                .cluster
                .as_ref()
                .and_then(|c| c.id.clone())
                .filter(|id| !id.is_empty()),
            managers: count(s.managers),
            nodes: count(s.nodes),
            manager_addr,
            error: s.error.clone().filter(|e| !e.is_empty()),
        }
    }

    fn inactive() -> SwarmStatus {
        SwarmStatus {
            state: SwarmState::Inactive,
            node_id: None,
            is_manager: false,
            cluster_id: None,
            managers: None,
            nodes: None,
            manager_addr: None,
            error: None,
        }
    }
}

/// What `docker swarm init` is asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SwarmInit {
    /// The address other nodes reach this one at (an IP, optionally `:port`).
    pub advertise_addr: String,
    /// Where the swarm listens; the engine's default (`0.0.0.0:2377`) when None.
    pub listen_addr: Option<String>,
    /// Rebuilds a swarm from this node's copy of its state (disaster recovery only).
    pub force_new_cluster: bool,
}

/// The lines a worker or a manager runs to join: `docker swarm join --token … addr`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JoinTokens {
    pub worker: String,
    pub manager: String,
}

/// What leaving takes with it: on the last manager, the whole swarm's services, secrets and
/// configs (read from the engine before anything is done).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LeavePreview {
    pub is_manager: bool,
    /// This is the only manager: leaving ends the swarm (and needs force).
    pub last_manager: bool,
    pub services: Vec<String>,
    pub secrets: Vec<String>,
    pub configs: Vec<String>,
    /// `docker swarm leave` with `--force` when it is needed.
    pub command: String,
}

/// Every swarm-level action h1 shows, as the `docker …` line it equals: one way for all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum SwarmAction {
    Init(SwarmInit),
    #[serde(rename_all = "camelCase")]
    JoinToken {
        manager: bool,
    },
    Leave {
        force: bool,
    },
}

/// The argv of a swarm-level action.
pub fn swarm_argv(action: &SwarmAction) -> Vec<String> {
    let mut argv: Vec<String> = vec!["docker".into(), "swarm".into()];
    match action {
        SwarmAction::Init(init) => {
            argv.push("init".into());
            argv.push("--advertise-addr".into());
            argv.push(init.advertise_addr.trim().to_owned());
            if let Some(listen) = init.listen_addr.as_deref().map(str::trim) {
                if !listen.is_empty() {
                    argv.push("--listen-addr".into());
                    argv.push(listen.to_owned());
                }
            }
            if init.force_new_cluster {
                argv.push("--force-new-cluster".into());
            }
        }
        SwarmAction::JoinToken { manager } => {
            argv.push("join-token".into());
            argv.push(if *manager { "manager" } else { "worker" }.into());
        }
        SwarmAction::Leave { force } => {
            argv.push("leave".into());
            if *force {
                argv.push("--force".into());
            }
        }
    }
    argv
}

/// One address of this machine, for the advertise-address picker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HostAddress {
    pub interface: String,
    pub address: String,
    /// The one to offer first: the first IPv4 that is not loopback, else 127.0.0.1.
    pub suggested: bool,
}

/// Whether `host` is an engine on this machine (a unix socket or a named pipe): only then are
/// this machine's addresses the engine's.
pub fn is_local_engine(host: &str) -> bool {
    host.starts_with("unix://") || host.starts_with("npipe://")
}

/// This machine's IP addresses (IPv4 first, loopback last), one of them suggested.
pub fn host_addresses() -> Result<Vec<HostAddress>, EngineError> {
    let found = if_addrs::get_if_addrs()
        .map_err(|e| EngineError::File(format!("could not list this machine's addresses: {e}")))?;
    Ok(with_suggestion(
        found
            .into_iter()
            .map(|i| (i.name.clone(), i.ip()))
            .collect(),
    ))
}

/// Orders addresses (IPv4 before IPv6, loopback after the rest) and marks the suggestion.
fn with_suggestion(found: Vec<(String, std::net::IpAddr)>) -> Vec<HostAddress> {
    let mut found: Vec<(String, std::net::IpAddr)> = found
        .into_iter()
        // Link-local IPv6 needs a zone to be reached: no use to other nodes.
        .filter(|(_, ip)| match ip {
            std::net::IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) != 0xfe80,
            std::net::IpAddr::V4(_) => true,
        })
        .collect();
    found.sort_by_key(|(_, ip)| (ip.is_loopback(), ip.is_ipv6()));
    let suggested = found
        .iter()
        .position(|(_, ip)| ip.is_ipv4() && !ip.is_loopback())
        .or_else(|| {
            found
                .iter()
                .position(|(_, ip)| *ip == std::net::IpAddr::from([127, 0, 0, 1]))
        });
    let mut out: Vec<HostAddress> = found
        .into_iter()
        .enumerate()
        .map(|(n, (interface, ip))| HostAddress {
            interface,
            address: ip.to_string(),
            suggested: Some(n) == suggested,
        })
        .collect();
    if suggested.is_none() {
        out.push(HostAddress {
            interface: "lo".into(),
            address: "127.0.0.1".into(),
            suggested: true,
        });
    }
    out
}

/// The swarm refusals in words, by status: 503 from a node that is not a manager (or, on
/// init and join, one already in a swarm), 406 from one not in a swarm at all.
pub fn swarm_refusal(err: EngineError, doing: SwarmDoing) -> EngineError {
    match err {
        EngineError::Api {
            status: 503,
            message,
        } => match doing {
            SwarmDoing::Init => EngineError::Conflict(format!(
                "this engine is already part of a swarm: leave it first (docker swarm leave) \
                 to start a new one ({message})"
            )),
            SwarmDoing::Manage => EngineError::Api {
                status: 503,
                message: format!(
                    "this engine is not a swarm manager: only a manager can do this; run it on \
                     a manager, or promote this node from one ({message})"
                ),
            },
        },
        EngineError::Api {
            status: 406,
            message,
        } => EngineError::Api {
            status: 406,
            message: format!(
                "this engine is not part of a swarm: initialise one first (docker swarm init) \
                 ({message})"
            ),
        },
        other => other,
    }
}

/// What was being done when the engine refused (the same status means different things).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwarmDoing {
    Init,
    Manage,
}

impl Engine {
    /// `docker info`'s swarm part, in words.
    pub async fn swarm_status(&self) -> Result<SwarmStatus, EngineError> {
        let info = self.docker.info().await?;
        Ok(SwarmStatus::from_info(info.swarm.as_ref()))
    }

    /// `docker swarm init --advertise-addr …`; answers with the new status.
    pub async fn swarm_init(&self, init: &SwarmInit) -> Result<SwarmStatus, EngineError> {
        let advertise = init.advertise_addr.trim();
        if advertise.is_empty() {
            return Err(EngineError::InvalidInput(
                "advertise address: required; an address of this engine's machine that the \
                 other nodes can reach, such as 192.168.1.10 (a port is optional)"
                    .into(),
            ));
        }
        let listen = init
            .listen_addr
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty());
        let request = SwarmInitRequest {
            advertise_addr: Some(advertise.to_owned()),
            listen_addr: Some(listen.unwrap_or("0.0.0.0:2377").to_owned()),
            force_new_cluster: Some(init.force_new_cluster),
            ..Default::default()
        };
        self.docker
            .init_swarm(request)
            .await
            .map_err(|e| swarm_refusal(e.into(), SwarmDoing::Init))?;
        self.swarm_status().await
    }

    /// The whole `docker swarm join --token … host:2377` lines for a worker and a manager.
    pub async fn swarm_join_tokens(&self) -> Result<JoinTokens, EngineError> {
        let swarm = self
            .docker
            .inspect_swarm()
            .await
            .map_err(|e| swarm_refusal(e.into(), SwarmDoing::Manage))?;
        let status = self.swarm_status().await?;
        let addr = status.manager_addr.ok_or_else(|| {
            EngineError::Protocol("the engine did not say which address its managers use".into())
        })?;
        let tokens = swarm.join_tokens.unwrap_or_default();
        let line = |token: Option<String>| -> Result<String, EngineError> {
            let token = token
                .filter(|t| !t.is_empty())
                .ok_or_else(|| EngineError::Protocol("the engine gave no join token".into()))?;
            Ok(command_line(&[
                "docker", "swarm", "join", "--token", &token, &addr,
            ]))
        };
        Ok(JoinTokens {
            worker: line(tokens.worker)?,
            manager: line(tokens.manager)?,
        })
    }

    /// What a leave takes along, read now: the swarm's services, secrets and configs when this
    /// is a manager (a worker's leave takes nothing of the swarm's).
    pub async fn swarm_leave_preview(&self) -> Result<LeavePreview, EngineError> {
        let status = self.swarm_status().await?;
        if status.state == SwarmState::Inactive {
            return Err(swarm_refusal(
                EngineError::Api {
                    status: 406,
                    message: "nothing to leave".into(),
                },
                SwarmDoing::Manage,
            ));
        }
        let last_manager = status.is_manager && status.managers.unwrap_or(1) <= 1;
        let (mut services, mut secrets, mut configs) = (Vec::new(), Vec::new(), Vec::new());
        if status.is_manager {
            services = self
                .docker
                .list_services(None::<ListServicesOptions>)
                .await?
                .into_iter()
                .filter_map(|s| s.spec.and_then(|s| s.name))
                .collect();
            secrets = self
                .docker
                .list_secrets(None::<ListSecretsOptions>)
                .await?
                .into_iter()
                .filter_map(|s| s.spec.and_then(|s| s.name))
                .collect();
            configs = self
                .docker
                .list_configs(None::<ListConfigsOptions>)
                .await?
                .into_iter()
                .filter_map(|s| s.spec.and_then(|s| s.name))
                .collect();
            for names in [&mut services, &mut secrets, &mut configs] {
                names.sort();
            }
        }
        Ok(LeavePreview {
            is_manager: status.is_manager,
            last_manager,
            services,
            secrets,
            configs,
            // The engine refuses a manager's leave without force (it would weaken or end the
            // swarm), so the line shown is the one that works.
            command: command_line(&swarm_argv(&SwarmAction::Leave {
                force: status.is_manager,
            })),
        })
    }

    /// `docker swarm leave [--force]`.
    pub async fn swarm_leave(&self, force: bool) -> Result<(), EngineError> {
        self.docker
            .leave_swarm(Some(LeaveSwarmOptions { force }))
            .await
            .map_err(|e| swarm_refusal(e.into(), SwarmDoing::Manage))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::{ClusterInfo, PeerNode};

    fn info(state: LocalNodeState, manager: bool) -> SwarmInfo {
        SwarmInfo {
            node_id: Some("n1".into()),
            node_addr: Some("10.0.0.5".into()),
            local_node_state: Some(state),
            control_available: Some(manager),
            error: Some(String::new()),
            remote_managers: Some(vec![
                PeerNode {
                    node_id: Some("n0".into()),
                    addr: Some("10.0.0.4:2377".into()),
                },
                PeerNode {
                    node_id: Some("n1".into()),
                    addr: Some("10.0.0.5:2377".into()),
                },
            ]),
            nodes: Some(3),
            managers: Some(2),
            cluster: Some(ClusterInfo {
                id: Some("c1".into()),
                ..Default::default()
            }),
        }
    }

    #[test]
    fn an_active_manager_reads_with_its_own_address_and_counts() {
        let s = SwarmStatus::from_info(Some(&info(LocalNodeState::ACTIVE, true)));
        assert_eq!(s.state, SwarmState::Active);
        assert!(s.is_manager);
        assert_eq!(s.manager_addr.as_deref(), Some("10.0.0.5:2377"));
        assert_eq!((s.managers, s.nodes), (Some(2), Some(3)));
        assert_eq!(s.cluster_id.as_deref(), Some("c1"));
        assert_eq!(s.error, None, "an empty error is no error");
    }

    #[test]
    fn a_worker_points_at_a_manager_and_inactive_drops_the_rest() {
        let mut w = info(LocalNodeState::ACTIVE, false);
        w.node_id = Some("n9".into());
        let s = SwarmStatus::from_info(Some(&w));
        assert!(!s.is_manager);
        assert_eq!(s.manager_addr.as_deref(), Some("10.0.0.4:2377"));

        let s = SwarmStatus::from_info(Some(&info(LocalNodeState::INACTIVE, false)));
        assert_eq!(s, SwarmStatus::inactive());
        assert_eq!(SwarmStatus::from_info(None).state, SwarmState::Inactive);
        let locked = SwarmStatus::from_info(Some(&info(LocalNodeState::LOCKED, true)));
        assert_eq!(locked.state, SwarmState::Locked);
    }

    #[test]
    fn the_first_non_loopback_ipv4_is_suggested_else_loopback() {
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let got = with_suggestion(vec![
            ("lo".into(), ip("127.0.0.1")),
            ("eth0".into(), ip("fe80::1")),
            ("eth0".into(), ip("2001:db8::5")),
            ("eth0".into(), ip("192.168.1.10")),
            ("wlan0".into(), ip("10.0.0.7")),
        ]);
        let shown: Vec<(&str, bool)> = got
            .iter()
            .map(|a| (a.address.as_str(), a.suggested))
            .collect();
        assert_eq!(
            shown,
            [
                ("192.168.1.10", true),
                ("10.0.0.7", false),
                ("2001:db8::5", false),
                ("127.0.0.1", false)
            ]
        );
        let only_lo = with_suggestion(vec![("lo".into(), ip("127.0.0.1"))]);
        assert_eq!(only_lo.len(), 1);
        assert!(only_lo[0].suggested);
        let none = with_suggestion(vec![]);
        assert_eq!(none[0].address, "127.0.0.1");
        assert!(none[0].suggested);
    }

    #[test]
    fn actions_say_their_docker_swarm_lines() {
        let init = SwarmAction::Init(SwarmInit {
            advertise_addr: " 10.0.0.5 ".into(),
            listen_addr: Some(String::new()),
            force_new_cluster: false,
        });
        assert_eq!(
            command_line(&swarm_argv(&init)),
            "docker swarm init --advertise-addr 10.0.0.5"
        );
        assert_eq!(
            command_line(&swarm_argv(&SwarmAction::JoinToken { manager: true })),
            "docker swarm join-token manager"
        );
        assert_eq!(
            command_line(&swarm_argv(&SwarmAction::Leave { force: true })),
            "docker swarm leave --force"
        );
    }

    #[test]
    fn refusals_are_worded_by_status_and_what_was_done() {
        let e503 = || EngineError::Api {
            status: 503,
            message: "x".into(),
        };
        assert!(matches!(
            swarm_refusal(e503(), SwarmDoing::Init),
            EngineError::Conflict(m) if m.contains("already part of a swarm")
        ));
        assert!(matches!(
            swarm_refusal(e503(), SwarmDoing::Manage),
            EngineError::Api { status: 503, message } if message.contains("not a swarm manager")
        ));
        let e406 = EngineError::Api {
            status: 406,
            message: "x".into(),
        };
        assert!(matches!(
            swarm_refusal(e406, SwarmDoing::Manage),
            EngineError::Api { status: 406, message } if message.contains("not part of a swarm")
        ));
        let nf = EngineError::NotFound("gone".into());
        assert_eq!(swarm_refusal(nf.clone(), SwarmDoing::Manage), nf);
    }
}
