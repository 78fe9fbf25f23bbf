//! Reads a pasted `docker run …` command into the run form. Flags Tugboat cannot express are
//! reported, never dropped silently.

use crate::form::{EnvRow, LabelRow, MountKind, MountRow, RunForm};
use crate::values;
use serde::Serialize;

/// What a pasted command turned into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ParsedRun {
    pub form: RunForm,
    /// Flags (with their values) the form has no place for, as written.
    pub unsupported: Vec<String>,
    /// Problems reading the command itself (unclosed quotes, a flag missing its value…).
    pub errors: Vec<String>,
}

/// Flags of `docker run` that take a value but that Tugboat's form does not cover: their value
/// is skipped with them, so it is not mistaken for the image.
const UNSUPPORTED_WITH_VALUE: &[&str] = &[
    "--add-host",
    "--annotation",
    "-a",
    "--attach",
    "--blkio-weight",
    "--cap-add",
    "--cap-drop",
    "--cgroup-parent",
    "--cgroupns",
    "--cidfile",
    "--cpu-period",
    "--cpu-quota",
    "--cpuset-cpus",
    "--cpuset-mems",
    "--device",
    "--detach-keys",
    "--dns",
    "--dns-option",
    "--dns-search",
    "--domainname",
    "--env-file",
    "--expose",
    "--gpus",
    "--group-add",
    "--ip",
    "--ip6",
    "--ipc",
    "--isolation",
    "--kernel-memory",
    "--label-file",
    "--log-driver",
    "--log-opt",
    "--mac-address",
    "--network-alias",
    "--oom-score-adj",
    "--pid",
    "--platform",
    "--pull",
    "--runtime",
    "--security-opt",
    "--shm-size",
    "--stop-signal",
    "--stop-timeout",
    "--storage-opt",
    "--sysctl",
    "--ulimit",
    "--userns",
    "--uts",
    "--volume-driver",
    "--volumes-from",
    "--memory-swappiness",
    "--cpu-rt-period",
    "--cpu-rt-runtime",
];

/// Flags that take a value and that the form covers.
const VALUE_FLAGS: &[&str] = &[
    "--name",
    "-p",
    "--publish",
    "-v",
    "--volume",
    "--mount",
    "--tmpfs",
    "-e",
    "--env",
    "-l",
    "--label",
    "--restart",
    "-m",
    "--memory",
    "--memory-reservation",
    "--memory-swap",
    "--cpus",
    "-c",
    "--cpu-shares",
    "--pids-limit",
    "--network",
    "--net",
    "--link",
    "-h",
    "--hostname",
    "-u",
    "--user",
    "-w",
    "--workdir",
    "--entrypoint",
    "--health-cmd",
    "--health-interval",
    "--health-timeout",
    "--health-retries",
    "--health-start-period",
];

