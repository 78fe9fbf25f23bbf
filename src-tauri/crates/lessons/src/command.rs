//! The docker commands a lesson may show, read into what the app does when the user asks
//! "Do it for me". One reading serves both: the command shown is the command run, so the two
//! cannot drift apart. A command the app could not do for the user (it needs a terminal) is
//! still read, so the lesson knows what it makes.

use tugboat_runspec::build_spec::DEFAULT_DOCKERFILE;
use tugboat_runspec::cli::{long_flag, parse_run, short_flag};
use tugboat_runspec::RunForm;

/// What a lesson's command does, as the app would do it.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// `docker run …`. `detach`: `-d` was given, so the command returns once it started;
    /// without it the CLI waits for the container to end and prints its output.
    Run {
        form: Box<RunForm>,
        detach: bool,
        /// Flags the app's run form has no place for (`--pid host`), as written: the CLI runs
        /// them, the app cannot.
        unsupported: Vec<String>,
    },
    /// `docker start|stop|restart|kill|rm [-f] [-v] NAME…`.
    Container {
        verb: Verb,
        names: Vec<String>,
    },
    /// `docker rename OLD NEW`.
    Rename {
        from: String,
        to: String,
    },
    /// `docker attach NAME`: the user's keyboard and screen joined to the container's first
    /// process. Only a terminal can do that; what the user then types (`exit`, or Ctrl-P
    /// Ctrl-Q to leave it running) decides what the engine shows after.
    Attach {
        container: String,
    },
    /// `docker exec NAME COMMAND…`; `interactive`: `-i`/`-t`, which needs a terminal.
    Exec {
        container: String,
        argv: Vec<String>,
        interactive: bool,
    },
    VolumeCreate {
        name: String,
    },
    VolumeRemove {
        names: Vec<String>,
    },
    NetworkCreate {
        name: String,
    },
    NetworkRemove {
        names: Vec<String>,
    },
    NetworkConnect {
        network: String,
        container: String,
    },
    Pull {
        reference: String,
    },
    /// `docker push REFERENCE`, to the registry the reference names.
    Push {
        reference: String,
    },
    /// `docker build [-t TAG]… [-f FILE] [--no-cache] [--target STAGE] .`, from the lesson's
    /// folder (its files); the context is always that folder, `.`.
    Build {
        tags: Vec<String>,
        /// Relative to the lesson's folder; None: `Dockerfile`.
        dockerfile: Option<String>,
        target: Option<String>,
        no_cache: bool,
    },
    /// `docker compose -p PROJECT up -d`, from the lesson folder's compose.yaml.
    ComposeUp {
        project: String,
    },
    /// `docker compose -p PROJECT down [-v]`: the project's containers and networks (and with
    /// `-v` its volumes).
    ComposeDown {
        project: String,
        volumes: bool,
    },
    /// `docker swarm init --advertise-addr ADDR`: this engine becomes a one-node swarm.
    SwarmInit {
        advertise_addr: String,
    },
    /// `docker swarm leave --force`.
    SwarmLeave,
    /// `docker service create --name NAME [--replicas N] IMAGE [ARG…]`.
    ServiceCreate {
        name: String,
        replicas: u32,
        image: String,
        args: Vec<String>,
    },
    /// `docker service scale NAME=N`.
    ServiceScale {
        name: String,
        replicas: u32,
    },
    /// `docker service rm NAME…`.
    ServiceRemove {
        names: Vec<String>,
    },
    /// `docker commit CONTAINER REFERENCE`: a new image from the container's files.
    Commit {
        container: String,
        reference: String,
    },
    Tag {
        source: String,
        target: String,
    },
    RemoveImage {
        references: Vec<String>,
    },
    /// A command that only reads (`docker version`, `ps`, `images`, `logs`): nothing in the
    /// engine changes, so there is nothing to check.
    Look(Look),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Start,
    Stop,
    Restart,
    Kill,
    Remove { force: bool, volumes: bool },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Look {
    Version,
    Ps {
        all: bool,
    },
    Images,
    Logs {
        name: String,
    },
    /// `docker stats --no-stream NAME`: one reading.
    Stats {
        name: String,
    },
    /// `docker history IMAGE`: the steps that made each layer.
    History {
        image: String,
    },
    /// `docker top NAME`: its processes as the host sees them.
    Top {
        name: String,
    },
    /// `docker compose -p PROJECT ps`: the project's containers.
    ComposePs {
        project: String,
    },
    /// `docker node ls`.
    Nodes,
    /// `docker service ls`.
    Services,
    /// `docker service ps NAME`: the service's tasks.
    Tasks {
        service: String,
    },
}

