//! The engine supervisor: one long-lived task that finds the engine, keeps a connection to it,
//! follows `/events`, and tells the rest of the app what state the engine is in and which kinds
//! of resource changed. Everything else asks the [`EngineHandle`] for the current connection
//! instead of connecting on its own, so a daemon restart is handled in exactly one place.
//!
//! Invariants:
//! - The events stream is drained into a bounded queue as fast as it arrives, by a reader that
//!   never waits on the consumer: the daemon silently drops events for readers slower than
//!   ~100 ms. If the queue overflows, the next `ResourcesChanged` asks for a full reconcile.
//! - Every (re)connection emits a reconcile, because events missed while disconnected cannot be
//!   replayed reliably (the daemon keeps only the last 256).
//! - The first subscription on a connection asks for events since the engine's clock at connect
//!   time, read before the status turns Connected: whatever happens after "Connected" is
//!   delivered, even if the events request reaches the daemon a little later.
//! - A stream that has been silent for `silence` is checked with a ping and resubscribed from
//!   the last event's time, so a half-open connection cannot leave the app stale for long.

pub mod keeper;

use crate::connection::endpoint::{
    resolve_configured, unix_socket_path, well_known, Endpoint, EndpointSource, EnvSnapshot,
};
use crate::connection::{Engine, Patience};
use crate::error::EngineError;
use crate::events::{Change, ChangeThrottle, EngineEvent, ResourceKind, ThrottleAction};
use bollard::models::EventMessage;
use futures_util::StreamExt;
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, watch, Notify};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// How the supervisor behaves; the defaults are what the app uses, tests may shorten them.
#[derive(Debug, Clone)]
pub struct SupervisorConfig {
    pub env: EnvSnapshot,
    /// Minimum gap between two `ResourcesChanged` notifications.
    pub change_interval: Duration,
    /// How long the events stream may stay silent before it is checked and resubscribed.
    pub silence: Duration,
    /// Retry delays grow from `first_retry` up to `max_retry` while the engine is away.
    pub first_retry: Duration,
    pub max_retry: Duration,
    /// How many recent events the feed can show to a view that opens late.
    pub recent_capacity: usize,
}

impl SupervisorConfig {
    pub fn new(env: EnvSnapshot) -> Self {
        SupervisorConfig {
            env,
            change_interval: Duration::from_millis(150),
            silence: Duration::from_secs(30),
            first_retry: Duration::from_millis(250),
            // Keeps "recovers within ~1 s of the engine returning" true.
            max_retry: Duration::from_millis(800),
            recent_capacity: 500,
        }
    }
}

/// Queue between the events reader and its consumer.
const EVENT_QUEUE: usize = 8192;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ConnectionState {
    /// Looking for the engine for the first time (or after the user picked another endpoint).
    Connecting,
    Connected,
    /// Not reachable; retrying in the background.
    Unavailable,
}

/// What happened when one endpoint was tried.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EndpointAttempt {
    pub endpoint: Endpoint,
    /// Why this endpoint is on the list, in words.
    pub source_label: String,
    /// The endpoint the docker CLI would use (as opposed to a well-known socket found on disk).
    pub configured: bool,
    /// The engine's version when it answered.
    pub server_version: Option<String>,
    /// Why it did not answer.
    pub error: Option<String>,
}

/// The engine connection as the UI sees it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EngineStatus {
    pub state: ConnectionState,
    /// The endpoint in use (Connected) or being tried.
    pub endpoint: Option<Endpoint>,
    /// The last connection round: each endpoint tried and what it gave.
    pub attempts: Vec<EndpointAttempt>,
    /// Whether this session has ever been connected (banner) or not (onboarding).
    pub ever_connected: bool,
    /// Why the connection was lost or could not be made.
    pub last_error: Option<String>,
    /// `linux`, `macos` or `windows`: the onboarding text depends on it.
    pub platform: String,
}

/// Coalesced notice that lists of these kinds may be stale. `reconcile` means "refetch
/// everything, events may have been missed".
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResourcesChanged {
    pub kinds: Vec<ResourceKind>,
    pub reconcile: bool,
    /// When `kinds` holds containers: the ones that changed, so a list can refetch just those.
    /// None: refetch the whole list (too many changed, or it is not known which).
    pub container_ids: Option<Vec<String>>,
    /// Which notice this is, counting from 1 in the order the supervisor sent them; 0 for a
    /// notice made elsewhere. Lets a reader wait until a copy kept from the notices has caught
    /// up with a given one ([`keeper::Keeper::caught_up`]). Backend only.
    #[serde(skip)]
    pub seq: u64,
}

