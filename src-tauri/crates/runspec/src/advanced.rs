//! The run form's less common settings (security, logging, devices, DNS, stopping…): their
//! checks, their typed values, and the `docker run` flags they equal. Kept apart from
//! `spec` so the everyday fields stay easy to read.

use crate::form::{FieldError, RunForm};
use crate::values;
use serde::{Deserialize, Serialize};

/// `--ulimit name=soft:hard`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UlimitSpec {
    pub name: String,
    #[specta(type = f64)]
    pub soft: i64,
    #[specta(type = f64)]
    pub hard: i64,
}

/// `--device /dev/host[:/dev/container][:permissions]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeviceSpec {
    pub host: String,
    pub container: String,
    /// Some of r (read), w (write), m (mknod): `rwm` unless said.
    pub permissions: String,
}

/// `--expose port[-end][/protocol]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExposeSpec {
    pub ports: (u16, u16),
    pub protocol: String,
}

/// `--gpus`: how many GPUs, or which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GpuSpec {
    /// -1: all of them. None when devices are named.
    #[specta(type = Option<f64>)]
    pub count: Option<i64>,
    pub device_ids: Vec<String>,
}

/// The validated less common settings of a `docker run`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AdvancedSpec {
    pub read_only: bool,
    pub privileged: bool,
    pub init: bool,
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
    pub security_opts: Vec<String>,
    /// `name:ip`.
    pub extra_hosts: Vec<String>,
    pub dns: Vec<String>,
    pub network_aliases: Vec<String>,
    pub ip: Option<String>,
    pub expose: Vec<ExposeSpec>,
    pub ulimits: Vec<UlimitSpec>,
    #[specta(type = Option<f64>)]
    pub shm_size: Option<i64>,
    pub devices: Vec<DeviceSpec>,
    pub gpus: Option<GpuSpec>,
    pub log_driver: Option<String>,
    /// `key=value`.
    pub log_opts: Vec<(String, String)>,
    pub stop_signal: Option<String>,
    #[specta(type = Option<f64>)]
    pub stop_timeout: Option<i64>,
    pub platform: Option<String>,
    /// Only `never`: `missing` is the default, and `always` needs a pull Tugboat can't do yet.
    pub pull: Option<String>,
}

/// The capabilities of Linux that Docker knows, without their `CAP_` prefix.
const CAPABILITIES: &[&str] = &[
    "AUDIT_CONTROL",
    "AUDIT_READ",
    "AUDIT_WRITE",
    "BLOCK_SUSPEND",
    "BPF",
    "CHECKPOINT_RESTORE",
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "IPC_LOCK",
    "IPC_OWNER",
    "KILL",
    "LEASE",
    "LINUX_IMMUTABLE",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "MKNOD",
    "NET_ADMIN",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_RAW",
    "PERFMON",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_CHROOT",
    "SYS_MODULE",
    "SYS_NICE",
    "SYS_PACCT",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "SYSLOG",
    "WAKE_ALARM",
];

/// The resources `--ulimit` can limit (setrlimit's names).
const ULIMITS: &[&str] = &[
    "core",
    "cpu",
    "data",
    "fsize",
    "locks",
    "memlock",
    "msgqueue",
    "nice",
    "nofile",
    "nproc",
    "rss",
    "rtprio",
    "rttime",
    "sigpending",
    "stack",
];

/// Signal names of Linux, without `SIG`.
const SIGNALS: &[&str] = &[
    "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "IOT", "BUS", "FPE", "KILL", "USR1", "SEGV",
    "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
    "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "POLL", "PWR", "SYS",
];

/// A capability as typed (`NET_ADMIN`, `cap_net_admin`, `ALL`), checked against Linux's list,
/// written as the CLI sends it: `CAP_NET_ADMIN`, or `ALL`.
pub fn capability(text: &str) -> Result<String, String> {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    let bare = upper.strip_prefix("CAP_").unwrap_or(&upper);
    if bare == "ALL" {
        Ok("ALL".into())
    } else if CAPABILITIES.contains(&bare) {
        Ok(format!("CAP_{bare}"))
    } else if t.is_empty() {
        Err("name a capability, such as NET_ADMIN, or ALL".into())
    } else {
        Err(format!(
            "`{t}` is not a Linux capability: use a name like NET_ADMIN, SYS_PTRACE or CHOWN, or ALL"
        ))
    }
}

