//! `docker system prune`, part by part: which objects each part removes (the engine's own rules
//! for each prune endpoint, applied to `/system/df` and the network list, so the preview is
//! computed from the engine's answer, not guessed) and what they free. Pure: `disk/mod.rs`
//! fetches the inputs and removes exactly what the user saw listed.
//!
//! The engine's rules, as its prune endpoints apply them:
//! - containers: every container not running, paused or restarting;
//! - networks: user networks with no container attached (a stopped container holds no
//!   endpoint, so its networks count as unused);
//! - volumes (`--volumes`): volumes no remaining container mounts; from API 1.42 only
//!   anonymous ones, before it named ones too;
//! - images: dangling ones (no tag), or with `-a` every image no remaining container uses;
//! - build cache: records not in use; without `-a` internal and frontend records stay. The
//!   engine ignores label filters here (BuildKit records carry none).
//!
//! Every part takes `label`, `label!` and `until` alike, except volumes (no `until`).

use super::usage::{bytes, container_active, real_tags, RawDiskUsage};
use crate::connection::ApiVersion;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use tugboat_runspec::system_prune::PruneFilter;

/// The label the engine (API ≥ 1.42) puts on volumes it made for a container (`-v /data`).
pub const ANONYMOUS_VOLUME_LABEL: &str = "com.docker.volume.anonymous";

/// The parts of `docker system prune`, in the order the CLI runs them: containers first, so
/// what they held (networks, volumes, images) is free when its turn comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PrunePart {
    Containers,
    Networks,
    Volumes,
    Images,
    BuildCache,
}

/// One object a part removes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PruneItem {
    pub id: String,
    /// Name, tag or short id: what the user knows it by.
    pub name: String,
    /// What removing it frees; None where nothing is measured (networks).
    pub size_bytes: Option<f64>,
    /// A few words on why it goes (state, "dangling", "unused").
    pub detail: String,
}

/// What one part of the prune removes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrunePartPreview {
    pub part: PrunePart,
    /// The CLI's own description of the part ("all stopped containers").
    pub what: String,
    pub items: Vec<PruneItem>,
    pub frees_bytes: f64,
    /// Something the user should know about this part (a filter the engine ignores here).
    pub note: Option<String>,
}

/// `docker system prune`, before it runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SystemPrunePreview {
    pub command: String,
    pub parts: Vec<PrunePartPreview>,
    pub frees_bytes: f64,
}

/// An object listed in the preview that was not removed, and why.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PruneKept {
    pub id: String,
    pub name: String,
    pub reason: String,
}

/// What one part removed.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrunePartResult {
    pub part: PrunePart,
    pub removed: Vec<PruneItem>,
    pub kept: Vec<PruneKept>,
    pub reclaimed_bytes: f64,
}

/// `docker system prune`, after it ran.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SystemPruneResult {
    pub command: String,
    pub parts: Vec<PrunePartResult>,
    pub reclaimed_bytes: f64,
    /// Set when the run stopped early (the engine went away): what happened.
    pub stopped: Option<String>,
}

/// A network as the prune needs it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct NetworkFacts {
    pub id: String,
    pub name: String,
    /// Unix seconds.
    pub created: Option<f64>,
    pub labels: HashMap<String, String>,
    pub scope: String,
    pub ingress: bool,
    /// Containers with an endpoint on it now.
    pub attached: usize,
}

/// The networks every engine has and no prune removes.
const PREDEFINED_NETWORKS: [&str; 3] = ["bridge", "host", "none"];

/// Everything the preview is computed from.
pub(crate) struct PruneInputs<'a> {
    pub df: &'a RawDiskUsage,
    pub networks: &'a [NetworkFacts],
    /// Ids of images other images are built on (from `/images/json?all=1`).
    pub parents: &'a HashSet<String>,
    pub api: ApiVersion,
}

/// The filters, read once: label sets for `label` and `label!`, and the `until` cut-off.
pub(crate) struct Filters {
    labels: Vec<String>,
    not_labels: Vec<String>,
    /// Unix seconds: objects created after it stay.
    until: Option<f64>,
}

impl Filters {
    pub(crate) fn read(filters: &[PruneFilter], now: f64) -> Result<Filters, String> {
        let mut out = Filters {
            labels: vec![],
            not_labels: vec![],
            until: None,
        };
        for f in filters {
            match f {
                PruneFilter::Label { .. } => out.labels.push(f.api_pair().1),
                PruneFilter::NotLabel { .. } => out.not_labels.push(f.api_pair().1),
                PruneFilter::Until(t) => out.until = Some(until_cutoff(t, now)?),
            }
        }
        Ok(out)
    }

