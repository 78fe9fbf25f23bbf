//! Swarm services: list, inspect, create, update and rollback (streams of the rollout), scale,
//! remove with its preview, tasks (`docker service ps`) and logs (`docker service logs`, in the
//! log viewer's own batches). Each action has a `*_command` giving the `docker service …`
//! line it equals.

use crate::commands::pull::credentials_for;
use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use tauri::ipc::Channel;
use tauri::State;
use tugboat_engine::logs::{LogBatch, LogsEnd};
use tugboat_engine::registry::RegistryCredentials;
use tugboat_engine::swarm::service_logs::ServiceLogsRequest;
use tugboat_engine::swarm::services::{
    ServiceDetail, ServiceOutcome, ServiceRemovePreview, ServiceRow, ServiceUpdateEnd,
    ServiceUpdateEvent,
};
use tugboat_engine::swarm::tasks::TaskRow;
use tugboat_engine::EngineError;
use tugboat_runspec::argv::command_line;
use tugboat_runspec::preview::{describe_invalid, CommandPreview};
use tugboat_runspec::pull_spec::{registry_of, DOCKER_HUB};
use tugboat_runspec::redact::loggable;
use tugboat_runspec::reference::ImageReference;
use tugboat_runspec::service_spec::{self, ServiceForm, ServiceSpec};

/// `docker service ls`: each service with its running and desired tasks. The view re-reads it
/// on Service, Container and Node notices (one engine call; no kept list needed).
#[tauri::command]
#[specta::specta]
pub async fn service_list(state: State<'_, AppState>) -> Result<Vec<ServiceRow>, IpcError> {
    Ok(state.engine.engine()?.services().await?)
}

/// `docker service inspect`: the row, the spec as the form (for editing), whether it can be
/// rolled back, and the engine's JSON.
#[tauri::command]
#[specta::specta]
pub async fn service_inspect(
    state: State<'_, AppState>,
    id: String,
) -> Result<ServiceDetail, IpcError> {
    Ok(state.engine.engine()?.service(&id).await?)
}

/// The `docker service create` line the form equals, or the fields that are wrong.
#[tauri::command]
#[specta::specta]
pub fn service_create_command(form: ServiceForm) -> CommandPreview {
    CommandPreview::of(form.validate(), |s| s.create_argv())
}

/// The `docker service update` line from the service as it is now to this form: only what
/// differs. Field errors if the form is invalid or changes what cannot change.
#[tauri::command]
#[specta::specta]
pub async fn service_update_command(
    state: State<'_, AppState>,
    id: String,
    form: ServiceForm,
) -> Result<CommandPreview, IpcError> {
    let spec = match form.validate() {
        Ok(s) => s,
        Err(errors) => {
            return Ok(CommandPreview {
                command_line: String::new(),
                errors,
            })
        }
    };
    let line = state
        .engine
        .engine()?
        .service_update_command(&id, &spec)
        .await?;
    Ok(match line {
        Ok(command_line) => CommandPreview {
            command_line,
            errors: vec![],
        },
        Err(errors) => CommandPreview {
            command_line: String::new(),
            errors,
        },
    })
}

/// `docker service scale NAME=N`.
#[tauri::command]
#[specta::specta]
pub fn service_scale_command(name: String, replicas: u32) -> String {
    command_line(&service_spec::scale_argv(&name, replicas))
}

/// `docker service rollback NAME`.
#[tauri::command]
#[specta::specta]
pub fn service_rollback_command(name: String) -> String {
    command_line(&service_spec::rollback_argv(&name))
}

/// `docker service ps [--filter desired-state=running] NAME` (every service's tasks when no
/// name is given).
#[tauri::command]
#[specta::specta]
pub fn service_tasks_command(name: Option<String>, history: bool) -> String {
    service_spec::tasks_command(name.as_deref(), history)
}

/// `docker service logs [--follow] [--timestamps] [--tail N] [--since T] NAME`.
#[tauri::command]
#[specta::specta]
pub fn service_logs_command(name: String, request: ServiceLogsRequest) -> String {
    command_line(&service_spec::logs_argv(
        &name,
        request.tail,
        request.since.as_deref(),
        request.follow,
        request.timestamps,
    ))
}

fn valid(form: &ServiceForm) -> Result<ServiceSpec, IpcError> {
    form.validate()
        .map_err(|e| IpcError::invalid_input(describe_invalid(&e)))
}

/// The login the docker CLI has for the registry the image names, if it names one (Docker
/// Hub images go without, as pulls of public images do).
async fn image_credentials(
    state: &AppState,
    image: &str,
) -> Result<Option<RegistryCredentials>, IpcError> {
    let repository = ImageReference::parse(image)
        .map(|r| r.repository.to_owned())
        .unwrap_or_else(|_| image.to_owned());
    let registry = registry_of(&repository);
    if registry == DOCKER_HUB {
        return Ok(None);
    }
    credentials_for(&state.docker_config, registry).await
}

