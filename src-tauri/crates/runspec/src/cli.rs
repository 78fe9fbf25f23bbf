//! Reads a pasted `docker run …` command into the run form. Flags Tugboat cannot express are
//! reported, never dropped silently.

use crate::argv::command_line;
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

/// One flag of `docker run` as the docker CLI (28) defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunFlag {
    /// Without the dashes: `publish`.
    pub long: &'static str,
    pub short: Option<char>,
    /// Whether it takes a value (`--name web`); the others are switches (`--rm`).
    pub takes_value: bool,
}

const fn value(long: &'static str, short: Option<char>) -> RunFlag {
    RunFlag {
        long,
        short,
        takes_value: true,
    }
}

const fn switch(long: &'static str, short: Option<char>) -> RunFlag {
    RunFlag {
        long,
        short,
        takes_value: false,
    }
}

/// Every flag `docker run --help` lists (docker CLI 28), and the hidden old spellings it still
/// takes (`--net`, `--net-alias`, `--dns-opt`). Knowing each one, and whether it takes a value,
/// is what keeps a flag's value from being read as the image. A test checks this table against
/// the `docker run --help` of the CLI installed on the machine.
pub const RUN_FLAGS: &[RunFlag] = &[
    value("add-host", None),
    value("annotation", None),
    value("attach", Some('a')),
    value("blkio-weight", None),
    value("blkio-weight-device", None),
    value("cap-add", None),
    value("cap-drop", None),
    value("cgroup-parent", None),
    value("cgroupns", None),
    value("cidfile", None),
    value("cpu-count", None),
    value("cpu-percent", None),
    value("cpu-period", None),
    value("cpu-quota", None),
    value("cpu-rt-period", None),
    value("cpu-rt-runtime", None),
    value("cpu-shares", Some('c')),
    value("cpus", None),
    value("cpuset-cpus", None),
    value("cpuset-mems", None),
    switch("detach", Some('d')),
    value("detach-keys", None),
    value("device", None),
    value("device-cgroup-rule", None),
    value("device-read-bps", None),
    value("device-read-iops", None),
    value("device-write-bps", None),
    value("device-write-iops", None),
    switch("disable-content-trust", None),
    value("dns", None),
    value("dns-opt", None),
    value("dns-option", None),
    value("dns-search", None),
    value("domainname", None),
    value("entrypoint", None),
    value("env", Some('e')),
    value("env-file", None),
    value("expose", None),
    value("gpus", None),
    value("group-add", None),
    value("health-cmd", None),
    value("health-interval", None),
    value("health-retries", None),
    value("health-start-interval", None),
    value("health-start-period", None),
    value("health-timeout", None),
    switch("help", None),
    value("hostname", Some('h')),
    switch("init", None),
    switch("interactive", Some('i')),
    value("io-maxbandwidth", None),
    value("io-maxiops", None),
    value("ip", None),
    value("ip6", None),
    value("ipc", None),
    value("isolation", None),
    value("kernel-memory", None),
    value("label", Some('l')),
    value("label-file", None),
    value("link", None),
    value("link-local-ip", None),
    value("log-driver", None),
    value("log-opt", None),
    value("mac-address", None),
    value("memory", Some('m')),
    value("memory-reservation", None),
    value("memory-swap", None),
    value("memory-swappiness", None),
    value("mount", None),
    value("name", None),
    value("net", None),
    value("net-alias", None),
    value("network", None),
    value("network-alias", None),
    switch("no-healthcheck", None),
    switch("oom-kill-disable", None),
    value("oom-score-adj", None),
    value("pid", None),
    value("pids-limit", None),
    value("platform", None),
    switch("privileged", None),
    value("publish", Some('p')),
    switch("publish-all", Some('P')),
    value("pull", None),
    switch("quiet", Some('q')),
    switch("read-only", None),
    value("restart", None),
    switch("rm", None),
    value("runtime", None),
    value("security-opt", None),
    value("shm-size", None),
    switch("sig-proxy", None),
    value("stop-signal", None),
    value("stop-timeout", None),
    value("storage-opt", None),
    value("sysctl", None),
    value("tmpfs", None),
    switch("tty", Some('t')),
    value("ulimit", None),
    switch("use-api-socket", None),
    value("user", Some('u')),
    value("userns", None),
    value("uts", None),
    value("volume", Some('v')),
    value("volume-driver", None),
    value("volumes-from", None),
    value("workdir", Some('w')),
];

/// The flag a long name (without dashes) names.
pub fn long_flag(name: &str) -> Option<&'static RunFlag> {
    RUN_FLAGS.iter().find(|f| f.long == name)
}

