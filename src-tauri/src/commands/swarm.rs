//! Swarm mode: status, the machine's addresses for init, init, join lines and leave (with what
//! a leave takes along); nodes (list, inspect, update); secrets and configs (list with their
//! users, create from text or a picked file, inspect, remove with a preview). Every action's
//! `docker …` line comes from `swarm_command`. The logic is the engine crate's
//! (`tugboat_engine::swarm`).

use crate::chosen::{ask, ChosenPaths, Pick};
use crate::error::IpcError;
use crate::state::AppState;
use std::path::Path;
use tauri::{AppHandle, State};
use tugboat_engine::swarm::nodes::{NodeChange, NodeDetail, NodeRow};
use tugboat_engine::swarm::objects::{
    self, ObjectCreate, ObjectKind, ObjectRemovePreview, ObjectSource, SecretBytes,
    SwarmObjectDetail, SwarmObjectRow,
};
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

/// `docker node ls`.
#[tauri::command]
#[specta::specta]
pub async fn node_list(state: State<'_, AppState>) -> Result<Vec<NodeRow>, IpcError> {
    Ok(state.engine.engine()?.node_list().await?)
}

/// `docker node inspect ID`.
#[tauri::command]
#[specta::specta]
pub async fn node_inspect(state: State<'_, AppState>, id: String) -> Result<NodeDetail, IpcError> {
    Ok(state.engine.engine()?.node_inspect(&id).await?)
}

/// `docker node update …` / `promote` / `demote`: role, availability, labels.
#[tauri::command]
#[specta::specta]
pub async fn node_update(
    state: State<'_, AppState>,
    id: String,
    change: NodeChange,
) -> Result<NodeRow, IpcError> {
    let line = command_line(&tugboat_engine::swarm::nodes::node_argv(&id, &change));
    tracing::info!(command = %line, "node update");
    Ok(state.engine.engine()?.node_update(&id, &change).await?)
}

/// `docker secret ls` / `docker config ls`, with the services using each.
#[tauri::command]
#[specta::specta]
pub async fn secret_list(state: State<'_, AppState>) -> Result<Vec<SwarmObjectRow>, IpcError> {
    Ok(state
        .engine
        .engine()?
        .swarm_object_list(ObjectKind::Secret)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn config_list(state: State<'_, AppState>) -> Result<Vec<SwarmObjectRow>, IpcError> {
    Ok(state
        .engine
        .engine()?
        .swarm_object_list(ObjectKind::Config)
        .await?)
}

/// Opens the file dialog for a secret's or config's value; the file picked may then be read
/// by a create. `null` if closed.
#[tauri::command]
#[specta::specta]
pub async fn swarm_object_choose_file(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    title: String,
) -> Result<Option<String>, IpcError> {
    let picked = ask(&app, Pick::File, &title, None).await?;
    Ok(picked.map(|file| {
        chosen.allow_read(&file);
        file.display().to_string()
    }))
}

/// Creates a secret or config. Its value (typed, or read from a picked file with the files
/// crate's bounded read) lives only for this call; only the line without it is logged.
async fn create_object(
    state: &AppState,
    chosen: &ChosenPaths,
    kind: ObjectKind,
    create: ObjectCreate,
) -> Result<String, IpcError> {
    let line = create.line();
    tracing::info!(
        command = %command_line(&objects::create_argv(kind, &line)),
        "{} create",
        kind.word()
    );
    objects::validate_line(&line)?;
    let value = match create.source {
        ObjectSource::Text(text) => text,
        ObjectSource::File(path) => {
            let path = Path::new(&path);
            if !chosen.may_read(path) {
                return Err(IpcError::invalid_input(format!(
                    "source: {} was not picked in the file dialog; use \"From file…\"",
                    path.display()
                )));
            }
            match tugboat_files::read::read_capped(path, objects::MAX_VALUE_BYTES, "source")
                .await
                .map_err(tugboat_engine::EngineError::from)?
            {
                tugboat_files::read::Capped::Whole(bytes) => SecretBytes::from_bytes(bytes)?,
                tugboat_files::read::Capped::TooLarge { bytes } => {
                    return Err(IpcError::invalid_input(format!(
                        "source: {} holds {bytes} bytes, over the engine's limit of {} bytes",
                        path.display(),
                        objects::MAX_VALUE_BYTES
                    )))
                }
            }
        }
    };
    Ok(state
        .engine
        .engine()?
        .swarm_object_create(kind, &line, value)
        .await?)
}

/// `docker secret create [--label …] NAME FILE|-`; answers with the new ID.
#[tauri::command]
#[specta::specta]
pub async fn secret_create(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    create: ObjectCreate,
) -> Result<String, IpcError> {
    create_object(&state, &chosen, ObjectKind::Secret, create).await
}

/// `docker config create [--label …] NAME FILE|-`; answers with the new ID.
#[tauri::command]
#[specta::specta]
pub async fn config_create(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    create: ObjectCreate,
) -> Result<String, IpcError> {
    create_object(&state, &chosen, ObjectKind::Config, create).await
}

/// `docker secret|config inspect`: metadata (and a config's data).
#[tauri::command]
#[specta::specta]
pub async fn swarm_object_inspect(
    state: State<'_, AppState>,
    kind: ObjectKind,
    id: String,
) -> Result<SwarmObjectDetail, IpcError> {
    Ok(state
        .engine
        .engine()?
        .swarm_object_inspect(kind, &id)
        .await?)
}

/// What removing would run into (the services using it) and the line.
#[tauri::command]
#[specta::specta]
pub async fn swarm_object_remove_preview(
    state: State<'_, AppState>,
    kind: ObjectKind,
    id: String,
) -> Result<ObjectRemovePreview, IpcError> {
    Ok(state
        .engine
        .engine()?
        .swarm_object_remove_preview(kind, &id)
        .await?)
}

/// `docker secret rm ID`; one in use is refused, naming the services.
#[tauri::command]
#[specta::specta]
pub async fn secret_remove(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    tracing::info!(command = %command_line(&objects::remove_argv(ObjectKind::Secret, &id)), "secret rm");
    Ok(state
        .engine
        .engine()?
        .swarm_object_remove(ObjectKind::Secret, &id)
        .await?)
}

/// `docker config rm ID`; one in use is refused, naming the services.
#[tauri::command]
#[specta::specta]
pub async fn config_remove(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    tracing::info!(command = %command_line(&objects::remove_argv(ObjectKind::Config, &id)), "config rm");
    Ok(state
        .engine
        .engine()?
        .swarm_object_remove(ObjectKind::Config, &id)
        .await?)
}