/// The commands lessons know, for the refusal that names them.
pub const KNOWN: &str = "run, start, stop, restart, kill, rm, rename, attach, exec, logs, \
     stats --no-stream, ps, top, images, history, version, \
     build, pull, push, tag, commit, rmi, volume create|rm, network create|rm|connect, \
     compose -p PROJECT up -d|ps|down, swarm init|leave, node ls, service create|ls|ps|scale|rm";

impl Action {
    /// Why the app cannot do this for the user (so the step must be typed), or None.
    pub fn needs_terminal(&self) -> Option<String> {
        match self {
            Action::Run { form, .. } if form.interactive || form.tty => Some(
                "`-i`/`-t` connect your keyboard to the container: that needs your own terminal"
                    .into(),
            ),
            Action::Run { unsupported, .. } if !unsupported.is_empty() => Some(format!(
                "Tugboat cannot run `{}` for you: the docker CLI in your terminal can",
                unsupported.join(" ")
            )),
            Action::Exec {
                interactive: true, ..
            } => Some(
                "`-i`/`-t` connect your keyboard to the process: that needs your own terminal"
                    .into(),
            ),
            Action::Attach { .. } => Some(
                "`docker attach` connects your keyboard to the container's first process: \
                 that needs your own terminal"
                    .into(),
            ),
            _ => None,
        }
    }

    /// A command whose effect a check cannot see: a read, or `docker exec`, whose output is
    /// what the step is about (the process it runs leaves no state the engine reports).
    pub fn only_reads(&self) -> bool {
        matches!(self, Action::Look(_) | Action::Exec { .. })
    }

    /// The file of the lesson's folder the command reads, with what it does with it: a
    /// build's Dockerfile, an up's compose file.
    pub fn reads_file(&self) -> Option<(&'static str, &str)> {
        match self {
            Action::Build { dockerfile, .. } => Some((
                "builds from",
                dockerfile.as_deref().unwrap_or(DEFAULT_DOCKERFILE),
            )),
            Action::ComposeUp { .. } => Some(("brings up", crate::format::COMPOSE_FILE)),
            _ => None,
        }
    }

    /// A command whose effect depends on what the user types once it runs (`docker attach`:
    /// `exit` ends the container, Ctrl-P Ctrl-Q leaves it running), so its step may check
    /// the outcome the lesson asks for or only look.
    pub fn checked_either_way(&self) -> bool {
        matches!(self, Action::Attach { .. })
    }
}

