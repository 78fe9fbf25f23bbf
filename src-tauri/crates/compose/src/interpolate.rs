//! Variable substitution as Compose does it in values: `$$`, `$VAR`, `${VAR}`, and the forms
//! with a default (`:-`, `-`), a required message (`:?`, `?`) and an alternative (`:+`, `+`).
//! The colon forms treat an empty value like an unset one. Defaults and alternatives may hold
//! further `${…}`, substituted only when used.
//!
//! Hand-written: the rules are a small grammar and every use must come back with its position
//! (for hover and diagnostics), which no template crate reports.

use crate::load::VariableFrom;
use std::ops::Range;

/// A variable's value and where it came from; `None` when unset.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<(String, VariableFrom)>;

/// What went wrong with one use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `${X:?msg}` / `${X?msg}` with X unset (or empty for `:?`): the message as written.
    Required(String),
    /// No value and no default: replaced by "".
    Undefined,
}

/// One substitution, in byte positions of the input string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    pub name: String,
    /// The whole `${…}` or `$NAME`.
    pub range: Range<usize>,
    /// What the expression became (`None`: unset with nothing in its place).
    pub value: Option<String>,
    pub from: VariableFrom,
    pub problem: Option<Problem>,
}

/// A `$` that starts no valid expression (`${}`, `${1x}`, an unclosed `${`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: Range<usize>,
    pub message: String,
}

/// The result of substituting one string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Substituted {
    pub text: String,
    pub uses: Vec<Use>,
    pub errors: Vec<SyntaxError>,
}

/// Whether `text` has anything to substitute (a `$`): most values have none.
pub fn has_variables(text: &str) -> bool {
    text.contains('$')
}

/// Substitutes every expression in `text`.
pub fn substitute(text: &str, lookup: Lookup<'_>) -> Substituted {
    let mut out = Substituted::default();
    let text_out = expand(text, 0, lookup, &mut out);
    out.text = text_out;
    out
}

fn is_name_start(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphabetic()
}

fn is_name_char(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric()
}

/// Expands `text` (which sits at `base` in the outermost string) into a new string.
fn expand(text: &str, base: usize, lookup: Lookup<'_>, out: &mut Substituted) -> String {
    let bytes = text.as_bytes();
    let mut result = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while let Some(off) = text[i..].find('$') {
        let at = i + off;
        result.push_str(&text[copied..at]);
        match bytes.get(at + 1) {
            Some(b'$') => {
                result.push('$');
                i = at + 2;
            }
            Some(b'{') => match closing_brace(text, at + 2) {
                Some(close) => {
                    let inner = &text[at + 2..close];
                    let range = base + at..base + close + 1;
                    match braced(inner, base + at + 2, range.clone(), lookup, out) {
                        Some(value) => result.push_str(&value),
                        None => result.push_str(&text[at..=close]),
                    }
                    i = close + 1;
                }
                None => {
                    out.errors.push(SyntaxError {
                        range: base + at..base + text.len(),
                        message: "`${` is not closed with `}`; write `$${` for a literal `${`"
                            .into(),
                    });
                    result.push_str(&text[at..]);
                    i = text.len();
                }
            },
            Some(&b) if is_name_start(b) => {
                let end = bytes[at + 1..]
                    .iter()
                    .position(|&c| !is_name_char(c))
                    .map_or(bytes.len(), |p| at + 1 + p);
                let name = &text[at + 1..end];
                let value = plain_use(name, base + at..base + end, lookup, out);
                result.push_str(&value);
                i = end;
            }
            _ => {
                // A lone `$` (before a space, a digit, the end): Compose keeps it as written.
                result.push('$');
                i = at + 1;
            }
        }
        copied = i;
    }
    result.push_str(&text[copied..]);
    result
}

