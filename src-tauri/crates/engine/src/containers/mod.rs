//! Containers: the list, inspect, and lifecycle actions. The `docker …` command each action
//! equals is runspec's (`tugboat_runspec::actions`); refusals from the engine are explained in
//! `refusals`, from the status code and the state the container was in, so every caller
//! explains them the same way.

pub mod changes;
pub mod export;
pub mod files;
pub(crate) mod inspected;
pub mod parking;
pub mod port_link;
pub mod recreate;
pub mod refusals;
pub mod run;
pub mod stats;
pub mod top;

use crate::connection::{api_path, Engine, Patience};
use crate::error::EngineError;
use bollard::models::{ContainerSummary, ContainerSummaryStateEnum, PortSummaryTypeEnum};
use bollard::query_parameters::{
    InspectContainerOptions, KillContainerOptions, ListContainersOptions, RemoveContainerOptions,
    RenameContainerOptions, RestartContainerOptions, StopContainerOptions, WaitContainerOptions,
};
use futures_util::StreamExt;
use inspected::inspected_name;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// How long a `docker wait` may go unanswered: a year, i.e. until it is cancelled.
const WAIT_LIMIT: std::time::Duration = std::time::Duration::from_secs(365 * 24 * 3600);

/// Compose labels, read for grouping (docker compose v1 and v2 both set them).
// The docker CLI's words for actions live in runspec; they are re-exported where callers have
// always found them.
pub use tugboat_runspec::actions::ContainerAction;
pub use tugboat_runspec::argv::command_line;

pub const COMPOSE_PROJECT: &str = "com.docker.compose.project";
pub const COMPOSE_SERVICE: &str = "com.docker.compose.service";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ContainerState {
    Created,
    Running,
    Paused,
    Restarting,
    Removing,
    Exited,
    Dead,
    Stopping,
    Unknown,
}

impl ContainerState {
    fn from_summary(s: Option<&ContainerSummaryStateEnum>) -> ContainerState {
        match s {
            Some(ContainerSummaryStateEnum::CREATED) => ContainerState::Created,
            Some(ContainerSummaryStateEnum::RUNNING) => ContainerState::Running,
            Some(ContainerSummaryStateEnum::PAUSED) => ContainerState::Paused,
            Some(ContainerSummaryStateEnum::RESTARTING) => ContainerState::Restarting,
            Some(ContainerSummaryStateEnum::REMOVING) => ContainerState::Removing,
            Some(ContainerSummaryStateEnum::EXITED) => ContainerState::Exited,
            Some(ContainerSummaryStateEnum::DEAD) => ContainerState::Dead,
            Some(ContainerSummaryStateEnum::STOPPING) => ContainerState::Stopping,
            _ => ContainerState::Unknown,
        }
    }

    pub fn from_word(s: &str) -> ContainerState {
        match s {
            "created" => ContainerState::Created,
            "running" => ContainerState::Running,
            "paused" => ContainerState::Paused,
            "restarting" => ContainerState::Restarting,
            "removing" => ContainerState::Removing,
            "exited" => ContainerState::Exited,
            "dead" => ContainerState::Dead,
            "stopping" => ContainerState::Stopping,
            _ => ContainerState::Unknown,
        }
    }
}

/// A port published on the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PublishedPort {
    /// The host address it listens on (`0.0.0.0` and `::` mean every address).
    pub host_ip: Option<String>,
    /// None when the container port is exposed but not published.
    pub host_port: Option<u16>,
    pub container_port: u16,
    /// tcp, udp or sctp.
    pub protocol: String,
}

/// One row of the container list.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContainerRow {
    pub id: String,
    pub name: String,
    pub image: String,
    pub command: String,
    /// Milliseconds since the Unix epoch.
    pub created_ms: f64,
    pub state: ContainerState,
    /// The engine's own words: "Up 5 minutes", "Exited (1) 2 hours ago".
    pub status: String,
    /// For exited containers, the code from the status.
    pub exit_code: Option<i32>,
    pub ports: Vec<PublishedPort>,
    pub compose_project: Option<String>,
    pub compose_service: Option<String>,
}

