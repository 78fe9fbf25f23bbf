//! One replica's container as `docker run` would make it: the service's settings in a
//! runspec [`ContainerSpec`] (so the engine creates it with the same request body as the run
//! form), the compose CLI's labels, and the networks it joins with the service name as an
//! alias (so other services reach it by that name, as with compose).

use super::NetworkPlan;
use crate::model::{ComposeModel, Service, VolumeKind};
use tugboat_runspec::advanced::{AdvancedSpec, ExposeSpec};
use tugboat_runspec::form::MountKind;
use tugboat_runspec::spec::{HealthSpec, MountSpec, PortSpec};
use tugboat_runspec::validate::limits::Limits;
use tugboat_runspec::ContainerSpec;

/// A network a container joins, with its aliases and fixed address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The engine's network name.
    pub network: String,
    pub aliases: Vec<String>,
    pub ipv4: Option<String>,
}

/// `80` or `80-81`.
fn port_range(text: &str) -> Option<(u16, u16)> {
    match text.split_once('-') {
        Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
        None => {
            let p = text.trim().parse().ok()?;
            Some((p, p))
        }
    }
}

/// `expose: ["80", "8000-8001/udp"]` as `--expose` takes it.
fn expose(text: &str) -> Option<ExposeSpec> {
    let (ports, protocol) = text.split_once('/').unwrap_or((text, "tcp"));
    Some(ExposeSpec {
        ports: port_range(ports)?,
        protocol: protocol.to_owned(),
    })
}

/// The labels the compose CLI puts on a service's container.
fn labels(
    model: &ComposeModel,
    service: &Service,
    number: u32,
    hash: &str,
) -> Vec<(String, String)> {
    use crate::labels::*;
    let mut labels: Vec<(String, String)> = service.labels.clone();
    let mut put = |k: &str, v: String| labels.push((k.to_owned(), v));
    put(PROJECT, model.name.clone());
    put(SERVICE, service.name.clone());
    put(CONTAINER_NUMBER, number.to_string());
    put(ONEOFF, ONEOFF_FALSE.into());
    put(CONFIG_HASH, hash.to_owned());
    put(WORKING_DIR, model.working_dir.clone());
    put(CONFIG_FILES, model.config_files.join(","));
    if !model.env_files.is_empty() {
        put(ENVIRONMENT_FILE, model.env_files.join(","));
    }
    put(VERSION, VERSION_VALUE.into());
    labels
}

