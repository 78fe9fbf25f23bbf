//! A client of one registry's HTTP API v2 (not the engine: the registry is its own server):
//! the way in (HTTPS, or plain HTTP only where the engine itself allows it), the login the
//! registry asks for (Basic, or a Bearer token from its token service), the catalog and tags
//! lists with paging, manifests, and deleting a tag's manifest. What is read out of a manifest
//! is `registry::remote`; the API's words and lines are runspec's `registry_api_spec`.

use super::credentials::{CredentialError, DockerConfig, RegistryCredentials};
use crate::connection::Engine;
use crate::EngineError;
use ipnet::IpNet;
use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, LINK, WWW_AUTHENTICATE};
use reqwest::{Method, Response, StatusCode};
use serde::Serialize;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::Mutex;
use tugboat_runspec::registry_api_spec::{self as spec, Challenge};

/// A registry request's longest wait to connect, and for a whole answer: a registry that is
/// gone or stuck says so in seconds, never hangs a view.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(8);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The most we read of any answer (a manifest, a page of names, a config blob): real ones are
/// a few KiB; a bigger one is refused rather than held in memory.
pub const BODY_CAP: usize = 4 << 20;

/// What went wrong, classified by HTTP status and by the kind of failure, never by the text a
/// registry wrote.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// Refused before anything was sent; names the field and what would be valid.
    #[error("{0}")]
    InvalidInput(String),
    /// 401: no credentials, or the registry refused them.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: the account may not do this.
    #[error("{0}")]
    Denied(String),
    /// 404: no such repository, tag or manifest.
    #[error("{0}")]
    NotFound(String),
    /// 405: the registry does not allow this method (deletes are off).
    #[error("{0}")]
    NotAllowed(String),
    /// 429: too many requests (Docker Hub's pull limit).
    #[error("{0}")]
    TooManyRequests(String),
    /// No connection: the host is unknown, refuses, or the network is down.
    #[error("{0}")]
    Unreachable(String),
    /// The TLS handshake failed (not HTTPS there, or a certificate this machine does not trust).
    #[error("{0}")]
    Tls(String),
    /// No answer within the time limit.
    #[error("{0}")]
    Timeout(String),
    /// The tag moved since the user looked: nothing was deleted.
    #[error("{0}")]
    Changed(String),
    /// Any other status.
    #[error("the registry answered {status}: {message}")]
    Api { status: u16, message: String },
    /// An answer we could not read (bad JSON, too big, a digest that does not match).
    #[error("{0}")]
    Protocol(String),
}

impl From<CredentialError> for RegistryError {
    fn from(e: CredentialError) -> Self {
        RegistryError::Unauthorized(format!(
            "the saved login for this registry could not be read: {e}"
        ))
    }
}

impl From<EngineError> for RegistryError {
    fn from(e: EngineError) -> Self {
        RegistryError::Unreachable(format!(
            "the engine could not say which registries it allows over plain HTTP: {e}"
        ))
    }
}

/// Which registries may be spoken to over plain HTTP: exactly those the engine would pull from
/// without TLS (its `insecure-registries`, which always hold 127.0.0.0/8).
#[derive(Debug, Clone, Default)]
pub struct PlainHttpPolicy {
    cidrs: Vec<IpNet>,
    hosts: Vec<String>,
}

impl PlainHttpPolicy {
    /// The engine's own default: loopback addresses only.
    pub fn loopback_only() -> PlainHttpPolicy {
        PlainHttpPolicy {
            cidrs: ["127.0.0.0/8", "::1/128"]
                .iter()
                .filter_map(|c| c.parse().ok())
                .collect(),
            hosts: Vec::new(),
        }
    }

