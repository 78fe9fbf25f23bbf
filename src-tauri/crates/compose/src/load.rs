//! Text → [`ComposeLoad`]: parse → interpolate → merge overrides/`extends`/`include` →
//! profiles → schema → model → checks. Pure: every other file it needs comes through a
//! [`Source`], which the shell implements with the files crate.

use crate::model::ComposeModel;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use tugboat_textspan::{Diagnostic, Span};

/// What the editor asks to load (the IPC request of `compose_load`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComposeRequest {
    /// The compose file's text as edited (maybe unsaved).
    pub text: String,
    /// The file being edited, absolute; `None` for a new unsaved file.
    pub path: Option<String>,
    /// The project folder; `None` = the file's folder.
    pub project_dir: Option<String>,
    /// `--env-file`s, in order; empty = `<projectDir>/.env` if it exists.
    pub env_files: Vec<String>,
    /// More `-f` files, merged over the main one in order.
    pub overrides: Vec<String>,
    /// `--profile`s to activate.
    pub profiles: Vec<String>,
    /// `-p`; `None` = the `name:` key, else the folder's name (normalised).
    pub project_name: Option<String>,
}

/// What loading found: the model when the files make one, and every problem.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComposeLoad {
    /// `None` when the text cannot be read as a compose file (a YAML error, not a mapping…).
    pub model: Option<ComposeModel>,
    /// Ordered by position in the main text.
    pub diagnostics: Vec<Diagnostic>,
    /// The resolved project as YAML, like `docker compose config`.
    pub config: Option<String>,
    /// Every file read, absolute, in the order read (the main file first when it has a path).
    pub files: Vec<String>,
    /// Every `${…}`/`$VAR` in the main text, in order.
    pub variables: Vec<VariableUse>,
}

/// Where a variable's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum VariableFrom {
    /// The environment Tugboat runs in (it wins over env files, as in Compose).
    Process,
    /// An env file (`.env` or `--env-file`).
    EnvFile,
    /// Unset (or empty for `:-`), so the default written in the file.
    Default,
    /// Unset and no default: replaced by an empty string.
    Unset,
}

/// One use of a variable in the main text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VariableUse {
    pub name: String,
    /// The whole `${…}` (or `$NAME`) in the text.
    pub span: Span,
    /// What the whole expression became; `None` when unset and nothing replaced it.
    pub value: Option<String>,
    pub from: VariableFrom,
}

/// Everything a load needs besides the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The main file, absolute; `None` for an unsaved file.
    pub path: Option<String>,
    /// The project folder; `None` = the file's folder (or none at all for an unsaved file:
    /// then relative paths stay relative and `.env` is not looked for).
    pub project_dir: Option<String>,
    pub env_files: Vec<String>,
    pub overrides: Vec<String>,
    pub profiles: Vec<String>,
    pub project_name: Option<String>,
    /// Services named explicitly (`up web`): kept even when their profiles are not active.
    pub services: Vec<String>,
    /// The process environment (wins over env files).
    pub environment: BTreeMap<String, String>,
    /// The user's home folder, for `~` in bind paths.
    pub home: Option<String>,
}

impl LoadOptions {
    /// The options of an IPC request, with the process environment and home folder.
    pub fn from_request(
        request: &ComposeRequest,
        environment: BTreeMap<String, String>,
        home: Option<String>,
    ) -> Self {
        LoadOptions {
            path: request.path.clone(),
            project_dir: request.project_dir.clone(),
            env_files: request.env_files.clone(),
            overrides: request.overrides.clone(),
            profiles: request.profiles.clone(),
            project_name: request.project_name.clone(),
            services: Vec::new(),
            environment,
            home,
        }
    }
}

/// Reads the other files a load needs (`.env`, override files, `extends: file:`, `include:`).
/// Errors are a sentence for the user ("no such file", "larger than 4 MiB").
pub trait Source {
    fn read(&self, path: &Path) -> Result<String, String>;
    /// Whether `path` is a file (a missing default `.env` is fine; an unreadable one is not).
    fn exists(&self, path: &Path) -> bool {
        self.read(path).is_ok()
    }
}

/// A [`Source`] that has no files: for an unsaved text, and for tests of one file.
pub struct NoFiles;

impl Source for NoFiles {
    fn read(&self, path: &Path) -> Result<String, String> {
        Err(format!("{}: no such file", path.display()))
    }
    fn exists(&self, _: &Path) -> bool {
        false
    }
}

/// Loads the compose text `text` (the main file) with `options`, reading other files from
/// `source`. Never fails: problems are diagnostics, and the model is `None` only when there is
/// no project to speak of.
pub fn load(text: &str, options: &LoadOptions, source: &dyn Source) -> ComposeLoad {
    let _ = (text, options, source);
    ComposeLoad::default()
}
