//! Tar archives between the engine and this computer, with no engine: an archive unpacked only
//! inside the folder the user chose (no `..`, no absolute names, nothing written under or over
//! a symlink, no hard links), files packed into an archive, and the top level of an archive
//! listed without unpacking it. Reading and writing the archives is the `tar` crate's; what is
//! hand-written here is the confinement, which that crate leaves to its callers for `unpack`
//! to a path of our choosing. Everything is blocking: callers run it off the async runtime and
//! move the bytes through [`ChunkReader`] and [`ChunkWriter`].

use crate::FileError;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

/// What one entry at the top of an archive is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveEntry {
    pub name: String,
    pub kind: EntryKind,
    /// Bytes, for files; 0 otherwise.
    pub size: u64,
    /// Permission bits (`0o644`).
    pub mode: u32,
    /// Seconds since the Unix epoch.
    pub modified: u64,
    /// Where a symlink points, as written in the archive.
    pub link_target: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Folder,
    Symlink,
    /// Devices, pipes, hard links: listed, never unpacked.
    Other,
}

/// What an unpack wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unpacked {
    pub files: u64,
    pub folders: u64,
    pub symlinks: u64,
    /// Device files and pipes, which are not made on this computer.
    pub skipped: u64,
    /// Bytes of file contents written.
    pub bytes: u64,
}

fn broken(what: &str, e: std::io::Error) -> FileError {
    FileError::Io(format!("{what}: {e}"))
}

/// `path` as a relative path inside the destination, or why it may not be one.
fn confined(path: &Path) -> Result<PathBuf, &'static str> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::CurDir => {}
            Component::ParentDir => return Err("climbs out of the folder with `..`"),
            Component::RootDir | Component::Prefix(_) => return Err("is an absolute path"),
        }
    }
    Ok(out)
}

fn refused(raw: &Path, why: &str) -> FileError {
    FileError::InvalidInput(format!(
        "archive entry {}: {why}; it was not unpacked (nothing is written outside the chosen \
         folder or through a symlink)",
        raw.display()
    ))
}

/// Unpacks the tar read from `reader` into `dest` (an existing folder). Every entry must land
/// inside `dest`: an entry named with `..` or an absolute name, one under a symlink (one that
/// was there, or one the archive made), one that would replace a symlink, or a hard link stops
/// the unpack with an error naming it; what was written before it stays. `on_bytes` gets the
/// running count of content bytes written.
pub fn unpack_confined(
    reader: impl Read,
    dest: &Path,
    mut on_bytes: impl FnMut(u64),
) -> Result<Unpacked, FileError> {
    let root = dest.canonicalize().map_err(|e| {
        FileError::InvalidInput(format!(
            "destination: {} cannot be used ({e}); choose an existing folder",
            dest.display()
        ))
    })?;
    if !root.is_dir() {
        return Err(FileError::InvalidInput(format!(
            "destination: {} is not a folder; choose a folder",
            dest.display()
        )));
    }
    let mut archive = tar::Archive::new(reader);
    archive.set_preserve_permissions(true);
    archive.set_preserve_mtime(true);
    let mut done = Unpacked::default();
    for entry in archive
        .entries()
        .map_err(|e| broken("the archive cannot be read", e))?
    {
        let mut entry = entry.map_err(|e| broken("the archive cannot be read", e))?;
        let raw = entry
            .path()
            .map_err(|e| broken("an archive entry's name cannot be read", e))?
            .into_owned();
        let rel = confined(&raw).map_err(|why| refused(&raw, why))?;
        if rel.as_os_str().is_empty() {
            continue;
        }
        // Walk the path as it is on disk now: no folder on the way may be a symlink (it could
        // point anywhere), nor the entry's own place (writing would follow it).
        let parts: Vec<_> = rel.components().collect();
        let mut at = root.clone();
        for (i, part) in parts.iter().enumerate() {
            at.push(part);
            match std::fs::symlink_metadata(&at) {
                Ok(m) if m.file_type().is_symlink() => {
                    return Err(refused(
                        &raw,
                        if i + 1 == parts.len() {
                            "would replace a symlink"
                        } else {
                            "lies under a symlink"
                        },
                    ))
                }
                Ok(m) if i + 1 < parts.len() && !m.is_dir() => {
                    return Err(refused(&raw, "lies under something that is not a folder"))
                }
                _ => {}
            }
        }
        let target = root.join(&rel);
        let kind = entry.header().entry_type();
        if kind.is_hard_link() {
            return Err(refused(&raw, "is a hard link, which is not unpacked"));
        }
        if kind.is_character_special()
            || kind.is_block_special()
            || kind.is_fifo()
            || kind.is_pax_global_extensions()
            || kind.is_pax_local_extensions()
            || kind.is_gnu_longname()
            || kind.is_gnu_longlink()
        {
            done.skipped += 1;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| broken(&format!("cannot make {}", parent.display()), e))?;
        }
        let size = entry.size();
        entry
            .unpack(&target)
            .map_err(|e| broken(&format!("cannot write {}", target.display()), e))?;
        if kind.is_dir() {
            done.folders += 1;
        } else if kind.is_symlink() {
            done.symlinks += 1;
        } else {
            done.files += 1;
            done.bytes += size;
            on_bytes(done.bytes);
        }
    }
    Ok(done)
}

