//! "Recreate with changes": a container's settings cannot be edited after it is created (only
//! the limits of `docker update`), so changing ports, storage or environment means a new
//! container with the same name. This module reads a container back into the run form, says
//! what would not carry over, and swaps the old container for the new one so that a failure at
//! any step puts the old one back as it was.

use crate::connection::{api_path, Engine, Patience};
use crate::containers::inspected::{inspected_name, inspected_running};
use crate::containers::parking::parked_name;
use crate::containers::run::{create_body, RunOutcome};
use crate::error::EngineError;
use bollard::models::{ContainerInspectResponse, HealthConfig, ImageConfig};
use bollard::query_parameters::{
    CreateContainerOptions, InspectContainerOptions, RemoveContainerOptions,
    RenameContainerOptions, StartContainerOptions, StopContainerOptions,
};
use serde::Serialize;
use std::collections::BTreeMap;
use tugboat_runspec::actions::ContainerAction;
use tugboat_runspec::argv::command_line;
use tugboat_runspec::form::{EnvRow, LabelRow, MountKind, MountRow, PortRow, RunForm};
use tugboat_runspec::values::{duration_text, size_text};
use tugboat_runspec::ContainerSpec;

mod carry;
pub use carry::{not_carried, EngineDefaults, NOT_SETTINGS};

/// What recreating a container means, shown before anything happens.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RecreatePlan {
    pub id: String,
    pub name: String,
    pub running: bool,
    /// The old container's settings as the run form, ready to change.
    pub form: RunForm,
    /// Bytes the container wrote outside its volumes (its writable layer), which go with it.
    pub writable_layer_bytes: Option<f64>,
    /// Settings of the old container the form has no place for: they will not carry over.
    pub not_carried: Vec<String>,
    /// Why this container cannot be recreated safely, if it cannot.
    pub refusal: Option<String>,
    /// The docker commands before the new container's `docker run`, and after it.
    pub steps_before: Vec<String>,
    pub steps_after: Vec<String>,
}

/// A running container made with `--rm` deletes itself (and its anonymous volumes) the moment
/// it stops, so it could not be put back if its replacement failed.
fn refusal(c: &ContainerInspectResponse) -> Option<String> {
    let auto_remove = c
        .host_config
        .as_ref()
        .and_then(|h| h.auto_remove)
        .unwrap_or(false);
    (auto_remove && inspected_running(c)).then(|| {
        "it was started with --rm, so stopping it deletes it and its anonymous volumes: if the \
         new container then failed to start there would be nothing to go back to. Copy what you \
         need out of it (commit or export), or run the new container beside it under another name"
            .to_owned()
    })
}

