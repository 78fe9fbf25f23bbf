//! Secrets and configs: one piece for both kinds (they differ in the API path and in that a
//! config's data may be shown back). Listed with the services that use each (read from the
//! services' specs), created from text or a file's bytes, inspected (metadata; a config's
//! data), removed with a preview naming the services that use it (the engine refuses those).
//! A value is held in a [`SecretBytes`]: its Debug prints `<secret>`, it is never logged,
//! never returned, and dropped when the create call ends.

use crate::connection::Engine;
use crate::error::EngineError;
use crate::swarm::status::{swarm_refusal, SwarmDoing};
use base64::Engine as _;
use bollard::models::{ConfigSpec, SecretSpec, Service};
use bollard::query_parameters::{ListConfigsOptions, ListSecretsOptions, ListServicesOptions};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tugboat_runspec::argv::command_line;

/// The engine refuses values over 500 KiB (swarmkit's limit for both kinds).
pub const MAX_VALUE_BYTES: usize = 500 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ObjectKind {
    Secret,
    Config,
}

impl ObjectKind {
    pub fn word(self) -> &'static str {
        match self {
            ObjectKind::Secret => "secret",
            ObjectKind::Config => "config",
        }
    }
}

/// A secret's (or config's) value while it is on its way to the engine. No Clone, and Debug
/// says only `<secret>`: a `{:?}` in a log line or an error cannot leak it.
#[derive(Deserialize, specta::Type)]
#[serde(transparent)]
pub struct SecretBytes(String);

impl SecretBytes {
    pub fn from_bytes(bytes: Vec<u8>) -> Result<SecretBytes, EngineError> {
        String::from_utf8(bytes).map(SecretBytes).map_err(|_| {
            EngineError::InvalidInput(
                "source: the file is not text (UTF-8); pick a text file".into(),
            )
        })
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

impl std::fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<secret>")
    }
}

/// Where a value comes from: typed text, or a file the user picked.
#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ObjectSource {
    Text(SecretBytes),
    File(String),
}

/// `docker secret create` / `docker config create`.
#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ObjectCreate {
    pub name: String,
    pub source: ObjectSource,
    #[serde(default)]
    pub labels: Vec<(String, String)>,
}

/// The same without the value: what the command line is made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ObjectCreateLine {
    pub name: String,
    /// The file picked; None for text (given on standard input: `-`).
    pub file: Option<String>,
    #[serde(default)]
    pub labels: Vec<(String, String)>,
}

impl ObjectCreate {
    pub fn line(&self) -> ObjectCreateLine {
        ObjectCreateLine {
            name: self.name.clone(),
            file: match &self.source {
                ObjectSource::File(p) => Some(p.clone()),
                ObjectSource::Text(_) => None,
            },
            labels: self.labels.clone(),
        }
    }
}

/// One secret or config, with the services that use it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SwarmObjectRow {
    pub id: String,
    pub name: String,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub labels: Vec<(String, String)>,
    /// Names of the services whose spec uses it.
    pub used_by: Vec<String>,
}

/// `docker secret inspect` / `docker config inspect`: metadata; a config's data as text
/// (a secret's is never returned by the engine).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SwarmObjectDetail {
    pub kind: ObjectKind,
    pub row: SwarmObjectRow,
    pub data: Option<String>,
}

/// What a removal would refuse over, and its line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRemovePreview {
    pub kind: ObjectKind,
    pub id: String,
    pub name: String,
    pub used_by: Vec<String>,
    pub command: String,
}

/// The `docker secret|config create` line (text comes on standard input, shown as `-`).
pub fn create_argv(kind: ObjectKind, line: &ObjectCreateLine) -> Vec<String> {
    let mut argv: Vec<String> = vec!["docker".into(), kind.word().into(), "create".into()];
    for (k, v) in &line.labels {
        argv.extend(["--label".into(), format!("{k}={v}")]);
    }
    argv.push(line.name.trim().to_owned());
    argv.push(line.file.clone().unwrap_or_else(|| "-".into()));
    argv
}

