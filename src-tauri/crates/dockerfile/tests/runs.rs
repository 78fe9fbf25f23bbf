//! What will run: the classic CMD/ENTRYPOINT table (every form against every form, in both
//! orders), the SHELL in effect, last-one-wins, what comes from the base image, the reset of an
//! inherited CMD by ENTRYPOINT, stages built on stages, and choosing a stage.

#![allow(clippy::unwrap_used)] // the helper outside #[test]s unwraps too
use tugboat_dockerfile::parse;
use tugboat_dockerfile::runs::{what_runs, PartSource, WhatRuns};

fn runs(text: &str) -> WhatRuns {
    let df = parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    what_runs(&df, None).unwrap()
}

fn reasons(w: &WhatRuns) -> String {
    w.reasons
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

const ENTRY_SHELL: &str = "ENTRYPOINT exec_entry p1_entry";
const ENTRY_EXEC: &str = r#"ENTRYPOINT ["exec_entry", "p1_entry"]"#;
const CMD_SHELL: &str = "CMD exec_cmd p1_cmd";
const CMD_EXEC: &str = r#"CMD ["exec_cmd", "p1_cmd"]"#;

/// Docker's table of how ENTRYPOINT and CMD combine (FROM scratch: nothing inherited).
#[test]
fn the_cmd_entrypoint_table() {
    let table: [(Option<&str>, Option<&str>, &[&str]); 9] = [
        (None, None, &[]),
        (None, Some(CMD_EXEC), &["exec_cmd", "p1_cmd"]),
        (None, Some(CMD_SHELL), &["/bin/sh", "-c", "exec_cmd p1_cmd"]),
        (
            Some(ENTRY_SHELL),
            None,
            &["/bin/sh", "-c", "exec_entry p1_entry"],
        ),
        (
            Some(ENTRY_SHELL),
            Some(CMD_EXEC),
            &["/bin/sh", "-c", "exec_entry p1_entry"],
        ),
        (
            Some(ENTRY_SHELL),
            Some(CMD_SHELL),
            &["/bin/sh", "-c", "exec_entry p1_entry"],
        ),
        (Some(ENTRY_EXEC), None, &["exec_entry", "p1_entry"]),
        (
            Some(ENTRY_EXEC),
            Some(CMD_EXEC),
            &["exec_entry", "p1_entry", "exec_cmd", "p1_cmd"],
        ),
        (
            Some(ENTRY_EXEC),
            Some(CMD_SHELL),
            &["exec_entry", "p1_entry", "/bin/sh", "-c", "exec_cmd p1_cmd"],
        ),
    ];
    for (entry, cmd, expected) in table {
        // Within one stage the order of the two lines does not matter.
        let orders = [[entry, cmd], [cmd, entry]];
        for order in orders {
            let mut text = String::from("FROM scratch\n");
            for line in order.into_iter().flatten() {
                text.push_str(line);
                text.push('\n');
            }
            let w = runs(&text);
            assert_eq!(w.argv, expected, "{text}");
            assert!(w.complete, "{text}");
        }
    }
}

#[test]
fn nothing_set_on_scratch_says_docker_run_needs_a_command() {
    let w = runs("FROM scratch\nCOPY app /app\n");
    assert!(w.argv.is_empty());
    assert_eq!(w.entrypoint.source, PartSource::None);
    assert!(reasons(&w).contains("no command specified"));
}

#[test]
fn shell_form_entrypoint_ignoring_cmd_is_explained() {
    let w = runs(&format!("FROM scratch\n{ENTRY_SHELL}\n{CMD_EXEC}\n"));
    assert!(
        reasons(&w).contains("CMD on line 3 is ignored"),
        "{}",
        reasons(&w)
    );
}

#[test]
fn the_last_cmd_and_entrypoint_win() {
    let w =
        runs("FROM scratch\nCMD [\"a\"]\nENTRYPOINT [\"x\"]\nCMD [\"b\"]\nENTRYPOINT [\"y\"]\n");
    assert_eq!(w.argv, ["y", "b"]);
    assert_eq!((w.entrypoint.line, w.cmd.line), (Some(5), Some(4)));
    let r = reasons(&w);
    assert!(
        r.contains("CMD on line 2 is replaced by the one on line 4"),
        "{r}"
    );
    assert!(
        r.contains("ENTRYPOINT on line 3 is replaced by the one on line 5"),
        "{r}"
    );
}

#[test]
fn shell_form_uses_the_shell_in_effect_at_its_line() {
    let text = "FROM scratch\nENTRYPOINT first\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nCMD echo hi | tee /log\n";
    let w = runs(text);
    assert_eq!(w.entrypoint.argv, ["/bin/sh", "-c", "first"]);
    assert_eq!(
        w.cmd.argv,
        ["/bin/bash", "-o", "pipefail", "-c", "echo hi | tee /log"]
    );
    let w = runs("FROM scratch\nSHELL [\"pwsh\", \"-c\"]\nCMD Get-Date\n");
    assert_eq!(w.argv, ["pwsh", "-c", "Get-Date"]);
    assert!(
        reasons(&w).contains("SHELL set on line 2"),
        "{}",
        reasons(&w)
    );
}

#[test]
fn what_the_file_does_not_set_comes_from_the_base_image() {
    let w = runs("FROM node:20\nCMD [\"node\", \"server.js\"]\n");
    assert_eq!(w.entrypoint.source, PartSource::Inherited);
    assert_eq!(w.cmd.source, PartSource::File);
    assert_eq!(w.line, "<ENTRYPOINT of node:20> node server.js");
    assert!(!w.complete);
    assert!(reasons(&w).contains("base image node:20"));

    let w = runs("FROM nginx:1.27\nEXPOSE 80\n");
    assert_eq!(w.line, "<ENTRYPOINT of nginx:1.27> <CMD of nginx:1.27>");
    assert!(w.argv.is_empty());
}

#[test]
fn an_entrypoint_resets_the_cmd_inherited_from_the_base() {
    let w = runs("FROM node:20\nENTRYPOINT [\"tini\", \"--\"]\n");
    assert_eq!(w.cmd.source, PartSource::Reset);
    assert_eq!(w.argv, ["tini", "--"]);
    assert!(w.complete);
    assert!(reasons(&w).contains("clears any CMD the base image node:20 had"));
}

#[test]
fn a_stage_built_on_a_stage_starts_with_its_settings() {
    let text = "FROM alpine:3.20 AS base\nCMD [\"serve\"]\n\nFROM base AS plain\nLABEL x=y\n\nFROM base AS wrapped\nENTRYPOINT [\"tini\", \"--\"]\n";
    let df = parse(text);
    let plain = what_runs(&df, Some("plain")).unwrap();
    assert_eq!(plain.base, "alpine:3.20");
    assert_eq!(plain.line, "<ENTRYPOINT of alpine:3.20> serve");
    assert!(
        reasons(&plain).contains("built on `base`"),
        "{}",
        reasons(&plain)
    );
    // ENTRYPOINT in the later stage clears the CMD the earlier stage set.
    let wrapped = what_runs(&df, None).unwrap();
    assert_eq!(wrapped.stage_name.as_deref(), Some("wrapped"));
    assert_eq!(wrapped.argv, ["tini", "--"]);
    assert!(reasons(&wrapped).contains("clears the CMD of line 2"));
}

#[test]
fn choosing_a_stage_by_name_or_number() {
    let df = parse("FROM scratch AS build\nCMD [\"make\"]\nFROM scratch\nCMD [\"run\"]\n");
    assert_eq!(what_runs(&df, Some("BUILD")).unwrap().argv, ["make"]);
    assert_eq!(what_runs(&df, Some("1")).unwrap().argv, ["run"]);
    assert_eq!(what_runs(&df, None).unwrap().argv, ["run"]);
    let err = what_runs(&df, Some("test")).unwrap_err();
    assert_eq!(
        err.message,
        "no stage named `test`; the stages are: build, 1"
    );
    assert!(what_runs(&parse("RUN x"), None)
        .unwrap_err()
        .message
        .contains("no FROM"));
}

#[test]
fn the_line_quotes_as_a_shell_would() {
    let w = runs("FROM scratch\nCMD [\"echo\", \"hello world\"]\n");
    assert_eq!(w.line, "echo 'hello world'");
}

#[test]
fn with_args_replaces_cmd_but_not_a_shell_entrypoint() {
    let cases = [
        ("FROM scratch\nCMD [\"a\"]\n", "<args…>"),
        (
            "FROM scratch\nENTRYPOINT [\"ping\", \"-c\", \"3\"]\nCMD [\"localhost\"]\n",
            "ping -c 3 <args…>",
        ),
        ("FROM scratch\nENTRYPOINT ping x\n", "/bin/sh -c 'ping x'"),
        (
            "FROM node:20\nCMD [\"a\"]\n",
            "<ENTRYPOINT of node:20> <args…>",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(runs(text).with_args, expected, "{text}");
    }
}
