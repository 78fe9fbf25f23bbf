//! The container list, kept current in the backend from the supervisor's change notices, so
//! opening the Containers view costs no engine call: at 1,000 containers the engine takes
//! ~100 ms to list them, which alone would use most of the 150 ms budget for a painted list.
//!
//! Kept the way the view keeps its own copy (tested against `docker ps -a` in the P8 storm):
//! the whole list first, then only the containers each notice names, and the whole list again
//! after a reconcile. Anything doubtful (disconnected, a failed fetch) empties it, and callers
//! fall back to asking the engine. The settle pass that follows every notice bounds how stale
//! a reader can be who opened its view between a notice and its being applied here.
//!
//! It starts empty and is first filled by [`ContainerCache::fill`] (the app calls it once its
//! window has painted, so the fetch does not compete with start-up), then kept filled.

use crate::connection::Engine;
use crate::containers::ContainerRow;
use crate::error::EngineError;
use crate::supervisor::{ConnectionState, EngineHandle, ResourcesChanged};
use crate::ResourceKind;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast::error::RecvError;

#[derive(Default)]
pub struct ContainerCache {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    rows: Option<Vec<ContainerRow>>,
    /// Counts container notices: a whole list fetched while one arrived may be stale already.
    generation: u64,
    /// Filled once: from then on a reconcile refills it.
    wanted: bool,
}

impl ContainerCache {
    /// `docker ps -a` as last known, or None when it is not known (yet).
    pub fn rows(&self) -> Option<Vec<ContainerRow>> {
        self.state.lock().ok()?.rows.clone()
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> Option<T> {
        self.state.lock().ok().map(|mut s| f(&mut s))
    }

    /// Fetches the whole list and keeps it, unless a change notice arrived during the fetch
    /// (then the list may already be stale, and the next caller fetches again).
    pub async fn fill(&self, engine: &Engine) -> Result<Vec<ContainerRow>, EngineError> {
        let before = self.with(|s| s.generation);
        let rows = engine.containers(true).await?;
        self.with(|s| {
            s.wanted = true;
            if Some(s.generation) == before {
                s.rows = Some(rows.clone());
            }
        });
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
            s.generation += 1;
        });
    }

    async fn apply(&self, handle: &EngineHandle, change: &ResourcesChanged) {
        if !change.reconcile && !change.kinds.contains(&ResourceKind::Container) {
            return;
        }
        let Some((current, wanted)) = self.with(|s| {
            s.generation += 1;
            (s.rows.clone(), s.wanted)
        }) else {
            return;
        };
        let Ok(engine) = handle.engine() else {
            self.forget();
            return;
        };
        // Patch a copy: readers keep the last whole list meanwhile.
        let result = match current {
            Some(mut rows) => engine.apply_change(&mut rows, change).await.map(|_| rows),
            None if wanted && change.reconcile => engine.containers(true).await,
            // Not filled yet: nothing to keep.
            None => return,
        };
        match result {
            Ok(rows) => {
                self.with(|s| s.rows = Some(rows));
            }
            Err(e) => {
                tracing::debug!(error = %e, "container cache emptied");
                self.forget();
            }
        }
    }
}
