//! Swarm services: list (running and desired counts as `docker service ls` shows them),
//! inspect (the spec read back into the service form, for editing), create (secrets and
//! configs named in the form resolved to their ids), update and rollback (the rollout watched
//! until it completes, pauses or rolls back), scale, and remove with its exact preview. The
//! form, its checks and every `docker service …` line are runspec's
//! (`tugboat_runspec::service_spec`).

use crate::connection::{api_path, Engine, Patience};
use crate::error::EngineError;
use crate::registry::RegistryCredentials;
use crate::swarm::tasks::{hostnames, millis, row_of, sort_rows, TaskRow};
use bollard::models::{
    EndpointPortConfig, EndpointPortConfigProtocolEnum, EndpointPortConfigPublishModeEnum,
    EndpointSpec, Limit, Mount, MountType, NetworkAttachmentConfig, ResourceObject, Service,
    ServiceSpec as EngineSpec, ServiceSpecMode, ServiceSpecModeReplicated,
    ServiceSpecRollbackConfig, ServiceSpecRollbackConfigFailureActionEnum,
    ServiceSpecRollbackConfigOrderEnum, ServiceSpecUpdateConfig,
    ServiceSpecUpdateConfigFailureActionEnum, ServiceSpecUpdateConfigOrderEnum,
    ServiceUpdateStatusStateEnum, TaskSpec, TaskSpecContainerSpec, TaskSpecContainerSpecConfigs,
    TaskSpecContainerSpecFile, TaskSpecContainerSpecFile1, TaskSpecContainerSpecSecrets,
    TaskSpecPlacement, TaskSpecResources, TaskSpecRestartPolicy,
    TaskSpecRestartPolicyConditionEnum, TaskState,
};
use bollard::query_parameters::{
    InspectServiceOptions, ListConfigsOptions, ListNetworksOptions, ListNodesOptions,
    ListSecretsOptions, ListServicesOptions, UpdateServiceOptions,
};
use serde::Serialize;
use std::collections::HashMap;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tugboat_runspec::argv::command_line;
use tugboat_runspec::form::{MountKind, MountRow};
use tugboat_runspec::service_spec::{
    self, FailureAction, ObjectRef, PublishMode, RestartCondition, ServiceForm, ServiceMode,
    ServicePortForm, ServiceResources, ServiceRestart, ServiceSpec, UpdateOrder, UpdatePolicy,
};

/// The label `docker stack deploy` puts on everything of a stack.
pub const STACK_LABEL: &str = "com.docker.stack.namespace";

/// How often a rollout is looked at while it runs.
const WATCH_EVERY: Duration = Duration::from_millis(500);

/// `replicated` or `global`, as the list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ServiceModeName {
    Replicated,
    Global,
}

/// A published port of a service, as the engine has it (an ingress port the engine chose
/// shows its number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServicePort {
    pub published: Option<u16>,
    pub target: u16,
    pub protocol: String,
    pub mode: PublishMode,
}

/// One row of `docker service ls`.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRow {
    pub id: String,
    pub name: String,
    pub mode: ServiceModeName,
    /// Replicas asked for; for a global service, the nodes it should run on (None until the
    /// engine has counted them).
    pub desired: Option<u32>,
    /// Tasks running now.
    pub running: u32,
    /// The image without the digest the engine pinned (as `docker service ls` shows it).
    pub image: String,
    pub ports: Vec<ServicePort>,
    /// The stack it belongs to (`com.docker.stack.namespace`).
    pub stack: Option<String>,
    /// The last update's state: `updating`, `paused`, `completed`, `rollback_started`,
    /// `rollback_paused`, `rollback_completed`; None if it was never updated.
    pub update_state: Option<String>,
    /// Milliseconds since the Unix epoch.
    pub created_at: f64,
    pub updated_at: f64,
}

impl crate::kept::Keyed for ServiceRow {
    fn key(&self) -> &str {
        &self.id
    }
}

/// `docker service inspect`: the row, the spec as the form (for "edit"), whether a previous
/// spec exists to roll back to, and the engine's JSON.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceDetail {
    pub row: ServiceRow,
    pub form: ServiceForm,
    pub can_rollback: bool,
    /// The spec's version index an update must name.
    #[specta(type = f64)]
    pub version: u64,
    /// The last update's message from the engine (why it paused…).
    pub update_message: Option<String>,
    /// `docker service inspect NAME`.
    pub command: String,
    /// The engine's JSON, pretty-printed.
    pub raw: String,
}

/// What a service create, scale or remove did, and the `docker service …` line it equals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceOutcome {
    pub id: String,
    pub command: String,
    /// What the engine warned about (an image without a registry digest…).
    pub warnings: Vec<String>,
}

/// A look at a rollout (update or rollback) as it goes.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceUpdateEvent {
    /// The engine's UpdateStatus: `updating`, `paused`, `completed`, `rollback_started`,
    /// `rollback_paused`, `rollback_completed`; None before the engine starts replacing.
    pub state: Option<String>,
    /// The engine's message about it.
    pub message: Option<String>,
    /// Tasks of the new spec running so far.
    pub replaced: u32,
    /// Tasks the service should have.
    pub total: u32,
    /// Tasks running now (old and new).
    pub running: u32,
    /// The service's tasks, the ones being shut down included.
    pub tasks: Vec<TaskRow>,
}

