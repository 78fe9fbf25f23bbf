//! `docker image prune [-a]`: the exact list first, worked out from the engine's own data by
//! the engine's own rules (20.10's `ImagesPrune`), then just those images removed.
//!
//! The rules, as the engine applies them:
//! - Dangling only: the images no tag names and none is built on (a name that is only a digest
//!   does not count as a tag). `--all`: every image, except untagged ones others are built on.
//! - Each is removed as `docker image rm` (without force) would: one a container uses (running
//!   or stopped) stays, and so does one another image is built on while that image stays.
//! - Removing an image also removes its parent when the parent then has no name, no other
//!   child and no container: so a build's intermediate images go with the last image on them.
//!   A tagged parent is kept (dangling mode), or loses its names and stays while a kept image is
//!   built on it (`--all`).

use super::short_id;
use crate::connection::Engine;
use crate::error::EngineError;
use bollard::models::ImageSummary;
use bollard::query_parameters::{ListContainersOptions, ListImagesOptions, RemoveImageOptions};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use tugboat_runspec::argv::command_line;
use tugboat_runspec::image_spec::prune_argv;

/// Which images a prune considers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PruneScope {
    /// `--all`: every image no container uses, not only dangling ones.
    pub all: bool,
    /// `--filter label=…`: only images carrying these labels (`key` or `key=value`).
    pub labels: Vec<String>,
}

/// An image a prune would remove.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrunedImage {
    pub id: String,
    pub tags: Vec<String>,
    /// Bytes, all its layers.
    #[specta(type = u32)]
    pub size: f64,
    /// Seconds since the Unix epoch.
    #[specta(type = u32)]
    pub created: f64,
    /// Removed because the image it was on went (an intermediate image of a build).
    pub with_child: bool,
    /// Bytes only its own layers hold (`docker system df -v`'s size less shared size); 0 for
    /// an intermediate image, whose layers are counted in the image on it.
    #[specta(type = u32)]
    pub own: f64,
}

/// What `docker image prune [-a]` would remove, and the command.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImagePrunePreview {
    pub all: bool,
    pub images: Vec<PrunedImage>,
    /// Tags that go from images that stay (`--all`: a tagged image a kept image is built on).
    pub untagged: Vec<String>,
    /// Bytes the removed images' own layers hold: what removing them frees at least (a layer
    /// shared only among removed images is freed too, but counts as shared here).
    #[specta(type = u32)]
    pub reclaimable: f64,
    pub command: String,
}

/// What a prune removed.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImagePruneOutcome {
    pub removed: Vec<String>,
    /// The previewed reclaimable bytes of the images that went.
    #[specta(type = u32)]
    pub freed: f64,
    /// Listed images that could not be removed, with the engine's reason.
    pub failed: Vec<(String, String)>,
    pub command: String,
}

/// One image as the prune rules see it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PruneNode {
    pub id: String,
    pub parent: String,
    pub tags: Vec<String>,
    pub digests: Vec<String>,
    pub labels: HashMap<String, String>,
    pub size: f64,
    pub created: f64,
    /// Containers made from it (running or not).
    pub users: u32,
}

fn real(v: &[String]) -> Vec<String> {
    v.iter()
        .filter(|t| !t.starts_with("<none>") && !t.ends_with("<none>"))
        .cloned()
        .collect()
}

impl PruneNode {
    pub fn of(i: &ImageSummary, users: u32) -> PruneNode {
        PruneNode {
            id: i.id.clone(),
            parent: i.parent_id.clone(),
            tags: real(&i.repo_tags),
            digests: real(&i.repo_digests),
            labels: i.labels.clone(),
            size: i.size.max(0) as f64,
            created: i.created as f64,
            users,
        }
    }

    fn matches(&self, labels: &[String]) -> bool {
        labels.iter().all(|l| match l.split_once('=') {
            Some((k, v)) => self.labels.get(k).is_some_and(|have| have == v),
            None => self.labels.contains_key(l),
        })
    }
}

