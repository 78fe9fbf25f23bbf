//! A compose file read for `docker stack deploy` instead of `docker compose up`: the checks
//! that explain on their lines what swarm mode does differently (keys the stack deploy of the
//! 20.10 CLI ignores or refuses, `build:` without `image:`, what each `deploy:` key does, where
//! secrets and configs come from), and the parts of the file only a stack uses (`deploy:`,
//! `secrets:`, `configs:`), read into [`StackParts`] for the engine crate.
//!
//! The key lists follow the 20.10 CLI (`cli/compose/types`): `UnsupportedProperties` are
//! ignored with "Ignoring unsupported options:", `DeprecatedProperties` with "Ignoring
//! deprecated options:", and `ForbiddenProperties` make the deploy fail.

use crate::names::scoped_name;
use crate::paths::resolve;
use crate::yaml::{Node, Value};
use crate::{diagnostic, Severity};
use serde::{Deserialize, Serialize};
use std::path::Path;
use tugboat_runspec::values;
use tugboat_textspan::{Diagnostic, QuickFix, Span, TextEdit};

/// A key stack deploy ignores (or refuses) on a service.
pub const SWARM_IGNORED: &str = "swarm-ignored";
/// A service with `build:` and no `image:`: a swarm cannot build.
pub const SWARM_NEEDS_IMAGE: &str = "swarm-needs-image";
/// What a `deploy:` key (or a top-level secret or config) does in a swarm.
pub const SWARM_DEPLOY: &str = "swarm-deploy";

/// What a load is for: `docker compose up` or `docker stack deploy`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum DeployTarget {
    #[default]
    Compose,
    Swarm,
}

/// Service keys the 20.10 CLI ignores, printing "Ignoring unsupported options:"; with what to
/// do instead.
const UNSUPPORTED: &[(&str, &str)] = &[
    ("build", "a swarm runs images and cannot build; build and push the image first, then name it in `image:`"),
    ("cap_add", "services get the engine's default capabilities"),
    ("cap_drop", "services get the engine's default capabilities"),
    ("cgroupns_mode", "tasks get the engine's default cgroup namespace"),
    ("cgroup_parent", "tasks are placed under the engine's default cgroup"),
    ("devices", "tasks cannot be given host devices"),
    ("domainname", "tasks get no domain name"),
    ("external_links", "use a shared overlay network instead"),
    ("ipc", "tasks get a private IPC namespace"),
    ("links", "services on the same network reach each other by service name"),
    ("mac_address", "tasks get addresses from the network"),
    ("network_mode", "services join overlay networks (`networks:`)"),
    ("pid", "tasks get a private PID namespace"),
    ("privileged", "tasks never run privileged"),
    ("restart", "use `deploy.restart_policy` (condition: none, on-failure or any)"),
    ("security_opt", "tasks get the engine's default security options"),
    ("shm_size", "tasks get the default /dev/shm size"),
    ("userns_mode", "tasks get the engine's user namespace setting"),
];

/// Service keys the 20.10 CLI ignores as deprecated ("Ignoring deprecated options:").
const DEPRECATED: &[(&str, &str)] = &[
    (
        "container_name",
        "a swarm names task containers itself (`<stack>_<service>.<slot>.<id>`)",
    ),
    (
        "expose",
        "services on one network reach each other on any port anyway",
    ),
];

/// Service keys that make the 20.10 CLI refuse the whole file.
const FORBIDDEN: &[(&str, &str)] = &[
    (
        "volume_driver",
        "declare the volume under the top-level `volumes:` with its `driver:` and mount it by name",
    ),
    (
        "volumes_from",
        "declare a named volume and mount it in each service that shares it",
    ),
    ("cpu_quota", "set `deploy.resources.limits.cpus`"),
    ("cpu_shares", "set `deploy.resources.limits.cpus`"),
    ("cpuset", "set `deploy.resources.limits.cpus`"),
    ("mem_limit", "set `deploy.resources.limits.memory`"),
    ("memswap_limit", "set `deploy.resources.limits.memory`"),
];

