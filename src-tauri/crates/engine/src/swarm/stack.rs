//! Stacks: `docker stack deploy/ls/services/rm` from a compose file, creating what the 20.10
//! CLI creates with its names and labels, so the CLI and Tugboat see the same stacks: services
//! `<stack>_<service>`, overlay networks `<stack>_<key>`, secrets and configs `<stack>_<key>`,
//! each labelled `com.docker.stack.namespace=<stack>` (services also `com.docker.stack.image`,
//! task containers and the volumes their mounts create also carry the namespace).
//!
//! A deploy creates what is missing, updates services that exist (at the version read just
//! before) and, with `prune`, removes the stack's services the file no longer has. Progress is
//! the compose up's [`UpEvent`]s, so the UI shows it in the same rows.

use crate::compose::up::UpOutcome;
use crate::error::EngineError;
use crate::swarm::objects::ObjectKind;
use crate::Engine;
use bollard::models::{
    EndpointPortConfig, EndpointPortConfigProtocolEnum, EndpointPortConfigPublishModeEnum,
    EndpointSpec, EndpointSpecModeEnum, HealthConfig, Limit, Mount, MountType, MountVolumeOptions,
    MountVolumeOptionsDriverConfig, NetworkAttachmentConfig, NetworkCreateRequest, ResourceObject,
    ServiceSpec, ServiceSpecMode, ServiceSpecModeReplicated, ServiceSpecRollbackConfig,
    ServiceSpecUpdateConfig, TaskSpec, TaskSpecContainerSpec, TaskSpecContainerSpecConfigs,
    TaskSpecContainerSpecDnsConfig, TaskSpecContainerSpecFile, TaskSpecContainerSpecFile1,
    TaskSpecContainerSpecSecrets, TaskSpecPlacement, TaskSpecPlacementPreferences,
    TaskSpecPlacementSpread, TaskSpecResources, TaskSpecRestartPolicy,
};
use bollard::query_parameters::{
    ListConfigsOptions, ListNetworksOptions, ListSecretsOptions, ListServicesOptions,
    UpdateServiceOptions,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use tugboat_compose::model::{ComposeModel, PortDef, Service, VolumeKind};
use tugboat_compose::plan::{StepAction, StepObject, UpEvent, UpStep, UpStepState};
use tugboat_compose::swarm::{ObjectRef, StackParts, SwarmObject, SwarmService};

/// The label the CLI puts on everything of a stack.
pub const NAMESPACE: &str = "com.docker.stack.namespace";
/// The label on a stack's services naming the image as written in the file.
pub const IMAGE: &str = "com.docker.stack.image";

/// The largest secret or config a swarm stores (the engine refuses more).
const MAX_OBJECT_BYTES: u64 = 500 * 1024;

/// How long removing a stack keeps retrying a network its tasks still hold.
const NETWORK_RELEASE: Duration = Duration::from_secs(30);

/// One stack, as `docker stack ls` lists it, with its tasks counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StackRow {
    pub name: String,
    pub services: u32,
    pub tasks_running: u32,
    pub tasks_desired: u32,
}

/// One service of a stack (`docker stack services`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StackServiceRow {
    pub id: String,
    pub name: String,
    /// `replicated` or `global`.
    pub mode: String,
    pub running: u32,
    pub desired: u32,
    pub image: String,
}

/// What `docker stack rm <stack>` removes: every object carrying the stack's namespace label,
/// by name, and the command.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StackContents {
    pub stack: String,
    pub services: Vec<String>,
    pub networks: Vec<String>,
    pub secrets: Vec<String>,
    pub configs: Vec<String>,
    pub command: String,
}

impl StackContents {
    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
            && self.networks.is_empty()
            && self.secrets.is_empty()
            && self.configs.is_empty()
    }
}

/// What a deploy is asked to do.
pub struct StackInput<'a> {
    /// Loaded with the stack's name as the project name, so networks and volumes are
    /// `<stack>_<key>` already.
    pub model: &'a ComposeModel,
    pub parts: &'a StackParts,
    pub stack: &'a str,
    pub prune: bool,
}

/// `docker stack deploy -c <file>… [--prune] <stack>`.
pub fn deploy_command(files: &[String], prune: bool, stack: &str) -> String {
    let mut argv: Vec<String> = vec!["docker".into(), "stack".into(), "deploy".into()];
    for f in files {
        argv.push("-c".into());
        argv.push(f.clone());
    }
    if prune {
        argv.push("--prune".into());
    }
    argv.push(stack.into());
    tugboat_runspec::argv::command_line(&argv)
}

/// `docker stack rm <stack>`.
pub fn remove_command(stack: &str) -> String {
    tugboat_runspec::argv::command_line(&["docker", "stack", "rm", stack])
}

