//! Engine status, facts, disk usage and endpoint choice.

use crate::error::IpcError;
use crate::settings::SettingsFile;
use crate::state::AppState;
use tauri::State;
use tugboat_engine::{DiskUsage, EndpointAttempt, EngineInfo, EngineStatus, EngineTarget};

/// The connection state right now (the UI also gets every change as `EngineStatusChanged`).
#[tauri::command]
#[specta::specta]
pub fn engine_status(state: State<'_, AppState>) -> EngineStatus {
    state.engine.status()
}

/// `docker version` + `docker info` + counts.
#[tauri::command]
#[specta::specta]
pub async fn engine_info(state: State<'_, AppState>) -> Result<EngineInfo, IpcError> {
    if let Some(info) = state.first_info.take() {
        return Ok(info);
    }
    let engine = state.engine.engine()?;
    // The kept list counts the containers (learnt now if it is not known yet, and kept from
    // then on), so the counts never cost a list of their own. The UI asks after a change
    // notice, and notices reach the UI only once the list has dealt with them
    // (`forward_to_ui`), so the count includes the change the UI is reacting to.
    let kept = state.containers.clone();
    Ok(engine
        .info_with(async move { kept.list().await.map(|s| s.rows) })
        .await?)
}

/// `docker system df`: expensive, only on request.
#[tauri::command]
#[specta::specta]
pub async fn engine_disk_usage(state: State<'_, AppState>) -> Result<DiskUsage, IpcError> {
    Ok(state.engine.engine()?.disk_usage().await?)
}

/// Tries the configured endpoint and every well-known socket present, and says what each gave.
#[tauri::command]
#[specta::specta]
pub async fn engine_endpoints(
    state: State<'_, AppState>,
) -> Result<Vec<EndpointAttempt>, IpcError> {
    Ok(state.engine.probe_endpoints().await)
}

/// Retry the connection now instead of waiting for the next background attempt.
#[tauri::command]
#[specta::specta]
pub fn engine_retry(state: State<'_, AppState>) {
    state.engine.retry_now()
}

/// Use this endpoint for the rest of the session (`null`: back to the configured one).
#[tauri::command]
#[specta::specta]
pub fn engine_use_endpoint(
    state: State<'_, AppState>,
    host: Option<String>,
) -> Result<(), IpcError> {
    if let Some(h) = &host {
        tugboat_engine::connection::endpoint::check_scheme(h)?;
    }
    state.switch_engine(match host {
        Some(host) => EngineTarget::Host { host },
        None => EngineTarget::Configured,
    });
    Ok(())
}

/// Switches to another engine: a docker context, a host, or the configured one. Returns once
/// the old engine is left (its lists reset, its streams closed with a note); the new
/// connection's outcome arrives as `EngineStatusChanged`. The target is remembered as the last
/// engine, to start on next time.
#[tauri::command]
#[specta::specta]
pub async fn engine_switch(
    state: State<'_, AppState>,
    settings: State<'_, SettingsFile>,
    target: EngineTarget,
) -> Result<(), IpcError> {
    match &target {
        EngineTarget::Host { host } => tugboat_engine::connection::endpoint::check_scheme(host)?,
        EngineTarget::Context { name } if name.trim().is_empty() => {
            return Err(IpcError::invalid_input(
                "target.name: a context name is needed (one of `docker context ls`)",
            ))
        }
        _ => {}
    }
    state.switch_engine(target.clone());
    if let Err(e) = settings.remember_engine(target).await {
        // The switch itself worked; only next start's choice is lost.
        tracing::warn!(error = %e, "the last engine was not remembered");
    }
    Ok(())
}

/// The engines the switcher offers: the configured one, the docker contexts, sockets found.
#[tauri::command]
#[specta::specta]
pub async fn engine_choices(
    state: State<'_, AppState>,
) -> Result<Vec<tugboat_engine::supervisor::choices::EngineChoice>, IpcError> {
    Ok(state.engine.choices().await)
}

/// Why the settings file could not be used at start (set aside), if it could not.
#[tauri::command]
#[specta::specta]
pub fn settings_problem(settings: State<'_, SettingsFile>) -> Option<String> {
    settings.problem()
}

/// Milestones of the UI's start, in milliseconds since the page began loading.
#[derive(Debug, Clone, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StartupMarks {
    pub script_start_ms: f64,
    pub status_ms: f64,
    pub info_ms: f64,
    pub painted_ms: f64,
}

/// The UI calls this once, when the home screen has shown the engine's facts and painted. The
/// time since launch, and where it went, go to the log: it is what a user waits at start-up,
/// and what the start-up benchmark reads.
#[tauri::command]
#[specta::specta]
pub fn app_first_paint(state: State<'_, AppState>, marks: StartupMarks) {
    let ms = crate::STARTED
        .get()
        .map(|t| t.elapsed().as_secs_f64() * 1000.0);
    let since_launch = ms.unwrap_or(f64::NAN);
    tracing::info!(
        since_launch_ms = since_launch,
        before_page_ms = since_launch - marks.painted_ms,
        script_start_ms = marks.script_start_ms,
        status_ms = marks.status_ms,
        info_ms = marks.info_ms,
        painted_ms = marks.painted_ms,
        "home painted"
    );
    // The first facts normally learnt the container list already; if they could not (no
    // engine yet), learn it now that the window is up, so the Containers view opens without
    // waiting for the engine (see tugboat_engine::supervisor::keeper).
    state.containers.fill();
}
