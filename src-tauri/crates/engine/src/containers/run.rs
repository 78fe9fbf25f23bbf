//! `docker run` against the engine: the create request built from the same
//! [`ContainerSpec`] that produced the command shown to the user, then start.

use crate::connection::Engine;
use crate::error::EngineError;
use bollard::models::{
    ContainerCreateBody, DeviceMapping, DeviceRequest, EndpointIpamConfig, EndpointSettings,
    HealthConfig, HostConfig, HostConfigLogConfig, NetworkingConfig, PortBinding, ResourcesUlimits,
    RestartPolicy, RestartPolicyNameEnum,
};
use bollard::query_parameters::{CreateContainerOptions, StartContainerOptions};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use tugboat_runspec::form::MountKind;
use tugboat_runspec::preview::{describe_invalid, RunPreview};
use tugboat_runspec::spec::MAX_PORT_RANGE;
use tugboat_runspec::{ContainerSpec, FieldError, RunForm};

/// How a run went. A container that was created but would not start is reported with its id,
/// so the user can look at it or remove it; nothing is removed behind their back.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunOutcome {
    pub id: String,
    pub name: String,
    pub started: bool,
    /// Why it did not start.
    pub start_error: Option<String>,
    pub warnings: Vec<String>,
}

/// A validated restart policy name (no, always, unless-stopped, on-failure) for the engine.
fn restart_policy(name: &str, max_retries: Option<u32>) -> RestartPolicy {
    RestartPolicy {
        name: Some(match name {
            "always" => RestartPolicyNameEnum::ALWAYS,
            "unless-stopped" => RestartPolicyNameEnum::UNLESS_STOPPED,
            "on-failure" => RestartPolicyNameEnum::ON_FAILURE,
            _ => RestartPolicyNameEnum::NO,
        }),
        maximum_retry_count: Some(max_retries.map(i64::from).unwrap_or(0)),
    }
}

/// A list field: left out when empty, as the CLI leaves it.
fn list(items: &[String]) -> Option<Vec<String>> {
    (!items.is_empty()).then(|| items.to_vec())
}

