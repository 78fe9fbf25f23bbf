//! The rule table and each rule's check (and fix) function.

use super::report::{LintContext, QuickFix, Severity, TextEdit};
use super::shell::{self, Command};
use super::{span_of, vars};
use crate::{ArgForm, Dockerfile, Instruction, InstructionKind as Kind, Span, Stage};
use std::collections::{HashMap, HashSet};
use tugboat_textspan::Offsets;

/// One lint rule. The check finds every place the rule applies; the fix (if any) turns one
/// finding into edits.
pub struct Rule {
    /// `DF001`…: stable, shown in the Problems panel.
    pub id: &'static str,
    /// The rule in words, stable like the id.
    pub slug: &'static str,
    pub severity: Severity,
    /// The one-line reason shown when a finding has no more specific message.
    pub reason: &'static str,
    pub check: fn(&Input<'_>) -> Vec<Hit>,
    pub fix: Option<fn(&Input<'_>, &Hit) -> Option<QuickFix>>,
}

/// Where a rule applies.
#[derive(Debug, Clone)]
pub struct Hit {
    pub span: Span,
    /// A reason naming what was found; `None` uses the rule's.
    pub message: Option<String>,
    /// The instruction concerned (index in `Dockerfile::instructions`).
    pub instruction: Option<usize>,
    /// Extra position the fix needs (a byte offset in the text), when the check found it.
    pub at: Option<usize>,
}

impl Hit {
    fn new(span: Span, message: impl Into<Option<String>>) -> Self {
        Self {
            span,
            message: message.into(),
            instruction: None,
            at: None,
        }
    }
    fn on(mut self, instruction: usize) -> Self {
        self.instruction = Some(instruction);
        self
    }
    fn at(mut self, byte: usize) -> Self {
        self.at = Some(byte);
        self
    }
}

/// What every rule reads.
pub struct Input<'a> {
    pub file: &'a Dockerfile,
    pub offsets: Offsets<'a>,
    pub context: &'a LintContext,
    pub escape: char,
    /// Each stage's instructions, as a range of indexes (instructions are in file order, so a
    /// stage's are contiguous): rules walk a stage without scanning the whole file.
    stage_ranges: Vec<std::ops::Range<usize>>,
    /// Each RUN's simple commands by instruction index (empty for other instructions).
    run_scripts: Vec<Vec<Command>>,
}

impl<'a> Input<'a> {
    pub fn new(file: &'a Dockerfile, text: &'a str, context: &'a LintContext) -> Self {
        let escape = file.escape.chars().next().unwrap_or('\\');
        let mut stage_ranges = vec![0..0; file.stages.len()];
        for (n, ins) in file.instructions.iter().enumerate() {
            if let Some(range) = ins.stage.and_then(|s| stage_ranges.get_mut(s as usize)) {
                if range.start == range.end {
                    *range = n..n + 1;
                } else {
                    range.end = n + 1;
                }
            }
        }
        let mut input = Self {
            file,
            offsets: Offsets::new(text),
            context,
            escape,
            stage_ranges,
            run_scripts: Vec::new(),
        };
        input.run_scripts = file
            .instructions
            .iter()
            .map(|i| input.read_run(i))
            .collect();
        input
    }

    /// The instructions of stage `index` (its FROM first), with their indexes.
    fn in_stage(&self, index: u32) -> impl Iterator<Item = (usize, &'a Instruction)> {
        let range = self
            .stage_ranges
            .get(index as usize)
            .cloned()
            .unwrap_or(0..0);
        let items = self.file.instructions.get(range.clone()).unwrap_or(&[]);
        range.zip(items.iter())
    }

    fn text(&self) -> &'a str {
        self.offsets.text()
    }

    /// The source text of a span.
    fn source(&self, span: Span) -> &'a str {
        self.offsets.slice(span.start, span.end)
    }

    fn instructions(&self) -> impl Iterator<Item = (usize, &'a Instruction)> {
        self.file.instructions.iter().enumerate()
    }

    fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (usize, &'a Instruction)> {
        self.instructions().filter(move |(_, i)| i.kind == kind)
    }

    /// The span of a byte range.
    fn span(&self, start: usize, end: usize) -> Span {
        span_of(&self.offsets, start, end)
    }

    /// The simple commands of instruction `n` if it is a RUN (empty otherwise), read once per
    /// lint: several rules look at them.
    fn run_commands(&self, n: usize) -> &[Command] {
        self.run_scripts.get(n).map_or(&[], Vec::as_slice)
    }

    /// The simple commands of a shell-form RUN, with byte positions in the whole text: its
    /// arguments and any here-document bodies (a `RUN <<EOF` script).
    fn read_run(&self, ins: &Instruction) -> Vec<Command> {
        let mut out = Vec::new();
        if ins.kind != Kind::Run {
            return out;
        }
        if ins.form == ArgForm::Shell {
            out.extend(self.commands_in(ins.text_span, self.escape));
        }
        for doc in &ins.heredocs {
            out.extend(self.commands_in(doc.span, '\\'));
        }
        out
    }

    fn commands_in(&self, span: Span, escape: char) -> Vec<Command> {
        let base = self.offsets.byte(span.start);
        let mut cmds = shell::commands(self.source(span), escape);
        for word in cmds.iter_mut().flat_map(|c| c.words.iter_mut()) {
            word.start += base;
            word.end += base;
        }
        cmds
    }

    /// An edit replacing a byte range.
    fn edit(&self, start: usize, end: usize, insert: impl Into<String>) -> TextEdit {
        TextEdit {
            start: self.offsets.utf16(start),
            end: self.offsets.utf16(end),
            insert: insert.into(),
        }
    }
}

