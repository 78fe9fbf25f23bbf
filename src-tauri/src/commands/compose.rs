//! The Compose area: loading a compose file (with its `.env`, overrides, `extends` and
//! `include` files) into the resolved model, its problems and the resolved YAML. Thin: the
//! loading is the compose crate's; files are read here with the files crate (bounded reads),
//! and only inside folders the user opened (like `file_read`), so the window cannot make
//! Tugboat read `~/.ssh/…` by naming it as an env file.

use crate::chosen::ChosenPaths;
use crate::error::IpcError;
use std::path::Path;
use tauri::State;
use tugboat_compose::{load, ComposeLoad, ComposeRequest, LoadOptions, Source};
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
    let chosen = chosen.snapshot();
    let runtime = tokio::runtime::Handle::current();
    // Parsing a large file and reading the files it names is blocking work: off the runtime.
    tokio::task::spawn_blocking(move || {
        let environment = std::env::vars().collect();
        let home = std::env::var("HOME").ok();
        let options = LoadOptions::from_request(&request, environment, home);
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
