//! The consumer of the event queue: events converted and fanned out, the recent ones kept for
//! late views, and change notices throttled, numbered and sent.

use super::{ResourcesChanged, Shared};
use crate::events::{Change, ChangeThrottle, EngineEvent, ResourceKind, ThrottleAction};
use bollard::models::EventMessage;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// The consumer: converts events, keeps the recent ring, fans out, and throttles change notices.
pub(super) async fn consume_events(
    s: &Shared,
    mut rx: mpsc::Receiver<EventMessage>,
    overflow: Arc<AtomicBool>,
    generation: u64,
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
                if !remember(s, event, generation) {
                    // The user switched engines: nothing more of this one goes out.
                    return;
                }
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

pub(super) fn send_notice(s: &Shared, mut notice: ResourcesChanged) {
    if let Ok(mut sent) = s.sent.lock() {
        *sent += 1;
        notice.seq = *sent;
        let _ = s.changes.send(notice);
    }
}

/// Keeps the event among the recent ones and sends it to the feeds, unless a switch came since
/// this connection began (then false). Checked under the lock a switch takes to clear them.
fn remember(s: &Shared, event: EngineEvent, generation: u64) -> bool {
    let Ok(mut recent) = s.recent.lock() else {
        return false;
    };
    if *s.switch.borrow() != generation {
        return false;
    }
    if recent.len() >= s.config.recent_capacity {
        recent.pop_front();
    }
    recent.push_back(event.clone());
    let _ = s.events.send(event);
    true
}
