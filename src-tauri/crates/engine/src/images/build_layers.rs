//! After a build: the new image's history tied to the Dockerfile's lines, each layer's content
//! digest, and tips from the layer sizes. The tying and the size tips are pure
//! (`tugboat_dockerfile::layers`); this module asks the engine for the histories (the image's
//! and its base's, which says how many entries are the base's) and walks the image's layers
//! (`docker save`, the layer explorer's walk) to find files written and deleted later.

use super::layers::Limits;
use crate::connection::Engine;
use crate::containers::changes::ChangeKind;
use crate::error::EngineError;
use std::collections::BTreeMap;
use tokio_util::sync::CancellationToken;
use tugboat_dockerfile::layers::{
    added_then_deleted_tip, biggest_layer_tip, cache_bust_tip, final_stage, tie, HistoryEntry,
    LayerTip,
};
pub use tugboat_dockerfile::layers::{BuildLayers, BuiltLayer, StepOutcome, TipKind};

/// Deleted paths looked at per layer at most: a `rm -rf` of a big tree lists its top folder
/// once, so real layers delete a few paths; a layer deleting thousands gets its first ones.
pub const DELETIONS_PER_LAYER: usize = 1_000;

/// Added-then-deleted tips listed at most (the biggest).
pub const DELETED_TIPS: usize = 5;

/// A deletion of files one layer wrote: what went, how many bytes, which layers (lowest = 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Undone {
    pub path: String,
    pub bytes: f64,
    pub written_by: usize,
    pub deleted_by: usize,
}

/// The layers' changes (lowest first): for each deletion of a path a lower layer wrote (or
/// wrote files below), the latest lower layer that wrote there.
pub fn undone(layers: &[super::layers::LayerView]) -> Vec<Undone> {
    // path → the latest layer so far that wrote it.
    let mut writer: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (k, layer) in layers.iter().enumerate() {
        let deletions = layer
            .changes
            .iter()
            .filter(|c| c.change == ChangeKind::Deleted && c.size > 0.0)
            .take(DELETIONS_PER_LAYER);
        for d in deletions {
            let prefix = format!("{}/", d.path);
            let below = writer
                .range(prefix.as_str()..)
                .take_while(|(p, _)| p.starts_with(&prefix))
                .map(|(_, l)| *l);
            let latest = writer
                .get(d.path.as_str())
                .copied()
                .into_iter()
                .chain(below)
                .max();
            if let Some(written_by) = latest {
                out.push(Undone {
                    path: d.path.clone(),
                    bytes: d.size,
                    written_by,
                    deleted_by: k,
                });
            }
        }
        for c in layer
            .changes
            .iter()
            .filter(|c| c.change != ChangeKind::Deleted)
        {
            writer.insert(c.path.as_str(), k);
        }
    }
    out
}

