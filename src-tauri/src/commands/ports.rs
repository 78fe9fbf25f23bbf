//! The Ports page. Opening a port in the browser is `containers::port_open`.

use crate::error::IpcError;
use crate::state::AppState;
use tauri::State;
use tugboat_engine::ports::PortEntry;

/// Every published and exposed-only port of every container, taken host ports flagged.
#[tauri::command]
#[specta::specta]
pub async fn ports_list(state: State<'_, AppState>) -> Result<Vec<PortEntry>, IpcError> {
    Ok(state.engine.engine()?.ports().await?)
}
