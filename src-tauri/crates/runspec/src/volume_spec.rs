//! `docker volume …`: the create form and its checks (the engine's own rules, so a bad name is
//! refused here with what would be valid rather than by the engine), the prune filters, and
//! the argv each volume command equals. No engine: the engine crate sends the same values.

use crate::form::{FieldError, LabelRow};
use crate::validate::{env::labels, problem, Problems};
use serde::{Deserialize, Serialize};

/// The driver the engine uses when none is named.
pub const LOCAL_DRIVER: &str = "local";

/// The options the local driver accepts (Engine 20.10+: `type`, `device`, `o`); it refuses
/// any other key when the volume is created.
pub const LOCAL_OPTIONS: &[&str] = &["type", "device", "o"];

/// The local driver's options that need others beside them: it mounts `device` as a
/// filesystem of `type` with the mount options `o`, so each is refused without the ones named.
const LOCAL_NEEDS: &[(&str, &str)] = &[("type", "device"), ("device", "type"), ("o", "device")];

/// The create form as typed: every field a string, empty meaning "not given".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VolumeForm {
    /// Empty: the engine makes up a name (64 hex characters).
    pub name: String,
    /// Empty: `local`.
    pub driver: String,
    /// Driver options (`-o key=value`); rows with no key and no value are ignored.
    pub options: Vec<LabelRow>,
    pub labels: Vec<LabelRow>,
}

/// A checked create request: what is sent to the engine and what the command says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeSpec {
    pub name: Option<String>,
    /// None: the engine's default, `local`.
    pub driver: Option<String>,
    pub options: Vec<(String, String)>,
    pub labels: Vec<(String, String)>,
}

impl VolumeForm {
    /// Every problem with the form, each on its field (`name`, `driver`, `options[1].key`,
    /// `labels[0].key`), or the spec it makes.
    pub fn validate(&self) -> Result<VolumeSpec, Vec<FieldError>> {
        let mut errs = Problems::new();
        let driver = self.driver.trim();
        let driver = (!driver.is_empty()).then(|| driver.to_owned());
        let local = driver.as_deref().is_none_or(|d| d == LOCAL_DRIVER);
        if let Some(d) = &driver {
            if d.chars().any(char::is_whitespace) {
                problem(
                    &mut errs,
                    "driver",
                    format!("driver `{d}` may not contain spaces: a plugin name such as `local` or `vieux/sshfs`"),
                );
            }
        }
        let name = self.name.trim();
        let name = if name.is_empty() {
            None
        } else {
            if local {
                if let Err(m) = local_volume_name(name) {
                    problem(&mut errs, "name", m);
                }
            } else if name.chars().any(|c| c.is_whitespace() || c == '/') {
                problem(
                    &mut errs,
                    "name",
                    format!("volume name `{name}` may not contain spaces or `/`"),
                );
            }
            Some(name.to_owned())
        };
        let mut options: Vec<(String, String)> = Vec::new();
        let mut rows_of = Vec::new();
        for (i, row) in self.options.iter().enumerate() {
            let key = row.key.trim();
            let field = format!("options[{i}].key");
            if key.is_empty() {
                if !row.value.is_empty() {
                    problem(&mut errs, field, "a driver option needs a key");
                }
                continue;
            }
            if key.chars().any(char::is_whitespace) || key.contains('=') {
                problem(
                    &mut errs,
                    field,
                    format!("option key `{key}` may not contain spaces or `=`"),
                );
                continue;
            }
            if local && !LOCAL_OPTIONS.contains(&key) {
                problem(
                    &mut errs,
                    field,
                    format!(
                        "the local driver has no option `{key}`: it takes {}",
                        LOCAL_OPTIONS.join(", ")
                    ),
                );
                continue;
            }
            if options.iter().any(|(k, _)| k == key) {
                problem(&mut errs, field, format!("option `{key}` is given twice"));
                continue;
            }
            options.push((key.to_owned(), row.value.clone()));
            rows_of.push(i);
        }
        if local {
            for ((key, _), i) in options.iter().zip(&rows_of) {
                for (needs, other) in LOCAL_NEEDS {
                    if key == needs && !options.iter().any(|(k, _)| k == other) {
                        problem(
                            &mut errs,
                            format!("options[{i}].key"),
                            format!(
                                "the local driver's `{key}` needs a `{other}` option too: it \
                                 mounts `device` as a filesystem of `type` with the options `o`"
                            ),
                        );
                    }
                }
            }
        }
        let labels = labels(&self.labels, &mut errs);
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(VolumeSpec {
            name,
            driver,
            options,
            labels,
        })
    }
}