/// The capabilities the CLI sends for `--cap-add`/`--cap-drop`: each once, sorted, `ALL`
/// standing for the rest of its list, and one both added and dropped left out of both.
fn effective_capabilities(add: &[String], drop: &[String]) -> (Vec<String>, Vec<String>) {
    let set = |list: &[String]| -> std::collections::BTreeSet<String> {
        if list.iter().any(|c| c == "ALL") {
            ["ALL".to_owned()].into()
        } else {
            list.iter().cloned().collect()
        }
    };
    let (mut add, mut drop) = (set(add), set(drop));
    let both: Vec<String> = add.intersection(&drop).cloned().collect();
    for c in both {
        add.remove(&c);
        drop.remove(&c);
    }
    (add.into_iter().collect(), drop.into_iter().collect())
}

/// A signal as `docker stop` would send it: `SIGTERM`, `TERM`, `15`, `SIGRTMIN+3`.
pub fn signal(text: &str) -> Result<String, String> {
    let t = text.trim();
    let bad = || {
        format!("`{t}` is not a signal: use a name like SIGTERM, SIGINT or SIGQUIT, or a number from 1 to 64")
    };
    if let Ok(n) = t.parse::<u32>() {
        return if (1..=64).contains(&n) {
            Ok(t.to_owned())
        } else {
            Err(bad())
        };
    }
    let upper = t.to_ascii_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    let realtime = |base: &str, sign: char| {
        name.strip_prefix(base).is_some_and(|rest| {
            rest.is_empty()
                || rest
                    .strip_prefix(sign)
                    .and_then(|n| n.parse::<u32>().ok())
                    .is_some_and(|n| n <= 30)
        })
    };
    if SIGNALS.contains(&name) || realtime("RTMIN", '+') || realtime("RTMAX", '-') {
        Ok(t.to_owned())
    } else {
        Err(bad())
    }
}

/// `--add-host name:ip` (or `name=ip`; the address may be `host-gateway` or in brackets), as
/// the CLI sends it: `name:ip`.
pub fn extra_host(text: &str) -> Result<String, String> {
    let t = text.trim();
    let bad = || {
        format!("`{t}` is not a host entry: write name:address, such as db:10.0.0.5 or host.docker.internal:host-gateway")
    };
    let (name, addr) = t
        .split_once('=')
        .or_else(|| t.split_once(':'))
        .ok_or_else(bad)?;
    if name.is_empty() || name.contains(['=', ':']) || name.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    let addr = addr
        .strip_prefix('[')
        .and_then(|a| a.strip_suffix(']'))
        .unwrap_or(addr);
    if addr == "host-gateway" {
        return Ok(format!("{name}:{addr}"));
    }
    match addr.parse::<std::net::IpAddr>() {
        Ok(ip) => Ok(format!("{name}:{ip}")),
        Err(_) => Err(bad()),
    }
}

/// `--ulimit name=soft[:hard]`; the hard limit is the soft one unless given.
pub fn ulimit(text: &str) -> Result<UlimitSpec, String> {
    let t = text.trim();
    let (name, limits) = t.split_once('=').ok_or_else(|| {
        format!("`{t}` is not a limit: write name=soft:hard, such as nofile=1024:2048")
    })?;
    if !ULIMITS.contains(&name) {
        return Err(format!(
            "`{name}` is not a resource ulimit knows: use one of {}",
            ULIMITS.join(", ")
        ));
    }
    let number = |n: &str| {
        n.parse::<i64>().ok().filter(|v| *v >= -1).ok_or_else(|| {
            format!("`{n}` in `{t}` is not a limit: use a whole number, or -1 for unlimited")
        })
    };
    let (soft, hard) = match limits.split_once(':') {
        Some((s, h)) => (number(s)?, number(h)?),
        None => {
            let v = number(limits)?;
            (v, v)
        }
    };
    if hard != -1 && (soft == -1 || soft > hard) {
        return Err(format!(
            "in `{t}` the soft limit ({soft}) is above the hard limit ({hard}): the soft one comes first and is the smaller"
        ));
    }
    Ok(UlimitSpec {
        name: name.to_owned(),
        soft,
        hard,
    })
}

