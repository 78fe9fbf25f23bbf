//! The docker CLI's context store, in the CLI's layout (checked against the 20.10 CLI):
//! `contexts/meta/<sha256 of the name>/meta.json` holds
//! `{"Name","Metadata":{"Description"},"Endpoints":{"docker":{"Host","SkipTLSVerify"}}}`;
//! TLS files are copies in `contexts/tls/<sha256>/docker/{ca,cert,key}.pem` (private to the
//! user); the CLI's current context is `currentContext` in config.json, absent for `default`.
//! Every file is written whole through the files crate; config.json is changed with the
//! registry code's writer, which keeps every other key.

use super::check::{check_form, check_name};
use super::command::{context_command, ContextAction};
use super::{ContextForm, ContextKind, ContextRow, ContextTls, DEFAULT_CONTEXT};
use crate::connection::endpoint::EnvSnapshot;
use crate::error::EngineError;
use crate::registry::credentials::{CredentialError, DockerConfig};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tugboat_files::read::{read_capped, Capped};
use tugboat_files::AtomicFile;

/// A PEM file is a few kilobytes; anything past this is not one.
const MAX_TLS_FILE: usize = 1024 * 1024;

/// What the CLI shows as the default context's description.
const DEFAULT_DESCRIPTION: &str = "Current DOCKER_HOST based configuration";

/// The TLS file names the CLI keeps, in the order it lists them.
const TLS_FILES: [&str; 3] = ["ca.pem", "cert.pem", "key.pem"];

/// What removing a context takes away, shown before it is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RemovePreview {
    pub name: String,
    /// The folders and files that go: the meta folder, then the TLS folder and its files.
    pub paths: Vec<String>,
    /// It is the CLI's current context: removing it needs force, and sets the CLI back to
    /// `default`.
    pub current: bool,
    /// The `docker context rm …` line (with `-f` when `current`).
    pub command: String,
}

/// The context store of one docker config folder.
#[derive(Debug, Clone)]
pub struct ContextStore {
    config: DockerConfig,
    /// The default context's endpoint: `DOCKER_HOST`, else the platform's socket.
    default_host: String,
}

