//! A whole volume to a .tar on this computer and back, through a carrier container (see
//! `files`): the backup is the engine's archive of the volume's top folder, saved atomically;
//! a restore sends a .tar into a new or empty volume (a non-empty one only when asked). Also
//! the `docker …` lines each volume action equals.

use crate::connection::Engine;
use crate::error::EngineError;
use crate::volumes::files::{in_carrier, volume_path};
use bollard::models::VolumeCreateRequest;
use futures_util::StreamExt;
use std::collections::HashMap;
use std::path::Path;
use tokio::io::AsyncReadExt;
use tokio_util::sync::CancellationToken;
use tugboat_files::AtomicFile;
use tugboat_runspec::argv::command_line;

/// The image the shown commands use: any small image with `tar` would do.
const SHOWN_IMAGE: &str = "busybox";

fn parts(file: &Path) -> (String, String) {
    let folder = file
        .parent()
        .map(|p| p.display().to_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| ".".into());
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (folder, name)
}

/// `docker run --rm -v VOL:/data -v FOLDER:/backup busybox tar cf /backup/FILE -C /data .`
pub fn backup_command(volume: &str, file: &Path) -> String {
    let (folder, name) = parts(file);
    command_line(&[
        "docker",
        "run",
        "--rm",
        "-v",
        &format!("{volume}:/data"),
        "-v",
        &format!("{folder}:/backup"),
        SHOWN_IMAGE,
        "tar",
        "cf",
        &format!("/backup/{name}"),
        "-C",
        "/data",
        ".",
    ])
}

/// `docker run --rm -v VOL:/data -v FOLDER:/backup busybox tar xf /backup/FILE -C /data`
pub fn restore_command(volume: &str, file: &Path) -> String {
    let (folder, name) = parts(file);
    command_line(&[
        "docker",
        "run",
        "--rm",
        "-v",
        &format!("{volume}:/data"),
        "-v",
        &format!("{folder}:/backup"),
        SHOWN_IMAGE,
        "tar",
        "xf",
        &format!("/backup/{name}"),
        "-C",
        "/data",
    ])
}

/// The helper-container route `docker cp` takes: create a stopped container with the volume,
/// copy, remove it. `from_volume`: volume → this computer, else the other way.
pub fn copy_command(volume: &str, path: &str, host: &str, from_volume: bool) -> String {
    let inside = format!("tugboat-files:{}", in_carrier(path));
    let (a, b) = if from_volume {
        (inside.as_str(), host)
    } else {
        (host, inside.as_str())
    };
    [
        command_line(&[
            "docker",
            "container",
            "create",
            "--name",
            "tugboat-files",
            "-v",
            &format!("{volume}:/volume"),
            SHOWN_IMAGE,
            "true",
        ]),
        command_line(&["docker", "cp", a, b]),
        command_line(&["docker", "rm", "tugboat-files"]),
    ]
    .join(" && ")
}

impl Engine {
    /// Saves everything in `volume` to the .tar `dest` (whole or not at all; an existing file
    /// only when `replace`). Entries are named `./…`, as `tar cf - -C /data .` names them.
    /// Returns the bytes written.
    pub async fn volume_backup(
        &self,
        volume: &str,
        dest: &Path,
        replace: bool,
        cancel: &CancellationToken,
        mut on_bytes: impl FnMut(u64),
    ) -> Result<u64, EngineError> {
        let mut file = AtomicFile::create(dest, replace, "destination").await?;
        let docker = self.docker.clone();
        let written = self
            .with_carrier(volume, false, |id| async move {
                let mut chunks = docker.download_from_container(
                    &id,
                    Some(bollard::query_parameters::DownloadFromContainerOptions {
                        path: format!("{}/.", in_carrier("")),
                    }),
                );
                let mut last = std::time::Instant::now();
                loop {
                    let next = tokio::select! {
                        biased;
                        _ = cancel.cancelled() => return Err(EngineError::Cancelled),
                        next = chunks.next() => next,
                    };
                    match next {
                        Some(Ok(bytes)) => {
                            file.write(&bytes).await?;
                            if last.elapsed() >= std::time::Duration::from_millis(100) {
                                last = std::time::Instant::now();
                                on_bytes(file.written());
                            }
                        }
                        Some(Err(e)) => return Err(e.into()),
                        None => break,
                    }
                }
                let total = file.commit().await?;
                on_bytes(total);
                Ok(total)
            })
            .await?;
        Ok(written)
    }

    /// Unpacks the .tar `source` into `volume`, creating the volume if there is none. A volume
    /// that already holds files is refused (`Conflict`, naming how many) unless `overwrite`.
    /// Returns the bytes sent.
    pub async fn volume_restore(
        &self,
        volume: &str,
        source: &Path,
        overwrite: bool,
        cancel: &CancellationToken,
        on_bytes: impl FnMut(u64),
    ) -> Result<u64, EngineError> {
        let mut file = tokio::fs::File::open(source).await.map_err(|e| {
            EngineError::InvalidInput(format!("source: cannot read {}: {e}", source.display()))
        })?;
        match self.docker.inspect_volume(volume).await {
            Ok(_) => {
                if !overwrite {
                    let held = self.volume_files_list(volume, "", cancel).await?;
                    if !held.is_empty() {
                        return Err(EngineError::Conflict(format!(
                            "volume {volume} is not empty ({} entries at its top); restore into a \
                             new or empty volume, or choose to overwrite",
                            held.len()
                        )));
                    }
                }
            }
            Err(e) => match EngineError::from(e) {
                EngineError::NotFound(_) => {
                    self.docker
                        .create_volume(VolumeCreateRequest {
                            name: Some(volume.to_owned()),
                            labels: Some(HashMap::new()),
                            ..Default::default()
                        })
                        .await?;
                }
                other => return Err(other),
            },
        }
        let top = in_carrier(&volume_path("")?);
        self.with_carrier(volume, true, |id| async move {
            let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(16);
            let reading = async move {
                loop {
                    let mut buf = vec![0u8; 64 * 1024];
                    let n = file
                        .read(&mut buf)
                        .await
                        .map_err(|e| EngineError::File(format!("source: cannot read: {e}")))?;
                    if n == 0 {
                        return Ok::<(), EngineError>(());
                    }
                    buf.truncate(n);
                    if tx.send(buf).await.is_err() {
                        return Ok(());
                    }
                }
            };
            let sending = self.write_archive(
                &id,
                &top,
                crate::files::archive::chunk_stream(rx),
                cancel,
                on_bytes,
            );
            let (read, sent) = tokio::join!(reading, sending);
            read?;
            sent?;
            Ok(file_len(source).await)
        })
        .await
    }
}

async fn file_len(p: &Path) -> u64 {
    tokio::fs::metadata(p).await.map(|m| m.len()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_commands_read_as_the_cli_would_run_them() {
        assert_eq!(
            backup_command("data", Path::new("/home/me/data.tar")),
            "docker run --rm -v data:/data -v /home/me:/backup busybox tar cf /backup/data.tar -C /data ."
        );
        assert_eq!(
            restore_command("data", Path::new("/home/me/my data.tar")),
            "docker run --rm -v data:/data -v /home/me:/backup busybox tar xf '/backup/my data.tar' -C /data"
        );
        assert_eq!(
            copy_command("data", "logs", "/home/me", true),
            "docker container create --name tugboat-files -v data:/volume busybox true && \
             docker cp tugboat-files:/volume/logs /home/me && docker rm tugboat-files"
        );
    }
}
