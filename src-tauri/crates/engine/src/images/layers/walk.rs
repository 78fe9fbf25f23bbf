//! Reads a `docker save` archive as it streams, entry by entry, never holding a file body:
//! each layer (`<dir>/layer.tar` in the classic format, `blobs/sha256/<hex>` in the OCI
//! layout, plain or gzip'd) is itself read as a stream of tar headers, and only its entries'
//! metadata is kept. Small JSON files (manifest.json, index.json, image configs, OCI
//! manifests) are kept whole, up to [`Limits::json_bytes`] each. The archive's order is not
//! the layer order; `manifest.json` (read by the caller) tells it.
//!
//! Reading tar is the `tar` crate's and gzip is `flate2`'s; this module only decides what to
//! keep. Paths are capped at [`Limits::paths`] across all layers: past it the walk stops with
//! [`LayerError::TooManyPaths`], so an image of millions of files cannot take unbounded memory.

use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The bounds of one walk.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Paths kept across all layers (files, folders, links, whiteouts). Each costs about its
    /// path's length plus 80 bytes, so the default (1,000,000) stays under about 200 MB even
    /// for long paths; real images have thousands to a few hundred thousand.
    pub paths: usize,
    /// The largest JSON file kept (configs and manifests are a few KB).
    pub json_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            paths: 1_000_000,
            json_bytes: 16 * 1024 * 1024,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LayerError {
    #[error(
        "image: its layers hold more than {0} paths; the layer explorer reads at most that \
         many to keep its memory bounded"
    )]
    TooManyPaths(usize),
    #[error("the saved image could not be read at {at}: {message}")]
    Unreadable { at: String, message: String },
    #[error("the saved image has no {0}: it is not an archive `docker save` writes")]
    Missing(String),
}

fn unreadable(at: &str, e: impl std::fmt::Display) -> LayerError {
    LayerError::Unreadable {
        at: at.to_owned(),
        message: e.to_string(),
    }
}

/// What an entry of a layer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum EntryKind {
    File,
    Folder,
    Symlink,
    Hardlink,
    Other,
}

/// One path a layer lists, without its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry {
    /// Relative to the image's root, no leading `/` or `./`, no trailing `/`.
    pub path: String,
    pub kind: EntryKind,
    /// Bytes of a file's body (0 for anything else, hard links included).
    pub size: u64,
    pub mode: u32,
    pub link: Option<String>,
}

/// What a layer says about one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerItem {
    Entry(RawEntry),
    /// `<dir>/.wh.<name>`: `<dir>/<name>` (and all below it) from lower layers is gone.
    Whiteout(String),
    /// `<dir>/.wh..wh..opq`: everything lower layers had below `<dir>` is gone.
    Opaque(String),
}

/// A saved image's parts, by their path in the archive.
#[derive(Debug, Default)]
pub struct SavedImage {
    pub layers: HashMap<String, Vec<LayerItem>>,
    /// A layer path that is a symlink to another (the classic format links repeated layers).
    pub links: HashMap<String, String>,
    pub json: HashMap<String, Vec<u8>>,
}

impl SavedImage {
    /// The layer at `path`, following links.
    pub fn layer(&self, path: &str) -> Option<&[LayerItem]> {
        let mut at = path;
        for _ in 0..8 {
            if let Some(items) = self.layers.get(at) {
                return Some(items);
            }
            at = self.links.get(at)?;
        }
        None
    }
}

/// `./a/b/` → `a/b`.
pub fn clean_path(raw: &str) -> String {
    let mut p = raw;
    loop {
        if let Some(rest) = p.strip_prefix("./") {
            p = rest;
        } else if let Some(rest) = p.strip_prefix('/') {
            p = rest;
        } else {
            break;
        }
    }
    p.trim_end_matches('/').to_owned()
}

/// `dir/../x` resolved against the folder of a link.
fn resolve(from: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        from.split('/').collect::<Vec<_>>()
    };
    // The link's own name is not part of its folder.
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Whether a top-level entry of the archive may be a layer or a JSON blob.
fn may_be_blob(path: &str) -> bool {
    path.ends_with("/layer.tar") || path.starts_with("blobs/")
}

fn is_top_json(path: &str) -> bool {
    !path.contains('/') && path.ends_with(".json")
}

/// Reads up to `n` bytes (fewer only at the end of `r`).
fn head(r: &mut impl Read, n: usize, at: &str) -> Result<Vec<u8>, LayerError> {
    let mut buf = Vec::with_capacity(n);
    r.by_ref()
        .take(n as u64)
        .read_to_end(&mut buf)
        .map_err(|e| unreadable(at, e))?;
    Ok(buf)
}

