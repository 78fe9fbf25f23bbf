//! Lays an image's layers on top of one another, lowest first, as the engine's union
//! filesystem does, and says per layer what it ADDED (a path no lower layer had), CHANGED (a
//! path a lower layer had, written again) and DELETED (hidden by a whiteout or an opaque
//! folder). Bytes of a file that a later layer overwrites or deletes are wasted: they still
//! ship in the image but nobody sees them; they count in the layer that wrote them.
//!
//! The score follows the brief's form of dive's: 1 − wasted / all file bytes of all layers.
//! (dive keeps the smallest copy of a path as needed; here the copy that stays visible is.)

use super::walk::{EntryKind, LayerItem};
use crate::containers::changes::ChangeKind;
use std::collections::BTreeMap;

/// How many files [`Combined::biggest`] lists.
pub const BIGGEST: usize = 20;

/// One change a layer made.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub path: String,
    pub change: ChangeKind,
    pub kind: EntryKind,
    /// A file's bytes; for a deletion, the bytes of everything that went with the path.
    pub size: u64,
    pub mode: u32,
    pub link: Option<String>,
}

/// What one layer did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayerOutcome {
    /// Sorted by path. Deletions list the top-most path that went (a folder, not each file in it).
    pub changes: Vec<Change>,
    pub added: u32,
    pub changed: u32,
    pub deleted: u32,
    /// File bytes this layer wrote.
    pub bytes: u64,
    /// Of those, bytes a later layer overwrote or deleted.
    pub wasted: u64,
}

/// A file of the final image.
#[derive(Debug, Clone, PartialEq)]
pub struct FinalFile {
    pub path: String,
    pub size: u64,
    /// The layer (0 = lowest) that wrote the copy the image shows.
    pub layer: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Combined {
    pub layers: Vec<LayerOutcome>,
    pub total_bytes: u64,
    pub wasted_bytes: u64,
    /// 1 − wasted / total (1 for an image without file bytes).
    pub score: f64,
    /// The biggest files of the final image, biggest first (at most [`BIGGEST`]).
    pub biggest: Vec<FinalFile>,
}

/// A path as the image shows it so far.
#[derive(Debug, Clone, Copy)]
struct Held {
    kind: EntryKind,
    size: u64,
    layer: usize,
}

/// Takes `path` and everything below it out of `view`, into `gone`.
fn take_subtree(view: &mut BTreeMap<String, Held>, path: &str, gone: &mut BTreeMap<String, Held>) {
    if let Some(h) = view.remove(path) {
        gone.insert(path.to_owned(), h);
    }
    take_below(view, path, gone);
}

/// Takes everything strictly below folder `dir` ("" is the root) out of `view`, into `gone`.
fn take_below(view: &mut BTreeMap<String, Held>, dir: &str, gone: &mut BTreeMap<String, Held>) {
    let below: Vec<String> = if dir.is_empty() {
        view.keys().cloned().collect()
    } else {
        let prefix = format!("{dir}/");
        view.range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, _)| k.clone())
            .collect()
    };
    for k in below {
        if let Some(h) = view.remove(&k) {
            gone.insert(k, h);
        }
    }
}

fn parent(path: &str) -> Option<&str> {
    path.rsplit_once('/').map(|(p, _)| p)
}

