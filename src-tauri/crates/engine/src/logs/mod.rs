//! `docker logs`: a container's output as lines, followed live, several containers merged in
//! time order, older pages on demand, and the whole log saved to a file.
//!
//! - `decode`: the engine's records into lines (frames, TTY bytes, partial lines, `\r`,
//!   invalid UTF-8, the line cap).
//! - `ring`: the bounded ring between readers and the view; what does not fit is dropped and
//!   counted, never waited for.
//! - `feed`: one logs view's stream: readers per container, the ring, batches on a clock.
//! - `page`: the lines before a moment (older pages), and `save`: the whole log to a file.

pub mod decode;
pub mod feed;
pub mod page;
pub mod ring;
pub mod save;

pub use decode::LogStream;
pub use feed::{FeedLimits, FeedStats};

use crate::connection::Engine;
use crate::error::EngineError;
use bollard::query_parameters::{InspectContainerOptions, LogsOptions};
use serde::{Deserialize, Serialize};
use tugboat_runspec::logs::{parse_log_time, LogTime, LogsFlags};

/// One line of a container's output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogLine {
    /// Index into [`LogsRequest::ids`] (0 for one container).
    pub source: u16,
    pub stream: LogStream,
    /// The engine's RFC 3339 nanosecond time for the line ("" if it sent none).
    pub timestamp: String,
    /// One line without its `\n`; of a `\r` progress line only what follows the last `\r`;
    /// invalid UTF-8 bytes as `\xNN`; at most 64 KiB.
    pub text: String,
    /// Bytes dropped by the 64 KiB cap (0 normally).
    pub cut: u32,
}

/// What a logs stream sends, at most every ~50 ms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogBatch {
    pub lines: Vec<LogLine>,
    /// Lines the bounded ring dropped since the last batch because the view fell behind.
    pub skipped: u32,
}

/// What a logs view asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogsRequest {
    /// One container, or several for a merged, time-ordered view.
    pub ids: Vec<String>,
    /// The last N lines to start from; None: all.
    pub tail: Option<u32>,
    /// RFC 3339, unix seconds or a duration back from now, as `docker logs --since` takes it.
    pub since: Option<String>,
    pub until: Option<String>,
    pub follow: bool,
}

/// How a logs stream ended (the container stopped, or the lines asked for were all sent).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogsEnd {
    /// Lines sent in all.
    pub lines: f64,
}

/// A container a logs view reads: its name, whether it has a terminal, and where its output
/// goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogSource {
    pub id: String,
    pub name: String,
    pub tty: bool,
    pub driver: String,
}

/// Why logs could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogsError {
    /// The container's logging driver keeps no copy the engine can read back; the message
    /// says which driver, in words.
    #[error("{0}")]
    Unreadable(String),
    #[error(transparent)]
    Engine(#[from] EngineError),
}

impl LogsRequest {
    /// The `docker logs` flags this request equals.
    pub fn flags(&self) -> LogsFlags {
        LogsFlags {
            follow: self.follow,
            tail: self.tail,
            since: self.since.clone(),
            until: self.until.clone(),
            timestamps: false,
        }
    }
}

/// The since/until of a request, checked, as keys (nanoseconds) and whole seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Window {
    pub since: Option<LogTime>,
    pub until: Option<LogTime>,
}

impl Window {
    pub(crate) fn of(request: &LogsRequest) -> Result<Window, EngineError> {
        let now = chrono::Utc::now().timestamp();
        let read = |field: &str, v: &Option<String>| {
            parse_log_time(field, v.as_deref().unwrap_or(""), now)
                .map_err(EngineError::InvalidInput)
        };
        let window = Window {
            since: read("since", &request.since)?,
            until: read("until", &request.until)?,
        };
        if let (Some(s), Some(u)) = (window.since, window.until) {
            if s > u {
                return Err(EngineError::InvalidInput(
                    "until: the end is before the start (since); give an until after it".into(),
                ));
            }
        }
        Ok(window)
    }

    /// Whether a line at `key` is inside (lines without a time always are). The engine is
    /// asked in whole seconds; this keeps the exact bounds.
    pub(crate) fn holds(&self, key: i128) -> bool {
        key == 0
            || (self.since.is_none_or(|s| key >= s.key())
                && self.until.is_none_or(|u| key <= u.key()))
    }

