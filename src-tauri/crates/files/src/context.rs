//! A build context, packed here as the docker CLI packs it: the context folder walked in name
//! order, what `.dockerignore` leaves out skipped (a left-out folder is not even entered unless
//! a `!` pattern starts with its path), symlinks stored as symlinks and never followed (so
//! nothing outside the folder is read), owners written as root, and the tar (uncompressed)
//! streamed to a writer with the bytes counted, never held whole in memory.
//!
//! The walk is `walkdir`'s; the matching is `tugboat_dockerfile::ignore`'s (Docker's rules).

use crate::FileError;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tugboat_dockerfile::ignore::IgnoreRules;
use walkdir::WalkDir;

/// A context this large earns a warning before it is sent.
pub const LARGE_CONTEXT_BYTES: u64 = 100 * 1024 * 1024;

/// What one entry of the context is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextKind {
    File,
    Folder,
    Symlink,
}

/// One entry to send, relative to the context with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextEntry {
    pub path: String,
    pub kind: ContextKind,
    /// Bytes, for files.
    pub size: u64,
}

/// The context after `.dockerignore`: what will be sent, in the order it will be sent, and
/// what the rules leave out (counted only when asked: counting walks the left-out folders).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContextScan {
    pub entries: Vec<ContextEntry>,
    pub files: u64,
    pub bytes: u64,
    pub ignored_files: u64,
    pub ignored_bytes: u64,
    pub has_dockerignore: bool,
    /// Sockets, pipes and devices, which a tar cannot carry usefully and are not sent.
    pub skipped_special: u64,
}

impl ContextScan {
    /// The `n` largest files sent, largest first (ties by path).
    pub fn largest(&self, n: usize) -> Vec<(String, u64)> {
        let mut files: Vec<&ContextEntry> = self
            .entries
            .iter()
            .filter(|e| e.kind == ContextKind::File)
            .collect();
        files.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.path.cmp(&b.path)));
        files
            .into_iter()
            .take(n)
            .map(|e| (e.path.clone(), e.size))
            .collect()
    }

    /// A warning in words when the context is large, naming what weighs most.
    pub fn warning(&self) -> Option<String> {
        if self.bytes < LARGE_CONTEXT_BYTES {
            return None;
        }
        let mb = self.bytes / (1024 * 1024);
        let advice = if self.has_dockerignore {
            "add what the image does not need to .dockerignore"
        } else {
            "there is no .dockerignore: add one listing what the image does not need (such as \
             .git, node_modules, build output)"
        };
        Some(format!(
            "the build would send {mb} MB to the engine before its first step; {advice}"
        ))
    }

    /// The size of the tar [`pack`] writes for these entries: a 512-byte header per entry
    /// (two more blocks or so for a long name), contents padded to 512, and the 1 KiB end.
    pub fn tar_bytes(&self) -> u64 {
        let pad = |n: u64| n.div_ceil(512) * 512;
        self.entries
            .iter()
            .map(|e| {
                let name = e.path.len() as u64 + u64::from(e.kind == ContextKind::Folder);
                let long = if name > 100 { 512 + pad(name + 1) } else { 0 };
                512 + long + pad(e.size)
            })
            .sum::<u64>()
            + 1024
    }
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Reads the context's `.dockerignore` (none: no rules), with the Dockerfile and the
/// `.dockerignore` kept as the CLI keeps them.
pub fn ignore_rules(context: &Path, dockerfile: &str) -> Result<(IgnoreRules, bool), FileError> {
    let path = context.join(".dockerignore");
    let (mut rules, present) = match std::fs::read_to_string(&path) {
        Ok(text) => (
            IgnoreRules::parse(&text).map_err(|e| FileError::InvalidInput(e.to_string()))?,
            true,
        ),
        Err(e) if e.kind() == io::ErrorKind::NotFound => (IgnoreRules::default(), false),
        Err(e) => {
            return Err(FileError::Io(format!(
                "cannot read {}: {e}",
                path.display()
            )))
        }
    };
    rules.keep_build_files(dockerfile);
    Ok((rules, present))
}

