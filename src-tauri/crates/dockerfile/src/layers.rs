//! Layers tied to lines: a built image's history entries matched to the Dockerfile
//! instructions that made them, and tips drawn from their sizes and the build's step times.
//!
//! Both builders write one history entry per instruction of the final stage (FROM excepted)
//! after the base image's own entries, in the file's order, but in different words: the
//! classic builder writes `/bin/sh -c #(nop)  ENV A=1` for settings and the bare shell line
//! for RUN (`|1 A=1 /bin/sh -c …` with build args), BuildKit writes `ENV A=1`, `COPY . /src/
//! # buildkit` and `RUN /bin/sh -c … # buildkit`. Each entry's instruction keyword is read
//! from that text and the keywords are aligned with the file's instructions from the end
//! (a longest common subsequence), so an entry the file did not write (the classic builder's
//! LABEL for `--label`, an ONBUILD trigger of the base) stays untied instead of shifting
//! every line after it.

use crate::ast::{Dockerfile, Instruction, InstructionKind};
use serde::{Deserialize, Serialize};

/// One history entry of the built image, as `docker history` lists it (newest first).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// The engine's raw text.
    pub created_by: String,
    /// The same as a Dockerfile-like line, for showing an entry no line is tied to.
    pub instruction: String,
    pub size: f64,
    /// Whether the entry made a filesystem layer.
    pub made_layer: bool,
}

/// One instruction of the Dockerfile that can leave a history entry, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceInstruction {
    /// 1-based line of the keyword.
    pub line: u32,
    /// Upper case: `RUN`, `COPY`…
    pub keyword: String,
    /// The instruction as written, continuation lines joined (for showing).
    pub text: String,
    /// COPY/ADD: the sources (without flags and destination); `--from` copies have none
    /// from the context and list nothing here.
    pub context_sources: Vec<String>,
}

/// What the build said about one step, from its `BuildEvent`s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StepOutcome {
    /// The Dockerfile line of the step.
    pub line: u32,
    pub cached: bool,
    /// How long the step ran, when it ran.
    #[specta(type = Option<u32>)]
    pub millis: Option<f64>,
}

/// One history entry of the built image, tied to its line where it has one.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BuiltLayer {
    /// The Dockerfile line that made the entry; None for the base image's entries and for
    /// entries the file did not write.
    pub line: Option<u32>,
    /// The line as written when tied, else the engine's entry as a Dockerfile-like line.
    pub instruction: String,
    /// Bytes (a finite number: `number` over the IPC, never null).
    #[specta(type = u32)]
    pub size: f64,
    /// From the build's step states: whether the step came from the cache; None when the
    /// build's steps are not known or none of them is on this entry's line.
    pub cached: Option<bool>,
    pub from_base: bool,
    /// Whether the entry made a filesystem layer (settings like ENV do not).
    pub made_layer: bool,
    /// The layer's content digest (`sha256:…`), when the entry made a layer and the image's
    /// layers were read.
    pub layer_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TipKind {
    /// The layer with the most bytes among the file's own.
    BiggestLayer,
    /// Files one layer wrote and a later one deleted: they still ship.
    AddedThenDeleted,
    /// A COPY of the whole context before a slow RUN: any file change reruns the RUN.
    CacheBust,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LayerTip {
    pub kind: TipKind,
    pub message: String,
    /// The line the tip is about.
    pub line: Option<u32>,
}

/// The answer of `build_layers`: entries oldest first (base image first), and tips.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BuildLayers {
    pub layers: Vec<BuiltLayer>,
    pub tips: Vec<LayerTip>,
}

/// A RUN whose step took at least this long counts as slow for the cache-busting tip.
pub const SLOW_RUN_MILLIS: f64 = 1000.0;

/// Drops the classic builder's `|N A=1 B=2 ` build-arg prefix.
fn without_build_args(text: &str) -> &str {
    let Some(rest) = text.strip_prefix('|') else {
        return text;
    };
    let Some((n, mut after)) = rest.split_once(' ') else {
        return text;
    };
    let Ok(n) = n.parse::<usize>() else {
        return text;
    };
    for _ in 0..n {
        after = after.split_once(' ').map(|(_, r)| r).unwrap_or("");
    }
    after.trim_start()
}