/// Reads one `docker …` command line. The error says what is wrong in words a lesson's author
/// can act on.
pub fn read_command(line: &str) -> Result<Action, String> {
    let words = shell_words::split(line).map_err(|_| "the command has an unclosed quote")?;
    let mut rest: &[String] = &words;
    match rest.first().map(String::as_str) {
        Some("docker") => rest = &rest[1..],
        _ => return Err("a lesson's command starts with `docker`".into()),
    }
    // `docker container rm` is `docker rm`, `docker image rm` is `docker rmi`.
    let (group, verb) = match rest.first().map(String::as_str) {
        Some(g @ ("container" | "image" | "volume" | "network" | "builder")) => {
            (g, rest.get(1).map(String::as_str).unwrap_or(""))
        }
        Some(v) => ("", v),
        None => return Err("the command names no docker command".into()),
    };
    let args: &[String] = if group.is_empty() {
        &rest[1..]
    } else {
        rest.get(2..).unwrap_or(&[])
    };
    match (group, verb) {
        ("" | "container", "run") => read_run(line),
        ("" | "container", "start") => container(Verb::Start, args, "docker start"),
        ("" | "container", "stop") => container(Verb::Stop, args, "docker stop"),
        ("" | "container", "restart") => container(Verb::Restart, args, "docker restart"),
        ("" | "container", "kill") => container(Verb::Kill, args, "docker kill"),
        ("" | "container", "rm") => {
            let (flags, names) = split_flags(args, &["-f", "--force", "-v", "--volumes", "-fv"])?;
            let has = |these: &[&str]| flags.iter().any(|x| these.contains(&x.as_str()));
            let verb = Verb::Remove {
                force: has(&["-f", "--force", "-fv"]),
                volumes: has(&["-v", "--volumes", "-fv"]),
            };
            container(verb, &names, "docker rm")
        }
        ("" | "container", "exec") => read_exec(args),
        ("" | "container", "rename") => match args {
            [from, to] if !from.starts_with('-') && !to.starts_with('-') => Ok(Action::Rename {
                from: from.clone(),
                to: to.clone(),
            }),
            _ => Err("`docker rename` takes the container and its new name".into()),
        },
        ("" | "container", "attach") => Ok(Action::Attach {
            container: one_name(args, "docker attach")?,
        }),
        ("" | "container", "logs") => Ok(Action::Look(Look::Logs {
            name: one_name(args, "docker logs")?,
        })),
        ("" | "container", "stats") => {
            let (flags, names) = split_flags(args, &["--no-stream"])?;
            if flags.is_empty() {
                return Err(
                    "lessons show `docker stats --no-stream NAME`: one reading, which ends".into(),
                );
            }
            Ok(Action::Look(Look::Stats {
                name: one_name(&names, "docker stats")?,
            }))
        }
        ("" | "container", "ps") | ("container", "ls") => {
            let (flags, extra) = split_flags(args, &["-a", "--all"])?;
            if !extra.is_empty() {
                return Err("`docker ps` takes no names".into());
            }
            Ok(Action::Look(Look::Ps {
                all: !flags.is_empty(),
            }))
        }
        ("", "images") | ("image", "ls") => Ok(Action::Look(Look::Images)),
        ("", "version") => Ok(Action::Look(Look::Version)),
        ("" | "image", "pull") => Ok(Action::Pull {
            reference: one_name(args, "docker pull")?,
        }),
        ("" | "image" | "builder", "build") => read_build(args),
        ("", "compose") => read_compose(args),
        ("", "swarm") => read_swarm(args),
        ("", "node") if args.first().is_some_and(|a| a == "ls") && args.len() == 1 => {
            Ok(Action::Look(Look::Nodes))
        }
        ("", "service") => read_service(args),
        ("" | "image", "push") => Ok(Action::Push {
            reference: one_name(args, "docker push")?,
        }),
        ("" | "container", "commit") => match args {
            [container, reference]
                if !container.starts_with('-') && !reference.starts_with('-') =>
            {
                Ok(Action::Commit {
                    container: container.clone(),
                    reference: reference.clone(),
                })
            }
            _ => Err("`docker commit` takes the container and the new image's name".into()),
        },
        ("" | "container", "top") => Ok(Action::Look(Look::Top {
            name: one_name(args, "docker top")?,
        })),
        ("" | "image", "history") => Ok(Action::Look(Look::History {
            image: one_name(args, "docker history")?,
        })),
        ("" | "image", "tag") => match args {
            [source, target] if !source.starts_with('-') && !target.starts_with('-') => {
                Ok(Action::Tag {
                    source: source.clone(),
                    target: target.clone(),
                })
            }
            _ => Err("`docker tag` takes the image and its new name".into()),
        },
        ("", "rmi") | ("image", "rm") => Ok(Action::RemoveImage {
            references: names(args, "docker rmi")?,
        }),
        ("volume", "create") => Ok(Action::VolumeCreate {
            name: one_name(args, "docker volume create")?,
        }),
        ("volume", "rm") => Ok(Action::VolumeRemove {
            names: names(args, "docker volume rm")?,
        }),
        ("network", "create") => Ok(Action::NetworkCreate {
            name: one_name(args, "docker network create")?,
        }),
        ("network", "rm") => Ok(Action::NetworkRemove {
            names: names(args, "docker network rm")?,
        }),
        ("network", "connect") => match args {
            [network, container] if !network.starts_with('-') && !container.starts_with('-') => {
                Ok(Action::NetworkConnect {
                    network: network.clone(),
                    container: container.clone(),
                })
            }
            _ => Err("`docker network connect` takes the network and the container".into()),
        },
        _ => Err(format!(
            "`docker {}` is not a command lessons know; they know {KNOWN}",
            [group, verb]
                .iter()
                .filter(|w| !w.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        )),
    }
}

fn read_run(line: &str) -> Result<Action, String> {
    let parsed = parse_run(line);
    if let Some(e) = parsed.errors.first() {
        return Err(e.clone());
    }
    if parsed.form.name.trim().is_empty() {
        return Err(
            "a lesson's `docker run` names its container (`--name learn-…`), so the lesson \
             can check it and remove it when it ends"
                .into(),
        );
    }
    Ok(Action::Run {
        detach: detaches(line),
        form: Box::new(parsed.form),
        unsupported: parsed.unsupported,
    })
}

/// Whether `-d`/`--detach` is among the run's flags (before the image). The run parser leaves
/// it out of the form, as the app always starts a container detached; here it says whether
/// the CLI would wait for the container and print its output.
fn detaches(line: &str) -> bool {
    let Ok(words) = shell_words::split(line) else {
        return false;
    };
    let start = words.iter().position(|w| w == "run").map_or(0, |i| i + 1);
    let mut i = start;
    while let Some(w) = words.get(i) {
        i += 1;
        if w == "--" || !w.starts_with('-') || w == "-" {
            return false;
        }
        if let Some(long) = w.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (long, None),
            };
            if name == "detach" {
                return inline.is_none_or(|v| v == "true");
            }
            if inline.is_none() && long_flag(name).is_some_and(|f| f.takes_value) {
                i += 1;
            }
            continue;
        }
        // A short group: letters until one that takes a value, which takes the rest.
        for (at, c) in w.char_indices().skip(1) {
            if c == 'd' {
                return true;
            }
            if short_flag(c).is_some_and(|f| f.takes_value) {
                if at + c.len_utf8() == w.len() {
                    i += 1;
                }
                break;
            }
        }
    }
    false
}

