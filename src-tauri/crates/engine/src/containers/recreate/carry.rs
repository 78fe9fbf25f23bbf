//! What a recreate would not carry over, derived instead of listed by hand: every setting of the
//! old container that differs from what the engine or the image gives a container anyway, and
//! that the create request for its replacement does not reproduce. When the run form learns a
//! flag, the setting it holds is carried from then on without anyone editing a list.
//!
//! Both sides are compared as the engine's JSON: the inspected `Config`, `HostConfig` and
//! per-network settings against the create request Tugboat would send (`create_body` of the
//! form read back from the container). What is left is named by its `docker run` flag when there
//! is one, and by its path in the engine's JSON when there is none: never dropped.

use bollard::models::{ContainerCreateBody, ImageConfig};
use serde_json::{Map, Value};
use tugboat_runspec::argv::command_line;

/// What this engine gives a container nobody configured: from `docker info`, because daemons
/// are configured differently (a journald default log driver, cgroup v1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineDefaults {
    pub log_driver: String,
    pub runtime: String,
    /// `private` on cgroup v2, `host` on v1.
    pub cgroupns: String,
}

impl Default for EngineDefaults {
    fn default() -> Self {
        EngineDefaults {
            log_driver: "json-file".into(),
            runtime: "runc".into(),
            cgroupns: "private".into(),
        }
    }
}

/// Fields of the engine's model that are not settings of the container, with why: they need
/// no carrying, and listing them would be noise on every recreate.
pub const NOT_SETTINGS: &[(&str, &str)] = &[
    (
        "Config.AttachStdin",
        "which streams a client attached when it created the container; a recreate starts it detached",
    ),
    ("Config.AttachStdout", "as AttachStdin"),
    ("Config.AttachStderr", "as AttachStdin"),
    ("Config.StdinOnce", "as AttachStdin: it closes stdin when that client detaches"),
    (
        "HostConfig.ConsoleSize",
        "the size of the terminal of the client that created the container",
    ),
    (
        "HostConfig.MaskedPaths",
        "filled in by the engine; only `--security-opt systempaths=unconfined` changes it, and SecurityOpt is compared",
    ),
    ("HostConfig.ReadonlyPaths", "as MaskedPaths"),
];

/// Per-network fields that the engine fills in when the container is connected: its address,
/// gateway, endpoint. The configured ones (`IPAMConfig`, `Aliases`, `DriverOpts`…) are compared.
const ENDPOINT_STATE: &[&str] = &[
    "NetworkID",
    "EndpointID",
    "Gateway",
    "IPAddress",
    "IPPrefixLen",
    "IPv6Gateway",
    "GlobalIPv6Address",
    "GlobalIPv6PrefixLen",
    "DNSNames",
];

/// Values compared whole: their parts mean nothing alone (a command's words, a policy).
const WHOLE: &[&str] = &[
    "Config.Cmd",
    "Config.Entrypoint",
    "Config.Shell",
    "Config.OnBuild",
    "Config.Healthcheck.Test",
    "HostConfig.RestartPolicy",
];

/// The engine's default `/dev/shm` size.
const DEFAULT_SHM: i64 = 64 * 1024 * 1024;

/// Settings of `inspected` (the engine's own JSON for the container, so that fields this
/// client's model does not know are seen too) that the create request `sent` (what Tugboat
/// would send for its replacement; `None` when the form read back from it does not validate)
/// would not reproduce, each as the flag that sets it.
pub fn not_carried(
    inspected: &Value,
    image: Option<&ImageConfig>,
    sent: Option<&ContainerCreateBody>,
    defaults: &EngineDefaults,
) -> Vec<String> {
    let short_id: String = inspected
        .get("Id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .chars()
        .take(12)
        .collect();
    let mut config = inspected.get("Config").cloned().unwrap_or(Value::Null);
    let mut host = inspected.get("HostConfig").cloned().unwrap_or(Value::Null);
    let image = json(&image);
    let mut sent = json(&sent);
    let mut sent_host = take(&mut sent, "HostConfig");
    let sent_networks = take(&mut take(&mut sent, "NetworkingConfig"), "EndpointsConfig");
    let mut sent_config = sent;

    let primary = canonical_network(
        host.get("NetworkMode")
            .and_then(Value::as_str)
            .unwrap_or_default(),
    );
    normalise_host(&mut host, defaults);
    normalise_host(&mut sent_host, defaults);
    carry_mounts(&mut host, &sent_host);
    carry_command(&mut config, &sent_config, &image);
    normalise_config(&mut config, &image, &short_id);
    normalise_config(&mut sent_config, &Value::Null, "");
    carry_volumes(&mut config, &sent_config, &sent_host);
    for c in [&mut config, &mut sent_config] {
        keys_as_list(c, "ExposedPorts");
        keys_as_list(c, "Volumes");
    }

    let mut left = Vec::new();
    leftovers(&config, &sent_config, &mut vec!["Config".into()], &mut left);
    leftovers(&host, &sent_host, &mut vec!["HostConfig".into()], &mut left);
    let mut out: Vec<String> = left.iter().map(|(p, v)| describe(p, v)).collect();

    let networks = inspected
        .pointer("/NetworkSettings/Networks")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let running = inspected.pointer("/State/Running").and_then(Value::as_bool) == Some(true);
    for (name, endpoint) in networks {
        let mut endpoint = endpoint.clone();
        if let Some(m) = endpoint.as_object_mut() {
            // Engines before API 1.44 keep a given MAC address in Config, listed from there.
            let in_config = inspected.pointer("/Config/MacAddress");
            if (running && engine_made_mac(m))
                || (in_config.is_some() && m.get("MacAddress") == in_config)
            {
                m.remove("MacAddress");
            }
            for key in ENDPOINT_STATE {
                m.remove(*key);
            }
            // Engines before API 1.45 add the short id as an alias themselves.
            if let Some(Value::Array(aliases)) = m.get_mut("Aliases") {
                aliases.retain(|a| a.as_str() != Some(short_id.as_str()));
            }
        }
        if canonical_network(&name) == primary {
            let theirs = sent_networks
                .get(&name)
                .or_else(|| {
                    (name == "bridge")
                        .then(|| sent_networks.get("default"))
                        .flatten()
                })
                .cloned()
                .unwrap_or(Value::Null);
            let mut endpoint_left = Vec::new();
            leftovers(
                &endpoint,
                &theirs,
                &mut vec!["Networks".into(), name.clone()],
                &mut endpoint_left,
            );
            out.extend(endpoint_left.iter().map(|(p, v)| describe(p, v)));
        } else {
            out.push(network_connect(&name, &endpoint));
        }
    }
    out.dedup();
    out
}

/// Whether a running container's MAC address on a network is the one the engine derives from
/// its address there (`02:42` and the IPv4 address). Once a container runs, the per-network
/// MAC address is the one in use, set or not; only a stopped container's is surely the one
/// given with `--mac-address`. A running container's other MAC addresses are listed, because
/// they may have been set.
fn engine_made_mac(endpoint: &Map<String, Value>) -> bool {
    let text = |k: &str| endpoint.get(k).and_then(Value::as_str).unwrap_or_default();
    let Ok(ip) = text("IPAddress").parse::<std::net::Ipv4Addr>() else {
        return false;
    };
    let [a, b, c, d] = ip.octets();
    text("MacAddress").eq_ignore_ascii_case(&format!("02:42:{a:02x}:{b:02x}:{c:02x}:{d:02x}"))
}

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn take(v: &mut Value, key: &str) -> Value {
    v.as_object_mut()
        .and_then(|m| m.remove(key))
        .unwrap_or(Value::Null)
}

/// Nothing set: what the engine stores for a setting nobody gave.
fn is_unset(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        // `[""]` is set: `--entrypoint ""` clears the image's entrypoint.
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.values().all(is_unset),
    }
}

