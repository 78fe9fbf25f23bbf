//! The settings the window reads and changes: the theme and the section to start on. Thin: the
//! file, its format and its writing are `crate::settings`.

use crate::error::IpcError;
use crate::settings::{SettingsFile, Theme};
use tauri::State;

/// What the window starts with, and where it is kept.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UiSettings {
    pub theme: Theme,
    /// The section shown last; None: Home.
    pub last_view: Option<String>,
    /// The settings file; None when no config folder was found (kept in memory only).
    pub path: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub fn settings_get(settings: State<'_, SettingsFile>) -> UiSettings {
    let current = settings.get();
    UiSettings {
        theme: Theme::from_setting(current.theme.as_deref()),
        last_view: current.last_view,
        path: settings.path().map(|p| p.display().to_string()),
    }
}

/// Keeps the theme for this and later starts.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_theme(
    settings: State<'_, SettingsFile>,
    theme: Theme,
) -> Result<(), IpcError> {
    settings
        .update(|s| s.theme = Some(theme.word().to_owned()))
        .await
        .map_err(IpcError::internal)
}

/// Keeps the section shown, to start on it next time.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_last_view(
    settings: State<'_, SettingsFile>,
    view: String,
) -> Result<(), IpcError> {
    check_view(&view)?;
    settings
        .update(|s| s.last_view = Some(view))
        .await
        .map_err(IpcError::internal)
}

/// A section id is a short lowercase word (`containers`, `network-map`).
fn check_view(view: &str) -> Result<(), IpcError> {
    let ok = !view.is_empty()
        && view.len() <= 32
        && view.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(IpcError::invalid_input(format!(
            "view: '{view}' is not a section; use a section's id such as `containers`"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_is_a_section_id() {
        assert!(check_view("containers").is_ok());
        assert!(check_view("network-map").is_ok());
        for bad in ["", "../x", "Containers", &"a".repeat(33)] {
            let err = check_view(bad).unwrap_err();
            assert!(err.message.contains("view:"), "{}", err.message);
        }
    }
}