/// A stack name the CLI accepts and whose objects' names are valid: lowercase letters, digits,
/// `-` and `_`, starting with a letter or digit (what a compose project name is).
pub fn validate_stack_name(stack: &str) -> Result<(), EngineError> {
    if tugboat_compose::names::is_valid_project(stack) {
        Ok(())
    } else {
        Err(EngineError::InvalidInput(format!(
            "stack name `{stack}`: use lowercase letters, digits, `-` and `_`, starting with a \
             letter or digit (like `shop` or `web-2`)"
        )))
    }
}

fn namespace_filter(stack: &str) -> HashMap<String, Vec<String>> {
    HashMap::from([("label".to_owned(), vec![format!("{NAMESPACE}={stack}")])])
}

fn with_namespace(stack: &str, labels: &[(String, String)]) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = labels.iter().cloned().collect();
    out.insert(NAMESPACE.into(), stack.into());
    out
}

fn scoped(stack: &str, name: &str) -> String {
    format!("{stack}_{name}")
}

/// `80`, `8000-8001`: the ports of a number or a range.
fn port_numbers(text: &str) -> Option<Vec<i64>> {
    match text.split_once('-') {
        Some((a, b)) => {
            let (a, b): (i64, i64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a <= b).then(|| (a..=b).collect())
        }
        None => Some(vec![text.trim().parse().ok()?]),
    }
}

fn port_configs(port: &PortDef, host_mode: bool) -> Vec<EndpointPortConfig> {
    let Some(targets) = port_numbers(&port.target) else {
        return Vec::new();
    };
    let published = port.published.as_deref().and_then(port_numbers);
    let protocol = match port.protocol.as_str() {
        "udp" => EndpointPortConfigProtocolEnum::UDP,
        "sctp" => EndpointPortConfigProtocolEnum::SCTP,
        _ => EndpointPortConfigProtocolEnum::TCP,
    };
    targets
        .iter()
        .enumerate()
        .map(|(i, t)| EndpointPortConfig {
            protocol: Some(protocol),
            target_port: Some(*t),
            published_port: published.as_ref().and_then(|p| p.get(i).copied()),
            publish_mode: Some(if host_mode {
                EndpointPortConfigPublishModeEnum::HOST
            } else {
                EndpointPortConfigPublishModeEnum::INGRESS
            }),
            ..Default::default()
        })
        .collect()
}

fn object_file(r: &ObjectRef) -> (Option<String>, Option<String>, Option<String>, Option<u32>) {
    (
        Some(r.target.clone().unwrap_or_else(|| r.source.clone())),
        Some(r.uid.clone().unwrap_or_else(|| "0".into())),
        Some(r.gid.clone().unwrap_or_else(|| "0".into())),
        Some(r.mode.unwrap_or(0o444)),
    )
}

/// The engine name of the secret or config `key` of the file.
fn object_name(objects: &[SwarmObject], key: &str) -> String {
    objects
        .iter()
        .find(|o| o.key == key)
        .map_or_else(|| key.to_string(), |o| o.name.clone())
}

