//! The Compose Specification's JSON schema over a file's node tree, in plain words on the right
//! line: unknown keys (with "did you mean" and a rename fix), wrong types (every allowed type
//! listed), enum values, required keys. One problem gives one diagnostic: of a `oneOf` that no
//! branch matched, only the branch whose type fitted speaks (as `docker compose` picks the most
//! specific error).

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, ValidationError, Validator};
use serde_json::{json, Map, Number, Value};
use tugboat_textspan::{Diagnostic, QuickFix, Severity, Span, TextEdit};

use crate::rules;
use crate::yaml::{self, Node};

/// The schema as docker-compose 1.29.2 ships it (schema/README.md says where it came from).
const VENDORED: &str = include_str!("../schema/compose-spec.json");

/// Where one place of the document is in the text: its key (for a mapping entry) and its value.
#[derive(Debug, Clone, Copy)]
struct Place {
    key: Option<Span>,
    value: Span,
}

/// JSON pointer (escaped as the validator writes it) → place in the text.
type Places = HashMap<String, Place>;

/// What is wrong, before it becomes a diagnostic.
#[derive(Debug, Clone, PartialEq)]
struct Finding {
    rule: &'static str,
    pointer: String,
    /// True when the finding belongs on the key (an unknown key), false for the value.
    on_key: bool,
    message: String,
    /// The one key to rename to, when there is exactly one close match.
    rename_to: Option<String>,
    /// For a missing required key: its name.
    missing: Option<String>,
}

/// Problems of one file's tree, spans into that file's text. The loader passes the tree once
/// interpolated (as `docker compose` validates); a string that still holds a variable is not
/// judged by its type, since it only gets one once resolved.
pub fn validate(root: &Node) -> Vec<Diagnostic> {
    let mut places = Places::new();
    let doc = to_json(root, String::new(), None, &mut places);
    let found = match findings(&doc) {
        Ok(found) => found,
        Err(reason) => {
            // Cannot happen with the vendored file (a test compiles it); say so rather than
            // pretend the file is valid.
            return vec![crate::diagnostic(
                rules::SCHEMA,
                Severity::Warning,
                format!("The file was not checked against the Compose schema: {reason}"),
                root.span,
            )];
        }
    };
    found
        .into_iter()
        .map(|f| {
            let place = places.get(&f.pointer).copied();
            let span = match (place, f.on_key) {
                (Some(Place { key: Some(k), .. }), true) => k,
                (Some(p), _) => p.value,
                (None, _) => root.span,
            };
            let mut d = crate::diagnostic(f.rule, Severity::Error, f.message, span);
            if let Some(to) = f.rename_to {
                d.fix = Some(QuickFix {
                    title: format!("Rename to `{to}`"),
                    edits: vec![TextEdit {
                        start: span.start,
                        end: span.end,
                        insert: to,
                    }],
                });
            }
            d
        })
        .collect()
}

/// The node tree as JSON (YAML 1.2 core types for plain scalars), recording where each place is.
fn to_json(node: &Node, pointer: String, key: Option<Span>, places: &mut Places) -> Value {
    let value = match &node.value {
        yaml::Value::Scalar { text, plain } => scalar(node, text, *plain),
        yaml::Value::Seq(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| to_json(item, format!("{pointer}/{i}"), None, places))
                .collect(),
        ),
        yaml::Value::Map(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                let name = k.as_str().unwrap_or("?").to_string();
                let child = to_json(
                    v,
                    format!("{pointer}/{}", escape(&name)),
                    Some(k.span),
                    places,
                );
                map.insert(name, child);
            }
            Value::Object(map)
        }
    };
    places.insert(
        pointer,
        Place {
            key,
            value: node.span,
        },
    );
    value
}

fn scalar(node: &Node, text: &str, plain: bool) -> Value {
    if !plain {
        return Value::String(text.to_string());
    }
    if node.is_null() {
        return Value::Null;
    }
    if let Some(b) = node.as_bool() {
        return Value::Bool(b);
    }
    if let Some(i) = node.as_int() {
        return Value::Number(i.into());
    }
    if let Some(n) = node.as_float().and_then(Number::from_f64) {
        return Value::Number(n);
    }
    Value::String(text.to_string())
}

/// Whether a string will change at interpolation (`${X}`, `$X`; not `$$`).
fn has_variable(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'$' {
            match b[i + 1] {
                b'$' => i += 2,
                b'{' => return true,
                c if c == b'_' || c.is_ascii_alphabetic() => return true,
                _ => i += 1,
            }
        } else {
            i += 1;
        }
    }
    false
}

struct Compiled {
    validator: Validator,
    schema: Value,
}

