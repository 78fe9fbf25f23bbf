//! A container's namespaces and cgroups beside the host's (the "Namespaces & cgroups" tab), and
//! the run form of its "try it" container.

use crate::error::IpcError;
use crate::state::AppState;
use tauri::State;
use tugboat_engine::namespaces::{try_it, Namespaces};
use tugboat_runspec::RunForm;

/// Its processes under both PID numbers, hostname, interfaces, layers and cgroup limits, each
/// fact with where it came from. A stopped container gives what inspect knows, with words.
#[tauri::command]
#[specta::specta]
pub async fn container_namespaces(
    state: State<'_, AppState>,
    id: String,
) -> Result<Namespaces, IpcError> {
    Ok(state.engine.engine()?.namespaces(&id).await?)
}

/// The run form of the memory "try it": `-m 32m` and a shell that grows until it is killed.
/// It is run with `container_run`, like any form, so it shows the same `docker run` line.
#[tauri::command]
#[specta::specta]
pub fn namespaces_oom_try_it(name: String, image: String) -> RunForm {
    try_it::oom_try_it(&name, &image)
}
