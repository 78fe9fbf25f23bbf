//! Volumes: the kept list (with the containers that use each volume, read from the container
//! list's mounts in the same fill), sizes on request (`/system/df`), inspect, create and
//! remove. Pruning, with its exact preview, is `prune`; a volume's files (browse, download,
//! upload through a carrier container) are `files`, whole-volume .tar copies `backup`. What
//! each action *says* (`docker volume …`) is runspec's (`tugboat_runspec::volume_spec`).

pub mod backup;
pub mod files;
pub mod prune;

use crate::connection::{api_path, Engine, Patience};
use crate::containers::ContainerState;
use crate::error::EngineError;
use crate::kept::{Keyed, ListChange};
use crate::supervisor::keeper::{Keeper, Listing};
use crate::supervisor::ResourcesChanged;
use crate::ResourceKind;
use bollard::models::{ContainerSummary, Volume, VolumeCreateRequest};
use bollard::query_parameters::{ListContainersOptions, ListVolumesOptions, RemoveVolumeOptions};
use futures_util::future::BoxFuture;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use tugboat_runspec::argv::command_line;
use tugboat_runspec::volume_spec::{self, VolumeSpec};

/// The label the engine (23 and later) puts on a volume it made up for a container: what
/// `docker volume prune` removes by default.
pub const ANONYMOUS_LABEL: &str = "com.docker.volume.anonymous";

/// A container that mounts a volume (running or not: a stopped one still holds it).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VolumeUser {
    pub id: String,
    pub name: String,
    pub state: ContainerState,
}

/// One row of the volume list (`docker volume ls`, plus who uses each).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VolumeRow {
    pub name: String,
    pub driver: String,
    /// Where the driver keeps it on the engine's machine.
    pub mountpoint: String,
    /// `local` (this engine) or `global` (the cluster).
    pub scope: String,
    /// Milliseconds since the Unix epoch; None when the driver does not say.
    pub created_ms: Option<f64>,
    /// Sorted by key.
    pub labels: Vec<(String, String)>,
    /// Made up for a container rather than named by someone: the engine's anonymous label, or
    /// (engines before 23 do not set it) the 64-hex-digit name it gives such volumes.
    pub anonymous: bool,
    /// Every container that mounts it, stopped ones too, by name.
    pub used_by: Vec<VolumeUser>,
}

impl Keyed for VolumeRow {
    fn key(&self) -> &str {
        &self.name
    }
}

/// Docker names anonymous volumes with 64 hex characters.
pub fn looks_generated(name: &str) -> bool {
    name.len() == 64 && name.chars().all(|c| c.is_ascii_hexdigit())
}

impl VolumeRow {
    fn from_volume(v: Volume, users: &HashMap<String, Vec<VolumeUser>>) -> VolumeRow {
        let labels: BTreeMap<String, String> = v.labels.into_iter().collect();
        let anonymous = labels.contains_key(ANONYMOUS_LABEL) || looks_generated(&v.name);
        let mut used_by = users.get(&v.name).cloned().unwrap_or_default();
        used_by.sort_by(|a, b| a.name.cmp(&b.name));
        VolumeRow {
            scope: v
                .scope
                .map(|s| s.to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "local".into()),
            created_ms: v.created_at.map(|t| t.timestamp_millis() as f64),
            anonymous,
            used_by,
            labels: labels.into_iter().collect(),
            name: v.name,
            driver: v.driver,
            mountpoint: v.mountpoint,
        }
    }
}

/// Volume name → the containers that mount it, from a container list's mounts.
fn users_by_volume(containers: Vec<ContainerSummary>) -> HashMap<String, Vec<VolumeUser>> {
    let mut users: HashMap<String, Vec<VolumeUser>> = HashMap::new();
    for c in containers {
        let user = VolumeUser {
            id: c.id.unwrap_or_default(),
            name: c
                .names
                .as_ref()
                .and_then(|n| n.first())
                .map(|n| n.trim_start_matches('/').to_owned())
                .unwrap_or_default(),
            state: c.state.map_or(ContainerState::Unknown, |s| {
                ContainerState::from_word(s.as_ref())
            }),
        };
        for m in c.mounts.unwrap_or_default() {
            if m.typ.as_deref() != Some("volume") {
                continue;
            }
            let Some(name) = m.name.filter(|n| !n.is_empty()) else {
                continue;
            };
            let list = users.entry(name).or_default();
            // A container mounting one volume twice is one user.
            if !list.iter().any(|u| u.id == user.id) {
                list.push(user.clone());
            }
        }
    }
    users
}

