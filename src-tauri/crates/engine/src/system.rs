//! What the engine is and what it holds: the home screen's facts (`/version` + `/info` +
//! counts). Disk usage (`/system/df`) is `disk/`'s.

use crate::connection::{Engine, CLIENT_MAX_API};
use crate::containers::{ContainerRow, ContainerState};
use crate::error::EngineError;
use bollard::query_parameters::{ListNetworksOptions, ListVolumesOptions};
use serde::Serialize;

/// Counts of what the engine holds. Container figures are counted from the container list,
/// exactly what `docker ps -a` shows: `/info`'s own counters can go stale (seen after a daemon
/// restart: four "running" with none running).
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResourceCounts {
    pub containers: u32,
    pub running: u32,
    pub paused: u32,
    pub stopped: u32,
    pub images: u32,
    pub volumes: u32,
    pub networks: u32,
}

/// The engine, described for the home screen. Optional fields are ones older or other engines
/// (Podman, rootless) may leave out.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EngineInfo {
    pub endpoint: String,
    pub server_version: String,
    /// Newest API version the daemon speaks.
    pub daemon_api_version: String,
    pub min_api_version: Option<String>,
    /// The version Tugboat sends on every request (lower of the daemon's and Tugboat's).
    pub api_version: String,
    pub client_max_api_version: String,
    pub operating_system: Option<String>,
    pub os_type: Option<String>,
    pub kernel_version: Option<String>,
    pub architecture: Option<String>,
    pub storage_driver: Option<String>,
    pub cgroup_driver: Option<String>,
    pub cgroup_version: Option<String>,
    pub logging_driver: Option<String>,
    pub cpus: Option<u32>,
    /// Bytes (f64: JavaScript numbers are exact up to 2^53).
    pub memory_bytes: Option<f64>,
    /// inactive, pending, active, error or locked.
    pub swarm_state: String,
    pub hostname: Option<String>,
    pub root_dir: Option<String>,
    pub counts: ResourceCounts,
    pub warnings: Vec<String>,
}

fn count(v: Option<i64>) -> u32 {
    v.unwrap_or(0).clamp(0, u32::MAX as i64) as u32
}

impl Engine {
    pub async fn info(&self) -> Result<EngineInfo, EngineError> {
        self.info_with(self.containers(true)).await
    }

    /// [`Engine::info`], counting the containers `listed` gives instead of listing them here:
    /// the app passes its kept list ([`crate::supervisor::keeper`]), so the home screen's
    /// counts and the Containers view share one `docker ps -a`. At 30,000 containers each list
    /// costs the engine seconds of CPU. `listed` runs beside the other four calls.
    pub async fn info_with(
        &self,
        listed: impl std::future::Future<Output = Result<Vec<ContainerRow>, EngineError>>,
    ) -> Result<EngineInfo, EngineError> {
        let volumes = async {
            self.docker
                .list_volumes(None::<ListVolumesOptions>)
                .await
                .map(|v| v.volumes.map(|v| v.len()).unwrap_or(0))
        };
        let networks = async {
            self.docker
                .list_networks(None::<ListNetworksOptions>)
                .await
                .map(|n| n.len())
        };
        let (version, info, volumes, networks, containers) = tokio::try_join!(
            async { self.docker.version().await.map_err(EngineError::from) },
            async { self.docker.info().await.map_err(EngineError::from) },
            async { volumes.await.map_err(EngineError::from) },
            async { networks.await.map_err(EngineError::from) },
            listed
        )?;
        let by_state =
            |s: ContainerState| containers.iter().filter(|c| c.state == s).count() as u32;
        let swarm_state = info
            .swarm
            .as_ref()
            .and_then(|s| s.local_node_state.as_ref())
            .map(|s| s.to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "inactive".into());
        Ok(EngineInfo {
            endpoint: self.host().to_owned(),
            server_version: version.version.unwrap_or_else(|| "unknown".into()),
            daemon_api_version: self.daemon_api_version().to_string(),
            min_api_version: version.min_api_version,
            api_version: self.api_version().to_string(),
            client_max_api_version: CLIENT_MAX_API.to_string(),
            operating_system: info.operating_system,
            os_type: info.os_type,
            kernel_version: info.kernel_version,
            architecture: info.architecture,
            storage_driver: info.driver,
            cgroup_driver: info.cgroup_driver.map(|d| d.to_string()),
            cgroup_version: info.cgroup_version.map(|v| v.to_string()),
            logging_driver: info.logging_driver,
            cpus: info.ncpu.map(|n| count(Some(n))),
            memory_bytes: info.mem_total.map(|m| m as f64),
            swarm_state,
            hostname: info.name,
            root_dir: info.docker_root_dir,
            counts: ResourceCounts {
                containers: containers.len() as u32,
                running: by_state(ContainerState::Running),
                paused: by_state(ContainerState::Paused),
                // Like `docker info`: everything neither running nor paused.
                stopped: containers
                    .iter()
                    .filter(|c| {
                        !matches!(c.state, ContainerState::Running | ContainerState::Paused)
                    })
                    .count() as u32,
                images: count(info.images),
                volumes: volumes as u32,
                networks: networks as u32,
            },
            warnings: info.warnings.unwrap_or_default(),
        })
    }
}