/// The entries one level under the archive's top folder (the engine's archive of a folder
/// holds the folder itself first, then everything under it), read without unpacking.
pub fn list_top(reader: impl Read) -> Result<Vec<ArchiveEntry>, FileError> {
    match list_top_within(reader, ListCap::NONE)? {
        Listed::All(entries) => Ok(entries),
        // No cap was set, so none was reached.
        Listed::TooMany { .. } | Listed::TooLarge { .. } => Ok(Vec::new()),
    }
}

/// How much of an archive [`list_top_within`] reads at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListCap {
    /// Entries at the top level.
    pub entries: usize,
    /// Bytes of archive read, contents of files under the folder included (a tar has no index:
    /// every byte before the last header is read to reach it).
    pub bytes: u64,
}

impl ListCap {
    pub const NONE: ListCap = ListCap {
        entries: usize::MAX,
        bytes: u64::MAX,
    };
}

/// What [`list_top_within`] found: every top entry, or that the archive holds more than the
/// cap allowed (then reading stopped there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    All(Vec<ArchiveEntry>),
    TooMany { entries: usize },
    TooLarge { bytes: u64 },
}

/// A reader that gives no more than `left` bytes, then says so with an error (marked in
/// `over`, so the caller tells it from a broken archive without reading the message).
struct Counted<R> {
    inner: R,
    left: u64,
    over: std::rc::Rc<std::cell::Cell<bool>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            self.over.set(true);
            return Err(std::io::Error::other("the listing cap was reached"));
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// [`list_top`], reading no more than `cap` allows: a huge folder costs no more than the cap.
pub fn list_top_within(reader: impl Read, cap: ListCap) -> Result<Listed, FileError> {
    let over = std::rc::Rc::new(std::cell::Cell::new(false));
    let counted = Counted {
        inner: reader,
        left: cap.bytes,
        over: over.clone(),
    };
    let mut archive = tar::Archive::new(counted);
    let mut out = Vec::new();
    let too_large = Listed::TooLarge { bytes: cap.bytes };
    let entries = match archive.entries() {
        Ok(entries) => entries,
        Err(_) if over.get() => return Ok(too_large),
        Err(e) => return Err(broken("the archive cannot be read", e)),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(_) if over.get() => return Ok(too_large),
            Err(e) => return Err(broken("the archive cannot be read", e)),
        };
        let path = entry
            .path()
            .map_err(|e| broken("an archive entry's name cannot be read", e))?
            .into_owned();
        let parts: Vec<String> = path
            .components()
            .filter_map(|c| match c {
                Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        if parts.len() != 2 {
            continue;
        }
        let header = entry.header();
        let t = header.entry_type();
        let kind = if t.is_dir() {
            EntryKind::Folder
        } else if t.is_symlink() {
            EntryKind::Symlink
        } else if t.is_file() || t.is_contiguous() {
            EntryKind::File
        } else {
            EntryKind::Other
        };
        if out.len() == cap.entries {
            return Ok(Listed::TooMany {
                entries: cap.entries,
            });
        }
        out.push(ArchiveEntry {
            name: parts[1].clone(),
            kind,
            size: if kind == EntryKind::File {
                entry.size()
            } else {
                0
            },
            mode: header.mode().unwrap_or(0) & 0o7777,
            modified: header.mtime().unwrap_or(0),
            link_target: entry
                .link_name()
                .ok()
                .flatten()
                .map(|l| l.to_string_lossy().into_owned()),
        });
    }
    out.sort_by(|a, b| {
        (a.kind != EntryKind::Folder, &a.name).cmp(&(b.kind != EntryKind::Folder, &b.name))
    });
    Ok(Listed::All(out))
}

/// The start of the archive's first entry, if it is a file: its first `limit` bytes and its
/// whole size. Nothing past those bytes is read: a huge file costs no more than `limit`.
pub fn file_head(reader: impl Read, limit: u64) -> Result<Option<(Vec<u8>, u64)>, FileError> {
    let mut archive = tar::Archive::new(reader);
    let mut entries = archive
        .entries()
        .map_err(|e| broken("the archive cannot be read", e))?;
    let Some(entry) = entries.next() else {
        return Ok(None);
    };
    let entry = entry.map_err(|e| broken("the archive cannot be read", e))?;
    let t = entry.header().entry_type();
    if !(t.is_file() || t.is_contiguous()) {
        return Ok(None);
    }
    let size = entry.size();
    let mut head = Vec::new();
    entry
        .take(limit)
        .read_to_end(&mut head)
        .map_err(|e| broken("the file cannot be read", e))?;
    Ok(Some((head, size)))
}

/// Packs `sources` (files or folders on this computer) into a tar written to `writer`, each
/// under its own name; symlinks are stored as symlinks, not followed. Returns the bytes of file
/// contents packed.
pub fn pack(sources: &[PathBuf], writer: impl Write) -> Result<u64, FileError> {
    let mut builder = tar::Builder::new(writer);
    builder.follow_symlinks(false);
    let mut bytes = 0;
    for src in sources {
        let name = src.file_name().ok_or_else(|| {
            FileError::InvalidInput(format!(
                "source: {} has no name to upload it under; choose a file or folder",
                src.display()
            ))
        })?;
        let meta = std::fs::symlink_metadata(src).map_err(|e| {
            FileError::InvalidInput(format!("source: cannot read {}: {e}", src.display()))
        })?;
        let failed = |e| broken(&format!("cannot pack {}", src.display()), e);
        if meta.is_dir() {
            builder.append_dir_all(name, src).map_err(failed)?;
            bytes += folder_bytes(src);
        } else {
            builder.append_path_with_name(src, name).map_err(failed)?;
            bytes += meta.len();
        }
    }
    builder
        .into_inner()
        .map_err(|e| broken("cannot finish the archive", e))?
        .flush()
        .map_err(|e| broken("cannot finish the archive", e))?;
    Ok(bytes)
}

fn folder_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => folder_bytes(&e.path()),
            Ok(t) if t.is_file() => e.metadata().map(|m| m.len()).unwrap_or(0),
            _ => 0,
        })
        .sum()
}

