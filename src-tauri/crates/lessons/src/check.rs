//! What a step checks, the facts about the engine it is checked against, and the verdict.
//!
//! A check is a state of the engine ("a container named learn-web is running and publishes
//! 8080 → 80"), never "the user clicked": the same check passes whether the app ran the
//! command or the user typed it. The engine crate gathers [`Facts`] for the names a check
//! asks about ([`Check::asks`]); the verdict is pure, so it is tested without an engine.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One step's check, as a lesson file writes it (`check = { kind = "container", … }`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    // Boxed: the other checks are a name or two.
    Container(Box<ContainerCheck>),
    NoContainer {
        name: String,
    },
    Image {
        reference: String,
    },
    NoImage {
        reference: String,
    },
    /// The image is on the engine and the registry its name points at holds it: the engine
    /// keeps the digest a push (or a pull) got back from that registry.
    Pushed {
        reference: String,
    },
    Volume {
        name: String,
    },
    NoVolume {
        name: String,
    },
    Network {
        name: String,
    },
    NoNetwork {
        name: String,
    },
    /// The engine is (`active = true`) or is not in a swarm.
    Swarm {
        active: bool,
    },
    /// A swarm service with this name exists, running this many tasks when `running` is given.
    Service {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        running: Option<u32>,
    },
    NoService {
        name: String,
    },
    /// The step's command only reads: nothing changes in the engine, so nothing is checked.
    Look,
}

/// A container with this name exists, and each field given holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ContainerCheck {
    pub name: String,
    /// `running`, `exited`, `created`, `paused`, `restarting`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The image it was created from, as `docker run` named it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    /// Published ports, `HOST:CONTAINER` or `CONTAINER` (any host port), `/udp` for UDP.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub publishes: Vec<String>,
    /// The memory limit (`-m`), as the CLI writes it: `64m`, `1g`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    /// The CPU limit (`--cpus`), as the CLI writes it: `0.5`, `2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpus: Option<String>,
    /// The kernel's OOM killer ended its process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oom_killed: Option<bool>,
    /// Networks it is attached to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub networks: Vec<String>,
    /// Named volumes mounted, `VOLUME:/path`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<String>,
    /// Bind mounts by where they appear inside, `/path`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub binds: Vec<String>,
}

/// The engine's facts about the names a check asks about. A name missing from a map does not
/// exist on the engine.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub containers: BTreeMap<String, ContainerFacts>,
    /// Image references present, as the engine tags them (`busybox:latest`).
    pub images: BTreeSet<String>,
    /// Of the images asked about, those with a digest from their own registry.
    pub pushed: BTreeSet<String>,
    pub volumes: BTreeSet<String>,
    pub networks: BTreeSet<String>,
    /// Whether the engine is in a swarm, when asked.
    pub swarm: Option<bool>,
    /// Services asked about that exist, with their running tasks.
    pub services: BTreeMap<String, u32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContainerFacts {
    /// As it was created (`Config.Image`).
    pub image: String,
    pub state: String,
    pub exit_code: i64,
    pub oom_killed: bool,
    /// `(host port, container port, protocol)` for each published port.
    pub published: Vec<(u16, u16, String)>,
    /// The memory limit in bytes; 0: none.
    pub memory: i64,
    /// The CPU limit in billionths of a CPU (`NanoCpus`); 0: none.
    pub nano_cpus: i64,
    pub networks: Vec<String>,
    /// `(volume name, path inside)`.
    pub volumes: Vec<(String, String)>,
    /// Paths inside that are bind mounts.
    pub binds: Vec<String>,
}

/// The names a check asks the engine about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Asks {
    pub containers: Vec<String>,
    pub images: Vec<String>,
    /// Images whose digest from their own registry is asked about.
    pub pushed: Vec<String>,
    pub volumes: Vec<String>,
    pub networks: Vec<String>,
    pub swarm: bool,
    pub services: Vec<String>,
}

/// A check held against the engine's facts.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    pub passed: bool,
    /// What the engine shows now, in words: what passed, or the first thing not yet so.
    pub seen: String,
}

