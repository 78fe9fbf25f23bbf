//! `docker service create` and `docker service update` without an engine: the service form
//! (what the user typed, and what an existing service's spec reads back as), its checks with
//! errors that name the field and what would be valid, and the lines the form equals. The
//! update line names only what differs between the old and the new form, as a person would
//! type it (`--image`, `--replicas`, `--env-add`/`--env-rm`, `--publish-add`/`--publish-rm`…);
//! the engine itself is always sent the whole new spec.

use crate::form::{FieldError, MountKind, MountRow};
use crate::validate::{mounts::mounts, problem, Problems};
use crate::values;
use serde::{Deserialize, Serialize};

/// `replicated` (a number of copies) or `global` (one task on every eligible node).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ServiceMode {
    Replicated { replicas: u32 },
    Global,
}

impl Default for ServiceMode {
    fn default() -> Self {
        ServiceMode::Replicated { replicas: 1 }
    }
}

/// How a published port is reached: through every node's routing mesh, or only on the node
/// that runs the task.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PublishMode {
    #[default]
    Ingress,
    Host,
}

impl PublishMode {
    pub fn as_str(self) -> &'static str {
        match self {
            PublishMode::Ingress => "ingress",
            PublishMode::Host => "host",
        }
    }
}

/// One `--publish published=…,target=…,protocol=…,mode=…`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServicePortForm {
    /// None: the engine picks one (ingress), or none is published on the host (host mode).
    pub published: Option<u16>,
    pub target: u16,
    /// `tcp`, `udp` or `sctp`.
    pub protocol: String,
    pub mode: PublishMode,
}

/// CPUs and memory, for `--limit-*` or `--reserve-*`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceResources {
    /// Whole or part CPUs (0.5).
    pub cpus: Option<f64>,
    #[specta(type = Option<f64>)]
    pub memory_bytes: Option<i64>,
}

/// When the orchestrator starts a task again after it stops.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum RestartCondition {
    None,
    OnFailure,
    #[default]
    Any,
}

impl RestartCondition {
    pub fn as_str(self) -> &'static str {
        match self {
            RestartCondition::None => "none",
            RestartCondition::OnFailure => "on-failure",
            RestartCondition::Any => "any",
        }
    }
}

/// `--restart-condition`, `--restart-max-attempts`, `--restart-delay`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRestart {
    pub condition: RestartCondition,
    /// None: no limit.
    pub max_attempts: Option<u32>,
    #[specta(type = f64)]
    pub delay_ns: i64,
}

impl Default for ServiceRestart {
    /// The CLI's defaults: restart on any exit, five seconds apart, without a limit.
    fn default() -> Self {
        ServiceRestart {
            condition: RestartCondition::Any,
            max_attempts: None,
            delay_ns: 5_000_000_000,
        }
    }
}

/// What an update (or rollback) does when a replaced task fails.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum FailureAction {
    #[default]
    Pause,
    Continue,
    Rollback,
}

impl FailureAction {
    pub fn as_str(self) -> &'static str {
        match self {
            FailureAction::Pause => "pause",
            FailureAction::Continue => "continue",
            FailureAction::Rollback => "rollback",
        }
    }
}

/// Whether a replaced task stops before its successor starts, or after.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum UpdateOrder {
    #[default]
    StopFirst,
    StartFirst,
}

impl UpdateOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateOrder::StopFirst => "stop-first",
            UpdateOrder::StartFirst => "start-first",
        }
    }
}

/// `--update-*` (or `--rollback-*`): how tasks are replaced.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePolicy {
    /// Tasks replaced at once; 0 means all at once.
    pub parallelism: u32,
    #[specta(type = f64)]
    pub delay_ns: i64,
    pub failure_action: FailureAction,
    pub order: UpdateOrder,
    /// How long a new task is watched for failure.
    #[specta(type = f64)]
    pub monitor_ns: i64,
    /// The share of tasks (0 to 1) that may fail before the failure action.
    pub max_failure_ratio: f64,
}

impl Default for UpdatePolicy {
    /// The CLI's defaults: one at a time, no pause between, watched five seconds, pause on
    /// failure.
    fn default() -> Self {
        UpdatePolicy {
            parallelism: 1,
            delay_ns: 0,
            failure_action: FailureAction::Pause,
            order: UpdateOrder::StopFirst,
            monitor_ns: 5_000_000_000,
            max_failure_ratio: 0.0,
        }
    }
}