    /// The engine's query for this window: whole seconds, rounded outwards.
    pub(crate) fn options(&self, follow: bool, tail: Option<u32>) -> LogsOptions {
        LogsOptions {
            follow,
            stdout: true,
            stderr: true,
            since: self.since.map_or(0, |s| clamp_i32(s.floor_seconds())),
            until: self.until.map_or(0, |u| clamp_i32(u.ceil_seconds())),
            timestamps: true,
            tail: tail.map_or_else(|| "all".to_owned(), |n| n.to_string()),
        }
    }
}

fn clamp_i32(v: i64) -> i32 {
    i32::try_from(v.max(1)).unwrap_or(i32::MAX)
}

impl Engine {
    /// Name, terminal and logging driver of each container, in the order asked.
    pub async fn log_sources(&self, ids: &[String]) -> Result<Vec<LogSource>, EngineError> {
        let mut sources = Vec::with_capacity(ids.len());
        for id in ids {
            let c = self
                .docker
                .inspect_container(id, None::<InspectContainerOptions>)
                .await?;
            sources.push(LogSource {
                id: c.id.unwrap_or_else(|| id.clone()),
                name: c
                    .name
                    .map(|n| n.trim_start_matches('/').to_owned())
                    .unwrap_or_else(|| id.clone()),
                tty: c.config.as_ref().and_then(|c| c.tty).unwrap_or(false),
                driver: c
                    .host_config
                    .and_then(|h| h.log_config)
                    .and_then(|l| l.typ)
                    .unwrap_or_default(),
            });
        }
        Ok(sources)
    }

    /// An engine refusal to read logs, explained: 501 (Not Implemented) is how the engine says
    /// a container's logging driver cannot be read back; any other error is passed on.
    pub(crate) async fn explain_logs_error(&self, id: &str, err: EngineError) -> LogsError {
        if !matches!(err, EngineError::Api { status: 501, .. }) {
            return LogsError::Engine(err);
        }
        let driver = self
            .log_sources(&[id.to_owned()])
            .await
            .ok()
            .and_then(|mut s| s.pop())
            .map(|s| (s.name, s.driver));
        LogsError::Unreadable(match driver {
            Some((name, d)) if d == "none" => format!(
                "{name} was started with the logging driver none: its output is thrown away, \
                 so there is nothing to read back. Run it again with another driver \
                 (--log-driver json-file) to keep its logs"
            ),
            Some((name, d)) => format!(
                "{name} sends its output to {d}; the engine keeps no copy to read back. Read \
                 it where {d} stores it, or run the container with --log-driver json-file"
            ),
            None => {
                "this container's logging driver keeps no copy the engine can read back".to_owned()
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(since: &str, until: &str) -> LogsRequest {
        LogsRequest {
            ids: vec!["c".into()],
            tail: Some(5),
            since: Some(since.into()),
            until: Some(until.into()),
            follow: false,
        }
    }

    #[test]
    fn the_window_asks_whole_seconds_and_keeps_exact_bounds() {
        let w = Window::of(&request("100.5", "200.25")).unwrap();
        let o = w.options(true, Some(5));
        assert_eq!((o.since, o.until, o.tail.as_str()), (100, 201, "5"));
        assert!(o.timestamps && o.stdout && o.stderr && o.follow);
        assert!(!w.holds(100_400_000_000));
        assert!(w.holds(100_500_000_000));
        assert!(w.holds(200_250_000_000));
        assert!(!w.holds(200_250_000_001));
        assert!(w.holds(0), "a line without a time is kept");
        let none = Window::of(&request("", "")).unwrap().options(false, None);
        assert_eq!((none.since, none.until, none.tail.as_str()), (0, 0, "all"));
    }

    #[test]
    fn a_bad_window_names_the_field() {
        let e = Window::of(&request("soon", "")).unwrap_err();
        assert!(
            matches!(&e, EngineError::InvalidInput(m) if m.starts_with("since: ")),
            "{e}"
        );
        let e = Window::of(&request("200", "100")).unwrap_err();
        assert!(
            matches!(&e, EngineError::InvalidInput(m) if m.starts_with("until: ")),
            "{e}"
        );
    }

    #[test]
    fn lines_serialize_as_the_contract_says() {
        let line = LogLine {
            source: 1,
            stream: LogStream::Stderr,
            timestamp: "t".into(),
            text: "x".into(),
            cut: 0,
        };
        assert_eq!(
            serde_json::to_value(LogBatch {
                lines: vec![line],
                skipped: 2
            })
            .unwrap(),
            serde_json::json!({"lines":[{"source":1,"stream":"stderr","timestamp":"t","text":"x","cut":0}],"skipped":2})
        );
    }
}
