//! The corpus of realistic Dockerfiles written for these tests (`corpus/*.Dockerfile`) parses
//! with no errors, and what it holds is what a reader of each file sees.

#![allow(clippy::unwrap_used)] // the corpus helpers outside #[test]s unwrap too
use std::path::Path;
use tugboat_dockerfile::{parse, ArgForm, Dockerfile, InstructionKind as K};

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

fn file(name: &str) -> Dockerfile {
    let (_, text) = corpus().into_iter().find(|(n, _)| n == name).unwrap();
    parse(&text)
}

#[test]
fn every_corpus_file_parses_without_errors() {
    let files = corpus();
    assert!(files.len() >= 12, "only {} corpus files", files.len());
    for (name, text) in files {
        let df = parse(&text);
        assert!(df.errors.is_empty(), "{name}: {:?}", df.errors);
        assert!(!df.stages.is_empty(), "{name} has no stage");
        assert!(
            df.instructions.iter().all(|i| i.kind != K::Unknown),
            "{name} has an unknown instruction"
        );
    }
}

#[test]
fn go_multistage_has_two_named_stages_and_cache_mounts() {
    let df = file("go-multistage.Dockerfile");
    let names: Vec<_> = df
        .stages
        .iter()
        .map(|s| s.name.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["build", "runtime"]);
    assert_eq!(df.stages[0].base, "golang:${GO_VERSION}-alpine");
    assert_eq!(df.instructions[0].stage, None);
    let mounts = df
        .instructions
        .iter()
        .flat_map(|i| &i.flags)
        .filter(|f| f.name == "mount")
        .count();
    assert_eq!(mounts, 3);
}

#[test]
fn heredoc_file_reads_four_documents_and_the_final_cmd() {
    let df = file("heredocs.Dockerfile");
    let docs: Vec<_> = df
        .instructions
        .iter()
        .flat_map(|i| &i.heredocs)
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(docs, ["EOF", "CONF", "NOTES", "LICENSE", "PY"]);
    let last = df.instructions.last().unwrap();
    assert_eq!((last.kind, last.form), (K::Cmd, ArgForm::Exec));
}

#[test]
fn windows_file_uses_the_backtick_escape() {
    let df = file("windows-escape.Dockerfile");
    assert_eq!(df.escape, "`");
    let run = df.instructions.iter().find(|i| i.kind == K::Run).unwrap();
    assert_eq!(run.span.end_line - run.span.line, 1);
    let copy = df.instructions.iter().find(|i| i.kind == K::Copy).unwrap();
    assert_eq!(copy.copy_dest().unwrap().value, "C:\\app\\");
}

#[test]
fn onbuild_triggers_are_parsed() {
    let df = file("onbuild-base.Dockerfile");
    let kinds: Vec<_> = df
        .instructions
        .iter()
        .filter_map(|i| i.inner.as_ref().map(|t| t.kind))
        .collect();
    assert_eq!(
        kinds,
        [K::Arg, K::Env, K::Copy, K::Run, K::Copy, K::Healthcheck]
    );
}

#[test]
fn classic_file_skips_comment_and_blank_lines_inside_a_run() {
    let df = file("classic-shell-forms.Dockerfile");
    let run = df.instructions.iter().find(|i| i.kind == K::Run).unwrap();
    assert!(run.text.contains("build-essential") && run.text.contains("curl &&"));
    assert!(!run.text.contains("tools for the build"));
    assert_eq!(
        df.instructions[2].env_pairs()[0].value.as_deref(),
        Some("noninteractive")
    );
}