fn fix(title: impl Into<String>, edits: Vec<TextEdit>) -> Option<QuickFix> {
    Some(QuickFix {
        title: title.into(),
        edits,
    })
}

/// Every rule, in id order.
pub static RULES: &[Rule] = &[
    Rule {
        id: "DF001",
        slug: "no-from",
        severity: Severity::Error,
        reason: "There is no FROM: a Dockerfile must start a stage with FROM <image>",
        check: no_from,
        fix: None,
    },
    Rule {
        id: "DF002",
        slug: "unknown-instruction",
        severity: Severity::Error,
        reason: "Unknown instruction",
        check: unknown_instruction,
        fix: Some(fix_unknown_instruction),
    },
    Rule {
        id: "DF003",
        slug: "unpinned-base",
        severity: Severity::Warning,
        reason: "The base image has no fixed tag",
        check: unpinned_base,
        fix: None,
    },
    Rule {
        id: "DF004",
        slug: "shell-form-command",
        severity: Severity::Warning,
        reason: "Shell form runs the command under /bin/sh, which does not pass on stop signals",
        check: shell_form_command,
        fix: Some(fix_shell_form_command),
    },
    Rule {
        id: "DF005",
        slug: "repeated-command",
        severity: Severity::Warning,
        reason: "Only the last CMD or ENTRYPOINT of a stage counts",
        check: repeated_command,
        fix: Some(fix_remove_instruction),
    },
    Rule {
        id: "DF006",
        slug: "apt-update-alone",
        severity: Severity::Warning,
        reason: "`apt-get update` in a RUN of its own",
        check: apt_update_alone,
        fix: None,
    },
    Rule {
        id: "DF007",
        slug: "apt-install-no-yes",
        severity: Severity::Warning,
        reason: "`apt-get install` without `-y` stops the build at its question",
        check: apt_install_without_yes,
        fix: Some(fix_apt_install_yes),
    },
    Rule {
        id: "DF008",
        slug: "apt-lists-kept",
        severity: Severity::Info,
        reason: "The apt package lists stay in the layer",
        check: apt_lists_kept,
        fix: Some(fix_apt_lists),
    },
    Rule {
        id: "DF009",
        slug: "add-for-copy",
        severity: Severity::Warning,
        reason: "ADD of local files: COPY does the same without ADD's surprises",
        check: add_for_copy,
        fix: Some(fix_add_for_copy),
    },
    Rule {
        id: "DF010",
        slug: "relative-workdir",
        severity: Severity::Warning,
        reason: "Relative WORKDIR",
        check: relative_workdir,
        fix: None,
    },
    Rule {
        id: "DF011",
        slug: "copy-all-before-install",
        severity: Severity::Warning,
        reason: "Everything is copied before the dependency install",
        check: copy_all_before_install,
        fix: None,
    },
    Rule {
        id: "DF012",
        slug: "consecutive-runs",
        severity: Severity::Info,
        reason: "Consecutive RUNs could be one layer",
        check: consecutive_runs,
        fix: Some(fix_consecutive_runs),
    },
    Rule {
        id: "DF013",
        slug: "runs-as-root",
        severity: Severity::Warning,
        reason: "The image runs as root",
        check: runs_as_root,
        fix: None,
    },
    Rule {
        id: "DF014",
        slug: "maintainer",
        severity: Severity::Warning,
        reason: "MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors",
        check: maintainer,
        fix: Some(fix_maintainer),
    },
    Rule {
        id: "DF015",
        slug: "expose-invalid",
        severity: Severity::Error,
        reason: "EXPOSE needs ports from 1 to 65535, with /tcp, /udp or /sctp",
        check: expose_invalid,
        fix: None,
    },
    Rule {
        id: "DF016",
        slug: "undefined-arg",
        severity: Severity::Warning,
        reason: "A variable used here is not declared",
        check: undefined_variable,
        fix: None,
    },
    Rule {
        id: "DF017",
        slug: "duplicate-stage-name",
        severity: Severity::Error,
        reason: "Two stages have the same name",
        check: duplicate_stage_name,
        fix: None,
    },
    Rule {
        id: "DF018",
        slug: "copy-from-unknown-stage",
        severity: Severity::Warning,
        reason: "COPY --from names no earlier stage",
        check: copy_from_unknown_stage,
        fix: Some(fix_copy_from_stage),
    },
    Rule {
        id: "DF019",
        slug: "secret-in-env-arg",
        severity: Severity::Warning,
        reason: "A secret in ARG or ENV stays in the image",
        check: secret_names,
        fix: None,
    },
    Rule {
        id: "DF020",
        slug: "large-context",
        severity: Severity::Warning,
        reason: "A large build context with no .dockerignore",
        check: large_context,
        fix: None,
    },
    Rule {
        id: "DF021",
        slug: "instruction-before-from",
        severity: Severity::Error,
        reason: "Only ARG may come before the first FROM",
        check: before_first_from,
        fix: None,
    },
];

// ---------------------------------------------------------------------------------------------
// DF001 no FROM

fn no_from(input: &Input<'_>) -> Vec<Hit> {
    if !input.file.stages.is_empty() {
        return Vec::new();
    }
    let span = input.file.instructions.first().map_or(
        Span {
            line: 1,
            end_line: 1,
            ..Span::default()
        },
        |i| i.keyword_span,
    );
    vec![Hit::new(span, None)]
}

// ---------------------------------------------------------------------------------------------
// DF002 unknown instruction

