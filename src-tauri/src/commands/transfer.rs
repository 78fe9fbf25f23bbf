//! A transfer between this computer and the engine (a volume's or a container's files) as a
//! stream: bytes moved so far while it runs, then what it did and the `docker …` line it
//! equals. Host paths come only from the system's dialogs; [`not_chosen`] says so otherwise.

use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use serde::Serialize;
use std::future::Future;
use std::sync::Arc;
use tauri::ipc::Channel;
use tokio_util::sync::CancellationToken;
use tugboat_engine::EngineError;

/// Bytes moved so far, as a transfer's stream data.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TransferProgress {
    pub bytes: f64,
}

/// What a finished transfer did, and the `docker …` line it equals.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TransferOutcome {
    pub bytes: f64,
    pub command: String,
}

pub type TransferChannel = Channel<StreamMessage<TransferProgress, TransferOutcome>>;

/// The refusal of a host path no dialog returned in this session.
pub fn not_chosen(field: &str, path: &str) -> IpcError {
    IpcError::invalid_input(format!(
        "{field}: {path} was not chosen in the dialog. Press Choose… and pick it there: Tugboat \
         reads and writes only what that dialog returned"
    ))
}

/// Runs one transfer as a stream: `work` moves the bytes (given the stream's cancel token and a
/// progress callback) and says how many; the stream ends with them and `command`.
pub fn transfer<W, F>(
    state: &AppState,
    on_message: TransferChannel,
    command: String,
    work: W,
) -> StreamId
where
    W: FnOnce(CancellationToken, Box<dyn FnMut(u64) + Send>) -> F + Send + 'static,
    F: Future<Output = Result<u64, EngineError>> + Send + 'static,
{
    state.streams.start(on_message, move |sink| async move {
        let sink = Arc::new(sink);
        let progress = sink.clone();
        let report = Box::new(move |b: u64| {
            progress.send(TransferProgress { bytes: b as f64 });
        });
        let bytes = work(sink.cancel().clone(), report).await?;
        Ok(TransferOutcome {
            bytes: bytes as f64,
            command,
        })
    })
}