/// The flag a short letter names.
pub fn short_flag(letter: char) -> Option<&'static RunFlag> {
    RUN_FLAGS.iter().find(|f| f.short == Some(letter))
}

/// A switch's value as the CLI reads it (Go's `strconv.ParseBool`).
fn switch_value(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

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

/// A shell prompt copied with the command (`$ docker run …`, `# docker run …` as root): not
/// part of it. Only a prompt sign followed by a space counts, so `$HOME` stays.
fn without_prompt(line: &str) -> &str {
    let t = line.trim_start();
    for sign in ["$", "#", "%", ">"] {
        if let Some(rest) = t.strip_prefix(sign) {
            if rest.starts_with([' ', '\t']) {
                return rest;
            }
        }
    }
    t
}

pub fn parse_run(line: &str) -> ParsedRun {
    let mut out = ParsedRun {
        form: RunForm::default(),
        unsupported: vec![],
        errors: vec![],
    };
    // Lines ending in `\` (pasted from docs) continue on the next line: shell_words does that
    // for `\` + LF, as a shell would; text copied on Windows ends its lines in CR LF.
    let words = match shell_words::split(&crlf_continuations_to_lf(without_prompt(line))) {
        Ok(w) => w,
        Err(_) => {
            out.errors.push("the command has an unclosed quote".into());
            return out;
        }
    };
    let mut i = 0;
    // `sudo docker run …`: sudo only changes who runs the CLI.
    if words.first().map(String::as_str) == Some("sudo") {
        i += 1;
    }
    if words.get(i).map(String::as_str) == Some("docker") {
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
    } else if words.get(i).map(String::as_str) == Some("run") {
        i += 1;
    }
    while i < words.len() {
        let w = words[i].clone();
        if !w.starts_with('-') || w == "-" {
            break;
        }
        i += 1;
        if w == "--" {
            break;
        }
        if let Some(long) = w.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((k, v)) => (k, Some(v.to_owned())),
                None => (long, None),
            };
            let Some(flag) = long_flag(name) else {
                out.errors
                    .push(format!("`--{name}` is not a flag of docker run"));
                continue;
            };
            let written = format!("--{name}");
            let value = if flag.takes_value {
                match inline.or_else(|| next_word(&words, &mut i)) {
                    Some(v) => v,
                    None => {
                        out.errors.push(format!("{written} needs a value"));
                        continue;
                    }
                }
            } else {
                inline.unwrap_or_else(|| "true".into())
            };
            take(&mut out, flag, &written, value);
            continue;
        }
        // Short flags, which may be combined (`-dit`, `-dp 8080:80`) or glued to their value
        // (`-p8080:80`, `-eA=1`, `-e=A=1`), read as the CLI's flag library reads them: a flag
        // that takes a value ends the group and takes the rest of the word, or the next word.
        // By characters, since a pasted line can hold any text (the fuzzer found `-Вm5`).
        let letters: Vec<char> = w.chars().skip(1).collect();
        let mut k = 0;
        while k < letters.len() {
            let letter = letters[k];
            k += 1;
            let Some(flag) = short_flag(letter) else {
                out.errors.push(format!(
                    "`-{letter}` (in `{w}`) is not a flag of docker run"
                ));
                break;
            };
            let written = format!("-{letter}");
            let rest: String = letters[k..].iter().collect();
            let inline = rest.strip_prefix('=').map(str::to_owned);
            if flag.takes_value {
                let value = match inline {
                    Some(v) => Some(v),
                    None if !rest.is_empty() => Some(rest),
                    None => next_word(&words, &mut i),
                };
                match value {
                    Some(v) => take(&mut out, flag, &written, v),
                    None => out.errors.push(format!("{written} needs a value")),
                }
                break;
            }
            match inline {
                Some(v) => {
                    take(&mut out, flag, &written, v);
                    break;
                }
                None => take(&mut out, flag, &written, "true".into()),
            }
        }
    }
    let f = &mut out.form;
    if let Some(image) = words.get(i) {
        f.image = image.clone();
        let rest = &words[i + 1..];
        if !rest.is_empty() {
            f.command = command_line(rest);
        }
    } else {
        out.errors
            .push("no image: the image comes after the flags".into());
    }
    out
}

fn next_word(words: &[String], i: &mut usize) -> Option<String> {
    let w = words.get(*i)?.clone();
    *i += 1;
    Some(w)
}