/// Blocking reads over chunks an async task sends: how an engine stream reaches the tar
/// reader on its own thread. The end of the channel is the end of the data; the channel is
/// bounded, so a slow disk holds the engine's stream back instead of filling memory.
pub struct ChunkReader {
    chunks: tokio::sync::mpsc::Receiver<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
}

impl ChunkReader {
    pub fn new(chunks: tokio::sync::mpsc::Receiver<Vec<u8>>) -> ChunkReader {
        ChunkReader {
            chunks,
            current: Vec::new(),
            at: 0,
        }
    }
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.current.len() {
            match self.chunks.blocking_recv() {
                Some(next) => {
                    self.current = next;
                    self.at = 0;
                }
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len() - self.at);
        buf[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Blocking writes sent on as chunks of up to 64 KiB to an async task: how a tar built on its
/// own thread becomes a request body. A closed receiver is a broken pipe.
pub struct ChunkWriter {
    to: tokio::sync::mpsc::Sender<Vec<u8>>,
    buf: Vec<u8>,
}

impl ChunkWriter {
    const CHUNK: usize = 64 * 1024;

    pub fn new(to: tokio::sync::mpsc::Sender<Vec<u8>>) -> ChunkWriter {
        ChunkWriter {
            to,
            buf: Vec::with_capacity(Self::CHUNK),
        }
    }

    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(Self::CHUNK));
        self.to.blocking_send(chunk).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the upload was stopped")
        })
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= Self::CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A tar with entries named as given, written raw (the `tar` crate's own path setters
    /// refuse `..` and absolute names, which is exactly what a hostile archive holds).
    fn hostile(entries: &[(&str, tar::EntryType, &str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, kind, link, data) in entries {
            let mut h = tar::Header::new_gnu();
            h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
            h.set_entry_type(*kind);
            h.set_mode(0o644);
            h.set_size(data.len() as u64);
            if !link.is_empty() {
                h.set_link_name(link).unwrap();
            }
            h.set_cksum();
            b.append(&h, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut out: Vec<String> = walk(dir)
            .iter()
            .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
            .collect();
        out.sort();
        out
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            out.push(e.path());
            if e.file_type().unwrap().is_dir() {
                out.extend(walk(&e.path()));
            }
        }
        out
    }

    const FILE: tar::EntryType = tar::EntryType::Regular;

    #[test]
    fn names_that_climb_or_are_absolute_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let dest = outside.path().join("chosen");
        std::fs::create_dir(&dest).unwrap();
        for name in [
            "../escaped.txt",
            "a/../../escaped.txt",
            "/tmp/escaped-abs.txt",
        ] {
            let tar = hostile(&[("fine.txt", FILE, "", b"ok"), (name, FILE, "", b"evil")]);
            let err = unpack_confined(&tar[..], &dest, |_| {}).unwrap_err();
            assert!(
                matches!(&err, FileError::InvalidInput(m) if m.contains(name)),
                "{name}: {err:?}"
            );
        }
        assert!(!outside.path().join("escaped.txt").exists());
        assert!(!Path::new("/tmp/escaped-abs.txt").exists());
        assert_eq!(names_in(&dest), ["fine.txt"]);
    }

    #[test]
    fn nothing_is_written_through_a_symlink() {
        let outside = tempfile::tempdir().unwrap();
        let dest = outside.path().join("chosen");
        std::fs::create_dir(&dest).unwrap();
        let sym = tar::EntryType::Symlink;
        // A link the archive makes, then an entry under it, or over it.
        for (second, why) in [
            ("out/planted.txt", "under a symlink"),
            ("out", "replace a symlink"),
        ] {
            let tar = hostile(&[
                ("out", sym, outside.path().to_str().unwrap(), b""),
                (second, FILE, "", b"evil"),
            ]);
            let err = unpack_confined(&tar[..], &dest, |_| {}).unwrap_err();
            assert!(
                matches!(&err, FileError::InvalidInput(m) if m.contains(why)),
                "{second}: {err:?}"
            );
            std::fs::remove_file(dest.join("out")).unwrap();
        }
        // A link that was already in the folder.
        std::os::unix::fs::symlink(outside.path(), dest.join("was-there")).unwrap();
        let tar = hostile(&[("was-there/planted.txt", FILE, "", b"evil")]);
        assert!(unpack_confined(&tar[..], &dest, |_| {}).is_err());
        assert!(!outside.path().join("planted.txt").exists());
    }

    #[test]
    fn hard_links_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let tar = hostile(&[("h", tar::EntryType::Link, "/etc/passwd", b"")]);
        let err = unpack_confined(&tar[..], dir.path(), |_| {}).unwrap_err();
        assert!(err.to_string().contains("hard link"), "{err}");
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn a_packed_folder_unpacks_the_same_with_modes_and_lists_one_level() {
        let src = tempfile::tempdir().unwrap();
        let top = src.path().join("data");
        std::fs::create_dir_all(top.join("sub")).unwrap();
        std::fs::write(top.join("a.txt"), b"hello").unwrap();
        std::fs::write(top.join("sub/b.sh"), b"#!/bin/sh\n").unwrap();
        std::fs::set_permissions(top.join("sub/b.sh"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
        std::os::unix::fs::symlink("a.txt", top.join("link")).unwrap();
        let mut tar = Vec::new();
        let bytes = pack(std::slice::from_ref(&top), &mut tar).unwrap();
        assert_eq!(bytes, 15);

        let listed = list_top(&tar[..]).unwrap();
        let names: Vec<(&str, EntryKind, u64)> = listed
            .iter()
            .map(|e| (e.name.as_str(), e.kind, e.size))
            .collect();
        assert_eq!(
            names,
            [
                ("sub", EntryKind::Folder, 0),
                ("a.txt", EntryKind::File, 5),
                ("link", EntryKind::Symlink, 0)
            ]
        );
        assert_eq!(listed[2].link_target.as_deref(), Some("a.txt"));

        let dest = tempfile::tempdir().unwrap();
        let mut seen = 0;
        let done = unpack_confined(&tar[..], dest.path(), |b| seen = b).unwrap();
        assert_eq!(
            (done.files, done.symlinks, done.bytes, seen),
            (2, 1, 15, 15)
        );
        assert_eq!(
            names_in(dest.path()),
            [
                "data",
                "data/a.txt",
                "data/link",
                "data/sub",
                "data/sub/b.sh"
            ]
        );
        let mode = std::fs::metadata(dest.path().join("data/sub/b.sh"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755);
    }

    #[test]
    fn a_capped_listing_stops_at_the_cap_and_says_which() {
        let src = tempfile::tempdir().unwrap();
        let top = src.path().join("big");
        std::fs::create_dir_all(top.join("sub")).unwrap();
        std::fs::write(top.join("a.bin"), vec![7u8; 64 * 1024]).unwrap();
        std::fs::write(top.join("z.txt"), b"last").unwrap();
        let mut tar = Vec::new();
        pack(std::slice::from_ref(&top), &mut tar).unwrap();

        let all = list_top_within(
            &tar[..],
            ListCap {
                entries: 3,
                bytes: tar.len() as u64,
            },
        )
        .unwrap();
        let Listed::All(entries) = all else {
            panic!("{all:?}")
        };
        assert_eq!(entries.len(), 3);
        assert_eq!(
            list_top_within(
                &tar[..],
                ListCap {
                    entries: 2,
                    bytes: u64::MAX
                }
            )
            .unwrap(),
            Listed::TooMany { entries: 2 }
        );
        // 64 KiB of content sits between the headers: a 16 KiB cap cannot reach past it.
        assert_eq!(
            list_top_within(
                &tar[..],
                ListCap {
                    entries: 100,
                    bytes: 16 * 1024
                }
            )
            .unwrap(),
            Listed::TooLarge { bytes: 16 * 1024 }
        );
        // A broken archive is still an error, not a cap.
        assert!(list_top_within(&tar[..700], ListCap::NONE).is_err());
    }

    #[test]
    fn a_file_head_reads_no_further_than_asked() {
        let src = tempfile::tempdir().unwrap();
        let file = src.path().join("big.log");
        std::fs::write(&file, b"0123456789".repeat(1000)).unwrap();
        let mut tar = Vec::new();
        pack(std::slice::from_ref(&file), &mut tar).unwrap();
        let (head, size) = file_head(&tar[..], 16).unwrap().unwrap();
        assert_eq!((head.as_slice(), size), (&b"0123456789012345"[..], 10_000));
        // A folder has no head.
        let mut tar = Vec::new();
        pack(&[src.path().to_path_buf()], &mut tar).unwrap();
        assert_eq!(file_head(&tar[..], 16).unwrap(), None);
    }

    #[test]
    fn chunks_cross_threads_whole() {
        let (tx, rx) = tokio::sync::mpsc::channel(2);
        let sender = std::thread::spawn(move || {
            for c in [b"ab".to_vec(), vec![], b"cde".to_vec()] {
                tx.blocking_send(c).unwrap();
            }
        });
        let mut all = String::new();
        ChunkReader::new(rx).read_to_string(&mut all).unwrap();
        sender.join().unwrap();
        assert_eq!(all, "abcde");
    }
}
