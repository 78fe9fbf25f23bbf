//! Environment variables and labels (`-e NAME=value`, `--label key=value`): rows of a name
//! and a value, where a wholly empty row is ignored.

use super::{problem, Problems};
use crate::form::{EnvRow, LabelRow};
use crate::values;

/// `NAME=value` for every row with a valid name; problems are on `env[i].name`.
pub fn env(rows: &[EnvRow], errs: &mut Problems) -> Vec<String> {
    let mut out = Vec::new();
    for (i, e) in rows.iter().enumerate() {
        if e.name.trim().is_empty() && e.value.is_empty() {
            continue;
        }
        match values::env_name(&e.name) {
            Ok(n) => out.push(format!("{n}={}", e.value)),
            Err(m) => problem(errs, format!("env[{i}].name"), m),
        }
    }
    out
}

/// `(key, value)` for every row with a valid key; problems are on `labels[i].key`.
pub fn labels(rows: &[LabelRow], errs: &mut Problems) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, l) in rows.iter().enumerate() {
        let k = l.key.trim();
        if k.is_empty() {
            if !l.value.is_empty() {
                problem(errs, format!("labels[{i}].key"), "a label needs a key");
            }
            continue;
        }
        if k.chars().any(char::is_whitespace) || k.contains('=') {
            problem(
                errs,
                format!("labels[{i}].key"),
                format!("label key `{k}` may not contain spaces or `=`"),
            );
            continue;
        }
        out.push((k.to_owned(), l.value.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_rows_are_skipped_and_bad_names_are_on_their_row() {
        let e = |name: &str, value: &str| EnvRow {
            name: name.into(),
            value: value.into(),
        };
        let mut errs = Problems::new();
        let out = env(
            &[e("A", "1"), e("", ""), e("B C", "2"), e("D", "")],
            &mut errs,
        );
        assert_eq!(out, ["A=1", "D="]);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "env[2].name");
    }

    #[test]
    fn labels_need_a_key_without_spaces_or_equals() {
        let l = |key: &str, value: &str| LabelRow {
            key: key.into(),
            value: value.into(),
        };
        let mut errs = Problems::new();
        let out = labels(
            &[l("tier", "web"), l("", ""), l("", "x"), l("a=b", "1")],
            &mut errs,
        );
        assert_eq!(out, [("tier".to_owned(), "web".to_owned())]);
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["labels[2].key", "labels[3].key"]);
    }
}
