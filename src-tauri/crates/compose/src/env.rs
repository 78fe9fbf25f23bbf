//! `.env` and `--env-file` files as Compose reads them for interpolation, and which value wins.
//!
//! Precedence (Compose's): the process environment wins over env files; with several
//! `--env-file`s a later file wins over an earlier one; `--env-file` replaces the default
//! `<project>/.env` (which is read only when no `--env-file` is given, and only if it exists).
//!
//! The file format (Compose's dotenv): `KEY=VALUE` lines, an optional `export ` before the key,
//! `#` comment lines and ` #` comments after an unquoted value, `'single'` quotes taken
//! literally, `"double"` quotes with `\n`, `\t`, `\"`, `\\` escapes that may span lines, and
//! `${VAR}` forms in unquoted and double-quoted values, which see the keys earlier in the same
//! file first, then the environment. A line with a key alone takes its value from the process
//! environment (or is skipped when unset there).
//!
//! Hand-written: the files crate's `envfile` reads `docker run --env-file` files, which have no
//! quotes or substitution; Compose's format is this richer one.

use crate::interpolate::{substitute, SyntaxError};
use crate::load::VariableFrom;
use std::collections::BTreeMap;

/// One `KEY=VALUE` of a file, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvEntry {
    pub key: String,
    pub value: String,
    pub line: u32,
}

/// A line the file format refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvError {
    pub line: u32,
    pub message: String,
}

/// Parses an env file's text; `outside` looks up what is not set earlier in the file.
pub fn parse_env_file(
    text: &str,
    outside: &dyn Fn(&str) -> Option<String>,
) -> (Vec<EnvEntry>, Vec<EnvError>) {
    let mut entries: Vec<EnvEntry> = Vec::new();
    let mut errors = Vec::new();
    let mut rest = text;
    let mut line = 1u32;
    while !rest.is_empty() {
        let (raw_line, after) = match rest.find('\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let trimmed = raw_line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            rest = after;
            line += 1;
            continue;
        }
        let body = trimmed
            .strip_prefix("export ")
            .map(str::trim_start)
            .unwrap_or(trimmed);
        let Some(eq) = body.find('=') else {
            let key = body.trim_end();
            if valid_key(key) {
                if let Some(value) = outside(key) {
                    entries.push(EnvEntry {
                        key: key.into(),
                        value,
                        line,
                    });
                }
            } else {
                errors.push(EnvError {
                    line,
                    message: format!("`{key}` is not KEY=VALUE"),
                });
            }
            rest = after;
            line += 1;
            continue;
        };
        let key = body[..eq].trim_end();
        if !valid_key(key) {
            errors.push(EnvError {
                line,
                message: format!(
                    "`{key}` is not a variable name (letters, digits, `_`, `.`, `-`, not \
                     starting with a digit)"
                ),
            });
            rest = after;
            line += 1;
            continue;
        }
        let value_start = &body[eq + 1..];
        let lead = value_start.len() - value_start.trim_start_matches([' ', '\t']).len();
        let value_text = &value_start[lead..];
        let start_line = line;
        let lookup = |name: &str| -> Option<(String, VariableFrom)> {
            entries
                .iter()
                .rev()
                .find(|e| e.key == name)
                .map(|e| e.value.clone())
                .or_else(|| outside(name))
                .map(|v| (v, VariableFrom::EnvFile))
        };
        let (value, consumed_rest) = match value_text.chars().next() {
            Some(q @ ('\'' | '"')) => {
                // The value may run over several lines: search from here in the whole rest.
                let offset = value_text.as_ptr() as usize - rest.as_ptr() as usize;
                let from = &rest[offset + 1..];
                match closing_quote(from, q) {
                    Some(close) => {
                        let inner = &from[..close];
                        line += inner.matches('\n').count() as u32;
                        let value = if q == '\'' {
                            inner.to_string()
                        } else {
                            let unescaped = unescape(inner);
                            let done = substitute(&unescaped, &lookup);
                            report(&done.errors, start_line, &mut errors);
                            done.text
                        };
                        let tail = &from[close + 1..];
                        let tail_end = tail.find('\n').map_or(tail.len(), |i| i + 1);
                        (value, &tail[tail_end..])
                    }
                    None => {
                        errors.push(EnvError {
                            line: start_line,
                            message: format!(
                                "the {q}quote{q} that starts the value is never closed"
                            ),
                        });
                        break;
                    }
                }
            }
            _ => {
                let mut value = value_text;
                if let Some(hash) = value.find(" #").or_else(|| value.find("\t#")) {
                    value = &value[..hash];
                }
                let value = value.trim_end_matches(['\r', ' ', '\t']);
                let done = substitute(value, &lookup);
                report(&done.errors, start_line, &mut errors);
                (done.text, after)
            }
        };
        entries.push(EnvEntry {
            key: key.into(),
            value,
            line: start_line,
        });
        rest = consumed_rest;
        line += 1;
    }
    (entries, errors)
}