/// The known keyword closest to a misspelt one (at most two letters off), for the fix.
fn closest_keyword(word: &str) -> Option<&'static str> {
    let upper = word.to_ascii_uppercase();
    Kind::KNOWN
        .iter()
        .map(|k| k.keyword())
        .map(|k| (edit_distance(&upper, k), k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance, for "did you mean" suggestions on short words (a keyword, a stage
/// name): too small a need for a dependency.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(prev + usize::from(ca != *cb));
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

fn unknown_instruction(input: &Input<'_>) -> Vec<Hit> {
    input
        .of_kind(Kind::Unknown)
        .map(|(n, ins)| {
            let guess = closest_keyword(&ins.keyword)
                .map(|k| format!(" (did you mean {k}?)"))
                .unwrap_or_default();
            Hit::new(
                ins.keyword_span,
                format!("`{}` is not a Dockerfile instruction{guess}", ins.keyword),
            )
            .on(n)
        })
        .collect()
}

fn fix_unknown_instruction(input: &Input<'_>, hit: &Hit) -> Option<QuickFix> {
    let ins = &input.file.instructions[hit.instruction?];
    let keyword = closest_keyword(&ins.keyword)?;
    fix(
        format!("Change to {keyword}"),
        vec![TextEdit {
            start: ins.keyword_span.start,
            end: ins.keyword_span.end,
            insert: keyword.into(),
        }],
    )
}

// ---------------------------------------------------------------------------------------------
// DF003 untagged or :latest base

/// The FROM line's image with global ARG defaults put in; `None` when an ARG it uses has no
/// default (the value only comes with `--build-arg`, so the tag can't be judged).
fn resolve_global_args(input: &Input<'_>, word: &str, before: u32) -> Option<String> {
    let mut defaults: HashMap<&str, Option<&str>> = HashMap::new();
    for ins in input
        .file
        .instructions
        .iter()
        .take_while(|i| i.stage.is_none())
    {
        if ins.span.start >= before {
            break;
        }
        for pair in ins.arg_defs() {
            defaults.insert(pair.key.as_str(), pair.value.as_deref());
        }
    }
    let mut out = String::new();
    let mut last = 0;
    for r in vars::references(word, input.escape) {
        out.push_str(&word[last..r.start]);
        match defaults.get(r.name.as_str()) {
            Some(Some(value)) => out.push_str(value),
            _ if r.handles_unset => {
                // `${X:-default}`: use the default written in the reference.
                let inner = &word[r.start..r.end];
                let default = inner.split_once(":-").or_else(|| inner.split_once('-'))?.1;
                out.push_str(default.trim_end_matches('}'));
            }
            _ => return None,
        }
        last = r.end;
    }
    out.push_str(&word[last..]);
    Some(out)
}

/// The tag of an image reference (`None` when it has none); a digest counts as pinned.
fn reference_tag(image: &str) -> Option<&str> {
    if image.contains('@') {
        return Some("@digest");
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    last.split_once(':').map(|(_, tag)| tag)
}

fn unpinned_base(input: &Input<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for stage in &input.file.stages {
        let written = stage.base.trim();
        let Some(image) = resolve_global_args(input, written, stage.base_span.start) else {
            continue;
        };
        if image.eq_ignore_ascii_case("scratch")
            || earlier_stage(input.file, &image, stage.index).is_some()
        {
            continue;
        }
        let message = match reference_tag(&image) {
            None => format!(
                "`{image}` has no tag, so it means `{image}:latest`, whatever that is on the day you build: pin a version"
            ),
            Some("latest") => format!(
                "`{image}` follows whatever is newest when you build: pin a version tag"
            ),
            Some(_) => continue,
        };
        hits.push(Hit::new(stage.base_span, message).on(stage.instruction as usize));
    }
    hits
}

/// The stage called `name` defined before stage `index` (names compare case-insensitively).
fn earlier_stage<'a>(file: &'a Dockerfile, name: &str, index: u32) -> Option<&'a Stage> {
    file.stages[..(index as usize).min(file.stages.len())]
        .iter()
        .find(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
}

// ---------------------------------------------------------------------------------------------
// DF004 shell-form CMD/ENTRYPOINT

fn shell_form_command(input: &Input<'_>) -> Vec<Hit> {
    input
        .instructions()
        .filter(|(_, i)| {
            matches!(i.kind, Kind::Cmd | Kind::Entrypoint)
                && i.form == ArgForm::Shell
                && !i.text.is_empty()
                // `exec program …` replaces the shell: the program gets the signals.
                && !i.text.starts_with("exec ")
        })
        .map(|(n, ins)| {
            let keyword = ins.kind.keyword();
            Hit::new(
                ins.span,
                format!(
                    "{keyword} in shell form runs under `/bin/sh -c`, so the program is not PID 1 and misses `docker stop`'s signal: write it as a JSON array"
                ),
            )
            .on(n)
        })
        .collect()
}

/// Characters that make a command need a shell (variables, operators, globs, redirects…); such
/// a command can't be split into an exec-form array without changing what it does.
fn needs_shell(text: &str) -> bool {
    text.contains([
        '$', '&', '|', ';', '<', '>', '(', ')', '*', '?', '`', '\\', '~', '\n', '#', '[', '{',
    ])
}

fn fix_shell_form_command(input: &Input<'_>, hit: &Hit) -> Option<QuickFix> {
    let ins = &input.file.instructions[hit.instruction?];
    if needs_shell(&ins.text) {
        return None;
    }
    let [command] = shell::commands(&ins.text, input.escape).try_into().ok()?;
    let items: Vec<String> = command.words.into_iter().map(|w| w.text).collect();
    let json = serde_json::to_string(&items)
        .ok()?
        .replace("\",\"", "\", \"");
    fix(
        "Use exec form",
        vec![TextEdit {
            start: ins.text_span.start,
            end: ins.text_span.end,
            insert: json,
        }],
    )
}

// ---------------------------------------------------------------------------------------------
// DF005 more than one CMD / ENTRYPOINT in a stage

fn repeated_command(input: &Input<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for stage in &input.file.stages {
        for kind in [Kind::Cmd, Kind::Entrypoint] {
            let all: Vec<(usize, &Instruction)> = input
                .in_stage(stage.index)
                .filter(|(_, i)| i.kind == kind)
                .collect();
            if let Some(((_, last), earlier)) = all.split_last() {
                for (n, ins) in earlier {
                    hits.push(
                        Hit::new(
                            ins.span,
                            format!(
                                "This {} is replaced by the one on line {}: only the last in a stage counts",
                                kind.keyword(),
                                last.span.line
                            ),
                        )
                        .on(*n),
                    );
                }
            }
        }
    }
    hits
}

/// Remove the instruction and its line break.
fn fix_remove_instruction(input: &Input<'_>, hit: &Hit) -> Option<QuickFix> {
    let ins = &input.file.instructions[hit.instruction?];
    let start = input.offsets.byte(ins.span.start);
    let line_start = input.text()[..start].rfind('\n').map_or(0, |i| i + 1);
    let start = if input.text()[line_start..start].trim().is_empty() {
        line_start
    } else {
        start
    };
    let end = input.offsets.line_end(
        input
            .offsets
            .byte(ins.span.end)
            .saturating_sub(1)
            .max(start),
    );
    fix(
        format!("Remove this {}", ins.kind.keyword()),
        vec![input.edit(start, end, "")],
    )
}

// ---------------------------------------------------------------------------------------------
// DF006–DF008 apt-get

fn is_apt(cmd: &Command) -> bool {
    cmd.is("apt-get") || cmd.is("apt")
}

fn apt_sub<'c>(cmd: &'c Command, sub: &str) -> Option<&'c shell::Word> {
    is_apt(cmd)
        .then(|| cmd.subcommand())
        .flatten()
        .filter(|w| w.text == sub)
}

fn runs<'i, 'a>(
    input: &'i Input<'a>,
) -> impl Iterator<Item = (usize, &'a Instruction, &'i [Command])> + 'i {
    input
        .of_kind(Kind::Run)
        .map(|(n, ins)| (n, ins, input.run_commands(n)))
}

