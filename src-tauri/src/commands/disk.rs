//! Disk usage (`docker system df -v`) and clean-up (`docker system prune`): thin commands over
//! the engine crate's `disk` module.

use crate::error::IpcError;
use crate::state::AppState;
use tauri::State;
use tugboat_engine::disk::prune::{SystemPrunePreview, SystemPruneResult};
use tugboat_engine::DiskBreakdown;
use tugboat_runspec::system_prune::SystemPruneOptions;

/// `docker system df -v`: the totals per kind and every object behind them. Slow on big
/// engines; only on request.
#[tauri::command]
#[specta::specta]
pub async fn system_disk_usage(state: State<'_, AppState>) -> Result<DiskBreakdown, IpcError> {
    Ok(state.engine.engine()?.system_disk_usage().await?)
}

/// What `docker system prune` with these options would remove, part by part, and the command.
#[tauri::command]
#[specta::specta]
pub async fn system_prune_preview(
    state: State<'_, AppState>,
    options: SystemPruneOptions,
) -> Result<SystemPrunePreview, IpcError> {
    Ok(state
        .engine
        .engine()?
        .system_prune_preview(&options)
        .await?)
}

/// `docker system prune`, removing only the objects in `seen` (the ids the preview listed).
#[tauri::command]
#[specta::specta]
pub async fn system_prune(
    state: State<'_, AppState>,
    options: SystemPruneOptions,
    seen: Vec<String>,
) -> Result<SystemPruneResult, IpcError> {
    Ok(state.engine.engine()?.system_prune(&options, &seen).await?)
}
