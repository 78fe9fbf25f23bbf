//! The Registry HTTP API v2's language, as pure logic: which host serves a registry name, how a
//! repository splits into registry and path, the manifest media types, the `WWW-Authenticate`
//! challenge and the `Link` header that pages lists, and the lines (`docker …` where one exists,
//! `curl` where none does) that equal each registry request. The requests themselves are the
//! engine crate's `registry::api`.

use crate::argv::command_line;

/// Docker Hub's name in references and in the CLI's config (`docker login` with no server).
pub const DOCKER_HUB: &str = "docker.io";

/// The manifest media types the client accepts: a single image (Docker v2 schema 2, OCI) and a
/// list of images per platform (Docker manifest list, OCI index).
pub mod media {
    pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
    pub const DOCKER_MANIFEST_LIST: &str =
        "application/vnd.docker.distribution.manifest.list.v2+json";
    pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
    pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";

    /// The `Accept` header of a manifest request: every kind we can read. Without it a registry
    /// may answer with the old schema 1 (which has no sizes).
    pub fn accept() -> String {
        [
            OCI_INDEX,
            DOCKER_MANIFEST_LIST,
            OCI_MANIFEST,
            DOCKER_MANIFEST,
        ]
        .join(", ")
    }

    /// Whether a manifest of this type lists other manifests (one per platform).
    pub fn is_index(media_type: &str) -> bool {
        media_type == DOCKER_MANIFEST_LIST || media_type == OCI_INDEX
    }

    /// Whether this type is a manifest we can read (a single image or a list).
    pub fn is_known(media_type: &str) -> bool {
        is_index(media_type) || media_type == DOCKER_MANIFEST || media_type == OCI_MANIFEST
    }

    /// A short name for people: "Docker manifest list", "OCI image manifest"…
    pub fn describe(media_type: &str) -> &'static str {
        match media_type {
            DOCKER_MANIFEST => "Docker image manifest (schema 2)",
            DOCKER_MANIFEST_LIST => "Docker manifest list (one image per platform)",
            OCI_MANIFEST => "OCI image manifest",
            OCI_INDEX => "OCI image index (one image per platform)",
            _ => "a manifest type Tugboat does not read",
        }
    }
}

/// A repository named in full: the registry it lives on and its path there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteName {
    /// `host[:port]`, or [`DOCKER_HUB`] for Docker Hub.
    pub registry: String,
    /// The repository's path on that registry: `library/nginx`, `team/app`.
    pub path: String,
}

impl RemoteName {
    /// Splits a reference's repository (as `reference::ImageReference` gives it) the way the
    /// engine does: the first part is a registry when it has a `.` or `:` or is `localhost`;
    /// otherwise the name is on Docker Hub, where a one-part name is an official image under
    /// `library/`.
    pub fn of_repository(repository: &str) -> RemoteName {
        if let Some((first, rest)) = repository.split_once('/') {
            if first.contains(['.', ':']) || first == "localhost" {
                let registry = hub_alias(first).unwrap_or(first).to_owned();
                let path = if registry == DOCKER_HUB && !rest.contains('/') {
                    format!("library/{rest}")
                } else {
                    rest.to_owned()
                };
                return RemoteName { registry, path };
            }
            return RemoteName {
                registry: DOCKER_HUB.into(),
                path: repository.to_owned(),
            };
        }
        RemoteName {
            registry: DOCKER_HUB.into(),
            path: format!("library/{repository}"),
        }
    }
}

/// Docker Hub's other names, as people type them.
fn hub_alias(host: &str) -> Option<&'static str> {
    matches!(
        host,
        "docker.io" | "index.docker.io" | "registry-1.docker.io" | "registry.hub.docker.com"
    )
    .then_some(DOCKER_HUB)
}

/// A registry as the user typed it (`localhost:5000`, `registry.example.com`, `docker.io`),
/// checked and made canonical: trimmed, Docker Hub's aliases made `docker.io`, a scheme or a
/// trailing `/` refused with what to write instead.
pub fn registry_name(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err(
            "registry: a registry address is needed, such as localhost:5000 or docker.io".into(),
        );
    }
    if s.contains("://") {
        return Err(format!(
            "registry: write `{}` without the scheme: the address is host[:port], and Tugboat chooses HTTPS (or plain HTTP only where the engine allows it)",
            s.split_once("://").map(|(_, h)| h).unwrap_or(s).trim_end_matches('/')
        ));
    }
    if let Some(alias) = hub_alias(s) {
        return Ok(alias.into());
    }
    let (host, port) = match s.rsplit_once(':') {
        // An IPv6 address in brackets keeps its colons.
        Some((h, p)) if !p.contains(']') => (h, Some(p)),
        _ => (s, None),
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-[]:".contains(c))
        && host.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '[')
        && (host.starts_with('[') || !host.contains(':'));
    if !host_ok {
        return Err(format!(
            "registry: `{s}` is not a host[:port]: use letters, digits, `.` and `-` (such as registry.example.com or localhost:5000)"
        ));
    }
    if let Some(p) = port {
        if p.parse::<u16>().map_or(true, |n| n == 0) {
            return Err(format!(
                "registry: port `{p}` in `{s}` is not a port: use a number from 1 to 65535"
            ));
        }
    }
    Ok(s.to_ascii_lowercase())
}

