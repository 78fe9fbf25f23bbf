//! The merged node tree → the typed model: short syntax normalised to long, relative paths
//! made absolute, sizes and durations read, `env_file:` read and folded into `environment`.
//! Values that cannot be read are left out with a diagnostic on their span (ports and volumes
//! by the same parsers as `docker run -p`/`-v`, so both forms say the same thing).

use crate::env::parse_env_file;
use crate::load::Source;
use crate::model::*;
use crate::names::scoped_name;
use crate::paths::{is_remote, resolve};
use crate::rules;
use crate::yaml::{Node, Value};
use crate::{diagnostic, Severity};
use std::path::{Path, PathBuf};
use tugboat_runspec::values;
use tugboat_textspan::{Diagnostic, Span};

/// What resolving needs besides the tree.
pub struct Resolver<'a> {
    pub project: String,
    pub project_dir: Option<PathBuf>,
    pub home: Option<String>,
    pub source: &'a dyn Source,
    /// Interpolation's lookup, for the values of `env_file:` files.
    pub lookup: &'a dyn Fn(&str) -> Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every env_file read (absolute), for `ComposeLoad::files`.
    pub files_read: Vec<String>,
}

fn text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Scalar { text, .. } if !node.is_null() => Some(text.clone()),
        _ => None,
    }
}

fn texts(node: Option<&Node>) -> Vec<String> {
    match node {
        Some(n) => match &n.value {
            Value::Seq(items) => items.iter().filter_map(text).collect(),
            Value::Scalar { .. } => text(n).into_iter().collect(),
            Value::Map(_) => Vec::new(),
        },
        None => Vec::new(),
    }
}

fn flag(node: Option<&Node>) -> bool {
    node.and_then(Node::as_bool).unwrap_or(false)
}

/// A mapping or `K=V` list as pairs, in order (null values kept as `None`).
fn pairs(node: Option<&Node>) -> Vec<MaybePair> {
    let Some(node) = node else {
        return Vec::new();
    };
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), text(v))))
            .collect(),
        Value::Seq(items) => items
            .iter()
            .filter_map(text)
            .map(|t| match t.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (t, None),
            })
            .collect(),
        Value::Scalar { .. } => Vec::new(),
    }
}

fn string_pairs(node: Option<&Node>) -> Vec<(String, String)> {
    pairs(node)
        .into_iter()
        .map(|(k, v)| (k, v.unwrap_or_default()))
        .collect()
}