/// A secret or config given to the service's tasks (`--secret source=…,target=…`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRef {
    /// The secret's (config's) name.
    pub source: String,
    /// The file name in the task (under /run/secrets for a secret); None: the source's name.
    pub target: Option<String>,
}

/// The service form: what `docker service create` takes, and what an existing service's spec
/// reads back as for editing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceForm {
    /// Empty: the engine picks a name.
    pub name: String,
    pub image: String,
    /// The arguments (`docker service create IMAGE ARG…`); None: the image's own CMD.
    pub command: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    pub env: Vec<(String, String)>,
    pub workdir: String,
    pub user: String,
    pub hostname: String,
    /// The service's own labels (`--label`).
    pub labels: Vec<(String, String)>,
    /// Labels on each task's container (`--container-label`).
    pub container_labels: Vec<(String, String)>,
    pub mode: ServiceMode,
    pub ports: Vec<ServicePortForm>,
    /// Volumes, binds (of the node's folders) and tmpfs.
    pub mounts: Vec<MountRow>,
    pub networks: Vec<String>,
    pub limits: ServiceResources,
    pub reservations: ServiceResources,
    pub restart: ServiceRestart,
    pub update: UpdatePolicy,
    pub rollback: UpdatePolicy,
    /// Placement constraints such as `node.role==manager`.
    pub constraints: Vec<String>,
    pub secrets: Vec<ObjectRef>,
    pub configs: Vec<ObjectRef>,
}

/// A service form that passed every check: trimmed, with its mounts parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSpec {
    pub form: ServiceForm,
    pub mounts: Vec<crate::spec::MountSpec>,
}

/// One placement constraint, split (`node.labels.zone`, `==`, `east`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    pub key: String,
    pub equal: bool,
    pub value: String,
}

const CONSTRAINT_FORMS: &str = "node.id, node.hostname, node.role, node.platform.os, \
node.platform.arch, node.labels.<name> or engine.labels.<name>, then == or !=, then a value \
(node.role==manager, node.labels.zone!=east)";

/// A placement constraint as the engine reads it, or what is wrong with it.
pub fn constraint(text: &str) -> Result<Constraint, String> {
    let t = text.trim();
    let (at, equal) = match (t.find("=="), t.find("!=")) {
        (Some(a), Some(b)) => (a.min(b), a < b),
        (Some(a), None) => (a, true),
        (None, Some(b)) => (b, false),
        (None, None) => {
            return Err(format!(
                "`{t}` has no == or !=: a constraint is {CONSTRAINT_FORMS}"
            ))
        }
    };
    let key = t[..at].trim();
    let value = t[at + 2..].trim();
    let known = matches!(
        key,
        "node.id" | "node.hostname" | "node.role" | "node.platform.os" | "node.platform.arch"
    ) || ["node.labels.", "engine.labels."]
        .iter()
        .any(|p| key.strip_prefix(p).is_some_and(|rest| !rest.is_empty()));
    if !known {
        return Err(format!(
            "`{key}` is not something a constraint can test: use {CONSTRAINT_FORMS}"
        ));
    }
    if value.is_empty() {
        return Err(format!("`{t}` has no value after the operator"));
    }
    if key == "node.role" && !matches!(value, "manager" | "worker") {
        return Err(format!("node.role is manager or worker, not `{value}`"));
    }
    Ok(Constraint {
        key: key.to_owned(),
        equal,
        value: value.to_owned(),
    })
}

/// Whether a service name is one the engine takes: letters, digits, `-`, `_` and `.`,
/// starting with a letter or digit, at most 63 characters (it becomes a DNS name).
fn service_name(text: &str) -> Result<(), String> {
    let ok_start = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let ok_rest = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok_start || !ok_rest {
        return Err(format!(
            "`{text}` is not a service name: use letters, digits, - _ and ., starting with a letter or digit"
        ));
    }
    if text.len() > 63 {
        return Err(format!(
            "a service name is at most 63 characters (it is a DNS name); this one has {}",
            text.len()
        ));
    }
    Ok(())
}

