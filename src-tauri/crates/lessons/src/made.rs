//! What a lesson makes, read from its commands: the list "finish" shows and removes, and the
//! names that must be free before the lesson starts (so it never takes over, or removes,
//! something of the user's that happens to share a name).

use crate::command::Action;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use tugboat_runspec::form::MountKind;

/// Names by kind. Images are references as the engine tags them (`learn-hello:1`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Made {
    pub containers: BTreeSet<String>,
    pub volumes: BTreeSet<String>,
    pub networks: BTreeSet<String>,
    /// Images the lesson tags or pulls. A pulled image that was on the engine before the lesson
    /// started stays when it finishes (the start record says which).
    pub images: BTreeSet<String>,
    /// Files in the lesson's folder on this machine, by path in it; the app, not the engine,
    /// writes and removes them.
    pub files: BTreeSet<String>,
    /// Swarm services, by name.
    pub services: BTreeSet<String>,
    /// The lesson makes this engine a swarm (`docker swarm init`): finish leaves it, and
    /// removes the `docker_gwbridge` network the swarm's tasks made.
    pub swarm: bool,
}

impl Made {
    pub fn add(&mut self, action: &Action) {
        match action {
            Action::Run { form, .. } => {
                self.containers.insert(form.name.clone());
                for m in &form.mounts {
                    if m.kind == MountKind::Volume && !m.source.is_empty() {
                        self.volumes.insert(m.source.clone());
                    }
                }
            }
            Action::Rename { to, .. } => {
                self.containers.insert(to.clone());
            }
            Action::VolumeCreate { name } => {
                self.volumes.insert(name.clone());
            }
            Action::NetworkCreate { name } => {
                self.networks.insert(name.clone());
            }
            Action::Tag { target, .. } => {
                self.images.insert(crate::check::full_reference(target));
            }
            Action::SwarmInit { .. } => self.swarm = true,
            Action::ServiceCreate { name, .. } => {
                self.services.insert(name.clone());
            }
            Action::Build { tags, .. } => {
                for t in tags {
                    self.images.insert(crate::check::full_reference(t));
                }
            }
            Action::Pull { reference } | Action::Commit { reference, .. } => {
                self.images.insert(crate::check::full_reference(reference));
            }
            Action::Container { .. }
            | Action::Exec { .. }
            | Action::Attach { .. }
            | Action::Push { .. }
            | Action::SwarmLeave
            | Action::ServiceScale { .. }
            | Action::ServiceRemove { .. }
            // What an up makes is in its compose file: the step names it (`makes`).
            | Action::ComposeUp { .. }
            | Action::ComposeDown { .. }
            | Action::VolumeRemove { .. }
            | Action::NetworkRemove { .. }
            | Action::NetworkConnect { .. }
            | Action::RemoveImage { .. }
            | Action::Look(_) => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        self.containers.is_empty()
            && self.volumes.is_empty()
            && self.networks.is_empty()
            && self.images.is_empty()
            && self.files.is_empty()
            && self.services.is_empty()
            && !self.swarm
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::read_command;

    #[test]
    fn runs_volumes_networks_and_tags_are_made_reads_and_removals_are_not() {
        let mut made = Made::default();
        for line in [
            "docker network create learn-net",
            "docker run -d --name learn-db -v learn-data:/data -v /tmp:/host --network learn-net busybox sleep 1d",
            "docker tag busybox learn-copy",
            "docker ps -a",
            "docker rm -f learn-db",
        ] {
            made.add(&read_command(line).unwrap());
        }
        assert_eq!(made.containers, BTreeSet::from(["learn-db".to_owned()]));
        assert_eq!(made.volumes, BTreeSet::from(["learn-data".to_owned()]));
        assert_eq!(made.networks, BTreeSet::from(["learn-net".to_owned()]));
        assert_eq!(
            made.images,
            BTreeSet::from(["learn-copy:latest".to_owned()])
        );
    }
}
