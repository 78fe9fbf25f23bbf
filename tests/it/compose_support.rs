//! Loading a compose file for the tests and benches as the app loads it: the compose crate's
//! `load` with the process environment, other files read straight from disk.

use std::path::Path;
use tugboat_compose::{load as load_text, ComposeLoad, LoadOptions, Source};

struct Disk;

impl Source for Disk {
    fn read(&self, path: &Path) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    }
    fn exists(&self, path: &Path) -> bool {
        path.is_file()
    }
}

/// `text`, saved at `path`, as project `project` (None: the folder's name).
pub(crate) fn load(text: &str, path: &Path, project: Option<&str>) -> ComposeLoad {
    let options = LoadOptions {
        path: Some(path.display().to_string()),
        project_name: project.map(str::to_owned),
        environment: std::env::vars().collect(),
        home: std::env::var("HOME").ok(),
        ..LoadOptions::default()
    };
    load_text(text, &options, &Disk)
}