impl UlimitSpec {
    pub fn flag_value(&self) -> String {
        if self.soft == self.hard {
            format!("{}={}", self.name, self.soft)
        } else {
            format!("{}={}:{}", self.name, self.soft, self.hard)
        }
    }
}

fn device_mode(m: &str) -> bool {
    !m.is_empty() && m.len() <= 3 && m.chars().all(|c| matches!(c, 'r' | 'w' | 'm'))
}

/// `--device /dev/host[:/dev/container][:rwm]`, as the CLI splits it.
pub fn device(text: &str) -> Result<DeviceSpec, String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split(':').collect();
    let (host, container, permissions) = match parts.as_slice() {
        [h] => (*h, *h, "rwm"),
        [h, m] if device_mode(m) => (*h, *h, *m),
        [h, c] => (*h, *c, "rwm"),
        [h, c, m] => (*h, *c, *m),
        _ => {
            return Err(format!(
                "`{t}` has too many `:`: write /dev/host[:/dev/container][:rwm]"
            ))
        }
    };
    if !host.starts_with('/') {
        return Err(format!(
            "`{host}` is not a device path: give the host's device, such as /dev/fuse or /dev/snd"
        ));
    }
    if !container.starts_with('/') {
        return Err(format!(
            "`{container}` must be an absolute path inside the container, such as /dev/fuse"
        ));
    }
    if !device_mode(permissions) {
        return Err(format!(
            "`{permissions}` is not a permission: use some of r (read), w (write) and m (create device files), such as rwm"
        ));
    }
    Ok(DeviceSpec {
        host: host.to_owned(),
        container: container.to_owned(),
        permissions: permissions.to_owned(),
    })
}

impl DeviceSpec {
    pub fn flag_value(&self) -> String {
        let mut s = self.host.clone();
        if self.container != self.host {
            s.push(':');
            s.push_str(&self.container);
        }
        if self.permissions != "rwm" {
            s.push(':');
            s.push_str(&self.permissions);
        }
        s
    }
}

/// `--expose 80`, `--expose 7000-7010/udp`.
pub fn expose(text: &str) -> Result<ExposeSpec, String> {
    let t = text.trim();
    let (ports, proto) = t.split_once('/').unwrap_or((t, ""));
    Ok(ExposeSpec {
        ports: values::port_range(ports, "port")?,
        protocol: values::protocol(proto)?,
    })
}

impl ExposeSpec {
    pub fn flag_value(&self) -> String {
        let (a, b) = self.ports;
        let mut s = if a == b {
            a.to_string()
        } else {
            format!("{a}-{b}")
        };
        if self.protocol != "tcp" {
            s.push('/');
            s.push_str(&self.protocol);
        }
        s
    }
}

/// `--gpus all`, `--gpus 2`, `--gpus device=0,1` (the CLI reads the value as CSV, so several
/// devices are written `'"device=0,1"'`).
pub fn gpus(text: &str) -> Result<GpuSpec, String> {
    let t = text.trim();
    let bad = || {
        format!("`{t}` is not a GPU request: use all, a number of GPUs such as 1, or device=0,1")
    };
    let unquoted = t
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(t);
    let count = |n: &str| match n {
        "all" => Some(-1),
        n => n.parse::<i64>().ok().filter(|v| *v > 0),
    };
    if let Some(ids) = unquoted.strip_prefix("device=") {
        let ids: Vec<String> = ids
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        if ids.is_empty() || ids.iter().any(|i| i.contains('=')) {
            return Err(bad());
        }
        return Ok(GpuSpec {
            count: None,
            device_ids: ids,
        });
    }
    let n = unquoted.strip_prefix("count=").unwrap_or(unquoted);
    count(n)
        .map(|c| GpuSpec {
            count: Some(c),
            device_ids: vec![],
        })
        .ok_or_else(bad)
}

