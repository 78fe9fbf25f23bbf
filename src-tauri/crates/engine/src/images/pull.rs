//! `docker pull`: an image from a registry with each layer's progress, for another platform
//! where the engine can, with the credentials the docker CLI would send. Cancelling stops the
//! pull on the engine (the request is dropped; the engine abandons a pull its client left).

use crate::connection::{api_path, ApiVersion};
use crate::error::EngineError;
use crate::images::progress::{follow, registry_auth, ImageProgress, ProgressFold};
use crate::registry::RegistryCredentials;
use crate::Engine;
use serde::Serialize;
use tokio_util::sync::CancellationToken;
use tugboat_runspec::pull_spec::PullSpec;

/// The first API version with the `platform` parameter on `/images/create`.
pub const PLATFORM_API: ApiVersion = ApiVersion {
    major: 1,
    minor: 32,
};

/// What a finished pull brought: the local image and the registry's digest for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Pulled {
    /// The reference as asked for, with the tag it resolved to (`busybox:latest`).
    pub reference: String,
    /// The local image id, `sha256:…`.
    pub id: String,
    /// The manifest digest the registry gave (`sha256:…`), as `docker images --digests` shows.
    pub digest: Option<String>,
}

/// A query string from pairs, each value percent-encoded (a reference's `/` and `:` too).
pub(crate) fn query(pairs: &[(&str, &str)]) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
        .collect();
    format!("?{}", encoded.join("&"))
}

impl Engine {
    /// Pulls `spec`, sending each progress update to `report` (at most ten a second, the last
    /// one `done`), and says what arrived. `credentials`: what the CLI would send to the
    /// reference's registry, None when not logged in there.
    pub async fn pull_image(
        &self,
        spec: &PullSpec,
        credentials: Option<&RegistryCredentials>,
        cancel: &CancellationToken,
        report: &mut (dyn FnMut(ImageProgress) + Send),
    ) -> Result<Pulled, EngineError> {
        let mut params = vec![
            ("fromImage", spec.repository.as_str()),
            ("tag", spec.tag.as_str()),
        ];
        if let Some(p) = &spec.platform {
            if self.api_version() < PLATFORM_API {
                return Err(EngineError::InvalidInput(format!(
                    "platform: this engine speaks API {}, and choosing a platform needs {PLATFORM_API} \
                     or newer; leave the platform empty to pull the engine's own",
                    self.api_version()
                )));
            }
            params.push(("platform", p.as_str()));
        }
        let path = format!("{}{}", api_path(&["images", "create"]), query(&params));
        tracing::info!(reference = %spec.reference, platform = ?spec.platform, "pull");
        let bytes = self.registry_stream(
            &path,
            registry_auth(credentials.map(|c| c.to_bollard()).as_ref()),
        )?;
        let mut fold = ProgressFold::default();
        follow(bytes, &mut fold, cancel, report)
            .await
            .map_err(|e| explain_refusal(e, spec))?;
        let reference = if spec.tag.contains(':') {
            format!("{}@{}", spec.repository, spec.tag)
        } else {
            format!("{}:{}", spec.repository, spec.tag)
        };
        let image = self.docker.inspect_image(&reference).await?;
        let id = image.id.unwrap_or_default();
        let prefix = format!("{}@", spec.repository);
        let digests = image.repo_digests.unwrap_or_default();
        let digest = digests
            .iter()
            .find_map(|d| d.strip_prefix(&prefix))
            .or_else(|| digests.first().and_then(|d| d.split_once('@').map(|p| p.1)))
            .map(str::to_owned);
        Ok(Pulled {
            reference,
            id,
            digest,
        })
    }
}

/// Adds what the user can do to the engine's refusal, by its kind: a bad platform is a 400 at
/// the start, a missing tag or repository a 404.
fn explain_refusal(err: EngineError, spec: &PullSpec) -> EngineError {
    match (&err, &spec.platform) {
        (EngineError::InvalidInput(_), Some(p)) => err.reworded(|m| {
            format!("platform: the engine refused `{p}` ({m}); platforms look like linux/amd64 or linux/arm64")
        }),
        (EngineError::NotFound(_), _) => err.reworded(|m| {
            format!(
                "{} has no {} in {}: {m}",
                spec.repository, spec.tag, spec.registry
            )
        }),
        _ => err,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded_whole() {
        assert_eq!(
            query(&[("fromImage", "localhost:5117/it/a b"), ("tag", "v1")]),
            "?fromImage=localhost%3A5117%2Fit%2Fa%20b&tag=v1"
        );
    }
}
