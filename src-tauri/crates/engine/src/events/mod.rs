//! Engine events turned into what the UI needs: a plain-words feed entry for people, and a
//! coalesced "these kinds of resource changed" signal for stores. Pure logic; the supervisor
//! feeds it.

pub mod feed;

use bollard::models::{EventMessage, EventMessageTypeEnum};
use serde::Serialize;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// The kinds of object the engine reports on. Stores declare which kinds they hold and refetch
/// when one of them changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ResourceKind {
    Container,
    Image,
    Volume,
    Network,
    Service,
    Node,
    Secret,
    Config,
    Plugin,
    Daemon,
    Builder,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 11] = [
        ResourceKind::Container,
        ResourceKind::Image,
        ResourceKind::Volume,
        ResourceKind::Network,
        ResourceKind::Service,
        ResourceKind::Node,
        ResourceKind::Secret,
        ResourceKind::Config,
        ResourceKind::Plugin,
        ResourceKind::Daemon,
        ResourceKind::Builder,
    ];

    fn from_type(t: &EventMessageTypeEnum) -> Option<ResourceKind> {
        Some(match t {
            EventMessageTypeEnum::CONTAINER => ResourceKind::Container,
            EventMessageTypeEnum::IMAGE => ResourceKind::Image,
            EventMessageTypeEnum::VOLUME => ResourceKind::Volume,
            EventMessageTypeEnum::NETWORK => ResourceKind::Network,
            EventMessageTypeEnum::SERVICE => ResourceKind::Service,
            EventMessageTypeEnum::NODE => ResourceKind::Node,
            EventMessageTypeEnum::SECRET => ResourceKind::Secret,
            EventMessageTypeEnum::CONFIG => ResourceKind::Config,
            EventMessageTypeEnum::PLUGIN => ResourceKind::Plugin,
            EventMessageTypeEnum::DAEMON => ResourceKind::Daemon,
            EventMessageTypeEnum::BUILDER => ResourceKind::Builder,
            EventMessageTypeEnum::EMPTY => return None,
        })
    }
}

/// One entry of the live event feed.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EngineEvent {
    /// Milliseconds since the Unix epoch, from the engine's clock.
    pub time_ms: f64,
    pub kind: ResourceKind,
    /// The engine's action word, without detail (`exec_start: sh` → `exec_start`).
    pub action: String,
    /// The object's id (for images and volumes often its name).
    pub id: String,
    /// What people call it: the container's name, the image reference, the volume's name.
    pub subject: String,
    /// Plain words for what happened, to follow the subject: "started", "exited with code 1".
    pub verb: String,
    /// The container the event is about, if any: its own id for container events, the
    /// `container` attribute for network (dis)connects and volume (un)mounts.
    pub container_id: Option<String>,
}

impl EngineEvent {
    /// Converts an engine message. Messages with no type are ignored. `container_name` names a
    /// container from its id, for events that carry only the id (network connects, mounts).
    pub fn from_message(
        msg: &EventMessage,
        container_name: &dyn Fn(&str) -> Option<String>,
    ) -> Option<EngineEvent> {
        let kind = ResourceKind::from_type(msg.typ.as_ref()?)?;
        let raw_action = msg.action.clone().unwrap_or_default();
        let (action, detail) = match raw_action.split_once(':') {
            Some((a, d)) => (a.trim().to_owned(), d.trim().to_owned()),
            None => (raw_action.trim().to_owned(), String::new()),
        };
        let actor = msg.actor.as_ref();
        let id = actor.and_then(|a| a.id.clone()).unwrap_or_default();
        let attr = |k: &str| {
            let value = actor
                .and_then(|a| a.attributes.as_ref())
                .and_then(|m| m.get(k))
                .cloned();
            match (k, value) {
                // A name whole (shortening it would cut it mid-word), else the id as
                // `docker ps` shows it.
                ("container", Some(cid)) => {
                    Some(container_name(&cid).unwrap_or_else(|| short(&cid)))
                }
                (_, v) => v,
            }
        };
        let container_id = if kind == ResourceKind::Container {
            Some(id.clone()).filter(|i| !i.is_empty())
        } else {
            actor
                .and_then(|a| a.attributes.as_ref())
                .and_then(|m| m.get("container"))
                .cloned()
        };
        let subject = attr("name").unwrap_or_else(|| short(&id));
        let verb = describe(kind, &action, &detail, &attr);
        let time_ms = match (msg.time_nano, msg.time) {
            (Some(n), _) if n > 0 => n as f64 / 1e6,
            (_, Some(s)) => s as f64 * 1e3,
            _ => 0.0,
        };
        Some(EngineEvent {
            time_ms,
            kind,
            action,
            id,
            subject,
            verb,
            container_id,
        })
    }

