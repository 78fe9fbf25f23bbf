//! The cold-start floor (Cargo.toml says why): a window with one heading, which prints
//! `painted since_launch_ms=… page_ms=…` on stderr when its page has painted.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// The page calls this two frames after its first; `page_ms` is its own clock (since the page
/// began loading), so the launch-to-page time is the difference.
#[tauri::command]
fn painted(page_ms: f64) {
    let since_launch = STARTED
        .get()
        .map_or(f64::NAN, |t| t.elapsed().as_secs_f64() * 1000.0);
    // The bench reads this line as it reads Tugboat's "home painted".
    eprintln!("painted since_launch_ms={since_launch:.1} page_ms={page_ms:.1}");
}

fn main() {
    let _ = STARTED.set(Instant::now());
    let app = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("the floor window could not start: {e}");
            std::process::exit(1);
        }
    }
}