impl GpuSpec {
    pub fn flag_value(&self) -> String {
        match (self.count, self.device_ids.as_slice()) {
            (Some(-1), _) => "all".into(),
            (Some(n), _) => n.to_string(),
            (None, [one]) => format!("device={one}"),
            (None, ids) => format!("\"device={}\"", ids.join(",")),
        }
    }
}

/// `--security-opt`: the options the CLI passes through as written. A seccomp profile file is
/// refused: the CLI reads it on its own machine, and Tugboat does not read files you did not
/// choose.
pub fn security_opt(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t == "no-new-privileges" {
        return Ok(t.to_owned());
    }
    let (key, value) = t.split_once('=').or_else(|| t.split_once(':')).ok_or_else(|| {
        format!("`{t}` is not a security option: use no-new-privileges, apparmor=PROFILE, label=…, seccomp=unconfined or systempaths=unconfined")
    })?;
    let ok = match key {
        "no-new-privileges" | "writable-cgroups" => matches!(value, "true" | "false"),
        "apparmor" | "label" => !value.is_empty(),
        "seccomp" => {
            if value == "unconfined" || value == "builtin" {
                true
            } else {
                return Err(format!(
                    "`{t}`: Tugboat can't send a seccomp profile file; use seccomp=unconfined or seccomp=builtin, or leave it out"
                ));
            }
        }
        "systempaths" => value == "unconfined",
        _ => false,
    };
    if ok {
        Ok(t.to_owned())
    } else {
        Err(format!(
            "`{t}` is not a security option: use no-new-privileges, apparmor=PROFILE, label=…, seccomp=unconfined or systempaths=unconfined"
        ))
    }
}

/// Networks of the engine itself, where aliases and fixed addresses can't be set.
fn user_network(network: Option<&str>) -> bool {
    match network {
        None => false,
        Some(n) => {
            !matches!(n, "bridge" | "host" | "none" | "default") && !n.starts_with("container:")
        }
    }
}

