//! Per-view streams (event feed, stats, export, waits; logs, pulls and builds later), all of one
//! shape: the command returns the stream's id at once; data, then exactly one `End` or `Error`,
//! arrive as messages on the view's channel; `stream_cancel(id)` ends it. A new stream is one
//! call to [`Streams::start`] with the work it does; the id, the cancellation token, the final
//! message and the clean-up are done here once.

use crate::error::IpcError;
use futures_util::{Stream, StreamExt};
use serde::Serialize;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use tauri::ipc::Channel;
use tokio_util::sync::CancellationToken;
use tugboat_engine::EngineError;

pub type StreamId = u32;

/// What every stream's channel carries. `Data` may come any number of times; then exactly one
/// `End` (with what the work produced) or `Error` (a cancelled stream ends with the code
/// `cancelled`).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum StreamMessage<T, E> {
    Data { data: T },
    End { end: E },
    Error { error: IpcError },
}

/// The live streams, by id, with the token that cancels each.
#[derive(Default)]
pub struct Streams {
    next: AtomicU32,
    live: Mutex<HashMap<StreamId, CancellationToken>>,
    /// Streams closed by [`Streams::close_all`], with the note their last message carries.
    closed: Mutex<HashMap<StreamId, String>>,
}

/// Where a stream's work sends its data; it also tells the work when to stop.
pub struct StreamSink<T, E> {
    channel: Channel<StreamMessage<T, E>>,
    cancel: CancellationToken,
}

impl<T: Serialize + Clone, E: Serialize + Clone> StreamSink<T, E> {
    /// Sends one piece of data; false when the view's channel is gone, and the work should
    /// stop (the stream is then cancelled).
    pub fn send(&self, data: T) -> bool {
        if self.channel.send(StreamMessage::Data { data }).is_err() {
            self.cancel.cancel();
            return false;
        }
        true
    }

    /// Cancelled by `stream_cancel`, or because the view's channel went away.
    pub fn cancel(&self) -> &CancellationToken {
        &self.cancel
    }
}

impl Streams {
    /// Registers a new stream; the task must call [`Streams::finish`] when it ends.
    fn open(&self) -> (StreamId, CancellationToken) {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let token = CancellationToken::new();
        if let Ok(mut live) = self.live.lock() {
            live.insert(id, token.clone());
        }
        (id, token)
    }

    /// Starts `work` as a stream on `channel` and returns its id at once. What `work` returns
    /// is the stream's last message: `End` for a value, `Error` for an error.
    pub fn start<T, E, W, F>(
        self: &Arc<Self>,
        channel: Channel<StreamMessage<T, E>>,
        work: W,
    ) -> StreamId
    where
        T: Serialize + Clone + Send + 'static,
        E: Serialize + Clone + Send + 'static,
        W: FnOnce(StreamSink<T, E>) -> F,
        F: Future<Output = Result<E, IpcError>> + Send + 'static,
    {
        let (id, cancel) = self.open();
        let sink = StreamSink {
            channel: channel.clone(),
            cancel,
        };
        let running = work(sink);
        let streams = self.clone();
        tauri::async_runtime::spawn(async move {
            let outcome = running.await;
            let last = match (streams.closing_note(id), outcome) {
                (Some(note), _) => StreamMessage::Error {
                    error: IpcError {
                        code: crate::error::IpcErrorCode::EngineSwitched,
                        message: note,
                    },
                },
                (None, Ok(end)) => StreamMessage::End { end },
                (None, Err(error)) => StreamMessage::Error { error },
            };
            // The view may be gone already: then nobody is left to tell.
            let _ = channel.send(last);
            streams.finish(id);
        });
        id
    }

    /// Cancels a stream; unknown ids (already ended) are fine.
    pub fn cancel(&self, id: StreamId) -> bool {
        let token = self.live.lock().ok().and_then(|mut l| l.remove(&id));
        match token {
            Some(t) => {
                t.cancel();
                true
            }
            None => false,
        }
    }

