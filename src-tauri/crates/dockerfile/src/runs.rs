//! What a stage's image will run: the ENTRYPOINT and CMD in effect after its last instruction,
//! combined as the engine combines them (ENTRYPOINT's argv, then CMD's), with the reasons in
//! plain words. Follows BuildKit's dispatch: the last CMD/ENTRYPOINT wins, shell form is
//! wrapped in the SHELL in effect (`/bin/sh -c` by default), an ENTRYPOINT resets a CMD that
//! came from the base image, and a stage built FROM an earlier stage starts with what it set.

use crate::ast::{ArgForm, Dockerfile, Instruction, InstructionKind};
use serde::{Deserialize, Serialize};

/// The answer for one stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WhatRuns {
    pub stage: u32,
    pub stage_name: Option<String>,
    /// The image the stage (or the earlier stage it starts from) is built on.
    pub base: String,
    pub entrypoint: RunPart,
    pub cmd: RunPart,
    /// What will run, as far as the file says: ENTRYPOINT's argv then CMD's (CMD left out when a
    /// shell-form ENTRYPOINT makes the shell ignore it).
    pub argv: Vec<String>,
    /// `argv` as one line a shell splits back into the same words; a part the base image
    /// decides is shown as `<CMD of node:20>`.
    pub line: String,
    /// True when the whole argv comes from this file (nothing is left to the base image).
    pub complete: bool,
    /// What `docker run <image> <args…>` runs instead: the ENTRYPOINT with the arguments in
    /// place of CMD (`<args…>` stands for them; a shell-form ENTRYPOINT never sees them).
    pub with_args: String,
    /// Why, step by step, each with the line it is about.
    pub reasons: Vec<Reason>,
}

/// ENTRYPOINT or CMD as it stands at the end of the stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunPart {
    pub source: PartSource,
    /// The argv it adds (shell form already wrapped in the shell).
    pub argv: Vec<String>,
    /// How it was written, when the file sets it.
    pub form: Option<ArgForm>,
    /// The line of the instruction that set it.
    pub line: Option<u32>,
}

/// Where an ENTRYPOINT or CMD comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PartSource {
    /// Set by an instruction in this file.
    File,
    /// Not set in the file: the base image's applies (unknown here).
    Inherited,
    /// The base image's CMD was cleared by an ENTRYPOINT in the file.
    Reset,
    /// Nothing at all (`FROM scratch` and never set).
    None,
}

/// One plain-language step of the explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub text: String,
    pub line: Option<u32>,
}

/// The stage asked for does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchStage {
    pub message: String,
}

impl std::fmt::Display for NoSuchStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NoSuchStage {}

const DEFAULT_SHELL: [&str; 2] = ["/bin/sh", "-c"];

#[derive(Debug, Clone)]
struct Set {
    argv: Vec<String>,
    form: ArgForm,
    line: u32,
    /// The text as written, for the reasons.
    written: String,
}

#[derive(Debug, Clone)]
enum State {
    FromBase,
    Reset { line: u32 },
    Set(Set),
}

