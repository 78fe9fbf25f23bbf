//! The container list, inspect, and lifecycle actions.

use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use tauri::State;
use tugboat_engine::containers::{
    command_line, ActionOutcome, ActionPreview, ContainerAction, ContainerDetails, ContainerRow,
    ContainerState, RemovalItem,
};
use tugboat_engine::kept::Snapshot;
use tugboat_runspec::redact::loggable;

/// `docker ps -a`, from the backend's kept list, with the version of the last delta it
/// includes: the UI loads it once and then applies the `ContainersChanged` deltas newer than
/// that. It is never older than a delta already sent. Before the list is first learnt, this
/// waits for the keeper to fetch it.
#[tauri::command]
#[specta::specta]
pub async fn container_list(
    state: State<'_, AppState>,
) -> Result<Snapshot<ContainerRow>, IpcError> {
    // Disconnected: say so, rather than wait for a list that can't be fetched.
    state.engine.engine()?;
    Ok(state.containers.list().await?)
}

/// `docker inspect <id>`: a readable overview and the engine's JSON.
#[tauri::command]
#[specta::specta]
pub async fn container_inspect(
    state: State<'_, AppState>,
    id: String,
) -> Result<ContainerDetails, IpcError> {
    Ok(state.engine.engine()?.container(&id).await?)
}

/// What an action would run on these containers (one `docker …` line each, by the names the
/// user sees) and why it would be refused, in one call: dialogs ask as the choice changes.
#[tauri::command]
#[specta::specta]
pub fn container_action_preview(action: ContainerAction, targets: Vec<String>) -> ActionPreview {
    ActionPreview::of(&action, &targets)
}

/// What removing these containers would take with it.
#[tauri::command]
#[specta::specta]
pub async fn container_removal_preview(
    state: State<'_, AppState>,
    ids: Vec<String>,
) -> Result<Vec<RemovalItem>, IpcError> {
    Ok(state.engine.engine()?.removal_preview(&ids).await?)
}

async fn act(
    state: &AppState,
    id: &str,
    action: ContainerAction,
    seen: Option<ContainerState>,
) -> Result<ActionOutcome, IpcError> {
    let shown = shown_name(state, id);
    tracing::info!(container = id, command = %loggable(&action.argv(&shown)), "container action");
    Ok(state
        .engine
        .engine()?
        .container_act(id, &shown, &action, seen)
        .await?)
}

/// How the user knows container `id`: its name in the kept list, else the id itself.
fn shown_name(state: &AppState, id: &str) -> String {
    state
        .containers
        .kept()
        .get(id)
        .map_or_else(|| id.to_owned(), |row| row.name)
}

// One command per action, as scripts expect; `seen` is the state the UI showed, used only to
// explain a refusal.

#[tauri::command]
#[specta::specta]
pub async fn container_start(
    state: State<'_, AppState>,
    id: String,
    seen: Option<ContainerState>,
) -> Result<ActionOutcome, IpcError> {
    act(&state, &id, ContainerAction::Start, seen).await
}

#[tauri::command]
#[specta::specta]
pub async fn container_stop(
    state: State<'_, AppState>,
    id: String,
    timeout_secs: Option<u32>,
    seen: Option<ContainerState>,
) -> Result<ActionOutcome, IpcError> {
    act(&state, &id, ContainerAction::Stop { timeout_secs }, seen).await
}

#[tauri::command]
#[specta::specta]
pub async fn container_restart(
    state: State<'_, AppState>,
    id: String,
    timeout_secs: Option<u32>,
    seen: Option<ContainerState>,
) -> Result<ActionOutcome, IpcError> {
    act(&state, &id, ContainerAction::Restart { timeout_secs }, seen).await
}

#[tauri::command]
#[specta::specta]
pub async fn container_kill(
    state: State<'_, AppState>,
    id: String,
    signal: Option<String>,
    seen: Option<ContainerState>,
) -> Result<ActionOutcome, IpcError> {
    act(&state, &id, ContainerAction::Kill { signal }, seen).await
}

#[tauri::command]
#[specta::specta]
pub async fn container_pause(
    state: State<'_, AppState>,
    id: String,
    seen: Option<ContainerState>,
) -> Result<ActionOutcome, IpcError> {
    act(&state, &id, ContainerAction::Pause, seen).await
}

#[tauri::command]
#[specta::specta]
pub async fn container_unpause(
    state: State<'_, AppState>,
    id: String,
    seen: Option<ContainerState>,
) -> Result<ActionOutcome, IpcError> {
    act(&state, &id, ContainerAction::Unpause, seen).await
}

#[tauri::command]
#[specta::specta]
pub async fn container_remove(
    state: State<'_, AppState>,
    id: String,
    force: bool,
    volumes: bool,
    seen: Option<ContainerState>,
) -> Result<ActionOutcome, IpcError> {
    act(
        &state,
        &id,
        ContainerAction::Remove { force, volumes },
        seen,
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn container_rename(
    state: State<'_, AppState>,
    id: String,
    new_name: String,
    seen: Option<ContainerState>,
) -> Result<ActionOutcome, IpcError> {
    act(&state, &id, ContainerAction::Rename { new_name }, seen).await
}

/// `docker wait`: returns a stream id at once; the exit code comes as the stream's `End` when
/// the container stops. `stream_cancel(id)` ends the wait (a closed panel does), and with it
/// the request to the engine.
#[tauri::command]
#[specta::specta]
pub fn container_wait(
    state: State<'_, AppState>,
    id: String,
    on_message: tauri::ipc::Channel<StreamMessage<(), ActionOutcome>>,
) -> Result<StreamId, IpcError> {
    let engine = state.engine.engine()?;
    let action = ContainerAction::Wait;
    let command = command_line(&action.argv(&shown_name(&state, &id)));
    tracing::info!(container = %id, command = %command, "container action");
    Ok(state.streams.start(on_message, |sink| async move {
        match engine.wait_exit(&id, sink.cancel()).await {
            Err(tugboat_engine::EngineError::Cancelled) => {
                Err(tugboat_engine::EngineError::Cancelled.into())
            }
            Err(e) => Err(tugboat_engine::containers::refusals::explain(&action, None, e).into()),
            Ok(exit_code) => Ok(ActionOutcome {
                exit_code: Some(exit_code),
                command,
            }),
        }
    }))
}

/// Opens a published port in the default browser. The URL is built in the engine crate from the
/// address and port, and only for local addresses: the UI cannot make the app open arbitrary URLs.
#[tauri::command]
#[specta::specta]
pub fn port_open(
    app: tauri::AppHandle,
    host_ip: Option<String>,
    host_port: u16,
) -> Result<(), IpcError> {
    use tauri_plugin_opener::OpenerExt;
    let url = tugboat_engine::containers::port_link::browser_url(host_ip.as_deref(), host_port)?;
    app.opener()
        .open_url(&url, None::<&str>)
        .map_err(|e| IpcError::internal(format!("could not open {url}: {e}")))
}
