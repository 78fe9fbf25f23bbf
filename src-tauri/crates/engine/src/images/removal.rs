//! Tag, untag and remove (`docker image tag`, `docker image rm`), with a preview that says what
//! a removal will do before it is done: which tags go, whether the image and its layers go, and
//! which containers use it.
//!
//! The preview follows the engine's own rules for `DELETE /images/{name}` (20.10's
//! `ImageDelete`), so that a refusal is said in words naming the containers before the engine
//! is asked: a repo:tag only untags while other names remain; removing the last name of an image
//! a container uses needs force (and then the image stays, dangling); an id removes the image
//! with all its names, refused while a running container uses it or other images are built on
//! it (even with force), and while a stopped one uses it or it has names in several
//! repositories (unless forced).

use super::{short_id, ImageUser};
use crate::connection::Engine;
use crate::error::EngineError;
use bollard::query_parameters::{
    ListContainersOptions, ListImagesOptions, RemoveImageOptions, TagImageOptions,
};
use serde::Serialize;
use tugboat_runspec::argv::command_line;
use tugboat_runspec::image_spec::{remove_argv, TagSpec};

/// What an image is now, as far as removing it goes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RemovalFacts {
    pub id: String,
    pub tags: Vec<String>,
    pub digests: Vec<String>,
    /// Containers made from it, running or not.
    pub users: Vec<ImageUser>,
    /// Images built on it (their parent is this one).
    pub children: u32,
}

/// What a removal will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum RemovalEffect {
    /// Only names go; the image stays.
    Untag,
    /// The image goes, with every name it has.
    Delete,
    /// The engine would refuse; nothing goes.
    Refused,
}

/// A removal before it is done.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RemovalPreview {
    pub id: String,
    /// What is removed: a repo:tag, or the image's id.
    pub target: String,
    pub force: bool,
    pub effect: RemovalEffect,
    /// Names (tags, and digests of the same repository) that go.
    pub untagged: Vec<String>,
    /// Tags it keeps.
    pub kept_tags: Vec<String>,
    /// Its layers go too (the ones no other image uses): the image goes and none is built on
    /// it.
    pub frees_layers: bool,
    /// Containers made from it, running or not.
    pub users: Vec<ImageUser>,
    /// Why the engine would refuse, naming what stands in the way; or a note on what stays.
    pub note: Option<String>,
    /// `docker image rm [--force] TARGET`.
    pub command: String,
}

/// What a removal did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RemovalOutcome {
    pub untagged: Vec<String>,
    /// Image ids and layers the engine deleted.
    pub deleted: Vec<String>,
    pub command: String,
}

/// `docker image tag`'s outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TagOutcome {
    pub target: String,
    pub command: String,
}

/// Whether `target` names the image by its id (`sha256:…` or a prefix of the hex), as the
/// engine tells an id from a name.
fn is_id(id: &str, target: &str) -> bool {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    let t = target.strip_prefix("sha256:").unwrap_or(target);
    !t.is_empty() && t.chars().all(|c| c.is_ascii_hexdigit()) && hex.starts_with(t)
}

/// `app` is `app:latest`, as the CLI reads it.
fn with_tag(reference: &str) -> String {
    let slash = reference.rfind('/').map_or(0, |i| i + 1);
    if reference.contains('@') || reference[slash..].contains(':') {
        reference.to_owned()
    } else {
        format!("{reference}:latest")
    }
}

fn repository(name: &str) -> &str {
    if let Some((repo, _)) = name.split_once('@') {
        return repo;
    }
    let slash = name.rfind('/').map_or(0, |i| i + 1);
    match name[slash..].rfind(':') {
        Some(i) => &name[..slash + i],
        None => name,
    }
}