/// One flag with its value (`"true"` for a switch given alone), into the form or the
/// unsupported list.
fn take(out: &mut ParsedRun, flag: &RunFlag, written: &str, value: String) {
    if flag.takes_value {
        apply(
            &mut out.form,
            &mut out.unsupported,
            &mut out.errors,
            flag.long,
            written,
            value,
        );
        return;
    }
    let Some(on) = switch_value(&value) else {
        out.errors
            .push(format!("{written}={value}: a switch is true or false"));
        return;
    };
    let f = &mut out.form;
    match flag.long {
        "interactive" => f.interactive = on,
        "tty" => f.tty = on,
        "rm" => f.auto_remove = on,
        "publish-all" => f.publish_all = on,
        "read-only" => f.read_only = on,
        "privileged" => f.privileged = on,
        "init" => f.init = on,
        // Tugboat always starts containers in the background.
        "detach" if on => {}
        "detach" => out.unsupported.push(format!(
            "{written}=false (Tugboat runs containers in the background; attach to one from its row)"
        )),
        // Only how the CLI talks while it pulls or while attached: the container is the same.
        "quiet" | "sig-proxy" => {}
        // The CLI skips image signature checks unless told otherwise.
        "disable-content-trust" if on => {}
        "help" if on => out
            .errors
            .push("`--help` prints the help of docker run instead of running anything".into()),
        _ if on => out.unsupported.push(written.to_owned()),
        _ => {}
    }
}