fn apt_update_alone(input: &Input<'_>) -> Vec<Hit> {
    runs(input)
        .filter_map(|(n, ins, cmds)| {
            let update = cmds.iter().find_map(|c| apt_sub(c, "update"))?;
            if cmds.iter().any(|c| apt_sub(c, "install").is_some()) {
                return None;
            }
            Some(
                Hit::new(
                    input.span(update.start, update.end),
                    "`apt-get update` alone in a RUN is cached as its own layer, so a later install can use stale lists: run it in the same RUN as `apt-get install`".to_string(),
                )
                .on(n)
                .at(input.offsets.byte(ins.span.start)),
            )
        })
        .collect()
}

/// `-y`, `--yes`, `--assume-yes`, or a short-option cluster holding `y` (`-qy`).
fn says_yes(cmd: &Command) -> bool {
    cmd.args().iter().any(|w| {
        let t = w.text.as_str();
        t == "--yes"
            || t == "--assume-yes"
            || (t.starts_with('-') && !t.starts_with("--") && t.contains('y'))
    })
}

fn apt_install_without_yes(input: &Input<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (n, _, cmds) in runs(input) {
        for cmd in cmds {
            if let Some(install) = apt_sub(cmd, "install") {
                if !says_yes(cmd) {
                    hits.push(
                        Hit::new(
                            input.span(install.start, install.end),
                            "`apt-get install` without `-y` waits for a yes no one can type, and the build fails".to_string(),
                        )
                        .on(n)
                        .at(install.end),
                    );
                }
            }
        }
    }
    hits
}

fn fix_apt_install_yes(input: &Input<'_>, hit: &Hit) -> Option<QuickFix> {
    let at = hit.at?;
    fix("Add -y", vec![input.edit(at, at, " -y")])
}

fn cleans_lists(cmd: &Command) -> bool {
    cmd.is("rm")
        && cmd
            .args()
            .iter()
            .any(|w| w.text.starts_with("/var/lib/apt/lists"))
}

fn apt_lists_kept(input: &Input<'_>) -> Vec<Hit> {
    runs(input)
        .filter_map(|(n, ins, cmds)| {
            let install = cmds.iter().find_map(|c| apt_sub(c, "install"))?;
            if cmds.iter().any(cleans_lists) {
                return None;
            }
            // A cache mount keeps the lists out of the layer already.
            let cached = ins.flags.iter().any(|f| {
                f.name == "mount"
                    && f.parts.iter().any(|p| p.key == "target" && p.value.as_deref().is_some_and(|v| v.starts_with("/var/lib/apt")))
            });
            if cached {
                return None;
            }
            Some(
                Hit::new(
                    input.span(install.start, install.end),
                    "The apt package lists stay in this layer (tens of MB): end the RUN with `rm -rf /var/lib/apt/lists/*`".to_string(),
                )
                .on(n),
            )
        })
        .collect()
}

fn fix_apt_lists(input: &Input<'_>, hit: &Hit) -> Option<QuickFix> {
    let ins = &input.file.instructions[hit.instruction?];
    // Only where the end of the script is the end of the arguments (not inside a heredoc).
    if ins.form != ArgForm::Shell || !ins.heredocs.is_empty() || ins.text.contains('#') {
        return None;
    }
    let end = input.offsets.byte(ins.text_span.end);
    fix(
        "Remove the lists in the same RUN",
        vec![input.edit(
            end,
            end,
            format!(" {}\n    && rm -rf /var/lib/apt/lists/*", input.escape),
        )],
    )
}

