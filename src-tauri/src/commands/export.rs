//! `docker export`: a container's filesystem to a tar file on this machine, with progress.

use crate::chosen::{ask, folder_of, ChosenPaths, Pick};
use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tugboat_engine::containers::export::ExportProgress;
use tugboat_runspec::actions::export_argv;
use tugboat_runspec::argv::command_line;
use tugboat_runspec::redact::loggable;

/// An export's progress, as its stream's data.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ExportProgressMessage {
    /// The filesystem's size as the engine counts it (the tar comes out a little larger), if
    /// the engine knows it.
    #[serde(rename_all = "camelCase")]
    Sized { estimated_bytes: Option<f64> },
    /// Bytes written so far.
    Progress { bytes: f64 },
}

/// What an export's stream ends with: where the file is and how big it came out.
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

/// Opens the system's save dialog for exporting container `name`, in the folder of `typed` (a
/// path the user typed, to confirm it there) or the home folder. The path chosen is the only
/// kind `container_export` writes to; `None` when the user closed the dialog.
#[tauri::command]
#[specta::specta]
pub async fn container_export_choose(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    name: String,
    typed: String,
) -> Result<Option<String>, IpcError> {
    let typed_name = Path::new(typed.trim())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let picked = ask(
        &app,
        Pick::Save {
            file_name: typed_name.unwrap_or_else(|| format!("{name}.tar")),
            filter: ("Tar archive", &["tar"]),
        },
        &format!("Export {name} to"),
        folder_of(&typed),
    )
    .await?;
    Ok(picked.map(|p| {
        chosen.allow_write(&p);
        p.display().to_string()
    }))
}

/// Writes the container's filesystem to `destination`, a file chosen in the save dialog this
/// session (`container_export_choose`); any other path is refused at once. An existing file is
/// refused unless `replace`; the file appears only once it is complete. Returns the stream id
/// at once: progress comes as data, the outcome as `End`, a failure (or a cancel, with the code
/// `cancelled`: nothing was written) as `Error`.
#[tauri::command]
#[specta::specta]
pub fn container_export(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    id: String,
    destination: String,
    replace: bool,
    on_message: Channel<StreamMessage<ExportProgressMessage, ExportOutcome>>,
) -> Result<StreamId, IpcError> {
    let dest = PathBuf::from(&destination);
    if !chosen.may_write(&dest) {
        return Err(IpcError::invalid_input(format!(
            "destination: {destination} was not chosen in the save dialog. Press Choose… and \
             pick or confirm the file there: Tugboat writes only where that dialog says"
        )));
    }
    let engine = state.engine.engine()?;
    tracing::info!(container = %id, command = %loggable(&export_argv(&id, &destination)), "export");
    Ok(state.streams.start(on_message, |sink| async move {
        let bytes = engine
            .export_to_file(&id, &dest, replace, sink.cancel(), |p| {
                sink.send(match p {
                    ExportProgress::Sized(b) => ExportProgressMessage::Sized {
                        estimated_bytes: b.map(|b| b as f64),
                    },
                    ExportProgress::Written(b) => {
                        ExportProgressMessage::Progress { bytes: b as f64 }
                    }
                });
            })
            .await?;
        Ok(ExportOutcome {
            destination,
            bytes: bytes as f64,
        })
    }))
}