/// Combines `layers`, lowest first.
pub fn combine(layers: &[&[LayerItem]]) -> Combined {
    let mut view: BTreeMap<String, Held> = BTreeMap::new();
    let mut out: Vec<LayerOutcome> = vec![LayerOutcome::default(); layers.len()];
    for (i, items) in layers.iter().enumerate() {
        // Deletions first: within a layer a whiteout or an opaque marker speaks of the lower
        // layers only, and what the layer itself writes stays.
        let mut gone: BTreeMap<String, Held> = BTreeMap::new();
        for item in items.iter() {
            match item {
                LayerItem::Whiteout(p) => take_subtree(&mut view, p, &mut gone),
                LayerItem::Opaque(d) => take_below(&mut view, d, &mut gone),
                LayerItem::Entry(_) => {}
            }
        }
        let mut changes = Vec::new();
        for item in items.iter() {
            let LayerItem::Entry(e) = item else { continue };
            let before = view.remove(&e.path).or_else(|| gone.remove(&e.path));
            if let Some(b) = before {
                // A folder replaced by anything else takes its contents with it.
                if b.kind == EntryKind::Folder && e.kind != EntryKind::Folder {
                    take_below(&mut view, &e.path, &mut gone);
                }
                if b.kind == EntryKind::File {
                    out[b.layer].wasted += b.size;
                }
            }
            let change = if before.is_some() {
                ChangeKind::Changed
            } else {
                ChangeKind::Added
            };
            match change {
                ChangeKind::Changed => out[i].changed += 1,
                _ => out[i].added += 1,
            }
            out[i].bytes += e.size;
            view.insert(
                e.path.clone(),
                Held {
                    kind: e.kind,
                    size: e.size,
                    layer: i,
                },
            );
            changes.push(Change {
                path: e.path.clone(),
                change,
                kind: e.kind,
                size: e.size,
                mode: e.mode,
                link: e.link.clone(),
            });
        }
        // What went and was not written again: wasted where it was written; listed once, at
        // its top-most path, with the bytes of all that went with it.
        let mut top: BTreeMap<String, (Held, u64)> = BTreeMap::new();
        for (path, held) in &gone {
            if held.kind == EntryKind::File {
                out[held.layer].wasted += held.size;
            }
            // The highest folder above it that went too, if any.
            let mut highest: Option<&str> = None;
            let mut p = parent(path);
            while let Some(d) = p {
                if gone.contains_key(d) {
                    highest = Some(d);
                }
                p = parent(d);
            }
            match highest {
                Some(folder) => {
                    if let Some(t) = top.get_mut(folder) {
                        t.1 += held.size;
                    }
                }
                None => {
                    top.insert(path.clone(), (*held, held.size));
                }
            }
        }
        for (path, (held, size)) in top {
            out[i].deleted += 1;
            changes.push(Change {
                path,
                change: ChangeKind::Deleted,
                kind: held.kind,
                size,
                mode: 0,
                link: None,
            });
        }
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        out[i].changes = changes;
    }
    let total_bytes: u64 = out.iter().map(|l| l.bytes).sum();
    let wasted_bytes: u64 = out.iter().map(|l| l.wasted).sum();
    let score = if total_bytes == 0 {
        1.0
    } else {
        1.0 - wasted_bytes as f64 / total_bytes as f64
    };
    let mut files: Vec<FinalFile> = view
        .into_iter()
        .filter(|(_, h)| h.kind == EntryKind::File)
        .map(|(path, h)| FinalFile {
            path,
            size: h.size,
            layer: h.layer,
        })
        .collect();
    files.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.path.cmp(&b.path)));
    files.truncate(BIGGEST);
    Combined {
        layers: out,
        total_bytes,
        wasted_bytes,
        score,
        biggest: files,
    }
}

#[cfg(test)]
mod tests {
    use super::super::walk::tests::layer_tar;
    use super::super::walk::{read_saved, Limits};
    use super::*;

    fn items(entries: &[(&str, &[u8])]) -> Vec<LayerItem> {
        let archive = super::super::walk::tests::outer_tar(&[("l/layer.tar", layer_tar(entries))]);
        let mut saved = read_saved(&archive[..], Limits::default(), |_| {}).unwrap();
        saved.layers.remove("l/layer.tar").unwrap()
    }

    fn seen(l: &LayerOutcome) -> Vec<String> {
        l.changes
            .iter()
            .map(|c| format!("{:?} {} {}", c.change, c.path, c.size))
            .collect()
    }

