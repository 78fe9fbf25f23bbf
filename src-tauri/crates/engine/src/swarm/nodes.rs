//! Swarm nodes: the list (`docker node ls`), inspect, and changes to a node's role,
//! availability and labels (`docker node update`/`promote`/`demote`), each with its line.
//! An update carries the spec version it was read at; when the engine says the node changed
//! in between (409), it is read again and tried once more.

use crate::connection::Engine;
use crate::error::EngineError;
use crate::swarm::status::{swarm_refusal, SwarmDoing};
use bollard::models::{
    Node, NodeSpec, NodeSpecAvailabilityEnum, NodeSpecRoleEnum, NodeState, Reachability,
};
use bollard::query_parameters::{ListNodesOptions, UpdateNodeOptions};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tugboat_runspec::argv::command_line;

/// One row of `docker node ls`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NodeRow {
    pub id: String,
    pub hostname: String,
    /// `manager` or `worker`.
    pub role: NodeRole,
    pub availability: Availability,
    /// `ready`, `down`, `disconnected` or `unknown`.
    pub status: String,
    /// For managers: `Leader`, `Reachable` or `Unreachable` (as `docker node ls` says).
    pub manager_status: Option<String>,
    pub engine_version: String,
    /// Sorted by key.
    pub labels: Vec<(String, String)>,
    pub addr: String,
    /// The node this engine is.
    pub is_self: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum NodeRole {
    Manager,
    Worker,
}

/// Whether the managers give a node new tasks: `active` yes; `pause` no new ones, the
/// running ones stay; `drain` none, and its tasks move to other nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Availability {
    Active,
    Pause,
    Drain,
}

impl Availability {
    fn word(self) -> &'static str {
        match self {
            Availability::Active => "active",
            Availability::Pause => "pause",
            Availability::Drain => "drain",
        }
    }
}

/// `docker node inspect`: the row and the engine's JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NodeDetail {
    pub row: NodeRow,
    pub os: Option<String>,
    pub architecture: Option<String>,
    pub cpus: Option<f64>,
    pub memory_bytes: Option<f64>,
    pub raw: String,
}

/// What to change on a node; what is left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NodeChange {
    #[serde(default)]
    pub role: Option<NodeRole>,
    #[serde(default)]
    pub availability: Option<Availability>,
    /// Labels to set (added, or changed when the key exists).
    #[serde(default)]
    pub label_add: Vec<(String, String)>,
    /// Label keys to remove.
    #[serde(default)]
    pub label_remove: Vec<String>,
}

impl NodeChange {
    /// Refuses a change that does nothing or a label key that is empty.
    pub fn validate(&self) -> Result<(), EngineError> {
        if self.role.is_none()
            && self.availability.is_none()
            && self.label_add.is_empty()
            && self.label_remove.is_empty()
        {
            return Err(EngineError::InvalidInput(
                "change: nothing to change; give a role, an availability or labels".into(),
            ));
        }
        for (i, (k, _)) in self.label_add.iter().enumerate() {
            if k.trim().is_empty() || k.contains('=') {
                return Err(EngineError::InvalidInput(format!(
                    "labelAdd[{i}]: a label key is needed, without '=' (such as zone)"
                )));
            }
        }
        Ok(())
    }

    fn apply(&self, spec: &mut NodeSpec) {
        if let Some(role) = self.role {
            spec.role = Some(match role {
                NodeRole::Manager => NodeSpecRoleEnum::MANAGER,
                NodeRole::Worker => NodeSpecRoleEnum::WORKER,
            });
        }
        if let Some(a) = self.availability {
            spec.availability = Some(match a {
                Availability::Active => NodeSpecAvailabilityEnum::ACTIVE,
                Availability::Pause => NodeSpecAvailabilityEnum::PAUSE,
                Availability::Drain => NodeSpecAvailabilityEnum::DRAIN,
            });
        }
        let labels = spec.labels.get_or_insert_with(HashMap::new);
        for k in &self.label_remove {
            labels.remove(k.trim());
        }
        for (k, v) in &self.label_add {
            labels.insert(k.trim().to_owned(), v.clone());
        }
    }
}