fn config_error(e: CredentialError) -> EngineError {
    match e {
        CredentialError::Config(m) => EngineError::InvalidInput(m),
        other => EngineError::File(other.to_string()),
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> EngineError {
    EngineError::File(format!("could not {what} {}: {e}", path.display()))
}

/// The folder name the CLI gives a context: the hex SHA-256 of its name.
pub fn digest(name: &str) -> String {
    hex::encode(Sha256::digest(name.as_bytes()))
}

impl ContextStore {
    /// The store the CLI would use in this environment (`$DOCKER_CONFIG`, else `~/.docker`).
    pub fn from_env(env: &EnvSnapshot) -> ContextStore {
        let dir = env.config_dir().unwrap_or_else(|| PathBuf::from(".docker"));
        ContextStore {
            config: DockerConfig::at(dir),
            default_host: env
                .docker_host
                .clone()
                .unwrap_or_else(|| env.platform_default().to_owned()),
        }
    }

    /// A store in a folder of one's own (tests).
    pub fn at(dir: impl Into<PathBuf>, default_host: impl Into<String>) -> ContextStore {
        ContextStore {
            config: DockerConfig::at(dir),
            default_host: default_host.into(),
        }
    }

    pub fn dir(&self) -> &Path {
        self.config.dir()
    }

    fn meta_dir(&self, name: &str) -> PathBuf {
        self.dir().join("contexts").join("meta").join(digest(name))
    }

    fn tls_dir(&self, name: &str) -> PathBuf {
        self.dir().join("contexts").join("tls").join(digest(name))
    }

    /// The CLI's current context: `currentContext` in config.json, `default` when unset.
    pub async fn current(&self) -> Result<String, EngineError> {
        let config = self.config.read_json().await.map_err(config_error)?;
        Ok(config
            .get("currentContext")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or(DEFAULT_CONTEXT)
            .to_owned())
    }

    /// Every context, `default` first and the rest by name, as `docker context ls` lists them.
    /// `in_use` is left false: the caller knows the connection.
    pub async fn list(&self) -> Result<Vec<ContextRow>, EngineError> {
        let current = self.current().await?;
        let mut rows = vec![ContextRow {
            name: DEFAULT_CONTEXT.into(),
            description: DEFAULT_DESCRIPTION.into(),
            kind: ContextKind::of(&self.default_host, false),
            host: self.default_host.clone(),
            tls: false,
            tls_files: None,
            skip_tls_verify: false,
            current: current == DEFAULT_CONTEXT,
            in_use: false,
            error: None,
        }];
        let meta_root = self.dir().join("contexts").join("meta");
        let mut entries = match tokio::fs::read_dir(&meta_root).await {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(rows),
            Err(e) => return Err(io_error("read", &meta_root, e)),
        };
        let mut named = Vec::new();
        while let Some(entry) = entries
            .next_entry()
            .await
            .map_err(|e| io_error("read", &meta_root, e))?
        {
            let meta = entry.path().join("meta.json");
            let folder = entry.file_name().to_string_lossy().into_owned();
            match tokio::fs::read(&meta).await {
                Ok(bytes) => named.push(self.row_from_meta(&folder, &bytes, &current).await),
                // A folder without meta.json is not a context (the CLI skips it too).
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => named.push(broken_row(&folder, format!("cannot read meta.json: {e}"))),
            }
        }
        named.sort_by(|a, b| a.name.cmp(&b.name));
        rows.extend(named);
        Ok(rows)
    }

    async fn row_from_meta(&self, folder: &str, bytes: &[u8], current: &str) -> ContextRow {
        let value: Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => return broken_row(folder, format!("meta.json is not valid JSON: {e}")),
        };
        let Some(name) = value.get("Name").and_then(Value::as_str) else {
            return broken_row(folder, "meta.json has no Name".into());
        };
        let text = |p: &str| {
            value
                .pointer(p)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        let host = text("/Endpoints/docker/Host");
        let skip = value
            .pointer("/Endpoints/docker/SkipTLSVerify")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let tls_files = self.stored_tls(name).await;
        let tls = tls_files.is_some();
        ContextRow {
            name: name.to_owned(),
            description: text("/Metadata/Description"),
            kind: ContextKind::of(&host, tls || skip),
            host,
            tls,
            tls_files,
            skip_tls_verify: skip,
            current: current == name,
            in_use: false,
            error: None,
        }
    }

    /// The TLS files kept for `name`, if any.
    async fn stored_tls(&self, name: &str) -> Option<ContextTls> {
        let dir = self.tls_dir(name).join("docker");
        let mut tls = ContextTls::default();
        for file in TLS_FILES {
            let path = dir.join(file);
            if tokio::fs::try_exists(&path).await.unwrap_or(false) {
                let shown = Some(path.display().to_string());
                match file {
                    "ca.pem" => tls.ca = shown,
                    "cert.pem" => tls.cert = shown,
                    _ => tls.key = shown,
                }
            }
        }
        (!tls.is_empty()).then_some(tls)
    }

    /// One context by name (`default` included).
    pub async fn get(&self, name: &str) -> Result<ContextRow, EngineError> {
        self.list()
            .await?
            .into_iter()
            .find(|r| r.name == name)
            .ok_or_else(|| {
                EngineError::NotFound(format!(
                    "name: there is no context `{name}` (docker context ls lists them)"
                ))
            })
    }

    async fn exists(&self, name: &str) -> bool {
        tokio::fs::try_exists(self.meta_dir(name).join("meta.json"))
            .await
            .unwrap_or(false)
    }

    /// `docker context create`: a new context; refused when the name is taken.
    pub async fn create(&self, form: &ContextForm) -> Result<(), EngineError> {
        check_form(form)?;
        if self.exists(&form.name).await {
            return Err(EngineError::Conflict(format!(
                "name: a context named `{}` exists already; pick another name or edit that one",
                form.name
            )));
        }
        let tls = read_tls(form.tls.as_ref()).await?;
        let written = self.write_tls(&form.name, &tls).await;
        let result = match written {
            Ok(()) => self.write_meta(&form.name, None, form).await,
            Err(e) => Err(e),
        };
        if result.is_err() {
            // Nothing half-made stays behind: the TLS copies go with the failed create.
            let _ = tokio::fs::remove_dir_all(self.tls_dir(&form.name)).await;
        }
        result
    }

    /// `docker context update NAME --description … --docker …`: the endpoint and its TLS files
    /// are replaced by the form's (a form without TLS drops the stored files, as `--docker`
    /// does); an empty description keeps the old one, as the CLI does. The form's TLS paths may
    /// be the store's own copies (an edit that keeps them).
    pub async fn update(&self, name: &str, form: &ContextForm) -> Result<(), EngineError> {
        if form.name != name {
            return Err(EngineError::InvalidInput(format!(
                "name: a context cannot be renamed (`{name}` to `{}`); create a new one and \
                 remove the old",
                form.name
            )));
        }
        check_form(form)?;
        let meta_path = self.meta_dir(name).join("meta.json");
        let old = match tokio::fs::read(&meta_path).await {
            Ok(b) => serde_json::from_slice::<Value>(&b).map_err(|e| {
                EngineError::InvalidInput(format!(
                    "{} is not valid JSON ({e}); remove the context and create it again",
                    meta_path.display()
                ))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(EngineError::NotFound(format!(
                    "name: there is no context `{name}` to update"
                )))
            }
            Err(e) => return Err(io_error("read", &meta_path, e)),
        };
        // Read the new files before anything is changed: they may be the stored copies.
        let tls = read_tls(form.tls.as_ref()).await?;
        self.write_tls(name, &tls).await?;
        self.write_meta(name, Some(old), form).await
    }

    /// Writes meta.json: the old one (if any) with the description and docker endpoint from
    /// the form; any other endpoint or metadata the CLI or a plugin put there is kept.
    async fn write_meta(
        &self,
        name: &str,
        old: Option<Value>,
        form: &ContextForm,
    ) -> Result<(), EngineError> {
        let mut meta = old.unwrap_or_else(|| json!({ "Name": name, "Metadata": {} }));
        let Some(root) = meta.as_object_mut() else {
            return Err(EngineError::InvalidInput(format!(
                "the meta.json of context `{name}` is not a JSON object; remove the context"
            )));
        };
        root.insert("Name".into(), Value::String(name.to_owned()));
        let metadata = root.entry("Metadata").or_insert_with(|| json!({}));
        if !form.description.is_empty() {
            if let Some(m) = metadata.as_object_mut() {
                m.insert(
                    "Description".into(),
                    Value::String(form.description.clone()),
                );
            }
        }
        let endpoints = root.entry("Endpoints").or_insert_with(|| json!({}));
        if let Some(e) = endpoints.as_object_mut() {
            e.insert(
                "docker".into(),
                json!({ "Host": form.host.trim(), "SkipTLSVerify": form.skip_tls_verify }),
            );
        }
        let bytes = serde_json::to_vec(&meta)
            .map_err(|e| EngineError::Protocol(format!("meta.json of `{name}`: {e}")))?;
        let dir = make_dir(&self.meta_dir(name), 0o755).await?;
        write_file(&dir.join("meta.json"), &bytes, 0o644, "meta.json").await
    }

    /// Puts exactly `files` in the context's TLS folder (none: the folder goes).
    async fn write_tls(&self, name: &str, files: &[(&str, Vec<u8>)]) -> Result<(), EngineError> {
        let root = self.tls_dir(name);
        if files.is_empty() {
            return match tokio::fs::remove_dir_all(&root).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(io_error("remove", &root, e))
                }
                _ => Ok(()),
            };
        }
        make_dir(&root, 0o700).await?;
        let dir = make_dir(&root.join("docker"), 0o700).await?;
        for file in TLS_FILES {
            let path = dir.join(file);
            match files.iter().find(|(f, _)| *f == file) {
                Some((_, bytes)) => write_file(&path, bytes, 0o600, file).await?,
                None => match tokio::fs::remove_file(&path).await {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(io_error("remove", &path, e))
                    }
                    _ => {}
                },
            }
        }
        Ok(())
    }

    /// What `remove` would take away, and whether it needs force.
    pub async fn remove_preview(&self, name: &str) -> Result<RemovePreview, EngineError> {
        refuse_default(name)?;
        if !self.exists(name).await {
            return Err(EngineError::NotFound(format!(
                "name: there is no context `{name}` to remove"
            )));
        }
        let current = self.current().await? == name;
        let meta = self.meta_dir(name);
        let mut paths = vec![meta.display().to_string()];
        let tls = self.tls_dir(name);
        if tokio::fs::try_exists(&tls).await.unwrap_or(false) {
            paths.push(tls.display().to_string());
            if let Some(files) = self.stored_tls(name).await {
                paths.extend(files.files().into_iter().map(|(_, p)| p.to_owned()));
            }
        }
        let form = ContextForm {
            name: name.to_owned(),
            ..Default::default()
        };
        let action = if current {
            ContextAction::RemoveForce
        } else {
            ContextAction::Remove
        };
        Ok(RemovePreview {
            name: name.to_owned(),
            paths,
            current,
            command: context_command(action, &form),
        })
    }

    /// `docker context rm [-f]`: the CLI's current context only with force, which also sets
    /// the CLI back to `default`.
    pub async fn remove(&self, name: &str, force: bool) -> Result<(), EngineError> {
        let preview = self.remove_preview(name).await?;
        if preview.current && !force {
            return Err(EngineError::Conflict(format!(
                "context `{name}` is the docker CLI's current context; `docker context use` \
                 another one first, or remove it with force"
            )));
        }
        let meta = self.meta_dir(name);
        tokio::fs::remove_dir_all(&meta)
            .await
            .map_err(|e| io_error("remove", &meta, e))?;
        let tls = self.tls_dir(name);
        match tokio::fs::remove_dir_all(&tls).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(io_error("remove", &tls, e))
            }
            _ => {}
        }
        if preview.current {
            self.set_current(DEFAULT_CONTEXT).await?;
        }
        Ok(())
    }

    /// `docker context use NAME`: the CLI's current context (the terminal's `docker` follows
    /// it too). `default` removes the key, as the CLI does.
    pub async fn use_context(&self, name: &str) -> Result<(), EngineError> {
        if name != DEFAULT_CONTEXT && !self.exists(name).await {
            check_name(name)?;
            return Err(EngineError::NotFound(format!(
                "name: there is no context `{name}` to use"
            )));
        }
        self.set_current(name).await
    }

    async fn set_current(&self, name: &str) -> Result<(), EngineError> {
        let mut config = self.config.read_json().await.map_err(config_error)?;
        let Some(root) = config.as_object_mut() else {
            return Err(EngineError::InvalidInput(
                "config.json is not a JSON object".into(),
            ));
        };
        if name == DEFAULT_CONTEXT {
            root.remove("currentContext");
        } else {
            root.insert("currentContext".into(), Value::String(name.to_owned()));
        }
        self.config.write_json(&config).await.map_err(config_error)
    }
}