fn report(found: &[SyntaxError], line: u32, errors: &mut Vec<EnvError>) {
    errors.extend(found.iter().map(|e| EnvError {
        line,
        message: e.message.clone(),
    }));
}

fn valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// The position of the quote closing a value (`"` may be escaped with `\`).
fn closing_quote(text: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if quote == '"' && escaped {
            escaped = false;
            continue;
        }
        if quote == '"' && c == '\\' {
            escaped = true;
            continue;
        }
        if c == quote {
            return Some(i);
        }
    }
    None
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            // `\$` keeps a literal `$` through substitution.
            Some('$') => out.push_str("$$"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The variables interpolation sees: the process environment over the env files' values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    pub process: BTreeMap<String, String>,
    /// Every env file merged, later files over earlier ones.
    pub files: BTreeMap<String, String>,
}

impl Environment {
    pub fn lookup(&self, name: &str) -> Option<(String, VariableFrom)> {
        if let Some(v) = self.process.get(name) {
            return Some((v.clone(), VariableFrom::Process));
        }
        self.files
            .get(name)
            .map(|v| (v.clone(), VariableFrom::EnvFile))
    }

    /// Adds one env file's text (after earlier ones: its keys win over theirs).
    pub fn add_file(&mut self, text: &str) -> Vec<EnvError> {
        let outside = |name: &str| {
            self.process
                .get(name)
                .or_else(|| self.files.get(name))
                .cloned()
        };
        let (entries, errors) = parse_env_file(text, &outside);
        for e in entries {
            self.files.insert(e.key, e.value);
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Vec<(String, String)>, Vec<EnvError>) {
        let outside = |name: &str| (name == "HOME").then(|| "/home/me".to_string());
        let (entries, errors) = parse_env_file(text, &outside);
        (
            entries.into_iter().map(|e| (e.key, e.value)).collect(),
            errors,
        )
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_file_format_in_a_table() {
        let table: &[(&str, &[(&str, &str)])] = &[
            ("A=1", &[("A", "1")]),
            ("A=1\r\nB=2\r\n", &[("A", "1"), ("B", "2")]),
            ("export A=1", &[("A", "1")]),
            ("  A = spaced  ", &[("A", "spaced")]),
            ("# comment\n\nA=1 # trailing", &[("A", "1")]),
            ("A=a#b", &[("A", "a#b")]),
            ("A='lit ${HOME} \\n'", &[("A", "lit ${HOME} \\n")]),
            ("A=\"x\\ny \\\"q\\\"\"", &[("A", "x\ny \"q\"")]),
            ("A=\"one\ntwo\"\nB=3", &[("A", "one\ntwo"), ("B", "3")]),
            ("A='one\ntwo'\nB=3", &[("A", "one\ntwo"), ("B", "3")]),
            ("A=\"# not a comment\"", &[("A", "# not a comment")]),
            ("A=", &[("A", "")]),
            ("A=1\nB=${A}2", &[("A", "1"), ("B", "12")]),
            ("B=\"${A:-d} at ${HOME}\"", &[("B", "d at /home/me")]),
            ("A=\"\\$HOME\"", &[("A", "$HOME")]),
            ("HOME", &[("HOME", "/home/me")]),
            ("NOT_SET_ANYWHERE", &[]),
            ("A.b-c=1", &[("A.b-c", "1")]),
        ];
        for (text, want) in table {
            let (got, errors) = parse(text);
            assert!(errors.is_empty(), "{text:?}: {errors:?}");
            assert_eq!(got, pairs(want), "{text:?}");
        }
    }

    #[test]
    fn bad_lines_are_errors_with_their_line() {
        let (got, errors) = parse("A=1\n1X=2\nB=\"never closed\nC=3");
        assert_eq!(got, pairs(&[("A", "1")]));
        let lines: Vec<u32> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3]);
        assert!(errors[1].message.contains("never closed"));
    }

    #[test]
    fn multi_line_values_keep_later_line_numbers() {
        let outside = |_: &str| None;
        let (entries, _) = parse_env_file("A=\"x\ny\nz\"\nB=1\n", &outside);
        assert_eq!(entries[1].line, 4);
    }

    #[test]
    fn process_wins_over_files_and_later_files_over_earlier() {
        let mut env = Environment::default();
        env.process.insert("TAG".into(), "from-process".into());
        env.add_file("TAG=file1\nPORT=1\nONLY1=a");
        env.add_file("PORT=2\nREF=${ONLY1}-${TAG}");
        assert_eq!(
            env.lookup("TAG"),
            Some(("from-process".into(), VariableFrom::Process))
        );
        assert_eq!(
            env.lookup("PORT"),
            Some(("2".into(), VariableFrom::EnvFile))
        );
        assert_eq!(
            env.lookup("REF"),
            Some(("a-from-process".into(), VariableFrom::EnvFile)),
            "a later file sees earlier files and the process"
        );
        assert_eq!(env.lookup("NONE"), None);
    }
}