impl ContainerRow {
    pub fn from_summary(c: ContainerSummary) -> ContainerRow {
        let name = c
            .names
            .as_ref()
            .and_then(|n| n.first())
            .map(|n| n.trim_start_matches('/').to_owned())
            .unwrap_or_default();
        let labels = c.labels.unwrap_or_default();
        let state = ContainerState::from_summary(c.state.as_ref());
        let status = c.status.unwrap_or_default();
        let exit_code = if state == ContainerState::Exited {
            exit_code_from_status(&status)
        } else {
            None
        };
        let mut ports = Vec::new();
        let mut seen = HashSet::new();
        for p in c.ports.unwrap_or_default() {
            let protocol = match p.typ {
                Some(PortSummaryTypeEnum::UDP) => "udp",
                Some(PortSummaryTypeEnum::SCTP) => "sctp",
                _ => "tcp",
            };
            // The engine lists a published port once per address family; show it once.
            if !seen.insert((p.public_port, p.private_port, protocol)) {
                continue;
            }
            ports.push(PublishedPort {
                host_ip: p.ip.filter(|ip| !ip.is_empty()),
                host_port: p.public_port,
                container_port: p.private_port,
                protocol: protocol.into(),
            });
        }
        ports.sort_by_key(|p| (p.container_port, p.host_port));
        ContainerRow {
            id: c.id.unwrap_or_default(),
            name,
            image: c.image.unwrap_or_default(),
            command: c.command.unwrap_or_default(),
            created_ms: c.created.unwrap_or(0) as f64 * 1000.0,
            state,
            status,
            exit_code,
            ports,
            compose_project: labels.get(COMPOSE_PROJECT).cloned(),
            compose_service: labels.get(COMPOSE_SERVICE).cloned(),
        }
    }
}

/// "Exited (137) 5 minutes ago" → 137. The status is the engine's summary line, whose shape
/// is stable across versions; inspecting every container for its code would cost a call each.
pub fn exit_code_from_status(status: &str) -> Option<i32> {
    let rest = status.strip_prefix("Exited (")?;
    rest.split(')').next()?.trim().parse().ok()
}

/// What removing a container takes with it, shown before anything is removed.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RemovalItem {
    pub id: String,
    pub name: String,
    pub state: ContainerState,
    /// Bytes in the container's writable layer: what is lost with it.
    pub writable_layer_bytes: f64,
    /// Volumes without a name that only this container uses; `-v` removes them too.
    pub anonymous_volumes: Vec<String>,
}

/// Docker names anonymous volumes with 64 hex characters.
fn is_anonymous_volume(name: &str) -> bool {
    name.len() == 64 && name.chars().all(|c| c.is_ascii_hexdigit())
}

/// The volumes of an inspected container that its own settings did not name: those
/// `docker rm -v` removes with it (when nothing else uses them). A volume named in `-v
/// name:/path` or `--mount source=name` is kept even when its name looks generated; one that
/// came through `--volumes-from` carries a generated name only when it was anonymous where it
/// was made.
fn anonymous_volumes_of(c: &bollard::models::ContainerInspectResponse) -> Vec<String> {
    let host = c.host_config.as_ref();
    let mut named = HashSet::new();
    for bind in host.and_then(|h| h.binds.as_ref()).into_iter().flatten() {
        if let Some(destination) = named_volume_destination(bind) {
            named.insert(destination.to_owned());
        }
    }
    for m in host.and_then(|h| h.mounts.as_ref()).into_iter().flatten() {
        let is_volume = m.typ == Some(bollard::models::MountType::VOLUME);
        if is_volume && m.source.as_deref().is_some_and(|s| !s.is_empty()) {
            named.extend(m.target.clone());
        }
    }
    c.mounts
        .iter()
        .flatten()
        .filter(|m| m.typ.as_deref() == Some("volume"))
        .filter(|m| {
            m.destination
                .as_ref()
                .is_none_or(|d| !named.contains(d.as_str()))
        })
        .filter_map(|m| m.name.clone())
        .filter(|n| is_anonymous_volume(n))
        .collect()
}

