//! A resource list kept in the backend, the only copy in the app: filled whole once, then
//! brought up to date by the changes the engine announces, each change going out to the UI as
//! a typed delta. The UI applies deltas and never asks the engine again, so a change costs one
//! engine call however many views show the list.
//!
//! Generic over the row type: containers are one instance; images, volumes and networks will
//! be others. It knows nothing of where changes come from (the supervisor's notices): whoever
//! keeps it fetches rows and hands them over with [`Kept::reset`] and [`Kept::patch`].
//!
//! Versions count the deltas sent, from 1, and keep counting across resets, so a reader can
//! tell an old delta (ignore it) from a missed one (reload).

use serde::Serialize;
use std::collections::HashSet;
use std::sync::Mutex;
use tokio::sync::broadcast;

/// A row of a kept list: it names its own key (the engine's id).
pub trait Keyed {
    fn key(&self) -> &str;
}

impl Keyed for crate::containers::ContainerRow {
    fn key(&self) -> &str {
        &self.id
    }
}

/// Which rows a change concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListChange {
    /// Just these rows: each is refetched, and the ones the engine no longer has are removed.
    Named(Vec<String>),
    /// Any row may have changed (a reconnect, missed events, too many to name): the whole list.
    Everything,
}

/// What changed in a kept list, in the order it changed.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Delta<T> {
    /// Rows added or changed (replace by key, or add), and keys of rows that left.
    #[serde(rename_all = "camelCase")]
    Patch {
        upserted: Vec<T>,
        removed: Vec<String>,
        version: u32,
    },
    /// The whole list, replacing what the reader has: after a (re)connect, a reconcile, or
    /// changes that were missed.
    #[serde(rename_all = "camelCase")]
    Reset { rows: Vec<T>, version: u32 },
}

impl<T> Delta<T> {
    pub fn version(&self) -> u32 {
        match self {
            Delta::Patch { version, .. } | Delta::Reset { version, .. } => *version,
        }
    }
}

/// The whole list and the version of the last delta it includes.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot<T> {
    pub rows: Vec<T>,
    pub version: u32,
}

/// The list itself and the delta logic, without locks or channels.
#[derive(Debug, Clone)]
pub struct KeptRows<T> {
    /// None until filled, and again once it can no longer be trusted (disconnected).
    rows: Option<Vec<T>>,
    version: u32,
}

impl<T> Default for KeptRows<T> {
    fn default() -> Self {
        KeptRows {
            rows: None,
            version: 0,
        }
    }
}

impl<T: Keyed + Clone + PartialEq> KeptRows<T> {
    pub fn is_known(&self) -> bool {
        self.rows.is_some()
    }

    pub fn version(&self) -> u32 {
        self.version
    }

    /// One row by its key, without copying the list.
    pub fn get(&self, key: &str) -> Option<T> {
        self.rows.as_ref()?.iter().find(|r| r.key() == key).cloned()
    }

    pub fn snapshot(&self) -> Option<Snapshot<T>> {
        Some(Snapshot {
            rows: self.rows.clone()?,
            version: self.version,
        })
    }

    /// Replaces the whole list.
    pub fn reset(&mut self, rows: Vec<T>) -> Delta<T> {
        self.version = self.version.wrapping_add(1);
        self.rows = Some(rows.clone());
        Delta::Reset {
            rows,
            version: self.version,
        }
    }

    /// Applies fresh rows of the keys `named`: each is replaced or added, and a named key
    /// without a fresh row (the engine no longer has it) leaves the list. Returns the delta,
    /// or None when nothing changed (or the list is not known: there is nothing to patch, and
    /// the fill that learns it fetches after this change).
    pub fn patch(&mut self, named: &[String], fresh: Vec<T>) -> Option<Delta<T>> {
        let rows = self.rows.as_mut()?;
        let fresh_keys: HashSet<&str> = fresh.iter().map(Keyed::key).collect();
        let mut removed = Vec::new();
        rows.retain(|r| {
            let gone = named.iter().any(|n| n == r.key()) && !fresh_keys.contains(r.key());
            if gone {
                removed.push(r.key().to_owned());
            }
            !gone
        });
        let mut upserted = Vec::new();
        for row in fresh {
            match rows.iter_mut().find(|r| r.key() == row.key()) {
                Some(old) if *old == row => {}
                Some(old) => {
                    *old = row.clone();
                    upserted.push(row);
                }
                None => {
                    rows.push(row.clone());
                    upserted.push(row);
                }
            }
        }
        if upserted.is_empty() && removed.is_empty() {
            return None;
        }
        self.version = self.version.wrapping_add(1);
        Some(Delta::Patch {
            upserted,
            removed,
            version: self.version,
        })
    }