    #[test]
    fn a_file_added_overwritten_then_deleted_is_wasted_where_written() {
        let l0 = items(&[("data/", b""), ("data/f", &[1; 100])]);
        let l1 = items(&[("data/", b""), ("data/f", &[2; 30])]);
        let l2 = items(&[("data/", b""), ("data/.wh.f", b"")]);
        let c = combine(&[&l0, &l1, &l2]);
        assert_eq!(seen(&c.layers[0]), ["Added data 0", "Added data/f 100"]);
        assert_eq!(seen(&c.layers[1]), ["Changed data 0", "Changed data/f 30"]);
        assert_eq!(seen(&c.layers[2]), ["Changed data 0", "Deleted data/f 30"]);
        assert_eq!(
            (c.layers[2].added, c.layers[2].changed, c.layers[2].deleted),
            (0, 1, 1)
        );
        assert_eq!(c.layers[0].wasted, 100);
        assert_eq!(c.layers[1].wasted, 30);
        assert_eq!(c.layers[2].wasted, 0);
        assert_eq!((c.total_bytes, c.wasted_bytes), (130, 130));
        assert_eq!(c.score, 0.0);
        assert!(c.biggest.is_empty());
    }

    #[test]
    fn an_opaque_folder_hides_everything_lower_layers_had_below_it() {
        let l0 = items(&[
            ("cache/", b""),
            ("cache/a", &[0; 10]),
            ("cache/sub/", b""),
            ("cache/sub/b", &[0; 5]),
            ("keep", &[0; 7]),
        ]);
        let l1 = items(&[
            ("cache/", b""),
            ("cache/.wh..wh..opq", b""),
            ("cache/a", &[0; 3]),
            ("cache/c", &[0; 4]),
        ]);
        let c = combine(&[&l0, &l1]);
        assert_eq!(
            seen(&c.layers[1]),
            [
                "Changed cache 0",
                // Written again in the same layer: a change, not a deletion.
                "Changed cache/a 3",
                "Added cache/c 4",
                // The folder went whole: listed once, with the bytes below it.
                "Deleted cache/sub 5",
            ]
        );
        assert_eq!(c.layers[0].wasted, 15);
        assert_eq!(c.wasted_bytes, 15);
        assert_eq!(c.total_bytes, 29);
        assert!((c.score - (1.0 - 15.0 / 29.0)).abs() < 1e-12);
        let biggest: Vec<(&str, u64, usize)> = c
            .biggest
            .iter()
            .map(|f| (f.path.as_str(), f.size, f.layer))
            .collect();
        assert_eq!(
            biggest,
            [("keep", 7, 0), ("cache/c", 4, 1), ("cache/a", 3, 1)]
        );
    }

    #[test]
    fn a_whiteout_of_a_folder_lists_the_folder_with_all_it_held() {
        let l0 = items(&[
            ("d/", b""),
            ("d/x", &[0; 2]),
            ("d/e/", b""),
            ("d/e/y", &[0; 3]),
        ]);
        let l1 = items(&[(".wh.d", b"")]);
        let c = combine(&[&l0, &l1]);
        assert_eq!(seen(&c.layers[1]), ["Deleted d 5"]);
        assert_eq!(c.layers[1].deleted, 1);
        assert_eq!(c.layers[0].wasted, 5);
    }

    #[test]
    fn a_whiteout_of_nothing_deletes_nothing() {
        let l0 = items(&[("a", b"1")]);
        let l1 = items(&[(".wh.b", b"")]);
        let c = combine(&[&l0, &l1]);
        assert!(c.layers[1].changes.is_empty());
        assert_eq!(c.score, 1.0);
    }

    #[test]
    fn a_file_replacing_a_folder_takes_its_contents() {
        let l0 = items(&[("p/", b""), ("p/q", &[0; 4])]);
        let l1 = items(&[("p", &[0; 1])]);
        let c = combine(&[&l0, &l1]);
        assert_eq!(seen(&c.layers[1]), ["Changed p 1", "Deleted p/q 4"]);
        assert_eq!(c.layers[0].wasted, 4);
    }

    #[test]
    fn an_image_without_bytes_scores_one() {
        let c = combine(&[]);
        assert_eq!(c.score, 1.0);
        assert!(c.layers.is_empty());
    }
}
