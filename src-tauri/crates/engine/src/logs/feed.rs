//! One logs view's stream. A reader task per container decodes the engine's records into the
//! shared bounded ring and never waits for the view; the feed takes one batch off the ring at
//! most every `every` (at most `batch_lines` lines) and hands it on. A merged view first reads
//! each container's starting lines (tail, since, until) and merges them by time, then follows
//! each from its last line, and orders every batch by time.

use super::decode::Decoder;
use super::ring::Ring;
use super::{LogBatch, LogLine, LogsEnd, LogsError, LogsRequest, Window};
use crate::connection::Engine;
use crate::error::EngineError;
use bollard::query_parameters::LogsOptions;
use futures_util::StreamExt;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// How often batches go out, how big they get, and how much the ring holds.
#[derive(Debug, Clone, Copy)]
pub struct FeedLimits {
    pub every: Duration,
    pub batch_lines: usize,
    pub ring_lines: usize,
    pub ring_bytes: usize,
}

impl Default for FeedLimits {
    fn default() -> Self {
        FeedLimits {
            every: Duration::from_millis(50),
            batch_lines: 2_000,
            ring_lines: 20_000,
            ring_bytes: 16 * 1024 * 1024,
        }
    }
}

/// What a feed did, readable while it runs (the benchmarks watch the ring).
#[derive(Debug, Default)]
pub struct FeedStats {
    /// Lines decoded from the engine.
    pub read: AtomicU64,
    /// Lines dropped because the view fell behind.
    pub skipped: AtomicU64,
    /// The most bytes the ring held at once.
    pub peak_ring_bytes: AtomicUsize,
}

/// The ring and the bell readers ring when they add to it.
struct Shared {
    ring: Mutex<Ring>,
    added: Notify,
}

impl Shared {
    fn push(
        &self,
        source: u16,
        lines: Vec<super::decode::Decoded>,
        after: Option<i128>,
        window: &Window,
    ) {
        if lines.is_empty() {
            return;
        }
        if let Ok(mut ring) = self.ring.lock() {
            for d in lines {
                if !window.holds(d.key) || after.is_some_and(|a| d.key != 0 && d.key <= a) {
                    continue;
                }
                ring.push(d.key, line_of(source, d));
            }
        }
        self.added.notify_one();
    }
}

fn line_of(source: u16, d: super::decode::Decoded) -> LogLine {
    LogLine {
        source,
        stream: d.stream,
        timestamp: d.timestamp,
        text: d.text,
        cut: d.cut,
    }
}

/// One container's logs read into a ring until the engine ends the answer.
struct Reader {
    engine: Engine,
    origin: LogOrigin,
    id: String,
    source: u16,
    options: LogsOptions,
    /// Only lines later than this key (a merged view following on from its starting lines).
    after: Option<i128>,
    window: Window,
    shared: Arc<Shared>,
    stats: Arc<FeedStats>,
}

impl Reader {
    async fn run(self) -> Result<(), LogsError> {
        let Reader {
            engine,
            origin,
            id,
            source,
            options,
            after,
            window,
            shared,
            stats,
        } = self;
        type Chunks = std::pin::Pin<
            Box<
                dyn futures_util::Stream<
                        Item = Result<bollard::container::LogOutput, bollard::errors::Error>,
                    > + Send,
            >,
        >;
        let mut chunks: Chunks = match origin {
            LogOrigin::Container => Box::pin(engine.docker.logs(&id, Some(options))),
            LogOrigin::Task => Box::pin(engine.docker.task_logs(&id, Some(options))),
        };
        let mut decoder = Decoder::default();
        let mut lines = Vec::new();
        while let Some(chunk) = chunks.next().await {
            match chunk {
                Ok(c) => decoder.feed(&c, &mut lines),
                Err(e) => return Err(engine.explain_logs_error(&id, e.into()).await),
            }
            stats.read.fetch_add(lines.len() as u64, Ordering::Relaxed);
            shared.push(source, std::mem::take(&mut lines), after, &window);
        }
        decoder.finish(&mut lines);
        stats.read.fetch_add(lines.len() as u64, Ordering::Relaxed);
        shared.push(source, lines, after, &window);
        Ok(())
    }
}

