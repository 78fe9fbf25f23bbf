//! Learn's lessons against the engine: the facts a step's check is held against, a step's
//! command done for the user ("Do it for me", through the same engine calls the rest of the
//! app makes), which of the names a lesson makes exist now, and "finish", which removes just
//! those. What a lesson says and checks is the lessons crate's; this is where it meets the
//! engine.

use crate::build::{BuildEvent, StepState};
use crate::compose::down::{DownImages, DownOptions};
use crate::compose::up::UpInput;
use crate::connection::Engine;
use crate::error::EngineError;
use crate::swarm::status::{SwarmInit, SwarmState};
use bollard::query_parameters::{
    InspectContainerOptions, ListContainersOptions, ListNetworksOptions, LogsOptions,
};
use futures_util::StreamExt;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tugboat_compose::plan::{UpEvent, UpOptions};
use tugboat_compose::{load as load_compose, LoadOptions, Source as ComposeSource};
use tugboat_lessons::check::{Asks, ContainerFacts, Facts};
use tugboat_lessons::command::{Action, Look, Verb};
use tugboat_lessons::format::COMPOSE_FILE;
use tugboat_lessons::Made;
use tugboat_runspec::actions::ContainerAction;
use tugboat_runspec::build_spec::{BuildSpec, Builder, DEFAULT_DOCKERFILE};
use tugboat_runspec::commit::CommitForm;
use tugboat_runspec::form::FieldError;
use tugboat_runspec::image_spec::TagForm;
use tugboat_runspec::network_spec::{ConnectSpec, NetworkCreateForm};
use tugboat_runspec::preview::describe_invalid;
use tugboat_runspec::pull_spec::{push_spec, PullForm};
use tugboat_runspec::service_spec::{ServiceForm, ServiceMode};
use tugboat_runspec::volume_spec::VolumeForm;

/// How long "Do it for me" waits for a container run without `-d` to end, as the CLI would
/// wait for it. The lessons' foreground runs end in a second.
const FOREGROUND_WAIT: Duration = Duration::from_secs(60);

/// How long a lesson's `docker exec` may take. A name lookup that no network answers (the
/// networks lesson's ping from the default network, on a machine offline) waits out the
/// resolver's retries, about 10 s, before it says `bad address`.
const EXEC_WAIT: Duration = Duration::from_secs(30);

/// The bridge network a swarm's tasks make on each node.
const GWBRIDGE: &str = "docker_gwbridge";

/// How many times a push the registry did not answer is asked again, a second apart.
const PUSH_TRIES: u32 = 10;

/// What printing is cut to: a lesson shows a few lines, not a flood.
const PRINTED_CAP: usize = 16 * 1024;

/// What a command done for the user printed, as the CLI would have printed it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Printed {
    pub text: String,
    /// The command failed (a non-zero exit in `docker exec`, or a run that exited non-zero):
    /// what it printed is still shown, as the terminal would show it.
    pub failed: bool,
}

/// What "finish" removed, and what it could not.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Finished {
    pub removed: Made,
    /// `(name, why)` for each thing that could not be removed; it is left as it was.
    pub refused: Vec<(String, String)>,
}

fn invalid(errors: Vec<FieldError>) -> EngineError {
    EngineError::InvalidInput(describe_invalid(&errors))
}

impl Engine {
    /// The facts about the names a check asks about; a name that does not exist is absent.
    pub async fn lesson_facts(&self, asks: &Asks) -> Result<Facts, EngineError> {
        let mut facts = Facts::default();
        for name in &asks.containers {
            if let Some(f) = self.container_facts(name).await? {
                facts.containers.insert(name.clone(), f);
            }
        }
        for reference in &asks.images {
            if self.image_present(reference).await? {
                facts.images.insert(reference.clone());
            }
        }
        for reference in &asks.pushed {
            if self.image_from_its_registry(reference).await? {
                facts.pushed.insert(reference.clone());
            }
        }
        for name in &asks.volumes {
            if self.volume_present(name).await? {
                facts.volumes.insert(name.clone());
            }
        }
        let in_swarm = if asks.swarm || !asks.services.is_empty() {
            self.in_swarm().await?
        } else {
            false
        };
        if asks.swarm {
            facts.swarm = Some(in_swarm);
        }
        if in_swarm && !asks.services.is_empty() {
            for row in self.services().await? {
                if asks.services.contains(&row.name) {
                    facts.services.insert(row.name, row.running);
                }
            }
        }
        if !asks.networks.is_empty() {
            let names = self.lesson_network_names().await?;
            facts.networks = asks
                .networks
                .iter()
                .filter(|n| names.contains(*n))
                .cloned()
                .collect();
        }
        Ok(facts)
    }