/// The instruction keyword that wrote a history entry, read from the engine's text.
pub fn entry_keyword(created_by: &str) -> &'static str {
    let text = without_build_args(created_by.trim());
    let text = match text.split_once("#(nop)") {
        // The classic builder's settings, after whatever shell was current.
        Some((_, meta)) => meta.trim_start(),
        None => text,
    };
    let first = text.split_whitespace().next().unwrap_or("");
    // Anything else is a command run in the image: a classic RUN, or a base image's step.
    InstructionKind::KNOWN
        .iter()
        .map(|k| k.keyword())
        .find(|k| *k == first)
        .unwrap_or("RUN")
}

/// Ties `history` (newest first, as `docker history`) to `instructions` (the final stage's,
/// in file order, FROM left out). `base_entries`, when known, is how many of the oldest
/// entries came from the base image; otherwise every entry older than the first one tied
/// counts as the base's. `steps` gives each tied entry its cache state.
pub fn tie(
    history: &[HistoryEntry],
    instructions: &[SourceInstruction],
    base_entries: Option<usize>,
    steps: Option<&[StepOutcome]>,
) -> Vec<BuiltLayer> {
    let entries: Vec<&HistoryEntry> = history.iter().rev().collect();
    let floor = base_entries.unwrap_or(0).min(entries.len());
    let ours = &entries[floor..];
    let tied = align(ours, instructions);
    let first_tied = tied.iter().position(Option::is_some);
    let base_until = match (base_entries, first_tied) {
        (Some(_), _) => floor,
        (None, Some(first)) => floor + first,
        (None, None) => entries.len(),
    };
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let at = i
                .checked_sub(floor)
                .and_then(|j| tied.get(j).copied().flatten());
            let source = at.and_then(|k| instructions.get(k));
            BuiltLayer {
                line: source.map(|s| s.line),
                instruction: source
                    .map(|s| s.text.clone())
                    .unwrap_or_else(|| e.instruction.clone()),
                size: e.size,
                cached: source
                    .and_then(|s| steps.and_then(|steps| steps.iter().find(|st| st.line == s.line)))
                    .map(|st| st.cached),
                from_base: i < base_until,
                made_layer: e.made_layer,
                layer_id: None,
            }
        })
        .collect()
}

/// For each entry of `entries` (oldest first), the index of the instruction it is tied to:
/// the longest common subsequence of their keywords, taking the latest match on ties so
/// that a base image's entries are not taken for the file's.
fn align(entries: &[&HistoryEntry], instructions: &[SourceInstruction]) -> Vec<Option<usize>> {
    let keys: Vec<&str> = entries
        .iter()
        .map(|e| entry_keyword(&e.created_by))
        .collect();
    let (n, m) = (keys.len(), instructions.len());
    // lcs[i][j]: the most matches between keys[..i] and instructions[..j].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            lcs[i][j] = if keys[i - 1] == instructions[j - 1].keyword {
                lcs[i - 1][j - 1] + 1
            } else {
                lcs[i - 1][j].max(lcs[i][j - 1])
            };
        }
    }
    let mut tied = vec![None; n];
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        if keys[i - 1] == instructions[j - 1].keyword && lcs[i][j] == lcs[i - 1][j - 1] + 1 {
            tied[i - 1] = Some(j - 1);
            i -= 1;
            j -= 1;
        } else if lcs[i][j - 1] >= lcs[i - 1][j] {
            // Skip the instruction first: an entry without a line is rarer than a line
            // without an entry (ARG, which the classic builder keeps and BuildKit may not).
            j -= 1;
        } else {
            i -= 1;
        }
    }
    tied
}

/// The final stage of a file as the history records it: its instructions (those of the
/// stages it is built FROM, in this file, first), and the image the chain starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct FinalStage {
    pub instructions: Vec<SourceInstruction>,
    /// The base image as written (`scratch` included); None when the file has no stage or
    /// the name holds a variable this function does not expand.
    pub base: Option<String>,
}