// ---------------------------------------------------------------------------------------------
// DF009 ADD where COPY would do

/// What only ADD does: fetch a URL or git repository, or unpack a local tar archive.
fn needs_add(source: &str) -> bool {
    let s = source.to_ascii_lowercase();
    s.contains("://")
        || s.starts_with("git@")
        || s.contains('$')
        || [
            ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst",
            ".tzst", ".gz", ".bz2", ".xz",
        ]
        .iter()
        .any(|ext| s.ends_with(ext))
}

fn add_for_copy(input: &Input<'_>) -> Vec<Hit> {
    input
        .of_kind(Kind::Add)
        .filter(|(_, ins)| {
            let sources = ins.copy_sources();
            !sources.is_empty()
                && !sources.iter().any(|w| needs_add(&w.value))
                // Flags only ADD has.
                && !ins.flags.iter().any(|f| matches!(f.name.as_str(), "checksum" | "keep-git-dir" | "unpack"))
        })
        .map(|(n, ins)| {
            Hit::new(
                ins.keyword_span,
                "ADD of local files does what COPY does, plus URL fetching and archive unpacking you did not ask for: use COPY".to_string(),
            )
            .on(n)
        })
        .collect()
}

fn fix_add_for_copy(input: &Input<'_>, hit: &Hit) -> Option<QuickFix> {
    let ins = &input.file.instructions[hit.instruction?];
    let copy = if ins.keyword.chars().all(|c| c.is_ascii_lowercase()) {
        "copy"
    } else {
        "COPY"
    };
    fix(
        "Change ADD to COPY",
        vec![TextEdit {
            start: ins.keyword_span.start,
            end: ins.keyword_span.end,
            insert: copy.into(),
        }],
    )
}

// ---------------------------------------------------------------------------------------------
// DF010 relative WORKDIR

fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('$')
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
}

/// The stage a stage builds on, when its base is an earlier stage.
fn parent_stage<'a>(file: &'a Dockerfile, stage: &Stage) -> Option<&'a Stage> {
    earlier_stage(file, stage.base.trim(), stage.index)
}

fn relative_workdir(input: &Input<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    // Whether each stage has set an absolute WORKDIR (inherited by stages built on it).
    let mut absolute: Vec<bool> = Vec::new();
    for stage in &input.file.stages {
        let mut set = parent_stage(input.file, stage)
            .is_some_and(|p| absolute.get(p.index as usize) == Some(&true));
        for (n, ins) in input.in_stage(stage.index) {
            let Some(path) = ins.workdir_path() else {
                continue;
            };
            if is_absolute(path) {
                set = true;
            } else if !set {
                hits.push(
                    Hit::new(
                        ins.text_span,
                        format!("WORKDIR `{path}` is relative to the base image's own WORKDIR, which can change under you: start it with `/`"),
                    )
                    .on(n),
                );
            }
        }
        absolute.push(set);
    }
    hits
}

// ---------------------------------------------------------------------------------------------
// DF011 COPY . . before the dependency install

/// Whether a command installs dependencies from a manifest (the step to cache), and the words
/// that say so. Builds (`go build`, `cargo build`) are not installs: they need the sources.
fn installs_dependencies(cmd: &Command) -> Option<String> {
    let sub = cmd.subcommand().map(|w| w.text.as_str());
    let program = cmd.program()?.1.text.rsplit('/').next()?.to_string();
    let found = match (program.as_str(), sub) {
        ("npm", Some("install" | "ci" | "i")) => true,
        ("yarn", None | Some("install")) => true,
        ("pnpm", Some("install" | "i")) => true,
        ("pip" | "pip3", Some("install")) => cmd.args().iter().any(|w| {
            w.text == "-r" || w.text.starts_with("--requirement") || w.text.starts_with("-r")
        }),
        ("poetry" | "pipenv" | "bundle" | "composer", Some("install")) => true,
        ("go", Some("mod")) => cmd.args().iter().any(|w| w.text == "download"),
        ("cargo", Some("fetch")) => true,
        ("uv", Some("sync" | "pip")) => true,
        _ => false,
    };
    found.then(|| {
        cmd.words
            .iter()
            .skip_while(|w| w.text != program && !w.text.ends_with(&format!("/{program}")))
            .take(3)
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn copies_everything(ins: &Instruction) -> bool {
    ins.kind == Kind::Copy
        && ins.copy_from().is_none()
        && ins
            .copy_sources()
            .iter()
            .any(|w| matches!(w.value.as_str(), "." | "./" | "./*" | "*"))
}

fn copy_all_before_install(input: &Input<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for stage in &input.file.stages {
        let mut copy_all: Option<(usize, &Instruction)> = None;
        for (n, ins) in input.in_stage(stage.index) {
            if copy_all.is_none() && copies_everything(ins) {
                copy_all = Some((n, ins));
            }
            if ins.kind != Kind::Run {
                continue;
            }
            let Some((c, copy)) = copy_all else { continue };
            if let Some(install) = input.run_commands(n).iter().find_map(installs_dependencies) {
                hits.push(
                    Hit::new(
                        copy.span,
                        format!(
                            "`{}` comes before `{install}` (line {}): any source edit re-runs the install; copy the dependency manifest first, install, then copy the rest",
                            input.source(copy.span).lines().next().unwrap_or("COPY").trim(),
                            ins.span.line
                        ),
                    )
                    .on(c),
                );
                break;
            }
        }
    }
    hits
}

// ---------------------------------------------------------------------------------------------
// DF012 consecutive RUNs

/// Whether two RUNs can be one without changing what they do: both plain shell form with the
/// same flags (a different `--mount` or `--network` is a reason to keep them apart), no
/// here-documents, and no comment that the joining continuation would fall into.
fn joinable(a: &Instruction, b: &Instruction) -> bool {
    let plain = |i: &Instruction| {
        i.kind == Kind::Run
            && i.form == ArgForm::Shell
            && i.heredocs.is_empty()
            && !i.text.is_empty()
    };
    let flags = |i: &Instruction| {
        i.flags
            .iter()
            .map(|f| (f.name.clone(), f.value.clone()))
            .collect::<Vec<_>>()
    };
    plain(a) && plain(b) && a.stage == b.stage && flags(a) == flags(b) && !a.text.contains('#')
}

fn consecutive_runs(input: &Input<'_>) -> Vec<Hit> {
    // Under a SHELL of its own (PowerShell, cmd) `&&` may not chain commands: leave such stages.
    let custom_shell: HashSet<Option<u32>> =
        input.of_kind(Kind::Shell).map(|(_, i)| i.stage).collect();
    input
        .file
        .instructions
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| joinable(&pair[0], &pair[1]) && !custom_shell.contains(&pair[0].stage))
        .map(|(n, pair)| {
            Hit::new(
                pair[1].span,
                format!(
                    "This RUN follows the RUN on line {} and makes a layer of its own: join them with `&&` for one layer",
                    pair[0].span.line
                ),
            )
            .on(n + 1)
        })
        .collect()
}

fn fix_consecutive_runs(input: &Input<'_>, hit: &Hit) -> Option<QuickFix> {
    let n = hit.instruction?;
    let (prev, this) = (
        input.file.instructions.get(n.checked_sub(1)?)?,
        input.file.instructions.get(n)?,
    );
    let from = input.offsets.byte(prev.text_span.end);
    let to = input.offsets.byte(this.text_span.start);
    fix(
        "Join with the RUN before",
        vec![input.edit(from, to, format!(" {}\n    && ", input.escape))],
    )
}

// ---------------------------------------------------------------------------------------------
// DF013 no USER in the final stage / USER root last

fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user).trim();
    name == "root" || name == "0"
}

