//! `docker volume prune`, shown before it runs: the exact volumes the engine's prune would
//! remove (its own rule: local driver, used by no container, matching the label filters, and
//! from API 1.42 on anonymous ones only unless `all`), with their sizes; then the removal of
//! exactly the volumes the user saw, one by one, so a volume made between the preview and the
//! click is never taken with them.

use super::{VolumeRow, ANONYMOUS_LABEL};
use crate::connection::{ApiVersion, Engine};
use crate::error::EngineError;
use futures_util::StreamExt;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use tugboat_runspec::argv::command_line;
use tugboat_runspec::preview::describe_invalid;
use tugboat_runspec::volume_spec;
use tugboat_runspec::volume_spec::VolumePruneFilters;

/// The first API version whose prune keeps named volumes unless asked (`all`): Engine 23.
pub const ANONYMOUS_ONLY_SINCE: ApiVersion = ApiVersion {
    major: 1,
    minor: 42,
};

/// One volume a prune would remove.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PruneCandidate {
    pub name: String,
    pub anonymous: bool,
    pub labels: Vec<(String, String)>,
    /// None when the engine could not tell (-1).
    pub size_bytes: Option<f64>,
}

/// What a prune would remove, before anything is removed.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VolumePrunePreview {
    pub volumes: Vec<PruneCandidate>,
    /// The sum of the sizes the engine could tell.
    pub reclaimable_bytes: f64,
    /// `docker volume prune --force …`.
    pub command: String,
    /// Whether this engine tells anonymous from named volumes when pruning (API 1.42, Engine
    /// 23): before that its prune removes every unused volume, named ones too, and `--all`
    /// does not exist.
    pub all_supported: bool,
    /// Whether this prune removes anonymous volumes only.
    pub anonymous_only: bool,
}

/// What a prune removed, and what it kept of the volumes the user saw (and why).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VolumePruneOutcome {
    pub removed: Vec<String>,
    /// Volumes the user saw that were kept after all: in use or gone since, or refused.
    pub kept: Vec<(String, String)>,
    /// The sizes of the removed volumes, as the preview measured them.
    pub reclaimed_bytes: f64,
    pub command: String,
}

/// How many volumes are removed at once.
const REMOVALS_AT_ONCE: usize = 8;

impl Engine {
    /// The volumes `docker volume prune` with these filters would remove now, with sizes.
    pub async fn volume_prune_preview(
        &self,
        filters: &VolumePruneFilters,
    ) -> Result<VolumePrunePreview, EngineError> {
        let labels = filters
            .validate()
            .map_err(|e| EngineError::InvalidInput(describe_invalid(&e)))?;
        let api = self.api_version();
        let all_supported = api >= ANONYMOUS_ONLY_SINCE;
        if filters.all && !all_supported {
            return Err(EngineError::InvalidInput(format!(
                "all: this engine (API {api}) already prunes every unused volume, named ones \
                 too; `--all` exists from API {ANONYMOUS_ONLY_SINCE} (Engine 23)"
            )));
        }
        let anonymous_only = all_supported && !filters.all;
        let rows = self.prunable(&labels, anonymous_only).await?;
        let sizes: HashMap<String, Option<f64>> = if rows.is_empty() {
            HashMap::new()
        } else {
            self.volume_sizes()
                .await?
                .into_iter()
                .map(|s| (s.name, s.size_bytes))
                .collect()
        };
        let volumes: Vec<PruneCandidate> = rows
            .into_iter()
            .map(|r| PruneCandidate {
                size_bytes: sizes.get(&r.name).copied().flatten(),
                name: r.name,
                anonymous: r.anonymous,
                labels: r.labels,
            })
            .collect();
        Ok(VolumePrunePreview {
            reclaimable_bytes: volumes.iter().filter_map(|v| v.size_bytes).sum(),
            volumes,
            command: command_line(&filters.argv(&labels)),
            all_supported,
            anonymous_only,
        })
    }

    /// The engine's prune rule, through its own list filters: `dangling` is the same "no
    /// container refers to it" test the prune makes, `label` the same label match.
    async fn prunable(
        &self,
        labels: &[String],
        anonymous_only: bool,
    ) -> Result<Vec<VolumeRow>, EngineError> {
        let mut query = HashMap::from([
            ("dangling".to_string(), vec!["true".to_string()]),
            (
                "driver".to_string(),
                vec![volume_spec::LOCAL_DRIVER.to_string()],
            ),
        ]);
        if !labels.is_empty() {
            query.insert("label".into(), labels.to_vec());
        }
        let mut rows = self.volumes_filtered(query).await?;
        // The container list read beside it is a second witness: a volume any container
        // mounts is never offered, even if the two reads raced a `docker run`.
        rows.retain(|r| r.used_by.is_empty());
        if anonymous_only {
            // The engine's rule is the label alone, not the look of the name.
            rows.retain(|r| r.labels.iter().any(|(k, _)| k == ANONYMOUS_LABEL));
        }
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(rows)
    }

    /// Removes the volumes in `seen` (the preview the user confirmed) that the same prune would
    /// still remove now; the others are kept and said why. Never removes a volume the user did
    /// not see.
    pub async fn volume_prune(
        &self,
        filters: &VolumePruneFilters,
        seen: &[String],
    ) -> Result<VolumePruneOutcome, EngineError> {
        let now = self.volume_prune_preview(filters).await?;
        let still: HashMap<&str, Option<f64>> = now
            .volumes
            .iter()
            .map(|v| (v.name.as_str(), v.size_bytes))
            .collect();
        let mut kept = Vec::new();
        let mut go = Vec::new();
        let mut once = HashSet::new();
        for name in seen {
            if !once.insert(name.as_str()) {
                continue;
            }
            if still.contains_key(name.as_str()) {
                go.push(name.clone());
            } else {
                kept.push((
                    name.clone(),
                    "no longer unused (or gone) since it was listed".to_string(),
                ));
            }
        }
        let results: Vec<(String, Result<(), EngineError>)> = futures_util::stream::iter(go)
            .map(|name| async move {
                let encoded = crate::connection::api_path(&[&name]);
                let r = self
                    .docker
                    .remove_volume(
                        &encoded[1..],
                        None::<bollard::query_parameters::RemoveVolumeOptions>,
                    )
                    .await
                    .map_err(EngineError::from);
                (name, r)
            })
            .buffer_unordered(REMOVALS_AT_ONCE)
            .collect()
            .await;
        let mut removed = Vec::new();
        let mut reclaimed = 0.0;
        for (name, r) in results {
            match r {
                Ok(()) => {
                    reclaimed += still.get(name.as_str()).copied().flatten().unwrap_or(0.0);
                    removed.push(name);
                }
                // Someone else removed it meanwhile: it is gone, as asked.
                Err(EngineError::NotFound(_)) => removed.push(name),
                Err(EngineError::Unavailable(m)) => return Err(EngineError::Unavailable(m)),
                Err(e) => kept.push((name, e.to_string())),
            }
        }
        removed.sort();
        tracing::info!(removed = removed.len(), kept = kept.len(), "volume prune");
        Ok(VolumePruneOutcome {
            removed,
            kept,
            reclaimed_bytes: reclaimed,
            command: now.command,
        })
    }
}
