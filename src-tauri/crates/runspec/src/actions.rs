//! Container actions in the docker CLI's words: the lifecycle actions (`docker start`, `stop`,
//! `kill`, `rm`, `rename`…) as one typed value, the argv each equals, and the checks of its
//! own arguments. The engine crate performs them and explains the engine's refusals; what an
//! action *says* lives here, beside `docker run`.

use crate::values;
use serde::{Deserialize, Serialize};

/// A lifecycle action on one container, as sent to the engine and as the CLI would say it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ContainerAction {
    Start,
    Stop {
        /// Seconds to wait before killing; None: the container's own default (10 s).
        timeout_secs: Option<u32>,
    },
    Restart {
        timeout_secs: Option<u32>,
    },
    Kill {
        /// None: SIGKILL.
        signal: Option<String>,
    },
    Pause,
    Unpause,
    Remove {
        force: bool,
        /// Also remove the container's anonymous volumes (`-v`).
        volumes: bool,
    },
    Rename {
        new_name: String,
    },
    Wait,
}

impl ContainerAction {
    /// The docker CLI command this action equals, as argv.
    pub fn argv(&self, target: &str) -> Vec<String> {
        let mut v: Vec<String> = vec!["docker".into()];
        let mut push = |s: &str| v.push(s.to_owned());
        match self {
            ContainerAction::Start => push("start"),
            ContainerAction::Stop { timeout_secs } | ContainerAction::Restart { timeout_secs } => {
                push(if matches!(self, ContainerAction::Stop { .. }) {
                    "stop"
                } else {
                    "restart"
                });
                if let Some(t) = timeout_secs {
                    push("-t");
                    push(&t.to_string());
                }
            }
            ContainerAction::Kill { signal } => {
                push("kill");
                if let Some(s) = signal {
                    push("-s");
                    push(s);
                }
            }
            ContainerAction::Pause => push("pause"),
            ContainerAction::Unpause => push("unpause"),
            ContainerAction::Remove { force, volumes } => {
                push("rm");
                if *force {
                    push("-f");
                }
                if *volumes {
                    push("-v");
                }
            }
            ContainerAction::Rename { .. } => push("rename"),
            ContainerAction::Wait => push("wait"),
        }
        v.push(target.to_owned());
        if let ContainerAction::Rename { new_name } = self {
            v.push(new_name.clone());
        }
        v
    }

    /// Checks the action's own arguments before anything is sent: what is wrong, and what
    /// would be valid.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            ContainerAction::Rename { new_name } => values::container_name(new_name)
                .map(|_| ())
                .map_err(|m| format!("new name: {m}")),
            ContainerAction::Kill { signal: Some(s) } if !valid_signal(s) => Err(format!(
                "signal `{s}` is not a signal name or number (for example SIGTERM, HUP or 9)"
            )),
            ContainerAction::Stop {
                timeout_secs: Some(t),
            }
            | ContainerAction::Restart {
                timeout_secs: Some(t),
            } if *t > 3600 => Err(format!("timeout {t} s is over an hour; use at most 3600")),
            _ => Ok(()),
        }
    }
}

/// `docker export --output <destination> <target>`: a container's files to a tar file.
pub fn export_argv(target: &str, destination: &str) -> Vec<String> {
    ["docker", "export", "--output", destination, target]
        .map(String::from)
        .to_vec()
}

fn valid_signal(s: &str) -> bool {
    const NAMES: [&str; 31] = [
        "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
        "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
        "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];
    if let Ok(n) = s.parse::<u32>() {
        return (1..=64).contains(&n);
    }
    let upper = s.to_ascii_uppercase();
    let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
    NAMES.contains(&bare) || bare.starts_with("RTMIN") || bare.starts_with("RTMAX")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::argv::command_line;

    #[test]
    fn actions_say_their_docker_command() {
        let j = |a: ContainerAction| a.argv("web").join(" ");
        assert_eq!(j(ContainerAction::Start), "docker start web");
        assert_eq!(
            j(ContainerAction::Stop {
                timeout_secs: Some(5)
            }),
            "docker stop -t 5 web"
        );
        assert_eq!(
            j(ContainerAction::Restart { timeout_secs: None }),
            "docker restart web"
        );
        assert_eq!(
            j(ContainerAction::Kill {
                signal: Some("SIGHUP".into())
            }),
            "docker kill -s SIGHUP web"
        );
        assert_eq!(
            j(ContainerAction::Remove {
                force: true,
                volumes: true
            }),
            "docker rm -f -v web"
        );
        assert_eq!(
            j(ContainerAction::Rename {
                new_name: "api".into()
            }),
            "docker rename web api"
        );
        assert_eq!(j(ContainerAction::Wait), "docker wait web");
        assert_eq!(
            command_line(&export_argv("web", "/tmp/my files/web.tar")),
            "docker export --output '/tmp/my files/web.tar' web"
        );
    }

    #[test]
    fn bad_action_arguments_are_refused_before_the_engine() {
        let e = ContainerAction::Rename {
            new_name: "bad name".into(),
        }
        .validate()
        .unwrap_err();
        assert!(e.starts_with("new name:"), "{e}");
        assert!(ContainerAction::Kill {
            signal: Some("SIGNOPE".into())
        }
        .validate()
        .is_err());
        assert!(ContainerAction::Kill {
            signal: Some("hup".into())
        }
        .validate()
        .is_ok());
        assert!(ContainerAction::Kill {
            signal: Some("9".into())
        }
        .validate()
        .is_ok());
        assert!(ContainerAction::Stop {
            timeout_secs: Some(99_999)
        }
        .validate()
        .is_err());
    }
}