/// The destination of a `-v` entry that names a volume (`name:/path[:options]`), or None for a
/// bind mount of a host path or an entry without a source.
fn named_volume_destination(bind: &str) -> Option<&str> {
    let mut parts = bind.split(':');
    let source = parts.next()?;
    let destination = parts.next()?;
    let host_path = source.starts_with('/') || source.starts_with('.') || source.starts_with('~');
    (!source.is_empty() && !host_path).then_some(destination)
}

/// What an action would run on a set of containers, asked for once per choice in a dialog (not
/// once per container, nor once for the commands and again for the problem).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ActionPreview {
    /// The `docker …` line for each target, in the order the targets were given.
    pub commands: Vec<String>,
    /// Why the engine would not be asked (a bad new name, signal or timeout), or None.
    pub problem: Option<String>,
}

impl ActionPreview {
    /// The lines `action` equals for `targets` (names as the user sees them), and what is wrong
    /// with its own arguments: the same rule `container_act` applies before it sends anything.
    pub fn of(action: &ContainerAction, targets: &[String]) -> Self {
        Self {
            commands: targets
                .iter()
                .map(|t| command_line(&action.argv(t)))
                .collect(),
            problem: action.validate().err().map(|e| e.to_string()),
        }
    }
}

/// What an action produced, and the `docker …` line it equals (by the name the user sees).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ActionOutcome {
    /// The exit code, for `wait`.
    pub exit_code: Option<i32>,
    /// The command that was run, e.g. `docker stop web`.
    pub command: String,
}

/// The readable part of `docker inspect`, plus the engine's JSON as it sent it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContainerDetails {
    pub id: String,
    pub name: String,
    pub image: String,
    pub state: ContainerState,
    pub exit_code: Option<i32>,
    pub oom_killed: bool,
    pub restart_count: u32,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub created: Option<String>,
    /// What runs: the image's or the override's entrypoint, then its command.
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub env: Vec<String>,
    pub labels: Vec<(String, String)>,
    pub mounts: Vec<MountInfo>,
    pub ports: Vec<PublishedPort>,
    pub networks: Vec<NetworkAttachment>,
    pub restart_policy: String,
    pub memory_bytes: Option<f64>,
    pub memory_reservation_bytes: Option<f64>,
    pub memory_swap_bytes: Option<f64>,
    pub cpus: Option<f64>,
    pub cpu_shares: Option<f64>,
    pub pids_limit: Option<f64>,
    pub health: Option<String>,
    pub hostname: Option<String>,
    pub user: Option<String>,
    pub working_dir: Option<String>,
    /// Set when this is a container a recreate parked under a temporary name and did not
    /// finish with (Tugboat was closed or lost the engine half-way): the name it had.
    pub parked_from: Option<String>,
    /// The engine's JSON, pretty-printed.
    pub raw_json: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MountInfo {
    /// volume, bind or tmpfs.
    pub kind: String,
    pub name: Option<String>,
    pub source: Option<String>,
    pub destination: String,
    pub read_write: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NetworkAttachment {
    pub network: String,
    pub ip_address: Option<String>,
    pub gateway: Option<String>,
    pub mac_address: Option<String>,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.is_empty())
}

impl Engine {
    /// `docker ps -a` (or `docker ps`).
    pub async fn containers(&self, all: bool) -> Result<Vec<ContainerRow>, EngineError> {
        let list = self
            .docker
            .list_containers(Some(ListContainersOptions {
                all,
                ..Default::default()
            }))
            .await?;
        Ok(list.into_iter().map(ContainerRow::from_summary).collect())
    }

