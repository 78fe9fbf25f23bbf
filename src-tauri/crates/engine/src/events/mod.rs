//! Engine events turned into what the UI needs: a plain-words feed entry for people, and a
//! coalesced "these kinds of resource changed" signal for stores. Pure logic; the supervisor
//! feeds it.

pub mod feed;
pub mod query;
pub mod throttle;

pub use throttle::{Change, ChangeThrottle, ContainerIds, KindSet, ThrottleAction};

use bollard::models::{EventMessage, EventMessageTypeEnum};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The kinds of object the engine reports on. Stores declare which kinds they hold and refetch
/// when one of them changes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
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

    /// The engine's word for this kind, as `docker events --filter type=…` takes it.
    pub fn word(self) -> &'static str {
        match self {
            ResourceKind::Container => "container",
            ResourceKind::Image => "image",
            ResourceKind::Volume => "volume",
            ResourceKind::Network => "network",
            ResourceKind::Service => "service",
            ResourceKind::Node => "node",
            ResourceKind::Secret => "secret",
            ResourceKind::Config => "config",
            ResourceKind::Plugin => "plugin",
            ResourceKind::Daemon => "daemon",
            ResourceKind::Builder => "builder",
        }
    }

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
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
    /// The actor's attributes as the engine sent them: the object's labels, merged with facts
    /// such as `name`, `image` and `exitCode`. Label filters match on these.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
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
        let attributes = actor
            .and_then(|a| a.attributes.as_ref())
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        Some(EngineEvent {
            time_ms,
            kind,
            action,
            id,
            subject,
            verb,
            container_id,
            attributes,
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
}
