//! The Events page: the live feed filtered by the engine's rule, a past window of events, the
//! `docker events` line either equals, and the shown events saved as JSON lines.

use crate::chosen::{ask, folder_of, ChosenPaths, Pick};
use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use std::path::{Path, PathBuf};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tokio_util::sync::CancellationToken;
use tugboat_engine::events::feed::{follow_feed, Batching, EventFeedMessage};
use tugboat_engine::events::query::{save_json_lines, EventFilter, EventQuery, EventWindow};
use tugboat_engine::{EngineError, EngineEvent};
use tugboat_runspec::argv::command_line;

/// Opens the live feed with only the events `filter` lets through: the recent backlog first
/// (filtered; always sent, even empty), then live batches, until `stream_cancel(id)`.
#[tauri::command]
#[specta::specta]
pub fn events_page_follow(
    state: State<'_, AppState>,
    filter: EventFilter,
    on_message: Channel<StreamMessage<EventFeedMessage, ()>>,
) -> Result<StreamId, IpcError> {
    let engine = state.engine.clone();
    // Subscribe before taking the backlog so nothing falls between the two.
    let live = engine.subscribe_events();
    let backlog = engine.recent_events();
    Ok(state.streams.start(on_message, |sink| async move {
        let cancel = sink.cancel().clone();
        follow_feed(backlog, live, cancel.clone(), Batching::default(), |msg| {
            filter.keep(msg).is_none_or(|m| sink.send(m))
        })
        .await;
        if cancel.is_cancelled() {
            return Err(EngineError::Cancelled.into());
        }
        Ok(())
    }))
}

/// The engine's events from `since` to `until` (none: its "now"), filtered by the engine.
#[tauri::command]
#[specta::specta]
pub async fn events_query(
    state: State<'_, AppState>,
    query: EventQuery,
) -> Result<EventWindow, IpcError> {
    let engine = state.engine.engine()?;
    Ok(engine
        .events_query(&query, &CancellationToken::new())
        .await?)
}

/// The `docker events …` line a window (or, without times, the live feed) equals.
#[tauri::command]
#[specta::specta]
pub fn events_command(query: EventQuery) -> String {
    command_line(&query.argv())
}

/// Opens the save dialog for the events export, in the folder of `typed` (a path the user
/// typed) or the home folder. Only a path chosen here may be written by `events_export`.
#[tauri::command]
#[specta::specta]
pub async fn events_export_choose(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    typed: String,
) -> Result<Option<String>, IpcError> {
    let typed_name = Path::new(typed.trim())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let picked = ask(
        &app,
        Pick::Save {
            file_name: typed_name.unwrap_or_else(|| "events.jsonl".into()),
            filter: ("JSON lines", &["jsonl", "json"]),
        },
        "Save the shown events to",
        folder_of(&typed),
    )
    .await?;
    Ok(picked.map(|p| {
        chosen.allow_write(&p);
        p.display().to_string()
    }))
}

/// Writes `events` (the ones shown) to `destination`, one JSON object a line, whole or not at
/// all. Only a file chosen in the save dialog this session is written; an existing one only
/// when `replace`. Returns the bytes written.
#[tauri::command]
#[specta::specta]
pub async fn events_export(
    chosen: State<'_, ChosenPaths>,
    destination: String,
    events: Vec<EngineEvent>,
    replace: bool,
) -> Result<f64, IpcError> {
    let dest = PathBuf::from(&destination);
    if !chosen.may_write(&dest) {
        return Err(IpcError::invalid_input(format!(
            "destination: {destination} was not chosen in the save dialog. Press Export… and \
             pick the file there: Tugboat writes only where that dialog says"
        )));
    }
    Ok(save_json_lines(&events, &dest, replace).await? as f64)
}