fn filled(list: &[String]) -> impl Iterator<Item = (usize, &str)> {
    list.iter()
        .enumerate()
        .map(|(i, s)| (i, s.trim()))
        .filter(|(_, s)| !s.is_empty())
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

impl RunForm {
    /// Checks the less common settings; `network` is the validated network, which aliases and a
    /// fixed address need.
    pub(crate) fn validate_advanced(
        &self,
        network: Option<&str>,
        errs: &mut Vec<FieldError>,
    ) -> AdvancedSpec {
        let mut err = |f: String, m: String| errs.push(FieldError::new(f, m));
        let mut a = AdvancedSpec {
            read_only: self.read_only,
            privileged: self.privileged,
            init: self.init,
            ..Default::default()
        };
        for (field, list, out) in [
            ("capAdd", &self.cap_add, &mut a.cap_add),
            ("capDrop", &self.cap_drop, &mut a.cap_drop),
        ] {
            for (i, c) in filled(list) {
                match capability(c) {
                    Ok(c) => out.push(c),
                    Err(m) => err(format!("{field}[{i}]"), m),
                }
            }
        }
        (a.cap_add, a.cap_drop) = effective_capabilities(&a.cap_add, &a.cap_drop);
        for (i, o) in filled(&self.security_opts) {
            match security_opt(o) {
                Ok(o) => a.security_opts.push(o),
                Err(m) => err(format!("securityOpts[{i}]"), m),
            }
        }
        for (i, h) in filled(&self.add_hosts) {
            match extra_host(h) {
                Ok(h) => a.extra_hosts.push(h),
                Err(m) => err(format!("addHosts[{i}]"), m),
            }
        }
        for (i, d) in filled(&self.dns) {
            match d.parse::<std::net::IpAddr>() {
                Ok(ip) => a.dns.push(ip.to_string()),
                Err(_) => err(
                    format!("dns[{i}]"),
                    format!("`{d}` is not an IP address: a DNS server is given by address, such as 1.1.1.1"),
                ),
            }
        }
        let on_user_network = user_network(network);
        for (i, n) in filled(&self.network_aliases) {
            if !on_user_network {
                err(
                    format!("networkAliases[{i}]"),
                    "aliases work on a network you created: choose one under Network".into(),
                );
            } else if n
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
            {
                a.network_aliases.push(n.to_owned());
            } else {
                err(
                    format!("networkAliases[{i}]"),
                    format!("`{n}` is not a name: letters, digits, `-`, `.` and `_`"),
                );
            }
        }
        if let Some(ip) = opt(&self.ip) {
            match ip.parse::<std::net::Ipv4Addr>() {
                Ok(_) if !on_user_network => err(
                    "ip".into(),
                    "a fixed address needs a network you created with a subnet: choose one under Network".into(),
                ),
                Ok(v) => a.ip = Some(v.to_string()),
                Err(_) => err(
                    "ip".into(),
                    format!("`{ip}` is not an IPv4 address like 172.30.0.10"),
                ),
            }
        }
        for (i, e) in filled(&self.expose) {
            match expose(e) {
                Ok(e) => a.expose.push(e),
                Err(m) => err(format!("expose[{i}]"), m),
            }
        }
        for (i, u) in filled(&self.ulimits) {
            match ulimit(u) {
                Ok(u) => a.ulimits.push(u),
                Err(m) => err(format!("ulimits[{i}]"), m),
            }
        }
        match values::size(&self.shm_size, "shared memory size") {
            Ok(v) => a.shm_size = v,
            Err(m) => err("shmSize".into(), m),
        }
        for (i, d) in filled(&self.devices) {
            match device(d) {
                Ok(d) => a.devices.push(d),
                Err(m) => err(format!("devices[{i}]"), m),
            }
        }
        if let Some(g) = opt(&self.gpus) {
            match gpus(&g) {
                Ok(g) => a.gpus = Some(g),
                Err(m) => err("gpus".into(), m),
            }
        }
        if let Some(d) = opt(&self.log_driver) {
            if d.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':'))
            {
                a.log_driver = Some(d);
            } else {
                err(
                    "logDriver".into(),
                    format!(
                        "`{d}` is not a logging driver: such as json-file, local, syslog or none"
                    ),
                );
            }
        }
        for (i, o) in filled(&self.log_opts) {
            match o.split_once('=') {
                Some((k, v)) if !k.is_empty() && !k.contains(char::is_whitespace) => {
                    a.log_opts.push((k.to_owned(), v.to_owned()))
                }
                _ => err(
                    format!("logOpts[{i}]"),
                    format!("`{o}` is not an option: write key=value, such as max-size=10m"),
                ),
            }
        }
        if let Some(s) = opt(&self.stop_signal) {
            match signal(&s) {
                Ok(s) => a.stop_signal = Some(s),
                Err(m) => err("stopSignal".into(), m),
            }
        }
        if let Some(s) = opt(&self.stop_timeout) {
            match s.parse::<i64>() {
                Ok(v) if v >= -1 => a.stop_timeout = Some(v),
                _ => err(
                    "stopTimeout".into(),
                    format!("`{s}` is not a number of seconds: use a whole number such as 10, or -1 to wait forever"),
                ),
            }
        }
        if let Some(p) = opt(&self.platform) {
            let parts: Vec<&str> = p.split('/').collect();
            let ok = (1..=3).contains(&parts.len())
                && parts.iter().all(|s| {
                    !s.is_empty()
                        && s.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                });
            if ok {
                a.platform = Some(p);
            } else {
                err(
                    "platform".into(),
                    format!("`{p}` is not a platform: write os/architecture, such as linux/amd64 or linux/arm64/v8"),
                );
            }
        }
        match self.pull.trim() {
            "" | "missing" => {}
            "never" => a.pull = Some("never".into()),
            "always" => err(
                "pull".into(),
                "Tugboat can't pull images yet: pull it with `docker pull`, then choose missing or never".into(),
            ),
            other => err(
                "pull".into(),
                format!("`{other}` is not one of missing, never or always"),
            ),
        }
        a
    }
}

