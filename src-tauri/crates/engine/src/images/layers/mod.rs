//! The layer explorer (the dive idea, for learners): an image's layers in order, each with the
//! instruction that made it and what it added, changed and deleted; wasted bytes, a score and
//! the biggest files. `walk` reads the `docker save` stream (headers only), `combine` stacks
//! the layers; this module ties them to the manifest's order and the config's history, and
//! feeds the engine's stream to the walk on a blocking thread.

pub mod combine;
pub mod walk;

use crate::connection::Engine;
use crate::containers::changes::ChangeKind;
use crate::error::EngineError;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tugboat_files::tarball::ChunkReader;
use tugboat_runspec::argv::command_line;
pub use walk::{EntryKind, Limits};
use walk::{LayerError, SavedImage};

use super::history::instruction;

/// How often reading progress is reported at most.
pub const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Changes listed per layer at most; counts and bytes stay exact past it. A layer of a
/// hundred thousand files is a list nobody scrolls, and the whole answer crosses to the UI.
pub const LISTED_PER_LAYER: usize = 50_000;

/// Reading progress, as the stream's data.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LayersProgress {
    /// Bytes of the saved image read so far.
    pub bytes: f64,
    /// About how many there are: the image's size (the archive is a little larger).
    pub expected: f64,
    /// Layers read so far.
    pub layers: u32,
}

/// One change of a layer.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LayerChange {
    /// From the image's root, with a leading `/`.
    pub path: String,
    pub change: ChangeKind,
    pub kind: EntryKind,
    pub size: f64,
    pub mode: u32,
    pub link: Option<String>,
}

/// One layer, lowest first.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LayerView {
    /// 0 = the lowest (the base).
    pub index: u32,
    /// The layer's content digest (`sha256:…` of its uncompressed tar), from the config.
    pub digest: Option<String>,
    /// The history step that made it, as a Dockerfile line and as the engine's text; None
    /// when the history and the layers do not line up (an image edited by hand).
    pub instruction: Option<String>,
    pub created_by: Option<String>,
    pub added: u32,
    pub changed: u32,
    pub deleted: u32,
    /// File bytes the layer wrote.
    pub bytes: f64,
    /// Of those, bytes later layers overwrote or deleted.
    pub wasted: f64,
    pub changes: Vec<LayerChange>,
    /// False when more than [`LISTED_PER_LAYER`] changes were left out of `changes`.
    pub listed_all: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BiggestFile {
    pub path: String,
    pub size: f64,
    pub layer: u32,
}

/// The whole analysis.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImageLayers {
    pub id: String,
    pub layers: Vec<LayerView>,
    /// File bytes of all layers, overwritten and deleted ones included.
    pub total_bytes: f64,
    pub wasted_bytes: f64,
    /// 1 − wasted / total.
    pub score: f64,
    pub biggest: Vec<BiggestFile>,
    /// What was read: `docker save IMAGE` (listed with `tar -t`).
    pub command: String,
}

