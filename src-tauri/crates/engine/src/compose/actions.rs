//! Start, stop and restart a service or a whole stack, and scale a service, on what the engine
//! already holds (labels only; no compose file is read). Services are taken in dependency order
//! when the labels say it (compose v2 writes `com.docker.compose.depends_on`; v1 does not, and
//! then any order will do): dependencies first to start, last to stop. Scaling up clones the
//! highest-numbered replica's settings under the next container number; scaling down removes
//! the highest numbers, as the compose CLI does.

use super::labels;
use super::projects::{ComposeProject, StackContainer, StackService};
use crate::connection::Engine;
use crate::containers::ContainerState;
use crate::error::EngineError;
use bollard::models::{ContainerCreateBody, EndpointSettings, NetworkConnectRequest};
use bollard::query_parameters::{
    CreateContainerOptions, InspectContainerOptions, RemoveContainerOptions,
    RestartContainerOptions, StartContainerOptions, StopContainerOptions,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use tugboat_runspec::argv::command_line;

/// The most replicas a scale may ask for: far above a desktop's needs, low enough that a typo
/// (300 for 3) does not start hundreds of containers.
pub const MAX_REPLICAS: u32 = 100;

/// What to do to a service or a stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ServiceAction {
    Start,
    Stop,
    Restart,
    /// Make the service run exactly this many containers.
    Scale {
        replicas: u32,
    },
}

/// Which object a step acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum StackObjectKind {
    Container,
    Network,
    Volume,
    Image,
}

/// What happened to one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StackStep {
    pub object: StackObjectKind,
    pub name: String,
    /// What was done, in a word or two: "started", "stopped", "created", "removed".
    pub done: Option<String>,
    /// Why it was not done.
    pub error: Option<String>,
}

impl StackStep {
    pub(crate) fn of(
        object: StackObjectKind,
        name: &str,
        outcome: Result<&str, String>,
    ) -> StackStep {
        let (done, error) = match outcome {
            Ok(d) => (Some(d.to_owned()), None),
            Err(e) => (None, Some(e)),
        };
        StackStep {
            object,
            name: name.to_owned(),
            done,
            error,
        }
    }
}

/// An action's result: each object it touched, and the command it equals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StackActionOutcome {
    pub command: String,
    pub steps: Vec<StackStep>,
}

impl StackActionOutcome {
    pub fn failed(&self) -> bool {
        self.steps.iter().any(|s| s.error.is_some())
    }
}

/// `docker compose -p <project> <verb> [service]`, with the project's files for `up`.
pub fn action_command(
    project: &str,
    config_files: &[String],
    service: Option<&str>,
    action: ServiceAction,
) -> String {
    let mut argv: Vec<String> = vec![
        "docker".into(),
        "compose".into(),
        "-p".into(),
        project.into(),
    ];
    match action {
        ServiceAction::Start => argv.push("start".into()),
        ServiceAction::Stop => argv.push("stop".into()),
        ServiceAction::Restart => argv.push("restart".into()),
        ServiceAction::Scale { replicas } => {
            // `up` reads the compose file; `--no-recreate` leaves the running replicas alone.
            for f in config_files {
                argv.push("-f".into());
                argv.push(f.clone());
            }
            argv.extend(["up", "-d", "--no-deps", "--no-recreate", "--scale"].map(String::from));
            argv.push(format!("{}={replicas}", service.unwrap_or_default()));
        }
    }
    if let Some(s) = service {
        argv.push(s.to_owned());
    }
    command_line(&argv)
}

/// Services in start order: each after the services it depends on (by the labels), ties by
/// name. Dependencies on services that have no container are ignored; a cycle (which the CLI
/// would have refused) falls back to name order for the services in it.
pub fn start_order(services: &[StackService]) -> Vec<String> {
    let names: BTreeSet<&str> = services.iter().map(|s| s.name.as_str()).collect();
    let mut waiting: HashMap<&str, BTreeSet<&str>> = services
        .iter()
        .map(|s| {
            let deps = s
                .depends_on
                .iter()
                .map(String::as_str)
                .filter(|d| names.contains(d) && *d != s.name)
                .collect();
            (s.name.as_str(), deps)
        })
        .collect();
    let mut order = Vec::with_capacity(services.len());
    while !waiting.is_empty() {
        let ready: Vec<&str> = {
            let mut r: Vec<&str> = waiting
                .iter()
                .filter(|(_, deps)| deps.is_empty())
                .map(|(n, _)| *n)
                .collect();
            r.sort_unstable();
            if r.is_empty() {
                // A cycle: take the first by name and carry on.
                let mut all: Vec<&str> = waiting.keys().copied().collect();
                all.sort_unstable();
                all.truncate(1);
                all
            } else {
                r
            }
        };
        for n in ready {
            waiting.remove(n);
            for deps in waiting.values_mut() {
                deps.remove(n);
            }
            order.push(n.to_owned());
        }
    }
    order
}