impl Check {
    pub fn asks(&self) -> Asks {
        let mut a = Asks::default();
        match self {
            Check::Container(c) => {
                a.containers.push(c.name.clone());
                a.volumes.extend(
                    c.volumes
                        .iter()
                        .filter_map(|v| v.split_once(':').map(|(name, _)| name.to_owned())),
                );
                a.networks.extend(c.networks.iter().cloned());
            }
            Check::NoContainer { name } => a.containers.push(name.clone()),
            Check::Image { reference } | Check::NoImage { reference } => {
                a.images.push(full_reference(reference))
            }
            Check::Pushed { reference } => a.pushed.push(full_reference(reference)),
            Check::Volume { name } | Check::NoVolume { name } => a.volumes.push(name.clone()),
            Check::Network { name } | Check::NoNetwork { name } => a.networks.push(name.clone()),
            Check::Swarm { .. } => a.swarm = true,
            Check::Service { name, .. } | Check::NoService { name } => {
                a.services.push(name.clone())
            }
            Check::Look => {}
        }
        a
    }

    /// What passes, in words, shown beside the step before it is done.
    pub fn describe(&self) -> String {
        match self {
            Check::Container(c) => {
                let mut parts = vec![format!("a container named {}", c.name)];
                if let Some(image) = &c.image {
                    parts.push(format!("from {image}"));
                }
                if let Some(state) = &c.state {
                    parts.push(format!("is {state}"));
                } else {
                    parts.push("exists".into());
                }
                if let Some(code) = c.exit_code {
                    parts.push(format!("with exit code {code}"));
                }
                for p in &c.publishes {
                    parts.push(format!("publishing {p}"));
                }
                if let Some(m) = &c.memory {
                    parts.push(format!("with a {m} memory limit"));
                }
                if let Some(n) = &c.cpus {
                    parts.push(format!("limited to {n} CPUs"));
                }
                if c.oom_killed == Some(true) {
                    parts.push("ended by the OOM killer".into());
                }
                for n in &c.networks {
                    parts.push(format!("on network {n}"));
                }
                for v in &c.volumes {
                    parts.push(format!("mounting volume {v}"));
                }
                for b in &c.binds {
                    parts.push(format!("with a bind mount at {b}"));
                }
                parts.join(" ")
            }
            Check::NoContainer { name } => format!("no container named {name}"),
            Check::Image { reference } => format!("the image {reference} is on the engine"),
            Check::NoImage { reference } => format!("no image {reference}"),
            Check::Pushed { reference } => {
                format!("{reference} is on the engine and in the registry it names")
            }
            Check::Volume { name } => format!("a volume named {name}"),
            Check::NoVolume { name } => format!("no volume named {name}"),
            Check::Network { name } => format!("a network named {name}"),
            Check::NoNetwork { name } => format!("no network named {name}"),
            Check::Swarm { active: true } => "this engine in a swarm".into(),
            Check::Swarm { active: false } => "this engine in no swarm".into(),
            Check::Service { name, running } => match running {
                Some(n) => format!("a service named {name} running {n} tasks"),
                None => format!("a service named {name}"),
            },
            Check::NoService { name } => format!("no service named {name}"),
            Check::Look => "nothing: this command only reads".into(),
        }
    }

