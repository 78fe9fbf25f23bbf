//! Property: any valid form, turned into its `docker run` command and read back, means the same
//! container. This is what lets a user paste the preview into a terminal, or a command into
//! Tugboat, and get the same thing.

use proptest::prelude::*;
use tugboat_runspec::cli::parse_run;
use tugboat_runspec::{EnvRow, LabelRow, LimitsForm, MountKind, MountRow, PortRow, RunForm};

fn name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_.-]{1,12}"
}

/// Image paths as the engine accepts them: lowercase parts joined by one separator.
fn image() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,6}([._-][a-z0-9]{1,4})?(/[a-z0-9]{1,6})?"
}

fn port_row() -> impl Strategy<Value = PortRow> {
    (
        1u16..60000,
        0u16..3,
        prop::option::of(1u16..60000),
        prop::sample::select(vec!["", "tcp", "udp"]),
        prop::sample::select(vec!["", "127.0.0.1", "::1"]),
    )
        .prop_map(|(c, span, host, proto, ip)| PortRow {
            host_ip: ip.into(),
            host_port: host
                .map(|h| {
                    if span > 0 {
                        format!("{h}-{}", h + span)
                    } else {
                        h.to_string()
                    }
                })
                .unwrap_or_default(),
            container_port: if span > 0 && host.is_some() {
                format!("{c}-{}", c + span)
            } else {
                c.to_string()
            },
            protocol: proto.into(),
        })
}

fn mount_row() -> impl Strategy<Value = MountRow> {
    (0u8..3, name(), "/[a-z]{1,8}(/[a-z]{1,8})?", any::<bool>()).prop_map(|(k, src, target, ro)| {
        match k {
            0 => MountRow {
                kind: MountKind::Volume,
                source: src,
                target,
                read_only: ro,
                ..Default::default()
            },
            1 => MountRow {
                kind: MountKind::Bind,
                source: format!("/srv/{src}"),
                target,
                read_only: ro,
                ..Default::default()
            },
            _ => MountRow {
                kind: MountKind::Tmpfs,
                target,
                ..Default::default()
            },
        }
    })
}

/// The less common settings, each sometimes set.
fn advanced() -> impl Strategy<Value = RunForm> {
    (
        (any::<bool>(), any::<bool>(), any::<bool>()),
        (
            prop::collection::vec(
                prop::sample::select(vec!["NET_ADMIN", "cap_chown", "ALL", "SYS_PTRACE"]),
                0..3,
            ),
            prop::collection::vec(prop::sample::select(vec!["ALL", "MKNOD"]), 0..2),
        ),
        (
            prop::collection::vec(
                (
                    "[a-z]{1,8}",
                    prop::sample::select(vec!["10.0.0.5", "::1", "host-gateway"]),
                ),
                0..2,
            ),
            prop::collection::vec(prop::sample::select(vec!["1.1.1.1", "2001:db8::1"]), 0..2),
        ),
        (
            prop::collection::vec(
                (
                    prop::sample::select(vec!["nofile", "nproc", "core"]),
                    0i64..5000,
                    0i64..5000,
                ),
                0..2,
            ),
            prop::collection::vec(
                (
                    1u16..60000,
                    0u16..3,
                    prop::sample::select(vec!["", "tcp", "udp"]),
                ),
                0..2,
            ),
        ),
        (
            prop::option::of(prop::sample::select(vec!["local", "json-file", "syslog"])),
            prop::collection::vec(("[a-z-]{1,8}", "[a-z0-9]{0,6}"), 0..2),
        ),
        (
            prop::collection::vec(
                prop::sample::select(vec!["/dev/fuse", "/dev/null:/dev/x:r", "/dev/zero:rw"]),
                0..2,
            ),
            prop::option::of(prop::sample::select(vec![
                "all",
                "2",
                "device=0",
                "\"device=0,1\"",
            ])),
            prop::option::of(prop::sample::select(vec!["SIGINT", "TERM", "9"])),
            prop::option::of(-1i64..600),
            prop::option::of(1u32..2048),
        ),
        (
            prop::collection::vec(
                prop::sample::select(vec![
                    "no-new-privileges",
                    "label=disable",
                    "seccomp=unconfined",
                ]),
                0..2,
            ),
            prop::option::of(prop::sample::select(vec!["linux/amd64", "linux/arm64/v8"])),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (read_only, privileged, init),
                (cap_add, cap_drop),
                (hosts, dns),
                (ulimits, expose),
                (log_driver, log_opts),
                (devices, gpus, stop_signal, stop_timeout, shm),
                (security_opts, platform, never),
            )| RunForm {
                read_only,
                privileged,
                init,
                cap_add: cap_add.into_iter().map(String::from).collect(),
                cap_drop: cap_drop.into_iter().map(String::from).collect(),
                add_hosts: hosts
                    .into_iter()
                    .map(|(h, ip)| format!("{h}:{ip}"))
                    .collect(),
                dns: dns.into_iter().map(String::from).collect(),
                ulimits: ulimits
                    .into_iter()
                    .map(|(n, a, b)| format!("{n}={}:{}", a.min(b), a.max(b)))
                    .collect(),
                expose: expose
                    .into_iter()
                    .map(|(p, span, proto)| {
                        let ports = if span > 0 {
                            format!("{p}-{}", p + span)
                        } else {
                            p.to_string()
                        };
                        if proto.is_empty() {
                            ports
                        } else {
                            format!("{ports}/{proto}")
                        }
                    })
                    .collect(),
                log_driver: log_driver.unwrap_or_default().into(),
                log_opts: log_opts
                    .into_iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect(),
                devices: devices.into_iter().map(String::from).collect(),
                gpus: gpus.unwrap_or_default().into(),
                stop_signal: stop_signal.unwrap_or_default().into(),
                stop_timeout: stop_timeout.map(|t| t.to_string()).unwrap_or_default(),
                shm_size: shm.map(|m| format!("{m}m")).unwrap_or_default(),
                security_opts: security_opts.into_iter().map(String::from).collect(),
                platform: platform.unwrap_or_default().into(),
                pull: if never { "never".into() } else { String::new() },
                ..Default::default()
            },
        )
}