/// The swarm service `docker stack deploy` makes of `service` (pure; `ids` maps secret and
/// config names to their ids on the engine).
pub fn service_spec(
    input: &StackInput<'_>,
    service: &Service,
    ids: &HashMap<String, String>,
) -> ServiceSpec {
    let stack = input.stack;
    let empty = SwarmService::default();
    let swarm = input.parts.service(&service.name).unwrap_or(&empty);
    let image = service.image.clone().unwrap_or_default();
    let mut labels: HashMap<String, String> = swarm.labels.iter().cloned().collect();
    labels.insert(NAMESPACE.into(), stack.into());
    labels.insert(IMAGE.into(), image.clone());

    let mounts = service
        .volumes
        .iter()
        .map(|v| match v.kind {
            VolumeKind::Bind => Mount {
                typ: Some(MountType::BIND),
                source: v.source.clone(),
                target: Some(v.target.clone()),
                read_only: Some(v.read_only),
                ..Default::default()
            },
            VolumeKind::Tmpfs => Mount {
                typ: Some(MountType::TMPFS),
                target: Some(v.target.clone()),
                ..Default::default()
            },
            VolumeKind::Volume => {
                let def = v
                    .source
                    .as_deref()
                    .and_then(|s| input.model.volumes.iter().find(|d| d.key == s));
                let source = match (def, &v.source) {
                    (Some(d), _) => Some(d.name.clone()),
                    (None, Some(s)) => Some(s.clone()),
                    (None, None) => None,
                };
                let external = def.is_some_and(|d| d.external);
                Mount {
                    typ: Some(MountType::VOLUME),
                    source,
                    target: Some(v.target.clone()),
                    read_only: Some(v.read_only),
                    volume_options: (!external).then(|| MountVolumeOptions {
                        labels: Some(with_namespace(
                            stack,
                            def.map(|d| d.labels.as_slice()).unwrap_or_default(),
                        )),
                        driver_config: def.and_then(|d| d.driver.clone()).map(|name| {
                            MountVolumeOptionsDriverConfig {
                                name: Some(name),
                                options: None,
                            }
                        }),
                        ..Default::default()
                    }),
                    ..Default::default()
                }
            }
        })
        .collect();

    let env = service
        .environment
        .iter()
        .filter_map(|(k, v)| match v {
            Some(v) => Some(format!("{k}={v}")),
            // `environment: [KEY]` passes KEY from where the deploy runs, as the CLI does.
            None => std::env::var(k).ok().map(|v| format!("{k}={v}")),
        })
        .collect();

    let secrets = swarm
        .secrets
        .iter()
        .map(|r| {
            let name = object_name(&input.parts.secrets, &r.source);
            let (file, uid, gid, mode) = object_file(r);
            TaskSpecContainerSpecSecrets {
                file: Some(TaskSpecContainerSpecFile {
                    name: file,
                    uid,
                    gid,
                    mode,
                }),
                secret_id: ids.get(&name).cloned(),
                secret_name: Some(name),
            }
        })
        .collect();
    let configs = swarm
        .configs
        .iter()
        .map(|r| {
            let name = object_name(&input.parts.configs, &r.source);
            let (file, uid, gid, mode) = object_file(r);
            TaskSpecContainerSpecConfigs {
                file: Some(TaskSpecContainerSpecFile1 {
                    name: Some(format!(
                        "/{}",
                        file.unwrap_or_default().trim_start_matches('/')
                    )),
                    uid,
                    gid,
                    mode,
                }),
                config_id: ids.get(&name).cloned(),
                config_name: Some(name),
                ..Default::default()
            }
        })
        .collect();

    let health_check = service.healthcheck.as_ref().map(|h| HealthConfig {
        test: if h.disable {
            Some(vec!["NONE".into()])
        } else if h.test.is_empty() {
            None
        } else {
            Some(h.test.clone())
        },
        interval: h.interval_ns.map(|n| n as i64),
        timeout: h.timeout_ns.map(|n| n as i64),
        retries: h.retries.map(i64::from),
        start_period: h.start_period_ns.map(|n| n as i64),
        ..Default::default()
    });

    let container = TaskSpecContainerSpec {
        image: Some(image),
        labels: Some(with_namespace(stack, &service.labels)),
        // Compose's entrypoint is the engine's Command, its command the Args.
        command: service.entrypoint.clone(),
        args: service.command.clone(),
        hostname: service.hostname.clone(),
        env: Some(env),
        dir: service.working_dir.clone(),
        user: service.user.clone(),
        tty: Some(service.tty),
        open_stdin: Some(service.stdin_open),
        read_only: Some(service.read_only),
        mounts: Some(mounts),
        stop_signal: service.stop_signal.clone(),
        stop_grace_period: service.stop_grace_period_ns.map(|n| n as i64),
        health_check,
        // Compose writes `host:ip`; a service's hosts file entries are `ip host`.
        hosts: Some(
            service
                .extra_hosts
                .iter()
                .filter_map(|h| h.split_once(':').map(|(host, ip)| format!("{ip} {host}")))
                .collect(),
        ),
        dns_config: (!service.dns.is_empty()).then(|| TaskSpecContainerSpecDnsConfig {
            nameservers: Some(service.dns.clone()),
            ..Default::default()
        }),
        secrets: Some(secrets),
        configs: Some(configs),
        init: service.init.then_some(true),
        ..Default::default()
    };

    let limits = (service.cpus.is_some() || service.memory_bytes.is_some()).then(|| Limit {
        nano_cpus: service.cpus.map(|c| (c * 1e9) as i64),
        memory_bytes: service.memory_bytes.map(|m| m as i64),
        ..Default::default()
    });
    let reservations =
        (swarm.reserve_cpus.is_some() || swarm.reserve_memory_bytes.is_some()).then(|| {
            ResourceObject {
                nano_cpus: swarm.reserve_cpus.map(|c| (c * 1e9) as i64),
                memory_bytes: swarm.reserve_memory_bytes.map(|m| m as i64),
                ..Default::default()
            }
        });
    let restart_policy = swarm.restart.as_ref().map(|r| TaskSpecRestartPolicy {
        condition: r.condition.as_deref().and_then(|c| c.parse().ok()),
        delay: r.delay_ns.map(|n| n as i64),
        max_attempts: r.max_attempts.map(i64::from),
        window: r.window_ns.map(|n| n as i64),
    });
    let placement = TaskSpecPlacement {
        constraints: Some(swarm.constraints.clone()),
        preferences: Some(
            swarm
                .spread
                .iter()
                .map(|s| TaskSpecPlacementPreferences {
                    spread: Some(TaskSpecPlacementSpread {
                        spread_descriptor: Some(s.clone()),
                    }),
                })
                .collect(),
        ),
        max_replicas: swarm.max_replicas_per_node.map(i64::from),
        ..Default::default()
    };
    let networks = service
        .networks
        .iter()
        .map(|n| {
            let name = input
                .model
                .networks
                .iter()
                .find(|d| d.key == n.name)
                .map_or_else(|| scoped(stack, &n.name), |d| d.name.clone());
            let mut aliases = vec![service.name.clone()];
            aliases.extend(n.aliases.iter().cloned());
            NetworkAttachmentConfig {
                target: Some(name),
                aliases: Some(aliases),
                ..Default::default()
            }
        })
        .collect();

    let mode = if swarm.global {
        ServiceSpecMode {
            global: Some(HashMap::new()),
            ..Default::default()
        }
    } else {
        ServiceSpecMode {
            replicated: Some(ServiceSpecModeReplicated {
                replicas: Some(i64::from(swarm.replicas.unwrap_or(service.replicas))),
            }),
            ..Default::default()
        }
    };
    let ports = service
        .ports
        .iter()
        .enumerate()
        .flat_map(|(i, p)| port_configs(p, swarm.host_ports.get(i).copied().unwrap_or(false)))
        .collect();

    ServiceSpec {
        name: Some(scoped(stack, &service.name)),
        labels: Some(labels),
        task_template: Some(TaskSpec {
            container_spec: Some(container),
            resources: Some(TaskSpecResources {
                limits,
                reservations,
                ..Default::default()
            }),
            restart_policy,
            placement: Some(placement),
            networks: Some(networks),
            ..Default::default()
        }),
        mode: Some(mode),
        update_config: swarm.update.as_ref().map(|u| ServiceSpecUpdateConfig {
            parallelism: u.parallelism.map(i64::from),
            delay: u.delay_ns.map(|n| n as i64),
            failure_action: u.failure_action.as_deref().and_then(|f| f.parse().ok()),
            monitor: u.monitor_ns.map(|n| n as i64),
            max_failure_ratio: u.max_failure_ratio,
            order: u.order.as_deref().and_then(|o| o.parse().ok()),
        }),
        rollback_config: swarm.rollback.as_ref().map(|u| ServiceSpecRollbackConfig {
            parallelism: u.parallelism.map(i64::from),
            delay: u.delay_ns.map(|n| n as i64),
            failure_action: u.failure_action.as_deref().and_then(|f| f.parse().ok()),
            monitor: u.monitor_ns.map(|n| n as i64),
            max_failure_ratio: u.max_failure_ratio,
            order: u.order.as_deref().and_then(|o| o.parse().ok()),
        }),
        endpoint_spec: Some(EndpointSpec {
            mode: Some(match swarm.endpoint_mode.as_deref() {
                Some("dnsrr") => EndpointSpecModeEnum::DNSRR,
                _ => EndpointSpecModeEnum::VIP,
            }),
            ports: Some(ports),
        }),
        ..Default::default()
    }
}