/// Turns `\` + CR LF into `\` + LF where a shell would read it as a line continuation (not
/// inside single quotes, where it is text). Hand-written: shell_words knows LF only, and a
/// plain replace would also change quoted text.
fn crlf_continuations_to_lf(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains("\\\r\n") {
        return line.into();
    }
    let mut out = String::with_capacity(line.len());
    let (mut single, mut double) = (false, false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '\\' if !single => {
                out.push(c);
                if chars.peek() == Some(&'\r') {
                    let mut ahead = chars.clone();
                    ahead.next();
                    if ahead.peek() == Some(&'\n') {
                        chars.next();
                    }
                }
                // The escaped character, whatever it is, is taken as is.
                if let Some(next) = chars.next() {
                    out.push(next);
                }
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out.into()
}

pub fn parse_run(line: &str) -> ParsedRun {
    let mut out = ParsedRun {
        form: RunForm::default(),
        unsupported: vec![],
        errors: vec![],
    };
    // Lines ending in `\` (pasted from docs) continue on the next line: shell_words does that
    // for `\` + LF, as a shell would; text copied on Windows ends its lines in CR LF.
    let words = match shell_words::split(&crlf_continuations_to_lf(line)) {
        Ok(w) => w,
        Err(_) => {
            out.errors.push("the command has an unclosed quote".into());
            return out;
        }
    };
    let mut i = 0;
    if words.first().map(String::as_str) == Some("docker") {
        i += 1;
        if words.get(i).map(String::as_str) == Some("container") {
            i += 1;
        }
        if words.get(i).map(String::as_str) == Some("run") {
            i += 1;
        } else {
            out.errors.push("this is not a `docker run` command".into());
            return out;
        }
    } else if words.first().map(String::as_str) == Some("run") {
        i += 1;
    }
    let f = &mut out.form;
    while i < words.len() {
        let w = words[i].clone();
        if !w.starts_with('-') || w == "-" {
            break;
        }
        i += 1;
        if w == "--" {
            break;
        }
        // `--flag=value`
        let (flag, inline) = match w.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_owned(), Some(v.to_owned())),
            _ => (w.clone(), None),
        };
        // Short flags glued to their value (`-p8080:80`, `-eA=1`) or combined (`-dit`).
        if !flag.starts_with("--") && flag.len() > 2 && inline.is_none() {
            let letters: Vec<char> = flag[1..].chars().collect();
            if letters.iter().all(|c| matches!(c, 'd' | 'i' | 't')) {
                for c in letters {
                    match c {
                        'i' => f.interactive = true,
                        't' => f.tty = true,
                        _ => {}
                    }
                }
                continue;
            }
            // `-` and one letter; by characters, since a pasted line can hold any text (the
            // fuzzer found `-Вm5`, where byte 2 is inside a letter).
            let cut = flag.char_indices().nth(2).map_or(flag.len(), |(i, _)| i);
            let (short, value) = flag.split_at(cut);
            if VALUE_FLAGS.contains(&short) {
                apply(
                    f,
                    &mut out.unsupported,
                    &mut out.errors,
                    short,
                    value.to_owned(),
                );
                continue;
            }
        }
        let takes_value = VALUE_FLAGS.contains(&flag.as_str());
        let unsupported_value = UNSUPPORTED_WITH_VALUE.contains(&flag.as_str());
        if takes_value || unsupported_value {
            let value = match inline {
                Some(v) => v,
                None => match words.get(i) {
                    Some(v) => {
                        i += 1;
                        v.clone()
                    }
                    None => {
                        out.errors.push(format!("{flag} needs a value"));
                        continue;
                    }
                },
            };
            if unsupported_value {
                out.unsupported
                    .push(shell_words::join([flag.as_str(), value.as_str()]));
            } else {
                apply(f, &mut out.unsupported, &mut out.errors, &flag, value);
            }
            continue;
        }
        match flag.as_str() {
            "-d" | "--detach" => {}
            "-i" | "--interactive" => f.interactive = true,
            "-t" | "--tty" => f.tty = true,
            "--rm" => f.auto_remove = true,
            "-P" | "--publish-all" => f.publish_all = true,
            _ => out.unsupported.push(w.clone()),
        }
    }
    if let Some(image) = words.get(i) {
        f.image = image.clone();
        let rest = &words[i + 1..];
        if !rest.is_empty() {
            f.command = shell_words::join(rest);
        }
    } else {
        out.errors
            .push("no image: the image comes after the flags".into());
    }
    out
}

fn apply(
    f: &mut RunForm,
    unsupported: &mut Vec<String>,
    errors: &mut Vec<String>,
    flag: &str,
    value: String,
) {
    match flag {
        "--name" => f.name = value,
        "-p" | "--publish" => match values::publish_flag(&value) {
            Ok(row) => f.ports.push(row),
            Err(m) => errors.push(m),
        },
        "-v" | "--volume" => match values::volume_flag(&value) {
            Ok(row) => f.mounts.push(row),
            Err(m) => errors.push(m),
        },
        "--tmpfs" => {
            let (target, opts) = value.split_once(':').unwrap_or((value.as_str(), ""));
            if !opts.is_empty() {
                unsupported.push(format!("--tmpfs {value} (options {opts})"));
            }
            f.mounts.push(MountRow {
                kind: MountKind::Tmpfs,
                target: target.to_owned(),
                ..Default::default()
            });
        }
        "--mount" => match mount_flag(&value) {
            Ok(row) => f.mounts.push(row),
            Err(m) => unsupported.push(format!("--mount {value} ({m})")),
        },
        "-e" | "--env" => match value.split_once('=') {
            Some((n, v)) => f.env.push(EnvRow { name: n.to_owned(), value: v.to_owned() }),
            None => unsupported.push(format!(
                "-e {value} (takes the value from the terminal's environment; give it a value instead)"
            )),
        },
        "-l" | "--label" => {
            let (k, v) = value.split_once('=').unwrap_or((value.as_str(), ""));
            f.labels.push(LabelRow { key: k.to_owned(), value: v.to_owned() });
        }
        "--restart" => f.restart = value,
        "-m" | "--memory" => f.memory = value,
        "--memory-reservation" => f.memory_reservation = value,
        "--memory-swap" => f.memory_swap = value,
        "--cpus" => f.cpus = value,
        "-c" | "--cpu-shares" => f.cpu_shares = value,
        "--pids-limit" => f.pids_limit = value,
        "--network" | "--net" => f.network = value,
        "--link" => f.links.push(value),
        "-h" | "--hostname" => f.hostname = value,
        "-u" | "--user" => f.user = value,
        "-w" | "--workdir" => f.workdir = value,
        "--entrypoint" => f.entrypoint = value,
        "--health-cmd" => f.health_cmd = value,
        "--health-interval" => f.health_interval = value,
        "--health-timeout" => f.health_timeout = value,
        "--health-retries" => f.health_retries = value,
        "--health-start-period" => f.health_start_period = value,
        other => unsupported.push(format!("{other} {value}")),
    }
}