fn form() -> impl Strategy<Value = RunForm> {
    (
        (
            image(),
            prop::option::of(name()),
            "[a-z0-9 '\"-]{0,20}",
            any::<bool>(),
            any::<bool>(),
        ),
        (
            prop::collection::vec(port_row(), 0..3),
            prop::collection::vec(mount_row(), 0..3),
        ),
        prop::collection::vec(("[A-Z_][A-Z0-9_]{0,6}", "[ -~]{0,12}"), 0..3),
        (
            prop::sample::select(vec![
                "",
                "no",
                "always",
                "unless-stopped",
                "on-failure",
                "on-failure:5",
            ]),
            prop::option::of(6u32..4096),
            prop::option::of(prop::sample::select(vec!["0.5", "1", "2.25"])),
        ),
        prop::collection::vec(("[a-z.]{1,10}", "[a-z0-9 ]{0,8}"), 0..2),
        (
            prop::option::of("[a-z]{1,8}"),
            prop::option::of("/[a-z]{1,8}"),
            prop::option::of(10i64..500),
        ),
        (
            advanced(),
            prop::option::of(("[a-z]{1,8}", prop::option::of("[a-z]{1,6}"))),
        ),
    )
        .prop_map(
            |(
                (image, nm, cmd, i, t),
                (ports, mounts),
                env,
                (restart, mem, cpus),
                labels,
                (user, workdir, pids),
                (extra, network),
            )| RunForm {
                image: format!("{image}:1"),
                name: nm.unwrap_or_default(),
                command: if cmd.trim().is_empty() {
                    String::new()
                } else {
                    shell_words::join(cmd.split_whitespace())
                },
                interactive: i,
                tty: t,
                ports: dedupe_ports(ports),
                mounts,
                env: env
                    .into_iter()
                    .map(|(n, v)| EnvRow { name: n, value: v })
                    .collect(),
                restart: restart.into(),
                limits: LimitsForm {
                    memory: mem.map(|m| format!("{m}m")).unwrap_or_default(),
                    cpus: cpus.unwrap_or_default().into(),
                    pids_limit: pids.map(|p| p.to_string()).unwrap_or_default(),
                    ..Default::default()
                },
                labels: labels
                    .into_iter()
                    .map(|(k, v)| LabelRow { key: k, value: v })
                    .collect(),
                user: user.unwrap_or_default(),
                workdir: workdir.unwrap_or_default(),
                // A network of one's own, sometimes with an alias: aliases need one.
                network: network
                    .as_ref()
                    .map(|(n, _)| format!("net-{n}"))
                    .unwrap_or_default(),
                network_aliases: network.and_then(|(_, alias)| alias).into_iter().collect(),
                ..extra
            },
        )
}

/// Keeps only rows whose host ports do not collide (a collision is a form error, tested elsewhere).
fn dedupe_ports(rows: Vec<PortRow>) -> Vec<PortRow> {
    let mut seen = Vec::new();
    rows.into_iter()
        .filter(|r| {
            let key = (r.host_port.clone(), r.protocol.clone());
            if r.host_port.is_empty()
                || !seen.iter().any(|(h, p): &(String, String)| {
                    ranges_overlap(h, &key.0)
                        && (p == &key.1
                            || (p.is_empty() && key.1 == "tcp")
                            || (key.1.is_empty() && p == "tcp"))
                })
            {
                if !r.host_port.is_empty() {
                    seen.push(key);
                }
                true
            } else {
                false
            }
        })
        .collect()
}

fn ranges_overlap(a: &str, b: &str) -> bool {
    let r = |s: &str| {
        let (x, y) = s.split_once('-').unwrap_or((s, s));
        (x.parse::<u32>().unwrap_or(0), y.parse::<u32>().unwrap_or(0))
    };
    let (a, b) = (r(a), r(b));
    a.0 <= b.1 && b.0 <= a.1
}

proptest! {
    #[test]
    fn spec_to_command_and_back_is_the_same_spec(f in form()) {
        let spec = f.validate().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let line = spec.command_line();
        let parsed = parse_run(&line);
        prop_assert!(parsed.errors.is_empty(), "{line}: {:?}", parsed.errors);
        prop_assert!(parsed.unsupported.is_empty(), "{line}: {:?}", parsed.unsupported);
        let again = parsed.form.validate().map_err(|e| TestCaseError::fail(format!("{line}: {e:?}")))?;
        prop_assert_eq!(&again, &spec, "{}", line);
        prop_assert_eq!(again.command_line(), line);
        // The form read back holds the same ports: tcp comes back as tcp.
        let ports: Vec<_> = parsed.form.ports.iter().map(|p| (p.container_port.clone(), p.protocol.clone())).collect();
        let want: Vec<_> = f.ports.iter().map(|p| (p.container_port.clone(), p.protocol.replace("tcp", ""))).collect();
        prop_assert_eq!(ports, want);
    }

    #[test]
    fn parsing_anything_never_panics(line in "[ -~]{0,80}") {
        let p = parse_run(&line);
        let _ = p.form.validate();
    }

    #[test]
    fn parsing_any_unicode_never_panics(line in "(-?\\PC{1,6} ?){0,10}") {
        let p = parse_run(&line);
        let _ = p.form.validate();
    }
}