/// What exists of a stack, by name → id (services also their version).
#[derive(Default)]
struct Existing {
    services: BTreeMap<String, (String, i64)>,
    networks: BTreeMap<String, String>,
    secrets: BTreeMap<String, String>,
    configs: BTreeMap<String, String>,
}

/// One step of a deploy, in order.
struct Step {
    row: UpStep,
    work: Work,
}

enum Work {
    Network(NetworkCreateRequest),
    /// Exists already (or external): nothing to do.
    Keep,
    /// A secret or config, made from its file.
    Object {
        kind: ObjectKind,
        name: String,
        file: String,
        labels: HashMap<String, String>,
    },
    /// Create (`None`) or update the service at its id and version.
    Service(Option<(String, i64)>),
    RemoveService(String),
}

fn step(object: StepObject, name: &str, service: Option<&str>, action: StepAction) -> UpStep {
    let kind = match object {
        StepObject::Network => "network",
        StepObject::Volume => "volume",
        StepObject::Image => "image",
        StepObject::Container => "container",
        StepObject::Service => "service",
        StepObject::Secret => "secret",
        StepObject::Config => "config",
    };
    UpStep {
        id: format!("{kind}:{name}"),
        object,
        name: name.into(),
        service: service.map(str::to_owned),
        action,
    }
}

