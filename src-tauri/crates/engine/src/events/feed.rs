//! The event feed one view follows: the recent backlog first, then live events in small
//! batches, with a notice whenever the view fell behind and events were skipped.

use crate::events::EngineEvent;
use serde::Serialize;
use std::collections::HashSet;
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio_util::sync::CancellationToken;

/// What the event feed channel carries.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum EventFeedMessage {
    /// Events, oldest first. `replay` marks the backlog sent when the feed opens.
    Events {
        events: Vec<EngineEvent>,
        replay: bool,
    },
    /// The feed fell behind and skipped this many events.
    Skipped { count: u32 },
}

/// How live events are gathered: for up to `window` after the first, at most `max` at a time.
#[derive(Debug, Clone, Copy)]
pub struct Batching {
    pub window: Duration,
    pub max: usize,
}

impl Default for Batching {
    fn default() -> Self {
        Batching {
            window: Duration::from_millis(40),
            max: 256,
        }
    }
}

/// What makes two feed entries the same event. Times come from the engine and may run behind
/// ours or another engine's, so "newer than the backlog" cannot tell a replay from a new event;
/// identity can.
fn identity(e: &EngineEvent) -> (u64, crate::events::ResourceKind, &str, &str, &str) {
    (e.time_ms.to_bits(), e.kind, &e.action, &e.id, &e.verb)
}

