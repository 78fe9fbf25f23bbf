//! The change throttle: engine events folded into coalesced "these kinds (and these
//! containers) changed" notices, at most one per interval, each followed by a settle pass.
//! Pure logic over instants; the supervisor feeds it and sends what it says.

use super::ResourceKind;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

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
