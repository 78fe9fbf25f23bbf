//! One replica's container: created from its runspec spec (the same request body `docker run`
//! sends, `containers::run::create_body`), joined to the service's other networks with their
//! aliases, then started. A replica that was created but could not join or start is removed
//! again, so an up that fails leaves no half-made container behind.

use crate::containers::run::create_body;
use crate::error::EngineError;
use crate::Engine;
use bollard::models::{EndpointIpamConfig, EndpointSettings, NetworkConnectRequest};
use bollard::query_parameters::{
    CreateContainerOptions, RemoveContainerOptions, StartContainerOptions,
};
use tugboat_compose::plan::Endpoint;
use tugboat_runspec::ContainerSpec;

impl Engine {
    /// Creates replica `spec` and joins `more` networks; starts it unless `start` is false.
    /// Returns the new container's id.
    pub async fn compose_create(
        &self,
        spec: &ContainerSpec,
        more: &[Endpoint],
        start: bool,
    ) -> Result<String, EngineError> {
        let name = spec.name.clone().unwrap_or_default();
        let created = self
            .docker
            .create_container(
                Some(CreateContainerOptions {
                    name: spec.name.clone(),
                    platform: String::new(),
                }),
                create_body(spec),
            )
            .await
            .map_err(|e| match EngineError::from(e) {
                EngineError::NotFound(m) => EngineError::NotFound(format!(
                    "image `{}` is not on this engine ({m}): pull or build it first",
                    spec.image
                )),
                EngineError::Conflict(m) => EngineError::Conflict(format!(
                    "the name `{name}` is already used by another container ({m})"
                )),
                other => other,
            })?;
        let id = created.id;
        let finished = async {
            self.compose_connect(&id, more).await?;
            if start {
                self.docker
                    .start_container(&id, None::<StartContainerOptions>)
                    .await
                    .map_err(EngineError::from)?;
            }
            Ok::<(), EngineError>(())
        }
        .await;
        if let Err(e) = finished {
            let removed = self
                .docker
                .remove_container(
                    &id,
                    Some(RemoveContainerOptions {
                        force: true,
                        v: true,
                        ..Default::default()
                    }),
                )
                .await;
            let what = match removed {
                Ok(()) => "it was removed again".to_owned(),
                Err(r) => format!(
                    "it is still there and could not be removed: {}",
                    EngineError::from(r)
                ),
            };
            return Err(e.reworded(|m| format!("{name}: {m}; {what}")));
        }
        Ok(id)
    }

    /// Joins container `id` to each endpoint's network with its aliases and address.
    pub async fn compose_connect(&self, id: &str, more: &[Endpoint]) -> Result<(), EngineError> {
        for e in more {
            let request = NetworkConnectRequest {
                container: id.to_owned(),
                endpoint_config: Some(EndpointSettings {
                    aliases: Some(e.aliases.clone()).filter(|a| !a.is_empty()),
                    ipam_config: e.ipv4.as_ref().map(|ip| EndpointIpamConfig {
                        ipv4_address: Some(ip.clone()),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
            };
            self.docker
                .connect_network(&e.network, request)
                .await
                .map_err(|err| {
                    EngineError::from(err)
                        .reworded(|m| format!("joining network {} failed: {m}", e.network))
                })?;
        }
        Ok(())
    }
}