/// Every part of `mine` that is set and not the same in `theirs`, with its path.
fn leftovers(
    mine: &Value,
    theirs: &Value,
    path: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Value)>,
) {
    if is_unset(mine) || mine == theirs {
        return;
    }
    let whole = WHOLE.contains(&path.join(".").as_str());
    match mine {
        Value::Object(m) if !whole => {
            for (key, value) in m {
                path.push(key.clone());
                leftovers(value, theirs.get(key).unwrap_or(&Value::Null), path, out);
                path.pop();
            }
        }
        // Lists are sets here (capabilities, binds, env…): each item not sent is listed.
        Value::Array(items) if !whole => {
            let sent = theirs.as_array();
            for item in items {
                if !is_unset(item) && !sent.is_some_and(|s| s.iter().any(|t| covers(t, item))) {
                    out.push((path.clone(), item.clone()));
                }
            }
        }
        _ => out.push((path.clone(), mine.clone())),
    }
}

/// Whether `theirs` sets everything `mine` sets, the same way: a list item the engine read back
/// with `null`s or empty maps for what was never set (a `--gpus` device request, a ulimit) is
/// the same item as the one sent with those parts filled in.
fn covers(theirs: &Value, mine: &Value) -> bool {
    match (mine, theirs) {
        (m, _) if is_unset(m) => true,
        (Value::Object(m), Value::Object(t)) => m
            .iter()
            .all(|(k, v)| covers(t.get(k).unwrap_or(&Value::Null), v)),
        (Value::Array(m), Value::Array(t)) => m.iter().all(|i| t.iter().any(|j| covers(j, i))),
        (m, t) => m == t,
    }
}

fn canonical_network(mode: &str) -> String {
    match mode {
        "" | "default" => "bridge".into(),
        other => other.to_owned(),
    }
}

