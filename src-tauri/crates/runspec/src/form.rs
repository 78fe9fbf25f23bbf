//! The run form as typed: every value a string, so nothing the user typed is lost before it is
//! checked, and every error can point at the field it belongs to.

use crate::validate::limits::LimitsForm;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunForm {
    pub image: String,
    pub name: String,
    /// The command, as a shell would split it (`sh -c 'echo hi'`).
    pub command: String,
    /// One program that replaces the image's entrypoint (`--entrypoint`).
    pub entrypoint: String,
    /// Keep standard input open (`-i`) and give it a terminal (`-t`): `docker run -dit`.
    pub interactive: bool,
    pub tty: bool,
    /// Remove the container when it exits (`--rm`).
    pub auto_remove: bool,
    pub ports: Vec<PortRow>,
    /// Publish every port the image exposes on random host ports (`-P`).
    pub publish_all: bool,
    pub mounts: Vec<MountRow>,
    pub env: Vec<EnvRow>,
    /// no, always, unless-stopped, on-failure, on-failure:N.
    pub restart: String,
    /// Memory, CPU and process limits (flattened: the same JSON fields as before).
    #[serde(flatten)]
    pub limits: LimitsForm,
    /// Empty: the default bridge.
    pub network: String,
    pub links: Vec<String>,
    pub hostname: String,
    pub user: String,
    pub workdir: String,
    pub labels: Vec<LabelRow>,
    pub health_cmd: String,
    /// Run the health command without a shell (the engine's `CMD` exec form), its words split
    /// as a shell would. Only a recreate sets it, to keep an exec-form check as it was: `docker
    /// run --health-cmd` always runs the command through `/bin/sh`.
    pub health_exec: bool,
    pub health_interval: String,
    pub health_timeout: String,
    pub health_retries: String,
    pub health_start_period: String,
    /// The container's own files can't be changed, only its mounts (`--read-only`).
    pub read_only: bool,
    /// Every device and capability of the host (`--privileged`): the container can take over
    /// the machine.
    pub privileged: bool,
    /// A tiny init as process 1 that forwards signals and reaps zombies (`--init`).
    pub init: bool,
    /// Linux capabilities added or dropped (`NET_ADMIN`, `ALL`…).
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
    /// `name:ip` entries added to the container's /etc/hosts (`--add-host`).
    pub add_hosts: Vec<String>,
    /// DNS servers, as IP addresses (`--dns`).
    pub dns: Vec<String>,
    /// `name=soft[:hard]`, such as nofile=1024:2048 (`--ulimit`).
    pub ulimits: Vec<String>,
    /// Empty: the engine's default logging driver.
    pub log_driver: String,
    /// `key=value` options of the logging driver (`--log-opt max-size=10m`).
    pub log_opts: Vec<String>,
    /// `/dev/host[:/dev/container[:rwm]]` (`--device`).
    pub devices: Vec<String>,
    /// `os/arch[/variant]`, such as linux/amd64 (`--platform`).
    pub platform: String,
    /// When to pull the image first: missing (default), never or always (`--pull`).
    pub pull: String,
    /// The signal `docker stop` sends first (`--stop-signal`), such as SIGINT.
    pub stop_signal: String,
    /// Seconds `docker stop` waits before killing (`--stop-timeout`).
    pub stop_timeout: String,
    /// Size of /dev/shm (`--shm-size 256m`).
    pub shm_size: String,
    /// `no-new-privileges`, `apparmor=…`, `label=…`, `seccomp=unconfined` (`--security-opt`).
    pub security_opts: Vec<String>,
    /// Other names the container answers to on its network (`--network-alias`).
    pub network_aliases: Vec<String>,
    /// A fixed IPv4 address on its network (`--ip`).
    pub ip: String,
    /// Ports the container declares without publishing them (`--expose 80`, `--expose 7000-7010/udp`).
    pub expose: Vec<String>,
    /// GPUs to give the container: all, a count, or device=0,1 (`--gpus`).
    pub gpus: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PortRow {
    /// Empty: every address.
    pub host_ip: String,
    /// Empty: a random free port. A range like 8000-8010 is allowed.
    pub host_port: String,
    /// A port or a range like 80-90.
    pub container_port: String,
    /// tcp (default), udp or sctp.
    pub protocol: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum MountKind {
    /// A named (or, with no source, anonymous) volume managed by the engine.
    #[default]
    Volume,
    /// A folder of the host.
    Bind,
    /// A memory-backed folder that vanishes with the container.
    Tmpfs,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MountRow {
    pub kind: MountKind,
    /// Volume name, host path, or empty (anonymous volume, tmpfs).
    pub source: String,
    /// Path inside the container.
    pub target: String,
    pub read_only: bool,
    /// SELinux relabelling for binds: "", "z" (shared) or "Z" (private).
    pub selinux: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EnvRow {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LabelRow {
    pub key: String,
    pub value: String,
}

/// A problem with one field: `field` is the form's path to it (`memory`, `ports[2].hostPort`),
/// `message` says what is wrong and what would be valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}
