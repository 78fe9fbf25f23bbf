//! The window's size and place, kept in settings.json across starts. Hand-written rather than
//! Tauri's window-state plugin: the plugin keeps its own file in the app's config folder, where
//! `TUGBOAT_CONFIG_DIR` cannot reach it, so every test window would inherit the last test's
//! size; here it is one more key of the one settings file, set aside with it when broken.

use crate::settings::SettingsFile;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tauri::{LogicalPosition, LogicalSize, Manager, WebviewWindow, WindowEvent};

/// The smallest window the app lays out for (tauri.conf.json's minWidth/minHeight).
const MIN: (f64, f64) = (760.0, 520.0);
/// Larger than any screen: a value past it was not written by a window.
const MAX: f64 = 16_384.0;
/// A resize or move is kept once the window has held still this long.
const SETTLE: Duration = Duration::from_millis(500);

/// In logical (CSS) pixels, so a screen with another scale gets the same-looking window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WindowPlace {
    pub width: f64,
    pub height: f64,
    /// The top-left corner; None: where the system puts a new window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<f64>,
    #[serde(default)]
    pub maximized: bool,
}

impl WindowPlace {
    /// The kept place, if it is one a window could have: sizes within [MIN, MAX], corners
    /// finite. Anything else is ignored (the window opens at its default size).
    pub fn from_setting(value: Option<&serde_json::Value>) -> Option<WindowPlace> {
        let place: WindowPlace = serde_json::from_value(value?.clone()).ok()?;
        let size_ok = |v: f64, min: f64| v.is_finite() && (min..=MAX).contains(&v);
        let corner_ok = |v: Option<f64>| v.is_none_or(|v| v.is_finite() && v.abs() <= MAX);
        (size_ok(place.width, MIN.0)
            && size_ok(place.height, MIN.1)
            && corner_ok(place.x)
            && corner_ok(place.y))
        .then_some(place)
    }
}

/// Gives the main window its kept size (and place, when that corner is on a screen now), then
/// keeps every change the user makes to it.
pub fn restore_and_keep(app: &tauri::App, settings: &SettingsFile) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    if let Some(place) = WindowPlace::from_setting(settings.get().window.as_ref()) {
        apply(&window, place);
    }
    keep(window);
}

fn apply(window: &WebviewWindow, place: WindowPlace) {
    let _ = window.set_size(LogicalSize::new(place.width, place.height));
    if let (Some(x), Some(y)) = (place.x, place.y) {
        // A corner on a screen that is gone (a laptop off its dock) would hide the window.
        let on_a_screen = window.available_monitors().is_ok_and(|screens| {
            screens.iter().any(|m| {
                let scale = m.scale_factor();
                let at = m.position().to_logical::<f64>(scale);
                let size = m.size().to_logical::<f64>(scale);
                x >= at.x && y >= at.y && x < at.x + size.width && y < at.y + size.height
            })
        });
        if on_a_screen {
            let _ = window.set_position(LogicalPosition::new(x, y));
        }
    }
    if place.maximized {
        let _ = window.maximize();
    }
}

/// The window's place now; a maximized window keeps the size it will go back to.
fn read(window: &WebviewWindow, kept: Option<WindowPlace>) -> Option<WindowPlace> {
    let maximized = window.is_maximized().unwrap_or(false);
    if maximized {
        return kept.map(|k| WindowPlace {
            maximized: true,
            ..k
        });
    }
    let scale = window.scale_factor().ok()?;
    let size = window.inner_size().ok()?.to_logical::<f64>(scale);
    let corner = window
        .outer_position()
        .ok()
        .map(|p| p.to_logical::<f64>(scale));
    Some(WindowPlace {
        width: size.width.round(),
        height: size.height.round(),
        x: corner.map(|c| c.x.round()),
        y: corner.map(|c| c.y.round()),
        maximized: false,
    })
}

fn keep(window: WebviewWindow) {
    // Each event bumps the count; the write happens only if no newer event came during SETTLE.
    let moves = Arc::new(AtomicU64::new(0));
    let watched = window.clone();
    window.on_window_event(move |event| {
        if !matches!(event, WindowEvent::Resized(_) | WindowEvent::Moved(_)) {
            return;
        }
        let mine = moves.fetch_add(1, Ordering::SeqCst) + 1;
        let moves = moves.clone();
        let window = watched.clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(SETTLE).await;
            if moves.load(Ordering::SeqCst) != mine {
                return;
            }
            let Some(settings) = window.try_state::<SettingsFile>() else {
                return;
            };
            let kept = WindowPlace::from_setting(settings.get().window.as_ref());
            let Some(place) = read(&window, kept) else {
                return;
            };
            if Some(place) == kept {
                return;
            }
            let value = serde_json::to_value(place).ok();
            if let Err(e) = settings.update(|s| s.window = value).await {
                tracing::warn!(error = %e, "the window's size was not kept");
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_kept_place_is_used_only_if_a_window_could_have_it() {
        let ok = WindowPlace::from_setting(Some(&json!({"width": 1000, "height": 700})));
        assert_eq!(
            ok,
            Some(WindowPlace {
                width: 1000.0,
                height: 700.0,
                x: None,
                y: None,
                maximized: false
            })
        );
        for bad in [
            json!({"width": 100, "height": 700}),
            json!({"width": 1000, "height": 1e9}),
            json!({"width": 1000, "height": 700, "x": 1e12, "y": 0}),
            json!({"width": "wide", "height": 700}),
            json!("1000x700"),
        ] {
            assert_eq!(WindowPlace::from_setting(Some(&bad)), None, "{bad}");
        }
        assert_eq!(WindowPlace::from_setting(None), None);
    }
}
