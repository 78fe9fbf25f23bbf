//! `docker pull` and `docker push` as streams: each layer's progress (at most ten updates a
//! second, from the engine crate), then what arrived or the pushed digest with the `docker …`
//! line it equals. The credentials are the ones the docker CLI would send to that registry.

use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;
use tugboat_engine::images::progress::ImageProgress;
use tugboat_engine::registry::{DockerConfig, RegistryCredentials};
use tugboat_engine::EngineError;
use tugboat_runspec::argv::command_line;
use tugboat_runspec::preview::{describe_invalid, CommandPreview};
use tugboat_runspec::pull_spec::{push_spec, PullForm};
use tugboat_runspec::redact::loggable;

/// What a finished pull brought, and the line it equals.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PullEnd {
    /// `repository:tag` (or `@digest`) as it is now on the engine.
    pub reference: String,
    pub id: String,
    pub digest: Option<String>,
    pub command: String,
}

/// What a finished push did, and the line it equals.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PushEnd {
    pub reference: String,
    pub digest: String,
    pub command: String,
}

/// The credentials the CLI would send to `registry`, for bollard; None when not logged in.
pub(crate) async fn credentials_for(
    config: &DockerConfig,
    registry: &str,
) -> Result<Option<RegistryCredentials>, IpcError> {
    let found = config.credentials(registry).await.map_err(|e| {
        IpcError::internal(format!(
            "the credentials for {registry} could not be read from {}: {e}",
            config.dir().display()
        ))
    })?;
    Ok(found)
}

/// An engine refusal without a code, when no login was sent: say where to log in (the
/// engine says a missing login only in words, which are not classified).
fn hint_login(e: EngineError, logged_in: bool, registry: &str) -> IpcError {
    match e {
        EngineError::Api { status: 500, .. } if !logged_in => e
            .reworded(|m| {
                format!("{m}. Tugboat sent no login for {registry}: if it needs one, log in first (docker login {registry})")
            })
            .into(),
        other => other.into(),
    }
}

/// The `docker pull …` line the dialog shows, and its field errors.
#[tauri::command]
#[specta::specta]
pub fn image_pull_command(form: PullForm) -> CommandPreview {
    CommandPreview::of(form.validate(), |s| s.argv())
}

/// `docker pull [--platform …] REF` as a stream; `stream_cancel(id)` stops it on the engine.
#[tauri::command]
#[specta::specta]
pub fn image_pull(
    state: State<'_, AppState>,
    form: PullForm,
    on_message: Channel<StreamMessage<ImageProgress, PullEnd>>,
) -> Result<StreamId, IpcError> {
    let spec = form
        .validate()
        .map_err(|e| IpcError::invalid_input(describe_invalid(&e)))?;
    let engine = state.engine.engine()?;
    let config = state.docker_config.clone();
    let command = command_line(&spec.argv());
    tracing::info!(command = %loggable(&spec.argv()), "pull");
    Ok(state.streams.start(on_message, |sink| async move {
        let creds = credentials_for(&config, &spec.registry).await?;
        let pulled = engine
            .pull_image(&spec, creds.as_ref(), sink.cancel(), &mut |p| {
                sink.send(p);
            })
            .await
            .map_err(|e| hint_login(e, creds.is_some(), &spec.registry))?;
        Ok(PullEnd {
            reference: pulled.reference,
            id: pulled.id,
            digest: pulled.digest,
            command,
        })
    }))
}

/// The `docker push REF` line for a tag, or why it cannot be pushed.
#[tauri::command]
#[specta::specta]
pub fn image_push_command(reference: String) -> CommandPreview {
    CommandPreview::of(push_spec(&reference).map_err(|e| vec![e]), |s| s.argv())
}

/// `docker push REF` as a stream: the tag must be on the engine.
#[tauri::command]
#[specta::specta]
pub fn image_push(
    state: State<'_, AppState>,
    reference: String,
    on_message: Channel<StreamMessage<ImageProgress, PushEnd>>,
) -> Result<StreamId, IpcError> {
    let spec = push_spec(&reference).map_err(|e| IpcError::invalid_input(e.message))?;
    let engine = state.engine.engine()?;
    let config = state.docker_config.clone();
    let command = command_line(&spec.argv());
    tracing::info!(command = %loggable(&spec.argv()), "push");
    Ok(state.streams.start(on_message, |sink| async move {
        let creds = credentials_for(&config, &spec.registry).await?;
        let pushed = engine
            .push_image(&spec, creds.as_ref(), sink.cancel(), &mut |p| {
                sink.send(p);
            })
            .await
            .map_err(|e| hint_login(e, creds.is_some(), &spec.registry))?;
        Ok(PushEnd {
            reference: pushed.reference,
            digest: pushed.digest,
            command,
        })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_without_a_login_says_where_to_log_in_and_keeps_its_kind() {
        let refused = || EngineError::Api {
            status: 500,
            message: "no basic auth credentials".into(),
        };
        let e = hint_login(refused(), false, "localhost:5117");
        assert!(
            e.message.contains("docker login localhost:5117"),
            "{}",
            e.message
        );
        let e = hint_login(refused(), true, "localhost:5117");
        assert!(!e.message.contains("docker login"), "{}", e.message);
        let e = hint_login(EngineError::NotFound("x".into()), false, "r");
        assert_eq!(e.message, "x");
    }

    #[test]
    fn the_lines_are_the_clis() {
        let p = image_pull_command(PullForm {
            reference: "localhost:5117/a:1".into(),
            platform: Some("linux/arm64".into()),
        });
        assert_eq!(
            p.command_line,
            "docker pull --platform linux/arm64 localhost:5117/a:1"
        );
        let p = image_push_command("busybox".into());
        assert_eq!(p.errors[0].field, "reference");
        assert!(p.command_line.is_empty());
    }
}