/// Keys compose reads but a stack never uses (no ordering in a swarm).
const NOT_IN_SWARM: &[(&str, &str)] = &[(
    "depends_on",
    "a swarm starts every service at once and restarts tasks that fail; make services wait for \
     what they need themselves",
)];

/// What each `deploy:` key does in a swarm.
const DEPLOY_KEYS: &[(&str, &str)] = &[
    ("replicas", "how many tasks the swarm keeps running (replicated mode)"),
    ("mode", "`replicated` runs `replicas` tasks; `global` runs one task on every node"),
    ("placement", "which nodes may run the tasks (`constraints`, `preferences`, `max_replicas_per_node`)"),
    ("update_config", "how `docker stack deploy` replaces tasks when the service changes: how many at once, the delay, what to do on failure"),
    ("rollback_config", "how tasks are replaced when an update is rolled back"),
    ("resources", "CPU and memory limits and reservations; the scheduler only places tasks on nodes with the reserved room"),
    ("restart_policy", "when the swarm restarts a task that stopped: condition, delay, max_attempts, window"),
    ("endpoint_mode", "`vip` gives the service one virtual address; `dnsrr` answers its name with every task's address"),
    ("labels", "labels on the service itself (task containers get the service's `labels:`)"),
];

/// The stack-only parts of the file, for the engine's deploy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StackParts {
    /// One per active service, in the model's order.
    pub services: Vec<SwarmService>,
    pub secrets: Vec<SwarmObject>,
    pub configs: Vec<SwarmObject>,
}

impl StackParts {
    pub fn service(&self, name: &str) -> Option<&SwarmService> {
        self.services.iter().find(|s| s.name == name)
    }
}

/// A service's `deploy:`, `secrets:` and `configs:`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SwarmService {
    pub name: String,
    /// `deploy.mode: global`.
    pub global: bool,
    /// `deploy.replicas` (`None`: 1).
    pub replicas: Option<u32>,
    pub constraints: Vec<String>,
    /// `spread` descriptors of `deploy.placement.preferences`.
    pub spread: Vec<String>,
    pub max_replicas_per_node: Option<u32>,
    pub update: Option<UpdatePolicy>,
    pub rollback: Option<UpdatePolicy>,
    pub restart: Option<RestartPolicy>,
    pub reserve_cpus: Option<f64>,
    pub reserve_memory_bytes: Option<f64>,
    /// `vip` or `dnsrr`.
    pub endpoint_mode: Option<String>,
    /// `deploy.labels`: on the service, not its tasks.
    pub labels: Vec<(String, String)>,
    pub secrets: Vec<ObjectRef>,
    pub configs: Vec<ObjectRef>,
    /// Whether each port is published in `host` mode, by the model's port index (long syntax
    /// `mode: host`); ingress otherwise.
    pub host_ports: Vec<bool>,
}

/// `update_config` / `rollback_config`; durations in nanoseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", rename = "StackUpdatePolicy")]
pub struct UpdatePolicy {
    pub parallelism: Option<u32>,
    pub delay_ns: Option<f64>,
    /// `pause`, `continue` or `rollback`.
    pub failure_action: Option<String>,
    pub monitor_ns: Option<f64>,
    pub max_failure_ratio: Option<f64>,
    /// `stop-first` or `start-first`.
    pub order: Option<String>,
}

/// `restart_policy`; durations in nanoseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", rename = "StackRestartPolicy")]
pub struct RestartPolicy {
    /// `none`, `on-failure` or `any`.
    pub condition: Option<String>,
    pub delay_ns: Option<f64>,
    pub max_attempts: Option<u32>,
    pub window_ns: Option<f64>,
}

