//! Namespaces and cgroups of one container, side by side with the host, for learners: its
//! processes under both PID numbers, its hostname, interfaces and root filesystem, and the
//! limits set on it next to live usage and the cgroup files the kernel enforces them with.
//!
//! Everything is gathered at once (`Engine::namespaces`): inspect, engine info, `docker top`,
//! one stats sample and a few short read-only commands run inside the container, each with its
//! own time limit. A command the image lacks (no `ip`, no `ps`) degrades its own part with
//! words; every fact says where it came from (`Fact::source`).
//! `parse` reads what those commands print; `try_it` is the run form of the cgroups card's
//! "try it" (a container killed for passing its memory limit).

pub mod parse;
pub mod try_it;

use crate::connection::Engine;
use crate::containers::inspected::{inspected_name, inspected_running};
use crate::containers::stats::{sample, StatsSample};
use crate::error::EngineError;
use bollard::container::LogOutput;
use bollard::exec::{StartExecOptions, StartExecResults};
use bollard::models::{ContainerInspectResponse, ExecConfig};
use bollard::query_parameters::{
    InspectContainerOptions, InspectNetworkOptions, StatsOptions, TopOptions,
};
use futures_util::StreamExt;
use parse::{
    bytes_text, cfs_cpus, cgroup_number, cpu_max, cpus_text, FileLimit, HostProcess, InsideProcess,
    InterfaceAddress, MountLine, PidPair,
};
use serde::Serialize;
use std::time::Duration;
use tugboat_runspec::argv::command_line;

/// How long one command inside the container may take: they only read a file or two.
const EXEC_LIMIT: Duration = Duration::from_secs(8);
/// Output kept from one command (a `ps` of a busy container, `/proc/mounts`).
const OUTPUT_CAP: usize = 256 * 1024;
/// How long the one stats sample may take (the engine waits a second for the CPU delta).
const STATS_LIMIT: Duration = Duration::from_secs(10);

/// A value and where it came from: "docker inspect: State.Pid", "engine info", "docker stats
/// (one sample)", "inside the container: cat /sys/fs/cgroup/memory.max".
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Fact {
    pub value: String,
    pub source: String,
}

impl Fact {
    fn new(value: impl Into<String>, source: impl Into<String>) -> Fact {
        Fact {
            value: value.into(),
            source: source.into(),
        }
    }
}

/// A container's namespaces and cgroups. For a stopped container, only what inspect and the
/// engine know (`running` false, `words` saying what needs it running).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Namespaces {
    pub id: String,
    pub name: String,
    pub running: bool,
    /// Why parts are missing, for a container that is not running.
    pub words: Option<String>,
    pub pid: PidNamespace,
    pub uts: UtsNamespace,
    pub network: NetworkNamespace,
    pub mount: MountNamespace,
    pub cgroups: Cgroups,
    /// The `docker …` lines that equal what was read, in the order of the cards.
    pub commands: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PidNamespace {
    /// The container's processes as it numbers them.
    pub inside: Vec<InsideProcess>,
    pub inside_source: String,
    /// The same processes as the host numbers them (`docker top`).
    pub host: Vec<HostProcess>,
    pub host_source: String,
    /// The host's PID of the container's main process.
    pub state_pid: Option<Fact>,
    pub pairs: Vec<PidPair>,
    /// What could not be read, in words.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UtsNamespace {
    /// The hostname the container was given (`--hostname`, else its short id).
    pub configured: Option<Fact>,
    /// The hostname a program inside sees.
    pub inside: Option<Fact>,
    /// The host's (the engine's machine).
    pub host: Option<Fact>,
    pub problems: Vec<String>,
}

/// One network the container is attached to, as the engine records it, and the host's side.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NetworkLink {
    pub network: String,
    pub driver: Option<String>,
    pub ip_address: Option<Fact>,
    pub gateway: Option<Fact>,
    pub mac_address: Option<Fact>,
    /// The bridge interface on the host this network's containers are plugged into.
    pub host_bridge: Option<Fact>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NetworkNamespace {
    /// The interfaces and addresses a program inside sees.
    pub interfaces: Vec<InterfaceAddress>,
    pub interfaces_source: Option<String>,
    /// `--network host` / `none` / `container:…`: the mode, which changes what to expect.
    pub mode: Fact,
    pub links: Vec<NetworkLink>,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MountNamespace {
    /// The storage driver that built the root filesystem (overlay2, …).
    pub driver: Option<Fact>,
    /// The image's read-only layers, top first, as host folders (`GraphDriver.Data.LowerDir`).
    pub lower_dirs: Vec<String>,
    /// The container's own writable layer on the host.
    pub upper_dir: Option<String>,
    /// Where the host sees the layers merged into one tree.
    pub merged_dir: Option<String>,
    pub work_dir: Option<String>,
    pub layers_source: String,
    /// The mount of `/` a program inside sees (from `/proc/mounts`).
    pub root: Option<MountLine>,
    pub root_source: Option<String>,
    /// How many mounts the container sees in all.
    pub mount_count: Option<u32>,
    pub problems: Vec<String>,
}

/// Which limit a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum LimitKind {
    Memory,
    MemorySwap,
    Cpus,
    CpuShares,
    Pids,
}

