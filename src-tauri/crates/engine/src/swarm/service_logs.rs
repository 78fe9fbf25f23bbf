//! `docker service logs`: every task's output of a service, followed, decoded and batched by
//! the same feed as a container's logs (`logs::feed`), so the log viewer shows it as it shows
//! `docker logs`.

use crate::connection::Engine;
use crate::error::EngineError;
use crate::logs::feed::{follow_from, LogOrigin};
use crate::logs::{FeedLimits, FeedStats, LogBatch, LogSource, LogsEnd, LogsError, LogsRequest};
use crate::swarm::tasks::TaskRow;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// What a service logs view asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceLogsRequest {
    /// The service's id or name.
    pub id: String,
    /// The last N lines of each task to start from; None: all.
    pub tail: Option<u32>,
    /// RFC 3339, unix seconds or a duration back from now, as `docker service logs --since`
    /// takes it.
    pub since: Option<String>,
    pub follow: bool,
    /// Whether the command shown asks for `--timestamps` (lines always carry their time).
    pub timestamps: bool,
}

impl ServiceLogsRequest {
    /// The feed's request for these tasks (one source each, in this order).
    pub fn for_tasks(&self, task_ids: Vec<String>) -> LogsRequest {
        LogsRequest {
            ids: task_ids,
            tail: self.tail,
            since: self.since.clone(),
            until: None,
            follow: self.follow,
        }
    }
}

/// A task's name as `docker service logs` prints it: `service.slot` (a global service's
/// task: `service.node`), its id shortened after it.
fn task_name(t: &TaskRow) -> String {
    let short: String = t.id.chars().take(12).collect();
    match t.slot {
        Some(slot) => format!("{}.{slot}.{short}", t.service_name),
        None => format!("{}.{}.{short}", t.service_name, t.node),
    }
}

impl Engine {
    /// The tasks whose output a service logs view reads, in the order of its sources: every
    /// task the engine remembers that got a container (old tasks' output is still there).
    pub async fn service_log_sources(&self, service: &str) -> Result<Vec<LogSource>, EngineError> {
        let tasks = self.service_tasks(Some(service), true).await?;
        Ok(tasks
            .into_iter()
            .filter(|t| t.container_id.is_some())
            .map(|t| LogSource {
                name: task_name(&t),
                id: t.id,
                tty: false,
                driver: String::new(),
            })
            .collect())
    }

    /// `docker service logs`: its tasks' output merged by time, in the log viewer's batches;
    /// each line's `source` is its task's place in `task_ids` (the ids of
    /// [`Engine::service_log_sources`], in order; empty: those sources now). Tasks started after the stream began are not read:
    /// the view opens again to see them.
    pub async fn follow_service_logs(
        &self,
        request: &ServiceLogsRequest,
        mut task_ids: Vec<String>,
        cancel: &CancellationToken,
        send: impl FnMut(LogBatch) -> bool,
    ) -> Result<LogsEnd, LogsError> {
        if task_ids.is_empty() {
            task_ids = self
                .service_log_sources(&request.id)
                .await?
                .into_iter()
                .map(|s| s.id)
                .collect();
        }
        if task_ids.is_empty() {
            return Err(EngineError::NotFound(format!(
                "{} has no task that has run yet, so there is no output to read",
                request.id
            ))
            .into());
        }
        let logs = request.for_tasks(task_ids);
        follow_from(
            self,
            LogOrigin::Task,
            &logs,
            FeedLimits::default(),
            Arc::new(FeedStats::default()),
            cancel,
            send,
        )
        .await
    }
}
