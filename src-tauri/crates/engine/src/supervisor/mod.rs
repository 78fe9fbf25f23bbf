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

pub mod choices;
mod connect;
mod follow;
pub mod keeper;
mod notices;
mod target;

pub use target::EngineTarget;

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
    /// The engine to start on (the last one used); when it does not answer at start, the
    /// configured one is used instead and the status says why.
    pub start_on: Option<EngineTarget>,
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
            start_on: None,
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
    /// The engine the user asked for (or the configured one).
    pub target: EngineTarget,
    /// Said once at start when the last engine did not answer and the configured one is used
    /// instead; cleared by the next switch.
    pub note: Option<String>,
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
    /// Held while an event is kept and sent, and while a switch bumps `switch`: no event of
    /// an engine left behind is kept or sent after the switch.
    recent: Mutex<VecDeque<EngineEvent>>,
    chosen: Mutex<EngineTarget>,
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
            target: config.start_on.clone().unwrap_or(EngineTarget::Configured),
            note: None,
            link: None,
        };
        let chosen = config.start_on.clone().unwrap_or(EngineTarget::Configured);
        let shared = Arc::new(Shared {
            config,
            status: watch::channel(status).0,
            engine: RwLock::new(None),
            events: broadcast::channel(2048).0,
            changes: broadcast::channel(256).0,
            sent: Mutex::new(0),
            recent: Mutex::new(VecDeque::new()),
            chosen: Mutex::new(chosen),
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
        // True until the first round ends: only then may a last engine that does not answer
        // give way to the configured one.
        let mut starting = s.config.start_on.is_some();
        loop {
            if s.cancel.is_cancelled() {
                return;
            }
            // Read before the round picks its endpoint: a switch after this ends the connection.
            let generation = *s.switch.borrow();
            let round = connect_round(s).await;
            if round.is_ok() {
                starting = false;
            }
            match round {
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
                    // Made current only if no switch came while connecting: the engine the user
                    // left must not serve a single call after the switch.
                    let current = match s.engine.write() {
                        Ok(mut slot) if *s.switch.borrow() == generation => {
                            *slot = Some(engine.clone());
                            s.status.send_modify(|st| {
                                st.state = ConnectionState::Connected;
                                st.endpoint = endpoint;
                                st.attempts = attempts;
                                st.ever_connected = true;
                                st.last_error = None;
                                st.link = Some(engine.link());
                            });
                            true
                        }
                        _ => false,
                    };
                    if !current {
                        continue;
                    }
                    tracing::info!(host = engine.host(), api = %engine.api_version(), "engine connected");
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
                    if starting && fall_back_to_configured(s, generation, &attempts).await {
                        starting = false;
                        continue;
                    }
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

/// At start, when the last engine used does not answer: use the configured one and say so.
/// False when there is nothing to fall back to (it was the configured one) or the user has
/// switched meanwhile.
async fn fall_back_to_configured(
    s: &Shared,
    generation: u64,
    attempts: &[EndpointAttempt],
) -> bool {
    let last = match s.chosen.lock() {
        Ok(c) => c.clone(),
        Err(_) => return false,
    };
    if last == EngineTarget::Configured {
        return false;
    }
    let why = attempts
        .first()
        .and_then(|a| a.error.clone())
        .unwrap_or_else(|| "no answer".into());
    let (configured, _) = configured_endpoint_off_runtime(&s.config.env).await;
    let using = if configured.host.is_empty() {
        "the configured engine".to_owned()
    } else {
        format!("the configured engine ({})", configured.host)
    };
    let note = format!("{} is not answering: {why}; using {using}", last.label());
    let Ok(mut chosen) = s.chosen.lock() else {
        return false;
    };
    if *s.switch.borrow() != generation {
        return false;
    }
    *chosen = EngineTarget::Configured;
    drop(chosen);
    tracing::warn!(%note, "last engine not answering at start");
    s.status.send_modify(|st| {
        st.target = EngineTarget::Configured;
        st.note = Some(note);
    });
    true
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
        self.switch_to(match host {
            Some(host) => EngineTarget::Host { host },
            None => EngineTarget::Configured,
        });
    }

    /// Leaves the current engine and connects to `target`. At once: the old connection is no
    /// longer handed out, the recent events are forgotten, the status says Connecting to the
    /// new target, and the switch counter moves (kept lists reset on it, the events reader
    /// and the connection of the old engine end on it).
    pub fn switch_to(&self, target: EngineTarget) {
        let s = &self.shared;
        if let Ok(mut chosen) = s.chosen.lock() {
            *chosen = target.clone();
        }
        // The same lock order as the connection loop (engine) and the events consumer
        // (recent): whatever they do next sees the new counter.
        let mut slot = s.engine.write().ok();
        if let Some(slot) = slot.as_mut() {
            **slot = None;
        }
        if let Ok(mut recent) = s.recent.lock() {
            recent.clear();
            s.switch.send_modify(|g| *g += 1);
        } else {
            s.switch.send_modify(|g| *g += 1);
        }
        s.status.send_modify(|st| {
            st.state = ConnectionState::Connecting;
            st.endpoint = None;
            st.attempts = vec![];
            st.last_error = None;
            st.target = target.clone();
            st.note = None;
        });
        drop(slot);
        tracing::info!(target = %target.label(), "switching engine");
        s.wake.notify_one();
    }

    /// The engines the switcher offers (read on a blocking thread: it reads the CLI's files).
    pub async fn choices(&self) -> Vec<choices::EngineChoice> {
        let env = self.shared.config.env.clone();
        tokio::task::spawn_blocking(move || choices::engine_choices(&env))
            .await
            .unwrap_or_default()
    }

    /// The switch counter: moves on every switch.
    pub fn watch_switches(&self) -> watch::Receiver<u64> {
        self.shared.switch.subscribe()
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