fn read_build(args: &[String]) -> Result<Action, String> {
    let mut tags = Vec::new();
    let mut dockerfile = None;
    let mut target = None;
    let mut no_cache = false;
    let mut context = None;
    let mut i = 0;
    while let Some(w) = args.get(i) {
        i += 1;
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) if w.starts_with("--") => (f, Some(v.to_owned())),
            _ => (w.as_str(), None),
        };
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| {
                    i += 1;
                    args.get(i - 1).cloned()
                })
                .ok_or(format!("`{flag}` needs {what}"))
        };
        match flag {
            "-t" | "--tag" => tags.push(value("the image's name")?),
            "-f" | "--file" => dockerfile = Some(value("the Dockerfile's name")?),
            "--target" => target = Some(value("a stage's name")?),
            "--no-cache" => no_cache = true,
            f if f.starts_with('-') => {
                return Err(format!(
                    "`{f}`: lessons' `docker build` knows -t, -f, --target and --no-cache"
                ))
            }
            _ if context.is_none() => context = Some(w.clone()),
            _ => return Err("`docker build` takes one context folder".into()),
        }
    }
    if context.as_deref() != Some(".") {
        return Err(
            "a lesson builds from its own folder: end `docker build` with `.` (the lesson's \
             files are there)"
                .into(),
        );
    }
    if tags.is_empty() {
        return Err(
            "a lesson's `docker build` names its image (`-t learn-…:1`), so the lesson can \
             check it and remove it when it ends"
                .into(),
        );
    }
    if let Some(f) = &dockerfile {
        tugboat_runspec::build_spec::dockerfile_in_context(f)?;
    }
    Ok(Action::Build {
        tags,
        dockerfile,
        target,
        no_cache,
    })
}