impl ResourcesChanged {
    /// Everything may have changed (after a reconnect, or when notices were missed).
    pub fn everything() -> ResourcesChanged {
        ResourcesChanged {
            kinds: ResourceKind::ALL.to_vec(),
            reconcile: true,
            container_ids: None,
            seq: 0,
        }
    }
}

struct Shared {
    config: SupervisorConfig,
    status: watch::Sender<EngineStatus>,
    engine: RwLock<Option<Engine>>,
    events: broadcast::Sender<EngineEvent>,
    changes: broadcast::Sender<ResourcesChanged>,
    /// How many notices were sent; held while stamping and sending, so numbers go out in order.
    sent: Mutex<u64>,
    recent: Mutex<VecDeque<EngineEvent>>,
    chosen: Mutex<Option<String>>,
    wake: Notify,
    /// Counts the user's endpoint switches. A connection made before the latest switch ends;
    /// one made after it does not (a `Notify` would keep a permit from a switch made while
    /// disconnected and end the next good connection at once).
    switch: watch::Sender<u64>,
    cancel: CancellationToken,
}

/// The app's handle on the engine. Cheap to clone.
#[derive(Clone)]
pub struct EngineHandle {
    shared: Arc<Shared>,
}

/// The supervisor's work, to be spawned on the app's runtime.
pub struct Supervisor {
    shared: Arc<Shared>,
}

impl Supervisor {
    pub fn new(config: SupervisorConfig) -> (EngineHandle, Supervisor) {
        let status = EngineStatus {
            state: ConnectionState::Connecting,
            endpoint: None,
            attempts: vec![],
            ever_connected: false,
            last_error: None,
            platform: std::env::consts::OS.into(),
        };
        let shared = Arc::new(Shared {
            config,
            status: watch::channel(status).0,
            engine: RwLock::new(None),
            events: broadcast::channel(2048).0,
            changes: broadcast::channel(256).0,
            sent: Mutex::new(0),
            recent: Mutex::new(VecDeque::new()),
            chosen: Mutex::new(None),
            wake: Notify::new(),
            switch: watch::channel(0).0,
            cancel: CancellationToken::new(),
        });
        (
            EngineHandle {
                shared: shared.clone(),
            },
            Supervisor { shared },
        )
    }

    /// Runs until [`EngineHandle::shutdown`].
    pub async fn run(self) {
        let s = &self.shared;
        let mut delay = s.config.first_retry;
        loop {
            if s.cancel.is_cancelled() {
                return;
            }
            // Read before the round picks its endpoint: a switch after this ends the connection.
            let generation = *s.switch.borrow();
            match connect_round(s).await {
                Ok((engine, attempts)) => {
                    let connected_at = match engine.clock_nanos().await {
                        Ok(t) => {
                            delay = s.config.first_retry;
                            t
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "engine answered but not its clock");
                            s.status.send_modify(|st| {
                                st.state = ConnectionState::Unavailable;
                                st.last_error = Some(e.to_string());
                            });
                            tokio::select! {
                                _ = tokio::time::sleep(delay) => {}
                                _ = s.wake.notified() => {}
                                _ = s.cancel.cancelled() => return,
                            }
                            delay = (delay * 2).min(s.config.max_retry);
                            continue;
                        }
                    };
                    let endpoint = attempts
                        .iter()
                        .find(|a| a.error.is_none())
                        .map(|a| a.endpoint.clone());
                    tracing::info!(host = engine.host(), api = %engine.api_version(), "engine connected");
                    set_engine(s, Some(engine.clone()));
                    s.status.send_modify(|st| {
                        st.state = ConnectionState::Connected;
                        st.endpoint = endpoint;
                        st.attempts = attempts;
                        st.ever_connected = true;
                        st.last_error = None;
                    });
                    send_notice(s, ResourcesChanged::everything());
                    let end = follow_events(s, &engine, connected_at, generation).await;
                    set_engine(s, None);
                    match end {
                        StreamEnd::Cancelled => return,
                        StreamEnd::Switch => {
                            s.status.send_modify(|st| {
                                st.state = ConnectionState::Connecting;
                                st.last_error = None;
                            });
                            continue;
                        }
                        StreamEnd::Lost(reason) => {
                            tracing::warn!(%reason, "engine connection lost");
                            s.status.send_modify(|st| {
                                st.state = ConnectionState::Unavailable;
                                st.last_error = Some(reason);
                            });
                            // Try again at once: a restarted daemon is often back already.
                            continue;
                        }
                    }
                }
                Err(attempts) => {
                    let reason = attempts
                        .iter()
                        .find(|a| a.configured)
                        .and_then(|a| a.error.clone());
                    s.status.send_if_modified(|st| {
                        let next = EngineStatus {
                            state: ConnectionState::Unavailable,
                            endpoint: attempts
                                .iter()
                                .find(|a| a.configured)
                                .map(|a| a.endpoint.clone()),
                            attempts,
                            last_error: reason,
                            ..st.clone()
                        };
                        let changed = *st != next;
                        *st = next;
                        changed
                    });
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(delay) => {}
                _ = s.wake.notified() => {}
                _ = s.cancel.cancelled() => return,
            }
            delay = (delay * 2).min(s.config.max_retry);
        }
    }
}