impl Resolver<'_> {
    fn problem(&mut self, rule: &str, severity: Severity, message: String, span: Span) {
        self.diagnostics
            .push(diagnostic(rule, severity, message, span));
    }

    fn path(&self, p: &str) -> String {
        resolve(self.project_dir.as_deref(), self.home.as_deref(), p)
    }

    fn duration(&mut self, node: Option<&Node>, what: &str) -> Option<f64> {
        let node = node?;
        let t = text(node)?;
        match values::duration_ns(&t, what) {
            Ok(ns) => ns.map(|n| n as f64),
            Err(m) => {
                self.problem(rules::WRONG_TYPE, Severity::Error, m, node.span);
                None
            }
        }
    }

    fn size(&mut self, node: Option<&Node>, what: &str) -> Option<f64> {
        let node = node?;
        let t = text(node)?;
        match values::size(&t, what) {
            Ok(b) => b.map(|b| b as f64),
            Err(m) => {
                self.problem(rules::WRONG_TYPE, Severity::Error, m, node.span);
                None
            }
        }
    }

    /// The whole project from the merged root.
    pub fn project(&mut self, root: &Node) -> ComposeModel {
        let mut model = ComposeModel {
            name: self.project.clone(),
            working_dir: self
                .project_dir
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            ..ComposeModel::default()
        };
        if let Some(services) = root.get("services").and_then(Node::as_map) {
            for (key, node) in services {
                let Some(name) = key.as_str() else { continue };
                model.services.push(self.service(name, key.span, node));
            }
        }
        model.services.sort_by(|a, b| a.name.cmp(&b.name));
        if let Some(networks) = root.get("networks").and_then(Node::as_map) {
            for (key, node) in networks {
                let Some(k) = key.as_str() else { continue };
                model.networks.push(self.network(k, key.span, node));
            }
        }
        if let Some(volumes) = root.get("volumes").and_then(Node::as_map) {
            for (key, node) in volumes {
                let Some(k) = key.as_str() else { continue };
                model.volumes.push(self.volume(k, key.span, node));
            }
        }
        model.networks.sort_by(|a, b| a.key.cmp(&b.key));
        model.volumes.sort_by(|a, b| a.key.cmp(&b.key));
        model
    }

    pub fn add_default_network(&self, model: &mut ComposeModel) {
        let uses_default = model
            .services
            .iter()
            .any(|s| s.networks.iter().any(|n| n.name == "default"));
        if uses_default && !model.networks.iter().any(|n| n.key == "default") {
            model.networks.push(NetworkDef {
                key: "default".into(),
                name: scoped_name(&self.project, "default"),
                ..NetworkDef::default()
            });
            model.networks.sort_by(|a, b| a.key.cmp(&b.key));
        }
    }

    fn network(&mut self, key: &str, span: Span, node: &Node) -> NetworkDef {
        let external = external(node);
        let name = node
            .get("name")
            .and_then(text)
            .or_else(|| {
                node.get("external")
                    .and_then(|e| e.get("name"))
                    .and_then(text)
            })
            .unwrap_or_else(|| {
                if external {
                    key.to_string()
                } else {
                    scoped_name(&self.project, key)
                }
            });
        NetworkDef {
            key: key.into(),
            name,
            driver: node.get("driver").and_then(text),
            external,
            labels: string_pairs(node.get("labels")),
            internal: flag(node.get("internal")),
            attachable: flag(node.get("attachable")),
            span: Some(span),
        }
    }

    fn volume(&mut self, key: &str, span: Span, node: &Node) -> VolumeDef {
        let external = external(node);
        let name = node
            .get("name")
            .and_then(text)
            .or_else(|| {
                node.get("external")
                    .and_then(|e| e.get("name"))
                    .and_then(text)
            })
            .unwrap_or_else(|| {
                if external {
                    key.to_string()
                } else {
                    scoped_name(&self.project, key)
                }
            });
        VolumeDef {
            key: key.into(),
            name,
            driver: node.get("driver").and_then(text),
            external,
            labels: string_pairs(node.get("labels")),
            span: Some(span),
        }
    }

    fn service(&mut self, name: &str, span: Span, node: &Node) -> Service {
        let g = |k: &str| node.get(k);
        let deploy = g("deploy");
        let limits = deploy
            .and_then(|d| d.get("resources"))
            .and_then(|r| r.get("limits"));
        let cpus = g("cpus")
            .or_else(|| limits.and_then(|l| l.get("cpus")))
            .and_then(|c| c.as_float().or_else(|| c.as_str()?.parse().ok()));
        let memory = g("mem_limit").or_else(|| limits.and_then(|l| l.get("memory")));
        let memory_bytes = self.size(memory, "mem_limit");
        let replicas = g("scale")
            .or_else(|| deploy.and_then(|d| d.get("replicas")))
            .and_then(|r| r.as_int().or_else(|| r.as_str()?.parse().ok()))
            .map_or(1, |r| r.clamp(0, u32::MAX as i64) as u32);
        let mut environment = self.env_files(g("env_file"));
        for (k, v) in pairs(g("environment")) {
            environment.retain(|(old, _)| *old != k);
            environment.push((k, v));
        }
        let network_mode = g("network_mode").and_then(text);
        let networks = self.service_networks(g("networks"), network_mode.is_some());
        let mut volumes = self.service_volumes(g("volumes"));
        for t in texts(g("tmpfs")) {
            volumes.push(ServiceVolume {
                kind: VolumeKind::Tmpfs,
                source: None,
                target: t.split(':').next().unwrap_or_default().to_string(),
                read_only: false,
            });
        }
        let stop_grace_period_ns = self.duration(g("stop_grace_period"), "stop_grace_period");
        let shm_size_bytes = self.size(g("shm_size"), "shm_size");
        Service {
            name: name.into(),
            span,
            image: g("image").and_then(text),
            build: self.build(g("build")),
            container_name: g("container_name").and_then(text),
            command: command(g("command")),
            entrypoint: command(g("entrypoint")),
            environment,
            ports: self.ports(g("ports")),
            volumes,
            depends_on: depends_on(g("depends_on")),
            restart: g("restart").and_then(text),
            healthcheck: self.healthcheck(g("healthcheck")),
            cpus,
            memory_bytes,
            networks,
            network_mode,
            labels: string_pairs(g("labels")),
            hostname: g("hostname").and_then(text),
            user: g("user").and_then(text),
            working_dir: g("working_dir").and_then(text),
            replicas,
            profiles: texts(g("profiles")),
            tty: flag(g("tty")),
            stdin_open: flag(g("stdin_open")),
            init: flag(g("init")),
            privileged: flag(g("privileged")),
            extra_hosts: extra_hosts(g("extra_hosts")),
            cap_add: texts(g("cap_add")),
            cap_drop: texts(g("cap_drop")),
            stop_signal: g("stop_signal").and_then(text),
            stop_grace_period_ns,
            pull_policy: g("pull_policy").and_then(text),
            platform: g("platform").and_then(text),
            read_only: flag(g("read_only")),
            shm_size_bytes,
            dns: texts(g("dns")),
            expose: texts(g("expose")),
        }
    }

    fn env_files(&mut self, node: Option<&Node>) -> Vec<MaybePair> {
        let Some(node) = node else {
            return Vec::new();
        };
        let items: Vec<(String, bool, Span)> = match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|i| match &i.value {
                    Value::Map(_) => Some((
                        text(i.get("path")?)?,
                        i.get("required").and_then(Node::as_bool).unwrap_or(true),
                        i.span,
                    )),
                    _ => Some((text(i)?, true, i.span)),
                })
                .collect(),
            _ => text(node)
                .map(|t| vec![(t, true, node.span)])
                .unwrap_or_default(),
        };
        let mut out: Vec<MaybePair> = Vec::new();
        for (path, required, span) in items {
            let full = self.path(&path);
            match self.source.read(Path::new(&full)) {
                Ok(text) => {
                    self.files_read.push(full.clone());
                    let (entries, errors) = parse_env_file(&text, self.lookup);
                    for e in errors {
                        self.problem(
                            rules::FILE_MISSING,
                            Severity::Error,
                            format!("env_file {full}, line {}: {}", e.line, e.message),
                            span,
                        );
                    }
                    for e in entries {
                        out.retain(|(k, _)| *k != e.key);
                        out.push((e.key, Some(e.value)));
                    }
                }
                Err(why) if required => self.problem(
                    rules::FILE_MISSING,
                    Severity::Error,
                    format!("env_file {full} cannot be read: {why}"),
                    span,
                ),
                Err(_) => {}
            }
        }
        out
    }

    fn build(&mut self, node: Option<&Node>) -> Option<BuildDef> {
        let node = node?;
        let (context, dockerfile, args, target) = match &node.value {
            Value::Scalar { .. } => (text(node)?, None, Vec::new(), None),
            Value::Map(_) => (
                node.get("context")
                    .and_then(text)
                    .unwrap_or_else(|| ".".into()),
                node.get("dockerfile").and_then(text),
                pairs(node.get("args")),
                node.get("target").and_then(text),
            ),
            Value::Seq(_) => return None,
        };
        let context = if is_remote(&context) {
            context
        } else {
            self.path(&context)
        };
        Some(BuildDef {
            context,
            dockerfile: dockerfile.unwrap_or_else(|| "Dockerfile".into()),
            args,
            target,
        })
    }

    fn ports(&mut self, node: Option<&Node>) -> Vec<PortDef> {
        let Some(items) = node.and_then(Node::as_seq) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            if item.as_map().is_some() {
                let Some(target) = item.get("target").and_then(text) else {
                    self.problem(
                        rules::PORT_SYNTAX,
                        Severity::Error,
                        "a port in long syntax needs `target:`, the container's port".into(),
                        item.span,
                    );
                    continue;
                };
                out.push(PortDef {
                    host_ip: item.get("host_ip").and_then(text),
                    published: item.get("published").and_then(text),
                    target,
                    protocol: item
                        .get("protocol")
                        .and_then(text)
                        .unwrap_or_else(|| "tcp".into()),
                });
                continue;
            }
            let Some(t) = text(item) else { continue };
            match parse_port(&t) {
                Ok(p) => out.push(p),
                Err(m) => self.problem(rules::PORT_SYNTAX, Severity::Error, m, item.span),
            }
        }
        out
    }

    fn service_volumes(&mut self, node: Option<&Node>) -> Vec<ServiceVolume> {
        let Some(items) = node.and_then(Node::as_seq) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            if item.as_map().is_some() {
                let kind = match item.get("type").and_then(text).as_deref() {
                    Some("bind") => VolumeKind::Bind,
                    Some("tmpfs") => VolumeKind::Tmpfs,
                    Some("volume") | None => VolumeKind::Volume,
                    Some(other) => {
                        self.problem(
                            rules::UNSUPPORTED,
                            Severity::Warning,
                            format!(
                                "volume type `{other}`: docker compose would mount it; Tugboat \
                                 runs bind, volume and tmpfs mounts only, so it is left out"
                            ),
                            item.span,
                        );
                        continue;
                    }
                };
                let Some(target) = item.get("target").and_then(text) else {
                    self.problem(
                        rules::VOLUME_SYNTAX,
                        Severity::Error,
                        "a mount in long syntax needs `target:`, the path in the container".into(),
                        item.span,
                    );
                    continue;
                };
                let source = item.get("source").and_then(text).map(|s| {
                    if kind == VolumeKind::Bind {
                        self.path(&s)
                    } else {
                        s
                    }
                });
                out.push(ServiceVolume {
                    kind,
                    source,
                    target,
                    read_only: flag(item.get("read_only")),
                });
                continue;
            }
            let Some(t) = text(item) else { continue };
            match values::volume_flag(&t) {
                Ok(row) if row.target.is_empty() || !row.target.starts_with('/') => self.problem(
                    rules::VOLUME_SYNTAX,
                    Severity::Error,
                    format!(
                        "`{t}`: the path in the container must be absolute, like /data \
                         (source:target[:ro])"
                    ),
                    item.span,
                ),
                Ok(row) => {
                    let bind = row.kind == tugboat_runspec::form::MountKind::Bind
                        || row.source.starts_with('~');
                    out.push(ServiceVolume {
                        kind: if bind {
                            VolumeKind::Bind
                        } else {
                            VolumeKind::Volume
                        },
                        source: if row.source.is_empty() {
                            None
                        } else if bind {
                            Some(self.path(&row.source))
                        } else {
                            Some(row.source)
                        },
                        target: row.target,
                        read_only: row.read_only,
                    });
                }
                Err(m) => self.problem(rules::VOLUME_SYNTAX, Severity::Error, m, item.span),
            }
        }
        out
    }

    fn service_networks(&mut self, node: Option<&Node>, has_mode: bool) -> Vec<ServiceNetwork> {
        let Some(node) = node else {
            return if has_mode {
                Vec::new()
            } else {
                vec![ServiceNetwork {
                    name: "default".into(),
                    ..ServiceNetwork::default()
                }]
            };
        };
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(text)
                .map(|name| ServiceNetwork {
                    name,
                    ..ServiceNetwork::default()
                })
                .collect(),
            Value::Map(entries) => entries
                .iter()
                .filter_map(|(k, v)| {
                    Some(ServiceNetwork {
                        name: k.as_str()?.to_string(),
                        aliases: texts(v.get("aliases")),
                        ipv4_address: v.get("ipv4_address").and_then(text),
                    })
                })
                .collect(),
            Value::Scalar { .. } => Vec::new(),
        }
    }

    fn healthcheck(&mut self, node: Option<&Node>) -> Option<Healthcheck> {
        let node = node?;
        node.as_map()?;
        let test = match node.get("test") {
            Some(t) => match &t.value {
                Value::Seq(_) => texts(Some(t)),
                Value::Scalar { .. } => text(t)
                    .map(|s| vec!["CMD-SHELL".to_string(), s])
                    .unwrap_or_default(),
                Value::Map(_) => Vec::new(),
            },
            None => Vec::new(),
        };
        let disable = flag(node.get("disable")) || test.first().map(String::as_str) == Some("NONE");
        Some(Healthcheck {
            interval_ns: self.duration(node.get("interval"), "healthcheck.interval"),
            timeout_ns: self.duration(node.get("timeout"), "healthcheck.timeout"),
            retries: node
                .get("retries")
                .and_then(|r| r.as_int().or_else(|| r.as_str()?.parse().ok()))
                .map(|r| r.clamp(0, u32::MAX as i64) as u32),
            start_period_ns: self.duration(node.get("start_period"), "healthcheck.start_period"),
            test,
            disable,
        })
    }
}