fn pairs(
    rows: &[(String, String)],
    field: &str,
    errs: &mut Problems,
    env: bool,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (i, (k, v)) in rows.iter().enumerate() {
        let key = k.trim();
        if key.is_empty() && v.is_empty() {
            continue;
        }
        let checked = if env {
            values::env_name(key)
        } else if key.is_empty() {
            Err("a label needs a key".to_owned())
        } else {
            Ok(key.to_owned())
        };
        match checked {
            Ok(key) if out.iter().any(|(o, _)| *o == key) => problem(
                errs,
                format!("{field}[{i}].0"),
                format!("`{key}` is given twice: keep one"),
            ),
            Ok(key) => out.push((key, v.clone())),
            Err(m) => problem(errs, format!("{field}[{i}].0"), m),
        }
    }
    out
}

fn policy(p: &UpdatePolicy, field: &str, errs: &mut Problems) {
    if p.delay_ns < 0 {
        problem(
            errs,
            format!("{field}.delayNs"),
            "the delay cannot be negative: use 0 or more",
        );
    }
    if p.monitor_ns < 0 {
        problem(
            errs,
            format!("{field}.monitorNs"),
            "the monitor time cannot be negative: use 0 or more",
        );
    }
    if !(0.0..=1.0).contains(&p.max_failure_ratio) {
        problem(
            errs,
            format!("{field}.maxFailureRatio"),
            format!(
                "{} is not a share of tasks: use a number from 0 (no failure tolerated) to 1",
                p.max_failure_ratio
            ),
        );
    }
}

fn resources(r: &ServiceResources, field: &str, errs: &mut Problems) {
    if let Some(c) = r.cpus {
        if !(c.is_finite() && c > 0.0) {
            problem(
                errs,
                format!("{field}.cpus"),
                format!("{c} CPUs: use a number above 0, such as 0.5 or 2"),
            );
        }
    }
    if let Some(m) = r.memory_bytes {
        if m < values::MIN_MEMORY {
            problem(
                errs,
                format!("{field}.memoryBytes"),
                format!(
                    "{} is below the smallest the engine takes: use at least {}",
                    values::size_text(m.max(0)),
                    values::size_text(values::MIN_MEMORY)
                ),
            );
        }
    }
}

fn objects(rows: &[ObjectRef], field: &str, errs: &mut Problems) -> Vec<ObjectRef> {
    let mut out: Vec<ObjectRef> = Vec::new();
    for (i, o) in rows.iter().enumerate() {
        let source = o.source.trim();
        if source.is_empty() {
            problem(
                errs,
                format!("{field}[{i}].source"),
                format!("name the {} to give the tasks", &field[..field.len() - 1]),
            );
            continue;
        }
        let target = o.target.as_deref().map(str::trim).filter(|t| !t.is_empty());
        if let Some(t) = target {
            if t.split('/').any(|part| part == "..") {
                problem(errs, format!("{field}[{i}].target"), format!("`{t}` leaves its folder with `..`: use a plain file name or an absolute path"));
                continue;
            }
        }
        let file = target.unwrap_or(source);
        if out
            .iter()
            .any(|x| x.target.as_deref().unwrap_or(&x.source) == file)
        {
            problem(
                errs,
                format!("{field}[{i}].target"),
                format!("two entries would both be the file `{file}`: give one another target"),
            );
            continue;
        }
        out.push(ObjectRef {
            source: source.to_owned(),
            target: target.map(str::to_owned),
        });
    }
    out
}