/// A cgroup file read inside the container.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CgroupFile {
    pub path: String,
    /// Exactly what the file holds.
    pub raw: String,
}

/// One limit: as set (inspect), as used (stats), as the kernel holds it (cgroup files).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CgroupLimit {
    pub kind: LimitKind,
    /// "Memory", "CPUs"…
    pub label: String,
    /// The `docker run` flag that sets it.
    pub flag: String,
    /// "64 MiB", or "no limit".
    pub set: Fact,
    /// The number set (bytes, CPUs, processes, shares); None when there is no limit.
    pub set_value: Option<f64>,
    pub usage: Option<Fact>,
    pub files: Vec<CgroupFile>,
    /// What the files say, read: "64 MiB", "1.5 CPUs", "no limit".
    pub kernel: Option<Fact>,
    /// The number the files hold, in the unit of `set_value`; None for no limit or unread.
    pub kernel_value: Option<f64>,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Cgroups {
    /// "1" or "2", from engine info.
    pub version: Option<Fact>,
    /// cgroupfs or systemd.
    pub driver: Option<Fact>,
    pub limits: Vec<CgroupLimit>,
    pub problems: Vec<String>,
}

/// What one command inside printed.
#[derive(Debug, Clone)]
pub(crate) struct Inside {
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) code: Option<i64>,
}

/// Why a command inside gave nothing to read.
#[derive(Debug, Clone)]
enum InsideFailure {
    /// The image has no such program (exit 126/127: "not found" or "cannot execute").
    Missing,
    /// It ran and failed: its code and what it said.
    Failed(Option<i64>, String),
    Engine(EngineError),
}

impl InsideFailure {
    fn words(&self, what: &str) -> String {
        match self {
            InsideFailure::Missing => format!("The image has no {what}."),
            InsideFailure::Failed(code, said) => {
                let code = code
                    .map(|c| format!(" (exit code {c})"))
                    .unwrap_or_default();
                let said = said.trim();
                if said.is_empty() {
                    format!("{what} failed{code}.")
                } else {
                    format!("{what} failed{code}: {said}")
                }
            }
            InsideFailure::Engine(e) => format!("{what} could not be run: {e}"),
        }
    }
}

fn inside_source(argv: &[&str]) -> String {
    format!("inside the container: {}", command_line(argv))
}

impl Engine {
    /// Runs a short command in the container and returns what it printed and its exit code,
    /// whatever that is; at most `limit`.
    pub(crate) async fn exec_captured(
        &self,
        id: &str,
        argv: &[&str],
        limit: Duration,
    ) -> Result<Inside, EngineError> {
        let run = async {
            let exec = self
                .docker
                .create_exec(
                    id,
                    ExecConfig {
                        attach_stdout: Some(true),
                        attach_stderr: Some(true),
                        cmd: Some(argv.iter().map(|a| a.to_string()).collect()),
                        ..Default::default()
                    },
                )
                .await?;
            let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
            if let StartExecResults::Attached { mut output, .. } = self
                .docker
                .start_exec(&exec.id, None::<StartExecOptions>)
                .await?
            {
                while let Some(chunk) = output.next().await {
                    let (into, bytes) = match chunk? {
                        LogOutput::StdErr { message } => (&mut stderr, message),
                        other => (&mut stdout, other.into_bytes()),
                    };
                    if into.len() < OUTPUT_CAP {
                        into.extend_from_slice(&bytes);
                    }
                }
            }
            let code = self.docker.inspect_exec(&exec.id).await?.exit_code;
            Ok::<_, EngineError>(Inside {
                stdout: String::from_utf8_lossy(&stdout).into_owned(),
                stderr: String::from_utf8_lossy(&stderr).into_owned(),
                code,
            })
        };
        tokio::time::timeout(limit, run).await.map_err(|_| {
            EngineError::Timeout(format!(
                "{} did not finish within {} s",
                command_line(argv),
                limit.as_secs()
            ))
        })?
    }

    /// Runs a short read-only command in the container and returns what it printed.
    async fn read_inside(&self, id: &str, argv: &[&str]) -> Result<Inside, InsideFailure> {
        let read = self
            .exec_captured(id, argv, EXEC_LIMIT)
            .await
            .map_err(InsideFailure::Engine)?;
        match read.code {
            Some(0) => Ok(read),
            // The runtime answers a program that is not in the image with 126 or 127.
            Some(126 | 127) => Err(InsideFailure::Missing),
            code => Err(InsideFailure::Failed(code, read.stderr)),
        }
    }

