//! The container list, inspect, and lifecycle actions.

use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{pump, StreamId, StreamMessage};
use tauri::State;
use tugboat_engine::containers::stats::StatsSample;
use tugboat_engine::containers::{
    command_line, ActionOutcome, ContainerAction, ContainerDetails, ContainerRow, ContainerState,
    RemovalItem,
};
use tugboat_runspec::redact::loggable;

/// `docker ps -a` (all) or `docker ps`. The whole list comes from the backend's copy kept by
/// engine events once it has dealt with every notice sent so far (the UI calls this after a
/// notice, and must see that notice's change), else from the engine.
#[tauri::command]
#[specta::specta]
pub async fn container_list(
    state: State<'_, AppState>,
    all: bool,
) -> Result<Vec<ContainerRow>, IpcError> {
    let engine = state.engine.engine()?;
    if !all {
        return Ok(engine.containers(false).await?);
    }
    Ok(state
        .containers
        .list_current(&state.engine, &engine, LIST_WAITS_FOR_KEPT)
        .await?)
}

/// How long a full refresh waits for the kept list to catch up before asking the engine.
const LIST_WAITS_FOR_KEPT: std::time::Duration = std::time::Duration::from_millis(300);

/// `docker inspect <id>`: a readable overview and the engine's JSON.
#[tauri::command]
#[specta::specta]
pub async fn container_inspect(
    state: State<'_, AppState>,
    id: String,
) -> Result<ContainerDetails, IpcError> {
    Ok(state.engine.engine()?.container(&id).await?)
}

/// The docker CLI command an action equals, for showing before or while it runs.
#[tauri::command]
#[specta::specta]
pub fn container_action_command(action: ContainerAction, target: String) -> String {
    command_line(&action.argv(&target))
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
    tracing::info!(container = id, command = %loggable(&action.argv(id)), "container action");
    Ok(state
        .engine
        .engine()?
        .container_act(id, &action, seen)
        .await?)
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
    on_message: tauri::ipc::Channel<StreamMessage<(), i32>>,
) -> Result<StreamId, IpcError> {
    let engine = state.engine.engine()?;
    let action = ContainerAction::Wait;
    tracing::info!(container = %id, command = %command_line(&action.argv(&id)), "container action");
    Ok(state.streams.start(on_message, |sink| async move {
        match engine.wait_exit(&id, sink.cancel()).await {
            Err(tugboat_engine::EngineError::Cancelled) => {
                Err(tugboat_engine::EngineError::Cancelled.into())
            }
            Err(e) => Err(action.explain(None, e).into()),
            Ok(exit_code) => Ok(exit_code),
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

/// Live CPU and memory of one container, about once a second, until `stream_cancel(id)`, the
/// view's channel goes away, or the container stops (`End` says why). Views open it only for
/// rows on screen.
#[tauri::command]
#[specta::specta]
pub fn container_stats_follow(
    state: State<'_, AppState>,
    id: String,
    on_message: tauri::ipc::Channel<StreamMessage<StatsSample, String>>,
) -> Result<StreamId, IpcError> {
    let engine = state.engine.engine()?;
    Ok(state.streams.start(on_message, |sink| async move {
        pump(
            engine.stats(&id),
            &sink,
            "the container stopped".to_string(),
        )
        .await
    }))
}

/// The rows of just these containers (`docker ps -a --filter id=…`), for patching a list after
/// a change notice that names them; containers that are gone are absent.
#[tauri::command]
#[specta::specta]
pub async fn container_list_by_id(
    state: State<'_, AppState>,
    ids: Vec<String>,
) -> Result<Vec<ContainerRow>, IpcError> {
    Ok(state.engine.engine()?.containers_by_id(&ids).await?)
}

/// What is wrong with an action's own arguments (a new name, a signal, a timeout), or None
/// when the engine may be asked. Dialogs call it as the user types: the rule lives here once.
#[tauri::command]
#[specta::specta]
pub fn container_action_problem(action: ContainerAction) -> Option<String> {
    action.validate().err().map(|e| e.to_string())
}