/// `compose -p PROJECT up -d | ps | down [-v]`. The project is named: a lesson's names are
/// known before it starts (the default, the folder's name, is not the lesson's to choose).
fn read_compose(args: &[String]) -> Result<Action, String> {
    let project = match args {
        [flag, name, ..] if flag == "-p" || flag == "--project-name" => name.clone(),
        _ => {
            return Err(
                "a lesson's `docker compose` names its project first (`docker compose -p \
                 learn-… up -d`), so the lesson knows what it makes"
                    .into(),
            )
        }
    };
    let rest: Vec<&str> = args[2..].iter().map(String::as_str).collect();
    match rest.as_slice() {
        ["up", "-d"] | ["up", "--detach"] => Ok(Action::ComposeUp { project }),
        ["up", ..] => Err(
            "lessons run `docker compose -p … up -d`: without -d it holds the terminal until \
             Ctrl-C"
                .into(),
        ),
        ["ps"] => Ok(Action::Look(Look::ComposePs { project })),
        ["down"] => Ok(Action::ComposeDown {
            project,
            volumes: false,
        }),
        ["down", "-v"] | ["down", "--volumes"] => Ok(Action::ComposeDown {
            project,
            volumes: true,
        }),
        _ => Err(format!(
            "`docker compose -p {project} {}`: lessons know `up -d`, `ps` and `down [-v]`",
            rest.join(" ")
        )),
    }
}

fn read_swarm(args: &[String]) -> Result<Action, String> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["init", "--advertise-addr", addr] => Ok(Action::SwarmInit {
            advertise_addr: (*addr).to_owned(),
        }),
        ["init", ..] => Err(
            "lessons' `docker swarm init` gives `--advertise-addr ADDRESS` (such as 127.0.0.1): \
             a machine with several addresses refuses to guess"
                .into(),
        ),
        ["leave", "--force"] | ["leave", "-f"] => Ok(Action::SwarmLeave),
        _ => Err(
            "lessons know `docker swarm init --advertise-addr …` and `swarm leave --force`".into(),
        ),
    }
}

