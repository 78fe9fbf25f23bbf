//! `docker export`: a container's whole filesystem (image layers plus its own changes, without
//! volumes) as one tar file, written atomically through [`tugboat_files::AtomicFile`].

use crate::connection::Engine;
use crate::error::EngineError;
use bollard::query_parameters::InspectContainerOptions;
use futures_util::StreamExt;
use std::path::Path;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use tugboat_files::AtomicFile;

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
        // size=true walks the container's writable layer, which can take a while: cancellable.
        // Patient: a big layer takes longer than the usual limit, which is not a failure.
        let patient = self.patient();
        let c = tokio::select! {
            biased;
            _ = cancel.cancelled() => return Err(EngineError::Cancelled),
            c = patient.inspect_container(id, Some(InspectContainerOptions { size: true })) => c?,
        };
        on_progress(ExportProgress::Sized(
            c.size_root_fs.and_then(|s| u64::try_from(s).ok()),
        ));
        let mut chunks = self.docker.export_container(id);
        let mut end = TarEnd::default();
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
                    end.saw(&bytes);
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
        if !end.is_end_of_archive() {
            // The engine answers 200 before it reads the filesystem; a failure after that
            // (a file it can't read, the container removed) ends the body early, maybe with an
            // error message appended. Such a file is not a tar: keep the old file instead.
            return Err(EngineError::Protocol(format!(
                "the engine's export of {id} stopped before the end of the archive \
                 ({} bytes received); nothing was saved",
                file.written()
            )));
        }
        let total = file.commit().await?;
        on_progress(ExportProgress::Written(total));
        Ok(total)
    }
}

/// The last bytes of a tar stream, to tell a whole archive from a cut one: a tar ends with two
/// 512-byte blocks of zeros (the Go archive/tar writer the engine uses writes exactly these,
/// with no padding after). Hand-written: a tar reader would parse every header just to learn
/// whether the stream ended cleanly.
#[derive(Default)]
pub(crate) struct TarEnd {
    tail: Vec<u8>,
}

impl TarEnd {
    const LEN: usize = 1024;

    pub(crate) fn saw(&mut self, bytes: &[u8]) {
        if bytes.len() >= Self::LEN {
            self.tail.clear();
            self.tail
                .extend_from_slice(&bytes[bytes.len() - Self::LEN..]);
        } else {
            self.tail.extend_from_slice(bytes);
            let extra = self.tail.len().saturating_sub(Self::LEN);
            self.tail.drain(..extra);
        }
    }

    pub(crate) fn is_end_of_archive(&self) -> bool {
        self.tail.len() == Self::LEN && self.tail.iter().all(|b| *b == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::TarEnd;

    fn ends(chunks: &[&[u8]]) -> bool {
        let mut end = TarEnd::default();
        for c in chunks {
            end.saw(c);
        }
        end.is_end_of_archive()
    }

    #[test]
    fn only_a_stream_ending_in_two_zero_blocks_is_whole() {
        let body = vec![7u8; 3000];
        let zeros = vec![0u8; 1024];
        assert!(ends(&[&body, &zeros]));
        // The end marker split over many small chunks.
        let mut chunks: Vec<&[u8]> = vec![&body];
        chunks.extend(zeros.chunks(100));
        assert!(ends(&chunks));
        // Cut off inside the end marker, or with an error message appended after it.
        assert!(!ends(&[&body, &zeros[..600]]));
        assert!(!ends(&[&body, &zeros, b"{\"message\":\"no such file\"}"]));
        assert!(!ends(&[&body]));
        assert!(!ends(&[]));
        assert!(!ends(&[&zeros[..1000]]));
    }
}
