//! `docker service logs`: every task's output of a service, followed, decoded and batched by
//! the same feed as a container's logs (`logs::feed`), so the log viewer shows it as it shows
//! `docker logs`.

use serde::{Deserialize, Serialize};

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
