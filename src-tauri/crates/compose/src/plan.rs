//! What `docker compose up` will do, decided without an engine: the start order from
//! `depends_on` (levels; a cycle is an error naming it), each service's config hash, and per
//! replica whether its container is created, recreated, started, kept or removed given the
//! containers that exist; the networks, volumes and images to make first; the `docker
//! compose … up -d` line it equals. The engine crate runs the plan (`engine::compose::up`).

mod replica;

pub use replica::Endpoint;

use crate::model::{ComposeModel, DependCondition, Service, VolumeKind};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tugboat_runspec::argv::command_line;
use tugboat_runspec::ContainerSpec;

/// When images are pulled (`--pull`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PullPolicy {
    #[default]
    Missing,
    Always,
    Never,
}

impl PullPolicy {
    fn word(self) -> &'static str {
        match self {
            PullPolicy::Missing => "missing",
            PullPolicy::Always => "always",
            PullPolicy::Never => "never",
        }
    }
}

/// The choices of an up, besides the files (`docker compose up -d [options] [services]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpOptions {
    /// Empty: every service; otherwise these and what they depend on.
    pub services: Vec<String>,
    pub pull: PullPolicy,
    /// `--build`: build every service that has `build:`, even when its image exists.
    pub build: bool,
    pub force_recreate: bool,
    /// `--scale service=n`.
    pub scale: Vec<(String, u32)>,
}

/// An up as the Run panel asks for it: the file (as for `compose_load`) and the options.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpRequest {
    pub compose: crate::load::ComposeRequest,
    /// Empty: every service; otherwise these and what they depend on.
    pub services: Vec<String>,
    pub pull: PullPolicy,
    pub build: bool,
    pub force_recreate: bool,
    pub scale: Vec<(String, u32)>,
}

impl UpRequest {
    pub fn options(&self) -> UpOptions {
        UpOptions {
            services: self.services.clone(),
            pull: self.pull,
            build: self.build,
            force_recreate: self.force_recreate,
            scale: self.scale.clone(),
        }
    }
}

/// How an up ended: its time, and each step that failed with why (empty: all went well).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpEnd {
    pub seconds: f64,
    pub cancelled: bool,
    pub failures: Vec<UpFailure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpFailure {
    pub step_id: String,
    pub message: String,
}

/// A container of the project as the engine has it (found by its labels).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExistingContainer {
    pub id: String,
    pub name: String,
    pub service: String,
    pub number: u32,
    /// The `com.docker.compose.config-hash` label; None when missing.
    pub config_hash: Option<String>,
    pub running: bool,
}

/// What exists on the engine that the plan depends on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Existing {
    pub containers: Vec<ExistingContainer>,
    /// Network names on the engine.
    pub networks: BTreeSet<String>,
    /// Volume names on the engine.
    pub volumes: BTreeSet<String>,
    /// Image references (as the services write them) found on the engine.
    pub images: BTreeSet<String>,
}

/// The kind of object a step makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum StepObject {
    Network,
    Volume,
    Image,
    Container,
    /// A swarm service, secret or config (a stack deploy's steps).
    Service,
    Secret,
    Config,
}

/// What a step does to its object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum StepAction {
    Create,
    Recreate,
    Start,
    Keep,
    Pull,
    Build,
    /// A replica above the wanted count; a stack's service no longer in the file (`--prune`).
    Remove,
    /// A swarm service changed in place (its tasks are replaced by the swarm).
    Update,
}

/// One row of an up's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpStep {
    /// Unique in the plan: `network:<name>`, `volume:<name>`, `image:<service>`,
    /// `container:<name>`.
    pub id: String,
    pub object: StepObject,
    pub name: String,
    pub service: Option<String>,
    pub action: StepAction,
}

/// Where a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum UpStepState {
    Waiting,
    Working,
    Done,
    Failed,
    Skipped,
}

/// What an up stream carries: the plan once, then steps as they change and log lines, then one
/// `done`, `failed` or `cancelled`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum UpEvent {
    Plan {
        steps: Vec<UpStep>,
        command: String,
    },
    Step {
        id: String,
        state: UpStepState,
        detail: Option<String>,
    },
    Log {
        step_id: Option<String>,
        text: String,
    },
    Done {
        seconds: f64,
    },
    Failed {
        message: String,
        step_id: Option<String>,
    },
    /// Stopped by the user before the next step; what finished stays.
    Cancelled {
        message: String,
    },
}

