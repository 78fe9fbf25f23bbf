//! The window's WebKit settings (Linux; macOS and Windows use their own web views).
//!
//! WebKitGTK paints with the GPU's help by default: a GL context in its web process, which
//! on these machines is Mesa's software rasteriser. Tugboat's pages are lists, forms and
//! text, with no animation that needs a compositor, so it asks WebKit to paint without one.
//! Measured on this machine kind (BENCHMARKS.md, issue 15): start to the home screen painted
//! ~130 ms sooner (median 564 against 698 ms in alternating launches), and the whole app
//! ~75 MB lighter (PSS 257 against 333 MB). It also sidesteps the blank windows some GPU
//! drivers give WebKitGTK's compositor. WebKit's cache model was tried as well: no change
//! (335 MB either way), so it keeps its default.

/// Set to 1, WebKit keeps its own choice (a compositor, with the GPU where there is one): for
/// a user whose GPU makes that smoother, and for the benchmarks' side-by-side runs.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub const KEEP_COMPOSITING: &str = "TUGBOAT_WEBKIT_COMPOSITING";

/// Applies the settings to the main window's web view.
pub fn lighten(app: &tauri::App) {
    #[cfg(target_os = "linux")]
    {
        if std::env::var(KEEP_COMPOSITING).as_deref() == Ok("1") {
            tracing::info!("WebKit keeps its compositor ({KEEP_COMPOSITING}=1)");
            return;
        }
        use tauri::Manager;
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        let Some(window) = app.get_webview_window("main") else {
            return;
        };
        let applied = window.with_webview(|webview| {
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(e) = applied {
            tracing::warn!(error = %e, "WebKit settings not applied");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}