fn set_engine(s: &Shared, engine: Option<Engine>) {
    if let Ok(mut slot) = s.engine.write() {
        *slot = engine;
    }
}

/// The endpoint to use (the user's pick, else the configured one), tried first; when it fails,
/// the well-known sockets present on this machine are probed so the user can pick one. We never
/// fall back to another endpoint by ourselves: the user's configuration says where to go.
async fn connect_round(s: &Shared) -> Result<(Engine, Vec<EndpointAttempt>), Vec<EndpointAttempt>> {
    let chosen = s.chosen.lock().ok().and_then(|c| c.clone());
    let (endpoint, resolved) = match chosen {
        Some(host) => (
            Endpoint {
                host: host.clone(),
                source: EndpointSource::UserChoice,
            },
            Ok(host),
        ),
        None => configured_endpoint_off_runtime(&s.config.env).await,
    };
    match try_endpoint(&endpoint, resolved, true).await {
        (attempt, Some(engine)) => Ok((engine, vec![attempt])),
        (attempt, None) => {
            let mut attempts = vec![attempt];
            attempts.extend(probe_well_known(&s.config.env, &endpoint.host).await);
            Err(attempts)
        }
    }
}

/// The endpoint the docker CLI would use, and its host or why there is none.
fn configured_endpoint(env: &EnvSnapshot) -> (Endpoint, Result<String, String>) {
    let r = resolve_configured(env);
    let endpoint = Endpoint {
        host: r.outcome.clone().unwrap_or_default(),
        source: r.source,
    };
    (endpoint, r.outcome)
}

/// [`configured_endpoint`] on a blocking thread: it reads the docker CLI's config and context
/// files, on every retry (the user may be fixing them), and a home folder on a slow network
/// share must not stall the runtime.
async fn configured_endpoint_off_runtime(env: &EnvSnapshot) -> (Endpoint, Result<String, String>) {
    let env = env.clone();
    match tokio::task::spawn_blocking(move || configured_endpoint(&env)).await {
        Ok(found) => found,
        Err(e) => (
            Endpoint {
                host: String::new(),
                source: EndpointSource::PlatformDefault,
            },
            Err(format!("reading the docker configuration stopped: {e}")),
        ),
    }
}

/// Tries one endpoint: what it gave, and the connection when it answered.
async fn try_endpoint(
    endpoint: &Endpoint,
    resolved: Result<String, String>,
    configured: bool,
) -> (EndpointAttempt, Option<Engine>) {
    let mut attempt = attempt_for(endpoint, configured);
    let engine = match resolved {
        Ok(host) => match Engine::connect(&host).await {
            Ok(engine) => {
                attempt.server_version = Some(format!("API {}", engine.daemon_api_version()));
                Some(engine)
            }
            Err(e) => {
                attempt.error = Some(e.to_string());
                None
            }
        },
        Err(why) => {
            attempt.error = Some(why);
            None
        }
    };
    (attempt, engine)
}

