//! A container's own files, running or stopped: browse a folder, copy a file or folder to this
//! computer (`docker cp NAME:PATH DEST`), copy files or folders into it (`docker cp SRC
//! NAME:DEST`).
//!
//! Listing a folder has two ways. The engine's archive API sends the whole subtree of the
//! folder, contents included, even to read only its top entries; for a running container with
//! `find` and `stat` (busybox has both) one exec prints just the entries, far cheaper on a big
//! folder. So a running container is listed by exec, and a stopped or paused one (or one whose
//! image has no such tools, or whose exec output cannot be read back whole) through the archive,
//! reading only headers and skipping contents, with a cap ([`LIST_CAP`]) said in words when a
//! folder is over it. Copies always use the archive API, with the tar on this computer
//! unpacked only inside the chosen folder (the files crate's `unpack_confined`).

use crate::connection::{api_path, Engine};
use crate::error::EngineError;
use crate::files::archive::chunk_stream;
use crate::files::{sort_entries, FileEntry, FileKind};
use bollard::container::LogOutput;
use bollard::exec::{StartExecOptions, StartExecResults};
use bollard::models::{ContainerInspectResponse, ExecConfig};
use bollard::query_parameters::{ContainerArchiveInfoOptions, InspectContainerOptions};
use futures_util::StreamExt;
use serde::Serialize;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tugboat_files::tarball::{self, ChunkWriter, ListCap, Listed};
use tugboat_runspec::argv::command_line;

/// How much a listing through the archive API reads at most: top entries, and archive bytes
/// (the contents of every file under the folder travel before the last header).
pub const LIST_CAP: ListCap = ListCap {
    entries: 20_000,
    bytes: 256 * 1024 * 1024,
};
/// How long an exec listing may take before the listing gives up.
const EXEC_LIMIT: Duration = Duration::from_secs(20);
/// Exec output read at most: 20,000 entries of long names fit.
const EXEC_OUTPUT_CAP: usize = 16 * 1024 * 1024;

/// Prints one line per entry of folder `$1`: `<raw mode hex>/<size>/<mtime>/./<name>//<%N>`.
/// A name cannot hold `/`, so the fields split unambiguously; `%N` carries a symlink's target.
/// Exit 2: nothing there; 3: not a folder; other failures (no `find`, no `stat`) fall back to
/// the archive.
const LIST_SCRIPT: &str = r#"[ -e "$1" ] || [ -L "$1" ] || exit 2
[ -d "$1" ] || exit 3
cd -- "$1" || exit 3
find . -mindepth 1 -maxdepth 1 -exec stat -c '%f/%s/%Y/%n//%N' -- {} + || exit 4"#;

/// How much of a file [`Engine::container_file_peek`] reads.
pub const PEEK_BYTES: u64 = 64 * 1024;

/// The start of a file, to look at.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FilePeek {
    /// The first bytes as text (invalid UTF-8 shown as U+FFFD); empty when `binary`.
    pub text: String,
    /// The file holds NUL bytes in its start: not text, so not shown.
    pub binary: bool,
    /// Bytes read (at most [`PEEK_BYTES`]) and the file's whole size.
    pub shown: f64,
    pub size: f64,
}

/// How a folder was listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ListWay {
    /// `find` and `stat` run inside the (running) container.
    Exec,
    /// The engine's archive of the folder, headers read, contents skipped.
    Archive,
}

