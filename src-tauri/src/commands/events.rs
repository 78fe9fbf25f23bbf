//! The live event feed as a per-view stream, and stream cancellation.

use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::StreamId;
use tauri::ipc::Channel;
use tauri::State;
pub use tugboat_engine::events::feed::EventFeedMessage;
use tugboat_engine::events::feed::{follow_feed, Batching};

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
    let live = engine.subscribe_events();
    let backlog = engine.recent_events();
    tauri::async_runtime::spawn(async move {
        follow_feed(backlog, live, cancel, Batching::default(), |msg| {
            on_message.send(msg).is_ok()
        })
        .await;
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