/// The last USER of a stage, following the stages it builds on.
fn last_user<'a>(input: &Input<'a>, stage: &Stage) -> Option<(usize, &'a Instruction)> {
    let own = input
        .in_stage(stage.index)
        .filter(|(_, i)| i.user().is_some())
        .last();
    own.or_else(|| parent_stage(input.file, stage).and_then(|p| last_user(input, p)))
}

fn runs_as_root(input: &Input<'_>) -> Vec<Hit> {
    let Some(last) = input.file.stages.last() else {
        return Vec::new();
    };
    match last_user(input, last) {
        Some((n, ins)) if ins.user().is_some_and(is_root) => vec![Hit::new(
            ins.span,
            "The final stage's last USER is root: a process that escapes the app gets root in the container; switch to an unprivileged user".to_string(),
        )
        .on(n)],
        Some(_) => Vec::new(),
        None => vec![Hit::new(
            input.file.instructions.get(last.instruction as usize).map_or(last.span, |i| i.span),
            "The final stage sets no USER, so the container runs as root unless its base image says otherwise: add `USER <name>` after installing".to_string(),
        )
        .on(last.instruction as usize)],
    }
}

// ---------------------------------------------------------------------------------------------
// DF014 MAINTAINER

fn maintainer(input: &Input<'_>) -> Vec<Hit> {
    input
        .of_kind(Kind::Maintainer)
        .map(|(n, ins)| Hit::new(ins.span, None).on(n))
        .collect()
}

fn fix_maintainer(input: &Input<'_>, hit: &Hit) -> Option<QuickFix> {
    let ins = &input.file.instructions[hit.instruction?];
    let e = input.escape;
    let mut value = String::new();
    for c in ins.text.chars() {
        if c == '"' || c == e {
            value.push(e);
        }
        value.push(c);
    }
    fix(
        "Use LABEL org.opencontainers.image.authors",
        vec![TextEdit {
            start: ins.span.start,
            end: ins.span.end,
            insert: format!("LABEL org.opencontainers.image.authors=\"{value}\""),
        }],
    )
}

// ---------------------------------------------------------------------------------------------
// DF015 EXPOSE

/// Why an EXPOSE item is refused, if it is.
fn expose_problem(item: &str) -> Option<String> {
    if item.contains('$') {
        return None;
    }
    let (ports, proto) = match item.split_once('/') {
        Some((p, proto)) => (p, Some(proto)),
        None => (item, None),
    };
    if let Some(proto) = proto {
        if !["tcp", "udp", "sctp"].contains(&proto.to_ascii_lowercase().as_str()) {
            return Some(format!(
                "`{item}`: the protocol `{proto}` is not tcp, udp or sctp"
            ));
        }
    }
    let (low, high) = ports.split_once('-').unwrap_or((ports, ports));
    for p in [low, high] {
        match p.parse::<u32>() {
            Ok(n) if (1..=65535).contains(&n) => {}
            Ok(n) => return Some(format!("`{item}`: port {n} is outside 1–65535")),
            Err(_) => {
                return Some(format!(
                "`{item}` is not a port: write a number from 1 to 65535, e.g. `8080` or `53/udp`"
            ))
            }
        }
    }
    match (low.parse::<u32>(), high.parse::<u32>()) {
        (Ok(a), Ok(b)) if a > b => Some(format!("`{item}`: the range starts above where it ends")),
        _ => None,
    }
}

