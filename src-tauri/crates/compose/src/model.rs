//! The resolved project: what the compose files say once interpolated, merged (overrides,
//! `extends`, `include`), filtered by profiles and normalised (short syntax → long syntax,
//! relative paths → absolute). The planner and the UI read this, never the YAML.
//!
//! Numbers that can be large (bytes, nanoseconds) are `f64` over the IPC: JavaScript numbers
//! hold integers exactly up to 2^53, far beyond any memory size or duration here.

use serde::{Deserialize, Serialize};
use tugboat_textspan::Span;

/// A `name, value` pair where the value may be absent (`environment: [FOO]` passes FOO from the
/// environment of the `up`; a build arg without a value likewise).
pub type MaybePair = (String, Option<String>);

/// The whole project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComposeModel {
    /// The project name, normalised (`names::normalise_project`).
    pub name: String,
    /// The project folder, absolute: relative paths in the files resolve against it.
    pub working_dir: String,
    /// Every compose file merged, main file first, absolute.
    pub config_files: Vec<String>,
    /// The env files read for interpolation, absolute (empty when none was read).
    pub env_files: Vec<String>,
    /// Services active under the chosen profiles, sorted by name.
    pub services: Vec<Service>,
    /// Networks the project declares or uses (`default` when a service uses it), sorted by key.
    pub networks: Vec<NetworkDef>,
    /// Volumes the project declares, sorted by key.
    pub volumes: Vec<VolumeDef>,
    /// Services left out because none of their profiles is active (names, sorted).
    pub inactive_services: Vec<String>,
}

/// One service, fully resolved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub name: String,
    /// The service's key in the main file (or the line that brings it in from another file).
    pub span: Span,
    pub image: Option<String>,
    pub build: Option<BuildDef>,
    pub container_name: Option<String>,
    /// `None`: the image's CMD. A string in the file is split as a shell would.
    pub command: Option<Vec<String>>,
    /// `None`: the image's ENTRYPOINT.
    pub entrypoint: Option<Vec<String>>,
    /// From `env_file:` then `environment:` (which wins), in order; `None` value = taken from
    /// the environment at `up`, or unset.
    pub environment: Vec<MaybePair>,
    pub ports: Vec<PortDef>,
    pub volumes: Vec<ServiceVolume>,
    pub depends_on: Vec<Dependency>,
    /// `no`, `always`, `on-failure[:n]`, `unless-stopped`.
    pub restart: Option<String>,
    pub healthcheck: Option<Healthcheck>,
    pub cpus: Option<f64>,
    pub memory_bytes: Option<f64>,
    /// The networks the service joins; `[default]` when the file names none (and there is no
    /// `network_mode`).
    pub networks: Vec<ServiceNetwork>,
    /// `network_mode:` (`host`, `none`, `service:x`, `container:x`); then `networks` is empty.
    pub network_mode: Option<String>,
    pub labels: Vec<(String, String)>,
    pub hostname: Option<String>,
    pub user: Option<String>,
    pub working_dir: Option<String>,
    /// `scale:` or `deploy.replicas`, 1 when neither is given.
    pub replicas: u32,
    pub profiles: Vec<String>,
    pub tty: bool,
    pub stdin_open: bool,
    pub init: bool,
    pub privileged: bool,
    /// `host:ip` entries as `docker run --add-host` takes them.
    pub extra_hosts: Vec<String>,
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
    pub stop_signal: Option<String>,
    pub stop_grace_period_ns: Option<f64>,
    /// `always`, `never`, `missing`, `build` (as written in `pull_policy:`).
    pub pull_policy: Option<String>,
    pub platform: Option<String>,
    pub read_only: bool,
    pub shm_size_bytes: Option<f64>,
    pub dns: Vec<String>,
    pub expose: Vec<String>,
}

/// `build:` in long form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BuildDef {
    /// Absolute folder (or a URL as written).
    pub context: String,
    /// Relative to the context, as written (`Dockerfile` when not given).
    pub dockerfile: String,
    pub args: Vec<MaybePair>,
    pub target: Option<String>,
}

/// A published port in long form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PortDef {
    pub host_ip: Option<String>,
    /// The host port or range; `None` = an ephemeral port the engine picks.
    pub published: Option<String>,
    /// The container port or range: "80" or "80-81".
    pub target: String,
    /// `tcp`, `udp` or `sctp`.
    pub protocol: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum VolumeKind {
    #[default]
    Volume,
    Bind,
    Tmpfs,
}

/// A mount in long form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceVolume {
    pub kind: VolumeKind,
    /// A volume key (or an external volume's name), an absolute host path for a bind, `None`
    /// for an anonymous volume or a tmpfs.
    pub source: Option<String>,
    pub target: String,
    pub read_only: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DependCondition {
    #[default]
    ServiceStarted,
    ServiceHealthy,
    ServiceCompletedSuccessfully,
}

/// One `depends_on` entry in long form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dependency {
    pub service: String,
    pub condition: DependCondition,
    /// Restart this service when the dependency is restarted by an update.
    pub restart: bool,
    /// `false`: a missing or not-running dependency only warns.
    pub required: bool,
}

/// `healthcheck:` resolved; durations in nanoseconds, `None` = the image's own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Healthcheck {
    /// As the engine takes it: `["CMD", …]`, `["CMD-SHELL", "…"]` or `["NONE"]`; empty =
    /// the image's test.
    pub test: Vec<String>,
    pub interval_ns: Option<f64>,
    pub timeout_ns: Option<f64>,
    pub retries: Option<u32>,
    pub start_period_ns: Option<f64>,
    /// `disable: true` (or `test: ["NONE"]`): no health check at all.
    pub disable: bool,
}

/// A network a service joins.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceNetwork {
    /// The network's key in the file (`default` for the project's default network).
    pub name: String,
    pub aliases: Vec<String>,
    pub ipv4_address: Option<String>,
}

/// A network of the project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NetworkDef {
    pub key: String,
    /// The name on the engine: `<project>_<key>` unless `name:` or `external`.
    pub name: String,
    /// `None`: the engine's default (bridge).
    pub driver: Option<String>,
    /// Made elsewhere: `up` only checks it exists, `down` leaves it.
    pub external: bool,
    pub labels: Vec<(String, String)>,
    pub internal: bool,
    pub attachable: bool,
    /// Its key in the main file; `None` for the implicit `default` or one from another file.
    pub span: Option<Span>,
}

/// A named volume of the project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VolumeDef {
    pub key: String,
    /// The name on the engine: `<project>_<key>` unless `name:` or `external`.
    pub name: String,
    pub driver: Option<String>,
    pub external: bool,
    pub labels: Vec<(String, String)>,
    pub span: Option<Span>,
}

impl ComposeModel {
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }
}
