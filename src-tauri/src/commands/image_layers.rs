//! An image's history (`docker history --no-trunc`) and its layers analysed from `docker
//! save` as a stream: reading progress as data, the analysis as the end. The reading and the
//! arithmetic are the engine crate's (`engine::images::{history, layers}`).

use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use std::sync::Arc;
use tauri::State;
use tugboat_engine::images::history::ImageHistory;
use tugboat_engine::images::layers::{ImageLayers, LayersProgress, Limits};

/// `docker history --no-trunc ID`, newest step first, with the line it equals.
#[tauri::command]
#[specta::specta]
pub async fn image_history(
    state: State<'_, AppState>,
    id: String,
) -> Result<ImageHistory, IpcError> {
    Ok(state.engine.engine()?.image_history(&id).await?)
}

/// Reads image `id` through `docker save` and returns the stream's id at once: progress (bytes
/// and layers read) as data, then the analysis as `End`; `stream_cancel(id)` stops it.
#[tauri::command]
#[specta::specta]
pub fn image_layers(
    state: State<'_, AppState>,
    id: String,
    on_message: tauri::ipc::Channel<StreamMessage<LayersProgress, ImageLayers>>,
) -> Result<StreamId, IpcError> {
    let engine = state.engine.engine()?;
    Ok(state.streams.start(on_message, |sink| async move {
        let sink = Arc::new(sink);
        let progress = sink.clone();
        let cancel = sink.cancel().clone();
        Ok(engine
            .image_layers(&id, Limits::default(), &cancel, move |p| {
                progress.send(p);
            })
            .await?)
    }))
}