/// The `docker node …` line a change equals: `promote`/`demote` for a role alone, else
/// `update` with its flags (the CLI's `update --role` does the same as promote/demote).
pub fn node_argv(id: &str, change: &NodeChange) -> Vec<String> {
    let only_role = change.availability.is_none()
        && change.label_add.is_empty()
        && change.label_remove.is_empty();
    if let (Some(role), true) = (change.role, only_role) {
        let verb = match role {
            NodeRole::Manager => "promote",
            NodeRole::Worker => "demote",
        };
        return vec!["docker".into(), "node".into(), verb.into(), id.into()];
    }
    let mut argv: Vec<String> = vec!["docker".into(), "node".into(), "update".into()];
    if let Some(a) = change.availability {
        argv.extend(["--availability".into(), a.word().into()]);
    }
    if let Some(role) = change.role {
        let word = match role {
            NodeRole::Manager => "manager",
            NodeRole::Worker => "worker",
        };
        argv.extend(["--role".into(), word.into()]);
    }
    for (k, v) in &change.label_add {
        argv.extend(["--label-add".into(), format!("{}={v}", k.trim())]);
    }
    for k in &change.label_remove {
        argv.extend(["--label-rm".into(), k.trim().to_owned()]);
    }
    argv.push(id.into());
    argv
}

fn row_of(node: &Node, self_id: Option<&str>) -> NodeRow {
    let id = node.id.clone().unwrap_or_default();
    let spec = node.spec.clone().unwrap_or_default();
    let description = node.description.clone().unwrap_or_default();
    let status = node.status.clone().unwrap_or_default();
    let mut labels: Vec<(String, String)> = spec.labels.unwrap_or_default().into_iter().collect();
    labels.sort();
    let manager_status = node.manager_status.as_ref().map(|m| {
        if m.leader == Some(true) {
            "Leader".to_owned()
        } else {
            match m.reachability {
                Some(Reachability::REACHABLE) => "Reachable".to_owned(),
                Some(Reachability::UNREACHABLE) => "Unreachable".to_owned(),
                _ => "Unknown".to_owned(),
            }
        }
    });
    NodeRow {
        is_self: self_id == Some(id.as_str()),
        id,
        hostname: description.hostname.unwrap_or_default(),
        role: match spec.role {
            Some(NodeSpecRoleEnum::MANAGER) => NodeRole::Manager,
            _ => NodeRole::Worker,
        },
        availability: match spec.availability {
            Some(NodeSpecAvailabilityEnum::PAUSE) => Availability::Pause,
            Some(NodeSpecAvailabilityEnum::DRAIN) => Availability::Drain,
            _ => Availability::Active,
        },
        status: match status.state {
            Some(NodeState::READY) => "ready",
            Some(NodeState::DOWN) => "down",
            Some(NodeState::DISCONNECTED) => "disconnected",
            _ => "unknown",
        }
        .to_owned(),
        manager_status,
        engine_version: description
            .engine
            .and_then(|e| e.engine_version)
            .unwrap_or_default(),
        labels,
        addr: status.addr.unwrap_or_default(),
    }
}

impl Engine {
    async fn self_node_id(&self) -> Option<String> {
        self.swarm_status().await.ok().and_then(|s| s.node_id)
    }

    /// `docker node ls`, managers first, then by hostname.
    pub async fn node_list(&self) -> Result<Vec<NodeRow>, EngineError> {
        let nodes = self
            .docker
            .list_nodes(None::<ListNodesOptions>)
            .await
            .map_err(|e| swarm_refusal(e.into(), SwarmDoing::Manage))?;
        let me = self.self_node_id().await;
        let mut rows: Vec<NodeRow> = nodes.iter().map(|n| row_of(n, me.as_deref())).collect();
        rows.sort_by(|a, b| {
            (a.role != NodeRole::Manager, &a.hostname, &a.id).cmp(&(
                b.role != NodeRole::Manager,
                &b.hostname,
                &b.id,
            ))
        });
        Ok(rows)
    }