    pub(crate) fn has_labels(&self) -> bool {
        !self.labels.is_empty() || !self.not_labels.is_empty()
    }

    /// The engine's label rule: every `label` entry matches, and not every `label!` entry
    /// matches (an entry is `key`, set with any value, or `key=value`).
    fn labels_match(&self, labels: Option<&HashMap<String, String>>) -> bool {
        let empty = HashMap::new();
        let labels = labels.unwrap_or(&empty);
        let matches = |entry: &String| match entry.split_once('=') {
            Some((k, v)) => labels.get(k).map(String::as_str) == Some(v),
            None => labels.contains_key(entry.as_str()),
        };
        self.labels.iter().all(matches)
            && (self.not_labels.is_empty() || !self.not_labels.iter().all(matches))
    }

    fn old_enough(&self, created: Option<f64>) -> bool {
        match (self.until, created) {
            (Some(cut), Some(c)) => c <= cut,
            _ => true,
        }
    }

    /// Whether an object with these labels and creation time passes every filter.
    fn pass(&self, labels: Option<&HashMap<String, String>>, created: Option<f64>) -> bool {
        self.labels_match(labels) && self.old_enough(created)
    }
}

/// `until` as the engine reads it: a Go duration counted back from now (`24h`, `90m`), an
/// RFC 3339 time, a date or date-time without a zone (taken as UTC), or unix seconds.
pub(crate) fn until_cutoff(text: &str, now: f64) -> Result<f64, String> {
    use chrono::{NaiveDate, NaiveDateTime};
    let t = text.trim();
    if let Ok(Some(ns)) = tugboat_runspec::values::duration_ns(t, "until") {
        return Ok(now - ns as f64 / 1e9);
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(d.timestamp_millis() as f64 / 1000.0);
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, format) {
            return Ok(d.and_utc().timestamp_millis() as f64 / 1000.0);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(d
            .and_hms_opt(0, 0, 0)
            .map_or(0.0, |d| d.and_utc().timestamp() as f64));
    }
    if let Ok(secs) = t.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Ok(secs);
        }
    }
    Err(format!(
        "filters: until `{t}` is not a time: use a duration like 24h or 90m, a date like \
         2026-01-31 or 2026-01-31T12:00:00Z, or unix seconds"
    ))
}

fn short(id: &str) -> String {
    id.trim_start_matches("sha256:").chars().take(12).collect()
}

fn rfc3339_secs(text: Option<&str>) -> Option<f64> {
    text.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|d| d.timestamp_millis() as f64 / 1000.0)
}