/// `docker save IMAGE | tar -t`: the archive the explorer reads, listed.
pub fn layers_command(image: &str) -> String {
    format!("{} | tar -t", command_line(&["docker", "save", image]))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ManifestItem {
    config: String,
    layers: Vec<String>,
}

#[derive(Deserialize, Default)]
struct ImageConfig {
    #[serde(default)]
    history: Vec<ConfigStep>,
    #[serde(default)]
    rootfs: Option<RootFs>,
}

#[derive(Deserialize)]
struct ConfigStep {
    #[serde(default)]
    created_by: String,
    #[serde(default)]
    empty_layer: bool,
}

#[derive(Deserialize)]
struct RootFs {
    #[serde(default)]
    diff_ids: Vec<String>,
}

#[derive(Deserialize)]
struct OciIndex {
    manifests: Vec<OciDescriptor>,
}

#[derive(Deserialize)]
struct OciManifest {
    config: Option<OciDescriptor>,
    #[serde(default)]
    layers: Vec<OciDescriptor>,
    /// An index points at more manifests instead.
    #[serde(default)]
    manifests: Vec<OciDescriptor>,
}

#[derive(Deserialize)]
struct OciDescriptor {
    digest: String,
}

fn blob_path(digest: &str) -> String {
    format!("blobs/{}", digest.replacen(':', "/", 1))
}

fn parse<T: for<'de> Deserialize<'de>>(saved: &SavedImage, path: &str) -> Result<T, LayerError> {
    let body = saved
        .json
        .get(path)
        .ok_or_else(|| LayerError::Missing(path.to_owned()))?;
    serde_json::from_slice(body).map_err(|e| LayerError::Unreadable {
        at: path.to_owned(),
        message: e.to_string(),
    })
}

/// The config's path and the layers' paths, lowest first: from `manifest.json` (every Docker
/// engine writes it), else from the OCI `index.json` (first manifest, through one index).
fn order(saved: &SavedImage) -> Result<(String, Vec<String>), LayerError> {
    if saved.json.contains_key("manifest.json") {
        let items: Vec<ManifestItem> = parse(saved, "manifest.json")?;
        let first = items
            .into_iter()
            .next()
            .ok_or_else(|| LayerError::Missing("image in manifest.json".into()))?;
        return Ok((first.config, first.layers));
    }
    let index: OciIndex = parse(saved, "index.json")?;
    let mut at = index
        .manifests
        .first()
        .map(|d| blob_path(&d.digest))
        .ok_or_else(|| LayerError::Missing("manifest in index.json".into()))?;
    for _ in 0..3 {
        let m: OciManifest = parse(saved, &at)?;
        if let Some(next) = m.manifests.first() {
            at = blob_path(&next.digest);
            continue;
        }
        let config = m
            .config
            .map(|c| blob_path(&c.digest))
            .ok_or_else(|| LayerError::Missing(format!("config in {at}")))?;
        return Ok((
            config,
            m.layers.iter().map(|l| blob_path(&l.digest)).collect(),
        ));
    }
    Err(LayerError::Missing(
        "image manifest below index.json".into(),
    ))
}

/// Ties a walked archive together: the layers in order, with their history steps.
pub fn analyse(id: &str, saved: &SavedImage) -> Result<ImageLayers, LayerError> {
    let (config_path, layer_paths) = order(saved)?;
    // A config that cannot be read only costs the instructions, not the analysis.
    let config: ImageConfig = parse(saved, &config_path).unwrap_or_default();
    let mut ordered = Vec::with_capacity(layer_paths.len());
    for p in &layer_paths {
        ordered.push(
            saved
                .layer(p)
                .ok_or_else(|| LayerError::Missing(p.clone()))?,
        );
    }
    let combined = combine::combine(&ordered);
    let steps: Vec<&ConfigStep> = config.history.iter().filter(|s| !s.empty_layer).collect();
    let tied = steps.len() == layer_paths.len();
    let diff_ids = config.rootfs.map(|r| r.diff_ids).unwrap_or_default();
    let layers = combined
        .layers
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let listed_all = l.changes.len() <= LISTED_PER_LAYER;
            let step = if tied { steps.get(i) } else { None };
            LayerView {
                index: i as u32,
                digest: diff_ids.get(i).cloned(),
                instruction: step.map(|s| instruction(&s.created_by)),
                created_by: step.map(|s| s.created_by.clone()),
                added: l.added,
                changed: l.changed,
                deleted: l.deleted,
                bytes: l.bytes as f64,
                wasted: l.wasted as f64,
                changes: l
                    .changes
                    .into_iter()
                    .take(LISTED_PER_LAYER)
                    .map(|c| LayerChange {
                        path: format!("/{}", c.path),
                        change: c.change,
                        kind: c.kind,
                        size: c.size as f64,
                        mode: c.mode,
                        link: c.link,
                    })
                    .collect(),
                listed_all,
            }
        })
        .collect();
    Ok(ImageLayers {
        id: id.to_owned(),
        layers,
        total_bytes: combined.total_bytes as f64,
        wasted_bytes: combined.wasted_bytes as f64,
        score: combined.score,
        biggest: combined
            .biggest
            .into_iter()
            .map(|f| BiggestFile {
                path: format!("/{}", f.path),
                size: f.size as f64,
                layer: f.layer as u32,
            })
            .collect(),
        command: layers_command(id),
    })
}

impl From<LayerError> for EngineError {
    fn from(e: LayerError) -> Self {
        match e {
            LayerError::TooManyPaths(_) => EngineError::InvalidInput(e.to_string()),
            _ => EngineError::Protocol(e.to_string()),
        }
    }
}

