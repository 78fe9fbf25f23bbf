//! Views that look inside one container: live stats, processes (`docker top`), changes
//! (`docker diff`), and the `docker …` lines they equal. The arithmetic and the lines are the
//! engine crate's.

use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{pump, StreamId, StreamMessage};
use futures_util::Stream;
use tauri::State;
use tugboat_engine::containers::changes::ContainerChanges;
use tugboat_engine::containers::stats::StatsSample;
use tugboat_engine::containers::top::{self, InsideCommands, ProcessTable};
use tugboat_engine::EngineError;

/// `docker stats NAME`: a full sample (CPU, memory vs limit, network and block I/O with rates,
/// PIDs) about once a second, until `stream_cancel(id)`, the view's channel goes away, or the
/// container stops (`End` says why). Views open it only while they are on screen.
#[tauri::command]
#[specta::specta]
pub fn stats_follow(
    state: State<'_, AppState>,
    id: String,
    on_message: tauri::ipc::Channel<StreamMessage<StatsSample, String>>,
) -> Result<StreamId, IpcError> {
    let samples = state.engine.engine()?.stats(&id);
    Ok(send_samples(&state, on_message, samples))
}

/// A list row's figures: as [`stats_follow`], a sample now and one every 30 s after it (the
/// engine spends a collection on each; `tugboat_engine::containers::stats` says why).
#[tauri::command]
#[specta::specta]
pub fn stats_glance(
    state: State<'_, AppState>,
    id: String,
    on_message: tauri::ipc::Channel<StreamMessage<StatsSample, String>>,
) -> Result<StreamId, IpcError> {
    let samples = state.engine.engine()?.stats_glance(&id);
    Ok(send_samples(&state, on_message, samples))
}

/// Both stats commands: the samples go to the view until it cancels or the container stops.
fn send_samples(
    state: &AppState,
    on_message: tauri::ipc::Channel<StreamMessage<StatsSample, String>>,
    samples: impl Stream<Item = Result<StatsSample, EngineError>> + Send + 'static,
) -> StreamId {
    state.streams.start(on_message, |sink| async move {
        pump(samples, &sink, "the container stopped".to_string()).await
    })
}

/// `docker top ID [ps OPTIONS]`. A container that is not running is refused (`conflict`);
/// options `ps` does not take come back as the engine's words.
#[tauri::command]
#[specta::specta]
pub async fn container_top(
    state: State<'_, AppState>,
    id: String,
    ps_args: Option<String>,
) -> Result<ProcessTable, IpcError> {
    Ok(state.engine.engine()?.top(&id, ps_args.as_deref()).await?)
}

/// `docker diff ID` as a tree of added, changed and deleted paths.
#[tauri::command]
#[specta::specta]
pub async fn container_changes(
    state: State<'_, AppState>,
    id: String,
) -> Result<ContainerChanges, IpcError> {
    Ok(state.engine.engine()?.changes(&id).await?)
}

/// The `docker stats`, `top`, `diff` and `port` lines for the container the user sees as `name`.
#[tauri::command]
#[specta::specta]
pub fn inside_commands(name: String, ps_args: Option<String>) -> InsideCommands {
    top::inside_commands(&name, ps_args.as_deref())
}

/// `docker stats A B …` for containers compared side by side.
#[tauri::command]
#[specta::specta]
pub fn stats_command(names: Vec<String>) -> String {
    top::stats_command(&names)
}