/// The whole preview: every part the options include, in the CLI's order.
pub(crate) fn plan(
    inputs: &PruneInputs,
    filters: &Filters,
    all: bool,
    volumes: bool,
) -> Vec<PrunePartPreview> {
    let df = inputs.df;
    let part = |part, what: &str, items: Vec<PruneItem>, note: Option<String>| PrunePartPreview {
        part,
        what: what.to_owned(),
        frees_bytes: items
            .iter()
            .filter_map(|i| i.size_bytes)
            .fold(0.0, |total, b| total + b),
        items,
        note,
    };

    // Containers: not running, paused or restarting.
    let pruned_containers: Vec<_> = df
        .container_list()
        .iter()
        .filter(|c| !container_active(c.state.as_deref()))
        .filter(|c| filters.pass(c.labels.as_ref(), c.created.map(|s| s as f64)))
        .collect();
    let gone: HashSet<&str> = pruned_containers.iter().map(|c| c.id.as_str()).collect();
    let remaining: Vec<_> = df
        .container_list()
        .iter()
        .filter(|c| !gone.contains(c.id.as_str()))
        .collect();
    let mut parts = vec![part(
        PrunePart::Containers,
        "all stopped containers",
        pruned_containers
            .iter()
            .map(|c| PruneItem {
                id: c.id.clone(),
                name: c
                    .names
                    .iter()
                    .flatten()
                    .next()
                    .map(|n| n.trim_start_matches('/').to_owned())
                    .unwrap_or_else(|| short(&c.id)),
                size_bytes: Some(bytes(c.size_rw)),
                detail: c.state.clone().unwrap_or_default(),
            })
            .collect(),
        None,
    )];

    // Networks: user networks with no endpoint.
    parts.push(part(
        PrunePart::Networks,
        "all networks not used by at least one container",
        inputs
            .networks
            .iter()
            .filter(|n| !PREDEFINED_NETWORKS.contains(&n.name.as_str()))
            .filter(|n| !n.ingress && n.scope != "swarm" && n.attached == 0)
            .filter(|n| filters.pass(Some(&n.labels), n.created))
            .map(|n| PruneItem {
                id: n.id.clone(),
                name: n.name.clone(),
                size_bytes: None,
                detail: "no container attached".into(),
            })
            .collect(),
        None,
    ));

    // Volumes: none a remaining container mounts.
    if volumes {
        let mounted: HashSet<&str> = remaining
            .iter()
            .flat_map(|c| c.mounts.iter().flatten())
            .filter_map(|m| m.name.as_deref())
            .collect();
        let anonymous_only = inputs.api
            >= ApiVersion {
                major: 1,
                minor: 42,
            };
        let note = (!anonymous_only).then(|| {
            format!(
                "This engine speaks API {} (before 1.42): its volume prune removes named \
                 volumes no container uses too, not only anonymous ones.",
                inputs.api
            )
        });
        parts.push(part(
            PrunePart::Volumes,
            "all anonymous volumes not used by at least one container",
            df.volume_list()
                .iter()
                .filter(|v| !mounted.contains(v.name.as_str()))
                .filter(|v| {
                    !anonymous_only
                        || v.labels
                            .as_ref()
                            .is_some_and(|l| l.contains_key(ANONYMOUS_VOLUME_LABEL))
                })
                .filter(|v| filters.labels_match(v.labels.as_ref()))
                .map(|v| PruneItem {
                    id: v.name.clone(),
                    name: v.name.clone(),
                    size_bytes: v
                        .usage_data
                        .as_ref()
                        .and_then(|u| u.size)
                        .filter(|s| *s >= 0)
                        .map(|s| s as f64),
                    detail: if v
                        .labels
                        .as_ref()
                        .is_some_and(|l| l.contains_key(ANONYMOUS_VOLUME_LABEL))
                    {
                        "anonymous, unused".into()
                    } else {
                        "unused".into()
                    },
                })
                .collect(),
            note,
        ));
    }

    // Images: dangling, or with -a any no remaining container uses.
    let used_images: HashSet<&str> = remaining
        .iter()
        .filter_map(|c| c.image_id.as_deref())
        .collect();
    parts.push(part(
        PrunePart::Images,
        if all {
            "all images without at least one container associated to them"
        } else {
            "all dangling images"
        },
        df.image_list()
            .iter()
            .filter(|i| all || real_tags(&i.repo_tags).is_empty())
            .filter(|i| !used_images.contains(i.id.as_str()))
            .filter(|i| filters.pass(i.labels.as_ref(), i.created.map(|s| s as f64)))
            .map(|i| {
                let tags = real_tags(&i.repo_tags);
                let has_children = inputs.parents.contains(&i.id);
                let unique = match i.shared_size {
                    Some(s) if s >= 0 => (bytes(i.size) - s as f64).max(0.0),
                    _ => bytes(i.size),
                };
                PruneItem {
                    id: i.id.clone(),
                    name: tags.first().cloned().unwrap_or_else(|| short(&i.id)),
                    // An image others are built on only loses its tags: its layers stay.
                    size_bytes: Some(if has_children { 0.0 } else { unique }),
                    detail: if has_children {
                        "untagged only: other images are built on it".into()
                    } else if tags.is_empty() {
                        "dangling".into()
                    } else {
                        "unused".into()
                    },
                }
            })
            .collect(),
        None,
    ));

    // Build cache: records not in use.
    let note = filters.has_labels().then(|| {
        "The engine does not filter build cache by label: every unused record listed here goes \
         whatever label filter is set."
            .to_owned()
    });
    parts.push(part(
        PrunePart::BuildCache,
        if all {
            "all build cache"
        } else {
            "unused build cache"
        },
        df.cache_list()
            .iter()
            .filter(|c| c.in_use != Some(true))
            .filter(|c| all || !matches!(c.kind.as_deref(), Some("internal" | "frontend")))
            .filter(|c| filters.old_enough(rfc3339_secs(c.last_used_at.as_deref())))
            .map(|c| PruneItem {
                id: c.id.clone(),
                name: c
                    .description
                    .clone()
                    .filter(|d| !d.is_empty())
                    .unwrap_or_else(|| short(&c.id)),
                size_bytes: Some(bytes(c.size)),
                detail: c.kind.clone().unwrap_or_default(),
            })
            .collect(),
        note,
    ));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use tugboat_runspec::system_prune::parse_filter;

    const NOW: f64 = 1_800_000_000.0;

    fn df() -> RawDiskUsage {
        serde_json::from_str(
            r#"{
          "LayersSize": 10000,
          "Images": [
            {"Id":"sha256:used","RepoTags":["app:1"],"Created":100,"Size":3000,"SharedSize":1000,
             "Containers":1,"Labels":{"team":"web"}},
            {"Id":"sha256:dangling","RepoTags":["<none>:<none>"],"Created":200,"Size":1500,
             "SharedSize":1000,"Containers":0,"Labels":{"team":"web"}},
            {"Id":"sha256:old-stopped-only","RepoTags":null,"Created":300,"Size":700,
             "SharedSize":-1,"Containers":1,"Labels":{"team":"ops"}},
            {"Id":"sha256:tagged","RepoTags":["tool:2"],"Created":400,"Size":900,"SharedSize":0,
             "Containers":0,"Labels":null},
            {"Id":"sha256:base","RepoTags":["base:1"],"Created":50,"Size":500,"SharedSize":0,
             "Containers":0}
          ],
          "Containers": [
            {"Id":"run","Names":["/web"],"ImageID":"sha256:used","State":"running",
             "Created":1000,"SizeRw":10,"Labels":{"team":"web"},
             "Mounts":[{"Type":"volume","Name":"named-used"}]},
            {"Id":"stop","Names":["/old"],"ImageID":"sha256:old-stopped-only","State":"exited",
             "Created":1100,"SizeRw":20,"Labels":{"team":"ops"},
             "Mounts":[{"Type":"volume","Name":"anon-held"}]},
            {"Id":"paused","Names":["/p"],"ImageID":"sha256:used","State":"paused",
             "Created":1200,"SizeRw":30,"Labels":{"team":"web"}},
            {"Id":"made","Names":["/m"],"ImageID":"sha256:used","State":"created",
             "Created":1300,"SizeRw":40,"Labels":{"team":"web","keep":"yes"}}
          ],
          "Volumes": [
            {"Name":"named-used","Labels":null,"UsageData":{"Size":5,"RefCount":1}},
            {"Name":"named-free","Labels":{"team":"web"},"UsageData":{"Size":6,"RefCount":0}},
            {"Name":"anon-free","Labels":{"com.docker.volume.anonymous":""},
             "UsageData":{"Size":7,"RefCount":0}},
            {"Name":"anon-held","Labels":{"com.docker.volume.anonymous":""},
             "UsageData":{"Size":8,"RefCount":1}}
          ],
          "BuildCache": [
            {"ID":"b1","Type":"regular","Description":"RUN make","Size":100,"InUse":false,
             "LastUsedAt":"2026-01-01T00:00:00Z"},
            {"ID":"b2","Type":"regular","Size":200,"InUse":true},
            {"ID":"b3","Type":"frontend","Size":300,"InUse":false}
          ]
        }"#,
        )
        .unwrap()
    }

    fn networks() -> Vec<NetworkFacts> {
        let n = |name: &str, attached, labels: &[(&str, &str)]| NetworkFacts {
            id: format!("id-{name}"),
            name: name.into(),
            created: Some(500.0),
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            scope: "local".into(),
            ingress: false,
            attached,
        };
        vec![
            n("bridge", 0, &[]),
            n("none", 0, &[]),
            n("front", 1, &[("team", "web")]),
            n("spare", 0, &[("team", "web")]),
            n("other", 0, &[]),
        ]
    }

    fn ids(part: &PrunePartPreview) -> Vec<&str> {
        part.items.iter().map(|i| i.id.as_str()).collect()
    }

    fn run(filters: &[&str], all: bool, volumes: bool, api_minor: u16) -> Vec<PrunePartPreview> {
        let df = df();
        let nets = networks();
        let parents: HashSet<String> = ["sha256:base".to_owned()].into();
        let parsed: Vec<_> = filters.iter().map(|f| parse_filter(f).unwrap()).collect();
        let filters = Filters::read(&parsed, NOW).unwrap();
        plan(
            &PruneInputs {
                df: &df,
                networks: &nets,
                parents: &parents,
                api: ApiVersion {
                    major: 1,
                    minor: api_minor,
                },
            },
            &filters,
            all,
            volumes,
        )
    }

    #[test]
    fn without_options_it_removes_what_docker_system_prune_does() {
        let parts = run(&[], false, false, 43);
        let names: Vec<_> = parts.iter().map(|p| p.part).collect();
        assert_eq!(
            names,
            [
                PrunePart::Containers,
                PrunePart::Networks,
                PrunePart::Images,
                PrunePart::BuildCache
            ]
        );
        // Not running, paused or restarting: exited and created go.
        assert_eq!(ids(&parts[0]), ["stop", "made"]);
        assert_eq!(parts[0].frees_bytes, 60.0);
        // Predefined and attached networks stay.
        assert_eq!(ids(&parts[1]), ["id-spare", "id-other"]);
        // Dangling only. The untagged image the stopped container used is free once that
        // container is gone (containers go first), so it goes too.
        assert_eq!(
            ids(&parts[2]),
            ["sha256:dangling", "sha256:old-stopped-only"]
        );
        // Unique sizes: 1500 - 1000, and 700 when the shared size is unknown.
        assert_eq!(parts[2].frees_bytes, 1200.0);
        // Not in use, and no frontend record without -a.
        assert_eq!(ids(&parts[3]), ["b1"]);
        assert_eq!(parts[3].what, "unused build cache");
        assert!(parts.iter().all(|p| p.note.is_none()));
    }

    #[test]
    fn all_and_volumes_widen_the_parts() {
        let parts = run(&[], true, true, 43);
        assert_eq!(parts[2].part, PrunePart::Volumes);
        // Anonymous only on API ≥ 1.42; the one the pruned container held is free by then.
        assert_eq!(ids(&parts[2]), ["anon-free", "anon-held"]);
        assert_eq!(parts[2].frees_bytes, 15.0);
        assert_eq!(
            ids(&parts[3]),
            [
                "sha256:dangling",
                "sha256:old-stopped-only",
                "sha256:tagged",
                "sha256:base"
            ]
        );
        // An image others are built on only loses its tag: nothing freed.
        let base = &parts[3].items[3];
        assert_eq!(base.size_bytes, Some(0.0));
        assert!(base.detail.contains("built on it"));
        assert_eq!(ids(&parts[4]), ["b1", "b3"]);
        assert_eq!(parts[4].what, "all build cache");
    }

    #[test]
    fn old_engines_prune_named_volumes_too_and_say_so() {
        let parts = run(&[], false, true, 41);
        assert_eq!(ids(&parts[2]), ["named-free", "anon-free", "anon-held"]);
        assert!(parts[2].note.as_deref().unwrap_or("").contains("1.41"));
    }

    #[test]
    fn label_filters_narrow_every_part_but_build_cache() {
        let parts = run(&["label=team=web", "label!=keep"], false, true, 41);
        // "made" has team=web but also keep: kept. "stop" is team=ops.
        assert!(ids(&parts[0]).is_empty());
        assert_eq!(ids(&parts[1]), ["id-spare"]);
        assert_eq!(ids(&parts[2]), ["named-free"]);
        assert_eq!(ids(&parts[3]), ["sha256:dangling"]);
        assert_eq!(ids(&parts[4]), ["b1"]);
        assert!(parts[4].note.as_deref().unwrap_or("").contains("label"));

        let key_only = run(&["label=team"], false, false, 43);
        assert_eq!(ids(&key_only[0]), ["stop", "made"]);
    }

    #[test]
    fn until_keeps_what_is_newer() {
        // Unix seconds: containers created at 1100 and 1300; only the first is old enough.
        let parts = run(&["until=1200"], false, false, 43);
        assert_eq!(ids(&parts[0]), ["stop"]);
        // The image of "made" stays used (made stays), "old-stopped-only" goes with "stop".
        assert_eq!(
            ids(&parts[2]),
            ["sha256:dangling", "sha256:old-stopped-only"]
        );
        // The networks were made at 500.
        assert_eq!(ids(&parts[1]).len(), 2);
        // Build cache last used on 2026-01-01 (1767225600) is after 1200: it stays.
        assert!(ids(&parts[3]).is_empty());
        let none = run(&["until=100"], false, false, 43);
        assert!(ids(&none[0]).is_empty());
        assert!(ids(&none[1]).is_empty());
    }

    #[test]
    fn until_reads_durations_dates_and_unix_seconds() {
        assert_eq!(until_cutoff("24h", NOW), Ok(NOW - 86400.0));
        assert_eq!(until_cutoff("1h30m", NOW), Ok(NOW - 5400.0));
        assert_eq!(until_cutoff("2026-01-01", NOW), Ok(1_767_225_600.0));
        assert_eq!(
            until_cutoff("2026-01-01T01:00:00Z", NOW),
            Ok(1_767_229_200.0)
        );
        assert_eq!(
            until_cutoff("2026-01-01T01:00:00+01:00", NOW),
            Ok(1_767_225_600.0)
        );
        assert_eq!(until_cutoff("2026-01-01T00:01", NOW), Ok(1_767_225_660.0));
        assert_eq!(until_cutoff("1700000000.5", NOW), Ok(1_700_000_000.5));
        let e = until_cutoff("yesterday", NOW).unwrap_err();
        assert!(e.contains("until") && e.contains("24h"), "{e}");
    }
}
