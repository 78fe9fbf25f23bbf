//! `docker login` and `docker logout`: the engine checks the user name and password with the
//! registry (`POST /auth`), then they are kept where the CLI keeps them (the configured helper,
//! else `auths` in `config.json`, written whole and private), so `docker pull` in a terminal
//! uses them too. Also what the Registries view lists: the registries the config knows and
//! which of them the engine may reach over plain HTTP.
//!
//! Why a login failed is told by kind: a 401 from the engine is a wrong password. Engines
//! before 23 answer 500 for every failed log in to a plain-HTTP registry, so when the engine is
//! on this machine we ask the registry's `/v2/` ourselves, the way the engine would, and read
//! the answer's status and headers: 401 is a wrong password, no connection is an unreachable
//! registry, and a registry answering plain HTTP the engine may not use is named as such.

use super::credentials::{
    auths_key_for, place_in, server_key, CredentialError, CredentialPlace, DockerConfig,
    HelperOutcome, RegistryCredentials, DOCKER_HUB_KEY, TOKEN_USERNAME,
};
use crate::connection::Engine;
use crate::error::EngineError;
use base64::Engine as _;
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::Duration;
use tugboat_runspec::registry_spec::{Login, DOCKER_HUB};

/// How long our own look at a registry's `/v2/` may take.
const PROBE_PATIENCE: Duration = Duration::from_secs(5);

/// Why a log in or out failed, by kind. Never carries the password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    /// The registry refused the user name or password.
    #[error("{0}")]
    WrongCredentials(String),
    /// Nothing answered at the registry's address.
    #[error("{0}")]
    Unreachable(String),
    /// The registry speaks plain HTTP and the engine may only use HTTPS with it.
    #[error("{0}")]
    PlainHttpRefused(String),
    /// The engine failed or refused otherwise (its own words).
    #[error("{0}")]
    Engine(EngineError),
    /// The credentials could not be kept or removed (config file or helper).
    #[error("{0}")]
    Credentials(CredentialError),
}

impl From<CredentialError> for LoginError {
    fn from(e: CredentialError) -> Self {
        LoginError::Credentials(e)
    }
}

/// A successful log in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LoginOutcome {
    /// The registry as the CLI names it (`docker.io` for Docker Hub).
    pub registry: String,
    /// The registry's own words ("Login Succeeded").
    pub status: String,
    /// Whether the registry gave an identity token, kept instead of the password.
    pub identity_token: bool,
    /// Where the credentials were kept, in words ("docker-credential-pass", "config.json").
    pub kept_in: String,
}

/// Which registries the engine may use over plain HTTP (`insecure-registries` in daemon.json).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlainHttpRegistries {
    /// Address ranges (`127.0.0.0/8` is always there).
    pub ranges: Vec<String>,
    /// Registries named one by one (host[:port]).
    pub hosts: Vec<String>,
}

/// A registry the config knows, for the Registries view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KnownRegistry {
    /// As the CLI names it: `docker.io` or host[:port].
    pub registry: String,
    /// Logged in as; None when not logged in.
    pub username: Option<String>,
    /// Kept as an identity token rather than a password.
    pub identity_token: bool,
    /// Where its credentials are (or would be) kept, in words.
    pub kept_in: String,
    /// Why its credentials could not be read, when they could not.
    pub problem: Option<String>,
}

/// Where the config folder keeps credentials, for the view's explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsHome {
    /// The config file (`…/config.json`).
    pub file: String,
    /// The `credsStore` helper, when one is set (`docker-credential-<name>`).
    pub store: Option<String>,
    /// Registries with their own helper (`credHelpers`): registry, helper program.
    pub per_registry: Vec<(String, String)>,
    pub registries: Vec<KnownRegistry>,
}

fn place_words(place: &CredentialPlace, file: &str) -> String {
    match place {
        CredentialPlace::Helper { name, .. } => format!("docker-credential-{name}"),
        CredentialPlace::ConfigFile => file.to_owned(),
    }
}

/// The registry name the CLI shows for a config key.
fn registry_of_key(key: &str) -> String {
    match server_key(key).as_str() {
        DOCKER_HUB_KEY => DOCKER_HUB.to_owned(),
        host => host.to_owned(),
    }
}

