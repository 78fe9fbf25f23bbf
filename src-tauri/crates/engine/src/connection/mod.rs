//! A live, version-negotiated connection to one engine endpoint.
//!
//! bollard 0.21 builds `/vX.Y/path` and then joins the absolute path onto it, which drops the
//! version prefix, so every request would go out unversioned and the daemon would answer in its
//! own newest dialect whatever we negotiated. We negotiate ourselves (the lower of the daemon's
//! API version and the version bollard's models describe) and put the prefix back on every
//! request through bollard's public request hook.

pub mod endpoint;
pub mod errors;
#[cfg(unix)]
pub mod ssh;
mod tls;

use crate::connection::endpoint::{unix_socket_path, Endpoint, EndpointSource};
use crate::error::EngineError;
use bollard::Docker;
use futures_util::{Stream, TryStreamExt};
use serde::Serialize;
use std::time::Duration;

/// The newest Engine API version bollard 0.21's models describe.
pub const CLIENT_MAX_API: ApiVersion = ApiVersion {
    major: 1,
    minor: 53,
};

/// How long a first contact (ping + version) may take before the endpoint counts as dead.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, specta::Type)]
pub struct ApiVersion {
    pub major: u16,
    pub minor: u16,
}

impl ApiVersion {
    pub fn parse(text: &str) -> Option<ApiVersion> {
        let (major, minor) = text.trim().split_once('.')?;
        Some(ApiVersion {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
        })
    }
}

impl std::fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// A connected engine. Cheap to clone; every clone shares the same HTTP client.
#[derive(Clone)]
pub struct Engine {
    pub(crate) docker: Docker,
    host: String,
    api: ApiVersion,
    daemon_api: ApiVersion,
    link: Link,
}

/// How the bytes travel to the engine: what the UI warns about (plain TCP) and whether calls
/// cross a network (remote links may be slow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Link {
    /// A unix socket or named pipe on this machine.
    Local,
    /// `tcp://` over TLS.
    Tls,
    /// `tcp://` or `http://` without encryption: anyone on the path can read and drive it.
    PlainTcp,
    /// `ssh://`, through the system's ssh client.
    Ssh,
}

impl Link {
    /// Whether calls cross a network.
    pub fn is_remote(self) -> bool {
        !matches!(self, Link::Local)
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("host", &self.host)
            .field("api", &self.api)
            .finish()
    }
}

impl Engine {
    /// Connects to `host` (no TLS material), checks the engine answers, and negotiates the API
    /// version.
    pub async fn connect(host: &str) -> Result<Engine, EngineError> {
        Engine::connect_endpoint(&Endpoint::plain(host, EndpointSource::UserChoice)).await
    }

    /// Connects to `endpoint` with its TLS material, checks the engine answers, and negotiates
    /// the API version.
    pub async fn connect_endpoint(endpoint: &Endpoint) -> Result<Engine, EngineError> {
        Engine::connect_explained(endpoint)
            .await
            .map_err(|(_, e)| e)
    }