/// The host that serves a registry's API: Docker Hub's API is not at `docker.io`.
pub fn api_host(registry: &str) -> &str {
    if registry == DOCKER_HUB {
        "registry-1.docker.io"
    } else {
        registry
    }
}

/// What a registry asked for in a 401's `WWW-Authenticate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Challenge {
    /// Send the user name and password with every request.
    Basic,
    /// Get a token from `realm` (for `service` and `scope`), then send it as a bearer token.
    Bearer {
        realm: String,
        service: Option<String>,
        scope: Option<String>,
    },
}

/// Reads a `WWW-Authenticate` header: the scheme, then `key="value"` pairs whose quoted values
/// may hold commas (`scope="repository:a:pull,push"`). None for a scheme we do not speak.
pub fn parse_challenge(header: &str) -> Option<Challenge> {
    let header = header.trim();
    let (scheme, rest) = header.split_once(' ').unwrap_or((header, ""));
    let params = auth_params(rest);
    let get = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(k))
            .map(|(_, v)| v.clone())
    };
    if scheme.eq_ignore_ascii_case("basic") {
        Some(Challenge::Basic)
    } else if scheme.eq_ignore_ascii_case("bearer") {
        Some(Challenge::Bearer {
            realm: get("realm")?,
            service: get("service"),
            scope: get("scope"),
        })
    } else {
        None
    }
}

fn auth_params(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' {
                break;
            }
            key.push(c);
            chars.next();
        }
        if chars.next().is_none() {
            return out;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        out.push((key.trim().to_owned(), value.trim().to_owned()));
    }
}

/// The next page's path and query from a `Link` header (`</v2/_catalog?last=b&n=2>;
/// rel="next"`), as the registry wrote it (relative to the registry's base).
pub fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (target, params) = part.trim().split_once(';')?;
        let is_next = params.split(';').any(|p| {
            p.trim()
                .split_once('=')
                .is_some_and(|(k, v)| k.trim() == "rel" && v.trim().trim_matches('"') == "next")
        });
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        is_next.then(|| target.to_owned())
    })
}

/// Said beside a `curl` line: the catalog and tags list have no docker command.
pub const NO_DOCKER_COMMAND: &str =
    "No docker command lists a registry's repositories or tags: this is the registry API request Tugboat makes (curl asks for the password).";
/// Said beside the delete request.
pub const NO_DOCKER_DELETE: &str =
    "No docker command deletes a tag from a registry (docker rmi only removes local images): this is the registry API request Tugboat makes.";
/// Said beside `docker buildx imagetools inspect`.
pub const MANIFEST_COMMAND_NOTE: &str =
    "Shows the same manifest from the registry without pulling (docker manifest inspect does too, for single images and lists).";

/// The nearest docker command to "look at a remote image's manifest": the CLI reads the same
/// API with the same credentials.
pub fn manifest_inspect_argv(reference: &str) -> Vec<String> {
    ["docker", "buildx", "imagetools", "inspect", reference]
        .map(String::from)
        .to_vec()
}

