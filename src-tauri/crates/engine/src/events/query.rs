//! The Events page's questions: which events match a filter (the same rule for the live feed and
//! for a past window), the engine's events over a past window (`docker events --since --until
//! --filter …`), and the shown events saved as JSON lines. The live feed itself is `feed`'s.

use crate::connection::{Engine, Patience};
use crate::error::EngineError;
use crate::events::feed::EventFeedMessage;
use crate::events::{EngineEvent, ResourceKind};
use bollard::models::EventMessage;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use tokio_util::sync::CancellationToken;
use tugboat_files::AtomicFile;

/// The most events one past window returns; the rest are counted, not kept. The engine itself
/// remembers only its last 256 events, so a window reaches that far back at most.
pub const WINDOW_MAX: usize = 10_000;

/// Which events to show. Empty lists match everything. The rule is the engine's own
/// (`docker events --filter`), so a live feed filtered here and a past window filtered by the
/// engine agree.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EventFilter {
    /// `type=…`: any of these kinds.
    #[serde(default)]
    pub kinds: Vec<ResourceKind>,
    /// `event=…`: any of these actions (`start`, `die`, `exec_start`…), without detail.
    #[serde(default)]
    pub actions: Vec<String>,
    /// `label=…`: every one of these, each `key` (present) or `key=value` (equal).
    #[serde(default)]
    pub labels: Vec<String>,
    /// The object, by the start of its id or of its name (`container=…`, `volume=…`).
    #[serde(default)]
    pub object: Option<String>,
}

impl EventFilter {
    fn object(&self) -> Option<&str> {
        self.object
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
    }

    fn actions(&self) -> impl Iterator<Item = &str> {
        self.actions
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
    }

    fn labels(&self) -> impl Iterator<Item = &str> {
        self.labels
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
    }

    /// Whether `e` passes, by the engine's rule: the type and the action exactly, every label
    /// (`key` present, `key=value` equal), and the object as a prefix of the id or of the name.
    pub fn matches(&self, e: &EngineEvent) -> bool {
        if !self.kinds.is_empty() && !self.kinds.contains(&e.kind) {
            return false;
        }
        let mut actions = self.actions().peekable();
        if actions.peek().is_some() && !actions.any(|a| a == e.action) {
            return false;
        }
        let labels_hold = self.labels().all(|l| match l.split_once('=') {
            Some((k, v)) => e.attributes.get(k).map(String::as_str) == Some(v),
            None => e.attributes.contains_key(l),
        });
        if !labels_hold {
            return false;
        }
        match self.object() {
            None => true,
            Some(o) => {
                e.id.starts_with(o) || e.attributes.get("name").is_some_and(|n| n.starts_with(o))
            }
        }
    }

    /// The object filter's key: the chosen kind's word when one kind is chosen, else
    /// `container`. For every kind but images the engine matches the key the same way (the
    /// actor's id or `name` attribute, by prefix), whatever the event's type, so the key only
    /// changes how the command reads; images match exactly, so they use `container` too.
    fn object_key(&self) -> &'static str {
        match self.kinds.as_slice() {
            [k] if *k != ResourceKind::Image => k.word(),
            _ => "container",
        }
    }

    /// The filters as the Engine API takes them (`filters=` JSON), in a fixed order.
    fn engine_filters(&self) -> BTreeMap<&'static str, Vec<String>> {
        let mut f = BTreeMap::new();
        if !self.kinds.is_empty() {
            f.insert(
                "type",
                self.kinds.iter().map(|k| k.word().to_owned()).collect(),
            );
        }
        let actions: Vec<String> = self.actions().map(str::to_owned).collect();
        if !actions.is_empty() {
            f.insert("event", actions);
        }
        let labels: Vec<String> = self.labels().map(str::to_owned).collect();
        if !labels.is_empty() {
            f.insert("label", labels);
        }
        if let Some(o) = self.object() {
            f.insert(self.object_key(), vec![o.to_owned()]);
        }
        f
    }

    /// The `--filter` flags `docker events` takes for this filter.
    fn flags(&self) -> Vec<String> {
        let mut out = Vec::new();
        for k in &self.kinds {
            out.extend(["--filter".to_owned(), format!("type={}", k.word())]);
        }
        if let Some(o) = self.object() {
            out.extend(["--filter".to_owned(), format!("{}={o}", self.object_key())]);
        }
        for a in self.actions() {
            out.extend(["--filter".to_owned(), format!("event={a}")]);
        }
        for l in self.labels() {
            out.extend(["--filter".to_owned(), format!("label={l}")]);
        }
        out
    }

    /// A feed message with only the events that pass; `None` when nothing is left to send.
    /// The backlog (`replay`) always goes out, empty or not: the view waits for it.
    pub fn keep(&self, msg: EventFeedMessage) -> Option<EventFeedMessage> {
        match msg {
            EventFeedMessage::Events { events, replay } => {
                let events: Vec<EngineEvent> =
                    events.into_iter().filter(|e| self.matches(e)).collect();
                (replay || !events.is_empty())
                    .then_some(EventFeedMessage::Events { events, replay })
            }
            skipped @ EventFeedMessage::Skipped { .. } => Some(skipped),
        }
    }
}