fn expose_invalid(input: &Input<'_>) -> Vec<Hit> {
    input
        .of_kind(Kind::Expose)
        .flat_map(|(n, ins)| {
            ins.expose_ports()
                .iter()
                .filter_map(move |w| expose_problem(&w.value).map(|m| Hit::new(w.span, m).on(n)))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// DF016 undefined ARG / variable

/// ARGs BuildKit defines for FROM lines without a declaration.
const PLATFORM_ARGS: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
];

/// ARGs usable anywhere without a declaration (the proxy settings).
const PREDEFINED_ARGS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// Variables base images commonly set with ENV. The linter can't see a base image's config, so
/// these are taken as defined rather than flagged on every `$PATH`.
const IMAGE_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "HOSTNAME",
    "LANG",
    "LC_ALL",
    "TERM",
    "PWD",
    "USER",
    "SHELL",
    "GOPATH",
    "GOROOT",
    "JAVA_HOME",
    "CARGO_HOME",
    "RUSTUP_HOME",
    "NODE_VERSION",
    "YARN_VERSION",
    "PYTHON_VERSION",
    "GOLANG_VERSION",
    "RUST_VERSION",
    "NGINX_VERSION",
    "PHP_INI_DIR",
    "GEM_HOME",
    "BUNDLE_APP_CONFIG",
    "VIRTUAL_ENV",
];

/// Instructions whose arguments the builder itself expands (RUN, CMD and ENTRYPOINT are left
/// to the shell, where an unset variable may be the script's own).
fn builder_expands(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Add
            | Kind::Copy
            | Kind::Env
            | Kind::Expose
            | Kind::Label
            | Kind::Stopsignal
            | Kind::User
            | Kind::Volume
            | Kind::Workdir
    )
}

fn undefined_variable(input: &Input<'_>) -> Vec<Hit> {
    let file = input.file;
    let mut hits = Vec::new();
    let mut global: HashSet<&str> = PLATFORM_ARGS
        .iter()
        .chain(PREDEFINED_ARGS)
        .copied()
        .collect();
    // Names set by ENV per stage, inherited by stages built on it.
    let mut stage_env: Vec<HashSet<String>> = Vec::new();
    let mut scope: HashSet<String> = HashSet::new();
    let check = |text_span: Span,
                 scope: &dyn Fn(&str) -> bool,
                 hits: &mut Vec<Hit>,
                 n: usize,
                 what: &str| {
        let base = input.offsets.byte(text_span.start);
        for r in vars::references(input.source(text_span), input.escape) {
            if r.handles_unset || scope(&r.name) {
                continue;
            }
            hits.push(
                Hit::new(
                    input.span(base + r.start, base + r.end),
                    format!("`{}` is not declared {what}: add `ARG {}` (with a default if it needs one)", r.name, r.name),
                )
                .on(n),
            );
        }
    };
    for (n, ins) in input.instructions() {
        match (ins.kind, ins.stage) {
            (Kind::Arg, None) => {
                for pair in ins.arg_defs() {
                    global.insert(pair.key.as_str());
                }
            }
            (Kind::From, Some(index)) => {
                let in_global = |name: &str| global.contains(name);
                check(ins.text_span, &in_global, &mut hits, n, "before this FROM");
                for flag in &ins.flags {
                    check(flag.span, &in_global, &mut hits, n, "before this FROM");
                }
                // A new stage: ARGs start empty (global ones must be declared again), ENV comes
                // from the stage it builds on.
                scope.clear();
                let parent = file
                    .stages
                    .get(index as usize)
                    .and_then(|s| parent_stage(file, s));
                if let Some(env) = parent.and_then(|p| stage_env.get(p.index as usize)) {
                    scope.extend(env.iter().cloned());
                }
                while stage_env.len() <= index as usize {
                    stage_env.push(HashSet::new());
                }
                stage_env[index as usize] = scope.clone();
            }
            (_, Some(index)) => {
                if builder_expands(ins.kind) {
                    let known = |name: &str| {
                        scope.contains(name)
                            || PREDEFINED_ARGS.contains(&name)
                            || IMAGE_ENV.contains(&name)
                    };
                    check(ins.text_span, &known, &mut hits, n, "in this stage");
                    for flag in &ins.flags {
                        check(flag.span, &known, &mut hits, n, "in this stage");
                    }
                }
                for pair in ins.arg_defs() {
                    scope.insert(pair.key.clone());
                }
                for pair in ins.env_pairs() {
                    scope.insert(pair.key.clone());
                    if let Some(env) = stage_env.get_mut(index as usize) {
                        env.insert(pair.key.clone());
                    }
                }
            }
            _ => {}
        }
    }
    hits
}

// ---------------------------------------------------------------------------------------------
// DF017 duplicate stage names

fn duplicate_stage_name(input: &Input<'_>) -> Vec<Hit> {
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut hits = Vec::new();
    for stage in &input.file.stages {
        let (Some(name), Some(span)) = (&stage.name, stage.name_span) else {
            continue;
        };
        match seen.get(&name.to_ascii_lowercase()) {
            Some(line) => hits.push(
                Hit::new(span, format!("Stage `{name}` is already defined on line {line}: give this stage another name"))
                    .on(stage.instruction as usize),
            ),
            None => {
                seen.insert(name.to_ascii_lowercase(), span.line);
            }
        }
    }
    hits
}

// ---------------------------------------------------------------------------------------------
// DF018 COPY --from an unknown stage

