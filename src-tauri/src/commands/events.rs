//! The live event feed as a per-view stream, and stream cancellation.

use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use tauri::ipc::Channel;
use tauri::State;
pub use tugboat_engine::events::feed::EventFeedMessage;
use tugboat_engine::events::feed::{follow_feed, Batching};
use tugboat_engine::EngineError;

/// Opens the event feed: first the recent backlog, then live events in small batches, until
/// `stream_cancel(id)` or the view's channel goes away. It ends (`End`) only when the app
/// shuts down.
#[tauri::command]
#[specta::specta]
pub fn events_follow(
    state: State<'_, AppState>,
    on_message: Channel<StreamMessage<EventFeedMessage, ()>>,
) -> Result<StreamId, IpcError> {
    let engine = state.engine.clone();
    // Subscribe before taking the backlog so nothing falls between the two.
    let live = engine.subscribe_events();
    let backlog = engine.recent_events();
    Ok(state.streams.start(on_message, |sink| async move {
        let cancel = sink.cancel().clone();
        follow_feed(backlog, live, cancel.clone(), Batching::default(), |msg| {
            sink.send(msg)
        })
        .await;
        if cancel.is_cancelled() {
            return Err(EngineError::Cancelled.into());
        }
        Ok(())
    }))
}

/// Ends a per-view stream. Ending one that already ended is not an error.
#[tauri::command]
#[specta::specta]
pub fn stream_cancel(state: State<'_, AppState>, id: StreamId) {
    state.streams.cancel(id);
}
