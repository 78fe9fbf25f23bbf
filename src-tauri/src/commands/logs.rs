//! `docker logs`: follow a container's (or several containers') output in batches, read older
//! pages, save the whole log to a file chosen in the save dialog, each with the `docker logs`
//! line it equals.

use crate::chosen::{ask, folder_of, ChosenPaths, Pick};
use crate::error::{IpcError, IpcErrorCode};
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tugboat_engine::logs::feed::{follow, FeedLimits, FeedStats};
use tugboat_engine::logs::{LogBatch, LogLine, LogSource, LogsEnd, LogsError, LogsRequest};
use tugboat_runspec::argv::command_line;
use tugboat_runspec::logs::{logs_argv, logs_command as command_for, LogsFlags};

/// Bytes written so far, as a save's stream data.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SaveProgress {
    pub bytes: f64,
}

/// What a finished save wrote, and the `docker logs` line it equals.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SaveEnd {
    pub bytes: f64,
    pub lines: f64,
    pub command: String,
}

/// A logs failure for the view: an unreadable logging driver has its own code, so the view
/// can say so in place of the log.
pub(crate) fn ipc(err: LogsError) -> IpcError {
    match err {
        LogsError::Unreadable(message) => IpcError {
            code: IpcErrorCode::LogsUnreadable,
            message,
        },
        LogsError::Engine(e) => e.into(),
    }
}

/// How the user knows container `id`: its name in the kept list, else the id itself.
fn shown_name(state: &AppState, id: &str) -> String {
    state
        .containers
        .kept()
        .get(id)
        .map_or_else(|| id.to_owned(), |row| row.name)
}

/// Follows the logs of `request.ids` (several: merged in time order). Returns the stream id at
/// once; batches come as data at most every ~50 ms, the end when the lines asked for were sent
/// or the containers stopped; `stream_cancel` ends it with `cancelled`. A container whose
/// logging driver can't be read back ends it with the code `logs_unreadable`.
#[tauri::command]
#[specta::specta]
pub fn logs_follow(
    state: State<'_, AppState>,
    request: LogsRequest,
    on_message: Channel<StreamMessage<LogBatch, LogsEnd>>,
) -> Result<StreamId, IpcError> {
    let engine = state.engine.engine()?;
    tracing::info!(
        containers = request.ids.len(),
        follow = request.follow,
        "logs"
    );
    Ok(state.streams.start(on_message, |sink| async move {
        let sink = Arc::new(sink);
        let to_view = sink.clone();
        follow(
            &engine,
            &request,
            FeedLimits::default(),
            Arc::new(FeedStats::default()),
            sink.cancel(),
            move |batch| to_view.send(batch),
        )
        .await
        .map_err(ipc)
    }))
}

/// Each container's name, whether it has a terminal, and its logging driver.
#[tauri::command]
#[specta::specta]
pub async fn logs_sources(
    state: State<'_, AppState>,
    ids: Vec<String>,
) -> Result<Vec<LogSource>, IpcError> {
    Ok(state.engine.engine()?.log_sources(&ids).await?)
}

/// The `count` lines before the time `before` (the oldest line shown), oldest first.
#[tauri::command]
#[specta::specta]
pub async fn logs_page(
    state: State<'_, AppState>,
    id: String,
    before: String,
    count: u32,
) -> Result<Vec<LogLine>, IpcError> {
    state
        .engine
        .engine()?
        .log_page(&id, &before, count)
        .await
        .map_err(ipc)
}

/// The `docker logs` line a logs view equals (several containers: see runspec's
/// `logs_command`), by the names the user sees.
#[tauri::command]
#[specta::specta]
pub fn logs_command(state: State<'_, AppState>, request: LogsRequest) -> String {
    let names: Vec<String> = request
        .ids
        .iter()
        .map(|id| shown_name(&state, id))
        .collect();
    command_for(&request.flags(), &names)
}

/// The save dialog for container `id`'s log, suggesting `<name>.log`. The path chosen is the
/// only kind `logs_save` writes to; `None` when the user closed the dialog.
#[tauri::command]
#[specta::specta]
pub async fn logs_save_choose(
    app: AppHandle,
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    id: String,
) -> Result<Option<String>, IpcError> {
    let name = shown_name(&state, &id);
    let picked = ask(
        &app,
        Pick::Save {
            file_name: format!("{name}.log"),
            filter: ("Log file", &["log", "txt"]),
        },
        &format!("Save the log of {name} to"),
        folder_of(""),
    )
    .await?;
    Ok(picked.map(|p| {
        chosen.allow_write(&p);
        p.display().to_string()
    }))
}

/// `docker logs [--timestamps] NAME > PATH 2>&1`.
fn save_command(name: &str, path: &str, timestamps: bool) -> String {
    let flags = LogsFlags {
        timestamps,
        ..LogsFlags::default()
    };
    format!(
        "{} > {} 2>&1",
        command_line(&logs_argv(&flags, name)),
        command_line(&[path])
    )
}

/// Writes container `id`'s whole log to `path`, a file chosen in the save dialog this session
/// (`logs_save_choose`); any other path is refused at once. The file appears only once it is
/// complete; a cancel leaves nothing. Progress comes as data, the outcome as `End`.
#[tauri::command]
#[specta::specta]
pub fn logs_save(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenPaths>,
    id: String,
    path: String,
    timestamps: bool,
    on_message: Channel<StreamMessage<SaveProgress, SaveEnd>>,
) -> Result<StreamId, IpcError> {
    let dest = PathBuf::from(&path);
    if !chosen.may_write(&dest) {
        return Err(IpcError::invalid_input(format!(
            "path: {path} was not chosen in the save dialog. Press Save… and pick the file \
             there: Tugboat writes only where that dialog says"
        )));
    }
    let engine = state.engine.engine()?;
    let command = save_command(&shown_name(&state, &id), &path, timestamps);
    tracing::info!(container = %id, "logs save");
    Ok(state.streams.start(on_message, |sink| async move {
        let saved = engine
            .save_logs(&id, &dest, timestamps, sink.cancel(), |b| {
                sink.send(SaveProgress { bytes: b as f64 });
            })
            .await
            .map_err(ipc)?;
        Ok(SaveEnd {
            bytes: saved.bytes as f64,
            lines: saved.lines as f64,
            command,
        })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_save_line_redirects_both_streams_to_the_file() {
        assert_eq!(
            save_command("web", "/home/me/web log.txt", true),
            "docker logs --timestamps web > '/home/me/web log.txt' 2>&1"
        );
        assert_eq!(
            save_command("web", "/tmp/web.log", false),
            "docker logs web > /tmp/web.log 2>&1"
        );
    }

    #[test]
    fn an_unreadable_driver_has_its_own_code() {
        let e = ipc(LogsError::Unreadable("syslog".into()));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "logs_unreadable");
        let e = ipc(LogsError::Engine(tugboat_engine::EngineError::Cancelled));
        assert_eq!(serde_json::to_value(&e).unwrap()["code"], "cancelled");
    }
}