    /// Whether this event can change what a resource list shows. Exec, attach, resize, top and
    /// archive events are noise for lists (they still show in the feed).
    pub fn changes_lists(&self) -> bool {
        !matches!(
            self.action.as_str(),
            "exec_create"
                | "exec_start"
                | "exec_die"
                | "exec_detach"
                | "attach"
                | "detach"
                | "resize"
                | "top"
                | "archive-path"
                | "extract-to-dir"
                | "export"
                | "copy"
        )
    }

    /// The kinds of list this event invalidates.
    pub fn affected_kinds(&self) -> Vec<ResourceKind> {
        if !self.changes_lists() {
            return vec![];
        }
        match (self.kind, self.action.as_str()) {
            // Committing a container makes an image; network (dis)connects change containers.
            (ResourceKind::Container, "commit") => {
                vec![ResourceKind::Container, ResourceKind::Image]
            }
            (ResourceKind::Network, "connect" | "disconnect") => {
                vec![ResourceKind::Network, ResourceKind::Container]
            }
            // A container created from an image makes that image "in use".
            (ResourceKind::Container, "create" | "destroy") => {
                vec![ResourceKind::Container, ResourceKind::Image]
            }
            (kind, _) => vec![kind],
        }
    }
}

/// An id as `docker ps` shows it: 12 characters, without `sha256:`.
pub(crate) fn short(id: &str) -> String {
    let id = id.strip_prefix("sha256:").unwrap_or(id);
    id.chars().take(12).collect()
}

fn describe(
    kind: ResourceKind,
    action: &str,
    detail: &str,
    attr: &dyn Fn(&str) -> Option<String>,
) -> String {
    let with_detail = |verb: &str| {
        if detail.is_empty() {
            verb.to_owned()
        } else {
            format!("{verb} ({detail})")
        }
    };
    match (kind, action) {
        (ResourceKind::Container, "die") => match attr("exitCode") {
            Some(code) => format!("exited with code {code}"),
            None => "exited".into(),
        },
        (ResourceKind::Container, "kill") => match attr("signal") {
            Some(sig) => format!("was sent signal {sig}"),
            None => "was killed".into(),
        },
        (ResourceKind::Container, "rename") => match attr("oldName") {
            Some(old) => format!("was renamed from {}", old.trim_start_matches('/')),
            None => "was renamed".into(),
        },
        (ResourceKind::Container, "oom") => "ran out of memory".into(),
        (ResourceKind::Container, "health_status") => format!("is {detail}"),
        (ResourceKind::Container, "exec_create") => with_detail("got a new exec session"),
        (ResourceKind::Container, "exec_start") => with_detail("started an exec session"),
        (ResourceKind::Container, "exec_die") => "ended an exec session".into(),
        (ResourceKind::Container, "unpause") => "resumed".into(),
        (ResourceKind::Container, "destroy") => "was removed".into(),
        (ResourceKind::Container, "commit") => "was committed to an image".into(),
        (ResourceKind::Container, "archive-path") => "had files read".into(),
        (ResourceKind::Container, "extract-to-dir") => "had files copied in".into(),
        (ResourceKind::Network, "connect" | "disconnect") => {
            let who = attr("container").unwrap_or_default();
            let verb = if action == "connect" {
                "connected"
            } else {
                "disconnected"
            };
            format!("{verb} container {who}").trim_end().to_owned()
        }
        (ResourceKind::Image, "delete") => "was deleted".into(),
        (ResourceKind::Image, "untag") => "was untagged".into(),
        (_, "destroy" | "remove") => "was removed".into(),
        (_, "create") => "was created".into(),
        (_, "mount") => match attr("container") {
            Some(c) => format!("was mounted into container {c}"),
            None => "was mounted".into(),
        },
        (_, "unmount") => "was unmounted".into(),
        (_, "reload") => "reloaded its configuration".into(),
        (_, a) => past_tense(a),
    }
}