    /// Holds the check against the facts.
    pub fn verdict(&self, facts: &Facts) -> Verdict {
        let fail = |seen: String| Verdict {
            passed: false,
            seen,
        };
        let pass = |seen: String| Verdict { passed: true, seen };
        match self {
            Check::Container(c) => match facts.containers.get(&c.name) {
                None => fail(format!("There is no container named {} yet.", c.name)),
                Some(f) => match container_gap(c, f, facts) {
                    Some(gap) => fail(format!("{}: {gap}.", c.name)),
                    None => pass(format!("{} is {} (from {}).", c.name, f.state, f.image)),
                },
            },
            Check::NoContainer { name } => match facts.containers.get(name) {
                Some(f) => fail(format!("{name} is still there ({}).", f.state)),
                None => pass(format!("There is no container named {name}.")),
            },
            Check::Image { reference } => {
                if facts.images.contains(&full_reference(reference)) {
                    pass(format!("{reference} is on the engine."))
                } else {
                    fail(format!("{reference} is not on the engine yet."))
                }
            }
            Check::NoImage { reference } => {
                if facts.images.contains(&full_reference(reference)) {
                    fail(format!("{reference} is still on the engine."))
                } else {
                    pass(format!("{reference} is gone."))
                }
            }
            Check::Pushed { reference } => {
                if facts.pushed.contains(&full_reference(reference)) {
                    pass(format!(
                        "The registry gave {reference} a digest: it holds the image."
                    ))
                } else {
                    fail(format!(
                        "{reference} has not been pushed to its registry yet."
                    ))
                }
            }
            Check::Volume { name } => present(facts.volumes.contains(name), "volume", name),
            Check::NoVolume { name } => absent(facts.volumes.contains(name), "volume", name),
            Check::Network { name } => present(facts.networks.contains(name), "network", name),
            Check::NoNetwork { name } => absent(facts.networks.contains(name), "network", name),
            Check::Swarm { active } => match (facts.swarm == Some(true), active) {
                (true, true) => pass("This engine is a swarm manager now.".into()),
                (false, false) => pass("This engine is in no swarm.".into()),
                (false, true) => fail("This engine is not in a swarm yet.".into()),
                (true, false) => fail("This engine is still in a swarm.".into()),
            },
            Check::Service { name, running } => match (facts.services.get(name), running) {
                (None, _) => fail(format!("There is no service named {name} yet.")),
                (Some(n), Some(want)) if n != want => fail(format!(
                    "{name} runs {n} task{} of {want}.",
                    if *n == 1 { "" } else { "s" }
                )),
                (Some(n), _) => pass(format!(
                    "{name} runs {n} task{}.",
                    if *n == 1 { "" } else { "s" }
                )),
            },
            Check::NoService { name } => match facts.services.get(name) {
                Some(_) => fail(format!("The service {name} is still there.")),
                None => pass(format!("There is no service named {name}.")),
            },
            Check::Look => fail("This step only reads; there is nothing to check.".into()),
        }
    }
}

fn present(there: bool, kind: &str, name: &str) -> Verdict {
    Verdict {
        passed: there,
        seen: if there {
            format!("The {kind} {name} exists.")
        } else {
            format!("There is no {kind} named {name} yet.")
        },
    }
}

fn absent(there: bool, kind: &str, name: &str) -> Verdict {
    Verdict {
        passed: !there,
        seen: if there {
            format!("The {kind} {name} is still there.")
        } else {
            format!("There is no {kind} named {name}.")
        },
    }
}

/// The first field of the check the container does not meet, in words.
fn container_gap(c: &ContainerCheck, f: &ContainerFacts, facts: &Facts) -> Option<String> {
    if let Some(state) = &c.state {
        if &f.state != state {
            return Some(format!("it is {}, not {state}", f.state));
        }
    }
    if let Some(image) = &c.image {
        if full_reference(&f.image) != full_reference(image) {
            return Some(format!("it runs {}, not {image}", f.image));
        }
    }
    if let Some(code) = c.exit_code {
        if f.state != "exited" || f.exit_code != i64::from(code) {
            return Some(format!("it has not exited with code {code}"));
        }
    }
    for p in &c.publishes {
        let Some((host, inside, proto)) = port_of(p) else {
            return Some(format!("{p} is not a port mapping"));
        };
        let found = f
            .published
            .iter()
            .any(|(h, i, pr)| *i == inside && pr == &proto && host.is_none_or(|host| host == *h));
        if !found {
            return Some(format!("it does not publish {p}"));
        }
    }
    if let Some(m) = &c.memory {
        let want = tugboat_runspec::values::size(m, "memory").ok().flatten();
        if want != Some(f.memory) {
            return Some(if f.memory == 0 {
                format!("it has no memory limit, not {m}")
            } else {
                format!("its memory limit is {} bytes, not {m}", f.memory)
            });
        }
    }
    if let Some(n) = &c.cpus {
        if nano_cpus(n) != Some(f.nano_cpus) {
            return Some(if f.nano_cpus == 0 {
                format!("it has no CPU limit, not {n}")
            } else {
                format!(
                    "its CPU limit is {} CPUs, not {n}",
                    f.nano_cpus as f64 / 1e9
                )
            });
        }
    }
    if let Some(killed) = c.oom_killed {
        if f.oom_killed != killed {
            return Some(if killed {
                "the OOM killer has not ended it".into()
            } else {
                "the OOM killer ended it".into()
            });
        }
    }
    for n in &c.networks {
        if !f.networks.contains(n) {
            return Some(if facts.networks.contains(n) {
                format!("it is not on the network {n}")
            } else {
                format!("there is no network named {n}")
            });
        }
    }
    for v in &c.volumes {
        let Some((name, path)) = v.split_once(':') else {
            return Some(format!("{v} is not VOLUME:/path"));
        };
        if !f.volumes.iter().any(|(vn, vp)| vn == name && vp == path) {
            return Some(format!("it does not mount the volume {name} at {path}"));
        }
    }
    for b in &c.binds {
        if !f.binds.contains(b) {
            return Some(format!("it has no bind mount at {b}"));
        }
    }
    None
}

