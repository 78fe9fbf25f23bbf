//! A unix-socket proxy in front of an engine, for tests that need to see or bend the traffic:
//! it records every request line, can freeze the connections open so far (a half-open stream),
//! leave `/info` unanswered, write events of its own into `/events` answers, and count the stats
//! streams open at a moment.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};

/// A unix-socket proxy in front of an engine that can play a misbehaving one: it records every
/// request line; `freeze_existing` makes every connection open so far go silent without
/// closing (a half-open stream) while new connections still pass; it can leave every `/info`
/// request unanswered (connection open, nothing sent), and it can write events of its own into
/// each `/events` answer, between the engine's.
///
/// It reads HTTP/1.1 as bollard sends it: one request at a time per connection (no
/// pipelining), each starting a fresh read; answers to `/events` are chunked, and injected
/// events go in only between two of the engine's chunks.
pub struct EngineProxy {
    pub path: PathBuf,
    requests: Arc<Mutex<Vec<String>>>,
    hang_info: Arc<AtomicBool>,
    inject: tokio::sync::broadcast::Sender<Vec<u8>>,
    event_streams: Arc<AtomicU64>,
    open_stats: Arc<AtomicI64>,
    frozen_upto: Arc<AtomicU64>,
    next_conn: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl EngineProxy {
    pub fn start(upstream: &str) -> EngineProxy {
        let upstream = PathBuf::from(upstream.strip_prefix("unix://").expect("unix:// engine"));
        let dir = tempfile::Builder::new()
            .prefix("tbe")
            .tempdir_in("/tmp")
            .unwrap();
        let path = dir.path().join("edge.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let hang_info = Arc::new(AtomicBool::new(false));
        let inject = tokio::sync::broadcast::channel(64).0;
        let event_streams = Arc::new(AtomicU64::new(0));
        let open_stats = Arc::new(AtomicI64::new(0));
        let frozen_upto = Arc::new(AtomicU64::new(0));
        let next_conn = Arc::new(AtomicU64::new(1));
        let shared = Shared {
            requests: requests.clone(),
            hang_info: hang_info.clone(),
            inject: inject.clone(),
            event_streams: event_streams.clone(),
            open_stats: open_stats.clone(),
            frozen_upto: frozen_upto.clone(),
        };
        let conns = next_conn.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let id = conns.fetch_add(1, Ordering::SeqCst);
                let (shared, upstream) = (shared.clone(), upstream.clone());
                tokio::spawn(async move {
                    if let Ok(server) = UnixStream::connect(&upstream).await {
                        pump(id, client, server, shared).await;
                    }
                });
            }
        });
        EngineProxy {
            path,
            requests,
            hang_info,
            inject,
            event_streams,
            open_stats,
            frozen_upto,
            next_conn,
            task,
            _dir: dir,
        }
    }

    pub fn host(&self) -> String {
        format!("unix://{}", self.path.display())
    }

    /// Every request line seen, in order (`GET /v1.41/info HTTP/1.1`).
    pub fn request_lines(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    /// Every connection open so far goes silent from now on, without closing: what the
    /// engine sends on it is held back forever. New connections still pass.
    pub fn freeze_existing(&self) {
        let last = self.next_conn.load(Ordering::SeqCst) - 1;
        self.frozen_upto.store(last, Ordering::SeqCst);
    }

    /// From now on, `/info` requests get no answer (until turned off; those already hung stay).
    pub fn hang_info(&self, on: bool) {
        self.hang_info.store(on, Ordering::SeqCst);
    }

    /// How many `/events` answers have started (their headers passed through).
    pub fn event_streams(&self) -> u64 {
        self.event_streams.load(Ordering::SeqCst)
    }

    /// How many connections are open now that asked for a container's stats (`/stats`): the
    /// stats streams the client holds, as the engine sees them.
    pub fn open_stats_streams(&self) -> i64 {
        self.open_stats.load(Ordering::SeqCst)
    }

    /// Writes one event line (JSON) into every open `/events` answer.
    pub fn inject_event(&self, json: &str) {
        let line = format!("{json}\n");
        let chunk = format!("{:x}\r\n{line}\r\n", line.len()).into_bytes();
        self.inject.send(chunk).expect("an open /events stream");
    }
}

