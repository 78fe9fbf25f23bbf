//! Storage: named and anonymous volumes, bind mounts of host folders, and tmpfs (`-v`,
//! `--tmpfs`).

use super::{opt, problem, Problems};
use crate::form::{MountKind, MountRow};
use crate::spec::MountSpec;
use crate::values;

/// The rows that are valid, as specs; problems are on `mounts[i].<field>`.
pub fn mounts(rows: &[MountRow], errs: &mut Problems) -> Vec<MountSpec> {
    let mut out = Vec::new();
    for (i, m) in rows.iter().enumerate() {
        let f = |k: &str| format!("mounts[{i}].{k}");
        let target = m.target.trim();
        if !target.starts_with('/') {
            problem(
                errs,
                f("target"),
                if target.is_empty() {
                    "say where the data appears inside the container, such as /data".into()
                } else {
                    format!(
                        "`{target}` must be an absolute path inside the container, such as /data"
                    )
                },
            );
            continue;
        }
        let source = match (m.kind, opt(&m.source)) {
            (MountKind::Volume, None) => None,
            (MountKind::Volume, Some(s)) => match values::volume_name(&s) {
                Ok(n) => Some(n),
                Err(msg) => {
                    problem(errs, f("source"), msg);
                    continue;
                }
            },
            (MountKind::Bind, None) => {
                problem(errs, f("source"), "choose the host folder to share");
                continue;
            }
            (MountKind::Bind, Some(s)) if !values::is_absolute_host_path(&s) => {
                problem(
                    errs,
                    f("source"),
                    format!(
                        "host path `{s}` is relative: give the full path, such as /home/you/{}",
                        s.trim_start_matches("./")
                    ),
                );
                continue;
            }
            (MountKind::Bind, Some(s)) => Some(s),
            (MountKind::Tmpfs, Some(_)) => {
                problem(
                    errs,
                    f("source"),
                    "a tmpfs mount has no source: it lives in memory",
                );
                continue;
            }
            (MountKind::Tmpfs, None) => None,
        };
        let selinux = match m.selinux.trim() {
            "" => None,
            "z" | "Z" if m.kind == MountKind::Bind => Some(m.selinux.trim().to_owned()),
            other => {
                problem(
                    errs,
                    f("selinux"),
                    format!("`{other}`: SELinux relabelling is z or Z, on host folders only"),
                );
                continue;
            }
        };
        out.push(MountSpec {
            kind: m.kind,
            source,
            target: target.to_owned(),
            read_only: m.read_only,
            selinux,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: MountKind, source: &str, target: &str, selinux: &str) -> MountRow {
        MountRow {
            kind,
            source: source.into(),
            target: target.into(),
            read_only: false,
            selinux: selinux.into(),
        }
    }

    #[test]
    fn each_kind_is_checked_by_its_own_rule() {
        use MountKind::*;
        let mut errs = Problems::new();
        let specs = mounts(
            &[
                row(Volume, "data", "/data", ""),
                row(Volume, "", "/cache", ""),
                row(Bind, "/srv/site", "/site", "z"),
                row(Tmpfs, "", "/tmp", ""),
                row(Volume, "data", "data", ""),
                row(Bind, "", "/x", ""),
                row(Bind, "./site", "/x", ""),
                row(Tmpfs, "mem", "/x", ""),
                row(Volume, "data", "/x", "Z"),
            ],
            &mut errs,
        );
        assert_eq!(specs.len(), 4);
        assert_eq!(specs[2].volume_value(), "/srv/site:/site:z");
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "mounts[4].target",
                "mounts[5].source",
                "mounts[6].source",
                "mounts[7].source",
                "mounts[8].selinux"
            ]
        );
        assert!(errs[2].message.contains("relative"));
    }
}