pub fn remove_argv(kind: ObjectKind, name: &str) -> Vec<String> {
    vec![
        "docker".into(),
        kind.word().into(),
        "rm".into(),
        name.into(),
    ]
}

/// Checks the name and labels (the engine's rule for names: letters, digits, `-`, `_`, `.`,
/// starting and ending with a letter or digit, at most 64 characters).
pub fn validate_line(line: &ObjectCreateLine) -> Result<(), EngineError> {
    let name = line.name.trim();
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let ends_ok = name
        .chars()
        .next()
        .zip(name.chars().last())
        .is_some_and(|(a, b)| a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric());
    if name.is_empty() || name.len() > 64 || !name.chars().all(ok_char) || !ends_ok {
        return Err(EngineError::InvalidInput(format!(
            "name: '{name}' is not valid; use 1 to 64 letters, digits, '-', '_' or '.', \
             starting and ending with a letter or digit"
        )));
    }
    for (i, (k, _)) in line.labels.iter().enumerate() {
        if k.trim().is_empty() || k.contains('=') {
            return Err(EngineError::InvalidInput(format!(
                "labels[{i}]: a label key is needed, without '='"
            )));
        }
    }
    Ok(())
}

/// Which services' specs use object `id` (secrets and configs are referred to by ID).
fn users_of(services: &[Service], kind: ObjectKind) -> HashMap<String, Vec<String>> {
    let mut users: HashMap<String, Vec<String>> = HashMap::new();
    for s in services {
        let Some(spec) = &s.spec else { continue };
        let name = spec.name.clone().unwrap_or_default();
        let Some(c) = spec
            .task_template
            .as_ref()
            .and_then(|t| t.container_spec.as_ref())
        else {
            continue;
        };
        let ids: Vec<String> = match kind {
            ObjectKind::Secret => c
                .secrets
                .iter()
                .flatten()
                .filter_map(|r| r.secret_id.clone())
                .collect(),
            ObjectKind::Config => c
                .configs
                .iter()
                .flatten()
                .filter_map(|r| r.config_id.clone())
                .collect(),
        };
        for id in ids {
            let list = users.entry(id).or_default();
            if !list.contains(&name) {
                list.push(name.clone());
            }
        }
    }
    for list in users.values_mut() {
        list.sort();
    }
    users
}

fn sorted(labels: Option<HashMap<String, String>>) -> Vec<(String, String)> {
    let mut l: Vec<(String, String)> = labels.unwrap_or_default().into_iter().collect();
    l.sort();
    l
}

impl Engine {
    async fn services_for_users(&self) -> Result<Vec<Service>, EngineError> {
        self.docker
            .list_services(None::<ListServicesOptions>)
            .await
            .map_err(|e| swarm_refusal(e.into(), SwarmDoing::Manage))
    }