/// The local driver's rule for names (the engine's `[a-zA-Z0-9][a-zA-Z0-9_.-]+`): two
/// characters at least, a letter or digit first.
pub fn local_volume_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if first_ok && rest_ok && name.chars().count() >= 2 {
        return Ok(());
    }
    Err(format!(
        "volume name `{name}` is not valid for the local driver: at least two characters, \
         letters, digits, `_`, `.` or `-`, starting with a letter or digit (a host folder is \
         a bind mount, not a volume)"
    ))
}

impl VolumeSpec {
    /// `docker volume create [--driver D] [--opt k=v]… [--label k=v]… [NAME]`.
    pub fn argv(&self) -> Vec<String> {
        let mut a = vec!["docker".to_owned(), "volume".into(), "create".into()];
        if let Some(d) = &self.driver {
            a.push("--driver".into());
            a.push(d.clone());
        }
        for (k, v) in &self.options {
            a.push("--opt".into());
            a.push(format!("{k}={v}"));
        }
        for (k, v) in &self.labels {
            a.push("--label".into());
            a.push(if v.is_empty() {
                k.clone()
            } else {
                format!("{k}={v}")
            });
        }
        if let Some(n) = &self.name {
            a.push(n.clone());
        }
        a
    }
}

/// `docker volume inspect NAME`.
pub fn inspect_argv(name: &str) -> Vec<String> {
    vec![
        "docker".into(),
        "volume".into(),
        "inspect".into(),
        name.into(),
    ]
}

/// `docker volume rm [--force] NAME`.
pub fn remove_argv(name: &str, force: bool) -> Vec<String> {
    let mut a = vec!["docker".into(), "volume".into(), "rm".into()];
    if force {
        a.push("--force".into());
    }
    a.push(name.into());
    a
}

/// What a prune is asked to consider.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VolumePruneFilters {
    /// Named volumes too, not only anonymous ones (`--all`, API 1.42 and later).
    pub all: bool,
    /// `--filter label=KEY` or `label=KEY=VALUE`: only volumes carrying every one of them.
    pub labels: Vec<String>,
}

impl VolumePruneFilters {
    /// The labels, trimmed, without empty ones; a problem on `labels[i]` for a label with no key.
    pub fn validate(&self) -> Result<Vec<String>, Vec<FieldError>> {
        let mut errs = Problems::new();
        let mut out = Vec::new();
        for (i, l) in self.labels.iter().enumerate() {
            let l = l.trim();
            if l.is_empty() {
                continue;
            }
            let key = l.split_once('=').map_or(l, |(k, _)| k);
            if key.is_empty() || key.chars().any(char::is_whitespace) {
                problem(
                    &mut errs,
                    format!("labels[{i}]"),
                    format!("label filter `{l}` needs a key without spaces: KEY or KEY=VALUE"),
                );
                continue;
            }
            out.push(l.to_owned());
        }
        if errs.is_empty() {
            Ok(out)
        } else {
            Err(errs)
        }
    }

