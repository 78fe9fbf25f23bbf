//! A registry of one's own on this engine, as the registry tutorial starts it: `docker run -d
//! -p 5000:5000 --name registry registry:2`. It is an ordinary container, run through the run
//! form's path (`containers::run`), so what is sent is what the line says. The engine allows
//! `localhost` registries over plain HTTP, so images can be pushed to it at once.

use crate::connection::Engine;
use crate::containers::run::RunOutcome;
use crate::error::EngineError;
use bollard::query_parameters::CreateImageOptions;
use futures_util::TryStreamExt;
use serde::Serialize;
use tugboat_runspec::argv::command_line;
use tugboat_runspec::form::{PortRow, RunForm};
use tugboat_runspec::registry_spec::LocalRegistry;

/// A started local registry.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LocalRegistryStarted {
    /// `localhost:PORT`: the name to tag images with.
    pub address: String,
    pub container_id: String,
    pub container_name: String,
    /// Whether the image was downloaded first (it was not on the engine).
    pub pulled: bool,
}

impl Engine {
    /// Whether `image` is on the engine.
    pub async fn has_image(&self, image: &str) -> Result<bool, EngineError> {
        match self.docker.inspect_image(image).await {
            Ok(_) => Ok(true),
            Err(e) => match EngineError::from(e) {
                EngineError::NotFound(_) => Ok(false),
                other => Err(other),
            },
        }
    }

    /// Runs the registry container; the image is downloaded first when missing, as `docker
    /// run` would, and when that fails (no internet) the error says so in words.
    pub async fn start_local_registry(
        &self,
        reg: &LocalRegistry,
    ) -> Result<LocalRegistryStarted, EngineError> {
        let pulled = if self.has_image(&reg.image).await? {
            false
        } else {
            self.pull_quietly(&reg.image).await.map_err(|e| {
                e.reworded(|m| {
                    format!(
                        "{} is not on this engine, and downloading it failed ({m}). Without \
                         internet it cannot be fetched: load it from a file (docker load) on \
                         this engine, or choose an image that is here.",
                        reg.image
                    )
                })
            })?;
            true
        };
        let form = RunForm {
            image: reg.image.clone(),
            name: reg.name.clone(),
            ports: vec![PortRow {
                host_ip: String::new(),
                host_port: reg.host_port.to_string(),
                container_port: "5000".into(),
                protocol: String::new(),
            }],
            ..Default::default()
        };
        let spec = form.validate().map_err(|errs| {
            EngineError::InvalidInput(
                errs.iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        tracing::info!(command = %command_line(&reg.argv()), "local registry");
        let RunOutcome {
            id,
            name,
            started,
            start_error,
            ..
        } = self.run(&spec).await?;
        if !started {
            // Half-done is worse than not done: the created container goes, so the name is
            // free for the next try.
            let _ = self
                .docker
                .remove_container(
                    &id,
                    Some(bollard::query_parameters::RemoveContainerOptions {
                        force: true,
                        ..Default::default()
                    }),
                )
                .await;
            return Err(EngineError::Conflict(format!(
                "the registry container could not start: {}",
                start_error.unwrap_or_default()
            )));
        }
        Ok(LocalRegistryStarted {
            address: reg.address(),
            container_id: id,
            container_name: name,
            pulled,
        })
    }

    /// `docker pull IMAGE` without progress (the registry image is small); the first error in
    /// the stream ends it.
    async fn pull_quietly(&self, image: &str) -> Result<(), EngineError> {
        let opts = CreateImageOptions {
            from_image: Some(image.to_owned()),
            ..Default::default()
        };
        self.docker
            .create_image(Some(opts), None, None)
            .map_err(EngineError::from)
            .try_for_each(|_| async { Ok(()) })
            .await
    }
}
