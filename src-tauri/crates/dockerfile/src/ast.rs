//! The parsed Dockerfile: instructions, stages, directives and errors, each with its [`Span`].
//! These types cross the IPC (camelCase); the linter, the build and the layer view read them.

use serde::{Deserialize, Serialize};

/// Where a node is in the text (moved to `tugboat-textspan`, shared with Compose).
pub use tugboat_textspan::Span;

/// A whole Dockerfile as BuildKit reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dockerfile {
    /// `# syntax=…`, `# escape=…`, `# check=…` lines at the very top.
    pub directives: Vec<Directive>,
    /// The escape character in effect: `\` unless `# escape=` chose `` ` ``.
    pub escape: String,
    /// Every instruction in file order (ONBUILD's trigger is nested in its ONBUILD).
    pub instructions: Vec<Instruction>,
    /// One per FROM, in order.
    pub stages: Vec<Stage>,
    /// What BuildKit would refuse, collected instead of stopping at the first.
    pub errors: Vec<ParseError>,
}

/// A parser directive such as `# escape=\``.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Directive {
    /// Lowercase name: `syntax`, `escape` or `check`.
    pub name: String,
    pub value: String,
    pub span: Span,
}

/// Something the builder would refuse, in plain words, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ParseError {
    pub message: String,
    pub span: Span,
}

/// A build stage: a FROM and what follows it up to the next FROM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Stage {
    /// 0-based, the number `COPY --from=0` uses.
    pub index: u32,
    /// The `AS` name as written (BuildKit compares stage names case-insensitively).
    pub name: Option<String>,
    pub name_span: Option<Span>,
    /// The image (or earlier stage) it starts from, as written, e.g. `golang:1.22 `.
    pub base: String,
    pub base_span: Span,
    /// `--platform` of the FROM, if any.
    pub platform: Option<String>,
    /// Index in [`Dockerfile::instructions`] of its FROM.
    pub instruction: u32,
    /// From the FROM to the end of the stage's last instruction.
    pub span: Span,
}

/// Which instruction a line is. `Unknown` keeps a line whose keyword BuildKit does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum InstructionKind {
    From,
    Arg,
    Label,
    Run,
    Cmd,
    Entrypoint,
    Expose,
    Env,
    Add,
    Copy,
    Volume,
    Workdir,
    User,
    Healthcheck,
    Shell,
    Stopsignal,
    Onbuild,
    Maintainer,
    Unknown,
}

/// How the arguments were written: a JSON array (exec form) or plain text (shell form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ArgForm {
    Exec,
    Shell,
}

/// One instruction, continuation lines joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Instruction {
    pub kind: InstructionKind,
    /// The keyword as written (`run`, `Run`, `RUN`).
    pub keyword: String,
    /// The whole instruction: keyword to the end of its last continuation line, and through the
    /// last heredoc's closing delimiter.
    pub span: Span,
    pub keyword_span: Span,
    /// `--name[=value]` options before the arguments.
    pub flags: Vec<Flag>,
    /// `exec` when the arguments are a JSON array of strings; `shell` otherwise (BuildKit reads
    /// text that is not valid JSON as shell form).
    pub form: ArgForm,
    /// The arguments after the flags, continuation lines joined (escape + newline removed,
    /// comment lines inside dropped), trimmed.
    pub text: String,
    pub text_span: Span,
    /// The exec-form items, decoded; empty in shell form.
    pub exec: Vec<Word>,
    /// The shell-form text split into words (quotes respected, `value` unquoted); empty in
    /// exec form, and for RUN, CMD, ENTRYPOINT and SHELL (their text goes to a shell as is).
    /// HEALTHCHECK: just its `CMD`/`NONE` word.
    pub words: Vec<Word>,
    /// ENV and LABEL `key=value` pairs (also the old `ENV key value` form), ARG `name[=default]`.
    pub pairs: Vec<Pair>,
    /// `<<EOF` documents of RUN, COPY and ADD, in order.
    pub heredocs: Vec<Heredoc>,
    /// The stage this instruction belongs to; `None` before the first FROM.
    pub stage: Option<u32>,
    /// ONBUILD's trigger instruction, and HEALTHCHECK's `CMD` (as a `cmd` instruction).
    pub inner: Option<Box<Instruction>>,
}

/// A word of the arguments: as written and with quotes and escapes removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Word {
    pub raw: String,
    pub value: String,
    pub span: Span,
}