impl ServiceForm {
    /// Every problem of the form, each on its field, or the spec it equals.
    pub fn validate(&self) -> Result<ServiceSpec, Vec<FieldError>> {
        let mut errs = Problems::new();
        let name = self.name.trim().to_owned();
        if !name.is_empty() {
            if let Err(m) = service_name(&name) {
                problem(&mut errs, "name", m);
            }
        }
        let image = match values::image_reference(&self.image) {
            Ok(i) => i,
            Err(m) => {
                problem(&mut errs, "image", m);
                String::new()
            }
        };
        let strip = |v: &Option<Vec<String>>| v.clone().filter(|w| !w.is_empty());
        let env = pairs(&self.env, "env", &mut errs, true);
        let labels = pairs(&self.labels, "labels", &mut errs, false);
        let container_labels = pairs(&self.container_labels, "containerLabels", &mut errs, false);
        let mut ports: Vec<ServicePortForm> = Vec::new();
        for (i, p) in self.ports.iter().enumerate() {
            if p.target == 0 {
                problem(
                    &mut errs,
                    format!("ports[{i}].target"),
                    "say which port the task listens on, from 1 to 65535",
                );
                continue;
            }
            if p.published == Some(0) {
                problem(
                    &mut errs,
                    format!("ports[{i}].published"),
                    "use a port from 1 to 65535, or leave it empty for the engine to choose",
                );
                continue;
            }
            let protocol = match values::protocol(if p.protocol.trim().is_empty() {
                "tcp"
            } else {
                &p.protocol
            }) {
                Ok(proto) => proto,
                Err(m) => {
                    problem(&mut errs, format!("ports[{i}].protocol"), m);
                    continue;
                }
            };
            if let Some(pb) = p.published {
                if ports
                    .iter()
                    .any(|o| o.published == Some(pb) && o.protocol == protocol)
                {
                    problem(
                        &mut errs,
                        format!("ports[{i}].published"),
                        format!("{pb}/{protocol} is published twice: a port is published once"),
                    );
                    continue;
                }
            }
            ports.push(ServicePortForm {
                published: p.published,
                target: p.target,
                protocol,
                mode: p.mode,
            });
        }
        let parsed_mounts = mounts(&self.mounts, &mut errs);
        let mut networks: Vec<String> = Vec::new();
        for (i, n) in self.networks.iter().enumerate() {
            let n = n.trim();
            if n.is_empty() {
                problem(
                    &mut errs,
                    format!("networks[{i}]"),
                    "name the network (an overlay network of the swarm)",
                );
            } else if networks.iter().any(|o| o == n) {
                problem(
                    &mut errs,
                    format!("networks[{i}]"),
                    format!("`{n}` is given twice: keep one"),
                );
            } else {
                networks.push(n.to_owned());
            }
        }
        resources(&self.limits, "limits", &mut errs);
        resources(&self.reservations, "reservations", &mut errs);
        if let (Some(r), Some(l)) = (self.reservations.memory_bytes, self.limits.memory_bytes) {
            if r > l {
                problem(
                    &mut errs,
                    "reservations.memoryBytes",
                    "the reserved memory is more than the limit: reserve at most the limit",
                );
            }
        }
        if let (Some(r), Some(l)) = (self.reservations.cpus, self.limits.cpus) {
            if r > l {
                problem(
                    &mut errs,
                    "reservations.cpus",
                    "the reserved CPUs are more than the limit: reserve at most the limit",
                );
            }
        }
        if self.restart.delay_ns < 0 {
            problem(
                &mut errs,
                "restart.delayNs",
                "the delay cannot be negative: use 0 or more",
            );
        }
        policy(&self.update, "update", &mut errs);
        policy(&self.rollback, "rollback", &mut errs);
        let mut constraints = Vec::new();
        for (i, c) in self.constraints.iter().enumerate() {
            if c.trim().is_empty() {
                continue;
            }
            match constraint(c) {
                Ok(_) => constraints.push(c.trim().to_owned()),
                Err(m) => problem(&mut errs, format!("constraints[{i}]"), m),
            }
        }
        let secrets = objects(&self.secrets, "secrets", &mut errs);
        let configs = objects(&self.configs, "configs", &mut errs);
        if !errs.is_empty() {
            return Err(errs);
        }
        let text = |s: &str| s.trim().to_owned();
        Ok(ServiceSpec {
            form: ServiceForm {
                name,
                image,
                command: strip(&self.command),
                entrypoint: strip(&self.entrypoint),
                env,
                workdir: text(&self.workdir),
                user: text(&self.user),
                hostname: text(&self.hostname),
                labels,
                container_labels,
                mode: self.mode,
                ports,
                mounts: self.mounts.clone(),
                networks,
                limits: self.limits,
                reservations: self.reservations,
                restart: self.restart,
                update: self.update,
                rollback: self.rollback,
                constraints,
                secrets,
                configs,
            },
            mounts: parsed_mounts,
        })
    }
}

fn port_value(p: &ServicePortForm) -> String {
    let mut parts = Vec::new();
    if let Some(pb) = p.published {
        parts.push(format!("published={pb}"));
    }
    parts.push(format!("target={}", p.target));
    if p.protocol != "tcp" {
        parts.push(format!("protocol={}", p.protocol));
    }
    if p.mode == PublishMode::Host {
        parts.push("mode=host".to_owned());
    }
    parts.join(",")
}