/// The instruction as one line for showing: the keyword in capitals, the flags, the text.
fn shown(i: &Instruction) -> String {
    let mut out = i.kind.keyword().to_owned();
    for f in &i.flags {
        out.push_str(" --");
        out.push_str(&f.name);
        if let Some(v) = &f.value {
            out.push('=');
            out.push_str(v);
        }
    }
    if !i.text.is_empty() {
        out.push(' ');
        out.push_str(&i.text);
    }
    out
}

fn source(i: &Instruction) -> SourceInstruction {
    let context_sources = match i.copy_from() {
        Some(_) => vec![],
        None => i.copy_sources().iter().map(|w| w.value.clone()).collect(),
    };
    SourceInstruction {
        line: i.keyword_span.line,
        keyword: i.kind.keyword().to_owned(),
        text: shown(i),
        context_sources,
    }
}

/// The final stage of `file` (see [`FinalStage`]). A stage built FROM an earlier stage of the
/// file carries that stage's entries in its history, so the chain is followed to an image.
pub fn final_stage(file: &Dockerfile) -> FinalStage {
    let Some(mut stage) = file.stages.last() else {
        return FinalStage {
            instructions: vec![],
            base: None,
        };
    };
    let mut chain = vec![stage.index];
    loop {
        let base = stage.base.trim();
        match file.stage_named(base) {
            // Only an earlier stage: a later one (or itself) would be an image of that name.
            Some(earlier) if earlier.index < stage.index && base.parse::<u32>().is_err() => {
                chain.push(earlier.index);
                stage = earlier;
            }
            _ => break,
        }
    }
    let base = stage.base.trim();
    let base = (!base.is_empty() && !base.contains('$')).then(|| base.to_owned());
    let instructions = chain
        .iter()
        .rev()
        .flat_map(|index| file.stage_instructions(*index))
        .filter(|i| !matches!(i.kind, InstructionKind::From | InstructionKind::Unknown))
        .map(source)
        .collect();
    FinalStage { instructions, base }
}

/// Bytes in decimal units, as `docker history` prints them: `65.5 kB`, `1.98 MB`.
pub fn size_text(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut v = bytes.max(0.0);
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    let digits = if unit == 0 || v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    format!("{v:.digits$} {}", UNITS[unit])
}

/// The tip on the biggest layer the file's own lines made.
pub fn biggest_layer_tip(
    layers: &[BuiltLayer],
    instructions: &[SourceInstruction],
) -> Option<LayerTip> {
    let ours: Vec<&BuiltLayer> = layers
        .iter()
        .filter(|l| !l.from_base && l.line.is_some())
        .collect();
    let total: f64 = ours.iter().map(|l| l.size).sum();
    let biggest = ours
        .iter()
        .filter(|l| l.size > 0.0)
        .max_by(|a, b| a.size.total_cmp(&b.size))?;
    let line = biggest.line?;
    let keyword = instructions
        .iter()
        .find(|s| s.line == line)
        .map(|s| s.keyword.as_str())
        .unwrap_or("");
    let hint = match keyword {
        "RUN" => "remove downloads and package caches in the same RUN that made them, or build in an earlier stage and copy only the result",
        "COPY" | "ADD" => "check that .dockerignore leaves out what the image does not need, or copy only the folders it uses",
        _ => "see whether all of it is needed at run time",
    };
    Some(LayerTip {
        kind: TipKind::BiggestLayer,
        message: format!(
            "Line {line} makes the biggest layer: {} of the {} your lines added; {hint}.",
            size_text(biggest.size),
            size_text(total)
        ),
        line: Some(line),
    })
}

/// Whether a COPY/ADD takes the whole build context (`.`, `./`, `*`, `/`).
fn copies_whole_context(s: &SourceInstruction) -> bool {
    (s.keyword == "COPY" || s.keyword == "ADD")
        && s.context_sources
            .iter()
            .any(|src| matches!(src.trim_end_matches('/'), "" | "." | "*" | "./*" | "./."))
}