    /// `docker node inspect ID`.
    pub async fn node_inspect(&self, id: &str) -> Result<NodeDetail, EngineError> {
        let node = self
            .docker
            .inspect_node(id)
            .await
            .map_err(|e| swarm_refusal(e.into(), SwarmDoing::Manage))?;
        let me = self.self_node_id().await;
        let description = node.description.clone().unwrap_or_default();
        let platform = description.platform.clone().unwrap_or_default();
        let resources = description.resources.clone().unwrap_or_default();
        Ok(NodeDetail {
            row: row_of(&node, me.as_deref()),
            os: platform.os,
            architecture: platform.architecture,
            cpus: resources.nano_cpus.map(|n| n as f64 / 1e9),
            memory_bytes: resources.memory_bytes.map(|b| b as f64),
            raw: serde_json::to_string_pretty(&node)
                .map_err(|e| EngineError::Protocol(e.to_string()))?,
        })
    }

    /// `docker node update …` (or promote/demote): the spec read now, changed, and sent with
    /// its version; on a 409 (changed meanwhile) read again and tried once more.
    pub async fn node_update(&self, id: &str, change: &NodeChange) -> Result<NodeRow, EngineError> {
        change.validate()?;
        let mut tries = 0;
        loop {
            tries += 1;
            let node = self
                .docker
                .inspect_node(id)
                .await
                .map_err(|e| swarm_refusal(e.into(), SwarmDoing::Manage))?;
            let version = node
                .version
                .as_ref()
                .and_then(|v| v.index)
                .ok_or_else(|| EngineError::Protocol("the node has no version".into()))?;
            let mut spec = node.spec.clone().unwrap_or_default();
            change.apply(&mut spec);
            let sent = self
                .docker
                .update_node(
                    id,
                    spec,
                    UpdateNodeOptions {
                        version: version as i64,
                    },
                )
                .await
                .map_err(|e| swarm_refusal(e.into(), SwarmDoing::Manage));
            match sent {
                Ok(()) => break,
                Err(EngineError::Conflict(_)) if tries == 1 => {
                    tracing::debug!(node = id, "node changed meanwhile; reading it again");
                    continue;
                }
                Err(e) => {
                    return Err(
                        e.reworded(|m| format!("{}: {m}", command_line(&node_argv(id, change))))
                    )
                }
            }
        }
        let node = self.docker.inspect_node(id).await?;
        let me = self.self_node_id().await;
        Ok(row_of(&node, me.as_deref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_alone_is_promote_or_demote_else_update_with_flags() {
        let promote = NodeChange {
            role: Some(NodeRole::Manager),
            ..Default::default()
        };
        assert_eq!(
            command_line(&node_argv("n1", &promote)),
            "docker node promote n1"
        );
        let drain = NodeChange {
            availability: Some(Availability::Drain),
            label_add: vec![("zone".into(), "eu west".into())],
            label_remove: vec!["old".into()],
            ..Default::default()
        };
        assert_eq!(
            command_line(&node_argv("n1", &drain)),
            "docker node update --availability drain --label-add 'zone=eu west' --label-rm old n1"
        );
    }

    #[test]
    fn a_change_is_applied_to_the_spec_and_empty_ones_are_refused() {
        let mut spec = NodeSpec {
            labels: Some(HashMap::from([("old".into(), "1".into())])),
            ..Default::default()
        };
        NodeChange {
            availability: Some(Availability::Pause),
            label_add: vec![("zone".into(), "a".into())],
            label_remove: vec!["old".into()],
            ..Default::default()
        }
        .apply(&mut spec);
        assert_eq!(spec.availability, Some(NodeSpecAvailabilityEnum::PAUSE));
        assert_eq!(
            spec.labels,
            Some(HashMap::from([("zone".into(), "a".into())]))
        );
        assert!(matches!(
            NodeChange::default().validate(),
            Err(EngineError::InvalidInput(m)) if m.starts_with("change:")
        ));
        let bad = NodeChange {
            label_add: vec![("".into(), "x".into())],
            ..Default::default()
        };
        assert!(
            matches!(bad.validate(), Err(EngineError::InvalidInput(m)) if m.starts_with("labelAdd[0]"))
        );
    }
}