/// Removes what the engine filled in by itself, and writes the rest one way, on either side.
fn normalise_host(host: &mut Value, defaults: &EngineDefaults) {
    let Some(m) = host.as_object_mut() else {
        return;
    };
    for (path, _) in NOT_SETTINGS {
        if let Some(key) = path.strip_prefix("HostConfig.") {
            m.remove(key);
        }
    }
    let text = |m: &Map<String, Value>, k: &str| {
        m.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let int = |m: &Map<String, Value>, k: &str| m.get(k).and_then(Value::as_i64);
    let mode = canonical_network(&text(m, "NetworkMode"));
    m.insert("NetworkMode".into(), Value::String(mode));
    if let Some(Value::Object(log)) = m.get_mut("LogConfig") {
        if log.get("Type").and_then(Value::as_str) == Some(defaults.log_driver.as_str()) {
            log.remove("Type");
        }
    }
    if int(m, "ShmSize") == Some(DEFAULT_SHM) {
        m.remove("ShmSize");
    }
    if text(m, "CgroupnsMode") == defaults.cgroupns {
        m.remove("CgroupnsMode");
    }
    // `private` is today's default, `shareable` the default of engines before 20.10.
    if matches!(text(m, "IpcMode").as_str(), "private" | "shareable") {
        m.remove("IpcMode");
    }
    if text(m, "Runtime") == defaults.runtime {
        m.remove("Runtime");
    }
    // 0 and -1 both mean "no limit".
    if int(m, "PidsLimit").is_some_and(|n| n <= 0) {
        m.remove("PidsLimit");
    }
    if int(m, "MemorySwappiness") == Some(-1) {
        m.remove("MemorySwappiness");
    }
    // The engine sets swap to twice the memory limit when only memory is given, and `docker
    // update` on cgroup v1 sets it unlimited: neither was typed.
    let memory = int(m, "Memory").unwrap_or(0);
    if let Some(swap) = int(m, "MemorySwap") {
        if swap == -1 || (memory > 0 && swap == 2 * memory) {
            m.remove("MemorySwap");
        }
    }
    // `NET_ADMIN`, `net_admin` and `CAP_NET_ADMIN` are one capability: older CLIs sent them as
    // typed, newer ones (and Tugboat) send the `CAP_` form.
    for key in ["CapAdd", "CapDrop"] {
        if let Some(Value::Array(caps)) = m.get_mut(key) {
            for cap in caps.iter_mut() {
                if let Some(name) = cap.as_str() {
                    let upper = name.to_ascii_uppercase();
                    *cap = Value::String(if upper == "ALL" || upper.starts_with("CAP_") {
                        upper
                    } else {
                        format!("CAP_{upper}")
                    });
                }
            }
        }
    }
    if let Some(Value::Object(policy)) = m.get_mut("RestartPolicy") {
        if policy.get("Name").and_then(Value::as_str) == Some("") {
            policy.insert("Name".into(), "no".into());
        }
        if policy.get("Name").and_then(Value::as_str) == Some("no") {
            policy.remove("Name");
        }
    }
    if let Some(Value::Array(binds)) = m.get_mut("Binds") {
        for b in binds.iter_mut() {
            if let Some(s) = b.as_str() {
                *b = Value::String(canonical_bind(s));
            }
        }
    }
    if let Some(Value::Array(links)) = m.get_mut("Links") {
        for l in links.iter_mut() {
            if let Some(s) = l.as_str() {
                *l = Value::String(canonical_link(s));
            }
        }
    }
}

/// `source:target[:options]` with `rw` (the default) dropped and the options sorted.
fn canonical_bind(bind: &str) -> String {
    let mut parts = bind.splitn(3, ':');
    let (source, target) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let mut options: Vec<&str> = parts
        .next()
        .unwrap_or_default()
        .split(',')
        .filter(|o| !o.is_empty() && *o != "rw")
        .collect();
    options.sort_unstable();
    if options.is_empty() {
        format!("{source}:{target}")
    } else {
        format!("{source}:{target}:{}", options.join(","))
    }
}

/// The engine stores `--link db:database` as `/db:/web/database`.
pub(super) fn canonical_link(link: &str) -> String {
    let (other, alias) = link.split_once(':').unwrap_or((link, ""));
    let other = other.trim_start_matches('/');
    let alias = alias.rsplit('/').next().unwrap_or_default();
    if alias.is_empty() || alias == other {
        other.to_owned()
    } else {
        format!("{other}:{alias}")
    }
}

fn bind_targets(sent_host: &Value, sent_config: &Value) -> Vec<String> {
    let mut targets: Vec<String> = sent_host
        .get("Binds")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(|b| b.split(':').nth(1).map(str::to_owned))
        .collect();
    if let Some(Value::Object(v)) = sent_config.get("Volumes") {
        targets.extend(v.keys().cloned());
    }
    targets
}

/// `--mount type=volume|bind|tmpfs` is sent back as `-v` or `--tmpfs`: the same mount, written
/// the other way. A mount with options `-v` cannot say stays listed.
fn carry_mounts(host: &mut Value, sent_host: &Value) {
    let binds: Vec<String> = sent_host
        .get("Binds")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let tmpfs = sent_host.get("Tmpfs").cloned().unwrap_or(Value::Null);
    let Some(Value::Array(mounts)) = host.get_mut("Mounts") else {
        return;
    };
    mounts.retain(|mount| {
        let field = |k: &str| mount.get(k).and_then(Value::as_str).unwrap_or_default();
        let read_only = mount.get("ReadOnly").and_then(Value::as_bool) == Some(true);
        let rest_unset = mount.as_object().is_some_and(|m| {
            m.iter()
                .filter(|(k, _)| !["Type", "Source", "Target", "ReadOnly"].contains(&k.as_str()))
                .all(|(_, v)| is_unset(v))
        });
        let carried = match field("Type") {
            "bind" | "volume" => {
                let bind = format!(
                    "{}:{}{}",
                    field("Source"),
                    field("Target"),
                    if read_only { ":ro" } else { "" }
                );
                binds
                    .iter()
                    .any(|b| canonical_bind(b) == canonical_bind(&bind))
            }
            "tmpfs" => tmpfs.get(field("Target")).is_some(),
            _ => false,
        };
        !(carried && rest_unset)
    });
}

/// Removes what the engine or the image gave the container, not the user.
fn normalise_config(config: &mut Value, image: &Value, short_id: &str) {
    let Some(m) = config.as_object_mut() else {
        return;
    };
    for (path, _) in NOT_SETTINGS {
        if let Some(key) = path.strip_prefix("Config.") {
            m.remove(key);
        }
    }
    // The engine names a container's host after its short id unless told otherwise.
    if !short_id.is_empty() && m.get("Hostname").and_then(Value::as_str) == Some(short_id) {
        m.remove("Hostname");
    }
    let Some(image) = image.as_object() else {
        return;
    };
    for (key, theirs) in image {
        let Some(mine) = m.get_mut(key) else { continue };
        if mine == theirs {
            m.remove(key);
            continue;
        }
        // These the engine merges with the image's: only what the image lacks was given.
        match (key.as_str(), mine, theirs) {
            ("Env", Value::Array(items), Value::Array(image_items)) => {
                items.retain(|i| !image_items.contains(i));
            }
            (
                "Labels" | "ExposedPorts" | "Volumes",
                Value::Object(entries),
                Value::Object(image_entries),
            ) => {
                entries.retain(|k, v| image_entries.get(k) != Some(v));
            }
            _ => {}
        }
    }
}

/// The entrypoint and command compared as what would run: the form writes `--entrypoint sh`
/// with `-c …` in the command, which runs the same as an entrypoint of `sh -c`.
fn carry_command(config: &mut Value, sent: &Value, image: &Value) {
    let words = |v: Option<&Value>| -> Option<Vec<Value>> { v.and_then(Value::as_array).cloned() };
    let sent_entry = words(sent.get("Entrypoint"));
    let runs_sent: Vec<Value> = sent_entry
        .clone()
        .or_else(|| words(image.get("Entrypoint")))
        .unwrap_or_default()
        .into_iter()
        .chain(
            words(sent.get("Cmd"))
                .or_else(|| {
                    // `--entrypoint` without a command drops the image's command.
                    sent_entry
                        .is_none()
                        .then(|| words(image.get("Cmd")))
                        .flatten()
                })
                .unwrap_or_default(),
        )
        .collect();
    let Some(m) = config.as_object_mut() else {
        return;
    };
    // The inspected entrypoint and command are what the container runs, image's included.
    let entry = words(m.get("Entrypoint"));
    let cmd = words(m.get("Cmd"));
    let runs: Vec<Value> = entry
        .clone()
        .unwrap_or_default()
        .into_iter()
        .chain(cmd.unwrap_or_default())
        .collect();
    let cleared = entry.is_some_and(|e| !e.is_empty() && e.iter().all(is_unset));
    if runs == runs_sent && !cleared {
        m.remove("Entrypoint");
        m.remove("Cmd");
    }
}

/// An anonymous volume (`-v /data`) is sent back by the name the engine gave it: the same
/// volume, mounted by name.
fn carry_volumes(config: &mut Value, sent_config: &Value, sent_host: &Value) {
    let targets = bind_targets(sent_host, sent_config);
    if let Some(Value::Object(volumes)) = config.get_mut("Volumes") {
        volumes.retain(|target, _| !targets.contains(target));
    }
}

/// `{"9999/tcp": {}}` is the list `["9999/tcp"]`: the keys are the values.
fn keys_as_list(config: &mut Value, key: &str) {
    if let Some(slot) = config.get_mut(key) {
        if let Value::Object(m) = slot {
            *slot = Value::Array(m.keys().cloned().map(Value::String).collect());
        }
    }
}

/// Shell-quoted only where a shell needs it: `nofile=1024:2048` stays as typed.
fn quoted(text: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        text.to_owned()
    } else {
        command_line(&[text])
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `docker network connect` for a network other than the first, with its aliases and address.
fn network_connect(name: &str, endpoint: &Value) -> String {
    let mut line = String::from("docker network connect");
    for alias in endpoint
        .get("Aliases")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        line.push_str(&format!(" --alias {}", plain(alias)));
    }
    let ipam = endpoint.get("IPAMConfig").cloned().unwrap_or(Value::Null);
    for (key, flag) in [("IPv4Address", "--ip"), ("IPv6Address", "--ip6")] {
        if let Some(ip) = ipam.get(key).filter(|v| !is_unset(v)) {
            line.push_str(&format!(" {flag} {}", plain(ip)));
        }
    }
    if let Some(mac) = endpoint.get("MacAddress").filter(|v| !is_unset(v)) {
        line.push_str(&format!(" (MAC address {})", plain(mac)));
    }
    line.push(' ');
    line.push_str(name);
    line
}

/// The `docker run` flag for a path in the engine's JSON, where there is one.
fn flag_for(path: &str) -> Option<&'static str> {
    Some(match path {
        "Config.Hostname" => "--hostname",
        "Config.Domainname" => "--domainname",
        "Config.User" => "--user",
        "Config.Tty" => "-t",
        "Config.OpenStdin" => "-i",
        "Config.Env" => "-e",
        "Config.Cmd" => "command",
        "Config.Entrypoint" => "--entrypoint",
        "Config.Image" => "image",
        "Config.Volumes" => "-v",
        "Config.WorkingDir" => "--workdir",
        "Config.ExposedPorts" => "--expose",
        "Config.MacAddress" => "--mac-address",
        "Config.Labels" => "--label",
        "Config.StopSignal" => "--stop-signal",
        "Config.StopTimeout" => "--stop-timeout",
        "Config.NetworkDisabled" => "--network none",
        "Config.Healthcheck.Test" => "--health-cmd",
        "Config.Healthcheck.Interval" => "--health-interval",
        "Config.Healthcheck.Timeout" => "--health-timeout",
        "Config.Healthcheck.Retries" => "--health-retries",
        "Config.Healthcheck.StartPeriod" => "--health-start-period",
        "Config.Healthcheck.StartInterval" => "--health-start-interval",
        "HostConfig.Binds" => "-v",
        "HostConfig.ContainerIDFile" => "--cidfile",
        "HostConfig.LogConfig.Type" => "--log-driver",
        "HostConfig.LogConfig.Config" => "--log-opt",
        "HostConfig.NetworkMode" => "--network",
        "HostConfig.RestartPolicy" => "--restart",
        "HostConfig.AutoRemove" => "--rm",
        "HostConfig.VolumeDriver" => "--volume-driver",
        "HostConfig.VolumesFrom" => "--volumes-from",
        "HostConfig.Annotations" => "--annotation",
        "HostConfig.CapAdd" => "--cap-add",
        "HostConfig.CapDrop" => "--cap-drop",
        "HostConfig.CgroupnsMode" => "--cgroupns",
        "HostConfig.Dns" => "--dns",
        "HostConfig.DnsOptions" => "--dns-option",
        "HostConfig.DnsSearch" => "--dns-search",
        "HostConfig.ExtraHosts" => "--add-host",
        "HostConfig.GroupAdd" => "--group-add",
        "HostConfig.IpcMode" => "--ipc",
        "HostConfig.Cgroup" => "--cgroup",
        "HostConfig.Links" => "--link",
        "HostConfig.OomScoreAdj" => "--oom-score-adj",
        "HostConfig.PidMode" => "--pid",
        "HostConfig.Privileged" => "--privileged",
        "HostConfig.PublishAllPorts" => "-P",
        "HostConfig.ReadonlyRootfs" => "--read-only",
        "HostConfig.SecurityOpt" => "--security-opt",
        "HostConfig.StorageOpt" => "--storage-opt",
        "HostConfig.Tmpfs" => "--tmpfs",
        "HostConfig.UTSMode" => "--uts",
        "HostConfig.UsernsMode" => "--userns",
        "HostConfig.ShmSize" => "--shm-size",
        "HostConfig.Sysctls" => "--sysctl",
        "HostConfig.Runtime" => "--runtime",
        "HostConfig.Isolation" => "--isolation",
        "HostConfig.CpuShares" => "--cpu-shares",
        "HostConfig.Memory" => "--memory",
        "HostConfig.CgroupParent" => "--cgroup-parent",
        "HostConfig.BlkioWeight" => "--blkio-weight",
        "HostConfig.BlkioWeightDevice" => "--blkio-weight-device",
        "HostConfig.BlkioDeviceReadBps" => "--device-read-bps",
        "HostConfig.BlkioDeviceWriteBps" => "--device-write-bps",
        "HostConfig.BlkioDeviceReadIOps" => "--device-read-iops",
        "HostConfig.BlkioDeviceWriteIOps" => "--device-write-iops",
        "HostConfig.CpuPeriod" => "--cpu-period",
        "HostConfig.CpuQuota" => "--cpu-quota",
        "HostConfig.CpuRealtimePeriod" => "--cpu-rt-period",
        "HostConfig.CpuRealtimeRuntime" => "--cpu-rt-runtime",
        "HostConfig.CpusetCpus" => "--cpuset-cpus",
        "HostConfig.CpusetMems" => "--cpuset-mems",
        "HostConfig.Devices" => "--device",
        "HostConfig.DeviceCgroupRules" => "--device-cgroup-rule",
        "HostConfig.DeviceRequests" => "--gpus",
        "HostConfig.MemoryReservation" => "--memory-reservation",
        "HostConfig.MemorySwap" => "--memory-swap",
        "HostConfig.MemorySwappiness" => "--memory-swappiness",
        "HostConfig.NanoCpus" => "--cpus",
        "HostConfig.OomKillDisable" => "--oom-kill-disable",
        "HostConfig.Init" => "--init",
        "HostConfig.PidsLimit" => "--pids-limit",
        "HostConfig.Ulimits" => "--ulimit",
        "HostConfig.CpuCount" => "--cpu-count",
        "HostConfig.CpuPercent" => "--cpu-percent",
        "HostConfig.IOMaximumIOps" => "--io-maxiops",
        "HostConfig.IOMaximumBandwidth" => "--io-maxbandwidth",
        "HostConfig.KernelMemoryTCP" => "--kernel-memory-tcp",
        "HostConfig.PortBindings" => "-p",
        "HostConfig.Mounts" => "--mount",
        "Networks.Aliases" => "--network-alias",
        "Networks.IPAMConfig.IPv4Address" => "--ip",
        "Networks.IPAMConfig.IPv6Address" => "--ip6",
        "Networks.IPAMConfig.LinkLocalIPs" => "--link-local-ip",
        "Networks.MacAddress" => "--mac-address",
        "Networks.Links" => "--link",
        "Networks.DriverOpts" => "--network driver-opt",
        "Networks.GwPriority" => "--network gw-priority",
        _ => return None,
    })
}