/// The readable part of `docker volume inspect`, and the engine's JSON as it sent it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VolumeDetails {
    pub row: VolumeRow,
    /// Driver options given at create (`-o`), sorted by key.
    pub options: Vec<(String, String)>,
    /// What the driver reports about it, if anything (key and value as text).
    pub status: Vec<(String, String)>,
    /// `docker volume inspect NAME`.
    pub command: String,
    pub raw_json: String,
}

/// A volume's size as `docker system df -v` reports it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VolumeSize {
    pub name: String,
    /// None when the driver cannot tell (the engine says -1): only the local driver is sized.
    pub size_bytes: Option<f64>,
}

/// What a create or remove did, and the `docker volume …` line it equals.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VolumeOutcome {
    pub name: String,
    pub command: String,
}

/// `/system/df` with only what a volume's size needs, in both shapes: `Volumes` (API < 1.52)
/// and `VolumeUsage.Items` (1.52 and later, with `verbose`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawVolumeSizes {
    volumes: Option<Vec<RawSizedVolume>>,
    volume_usage: Option<RawVolumeUsage>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawVolumeUsage {
    items: Option<Vec<RawSizedVolume>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawSizedVolume {
    name: String,
    usage_data: Option<RawUsageData>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawUsageData {
    size: Option<i64>,
}

impl RawVolumeSizes {
    fn sizes(self) -> Vec<VolumeSize> {
        let items = self
            .volumes
            .or(self.volume_usage.and_then(|u| u.items))
            .unwrap_or_default();
        items
            .into_iter()
            .map(|v| VolumeSize {
                size_bytes: v
                    .usage_data
                    .and_then(|u| u.size)
                    .filter(|s| *s >= 0)
                    .map(|s| s as f64),
                name: v.name,
            })
            .collect()
    }
}

impl Engine {
    /// `docker volume ls`, each row with the containers that mount it (from `docker ps -a`
    /// read in the same fill).
    pub async fn volumes(&self) -> Result<Vec<VolumeRow>, EngineError> {
        self.volumes_filtered(HashMap::new()).await
    }

    /// The rows of the volumes the engine's list filters select (`dangling`, `driver`,
    /// `label`, `name`).
    pub(crate) async fn volumes_filtered(
        &self,
        filters: HashMap<String, Vec<String>>,
    ) -> Result<Vec<VolumeRow>, EngineError> {
        let list = async {
            let answer = self
                .docker
                .list_volumes(Some(ListVolumesOptions {
                    filters: (!filters.is_empty()).then_some(filters),
                }))
                .await?;
            Ok::<_, EngineError>(answer.volumes.unwrap_or_default())
        };
        let containers = async {
            Ok::<_, EngineError>(
                self.docker
                    .list_containers(Some(ListContainersOptions {
                        all: true,
                        ..Default::default()
                    }))
                    .await?,
            )
        };
        let (volumes, containers) = tokio::try_join!(list, containers)?;
        let users = users_by_volume(containers);
        Ok(volumes
            .into_iter()
            .map(|v| VolumeRow::from_volume(v, &users))
            .collect())
    }

    /// Each volume's size, as `docker system df -v` shows it. Costly (the engine walks every
    /// local volume's files, and engines before API 1.42 size images and containers too), so
    /// only ever asked for by the user.
    pub async fn volume_sizes(&self) -> Result<Vec<VolumeSize>, EngineError> {
        let path = format!("{}?type=volume&verbose=1", api_path(&["system", "df"]));
        let body = self.raw_get(&path, Patience::Long).await?;
        let raw: RawVolumeSizes = serde_json::from_slice(&body)
            .map_err(|e| EngineError::Protocol(format!("/system/df: {e}")))?;
        Ok(raw.sizes())
    }

    /// `docker volume inspect NAME`: the readable part and the raw JSON.
    pub async fn volume(&self, name: &str) -> Result<VolumeDetails, EngineError> {
        let path = api_path(&["volumes", name]);
        let raw = self.raw_get(&path, Patience::Normal).await?;
        let protocol =
            |e: serde_json::Error| EngineError::Protocol(format!("/volumes/{name}: {e}"));
        let mut value: serde_json::Value = serde_json::from_slice(&raw).map_err(protocol)?;
        let raw_json = serde_json::to_string_pretty(&value)
            .unwrap_or_else(|_| String::from_utf8_lossy(&raw).into_owned());
        // The driver's status is any JSON; bollard's model reads it as a map of empty maps and
        // would refuse the whole volume over it, so it is read here, as text per key.
        let status: BTreeMap<String, String> =
            match value.as_object_mut().and_then(|o| o.remove("Status")) {
                Some(serde_json::Value::Object(map)) => map
                    .into_iter()
                    .map(|(k, val)| {
                        let text = match val {
                            serde_json::Value::String(s) => s,
                            other => other.to_string(),
                        };
                        (k, text)
                    })
                    .collect(),
                _ => BTreeMap::new(),
            };
        let v: Volume = serde_json::from_value(value).map_err(protocol)?;
        let users = self.volume_users(&v.name).await?;
        let options: BTreeMap<String, String> = v.options.clone().into_iter().collect();
        let command = command_line(&volume_spec::inspect_argv(&v.name));
        Ok(VolumeDetails {
            row: VolumeRow::from_volume(v, &users),
            options: options.into_iter().collect(),
            status: status.into_iter().collect(),
            command,
            raw_json,
        })
    }

    /// The containers that mount volume `name` (`docker ps -a --filter volume=NAME`).
    async fn volume_users(
        &self,
        name: &str,
    ) -> Result<HashMap<String, Vec<VolumeUser>>, EngineError> {
        let containers = self
            .docker
            .list_containers(Some(ListContainersOptions {
                all: true,
                filters: Some(HashMap::from([(
                    "volume".to_string(),
                    vec![name.to_owned()],
                )])),
                ..Default::default()
            }))
            .await?;
        Ok(users_by_volume(containers))
    }

    /// `docker volume create …` from a checked spec.
    pub async fn volume_create(&self, spec: &VolumeSpec) -> Result<VolumeOutcome, EngineError> {
        let request = VolumeCreateRequest {
            name: spec.name.clone(),
            driver: spec.driver.clone(),
            driver_opts: Some(spec.options.iter().cloned().collect()),
            labels: Some(spec.labels.iter().cloned().collect()),
            ..Default::default()
        };
        let v = self.docker.create_volume(request).await?;
        Ok(VolumeOutcome {
            name: v.name,
            command: command_line(&spec.argv()),
        })
    }

    /// `docker volume rm [--force] NAME`. A volume a container mounts is refused by the engine
    /// (409), force or not; the refusal then names the containers, which must go first.
    pub async fn volume_remove(
        &self,
        name: &str,
        force: bool,
    ) -> Result<VolumeOutcome, EngineError> {
        let encoded = api_path(&[name]);
        let removed = self
            .docker
            .remove_volume(&encoded[1..], Some(RemoveVolumeOptions { force }))
            .await;
        match removed.map_err(EngineError::from) {
            Ok(()) => Ok(VolumeOutcome {
                name: name.to_owned(),
                command: command_line(&volume_spec::remove_argv(name, force)),
            }),
            Err(EngineError::Conflict(message)) => {
                let users = self
                    .volume_users(name)
                    .await
                    .ok()
                    .and_then(|mut u| u.remove(name))
                    .unwrap_or_default();
                if users.is_empty() {
                    return Err(EngineError::Conflict(message));
                }
                let names: Vec<String> = users.into_iter().map(|u| u.name).collect();
                Err(EngineError::Conflict(format!(
                    "volume {name} is in use by {}: remove {} first (force does not remove a \
                     volume a container uses)",
                    names.join(", "),
                    if names.len() == 1 {
                        "that container"
                    } else {
                        "those containers"
                    }
                )))
            }
            Err(e) => Err(e),
        }
    }
}

/// `docker volume ls`: refetched whole on volume notices, and on container notices too, since
/// creating or removing a container changes who uses which volume.
pub struct Volumes;

impl Listing for Volumes {
    type Row = VolumeRow;

    fn change(notice: &ResourcesChanged) -> Option<ListChange> {
        let concerned = notice.reconcile
            || notice.kinds.contains(&ResourceKind::Volume)
            || notice.kinds.contains(&ResourceKind::Container);
        // Volume events do not say which volumes a notice is about, and a container event
        // may touch any volume it mounts: the whole list (two engine calls).
        concerned.then_some(ListChange::Everything)
    }

    fn all(engine: &Engine) -> BoxFuture<'_, Result<Vec<VolumeRow>, EngineError>> {
        Box::pin(engine.volumes())
    }

    fn named<'a>(
        engine: &'a Engine,
        _keys: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<VolumeRow>, EngineError>> {
        // Never asked: `change` only ever says Everything.
        Box::pin(engine.volumes())
    }
}

/// The kept volume list.
pub type VolumeKeeper = Keeper<Volumes>;

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::MountPoint;

    fn summary(id: &str, name: &str, mounts: &[(&str, &str)]) -> ContainerSummary {
        ContainerSummary {
            id: Some(id.into()),
            names: Some(vec![format!("/{name}")]),
            mounts: Some(
                mounts
                    .iter()
                    .map(|(n, t)| MountPoint {
                        typ: Some((*t).into()),
                        name: Some((*n).into()),
                        ..Default::default()
                    })
                    .collect(),
            ),
            ..Default::default()
        }
    }

    #[test]
    fn users_come_from_volume_mounts_only_once_each() {
        const VOLUME: &str = "volume";
        const BIND: &str = "bind";
        let users = users_by_volume(vec![
            summary(
                "a",
                "web",
                &[("data", VOLUME), ("data", VOLUME), ("", BIND)],
            ),
            summary("b", "db", &[("data", VOLUME), ("logs", VOLUME)]),
            summary("c", "tmp", &[("/host", BIND)]),
        ]);
        let names = |v: &str| -> Vec<String> { users[v].iter().map(|u| u.name.clone()).collect() };
        assert_eq!(names("data"), ["web", "db"]);
        assert_eq!(names("logs"), ["db"]);
        assert_eq!(users.len(), 2, "binds are not volumes: {users:?}");
    }

    #[test]
    fn anonymous_is_the_label_or_a_generated_name() {
        let v = |name: &str, labels: &[(&str, &str)]| Volume {
            name: name.into(),
            driver: "local".into(),
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        };
        let none = HashMap::new();
        assert!(!VolumeRow::from_volume(v("data", &[]), &none).anonymous);
        assert!(VolumeRow::from_volume(v("data", &[(ANONYMOUS_LABEL, "")]), &none).anonymous);
        assert!(VolumeRow::from_volume(v(&"ab12".repeat(16), &[]), &none).anonymous);
        let row = VolumeRow::from_volume(v("x", &[("b", "2"), ("a", "1")]), &none);
        assert_eq!(
            row.labels,
            [("a".into(), "1".into()), ("b".into(), "2".into())]
        );
        assert_eq!(row.scope, "local");
    }

    #[test]
    fn sizes_read_both_shapes_and_say_when_unknown() {
        let old: RawVolumeSizes = serde_json::from_str(
            r#"{"Volumes":[{"Name":"a","UsageData":{"Size":42,"RefCount":1}},
                          {"Name":"b","UsageData":{"Size":-1,"RefCount":0}}],
                "Images":[]}"#,
        )
        .unwrap();
        assert_eq!(
            old.sizes(),
            [
                VolumeSize {
                    name: "a".into(),
                    size_bytes: Some(42.0)
                },
                VolumeSize {
                    name: "b".into(),
                    size_bytes: None
                },
            ]
        );
        let new: RawVolumeSizes = serde_json::from_str(
            r#"{"VolumeUsage":{"TotalCount":1,"Items":[{"Name":"c","UsageData":{"Size":7}}]}}"#,
        )
        .unwrap();
        assert_eq!(new.sizes()[0].size_bytes, Some(7.0));
    }

    #[test]
    fn volume_and_container_notices_refetch_the_list() {
        let notice = |kinds: &[ResourceKind]| ResourcesChanged {
            kinds: kinds.to_vec(),
            reconcile: false,
            container_ids: Some(vec!["a".into()]),
            seq: 1,
        };
        assert_eq!(Volumes::change(&notice(&[ResourceKind::Image])), None);
        for k in [ResourceKind::Volume, ResourceKind::Container] {
            assert_eq!(Volumes::change(&notice(&[k])), Some(ListChange::Everything));
        }
        assert_eq!(
            Volumes::change(&ResourcesChanged::everything()),
            Some(ListChange::Everything)
        );
    }
}
