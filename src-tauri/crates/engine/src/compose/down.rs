//! `docker compose down`: first the exact list of what goes, read from the engine by the
//! project's labels (containers, the networks the project created, with `-v` its named volumes
//! and the anonymous volumes of its containers, with `--rmi` its images); then down removes
//! that list and nothing else, reporting each object. Objects without the project's label
//! (external networks and volumes, which the CLI never labels) are never listed, so never
//! removed; a project started by docker-compose v1 is read the same way.

use super::actions::{StackObjectKind, StackStep};
use super::labels;
use super::projects::{project_filter, StackObject};
use crate::connection::Engine;
use crate::containers::{ContainerRow, ContainerState};
use crate::error::EngineError;
use bollard::query_parameters::{
    ListNetworksOptions, ListVolumesOptions, RemoveContainerOptions, RemoveImageOptions,
    RemoveVolumeOptions, StopContainerOptions,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use tugboat_runspec::argv::command_line;

/// `--rmi`: which images go with the stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum DownImages {
    None,
    /// Images built for the project without a name of their own: the CLI names them
    /// `<project>-<service>` (v2) or `<project>_<service>` (v1).
    Local,
    /// Every image the project's containers use.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DownOptions {
    /// `-v`: named volumes of the project and anonymous volumes of its containers.
    pub volumes: bool,
    pub images: DownImages,
}

/// A container that down stops and removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DownContainer {
    pub id: String,
    pub name: String,
    pub service: String,
    pub state: ContainerState,
}

/// An image that down removes, and why it is on the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DownImage {
    /// The name the containers were made from (what is removed: the tag, then the image when
    /// no other tag holds it).
    pub reference: String,
    pub services: Vec<String>,
    /// "built for the project, no name of its own" or "used by the project".
    pub why: String,
}

/// Exactly what down removes, from the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DownPlan {
    pub project: String,
    pub options: DownOptions,
    pub containers: Vec<DownContainer>,
    pub networks: Vec<DownObject>,
    pub volumes: Vec<DownObject>,
    pub images: Vec<DownImage>,
    pub command: String,
}

/// A network or volume on the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DownObject {
    /// A network's id; a volume's name.
    pub id: String,
    pub name: String,
    /// Why a volume without the project's label is listed: "anonymous volume of <container>".
    pub note: Option<String>,
}

impl From<StackObject> for DownObject {
    fn from(o: StackObject) -> Self {
        DownObject {
            id: o.id,
            name: o.name,
            note: None,
        }
    }
}

/// What down did, object by object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DownOutcome {
    pub command: String,
    pub steps: Vec<StackStep>,
}

/// `docker compose -p <project> down [-v] [--rmi local|all]`.
pub fn down_command(project: &str, options: DownOptions) -> String {
    let mut argv = vec!["docker", "compose", "-p", project, "down"];
    if options.volumes {
        argv.push("-v");
    }
    match options.images {
        DownImages::None => {}
        DownImages::Local => argv.extend(["--rmi", "local"]),
        DownImages::All => argv.extend(["--rmi", "all"]),
    }
    command_line(&argv)
}

/// Is `reference` the name the CLI gives an image it built for `service` (no `image:` key)?
fn is_project_built(reference: &str, project: &str, service: &str) -> bool {
    let name = reference.strip_suffix(":latest").unwrap_or(reference);
    name == format!("{project}-{service}") || name == format!("{project}_{service}")
}

impl Engine {
    /// What `docker compose -p <project> down` with `options` would remove, read now.
    pub async fn compose_down_preview(
        &self,
        project: &str,
        options: DownOptions,
    ) -> Result<DownPlan, EngineError> {
        let filters = project_filter(Some(project));
        let summaries = self.project_containers(project).await?;
        let mut containers = Vec::new();
        let mut images: Vec<DownImage> = Vec::new();
        for s in &summaries {
            let service = s
                .labels
                .as_ref()
                .and_then(|l| l.get(labels::SERVICE).cloned())
                .unwrap_or_default();
            let row = ContainerRow::from_summary(s.clone());
            let wanted = match options.images {
                DownImages::None => None,
                DownImages::All => Some("used by the project"),
                DownImages::Local => is_project_built(&row.image, project, &service)
                    .then_some("built for the project, no name of its own"),
            };
            if let Some(why) = wanted {
                match images.iter_mut().find(|i| i.reference == row.image) {
                    Some(i) if !i.services.contains(&service) => i.services.push(service.clone()),
                    Some(_) => {}
                    None => images.push(DownImage {
                        reference: row.image.clone(),
                        services: vec![service.clone()],
                        why: why.to_owned(),
                    }),
                }
            }
            containers.push(DownContainer {
                id: row.id,
                name: row.name,
                service,
                state: row.state,
            });
        }
        containers.sort_by(|a, b| a.name.cmp(&b.name));
        images.sort_by(|a, b| a.reference.cmp(&b.reference));
        let mut networks: Vec<DownObject> = self
            .docker
            .list_networks(Some(ListNetworksOptions {
                filters: Some(filters.clone()),
            }))
            .await?
            .into_iter()
            .map(|n| DownObject {
                id: n.id.unwrap_or_default(),
                name: n.name.unwrap_or_default(),
                note: None,
            })
            .collect();
        networks.sort_by(|a, b| a.name.cmp(&b.name));
        let mut volumes = Vec::new();
        if options.volumes {
            let labelled = self
                .docker
                .list_volumes(Some(ListVolumesOptions {
                    filters: Some(filters),
                }))
                .await?
                .volumes
                .unwrap_or_default();
            let mut seen = HashSet::new();
            for v in labelled {
                seen.insert(v.name.clone());
                volumes.push(DownObject {
                    id: v.name.clone(),
                    name: v.name,
                    note: None,
                });
            }
            // `rm -v` takes the anonymous volumes only these containers use: the engine's own
            // rule, as the container remove dialog shows it.
            let ids: Vec<String> = containers.iter().map(|c| c.id.clone()).collect();
            for item in self.removal_preview(&ids).await? {
                for v in item.anonymous_volumes {
                    if seen.insert(v.clone()) {
                        volumes.push(DownObject {
                            id: v.clone(),
                            name: v,
                            note: Some(format!("anonymous volume of {}", item.name)),
                        });
                    }
                }
            }
            volumes.sort_by(|a, b| (a.note.is_some(), &a.name).cmp(&(b.note.is_some(), &b.name)));
        }
        Ok(DownPlan {
            project: project.to_owned(),
            options,
            containers,
            networks,
            volumes,
            images,
            command: down_command(project, options),
        })
    }

