//! The live event feed as a per-view stream, and stream cancellation.

use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::StreamId;
use serde::Serialize;
use std::time::Duration;
use tauri::ipc::Channel;
use tauri::State;
use tokio::sync::broadcast::error::RecvError;
use tugboat_engine::EngineEvent;

/// What the event feed channel carries.
#[derive(Debug, Clone, Serialize, specta::Type)]
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

/// How long live events are gathered before one batch goes out, and the most one batch holds.
const BATCH_WINDOW: Duration = Duration::from_millis(40);
const BATCH_MAX: usize = 256;

/// Opens the event feed: first the recent backlog, then live events in small batches, until
/// `stream_cancel(id)` or the view's channel goes away.
#[tauri::command]
#[specta::specta]
pub fn events_follow(
    state: State<'_, AppState>,
    on_message: Channel<EventFeedMessage>,
) -> Result<StreamId, IpcError> {
    let engine = state.engine.clone();
    let streams = state.streams.clone();
    let (id, cancel) = streams.open();
    // Subscribe before taking the backlog so nothing falls between the two.
    let mut live = engine.subscribe_events();
    let backlog = engine.recent_events();
    let replayed_until = backlog.last().map(|e| e.time_ms).unwrap_or(0.0);
    tauri::async_runtime::spawn(async move {
        let send = |msg: EventFeedMessage| on_message.send(msg).is_ok();
        if !send(EventFeedMessage::Events {
            events: backlog,
            replay: true,
        }) {
            streams.finish(id);
            return;
        }
        loop {
            let first = tokio::select! {
                _ = cancel.cancelled() => break,
                r = live.recv() => r,
            };
            let mut batch = Vec::new();
            match first {
                Ok(e) => batch.push(e),
                Err(RecvError::Lagged(n)) => {
                    if !send(EventFeedMessage::Skipped { count: n as u32 }) {
                        break;
                    }
                    continue;
                }
                Err(RecvError::Closed) => break,
            }
            let deadline = tokio::time::Instant::now() + BATCH_WINDOW;
            while batch.len() < BATCH_MAX {
                match tokio::time::timeout_at(deadline, live.recv()).await {
                    Ok(Ok(e)) => batch.push(e),
                    Ok(Err(RecvError::Lagged(_))) => continue,
                    Ok(Err(RecvError::Closed)) | Err(_) => break,
                }
            }
            batch.retain(|e| e.time_ms > replayed_until);
            if !batch.is_empty()
                && !send(EventFeedMessage::Events {
                    events: batch,
                    replay: false,
                })
            {
                break;
            }
        }
        streams.finish(id);
    });
    Ok(id)
}

/// Ends a per-view stream. Ending one that already ended is not an error.
#[tauri::command]
#[specta::specta]
pub fn stream_cancel(state: State<'_, AppState>, id: StreamId) {
    state.streams.cancel(id);
}
