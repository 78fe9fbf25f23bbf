//! The engine supervisor: one long-lived task that finds the engine, keeps a connection to it,
//! follows `/events`, and tells the rest of the app what state the engine is in and which kinds
//! of resource changed. Everything else asks the [`EngineHandle`] for the current connection
//! instead of connecting on its own, so a daemon restart is handled in exactly one place.
//!
//! Laid out by job: this file holds the types, the connection loop and the handle; `connect`
//! finds the engine, `follow` reads `/events` on one connection, `notices` turns what it read
//! into the feed and throttled change notices, and `keeper` keeps the resource lists current
//! from those notices.
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

mod connect;
mod follow;
pub mod keeper;
mod notices;

use crate::connection::endpoint::{Endpoint, EnvSnapshot};
use crate::connection::Engine;
use crate::error::EngineError;
use crate::events::{EngineEvent, ResourceKind};
use connect::{configured_endpoint_off_runtime, connect_round, probe_well_known, try_endpoint};
use follow::{follow_events, StreamEnd};
use notices::send_notice;
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::{broadcast, watch, Notify};
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
    /// How the engine last connected is reached (local socket, TLS, plain TCP, ssh); None before
    /// the first connection. Plain TCP shows the unencrypted warning; a remote link may be slow.
    pub link: Option<crate::connection::Link>,
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
            link: None,
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
                        st.link = Some(engine.link());
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
