//! A volume's files: browse, download, upload, back up and restore, each with the `docker …`
//! line it equals. Host paths come only from the system's dialogs (`*_choose`); transfers are
//! streams with byte progress, cancellable by id.

use super::transfer::{not_chosen, transfer, TransferChannel};
use crate::chosen::{ask, ChosenPaths, Pick};
use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::StreamId;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, State};
use tokio_util::sync::CancellationToken;
use tugboat_engine::volumes::backup::{backup_command, copy_command, restore_command};
use tugboat_engine::volumes::files::VolumeFile;

/// The entries of folder `path` (empty: the top) of volume `name`, folders first.
#[tauri::command]
#[specta::specta]
pub async fn volume_files_list(
    state: State<'_, AppState>,
    name: String,
    path: String,
) -> Result<Vec<VolumeFile>, IpcError> {
    let engine = state.engine.engine()?;
    Ok(engine
        .volume_files_list(&name, &path, &CancellationToken::new())
        .await?)
}

/// The `docker …` lines of the volume file actions, for the UI to show before they run.
#[tauri::command]
#[specta::specta]
pub fn volume_files_commands(
    name: String,
    path: String,
    host: String,
    action: VolumeFileAction,
) -> String {
    match action {
        VolumeFileAction::Download => copy_command(&name, &path, &host, true),
        VolumeFileAction::Upload => copy_command(&name, &path, &host, false),
        VolumeFileAction::Backup => backup_command(&name, Path::new(&host)),
        VolumeFileAction::Restore => restore_command(&name, Path::new(&host)),
    }
}

#[derive(Debug, Clone, Copy, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum VolumeFileAction {
    Download,
    Upload,
    Backup,
    Restore,
}

/// Opens a dialog for a volume file action: a folder to download into, a file or folder to
/// upload, a .tar to save a backup as, or one to restore. The path returned is the only kind
/// the action then takes.
#[tauri::command]
#[specta::specta]
pub async fn volume_files_choose(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    name: String,
    action: VolumeFileAction,
    folder: bool,
) -> Result<Option<String>, IpcError> {
    let (pick, title, writes) = match action {
        VolumeFileAction::Download => (Pick::Folder, format!("Download from {name} into"), true),
        VolumeFileAction::Upload if folder => {
            (Pick::Folder, format!("Upload a folder into {name}"), false)
        }
        VolumeFileAction::Upload => (Pick::File, format!("Upload a file into {name}"), false),
        VolumeFileAction::Backup => (
            Pick::Save {
                file_name: format!("{name}.tar"),
                filter: ("Tar archive", &["tar"]),
            },
            format!("Back up {name} to"),
            true,
        ),
        VolumeFileAction::Restore => (Pick::File, format!("Restore {name} from"), false),
    };
    let picked = ask(&app, pick, &title, None).await?;
    Ok(picked.map(|p| {
        if writes {
            chosen.allow_write(&p);
        } else {
            chosen.allow_read(&p);
        }
        p.display().to_string()
    }))
}

/// Copies `path` of volume `name` into `destination`, a folder chosen in the dialog.
#[tauri::command]
#[specta::specta]
pub fn volume_copy_from(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    name: String,
    path: String,
    destination: String,
    on_message: TransferChannel,
) -> Result<StreamId, IpcError> {
    let dest = PathBuf::from(&destination);
    if !chosen.may_write(&dest) {
        return Err(not_chosen("destination", &destination));
    }
    let engine = state.engine.engine()?;
    let command = copy_command(&name, &path, &destination, true);
    tracing::info!(volume = %name, %command, "volume download");
    Ok(transfer(
        &state,
        on_message,
        command,
        move |cancel, report| async move {
            engine
                .volume_copy_from(&name, &path, &dest, &cancel, report)
                .await
        },
    ))
}

/// Copies `sources` (files or folders chosen in the dialog) into folder `path` of volume `name`.
#[tauri::command]
#[specta::specta]
pub fn volume_copy_to(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    name: String,
    path: String,
    sources: Vec<String>,
    on_message: TransferChannel,
) -> Result<StreamId, IpcError> {
    if let Some(s) = sources.iter().find(|s| !chosen.may_read(Path::new(s))) {
        return Err(not_chosen("source", s));
    }
    let engine = state.engine.engine()?;
    let command = sources
        .iter()
        .map(|s| copy_command(&name, &path, s, false))
        .collect::<Vec<_>>()
        .join("\n");
    tracing::info!(volume = %name, %command, "volume upload");
    let sources: Vec<PathBuf> = sources.into_iter().map(PathBuf::from).collect();
    Ok(transfer(
        &state,
        on_message,
        command,
        move |cancel, report| async move {
            engine
                .volume_copy_to(&name, &path, sources, &cancel, report)
                .await
        },
    ))
}

/// Saves volume `name` to `destination`, a .tar chosen in the save dialog (an existing file
/// only when `replace`).
#[tauri::command]
#[specta::specta]
pub fn volume_backup(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    name: String,
    destination: String,
    replace: bool,
    on_message: TransferChannel,
) -> Result<StreamId, IpcError> {
    let dest = PathBuf::from(&destination);
    if !chosen.may_write(&dest) {
        return Err(not_chosen("destination", &destination));
    }
    let engine = state.engine.engine()?;
    let command = backup_command(&name, &dest);
    tracing::info!(volume = %name, %command, "volume backup");
    Ok(transfer(
        &state,
        on_message,
        command,
        move |cancel, report| async move {
            engine
                .volume_backup(&name, &dest, replace, &cancel, report)
                .await
        },
    ))
}

/// Unpacks `source` (a .tar chosen in the dialog) into volume `name`, made if missing; a
/// volume holding files is refused (`conflict`) unless `overwrite`.
#[tauri::command]
#[specta::specta]
pub fn volume_restore(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    name: String,
    source: String,
    overwrite: bool,
    on_message: TransferChannel,
) -> Result<StreamId, IpcError> {
    let src = PathBuf::from(&source);
    if !chosen.may_read(&src) {
        return Err(not_chosen("source", &source));
    }
    let engine = state.engine.engine()?;
    let command = restore_command(&name, &src);
    tracing::info!(volume = %name, %command, overwrite, "volume restore");
    Ok(transfer(
        &state,
        on_message,
        command,
        move |cancel, report| async move {
            engine
                .volume_restore(&name, &src, overwrite, &cancel, report)
                .await
        },
    ))
}