/// The leftover at `path` in words: the flag with its value as it would be typed, or the
/// JSON path with its value when no `docker run` flag sets it.
fn describe(path: &[String], value: &Value) -> String {
    // Per-network paths are matched without the network's name.
    let (lookup, network): (Vec<&str>, Option<&str>) = match path {
        [first, name, rest @ ..] if first == "Networks" => (
            std::iter::once("Networks")
                .chain(rest.iter().map(String::as_str))
                .collect(),
            Some(name.as_str()),
        ),
        _ => (path.iter().map(String::as_str).collect(), None),
    };
    // The longest prefix with a flag; what follows it is a key (a sysctl's name, a port).
    let found = (1..=lookup.len())
        .rev()
        .find_map(|n| flag_for(&lookup[..n].join(".")).map(|f| (f, &lookup[n..])));
    let Some((flag, keys)) = found else {
        let at = network
            .map(|n| format!(" (network {n})"))
            .unwrap_or_default();
        return format!(
            "{} = {}{at} (no docker run flag sets this)",
            path.join("."),
            value
        );
    };
    let key = keys.join(".");
    let text = match (flag, value) {
        ("--ulimit", v) => format!(
            "{}={}:{}",
            plain(v.get("Name").unwrap_or(&Value::Null)),
            plain(v.get("Soft").unwrap_or(&Value::Null)),
            plain(v.get("Hard").unwrap_or(&Value::Null))
        ),
        ("--gpus", v) => gpus(v),
        ("--device", v) => {
            let mut d = plain(v.get("PathOnHost").unwrap_or(&Value::Null));
            for k in ["PathInContainer", "CgroupPermissions"] {
                if let Some(p) = v.get(k).filter(|p| !is_unset(p)) {
                    d.push(':');
                    d.push_str(&plain(p));
                }
            }
            d
        }
        ("--blkio-weight-device", v) => format!(
            "{}:{}",
            plain(v.get("Path").unwrap_or(&Value::Null)),
            plain(v.get("Weight").unwrap_or(&Value::Null))
        ),
        (f, v) if f.starts_with("--device-") => format!(
            "{}:{}",
            plain(v.get("Path").unwrap_or(&Value::Null)),
            plain(v.get("Rate").unwrap_or(&Value::Null))
        ),
        ("--mount", v) => mount(v),
        ("-p", v) => {
            let ip = v.get("HostIp").map(plain).unwrap_or_default();
            let port = v.get("HostPort").map(plain).unwrap_or_default();
            let host = [ip, port]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(":");
            if host.is_empty() {
                key.clone()
            } else {
                format!("{host}:{key}")
            }
        }
        ("--restart", v) => {
            let name = v.get("Name").map(plain).unwrap_or_else(|| "no".into());
            match v.get("MaximumRetryCount").and_then(Value::as_i64) {
                Some(n) if n > 0 => format!("{name}:{n}"),
                _ => name,
            }
        }
        ("--entrypoint", Value::Array(words)) if words.iter().all(is_unset) => {
            return r#"--entrypoint "" (the image's entrypoint comes back)"#.into();
        }
        ("--health-cmd", Value::Array(words)) => {
            let words: Vec<String> = words.iter().map(plain).collect();
            match words.split_first() {
                Some((kind, _)) if kind == "NONE" => return "--no-healthcheck".into(),
                Some((kind, rest)) if kind == "CMD-SHELL" => rest.join(" "),
                Some((_, rest)) => format!("{} (without a shell)", command_line(rest)),
                None => String::new(),
            }
        }
        ("command" | "--entrypoint", Value::Array(words)) => {
            command_line(&words.iter().map(plain).collect::<Vec<_>>())
        }
        // A bare value: `-v /data`, `--expose 9999/tcp`.
        ("--tmpfs", v) if !key.is_empty() => {
            if is_unset(v) {
                key.clone()
            } else {
                format!("{key}:{}", plain(v))
            }
        }
        (_, Value::Bool(true)) if key.is_empty() => return flag.to_owned(),
        (_, v) if !key.is_empty() => format!("{key}={}", plain(v)),
        (_, v) => plain(v),
    };
    let text = match flag {
        "command" => format!("the command {text}"),
        "image" => format!("the image {text}"),
        _ => format!("{flag} {}", quoted(&text)),
    };
    match network {
        Some(n) => format!("{text} (network {n})"),
        None => text,
    }
}

