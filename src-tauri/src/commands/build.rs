//! `docker build` from the Dockerfile editor: the line a build form equals, what its context
//! would send (after `.dockerignore`) before sending it, and the build as a stream of
//! [`BuildEvent`]s with cancel. The logic is the engine crate's (`tugboat_engine::build`).

use crate::error::IpcError;
use crate::state::AppState;
use crate::streams::{StreamId, StreamMessage};
use serde::Serialize;
use std::collections::HashMap;
use tauri::ipc::Channel;
use tauri::State;
use tugboat_engine::build::{context_summary, BuildEvent, ContextSummary};
use tugboat_engine::registry::{DockerConfig, RegistryCredentials};
use tugboat_runspec::build_spec::{BuildSpec, Builder};
use tugboat_runspec::preview::{describe_invalid, CommandPreview};
use tugboat_runspec::pull_spec::{registry_of, DOCKER_HUB};
use tugboat_runspec::reference::ImageReference;

/// What a finished build made, and the line it equals.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BuildEnd {
    pub image_id: String,
    pub tags: Vec<String>,
    #[specta(type = u32)]
    pub seconds: f64,
    /// The builder that ran it (BuildKit, or classic when asked or when the engine is too old).
    pub builder: Builder,
    pub command: String,
}

/// The registries the FROM lines of `text` pull from (not stages, not `scratch`, not names
/// still holding a `$VARIABLE`).
fn base_registries(text: &str) -> Vec<String> {
    let file = tugboat_dockerfile::parse(text);
    let mut out: Vec<String> = Vec::new();
    for stage in &file.stages {
        let base = stage.base.trim();
        let is_stage = file.stages.iter().any(|s| {
            s.index < stage.index
                && s.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(base))
        });
        if base.is_empty() || base == "scratch" || base.contains('$') || is_stage {
            continue;
        }
        if let Ok(r) = ImageReference::parse(base) {
            let reg = registry_of(r.repository).to_owned();
            if !out.contains(&reg) {
                out.push(reg);
            }
        }
    }
    out
}

/// The credentials the CLI would send for those registries, keyed as the builder asks for
/// them (Docker Hub under each name it goes by).
async fn build_credentials(
    config: &DockerConfig,
    registries: &[String],
) -> HashMap<String, RegistryCredentials> {
    let mut out = HashMap::new();
    for reg in registries {
        match config.credentials(reg).await {
            Ok(Some(c)) => {
                let creds = c;
                if reg == DOCKER_HUB {
                    for alias in ["https://index.docker.io/v1/", "registry-1.docker.io"] {
                        out.insert(alias.to_owned(), creds.clone());
                    }
                }
                out.insert(reg.clone(), creds);
            }
            Ok(None) => {}
            // A build from public bases needs no login: go on without, and say why in the log.
            Err(e) => tracing::warn!(registry = %reg, error = %e, "build credentials unreadable"),
        }
    }
    out
}

/// The `DOCKER_BUILDKIT=1 docker build …` line the build form equals, or its field errors.
/// `stages`: the Dockerfile's stage names, when parsed, to check the target against.
#[tauri::command]
#[specta::specta]
pub fn image_build_command(spec: BuildSpec, stages: Option<Vec<String>>) -> CommandPreview {
    match spec.validate(stages.as_deref()) {
        Ok(()) => CommandPreview {
            command_line: spec.command_line(),
            errors: vec![],
        },
        Err(errors) => CommandPreview {
            command_line: String::new(),
            errors,
        },
    }
}

/// What a build of `dockerfile` (relative to `context_dir`) would send, and what
/// `.dockerignore` leaves out, before anything is sent.
#[tauri::command]
#[specta::specta]
pub async fn build_context_summary(
    context_dir: String,
    dockerfile: String,
) -> Result<ContextSummary, IpcError> {
    Ok(context_summary(&context_dir, &dockerfile).await?)
}

/// `docker build` as a stream of [`BuildEvent`]s (the last one `done` or `failed`), ending
/// with what was built; `stream_cancel(id)` stops it on the engine.
#[tauri::command]
#[specta::specta]
pub fn image_build(
    state: State<'_, AppState>,
    spec: BuildSpec,
    on_message: Channel<StreamMessage<BuildEvent, BuildEnd>>,
) -> Result<StreamId, IpcError> {
    spec.validate(None)
        .map_err(|e| IpcError::invalid_input(describe_invalid(&e)))?;
    let engine = state.engine.engine()?;
    let config = state.docker_config.clone();
    let images = state.images.clone();
    let command = spec.command_line();
    tracing::info!(%command, "build");
    Ok(state.streams.start(on_message, |sink| async move {
        let dockerfile = std::path::Path::new(spec.context_dir.trim()).join(spec.dockerfile_path());
        let registries = match tokio::fs::read_to_string(&dockerfile).await {
            Ok(text) => base_registries(&text),
            // The engine call says the same with its field; no credentials are needed for it.
            Err(_) => vec![],
        };
        let credentials = build_credentials(&config, &registries).await;
        let built = engine
            .build_image(&spec, credentials, sink.cancel(), &mut |e| {
                sink.send(e);
            })
            .await?;
        // Untagged builds make no engine event the image list follows: ask it to look again.
        images.fill();
        Ok(BuildEnd {
            image_id: built.image_id,
            tags: built.tags,
            seconds: built.seconds,
            builder: built.builder,
            command,
        })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_looked_up_for_the_bases_registries_only() {
        let text = "ARG B=x\nFROM localhost:5117/base:1 AS build\nFROM build\nFROM scratch\n\
                    FROM $B\nFROM busybox\nFROM localhost:5117/other\n";
        assert_eq!(base_registries(text), ["localhost:5117", "docker.io"]);
    }

    #[test]
    fn the_preview_is_the_clis_line_or_the_fields() {
        let spec = BuildSpec {
            context_dir: "/c".into(),
            dockerfile: "Dockerfile".into(),
            tags: vec!["app:1".into()],
            target: Some("nope".into()),
            ..BuildSpec::default()
        };
        let p = image_build_command(spec.clone(), Some(vec!["build".into()]));
        assert_eq!(p.errors[0].field, "target");
        let p = image_build_command(spec, None);
        assert_eq!(
            p.command_line,
            "DOCKER_BUILDKIT=1 docker build -t app:1 --target nope /c"
        );
    }
}
