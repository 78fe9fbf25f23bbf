//! Compose stacks on the engine: the projects list, down with its exact preview, and service
//! actions (start, stop, restart, scale), each with the `docker compose …` line it equals.

use crate::error::IpcError;
use crate::state::AppState;
use tauri::State;
use tugboat_engine::compose::actions::{ServiceAction, StackActionOutcome};
use tugboat_engine::compose::down::{DownOptions, DownOutcome, DownPlan};
use tugboat_engine::compose::projects::ComposeProject;

/// Every compose project on the engine, from labels (started by either compose CLI or here).
#[tauri::command]
#[specta::specta]
pub async fn compose_projects(state: State<'_, AppState>) -> Result<Vec<ComposeProject>, IpcError> {
    Ok(state.engine.engine()?.compose_projects().await?)
}

/// Exactly what `docker compose -p <project> down` with these options would remove, now.
#[tauri::command]
#[specta::specta]
pub async fn compose_down_preview(
    state: State<'_, AppState>,
    project: String,
    options: DownOptions,
) -> Result<DownPlan, IpcError> {
    Ok(state
        .engine
        .engine()?
        .compose_down_preview(&project, options)
        .await?)
}

/// Removes what the plan the user saw lists, and only what still belongs to the project.
#[tauri::command]
#[specta::specta]
pub async fn compose_down(
    state: State<'_, AppState>,
    plan: DownPlan,
) -> Result<DownOutcome, IpcError> {
    tracing::info!(command = %plan.command, "compose down");
    Ok(state.engine.engine()?.compose_down(&plan).await?)
}

/// Start, stop or restart a service (or the whole stack when `service` is null), or scale a
/// service (which may remove its highest-numbered containers).
#[tauri::command]
#[specta::specta]
pub async fn compose_service_action(
    state: State<'_, AppState>,
    project: String,
    service: Option<String>,
    action: ServiceAction,
) -> Result<StackActionOutcome, IpcError> {
    tracing::info!(%project, ?service, ?action, "compose service action");
    Ok(state
        .engine
        .engine()?
        .compose_service_action(&project, service.as_deref(), action)
        .await?)
}