fn external(node: &Node) -> bool {
    match node.get("external") {
        Some(e) => e.as_bool().unwrap_or(e.as_map().is_some()),
        None => false,
    }
}

/// `command:`/`entrypoint:`: a list as is, a string split as a shell would (like Compose).
fn command(node: Option<&Node>) -> Option<Vec<String>> {
    let node = node?;
    match &node.value {
        Value::Seq(_) => Some(texts(Some(node))),
        Value::Scalar { text, .. } if !node.is_null() => {
            Some(shell_words::split(text).unwrap_or_else(|_| vec![text.clone()]))
        }
        _ => None,
    }
}

fn depends_on(node: Option<&Node>) -> Vec<Dependency> {
    let Some(node) = node else {
        return Vec::new();
    };
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(text)
            .map(|service| Dependency {
                service,
                condition: DependCondition::ServiceStarted,
                restart: false,
                required: true,
            })
            .collect(),
        Value::Map(entries) => entries
            .iter()
            .filter_map(|(k, v)| {
                let condition = match v.get("condition").and_then(Node::as_str) {
                    Some("service_healthy") => DependCondition::ServiceHealthy,
                    Some("service_completed_successfully") => {
                        DependCondition::ServiceCompletedSuccessfully
                    }
                    _ => DependCondition::ServiceStarted,
                };
                Some(Dependency {
                    service: k.as_str()?.to_string(),
                    condition,
                    restart: v.get("restart").and_then(Node::as_bool).unwrap_or(false),
                    required: v.get("required").and_then(Node::as_bool).unwrap_or(true),
                })
            })
            .collect(),
        Value::Scalar { .. } => Vec::new(),
    }
}