impl AdvancedSpec {
    /// The flags, in the order the preview shows them.
    pub(crate) fn push_flags(&self, v: &mut Vec<String>) {
        let mut kv = |k: &str, val: String| {
            v.push(k.to_owned());
            v.push(val);
        };
        for e in &self.expose {
            kv("--expose", e.flag_value());
        }
        for h in &self.extra_hosts {
            kv("--add-host", h.clone());
        }
        for d in &self.dns {
            kv("--dns", d.clone());
        }
        for n in &self.network_aliases {
            kv("--network-alias", n.clone());
        }
        if let Some(ip) = &self.ip {
            kv("--ip", ip.clone());
        }
        for c in &self.cap_add {
            kv("--cap-add", c.clone());
        }
        for c in &self.cap_drop {
            kv("--cap-drop", c.clone());
        }
        for o in &self.security_opts {
            kv("--security-opt", o.clone());
        }
        for u in &self.ulimits {
            kv("--ulimit", u.flag_value());
        }
        if let Some(s) = self.shm_size {
            kv("--shm-size", values::size_text(s));
        }
        for d in &self.devices {
            kv("--device", d.flag_value());
        }
        if let Some(g) = &self.gpus {
            kv("--gpus", g.flag_value());
        }
        if let Some(d) = &self.log_driver {
            kv("--log-driver", d.clone());
        }
        for (k, val) in &self.log_opts {
            kv("--log-opt", format!("{k}={val}"));
        }
        if let Some(s) = &self.stop_signal {
            kv("--stop-signal", s.clone());
        }
        if let Some(t) = self.stop_timeout {
            kv("--stop-timeout", t.to_string());
        }
        if let Some(p) = &self.platform {
            kv("--platform", p.clone());
        }
        if let Some(p) = &self.pull {
            kv("--pull", p.clone());
        }
        if self.read_only {
            v.push("--read-only".into());
        }
        if self.init {
            v.push("--init".into());
        }
        if self.privileged {
            v.push("--privileged".into());
        }
    }

