//! Terminals inside a container: `docker exec -it` and `docker attach` as streams of screen
//! bytes, with keystrokes (`exec_input`) and resizes (`exec_resize`) sent to a session by its
//! stream id, and the `docker …` line each equals. The sessions themselves are the engine
//! crate's (`exec`); this keeps each live session's keyboard and resize handle by stream id.

use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use base64::Engine as _;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;
use tauri::ipc::Channel;
use tauri::State;
use tokio::sync::mpsc;
use tugboat_engine::exec::{Resize, TerminalEnd, TerminalSession};
use tugboat_runspec::exec_spec::{attach_command_line, ExecForm, ExecRequest};
use tugboat_runspec::FieldError;

/// Screen bytes, base64-encoded. Tauri sends channel messages as JSON: base64 costs 4 characters
/// per 3 bytes and the UI decodes it in one pass, where a byte array would cost up to 4
/// characters per byte and a JSON number to parse for each.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TerminalOutput {
    pub base64: String,
}

type TerminalChannel = Channel<StreamMessage<TerminalOutput, TerminalEnd>>;

/// How many keystroke batches may wait for the session to write them before `exec_input`
/// waits too: a large paste slows the sender down rather than growing a queue.
const KEYS_QUEUED: usize = 256;

/// The live terminal sessions, by stream id: where each one's keystrokes go, and its resize
/// handle. An entry goes when its session ends.
#[derive(Default)]
pub struct Terminals {
    live: Mutex<HashMap<StreamId, Terminal>>,
}

struct Terminal {
    keys: mpsc::Sender<Vec<u8>>,
    resize: Resize,
}

impl Terminals {
    fn keys(&self, stream: StreamId) -> Option<mpsc::Sender<Vec<u8>>> {
        let live = self.live.lock().ok()?;
        live.get(&stream).map(|t| t.keys.clone())
    }

    fn resize(&self, stream: StreamId) -> Option<Resize> {
        let live = self.live.lock().ok()?;
        live.get(&stream).map(|t| t.resize.clone())
    }

    /// Drops the sessions that ended (their keyboard's receiving end is gone).
    fn forget_ended(&self) {
        if let Ok(mut live) = self.live.lock() {
            live.retain(|_, t| !t.keys.is_closed());
        }
    }

    /// How many sessions are live.
    pub fn count(&self) -> usize {
        self.forget_ended();
        self.live.lock().map(|l| l.len()).unwrap_or(0)
    }
}

fn no_session(stream: StreamId) -> IpcError {
    IpcError::invalid_input(format!(
        "stream: no terminal session {stream} is open (it ended or was closed); open a new \
         terminal"
    ))
}

/// Runs an opened session as a stream and registers its keyboard and resize handle.
fn start(state: &AppState, session: TerminalSession, on_message: TerminalChannel) -> StreamId {
    let (keys, typed) = mpsc::channel(KEYS_QUEUED);
    let resize = session.resize();
    let terminals = state.terminals.clone();
    let id = state.streams.start(on_message, move |sink| async move {
        let b64 = base64::engine::general_purpose::STANDARD;
        let cancel = sink.cancel().clone();
        let ended = session
            .run(typed, &cancel, |bytes| {
                sink.send(TerminalOutput {
                    base64: b64.encode(&bytes),
                })
            })
            .await;
        terminals.forget_ended();
        Ok(ended?)
    });
    if let Ok(mut live) = state.terminals.live.lock() {
        live.insert(id, Terminal { keys, resize });
    }
    // A session that ended before it was registered leaves a closed entry: drop it now.
    state.terminals.forget_ended();
    id
}

/// The terminal form checked, the request it becomes (sized 80×24 until the terminal measures
/// itself), and the `docker exec -it …` line it equals.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExecPreview {
    pub request: Option<ExecRequest>,
    pub command: String,
    pub errors: Vec<FieldError>,
}

#[tauri::command]
#[specta::specta]
pub fn exec_preview(container: String, form: ExecForm) -> ExecPreview {
    match form.validate(80, 24) {
        Ok(request) => ExecPreview {
            command: request.command_line(&container),
            request: Some(request),
            errors: vec![],
        },
        Err(errors) => ExecPreview {
            request: None,
            command: String::new(),
            errors,
        },
    }
}

/// `docker attach NAME`, for the UI to show before attaching.
#[tauri::command]
#[specta::specta]
pub fn attach_command(container: String) -> String {
    attach_command_line(&container)
}

/// `docker exec -it …`: runs `request.cmd` in container `id` on a TTY; the stream carries the
/// screen and ends with the exit code (or why the command never started).
#[tauri::command]
#[specta::specta]
pub async fn container_exec(
    state: State<'_, AppState>,
    id: String,
    request: ExecRequest,
    on_message: TerminalChannel,
) -> Result<StreamId, IpcError> {
    let engine = state.engine.engine()?;
    tracing::info!(container = %id, command = %request.command_line(&id), "exec");
    let session = engine.exec_open(&id, request).await?;
    Ok(start(&state, session, on_message))
}

/// `docker attach`: the main process of container `id` (started with `-it`); the stream ends
/// with `detached` when the user detaches (ctrl-p ctrl-q) or closes it, the container running.
#[tauri::command]
#[specta::specta]
pub async fn container_attach(
    state: State<'_, AppState>,
    id: String,
    cols: u16,
    rows: u16,
    on_message: TerminalChannel,
) -> Result<StreamId, IpcError> {
    let engine = state.engine.engine()?;
    tracing::info!(container = %id, "attach");
    let session = engine.attach_open(&id, cols, rows).await?;
    Ok(start(&state, session, on_message))
}

/// Keystrokes or a paste (UTF-8, as typed) for terminal session `stream`.
#[tauri::command]
#[specta::specta]
pub async fn exec_input(
    state: State<'_, AppState>,
    stream: StreamId,
    data: String,
) -> Result<(), IpcError> {
    let keys = state
        .terminals
        .keys(stream)
        .ok_or_else(|| no_session(stream))?;
    keys.send(data.into_bytes())
        .await
        .map_err(|_| no_session(stream))
}

/// Sets terminal session `stream`'s TTY to `cols` × `rows` (an exec's own TTY; for an attach,
/// the container's).
#[tauri::command]
#[specta::specta]
pub async fn exec_resize(
    state: State<'_, AppState>,
    stream: StreamId,
    cols: u16,
    rows: u16,
) -> Result<(), IpcError> {
    let resize = state
        .terminals
        .resize(stream)
        .ok_or_else(|| no_session(stream))?;
    Ok(resize.to(cols, rows).await?)
}