/// Sends `backlog`, then what arrives on `live`, until `cancel`, the end of `live`, or `send`
/// returning false (the view is gone). `live` must have been subscribed before `backlog` was
/// taken, so nothing falls between the two; what both hold is the first events `live` gives,
/// and only those are dropped.
pub async fn follow_feed(
    backlog: Vec<EngineEvent>,
    mut live: broadcast::Receiver<EngineEvent>,
    cancel: CancellationToken,
    batching: Batching,
    mut send: impl FnMut(EventFeedMessage) -> bool,
) {
    let mut replayed: HashSet<_> = backlog
        .iter()
        .map(|e| {
            let (t, k, a, i, v) = identity(e);
            (t, k, a.to_owned(), i.to_owned(), v.to_owned())
        })
        .collect();
    if !send(EventFeedMessage::Events {
        events: backlog,
        replay: true,
    }) {
        return;
    }
    // While true, live events may still be ones the backlog held.
    let mut in_overlap = !replayed.is_empty();
    let mut fresh = |e: &EngineEvent| -> bool {
        if in_overlap {
            let (t, k, a, i, v) = identity(e);
            if replayed.contains(&(t, k, a.to_owned(), i.to_owned(), v.to_owned())) {
                return false;
            }
            in_overlap = false;
            replayed.clear();
        }
        true
    };
    loop {
        let first = tokio::select! {
            _ = cancel.cancelled() => return,
            r = live.recv() => r,
        };
        // What goes out for this batch, in order: events, and a skip notice where a lag fell.
        let mut out: Vec<EventFeedMessage> = Vec::new();
        let mut batch: Vec<EngineEvent> = Vec::new();
        let mut count = 0;
        let skipped = |n: u64, batch: &mut Vec<EngineEvent>, out: &mut Vec<EventFeedMessage>| {
            if !batch.is_empty() {
                out.push(EventFeedMessage::Events {
                    events: std::mem::take(batch),
                    replay: false,
                });
            }
            out.push(EventFeedMessage::Skipped {
                count: u32::try_from(n).unwrap_or(u32::MAX),
            });
        };
        match first {
            Ok(e) => {
                count += 1;
                if fresh(&e) {
                    batch.push(e);
                }
            }
            Err(RecvError::Lagged(n)) => skipped(n, &mut batch, &mut out),
            Err(RecvError::Closed) => return,
        }
        let deadline = tokio::time::Instant::now() + batching.window;
        let mut closed = false;
        while count < batching.max {
            match tokio::time::timeout_at(deadline, live.recv()).await {
                Ok(Ok(e)) => {
                    count += 1;
                    if fresh(&e) {
                        batch.push(e);
                    }
                }
                Ok(Err(RecvError::Lagged(n))) => skipped(n, &mut batch, &mut out),
                Ok(Err(RecvError::Closed)) => {
                    closed = true;
                    break;
                }
                Err(_window_over) => break,
            }
        }
        if !batch.is_empty() {
            out.push(EventFeedMessage::Events {
                events: batch,
                replay: false,
            });
        }
        for message in out {
            if !send(message) {
                return;
            }
        }
        if closed {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::ResourceKind;
    use tokio::sync::mpsc;

    fn event(time_ms: f64, id: &str, action: &str) -> EngineEvent {
        EngineEvent {
            time_ms,
            kind: ResourceKind::Container,
            action: action.into(),
            id: id.into(),
            subject: id.into(),
            verb: action.into(),
            container_id: Some(id.into()),
            attributes: Default::default(),
        }
    }

    fn ids(m: &EventFeedMessage) -> Vec<String> {
        match m {
            EventFeedMessage::Events { events, .. } => {
                events.iter().map(|e| e.id.clone()).collect()
            }
            EventFeedMessage::Skipped { count } => vec![format!("skipped {count}")],
        }
    }

    /// Runs the feed on its own task; what it sends arrives on the receiver.
    fn spawn_feed(
        backlog: Vec<EngineEvent>,
        live: broadcast::Receiver<EngineEvent>,
    ) -> (mpsc::UnboundedReceiver<EventFeedMessage>, CancellationToken) {
        let (tx, rx) = mpsc::unbounded_channel();
        let cancel = CancellationToken::new();
        let c = cancel.clone();
        tokio::spawn(async move {
            follow_feed(backlog, live, c, Batching::default(), |m| {
                tx.send(m).is_ok()
            })
            .await
        });
        (rx, cancel)
    }

    #[tokio::test(start_paused = true)]
    async fn events_in_both_backlog_and_live_go_out_once_and_old_clocks_are_kept() {
        let (tx, live) = broadcast::channel(64);
        // "b" was remembered and sent while the view subscribed: it is in both.
        let backlog = vec![event(5_000.0, "a", "start"), event(6_000.0, "b", "start")];
        tx.send(event(6_000.0, "b", "start")).unwrap();
        // Another engine whose clock is behind: its events are older than the backlog's.
        tx.send(event(10.0, "c", "start")).unwrap();
        // The same container and action again later is a new event.
        tx.send(event(11.0, "b", "start")).unwrap();
        let (mut rx, cancel) = spawn_feed(backlog, live);
        let first = rx.recv().await.unwrap();
        assert_eq!(
            first,
            EventFeedMessage::Events {
                events: vec![event(5_000.0, "a", "start"), event(6_000.0, "b", "start")],
                replay: true
            }
        );
        let live_batch = rx.recv().await.unwrap();
        assert_eq!(ids(&live_batch), ["c", "b"]);
        assert!(matches!(
            live_batch,
            EventFeedMessage::Events { replay: false, .. }
        ));
        // Identity is checked only where the backlog can overlap: an exact repeat later on is
        // the engine's to send and the view's to show.
        tx.send(event(6_000.0, "b", "start")).unwrap();
        assert_eq!(ids(&rx.recv().await.unwrap()), ["b"]);
        cancel.cancel();
    }

    #[tokio::test(start_paused = true)]
    async fn a_lag_inside_a_batch_is_reported_where_it_fell() {
        let (tx, live) = broadcast::channel(2);
        let (mut rx, _cancel) = spawn_feed(vec![], live);
        assert_eq!(ids(&rx.recv().await.unwrap()), Vec::<String>::new());
        tx.send(event(1.0, "e1", "start")).unwrap();
        // Let the feed take e1 and start its batch window (paused time: no clock moves).
        tokio::time::sleep(Duration::from_millis(1)).await;
        for i in 2..=6 {
            tx.send(event(i as f64, &format!("e{i}"), "start")).unwrap();
        }
        let got: Vec<Vec<String>> = vec![
            ids(&rx.recv().await.unwrap()),
            ids(&rx.recv().await.unwrap()),
            ids(&rx.recv().await.unwrap()),
        ];
        assert_eq!(
            got,
            vec![
                vec!["e1".to_string()],
                vec!["skipped 3".to_string()],
                vec!["e5".to_string(), "e6".to_string()]
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_feed_ends_when_the_view_is_gone() {
        let (tx, live) = broadcast::channel(8);
        let cancel = CancellationToken::new();
        let mut sent = 0;
        tx.send(event(1.0, "x", "start")).unwrap();
        follow_feed(vec![], live, cancel, Batching::default(), |_| {
            sent += 1;
            sent < 2
        })
        .await;
        assert_eq!(sent, 2, "the backlog, then the first batch, which failed");
    }
}