/// The name a new replica gets: `<project>-<service>-<n>` (Compose v2), or v1's
/// `<project>_<service>_<n>` when the replica it copies was named that way, so one service's
/// containers read alike whichever CLI started it.
pub fn replica_name(project: &str, service: &str, number: u32, like: &str) -> String {
    if like
        == format!(
            "{project}_{service}_{}",
            like.rsplit('_').next().unwrap_or_default()
        )
    {
        format!("{project}_{service}_{number}")
    } else {
        format!("{project}-{service}-{number}")
    }
}

/// Was this container named by the compose CLI (v1 `p_s_1` or v2 `p-s-1`), rather than by a
/// `container_name:`? A service with a fixed name can have only one container.
fn has_generated_name(c: &StackContainer, project: &str, service: &str) -> bool {
    [
        format!("{project}-{service}-{}", c.number),
        format!("{project}_{service}_{}", c.number),
    ]
    .contains(&c.name)
}

impl Engine {
    /// Runs `action` on one service of `project`, or on all its services when `service` is
    /// None (Scale needs a service).
    pub async fn compose_service_action(
        &self,
        project: &str,
        service: Option<&str>,
        action: ServiceAction,
    ) -> Result<StackActionOutcome, EngineError> {
        let p = self.compose_project(project).await?.ok_or_else(|| {
            EngineError::NotFound(format!(
                "project `{project}`: no container, network or volume on this engine carries its label"
            ))
        })?;
        let command = action_command(project, &p.config_files, service, action);
        if let Some(s) = service {
            if !p.services.iter().any(|x| x.name == s) {
                return Err(EngineError::NotFound(format!(
                    "service `{s}`: project `{project}` has no container of it; its services are {}",
                    names_of(&p)
                )));
            }
        }
        let steps = match action {
            ServiceAction::Scale { replicas } => {
                let Some(s) = service else {
                    return Err(EngineError::InvalidInput(
                        "service: scaling needs a service name; a whole stack is not scaled".into(),
                    ));
                };
                self.scale(&p, s, replicas).await?
            }
            other => self.lifecycle(&p, service, other).await,
        };
        Ok(StackActionOutcome { command, steps })
    }

    async fn lifecycle(
        &self,
        p: &ComposeProject,
        service: Option<&str>,
        action: ServiceAction,
    ) -> Vec<StackStep> {
        let mut order = start_order(&p.services);
        if action == ServiceAction::Stop {
            order.reverse();
        }
        let mut steps = Vec::new();
        for name in order {
            if service.is_some_and(|s| s != name) {
                continue;
            }
            let Some(svc) = p.services.iter().find(|s| s.name == name) else {
                continue;
            };
            // The replicas of one service do not depend on each other: act on them together.
            let done = futures_util::future::join_all(
                svc.containers.iter().map(|c| self.lifecycle_one(c, action)),
            )
            .await;
            steps.extend(done);
        }
        steps
    }

    async fn lifecycle_one(&self, c: &StackContainer, action: ServiceAction) -> StackStep {
        let outcome = match action {
            ServiceAction::Start => self
                .docker
                .start_container(&c.id, None::<StartContainerOptions>)
                .await
                .map(|_| "started"),
            // No timeout given: the engine waits the container's own stop timeout (compose
            // writes the service's `stop_grace_period` there), else 10 s, as the CLI does.
            ServiceAction::Stop => self
                .docker
                .stop_container(&c.id, None::<StopContainerOptions>)
                .await
                .map(|_| "stopped"),
            ServiceAction::Restart => self
                .docker
                .restart_container(&c.id, None::<RestartContainerOptions>)
                .await
                .map(|_| "restarted"),
            ServiceAction::Scale { .. } => Ok("kept"),
        };
        let outcome = match outcome.map_err(EngineError::from) {
            Ok(d) => Ok(d),
            // Already in the state asked for: what the CLI reports as done too.
            Err(EngineError::NotModified(_)) => Ok(match action {
                ServiceAction::Start => "already running",
                _ => "already stopped",
            }),
            Err(e) => Err(e.to_string()),
        };
        StackStep::of(StackObjectKind::Container, &c.name, outcome)
    }

