//! The linter over the parser's corpus of realistic Dockerfiles: no errors (they are files
//! people ship), and exactly the findings a reviewer of each file would agree with.

#![allow(clippy::unwrap_used)]
use std::path::Path;
use tugboat_dockerfile::lint::{lint, LintContext, Severity};

fn corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_corpus_has_no_errors_and_only_the_expected_findings() {
    let mut found = Vec::new();
    for (name, text) in corpus() {
        for d in lint(&text, &LintContext::default()).diagnostics {
            assert_ne!(d.severity, Severity::Error, "{name}: {d:?}");
            found.push(format!("{name}:{} {}", d.span.line, d.rule));
        }
    }
    let expected = [
        // Images that set no USER: root at run time.
        "arg-scoping.Dockerfile:12 DF013",
        "healthcheck-nginx.Dockerfile:1 DF013",
        "heredocs.Dockerfile:1 DF013",
        "onbuild-base.Dockerfile:2 DF013",
        "rust-cargo.Dockerfile:19 DF013",
        "secrets-and-ssh.Dockerfile:9 DF013",
        "windows-escape.Dockerfile:3 DF013",
        // The old forms that file exists to show.
        "classic-shell-forms.Dockerfile:2 DF014",
        "classic-shell-forms.Dockerfile:18 DF004",
        "secrets-and-ssh.Dockerfile:13 DF004",
        // `apk add` then `mkdir … ssh-keyscan`: two layers that could be one.
        "secrets-and-ssh.Dockerfile:3 DF012",
    ];
    let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    expected.sort();
    found.sort();
    assert_eq!(found, expected);
}
