//! Images: the kept list (each image with every repo:tag it has and how many containers use
//! it), and inspect as a readable overview beside the engine's JSON. What each action says
//! (`docker image …`) is runspec's (`tugboat_runspec::image_spec`).
//!
//! - `removal`: tag, untag and remove with a preview.
//! - `prune`: the exact list a prune removes, then just those images.
//! - `history`: `docker history`, each step's instruction made readable.
//! - `layers`: the layer explorer (what each layer of a saved image added, changed and deleted).
//! - `archive`: images as files (save, load, import); `search`: Docker Hub search.
//! - `pull` and `push`: an image from and to a registry with each layer's progress (`progress`).

pub mod archive;
pub mod build_layers;
pub mod history;
pub mod keeper;
pub mod layers;
pub mod progress;
pub mod prune;
pub mod pull;
pub mod push;
pub mod removal;
pub mod search;

use crate::connection::{api_path, Engine, Patience};
use crate::error::EngineError;
use crate::kept::Keyed;
use bollard::models::{ContainerSummary, ImageSummary};
use bollard::query_parameters::{ListContainersOptions, ListImagesOptions};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use tugboat_runspec::argv::command_line;
use tugboat_runspec::image_spec::inspect_argv;

pub use keeper::ImageKeeper;

/// One row of the image list (`docker images`).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImageRow {
    /// `sha256:…`, in full.
    pub id: String,
    /// Every `repository:tag` naming it; empty for a dangling image.
    pub repo_tags: Vec<String>,
    /// `repository@sha256:…` for each registry manifest it is known by (pulled or pushed).
    pub repo_digests: Vec<String>,
    /// Bytes, all layers counted. (Always finite, from the engine's integers: TypeScript sees
    /// a plain number, not specta's `number | null` for a float that could be NaN.)
    #[specta(type = u32)]
    pub size: f64,
    /// Bytes of its layers other images use too; None when the engine does not compute it
    /// (API before 1.42).
    #[specta(type = Option<u32>)]
    pub shared_size: Option<f64>,
    /// Seconds since the Unix epoch.
    #[specta(type = u32)]
    pub created: f64,
    /// Containers made from it, running or not.
    pub containers: u32,
    /// No tag names it.
    pub dangling: bool,
}

impl Keyed for ImageRow {
    fn key(&self) -> &str {
        &self.id
    }
}

impl ImageRow {
    /// How the user knows it: its first repo:tag, else its short id.
    pub fn reference(&self) -> String {
        self.repo_tags
            .first()
            .cloned()
            .unwrap_or_else(|| short_id(&self.id).to_owned())
    }
}

/// A container made from an image, running or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImageUser {
    pub id: String,
    pub name: String,
    /// Running or paused: it holds the image even against force.
    pub running: bool,
}

