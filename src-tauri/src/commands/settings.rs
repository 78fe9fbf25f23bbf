//! The settings the window reads and changes: the theme, the section to start on and each
//! list's filter. Thin: the
//! file, its format and its writing are `crate::settings`.

use crate::error::IpcError;
use crate::settings::{ListView, SettingsFile, Theme};
use std::collections::BTreeMap;
use tauri::State;

/// What the window starts with, and where it is kept.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UiSettings {
    pub theme: Theme,
    /// The section shown last; None: Home.
    pub last_view: Option<String>,
    /// How each list was left, by list id.
    pub lists: BTreeMap<String, ListView>,
    /// The settings file; None when no config folder was found (kept in memory only).
    pub path: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub fn settings_get(settings: State<'_, SettingsFile>) -> UiSettings {
    let current = settings.get();
    UiSettings {
        theme: Theme::from_setting(current.theme.as_deref()),
        lists: current.list_views(),
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
    check_id("view", &view)?;
    settings
        .update(|s| s.last_view = Some(view))
        .await
        .map_err(IpcError::internal)
}

/// The longest filter kept: longer text is not something typed into a filter box.
const MAX_FILTER_CHARS: usize = 500;

/// Keeps how a list was left (its filter and its check boxes), to open it that way next time.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_list_view(
    settings: State<'_, SettingsFile>,
    list: String,
    view: ListView,
) -> Result<(), IpcError> {
    check_id("list", &list)?;
    check_list_view(&view)?;
    let value = serde_json::to_value(&view).map_err(|e| IpcError::internal(e.to_string()))?;
    settings
        .update(|s| {
            s.lists.insert(list, value);
        })
        .await
        .map_err(IpcError::internal)
}

/// The most check boxes one list has kept: a list has a handful.
const MAX_TOGGLES: usize = 8;

/// A filter of a length typed by hand, and a few check boxes named as the UI names them
/// (`showAll`: letters and digits, starting with a letter).
fn check_list_view(view: &ListView) -> Result<(), IpcError> {
    let chars = view.filter.chars().count();
    if chars > MAX_FILTER_CHARS {
        return Err(IpcError::invalid_input(format!(
            "filter: {chars} characters; a kept filter holds at most {MAX_FILTER_CHARS}"
        )));
    }
    if view.toggles.len() > MAX_TOGGLES {
        return Err(IpcError::invalid_input(format!(
            "toggles: {} of them; a list keeps at most {MAX_TOGGLES}",
            view.toggles.len()
        )));
    }
    for name in view.toggles.keys() {
        let ok = name.len() <= 32
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric());
        if !ok {
            return Err(IpcError::invalid_input(format!(
                "toggles: '{name}' is not a check box's name; use one such as `showAll`"
            )));
        }
    }
    Ok(())
}

/// A section or list id is a short lowercase word (`containers`, `network-map`); `field` names
/// the argument in the error.
fn check_id(field: &str, id: &str) -> Result<(), IpcError> {
    let ok =
        !id.is_empty() && id.len() <= 32 && id.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(IpcError::invalid_input(format!(
            "{field}: '{id}' is not one; use a short lowercase id such as `containers`"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_view_names_its_field_when_refused() {
        let view = |filter: &str, toggles: &[&str]| ListView {
            filter: filter.into(),
            toggles: toggles.iter().map(|t| (t.to_string(), true)).collect(),
        };
        assert!(check_list_view(&view("web", &["showAll", "groupByProject"])).is_ok());
        let long = "x".repeat(MAX_FILTER_CHARS + 1);
        let cases = [
            (view(&long, &[]), "filter:"),
            (view("", &["show all"]), "toggles:"),
            (view("", &["ShowAll"]), "toggles:"),
            (
                view("", &["a", "b", "c", "d", "e", "f", "g", "h", "i"]),
                "toggles:",
            ),
        ];
        for (bad, field) in cases {
            let err = check_list_view(&bad).unwrap_err();
            assert!(err.message.starts_with(field), "{}", err.message);
        }
    }

    #[test]
    fn a_view_or_list_is_a_short_lowercase_id() {
        assert!(check_id("view", "containers").is_ok());
        assert!(check_id("list", "network-map").is_ok());
        for bad in ["", "../x", "Containers", &"a".repeat(33)] {
            let err = check_id("list", bad).unwrap_err();
            assert!(err.message.starts_with("list:"), "{}", err.message);
        }
    }
}