/// Walks the archive `reader` gives (a `docker save` stream). `on_layer` is told the layers
/// read so far after each one.
pub fn read_saved(
    reader: impl Read,
    limits: Limits,
    mut on_layer: impl FnMut(usize),
) -> Result<SavedImage, LayerError> {
    let mut saved = SavedImage::default();
    let mut paths = 0usize;
    let mut archive = tar::Archive::new(reader);
    let entries = archive.entries().map_err(|e| unreadable("the start", e))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| unreadable("an entry's header", e))?;
        let path = clean_path(
            &entry
                .path()
                .map_err(|e| unreadable("a path", e))?
                .to_string_lossy(),
        );
        let kind = entry.header().entry_type();
        if kind.is_symlink() && may_be_blob(&path) {
            if let Ok(Some(target)) = entry.link_name() {
                let target = resolve(&path, &target.to_string_lossy());
                saved.links.insert(path, target);
            }
            continue;
        }
        if !kind.is_file() {
            continue;
        }
        if is_top_json(&path) {
            let body = read_json(&mut entry, &path, limits)?;
            saved.json.insert(path, body);
            continue;
        }
        if !may_be_blob(&path) {
            continue;
        }
        let start = head(&mut entry, 512, &path)?;
        if matches!(
            start.iter().find(|b| !b.is_ascii_whitespace()),
            Some(b'{' | b'[')
        ) {
            let mut body = start;
            let rest = read_json(&mut entry, &path, limits)?;
            body.extend(rest);
            saved.json.insert(path, body);
            continue;
        }
        let whole = Cursor::new(start).chain(&mut entry);
        let items = read_layer(whole, &path, &mut paths, limits)?;
        saved.layers.insert(path, items);
        on_layer(saved.layers.len());
    }
    // The end-of-archive blocks (and any padding after them) are read too, so the engine's
    // response is taken to its end rather than cut off.
    std::io::copy(&mut archive.into_inner(), &mut std::io::sink())
        .map_err(|e| unreadable("the end", e))?;
    Ok(saved)
}

fn read_json(r: &mut impl Read, at: &str, limits: Limits) -> Result<Vec<u8>, LayerError> {
    let body = head(r, limits.json_bytes as usize + 1, at)?;
    if body.len() as u64 > limits.json_bytes {
        return Err(unreadable(
            at,
            format!("a JSON file larger than {} bytes", limits.json_bytes),
        ));
    }
    Ok(body)
}

/// One layer's entries; gzip'd layers are unpacked on the fly.
fn read_layer(
    mut r: impl Read,
    at: &str,
    paths: &mut usize,
    limits: Limits,
) -> Result<Vec<LayerItem>, LayerError> {
    let start = head(&mut r, 2, at)?;
    let whole = Cursor::new(start.clone()).chain(r);
    if start == [0x1f, 0x8b] {
        read_layer_tar(flate2::read::GzDecoder::new(whole), at, paths, limits)
    } else {
        read_layer_tar(whole, at, paths, limits)
    }
}

