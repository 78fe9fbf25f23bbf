//! Images as files: `docker save -o`, `docker load -i` and `docker import` (and `docker
//! search`) as the lines the app shows, and the import form's checks (the new image's name and its `--change` lines), with
//! no I/O. The engine crate streams the files; this module only says what they equal.

use crate::form::FieldError;
use crate::reference::ImageReference;
use serde::{Deserialize, Serialize};

/// The Dockerfile instructions `docker import --change` applies: settings of the image's
/// config. Anything that would need a build (RUN, COPY, FROM…) has no meaning for a tarball.
pub const IMPORT_CHANGES: [&str; 9] = [
    "CMD",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "WORKDIR",
    "USER",
    "LABEL",
    "VOLUME",
    "ONBUILD",
];

/// `docker save -o FILE REF…`: several images into one archive.
pub fn save_argv(refs: &[String], file: &str) -> Vec<String> {
    let mut v: Vec<String> = vec!["docker".into(), "save".into(), "-o".into(), file.into()];
    v.extend(refs.iter().cloned());
    v
}

/// The file name the save dialog suggests: `<repo>_<tag>.tar` for one image (the last part of
/// its repository path, so no registry host or folder ends up in the name), `images.tar` for
/// several, or the short id for an image without a name.
pub fn save_file_name(refs: &[String]) -> String {
    let [one] = refs else {
        return "images.tar".into();
    };
    let one = one.trim();
    let short = one.strip_prefix("sha256:").unwrap_or(one);
    match ImageReference::parse(one) {
        Ok(r) if !one.starts_with("sha256:") => {
            let name = r.repository.rsplit('/').next().unwrap_or(r.repository);
            format!("{name}_{}.tar", r.tag.unwrap_or("latest"))
        }
        _ => format!("{}.tar", short.get(..12).unwrap_or(short)),
    }
}

/// `docker load -i FILE`.
pub fn load_argv(file: &str) -> Vec<String> {
    vec!["docker".into(), "load".into(), "-i".into(), file.into()]
}

/// `docker search --limit N TERM`.
pub fn search_argv(term: &str, limit: u32) -> Vec<String> {
    vec![
        "docker".into(),
        "search".into(),
        "--limit".into(),
        limit.to_string(),
        term.trim().into(),
    ]
}

/// What the import form sends: a name for the new image (optional: without one the image is
/// only known by its id), `--change` lines one per entry, and a message for its history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportForm {
    pub reference: Option<String>,
    pub changes: Vec<String>,
    pub message: Option<String>,
}

/// An import that passed its checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSpec {
    /// The repository part of the new name (with any registry host), or none.
    pub repository: Option<String>,
    pub tag: Option<String>,
    /// Each a checked change line, trimmed.
    pub changes: Vec<String>,
    pub message: Option<String>,
}

impl ImportForm {
    /// Checks every field; each error names its field (`reference`, `changes[2]`, `message`)
    /// and says what would be valid.
    pub fn validate(&self) -> Result<ImportSpec, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut spec = ImportSpec::default();
        let reference = self.reference.as_deref().map(str::trim).unwrap_or("");
        if !reference.is_empty() {
            match ImageReference::parse(reference) {
                Ok(r) if r.digest.is_some() => errs.push(FieldError::new(
                    "reference",
                    "an imported image is named by a tag, not a digest: the engine computes \
                     the digest; remove the `@…` part",
                )),
                Ok(r) => {
                    spec.repository = Some(r.repository.to_owned());
                    spec.tag = r.tag.map(str::to_owned);
                }
                Err(m) => errs.push(FieldError::new("reference", m)),
            }
        }
        for (i, line) in self.changes.iter().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            match check_change(line) {
                Ok(()) => spec.changes.push(line.to_owned()),
                Err(m) => errs.push(FieldError::new(
                    format!("changes[{i}]"),
                    format!("line {}: `{line}`: {m}", i + 1),
                )),
            }
        }
        if let Some(m) = self.message.as_deref().map(str::trim) {
            if m.contains(['\n', '\r']) {
                errs.push(FieldError::new(
                    "message",
                    "the message is one line; remove the line breaks",
                ));
            } else if !m.is_empty() {
                spec.message = Some(m.to_owned());
            }
        }
        if errs.is_empty() {
            Ok(spec)
        } else {
            Err(errs)
        }
    }
}

impl ImportSpec {
    /// The new image's name as `docker import` takes it, if it has one.
    pub fn reference(&self) -> Option<String> {
        let repo = self.repository.as_ref()?;
        Some(match &self.tag {
            Some(t) => format!("{repo}:{t}"),
            None => repo.clone(),
        })
    }

