//! `docker export`: a container's whole filesystem (image layers plus its own changes, without
//! volumes) as one tar file, written atomically through [`crate::save::AtomicFile`].

use crate::connection::Engine;
use crate::error::EngineError;
use crate::save::AtomicFile;
use bollard::query_parameters::InspectContainerOptions;
use futures_util::StreamExt;
use std::path::Path;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// How often progress is reported at most; the engine sends chunks of a few KB.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

impl Engine {
    /// The size of a container's filesystem as the engine counts it (`SizeRootFs`), to show
    /// export progress against. The tar is slightly larger (headers), so it is an estimate.
    pub async fn filesystem_size(&self, id: &str) -> Result<Option<u64>, EngineError> {
        let c = self
            .docker
            .inspect_container(id, Some(InspectContainerOptions { size: true }))
            .await?;
        Ok(c.size_root_fs.and_then(|s| u64::try_from(s).ok()))
    }

    /// Streams `docker export <id>` into `dest`. `on_progress` gets the bytes written so far
    /// (at most every 100 ms, and once at the end). Cancelling, an engine error or a disk error
    /// leaves `dest` untouched. The destination is checked before the engine is asked.
    pub async fn export_to_file(
        &self,
        id: &str,
        dest: &Path,
        replace: bool,
        cancel: &CancellationToken,
        mut on_progress: impl FnMut(u64),
    ) -> Result<u64, EngineError> {
        let mut file = AtomicFile::create(dest, replace, "destination").await?;
        // Ask for the container first: an unknown id should say so, not produce an empty tar.
        self.docker
            .inspect_container(id, None::<InspectContainerOptions>)
            .await?;
        let mut chunks = self.docker.export_container(id);
        let mut last = Instant::now();
        loop {
            let next = tokio::select! {
                // A cancel wins over data that is ready at the same time.
                biased;
                _ = cancel.cancelled() => return Err(EngineError::Cancelled),
                next = chunks.next() => next,
            };
            match next {
                Some(Ok(bytes)) => {
                    file.write(&bytes).await?;
                    if last.elapsed() >= PROGRESS_EVERY {
                        last = Instant::now();
                        on_progress(file.written());
                    }
                }
                Some(Err(e)) => return Err(e.into()),
                None => break,
            }
        }
        let total = file.commit().await?;
        on_progress(total);
        Ok(total)
    }
}
