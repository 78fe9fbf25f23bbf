//! The keeper: applies the supervisor's change notices to a kept list ([`crate::kept`]), one
//! engine call per notice, so the list the UI shows is fetched once for everybody.
//!
//! It is the list's only writer, and does one thing at a time in the order things arrive:
//! notices, requests to fill, and connection changes. So a fill can't overlap a notice (a
//! fill begun before the connect-time reconcile used to lose its list that way), and no list
//! it stores is older than a notice it has dealt with.
//!
//! The list starts unknown and is first filled on request ([`Keeper::fill`], once the window
//! has painted, so the fetch does not compete with start-up, or [`Keeper::list`]). From then on
//! a notice naming rows refetches just those; a reconcile, missed notices, or a notice after
//! the list was dropped (disconnected, a failed fetch) refetches the whole list.

use super::{ConnectionState, EngineHandle, ResourcesChanged};
use crate::connection::Engine;
use crate::containers::ContainerRow;
use crate::error::EngineError;
use crate::kept::{Kept, Keyed, ListChange, Snapshot};
use crate::ResourceKind;
use futures_util::future::BoxFuture;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{mpsc, oneshot, watch};

/// One kind of kept list: which notices concern it and how its rows are fetched.
pub trait Listing: Send + Sync + 'static {
    type Row: Keyed + Clone + PartialEq + Send + Sync + 'static;

    /// Which rows a notice concerns; None when it does not concern this list.
    fn change(notice: &ResourcesChanged) -> Option<ListChange>;
    /// The whole list.
    fn all(engine: &Engine) -> BoxFuture<'_, Result<Vec<Self::Row>, EngineError>>;
    /// The rows of these keys; the ones the engine no longer has are absent.
    fn named<'a>(
        engine: &'a Engine,
        keys: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<Self::Row>, EngineError>>;
}

/// `docker ps -a`.
pub struct Containers;

impl Listing for Containers {
    type Row = ContainerRow;

    fn change(notice: &ResourcesChanged) -> Option<ListChange> {
        if notice.reconcile {
            return Some(ListChange::Everything);
        }
        if !notice.kinds.contains(&ResourceKind::Container) {
            return None;
        }
        Some(match &notice.container_ids {
            Some(ids) => ListChange::Named(ids.clone()),
            None => ListChange::Everything,
        })
    }

    fn all(engine: &Engine) -> BoxFuture<'_, Result<Vec<ContainerRow>, EngineError>> {
        Box::pin(engine.containers(true))
    }

    fn named<'a>(
        engine: &'a Engine,
        keys: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<ContainerRow>, EngineError>> {
        // After the inspect barrier: a list read right at the event could be older than it.
        Box::pin(engine.containers_by_id(keys))
    }
}

/// The kept container list.
pub type ContainerKeeper = Keeper<Containers>;

type FillReply<T> = oneshot::Sender<Result<Snapshot<T>, EngineError>>;
/// A request to learn the list; with a reply when the asker waits for it.
type FillRequest<T> = Option<FillReply<T>>;

/// A kept list and the task that keeps it. Make one, spawn [`Keeper::keep`] once.
pub struct Keeper<L: Listing> {
    kept: Kept<L::Row>,
    /// The `seq` of the last notice dealt with.
    applied: watch::Sender<u64>,
    requests: mpsc::UnboundedSender<FillRequest<L::Row>>,
    /// Taken by [`Keeper::keep`].
    inbox: Mutex<Option<mpsc::UnboundedReceiver<FillRequest<L::Row>>>>,
}

impl<L: Listing> Default for Keeper<L> {
    fn default() -> Self {
        let (requests, inbox) = mpsc::unbounded_channel();
        Keeper {
            kept: Kept::default(),
            applied: watch::channel(0).0,
            requests,
            inbox: Mutex::new(Some(inbox)),
        }
    }
}

impl<L: Listing> Keeper<L> {
    /// The list: its snapshot and its deltas.
    pub fn kept(&self) -> &Kept<L::Row> {
        &self.kept
    }

    /// The `seq` of the last notice the list has dealt with.
    pub fn applied(&self) -> u64 {
        *self.applied.borrow()
    }

    /// Waits (at most `limit`) until the list has dealt with notice `seq`; whether it has.
    pub async fn caught_up(&self, seq: u64, limit: Duration) -> bool {
        let mut applied = self.applied.subscribe();
        let reached = tokio::time::timeout(limit, applied.wait_for(|a| *a >= seq))
            .await
            .is_ok_and(|r| r.is_ok());
        reached
    }

    /// Asks for the list to be learnt, without waiting for it.
    pub fn fill(&self) {
        let _ = self.requests.send(None);
    }

    /// The whole list with its version: the kept one, or (not known yet) once the keeper has
    /// fetched it.
    pub async fn list(&self) -> Result<Snapshot<L::Row>, EngineError> {
        if let Some(snapshot) = self.kept.snapshot() {
            return Ok(snapshot);
        }
        let (reply, answer) = oneshot::channel();
        let gone = || EngineError::Unavailable("the list is no longer kept".into());
        self.requests.send(Some(reply)).map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }

