//! The container list, kept current in the backend from the supervisor's change notices, so
//! opening the Containers view costs no engine call: at 1,000 containers the engine takes
//! ~100 ms to list them, which alone would use most of the 150 ms budget for a painted list.
//!
//! Kept the way the view keeps its own copy (tested against `docker ps -a` in the P8 storm):
//! the whole list first, then only the containers each notice names, and the whole list again
//! after a reconcile. Notices that arrive while the whole list is being fetched are kept and
//! applied to it before it is stored, so a busy engine (a notice every few milliseconds) still
//! gets a list. Anything doubtful (disconnected, a failed fetch) empties it, and callers fall
//! back to asking the engine.
//!
//! It starts empty and is first filled by [`ContainerCache::fill`] (the app calls it once its
//! window has painted, so the fetch does not compete with start-up), then kept filled.

use crate::connection::Engine;
use crate::containers::ContainerRow;
use crate::error::EngineError;
use crate::supervisor::{ConnectionState, EngineHandle, ResourcesChanged};
use crate::ResourceKind;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;

/// How many rounds of "apply what arrived during the last round" a fill makes before it gives
/// up storing its list. Each round is one id-filtered list call, so rounds shrink fast; only
/// an engine changing faster than it answers runs out, and then readers keep asking the
/// engine, which is correct, just not free.
const FILL_ROUNDS: usize = 8;

pub struct ContainerCache {
    state: Mutex<State>,
    /// The `seq` of the last notice [`ContainerCache::keep`] has dealt with.
    applied: watch::Sender<u64>,
}

impl Default for ContainerCache {
    fn default() -> Self {
        ContainerCache {
            state: Mutex::default(),
            applied: watch::channel(0).0,
        }
    }
}

#[derive(Default)]
struct State {
    rows: Option<Vec<ContainerRow>>,
    /// Bumped when the list is forgotten (disconnected) and on every reconcile (connected,
    /// perhaps to another engine): fills begun before that do not store their list.
    epoch: u64,
    /// Filled once: from then on a reconcile refills it.
    wanted: bool,
    /// Fills in flight, each with the container notices that arrived since it began.
    fills: HashMap<u64, Vec<ResourcesChanged>>,
    next_fill: u64,
}

impl ContainerCache {
    /// `docker ps -a` as last known, or None when it is not known (yet).
    pub fn rows(&self) -> Option<Vec<ContainerRow>> {
        self.state.lock().ok()?.rows.clone()
    }

    /// The list as of now: once every notice sent so far has been applied (waiting at most
    /// `limit` for that), or None when it is not known or did not catch up in time. A reader
    /// acting on a notice gets a list that already includes it.
    pub async fn current(
        &self,
        handle: &EngineHandle,
        limit: Duration,
    ) -> Option<Vec<ContainerRow>> {
        let target = handle.changes_sent();
        // Not known: waiting would not change the answer.
        if !self.with(|s| s.rows.is_some())? {
            return None;
        }
        let mut applied = self.applied.subscribe();
        tokio::time::timeout(limit, applied.wait_for(|seq| *seq >= target))
            .await
            .ok()?
            .ok()?;
        self.rows()
    }

    /// `docker ps -a` for a reader acting on a notice (the Containers view's full refresh): the
    /// kept list once it has dealt with every notice sent so far, as [`ContainerCache::current`]
    /// gives it, else a whole list from the engine ([`ContainerCache::fill`]). Never a kept
    /// list that has not yet applied the notice the reader is reacting to.
    pub async fn list_current(
        &self,
        handle: &EngineHandle,
        engine: &Engine,
        limit: Duration,
    ) -> Result<Vec<ContainerRow>, EngineError> {
        match self.current(handle, limit).await {
            Some(rows) => Ok(rows),
            None => self.fill(engine).await,
        }
    }