/// How a watched rollout ended.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceUpdateEnd {
    /// The engine's last UpdateStatus state (None when nothing had to be replaced).
    pub state: Option<String>,
    pub message: Option<String>,
    /// True when the watching was stopped by the user: the engine goes on with the update.
    pub stopped_watching: bool,
    /// The `docker service …` line the action equals.
    pub command: String,
    pub warnings: Vec<String>,
}

/// What `docker service rm` would take away: the service and its tasks (their containers go
/// with them).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRemovePreview {
    pub service: ServiceRow,
    pub tasks: Vec<TaskRow>,
    pub command: String,
}

/// A 503 from a swarm endpoint means the engine is not a swarm manager: say so, and how.
pub(crate) fn not_in_swarm(e: EngineError) -> EngineError {
    match e {
        EngineError::Api { status: 503, .. } => e.reworded(|m| {
            format!(
                "this engine is not a manager of a swarm (`docker swarm init` makes it one): {m}"
            )
        }),
        other => other,
    }
}

/// `name:tag@sha256:…` as `name:tag`, the way `docker service ls` shows it.
pub fn image_shown(image: &str) -> String {
    image.split('@').next().unwrap_or(image).to_owned()
}

fn sorted(map: Option<HashMap<String, String>>) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = map.unwrap_or_default().into_iter().collect();
    v.sort();
    v
}

fn port_of(p: &EndpointPortConfig) -> Option<ServicePort> {
    Some(ServicePort {
        published: p
            .published_port
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| *n != 0),
        target: u16::try_from(p.target_port?).ok()?,
        protocol: p
            .protocol
            .map(|x| x.to_string())
            .filter(|x| !x.is_empty())
            .unwrap_or_else(|| "tcp".into()),
        mode: match p.publish_mode {
            Some(EndpointPortConfigPublishModeEnum::HOST) => PublishMode::Host,
            _ => PublishMode::Ingress,
        },
    })
}

fn state_text(s: Option<ServiceUpdateStatusStateEnum>) -> Option<String> {
    s.map(|s| s.to_string()).filter(|s| !s.is_empty())
}

fn row_of_service(s: &Service) -> ServiceRow {
    let spec = s.spec.clone().unwrap_or_default();
    let global = spec.mode.as_ref().is_some_and(|m| m.global.is_some());
    let status = s.service_status.clone().unwrap_or_default();
    let desired = if global {
        status.desired_tasks.and_then(|d| u32::try_from(d).ok())
    } else {
        spec.mode
            .as_ref()
            .and_then(|m| m.replicated.as_ref())
            .and_then(|r| r.replicas)
            .and_then(|r| u32::try_from(r).ok())
            .or(Some(1))
    };
    // Published ports as the engine assigned them (an ingress port it chose has its number
    // in Endpoint.Ports), else as asked.
    let ports = s
        .endpoint
        .as_ref()
        .and_then(|e| e.ports.clone())
        .filter(|p| !p.is_empty())
        .or_else(|| spec.endpoint_spec.as_ref().and_then(|e| e.ports.clone()))
        .unwrap_or_default();
    let labels = spec.labels.clone().unwrap_or_default();
    ServiceRow {
        id: s.id.clone().unwrap_or_default(),
        name: spec.name.clone().unwrap_or_default(),
        mode: if global {
            ServiceModeName::Global
        } else {
            ServiceModeName::Replicated
        },
        desired,
        running: status
            .running_tasks
            .and_then(|r| u32::try_from(r).ok())
            .unwrap_or(0),
        image: image_shown(
            &spec
                .task_template
                .as_ref()
                .and_then(|t| t.container_spec.as_ref())
                .and_then(|c| c.image.clone())
                .unwrap_or_default(),
        ),
        ports: ports.iter().filter_map(port_of).collect(),
        stack: labels.get(STACK_LABEL).cloned(),
        update_state: state_text(s.update_status.as_ref().and_then(|u| u.state)),
        created_at: millis(s.created_at.as_ref()),
        updated_at: millis(s.updated_at.as_ref()),
    }
}

fn policy_of(
    parallelism: Option<i64>,
    delay: Option<i64>,
    failure: Option<String>,
    monitor: Option<i64>,
    ratio: Option<f64>,
    order: Option<String>,
) -> UpdatePolicy {
    let d = UpdatePolicy::default();
    UpdatePolicy {
        parallelism: parallelism
            .and_then(|p| u32::try_from(p).ok())
            .unwrap_or(d.parallelism),
        delay_ns: delay.unwrap_or(d.delay_ns),
        failure_action: match failure.as_deref() {
            Some("continue") => FailureAction::Continue,
            Some("rollback") => FailureAction::Rollback,
            _ => FailureAction::Pause,
        },
        order: match order.as_deref() {
            Some("start-first") => UpdateOrder::StartFirst,
            _ => UpdateOrder::StopFirst,
        },
        monitor_ns: monitor.unwrap_or(d.monitor_ns),
        max_failure_ratio: ratio.unwrap_or(d.max_failure_ratio),
    }
}