/// The containers made from image `id`, by name.
pub fn users_of(id: &str, containers: &[ContainerSummary]) -> Vec<ImageUser> {
    let mut v: Vec<ImageUser> = containers
        .iter()
        .filter(|c| c.image_id.as_deref() == Some(id))
        .map(|c| ImageUser {
            id: c.id.clone().unwrap_or_default(),
            name: c
                .names
                .as_ref()
                .and_then(|n| n.first())
                .map(|n| n.trim_start_matches('/').to_owned())
                .unwrap_or_default(),
            running: matches!(
                c.state,
                Some(
                    bollard::models::ContainerSummaryStateEnum::RUNNING
                        | bollard::models::ContainerSummaryStateEnum::PAUSED
                        | bollard::models::ContainerSummaryStateEnum::RESTARTING
                )
            ),
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

/// The 12 hex digits `docker images` shows.
pub fn short_id(id: &str) -> &str {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    hex.get(..12).unwrap_or(hex)
}

/// The readable part of `docker image inspect`, and the engine's JSON.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImageDetails {
    pub id: String,
    pub repo_tags: Vec<String>,
    pub repo_digests: Vec<String>,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    /// `NAME=value` lines, in the image's order.
    pub env: Vec<String>,
    /// `80/tcp`, sorted.
    pub exposed_ports: Vec<String>,
    /// Paths the image declares as volumes, sorted.
    pub volumes: Vec<String>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    /// Sorted by key.
    pub labels: Vec<(String, String)>,
    pub architecture: String,
    pub os: String,
    pub variant: Option<String>,
    /// As the engine wrote it (RFC 3339).
    pub created: String,
    #[specta(type = u32)]
    pub size: f64,
    /// The image it was built on locally, if the engine knows it.
    pub parent: Option<String>,
    pub layers: u32,
    /// `docker image inspect REF`.
    pub command: String,
    pub raw_json: String,
}

/// Tags the engine reports for an untagged image on older versions.
fn real_tags(tags: Vec<String>) -> Vec<String> {
    tags.into_iter()
        .filter(|t| t != "<none>:<none>" && !t.ends_with(":<none>") && !t.starts_with("<none>"))
        .collect()
}

fn real_digests(digests: Vec<String>) -> Vec<String> {
    digests
        .into_iter()
        .filter(|d| !d.starts_with("<none>@") && !d.ends_with("@<none>"))
        .collect()
}

/// How many containers (running or not) each image id has: the list's own count is -1 on
/// engines before API 1.42 unless asked for at a cost, and the container list is cheap.
fn users(containers: &[ContainerSummary]) -> HashMap<&str, u32> {
    let mut by_image: HashMap<&str, u32> = HashMap::new();
    for c in containers {
        if let Some(id) = c.image_id.as_deref().filter(|i| !i.is_empty()) {
            *by_image.entry(id).or_default() += 1;
        }
    }
    by_image
}

fn row_of(i: ImageSummary, users: &HashMap<&str, u32>) -> ImageRow {
    let repo_tags = real_tags(i.repo_tags);
    ImageRow {
        containers: users.get(i.id.as_str()).copied().unwrap_or(0),
        dangling: repo_tags.is_empty(),
        repo_tags,
        repo_digests: real_digests(i.repo_digests),
        size: i.size.max(0) as f64,
        shared_size: (i.shared_size >= 0).then_some(i.shared_size as f64),
        created: i.created as f64,
        id: i.id,
    }
}

/// The rows of these images and containers (tests build them from the engine's JSON).
pub fn rows_of(images: Vec<ImageSummary>, containers: &[ContainerSummary]) -> Vec<ImageRow> {
    let users = users(containers);
    let mut rows: Vec<ImageRow> = images.into_iter().map(|i| row_of(i, &users)).collect();
    // Newest first, as `docker images` lists them; the id breaks ties so the order is stable.
    rows.sort_by(|a, b| {
        b.created
            .total_cmp(&a.created)
            .then_with(|| a.id.cmp(&b.id))
    });
    rows
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The keys of an object (`ExposedPorts`, `Volumes` are sets written as `{"80/tcp": {}}`), or
/// the items of a list (newer engines may send one), sorted.
fn keys(v: &Value) -> Vec<String> {
    let mut out = match v {
        Value::Object(m) => m.keys().cloned().collect(),
        other => strings(other),
    };
    out.sort();
    out
}

fn text(v: &Value) -> Option<String> {
    v.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

/// The overview of `docker image inspect`'s JSON: read from the JSON itself, so fields older
/// engines write differently (the sets above, `Parent`) come through as they are.
pub fn details_of(json: &Value, command: String, raw_json: String) -> ImageDetails {
    let config = &json["Config"];
    let mut labels: Vec<(String, String)> = config["Labels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    labels.sort();
    ImageDetails {
        id: json["Id"].as_str().unwrap_or_default().to_owned(),
        repo_tags: real_tags(strings(&json["RepoTags"])),
        repo_digests: real_digests(strings(&json["RepoDigests"])),
        entrypoint: strings(&config["Entrypoint"]),
        cmd: strings(&config["Cmd"]),
        env: strings(&config["Env"]),
        exposed_ports: keys(&config["ExposedPorts"]),
        volumes: keys(&config["Volumes"]),
        working_dir: text(&config["WorkingDir"]),
        user: text(&config["User"]),
        labels,
        architecture: json["Architecture"].as_str().unwrap_or_default().to_owned(),
        os: json["Os"].as_str().unwrap_or_default().to_owned(),
        variant: text(&json["Variant"]),
        created: json["Created"].as_str().unwrap_or_default().to_owned(),
        size: json["Size"].as_f64().unwrap_or(0.0),
        parent: text(&json["Parent"]),
        layers: json["RootFS"]["Layers"]
            .as_array()
            .map_or(0, |l| u32::try_from(l.len()).unwrap_or(u32::MAX)),
        command,
        raw_json,
    }
}

impl Engine {
    /// `docker images`: every tagged and dangling image (not the intermediate ones a build
    /// leaves), each with how many containers use it, from two list calls made together.
    pub async fn images(&self) -> Result<Vec<ImageRow>, EngineError> {
        let (images, containers) = futures_util::future::join(
            self.docker.list_images(Some(ListImagesOptions {
                all: false,
                shared_size: true,
                ..Default::default()
            })),
            self.docker.list_containers(Some(ListContainersOptions {
                all: true,
                ..Default::default()
            })),
        )
        .await;
        Ok(rows_of(images?, &containers?))
    }

    /// The rows of these images (by id); ones that are gone are absent.
    pub async fn images_by_id(&self, ids: &[String]) -> Result<Vec<ImageRow>, EngineError> {
        Ok(self
            .images()
            .await?
            .into_iter()
            .filter(|r| ids.contains(&r.id))
            .collect())
    }

    /// `docker image inspect`: a readable overview and the engine's JSON. `image` is an id or
    /// a reference.
    pub async fn image(&self, image: &str) -> Result<ImageDetails, EngineError> {
        let raw = self
            .raw_get(&api_path(&["images", image, "json"]), Patience::Normal)
            .await?;
        let json: Value = serde_json::from_slice(&raw)
            .map_err(|e| EngineError::Protocol(format!("image inspect of {image}: {e}")))?;
        let raw_json = serde_json::to_string_pretty(&json)
            .unwrap_or_else(|_| String::from_utf8_lossy(&raw).into_owned());
        let shown = real_tags(strings(&json["RepoTags"]))
            .into_iter()
            .next()
            .unwrap_or_else(|| short_id(image).to_owned());
        Ok(details_of(
            &json,
            command_line(&inspect_argv(&shown)),
            raw_json,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summaries(json: &str) -> Vec<ImageSummary> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn rows_drop_none_tags_count_containers_and_sort_newest_first() {
        let images = summaries(
            r#"[
            {"Id":"sha256:aaaaaaaaaaaaaaaa","ParentId":"","RepoTags":["<none>:<none>"],"RepoDigests":["<none>@<none>"],
             "Created":100,"Size":10,"SharedSize":-1,"Labels":null,"Containers":-1},
            {"Id":"sha256:bbbbbbbbbbbbbbbb","ParentId":"","RepoTags":["app:1","app:latest"],"RepoDigests":null,
             "Created":200,"Size":20,"SharedSize":5,"Labels":{},"Containers":-1}
        ]"#,
        );
        let containers: Vec<ContainerSummary> = serde_json::from_str(
            r#"[{"Id":"c1","ImageID":"sha256:bbbbbbbbbbbbbbbb"},{"Id":"c2","ImageID":"sha256:bbbbbbbbbbbbbbbb"},
                {"Id":"c3","ImageID":"sha256:other"}]"#,
        )
        .unwrap();
        let rows = rows_of(images, &containers);
        assert_eq!(rows[0].id, "sha256:bbbbbbbbbbbbbbbb");
        assert_eq!(rows[0].repo_tags, ["app:1", "app:latest"]);
        assert_eq!(rows[0].containers, 2);
        assert_eq!(rows[0].shared_size, Some(5.0));
        assert!(!rows[0].dangling);
        assert_eq!(rows[0].reference(), "app:1");
        assert!(rows[1].dangling);
        assert!(rows[1].repo_tags.is_empty() && rows[1].repo_digests.is_empty());
        assert_eq!(rows[1].containers, 0);
        assert_eq!(rows[1].shared_size, None);
        assert_eq!(rows[1].reference(), "aaaaaaaaaaaa");
    }

    #[test]
    fn details_read_sets_written_as_objects() {
        let json: Value = serde_json::from_str(
            r#"{"Id":"sha256:abc","RepoTags":["web:2"],"RepoDigests":[],"Parent":"",
                "Created":"2024-01-02T03:04:05Z","Size":1234,"Architecture":"amd64","Os":"linux",
                "Config":{"Entrypoint":["/bin/sh","-c"],"Cmd":null,"Env":["A=1"],
                  "ExposedPorts":{"8080/tcp":{},"53/udp":{}},"Volumes":{"/data":{}},
                  "WorkingDir":"","User":"app","Labels":{"b":"2","a":"1"}},
                "RootFS":{"Type":"layers","Layers":["sha256:1","sha256:2"]}}"#,
        )
        .unwrap();
        let d = details_of(&json, "docker image inspect web:2".into(), String::new());
        assert_eq!(d.entrypoint, ["/bin/sh", "-c"]);
        assert!(d.cmd.is_empty());
        assert_eq!(d.exposed_ports, ["53/udp", "8080/tcp"]);
        assert_eq!(d.volumes, ["/data"]);
        assert_eq!(d.working_dir, None);
        assert_eq!(d.user.as_deref(), Some("app"));
        assert_eq!(d.labels[0], ("a".into(), "1".into()));
        assert_eq!(d.layers, 2);
        assert_eq!(d.parent, None);
        assert_eq!(d.variant, None);
    }
}
