//! A `docker …` argv as it may be written to a log: values that can carry secrets (environment
//! variables, labels, `ENV`/`LABEL` changes of a commit, build arguments) are replaced by `***`,
//! their names kept so the line still says what was set. The full command is only ever shown in
//! the window, never written to disk.

/// What the log shows instead of a secret value.
pub const HIDDEN: &str = "***";

/// The argv as one shell line with secret values hidden.
pub fn loggable(argv: &[String]) -> String {
    crate::argv::command_line(&redacted(argv))
}

/// The argv with every secret-carrying value replaced (see the module doc).
pub fn redacted(argv: &[String]) -> Vec<String> {
    let sub = subcommand(argv);
    let mut out = Vec::with_capacity(argv.len());
    let mut hide_next: Option<Secret> = None;
    for arg in argv {
        if let Some(kind) = hide_next.take() {
            out.push(kind.hide(arg));
            continue;
        }
        // `--env=A=b`, `-e=A=b`, `-eA=b`: a flag and its value in one word.
        if let Some((flag, value)) = joined(arg) {
            if let Some(kind) = secret_flag(sub, flag) {
                out.push(format!("{flag}={}", kind.hide(value)));
                continue;
            }
        }
        if let Some((flag, value)) = short_cluster(arg) {
            if let Some(kind) = secret_flag(sub, flag) {
                out.push(format!("{flag}{}", kind.hide(value)));
                continue;
            }
        }
        hide_next = secret_flag(sub, arg);
        out.push(arg.clone());
    }
    out
}

#[derive(Debug, Clone, Copy)]
enum Secret {
    /// `NAME=value` (or a bare `NAME`, which passes the host's value and shows nothing).
    Assignment,
    /// A Dockerfile instruction of `docker commit --change`: only ENV and LABEL carry values.
    Instruction,
}

impl Secret {
    fn hide(self, value: &str) -> String {
        match self {
            Secret::Assignment => match value.split_once('=') {
                Some((name, _)) => format!("{name}={HIDDEN}"),
                None => value.to_owned(),
            },
            Secret::Instruction => {
                let trimmed = value.trim_start();
                let word_end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
                let (word, rest) = trimmed.split_at(word_end);
                if !matches!(word.to_ascii_uppercase().as_str(), "ENV" | "LABEL") {
                    return value.to_owned();
                }
                // `ENV A=1 B=2` hides each value; the old `ENV A 1` form hides all after A.
                let rest = rest.trim_start();
                if rest.contains('=') {
                    let parts: Vec<String> = rest
                        .split_whitespace()
                        .map(|p| Secret::Assignment.hide(p))
                        .collect();
                    format!("{word} {}", parts.join(" "))
                } else {
                    match rest.split_once(char::is_whitespace) {
                        Some((name, _)) => format!("{word} {name} {HIDDEN}"),
                        None => value.to_owned(),
                    }
                }
            }
        }
    }
}

/// The docker subcommand (`run`, `create`, `commit`, `build`…), skipping `container`/`image`.
fn subcommand(argv: &[String]) -> &str {
    argv.iter()
        .skip(1)
        .map(String::as_str)
        .find(|a| !a.starts_with('-') && !matches!(*a, "container" | "image" | "buildx"))
        .unwrap_or("")
}

fn secret_flag(sub: &str, flag: &str) -> Option<Secret> {
    match (sub, flag) {
        ("commit", "-c" | "--change") => Some(Secret::Instruction),
        // In `docker run`, `-c` is --cpu-shares: only the commit reading above hides it.
        (_, "-e" | "--env" | "-l" | "--label" | "--build-arg" | "--label-add") => {
            Some(Secret::Assignment)
        }
        _ => None,
    }
}

fn joined(arg: &str) -> Option<(&str, &str)> {
    if !arg.starts_with('-') {
        return None;
    }
    arg.split_once('=')
}

/// `-eA=b` / `-lkey=v`: a short flag with its value glued on.
fn short_cluster(arg: &str) -> Option<(&str, &str)> {
    let bytes = arg.as_bytes();
    if bytes.len() > 2 && bytes[0] == b'-' && bytes[1] != b'-' && arg.is_char_boundary(2) {
        Some(arg.split_at(2))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(line: &str) -> Vec<String> {
        shell_words::split(line).unwrap()
    }

    #[test]
    fn env_and_label_values_are_hidden_and_names_kept() {
        let line = loggable(&argv(
            "docker run -d -e DB_PASSWORD=hunter2 --env=TOKEN=abc -eKEY=zzz --label team=s3cret -p 80:80 busybox",
        ));
        for secret in ["hunter2", "abc", "zzz", "s3cret"] {
            assert!(!line.contains(secret), "{secret} leaked in {line}");
        }
        assert_eq!(
            line,
            "docker run -d -e 'DB_PASSWORD=***' '--env=TOKEN=***' '-eKEY=***' --label 'team=***' -p 80:80 busybox"
        );
    }

    #[test]
    fn a_bare_name_passes_the_host_value_and_is_kept() {
        assert_eq!(
            loggable(&argv("docker run -e HOME busybox")),
            "docker run -e HOME busybox"
        );
    }

    #[test]
    fn commit_changes_hide_env_and_label_values_only() {
        let line = loggable(&argv(
            "docker commit -c 'ENV API_KEY=k1 MODE=prod' --change 'ENV OLD legacy-secret' -c 'CMD [\"sh\"]' -c 'label owner=me' web img",
        ));
        for secret in ["k1", "prod", "legacy-secret", "=me"] {
            assert!(!line.contains(secret), "{secret} leaked in {line}");
        }
        assert!(line.contains("CMD [\"sh\"]"), "{line}");
        assert!(line.contains("API_KEY=***"), "{line}");
    }

    #[test]
    fn cpu_shares_in_run_is_not_mistaken_for_a_change() {
        assert_eq!(
            loggable(&argv("docker run -c 512 busybox")),
            "docker run -c 512 busybox"
        );
    }

    #[test]
    fn the_long_container_run_form_is_read_as_run() {
        let v = redacted(&argv("docker container run --name web -e A=1 busybox sh"));
        assert_eq!(v.last().map(String::as_str), Some("sh"));
        assert!(v.contains(&"A=***".to_owned()));
    }
}