/// The create request for a spec, field for field what `docker run` sends for its command.
pub fn create_body(spec: &ContainerSpec) -> ContainerCreateBody {
    // In order of first appearance, as the CLI sends them; `seen` keeps the check linear.
    let mut exposed: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut bindings: HashMap<String, Option<Vec<PortBinding>>> = HashMap::new();
    for p in &spec.ports {
        let (c0, c1) = p.container_ports;
        for (i, cport) in (c0..=c1).enumerate() {
            let key = format!("{cport}/{}", p.protocol);
            if seen.insert(key.clone()) {
                exposed.push(key.clone());
            }
            let host_port = match p.host_ports {
                None => String::new(),
                // A host range for a single container port lets the engine pick one of them.
                Some((h0, h1)) if c0 == c1 && h0 != h1 => format!("{h0}-{h1}"),
                Some((h0, _)) => (h0 as usize + i).to_string(),
            };
            bindings
                .entry(key)
                .or_insert_with(|| Some(vec![]))
                .get_or_insert_with(Vec::new)
                .push(PortBinding {
                    host_ip: Some(p.host_ip.clone().unwrap_or_default()),
                    host_port: Some(host_port),
                });
        }
    }
    let binds: Vec<String> = spec
        .mounts
        .iter()
        .filter(|m| m.kind != MountKind::Tmpfs)
        .filter(|m| m.source.is_some())
        .map(|m| m.volume_value())
        .collect();
    // An anonymous volume (`-v /path`) is a volume declared on the container, as the CLI does.
    let anonymous: Vec<String> = spec
        .mounts
        .iter()
        .filter(|m| m.kind == MountKind::Volume && m.source.is_none())
        .map(|m| m.target.clone())
        .collect();
    let tmpfs: HashMap<String, String> = spec
        .mounts
        .iter()
        .filter(|m| m.kind == MountKind::Tmpfs)
        .map(|m| (m.target.clone(), String::new()))
        .collect();
    let a = &spec.advanced;
    // `--expose`: declared, not published. A set, so a wide range costs one pass.
    let mut declared: HashSet<String> = exposed.iter().cloned().collect();
    for e in &a.expose {
        for port in e.ports.0..=e.ports.1 {
            let key = format!("{port}/{}", e.protocol);
            if declared.insert(key.clone()) {
                exposed.push(key);
            }
        }
    }
    let restart = restart_policy(&spec.restart, spec.restart_max_retries);
    let host_config = HostConfig {
        binds: (!binds.is_empty()).then_some(binds),
        port_bindings: (!bindings.is_empty()).then_some(bindings),
        publish_all_ports: Some(spec.publish_all),
        restart_policy: Some(restart),
        auto_remove: Some(spec.auto_remove),
        memory: spec.limits.memory,
        memory_reservation: spec.limits.memory_reservation,
        memory_swap: spec.limits.memory_swap,
        nano_cpus: spec.limits.nano_cpus(),
        cpu_shares: spec.limits.cpu_shares,
        pids_limit: spec.limits.pids_limit,
        network_mode: Some(spec.network.clone().unwrap_or_else(|| "default".into())),
        links: (!spec.links.is_empty()).then(|| spec.links.clone()),
        tmpfs: (!tmpfs.is_empty()).then_some(tmpfs),
        readonly_rootfs: Some(a.read_only),
        privileged: Some(a.privileged),
        // The CLI sends `Init` only when `--init` is given; unset, the engine's default holds.
        init: a.init.then_some(true),
        cap_add: list(&a.cap_add),
        cap_drop: list(&a.cap_drop),
        security_opt: list(&a.security_opts),
        extra_hosts: list(&a.extra_hosts),
        // These the CLI always sends, empty or not.
        dns: Some(a.dns.clone()),
        dns_options: Some(vec![]),
        dns_search: Some(vec![]),
        ulimits: Some(
            a.ulimits
                .iter()
                .map(|u| ResourcesUlimits {
                    name: Some(u.name.clone()),
                    soft: Some(u.soft),
                    hard: Some(u.hard),
                })
                .collect(),
        ),
        shm_size: a.shm_size,
        devices: Some(
            a.devices
                .iter()
                .map(|d| DeviceMapping {
                    path_on_host: Some(d.host.clone()),
                    path_in_container: Some(d.container.clone()),
                    cgroup_permissions: Some(d.permissions.clone()),
                })
                .collect(),
        ),
        device_requests: a.gpus.as_ref().map(|g| {
            vec![DeviceRequest {
                driver: Some(String::new()),
                // `--gpus device=…` names them; otherwise a count (-1: all).
                count: Some(g.count.unwrap_or(0)),
                device_ids: (!g.device_ids.is_empty()).then(|| g.device_ids.clone()),
                capabilities: Some(vec![vec!["gpu".into()]]),
                options: Some(HashMap::new()),
            }]
        }),
        log_config: (a.log_driver.is_some() || !a.log_opts.is_empty()).then(|| {
            HostConfigLogConfig {
                typ: a.log_driver.clone(),
                config: (!a.log_opts.is_empty()).then(|| a.log_opts.iter().cloned().collect()),
            }
        }),
        ..Default::default()
    };
    // `--network-alias` and `--ip` belong to the network joined at creation, as the CLI sends
    // them.
    let networking_config = match (
        &spec.network,
        a.network_aliases.is_empty() && a.ip.is_none(),
    ) {
        (Some(network), false) => Some(NetworkingConfig {
            endpoints_config: Some(HashMap::from([(
                network.clone(),
                EndpointSettings {
                    aliases: list(&a.network_aliases),
                    ipam_config: a.ip.as_ref().map(|ip| EndpointIpamConfig {
                        ipv4_address: Some(ip.clone()),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            )])),
        }),
        _ => None,
    };
    let healthcheck = spec.health.as_ref().map(|h| HealthConfig {
        test: Some(match &h.exec {
            Some(words) => std::iter::once("CMD".to_owned())
                .chain(words.iter().cloned())
                .collect(),
            None => vec!["CMD-SHELL".into(), h.command.clone()],
        }),
        interval: h.interval_ns,
        timeout: h.timeout_ns,
        retries: h.retries.map(i64::from),
        start_period: h.start_period_ns,
        ..Default::default()
    });
    ContainerCreateBody {
        image: Some(spec.image.clone()),
        cmd: spec.cmd.clone(),
        entrypoint: spec.entrypoint.clone().map(|e| vec![e]),
        env: (!spec.env.is_empty()).then(|| spec.env.clone()),
        labels: (!spec.labels.is_empty()).then(|| spec.labels.iter().cloned().collect()),
        hostname: spec.hostname.clone(),
        user: spec.user.clone(),
        working_dir: spec.workdir.clone(),
        tty: Some(spec.tty),
        open_stdin: Some(spec.interactive),
        attach_stdin: Some(false),
        attach_stdout: Some(false),
        attach_stderr: Some(false),
        stdin_once: Some(false),
        exposed_ports: (!exposed.is_empty()).then_some(exposed),
        volumes: (!anonymous.is_empty()).then_some(anonymous),
        healthcheck,
        stop_signal: a.stop_signal.clone(),
        stop_timeout: a.stop_timeout,
        host_config: Some(host_config),
        networking_config,
        ..Default::default()
    }
}

impl Engine {
    /// Creates and starts a container from a validated spec.
    pub async fn run(&self, spec: &ContainerSpec) -> Result<RunOutcome, EngineError> {
        let created = self
            .docker
            .create_container(
                Some(CreateContainerOptions {
                    name: spec.name.clone(),
                    platform: spec.advanced.platform.clone().unwrap_or_default(),
                }),
                create_body(spec),
            )
            .await
            .map_err(|e| match EngineError::from(e) {
                EngineError::NotFound(_) => EngineError::NotFound(format!(
                    "image `{}` is not on this engine: pull or build it first",
                    spec.image
                )),
                EngineError::Conflict(m) => EngineError::Conflict(format!(
                    "the name `{}` is already used by another container ({m})",
                    spec.name.clone().unwrap_or_default()
                )),
                other => other,
            })?;
        let name = match &spec.name {
            Some(n) => n.clone(),
            None => self
                .docker
                .inspect_container(
                    &created.id,
                    None::<bollard::query_parameters::InspectContainerOptions>,
                )
                .await
                .ok()
                .and_then(|c| c.name)
                .map(|n| n.trim_start_matches('/').to_owned())
                .unwrap_or_else(|| created.id.chars().take(12).collect()),
        };
        let start = self
            .docker
            .start_container(&created.id, None::<StartContainerOptions>)
            .await;
        Ok(RunOutcome {
            id: created.id,
            name,
            started: start.is_ok(),
            start_error: start.err().map(|e| EngineError::from(e).to_string()),
            warnings: created.warnings,
        })
    }
}

/// What the run form offers in its pickers.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunChoices {
    /// Local images as `repository:tag`.
    pub images: Vec<String>,
    pub volumes: Vec<String>,
    pub networks: Vec<String>,
}

/// A host port already published by a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortInUse {
    pub port: u16,
    pub protocol: String,
    pub container: String,
}

impl Engine {
    pub async fn run_choices(&self) -> Result<RunChoices, EngineError> {
        let images = self
            .docker
            .list_images(None::<bollard::query_parameters::ListImagesOptions>);
        let volumes = self
            .docker
            .list_volumes(None::<bollard::query_parameters::ListVolumesOptions>);
        let networks = self
            .docker
            .list_networks(None::<bollard::query_parameters::ListNetworksOptions>);
        let (images, volumes, networks) = tokio::try_join!(images, volumes, networks)?;
        let mut images: Vec<String> = images
            .into_iter()
            .flat_map(|i| i.repo_tags)
            .filter(|t| t != "<none>:<none>")
            .collect();
        images.sort();
        let mut volumes: Vec<String> = volumes
            .volumes
            .unwrap_or_default()
            .into_iter()
            .map(|v| v.name)
            .collect();
        volumes.sort();
        let mut networks: Vec<String> = networks.into_iter().filter_map(|n| n.name).collect();
        networks.sort();
        Ok(RunChoices {
            images,
            volumes,
            networks,
        })
    }

    /// Host ports running containers publish, for "this port is taken" warnings.
    pub async fn ports_in_use(&self) -> Result<Vec<PortInUse>, EngineError> {
        Ok(self
            .containers(false)
            .await?
            .into_iter()
            .flat_map(|c| {
                c.ports.into_iter().filter_map(move |p| {
                    p.host_port.map(|port| PortInUse {
                        port,
                        protocol: p.protocol.clone(),
                        container: c.name.clone(),
                    })
                })
            })
            .collect())
    }

    /// "This host port is taken" warnings for a valid spec, on the port rows they belong to:
    /// ports a running container publishes, and (for an engine on this machine) TCP ports
    /// another program holds. Ranges larger than the form allows are not probed.
    pub async fn host_port_warnings(&self, spec: &ContainerSpec) -> Vec<FieldError> {
        let published: HashMap<(u16, String), String> = self
            .ports_in_use()
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|u| ((u.port, u.protocol), u.container))
            .collect();
        let local = self.is_local();
        let rows: Vec<(usize, u16, u16, String)> = spec
            .ports
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.host_ports.map(|(a, b)| (i, a, b, p.protocol.clone())))
            .filter(|(_, a, b, _)| u32::from(*b) - u32::from(*a) < MAX_PORT_RANGE)
            .collect();
        // Binding sockets is a system call per port: off the async runtime's threads.
        let probe = move || {
            let mut out = Vec::new();
            for (i, a, b, proto) in rows {
                for port in a..=b {
                    if let Some(container) = published.get(&(port, proto.clone())) {
                        out.push(FieldError::new(
                            format!("ports[{i}].hostPort"),
                            format!(
                                "host port {port}/{proto} is already published by container {container}"
                            ),
                        ));
                    } else if local && proto == "tcp" && !host_port_free(port) {
                        out.push(FieldError::new(
                            format!("ports[{i}].hostPort"),
                            format!(
                                "host port {port} is already in use by another program on this machine"
                            ),
                        ));
                    }
                }
            }
            out
        };
        tokio::task::spawn_blocking(probe).await.unwrap_or_default()
    }

    /// Whether the engine runs on this machine (so its host ports are ours to probe).
    pub fn is_local(&self) -> bool {
        self.host().starts_with("unix://") || self.host().starts_with("npipe://")
    }
}