/// The tip on a COPY of the whole context before a slow RUN: with step times, the slowest
/// RUN after it that took at least [`SLOW_RUN_MILLIS`] and was not cached; without them, the
/// first RUN after it.
pub fn cache_bust_tip(
    instructions: &[SourceInstruction],
    steps: Option<&[StepOutcome]>,
) -> Option<LayerTip> {
    let at = instructions.iter().position(copies_whole_context)?;
    let copy = &instructions[at];
    let runs = instructions[at + 1..].iter().filter(|s| s.keyword == "RUN");
    let (run, took) = match steps {
        Some(steps) => {
            let timed = runs.filter_map(|r| {
                let st = steps.iter().find(|st| st.line == r.line && !st.cached)?;
                let ms = st.millis?;
                (ms >= SLOW_RUN_MILLIS).then_some((r, Some(ms)))
            });
            timed.max_by(|a, b| a.1.unwrap_or(0.0).total_cmp(&b.1.unwrap_or(0.0)))?
        }
        None => (runs.into_iter().next()?, None),
    };
    let took = took
        .map(|ms| format!(" (it took {:.1} s)", ms / 1000.0))
        .unwrap_or_default();
    Some(LayerTip {
        kind: TipKind::CacheBust,
        message: format!(
            "Line {} copies the whole build context before the RUN on line {}{took}: a change to any file reruns that RUN. Copy only the files it needs first (a lock file, say) and the rest after it.",
            copy.line, run.line
        ),
        line: Some(copy.line),
    })
}