    /// Reads one cgroup file inside the container.
    async fn cgroup_file(&self, id: &str, path: &str) -> (Option<CgroupFile>, Option<String>) {
        match self.read_inside(id, &["cat", path]).await {
            Ok(r) => (
                Some(CgroupFile {
                    path: path.to_owned(),
                    raw: r.stdout.trim().to_owned(),
                }),
                None,
            ),
            Err(InsideFailure::Missing) => (
                None,
                Some("The image has no cat to read the cgroup file with.".into()),
            ),
            Err(f) => (None, Some(f.words(&format!("Reading {path}")))),
        }
    }

    /// The container's namespaces and cgroups, read at once (see the module's words).
    pub async fn namespaces(&self, id: &str) -> Result<Namespaces, EngineError> {
        let (c, info) = tokio::try_join!(
            async {
                self.docker
                    .inspect_container(id, None::<InspectContainerOptions>)
                    .await
                    .map_err(EngineError::from)
            },
            async { self.docker.info().await.map_err(EngineError::from) },
        )?;
        let name = inspected_name(&c);
        let cid = c.id.clone().unwrap_or_else(|| id.to_owned());
        let running = inspected_running(&c);
        let paused = c.state.as_ref().and_then(|s| s.paused).unwrap_or(false);
        let live = running && !paused;
        let host_name = info.name.clone();
        let version = info.cgroup_version.as_ref().map(|v| v.to_string());
        let version = version.filter(|v| !v.is_empty());

        // `ps` goes first, alone: run beside the other commands it would list them (and the
        // runtime's `runc init` starting them) as processes of the container.
        let inside = async {
            let pid = self.pid_namespace(&cid, &c, live).await;
            let (uts, network, mount, files) = tokio::join!(
                self.uts_namespace(&cid, &c, host_name, live),
                self.network_namespace(&cid, &c, live),
                self.mount_namespace(&cid, &c, live),
                self.limit_files(&cid, version.as_deref(), live),
            );
            (pid, uts, network, mount, files)
        };
        let ((pid, uts, network, mount, files), stats) =
            tokio::join!(inside, self.one_sample(&cid, live));
        let cgroups = Cgroups {
            version: version.map(|v| Fact::new(v, "engine info: CgroupVersion")),
            driver: info
                .cgroup_driver
                .as_ref()
                .map(|d| Fact::new(d.to_string(), "engine info: CgroupDriver")),
            limits: limits(&c, stats.as_ref().ok(), files),
            problems: match (&stats, live) {
                (Err(e), true) => vec![format!("No live usage: docker stats answered: {e}")],
                _ => vec![],
            },
        };
        let words = (!live).then(|| {
            let state = if paused { "paused" } else { "not running" };
            format!(
                "{name} is {state}. Its namespaces exist only while its processes run, so its \
                 processes, interfaces, mounts as seen from inside and the cgroup files cannot \
                 be read now: {} it to see them. What the engine keeps about it (its hostname, \
                 networks, layers and limits) is shown below.",
                if paused { "Unpause" } else { "Start" }
            )
        });
        let mut commands = vec![format!("docker inspect {name}")];
        if live {
            commands.extend([
                format!("docker top {name}"),
                format!("docker exec {name} ps -o pid,ppid,user,args"),
                format!("docker exec {name} hostname"),
                format!("docker exec {name} ip -o addr"),
                format!("docker exec {name} cat /proc/mounts"),
                format!("docker stats --no-stream {name}"),
            ]);
        }
        commands.push("docker info".into());
        Ok(Namespaces {
            id: cid,
            name,
            running: live,
            words,
            pid,
            uts,
            network,
            mount,
            cgroups,
            commands,
        })
    }