/// `key=value` (or ARG's bare `name`), the value with quotes removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Pair {
    pub key: String,
    pub value: Option<String>,
    pub key_span: Span,
    pub span: Span,
}

/// `--name=value` or `--name` before the arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Flag {
    /// Without the dashes: `from`, `mount`, `chown`…
    pub name: String,
    pub value: Option<String>,
    pub span: Span,
    /// `--mount`'s comma-separated `key=value` parts (`type=cache`, `target=/root/.cache`);
    /// empty for other flags.
    pub parts: Vec<FlagPart>,
}

/// One `key[=value]` part of a `--mount`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlagPart {
    pub key: String,
    pub value: Option<String>,
}

/// A here-document: `<<EOF` on the instruction line and the lines up to `EOF`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Heredoc {
    /// The delimiter, quotes removed.
    pub name: String,
    /// `3<<EOF` gives 3; `None` without a number.
    pub fd: Option<u32>,
    /// `<<-EOF`: leading tabs are removed from the lines and the delimiter.
    pub strip_tabs: bool,
    /// False when the delimiter was quoted (`<<"EOF"`): `$VAR` in the body stays as written.
    pub expand: bool,
    /// The body as written, each line ending in `\n`, without the closing delimiter.
    pub content: String,
    /// The `<<EOF` word on the instruction line.
    pub marker_span: Span,
    /// The body and its closing delimiter line.
    pub span: Span,
}

/// What RUN, CMD or ENTRYPOINT (or SHELL) asks for, in the form it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandArgs {
    /// JSON array: run as is.
    Exec(Vec<String>),
    /// Text: wrapped in the SHELL in effect.
    Shell(String),
}

impl Dockerfile {
    /// The stage named `name` (case-insensitively, as BuildKit compares) or numbered `name`.
    pub fn stage_named(&self, name: &str) -> Option<&Stage> {
        if let Ok(index) = name.parse::<u32>() {
            return self.stages.get(index as usize);
        }
        self.stages.iter().find(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }

    /// The instructions of one stage (its FROM first), top level only.
    pub fn stage_instructions(&self, index: u32) -> impl Iterator<Item = &Instruction> {
        self.instructions
            .iter()
            .filter(move |i| i.stage == Some(index))
    }
}

impl Instruction {
    /// The flag `--name`, the last one when given twice.
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().rev().find(|f| f.name == name)
    }

    /// The value of `--name=value`.
    pub fn flag_value(&self, name: &str) -> Option<&str> {
        self.flag(name).and_then(|f| f.value.as_deref())
    }

    /// The arguments as a list: the exec items, or the shell-form words.
    pub fn items(&self) -> &[Word] {
        match self.form {
            ArgForm::Exec => &self.exec,
            ArgForm::Shell => &self.words,
        }
    }

    /// FROM: the base image (or stage) word.
    pub fn from_image(&self) -> Option<&Word> {
        (self.kind == InstructionKind::From)
            .then(|| self.words.first())
            .flatten()
    }

    /// FROM: `--platform`.
    pub fn from_platform(&self) -> Option<&str> {
        (self.kind == InstructionKind::From)
            .then(|| self.flag_value("platform"))
            .flatten()
    }

    /// FROM: the `AS name` word.
    pub fn stage_name(&self) -> Option<&Word> {
        if self.kind != InstructionKind::From || self.words.len() != 3 {
            return None;
        }
        self.words[1]
            .value
            .eq_ignore_ascii_case("as")
            .then(|| &self.words[2])
    }

    /// ARG: the `name[=default]` declarations.
    pub fn arg_defs(&self) -> &[Pair] {
        match self.kind {
            InstructionKind::Arg => &self.pairs,
            _ => &[],
        }
    }

    /// ENV: the pairs set.
    pub fn env_pairs(&self) -> &[Pair] {
        match self.kind {
            InstructionKind::Env => &self.pairs,
            _ => &[],
        }
    }

    /// EXPOSE: the `port[/proto]` words as written.
    pub fn expose_ports(&self) -> &[Word] {
        match self.kind {
            InstructionKind::Expose => &self.words,
            _ => &[],
        }
    }

    /// COPY/ADD: every item but the last (the sources; `<<EOF` markers included).
    pub fn copy_sources(&self) -> &[Word] {
        match self.kind {
            InstructionKind::Copy | InstructionKind::Add => {
                let items = self.items();
                &items[..items.len().saturating_sub(1)]
            }
            _ => &[],
        }
    }

