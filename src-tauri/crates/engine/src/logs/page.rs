//! Older pages: the `count` lines before a moment. The engine applies `--tail` before
//! `--until` (engine 20.10 with json-file: `--until T --tail N` gives the last N lines of the
//! whole log, then drops those after T, often leaving nothing), so a page cannot be asked for
//! directly. Instead we read growing windows back from the moment (a minute, then 8 times
//! more each time) until the page is full or the window reaches the container's creation.

use super::decode::{timestamp_key, Decoder};
use super::ring::Ring;
use super::{LogLine, LogsError, Window};
use crate::connection::Engine;
use crate::error::EngineError;
use bollard::query_parameters::InspectContainerOptions;
use futures_util::StreamExt;
use tugboat_runspec::logs::LogTime;

/// The most lines one page may hold.
pub const PAGE_MAX: u32 = 20_000;

const FIRST_WINDOW_SECONDS: i64 = 60;

fn log_time(key: i128) -> LogTime {
    LogTime {
        seconds: key.div_euclid(1_000_000_000) as i64,
        nanos: key.rem_euclid(1_000_000_000) as u32,
    }
}

impl Engine {
    /// The `count` lines just before `before` (a line's RFC 3339 time), oldest first; fewer
    /// when the log has no more.
    pub async fn log_page(
        &self,
        id: &str,
        before: &str,
        count: u32,
    ) -> Result<Vec<LogLine>, LogsError> {
        if count == 0 || count > PAGE_MAX {
            return Err(EngineError::InvalidInput(format!(
                "count: ask for 1 to {PAGE_MAX} lines, not {count}"
            ))
            .into());
        }
        let Some(before_key) = timestamp_key(before.trim().as_bytes()) else {
            return Err(EngineError::InvalidInput(format!(
                "before: `{before}` is not an RFC 3339 time; give the time of the oldest line \
                 shown, such as 2024-05-01T10:00:00.123456789Z"
            ))
            .into());
        };
        let created = self
            .docker
            .inspect_container(id, None::<InspectContainerOptions>)
            .await
            .map_err(EngineError::from)?
            .created
            .map(|c| {
                i128::from(c.timestamp()) * 1_000_000_000 + i128::from(c.timestamp_subsec_nanos())
            })
            .unwrap_or(0);
        let end = log_time(before_key);
        let mut span = FIRST_WINDOW_SECONDS;
        loop {
            let since = LogTime {
                seconds: (end.seconds - span).max(0),
                nanos: 0,
            };
            let window = Window {
                since: Some(since),
                until: Some(end),
            };
            let mut ring = Ring::new(count as usize, usize::MAX);
            let mut chunks = self.docker.logs(id, Some(window.options(false, None)));
            let mut decoder = Decoder::default();
            let mut lines = Vec::new();
            let mut keep = |lines: &mut Vec<super::decode::Decoded>| {
                for d in lines.drain(..) {
                    if d.key != 0 && d.key < before_key && window.holds(d.key) {
                        ring.push(
                            d.key,
                            LogLine {
                                source: 0,
                                stream: d.stream,
                                timestamp: d.timestamp,
                                text: d.text,
                                cut: d.cut,
                            },
                        );
                    }
                }
            };
            while let Some(chunk) = chunks.next().await {
                match chunk {
                    Ok(c) => decoder.feed(&c, &mut lines),
                    Err(e) => return Err(self.explain_logs_error(id, e.into()).await),
                }
                keep(&mut lines);
            }
            decoder.finish(&mut lines);
            keep(&mut lines);
            let full = ring.len() >= count as usize;
            if full || since.key() <= created || since.seconds == 0 {
                return Ok(ring.drain_all().into_iter().map(|(_, l)| l).collect());
            }
            span = span.saturating_mul(8);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_turn_back_into_times() {
        assert_eq!(
            log_time(1_700_000_000_123_456_789),
            LogTime {
                seconds: 1_700_000_000,
                nanos: 123_456_789
            }
        );
    }
}