    /// Keeps the list until the supervisor shuts down.
    pub async fn keep(self: Arc<Self>, handle: EngineHandle) {
        let Some(mut inbox) = self.inbox.lock().ok().and_then(|mut i| i.take()) else {
            tracing::warn!("a kept list was given a second keeper; ignored");
            return;
        };
        let mut changes = handle.subscribe_changes();
        // Notices sent before subscribing need not be applied: the list is not known yet, and
        // the fill that learns it fetches after them.
        self.advance(handle.changes_sent());
        let mut status = handle.watch_status();
        let mut switches = handle.watch_switches();
        // Filled once: from then on a change to an unknown list fetches it whole.
        let mut wanted = false;
        loop {
            tokio::select! {
                // A switch first: a notice of the next engine must not be applied before the
                // clear that belongs before it.
                biased;
                // Another engine: the rows shown are of the one left behind. A fetch that ran
                // across the switch has finished before this (one thing at a time), so nothing
                // of the old engine is stored after the clear.
                switched = switches.changed() => {
                    if switched.is_err() {
                        break;
                    }
                    switches.borrow_and_update();
                    self.kept.clear();
                }
                change = changes.recv() => match change {
                    Ok(notice) => {
                        if let Some(change) = L::change(&notice) {
                            self.apply(&handle, change, wanted).await;
                        }
                        self.advance(notice.seq);
                    }
                    // Notices were missed: only a whole list is certain, and it covers every
                    // notice sent before it was fetched.
                    Err(RecvError::Lagged(_)) => {
                        let upto = handle.changes_sent();
                        self.apply(&handle, ListChange::Everything, wanted).await;
                        self.advance(upto);
                    }
                    Err(RecvError::Closed) => break,
                },
                request = inbox.recv() => {
                    let Some(reply) = request else { break };
                    wanted = true;
                    let answer = match self.kept.snapshot() {
                        Some(snapshot) => Ok(snapshot),
                        None => self.fill_whole(&handle).await,
                    };
                    if let Some(reply) = reply {
                        let _ = reply.send(answer);
                    }
                },
                changed = status.changed() => {
                    if changed.is_err() {
                        break;
                    }
                    if status.borrow_and_update().state != ConnectionState::Connected {
                        self.kept.forget();
                    }
                }
            }
        }
        self.kept.forget();
    }

    fn advance(&self, to: u64) {
        self.applied.send_if_modified(|seq| {
            let moved = to > *seq;
            *seq = (*seq).max(to);
            moved
        });
    }

    /// One notice: one engine call (the named rows, or the whole list).
    async fn apply(&self, handle: &EngineHandle, change: ListChange, wanted: bool) {
        if !self.kept.is_known() {
            // Not known: only a list once learnt is learnt again.
            if wanted {
                let _ = self.fill_whole(handle).await;
            }
            return;
        }
        let ListChange::Named(keys) = change else {
            let _ = self.fill_whole(handle).await;
            return;
        };
        let fetched = match handle.engine() {
            Ok(engine) => L::named(&engine, &keys).await,
            Err(e) => Err(e),
        };
        match fetched {
            Ok(fresh) => self.kept.patch(&keys, fresh),
            Err(e) => {
                // The next notice fetches the whole list.
                tracing::debug!(error = %e, "kept list dropped");
                self.kept.forget();
            }
        }
    }

    async fn fill_whole(&self, handle: &EngineHandle) -> Result<Snapshot<L::Row>, EngineError> {
        let fetched = match handle.engine() {
            Ok(engine) => L::all(&engine).await,
            Err(e) => Err(e),
        };
        match fetched {
            Ok(rows) => {
                self.kept.reset(rows);
                self.kept
                    .snapshot()
                    .ok_or_else(|| EngineError::Unavailable("the list was dropped".into()))
            }
            Err(e) => {
                tracing::debug!(error = %e, "kept list not learnt");
                self.kept.forget();
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(kinds: &[ResourceKind], ids: Option<&[&str]>, reconcile: bool) -> ResourcesChanged {
        ResourcesChanged {
            kinds: kinds.to_vec(),
            reconcile,
            container_ids: ids.map(|ids| ids.iter().map(|i| i.to_string()).collect()),
            seq: 1,
        }
    }

    #[test]
    fn container_notices_become_list_changes() {
        use ResourceKind::{Container, Image};
        assert_eq!(Containers::change(&notice(&[Image], None, false)), None);
        assert_eq!(
            Containers::change(&notice(&[Container], Some(&["a"]), false)),
            Some(ListChange::Named(vec!["a".into()]))
        );
        assert_eq!(
            Containers::change(&notice(&[Container], None, false)),
            Some(ListChange::Everything)
        );
        assert_eq!(
            Containers::change(&ResourcesChanged::everything()),
            Some(ListChange::Everything)
        );
        // A reconcile is the whole list even when it names rows.
        assert_eq!(
            Containers::change(&notice(&[Container], Some(&["a"]), true)),
            Some(ListChange::Everything)
        );
    }
}