impl DockerConfig {
    /// Keeps credentials for `registry` where the CLI would: the helper for it, else `auths`.
    pub async fn store(&self, creds: &RegistryCredentials) -> Result<String, CredentialError> {
        let mut config = self.read_json().await?;
        let key = server_key(&creds.server);
        let place = place_in(&config, &key);
        match &place {
            CredentialPlace::Helper { name, .. } => {
                let body = serde_json::json!({
                    "ServerURL": key,
                    "Username": if creds.identity_token { TOKEN_USERNAME } else { &creds.username },
                    "Secret": creds.secret,
                });
                self.run_helper(name, "store", body.to_string().as_bytes())
                    .await?;
                // The CLI leaves an empty entry in `auths` so the registry is still listed
                // (`docker info`, and our view) while the secret lives in the helper.
                auths_mut(&mut config)?.insert(key.clone(), serde_json::json!({}));
            }
            CredentialPlace::ConfigFile => {
                let pass = if creds.identity_token {
                    ""
                } else {
                    &creds.secret
                };
                let auth = base64::engine::general_purpose::STANDARD
                    .encode(format!("{}:{pass}", creds.username));
                let mut entry = serde_json::json!({ "auth": auth });
                if creds.identity_token {
                    entry["identitytoken"] = Value::String(creds.secret.clone());
                }
                let auths = auths_mut(&mut config)?;
                // One entry per registry: another spelling of the same host would shadow or be
                // shadowed by this one.
                auths.retain(|k, _| server_key(k) != key);
                auths.insert(key.clone(), entry);
            }
        }
        self.write_json(&config).await?;
        Ok(place_words(&place, &self.file().display().to_string()))
    }

    /// Forgets the credentials for `registry` (the helper's and every `auths` spelling of it).
    /// Whether there were any.
    pub async fn erase(&self, registry: &str) -> Result<bool, CredentialError> {
        let mut config = self.read_json().await?;
        let key = server_key(registry);
        let mut had = false;
        if let CredentialPlace::Helper { name, .. } = place_in(&config, &key) {
            // Asked first: a helper's "not found" is the only way to know it had nothing.
            had = !matches!(
                self.run_helper(&name, "get", key.as_bytes()).await?,
                HelperOutcome::NotFound
            );
            if had {
                self.run_helper(&name, "erase", key.as_bytes()).await?;
            }
        }
        let in_file = config
            .get("auths")
            .and_then(Value::as_object)
            .is_some_and(|a| a.keys().any(|k| server_key(k) == key));
        if in_file {
            auths_mut(&mut config)?.retain(|k, _| server_key(k) != key);
            self.write_json(&config).await?;
            had = true;
        }
        Ok(had)
    }

