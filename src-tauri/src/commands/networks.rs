//! Networks: the kept list, inspect, create, remove, connect, disconnect and prune, each with
//! the `docker network …` line it equals.

use crate::error::IpcError;
use crate::state::AppState;
use tauri::State;
use tugboat_engine::kept::Snapshot;
use tugboat_engine::networks::{
    NetworkDetails, NetworkOutcome, NetworkRow, PruneOutcome, PrunePreview,
};
use tugboat_runspec::argv::command_line;
use tugboat_runspec::network_spec::{
    remove_argv, NetworkConnectForm, NetworkCreateForm, PruneFilter,
};
use tugboat_runspec::preview::{describe_invalid, CommandPreview};
use tugboat_runspec::redact::loggable;

/// `docker network ls` from the backend's kept list (with the containers on each network),
/// with the version of the last delta it includes; `NetworksChanged` carries the deltas after.
#[tauri::command]
#[specta::specta]
pub async fn network_list(state: State<'_, AppState>) -> Result<Snapshot<NetworkRow>, IpcError> {
    state.engine.engine()?;
    Ok(state.networks.list().await?)
}

/// `docker network inspect`: a readable overview and the engine's JSON.
#[tauri::command]
#[specta::specta]
pub async fn network_inspect(
    state: State<'_, AppState>,
    id: String,
) -> Result<NetworkDetails, IpcError> {
    Ok(state.engine.engine()?.network(&id).await?)
}

/// The `docker network create` the form equals, or the fields that are wrong.
#[tauri::command]
#[specta::specta]
pub fn network_create_preview(form: NetworkCreateForm) -> CommandPreview {
    CommandPreview::of(form.validate(), |s| s.argv())
}

/// `docker network create`. Nothing is created unless the whole form is valid.
#[tauri::command]
#[specta::specta]
pub async fn network_create(
    state: State<'_, AppState>,
    form: NetworkCreateForm,
) -> Result<NetworkOutcome, IpcError> {
    let spec = form
        .validate()
        .map_err(|e| IpcError::invalid_input(describe_invalid(&e)))?;
    tracing::info!(command = %loggable(&spec.argv()), "network create");
    Ok(state.engine.engine()?.network_create(&spec).await?)
}

/// How the user knows network `id`: its name in the kept list, else what was given.
fn network_name(state: &AppState, id: &str) -> String {
    state
        .networks
        .kept()
        .get(id)
        .map_or_else(|| id.to_owned(), |row| row.name)
}

/// How the user knows container `id`: its name in the kept list, else what was given.
fn container_name(state: &AppState, id: &str) -> String {
    state
        .containers
        .kept()
        .get(id)
        .map_or_else(|| id.to_owned(), |row| row.name)
}

/// The `docker network rm` line for these networks (by the names the user sees): the remove
/// dialog shows it before anything is removed.
#[tauri::command]
#[specta::specta]
pub fn network_remove_command(names: Vec<String>) -> String {
    command_line(&remove_argv(&names))
}

/// `docker network rm`. The engine's own networks are refused before the engine is asked.
#[tauri::command]
#[specta::specta]
pub async fn network_remove(
    state: State<'_, AppState>,
    id: String,
) -> Result<NetworkOutcome, IpcError> {
    let shown = network_name(&state, &id);
    tracing::info!(network = %id, name = %shown, "network rm");
    Ok(state.engine.engine()?.network_remove(&id, &shown).await?)
}

/// The `docker network connect` the form equals for this network and container.
#[tauri::command]
#[specta::specta]
pub fn network_connect_preview(
    state: State<'_, AppState>,
    network: String,
    container: String,
    form: NetworkConnectForm,
) -> CommandPreview {
    let (n, c) = (
        network_name(&state, &network),
        container_name(&state, &container),
    );
    CommandPreview::of(form.validate(), |s| s.argv(&n, &c))
}

/// `docker network connect`, with aliases and fixed addresses.
#[tauri::command]
#[specta::specta]
pub async fn network_connect(
    state: State<'_, AppState>,
    network: String,
    container: String,
    form: NetworkConnectForm,
) -> Result<NetworkOutcome, IpcError> {
    let spec = form
        .validate()
        .map_err(|e| IpcError::invalid_input(describe_invalid(&e)))?;
    let (n, c) = (
        network_name(&state, &network),
        container_name(&state, &container),
    );
    tracing::info!(command = %loggable(&spec.argv(&n, &c)), "network connect");
    Ok(state
        .engine
        .engine()?
        .network_connect(&network, &container, &spec, (&n, &c))
        .await?)
}

/// `docker network disconnect [-f]`.
#[tauri::command]
#[specta::specta]
pub async fn network_disconnect(
    state: State<'_, AppState>,
    network: String,
    container: String,
    force: bool,
) -> Result<NetworkOutcome, IpcError> {
    let (n, c) = (
        network_name(&state, &network),
        container_name(&state, &container),
    );
    tracing::info!(network = %n, container = %c, force, "network disconnect");
    Ok(state
        .engine
        .engine()?
        .network_disconnect(&network, &container, force, (&n, &c))
        .await?)
}

/// Exactly what `docker network prune` with these filters would remove, asked of the engine.
#[tauri::command]
#[specta::specta]
pub async fn network_prune_preview(
    state: State<'_, AppState>,
    filter: PruneFilter,
) -> Result<PrunePreview, IpcError> {
    Ok(state
        .engine
        .engine()?
        .network_prune_preview(&filter)
        .await?)
}

/// `docker network prune -f` with these filters. `shown` are the ids of the networks the
/// preview listed: if the engine would now remove any other, nothing is removed.
#[tauri::command]
#[specta::specta]
pub async fn network_prune(
    state: State<'_, AppState>,
    filter: PruneFilter,
    shown: Vec<String>,
) -> Result<PruneOutcome, IpcError> {
    tracing::info!(labels = ?filter.labels, "network prune");
    Ok(state
        .engine
        .engine()?
        .network_prune(&filter, &shown)
        .await?)
}
