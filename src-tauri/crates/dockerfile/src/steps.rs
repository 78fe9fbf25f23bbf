//! A build step as the builder names it → the Dockerfile instruction (and line) that made it,
//! for both builders, so a failing step can be shown on its line.
//!
//! - BuildKit names a step `[stage i/n] KEYWORD args`: the stage is its `AS` name, or
//!   `stage-K` for an unnamed stage of a multi-stage file, or nothing in a one-stage file (a
//!   platform may come first); `i` counts the steps of that stage from its `FROM`; the args are
//!   the instruction as written with build args expanded. Steps named `[internal] …` are the
//!   builder's own (loading the Dockerfile, the context, base image metadata) and have no line.
//! - The classic builder names a step `Step i/n : KEYWORD args`, `i` counting every
//!   instruction of the file in order (the `ARG`s before the first `FROM` too).
//!
//! BuildKit's counter skips instructions that make no step (ENV, LABEL…) in some versions and
//! not in others, so the instruction is found by its keyword and text first, and only then by
//! its position.

use crate::ast::{Dockerfile, Instruction};

/// Which instruction a step ran: its index in [`Dockerfile::instructions`] and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepSource {
    pub instruction: usize,
    pub line: u32,
}

/// Whitespace folded to single spaces, for comparing an instruction with a step's name.
fn folded(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A BuildKit step name split: (stage label, i, the rest `KEYWORD args`).
fn buildkit_parts(name: &str) -> Option<(Option<&str>, u32, &str)> {
    let rest = name.strip_prefix('[')?;
    let (inside, after) = rest.split_once("] ")?;
    let mut words: Vec<&str> = inside.split_whitespace().collect();
    let counter = words.pop()?;
    let (i, _n) = counter.split_once('/')?;
    let i: u32 = i.parse().ok()?;
    // `[linux/amd64 build 2/5]`: a platform (with a `/`) may come before the stage label.
    let label = words.into_iter().rfind(|w| !w.contains('/'));
    Some((label, i, after))
}

/// The instructions of one stage, FROM first, with their indexes in the file.
fn stage_instructions(file: &Dockerfile, stage: u32) -> Vec<(usize, &Instruction)> {
    file.instructions
        .iter()
        .enumerate()
        .filter(|(_, ins)| ins.stage == Some(stage))
        .collect()
}

fn keyword_of(rest: &str) -> (&str, &str) {
    match rest.split_once(char::is_whitespace) {
        Some((k, args)) => (k, args.trim()),
        None => (rest, ""),
    }
}

/// Where a BuildKit step (`[build 2/4] RUN make`) came from.
pub fn buildkit_step_source(file: &Dockerfile, name: &str) -> Option<StepSource> {
    let (label, i, rest) = buildkit_parts(name.trim())?;
    if label == Some("internal") {
        return None;
    }
    let stage = match label {
        None if file.stages.len() == 1 => file.stages.first()?.index,
        None => file.stages.last()?.index,
        Some(l) => match file.stage_named(l) {
            Some(s) => s.index,
            None => l.strip_prefix("stage-")?.parse().ok()?,
        },
    };
    let (keyword, args) = keyword_of(rest);
    let candidates: Vec<(usize, &Instruction)> = stage_instructions(file, stage)
        .into_iter()
        .filter(|(_, ins)| ins.keyword.eq_ignore_ascii_case(keyword))
        .collect();
    let args = folded(args);
    let by_text = candidates.iter().find(|(_, ins)| {
        let text = folded(&ins.text);
        !text.is_empty() && (args == text || args.ends_with(&text))
    });
    let by_place = || {
        let all = stage_instructions(file, stage);
        let at = usize::try_from(i).ok()?.checked_sub(1)?;
        all.get(at)
            .copied()
            .filter(|(_, ins)| ins.keyword.eq_ignore_ascii_case(keyword))
    };
    let (index, ins) = match (candidates.len(), by_text) {
        (1, _) => candidates.first().copied(),
        (_, Some(found)) => Some(*found),
        _ => by_place().or_else(|| candidates.first().copied()),
    }?;
    Some(StepSource {
        instruction: index,
        line: ins.span.line,
    })
}

/// Where a classic step (`Step 3/7 : RUN make`) came from.
pub fn classic_step_source(file: &Dockerfile, name: &str) -> Option<StepSource> {
    let rest = name.trim().strip_prefix("Step ")?;
    let (counter, _) = rest.split_once(' ')?;
    let (i, _) = counter.split_once('/')?;
    let index = i.parse::<usize>().ok()?.checked_sub(1)?;
    let ins = file.instructions.get(index)?;
    Some(StepSource {
        instruction: index,
        line: ins.span.line,
    })
}

/// Either builder's step name → its source.
pub fn step_source(file: &Dockerfile, name: &str) -> Option<StepSource> {
    if name.trim_start().starts_with("Step ") {
        classic_step_source(file, name)
    } else {
        buildkit_step_source(file, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    const MULTI: &str = "ARG BASE=tugboat-fixture/busybox:1
FROM $BASE AS build
WORKDIR /src
COPY . .
RUN echo one && \\
    echo two
RUN echo three

FROM tugboat-fixture/busybox:1
ENV A=1
COPY --from=build /src/out /out
RUN echo four
";

    fn line(name: &str) -> Option<u32> {
        step_source(&parse(MULTI), name).map(|s| s.line)
    }

    #[test]
    fn buildkit_steps_map_to_their_lines() {
        assert_eq!(
            line("[build 1/5] FROM docker.io/tugboat-fixture/busybox:1"),
            Some(2)
        );
        assert_eq!(line("[build 2/5] WORKDIR /src"), Some(3));
        assert_eq!(line("[build 3/5] COPY . ."), Some(4));
        assert_eq!(line("[build 4/5] RUN echo one &&     echo two"), Some(5));
        assert_eq!(line("[build 5/5] RUN echo three"), Some(7));
        assert_eq!(line("[stage-1 3/3] RUN echo four"), Some(12));
        assert_eq!(
            line("[stage-1 2/3] COPY --from=build /src/out /out"),
            Some(11)
        );
        assert_eq!(line("[linux/amd64 stage-1 3/3] RUN echo four"), Some(12));
        assert_eq!(
            line("[internal] load build definition from Dockerfile"),
            None
        );
        assert_eq!(line("[stage-7 1/1] RUN x"), None);
        assert_eq!(line("exporting to image"), None);
    }

    #[test]
    fn one_stage_steps_have_no_stage_label() {
        let f = parse("FROM tugboat-fixture/busybox:1\nRUN true\nRUN false\n");
        let at = |n: &str| step_source(&f, n).map(|s| s.line);
        assert_eq!(
            at("[1/3] FROM docker.io/tugboat-fixture/busybox:1"),
            Some(1)
        );
        assert_eq!(at("[3/3] RUN false"), Some(3));
        assert_eq!(at("[2/3] RUN true"), Some(2));
        // Expanded args that match no text fall back to the position.
        let f = parse("FROM b\nARG X=1\nRUN echo $X\nRUN echo $X\n");
        assert_eq!(step_source(&f, "[4/4] RUN echo 1").map(|s| s.line), Some(4));
    }

    #[test]
    fn classic_steps_count_every_instruction() {
        assert_eq!(
            line("Step 1/10 : ARG BASE=tugboat-fixture/busybox:1"),
            Some(1)
        );
        assert_eq!(line("Step 6/10 : RUN echo three"), Some(7));
        assert_eq!(line("Step 10/10 : RUN echo four"), Some(12));
        assert_eq!(line("Step 11/10 : RUN nothing"), None);
        assert_eq!(line("Step x/10 : RUN"), None);
    }
}
