//! Learn's lessons against the engine: the facts a step's check is held against, a step's
//! command done for the user ("Do it for me", through the same engine calls the rest of the
//! app makes), which of the names a lesson makes exist now, and "finish", which removes just
//! those. What a lesson says and checks is the lessons crate's; this is where it meets the
//! engine.

use crate::connection::Engine;
use crate::error::EngineError;
use bollard::query_parameters::{
    InspectContainerOptions, ListContainersOptions, ListNetworksOptions, LogsOptions,
};
use futures_util::StreamExt;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tugboat_lessons::check::{Asks, ContainerFacts, Facts};
use tugboat_lessons::command::{Action, Look, Verb};
use tugboat_lessons::Made;
use tugboat_runspec::actions::ContainerAction;
use tugboat_runspec::commit::CommitForm;
use tugboat_runspec::form::FieldError;
use tugboat_runspec::image_spec::TagForm;
use tugboat_runspec::network_spec::{ConnectSpec, NetworkCreateForm};
use tugboat_runspec::preview::describe_invalid;
use tugboat_runspec::pull_spec::PullForm;
use tugboat_runspec::volume_spec::VolumeForm;

/// How long "Do it for me" waits for a container run without `-d` to end, as the CLI would
/// wait for it. The lessons' foreground runs end in a second.
const FOREGROUND_WAIT: Duration = Duration::from_secs(60);

/// How long a lesson's `docker exec` may take. A name lookup that no network answers (the
/// networks lesson's ping from the default network, on a machine offline) waits out the
/// resolver's retries, about 10 s, before it says `bad address`.
const EXEC_WAIT: Duration = Duration::from_secs(30);

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
        for name in &asks.volumes {
            if self.volume_present(name).await? {
                facts.volumes.insert(name.clone());
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
            note(
                self.network_remove(name, name).await.map(drop),
                name,
                &mut removed.networks,
                &mut refused,
            );
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
    /// have printed.
    pub async fn lesson_do(&self, action: &Action) -> Result<Printed, EngineError> {
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
        match self.docker.inspect_image(reference).await {
            // By the reference itself, not an id prefix that happens to match it.
            Ok(image) => Ok(image
                .repo_tags
                .unwrap_or_default()
                .iter()
                .any(|t| t == reference)),
            Err(e) => match EngineError::from(e) {
                EngineError::NotFound(_) => Ok(false),
                other => Err(other),
            },
        }
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