/// "start" → "started", "stop" → "stopped", "tag" → "tagged", "pull" → "pulled".
fn past_tense(action: &str) -> String {
    if action.is_empty() {
        return "changed".into();
    }
    let doubled = ["stop", "tag", "untag"];
    if doubled.contains(&action) {
        let last = action.chars().last().unwrap_or_default();
        return format!("{action}{last}ed");
    }
    if action.ends_with('e') {
        format!("{action}d")
    } else {
        format!("{action}ed")
    }
}

/// The set of kinds a `ResourcesChanged` notification carries.
pub type KindSet = BTreeSet<ResourceKind>;

/// Which containers a change covers: a few ids, or all of them (too many to name, or a change
/// that did not say which). Lists refetch only the named containers, so a change to one
/// container costs one small request, not the whole list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerIds {
    ids: BTreeSet<String>,
    all: bool,
}

impl ContainerIds {
    /// Past this many, refetching the whole list is cheaper than naming them.
    pub const MAX: usize = 64;

    pub fn all() -> ContainerIds {
        ContainerIds {
            ids: BTreeSet::new(),
            all: true,
        }
    }

    /// Adds one container, or (None) says "some container, unknown which": all.
    pub fn add(&mut self, id: Option<&str>) {
        match id {
            _ if self.all => {}
            Some(id) => {
                self.ids.insert(id.to_owned());
                if self.ids.len() > Self::MAX {
                    *self = ContainerIds::all();
                }
            }
            None => *self = ContainerIds::all(),
        }
    }

    pub fn extend(&mut self, other: &ContainerIds) {
        if other.all {
            *self = ContainerIds::all();
        } else {
            for id in &other.ids {
                self.add(Some(id));
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.all && self.ids.is_empty()
    }

    /// The ids, or None for "all containers".
    pub fn named(&self) -> Option<Vec<String>> {
        (!self.all).then(|| self.ids.iter().cloned().collect())
    }
}

/// What one change notice covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub kinds: KindSet,
    /// Meaningful when `kinds` holds containers.
    pub containers: ContainerIds,
}

impl Change {
    fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    fn extend(&mut self, other: &Change) {
        self.kinds.extend(other.kinds.iter().copied());
        self.containers.extend(&other.containers);
    }
}

/// Leading-and-trailing throttle for `ResourcesChanged`, with a settle pass.
///
/// - The first change after a quiet spell goes out at once (a container started from the CLI
///   shows up without delay).
/// - Changes within `interval` of the last notice are merged into one trailing notice: an
///   event storm costs at most one refetch per interval, and the last state is never missed.
/// - Every notice is followed by one more, `interval` later, for the same kinds and
///   containers: the engine announces some changes (start, pause…) a moment before the
///   snapshot its list endpoint reads is updated, so a list fetched right at the event can be
///   stale. The settle pass refetches once the engine has caught up. It ends: a settle notice
///   only schedules another when new changes arrived in between.
#[derive(Debug)]
pub struct ChangeThrottle {
    interval: Duration,
    last_emit: Option<Instant>,
    /// Changes not yet announced.
    pending: Change,
    /// What the last notice announced, to announce once more when things settle.
    settle: Change,
    /// When the caller was told to call [`ChangeThrottle::flush`].
    wake: Option<Instant>,
}

/// What the caller must do after feeding the throttle.
#[derive(Debug, PartialEq, Eq)]
pub enum ThrottleAction {
    /// Emit this change now, and call `flush` at `wake_at`.
    Emit { change: Change, wake_at: Instant },
    /// Call `flush` at this instant.
    WakeAt(Instant),
    /// Nothing to do (a wake-up is already due).
    Wait,
}

impl ChangeThrottle {
    pub fn new(interval: Duration) -> Self {
        ChangeThrottle {
            interval,
            last_emit: None,
            pending: Change::default(),
            settle: Change::default(),
            wake: None,
        }
    }