/// The tip on a path one layer wrote and a later one deleted.
pub fn added_then_deleted_tip(
    path: &str,
    bytes: f64,
    added: Option<u32>,
    deleted: u32,
) -> LayerTip {
    let message = match added {
        Some(line) => format!(
            "{path} ({}) is written by line {line} and deleted by line {deleted}: the bytes still ship in line {line}'s layer. Delete it in the same instruction that makes it.",
            size_text(bytes)
        ),
        None => format!(
            "{path} ({}) comes from the base image and is deleted by line {deleted}: the image does not get smaller, the bytes stay in the base's layer.",
            size_text(bytes)
        ),
    };
    LayerTip {
        kind: TipKind::AddedThenDeleted,
        message,
        line: Some(deleted),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(created_by: &str, size: f64) -> HistoryEntry {
        HistoryEntry {
            created_by: created_by.into(),
            instruction: created_by.into(),
            size,
            made_layer: size > 0.0,
        }
    }

    fn src(line: u32, text: &str) -> SourceInstruction {
        let keyword = text
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let words: Vec<String> = text
            .split_whitespace()
            .skip(1)
            .filter(|w| !w.starts_with("--"))
            .map(String::from)
            .collect();
        let context_sources = if (keyword == "COPY" || keyword == "ADD") && !text.contains("--from")
        {
            words[..words.len().saturating_sub(1)].to_vec()
        } else {
            vec![]
        };
        SourceInstruction {
            line,
            keyword,
            text: text.into(),
            context_sources,
        }
    }

    /// The fixture's own history (oldest last), as the engine lists it.
    const BASE: [(&str, f64); 3] = [
        ("/bin/sh -c #(nop)  CMD [\"sh\"]", 0.0),
        ("/bin/busybox --install -s /bin", 3220.0),
        ("/bin/sh -c #(nop) COPY file:73e2b2d48642b21b357384b0cb81c1869cc5e0c48a00f61553756196058304b9 in /bin/busybox ", 1_980_000.0),
    ];

    /// The Dockerfile the samples were built from (line numbers as in the file).
    fn sample_file() -> Vec<SourceInstruction> {
        [
            (2, "ARG GREETING=hi"),
            (3, "LABEL org.example.team=\"boats\""),
            (4, "ENV APP_HOME=/app MODE=test"),
            (6, "WORKDIR /app"),
            (7, "COPY a.txt ./"),
            (8, "RUN dd if=/dev/zero of=/app/big.bin bs=1024 count=64"),
            (9, "RUN rm /app/big.bin"),
            (10, "RUN [\"echo\", \"exec form\"]"),
            (11, "COPY . /src/"),
            (12, "ADD b.txt /b.txt"),
            (13, "EXPOSE 8080"),
            (14, "VOLUME /data"),
            (15, "HEALTHCHECK --interval=5s CMD true"),
            (16, "STOPSIGNAL SIGTERM"),
            (17, "SHELL [\"/bin/sh\", \"-ec\"]"),
            (18, "RUN echo $GREETING > /app/g"),
            (19, "USER nobody"),
            (20, "ENTRYPOINT [\"sh\"]"),
            (21, "CMD [\"-c\", \"echo hi\"]"),
        ]
        .iter()
        .map(|(l, t)| src(*l, t))
        .collect()
    }

    fn history(ours: &[(&str, f64)]) -> Vec<HistoryEntry> {
        ours.iter()
            .chain(BASE.iter())
            .map(|(c, s)| entry(c, *s))
            .collect()
    }

    /// Captured from the test engine (Docker 20.10): `DOCKER_BUILDKIT=1 docker build --label …`.
    fn buildkit_sample() -> Vec<HistoryEntry> {
        history(&[
            ("CMD [\"-c\" \"echo hi\"]", 0.0),
            ("ENTRYPOINT [\"sh\"]", 0.0),
            ("USER nobody", 0.0),
            ("RUN |1 GREETING=hi /bin/sh -ec echo $GREETING > /app/g # buildkit", 3.0),
            ("SHELL [/bin/sh -ec]", 0.0),
            ("STOPSIGNAL SIGTERM", 0.0),
            ("HEALTHCHECK &{[\"CMD-SHELL\" \"true\"] \"5s\" \"0s\" \"0s\" '\\x00'}", 0.0),
            ("VOLUME [/data]", 0.0),
            ("EXPOSE map[8080/tcp:{}]", 0.0),
            ("ADD b.txt /b.txt # buildkit", 2.0),
            ("COPY . /src/ # buildkit", 456.0),
            ("RUN |1 GREETING=hi echo exec form # buildkit", 0.0),
            ("RUN |1 GREETING=hi /bin/sh -c rm /app/big.bin # buildkit", 0.0),
            ("RUN |1 GREETING=hi /bin/sh -c dd if=/dev/zero of=/app/big.bin bs=1024 count=64 # buildkit", 65_500.0),
            ("COPY a.txt ./ # buildkit", 2.0),
            ("WORKDIR /app", 0.0),
            ("ENV APP_HOME=/app MODE=test", 0.0),
            ("LABEL org.example.team=boats", 0.0),
            ("ARG GREETING=hi", 0.0),
        ])
    }

    /// The same file with `DOCKER_BUILDKIT=0`: note the LABEL the classic builder adds for
    /// `--label`, and the shell of metadata entries changing after SHELL.
    fn classic_sample() -> Vec<HistoryEntry> {
        history(&[
            ("/bin/sh -ec #(nop)  LABEL tugboat.test=h6-capture", 0.0),
            ("/bin/sh -ec #(nop)  CMD [\"-c\" \"echo hi\"]", 0.0),
            ("/bin/sh -ec #(nop)  ENTRYPOINT [\"sh\"]", 0.0),
            ("/bin/sh -ec #(nop)  USER nobody", 0.0),
            ("|1 GREETING=hi /bin/sh -ec echo $GREETING > /app/g", 3.0),
            ("/bin/sh -ec #(nop)  SHELL [/bin/sh -ec]", 0.0),
            ("/bin/sh -c #(nop)  STOPSIGNAL SIGTERM", 0.0),
            ("/bin/sh -c #(nop)  HEALTHCHECK &{[\"CMD-SHELL\" \"true\"] \"5s\" \"0s\" \"0s\" '\\x00'}", 0.0),
            ("/bin/sh -c #(nop)  VOLUME [/data]", 0.0),
            ("/bin/sh -c #(nop)  EXPOSE 8080", 0.0),
            ("/bin/sh -c #(nop) ADD file:93cfd1ad2ea9a4cc9e413b70220a769e7495126fa2e92fdf10989626b5437bc7 in /b.txt ", 2.0),
            ("/bin/sh -c #(nop) COPY dir:0621f0798d562454fe8b8d663c291b2cdec58bfb5007467b2f95be018be0ee7b in /src/ ", 456.0),
            ("|1 GREETING=hi echo exec form", 0.0),
            ("|1 GREETING=hi /bin/sh -c rm /app/big.bin", 0.0),
            ("|1 GREETING=hi /bin/sh -c dd if=/dev/zero of=/app/big.bin bs=1024 count=64", 65_500.0),
            ("/bin/sh -c #(nop) COPY file:7a379d0ef3d363574f9a38cf03a78aa104889c30582434cdb486f5c62436edb0 in ./ ", 2.0),
            ("/bin/sh -c #(nop) WORKDIR /app", 0.0),
            ("/bin/sh -c #(nop)  ENV APP_HOME=/app MODE=test", 0.0),
            ("/bin/sh -c #(nop)  LABEL org.example.team=boats", 0.0),
            ("/bin/sh -c #(nop)  ARG GREETING=hi", 0.0),
        ])
    }

    fn lines(layers: &[BuiltLayer]) -> Vec<Option<u32>> {
        layers.iter().map(|l| l.line).collect()
    }

    #[test]
    fn keywords_are_read_from_both_builders_texts() {
        let cases = [
            ("/bin/sh -c #(nop)  CMD [\"sh\"]", "CMD"),
            ("/bin/sh -ec #(nop)  USER nobody", "USER"),
            ("/bin/sh -c #(nop) COPY dir:06 in /src/ ", "COPY"),
            ("|1 GREETING=hi /bin/sh -c rm /x", "RUN"),
            ("|2 A=1 B=2 echo exec form", "RUN"),
            ("/bin/busybox --install -s /bin", "RUN"),
            ("RUN |1 GREETING=hi echo exec form # buildkit", "RUN"),
            ("COPY . /src/ # buildkit", "COPY"),
            ("EXPOSE map[8080/tcp:{}]", "EXPOSE"),
            ("ARG GREETING=hi", "ARG"),
            ("", "RUN"),
        ];
        for (text, keyword) in cases {
            assert_eq!(entry_keyword(text), keyword, "{text}");
        }
    }

    #[test]
    fn a_buildkit_history_is_tied_line_by_line() {
        let file = sample_file();
        let layers = tie(&buildkit_sample(), &file, None, None);
        assert_eq!(layers.len(), 22);
        assert!(layers[..3].iter().all(|l| l.from_base && l.line.is_none()));
        let want: Vec<Option<u32>> = file.iter().map(|s| Some(s.line)).collect();
        assert_eq!(lines(&layers[3..]), want);
        assert!(layers[3..].iter().all(|l| !l.from_base));
        assert_eq!(
            layers[8].instruction,
            "RUN dd if=/dev/zero of=/app/big.bin bs=1024 count=64"
        );
        assert_eq!(layers[8].size, 65_500.0);
        assert_eq!(
            layers[0].instruction, BASE[2].0,
            "base entries keep the engine's words"
        );
    }

    /// The file the samples were captured from, as written.
    const SAMPLE_TEXT: &str = "FROM tugboat-fixture/busybox:1\nARG GREETING=hi\nLABEL org.example.team=\"boats\"\nENV APP_HOME=/app \\\n    MODE=test\nWORKDIR /app\nCOPY a.txt ./\nRUN dd if=/dev/zero of=/app/big.bin bs=1024 count=64\nRUN rm /app/big.bin\nRUN [\"echo\", \"exec form\"]\nCOPY . /src/\nADD b.txt /b.txt\nEXPOSE 8080\nVOLUME /data\nHEALTHCHECK --interval=5s CMD true\nSTOPSIGNAL SIGTERM\nSHELL [\"/bin/sh\", \"-ec\"]\nRUN echo $GREETING > /app/g\nUSER nobody\nENTRYPOINT [\"sh\"]\nCMD [\"-c\", \"echo hi\"]\n";

    #[test]
    fn the_parsed_sample_file_ties_both_samples() {
        let f = final_stage(&crate::parse(SAMPLE_TEXT));
        let want: Vec<Option<u32>> = sample_file().iter().map(|s| Some(s.line)).collect();
        for (name, sample) in [
            ("buildkit", buildkit_sample()),
            ("classic", classic_sample()),
        ] {
            let layers = tie(&sample, &f.instructions, Some(3), None);
            assert_eq!(lines(&layers[3..3 + want.len()]), want, "{name}");
        }
        let layers = tie(&buildkit_sample(), &f.instructions, Some(3), None);
        assert_eq!(layers[5].instruction, "ENV APP_HOME=/app     MODE=test");
        assert_eq!(
            cache_bust_tip(&f.instructions, None).and_then(|t| t.line),
            Some(11)
        );
    }

    #[test]
    fn a_classic_history_is_tied_and_the_builders_own_label_stays_untied() {
        let file = sample_file();
        let layers = tie(&classic_sample(), &file, None, None);
        assert_eq!(layers.len(), 23);
        let want: Vec<Option<u32>> = file.iter().map(|s| Some(s.line)).collect();
        assert_eq!(lines(&layers[3..22]), want);
        let last = &layers[22];
        assert_eq!((last.line, last.from_base), (None, false));
    }

    #[test]
    fn a_known_base_count_keeps_base_entries_from_being_tied() {
        // The base's CMD would be taken for the file's CMD if the file's own were missing.
        let file = vec![src(2, "RUN true"), src(3, "CMD [\"x\"]")];
        let h = history(&[("RUN /bin/sh -c true # buildkit", 0.0)]);
        let known = tie(&h, &file, Some(3), None);
        assert_eq!(lines(&known), vec![None, None, None, Some(2)]);
        assert!(known[..3].iter().all(|l| l.from_base));
        assert!(!known[3].from_base);
    }

    #[test]
    fn an_arg_the_builder_did_not_record_is_skipped() {
        let file = vec![src(2, "ARG V=1"), src(3, "RUN echo $V"), src(4, "ENV A=1")];
        let h = vec![
            entry("ENV A=1", 0.0),
            entry("RUN |1 V=1 /bin/sh -c echo $V # buildkit", 1.0),
        ];
        let layers = tie(&h, &file, Some(0), None);
        assert_eq!(lines(&layers), vec![Some(3), Some(4)]);
    }

    #[test]
    fn cache_states_come_from_the_steps() {
        let file = vec![src(2, "COPY a ./"), src(3, "RUN make")];
        let h = vec![
            entry("RUN /bin/sh -c make # buildkit", 5.0),
            entry("COPY a ./ # buildkit", 1.0),
        ];
        let steps = [
            StepOutcome {
                line: 2,
                cached: true,
                millis: None,
            },
            StepOutcome {
                line: 3,
                cached: false,
                millis: Some(20.0),
            },
        ];
        let layers = tie(&h, &file, Some(0), Some(&steps));
        assert_eq!(
            layers.iter().map(|l| l.cached).collect::<Vec<_>>(),
            vec![Some(true), Some(false)]
        );
        assert_eq!(tie(&h, &file, Some(0), None)[0].cached, None);
    }

    #[test]
    fn the_biggest_layer_tip_names_the_line_and_size() {
        let file = sample_file();
        let layers = tie(&buildkit_sample(), &file, None, None);
        let tip = biggest_layer_tip(&layers, &file).unwrap();
        assert_eq!(tip.line, Some(8));
        assert!(
            tip.message
                .starts_with("Line 8 makes the biggest layer: 65.5 kB of the 66.0 kB"),
            "{}",
            tip.message
        );
        assert!(tip.message.contains("same RUN"), "{}", tip.message);
        assert_eq!(
            biggest_layer_tip(&layers[..3], &file),
            None,
            "base layers are not the file's"
        );
    }

    #[test]
    fn copying_the_context_before_a_run_is_a_cache_bust() {
        let file = vec![
            src(2, "WORKDIR /app"),
            src(3, "COPY . ."),
            src(4, "RUN npm ci"),
            src(5, "RUN npm test"),
        ];
        let by_position = cache_bust_tip(&file, None).unwrap();
        assert_eq!(by_position.line, Some(3));
        assert!(
            by_position.message.contains("RUN on line 4"),
            "{}",
            by_position.message
        );
        let steps = [
            StepOutcome {
                line: 4,
                cached: false,
                millis: Some(1500.0),
            },
            StepOutcome {
                line: 5,
                cached: false,
                millis: Some(9000.0),
            },
        ];
        let timed = cache_bust_tip(&file, Some(&steps)).unwrap();
        assert!(
            timed.message.contains("RUN on line 5 (it took 9.0 s)"),
            "{}",
            timed.message
        );
        let quick = [StepOutcome {
            line: 4,
            cached: false,
            millis: Some(200.0),
        }];
        assert_eq!(
            cache_bust_tip(&file, Some(&quick)),
            None,
            "a quick RUN costs little"
        );
    }

    #[test]
    fn copying_chosen_files_or_from_a_stage_is_no_cache_bust() {
        let file = vec![
            src(2, "COPY package.json ./"),
            src(3, "COPY --from=build /out ."),
            src(4, "RUN npm ci"),
        ];
        assert_eq!(cache_bust_tip(&file, None), None);
        let nothing_after = vec![src(2, "RUN make"), src(3, "COPY ./ /src")];
        assert_eq!(cache_bust_tip(&nothing_after, None), None);
    }

    #[test]
    fn added_then_deleted_tips_name_path_and_lines() {
        let t = added_then_deleted_tip("/app/big.bin", 65_536.0, Some(8), 9);
        assert_eq!(t.line, Some(9));
        assert!(
            t.message
                .starts_with("/app/big.bin (65.5 kB) is written by line 8 and deleted by line 9"),
            "{}",
            t.message
        );
        let base = added_then_deleted_tip("/bin/vi", 10.0, None, 4);
        assert!(base.message.contains("base image"), "{}", base.message);
    }

    #[test]
    fn the_final_stage_follows_earlier_stages_to_an_image() {
        let text = "ARG V=1\nFROM tugboat-fixture/busybox:1 AS build\nRUN make\nFROM alpine AS other\nRUN x\nFROM build\nCOPY --from=other /x /y\nCOPY --chown=1:1 . /src/\nCMD [\"run\"]\n";
        let f = final_stage(&crate::parse(text));
        assert_eq!(f.base.as_deref(), Some("tugboat-fixture/busybox:1"));
        let got: Vec<(u32, &str, &str)> = f
            .instructions
            .iter()
            .map(|s| (s.line, s.keyword.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, "RUN", "RUN make"),
                (7, "COPY", "COPY --from=other /x /y"),
                (8, "COPY", "COPY --chown=1:1 . /src/"),
                (9, "CMD", "CMD [\"run\"]"),
            ]
        );
        assert!(
            f.instructions[1].context_sources.is_empty(),
            "a --from copy takes no context"
        );
        assert_eq!(f.instructions[2].context_sources, vec!["."]);
    }

    #[test]
    fn a_base_with_a_variable_or_no_stage_is_not_named() {
        assert_eq!(
            final_stage(&crate::parse("ARG B=x\nFROM $B\nRUN y\n")).base,
            None
        );
        assert_eq!(
            final_stage(&crate::parse("FROM scratch\nCOPY a /\n"))
                .base
                .as_deref(),
            Some("scratch")
        );
        assert!(final_stage(&crate::parse("# nothing\n"))
            .instructions
            .is_empty());
    }

    #[test]
    fn continuation_lines_tie_by_the_keyword_line() {
        let f = final_stage(&crate::parse(
            "FROM a\n\nRUN echo 1 \\\n  && echo 2\nENV A=1\n",
        ));
        assert_eq!(
            f.instructions.iter().map(|s| s.line).collect::<Vec<_>>(),
            vec![3, 5]
        );
    }

    #[test]
    fn sizes_read_like_docker_history() {
        assert_eq!(size_text(0.0), "0 B");
        assert_eq!(size_text(999.0), "999 B");
        assert_eq!(size_text(65_536.0), "65.5 kB");
        assert_eq!(size_text(1_980_000.0), "1.98 MB");
        assert_eq!(size_text(123_456_789.0), "123 MB");
    }
}
