//! `NAME=value` lines, read the way `docker run --env-file` reads them, for the run form's
//! "paste lines" box and "load a .env file" button.
//!
//! Docker's rules: leading whitespace is dropped, blank lines and lines starting with `#` are
//! skipped, the name is everything before the first `=`, and the value is everything after it
//! exactly as written (quotes included; no `$VAR` expansion). A line with a name and no `=`
//! makes docker copy that variable from its own environment; the form has no such thing, so
//! those lines are left out and listed. A name with spaces or an empty name is an error, and
//! then nothing is loaded, so the form never holds half a file.

use crate::form::EnvRow;
use serde::Serialize;

/// The most a .env file may hold; anything larger is almost surely not one.
pub const MAX_ENV_FILE_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EnvLines {
    /// The variables, in file order. Empty when there are errors.
    pub rows: Vec<EnvRow>,
    /// Lines that stop the load, each naming its line number and what would be valid.
    pub errors: Vec<String>,
    /// Things worth knowing that do not stop it (quotes kept, lines left out).
    pub notes: Vec<String>,
}

/// Reads `NAME=value` lines from text (see the module notes for the rules).
pub fn parse_env_lines(text: &str) -> EnvLines {
    let mut out = EnvLines::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.contains('\0') {
            out.errors.push(format!("line {n}: contains a NUL byte"));
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            if line.chars().any(char::is_whitespace) {
                out.errors
                    .push(format!("line {n}: `{}` is not NAME=value", shorten(line)));
            } else {
                out.notes.push(format!(
                    "line {n}: {line} has no `=value`; docker would copy it from the environment \
                     it runs in, so it was left out. Add a value to keep it."
                ));
            }
            continue;
        };
        if name.is_empty() {
            out.errors.push(format!(
                "line {n}: there is no name before `=`; write NAME=value"
            ));
            continue;
        }
        if name.chars().any(char::is_whitespace) {
            let hint = name
                .strip_prefix("export")
                .filter(|rest| rest.starts_with(char::is_whitespace))
                .map(|_| " (drop `export`: env files are not shell scripts)")
                .unwrap_or("");
            out.errors.push(format!(
                "line {n}: the name `{}` contains spaces{hint}",
                shorten(name)
            ));
            continue;
        }
        let quoted = value.len() >= 2
            && ((value.starts_with('"') && value.ends_with('"'))
                || (value.starts_with('\'') && value.ends_with('\'')));
        if quoted {
            out.notes.push(format!(
                "line {n}: the quotes around {name}'s value are part of the value, as with \
                 docker run --env-file (compose's .env would remove them)"
            ));
        }
        out.rows.push(EnvRow {
            name: name.to_owned(),
            value: value.to_owned(),
        });
    }
    if !out.errors.is_empty() {
        out.rows.clear();
    }
    out
}

/// Reads a file's bytes as env lines: too large, or not UTF-8, is an error naming the limit
/// or the line.
pub fn parse_env_file(bytes: &[u8]) -> EnvLines {
    if bytes.len() > MAX_ENV_FILE_BYTES {
        return too_large(bytes.len() as u64);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_env_lines(text),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            EnvLines {
                errors: vec![format!(
                    "line {line}: not UTF-8 text; env files must be UTF-8 (is this a binary file?)"
                )],
                ..EnvLines::default()
            }
        }
    }
}

/// The answer for a file over [`MAX_ENV_FILE_BYTES`], so callers can refuse it unread.
pub fn too_large(len: u64) -> EnvLines {
    EnvLines {
        errors: vec![format!(
            "the file is {len} bytes; an env file may be at most {MAX_ENV_FILE_BYTES} (1 MiB)"
        )],
        ..EnvLines::default()
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, value: &str) -> EnvRow {
        EnvRow {
            name: name.into(),
            value: value.into(),
        }
    }

    #[test]
    fn lines_are_read_as_docker_reads_an_env_file() {
        let out = parse_env_lines(
            "\u{feff}# database\n  USER=ann\nPASS=\"s3 cret\"\n\nEMPTY=\nURL=a=b \r\nHOME\n",
        );
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert_eq!(
            out.rows,
            vec![
                row("USER", "ann"),
                row("PASS", "\"s3 cret\""),
                row("EMPTY", ""),
                row("URL", "a=b "),
            ]
        );
        assert_eq!(out.notes.len(), 2, "{:?}", out.notes);
        assert!(out.notes[0].starts_with("line 3: the quotes"));
        assert!(out.notes[1].starts_with("line 7: HOME has no `=value`"));
    }

    #[test]
    fn a_bad_line_loads_nothing_and_says_which_line() {
        let out = parse_env_lines("A=1\n=x\nexport B=2\nmy var=3\nC=3");
        assert!(out.rows.is_empty());
        assert_eq!(out.errors.len(), 3, "{:?}", out.errors);
        assert!(out.errors[0].starts_with("line 2: there is no name"));
        assert!(out.errors[1].contains("drop `export`"), "{}", out.errors[1]);
        assert!(out.errors[2].starts_with("line 4: the name `my var`"));
    }

    #[test]
    fn files_that_are_not_env_files_are_refused() {
        let big = vec![b'A'; MAX_ENV_FILE_BYTES + 1];
        assert!(parse_env_file(&big).errors[0].contains("at most"));
        let binary = b"A=1\nB=\xff\xfe\n";
        assert_eq!(
            parse_env_file(binary).errors,
            vec!["line 2: not UTF-8 text; env files must be UTF-8 (is this a binary file?)"]
        );
        assert!(parse_env_file(b"A=1\0").errors[0].contains("NUL"));
        assert_eq!(parse_env_file(b"A=1\n").rows, vec![row("A", "1")]);
    }
}
