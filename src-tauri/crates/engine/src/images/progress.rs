//! What the engine says while it pulls or pushes an image (`/images/create`,
//! `/images/{name}/push`): newline-separated JSON messages, one per layer event, folded here
//! into a typed state (each layer's phase and bytes, and the whole's), with errors in the
//! stream classified by the code the engine gives. The raw request that carries them, with
//! the registry credentials, is here too; `pull` and `push` drive it.

use crate::connection::LONG_CALL;
use crate::error::{from_status, EngineError};
use crate::Engine;
use base64::Engine as _;
use futures_util::{Stream, StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// At most this many progress updates a second leave [`follow`]: a pull of many layers sends
/// hundreds of messages a second, and every update crosses the IPC to the view.
pub const UPDATES_PER_SECOND: u32 = 10;

/// Where one layer is. Pull phases: waiting → downloading → verifying → extracting → done, or
/// already exists; push phases: waiting → pushing → pushed, or already exists, or mounted
/// (the registry copied it from another repository it holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum LayerPhase {
    Waiting,
    Downloading,
    Verifying,
    Extracting,
    Done,
    AlreadyExists,
    Pushing,
    Pushed,
    Mounted,
}

/// One layer: its short id as the engine names it, its phase, and the bytes of its current
/// phase (download or upload; extraction counts the uncompressed bytes). Totals are 0 until
/// the engine says them.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LayerProgress {
    pub id: String,
    pub phase: LayerPhase,
    // Always finite (clamped counts): TypeScript sees a plain number, not specta's
    // `number | null` for a float that could be NaN.
    #[specta(type = u32)]
    pub current: f64,
    #[specta(type = u32)]
    pub total: f64,
}

/// The whole transfer: every layer in the order the engine first named it, and the bytes
/// moved over the network so far against the total known so far (layers that already exist
/// move nothing). `done` is set on the last update only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImageProgress {
    pub layers: Vec<LayerProgress>,
    #[specta(type = u32)]
    pub bytes_done: f64,
    #[specta(type = u32)]
    pub bytes_total: f64,
    pub done: bool,
}