    /// The rows of just these containers (`docker ps -a --filter id=…`); ones that are gone
    /// are simply absent. At 1,000 containers this is a few milliseconds against ~90 for the
    /// whole list, which is what keeps an event storm cheap.
    pub async fn containers_by_id(&self, ids: &[String]) -> Result<Vec<ContainerRow>, EngineError> {
        self.settled(ids).await;
        // The engine's id filter matches prefixes; keep exact ids only.
        Ok(self
            .list_by_id(ids, false)
            .await?
            .into_iter()
            .map(ContainerRow::from_summary)
            .filter(|r| ids.contains(&r.id))
            .collect())
    }

    /// Waits until the engine has finished what it was doing to these containers when it sent
    /// their last event, so that a list read next is not older than that event.
    ///
    /// The engine writes an event before the snapshot its list endpoint reads is updated: on
    /// exit, Engine 20.10 logs `die`, then unmounts and releases the network (slow on a busy
    /// disk), and only then updates the snapshot, all while holding the container's lock. A
    /// list read right after the event can say "running" for a container that is gone. Inspect
    /// takes that same lock, so an inspect answered after the event is answered after the
    /// update: a barrier that holds however slow the machine is, where a fixed delay does not.
    /// Failures are ignored: a removed container has nothing to wait for, and the list says so.
    async fn settled(&self, ids: &[String]) {
        let barriers = ids.iter().map(|id| {
            self.docker
                .inspect_container(id, None::<InspectContainerOptions>)
        });
        let _ = futures_util::future::join_all(barriers).await;
    }

    /// `docker ps -a --filter id=…`, with `-s` (writable-layer sizes) when `size`.
    async fn list_by_id(
        &self,
        ids: &[String],
        size: bool,
    ) -> Result<Vec<ContainerSummary>, EngineError> {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let filters = std::collections::HashMap::from([("id".to_string(), ids.to_vec())]);
        // With sizes the engine walks each writable layer before it answers.
        let docker = if size {
            self.patient()
        } else {
            self.docker.clone()
        };
        let list = docker
            .list_containers(Some(ListContainersOptions {
                all: true,
                size,
                filters: Some(filters),
                ..Default::default()
            }))
            .await?;
        Ok(list)
    }

    /// What removing these containers would remove (`docker ps -a -s` for just them), and the
    /// volumes `docker rm -v` would take with each (see [`Engine::volumes_rm_v_removes`]).
    pub async fn removal_preview(&self, ids: &[String]) -> Result<Vec<RemovalItem>, EngineError> {
        let list = self.list_by_id(ids, true).await?;
        let mut volumes = self.volumes_rm_v_removes(&list).await?;
        Ok(list
            .into_iter()
            .map(|c| {
                let size = c.size_rw.unwrap_or(0).max(0) as f64;
                let row = ContainerRow::from_summary(c);
                RemovalItem {
                    anonymous_volumes: volumes.remove(&row.id).unwrap_or_default(),
                    id: row.id,
                    name: row.name,
                    state: row.state,
                    writable_layer_bytes: size,
                }
            })
            .collect())
    }