fn resources_of(cpus: Option<i64>, memory: Option<i64>) -> ServiceResources {
    ServiceResources {
        cpus: cpus.filter(|c| *c > 0).map(|c| c as f64 / 1e9),
        memory_bytes: memory.filter(|m| *m > 0),
    }
}

/// A service's spec read back as the form (networks named through `network_names`, by id).
pub fn form_of(spec: &EngineSpec, network_names: &HashMap<String, String>) -> ServiceForm {
    let task = spec.task_template.clone().unwrap_or_default();
    let c = task.container_spec.clone().unwrap_or_default();
    let res = task.resources.clone().unwrap_or_default();
    let limits = res.limits.unwrap_or_default();
    let reserve = res.reservations.unwrap_or_default();
    let restart = task.restart_policy.clone().unwrap_or_default();
    let upd = spec.update_config.clone().unwrap_or_default();
    let rb = spec.rollback_config.clone().unwrap_or_default();
    let nets = task
        .networks
        .clone()
        .or_else(|| spec.networks.clone())
        .unwrap_or_default();
    ServiceForm {
        name: spec.name.clone().unwrap_or_default(),
        image: c.image.clone().unwrap_or_default(),
        command: c.args.clone().filter(|a| !a.is_empty()),
        entrypoint: c.command.clone().filter(|a| !a.is_empty()),
        env: c
            .env
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|e| match e.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (e, String::new()),
            })
            .collect(),
        workdir: c.dir.clone().unwrap_or_default(),
        user: c.user.clone().unwrap_or_default(),
        hostname: c.hostname.clone().unwrap_or_default(),
        labels: sorted(spec.labels.clone()),
        container_labels: sorted(c.labels.clone()),
        mode: match &spec.mode {
            Some(m) if m.global.is_some() => ServiceMode::Global,
            Some(m) => ServiceMode::Replicated {
                replicas: m
                    .replicated
                    .as_ref()
                    .and_then(|r| r.replicas)
                    .and_then(|r| u32::try_from(r).ok())
                    .unwrap_or(1),
            },
            None => ServiceMode::default(),
        },
        ports: spec
            .endpoint_spec
            .as_ref()
            .and_then(|e| e.ports.clone())
            .unwrap_or_default()
            .iter()
            .filter_map(port_of)
            .map(|p| ServicePortForm {
                published: p.published,
                target: p.target,
                protocol: p.protocol,
                mode: p.mode,
            })
            .collect(),
        mounts: c
            .mounts
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|m| MountRow {
                kind: match m.typ {
                    Some(MountType::BIND) => MountKind::Bind,
                    Some(MountType::TMPFS) => MountKind::Tmpfs,
                    _ => MountKind::Volume,
                },
                source: m.source.unwrap_or_default(),
                target: m.target.unwrap_or_default(),
                read_only: m.read_only.unwrap_or(false),
                selinux: String::new(),
            })
            .collect(),
        networks: nets
            .into_iter()
            .filter_map(|n| n.target)
            .map(|t| network_names.get(&t).cloned().unwrap_or(t))
            .collect(),
        limits: resources_of(limits.nano_cpus, limits.memory_bytes),
        reservations: resources_of(reserve.nano_cpus, reserve.memory_bytes),
        restart: ServiceRestart {
            condition: match restart.condition {
                Some(TaskSpecRestartPolicyConditionEnum::NONE) => RestartCondition::None,
                Some(TaskSpecRestartPolicyConditionEnum::ON_FAILURE) => RestartCondition::OnFailure,
                _ => RestartCondition::Any,
            },
            max_attempts: restart
                .max_attempts
                .filter(|m| *m > 0)
                .and_then(|m| u32::try_from(m).ok()),
            delay_ns: restart.delay.unwrap_or(ServiceRestart::default().delay_ns),
        },
        update: policy_of(
            upd.parallelism,
            upd.delay,
            upd.failure_action.map(|a| a.to_string()),
            upd.monitor,
            upd.max_failure_ratio,
            upd.order.map(|o| o.to_string()),
        ),
        rollback: policy_of(
            rb.parallelism,
            rb.delay,
            rb.failure_action.map(|a| a.to_string()),
            rb.monitor,
            rb.max_failure_ratio,
            rb.order.map(|o| o.to_string()),
        ),
        constraints: task
            .placement
            .and_then(|p| p.constraints)
            .unwrap_or_default(),
        secrets: c
            .secrets
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                let source = s.secret_name.unwrap_or_default();
                let target = s.file.and_then(|f| f.name).filter(|n| *n != source);
                ObjectRef { source, target }
            })
            .collect(),
        configs: c
            .configs
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                let source = s.config_name.unwrap_or_default();
                let target = s.file.and_then(|f| f.name).filter(|n| *n != source);
                ObjectRef { source, target }
            })
            .collect(),
    }
}

/// Secret and config ids by name, for the names a form gives.
#[derive(Debug, Default, Clone)]
pub struct ObjectIds {
    pub secrets: HashMap<String, String>,
    pub configs: HashMap<String, String>,
}

