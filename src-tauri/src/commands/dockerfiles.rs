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
use tugboat_dockerfile::lint::{lint, LintContext, LintReport, LARGE_CONTEXT_BYTES};
use tugboat_dockerfile::runs::{what_runs, WhatRuns};
use tugboat_dockerfile::Dockerfile;
use tugboat_files::context_size::{measure_context, WalkLimits};
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

/// Closes the window this is called from, after the window asked about unsaved edits (it
/// listens for the close request only while it has some, which holds the close until then).
#[tauri::command]
#[specta::specta]
pub fn window_close(window: tauri::Window) -> Result<(), IpcError> {
    window
        .destroy()
        .map_err(|e| IpcError::internal(format!("the window could not be closed: {e}")))
}

// Parsing is pure (crate `tugboat-dockerfile`): no engine, no file access. Async so that a
// long file is parsed off the window's thread.

/// The text as BuildKit reads it: instructions, stages, directives and errors, each with its
/// span (UTF-16 offsets, 1-based lines).
#[tauri::command]
#[specta::specta]
pub async fn dockerfile_parse(text: String) -> Dockerfile {
    tugboat_dockerfile::parse(&text)
}

/// What the final stage (or `stage`, by name or number) will run, and why. An unknown stage is
/// refused as `invalidInput`, naming the stages there are.
#[tauri::command]
#[specta::specta]
pub async fn dockerfile_what_runs(
    text: String,
    stage: Option<String>,
) -> Result<WhatRuns, IpcError> {
    let parsed = tugboat_dockerfile::parse(&text);
    what_runs(&parsed, stage.as_deref()).map_err(|e| IpcError::invalid_input(e.message))
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[tokio::test]
    async fn an_unknown_stage_is_invalid_input_naming_the_stages() {
        let text = "FROM scratch AS build\nCMD [\"make\"]\n".to_string();
        let err = dockerfile_what_runs(text.clone(), Some("test".into()))
            .await
            .unwrap_err();
        assert_eq!(err.code, IpcErrorCode::InvalidInput);
        assert!(err.message.contains("build"), "{}", err.message);
        let runs = dockerfile_what_runs(text.clone(), None).await.unwrap();
        assert_eq!(runs.argv, ["make"]);
        assert_eq!(dockerfile_parse(text).await.stages.len(), 1);
    }
}

/// Contexts are measured up to this many entries per lint: enough for a real project, and a
/// bound on the cost of a lint run on a huge folder (the count is then a lower bound).
const CONTEXT_WALK_ENTRIES: usize = 50_000;

/// Lints `text` (the Dockerfile as edited, saved or not). With `context_dir` (a folder opened
/// here) the build context is measured too, for the "large context, no .dockerignore" rule;
/// the walk stops once the context is known to be large.
#[tauri::command]
#[specta::specta]
pub async fn dockerfile_lint(
    chosen: State<'_, ChosenPaths>,
    text: String,
    context_dir: Option<String>,
) -> Result<LintReport, IpcError> {
    let mut context = LintContext::default();
    if let Some(dir) = context_dir {
        let dir = PathBuf::from(dir);
        if !chosen.is_edit_folder(&dir) {
            return Err(IpcError::invalid_input(format!(
                "contextDir: {} was not opened here; press Open folder… and pick it",
                dir.display()
            )));
        }
        let limits = WalkLimits {
            stop_at_bytes: LARGE_CONTEXT_BYTES as u64,
            max_entries: CONTEXT_WALK_ENTRIES,
        };
        let size = measure_context(&dir, limits, "contextDir")
            .await
            .map_err(from_file_error)?;
        context = LintContext {
            context_bytes: Some(size.bytes as f64),
            has_dockerignore: size.has_dockerignore,
        };
    }
    Ok(lint(&text, &context))
}