    /// For each of these containers (by full id), the volumes `docker rm -v` would remove with
    /// it. The engine removes a volume with its container only when the container's own
    /// settings did not name it (an image's `VOLUME`, `-v /path`, `--mount` without a source),
    /// and it quietly keeps one another container still uses. So a volume is listed when it is
    /// anonymous for this container and no container outside the ones being removed uses it;
    /// one shared by several of them is listed once, under the first.
    async fn volumes_rm_v_removes(
        &self,
        containers: &[ContainerSummary],
    ) -> Result<std::collections::HashMap<String, Vec<String>>, EngineError> {
        let ids: Vec<String> = containers.iter().filter_map(|c| c.id.clone()).collect();
        let inspected: Vec<Result<(String, Vec<String>), EngineError>> =
            futures_util::stream::iter(ids.iter().cloned())
                .map(|id| async move {
                    match self
                        .docker
                        .inspect_container(&id, None::<InspectContainerOptions>)
                        .await
                    {
                        Ok(c) => Ok((id, anonymous_volumes_of(&c))),
                        Err(e) => match EngineError::from(e) {
                            // Gone meanwhile: nothing of it is left to remove.
                            EngineError::NotFound(_) => Ok((id, vec![])),
                            other => Err(other),
                        },
                    }
                })
                .buffered(8)
                .collect()
                .await;
        let mut anonymous = Vec::with_capacity(inspected.len());
        for r in inspected {
            anonymous.push(r?);
        }
        let candidates: Vec<String> = anonymous
            .iter()
            .flat_map(|(_, v)| v.iter().cloned())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mut in_use_elsewhere = HashSet::new();
        if !candidates.is_empty() {
            let batch: HashSet<&String> = ids.iter().collect();
            let users = self
                .docker
                .list_containers(Some(ListContainersOptions {
                    all: true,
                    filters: Some(std::collections::HashMap::from([(
                        "volume".to_string(),
                        candidates,
                    )])),
                    ..Default::default()
                }))
                .await?;
            for u in users {
                if u.id.as_ref().is_some_and(|id| batch.contains(id)) {
                    continue;
                }
                for m in u.mounts.unwrap_or_default() {
                    in_use_elsewhere.extend(m.name);
                }
            }
        }
        let mut listed = HashSet::new();
        Ok(anonymous
            .into_iter()
            .map(|(id, names)| {
                let goes = names
                    .into_iter()
                    .filter(|n| !in_use_elsewhere.contains(n) && listed.insert(n.clone()))
                    .collect();
                (id, goes)
            })
            .collect())
    }

