//! `docker logs`: the times `--since` and `--until` take, checked before the engine is asked,
//! and the command line a logs view equals.

use crate::argv::command_line;
use crate::values::duration_ns;

/// A moment as `docker logs --since/--until` names it, in unix seconds and nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LogTime {
    pub seconds: i64,
    pub nanos: u32,
}

impl LogTime {
    /// Nanoseconds since the epoch: one number to compare lines by.
    pub fn key(self) -> i128 {
        i128::from(self.seconds) * 1_000_000_000 + i128::from(self.nanos)
    }

    /// Whole seconds at or before this moment (the engine's query takes whole seconds).
    pub fn floor_seconds(self) -> i64 {
        self.seconds
    }

    /// Whole seconds at or after this moment.
    pub fn ceil_seconds(self) -> i64 {
        self.seconds + i64::from(self.nanos > 0)
    }
}

/// Reads `text` as the docker CLI reads `--since`/`--until`: an RFC 3339 time
/// (`2024-05-01T10:00:00Z`, with a fraction or an offset), unix seconds (`1714557600`,
/// `1714557600.5`), or a duration back from `now_seconds` (`10m`, `1h30m`). Empty: no limit.
/// `field` names the input in the error.
pub fn parse_log_time(
    field: &str,
    text: &str,
    now_seconds: i64,
) -> Result<Option<LogTime>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(Some(LogTime {
            seconds: at.timestamp(),
            nanos: at.timestamp_subsec_nanos(),
        }));
    }
    if let Some(unix) = unix_seconds(t) {
        return Ok(Some(unix));
    }
    if t.starts_with(|c: char| c.is_ascii_digit()) && t.ends_with(|c: char| c.is_ascii_alphabetic())
    {
        if let Ok(Some(ns)) = duration_ns(t, field) {
            let back = (i128::from(now_seconds) * 1_000_000_000 - i128::from(ns)).max(0);
            return Ok(Some(LogTime {
                seconds: (back / 1_000_000_000) as i64,
                nanos: (back % 1_000_000_000) as u32,
            }));
        }
    }
    Err(format!(
        "{field}: `{t}` is not a time; use an RFC 3339 time such as 2024-05-01T10:00:00Z, \
         unix seconds such as 1714557600, or a duration back from now such as 10m or 1h30m"
    ))
}

/// `1714557600` or `1714557600.123456789`.
fn unix_seconds(t: &str) -> Option<LogTime> {
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if t.contains('.') && fraction.is_empty() {
        return None;
    }
    let seconds = whole.parse::<i64>().ok()?;
    let nanos = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<9}").parse::<u32>().ok()?
    };
    Some(LogTime { seconds, nanos })
}

/// What one logs view asks for, as the `docker logs` flags say it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogsFlags {
    pub follow: bool,
    /// None: every line (`--tail all`, the default, so not written).
    pub tail: Option<u32>,
    /// As the user typed them; checked with [`parse_log_time`] before use.
    pub since: Option<String>,
    pub until: Option<String>,
    pub timestamps: bool,
}

/// `docker logs [-f] [--tail N] [--since T] [--until T] [-t] NAME`.
pub fn logs_argv(flags: &LogsFlags, name: &str) -> Vec<String> {
    let mut argv: Vec<String> = vec!["docker".into(), "logs".into()];
    if flags.follow {
        argv.push("--follow".into());
    }
    if let Some(n) = flags.tail {
        argv.extend(["--tail".into(), n.to_string()]);
    }
    for (flag, value) in [("--since", &flags.since), ("--until", &flags.until)] {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            argv.extend([flag.into(), v.to_owned()]);
        }
    }
    if flags.timestamps {
        argv.push("--timestamps".into());
    }
    argv.push(name.to_owned());
    argv
}

/// The shell line a logs view equals. One container: its `docker logs` line. Several (a merged
/// view): the CLI has no merged logs, so the line runs one `docker logs` per container at once
/// in the background and waits for all (`a & b & wait`): their lines interleave as they
/// arrive, which is what the merged view shows, and it pastes into any POSIX shell.
pub fn logs_command(flags: &LogsFlags, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => command_line(&logs_argv(flags, one)),
        several => {
            let mut line = several
                .iter()
                .map(|n| command_line(&logs_argv(flags, n)))
                .collect::<Vec<_>>()
                .join(" & ");
            line.push_str(" & wait");
            line
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_714_557_600;

    #[test]
    fn times_read_as_the_cli_reads_them() {
        let t = |s: &str| parse_log_time("since", s, NOW);
        assert_eq!(t(""), Ok(None));
        assert_eq!(
            t("2024-05-01T10:00:00Z"),
            Ok(Some(LogTime {
                seconds: NOW,
                nanos: 0
            }))
        );
        assert_eq!(
            t("2024-05-01T12:00:00.25+02:00"),
            Ok(Some(LogTime {
                seconds: NOW,
                nanos: 250_000_000
            }))
        );
        assert_eq!(
            t("1714557600.5"),
            Ok(Some(LogTime {
                seconds: NOW,
                nanos: 500_000_000
            }))
        );
        assert_eq!(
            t("1714557600"),
            Ok(Some(LogTime {
                seconds: NOW,
                nanos: 0
            }))
        );
        assert_eq!(
            t("10m"),
            Ok(Some(LogTime {
                seconds: NOW - 600,
                nanos: 0
            }))
        );
        assert_eq!(
            t("1h30m"),
            Ok(Some(LogTime {
                seconds: NOW - 5400,
                nanos: 0
            }))
        );
        for bad in [
            "yesterday",
            "12.",
            "1.2.3",
            "-5",
            "2024-13-01T00:00:00Z",
            "10",
        ] {
            if bad == "10" {
                // Plain digits are unix seconds, as for the CLI.
                assert!(t(bad).is_ok());
                continue;
            }
            let err = t(bad).unwrap_err();
            assert!(err.starts_with("since: "), "{err}");
            assert!(err.contains("RFC 3339"), "{err}");
        }
    }

    #[test]
    fn whole_seconds_round_outwards() {
        let t = LogTime {
            seconds: 10,
            nanos: 1,
        };
        assert_eq!((t.floor_seconds(), t.ceil_seconds()), (10, 11));
        let whole = LogTime {
            seconds: 10,
            nanos: 0,
        };
        assert_eq!((whole.floor_seconds(), whole.ceil_seconds()), (10, 10));
        assert!(t.key() > whole.key());
    }

    #[test]
    fn one_container_is_one_docker_logs_line() {
        let flags = LogsFlags {
            follow: true,
            tail: Some(500),
            since: Some("10m".into()),
            until: None,
            timestamps: false,
        };
        assert_eq!(
            logs_command(&flags, &["web".into()]),
            "docker logs --follow --tail 500 --since 10m web"
        );
        let all = LogsFlags {
            timestamps: true,
            until: Some("2024-05-01T10:00:00Z".into()),
            ..LogsFlags::default()
        };
        assert_eq!(
            logs_command(&all, &["my app".into()]),
            "docker logs --until 2024-05-01T10:00:00Z --timestamps 'my app'"
        );
    }

    #[test]
    fn several_containers_run_side_by_side_and_wait() {
        let flags = LogsFlags {
            follow: true,
            tail: Some(100),
            ..LogsFlags::default()
        };
        assert_eq!(
            logs_command(&flags, &["web".into(), "db".into()]),
            "docker logs --follow --tail 100 web & docker logs --follow --tail 100 db & wait"
        );
        assert_eq!(logs_command(&flags, &[]), "");
    }
}
