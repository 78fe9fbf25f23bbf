//! The `docker run` command, piece by piece, each piece with a short explanation for people
//! learning what the flags mean. Built from the spec's own argv, so it never disagrees with it.

use crate::argv::command_line;
use crate::cli;
use crate::spec::ContainerSpec;
use serde::Serialize;

/// One flag with its value (or the image, or the command), and what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ArgPart {
    /// As it would be typed, shell-quoted.
    pub text: String,
    pub help: String,
}

/// The flags of the form's advanced section, in the order it shows them, each with the same
/// explanation the preview gives.
pub const ADVANCED_FLAGS: &[&str] = &[
    "--read-only",
    "--privileged",
    "--init",
    "--cap-add",
    "--cap-drop",
    "--security-opt",
    "--add-host",
    "--dns",
    "--network-alias",
    "--ip",
    "--expose",
    "--ulimit",
    "--shm-size",
    "--device",
    "--gpus",
    "--log-driver",
    "--log-opt",
    "--stop-signal",
    "--stop-timeout",
    "--platform",
    "--pull",
];

/// What the advanced section's fields say about themselves: `(flag, help)`.
pub fn advanced_help() -> Vec<ArgPart> {
    ADVANCED_FLAGS
        .iter()
        .map(|f| ArgPart {
            text: (*f).to_owned(),
            help: help_for(f).unwrap_or_default().to_owned(),
        })
        .collect()
}

fn help_for(flag: &str) -> Option<&'static str> {
    Some(match flag {
        "-d" => "Detached: the container runs in the background and the command returns at once.",
        "-di" | "-dit" | "-dt" => "Detached (-d), keeping standard input open (-i) with a terminal (-t): a shell inside stays alive for you to attach to.",
        "--rm" => "Remove the container as soon as it exits: nothing is left behind.",
        "--name" => "The container's name; without one Docker invents a two-word name.",
        "-p" => "Publish a port: [host address:][host port:]container port[/protocol]. Traffic to the host port reaches the container's port. No host port: Docker picks a free one.",
        "-P" => "Publish every port the image declares (EXPOSE) on random host ports.",
        "-v" => "Mount storage: a named volume (managed by Docker, survives the container) or a host folder (bind mount, shares your files). :ro makes it read-only.",
        "--tmpfs" => "A folder kept in memory: fast, private, and gone when the container stops.",
        "-e" => "Set an environment variable inside the container.",
        "--restart" => "When Docker restarts the container by itself: no, always, unless-stopped (not after you stop it), on-failure[:max tries].",
        "-m" => "Memory limit (a cgroup limit): past it the kernel kills the container's processes.",
        "--memory-reservation" => "A soft memory limit, enforced only when the host runs short.",
        "--memory-swap" => "Memory plus swap the container may use; -1 means unlimited swap.",
        "--cpus" => "How many CPUs' worth of time the container may use (1.5 = one and a half cores).",
        "--cpu-shares" => "Relative CPU weight when CPUs are busy (1024 is normal).",
        "--pids-limit" => "Most processes the container may run at once; stops fork bombs.",
        "--network" => "Which network to join: bridge (default, private address + NAT), host (share the host's network), none, or a network you created.",
        "--link" => "Legacy: make another container reachable by name on the default bridge. On user networks, containers find each other by name without it.",
        "--hostname" => "The host name the container sees for itself.",
        "--user" => "Run the main process as this user (name or uid[:gid]) instead of the image's default.",
        "--workdir" => "The folder the command starts in.",
        "--label" => "A key=value tag on the container, for filtering and tools.",
        "--health-cmd" => "A command Docker runs inside the container to check it is healthy (exit 0 = healthy).",
        "--health-interval" => "How often the health check runs.",
        "--health-timeout" => "How long one health check may take before it counts as failed.",
        "--health-retries" => "How many failures in a row make the container unhealthy.",
        "--health-start-period" => "Grace time after start during which failures do not count.",
        "--read-only" => "The container's own files are read-only: it can write only to its volumes, bind mounts and tmpfs folders. A break-in can't change the programs.",
        "--privileged" => "Warning: gives the container every device and capability of this machine and turns off its isolation, so anything inside can take over the host. Only for tools that need it, such as Docker-in-Docker.",
        "--init" => "Runs a tiny init as process 1 that passes signals on to your program and cleans up finished child processes, so stopping is quick and no zombies pile up.",
        "--cap-add" => "Give the container's root one more Linux capability (a slice of root's power), such as NET_ADMIN to change network settings.",
        "--cap-drop" => "Take a Linux capability away from the container's root; ALL drops every one, the safest start.",
        "--security-opt" => "A security setting: no-new-privileges stops programs from gaining rights (setuid), apparmor= and label= pick the profile, seccomp=unconfined lifts the system-call filter.",
        "--add-host" => "Add a line to the container's /etc/hosts, so a name resolves to the address you give (host-gateway means the host itself).",
        "--dns" => "A DNS server the container asks to look names up, instead of the one Docker gives it.",
        "--network-alias" => "Another name the container answers to on its network, so others can reach it by that name.",
        "--ip" => "A fixed IPv4 address on the network, instead of the next free one. Works on a network you created with a subnet.",
        "--expose" => "Declare a port the container listens on, without publishing it: other containers see it, the host doesn't, and -P would publish it.",
        "--ulimit" => "A per-process limit the kernel enforces inside the container (name=soft:hard), such as open files (nofile) or processes (nproc).",
        "--shm-size" => "Size of /dev/shm, the shared memory folder (64 MB by default); databases and browsers often want more.",
        "--device" => "Give the container one of the host's devices (host path[:container path][:permissions r, w, m]).",
        "--gpus" => "Give the container GPUs: all, a number, or device=ID. Needs the NVIDIA container toolkit on the host.",
        "--log-driver" => "Where the container's output goes: json-file (the default, read by docker logs), local, syslog, journald, none…",
        "--log-opt" => "An option of the logging driver, such as max-size=10m and max-file=3 to keep logs from filling the disk.",
        "--stop-signal" => "The signal docker stop sends first, instead of SIGTERM, for programs that stop cleanly on another one.",
        "--stop-timeout" => "Seconds docker stop waits after that signal before it kills the container.",
        "--platform" => "The platform (os/architecture) of the image to use, when the image is made for several.",
        "--pull" => "When to pull the image first: missing (only if it isn't here), never, or always.",
        "--entrypoint" => "Replace the image's entrypoint: the program that runs. The command after the image becomes its arguments.",
        _ => return None,
    })
}