/// A past window of events: `since` to `until`, milliseconds since the Unix epoch on the
/// engine's clock.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EventQuery {
    #[serde(default)]
    pub filter: EventFilter,
    /// From this time on; none: as far back as the engine remembers.
    pub since_ms: Option<f64>,
    /// Up to this time; none: the engine's "now".
    pub until_ms: Option<f64>,
}

/// What a past window holds.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EventWindow {
    /// Oldest first, at most [`WINDOW_MAX`].
    pub events: Vec<EngineEvent>,
    /// Events past the first [`WINDOW_MAX`], not kept.
    pub left_out: u32,
    /// Lines the engine sent that this version cannot read (a newer event type).
    pub unreadable: u32,
}

/// `since`/`until` as the Engine API and the CLI take them: seconds with a nanosecond fraction.
fn engine_time(ms: f64) -> String {
    // Whole milliseconds and the fraction apart: `ms * 1e6` as one f64 loses the last digits.
    let whole = ms.trunc();
    let nanos = whole as i128 * 1_000_000 + ((ms - whole) * 1e6).round() as i128;
    format!(
        "{}.{:09}",
        nanos.div_euclid(1_000_000_000),
        nanos.rem_euclid(1_000_000_000)
    )
}

fn check_time(ms: Option<f64>, field: &str) -> Result<(), EngineError> {
    match ms {
        Some(t) if !t.is_finite() || t < 0.0 => Err(EngineError::InvalidInput(format!(
            "{field}: {t} is not a time; give a date and time after 1 January 1970, or leave it \
             empty"
        ))),
        _ => Ok(()),
    }
}

impl EventQuery {
    /// Refuses a window that cannot be asked for: bad times, `until` before `since`.
    pub fn validate(&self) -> Result<(), EngineError> {
        check_time(self.since_ms, "since")?;
        check_time(self.until_ms, "until")?;
        if let (Some(s), Some(u)) = (self.since_ms, self.until_ms) {
            if u < s {
                return Err(EngineError::InvalidInput(
                    "until: is before since; give a time after the start of the window".into(),
                ));
            }
        }
        Ok(())
    }

    /// The `docker events` command this window equals (without `--until` when none was given:
    /// the app then asks up to the engine's "now", which the CLI line cannot spell).
    pub fn argv(&self) -> Vec<String> {
        let mut argv = vec!["docker".to_owned(), "events".to_owned()];
        if let Some(s) = self.since_ms {
            argv.extend(["--since".to_owned(), engine_time(s)]);
        }
        if let Some(u) = self.until_ms {
            argv.extend(["--until".to_owned(), engine_time(u)]);
        }
        argv.extend(self.filter.flags());
        argv.extend(["--format".to_owned(), "json".to_owned()]);
        argv
    }

