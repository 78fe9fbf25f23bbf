//! Following `/events` on one connection: a reader that drains the stream into a bounded queue
//! without ever waiting for the consumer, replays skipped after a resubscription, and a silent
//! stream checked and resubscribed.

use super::notices::consume_events;
use super::{Shared, EVENT_QUEUE};
use crate::connection::{Engine, Patience};
use bollard::models::EventMessage;
use futures_util::StreamExt;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

pub(super) enum StreamEnd {
    Lost(String),
    Switch,
    Cancelled,
}

/// Follows `/events` until the engine goes away, the user switches endpoint, or shutdown.
pub(super) async fn follow_events(
    s: &Shared,
    engine: &Engine,
    since_nanos: i64,
    generation: u64,
) -> StreamEnd {
    let (tx, rx) = mpsc::channel::<EventMessage>(EVENT_QUEUE);
    let overflow = Arc::new(AtomicBool::new(false));
    let mut switches = s.switch.subscribe();
    tokio::select! {
        end = read_events(engine, s.config.silence, since_nanos, tx, overflow.clone()) => end,
        _ = consume_events(s, rx, overflow, generation) => StreamEnd::Lost("event processing stopped".into()),
        _ = switches.wait_for(|g| *g != generation) => StreamEnd::Switch,
        _ = s.cancel.cancelled() => StreamEnd::Cancelled,
    }
}

/// The reader: drains the stream into the queue without ever waiting for the consumer.
async fn read_events(
    engine: &Engine,
    silence: Duration,
    since_nanos: i64,
    tx: mpsc::Sender<EventMessage>,
    overflow: Arc<AtomicBool>,
) -> StreamEnd {
    // The newest event time seen: where a resubscription starts its replay.
    let mut last_nano: i64 = since_nanos;
    let mut since = Some(since_param(since_nanos));
    let mut delivered = RecentEvents::default();
    loop {
        // Read as raw lines, not through bollard's typed stream: an event bollard's models
        // cannot decode (a newer engine's `Type`) would end that stream, and the app would take
        // one unknown event for a lost engine.
        let path = match &since {
            Some(t) => format!("/events?since={t}"),
            None => "/events".to_owned(),
        };
        let mut stream = match engine.raw_stream(&path, Patience::Normal) {
            Ok(stream) => stream,
            Err(e) => return StreamEnd::Lost(e.to_string()),
        };
        let mut lines = EventLines::default();
        loop {
            match tokio::time::timeout(silence, stream.next()).await {
                Ok(Some(Ok(chunk))) => {
                    for decoded in lines.push(&chunk) {
                        let msg = match decoded {
                            Decoded::Event(msg) => msg,
                            Decoded::Skipped { time_nano } => {
                                last_nano = last_nano.max(time_nano.unwrap_or(0));
                                continue;
                            }
                        };
                        // The engine replays from `since` after a resubscription: skip exactly
                        // what was delivered before. (Not "anything older than the newest":
                        // events of concurrent operations arrive slightly out of time order.)
                        if !delivered.first_time(&msg) {
                            continue;
                        }
                        last_nano = last_nano.max(msg.time_nano.unwrap_or(0));
                        if tx.try_send(msg).is_err() {
                            overflow.store(true, Ordering::Relaxed);
                        }
                    }
                }
                Ok(Some(Err(e))) => return StreamEnd::Lost(e.to_string()),
                Ok(None) => return StreamEnd::Lost("the engine closed the event stream".into()),
                Err(_silent) => {
                    if let Err(e) = engine.ping().await {
                        return StreamEnd::Lost(e.to_string());
                    }
                    tracing::debug!("events stream silent; resubscribing");
                    since = Some(since_param(last_nano));
                    break;
                }
            }
        }
    }
}

/// One line of `/events`, read.
#[derive(Debug)]
enum Decoded {
    Event(EventMessage),
    /// A line that is not an event we can read; its time, when it has one, still counts as
    /// seen so a resubscription does not ask for it again.
    Skipped {
        time_nano: Option<i64>,
    },
}

/// Splits the `/events` body into its JSON lines (the engine writes one object per line, and a
/// read may hold part of one) and reads each on its own, so a line that does not decode costs
/// that line only.
#[derive(Default)]
struct EventLines {
    partial: Vec<u8>,
}

impl EventLines {
    /// The most one line may hold before it is dropped as garbage (events are a few KB).
    const MAX_LINE: usize = 1 << 20;

    fn push(&mut self, chunk: &[u8]) -> Vec<Decoded> {
        let mut out = Vec::new();
        self.partial.extend_from_slice(chunk);
        while let Some(end) = self.partial.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=end).collect();
            if let Some(d) = decode_event(&line) {
                out.push(d);
            }
        }
        if self.partial.len() > Self::MAX_LINE {
            tracing::warn!(bytes = self.partial.len(), "event line too long; skipped");
            self.partial.clear();
        }
        out
    }
}