/// The container spec of replica `number`, and the networks it joins after its first.
pub fn container_spec(
    model: &ComposeModel,
    service: &Service,
    number: u32,
    hash: &str,
    image: &str,
    networks: &[NetworkPlan],
) -> (ContainerSpec, Vec<Endpoint>) {
    let name = service
        .container_name
        .clone()
        .unwrap_or_else(|| crate::names::container_name(&model.name, &service.name, number));
    // `entrypoint: [a, b]` is `--entrypoint a` with `b` first in the command, as `docker run`
    // says it; the image's own command is then dropped, as compose drops it.
    let (entrypoint, cmd) = match &service.entrypoint {
        Some(words) if !words.is_empty() => {
            let mut cmd: Vec<String> = words[1..].to_vec();
            cmd.extend(service.command.clone().unwrap_or_default());
            (Some(words[0].clone()), Some(cmd).filter(|c| !c.is_empty()))
        }
        _ => (None, service.command.clone()),
    };
    let ports = service
        .ports
        .iter()
        .filter_map(|p| {
            Some(PortSpec {
                host_ip: p.host_ip.clone().filter(|h| !h.is_empty()),
                host_ports: match p.published.as_deref() {
                    Some(h) if !h.is_empty() => Some(port_range(h)?),
                    _ => None,
                },
                container_ports: port_range(&p.target)?,
                protocol: p.protocol.clone(),
            })
        })
        .collect();
    let mounts = service
        .volumes
        .iter()
        .map(|v| {
            let (kind, source) = match v.kind {
                VolumeKind::Bind => (MountKind::Bind, v.source.clone()),
                VolumeKind::Tmpfs => (MountKind::Tmpfs, None),
                // A named volume is the project's: its engine name, as declared; a name the
                // file does not declare is an external volume's own name.
                VolumeKind::Volume => (
                    MountKind::Volume,
                    v.source.as_ref().map(|key| {
                        model
                            .volumes
                            .iter()
                            .find(|d| &d.key == key)
                            .map(|d| d.name.clone())
                            .unwrap_or_else(|| key.clone())
                    }),
                ),
            };
            MountSpec {
                kind,
                source,
                target: v.target.clone(),
                read_only: v.read_only,
                selinux: None,
            }
        })
        .collect();
    let env = service
        .environment
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}")))
        .collect();
    let (restart, restart_max_retries) = match service.restart.as_deref() {
        Some(r) => match r.split_once(':') {
            Some(("on-failure", n)) => ("on-failure".to_owned(), n.trim().parse().ok()),
            _ => (r.to_owned(), None),
        },
        None => ("no".to_owned(), None),
    };
    let health = service.healthcheck.as_ref().and_then(|h| {
        if h.disable {
            return None;
        }
        let (command, exec) = match h.test.first().map(String::as_str) {
            Some("CMD-SHELL") => (h.test[1..].join(" "), None),
            Some("CMD") => (h.test[1..].join(" "), Some(h.test[1..].to_vec())),
            Some("NONE") | None => return None,
            Some(_) => (h.test.join(" "), None),
        };
        Some(HealthSpec {
            command,
            exec,
            interval_ns: h.interval_ns.map(|n| n as i64),
            timeout_ns: h.timeout_ns.map(|n| n as i64),
            retries: h.retries,
            start_period_ns: h.start_period_ns.map(|n| n as i64),
        })
    });
    // The service's networks in order; each with the service name as an alias.
    let keys = super::network_keys(service);
    let mut endpoints: Vec<Endpoint> = keys
        .iter()
        .filter_map(|key| {
            let net = networks.iter().find(|n| &n.key == key)?;
            let own = service.networks.iter().find(|n| &n.name == key);
            let mut aliases = vec![service.name.clone()];
            if let Some(o) = own {
                aliases.extend(o.aliases.iter().cloned());
            }
            Some(Endpoint {
                network: net.name.clone(),
                aliases,
                ipv4: own.and_then(|o| o.ipv4_address.clone()),
            })
        })
        .collect();
    let first = (!endpoints.is_empty()).then(|| endpoints.remove(0));
    let advanced = AdvancedSpec {
        privileged: service.privileged,
        init: service.init,
        cap_add: service.cap_add.clone(),
        cap_drop: service.cap_drop.clone(),
        extra_hosts: service.extra_hosts.clone(),
        network_aliases: first
            .as_ref()
            .map(|f| f.aliases.clone())
            .unwrap_or_default(),
        ip: first.as_ref().and_then(|f| f.ipv4.clone()),
        stop_signal: service.stop_signal.clone(),
        read_only: service.read_only,
        shm_size: service.shm_size_bytes.map(|b| b as i64),
        dns: service.dns.clone(),
        expose: service.expose.iter().filter_map(|e| expose(e)).collect(),
        platform: service.platform.clone(),
        stop_timeout: service
            .stop_grace_period_ns
            .map(|ns| (ns / 1e9).ceil() as i64),
        ..AdvancedSpec::default()
    };
    let spec = ContainerSpec {
        image: image.to_owned(),
        name: Some(name),
        cmd,
        entrypoint,
        interactive: service.stdin_open,
        tty: service.tty,
        auto_remove: false,
        ports,
        publish_all: false,
        mounts,
        env,
        restart,
        restart_max_retries,
        limits: Limits {
            memory: service.memory_bytes.map(|b| b as i64),
            cpus: service.cpus.map(|c| c.to_string()),
            ..Limits::default()
        },
        network: match &service.network_mode {
            Some(mode) => Some(mode.clone()),
            None => first.as_ref().map(|f| f.network.clone()),
        },
        links: vec![],
        hostname: service.hostname.clone(),
        user: service.user.clone(),
        workdir: service.working_dir.clone(),
        labels: labels(model, service, number, hash),
        health,
        advanced,
    };
    (spec, endpoints)
}