    async fn scale(
        &self,
        p: &ComposeProject,
        service: &str,
        replicas: u32,
    ) -> Result<Vec<StackStep>, EngineError> {
        if replicas > MAX_REPLICAS {
            return Err(EngineError::InvalidInput(format!(
                "replicas: {replicas} is more than {MAX_REPLICAS}; give a number from 0 to {MAX_REPLICAS}"
            )));
        }
        let svc = p
            .services
            .iter()
            .find(|s| s.name == service)
            .filter(|s| !s.containers.is_empty())
            .ok_or_else(|| {
                EngineError::InvalidInput(format!(
                    "service `{service}` has no container to copy: run Up on the compose file to create it"
                ))
            })?;
        let have = svc.containers.len() as u32;
        let mut steps = Vec::new();
        if replicas < have {
            // Highest numbers go first, as the CLI scales down.
            let mut going: Vec<&StackContainer> = svc.containers.iter().collect();
            going.sort_by_key(|c| std::cmp::Reverse(c.number));
            going.truncate((have - replicas) as usize);
            for c in going {
                steps.push(self.remove_replica(c).await);
            }
            return Ok(steps);
        }
        if replicas == have {
            return Ok(steps);
        }
        let template = svc
            .containers
            .iter()
            .max_by_key(|c| c.number)
            .ok_or_else(|| {
                EngineError::InvalidInput(format!("service `{service}` has no container"))
            })?;
        if !has_generated_name(template, &p.name, service) {
            return Err(EngineError::InvalidInput(format!(
                "service `{service}`: its container has the fixed name `{}` (container_name), and \
                 two containers cannot share a name; remove container_name to scale it",
                template.name
            )));
        }
        let top = svc.containers.iter().map(|c| c.number).max().unwrap_or(0);
        for k in 1..=(replicas - have) {
            let number = top + k;
            let name = replica_name(&p.name, service, number, &template.name);
            let outcome = self.clone_replica(&template.id, &name, number).await;
            let failed = outcome.is_err();
            steps.push(StackStep::of(
                StackObjectKind::Container,
                &name,
                outcome
                    .map(|_| "created and started")
                    .map_err(|e| e.to_string()),
            ));
            if failed {
                // The next ones would fail the same way (a fixed host port, a missing image).
                break;
            }
        }
        Ok(steps)
    }

    async fn remove_replica(&self, c: &StackContainer) -> StackStep {
        let stop = if c.state == ContainerState::Running || c.state == ContainerState::Restarting {
            self.docker
                .stop_container(&c.id, None::<StopContainerOptions>)
                .await
                .map_err(EngineError::from)
        } else {
            Ok(())
        };
        let outcome = match stop {
            Ok(()) | Err(EngineError::NotModified(_)) => self
                .docker
                .remove_container(
                    &c.id,
                    Some(RemoveContainerOptions {
                        force: true,
                        ..Default::default()
                    }),
                )
                .await
                .map(|_| "stopped and removed")
                .map_err(|e| EngineError::from(e).to_string()),
            Err(e) => Err(e.to_string()),
        };
        StackStep::of(StackObjectKind::Container, &c.name, outcome)
    }