    /// From the engine's `GET /info`: `RegistryConfig.InsecureRegistryCIDRs` and the index
    /// configs it marks not secure (registries named by host in `insecure-registries`).
    pub fn from_info(info: &bollard::models::SystemInfo) -> PlainHttpPolicy {
        let mut policy = PlainHttpPolicy::loopback_only();
        if let Some(config) = &info.registry_config {
            for cidr in config.insecure_registry_cidrs.iter().flatten() {
                if let Ok(net) = cidr.parse::<IpNet>() {
                    policy.cidrs.push(net);
                }
            }
            for (name, index) in config.index_configs.iter().flatten() {
                if index.secure == Some(false) {
                    policy.hosts.push(name.to_ascii_lowercase());
                }
            }
        }
        policy
    }

    /// Why plain HTTP is allowed for `registry` (host[:port]), or None when it is not. A host
    /// name counts when one of its addresses is in an allowed range, as the engine checks it.
    pub async fn allows(&self, registry: &str) -> Option<String> {
        if self.hosts.iter().any(|h| h == registry) {
            return Some(format!(
                "the engine lists {registry} in its insecure-registries"
            ));
        }
        let (host, port) = host_and_port(registry);
        let addresses: Vec<IpAddr> = match host.parse::<IpAddr>() {
            Ok(ip) => vec![ip],
            Err(_) => tokio::net::lookup_host((host.as_str(), port))
                .await
                .map(|a| a.map(|s| s.ip()).collect())
                .unwrap_or_default(),
        };
        addresses.iter().find_map(|ip| {
            self.cidrs.iter().find(|net| net.contains(ip)).map(|net| {
                format!("{host} is {ip}, in {net}, which the engine allows over plain HTTP (its insecure-registries)")
            })
        })
    }
}

impl Engine {
    /// The registries this engine allows over plain HTTP, from `GET /info`.
    pub async fn plain_http_policy(&self) -> Result<PlainHttpPolicy, EngineError> {
        let info = self.docker.info().await?;
        Ok(PlainHttpPolicy::from_info(&info))
    }
}

fn host_and_port(registry: &str) -> (String, u16) {
    if let Some(rest) = registry.strip_prefix('[') {
        if let Some((h, p)) = rest.split_once(']') {
            let port = p
                .strip_prefix(':')
                .and_then(|p| p.parse().ok())
                .unwrap_or(443);
            return (h.to_owned(), port);
        }
    }
    match registry.rsplit_once(':') {
        Some((h, p)) => (h.to_owned(), p.parse().unwrap_or(443)),
        None => (registry.to_owned(), 443),
    }
}

/// How the client reaches the registry, for people: the UI says plainly when it is plain HTTP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RegistryAccess {
    /// `host[:port]`, or `docker.io`.
    pub registry: String,
    /// `https://host` or `http://host`: where the API is.
    pub base_url: String,
    /// True when the API is spoken over plain HTTP (nothing is encrypted).
    pub plain_http: bool,
    /// Why plain HTTP was allowed (the engine's insecure-registries), when it is.
    pub plain_http_reason: Option<String>,
    /// The user name sent, when the docker config has credentials for this registry.
    pub username: Option<String>,
}

#[derive(Default)]
struct AuthState {
    challenge: Option<Challenge>,
    /// Bearer tokens by scope.
    tokens: HashMap<String, String>,
}

/// One registry, connected: the HTTP client, the way in, and the tokens got so far.
pub struct RegistryClient {
    http: reqwest::Client,
    access: RegistryAccess,
    login: Option<RegistryCredentials>,
    auth: Mutex<AuthState>,
}

impl std::fmt::Debug for RegistryClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryClient")
            .field("access", &self.access)
            .finish_non_exhaustive()
    }
}

/// rustls needs a process-wide crypto provider; reqwest is built without one (to keep
/// aws-lc's C build out), so ring is installed once, before the first client.
fn install_crypto_provider() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        // An error means another provider is already installed: that one serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

