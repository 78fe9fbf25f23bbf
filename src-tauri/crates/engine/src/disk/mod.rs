//! Disk: what the engine's objects take on disk (`docker system df [-v]`) and getting it back
//! (`docker system prune`). The arithmetic is pure (`usage`: the CLI's formulas; `prune`: which
//! objects each part of the prune removes); this file makes the engine calls. The `docker …`
//! line is runspec's (`system_prune`).

pub mod prune;
pub mod usage;

use crate::connection::{api_path, Engine, Patience};
use crate::error::EngineError;
use bollard::query_parameters::{
    InspectNetworkOptions, ListImagesOptions, ListNetworksOptions, PruneBuildOptions,
    RemoveContainerOptions, RemoveImageOptions, RemoveVolumeOptions,
};
use prune::{
    plan, Filters, NetworkFacts, PruneInputs, PruneItem, PruneKept, PrunePart, PrunePartResult,
    SystemPrunePreview, SystemPruneResult,
};
use std::collections::{HashMap, HashSet};
use tugboat_runspec::argv::command_line;
use tugboat_runspec::system_prune::SystemPruneOptions;
use usage::RawDiskUsage;

pub use prune::{PrunePartPreview, ANONYMOUS_VOLUME_LABEL};
pub use usage::{
    CacheUsage, ContainerUsage, DiskBreakdown, DiskUsage, ImageUsage, UsageRow, VolumeUsage,
};

impl Engine {
    /// `/system/df` as the engine answers it. Costly on big engines (it sizes every
    /// container's writable layer), so only ever called when the user asks; the engine answers
    /// only once every size is computed, which can take minutes.
    async fn raw_disk_usage(&self) -> Result<RawDiskUsage, EngineError> {
        // `verbose` asks API ≥ 1.52 for the objects; older engines always send them.
        let path = format!("{}?verbose=1", api_path(&["system", "df"]));
        let body = self.raw_get(&path, Patience::Long).await?;
        serde_json::from_slice(&body).map_err(|e| EngineError::Protocol(format!("/system/df: {e}")))
    }

    /// `docker system df`.
    pub async fn disk_usage(&self) -> Result<DiskUsage, EngineError> {
        Ok(self.raw_disk_usage().await?.summarise())
    }

    /// `docker system df -v`: the totals and every object behind them.
    pub async fn system_disk_usage(&self) -> Result<DiskBreakdown, EngineError> {
        Ok(self.raw_disk_usage().await?.breakdown())
    }

    /// What `docker system prune` with these options would remove, part by part.
    pub async fn system_prune_preview(
        &self,
        options: &SystemPruneOptions,
    ) -> Result<SystemPrunePreview, EngineError> {
        let parsed = options
            .parsed_filters()
            .map_err(EngineError::InvalidInput)?;
        let (df, networks, parents, now) = tokio::try_join!(
            self.raw_disk_usage(),
            self.network_facts(),
            self.image_parents(),
            async { Ok(self.clock_nanos().await? as f64 / 1e9) },
        )?;
        let filters = Filters::read(&parsed, now).map_err(EngineError::InvalidInput)?;
        let parts = plan(
            &PruneInputs {
                df: &df,
                networks: &networks,
                parents: &parents,
                api: self.api_version(),
            },
            &filters,
            options.all,
            options.volumes,
        );
        Ok(SystemPrunePreview {
            command: command_line(&options.argv()),
            frees_bytes: parts
                .iter()
                .map(|p| p.frees_bytes)
                .fold(0.0, |total, b| total + b),
            parts,
        })
    }

    /// `docker system prune`, removing only what the user saw listed (`seen`: ids from the
    /// preview) and what is still prunable now, in the CLI's order. Something listed that is
    /// in use by now is refused by the engine (no removal is forced) and reported as kept;
    /// something that became prunable after the preview is left alone.
    pub async fn system_prune(
        &self,
        options: &SystemPruneOptions,
        seen: &[String],
    ) -> Result<SystemPruneResult, EngineError> {
        let preview = self.system_prune_preview(options).await?;
        let seen: HashSet<&str> = seen.iter().map(String::as_str).collect();
        let mut result = SystemPruneResult {
            command: preview.command.clone(),
            parts: vec![],
            reclaimed_bytes: 0.0,
            stopped: None,
        };
        for part in preview.parts {
            let mut done = PrunePartResult {
                part: part.part,
                removed: vec![],
                kept: vec![],
                reclaimed_bytes: 0.0,
            };
            for item in part.items {
                if !seen.contains(item.id.as_str()) {
                    continue;
                }
                if result.stopped.is_some() {
                    done.kept.push(kept(&item, "not tried: the prune stopped"));
                    continue;
                }
                match self.prune_one(part.part, &item).await {
                    Ok(freed) => {
                        done.reclaimed_bytes += freed;
                        done.removed.push(item);
                    }
                    Err(e) if e.is_unavailable() => {
                        tracing::warn!(error = %e, "system prune stopped: engine unavailable");
                        result.stopped = Some(e.to_string());
                        done.kept.push(kept(&item, &e.to_string()));
                    }
                    Err(e) => done.kept.push(kept(&item, &e.to_string())),
                }
            }
            result.reclaimed_bytes += done.reclaimed_bytes;
            result.parts.push(done);
        }
        tracing::info!(
            command = %tugboat_runspec::redact::loggable(&options.argv()),
            reclaimed = result.reclaimed_bytes,
            "system prune done"
        );
        Ok(result)
    }