/// Walks the context folder: what is sent and, when `count_ignored`, what is left out.
pub fn scan(
    context: &Path,
    dockerfile: &str,
    count_ignored: bool,
) -> Result<ContextScan, FileError> {
    let meta = std::fs::metadata(context).map_err(|e| {
        FileError::InvalidInput(format!(
            "contextDir: cannot open {}: {e}; choose an existing folder",
            context.display()
        ))
    })?;
    if !meta.is_dir() {
        return Err(FileError::InvalidInput(format!(
            "contextDir: {} is a file; choose the folder that holds the Dockerfile",
            context.display()
        )));
    }
    let (rules, has_dockerignore) = ignore_rules(context, dockerfile)?;
    let mut scan = ContextScan {
        has_dockerignore,
        ..ContextScan::default()
    };
    // Paths under a left-out folder that is walked only to count what it holds.
    let mut counting_under: Vec<PathBuf> = Vec::new();
    let walk = WalkDir::new(context)
        .follow_links(false)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let Some(rel) = relative(context, e.path()) else {
                return false;
            };
            if !e.file_type().is_dir() || !rules.is_excluded(&rel) {
                return true;
            }
            count_ignored || rules.may_reinclude_under(&rel)
        });
    for entry in walk {
        let entry = entry.map_err(|e| {
            FileError::Io(format!(
                "cannot read the context folder {}: {e}",
                context.display()
            ))
        })?;
        let Some(rel) = relative(context, entry.path()) else {
            continue;
        };
        let ft = entry.file_type();
        let excluded = rules.is_excluded(&rel);
        let size = if ft.is_file() {
            entry.metadata().map(|m| m.len()).unwrap_or(0)
        } else {
            0
        };
        counting_under.retain(|p| entry.path().starts_with(p));
        if excluded {
            if ft.is_dir() {
                // Walked only to count, or because a `!` pattern may bring something back.
                if !rules.may_reinclude_under(&rel) {
                    counting_under.push(entry.path().to_path_buf());
                }
            } else {
                scan.ignored_files += 1;
                scan.ignored_bytes += size;
            }
            continue;
        }
        if !counting_under.is_empty() {
            // Inside a left-out folder no `!` pattern can reopen: counted, never sent.
            if !ft.is_dir() {
                scan.ignored_files += 1;
                scan.ignored_bytes += size;
            }
            continue;
        }
        let kind = if ft.is_symlink() {
            ContextKind::Symlink
        } else if ft.is_dir() {
            ContextKind::Folder
        } else if ft.is_file() {
            ContextKind::File
        } else {
            scan.skipped_special += 1;
            continue;
        };
        if kind != ContextKind::Folder {
            scan.files += 1;
            scan.bytes += size;
        }
        scan.entries.push(ContextEntry {
            path: rel,
            kind,
            size,
        });
    }
    Ok(scan)
}

/// Counts the bytes written through it, for progress.
pub struct Counted<W> {
    inner: W,
    pub written: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes the scanned entries of `context` as a tar to `writer`, calling `progress` with the
/// bytes written so far after each entry. A file that changed size since the scan is packed as
/// it is now. Returns the bytes written.
pub fn pack(
    context: &Path,
    scan: &ContextScan,
    writer: impl Write,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, FileError> {
    let mut builder = tar::Builder::new(Counted {
        inner: writer,
        written: 0,
    });
    builder.follow_symlinks(false);
    for e in &scan.entries {
        let full = context.join(&e.path);
        let failed =
            |err: io::Error| FileError::Io(format!("cannot pack {}: {err}", full.display()));
        let meta = std::fs::symlink_metadata(&full).map_err(failed)?;
        let mut header = tar::Header::new_gnu();
        header.set_metadata_in_mode(&meta, tar::HeaderMode::Complete);
        // As the CLI: the engine sees every file as root's; COPY --chown sets its own.
        header.set_uid(0);
        header.set_gid(0);
        header.set_username("").map_err(failed)?;
        header.set_groupname("").map_err(failed)?;
        match e.kind {
            ContextKind::Folder => {
                builder
                    .append_data(&mut header, format!("{}/", e.path), io::empty())
                    .map_err(failed)?;
            }
            ContextKind::Symlink => {
                let target = std::fs::read_link(&full).map_err(failed)?;
                header.set_size(0);
                builder
                    .append_link(&mut header, &e.path, &target)
                    .map_err(failed)?;
            }
            ContextKind::File => {
                let file = File::open(&full).map_err(failed)?;
                header.set_size(file.metadata().map_err(failed)?.len());
                builder
                    .append_data(&mut header, &e.path, file)
                    .map_err(failed)?;
            }
        }
        progress(builder.get_ref().written);
    }
    let mut done = builder
        .into_inner()
        .map_err(|e| FileError::Io(format!("cannot finish the context archive: {e}")))?;
    done.flush()
        .map_err(|e| FileError::Io(format!("cannot send the context archive: {e}")))?;
    progress(done.written);
    Ok(done.written)
}