impl Engine {
    async fn stack_existing(&self, stack: &str) -> Result<Existing, EngineError> {
        let filters = namespace_filter(stack);
        let mut out = Existing::default();
        for s in self
            .docker
            .list_services(Some(ListServicesOptions {
                filters: Some(filters.clone()),
                ..Default::default()
            }))
            .await?
        {
            let name = s
                .spec
                .as_ref()
                .and_then(|sp| sp.name.clone())
                .unwrap_or_default();
            let version = s.version.as_ref().and_then(|v| v.index).unwrap_or(0) as i64;
            out.services
                .insert(name, (s.id.unwrap_or_default(), version));
        }
        for n in self
            .docker
            .list_networks(Some(ListNetworksOptions {
                filters: Some(filters.clone()),
            }))
            .await?
        {
            out.networks
                .insert(n.name.unwrap_or_default(), n.id.unwrap_or_default());
        }
        for s in self
            .docker
            .list_secrets(Some(ListSecretsOptions {
                filters: Some(filters.clone()),
            }))
            .await?
        {
            let name = s.spec.and_then(|sp| sp.name).unwrap_or_default();
            out.secrets.insert(name, s.id.unwrap_or_default());
        }
        for c in self
            .docker
            .list_configs(Some(ListConfigsOptions {
                filters: Some(filters),
            }))
            .await?
        {
            let name = c.spec.and_then(|sp| sp.name).unwrap_or_default();
            out.configs.insert(name, c.id.unwrap_or_default());
        }
        Ok(out)
    }

    /// The ids of objects named `names` that exist outside the stack (external ones).
    async fn external_objects(
        &self,
        secrets: &[String],
        configs: &[String],
    ) -> Result<HashMap<String, String>, EngineError> {
        let mut ids = HashMap::new();
        if !secrets.is_empty() {
            for s in self.docker.list_secrets(None::<ListSecretsOptions>).await? {
                let name = s.spec.and_then(|sp| sp.name).unwrap_or_default();
                if secrets.contains(&name) {
                    ids.insert(name, s.id.unwrap_or_default());
                }
            }
        }
        if !configs.is_empty() {
            for c in self.docker.list_configs(None::<ListConfigsOptions>).await? {
                let name = c.spec.and_then(|sp| sp.name).unwrap_or_default();
                if configs.contains(&name) {
                    ids.insert(name, c.id.unwrap_or_default());
                }
            }
        }
        Ok(ids)
    }

    fn plan_stack(&self, input: &StackInput<'_>, existing: &Existing) -> Vec<Step> {
        let stack = input.stack;
        let mut steps = Vec::new();
        let used: Vec<&str> = input
            .model
            .services
            .iter()
            .flat_map(|s| s.networks.iter().map(|n| n.name.as_str()))
            .collect();
        for net in &input.model.networks {
            if !used.contains(&net.key.as_str()) {
                continue;
            }
            if net.external || existing.networks.contains_key(&net.name) {
                steps.push(Step {
                    row: step(StepObject::Network, &net.name, None, StepAction::Keep),
                    work: Work::Keep,
                });
                continue;
            }
            steps.push(Step {
                row: step(StepObject::Network, &net.name, None, StepAction::Create),
                work: Work::Network(NetworkCreateRequest {
                    name: net.name.clone(),
                    driver: Some(net.driver.clone().unwrap_or_else(|| "overlay".into())),
                    scope: Some("swarm".into()),
                    internal: Some(net.internal),
                    attachable: Some(net.attachable),
                    labels: Some(with_namespace(stack, &net.labels)),
                    ..Default::default()
                }),
            });
        }
        for (object, list, have) in [
            (StepObject::Secret, &input.parts.secrets, &existing.secrets),
            (StepObject::Config, &input.parts.configs, &existing.configs),
        ] {
            for o in list {
                let file = match (&o.file, o.external || have.contains_key(&o.name)) {
                    (Some(f), false) => f.clone(),
                    _ => {
                        steps.push(Step {
                            row: step(object, &o.name, None, StepAction::Keep),
                            work: Work::Keep,
                        });
                        continue;
                    }
                };
                let labels = with_namespace(stack, &o.labels);
                let name = o.name.clone();
                steps.push(Step {
                    row: step(object, &o.name, None, StepAction::Create),
                    work: Work::Object {
                        kind: if object == StepObject::Secret {
                            ObjectKind::Secret
                        } else {
                            ObjectKind::Config
                        },
                        name,
                        file,
                        labels,
                    },
                });
            }
        }
        let mut wanted = Vec::new();
        for s in &input.model.services {
            let name = scoped(stack, &s.name);
            wanted.push(name.clone());
            let current = existing.services.get(&name).cloned();
            let action = if current.is_some() {
                StepAction::Update
            } else {
                StepAction::Create
            };
            // The spec is made once the secrets and configs have ids.
            steps.push(Step {
                row: step(StepObject::Service, &name, Some(&s.name), action),
                work: Work::Service(current),
            });
        }
        if input.prune {
            for (name, (id, _)) in &existing.services {
                if !wanted.contains(name) {
                    steps.push(Step {
                        row: step(StepObject::Service, name, None, StepAction::Remove),
                        work: Work::RemoveService(id.clone()),
                    });
                }
            }
        }
        steps
    }