    /// Removes what `plan` lists, and only what still belongs to the project: the plan is read
    /// again from the engine and only objects on both lists go (so nothing the user did not
    /// see, and nothing that left the project meanwhile). Containers are stopped with their own
    /// grace period, then removed; then networks, volumes and images. Every object gets a
    /// step; one that fails does not stop the others.
    pub async fn compose_down(&self, plan: &DownPlan) -> Result<DownOutcome, EngineError> {
        let now = self
            .compose_down_preview(&plan.project, plan.options)
            .await?;
        let mut steps = Vec::new();
        let listed = |ids: &[String], id: &str| ids.iter().any(|x| x == id);

        let still: Vec<String> = now.containers.iter().map(|c| c.id.clone()).collect();
        let going: Vec<&DownContainer> = plan
            .containers
            .iter()
            .filter(|c| listed(&still, &c.id))
            .collect();
        let stopped = futures_util::future::join_all(going.iter().map(|c| async move {
            match self
                .docker
                .stop_container(&c.id, None::<StopContainerOptions>)
                .await
                .map_err(EngineError::from)
            {
                Ok(()) | Err(EngineError::NotModified(_)) | Err(EngineError::NotFound(_)) => Ok(()),
                Err(e) => Err(e.to_string()),
            }
        }))
        .await;
        for (c, stop) in going.iter().zip(stopped) {
            let outcome = match stop {
                Ok(()) => self
                    .docker
                    .remove_container(
                        &c.id,
                        Some(RemoveContainerOptions {
                            v: plan.options.volumes,
                            force: false,
                            ..Default::default()
                        }),
                    )
                    .await
                    .map(|_| "removed")
                    .or_else(gone("removed")),
                Err(e) => Err(e),
            };
            steps.push(StackStep::of(StackObjectKind::Container, &c.name, outcome));
        }

        let still: Vec<String> = now.networks.iter().map(|n| n.id.clone()).collect();
        for n in plan.networks.iter().filter(|n| listed(&still, &n.id)) {
            let outcome = self
                .docker
                .remove_network(&n.id)
                .await
                .map(|_| "removed")
                .or_else(gone("removed"));
            steps.push(StackStep::of(StackObjectKind::Network, &n.name, outcome));
        }

        let still: Vec<String> = now.volumes.iter().map(|v| v.id.clone()).collect();
        for v in plan.volumes.iter() {
            // An anonymous volume went with its container (`rm -v`); a labelled one is
            // removed here, if it is still the project's.
            if v.note.is_some() {
                let gone_too = self.volume(&v.id).await.is_err();
                steps.push(StackStep::of(
                    StackObjectKind::Volume,
                    &v.name,
                    if gone_too {
                        Ok("removed with its container")
                    } else {
                        Err("still here: another container uses it".to_owned())
                    },
                ));
                continue;
            }
            if !listed(&still, &v.id) {
                continue;
            }
            let outcome = self
                .docker
                .remove_volume(&v.id, None::<RemoveVolumeOptions>)
                .await
                .map(|_| "removed")
                .or_else(gone("removed"));
            steps.push(StackStep::of(StackObjectKind::Volume, &v.name, outcome));
        }

        let still: Vec<String> = now.images.iter().map(|i| i.reference.clone()).collect();
        for i in plan.images.iter().filter(|i| listed(&still, &i.reference)) {
            let outcome = self
                .docker
                .remove_image(&i.reference, None::<RemoveImageOptions>, None)
                .await
                .map(|_| "removed")
                .or_else(gone("removed"));
            steps.push(StackStep::of(StackObjectKind::Image, &i.reference, outcome));
        }
        Ok(DownOutcome {
            command: plan.command.clone(),
            steps,
        })
    }
}

/// Maps "already gone" (404) to done: the object is not there, which is what down wants.
fn gone(done: &'static str) -> impl FnOnce(bollard::errors::Error) -> Result<&'static str, String> {
    move |e| match EngineError::from(e) {
        EngineError::NotFound(_) => Ok(done),
        other => Err(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_has_the_options() {
        let o = |volumes, images| DownOptions { volumes, images };
        assert_eq!(
            down_command("shop", o(false, DownImages::None)),
            "docker compose -p shop down"
        );
        assert_eq!(
            down_command("shop", o(true, DownImages::Local)),
            "docker compose -p shop down -v --rmi local"
        );
        assert_eq!(
            down_command("shop", o(false, DownImages::All)),
            "docker compose -p shop down --rmi all"
        );
    }

    #[test]
    fn local_images_are_the_ones_named_after_the_service() {
        assert!(is_project_built("shop-web", "shop", "web"));
        assert!(is_project_built("shop_web:latest", "shop", "web"));
        assert!(!is_project_built("shop-web:v2", "shop", "web"));
        assert!(!is_project_built("nginx:1", "shop", "web"));
    }
}
