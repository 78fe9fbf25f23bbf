//! A volume's files without a shell in any image: a carrier container is created (never
//! started) from an image already on the engine, with the volume mounted at `/volume`; the
//! engine's archive API (`GET`/`PUT /containers/{id}/archive`) reads and writes through it; the
//! carrier is removed afterwards on every path (done, failed, cancelled, or the work dropped).
//! Carriers carry the label [`CARRIER_LABEL`] (the volume's name), so a leftover is easy to
//! find. Tar handling on this computer (confined unpacking, packing) is the files crate's.

use crate::connection::Engine;
use crate::error::EngineError;
use crate::files::archive::chunk_stream;
use crate::files::FileEntry;
use bollard::models::{ContainerCreateBody, HostConfig, Mount, MountType};
use bollard::query_parameters::{
    CreateContainerOptions, ListImagesOptions, RemoveContainerOptions,
};
use bollard::Docker;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use tokio_util::sync::CancellationToken;
use tugboat_files::tarball::{self, ChunkWriter};

/// The label every carrier container carries; its value is the volume's name.
pub const CARRIER_LABEL: &str = "dev.tugboat.volume-files";
/// Where the carrier mounts the volume.
pub(crate) const MOUNT: &str = "/volume";

/// One entry of a volume folder (the entry type is shared with a container's files).
pub type VolumeFile = FileEntry;
pub use crate::files::FileKind as VolumeFileKind;

/// A path inside a volume, checked: relative, no `..`. Empty is the volume's top.
pub fn volume_path(path: &str) -> Result<String, EngineError> {
    let mut parts = Vec::new();
    for c in Path::new(path.trim()).components() {
        match c {
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
            Component::CurDir | Component::RootDir => {}
            Component::ParentDir | Component::Prefix(_) => {
                return Err(EngineError::InvalidInput(format!(
                    "path: {path} leaves the volume; give a path inside it, like `logs` or \
                     `logs/today.txt`"
                )))
            }
        }
    }
    Ok(parts.join("/"))
}

/// The path inside the carrier for a checked volume path.
pub(crate) fn in_carrier(path: &str) -> String {
    if path.is_empty() {
        MOUNT.to_owned()
    } else {
        format!("{MOUNT}/{path}")
    }
}

/// A created, never started container with the volume mounted. Removed by
/// [`Engine::remove_carrier`]; if it is dropped first (the work was cancelled by dropping it),
/// the removal is sent from a task instead.
pub(crate) struct Carrier {
    docker: Docker,
    pub(crate) id: String,
    removed: bool,
}

impl Drop for Carrier {
    fn drop(&mut self) {
        if self.removed {
            return;
        }
        let docker = self.docker.clone();
        let id = std::mem::take(&mut self.id);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(e) = docker.remove_container(&id, Some(force())).await {
                    tracing::warn!(container = %id, error = %e, "carrier container not removed");
                }
            });
        } else {
            tracing::warn!(container = %id, "carrier container left behind: no runtime to remove it");
        }
    }
}

fn force() -> RemoveContainerOptions {
    RemoveContainerOptions {
        force: true,
        v: false,
        link: false,
    }
}

impl Engine {
    /// An image already on the engine to make a carrier from: a tagged one if any. Any image
    /// will do, since the carrier never runs.
    async fn carrier_image(&self) -> Result<String, EngineError> {
        let images = self
            .docker
            .list_images(Some(ListImagesOptions {
                all: false,
                ..Default::default()
            }))
            .await?;
        let tagged = images.iter().find_map(|i| {
            i.repo_tags
                .iter()
                .find(|t| t.as_str() != "<none>:<none>")
                .cloned()
        });
        tagged
            .or_else(|| images.first().map(|i| i.id.clone()))
            .ok_or_else(|| {
                EngineError::NotFound(
                    "no image is on the engine to make the helper container from: reaching a \
                     volume's files needs one (any image; it is never started). Pull one, for \
                     example `docker pull busybox`, and try again"
                        .into(),
                )
            })
    }