/// A network the project needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkPlan {
    pub key: String,
    pub name: String,
    pub driver: Option<String>,
    pub internal: bool,
    pub attachable: bool,
    pub labels: Vec<(String, String)>,
    /// False: it exists (or is external and exists) and is only used.
    pub create: bool,
}

/// A named volume the project needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumePlan {
    pub key: String,
    pub name: String,
    pub driver: Option<String>,
    pub labels: Vec<(String, String)>,
    pub create: bool,
}

/// How a service's image is had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageAction {
    /// It is there and nothing asks for another.
    Use,
    Pull,
    Build {
        /// Absolute context folder.
        context: String,
        dockerfile: Option<String>,
        args: Vec<(String, Option<String>)>,
        target: Option<String>,
    },
}

/// A service's image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImagePlan {
    pub service: String,
    pub reference: String,
    pub action: ImageAction,
}

/// What happens to one replica's container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplicaAction {
    Create,
    /// The old container (`id`) is swapped for a new one.
    Recreate {
        id: String,
        running: bool,
    },
    Start {
        id: String,
    },
    Keep {
        id: String,
    },
    Remove {
        id: String,
    },
}

/// One replica: its container's name and number, what happens to it, and (unless removed)
/// the container it should be.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaPlan {
    pub step_id: String,
    pub number: u32,
    pub name: String,
    pub action: ReplicaAction,
    pub spec: ContainerSpec,
    /// The networks joined after create, beyond the spec's own `network`.
    pub more_networks: Vec<Endpoint>,
}

/// A dependency the service waits for before its containers are created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wait {
    pub service: String,
    pub condition: Condition,
}

/// `depends_on` conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    Started,
    Healthy,
    CompletedSuccessfully,
}

impl From<DependCondition> for Condition {
    fn from(c: DependCondition) -> Condition {
        match c {
            DependCondition::ServiceStarted => Condition::Started,
            DependCondition::ServiceHealthy => Condition::Healthy,
            DependCondition::ServiceCompletedSuccessfully => Condition::CompletedSuccessfully,
        }
    }
}

/// One service: its hash, what it waits for, its replicas.
#[derive(Debug, Clone, PartialEq)]
pub struct ServicePlan {
    pub name: String,
    pub config_hash: String,
    pub image: String,
    pub waits: Vec<Wait>,
    pub replicas: Vec<ReplicaPlan>,
    /// The healthcheck's own timing, to bound a wait for `healthy`: start period +
    /// (interval + timeout) × (retries + 1), in nanoseconds; None without a healthcheck.
    pub health_budget_ns: Option<i64>,
}

/// The whole up.
#[derive(Debug, Clone, PartialEq)]
pub struct UpPlan {
    pub project: String,
    pub networks: Vec<NetworkPlan>,
    pub volumes: Vec<VolumePlan>,
    pub images: Vec<ImagePlan>,
    /// Services by start level: every service's dependencies are in earlier levels.
    pub levels: Vec<Vec<ServicePlan>>,
    pub command: String,
}

impl UpPlan {
    /// The progress rows, in the order they run.
    pub fn steps(&self) -> Vec<UpStep> {
        let mut steps = Vec::new();
        for n in self.networks.iter().filter(|n| n.create) {
            steps.push(UpStep {
                id: format!("network:{}", n.name),
                object: StepObject::Network,
                name: n.name.clone(),
                service: None,
                action: StepAction::Create,
            });
        }
        for v in self.volumes.iter().filter(|v| v.create) {
            steps.push(UpStep {
                id: format!("volume:{}", v.name),
                object: StepObject::Volume,
                name: v.name.clone(),
                service: None,
                action: StepAction::Create,
            });
        }
        for i in &self.images {
            let action = match i.action {
                ImageAction::Use => continue,
                ImageAction::Pull => StepAction::Pull,
                ImageAction::Build { .. } => StepAction::Build,
            };
            steps.push(UpStep {
                id: image_step_id(&i.service),
                object: StepObject::Image,
                name: i.reference.clone(),
                service: Some(i.service.clone()),
                action,
            });
        }
        for s in self.levels.iter().flatten() {
            for r in &s.replicas {
                steps.push(UpStep {
                    id: r.step_id.clone(),
                    object: StepObject::Container,
                    name: r.name.clone(),
                    service: Some(s.name.clone()),
                    action: match r.action {
                        ReplicaAction::Create => StepAction::Create,
                        ReplicaAction::Recreate { .. } => StepAction::Recreate,
                        ReplicaAction::Start { .. } => StepAction::Start,
                        ReplicaAction::Keep { .. } => StepAction::Keep,
                        ReplicaAction::Remove { .. } => StepAction::Remove,
                    },
                });
            }
        }
        steps
    }
}

