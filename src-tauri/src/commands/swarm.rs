//! Swarm mode: status, the machine's addresses for init, init, join lines and leave (with what
//! a leave takes along), each with the `docker swarm …` line it equals (`swarm_command`). The
//! logic is the engine crate's (`tugboat_engine::swarm`).

use crate::error::IpcError;
use crate::state::AppState;
use tauri::State;
use tugboat_engine::swarm::status::{
    self, HostAddress, JoinTokens, LeavePreview, SwarmAction, SwarmInit, SwarmStatus,
};
use tugboat_runspec::argv::command_line;

/// `docker info`'s swarm part: inactive, or this node's role and the swarm's counts.
#[tauri::command]
#[specta::specta]
pub async fn swarm_status(state: State<'_, AppState>) -> Result<SwarmStatus, IpcError> {
    Ok(state.engine.engine()?.swarm_status().await?)
}

/// This machine's addresses to advertise, one suggested, when the engine runs on this machine;
/// none for an engine elsewhere (its own addresses are not ours to list: the user types one).
#[tauri::command]
#[specta::specta]
pub async fn swarm_addresses(state: State<'_, AppState>) -> Result<Vec<HostAddress>, IpcError> {
    let engine = state.engine.engine()?;
    if !status::is_local_engine(engine.host()) {
        return Ok(Vec::new());
    }
    Ok(status::host_addresses()?)
}

/// The `docker swarm …` line of an action, as shown beside its button.
#[tauri::command]
#[specta::specta]
pub fn swarm_command(action: SwarmAction) -> String {
    command_line(&status::swarm_argv(&action))
}

/// `docker swarm init --advertise-addr …`: this engine becomes a swarm's first manager.
#[tauri::command]
#[specta::specta]
pub async fn swarm_init(
    state: State<'_, AppState>,
    init: SwarmInit,
) -> Result<SwarmStatus, IpcError> {
    let line = command_line(&status::swarm_argv(&SwarmAction::Init(init.clone())));
    tracing::info!(command = %line, "swarm init");
    Ok(state.engine.engine()?.swarm_init(&init).await?)
}

/// The whole `docker swarm join --token … addr` lines for a worker and a manager.
#[tauri::command]
#[specta::specta]
pub async fn swarm_join_tokens(state: State<'_, AppState>) -> Result<JoinTokens, IpcError> {
    Ok(state.engine.engine()?.swarm_join_tokens().await?)
}

/// What leaving would take with it, read from the engine now.
#[tauri::command]
#[specta::specta]
pub async fn swarm_leave_preview(state: State<'_, AppState>) -> Result<LeavePreview, IpcError> {
    Ok(state.engine.engine()?.swarm_leave_preview().await?)
}

/// `docker swarm leave [--force]`.
#[tauri::command]
#[specta::specta]
pub async fn swarm_leave(state: State<'_, AppState>, force: bool) -> Result<(), IpcError> {
    let line = command_line(&status::swarm_argv(&SwarmAction::Leave { force }));
    tracing::info!(command = %line, "swarm leave");
    Ok(state.engine.engine()?.swarm_leave(force).await?)
}