fn who(users: &[&ImageUser]) -> String {
    users
        .iter()
        .map(|u| {
            format!(
                "{} ({})",
                u.name,
                if u.running { "running" } else { "stopped" }
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What removing `target` (a repo:tag or the id) with or without force does to the image
/// `facts` describes, by the engine's rules (see the module's comment).
pub fn plan_removal(facts: &RemovalFacts, target: &str, force: bool) -> RemovalPreview {
    let running: Vec<&ImageUser> = facts.users.iter().filter(|u| u.running).collect();
    let stopped: Vec<&ImageUser> = facts.users.iter().filter(|u| !u.running).collect();
    let all_users: Vec<&ImageUser> = facts.users.iter().collect();
    let mut p = RemovalPreview {
        id: facts.id.clone(),
        target: target.to_owned(),
        force,
        effect: RemovalEffect::Refused,
        untagged: Vec::new(),
        kept_tags: facts.tags.clone(),
        frees_layers: false,
        users: facts.users.clone(),
        note: None,
        command: command_line(&remove_argv(&[target], force)),
    };
    let built_on = || {
        format!(
            "{} other {} built on it: remove {} first (force does not help)",
            facts.children,
            if facts.children == 1 {
                "image is"
            } else {
                "images are"
            },
            if facts.children == 1 { "it" } else { "them" },
        )
    };
    if is_id(&facts.id, target) {
        let refs: Vec<&String> = facts.tags.iter().chain(&facts.digests).collect();
        let one_repo = refs
            .iter()
            .all(|r| refs.first().map(|f| repository(f)) == Some(repository(r)));
        let single = facts.tags.len() <= 1 && one_repo;
        let refusal = if facts.children > 0 {
            Some(built_on())
        } else if !running.is_empty() {
            Some(format!(
                "it is used by running {} {}: stop and remove {} first (force does not help while {} running)",
                if running.len() == 1 { "container" } else { "containers" },
                who(&running),
                if running.len() == 1 { "it" } else { "them" },
                if running.len() == 1 { "it is" } else { "they are" },
            ))
        } else if !stopped.is_empty() && !force {
            Some(format!(
                "it is used by stopped {} {}: remove {} first, or force (the {} then {} an image that no longer exists)",
                if stopped.len() == 1 { "container" } else { "containers" },
                who(&stopped),
                if stopped.len() == 1 { "it" } else { "them" },
                if stopped.len() == 1 { "container" } else { "containers" },
                if stopped.len() == 1 { "names" } else { "name" },
            ))
        } else if !single && !force {
            Some(format!(
                "it has {} names in several repositories ({}): remove them one by one, or force to remove the image with all of them",
                refs.len(),
                facts.tags.join(", ")
            ))
        } else {
            None
        };
        match refusal {
            Some(r) => p.note = Some(r),
            None => {
                p.effect = RemovalEffect::Delete;
                p.untagged = refs.into_iter().cloned().collect();
                p.kept_tags = Vec::new();
                p.frees_layers = true;
            }
        }
        return p;
    }
    let tag = with_tag(target);
    if !facts.tags.contains(&tag) && !facts.digests.contains(&tag) {
        p.note = Some(format!(
            "the image has no name {tag}: its names are {}",
            facts.tags.join(", ")
        ));
        return p;
    }
    let kept_tags: Vec<String> = facts.tags.iter().filter(|t| **t != tag).cloned().collect();
    let repo = repository(&tag);
    // Digests of the same repository go with its last tag.
    let (gone_digests, kept_digests): (Vec<String>, Vec<String>) =
        facts.digests.iter().cloned().partition(|d| {
            *d == tag || (!kept_tags.iter().any(|t| repository(t) == repo) && repository(d) == repo)
        });
    let last = kept_tags.is_empty() && kept_digests.is_empty();
    if last && !all_users.is_empty() && !force {
        p.note = Some(format!(
            "it is its last name, and {} {} the image: removing the name would leave the image without one (dangling). Remove {} first, or force to remove just the name",
            who(&all_users),
            if all_users.len() == 1 { "uses" } else { "use" },
            if all_users.len() == 1 { "that container" } else { "those containers" },
        ));
        return p;
    }
    p.untagged = std::iter::once(tag.clone())
        .chain(gone_digests.into_iter().filter(|d| *d != tag))
        .collect();
    p.kept_tags = kept_tags;
    if !last {
        p.effect = RemovalEffect::Untag;
        p.note = Some("the image stays: it has other names".into());
    } else if !all_users.is_empty() {
        p.effect = RemovalEffect::Untag;
        p.note = Some(format!(
            "the image stays, without a name, while {} {} it",
            who(&all_users),
            if all_users.len() == 1 { "uses" } else { "use" },
        ));
    } else if facts.children > 0 {
        p.effect = RemovalEffect::Untag;
        p.note = Some(format!(
            "the name goes, but the image stays: {}",
            built_on()
        ));
    } else {
        p.effect = RemovalEffect::Delete;
        p.frees_layers = true;
    }
    p
}

impl Engine {
    /// What removing an image now stands on: its names, its containers and its children.
    pub async fn removal_facts(&self, image: &str) -> Result<RemovalFacts, EngineError> {
        let details = self.image(image).await?;
        let (containers, all) = futures_util::future::join(
            self.docker.list_containers(Some(ListContainersOptions {
                all: true,
                ..Default::default()
            })),
            self.docker.list_images(Some(ListImagesOptions {
                all: true,
                ..Default::default()
            })),
        )
        .await;
        let users = super::users_of(&details.id, &containers?);
        let children = all?.iter().filter(|i| i.parent_id == details.id).count();
        Ok(RemovalFacts {
            id: details.id,
            tags: details.repo_tags,
            digests: details.repo_digests,
            users,
            children: u32::try_from(children).unwrap_or(u32::MAX),
        })
    }

    /// What `docker image rm [--force] TARGET` would do, from the engine's facts now. `image`
    /// is the image (id or name) and `target` what is removed (one of its names, or its id).
    pub async fn image_removal_preview(
        &self,
        image: &str,
        target: &str,
        force: bool,
    ) -> Result<RemovalPreview, EngineError> {
        Ok(plan_removal(
            &self.removal_facts(image).await?,
            target,
            force,
        ))
    }

    /// `docker image rm [--force] TARGET`. Refused here, in words naming the containers, when
    /// the engine would refuse; nothing is removed then.
    pub async fn image_remove(
        &self,
        image: &str,
        target: &str,
        force: bool,
    ) -> Result<RemovalOutcome, EngineError> {
        let plan = self.image_removal_preview(image, target, force).await?;
        let command = plan.command.clone();
        if plan.effect == RemovalEffect::Refused {
            let why = plan.note.unwrap_or_default();
            return Err(EngineError::Conflict(format!(
                "{} not removed: {why}",
                short_or(target)
            )));
        }
        let items = self
            .docker
            .remove_image(
                target,
                Some(RemoveImageOptions {
                    force,
                    noprune: false,
                    ..Default::default()
                }),
                None,
            )
            .await
            .map_err(EngineError::from)?;
        Ok(RemovalOutcome {
            untagged: items.iter().filter_map(|i| i.untagged.clone()).collect(),
            deleted: items.iter().filter_map(|i| i.deleted.clone()).collect(),
            command,
        })
    }

    /// `docker image tag IMAGE REPOSITORY:TAG`.
    pub async fn image_tag(&self, spec: &TagSpec) -> Result<TagOutcome, EngineError> {
        self.docker
            .tag_image(
                &spec.image,
                Some(TagImageOptions {
                    repo: Some(spec.repository.clone()),
                    tag: Some(spec.tag.clone()),
                }),
            )
            .await
            .map_err(EngineError::from)?;
        Ok(TagOutcome {
            target: spec.target(),
            command: command_line(&spec.argv()),
        })
    }
}

/// An id as `docker images` shows it; a name as it is.
fn short_or(target: &str) -> String {
    if target.starts_with("sha256:") {
        short_id(target).to_owned()
    } else {
        target.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "sha256:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

    fn user(name: &str, running: bool) -> ImageUser {
        ImageUser {
            id: format!("id-{name}"),
            name: name.into(),
            running,
        }
    }

    fn facts(tags: &[&str], users: Vec<ImageUser>, children: u32) -> RemovalFacts {
        RemovalFacts {
            id: ID.into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            digests: Vec::new(),
            users,
            children,
        }
    }

    #[test]
    fn a_tag_among_others_only_untags_even_in_use() {
        let p = plan_removal(
            &facts(&["app:1", "app:2"], vec![user("web", true)], 0),
            "app:1",
            false,
        );
        assert_eq!(p.effect, RemovalEffect::Untag);
        assert_eq!(p.untagged, ["app:1"]);
        assert_eq!(p.kept_tags, ["app:2"]);
        assert!(!p.frees_layers);
        assert_eq!(p.command, "docker image rm app:1");
    }

    #[test]
    fn the_last_tag_of_an_image_in_use_needs_force_and_names_the_containers() {
        let f = facts(&["app:1"], vec![user("web", true), user("old", false)], 0);
        let p = plan_removal(&f, "app:1", false);
        assert_eq!(p.effect, RemovalEffect::Refused);
        let note = p.note.unwrap();
        assert!(
            note.contains("web (running)") && note.contains("old (stopped)"),
            "{note}"
        );
        let forced = plan_removal(&f, "app:1", true);
        assert_eq!(forced.effect, RemovalEffect::Untag);
        assert_eq!(forced.command, "docker image rm --force app:1");
        assert!(forced.note.unwrap().contains("without a name"));
    }

    #[test]
    fn the_last_tag_of_an_unused_image_deletes_it() {
        let p = plan_removal(&facts(&["app:latest"], vec![], 0), "app", false);
        assert_eq!(p.effect, RemovalEffect::Delete);
        assert_eq!(p.untagged, ["app:latest"]);
        assert!(p.frees_layers);
        let kept = plan_removal(&facts(&["app:1"], vec![], 2), "app:1", false);
        assert_eq!(kept.effect, RemovalEffect::Untag);
        assert!(kept
            .note
            .unwrap()
            .contains("2 other images are built on it"));
    }

    #[test]
    fn an_id_is_refused_while_running_containers_or_children_hold_it_even_forced() {
        let running = facts(&["app:1"], vec![user("web", true)], 0);
        for force in [false, true] {
            let p = plan_removal(&running, ID, force);
            assert_eq!(p.effect, RemovalEffect::Refused);
            assert!(p.note.unwrap().contains("web (running)"));
        }
        let parent = facts(&[], vec![], 1);
        assert_eq!(
            plan_removal(&parent, &ID[7..19], true).effect,
            RemovalEffect::Refused
        );
    }

    #[test]
    fn an_id_with_stopped_users_or_many_repositories_needs_force() {
        let stopped = facts(&["app:1"], vec![user("old", false)], 0);
        let p = plan_removal(&stopped, ID, false);
        assert!(p.note.unwrap().contains("old (stopped)"));
        let forced = plan_removal(&stopped, ID, true);
        assert_eq!(forced.effect, RemovalEffect::Delete);
        assert_eq!(forced.untagged, ["app:1"]);
        let two_repos = facts(&["app:1", "web:1"], vec![], 0);
        assert_eq!(
            plan_removal(&two_repos, ID, false).effect,
            RemovalEffect::Refused
        );
        assert_eq!(
            plan_removal(&two_repos, ID, true).effect,
            RemovalEffect::Delete
        );
    }

    #[test]
    fn a_name_the_image_lacks_is_refused() {
        let p = plan_removal(&facts(&["app:1"], vec![], 0), "app:9", false);
        assert_eq!(p.effect, RemovalEffect::Refused);
        assert!(p.note.unwrap().contains("app:1"));
    }
}
