//! `docker pull` and `docker push`: the reference and platform checks, which registry a name
//! belongs to, and the argv each equals. No engine: the engine crate sends the same values.

use crate::form::FieldError;
use crate::reference::ImageReference;
use serde::{Deserialize, Serialize};

/// The registry a name without a host belongs to, as the docker CLI names it for credentials.
pub const DOCKER_HUB: &str = "docker.io";

/// A pull as the dialog sends it: the reference typed and an optional platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PullForm {
    pub reference: String,
    /// `os[/arch[/variant]]`, such as `linux/arm64`; empty or absent: the engine's own.
    #[serde(default)]
    pub platform: Option<String>,
}

/// A checked pull: what the engine is asked for (`fromImage` + `tag`) and what the command says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullSpec {
    /// The reference as typed (trimmed), for the command line.
    pub reference: String,
    /// The repository with its registry host, if any (`localhost:5000/app`, `busybox`).
    pub repository: String,
    /// The tag or `sha256:…` digest; `latest` when the reference names neither, as `docker
    /// pull` does (an empty tag would ask the engine for every tag).
    pub tag: String,
    pub platform: Option<String>,
    /// The registry host (`localhost:5000`), or [`DOCKER_HUB`].
    pub registry: String,
}

/// A checked push: the local tag to push and the registry it goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushSpec {
    /// `repository:tag`, the tag as given or `latest`.
    pub reference: String,
    pub repository: String,
    pub tag: String,
    pub registry: String,
}

/// The registry host of a repository (the first path part when it looks like a host: it has a
/// `.` or a `:`, or is `localhost`), else Docker Hub.
pub fn registry_of(repository: &str) -> &str {
    match repository.split_once('/') {
        Some((first, _)) if first.contains(['.', ':']) || first == "localhost" => first,
        _ => DOCKER_HUB,
    }
}

/// `os[/arch[/variant]]`, each part lowercase letters, digits and `_`.
pub fn check_platform(platform: &str) -> Result<(), String> {
    let parts: Vec<&str> = platform.split('/').collect();
    let part_ok = |p: &&str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    if parts.len() > 3 || !parts.iter().all(part_ok) {
        return Err(format!(
            "`{platform}` is not a platform: write os/architecture, such as linux/amd64, \
             linux/arm64 or linux/arm/v7"
        ));
    }
    Ok(())
}

impl PullForm {
    /// Every problem on its field (`reference`, `platform`), or the spec.
    pub fn validate(&self) -> Result<PullSpec, Vec<FieldError>> {
        let mut errs = Vec::new();
        let reference = self.reference.trim();
        let parsed = match ImageReference::parse(reference) {
            Ok(r) => Some(r),
            Err(m) => {
                errs.push(FieldError::new("reference", m));
                None
            }
        };
        let platform = self
            .platform
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        if let Some(p) = platform {
            if let Err(m) = check_platform(p) {
                errs.push(FieldError::new("platform", m));
            }
        }
        match parsed {
            Some(r) if errs.is_empty() => Ok(PullSpec {
                reference: reference.to_owned(),
                repository: r.repository.to_owned(),
                tag: r.digest.or(r.tag).unwrap_or("latest").to_owned(),
                platform: platform.map(str::to_owned),
                registry: registry_of(r.repository).to_owned(),
            }),
            _ => Err(errs),
        }
    }
}

impl PullSpec {
    /// `docker pull [--platform p] reference`
    pub fn argv(&self) -> Vec<String> {
        let mut argv = vec!["docker".to_owned(), "pull".to_owned()];
        if let Some(p) = &self.platform {
            argv.extend(["--platform".to_owned(), p.clone()]);
        }
        argv.push(self.reference.clone());
        argv
    }
}