fn compiled() -> Result<&'static Compiled, String> {
    static COMPILED: OnceLock<Result<Compiled, String>> = OnceLock::new();
    COMPILED
        .get_or_init(|| {
            let mut schema: Value = serde_json::from_str(VENDORED)
                .map_err(|e| format!("the vendored compose schema is not JSON: {e}"))?;
            extend(&mut schema);
            let validator = jsonschema::options()
                .with_draft(Draft::Draft7)
                .build(&schema)
                .map_err(|e| format!("the vendored compose schema does not compile: {e}"))?;
            Ok(Compiled { validator, schema })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Keys the Compose Specification gained after the vendored copy, which files in the wild use and
/// `docker compose` (v2) accepts. Kept apart from the vendored file so that stays verbatim.
fn extend(schema: &mut Value) {
    let Some(root) = schema.as_object_mut() else {
        return;
    };
    if let Some(props) = root.get_mut("properties").and_then(Value::as_object_mut) {
        // `name:` sets the project name (Compose v2).
        props.insert("name".into(), json!({"type": "string"}));
        // `include:` pulls in other compose files (Compose v2.20).
        let string_or_list = json!({"oneOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}}
        ]});
        props.insert(
            "include".into(),
            json!({"type": "array", "items": {"oneOf": [
                {"type": "string"},
                {"type": "object", "additionalProperties": false, "properties": {
                    "path": string_or_list,
                    "env_file": string_or_list,
                    "project_directory": {"type": "string"}
                }}
            ]}}),
        );
    }
    let Some(service) = root
        .get_mut("definitions")
        .and_then(|d| d.get_mut("service"))
        .and_then(|s| s.get_mut("properties"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    // depends_on's long form gained `restart` and `required`.
    if let Some(entry) = service
        .get_mut("depends_on")
        .and_then(|d| d.pointer_mut("/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$/properties"))
        .and_then(Value::as_object_mut)
    {
        entry.insert("restart".into(), json!({"type": ["boolean", "string"]}));
        entry.insert("required".into(), json!({"type": ["boolean", "string"]}));
    }
    // The long port syntax: `published` may be a string ("8080-8081", or after interpolation),
    // and it gained `host_ip`, `name` and `app_protocol`.
    if let Some(port) = service
        .get_mut("ports")
        .and_then(|p| p.pointer_mut("/items/oneOf/2/properties"))
        .and_then(Value::as_object_mut)
    {
        port.insert("published".into(), json!({"type": ["string", "integer"]}));
        port.insert("target".into(), json!({"type": ["integer", "string"]}));
        port.insert("host_ip".into(), json!({"type": "string"}));
        port.insert("name".into(), json!({"type": "string"}));
        port.insert("app_protocol".into(), json!({"type": "string"}));
    }
    // `develop:` (compose watch) and `annotations:`; Tugboat does not act on either.
    service.insert("develop".into(), json!({"type": "object"}));
    service.insert(
        "annotations".into(),
        json!({"$ref": "#/definitions/list_or_dict"}),
    );
    if let Some(health) = root
        .get_mut("definitions")
        .and_then(|d| d.get_mut("healthcheck"))
        .and_then(|h| h.get_mut("properties"))
        .and_then(Value::as_object_mut)
    {
        health.insert(
            "start_interval".into(),
            json!({"type": "string", "format": "duration"}),
        );
    }
}

/// Every schema problem of `doc`, one finding per problem (the most specific one).
fn findings(doc: &Value) -> Result<Vec<Finding>, String> {
    let compiled = compiled()?;
    let mut out = Vec::new();
    for error in compiled.validator.iter_errors(doc) {
        explain(&error, &compiled.schema, &mut out);
    }
    let mut seen = BTreeSet::new();
    out.retain(|f| seen.insert((f.pointer.clone(), f.message.clone())));
    // A misspelt required key (`conditon:`) is one problem: the unknown key with its rename
    // says it, "`condition` is required" would say it again.
    let renamed: Vec<(String, String)> = out
        .iter()
        .filter_map(|f| {
            let to = f.rename_to.clone()?;
            let parent = f.pointer.rsplit_once('/')?.0.to_string();
            Some((parent, to))
        })
        .collect();
    out.retain(|f| {
        f.missing
            .as_ref()
            .is_none_or(|m| !renamed.contains(&(f.pointer.clone(), m.clone())))
    });
    Ok(out)
}

fn explain(error: &ValidationError<'_>, schema: &Value, out: &mut Vec<Finding>) {
    let pointer = error.instance_path().as_str().to_string();
    let instance = error.instance();
    if instance.as_str().is_some_and(has_variable) {
        // Judged once interpolated: `${REPLICAS}` is a string now, a number then.
        return;
    }
    let at = human_path(&pointer);
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let parent = parent_schema(schema, error.schema_path().as_str());
            for key in unexpected {
                out.push(unknown_key(&pointer, key, parent));
            }
        }
        ValidationErrorKind::Type { kind } => out.push(Finding {
            rule: "wrong-type",
            message: format!(
                "{}must be {}, found {}",
                subject(&at),
                expected_types(kind),
                describe(instance)
            ),
            pointer,
            on_key: false,
            rename_to: None,
            missing: None,
        }),
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            one_of(&pointer, instance, context, schema, out)
        }
        ValidationErrorKind::Enum { options } => out.push(Finding {
            rule: "schema",
            message: format!(
                "{}must be one of {}, found {}",
                subject(&at),
                list_words(options.as_array().map(Vec::as_slice).unwrap_or(&[])),
                describe(instance)
            ),
            pointer,
            on_key: false,
            rename_to: None,
            missing: None,
        }),
        ValidationErrorKind::Required { property } => out.push(Finding {
            rule: "schema",
            message: format!(
                "{}`{}` is required here",
                prefix(&at),
                property.as_str().unwrap_or_default()
            ),
            pointer,
            on_key: true,
            rename_to: None,
            missing: property.as_str().map(str::to_string),
        }),
        ValidationErrorKind::UniqueItems => out.push(Finding {
            rule: "schema",
            message: format!("{}lists the same entry twice", subject(&at)),
            pointer,
            on_key: false,
            rename_to: None,
            missing: None,
        }),
        _ => out.push(Finding {
            rule: "schema",
            message: format!("{}{error}", prefix(&at)),
            pointer,
            on_key: false,
            rename_to: None,
            missing: None,
        }),
    }
}