fn nanos_cpu(c: Option<f64>) -> Option<i64> {
    c.map(|c| (c * 1e9).round() as i64)
}

/// The engine's spec for a valid form, on top of `base` (the service as it is, for an
/// update: settings the form does not show, such as a health check or a stack's labels on
/// the task, are kept).
pub fn spec_of(spec: &ServiceSpec, base: Option<EngineSpec>, ids: &ObjectIds) -> EngineSpec {
    let f = &spec.form;
    let mut out = base.unwrap_or_default();
    let mut task: TaskSpec = out.task_template.take().unwrap_or_default();
    let mut c: TaskSpecContainerSpec = task.container_spec.take().unwrap_or_default();
    out.name = (!f.name.is_empty()).then(|| f.name.clone()).or(out.name);
    out.labels = Some(f.labels.iter().cloned().collect());
    out.mode = Some(match f.mode {
        ServiceMode::Global => ServiceSpecMode {
            global: Some(HashMap::new()),
            ..Default::default()
        },
        ServiceMode::Replicated { replicas } => ServiceSpecMode {
            replicated: Some(ServiceSpecModeReplicated {
                replicas: Some(i64::from(replicas)),
            }),
            ..Default::default()
        },
    });
    c.image = Some(f.image.clone());
    c.args = f.command.clone();
    c.command = f.entrypoint.clone();
    c.env = Some(f.env.iter().map(|(k, v)| format!("{k}={v}")).collect());
    let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    c.dir = text(&f.workdir);
    c.user = text(&f.user);
    c.hostname = text(&f.hostname);
    c.labels = Some(f.container_labels.iter().cloned().collect());
    c.mounts = Some(
        spec.mounts
            .iter()
            .map(|m| Mount {
                target: Some(m.target.clone()),
                source: m.source.clone(),
                typ: Some(match m.kind {
                    MountKind::Volume => MountType::VOLUME,
                    MountKind::Bind => MountType::BIND,
                    MountKind::Tmpfs => MountType::TMPFS,
                }),
                read_only: Some(m.read_only),
                ..Default::default()
            })
            .collect(),
    );
    c.secrets = Some(
        f.secrets
            .iter()
            .map(|s| TaskSpecContainerSpecSecrets {
                file: Some(TaskSpecContainerSpecFile {
                    name: Some(s.target.clone().unwrap_or_else(|| s.source.clone())),
                    uid: Some("0".into()),
                    gid: Some("0".into()),
                    mode: Some(0o444),
                }),
                secret_id: ids.secrets.get(&s.source).cloned(),
                secret_name: Some(s.source.clone()),
            })
            .collect(),
    );
    c.configs = Some(
        f.configs
            .iter()
            .map(|s| TaskSpecContainerSpecConfigs {
                file: Some(TaskSpecContainerSpecFile1 {
                    name: Some(s.target.clone().unwrap_or_else(|| s.source.clone())),
                    uid: Some("0".into()),
                    gid: Some("0".into()),
                    mode: Some(0o444),
                }),
                config_id: ids.configs.get(&s.source).cloned(),
                config_name: Some(s.source.clone()),
                ..Default::default()
            })
            .collect(),
    );
    task.container_spec = Some(c);
    let mut res = task.resources.take().unwrap_or_default();
    let mut limits = res.limits.take().unwrap_or_default();
    limits.nano_cpus = nanos_cpu(f.limits.cpus);
    limits.memory_bytes = f.limits.memory_bytes;
    res.limits = Some(Limit { ..limits });
    let mut reserve = res.reservations.take().unwrap_or_default();
    reserve.nano_cpus = nanos_cpu(f.reservations.cpus);
    reserve.memory_bytes = f.reservations.memory_bytes;
    res.reservations = Some(ResourceObject { ..reserve });
    task.resources = Some(TaskSpecResources { ..res });
    let mut restart = task.restart_policy.take().unwrap_or_default();
    restart.condition = Some(match f.restart.condition {
        RestartCondition::None => TaskSpecRestartPolicyConditionEnum::NONE,
        RestartCondition::OnFailure => TaskSpecRestartPolicyConditionEnum::ON_FAILURE,
        RestartCondition::Any => TaskSpecRestartPolicyConditionEnum::ANY,
    });
    restart.max_attempts = Some(i64::from(f.restart.max_attempts.unwrap_or(0)));
    restart.delay = Some(f.restart.delay_ns);
    task.restart_policy = Some(TaskSpecRestartPolicy { ..restart });
    let mut placement = task.placement.take().unwrap_or_default();
    placement.constraints = Some(f.constraints.clone());
    task.placement = Some(TaskSpecPlacement { ..placement });
    task.networks = Some(
        f.networks
            .iter()
            .map(|n| NetworkAttachmentConfig {
                target: Some(n.clone()),
                ..Default::default()
            })
            .collect(),
    );
    // The deprecated service-level list would be used instead of the task's if kept.
    out.networks = None;
    out.task_template = Some(task);
    out.update_config = Some(update_config(&f.update));
    out.rollback_config = Some(rollback_config(&f.rollback));
    let mut endpoint = out.endpoint_spec.take().unwrap_or_default();
    endpoint.ports = Some(
        f.ports
            .iter()
            .map(|p| EndpointPortConfig {
                protocol: Some(match p.protocol.as_str() {
                    "udp" => EndpointPortConfigProtocolEnum::UDP,
                    "sctp" => EndpointPortConfigProtocolEnum::SCTP,
                    _ => EndpointPortConfigProtocolEnum::TCP,
                }),
                target_port: Some(i64::from(p.target)),
                published_port: p.published.map(i64::from),
                publish_mode: Some(match p.mode {
                    PublishMode::Ingress => EndpointPortConfigPublishModeEnum::INGRESS,
                    PublishMode::Host => EndpointPortConfigPublishModeEnum::HOST,
                }),
                ..Default::default()
            })
            .collect(),
    );
    out.endpoint_spec = Some(EndpointSpec { ..endpoint });
    out
}

