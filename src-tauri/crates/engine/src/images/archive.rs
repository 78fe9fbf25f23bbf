//! Images as files on this computer: `docker save` (several images into one tar, written
//! atomically through [`tugboat_files::AtomicFile`]), `docker load` (a saved tar streamed to the
//! engine) and `docker import` (a filesystem tarball streamed to the engine as a new one-layer
//! image). Files are streamed in chunks both ways, never held whole. What each equals as a
//! `docker …` line is runspec's (`image_archive_spec`).

use crate::connection::Engine;
use crate::containers::export::{ExportProgress, TarEnd};
use crate::error::EngineError;
use bollard::query_parameters::{CreateImageOptions, ImportImageOptions};
use futures_util::{Stream, StreamExt};
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::AsyncReadExt;
use tokio_util::sync::CancellationToken;
use tugboat_files::AtomicFile;
use tugboat_runspec::image_archive_spec::ImportSpec;

/// How often progress is reported at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);
/// The size of each chunk read from a file being sent.
const CHUNK: usize = 256 * 1024;

/// Bytes of a file sent to the engine so far, of its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    pub bytes: u64,
    pub total: u64,
}

/// One image a load brought in: the engine names a tagged image by its reference and an
/// untagged one by its id; the id is looked up for the former.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LoadedImage {
    pub reference: Option<String>,
    pub id: String,
}

/// What an import made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportedImage {
    pub id: String,
    pub reference: Option<String>,
}

/// A line of `docker load`'s output, read as data.
#[derive(Debug, Clone, PartialEq, Eq)]
enum LoadLine {
    Reference(String),
    Id(String),
}

/// The engine reports each image a load brought in as `Loaded image: REF` (tagged) or
/// `Loaded image ID: sha256:…` (untagged); other lines are progress.
fn parse_loaded(line: &str) -> Option<LoadLine> {
    let line = line.trim();
    if let Some(id) = line.strip_prefix("Loaded image ID: ") {
        return Some(LoadLine::Id(id.trim().to_owned()));
    }
    line.strip_prefix("Loaded image: ")
        .map(|r| LoadLine::Reference(r.trim().to_owned()))
}

/// What kind of file the first bytes of a would-be archive say it is.
#[derive(Debug, PartialEq, Eq)]
enum Sniffed {
    Tar,
    /// gzip, bzip2, xz or zstd: the engine unpacks these itself; what is inside is its to
    /// judge.
    Compressed,
    Other,
}

/// Hand-written: the tar and compression crates read whole streams, and only the first block's
/// magic numbers and header checksum are needed to refuse a file that is no archive at all
/// before sending it.
fn sniff(head: &[u8]) -> Sniffed {
    const MAGICS: [&[u8]; 4] = [
        &[0x1f, 0x8b],
        b"BZh",
        &[0xfd, b'7', b'z', b'X', b'Z', 0],
        &[0x28, 0xb5, 0x2f, 0xfd],
    ];
    if MAGICS.iter().any(|m| head.starts_with(m)) {
        return Sniffed::Compressed;
    }
    if head.len() < 512 {
        return Sniffed::Other;
    }
    // A tar header's checksum (bytes 148..156, octal) is the sum of the header's bytes with
    // the checksum field itself counted as spaces.
    let field = &head[148..156];
    let stored = std::str::from_utf8(field)
        .ok()
        .map(|s| s.trim_matches(|c: char| c == '\0' || c == ' '))
        .and_then(|s| u32::from_str_radix(s, 8).ok());
    let sum: u32 = head[..512]
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u32::from(*b)
            }
        })
        .sum();
    if stored == Some(sum) {
        Sniffed::Tar
    } else {
        Sniffed::Other
    }
}

/// Opens `path` to send to the engine: its size, the open file, and its first block (read
/// already, to be looked at and then sent first). `field` names the input in errors.
async fn file_body(
    path: &Path,
    field: &str,
) -> Result<(u64, tokio::fs::File, Vec<u8>), EngineError> {
    let shown = path.display();
    let mut file = tokio::fs::File::open(path).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            EngineError::InvalidInput(format!("{field}: {shown} does not exist"))
        } else {
            EngineError::File(format!("could not read {shown}: {e}"))
        }
    })?;
    let meta = file
        .metadata()
        .await
        .map_err(|e| EngineError::File(format!("could not read {shown}: {e}")))?;
    if !meta.is_file() {
        return Err(EngineError::InvalidInput(format!(
            "{field}: {shown} is not a file; choose a .tar file"
        )));
    }
    // The first block, kept to be sent first.
    let mut head = vec![0u8; 512];
    let mut got = 0;
    while got < head.len() {
        let n = file
            .read(&mut head[got..])
            .await
            .map_err(|e| EngineError::File(format!("could not read {shown}: {e}")))?;
        if n == 0 {
            break;
        }
        got += n;
    }
    head.truncate(got);
    Ok((meta.len(), file, head))
}

