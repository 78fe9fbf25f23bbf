//! From the form to a typed, valid [`ContainerSpec`], and from the spec to the `docker run`
//! command it equals. Nothing is created from a form that does not validate.

use crate::advanced::AdvancedSpec;
use crate::form::{FieldError, MountKind, RunForm};
use crate::validate::{self, health::HealthFields, limits::Limits, Problems};
use crate::values;
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
    /// Memory, CPU and process limits (flattened: the same JSON fields as before).
    #[serde(flatten)]
    pub limits: Limits,
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

impl RunForm {
    /// Checks every field and returns the spec, or every problem found (not just the first),
    /// section by section (`crate::validate`).
    pub fn validate(&self) -> Result<ContainerSpec, Vec<FieldError>> {
        let mut errs = Problems::new();
        let e = &mut errs;
        let image = validate::process::image(&self.image, e);
        let name = validate::process::name(&self.name, e);
        let cmd = validate::process::command(&self.command, "command", e);
        let ports = validate::ports::ports(&self.ports, e);
        let mounts = validate::mounts::mounts(&self.mounts, e);
        let env = validate::env::env(&self.env, e);
        let restart = validate::restart::restart(&self.restart, e);
        if self.auto_remove && restart.name != "no" {
            validate::problem(
                e,
                "restart",
                "a container removed when it exits (--rm) can't also be restarted: choose one",
            );
        }
        let limits = self.limits.validate(e);
        let network = validate::network::network(&self.network, e);
        validate::network::ports_on_host_network(network.as_deref(), !ports.is_empty(), e);
        let links = validate::network::links(&self.links, e);
        let hostname = validate::network::hostname(&self.hostname, e);
        let user = validate::network::user(&self.user, e);
        let workdir = validate::network::workdir(&self.workdir, e);
        let labels = validate::env::labels(&self.labels, e);
        let health = validate::health::health(
            HealthFields {
                command: &self.health_cmd,
                exec: self.health_exec,
                interval: &self.health_interval,
                timeout: &self.health_timeout,
                retries: &self.health_retries,
                start_period: &self.health_start_period,
            },
            e,
        );
        let advanced = self.validate_advanced(network.as_deref(), e);
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(ContainerSpec {
            image,
            name,
            cmd,
            entrypoint: validate::opt(&self.entrypoint),
            interactive: self.interactive,
            tty: self.tty,
            auto_remove: self.auto_remove,
            ports,
            publish_all: self.publish_all,
            mounts,
            env,
            restart: restart.name,
            restart_max_retries: restart.max_retries,
            limits,
            network,
            links,
            hostname,
            user,
            workdir,
            labels,
            health,
            advanced,
        })
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
        self.limits.push_flags(&mut v);
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

/// Kept here too, where the engine crate has always found it.
pub use crate::validate::ports::MAX_PORT_RANGE;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{EnvRow, MountRow, PortRow};
    use crate::validate::limits::LimitsForm;

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
                limits: LimitsForm {
                    memory: m.into(),
                    ..Default::default()
                },
                ..form()
            };
            assert!(error_on(&f, "memory").contains(want), "{m}");
        }
        for ok in ["512m", "1.5g", "1GB", "2g", "0", "", "10 mb"] {
            let f = RunForm {
                limits: LimitsForm {
                    memory: ok.into(),
                    ..Default::default()
                },
                ..form()
            };
            assert!(f.validate().is_ok(), "{ok}: {:?}", errors(&f));
        }
        let f = RunForm {
            limits: LimitsForm {
                memory: "512m".into(),
                memory_swap: "256m".into(),
                ..Default::default()
            },
            ..form()
        };
        assert!(error_on(&f, "memorySwap").contains("at least the memory limit"));
        let f = RunForm {
            limits: LimitsForm {
                memory_swap: "1g".into(),
                ..Default::default()
            },
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
            limits: LimitsForm {
                cpus: "-2".into(),
                ..Default::default()
            },
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
            limits: LimitsForm {
                memory: "lots".into(),
                ..Default::default()
            },
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
            limits: LimitsForm {
                memory: "512m".into(),
                cpus: "1.5".into(),
                ..Default::default()
            },
            health_cmd: "wget -q -O- localhost".into(),
            health_interval: "30s".into(),
            ..Default::default()
        };
        let spec = f.validate().unwrap();
        assert_eq!(spec.limits.nano_cpus(), Some(1_500_000_000));
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