/// A path inside a container, checked and made plain: absolute, `.` and `..` resolved (the
/// engine resolves paths inside the container's root anyway; this keeps the shown one plain).
pub fn container_path(path: &str) -> Result<String, EngineError> {
    let path = path.trim();
    if path.contains('\0') {
        return Err(EngineError::InvalidInput(
            "path: holds a NUL character; give a path like /etc or /var/log".into(),
        ));
    }
    if path.is_empty() {
        return Ok("/".into());
    }
    if !path.starts_with('/') {
        return Err(EngineError::InvalidInput(format!(
            "path: {path} is not a full path inside the container; start it with /, like /{path}"
        )));
    }
    let mut parts: Vec<String> = Vec::new();
    for c in Path::new(path).components() {
        match c {
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    Ok(format!("/{}", parts.join("/")))
}

/// `base/name` for an entry of folder `base` (an absolute, plain path).
fn child(base: &str, name: &str) -> String {
    if base == "/" {
        format!("/{name}")
    } else {
        format!("{base}/{name}")
    }
}

/// The `docker cp` line a copy equals: out of container `name` when `from_container`.
pub fn copy_command(name: &str, path: &str, host: &str, from_container: bool) -> String {
    let inside = format!("{name}:{path}");
    if from_container {
        command_line(&["docker", "cp", &inside, host])
    } else {
        command_line(&["docker", "cp", host, &inside])
    }
}

/// Reads [`LIST_SCRIPT`]'s output for folder `base`. `None` when any line is not one record
/// (a name holding a newline, a `stat` that prints otherwise): the caller lists another way.
fn parse_exec_listing(out: &str, base: &str) -> Option<Vec<FileEntry>> {
    let mut entries = Vec::new();
    for line in out.lines().filter(|l| !l.is_empty()) {
        let mut fields = line.splitn(4, '/');
        let raw = u32::from_str_radix(fields.next()?, 16).ok()?;
        let size: u64 = fields.next()?.parse().ok()?;
        let mtime: i64 = fields.next()?.parse().ok()?;
        let rest = fields.next()?.strip_prefix("./")?;
        let (name, quoted) = rest.split_once("//")?;
        if name.is_empty() {
            return None;
        }
        let kind = match raw & 0o170000 {
            0o040000 => FileKind::Folder,
            0o100000 => FileKind::File,
            0o120000 => FileKind::Symlink,
            _ => FileKind::Other,
        };
        // busybox and coreutils both write a plain name's link as `'./a' -> 'b'`; names that
        // need escaping are shown without their target rather than with a wrong one.
        let link_target = (kind == FileKind::Symlink)
            .then(|| {
                quoted
                    .strip_prefix(&format!("'./{name}' -> '"))
                    .and_then(|t| t.strip_suffix('\''))
                    .filter(|t| !t.contains('\''))
                    .map(str::to_owned)
            })
            .flatten();
        entries.push(FileEntry {
            name: name.to_owned(),
            path: child(base, name),
            kind,
            size: if kind == FileKind::File {
                size as f64
            } else {
                0.0
            },
            mode: raw & 0o7777,
            modified_ms: mtime as f64 * 1e3,
            link_target,
        });
    }
    sort_entries(&mut entries);
    Some(entries)
}

/// What [`Engine::container_exec_listing`] found.
enum ExecListing {
    Listed(Vec<FileEntry>),
    Missing,
    NotAFolder,
    /// No tools, unreadable output, or the exec was refused: list another way.
    CannotTell,
}

impl Engine {
    /// `docker inspect` of container `id` (a name or id from the window), a missing one said
    /// as such.
    async fn inspect_for_files(&self, id: &str) -> Result<ContainerInspectResponse, EngineError> {
        let encoded = api_path(&[id]);
        self.docker
            .inspect_container(&encoded[1..], None::<InspectContainerOptions>)
            .await
            .map_err(|e| match EngineError::from(e) {
                EngineError::NotFound(_) => {
                    EngineError::NotFound(format!("container: there is no container {id}"))
                }
                other => other,
            })
    }

    /// The name of container `id` as `docker cp` lines show it.
    pub async fn container_files_name(&self, id: &str) -> Result<String, EngineError> {
        Ok(shown_name(&self.inspect_for_files(id).await?, id))
    }

    /// The entries of folder `path` of container `id`, folders first: by exec when it runs,
    /// else through the archive API (see the module's note).
    pub async fn container_files_list(
        &self,
        id: &str,
        path: &str,
        cancel: &CancellationToken,
    ) -> Result<Vec<FileEntry>, EngineError> {
        Ok(self
            .container_files_list_how(id, path, None, cancel)
            .await?
            .0)
    }

    /// [`Engine::container_files_list`], saying which way it listed; `way` forces one (an exec
    /// listing of a container that is not running is refused).
    pub async fn container_files_list_how(
        &self,
        id: &str,
        path: &str,
        way: Option<ListWay>,
        cancel: &CancellationToken,
    ) -> Result<(Vec<FileEntry>, ListWay), EngineError> {
        let path = container_path(path)?;
        let c = self.inspect_for_files(id).await?;
        let full_id = c.id.clone().unwrap_or_else(|| id.to_owned());
        let name = shown_name(&c, id);
        let state = c.state.unwrap_or_default();
        let runs = state.running == Some(true) && state.paused != Some(true);
        if way != Some(ListWay::Archive) && runs {
            match self.container_exec_listing(&full_id, &path).await? {
                ExecListing::Listed(entries) => return Ok((entries, ListWay::Exec)),
                ExecListing::Missing => {
                    return Err(EngineError::NotFound(format!(
                        "path: {path} is not in {name}"
                    )))
                }
                ExecListing::NotAFolder => {
                    return Err(EngineError::InvalidInput(format!(
                        "path: {path} in {name} is not a folder; give a folder, like /etc"
                    )))
                }
                ExecListing::CannotTell if way == Some(ListWay::Exec) => {
                    return Err(EngineError::Conflict(format!(
                        "{name} has no `find` and `stat` to list {path} with"
                    )))
                }
                ExecListing::CannotTell => {}
            }
        } else if way == Some(ListWay::Exec) {
            return Err(EngineError::Conflict(format!(
                "{name} is not running: only a running container can list files by exec"
            )));
        }
        let listed = self
            .read_archive(
                &full_id,
                &path,
                cancel,
                |_| {},
                |r| tarball::list_top_within(r, LIST_CAP),
            )
            .await
            .map_err(|e| missing_path(e, &name, &path))?;
        let entries = match listed {
            Listed::All(entries) => entries,
            Listed::TooMany { entries } => {
                return Err(EngineError::Conflict(format!(
                    "{path} holds more than {entries} entries, too many to list from a container \
                     that is not running (the engine sends the whole folder to list it). Start \
                     the container to list it quickly, or open a folder inside it"
                )))
            }
            Listed::TooLarge { bytes } => {
                return Err(EngineError::Conflict(format!(
                    "{path} holds more than {} MiB of files, too much to list from a container \
                     that is not running (the engine sends every byte under the folder to list \
                     it). Start the container to list it quickly, or open a folder inside it",
                    bytes / (1024 * 1024)
                )))
            }
        };
        let mut entries: Vec<FileEntry> = entries
            .into_iter()
            .map(|e| {
                let at = child(&path, &e.name);
                FileEntry::from_archive(e, at)
            })
            .collect();
        sort_entries(&mut entries);
        Ok((entries, ListWay::Archive))
    }

    /// Lists folder `path` of running container `id` with [`LIST_SCRIPT`].
    async fn container_exec_listing(
        &self,
        id: &str,
        path: &str,
    ) -> Result<ExecListing, EngineError> {
        let run = async {
            let exec = match self
                .docker
                .create_exec(
                    id,
                    ExecConfig {
                        attach_stdout: Some(true),
                        attach_stderr: Some(false),
                        cmd: Some(
                            ["sh", "-c", LIST_SCRIPT, "tugboat-list", path]
                                .map(str::to_owned)
                                .to_vec(),
                        ),
                        ..Default::default()
                    },
                )
                .await
            {
                Ok(exec) => exec,
                // Stopped or paused since it was inspected: the archive still reads it.
                Err(e) => match EngineError::from(e) {
                    EngineError::Conflict(_) => return Ok(ExecListing::CannotTell),
                    other => return Err(other),
                },
            };
            let mut output = Vec::new();
            if let StartExecResults::Attached {
                output: mut out, ..
            } = self
                .docker
                .start_exec(&exec.id, None::<StartExecOptions>)
                .await?
            {
                while let Some(chunk) = out.next().await {
                    if let LogOutput::StdOut { message } = chunk? {
                        if output.len() + message.len() > EXEC_OUTPUT_CAP {
                            return Ok(ExecListing::CannotTell);
                        }
                        output.extend_from_slice(&message);
                    }
                }
            }
            let code = self.docker.inspect_exec(&exec.id).await?.exit_code;
            Ok(match code {
                Some(0) => match std::str::from_utf8(&output)
                    .ok()
                    .and_then(|out| parse_exec_listing(out, path))
                {
                    Some(entries) if entries.len() <= LIST_CAP.entries => {
                        ExecListing::Listed(entries)
                    }
                    _ => ExecListing::CannotTell,
                },
                Some(2) => ExecListing::Missing,
                Some(3) => ExecListing::NotAFolder,
                _ => ExecListing::CannotTell,
            })
        };
        tokio::time::timeout(EXEC_LIMIT, run)
            .await
            .map_err(|_| EngineError::Timeout(format!("listing {path} did not finish")))?
    }

    /// The first [`PEEK_BYTES`] of file `path` of container `id`, running or not; nothing
    /// past them is fetched.
    pub async fn container_file_peek(
        &self,
        id: &str,
        path: &str,
        cancel: &CancellationToken,
    ) -> Result<FilePeek, EngineError> {
        let path = container_path(path)?;
        let c = self.inspect_for_files(id).await?;
        let name = shown_name(&c, id);
        let full_id = c.id.unwrap_or_else(|| id.to_owned());
        let head = self
            .read_archive(
                &full_id,
                &path,
                cancel,
                |_| {},
                |r| tarball::file_head(r, PEEK_BYTES),
            )
            .await
            .map_err(|e| missing_path(e, &name, &path))?;
        let Some((bytes, size)) = head else {
            return Err(EngineError::InvalidInput(format!(
                "path: {path} in {name} is not a file; only a file can be viewed"
            )));
        };
        let binary = bytes.contains(&0);
        Ok(FilePeek {
            text: if binary {
                String::new()
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            },
            binary,
            shown: bytes.len() as f64,
            size: size as f64,
        })
    }

    /// Copies `path` of container `id` (a file or a folder) into the folder `dest` on this
    /// computer, like `docker cp`. The archive is unpacked only inside `dest`. Returns the
    /// bytes of file contents written.
    pub async fn container_copy_from(
        &self,
        id: &str,
        path: &str,
        dest: &Path,
        cancel: &CancellationToken,
        on_bytes: impl FnMut(u64),
    ) -> Result<u64, EngineError> {
        let path = container_path(path)?;
        let c = self.inspect_for_files(id).await?;
        let name = shown_name(&c, id);
        let full_id = c.id.unwrap_or_else(|| id.to_owned());
        let dest = dest.to_path_buf();
        self.read_archive(&full_id, &path, cancel, on_bytes, move |r| {
            tarball::unpack_confined(r, &dest, |_| {}).map(|done| done.bytes)
        })
        .await
        .map_err(|e| missing_path(e, &name, &path))
    }

    /// Copies `sources` (files or folders on this computer) into folder `dest_path` of
    /// container `id`, each under its own name, replacing files of the same name there (a
    /// folder is never replaced by a file, nor the other way round). A folder that is missing,
    /// not a folder, or on a read-only root filesystem or mount is refused before anything is
    /// sent. Returns the bytes of file contents sent.
    pub async fn container_copy_to(
        &self,
        id: &str,
        dest_path: &str,
        sources: Vec<PathBuf>,
        cancel: &CancellationToken,
        on_bytes: impl FnMut(u64),
    ) -> Result<u64, EngineError> {
        let path = container_path(dest_path)?;
        let c = self.inspect_for_files(id).await?;
        let name = shown_name(&c, id);
        if let Some(why) = read_only_at(&c, &path) {
            return Err(EngineError::Conflict(format!(
                "folder: {path} in {name} is on {why}, so nothing can be copied there; choose a \
                 folder on a writable volume or mount"
            )));
        }
        let full_id = c.id.unwrap_or_else(|| id.to_owned());
        let stat = self
            .docker
            .get_container_archive_info(
                &full_id,
                Some(ContainerArchiveInfoOptions { path: path.clone() }),
            )
            .await
            .map_err(|e| missing_path(e.into(), &name, &path))?;
        // Go's FileMode: the folder bit is the top one.
        if stat.file_mode & (1 << 31) == 0 {
            return Err(EngineError::InvalidInput(format!(
                "folder: {path} in {name} is not a folder; upload into the folder that holds it"
            )));
        }
        let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(16);
        let packer =
            tokio::task::spawn_blocking(move || tarball::pack(&sources, ChunkWriter::new(tx)));
        self.write_archive(&full_id, &path, chunk_stream(rx), cancel, on_bytes)
            .await
            .map_err(|e| missing_path(e, &name, &path))?;
        packer
            .await
            .map_err(|e| EngineError::Protocol(format!("the archive writer stopped: {e}")))?
            .map_err(EngineError::from)
    }
}

/// The container's name as `docker ps` shows it, or what the window called it.
fn shown_name(c: &ContainerInspectResponse, id: &str) -> String {
    c.name
        .as_deref()
        .map(|n| n.trim_start_matches('/').to_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| id.to_owned())
}

/// Why `path` cannot be written, if it cannot: the mount it is on (the deepest one holding
/// it) is read-only, or it is on the root filesystem of a container run with `--read-only`.
fn read_only_at(c: &ContainerInspectResponse, path: &str) -> Option<String> {
    let under =
        |dest: &str| path == dest || path.starts_with(&format!("{}/", dest.trim_end_matches('/')));
    let mount = c
        .mounts
        .iter()
        .flatten()
        .filter(|m| m.destination.as_deref().is_some_and(under))
        .max_by_key(|m| m.destination.as_deref().map_or(0, str::len));
    match mount {
        Some(m) if m.rw == Some(false) => Some(format!(
            "a read-only mount ({})",
            m.destination.as_deref().unwrap_or("")
        )),
        Some(_) => None,
        None => c
            .host_config
            .as_ref()
            .and_then(|h| h.readonly_rootfs)
            .filter(|ro| *ro)
            .map(|_| "a read-only root filesystem (the container runs with --read-only)".into()),
    }
}

/// A 404 from the archive API is a path that is not there, said as such.
fn missing_path(e: EngineError, name: &str, path: &str) -> EngineError {
    match e {
        EngineError::NotFound(_) => EngineError::NotFound(format!("path: {path} is not in {name}")),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_paths_are_full_and_plain() {
        assert_eq!(container_path("").unwrap(), "/");
        assert_eq!(container_path("/").unwrap(), "/");
        assert_eq!(
            container_path("/etc//ssl/./certs/").unwrap(),
            "/etc/ssl/certs"
        );
        assert_eq!(container_path("/a/../../b").unwrap(), "/b");
        let err = container_path("etc").unwrap_err().to_string();
        assert!(err.starts_with("path:") && err.contains("/etc"), "{err}");
        assert!(container_path("/a\0b").is_err());
        assert_eq!(child("/", "etc"), "/etc");
        assert_eq!(child("/etc", "hosts"), "/etc/hosts");
    }

    #[test]
    fn the_exec_listing_reads_files_folders_and_links() {
        let out = "81a4/174/1796037611/./hosts//'./hosts'\n\
                   41ed/4096/1796037600/./ssl//'./ssl'\n\
                   a1ff/12/1796006235/./sh//'./sh' -> '/bin/busybox'\n\
                   a1ff/5/1796006235/./odd//'./odd' -> 'it'\\''s'\n\
                   21b6/0/1796006235/./null//'./null'\n";
        let got = parse_exec_listing(out, "/etc").unwrap();
        type Seen<'a> = (&'a str, &'a str, FileKind, f64, u32, Option<&'a str>);
        let seen: Vec<Seen> = got
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.path.as_str(),
                    e.kind,
                    e.size,
                    e.mode,
                    e.link_target.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("ssl", "/etc/ssl", FileKind::Folder, 0.0, 0o755, None),
                ("hosts", "/etc/hosts", FileKind::File, 174.0, 0o644, None),
                ("null", "/etc/null", FileKind::Other, 0.0, 0o666, None),
                ("odd", "/etc/odd", FileKind::Symlink, 0.0, 0o777, None),
                (
                    "sh",
                    "/etc/sh",
                    FileKind::Symlink,
                    0.0,
                    0o777,
                    Some("/bin/busybox")
                ),
            ]
        );
        assert_eq!(got[1].modified_ms, 1_796_037_611_000.0);
        assert_eq!(parse_exec_listing("", "/").unwrap(), []);
        // A name with a newline splits a record: the listing is not trusted.
        assert!(parse_exec_listing("81a4/1/1/./a\nb//'./a\nb'\n", "/").is_none());
        assert!(parse_exec_listing("stat: unrecognized option\n", "/").is_none());
    }

    #[test]
    fn the_copy_lines_read_as_docker_cp() {
        assert_eq!(
            copy_command("web", "/etc/nginx", "/home/me/My Files", true),
            "docker cp web:/etc/nginx '/home/me/My Files'"
        );
        assert_eq!(
            copy_command("web", "/tmp", "/home/me/a.txt", false),
            "docker cp /home/me/a.txt web:/tmp"
        );
    }

    #[test]
    fn read_only_places_are_found_by_the_deepest_mount() {
        let c: ContainerInspectResponse = serde_json::from_value(serde_json::json!({
            "HostConfig": {"ReadonlyRootfs": true},
            "Mounts": [
                {"Destination": "/data", "RW": true},
                {"Destination": "/data/ro", "RW": false},
            ]
        }))
        .unwrap();
        assert!(read_only_at(&c, "/etc").unwrap().contains("--read-only"));
        assert_eq!(read_only_at(&c, "/data"), None);
        assert_eq!(read_only_at(&c, "/data/x"), None);
        assert_eq!(read_only_at(&c, "/datax"), read_only_at(&c, "/etc"));
        assert!(read_only_at(&c, "/data/ro/y").unwrap().contains("/data/ro"));
    }
}
