//! The Dockerfiles area: the folder dialog for a build context, and reading and saving the
//! text files in it (`file_read`, `file_save`). Thin: the file work is the files crate's
//! (`tugboat_files::text`). Only files inside a folder the user picked in the dialog this
//! session may be read or saved, so the window cannot name `~/.bashrc` by itself.
//! Other parts of the area (parse, lint, build) add their commands here or beside.

use crate::chosen::{ask, folder_of, ChosenPaths, Pick};
use crate::error::{IpcError, IpcErrorCode};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, State};
use tugboat_files::text::{file_names, read_text, save_text};
use tugboat_files::FileError;

/// A text file as read: its text and the revision a save must name.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FileText {
    pub text: String,
    /// `null` when there is no file yet (the text is empty); save with `null` to create it.
    pub revision: Option<String>,
}

/// What a save left on disk.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FileSaved {
    pub revision: String,
}

fn from_file_error(err: FileError) -> IpcError {
    let code = match err {
        FileError::InvalidInput(_) => IpcErrorCode::InvalidInput,
        FileError::Conflict(_) => IpcErrorCode::Conflict,
        FileError::Io(_) | FileError::Finished => IpcErrorCode::Failed,
    };
    IpcError {
        code,
        message: err.to_string(),
    }
}

fn editable(chosen: &ChosenPaths, path: &str) -> Result<PathBuf, IpcError> {
    let path = PathBuf::from(path);
    if chosen.may_edit(&path) {
        Ok(path)
    } else {
        Err(IpcError::invalid_input(format!(
            "path: {} is not inside a folder opened here. Press Open folder… and pick its \
             folder: Tugboat edits only files in folders that dialog returns",
            path.display()
        )))
    }
}

/// Opens the folder dialog titled `title` (starting at `from` if it is a folder) and returns
/// the folder picked, whose files may then be read and saved; `null` if closed.
#[tauri::command]
#[specta::specta]
pub async fn dockerfile_choose_folder(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    title: String,
    from: String,
) -> Result<Option<String>, IpcError> {
    let picked = ask(&app, Pick::Folder, &title, folder_of(&from)).await?;
    Ok(picked.map(|p| {
        chosen.allow_edit_in(&p);
        p.display().to_string()
    }))
}

/// The names of the files directly in `folder` (one picked with `dockerfile_choose_folder`).
#[tauri::command]
#[specta::specta]
pub async fn dockerfile_folder_files(
    chosen: State<'_, ChosenPaths>,
    folder: String,
) -> Result<Vec<String>, IpcError> {
    let folder = PathBuf::from(folder);
    if !chosen.is_edit_folder(&folder) {
        return Err(IpcError::invalid_input(format!(
            "folder: {} was not opened here; press Open folder… and pick it",
            folder.display()
        )));
    }
    file_names(&folder, "folder").await.map_err(from_file_error)
}

/// Reads the text file at `path` with its revision; a missing file reads as empty with a
/// `null` revision.
#[tauri::command]
#[specta::specta]
pub async fn file_read(chosen: State<'_, ChosenPaths>, path: String) -> Result<FileText, IpcError> {
    let path = editable(&chosen, &path)?;
    let file = read_text(&path, "file").await.map_err(from_file_error)?;
    Ok(FileText {
        text: file.text,
        revision: file.revision,
    })
}

/// Saves `text` at `path` atomically if the file on disk is still at `expected_revision`
/// (`null`: there must be no file yet); else refuses with a `conflict` error saying the file
/// changed on disk.
#[tauri::command]
#[specta::specta]
pub async fn file_save(
    chosen: State<'_, ChosenPaths>,
    path: String,
    text: String,
    expected_revision: Option<String>,
) -> Result<FileSaved, IpcError> {
    let path = editable(&chosen, &path)?;
    let revision = save_text(&path, &text, expected_revision.as_deref(), "file")
        .await
        .map_err(from_file_error)?;
    tracing::info!(path = %display_name(&path), bytes = text.len(), "file saved");
    Ok(FileSaved { revision })
}

/// The file's name alone for the log: the folders above may name the user.
fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
