//! How big a build context folder is, measured cheaply for the linter's "large context, no
//! `.dockerignore`" check: a walk that stops as soon as the answer is known (past a byte
//! threshold) or after a number of entries, so a huge folder costs a bounded amount per lint.
//! The build's own context summary (which applies `.dockerignore`) is a separate, full count.

use crate::FileError;
use std::path::{Path, PathBuf};

/// What the walk found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextSize {
    /// Bytes of the regular files seen (symlinks are not followed: the build sends the link).
    pub bytes: u64,
    /// False when the walk stopped early (the byte threshold or the entry limit was reached):
    /// `bytes` is then a lower bound.
    pub complete: bool,
    /// A `.dockerignore` file sits at the top of the folder.
    pub has_dockerignore: bool,
}

/// Limits of one walk.
#[derive(Debug, Clone, Copy)]
pub struct WalkLimits {
    /// Stop once this many bytes are counted (the caller only needs to know "at least this").
    pub stop_at_bytes: u64,
    /// Stop after this many files and folders.
    pub max_entries: usize,
}

/// Measures the folder `dir` within `limits`. Errors name `field` and the folder; entries
/// that can't be read are skipped (the build will report them itself).
pub async fn measure_context(
    dir: &Path,
    limits: WalkLimits,
    field: &str,
) -> Result<ContextSize, FileError> {
    let dir = dir.to_path_buf();
    let field = field.to_string();
    tokio::task::spawn_blocking(move || measure_blocking(&dir, limits, &field))
        .await
        .map_err(|e| FileError::Io(format!("the context walk stopped: {e}")))?
}

fn measure_blocking(dir: &Path, limits: WalkLimits, field: &str) -> Result<ContextSize, FileError> {
    let meta = std::fs::metadata(dir).map_err(|e| {
        FileError::InvalidInput(format!("{field}: cannot read {}: {e}", dir.display()))
    })?;
    if !meta.is_dir() {
        return Err(FileError::InvalidInput(format!(
            "{field}: {} is not a folder",
            dir.display()
        )));
    }
    let has_dockerignore = dir.join(".dockerignore").is_file();
    let mut bytes = 0u64;
    let mut entries = 0usize;
    let mut pending: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(list) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in list.flatten() {
            entries += 1;
            if bytes >= limits.stop_at_bytes || entries > limits.max_entries {
                return Ok(ContextSize {
                    bytes,
                    complete: false,
                    has_dockerignore,
                });
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() {
                bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
            }
        }
    }
    let complete = bytes < limits.stop_at_bytes;
    Ok(ContextSize {
        bytes,
        complete,
        has_dockerignore,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOMY: WalkLimits = WalkLimits {
        stop_at_bytes: u64::MAX,
        max_entries: usize::MAX,
    };

    #[tokio::test]
    async fn counts_files_in_nested_folders_and_sees_the_dockerignore() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("Dockerfile"), vec![0u8; 100]).unwrap();
        std::fs::write(dir.path().join("a/b/data"), vec![0u8; 5000]).unwrap();
        let size = measure_context(dir.path(), ROOMY, "contextDir")
            .await
            .unwrap();
        assert_eq!(
            size,
            ContextSize {
                bytes: 5100,
                complete: true,
                has_dockerignore: false
            }
        );
        std::fs::write(dir.path().join(".dockerignore"), "a\n").unwrap();
        let size = measure_context(dir.path(), ROOMY, "contextDir")
            .await
            .unwrap();
        assert_eq!((size.bytes, size.has_dockerignore), (5102, true));
    }

    #[tokio::test]
    async fn stops_at_the_byte_threshold_or_the_entry_limit() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..50 {
            std::fs::write(dir.path().join(format!("f{i}")), vec![0u8; 1000]).unwrap();
        }
        let limits = WalkLimits {
            stop_at_bytes: 10_000,
            max_entries: usize::MAX,
        };
        let size = measure_context(dir.path(), limits, "contextDir")
            .await
            .unwrap();
        assert!(!size.complete);
        assert!((10_000..=11_000).contains(&size.bytes), "{}", size.bytes);
        let limits = WalkLimits {
            stop_at_bytes: u64::MAX,
            max_entries: 5,
        };
        let size = measure_context(dir.path(), limits, "contextDir")
            .await
            .unwrap();
        assert_eq!((size.bytes, size.complete), (5000, false));
    }

    #[tokio::test]
    async fn a_file_or_missing_folder_is_refused_naming_the_field() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x");
        std::fs::write(&file, "x").unwrap();
        let err = measure_context(&file, ROOMY, "contextDir")
            .await
            .unwrap_err();
        assert!(
            matches!(&err, FileError::InvalidInput(m) if m.starts_with("contextDir:")),
            "{err}"
        );
        let err = measure_context(&dir.path().join("none"), ROOMY, "contextDir")
            .await
            .unwrap_err();
        assert!(matches!(err, FileError::InvalidInput(_)));
    }
}