fn read_service(args: &[String]) -> Result<Action, String> {
    let verb = args.first().map(String::as_str).unwrap_or("");
    let rest = args.get(1..).unwrap_or(&[]);
    match verb {
        "create" => {
            let mut name = None;
            let mut replicas = 1;
            let mut i = 0;
            while let Some(w) = rest.get(i) {
                match w.as_str() {
                    "--name" => name = rest.get(i + 1).cloned(),
                    "--replicas" => {
                        replicas = rest
                            .get(i + 1)
                            .and_then(|n| n.parse().ok())
                            .ok_or("`--replicas` takes a whole number")?
                    }
                    f if f.starts_with('-') => {
                        return Err(format!(
                            "`{f}`: lessons' `docker service create` knows --name and --replicas"
                        ))
                    }
                    _ => break,
                }
                i += 2;
            }
            let name = name.ok_or(
                "a lesson's `docker service create` names its service (`--name learn-…`), so the \
                 lesson can check it and remove it when it ends",
            )?;
            let image = rest
                .get(i)
                .cloned()
                .ok_or("`docker service create` needs an image")?;
            Ok(Action::ServiceCreate {
                name,
                replicas,
                image,
                args: rest.get(i + 1..).unwrap_or(&[]).to_vec(),
            })
        }
        "scale" => match rest {
            [one] => {
                let (name, n) = one
                    .split_once('=')
                    .ok_or("`docker service scale` takes NAME=REPLICAS")?;
                Ok(Action::ServiceScale {
                    name: name.to_owned(),
                    replicas: n
                        .parse()
                        .map_err(|_| "`docker service scale NAME=N`: N is a whole number")?,
                })
            }
            _ => Err("lessons' `docker service scale` takes one NAME=REPLICAS".into()),
        },
        "rm" => Ok(Action::ServiceRemove {
            names: names(rest, "docker service rm")?,
        }),
        "ls" if rest.is_empty() => Ok(Action::Look(Look::Services)),
        "ps" => Ok(Action::Look(Look::Tasks {
            service: one_name(rest, "docker service ps")?,
        })),
        _ => Err("lessons know `docker service create|ls|ps|scale|rm`".into()),
    }
}

fn read_exec(args: &[String]) -> Result<Action, String> {
    let mut interactive = false;
    let mut i = 0;
    while let Some(w) = args.get(i) {
        if !w.starts_with('-') {
            break;
        }
        match w.as_str() {
            "-i" | "-t" | "-it" | "-ti" | "--interactive" | "--tty" => interactive = true,
            other => {
                return Err(format!(
                    "`{other}`: lessons' `docker exec` knows only `-i` and `-t`"
                ))
            }
        }
        i += 1;
    }
    let container = args
        .get(i)
        .cloned()
        .ok_or("`docker exec` needs the container and a command")?;
    let argv = args.get(i + 1..).unwrap_or(&[]).to_vec();
    if argv.is_empty() {
        return Err("`docker exec` needs a command to run in the container".into());
    }
    Ok(Action::Exec {
        container,
        argv,
        interactive,
    })
}

fn container(verb: Verb, args: &[String], what: &str) -> Result<Action, String> {
    Ok(Action::Container {
        verb,
        names: names(args, what)?,
    })
}

/// Flags from `allowed` (in any order, before the names) and the rest.
fn split_flags(args: &[String], allowed: &[&str]) -> Result<(Vec<String>, Vec<String>), String> {
    let mut flags = Vec::new();
    let mut rest = Vec::new();
    for a in args {
        if a.starts_with('-') {
            if !allowed.contains(&a.as_str()) {
                return Err(format!(
                    "`{a}`: lessons know only {} here",
                    allowed.join(", ")
                ));
            }
            flags.push(a.clone());
        } else {
            rest.push(a.clone());
        }
    }
    Ok((flags, rest))
}

fn names(args: &[String], what: &str) -> Result<Vec<String>, String> {
    if let Some(flag) = args.iter().find(|a| a.starts_with('-')) {
        return Err(format!("`{flag}`: lessons' `{what}` takes no flags"));
    }
    if args.is_empty() {
        return Err(format!("`{what}` needs at least one name"));
    }
    Ok(args.to_vec())
}