    async fn pid_namespace(
        &self,
        id: &str,
        c: &ContainerInspectResponse,
        live: bool,
    ) -> PidNamespace {
        let state_pid = c
            .state
            .as_ref()
            .and_then(|s| s.pid)
            .filter(|p| *p > 0)
            .and_then(|p| u32::try_from(p).ok());
        let mut ns = PidNamespace {
            inside: vec![],
            inside_source: String::new(),
            host: vec![],
            host_source: "docker top".into(),
            state_pid: state_pid.map(|p| Fact::new(p.to_string(), "docker inspect: State.Pid")),
            pairs: vec![],
            problems: vec![],
        };
        if !live {
            return ns;
        }
        let ps: &[&str] = &["ps", "-o", "pid,ppid,user,args"];
        let (inside, top) = tokio::join!(self.read_inside(id, ps), async {
            self.docker.top_processes(id, None::<TopOptions>).await
        });
        match top {
            Ok(t) => {
                ns.host = parse::top_table(
                    &t.titles.unwrap_or_default(),
                    &t.processes.unwrap_or_default(),
                )
            }
            Err(e) => ns
                .problems
                .push(format!("docker top failed: {}", EngineError::from(e))),
        }
        let mut names_only = false;
        match inside {
            Ok(r) => {
                ns.inside = parse::ps_output(&r.stdout);
                ns.inside_source = inside_source(ps);
                let ours = command_line(ps);
                for p in &mut ns.inside {
                    p.ours = p.args == ours;
                }
            }
            Err(first) => {
                let script = ["sh", "-c", parse::PROC_STATUS_SCRIPT];
                match self.read_inside(id, &script).await {
                    Ok(r) => {
                        names_only = true;
                        ns.inside = parse::proc_status_output(&r.stdout);
                        ns.inside_source =
                            "inside the container: /proc/<pid>/status (the image has no ps)".into();
                        // The shell that read the list is the newest `sh` in it.
                        if let Some(p) = ns
                            .inside
                            .iter_mut()
                            .filter(|p| p.args == "sh")
                            .max_by_key(|p| p.pid)
                        {
                            p.ours = true;
                        }
                    }
                    Err(second) => ns.problems.push(format!(
                        "The processes inside could not be listed. {} {}",
                        first.words("ps"),
                        second.words("shell (sh) to read /proc with")
                    )),
                }
            }
        }
        ns.pairs = parse::pair(&ns.inside, &ns.host, state_pid, names_only);
        ns
    }

    async fn uts_namespace(
        &self,
        id: &str,
        c: &ContainerInspectResponse,
        host: Option<String>,
        live: bool,
    ) -> UtsNamespace {
        let configured = c
            .config
            .as_ref()
            .and_then(|cfg| cfg.hostname.clone())
            .filter(|h| !h.is_empty())
            .map(|h| Fact::new(h, "docker inspect: Config.Hostname"));
        let mut ns = UtsNamespace {
            configured,
            inside: None,
            host: host.map(|h| Fact::new(h, "engine info: Name")),
            problems: vec![],
        };
        if !live {
            return ns;
        }
        let hostname = ["hostname"];
        let kernel = ["cat", "/proc/sys/kernel/hostname"];
        let read = match self.read_inside(id, &hostname).await {
            Ok(r) => Ok((r, inside_source(&hostname))),
            Err(_) => self
                .read_inside(id, &kernel)
                .await
                .map(|r| (r, inside_source(&kernel))),
        };
        match read {
            Ok((r, source)) => ns.inside = Some(Fact::new(r.stdout.trim(), source)),
            Err(f) => ns
                .problems
                .push(f.words("hostname (nor cat, to read /proc/sys/kernel/hostname)")),
        }
        ns
    }

    async fn network_namespace(
        &self,
        id: &str,
        c: &ContainerInspectResponse,
        live: bool,
    ) -> NetworkNamespace {
        let mode = c
            .host_config
            .as_ref()
            .and_then(|h| h.network_mode.clone())
            .unwrap_or_else(|| "default".into());
        let attached = c
            .network_settings
            .as_ref()
            .and_then(|n| n.networks.clone())
            .unwrap_or_default();
        let mut attached: Vec<_> = attached.into_iter().collect();
        attached.sort_by(|a, b| a.0.cmp(&b.0));
        let links =
            futures_util::future::join_all(attached.into_iter().map(|(network, ep)| async move {
                let src = |field: &str| {
                    format!("docker inspect: NetworkSettings.Networks.{network}.{field}")
                };
                let fact = |v: Option<String>, field: &str| {
                    v.filter(|s| !s.is_empty())
                        .map(|s| Fact::new(s, src(field)))
                };
                let ip = ep.ip_address.clone().filter(|s| !s.is_empty()).map(|ip| {
                    match ep.ip_prefix_len {
                        Some(len) if len > 0 => format!("{ip}/{len}"),
                        _ => ip,
                    }
                });
                let inspected = self
                    .docker
                    .inspect_network(&network, None::<InspectNetworkOptions>)
                    .await
                    .ok();
                let driver = inspected.as_ref().and_then(|n| n.driver.clone());
                let host_bridge = inspected.as_ref().and_then(|n| {
                    bridge_name(
                        n.driver.as_deref(),
                        n.name.as_deref(),
                        n.id.as_deref(),
                        n.options.as_ref(),
                    )
                    .map(|b| Fact::new(b, format!("docker network inspect {network}")))
                });
                NetworkLink {
                    ip_address: ip.map(|v| Fact::new(v, src("IPAddress"))),
                    gateway: fact(ep.gateway.clone(), "Gateway"),
                    mac_address: fact(ep.mac_address.clone(), "MacAddress"),
                    driver,
                    host_bridge,
                    network,
                }
            }))
            .await;
        let mut ns = NetworkNamespace {
            interfaces: vec![],
            interfaces_source: None,
            mode: Fact::new(mode, "docker inspect: HostConfig.NetworkMode"),
            links,
            problems: vec![],
        };
        if !live {
            return ns;
        }
        let ip = ["ip", "-o", "addr"];
        match self.read_inside(id, &ip).await {
            Ok(r) => {
                ns.interfaces = parse::ip_addr_output(&r.stdout);
                ns.interfaces_source = Some(inside_source(&ip));
            }
            Err(f) => ns.problems.push(format!(
                "{} The addresses below are what the engine recorded (docker inspect), not \
                 what the container sees.",
                f.words("ip command to list its interfaces")
            )),
        }
        ns
    }

