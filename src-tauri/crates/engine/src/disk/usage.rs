//! `/system/df` read into `docker system df` (the totals per kind) and `docker system df -v`
//! (every image, container, volume and cache record), with the docker CLI's arithmetic. Pure:
//! the engine call is in `disk/mod.rs`; the prune preview (`prune.rs`) reads the same answer.
//!
//! Totals fold from `0.0` rather than `Iterator::sum`: a sum of no `f64`s is `-0.0`, which the
//! UI would show as "-0 B" (a build cache whose records are all shared, after a BuildKit build).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One row of `docker system df`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UsageRow {
    pub total: u32,
    pub active: u32,
    pub size_bytes: f64,
    pub reclaimable_bytes: f64,
}

/// `docker system df`: one row per kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DiskUsage {
    pub images: UsageRow,
    pub containers: UsageRow,
    pub volumes: UsageRow,
    pub build_cache: UsageRow,
}

/// An image in `docker system df -v`.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImageUsage {
    pub id: String,
    /// `repo:tag` names; empty for a dangling image.
    pub tags: Vec<String>,
    /// Unix seconds.
    pub created: f64,
    pub size_bytes: f64,
    /// Bytes in layers other images use too; None when the engine did not compute it.
    pub shared_bytes: Option<f64>,
    /// What removing only this image would free (size less shared).
    pub unique_bytes: Option<f64>,
    /// How many containers use it; None when the engine did not count.
    pub containers: Option<u32>,
}

/// A container in `docker system df -v`.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContainerUsage {
    pub id: String,
    pub name: String,
    pub image: String,
    pub state: String,
    pub status: String,
    /// Unix seconds.
    pub created: f64,
    /// The container's own writable layer: what removing it frees.
    pub size_bytes: f64,
    /// Volumes it mounts (the CLI's LOCAL VOLUMES).
    pub local_volumes: u32,
}

/// A volume in `docker system df -v`.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VolumeUsage {
    pub name: String,
    pub driver: String,
    /// Containers that mount it (the CLI's LINKS); None when the engine did not count.
    pub links: Option<u32>,
    /// None when the engine did not measure it (a volume driver other than local).
    pub size_bytes: Option<f64>,
}

/// A build cache record in `docker system df -v`.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CacheUsage {
    pub id: String,
    /// regular, source.local, exec.cachemount, frontend, internal…
    pub kind: String,
    pub description: String,
    pub size_bytes: f64,
    pub in_use: bool,
    pub shared: bool,
    pub created_at: Option<String>,
    pub last_used_at: Option<String>,
    pub usage_count: u32,
}

/// `docker system df -v`: the totals and every object behind them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DiskBreakdown {
    pub totals: DiskUsage,
    pub images: Vec<ImageUsage>,
    pub containers: Vec<ContainerUsage>,
    pub volumes: Vec<VolumeUsage>,
    pub build_cache: Vec<CacheUsage>,
}