    /// Drops the list (it can no longer be kept current); the next fill sends a reset.
    pub fn forget(&mut self) {
        self.rows = None;
    }

    /// Drops the list and tells readers so with an empty reset: its rows belong to an engine
    /// the app has left, and must not stay on screen until the next engine's list arrives.
    pub fn clear(&mut self) -> Delta<T> {
        self.version = self.version.wrapping_add(1);
        self.rows = None;
        Delta::Reset {
            rows: vec![],
            version: self.version,
        }
    }
}

/// A kept list shared by its keeper (the only writer) and its readers, with the deltas it
/// sends. Each delta is sent while the list is locked, so deltas go out in version order and a
/// reader's snapshot is never older than a delta already sent.
pub struct Kept<T: Clone> {
    rows: Mutex<KeptRows<T>>,
    deltas: broadcast::Sender<Delta<T>>,
}

impl<T: Keyed + Clone + PartialEq> Default for Kept<T> {
    fn default() -> Self {
        Kept {
            rows: Mutex::new(KeptRows::default()),
            // A reader that falls this far behind misses deltas and reloads.
            deltas: broadcast::channel(1024).0,
        }
    }
}

impl<T: Keyed + Clone + PartialEq> Kept<T> {
    /// The whole list with its version, or None when it is not known (yet).
    pub fn snapshot(&self) -> Option<Snapshot<T>> {
        self.rows.lock().ok()?.snapshot()
    }

    /// Every delta from now on, in order.
    pub fn subscribe(&self) -> broadcast::Receiver<Delta<T>> {
        self.deltas.subscribe()
    }

    pub fn reset(&self, rows: Vec<T>) {
        self.with(|k| Some(k.reset(rows)));
    }

    pub fn patch(&self, named: &[String], fresh: Vec<T>) {
        self.with(|k| k.patch(named, fresh));
    }

    pub fn forget(&self) {
        self.with(|k| {
            k.forget();
            None
        });
    }

    /// See [`KeptRows::clear`].
    pub fn clear(&self) {
        self.with(|k| Some(k.clear()));
    }

    pub fn is_known(&self) -> bool {
        self.rows.lock().map(|k| k.is_known()).unwrap_or(false)
    }

    /// One row by its key, if the list is known and holds it.
    pub fn get(&self, key: &str) -> Option<T> {
        let rows = self.rows.lock().ok()?;
        rows.get(key)
    }

