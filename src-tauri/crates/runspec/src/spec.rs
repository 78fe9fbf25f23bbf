//! From the form to a typed, valid [`ContainerSpec`], and from the spec to the `docker run`
//! command it equals. Nothing is created from a form that does not validate.

use crate::advanced::AdvancedSpec;
use crate::form::{FieldError, MountKind, RunForm};
use crate::values::{self, MIN_MEMORY};
use serde::{Deserialize, Serialize};

/// A published port or range, as one `-p` flag says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PortSpec {
    pub host_ip: Option<String>,
    /// None: a random free port.
    pub host_ports: Option<(u16, u16)>,
    pub container_ports: (u16, u16),
    pub protocol: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MountSpec {
    pub kind: MountKind,
    /// Volume name or absolute host path; None for anonymous volumes and tmpfs.
    pub source: Option<String>,
    pub target: String,
    pub read_only: bool,
    pub selinux: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HealthSpec {
    /// Run by the container's shell (`CMD-SHELL`), unless `exec` holds its words.
    pub command: String,
    /// The program and its arguments, run without a shell (`CMD`): images without `/bin/sh`
    /// need it. The CLI cannot say this: its `--health-cmd` always means a shell.
    pub exec: Option<Vec<String>>,
    #[specta(type = Option<f64>)]
    pub interval_ns: Option<i64>,
    #[specta(type = Option<f64>)]
    pub timeout_ns: Option<i64>,
    pub retries: Option<u32>,
    #[specta(type = Option<f64>)]
    pub start_period_ns: Option<i64>,
}

/// A validated `docker run`: what is sent to the engine and what the preview shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContainerSpec {
    pub image: String,
    pub name: Option<String>,
    pub cmd: Option<Vec<String>>,
    pub entrypoint: Option<String>,
    pub interactive: bool,
    pub tty: bool,
    pub auto_remove: bool,
    pub ports: Vec<PortSpec>,
    pub publish_all: bool,
    pub mounts: Vec<MountSpec>,
    /// `NAME=value`.
    pub env: Vec<String>,
    /// no, always, unless-stopped or on-failure.
    pub restart: String,
    pub restart_max_retries: Option<u32>,
    #[specta(type = Option<f64>)]
    pub memory: Option<i64>,
    #[specta(type = Option<f64>)]
    pub memory_reservation: Option<i64>,
    /// -1: unlimited swap.
    #[specta(type = Option<f64>)]
    pub memory_swap: Option<i64>,
    /// CPUs as the user wrote them (`1.5`); the engine gets nano-CPUs.
    pub cpus: Option<String>,
    #[specta(type = Option<f64>)]
    pub cpu_shares: Option<i64>,
    #[specta(type = Option<f64>)]
    pub pids_limit: Option<i64>,
    pub network: Option<String>,
    pub links: Vec<String>,
    pub hostname: Option<String>,
    pub user: Option<String>,
    pub workdir: Option<String>,
    pub labels: Vec<(String, String)>,
    pub health: Option<HealthSpec>,
    /// Security, logging, devices, DNS, stopping…
    pub advanced: AdvancedSpec,
}

