//! The Compose editor's files: the open dialog for a compose file (or an env or override file
//! to use with it). The folder holding the file picked becomes one whose files may be read and
//! saved (`file_read`/`file_save`), as a folder picked for a Dockerfile does: a compose file
//! brings in `.env` and `compose.override.yaml` from beside it.

use crate::chosen::{ask, folder_of, ChosenPaths, Pick};
use crate::error::IpcError;
use tauri::{AppHandle, State};

/// Opens the file dialog titled `title` (starting in the folder of `from`, if there is one) and
/// returns the file picked, whose folder's files may then be read and saved; `null` if closed.
#[tauri::command]
#[specta::specta]
pub async fn compose_choose_file(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    title: String,
    from: String,
) -> Result<Option<String>, IpcError> {
    let picked = ask(&app, Pick::File, &title, folder_of(&from)).await?;
    let Some(file) = picked else {
        return Ok(None);
    };
    let Some(folder) = file.parent() else {
        return Err(IpcError::invalid_input(format!(
            "file: {} has no folder above it; pick a file inside a folder",
            file.display()
        )));
    };
    chosen.allow_edit_in(folder);
    Ok(Some(file.display().to_string()))
}