/// `extra_hosts:` as `host:ip` (what `--add-host` takes) from a list (`host:ip`, `host=ip`) or
/// a mapping.
fn extra_hosts(node: Option<&Node>) -> Vec<String> {
    let Some(node) = node else {
        return Vec::new();
    };
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .filter_map(|(k, v)| Some(format!("{}:{}", k.as_str()?, text(v).unwrap_or_default())))
            .collect(),
        _ => texts(Some(node))
            .into_iter()
            .map(|t| match t.split_once('=') {
                Some((h, ip)) => format!("{h}:{ip}"),
                None => t,
            })
            .collect(),
    }
}

/// A short-syntax port (`"8080:80/udp"`, `"127.0.0.1::80"`, `80`) by `docker run -p`'s rules.
pub fn parse_port(t: &str) -> Result<PortDef, String> {
    let row = values::publish_flag(t).map_err(|m| format!("port {m}"))?;
    let (c0, c1) = values::port_range(&row.container_port, "container port")
        .map_err(|m| format!("port `{t}`: {m}"))?;
    let published = if row.host_port.trim().is_empty() {
        None
    } else {
        let (h0, h1) = values::port_range(&row.host_port, "host port")
            .map_err(|m| format!("port `{t}`: {m}"))?;
        if c1 != c0 && h1 - h0 != c1 - c0 {
            return Err(format!(
                "port `{t}`: the host range and the container range must hold as many ports"
            ));
        }
        Some(range_text(h0, h1))
    };
    let host_ip = values::host_ip(&row.host_ip).map_err(|m| format!("port `{t}`: {m}"))?;
    let protocol = if row.protocol.is_empty() {
        "tcp".to_string()
    } else {
        values::protocol(&row.protocol).map_err(|m| format!("port `{t}`: {m}"))?
    };
    Ok(PortDef {
        host_ip,
        published,
        target: range_text(c0, c1),
        protocol,
    })
}

fn range_text(a: u16, b: u16) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}-{b}")
    }
}