    fn with(&self, f: impl FnOnce(&mut KeptRows<T>) -> Option<Delta<T>>) {
        let Ok(mut rows) = self.rows.lock() else {
            return;
        };
        if let Some(delta) = f(&mut rows) {
            // No subscriber is fine: nobody is showing the list.
            let _ = self.deltas.send(delta);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Row(&'static str, u32);

    impl Keyed for Row {
        fn key(&self) -> &str {
            self.0
        }
    }

    fn named(keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| k.to_string()).collect()
    }

    /// Applies a delta to a reader's copy, as the UI does.
    fn apply(copy: &mut Vec<Row>, delta: &Delta<Row>) {
        match delta {
            Delta::Reset { rows, .. } => *copy = rows.clone(),
            Delta::Patch {
                upserted, removed, ..
            } => {
                copy.retain(|r| !removed.iter().any(|k| k == r.key()));
                for row in upserted {
                    match copy.iter_mut().find(|r| r.0 == row.0) {
                        Some(old) => *old = row.clone(),
                        None => copy.push(row.clone()),
                    }
                }
            }
        }
    }

    #[test]
    fn nothing_is_patched_before_the_first_fill() {
        let mut k = KeptRows::<Row>::default();
        assert_eq!(k.patch(&named(&["a"]), vec![Row("a", 1)]), None);
        assert!(k.snapshot().is_none());
        assert_eq!(k.version(), 0);
    }

    #[test]
    fn a_patch_sends_only_what_changed_and_counts_versions() {
        let mut k = KeptRows::default();
        let reset = k.reset(vec![Row("a", 1), Row("b", 1), Row("c", 1)]);
        assert_eq!(reset.version(), 1);
        // a changed, b unchanged, c gone, d new; e named but neither there nor fresh.
        let delta = k
            .patch(
                &named(&["a", "b", "c", "d", "e"]),
                vec![Row("a", 2), Row("b", 1), Row("d", 1)],
            )
            .unwrap();
        assert_eq!(
            delta,
            Delta::Patch {
                upserted: vec![Row("a", 2), Row("d", 1)],
                removed: named(&["c"]),
                version: 2,
            }
        );
        assert_eq!(
            k.snapshot().unwrap().rows,
            vec![Row("a", 2), Row("b", 1), Row("d", 1)]
        );
        // Rows not named are left alone even when the fresh rows lack them.
        assert_eq!(k.patch(&named(&["a"]), vec![Row("a", 2)]), None);
        assert_eq!(k.version(), 2, "no delta, no new version");
    }

    #[test]
    fn deltas_applied_in_order_give_the_kept_list() {
        let mut k = KeptRows::default();
        let mut copy = Vec::new();
        let steps: Vec<(Vec<&str>, Vec<Row>)> = vec![
            (vec!["x"], vec![Row("x", 1)]),
            (vec!["y", "x"], vec![Row("y", 1), Row("x", 2)]),
            (vec!["x"], vec![]),
            (vec!["z", "y"], vec![Row("z", 5)]),
        ];
        apply(&mut copy, &k.reset(vec![Row("w", 0)]));
        for (names, fresh) in steps {
            if let Some(d) = k.patch(&named(&names), fresh) {
                apply(&mut copy, &d);
            }
            assert_eq!(copy, k.snapshot().unwrap().rows);
        }
    }

    #[test]
    fn versions_keep_counting_across_a_forget_and_reset() {
        let mut k = KeptRows::default();
        k.reset(vec![Row("a", 1)]);
        k.patch(&named(&["a"]), vec![Row("a", 2)]);
        k.forget();
        assert!(k.snapshot().is_none());
        assert_eq!(k.patch(&named(&["a"]), vec![Row("a", 3)]), None);
        let again = k.reset(vec![Row("b", 1)]);
        assert_eq!(again.version(), 3, "a reader at 2 must not take it for old");
    }

    #[tokio::test]
    async fn deltas_go_out_in_version_order_and_snapshots_are_never_behind_them() {
        let kept = Kept::<Row>::default();
        let mut rx = kept.subscribe();
        kept.reset(vec![Row("a", 1)]);
        kept.patch(&named(&["a"]), vec![Row("a", 2)]);
        kept.patch(&named(&["a"]), vec![Row("a", 2)]);
        kept.patch(&named(&["a"]), vec![]);
        let versions: Vec<u32> = std::iter::from_fn(|| rx.try_recv().ok())
            .map(|d| d.version())
            .collect();
        assert_eq!(versions, vec![1, 2, 3]);
        let snap = kept.snapshot().unwrap();
        assert_eq!(snap.version, 3);
        assert!(snap.rows.is_empty());
    }

    #[test]
    fn deltas_serialize_tagged_for_the_ui() {
        #[derive(Debug, Clone, PartialEq, Serialize)]
        struct R {
            id: String,
        }
        let d: Delta<R> = Delta::Patch {
            upserted: vec![R { id: "a".into() }],
            removed: vec!["b".into()],
            version: 7,
        };
        assert_eq!(
            serde_json::to_value(&d).unwrap(),
            serde_json::json!({"kind": "patch", "upserted": [{"id": "a"}], "removed": ["b"], "version": 7})
        );
    }
}