    fn path(&self, until_ms: f64) -> Result<String, EngineError> {
        use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
        let filters = serde_json::to_string(&self.filter.engine_filters())
            .map_err(|e| EngineError::Protocol(format!("filters could not be written: {e}")))?;
        let mut path = format!("/events?until={}", engine_time(until_ms));
        if let Some(s) = self.since_ms {
            path.push_str(&format!("&since={}", engine_time(s)));
        }
        path.push_str("&filters=");
        path.extend(utf8_percent_encode(&filters, NON_ALPHANUMERIC));
        Ok(path)
    }
}

impl Engine {
    /// The engine's events over a past window, filtered by the engine. The engine ends the
    /// answer once `until` has passed; without `until` the window ends at the engine's "now".
    /// A window ending in the future is refused: it would wait for it.
    pub async fn events_query(
        &self,
        query: &EventQuery,
        cancel: &CancellationToken,
    ) -> Result<EventWindow, EngineError> {
        query.validate()?;
        let now_ms = self.clock_nanos().await? as f64 / 1e6;
        let until_ms = match query.until_ms {
            Some(u) if u > now_ms + 1_000.0 => {
                return Err(EngineError::InvalidInput(
                    "until: is later than the engine's clock; the engine would wait for it. \
                     Leave it empty to end the window now"
                        .into(),
                ))
            }
            Some(u) => u,
            None => now_ms,
        };
        let mut body = self.raw_stream(&query.path(until_ms)?, Patience::Normal)?;
        let mut window = EventWindow {
            events: Vec::new(),
            left_out: 0,
            unreadable: 0,
        };
        let mut partial: Vec<u8> = Vec::new();
        let take = |line: &[u8], window: &mut EventWindow| {
            if line.iter().all(u8::is_ascii_whitespace) {
                return;
            }
            let event = serde_json::from_slice::<EventMessage>(line)
                .ok()
                .and_then(|m| EngineEvent::from_message(&m, &|_| None));
            match event {
                Some(e) if window.events.len() < WINDOW_MAX => window.events.push(e),
                Some(_) => window.left_out = window.left_out.saturating_add(1),
                None => window.unreadable = window.unreadable.saturating_add(1),
            }
        };
        loop {
            let chunk = tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(EngineError::Cancelled),
                c = body.next() => c,
            };
            match chunk {
                Some(Ok(bytes)) => {
                    partial.extend_from_slice(&bytes);
                    while let Some(end) = partial.iter().position(|b| *b == b'\n') {
                        let line: Vec<u8> = partial.drain(..=end).collect();
                        take(&line, &mut window);
                    }
                }
                Some(Err(e)) => return Err(e),
                None => break,
            }
        }
        take(&partial, &mut window);
        Ok(window)
    }
}

