//! Registry credentials read the way the docker CLI reads them, from the same config folder
//! (`$DOCKER_CONFIG`, else `~/.docker`): a per-registry helper (`credHelpers`) wins, else the
//! one store for all (`credsStore`), else the `auths` entries in `config.json`. Sharing the
//! CLI's file means a `docker login` in a terminal is seen here and a log in here is seen by
//! `docker pull` there.
//!
//! No secret ever reaches a log line or an error message: [`RegistryCredentials`] prints its
//! secret as `<hidden>`, and helper output is only quoted when it is an error (helpers print
//! the error, never the secret, on failure).

use base64::Engine as _;
use serde_json::Value;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// The key Docker Hub's credentials are kept under, in `auths` and in helpers alike.
pub const DOCKER_HUB_KEY: &str = "https://index.docker.io/v1/";

/// What a helper prints (on stdout, exit 1) when it holds nothing for the server. This is the
/// helper protocol's own "not found" signal (docker-credential-helpers' `ErrCredentialsNotFound`):
/// the protocol has no other way to say it, so the CLI and we compare this text.
const HELPER_NOT_FOUND: &str = "credentials not found in native keychain";

/// A helper may prompt (a GPG pin for `pass`, a keychain unlock): generous, but not forever.
const HELPER_PATIENCE: Duration = Duration::from_secs(120);

/// The docker CLI's config folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerConfig {
    dir: PathBuf,
    /// Where `docker-credential-*` helpers are looked for before `PATH` (tests give their own
    /// fake helper this way rather than changing the process's `PATH` under other tests).
    helpers_dir: Option<PathBuf>,
}

/// Where credentials for one registry are kept (or would be, on log in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialPlace {
    /// `docker-credential-<name>`, from `credHelpers` (for this registry) or `credsStore`.
    Helper { name: String, per_registry: bool },
    /// The `auths` section of `config.json` (base64, not encrypted).
    ConfigFile,
}

/// Credentials for one registry, as the CLI would send them.
#[derive(Clone, PartialEq, Eq)]
pub struct RegistryCredentials {
    /// The server they were stored for (`https://index.docker.io/v1/` for Docker Hub).
    pub server: String,
    pub username: String,
    /// The password, or the identity token when `identity_token` is set.
    pub secret: String,
    pub identity_token: bool,
}

impl std::fmt::Debug for RegistryCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryCredentials")
            .field("server", &self.server)
            .field("username", &self.username)
            .field("secret", &"<hidden>")
            .field("identity_token", &self.identity_token)
            .finish()
    }
}

impl RegistryCredentials {
    /// For bollard's pull/push (`X-Registry-Auth`). An identity token goes as `identitytoken`
    /// with no password, as the CLI sends it.
    pub fn to_bollard(&self) -> bollard::auth::DockerCredentials {
        let mut creds = bollard::auth::DockerCredentials {
            serveraddress: Some(self.server.clone()),
            ..Default::default()
        };
        if self.identity_token {
            creds.identitytoken = Some(self.secret.clone());
        } else {
            creds.username = Some(self.username.clone());
            creds.password = Some(self.secret.clone());
        }
        creds
    }
}

/// What went wrong reading or keeping credentials, by kind. Never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    /// `config.json` is not JSON the CLI could read, or an entry in it is malformed.
    #[error("{0}")]
    Config(String),
    /// The helper named in the config is not installed (not on PATH).
    #[error("{0}")]
    HelperMissing(String),
    /// The helper ran and failed (its own words).
    #[error("{0}")]
    Helper(String),
    /// The config file or folder could not be read or written.
    #[error("{0}")]
    Io(String),
}

impl DockerConfig {
    /// `$DOCKER_CONFIG`, else `~/.docker`, as the CLI chooses it.
    pub fn from_env() -> Self {
        let dir = match std::env::var_os("DOCKER_CONFIG") {
            Some(d) if !d.is_empty() => PathBuf::from(d),
            _ => dirs::home_dir()
                .unwrap_or_else(|| PathBuf::from("."))
                .join(".docker"),
        };
        DockerConfig::at(dir)
    }

