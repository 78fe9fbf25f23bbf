//! `docker compose up -d`: what exists is read from the engine (by the project's labels), the
//! compose crate decides the plan, and this runs it: networks, volumes, images (pull or
//! build), then the services level by level — the services of one level at once (bounded),
//! each waiting first for its dependencies' conditions (started, healthy, or completed
//! successfully), each replica created, recreated (the old container parked until the new one
//! runs: `Engine::recreate`), started, kept or removed. Progress goes out as [`UpEvent`]s.
//! A failed service fails what depends on it; the others still come up. Cancelling stops
//! before the next step; what finished stays.

use crate::containers::parking::parked_from;
use crate::error::EngineError;
use crate::registry::DockerConfig;
use crate::Engine;
use bollard::models::{
    ContainerStateStatusEnum, HealthStatusEnum, NetworkCreateRequest, VolumeCreateRequest,
};
use bollard::query_parameters::{
    InspectContainerOptions, ListContainersOptions, ListNetworksOptions, ListVolumesOptions,
    RemoveContainerOptions, StartContainerOptions,
};
use futures_util::StreamExt;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use tugboat_compose::labels;
use tugboat_compose::model::ComposeModel;
use tugboat_compose::plan::{
    image_step_id, plan, Condition, Existing, ExistingContainer, ImageAction, ReplicaAction,
    ReplicaPlan, ServicePlan, UpEvent, UpOptions, UpPlan, UpStepState, Wait,
};
use tugboat_runspec::build_spec::{BuildArg, BuildSpec};
use tugboat_runspec::pull_spec::PullForm;

/// How many containers of one level are made at once: enough to hide each request's round
/// trip, few enough not to swamp a small engine.
const AT_ONCE: usize = 8;

/// How often a wait for a dependency looks at it again.
const POLL: Duration = Duration::from_millis(200);

/// The longest wait for a dependency to be running, or to finish for
/// `service_completed_successfully` (a one-shot job may take a while).
const STARTED_LIMIT: Duration = Duration::from_secs(60);
const COMPLETED_LIMIT: Duration = Duration::from_secs(600);

/// Slack over a healthcheck's own budget (start period + tries × (interval + timeout)).
const HEALTH_SLACK: Duration = Duration::from_secs(30);

/// What an up is asked to do.
pub struct UpInput<'a> {
    pub model: &'a ComposeModel,
    pub options: &'a UpOptions,
    /// `--env-file`s and `--profile`s, for the command line shown.
    pub env_files: &'a [String],
    pub profiles: &'a [String],
    /// Where the CLI's registry logins are, for pulls; None: pull without a login.
    pub logins: Option<&'a DockerConfig>,
}

/// How an up ended (also sent as the last event: `done` or `failed`).
#[derive(Debug, Clone, PartialEq)]
pub struct UpOutcome {
    pub seconds: f64,
    /// The steps that failed, with why.
    pub failures: Vec<(String, String)>,
    /// Stopped by the cancel token; `failures` then holds the step it stopped before.
    pub cancelled: bool,
}

/// What the UI is told at the end of an up or a stack deploy.
impl From<UpOutcome> for tugboat_compose::plan::UpEnd {
    fn from(outcome: UpOutcome) -> Self {
        tugboat_compose::plan::UpEnd {
            seconds: outcome.seconds,
            cancelled: outcome.cancelled,
            failures: outcome
                .failures
                .into_iter()
                .map(|(step_id, message)| tugboat_compose::plan::UpFailure { step_id, message })
                .collect(),
        }
    }
}

/// One event sink shared by the services of a level that run at once; never held across an
/// await.
struct Reporter<'r> {
    report: Mutex<&'r mut (dyn FnMut(UpEvent) + Send)>,
}

impl Reporter<'_> {
    fn send(&self, event: UpEvent) {
        if let Ok(mut r) = self.report.lock() {
            r(event);
        }
    }

    fn step(&self, id: &str, state: UpStepState, detail: Option<String>) {
        self.send(UpEvent::Step {
            id: id.to_owned(),
            state,
            detail,
        });
    }
}

