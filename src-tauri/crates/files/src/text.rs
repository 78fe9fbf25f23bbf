//! Text files the user edits in Tugboat (a Dockerfile, a `.dockerignore`, later a compose
//! file): read whole as UTF-8 up to a limit, and saved back only if the file on disk is still
//! the one that was read.
//!
//! A read returns the text with its *revision*: a SHA-256 of the bytes. A save names the
//! revision it started from and is refused with [`FileError::Conflict`] when the file on disk
//! has another one, because someone changed it behind the editor's back. The revision is the
//! content's hash rather than its mtime and length on purpose: a change made within the file
//! system's timestamp granularity that keeps the length (a one-character edit by a script) is
//! still seen, and a `touch` or a checkout that leaves the bytes as they were is not a conflict.
//! Hashing 4 MiB at most costs a few milliseconds.
//!
//! Saving goes through [`AtomicFile`] (temporary file beside it, fsync, rename) and keeps the
//! file's permissions; a symlinked file is saved through to its target, so the link stays.

use crate::read::{read_capped, Capped};
use crate::{AtomicFile, FileError};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The largest text file the editor opens or saves: far above any real Dockerfile or compose
/// file, and small enough to edit without the editor stalling.
pub const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// A text file as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    pub text: String,
    /// The content's revision; `None` when there is no file yet (the text is then empty).
    pub revision: Option<String>,
}

/// The revision of `bytes` as [`read_text`] and [`save_text`] compute it.
pub fn revision_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

fn check_path(path: &Path, field: &str) -> Result<(), FileError> {
    if !path.is_absolute() {
        return Err(FileError::InvalidInput(format!(
            "{field}: {} is not a full path; give one that starts at the root",
            path.display()
        )));
    }
    Ok(())
}

fn decode(path: &Path, bytes: Vec<u8>, field: &str) -> Result<String, FileError> {
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(FileError::InvalidInput(format!(
            "{field}: {} looks binary (a zero byte at offset {at}); only text files can be \
             edited here",
            path.display()
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        FileError::InvalidInput(format!(
            "{field}: {} is not UTF-8 text (invalid bytes at offset {}); save it as UTF-8 in \
             another editor first",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

fn too_large(path: &Path, bytes: u64, field: &str) -> FileError {
    FileError::InvalidInput(format!(
        "{field}: {} holds {bytes} bytes; the editor opens text files of at most {} MiB",
        path.display(),
        MAX_TEXT_BYTES / (1024 * 1024)
    ))
}

/// What is at `path` now: its bytes, or `None` when nothing is there.
async fn current_bytes(path: &Path, field: &str) -> Result<Option<Vec<u8>>, FileError> {
    match tokio::fs::symlink_metadata(path).await {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(FileError::Io(format!(
                "{field}: cannot read {}: {e}",
                path.display()
            )))
        }
        Ok(_) => {}
    }
    match read_capped(path, MAX_TEXT_BYTES, field).await? {
        Capped::Whole(bytes) => Ok(Some(bytes)),
        Capped::TooLarge { bytes } => Err(too_large(path, bytes, field)),
    }
}

/// Reads the text file at `path` (a full path). A missing file reads as empty text with no
/// revision, so a `.dockerignore` that does not exist yet opens like a new file.
pub async fn read_text(path: &Path, field: &str) -> Result<TextFile, FileError> {
    check_path(path, field)?;
    match current_bytes(path, field).await? {
        None => Ok(TextFile {
            text: String::new(),
            revision: None,
        }),
        Some(bytes) => {
            let revision = revision_of(&bytes);
            Ok(TextFile {
                text: decode(path, bytes, field)?,
                revision: Some(revision),
            })
        }
    }
}

/// Where a save writes: the target of a symlink (so the link survives), else `path`.
async fn save_target(path: &Path) -> PathBuf {
    match tokio::fs::symlink_metadata(path).await {
        Ok(m) if m.file_type().is_symlink() => tokio::fs::canonicalize(path)
            .await
            .unwrap_or_else(|_| path.to_owned()),
        _ => path.to_owned(),
    }
}

/// Saves `text` at `path` if the file there is still at `expected` (`None`: there must be no
/// file yet). Returns the new revision. On a conflict nothing is written.
pub async fn save_text(
    path: &Path,
    text: &str,
    expected: Option<&str>,
    field: &str,
) -> Result<String, FileError> {
    check_path(path, field)?;
    if text.len() > MAX_TEXT_BYTES {
        return Err(too_large(path, text.len() as u64, field));
    }
    let target = save_target(path).await;
    let on_disk = current_bytes(&target, field).await?;
    match (expected, &on_disk) {
        (None, Some(_)) => {
            return Err(FileError::Conflict(format!(
                "{field}: {} was created on disk by someone else since you started this new \
                 file; reload it or overwrite it",
                path.display()
            )))
        }
        (Some(_), None) => {
            return Err(FileError::Conflict(format!(
                "{field}: {} was deleted on disk since it was opened; save again to create it \
                 or keep editing",
                path.display()
            )))
        }
        (Some(want), Some(bytes)) if revision_of(bytes) != want => {
            return Err(FileError::Conflict(format!(
                "{field}: {} changed on disk since it was opened; reload it from disk or \
                 overwrite it",
                path.display()
            )))
        }
        _ => {}
    }
    let permissions = match tokio::fs::metadata(&target).await {
        Ok(m) => Some(m.permissions()),
        Err(_) => None,
    };
    // Between the check above and the rename below another writer could still slip in; the
    // window is the time to write and fsync one small file. A new file (nothing expected) is
    // put in place without replacing, which refuses atomically.
    let mut file = AtomicFile::create(&target, expected.is_some(), field).await?;
    if let Some(p) = permissions {
        file.set_permissions(p).await?;
    }
    file.write(text.as_bytes()).await?;
    file.commit().await?;
    Ok(revision_of(text.as_bytes()))
}

/// The most names [`file_names`] returns: a build context folder with more files directly in
/// it is unusual, and the list is for choosing a Dockerfile by eye.
pub const MAX_LISTED: usize = 5_000;

/// The names of the files directly in `folder` (symlinks to files included), sorted.
pub async fn file_names(folder: &Path, field: &str) -> Result<Vec<String>, FileError> {
    check_path(folder, field)?;
    let unreadable = |e: std::io::Error| {
        FileError::Io(format!("{field}: cannot list {}: {e}", folder.display()))
    };
    let mut dir = tokio::fs::read_dir(folder).await.map_err(unreadable)?;
    let mut names = Vec::new();
    while let Some(entry) = dir.next_entry().await.map_err(unreadable)? {
        if names.len() >= MAX_LISTED {
            break;
        }
        // metadata() follows a symlink, so a link to a file counts and a broken one does not.
        let is_file = tokio::fs::metadata(entry.path())
            .await
            .map(|m| m.is_file())
            .unwrap_or(false);
        if is_file {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_revision_follows_the_bytes() {
        assert_eq!(revision_of(b"FROM a\n"), revision_of(b"FROM a\n"));
        assert_ne!(revision_of(b"FROM a\n"), revision_of(b"FROM b\n"));
        assert_eq!(revision_of(b"").len(), 64);
    }

    #[tokio::test]
    async fn a_relative_path_is_refused_by_name() {
        let err = read_text(Path::new("Dockerfile"), "file")
            .await
            .unwrap_err();
        assert!(
            matches!(err, FileError::InvalidInput(ref m) if m.starts_with("file: Dockerfile is not a full path")),
            "{err:?}"
        );
    }
}
