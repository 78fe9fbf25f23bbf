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
use tokio::sync::broadcast::error::RecvError;

/// How many rounds of "apply what arrived during the last round" a fill makes before it gives
/// up storing its list. Each round is one id-filtered list call, so rounds shrink fast; only
/// an engine changing faster than it answers runs out, and then readers keep asking the
/// engine, which is correct, just not free.
const FILL_ROUNDS: usize = 8;

#[derive(Default)]
pub struct ContainerCache {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    rows: Option<Vec<ContainerRow>>,
    /// Bumped when the list is forgotten (disconnected): work begun before that is dropped.
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
        let result = self.fill_rounds(engine, fill, epoch).await;
        self.with(|s| s.fills.remove(&fill));
        result
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
        let mut status = handle.watch_status();
        loop {
            tokio::select! {
                change = changes.recv() => match change {
                    Ok(c) => self.apply(&handle, &c).await,
                    // Notices were missed: only a whole list is certain.
                    Err(RecvError::Lagged(_)) => {
                        self.apply(&handle, &ResourcesChanged::everything()).await
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