/// Merges lists that are each in time order into one in time order; equal times keep the
/// order of the lists.
pub fn merge_by_time(lists: Vec<Vec<(i128, LogLine)>>) -> Vec<(i128, LogLine)> {
    let mut all: Vec<(i128, LogLine)> = lists.into_iter().flatten().collect();
    // Stable: runs that are already in order stay in order, and a stable sort of k sorted
    // runs is a merge.
    all.sort_by_key(|(k, _)| *k);
    all
}

/// Runs a logs view's stream: batches go to `send` until the lines asked for are all sent (or,
/// following, the containers stop), `cancel` fires, or `send` says the view is gone.
pub async fn follow(
    engine: &Engine,
    request: &LogsRequest,
    limits: FeedLimits,
    stats: Arc<FeedStats>,
    cancel: &CancellationToken,
    send: impl FnMut(LogBatch) -> bool,
) -> Result<LogsEnd, LogsError> {
    follow_from(
        engine,
        LogOrigin::Container,
        request,
        limits,
        stats,
        cancel,
        send,
    )
    .await
}

/// Whose output the ids of a request name: containers (`docker logs`), or a swarm service's
/// tasks (`docker service logs`, one task per source, read through the manager so tasks on
/// other nodes are read too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogOrigin {
    Container,
    Task,
}

/// [`follow`] for ids of either origin: the same readers, ring, merge and batches.
pub async fn follow_from(
    engine: &Engine,
    origin: LogOrigin,
    request: &LogsRequest,
    limits: FeedLimits,
    stats: Arc<FeedStats>,
    cancel: &CancellationToken,
    mut send: impl FnMut(LogBatch) -> bool,
) -> Result<LogsEnd, LogsError> {
    if request.ids.is_empty() {
        return Err(EngineError::InvalidInput("ids: name at least one container".into()).into());
    }
    if request.ids.len() > usize::from(u16::MAX) {
        return Err(EngineError::InvalidInput(format!(
            "ids: at most {} containers at once",
            u16::MAX
        ))
        .into());
    }
    let window = Window::of(request)?;
    let shared = Arc::new(Shared {
        ring: Mutex::new(Ring::new(limits.ring_lines, limits.ring_bytes)),
        added: Notify::new(),
    });
    let merged = request.ids.len() > 1;
    let mut readers = JoinSet::new();
    if merged {
        let starts = tokio::select! {
            biased;
            _ = cancel.cancelled() => return Err(EngineError::Cancelled.into()),
            s = starting_lines(engine, origin, request, window, limits, &stats) => s?,
        };
        let mut ring = shared
            .ring
            .lock()
            .map_err(|_| EngineError::Protocol("the logs ring was poisoned".into()))?;
        let lasts: Vec<Option<i128>> = starts
            .iter()
            .map(|(lines, _)| lines.last().map(|(k, _)| *k))
            .collect();
        let dropped: u64 = starts.iter().map(|(_, d)| d).sum();
        for (k, line) in merge_by_time(starts.into_iter().map(|(l, _)| l).collect()) {
            ring.push(k, line);
        }
        // Lines a source's own starting ring dropped were skipped too.
        ring.add_skipped(dropped);
        drop(ring);
        if request.follow {
            for (i, id) in request.ids.iter().enumerate() {
                let (options, after) = match lasts[i] {
                    Some(last) => {
                        let from = Window {
                            since: Some(tugboat_runspec::logs::LogTime {
                                seconds: (last / 1_000_000_000) as i64,
                                nanos: 0,
                            }),
                            until: window.until,
                        };
                        (from.options(true, None), Some(last))
                    }
                    // Nothing yet: from the start of the window, except that a tail of 0
                    // asked for nothing old.
                    None => (window.options(true, request.tail.filter(|t| *t == 0)), None),
                };
                readers.spawn(
                    Reader {
                        engine: engine.clone(),
                        origin,
                        id: id.clone(),
                        source: i as u16,
                        options,
                        after,
                        window,
                        shared: shared.clone(),
                        stats: stats.clone(),
                    }
                    .run(),
                );
            }
        }
    } else {
        readers.spawn(
            Reader {
                engine: engine.clone(),
                origin,
                id: request.ids[0].clone(),
                source: 0,
                options: window.options(request.follow, request.tail),
                after: None,
                window,
                shared: shared.clone(),
                stats: stats.clone(),
            }
            .run(),
        );
    }

    let mut sent: u64 = 0;
    let mut last_sent: Option<Instant> = None;
    loop {
        let empty = shared.ring.lock().map(|r| r.is_empty()).unwrap_or(true);
        if empty {
            if readers.is_empty() {
                return Ok(LogsEnd { lines: sent as f64 });
            }
            tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(EngineError::Cancelled.into()),
                done = readers.join_next() => {
                    match done {
                        Some(Ok(Ok(()))) | None => {}
                        Some(Ok(Err(e))) => return Err(e),
                        Some(Err(e)) => {
                            return Err(EngineError::Protocol(format!("a logs reader stopped: {e}")).into())
                        }
                    }
                    continue;
                }
                _ = shared.added.notified() => {}
            }
        }
        if let Some(at) = last_sent {
            tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(EngineError::Cancelled.into()),
                _ = tokio::time::sleep_until(at + limits.every) => {}
            }
        }
        let (mut lines, skipped) = match shared.ring.lock() {
            Ok(mut ring) => {
                stats
                    .peak_ring_bytes
                    .fetch_max(ring.peak_bytes(), Ordering::Relaxed);
                ring.take(limits.batch_lines)
            }
            Err(_) => return Err(EngineError::Protocol("the logs ring was poisoned".into()).into()),
        };
        last_sent = Some(Instant::now());
        if lines.is_empty() && skipped == 0 {
            continue;
        }
        if merged {
            lines.sort_by_key(|(k, _)| *k);
        }
        stats.skipped.fetch_add(skipped, Ordering::Relaxed);
        sent += lines.len() as u64;
        let batch = LogBatch {
            lines: lines.into_iter().map(|(_, l)| l).collect(),
            skipped: u32::try_from(skipped).unwrap_or(u32::MAX),
        };
        if !send(batch) {
            return Err(EngineError::Cancelled.into());
        }
    }
}