/// The ids a prune of `scope` removes from `nodes` (every image, intermediate ones too), and
/// the tags it takes from images that stay.
pub fn plan_prune(nodes: &[PruneNode], scope: &PruneScope) -> (Vec<(String, bool)>, Vec<String>) {
    let mut children: HashMap<&str, Vec<&PruneNode>> = HashMap::new();
    for n in nodes {
        if !n.parent.is_empty() {
            children.entry(n.parent.as_str()).or_default().push(n);
        }
    }
    let has_children = |id: &str| children.get(id).is_some_and(|c| !c.is_empty());
    let candidates: HashSet<&str> = nodes
        .iter()
        .filter(|n| {
            let eligible = if scope.all {
                !(n.tags.is_empty() && n.digests.is_empty() && has_children(&n.id))
            } else {
                n.tags.is_empty() && !has_children(&n.id)
            };
            eligible && n.matches(&scope.labels)
        })
        .map(|n| n.id.as_str())
        .collect();

    // Whether each image goes: decided children first (a tree: one parent each).
    let mut goes: HashMap<&str, bool> = HashMap::new();
    fn decide<'a>(
        n: &'a PruneNode,
        children: &HashMap<&str, Vec<&'a PruneNode>>,
        candidates: &HashSet<&str>,
        goes: &mut HashMap<&'a str, bool>,
    ) -> bool {
        if let Some(g) = goes.get(n.id.as_str()) {
            return *g;
        }
        let kids = children.get(n.id.as_str()).cloned().unwrap_or_default();
        let mut all_kids_go = true;
        let mut a_kid_goes = false;
        for k in kids {
            let g = decide(k, children, candidates, goes);
            all_kids_go &= g;
            a_kid_goes |= g;
        }
        let candidate = candidates.contains(n.id.as_str());
        let nameless = n.tags.is_empty() && n.digests.is_empty();
        let g = n.users == 0 && all_kids_go && (candidate || (nameless && a_kid_goes));
        goes.insert(n.id.as_str(), g);
        g
    }
    for n in nodes {
        decide(n, &children, &candidates, &mut goes);
    }
    let mut removed: Vec<(String, bool)> = nodes
        .iter()
        .filter(|n| goes.get(n.id.as_str()) == Some(&true))
        .map(|n| (n.id.clone(), !candidates.contains(n.id.as_str())))
        .collect();
    removed.sort();
    // `--all` takes the names of a tagged candidate kept only because an image on it stays.
    let mut untagged: Vec<String> = if scope.all {
        nodes
            .iter()
            .filter(|n| {
                candidates.contains(n.id.as_str())
                    && n.users == 0
                    && goes.get(n.id.as_str()) == Some(&false)
            })
            .flat_map(|n| n.tags.iter().chain(&n.digests).cloned())
            .collect()
    } else {
        Vec::new()
    };
    untagged.sort();
    (removed, untagged)
}

impl Engine {
    async fn prune_nodes(&self) -> Result<Vec<PruneNode>, EngineError> {
        let (images, containers) = futures_util::future::join(
            self.docker.list_images(Some(ListImagesOptions {
                all: true,
                ..Default::default()
            })),
            self.docker.list_containers(Some(ListContainersOptions {
                all: true,
                ..Default::default()
            })),
        )
        .await;
        let users = super::users(&containers?)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<HashMap<String, u32>>();
        Ok(images?
            .iter()
            .map(|i| PruneNode::of(i, users.get(&i.id).copied().unwrap_or(0)))
            .collect())
    }

    /// Exactly what `docker image prune [-a]` would remove now, with the bytes it frees (each
    /// image's own layers, as `docker system df -v` counts them).
    pub async fn image_prune_preview(
        &self,
        scope: &PruneScope,
    ) -> Result<ImagePrunePreview, EngineError> {
        let nodes = self.prune_nodes().await?;
        let (removed, untagged) = plan_prune(&nodes, scope);
        let by_id: HashMap<&str, &PruneNode> = nodes.iter().map(|n| (n.id.as_str(), n)).collect();
        let unique: HashMap<String, f64> = if removed.is_empty() {
            HashMap::new()
        } else {
            self.system_disk_usage()
                .await?
                .images
                .into_iter()
                .map(|u| {
                    let own = u.unique_bytes.unwrap_or(u.size_bytes);
                    (u.id, own)
                })
                .collect()
        };
        let mut reclaimable = 0.0;
        let mut images = Vec::new();
        for (id, with_child) in removed {
            let Some(n) = by_id.get(id.as_str()) else {
                continue;
            };
            // Intermediate images are not in `docker system df`: their layers are counted in
            // the image on them.
            let own = unique.get(&id).copied().unwrap_or(0.0);
            reclaimable += own;
            images.push(PrunedImage {
                own,
                id,
                tags: n.tags.clone(),
                size: n.size,
                created: n.created,
                with_child,
            });
        }
        images.sort_by(|a, b| b.created.total_cmp(&a.created).then(a.id.cmp(&b.id)));
        Ok(ImagePrunePreview {
            all: scope.all,
            images,
            untagged,
            reclaimable,
            command: command_line(&prune_argv(scope.all)),
        })
    }