fn one_name(args: &[String], what: &str) -> Result<String, String> {
    match names(args, what)?.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(format!("`{what}` takes one name")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_reads_as_the_pasted_run_does_and_knows_whether_it_detaches() {
        let Ok(Action::Run { form, detach, .. }) =
            read_command("docker run -d --name learn-web -p 8080:80 busybox httpd -f")
        else {
            panic!("a run")
        };
        assert!(detach);
        assert_eq!(form.name, "learn-web");
        assert_eq!(form.image, "busybox");
        for (line, detached) in [
            ("docker run --name a busybox echo -d", false),
            ("docker run -dp 8080:80 --name a busybox", true),
            ("docker run -p 8080:80 -d --name a busybox", true),
            ("docker run --detach --name a busybox", true),
            ("docker run -e d=1 --name a busybox", false),
            ("docker run --name d busybox", false),
        ] {
            let Ok(Action::Run { detach, .. }) = read_command(line) else {
                panic!("{line}")
            };
            assert_eq!(detach, detached, "{line}");
        }
    }

    #[test]
    fn refusals_name_what_is_wrong() {
        for (line, says) in [
            ("ls -l", "starts with `docker`"),
            ("docker run busybox", "names its container"),
            (
                "docker buildx bake",
                "`docker buildx` is not a command lessons know",
            ),
            ("docker build .", "names its image"),
            (
                "docker build -t learn-a:1 ctx",
                "end `docker build` with `.`",
            ),
            (
                "docker build -t learn-a:1 -f ../Dockerfile .",
                "outside the context",
            ),
            ("docker build -t learn-a:1 --pull .", "`--pull`"),
            ("docker build -t", "needs the image's name"),
            ("docker rm", "at least one name"),
            ("docker rm --time 3 a", "`--time`"),
            ("docker tag a", "the image and its new name"),
            ("docker exec learn-a", "needs a command"),
            ("docker run --name 'a busybox", "unclosed quote"),
            ("docker volume create a b", "takes one name"),
        ] {
            let e = read_command(line).expect_err(line);
            assert!(e.contains(says), "{line}: {e}");
        }
    }

    #[test]
    fn commit_makes_an_image_and_history_and_stats_only_read() {
        assert_eq!(
            read_command("docker commit learn-base learn-greeting:1").unwrap(),
            Action::Commit {
                container: "learn-base".into(),
                reference: "learn-greeting:1".into()
            }
        );
        assert!(read_command("docker history busybox").unwrap().only_reads());
        assert!(read_command("docker stats --no-stream learn-a")
            .unwrap()
            .only_reads());
        let e = read_command("docker stats learn-a").unwrap_err();
        assert!(e.contains("--no-stream"), "{e}");
        let mut made = crate::Made::default();
        made.add(&read_command("docker commit learn-base learn-greeting:1").unwrap());
        assert!(made.images.contains("learn-greeting:1"));
    }

    #[test]
    fn interactive_commands_need_the_users_terminal() {
        for line in [
            "docker run -it --name learn-sh busybox sh",
            "docker exec -it learn-sh sh",
        ] {
            let a = read_command(line).unwrap();
            assert!(a.needs_terminal().is_some(), "{line}");
        }
        let a = read_command("docker exec learn-sh hostname").unwrap();
        assert_eq!(a.needs_terminal(), None);
        let a = read_command("docker run --name learn-h --pid host busybox ps").unwrap();
        let why = a.needs_terminal().unwrap();
        assert!(why.contains("`--pid host`"), "{why}");
    }

    #[test]
    fn a_build_reads_its_tags_file_and_stage() {
        assert_eq!(
            read_command("docker build -t learn-app:1 --tag=learn-app:latest -f Dockerfile.multi --target build --no-cache .")
                .unwrap(),
            Action::Build {
                tags: vec!["learn-app:1".into(), "learn-app:latest".into()],
                dockerfile: Some("Dockerfile.multi".into()),
                target: Some("build".into()),
                no_cache: true,
            }
        );
        let mut made = crate::Made::default();
        made.add(&read_command("docker build -t learn-app:1 .").unwrap());
        assert!(made.images.contains("learn-app:1"));
    }

    #[test]
    fn compose_names_its_project_and_knows_up_ps_and_down() {
        assert_eq!(
            read_command("docker compose -p learn-pair up -d").unwrap(),
            Action::ComposeUp {
                project: "learn-pair".into()
            }
        );
        assert!(read_command("docker compose -p learn-pair ps")
            .unwrap()
            .only_reads());
        assert_eq!(
            read_command("docker compose --project-name learn-pair down -v").unwrap(),
            Action::ComposeDown {
                project: "learn-pair".into(),
                volumes: true
            }
        );
        for (line, says) in [
            ("docker compose up -d", "names its project first"),
            ("docker compose -p learn-pair up", "without -d"),
            (
                "docker compose -p learn-pair restart",
                "lessons know `up -d`",
            ),
        ] {
            let e = read_command(line).expect_err(line);
            assert!(e.contains(says), "{line}: {e}");
        }
    }

    #[test]
    fn swarm_and_service_commands_are_read() {
        assert_eq!(
            read_command("docker swarm init --advertise-addr 127.0.0.1").unwrap(),
            Action::SwarmInit {
                advertise_addr: "127.0.0.1".into()
            }
        );
        assert_eq!(
            read_command("docker service create --name learn-web --replicas 2 busybox httpd -f")
                .unwrap(),
            Action::ServiceCreate {
                name: "learn-web".into(),
                replicas: 2,
                image: "busybox".into(),
                args: vec!["httpd".into(), "-f".into()],
            }
        );
        assert_eq!(
            read_command("docker service scale learn-web=4").unwrap(),
            Action::ServiceScale {
                name: "learn-web".into(),
                replicas: 4
            }
        );
        assert!(read_command("docker service ps learn-web")
            .unwrap()
            .only_reads());
        assert!(read_command("docker node ls").unwrap().only_reads());
        let mut made = crate::Made::default();
        made.add(&read_command("docker swarm init --advertise-addr 127.0.0.1").unwrap());
        made.add(&read_command("docker service create --name learn-web busybox").unwrap());
        assert!(made.swarm && made.services.contains("learn-web"));
        for (line, says) in [
            ("docker swarm init", "--advertise-addr"),
            ("docker service create busybox", "names its service"),
            (
                "docker service create --name learn-a --mode global busybox",
                "`--mode`",
            ),
            ("docker service scale learn-web", "NAME=REPLICAS"),
        ] {
            let e = read_command(line).expect_err(line);
            assert!(e.contains(says), "{line}: {e}");
        }
    }

    #[test]
    fn attach_needs_a_terminal_and_rename_and_push_are_read() {
        let a = read_command("docker attach learn-sh").unwrap();
        assert!(a.needs_terminal().is_some());
        assert!(a.checked_either_way() && !a.only_reads());
        assert_eq!(
            read_command("docker container rename learn-a learn-b").unwrap(),
            Action::Rename {
                from: "learn-a".into(),
                to: "learn-b".into()
            }
        );
        assert_eq!(
            read_command("docker push localhost:5000/learn-box:1").unwrap(),
            Action::Push {
                reference: "localhost:5000/learn-box:1".into()
            }
        );
        for (line, says) in [
            ("docker rename learn-a", "its new name"),
            ("docker attach --sig-proxy=false learn-a", "takes no flags"),
            ("docker push", "at least one name"),
        ] {
            let e = read_command(line).expect_err(line);
            assert!(e.contains(says), "{line}: {e}");
        }
        let mut made = crate::Made::default();
        made.add(&read_command("docker rename learn-a learn-b").unwrap());
        assert!(made.containers.contains("learn-b"));
    }

    #[test]
    fn grouped_commands_are_their_short_forms() {
        assert_eq!(
            read_command("docker container rm -f learn-a").unwrap(),
            read_command("docker rm -f learn-a").unwrap()
        );
        assert_eq!(
            read_command("docker rm -fv learn-a").unwrap(),
            Action::Container {
                verb: Verb::Remove {
                    force: true,
                    volumes: true
                },
                names: vec!["learn-a".into()]
            }
        );
        assert_eq!(
            read_command("docker image rm learn-x:1").unwrap(),
            read_command("docker rmi learn-x:1").unwrap()
        );
        assert!(read_command("docker ps -a").unwrap().only_reads());
    }
}