impl Engine {
    /// Analyses image `id`'s layers from `docker save`, read as it streams. `on_progress` is
    /// told the bytes and layers read, at most every [`PROGRESS_EVERY`] and once at the end.
    pub async fn image_layers(
        &self,
        id: &str,
        limits: Limits,
        cancel: &CancellationToken,
        mut on_progress: impl FnMut(LayersProgress),
    ) -> Result<ImageLayers, EngineError> {
        let inspected = self.docker.inspect_image(id).await?;
        let expected = inspected.size.unwrap_or(0).max(0) as f64;
        let full_id = inspected.id.unwrap_or_else(|| id.to_owned());
        let layers_read = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
        let counter = layers_read.clone();
        // A small bounded channel: the walk holds the stream back instead of memory filling.
        let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(16);
        let walk = tokio::task::spawn_blocking(move || {
            walk::read_saved(ChunkReader::new(rx), limits, |n| {
                counter.store(n as u32, std::sync::atomic::Ordering::Relaxed)
            })
        });
        let mut chunks = self.docker.export_image(&full_id);
        let mut bytes = 0u64;
        let mut last = std::time::Instant::now();
        let progress = |bytes: u64| LayersProgress {
            bytes: bytes as f64,
            expected,
            layers: layers_read.load(std::sync::atomic::Ordering::Relaxed),
        };
        loop {
            let next = tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(EngineError::Cancelled),
                next = chunks.next() => next,
            };
            match next {
                Some(Ok(chunk)) => {
                    bytes += chunk.len() as u64;
                    if last.elapsed() >= PROGRESS_EVERY {
                        last = std::time::Instant::now();
                        on_progress(progress(bytes));
                    }
                    // The walk stopped early: its answer (an error) says why.
                    if tx.send(chunk.to_vec()).await.is_err() {
                        break;
                    }
                }
                Some(Err(e)) => return Err(e.into()),
                None => break,
            }
        }
        drop(tx);
        let saved = walk
            .await
            .map_err(|e| EngineError::Protocol(format!("the layer reader stopped: {e}")))??;
        on_progress(progress(bytes));
        let id_for_view = full_id.clone();
        tokio::task::spawn_blocking(move || analyse(&id_for_view, &saved))
            .await
            .map_err(|e| EngineError::Protocol(format!("the layer analysis stopped: {e}")))?
            .map_err(EngineError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::walk::read_saved;
    use super::walk::tests::{layer_tar, outer_tar};
    use super::*;

    fn config(steps: &[(&str, bool)]) -> Vec<u8> {
        let history: Vec<serde_json::Value> = steps
            .iter()
            .map(|(c, empty)| serde_json::json!({ "created_by": c, "empty_layer": empty }))
            .collect();
        serde_json::to_vec(&serde_json::json!({
            "history": history,
            "rootfs": { "type": "layers", "diff_ids": ["sha256:aa", "sha256:bb"] }
        }))
        .unwrap()
    }

    #[test]
    fn the_manifest_orders_layers_and_the_history_names_them() {
        // The archive lists the upper layer first: only the manifest tells the order.
        let archive = outer_tar(&[
            ("top/layer.tar", layer_tar(&[(".wh.a", b"")])),
            ("cfg.json", config(&[("/bin/sh -c #(nop) ADD file:x in /", false), ("/bin/sh -c #(nop) CMD [\"sh\"]", true), ("/bin/sh -c rm /a", false)])),
            ("base/layer.tar", layer_tar(&[("a", &[0; 9])])),
            (
                "manifest.json",
                br#"[{"Config":"cfg.json","RepoTags":["x:1"],"Layers":["base/layer.tar","top/layer.tar"]}]"#.to_vec(),
            ),
        ]);
        let saved = read_saved(&archive[..], Limits::default(), |_| {}).unwrap();
        let a = analyse("sha256:id", &saved).unwrap();
        assert_eq!(a.layers.len(), 2);
        assert_eq!(a.layers[0].instruction.as_deref(), Some("ADD file:x in /"));
        assert_eq!(a.layers[1].instruction.as_deref(), Some("RUN rm /a"));
        assert_eq!(a.layers[1].digest.as_deref(), Some("sha256:bb"));
        assert_eq!(a.layers[0].changes[0].path, "/a");
        assert_eq!(a.layers[1].changes[0].change, ChangeKind::Deleted);
        assert_eq!((a.total_bytes, a.wasted_bytes, a.score), (9.0, 9.0, 0.0));
        assert_eq!(a.command, "docker save sha256:id | tar -t");
    }

    #[test]
    fn the_oci_layout_is_followed_from_index_json() {
        let cfg = config(&[("RUN /bin/sh -c true # buildkit", false)]);
        let manifest = br#"{"config":{"digest":"sha256:c"},"layers":[{"digest":"sha256:l"}]}"#;
        let archive = outer_tar(&[
            ("blobs/sha256/l", layer_tar(&[("f", b"hi")])),
            ("blobs/sha256/c", cfg),
            ("blobs/sha256/m", manifest.to_vec()),
            (
                "index.json",
                br#"{"manifests":[{"digest":"sha256:m"}]}"#.to_vec(),
            ),
        ]);
        let saved = read_saved(&archive[..], Limits::default(), |_| {}).unwrap();
        let a = analyse("x", &saved).unwrap();
        assert_eq!(a.layers[0].instruction.as_deref(), Some("RUN true"));
        assert_eq!(a.biggest[0].path, "/f");
    }

    #[test]
    fn history_that_does_not_line_up_names_no_instruction() {
        let archive = outer_tar(&[
            ("l/layer.tar", layer_tar(&[("f", b"1")])),
            ("c.json", config(&[])),
            (
                "manifest.json",
                br#"[{"Config":"c.json","Layers":["l/layer.tar"]}]"#.to_vec(),
            ),
        ]);
        let saved = read_saved(&archive[..], Limits::default(), |_| {}).unwrap();
        let a = analyse("x", &saved).unwrap();
        assert_eq!(a.layers[0].instruction, None);
    }

    #[test]
    fn a_missing_layer_is_named() {
        let archive = outer_tar(&[(
            "manifest.json",
            br#"[{"Config":"c.json","Layers":["gone/layer.tar"]}]"#.to_vec(),
        )]);
        let saved = read_saved(&archive[..], Limits::default(), |_| {}).unwrap();
        let err = analyse("x", &saved).unwrap_err();
        assert!(err.to_string().contains("gone/layer.tar"), "{err}");
    }
}