    /// Feeds one event's kinds and the container it concerns (None: unknown which).
    pub fn add(
        &mut self,
        kinds: &[ResourceKind],
        container: Option<&str>,
        now: Instant,
    ) -> ThrottleAction {
        if kinds.is_empty() {
            return ThrottleAction::Wait;
        }
        self.pending.kinds.extend(kinds.iter().copied());
        if kinds.contains(&ResourceKind::Container) {
            self.pending.containers.add(container);
        }
        if self.wake.is_some() {
            return ThrottleAction::Wait;
        }
        match self.last_emit {
            Some(last) if now < last + self.interval => {
                let at = last + self.interval;
                self.wake = Some(at);
                ThrottleAction::WakeAt(at)
            }
            _ => {
                let change = std::mem::take(&mut self.pending);
                self.settle = change.clone();
                self.last_emit = Some(now);
                let wake_at = now + self.interval;
                self.wake = Some(wake_at);
                ThrottleAction::Emit { change, wake_at }
            }
        }
    }

    /// Called at the wake-up instant: what to announce now (changes gathered since the last
    /// notice, plus the settle pass), and when to wake again, if at all.
    pub fn flush(&mut self, now: Instant) -> (Option<Change>, Option<Instant>) {
        self.wake = None;
        let fresh = std::mem::take(&mut self.pending);
        let mut out = std::mem::take(&mut self.settle);
        out.extend(&fresh);
        if out.is_empty() {
            return (None, None);
        }
        self.last_emit = Some(now);
        if fresh.is_empty() {
            return (Some(out), None);
        }
        // New changes went out just now: they get their own settle pass.
        self.settle = fresh;
        let again = now + self.interval;
        self.wake = Some(again);
        (Some(out), Some(again))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::EventActor;
    use std::collections::HashMap;

    fn no_names(_: &str) -> Option<String> {
        None
    }

    fn msg(typ: EventMessageTypeEnum, action: &str, attrs: &[(&str, &str)]) -> EventMessage {
        EventMessage {
            typ: Some(typ),
            action: Some(action.into()),
            actor: Some(EventActor {
                id: Some("0123456789abcdef0123".into()),
                attributes: Some(
                    attrs
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect::<HashMap<_, _>>(),
                ),
            }),
            time: Some(1_700_000_000),
            time_nano: Some(1_700_000_000_123_456_789),
            ..Default::default()
        }
    }

    #[test]
    fn container_events_read_as_plain_words() {
        let e = EngineEvent::from_message(
            &msg(
                EventMessageTypeEnum::CONTAINER,
                "start",
                &[("name", "web"), ("image", "busybox")],
            ),
            &no_names,
        )
        .unwrap();
        assert_eq!((e.subject.as_str(), e.verb.as_str()), ("web", "started"));
        assert_eq!(e.kind, ResourceKind::Container);
        assert!(
            (e.time_ms - 1_700_000_000_123.456_8).abs() < 1e-3,
            "{}",
            e.time_ms
        );

        let die = EngineEvent::from_message(
            &msg(
                EventMessageTypeEnum::CONTAINER,
                "die",
                &[("name", "web"), ("exitCode", "137")],
            ),
            &no_names,
        )
        .unwrap();
        assert_eq!(die.verb, "exited with code 137");

        let stop = EngineEvent::from_message(
            &msg(EventMessageTypeEnum::CONTAINER, "stop", &[]),
            &no_names,
        )
        .unwrap();
        assert_eq!(stop.verb, "stopped");
        assert_eq!(stop.subject, "0123456789ab", "falls back to the short id");

        let exec = EngineEvent::from_message(
            &msg(
                EventMessageTypeEnum::CONTAINER,
                "exec_start: sh -c ls",
                &[("name", "web")],
            ),
            &no_names,
        )
        .unwrap();
        assert_eq!(exec.action, "exec_start");
        assert_eq!(exec.verb, "started an exec session (sh -c ls)");
        assert!(exec.affected_kinds().is_empty());
    }

    #[test]
    fn image_volume_network_events() {
        let tag = EngineEvent::from_message(
            &msg(EventMessageTypeEnum::IMAGE, "tag", &[("name", "busybox:1")]),
            &no_names,
        )
        .unwrap();
        assert_eq!(
            (tag.subject.as_str(), tag.verb.as_str()),
            ("busybox:1", "tagged")
        );
        let pull =
            EngineEvent::from_message(&msg(EventMessageTypeEnum::IMAGE, "pull", &[]), &no_names)
                .unwrap();
        assert_eq!(pull.verb, "pulled");
        let vol = EngineEvent::from_message(
            &msg(
                EventMessageTypeEnum::VOLUME,
                "destroy",
                &[("driver", "local")],
            ),
            &no_names,
        )
        .unwrap();
        assert_eq!(vol.verb, "was removed");
        let net = EngineEvent::from_message(
            &msg(
                EventMessageTypeEnum::NETWORK,
                "connect",
                &[("name", "bridge"), ("container", "fedcba9876543210")],
            ),
            &no_names,
        )
        .unwrap();
        assert_eq!(net.verb, "connected container fedcba987654");
        let named = EngineEvent::from_message(
            &msg(
                EventMessageTypeEnum::NETWORK,
                "connect",
                &[("name", "bridge"), ("container", "fedcba9876543210")],
            ),
            &|id| (id == "fedcba9876543210").then(|| "web".to_string()),
        )
        .unwrap();
        assert_eq!(named.verb, "connected container web");
        let id = "fedcba9876543210".repeat(4);
        let long = "a-container-with-a-name-longer-than-twelve-characters";
        let whole = EngineEvent::from_message(
            &msg(
                EventMessageTypeEnum::NETWORK,
                "disconnect",
                &[("name", "bridge"), ("container", &id)],
            ),
            &|i| (i == id).then(|| long.to_string()),
        )
        .unwrap();
        assert_eq!(
            whole.verb,
            format!("disconnected container {long}"),
            "a name is never cut"
        );
        let unnamed = EngineEvent::from_message(
            &msg(
                EventMessageTypeEnum::NETWORK,
                "disconnect",
                &[("name", "bridge"), ("container", &id)],
            ),
            &no_names,
        )
        .unwrap();
        assert_eq!(unnamed.verb, "disconnected container fedcba987654");
        assert_eq!(
            net.affected_kinds(),
            vec![ResourceKind::Network, ResourceKind::Container]
        );
    }

    #[test]
    fn untyped_messages_are_ignored() {
        let m = EventMessage::default();
        assert!(EngineEvent::from_message(&m, &no_names).is_none());
    }

    #[test]
    fn past_tense_rules() {
        assert_eq!(past_tense("start"), "started");
        assert_eq!(past_tense("stop"), "stopped");
        assert_eq!(past_tense("pause"), "paused");
        assert_eq!(past_tense("restart"), "restarted");
        assert_eq!(past_tense("untag"), "untagged");
        assert_eq!(past_tense(""), "changed");
    }

    const MS150: Duration = Duration::from_millis(150);

    fn change(kinds: &[ResourceKind], ids: &[&str]) -> Change {
        let mut c = Change {
            kinds: kinds.iter().copied().collect(),
            ..Change::default()
        };
        for id in ids {
            c.containers.add(Some(id));
        }
        c
    }

    #[test]
    fn throttle_emits_first_change_at_once_then_settles_once() {
        let mut t = ChangeThrottle::new(MS150);
        let t0 = Instant::now();
        assert_eq!(
            t.add(&[ResourceKind::Container], Some("a"), t0),
            ThrottleAction::Emit {
                change: change(&[ResourceKind::Container], &["a"]),
                wake_at: t0 + MS150
            }
        );
        // Quiet: the settle pass repeats the same change once, and asks for nothing more.
        assert_eq!(
            t.flush(t0 + MS150),
            (Some(change(&[ResourceKind::Container], &["a"])), None)
        );
        assert_eq!(t.flush(t0 + MS150 * 2), (None, None));
    }

    #[test]
    fn throttle_merges_a_storm_and_settles_after_it() {
        let mut t = ChangeThrottle::new(MS150);
        let t0 = Instant::now();
        assert!(matches!(
            t.add(&[ResourceKind::Container], Some("a"), t0),
            ThrottleAction::Emit { .. }
        ));
        for i in 0..200 {
            let a = t.add(
                &[ResourceKind::Image, ResourceKind::Volume],
                None,
                t0 + Duration::from_millis(1 + i % 140),
            );
            assert_eq!(a, ThrottleAction::Wait, "one wake-up covers the storm");
        }
        let (merged, again) = t.flush(t0 + MS150);
        assert_eq!(
            merged.unwrap(),
            change(
                &[
                    ResourceKind::Container,
                    ResourceKind::Image,
                    ResourceKind::Volume
                ],
                &["a"]
            )
        );
        assert_eq!(
            again,
            Some(t0 + MS150 * 2),
            "the storm's changes get a settle pass"
        );
        let (settle, again) = t.flush(t0 + MS150 * 2);
        assert_eq!(
            settle.unwrap(),
            change(&[ResourceKind::Image, ResourceKind::Volume], &[])
        );
        assert_eq!(again, None);
        // After a quiet interval the next change is immediate again.
        assert!(matches!(
            t.add(&[ResourceKind::Network], None, t0 + MS150 * 4),
            ThrottleAction::Emit { .. }
        ));
    }

    #[test]
    fn throttle_names_the_containers_until_there_are_too_many() {
        let mut t = ChangeThrottle::new(MS150);
        let t0 = Instant::now();
        let _ = t.add(&[ResourceKind::Container], Some("first"), t0);
        let ids: Vec<String> = (0..ContainerIds::MAX).map(|i| format!("c{i}")).collect();
        for id in &ids[..3] {
            let _ = t.add(
                &[ResourceKind::Container],
                Some(id),
                t0 + Duration::from_millis(5),
            );
        }
        let (c, _) = t.flush(t0 + MS150);
        let named = c.unwrap().containers.named().unwrap();
        assert_eq!(named, vec!["c0", "c1", "c2", "first"]);
        for id in &ids {
            let _ = t.add(&[ResourceKind::Container], Some(id), t0 + MS150 + MS150 / 2);
        }
        let _ = t.add(
            &[ResourceKind::Container],
            Some("one-more"),
            t0 + MS150 + MS150 / 2,
        );
        let (c, _) = t.flush(t0 + MS150 * 2);
        assert_eq!(
            c.unwrap().containers.named(),
            None,
            "too many: the whole list"
        );
        // A container change that does not say which container means all of them.
        let mut ids = ContainerIds::default();
        ids.add(Some("x"));
        ids.add(None);
        assert_eq!(ids.named(), None);
    }

    #[test]
    fn throttle_change_soon_after_a_notice_waits_for_the_interval() {
        let mut t = ChangeThrottle::new(MS150);
        let t0 = Instant::now();
        let _ = t.add(&[ResourceKind::Container], None, t0);
        let _ = t.flush(t0 + MS150);
        // Within the interval of the settle notice: trailing, not immediate.
        assert_eq!(
            t.add(
                &[ResourceKind::Image],
                None,
                t0 + MS150 + Duration::from_millis(10)
            ),
            ThrottleAction::WakeAt(t0 + MS150 * 2)
        );
    }

    #[test]
    fn throttle_ignores_empty_changes() {
        let mut t = ChangeThrottle::new(Duration::from_millis(150));
        assert_eq!(t.add(&[], None, Instant::now()), ThrottleAction::Wait);
        assert_eq!(t.flush(Instant::now()), (None, None));
    }
}
