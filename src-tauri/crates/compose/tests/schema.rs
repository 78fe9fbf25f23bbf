//! Schema errors in plain words, on the right line, through `load` (what the editor shows).

#![allow(clippy::unwrap_used, clippy::panic)] // helpers outside #[test]s unwrap too

use tugboat_compose::*;

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    load(text, &LoadOptions::default(), &NoFiles).diagnostics
}

fn schema_only(text: &str) -> Vec<Diagnostic> {
    diagnostics(text)
        .into_iter()
        .filter(|d| matches!(d.rule.as_str(), "schema" | "unknown-key" | "wrong-type"))
        .collect()
}

/// The text a span covers (spans count UTF-16 units).
fn covered(text: &str, span: Span) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[span.start as usize..span.end as usize]).unwrap()
}

#[test]
fn a_valid_file_has_no_schema_findings() {
    let text = "\
name: shop
services:
  web:
    image: tugboat-fixture/busybox:1
    ports: [\"8080:80\"]
    x-team: web
    depends_on:
      db:
        condition: service_healthy
        restart: true
        required: false
  db:
    image: tugboat-fixture/busybox:1
    healthcheck:
      test: [\"CMD\", \"true\"]
x-anything:
  goes: [1, 2]
";
    assert_eq!(schema_only(text), vec![]);
}

#[test]
fn an_unknown_key_is_named_on_its_line_with_did_you_mean_and_a_rename_fix() {
    let text = "services:\n  web:\n    imagee: tugboat-fixture/busybox:1\n";
    let found = schema_only(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d.rule, "unknown-key");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.span.line, 3);
    assert_eq!(covered(text, d.span), "imagee");
    assert_eq!(
        d.message,
        "services.web: `imagee` is not a compose key — did you mean `image`?"
    );
    let fix = d.fix.as_ref().unwrap();
    assert_eq!(fix.edits.len(), 1);
    let e = &fix.edits[0];
    let mut fixed: Vec<u16> = text.encode_utf16().collect();
    fixed.splice(e.start as usize..e.end as usize, e.insert.encode_utf16());
    let fixed = String::from_utf16(&fixed).unwrap();
    assert_eq!(
        fixed,
        "services:\n  web:\n    image: tugboat-fixture/busybox:1\n"
    );
    assert_eq!(schema_only(&fixed), vec![]);
}

#[test]
fn an_unknown_key_far_from_any_has_no_suggestion_and_no_fix() {
    let text = "services:\n  web:\n    image: x\n    flavour: vanilla\n";
    let found = schema_only(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span.line, 4);
    assert_eq!(
        found[0].message,
        "services.web: `flavour` is not a compose key"
    );
    assert_eq!(found[0].fix, None);
}

#[test]
fn an_unknown_top_level_key_suggests_the_real_one() {
    let found = schema_only("service:\n  web:\n    image: x\n");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span.line, 1);
    assert!(
        found[0].message.contains("did you mean `services`?"),
        "{}",
        found[0].message
    );
}

#[test]
fn unknown_keys_deep_inside_are_found_on_their_lines() {
    let text = "\
services:
  web:
    image: x
    build:
      contxt: .
    ports:
      - target: 80
        publshed: 8080
    depends_on:
      db:
        conditon: service_started
  db:
    image: x
";
    let found = schema_only(text);
    let lines: Vec<_> = found
        .iter()
        .map(|d| (d.rule.as_str(), d.span.line))
        .collect();
    assert_eq!(
        lines,
        vec![("unknown-key", 5), ("unknown-key", 8), ("unknown-key", 11)],
        "{found:#?}"
    );
    assert!(found[0].message.contains("did you mean `context`?"));
    assert!(found[1].message.contains("did you mean `published`?"));
    // The long form of depends_on requires `condition`; the misspelt one is still one problem.
    assert!(found[2].message.contains("did you mean `condition`?"));
}

#[test]
fn a_wrong_type_says_what_is_allowed_and_what_was_found_on_the_value() {
    let text = "services:\n  web:\n    image: x\n    ports:\n      http: \"8080:80\"\n";
    let found = schema_only(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, "wrong-type");
    assert_eq!(found[0].span.line, 5);
    assert_eq!(
        found[0].message,
        "`services.web.ports` must be a list, found a mapping"
    );
}

#[test]
fn a_value_with_several_allowed_types_lists_them_all_once() {
    let text = "services:\n  web:\n    image: x\n    command: 42\n";
    let found = schema_only(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span.line, 4);
    assert_eq!(
        found[0].message,
        "`services.web.command` must be a string or a list, found the number 42"
    );
}

#[test]
fn a_wrong_enum_value_lists_the_valid_ones() {
    let text = "\
services:
  web:
    image: x
    depends_on:
      db:
        condition: when_ready
  db:
    image: x
";
    let found = schema_only(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span.line, 6);
    assert!(
        found[0]
            .message
            .contains("`service_started`, `service_healthy` or `service_completed_successfully`"),
        "{}",
        found[0].message
    );
    assert!(
        found[0].message.contains("\"when_ready\""),
        "{}",
        found[0].message
    );
}

#[test]
fn one_problem_inside_a_one_of_gives_one_diagnostic() {
    // `build` is a string or a mapping; the mapping branch fits, so only its complaint shows,
    // not "must be a string" as well.
    let text = "services:\n  web:\n    build:\n      context: .\n      dockerfil: Dockerfile\n";
    let found = schema_only(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, "unknown-key");
    assert_eq!(found[0].span.line, 5);
}

#[test]
fn a_service_name_with_a_space_is_refused_as_a_name_not_as_a_key() {
    let found = schema_only("services:\n  my web:\n    image: x\n");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span.line, 2);
    assert!(
        found[0].message.contains("not a valid name"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_value_with_a_variable_is_judged_after_interpolation_not_before() {
    let text = "services:\n  web:\n    image: x\n    deploy:\n      replicas: ${REPLICAS:-2}\n";
    assert_eq!(schema_only(text), vec![]);
}

#[test]
fn a_missing_required_key_is_named() {
    let text =
        "services:\n  web:\n    image: x\n    depends_on:\n      db: {}\n  db:\n    image: x\n";
    let found = schema_only(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span.line, 5);
    assert!(
        found[0].message.contains("`condition` is required"),
        "{}",
        found[0].message
    );
}

#[test]
fn keys_the_newer_specification_added_are_accepted() {
    let text = "\
name: demo
include:
  - other.yaml
services:
  web:
    image: x
    develop:
      watch: []
    healthcheck:
      test: [\"CMD\", \"true\"]
      start_interval: 1s
    ports:
      - target: 80
        published: \"8080-8081\"
        host_ip: 127.0.0.1
";
    assert_eq!(schema_only(text), vec![]);
}