impl Engine {
    /// Ties image `image`'s history to the lines of `dockerfile` (the text it was built from)
    /// and draws tips; `steps` are the build's step outcomes when the app ran the build.
    pub async fn build_layers(
        &self,
        image: &str,
        dockerfile: &str,
        steps: Option<&[StepOutcome]>,
        cancel: &CancellationToken,
    ) -> Result<BuildLayers, EngineError> {
        let stage = final_stage(&tugboat_dockerfile::parse(dockerfile));
        let instructions = &stage.instructions[..];
        let history = self.image_history(image).await?;
        let base_entries = match stage.base.as_deref() {
            Some("scratch") => Some(0),
            // A base the engine no longer has (or a name with an unset ARG) leaves the count
            // to the alignment.
            Some(name) => match self.image_history(name).await {
                Ok(h) => Some(h.steps.len()),
                Err(e) => {
                    tracing::debug!(base = name, error = %e, "base image history not read");
                    None
                }
            },
            None => None,
        };
        let entries: Vec<HistoryEntry> = history
            .steps
            .iter()
            .map(|s| HistoryEntry {
                created_by: s.created_by.clone(),
                instruction: s.instruction.clone(),
                size: s.size,
                made_layer: s.made_layer,
            })
            .collect();
        let mut layers = tie(&entries, instructions, base_entries, steps);
        let walked = self
            .image_layers(image, Limits::default(), cancel, |_| {})
            .await?;
        // The walk's layers are the history's entries that made one, in the same order: tie
        // them by the engine's text.
        let oldest_first: Vec<&HistoryEntry> = entries.iter().rev().collect();
        let mut entry_of_layer = Vec::with_capacity(walked.layers.len());
        let mut cursor = 0;
        for l in &walked.layers {
            let found = l.created_by.as_ref().and_then(|c| {
                oldest_first[cursor..]
                    .iter()
                    .position(|e| &e.created_by == c)
                    .map(|p| cursor + p)
            });
            if let Some(i) = found {
                cursor = i + 1;
                if let Some(layer) = layers.get_mut(i) {
                    layer.layer_id = l.digest.clone();
                }
            }
            entry_of_layer.push(found);
        }
        let line_of = |layer: usize| {
            entry_of_layer
                .get(layer)
                .copied()
                .flatten()
                .and_then(|i| layers.get(i))
                .and_then(|l| l.line)
        };
        let mut gone: Vec<Undone> = undone(&walked.layers)
            .into_iter()
            .filter(|u| line_of(u.deleted_by).is_some())
            .collect();
        gone.sort_by(|a, b| b.bytes.total_cmp(&a.bytes));
        let mut tips: Vec<LayerTip> = Vec::new();
        tips.extend(biggest_layer_tip(&layers, instructions));
        for u in gone.iter().take(DELETED_TIPS) {
            if let Some(deleted) = line_of(u.deleted_by) {
                tips.push(added_then_deleted_tip(
                    &u.path,
                    u.bytes,
                    line_of(u.written_by),
                    deleted,
                ));
            }
        }
        tips.extend(cache_bust_tip(instructions, steps));
        Ok(BuildLayers { layers, tips })
    }
}

#[cfg(test)]
mod tests {
    use super::super::layers::{EntryKind, LayerChange, LayerView};
    use super::*;

    fn layer(changes: &[(&str, ChangeKind, f64)]) -> LayerView {
        LayerView {
            index: 0,
            digest: None,
            instruction: None,
            created_by: None,
            added: 0,
            changed: 0,
            deleted: 0,
            bytes: 0.0,
            wasted: 0.0,
            changes: changes
                .iter()
                .map(|(p, c, s)| LayerChange {
                    path: (*p).into(),
                    change: *c,
                    kind: EntryKind::File,
                    size: *s,
                    mode: 0o644,
                    link: None,
                })
                .collect(),
            listed_all: true,
        }
    }

    #[test]
    fn a_deleted_file_is_traced_to_the_latest_layer_that_wrote_it() {
        let layers = [
            layer(&[("/bin/sh", ChangeKind::Added, 5.0)]),
            layer(&[("/app/big.bin", ChangeKind::Added, 100.0)]),
            layer(&[("/app/big.bin", ChangeKind::Changed, 200.0)]),
            layer(&[("/app/big.bin", ChangeKind::Deleted, 200.0)]),
        ];
        assert_eq!(
            undone(&layers),
            vec![Undone {
                path: "/app/big.bin".into(),
                bytes: 200.0,
                written_by: 2,
                deleted_by: 3
            }]
        );
    }

    #[test]
    fn a_deleted_folder_is_traced_through_the_files_below_it() {
        let layers = [
            layer(&[
                ("/cache", ChangeKind::Added, 0.0),
                ("/cache/a", ChangeKind::Added, 7.0),
            ]),
            layer(&[("/cache-other/b", ChangeKind::Added, 9.0)]),
            layer(&[("/cache", ChangeKind::Deleted, 7.0)]),
        ];
        let u = undone(&layers);
        assert_eq!(u.len(), 1);
        assert_eq!(
            (u[0].written_by, u[0].deleted_by),
            (0, 2),
            "not /cache-other"
        );
    }

    #[test]
    fn deleting_what_nobody_wrote_or_nothing_is_no_tip() {
        let layers = [
            layer(&[("/a", ChangeKind::Added, 1.0)]),
            layer(&[
                ("/b", ChangeKind::Deleted, 3.0),
                ("/a", ChangeKind::Deleted, 0.0),
            ]),
        ];
        assert!(undone(&layers).is_empty());
    }
}