/// Validates a run form on a blocking thread: a form is small, but a port range is checked
/// port by port, and the async runtime's few threads carry every stream of the app.
async fn validate_blocking(
    form: RunForm,
) -> Result<Result<ContainerSpec, Vec<FieldError>>, EngineError> {
    tokio::task::spawn_blocking(move || form.validate())
        .await
        .map_err(|e| EngineError::Protocol(format!("the form check stopped: {e}")))
}

/// The spec a run form equals, or one error naming every field that is wrong.
pub async fn validate_off_runtime(form: RunForm) -> Result<ContainerSpec, EngineError> {
    validate_blocking(form)
        .await?
        .map_err(|errors| EngineError::InvalidInput(describe_invalid(&errors)))
}

/// The run form's live preview: the command it equals flag by flag, or its field errors; with
/// warnings about a valid spec (host ports already taken, asked of `engine` when connected).
pub async fn preview_run(
    engine: Option<&Engine>,
    form: RunForm,
) -> Result<RunPreview, EngineError> {
    Ok(match validate_blocking(form).await? {
        Ok(spec) => {
            let warnings = match engine {
                Some(engine) => engine.host_port_warnings(&spec).await,
                None => vec![],
            };
            RunPreview::of_spec(&spec, warnings)
        }
        Err(errors) => RunPreview::invalid(errors),
    })
}

