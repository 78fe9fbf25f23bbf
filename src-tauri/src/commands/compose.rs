//! The Compose area: loading a compose file (with its `.env`, overrides, `extends` and
//! `include` files) into the resolved model, its problems and the resolved YAML. Thin: the
//! loading is the compose crate's; files are read here with the files crate (bounded reads),
//! and only inside folders the user opened (like `file_read`), so the window cannot make
//! Tugboat read `~/.ssh/…` by naming it as an env file. Up (`compose_up`) loads the same way,
//! then runs the engine crate's `compose_up` as a stream.

use crate::chosen::ChosenPaths;
use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use std::path::Path;
use tauri::ipc::Channel;
use tauri::State;
use tugboat_compose::plan::{up_command, UpEnd, UpEvent, UpRequest};
use tugboat_compose::swarm::DeployTarget;
use tugboat_compose::{load, ComposeLoad, ComposeRequest, LoadOptions, Source};
use tugboat_engine::compose::up::UpInput;
use tugboat_files::text::read_text;

/// Reads the files a load asks for, from the blocking thread the load runs on.
struct FolderFiles<'a> {
    chosen: &'a ChosenPaths,
    runtime: tokio::runtime::Handle,
}

impl FolderFiles<'_> {
    fn allowed(&self, path: &Path) -> Result<(), String> {
        if self.chosen.may_edit(path) || self.chosen.may_read(path) {
            Ok(())
        } else {
            Err(format!(
                "{} is not inside a folder opened here; open its folder with Open folder… to \
                 let Tugboat read it",
                path.display()
            ))
        }
    }
}

impl Source for FolderFiles<'_> {
    fn read(&self, path: &Path) -> Result<String, String> {
        self.allowed(path)?;
        let file = self
            .runtime
            .block_on(read_text(path, "compose file"))
            .map_err(|e| e.to_string())?;
        match file.revision {
            Some(_) => Ok(file.text),
            None => Err(format!("{}: no such file", path.display())),
        }
    }

    fn exists(&self, path: &Path) -> bool {
        self.allowed(path).is_ok() && path.is_file()
    }
}

/// Loads a compose request with the process environment; what the command and the
/// integration tests call.
pub async fn load_compose(
    chosen: &ChosenPaths,
    request: ComposeRequest,
) -> Result<ComposeLoad, IpcError> {
    load_compose_for(chosen, request, DeployTarget::Compose).await
}

/// As [`load_compose`], for `docker compose up` or for `docker stack deploy` (`target`).
pub async fn load_compose_for(
    chosen: &ChosenPaths,
    request: ComposeRequest,
    target: DeployTarget,
) -> Result<ComposeLoad, IpcError> {
    let chosen = chosen.snapshot();
    let runtime = tokio::runtime::Handle::current();
    // Parsing a large file and reading the files it names is blocking work: off the runtime.
    tokio::task::spawn_blocking(move || {
        let environment = std::env::vars().collect();
        let home = std::env::var("HOME").ok();
        let mut options = LoadOptions::from_request(&request, environment, home);
        options.target = target;
        let source = FolderFiles {
            chosen: &chosen,
            runtime,
        };
        load(&request.text, &options, &source)
    })
    .await
    .map_err(|e| IpcError::internal(format!("loading the compose file stopped: {e}")))
}

/// The compose file `request.text` resolved: the model (when it makes one), every problem with
/// its place in the text, the resolved YAML (`docker compose config`) and the variables used.
#[tauri::command]
#[specta::specta]
pub async fn compose_load(
    chosen: State<'_, ChosenPaths>,
    request: ComposeRequest,
) -> Result<ComposeLoad, IpcError> {
    load_compose(&chosen, request).await
}

/// Refuses a loaded file that has errors, naming how many and the first with its line, as the
/// Problems panel shows them: `checked_for` says what the file was checked for (`""`, `" for a
/// swarm"`), `action` the button that was refused.
pub(crate) fn refuse_errors(
    loaded: &tugboat_compose::ComposeLoad,
    checked_for: &str,
    action: &str,
) -> Result<(), IpcError> {
    let errors: Vec<&tugboat_compose::Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == tugboat_compose::Severity::Error)
        .collect();
    match errors.first() {
        None => Ok(()),
        Some(first) => Err(IpcError::invalid_input(format!(
            "the file has {} problem{}{checked_for}; fix {} before {action}. Line {}: {}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            if errors.len() == 1 { "it" } else { "them" },
            first.span.line,
            first.message
        ))),
    }
}

/// The loaded model of an up's file, or why Up cannot run it: a file with errors is refused
/// with its first problem and line, as the Problems panel shows them.
async fn model_for_up(
    chosen: &ChosenPaths,
    request: &UpRequest,
) -> Result<tugboat_compose::ComposeModel, IpcError> {
    let loaded = load_compose(chosen, request.compose.clone()).await?;
    refuse_errors(&loaded, "", "Up")?;
    loaded.model.ok_or_else(|| {
        IpcError::invalid_input("the file has no services to bring up: add a `services:` key")
    })
}

/// The `docker compose … up -d …` line an up equals, before running it.
#[tauri::command]
#[specta::specta]
pub async fn compose_up_command(
    chosen: State<'_, ChosenPaths>,
    request: UpRequest,
) -> Result<String, IpcError> {
    let model = model_for_up(&chosen, &request).await?;
    Ok(up_command(
        &model,
        &model.env_files,
        &request.compose.profiles,
        &request.options(),
    ))
}

/// `docker compose up -d` as a stream of [`UpEvent`]s (the plan, each step's state, log
/// lines, then `done` or `failed`); `stream_cancel(id)` stops it before the next step.
#[tauri::command]
#[specta::specta]
pub async fn compose_up(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    request: UpRequest,
    on_message: Channel<StreamMessage<UpEvent, UpEnd>>,
) -> Result<StreamId, IpcError> {
    let model = model_for_up(&chosen, &request).await?;
    let engine = state.engine.engine()?;
    let logins = state.docker_config.clone();
    let options = request.options();
    let profiles = request.compose.profiles.clone();
    Ok(state.streams.start(on_message, |sink| async move {
        let input = UpInput {
            model: &model,
            options: &options,
            env_files: &model.env_files,
            profiles: &profiles,
            logins: Some(&logins),
        };
        let outcome = engine
            .compose_up(&input, sink.cancel(), &mut |e| {
                sink.send(e);
            })
            .await?;
        Ok(UpEnd::from(outcome))
    }))
}
