//! `docker push`: a local tag to its registry with each layer's progress, with the
//! credentials the docker CLI would send, ending with the digest the registry gave it.

use crate::connection::api_path;
use crate::error::EngineError;
use crate::images::progress::{follow, registry_auth, ImageProgress, ProgressFold};
use crate::images::pull::query;
use crate::registry::RegistryCredentials;
use crate::Engine;
use serde::Serialize;
use tokio_util::sync::CancellationToken;
use tugboat_runspec::pull_spec::PushSpec;

/// What a finished push did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Pushed {
    pub reference: String,
    /// The manifest digest the registry now holds the tag at.
    pub digest: String,
}

impl Engine {
    /// Pushes `spec`'s tag, which must be on the engine, sending progress to `report` (at most
    /// ten updates a second, the last one `done`).
    pub async fn push_image(
        &self,
        spec: &PushSpec,
        credentials: Option<&RegistryCredentials>,
        cancel: &CancellationToken,
        report: &mut (dyn FnMut(ImageProgress) + Send),
    ) -> Result<Pushed, EngineError> {
        // The engine would say so only inside the stream, after it started; asking first
        // gives a 404 that says what to do.
        match self
            .docker
            .inspect_image(&spec.reference)
            .await
            .map_err(EngineError::from)
        {
            Err(e @ EngineError::NotFound(_)) => {
                return Err(e.reworded(|m| match_missing(&spec.reference, m)))
            }
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        let mut segments = vec!["images"];
        segments.extend(spec.repository.split('/'));
        segments.push("push");
        let path = format!("{}{}", api_path(&segments), query(&[("tag", &spec.tag)]));
        tracing::info!(reference = %spec.reference, "push");
        let bytes = self.registry_stream(
            &path,
            registry_auth(credentials.map(|c| c.to_bollard()).as_ref()),
        )?;
        let mut fold = ProgressFold::default();
        follow(bytes, &mut fold, cancel, report).await?;
        let digest = fold.pushed_digest.ok_or_else(|| {
            EngineError::Protocol("the push ended without the registry's digest".into())
        })?;
        Ok(Pushed {
            reference: spec.reference.clone(),
            digest,
        })
    }
}

fn match_missing(reference: &str, message: String) -> String {
    format!(
        "reference: no local image is tagged {reference} ({message}). Tag the image with it \
         first (docker tag <image> {reference}), then push"
    )
}