/// A `oneOf`/`anyOf` that no branch matched. When the value's type fits no branch, that is one
/// wrong-type finding listing every allowed type; otherwise the branches whose type did fit say
/// what is wrong inside (the most specific errors, as `docker compose` reports them).
fn one_of(
    pointer: &str,
    instance: &Value,
    context: &[Vec<ValidationError<'static>>],
    schema: &Value,
    out: &mut Vec<Finding>,
) {
    let mut types = Vec::new();
    let mut fitting: Vec<&Vec<ValidationError<'static>>> = Vec::new();
    for branch in context {
        let mut type_mismatch = false;
        for e in branch {
            if e.instance_path().as_str() == pointer {
                if let ValidationErrorKind::Type { kind } = e.kind() {
                    type_mismatch = true;
                    push_types(kind, &mut types);
                }
            }
        }
        if !type_mismatch {
            fitting.push(branch);
        }
    }
    if let Some(best) = fitting.iter().min_by_key(|b| b.len()) {
        for e in best.iter() {
            explain(e, schema, out);
        }
        return;
    }
    let at = human_path(pointer);
    out.push(Finding {
        rule: "wrong-type",
        message: format!(
            "{}must be {}, found {}",
            subject(&at),
            or_words(&types),
            describe(instance)
        ),
        pointer: pointer.to_string(),
        on_key: false,
        rename_to: None,
        missing: None,
    });
}

fn unknown_key(pointer: &str, key: &str, parent: Option<&Value>) -> Finding {
    let here = format!("{pointer}/{}", escape(key));
    let at = human_path(pointer);
    let allowed: Vec<&str> = parent
        .and_then(|p| p.get("properties"))
        .and_then(Value::as_object)
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    // A mapping of names (services, volumes…) refuses a key only when the name has characters
    // Compose does not allow in one.
    let names_only = allowed.is_empty()
        && parent
            .and_then(|p| p.get("patternProperties"))
            .and_then(Value::as_object)
            .is_some_and(|m| m.keys().any(|k| k != "^x-"));
    if names_only {
        return Finding {
            rule: "schema",
            message: format!(
                "{}`{key}` is not a valid name: use letters, digits, `.`, `_` and `-`",
                prefix(&at)
            ),
            pointer: here,
            on_key: true,
            rename_to: None,
            missing: None,
        };
    }
    let mut close: Vec<(usize, &str)> = allowed
        .iter()
        .map(|a| (strsim::damerau_levenshtein(key, a), *a))
        .filter(|(d, _)| *d <= 2)
        .collect();
    close.sort();
    let best = close.first().map(|(d, _)| *d);
    let suggestions: Vec<&str> = close
        .iter()
        .filter(|(d, _)| Some(*d) == best)
        .map(|(_, a)| *a)
        .collect();
    let hint = match suggestions.as_slice() {
        [] => String::new(),
        [one] => format!(" — did you mean `{one}`?"),
        many => format!(
            " — did you mean {}?",
            or_words(&many.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>())
        ),
    };
    Finding {
        rule: "unknown-key",
        message: format!("{}`{key}` is not a compose key{hint}", prefix(&at)),
        pointer: here,
        on_key: true,
        rename_to: match suggestions.as_slice() {
            [one] => Some((*one).to_string()),
            _ => None,
        },
        missing: None,
    }
}

/// The schema object holding the keyword at `keyword_path` (a JSON pointer into the schema).
fn parent_schema<'a>(schema: &'a Value, keyword_path: &str) -> Option<&'a Value> {
    let parent = keyword_path.rsplit_once('/').map(|(p, _)| p)?;
    schema.pointer(parent)
}

