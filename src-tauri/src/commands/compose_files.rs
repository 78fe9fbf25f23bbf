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

/// What a `docker compose …` line is made of: the project and the files it reads, then the
/// subcommand and its arguments.
#[derive(Debug, Clone, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComposeCommandParts {
    /// `-p`.
    pub project: String,
    /// `-f`, in order.
    pub files: Vec<String>,
    /// `--env-file`, in order.
    pub env_files: Vec<String>,
    /// `--profile`, in order.
    pub profiles: Vec<String>,
    /// The subcommand and its arguments (`["config"]`).
    pub args: Vec<String>,
}

/// The words of the `docker compose` line for `parts`.
fn compose_argv(parts: &ComposeCommandParts) -> Vec<String> {
    let mut argv: Vec<String> = vec!["docker".into(), "compose".into()];
    argv.extend(["-p".to_owned(), parts.project.clone()]);
    for (flag, values) in [
        ("-f", &parts.files),
        ("--env-file", &parts.env_files),
        ("--profile", &parts.profiles),
    ] {
        for v in values {
            argv.extend([flag.to_owned(), v.clone()]);
        }
    }
    argv.extend(parts.args.iter().cloned());
    argv
}

/// The `docker compose …` line for `parts`, quoted as every command line Tugboat shows.
#[tauri::command]
#[specta::specta]
pub fn compose_command_line(parts: ComposeCommandParts) -> String {
    tugboat_runspec::argv::command_line(&compose_argv(&parts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use tugboat_compose::load::{load, LoadOptions, Source};
    use tugboat_compose::Severity;

    /// The files a template folder holds once the editor wrote it: the Dockerfile beside.
    struct TemplateFolder;

    impl Source for TemplateFolder {
        fn read(&self, path: &Path) -> Result<String, String> {
            match path.to_str() {
                Some("/tmp/template/Dockerfile") => Ok(include_str!(
                    "../../../ui/src/lib/components/compose/templates/built-service.Dockerfile"
                )
                .to_owned()),
                _ => Err(format!("{}: no such file", path.display())),
            }
        }
    }

    #[test]
    fn every_template_loads_without_an_error() {
        let templates = [
            (
                "web-database",
                include_str!(
                    "../../../ui/src/lib/components/compose/templates/web-database.compose.yaml"
                ),
            ),
            (
                "web-cache",
                include_str!(
                    "../../../ui/src/lib/components/compose/templates/web-cache.compose.yaml"
                ),
            ),
            (
                "built-service",
                include_str!(
                    "../../../ui/src/lib/components/compose/templates/built-service.compose.yaml"
                ),
            ),
        ];
        for (name, text) in templates {
            let options = LoadOptions {
                path: Some("/tmp/template/compose.yaml".into()),
                ..LoadOptions::default()
            };
            let loaded = load(text, &options, &TemplateFolder);
            let errors: Vec<_> = loaded
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| format!("line {}: {} ({})", d.span.line, d.message, d.rule))
                .collect();
            assert!(errors.is_empty(), "template {name}: {errors:#?}");
            let model = loaded
                .model
                .unwrap_or_else(|| panic!("template {name} has no model"));
            assert_eq!(model.name, "template", "template {name}");
            assert!(!model.services.is_empty(), "template {name}");
        }
    }

    #[test]
    fn the_config_line_names_the_project_files_env_files_and_profiles_in_order() {
        let parts = ComposeCommandParts {
            project: "shop".into(),
            files: vec![
                "/home/me/shop/compose.yaml".into(),
                "/home/me/shop/compose.override.yaml".into(),
            ],
            env_files: vec!["/home/me/my shop/.env".into()],
            profiles: vec!["debug".into()],
            args: vec!["config".into()],
        };
        assert_eq!(
            compose_command_line(parts),
            "docker compose -p shop -f /home/me/shop/compose.yaml \
             -f /home/me/shop/compose.override.yaml --env-file '/home/me/my shop/.env' \
             --profile debug config"
        );
    }
}