    /// `docker inspect` of one container.
    pub async fn container(&self, id: &str) -> Result<ContainerDetails, EngineError> {
        // The id comes from the window: encoded, so it names one container and nothing else.
        let path = api_path(&["containers", id, "json"]);
        let encoded = api_path(&[id]);
        let c = self
            .docker
            .inspect_container(&encoded[1..], None::<InspectContainerOptions>)
            .await?;
        let raw = self.raw_get(&path, Patience::Normal).await?;
        let raw_json = serde_json::from_slice::<serde_json::Value>(&raw)
            .and_then(|v| serde_json::to_string_pretty(&v))
            .unwrap_or_else(|_| String::from_utf8_lossy(&raw).into_owned());
        let state = c.state.clone().unwrap_or_default();
        let config = c.config.clone().unwrap_or_default();
        let host = c.host_config.clone().unwrap_or_default();
        let mut labels: Vec<(String, String)> = config
            .labels
            .clone()
            .unwrap_or_default()
            .into_iter()
            .collect();
        labels.sort();
        let mut ports = Vec::new();
        for (key, bindings) in c
            .network_settings
            .as_ref()
            .and_then(|n| n.ports.clone())
            .unwrap_or_default()
        {
            let (port, proto) = key.split_once('/').unwrap_or((key.as_str(), "tcp"));
            let Ok(container_port) = port.parse::<u16>() else {
                continue;
            };
            let bindings = bindings.unwrap_or_default();
            if bindings.is_empty() {
                ports.push(PublishedPort {
                    host_ip: None,
                    host_port: None,
                    container_port,
                    protocol: proto.into(),
                });
            }
            let mut seen = HashSet::new();
            for b in bindings {
                let host_port = b.host_port.as_deref().and_then(|p| p.parse().ok());
                if seen.insert(host_port) {
                    ports.push(PublishedPort {
                        host_ip: non_empty(b.host_ip),
                        host_port,
                        container_port,
                        protocol: proto.into(),
                    });
                }
            }
        }
        ports.sort_by_key(|p| (p.container_port, p.host_port));
        let mut networks: Vec<NetworkAttachment> = c
            .network_settings
            .as_ref()
            .and_then(|n| n.networks.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|(name, e)| NetworkAttachment {
                network: name,
                ip_address: non_empty(e.ip_address),
                gateway: non_empty(e.gateway),
                mac_address: non_empty(e.mac_address),
            })
            .collect();
        networks.sort_by(|a, b| a.network.cmp(&b.network));
        let restart = host.restart_policy.clone().unwrap_or_default();
        let restart_name = restart
            .name
            .map(|n| n.to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "no".into());
        let restart_policy = match restart.maximum_retry_count {
            Some(n) if n > 0 && restart_name == "on-failure" => format!("on-failure:{n}"),
            _ => restart_name,
        };
        let positive = |v: Option<i64>| v.filter(|n| *n != 0).map(|n| n as f64);
        let state_word = state.status.map(|s| s.to_string()).unwrap_or_default();
        let st = ContainerState::from_word(&state_word);
        let name = inspected_name(&c);
        let id = c.id.clone().unwrap_or_default();
        Ok(ContainerDetails {
            parked_from: parking::parked_from(&name, &id),
            id,
            name,
            image: config.image.clone().unwrap_or_default(),
            state: st,
            exit_code: state
                .exit_code
                .map(|c| c as i32)
                .filter(|_| st != ContainerState::Running),
            oom_killed: state.oom_killed.unwrap_or(false),
            restart_count: c.restart_count.unwrap_or(0).max(0) as u32,
            started_at: non_empty(state.started_at),
            finished_at: non_empty(state.finished_at).filter(|f| !f.starts_with("0001-")),
            created: c.created.map(|t| t.to_string()),
            entrypoint: config.entrypoint.clone().unwrap_or_default(),
            cmd: config.cmd.clone().unwrap_or_default(),
            env: config.env.clone().unwrap_or_default(),
            labels,
            mounts: c
                .mounts
                .clone()
                .unwrap_or_default()
                .into_iter()
                .map(|m| MountInfo {
                    kind: m.typ.map(|t| t.to_string()).unwrap_or_default(),
                    name: non_empty(m.name),
                    source: non_empty(m.source),
                    destination: m.destination.unwrap_or_default(),
                    read_write: m.rw.unwrap_or(true),
                })
                .collect(),
            ports,
            networks,
            restart_policy,
            memory_bytes: positive(host.memory),
            memory_reservation_bytes: positive(host.memory_reservation),
            memory_swap_bytes: positive(host.memory_swap),
            cpus: host.nano_cpus.filter(|n| *n > 0).map(|n| n as f64 / 1e9),
            cpu_shares: positive(host.cpu_shares),
            pids_limit: positive(host.pids_limit),
            health: state
                .health
                .and_then(|h| h.status)
                .map(|s| s.to_string())
                .filter(|s| !s.is_empty() && s != "none"),
            hostname: non_empty(config.hostname.clone()),
            user: non_empty(config.user.clone()),
            working_dir: non_empty(config.working_dir.clone()),
            raw_json,
        })
    }