fn attempt_for(endpoint: &Endpoint, configured: bool) -> EndpointAttempt {
    EndpointAttempt {
        endpoint: endpoint.clone(),
        source_label: endpoint.source.describe(),
        configured,
        server_version: None,
        error: None,
    }
}

/// Tries every well-known socket that exists on disk (others are not worth listing).
async fn probe_well_known(env: &EnvSnapshot, skip_host: &str) -> Vec<EndpointAttempt> {
    let mut candidates: Vec<Endpoint> = Vec::new();
    for e in well_known(env).into_iter().filter(|e| e.host != skip_host) {
        let present = match unix_socket_path(&e.host) {
            Some(path) => tokio::fs::try_exists(path).await.unwrap_or(false),
            None => true,
        };
        if present {
            candidates.push(e);
        }
    }
    let probes = candidates.into_iter().map(|endpoint| async move {
        try_endpoint(&endpoint, Ok(endpoint.host.clone()), false)
            .await
            .0
    });
    futures_util::future::join_all(probes).await
}

enum StreamEnd {
    Lost(String),
    Switch,
    Cancelled,
}

/// Follows `/events` until the engine goes away, the user switches endpoint, or shutdown.
async fn follow_events(
    s: &Shared,
    engine: &Engine,
    since_nanos: i64,
    generation: u64,
) -> StreamEnd {
    let (tx, rx) = mpsc::channel::<EventMessage>(EVENT_QUEUE);
    let overflow = Arc::new(AtomicBool::new(false));
    let mut switches = s.switch.subscribe();
    tokio::select! {
        end = read_events(engine, s.config.silence, since_nanos, tx, overflow.clone()) => end,
        _ = consume_events(s, rx, overflow) => StreamEnd::Lost("event processing stopped".into()),
        _ = switches.wait_for(|g| *g != generation) => StreamEnd::Switch,
        _ = s.cancel.cancelled() => StreamEnd::Cancelled,
    }
}

/// The reader: drains the stream into the queue without ever waiting for the consumer.
async fn read_events(
    engine: &Engine,
    silence: Duration,
    since_nanos: i64,
    tx: mpsc::Sender<EventMessage>,
    overflow: Arc<AtomicBool>,
) -> StreamEnd {
    // The newest event time seen: where a resubscription starts its replay.
    let mut last_nano: i64 = since_nanos;
    let mut since = Some(since_param(since_nanos));
    let mut delivered = RecentEvents::default();
    loop {
        // Read as raw lines, not through bollard's typed stream: an event bollard's models
        // cannot decode (a newer engine's `Type`) would end that stream, and the app would take
        // one unknown event for a lost engine.
        let path = match &since {
            Some(t) => format!("/events?since={t}"),
            None => "/events".to_owned(),
        };
        let mut stream = match engine.raw_stream(&path, Patience::Normal) {
            Ok(stream) => stream,
            Err(e) => return StreamEnd::Lost(e.to_string()),
        };
        let mut lines = EventLines::default();
        loop {
            match tokio::time::timeout(silence, stream.next()).await {
                Ok(Some(Ok(chunk))) => {
                    for decoded in lines.push(&chunk) {
                        let msg = match decoded {
                            Decoded::Event(msg) => msg,
                            Decoded::Skipped { time_nano } => {
                                last_nano = last_nano.max(time_nano.unwrap_or(0));
                                continue;
                            }
                        };
                        // The engine replays from `since` after a resubscription: skip exactly
                        // what was delivered before. (Not "anything older than the newest":
                        // events of concurrent operations arrive slightly out of time order.)
                        if !delivered.first_time(&msg) {
                            continue;
                        }
                        last_nano = last_nano.max(msg.time_nano.unwrap_or(0));
                        if tx.try_send(msg).is_err() {
                            overflow.store(true, Ordering::Relaxed);
                        }
                    }
                }
                Ok(Some(Err(e))) => return StreamEnd::Lost(e.to_string()),
                Ok(None) => return StreamEnd::Lost("the engine closed the event stream".into()),
                Err(_silent) => {
                    if let Err(e) = engine.ping().await {
                        return StreamEnd::Lost(e.to_string());
                    }
                    tracing::debug!("events stream silent; resubscribing");
                    since = Some(since_param(last_nano));
                    break;
                }
            }
        }
    }
}

