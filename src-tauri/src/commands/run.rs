//! The run form: live preview, validation, run, and reading a pasted `docker run`.

use crate::chosen::{ask, folder_of, Pick};
use crate::error::IpcError;
use crate::state::AppState;
use tauri::{AppHandle, State};
use tugboat_engine::containers::recreate::RecreatePlan;
use tugboat_engine::containers::run::{preview_run, validate_off_runtime, RunChoices, RunOutcome};
use tugboat_files::envfile::read_env_file;
use tugboat_runspec::cli::{parse_run, ParsedRun};
use tugboat_runspec::commit::CommitForm;
use tugboat_runspec::envfile::{parse_env_lines, EnvLines};
use tugboat_runspec::explain::ArgPart;
use tugboat_runspec::preview::{describe_invalid, CommandPreview, RunPreview};
use tugboat_runspec::redact::loggable;
use tugboat_runspec::update::UpdateForm;
use tugboat_runspec::RunForm;

/// Validates the form and says which `docker run` it equals, flag by flag.
#[tauri::command]
#[specta::specta]
pub async fn container_run_preview(
    state: State<'_, AppState>,
    form: RunForm,
) -> Result<RunPreview, IpcError> {
    Ok(preview_run(state.engine.engine().ok().as_ref(), form).await?)
}

/// Creates and starts the container. Nothing is created unless the whole form is valid.
#[tauri::command]
#[specta::specta]
pub async fn container_run(
    state: State<'_, AppState>,
    form: RunForm,
) -> Result<RunOutcome, IpcError> {
    let spec = validate_off_runtime(form).await?;
    tracing::info!(command = %loggable(&spec.argv()), "run");
    Ok(state.engine.engine()?.run(&spec).await?)
}

/// Reads a pasted `docker run …` into the form, listing flags the form cannot hold.
#[tauri::command]
#[specta::specta]
pub fn container_parse_run(command_line: String) -> ParsedRun {
    parse_run(&command_line)
}

/// The advanced section's flags with the explanations the preview gives them.
#[tauri::command]
#[specta::specta]
pub fn container_run_flag_help() -> Vec<ArgPart> {
    tugboat_runspec::explain::advanced_help()
}

/// Local images, volumes and networks for the form's pickers.
#[tauri::command]
#[specta::specta]
pub async fn container_run_choices(state: State<'_, AppState>) -> Result<RunChoices, IpcError> {
    Ok(state.engine.engine()?.run_choices().await?)
}

#[tauri::command]
#[specta::specta]
pub fn container_update_preview(target: String, form: UpdateForm) -> CommandPreview {
    CommandPreview::of(form.validate(), |u| u.argv(&target))
}

/// `docker update`: limits and restart policy, in place, without recreating the container.
#[tauri::command]
#[specta::specta]
pub async fn container_update(
    state: State<'_, AppState>,
    id: String,
    form: UpdateForm,
) -> Result<(), IpcError> {
    let u = form
        .validate()
        .map_err(|e| IpcError::invalid_input(describe_invalid(&e)))?;
    tracing::info!(command = %loggable(&u.argv(&id)), "update");
    Ok(state.engine.engine()?.update(&id, &u).await?)
}

/// What `docker commit` would say, or the fields that are wrong.
#[tauri::command]
#[specta::specta]
pub fn container_commit_preview(target: String, form: CommitForm) -> CommandPreview {
    CommandPreview::of(form.validate(), |c| c.argv(&target))
}

/// `docker commit`: a new image from the container's files. Returns the image id.
#[tauri::command]
#[specta::specta]
pub async fn container_commit(
    state: State<'_, AppState>,
    id: String,
    form: CommitForm,
) -> Result<String, IpcError> {
    let c = form
        .validate()
        .map_err(|e| IpcError::invalid_input(describe_invalid(&e)))?;
    tracing::info!(command = %loggable(&c.argv(&id)), "commit");
    Ok(state.engine.engine()?.commit(&id, &c).await?)
}

/// Reads pasted `NAME=value` lines the way `docker run --env-file` reads a file.
#[tauri::command]
#[specta::specta]
pub fn container_env_lines(text: String) -> EnvLines {
    parse_env_lines(&text)
}

/// Opens the system's file dialog and reads the env file chosen there, the way `docker run
/// --env-file` reads it. The window never names the file: whatever it is, the user picked it.
/// `None` when they closed the dialog.
#[tauri::command]
#[specta::specta]
pub async fn container_env_file(app: AppHandle) -> Result<Option<EnvLines>, IpcError> {
    let Some(path) = ask(&app, Pick::File, "Load environment variables from", None).await? else {
        return Ok(None);
    };
    let lines = read_env_file(&path).await;
    Ok(Some(
        lines.map_err(|e| IpcError::invalid_input(e.to_string()))?,
    ))
}

/// Opens the system's folder dialog (in `from`, a folder the user typed, or the home folder)
/// for a bind mount's host folder. `None` when the user closed it.
#[tauri::command]
#[specta::specta]
pub async fn container_choose_folder(
    app: AppHandle,
    title: String,
    from: String,
) -> Result<Option<String>, IpcError> {
    let picked = ask(&app, Pick::Folder, &title, folder_of(&from)).await?;
    Ok(picked.map(|p| p.display().to_string()))
}

/// A container read back into the run form, with what recreating it would drop.
#[tauri::command]
#[specta::specta]
pub async fn container_recreate_plan(
    state: State<'_, AppState>,
    id: String,
) -> Result<RecreatePlan, IpcError> {
    Ok(state.engine.engine()?.recreate_plan(&id).await?)
}

/// Replaces a container with one made from the form (same name unless the form changes it).
/// On any failure the old container is put back as it was.
#[tauri::command]
#[specta::specta]
pub async fn container_recreate(
    state: State<'_, AppState>,
    id: String,
    form: RunForm,
) -> Result<RunOutcome, IpcError> {
    let spec = validate_off_runtime(form).await?;
    tracing::info!(container = %id, command = %loggable(&spec.argv()), "recreate");
    Ok(state.engine.engine()?.recreate(&id, &spec).await?)
}