/// One event line; None for a blank line.
fn decode_event(line: &[u8]) -> Option<Decoded> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let value: serde_json::Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = %e, "unreadable line on the event stream; skipped");
            return Some(Decoded::Skipped { time_nano: None });
        }
    };
    let time_nano = value.get("timeNano").and_then(serde_json::Value::as_i64);
    match serde_json::from_value::<EventMessage>(value.clone()) {
        Ok(msg) => Some(Decoded::Event(msg)),
        Err(e) => {
            tracing::warn!(
                error = %e,
                r#type = %value.get("Type").unwrap_or(&serde_json::Value::Null),
                action = %value.get("Action").unwrap_or(&serde_json::Value::Null),
                "event this version cannot read; skipped"
            );
            Some(Decoded::Skipped { time_nano })
        }
    }
}

/// Keys of the events delivered lately, to recognise the engine's replays. Bounded: the engine
/// replays at most its last 256 events.
#[derive(Default)]
struct RecentEvents {
    keys: std::collections::HashSet<String>,
    order: VecDeque<String>,
}

impl RecentEvents {
    const CAPACITY: usize = 2048;

    /// Whether this message is new (and remember it).
    fn first_time(&mut self, msg: &EventMessage) -> bool {
        let actor = msg
            .actor
            .as_ref()
            .and_then(|a| a.id.as_deref())
            .unwrap_or("");
        let key = format!(
            "{}|{:?}|{}|{}",
            msg.time_nano.unwrap_or(0),
            msg.typ,
            actor,
            msg.action.as_deref().unwrap_or("")
        );
        if !self.keys.insert(key.clone()) {
            return false;
        }
        self.order.push_back(key);
        if self.order.len() > Self::CAPACITY {
            if let Some(old) = self.order.pop_front() {
                self.keys.remove(&old);
            }
        }
        true
    }
}

/// `since` as the Engine API takes it: seconds with a nanosecond fraction.
fn since_param(nanos: i64) -> String {
    format!("{}.{:09}", nanos / 1_000_000_000, nanos % 1_000_000_000)
}

#[cfg(test)]
mod tests {
    use super::{since_param, Decoded, EventLines, RecentEvents};
    use bollard::models::{EventActor, EventMessage, EventMessageTypeEnum};

    fn msg(nano: i64, id: &str, action: &str) -> EventMessage {
        EventMessage {
            typ: Some(EventMessageTypeEnum::CONTAINER),
            action: Some(action.into()),
            actor: Some(EventActor {
                id: Some(id.into()),
                attributes: None,
            }),
            time_nano: Some(nano),
            ..Default::default()
        }
    }

    #[test]
    fn replays_are_skipped_but_late_events_are_not() {
        let mut r = RecentEvents::default();
        assert!(r.first_time(&msg(200, "a", "start")));
        // Delivered after a newer one, but never seen: a concurrent operation's event.
        assert!(r.first_time(&msg(150, "b", "destroy")));
        // The engine replaying after a resubscription.
        assert!(!r.first_time(&msg(200, "a", "start")));
        assert!(!r.first_time(&msg(150, "b", "destroy")));
        // Same time, different container or action: distinct events.
        assert!(r.first_time(&msg(200, "c", "start")));
        assert!(r.first_time(&msg(200, "a", "die")));
    }

    #[test]
    fn memory_of_delivered_events_is_bounded() {
        let mut r = RecentEvents::default();
        for i in 0..(RecentEvents::CAPACITY as i64 + 100) {
            assert!(r.first_time(&msg(i, "x", "start")));
        }
        assert_eq!(r.keys.len(), RecentEvents::CAPACITY);
        assert_eq!(r.order.len(), RecentEvents::CAPACITY);
    }

    #[test]
    fn an_event_of_an_unknown_type_is_skipped_and_the_next_still_read() {
        let mut lines = EventLines::default();
        let future = br#"{"Type":"future","Action":"warp","Actor":{"ID":"f"},"scope":"local","time":1,"timeNano":1000000001}"#;
        let known = br#"{"Type":"container","Action":"start","Actor":{"ID":"abc","Attributes":{"name":"web"}},"scope":"local","time":1,"timeNano":1000000002}"#;
        let mut body = Vec::new();
        body.extend_from_slice(future);
        body.push(b'\n');
        body.extend_from_slice(known);
        body.push(b'\n');
        // Split mid-line, as reads from the socket may be.
        let (a, b) = body.split_at(future.len() + 20);
        let mut out = lines.push(a);
        assert_eq!(out.len(), 1, "only the complete first line is read");
        assert!(matches!(
            out[0],
            Decoded::Skipped {
                time_nano: Some(1_000_000_001)
            }
        ));
        out = lines.push(b);
        assert_eq!(out.len(), 1);
        let Decoded::Event(msg) = &out[0] else {
            panic!("{:?}", out[0]);
        };
        assert_eq!(msg.action.as_deref(), Some("start"));
        assert_eq!(msg.time_nano, Some(1_000_000_002));
        assert!(lines.push(b"\n  \n").is_empty(), "blank lines are nothing");
        let garbage = lines.push(b"{not json\n");
        assert!(matches!(
            garbage[..],
            [Decoded::Skipped { time_nano: None }]
        ));
    }

    #[test]
    fn since_is_seconds_with_a_nanosecond_fraction() {
        assert_eq!(
            since_param(1_700_000_000_000_000_123),
            "1700000000.000000123"
        );
        assert_eq!(since_param(5_000_000_000), "5.000000000");
    }
}