    /// `docker secret ls` / `docker config ls`, each with the services that use it.
    pub async fn swarm_object_list(
        &self,
        kind: ObjectKind,
    ) -> Result<Vec<SwarmObjectRow>, EngineError> {
        let users = users_of(&self.services_for_users().await?, kind);
        // Secrets and configs list the same fields under different types: each is reduced to
        // (id, name, created, updated, labels) and one row is made from that.
        type Fields = (
            Option<String>,
            Option<String>,
            Option<chrono::DateTime<chrono::Utc>>,
            Option<chrono::DateTime<chrono::Utc>>,
            Option<HashMap<String, String>>,
        );
        let fields: Vec<Fields> = match kind {
            ObjectKind::Secret => self
                .docker
                .list_secrets(None::<ListSecretsOptions>)
                .await
                .map_err(|e| swarm_refusal(e.into(), SwarmDoing::Manage))?
                .into_iter()
                .map(|s| {
                    let spec = s.spec.unwrap_or_default();
                    (s.id, spec.name, s.created_at, s.updated_at, spec.labels)
                })
                .collect(),
            ObjectKind::Config => self
                .docker
                .list_configs(None::<ListConfigsOptions>)
                .await
                .map_err(|e| swarm_refusal(e.into(), SwarmDoing::Manage))?
                .into_iter()
                .map(|s| {
                    let spec = s.spec.unwrap_or_default();
                    (s.id, spec.name, s.created_at, s.updated_at, spec.labels)
                })
                .collect(),
        };
        let time = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.to_rfc3339());
        let mut rows: Vec<SwarmObjectRow> = fields
            .into_iter()
            .map(|(id, name, created, updated, labels)| {
                let id = id.unwrap_or_default();
                SwarmObjectRow {
                    used_by: users.get(&id).cloned().unwrap_or_default(),
                    id,
                    name: name.unwrap_or_default(),
                    created_at: time(created),
                    updated_at: time(updated),
                    labels: sorted(labels),
                }
            })
            .collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(rows)
    }

    /// Creates a secret or config from `value` (already read; checked for size here). The
    /// value goes only into the request body; the caller's `SecretBytes` is consumed.
    pub async fn swarm_object_create(
        &self,
        kind: ObjectKind,
        line: &ObjectCreateLine,
        value: SecretBytes,
    ) -> Result<String, EngineError> {
        validate_line(line)?;
        if value.len() > MAX_VALUE_BYTES {
            return Err(EngineError::InvalidInput(format!(
                "source: {} bytes is over the engine's limit of {MAX_VALUE_BYTES} bytes",
                value.len()
            )));
        }
        let labels: HashMap<String, String> = line
            .labels
            .iter()
            .map(|(k, v)| (k.trim().to_owned(), v.clone()))
            .collect();
        let created = self
            .create_swarm_object(
                kind,
                line.name.trim().to_owned(),
                labels,
                value.0.as_bytes(),
            )
            .await;
        drop(value);
        created.map_err(|e| swarm_refusal(e.into(), SwarmDoing::Manage))
    }

    /// The one place a secret's or config's data is sent to the engine: the form's create and a
    /// stack deploy's both come here. `data` goes only into the request body (base64).
    pub(crate) async fn create_swarm_object(
        &self,
        kind: ObjectKind,
        name: String,
        labels: HashMap<String, String>,
        data: &[u8],
    ) -> Result<String, bollard::errors::Error> {
        let data = Some(base64::engine::general_purpose::STANDARD.encode(data));
        let created = match kind {
            ObjectKind::Secret => {
                self.docker
                    .create_secret(SecretSpec {
                        name: Some(name),
                        labels: Some(labels),
                        data,
                        ..Default::default()
                    })
                    .await
            }
            ObjectKind::Config => {
                self.docker
                    .create_config(ConfigSpec {
                        name: Some(name),
                        labels: Some(labels),
                        data,
                        ..Default::default()
                    })
                    .await
            }
        };
        created.map(|c| c.id)
    }

    /// Inspect: metadata, and a config's data as text.
    pub async fn swarm_object_inspect(
        &self,
        kind: ObjectKind,
        id: &str,
    ) -> Result<SwarmObjectDetail, EngineError> {
        let rows = self.swarm_object_list(kind).await?;
        let row = rows
            .into_iter()
            .find(|r| r.id == id || r.name == id)
            .ok_or_else(|| EngineError::NotFound(format!("no {} {id}", kind.word())))?;
        let data = match kind {
            ObjectKind::Secret => None,
            ObjectKind::Config => self
                .docker
                .inspect_config(&row.id)
                .await?
                .spec
                .and_then(|s| s.data)
                .and_then(|d| base64::engine::general_purpose::STANDARD.decode(d).ok())
                .map(|b| String::from_utf8_lossy(&b).into_owned()),
        };
        Ok(SwarmObjectDetail { kind, row, data })
    }

    /// What removing `id` would run into: the services using it, and the line.
    pub async fn swarm_object_remove_preview(
        &self,
        kind: ObjectKind,
        id: &str,
    ) -> Result<ObjectRemovePreview, EngineError> {
        let row = self
            .swarm_object_list(kind)
            .await?
            .into_iter()
            .find(|r| r.id == id || r.name == id)
            .ok_or_else(|| EngineError::NotFound(format!("no {} {id}", kind.word())))?;
        Ok(ObjectRemovePreview {
            kind,
            command: command_line(&remove_argv(kind, &row.name)),
            id: row.id,
            name: row.name,
            used_by: row.used_by,
        })
    }

    /// `docker secret rm` / `docker config rm`; one in use is refused, naming the services.
    pub async fn swarm_object_remove(&self, kind: ObjectKind, id: &str) -> Result<(), EngineError> {
        let removed = match kind {
            ObjectKind::Secret => self.docker.delete_secret(id).await,
            ObjectKind::Config => self.docker.delete_config(id).await,
        };
        match removed.map_err(|e| swarm_refusal(e.into(), SwarmDoing::Manage)) {
            Ok(()) => Ok(()),
            // In use: the engine answers 400 (20.10) or 409 (later); say by whom.
            Err(err @ (EngineError::InvalidInput(_) | EngineError::Conflict(_))) => {
                let users = self
                    .swarm_object_remove_preview(kind, id)
                    .await
                    .map(|p| p.used_by)
                    .unwrap_or_default();
                if users.is_empty() {
                    return Err(err);
                }
                Err(EngineError::Conflict(format!(
                    "{} {id} is in use by the service{} {}: remove it from {} first",
                    kind.word(),
                    if users.len() == 1 { "" } else { "s" },
                    users.join(", "),
                    if users.len() == 1 { "it" } else { "them" },
                )))
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::{
        ServiceSpec, TaskSpec, TaskSpecContainerSpec, TaskSpecContainerSpecSecrets,
    };

    #[test]
    fn a_value_never_shows_in_debug() {
        let create = ObjectCreate {
            name: "db".into(),
            source: ObjectSource::Text(SecretBytes("hunter2-value".into())),
            labels: vec![],
        };
        let shown = format!("{create:?}");
        assert!(shown.contains("<secret>"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn create_lines_take_text_on_stdin_and_names_are_checked() {
        let line = ObjectCreateLine {
            name: "db-pass".into(),
            file: None,
            labels: vec![("team".into(), "a b".into())],
        };
        assert_eq!(
            command_line(&create_argv(ObjectKind::Secret, &line)),
            "docker secret create --label 'team=a b' db-pass -"
        );
        let file = ObjectCreateLine {
            file: Some("/tmp/nginx.conf".into()),
            labels: vec![],
            ..line.clone()
        };
        assert_eq!(
            command_line(&create_argv(ObjectKind::Config, &file)),
            "docker config create db-pass /tmp/nginx.conf"
        );
        assert!(validate_line(&line).is_ok());
        for bad in ["", "-x", "a b", "x/y"] {
            let l = ObjectCreateLine {
                name: bad.into(),
                ..line.clone()
            };
            assert!(
                matches!(validate_line(&l), Err(EngineError::InvalidInput(m)) if m.starts_with("name:")),
                "{bad}"
            );
        }
    }

    #[test]
    fn users_are_read_from_the_services_specs() {
        let svc = |name: &str, ids: &[&str]| Service {
            spec: Some(ServiceSpec {
                name: Some(name.into()),
                task_template: Some(TaskSpec {
                    container_spec: Some(TaskSpecContainerSpec {
                        secrets: Some(
                            ids.iter()
                                .map(|id| TaskSpecContainerSpecSecrets {
                                    secret_id: Some((*id).into()),
                                    ..Default::default()
                                })
                                .collect(),
                        ),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        };
        let users = users_of(
            &[svc("web", &["s1", "s2"]), svc("api", &["s1"])],
            ObjectKind::Secret,
        );
        assert_eq!(users["s1"], ["api", "web"]);
        assert_eq!(users["s2"], ["web"]);
        assert!(users_of(&[svc("web", &["s1"])], ObjectKind::Config).is_empty());
    }
}