    async fn mount_namespace(
        &self,
        id: &str,
        c: &ContainerInspectResponse,
        live: bool,
    ) -> MountNamespace {
        let graph = c.graph_driver.as_ref();
        let data = graph.map(|g| &g.data);
        let dir = |key: &str| {
            data.and_then(|d| d.get(key))
                .filter(|v| !v.is_empty())
                .cloned()
        };
        let mut ns = MountNamespace {
            driver: graph.map(|g| Fact::new(g.name.clone(), "docker inspect: GraphDriver.Name")),
            lower_dirs: dir("LowerDir")
                .map(|l| l.split(':').map(str::to_owned).collect())
                .unwrap_or_default(),
            upper_dir: dir("UpperDir"),
            merged_dir: dir("MergedDir"),
            work_dir: dir("WorkDir"),
            layers_source: "docker inspect: GraphDriver.Data".into(),
            root: None,
            root_source: None,
            mount_count: None,
            problems: vec![],
        };
        if !live {
            return ns;
        }
        let mounts = ["cat", "/proc/mounts"];
        match self.read_inside(id, &mounts).await {
            Ok(r) => {
                let (root, count) = parse::root_mount(&r.stdout);
                ns.root = root;
                ns.root_source = Some(inside_source(&mounts));
                ns.mount_count = u32::try_from(count).ok();
            }
            Err(f) => ns.problems.push(f.words("cat to read /proc/mounts with")),
        }
        ns
    }

    /// One `docker stats --no-stream` sample (the engine waits for a second one to give CPU).
    async fn one_sample(&self, id: &str, live: bool) -> Result<StatsSample, EngineError> {
        if !live {
            return Err(EngineError::Conflict("not running".into()));
        }
        let mut stream = self.docker.stats(
            id,
            Some(StatsOptions {
                stream: false,
                one_shot: false,
            }),
        );
        let first = tokio::time::timeout(STATS_LIMIT, stream.next())
            .await
            .map_err(|_| EngineError::Timeout("docker stats gave no sample".into()))?;
        match first {
            Some(Ok(s)) => {
                sample(&s).ok_or_else(|| EngineError::Protocol("a sample without figures".into()))
            }
            Some(Err(e)) => Err(e.into()),
            None => Err(EngineError::Protocol(
                "docker stats ended without a sample".into(),
            )),
        }
    }

    /// The cgroup files for each limit, read inside, by the engine's cgroup version.
    async fn limit_files(&self, id: &str, version: Option<&str>, live: bool) -> LimitFiles {
        let paths = match version {
            Some("2") => V2_FILES,
            _ => V1_FILES,
        };
        if !live {
            return LimitFiles::default();
        }
        let reads =
            futures_util::future::join_all(paths.iter().map(|(kind, role, path)| async move {
                let (file, problem) = self.cgroup_file(id, path).await;
                (*kind, *role, file, problem)
            }))
            .await;
        LimitFiles {
            reads,
            v2: version == Some("2"),
        }
    }
}

/// Which part of a limit a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileRole {
    Limit,
    Usage,
    /// cgroup v1's `cpu.cfs_period_us`, which the quota is divided by.
    Period,
}

