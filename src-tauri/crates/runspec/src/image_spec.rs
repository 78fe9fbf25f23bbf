//! `docker image …` in the CLI's language: the argv of every image command the app shows
//! (inspect, tag, remove, prune), and the checks of a new tag. No engine: the engine crate
//! does what these say.

use crate::form::FieldError;
use crate::reference::ImageReference;
use serde::{Deserialize, Serialize};

/// `docker image inspect IMAGE`.
pub fn inspect_argv(image: &str) -> Vec<String> {
    vec![
        "docker".into(),
        "image".into(),
        "inspect".into(),
        image.into(),
    ]
}

/// The tag form as typed: a new name for an image the engine has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TagForm {
    /// The image: its id, or a repo:tag it has now.
    pub image: String,
    /// `repository[:tag]`, such as `myapp:1.0` or `localhost:5000/team/app`.
    pub target: String,
}

/// A valid new tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TagSpec {
    pub image: String,
    pub repository: String,
    /// `latest` when none was typed, as the CLI does.
    pub tag: String,
}

impl TagForm {
    pub fn validate(&self) -> Result<TagSpec, Vec<FieldError>> {
        let mut errs = Vec::new();
        let image = self.image.trim();
        if image.is_empty() {
            errs.push(FieldError::new(
                "image",
                "name the image to tag: its id or one of its repo:tags",
            ));
        }
        let target = self.target.trim();
        let mut parsed = None;
        if target.is_empty() {
            errs.push(FieldError::new(
                "target",
                "give the new name, such as myapp:1.0 or localhost:5000/team/app:dev",
            ));
        } else {
            match ImageReference::parse(target) {
                Ok(r) if r.digest.is_some() => errs.push(FieldError::new(
                    "target",
                    "a tag cannot carry a digest: the registry computes it when the image is pushed; remove the `@…` part",
                )),
                Ok(r) => parsed = Some((r.repository, r.tag.unwrap_or("latest"))),
                Err(m) => errs.push(FieldError::new("target", m)),
            }
        }
        match parsed {
            Some((repository, tag)) if errs.is_empty() => Ok(TagSpec {
                image: image.to_owned(),
                repository: repository.to_owned(),
                tag: tag.to_owned(),
            }),
            _ => Err(errs),
        }
    }
}

impl TagSpec {
    /// `repository:tag`.
    pub fn target(&self) -> String {
        format!("{}:{}", self.repository, self.tag)
    }

    /// `docker image tag IMAGE REPOSITORY:TAG`.
    pub fn argv(&self) -> Vec<String> {
        vec![
            "docker".into(),
            "image".into(),
            "tag".into(),
            self.image.clone(),
            self.target(),
        ]
    }
}

/// `docker image rm [--force] IMAGE…`: an id removes the image, a repo:tag removes that tag
/// (and the image with it when it was the last).
pub fn remove_argv<S: AsRef<str>>(images: &[S], force: bool) -> Vec<String> {
    let mut argv: Vec<String> = vec!["docker".into(), "image".into(), "rm".into()];
    if force {
        argv.push("--force".into());
    }
    argv.extend(images.iter().map(|i| i.as_ref().to_owned()));
    argv
}

/// `docker image prune --force [--all]`: dangling images only, or every image no container
/// uses.
pub fn prune_argv(all: bool) -> Vec<String> {
    let mut argv: Vec<String> = vec![
        "docker".into(),
        "image".into(),
        "prune".into(),
        "--force".into(),
    ];
    if all {
        argv.push("--all".into());
    }
    argv
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::argv::command_line;

    fn form(image: &str, target: &str) -> TagForm {
        TagForm {
            image: image.into(),
            target: target.into(),
        }
    }

    #[test]
    fn inspect_line_quotes_like_every_other_line() {
        assert_eq!(
            command_line(&inspect_argv("app:1")),
            "docker image inspect app:1"
        );
    }

    #[test]
    fn a_tag_without_a_tag_part_is_latest() {
        let s = form("sha256:abc", " localhost:5000/team/app ")
            .validate()
            .unwrap();
        assert_eq!(s.repository, "localhost:5000/team/app");
        assert_eq!(s.tag, "latest");
        assert_eq!(
            command_line(&s.argv()),
            "docker image tag sha256:abc localhost:5000/team/app:latest"
        );
    }

    #[test]
    fn bad_targets_name_the_field_and_what_is_valid() {
        let cases = [
            ("", "such as myapp:1.0"),
            ("MyApp:1", "lowercase"),
            ("app:-x", "not a tag"),
            (
                "app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "cannot carry a digest",
            ),
        ];
        for (target, says) in cases {
            let errs = form("app:1", target).validate().unwrap_err();
            assert_eq!(errs.len(), 1, "{target}: {errs:?}");
            assert_eq!(errs[0].field, "target");
            assert!(
                errs[0].message.contains(says),
                "{target}: {}",
                errs[0].message
            );
        }
        let errs = form(" ", "app:2").validate().unwrap_err();
        assert_eq!(errs[0].field, "image");
    }

    #[test]
    fn remove_and_prune_lines() {
        assert_eq!(
            command_line(&remove_argv(&["app:1", "app:2"], false)),
            "docker image rm app:1 app:2"
        );
        assert_eq!(
            command_line(&remove_argv(&["sha256:abc"], true)),
            "docker image rm --force sha256:abc"
        );
        assert_eq!(
            command_line(&prune_argv(false)),
            "docker image prune --force"
        );
        assert_eq!(
            command_line(&prune_argv(true)),
            "docker image prune --force --all"
        );
    }
}
