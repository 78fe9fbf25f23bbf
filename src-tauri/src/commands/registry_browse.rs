//! Browsing a registry through its own API (the engine has no call for this): repositories,
//! tags, a remote image's manifest (what a pull would bring), and deleting a tag after listing
//! every tag on its digest. Each answer carries the nearest command that does the same (a
//! `docker …` line where one exists, else the `curl` request, and says which). The requests
//! are the engine crate's `registry::remote`; the lines are runspec's `registry_api_spec`.

use crate::error::{IpcError, IpcErrorCode};
use crate::state::AppState;
use serde::Serialize;
use tauri::State;
use tugboat_engine::registry::api::{
    PlainHttpPolicy, RegistryAccess, RegistryClient, RegistryError,
};
use tugboat_engine::registry::remote::{RemoteManifest, RepositoryList, TagDeletePreview, TagList};
use tugboat_runspec::argv::command_line;
use tugboat_runspec::reference::ImageReference;
use tugboat_runspec::registry_api_spec::{self as spec, RemoteName};

/// The command a registry request equals, and whether a docker command does exactly that.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RegistryEquivalent {
    pub line: String,
    /// What the line is: a docker command that shows the same, or the raw API request because
    /// no docker command does this.
    pub note: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RegistryCatalog {
    pub access: RegistryAccess,
    pub list: RepositoryList,
    pub equivalent: RegistryEquivalent,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RegistryTags {
    pub access: RegistryAccess,
    pub list: TagList,
    pub equivalent: RegistryEquivalent,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RegistryManifest {
    pub access: RegistryAccess,
    pub manifest: RemoteManifest,
    /// The reference as `docker pull` takes it (`localhost:5000/app:1`, `nginx:latest`).
    pub pull_reference: String,
    pub equivalent: RegistryEquivalent,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RegistryDeletePreview {
    pub access: RegistryAccess,
    pub preview: TagDeletePreview,
    pub equivalent: RegistryEquivalent,
}

/// Registry errors at the boundary: input refused is `invalidInput`, a tag that moved since it
/// was shown is `conflict`; the rest is `failed` with the message in words.
fn ipc(e: RegistryError) -> IpcError {
    let code = match &e {
        RegistryError::InvalidInput(_) => IpcErrorCode::InvalidInput,
        RegistryError::Changed(_) => IpcErrorCode::Conflict,
        _ => IpcErrorCode::Failed,
    };
    IpcError {
        code,
        message: e.to_string(),
    }
}

/// The engine's plain-HTTP list; while the engine is unreachable, its built-in default
/// (loopback only), never more.
async fn policy(state: &AppState) -> PlainHttpPolicy {
    match state.engine.engine() {
        Ok(engine) => match engine.plain_http_policy().await {
            Ok(p) => p,
            Err(e) => {
                tracing::warn!("the engine's insecure-registries are unknown ({e}); loopback only");
                PlainHttpPolicy::loopback_only()
            }
        },
        Err(_) => PlainHttpPolicy::loopback_only(),
    }
}

async fn connect(state: &AppState, registry: &str) -> Result<RegistryClient, IpcError> {
    let policy = policy(state).await;
    RegistryClient::connect_with_config(registry, &policy, &state.docker_config)
        .await
        .map_err(ipc)
}

fn curl(access: &RegistryAccess, method: &str, path: &str, accept: Option<&str>) -> String {
    spec::curl_line(
        method,
        &format!("{}{path}", access.base_url),
        access.username.as_deref(),
        accept,
    )
}

/// `GET /v2/_catalog`, every page: the registry's repositories. Docker Hub does not offer it.
#[tauri::command]
#[specta::specta]
pub async fn registry_catalog(
    state: State<'_, AppState>,
    registry: String,
) -> Result<RegistryCatalog, IpcError> {
    let client = connect(&state, &registry).await?;
    let list = client.catalog().await.map_err(ipc)?;
    let access = client.access().clone();
    Ok(RegistryCatalog {
        equivalent: RegistryEquivalent {
            line: curl(&access, "GET", "/v2/_catalog", None),
            note: spec::NO_DOCKER_COMMAND.into(),
        },
        access,
        list,
    })
}

/// `GET /v2/<repository>/tags/list`, every page: a repository's tags.
#[tauri::command]
#[specta::specta]
pub async fn registry_tags(
    state: State<'_, AppState>,
    registry: String,
    repository: String,
) -> Result<RegistryTags, IpcError> {
    let client = connect(&state, &registry).await?;
    let list = client
        .tags(&repository, tugboat_engine::registry::remote::LIST_LIMIT)
        .await
        .map_err(ipc)?;
    let access = client.access().clone();
    Ok(RegistryTags {
        equivalent: RegistryEquivalent {
            line: curl(
                &access,
                "GET",
                &format!("/v2/{}/tags/list", list.repository),
                None,
            ),
            note: spec::NO_DOCKER_COMMAND.into(),
        },
        access,
        list,
    })
}

/// A remote image's manifest from a full reference (`nginx`, `localhost:5000/app:1`,
/// `app@sha256:…`): platforms, layers and compressed sizes, without pulling.
#[tauri::command]
#[specta::specta]
pub async fn registry_manifest(
    state: State<'_, AppState>,
    reference: String,
) -> Result<RegistryManifest, IpcError> {
    let trimmed = reference.trim();
    let parsed = ImageReference::parse(trimmed)
        .map_err(|e| IpcError::invalid_input(format!("reference: {e}")))?;
    let name = RemoteName::of_repository(parsed.repository);
    let wanted = parsed.digest.or(parsed.tag).unwrap_or("latest");
    let client = connect(&state, &name.registry).await?;
    let manifest = client.manifest(&name.path, wanted).await.map_err(ipc)?;
    let pull_reference = match (parsed.digest, parsed.tag) {
        (Some(d), _) => format!("{}@{d}", parsed.repository),
        (None, t) => format!("{}:{}", parsed.repository, t.unwrap_or("latest")),
    };
    Ok(RegistryManifest {
        access: client.access().clone(),
        equivalent: RegistryEquivalent {
            line: command_line(&spec::manifest_inspect_argv(&pull_reference)),
            note: spec::MANIFEST_COMMAND_NOTE.into(),
        },
        pull_reference,
        manifest,
    })
}

/// What deleting a tag removes: the digest it points at and every tag on that digest.
#[tauri::command]
#[specta::specta]
pub async fn registry_delete_preview(
    state: State<'_, AppState>,
    registry: String,
    repository: String,
    tag: String,
) -> Result<RegistryDeletePreview, IpcError> {
    let client = connect(&state, &registry).await?;
    let preview = client
        .delete_preview(&repository, &tag)
        .await
        .map_err(ipc)?;
    let access = client.access().clone();
    Ok(RegistryDeletePreview {
        equivalent: RegistryEquivalent {
            line: curl(
                &access,
                "DELETE",
                &format!("/v2/{}/manifests/{}", preview.repository, preview.digest),
                None,
            ),
            note: spec::NO_DOCKER_DELETE.into(),
        },
        access,
        preview,
    })
}

/// Deletes the manifest `tag` points at, only while it is still `digest` (the one the preview
/// showed): every tag on it goes. A registry with deletes switched off says so (405).
#[tauri::command]
#[specta::specta]
pub async fn registry_delete_tag(
    state: State<'_, AppState>,
    registry: String,
    repository: String,
    tag: String,
    digest: String,
) -> Result<(), IpcError> {
    let client = connect(&state, &registry).await?;
    tracing::info!(registry = %client.access().registry, %repository, %tag, %digest, "registry delete tag");
    client
        .delete_tag(&repository, &tag, &digest)
        .await
        .map_err(ipc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_errors_keep_their_words_and_branchable_codes() {
        let e = ipc(RegistryError::InvalidInput("registry: x".into()));
        assert_eq!(e.code, IpcErrorCode::InvalidInput);
        assert_eq!(
            ipc(RegistryError::Changed("moved".into())).code,
            IpcErrorCode::Conflict
        );
        let e = ipc(RegistryError::NotAllowed("deletes are off (405)".into()));
        assert_eq!(e.code, IpcErrorCode::Failed);
        assert_eq!(e.message, "deletes are off (405)");
    }

    #[test]
    fn curl_lines_name_the_user_and_the_base() {
        let access = RegistryAccess {
            registry: "localhost:5117".into(),
            base_url: "http://localhost:5117".into(),
            plain_http: true,
            plain_http_reason: None,
            username: Some("tugboat".into()),
        };
        assert_eq!(
            curl(&access, "GET", "/v2/_catalog", None),
            "curl -u tugboat http://localhost:5117/v2/_catalog"
        );
    }
}