    /// Which of these names exist on the engine now.
    pub async fn lesson_present(&self, made: &Made) -> Result<Made, EngineError> {
        let mut here = Made::default();
        for name in &made.containers {
            if self.container_id(name).await?.is_some() {
                here.containers.insert(name.clone());
            }
        }
        for name in &made.volumes {
            if self.volume_present(name).await? {
                here.volumes.insert(name.clone());
            }
        }
        let networks = self.lesson_network_names().await?;
        here.networks = made.networks.intersection(&networks).cloned().collect();
        if made.swarm || !made.services.is_empty() {
            let in_swarm = self.in_swarm().await?;
            here.swarm = made.swarm && in_swarm;
            if in_swarm {
                here.services = self
                    .services()
                    .await?
                    .into_iter()
                    .map(|r| r.name)
                    .filter(|n| made.services.contains(n))
                    .collect();
            }
            // The bridge a swarm's tasks reach the machine through; the engine makes it for the
            // first task and keeps it after the swarm is left.
            if made.swarm && networks.contains(GWBRIDGE) {
                here.networks.insert(GWBRIDGE.to_owned());
            }
        }
        for reference in &made.images {
            if self.image_present(reference).await? {
                here.images.insert(reference.clone());
            }
        }
        Ok(here)
    }

    /// Removes these, containers first (with their anonymous volumes) so the networks,
    /// volumes and images they held can go. Each is removed by its exact name; one that
    /// cannot be is listed with why, and the rest still go.
    pub async fn lesson_finish(&self, remove: &Made) -> Finished {
        let mut refusals = Vec::new();
        let mut refused =
            |name: &str, e: EngineError| refusals.push((name.to_owned(), e.to_string()));
        let mut removed = Made::default();
        // Services first (their tasks go with them), then the swarm itself.
        if !remove.services.is_empty() {
            match self.services().await {
                Ok(rows) => {
                    for row in rows.iter().filter(|r| remove.services.contains(&r.name)) {
                        match self.service_remove(&row.id).await {
                            Ok(_) => {
                                removed.services.insert(row.name.clone());
                            }
                            Err(e) => refused(&row.name, e),
                        }
                    }
                }
                Err(e) => refused("services", e),
            }
        }
        if remove.swarm {
            match self.swarm_leave(true).await {
                Ok(()) => removed.swarm = true,
                Err(e) => refused("swarm mode", e),
            }
        }
        for name in &remove.containers {
            let action = ContainerAction::Remove {
                force: true,
                volumes: true,
            };
            match self.container_id(name).await {
                Ok(Some(id)) => match self.container_act(&id, name, &action, None).await {
                    Ok(_) => {
                        removed.containers.insert(name.clone());
                    }
                    Err(e) => refused(name, e),
                },
                Ok(None) => {}
                Err(e) => refused(name, e),
            }
        }
        // Networks, volumes and images: each by its name, one already gone passed over.
        for name in &remove.networks {
            let mut done = self.network_remove(name, name).await.map(drop);
            // The swarm's tasks may still be going when it is left: their bridge is freed a
            // moment later.
            let mut tries = 0;
            while matches!(done, Err(EngineError::Conflict(_))) && tries < 20 {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(500)).await;
                done = self.network_remove(name, name).await.map(drop);
            }
            note(done, name, &mut removed.networks, &mut refused);
        }
        for name in &remove.volumes {
            note(
                self.volume_remove(name, false).await.map(drop),
                name,
                &mut removed.volumes,
                &mut refused,
            );
        }
        for reference in &remove.images {
            note(
                self.image_remove(reference, reference, false)
                    .await
                    .map(drop),
                reference,
                &mut removed.images,
                &mut refused,
            );
        }
        Finished {
            removed,
            refused: refusals,
        }
    }

    /// Does a step's command for the user, as the CLI would, and returns what the CLI would
    /// have printed. `folder`: the lesson's own folder, which its builds use as their context
    /// (as `docker build .` typed in it would).
    pub async fn lesson_do(
        &self,
        action: &Action,
        folder: Option<&Path>,
    ) -> Result<Printed, EngineError> {
        let ok = |text: String| Printed {
            text,
            failed: false,
        };
        match action {
            Action::Run { form, detach, .. } => {
                if let Some(why) = action.needs_terminal() {
                    return Err(EngineError::InvalidInput(format!("{why}.")));
                }
                let spec = crate::containers::run::validate_off_runtime((**form).clone()).await?;
                let outcome = self.run(&spec).await?;
                if let Some(why) = outcome.start_error {
                    return Err(EngineError::Conflict(format!(
                        "{} was created but did not start: {why}",
                        outcome.name
                    )));
                }
                if *detach {
                    return Ok(ok(outcome.id));
                }
                let cancel = CancellationToken::new();
                let code = match tokio::time::timeout(
                    FOREGROUND_WAIT,
                    self.wait_exit(&outcome.id, &cancel),
                )
                .await
                {
                    Ok(code) => code?,
                    Err(_) => {
                        return Ok(ok(format!(
                            "{} is still running after {} s; the lesson goes on without \
                                 waiting for it.",
                            outcome.name,
                            FOREGROUND_WAIT.as_secs()
                        )))
                    }
                };
                Ok(Printed {
                    text: self.printed_logs(&outcome.id).await?,
                    failed: code != 0,
                })
            }
            Action::Container { verb, names } => {
                let action = match verb {
                    Verb::Start => ContainerAction::Start,
                    Verb::Stop => ContainerAction::Stop { timeout_secs: None },
                    Verb::Restart => ContainerAction::Restart { timeout_secs: None },
                    Verb::Kill => ContainerAction::Kill { signal: None },
                    Verb::Remove { force, volumes } => ContainerAction::Remove {
                        force: *force,
                        volumes: *volumes,
                    },
                };
                for name in names {
                    let id = self.container_named(name).await?;
                    self.container_act(&id, name, &action, None).await?;
                }
                Ok(ok(names.join("\n")))
            }
            Action::Rename { from, to } => {
                let id = self.container_named(from).await?;
                let rename = ContainerAction::Rename {
                    new_name: to.clone(),
                };
                self.container_act(&id, from, &rename, None).await?;
                Ok(ok(String::new()))
            }
            Action::Attach { .. } => Err(EngineError::InvalidInput(format!(
                "{}.",
                action.needs_terminal().unwrap_or_default()
            ))),
            Action::Exec {
                container, argv, ..
            } => {
                if let Some(why) = action.needs_terminal() {
                    return Err(EngineError::InvalidInput(format!("{why}.")));
                }
                let id = self.container_named(container).await?;
                let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
                let inside = self.exec_captured(&id, &argv, EXEC_WAIT).await?;
                let code = inside.code.unwrap_or(0);
                let mut text = inside.stdout + &inside.stderr;
                if code != 0 {
                    text.push_str(&format!("\n(exit code {code})"));
                }
                Ok(Printed {
                    text: capped(text),
                    failed: code != 0,
                })
            }
            Action::VolumeCreate { name } => {
                let spec = VolumeForm {
                    name: name.clone(),
                    ..Default::default()
                }
                .validate()
                .map_err(invalid)?;
                self.volume_create(&spec).await?;
                Ok(ok(name.clone()))
            }
            Action::VolumeRemove { names } => {
                for name in names {
                    self.volume_remove(name, false).await?;
                }
                Ok(ok(names.join("\n")))
            }
            Action::NetworkCreate { name } => {
                let spec = NetworkCreateForm {
                    name: name.clone(),
                    ..Default::default()
                }
                .validate()
                .map_err(invalid)?;
                let made = self.network_create(&spec).await?;
                Ok(ok(made.id.unwrap_or_default()))
            }
            Action::NetworkRemove { names } => {
                for name in names {
                    self.network_remove(name, name).await?;
                }
                Ok(ok(names.join("\n")))
            }
            Action::NetworkConnect { network, container } => {
                let spec = ConnectSpec {
                    aliases: vec![],
                    ipv4: None,
                    ipv6: None,
                };
                self.network_connect(network, container, &spec, (network, container))
                    .await?;
                Ok(ok(String::new()))
            }
            Action::Pull { reference } => {
                let spec = PullForm {
                    reference: reference.clone(),
                    platform: None,
                }
                .validate()
                .map_err(invalid)?;
                let pulled = self
                    .pull_image(&spec, None, &CancellationToken::new(), &mut |_| {})
                    .await?;
                Ok(ok(format!(
                    "Status: image is up to date or downloaded for {}\n{}",
                    pulled.reference,
                    pulled.digest.unwrap_or(pulled.id)
                )))
            }
            Action::Build {
                tags,
                dockerfile,
                target,
                no_cache,
            } => {
                let folder = folder.ok_or_else(|| {
                    EngineError::InvalidInput(
                        "lesson: this lesson has no folder of files to build from".into(),
                    )
                })?;
                self.lesson_build(folder, tags, dockerfile, target, *no_cache)
                    .await
                    .map(ok)
            }
            Action::ComposeUp { project } => {
                let folder = folder.ok_or_else(|| {
                    EngineError::InvalidInput(
                        "lesson: this lesson has no folder with a compose file".into(),
                    )
                })?;
                self.lesson_compose_up(folder, project).await.map(ok)
            }
            Action::ComposeDown { project, volumes } => {
                let options = DownOptions {
                    volumes: *volumes,
                    images: DownImages::None,
                };
                let plan = self.compose_down_preview(project, options).await?;
                let outcome = self.compose_down(&plan).await?;
                Ok(Printed {
                    text: outcome
                        .steps
                        .iter()
                        .map(|s| {
                            let what = match (&s.done, &s.error) {
                                (_, Some(e)) => e.as_str(),
                                (Some(d), None) => d.as_str(),
                                (None, None) => "",
                            };
                            format!("{:?} {}  {what}", s.object, s.name)
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                    failed: outcome.steps.iter().any(|s| s.error.is_some()),
                })
            }
            Action::SwarmInit { advertise_addr } => {
                let status = self
                    .swarm_init(&SwarmInit {
                        advertise_addr: advertise_addr.clone(),
                        listen_addr: None,
                        force_new_cluster: false,
                    })
                    .await?;
                Ok(ok(format!(
                    "Swarm initialized: current node ({}) is now a manager.",
                    status.node_id.unwrap_or_default()
                )))
            }
            Action::SwarmLeave => {
                self.swarm_leave(true).await?;
                Ok(ok("Node left the swarm.".into()))
            }
            Action::ServiceCreate {
                name,
                replicas,
                image,
                args,
            } => {
                let spec = ServiceForm {
                    name: name.clone(),
                    image: image.clone(),
                    command: (!args.is_empty()).then(|| args.clone()),
                    mode: ServiceMode::Replicated {
                        replicas: *replicas,
                    },
                    ..Default::default()
                }
                .validate()
                .map_err(invalid)?;
                Ok(ok(self.service_create(&spec, None).await?.id))
            }
            Action::ServiceScale { name, replicas } => {
                let id = self.service_named(name).await?;
                self.service_scale(&id, *replicas).await?;
                Ok(ok(format!("{name} scaled to {replicas}")))
            }
            Action::ServiceRemove { names } => {
                for name in names {
                    let id = self.service_named(name).await?;
                    self.service_remove(&id).await?;
                }
                Ok(ok(names.join("\n")))
            }
            Action::Push { reference } => {
                let spec = push_spec(reference).map_err(|e| invalid(vec![e]))?;
                // The engine answers 500 when it cannot reach the registry. A registry the
                // lesson started a moment ago (the step before) may not listen yet, and "Do
                // it for me" can come sooner than anyone types: it is asked again for a while.
                let mut tries = 0;
                let pushed = loop {
                    match self
                        .push_image(&spec, None, &CancellationToken::new(), &mut |_| {})
                        .await
                    {
                        Err(EngineError::Api { status: 500, .. }) if tries < PUSH_TRIES => {
                            tries += 1;
                            tokio::time::sleep(Duration::from_secs(1)).await;
                        }
                        done => break done?,
                    }
                };
                Ok(ok(format!("{}: digest: {}", spec.tag, pushed.digest)))
            }
            Action::Commit {
                container,
                reference,
            } => {
                let spec = CommitForm {
                    reference: reference.clone(),
                    pause: true,
                    ..Default::default()
                }
                .validate()
                .map_err(invalid)?;
                let id = self.container_named(container).await?;
                Ok(ok(self.commit(&id, &spec).await?))
            }
            Action::Tag { source, target } => {
                let spec = TagForm {
                    image: source.clone(),
                    target: target.clone(),
                }
                .validate()
                .map_err(invalid)?;
                self.image_tag(&spec).await?;
                Ok(ok(String::new()))
            }
            Action::RemoveImage { references } => {
                let mut lines = Vec::new();
                for r in references {
                    let out = self.image_remove(r, r, false).await?;
                    lines.extend(out.untagged.iter().map(|u| format!("Untagged: {u}")));
                    lines.extend(out.deleted.iter().map(|d| format!("Deleted: {d}")));
                }
                Ok(ok(lines.join("\n")))
            }
            Action::Look(look) => self.lesson_look(look).await.map(ok),
        }
    }

    /// Builds from the lesson's folder through the same build the Dockerfile editor runs, and
    /// prints each step once, marked CACHED when the builder reused it, as BuildKit's plain
    /// output does.
    async fn lesson_build(
        &self,
        folder: &Path,
        tags: &[String],
        dockerfile: &Option<String>,
        target: &Option<String>,
        no_cache: bool,
    ) -> Result<String, EngineError> {
        let spec = BuildSpec {
            context_dir: folder.to_string_lossy().into_owned(),
            dockerfile: dockerfile
                .clone()
                .unwrap_or_else(|| DEFAULT_DOCKERFILE.to_owned()),
            tags: tags.to_vec(),
            target: target.clone(),
            no_cache,
            builder: if self.supports_buildkit() {
                Builder::Buildkit
            } else {
                Builder::Classic
            },
            ..Default::default()
        };
        spec.validate(None).map_err(invalid)?;
        // Steps by id in the order they first showed, with how each ended.
        let mut steps: Vec<(String, String, StepState)> = Vec::new();
        let built = self
            .build_image(
                &spec,
                HashMap::new(),
                &CancellationToken::new(),
                &mut |event| {
                    if let BuildEvent::Step {
                        id, name, state, ..
                    } = event
                    {
                        match steps.iter_mut().find(|(i, _, _)| *i == id) {
                            Some(step) => step.2 = state,
                            None => steps.push((id, name, state)),
                        }
                    }
                },
            )
            .await?;
        let mut out: Vec<String> = steps
            .into_iter()
            .map(|(_, name, state)| match state {
                StepState::Cached => format!("{name}  CACHED"),
                _ => name,
            })
            .collect();
        out.push(format!("Built {}", built.image_id));
        out.extend(built.tags.iter().map(|t| format!("Tagged {t}")));
        Ok(capped(out.join("\n")))
    }

    /// `docker compose -p PROJECT up -d` of the lesson folder's compose file, through the same
    /// up the Compose area runs.
    async fn lesson_compose_up(&self, folder: &Path, project: &str) -> Result<String, EngineError> {
        let path = folder.join(COMPOSE_FILE);
        let text = tokio::fs::read_to_string(&path).await.map_err(|e| {
            EngineError::File(format!(
                "lesson folder: cannot read {}: {e}",
                path.display()
            ))
        })?;
        let options = LoadOptions {
            path: Some(path.to_string_lossy().into_owned()),
            project_name: Some(project.to_owned()),
            // As the CLI reads them: the user's environment may fill `${…}` in the file.
            environment: std::env::vars().collect(),
            home: std::env::var("HOME").ok(),
            ..LoadOptions::default()
        };
        let loaded = load_compose(&text, &options, &InFolder(folder.to_path_buf()));
        let model = match (
            loaded.model,
            loaded
                .diagnostics
                .iter()
                .find(|d| d.severity == tugboat_compose::Severity::Error),
        ) {
            (Some(model), None) => model,
            (_, Some(d)) => {
                return Err(EngineError::InvalidInput(format!(
                    "{COMPOSE_FILE} line {}: {}",
                    d.span.line, d.message
                )))
            }
            (None, None) => {
                return Err(EngineError::InvalidInput(format!(
                    "{COMPOSE_FILE} describes no services"
                )))
            }
        };
        let up_options = UpOptions::default();
        let input = UpInput {
            model: &model,
            options: &up_options,
            env_files: &model.env_files,
            profiles: &[],
            logins: None,
        };
        let mut lines = Vec::new();
        let outcome = self
            .compose_up(&input, &CancellationToken::new(), &mut |event| {
                if let UpEvent::Plan { steps, .. } = event {
                    lines.extend(steps.iter().map(|s| format!("{:?} {}", s.object, s.name)));
                }
            })
            .await?;
        if let Some((step, why)) = outcome.failures.first() {
            return Err(EngineError::Conflict(format!("{step}: {why}")));
        }
        lines.push(format!("Up in {:.1} s", outcome.seconds));
        Ok(capped(lines.join("\n")))
    }

    /// A read-only command's answer, laid out as the CLI lays it out (fewer columns).
    async fn lesson_look(&self, look: &Look) -> Result<String, EngineError> {
        match look {
            Look::Version => {
                let v = self.docker.version().await?;
                Ok(format!(
                    "Server: Docker Engine\n Version:     {}\n API version: {}\n OS/Arch:     {}/{}\n Kernel:      {}",
                    v.version.unwrap_or_default(),
                    v.api_version.unwrap_or_default(),
                    v.os.unwrap_or_default(),
                    v.arch.unwrap_or_default(),
                    v.kernel_version.unwrap_or_default(),
                ))
            }
            Look::Ps { all } => {
                let rows = self.containers(*all).await?;
                let mut out = vec![format!("{:<24} {:<28} STATUS", "NAMES", "IMAGE")];
                out.extend(
                    rows.iter()
                        .map(|r| format!("{:<24} {:<28} {}", r.name, r.image, r.status)),
                );
                Ok(capped(out.join("\n")))
            }
            Look::Images => {
                let rows = self.images().await?;
                let mut out = vec![format!("{:<44} IMAGE ID", "REPOSITORY:TAG")];
                for r in rows {
                    let name = r.repo_tags.first().cloned().unwrap_or("<none>".into());
                    out.push(format!("{name:<44} {}", crate::images::short_id(&r.id)));
                }
                Ok(capped(out.join("\n")))
            }
            Look::Stats { name } => {
                let id = self.container_named(name).await?;
                let sample = std::pin::pin!(self.stats_glance(&id))
                    .next()
                    .await
                    .ok_or_else(|| {
                        EngineError::Conflict(format!("{name} is not running: it has no figures"))
                    })??;
                let mib = |b: f64| format!("{:.2}MiB", b / 1024.0 / 1024.0);
                Ok(format!(
                    "{:<20} {:>8}   MEM USAGE / LIMIT\n{:<20} {:>7.2}%   {} / {}",
                    "NAME",
                    "CPU %",
                    name,
                    sample.cpu_percent,
                    mib(sample.memory_bytes),
                    mib(sample.memory_limit_bytes)
                ))
            }
            Look::Top { name } => {
                let id = self.container_named(name).await?;
                let table = self.top(&id, None).await?;
                let mut out = vec![table.titles.join("  ")];
                out.extend(table.processes.iter().map(|p| p.join("  ")));
                Ok(capped(out.join("\n")))
            }
            Look::History { image } => {
                let history = self.image_history(image).await?;
                let mut out = vec![format!("{:<58} SIZE", "CREATED BY")];
                for step in history.steps {
                    let mut made_by: String = step.instruction.chars().take(56).collect();
                    if made_by.len() < step.instruction.len() {
                        made_by.push('…');
                    }
                    out.push(format!("{made_by:<58} {:.1}kB", step.size / 1000.0));
                }
                Ok(capped(out.join("\n")))
            }
            Look::ComposePs { project } => {
                let mut out = vec![format!("{:<28} {:<12} STATUS", "NAME", "SERVICE")];
                if let Some(p) = self.compose_project(project).await? {
                    for service in &p.services {
                        for c in &service.containers {
                            out.push(format!("{:<28} {:<12} {}", c.name, service.name, c.status));
                        }
                    }
                }
                Ok(capped(out.join("\n")))
            }
            Look::Nodes => {
                let mut out = vec![format!(
                    "{:<28} {:<10} {:<8} MANAGER",
                    "HOSTNAME", "STATUS", "ROLE"
                )];
                for n in self.node_list().await? {
                    out.push(format!(
                        "{:<28} {:<10} {:<8} {}",
                        n.hostname,
                        n.status,
                        format!("{:?}", n.role).to_lowercase(),
                        n.manager_status.unwrap_or_default()
                    ));
                }
                Ok(capped(out.join("\n")))
            }
            Look::Services => {
                let mut out = vec![format!("{:<24} {:<10} IMAGE", "NAME", "REPLICAS")];
                for r in self.services().await? {
                    let want = r.desired.map_or("?".into(), |d| d.to_string());
                    out.push(format!(
                        "{:<24} {:<10} {}",
                        r.name,
                        format!("{}/{want}", r.running),
                        r.image
                    ));
                }
                Ok(capped(out.join("\n")))
            }
            Look::Tasks { service } => {
                let id = self.service_named(service).await?;
                let mut out = vec![format!(
                    "{:<24} {:<20} {:<10} CURRENT",
                    "NAME", "NODE", "DESIRED"
                )];
                for t in self.service_tasks(Some(&id), false).await? {
                    let slot = t.slot.map_or(String::new(), |s| format!(".{s}"));
                    out.push(format!(
                        "{:<24} {:<20} {:<10} {}",
                        format!("{}{slot}", t.service_name),
                        t.node,
                        t.desired_state,
                        t.state
                    ));
                }
                Ok(capped(out.join("\n")))
            }
            Look::Logs { name } => {
                let id = self.container_named(name).await?;
                self.printed_logs(&id).await
            }
        }
    }

    /// The container's output so far, stdout and stderr as they came.
    async fn printed_logs(&self, id: &str) -> Result<String, EngineError> {
        let mut logs = self.docker.logs(
            id,
            Some(LogsOptions {
                stdout: true,
                stderr: true,
                // All of it, as `docker logs` prints it; reading stops at the cap.
                tail: "all".into(),
                ..Default::default()
            }),
        );
        let mut text = Vec::new();
        while let Some(chunk) = logs.next().await {
            text.extend_from_slice(&chunk?.into_bytes());
            if text.len() > PRINTED_CAP {
                break;
            }
        }
        Ok(capped(String::from_utf8_lossy(&text).into_owned()))
    }

    /// The id of the container with exactly this name, or the CLI's refusal.
    async fn container_named(&self, name: &str) -> Result<String, EngineError> {
        self.container_id(name)
            .await?
            .ok_or_else(|| EngineError::NotFound(format!("No such container: {name}")))
    }

    /// The id of the container with exactly this name.
    async fn container_id(&self, name: &str) -> Result<Option<String>, EngineError> {
        // The engine's name filter is a regular expression over `/name`; names hold only
        // letters, digits and `_.-`, so `.` is the one character to escape.
        let pattern = format!("^/{}$", name.replace('.', "\\."));
        let list = self
            .docker
            .list_containers(Some(ListContainersOptions {
                all: true,
                filters: Some(HashMap::from([("name".to_owned(), vec![pattern])])),
                ..Default::default()
            }))
            .await?;
        let wanted = format!("/{name}");
        Ok(list
            .into_iter()
            .find(|c| c.names.iter().flatten().any(|n| *n == wanted))
            .and_then(|c| c.id))
    }

    async fn container_facts(&self, name: &str) -> Result<Option<ContainerFacts>, EngineError> {
        let Some(id) = self.container_id(name).await? else {
            return Ok(None);
        };
        let c = match self
            .docker
            .inspect_container(&id, None::<InspectContainerOptions>)
            .await
        {
            Ok(c) => c,
            // Removed between the list and the inspect.
            Err(e) => match EngineError::from(e) {
                EngineError::NotFound(_) => return Ok(None),
                other => return Err(other),
            },
        };
        let state = c.state.unwrap_or_default();
        let host = c.host_config;
        let settings = c.network_settings.unwrap_or_default();
        let mut published = Vec::new();
        for (key, bindings) in settings.ports.unwrap_or_default() {
            let (port, proto) = key.split_once('/').unwrap_or((&key, "tcp"));
            let Ok(inside) = port.parse::<u16>() else {
                continue;
            };
            for b in bindings.unwrap_or_default() {
                if let Some(host) = b.host_port.and_then(|h| h.parse::<u16>().ok()) {
                    published.push((host, inside, proto.to_owned()));
                }
            }
        }
        let mut volumes = Vec::new();
        let mut binds = Vec::new();
        for m in c.mounts.unwrap_or_default() {
            let target = m.destination.unwrap_or_default();
            match m.typ.map(|t| t.to_string()).as_deref() {
                Some("volume") => volumes.push((m.name.unwrap_or_default(), target)),
                Some("bind") => binds.push(target),
                _ => {}
            }
        }
        Ok(Some(ContainerFacts {
            image: c.config.and_then(|cfg| cfg.image).unwrap_or_default(),
            state: state.status.map(|s| s.to_string()).unwrap_or_default(),
            exit_code: state.exit_code.unwrap_or(0),
            oom_killed: state.oom_killed.unwrap_or(false),
            published,
            memory: host.as_ref().and_then(|h| h.memory).unwrap_or(0),
            nano_cpus: host.as_ref().and_then(|h| h.nano_cpus).unwrap_or(0),
            networks: settings.networks.unwrap_or_default().into_keys().collect(),
            volumes,
            binds,
        }))
    }

    async fn image_present(&self, reference: &str) -> Result<bool, EngineError> {
        Ok(self.image_tagged(reference).await?.is_some())
    }

    /// The image tagged exactly `reference` (not an id prefix that happens to match it).
    async fn image_tagged(
        &self,
        reference: &str,
    ) -> Result<Option<bollard::models::ImageInspect>, EngineError> {
        match self.docker.inspect_image(reference).await {
            Ok(image) => {
                let tagged = image.repo_tags.iter().flatten().any(|t| t == reference);
                Ok(tagged.then_some(image))
            }
            Err(e) => match EngineError::from(e) {
                EngineError::NotFound(_) => Ok(None),
                other => Err(other),
            },
        }
    }

    /// Whether this engine is in a swarm (as a manager: a lesson's swarm is one it made).
    async fn in_swarm(&self) -> Result<bool, EngineError> {
        Ok(self.swarm_status().await?.state == SwarmState::Active)
    }

    /// The id of the service with exactly this name, or the CLI's refusal.
    async fn service_named(&self, name: &str) -> Result<String, EngineError> {
        self.services()
            .await?
            .into_iter()
            .find(|r| r.name == name)
            .map(|r| r.id)
            .ok_or_else(|| EngineError::NotFound(format!("service {name} not found")))
    }

    /// Whether the image is here under `reference` and holds a digest from the registry the
    /// reference names: the engine records one when it pushes the image there or pulls it
    /// from there, and drops it when the name is removed.
    async fn image_from_its_registry(&self, reference: &str) -> Result<bool, EngineError> {
        let Some(image) = self.image_tagged(reference).await? else {
            return Ok(false);
        };
        let repository = reference
            .rsplit_once(':')
            .filter(|(_, tag)| !tag.contains('/'))
            .map_or(reference, |(repo, _)| repo);
        Ok(image.repo_digests.iter().flatten().any(|d| {
            d.split_once('@')
                .is_some_and(|(repo, _)| repo == repository)
        }))
    }

    async fn volume_present(&self, name: &str) -> Result<bool, EngineError> {
        match self.docker.inspect_volume(name).await {
            Ok(v) => Ok(v.name == name),
            Err(e) => match EngineError::from(e) {
                EngineError::NotFound(_) => Ok(false),
                other => Err(other),
            },
        }
    }

    async fn lesson_network_names(&self) -> Result<BTreeSet<String>, EngineError> {
        Ok(self
            .docker
            .list_networks(None::<ListNetworksOptions>)
            .await?
            .into_iter()
            .filter_map(|n| n.name)
            .collect())
    }
}

/// Reads the files a lesson's compose file names, inside the lesson's folder only.
struct InFolder(std::path::PathBuf);

impl ComposeSource for InFolder {
    fn read(&self, path: &Path) -> Result<String, String> {
        if !path.starts_with(&self.0) {
            return Err(format!(
                "{} is outside the lesson's folder; a lesson's compose file reads only files in it",
                path.display()
            ));
        }
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// Files one removal of [`Engine::lesson_finish`]: removed, already gone (nothing to say), or
/// refused with why.
fn note(
    done: Result<(), EngineError>,
    name: &str,
    removed: &mut BTreeSet<String>,
    refused: &mut impl FnMut(&str, EngineError),
) {
    match done {
        Ok(()) => {
            removed.insert(name.to_owned());
        }
        Err(EngineError::NotFound(_)) => {}
        Err(e) => refused(name, e),
    }
}

fn capped(mut text: String) -> String {
    if text.len() > PRINTED_CAP {
        let mut end = PRINTED_CAP;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("\n…");
    }
    text
}