/// `--mount type=volume,source=data,target=/data,readonly`
fn mount_flag(value: &str) -> Result<MountRow, String> {
    let mut row = MountRow::default();
    let mut kind = "volume";
    for part in value.split(',') {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        match k {
            "type" => kind = v,
            "source" | "src" => row.source = v.to_owned(),
            "target" | "destination" | "dst" => row.target = v.to_owned(),
            "readonly" | "ro" => row.read_only = v.is_empty() || v == "true" || v == "1",
            other => return Err(format!("option `{other}` is not supported")),
        }
    }
    row.kind = match kind {
        "volume" => MountKind::Volume,
        "bind" => MountKind::Bind,
        "tmpfs" => MountKind::Tmpfs,
        other => return Err(format!("type `{other}` is not supported")),
    };
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_continuations_join_lines_but_quoted_text_stays() {
        for nl in ["\n", "\r\n"] {
            let p = parse_run(&format!(
                "docker run \\{nl}  -d \\{nl}  busybox \\{nl}  echo hi"
            ));
            assert!(p.errors.is_empty(), "{:?}", p.errors);
            assert_eq!(p.form.image, "busybox");
            assert_eq!(p.form.command, "echo hi");
        }
        // Found by the fuzzer: inside single quotes a backslash and a line break are text.
        let p = parse_run("docker run busybox echo 'a\\\nb'");
        assert_eq!(p.form.command, shell_words::join(["echo", "a\\\nb"]));
    }

    #[test]
    fn glued_short_flags_are_split_by_letters_not_bytes() {
        // Found by the fuzzer: `-В…` is a dash and a two-byte letter.
        // The group is not read as `-m 5`, the image stays busybox, and what was not
        // understood is named with the whole word (listed as unsupported or as an error,
        // whichever list the parser keeps for unknown short flags).
        let p = parse_run("docker run -Вm5 busybox");
        assert_eq!(p.form.image, "busybox");
        assert_eq!(p.form.memory, "");
        assert!(
            p.unsupported
                .iter()
                .chain(&p.errors)
                .any(|m| m.contains("-Вm5")),
            "{p:?}"
        );
        let p = parse_run("docker run -eé=1 busybox");
        assert_eq!(p.form.env[0].name, "é");
    }

    #[test]
    fn a_rich_command_fills_the_form() {
        let p = parse_run(
            "docker run -dit --rm --name web -p 8080:80 -p 127.0.0.1::443/udp -v data:/data:ro \
             -v /srv:/srv -e A=1 -e 'B=two words' --restart=no -m 512m --cpus 1.5 \
             --network appnet -w /app --label team=core --health-cmd 'wget -q -O- localhost' \
             --entrypoint sh busybox:1 -c 'echo hi'",
        );
        assert!(p.errors.is_empty() && p.unsupported.is_empty(), "{p:?}");
        let f = &p.form;
        assert!(f.interactive && f.tty && f.auto_remove);
        assert_eq!(f.name, "web");
        assert_eq!(f.ports.len(), 2);
        assert_eq!(f.ports[1].host_ip, "127.0.0.1");
        assert_eq!(f.ports[1].protocol, "udp");
        assert_eq!(f.mounts[0].kind, MountKind::Volume);
        assert!(f.mounts[0].read_only);
        assert_eq!(f.mounts[1].kind, MountKind::Bind);
        assert_eq!(f.env[1].value, "two words");
        assert_eq!(f.memory, "512m");
        assert_eq!(f.image, "busybox:1");
        assert_eq!(f.command, "-c 'echo hi'");
        assert_eq!(f.entrypoint, "sh");
    }

    #[test]
    fn unsupported_flags_are_reported_with_their_values() {
        let p = parse_run(
            "docker run --privileged --cap-add NET_ADMIN --log-opt max-size=1m -e HOME nginx",
        );
        assert_eq!(
            p.form.image, "nginx",
            "values of unsupported flags are not taken for the image"
        );
        assert_eq!(p.unsupported.len(), 4, "{:?}", p.unsupported);
        assert!(p.unsupported.contains(&"--privileged".to_string()));
        assert!(p.unsupported.contains(&"--cap-add NET_ADMIN".to_string()));
        assert!(p.unsupported.iter().any(|u| u.starts_with("-e HOME")));
    }

    #[test]
    fn broken_commands_say_why() {
        assert_eq!(
            parse_run("docker run -e 'A=1 nginx").errors,
            vec!["the command has an unclosed quote"]
        );
        assert!(parse_run("docker run --name").errors[0].contains("needs a value"));
        assert!(parse_run("docker run -d").errors[0].contains("no image"));
        assert!(parse_run("docker ps -a").errors[0].contains("not a `docker run`"));
        let glued = parse_run("run -p8080:80 -eA=1 alpine");
        assert!(glued.errors.is_empty(), "{glued:?}");
        assert_eq!(glued.form.ports[0].host_port, "8080");
        assert_eq!(glued.form.env[0].name, "A");
        let multi = parse_run("docker run \\\n  --name x1 \\\n  busybox");
        assert_eq!(multi.form.name, "x1");
    }
}