/// What the final stage (or `stage`, by name or index) will run.
pub fn what_runs(df: &Dockerfile, stage: Option<&str>) -> Result<WhatRuns, NoSuchStage> {
    let chosen = match stage.map(str::trim).filter(|s| !s.is_empty()) {
        None => df.stages.last(),
        Some(name) => df.stage_named(name),
    };
    let Some(chosen) = chosen else {
        let names: Vec<String> = df
            .stages
            .iter()
            .map(|s| s.name.clone().unwrap_or_else(|| s.index.to_string()))
            .collect();
        let message = match (stage, names.is_empty()) {
            (_, true) => "the file has no FROM, so no stage to run".to_string(),
            (Some(name), false) => format!(
                "no stage named `{name}`; the stages are: {}",
                names.join(", ")
            ),
            (None, false) => "no stage to run".to_string(),
        };
        return Err(NoSuchStage { message });
    };

    // The chain of stages: a stage FROM an earlier stage starts with that stage's settings.
    let mut chain = vec![chosen.index];
    let mut base = chosen.base.clone();
    while let Some(&current) = chain.last() {
        let parent = df.stages.iter().take(current as usize).rev().find(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(&df.stages[current as usize].base))
        });
        match parent {
            Some(p) if !chain.contains(&p.index) => {
                chain.push(p.index);
                base = p.base.clone();
            }
            _ => break,
        }
    }
    chain.reverse();

    let mut reasons = Vec::new();
    let mut say = |text: String, line: Option<u32>| reasons.push(Reason { text, line });
    if chain.len() > 1 {
        let names: Vec<String> = chain.iter().map(|&i| stage_label(df, i)).collect();
        say(
            format!(
                "Stage {} is built on {}: the ENTRYPOINT, CMD and SHELL set there carry over.",
                names.last().map_or("", String::as_str),
                names[..names.len() - 1].join(", then ")
            ),
            None,
        );
    }
    let scratch = base.eq_ignore_ascii_case("scratch");

    let mut shell: Vec<String> = DEFAULT_SHELL.iter().map(|s| s.to_string()).collect();
    let mut shell_line: Option<u32> = None;
    let mut entrypoint = State::FromBase;
    let mut cmd = State::FromBase;
    for &index in &chain {
        let mut cmd_set_here = false;
        for ins in df.stage_instructions(index) {
            let line = ins.span.line;
            match ins.kind {
                InstructionKind::Shell => {
                    if let Some(crate::ast::CommandArgs::Exec(argv)) = ins.command() {
                        if !argv.is_empty() {
                            shell = argv;
                            shell_line = Some(line);
                        }
                    }
                }
                InstructionKind::Cmd => {
                    if let State::Set(old) = &cmd {
                        say(
                            format!(
                                "The CMD on line {} is replaced by the one on line {line}: only the last CMD counts.",
                                old.line
                            ),
                            Some(old.line),
                        );
                    }
                    cmd = State::Set(setting(ins, &shell));
                    cmd_set_here = true;
                }
                InstructionKind::Entrypoint => {
                    if let State::Set(old) = &entrypoint {
                        say(
                            format!(
                                "The ENTRYPOINT on line {} is replaced by the one on line {line}: only the last ENTRYPOINT counts.",
                                old.line
                            ),
                            Some(old.line),
                        );
                    }
                    entrypoint = State::Set(setting(ins, &shell));
                    // BuildKit clears a CMD the stage did not set itself (the base image's).
                    if !cmd_set_here {
                        if let State::Set(old) = &cmd {
                            say(
                                format!(
                                    "The ENTRYPOINT on line {line} clears the CMD of line {} (set in an earlier stage): an ENTRYPOINT resets a CMD the stage did not set itself.",
                                    old.line
                                ),
                                Some(line),
                            );
                        } else if !scratch {
                            say(
                                format!(
                                    "The ENTRYPOINT on line {line} clears any CMD the base image {base} had: an ENTRYPOINT resets an inherited CMD."
                                ),
                                Some(line),
                            );
                        }
                        cmd = State::Reset { line };
                    }
                }
                _ => {}
            }
        }
    }

    let shell_text = runspec_line(&shell);
    let shell_said = match shell_line {
        Some(l) => format!("the SHELL set on line {l} ({shell_text})"),
        None => format!("the default shell, {shell_text}"),
    };
    let describe = |what: &str, set: &Set| match set.form {
        ArgForm::Exec => format!(
            "{what} on line {} is in exec form: it runs as written, with no shell.",
            set.line
        ),
        ArgForm::Shell => format!(
            "{what} on line {} is in shell form: `{}` is handed to {shell_said}.",
            set.line, set.written
        ),
    };
    let part = |state: &State| match state {
        State::Set(s) => RunPart {
            source: PartSource::File,
            argv: s.argv.clone(),
            form: Some(s.form),
            line: Some(s.line),
        },
        State::Reset { line } => RunPart {
            source: PartSource::Reset,
            argv: Vec::new(),
            form: None,
            line: Some(*line),
        },
        State::FromBase if scratch => RunPart {
            source: PartSource::None,
            argv: Vec::new(),
            form: None,
            line: None,
        },
        State::FromBase => RunPart {
            source: PartSource::Inherited,
            argv: Vec::new(),
            form: None,
            line: None,
        },
    };
    let ep = part(&entrypoint);
    let cm = part(&cmd);

    let mut argv: Vec<String> = Vec::new();
    let mut shown: Vec<String> = Vec::new();
    let with_args = match &entrypoint {
        State::Set(e) if e.form == ArgForm::Shell => runspec_line(&e.argv),
        State::Set(e) => format!("{} <args…>", runspec_line(&e.argv)),
        State::FromBase if !scratch => format!("<ENTRYPOINT of {base}> <args…>"),
        _ => "<args…>".to_string(),
    };
    let mut complete = true;
    match &entrypoint {
        State::Set(e) => {
            say(describe("The ENTRYPOINT", e), Some(e.line));
            argv.extend(e.argv.iter().cloned());
            shown.push(runspec_line(&e.argv));
        }
        State::FromBase if !scratch => {
            say(
                format!("The file sets no ENTRYPOINT: the one of the base image {base} applies, if it has one."),
                None,
            );
            shown.push(format!("<ENTRYPOINT of {base}>"));
            complete = false;
        }
        _ => {}
    }
    let shell_entrypoint = matches!(&entrypoint, State::Set(e) if e.form == ArgForm::Shell);
    match &cmd {
        State::Set(c) if shell_entrypoint => {
            say(
                format!(
                    "The CMD on line {} is ignored: after a shell-form ENTRYPOINT, the shell takes CMD's words as its own $0, $1… and the command never sees them. Write the ENTRYPOINT in exec form to pass CMD on.",
                    c.line
                ),
                Some(c.line),
            );
        }
        State::Set(c) => {
            say(describe("The CMD", c), Some(c.line));
            match &entrypoint {
                State::Set(_) => say(
                    "The CMD comes after the exec-form ENTRYPOINT as its arguments; `docker run <image> <args>` replaces them.".to_string(),
                    Some(c.line),
                ),
                State::FromBase if !scratch => say(
                    format!("If {base} has an ENTRYPOINT, the CMD becomes its arguments."),
                    Some(c.line),
                ),
                _ => {}
            }
            argv.extend(c.argv.iter().cloned());
            shown.push(runspec_line(&c.argv));
        }
        State::Reset { .. } => {}
        State::FromBase if scratch => {}
        State::FromBase => {
            if !shell_entrypoint {
                say(
                    format!("The file sets no CMD: the one of the base image {base} applies, if it has one."),
                    None,
                );
                shown.push(format!("<CMD of {base}>"));
                complete = false;
            }
        }
    }
    if argv.is_empty() && complete {
        say(
            "Nothing is set to run: `docker run` needs a command after the image name, or it refuses to start (\"no command specified\").".to_string(),
            None,
        );
    }
    Ok(WhatRuns {
        stage: chosen.index,
        stage_name: chosen.name.clone(),
        base,
        entrypoint: ep,
        cmd: cm,
        argv,
        line: shown.join(" "),
        complete,
        with_args,
        reasons,
    })
}

fn stage_label(df: &Dockerfile, index: u32) -> String {
    match df
        .stages
        .get(index as usize)
        .and_then(|s| s.name.as_deref())
    {
        Some(name) => format!("`{name}`"),
        None => format!("#{index}"),
    }
}

fn setting(ins: &Instruction, shell: &[String]) -> Set {
    let line = ins.span.line;
    match ins.form {
        ArgForm::Exec => Set {
            argv: ins.exec.iter().map(|w| w.value.clone()).collect(),
            form: ArgForm::Exec,
            line,
            written: ins.text.clone(),
        },
        ArgForm::Shell => {
            let mut argv = shell.to_vec();
            argv.push(ins.text.clone());
            Set {
                argv,
                form: ArgForm::Shell,
                line,
                written: ins.text.clone(),
            }
        }
    }
}

fn runspec_line(argv: &[String]) -> String {
    tugboat_runspec::argv::command_line(argv)
}