/// One message of the stream, as the engine's `jsonmessage` writes it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EngineMessage {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub progress_detail: Option<Detail>,
    #[serde(default)]
    pub error_detail: Option<ErrorDetail>,
    /// Older engines sent only this, without `errorDetail`.
    #[serde(default)]
    pub error: Option<String>,
    /// A push ends with `{"Tag","Digest","Size"}` here.
    #[serde(default)]
    pub aux: Option<Aux>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Detail {
    #[serde(default)]
    pub current: Option<f64>,
    #[serde(default)]
    pub total: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ErrorDetail {
    /// An HTTP status when the engine knows one (a registry's 401 or 404).
    #[serde(default)]
    pub code: Option<u16>,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Aux {
    #[serde(rename = "Digest", default)]
    pub digest: Option<String>,
}

/// Each layer's state and what the stream said besides, folded message by message.
#[derive(Debug, Default)]
pub struct ProgressFold {
    layers: Vec<Layer>,
    /// The pushed manifest's digest, from the push's last `aux` message.
    pub pushed_digest: Option<String>,
}

#[derive(Debug)]
struct Layer {
    id: String,
    phase: LayerPhase,
    current: f64,
    total: f64,
    /// The bytes that cross the network for this layer (download or upload), known once its
    /// transfer started; `moved` of them are done.
    transfer_total: f64,
    moved: f64,
}

/// The phase a layer status means. These words are the engine's progress vocabulary (the
/// `status` field of layer messages), not error text: the stream has no other field for it.
fn phase_of(status: &str) -> Option<LayerPhase> {
    Some(match status {
        "Waiting" | "Pulling fs layer" | "Preparing" => LayerPhase::Waiting,
        "Downloading" => LayerPhase::Downloading,
        "Verifying Checksum" | "Download complete" => LayerPhase::Verifying,
        "Extracting" => LayerPhase::Extracting,
        "Pull complete" => LayerPhase::Done,
        "Already exists" | "Layer already exists" => LayerPhase::AlreadyExists,
        "Pushing" => LayerPhase::Pushing,
        "Pushed" => LayerPhase::Pushed,
        s if s.starts_with("Mounted from ") => LayerPhase::Mounted,
        _ => return None,
    })
}

impl ProgressFold {
    /// Applies one message: true when the visible state changed; an error in the stream ends
    /// it, classified.
    pub fn apply(&mut self, msg: EngineMessage) -> Result<bool, EngineError> {
        if let Some(e) = stream_error(&msg) {
            return Err(e);
        }
        if let Some(d) = msg.aux.and_then(|a| a.digest) {
            self.pushed_digest = Some(d);
            return Ok(false);
        }
        // Lines without an id ("Digest: …", "Status: …") or whose status is not a layer's
        // ("Pulling from x" carries the tag as its id) say nothing about a layer.
        let (Some(id), Some(phase)) = (msg.id, msg.status.as_deref().and_then(phase_of)) else {
            return Ok(false);
        };
        let detail = msg.progress_detail.unwrap_or_default();
        let at = match self.layers.iter().position(|l| l.id == id) {
            Some(i) => i,
            None => {
                self.layers.push(Layer {
                    id,
                    phase,
                    current: 0.0,
                    total: 0.0,
                    transfer_total: 0.0,
                    moved: 0.0,
                });
                self.layers.len() - 1
            }
        };
        let layer = &mut self.layers[at];
        layer.phase = phase;
        match phase {
            LayerPhase::Downloading | LayerPhase::Pushing => {
                let total = detail.total.unwrap_or(layer.transfer_total).max(0.0);
                // The engine counts a push's bytes as sent into the buffer: they may pass the
                // total by a chunk.
                let current = detail.current.unwrap_or(0.0).clamp(0.0, total.max(0.0));
                layer.transfer_total = total;
                layer.moved = current;
                layer.current = current;
                layer.total = total;
            }
            LayerPhase::Extracting => {
                layer.moved = layer.transfer_total;
                layer.total = detail.total.unwrap_or(layer.total);
                layer.current = detail.current.unwrap_or(0.0).min(layer.total);
            }
            LayerPhase::Verifying | LayerPhase::Done | LayerPhase::Pushed => {
                layer.moved = layer.transfer_total;
                layer.current = layer.total;
            }
            LayerPhase::Waiting | LayerPhase::AlreadyExists | LayerPhase::Mounted => {
                layer.current = 0.0;
                layer.total = 0.0;
            }
        }
        Ok(true)
    }

    pub fn snapshot(&self, done: bool) -> ImageProgress {
        ImageProgress {
            layers: self
                .layers
                .iter()
                .map(|l| LayerProgress {
                    id: l.id.clone(),
                    phase: l.phase,
                    current: l.current,
                    total: l.total,
                })
                .collect(),
            bytes_done: self.layers.iter().map(|l| l.moved).sum(),
            bytes_total: self.layers.iter().map(|l| l.transfer_total).sum(),
            done,
        }
    }
}

/// The error a message carries, classified by the code the engine gives with it (a
/// registry's HTTP status), never by its words; without a code it is the engine's plain
/// failure, its message kept for people.
pub fn stream_error(msg: &EngineMessage) -> Option<EngineError> {
    let detail = msg.error_detail.clone();
    let message = detail
        .as_ref()
        .and_then(|d| d.message.clone())
        .or_else(|| msg.error.clone())?;
    Some(match detail.and_then(|d| d.code) {
        Some(401) => EngineError::Api {
            status: 401,
            message: format!("the registry wants a login: {message}"),
        },
        Some(403) => EngineError::Api {
            status: 403,
            message: format!("the registry refused access: {message}"),
        },
        Some(code) => from_status(code, message),
        None => EngineError::Api {
            status: 500,
            message,
        },
    })
}

/// The `X-Registry-Auth` header's value: the credentials as JSON in URL-safe base64, as the
/// docker CLI sends them; `{}` (no login) when there are none.
pub fn registry_auth(credentials: Option<&bollard::auth::DockerCredentials>) -> String {
    let json = credentials
        .and_then(|c| serde_json::to_string(c).ok())
        .unwrap_or_else(|| "{}".into());
    base64::engine::general_purpose::URL_SAFE.encode(json)
}

impl Engine {
    /// POSTs `path` (with its query, from `api_path`) with the registry credentials and streams
    /// the raw answer. bollard's own pull and push decode the stream into models that drop the
    /// push's layer ids, its digest and the errors' codes; this reuses the same transport (see
    /// `Engine::raw_stream`) with the method and header set by the request hook.
    pub(crate) fn registry_stream(
        &self,
        path: &str,
        auth: String,
    ) -> Result<impl Stream<Item = Result<bytes::Bytes, EngineError>> + Send + Unpin, EngineError>
    {
        let target: http::uri::PathAndQuery = format!("/v{}{}", self.api_version(), path)
            .parse()
            .map_err(|_| {
            EngineError::InvalidInput(format!("`{path}` is not a valid request path"))
        })?;
        let header = http::HeaderValue::from_str(&auth).map_err(|_| {
            EngineError::InvalidInput("the registry credentials are not a valid header".into())
        })?;
        let docker = self
            .docker
            .clone()
            .with_timeout(LONG_CALL)
            .with_request_modifier(move |mut req| {
                let mut parts = req.uri().clone().into_parts();
                parts.path_and_query = Some(target.clone());
                match http::Uri::from_parts(parts) {
                    Ok(uri) => *req.uri_mut() = uri,
                    // Unreachable with a parsed path; a request to nothing beats one to the
                    // export endpoint it was built from.
                    Err(_) => *req.uri_mut() = http::Uri::default(),
                }
                *req.method_mut() = http::Method::POST;
                req.headers_mut().insert("X-Registry-Auth", header.clone());
                req
            });
        Ok(docker
            .export_container("tugboat-registry-stream")
            .map_err(EngineError::from))
    }
}

/// Reads `bytes` as the engine's message stream into `fold` until it ends, sending
/// `report` at most [`UPDATES_PER_SECOND`] times a second (the newest state, never a stale
/// one) and once more, `done`, at the end. Cancelling drops the request, which the engine
/// takes as the client leaving and stops the transfer.
pub async fn follow(
    bytes: impl Stream<Item = Result<bytes::Bytes, EngineError>> + Unpin,
    fold: &mut ProgressFold,
    cancel: &CancellationToken,
    report: &mut (dyn FnMut(ImageProgress) + Send),
) -> Result<(), EngineError> {
    let gap = Duration::from_secs(1) / UPDATES_PER_SECOND;
    let mut bytes = bytes;
    let mut pending = Vec::new();
    let mut dirty = false;
    let mut next_at = Instant::now();
    loop {
        let flush = tokio::time::sleep_until(next_at);
        tokio::select! {
            _ = cancel.cancelled() => return Err(EngineError::Cancelled),
            _ = flush, if dirty => {
                report(fold.snapshot(false));
                dirty = false;
                next_at = Instant::now() + gap;
            }
            chunk = bytes.next() => match chunk {
                Some(chunk) => {
                    pending.extend_from_slice(&chunk?);
                    while let Some(end) = pending.iter().position(|b| *b == b'\n') {
                        let line: Vec<u8> = pending.drain(..=end).collect();
                        dirty |= apply_line(fold, &line)?;
                    }
                    if dirty && Instant::now() >= next_at {
                        report(fold.snapshot(false));
                        dirty = false;
                        next_at = Instant::now() + gap;
                    }
                }
                None => {
                    apply_line(fold, &pending)?;
                    report(fold.snapshot(true));
                    return Ok(());
                }
            },
        }
    }
}

fn apply_line(fold: &mut ProgressFold, line: &[u8]) -> Result<bool, EngineError> {
    let line = line.trim_ascii();
    if line.is_empty() {
        return Ok(false);
    }
    let msg: EngineMessage = serde_json::from_slice(line)
        .map_err(|e| EngineError::Protocol(format!("a progress message could not be read: {e}")))?;
    fold.apply(msg)
}

/// A recorded answer as the engine's byte stream, in chunks that split lines.
#[cfg(test)]
fn recorded(text: &'static str) -> impl Stream<Item = Result<bytes::Bytes, EngineError>> + Unpin {
    futures_util::stream::iter(
        text.as_bytes()
            .chunks(97)
            .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
            .collect::<Vec<_>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Recorded from Docker 20.10 pulling a 4-layer image of which 2 were present.
    const PULL: &str = include_str!("testdata/pull.jsonl");
    /// Recorded from Docker 20.10 pushing it (2 layers mounted from another repository).
    const PUSH: &str = include_str!("testdata/push.jsonl");
    const PUSH_AGAIN: &str = include_str!("testdata/push_again.jsonl");

    fn fold_all(text: &str) -> (ProgressFold, Result<(), EngineError>) {
        let mut fold = ProgressFold::default();
        for line in text.lines() {
            if let Err(e) = apply_line(&mut fold, line.as_bytes()) {
                return (fold, Err(e));
            }
        }
        (fold, Ok(()))
    }

    fn phases(p: &ImageProgress) -> Vec<(&str, LayerPhase)> {
        p.layers.iter().map(|l| (l.id.as_str(), l.phase)).collect()
    }

    #[test]
    fn a_pull_ends_with_every_layer_done_and_bytes_at_their_total() {
        let (fold, r) = fold_all(PULL);
        r.unwrap();
        let p = fold.snapshot(true);
        use LayerPhase::*;
        assert_eq!(
            phases(&p),
            [
                ("4140bc56a4ab", AlreadyExists),
                ("44859d64d475", AlreadyExists),
                ("a93bbc18fee0", Done),
                ("6e9b1c55b885", Done)
            ],
            "the tag in `Pulling from` is no layer"
        );
        assert!(p.bytes_total > 5_000_000.0, "{p:?}");
        assert_eq!(p.bytes_done, p.bytes_total);
        assert!(p.done);
    }

    #[test]
    fn the_pull_passes_through_each_phase_in_order() {
        let mut fold = ProgressFold::default();
        let mut seen = Vec::new();
        for line in PULL.lines() {
            apply_line(&mut fold, line.as_bytes()).unwrap();
            let l = fold
                .snapshot(false)
                .layers
                .into_iter()
                .find(|l| l.id == "a93bbc18fee0");
            if let Some(l) = l {
                if seen.last() != Some(&l.phase) {
                    seen.push(l.phase);
                }
                assert!(l.current <= l.total || l.total == 0.0, "{l:?}");
            }
        }
        use LayerPhase::*;
        assert_eq!(seen, [Waiting, Downloading, Verifying, Extracting, Done]);
    }

    #[test]
    fn a_push_counts_uploads_and_keeps_the_digest() {
        let (fold, r) = fold_all(PUSH);
        r.unwrap();
        let p = fold.snapshot(true);
        use LayerPhase::*;
        assert_eq!(
            phases(&p),
            [
                ("38829a1109d5", Pushed),
                ("9ff399d11b3b", Pushed),
                ("ddb05284b96b", Mounted),
                ("f6d27b88f20e", Mounted)
            ]
        );
        // Uploads may overshoot the total by a chunk; the count stops at it.
        assert_eq!(p.bytes_total, 5_000_000.0);
        assert_eq!(p.bytes_done, 5_000_000.0);
        assert_eq!(
            fold.pushed_digest.as_deref(),
            Some("sha256:b9703907b1ca5c2d0f1cbacbcddec4b982ed4e5933b6795f4276830df9575a87")
        );
        let (again, _) = fold_all(PUSH_AGAIN);
        assert!(again
            .snapshot(true)
            .layers
            .iter()
            .all(|l| l.phase == AlreadyExists));
    }

    #[test]
    fn errors_in_the_stream_are_classified_by_their_code_only() {
        let line = |code: &str| {
            format!(
                r#"{{"errorDetail":{{{code}"message":"manifest unknown: not found"}},"error":"x"}}"#
            )
        };
        let (_, r) = fold_all(&line(r#""code":404,"#));
        assert!(matches!(r, Err(EngineError::NotFound(_))), "{r:?}");
        let (_, r) = fold_all(&line(r#""code":401,"#));
        assert!(
            matches!(r, Err(EngineError::Api { status: 401, .. })),
            "{r:?}"
        );
        let (_, r) = fold_all(&line(r#""code":403,"#));
        assert!(
            matches!(r, Err(EngineError::Api { status: 403, .. })),
            "{r:?}"
        );
        // Words that say "not found" without a code are not a 404.
        let (_, r) = fold_all(&line(""));
        assert!(
            matches!(r, Err(EngineError::Api { status: 500, .. })),
            "{r:?}"
        );
        let (_, r) = fold_all(r#"{"error":"old engines say only this"}"#);
        assert_eq!(
            r.unwrap_err().to_string(),
            "the engine answered 500: old engines say only this"
        );
        let (_, r) = fold_all("{not json");
        assert!(matches!(r, Err(EngineError::Protocol(_))), "{r:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn updates_are_batched_to_ten_a_second_and_the_last_is_done() {
        let mut fold = ProgressFold::default();
        let mut updates = Vec::new();
        let cancel = CancellationToken::new();
        // The whole recording arrives at one instant: one update for the first change, then
        // the final one; nothing in between can be due.
        follow(recorded(PULL), &mut fold, &cancel, &mut |p| updates.push(p))
            .await
            .unwrap();
        assert!(updates.len() <= 2, "{} updates", updates.len());
        assert!(updates.last().unwrap().done);
        assert!(updates[..updates.len() - 1].iter().all(|u| !u.done));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_stream_is_reported_at_most_every_tenth_of_a_second() {
        let lines: Vec<String> = PULL.lines().map(|l| format!("{l}\n")).collect();
        let n = lines.len();
        // One message every 10 ms (paused clock): 10 × more messages than updates allowed.
        let slow = futures_util::stream::iter(lines).then(|l| async move {
            tokio::time::sleep(Duration::from_millis(10)).await;
            Ok::<_, EngineError>(bytes::Bytes::from(l))
        });
        let mut times = Vec::new();
        let mut fold = ProgressFold::default();
        follow(
            Box::pin(slow),
            &mut fold,
            &CancellationToken::new(),
            &mut |_| times.push(Instant::now()),
        )
        .await
        .unwrap();
        assert!(
            times.len() >= 2 && times.len() < n,
            "{} of {n}",
            times.len()
        );
        for w in times[..times.len() - 1].windows(2) {
            assert!(w[1] - w[0] >= Duration::from_millis(100), "{w:?}");
        }
    }

    #[tokio::test]
    async fn cancel_ends_the_follow() {
        let cancel = CancellationToken::new();
        cancel.cancel();
        let r = follow(
            futures_util::stream::pending(),
            &mut ProgressFold::default(),
            &cancel,
            &mut |_| {},
        )
        .await;
        assert_eq!(r, Err(EngineError::Cancelled));
    }

    #[test]
    fn the_auth_header_is_url_safe_base64_json() {
        assert_eq!(registry_auth(None), "e30=");
        let c = bollard::auth::DockerCredentials {
            username: Some("u".into()),
            password: Some("p?>".into()),
            serveraddress: Some("localhost:5117".into()),
            ..Default::default()
        };
        let v = registry_auth(Some(&c));
        assert!(!v.contains(['+', '/']), "{v}");
        let back = base64::engine::general_purpose::URL_SAFE.decode(v).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&back).unwrap();
        assert_eq!(json["password"], "p?>");
        assert_eq!(json["serveraddress"], "localhost:5117");
    }
}