/// Writes `events` to `dest` as JSON lines (one event per line, as the app shows it), whole or
/// not at all. Returns the bytes written.
pub async fn save_json_lines(
    events: &[EngineEvent],
    dest: &Path,
    replace: bool,
) -> Result<u64, EngineError> {
    let mut file = AtomicFile::create(dest, replace, "destination").await?;
    let mut buf = Vec::new();
    for e in events {
        serde_json::to_writer(&mut buf, e).map_err(|err| {
            EngineError::Protocol(format!("an event could not be written: {err}"))
        })?;
        buf.push(b'\n');
        if buf.len() >= 64 * 1024 {
            file.write(&buf).await?;
            buf.clear();
        }
    }
    file.write(&buf).await?;
    Ok(file.commit().await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: ResourceKind, action: &str, id: &str, attrs: &[(&str, &str)]) -> EngineEvent {
        EngineEvent {
            time_ms: 1.0,
            kind,
            action: action.into(),
            id: id.into(),
            subject: id.into(),
            verb: action.into(),
            container_id: None,
            attributes: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn the_filter_follows_the_engines_rule() {
        let web = event(
            ResourceKind::Container,
            "start",
            "abc123",
            &[("name", "web-1"), ("tier", "front")],
        );
        let vol = event(
            ResourceKind::Volume,
            "create",
            "data",
            &[("driver", "local")],
        );
        let all = EventFilter::default();
        assert!(all.matches(&web) && all.matches(&vol));
        let kinds = EventFilter {
            kinds: vec![ResourceKind::Volume],
            ..Default::default()
        };
        assert!(!kinds.matches(&web) && kinds.matches(&vol));
        let action = EventFilter {
            actions: vec!["stop".into(), " start ".into()],
            ..Default::default()
        };
        assert!(action.matches(&web) && !action.matches(&vol));
        let label = |l: &[&str]| EventFilter {
            labels: l.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        assert!(label(&["tier"]).matches(&web));
        assert!(label(&["tier=front"]).matches(&web));
        assert!(!label(&["tier=back"]).matches(&web));
        assert!(
            !label(&["tier", "other"]).matches(&web),
            "every label must hold"
        );
        let object = |o: &str| EventFilter {
            object: Some(o.into()),
            ..Default::default()
        };
        assert!(object("web").matches(&web), "a name prefix");
        assert!(object("abc").matches(&web), "an id prefix");
        assert!(!object("eb").matches(&web));
        assert!(object("  ").matches(&vol), "a blank object is no filter");
    }

    #[test]
    fn the_feed_keeps_the_backlog_message_and_drops_empty_batches() {
        let f = EventFilter {
            kinds: vec![ResourceKind::Image],
            ..Default::default()
        };
        let c = event(ResourceKind::Container, "start", "a", &[]);
        let kept = f.keep(EventFeedMessage::Events {
            events: vec![c.clone()],
            replay: true,
        });
        assert_eq!(
            kept,
            Some(EventFeedMessage::Events {
                events: vec![],
                replay: true
            })
        );
        assert_eq!(
            f.keep(EventFeedMessage::Events {
                events: vec![c],
                replay: false
            }),
            None
        );
        assert_eq!(
            f.keep(EventFeedMessage::Skipped { count: 3 }),
            Some(EventFeedMessage::Skipped { count: 3 })
        );
    }

    #[test]
    fn the_window_reads_as_the_cli_command_and_the_api_path() {
        let q = EventQuery {
            filter: EventFilter {
                kinds: vec![ResourceKind::Container],
                actions: vec!["die".into()],
                labels: vec!["app=web".into()],
                object: Some("web".into()),
            },
            since_ms: Some(1_700_000_000_250.0),
            until_ms: Some(1_700_000_060_000.0),
        };
        assert_eq!(
            q.argv().join(" "),
            "docker events --since 1700000000.250000000 --until 1700000060.000000000 \
             --filter type=container --filter container=web --filter event=die \
             --filter label=app=web --format json"
        );
        let path = q.path(1_700_000_060_000.0).unwrap();
        assert!(path
            .starts_with("/events?until=1700000060.000000000&since=1700000000.250000000&filters="));
        let filters = percent_encoding::percent_decode_str(path.split("filters=").nth(1).unwrap())
            .decode_utf8()
            .unwrap()
            .into_owned();
        assert_eq!(
            filters,
            r#"{"container":["web"],"event":["die"],"label":["app=web"],"type":["container"]}"#
        );
    }

    #[test]
    fn bad_windows_are_refused_naming_the_field() {
        let backwards = EventQuery {
            since_ms: Some(2_000.0),
            until_ms: Some(1_000.0),
            ..Default::default()
        };
        let err = backwards.validate().unwrap_err().to_string();
        assert!(err.starts_with("until:"), "{err}");
        let nan = EventQuery {
            since_ms: Some(f64::NAN),
            ..Default::default()
        };
        assert!(nan
            .validate()
            .unwrap_err()
            .to_string()
            .starts_with("since:"));
    }

    #[tokio::test]
    async fn saved_events_are_one_json_object_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("events.jsonl");
        let events = vec![
            event(ResourceKind::Container, "start", "a", &[("name", "web")]),
            event(ResourceKind::Volume, "create", "v", &[]),
        ];
        let bytes = save_json_lines(&events, &dest, false).await.unwrap();
        let text = std::fs::read_to_string(&dest).unwrap();
        assert_eq!(bytes as usize, text.len());
        let back: Vec<EngineEvent> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(back, events);
        let again = save_json_lines(&events, &dest, false).await.unwrap_err();
        assert!(matches!(again, EngineError::Conflict(_)), "{again:?}");
    }
}