    /// [`Engine::connect_endpoint`], with the problem the error puts in words when it is one
    /// the user can act on (an expired certificate, a CA that does not match…).
    pub async fn connect_explained(
        endpoint: &Endpoint,
    ) -> Result<Engine, (Option<errors::ConnectProblem>, EngineError)> {
        let plain = |e: EngineError| (None, e);
        let host = endpoint.host.as_str();
        if let Some(path) = unix_socket_path(host) {
            // A stat, but not on the runtime's threads: a socket on a hung network mount would
            // stall every task.
            if !tokio::fs::try_exists(&path).await.unwrap_or(false) {
                return Err(plain(EngineError::Unavailable(format!(
                    "no socket at {}",
                    path.display()
                ))));
            }
        }
        endpoint::check_scheme(host).map_err(plain)?;
        let (docker, link) = match &endpoint.tls {
            _ if host.starts_with("ssh://") => (ssh_docker(host).map_err(plain)?, Link::Ssh),
            Some(files) if host.starts_with("tcp://") => {
                (tls::docker_over_tls(host, files).map_err(plain)?, Link::Tls)
            }
            _ if host.starts_with("tcp://") || host.starts_with("http://") => (
                Docker::connect_with_host(host).map_err(|e| plain(e.into()))?,
                Link::PlainTcp,
            ),
            _ => (
                Docker::connect_with_host(host).map_err(|e| plain(e.into()))?,
                Link::Local,
            ),
        };
        let version = tokio::time::timeout(HANDSHAKE_TIMEOUT, docker.version())
            .await
            .map_err(|_| {
                plain(EngineError::Timeout(format!(
                    "{host} did not answer within {} s",
                    HANDSHAKE_TIMEOUT.as_secs()
                )))
            })?
            .map_err(|e| {
                let (problem, err) = errors::explained(e, endpoint, link);
                (problem, err)
            })?;
        let daemon_api = version
            .api_version
            .as_deref()
            .and_then(ApiVersion::parse)
            .ok_or_else(|| {
                plain(EngineError::Protocol(
                    "the engine did not report its API version".into(),
                ))
            })?;
        let api = daemon_api.min(CLIENT_MAX_API);
        let prefix = format!("/v{api}");
        let docker = docker.with_request_modifier(move |mut req| {
            let pq = req
                .uri()
                .path_and_query()
                .map(|pq| pq.as_str().to_owned())
                .unwrap_or_else(|| "/".into());
            if !pq.starts_with("/v1.") {
                let mut parts = req.uri().clone().into_parts();
                if let Ok(new_pq) = format!("{prefix}{pq}").parse() {
                    parts.path_and_query = Some(new_pq);
                    if let Ok(uri) = http::Uri::from_parts(parts) {
                        *req.uri_mut() = uri;
                    }
                }
            }
            req
        });
        Ok(Engine {
            docker,
            host: host.to_owned(),
            api,
            daemon_api,
            link,
        })
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    /// How this connection reaches the engine.
    pub fn link(&self) -> Link {
        self.link
    }

    /// The API version every request is sent with.
    pub fn api_version(&self) -> ApiVersion {
        self.api
    }

    /// The newest API version the daemon speaks.
    pub fn daemon_api_version(&self) -> ApiVersion {
        self.daemon_api
    }

    /// The engine's clock, in nanoseconds since the Unix epoch. Event times come from this clock,
    /// so "since" must be given in it too (the engine may be another machine).
    ///
    /// Part of connecting, so it gets the handshake's limit: an engine that answers `/version`
    /// but never `/info` must end in a clear status within seconds, not bollard's two minutes.
    pub async fn clock_nanos(&self) -> Result<i64, EngineError> {
        let info = tokio::time::timeout(HANDSHAKE_TIMEOUT, self.docker.info())
            .await
            .map_err(|_| {
                EngineError::Timeout(format!(
                    "{} answered its version but not /info within {} s",
                    self.host,
                    HANDSHAKE_TIMEOUT.as_secs()
                ))
            })??;
        let text = info
            .system_time
            .ok_or_else(|| EngineError::Protocol("the engine did not report its time".into()))?;
        chrono::DateTime::parse_from_rfc3339(&text)
            .ok()
            .and_then(|t| t.timestamp_nanos_opt())
            .ok_or_else(|| EngineError::Protocol(format!("unreadable engine time `{text}`")))
    }

    /// A cheap liveness check (`/_ping`).
    pub async fn ping(&self) -> Result<(), EngineError> {
        tokio::time::timeout(HANDSHAKE_TIMEOUT, self.docker.ping())
            .await
            .map_err(|_| EngineError::Timeout("ping".into()))??;
        Ok(())
    }

    /// A client for calls the engine answers only once the work is done (commit, sizing a
    /// container, `/system/df`): bollard's 120 s limit on the wait for response headers would
    /// report a slow engine as a failure while it is still working, and a retry would do the
    /// work twice.
    pub(crate) fn patient(&self) -> Docker {
        self.docker.clone().with_timeout(LONG_CALL)
    }

    /// GETs an endpoint whose answer bollard cannot model for every API version (for example
    /// `/system/df`, whose shape changed in API 1.52) and returns the raw body. `path` comes
    /// from [`api_path`], so ids in it are percent-encoded.
    pub(crate) async fn raw_get(
        &self,
        path: &str,
        patience: Patience,
    ) -> Result<Vec<u8>, EngineError> {
        let chunks: Vec<bytes::Bytes> = self.raw_stream(path, patience)?.try_collect().await?;
        Ok(chunks.concat())
    }

    /// GETs `path` (with its query) and streams the raw body as it arrives: for answers that
    /// must be read leniently, such as `/events`, where one event of a type bollard's models do
    /// not know would otherwise end the whole stream.
    ///
    /// bollard exposes no raw request; we reuse a body-returning GET (`/containers/{id}/export`)
    /// and point it at `path` through the request hook, so the request still travels over
    /// bollard's transport (unix socket, named pipe or TCP) with the negotiated version. A path
    /// that does not parse is refused here, before anything is sent: the request is never let
    /// go out to the export endpoint it was built from.
    pub(crate) fn raw_stream(
        &self,
        path: &str,
        patience: Patience,
    ) -> Result<
        impl Stream<Item = Result<bytes::Bytes, EngineError>> + Send + Unpin + 'static,
        EngineError,
    > {
        let target: http::uri::PathAndQuery =
            format!("/v{}{}", self.api, path).parse().map_err(|_| {
                EngineError::InvalidInput(format!("`{path}` is not a valid request path"))
            })?;
        let docker = match patience {
            Patience::Normal => self.docker.clone(),
            Patience::Long => self.patient(),
        };
        let docker = docker.with_request_modifier(move |mut req| {
            let mut parts = req.uri().clone().into_parts();
            parts.path_and_query = Some(target.clone());
            match http::Uri::from_parts(parts) {
                Ok(uri) => *req.uri_mut() = uri,
                // Unreachable with a parsed path; if it ever happens, a request to nothing
                // beats a request to the export endpoint.
                Err(_) => *req.uri_mut() = http::Uri::default(),
            }
            req
        });
        Ok(docker
            .export_container("tugboat-raw-get")
            .map_err(EngineError::from))
    }
}

/// A bollard client over the system's ssh (Unix only).
#[cfg(unix)]
fn ssh_docker(host: &str) -> Result<Docker, EngineError> {
    ssh::docker_over_ssh(host)
}

/// Windows' ssh cannot carry `docker system dial-stdio` the way we drive it; say what works.
#[cfg(not(unix))]
fn ssh_docker(host: &str) -> Result<Docker, EngineError> {
    Err(EngineError::InvalidInput(format!(
        "host: `{host}` is an ssh:// engine, which Tugboat reaches only on Linux and macOS. \
         On Windows, run Tugboat inside WSL, or expose the engine as tcp:// with TLS (port 2376)."
    )))
}

/// How long a call that waits for the engine's work may take before we give up on it.
pub(crate) const LONG_CALL: Duration = Duration::from_secs(60 * 60);

/// Whether a raw GET waits the usual 120 s for the engine's answer or [`LONG_CALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Patience {
    Normal,
    Long,
}