    /// What the user should know before running this, on the field it comes from: it does not
    /// stop the run.
    pub fn warnings(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if self.privileged {
            out.push(FieldError::new(
                "privileged",
                "privileged gives the container every device and capability of this machine and turns off its isolation: anything inside can take over the host. Use it only for tools that need it, such as Docker-in-Docker",
            ));
        }
        // On the list as a whole: the spec's list is sorted and deduplicated, not the rows.
        for c in &self.cap_add {
            if c == "ALL" || c == "CAP_SYS_ADMIN" {
                out.push(FieldError::new(
                    "capAdd",
                    format!("{c} gives the container nearly the power of root on the host"),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> RunForm {
        RunForm {
            image: "busybox:1".into(),
            ..Default::default()
        }
    }

    fn error_on(f: &RunForm, field: &str) -> String {
        let errs = f.validate().err().unwrap_or_default();
        errs.iter()
            .find(|e| e.field == field)
            .unwrap_or_else(|| panic!("no error on {field}: {errs:?}"))
            .message
            .clone()
    }

    #[test]
    fn each_setting_is_checked_on_its_own_field_and_says_what_would_do() {
        let cases: Vec<(RunForm, &str, &str)> = vec![
            (
                RunForm {
                    cap_add: vec!["NET_ADMN".into()],
                    ..form()
                },
                "capAdd[0]",
                "NET_ADMIN",
            ),
            (
                RunForm {
                    cap_drop: vec!["".into(), "x".into()],
                    ..form()
                },
                "capDrop[1]",
                "not a Linux capability",
            ),
            (
                RunForm {
                    add_hosts: vec!["db".into()],
                    ..form()
                },
                "addHosts[0]",
                "name:address",
            ),
            (
                RunForm {
                    add_hosts: vec!["db:ten".into()],
                    ..form()
                },
                "addHosts[0]",
                "db:10.0.0.5",
            ),
            (
                RunForm {
                    dns: vec!["dns.google".into()],
                    ..form()
                },
                "dns[0]",
                "1.1.1.1",
            ),
            (
                RunForm {
                    ulimits: vec!["files=10".into()],
                    ..form()
                },
                "ulimits[0]",
                "nofile",
            ),
            (
                RunForm {
                    ulimits: vec!["nofile=2048:1024".into()],
                    ..form()
                },
                "ulimits[0]",
                "above the hard limit",
            ),
            (
                RunForm {
                    ulimits: vec!["nofile".into()],
                    ..form()
                },
                "ulimits[0]",
                "name=soft:hard",
            ),
            (
                RunForm {
                    log_driver: "json file".into(),
                    ..form()
                },
                "logDriver",
                "json-file",
            ),
            (
                RunForm {
                    log_opts: vec!["max-size".into()],
                    ..form()
                },
                "logOpts[0]",
                "key=value",
            ),
            (
                RunForm {
                    devices: vec!["fuse".into()],
                    ..form()
                },
                "devices[0]",
                "/dev/fuse",
            ),
            (
                RunForm {
                    devices: vec!["/dev/fuse:/dev/fuse:rx".into()],
                    ..form()
                },
                "devices[0]",
                "rwm",
            ),
            (
                RunForm {
                    platform: "Linux/AMD64".into(),
                    ..form()
                },
                "platform",
                "linux/amd64",
            ),
            (
                RunForm {
                    pull: "sometimes".into(),
                    ..form()
                },
                "pull",
                "missing, never or always",
            ),
            (
                RunForm {
                    pull: "always".into(),
                    ..form()
                },
                "pull",
                "docker pull",
            ),
            (
                RunForm {
                    stop_signal: "SIGSTOPP".into(),
                    ..form()
                },
                "stopSignal",
                "SIGTERM",
            ),
            (
                RunForm {
                    stop_timeout: "10s".into(),
                    ..form()
                },
                "stopTimeout",
                "whole number",
            ),
            (
                RunForm {
                    shm_size: "lots".into(),
                    ..form()
                },
                "shmSize",
                "512m",
            ),
            (
                RunForm {
                    security_opts: vec!["seccomp=/etc/profile.json".into()],
                    ..form()
                },
                "securityOpts[0]",
                "unconfined",
            ),
            (
                RunForm {
                    security_opts: vec!["nonsense".into()],
                    ..form()
                },
                "securityOpts[0]",
                "no-new-privileges",
            ),
            (
                RunForm {
                    network_aliases: vec!["web".into()],
                    ..form()
                },
                "networkAliases[0]",
                "network you created",
            ),
            (
                RunForm {
                    network: "bridge".into(),
                    ip: "172.17.0.9".into(),
                    ..form()
                },
                "ip",
                "network you created",
            ),
            (
                RunForm {
                    network: "appnet".into(),
                    ip: "172.17.0".into(),
                    ..form()
                },
                "ip",
                "IPv4",
            ),
            (
                RunForm {
                    expose: vec!["http".into()],
                    ..form()
                },
                "expose[0]",
                "8080",
            ),
            (
                RunForm {
                    expose: vec!["80/icmp".into()],
                    ..form()
                },
                "expose[0]",
                "tcp, udp or sctp",
            ),
            (
                RunForm {
                    gpus: "some".into(),
                    ..form()
                },
                "gpus",
                "all",
            ),
            (
                RunForm {
                    gpus: "0".into(),
                    ..form()
                },
                "gpus",
                "device=0,1",
            ),
        ];
        for (f, field, says) in cases {
            let m = error_on(&f, field);
            assert!(m.contains(says), "{field}: {m}");
        }
    }

    #[test]
    fn good_values_make_the_flags_the_cli_reads_back() {
        let f = RunForm {
            network: "appnet".into(),
            read_only: true,
            privileged: true,
            init: true,
            cap_add: vec!["NET_ADMIN".into(), " ".into()],
            cap_drop: vec!["ALL".into()],
            add_hosts: vec![
                "db=10.0.0.5".into(),
                "gw:host-gateway".into(),
                "v6:[::1]".into(),
            ],
            dns: vec!["1.1.1.1".into()],
            ulimits: vec!["nofile=1024:2048".into(), "nproc=64".into()],
            log_driver: "json-file".into(),
            log_opts: vec!["max-size=10m".into()],
            devices: vec![
                "/dev/fuse".into(),
                "/dev/null:/dev/nothing:r".into(),
                "/dev/zero:rw".into(),
            ],
            platform: "linux/amd64".into(),
            pull: "never".into(),
            stop_signal: "SIGINT".into(),
            stop_timeout: "30".into(),
            shm_size: "256m".into(),
            security_opts: vec!["no-new-privileges".into(), "label=disable".into()],
            network_aliases: vec!["web".into()],
            ip: "172.30.0.10".into(),
            expose: vec!["80".into(), "7000-7001/udp".into()],
            gpus: "all".into(),
            ..form()
        };
        let spec = f.validate().unwrap();
        let a = &spec.advanced;
        assert_eq!(a.extra_hosts, ["db:10.0.0.5", "gw:host-gateway", "v6:::1"]);
        assert_eq!(a.cap_add, ["CAP_NET_ADMIN"]);
        assert_eq!(
            a.ulimits[0],
            UlimitSpec {
                name: "nofile".into(),
                soft: 1024,
                hard: 2048
            }
        );
        assert_eq!(a.ulimits[1].hard, 64);
        assert_eq!(
            a.devices[2],
            DeviceSpec {
                host: "/dev/zero".into(),
                container: "/dev/zero".into(),
                permissions: "rw".into()
            }
        );
        assert_eq!(
            a.gpus,
            Some(GpuSpec {
                count: Some(-1),
                device_ids: vec![]
            })
        );
        assert_eq!(a.shm_size, Some(256 << 20));
        let line = spec.argv().join(" ");
        for part in [
            "--expose 80 --expose 7000-7001/udp",
            "--add-host db:10.0.0.5",
            "--network appnet",
            "--network-alias web --ip 172.30.0.10",
            "--cap-add CAP_NET_ADMIN --cap-drop ALL",
            "--security-opt no-new-privileges --security-opt label=disable",
            "--ulimit nofile=1024:2048 --ulimit nproc=64",
            "--shm-size 256m",
            "--device /dev/fuse --device /dev/null:/dev/nothing:r --device /dev/zero:rw",
            "--gpus all",
            "--log-driver json-file --log-opt max-size=10m",
            "--stop-signal SIGINT --stop-timeout 30",
            "--platform linux/amd64 --pull never",
            "--read-only --init --privileged",
        ] {
            assert!(line.contains(part), "{part} not in {line}");
        }
        let warnings = a.warnings();
        assert_eq!(warnings[0].field, "privileged");
        assert!(warnings[0].message.contains("take over the host"));
    }

    #[test]
    fn capabilities_are_sent_as_the_cli_sends_them() {
        let spec = RunForm {
            cap_add: vec![
                "net_admin".into(),
                "CAP_NET_ADMIN".into(),
                "chown".into(),
                "KILL".into(),
            ],
            cap_drop: vec!["kill".into(), "MKNOD".into()],
            ..form()
        }
        .validate()
        .unwrap();
        assert_eq!(spec.advanced.cap_add, ["CAP_CHOWN", "CAP_NET_ADMIN"]);
        assert_eq!(spec.advanced.cap_drop, ["CAP_MKNOD"]);
        let all = RunForm {
            cap_add: vec!["SYS_ADMIN".into(), "all".into()],
            ..form()
        }
        .validate()
        .unwrap();
        assert_eq!(all.advanced.cap_add, ["ALL"]);
        assert_eq!(all.advanced.warnings()[0].field, "capAdd");
    }

    #[test]
    fn gpu_requests_read_like_the_cli() {
        assert_eq!(gpus("2").unwrap().count, Some(2));
        assert_eq!(gpus("count=all").unwrap().count, Some(-1));
        let two = gpus("\"device=0,1\"").unwrap();
        assert_eq!(two.device_ids, ["0", "1"]);
        assert_eq!(two.flag_value(), "\"device=0,1\"");
        assert_eq!(gpus("device=GPU-3a").unwrap().flag_value(), "device=GPU-3a");
    }

    #[test]
    fn signals_by_name_or_number() {
        for ok in [
            "SIGTERM",
            "term",
            "9",
            "SIGRTMIN+3",
            "SIGRTMAX-1",
            "SIGUSR1",
        ] {
            assert!(signal(ok).is_ok(), "{ok}");
        }
        for bad in ["0", "65", "SIGFOO", "RTMIN+99", ""] {
            assert!(signal(bad).is_err(), "{bad}");
        }
    }
}