    /// `docker volume prune --force [--all] [--filter label=…]…`: `--force` because the app
    /// asks first, in its own dialog.
    pub fn argv(&self, labels: &[String]) -> Vec<String> {
        let mut a = vec![
            "docker".into(),
            "volume".into(),
            "prune".into(),
            "--force".into(),
        ];
        if self.all {
            a.push("--all".into());
        }
        for l in labels {
            a.push("--filter".into());
            a.push(format!("label={l}"));
        }
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::argv::command_line;

    fn row(k: &str, v: &str) -> LabelRow {
        LabelRow {
            key: k.into(),
            value: v.into(),
        }
    }

    fn fields(r: Result<VolumeSpec, Vec<FieldError>>) -> Vec<String> {
        r.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn an_empty_form_is_docker_volume_create() {
        let spec = VolumeForm::default().validate().unwrap();
        assert_eq!(command_line(&spec.argv()), "docker volume create");
        assert_eq!(spec.name, None);
        assert_eq!(spec.driver, None);
    }

    #[test]
    fn names_follow_the_local_drivers_rule() {
        for good in ["db", "a1", "my_data.v2-x", "0abc"] {
            assert!(local_volume_name(good).is_ok(), "{good}");
        }
        for bad in [
            "a",
            "_db",
            ".x",
            "-x",
            "my data",
            "a/b",
            "/srv/data",
            "dätä",
            "",
        ] {
            let e = local_volume_name(bad).unwrap_err();
            assert!(e.contains("letters, digits"), "{bad}: {e}");
        }
        let f = VolumeForm {
            name: "/srv/data".into(),
            ..Default::default()
        };
        assert_eq!(fields(f.validate()), ["name"]);
    }

    #[test]
    fn another_driver_may_use_names_the_local_one_refuses() {
        let f = VolumeForm {
            name: "x".into(),
            driver: "vieux/sshfs".into(),
            options: vec![row("sshcmd", "u@h:/p")],
            ..Default::default()
        };
        let spec = f.validate().unwrap();
        assert_eq!(
            command_line(&spec.argv()),
            "docker volume create --driver vieux/sshfs --opt 'sshcmd=u@h:/p' x"
        );
    }

    #[test]
    fn options_and_labels_are_checked_on_their_rows() {
        let f = VolumeForm {
            name: "data".into(),
            driver: "local".into(),
            options: vec![
                row("type", "tmpfs"),
                row("", ""),
                row("size", "1g"),
                row("o", "size=100m"),
                row("type", "nfs"),
                row("", "x"),
            ],
            labels: vec![row("team", "a b"), row("bad key", "")],
        };
        assert_eq!(
            fields(f.validate()),
            [
                "options[2].key",
                "options[4].key",
                "options[5].key",
                // `type` and `o` without a `device`.
                "options[0].key",
                "options[3].key",
                "labels[1].key"
            ]
        );
        let ok = VolumeForm {
            options: vec![
                row("type", "tmpfs"),
                row("device", "tmpfs"),
                row("o", "size=100m,uid=1000"),
            ],
            labels: vec![row("team", "a b"), row("flag", "")],
            ..f
        };
        let spec = ok.validate().unwrap();
        assert_eq!(
            command_line(&spec.argv()),
            "docker volume create --driver local --opt 'type=tmpfs' --opt 'device=tmpfs' --opt 'o=size=100m,uid=1000' \
             --label 'team=a b' --label flag data"
        );
    }

    #[test]
    fn local_options_need_their_partners() {
        let f = |opts: &[&str]| VolumeForm {
            options: opts.iter().map(|k| row(k, "x")).collect(),
            ..Default::default()
        };
        assert_eq!(fields(f(&["o"]).validate()), ["options[0].key"]);
        assert_eq!(
            fields(f(&["type", "o"]).validate()),
            ["options[0].key", "options[1].key"]
        );
        assert_eq!(fields(f(&["device"]).validate()), ["options[0].key"]);
        assert!(f(&["device", "type", "o"]).validate().is_ok());
        let other = VolumeForm {
            driver: "vieux/sshfs".into(),
            ..f(&["o"])
        };
        assert!(
            other.validate().is_ok(),
            "other drivers have their own rules"
        );
    }

    #[test]
    fn a_driver_with_spaces_is_refused() {
        let f = VolumeForm {
            driver: "my driver".into(),
            ..Default::default()
        };
        assert_eq!(fields(f.validate()), ["driver"]);
    }

    #[test]
    fn prune_filters_make_the_cli_line() {
        let f = VolumePruneFilters {
            all: false,
            labels: vec![" team=a ".into(), "".into(), "keep".into()],
        };
        let labels = f.validate().unwrap();
        assert_eq!(
            command_line(&f.argv(&labels)),
            "docker volume prune --force --filter 'label=team=a' --filter 'label=keep'"
        );
        let all = VolumePruneFilters { all: true, ..f };
        assert!(command_line(&all.argv(&[])).ends_with("prune --force --all"));
        let bad = VolumePruneFilters {
            all: false,
            labels: vec!["=x".into(), "a b=c".into()],
        };
        let e: Vec<String> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(e, ["labels[0]", "labels[1]"]);
    }

    #[test]
    fn remove_and_inspect_lines() {
        assert_eq!(
            command_line(&remove_argv("db", false)),
            "docker volume rm db"
        );
        assert_eq!(
            command_line(&remove_argv("db", true)),
            "docker volume rm --force db"
        );
        assert_eq!(
            command_line(&inspect_argv("my vol")),
            "docker volume inspect 'my vol'"
        );
    }
}
