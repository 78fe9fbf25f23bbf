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

/// What an export reports as it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportProgress {
    /// The filesystem's size as the engine counts it (`SizeRootFs`), if it knows it: the tar
    /// comes out a little larger (headers), so it is an estimate to show progress against.
    Sized(Option<u64>),
    /// Bytes written so far.
    Written(u64),
}

impl Engine {
    /// Streams `docker export <id>` into `dest`. `on_progress` gets the size first, then the
    /// bytes written so far (at most every 100 ms, and once at the end). Cancelling, an engine
    /// error or a disk error leaves `dest` untouched. The destination is checked before the
    /// engine is asked.
    pub async fn export_to_file(
        &self,
        id: &str,
        dest: &Path,
        replace: bool,
        cancel: &CancellationToken,
        mut on_progress: impl FnMut(ExportProgress),
    ) -> Result<u64, EngineError> {
        let mut file = AtomicFile::create(dest, replace, "destination").await?;
        // One inspect answers both questions: an unknown id should say so, not produce an
        // empty tar, and the size is what progress is shown against.
        let c = self
            .docker
            .inspect_container(id, Some(InspectContainerOptions { size: true }))
            .await?;
        on_progress(ExportProgress::Sized(
            c.size_root_fs.and_then(|s| u64::try_from(s).ok()),
        ));
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
                        on_progress(ExportProgress::Written(file.written()));
                    }
                }
                Some(Err(e)) => return Err(e.into()),
                None => break,
            }
        }
        let total = file.commit().await?;
        on_progress(ExportProgress::Written(total));
        Ok(total)
    }
}
