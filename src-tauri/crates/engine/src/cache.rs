//! The container list, kept current in the backend from the supervisor's change notices, so
//! opening the Containers view costs no engine call: at 1,000 containers the engine takes
//! ~100 ms to list them, which alone would use most of the 150 ms budget for a painted list.
//!
//! Kept the way the view keeps its own copy (tested against `docker ps -a` in the P8 storm):
//! the whole list at connection and after a reconcile, then only the containers each notice
//! names. Anything doubtful (disconnected, a failed fetch) empties it, and callers fall back to
//! asking the engine. The settle pass that follows every notice bounds how stale a reader can
//! be who opened its view between a notice and its being applied here.

use crate::containers::ContainerRow;
use crate::supervisor::{ConnectionState, EngineHandle, ResourcesChanged};
use crate::ResourceKind;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast::error::RecvError;

#[derive(Default)]
pub struct ContainerCache {
    rows: Mutex<Option<Vec<ContainerRow>>>,
}

impl ContainerCache {
    /// `docker ps -a` as last known, or None when it is not known (yet).
    pub fn rows(&self) -> Option<Vec<ContainerRow>> {
        self.rows.lock().ok()?.clone()
    }

    fn set(&self, rows: Option<Vec<ContainerRow>>) {
        if let Ok(mut slot) = self.rows.lock() {
            *slot = rows;
        }
    }

    /// Keeps the list until the supervisor shuts down. Spawn it once per supervisor.
    pub async fn keep(self: Arc<Self>, handle: EngineHandle) {
        let mut changes = handle.subscribe_changes();
        let mut status = handle.watch_status();
        if handle.status().state == ConnectionState::Connected {
            self.apply(&handle, &ResourcesChanged::everything()).await;
        }
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
                        self.set(None);
                    }
                }
            }
        }
        self.set(None);
    }

    async fn apply(&self, handle: &EngineHandle, change: &ResourcesChanged) {
        if !change.reconcile && !change.kinds.contains(&ResourceKind::Container) {
            return;
        }
        let Ok(engine) = handle.engine() else {
            self.set(None);
            return;
        };
        // Patch a copy: readers keep the last whole list meanwhile.
        let current = self.rows();
        let result = match current {
            Some(mut rows) => engine.apply_change(&mut rows, change).await.map(|_| rows),
            None => engine.containers(true).await,
        };
        match result {
            Ok(rows) => self.set(Some(rows)),
            Err(e) => {
                tracing::debug!(error = %e, "container cache emptied");
                self.set(None);
            }
        }
    }
}