impl ContainerSpec {
    /// CPUs in the engine's unit (billionths of a CPU).
    pub fn nano_cpus(&self) -> Option<i64> {
        values::nano_cpus(self.cpus.as_deref())
    }
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

impl RunForm {
    /// Checks every field and returns the spec, or every problem found (not just the first).
    pub fn validate(&self) -> Result<ContainerSpec, Vec<FieldError>> {
        let mut errs: Vec<FieldError> = Vec::new();
        let mut err = |f: &str, m: String| errs.push(FieldError::new(f, m));
        let mut spec = ContainerSpec {
            interactive: self.interactive,
            tty: self.tty,
            auto_remove: self.auto_remove,
            publish_all: self.publish_all,
            ..Default::default()
        };

        match values::image_reference(&self.image) {
            Ok(image) => spec.image = image,
            Err(m) => err("image", m),
        }

        if let Some(n) = opt(&self.name) {
            match values::container_name(&n) {
                Ok(n) => spec.name = Some(n),
                Err(m) => err("name", m),
            }
        }
        if let Some(c) = opt(&self.command) {
            match shell_words::split(&c) {
                Ok(words) => spec.cmd = Some(words),
                Err(_) => err("command", "the command has an unclosed quote".into()),
            }
        }
        spec.entrypoint = opt(&self.entrypoint);

        // Ports: each row checked, then no host port published twice. Claims are kept by port
        // and protocol, so checking a row costs what its own ports cost, not what every earlier
        // row holds.
        let mut taken = PortClaims::default();
        for (i, row) in self.ports.iter().enumerate() {
            let f = |k: &str| format!("ports[{i}].{k}");
            let ip = values::host_ip(&row.host_ip)
                .map_err(|m| err(&f("hostIp"), m))
                .ok()
                .flatten();
            let container = match values::port_range(&row.container_port, "container port")
                .and_then(capped_range)
            {
                Ok(r) => Some(r),
                Err(m) => {
                    err(&f("containerPort"), m);
                    None
                }
            };
            let host = if row.host_port.trim().is_empty() {
                None
            } else {
                match values::port_range(&row.host_port, "host port").and_then(capped_range) {
                    Ok(r) => Some(r),
                    Err(m) => {
                        err(&f("hostPort"), m);
                        continue;
                    }
                }
            };
            let proto = match values::protocol(&row.protocol) {
                Ok(p) => p,
                Err(m) => {
                    err(&f("protocol"), m);
                    continue;
                }
            };
            let Some(container) = container else { continue };
            if let Some((a, b)) = host {
                let hs = b - a;
                let cs = container.1 - container.0;
                if cs != 0 && hs != cs {
                    err(&f("hostPort"), format!(
                        "host ports {a}-{b} ({} ports) and container ports {}-{} ({} ports) must be the same size",
                        hs + 1, container.0, container.1, cs + 1
                    ));
                    continue;
                }
                for p in a..=b {
                    if let Some(j) = taken.claim(ip.as_deref(), p, &proto, i) {
                        err(
                            &f("hostPort"),
                            format!(
                                "host port {p}/{proto} is already published by port row {}",
                                j + 1
                            ),
                        );
                        break;
                    }
                }
            }
            spec.ports.push(PortSpec {
                host_ip: ip,
                host_ports: host,
                container_ports: container,
                protocol: proto,
            });
        }

        for (i, m) in self.mounts.iter().enumerate() {
            let f = |k: &str| format!("mounts[{i}].{k}");
            let target = m.target.trim();
            if !target.starts_with('/') {
                err(
                    &f("target"),
                    if target.is_empty() {
                        "say where the data appears inside the container, such as /data".into()
                    } else {
                        format!("`{target}` must be an absolute path inside the container, such as /data")
                    },
                );
                continue;
            }
            let source = opt(&m.source);
            let source = match (m.kind, source) {
                (MountKind::Volume, None) => None,
                (MountKind::Volume, Some(s)) => match values::volume_name(&s) {
                    Ok(n) => Some(n),
                    Err(msg) => {
                        err(&f("source"), msg);
                        continue;
                    }
                },
                (MountKind::Bind, None) => {
                    err(&f("source"), "choose the host folder to share".into());
                    continue;
                }
                (MountKind::Bind, Some(s)) if !values::is_absolute_host_path(&s) => {
                    err(
                        &f("source"),
                        format!(
                            "host path `{s}` is relative: give the full path, such as /home/you/{}",
                            s.trim_start_matches("./")
                        ),
                    );
                    continue;
                }
                (MountKind::Bind, Some(s)) => Some(s),
                (MountKind::Tmpfs, Some(_)) => {
                    err(
                        &f("source"),
                        "a tmpfs mount has no source: it lives in memory".into(),
                    );
                    continue;
                }
                (MountKind::Tmpfs, None) => None,
            };
            let selinux = match m.selinux.trim() {
                "" => None,
                "z" | "Z" if m.kind == MountKind::Bind => Some(m.selinux.trim().to_owned()),
                other => {
                    err(
                        &f("selinux"),
                        format!("`{other}`: SELinux relabelling is z or Z, on host folders only"),
                    );
                    continue;
                }
            };
            spec.mounts.push(MountSpec {
                kind: m.kind,
                source,
                target: target.to_owned(),
                read_only: m.read_only,
                selinux,
            });
        }

        for (i, e) in self.env.iter().enumerate() {
            if e.name.trim().is_empty() && e.value.is_empty() {
                continue;
            }
            match values::env_name(&e.name) {
                Ok(n) => spec.env.push(format!("{n}={}", e.value)),
                Err(m) => err(&format!("env[{i}].name"), m),
            }
        }

        let restart = self.restart.trim();
        let (policy, retries) = match restart.split_once(':') {
            Some((p, n)) => (p, Some(n)),
            None => (restart, None),
        };
        match (policy, retries) {
            ("" | "no", None) => spec.restart = "no".into(),
            ("always" | "unless-stopped", None) => spec.restart = policy.into(),
            ("on-failure", None) => spec.restart = policy.into(),
            ("on-failure", Some(n)) => match n.trim().parse::<u32>() {
                Ok(n) => {
                    spec.restart = policy.into();
                    spec.restart_max_retries = Some(n);
                }
                Err(_) => err("restart", format!("`{n}` is not a number of retries: write on-failure:3")),
            },
            _ => err("restart", format!(
                "restart policy `{restart}` is not one of no, always, unless-stopped, on-failure or on-failure:N"
            )),
        }
        if self.auto_remove && spec.restart != "no" {
            err(
                "restart",
                "a container removed when it exits (--rm) can't also be restarted: choose one"
                    .into(),
            );
        }

        match values::size(&self.memory, "memory") {
            Ok(Some(m)) if m < MIN_MEMORY => err(
                "memory",
                format!(
                    "memory {} is below the engine's minimum of 6 MB",
                    self.memory.trim()
                ),
            ),
            Ok(m) => spec.memory = m,
            Err(m) => err("memory", m),
        }
        match values::size(&self.memory_reservation, "memory reservation") {
            Ok(Some(r)) if spec.memory.is_some_and(|m| r > m) => err(
                "memoryReservation",
                "the reservation (a soft limit) must be smaller than the memory limit".into(),
            ),
            Ok(r) => spec.memory_reservation = r,
            Err(m) => err("memoryReservation", m),
        }
        match self.memory_swap.trim() {
            "" => {}
            "-1" => spec.memory_swap = Some(-1),
            s => match values::size(s, "memory + swap") {
                Ok(Some(_)) if spec.memory.is_none() => err(
                    "memorySwap",
                    "memory + swap needs a memory limit too".into(),
                ),
                Ok(Some(v)) if spec.memory.is_some_and(|m| v < m) => err(
                    "memorySwap",
                    "memory + swap counts memory too, so it must be at least the memory limit"
                        .into(),
                ),
                Ok(v) => spec.memory_swap = v,
                Err(m) => err("memorySwap", m),
            },
        }
        if let Some(c) = opt(&self.cpus) {
            match c.parse::<f64>() {
                Ok(v)
                    if v > 0.0
                        && v <= 1024.0
                        && c.chars().all(|ch| ch.is_ascii_digit() || ch == '.') =>
                {
                    spec.cpus = Some(c)
                }
                _ => err(
                    "cpus",
                    format!("`{c}` is not a number of CPUs: use a number above 0, like 0.5 or 2"),
                ),
            }
        }
        if let Some(s) = opt(&self.cpu_shares) {
            match s.parse::<i64>() {
                Ok(v) if (2..=262_144).contains(&v) => spec.cpu_shares = Some(v),
                _ => err("cpuShares", format!("`{s}` is not a valid weight: use a whole number from 2 to 262144 (1024 is normal)")),
            }
        }
        if let Some(s) = opt(&self.pids_limit) {
            match s.parse::<i64>() {
                Ok(v) if v >= -1 => spec.pids_limit = Some(v),
                _ => err(
                    "pidsLimit",
                    format!("`{s}` is not a process count: use a whole number, or -1 for no limit"),
                ),
            }
        }

        if let Some(n) = opt(&self.network) {
            let ok = n.starts_with("container:")
                || n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
            if ok {
                spec.network = Some(n);
            } else {
                err("network", format!("`{n}` is not a network name"));
            }
        }
        if spec.network.as_deref() == Some("host") && !spec.ports.is_empty() {
            err("ports", "with the host network the container uses the host's ports directly: remove the published ports".into());
        }
        for (i, l) in self.links.iter().enumerate() {
            let l = l.trim();
            if l.is_empty() {
                continue;
            }
            let (target, alias) = l.split_once(':').unwrap_or((l, l));
            match (
                values::container_name(target),
                values::container_name(alias),
            ) {
                (Ok(_), Ok(_)) => spec.links.push(l.to_owned()),
                (Err(m), _) | (_, Err(m)) => err(&format!("links[{i}]"), m),
            }
        }
        if let Some(h) = opt(&self.hostname) {
            if h.len() <= 63
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
                && !h.starts_with('-')
            {
                spec.hostname = Some(h);
            } else {
                err(
                    "hostname",
                    format!(
                        "`{h}` is not a host name: letters, digits and `-`, up to 63 characters"
                    ),
                );
            }
        }
        if let Some(u) = opt(&self.user) {
            if u.chars().any(char::is_whitespace) {
                err(
                    "user",
                    format!("`{u}`: a user is a name or id, optionally :group, with no spaces"),
                );
            } else {
                spec.user = Some(u);
            }
        }
        if let Some(w) = opt(&self.workdir) {
            if w.starts_with('/') {
                spec.workdir = Some(w);
            } else {
                err(
                    "workdir",
                    format!("`{w}` must be an absolute path inside the container, such as /app"),
                );
            }
        }
        for (i, l) in self.labels.iter().enumerate() {
            let k = l.key.trim();
            if k.is_empty() {
                if !l.value.is_empty() {
                    err(&format!("labels[{i}].key"), "a label needs a key".into());
                }
                continue;
            }
            if k.chars().any(char::is_whitespace) || k.contains('=') {
                err(
                    &format!("labels[{i}].key"),
                    format!("label key `{k}` may not contain spaces or `=`"),
                );
                continue;
            }
            spec.labels.push((k.to_owned(), l.value.clone()));
        }

        let any_health = [
            &self.health_interval,
            &self.health_timeout,
            &self.health_retries,
            &self.health_start_period,
        ]
        .iter()
        .any(|v| !v.trim().is_empty());
        match opt(&self.health_cmd) {
            None if any_health => err("healthCmd", "timings need a health command to run".into()),
            None => {}
            Some(command) => {
                let exec = if self.health_exec {
                    match shell_words::split(&command) {
                        Ok(words) if !words.is_empty() => Some(words),
                        _ => {
                            err(
                                "healthCmd",
                                "a health check run without a shell needs a program and its \
                                 arguments, quoted as a shell would (`wget -q -O- localhost`)"
                                    .into(),
                            );
                            None
                        }
                    }
                } else {
                    None
                };
                let mut h = HealthSpec {
                    command,
                    exec,
                    interval_ns: None,
                    timeout_ns: None,
                    retries: None,
                    start_period_ns: None,
                };
                match values::duration_ns(&self.health_interval, "interval") {
                    Ok(v) => h.interval_ns = v,
                    Err(m) => err("healthInterval", m),
                }
                match values::duration_ns(&self.health_timeout, "timeout") {
                    Ok(v) => h.timeout_ns = v,
                    Err(m) => err("healthTimeout", m),
                }
                match values::duration_ns(&self.health_start_period, "start period") {
                    Ok(v) => h.start_period_ns = v,
                    Err(m) => err("healthStartPeriod", m),
                }
                if let Some(r) = opt(&self.health_retries) {
                    match r.parse::<u32>() {
                        Ok(v) => h.retries = Some(v),
                        Err(_) => err(
                            "healthRetries",
                            format!("`{r}` is not a whole number of retries"),
                        ),
                    }
                }
                spec.health = Some(h);
            }
        }

        spec.advanced = self.validate_advanced(spec.network.as_deref(), &mut errs);

        if errs.is_empty() {
            Ok(spec)
        } else {
            Err(errs)
        }
    }
}

fn range_text((a, b): (u16, u16)) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}-{b}")
    }
}