    /// COPY/ADD: the destination (the last item), when there are at least two.
    pub fn copy_dest(&self) -> Option<&Word> {
        match self.kind {
            InstructionKind::Copy | InstructionKind::Add if self.items().len() >= 2 => {
                self.items().last()
            }
            _ => None,
        }
    }

    /// COPY/ADD: `--from=stage|image`.
    pub fn copy_from(&self) -> Option<&str> {
        match self.kind {
            InstructionKind::Copy | InstructionKind::Add => self.flag_value("from"),
            _ => None,
        }
    }

    /// WORKDIR: the path as written.
    pub fn workdir_path(&self) -> Option<&str> {
        (self.kind == InstructionKind::Workdir && !self.text.is_empty())
            .then_some(self.text.as_str())
    }

    /// USER: `user[:group]` as written.
    pub fn user(&self) -> Option<&str> {
        (self.kind == InstructionKind::User && !self.text.is_empty()).then_some(self.text.as_str())
    }

    /// RUN, CMD, ENTRYPOINT, SHELL: the command in its form; `None` for other kinds or no text.
    pub fn command(&self) -> Option<CommandArgs> {
        match self.kind {
            InstructionKind::Run
            | InstructionKind::Cmd
            | InstructionKind::Entrypoint
            | InstructionKind::Shell => match self.form {
                ArgForm::Exec => Some(CommandArgs::Exec(
                    self.exec.iter().map(|w| w.value.clone()).collect(),
                )),
                ArgForm::Shell if self.text.is_empty() => None,
                ArgForm::Shell => Some(CommandArgs::Shell(self.text.clone())),
            },
            _ => None,
        }
    }
}

impl InstructionKind {
    /// Every instruction Docker knows, in the order its reference lists them (`Unknown` left
    /// out): the one list the linter's "did you mean" and the history reader walk.
    pub const KNOWN: [InstructionKind; 18] = {
        use InstructionKind::*;
        [
            From,
            Arg,
            Label,
            Run,
            Cmd,
            Entrypoint,
            Expose,
            Env,
            Add,
            Copy,
            Volume,
            Workdir,
            User,
            Healthcheck,
            Shell,
            Stopsignal,
            Onbuild,
            Maintainer,
        ]
    };

    /// The kind for a keyword, in any case; `Unknown` for others.
    pub fn from_keyword(keyword: &str) -> Self {
        Self::KNOWN
            .into_iter()
            .find(|k| k.keyword().eq_ignore_ascii_case(keyword))
            .unwrap_or(InstructionKind::Unknown)
    }

    /// The keyword in capitals, as the docs write it (`UNKNOWN` for `Unknown`).
    pub fn keyword(self) -> &'static str {
        use InstructionKind::*;
        match self {
            From => "FROM",
            Arg => "ARG",
            Label => "LABEL",
            Run => "RUN",
            Cmd => "CMD",
            Entrypoint => "ENTRYPOINT",
            Expose => "EXPOSE",
            Env => "ENV",
            Add => "ADD",
            Copy => "COPY",
            Volume => "VOLUME",
            Workdir => "WORKDIR",
            User => "USER",
            Healthcheck => "HEALTHCHECK",
            Shell => "SHELL",
            Stopsignal => "STOPSIGNAL",
            Onbuild => "ONBUILD",
            Maintainer => "MAINTAINER",
            Unknown => "UNKNOWN",
        }
    }
}

impl Dockerfile {
    /// Every span in the tree (instructions and their parts, nested ones too, stages, errors,
    /// directives): what the property tests and the fuzz target check lie inside the text.
    pub fn all_spans(&self) -> Vec<Span> {
        let mut out = Vec::new();
        for d in &self.directives {
            out.push(d.span);
        }
        for e in &self.errors {
            out.push(e.span);
        }
        for s in &self.stages {
            out.extend([s.span, s.base_span]);
            out.extend(s.name_span);
        }
        for i in &self.instructions {
            i.collect_spans(&mut out);
        }
        out
    }
}

impl Instruction {
    fn collect_spans(&self, out: &mut Vec<Span>) {
        out.extend([self.span, self.keyword_span, self.text_span]);
        out.extend(self.flags.iter().map(|f| f.span));
        out.extend(self.exec.iter().chain(&self.words).map(|w| w.span));
        out.extend(self.pairs.iter().flat_map(|p| [p.key_span, p.span]));
        out.extend(self.heredocs.iter().flat_map(|h| [h.marker_span, h.span]));
        if let Some(inner) = &self.inner {
            inner.collect_spans(out);
        }
    }
}