/// How `--from` is read: a number is a stage index; a word with `/`, `:` or `@` is an image
/// reference (`nginx:1.27`, `ghcr.io/o/x`); a bare word is a stage name — or, when no earlier
/// stage has it, an image BuildKit will try to pull (`--from=alpine`), which is flagged as a
/// probable misspelling.
fn copy_from_unknown_stage(input: &Input<'_>) -> Vec<Hit> {
    let file = input.file;
    let mut hits = Vec::new();
    for (n, ins) in input.instructions() {
        let (Some(from), Some(stage), Some(flag)) = (ins.copy_from(), ins.stage, ins.flag("from"))
        else {
            continue;
        };
        if from.contains('$') || from.contains(['/', ':', '@']) {
            continue;
        }
        let message = if let Ok(index) = from.parse::<u32>() {
            if index < stage {
                continue;
            }
            match stage {
                0 => format!("`--from={index}`: there is no stage before this one"),
                _ => format!(
                    "`--from={index}`: stage {index} is not before this one (the stages before it are 0–{})",
                    stage - 1
                ),
            }
        } else if earlier_stage(file, from, stage).is_some() {
            continue;
        } else if file.stages.iter().any(|s| {
            s.name
                .as_deref()
                .is_some_and(|m| m.eq_ignore_ascii_case(from))
        }) {
            format!("`--from={from}`: that stage is defined at or after this line; a stage can only copy from earlier ones")
        } else {
            let guess = closest_stage(file, from, stage)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            format!("No stage named `{from}` before this line, so the build will look for an image `{from}`{guess}")
        };
        hits.push(Hit::new(flag.span, message).on(n));
    }
    hits
}

fn closest_stage<'a>(file: &'a Dockerfile, name: &str, before: u32) -> Option<&'a str> {
    file.stages[..(before as usize).min(file.stages.len())]
        .iter()
        .filter_map(|s| s.name.as_deref())
        .map(|s| {
            (
                edit_distance(&name.to_ascii_lowercase(), &s.to_ascii_lowercase()),
                s,
            )
        })
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, s)| s)
}

fn fix_copy_from_stage(input: &Input<'_>, hit: &Hit) -> Option<QuickFix> {
    let ins = &input.file.instructions[hit.instruction?];
    let (from, stage, flag) = (ins.copy_from()?, ins.stage?, ins.flag("from")?);
    let name = closest_stage(input.file, from, stage)?;
    let start = input.offsets.byte(flag.span.start);
    let written = input.source(flag.span);
    let eq = written.find('=')?;
    fix(
        format!("Use stage {name}"),
        vec![input.edit(start + eq + 1, start + written.len(), name)],
    )
}

// ---------------------------------------------------------------------------------------------
// DF019 secrets in ARG/ENV names

/// Whether a variable name reads like it holds a secret: one of its words (split at `_`, `-`,
/// `.` and lower→upper case changes) is a secret word, and it is not about where a secret is
/// (`SSH_KEY_PATH`) or a public part (`PUBLIC_KEY`).
fn secret_name(name: &str) -> bool {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        let boundary = matches!(c, '_' | '-' | '.') || (c.is_ascii_uppercase() && prev_lower);
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        if c.is_ascii_alphanumeric() {
            current.push(c.to_ascii_lowercase());
        }
        prev_lower = c.is_ascii_lowercase();
    }
    if !current.is_empty() {
        words.push(current);
    }
    const SECRET: &[&str] = &[
        "password",
        "passwd",
        "pwd",
        "secret",
        "token",
        "key",
        "apikey",
        "credential",
        "credentials",
        "passphrase",
    ];
    const NOT: &[&str] = &[
        "public", "pub", "file", "path", "dir", "url", "id", "name", "size", "length", "type",
        "version",
    ];
    words.iter().any(|w| SECRET.contains(&w.as_str()))
        && !words.iter().any(|w| NOT.contains(&w.as_str()))
}

fn secret_names(input: &Input<'_>) -> Vec<Hit> {
    input
        .instructions()
        .filter(|(_, i)| matches!(i.kind, Kind::Arg | Kind::Env))
        .flat_map(|(n, ins)| {
            ins.pairs.iter().filter(|p| secret_name(&p.key)).map(move |p| {
                Hit::new(
                    p.key_span,
                    format!(
                        "`{}` looks like a secret: {} values are kept in the image's history for anyone who pulls it; pass it with `RUN --mount=type=secret,id={}` instead",
                        p.key,
                        ins.kind.keyword(),
                        p.key.to_ascii_lowercase()
                    ),
                )
                .on(n)
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// DF020 large context with no .dockerignore

/// Contexts above this size without a `.dockerignore` are flagged.
pub const LARGE_CONTEXT_BYTES: f64 = 100.0 * 1024.0 * 1024.0;

fn large_context(input: &Input<'_>) -> Vec<Hit> {
    let ctx = input.context;
    match ctx.context_bytes {
        Some(bytes) if bytes >= LARGE_CONTEXT_BYTES && !ctx.has_dockerignore => {
            let span = input.file.instructions.first().map_or(
                Span {
                    line: 1,
                    end_line: 1,
                    ..Span::default()
                },
                |i| i.keyword_span,
            );
            vec![Hit::new(
                span,
                format!(
                    "The build context is at least {:.0} MB and has no .dockerignore: every build sends all of it to the engine; list what the image doesn't need (.git, node_modules, build output) in .dockerignore",
                    bytes / 1024.0 / 1024.0
                ),
            )]
        }
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// DF021 instructions before the first FROM

fn before_first_from(input: &Input<'_>) -> Vec<Hit> {
    if input.file.stages.is_empty() {
        // DF001 already says the file has no FROM.
        return Vec::new();
    }
    input
        .instructions()
        .filter(|(_, i)| i.stage.is_none() && !matches!(i.kind, Kind::Arg | Kind::Unknown))
        .map(|(n, ins)| {
            Hit::new(
                ins.keyword_span,
                format!(
                    "{} before the first FROM belongs to no stage: only ARG may come before FROM",
                    ins.kind.keyword()
                ),
            )
            .on(n)
        })
        .collect()
}