    /// A config folder of one's own (tests: a temp dir).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        DockerConfig {
            dir: dir.into(),
            helpers_dir: None,
        }
    }

    /// Looks for `docker-credential-*` helpers in `dir` before `PATH`.
    pub fn with_helpers_in(mut self, dir: impl Into<PathBuf>) -> Self {
        self.helpers_dir = Some(dir.into());
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `config.json` in the folder.
    pub fn file(&self) -> PathBuf {
        self.dir.join("config.json")
    }

    /// The config file as JSON; an empty object when there is none yet (as the CLI treats it).
    pub(crate) async fn read_json(&self) -> Result<Value, CredentialError> {
        let path = self.file();
        let bytes = match tokio::fs::read(&path).await {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Value::Object(Default::default()))
            }
            Err(e) => {
                return Err(CredentialError::Io(format!(
                    "could not read {}: {e}",
                    path.display()
                )))
            }
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Object(Default::default()));
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(v @ Value::Object(_)) => Ok(v),
            Ok(_) => Err(CredentialError::Config(format!(
                "{} is not a JSON object; the docker CLI expects {{\"auths\": {{…}}}}",
                path.display()
            ))),
            // serde_json's message names line and column, never the text around it.
            Err(e) => Err(CredentialError::Config(format!(
                "{} is not valid JSON ({e}); fix or remove it",
                path.display()
            ))),
        }
    }

    /// Where credentials for `registry` live: its `credHelpers` entry, else `credsStore`,
    /// else the config file.
    pub async fn place_for(&self, registry: &str) -> Result<CredentialPlace, CredentialError> {
        let config = self.read_json().await?;
        Ok(place_in(&config, &server_key(registry)))
    }

    /// What the CLI would send to `registry` (a host[:port], or "docker.io" for Docker Hub):
    /// credsStore / credHelpers / auths, as `docker` reads them. None when not logged in.
    pub async fn credentials(
        &self,
        registry: &str,
    ) -> Result<Option<RegistryCredentials>, CredentialError> {
        let config = self.read_json().await?;
        let key = server_key(registry);
        match place_in(&config, &key) {
            CredentialPlace::Helper { name, .. } => self.helper_get(&name, &key).await,
            CredentialPlace::ConfigFile => from_auths(&config, &key),
        }
    }

    /// The path of `docker-credential-<name>`: the tests' folder first, else the bare name
    /// for `PATH` to resolve.
    pub(crate) fn helper_program(&self, name: &str) -> OsString {
        let program = format!("docker-credential-{name}");
        if let Some(dir) = &self.helpers_dir {
            let path = dir.join(&program);
            if path.is_file() {
                return path.into_os_string();
            }
        }
        program.into()
    }

    /// Runs `docker-credential-<name> <action>` with `input` on stdin; its stdout when it
    /// succeeds, else `Err((stdout+stderr))`-style words in a [`CredentialError`].
    pub(crate) async fn run_helper(
        &self,
        name: &str,
        action: &str,
        input: &[u8],
    ) -> Result<HelperOutcome, CredentialError> {
        let program = self.helper_program(name);
        let mut child = match tokio::process::Command::new(&program)
            .arg(action)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
        {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CredentialError::HelperMissing(format!(
                    "the credential helper docker-credential-{name} named in {} is not installed \
                     (not found on PATH); install it or remove \"{name}\" from the file",
                    self.file().display()
                )))
            }
            Err(e) => {
                return Err(CredentialError::Helper(format!(
                    "could not run docker-credential-{name}: {e}"
                )))
            }
        };
        if let Some(mut stdin) = child.stdin.take() {
            // A helper that exits without reading is answered below by its exit status.
            let _ = stdin.write_all(input).await;
            drop(stdin);
        }
        let output = match tokio::time::timeout(HELPER_PATIENCE, child.wait_with_output()).await {
            Ok(Ok(o)) => o,
            Ok(Err(e)) => {
                return Err(CredentialError::Helper(format!(
                    "docker-credential-{name} {action} failed: {e}"
                )))
            }
            Err(_) => {
                return Err(CredentialError::Helper(format!(
                    "docker-credential-{name} {action} did not finish within {} s",
                    HELPER_PATIENCE.as_secs()
                )))
            }
        };
        if output.status.success() {
            return Ok(HelperOutcome::Done(output.stdout));
        }
        // On failure a helper prints its error (never the secret) on stdout, some on stderr.
        let said = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        if said == HELPER_NOT_FOUND {
            return Ok(HelperOutcome::NotFound);
        }
        let said = if said.is_empty() {
            String::from_utf8_lossy(&output.stderr).trim().to_owned()
        } else {
            said
        };
        Err(CredentialError::Helper(format!(
            "docker-credential-{name} {action} failed ({}): {said}",
            output.status
        )))
    }

    async fn helper_get(
        &self,
        name: &str,
        key: &str,
    ) -> Result<Option<RegistryCredentials>, CredentialError> {
        let out = match self.run_helper(name, "get", key.as_bytes()).await? {
            HelperOutcome::NotFound => return Ok(None),
            HelperOutcome::Done(out) => out,
        };
        #[derive(serde::Deserialize)]
        struct Got {
            #[serde(rename = "Username", default)]
            username: String,
            #[serde(rename = "Secret", default)]
            secret: String,
        }
        // The error must not quote the output: it may hold the secret.
        let got: Got = serde_json::from_slice(&out).map_err(|_| {
            CredentialError::Helper(format!(
                "docker-credential-{name} get answered with something other than \
                 {{\"ServerURL\", \"Username\", \"Secret\"}} JSON"
            ))
        })?;
        if got.username.is_empty() && got.secret.is_empty() {
            return Ok(None);
        }
        // The CLI stores an identity token under the user name "<token>".
        let identity_token = got.username == TOKEN_USERNAME;
        Ok(Some(RegistryCredentials {
            server: key.to_owned(),
            username: if identity_token {
                String::new()
            } else {
                got.username
            },
            secret: got.secret,
            identity_token,
        }))
    }
}