impl Drop for EngineProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Clone)]
struct Shared {
    requests: Arc<Mutex<Vec<String>>>,
    hang_info: Arc<AtomicBool>,
    inject: tokio::sync::broadcast::Sender<Vec<u8>>,
    event_streams: Arc<AtomicU64>,
    open_stats: Arc<AtomicI64>,
    frozen_upto: Arc<AtomicU64>,
}

/// Where a chunked HTTP answer stands, to know when a chunk of our own may go in.
#[derive(Default)]
struct ChunkedAnswer {
    head: Vec<u8>,
    head_done: bool,
    size_line: Vec<u8>,
    /// Bytes of the current chunk still to come, its closing CRLF included.
    remaining: usize,
}

impl ChunkedAnswer {
    fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if !self.head_done {
                self.head.push(bytes[0]);
                bytes = &bytes[1..];
                self.head_done = self.head.ends_with(b"\r\n\r\n");
            } else if self.remaining > 0 {
                let n = self.remaining.min(bytes.len());
                self.remaining -= n;
                bytes = &bytes[n..];
            } else {
                self.size_line.push(bytes[0]);
                bytes = &bytes[1..];
                if self.size_line.ends_with(b"\r\n") {
                    let text = String::from_utf8_lossy(&self.size_line);
                    let size = usize::from_str_radix(text.trim(), 16).unwrap_or(0);
                    self.remaining = size + 2;
                    self.size_line.clear();
                }
            }
        }
    }

    fn between_chunks(&self) -> bool {
        self.head_done && self.remaining == 0 && self.size_line.is_empty()
    }
}

async fn pump(id: u64, client: UnixStream, server: UnixStream, shared: Shared) {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let is_events = Arc::new(AtomicBool::new(false));
    let hung = Arc::new(AtomicBool::new(false));
    let is_stats = Arc::new(AtomicBool::new(false));
    let (open_stats, still_open) = (shared.open_stats.clone(), shared.open_stats.clone());
    let (ev, hg, st, requests, hang_info) = (
        is_events.clone(),
        hung.clone(),
        is_stats.clone(),
        shared.requests.clone(),
        shared.hang_info.clone(),
    );
    let up = async move {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match cr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let text = String::from_utf8_lossy(&buf[..n]);
            let line = text.lines().next().unwrap_or("").to_owned();
            let path = line.split_whitespace().nth(1).unwrap_or("");
            let is_request = ["GET ", "POST ", "HEAD ", "PUT ", "DELETE "]
                .iter()
                .any(|m| line.starts_with(m));
            if is_request {
                requests.lock().unwrap().push(line.clone());
                let bare = path.split('?').next().unwrap_or("");
                if bare.ends_with("/info") && hang_info.load(Ordering::SeqCst) {
                    // No answer, ever; the connection stays open.
                    hg.store(true, Ordering::SeqCst);
                    std::future::pending::<()>().await;
                }
                if bare.ends_with("/events") {
                    ev.store(true, Ordering::SeqCst);
                }
                if bare.ends_with("/stats") && !st.swap(true, Ordering::SeqCst) {
                    open_stats.fetch_add(1, Ordering::SeqCst);
                }
            }
            if sw.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    };
    let down = async move {
        let mut buf = vec![0u8; 16 * 1024];
        let mut answer = ChunkedAnswer::default();
        let mut injected = shared.inject.subscribe();
        let mut counted = false;
        loop {
            let may_inject = is_events.load(Ordering::SeqCst) && answer.between_chunks();
            tokio::select! {
                r = sr.read(&mut buf) => {
                    let n = match r {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    if is_events.load(Ordering::SeqCst) {
                        answer.feed(&buf[..n]);
                        if answer.head_done && !counted {
                            counted = true;
                            shared.event_streams.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                    if hung.load(Ordering::SeqCst)
                        || id <= shared.frozen_upto.load(Ordering::SeqCst)
                    {
                        // Half-open: keep both sockets, deliver nothing, forever.
                        std::future::pending::<()>().await;
                    }
                    if cw.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
                chunk = injected.recv(), if may_inject => {
                    if let Ok(chunk) = chunk {
                        if cw.write_all(&chunk).await.is_err() {
                            break;
                        }
                    }
                }
            }
        }
    };
    tokio::join!(up, down);
    if is_stats.load(Ordering::SeqCst) {
        still_open.fetch_sub(1, Ordering::SeqCst);
    }
}