    /// Runs one lifecycle action on container `id`. `shown` is how the user knows it (its name
    /// in the list), used for the command line the outcome carries; `state` is what the caller
    /// last saw, used only to explain a refusal.
    pub async fn container_act(
        &self,
        id: &str,
        shown: &str,
        action: &ContainerAction,
        state: Option<ContainerState>,
    ) -> Result<ActionOutcome, EngineError> {
        action.validate().map_err(EngineError::InvalidInput)?;
        let command = command_line(&action.argv(shown));
        // Encoded (a no-op for real ids and names), so the path names this container only.
        let encoded = api_path(&[id]);
        let id = &encoded[1..];
        let d = &self.docker;
        let done = ActionOutcome {
            exit_code: None,
            command: command.clone(),
        };
        let result: Result<ActionOutcome, EngineError> = async {
            match action {
                ContainerAction::Start => {
                    d.start_container(id, None::<bollard::query_parameters::StartContainerOptions>)
                        .await?
                }
                ContainerAction::Stop { timeout_secs } => {
                    // A long stop outlives the client's request timeout; give it room.
                    let t = timeout_secs.map(|t| t as i32);
                    self.with_time_for(*timeout_secs)
                        .stop_container(id, Some(StopContainerOptions { t, signal: None }))
                        .await?
                }
                ContainerAction::Restart { timeout_secs } => {
                    let t = timeout_secs.map(|t| t as i32);
                    self.with_time_for(*timeout_secs)
                        .restart_container(id, Some(RestartContainerOptions { t, signal: None }))
                        .await?
                }
                ContainerAction::Kill { signal } => {
                    d.kill_container(
                        id,
                        Some(KillContainerOptions {
                            signal: signal.clone().unwrap_or_else(|| "SIGKILL".into()),
                        }),
                    )
                    .await?
                }
                ContainerAction::Pause => d.pause_container(id).await?,
                ContainerAction::Unpause => d.unpause_container(id).await?,
                ContainerAction::Remove { force, volumes } => {
                    d.remove_container(
                        id,
                        Some(RemoveContainerOptions {
                            force: *force,
                            v: *volumes,
                            link: false,
                        }),
                    )
                    .await?
                }
                ContainerAction::Rename { new_name } => {
                    d.rename_container(
                        id,
                        RenameContainerOptions {
                            name: new_name.trim_start_matches('/').to_owned(),
                        },
                    )
                    .await?
                }
                ContainerAction::Wait => {
                    let code = self
                        .wait_exit(id, &tokio_util::sync::CancellationToken::new())
                        .await?;
                    return Ok(ActionOutcome {
                        exit_code: Some(code),
                        command: command.clone(),
                    });
                }
            }
            Ok(done.clone())
        }
        .await;
        result.map_err(|e| refusals::explain(action, state, e))
    }

    /// `docker wait`: the container's exit code once it stops. Ends with `Cancelled` as soon
    /// as `cancel` fires, so a view that goes away leaves no request waiting for the exit.
    pub async fn wait_exit(
        &self,
        id: &str,
        cancel: &tokio_util::sync::CancellationToken,
    ) -> Result<i32, EngineError> {
        // The engine answers only when the container stops, which may be days away: the
        // client's usual 120 s limit on an answer would end the wait instead.
        let docker = self.docker.clone().with_timeout(WAIT_LIMIT);
        let mut stream = docker.wait_container(id, None::<WaitContainerOptions>);
        let next = tokio::select! {
            _ = cancel.cancelled() => return Err(EngineError::Cancelled),
            next = stream.next() => next,
        };
        match next {
            Some(Ok(r)) => Ok(r.status_code as i32),
            // bollard reports a non-zero exit as an error carrying the code.
            Some(Err(bollard::errors::Error::DockerContainerWaitError { code, .. })) => {
                Ok(code as i32)
            }
            Some(Err(e)) => Err(e.into()),
            None => Err(EngineError::Protocol("wait ended without a code".into())),
        }
    }

