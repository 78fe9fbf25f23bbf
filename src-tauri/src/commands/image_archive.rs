//! Images as files (`docker save`, `docker load`, `docker import`) with the system's file
//! dialogs and progress streams, and `docker search`. Thin: the work is the engine crate's
//! (`images::archive`, `images::search`), the `docker …` lines runspec's.

use crate::chosen::{ask, folder_of, ChosenPaths, Pick};
use crate::commands::export::{ExportOutcome, ExportProgressMessage};
use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tugboat_engine::containers::export::ExportProgress;
use tugboat_engine::images::archive::{ImportedImage, LoadedImage, Sent};
use tugboat_engine::images::search::SearchHit;
use tugboat_runspec::argv::command_line;
use tugboat_runspec::image_archive_spec::{
    load_argv, save_argv, save_file_name, search_argv, ImportForm,
};
use tugboat_runspec::preview::{describe_invalid, CommandPreview};
use tugboat_runspec::redact::loggable;

/// Bytes of a file sent to the engine so far, of its size (a load's or an import's progress).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SentMessage {
    pub bytes: f64,
    pub total: f64,
}

impl From<Sent> for SentMessage {
    fn from(s: Sent) -> Self {
        SentMessage {
            bytes: s.bytes as f64,
            total: s.total as f64,
        }
    }
}

/// Which file an open dialog is for.
#[derive(Debug, Clone, Copy, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ImageFilePurpose {
    /// A tar made by `docker save`.
    Load,
    /// A filesystem tarball.
    Import,
}

fn chosen_to_read(chosen: &ChosenPaths, path: &Path, field: &str) -> Result<(), IpcError> {
    if chosen.may_read(path) {
        Ok(())
    } else {
        Err(IpcError::invalid_input(format!(
            "{field}: {} was not chosen in the open dialog. Press Choose… and pick the file \
             there: Tugboat reads only what that dialog returns",
            path.display()
        )))
    }
}

/// The `docker save` line for `refs` into `destination`.
#[tauri::command]
#[specta::specta]
pub fn image_save_command(refs: Vec<String>, destination: String) -> String {
    command_line(&save_argv(&refs, &destination))
}

/// Opens the save dialog for saving `refs`, suggesting `<repo>_<tag>.tar` in the folder of
/// `typed` (or the home folder). Only a path chosen here may be saved to.
#[tauri::command]
#[specta::specta]
pub async fn image_save_choose(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    refs: Vec<String>,
    typed: String,
) -> Result<Option<String>, IpcError> {
    let typed_name = Path::new(typed.trim())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let title = match refs.as_slice() {
        [one] => format!("Save {one} to"),
        [first, rest @ ..] => format!("Save {first} and {} more to", rest.len()),
        [] => "Save images to".to_owned(),
    };
    let picked = ask(
        &app,
        Pick::Save {
            file_name: typed_name.unwrap_or_else(|| save_file_name(&refs)),
            filter: ("Tar archive", &["tar"]),
        },
        &title,
        folder_of(&typed),
    )
    .await?;
    Ok(picked.map(|p| {
        chosen.allow_write(&p);
        p.display().to_string()
    }))
}

/// `docker save -o destination refs…` into a file chosen with `image_save_choose`: refused at
/// once for any other path; an existing file only when `replace`. The stream sends an
/// estimate of the size first (`sized`), then bytes written; it ends with the file's path and
/// size, or an error (a cancel: `cancelled`, nothing written).
#[tauri::command]
#[specta::specta]
pub fn image_save(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    refs: Vec<String>,
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
    tracing::info!(command = %loggable(&save_argv(&refs, &destination)), "image save");
    Ok(state.streams.start(on_message, |sink| async move {
        let bytes = engine
            .images_save(&refs, &dest, replace, sink.cancel(), |p| {
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

/// Opens the system's open dialog for a file to load or import. Only a file chosen here may
/// be read.
#[tauri::command]
#[specta::specta]
pub async fn image_file_choose(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    purpose: ImageFilePurpose,
    typed: String,
) -> Result<Option<String>, IpcError> {
    let title = match purpose {
        ImageFilePurpose::Load => "Load images from",
        ImageFilePurpose::Import => "Import a filesystem tarball",
    };
    let picked = ask(&app, Pick::File, title, folder_of(&typed)).await?;
    Ok(picked.map(|p| {
        chosen.allow_read(&p);
        p.display().to_string()
    }))
}

/// The `docker load` line for `file`.
#[tauri::command]
#[specta::specta]
pub fn image_load_command(file: String) -> String {
    command_line(&load_argv(&file))
}

/// `docker load -i file`, a file chosen with `image_file_choose`: streamed to the engine with
/// bytes sent as data; ends with the images loaded.
#[tauri::command]
#[specta::specta]
pub fn image_load(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    file: String,
    on_message: Channel<StreamMessage<SentMessage, Vec<LoadedImage>>>,
) -> Result<StreamId, IpcError> {
    let path = PathBuf::from(&file);
    chosen_to_read(&chosen, &path, "file")?;
    let engine = state.engine.engine()?;
    tracing::info!(command = %loggable(&load_argv(&file)), "image load");
    Ok(state.streams.start(on_message, |sink| async move {
        Ok(engine
            .images_load(&path, sink.cancel(), |s| {
                sink.send(s.into());
            })
            .await?)
    }))
}

/// The `docker import` line for the form and `file`, or the form's field errors.
#[tauri::command]
#[specta::specta]
pub fn image_import_preview(form: ImportForm, file: String) -> CommandPreview {
    let file = if file.trim().is_empty() {
        "<file>.tar".to_owned()
    } else {
        file
    };
    CommandPreview::of(form.validate(), |s| s.argv(&file))
}

/// `docker import [-c …] [-m …] file [ref]`, a file chosen with `image_file_choose`: streamed
/// to the engine with bytes sent as data; ends with the new image.
#[tauri::command]
#[specta::specta]
pub fn image_import(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    form: ImportForm,
    file: String,
    on_message: Channel<StreamMessage<SentMessage, ImportedImage>>,
) -> Result<StreamId, IpcError> {
    let path = PathBuf::from(&file);
    chosen_to_read(&chosen, &path, "file")?;
    let spec = form
        .validate()
        .map_err(|e| IpcError::invalid_input(describe_invalid(&e)))?;
    let engine = state.engine.engine()?;
    tracing::info!(command = %loggable(&spec.argv(&file)), "image import");
    Ok(state.streams.start(on_message, |sink| async move {
        Ok(engine
            .image_import(&spec, &path, sink.cancel(), |s| {
                sink.send(s.into());
            })
            .await?)
    }))
}

/// The `docker search` line.
#[tauri::command]
#[specta::specta]
pub fn image_search_command(term: String, limit: u32) -> String {
    command_line(&search_argv(&term, limit))
}

/// `docker search --limit limit term`, through the engine.
#[tauri::command]
#[specta::specta]
pub async fn image_search(
    state: State<'_, AppState>,
    term: String,
    limit: u32,
) -> Result<Vec<SearchHit>, IpcError> {
    let engine = state.engine.engine()?;
    Ok(engine
        .image_search(&term, limit)
        .await
        .map_err(tugboat_engine::EngineError::from)?)
}