/// `/system/df` in both of its shapes: API < 1.52 lists every object (`LayersSize`, `Images`,
/// `Containers`, `Volumes`, `BuildCache`); API ≥ 1.52 sends ready totals (`ImageUsage`, …)
/// with the objects in `Items` when asked for `verbose`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RawDiskUsage {
    layers_size: Option<i64>,
    images: Option<Vec<RawImage>>,
    containers: Option<Vec<RawContainer>>,
    volumes: Option<Vec<RawVolume>>,
    build_cache: Option<Vec<RawCache>>,
    image_usage: Option<RawTotals<RawImage>>,
    container_usage: Option<RawTotals<RawContainer>>,
    volume_usage: Option<RawTotals<RawVolume>>,
    build_cache_usage: Option<RawTotals<RawCache>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawTotals<T> {
    active_count: Option<i64>,
    total_count: Option<i64>,
    reclaimable: Option<i64>,
    total_size: Option<i64>,
    items: Option<Vec<T>>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RawImage {
    #[serde(default)]
    pub id: String,
    pub repo_tags: Option<Vec<String>>,
    pub created: Option<i64>,
    pub size: Option<i64>,
    pub shared_size: Option<i64>,
    pub containers: Option<i64>,
    pub labels: Option<HashMap<String, String>>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RawContainer {
    #[serde(default)]
    pub id: String,
    pub names: Option<Vec<String>>,
    pub image: Option<String>,
    #[serde(rename = "ImageID")]
    pub image_id: Option<String>,
    pub created: Option<i64>,
    pub size_rw: Option<i64>,
    pub state: Option<String>,
    pub status: Option<String>,
    pub labels: Option<HashMap<String, String>>,
    pub mounts: Option<Vec<RawMount>>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RawMount {
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RawVolume {
    #[serde(default)]
    pub name: String,
    pub driver: Option<String>,
    pub labels: Option<HashMap<String, String>>,
    pub usage_data: Option<RawVolumeUsage>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RawVolumeUsage {
    pub size: Option<i64>,
    pub ref_count: Option<i64>,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct RawCache {
    #[serde(rename = "ID", default)]
    pub id: String,
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    #[serde(rename = "Description")]
    pub description: Option<String>,
    #[serde(rename = "Size")]
    pub size: Option<i64>,
    #[serde(rename = "InUse")]
    pub in_use: Option<bool>,
    #[serde(rename = "Shared")]
    pub shared: Option<bool>,
    #[serde(rename = "CreatedAt")]
    pub created_at: Option<String>,
    #[serde(rename = "LastUsedAt")]
    pub last_used_at: Option<String>,
    #[serde(rename = "UsageCount")]
    pub usage_count: Option<i64>,
}

/// Negative sizes mean "not computed" in the Engine API.
pub(crate) fn bytes(v: Option<i64>) -> f64 {
    v.filter(|n| *n > 0).unwrap_or(0) as f64
}

fn count(v: Option<i64>) -> u32 {
    v.unwrap_or(0).clamp(0, u32::MAX as i64) as u32
}

impl<T> RawTotals<T> {
    fn row(&self) -> UsageRow {
        UsageRow {
            total: count(self.total_count),
            active: count(self.active_count),
            size_bytes: bytes(self.total_size),
            reclaimable_bytes: bytes(self.reclaimable),
        }
    }
}

/// "dangling" images come back tagged `<none>:<none>` from older engines.
pub(crate) fn real_tags(tags: &Option<Vec<String>>) -> Vec<String> {
    tags.iter()
        .flatten()
        .filter(|t| t.as_str() != "<none>:<none>" && !t.ends_with(":<none>"))
        .cloned()
        .collect()
}

/// Whether the CLI counts a container as active: a paused or restarting container holds its
/// layer as much as a running one.
pub(crate) fn container_active(state: Option<&str>) -> bool {
    matches!(state, Some("running" | "paused" | "restarting"))
}

impl RawDiskUsage {
    /// The objects, whichever shape the engine answered in.
    pub(crate) fn image_list(&self) -> &[RawImage] {
        self.images
            .as_deref()
            .or_else(|| self.image_usage.as_ref().and_then(|t| t.items.as_deref()))
            .unwrap_or(&[])
    }

    pub(crate) fn container_list(&self) -> &[RawContainer] {
        self.containers
            .as_deref()
            .or_else(|| {
                self.container_usage
                    .as_ref()
                    .and_then(|t| t.items.as_deref())
            })
            .unwrap_or(&[])
    }

    pub(crate) fn volume_list(&self) -> &[RawVolume] {
        self.volumes
            .as_deref()
            .or_else(|| self.volume_usage.as_ref().and_then(|t| t.items.as_deref()))
            .unwrap_or(&[])
    }

    pub(crate) fn cache_list(&self) -> &[RawCache] {
        self.build_cache
            .as_deref()
            .or_else(|| {
                self.build_cache_usage
                    .as_ref()
                    .and_then(|t| t.items.as_deref())
            })
            .unwrap_or(&[])
    }

    /// `docker system df -v`: the totals and every object.
    pub(crate) fn breakdown(&self) -> DiskBreakdown {
        DiskBreakdown {
            totals: self.summarise(),
            images: self
                .image_list()
                .iter()
                .map(|i| {
                    let known = |v: Option<i64>| v.filter(|n| *n >= 0).map(|n| n as f64);
                    let shared = known(i.shared_size);
                    ImageUsage {
                        id: i.id.clone(),
                        tags: real_tags(&i.repo_tags),
                        created: i.created.unwrap_or(0) as f64,
                        size_bytes: bytes(i.size),
                        shared_bytes: shared,
                        unique_bytes: shared.map(|s| bytes(i.size) - s),
                        containers: i.containers.filter(|n| *n >= 0).map(|n| count(Some(n))),
                    }
                })
                .collect(),
            containers: self
                .container_list()
                .iter()
                .map(|c| ContainerUsage {
                    id: c.id.clone(),
                    name: c
                        .names
                        .iter()
                        .flatten()
                        .next()
                        .map(|n| n.trim_start_matches('/').to_owned())
                        .unwrap_or_default(),
                    image: c.image.clone().unwrap_or_default(),
                    state: c.state.clone().unwrap_or_default(),
                    status: c.status.clone().unwrap_or_default(),
                    created: c.created.unwrap_or(0) as f64,
                    size_bytes: bytes(c.size_rw),
                    // As the CLI: mounts of type volume.
                    local_volumes: c
                        .mounts
                        .iter()
                        .flatten()
                        .filter(|m| m.kind.as_deref() == Some("volume"))
                        .count() as u32,
                })
                .collect(),
            volumes: self
                .volume_list()
                .iter()
                .map(|v| {
                    let u = v.usage_data.as_ref();
                    VolumeUsage {
                        name: v.name.clone(),
                        driver: v.driver.clone().unwrap_or_default(),
                        links: u
                            .and_then(|u| u.ref_count)
                            .filter(|n| *n >= 0)
                            .map(|n| count(Some(n))),
                        size_bytes: u.and_then(|u| u.size).filter(|n| *n >= 0).map(|n| n as f64),
                    }
                })
                .collect(),
            build_cache: self
                .cache_list()
                .iter()
                .map(|c| CacheUsage {
                    id: c.id.clone(),
                    kind: c.kind.clone().unwrap_or_default(),
                    description: c.description.clone().unwrap_or_default(),
                    size_bytes: bytes(c.size),
                    in_use: c.in_use == Some(true),
                    shared: c.shared == Some(true),
                    created_at: c.created_at.clone(),
                    last_used_at: c.last_used_at.clone(),
                    usage_count: count(c.usage_count),
                })
                .collect(),
        }
    }

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
                    .fold(0.0, |total, b| total + b);
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
                let active = |c: &&RawContainer| container_active(c.state.as_deref());
                UsageRow {
                    total: list.len() as u32,
                    active: list.iter().filter(active).count() as u32,
                    size_bytes: list
                        .iter()
                        .map(|c| bytes(c.size_rw))
                        .fold(0.0, |total, b| total + b),
                    reclaimable_bytes: list
                        .iter()
                        .filter(|c| !active(c))
                        .map(|c| bytes(c.size_rw))
                        .fold(0.0, |total, b| total + b),
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
                    size_bytes: list
                        .iter()
                        .map(|v| usage(v).0)
                        .fold(0.0, |total, b| total + b),
                    reclaimable_bytes: list
                        .iter()
                        .filter(|v| usage(v).1 == 0)
                        .map(|v| usage(v).0)
                        .fold(0.0, |total, b| total + b),
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
                let size: f64 = own().map(|c| bytes(c.size)).fold(0.0, |total, b| total + b);
                let in_use: f64 = own()
                    .filter(|c| c.in_use == Some(true))
                    .map(|c| bytes(c.size))
                    .fold(0.0, |total, b| total + b);
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
    fn an_empty_total_is_zero_not_negative_zero() {
        // BuildKit's records after a build on 20.10: both shared, so none counted here.
        let json = r#"{
          "BuildCache": [
            {"ID":"x","Size":0,"InUse":false,"Shared":true},
            {"ID":"y","Size":0,"InUse":false,"Shared":true}
          ]
        }"#;
        let df = serde_json::from_str::<RawDiskUsage>(json)
            .unwrap()
            .summarise();
        assert_eq!(df.build_cache.total, 2);
        assert!(df.build_cache.size_bytes.is_sign_positive());
        assert!(df.build_cache.reclaimable_bytes.is_sign_positive());
        assert!(df.images.size_bytes.is_sign_positive());
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
        .breakdown();
        assert_eq!(df, DiskBreakdown::default());
    }

    #[test]
    fn the_detail_lists_read_like_system_df_v() {
        let json = r#"{
          "LayersSize": 3000,
          "Images": [
            {"Id":"sha256:a","RepoTags":["web:1","web:latest"],"Created":100,"Size":2000,
             "SharedSize":500,"Containers":1},
            {"Id":"sha256:b","RepoTags":["<none>:<none>"],"Created":200,"Size":1000,
             "SharedSize":-1,"Containers":-1}
          ],
          "Containers": [
            {"Id":"c1","Names":["/web"],"Image":"web:1","State":"exited","Status":"Exited (0)",
             "Created":300,"SizeRw":12,
             "Mounts":[{"Type":"volume","Name":"v1"},{"Type":"bind"},{"Type":"volume","Name":"v2"}]}
          ],
          "Volumes": [
            {"Name":"v1","Driver":"local","UsageData":{"Size":40,"RefCount":1}},
            {"Name":"v2","Driver":"other","UsageData":{"Size":-1,"RefCount":-1}}
          ],
          "BuildCache": [
            {"ID":"k","Type":"regular","Description":"RUN make","Size":9,"InUse":true,
             "Shared":false,"CreatedAt":"2026-01-01T00:00:00Z","UsageCount":3}
          ]
        }"#;
        let df = serde_json::from_str::<RawDiskUsage>(json)
            .unwrap()
            .breakdown();
        assert_eq!(
            df.images,
            vec![
                ImageUsage {
                    id: "sha256:a".into(),
                    tags: vec!["web:1".into(), "web:latest".into()],
                    created: 100.0,
                    size_bytes: 2000.0,
                    shared_bytes: Some(500.0),
                    unique_bytes: Some(1500.0),
                    containers: Some(1),
                },
                ImageUsage {
                    id: "sha256:b".into(),
                    tags: vec![],
                    created: 200.0,
                    size_bytes: 1000.0,
                    shared_bytes: None,
                    unique_bytes: None,
                    containers: None,
                },
            ]
        );
        assert_eq!(
            df.containers,
            vec![ContainerUsage {
                id: "c1".into(),
                name: "web".into(),
                image: "web:1".into(),
                state: "exited".into(),
                status: "Exited (0)".into(),
                created: 300.0,
                size_bytes: 12.0,
                local_volumes: 2,
            }]
        );
        assert_eq!(df.volumes[0].links, Some(1));
        assert_eq!(df.volumes[0].size_bytes, Some(40.0));
        assert_eq!(df.volumes[1].links, None);
        assert_eq!(df.volumes[1].size_bytes, None);
        assert_eq!(df.build_cache[0].kind, "regular");
        assert_eq!(df.build_cache[0].usage_count, 3);
        assert!(df.build_cache[0].in_use);
        assert_eq!(df.totals.images.reclaimable_bytes, 1500.0);
    }

    #[test]
    fn the_new_shape_carries_its_objects_in_items() {
        let json = r#"{
          "ImageUsage": {"ActiveCount":0,"TotalCount":1,"Reclaimable":5,"TotalSize":5,
                         "Items":[{"Id":"i","RepoTags":["x:1"],"Size":5,"SharedSize":0,"Containers":0}]},
          "VolumeUsage": {"ActiveCount":0,"TotalCount":1,"Reclaimable":8,"TotalSize":8,
                         "Items":[{"Name":"v","Driver":"local","UsageData":{"Size":8,"RefCount":0}}]}
        }"#;
        let df = serde_json::from_str::<RawDiskUsage>(json)
            .unwrap()
            .breakdown();
        assert_eq!(df.images.len(), 1);
        assert_eq!(df.images[0].tags, vec!["x:1".to_owned()]);
        assert_eq!(df.volumes[0].name, "v");
        assert_eq!(df.totals.volumes.reclaimable_bytes, 8.0);
    }
}