fn read_layer_tar(
    r: impl Read,
    at: &str,
    paths: &mut usize,
    limits: Limits,
) -> Result<Vec<LayerItem>, LayerError> {
    let mut items = Vec::new();
    let mut archive = tar::Archive::new(r);
    for entry in archive.entries().map_err(|e| unreadable(at, e))? {
        let entry = entry.map_err(|e| unreadable(at, e))?;
        let path = clean_path(
            &entry
                .path()
                .map_err(|e| unreadable(at, e))?
                .to_string_lossy(),
        );
        if path.is_empty() || path == "." {
            continue;
        }
        *paths += 1;
        if *paths > limits.paths {
            return Err(LayerError::TooManyPaths(limits.paths));
        }
        let (dir, name) = match path.rsplit_once('/') {
            Some((d, n)) => (d, n),
            None => ("", path.as_str()),
        };
        if name == ".wh..wh..opq" {
            items.push(LayerItem::Opaque(dir.to_owned()));
            continue;
        }
        if let Some(hidden) = name.strip_prefix(".wh.") {
            // `.wh..wh.*` other than the opaque marker are aufs bookkeeping, not deletions.
            if !hidden.starts_with(".wh.") {
                let gone = if dir.is_empty() {
                    hidden.to_owned()
                } else {
                    format!("{dir}/{hidden}")
                };
                items.push(LayerItem::Whiteout(gone));
            }
            continue;
        }
        let header = entry.header();
        let t = header.entry_type();
        let kind = if t.is_dir() {
            EntryKind::Folder
        } else if t.is_symlink() {
            EntryKind::Symlink
        } else if t.is_hard_link() {
            EntryKind::Hardlink
        } else if t.is_file() || t.is_contiguous() {
            EntryKind::File
        } else {
            EntryKind::Other
        };
        let size = if kind == EntryKind::File {
            entry.size()
        } else {
            0
        };
        let link = entry
            .link_name()
            .ok()
            .flatten()
            .map(|l| l.to_string_lossy().into_owned());
        items.push(LayerItem::Entry(RawEntry {
            path,
            kind,
            size,
            mode: header.mode().unwrap_or(0),
            link,
        }));
    }
    Ok(items)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A layer tar made in memory: `(path, body)` files, `path/` folders, `path -> target`
    /// symlinks.
    pub fn layer_tar(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (path, body) in entries {
            let mut h = tar::Header::new_gnu();
            if let Some((name, target)) = path.split_once(" -> ") {
                h.set_entry_type(tar::EntryType::Symlink);
                h.set_size(0);
                h.set_mode(0o777);
                b.append_link(&mut h, name, target).unwrap();
            } else if path.ends_with('/') {
                h.set_entry_type(tar::EntryType::Directory);
                h.set_size(0);
                h.set_mode(0o755);
                b.append_data(&mut h, path, &[][..]).unwrap();
            } else {
                h.set_entry_type(tar::EntryType::Regular);
                h.set_size(body.len() as u64);
                h.set_mode(0o644);
                b.append_data(&mut h, path, *body).unwrap();
            }
        }
        b.into_inner().unwrap()
    }

    /// An outer archive of `(path, body)` files.
    pub fn outer_tar(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (path, body) in files {
            let mut h = tar::Header::new_gnu();
            h.set_entry_type(tar::EntryType::Regular);
            h.set_size(body.len() as u64);
            h.set_mode(0o644);
            b.append_data(&mut h, path, &body[..]).unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn whiteouts_and_opaque_markers_become_items_not_entries() {
        let layer = layer_tar(&[
            ("etc/", b""),
            ("etc/.wh.motd", b""),
            ("var/cache/", b""),
            ("var/cache/.wh..wh..opq", b""),
            ("var/cache/new", b"12345"),
            (".wh.tmp", b""),
            (".wh..wh.plnk", b""),
            ("bin/sh -> busybox", b""),
        ]);
        let items = read_layer(&layer[..], "l", &mut 0, Limits::default()).unwrap();
        let names: Vec<String> = items
            .iter()
            .map(|i| match i {
                LayerItem::Entry(e) => format!("{:?} {} {}", e.kind, e.path, e.size),
                LayerItem::Whiteout(p) => format!("wh {p}"),
                LayerItem::Opaque(p) => format!("opq {p}"),
            })
            .collect();
        assert_eq!(
            names,
            [
                "Folder etc 0",
                "wh etc/motd",
                "Folder var/cache 0",
                "opq var/cache",
                "File var/cache/new 5",
                "wh tmp",
                "Symlink bin/sh 0",
            ]
        );
        let LayerItem::Entry(link) = &items[6] else {
            panic!("{items:?}")
        };
        assert_eq!(link.link.as_deref(), Some("busybox"));
    }

    #[test]
    fn classic_and_gzip_and_json_blobs_are_told_apart() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let plain = layer_tar(&[("a", b"xx")]);
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&layer_tar(&[("b", b"yyy")])).unwrap();
        let gz = gz.finish().unwrap();
        let archive = outer_tar(&[
            ("abc/layer.tar", plain),
            ("abc/json", b"{}".to_vec()),
            ("blobs/sha256/def", gz),
            ("blobs/sha256/cfg", b"{\"history\":[]}".to_vec()),
            ("manifest.json", b"[]".to_vec()),
            ("repositories", b"{}".to_vec()),
        ]);
        let mut seen = Vec::new();
        let saved = read_saved(&archive[..], Limits::default(), |n| seen.push(n)).unwrap();
        assert_eq!(seen, [1, 2]);
        assert_eq!(saved.layers.len(), 2);
        assert!(
            matches!(&saved.layer("abc/layer.tar").unwrap()[0], LayerItem::Entry(e) if e.path == "a" && e.size == 2)
        );
        assert!(
            matches!(&saved.layer("blobs/sha256/def").unwrap()[0], LayerItem::Entry(e) if e.path == "b" && e.size == 3)
        );
        let mut json: Vec<&str> = saved.json.keys().map(|k| k.as_str()).collect();
        json.sort();
        assert_eq!(json, ["blobs/sha256/cfg", "manifest.json"]);
    }

    #[test]
    fn past_the_path_cap_the_walk_stops_with_a_clear_error() {
        let layer = layer_tar(&[("a", b""), ("b", b""), ("c", b"")]);
        let archive = outer_tar(&[("x/layer.tar", layer)]);
        let limits = Limits {
            paths: 2,
            ..Limits::default()
        };
        let err = read_saved(&archive[..], limits, |_| {}).unwrap_err();
        assert!(matches!(err, LayerError::TooManyPaths(2)));
        assert!(err.to_string().contains("more than 2 paths"));
    }

    #[test]
    fn linked_layers_resolve_to_their_target() {
        assert_eq!(resolve("b/layer.tar", "../a/layer.tar"), "a/layer.tar");
        let mut saved = SavedImage::default();
        saved.layers.insert("a/layer.tar".into(), vec![]);
        saved
            .links
            .insert("b/layer.tar".into(), "a/layer.tar".into());
        assert!(saved.layer("b/layer.tar").is_some());
        assert!(saved.layer("c/layer.tar").is_none());
    }

    #[test]
    fn paths_are_cleaned() {
        assert_eq!(clean_path("./a/b/"), "a/b");
        assert_eq!(clean_path("/a"), "a");
        assert_eq!(clean_path("./"), "");
    }
}