    /// Cancels every live stream; each ends with an `engineSwitched` error carrying `note`
    /// instead of its usual last message. Returns how many were closed.
    pub fn close_all(&self, note: &str) -> usize {
        let closing: Vec<(StreamId, CancellationToken)> = match self.live.lock() {
            Ok(mut live) => live.drain().collect(),
            Err(_) => return 0,
        };
        if let Ok(mut closed) = self.closed.lock() {
            for (id, _) in &closing {
                closed.insert(*id, note.to_owned());
            }
        }
        for (_, token) in &closing {
            token.cancel();
        }
        closing.len()
    }

    fn closing_note(&self, id: StreamId) -> Option<String> {
        self.closed.lock().ok()?.remove(&id)
    }

    fn finish(&self, id: StreamId) {
        if let Ok(mut live) = self.live.lock() {
            live.remove(&id);
        }
    }

    pub fn live_count(&self) -> usize {
        self.live.lock().map(|l| l.len()).unwrap_or(0)
    }
}

/// Sends what `items` yields until it runs out (then `ended` is the stream's end), fails (the
/// error ends the stream), the stream is cancelled, or the view's channel is gone.
pub async fn pump<T, E>(
    items: impl Stream<Item = Result<T, EngineError>>,
    sink: &StreamSink<T, E>,
    ended: E,
) -> Result<E, IpcError>
where
    T: Serialize + Clone,
    E: Serialize + Clone,
{
    let mut items = std::pin::pin!(items);
    loop {
        tokio::select! {
            _ = sink.cancel().cancelled() => return Err(EngineError::Cancelled.into()),
            next = items.next() => match next {
                Some(Ok(item)) => {
                    if !sink.send(item) {
                        return Err(EngineError::Cancelled.into());
                    }
                }
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(ended),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::IpcErrorCode;
    use std::time::Duration;
    use tauri::ipc::InvokeResponseBody;

    /// A channel whose messages land in a tokio queue, as the view would receive them; it
    /// fails every send once `open` is cleared (the view went away).
    fn recording_channel<T, E>() -> (
        Channel<StreamMessage<T, E>>,
        tokio::sync::mpsc::UnboundedReceiver<serde_json::Value>,
        Arc<std::sync::atomic::AtomicBool>,
    ) {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let open = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let still = open.clone();
        let channel = Channel::new(move |body| {
            if !still.load(Ordering::SeqCst) {
                return Err(tauri::Error::AssetNotFound("the view is gone".into()));
            }
            let json = match body {
                InvokeResponseBody::Json(s) => serde_json::from_str(&s).unwrap(),
                InvokeResponseBody::Raw(_) => panic!("streams send JSON"),
            };
            tx.send(json).unwrap();
            Ok(())
        });
        (channel, rx, open)
    }

    async fn next(
        rx: &mut tokio::sync::mpsc::UnboundedReceiver<serde_json::Value>,
    ) -> serde_json::Value {
        tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("a message within 10 s")
            .expect("the channel stays open")
    }

    #[tokio::test]
    async fn data_then_one_end_then_the_id_is_freed() {
        let streams = Arc::new(Streams::default());
        let (channel, mut rx, _open) = recording_channel::<u32, String>();
        let items = futures_util::stream::iter([Ok(1), Ok(2)]);
        let id = streams.start(channel, |sink| async move {
            pump(items, &sink, "ran out".to_string()).await
        });
        assert!(id > 0);
        assert_eq!(
            next(&mut rx).await,
            serde_json::json!({"type":"data","data":1})
        );
        assert_eq!(
            next(&mut rx).await,
            serde_json::json!({"type":"data","data":2})
        );
        assert_eq!(
            next(&mut rx).await,
            serde_json::json!({"type":"end","end":"ran out"})
        );
        tokio::time::timeout(Duration::from_secs(10), async {
            while streams.live_count() != 0 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await
        .expect("the stream is forgotten once it ended");
        assert!(!streams.cancel(id), "an ended stream has nothing to cancel");
    }

    #[tokio::test]
    async fn cancel_by_id_ends_with_a_cancelled_error() {
        let streams = Arc::new(Streams::default());
        let (channel, mut rx, _open) = recording_channel::<u32, ()>();
        let id = streams.start(channel, |sink| async move {
            pump(futures_util::stream::pending(), &sink, ()).await
        });
        assert_eq!(streams.live_count(), 1);
        assert!(streams.cancel(id));
        let last = next(&mut rx).await;
        assert_eq!(last["type"], "error");
        assert_eq!(last["error"]["code"], "cancelled");
        assert!(!streams.cancel(id), "a second cancel is a no-op");
    }

    #[tokio::test]
    async fn an_engine_error_ends_the_stream_with_its_code() {
        let streams = Arc::new(Streams::default());
        let (channel, mut rx, _open) = recording_channel::<u32, ()>();
        let items =
            futures_util::stream::iter([Ok(7), Err(EngineError::Conflict("c1 is paused".into()))]);
        streams.start(channel, |sink| async move { pump(items, &sink, ()).await });
        assert_eq!(next(&mut rx).await["data"], 7);
        let last = next(&mut rx).await;
        assert_eq!(last["type"], "error");
        assert_eq!(last["error"]["code"], "conflict");
        assert_eq!(last["error"]["message"], "c1 is paused");
    }

    #[tokio::test]
    async fn a_view_that_went_away_stops_the_pump() {
        let streams = Arc::new(Streams::default());
        let (channel, mut rx, open) = recording_channel::<u32, ()>();
        let (tx, items) = tokio::sync::mpsc::unbounded_channel::<Result<u32, EngineError>>();
        let (done_tx, done_rx) = tokio::sync::oneshot::channel();
        streams.start(channel, |sink| async move {
            let r = pump(tokio_stream_from(items), &sink, ()).await;
            let _ = done_tx.send(r.as_ref().err().map(|e| e.code));
            r
        });
        tx.send(Ok(1)).unwrap();
        assert_eq!(next(&mut rx).await["data"], 1);
        open.store(false, Ordering::SeqCst);
        tx.send(Ok(2)).unwrap();
        let code = tokio::time::timeout(Duration::from_secs(10), done_rx)
            .await
            .expect("the pump stops within 10 s")
            .unwrap();
        assert_eq!(code, Some(IpcErrorCode::Cancelled));
    }

    fn tokio_stream_from<T>(
        mut rx: tokio::sync::mpsc::UnboundedReceiver<T>,
    ) -> impl Stream<Item = T> {
        futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
    }

    #[tokio::test]
    async fn close_all_ends_every_stream_with_the_note() {
        let streams = Arc::new(Streams::default());
        let (channel_a, mut rx_a, _a) = recording_channel::<u32, String>();
        let (channel_b, mut rx_b, _b) = recording_channel::<u32, String>();
        // Streams that never end by themselves (a logs follow, a terminal).
        for channel in [channel_a, channel_b] {
            streams.start(channel, |sink| async move {
                pump(
                    futures_util::stream::pending::<Result<u32, EngineError>>(),
                    &sink,
                    String::new(),
                )
                .await
            });
        }
        assert_eq!(streams.close_all("closed: Tugboat switched to engine b"), 2);
        for rx in [&mut rx_a, &mut rx_b] {
            assert_eq!(
                next(rx).await,
                serde_json::json!({"type":"error","error":{
                    "code":"engineSwitched",
                    "message":"closed: Tugboat switched to engine b"}})
            );
        }
        // A stream opened after the switch is not touched by it, and ends as usual.
        let (channel, mut rx, _c) = recording_channel::<u32, String>();
        let id = streams.start(channel, |sink| async move {
            pump(
                futures_util::stream::pending::<Result<u32, EngineError>>(),
                &sink,
                String::new(),
            )
            .await
        });
        assert!(streams.cancel(id));
        assert_eq!(next(&mut rx).await["error"]["code"], "cancelled");
    }
}
