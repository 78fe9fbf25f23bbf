//! `docker system prune`: its options, its `--filter` values read the way the CLI reads them,
//! and the argv it equals. Which objects the filters pick is the engine crate's (it needs the
//! engine's lists); what the user typed and what the command says live here.

use serde::{Deserialize, Serialize};

/// What the user chose for `docker system prune`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SystemPruneOptions {
    /// `-a`: every image no container uses, not only dangling ones (and all build cache).
    pub all: bool,
    /// `--volumes`: anonymous volumes no container uses.
    pub volumes: bool,
    /// `--filter` values as typed: `label=<key>[=<value>]`, `label!=<key>[=<value>]`,
    /// `until=<time>`.
    pub filters: Vec<String>,
}

/// One `--filter`, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PruneFilter {
    /// `label=key` (the label is set) or `label=key=value`.
    Label { key: String, value: Option<String> },
    /// `label!=key` or `label!=key=value`: objects carrying it are kept.
    NotLabel { key: String, value: Option<String> },
    /// `until=<time>`: only objects created before it (a duration ago, a date or a unix time;
    /// the engine crate reads the time).
    Until(String),
}

impl PruneFilter {
    /// The filter's name and value as the Engine API takes them (`label`, `a=b`).
    pub fn api_pair(&self) -> (&'static str, String) {
        let kv = |key: &str, value: &Option<String>| match value {
            Some(v) => format!("{key}={v}"),
            None => key.to_owned(),
        };
        match self {
            PruneFilter::Label { key, value } => ("label", kv(key, value)),
            PruneFilter::NotLabel { key, value } => ("label!", kv(key, value)),
            PruneFilter::Until(t) => ("until", t.clone()),
        }
    }
}

const VALID: &str = "use label=<key>[=<value>], label!=<key>[=<value>] or until=<time> (like 24h \
                     or 2026-01-31)";

/// Reads one `--filter` value as the CLI splits it: the name up to the first `=`.
pub fn parse_filter(text: &str) -> Result<PruneFilter, String> {
    let t = text.trim();
    let Some((name, value)) = t.split_once('=') else {
        return Err(format!("filter `{t}` has no `=`: {VALID}"));
    };
    let label = |value: &str| -> Result<(String, Option<String>), String> {
        let (key, v) = match value.split_once('=') {
            Some((k, v)) => (k, Some(v.to_owned())),
            None => (value, None),
        };
        if key.trim().is_empty() {
            return Err(format!("filter `{t}` names no label key: {VALID}"));
        }
        Ok((key.to_owned(), v))
    };
    match name {
        "label" => label(value).map(|(key, value)| PruneFilter::Label { key, value }),
        "label!" => label(value).map(|(key, value)| PruneFilter::NotLabel { key, value }),
        "until" if value.trim().is_empty() => Err(format!("filter `{t}` gives no time: {VALID}")),
        "until" => Ok(PruneFilter::Until(value.trim().to_owned())),
        _ => Err(format!(
            "filter `{name}` is not one docker system prune takes: {VALID}"
        )),
    }
}

impl SystemPruneOptions {
    /// The filters, read, with the CLI's own refusals: one `until` at most, and none with
    /// `--volumes` (volume prune has no `until`).
    pub fn parsed_filters(&self) -> Result<Vec<PruneFilter>, String> {
        let filters = self
            .filters
            .iter()
            .filter(|f| !f.trim().is_empty())
            .map(|f| parse_filter(f))
            .collect::<Result<Vec<_>, _>>()?;
        let untils = filters
            .iter()
            .filter(|f| matches!(f, PruneFilter::Until(_)))
            .count();
        if untils > 1 {
            return Err("filters: give `until` once; the engine takes one time".into());
        }
        if untils == 1 && self.volumes {
            return Err(
                "filters: `until` cannot be used with volumes (the engine does not date \
                 volumes for pruning); drop the until filter or the volumes option"
                    .into(),
            );
        }
        Ok(filters)
    }

    /// `docker system prune [-a] [--volumes] [--filter …] -f`.
    pub fn argv(&self) -> Vec<String> {
        let mut v: Vec<String> = vec!["docker".into(), "system".into(), "prune".into()];
        if self.all {
            v.push("-a".into());
        }
        if self.volumes {
            v.push("--volumes".into());
        }
        for f in self.filters.iter().filter(|f| !f.trim().is_empty()) {
            v.push("--filter".into());
            v.push(f.trim().to_owned());
        }
        v.push("-f".into());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::argv::command_line;

    #[test]
    fn filters_split_at_the_first_equals_sign() {
        assert_eq!(
            parse_filter("label=a=b=c"),
            Ok(PruneFilter::Label {
                key: "a".into(),
                value: Some("b=c".into())
            })
        );
        assert_eq!(
            parse_filter("label=team"),
            Ok(PruneFilter::Label {
                key: "team".into(),
                value: None
            })
        );
        assert_eq!(
            parse_filter("label!=keep=yes"),
            Ok(PruneFilter::NotLabel {
                key: "keep".into(),
                value: Some("yes".into())
            })
        );
        assert_eq!(
            parse_filter(" until=24h "),
            Ok(PruneFilter::Until("24h".into()))
        );
        assert_eq!(
            PruneFilter::NotLabel {
                key: "keep".into(),
                value: Some("yes".into())
            }
            .api_pair(),
            ("label!", "keep=yes".to_owned())
        );
    }

    #[test]
    fn bad_filters_say_what_would_be_valid() {
        for bad in ["dangling=true", "label", "label==x", "until="] {
            let e = parse_filter(bad).unwrap_err();
            assert!(e.contains("label=<key>"), "{bad}: {e}");
        }
        let two = SystemPruneOptions {
            filters: vec!["until=1h".into(), "until=2h".into()],
            ..Default::default()
        };
        assert!(two.parsed_filters().unwrap_err().contains("once"));
        let with_volumes = SystemPruneOptions {
            volumes: true,
            filters: vec!["until=1h".into()],
            ..Default::default()
        };
        assert!(with_volumes
            .parsed_filters()
            .unwrap_err()
            .contains("volumes"));
    }

    #[test]
    fn the_command_has_every_option_and_forces() {
        let o = SystemPruneOptions {
            all: true,
            volumes: true,
            filters: vec!["label=team=web ops".into(), " ".into()],
        };
        assert_eq!(
            command_line(&o.argv()),
            "docker system prune -a --volumes --filter 'label=team=web ops' -f"
        );
        assert_eq!(
            command_line(&SystemPruneOptions::default().argv()),
            "docker system prune -f"
        );
    }
}