/// Each container's starting lines (tail, since, until), read at once, each kept in its own
/// bounded ring: the lines in time order and how many that ring dropped.
async fn starting_lines(
    engine: &Engine,
    origin: LogOrigin,
    request: &LogsRequest,
    window: Window,
    limits: FeedLimits,
    stats: &Arc<FeedStats>,
) -> Result<Vec<(Vec<(i128, LogLine)>, u64)>, LogsError> {
    let mut tasks = JoinSet::new();
    for (i, id) in request.ids.iter().enumerate() {
        let shared = Arc::new(Shared {
            ring: Mutex::new(Ring::new(limits.ring_lines, limits.ring_bytes)),
            added: Notify::new(),
        });
        let reading = Reader {
            engine: engine.clone(),
            origin,
            id: id.clone(),
            source: i as u16,
            options: window.options(false, request.tail),
            after: None,
            window,
            shared: shared.clone(),
            stats: stats.clone(),
        }
        .run();
        tasks.spawn(async move {
            reading.await?;
            let mut ring = shared
                .ring
                .lock()
                .map_err(|_| EngineError::Protocol("the logs ring was poisoned".into()))?;
            let dropped = ring.skipped();
            Ok::<_, LogsError>((i, ring.drain_all(), dropped))
        });
    }
    let mut starts = vec![(Vec::new(), 0); request.ids.len()];
    while let Some(done) = tasks.join_next().await {
        let (i, lines, dropped) =
            done.map_err(|e| EngineError::Protocol(format!("a logs reader stopped: {e}")))??;
        starts[i] = (lines, dropped);
    }
    Ok(starts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::LogStream;

    fn line(source: u16, text: &str) -> LogLine {
        LogLine {
            source,
            stream: LogStream::Stdout,
            timestamp: String::new(),
            text: text.into(),
            cut: 0,
        }
    }

    #[test]
    fn merging_orders_by_time_and_keeps_ties_in_source_order() {
        let a = vec![(1, line(0, "a1")), (5, line(0, "a5")), (9, line(0, "a9"))];
        let b = vec![(2, line(1, "b2")), (5, line(1, "b5")), (6, line(1, "b6"))];
        let merged: Vec<String> = merge_by_time(vec![a, b])
            .into_iter()
            .map(|(_, l)| l.text)
            .collect();
        assert_eq!(merged, ["a1", "b2", "a5", "b5", "b6", "a9"]);
    }
}