/// What the services that already ran left behind: their containers, and those that failed.
#[derive(Default)]
struct Progress {
    containers: HashMap<String, Vec<String>>,
    failed: HashMap<String, String>,
    failures: Vec<(String, String)>,
}

impl Engine {
    /// The project's containers (not one-off runs, not parked ones), networks, volumes, and
    /// which of the services' images are here; with each container's image id.
    async fn existing(
        &self,
        model: &ComposeModel,
    ) -> Result<(Existing, HashMap<String, String>), EngineError> {
        let filters = HashMap::from([(
            "label".to_owned(),
            vec![format!("{}={}", labels::PROJECT, model.name)],
        )]);
        let listed = self
            .docker
            .list_containers(Some(ListContainersOptions {
                all: true,
                filters: Some(filters),
                ..Default::default()
            }))
            .await?;
        let mut containers = Vec::new();
        let mut image_ids = HashMap::new();
        for c in listed {
            let id = c.id.clone().unwrap_or_default();
            let name = c
                .names
                .as_ref()
                .and_then(|n| n.first())
                .map(|n| n.trim_start_matches('/').to_owned())
                .unwrap_or_default();
            let l = c.labels.clone().unwrap_or_default();
            if l.get(labels::ONEOFF).map(String::as_str) == Some("True")
                || parked_from(&name, &id).is_some()
            {
                continue;
            }
            let Some(service) = l.get(labels::SERVICE) else {
                continue;
            };
            image_ids.insert(id.clone(), c.image_id.clone().unwrap_or_default());
            containers.push(ExistingContainer {
                id,
                name,
                service: service.clone(),
                number: l
                    .get(labels::CONTAINER_NUMBER)
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0),
                config_hash: l.get(labels::CONFIG_HASH).cloned(),
                running: c.state.as_ref().map(|s| s.to_string()).as_deref() == Some("running"),
            });
        }
        let networks = self
            .docker
            .list_networks(None::<ListNetworksOptions>)
            .await?
            .into_iter()
            .filter_map(|n| n.name)
            .collect();
        let volumes = self
            .docker
            .list_volumes(None::<ListVolumesOptions>)
            .await?
            .volumes
            .unwrap_or_default()
            .into_iter()
            .map(|v| v.name)
            .collect();
        let references: BTreeSet<String> = model
            .services
            .iter()
            .map(|s| tugboat_compose::plan::image_of(&model.name, s))
            .collect();
        let mut images = BTreeSet::new();
        for r in references {
            match self
                .docker
                .inspect_image(&r)
                .await
                .map_err(EngineError::from)
            {
                Ok(_) => {
                    images.insert(r);
                }
                Err(EngineError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok((
            Existing {
                containers,
                networks,
                volumes,
                images,
            },
            image_ids,
        ))
    }

    /// Runs an up, sending its events to `report`; ends with a `done`, `failed` or `cancelled` event and
    /// the same outcome returned (`cancelled` when the token fired). An error before the plan (the engine unreachable, a plan
    /// that cannot be made) is returned without events.
    pub async fn compose_up(
        &self,
        input: &UpInput<'_>,
        cancel: &CancellationToken,
        report: &mut (dyn FnMut(UpEvent) + Send),
    ) -> Result<UpOutcome, EngineError> {
        let started = Instant::now();
        let (existing, image_ids) = self.existing(input.model).await?;
        let mut up = plan(
            input.model,
            input.options,
            &existing,
            input.env_files,
            input.profiles,
        )
        .map_err(EngineError::InvalidInput)?;
        tracing::info!(project = %up.project, command = %up.command, "compose up");
        let out = Reporter {
            report: Mutex::new(report),
        };
        out.send(UpEvent::Plan {
            steps: up.steps(),
            command: up.command.clone(),
        });
        let result = self
            .run_plan(&mut up, input, &image_ids, cancel, &out)
            .await;
        let seconds = started.elapsed().as_secs_f64();
        let failures = match result {
            Ok(failures) => failures,
            Err((step, e)) => vec![(step, e.to_string())],
        };
        let cancelled = cancel.is_cancelled();
        match failures.first() {
            _ if cancelled => out.send(UpEvent::Cancelled {
                message: "cancelled: the steps that finished stay as they are; press Up again \
                          to go on"
                    .into(),
            }),
            None => out.send(UpEvent::Done { seconds }),
            Some((step, message)) => out.send(UpEvent::Failed {
                message: if failures.len() > 1 {
                    format!("{message} (and {} more failed)", failures.len() - 1)
                } else {
                    message.clone()
                },
                step_id: Some(step.clone()).filter(|s| !s.is_empty()),
            }),
        }
        Ok(UpOutcome {
            seconds,
            failures,
            cancelled,
        })
    }

    /// The steps in order; a failure of a network, volume or image stops the up (nothing
    /// after needs less), a failed service only what depends on it.
    async fn run_plan(
        &self,
        up: &mut UpPlan,
        input: &UpInput<'_>,
        image_ids: &HashMap<String, String>,
        cancel: &CancellationToken,
        out: &Reporter<'_>,
    ) -> Result<Vec<(String, String)>, (String, EngineError)> {
        let stopped = |step: &str| (step.to_owned(), cancelled());
        for n in up.networks.iter().filter(|n| n.create) {
            let step = format!("network:{}", n.name);
            if cancel.is_cancelled() {
                return Err(stopped(&step));
            }
            out.step(&step, UpStepState::Working, None);
            let request = NetworkCreateRequest {
                name: n.name.clone(),
                driver: Some(n.driver.clone().unwrap_or_else(|| "bridge".into())),
                internal: Some(n.internal),
                attachable: Some(n.attachable),
                labels: Some(n.labels.iter().cloned().collect()),
                ..Default::default()
            };
            match self.docker.create_network(request).await {
                Ok(_) => out.step(&step, UpStepState::Done, None),
                Err(e) => return Err(self.fail(out, &step, e.into())),
            }
        }
        for v in up.volumes.iter().filter(|v| v.create) {
            let step = format!("volume:{}", v.name);
            if cancel.is_cancelled() {
                return Err(stopped(&step));
            }
            out.step(&step, UpStepState::Working, None);
            let request = VolumeCreateRequest {
                name: Some(v.name.clone()),
                driver: v.driver.clone(),
                labels: Some(v.labels.iter().cloned().collect()),
                ..Default::default()
            };
            match self.docker.create_volume(request).await {
                Ok(_) => out.step(&step, UpStepState::Done, None),
                Err(e) => return Err(self.fail(out, &step, e.into())),
            }
        }
        let mut new_images: HashMap<String, String> = HashMap::new();
        for i in &up.images {
            let step = image_step_id(&i.service);
            if i.action == ImageAction::Use {
                continue;
            }
            if cancel.is_cancelled() {
                return Err(stopped(&step));
            }
            out.step(&step, UpStepState::Working, None);
            let made = match &i.action {
                ImageAction::Build {
                    context,
                    dockerfile,
                    args,
                    target,
                } => {
                    let spec = BuildSpec {
                        context_dir: context.clone(),
                        dockerfile: dockerfile.clone().unwrap_or_else(|| "Dockerfile".into()),
                        tags: vec![i.reference.clone()],
                        build_args: args
                            .iter()
                            .map(|(name, value)| BuildArg {
                                name: name.clone(),
                                value: value.clone(),
                            })
                            .collect(),
                        target: target.clone(),
                        ..Default::default()
                    };
                    let mut last_line = String::new();
                    self.build_image(&spec, HashMap::new(), cancel, &mut |e| {
                        if let crate::build::BuildEvent::Log { text, .. } = e {
                            last_line = text.clone();
                            out.send(UpEvent::Log {
                                step_id: Some(step.clone()),
                                text,
                            });
                        }
                    })
                    .await
                    .map(|b| b.image_id)
                    .map_err(|e| {
                        if last_line.is_empty() {
                            e
                        } else {
                            e.reworded(|m| format!("{m} (last line: {})", last_line.trim()))
                        }
                    })
                }
                _ => self.compose_pull(&i.reference, input.logins, cancel).await,
            };
            match made {
                Ok(id) => {
                    new_images.insert(i.service.clone(), id);
                    out.step(&step, UpStepState::Done, None);
                }
                Err(e) => return Err(self.fail(out, &step, e)),
            }
        }
        // A container kept or started whose image was just pulled or built anew is recreated
        // on the new image, as compose does.
        for s in up.levels.iter_mut().flatten() {
            let Some(new_id) = new_images.get(&s.name) else {
                continue;
            };
            for r in &mut s.replicas {
                let old = match &r.action {
                    ReplicaAction::Keep { id } | ReplicaAction::Start { id } => id.clone(),
                    _ => continue,
                };
                if image_ids.get(&old).is_some_and(|was| was != new_id) {
                    r.action = ReplicaAction::Recreate {
                        id: old,
                        running: true,
                    };
                }
            }
        }

        let progress = Mutex::new(Progress::default());
        for level in &up.levels {
            if cancel.is_cancelled() {
                let first = level
                    .iter()
                    .flat_map(|s| s.replicas.first())
                    .map(|r| r.step_id.clone())
                    .next()
                    .unwrap_or_default();
                for r in level.iter().flat_map(|s| &s.replicas) {
                    out.step(&r.step_id, UpStepState::Skipped, Some("cancelled".into()));
                }
                return Err(stopped(&first));
            }
            // The futures are made first, so the stream's item type names no closure: a
            // closure there trips the compiler's Send check on the command's task.
            let services: Vec<_> = level
                .iter()
                .map(|service| self.up_service(service, up, &progress, cancel, out))
                .collect();
            futures_util::stream::iter(services)
                .buffer_unordered(AT_ONCE)
                .collect::<Vec<()>>()
                .await;
        }
        let failures = progress
            .into_inner()
            .map(|p| p.failures)
            .unwrap_or_default();
        if cancel.is_cancelled() && failures.is_empty() {
            return Err(stopped(""));
        }
        Ok(failures)
    }

    fn fail(&self, out: &Reporter<'_>, step: &str, e: EngineError) -> (String, EngineError) {
        out.step(step, UpStepState::Failed, Some(e.to_string()));
        (step.to_owned(), e)
    }

    /// `docker pull` of a service's image; its id.
    async fn compose_pull(
        &self,
        reference: &str,
        logins: Option<&DockerConfig>,
        cancel: &CancellationToken,
    ) -> Result<String, EngineError> {
        let spec = PullForm {
            reference: reference.to_owned(),
            platform: None,
        }
        .validate()
        .map_err(|errs| {
            EngineError::InvalidInput(
                errs.into_iter()
                    .map(|e| e.message)
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        let login = match logins {
            Some(config) => config.credentials(&spec.registry).await.unwrap_or_else(|e| {
                tracing::warn!(registry = %spec.registry, error = %e, "login unreadable; pulling without");
                None
            }),
            None => None,
        };
        let pulled = self
            .pull_image(&spec, login.as_ref(), cancel, &mut |_| {})
            .await?;
        Ok(pulled.id)
    }

    /// One service: wait for its dependencies, then each replica's action. Failures are
    /// recorded in `progress`, never returned: the other services of the level go on.
    async fn up_service(
        &self,
        service: &ServicePlan,
        up: &UpPlan,
        progress: &Mutex<Progress>,
        cancel: &CancellationToken,
        out: &Reporter<'_>,
    ) {
        let record_failure = |step: &str, message: String| {
            if let Ok(mut p) = progress.lock() {
                p.failed
                    .entry(service.name.clone())
                    .or_insert_with(|| message.clone());
                p.failures.push((step.to_owned(), message));
            }
        };
        let fail_all = |message: String| {
            for r in &service.replicas {
                out.step(&r.step_id, UpStepState::Failed, Some(message.clone()));
            }
            record_failure(
                service
                    .replicas
                    .first()
                    .map(|r| r.step_id.as_str())
                    .unwrap_or_default(),
                message,
            );
        };
        // A dependency that failed fails this service without trying.
        let failed_dep = progress.lock().ok().and_then(|p| {
            service.waits.iter().find_map(|w| {
                p.failed
                    .get(&w.service)
                    .map(|why| (w.service.clone(), why.clone()))
            })
        });
        if let Some((dep, why)) = failed_dep {
            fail_all(format!(
                "not started: {dep}, which it depends on, failed ({why})"
            ));
            return;
        }
        for wait in &service.waits {
            let detail = format!(
                "waiting for {}: {}",
                wait.service,
                condition_word(wait.condition)
            );
            for r in &service.replicas {
                out.step(&r.step_id, UpStepState::Waiting, Some(detail.clone()));
            }
            let ids = progress
                .lock()
                .ok()
                .and_then(|p| p.containers.get(&wait.service).cloned())
                .unwrap_or_default();
            let budget = up
                .levels
                .iter()
                .flatten()
                .find(|s| s.name == wait.service)
                .and_then(|s| s.health_budget_ns);
            if let Err(e) = self.wait_for(wait, &ids, budget, cancel).await {
                if matches!(e, EngineError::Cancelled) {
                    for r in &service.replicas {
                        out.step(&r.step_id, UpStepState::Skipped, Some("cancelled".into()));
                    }
                    return;
                }
                fail_all(format!("{}: {e}", service.name));
                return;
            }
        }
        let mut ids = Vec::new();
        for r in &service.replicas {
            if cancel.is_cancelled() {
                out.step(&r.step_id, UpStepState::Skipped, Some("cancelled".into()));
                continue;
            }
            out.step(&r.step_id, UpStepState::Working, None);
            match self.up_replica(r).await {
                Ok((id, detail)) => {
                    ids.extend(id);
                    out.step(&r.step_id, UpStepState::Done, detail);
                }
                Err(e) => {
                    let message = e.to_string();
                    out.step(&r.step_id, UpStepState::Failed, Some(message.clone()));
                    record_failure(&r.step_id, format!("{}: {message}", r.name));
                }
            }
        }
        if let Ok(mut p) = progress.lock() {
            p.containers.insert(service.name.clone(), ids);
        }
    }

    /// One replica's action; the container it leaves running (none when removed), and a word
    /// for the row.
    async fn up_replica(
        &self,
        r: &ReplicaPlan,
    ) -> Result<(Option<String>, Option<String>), EngineError> {
        match &r.action {
            ReplicaAction::Create => {
                let id = self.compose_create(&r.spec, &r.more_networks, true).await?;
                Ok((Some(id), None))
            }
            ReplicaAction::Recreate { id, .. } => {
                let made = self.recreate(id, &r.spec).await?;
                self.compose_connect(&made.id, &r.more_networks).await?;
                Ok((
                    Some(made.id),
                    Some("recreated: its configuration changed".into()),
                ))
            }
            ReplicaAction::Start { id } => {
                match self
                    .docker
                    .start_container(id, None::<StartContainerOptions>)
                    .await
                    .map_err(EngineError::from)
                {
                    Ok(()) | Err(EngineError::NotModified(_)) => {}
                    Err(e) => return Err(e),
                }
                Ok((Some(id.clone()), Some("started".into())))
            }
            ReplicaAction::Keep { id } => Ok((Some(id.clone()), Some("running, unchanged".into()))),
            ReplicaAction::Remove { id } => {
                self.docker
                    .remove_container(
                        id,
                        Some(RemoveContainerOptions {
                            force: true,
                            ..Default::default()
                        }),
                    )
                    .await?;
                Ok((None, Some("removed: above the replica count".into())))
            }
        }
    }

    /// Waits until every container of the dependency meets the condition; an error says
    /// which and why (its last health output, its exit code, or the limit reached).
    async fn wait_for(
        &self,
        wait: &Wait,
        ids: &[String],
        health_budget_ns: Option<i64>,
        cancel: &CancellationToken,
    ) -> Result<(), EngineError> {
        let dep = &wait.service;
        let limit = match wait.condition {
            Condition::Started => STARTED_LIMIT,
            Condition::CompletedSuccessfully => COMPLETED_LIMIT,
            Condition::Healthy => match health_budget_ns {
                Some(ns) => Duration::from_nanos(u64::try_from(ns).unwrap_or(0)) + HEALTH_SLACK,
                None => {
                    return Err(EngineError::InvalidInput(format!(
                        "it waits for {dep} to be healthy, but {dep} has no healthcheck, so it \
                         never will be: add a healthcheck to {dep} or use condition: \
                         service_started"
                    )))
                }
            },
        };
        let deadline = Instant::now() + limit;
        let mut pending: HashSet<&String> = ids.iter().collect();
        loop {
            let mut met = Vec::new();
            for id in &pending {
                if self.condition_met(dep, id, wait.condition).await? {
                    met.push(*id);
                }
            }
            for id in met {
                pending.remove(id);
            }
            if pending.is_empty() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(EngineError::Timeout(format!(
                    "{dep} was not {} after {} s; look at its logs",
                    condition_word(wait.condition),
                    limit.as_secs()
                )));
            }
            tokio::select! {
                _ = cancel.cancelled() => return Err(EngineError::Cancelled),
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    }

    /// Whether container `id` of `dep` meets `condition` now; an error when it never will.
    async fn condition_met(
        &self,
        dep: &str,
        id: &str,
        condition: Condition,
    ) -> Result<bool, EngineError> {
        let c = self
            .docker
            .inspect_container(id, None::<InspectContainerOptions>)
            .await?;
        let state = c.state.unwrap_or_default();
        let status = state.status.unwrap_or(ContainerStateStatusEnum::EMPTY);
        let exit = state.exit_code.unwrap_or(0);
        let ended = matches!(
            status,
            ContainerStateStatusEnum::EXITED | ContainerStateStatusEnum::DEAD
        );
        match condition {
            Condition::Started => Ok(status != ContainerStateStatusEnum::CREATED),
            Condition::CompletedSuccessfully => match (ended, exit) {
                (false, _) => Ok(false),
                (true, 0) => Ok(true),
                (true, code) => Err(EngineError::Conflict(format!(
                    "{dep} did not complete successfully: it exited with code {code}"
                ))),
            },
            Condition::Healthy => {
                let health = state.health.unwrap_or_default();
                let last = health
                    .log
                    .unwrap_or_default()
                    .last()
                    .and_then(|l| l.output.clone())
                    .map(|o| o.trim().to_owned())
                    .filter(|o| !o.is_empty());
                let said = last
                    .map(|o| format!("; its last health check said: {o}"))
                    .unwrap_or_default();
                match health.status {
                    Some(HealthStatusEnum::HEALTHY) => Ok(true),
                    Some(HealthStatusEnum::UNHEALTHY) => {
                        Err(EngineError::Conflict(format!("{dep} is unhealthy{said}")))
                    }
                    _ if ended => Err(EngineError::Conflict(format!(
                        "{dep} exited with code {exit} before it was healthy{said}"
                    ))),
                    _ => Ok(false),
                }
            }
        }
    }
}

fn condition_word(c: Condition) -> &'static str {
    match c {
        Condition::Started => "started",
        Condition::Healthy => "healthy",
        Condition::CompletedSuccessfully => "completed successfully",
    }
}

fn cancelled() -> EngineError {
    EngineError::InvalidInput(
        "cancelled: the steps that finished stay as they are; press Up again to go on".into(),
    )
}
