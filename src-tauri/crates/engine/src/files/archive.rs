//! The engine's archive API as streams: a path of a container (running, stopped, or a never
//! started carrier) read as a tar fed to a blocking reader, and a tar from a blocking writer
//! unpacked at a path. Both report bytes moved at most every [`PROGRESS_EVERY`] and stop when
//! cancelled. Errors are the engine's, classified; callers say what a 404 means for them.

use crate::connection::Engine;
use crate::error::EngineError;
use bollard::query_parameters::{DownloadFromContainerOptions, UploadToContainerOptions};
use futures_util::{Stream, StreamExt};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tugboat_files::tarball::ChunkReader;
use tugboat_files::FileError;

/// How often transfer progress is reported at most.
pub const PROGRESS_EVERY: Duration = Duration::from_millis(100);

impl Engine {
    /// The archive of `path` in container `id`, fed to `read` on a blocking thread. `on_bytes`
    /// gets the archive bytes received so far. When `read` returns before the archive ends (it
    /// refused an entry, or read enough), the rest is not fetched.
    pub(crate) async fn read_archive<T: Send + 'static>(
        &self,
        id: &str,
        path: &str,
        cancel: &CancellationToken,
        mut on_bytes: impl FnMut(u64),
        read: impl FnOnce(ChunkReader) -> Result<T, FileError> + Send + 'static,
    ) -> Result<T, EngineError> {
        let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(16);
        let reader = tokio::task::spawn_blocking(move || read(ChunkReader::new(rx)));
        let mut chunks = self.docker.download_from_container(
            id,
            Some(DownloadFromContainerOptions {
                path: path.to_owned(),
            }),
        );
        let mut received = 0u64;
        let mut last = std::time::Instant::now();
        loop {
            let next = tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(EngineError::Cancelled),
                next = chunks.next() => next,
            };
            match next {
                Some(Ok(bytes)) => {
                    received += bytes.len() as u64;
                    if last.elapsed() >= PROGRESS_EVERY {
                        last = std::time::Instant::now();
                        on_bytes(received);
                    }
                    // The reader stopped early: its answer (or error) says why.
                    if tx.send(bytes.to_vec()).await.is_err() {
                        break;
                    }
                }
                Some(Err(e)) => return Err(e.into()),
                None => break,
            }
        }
        drop(tx);
        on_bytes(received);
        reader
            .await
            .map_err(|e| EngineError::Protocol(format!("the archive reader stopped: {e}")))?
            .map_err(EngineError::from)
    }

    /// Sends a tar (as `body`) to be unpacked at `path` in container `id`; `on_bytes` gets the
    /// bytes sent so far. A folder is never replaced by a file or the other way round.
    pub(crate) async fn write_archive(
        &self,
        id: &str,
        path: &str,
        body: impl Stream<Item = Vec<u8>> + Send + 'static,
        cancel: &CancellationToken,
        mut on_bytes: impl FnMut(u64),
    ) -> Result<(), EngineError> {
        let sent = Arc::new(AtomicU64::new(0));
        let counter = sent.clone();
        let body = body.map(move |chunk| {
            counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            bytes::Bytes::from(chunk)
        });
        let upload = self.docker.upload_to_container(
            id,
            Some(UploadToContainerOptions {
                path: path.to_owned(),
                no_overwrite_dir_non_dir: Some("true".into()),
                ..Default::default()
            }),
            bollard::body_stream(body),
        );
        let mut upload = std::pin::pin!(upload);
        let mut tick = tokio::time::interval(PROGRESS_EVERY);
        loop {
            tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(EngineError::Cancelled),
                done = &mut upload => {
                    on_bytes(sent.load(Ordering::Relaxed));
                    return done.map_err(EngineError::from);
                }
                _ = tick.tick() => on_bytes(sent.load(Ordering::Relaxed)),
            }
        }
    }
}

/// The chunks a blocking writer sends, as a stream.
pub(crate) fn chunk_stream(
    rx: tokio::sync::mpsc::Receiver<Vec<u8>>,
) -> impl Stream<Item = Vec<u8>> + Send + 'static {
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) })
}