fn mount_value(m: &crate::spec::MountSpec) -> String {
    let kind = match m.kind {
        MountKind::Volume => "volume",
        MountKind::Bind => "bind",
        MountKind::Tmpfs => "tmpfs",
    };
    let mut parts = vec![format!("type={kind}")];
    if let Some(s) = &m.source {
        parts.push(format!("source={s}"));
    }
    parts.push(format!("target={}", m.target));
    if m.read_only {
        parts.push("readonly".to_owned());
    }
    parts.join(",")
}

fn object_value(o: &ObjectRef) -> String {
    match &o.target {
        Some(t) => format!("source={},target={t}", o.source),
        None => o.source.clone(),
    }
}

fn cpus_text(c: f64) -> String {
    let s = format!("{c}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

fn push_resources(
    v: &mut Vec<String>,
    r: &ServiceResources,
    old: Option<&ServiceResources>,
    kind: &str,
) {
    if r.cpus != old.and_then(|o| o.cpus) {
        v.push(format!("--{kind}-cpu"));
        v.push(r.cpus.map(cpus_text).unwrap_or_else(|| "0".into()));
    }
    if r.memory_bytes != old.and_then(|o| o.memory_bytes) {
        v.push(format!("--{kind}-memory"));
        v.push(
            r.memory_bytes
                .map(values::size_text)
                .unwrap_or_else(|| "0".into()),
        );
    }
}

fn push_restart(v: &mut Vec<String>, r: &ServiceRestart, old: &ServiceRestart) {
    if r.condition != old.condition {
        v.extend(["--restart-condition".into(), r.condition.as_str().into()]);
    }
    if r.max_attempts != old.max_attempts {
        v.extend([
            "--restart-max-attempts".into(),
            r.max_attempts.unwrap_or(0).to_string(),
        ]);
    }
    if r.delay_ns != old.delay_ns {
        v.extend(["--restart-delay".into(), values::duration_text(r.delay_ns)]);
    }
}

fn push_policy(v: &mut Vec<String>, p: &UpdatePolicy, old: &UpdatePolicy, kind: &str) {
    let mut flag = |name: &str, value: String| {
        v.push(format!("--{kind}-{name}"));
        v.push(value);
    };
    if p.parallelism != old.parallelism {
        flag("parallelism", p.parallelism.to_string());
    }
    if p.delay_ns != old.delay_ns {
        flag("delay", values::duration_text(p.delay_ns));
    }
    if p.failure_action != old.failure_action {
        flag("failure-action", p.failure_action.as_str().into());
    }
    if p.order != old.order {
        flag("order", p.order.as_str().into());
    }
    if p.monitor_ns != old.monitor_ns {
        flag("monitor", values::duration_text(p.monitor_ns));
    }
    if p.max_failure_ratio != old.max_failure_ratio {
        flag("max-failure-ratio", format!("{}", p.max_failure_ratio));
    }
}

fn kv(k: &str, v: &str) -> String {
    format!("{k}={v}")
}

impl ServiceSpec {
    /// `docker service create …`: every setting that differs from the CLI's default.
    pub fn create_argv(&self) -> Vec<String> {
        let f = &self.form;
        let mut v: Vec<String> = vec!["docker".into(), "service".into(), "create".into()];
        if !f.name.is_empty() {
            v.extend(["--name".into(), f.name.clone()]);
        }
        match f.mode {
            ServiceMode::Global => v.extend(["--mode".into(), "global".into()]),
            ServiceMode::Replicated { replicas: 1 } => {}
            ServiceMode::Replicated { replicas } => {
                v.extend(["--replicas".into(), replicas.to_string()])
            }
        }
        for (k, val) in &f.env {
            v.extend(["--env".into(), kv(k, val)]);
        }
        for (flag, value) in [
            ("--workdir", &f.workdir),
            ("--user", &f.user),
            ("--hostname", &f.hostname),
        ] {
            if !value.is_empty() {
                v.extend([flag.into(), value.clone()]);
            }
        }
        for (k, val) in &f.labels {
            v.extend(["--label".into(), kv(k, val)]);
        }
        for (k, val) in &f.container_labels {
            v.extend(["--container-label".into(), kv(k, val)]);
        }
        for p in &f.ports {
            v.extend(["--publish".into(), port_value(p)]);
        }
        for m in &self.mounts {
            v.extend(["--mount".into(), mount_value(m)]);
        }
        for n in &f.networks {
            v.extend(["--network".into(), n.clone()]);
        }
        let none = ServiceResources::default();
        push_resources(&mut v, &f.limits, Some(&none), "limit");
        push_resources(&mut v, &f.reservations, Some(&none), "reserve");
        push_restart(&mut v, &f.restart, &ServiceRestart::default());
        push_policy(&mut v, &f.update, &UpdatePolicy::default(), "update");
        push_policy(&mut v, &f.rollback, &UpdatePolicy::default(), "rollback");
        for c in &f.constraints {
            v.extend(["--constraint".into(), c.clone()]);
        }
        for s in &f.secrets {
            v.extend(["--secret".into(), object_value(s)]);
        }
        for c in &f.configs {
            v.extend(["--config".into(), object_value(c)]);
        }
        if let Some(e) = &f.entrypoint {
            v.extend(["--entrypoint".into(), crate::argv::command_line(e)]);
        }
        v.push(f.image.clone());
        if let Some(args) = &f.command {
            v.extend(args.iter().cloned());
        }
        v
    }

    /// `docker service update …` from the service as it is (`old`, read back from the engine)
    /// to this spec: only the flags for what differs, then the service's name. A mode change
    /// has no flag (the engine refuses it): that is an error on `mode`.
    pub fn update_argv(
        &self,
        old: &ServiceForm,
        service: &str,
    ) -> Result<Vec<String>, Vec<FieldError>> {
        let f = &self.form;
        let old_mounts = mounts(&old.mounts, &mut Vec::new());
        let mut v: Vec<String> = vec!["docker".into(), "service".into(), "update".into()];
        match (old.mode, f.mode) {
            (ServiceMode::Replicated { replicas: a }, ServiceMode::Replicated { replicas: b }) => {
                if a != b {
                    v.extend(["--replicas".into(), b.to_string()]);
                }
            }
            (ServiceMode::Global, ServiceMode::Global) => {}
            _ => {
                return Err(vec![FieldError::new(
                    "mode",
                    "a service stays replicated or global: to change the mode, remove the service and create it again",
                )])
            }
        }
        if f.image != old.image {
            v.extend(["--image".into(), f.image.clone()]);
        }
        diff_pairs(&mut v, &old.env, &f.env, "env");
        for (flag, new, was) in [
            ("--workdir", &f.workdir, &old.workdir),
            ("--user", &f.user, &old.user),
            ("--hostname", &f.hostname, &old.hostname),
        ] {
            if new != was {
                v.extend([flag.into(), new.clone()]);
            }
        }
        diff_pairs(&mut v, &old.labels, &f.labels, "label");
        diff_pairs(
            &mut v,
            &old.container_labels,
            &f.container_labels,
            "container-label",
        );
        for p in old.ports.iter().filter(|p| !f.ports.contains(p)) {
            let value = match p.published {
                Some(pb) => format!("published={pb},target={},protocol={}", p.target, p.protocol),
                None => format!("target={},protocol={}", p.target, p.protocol),
            };
            v.extend(["--publish-rm".into(), value]);
        }
        for p in f.ports.iter().filter(|p| !old.ports.contains(p)) {
            v.extend(["--publish-add".into(), port_value(p)]);
        }
        for m in old_mounts.iter().filter(|m| !self.mounts.contains(m)) {
            v.extend(["--mount-rm".into(), m.target.clone()]);
        }
        for m in self.mounts.iter().filter(|m| !old_mounts.contains(m)) {
            v.extend(["--mount-add".into(), mount_value(m)]);
        }
        diff_list(&mut v, &old.networks, &f.networks, "network");
        push_resources(&mut v, &f.limits, Some(&old.limits), "limit");
        push_resources(&mut v, &f.reservations, Some(&old.reservations), "reserve");
        push_restart(&mut v, &f.restart, &old.restart);
        push_policy(&mut v, &f.update, &old.update, "update");
        push_policy(&mut v, &f.rollback, &old.rollback, "rollback");
        diff_list(&mut v, &old.constraints, &f.constraints, "constraint");
        for (kind, was, now) in [
            ("secret", &old.secrets, &f.secrets),
            ("config", &old.configs, &f.configs),
        ] {
            for o in was.iter().filter(|o| !now.contains(o)) {
                v.extend([format!("--{kind}-rm"), o.source.clone()]);
            }
            for o in now.iter().filter(|o| !was.contains(o)) {
                v.extend([format!("--{kind}-add"), object_value(o)]);
            }
        }
        if f.entrypoint != old.entrypoint {
            v.extend([
                "--entrypoint".into(),
                f.entrypoint
                    .as_deref()
                    .map(crate::argv::command_line)
                    .unwrap_or_default(),
            ]);
        }
        if f.command != old.command {
            v.extend([
                "--args".into(),
                f.command
                    .as_deref()
                    .map(crate::argv::command_line)
                    .unwrap_or_default(),
            ]);
        }
        v.push(service.to_owned());
        Ok(v)
    }
}

/// `--K-rm key` for keys gone, `--K-add key=value` for keys new or changed.
fn diff_pairs(v: &mut Vec<String>, old: &[(String, String)], new: &[(String, String)], kind: &str) {
    for (k, _) in old.iter().filter(|(k, _)| !new.iter().any(|(n, _)| n == k)) {
        v.extend([format!("--{kind}-rm"), k.clone()]);
    }
    for (k, val) in new.iter().filter(|p| !old.contains(p)) {
        v.extend([format!("--{kind}-add"), kv(k, val)]);
    }
}

fn diff_list(v: &mut Vec<String>, old: &[String], new: &[String], kind: &str) {
    for o in old.iter().filter(|o| !new.contains(o)) {
        v.extend([format!("--{kind}-rm"), o.clone()]);
    }
    for n in new.iter().filter(|n| !old.contains(n)) {
        v.extend([format!("--{kind}-add"), n.clone()]);
    }
}

/// `docker service scale NAME=N`.
pub fn scale_argv(service: &str, replicas: u32) -> Vec<String> {
    vec![
        "docker".into(),
        "service".into(),
        "scale".into(),
        format!("{service}={replicas}"),
    ]
}

/// `docker service rollback NAME` (the same as `docker service update --rollback NAME`).
pub fn rollback_argv(service: &str) -> Vec<String> {
    vec![
        "docker".into(),
        "service".into(),
        "rollback".into(),
        service.to_owned(),
    ]
}

/// `docker service rm NAME`.
pub fn remove_argv(service: &str) -> Vec<String> {
    vec![
        "docker".into(),
        "service".into(),
        "rm".into(),
        service.to_owned(),
    ]
}

/// `docker service inspect NAME`.
pub fn inspect_argv(service: &str) -> Vec<String> {
    vec![
        "docker".into(),
        "service".into(),
        "inspect".into(),
        service.to_owned(),
    ]
}

/// `docker service ls`.
pub fn list_argv() -> Vec<String> {
    vec!["docker".into(), "service".into(), "ls".into()]
}

/// `docker service ps [--filter desired-state=running] NAME`: with history, every task the
/// engine still remembers; without, only the ones meant to run. For every service at once the
/// CLI needs their names, so the line asks `docker service ls -q` for them.
pub fn tasks_command(service: Option<&str>, history: bool) -> String {
    let mut v: Vec<String> = vec!["docker".into(), "service".into(), "ps".into()];
    if !history {
        v.extend(["--filter".into(), "desired-state=running".into()]);
    }
    match service {
        Some(s) => {
            v.push(s.to_owned());
            crate::argv::command_line(&v)
        }
        None => format!("{} $(docker service ls -q)", crate::argv::command_line(&v)),
    }
}

/// `docker service logs [--follow] [--timestamps] [--tail N] [--since T] NAME`.
pub fn logs_argv(
    service: &str,
    tail: Option<u32>,
    since: Option<&str>,
    follow: bool,
    timestamps: bool,
) -> Vec<String> {
    let mut v: Vec<String> = vec!["docker".into(), "service".into(), "logs".into()];
    if follow {
        v.push("--follow".into());
    }
    if timestamps {
        v.push("--timestamps".into());
    }
    if let Some(t) = tail {
        v.extend(["--tail".into(), t.to_string()]);
    }
    if let Some(s) = since.filter(|s| !s.is_empty()) {
        v.extend(["--since".into(), s.to_owned()]);
    }
    v.push(service.to_owned());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web() -> ServiceForm {
        ServiceForm {
            name: "web".into(),
            image: "nginx:1.27".into(),
            ..ServiceForm::default()
        }
    }

    fn fields(form: &ServiceForm) -> Vec<String> {
        form.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn a_plain_form_is_the_shortest_create_line() {
        let spec = web().validate().unwrap();
        assert_eq!(
            crate::argv::command_line(&spec.create_argv()),
            "docker service create --name web nginx:1.27"
        );
    }

    #[test]
    fn every_setting_has_its_create_flag() {
        let mut f = web();
        f.mode = ServiceMode::Global;
        f.env = vec![("A".into(), "1".into())];
        f.ports = vec![ServicePortForm {
            published: Some(8080),
            target: 80,
            protocol: "udp".into(),
            mode: PublishMode::Host,
        }];
        f.constraints = vec!["node.role==manager".into()];
        f.secrets = vec![ObjectRef {
            source: "db".into(),
            target: Some("pw".into()),
        }];
        f.limits.memory_bytes = Some(64 << 20);
        f.update.parallelism = 2;
        f.command = Some(vec!["echo".into(), "hi".into()]);
        let argv = f.validate().unwrap().create_argv();
        assert_eq!(
            argv,
            [
                "docker",
                "service",
                "create",
                "--name",
                "web",
                "--mode",
                "global",
                "--env",
                "A=1",
                "--publish",
                "published=8080,target=80,protocol=udp,mode=host",
                "--limit-memory",
                "64m",
                "--update-parallelism",
                "2",
                "--constraint",
                "node.role==manager",
                "--secret",
                "source=db,target=pw",
                "nginx:1.27",
                "echo",
                "hi"
            ]
        );
    }

    #[test]
    fn the_update_line_names_only_what_differs() {
        let mut old = web();
        old.env = vec![("A".into(), "1".into()), ("B".into(), "2".into())];
        old.mode = ServiceMode::Replicated { replicas: 2 };
        let mut new = old.clone();
        new.image = "nginx:1.28".into();
        new.env = vec![("A".into(), "9".into())];
        new.mode = ServiceMode::Replicated { replicas: 3 };
        new.ports = vec![ServicePortForm {
            published: None,
            target: 80,
            protocol: "tcp".into(),
            mode: PublishMode::Ingress,
        }];
        let argv = new.validate().unwrap().update_argv(&old, "web").unwrap();
        assert_eq!(
            argv,
            [
                "docker",
                "service",
                "update",
                "--replicas",
                "3",
                "--image",
                "nginx:1.28",
                "--env-rm",
                "B",
                "--env-add",
                "A=9",
                "--publish-add",
                "target=80",
                "web"
            ]
        );
        // Nothing changed: the bare command.
        let same = old.validate().unwrap().update_argv(&old, "web").unwrap();
        assert_eq!(same, ["docker", "service", "update", "web"]);
    }

    #[test]
    fn a_mode_change_is_refused_on_the_mode_field() {
        let mut new = web();
        new.mode = ServiceMode::Global;
        let errs = new
            .validate()
            .unwrap()
            .update_argv(&web(), "web")
            .unwrap_err();
        assert_eq!(errs[0].field, "mode");
    }

    #[test]
    fn errors_name_their_fields() {
        let mut f = web();
        f.name = "-bad".into();
        f.image = String::new();
        f.env = vec![(String::new(), "v".into())];
        f.ports = vec![ServicePortForm {
            target: 0,
            ..ServicePortForm::default()
        }];
        f.constraints = vec!["node.colour==red".into(), "node.role==boss".into()];
        f.update.max_failure_ratio = 1.5;
        f.limits.memory_bytes = Some(1024);
        f.secrets = vec![ObjectRef::default()];
        assert_eq!(
            fields(&f),
            [
                "name",
                "image",
                "env[0].0",
                "ports[0].target",
                "limits.memoryBytes",
                "update.maxFailureRatio",
                "constraints[0]",
                "constraints[1]",
                "secrets[0].source"
            ]
        );
    }

    #[test]
    fn constraints_are_read_as_the_engine_reads_them() {
        let c = constraint(" node.labels.zone != east ").unwrap();
        assert_eq!(
            (c.key.as_str(), c.equal, c.value.as_str()),
            ("node.labels.zone", false, "east")
        );
        assert!(constraint("node.role==worker").unwrap().equal);
        let e = constraint("zone=east").unwrap_err();
        assert!(e.contains("node.role==manager"), "{e}");
        assert!(constraint("node.labels.==x").is_err());
    }
}