    async fn object_data(file: &str, what: &str) -> Result<Vec<u8>, EngineError> {
        let meta = tokio::fs::metadata(file)
            .await
            .map_err(|e| EngineError::File(format!("{what} file {file}: {e}")))?;
        if meta.len() > MAX_OBJECT_BYTES {
            return Err(EngineError::InvalidInput(format!(
                "{what} file {file} is {} bytes; a swarm keeps at most 500 KiB",
                meta.len()
            )));
        }
        tokio::fs::read(file)
            .await
            .map_err(|e| EngineError::File(format!("{what} file {file}: {e}")))
    }

    /// A stack's secret or config, read from its file and made through the swarm objects'
    /// own create; its id is kept for the services that refer to it.
    async fn stack_object(
        &self,
        kind: ObjectKind,
        name: String,
        file: &str,
        labels: HashMap<String, String>,
        ids: &mut HashMap<String, String>,
    ) -> Result<(), EngineError> {
        let data = Self::object_data(file, kind.word()).await?;
        let id = self
            .create_swarm_object(kind, name.clone(), labels, &data)
            .await?;
        ids.insert(name, id);
        Ok(())
    }

    /// `docker stack deploy`: the plan as the first event, then each object's step. Stops at
    /// the first failure (as the CLI does); what was made stays, and deploying again goes on
    /// from there.
    pub async fn stack_deploy(
        &self,
        input: &StackInput<'_>,
        cancel: &CancellationToken,
        report: &mut (dyn FnMut(UpEvent) + Send),
    ) -> Result<UpOutcome, EngineError> {
        validate_stack_name(input.stack)?;
        let started = Instant::now();
        let existing = self.stack_existing(input.stack).await?;
        let steps = self.plan_stack(input, &existing);
        report(UpEvent::Plan {
            steps: steps.iter().map(|s| s.row.clone()).collect(),
            command: deploy_command(&input.model.config_files, input.prune, input.stack),
        });
        let mut ids: HashMap<String, String> = existing
            .secrets
            .iter()
            .chain(existing.configs.iter())
            .map(|(n, i)| (n.clone(), i.clone()))
            .collect();
        let external = |list: &[SwarmObject]| -> Vec<String> {
            list.iter()
                .filter(|o| o.external)
                .map(|o| o.name.clone())
                .collect()
        };
        ids.extend(
            self.external_objects(
                &external(&input.parts.secrets),
                &external(&input.parts.configs),
            )
            .await?,
        );
        let services: HashMap<String, &Service> = input
            .model
            .services
            .iter()
            .map(|s| (scoped(input.stack, &s.name), s))
            .collect();
        for s in steps {
            let id = s.row.id.clone();
            if cancel.is_cancelled() {
                report(UpEvent::Cancelled {
                    message: format!("stopped before {}", s.row.name),
                });
                return Ok(UpOutcome {
                    seconds: started.elapsed().as_secs_f64(),
                    failures: vec![(id, "cancelled".into())],
                    cancelled: true,
                });
            }
            if matches!(s.work, Work::Keep) {
                report(UpEvent::Step {
                    id,
                    state: UpStepState::Done,
                    detail: Some("exists".into()),
                });
                continue;
            }
            report(UpEvent::Step {
                id: id.clone(),
                state: UpStepState::Working,
                detail: None,
            });
            let done = self.run_step(input, s, &services, &mut ids).await;
            match done {
                Ok(detail) => report(UpEvent::Step {
                    id,
                    state: UpStepState::Done,
                    detail,
                }),
                Err(e) => {
                    let message = e.to_string();
                    tracing::warn!(step = %id, error = %message, "stack deploy step failed");
                    report(UpEvent::Step {
                        id: id.clone(),
                        state: UpStepState::Failed,
                        detail: Some(message.clone()),
                    });
                    report(UpEvent::Failed {
                        message: message.clone(),
                        step_id: Some(id.clone()),
                    });
                    return Ok(UpOutcome {
                        seconds: started.elapsed().as_secs_f64(),
                        failures: vec![(id, message)],
                        cancelled: false,
                    });
                }
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        report(UpEvent::Done { seconds });
        Ok(UpOutcome {
            seconds,
            failures: Vec::new(),
            cancelled: false,
        })
    }

    async fn run_step(
        &self,
        input: &StackInput<'_>,
        s: Step,
        services: &HashMap<String, &Service>,
        ids: &mut HashMap<String, String>,
    ) -> Result<Option<String>, EngineError> {
        match s.work {
            Work::Keep => Ok(None),
            Work::Network(request) => {
                self.docker.create_network(request).await?;
                Ok(None)
            }
            Work::Object {
                kind,
                name,
                file,
                labels,
            } => {
                self.stack_object(kind, name, &file, labels, ids).await?;
                Ok(None)
            }
            Work::Service(current) => {
                let Some(service) = services.get(&s.row.name) else {
                    return Ok(None);
                };
                let spec = service_spec(input, service, ids);
                match current {
                    Some((id, version)) => {
                        let answer = self
                            .docker
                            .update_service(
                                &id,
                                spec,
                                UpdateServiceOptions {
                                    version: version as i32,
                                    ..Default::default()
                                },
                                None,
                            )
                            .await?;
                        Ok(answer.warnings.and_then(|w| w.first().cloned()))
                    }
                    None => {
                        let answer = self.docker.create_service(spec, None).await?;
                        Ok(answer.warnings.and_then(|w| w.first().cloned()))
                    }
                }
            }
            Work::RemoveService(id) => {
                self.docker.delete_service(&id).await?;
                Ok(None)
            }
        }
    }

    /// `docker stack ls`, with each stack's running and desired tasks.
    pub async fn stack_list(&self) -> Result<Vec<StackRow>, EngineError> {
        let services = self
            .docker
            .list_services(Some(ListServicesOptions {
                filters: Some(HashMap::from([(
                    "label".to_owned(),
                    vec![NAMESPACE.to_owned()],
                )])),
                status: Some(true),
            }))
            .await?;
        let mut stacks: BTreeMap<String, StackRow> = BTreeMap::new();
        for s in services {
            let Some(stack) = s
                .spec
                .as_ref()
                .and_then(|sp| sp.labels.as_ref())
                .and_then(|l| l.get(NAMESPACE))
            else {
                continue;
            };
            let row = stacks.entry(stack.clone()).or_insert_with(|| StackRow {
                name: stack.clone(),
                services: 0,
                tasks_running: 0,
                tasks_desired: 0,
            });
            row.services += 1;
            if let Some(status) = &s.service_status {
                row.tasks_running += status.running_tasks.unwrap_or(0) as u32;
                row.tasks_desired += status.desired_tasks.unwrap_or(0) as u32;
            }
        }
        Ok(stacks.into_values().collect())
    }

    /// `docker stack services <stack>`.
    pub async fn stack_services(&self, stack: &str) -> Result<Vec<StackServiceRow>, EngineError> {
        let services = self
            .docker
            .list_services(Some(ListServicesOptions {
                filters: Some(namespace_filter(stack)),
                status: Some(true),
            }))
            .await?;
        let mut out: Vec<StackServiceRow> = services
            .into_iter()
            .map(|s| {
                let spec = s.spec.unwrap_or_default();
                let global = spec.mode.as_ref().is_some_and(|m| m.global.is_some());
                let status = s.service_status.unwrap_or_default();
                StackServiceRow {
                    id: s.id.unwrap_or_default(),
                    name: spec.name.unwrap_or_default(),
                    mode: if global { "global" } else { "replicated" }.into(),
                    running: status.running_tasks.unwrap_or(0) as u32,
                    desired: status.desired_tasks.unwrap_or(0) as u32,
                    image: spec
                        .labels
                        .as_ref()
                        .and_then(|l| l.get(IMAGE).cloned())
                        .unwrap_or_default(),
                }
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// What `docker stack rm <stack>` would remove, read from the engine by the namespace
    /// label.
    pub async fn stack_remove_preview(&self, stack: &str) -> Result<StackContents, EngineError> {
        let existing = self.stack_existing(stack).await?;
        Ok(StackContents {
            stack: stack.into(),
            services: existing.services.into_keys().collect(),
            networks: existing.networks.into_keys().collect(),
            secrets: existing.secrets.into_keys().collect(),
            configs: existing.configs.into_keys().collect(),
            command: remove_command(stack),
        })
    }

    /// `docker stack rm <stack>`: exactly the objects of `preview` (what the user saw), in the
    /// CLI's order (services, secrets, configs, networks). Networks are retried while the
    /// removed services' tasks still hold them. Returns what was removed.
    pub async fn stack_remove(
        &self,
        preview: &StackContents,
    ) -> Result<StackContents, EngineError> {
        let mut removed = StackContents {
            stack: preview.stack.clone(),
            command: preview.command.clone(),
            ..Default::default()
        };
        for name in &preview.services {
            match self.docker.delete_service(name).await {
                Ok(()) => removed.services.push(name.clone()),
                Err(e) => match EngineError::from(e) {
                    EngineError::NotFound(_) => {}
                    other => return Err(other),
                },
            }
        }
        for name in &preview.secrets {
            match self
                .docker
                .delete_secret(name)
                .await
                .map_err(EngineError::from)
            {
                Ok(()) => removed.secrets.push(name.clone()),
                Err(EngineError::NotFound(_)) => {}
                Err(other) => return Err(other),
            }
        }
        for name in &preview.configs {
            match self
                .docker
                .delete_config(name)
                .await
                .map_err(EngineError::from)
            {
                Ok(()) => removed.configs.push(name.clone()),
                Err(EngineError::NotFound(_)) => {}
                Err(other) => return Err(other),
            }
        }
        for name in &preview.networks {
            let until = Instant::now() + NETWORK_RELEASE;
            loop {
                match self
                    .docker
                    .remove_network(name)
                    .await
                    .map_err(EngineError::from)
                {
                    Ok(()) => {
                        removed.networks.push(name.clone());
                        break;
                    }
                    Err(EngineError::NotFound(_)) => break,
                    // The removed services' tasks leave the network a moment later.
                    Err(EngineError::Conflict(_) | EngineError::Api { .. })
                        if Instant::now() < until =>
                    {
                        tokio::time::sleep(Duration::from_millis(250)).await;
                    }
                    Err(other) => return Err(other),
                }
            }
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tugboat_compose::{load, LoadOptions, NoFiles};

    fn loaded(text: &str) -> (ComposeModel, StackParts) {
        let options = LoadOptions {
            path: Some("/p/shop/compose.yaml".into()),
            project_name: Some("shop".into()),
            target: tugboat_compose::swarm::DeployTarget::Swarm,
            ..LoadOptions::default()
        };
        let l = load(text, &options, &NoFiles);
        (l.model.expect("model"), l.stack.expect("stack parts"))
    }

    #[test]
    fn a_service_gets_the_clis_names_labels_and_settings() {
        let (model, parts) = loaded(
            "services:\n  web:\n    image: busybox:1\n    command: httpd -f\n    labels: {tier: front}\n    ports: ['8080:80', {target: 81, published: 9091, mode: host}]\n    volumes: [data:/data]\n    secrets: [token]\n    deploy:\n      replicas: 2\n      labels: {team: web}\n      update_config: {parallelism: 1, order: start-first}\n      restart_policy: {condition: on-failure}\nvolumes:\n  data: {}\nsecrets:\n  token:\n    file: ./token\n",
        );
        let input = StackInput {
            model: &model,
            parts: &parts,
            stack: "shop",
            prune: false,
        };
        let ids = HashMap::from([("shop_token".to_string(), "s1".to_string())]);
        let spec = service_spec(&input, &model.services[0], &ids);
        assert_eq!(spec.name.as_deref(), Some("shop_web"));
        let labels = spec.labels.clone().unwrap();
        assert_eq!(labels[NAMESPACE], "shop");
        assert_eq!(labels[IMAGE], "busybox:1");
        assert_eq!(labels["team"], "web");
        let task = spec.task_template.clone().unwrap();
        let c = task.container_spec.unwrap();
        assert_eq!(c.labels.as_ref().unwrap()[NAMESPACE], "shop");
        assert_eq!(c.labels.as_ref().unwrap()["tier"], "front");
        assert_eq!(c.args, Some(vec!["httpd".to_string(), "-f".to_string()]));
        let mount = &c.mounts.unwrap()[0];
        assert_eq!(mount.source.as_deref(), Some("shop_data"));
        assert_eq!(
            mount
                .volume_options
                .as_ref()
                .unwrap()
                .labels
                .as_ref()
                .unwrap()[NAMESPACE],
            "shop"
        );
        let secret = &c.secrets.unwrap()[0];
        assert_eq!(secret.secret_name.as_deref(), Some("shop_token"));
        assert_eq!(secret.secret_id.as_deref(), Some("s1"));
        assert_eq!(secret.file.as_ref().unwrap().name.as_deref(), Some("token"));
        let net = &task.networks.unwrap()[0];
        assert_eq!(net.target.as_deref(), Some("shop_default"));
        assert_eq!(net.aliases, Some(vec!["web".to_string()]));
        assert_eq!(spec.mode.unwrap().replicated.unwrap().replicas, Some(2));
        let ports = spec.endpoint_spec.unwrap().ports.unwrap();
        assert_eq!(ports[0].published_port, Some(8080));
        assert_eq!(
            ports[0].publish_mode,
            Some(EndpointPortConfigPublishModeEnum::INGRESS)
        );
        assert_eq!(ports[1].target_port, Some(81));
        assert_eq!(
            ports[1].publish_mode,
            Some(EndpointPortConfigPublishModeEnum::HOST)
        );
        assert_eq!(
            spec.update_config.unwrap().order,
            Some(bollard::models::ServiceSpecUpdateConfigOrderEnum::START_FIRST)
        );
        assert_eq!(
            task.restart_policy.unwrap().condition,
            Some(bollard::models::TaskSpecRestartPolicyConditionEnum::ON_FAILURE)
        );
    }

    #[test]
    fn commands_are_the_clis() {
        assert_eq!(
            deploy_command(&["/p/my app/compose.yaml".into()], true, "shop"),
            "docker stack deploy -c '/p/my app/compose.yaml' --prune shop"
        );
        assert_eq!(remove_command("shop"), "docker stack rm shop");
        assert!(validate_stack_name("shop-2").is_ok());
        assert!(validate_stack_name("Shop 2").is_err());
    }
}