/// `/seg/seg/…` with every segment percent-encoded: an id or name can never add a segment
/// (`/`), start a query (`?`) or a fragment (`#`), or climb (`..`). What the Engine API's
/// router decodes is exactly the segment given.
pub(crate) fn api_path(segments: &[&str]) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    // RFC 3986 "unreserved" characters stay as they are; ids and names use only these.
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let mut out = String::new();
    for s in segments {
        out.push('/');
        if *s == "." || *s == ".." {
            // Unreserved, yet a dot segment would be resolved away: spell it out.
            out.push_str(&s.replace('.', "%2E"));
        } else {
            out.extend(utf8_percent_encode(s, SEGMENT));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_versions_parse_and_order() {
        assert_eq!(
            ApiVersion::parse("1.41"),
            Some(ApiVersion {
                major: 1,
                minor: 41
            })
        );
        assert_eq!(ApiVersion::parse("x"), None);
        assert_eq!(ApiVersion::parse("1."), None);
        let old = ApiVersion::parse("1.41").unwrap();
        let new = ApiVersion::parse("1.54").unwrap();
        assert_eq!(old.min(CLIENT_MAX_API), old);
        assert_eq!(new.min(CLIENT_MAX_API), CLIENT_MAX_API);
        assert!(ApiVersion::parse("1.9").unwrap() < ApiVersion::parse("1.10").unwrap());
        assert_eq!(CLIENT_MAX_API.to_string(), "1.53");
    }

    #[test]
    fn ids_in_paths_are_percent_encoded() {
        assert_eq!(
            api_path(&["containers", "a/b?c#d e", "json"]),
            "/containers/a%2Fb%3Fc%23d%20e/json"
        );
        assert_eq!(
            api_path(&["containers", "..", "json"]),
            "/containers/%2E%2E/json"
        );
        assert_eq!(api_path(&["system", "df"]), "/system/df");
        assert_eq!(
            api_path(&["containers", "web-1_a.b~c", "json"]),
            "/containers/web-1_a.b~c/json"
        );
        let p: http::uri::PathAndQuery =
            api_path(&["containers", "x/y z", "json"]).parse().unwrap();
        assert_eq!(p.query(), None, "a `?` in an id never starts a query");
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_path_that_does_not_parse_is_refused_before_anything_is_sent() {
        // An engine that never answers: a request that went out would hang, not fail.
        let dir = tempfile::tempdir().unwrap();
        let sock = dir.path().join("engine.sock");
        let listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
        let docker =
            Docker::connect_with_unix(sock.to_str().unwrap(), 120, bollard::API_DEFAULT_VERSION)
                .unwrap();
        let engine = Engine {
            docker,
            host: format!("unix://{}", sock.display()),
            api: CLIENT_MAX_API,
            daemon_api: CLIENT_MAX_API,
            link: Link::Local,
        };
        let err = engine
            .raw_get("/containers/a b\n/json", Patience::Normal)
            .await
            .unwrap_err();
        assert!(matches!(err, EngineError::InvalidInput(_)), "{err:?}");
        listener.set_nonblocking(true).unwrap();
        assert!(
            listener.accept().is_err(),
            "nothing may be sent for a path that does not parse"
        );
    }

    #[tokio::test]
    async fn missing_socket_is_unavailable_with_path() {
        let err = Engine::connect("unix:///nonexistent/tugboat.sock")
            .await
            .unwrap_err();
        assert!(err.is_unavailable());
        assert!(err.to_string().contains("/nonexistent/tugboat.sock"));
    }

    #[tokio::test]
    async fn unsupported_scheme_says_what_is_supported() {
        let err = Engine::connect("ftp://example").await.unwrap_err();
        assert!(matches!(err, EngineError::InvalidInput(_)));
        assert!(err.to_string().contains("unix://"));
    }
}