/// One line of `/events`, read.
#[derive(Debug)]
enum Decoded {
    Event(EventMessage),
    /// A line that is not an event we can read; its time, when it has one, still counts as
    /// seen so a resubscription does not ask for it again.
    Skipped {
        time_nano: Option<i64>,
    },
}

/// Splits the `/events` body into its JSON lines (the engine writes one object per line, and a
/// read may hold part of one) and reads each on its own, so a line that does not decode costs
/// that line only.
#[derive(Default)]
struct EventLines {
    partial: Vec<u8>,
}

impl EventLines {
    /// The most one line may hold before it is dropped as garbage (events are a few KB).
    const MAX_LINE: usize = 1 << 20;

    fn push(&mut self, chunk: &[u8]) -> Vec<Decoded> {
        let mut out = Vec::new();
        self.partial.extend_from_slice(chunk);
        while let Some(end) = self.partial.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=end).collect();
            if let Some(d) = decode_event(&line) {
                out.push(d);
            }
        }
        if self.partial.len() > Self::MAX_LINE {
            tracing::warn!(bytes = self.partial.len(), "event line too long; skipped");
            self.partial.clear();
        }
        out
    }
}

/// One event line; None for a blank line.
fn decode_event(line: &[u8]) -> Option<Decoded> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let value: serde_json::Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = %e, "unreadable line on the event stream; skipped");
            return Some(Decoded::Skipped { time_nano: None });
        }
    };
    let time_nano = value.get("timeNano").and_then(serde_json::Value::as_i64);
    match serde_json::from_value::<EventMessage>(value.clone()) {
        Ok(msg) => Some(Decoded::Event(msg)),
        Err(e) => {
            tracing::warn!(
                error = %e,
                r#type = %value.get("Type").unwrap_or(&serde_json::Value::Null),
                action = %value.get("Action").unwrap_or(&serde_json::Value::Null),
                "event this version cannot read; skipped"
            );
            Some(Decoded::Skipped { time_nano })
        }
    }
}

/// Keys of the events delivered lately, to recognise the engine's replays. Bounded: the engine
/// replays at most its last 256 events.
#[derive(Default)]
struct RecentEvents {
    keys: std::collections::HashSet<String>,
    order: VecDeque<String>,
}

impl RecentEvents {
    const CAPACITY: usize = 2048;

    /// Whether this message is new (and remember it).
    fn first_time(&mut self, msg: &EventMessage) -> bool {
        let actor = msg
            .actor
            .as_ref()
            .and_then(|a| a.id.as_deref())
            .unwrap_or("");
        let key = format!(
            "{}|{:?}|{}|{}",
            msg.time_nano.unwrap_or(0),
            msg.typ,
            actor,
            msg.action.as_deref().unwrap_or("")
        );
        if !self.keys.insert(key.clone()) {
            return false;
        }
        self.order.push_back(key);
        if self.order.len() > Self::CAPACITY {
            if let Some(old) = self.order.pop_front() {
                self.keys.remove(&old);
            }
        }
        true
    }
}

/// `since` as the Engine API takes it: seconds with a nanosecond fraction.
fn since_param(nanos: i64) -> String {
    format!("{}.{:09}", nanos / 1_000_000_000, nanos % 1_000_000_000)
}