    /// Creates and starts a copy of container `template` named `name` with container number
    /// `number`: the same settings, labels and networks (with the same aliases, so the service
    /// name resolves to every replica). A copy that cannot start is removed again.
    async fn clone_replica(
        &self,
        template: &str,
        name: &str,
        number: u32,
    ) -> Result<(), EngineError> {
        let t = self
            .docker
            .inspect_container(template, None::<InspectContainerOptions>)
            .await?;
        let template_id = t.id.clone().unwrap_or_default();
        let short_id: String = template_id.chars().take(12).collect();
        let template_name = t
            .name
            .clone()
            .unwrap_or_default()
            .trim_start_matches('/')
            .to_owned();
        let mut config = t.config.clone().unwrap_or_default();
        // The engine set the hostname to the template's short id; the copy gets its own.
        if config.hostname.as_deref() == Some(short_id.as_str()) {
            config.hostname = None;
        }
        let mut l = config.labels.clone().unwrap_or_default();
        l.insert(labels::CONTAINER_NUMBER.to_owned(), number.to_string());
        config.labels = Some(l);
        // The create body is the inspected Config plus HostConfig and NetworkingConfig: the
        // same JSON fields, so the config carries over whole rather than field by field.
        let mut body: ContainerCreateBody =
            serde_json::from_value(serde_json::to_value(&config).map_err(protocol)?)
                .map_err(protocol)?;
        body.host_config = t.host_config.clone();
        let own_aliases = |e: &EndpointSettings| EndpointSettings {
            aliases: e.aliases.clone().map(|a| {
                a.into_iter()
                    .filter(|x| *x != short_id && *x != template_id && *x != template_name)
                    .collect()
            }),
            ..Default::default()
        };
        let networks = t
            .network_settings
            .as_ref()
            .and_then(|n| n.networks.clone())
            .unwrap_or_default();
        let primary = body
            .host_config
            .as_ref()
            .and_then(|h| h.network_mode.clone())
            .unwrap_or_default();
        // Engines before API 1.44 take one network at create; the others are joined after.
        if let Some(e) = networks.get(&primary) {
            body.networking_config = Some(bollard::models::NetworkingConfig {
                endpoints_config: Some(HashMap::from([(primary.clone(), own_aliases(e))])),
            });
        }
        let created = self
            .docker
            .create_container(
                Some(CreateContainerOptions {
                    name: Some(name.to_owned()),
                    platform: String::new(),
                }),
                body,
            )
            .await?;
        let joined = async {
            for (net, e) in networks.iter().filter(|(n, _)| **n != primary) {
                self.docker
                    .connect_network(
                        net,
                        NetworkConnectRequest {
                            container: created.id.clone(),
                            endpoint_config: Some(own_aliases(e)),
                        },
                    )
                    .await?;
            }
            self.docker
                .start_container(&created.id, None::<StartContainerOptions>)
                .await?;
            Ok::<_, EngineError>(())
        }
        .await;
        if let Err(e) = joined {
            // No half-made replica is left behind.
            let _ = self
                .docker
                .remove_container(
                    &created.id,
                    Some(RemoveContainerOptions {
                        force: true,
                        ..Default::default()
                    }),
                )
                .await;
            return Err(e);
        }
        Ok(())
    }
}

fn protocol(e: serde_json::Error) -> EngineError {
    EngineError::Protocol(format!("a container's settings could not be copied: {e}"))
}

fn names_of(p: &ComposeProject) -> String {
    p.services
        .iter()
        .map(|s| format!("`{}`", s.name))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(name: &str, deps: &[&str]) -> StackService {
        StackService {
            name: name.into(),
            depends_on: deps.iter().map(|d| d.to_string()).collect(),
            containers: vec![],
        }
    }

    #[test]
    fn start_order_puts_dependencies_first_and_survives_cycles() {
        let s = [
            svc("web", &["api"]),
            svc("api", &["db", "gone"]),
            svc("db", &[]),
            svc("a", &[]),
        ];
        assert_eq!(start_order(&s), ["a", "db", "api", "web"]);
        let cyc = [svc("x", &["y"]), svc("y", &["x"]), svc("z", &["x"])];
        assert_eq!(start_order(&cyc), ["x", "y", "z"]);
    }

    #[test]
    fn commands_match_the_cli() {
        assert_eq!(
            action_command("shop", &[], Some("web"), ServiceAction::Restart),
            "docker compose -p shop restart web"
        );
        assert_eq!(
            action_command("shop", &[], None, ServiceAction::Stop),
            "docker compose -p shop stop"
        );
        assert_eq!(
            action_command(
                "shop",
                &["/a b/compose.yaml".into()],
                Some("web"),
                ServiceAction::Scale { replicas: 3 }
            ),
            "docker compose -p shop -f '/a b/compose.yaml' up -d --no-deps --no-recreate --scale 'web=3' web"
        );
    }

    #[test]
    fn a_new_replica_is_named_like_the_one_it_copies() {
        assert_eq!(replica_name("shop", "web", 2, "shop-web-1"), "shop-web-2");
        assert_eq!(replica_name("shop", "web", 2, "shop_web_1"), "shop_web_2");
        assert_eq!(
            replica_name("my_shop", "web", 3, "my_shop_web_1"),
            "my_shop_web_3"
        );
    }

    #[test]
    fn generated_names_are_told_from_fixed_ones() {
        let c = |name: &str| StackContainer {
            id: "x".into(),
            name: name.into(),
            number: 2,
            image: String::new(),
            state: ContainerState::Running,
            status: String::new(),
            health: None,
            ports: vec![],
        };
        assert!(has_generated_name(&c("p-web-2"), "p", "web"));
        assert!(has_generated_name(&c("p_web_2"), "p", "web"));
        assert!(!has_generated_name(&c("my-web"), "p", "web"));
    }
}
