//! The paste parser knows every flag of the docker CLI on this machine: each flag that
//! `docker run --help` lists is in the parser's table, with its short letter, and takes a value
//! exactly when the CLI says so. A value-taking flag the parser did not know would make its
//! value the image. Needs the docker CLI (28): it fails, never skips, without it.

// Test code says what it expects by unwrapping and panicking.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::process::Command;
use tugboat_runspec::cli::{long_flag, parse_run, RUN_FLAGS};

/// One row of the flag table that the CLI's flag library prints.
#[derive(Debug)]
struct HelpFlag {
    long: String,
    short: Option<char>,
    takes_value: bool,
}

fn docker_run_help() -> String {
    // The docker CLI 28 client of this machine, wherever the PATH has it otherwise.
    let program = if std::path::Path::new("/usr/local/bin/docker").exists() {
        "/usr/local/bin/docker"
    } else {
        "docker"
    };
    // With an engine to talk to, the CLI hides the flags that engine's API or OS lacks (an
    // engine of API 1.41 hides --annotation, a Linux one the Windows-only flags). No engine:
    // every flag the client knows.
    let out = Command::new(program)
        .args(["run", "--help"])
        .env("DOCKER_HOST", "unix:///nonexistent/tugboat-no-engine.sock")
        .env_remove("DOCKER_CONTEXT")
        .output()
        .unwrap_or_else(|e| {
            panic!("this test needs the docker CLI to read its flags (`{program} run --help`): {e}")
        });
    assert!(
        out.status.success(),
        "`{program} run --help` failed: {out:?}"
    );
    String::from_utf8(out.stdout).expect("UTF-8 help")
}

/// Reads rows like `  -p, --publish list   Publish…` and `      --rm   Automatically…`: after
/// the names, a value-taking flag has a type word (`string`, `list`, `bytes`, `int`,
/// `duration`, `ulimit`…) before the description, which starts after two spaces.
fn flag_table(help: &str) -> Vec<HelpFlag> {
    let mut flags = Vec::new();
    for line in help.lines() {
        let t = line.trim_start();
        if !t.starts_with('-') {
            continue;
        }
        let head = t.split("  ").next().unwrap_or_default();
        let mut words = head.split_whitespace().peekable();
        let mut short = None;
        if let Some(w) = words.peek() {
            if let Some(s) = w.strip_prefix('-').and_then(|s| s.strip_suffix(',')) {
                short = s.chars().next();
                words.next();
            }
        }
        let Some(long) = words.next().and_then(|w| w.strip_prefix("--")) else {
            continue;
        };
        flags.push(HelpFlag {
            long: long.to_owned(),
            short,
            takes_value: words.next().is_some(),
        });
    }
    flags
}

#[test]
fn the_parser_knows_every_flag_of_docker_run_and_whether_it_takes_a_value() {
    let help = docker_run_help();
    let table = flag_table(&help);
    assert!(
        table.len() > 90,
        "read only {} flags from `docker run --help`:\n{help}",
        table.len()
    );
    // The reader itself, on rows whose meaning is known.
    let row = |name: &str| table.iter().find(|f| f.long == name).unwrap();
    assert!(row("publish").takes_value && row("publish").short == Some('p'));
    assert!(!row("rm").takes_value && row("rm").short.is_none());
    assert!(row("ulimit").takes_value);
    assert!(!row("detach").takes_value);

    let mut wrong = Vec::new();
    for f in &table {
        match long_flag(&f.long) {
            None => wrong.push(format!("--{} is not in the parser's table", f.long)),
            Some(known) => {
                if known.takes_value != f.takes_value {
                    wrong.push(format!(
                        "--{}: the CLI says takes a value = {}, the parser {}",
                        f.long, f.takes_value, known.takes_value
                    ));
                }
                if known.short != f.short {
                    wrong.push(format!(
                        "--{}: short letter {:?} in the CLI, {:?} in the parser",
                        f.long, f.short, known.short
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // The parser's table has nothing the CLI lacks, but for the hidden old spellings.
    let hidden = ["net", "net-alias", "dns-opt"];
    for f in RUN_FLAGS {
        assert!(
            table.iter().any(|h| h.long == f.long) || hidden.contains(&f.long),
            "--{} is not a flag of this docker CLI",
            f.long
        );
    }

    // And so no flag's value becomes the image, with the value glued or apart.
    for f in table.iter().filter(|f| f.takes_value) {
        for line in [
            format!("docker run --{} 2 busybox:1 true", f.long),
            format!("docker run --{}=2 busybox:1 true", f.long),
        ] {
            let p = parse_run(&line);
            assert_eq!(p.form.image, "busybox:1", "{line}");
        }
        if let Some(c) = f.short {
            let line = format!("docker run -d{c} 2 busybox:1 true");
            assert_eq!(parse_run(&line).form.image, "busybox:1", "{line}");
        }
    }
}