/// The old container's settings as the run form. Only what differs from the image is filled
/// in (the engine folds the image's command, environment, labels… into the container), so the
/// preview shows the same flags the container was first run with.
pub fn form_from_inspect(c: &ContainerInspectResponse, image: Option<&ImageConfig>) -> RunForm {
    let config = c.config.clone().unwrap_or_default();
    let host = c.host_config.clone().unwrap_or_default();
    let img = image.cloned().unwrap_or_default();
    let mut form = RunForm {
        image: config.image.clone().unwrap_or_default(),
        name: inspected_name(c),
        interactive: config.open_stdin.unwrap_or(false),
        tty: config.tty.unwrap_or(false),
        auto_remove: host.auto_remove.unwrap_or(false),
        publish_all: host.publish_all_ports.unwrap_or(false),
        restart: "no".into(),
        ..RunForm::default()
    };

    // Entrypoint and command: set only where they differ from the image. `--entrypoint` takes
    // one program; when it was overridden the command is whatever followed the image name.
    let entrypoint = config.entrypoint.clone().unwrap_or_default();
    let cmd = config.cmd.clone().unwrap_or_default();
    let entrypoint_changed = entrypoint != img.entrypoint.clone().unwrap_or_default();
    if entrypoint_changed {
        if let Some((first, rest)) = entrypoint.split_first() {
            form.entrypoint = first.clone();
            let args: Vec<String> = rest.iter().chain(cmd.iter()).cloned().collect();
            form.command = command_line(&args);
        } else {
            form.command = command_line(&cmd);
        }
    } else if cmd != img.cmd.clone().unwrap_or_default() {
        form.command = command_line(&cmd);
    }

    let ports: BTreeMap<_, _> = host
        .port_bindings
        .clone()
        .unwrap_or_default()
        .into_iter()
        .collect();
    for (key, bindings) in ports {
        let (port, proto) = key.split_once('/').unwrap_or((key.as_str(), "tcp"));
        for b in bindings.unwrap_or_default() {
            form.ports.push(PortRow {
                host_ip: b.host_ip.unwrap_or_default(),
                host_port: b.host_port.unwrap_or_default(),
                container_port: port.to_owned(),
                protocol: if proto == "tcp" {
                    String::new()
                } else {
                    proto.to_owned()
                },
            });
        }
    }

    // Storage from what is mounted, anonymous volumes included: naming them in the new
    // container mounts the same volume, so their data carries over.
    let mut mounts = c.mounts.clone().unwrap_or_default();
    mounts.sort_by(|a, b| a.destination.cmp(&b.destination));
    for m in mounts {
        let target = m.destination.clone().unwrap_or_default();
        let read_only = !m.rw.unwrap_or(true);
        match m.typ.as_deref() {
            Some("volume") => form.mounts.push(MountRow {
                kind: MountKind::Volume,
                source: m.name.clone().unwrap_or_default(),
                target,
                read_only,
                selinux: String::new(),
            }),
            Some("bind") => form.mounts.push(MountRow {
                kind: MountKind::Bind,
                source: m.source.clone().unwrap_or_default(),
                target,
                read_only,
                selinux: String::new(),
            }),
            // `--mount type=tmpfs`: its size and mode, if set, are listed by `not_carried`.
            Some("tmpfs") => form.mounts.push(MountRow {
                kind: MountKind::Tmpfs,
                target,
                ..MountRow::default()
            }),
            _ => {}
        }
    }
    let tmpfs: BTreeMap<_, _> = host.tmpfs.clone().unwrap_or_default().into_iter().collect();
    for target in tmpfs.into_keys() {
        if form
            .mounts
            .iter()
            .any(|m| m.kind == MountKind::Tmpfs && m.target == target)
        {
            continue;
        }
        form.mounts.push(MountRow {
            kind: MountKind::Tmpfs,
            target,
            ..MountRow::default()
        });
    }

    let image_env = img.env.clone().unwrap_or_default();
    for e in config.env.clone().unwrap_or_default() {
        if image_env.contains(&e) {
            continue;
        }
        let (name, value) = e.split_once('=').unwrap_or((e.as_str(), ""));
        form.env.push(EnvRow {
            name: name.to_owned(),
            value: value.to_owned(),
        });
    }

    if let Some(p) = &host.restart_policy {
        let name = p.name.map(|n| n.to_string()).unwrap_or_default();
        form.restart = match (name.as_str(), p.maximum_retry_count.unwrap_or(0)) {
            ("" | "no", _) => "no".into(),
            ("on-failure", n) if n > 0 => format!("on-failure:{n}"),
            (other, _) => other.to_owned(),
        };
    }
    let positive = |v: Option<i64>| v.filter(|n| *n > 0);
    form.limits.memory = positive(host.memory).map(size_text).unwrap_or_default();
    form.limits.memory_reservation = positive(host.memory_reservation)
        .map(size_text)
        .unwrap_or_default();
    // `docker update` on cgroup v1 sets unlimited swap (-1) beside a memory limit, and the
    // engine itself sets swap to twice the memory when only memory is given: neither was typed.
    form.limits.memory_swap = match (host.memory_swap, host.memory) {
        (Some(s), Some(m)) if s > 0 && s != 2 * m => size_text(s),
        _ => String::new(),
    };
    form.limits.cpus = positive(host.nano_cpus)
        .map(|n| trim_float(n as f64 / 1e9))
        .unwrap_or_default();
    form.limits.cpu_shares = positive(host.cpu_shares)
        .map(|n| n.to_string())
        .unwrap_or_default();
    form.limits.pids_limit = positive(host.pids_limit)
        .map(|n| n.to_string())
        .unwrap_or_default();

    form.network = match host.network_mode.as_deref() {
        None | Some("") | Some("default") | Some("bridge") => String::new(),
        Some(n) => n.to_owned(),
    };
    // The engine stores a link as `/other:/this/alias`.
    form.links = host
        .links
        .clone()
        .unwrap_or_default()
        .iter()
        .map(|l| carry::canonical_link(l))
        .collect();

    // The engine names a container's host after its short id unless told otherwise.
    let short_id: String = c.id.clone().unwrap_or_default().chars().take(12).collect();
    let hostname = config.hostname.clone().unwrap_or_default();
    if !hostname.is_empty() && hostname != short_id {
        form.hostname = hostname;
    }
    let differs = |mine: &Option<String>, theirs: &Option<String>| {
        let m = mine.clone().unwrap_or_default();
        (m != theirs.clone().unwrap_or_default()).then_some(m)
    };
    form.user = differs(&config.user, &img.user).unwrap_or_default();
    form.workdir = differs(&config.working_dir, &img.working_dir).unwrap_or_default();

    let image_labels = img.labels.clone().unwrap_or_default();
    let labels: BTreeMap<_, _> = config
        .labels
        .clone()
        .unwrap_or_default()
        .into_iter()
        .collect();
    for (key, value) in labels {
        if image_labels.get(&key) != Some(&value) {
            form.labels.push(LabelRow { key, value });
        }
    }

    if config.healthcheck != img.healthcheck {
        if let Some(h) = &config.healthcheck {
            fill_health(&mut form, h);
        }
    }
    fill_advanced(&mut form, c, &img);
    form
}

