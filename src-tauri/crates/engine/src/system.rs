//! What the engine is and what it holds: the home screen's facts (`/version` + `/info` + counts)
//! and disk usage (`/system/df`, which is expensive and therefore only fetched on demand).

use crate::connection::{api_path, Engine, Patience, CLIENT_MAX_API};
use crate::containers::ContainerState;
use crate::error::EngineError;
use bollard::query_parameters::{ListNetworksOptions, ListVolumesOptions};
use serde::{Deserialize, Serialize};

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
        self.info_with(None).await
    }

    /// [`Engine::info`], counting containers in `known` (a current `docker ps -a`, such as
    /// [`crate::cache::ContainerCache::current`]) instead of listing them again: at 1,000
    /// containers the list is most of the call's cost.
    pub async fn info_with(
        &self,
        known: Option<Vec<crate::containers::ContainerRow>>,
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
        let containers = async {
            match known {
                Some(rows) => Ok(rows),
                None => self.containers(true).await,
            }
        };
        let (version, info, volumes, networks, containers) = tokio::try_join!(
            async { self.docker.version().await.map_err(EngineError::from) },
            async { self.docker.info().await.map_err(EngineError::from) },
            async { volumes.await.map_err(EngineError::from) },
            async { networks.await.map_err(EngineError::from) },
            containers
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

    /// `docker system df`. Costly on big engines (it sizes every container's writable layer),
    /// so only ever called when the user asks.
    pub async fn disk_usage(&self) -> Result<DiskUsage, EngineError> {
        // The engine answers only once every size is computed: minutes on a big engine.
        let body = self
            .raw_get(&api_path(&["system", "df"]), Patience::Long)
            .await?;
        let raw: RawDiskUsage = serde_json::from_slice(&body)
            .map_err(|e| EngineError::Protocol(format!("/system/df: {e}")))?;
        Ok(raw.summarise())
    }
}

/// One row of `docker system df`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UsageRow {
    pub total: u32,
    pub active: u32,
    pub size_bytes: f64,
    pub reclaimable_bytes: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DiskUsage {
    pub images: UsageRow,
    pub containers: UsageRow,
    pub volumes: UsageRow,
    pub build_cache: UsageRow,
}

/// `/system/df` in both of its shapes: API < 1.52 lists every object (`LayersSize`, `Images`,
/// `Containers`, `Volumes`, `BuildCache`); API ≥ 1.52 sends ready totals (`ImageUsage`, …).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RawDiskUsage {
    layers_size: Option<i64>,
    images: Option<Vec<RawImage>>,
    containers: Option<Vec<RawContainer>>,
    volumes: Option<Vec<RawVolume>>,
    build_cache: Option<Vec<RawCache>>,
    image_usage: Option<RawTotals>,
    container_usage: Option<RawTotals>,
    volume_usage: Option<RawTotals>,
    build_cache_usage: Option<RawTotals>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawTotals {
    active_count: Option<i64>,
    total_count: Option<i64>,
    reclaimable: Option<i64>,
    total_size: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawImage {
    size: Option<i64>,
    shared_size: Option<i64>,
    containers: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawContainer {
    size_rw: Option<i64>,
    state: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawVolume {
    usage_data: Option<RawVolumeUsage>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawVolumeUsage {
    size: Option<i64>,
    ref_count: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawCache {
    size: Option<i64>,
    in_use: Option<bool>,
    shared: Option<bool>,
}

/// Negative sizes mean "not computed" in the Engine API.
fn bytes(v: Option<i64>) -> f64 {
    v.filter(|n| *n > 0).unwrap_or(0) as f64
}

impl RawTotals {
    fn row(&self) -> UsageRow {
        UsageRow {
            total: count(self.total_count),
            active: count(self.active_count),
            size_bytes: bytes(self.total_size),
            reclaimable_bytes: bytes(self.reclaimable),
        }
    }
}

impl RawDiskUsage {
    /// Totals the way `docker system df` does: reclaimable is what no container uses.
    pub(crate) fn summarise(&self) -> DiskUsage {
        let images = match (&self.image_usage, &self.images) {
            (Some(t), _) => t.row(),
            (None, Some(list)) => {
                // The CLI's arithmetic: everything the image layers take, less what images in
                // use hold on their own (an image whose sizes are not known counts as nothing).
                let used: f64 = list
                    .iter()
                    .filter(|i| i.containers.unwrap_or(0) != 0)
                    .filter(|i| i.size != Some(-1) && i.shared_size != Some(-1))
                    .map(|i| bytes(i.size) - bytes(i.shared_size))
                    .sum();
                UsageRow {
                    total: list.len() as u32,
                    active: list
                        .iter()
                        .filter(|i| i.containers.unwrap_or(0) > 0)
                        .count() as u32,
                    size_bytes: bytes(self.layers_size),
                    reclaimable_bytes: (bytes(self.layers_size) - used).max(0.0),
                }
            }
            (None, None) => UsageRow::default(),
        };
        let containers = match (&self.container_usage, &self.containers) {
            (Some(t), _) => t.row(),
            (None, Some(list)) => {
                // As the CLI: a paused or restarting container holds its layer as much as a
                // running one.
                let running = |c: &&RawContainer| {
                    matches!(
                        c.state.as_deref(),
                        Some("running" | "paused" | "restarting")
                    )
                };
                UsageRow {
                    total: list.len() as u32,
                    active: list.iter().filter(running).count() as u32,
                    size_bytes: list.iter().map(|c| bytes(c.size_rw)).sum(),
                    reclaimable_bytes: list
                        .iter()
                        .filter(|c| !running(c))
                        .map(|c| bytes(c.size_rw))
                        .sum(),
                }
            }
            (None, None) => UsageRow::default(),
        };
        let volumes = match (&self.volume_usage, &self.volumes) {
            (Some(t), _) => t.row(),
            (None, Some(list)) => {
                let usage = |v: &RawVolume| {
                    let u = v.usage_data.as_ref();
                    (
                        bytes(u.and_then(|u| u.size)),
                        u.and_then(|u| u.ref_count).unwrap_or(0),
                    )
                };
                UsageRow {
                    total: list.len() as u32,
                    active: list.iter().filter(|v| usage(v).1 > 0).count() as u32,
                    size_bytes: list.iter().map(|v| usage(v).0).sum(),
                    reclaimable_bytes: list
                        .iter()
                        .filter(|v| usage(v).1 == 0)
                        .map(|v| usage(v).0)
                        .sum(),
                }
            }
            (None, None) => UsageRow::default(),
        };
        let build_cache = match (&self.build_cache_usage, &self.build_cache) {
            (Some(t), _) => t.row(),
            (None, Some(list)) => {
                // As the CLI: shared records are counted once elsewhere, so not here; what is
                // reclaimable is that size less the records in use.
                let own = || list.iter().filter(|c| c.shared != Some(true));
                let size: f64 = own().map(|c| bytes(c.size)).sum();
                let in_use: f64 = own()
                    .filter(|c| c.in_use == Some(true))
                    .map(|c| bytes(c.size))
                    .sum();
                UsageRow {
                    total: list.len() as u32,
                    active: list.iter().filter(|c| c.in_use == Some(true)).count() as u32,
                    size_bytes: size,
                    reclaimable_bytes: size - in_use,
                }
            }
            (None, None) => UsageRow::default(),
        };
        DiskUsage {
            images,
            containers,
            volumes,
            build_cache,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_shape_is_totalled_like_docker_system_df() {
        let json = r#"{
          "LayersSize": 1092588,
          "Images": [
            {"Id":"a","Size":1092588,"SharedSize":0,"Containers":2},
            {"Id":"b","Size":500,"SharedSize":100,"Containers":0}
          ],
          "Containers": [
            {"Id":"c1","SizeRw":10,"State":"running"},
            {"Id":"c2","SizeRw":32,"State":"exited"},
            {"Id":"c3","SizeRw":-1,"State":"created"}
          ],
          "Volumes": [
            {"Name":"v1","UsageData":{"Size":2048,"RefCount":1}},
            {"Name":"v2","UsageData":{"Size":-1,"RefCount":0}},
            {"Name":"v3","UsageData":{"Size":100,"RefCount":0}}
          ],
          "BuildCache": [
            {"ID":"x","Size":7,"InUse":false,"Shared":false},
            {"ID":"y","Size":9,"InUse":true,"Shared":false}
          ]
        }"#;
        let raw: RawDiskUsage = serde_json::from_str(json).unwrap();
        let df = raw.summarise();
        assert_eq!(df.images.total, 2);
        assert_eq!(df.images.active, 1);
        assert_eq!(df.images.size_bytes, 1092588.0);
        // LayersSize less what the image in use holds on its own (all of it): nothing.
        assert_eq!(df.images.reclaimable_bytes, 0.0);
        assert_eq!(df.containers.total, 3);
        assert_eq!(df.containers.active, 1);
        assert_eq!(df.containers.size_bytes, 42.0);
        assert_eq!(df.containers.reclaimable_bytes, 32.0);
        assert_eq!(df.volumes.total, 3);
        assert_eq!(df.volumes.active, 1);
        assert_eq!(df.volumes.size_bytes, 2148.0);
        assert_eq!(df.volumes.reclaimable_bytes, 100.0);
        assert_eq!(df.build_cache.total, 2);
        assert_eq!(df.build_cache.reclaimable_bytes, 7.0);
    }

    #[test]
    fn known_answers_from_the_cli_arithmetic() {
        // Three images sharing a 1000-byte base layer; LayersSize counts it once.
        // used: img1 (in use, 1500 - 1000 = 500) + img3 (Containers -1 counts as in use, 800 -
        // 0) and img4 skipped (in use, sizes unknown). Reclaimable: 4000 - 1300 = 2700.
        let json = r#"{
          "LayersSize": 4000,
          "Images": [
            {"Id":"1","Size":1500,"SharedSize":1000,"Containers":2},
            {"Id":"2","Size":1700,"SharedSize":1000,"Containers":0},
            {"Id":"3","Size":800,"SharedSize":0,"Containers":-1},
            {"Id":"4","Size":900,"SharedSize":-1,"Containers":1}
          ],
          "Containers": [
            {"Id":"r","SizeRw":1,"State":"running"},
            {"Id":"p","SizeRw":10,"State":"paused"},
            {"Id":"s","SizeRw":100,"State":"restarting"},
            {"Id":"e","SizeRw":1000,"State":"exited"},
            {"Id":"c","SizeRw":10000,"State":"created"},
            {"Id":"d","SizeRw":100000,"State":"dead"}
          ],
          "BuildCache": [
            {"ID":"a","Size":7,"InUse":false,"Shared":false},
            {"ID":"b","Size":9,"InUse":true,"Shared":false},
            {"ID":"c","Size":50,"InUse":true,"Shared":true},
            {"ID":"d","Size":60,"InUse":false,"Shared":true}
          ]
        }"#;
        let df = serde_json::from_str::<RawDiskUsage>(json)
            .unwrap()
            .summarise();
        assert_eq!(
            df.images,
            UsageRow {
                total: 4,
                active: 2,
                size_bytes: 4000.0,
                reclaimable_bytes: 2700.0
            }
        );
        assert_eq!(
            df.containers,
            UsageRow {
                total: 6,
                active: 3,
                size_bytes: 111111.0,
                reclaimable_bytes: 111000.0
            }
        );
        assert_eq!(
            df.build_cache,
            UsageRow {
                total: 4,
                active: 2,
                size_bytes: 16.0,
                reclaimable_bytes: 7.0
            }
        );
    }

    #[test]
    fn new_shape_totals_are_taken_as_given() {
        let json = r#"{
          "ImageUsage": {"ActiveCount":1,"TotalCount":4,"Reclaimable":300,"TotalSize":900},
          "ContainerUsage": {"ActiveCount":2,"TotalCount":3,"Reclaimable":5,"TotalSize":50},
          "VolumeUsage": {"ActiveCount":0,"TotalCount":1,"Reclaimable":8,"TotalSize":8},
          "BuildCacheUsage": {"ActiveCount":0,"TotalCount":0,"Reclaimable":0,"TotalSize":0}
        }"#;
        let df = serde_json::from_str::<RawDiskUsage>(json)
            .unwrap()
            .summarise();
        assert_eq!(
            df.images,
            UsageRow {
                total: 4,
                active: 1,
                size_bytes: 900.0,
                reclaimable_bytes: 300.0
            }
        );
        assert_eq!(df.containers.active, 2);
        assert_eq!(df.volumes.reclaimable_bytes, 8.0);
    }

    #[test]
    fn empty_and_null_fields_are_tolerated() {
        let df = serde_json::from_str::<RawDiskUsage>(
            r#"{"LayersSize":0,"Images":null,"Containers":[],"Volumes":null,"BuildCache":null}"#,
        )
        .unwrap()
        .summarise();
        assert_eq!(df, DiskUsage::default());
    }
}