/// `--cpus` as the engine keeps it: billionths of a CPU. None: not a positive number.
pub fn nano_cpus(text: &str) -> Option<i64> {
    let cpus: f64 = text.trim().parse().ok()?;
    (cpus > 0.0 && cpus.is_finite()).then(|| (cpus * 1e9).round() as i64)
}

/// `HOST:CONTAINER[/proto]` or `CONTAINER[/proto]`.
pub fn port_of(text: &str) -> Option<(Option<u16>, u16, String)> {
    let (ports, proto) = match text.split_once('/') {
        Some((p, proto @ ("tcp" | "udp" | "sctp"))) => (p, proto),
        Some(_) => return None,
        None => (text, "tcp"),
    };
    let (host, inside) = match ports.split_once(':') {
        Some((h, i)) => (Some(h.parse().ok()?), i.parse().ok()?),
        None => (None, ports.parse().ok()?),
    };
    Some((host, inside, proto.to_owned()))
}

/// A reference as the engine tags it: `:latest` when no tag or digest is written. Names
/// without a registry are not given `docker.io/library/`: the engine's own tags leave it out.
pub fn full_reference(reference: &str) -> String {
    let last = reference.rsplit('/').next().unwrap_or(reference);
    if last.contains(':') || reference.contains('@') {
        reference.to_owned()
    } else {
        format!("{reference}:latest")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web() -> ContainerFacts {
        ContainerFacts {
            image: "busybox".into(),
            state: "running".into(),
            published: vec![(8080, 80, "tcp".into())],
            networks: vec!["bridge".into()],
            ..Default::default()
        }
    }

    fn facts_with(name: &str, c: ContainerFacts) -> Facts {
        let mut f = Facts::default();
        f.containers.insert(name.into(), c);
        f
    }

    #[test]
    fn a_container_check_passes_only_when_every_field_holds() {
        let check = Check::Container(Box::new(ContainerCheck {
            name: "learn-web".into(),
            state: Some("running".into()),
            image: Some("busybox:latest".into()),
            publishes: vec!["8080:80".into()],
            ..Default::default()
        }));
        let none = check.verdict(&Facts::default());
        assert!(!none.passed);
        assert_eq!(none.seen, "There is no container named learn-web yet.");
        assert!(check.verdict(&facts_with("learn-web", web())).passed);

        let stopped = ContainerFacts {
            state: "exited".into(),
            ..web()
        };
        let v = check.verdict(&facts_with("learn-web", stopped));
        assert!(!v.passed);
        assert_eq!(v.seen, "learn-web: it is exited, not running.");

        let other_port = ContainerFacts {
            published: vec![(8081, 80, "tcp".into())],
            ..web()
        };
        let v = check.verdict(&facts_with("learn-web", other_port));
        assert_eq!(v.seen, "learn-web: it does not publish 8080:80.");
    }

    #[test]
    fn limits_oom_volumes_and_networks_are_read_from_the_facts() {
        let check = Check::Container(Box::new(ContainerCheck {
            name: "learn-m".into(),
            memory: Some("8m".into()),
            oom_killed: Some(true),
            volumes: vec!["learn-data:/data".into()],
            networks: vec!["learn-net".into()],
            ..Default::default()
        }));
        let mut f = ContainerFacts {
            memory: 8 * 1024 * 1024,
            oom_killed: true,
            volumes: vec![("learn-data".into(), "/data".into())],
            networks: vec!["learn-net".into()],
            ..web()
        };
        let mut facts = facts_with("learn-m", f.clone());
        facts.networks.insert("learn-net".into());
        assert!(check.verdict(&facts).passed);
        f.memory = 0;
        facts.containers.insert("learn-m".into(), f.clone());
        assert_eq!(
            check.verdict(&facts).seen,
            "learn-m: it has no memory limit, not 8m."
        );
        f.memory = 8 * 1024 * 1024;
        f.networks.clear();
        facts.containers.insert("learn-m".into(), f);
        assert_eq!(
            check.verdict(&facts).seen,
            "learn-m: it is not on the network learn-net."
        );
    }

    #[test]
    fn absence_checks_and_images_by_their_full_reference() {
        let gone = Check::NoContainer {
            name: "learn-web".into(),
        };
        assert!(gone.verdict(&Facts::default()).passed);
        assert!(!gone.verdict(&facts_with("learn-web", web())).passed);
        let mut facts = Facts::default();
        facts.images.insert("learn-hello:1".into());
        facts.images.insert("busybox:latest".into());
        assert!(
            Check::Image {
                reference: "busybox".into()
            }
            .verdict(&facts)
            .passed
        );
        assert!(
            !Check::NoImage {
                reference: "learn-hello:1".into()
            }
            .verdict(&facts)
            .passed
        );
        assert_eq!(
            full_reference("localhost:5000/learn/x"),
            "localhost:5000/learn/x:latest"
        );
        assert!(!Check::Look.verdict(&facts).passed);
        // Tagged for a registry is not pushed to it.
        facts.images.insert("localhost:5000/learn-box:1".into());
        let pushed = Check::Pushed {
            reference: "localhost:5000/learn-box:1".into(),
        };
        assert_eq!(pushed.asks().pushed, ["localhost:5000/learn-box:1"]);
        assert!(!pushed.verdict(&facts).passed);
        facts.pushed.insert("localhost:5000/learn-box:1".into());
        assert!(pushed.verdict(&facts).passed);
        // A service counts only with as many tasks running as asked.
        let web = Check::Service {
            name: "learn-web".into(),
            running: Some(3),
        };
        assert_eq!(web.asks().services, ["learn-web"]);
        facts.services.insert("learn-web".into(), 2);
        assert_eq!(web.verdict(&facts).seen, "learn-web runs 2 tasks of 3.");
        facts.services.insert("learn-web".into(), 3);
        assert!(web.verdict(&facts).passed);
        assert!(!Check::Swarm { active: true }.verdict(&facts).passed);
        facts.swarm = Some(true);
        assert!(Check::Swarm { active: true }.verdict(&facts).passed);
    }

    #[test]
    fn a_cpu_limit_is_compared_in_billionths() {
        let check = Check::Container(Box::new(ContainerCheck {
            name: "learn-busy".into(),
            cpus: Some("0.5".into()),
            ..Default::default()
        }));
        let mut f = web();
        f.nano_cpus = 500_000_000;
        assert!(check.verdict(&facts_with("learn-busy", f.clone())).passed);
        f.nano_cpus = 0;
        assert_eq!(
            check.verdict(&facts_with("learn-busy", f)).seen,
            "learn-busy: it has no CPU limit, not 0.5."
        );
        assert_eq!(nano_cpus("two"), None);
        assert_eq!(nano_cpus("-1"), None);
    }

    #[test]
    fn ports_read_with_and_without_a_host_port() {
        assert_eq!(port_of("8080:80"), Some((Some(8080), 80, "tcp".into())));
        assert_eq!(port_of("53/udp"), Some((None, 53, "udp".into())));
        assert_eq!(port_of("80/xyz"), None);
        assert_eq!(port_of("eighty"), None);
    }
}