fn update_config(p: &UpdatePolicy) -> ServiceSpecUpdateConfig {
    ServiceSpecUpdateConfig {
        parallelism: Some(i64::from(p.parallelism)),
        delay: Some(p.delay_ns),
        failure_action: Some(match p.failure_action {
            FailureAction::Pause => ServiceSpecUpdateConfigFailureActionEnum::PAUSE,
            FailureAction::Continue => ServiceSpecUpdateConfigFailureActionEnum::CONTINUE,
            FailureAction::Rollback => ServiceSpecUpdateConfigFailureActionEnum::ROLLBACK,
        }),
        monitor: Some(p.monitor_ns),
        max_failure_ratio: Some(p.max_failure_ratio),
        order: Some(match p.order {
            UpdateOrder::StopFirst => ServiceSpecUpdateConfigOrderEnum::STOP_FIRST,
            UpdateOrder::StartFirst => ServiceSpecUpdateConfigOrderEnum::START_FIRST,
        }),
    }
}

fn rollback_config(p: &UpdatePolicy) -> ServiceSpecRollbackConfig {
    ServiceSpecRollbackConfig {
        parallelism: Some(i64::from(p.parallelism)),
        delay: Some(p.delay_ns),
        // A rollback that fails cannot roll back in turn: the engine only pauses or goes on.
        failure_action: Some(match p.failure_action {
            FailureAction::Continue => ServiceSpecRollbackConfigFailureActionEnum::CONTINUE,
            _ => ServiceSpecRollbackConfigFailureActionEnum::PAUSE,
        }),
        monitor: Some(p.monitor_ns),
        max_failure_ratio: Some(p.max_failure_ratio),
        order: Some(match p.order {
            UpdateOrder::StopFirst => ServiceSpecRollbackConfigOrderEnum::STOP_FIRST,
            UpdateOrder::StartFirst => ServiceSpecRollbackConfigOrderEnum::START_FIRST,
        }),
    }
}