    /// Creates a carrier for `volume` (which must exist), mounted read-only unless `writable`.
    pub(crate) async fn open_carrier(
        &self,
        volume: &str,
        writable: bool,
    ) -> Result<Carrier, EngineError> {
        self.docker
            .inspect_volume(volume)
            .await
            .map_err(|e| match EngineError::from(e) {
                EngineError::NotFound(_) => {
                    EngineError::NotFound(format!("volume: there is no volume named {volume}"))
                }
                other => other,
            })?;
        let image = self.carrier_image().await?;
        let body = ContainerCreateBody {
            image: Some(image),
            cmd: Some(vec!["true".into()]),
            labels: Some(HashMap::from([(
                CARRIER_LABEL.to_owned(),
                volume.to_owned(),
            )])),
            network_disabled: Some(true),
            host_config: Some(HostConfig {
                mounts: Some(vec![Mount {
                    target: Some(MOUNT.into()),
                    source: Some(volume.into()),
                    typ: Some(MountType::VOLUME),
                    read_only: Some(!writable),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
            ..Default::default()
        };
        let created = self
            .docker
            .create_container(None::<CreateContainerOptions>, body)
            .await?;
        Ok(Carrier {
            docker: self.docker.clone(),
            id: created.id,
            removed: false,
        })
    }

    pub(crate) async fn remove_carrier(&self, mut carrier: Carrier) -> Result<(), EngineError> {
        carrier.removed = true;
        self.docker
            .remove_container(&carrier.id, Some(force()))
            .await?;
        Ok(())
    }

    /// Runs `work` with a carrier for `volume` and removes the carrier whatever `work` ended
    /// with. `work`'s error wins over a failed removal (which is logged).
    pub(crate) async fn with_carrier<T, F, Fut>(
        &self,
        volume: &str,
        writable: bool,
        work: F,
    ) -> Result<T, EngineError>
    where
        F: FnOnce(String) -> Fut,
        Fut: std::future::Future<Output = Result<T, EngineError>>,
    {
        let carrier = self.open_carrier(volume, writable).await?;
        let result = work(carrier.id.clone()).await;
        let removed = self.remove_carrier(carrier).await;
        match (result, removed) {
            (Ok(v), Ok(())) => Ok(v),
            (Ok(_), Err(e)) => Err(e),
            (Err(e), removed) => {
                if let Err(r) = removed {
                    tracing::warn!(error = %r, "carrier container not removed");
                }
                Err(e)
            }
        }
    }

    /// The entries of folder `path` of `volume`, folders first, read from the engine's archive
    /// of that folder without unpacking anything.
    pub async fn volume_files_list(
        &self,
        volume: &str,
        path: &str,
        cancel: &CancellationToken,
    ) -> Result<Vec<VolumeFile>, EngineError> {
        let base = volume_path(path)?;
        let inside = in_carrier(&base);
        let entries = self
            .with_carrier(volume, false, |id| async move {
                self.read_archive(&id, &inside, cancel, |_| {}, tarball::list_top)
                    .await
                    .map_err(|e| not_found_as_path(e, &inside))
            })
            .await?;
        Ok(entries
            .into_iter()
            .map(|e| {
                let path = if base.is_empty() {
                    e.name.clone()
                } else {
                    format!("{base}/{}", e.name)
                };
                FileEntry::from_archive(e, path)
            })
            .collect())
    }

    /// Copies `path` of `volume` (a file or a folder) into the folder `dest` on this computer,
    /// like `docker cp`. The archive is unpacked only inside `dest` (see the files crate).
    /// Returns the bytes of file contents written.
    pub async fn volume_copy_from(
        &self,
        volume: &str,
        path: &str,
        dest: &Path,
        cancel: &CancellationToken,
        on_bytes: impl FnMut(u64),
    ) -> Result<u64, EngineError> {
        let path = volume_path(path)?;
        let dest = dest.to_path_buf();
        self.with_carrier(volume, false, |id| async move {
            let inside = in_carrier(&path);
            self.read_archive(&id, &inside, cancel, on_bytes, move |r| {
                tarball::unpack_confined(r, &dest, |_| {}).map(|done| done.bytes)
            })
            .await
            .map_err(|e| not_found_as_path(e, &inside))
        })
        .await
    }

    /// Copies `sources` (files or folders on this computer) into folder `path` of `volume`,
    /// each under its own name. Returns the bytes of file contents sent.
    pub async fn volume_copy_to(
        &self,
        volume: &str,
        path: &str,
        sources: Vec<PathBuf>,
        cancel: &CancellationToken,
        on_bytes: impl FnMut(u64),
    ) -> Result<u64, EngineError> {
        let path = volume_path(path)?;
        self.with_carrier(volume, true, |id| async move {
            let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(16);
            let packer =
                tokio::task::spawn_blocking(move || tarball::pack(&sources, ChunkWriter::new(tx)));
            let inside = in_carrier(&path);
            self.write_archive(&id, &inside, chunk_stream(rx), cancel, on_bytes)
                .await
                .map_err(|e| not_found_as_path(e, &inside))?;
            packer
                .await
                .map_err(|e| EngineError::Protocol(format!("the archive writer stopped: {e}")))?
                .map_err(EngineError::from)
        })
        .await
    }
}

/// A 404 from the archive API is a path that is not there, said as such.
fn not_found_as_path(e: EngineError, path: &str) -> EngineError {
    match e {
        EngineError::NotFound(_) => {
            let inside = path.strip_prefix(MOUNT).unwrap_or(path);
            EngineError::NotFound(format!(
                "path: {} is not in the volume",
                if inside.is_empty() { "/" } else { inside }
            ))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_paths_stay_inside_the_volume() {
        assert_eq!(volume_path("").unwrap(), "");
        assert_eq!(volume_path("/logs//today.txt").unwrap(), "logs/today.txt");
        assert_eq!(volume_path("./a/./b").unwrap(), "a/b");
        let err = volume_path("a/../../etc").unwrap_err().to_string();
        assert!(err.starts_with("path:"), "{err}");
        assert_eq!(in_carrier(""), "/volume");
        assert_eq!(in_carrier("a/b"), "/volume/a/b");
    }
}
