//! After a build: the image's layers tied to the Dockerfile's lines, with tips from their
//! sizes. The tying is the dockerfile crate's, the reading the engine crate's
//! (`engine::images::build_layers`).

use crate::error::IpcError;
use crate::state::AppState;
use tauri::State;
use tokio_util::sync::CancellationToken;
use tugboat_engine::images::build_layers::{BuildLayers, StepOutcome};

/// Image `image_id`'s history entries tied to the lines of `text` (the Dockerfile it was built
/// from), each with its size, its cache state (from `steps`, the build's step outcomes, when
/// the app ran the build) and layer digest; tips on the biggest layer, files written then
/// deleted, and a COPY of the whole context before a slow RUN.
#[tauri::command]
#[specta::specta]
pub async fn build_layers(
    state: State<'_, AppState>,
    image_id: String,
    text: String,
    steps: Option<Vec<StepOutcome>>,
) -> Result<BuildLayers, IpcError> {
    let engine = state.engine.engine()?;
    // Nothing cancels it: the answer is one image's `docker save`, read once per build.
    let cancel = CancellationToken::new();
    Ok(engine
        .build_layers(&image_id, &text, steps.as_deref(), &cancel)
        .await?)
}
