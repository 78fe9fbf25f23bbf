//! Keys Compose knows that Tugboat reads but cannot run yet: each gets an `unsupported` warning
//! saying plainly what `docker compose` would do, so nobody is surprised that it did not happen.

use crate::yaml::Node;
use crate::{diagnostic, rules, Severity};
use tugboat_textspan::Diagnostic;

/// Service keys, with what docker compose would do with them.
pub const SERVICE_KEYS: &[(&str, &str)] = &[
    (
        "secrets",
        "mount the named secrets as files under /run/secrets",
    ),
    (
        "configs",
        "mount the named configs as files in the container",
    ),
    (
        "logging",
        "use this logging driver and its options for the container",
    ),
    ("devices", "give the container these host devices"),
    ("gpus", "give the container GPUs"),
    (
        "ulimits",
        "set these resource limits (ulimits) in the container",
    ),
    ("sysctls", "set these kernel parameters in the container"),
    (
        "security_opt",
        "apply these security options (seccomp, AppArmor, SELinux)",
    ),
    ("links", "add these legacy links between containers"),
    ("external_links", "link to containers outside the project"),
    (
        "volumes_from",
        "mount every volume of another service or container",
    ),
    ("ipc", "share or isolate the IPC namespace as written"),
    ("pid", "share the PID namespace as written"),
    ("userns_mode", "use this user namespace mode"),
    ("cgroup_parent", "place the container under this cgroup"),
    (
        "mem_reservation",
        "reserve this much memory for the container",
    ),
    ("memswap_limit", "limit memory plus swap"),
    ("cpu_shares", "weigh CPU time by these shares"),
    ("cpuset", "pin the container to these CPUs"),
    ("oom_score_adj", "adjust the container's OOM score"),
    (
        "oom_kill_disable",
        "keep the kernel's OOM killer off the container",
    ),
    (
        "pids_limit",
        "limit how many processes the container may run",
    ),
    ("blkio_config", "limit the container's disk I/O"),
    ("runtime", "run the container with another OCI runtime"),
    ("isolation", "use this isolation technology"),
    (
        "storage_opt",
        "set storage driver options for the container",
    ),
    ("domainname", "set the container's domain name"),
    ("mac_address", "give the container this MAC address"),
    ("annotations", "add these OCI annotations"),
    (
        "post_start",
        "run these commands after the container starts",
    ),
    ("pre_stop", "run these commands before the container stops"),
    ("develop", "watch files and sync or rebuild (compose watch)"),
    ("credential_spec", "use this credential spec (Windows)"),
    ("label_file", "read labels from these files"),
    ("device_cgroup_rules", "add these device cgroup rules"),
    ("group_add", "add the user to these extra groups"),
    ("dns_search", "search these DNS domains"),
    ("dns_opt", "set these resolver options"),
    (
        "attach",
        "choose whether `up` attaches to the service's logs",
    ),
    (
        "provider",
        "create the service through an external provider",
    ),
    ("models", "give the service these AI models"),
    (
        "use_api_socket",
        "mount the Docker API socket into the container",
    ),
];

/// Keys under `deploy:` Tugboat uses; the others are reported.
const DEPLOY_READ: &[&str] = &["replicas", "resources"];

/// Top-level keys Tugboat does not use.
const TOP_KEYS: &[(&str, &str)] = &[
    ("secrets", "define secrets for services to mount"),
    ("configs", "define configs for services to mount"),
    ("models", "define AI models for services"),
];

fn warn(key: &Node, what: &str, would: &str) -> Diagnostic {
    diagnostic(
        rules::UNSUPPORTED,
        Severity::Warning,
        format!("`{what}`: docker compose would {would}; Tugboat does not run this yet and leaves it out"),
        key.span,
    )
}

/// Warnings for the keys Tugboat leaves out, in the active services and at the top.
pub fn find(root: &Node, active: &[&str]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (k, would) in TOP_KEYS {
        if let Some(key) = root.key(k) {
            out.push(warn(key, k, would));
        }
    }
    if let Some(services) = root.get("services").and_then(Node::as_map) {
        for (name, service) in services {
            if !name.as_str().is_some_and(|n| active.contains(&n)) {
                continue;
            }
            let Some(entries) = service.as_map() else {
                continue;
            };
            for (key, value) in entries {
                let k = key.as_str().unwrap_or_default();
                if let Some((_, would)) = SERVICE_KEYS.iter().find(|(s, _)| *s == k) {
                    out.push(warn(key, k, would));
                }
                if k == "deploy" {
                    for (dk, dv) in value.as_map().unwrap_or_default() {
                        let d = dk.as_str().unwrap_or_default();
                        if !DEPLOY_READ.contains(&d) {
                            out.push(warn(
                                dk,
                                &format!("deploy.{d}"),
                                "apply it when deploying to a swarm or with `up`",
                            ));
                        }
                        if d == "resources" {
                            if let Some(r) = dv.key("reservations") {
                                out.push(warn(
                                    r,
                                    "deploy.resources.reservations",
                                    "reserve CPU, memory or devices",
                                ));
                            }
                        }
                    }
                }
                if k == "build" {
                    for (bk, _) in value.as_map().unwrap_or_default() {
                        let b = bk.as_str().unwrap_or_default();
                        if !["context", "dockerfile", "args", "target"].contains(&b) {
                            out.push(warn(bk, &format!("build.{b}"), "pass it to the build"));
                        }
                    }
                }
                if k == "volumes" {
                    for item in value.as_seq().unwrap_or_default() {
                        for opt in ["bind", "volume", "tmpfs", "consistency"] {
                            if let Some(o) = item.key(opt) {
                                out.push(warn(o, &format!("volumes[].{opt}"), "apply these mount options (propagation, nocopy, subpath, size…)"));
                            }
                        }
                    }
                }
                if k == "healthcheck" && value.key("start_interval").is_some() {
                    if let Some(si) = value.key("start_interval") {
                        out.push(warn(
                            si,
                            "healthcheck.start_interval",
                            "check more often while the service starts",
                        ));
                    }
                }
            }
        }
    }
    for section in ["networks", "volumes"] {
        for (_, def) in root.get(section).and_then(Node::as_map).unwrap_or_default() {
            for key in ["driver_opts", "ipam", "enable_ipv6"] {
                if let Some(k) = def.key(key) {
                    out.push(warn(
                        k,
                        &format!("{section}.{key}"),
                        "create it with these options",
                    ));
                }
            }
        }
    }
    out
}