    /// Removes one listed object without force, returning the bytes it freed.
    async fn prune_one(&self, part: PrunePart, item: &PruneItem) -> Result<f64, EngineError> {
        let size = item.size_bytes.unwrap_or(0.0);
        match part {
            PrunePart::Containers => {
                self.docker
                    .remove_container(&item.id, None::<RemoveContainerOptions>)
                    .await?;
                Ok(size)
            }
            PrunePart::Networks => {
                self.docker.remove_network(&item.id).await?;
                Ok(0.0)
            }
            PrunePart::Volumes => {
                self.docker
                    .remove_volume(&item.id, None::<RemoveVolumeOptions>)
                    .await?;
                Ok(size)
            }
            PrunePart::Images => {
                // As the engine's image prune: by each tag (the last one deletes the image),
                // then by id for an image left with no tag; its untagged parents go with it.
                let inspect = self.docker.inspect_image(&item.id).await?;
                let tags = usage::real_tags(&inspect.repo_tags);
                for tag in &tags {
                    self.docker
                        .remove_image(tag, None::<RemoveImageOptions>, None)
                        .await?;
                }
                match self
                    .docker
                    .remove_image(&item.id, None::<RemoveImageOptions>, None)
                    .await
                    .map_err(EngineError::from)
                {
                    Ok(_) | Err(EngineError::NotFound(_)) => Ok(size),
                    // Other images are built on it: like the engine's prune, it loses its
                    // tags and keeps its layers (the preview said so and counted nothing).
                    Err(EngineError::Conflict(_)) if !tags.is_empty() => Ok(0.0),
                    Err(e) => Err(e),
                }
            }
            PrunePart::BuildCache => {
                let report = self
                    .docker
                    .prune_build(Some(PruneBuildOptions {
                        all: Some(true),
                        filters: Some(HashMap::from([("id".to_owned(), vec![item.id.clone()])])),
                        ..Default::default()
                    }))
                    .await?;
                Ok(report.space_reclaimed.unwrap_or(0).max(0) as f64)
            }
        }
    }

    /// Every network with what the prune needs: its containers come from inspect (the list
    /// leaves them out).
    async fn network_facts(&self) -> Result<Vec<NetworkFacts>, EngineError> {
        let list = self
            .docker
            .list_networks(None::<ListNetworksOptions>)
            .await?;
        let mut out = Vec::with_capacity(list.len());
        for n in list {
            let id = n.id.clone().unwrap_or_default();
            let attached = match self
                .docker
                .inspect_network(&id, None::<InspectNetworkOptions>)
                .await
            {
                Ok(i) => i.containers.map(|c| c.len()).unwrap_or(0),
                // Removed since the list: nothing to prune.
                Err(e) => match EngineError::from(e) {
                    EngineError::NotFound(_) => continue,
                    other => return Err(other),
                },
            };
            out.push(NetworkFacts {
                id,
                name: n.name.unwrap_or_default(),
                created: n.created.map(|d| d.timestamp_millis() as f64 / 1000.0),
                labels: n.labels.unwrap_or_default(),
                scope: n.scope.unwrap_or_default(),
                ingress: n.ingress.unwrap_or(false),
                attached,
            });
        }
        Ok(out)
    }

    /// Ids of images other images (intermediate ones included) are built on.
    async fn image_parents(&self) -> Result<HashSet<String>, EngineError> {
        let all = self
            .docker
            .list_images(Some(ListImagesOptions {
                all: true,
                ..Default::default()
            }))
            .await?;
        Ok(all
            .into_iter()
            .map(|i| i.parent_id)
            .filter(|p| !p.is_empty())
            .collect())
    }
}

fn kept(item: &PruneItem, reason: &str) -> PruneKept {
    PruneKept {
        id: item.id.clone(),
        name: item.name.clone(),
        reason: reason.to_owned(),
    }
}