impl PortSpec {
    /// The `-p` value: `[ip:][host:]container[/proto]`.
    pub fn flag_value(&self) -> String {
        let mut s = String::new();
        if let Some(ip) = &self.host_ip {
            if ip.contains(':') {
                s.push_str(&format!("[{ip}]:"));
            } else {
                s.push_str(&format!("{ip}:"));
            }
        }
        if let Some(h) = self.host_ports {
            s.push_str(&format!("{}:", range_text(h)));
        } else if self.host_ip.is_some() {
            s.push(':');
        }
        s.push_str(&range_text(self.container_ports));
        if self.protocol != "tcp" {
            s.push_str(&format!("/{}", self.protocol));
        }
        s
    }
}

impl MountSpec {
    /// The `-v` value for volumes and binds.
    pub fn volume_value(&self) -> String {
        let mut s = match &self.source {
            Some(src) => format!("{src}:{}", self.target),
            None => self.target.clone(),
        };
        let mut opts = Vec::new();
        if self.read_only {
            opts.push("ro".to_owned());
        }
        if let Some(z) = &self.selinux {
            opts.push(z.clone());
        }
        if !opts.is_empty() {
            s.push(':');
            s.push_str(&opts.join(","));
        }
        s
    }
}

impl ContainerSpec {
    /// The `docker run` command this spec equals. Tugboat always starts containers in the
    /// background, so it always has `-d`.
    pub fn argv(&self) -> Vec<String> {
        fn kv(v: &mut Vec<String>, flag: &str, value: String) {
            v.push(flag.to_owned());
            v.push(value);
        }
        let mut v: Vec<String> = vec!["docker".into(), "run".into()];
        let mut short = String::from("-d");
        if self.interactive {
            short.push('i');
        }
        if self.tty {
            short.push('t');
        }
        v.push(short);
        if self.auto_remove {
            v.push("--rm".into());
        }
        if let Some(n) = &self.name {
            kv(&mut v, "--name", n.clone());
        }
        for p in &self.ports {
            kv(&mut v, "-p", p.flag_value());
        }
        if self.publish_all {
            v.push("-P".into());
        }
        for m in &self.mounts {
            match m.kind {
                MountKind::Tmpfs => kv(&mut v, "--tmpfs", m.target.clone()),
                _ => kv(&mut v, "-v", m.volume_value()),
            }
        }
        for e in &self.env {
            kv(&mut v, "-e", e.clone());
        }
        if self.restart != "no" && !self.restart.is_empty() {
            let r = match self.restart_max_retries {
                Some(n) => format!("{}:{n}", self.restart),
                None => self.restart.clone(),
            };
            kv(&mut v, "--restart", r);
        }
        values::Limits {
            memory: self.memory,
            memory_reservation: self.memory_reservation,
            memory_swap: self.memory_swap,
            cpus: self.cpus.as_deref(),
            cpu_shares: self.cpu_shares,
            pids_limit: self.pids_limit,
        }
        .push_flags(&mut v);
        if let Some(n) = &self.network {
            kv(&mut v, "--network", n.clone());
        }
        for l in &self.links {
            kv(&mut v, "--link", l.clone());
        }
        if let Some(h) = &self.hostname {
            kv(&mut v, "--hostname", h.clone());
        }
        if let Some(u) = &self.user {
            kv(&mut v, "--user", u.clone());
        }
        if let Some(w) = &self.workdir {
            kv(&mut v, "--workdir", w.clone());
        }
        for (k, val) in &self.labels {
            kv(&mut v, "--label", format!("{k}={val}"));
        }
        if let Some(h) = &self.health {
            kv(&mut v, "--health-cmd", h.command.clone());
            if let Some(n) = h.interval_ns {
                kv(&mut v, "--health-interval", values::duration_text(n));
            }
            if let Some(n) = h.timeout_ns {
                kv(&mut v, "--health-timeout", values::duration_text(n));
            }
            if let Some(n) = h.retries {
                kv(&mut v, "--health-retries", n.to_string());
            }
            if let Some(n) = h.start_period_ns {
                kv(&mut v, "--health-start-period", values::duration_text(n));
            }
        }
        self.advanced.push_flags(&mut v);
        if let Some(e) = &self.entrypoint {
            kv(&mut v, "--entrypoint", e.clone());
        }
        v.push(self.image.clone());
        if let Some(cmd) = &self.cmd {
            v.extend(cmd.iter().cloned());
        }
        v
    }