/// The chunks of `file` after `head`, counting what is handed to the engine into `sent`.
fn chunks(
    head: Vec<u8>,
    file: tokio::fs::File,
    sent: Arc<AtomicU64>,
) -> impl Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send + 'static {
    let first = futures_util::stream::once(async move { Ok(bytes::Bytes::from(head)) });
    let rest = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buf = vec![0u8; CHUNK];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(bytes::Bytes::from(buf)), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    first.chain(rest).map(move |chunk| {
        if let Ok(c) = &chunk {
            sent.fetch_add(c.len() as u64, Ordering::Relaxed);
        }
        chunk
    })
}

/// Drives `responses` (whose request sends a counted file body) to its end, reporting the
/// bytes sent at most every [`PROGRESS_EVERY`]; each answer goes to `on_answer`.
async fn drive<T>(
    responses: impl Stream<Item = Result<T, bollard::errors::Error>>,
    sent: &AtomicU64,
    total: u64,
    cancel: &CancellationToken,
    on_progress: &mut impl FnMut(Sent),
    mut on_answer: impl FnMut(T),
) -> Result<(), EngineError> {
    let mut responses = std::pin::pin!(responses);
    let mut tick = tokio::time::interval(PROGRESS_EVERY);
    let progress = |on_progress: &mut dyn FnMut(Sent)| {
        on_progress(Sent {
            bytes: sent.load(Ordering::Relaxed).min(total),
            total,
        })
    };
    loop {
        tokio::select! {
            biased;
            _ = cancel.cancelled() => return Err(EngineError::Cancelled),
            next = responses.next() => match next {
                Some(Ok(answer)) => on_answer(answer),
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            _ = tick.tick() => progress(on_progress),
        }
    }
    progress(on_progress);
    Ok(())
}

impl Engine {
    /// `docker save -o dest refs…`: the images into one tar at `dest` (whole or not at all;
    /// an existing file only when `replace`). `on_progress` first gets an estimate of the size
    /// (the images' sizes added up: layers they share are counted once per image here but
    /// stored once in the tar), then the bytes written so far. Returns the bytes written.
    pub async fn images_save(
        &self,
        refs: &[String],
        dest: &Path,
        replace: bool,
        cancel: &CancellationToken,
        mut on_progress: impl FnMut(ExportProgress),
    ) -> Result<u64, EngineError> {
        let mut names: Vec<&str> = Vec::new();
        for r in refs.iter().map(|r| r.trim()) {
            if !r.is_empty() && !names.contains(&r) {
                names.push(r);
            }
        }
        if names.is_empty() {
            return Err(EngineError::InvalidInput(
                "refs: choose at least one image to save".into(),
            ));
        }
        let mut file = AtomicFile::create(dest, replace, "destination").await?;
        // An unknown name should say so before any file is made, not give an engine error
        // half-way; the sizes are what progress is shown against.
        let mut seen = Vec::new();
        let mut estimate = 0u64;
        for name in &names {
            let image = tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(EngineError::Cancelled),
                i = self.docker.inspect_image(name) => i.map_err(|e| match EngineError::from(e) {
                    EngineError::NotFound(_) => EngineError::InvalidInput(format!(
                        "refs: there is no image {name} on this engine; choose images from the list"
                    )),
                    e => e,
                })?,
            };
            let id = image.id.unwrap_or_default();
            if !seen.contains(&id) {
                estimate += image.size.and_then(|s| u64::try_from(s).ok()).unwrap_or(0);
                seen.push(id);
            }
        }
        on_progress(ExportProgress::Sized((estimate > 0).then_some(estimate)));
        let mut chunks = self.docker.export_images(&names);
        let mut end = TarEnd::default();
        let mut last = Instant::now();
        loop {
            let next = tokio::select! {
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
            // The engine answers 200 before it reads the layers; a failure after that ends
            // the body early. Such a file would not load: keep the old one instead.
            return Err(EngineError::Protocol(format!(
                "the engine's save stopped before the end of the archive ({} bytes received); \
                 nothing was saved",
                file.written()
            )));
        }
        let total = file.commit().await?;
        on_progress(ExportProgress::Written(total));
        Ok(total)
    }

    /// `docker load -i path`: streams the file to the engine and returns the images it
    /// loaded. A file that is neither a tar nor a compressed file is refused before anything
    /// is sent.
    pub async fn images_load(
        &self,
        path: &Path,
        cancel: &CancellationToken,
        mut on_progress: impl FnMut(Sent),
    ) -> Result<Vec<LoadedImage>, EngineError> {
        let sent = Arc::new(AtomicU64::new(0));
        let (total, file, head) = file_body(path, "file").await?;
        let shown = path.display();
        if sniff(&head) == Sniffed::Other {
            return Err(EngineError::InvalidInput(format!(
                "file: {shown} is not a docker image archive: it is neither a tar file nor a \
                 compressed one. Choose a file made by docker save (or Save in Tugboat)"
            )));
        }
        on_progress(Sent { bytes: 0, total });
        let responses = self.patient().import_image_stream(
            ImportImageOptions {
                quiet: true,
                ..Default::default()
            },
            chunks(head, file, sent.clone()),
            None,
        );
        let mut lines = Vec::new();
        drive(responses, &sent, total, cancel, &mut on_progress, |info| {
            lines.extend(info.stream.as_deref().and_then(parse_loaded));
        })
        .await
        .map_err(|e| match e {
            // The engine took the upload and then could not read it as images.
            EngineError::Api { status, message } => EngineError::Api {
                status,
                message: format!(
                    "the engine could not load {shown}: {message}. A file holding a \
                     container's or a folder's files (from docker export or tar) is not an \
                     image archive: use Import for it"
                ),
            },
            e => e,
        })?;
        let mut loaded = Vec::new();
        for line in lines {
            loaded.push(match line {
                LoadLine::Id(id) => LoadedImage {
                    reference: None,
                    id,
                },
                LoadLine::Reference(r) => {
                    let id = self.docker.inspect_image(&r).await?.id.unwrap_or_default();
                    LoadedImage {
                        reference: Some(r),
                        id,
                    }
                }
            });
        }
        Ok(loaded)
    }

    /// `docker import [-c …] [-m …] path [ref]`: the filesystem tarball at `path` becomes a
    /// new image of one layer, with only the config the changes give.
    pub async fn image_import(
        &self,
        spec: &ImportSpec,
        path: &Path,
        cancel: &CancellationToken,
        mut on_progress: impl FnMut(Sent),
    ) -> Result<ImportedImage, EngineError> {
        let sent = Arc::new(AtomicU64::new(0));
        let (total, file, head) = file_body(path, "file").await?;
        if sniff(&head) == Sniffed::Other {
            return Err(EngineError::InvalidInput(format!(
                "file: {} is not a tarball: it is neither a tar file nor a compressed one. \
                 Choose a .tar of a filesystem (docker export makes one)",
                path.display()
            )));
        }
        on_progress(Sent { bytes: 0, total });
        let responses = self.patient().create_image(
            Some(CreateImageOptions {
                from_src: Some("-".into()),
                repo: spec.repository.clone(),
                tag: spec.tag.clone(),
                message: spec.message.clone(),
                changes: spec.changes.clone(),
                ..Default::default()
            }),
            Some(bollard::body_try_stream(chunks(head, file, sent.clone()))),
            None,
        );
        let mut id = None;
        drive(responses, &sent, total, cancel, &mut on_progress, |info| {
            // The last status line is the new image's id.
            if let Some(s) = info.status.filter(|s| s.starts_with("sha256:")) {
                id = Some(s.trim().to_owned());
            }
        })
        .await?;
        let id = id.ok_or_else(|| {
            EngineError::Protocol("the engine's import ended without naming the new image".into())
        })?;
        Ok(ImportedImage {
            id,
            reference: spec.reference(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_output_is_read_as_data() {
        assert_eq!(
            parse_loaded("Loaded image: localhost:5000/app:1\n"),
            Some(LoadLine::Reference("localhost:5000/app:1".into()))
        );
        assert_eq!(
            parse_loaded("Loaded image ID: sha256:abc\n"),
            Some(LoadLine::Id("sha256:abc".into()))
        );
        assert_eq!(parse_loaded("Loading layer 1/2"), None);
    }

    fn tar_header(name: &str) -> Vec<u8> {
        let mut h = vec![0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[156] = b'0';
        h[257..263].copy_from_slice(b"ustar\0");
        h[148..156].fill(b' ');
        let sum: u32 = h.iter().map(|b| u32::from(*b)).sum();
        let field = format!("{sum:06o}\0 ");
        h[148..156].copy_from_slice(field.as_bytes());
        h
    }

    #[test]
    fn only_tars_and_compressed_files_pass_the_sniff() {
        assert_eq!(sniff(&tar_header("manifest.json")), Sniffed::Tar);
        let mut broken = tar_header("manifest.json");
        broken[0] = b'X';
        assert_eq!(sniff(&broken), Sniffed::Other);
        assert_eq!(sniff(&[0x1f, 0x8b, 8, 0]), Sniffed::Compressed);
        assert_eq!(sniff(b"hello, this is text\n"), Sniffed::Other);
        assert_eq!(sniff(&[]), Sniffed::Other);
        assert_eq!(sniff(&[0u8; 512]), Sniffed::Other);
    }
}
