//! Images: the kept list and inspect, each with the `docker image …` line it equals.

use crate::error::IpcError;
use crate::state::AppState;
use tauri::State;
use tugboat_engine::images::{ImageDetails, ImageRow};
use tugboat_engine::kept::Snapshot;

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
