//! The whole log to a file, exactly as `docker logs` prints it (stdout and stderr in the
//! engine's order): the engine's bytes are written unchanged, without the line handling the
//! view needs. Written through the files crate's `AtomicFile`: nothing is at the path until it
//! is complete, and a cancel or failure leaves nothing.

use super::LogsError;
use crate::connection::Engine;
use crate::error::EngineError;
use bollard::query_parameters::LogsOptions;
use futures_util::StreamExt;
use std::path::Path;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use tugboat_files::AtomicFile;

const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// What a save wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    pub bytes: u64,
    pub lines: u64,
}

impl Engine {
    /// Writes container `id`'s whole log to `dest` (replacing a file there: the save dialog
    /// already asked), with the engine's time before each line if `timestamps`. `on_progress`
    /// gets the bytes written so far, now and then.
    pub async fn save_logs(
        &self,
        id: &str,
        dest: &Path,
        timestamps: bool,
        cancel: &CancellationToken,
        mut on_progress: impl FnMut(u64),
    ) -> Result<Saved, LogsError> {
        let mut file = AtomicFile::create(dest, true, "path")
            .await
            .map_err(EngineError::from)?;
        let options = LogsOptions {
            follow: false,
            stdout: true,
            stderr: true,
            since: 0,
            until: 0,
            timestamps,
            tail: "all".into(),
        };
        let mut chunks = self.docker.logs(id, Some(options));
        let mut lines = 0u64;
        let mut last_byte = b'\n';
        let mut last = Instant::now();
        loop {
            let next = tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(EngineError::Cancelled.into()),
                next = chunks.next() => next,
            };
            match next {
                Some(Ok(chunk)) => {
                    let bytes: &[u8] = chunk.as_ref();
                    lines += bytes.iter().filter(|b| **b == b'\n').count() as u64;
                    if let Some(b) = bytes.last() {
                        last_byte = *b;
                    }
                    file.write(bytes).await.map_err(EngineError::from)?;
                    if last.elapsed() >= PROGRESS_EVERY {
                        last = Instant::now();
                        on_progress(file.written());
                    }
                }
                Some(Err(e)) => return Err(self.explain_logs_error(id, e.into()).await),
                None => break,
            }
        }
        if last_byte != b'\n' {
            lines += 1;
        }
        let bytes = file.commit().await.map_err(EngineError::from)?;
        on_progress(bytes);
        Ok(Saved { bytes, lines })
    }
}