    /// The `seq` of the last notice the kept list has dealt with.
    pub fn applied(&self) -> u64 {
        *self.applied.borrow()
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> Option<T> {
        self.state.lock().ok().map(|mut s| f(&mut s))
    }

    /// Fetches the whole list, brings it up to date with the notices that arrived during the
    /// fetch, and keeps it. Returns the list either way.
    pub async fn fill(&self, engine: &Engine) -> Result<Vec<ContainerRow>, EngineError> {
        let Some((fill, epoch)) = self.with(|s| {
            let fill = s.next_fill;
            s.next_fill += 1;
            s.fills.insert(fill, Vec::new());
            (fill, s.epoch)
        }) else {
            return engine.containers(true).await;
        };
        // Removes this fill's notice list however the fill ends, also when its caller drops
        // the future half-way: a list left behind would collect notices for ever.
        struct Done<'a>(&'a ContainerCache, u64);
        impl Drop for Done<'_> {
            fn drop(&mut self) {
                self.0.with(|s| s.fills.remove(&self.1));
            }
        }
        let _done = Done(self, fill);
        self.fill_rounds(engine, fill, epoch).await
    }

    async fn fill_rounds(
        &self,
        engine: &Engine,
        fill: u64,
        epoch: u64,
    ) -> Result<Vec<ContainerRow>, EngineError> {
        let mut rows = engine.containers(true).await?;
        for _ in 0..FILL_ROUNDS {
            // Taking the missed notices and storing the list happen under one lock, so a
            // notice is either in this round or applied to the stored list by `apply`.
            let missed = self.with(|s| {
                let missed = std::mem::take(s.fills.get_mut(&fill)?);
                if missed.is_empty() && s.epoch == epoch {
                    s.rows = Some(rows.clone());
                    s.wanted = true;
                }
                Some(missed)
            });
            let Some(Some(missed)) = missed else {
                break;
            };
            if missed.is_empty() {
                break;
            }
            for change in &missed {
                engine.apply_change(&mut rows, change).await?;
            }
        }
        Ok(rows)
    }

    /// Keeps the list until the supervisor shuts down. Spawn it once per supervisor.
    pub async fn keep(self: Arc<Self>, handle: EngineHandle) {
        let mut changes = handle.subscribe_changes();
        // Notices sent before subscribing can't be applied, and need not be: the list is not
        // known yet, and the fill that learns it fetches after them.
        let before = handle.changes_sent();
        self.applied.send_if_modified(|seq| advance(seq, before));
        let mut status = handle.watch_status();
        loop {
            tokio::select! {
                change = changes.recv() => match change {
                    Ok(c) => {
                        self.apply(&handle, &c).await;
                        self.applied.send_if_modified(|seq| advance(seq, c.seq));
                    }
                    // Notices were missed: only a whole list is certain, and it covers every
                    // notice sent before it was fetched.
                    Err(RecvError::Lagged(_)) => {
                        let upto = handle.changes_sent();
                        self.apply(&handle, &ResourcesChanged::everything()).await;
                        self.applied.send_if_modified(|seq| advance(seq, upto));
                    }
                    Err(RecvError::Closed) => break,
                },
                changed = status.changed() => {
                    if changed.is_err() {
                        break;
                    }
                    if status.borrow_and_update().state != ConnectionState::Connected {
                        self.forget();
                    }
                }
            }
        }
        self.forget();
    }

    fn forget(&self) {
        self.with(|s| {
            s.rows = None;
            s.epoch += 1;
        });
    }

    async fn apply(&self, handle: &EngineHandle, change: &ResourcesChanged) {
        if !change.reconcile && !change.kinds.contains(&ResourceKind::Container) {
            return;
        }
        let Some((current, wanted, epoch)) = self.with(|s| {
            for missed in s.fills.values_mut() {
                missed.push(change.clone());
            }
            // A reconcile follows every (re)connection, possibly to another engine: fills
            // begun before it may be reading the old one and must not store what they read.
            if change.reconcile {
                s.epoch += 1;
            }
            (s.rows.clone(), s.wanted, s.epoch)
        }) else {
            return;
        };
        let Ok(engine) = handle.engine() else {
            self.forget();
            return;
        };
        let Some(mut rows) = current else {
            // Not known yet: a fill in flight has this notice; after a reconcile, learn the
            // list again if it was ever wanted.
            if wanted && change.reconcile {
                if let Err(e) = self.fill(&engine).await {
                    tracing::debug!(error = %e, "container list not relearnt");
                }
            }
            return;
        };
        // Patch a copy: readers keep the last whole list meanwhile.
        match engine.apply_change(&mut rows, change).await {
            Ok(()) => {
                self.with(|s| {
                    if s.epoch == epoch {
                        s.rows = Some(rows);
                    }
                });
            }
            Err(e) => {
                tracing::debug!(error = %e, "container cache emptied");
                self.forget();
            }
        }
    }
}

fn advance(seq: &mut u64, to: u64) -> bool {
    let moved = to > *seq;
    *seq = (*seq).max(to);
    moved
}