/// The progress row id of a service's image.
pub fn image_step_id(service: &str) -> String {
    format!("image:{service}")
}

/// The services to start, by level: `wanted` (all when empty) and what they depend on,
/// each level's services depending only on earlier levels, names sorted within a level. A
/// cycle is an error naming it (`a → b → a`); so is a `required` dependency on a service the
/// file does not have.
pub fn start_levels(model: &ComposeModel, wanted: &[String]) -> Result<Vec<Vec<String>>, String> {
    let by_name: HashMap<&str, &Service> = model
        .services
        .iter()
        .map(|s| (s.name.as_str(), s))
        .collect();
    // The services asked for, then what they need, transitively.
    let mut chosen: BTreeSet<&str> = BTreeSet::new();
    let mut todo: Vec<&str> = if wanted.is_empty() {
        model.services.iter().map(|s| s.name.as_str()).collect()
    } else {
        let mut names = Vec::new();
        for w in wanted {
            match by_name.get_key_value(w.as_str()) {
                Some((k, _)) => names.push(*k),
                None => {
                    return Err(format!(
                        "services: there is no service `{w}`; the file has {}",
                        service_list(model)
                    ))
                }
            }
        }
        names
    };
    while let Some(name) = todo.pop() {
        if !chosen.insert(name) {
            continue;
        }
        let Some(service) = by_name.get(name) else {
            continue;
        };
        for d in &service.depends_on {
            match by_name.get_key_value(d.service.as_str()) {
                Some((k, _)) => todo.push(k),
                None if d.required => {
                    return Err(format!(
                        "{name} depends on `{}`, which is not a service of this file ({})",
                        d.service,
                        service_list(model)
                    ))
                }
                None => {}
            }
        }
    }
    // Kahn's algorithm, a level at a time.
    let deps_of = |name: &str| -> BTreeSet<&str> {
        by_name
            .get(name)
            .map(|s| {
                s.depends_on
                    .iter()
                    .map(|d| d.service.as_str())
                    .filter(|d| chosen.contains(d))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    let mut levels: Vec<Vec<String>> = Vec::new();
    while placed.len() < chosen.len() {
        let level: Vec<&str> = chosen
            .iter()
            .copied()
            .filter(|n| !placed.contains(n))
            .filter(|n| deps_of(n).iter().all(|d| placed.contains(d)))
            .collect();
        if level.is_empty() {
            let left: BTreeSet<&str> = chosen.difference(&placed).copied().collect();
            return Err(format!(
                "depends_on has a cycle: {}; a service cannot wait for itself",
                cycle_in(&left, &deps_of)
            ));
        }
        placed.extend(level.iter().copied());
        levels.push(level.into_iter().map(str::to_owned).collect());
    }
    Ok(levels)
}

fn service_list(model: &ComposeModel) -> String {
    let names: Vec<&str> = model.services.iter().map(|s| s.name.as_str()).collect();
    if names.is_empty() {
        "no services".into()
    } else {
        names.join(", ")
    }
}

/// One cycle among services that all wait for one another, as `a → b → a`.
fn cycle_in<'a>(left: &BTreeSet<&'a str>, deps_of: &dyn Fn(&str) -> BTreeSet<&'a str>) -> String {
    // Every service left waits on another left one; walk until a name repeats.
    let Some(first) = left.iter().next().copied() else {
        return String::new();
    };
    let mut path: Vec<&str> = vec![first];
    let mut current = first;
    loop {
        let Some(next) = deps_of(current).into_iter().find(|d| left.contains(d)) else {
            return path.join(" → ");
        };
        if let Some(at) = path.iter().position(|p| *p == next) {
            let mut cycle: Vec<&str> = path[at..].to_vec();
            cycle.push(next);
            return cycle.join(" → ");
        }
        path.push(next);
        current = next;
    }
}

/// The service's config hash: sha256 (hex) of its canonical JSON (keys sorted), without what
/// changes nothing in its containers: replicas, `depends_on`, profiles and where it is in the
/// text.
pub fn config_hash(service: &Service) -> String {
    let mut value = serde_json::to_value(service).unwrap_or(serde_json::Value::Null);
    if let serde_json::Value::Object(map) = &mut value {
        for key in ["replicas", "dependsOn", "profiles", "span"] {
            map.remove(key);
        }
    }
    let canonical = canonical_json(&value);
    format!("{:x}", Sha256::digest(canonical.as_bytes()))
}

/// JSON with every object's keys sorted, whatever map serde_json was built with.
fn canonical_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let sorted: BTreeMap<&String, String> =
                map.iter().map(|(k, v)| (k, canonical_json(v))).collect();
            let fields: Vec<String> = sorted
                .into_iter()
                .map(|(k, v)| format!("{}:{v}", serde_json::Value::String(k.clone())))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        serde_json::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(canonical_json).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

/// The image a service runs: `image:`, or `<project>-<service>` for a build without one, as
/// Compose v2 tags it.
pub fn image_of(project: &str, service: &Service) -> String {
    service
        .image
        .clone()
        .unwrap_or_else(|| format!("{project}-{}", service.name))
}

/// The `docker compose … up -d …` line an up equals.
pub fn up_command(
    model: &ComposeModel,
    env_files: &[String],
    profiles: &[String],
    options: &UpOptions,
) -> String {
    let mut argv: Vec<String> = vec![
        "docker".into(),
        "compose".into(),
        "-p".into(),
        model.name.clone(),
    ];
    for f in &model.config_files {
        argv.push("-f".into());
        argv.push(f.clone());
    }
    for e in env_files {
        argv.push("--env-file".into());
        argv.push(e.clone());
    }
    for p in profiles {
        argv.push("--profile".into());
        argv.push(p.clone());
    }
    argv.push("up".into());
    argv.push("-d".into());
    if options.pull != PullPolicy::Missing {
        argv.push("--pull".into());
        argv.push(options.pull.word().into());
    }
    if options.build {
        argv.push("--build".into());
    }
    if options.force_recreate {
        argv.push("--force-recreate".into());
    }
    for (service, n) in &options.scale {
        argv.push("--scale".into());
        argv.push(format!("{service}={n}"));
    }
    argv.extend(options.services.iter().cloned());
    command_line(&argv)
}

/// Decides the whole up. Errors name what is wrong: a cycle, an unknown service, an external
/// network or volume that does not exist, an image that is missing when pulling is `never`.
pub fn plan(
    model: &ComposeModel,
    options: &UpOptions,
    existing: &Existing,
    env_files: &[String],
    profiles: &[String],
) -> Result<UpPlan, String> {
    let levels = start_levels(model, &options.services)?;
    let by_name: HashMap<&str, &Service> = model
        .services
        .iter()
        .map(|s| (s.name.as_str(), s))
        .collect();
    let chosen: Vec<&Service> = levels
        .iter()
        .flatten()
        .filter_map(|n| by_name.get(n.as_str()).copied())
        .collect();
    for (service, _) in &options.scale {
        if !by_name.contains_key(service.as_str()) {
            return Err(format!(
                "scale: there is no service `{service}`; the file has {}",
                service_list(model)
            ));
        }
    }

    let networks = plan_networks(model, &chosen, existing)?;
    let volumes = plan_volumes(model, &chosen, existing)?;
    let images = plan_images(model, &chosen, options, existing)?;

    let mut planned_levels = Vec::new();
    for level in &levels {
        let mut services = Vec::new();
        for name in level {
            let Some(service) = by_name.get(name.as_str()) else {
                continue;
            };
            services.push(plan_service(model, service, options, existing, &networks)?);
        }
        planned_levels.push(services);
    }
    Ok(UpPlan {
        project: model.name.clone(),
        networks,
        volumes,
        images,
        levels: planned_levels,
        command: up_command(model, env_files, profiles, options),
    })
}

/// The network keys a service joins: none with `network_mode:`, `default` when it names none.
fn network_keys(service: &Service) -> Vec<String> {
    if service.network_mode.is_some() {
        vec![]
    } else if service.networks.is_empty() {
        vec!["default".into()]
    } else {
        service.networks.iter().map(|n| n.name.clone()).collect()
    }
}

fn plan_networks(
    model: &ComposeModel,
    chosen: &[&Service],
    existing: &Existing,
) -> Result<Vec<NetworkPlan>, String> {
    let used: BTreeSet<String> = chosen.iter().flat_map(|s| network_keys(s)).collect();
    let mut out = Vec::new();
    for key in used {
        let def = model.networks.iter().find(|n| n.key == key);
        let plan = match def {
            Some(d) => {
                let exists = existing.networks.contains(&d.name);
                if d.external && !exists {
                    return Err(format!(
                        "network `{}` is declared external, so it must exist already; create it \
                         first (docker network create {}) or remove `external: true`",
                        d.name, d.name
                    ));
                }
                NetworkPlan {
                    key: key.clone(),
                    name: d.name.clone(),
                    driver: d.driver.clone(),
                    internal: d.internal,
                    attachable: d.attachable,
                    labels: network_labels(&model.name, &key, &d.labels),
                    create: !exists && !d.external,
                }
            }
            None if key == "default" => {
                let name = crate::names::scoped_name(&model.name, "default");
                NetworkPlan {
                    create: !existing.networks.contains(&name),
                    key: key.clone(),
                    name,
                    driver: None,
                    internal: false,
                    attachable: false,
                    labels: network_labels(&model.name, &key, &[]),
                }
            }
            None => {
                return Err(format!(
                    "network `{key}` is used by a service but not declared under `networks:`"
                ))
            }
        };
        out.push(plan);
    }
    Ok(out)
}

fn network_labels(project: &str, key: &str, own: &[(String, String)]) -> Vec<(String, String)> {
    use crate::labels::{NETWORK, PROJECT, VERSION, VERSION_VALUE};
    let mut labels = own.to_vec();
    labels.push((NETWORK.into(), key.into()));
    labels.push((PROJECT.into(), project.into()));
    labels.push((VERSION.into(), VERSION_VALUE.into()));
    labels
}

fn plan_volumes(
    model: &ComposeModel,
    chosen: &[&Service],
    existing: &Existing,
) -> Result<Vec<VolumePlan>, String> {
    use crate::labels::{PROJECT, VERSION, VERSION_VALUE, VOLUME};
    let used: BTreeSet<&str> = chosen
        .iter()
        .flat_map(|s| s.volumes.iter())
        .filter(|v| v.kind == VolumeKind::Volume)
        .filter_map(|v| v.source.as_deref())
        .collect();
    let mut out = Vec::new();
    for key in used {
        let Some(d) = model.volumes.iter().find(|v| v.key == key) else {
            return Err(format!(
                "volume `{key}` is used by a service but not declared under the top-level \
                 `volumes:`; declare it there, or write a path (./{key}) for a bind mount"
            ));
        };
        let exists = existing.volumes.contains(&d.name);
        if d.external && !exists {
            return Err(format!(
                "volume `{}` is declared external, so it must exist already; create it first \
                 (docker volume create {}) or remove `external: true`",
                d.name, d.name
            ));
        }
        let mut labels = d.labels.clone();
        labels.push((VOLUME.into(), key.into()));
        labels.push((PROJECT.into(), model.name.clone()));
        labels.push((VERSION.into(), VERSION_VALUE.into()));
        out.push(VolumePlan {
            key: key.into(),
            name: d.name.clone(),
            driver: d.driver.clone(),
            labels,
            create: !exists && !d.external,
        });
    }
    Ok(out)
}

fn plan_images(
    model: &ComposeModel,
    chosen: &[&Service],
    options: &UpOptions,
    existing: &Existing,
) -> Result<Vec<ImagePlan>, String> {
    let mut out = Vec::new();
    for s in chosen {
        let reference = image_of(&model.name, s);
        let present = existing.images.contains(&reference);
        let policy = match s.pull_policy.as_deref() {
            _ if options.pull != PullPolicy::Missing => options.pull,
            Some("always") => PullPolicy::Always,
            Some("never") => PullPolicy::Never,
            _ => PullPolicy::Missing,
        };
        let action = match &s.build {
            Some(b) if options.build || !present || s.pull_policy.as_deref() == Some("build") => {
                ImageAction::Build {
                    context: b.context.clone(),
                    dockerfile: Some(b.dockerfile.clone()).filter(|d| !d.is_empty()),
                    args: b.args.clone(),
                    target: b.target.clone(),
                }
            }
            Some(_) => ImageAction::Use,
            None => match (policy, present) {
                (PullPolicy::Always, _) | (PullPolicy::Missing, false) => ImageAction::Pull,
                (PullPolicy::Never, false) => {
                    return Err(format!(
                        "{}: image `{reference}` is not on this engine and pulling is `never`; \
                         pull it first (docker pull {reference}) or choose the `missing` policy",
                        s.name
                    ))
                }
                _ => ImageAction::Use,
            },
        };
        out.push(ImagePlan {
            service: s.name.clone(),
            reference,
            action,
        });
    }
    Ok(out)
}

fn plan_service(
    model: &ComposeModel,
    service: &Service,
    options: &UpOptions,
    existing: &Existing,
    networks: &[NetworkPlan],
) -> Result<ServicePlan, String> {
    let hash = config_hash(service);
    let wanted = options
        .scale
        .iter()
        .find(|(s, _)| *s == service.name)
        .map(|(_, n)| *n)
        .unwrap_or(service.replicas);
    if wanted > 1 && service.container_name.is_some() {
        return Err(format!(
            "{}: `container_name` gives every container the same name, so the service can run \
             only one; remove container_name or scale it to 1",
            service.name
        ));
    }
    let mut own: Vec<&ExistingContainer> = existing
        .containers
        .iter()
        .filter(|c| c.service == service.name)
        .collect();
    own.sort_by_key(|c| c.number);
    let image = image_of(&model.name, service);
    let mut replicas = Vec::new();
    let mut taken: BTreeSet<u32> = BTreeSet::new();
    for c in &own {
        if c.number == 0 || c.number > wanted || !taken.insert(c.number) {
            replicas.push(ReplicaPlan {
                step_id: format!("container:{}", c.name),
                number: c.number,
                name: c.name.clone(),
                action: ReplicaAction::Remove { id: c.id.clone() },
                spec: ContainerSpec::default(),
                more_networks: vec![],
            });
        }
    }
    for number in 1..=wanted {
        let (spec, more_networks) =
            replica::container_spec(model, service, number, &hash, &image, networks);
        let name = spec.name.clone().unwrap_or_default();
        let old = own
            .iter()
            .find(|c| c.number == number && taken.contains(&number));
        let action = match old {
            None => ReplicaAction::Create,
            Some(c)
                if options.force_recreate || c.config_hash.as_deref() != Some(hash.as_str()) =>
            {
                ReplicaAction::Recreate {
                    id: c.id.clone(),
                    running: c.running,
                }
            }
            Some(c) if c.running => ReplicaAction::Keep { id: c.id.clone() },
            Some(c) => ReplicaAction::Start { id: c.id.clone() },
        };
        replicas.push(ReplicaPlan {
            step_id: format!("container:{name}"),
            number,
            name,
            action,
            spec,
            more_networks,
        });
    }
    let waits = service
        .depends_on
        .iter()
        .filter(|d| model.services.iter().any(|s| s.name == d.service))
        .map(|d| Wait {
            service: d.service.clone(),
            condition: d.condition.into(),
        })
        .collect();
    let health_budget_ns = service
        .healthcheck
        .as_ref()
        .filter(|h| !h.disable)
        .map(|h| {
            // The engine's defaults: 30 s, 30 s, 3 retries, no start period.
            let interval = h.interval_ns.unwrap_or(30e9);
            let timeout = h.timeout_ns.unwrap_or(30e9);
            let retries = f64::from(h.retries.unwrap_or(3));
            (h.start_period_ns.unwrap_or(0.0) + (interval + timeout) * (retries + 1.0)) as i64
        });
    Ok(ServicePlan {
        name: service.name.clone(),
        config_hash: hash,
        image,
        waits,
        replicas,
        health_budget_ns,
    })
}

#[cfg(test)]
mod tests;