/// The `}` closing the `${` whose body starts at `from`, counting nested `${…}`.
fn closing_brace(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'$') => i += 1,
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn plain_use(name: &str, range: Range<usize>, lookup: Lookup<'_>, out: &mut Substituted) -> String {
    match lookup(name) {
        Some((value, from)) => {
            out.uses.push(Use {
                name: name.into(),
                range,
                value: Some(value.clone()),
                from,
                problem: None,
            });
            value
        }
        None => {
            out.uses.push(Use {
                name: name.into(),
                range,
                value: None,
                from: VariableFrom::Unset,
                problem: Some(Problem::Undefined),
            });
            String::new()
        }
    }
}

/// `${inner}`: the value, or `None` when the body is malformed (kept as written, error noted).
fn braced(
    inner: &str,
    inner_base: usize,
    range: Range<usize>,
    lookup: Lookup<'_>,
    out: &mut Substituted,
) -> Option<String> {
    let bytes = inner.as_bytes();
    let name_end = bytes
        .iter()
        .position(|&c| !is_name_char(c))
        .unwrap_or(bytes.len());
    let name = &inner[..name_end];
    if name.is_empty() || !is_name_start(bytes[0]) {
        out.errors.push(SyntaxError {
            range,
            message: format!(
                "`${{{inner}}}` names no variable: a name starts with a letter or `_` and \
                 holds letters, digits and `_`"
            ),
        });
        return None;
    }
    let rest = &inner[name_end..];
    if rest.is_empty() {
        return Some(plain_use(name, range, lookup, out));
    }
    let (op, arg_at) = if let Some(op) = ["-", "?", "+"]
        .iter()
        .find(|op| rest.starts_with(&format!(":{op}")))
    {
        ((true, op.chars().next().unwrap_or('-')), 2)
    } else if let Some(op) = ['-', '?', '+'].iter().find(|c| rest.starts_with(**c)) {
        ((false, *op), 1)
    } else {
        out.errors.push(SyntaxError {
            range,
            message: format!(
                "`${{{inner}}}`: after the name Compose takes `}}`, `:-`, `-`, `:?`, `?`, `:+` \
                 or `+`"
            ),
        });
        return None;
    };
    let (colon, op) = op;
    let arg = &rest[arg_at..];
    let arg_base = inner_base + name_end + arg_at;
    let found = lookup(name);
    let set = match &found {
        Some((v, _)) => !(colon && v.is_empty()),
        None => false,
    };
    let (value, from, problem) = match op {
        '-' => match found {
            Some((v, from)) if set => (Some(v), from, None),
            _ => (
                Some(expand(arg, arg_base, lookup, out)),
                VariableFrom::Default,
                None,
            ),
        },
        '?' => match found {
            Some((v, from)) if set => (Some(v), from, None),
            found => {
                let message = expand(arg, arg_base, lookup, out);
                let from = if found.is_some() {
                    found.map_or(VariableFrom::Unset, |(_, f)| f)
                } else {
                    VariableFrom::Unset
                };
                (None, from, Some(Problem::Required(message)))
            }
        },
        _ => match found {
            Some((_, from)) if set => (Some(expand(arg, arg_base, lookup, out)), from, None),
            Some((_, from)) => (Some(String::new()), from, None),
            None => (Some(String::new()), VariableFrom::Unset, None),
        },
    };
    out.uses.push(Use {
        name: name.into(),
        range,
        value: value.clone(),
        from,
        problem,
    });
    Some(value.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use VariableFrom::*;

    fn env(name: &str) -> Option<(String, VariableFrom)> {
        match name {
            "SET" => Some(("value".into(), Process)),
            "EMPTY" => Some((String::new(), EnvFile)),
            "PORT" => Some(("8080".into(), EnvFile)),
            _ => None,
        }
    }

    #[test]
    fn every_form_in_a_table() {
        // (input, output, the first use's (from, problem))
        type Row = (
            &'static str,
            &'static str,
            Option<(VariableFrom, Option<Problem>)>,
        );
        let table: &[Row] = &[
            ("plain", "plain", None),
            ("$SET", "value", Some((Process, None))),
            ("${SET}", "value", Some((Process, None))),
            ("a${SET}b", "avalueb", Some((Process, None))),
            ("$SET.x", "value.x", Some((Process, None))),
            ("$$SET", "$SET", None),
            ("$${SET}", "${SET}", None),
            ("cost $5", "cost $5", None),
            ("end $", "end $", None),
            ("${UNSET}", "", Some((Unset, Some(Problem::Undefined)))),
            ("$UNSET", "", Some((Unset, Some(Problem::Undefined)))),
            ("${UNSET:-d}", "d", Some((Default, None))),
            ("${UNSET-d}", "d", Some((Default, None))),
            ("${EMPTY:-d}", "d", Some((Default, None))),
            ("${EMPTY-d}", "", Some((EnvFile, None))),
            ("${SET:-d}", "value", Some((Process, None))),
            ("${SET-d}", "value", Some((Process, None))),
            ("${UNSET:-}", "", Some((Default, None))),
            ("${SET:?oops}", "value", Some((Process, None))),
            (
                "${UNSET:?need it}",
                "",
                Some((Unset, Some(Problem::Required("need it".into())))),
            ),
            (
                "${EMPTY:?need it}",
                "",
                Some((EnvFile, Some(Problem::Required("need it".into())))),
            ),
            ("${EMPTY?need it}", "", Some((EnvFile, None))),
            (
                "${UNSET?need}",
                "",
                Some((Unset, Some(Problem::Required("need".into())))),
            ),
            ("${SET:+alt}", "alt", Some((Process, None))),
            ("${SET+alt}", "alt", Some((Process, None))),
            ("${EMPTY:+alt}", "", Some((EnvFile, None))),
            ("${EMPTY+alt}", "alt", Some((EnvFile, None))),
            ("${UNSET:+alt}", "", Some((Unset, None))),
            ("${UNSET+alt}", "", Some((Unset, None))),
        ];
        for (input, output, first) in table {
            let got = substitute(input, &env);
            assert_eq!(&got.text, output, "{input}");
            assert!(got.errors.is_empty(), "{input}: {:?}", got.errors);
            let first_got = got.uses.first().map(|u| (u.from, u.problem.clone()));
            assert_eq!(&first_got, first, "{input}");
        }
    }

    #[test]
    fn nested_defaults_are_substituted_when_used() {
        let got = substitute("${UNSET:-${PORT:-80}}/x", &env);
        assert_eq!(got.text, "8080/x");
        let names: Vec<_> = got.uses.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["PORT", "UNSET"], "inner first, then the outer");
        assert_eq!(got.uses[1].range, 0..21);
        assert_eq!(got.uses[0].range, 9..20);
        let got = substitute("${UNSET:-${ALSO:-${PORT}}}", &env);
        assert_eq!(got.text, "8080");
        // A default not used is not substituted (no use recorded for it).
        let got = substitute("${SET:-${NOPE}}", &env);
        assert_eq!((got.text.as_str(), got.uses.len()), ("value", 1));
        let got = substitute("${UNSET:?missing ${SET}}", &env);
        assert_eq!(
            got.uses.last().unwrap().problem,
            Some(Problem::Required("missing value".into()))
        );
    }

    #[test]
    fn ranges_cover_the_whole_expression() {
        let got = substitute("ab ${SET} $PORT", &env);
        assert_eq!(got.uses[0].range, 3..9);
        assert_eq!(got.uses[1].range, 10..15);
    }

    #[test]
    fn malformed_expressions_are_errors_kept_as_written() {
        for bad in ["${}", "${1X}", "${X!y}", "${X", "a ${X:-b"] {
            let got = substitute(bad, &env);
            assert_eq!(got.errors.len(), 1, "{bad}");
            assert_eq!(got.text, bad, "{bad}");
        }
    }
}