/// The user name helpers keep an identity token under (the CLI's convention).
pub(crate) const TOKEN_USERNAME: &str = "<token>";

/// A helper's answer: its stdout, or its "nothing stored for that server".
pub(crate) enum HelperOutcome {
    Done(Vec<u8>),
    NotFound,
}

/// The key credentials for `registry` are kept under: Docker Hub's full index URL, else the
/// bare host[:port] (a scheme or path given is dropped, as the CLI drops it).
pub fn server_key(registry: &str) -> String {
    let host = hostname_of(registry.trim());
    match host.as_str() {
        ""
        | "docker.io"
        | "index.docker.io"
        | "registry-1.docker.io"
        | "registry.hub.docker.com" => DOCKER_HUB_KEY.to_owned(),
        _ => host,
    }
}

/// The CLI's `ConvertToHostname`: drops `http://` / `https://` and anything from the first `/`.
pub fn hostname_of(key: &str) -> String {
    let rest = key
        .strip_prefix("https://")
        .or_else(|| key.strip_prefix("http://"))
        .unwrap_or(key);
    rest.split('/').next().unwrap_or_default().to_owned()
}

/// Which place the config names for `key` (a [`server_key`]).
pub(crate) fn place_in(config: &Value, key: &str) -> CredentialPlace {
    let helper = config
        .get("credHelpers")
        .and_then(Value::as_object)
        .and_then(|h| h.get(key))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    if let Some(name) = helper {
        return CredentialPlace::Helper {
            name: name.to_owned(),
            per_registry: true,
        };
    }
    match config
        .get("credsStore")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        Some(name) => CredentialPlace::Helper {
            name: name.to_owned(),
            per_registry: false,
        },
        None => CredentialPlace::ConfigFile,
    }
}

/// The `auths` key that holds `key`'s entry: the exact key, else one that names the same host
/// with a scheme or path (`https://host/v1/`), as the CLI matches them.
pub(crate) fn auths_key_for(config: &Value, key: &str) -> Option<String> {
    let auths = config.get("auths").and_then(Value::as_object)?;
    if auths.contains_key(key) {
        return Some(key.to_owned());
    }
    let host = server_key(key);
    auths
        .keys()
        .filter(|k| server_key(k) == host)
        // BTreeMap order: the same pick every time when several spellings are present.
        .min()
        .cloned()
}