fn refuse_default(name: &str) -> Result<(), EngineError> {
    if name == DEFAULT_CONTEXT {
        return Err(EngineError::InvalidInput(
            "name: the `default` context has no files to remove; it is the CLI's own \
             (DOCKER_HOST or the platform's socket)"
                .into(),
        ));
    }
    Ok(())
}

fn broken_row(folder: &str, error: String) -> ContextRow {
    ContextRow {
        name: folder.to_owned(),
        description: String::new(),
        host: String::new(),
        tls: false,
        tls_files: None,
        skip_tls_verify: false,
        current: false,
        in_use: false,
        kind: ContextKind::Other,
        error: Some(error),
    }
}

/// Reads the picked TLS files (bounded: a PEM file is small), each error naming its field.
async fn read_tls(tls: Option<&ContextTls>) -> Result<Vec<(&'static str, Vec<u8>)>, EngineError> {
    let Some(tls) = tls else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (file, path) in tls.files() {
        let field = format!("tls.{}", file.trim_end_matches(".pem"));
        match read_capped(Path::new(path), MAX_TLS_FILE, &field).await? {
            Capped::Whole(bytes) => out.push((file, bytes)),
            Capped::TooLarge { bytes } => {
                return Err(EngineError::InvalidInput(format!(
                    "{field}: {path} holds {bytes} bytes; a PEM certificate or key is a few \
                     kilobytes — pick the .pem file"
                )))
            }
        }
    }
    Ok(out)
}

/// Creates `dir` (and its parents) with `mode` for the new folders; returns its full path, as
/// the files crate writes only to full paths.
async fn make_dir(dir: &Path, mode: u32) -> Result<PathBuf, EngineError> {
    let mut builder = tokio::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(mode);
    #[cfg(not(unix))]
    let _ = mode;
    builder
        .create(dir)
        .await
        .map_err(|e| io_error("create", dir, e))?;
    tokio::fs::canonicalize(dir)
        .await
        .map_err(|e| io_error("find", dir, e))
}

async fn write_file(path: &Path, bytes: &[u8], mode: u32, field: &str) -> Result<(), EngineError> {
    let mut file = AtomicFile::create(path, true, field).await?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(mode))
            .await?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    file.write(bytes).await?;
    file.commit().await?;
    Ok(())
}
