//! A container's files, running or stopped: browse, download (`docker cp NAME:PATH DEST`) and
//! upload (`docker cp SRC NAME:DEST`), each with the line it equals. Host paths come only from
//! the system's dialogs (`container_files_choose`); transfers are streams with byte progress,
//! cancellable by id. Uploading is an everyday command, like a volume upload: it adds the chosen
//! files under their own names and deletes nothing (a same-named file is replaced, which the
//! window names before it starts).

use super::transfer::{not_chosen, transfer, TransferChannel};
use crate::chosen::{ask, ChosenPaths, Pick};
use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::StreamId;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, State};
use tokio_util::sync::CancellationToken;
use tugboat_engine::containers::files::{copy_command, FilePeek};
use tugboat_engine::files::FileEntry;

/// Which way a copy goes.
#[derive(Debug, Clone, Copy, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CopyWay {
    /// Out of the container, to this computer.
    Download,
    /// Into the container.
    Upload,
}

/// The entries of folder `path` (absolute; empty is `/`) of container `id`, folders first.
#[tauri::command]
#[specta::specta]
pub async fn container_files_list(
    state: State<'_, AppState>,
    id: String,
    path: String,
) -> Result<Vec<FileEntry>, IpcError> {
    let engine = state.engine.engine()?;
    Ok(engine
        .container_files_list(&id, &path, &CancellationToken::new())
        .await?)
}

/// The first 64 KiB of file `path` of container `id`, to look at.
#[tauri::command]
#[specta::specta]
pub async fn container_file_peek(
    state: State<'_, AppState>,
    id: String,
    path: String,
) -> Result<FilePeek, IpcError> {
    let engine = state.engine.engine()?;
    Ok(engine
        .container_file_peek(&id, &path, &CancellationToken::new())
        .await?)
}

/// The `docker cp` line a copy equals, for the window to show before it runs.
#[tauri::command]
#[specta::specta]
pub fn container_files_command(name: String, path: String, host: String, way: CopyWay) -> String {
    copy_command(&name, &path, &host, matches!(way, CopyWay::Download))
}

/// Opens a dialog: the folder to download into, or a file or folder to upload. The path
/// returned is the only kind the copy then takes.
#[tauri::command]
#[specta::specta]
pub async fn container_files_choose(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    name: String,
    way: CopyWay,
    folder: bool,
) -> Result<Option<String>, IpcError> {
    let (pick, title) = match way {
        CopyWay::Download => (Pick::Folder, format!("Download from {name} into")),
        CopyWay::Upload if folder => (Pick::Folder, format!("Upload a folder into {name}")),
        CopyWay::Upload => (Pick::File, format!("Upload a file into {name}")),
    };
    let picked = ask(&app, pick, &title, None).await?;
    Ok(picked.map(|p| {
        match way {
            CopyWay::Download => chosen.allow_write(&p),
            CopyWay::Upload => chosen.allow_read(&p),
        }
        p.display().to_string()
    }))
}

/// Copies `path` of container `id` into `destination`, a folder chosen in the dialog.
#[tauri::command]
#[specta::specta]
pub async fn container_copy_from(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    id: String,
    path: String,
    destination: String,
    on_message: TransferChannel,
) -> Result<StreamId, IpcError> {
    let dest = PathBuf::from(&destination);
    if !chosen.may_write(&dest) {
        return Err(not_chosen("destination", &destination));
    }
    let engine = state.engine.engine()?;
    let name = engine.container_files_name(&id).await?;
    let command = copy_command(&name, &path, &destination, true);
    tracing::info!(container = %name, %command, "container download");
    Ok(transfer(
        &state,
        on_message,
        command,
        move |cancel, report| async move {
            engine
                .container_copy_from(&id, &path, &dest, &cancel, report)
                .await
        },
    ))
}

/// Copies `sources` (files or folders chosen in the dialog) into folder `dest_path` of
/// container `id`.
#[tauri::command]
#[specta::specta]
pub async fn container_copy_to(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    id: String,
    sources: Vec<String>,
    dest_path: String,
    on_message: TransferChannel,
) -> Result<StreamId, IpcError> {
    if let Some(s) = sources.iter().find(|s| !chosen.may_read(Path::new(s))) {
        return Err(not_chosen("source", s));
    }
    let engine = state.engine.engine()?;
    let name = engine.container_files_name(&id).await?;
    let command = sources
        .iter()
        .map(|s| copy_command(&name, &dest_path, s, false))
        .collect::<Vec<_>>()
        .join("\n");
    tracing::info!(container = %name, %command, "container upload");
    let sources: Vec<PathBuf> = sources.into_iter().map(PathBuf::from).collect();
    Ok(transfer(
        &state,
        on_message,
        command,
        move |cancel, report| async move {
            engine
                .container_copy_to(&id, &dest_path, sources, &cancel, report)
                .await
        },
    ))
}