fn from_auths(config: &Value, key: &str) -> Result<Option<RegistryCredentials>, CredentialError> {
    let Some(found) = auths_key_for(config, key) else {
        return Ok(None);
    };
    let entry = &config["auths"][&found];
    let text = |field: &str| {
        entry
            .get(field)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let (mut username, mut password) = (text("username").unwrap_or_default(), text("password"));
    if let Some(auth) = text("auth") {
        // Neither the entry nor the decoded text goes into the error: both hold the password.
        let bad = || {
            CredentialError::Config(format!(
                "the \"auth\" of {found} in config.json is not base64 of user:password; \
                 log in again to replace it"
            ))
        };
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(auth.trim())
            .map_err(|_| bad())?;
        let decoded = String::from_utf8(decoded).map_err(|_| bad())?;
        let (user, pass) = decoded.split_once(':').ok_or_else(bad)?;
        username = user.to_owned();
        password = Some(pass.to_owned());
    }
    let server = if found == key {
        found.clone()
    } else {
        key.to_owned()
    };
    if let Some(token) = text("identitytoken") {
        return Ok(Some(RegistryCredentials {
            server,
            username,
            secret: token,
            identity_token: true,
        }));
    }
    Ok(password.map(|secret| RegistryCredentials {
        server,
        username,
        secret,
        identity_token: false,
    }))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(s)
    }

    fn config_with(json: Value) -> (tempfile::TempDir, DockerConfig) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.json"), json.to_string()).unwrap();
        let config = DockerConfig::at(dir.path());
        (dir, config)
    }

    /// A fake `docker-credential-tugboattest` keeping one JSON file per server beside it, and
    /// logging each action it was asked for, so tests see what was routed to it.
    pub(crate) fn fake_helper(dir: &Path) -> PathBuf {
        let script = dir.join("docker-credential-tugboattest");
        let store = dir.join("store");
        std::fs::create_dir_all(&store).unwrap();
        let body = format!(
            r#"#!/bin/sh
store='{store}'
action="$1"
echo "$action" >> '{log}'
case "$action" in
  get)
    read -r server
    f="$store/$(printf %s "$server" | tr -c 'A-Za-z0-9.' _)"
    if [ -f "$f" ]; then cat "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
  store)
    json=$(cat)
    server=$(printf %s "$json" | sed -n 's/.*"ServerURL":"\([^"]*\)".*/\1/p')
    printf %s "$json" > "$store/$(printf %s "$server" | tr -c 'A-Za-z0-9.' _)" ;;
  erase)
    read -r server
    rm -f "$store/$(printf %s "$server" | tr -c 'A-Za-z0-9.' _)" ;;
  *) echo "unknown action $action" >&2; exit 2 ;;