/// `--gpus all`, `--gpus 2`, `--gpus device=0,1`: a device request as the CLI writes it.
fn gpus(v: &Value) -> String {
    let ids: Vec<String> = v
        .get("DeviceIDs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(plain)
        .collect();
    if !ids.is_empty() {
        return format!("device={}", ids.join(","));
    }
    match v.get("Count").and_then(Value::as_i64) {
        Some(-1) => "all".into(),
        Some(n) => n.to_string(),
        None => v.to_string(),
    }
}

/// A `--mount` as the CLI writes it: type, source, target, then every other option set.
fn mount(v: &Value) -> String {
    let mut parts = Vec::new();
    for (key, name) in [("Type", "type"), ("Source", "source"), ("Target", "target")] {
        if let Some(x) = v.get(key).filter(|x| !is_unset(x)) {
            parts.push(format!("{name}={}", plain(x)));
        }
    }
    if v.get("ReadOnly").and_then(Value::as_bool) == Some(true) {
        parts.push("readonly".into());
    }
    let mut rest = Vec::new();
    if let Some(m) = v.as_object() {
        for (key, value) in m {
            if !["Type", "Source", "Target", "ReadOnly"].contains(&key.as_str()) {
                leftovers(value, &Value::Null, &mut vec![key.clone()], &mut rest);
            }
        }
    }
    for (path, value) in rest {
        let option = match path.join(".").as_str() {
            "TmpfsOptions.SizeBytes" => format!("tmpfs-size={}", plain(&value)),
            "TmpfsOptions.Mode" => format!("tmpfs-mode={:o}", value.as_i64().unwrap_or(0)),
            "BindOptions.Propagation" => format!("bind-propagation={}", plain(&value)),
            "VolumeOptions.NoCopy" => "volume-nocopy".into(),
            "VolumeOptions.Subpath" => format!("volume-subpath={}", plain(&value)),
            "VolumeOptions.DriverConfig.Name" => format!("volume-driver={}", plain(&value)),
            "Consistency" => format!("consistency={}", plain(&value)),
            other => match (path.first().map(String::as_str), path.last()) {
                (Some("VolumeOptions"), Some(key)) if path.len() == 3 && path[1] == "Labels" => {
                    format!("volume-label={key}={}", plain(&value))
                }
                _ => format!("{other}={}", plain(&value)),
            },
        };
        parts.push(option);
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::containers::recreate::form_from_inspect;
    use crate::containers::run::create_body;
    use bollard::models::{
        ContainerConfig, ContainerInspectResponse, EndpointSettings, HostConfig,
    };
    use serde::de::{DeserializeOwned, Error as _, Visitor};
    use serde_json::json;

    /// What a recreate plan lists for `c`, made from `image`: the replacement is the form read
    /// back from it, as `recreate_plan` does.
    fn listed_with(c: &Value, image: &Value) -> Vec<String> {
        let typed: ContainerInspectResponse = serde_json::from_value(c.clone()).unwrap();
        let image: Option<ImageConfig> = serde_json::from_value(image.clone()).unwrap();
        let sent = form_from_inspect(&typed, image.as_ref())
            .validate()
            .ok()
            .map(|s| create_body(&s));
        not_carried(c, image.as_ref(), sent.as_ref(), &EngineDefaults::default())
    }

    fn listed(c: &Value) -> Vec<String> {
        listed_with(c, &Value::Null)
    }

    /// A container as the engine reports one made with `docker run -d busybox`: everything the
    /// engine and the image filled in by themselves.
    fn plain_container() -> Value {
        let config = json!({
            "Hostname": "0123456789ab", "Domainname": "", "User": "",
            "AttachStdin": false, "AttachStdout": true, "AttachStderr": true,
            "Tty": false, "OpenStdin": false, "StdinOnce": false,
            "Env": ["PATH=/bin"], "Cmd": ["sh"], "Image": "busybox:1",
            "Volumes": null, "WorkingDir": "", "Entrypoint": null, "Labels": {}
        });
        let host = json!({
            "Binds": null, "ContainerIDFile": "",
            "LogConfig": {"Type": "json-file", "Config": {}},
            "NetworkMode": "bridge", "PortBindings": {},
            "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0},
            "AutoRemove": false, "VolumeDriver": "", "VolumesFrom": null,
            "ConsoleSize": [24, 80], "CapAdd": null, "CapDrop": null,
            "CgroupnsMode": "private", "Dns": [], "DnsOptions": [], "DnsSearch": [],
            "ExtraHosts": null, "GroupAdd": null, "IpcMode": "private", "Cgroup": "",
            "Links": null, "OomScoreAdj": 0, "PidMode": "", "Privileged": false,
            "PublishAllPorts": false, "ReadonlyRootfs": false, "SecurityOpt": null,
            "UTSMode": "", "UsernsMode": "", "ShmSize": 67108864, "Runtime": "runc"
        });
        let limits = json!({
            "Isolation": "", "CpuShares": 0, "Memory": 0, "NanoCpus": 0,
            "CgroupParent": "", "BlkioWeight": 0, "BlkioWeightDevice": [],
            "BlkioDeviceReadBps": [], "BlkioDeviceWriteBps": [],
            "BlkioDeviceReadIOps": [], "BlkioDeviceWriteIOps": [],
            "CpuPeriod": 0, "CpuQuota": 0, "CpuRealtimePeriod": 0,
            "CpuRealtimeRuntime": 0, "CpusetCpus": "", "CpusetMems": "",
            "Devices": [], "DeviceCgroupRules": null, "DeviceRequests": null,
            "MemoryReservation": 0, "MemorySwap": 0, "MemorySwappiness": null,
            "OomKillDisable": null, "PidsLimit": null, "Ulimits": [],
            "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0, "IOMaximumBandwidth": 0,
            "MaskedPaths": ["/proc/asound", "/proc/acpi"],
            "ReadonlyPaths": ["/proc/bus", "/proc/fs"]
        });
        let bridge = json!({
            "IPAMConfig": null, "Links": null, "Aliases": null,
            "MacAddress": "", "DriverOpts": null, "NetworkID": "n1", "EndpointID": "",
            "Gateway": "", "IPAddress": "", "IPPrefixLen": 0, "IPv6Gateway": "",
            "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0, "DNSNames": null
        });
        let mut c = json!({"Id": "0123456789abcdef0123", "Name": "/web", "Config": config});
        c = with(c, "HostConfig", host);
        c = with(c, "HostConfig", limits);
        c["NetworkSettings"] = json!({"Networks": {"bridge": bridge}});
        c
    }

    fn busybox() -> Value {
        json!({"Env": ["PATH=/bin"], "Cmd": ["sh"]})
    }

    fn with(mut base: Value, section: &str, fields: Value) -> Value {
        for (k, v) in fields.as_object().unwrap() {
            base[section][k] = v.clone();
        }
        base
    }

    #[test]
    fn what_the_engine_and_the_image_filled_in_is_not_listed() {
        assert_eq!(
            listed_with(&plain_container(), &busybox()),
            Vec::<String>::new()
        );
    }

    #[test]
    fn what_the_form_holds_is_carried_and_not_listed() {
        let c = with(
            with(
                plain_container(),
                "Config",
                json!({
                    "Env": ["PATH=/bin", "A=1"], "Cmd": ["httpd", "-f"],
                    "Labels": {"team": "core"}, "ExposedPorts": {"80/tcp": {}},
                    "Volumes": {"/data": {}}, "Hostname": "box", "User": "1000",
                    "Healthcheck": {"Test": ["CMD", "/bin/check", "--fast"], "Interval": 30000000000i64}
                }),
            ),
            "HostConfig",
            json!({
                "Binds": ["/srv:/www:ro", "named:/named:rw"],
                "PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]},
                "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 3},
                "Memory": 67108864, "MemorySwap": 134217728, "NanoCpus": 1500000000,
                "Tmpfs": {"/run": ""}
            }),
        );
        let mut c = c;
        c["Mounts"] = json!([
            {"Type": "volume", "Name": "abc", "Destination": "/data", "RW": true},
            {"Type": "volume", "Name": "named", "Destination": "/named", "RW": true},
            {"Type": "bind", "Source": "/srv", "Destination": "/www", "RW": false}
        ]);
        assert_eq!(listed_with(&c, &busybox()), Vec::<String>::new());
    }

    #[test]
    fn settings_the_form_has_no_place_for_are_listed_as_their_flags() {
        let mut c = with(
            with(
                plain_container(),
                "Config",
                json!({"ExposedPorts": {"9999/tcp": {}}, "StopTimeout": 1}),
            ),
            "HostConfig",
            json!({
                "Ulimits": [{"Name": "nofile", "Soft": 1024, "Hard": 2048}],
                "DeviceRequests": [{"Driver": "", "Count": -1, "Capabilities": [["gpu"]]}],
                "LogConfig": {"Type": "json-file", "Config": {"max-size": "1m"}},
                "CpuQuota": 50000, "CpuPeriod": 100000, "CpusetMems": "0",
                "BlkioWeight": 300, "MemorySwappiness": 10, "OomKillDisable": true,
                "OomScoreAdj": 100, "CgroupnsMode": "host", "UsernsMode": "host",
                "UTSMode": "host", "StorageOpt": {"size": "1G"}, "Isolation": "hyperv",
                "NetworkMode": "front",
                "Mounts": [{"Type": "npipe", "Source": "\\\\.\\pipe\\x", "Target": "\\\\.\\pipe\\y"},
                           {"Type": "bind", "Source": "/srv", "Target": "/srv",
                            "BindOptions": {"Propagation": "rshared"}}]
            }),
        );
        c["NetworkSettings"]["Networks"] = json!({
            "front": {"IPAMConfig": {"IPv4Address": "10.1.0.9"}, "Aliases": ["api", "0123456789ab"],
                      "MacAddress": "02:42:ac:11:00:99", "IPAddress": "10.1.0.9"},
            "back": {"Aliases": ["db"]}
        });
        let got = listed_with(&c, &busybox());
        // Each is listed, unless the run form has learnt its flag: then the create request
        // sends it. Never neither, never both.
        for (want, at) in [
            ("--expose 9999/tcp", "Config.ExposedPorts"),
            ("--stop-timeout 1", "Config.StopTimeout"),
            ("--ulimit nofile=1024:2048", "HostConfig.Ulimits"),
            ("--gpus all", "HostConfig.DeviceRequests"),
            (
                "--log-opt max-size=1m",
                "HostConfig.LogConfig.Config.max-size",
            ),
            ("--cpu-quota 50000", "HostConfig.CpuQuota"),
            ("--cpu-period 100000", "HostConfig.CpuPeriod"),
            ("--cpuset-mems 0", "HostConfig.CpusetMems"),
            ("--blkio-weight 300", "HostConfig.BlkioWeight"),
            ("--memory-swappiness 10", "HostConfig.MemorySwappiness"),
            ("--oom-kill-disable", "HostConfig.OomKillDisable"),
            ("--oom-score-adj 100", "HostConfig.OomScoreAdj"),
            ("--cgroupns host", "HostConfig.CgroupnsMode"),
            ("--userns host", "HostConfig.UsernsMode"),
            ("--uts host", "HostConfig.UTSMode"),
            ("--storage-opt size=1G", "HostConfig.StorageOpt.size"),
            ("--isolation hyperv", "HostConfig.Isolation"),
            (
                "--ip 10.1.0.9 (network front)",
                "Networks.front.IPAMConfig.IPv4Address",
            ),
            (
                "--network-alias api (network front)",
                "Networks.front.Aliases",
            ),
            (
                "--mac-address 02:42:ac:11:00:99 (network front)",
                "Networks.front.MacAddress",
            ),
            (
                "--mount type=bind,source=/srv,target=/srv,bind-propagation=rshared",
                "HostConfig.Mounts",
            ),
            ("docker network connect --alias db back", "Networks.back"),
        ] {
            let is_listed = got.iter().any(|l| l == want);
            let is_sent = sends(&c, &busybox(), at);
            assert!(
                is_listed != is_sent,
                "{want}: listed {is_listed}, sent {is_sent}: {got:#?}"
            );
        }
        assert!(
            got.iter()
                .any(|l| l.starts_with("--mount") && l.contains("type=npipe")),
            "{got:#?}"
        );
        assert!(
            !got.iter().any(|l| l.contains("0123456789ab")),
            "the engine's own alias is not listed: {got:#?}"
        );
    }

    #[test]
    fn the_mac_address_the_engine_made_is_not_listed() {
        let mut c = plain_container();
        c["State"] = json!({"Running": true});
        c["NetworkSettings"]["Networks"]["bridge"]["IPAddress"] = json!("172.17.0.5");
        c["NetworkSettings"]["Networks"]["bridge"]["MacAddress"] = json!("02:42:ac:11:00:05");
        assert_eq!(listed_with(&c, &busybox()), Vec::<String>::new());
        c["NetworkSettings"]["Networks"]["bridge"]["MacAddress"] = json!("02:42:ac:11:00:99");
        assert_eq!(
            listed_with(&c, &busybox()),
            vec!["--mac-address 02:42:ac:11:00:99 (network bridge)"]
        );
        // Engines before API 1.44 keep a MAC address given at creation here.
        let mut old = plain_container();
        old["Config"]["MacAddress"] = json!("02:42:ac:11:00:99");
        old["NetworkSettings"]["Networks"]["bridge"]["MacAddress"] = json!("02:42:ac:11:00:99");
        assert_eq!(
            listed_with(&old, &busybox()),
            vec!["--mac-address 02:42:ac:11:00:99"]
        );
    }

    #[test]
    fn a_setting_without_a_flag_is_listed_by_its_path() {
        let c = with(
            plain_container(),
            "HostConfig",
            json!({"KernelMemory": 1048576}),
        );
        assert_eq!(
            listed_with(&c, &busybox()),
            vec!["HostConfig.KernelMemory = 1048576 (no docker run flag sets this)"]
        );
    }

    #[test]
    fn an_exec_form_health_check_is_carried_as_exec_form() {
        let c = with(
            plain_container(),
            "Config",
            json!({"Healthcheck": {"Test": ["CMD", "/bin/check", "a b"], "Retries": 2}}),
        );
        let inspected: ContainerInspectResponse = serde_json::from_value(c.clone()).unwrap();
        let form = form_from_inspect(&inspected, None);
        assert!(form.health_exec);
        let body = create_body(&form.validate().unwrap());
        assert_eq!(
            body.healthcheck.and_then(|h| h.test),
            Some(vec!["CMD".to_owned(), "/bin/check".into(), "a b".into()])
        );
        assert_eq!(listed_with(&c, &busybox()), Vec::<String>::new());
        // A check the image has, switched off with --no-healthcheck, is listed.
        let off = with(
            plain_container(),
            "Config",
            json!({"Healthcheck": {"Test": ["NONE"]}}),
        );
        let image = json!({"Env": ["PATH=/bin"], "Cmd": ["sh"], "Healthcheck": {"Test": ["CMD-SHELL", "true"]}});
        assert_eq!(listed_with(&off, &image), vec!["--no-healthcheck"]);
    }

    // --- Walking the model: every field of the engine's container model, set to something
    // --- that is not a default, must be carried by the create request or listed.

    /// The JSON names of a struct's fields, as serde knows them: read from `deserialize_struct`.
    struct FieldNames<'a>(&'a mut Vec<&'static str>);

    impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(Self::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.extend(fields);
            Err(Self::Error::custom("names read"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }

    fn field_names<T: DeserializeOwned>() -> Vec<&'static str> {
        let mut names = Vec::new();
        let _ = T::deserialize(FieldNames(&mut names));
        assert!(!names.is_empty());
        names
    }

    /// A value for `field` of `T` that is not a default, and that `T` keeps as given: simple
    /// kinds are tried in turn; structured fields have a sample.
    fn sample<T: DeserializeOwned + serde::Serialize>(field: &str) -> Option<Value> {
        let structured = match field {
            "Ulimits" => json!([{"Name": "nofile", "Soft": 10, "Hard": 20}]),
            "Devices" => {
                json!([{"PathOnHost": "/dev/fuse", "PathInContainer": "/dev/fuse", "CgroupPermissions": "rwm"}])
            }
            "DeviceRequests" => json!([{"Count": -1, "Capabilities": [["gpu"]]}]),
            "Mounts" => {
                json!([{"Type": "bind", "Source": "/srv", "Target": "/srv", "BindOptions": {"Propagation": "rshared"}}])
            }
            "LogConfig" => json!({"Type": "syslog", "Config": {"tag": "x"}}),
            "RestartPolicy" => json!({"Name": "always", "MaximumRetryCount": 0}),
            "BlkioWeightDevice" => json!([{"Path": "/dev/sda", "Weight": 300}]),
            "BlkioDeviceReadBps"
            | "BlkioDeviceWriteBps"
            | "BlkioDeviceReadIOps"
            | "BlkioDeviceWriteIOps" => json!([{"Path": "/dev/sda", "Rate": 1000}]),
            "Healthcheck" => json!({"Test": ["CMD", "/bin/check"], "Interval": 1000000000}),
            "PortBindings" => json!({"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}),
            "ExposedPorts" => json!({"9999/tcp": {}}),
            "Volumes" => json!({"/data": {}}),
            "CgroupnsMode" => json!("host"),
            "Isolation" => json!("hyperv"),
            "IPAMConfig" => json!({"IPv4Address": "10.1.0.9"}),
            "Annotations" | "StorageOpt" | "Sysctls" | "DriverOpts" => json!({"x.key": "v"}),
            _ => Value::Null,
        };
        let simple = [
            json!(true),
            json!(7),
            json!("x-value"),
            json!(["x-value"]),
            json!({"x-key": "x-value"}),
        ];
        std::iter::once(structured)
            .chain(simple)
            .filter(|v| !v.is_null())
            .find(|v| {
                serde_json::from_value::<T>(json!({ field: v }))
                    .ok()
                    .and_then(|t| serde_json::to_value(t).ok())
                    .and_then(|t| t.get(field).cloned())
                    .as_ref()
                    == Some(v)
            })
    }

    /// What the create request for the form read back from `c` sends at `path` (`Config.X`,
    /// `HostConfig.X.Y`, `Networks.<name>.X`), if anything.
    fn sent_at(c: &Value, image: &Value, path: &str) -> Option<Value> {
        let inspected: ContainerInspectResponse = serde_json::from_value(c.clone()).unwrap();
        let image: Option<ImageConfig> = serde_json::from_value(image.clone()).unwrap();
        let spec = form_from_inspect(&inspected, image.as_ref())
            .validate()
            .ok()?;
        let mut at = serde_json::to_value(create_body(&spec)).unwrap();
        let mut parts = path.split('.');
        match parts.next()? {
            "Config" => {}
            "HostConfig" => at = at["HostConfig"].take(),
            _ => at = at["NetworkingConfig"]["EndpointsConfig"].take(),
        }
        for part in parts {
            at = at.get(part)?.clone();
        }
        // Port and volume sets are maps of empty objects: their keys are what is set.
        let set = match &at {
            Value::Object(m) if path.ends_with("ExposedPorts") || path.ends_with("Volumes") => {
                !m.is_empty()
            }
            v => !is_unset(v),
        };
        set.then_some(at)
    }

    fn sends(c: &Value, image: &Value, path: &str) -> bool {
        sent_at(c, image, path).is_some()
    }

    /// Whether the create request for the form read back from `c` sends `value` at `path`.
    fn carried(c: &Value, path: &str, value: &Value) -> bool {
        sent_at(c, &Value::Null, path).is_some_and(|sent| super::covers(&sent, value))
    }

    fn walk<T: DeserializeOwned + serde::Serialize>(section: &str) {
        for field in field_names::<T>() {
            let path = format!("{section}.{field}");
            if NOT_SETTINGS.iter().any(|(p, _)| *p == path) {
                continue;
            }
            let value = sample::<T>(field)
                .unwrap_or_else(|| panic!("{path}: no sample value; add one to `sample`"));
            let c = with(plain_container(), section, json!({ field: value.clone() }));
            let got = listed(&c);
            assert!(
                !got.is_empty() || carried(&c, &path, &value),
                "{path} = {value} is neither carried nor listed"
            );
        }
    }

    #[test]
    fn every_host_config_field_is_carried_or_listed() {
        walk::<HostConfig>("HostConfig");
    }

    #[test]
    fn every_container_config_field_is_carried_or_listed() {
        walk::<ContainerConfig>("Config");
    }

    #[test]
    fn every_network_setting_is_carried_or_listed() {
        for field in field_names::<EndpointSettings>() {
            if ENDPOINT_STATE.contains(&field) {
                continue;
            }
            let value = sample::<EndpointSettings>(field).unwrap_or_else(|| {
                panic!("Networks.{field}: no sample value; add one to `sample`")
            });
            let mut c = plain_container();
            c["NetworkSettings"]["Networks"]["bridge"][field] = value.clone();
            assert!(
                !listed(&c).is_empty()
                    || sends(&c, &Value::Null, &format!("Networks.bridge.{field}")),
                "Networks.bridge.{field} = {value} is neither carried nor listed"
            );
        }
    }
}