/// The engine's /dev/shm size when none is asked for.
const DEFAULT_SHM_SIZE: i64 = 64 << 20;

/// The less common settings the form holds (security, logging, devices, DNS, stopping…), where
/// they differ from what the engine or the image gives anyway.
fn fill_advanced(form: &mut RunForm, c: &ContainerInspectResponse, img: &ImageConfig) {
    let config = c.config.clone().unwrap_or_default();
    let host = c.host_config.clone().unwrap_or_default();
    form.read_only = host.readonly_rootfs.unwrap_or(false);
    form.privileged = host.privileged.unwrap_or(false);
    form.init = host.init.unwrap_or(false);
    form.cap_add = host.cap_add.clone().unwrap_or_default();
    form.cap_drop = host.cap_drop.clone().unwrap_or_default();
    form.security_opts = host.security_opt.clone().unwrap_or_default();
    form.add_hosts = host.extra_hosts.clone().unwrap_or_default();
    form.dns = host.dns.clone().unwrap_or_default();
    form.ulimits = host
        .ulimits
        .clone()
        .unwrap_or_default()
        .iter()
        .map(|u| {
            let (soft, hard) = (u.soft.unwrap_or(0), u.hard.unwrap_or(0));
            let name = u.name.clone().unwrap_or_default();
            if soft == hard {
                format!("{name}={soft}")
            } else {
                format!("{name}={soft}:{hard}")
            }
        })
        .collect();
    form.shm_size = host
        .shm_size
        .filter(|s| *s > 0 && *s != DEFAULT_SHM_SIZE)
        .map(size_text)
        .unwrap_or_default();
    form.devices = host
        .devices
        .clone()
        .unwrap_or_default()
        .iter()
        .map(|d| {
            let on_host = d.path_on_host.clone().unwrap_or_default();
            let inside = d.path_in_container.clone().unwrap_or_default();
            let perms = d.cgroup_permissions.clone().unwrap_or_default();
            let mut v = on_host.clone();
            if !inside.is_empty() && inside != on_host {
                v.push(':');
                v.push_str(&inside);
            }
            if !perms.is_empty() && perms != "rwm" {
                v.push(':');
                v.push_str(&perms);
            }
            v
        })
        .collect();
    // Only GPU requests are what `--gpus` makes; others (CDI devices) stay out of the form.
    if let Some(gpu) = host
        .device_requests
        .clone()
        .unwrap_or_default()
        .iter()
        .find(|r| {
            r.capabilities
                .as_ref()
                .is_some_and(|c| c.iter().any(|set| set.iter().any(|cap| cap == "gpu")))
        })
    {
        let ids = gpu.device_ids.clone().unwrap_or_default();
        form.gpus = match (gpu.count.unwrap_or(0), ids.as_slice()) {
            (_, [one]) => format!("device={one}"),
            (_, [_, ..]) => format!("\"device={}\"", ids.join(",")),
            (-1, []) => "all".into(),
            (n, []) => n.to_string(),
        };
    }
    if let Some(log) = &host.log_config {
        form.log_opts = log
            .config
            .clone()
            .unwrap_or_default()
            .into_iter()
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        // The engine writes its default driver into every container; json-file is the default
        // unless someone changed it, and naming it again does no harm.
        let driver = log.typ.clone().unwrap_or_default();
        if driver != "json-file" {
            form.log_driver = driver;
        }
    }
    if config.stop_signal != img.stop_signal {
        form.stop_signal = config.stop_signal.clone().unwrap_or_default();
    }
    form.stop_timeout = config
        .stop_timeout
        .map(|t| t.to_string())
        .unwrap_or_default();
    // Ports the container declares that neither the image nor a `-p` does: `--expose`.
    let image_ports = img.exposed_ports.clone().unwrap_or_default();
    let published = host.port_bindings.clone().unwrap_or_default();
    let mut declared: Vec<String> = config
        .exposed_ports
        .clone()
        .unwrap_or_default()
        .into_iter()
        .filter(|p| !image_ports.contains(p) && !published.contains_key(p))
        .map(|p| p.strip_suffix("/tcp").map(str::to_owned).unwrap_or(p))
        .collect();
    declared.sort();
    form.expose = declared;
    // Aliases and a fixed address on the network the form names.
    let network = if form.network.is_empty() {
        "bridge"
    } else {
        form.network.as_str()
    };
    if let Some(endpoint) = c
        .network_settings
        .as_ref()
        .and_then(|n| n.networks.as_ref())
        .and_then(|n| n.get(network))
    {
        // Older engines add the container's short id as an alias of their own.
        let short_id: String = c.id.clone().unwrap_or_default().chars().take(12).collect();
        form.network_aliases = endpoint
            .aliases
            .clone()
            .unwrap_or_default()
            .into_iter()
            .filter(|a| *a != short_id)
            .collect();
        form.ip = endpoint
            .ipam_config
            .as_ref()
            .and_then(|i| i.ipv4_address.clone())
            .unwrap_or_default();
    }
}

