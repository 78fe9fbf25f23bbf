//! `docker export`: a container's filesystem to a tar file on this machine, with progress.

use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::StreamId;
use serde::Serialize;
use std::path::PathBuf;
use tauri::ipc::Channel;
use tauri::State;
use tugboat_engine::containers::command_line;
use tugboat_engine::export::ExportProgress;
use tugboat_runspec::redact::loggable;

/// What an export's progress channel carries.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ExportMessage {
    /// Sent first: the id that `stream_cancel` takes.
    #[serde(rename_all = "camelCase")]
    Started { stream_id: StreamId },
    /// The filesystem's size as the engine counts it (the tar comes out a little larger), if
    /// the engine knows it.
    #[serde(rename_all = "camelCase")]
    Sized { estimated_bytes: Option<f64> },
    /// Bytes written so far.
    Progress { bytes: f64 },
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportOutcome {
    pub destination: String,
    pub bytes: f64,
}

/// The `docker export` command an export equals.
#[tauri::command]
#[specta::specta]
pub fn container_export_command(target: String, destination: String) -> String {
    command_line(&export_argv(&target, &destination))
}

fn export_argv(target: &str, destination: &str) -> Vec<String> {
    ["docker", "export", "--output", destination, target]
        .map(String::from)
        .to_vec()
}

/// Writes the container's filesystem to `destination` (a full path). An existing file is
/// refused unless `replace`; the file appears only once it is complete. Cancel with
/// `stream_cancel` and the id from the first message.
#[tauri::command]
#[specta::specta]
pub async fn container_export(
    state: State<'_, AppState>,
    id: String,
    destination: String,
    replace: bool,
    on_progress: Channel<ExportMessage>,
) -> Result<ExportOutcome, IpcError> {
    let engine = state.engine.engine()?;
    let dest = PathBuf::from(&destination);
    let (stream_id, cancel) = state.streams.open();
    let _ = on_progress.send(ExportMessage::Started { stream_id });
    tracing::info!(container = %id, command = %loggable(&export_argv(&id, &destination)), "export");
    let result = engine
        .export_to_file(&id, &dest, replace, &cancel, |p| {
            let _ = on_progress.send(match p {
                ExportProgress::Sized(b) => ExportMessage::Sized {
                    estimated_bytes: b.map(|b| b as f64),
                },
                ExportProgress::Written(b) => ExportMessage::Progress { bytes: b as f64 },
            });
        })
        .await;
    state.streams.finish(stream_id);
    let bytes = result?;
    Ok(ExportOutcome {
        destination,
        bytes: bytes as f64,
    })
}