fn warnings_of(w: Option<Vec<String>>) -> Vec<String> {
    w.unwrap_or_default()
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a rollout state is one the engine stays in until someone acts.
fn settled(state: Option<ServiceUpdateStatusStateEnum>) -> bool {
    matches!(
        state,
        Some(
            ServiceUpdateStatusStateEnum::COMPLETED
                | ServiceUpdateStatusStateEnum::PAUSED
                | ServiceUpdateStatusStateEnum::ROLLBACK_COMPLETED
                | ServiceUpdateStatusStateEnum::ROLLBACK_PAUSED
        )
    )
}

impl Engine {
    /// Service names by id, for naming tasks.
    pub(crate) async fn service_names(&self) -> Result<HashMap<String, String>, EngineError> {
        let services = self
            .docker
            .list_services(None::<ListServicesOptions>)
            .await
            .map_err(|e| not_in_swarm(e.into()))?;
        Ok(services
            .into_iter()
            .filter_map(|s| Some((s.id?, s.spec?.name?)))
            .collect())
    }

    /// `docker service ls`: each service with its running and desired task counts (the
    /// engine counts them: `status=true`, API 1.41), image, ports and stack.
    pub async fn services(&self) -> Result<Vec<ServiceRow>, EngineError> {
        let list = self
            .docker
            .list_services(Some(ListServicesOptions {
                filters: None,
                status: Some(true),
            }))
            .await
            .map_err(|e| not_in_swarm(e.into()))?;
        let mut rows: Vec<ServiceRow> = list.iter().map(row_of_service).collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(rows)
    }

    /// One service (by id or name) with its counts.
    async fn service_with_status(&self, id: &str) -> Result<Service, EngineError> {
        // The inspect endpoint has no counts; the list does, filtered to this one service.
        let s = self
            .docker
            .inspect_service(id, None::<InspectServiceOptions>)
            .await
            .map_err(|e| not_in_swarm(e.into()))?;
        let sid = s.id.clone().unwrap_or_default();
        let listed = self
            .docker
            .list_services(Some(ListServicesOptions {
                filters: Some(HashMap::from([("id".to_owned(), vec![sid.clone()])])),
                status: Some(true),
            }))
            .await?;
        Ok(listed
            .into_iter()
            .find(|l| l.id.as_deref() == Some(sid.as_str()))
            .unwrap_or(s))
    }

    /// The service's name, for the lines shown.
    async fn service_name(&self, id: &str) -> Result<String, EngineError> {
        let s = self
            .docker
            .inspect_service(id, None::<InspectServiceOptions>)
            .await
            .map_err(|e| not_in_swarm(e.into()))?;
        Ok(s.spec.and_then(|s| s.name).unwrap_or_else(|| id.to_owned()))
    }

    /// `docker service inspect`: the row, the spec as the form, whether it can be rolled
    /// back, and the engine's JSON.
    pub async fn service(&self, id: &str) -> Result<ServiceDetail, EngineError> {
        let s = self.service_with_status(id).await?;
        let sid = s.id.clone().unwrap_or_default();
        let raw = self
            .raw_get(&api_path(&["services", &sid]), Patience::Normal)
            .await?;
        let value: serde_json::Value = serde_json::from_slice(&raw)
            .map_err(|e| EngineError::Protocol(format!("service inspect: {e}")))?;
        // bollard's model has no PreviousSpec; the JSON does.
        let can_rollback = value.get("PreviousSpec").is_some_and(|p| !p.is_null());
        let raw_text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string());
        let networks = self.network_names().await?;
        let row = row_of_service(&s);
        let spec = s.spec.clone().unwrap_or_default();
        Ok(ServiceDetail {
            command: command_line(&service_spec::inspect_argv(&row.name)),
            form: form_of(&spec, &networks),
            can_rollback,
            version: s.version.and_then(|v| v.index).unwrap_or(0),
            update_message: s
                .update_status
                .and_then(|u| u.message)
                .filter(|m| !m.is_empty()),
            raw: raw_text,
            row,
        })
    }

    async fn network_names(&self) -> Result<HashMap<String, String>, EngineError> {
        Ok(self
            .docker
            .list_networks(None::<ListNetworksOptions>)
            .await?
            .into_iter()
            .filter_map(|n| Some((n.id?, n.name?)))
            .collect())
    }

    /// The ids of the secrets and configs a form names; a name the engine does not have is
    /// an error on that field.
    pub async fn object_ids(&self, form: &ServiceForm) -> Result<ObjectIds, EngineError> {
        let mut ids = ObjectIds::default();
        if !form.secrets.is_empty() {
            let all = self
                .docker
                .list_secrets(None::<ListSecretsOptions>)
                .await
                .map_err(|e| not_in_swarm(e.into()))?;
            ids.secrets = all
                .into_iter()
                .filter_map(|s| Some((s.spec?.name?, s.id?)))
                .collect();
        }
        if !form.configs.is_empty() {
            let all = self
                .docker
                .list_configs(None::<ListConfigsOptions>)
                .await
                .map_err(|e| not_in_swarm(e.into()))?;
            ids.configs = all
                .into_iter()
                .filter_map(|s| Some((s.spec?.name?, s.id?)))
                .collect();
        }
        let missing = |kind: &str, list: &[ObjectRef], known: &HashMap<String, String>| {
            list.iter()
                .enumerate()
                .find(|(_, o)| !known.contains_key(&o.source))
                .map(|(i, o)| {
                    EngineError::InvalidInput(format!(
                        "{kind}[{i}].source: the swarm has no {} named `{}`: create it first, or choose one it has",
                        &kind[..kind.len() - 1],
                        o.source
                    ))
                })
        };
        if let Some(e) = missing("secrets", &form.secrets, &ids.secrets)
            .or_else(|| missing("configs", &form.configs, &ids.configs))
        {
            return Err(e);
        }
        Ok(ids)
    }

    /// `docker service create`: the spec built from the valid form. `credentials` go with it
    /// so every node can pull the image from its registry.
    pub async fn service_create(
        &self,
        spec: &ServiceSpec,
        credentials: Option<&RegistryCredentials>,
    ) -> Result<ServiceOutcome, EngineError> {
        let ids = self.object_ids(&spec.form).await?;
        let body = spec_of(spec, None, &ids);
        let created = self
            .docker
            .create_service(body, credentials.map(RegistryCredentials::to_bollard))
            .await
            .map_err(|e| explain("create", not_in_swarm(e.into())))?;
        Ok(ServiceOutcome {
            id: created.id.unwrap_or_default(),
            command: command_line(&spec.create_argv()),
            warnings: warnings_of(created.warnings),
        })
    }

    /// The `docker service update …` line from the service as it is to this form.
    pub async fn service_update_command(
        &self,
        id: &str,
        spec: &ServiceSpec,
    ) -> Result<Result<String, Vec<tugboat_runspec::form::FieldError>>, EngineError> {
        let detail = self.service(id).await?;
        Ok(spec
            .update_argv(&detail.form, &detail.row.name)
            .map(|v| command_line(&v)))
    }

    /// `docker service update`: the whole new spec sent with the version it was read at
    /// (a change made by someone else in between is refused, not overwritten). Returns
    /// what to watch the rollout with.
    pub async fn service_update(
        &self,
        id: &str,
        spec: &ServiceSpec,
        credentials: Option<&RegistryCredentials>,
    ) -> Result<Rollout, EngineError> {
        let current = self
            .docker
            .inspect_service(id, None::<InspectServiceOptions>)
            .await
            .map_err(|e| not_in_swarm(e.into()))?;
        let sid = current.id.clone().unwrap_or_default();
        let base = current.spec.clone().unwrap_or_default();
        let name = base.name.clone().unwrap_or_else(|| id.to_owned());
        let old_form = form_of(&base, &self.network_names().await?);
        let argv = spec.update_argv(&old_form, &name).map_err(|errs| {
            EngineError::InvalidInput(tugboat_runspec::preview::describe_invalid(&errs))
        })?;
        let ids = self.object_ids(&spec.form).await?;
        let body = spec_of(spec, Some(base.clone()), &ids);
        let replaces = body.task_template != base.task_template;
        let version = current.version.and_then(|v| v.index).unwrap_or(0);
        let answer = self
            .docker
            .update_service(
                &sid,
                body,
                UpdateServiceOptions {
                    version: i32::try_from(version).unwrap_or(i32::MAX),
                    ..Default::default()
                },
                credentials.map(RegistryCredentials::to_bollard),
            )
            .await
            .map_err(|e| explain("update", not_in_swarm(e.into())))?;
        Ok(Rollout {
            service: sid,
            replaces,
            command: command_line(&argv),
            warnings: warnings_of(answer.warnings),
        })
    }

    /// `docker service rollback`: the previous spec back (`rollback=previous`).
    pub async fn service_rollback(&self, id: &str) -> Result<Rollout, EngineError> {
        let current = self
            .docker
            .inspect_service(id, None::<InspectServiceOptions>)
            .await
            .map_err(|e| not_in_swarm(e.into()))?;
        let sid = current.id.clone().unwrap_or_default();
        let spec = current.spec.clone().unwrap_or_default();
        let name = spec.name.clone().unwrap_or_else(|| id.to_owned());
        let version = current.version.and_then(|v| v.index).unwrap_or(0);
        let raw = self
            .raw_get(&api_path(&["services", &sid]), Patience::Normal)
            .await?;
        let value: serde_json::Value = serde_json::from_slice(&raw)
            .map_err(|e| EngineError::Protocol(format!("service inspect: {e}")))?;
        let previous = value.get("PreviousSpec").filter(|p| !p.is_null());
        let Some(previous) = previous else {
            return Err(EngineError::Conflict(format!(
                "{name} has no previous spec to go back to: it was never updated"
            )));
        };
        let replaces = previous.get("TaskTemplate") != value.pointer("/Spec/TaskTemplate");
        let answer = self
            .docker
            .update_service(
                &sid,
                spec,
                UpdateServiceOptions {
                    version: i32::try_from(version).unwrap_or(i32::MAX),
                    rollback: Some("previous".into()),
                    ..Default::default()
                },
                None,
            )
            .await
            .map_err(|e| explain("rollback", not_in_swarm(e.into())))?;
        Ok(Rollout {
            service: sid,
            replaces,
            command: command_line(&service_spec::rollback_argv(&name)),
            warnings: warnings_of(answer.warnings),
        })
    }

    /// `docker service scale NAME=N`: the spec as it is with only the replica count changed.
    pub async fn service_scale(
        &self,
        id: &str,
        replicas: u32,
    ) -> Result<ServiceOutcome, EngineError> {
        let current = self
            .docker
            .inspect_service(id, None::<InspectServiceOptions>)
            .await
            .map_err(|e| not_in_swarm(e.into()))?;
        let sid = current.id.clone().unwrap_or_default();
        let mut spec = current.spec.clone().unwrap_or_default();
        let name = spec.name.clone().unwrap_or_else(|| id.to_owned());
        match spec.mode.as_mut().and_then(|m| m.replicated.as_mut()) {
            Some(r) => r.replicas = Some(i64::from(replicas)),
            None => {
                return Err(EngineError::InvalidInput(format!(
                    "replicas: {name} is a global service, with one task on every eligible node; only replicated services scale"
                )))
            }
        }
        let version = current.version.and_then(|v| v.index).unwrap_or(0);
        let answer = self
            .docker
            .update_service(
                &sid,
                spec,
                UpdateServiceOptions {
                    version: i32::try_from(version).unwrap_or(i32::MAX),
                    ..Default::default()
                },
                None,
            )
            .await
            .map_err(|e| explain("scale", not_in_swarm(e.into())))?;
        Ok(ServiceOutcome {
            id: sid,
            command: command_line(&service_spec::scale_argv(&name, replicas)),
            warnings: warnings_of(answer.warnings),
        })
    }

    /// What `docker service rm` would take away: the service and every task it has now.
    pub async fn service_remove_preview(
        &self,
        id: &str,
    ) -> Result<ServiceRemovePreview, EngineError> {
        let s = self.service_with_status(id).await?;
        let service = row_of_service(&s);
        let tasks = self.service_tasks(Some(&service.id), true).await?;
        Ok(ServiceRemovePreview {
            command: command_line(&service_spec::remove_argv(&service.name)),
            service,
            tasks,
        })
    }

    /// `docker service rm`: the engine stops and removes its tasks.
    pub async fn service_remove(&self, id: &str) -> Result<ServiceOutcome, EngineError> {
        let name = self.service_name(id).await?;
        self.docker
            .delete_service(id)
            .await
            .map_err(|e| explain("remove", not_in_swarm(e.into())))?;
        Ok(ServiceOutcome {
            id: id.to_owned(),
            command: command_line(&service_spec::remove_argv(&name)),
            warnings: vec![],
        })
    }

    /// One look at a rollout: the engine's update status and the service's tasks.
    async fn rollout_look(
        &self,
        rollout: &Rollout,
        nodes: &HashMap<String, String>,
    ) -> Result<(ServiceUpdateEvent, Option<ServiceUpdateStatusStateEnum>), EngineError> {
        let s = self.service_with_status(&rollout.service).await?;
        let row = row_of_service(&s);
        let status = s.update_status.clone().unwrap_or_default();
        let started = status.started_at;
        let names = HashMap::from([(row.id.clone(), row.name.clone())]);
        let raw = self.raw_tasks(Some(&rollout.service), true).await?;
        let replaced = raw
            .iter()
            .filter(|t| {
                t.desired_state == Some(TaskState::RUNNING)
                    && t.status.as_ref().and_then(|s| s.state) == Some(TaskState::RUNNING)
                    && match (started, t.created_at) {
                        (Some(s), Some(c)) => c >= s,
                        _ => false,
                    }
            })
            .count();
        let mut tasks: Vec<TaskRow> = raw.into_iter().map(|t| row_of(t, nodes, &names)).collect();
        sort_rows(&mut tasks);
        let event = ServiceUpdateEvent {
            state: state_text(status.state),
            message: status.message.filter(|m| !m.is_empty()),
            replaced: u32::try_from(replaced).unwrap_or(u32::MAX),
            total: row.desired.unwrap_or(0),
            running: row.running,
            tasks,
        };
        Ok((event, status.state))
    }

    /// Watches a rollout every half second, sending each look that differs from the last,
    /// until the engine says it completed, paused or rolled back (or, when nothing had to be
    /// replaced, until the running tasks match the desired count). Cancelling stops the
    /// watching only: the engine carries on, and the end says so.
    pub async fn watch_rollout(
        &self,
        rollout: &Rollout,
        cancel: &CancellationToken,
        mut send: impl FnMut(ServiceUpdateEvent) -> bool,
    ) -> Result<ServiceUpdateEnd, EngineError> {
        let nodes = hostnames(
            self.docker
                .list_nodes(None::<ListNodesOptions>)
                .await
                .map_err(|e| not_in_swarm(e.into()))?,
        );
        // The update status before ours: a rollout is ours once the engine records a start
        // later than that one.
        let before = self
            .docker
            .inspect_service(&rollout.service, None::<InspectServiceOptions>)
            .await?
            .update_status
            .and_then(|u| u.started_at);
        let mut last: Option<ServiceUpdateEvent> = None;
        loop {
            let (event, state) = self.rollout_look(rollout, &nodes).await?;
            let started = event.state.is_some() && {
                let s = self
                    .docker
                    .inspect_service(&rollout.service, None::<InspectServiceOptions>)
                    .await?
                    .update_status
                    .and_then(|u| u.started_at);
                s.is_some() && (before.is_none() || s > before || rollout.replaces)
            };
            let converged = event.running == event.total
                && event
                    .tasks
                    .iter()
                    .filter(|t| t.desired_state == "running")
                    .all(|t| t.state == "running");
            let done = if rollout.replaces {
                started && settled(state)
            } else {
                converged
            };
            if last.as_ref() != Some(&event) {
                if !send(event.clone()) {
                    return Err(EngineError::Cancelled);
                }
                last = Some(event.clone());
            }
            if done {
                return Ok(ServiceUpdateEnd {
                    state: event.state,
                    message: event.message,
                    stopped_watching: false,
                    command: rollout.command.clone(),
                    warnings: rollout.warnings.clone(),
                });
            }
            tokio::select! {
                _ = cancel.cancelled() => {
                    return Ok(ServiceUpdateEnd {
                        state: event.state,
                        message: Some("stopped watching: the engine goes on with the update; its state shows in the service list".into()),
                        stopped_watching: true,
                        command: rollout.command.clone(),
                        warnings: rollout.warnings.clone(),
                    });
                }
                _ = tokio::time::sleep(WATCH_EVERY) => {}
            }
        }
    }
}

/// An update or rollback the engine accepted, to be watched.
#[derive(Debug, Clone)]
pub struct Rollout {
    pub service: String,
    /// Whether the task template changed, so the engine replaces tasks (a replica count or
    /// label change does not).
    pub replaces: bool,
    pub command: String,
    pub warnings: Vec<String>,
}

/// Why the engine refused a service action, in words, from its status.
fn explain(action: &str, e: EngineError) -> EngineError {
    match &e {
        EngineError::Conflict(_) if action == "create" => e.reworded(|m| {
            format!("a service of that name exists already: choose another name ({m})")
        }),
        EngineError::InvalidInput(_) if action != "create" => e.reworded(|m| {
            format!("the engine refused the {action}: {m} (if the service changed meanwhile, open it again)")
        }),
        _ => e,
    }
}