fn http_client() -> Result<reqwest::Client, RegistryError> {
    install_crypto_provider();
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .user_agent(concat!("tugboat/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| RegistryError::Protocol(format!("could not set up an HTTP client: {e}")))
}

impl RegistryClient {
    /// Reaches `registry` (host[:port] or `docker.io`): HTTPS first; plain HTTP only when
    /// HTTPS fails to connect and `policy` allows the registry, as the engine would.
    pub async fn connect(
        registry: &str,
        policy: &PlainHttpPolicy,
        login: Option<RegistryCredentials>,
    ) -> Result<RegistryClient, RegistryError> {
        let registry = spec::registry_name(registry).map_err(RegistryError::InvalidInput)?;
        let http = http_client()?;
        let host = spec::api_host(&registry).to_owned();
        let https = format!("https://{host}");
        let first = http.get(format!("{https}/v2/")).send().await;
        let (base_url, answer, plain_http_reason) = match first {
            Ok(r) => (https, r, None),
            Err(e) => {
                let err = classify_send(&registry, e);
                let falls_back =
                    matches!(err, RegistryError::Tls(_) | RegistryError::Unreachable(_));
                let reason = if falls_back {
                    policy.allows(&registry).await
                } else {
                    None
                };
                let Some(reason) = reason else {
                    return Err(match err {
                        RegistryError::Tls(m) => RegistryError::Tls(format!(
                            "{m}. The engine does not allow {registry} over plain HTTP (it is not in its insecure-registries), so Tugboat will not use plain HTTP either"
                        )),
                        other => other,
                    });
                };
                let http_base = format!("http://{host}");
                let r = http
                    .get(format!("{http_base}/v2/"))
                    .send()
                    .await
                    .map_err(|e| classify_send(&registry, e))?;
                tracing::info!(%registry, "registry over plain HTTP: {reason}");
                (http_base, r, Some(reason))
            }
        };
        let mut auth = AuthState::default();
        if answer.status() == StatusCode::UNAUTHORIZED {
            auth.challenge = challenge_of(answer.headers());
        } else if !answer.status().is_success() {
            return Err(status_error(&registry, "the API root /v2/", answer).await);
        }
        Ok(RegistryClient {
            http,
            access: RegistryAccess {
                username: login.as_ref().map(|l| l.username.clone()),
                registry,
                base_url,
                plain_http: plain_http_reason.is_some(),
                plain_http_reason,
            },
            login,
            auth: Mutex::new(auth),
        })
    }

    /// [`RegistryClient::connect`] with what the docker CLI would send to this registry (from
    /// its config: credential helper, store or `auths`), or anonymously when not logged in.
    pub async fn connect_with_config(
        registry: &str,
        policy: &PlainHttpPolicy,
        config: &DockerConfig,
    ) -> Result<RegistryClient, RegistryError> {
        let registry = spec::registry_name(registry).map_err(RegistryError::InvalidInput)?;
        let login = config.credentials(&registry).await?;
        RegistryClient::connect(&registry, policy, login).await
    }

    pub fn access(&self) -> &RegistryAccess {
        &self.access
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.access.base_url)
    }

    /// Sends one request with the login the registry asked for; on a 401 it reads the
    /// challenge, gets what it asks for (once) and sends again. `scope` is the token scope this
    /// request needs when the challenge does not name one.
    pub(crate) async fn send(
        &self,
        method: Method,
        path_and_query: &str,
        scope: &str,
        accept: Option<&str>,
    ) -> Result<Response, RegistryError> {
        let mut retried = false;
        loop {
            let authorization = self.authorization(scope).await;
            let mut request = self.http.request(method.clone(), self.url(path_and_query));
            if let Some(a) = accept {
                request = request.header(ACCEPT, a);
            }
            if let Some(value) = &authorization {
                request = request.header(AUTHORIZATION, value);
            }
            let response = request
                .send()
                .await
                .map_err(|e| classify_send(&self.access.registry, e))?;
            if response.status() != StatusCode::UNAUTHORIZED || retried {
                return Ok(response);
            }
            retried = true;
            let Some(challenge) = challenge_of(response.headers()) else {
                return Ok(response);
            };
            match &challenge {
                Challenge::Basic => {
                    if self.login.is_none() || authorization.is_some() {
                        return Ok(response);
                    }
                }
                Challenge::Bearer { scope: asked, .. } => {
                    let scope_key = asked.clone().unwrap_or_else(|| scope.to_owned());
                    let token = self.token(&challenge, &scope_key).await?;
                    self.auth
                        .lock()
                        .await
                        .tokens
                        .insert(scope.to_owned(), token);
                }
            }
            self.auth.lock().await.challenge = Some(challenge);
        }
    }

    async fn authorization(&self, scope: &str) -> Option<String> {
        let auth = self.auth.lock().await;
        match &auth.challenge {
            Some(Challenge::Basic) => self.login.as_ref().map(basic_header),
            Some(Challenge::Bearer { .. }) => auth.tokens.get(scope).map(|t| format!("Bearer {t}")),
            None => None,
        }
    }

    /// A token from the registry's token service for `scope`: anonymous without a login (Docker
    /// Hub's public repositories), with the user's name and password, or by exchanging an
    /// identity token (OAuth refresh grant).
    async fn token(&self, challenge: &Challenge, scope: &str) -> Result<String, RegistryError> {
        let Challenge::Bearer { realm, service, .. } = challenge else {
            return Err(RegistryError::Protocol("not a token challenge".into()));
        };
        let registry = &self.access.registry;
        let enc = |s: &str| {
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
        };
        let request = match &self.login {
            Some(login) if login.identity_token => {
                let mut body = format!(
                    "grant_type=refresh_token&client_id=tugboat&refresh_token={}&scope={}",
                    enc(&login.secret),
                    enc(scope)
                );
                if let Some(s) = service {
                    body.push_str(&format!("&service={}", enc(s)));
                }
                self.http
                    .post(realm)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body)
            }
            login => {
                let mut url = format!("{realm}?scope={}", enc(scope));
                if let Some(s) = service {
                    url.push_str(&format!("&service={}", enc(s)));
                }
                let r = self.http.get(url);
                match login {
                    Some(l) => r.header(AUTHORIZATION, basic_header(l)),
                    None => r,
                }
            }
        };
        let response = request
            .send()
            .await
            .map_err(|e| classify_send(registry, e))?;
        if !response.status().is_success() {
            return Err(status_error(registry, "the token service", response).await);
        }
        #[derive(serde::Deserialize)]
        struct TokenAnswer {
            token: Option<String>,
            access_token: Option<String>,
        }
        let body = read_capped(response, BODY_CAP).await?;
        let answer: TokenAnswer = serde_json::from_slice(&body).map_err(|e| {
            RegistryError::Protocol(format!(
                "{registry}'s token service answered something that is not a token: {e}"
            ))
        })?;
        answer.token.or(answer.access_token).ok_or_else(|| {
            RegistryError::Protocol(format!("{registry}'s token service gave no token"))
        })
    }

    /// GETs a JSON list, following `Link: <…>; rel="next"` until `limit` names are read.
    /// Gives the names, and whether the list is complete.
    pub(crate) async fn paged_names(
        &self,
        first: &str,
        scope: &str,
        field: &str,
        what: &str,
        limit: usize,
    ) -> Result<(Vec<String>, bool), RegistryError> {
        let mut names = Vec::new();
        let mut next = Some(first.to_owned());
        while let Some(path) = next.take() {
            let response = self.send(Method::GET, &path, scope, None).await?;
            if !response.status().is_success() {
                return Err(status_error(&self.access.registry, what, response).await);
            }
            let link = response
                .headers()
                .get(LINK)
                .and_then(|v| v.to_str().ok())
                .and_then(spec::next_link);
            let body = read_capped(response, BODY_CAP).await?;
            let page: serde_json::Value = serde_json::from_slice(&body)
                .map_err(|e| RegistryError::Protocol(format!("{what} is not JSON: {e}")))?;
            // A repository with no tags left answers `"tags": null`.
            if let Some(list) = page.get(field).and_then(|v| v.as_array()) {
                names.extend(list.iter().filter_map(|v| v.as_str().map(String::from)));
            }
            if names.len() >= limit {
                // Complete only when nothing was cut and no page is left.
                let complete = names.len() == limit && link.is_none();
                names.truncate(limit);
                return Ok((names, complete));
            }
            next = match link {
                // Only a path on this registry is followed: never send the login elsewhere.
                Some(l) if l.starts_with('/') => Some(l),
                Some(l) => {
                    let base = format!("{}/", self.access.base_url);
                    l.strip_prefix(&self.access.base_url)
                        .filter(|_| l.starts_with(&base))
                        .map(String::from)
                }
                None => None,
            };
        }
        Ok((names, true))
    }
}

