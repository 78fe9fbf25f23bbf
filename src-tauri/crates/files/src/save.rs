//! Files Tugboat writes for the user are written whole or not at all: into a hidden temporary
//! file beside the destination, flushed to disk, then renamed over it. A failure, a cancel or
//! a crash half-way leaves the destination as it was (an earlier file of that name included)
//! and no partial file behind once the writer is dropped.

use crate::FileError;
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// A file being written to its final place; see the module notes.
#[derive(Debug)]
pub struct AtomicFile {
    dest: PathBuf,
    temp: PathBuf,
    file: Option<tokio::fs::File>,
    written: u64,
    /// Whether an existing file at `dest` may be replaced; checked again at commit, because a
    /// long write leaves time for one to appear.
    replace: bool,
    field: String,
}

/// Checks a destination the user gave before any work starts, so a bad path costs nothing.
/// `field` names the input in errors (for example "destination").
fn check_destination(dest: &Path, replace: bool, field: &str) -> Result<(), FileError> {
    let shown = dest.display();
    if dest.as_os_str().is_empty() {
        return Err(FileError::InvalidInput(format!(
            "{field}: choose where to save the file"
        )));
    }
    if !dest.is_absolute() {
        return Err(FileError::InvalidInput(format!(
            "{field}: {shown} is not a full path; give one that starts at the root, such as {}",
            example_path()
        )));
    }
    if dest.file_name().is_none() {
        return Err(FileError::InvalidInput(format!(
            "{field}: {shown} names no file; add a file name such as web.tar"
        )));
    }
    match dest.parent() {
        Some(dir) if dir.is_dir() => {}
        Some(dir) => {
            return Err(FileError::InvalidInput(format!(
                "{field}: the folder {} does not exist",
                dir.display()
            )))
        }
        None => {
            return Err(FileError::InvalidInput(format!(
                "{field}: {shown} has no folder"
            )))
        }
    }
    if dest.is_dir() {
        return Err(FileError::InvalidInput(format!(
            "{field}: {shown} is a folder; add a file name such as {}",
            dest.join("web.tar").display()
        )));
    }
    if dest.exists() && !replace {
        return Err(FileError::Conflict(format!(
            "{field}: {shown} already exists; replace it or choose another name"
        )));
    }
    Ok(())
}

fn example_path() -> &'static str {
    if cfg!(windows) {
        r"C:\Users\ann\web.tar"
    } else {
        "/home/ann/web.tar"
    }
}

fn file_error(path: &Path, err: std::io::Error) -> FileError {
    FileError::Io(format!("could not write {}: {err}", path.display()))
}