    /// `docker import [-c CHANGE]… [-m MESSAGE] FILE [REF]`.
    pub fn argv(&self, file: &str) -> Vec<String> {
        let mut v: Vec<String> = vec!["docker".into(), "import".into()];
        for c in &self.changes {
            v.extend(["-c".into(), c.clone()]);
        }
        if let Some(m) = &self.message {
            v.extend(["-m".into(), m.clone()]);
        }
        v.push(file.into());
        v.extend(self.reference());
        v
    }
}

/// Checks one `--change` line the way the engine will read it: a known instruction, then
/// arguments of the shape that instruction takes.
pub fn check_change(line: &str) -> Result<(), String> {
    let (word, rest) = match line.split_once(char::is_whitespace) {
        Some((w, r)) => (w, r.trim()),
        None => (line, ""),
    };
    let instruction = word.to_ascii_uppercase();
    if !IMPORT_CHANGES.contains(&instruction.as_str()) {
        return Err(format!(
            "{word} is not a change import can apply; use one of {}",
            IMPORT_CHANGES.join(", ")
        ));
    }
    if rest.is_empty() {
        return Err(format!(
            "{instruction} needs a value, such as {}",
            example(&instruction)
        ));
    }
    match instruction.as_str() {
        "CMD" | "ENTRYPOINT" | "VOLUME" if rest.starts_with('[') => {
            serde_json::from_str::<Vec<String>>(rest)
                .map(|_| ())
                .map_err(|_| {
                    format!(
                        "{instruction}'s [\"…\"] form must be a JSON list of quoted strings, such \
                     as {}",
                        example(&instruction)
                    )
                })
        }
        "ENV" | "LABEL" => check_pairs(&instruction, rest),
        "EXPOSE" => rest.split_whitespace().try_for_each(check_port),
        "ONBUILD" => {
            let inner = rest
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            if ["ONBUILD", "FROM", "MAINTAINER"].contains(&inner.as_str()) {
                Err(format!(
                    "ONBUILD cannot hold {inner}; give it an instruction such as RUN or COPY"
                ))
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

fn example(instruction: &str) -> &'static str {
    match instruction {
        "CMD" => r#"CMD ["echo","hi"]"#,
        "ENTRYPOINT" => r#"ENTRYPOINT ["/bin/sh","-c"]"#,
        "ENV" => "ENV MODE=prod",
        "EXPOSE" => "EXPOSE 80/tcp",
        "WORKDIR" => "WORKDIR /app",
        "USER" => "USER 1000:1000",
        "LABEL" => "LABEL team=web",
        "VOLUME" => r#"VOLUME ["/data"]"#,
        _ => "ONBUILD RUN echo built",
    }
}

/// `KEY=VALUE …`, or the old one-pair form `KEY VALUE`.
fn check_pairs(instruction: &str, rest: &str) -> Result<(), String> {
    let first = rest.split_whitespace().next().unwrap_or("");
    if !first.contains('=') {
        // The old form: everything after the key is the value.
        return if rest.split_whitespace().count() > 1 {
            Ok(())
        } else {
            Err(format!(
                "{instruction} {first} has no value; write {}",
                example(instruction)
            ))
        };
    }
    let words = shell_words::split(rest).map_err(|_| {
        format!(
            "{instruction}: a quote is not closed; close it, as in {instruction} key=\"a value\""
        )
    })?;
    for w in words {
        match w.split_once('=') {
            Some((k, _)) if !k.is_empty() => {}
            _ => {
                return Err(format!(
                    "{instruction}: `{w}` is not key=value; write {}",
                    example(instruction)
                ))
            }
        }
    }
    Ok(())
}

/// `80`, `80/tcp`, `53/udp`, `8000-8010/tcp`.
fn check_port(p: &str) -> Result<(), String> {
    let (ports, proto) = match p.split_once('/') {
        Some((n, proto)) => (n, Some(proto)),
        None => (p, None),
    };
    let number = |n: &str| n.parse::<u16>().ok().filter(|n| *n > 0);
    let ok_ports = match ports.split_once('-') {
        Some((a, b)) => matches!((number(a), number(b)), (Some(a), Some(b)) if a <= b),
        None => number(ports).is_some(),
    };
    let ok_proto =
        proto.is_none_or(|p| ["tcp", "udp", "sctp"].contains(&p.to_ascii_lowercase().as_str()));
    if ok_ports && ok_proto {
        Ok(())
    } else {
        Err(format!(
            "EXPOSE {p}: a port is a number from 1 to 65535 (or a range such as 8000-8010), \
             optionally with /tcp, /udp or /sctp"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::argv::command_line;

    fn form(reference: &str, changes: &[&str]) -> ImportForm {
        ImportForm {
            reference: Some(reference.into()),
            changes: changes.iter().map(|c| (*c).into()).collect(),
            message: None,
        }
    }

    #[test]
    fn an_import_says_its_docker_line() {
        let spec = ImportForm {
            reference: Some("localhost:5000/team/rootfs:1".into()),
            changes: vec![
                r#"CMD ["echo","hi"]"#.into(),
                "  ".into(),
                "ENV A=1 B=2".into(),
            ],
            message: Some("from a tarball".into()),
        }
        .validate()
        .unwrap();
        assert_eq!(
            spec.repository.as_deref(),
            Some("localhost:5000/team/rootfs")
        );
        assert_eq!(spec.tag.as_deref(), Some("1"));
        assert_eq!(
            command_line(&spec.argv("/home/ann/root fs.tar")),
            r#"docker import -c 'CMD ["echo","hi"]' -c 'ENV A=1 B=2' -m 'from a tarball' '/home/ann/root fs.tar' localhost:5000/team/rootfs:1"#
        );
        let unnamed = ImportForm::default().validate().unwrap();
        assert_eq!(
            command_line(&unnamed.argv("/t.tar")),
            "docker import /t.tar"
        );
    }

    #[test]
    fn each_change_is_checked_and_its_line_named() {
        let errs = form(
            "app",
            &[
                "CMD echo hi",
                "RUN rm -rf /",
                r#"CMD ["echo", hi]"#,
                "EXPOSE 80/tcp 70000",
                "ENV MODE",
                "LABEL =x",
                "ONBUILD FROM busybox",
                "WORKDIR",
                "expose 53/udp 8000-8010",
                "USER 1000:1000",
                r#"VOLUME ["/data"]"#,
                "ENTRYPOINT /bin/sh",
                "ENV MODE prod",
            ],
        )
        .validate()
        .unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "changes[1]",
                "changes[2]",
                "changes[3]",
                "changes[4]",
                "changes[5]",
                "changes[6]",
                "changes[7]"
            ]
        );
        assert!(
            errs[0]
                .message
                .starts_with("line 2: `RUN rm -rf /`: RUN is not"),
            "{}",
            errs[0].message
        );
        assert!(errs[0]
            .message
            .contains("CMD, ENTRYPOINT, ENV, EXPOSE, WORKDIR, USER, LABEL, VOLUME, ONBUILD"));
        assert!(errs[1].message.contains("JSON list"), "{}", errs[1].message);
        assert!(errs[2].message.contains("70000"), "{}", errs[2].message);
        assert!(
            errs[3].message.contains("has no value"),
            "{}",
            errs[3].message
        );
        assert!(
            errs[4].message.contains("not key=value"),
            "{}",
            errs[4].message
        );
        assert!(
            errs[5].message.contains("cannot hold FROM"),
            "{}",
            errs[5].message
        );
        assert!(
            errs[6].message.contains("needs a value"),
            "{}",
            errs[6].message
        );
    }

    #[test]
    fn a_reference_is_a_tag_never_a_digest() {
        let digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let e = form(&format!("app@{digest}"), &[]).validate().unwrap_err();
        assert_eq!(e[0].field, "reference");
        assert!(e[0].message.contains("not a digest"));
        assert_eq!(
            form("App", &[]).validate().unwrap_err()[0].field,
            "reference"
        );
        let e = ImportForm {
            message: Some("two\nlines".into()),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e[0].field, "message");
    }

    #[test]
    fn the_suggested_file_name() {
        let name = |refs: &[&str]| {
            save_file_name(&refs.iter().map(|r| (*r).to_owned()).collect::<Vec<_>>())
        };
        assert_eq!(name(&["localhost:5000/team/app:dev"]), "app_dev.tar");
        assert_eq!(name(&["busybox"]), "busybox_latest.tar");
        assert_eq!(name(&["a:1", "b:2"]), "images.tar");
        assert_eq!(
            name(&["sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"]),
            "0123456789ab.tar"
        );
    }

    #[test]
    fn save_and_load_lines() {
        assert_eq!(
            command_line(&save_argv(
                &["web:1".into(), "db:2".into()],
                "/tmp/my images.tar"
            )),
            "docker save -o '/tmp/my images.tar' web:1 db:2"
        );
        assert_eq!(
            command_line(&load_argv("/tmp/a.tar")),
            "docker load -i /tmp/a.tar"
        );
    }
}