    /// A client whose request timeout covers a stop that may take `secs`.
    pub(crate) fn with_time_for(&self, secs: Option<u32>) -> bollard::Docker {
        let secs = u64::from(secs.unwrap_or(10)) + 60;
        self.docker
            .clone()
            .with_timeout(std::time::Duration::from_secs(secs.max(120)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_replaces_adds_and_drops_only_the_named_rows() {
        let row = |id: &str, status: &str| {
            let mut r = ContainerRow::from_summary(ContainerSummary {
                id: Some(id.into()),
                ..Default::default()
            });
            r.status = status.into();
            r
        };
        let mut kept = crate::kept::KeptRows::default();
        kept.reset(vec![row("a", "Up"), row("b", "Up"), row("c", "Up")]);
        let named = ["b".to_string(), "c".to_string(), "d".to_string()];
        kept.patch(&named, vec![row("b", "Exited (0)"), row("d", "Created")]);
        let rows = kept.snapshot().unwrap().rows;
        let mut got: Vec<_> = rows
            .iter()
            .map(|r| format!("{}:{}", r.id, r.status))
            .collect();
        got.sort();
        assert_eq!(got, vec!["a:Up", "b:Exited (0)", "d:Created"]);
    }

    #[test]
    fn exit_codes_come_from_the_status_line() {
        assert_eq!(exit_code_from_status("Exited (0) 3 seconds ago"), Some(0));
        assert_eq!(exit_code_from_status("Exited (137) 2 hours ago"), Some(137));
        assert_eq!(exit_code_from_status("Up 5 minutes"), None);
        assert_eq!(exit_code_from_status("Exited (x) ago"), None);
        assert_eq!(exit_code_from_status(""), None);
    }

    #[test]
    fn a_preview_gives_one_line_per_target_and_the_problem_once() {
        let targets = vec!["web".to_owned(), "db".to_owned()];
        let stop = ContainerAction::Stop {
            timeout_secs: Some(3),
        };
        let p = ActionPreview::of(&stop, &targets);
        assert_eq!(p.commands, ["docker stop -t 3 web", "docker stop -t 3 db"]);
        assert_eq!(p.problem, None);

        let rename = ContainerAction::Rename {
            new_name: "not a name".into(),
        };
        let p = ActionPreview::of(&rename, &targets[..1]);
        assert_eq!(p.commands, ["docker rename web 'not a name'"]);
        let problem = p.problem.unwrap_or_default();
        assert!(problem.contains("new name"), "names the field: {problem}");

        let kill = ContainerAction::Kill {
            signal: Some("NOPE".into()),
        };
        let p = ActionPreview::of(&kill, &[]);
        assert!(p.commands.is_empty());
        assert!(
            p.problem.is_some(),
            "a bad signal is refused with no target too"
        );
    }

    #[test]
    fn generated_volume_names_are_anonymous() {
        assert!(is_anonymous_volume(&"a".repeat(64)));
        assert!(!is_anonymous_volume("data"));
    }

    #[test]
    fn a_volume_named_in_the_settings_is_not_anonymous_even_with_a_generated_looking_name() {
        use bollard::models::{ContainerInspectResponse, HostConfig, Mount, MountPoint, MountType};
        let hex = |c: char| c.to_string().repeat(64);
        let point = |name: String, destination: &str| MountPoint {
            typ: Some("volume".into()),
            name: Some(name),
            destination: Some(destination.into()),
            ..Default::default()
        };
        let c = ContainerInspectResponse {
            host_config: Some(HostConfig {
                binds: Some(vec![
                    format!("{}:/by-v:ro", hex('a')),
                    "/host/dir:/bound".into(),
                ]),
                mounts: Some(vec![
                    Mount {
                        typ: Some(MountType::VOLUME),
                        source: Some(hex('b')),
                        target: Some("/by-mount".into()),
                        ..Default::default()
                    },
                    Mount {
                        typ: Some(MountType::VOLUME),
                        source: Some(String::new()),
                        target: Some("/mount-without-source".into()),
                        ..Default::default()
                    },
                ]),
                ..Default::default()
            }),
            mounts: Some(vec![
                point(hex('a'), "/by-v"),
                point(hex('b'), "/by-mount"),
                point(hex('c'), "/mount-without-source"),
                point(hex('d'), "/from-the-image"),
                point("data".into(), "/named-elsewhere"),
                MountPoint {
                    typ: Some("bind".into()),
                    source: Some("/host/dir".into()),
                    destination: Some("/bound".into()),
                    ..Default::default()
                },
            ]),
            ..Default::default()
        };
        assert_eq!(anonymous_volumes_of(&c), vec![hex('c'), hex('d')]);
        assert_eq!(named_volume_destination("data:/d:rw"), Some("/d"));
        assert_eq!(named_volume_destination("/srv:/d"), None);
        assert_eq!(named_volume_destination("/only-a-path"), None);
    }
}