    /// The command as one line to paste in a shell.
    pub fn command_line(&self) -> String {
        crate::argv::command_line(&self.argv())
    }
}

/// The most ports one row's range may hold. Each port of a range is one engine port mapping
/// (and, with docker's userland proxy, one process); past this a range is almost surely a typo.
pub const MAX_PORT_RANGE: u32 = 1024;

/// A port range no larger than [`MAX_PORT_RANGE`], or what is wrong with it.
fn capped_range((a, b): (u16, u16)) -> Result<(u16, u16), String> {
    let len = u32::from(b) - u32::from(a) + 1;
    if len > MAX_PORT_RANGE {
        return Err(format!(
            "a range may hold at most {} ports; {a}-{b} has {}",
            thousands(MAX_PORT_RANGE),
            thousands(len)
        ));
    }
    Ok((a, b))
}

/// `65535` as `65,535`.
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A host address (None: every address) and the port row that claimed a port on it.
type Claim = (Option<String>, usize);

/// Host ports already published by earlier port rows, by port and protocol.
#[derive(Default)]
struct PortClaims(std::collections::HashMap<(u16, String), Vec<Claim>>);

impl PortClaims {
    /// Claims `port/proto` on `ip` (None: every address) for row `row`, or names the earlier
    /// row that holds it. Two claims clash when either is on every address or both on one.
    fn claim(&mut self, ip: Option<&str>, port: u16, proto: &str, row: usize) -> Option<usize> {
        let claims = self.0.entry((port, proto.to_owned())).or_default();
        if let Some((_, j)) = claims
            .iter()
            .find(|(tip, _)| tip.is_none() || ip.is_none() || tip.as_deref() == ip)
        {
            return Some(*j);
        }
        claims.push((ip.map(str::to_owned), row));
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{EnvRow, MountRow, PortRow};

    fn form() -> RunForm {
        RunForm {
            image: "busybox:1".into(),
            ..Default::default()
        }
    }

    fn errors(f: &RunForm) -> Vec<(String, String)> {
        f.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.message))
            .collect()
    }

    fn error_on(f: &RunForm, field: &str) -> String {
        errors(f)
            .into_iter()
            .find(|(k, _)| k == field)
            .unwrap_or_else(|| panic!("no error on {field}: {:?}", errors(f)))
            .1
    }

    fn port(h: &str, c: &str) -> PortRow {
        PortRow {
            host_port: h.into(),
            container_port: c.into(),
            ..Default::default()
        }
    }

    #[test]
    fn port_ranges_are_capped_with_an_error_naming_the_field() {
        let mut f = form();
        f.ports = vec![port("1-65535", "1-65535")];
        assert_eq!(
            error_on(&f, "ports[0].hostPort"),
            "a range may hold at most 1,024 ports; 1-65535 has 65,535"
        );
        assert_eq!(
            error_on(&f, "ports[0].containerPort"),
            "a range may hold at most 1,024 ports; 1-65535 has 65,535"
        );
        f.ports = vec![port("", "2000-3024")];
        assert!(error_on(&f, "ports[0].containerPort").contains("2000-3024 has 1,025"));
        f.ports = vec![port("1-1024", "1-1024")];
        assert!(f.validate().is_ok(), "{:?}", errors(&f));
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(4_294_967_295), "4,294,967,295");
    }

    #[test]
    fn duplicate_ports_across_full_ranges_are_found_without_comparing_every_pair() {
        // 64 rows of 1,024 ports: a pairwise scan makes ~2 billion comparisons (seconds);
        // claims by port make 65,536 lookups. The clash is in the last port of the last row.
        let mut f = form();
        f.ports = (0..64u32)
            .map(|r| {
                let a = 1 + r * 1024;
                let b = (a + 1023).min(65535);
                port(&format!("{a}-{b}"), &format!("{a}-{b}"))
            })
            .collect();
        f.ports.push(port("65535", "80"));
        let rows = f.ports.len();
        assert_eq!(
            error_on(&f, &format!("ports[{}].hostPort", rows - 1)),
            format!(
                "host port 65535/tcp is already published by port row {}",
                rows - 1
            )
        );
        // Different addresses do not clash; "every address" clashes with any.
        let on = |ip: &str, h: &str| PortRow {
            host_ip: ip.into(),
            ..port(h, "80")
        };
        f.ports = vec![on("127.0.0.1", "8080"), on("127.0.0.2", "8080")];
        assert!(f.validate().is_ok(), "{:?}", errors(&f));
        f.ports.push(on("", "8080"));
        assert!(error_on(&f, "ports[2].hostPort").contains("by port row 1"));
        f.ports = vec![
            port("8080", "80"),
            PortRow {
                protocol: "udp".into(),
                ..port("8080", "80")
            },
        ];
        assert!(
            f.validate().is_ok(),
            "tcp and udp are different ports: {:?}",
            errors(&f)
        );
    }

    #[test]
    fn every_bad_input_of_targets_md_names_its_field() {
        let mut f = form();
        f.ports = vec![port("80801", "80")];
        assert_eq!(
            error_on(&f, "ports[0].hostPort"),
            "host port 80801 is above 65535"
        );
        f.ports = vec![port("8000-8010", "80-85")];
        assert!(error_on(&f, "ports[0].hostPort").contains("same size"));
        f.ports = vec![port("8080", "80"), port("8080", "81")];
        assert!(error_on(&f, "ports[1].hostPort").contains("already published by port row 1"));
        f.ports = vec![port("", "")];
        assert!(error_on(&f, "ports[0].containerPort").contains("not a number"));
        f.ports = vec![];

        for (m, want) in [
            ("-1", "not a size"),
            ("10 parsecs", "not a size"),
            ("4m", "below the engine's minimum of 6 MB"),
        ] {
            let f = RunForm {
                memory: m.into(),
                ..form()
            };
            assert!(error_on(&f, "memory").contains(want), "{m}");
        }
        for ok in ["512m", "1.5g", "1GB", "2g", "0", "", "10 mb"] {
            let f = RunForm {
                memory: ok.into(),
                ..form()
            };
            assert!(f.validate().is_ok(), "{ok}: {:?}", errors(&f));
        }
        let f = RunForm {
            memory: "512m".into(),
            memory_swap: "256m".into(),
            ..form()
        };
        assert!(error_on(&f, "memorySwap").contains("at least the memory limit"));
        let f = RunForm {
            memory_swap: "1g".into(),
            ..form()
        };
        assert!(error_on(&f, "memorySwap").contains("needs a memory limit"));

        let bind = |s: &str| RunForm {
            mounts: vec![MountRow {
                kind: MountKind::Bind,
                source: s.into(),
                target: "/data".into(),
                ..Default::default()
            }],
            ..form()
        };
        assert!(error_on(&bind("./data"), "mounts[0].source").contains("relative"));
        assert!(
            bind(r"C:\data").validate().is_ok(),
            "Windows drive paths are absolute"
        );
        let f = RunForm {
            mounts: vec![MountRow {
                target: "data".into(),
                ..Default::default()
            }],
            ..form()
        };
        assert!(error_on(&f, "mounts[0].target").contains("absolute"));

        let f = RunForm {
            env: vec![EnvRow {
                name: "".into(),
                value: "x".into(),
            }],
            ..form()
        };
        assert!(error_on(&f, "env[0].name").contains("needs a name"));
        let f = RunForm {
            name: "my app".into(),
            ..form()
        };
        assert!(error_on(&f, "name").contains("` `"));
        let f = RunForm {
            image: " ".into(),
            ..form()
        };
        assert!(error_on(&f, "image").contains("choose an image"));
        let f = RunForm {
            auto_remove: true,
            restart: "always".into(),
            ..form()
        };
        assert!(error_on(&f, "restart").contains("--rm"));
        let f = RunForm {
            restart: "sometimes".into(),
            ..form()
        };
        assert!(error_on(&f, "restart").contains("not one of"));
        let f = RunForm {
            cpus: "-2".into(),
            ..form()
        };
        assert!(error_on(&f, "cpus").contains("above 0"));
        let f = RunForm {
            health_interval: "30s".into(),
            ..form()
        };
        assert!(error_on(&f, "healthCmd").contains("health command"));
        let f = RunForm {
            health_cmd: "wget 'unclosed".into(),
            health_exec: true,
            ..form()
        };
        assert!(error_on(&f, "healthCmd").contains("without a shell"));
        let f = RunForm {
            network: "host".into(),
            ports: vec![port("80", "80")],
            ..form()
        };
        assert!(error_on(&f, "ports").contains("host network"));
    }

    #[test]
    fn all_errors_are_reported_at_once() {
        let f = RunForm {
            image: "".into(),
            name: "x".into(),
            memory: "lots".into(),
            ..Default::default()
        };
        let fields: Vec<String> = errors(&f).into_iter().map(|(k, _)| k).collect();
        assert_eq!(fields, vec!["image", "name", "memory"]);
    }

    #[test]
    fn argv_says_every_flag() {
        let f = RunForm {
            image: "busybox:1".into(),
            name: "web".into(),
            command: "httpd -f -p 80".into(),
            ports: vec![
                port("8080", "80"),
                PortRow {
                    host_ip: "::1".into(),
                    container_port: "53".into(),
                    protocol: "udp".into(),
                    ..Default::default()
                },
            ],
            mounts: vec![
                MountRow {
                    source: "data".into(),
                    target: "/data".into(),
                    read_only: true,
                    ..Default::default()
                },
                MountRow {
                    kind: MountKind::Tmpfs,
                    target: "/tmp".into(),
                    ..Default::default()
                },
            ],
            env: vec![EnvRow {
                name: "A".into(),
                value: "two words".into(),
            }],
            restart: "on-failure:3".into(),
            memory: "512m".into(),
            cpus: "1.5".into(),
            health_cmd: "wget -q -O- localhost".into(),
            health_interval: "30s".into(),
            ..Default::default()
        };
        let spec = f.validate().unwrap();
        assert_eq!(spec.nano_cpus(), Some(1_500_000_000));
        assert_eq!(
            spec.command_line(),
            "docker run -d --name web -p 8080:80 -p '[::1]::53/udp' -v data:/data:ro --tmpfs /tmp \
             -e 'A=two words' --restart on-failure:3 -m 512m --cpus 1.5 \
             --health-cmd 'wget -q -O- localhost' --health-interval 30s busybox:1 httpd -f -p 80"
        );
    }

    #[test]
    fn an_exec_form_health_check_keeps_its_words() {
        let f = RunForm {
            image: "busybox:1".into(),
            health_cmd: "/bin/check --url 'http://x/a b'".into(),
            health_exec: true,
            ..Default::default()
        };
        let h = f.validate().unwrap().health.unwrap();
        assert_eq!(
            h.exec,
            Some(vec![
                "/bin/check".to_owned(),
                "--url".into(),
                "http://x/a b".into()
            ])
        );
        let shell = RunForm {
            health_exec: false,
            ..f
        };
        assert_eq!(shell.validate().unwrap().health.unwrap().exec, None);
    }
}