fn apply(
    f: &mut RunForm,
    unsupported: &mut Vec<String>,
    errors: &mut Vec<String>,
    long: &str,
    written: &str,
    value: String,
) {
    match long {
        "name" => f.name = value,
        "publish" => match values::publish_flag(&value) {
            Ok(row) => f.ports.push(row),
            Err(m) => errors.push(m),
        },
        "volume" => match values::volume_flag(&value) {
            Ok(row) => f.mounts.push(row),
            Err(m) => errors.push(m),
        },
        "tmpfs" => {
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
        "mount" => match mount_flag(&value) {
            Ok(row) => f.mounts.push(row),
            Err(m) => unsupported.push(format!("--mount {value} ({m})")),
        },
        "env" => match value.split_once('=') {
            Some((n, v)) => f.env.push(EnvRow { name: n.to_owned(), value: v.to_owned() }),
            None => unsupported.push(format!(
                "{written} {value} (takes the value from the terminal's environment; give it a value instead)"
            )),
        },
        // The CLI reads the file on the machine it runs on; Tugboat reads a file only when
        // you choose it, into the variable rows.
        "env-file" => unsupported.push(format!(
            "{} (load the file with \"Load a .env file\" under Environment: its variables become rows)",
            command_line(&[written, value.as_str()])
        )),
        "label" => {
            let (k, v) = value.split_once('=').unwrap_or((value.as_str(), ""));
            f.labels.push(LabelRow { key: k.to_owned(), value: v.to_owned() });
        }
        "restart" => f.restart = value,
        "memory" => f.limits.memory = value,
        "memory-reservation" => f.limits.memory_reservation = value,
        "memory-swap" => f.limits.memory_swap = value,
        "cpus" => f.limits.cpus = value,
        "cpu-shares" => f.limits.cpu_shares = value,
        "pids-limit" => f.limits.pids_limit = value,
        "network" | "net" => f.network = value,
        "link" => f.links.push(value),
        "hostname" => f.hostname = value,
        "user" => f.user = value,
        "workdir" => f.workdir = value,
        "entrypoint" => f.entrypoint = value,
        "health-cmd" => f.health_cmd = value,
        "health-interval" => f.health_interval = value,
        "health-timeout" => f.health_timeout = value,
        "health-retries" => f.health_retries = value,
        "health-start-period" => f.health_start_period = value,
        "cap-add" => f.cap_add.push(value),
        "cap-drop" => f.cap_drop.push(value),
        "add-host" => f.add_hosts.push(value),
        "dns" => f.dns.push(value),
        "ulimit" => f.ulimits.push(value),
        "log-driver" => f.log_driver = value,
        "log-opt" => f.log_opts.push(value),
        "device" => f.devices.push(value),
        "platform" => f.platform = value,
        "pull" => f.pull = value,
        "stop-signal" => f.stop_signal = value,
        "stop-timeout" => f.stop_timeout = value,
        "shm-size" => f.shm_size = value,
        "security-opt" => f.security_opts.push(value),
        "network-alias" | "net-alias" => f.network_aliases.push(value),
        "ip" => f.ip = value,
        "expose" => f.expose.push(value),
        "gpus" => f.gpus = value,
        _ => unsupported.push(command_line(&[written, value.as_str()])),
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
        assert_eq!(p.form.limits.memory, "");
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
        assert_eq!(f.limits.memory, "512m");
        assert_eq!(f.image, "busybox:1");
        assert_eq!(f.command, "-c 'echo hi'");
        assert_eq!(f.entrypoint, "sh");
    }

    #[test]
    fn unsupported_flags_are_reported_with_their_values() {
        let p = parse_run(
            "docker run --oom-kill-disable --cpu-count 2 --sysctl net.ipv4.ip_forward=1 -a stdout \
             --blkio-weight=300 -e HOME --env-file ./app.env nginx",
        );
        assert_eq!(
            p.form.image, "nginx",
            "values of unsupported flags are not taken for the image"
        );
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(
            p.unsupported[..5],
            [
                "--oom-kill-disable",
                "--cpu-count 2",
                "--sysctl 'net.ipv4.ip_forward=1'",
                "-a stdout",
                "--blkio-weight 300"
            ]
        );
        assert!(p.unsupported[5].starts_with("-e HOME"));
        assert!(p.unsupported[6].starts_with("--env-file ./app.env (load the file"));
        assert_eq!(p.unsupported.len(), 7);
    }

    #[test]
    fn no_flag_of_docker_run_lets_its_value_become_the_image() {
        for flag in RUN_FLAGS.iter().filter(|f| f.takes_value) {
            let p = parse_run(&format!("docker run --{} 2 busybox:1", flag.long));
            assert_eq!(p.form.image, "busybox:1", "--{}", flag.long);
            if let Some(c) = flag.short {
                let p = parse_run(&format!("docker run -{c} 2 busybox:1"));
                assert_eq!(p.form.image, "busybox:1", "-{c}");
            }
        }
        for flag in RUN_FLAGS
            .iter()
            .filter(|f| !f.takes_value && f.long != "help")
        {
            let p = parse_run(&format!("docker run --{} busybox:1", flag.long));
            assert_eq!(p.form.image, "busybox:1", "--{}", flag.long);
        }
        let unknown = parse_run("docker run --no-such-flag busybox:1");
        assert!(unknown.errors[0].contains("`--no-such-flag` is not a flag of docker run"));
    }

    #[test]
    fn combined_short_flags_read_as_the_cli_reads_them() {
        // Docker's getting-started line.
        let p = parse_run("docker run -dp 8080:80 nginx");
        assert!(p.errors.is_empty() && p.unsupported.is_empty(), "{p:?}");
        assert_eq!(p.form.image, "nginx");
        assert_eq!(p.form.command, "");
        assert_eq!(
            (
                p.form.ports[0].host_port.as_str(),
                p.form.ports[0].container_port.as_str()
            ),
            ("8080", "80")
        );
        for (word, i, t) in [
            ("-itd", true, true),
            ("-dit", true, true),
            ("-ti", true, true),
            ("-it", true, true),
            ("-id", true, false),
            ("-td", false, true),
        ] {
            let p = parse_run(&format!("docker run {word} busybox"));
            assert!(p.errors.is_empty(), "{word}: {:?}", p.errors);
            assert_eq!((p.form.interactive, p.form.tty), (i, t), "{word}");
            assert_eq!(p.form.image, "busybox");
        }
        // A flag that takes a value ends the group and takes the rest of the word.
        let p = parse_run("docker run -itp8080:80 -dv data:/data -de=A=1 -Pe B=2 busybox");
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert!(p.form.interactive && p.form.tty && p.form.publish_all);
        assert_eq!(p.form.ports[0].host_port, "8080");
        assert_eq!(p.form.mounts[0].source, "data");
        assert_eq!(
            (p.form.env[0].name.as_str(), p.form.env[0].value.as_str()),
            ("A", "1")
        );
        assert_eq!(p.form.env[1].name, "B");
        assert_eq!(p.form.image, "busybox");
        assert!(parse_run("docker run -dx busybox").errors[0].contains("`-x`"));
        assert!(parse_run("docker run -dp").errors[0].contains("-p needs a value"));
    }

    #[test]
    fn switches_read_true_and_false() {
        let p = parse_run(
            "docker run --rm=false -i=false -t=true --init=false --read-only=true --privileged=false \
             -P=0 busybox",
        );
        assert!(p.errors.is_empty() && p.unsupported.is_empty(), "{p:?}");
        let f = &p.form;
        assert!(!f.auto_remove && !f.interactive && f.tty && !f.init && f.read_only);
        assert!(!f.privileged && !f.publish_all);
        let p = parse_run("docker run --rm --init --privileged --read-only busybox");
        assert!(p.form.auto_remove && p.form.init && p.form.privileged && p.form.read_only);
        // Set, then unset: the last one counts, as in the CLI.
        assert!(
            !parse_run("docker run --rm --rm=false busybox")
                .form
                .auto_remove
        );
        assert!(parse_run("docker run --rm=maybe busybox").errors[0].contains("true or false"));
        assert!(parse_run("docker run -d=false busybox").unsupported[0].starts_with("-d=false"));
        assert!(parse_run("docker run --oom-kill-disable=false busybox")
            .unsupported
            .is_empty());
    }

    #[test]
    fn what_tutorials_copy_with_the_command_is_read_past() {
        for line in [
            "$ docker run -d nginx",
            "  $ docker run -d nginx",
            "# docker run -d nginx",
            "sudo docker run -d nginx",
            "$ sudo docker container run -d nginx",
            "docker container run -d nginx",
            "docker run -d nginx   # the web server",
            "$ docker run \\\n  -d \\\n  nginx",
            "$ docker run \\\r\n  -d \\\r\n  nginx",
        ] {
            let p = parse_run(line);
            assert!(
                p.errors.is_empty() && p.unsupported.is_empty(),
                "{line:?}: {p:?}"
            );
            assert_eq!(p.form.image, "nginx", "{line:?}");
            assert_eq!(p.form.command, "", "{line:?}");
        }
        // `$HOME` is not a prompt.
        assert_eq!(parse_run("$HOME").form.image, "$HOME");
        assert!(parse_run("sudo docker ps").errors[0].contains("not a `docker run`"));
    }

    #[test]
    fn the_less_common_flags_fill_the_form() {
        let p = parse_run(
            "docker run --read-only --tmpfs /run --cap-add NET_ADMIN --cap-drop=ALL --privileged \
             --init --add-host db:10.0.0.5 --dns 1.1.1.1 --ulimit nofile=1024:2048 \
             --log-driver local --log-opt max-size=10m --device /dev/fuse --platform linux/amd64 \
             --pull never --stop-signal SIGINT --stop-timeout 30 --shm-size 256m \
             --security-opt no-new-privileges --net appnet --net-alias web --network-alias www \
             --ip 172.30.0.10 --expose 80 --gpus all busybox",
        );
        assert!(p.errors.is_empty() && p.unsupported.is_empty(), "{p:?}");
        let f = &p.form;
        assert!(f.read_only && f.privileged && f.init);
        assert_eq!(f.mounts[0].kind, MountKind::Tmpfs);
        assert_eq!(f.cap_add, ["NET_ADMIN"]);
        assert_eq!(f.cap_drop, ["ALL"]);
        assert_eq!(f.add_hosts, ["db:10.0.0.5"]);
        assert_eq!(f.dns, ["1.1.1.1"]);
        assert_eq!(f.ulimits, ["nofile=1024:2048"]);
        assert_eq!(
            (f.log_driver.as_str(), f.log_opts[0].as_str()),
            ("local", "max-size=10m")
        );
        assert_eq!(f.devices, ["/dev/fuse"]);
        assert_eq!(
            (f.platform.as_str(), f.pull.as_str()),
            ("linux/amd64", "never")
        );
        assert_eq!(
            (f.stop_signal.as_str(), f.stop_timeout.as_str()),
            ("SIGINT", "30")
        );
        assert_eq!(f.shm_size, "256m");
        assert_eq!(f.security_opts, ["no-new-privileges"]);
        assert_eq!(f.network, "appnet");
        assert_eq!(f.network_aliases, ["web", "www"]);
        assert_eq!(f.ip, "172.30.0.10");
        assert_eq!(f.expose, ["80"]);
        assert_eq!(f.gpus, "all");
        assert_eq!(f.image, "busybox");
        let spec = f.validate().unwrap();
        let again = parse_run(&spec.command_line());
        assert_eq!(again.form.validate().unwrap(), spec);
    }

    #[test]
    fn a_tcp_port_round_trips_through_the_preview() {
        let p = parse_run("docker run -p 8080:80/tcp -p 53:53/udp busybox");
        let spec = p.form.validate().unwrap();
        let again = parse_run(&spec.command_line());
        assert_eq!(again.form.ports, p.form.ports);
        assert_eq!(
            p.form.ports[0].protocol, "",
            "tcp is the form's empty choice"
        );
        assert_eq!(p.form.ports[1].protocol, "udp");
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