impl AtomicFile {
    /// Checks `dest` (see [`check_destination`]) and opens a fresh temporary file beside it.
    pub async fn create(dest: &Path, replace: bool, field: &str) -> Result<AtomicFile, FileError> {
        // A few stats of the user's folder, which may be on a slow or hung network share: on
        // a blocking thread, not the async runtime's.
        let (d, f) = (dest.to_owned(), field.to_owned());
        tokio::task::spawn_blocking(move || check_destination(&d, replace, &f))
            .await
            .map_err(|e| FileError::Io(format!("could not check {}: {e}", dest.display())))??;
        let dir = dest.parent().unwrap_or(Path::new("."));
        let name = dest.file_name().unwrap_or_default().to_string_lossy();
        // Same folder, so the final rename never crosses file systems; hidden and marked, so a
        // leftover after a power cut is recognisable.
        for attempt in 0u32..16 {
            let temp = dir.join(format!(
                ".{name}.tugboat-{}-{attempt}.part",
                std::process::id()
            ));
            match tokio::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
                .await
            {
                Ok(file) => {
                    return Ok(AtomicFile {
                        dest: dest.to_owned(),
                        temp,
                        file: Some(file),
                        written: 0,
                        replace,
                        field: field.to_owned(),
                    })
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(file_error(&temp, e)),
            }
        }
        Err(FileError::Io(format!(
            "could not write {}: no free temporary name beside it",
            dest.display()
        )))
    }

    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), FileError> {
        let file = self.file.as_mut().ok_or(FileError::Finished)?;
        file.write_all(bytes)
            .await
            .map_err(|e| file_error(&self.dest, e))?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Gives the file these permissions before it is put in place, so a private file (a
    /// config holding credentials) is never readable by others, not even for a moment.
    pub async fn set_permissions(&self, perms: std::fs::Permissions) -> Result<(), FileError> {
        let file = self.file.as_ref().ok_or(FileError::Finished)?;
        file.set_permissions(perms)
            .await
            .map_err(|e| file_error(&self.dest, e))
    }

    pub fn written(&self) -> u64 {
        self.written
    }

    /// Flushes to disk and puts the file in its place. Returns the bytes written.
    pub async fn commit(mut self) -> Result<u64, FileError> {
        let mut file = self.file.take().ok_or(FileError::Finished)?;
        file.flush().await.map_err(|e| file_error(&self.dest, e))?;
        file.sync_all()
            .await
            .map_err(|e| file_error(&self.dest, e))?;
        drop(file);
        if self.replace {
            tokio::fs::rename(&self.temp, &self.dest)
                .await
                .map_err(|e| file_error(&self.dest, e))?;
        } else {
            self.put_in_place_unless_taken().await?;
        }
        // Make the rename itself durable (best effort: not every platform can open a folder).
        #[cfg(unix)]
        if let Some(dir) = self.dest.parent().map(Path::to_owned) {
            let _ = tokio::task::spawn_blocking(move || {
                if let Ok(d) = std::fs::File::open(dir) {
                    let _ = d.sync_all();
                }
            })
            .await;
        }
        self.temp = PathBuf::new();
        Ok(self.written)
    }

    /// Puts the temporary file at `dest` only if nothing is there. A hard link fails with
    /// "exists" atomically, where check-then-rename would overwrite a file made in between;
    /// file systems without hard links (FAT, some network shares) get the check-then-rename.
    async fn put_in_place_unless_taken(&self) -> Result<(), FileError> {
        let taken = || {
            FileError::Conflict(format!(
                "{}: {} appeared while the file was being written and was left as it is; \
                 replace it or choose another name",
                self.field,
                self.dest.display()
            ))
        };
        match tokio::fs::hard_link(&self.temp, &self.dest).await {
            Ok(()) => {
                let _ = tokio::fs::remove_file(&self.temp).await;
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(taken()),
            Err(_) => {
                if tokio::fs::try_exists(&self.dest).await.unwrap_or(true) {
                    return Err(taken());
                }
                tokio::fs::rename(&self.temp, &self.dest)
                    .await
                    .map_err(|e| file_error(&self.dest, e))
            }
        }
    }
}

impl Drop for AtomicFile {
    // Synchronous on purpose: the promise is that no partial file is left once the writer is
    // dropped, and a drop cannot wait for a blocking thread. It is one unlink in the folder
    // that was just written to.
    fn drop(&mut self) {
        if !self.temp.as_os_str().is_empty() {
            self.file.take();
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".part"))
            .collect()
    }

    #[tokio::test]
    async fn commit_puts_the_whole_file_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.tar");
        let mut f = AtomicFile::create(&dest, false, "destination")
            .await
            .unwrap();
        f.write(b"hello ").await.unwrap();
        assert!(!dest.exists(), "nothing at the destination before commit");
        f.write(b"world").await.unwrap();
        assert_eq!(f.commit().await.unwrap(), 11);
        assert_eq!(std::fs::read(&dest).unwrap(), b"hello world");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn permissions_set_before_commit_are_the_final_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("config.json");
        let mut f = AtomicFile::create(&dest, true, "config").await.unwrap();
        f.set_permissions(std::fs::Permissions::from_mode(0o600))
            .await
            .unwrap();
        f.write(b"{}").await.unwrap();
        f.commit().await.unwrap();
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[tokio::test]
    async fn a_dropped_writer_keeps_the_old_file_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.tar");
        std::fs::write(&dest, b"precious").unwrap();
        let mut f = AtomicFile::create(&dest, true, "destination")
            .await
            .unwrap();
        f.write(b"half").await.unwrap();
        drop(f);
        assert_eq!(std::fs::read(&dest).unwrap(), b"precious");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[tokio::test]
    async fn a_file_that_appears_during_the_write_is_not_replaced_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.tar");
        let mut f = AtomicFile::create(&dest, false, "destination")
            .await
            .unwrap();
        f.write(b"export").await.unwrap();
        std::fs::write(&dest, b"made meanwhile").unwrap();
        let err = f.commit().await.unwrap_err();
        assert!(matches!(err, FileError::Conflict(_)), "{err:?}");
        assert!(err.to_string().starts_with("destination: "), "{err}");
        assert_eq!(std::fs::read(&dest).unwrap(), b"made meanwhile");
        assert!(leftovers(dir.path()).is_empty());

        // Asked to replace, it does.
        let mut f = AtomicFile::create(&dest, true, "destination")
            .await
            .unwrap();
        f.write(b"export").await.unwrap();
        f.commit().await.unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"export");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[tokio::test]
    async fn bad_destinations_name_the_field_and_what_would_do() {
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("there.tar");
        std::fs::write(&existing, b"x").unwrap();
        let cases: Vec<(PathBuf, bool, &str)> = vec![
            (PathBuf::from(""), false, "choose where"),
            (PathBuf::from("out.tar"), false, "not a full path"),
            (dir.path().join("missing/out.tar"), false, "does not exist"),
            (dir.path().to_owned(), true, "is a folder"),
            (existing.clone(), false, "already exists"),
        ];
        for (path, replace, want) in cases {
            let err = AtomicFile::create(&path, replace, "destination")
                .await
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("destination: "), "{err}");
            assert!(err.contains(want), "{path:?}: {err}");
        }
        assert!(matches!(
            check_destination(&existing, false, "destination"),
            Err(FileError::Conflict(_))
        ));
        assert!(check_destination(&existing, true, "destination").is_ok());
        assert_eq!(std::fs::read(&existing).unwrap(), b"x");
    }
}