/// A service's use of a secret or config. (Named apart in the bindings from the service form's
/// simpler `ObjectRef`; a struct's name does not change its JSON.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", rename = "StackObjectRef")]
pub struct ObjectRef {
    /// The key under the top-level `secrets:`/`configs:`.
    pub source: String,
    /// The file name in the task (`None`: the key; secrets under /run/secrets, configs at /).
    pub target: Option<String>,
    pub uid: Option<String>,
    pub gid: Option<String>,
    pub mode: Option<u32>,
}

/// A top-level secret or config.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SwarmObject {
    pub key: String,
    /// The name on the engine: `<stack>_<key>`, `name:` when given, the key (or `name:`) when
    /// external.
    pub name: String,
    /// `file:`, absolute.
    pub file: Option<String>,
    pub external: bool,
    pub labels: Vec<(String, String)>,
}

fn text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Scalar { text, .. } if !node.is_null() => Some(text.clone()),
        _ => None,
    }
}

fn number(node: Option<&Node>) -> Option<f64> {
    let n = node?;
    n.as_float().or_else(|| text(n)?.trim().parse().ok())
}

fn count(node: Option<&Node>) -> Option<u32> {
    let n = node?;
    n.as_int()
        .or_else(|| text(n)?.trim().parse().ok())
        .map(|i| i.clamp(0, u32::MAX as i64) as u32)
}

fn duration(node: Option<&Node>) -> Option<f64> {
    let t = text(node?)?;
    values::duration_ns(&t, "duration")
        .ok()
        .flatten()
        .map(|n| n as f64)
}

fn size(node: Option<&Node>) -> Option<f64> {
    let t = text(node?)?;
    values::size(&t, "size").ok().flatten().map(|b| b as f64)
}

fn texts(node: Option<&Node>) -> Vec<String> {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items.iter().filter_map(text).collect(),
        Some(Value::Scalar { .. }) => node.and_then(text).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn labels(node: Option<&Node>) -> Vec<(String, String)> {
    match node.map(|n| &n.value) {
        Some(Value::Map(entries)) => entries
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), text(v).unwrap_or_default())))
            .collect(),
        Some(Value::Seq(items)) => items
            .iter()
            .filter_map(text)
            .map(|t| match t.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (t, String::new()),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn update_policy(node: Option<&Node>) -> Option<UpdatePolicy> {
    let n = node?;
    Some(UpdatePolicy {
        parallelism: count(n.get("parallelism")),
        delay_ns: duration(n.get("delay")),
        failure_action: n.get("failure_action").and_then(text),
        monitor_ns: duration(n.get("monitor")),
        max_failure_ratio: number(n.get("max_failure_ratio")),
        order: n.get("order").and_then(text),
    })
}

fn object_refs(node: Option<&Node>) -> Vec<ObjectRef> {
    let Some(items) = node.and_then(Node::as_seq) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match &item.value {
            Value::Scalar { .. } => Some(ObjectRef {
                source: text(item)?,
                ..ObjectRef::default()
            }),
            Value::Map(_) => Some(ObjectRef {
                source: item.get("source").and_then(text)?,
                target: item.get("target").and_then(text),
                uid: item.get("uid").and_then(text),
                gid: item.get("gid").and_then(text),
                // Modes are written in octal (0440); YAML 1.1 readers take a leading 0 as octal.
                mode: item.get("mode").and_then(text).and_then(|m| {
                    let m = m.trim();
                    match m.strip_prefix("0o").or_else(|| m.strip_prefix('0')) {
                        Some(oct) if !oct.is_empty() => u32::from_str_radix(oct, 8).ok(),
                        _ => m.parse().ok(),
                    }
                }),
            }),
            Value::Seq(_) => None,
        })
        .collect()
}