/// The consumer: converts events, keeps the recent ring, fans out, and throttles change notices.
async fn consume_events(
    s: &Shared,
    mut rx: mpsc::Receiver<EventMessage>,
    overflow: Arc<AtomicBool>,
) {
    let mut throttle = ChangeThrottle::new(s.config.change_interval);
    let mut names = ContainerNames::default();
    let mut wake_at: Option<Instant> = None;
    loop {
        let next = async {
            match wake_at {
                Some(at) => tokio::select! {
                    m = rx.recv() => Some(m),
                    _ = tokio::time::sleep_until(at) => None,
                },
                None => Some(rx.recv().await),
            }
        };
        match next.await {
            None => {
                // Throttle wake-up: send what gathered, and the settle pass.
                let (change, again) = throttle.flush(Instant::now().into_std());
                wake_at = again.map(Instant::from_std);
                if let Some(change) = change {
                    send_changes(s, change, &overflow);
                }
            }
            Some(None) => return,
            Some(Some(msg)) => {
                let Some(event) = EngineEvent::from_message(&msg, &|id| names.get(id)) else {
                    continue;
                };
                names.learn(&event);
                let kinds = event.affected_kinds();
                let container = event.container_id.clone();
                remember(s, event.clone());
                let _ = s.events.send(event);
                if overflow.load(Ordering::Relaxed) {
                    send_changes(s, Change::default(), &overflow);
                    continue;
                }
                match throttle.add(&kinds, container.as_deref(), Instant::now().into_std()) {
                    ThrottleAction::Emit {
                        change,
                        wake_at: at,
                    } => {
                        wake_at = Some(Instant::from_std(at));
                        send_changes(s, change, &overflow)
                    }
                    ThrottleAction::WakeAt(at) => wake_at = Some(Instant::from_std(at)),
                    ThrottleAction::Wait => {}
                }
            }
        }
    }
}

/// Container names by id, learnt from container events, for events that carry only the id.
/// Bounded: when full it starts over (a miss only means an id is shown instead of a name).
#[derive(Default)]
struct ContainerNames(std::collections::HashMap<String, String>);

impl ContainerNames {
    const CAPACITY: usize = 4096;

    fn get(&self, id: &str) -> Option<String> {
        self.0.get(id).cloned()
    }

    fn learn(&mut self, event: &EngineEvent) {
        if event.kind != ResourceKind::Container || event.id.is_empty() {
            return;
        }
        if event.action == "destroy" {
            self.0.remove(&event.id);
            return;
        }
        if self.0.len() >= Self::CAPACITY {
            self.0.clear();
        }
        self.0.insert(event.id.clone(), event.subject.clone());
    }
}

/// Sends a notice; after an overflow (events were dropped) it says "everything" instead.
fn send_changes(s: &Shared, change: Change, overflow: &AtomicBool) {
    let notice = if overflow.swap(false, Ordering::Relaxed) {
        ResourcesChanged::everything()
    } else {
        ResourcesChanged {
            container_ids: change.containers.named(),
            kinds: change.kinds.into_iter().collect(),
            reconcile: false,
            seq: 0,
        }
    };
    send_notice(s, notice);
}

fn send_notice(s: &Shared, mut notice: ResourcesChanged) {
    if let Ok(mut sent) = s.sent.lock() {
        *sent += 1;
        notice.seq = *sent;
        let _ = s.changes.send(notice);
    }
}

fn remember(s: &Shared, event: EngineEvent) {
    if let Ok(mut recent) = s.recent.lock() {
        if recent.len() >= s.config.recent_capacity {
            recent.pop_front();
        }
        recent.push_back(event);
    }
}

impl EngineHandle {
    pub fn status(&self) -> EngineStatus {
        self.shared.status.borrow().clone()
    }

    pub fn watch_status(&self) -> watch::Receiver<EngineStatus> {
        self.shared.status.subscribe()
    }

    pub fn subscribe_events(&self) -> broadcast::Receiver<EngineEvent> {
        self.shared.events.subscribe()
    }

    pub fn subscribe_changes(&self) -> broadcast::Receiver<ResourcesChanged> {
        self.shared.changes.subscribe()
    }

    /// The `seq` of the last notice sent (0 before the first).
    pub fn changes_sent(&self) -> u64 {
        self.shared.sent.lock().map(|s| *s).unwrap_or(0)
    }

