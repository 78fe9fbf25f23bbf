//! Stacks (`docker stack deploy/ls/services/rm`): the compose file loaded for a swarm (the
//! swarm checks on its lines), deployed as a stream of the compose up's events, listed, and
//! removed exactly as previewed. Thin: loading is the compose crate's, the rest the engine
//! crate's `swarm::stack`.

use crate::chosen::ChosenPaths;
use crate::commands::compose::{load_compose_for, refuse_errors};
use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;
use tugboat_compose::plan::{UpEnd, UpEvent};
use tugboat_compose::swarm::{DeployTarget, StackParts};
use tugboat_compose::{ComposeLoad, ComposeModel, ComposeRequest};
use tugboat_engine::swarm::stack::{
    deploy_command, validate_stack_name, StackContents, StackInput, StackRow, StackServiceRow,
};

/// What a deploy is asked: the compose file as the editor has it, the stack's name and
/// whether to remove the stack's services the file no longer has (`--prune`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StackDeployRequest {
    pub compose: ComposeRequest,
    pub stack: String,
    pub prune: bool,
}

/// The file loaded for `stack`: its names are `<stack>_<key>`, its checks swarm's.
async fn load_for_stack(
    chosen: &ChosenPaths,
    compose: &ComposeRequest,
    stack: &str,
) -> Result<ComposeLoad, IpcError> {
    validate_stack_name(stack)?;
    let mut request = compose.clone();
    request.project_name = Some(stack.to_owned());
    load_compose_for(chosen, request, DeployTarget::Swarm).await
}

/// The model and stack parts of a deploy, or why it cannot run: a file with errors is refused
/// with its first problem and line, as the problems list shows them.
async fn stack_of(
    chosen: &ChosenPaths,
    request: &StackDeployRequest,
) -> Result<(ComposeModel, StackParts), IpcError> {
    let loaded = load_for_stack(chosen, &request.compose, &request.stack).await?;
    refuse_errors(&loaded, " for a swarm", "Deploy")?;
    match (loaded.model, loaded.stack) {
        (Some(model), Some(parts)) if !model.services.is_empty() => Ok((model, parts)),
        _ => Err(IpcError::invalid_input(
            "the file has no services to deploy: add a `services:` key",
        )),
    }
}

/// The compose file loaded for `docker stack deploy` as `stack`: the model, and the problems
/// with the swarm checks (ignored keys, `build:` without `image:`, `deploy:` explained).
#[tauri::command]
#[specta::specta]
pub async fn stack_load(
    chosen: State<'_, ChosenPaths>,
    compose: ComposeRequest,
    stack: String,
) -> Result<ComposeLoad, IpcError> {
    load_for_stack(&chosen, &compose, &stack).await
}

/// The `docker stack deploy -c … [--prune] <stack>` line a deploy equals.
#[tauri::command]
#[specta::specta]
pub async fn stack_deploy_command(
    chosen: State<'_, ChosenPaths>,
    request: StackDeployRequest,
) -> Result<String, IpcError> {
    let (model, _) = stack_of(&chosen, &request).await?;
    Ok(deploy_command(
        &model.config_files,
        request.prune,
        &request.stack,
    ))
}

/// `docker stack deploy` as a stream of [`UpEvent`]s (the plan, each network, secret, config
/// and service as it is made or updated, then `done` or `failed`).
#[tauri::command]
#[specta::specta]
pub async fn stack_deploy(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    request: StackDeployRequest,
    on_message: Channel<StreamMessage<UpEvent, UpEnd>>,
) -> Result<StreamId, IpcError> {
    let (model, parts) = stack_of(&chosen, &request).await?;
    let engine = state.engine.engine()?;
    Ok(state.streams.start(on_message, |sink| async move {
        let input = StackInput {
            model: &model,
            parts: &parts,
            stack: &request.stack,
            prune: request.prune,
        };
        let outcome = engine
            .stack_deploy(&input, sink.cancel(), &mut |e| {
                sink.send(e);
            })
            .await?;
        Ok(UpEnd::from(outcome))
    }))
}

/// `docker stack ls`, with each stack's running and desired tasks.
#[tauri::command]
#[specta::specta]
pub async fn stack_list(state: State<'_, AppState>) -> Result<Vec<StackRow>, IpcError> {
    Ok(state.engine.engine()?.stack_list().await?)
}

/// `docker stack services <stack>`.
#[tauri::command]
#[specta::specta]
pub async fn stack_services(
    state: State<'_, AppState>,
    stack: String,
) -> Result<Vec<StackServiceRow>, IpcError> {
    Ok(state.engine.engine()?.stack_services(&stack).await?)
}

/// What `docker stack rm <stack>` would remove, from the engine (by the namespace label).
#[tauri::command]
#[specta::specta]
pub async fn stack_remove_preview(
    state: State<'_, AppState>,
    stack: String,
) -> Result<StackContents, IpcError> {
    Ok(state.engine.engine()?.stack_remove_preview(&stack).await?)
}

/// `docker stack rm`: exactly the objects of the preview the user saw; returns what went.
#[tauri::command]
#[specta::specta]
pub async fn stack_remove(
    state: State<'_, AppState>,
    preview: StackContents,
) -> Result<StackContents, IpcError> {
    Ok(state.engine.engine()?.stack_remove(&preview).await?)
}
