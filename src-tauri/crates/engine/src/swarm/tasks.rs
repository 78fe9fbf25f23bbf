//! A service's tasks (`docker service ps`): each task's slot, node (by hostname), state,
//! desired state, error and container, with or without the history of replaced tasks.

use crate::connection::Engine;
use crate::error::EngineError;
use bollard::models::{Node, Task};
use bollard::query_parameters::{ListNodesOptions, ListTasksOptions};
use serde::Serialize;
use std::collections::HashMap;

/// One row of `docker service ps`.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TaskRow {
    pub id: String,
    pub service_id: String,
    /// The service's name (empty if the service is gone).
    pub service_name: String,
    /// A replicated service's slot (1, 2, …); None for a global service's tasks.
    pub slot: Option<u32>,
    pub node_id: String,
    /// The node's hostname; empty while the task is not yet assigned.
    pub node: String,
    /// `new`, `pending`, `assigned`, `preparing`, `starting`, `running`, `complete`,
    /// `shutdown`, `failed`, `rejected`, `orphaned`…
    pub state: String,
    /// What the orchestrator wants it to be: `running`, `shutdown`, `ready`…
    pub desired_state: String,
    /// Why it failed or was rejected.
    pub error: Option<String>,
    /// The engine's last word on it (`started`, `preparing`…).
    pub message: String,
    /// Its container, once the node made one.
    pub container_id: Option<String>,
    pub image: String,
    /// Milliseconds since the Unix epoch.
    pub created_at: f64,
    /// Milliseconds since the Unix epoch of its last state change.
    pub updated_at: f64,
}

pub(crate) fn millis(d: Option<&chrono::DateTime<chrono::Utc>>) -> f64 {
    d.map(|t| t.timestamp_millis() as f64).unwrap_or(0.0)
}

/// The engine's state names (`running`, `shutdown`) as `docker service ps` prints them.
fn state_name(s: Option<&bollard::models::TaskState>) -> String {
    s.map(|s| s.to_string()).unwrap_or_default()
}

/// Node hostnames by node id.
pub(crate) fn hostnames(nodes: Vec<Node>) -> HashMap<String, String> {
    nodes
        .into_iter()
        .filter_map(|n| {
            let host = n.description.and_then(|d| d.hostname).unwrap_or_default();
            n.id.map(|id| (id, host))
        })
        .collect()
}

/// A task as a row, its node and service named from the maps given.
pub(crate) fn row_of(
    t: Task,
    nodes: &HashMap<String, String>,
    services: &HashMap<String, String>,
) -> TaskRow {
    let status = t.status.unwrap_or_default();
    let service_id = t.service_id.unwrap_or_default();
    let node_id = t.node_id.unwrap_or_default();
    let image = t
        .spec
        .and_then(|s| s.container_spec)
        .and_then(|c| c.image)
        .unwrap_or_default();
    TaskRow {
        id: t.id.unwrap_or_default(),
        service_name: services.get(&service_id).cloned().unwrap_or_default(),
        service_id,
        slot: t.slot.and_then(|s| u32::try_from(s).ok()),
        node: nodes.get(&node_id).cloned().unwrap_or_default(),
        node_id,
        state: state_name(status.state.as_ref()),
        desired_state: state_name(t.desired_state.as_ref()),
        error: status.err.filter(|e| !e.is_empty()),
        message: status.message.unwrap_or_default(),
        container_id: status
            .container_status
            .and_then(|c| c.container_id)
            .filter(|c| !c.is_empty()),
        image: crate::swarm::services::image_shown(&image),
        created_at: millis(t.created_at.as_ref()),
        updated_at: millis(status.timestamp.as_ref().or(t.updated_at.as_ref())),
    }
}

/// `docker service ps` order: by service, then slot (or node), newest first within a slot.
pub(crate) fn sort_rows(rows: &mut [TaskRow]) {
    rows.sort_by(|a, b| {
        a.service_name
            .cmp(&b.service_name)
            .then(a.slot.cmp(&b.slot))
            .then(a.node.cmp(&b.node))
            .then(b.created_at.total_cmp(&a.created_at))
    });
}

impl Engine {
    /// The raw tasks of one service (or all), optionally only those meant to run.
    pub(crate) async fn raw_tasks(
        &self,
        service: Option<&str>,
        history: bool,
    ) -> Result<Vec<Task>, EngineError> {
        let mut filters: HashMap<String, Vec<String>> = HashMap::new();
        if let Some(s) = service {
            filters.insert("service".into(), vec![s.to_owned()]);
        }
        if !history {
            filters.insert("desired-state".into(), vec!["running".into()]);
        }
        Ok(self
            .docker
            .list_tasks(Some(ListTasksOptions {
                filters: Some(filters),
            }))
            .await
            .map_err(|e| crate::swarm::services::not_in_swarm(e.into()))?)
    }

    /// `docker service ps [SERVICE]`: with `history`, every task the engine still remembers
    /// (replaced and failed ones too); without, only those meant to run
    /// (`--filter desired-state=running`). Node hostnames and service names resolved.
    pub async fn service_tasks(
        &self,
        service: Option<&str>,
        history: bool,
    ) -> Result<Vec<TaskRow>, EngineError> {
        let (tasks, nodes, services) = futures_util::future::join3(
            self.raw_tasks(service, history),
            self.docker.list_nodes(None::<ListNodesOptions>),
            self.service_names(),
        )
        .await;
        let nodes = hostnames(nodes.map_err(|e| crate::swarm::services::not_in_swarm(e.into()))?);
        let services = services?;
        let mut rows: Vec<TaskRow> = tasks?
            .into_iter()
            .map(|t| row_of(t, &nodes, &services))
            .collect();
        sort_rows(&mut rows);
        Ok(rows)
    }
}