    /// Removes exactly these images (the ones a preview showed) that a prune of `scope` would
    /// still remove now, each as `docker image rm` without force would: its names one by one,
    /// then the image, children before parents. One shown that a prune would now keep (a
    /// container was made from it meanwhile…) stays and is reported; so is one the engine
    /// refuses. One already gone counts as removed.
    pub async fn image_prune(
        &self,
        scope: &PruneScope,
        ids: &[String],
    ) -> Result<ImagePruneOutcome, EngineError> {
        let previewed = self.image_prune_preview(scope).await?;
        let still: HashSet<&str> = previewed.images.iter().map(|i| i.id.as_str()).collect();
        let mut failed = Vec::new();
        let mut listed = Vec::new();
        for id in ids {
            if still.contains(id.as_str()) {
                listed.push(id.clone());
            } else {
                failed.push((
                    short_id(id).to_owned(),
                    "kept: a prune would no longer remove it (a container or a tag now uses it, or it is gone)".to_owned(),
                ));
            }
        }
        let ids = &listed;
        let all = scope.all;
        let nodes = self.prune_nodes().await?;
        let by_id: HashMap<&str, &PruneNode> = nodes.iter().map(|n| (n.id.as_str(), n)).collect();
        // Children first: an image deeper in a chain goes before the one it is built on.
        let depth = |id: &str| {
            let mut d = 0;
            let mut at = by_id.get(id).map(|n| n.parent.as_str()).unwrap_or("");
            while let Some(n) = by_id.get(at) {
                d += 1;
                at = n.parent.as_str();
            }
            d
        };
        let mut order: Vec<&String> = ids.iter().collect();
        order.sort_by_key(|id| std::cmp::Reverse(depth(id)));
        let mut removed = Vec::new();
        for id in order {
            let Some(n) = by_id.get(id.as_str()) else {
                removed.push(id.clone());
                continue;
            };
            let mut names: Vec<String> = n.tags.iter().chain(&n.digests).cloned().collect();
            names.push(id.clone());
            let mut outcome = Ok(());
            for name in &names {
                match self
                    .docker
                    .remove_image(
                        name,
                        Some(RemoveImageOptions {
                            force: false,
                            noprune: false,
                            ..Default::default()
                        }),
                        None,
                    )
                    .await
                    .map_err(EngineError::from)
                {
                    Ok(_) | Err(EngineError::NotFound(_)) => {}
                    Err(e) => {
                        outcome = Err(e);
                        break;
                    }
                }
            }
            match outcome {
                Ok(()) => removed.push(id.clone()),
                Err(e) => failed.push((short_id(id).to_owned(), e.to_string())),
            }
        }
        let gone: HashSet<&String> = removed.iter().collect();
        let freed = previewed
            .images
            .iter()
            .filter(|i| gone.contains(&i.id))
            .map(|i| i.own)
            .sum::<f64>();
        Ok(ImagePruneOutcome {
            removed,
            freed,
            failed,
            command: command_line(&prune_argv(all)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, parent: &str, tags: &[&str], users: u32) -> PruneNode {
        PruneNode {
            id: id.into(),
            parent: parent.into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            users,
            ..Default::default()
        }
    }

    fn ids(v: &[(String, bool)]) -> Vec<&str> {
        v.iter().map(|(i, _)| i.as_str()).collect()
    }

    #[test]
    fn dangling_mode_takes_unused_leaves_without_tags_and_their_nameless_parents() {
        let nodes = [
            node("base", "", &["busybox:1"], 0),
            node("mid", "base", &[], 0),
            node("leaf", "mid", &[], 0),
            node("used", "base", &[], 1),
            node("tagged", "base", &["app:1"], 0),
        ];
        let (removed, untagged) = plan_prune(&nodes, &PruneScope::default());
        assert_eq!(ids(&removed), ["leaf", "mid"]);
        assert!(
            removed.contains(&("mid".to_owned(), true)),
            "mid goes with its child"
        );
        assert!(untagged.is_empty());
    }

    #[test]
    fn all_mode_keeps_used_images_and_the_images_they_are_built_on() {
        let nodes = [
            node("base", "", &["busybox:1"], 0),
            node("parent", "base", &["app:base"], 0),
            node("child", "parent", &["app:1"], 1),
            node("free", "", &["tool:1"], 0),
        ];
        let scope = PruneScope {
            all: true,
            labels: vec![],
        };
        let (removed, untagged) = plan_prune(&nodes, &scope);
        assert_eq!(ids(&removed), ["free"]);
        // `parent` and `base` lose their names but stay: `child` is built on them and stays.
        assert_eq!(untagged, ["app:base", "busybox:1"]);
    }

    #[test]
    fn labels_narrow_the_candidates() {
        let mut a = node("a", "", &[], 0);
        a.labels.insert("team".into(), "x".into());
        let b = node("b", "", &[], 0);
        let scope = PruneScope {
            all: false,
            labels: vec!["team=x".into()],
        };
        assert_eq!(ids(&plan_prune(&[a, b], &scope).0), ["a"]);
    }
}
