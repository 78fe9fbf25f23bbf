//! Files inside the engine's containers, whatever holds them: one entry type for a folder's
//! listing (a volume's, reached through a carrier, or a container's own) and the engine's
//! archive API (`GET`/`PUT /containers/{id}/archive`) driven as byte streams with progress and
//! cancel ([`archive`]). Tar handling on this computer is the files crate's.

pub mod archive;

use serde::Serialize;
use tugboat_files::tarball::{ArchiveEntry, EntryKind};

/// One entry of a folder, in a volume or a container.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FileEntry {
    pub name: String,
    /// Its path, for the next list or a download: inside the volume (`logs/today.txt`), or
    /// absolute inside the container (`/etc/hosts`).
    pub path: String,
    pub kind: FileKind,
    pub size: f64,
    /// Permission bits, as `ls -l` shows them in octal (`0o644` is 420).
    pub mode: u32,
    /// Milliseconds since the Unix epoch.
    pub modified_ms: f64,
    pub link_target: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum FileKind {
    File,
    Folder,
    Symlink,
    /// Devices, pipes, sockets.
    Other,
}

impl FileEntry {
    /// The entry an archive listed, found at `path`.
    pub(crate) fn from_archive(e: ArchiveEntry, path: String) -> FileEntry {
        FileEntry {
            path,
            name: e.name,
            kind: match e.kind {
                EntryKind::File => FileKind::File,
                EntryKind::Folder => FileKind::Folder,
                EntryKind::Symlink => FileKind::Symlink,
                EntryKind::Other => FileKind::Other,
            },
            size: e.size as f64,
            mode: e.mode,
            modified_ms: e.modified as f64 * 1e3,
            link_target: e.link_target,
        }
    }
}

/// Folders first, then by name: the order every listing is shown in.
pub(crate) fn sort_entries(entries: &mut [FileEntry]) {
    entries.sort_by(|a, b| {
        (a.kind != FileKind::Folder, &a.name).cmp(&(b.kind != FileKind::Folder, &b.name))
    });
}