fn fill_health(form: &mut RunForm, h: &HealthConfig) {
    let test = h.test.clone().unwrap_or_default();
    // An exec-form check stays exec form: turned into shell form it would need /bin/sh,
    // which minimal images lack.
    (form.health_cmd, form.health_exec) = match test.split_first() {
        Some((kind, rest)) if kind == "CMD-SHELL" => (rest.join(" "), false),
        Some((kind, rest)) if kind == "CMD" => (command_line(rest), true),
        _ => return,
    };
    let dur = |v: Option<i64>| v.filter(|n| *n > 0).map(duration_text).unwrap_or_default();
    form.health_interval = dur(h.interval);
    form.health_timeout = dur(h.timeout);
    form.health_start_period = dur(h.start_period);
    form.health_retries = h
        .retries
        .filter(|n| *n > 0)
        .map(|n| n.to_string())
        .unwrap_or_default();
}

fn trim_float(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The docker commands around the `docker run` of a recreate: before it (park the old one,
/// stop it) and after it (remove the old one).
pub fn recreate_steps(name: &str, parked: &str, running: bool) -> (Vec<String>, Vec<String>) {
    let line = |action: ContainerAction, target: &str| command_line(&action.argv(target));
    let park = ContainerAction::Rename {
        new_name: parked.to_owned(),
    };
    let mut before = vec![line(park, name)];
    if running {
        before.push(line(ContainerAction::Stop { timeout_secs: None }, parked));
    }
    let remove = ContainerAction::Remove {
        force: false,
        volumes: false,
    };
    (before, vec![line(remove, parked)])
}

impl Engine {
    /// Reads a container back into the run form, with what would be lost by recreating it.
    pub async fn recreate_plan(&self, id: &str) -> Result<RecreatePlan, EngineError> {
        let c = self
            // Sizing walks the writable layer: patient, so a big one is not a failure.
            .patient()
            .inspect_container(id, Some(InspectContainerOptions { size: true }))
            .await?;
        // Defaults come from the image the container was made from (by id: its tag may have
        // moved since). A removed image only means more fields come out filled in.
        let image = match &c.image {
            Some(img) => self
                .docker
                .inspect_image(img)
                .await
                .ok()
                .and_then(|i| i.config),
            None => None,
        };
        let defaults = self.container_defaults().await;
        // The engine's own JSON as well, by the id it gave (hex, safe in a path): fields this
        // client's model does not know must be listed too, not lost in decoding.
        let raw: serde_json::Value = match &c.id {
            Some(id) => serde_json::from_slice(
                &self
                    .raw_get(&api_path(&["containers", id, "json"]), Patience::Normal)
                    .await?,
            )
            .map_err(|e| EngineError::Protocol(format!("container JSON: {e}")))?,
            None => serde_json::to_value(&c).unwrap_or_default(),
        };
        let id = c.id.clone().unwrap_or_default();
        let name = inspected_name(&c);
        let running = inspected_running(&c);
        let (steps_before, steps_after) = recreate_steps(&name, &parked_name(&name, &id), running);
        let form = form_from_inspect(&c, image.as_ref());
        // What would be sent for the replacement: whatever it does not reproduce is listed.
        let sent = form.validate().ok().map(|spec| create_body(&spec));
        Ok(RecreatePlan {
            id,
            name,
            running,
            steps_before,
            steps_after,
            not_carried: not_carried(&raw, image.as_ref(), sent.as_ref(), &defaults),
            form,
            writable_layer_bytes: c.size_rw.map(|b| b as f64),
            refusal: refusal(&c),
        })
    }

    /// What this engine gives a container nobody configured. If `docker info` fails, the
    /// stock engine's defaults: at worst a default is listed as not carried.
    async fn container_defaults(&self) -> EngineDefaults {
        let fallback = EngineDefaults::default();
        match self.docker.info().await {
            Ok(info) => EngineDefaults {
                log_driver: info.logging_driver.unwrap_or(fallback.log_driver),
                runtime: info.default_runtime.unwrap_or(fallback.runtime),
                cgroupns: match info.cgroup_version {
                    Some(bollard::models::SystemInfoCgroupVersionEnum::_1) => "host".into(),
                    _ => fallback.cgroupns,
                },
            },
            Err(e) => {
                tracing::warn!(error = %EngineError::from(e), "docker info failed; assuming the stock engine's defaults");
                fallback
            }
        }
    }

    /// Replaces container `id` with one made from `spec`: park the old one under another name,
    /// stop it, create and start the new one, then remove the old one (its volumes stay). If
    /// creating or starting fails, the new container is removed and the old one gets its name
    /// back and is started again if it was running: the user ends with the old container or the
    /// new one, never neither.
    pub async fn recreate(
        &self,
        id: &str,
        spec: &ContainerSpec,
    ) -> Result<RunOutcome, EngineError> {
        let c = self
            .docker
            .inspect_container(id, None::<InspectContainerOptions>)
            .await?;
        if let Some(why) = refusal(&c) {
            return Err(EngineError::Conflict(format!(
                "this container can't be recreated: {why}"
            )));
        }
        let old_id = c.id.clone().unwrap_or_else(|| id.to_owned());
        let old_name = inspected_name(&c);
        let was_running = inspected_running(&c);
        let parked = parked_name(&old_name, &old_id);
        let new_name = spec.name.clone().unwrap_or_else(|| old_name.clone());
        let mut spec = spec.clone();
        spec.name = Some(new_name.clone());

        self.docker
            .rename_container(
                &old_id,
                RenameContainerOptions {
                    name: parked.clone(),
                },
            )
            .await?;
        if was_running {
            // The container's own grace period applies (as in `docker stop` without -t); the
            // request must outlast it, however long it was set.
            let grace = c
                .config
                .as_ref()
                .and_then(|c| c.stop_timeout)
                .and_then(|t| u32::try_from(t).ok());
            match self
                .with_time_for(grace)
                .stop_container(&old_id, None::<StopContainerOptions>)
                .await
                .map_err(EngineError::from)
            {
                // 304: it stopped on its own in the meantime, which is what was wanted.
                Ok(()) | Err(EngineError::NotModified(_)) => {}
                Err(e) => {
                    let back = self.restore(&old_id, &old_name, &parked, false).await;
                    return Err(
                        e.reworded(|m| format!("stopping the old container failed: {m}; {back}"))
                    );
                }
            }
        }
        let created = match self
            .docker
            .create_container(
                Some(CreateContainerOptions {
                    name: Some(new_name.clone()),
                    platform: String::new(),
                }),
                create_body(&spec),
            )
            .await
        {
            Ok(c) => c,
            Err(e) => {
                let back = self.restore(&old_id, &old_name, &parked, was_running).await;
                return Err(EngineError::from(e).reworded(|m| format!("{m}; {back}")));
            }
        };
        if let Err(e) = self
            .docker
            .start_container(&created.id, None::<StartContainerOptions>)
            .await
        {
            let removed = self
                .docker
                .remove_container(
                    &created.id,
                    Some(RemoveContainerOptions {
                        force: true,
                        v: true,
                        ..Default::default()
                    }),
                )
                .await;
            let mut back = self.restore(&old_id, &old_name, &parked, was_running).await;
            if let Err(r) = removed {
                back = format!(
                    "the new container {} could not be removed ({}), and {back}",
                    crate::events::short(&created.id),
                    EngineError::from(r)
                );
            }
            return Err(EngineError::from(e)
                .reworded(|m| format!("the new container would not start: {m}; {back}")));
        }
        // The old container's anonymous volumes were named in the new one's spec if the user
        // kept them, so removal never takes volumes with it.
        let removed = self
            .docker
            .remove_container(&old_id, None::<RemoveContainerOptions>)
            .await;
        let mut warnings = created.warnings;
        if let Err(e) = removed {
            warnings.push(format!(
                "the old container is still there as {parked}: {}",
                EngineError::from(e)
            ));
        }
        Ok(RunOutcome {
            id: created.id,
            name: new_name,
            started: true,
            start_error: None,
            warnings,
        })
    }

    /// Puts a parked container back under its own name (and starts it if it was running),
    /// and says how that went, for the error the caller returns: it runs only on a path that
    /// already failed, so it reports rather than fails.
    async fn restore(&self, id: &str, name: &str, parked: &str, start: bool) -> String {
        if let Err(e) = self
            .docker
            .rename_container(
                id,
                RenameContainerOptions {
                    name: name.to_owned(),
                },
            )
            .await
        {
            let e = EngineError::from(e);
            tracing::warn!(container = id, error = %e, "could not give a container its name back");
            return format!(
                "the old container could not get its name back ({e}): it is still there as \
                 {parked}{}",
                if start { ", stopped" } else { "" }
            );
        }
        if start {
            match self
                .docker
                .start_container(id, None::<StartContainerOptions>)
                .await
                .map_err(EngineError::from)
            {
                Ok(()) | Err(EngineError::NotModified(_)) => {}
                Err(e) => {
                    return format!(
                        "the old container has its name back but would not start again ({e})"
                    )
                }
            }
        }
        "the old container was put back as it was".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(json: serde_json::Value) -> ContainerInspectResponse {
        serde_json::from_value(json).unwrap()
    }

    /// What the plan lists for `c`, with no image to compare with.
    fn listed(c: &ContainerInspectResponse) -> Vec<String> {
        let sent = form_from_inspect(c, None)
            .validate()
            .ok()
            .map(|s| create_body(&s));
        let raw = serde_json::to_value(c).unwrap();
        not_carried(&raw, None, sent.as_ref(), &EngineDefaults::default())
    }

    #[test]
    fn only_what_differs_from_the_image_is_filled_in() {
        let image: ImageConfig = serde_json::from_value(serde_json::json!({
            "Env": ["PATH=/bin"], "Cmd": ["httpd", "-f"], "WorkingDir": "/www",
            "Labels": {"maintainer": "x"}
        }))
        .unwrap();
        let c = container(serde_json::json!({
            "Id": "0123456789abcdef", "Name": "/web",
            "Config": {
                "Image": "busybox:1", "Hostname": "0123456789ab", "Env": ["PATH=/bin", "A=1=2"],
                "Cmd": ["httpd", "-f"], "WorkingDir": "/www", "User": "",
                "Labels": {"maintainer": "x", "team": "core"}
            },
            "HostConfig": {
                "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 3},
                "Memory": 67108864, "MemorySwap": 134217728, "NanoCpus": 1500000000,
                "NetworkMode": "default", "Links": ["/db:/web/database"],
                "PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": "8080"}],
                                 "53/udp": [{"HostIp": "127.0.0.1", "HostPort": ""}]},
                "Tmpfs": {"/run": ""}
            },
            "Mounts": [{"Type": "volume", "Name": "abc123", "Destination": "/data", "RW": true},
                       {"Type": "bind", "Source": "/srv/site", "Destination": "/www", "RW": false}]
        }));
        let f = form_from_inspect(&c, Some(&image));
        assert_eq!(f.name, "web");
        assert_eq!(f.image, "busybox:1");
        assert_eq!(f.command, "", "the image's own command is not repeated");
        assert_eq!(
            f.hostname, "",
            "the engine's default hostname is not repeated"
        );
        assert_eq!(f.workdir, "");
        assert_eq!(
            f.env,
            vec![EnvRow {
                name: "A".into(),
                value: "1=2".into()
            }]
        );
        assert_eq!(
            f.labels,
            vec![LabelRow {
                key: "team".into(),
                value: "core".into()
            }]
        );
        assert_eq!(f.restart, "on-failure:3");
        assert_eq!(f.limits.memory, "64m");
        assert_eq!(
            f.limits.memory_swap, "",
            "twice the memory is the engine's own default"
        );
        assert_eq!(f.limits.cpus, "1.5");
        assert_eq!(f.network, "");
        assert_eq!(f.links, vec!["db:database"]);
        let ports: Vec<_> = f
            .ports
            .iter()
            .map(|p| {
                format!(
                    "{}|{}|{}|{}",
                    p.host_ip, p.host_port, p.container_port, p.protocol
                )
            })
            .collect();
        assert_eq!(ports, vec!["127.0.0.1||53|udp", "|8080|80|"]);
        let mounts: Vec<_> = f
            .mounts
            .iter()
            .map(|m| format!("{:?} {} {} {}", m.kind, m.source, m.target, m.read_only))
            .collect();
        assert_eq!(
            mounts,
            vec![
                "Volume abc123 /data false",
                "Bind /srv/site /www true",
                "Tmpfs  /run false"
            ]
        );
        assert!(f.validate().is_ok(), "{:?}", f.validate().err());
    }

    #[test]
    fn an_overridden_entrypoint_takes_its_arguments_into_the_command() {
        let image: ImageConfig =
            serde_json::from_value(serde_json::json!({"Entrypoint": ["/init"], "Cmd": ["serve"]}))
                .unwrap();
        let c = container(serde_json::json!({
            "Config": {"Entrypoint": ["sh", "-c"], "Cmd": ["echo hi"]}
        }));
        let f = form_from_inspect(&c, Some(&image));
        assert_eq!(f.entrypoint, "sh");
        assert_eq!(f.command, "-c 'echo hi'");
    }

    #[test]
    fn settings_the_form_holds_are_carried_and_the_rest_listed() {
        let c = container(serde_json::json!({
            "Config": {"Image": "busybox:1", "StopSignal": "SIGINT"},
            "HostConfig": {"Privileged": true, "CapAdd": ["NET_ADMIN"], "NetworkMode": "front",
                           "ShmSize": 67108864, "LogConfig": {"Type": "json-file"}},
            "NetworkSettings": {"Networks": {"front": {}, "back": {}}}
        }));
        // A second network needs `docker network connect`: the run form has one network.
        assert_eq!(listed(&c), vec!["docker network connect back"]);
        let f = form_from_inspect(&c, None);
        assert!(f.privileged);
        assert_eq!(f.cap_add, vec!["NET_ADMIN"]);
        assert_eq!(f.stop_signal, "SIGINT");
    }

    #[test]
    fn a_cleared_entrypoint_and_tmpfs_options_are_listed() {
        let c = container(serde_json::json!({
            "Config": {"Image": "busybox:1", "Entrypoint": [""]},
            "HostConfig": {
                "Tmpfs": {"/run": "", "/cache": "size=64m"},
                "Mounts": [{"Type": "tmpfs", "Target": "/scratch",
                            "TmpfsOptions": {"SizeBytes": 1048576, "Mode": 448}}]
            },
            "Mounts": [{"Type": "tmpfs", "Destination": "/scratch"}]
        }));
        assert_eq!(
            listed(&c),
            vec![
                r#"--entrypoint "" (the image's entrypoint comes back)"#,
                "--mount type=tmpfs,target=/scratch,tmpfs-mode=700,tmpfs-size=1048576",
                "--tmpfs /cache:size=64m",
            ]
        );
        // Each tmpfs comes back once, with the defaults.
        let targets: Vec<_> = form_from_inspect(&c, None)
            .mounts
            .into_iter()
            .map(|m| (m.kind, m.target))
            .collect();
        assert_eq!(
            targets,
            vec![
                (MountKind::Tmpfs, "/scratch".to_owned()),
                (MountKind::Tmpfs, "/cache".to_owned()),
                (MountKind::Tmpfs, "/run".to_owned()),
            ]
        );
    }
}