/// Whether docker could publish `port` on every address of this machine, asked without ever
/// listening.
///
/// dockerd publishes a port by binding `0.0.0.0:port` with `SO_REUSEADDR` (Go's default on
/// unix). Binding the same address with the same option fails exactly when docker's bind
/// would: when any socket on any address holds the port, whether it listens on 0.0.0.0, on
/// loopback or on one LAN address. A `connect()` to 127.0.0.1 would miss a program listening
/// only on a LAN address, and a loopback bind would miss the same. The socket is closed without
/// `listen()`: it never accepts a connection, so no firewall asks the user about Tugboat and no
/// listener appears, not even for a moment. On Windows `SO_REUSEADDR` means "steal the port",
/// so it is left off there.
pub fn host_port_free(port: u16) -> bool {
    probe_socket(port).is_ok()
}

/// The probe's socket, bound and never listening (kept open by tests to look at it).
pub(crate) fn probe_socket(port: u16) -> std::io::Result<socket2::Socket> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    let addr = std::net::SocketAddr::from(([0, 0, 0, 0], port));
    socket.bind(&addr.into())?;
    Ok(socket)
}

impl Engine {
    /// `docker update`: limits and restart policy, in place.
    pub async fn update(
        &self,
        id: &str,
        u: &tugboat_runspec::update::UpdateSpec,
    ) -> Result<(), EngineError> {
        let body = bollard::models::ContainerUpdateBody {
            memory: u.limits.memory,
            memory_reservation: u.limits.memory_reservation,
            memory_swap: u.limits.memory_swap,
            nano_cpus: u.limits.nano_cpus(),
            cpu_shares: u.limits.cpu_shares,
            pids_limit: u.limits.pids_limit,
            restart_policy: u
                .restart
                .as_deref()
                .map(|r| restart_policy(r, u.restart_max_retries)),
            ..Default::default()
        };
        self.docker.update_container(id, body).await?;
        Ok(())
    }
}

