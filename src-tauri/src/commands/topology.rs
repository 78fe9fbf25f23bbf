//! The network map and "can A reach B?".

use crate::error::IpcError;
use crate::state::AppState;
use tauri::State;
use tugboat_engine::topology::reach::Reach;
use tugboat_engine::topology::Topology;

/// Every network and the containers on it (`docker network ls` + `docker inspect` of each
/// container), for the network map.
#[tauri::command]
#[specta::specta]
pub async fn network_topology(state: State<'_, AppState>) -> Result<Topology, IpcError> {
    Ok(state.engine.engine()?.topology().await?)
}

/// Whether container `from` can reach container `to`, by which names on each network they
/// share, from the engine's settings and (when `from` runs and has a shell) a live lookup in it.
#[tauri::command]
#[specta::specta]
pub async fn network_reach(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Reach, IpcError> {
    tracing::info!(from = %from, to = %to, "network reach check");
    Ok(state.engine.engine()?.reach(&from, &to).await?)
}
