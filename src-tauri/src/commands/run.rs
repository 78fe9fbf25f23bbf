//! The run form: live preview, validation, run, and reading a pasted `docker run`.

use crate::error::IpcError;
use crate::state::AppState;
use serde::Serialize;
use tauri::State;
use tugboat_engine::recreate::RecreatePlan;
use tugboat_engine::run::{RunChoices, RunOutcome};
use tugboat_runspec::cli::{parse_run, ParsedRun};
use tugboat_runspec::commit::CommitForm;
use tugboat_runspec::envfile::{
    parse_env_file, parse_env_lines, too_large, EnvLines, MAX_ENV_FILE_BYTES,
};
use tugboat_runspec::explain::ArgPart;
use tugboat_runspec::update::UpdateForm;
use tugboat_runspec::{ContainerSpec, FieldError, RunForm};

/// What the form shows under itself as the user types.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunPreview {
    /// The whole command, to copy. Empty while the form has errors.
    pub command_line: String,
    /// The command flag by flag, each with what it does.
    pub parts: Vec<ArgPart>,
    /// Problems that stop the run, on the fields they belong to.
    pub errors: Vec<FieldError>,
    /// Things worth knowing that do not stop it (a host port already taken…).
    pub warnings: Vec<FieldError>,
}

/// A form that did not validate, as one error naming every field and what is wrong with it.
fn invalid_fields(errors: Vec<FieldError>) -> IpcError {
    IpcError::invalid_input(
        errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// Validates the form and says which `docker run` it equals, flag by flag.
#[tauri::command]
#[specta::specta]
pub async fn container_run_preview(
    state: State<'_, AppState>,
    form: RunForm,
) -> Result<RunPreview, IpcError> {
    let checked = off_runtime(move || {
        form.validate()
            .map(|spec| (spec.command_line(), spec.explained(), spec))
    })
    .await?;
    Ok(match checked {
        Ok((command_line, parts, spec)) => RunPreview {
            command_line,
            parts,
            errors: vec![],
            warnings: match state.engine.engine() {
                Ok(engine) => engine.host_port_warnings(&spec).await,
                Err(_) => vec![],
            },
        },
        Err(errors) => RunPreview {
            command_line: String::new(),
            parts: vec![],
            errors,
            warnings: vec![],
        },
    })
}

/// Validates a run form on a blocking thread: a form is small, but a port range is checked
/// port by port, and the async runtime's few threads carry every stream of the app.
async fn validated(form: RunForm) -> Result<ContainerSpec, IpcError> {
    off_runtime(move || form.validate())
        .await?
        .map_err(invalid_fields)
}

async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| IpcError::internal(format!("form check stopped: {e}")))
}

/// Creates and starts the container. Nothing is created unless the whole form is valid.
#[tauri::command]
#[specta::specta]
pub async fn container_run(
    state: State<'_, AppState>,
    form: RunForm,
) -> Result<RunOutcome, IpcError> {
    let spec = validated(form).await?;
    tracing::info!(command = %spec.command_line(), "run");
    Ok(state.engine.engine()?.run(&spec).await?)
}

/// Reads a pasted `docker run …` into the form, listing flags the form cannot hold.
#[tauri::command]
#[specta::specta]
pub fn container_parse_run(command_line: String) -> ParsedRun {
    parse_run(&command_line)
}

/// Local images, volumes and networks for the form's pickers.
#[tauri::command]
#[specta::specta]
pub async fn container_run_choices(state: State<'_, AppState>) -> Result<RunChoices, IpcError> {
    Ok(state.engine.engine()?.run_choices().await?)
}

/// What a command would say for these inputs (`docker update`, `docker commit`), or the fields
/// that are wrong.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CommandPreview {
    pub command_line: String,
    pub errors: Vec<FieldError>,
}

impl CommandPreview {
    fn of<T>(validated: Result<T, Vec<FieldError>>, argv: impl FnOnce(&T) -> Vec<String>) -> Self {
        match validated {
            Ok(v) => CommandPreview {
                command_line: shell_words_join(&argv(&v)),
                errors: vec![],
            },
            Err(errors) => CommandPreview {
                command_line: String::new(),
                errors,
            },
        }
    }
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
    let u = form.validate().map_err(invalid_fields)?;
    tracing::info!(command = %shell_words_join(&u.argv(&id)), "update");
    Ok(state.engine.engine()?.update(&id, &u).await?)
}

fn shell_words_join(argv: &[String]) -> String {
    tugboat_engine::containers::command_line(argv)
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
    let c = form.validate().map_err(invalid_fields)?;
    tracing::info!(command = %shell_words_join(&c.argv(&id)), "commit");
    Ok(state.engine.engine()?.commit(&id, &c).await?)
}

/// Reads pasted `NAME=value` lines the way `docker run --env-file` reads a file.
#[tauri::command]
#[specta::specta]
pub fn container_env_lines(text: String) -> EnvLines {
    parse_env_lines(&text)
}

/// Reads an env file the user chose (a full path) for the run form's environment rows.
#[tauri::command]
#[specta::specta]
pub async fn container_env_file(path: String) -> Result<EnvLines, IpcError> {
    let bad = |message: String| IpcError::invalid_input(format!("env file: {message}"));
    let file = std::path::Path::new(&path);
    if !file.is_absolute() {
        return Err(bad(format!("{path} is not a full path")));
    }
    let meta = tokio::fs::metadata(file)
        .await
        .map_err(|e| bad(format!("cannot read {path}: {e}")))?;
    if !meta.is_file() {
        return Err(bad(format!("{path} is not a file")));
    }
    if meta.len() > MAX_ENV_FILE_BYTES as u64 {
        // Checked before reading, so choosing a disk image by mistake costs nothing.
        return Ok(too_large(meta.len()));
    }
    let bytes = tokio::fs::read(file)
        .await
        .map_err(|e| bad(format!("cannot read {path}: {e}")))?;
    Ok(parse_env_file(&bytes))
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
    let spec = validated(form).await?;
    tracing::info!(container = %id, command = %spec.command_line(), "recreate");
    Ok(state.engine.engine()?.recreate(&id, &spec).await?)
}