impl Engine {
    /// `docker commit`: returns the new image's id.
    pub async fn commit(
        &self,
        container: &str,
        c: &tugboat_runspec::commit::CommitSpec,
    ) -> Result<String, EngineError> {
        let options = bollard::query_parameters::CommitContainerOptions {
            container: Some(container.to_owned()),
            repo: Some(c.repository.clone()),
            tag: c.tag.clone(),
            comment: c.message.clone(),
            author: c.author.clone(),
            pause: c.pause,
            changes: (!c.changes.is_empty()).then(|| c.changes.join("\n")),
        };
        // The engine answers when the commit is done, which for a big container is after
        // bollard's usual 120 s: reported then as a failure while the image is still being
        // made, and a retry would make a second one.
        let created = self
            .patient()
            .commit_container(options, bollard::models::ContainerConfig::default())
            .await
            .map_err(|e| match EngineError::from(e) {
                EngineError::Timeout(_) => EngineError::Timeout(format!(
                    "no answer within {} minutes; the engine may still be making the image, so \
                     look for it in the images list before committing again",
                    crate::connection::LONG_CALL.as_secs() / 60
                )),
                other => other,
            })?;
        Ok(created.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tugboat_runspec::RunForm;

    fn body(f: RunForm) -> ContainerCreateBody {
        create_body(
            &RunForm {
                image: "busybox:1".into(),
                ..f
            }
            .validate()
            .expect("valid"),
        )
    }

    #[test]
    fn gpus_become_a_device_request_as_the_cli_sends_it() {
        let all = body(RunForm {
            gpus: "all".into(),
            ..Default::default()
        });
        let req = &all.host_config.unwrap().device_requests.unwrap()[0];
        assert_eq!(req.count, Some(-1));
        assert_eq!(req.capabilities, Some(vec![vec!["gpu".to_owned()]]));
        assert_eq!(req.device_ids, None);
        let named = body(RunForm {
            gpus: "\"device=0,2\"".into(),
            ..Default::default()
        });
        let req = &named.host_config.unwrap().device_requests.unwrap()[0];
        assert_eq!(req.count, Some(0));
        assert_eq!(req.device_ids, Some(vec!["0".to_owned(), "2".to_owned()]));
        assert_eq!(
            body(RunForm::default())
                .host_config
                .unwrap()
                .device_requests,
            None
        );
    }

    #[test]
    fn the_less_common_settings_reach_the_create_request() {
        let b = body(RunForm {
            network: "appnet".into(),
            read_only: true,
            init: true,
            cap_add: vec!["NET_ADMIN".into()],
            cap_drop: vec!["ALL".into()],
            add_hosts: vec!["db=10.0.0.5".into()],
            dns: vec!["1.1.1.1".into()],
            ulimits: vec!["nofile=1024:2048".into()],
            log_driver: "local".into(),
            log_opts: vec!["max-size=10m".into()],
            devices: vec!["/dev/fuse".into()],
            stop_signal: "SIGINT".into(),
            stop_timeout: "30".into(),
            shm_size: "256m".into(),
            security_opts: vec!["no-new-privileges".into()],
            network_aliases: vec!["web".into()],
            ip: "172.30.0.10".into(),
            expose: vec!["80".into(), "7000-7001/udp".into()],
            ..Default::default()
        });
        let h = b.host_config.clone().unwrap();
        assert_eq!(h.readonly_rootfs, Some(true));
        assert_eq!(h.privileged, Some(false));
        assert_eq!(h.init, Some(true));
        assert_eq!(h.cap_add, Some(vec!["CAP_NET_ADMIN".to_owned()]));
        assert_eq!(h.extra_hosts, Some(vec!["db:10.0.0.5".to_owned()]));
        assert_eq!(h.ulimits.unwrap()[0].hard, Some(2048));
        assert_eq!(h.dns, Some(vec!["1.1.1.1".to_owned()]));
        let log = h.log_config.unwrap();
        assert_eq!(log.typ.as_deref(), Some("local"));
        assert_eq!(log.config.unwrap()["max-size"], "10m");
        assert_eq!(
            h.devices.unwrap()[0].path_in_container.as_deref(),
            Some("/dev/fuse")
        );
        assert_eq!(h.shm_size, Some(256 << 20));
        assert_eq!(b.stop_signal.as_deref(), Some("SIGINT"));
        assert_eq!(b.stop_timeout, Some(30));
        assert_eq!(
            b.exposed_ports,
            Some(vec!["80/tcp".into(), "7000/udp".into(), "7001/udp".into()])
        );
        let net = &b.networking_config.unwrap().endpoints_config.unwrap()["appnet"];
        assert_eq!(net.aliases, Some(vec!["web".to_owned()]));
        assert_eq!(
            net.ipam_config.as_ref().unwrap().ipv4_address.as_deref(),
            Some("172.30.0.10")
        );
        let plain = body(RunForm::default());
        assert_eq!(plain.networking_config, None);
        let plain = plain.host_config.unwrap();
        assert_eq!(plain.init, None);
        assert_eq!(
            (plain.dns, plain.cap_add),
            (Some(vec![]), None),
            "as the CLI sends them"
        );
    }

    use tugboat_runspec::PortSpec;

    /// Ports in LISTEN state on any address, from the kernel's own table.
    #[cfg(target_os = "linux")]
    fn listening(port: u16) -> bool {
        ["/proc/net/tcp", "/proc/net/tcp6"].iter().any(|table| {
            std::fs::read_to_string(table)
                .unwrap_or_default()
                .lines()
                .skip(1)
                .any(|line| {
                    let cols: Vec<&str> = line.split_whitespace().collect();
                    let local_port = cols
                        .get(1)
                        .and_then(|a| a.rsplit_once(':'))
                        .and_then(|(_, p)| u16::from_str_radix(p, 16).ok());
                    local_port == Some(port) && cols.get(3) == Some(&"0A")
                })
        })
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn probing_a_port_never_listens_on_it() {
        // A free port: ask the kernel for one, then let it go.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let held = probe_socket(port).expect("a free port can be bound");
        assert!(!listening(port), "the probe's socket must not listen");
        let refused = std::net::TcpStream::connect(("127.0.0.1", port));
        assert!(refused.is_err(), "nothing may accept a connection on it");
        drop(held);
        assert!(host_port_free(port));
    }

    #[test]
    fn a_port_held_on_loopback_only_is_not_free_for_docker() {
        let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = holder.local_addr().unwrap().port();
        assert!(!host_port_free(port), "docker's 0.0.0.0 bind would fail");
        drop(holder);
        assert!(host_port_free(port));
    }

    #[test]
    fn exposed_ports_are_listed_once_in_order_of_first_use() {
        let spec = ContainerSpec {
            image: "busybox".into(),
            ports: vec![
                PortSpec {
                    host_ip: None,
                    host_ports: Some((10001, 11024)),
                    container_ports: (1, 1024),
                    protocol: "tcp".into(),
                },
                PortSpec {
                    host_ip: Some("127.0.0.1".into()),
                    host_ports: Some((20001, 21024)),
                    container_ports: (1, 1024),
                    protocol: "tcp".into(),
                },
                PortSpec {
                    host_ip: None,
                    host_ports: None,
                    container_ports: (53, 53),
                    protocol: "udp".into(),
                },
            ],
            ..Default::default()
        };
        let body = create_body(&spec);
        let exposed = body.exposed_ports.unwrap();
        assert_eq!(exposed.len(), 1025);
        assert_eq!(exposed[0], "1/tcp");
        assert_eq!(exposed[1023], "1024/tcp");
        assert_eq!(exposed[1024], "53/udp");
        let bindings = body.host_config.unwrap().port_bindings.unwrap();
        let one = bindings["1/tcp"].clone().unwrap();
        assert_eq!(one.len(), 2, "both rows publish container port 1");
        assert_eq!(one[1].host_port.as_deref(), Some("20001"));
        assert_eq!(one[1].host_ip.as_deref(), Some("127.0.0.1"));
    }
}