impl ContainerSpec {
    /// The preview command in parts, each with its explanation.
    pub fn explained(&self) -> Vec<ArgPart> {
        let argv = self.argv();
        let mut parts = vec![ArgPart {
            text: "docker run".into(),
            help: "Create a container from an image and start it.".into(),
        }];
        let mut i = 2;
        let image_at = argv.len() - self.cmd.as_ref().map_or(0, Vec::len) - 1;
        while i < image_at {
            let flag = argv[i].as_str();
            let mut help = help_for(flag).unwrap_or("").to_owned();
            if flag == "--health-cmd" && self.health.as_ref().is_some_and(|h| h.exec.is_some()) {
                // Kept from a recreated container: the engine gets it in exec form, which no
                // `docker run` flag can express.
                help.push_str(
                    " Tugboat runs this one without a shell, as the container had it; the docker \
                     CLI can only write it this way, which would run it through /bin/sh.",
                );
            }
            let takes_value = match flag.strip_prefix("--") {
                Some(long) => cli::long_flag(long).is_some_and(|f| f.takes_value),
                // `-dit` and friends are switches; `-p`, `-v`, `-e`, `-m` take values.
                None => flag
                    .chars()
                    .nth(1)
                    .and_then(cli::short_flag)
                    .is_some_and(|f| f.takes_value),
            };
            if takes_value && i + 1 < image_at {
                parts.push(ArgPart {
                    text: command_line(&[flag, argv[i + 1].as_str()]),
                    help,
                });
                i += 2;
            } else {
                parts.push(ArgPart {
                    text: flag.to_owned(),
                    help,
                });
                i += 1;
            }
        }
        parts.push(ArgPart {
            text: command_line(&argv[image_at..=image_at]),
            help: "The image to run: its files become the container's filesystem.".into(),
        });
        if let Some(cmd) = &self.cmd {
            parts.push(ArgPart {
                text: command_line(cmd),
                help: if self.entrypoint.is_some() {
                    "Arguments passed to the entrypoint.".into()
                } else {
                    "The command to run instead of the image's default (CMD). If the image has an ENTRYPOINT, these become its arguments.".into()
                },
            });
        }
        parts
    }
}