    /// The config file's place, its helpers and every registry it knows (Docker Hub always),
    /// each with who is logged in.
    pub async fn home(&self) -> Result<CredentialsHome, CredentialError> {
        let config = self.read_json().await?;
        let file = self.file().display().to_string();
        let text = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_owned);
        let store = config.get("credsStore").and_then(text);
        let per_registry: Vec<(String, String)> = config
            .get("credHelpers")
            .and_then(Value::as_object)
            .map(|h| {
                h.iter()
                    .filter_map(|(k, v)| {
                        Some((
                            registry_of_key(k),
                            format!("docker-credential-{}", text(v)?),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut names: Vec<String> = vec![DOCKER_HUB.to_owned()];
        let keys = config
            .get("auths")
            .and_then(Value::as_object)
            .map(|a| a.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default();
        for k in keys.iter().chain(
            config
                .get("credHelpers")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|h| h.keys()),
        ) {
            let name = registry_of_key(k);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let mut registries = Vec::with_capacity(names.len());
        for name in names {
            let place = place_in(&config, &server_key(&name));
            let kept_in = place_words(&place, &file);
            let known = match self.credentials(&name).await {
                Ok(creds) => KnownRegistry {
                    username: creds.as_ref().map(|c| c.username.clone()),
                    identity_token: creds.as_ref().is_some_and(|c| c.identity_token),
                    registry: name,
                    kept_in,
                    problem: None,
                },
                Err(e) => KnownRegistry {
                    registry: name,
                    username: None,
                    identity_token: false,
                    kept_in,
                    problem: Some(e.to_string()),
                },
            };
            registries.push(known);
        }
        Ok(CredentialsHome {
            file,
            store: store.map(|s| format!("docker-credential-{s}")),
            per_registry,
            registries,
        })
    }

    /// Writes `config` as the whole file, atomically, with tab indents as the CLI writes it;
    /// a new file (and folder) is private to the user, an existing one keeps its permissions.
    pub(crate) async fn write_json(&self, config: &Value) -> Result<(), CredentialError> {
        let io = |what: &str, e: &dyn std::fmt::Display| {
            CredentialError::Io(format!("could not {what} {}: {e}", self.file().display()))
        };
        if !tokio::fs::try_exists(self.dir()).await.unwrap_or(false) {
            let mut builder = tokio::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            builder.mode(0o700);
            builder
                .create(self.dir())
                .await
                .map_err(|e| io("create the folder of", &e))?;
        }
        // The file may be a link to a file kept elsewhere (dotfiles): write the file itself,
        // and the path must be absolute for the files crate.
        let path = match tokio::fs::canonicalize(self.file()).await {
            Ok(p) => p,
            Err(_) => tokio::fs::canonicalize(self.dir())
                .await
                .map_err(|e| io("find", &e))?
                .join("config.json"),
        };
        let perms = match tokio::fs::metadata(&path).await {
            Ok(m) => Some(m.permissions()),
            Err(_) => private_permissions(),
        };
        let mut bytes = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b"\t");
        let mut ser = serde_json::Serializer::with_formatter(&mut bytes, fmt);
        config.serialize(&mut ser).map_err(|e| io("write", &e))?;
        bytes.push(b'\n');
        let mut file = tugboat_files::AtomicFile::create(&path, true, "config.json")
            .await
            .map_err(|e| io("write", &e))?;
        if let Some(perms) = perms {
            file.set_permissions(perms)
                .await
                .map_err(|e| io("write", &e))?;
        }
        file.write(&bytes).await.map_err(|e| io("write", &e))?;
        file.commit().await.map_err(|e| io("write", &e))?;
        Ok(())
    }
}

/// A new config file is readable by its owner only: it may hold passwords.
#[cfg(unix)]
fn private_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o600))
}

/// Windows keeps files in the user's profile private already; nothing to narrow.
#[cfg(not(unix))]
fn private_permissions() -> Option<std::fs::Permissions> {
    None
}

fn auths_mut(config: &mut Value) -> Result<&mut serde_json::Map<String, Value>, CredentialError> {
    let root = config
        .as_object_mut()
        .ok_or_else(|| CredentialError::Config("config.json is not a JSON object".into()))?;
    let auths = root
        .entry("auths")
        .or_insert_with(|| Value::Object(Default::default()));
    if !auths.is_object() {
        return Err(CredentialError::Config(
            "\"auths\" in config.json is not an object; fix or remove it".into(),
        ));
    }
    auths
        .as_object_mut()
        .ok_or_else(|| CredentialError::Config("\"auths\" in config.json is not an object".into()))
}

/// The engine's answer to `POST /auth`.
#[derive(Deserialize)]
struct AuthAnswer {
    #[serde(rename = "Status", default)]
    status: String,
    #[serde(rename = "IdentityToken", default)]
    identity_token: Option<String>,
}

impl Engine {
    /// `docker login`: the engine checks the credentials with the registry, then they are kept
    /// in `config` (an identity token, when the registry gives one, instead of the password).
    /// Nothing is kept when the check fails.
    pub async fn registry_login(
        &self,
        config: &DockerConfig,
        login: &Login,
    ) -> Result<LoginOutcome, LoginError> {
        let key = server_key(&login.registry);
        let body = serde_json::json!({
            "username": login.username,
            "password": login.password,
            "serveraddress": key,
        });
        let answer = match self.post_auth(body.to_string()).await {
            Ok(a) => a,
            Err(e) => return Err(self.why_login_failed(&login.registry, login, e).await),
        };
        let token = answer.identity_token.filter(|t| !t.is_empty());
        let creds = RegistryCredentials {
            server: key,
            username: login.username.clone(),
            identity_token: token.is_some(),
            secret: token.unwrap_or_else(|| login.password.clone()),
        };
        let kept_in = config.store(&creds).await?;
        tracing::info!(registry = %login.registry, kept_in = %kept_in, "logged in");
        Ok(LoginOutcome {
            registry: login.registry.clone(),
            status: answer.status,
            identity_token: creds.identity_token,
            kept_in,
        })
    }

    /// Which registries the engine may use over plain HTTP (from `GET /info`).
    pub async fn plain_http_registries(&self) -> Result<PlainHttpRegistries, EngineError> {
        let info = self.docker.info().await?;
        let rc = info.registry_config.unwrap_or_default();
        let mut ranges = rc.insecure_registry_cidrs.unwrap_or_default();
        if ranges.is_empty() {
            ranges.push("127.0.0.0/8".into());
        }
        let mut hosts: Vec<String> = rc
            .index_configs
            .unwrap_or_default()
            .into_values()
            .filter(|i| i.secure == Some(false))
            .filter_map(|i| i.name)
            .collect();
        hosts.sort();
        Ok(PlainHttpRegistries { ranges, hosts })
    }

    /// `POST /auth` with the credentials as JSON. bollard 0.21 has no call for it: as
    /// `raw_stream` does, a body-returning GET is re-aimed through the request hook, here
    /// also made a POST with our body, so it still goes over bollard's transport.
    async fn post_auth(&self, body: String) -> Result<AuthAnswer, EngineError> {
        let target: http::uri::PathAndQuery = format!("/v{}/auth", self.api_version())
            .parse()
            .map_err(|_| EngineError::Protocol("the API version made a bad path".into()))?;
        let body = bytes::Bytes::from(body);
        let docker = self.docker.clone().with_request_modifier(move |req| {
            let (mut parts, _) = req.into_parts();
            parts.method = http::Method::POST;
            let mut uri = parts.uri.clone().into_parts();
            uri.path_and_query = Some(target.clone());
            parts.uri = http::Uri::from_parts(uri).unwrap_or_default();
            parts.headers.insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/json"),
            );
            parts.headers.remove(http::header::CONTENT_LENGTH);
            bollard::BollardRequest::from_parts(parts, bollard::body_full(body.clone()))
        });
        let chunks: Vec<bytes::Bytes> = docker
            .export_container("tugboat-auth")
            .map_err(EngineError::from)
            .try_collect()
            .await?;
        serde_json::from_slice(&chunks.concat())
            .map_err(|e| EngineError::Protocol(format!("unreadable answer to /auth: {e}")))
    }

    /// Names a failed `/auth` by kind (see the module notes).
    async fn why_login_failed(
        &self,
        registry: &str,
        login: &Login,
        err: EngineError,
    ) -> LoginError {
        let engine_words = err.to_string();
        match &err {
            EngineError::Api { status: 401, .. } => {
                return LoginError::WrongCredentials(format!(
                    "{registry} refused user {} with that password: check both and try again",
                    login.username
                ))
            }
            EngineError::Unavailable(_) | EngineError::Timeout(_) | EngineError::Cancelled => {
                return LoginError::Engine(err)
            }
            _ => {}
        }
        if registry == DOCKER_HUB || !self.is_local() {
            return LoginError::Engine(err);
        }
        let plain_ok = match self.plain_http_policy().await {
            Ok(policy) => policy.allows(registry).await.is_some(),
            Err(_) => return LoginError::Engine(err),
        };
        match probe_v2(registry, Some((&login.username, &login.password))).await {
            Probe::NoAnswer(why) => LoginError::Unreachable(format!(
                "nothing answers at {registry} ({why}); check the address and that the registry \
                 is running"
            )),
            Probe::Registry { status: 401 } if plain_ok => LoginError::WrongCredentials(format!(
                "{registry} refused user {} with that password: check both and try again",
                login.username
            )),
            Probe::Registry { .. } if !plain_ok => LoginError::PlainHttpRefused(format!(
                "{registry} speaks plain HTTP, and the engine only uses HTTPS with it. \
                 To allow it, add \"{registry}\" to \"insecure-registries\" in the engine's \
                 daemon.json and restart the engine (localhost is always allowed). \
                 The engine said: {engine_words}"
            )),
            _ => LoginError::Engine(err),
        }
    }
}

/// What a registry's `/v2/` answered over plain HTTP.
#[derive(Debug, PartialEq, Eq)]
enum Probe {
    /// No connection (refused, no such host, no answer in time).
    NoAnswer(String),
    /// A registry answered (its `Docker-Distribution-API-Version` header says so).
    Registry { status: u16 },
    /// Something answered that is not a plain-HTTP registry (an HTTPS port, a web server).
    Other,
}

/// `GET http://REGISTRY/v2/`, with basic auth when given: the distribution API's "are you a
/// registry, and do these credentials work" question.
async fn probe_v2(registry: &str, auth: Option<(&str, &str)>) -> Probe {
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    let Ok(uri) = format!("http://{registry}/v2/").parse::<http::Uri>() else {
        return Probe::NoAnswer("not an address".into());
    };
    let client: Client<_, http_body_util::Empty<bytes::Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    let mut req = http::Request::get(uri);
    if let Some((user, pass)) = auth {
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
        req = req.header(http::header::AUTHORIZATION, format!("Basic {basic}"));
    }
    let Ok(req) = req.body(http_body_util::Empty::new()) else {
        return Probe::NoAnswer("not an address".into());
    };
    match tokio::time::timeout(PROBE_PATIENCE, client.request(req)).await {
        Err(_) => Probe::NoAnswer(format!("no answer within {} s", PROBE_PATIENCE.as_secs())),
        Ok(Err(e)) => {
            let mut deepest: &(dyn std::error::Error + 'static) = &e;
            while let Some(next) = deepest.source() {
                deepest = next;
            }
            Probe::NoAnswer(deepest.to_string())
        }
        Ok(Ok(resp))
            if resp
                .headers()
                .contains_key("docker-distribution-api-version") =>
        {
            Probe::Registry {
                status: resp.status().as_u16(),
            }
        }
        Ok(Ok(_)) => Probe::Other,
    }
}

/// Forgets the credentials for `registry` (`docker logout`). Whether there were any.
pub async fn registry_logout(config: &DockerConfig, registry: &str) -> Result<bool, LoginError> {
    let had = config.erase(registry).await?;
    tracing::info!(registry = %registry, had, "logged out");
    Ok(had)
}

/// The auths key a registry is kept under, when the file has one (for tests and the view).
pub async fn kept_key(
    config: &DockerConfig,
    registry: &str,
) -> Result<Option<String>, CredentialError> {
    let json = config.read_json().await?;
    Ok(auths_key_for(&json, &server_key(registry)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn store_writes_auths_keeping_other_keys_and_private_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let cfg_dir = dir.path().join("new-folder");
        let config = DockerConfig::at(&cfg_dir);
        let creds = RegistryCredentials {
            server: "localhost:5117".into(),
            username: "ann".into(),
            secret: "pw".into(),
            identity_token: false,
        };
        config.store(&creds).await.unwrap();
        let file = cfg_dir.join("config.json");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(
            config.credentials("localhost:5117").await.unwrap(),
            Some(creds.clone())
        );

        // An existing file keeps its other keys, its mode, and loses only the old spelling.
        std::fs::write(
            &file,
            serde_json::json!({
                "psFormat": "table {{.ID}}",
                "auths": {
                    "https://localhost:5117": { "auth": "b2xkOm9sZA==" },
                    "other:1": { "auth": "eDp5" }
                }
            })
            .to_string(),
        )
        .unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        config.store(&creds).await.unwrap();
        let json: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(json["psFormat"], "table {{.ID}}");
        assert_eq!(json["auths"]["other:1"]["auth"], "eDp5");
        assert!(json["auths"].get("https://localhost:5117").is_none());
        assert_eq!(json["auths"]["localhost:5117"]["auth"], "YW5uOnB3");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);

        assert!(config.erase("localhost:5117").await.unwrap());
        assert!(!config.erase("localhost:5117").await.unwrap());
        let json: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(json["auths"]["other:1"]["auth"], "eDp5");
        assert_eq!(config.credentials("localhost:5117").await.unwrap(), None);
    }

    #[tokio::test]
    async fn helper_store_and_erase_go_to_the_helper() {
        let dir = tempfile::tempdir().unwrap();
        let helpers = dir.path().join("helpers");
        std::fs::create_dir_all(&helpers).unwrap();
        crate::registry::credentials::tests::fake_helper(&helpers);
        std::fs::write(
            dir.path().join("config.json"),
            r#"{"credsStore":"tugboattest"}"#,
        )
        .unwrap();
        let config = DockerConfig::at(dir.path()).with_helpers_in(&helpers);
        let creds = RegistryCredentials {
            server: "reg.example:5000".into(),
            username: "ann".into(),
            secret: "pw".into(),
            identity_token: false,
        };
        let kept = config.store(&creds).await.unwrap();
        assert_eq!(kept, "docker-credential-tugboattest");
        let json: Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("config.json")).unwrap())
                .unwrap();
        assert_eq!(json["auths"]["reg.example:5000"], serde_json::json!({}));
        assert_eq!(
            config.credentials("reg.example:5000").await.unwrap(),
            Some(creds)
        );
        let home = config.home().await.unwrap();
        let listed = home
            .registries
            .iter()
            .find(|r| r.registry == "reg.example:5000")
            .unwrap();
        assert_eq!(listed.username.as_deref(), Some("ann"));
        assert_eq!(home.registries[0].registry, "docker.io");
        assert!(config.erase("reg.example:5000").await.unwrap());
        assert_eq!(config.credentials("reg.example:5000").await.unwrap(), None);
        let log = std::fs::read_to_string(helpers.join("actions.log")).unwrap();
        // store; get (credentials); get ×2 (home: Docker Hub and reg.example); get + erase
        // (erase); get (credentials).
        assert_eq!(log, "store\nget\nget\nget\nget\nerase\nget\n");
    }
}