type FileSpec = (LimitKind, FileRole, &'static str);

const V1_FILES: &[FileSpec] = &[
    (
        LimitKind::Memory,
        FileRole::Limit,
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ),
    (
        LimitKind::Memory,
        FileRole::Usage,
        "/sys/fs/cgroup/memory/memory.usage_in_bytes",
    ),
    (
        LimitKind::MemorySwap,
        FileRole::Limit,
        "/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes",
    ),
    (
        LimitKind::Cpus,
        FileRole::Limit,
        "/sys/fs/cgroup/cpu/cpu.cfs_quota_us",
    ),
    (
        LimitKind::Cpus,
        FileRole::Period,
        "/sys/fs/cgroup/cpu/cpu.cfs_period_us",
    ),
    (
        LimitKind::CpuShares,
        FileRole::Limit,
        "/sys/fs/cgroup/cpu/cpu.shares",
    ),
    (
        LimitKind::Pids,
        FileRole::Limit,
        "/sys/fs/cgroup/pids/pids.max",
    ),
    (
        LimitKind::Pids,
        FileRole::Usage,
        "/sys/fs/cgroup/pids/pids.current",
    ),
];

const V2_FILES: &[FileSpec] = &[
    (
        LimitKind::Memory,
        FileRole::Limit,
        "/sys/fs/cgroup/memory.max",
    ),
    (
        LimitKind::Memory,
        FileRole::Usage,
        "/sys/fs/cgroup/memory.current",
    ),
    (
        LimitKind::MemorySwap,
        FileRole::Limit,
        "/sys/fs/cgroup/memory.swap.max",
    ),
    (LimitKind::Cpus, FileRole::Limit, "/sys/fs/cgroup/cpu.max"),
    (
        LimitKind::CpuShares,
        FileRole::Limit,
        "/sys/fs/cgroup/cpu.weight",
    ),
    (LimitKind::Pids, FileRole::Limit, "/sys/fs/cgroup/pids.max"),
    (
        LimitKind::Pids,
        FileRole::Usage,
        "/sys/fs/cgroup/pids.current",
    ),
];

/// The cgroup files read for the limits (empty when the container is not running).
#[derive(Debug, Default)]
struct LimitFiles {
    reads: Vec<(LimitKind, FileRole, Option<CgroupFile>, Option<String>)>,
    v2: bool,
}

/// The host's bridge interface of a bridge network: `docker0` for the default one (or the
/// name set with `com.docker.network.bridge.name`), `br-<first 12 of the id>` for one the
/// user made; None for other drivers.
fn bridge_name(
    driver: Option<&str>,
    name: Option<&str>,
    id: Option<&str>,
    options: Option<&std::collections::HashMap<String, String>>,
) -> Option<String> {
    if driver != Some("bridge") {
        return None;
    }
    if let Some(set) = options.and_then(|o| o.get("com.docker.network.bridge.name")) {
        return Some(set.clone());
    }
    if name == Some("bridge") {
        return Some("docker0".into());
    }
    id.map(|id| format!("br-{}", &id[..id.len().min(12)]))
}

/// The limits set on the container (inspect), its usage (stats) and the files read inside.
fn limits(
    c: &ContainerInspectResponse,
    stats: Option<&StatsSample>,
    files: LimitFiles,
) -> Vec<CgroupLimit> {
    let host = c.host_config.clone().unwrap_or_default();
    let positive = |v: Option<i64>| v.filter(|n| *n > 0).map(|n| n as f64);
    let stats_source = "docker stats (one sample)";
    let no_limit = "no limit";

    let memory = positive(host.memory);
    let swap = host.memory_swap;
    let nano = positive(host.nano_cpus).map(|n| n / 1e9);
    let quota = positive(host.cpu_quota).zip(positive(host.cpu_period).or(Some(100_000.0)));
    let cpus = nano.or(quota.map(|(q, p)| q / p));
    let cpus_field = if nano.is_some() {
        "HostConfig.NanoCpus"
    } else {
        "HostConfig.CpuQuota / CpuPeriod"
    };
    let shares = positive(host.cpu_shares);
    let pids = positive(host.pids_limit);

    let mut rows = vec![
        CgroupLimit {
            kind: LimitKind::Memory,
            label: "Memory".into(),
            flag: "-m, --memory".into(),
            set: Fact::new(
                memory.map_or(no_limit.into(), bytes_text),
                "docker inspect: HostConfig.Memory",
            ),
            set_value: memory,
            usage: stats.map(|s| Fact::new(bytes_text(s.memory_bytes), stats_source)),
            files: vec![],
            kernel: None,
            kernel_value: None,
            problems: vec![],
        },
        CgroupLimit {
            kind: LimitKind::MemorySwap,
            label: "Memory + swap".into(),
            flag: "--memory-swap".into(),
            set: Fact::new(
                match swap {
                    Some(-1) => "no limit on swap".to_owned(),
                    Some(n) if n > 0 => bytes_text(n as f64),
                    _ => match memory {
                        Some(m) => format!("not set: twice the memory, {}", bytes_text(2.0 * m)),
                        None => no_limit.to_owned(),
                    },
                },
                "docker inspect: HostConfig.MemorySwap",
            ),
            set_value: match swap {
                Some(n) if n > 0 => Some(n as f64),
                _ => None,
            },
            usage: None,
            files: vec![],
            kernel: None,
            kernel_value: None,
            problems: vec![],
        },
        CgroupLimit {
            kind: LimitKind::Cpus,
            label: "CPUs".into(),
            flag: "--cpus".into(),
            set: Fact::new(
                cpus.map_or(no_limit.into(), cpus_text),
                format!("docker inspect: {cpus_field}"),
            ),
            set_value: cpus,
            usage: stats
                .map(|s| Fact::new(format!("{:.1} % of one CPU", s.cpu_percent), stats_source)),
            files: vec![],
            kernel: None,
            kernel_value: None,
            problems: vec![],
        },
        CgroupLimit {
            kind: LimitKind::CpuShares,
            label: "CPU shares (weight when CPUs are contended)".into(),
            flag: "--cpu-shares".into(),
            set: Fact::new(
                shares.map_or("not set: 1024, the default".into(), |s| format!("{s:.0}")),
                "docker inspect: HostConfig.CpuShares",
            ),
            set_value: shares,
            usage: None,
            files: vec![],
            kernel: None,
            kernel_value: None,
            problems: vec![],
        },
        CgroupLimit {
            kind: LimitKind::Pids,
            label: "Processes".into(),
            flag: "--pids-limit".into(),
            set: Fact::new(
                pids.map_or(no_limit.into(), |p| format!("{p:.0}")),
                "docker inspect: HostConfig.PidsLimit",
            ),
            set_value: pids,
            usage: stats
                .and_then(|s| s.pids)
                .map(|p| Fact::new(p.to_string(), stats_source)),
            files: vec![],
            kernel: None,
            kernel_value: None,
            problems: vec![],
        },
    ];
    for row in &mut rows {
        let mine: Vec<_> = files.reads.iter().filter(|r| r.0 == row.kind).collect();
        for (_, role, file, problem) in &mine {
            row.problems.extend(problem.clone());
            if let (Some(f), FileRole::Usage) = (file, role) {
                // Live usage as the kernel counts it, beside the stats figure.
                if row.usage.is_none() {
                    row.usage = Some(Fact::new(
                        usage_text(row.kind, &f.raw),
                        format!("inside the container: cat {}", f.path),
                    ));
                }
            }
            row.files.extend(file.clone());
        }
        let raw = |role: FileRole| mine.iter().find(|r| r.1 == role).and_then(|r| r.2.as_ref());
        let Some(limit) = raw(FileRole::Limit) else {
            continue;
        };
        let (read, source) = match (row.kind, files.v2) {
            (LimitKind::Cpus, false) => match raw(FileRole::Period) {
                Some(period) => (
                    cfs_cpus(&limit.raw, &period.raw),
                    format!("inside the container: cat {} {}", limit.path, period.path),
                ),
                None => (None, String::new()),
            },
            (LimitKind::Cpus, true) => (
                cpu_max(&limit.raw),
                format!("inside the container: cat {}", limit.path),
            ),
            _ => (
                cgroup_number(&limit.raw),
                format!("inside the container: cat {}", limit.path),
            ),
        };
        match read {
            Some(FileLimit::Unlimited) => row.kernel = Some(Fact::new(no_limit, source)),
            Some(FileLimit::Value(v)) => {
                row.kernel_value = Some(v);
                row.kernel = Some(Fact::new(value_text(row.kind, v), source));
            }
            None if !source.is_empty() => row.problems.push(format!(
                "{} holds {:?}, which is not a limit Tugboat can read.",
                limit.path, limit.raw
            )),
            None => {}
        }
    }
    rows
}

fn value_text(kind: LimitKind, v: f64) -> String {
    match kind {
        LimitKind::Memory | LimitKind::MemorySwap => bytes_text(v),
        LimitKind::Cpus => cpus_text(v),
        LimitKind::CpuShares | LimitKind::Pids => format!("{v:.0}"),
    }
}

fn usage_text(kind: LimitKind, raw: &str) -> String {
    match cgroup_number(raw) {
        Some(FileLimit::Value(v)) => value_text(kind, v),
        _ => raw.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bridge_names_follow_the_engine_rules() {
        let id = Some("0123456789abcdef0123");
        assert_eq!(
            bridge_name(Some("bridge"), Some("bridge"), id, None).as_deref(),
            Some("docker0")
        );
        assert_eq!(
            bridge_name(Some("bridge"), Some("app"), id, None).as_deref(),
            Some("br-0123456789ab")
        );
        let set = std::collections::HashMap::from([(
            "com.docker.network.bridge.name".to_string(),
            "tb0".to_string(),
        )]);
        assert_eq!(
            bridge_name(Some("bridge"), Some("bridge"), id, Some(&set)).as_deref(),
            Some("tb0")
        );
        assert_eq!(bridge_name(Some("overlay"), Some("o"), id, None), None);
    }

    fn inspected(host: serde_json::Value) -> ContainerInspectResponse {
        serde_json::from_value(serde_json::json!({"HostConfig": host})).unwrap()
    }

    fn file(
        kind: LimitKind,
        role: FileRole,
        path: &str,
        raw: &str,
    ) -> (LimitKind, FileRole, Option<CgroupFile>, Option<String>) {
        (
            kind,
            role,
            Some(CgroupFile {
                path: path.into(),
                raw: raw.into(),
            }),
            None,
        )
    }

    #[test]
    fn limits_set_read_and_used_line_up_on_cgroup_v1() {
        let c = inspected(
            serde_json::json!({"Memory": 67108864, "PidsLimit": 50, "NanoCpus": 1_500_000_000i64, "MemorySwap": 134217728}),
        );
        let files = LimitFiles {
            reads: vec![
                file(
                    LimitKind::Memory,
                    FileRole::Limit,
                    "/sys/fs/cgroup/memory/memory.limit_in_bytes",
                    "67108864",
                ),
                file(
                    LimitKind::Memory,
                    FileRole::Usage,
                    "/sys/fs/cgroup/memory/memory.usage_in_bytes",
                    "1261568",
                ),
                file(
                    LimitKind::Cpus,
                    FileRole::Limit,
                    "/sys/fs/cgroup/cpu/cpu.cfs_quota_us",
                    "150000",
                ),
                file(
                    LimitKind::Cpus,
                    FileRole::Period,
                    "/sys/fs/cgroup/cpu/cpu.cfs_period_us",
                    "100000",
                ),
                file(
                    LimitKind::Pids,
                    FileRole::Limit,
                    "/sys/fs/cgroup/pids/pids.max",
                    "50",
                ),
                (
                    LimitKind::MemorySwap,
                    FileRole::Limit,
                    None,
                    Some("Reading … failed".into()),
                ),
            ],
            v2: false,
        };
        let stats = StatsSample {
            cpu_percent: 2.0,
            memory_bytes: 1_048_576.0,
            memory_limit_bytes: 67108864.0,
            pids: Some(1),
            ..StatsSample::default()
        };
        let rows = limits(&c, Some(&stats), files);
        let row = |k: LimitKind| rows.iter().find(|r| r.kind == k).unwrap();
        let mem = row(LimitKind::Memory);
        assert_eq!(
            (mem.set.value.as_str(), mem.set_value),
            ("64 MiB", Some(67108864.0))
        );
        assert_eq!(mem.kernel_value, Some(67108864.0));
        assert_eq!(
            mem.kernel.as_ref().unwrap().source,
            "inside the container: cat /sys/fs/cgroup/memory/memory.limit_in_bytes"
        );
        assert_eq!(mem.usage.as_ref().unwrap().value, "1 MiB");
        assert_eq!(mem.files.len(), 2);
        let cpus = row(LimitKind::Cpus);
        assert_eq!(cpus.set.value, "1.5 CPUs");
        assert_eq!(cpus.kernel.as_ref().unwrap().value, "1.5 CPUs");
        assert_eq!(row(LimitKind::Pids).kernel_value, Some(50.0));
        assert_eq!(
            row(LimitKind::Pids).usage.as_ref().unwrap().source,
            "docker stats (one sample)"
        );
        assert_eq!(row(LimitKind::MemorySwap).problems.len(), 1);
        assert_eq!(row(LimitKind::MemorySwap).set.value, "128 MiB");
        assert_eq!(
            row(LimitKind::CpuShares).set.value,
            "not set: 1024, the default"
        );
    }

    #[test]
    fn cgroup_v2_max_means_no_limit() {
        let c = inspected(serde_json::json!({}));
        let files = LimitFiles {
            reads: vec![
                file(
                    LimitKind::Memory,
                    FileRole::Limit,
                    "/sys/fs/cgroup/memory.max",
                    "max",
                ),
                file(
                    LimitKind::Cpus,
                    FileRole::Limit,
                    "/sys/fs/cgroup/cpu.max",
                    "max 100000",
                ),
                file(
                    LimitKind::Pids,
                    FileRole::Limit,
                    "/sys/fs/cgroup/pids.max",
                    "garbage",
                ),
                file(
                    LimitKind::Pids,
                    FileRole::Usage,
                    "/sys/fs/cgroup/pids.current",
                    "3",
                ),
            ],
            v2: true,
        };
        let rows = limits(&c, None, files);
        let row = |k: LimitKind| rows.iter().find(|r| r.kind == k).unwrap();
        assert_eq!(row(LimitKind::Memory).set.value, "no limit");
        assert_eq!(
            row(LimitKind::Memory).kernel.as_ref().unwrap().value,
            "no limit"
        );
        assert_eq!(row(LimitKind::Memory).kernel_value, None);
        assert_eq!(
            row(LimitKind::Cpus).kernel.as_ref().unwrap().value,
            "no limit"
        );
        assert_eq!(
            row(LimitKind::Pids).problems.len(),
            1,
            "{:?}",
            row(LimitKind::Pids).problems
        );
        let usage = row(LimitKind::Pids).usage.as_ref().unwrap();
        assert_eq!(
            (usage.value.as_str(), usage.source.as_str()),
            ("3", "inside the container: cat /sys/fs/cgroup/pids.current")
        );
    }
}
