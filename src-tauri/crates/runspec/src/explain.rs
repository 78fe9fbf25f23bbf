//! The `docker run` command, piece by piece, each piece with a short explanation for people
//! learning what the flags mean. Built from the spec's own argv, so it never disagrees with it.

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
            let takes_value = !matches!(flag, "--rm" | "-P") && !flag.starts_with("-d");
            if takes_value && i + 1 < image_at {
                parts.push(ArgPart {
                    text: shell_words::join([flag, argv[i + 1].as_str()]),
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
            text: shell_words::quote(&argv[image_at]).into_owned(),
            help: "The image to run: its files become the container's filesystem.".into(),
        });
        if let Some(cmd) = &self.cmd {
            parts.push(ArgPart {
                text: shell_words::join(cmd),
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
            memory: "512m".into(),
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
