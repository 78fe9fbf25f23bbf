//! Volumes: the kept list, sizes on request, inspect, create, remove and prune (the exact list
//! first). Each body delegates to the engine crate; the `docker volume …` lines are runspec's.

use crate::error::IpcError;
use crate::state::AppState;
use tauri::State;
use tugboat_engine::kept::Snapshot;
use tugboat_engine::volumes::prune::{VolumePruneOutcome, VolumePrunePreview};
use tugboat_engine::volumes::{VolumeDetails, VolumeOutcome, VolumeRow, VolumeSize};
use tugboat_runspec::argv::command_line;
use tugboat_runspec::preview::{describe_invalid, CommandPreview};
use tugboat_runspec::volume_spec::{self, VolumeForm, VolumePruneFilters};

/// `docker volume ls` from the backend's kept list (with who uses each volume), and the
/// version of the last `VolumesChanged` delta it includes. Before the list is first learnt,
/// this waits for the keeper to fetch it.
#[tauri::command]
#[specta::specta]
pub async fn volume_list(state: State<'_, AppState>) -> Result<Snapshot<VolumeRow>, IpcError> {
    state.engine.engine()?;
    Ok(state.volumes.list().await?)
}

/// Every volume's size (`docker system df -v`): costly, so only when the user asks.
#[tauri::command]
#[specta::specta]
pub async fn volume_sizes(state: State<'_, AppState>) -> Result<Vec<VolumeSize>, IpcError> {
    Ok(state.engine.engine()?.volume_sizes().await?)
}

/// `docker volume inspect NAME`: readable, and the engine's JSON.
#[tauri::command]
#[specta::specta]
pub async fn volume_inspect(
    state: State<'_, AppState>,
    name: String,
) -> Result<VolumeDetails, IpcError> {
    Ok(state.engine.engine()?.volume(&name).await?)
}

/// What `docker volume create` the form equals, or the fields that are wrong.
#[tauri::command]
#[specta::specta]
pub fn volume_create_preview(form: VolumeForm) -> CommandPreview {
    CommandPreview::of(form.validate(), |s| s.argv())
}

/// `docker volume create …`. Nothing is sent unless the whole form is valid.
#[tauri::command]
#[specta::specta]
pub async fn volume_create(
    state: State<'_, AppState>,
    form: VolumeForm,
) -> Result<VolumeOutcome, IpcError> {
    let spec = form
        .validate()
        .map_err(|e| IpcError::invalid_input(describe_invalid(&e)))?;
    tracing::info!(command = %command_line(&spec.argv()), "volume create");
    Ok(state.engine.engine()?.volume_create(&spec).await?)
}

/// The `docker volume rm` line for a volume.
#[tauri::command]
#[specta::specta]
pub fn volume_remove_command(name: String, force: bool) -> String {
    command_line(&volume_spec::remove_argv(&name, force))
}

/// `docker volume rm [--force] NAME`; a volume in use is refused, naming its containers.
#[tauri::command]
#[specta::specta]
pub async fn volume_remove(
    state: State<'_, AppState>,
    name: String,
    force: bool,
) -> Result<VolumeOutcome, IpcError> {
    tracing::info!(command = %command_line(&volume_spec::remove_argv(&name, force)), "volume rm");
    Ok(state.engine.engine()?.volume_remove(&name, force).await?)
}

/// Exactly the volumes `docker volume prune` with these filters would remove now, with sizes.
#[tauri::command]
#[specta::specta]
pub async fn volume_prune_preview(
    state: State<'_, AppState>,
    filters: VolumePruneFilters,
) -> Result<VolumePrunePreview, IpcError> {
    Ok(state
        .engine
        .engine()?
        .volume_prune_preview(&filters)
        .await?)
}

/// Removes the previewed volumes the user confirmed (`seen`) that are still unused; never one
/// the user did not see.
#[tauri::command]
#[specta::specta]
pub async fn volume_prune(
    state: State<'_, AppState>,
    filters: VolumePruneFilters,
    seen: Vec<String>,
) -> Result<VolumePruneOutcome, IpcError> {
    tracing::info!(volumes = seen.len(), "volume prune");
    Ok(state.engine.engine()?.volume_prune(&filters, &seen).await?)
}
