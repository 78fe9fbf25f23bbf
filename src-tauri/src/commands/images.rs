//! Images: the kept list, inspect, tag, untag and remove (with a preview), and prune (the
//! exact list first), each with the `docker image …` line it equals.

use crate::error::IpcError;
use crate::state::AppState;
use tauri::State;
use tugboat_engine::images::prune::{ImagePruneOutcome, ImagePrunePreview, PruneScope};
use tugboat_engine::images::removal::{RemovalOutcome, RemovalPreview, TagOutcome};
use tugboat_engine::images::{ImageDetails, ImageRow};
use tugboat_engine::kept::Snapshot;
use tugboat_runspec::argv::command_line;
use tugboat_runspec::image_spec::{prune_argv, remove_argv, TagForm};
use tugboat_runspec::preview::{describe_invalid, CommandPreview};

/// `docker images` from the backend's kept list (with how many containers use each image),
/// with the version of the last delta it includes; `ImagesChanged` carries the deltas after.
#[tauri::command]
#[specta::specta]
pub async fn image_list(state: State<'_, AppState>) -> Result<Snapshot<ImageRow>, IpcError> {
    state.engine.engine()?;
    Ok(state.images.list().await?)
}

/// `docker image inspect`: a readable overview and the engine's JSON. `image` is an id or a
/// reference.
#[tauri::command]
#[specta::specta]
pub async fn image_inspect(
    state: State<'_, AppState>,
    image: String,
) -> Result<ImageDetails, IpcError> {
    Ok(state.engine.engine()?.image(&image).await?)
}

/// The `docker image tag` line the form equals, or the fields that are wrong.
#[tauri::command]
#[specta::specta]
pub fn image_tag_preview(form: TagForm) -> CommandPreview {
    CommandPreview::of(form.validate(), |s| s.argv())
}

/// `docker image tag IMAGE REPOSITORY:TAG`. Nothing is tagged unless the form is valid.
#[tauri::command]
#[specta::specta]
pub async fn image_tag(state: State<'_, AppState>, form: TagForm) -> Result<TagOutcome, IpcError> {
    let spec = form
        .validate()
        .map_err(|e| IpcError::invalid_input(describe_invalid(&e)))?;
    tracing::info!(command = %command_line(&spec.argv()), "image tag");
    Ok(state.engine.engine()?.image_tag(&spec).await?)
}

/// What `docker image rm [--force] TARGET` would do to `image` (which names go, whether the
/// image and its layers go, the containers using it), before anything is removed. `target` is
/// one of its repo:tags (untag) or its id.
#[tauri::command]
#[specta::specta]
pub async fn image_remove_preview(
    state: State<'_, AppState>,
    image: String,
    target: String,
    force: bool,
) -> Result<RemovalPreview, IpcError> {
    Ok(state
        .engine
        .engine()?
        .image_removal_preview(&image, &target, force)
        .await?)
}

/// `docker image rm [--force] TARGET`: refused in words naming the containers when the engine
/// would refuse.
#[tauri::command]
#[specta::specta]
pub async fn image_remove(
    state: State<'_, AppState>,
    image: String,
    target: String,
    force: bool,
) -> Result<RemovalOutcome, IpcError> {
    tracing::info!(command = %command_line(&remove_argv(&[&target], force)), "image remove");
    Ok(state
        .engine
        .engine()?
        .image_remove(&image, &target, force)
        .await?)
}

/// Exactly what `docker image prune` (dangling only) or `--all` (every image no container
/// uses) would remove now, with the bytes it frees.
#[tauri::command]
#[specta::specta]
pub async fn image_prune_preview(
    state: State<'_, AppState>,
    all: bool,
) -> Result<ImagePrunePreview, IpcError> {
    let scope = PruneScope {
        all,
        labels: Vec::new(),
    };
    Ok(state.engine.engine()?.image_prune_preview(&scope).await?)
}

/// Removes the images the preview showed (`ids`), those a prune would still remove; reports
/// what went, what stayed and the bytes freed.
#[tauri::command]
#[specta::specta]
pub async fn image_prune(
    state: State<'_, AppState>,
    all: bool,
    ids: Vec<String>,
) -> Result<ImagePruneOutcome, IpcError> {
    let scope = PruneScope {
        all,
        labels: Vec::new(),
    };
    tracing::info!(command = %command_line(&prune_argv(all)), images = ids.len(), "image prune");
    Ok(state.engine.engine()?.image_prune(&scope, &ids).await?)
}