    /// The most recent events, oldest first.
    pub fn recent_events(&self) -> Vec<EngineEvent> {
        self.shared
            .recent
            .lock()
            .map(|r| r.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The current connection, or `Unavailable` with the reason the UI should show.
    pub fn engine(&self) -> Result<Engine, EngineError> {
        if let Some(engine) = self.shared.engine.read().ok().and_then(|e| e.clone()) {
            return Ok(engine);
        }
        let status = self.status();
        Err(EngineError::Unavailable(
            status
                .last_error
                .unwrap_or_else(|| "still looking for the engine".into()),
        ))
    }

    /// Skip the remaining retry delay.
    pub fn retry_now(&self) {
        self.shared.wake.notify_one();
    }

    /// Use this endpoint from now on (None: back to the configured one), reconnecting at once.
    pub fn use_endpoint(&self, host: Option<String>) {
        if let Ok(mut chosen) = self.shared.chosen.lock() {
            *chosen = host;
        }
        self.shared.switch.send_modify(|g| *g += 1);
        self.shared.wake.notify_one();
    }

    /// Tries the configured endpoint and every well-known socket present, now.
    pub async fn probe_endpoints(&self) -> Vec<EndpointAttempt> {
        let env = &self.shared.config.env;
        let (endpoint, resolved) = configured_endpoint_off_runtime(env).await;
        let (configured, _) = try_endpoint(&endpoint, resolved, true).await;
        let mut out = vec![configured];
        out.extend(probe_well_known(env, &endpoint.host).await);
        out
    }

    /// Stops the supervisor and every stream it feeds.
    pub fn shutdown(&self) {
        self.shared.cancel.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::{since_param, Decoded, EventLines, RecentEvents};
    use bollard::models::{EventActor, EventMessage, EventMessageTypeEnum};

    fn msg(nano: i64, id: &str, action: &str) -> EventMessage {
        EventMessage {
            typ: Some(EventMessageTypeEnum::CONTAINER),
            action: Some(action.into()),
            actor: Some(EventActor {
                id: Some(id.into()),
                attributes: None,
            }),
            time_nano: Some(nano),
            ..Default::default()
        }
    }

    #[test]
    fn replays_are_skipped_but_late_events_are_not() {
        let mut r = RecentEvents::default();
        assert!(r.first_time(&msg(200, "a", "start")));
        // Delivered after a newer one, but never seen: a concurrent operation's event.
        assert!(r.first_time(&msg(150, "b", "destroy")));
        // The engine replaying after a resubscription.
        assert!(!r.first_time(&msg(200, "a", "start")));
        assert!(!r.first_time(&msg(150, "b", "destroy")));
        // Same time, different container or action: distinct events.
        assert!(r.first_time(&msg(200, "c", "start")));
        assert!(r.first_time(&msg(200, "a", "die")));
    }

    #[test]
    fn memory_of_delivered_events_is_bounded() {
        let mut r = RecentEvents::default();
        for i in 0..(RecentEvents::CAPACITY as i64 + 100) {
            assert!(r.first_time(&msg(i, "x", "start")));
        }
        assert_eq!(r.keys.len(), RecentEvents::CAPACITY);
        assert_eq!(r.order.len(), RecentEvents::CAPACITY);
    }

    #[test]
    fn an_event_of_an_unknown_type_is_skipped_and_the_next_still_read() {
        let mut lines = EventLines::default();
        let future = br#"{"Type":"future","Action":"warp","Actor":{"ID":"f"},"scope":"local","time":1,"timeNano":1000000001}"#;
        let known = br#"{"Type":"container","Action":"start","Actor":{"ID":"abc","Attributes":{"name":"web"}},"scope":"local","time":1,"timeNano":1000000002}"#;
        let mut body = Vec::new();
        body.extend_from_slice(future);
        body.push(b'\n');
        body.extend_from_slice(known);
        body.push(b'\n');
        // Split mid-line, as reads from the socket may be.
        let (a, b) = body.split_at(future.len() + 20);
        let mut out = lines.push(a);
        assert_eq!(out.len(), 1, "only the complete first line is read");
        assert!(matches!(
            out[0],
            Decoded::Skipped {
                time_nano: Some(1_000_000_001)
            }
        ));
        out = lines.push(b);
        assert_eq!(out.len(), 1);
        let Decoded::Event(msg) = &out[0] else {
            panic!("{:?}", out[0]);
        };
        assert_eq!(msg.action.as_deref(), Some("start"));
        assert_eq!(msg.time_nano, Some(1_000_000_002));
        assert!(lines.push(b"\n  \n").is_empty(), "blank lines are nothing");
        let garbage = lines.push(b"{not json\n");
        assert!(matches!(
            garbage[..],
            [Decoded::Skipped { time_nano: None }]
        ));
    }

    #[test]
    fn since_is_seconds_with_a_nanosecond_fraction() {
        assert_eq!(
            since_param(1_700_000_000_000_000_123),
            "1700000000.000000123"
        );
        assert_eq!(since_param(5_000_000_000), "5.000000000");
    }
}