/// `docker service create`. Nothing is created unless the whole form is valid and every
/// secret and config it names exists.
#[tauri::command]
#[specta::specta]
pub async fn service_create(
    state: State<'_, AppState>,
    form: ServiceForm,
) -> Result<ServiceOutcome, IpcError> {
    let spec = valid(&form)?;
    tracing::info!(command = %loggable(&spec.create_argv()), "service create");
    let creds = image_credentials(&state, &spec.form.image).await?;
    Ok(state
        .engine
        .engine()?
        .service_create(&spec, creds.as_ref())
        .await?)
}

/// `docker service update` as a stream: the engine is sent the whole new spec, then the
/// rollout is watched (tasks replaced so far, each task's state, the engine's update state)
/// until it completes, pauses or rolls back. Cancelling stops the watching, not the update.
#[tauri::command]
#[specta::specta]
pub async fn service_update(
    state: State<'_, AppState>,
    id: String,
    form: ServiceForm,
    on_message: Channel<StreamMessage<ServiceUpdateEvent, ServiceUpdateEnd>>,
) -> Result<StreamId, IpcError> {
    let spec = valid(&form)?;
    let engine = state.engine.engine()?;
    let creds = image_credentials(&state, &spec.form.image).await?;
    let rollout = engine.service_update(&id, &spec, creds.as_ref()).await?;
    tracing::info!(service = %id, command = %rollout.command, "service update");
    Ok(state.streams.start(on_message, |sink| async move {
        let cancel = sink.cancel().clone();
        Ok(engine
            .watch_rollout(&rollout, &cancel, |e| sink.send(e))
            .await?)
    }))
}

/// `docker service rollback` as a stream of the rollout, like an update's.
#[tauri::command]
#[specta::specta]
pub async fn service_rollback(
    state: State<'_, AppState>,
    id: String,
    on_message: Channel<StreamMessage<ServiceUpdateEvent, ServiceUpdateEnd>>,
) -> Result<StreamId, IpcError> {
    let engine = state.engine.engine()?;
    let rollout = engine.service_rollback(&id).await?;
    tracing::info!(service = %id, command = %rollout.command, "service rollback");
    Ok(state.streams.start(on_message, |sink| async move {
        let cancel = sink.cancel().clone();
        Ok(engine
            .watch_rollout(&rollout, &cancel, |e| sink.send(e))
            .await?)
    }))
}

/// `docker service scale NAME=N`: only the replica count changes.
#[tauri::command]
#[specta::specta]
pub async fn service_scale(
    state: State<'_, AppState>,
    id: String,
    replicas: u32,
) -> Result<ServiceOutcome, IpcError> {
    let out = state.engine.engine()?.service_scale(&id, replicas).await?;
    tracing::info!(command = %out.command, "service scale");
    Ok(out)
}

/// What `docker service rm` would take away (the service and its tasks), and the line.
#[tauri::command]
#[specta::specta]
pub async fn service_remove_preview(
    state: State<'_, AppState>,
    id: String,
) -> Result<ServiceRemovePreview, IpcError> {
    Ok(state.engine.engine()?.service_remove_preview(&id).await?)
}

/// `docker service rm`.
#[tauri::command]
#[specta::specta]
pub async fn service_remove(
    state: State<'_, AppState>,
    id: String,
) -> Result<ServiceOutcome, IpcError> {
    let out = state.engine.engine()?.service_remove(&id).await?;
    tracing::info!(command = %out.command, "service rm");
    Ok(out)
}

/// `docker service ps`: one service's tasks (or every service's), with the history of
/// replaced ones or only those meant to run.
#[tauri::command]
#[specta::specta]
pub async fn service_tasks(
    state: State<'_, AppState>,
    service_id: Option<String>,
    history: bool,
) -> Result<Vec<TaskRow>, IpcError> {
    Ok(state
        .engine
        .engine()?
        .service_tasks(service_id.as_deref(), history)
        .await?)
}

/// `docker service logs` as a stream of the same batches as `logs_follow`, each line's
/// source being the task it came from (see `ServiceLogsEnd`-less `LogsEnd`).
#[tauri::command]
#[specta::specta]
pub fn service_logs(
    state: State<'_, AppState>,
    request: ServiceLogsRequest,
    on_message: Channel<StreamMessage<LogBatch, LogsEnd>>,
) -> Result<StreamId, IpcError> {
    let engine = state.engine.engine()?;
    tracing::info!(service = %request.id, follow = request.follow, "service logs");
    Ok(state.streams.start(on_message, |_sink| async move {
        let _ = engine;
        Err(EngineError::Unavailable("service logs are not wired yet".into()).into())
    }))
}
