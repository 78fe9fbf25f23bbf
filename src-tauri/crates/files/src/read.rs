//! Reading a file the user chose, no further than a limit: at most one byte more than the
//! limit is read, so a huge file (or one that grows while it is read) costs no more than that.

use crate::FileError;
use std::path::Path;
use tokio::io::AsyncReadExt;

/// What a capped read found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Capped {
    /// The whole file, no larger than the limit.
    Whole(Vec<u8>),
    /// The file is larger than the limit: its size as far as known (at least limit + 1).
    TooLarge { bytes: u64 },
}

/// Reads `path` whole if it holds at most `max_bytes`. Errors name `field` (for example
/// "env file") and the path.
pub async fn read_capped(path: &Path, max_bytes: usize, field: &str) -> Result<Capped, FileError> {
    let shown = path.display();
    let unreadable =
        |e: std::io::Error| FileError::Io(format!("{field}: cannot read {shown}: {e}"));
    let file = tokio::fs::File::open(path).await.map_err(unreadable)?;
    let meta = file.metadata().await.map_err(unreadable)?;
    if !meta.is_file() {
        return Err(FileError::InvalidInput(format!(
            "{field}: {shown} is not a file"
        )));
    }
    let mut bytes = Vec::new();
    file.take(max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .await
        .map_err(unreadable)?;
    if bytes.len() > max_bytes {
        return Ok(Capped::TooLarge {
            bytes: meta.len().max(bytes.len() as u64),
        });
    }
    Ok(Capped::Whole(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_is_read_whole_up_to_its_limit_and_no_further() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small");
        std::fs::write(&small, b"12345").unwrap();
        assert_eq!(
            read_capped(&small, 5, "f").await.unwrap(),
            Capped::Whole(b"12345".to_vec())
        );
        assert_eq!(
            read_capped(&small, 4, "f").await.unwrap(),
            Capped::TooLarge { bytes: 5 }
        );
    }

    #[tokio::test]
    async fn folders_and_missing_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_capped(dir.path(), 10, "env file").await.unwrap_err();
        assert!(
            matches!(err, FileError::InvalidInput(ref m) if m.starts_with("env file: ") && m.ends_with("is not a file")),
            "{err:?}"
        );
        let err = read_capped(&dir.path().join("none"), 10, "env file")
            .await
            .unwrap_err();
        assert!(
            matches!(err, FileError::Io(ref m) if m.contains("cannot read")),
            "{err:?}"
        );
    }
}