/// A `curl` line for a registry request no docker command makes (the catalog, the tags list,
/// a delete). `-u USER` stands for the saved credentials, never their value.
pub fn curl_line(method: &str, url: &str, user: Option<&str>, accept: Option<&str>) -> String {
    let mut argv: Vec<String> = vec!["curl".into()];
    if method != "GET" {
        argv.extend(["-X".into(), method.into()]);
    }
    if let Some(u) = user {
        argv.extend(["-u".into(), u.into()]);
    }
    if let Some(a) = accept {
        argv.extend(["-H".into(), format!("Accept: {a}")]);
    }
    argv.push(url.into());
    command_line(&argv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repositories_split_like_the_engine() {
        let r = RemoteName::of_repository;
        assert_eq!(
            r("nginx"),
            RemoteName {
                registry: "docker.io".into(),
                path: "library/nginx".into()
            }
        );
        assert_eq!(r("bitnami/redis").registry, "docker.io");
        assert_eq!(r("bitnami/redis").path, "bitnami/redis");
        assert_eq!(r("localhost:5000/team/app").registry, "localhost:5000");
        assert_eq!(r("localhost:5000/team/app").path, "team/app");
        assert_eq!(r("localhost/app").registry, "localhost");
        assert_eq!(r("index.docker.io/busybox").path, "library/busybox");
        assert_eq!(r("ghcr.io/o/p").registry, "ghcr.io");
    }

    #[test]
    fn registry_names_are_checked_and_canonical() {
        assert_eq!(registry_name(" localhost:5117 ").unwrap(), "localhost:5117");
        assert_eq!(registry_name("index.docker.io").unwrap(), "docker.io");
        assert_eq!(
            registry_name("Registry.Example.com").unwrap(),
            "registry.example.com"
        );
        assert_eq!(registry_name("[::1]:5000").unwrap(), "[::1]:5000");
        let e = registry_name("https://r.example.com/").unwrap_err();
        assert!(
            e.starts_with("registry:") && e.contains("`r.example.com`"),
            "{e}"
        );
        assert!(registry_name("").unwrap_err().starts_with("registry:"));
        assert!(registry_name("host:99999")
            .unwrap_err()
            .contains("1 to 65535"));
        assert!(registry_name("host:0").is_err());
        assert!(registry_name("a b").is_err());
        assert!(registry_name("-x").is_err());
        assert_eq!(api_host("docker.io"), "registry-1.docker.io");
        assert_eq!(api_host("localhost:1"), "localhost:1");
    }

    #[test]
    fn challenges_are_read_with_quoted_commas() {
        assert_eq!(
            parse_challenge(r#"Basic realm="tugboat-test""#),
            Some(Challenge::Basic)
        );
        assert_eq!(
            parse_challenge(
                r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull,push""#
            ),
            Some(Challenge::Bearer {
                realm: "https://auth.docker.io/token".into(),
                service: Some("registry.docker.io".into()),
                scope: Some("repository:library/nginx:pull,push".into()),
            })
        );
        assert_eq!(
            parse_challenge("bearer realm=https://a/t"),
            Some(Challenge::Bearer {
                realm: "https://a/t".into(),
                service: None,
                scope: None
            })
        );
        assert_eq!(
            parse_challenge("Bearer service=x"),
            None,
            "a realm is needed"
        );
        assert_eq!(parse_challenge("Negotiate abc"), None);
    }

    #[test]
    fn the_next_page_comes_from_the_link_header() {
        assert_eq!(
            next_link(r#"</v2/_catalog?last=b&n=2>; rel="next""#).as_deref(),
            Some("/v2/_catalog?last=b&n=2")
        );
        assert_eq!(
            next_link(r#"<https://x/prev>; rel="prev", </v2/a/tags/list?n=1&last=t>; rel=next"#)
                .as_deref(),
            Some("/v2/a/tags/list?n=1&last=t")
        );
        assert_eq!(next_link(r#"</x>; rel="prev""#), None);
        assert_eq!(next_link("garbage"), None);
    }

    #[test]
    fn media_types_are_told_apart() {
        assert!(media::is_index(media::OCI_INDEX));
        assert!(media::is_index(media::DOCKER_MANIFEST_LIST));
        assert!(!media::is_index(media::DOCKER_MANIFEST));
        assert!(media::is_known(media::OCI_MANIFEST));
        assert!(!media::is_known(
            "application/vnd.docker.distribution.manifest.v1+prettyjws"
        ));
        assert_eq!(media::accept().split(", ").count(), 4);
    }

    #[test]
    fn lines_name_the_user_never_a_secret() {
        assert_eq!(
            curl_line(
                "DELETE",
                "http://localhost:5117/v2/a/manifests/sha256:ab",
                Some("tugboat"),
                None
            ),
            "curl -X DELETE -u tugboat http://localhost:5117/v2/a/manifests/sha256:ab"
        );
        assert_eq!(
            curl_line(
                "GET",
                "https://r/v2/_catalog",
                None,
                Some("application/json")
            ),
            "curl -H 'Accept: application/json' https://r/v2/_catalog"
        );
        assert_eq!(
            command_line(&manifest_inspect_argv("localhost:5117/a:1")),
            "docker buildx imagetools inspect localhost:5117/a:1"
        );
    }
}