/// Checks a reference to push: a tag (not a digest), and on Docker Hub a repository under an
/// account (`you/app`), since a bare name means an official image nobody may push to.
pub fn push_spec(reference: &str) -> Result<PushSpec, FieldError> {
    let reference = reference.trim();
    let r = ImageReference::parse(reference).map_err(|m| FieldError::new("reference", m))?;
    if r.digest.is_some() {
        return Err(FieldError::new(
            "reference",
            "push a tag, not a digest: the registry gives the pushed image its digest; remove \
             the `@…` part",
        ));
    }
    let registry = registry_of(r.repository);
    if registry == DOCKER_HUB && !r.repository.contains('/') {
        return Err(FieldError::new(
            "reference",
            format!(
                "`{}` would go to Docker Hub's official `library/{}`, where only Docker may \
                 push. Tag it under your Docker Hub account first (your-name/{}), or under a \
                 registry's address (localhost:5000/{})",
                r.repository, r.repository, r.repository, r.repository
            ),
        ));
    }
    let tag = r.tag.unwrap_or("latest");
    Ok(PushSpec {
        reference: format!("{}:{tag}", r.repository),
        repository: r.repository.to_owned(),
        tag: tag.to_owned(),
        registry: registry.to_owned(),
    })
}

impl PushSpec {
    /// `docker push repository:tag`
    pub fn argv(&self) -> Vec<String> {
        vec!["docker".into(), "push".into(), self.reference.clone()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::argv::command_line;

    fn pull(reference: &str, platform: Option<&str>) -> Result<PullSpec, Vec<FieldError>> {
        PullForm {
            reference: reference.into(),
            platform: platform.map(Into::into),
        }
        .validate()
    }

    #[test]
    fn a_pull_without_tag_asks_for_latest_and_the_line_is_as_typed() {
        let s = pull(" busybox ", None).unwrap();
        assert_eq!(
            (s.repository.as_str(), s.tag.as_str()),
            ("busybox", "latest")
        );
        assert_eq!(s.registry, DOCKER_HUB);
        assert_eq!(command_line(&s.argv()), "docker pull busybox");
        let s = pull("localhost:5117/it/app:v1", Some("linux/arm64")).unwrap();
        assert_eq!(s.registry, "localhost:5117");
        assert_eq!(s.tag, "v1");
        assert_eq!(
            command_line(&s.argv()),
            "docker pull --platform linux/arm64 localhost:5117/it/app:v1"
        );
        let digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let s = pull(&format!("example.com/app@{digest}"), Some("  ")).unwrap();
        assert_eq!(s.tag, digest);
        assert_eq!(s.platform, None);
        assert_eq!(s.registry, "example.com");
    }

    #[test]
    fn bad_fields_are_named() {
        let errs = pull("Nope", Some("linux arm")).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["reference", "platform"]);
        assert!(errs[1].message.contains("linux/arm64"), "{:?}", errs[1]);
        assert!(pull("busybox", Some("linux/arm/v7")).is_ok());
        assert!(pull("busybox", Some("a/b/c/d")).is_err());
        assert!(pull("busybox", Some("Linux/amd64")).is_err());
        assert_eq!(pull("", None).unwrap_err()[0].field, "reference");
    }

    #[test]
    fn registries_are_read_like_the_cli() {
        assert_eq!(registry_of("busybox"), DOCKER_HUB);
        assert_eq!(registry_of("library/busybox"), DOCKER_HUB);
        assert_eq!(registry_of("localhost/app"), "localhost");
        assert_eq!(registry_of("ghcr.io/a/b"), "ghcr.io");
        assert_eq!(registry_of("host:5000/a"), "host:5000");
    }

    #[test]
    fn pushes_need_a_tag_and_a_namespace_on_docker_hub() {
        let s = push_spec("localhost:5117/it/app").unwrap();
        assert_eq!(s.reference, "localhost:5117/it/app:latest");
        assert_eq!(s.registry, "localhost:5117");
        assert_eq!(
            command_line(&s.argv()),
            "docker push localhost:5117/it/app:latest"
        );
        assert_eq!(push_spec("me/app:1").unwrap().registry, DOCKER_HUB);
        let e = push_spec("busybox:1").unwrap_err();
        assert_eq!(e.field, "reference");
        assert!(e.message.contains("your-name/busybox"), "{}", e.message);
        let digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assert!(push_spec(&format!("me/app@{digest}"))
            .unwrap_err()
            .message
            .contains("not a digest"));
    }
}
