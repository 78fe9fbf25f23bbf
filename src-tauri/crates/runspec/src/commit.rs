//! `docker commit`: a new image from a container's current files, with a message, an author,
//! and Dockerfile-style changes to its configuration.

use crate::form::FieldError;
use crate::reference::ImageReference;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CommitForm {
    /// `repository[:tag]`, such as `myapp:1.0` or `localhost:5000/team/app:dev`.
    pub reference: String,
    pub message: String,
    pub author: String,
    /// One Dockerfile instruction per line: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER,
    /// VOLUME or WORKDIR.
    pub changes: String,
    /// Pause the container while its files are copied (the docker CLI's default).
    pub pause: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CommitSpec {
    pub repository: String,
    pub tag: Option<String>,
    pub message: Option<String>,
    pub author: Option<String>,
    pub changes: Vec<String>,
    pub pause: bool,
}

const CHANGE_INSTRUCTIONS: [&str; 9] = [
    "CMD",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "LABEL",
    "ONBUILD",
    "USER",
    "VOLUME",
    "WORKDIR",
];

impl CommitForm {
    pub fn validate(&self) -> Result<CommitSpec, Vec<FieldError>> {
        let mut errs = Vec::new();
        let reference = self.reference.trim();
        let (mut repository, mut tag) = ("", None);
        if reference.is_empty() {
            errs.push(FieldError::new(
                "reference",
                "give the new image a name, such as myapp or myapp:1.0",
            ));
        } else {
            match ImageReference::parse(reference) {
                Ok(r) if r.digest.is_some() => errs.push(FieldError::new(
                    "reference",
                    "a new image is named by a tag, not a digest: the engine computes the digest; remove the `@…` part",
                )),
                Ok(r) => (repository, tag) = (r.repository, r.tag),
                Err(m) => errs.push(FieldError::new("reference", m)),
            }
        }
        let mut changes = Vec::new();
        for (i, line) in self.changes.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let word = line
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            if CHANGE_INSTRUCTIONS.contains(&word.as_str()) && line.split_whitespace().count() > 1 {
                changes.push(line.to_owned());
            } else {
                errs.push(FieldError::new(
                    "changes",
                    format!(
                        "line {}: `{line}` is not a change commit accepts; use one of {} followed by its value",
                        i + 1,
                        CHANGE_INSTRUCTIONS.join(", ")
                    ),
                ));
            }
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        Ok(CommitSpec {
            repository: repository.to_owned(),
            tag: tag.map(str::to_owned),
            message: opt(&self.message),
            author: opt(&self.author),
            changes,
            pause: self.pause,
        })
    }
}

impl CommitSpec {
    pub fn reference(&self) -> String {
        match &self.tag {
            Some(t) => format!("{}:{t}", self.repository),
            None => self.repository.clone(),
        }
    }

    pub fn argv(&self, container: &str) -> Vec<String> {
        let mut v: Vec<String> = vec!["docker".into(), "commit".into()];
        if let Some(a) = &self.author {
            v.extend(["-a".into(), a.clone()]);
        }
        if let Some(m) = &self.message {
            v.extend(["-m".into(), m.clone()]);
        }
        for c in &self.changes {
            v.extend(["-c".into(), c.clone()]);
        }
        if !self.pause {
            v.push("--pause=false".into());
        }
        v.push(container.to_owned());
        v.push(self.reference());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(reference: &str) -> CommitForm {
        CommitForm {
            reference: reference.into(),
            pause: true,
            ..Default::default()
        }
    }

    #[test]
    fn references_and_registry_ports() {
        let spec = form("localhost:5000/app:dev").validate().unwrap();
        assert_eq!(spec.repository, "localhost:5000/app");
        assert_eq!(spec.tag.as_deref(), Some("dev"));
        let spec = form("localhost:5000/team/app").validate().unwrap();
        assert_eq!(spec.repository, "localhost:5000/team/app");
        assert_eq!(spec.tag, None);
        assert!(form("team/app:1.0").validate().is_ok());
        assert!(form("localhost:5000/app:dev").validate().is_ok());
        assert!(form("MyApp").validate().unwrap_err()[0]
            .message
            .contains("lowercase"));
        assert!(form("app:bad tag").validate().unwrap_err()[0]
            .message
            .contains("spaces"));
        assert!(form("app:-x").validate().unwrap_err()[0]
            .message
            .contains("not a tag"));
        let digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assert!(form(&format!("app@{digest}")).validate().unwrap_err()[0]
            .message
            .contains("not a digest"));
        assert!(form("").validate().unwrap_err()[0]
            .message
            .contains("give the new image a name"));
    }

    #[test]
    fn changes_are_checked_line_by_line_and_said() {
        let f = CommitForm {
            reference: "app:2".into(),
            message: "add greeting".into(),
            author: "Ann <ann@example.com>".into(),
            changes: "CMD [\"cat\", \"/greeting\"]\nENV MODE=prod\n".into(),
            pause: true,
        };
        let spec = f.validate().unwrap();
        assert_eq!(
            shell_words::join(spec.argv("web")),
            "docker commit -a 'Ann <ann@example.com>' -m 'add greeting' -c 'CMD [\"cat\", \"/greeting\"]' -c 'ENV MODE=prod' web app:2"
        );
        let bad = CommitForm {
            changes: "RUN rm -rf /".into(),
            ..form("app")
        };
        assert!(bad.validate().unwrap_err()[0].message.contains("line 1"));
    }
}