/// Adds the type words of `kind` to `into`, keeping the order of [`TYPE_ORDER`] (strings first:
/// what a newcomer most likely meant to write).
fn push_types(kind: &TypeKind, into: &mut Vec<String>) {
    let names: Vec<String> = match kind {
        TypeKind::Single(t) => vec![t.to_string()],
        TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
    };
    for n in names {
        let word = type_word(&n).to_string();
        if !into.contains(&word) {
            into.push(word);
        }
    }
    into.sort_by_key(|w| TYPE_ORDER.iter().position(|o| o == w));
}

const TYPE_ORDER: [&str; 7] = [
    "a string",
    "a number",
    "a whole number",
    "true or false",
    "a list",
    "a mapping",
    "empty",
];

fn expected_types(kind: &TypeKind) -> String {
    let mut v = Vec::new();
    push_types(kind, &mut v);
    or_words(&v)
}

fn type_word(json_type: &str) -> &'static str {
    match json_type {
        "array" => "a list",
        "object" => "a mapping",
        "string" => "a string",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "null" => "empty",
        _ => "a value",
    }
}

/// What a value is, in the words of a YAML file.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() <= 40 => format!("the string \"{s}\""),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

fn or_words(items: &[String]) -> String {
    match items {
        [] => "something else".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn list_words(options: &[Value]) -> String {
    let words: Vec<String> = options
        .iter()
        .map(|o| match o {
            Value::String(s) => format!("`{s}`"),
            other => format!("`{other}`"),
        })
        .collect();
    or_words(&words)
}

/// `/services/web/ports/0` → `services.web.ports[0]` (what a user calls the place).
pub fn human_path(pointer: &str) -> String {
    let mut out = String::new();
    for part in pointer.split('/').skip(1) {
        let part = part.replace("~1", "/").replace("~0", "~");
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&part);
        }
    }
    out
}

fn prefix(at: &str) -> String {
    if at.is_empty() {
        String::new()
    } else {
        format!("{at}: ")
    }
}

/// "`ports` " for `services.web.ports`: the last step of the path names the thing.
fn subject(at: &str) -> String {
    if at.is_empty() {
        return "the file ".into();
    }
    format!("`{at}` ")
}

/// One step of a JSON pointer.
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendored_schema_and_its_additions_compile() {
        let compiled = compiled().unwrap();
        // The additions landed where the vendored file has the keys they extend.
        for pointer in [
            "/properties/name",
            "/properties/include",
            "/definitions/service/properties/develop",
            "/definitions/healthcheck/properties/start_interval",
        ] {
            assert!(compiled.schema.pointer(pointer).is_some(), "{pointer}");
        }
        let dep = &compiled.schema["definitions"]["service"]["properties"]["depends_on"];
        assert!(dep
            .pointer("/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$/properties/required")
            .is_some());
    }

    #[test]
    fn variables_are_told_from_escaped_dollars() {
        assert!(has_variable("${A}"));
        assert!(has_variable("x$A"));
        assert!(has_variable("$$${A}"));
        assert!(!has_variable("$$A"));
        assert!(!has_variable("5$"));
        assert!(!has_variable("plain"));
    }

    #[test]
    fn pointers_read_as_paths() {
        assert_eq!(human_path(""), "");
        assert_eq!(human_path("/services/web/ports/0"), "services.web.ports[0]");
        assert_eq!(human_path("/services/a~1b/x~0y"), "services.a/b.x~y");
        assert_eq!(escape("a/b~c"), "a~1b~0c");
    }

    #[test]
    fn a_json_document_gives_one_finding_per_problem() {
        let doc = json!({"services": {"web": {"image": "x", "build": {"contxt": "."}}}});
        let found = findings(&doc).unwrap();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].pointer, "/services/web/build/contxt");
        assert_eq!(found[0].rename_to.as_deref(), Some("context"));
    }
}