#[cfg(test)]
mod tests {
    use crate::form::{PortRow, RunForm};
    use crate::validate::limits::LimitsForm;

    #[test]
    fn every_part_is_explained_and_the_parts_make_the_command() {
        let spec = RunForm {
            image: "busybox:1".into(),
            name: "web".into(),
            auto_remove: true,
            interactive: true,
            tty: true,
            ports: vec![PortRow {
                host_port: "8080".into(),
                container_port: "80".into(),
                ..Default::default()
            }],
            limits: LimitsForm {
                memory: "512m".into(),
                ..Default::default()
            },
            command: "httpd -f".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let parts = spec.explained();
        let joined: Vec<&str> = parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined.join(" "), spec.command_line());
        assert!(parts.iter().all(|p| !p.help.is_empty()), "{parts:?}");
        assert!(parts
            .iter()
            .any(|p| p.text == "-p 8080:80" && p.help.contains("Publish")));
    }

    #[test]
    fn every_field_of_the_advanced_section_has_its_help() {
        let help = super::advanced_help();
        assert_eq!(help.len(), super::ADVANCED_FLAGS.len());
        assert!(help.iter().all(|h| !h.help.is_empty()), "{help:?}");
    }

    #[test]
    fn the_less_common_flags_are_explained_too() {
        let spec = RunForm {
            image: "busybox:1".into(),
            network: "appnet".into(),
            read_only: true,
            privileged: true,
            init: true,
            cap_add: vec!["NET_ADMIN".into()],
            cap_drop: vec!["ALL".into()],
            security_opts: vec!["no-new-privileges".into()],
            add_hosts: vec!["db:10.0.0.5".into()],
            dns: vec!["1.1.1.1".into()],
            network_aliases: vec!["web".into()],
            ip: "172.30.0.10".into(),
            expose: vec!["80".into()],
            ulimits: vec!["nofile=1024:2048".into()],
            shm_size: "256m".into(),
            devices: vec!["/dev/fuse".into()],
            gpus: "all".into(),
            log_driver: "local".into(),
            log_opts: vec!["max-size=10m".into()],
            stop_signal: "SIGINT".into(),
            stop_timeout: "30".into(),
            platform: "linux/amd64".into(),
            pull: "never".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let parts = spec.explained();
        let joined: Vec<&str> = parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined.join(" "), spec.command_line());
        assert!(parts.iter().all(|p| !p.help.is_empty()), "{parts:?}");
        let privileged = parts.iter().find(|p| p.text == "--privileged").unwrap();
        assert!(privileged.help.starts_with("Warning"));
        assert!(parts.iter().any(|p| p.text == "--read-only"));
        assert!(parts.iter().any(|p| p.text == "--gpus all"));
    }

    #[test]
    fn an_exec_form_health_check_says_the_cli_cannot_write_it() {
        let form = RunForm {
            image: "busybox:1".into(),
            health_cmd: "wget -q -O- localhost".into(),
            ..Default::default()
        };
        let shell = form.validate().unwrap().explained();
        let exec = RunForm {
            health_exec: true,
            ..form
        }
        .validate()
        .unwrap()
        .explained();
        let help = |parts: &[super::ArgPart]| {
            parts
                .iter()
                .find(|p| p.text.starts_with("--health-cmd"))
                .map(|p| p.help.clone())
                .unwrap()
        };
        assert!(!help(&shell).contains("without a shell"));
        assert!(help(&exec).contains("without a shell"), "{}", help(&exec));
    }
}