#[cfg(test)]
mod carried_settings_tests {
    use super::*;

    #[test]
    fn the_less_common_settings_carry_over_where_they_differ_from_the_defaults() {
        let image: ImageConfig = serde_json::from_value(serde_json::json!({
            "ExposedPorts": {"80/tcp": {}}, "StopSignal": "SIGQUIT"
        }))
        .unwrap();
        let c: ContainerInspectResponse = serde_json::from_value(serde_json::json!({
            "Id": "0123456789abcdef", "Name": "/web",
            "Config": {
                "Image": "busybox:1",
                "ExposedPorts": {"80/tcp": {}, "8080/tcp": {}, "9000/tcp": {}, "53/udp": {}},
                "StopSignal": "SIGINT", "StopTimeout": 30
            },
            "HostConfig": {
                "NetworkMode": "appnet", "ReadonlyRootfs": true, "Privileged": true, "Init": true,
                "CapAdd": ["NET_ADMIN"], "CapDrop": ["ALL"], "SecurityOpt": ["no-new-privileges"],
                "ExtraHosts": ["db:10.0.0.5"], "Dns": ["1.1.1.1"],
                "Ulimits": [{"Name": "nofile", "Soft": 1024, "Hard": 2048},
                            {"Name": "nproc", "Soft": 64, "Hard": 64}],
                "ShmSize": 268435456,
                "Devices": [{"PathOnHost": "/dev/fuse", "PathInContainer": "/dev/fuse",
                             "CgroupPermissions": "rwm"},
                            {"PathOnHost": "/dev/null", "PathInContainer": "/dev/nothing",
                             "CgroupPermissions": "r"}],
                "DeviceRequests": [{"Driver": "", "Count": -1, "Capabilities": [["gpu"]]}],
                "LogConfig": {"Type": "local", "Config": {"max-size": "10m", "max-file": "3"}},
                "PortBindings": {"8080/tcp": [{"HostIp": "", "HostPort": "8080"}]}
            },
            "NetworkSettings": {"Networks": {"appnet": {
                "Aliases": ["web", "0123456789ab"],
                "IPAMConfig": {"IPv4Address": "172.30.0.10"}
            }}}
        }))
        .unwrap();
        let f = form_from_inspect(&c, Some(&image));
        assert!(f.read_only && f.privileged && f.init);
        assert_eq!(f.cap_add, ["NET_ADMIN"]);
        assert_eq!(f.cap_drop, ["ALL"]);
        assert_eq!(f.security_opts, ["no-new-privileges"]);
        assert_eq!(f.add_hosts, ["db:10.0.0.5"]);
        assert_eq!(f.dns, ["1.1.1.1"]);
        assert_eq!(f.ulimits, ["nofile=1024:2048", "nproc=64"]);
        assert_eq!(f.shm_size, "256m");
        assert_eq!(f.devices, ["/dev/fuse", "/dev/null:/dev/nothing:r"]);
        assert_eq!(f.gpus, "all");
        assert_eq!(f.log_driver, "local");
        assert_eq!(f.log_opts, ["max-file=3", "max-size=10m"]);
        assert_eq!(f.stop_signal, "SIGINT");
        assert_eq!(f.stop_timeout, "30");
        assert_eq!(
            f.expose,
            ["53/udp", "9000"],
            "not the image's port, nor a published one"
        );
        assert_eq!(f.network_aliases, ["web"], "not the engine's own alias");
        assert_eq!(f.ip, "172.30.0.10");
        f.validate().expect("what is read back is a valid form");

        // Defaults stay empty: the engine's 64 MB /dev/shm, json-file, the image's signal.
        let plain: ContainerInspectResponse = serde_json::from_value(serde_json::json!({
            "Id": "0123456789abcdef", "Name": "/plain",
            "Config": {"Image": "busybox:1", "StopSignal": "SIGQUIT",
                       "ExposedPorts": {"80/tcp": {}}},
            "HostConfig": {"ShmSize": 67108864, "LogConfig": {"Type": "json-file", "Config": {}},
                           "ReadonlyRootfs": false, "Privileged": false}
        }))
        .unwrap();
        let f = form_from_inspect(&plain, Some(&image));
        assert_eq!(
            (
                f.shm_size.as_str(),
                f.log_driver.as_str(),
                f.stop_signal.as_str()
            ),
            ("", "", "")
        );
        assert!(f.expose.is_empty() && f.log_opts.is_empty() && !f.read_only);
    }
}