/// The stack-only parts of the merged `root`, for the services in `active`; names scoped with
/// `stack` and files resolved against `project_dir`.
pub fn parts(root: &Node, active: &[&str], stack: &str, project_dir: Option<&Path>) -> StackParts {
    let mut out = StackParts::default();
    let services = root.get("services");
    for name in active {
        let Some(node) = services.and_then(|s| s.get(name)) else {
            continue;
        };
        let deploy = node.get("deploy");
        let d = |k: &str| deploy.and_then(|d| d.get(k));
        let placement = d("placement");
        let reservations = d("resources").and_then(|r| r.get("reservations"));
        let restart = d("restart_policy").map(|r| RestartPolicy {
            condition: r.get("condition").and_then(text),
            delay_ns: duration(r.get("delay")),
            max_attempts: count(r.get("max_attempts")),
            window_ns: duration(r.get("window")),
        });
        let host_ports = node
            .get("ports")
            .and_then(Node::as_seq)
            .unwrap_or_default()
            .iter()
            .map(|p| p.get("mode").and_then(Node::as_str) == Some("host"))
            .collect();
        out.services.push(SwarmService {
            name: (*name).to_string(),
            global: d("mode").and_then(Node::as_str) == Some("global"),
            replicas: count(d("replicas")),
            constraints: texts(placement.and_then(|p| p.get("constraints"))),
            spread: placement
                .and_then(|p| p.get("preferences"))
                .and_then(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .filter_map(|p| p.get("spread").and_then(text))
                .collect(),
            max_replicas_per_node: count(placement.and_then(|p| p.get("max_replicas_per_node"))),
            update: update_policy(d("update_config")),
            rollback: update_policy(d("rollback_config")),
            restart,
            reserve_cpus: number(reservations.and_then(|r| r.get("cpus"))),
            reserve_memory_bytes: size(reservations.and_then(|r| r.get("memory"))),
            endpoint_mode: d("endpoint_mode").and_then(text),
            labels: labels(d("labels")),
            secrets: object_refs(node.get("secrets")),
            configs: object_refs(node.get("configs")),
            host_ports,
        });
    }
    for (section, list) in [("secrets", &mut out.secrets), ("configs", &mut out.configs)] {
        for (key, def) in root.get(section).and_then(Node::as_map).unwrap_or_default() {
            let Some(key) = key.as_str() else { continue };
            let external = match def.get("external") {
                Some(e) => e.as_bool().unwrap_or(e.as_map().is_some()),
                None => false,
            };
            let given = def.get("name").and_then(text).or_else(|| {
                def.get("external")
                    .and_then(|e| e.get("name"))
                    .and_then(text)
            });
            let name = match given {
                Some(n) => n,
                None if external => key.to_string(),
                None => scoped_name(stack, key),
            };
            list.push(SwarmObject {
                key: key.to_string(),
                name,
                file: def
                    .get("file")
                    .and_then(text)
                    .map(|f| resolve(project_dir, None, &f)),
                external,
                labels: labels(def.get("labels")),
            });
        }
    }
    out
}

fn note(rule: &str, severity: Severity, message: String, span: Span) -> Diagnostic {
    diagnostic(rule, severity, message, span)
}

/// The first column of the line `offset` (UTF-16) is on, as spaces: the indent to insert a
/// sibling key with.
fn indent_at(text: &str, offset: u32) -> String {
    let units: Vec<u16> = text.encode_utf16().take(offset as usize).collect();
    let line_start = units
        .iter()
        .rposition(|u| *u == u16::from(b'\n'))
        .map_or(0, |i| i + 1);
    " ".repeat(units.len() - line_start)
}

/// What stack deploy does differently, on the lines of the main file's merged `root` (`main_text` is
/// the main file, for quick fixes), for the services in `active`. `exists` says whether a
/// secret's or config's `file:` is there.
pub fn check(
    root: &Node,
    main_text: &str,
    active: &[&str],
    stack: &str,
    project_dir: Option<&Path>,
    exists: &dyn Fn(&Path) -> bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let services = root
        .get("services")
        .and_then(Node::as_map)
        .unwrap_or_default();
    for (name_node, service) in services {
        let Some(name) = name_node.as_str() else {
            continue;
        };
        if !active.contains(&name) {
            continue;
        }
        let Some(entries) = service.as_map() else {
            continue;
        };
        let has_image = service.get("image").is_some_and(|i| !i.is_null());
        for (key, value) in entries {
            let k = key.as_str().unwrap_or_default();
            if k == "build" && !has_image {
                let indent = indent_at(main_text, key.span.start);
                let image = format!("{stack}_{name}");
                let mut d = note(
                    SWARM_NEEDS_IMAGE,
                    Severity::Error,
                    format!(
                        "`{name}` has `build:` and no `image:`: a swarm cannot build, it pulls \
                         images on every node. Build and push the image, then name it in `image:`"
                    ),
                    key.span,
                );
                d.fix = Some(QuickFix {
                    title: format!("Add `image: {image}`"),
                    edits: vec![TextEdit {
                        start: key.span.start,
                        end: key.span.start,
                        insert: format!("image: {image}\n{indent}"),
                    }],
                });
                out.push(d);
                continue;
            }
            if let Some((_, instead)) = UNSUPPORTED.iter().find(|(u, _)| *u == k) {
                out.push(note(
                    SWARM_IGNORED,
                    Severity::Warning,
                    format!("`{k}`: docker stack deploy ignores it (\"Ignoring unsupported options\"); {instead}"),
                    key.span,
                ));
            } else if let Some((_, why)) = DEPRECATED.iter().find(|(u, _)| *u == k) {
                out.push(note(
                    SWARM_IGNORED,
                    Severity::Warning,
                    format!("`{k}`: docker stack deploy ignores it (\"Ignoring deprecated options\"): {why}"),
                    key.span,
                ));
            } else if let Some((_, instead)) = FORBIDDEN.iter().find(|(u, _)| *u == k) {
                out.push(note(
                    SWARM_IGNORED,
                    Severity::Error,
                    format!("`{k}`: docker stack deploy refuses a file with it; {instead}"),
                    key.span,
                ));
            } else if let Some((_, why)) = NOT_IN_SWARM.iter().find(|(u, _)| *u == k) {
                out.push(note(
                    SWARM_IGNORED,
                    Severity::Warning,
                    format!("`{k}`: has no effect in a swarm: {why}"),
                    key.span,
                ));
            } else if k == "deploy" {
                for (dk, _) in value.as_map().unwrap_or_default() {
                    let d = dk.as_str().unwrap_or_default();
                    if let Some((_, what)) = DEPLOY_KEYS.iter().find(|(u, _)| *u == d) {
                        out.push(note(
                            SWARM_DEPLOY,
                            Severity::Info,
                            format!("`deploy.{d}`: {what}"),
                            dk.span,
                        ));
                    }
                }
            } else if k == "secrets" || k == "configs" {
                for r in object_refs(Some(value)) {
                    let declared = root.get(k).and_then(|s| s.key(&r.source)).is_some();
                    if !declared {
                        out.push(note(
                            SWARM_DEPLOY,
                            Severity::Error,
                            format!(
                                "`{name}` uses {} `{}`, which the top-level `{k}:` does not \
                                 declare; declare it with `file:` or `external: true`",
                                &k[..k.len() - 1],
                                r.source
                            ),
                            value.span,
                        ));
                    }
                }
            }
        }
    }
    for section in ["secrets", "configs"] {
        let what = &section[..section.len() - 1];
        for (key, def) in root.get(section).and_then(Node::as_map).unwrap_or_default() {
            let Some(k) = key.as_str() else { continue };
            let external = def
                .get("external")
                .is_some_and(|e| e.as_bool().unwrap_or(e.as_map().is_some()));
            if external {
                out.push(note(
                    SWARM_DEPLOY,
                    Severity::Info,
                    format!("{what} `{k}` is external: it must exist in the swarm already (`docker {what} create`); the stack uses it and `docker stack rm` leaves it"),
                    key.span,
                ));
            } else if let Some(file) = def.get("file").and_then(text) {
                let path = resolve(project_dir, None, &file);
                let name = def
                    .get("name")
                    .and_then(text)
                    .unwrap_or_else(|| scoped_name(stack, k));
                if exists(Path::new(&path)) {
                    out.push(note(
                        SWARM_DEPLOY,
                        Severity::Info,
                        format!("{what} `{k}` is created as `{name}` from {path}; the swarm keeps its contents, and `docker stack rm` removes it"),
                        key.span,
                    ));
                } else {
                    out.push(note(
                        SWARM_DEPLOY,
                        Severity::Error,
                        format!("{what} `{k}`: the file {path} cannot be read; the {what} is made from it"),
                        def.get("file").map_or(key.span, |f| f.span),
                    ));
                }
            } else {
                out.push(note(
                    SWARM_DEPLOY,
                    Severity::Error,
                    format!("{what} `{k}` needs `file:` (made from that file) or `external: true` (made elsewhere)"),
                    key.span,
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, LoadOptions, Source};
    use crate::ComposeLoad;

    struct Files(&'static [&'static str]);

    impl Source for Files {
        fn read(&self, path: &Path) -> Result<String, String> {
            if self.0.iter().any(|f| Path::new(f) == path) {
                Ok("contents".into())
            } else {
                Err(format!("{}: no such file", path.display()))
            }
        }
    }

    fn stack(text: &str, files: &'static [&'static str]) -> ComposeLoad {
        let options = LoadOptions {
            path: Some("/p/shop/compose.yaml".into()),
            project_name: Some("shop".into()),
            target: DeployTarget::Swarm,
            ..LoadOptions::default()
        };
        load(text, &options, &Files(files))
    }

    fn found(l: &ComposeLoad, rule: &str) -> Vec<(u32, Severity)> {
        l.diagnostics
            .iter()
            .filter(|d| d.rule == rule)
            .map(|d| (d.span.line, d.severity))
            .collect()
    }

    #[test]
    fn a_build_without_image_is_an_error_with_a_fix_that_adds_the_image() {
        let text = "services:\n  web:\n    build: .\n";
        let l = stack(text, &[]);
        assert_eq!(found(&l, SWARM_NEEDS_IMAGE), vec![(3, Severity::Error)]);
        let fix = l
            .diagnostics
            .iter()
            .find_map(|d| d.fix.clone())
            .expect("a quick fix");
        let edit = &fix.edits[0];
        let mut fixed = text.to_string();
        fixed.insert_str(edit.start as usize, &edit.insert);
        assert_eq!(
            fixed,
            "services:\n  web:\n    image: shop_web\n    build: .\n"
        );
        let again = stack(&fixed, &[]);
        assert!(found(&again, SWARM_NEEDS_IMAGE).is_empty());
        // With an image the build is only ignored.
        assert_eq!(found(&again, SWARM_IGNORED), vec![(4, Severity::Warning)]);
    }

    #[test]
    fn keys_stack_deploy_ignores_or_refuses_are_named_on_their_lines() {
        let text = "services:\n  web:\n    image: a\n    restart: always\n    container_name: w\n    privileged: true\n    mem_limit: 1g\n    depends_on: [db]\n  db:\n    image: b\n";
        let l = stack(text, &[]);
        assert_eq!(
            found(&l, SWARM_IGNORED),
            vec![
                (4, Severity::Warning),
                (5, Severity::Warning),
                (6, Severity::Warning),
                (7, Severity::Error),
                (8, Severity::Warning),
            ]
        );
        let restart = l.diagnostics.iter().find(|d| d.span.line == 4).unwrap();
        assert!(
            restart.message.contains("deploy.restart_policy"),
            "{}",
            restart.message
        );
        // The compose target says nothing of the kind.
        let compose = load(
            text,
            &LoadOptions {
                path: Some("/p/shop/compose.yaml".into()),
                ..LoadOptions::default()
            },
            &Files(&[]),
        );
        assert!(compose
            .diagnostics
            .iter()
            .all(|d| !d.rule.starts_with("swarm-")));
        assert!(compose.stack.is_none());
    }

    #[test]
    fn deploy_keys_are_explained_and_read() {
        let text = "services:\n  web:\n    image: a\n    deploy:\n      mode: replicated\n      replicas: 3\n      placement:\n        constraints: [node.role == manager]\n      update_config:\n        parallelism: 2\n        delay: 10s\n        order: start-first\n      restart_policy:\n        condition: on-failure\n        max_attempts: 3\n      resources:\n        reservations:\n          memory: 64m\n      endpoint_mode: dnsrr\n      labels:\n        team: web\n";
        let l = stack(text, &[]);
        let lines: Vec<u32> = found(&l, SWARM_DEPLOY).iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![5, 6, 7, 9, 13, 16, 19, 20]);
        assert!(found(&l, "unsupported").is_empty(), "{:?}", l.diagnostics);
        let parts = l.stack.expect("stack parts");
        let web = parts.service("web").unwrap();
        assert_eq!(web.replicas, Some(3));
        assert!(!web.global);
        assert_eq!(web.constraints, vec!["node.role == manager"]);
        let update = web.update.clone().unwrap();
        assert_eq!(update.parallelism, Some(2));
        assert_eq!(update.delay_ns, Some(10e9));
        assert_eq!(update.order.as_deref(), Some("start-first"));
        let restart = web.restart.clone().unwrap();
        assert_eq!(restart.condition.as_deref(), Some("on-failure"));
        assert_eq!(restart.max_attempts, Some(3));
        assert_eq!(web.reserve_memory_bytes, Some(64.0 * 1024.0 * 1024.0));
        assert_eq!(web.endpoint_mode.as_deref(), Some("dnsrr"));
        assert_eq!(web.labels, vec![("team".to_string(), "web".to_string())]);
    }

    #[test]
    fn secrets_and_configs_come_from_files_or_exist_already() {
        let text = "services:\n  web:\n    image: a\n    secrets:\n      - token\n      - source: cert\n        target: site.pem\n        mode: 0400\n    configs: [conf]\nsecrets:\n  token:\n    file: ./token.txt\n  cert:\n    external: true\nconfigs:\n  conf:\n    file: ./missing.conf\n";
        let l = stack(text, &["/p/shop/token.txt"]);
        assert_eq!(
            found(&l, SWARM_DEPLOY),
            vec![
                (11, Severity::Info),
                (13, Severity::Info),
                (17, Severity::Error)
            ]
        );
        let parts = l.stack.expect("stack parts");
        assert_eq!(
            parts.secrets,
            vec![
                SwarmObject {
                    key: "token".into(),
                    name: "shop_token".into(),
                    file: Some("/p/shop/token.txt".into()),
                    external: false,
                    labels: vec![],
                },
                SwarmObject {
                    key: "cert".into(),
                    name: "cert".into(),
                    file: None,
                    external: true,
                    labels: vec![],
                },
            ]
        );
        let web = parts.service("web").unwrap();
        assert_eq!(web.secrets[1].target.as_deref(), Some("site.pem"));
        assert_eq!(web.secrets[1].mode, Some(0o400));
        assert_eq!(web.configs[0].source, "conf");
    }

    #[test]
    fn a_secret_the_file_does_not_declare_is_an_error() {
        let l = stack(
            "services:\n  web:\n    image: a\n    secrets: [nope]\n",
            &[],
        );
        assert_eq!(found(&l, SWARM_DEPLOY), vec![(4, Severity::Error)]);
    }
}