esac
"#,
            store = store.display(),
            log = dir.join("actions.log").display()
        );
        std::fs::write(&script, body).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script
    }

    #[tokio::test]
    async fn no_config_file_means_not_logged_in() {
        let dir = tempfile::tempdir().unwrap();
        let config = DockerConfig::at(dir.path());
        assert_eq!(config.credentials("localhost:5000").await.unwrap(), None);
        assert_eq!(
            config.place_for("localhost:5000").await.unwrap(),
            CredentialPlace::ConfigFile
        );
    }

    #[tokio::test]
    async fn auths_entry_decodes_user_and_password() {
        let (_d, config) = config_with(serde_json::json!({
            "auths": { "localhost:5117": { "auth": b64("ann:s3cr:et") } }
        }));
        let got = config.credentials("localhost:5117").await.unwrap().unwrap();
        assert_eq!(got.username, "ann");
        assert_eq!(got.secret, "s3cr:et");
        assert!(!got.identity_token);
        assert_eq!(got.server, "localhost:5117");
        let bollard = got.to_bollard();
        assert_eq!(bollard.password.as_deref(), Some("s3cr:et"));
        assert_eq!(bollard.serveraddress.as_deref(), Some("localhost:5117"));
        assert_eq!(config.credentials("localhost:5118").await.unwrap(), None);
    }

    #[tokio::test]
    async fn keys_with_scheme_or_path_match_the_host() {
        let (_d, config) = config_with(serde_json::json!({
            "auths": { "https://reg.example:5000/v2/": { "auth": b64("bob:pw") } }
        }));
        let got = config
            .credentials("reg.example:5000")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got.username, "bob");
        assert_eq!(got.server, "reg.example:5000");
        let also = config
            .credentials("http://reg.example:5000")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(also.secret, "pw");
    }

    #[tokio::test]
    async fn docker_hub_names_use_the_index_key() {
        let (_d, config) = config_with(serde_json::json!({
            "auths": { DOCKER_HUB_KEY: { "auth": b64("hubber:pw") } }
        }));
        for name in [
            "docker.io",
            "index.docker.io",
            "registry-1.docker.io",
            DOCKER_HUB_KEY,
        ] {
            let got = config.credentials(name).await.unwrap().unwrap();
            assert_eq!(got.username, "hubber", "{name}");
            assert_eq!(got.server, DOCKER_HUB_KEY);
        }
    }

    #[tokio::test]
    async fn identity_token_is_sent_instead_of_a_password() {
        let (_d, config) = config_with(serde_json::json!({
            "auths": { "reg.example": { "auth": b64("carol:"), "identitytoken": "tok-123" } }
        }));
        let got = config.credentials("reg.example").await.unwrap().unwrap();
        assert!(got.identity_token);
        assert_eq!(got.secret, "tok-123");
        let bollard = got.to_bollard();
        assert_eq!(bollard.identitytoken.as_deref(), Some("tok-123"));
        assert_eq!(bollard.password, None);
    }

    #[tokio::test]
    async fn malformed_entries_are_config_errors_without_the_secret() {
        let (_d, config) = config_with(serde_json::json!({
            "auths": { "reg.example": { "auth": "bm9jb2xvbg" } } // "nocolon", no padding
        }));
        let err = config.credentials("reg.example").await.unwrap_err();
        assert!(matches!(err, CredentialError::Config(_)), "{err:?}");
        assert!(!err.to_string().contains("bm9jb2xvbg"));

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.json"), "{ not json").unwrap();
        let err = DockerConfig::at(dir.path())
            .credentials("reg.example")
            .await
            .unwrap_err();
        assert!(matches!(err, CredentialError::Config(_)), "{err:?}");
    }

    #[tokio::test]
    async fn creds_store_helper_is_asked_and_not_found_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let helpers = dir.path().join("helpers");
        std::fs::create_dir_all(&helpers).unwrap();
        fake_helper(&helpers);
        std::fs::write(
            helpers.join("store/reg.example_5000"),
            r#"{"ServerURL":"reg.example:5000","Username":"dan","Secret":"from-helper"}"#,
        )
        .unwrap();
        std::fs::write(
            dir.path().join("config.json"),
            serde_json::json!({
                "credsStore": "tugboattest",
                // Ignored while a store is set, as the CLI ignores it.
                "auths": { "reg.example:5000": { "auth": b64("wrong:wrong") } }
            })
            .to_string(),
        )
        .unwrap();
        let config = DockerConfig::at(dir.path()).with_helpers_in(&helpers);
        let got = config
            .credentials("reg.example:5000")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (got.username.as_str(), got.secret.as_str()),
            ("dan", "from-helper")
        );
        assert_eq!(config.credentials("other.example").await.unwrap(), None);
        let log = std::fs::read_to_string(helpers.join("actions.log")).unwrap();
        assert_eq!(log, "get\nget\n");
    }

    #[tokio::test]
    async fn cred_helpers_entry_wins_over_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let helpers = dir.path().join("helpers");
        std::fs::create_dir_all(&helpers).unwrap();
        fake_helper(&helpers);
        std::fs::write(
            helpers.join("store/reg.example"),
            r#"{"ServerURL":"reg.example","Username":"<token>","Secret":"tok"}"#,
        )
        .unwrap();
        std::fs::write(
            dir.path().join("config.json"),
            serde_json::json!({
                "credsStore": "missing-store",
                "credHelpers": { "reg.example": "tugboattest" }
            })
            .to_string(),
        )
        .unwrap();
        let config = DockerConfig::at(dir.path()).with_helpers_in(&helpers);
        let got = config.credentials("reg.example").await.unwrap().unwrap();
        assert!(got.identity_token);
        assert_eq!(got.secret, "tok");
        assert_eq!(
            config.place_for("reg.example").await.unwrap(),
            CredentialPlace::Helper {
                name: "tugboattest".into(),
                per_registry: true
            }
        );
        // Every other registry goes to the store, which is not installed.
        let err = config.credentials("elsewhere.example").await.unwrap_err();
        assert!(matches!(err, CredentialError::HelperMissing(_)), "{err:?}");
        assert!(err.to_string().contains("docker-credential-missing-store"));
    }

    #[test]
    fn debug_hides_the_secret() {
        let creds = RegistryCredentials {
            server: "reg.example".into(),
            username: "ann".into(),
            secret: "hunter2".into(),
            identity_token: false,
        };
        let shown = format!("{creds:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("ann"));
    }

    #[test]
    fn server_keys_follow_the_cli() {
        assert_eq!(server_key("localhost:5117"), "localhost:5117");
        assert_eq!(server_key("https://localhost:5117/v2/"), "localhost:5117");
        assert_eq!(server_key("docker.io"), DOCKER_HUB_KEY);
        assert_eq!(server_key(""), DOCKER_HUB_KEY);
    }
}