fn basic_header(login: &RegistryCredentials) -> String {
    use base64::Engine as _;
    let raw = format!("{}:{}", login.username, login.secret);
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

fn challenge_of(headers: &HeaderMap) -> Option<Challenge> {
    headers
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(spec::parse_challenge)
}

/// Reads at most `cap` bytes of an answer; a bigger one is an error, never truncated data.
pub(crate) async fn read_capped(
    mut response: Response,
    cap: usize,
) -> Result<Vec<u8>, RegistryError> {
    let too_big = || {
        RegistryError::Protocol(format!(
            "the registry's answer is bigger than {} MiB; Tugboat reads no more",
            cap >> 20
        ))
    };
    if response.content_length().is_some_and(|n| n > cap as u64) {
        return Err(too_big());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| classify_send("the registry", e))?
    {
        if body.len() + chunk.len() > cap {
            return Err(too_big());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A failed request, by kind: a timeout, a TLS failure (found by type in the error's
/// sources), or no connection.
fn classify_send(registry: &str, e: reqwest::Error) -> RegistryError {
    if e.is_timeout() {
        return RegistryError::Timeout(format!(
            "{registry} did not answer within {} s",
            REQUEST_TIMEOUT.as_secs()
        ));
    }
    if let Some(tls) = tls_cause(&e) {
        return RegistryError::Tls(format!("could not speak HTTPS with {registry}: {tls}"));
    }
    if e.is_connect() || e.is_request() {
        return RegistryError::Unreachable(format!(
            "could not reach {registry} (offline, or nothing listens there): {}",
            root_cause(&e)
        ));
    }
    RegistryError::Protocol(format!("talking to {registry} failed: {}", root_cause(&e)))
}

fn tls_cause(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(t) = s.downcast_ref::<rustls::Error>() {
            return Some(t.to_string());
        }
        // An io::Error's `source()` skips the error it wraps, and the TLS stack wraps one
        // io::Error in another: look inside each wrapper by `get_ref`.
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                source = Some(inner);
                continue;
            }
        }
        source = s.source();
    }
    None
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut last = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        last = s.to_string();
        source = s.source();
    }
    last
}

/// A non-success answer as an error of its kind; the registry's own words (its JSON `errors`)
/// are kept for people, never used to classify.
pub(crate) async fn status_error(registry: &str, what: &str, response: Response) -> RegistryError {
    let status = response.status();
    let words = read_capped(response, 64 << 10)
        .await
        .ok()
        .map(|b| registry_words(&b))
        .filter(|w| !w.is_empty());
    let said = words.map(|w| format!(" ({w})")).unwrap_or_default();
    match status {
        StatusCode::UNAUTHORIZED => RegistryError::Unauthorized(format!(
            "{registry} refused access to {what} (401): not logged in, or the saved credentials are wrong. Log in to {registry} (docker login {registry}) and try again{said}"
        )),
        StatusCode::FORBIDDEN => RegistryError::Denied(format!(
            "{registry} does not let this account use {what} (403){said}"
        )),
        StatusCode::NOT_FOUND => RegistryError::NotFound(format!(
            "{registry} has no {what} (404){said}"
        )),
        StatusCode::METHOD_NOT_ALLOWED => RegistryError::NotAllowed(format!(
            "{registry} does not allow this on {what} (405): deleting is switched off in the registry's settings (storage.delete.enabled){said}"
        )),
        StatusCode::TOO_MANY_REQUESTS => RegistryError::TooManyRequests(format!(
            "{registry} is limiting requests (429): wait a while, or log in for a higher limit{said}"
        )),
        s => RegistryError::Api {
            status: s.as_u16(),
            message: format!("{what}{said}"),
        },
    }
}

/// The `message`s of a registry's `{"errors":[{"code","message"}]}` body, joined.
fn registry_words(body: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v.get("errors")?.as_array().map(|errs| {
                errs.iter()
                    .filter_map(|e| e.get("message")?.as_str().map(String::from))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn loopback_is_allowed_over_plain_http_and_others_are_not() {
        let p = PlainHttpPolicy::loopback_only();
        assert!(p.allows("127.0.0.1:5000").await.is_some());
        assert!(p.allows("[::1]:5000").await.is_some());
        assert!(p.allows("10.1.2.3:5000").await.is_none());
        let info = bollard::models::SystemInfo {
            registry_config: Some(bollard::models::RegistryServiceConfig {
                insecure_registry_cidrs: Some(vec!["10.0.0.0/8".into()]),
                index_configs: Some(HashMap::from([(
                    "reg.lan:5000".to_owned(),
                    bollard::models::IndexInfo {
                        name: Some("reg.lan:5000".into()),
                        secure: Some(false),
                        ..Default::default()
                    },
                )])),
                ..Default::default()
            }),
            ..Default::default()
        };
        let p = PlainHttpPolicy::from_info(&info);
        assert!(p
            .allows("10.1.2.3:5000")
            .await
            .unwrap()
            .contains("10.0.0.0/8"));
        assert!(p
            .allows("reg.lan:5000")
            .await
            .unwrap()
            .contains("insecure-registries"));
        assert!(p.allows("11.1.2.3").await.is_none());
    }

    /// What a login's "wrong password or plain HTTP refused?" question asks of the policy:
    /// localhost, loopback, listed hosts and addresses in the engine's ranges (v4 and v6).
    #[tokio::test]
    async fn plain_http_allowed_for_localhost_listed_hosts_and_ranges() {
        let info = bollard::models::SystemInfo {
            registry_config: Some(bollard::models::RegistryServiceConfig {
                insecure_registry_cidrs: Some(vec![
                    "127.0.0.0/8".into(),
                    "10.0.0.0/8".into(),
                    "fd00::/8".into(),
                    "nonsense".into(),
                ]),
                index_configs: Some(HashMap::from([(
                    "reg.internal:5000".to_owned(),
                    bollard::models::IndexInfo {
                        name: Some("reg.internal:5000".into()),
                        secure: Some(false),
                        ..Default::default()
                    },
                )])),
                ..Default::default()
            }),
            ..Default::default()
        };
        let p = PlainHttpPolicy::from_info(&info);
        assert!(p.allows("localhost:5117").await.is_some());
        assert!(p.allows("127.0.0.1:5000").await.is_some());
        assert!(p.allows("127.1.2.3:5000").await.is_some());
        assert!(p.allows("10.2.3.4:5000").await.is_some());
        assert!(p.allows("[fd00::5]:5000").await.is_some());
        assert!(p.allows("reg.internal:5000").await.is_some());
        assert!(p.allows("192.0.2.7:5000").await.is_none());
        assert!(p.allows("128.0.0.1:5000").await.is_none());
    }

    #[test]
    fn hosts_and_ports_split() {
        assert_eq!(host_and_port("localhost:5117"), ("localhost".into(), 5117));
        assert_eq!(host_and_port("[::1]:5000"), ("::1".into(), 5000));
        assert_eq!(
            host_and_port("r.example.com"),
            ("r.example.com".into(), 443)
        );
    }

    #[test]
    fn a_registrys_words_are_read_from_its_errors() {
        let body =
            br#"{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}"#;
        assert_eq!(registry_words(body), "The operation is unsupported.");
        assert_eq!(registry_words(b"<html>"), "");
    }

    #[test]
    fn a_login_never_shows_its_secret() {
        let l = RegistryCredentials {
            server: "r".into(),
            username: "u".into(),
            secret: "hunter2".into(),
            identity_token: false,
        };
        assert!(!format!("{l:?}").contains("hunter2"));
        assert_eq!(basic_header(&l), "Basic dTpodW50ZXIy");
    }
}
