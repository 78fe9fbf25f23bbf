//! The parser: text → [`Dockerfile`], following BuildKit's `frontend/dockerfile/parser`
//! (directives, escape character, continuation lines, comments, exec vs shell form, heredocs,
//! flags) and the argument checks of its `instructions` package. It never stops at an error:
//! each becomes a [`ParseError`] and parsing goes on with the next line.

mod lexer;
mod source;

use crate::ast::{
    ArgForm, Directive, Dockerfile, Flag, FlagPart, Heredoc, Instruction, InstructionKind, Pair,
    ParseError, Span, Stage, Word,
};
use lexer::{Json, Logical, RawWord};
use source::Source;

/// Parses a Dockerfile. Never fails: what BuildKit would refuse is in `errors`.
pub fn parse(text: &str) -> Dockerfile {
    Parser::new(text).run()
}

/// The directives BuildKit knows; another `# name=value` line ends the directive lines.
const DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    /// Before the `\n` (and a `\r` before it).
    end: usize,
}

struct Parser<'a> {
    text: &'a str,
    src: Source<'a>,
    lines: Vec<Line>,
    escape: char,
    errors: Vec<ParseError>,
}

fn physical_lines(text: &str) -> Vec<Line> {
    // A UTF-8 byte order mark is not part of the first line, as BuildKit drops it.
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = Vec::new();
    loop {
        let (end, next) = match text[start..].find('\n') {
            Some(i) => (start + i, Some(start + i + 1)),
            None => (text.len(), None),
        };
        let end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        lines.push(Line { start, end });
        match next {
            Some(n) => start = n,
            None => return lines,
        }
    }
}

/// The name of a flag BuildKit accepts on `kind`, and whether it needs a value.
fn known_flags(kind: InstructionKind) -> Option<&'static [(&'static str, bool)]> {
    use InstructionKind::*;
    Some(match kind {
        From => &[("platform", true)],
        Run => &[("mount", true), ("network", true), ("security", true)],
        Copy => &[
            ("from", true),
            ("chown", true),
            ("chmod", true),
            ("link", false),
            ("parents", false),
            ("exclude", true),
        ],
        Add => &[
            ("chown", true),
            ("chmod", true),
            ("link", false),
            ("checksum", true),
            ("keep-git-dir", false),
            ("exclude", true),
            ("unpack", false),
        ],
        Healthcheck => &[
            ("interval", true),
            ("timeout", true),
            ("start-period", true),
            ("start-interval", true),
            ("retries", true),
        ],
        // ONBUILD's flags belong to its trigger; an unknown keyword's are unknown too.
        Onbuild | Unknown => return None,
        _ => &[],
    })
}

/// What a `<<EOF` word says: file descriptor, `-`, delimiter, whether the body expands.
type Marker = (Option<u32>, bool, String, bool);

/// A `<<EOF` word: `^(\d*)<<(-?)([^<]*)$` as BuildKit matches it.
fn heredoc_marker(raw: &str) -> Option<Marker> {
    let digits = raw.bytes().take_while(u8::is_ascii_digit).count();
    let rest = raw[digits..].strip_prefix("<<")?;
    let (strip_tabs, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let name = lexer::unquote(rest, '\\');
    if name.is_empty() {
        return None;
    }
    let fd = raw[..digits].parse::<u32>().ok();
    Some((fd, strip_tabs, name, !rest.contains(['\'', '"'])))
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            text,
            src: Source::new(text),
            lines: physical_lines(text),
            escape: '\\',
            errors: Vec::new(),
        }
    }

    fn error(&mut self, message: impl Into<String>, span: Span) {
        self.errors.push(ParseError {
            message: message.into(),
            span,
        });
    }

    fn run(mut self) -> Dockerfile {
        let directives = self.directives();
        let mut instructions: Vec<Instruction> = Vec::new();
        let mut stages: Vec<Stage> = Vec::new();
        let mut i = 0;
        while i < self.lines.len() {
            let line = self.lines[i];
            let content = &self.text[line.start..line.end];
            let trimmed = content.trim_start();
            i += 1;
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let start = line.end - trimmed.len();
            let mut logical = Logical::default();
            let (piece, mut continued) = self.strip_continuation(trimmed);
            logical.push(start, piece);
            let mut end = start + trimmed.trim_end().len();
            // A continued instruction skips comment lines and blank lines, and joins the rest
            // as written (leading spaces kept), without the escape character.
            while continued && i < self.lines.len() {
                let next = self.lines[i];
                i += 1;
                let content = &self.text[next.start..next.end];
                let t = content.trim_start();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                let (piece, more) = self.strip_continuation(content);
                logical.push(next.start, piece);
                end = next.start + content.trim_end().len();
                continued = more;
            }
            let mut ins = self.instruction(&logical, 0);
            if let Some(heredoc_end) = self.heredocs(&logical, &mut ins, &mut i) {
                end = heredoc_end;
            }
            ins.span = self.src.span(start, end);
            if ins.kind == InstructionKind::From {
                stages.push(self.stage(&ins, stages.len(), instructions.len()));
            }
            let stage = stages.last().map(|s| s.index);
            ins.stage = stage;
            if let Some(inner) = ins.inner.as_mut() {
                inner.stage = stage;
            }
            if let Some(s) = stages.last_mut() {
                s.span.end = ins.span.end;
                s.span.end_line = ins.span.end_line;
            }
            instructions.push(ins);
        }
        Dockerfile {
            directives,
            escape: self.escape.to_string(),
            instructions,
            stages,
            errors: self.errors,
        }
    }

    /// `# name=value` lines at the top, up to the first line that is not one.
    fn directives(&mut self) -> Vec<Directive> {
        let mut out: Vec<Directive> = Vec::new();
        for index in 0..self.lines.len() {
            let line = self.lines[index];
            let content = &self.text[line.start..line.end];
            let Some(body) = content.trim_start().strip_prefix('#') else {
                break;
            };
            let body = body.trim_start();
            let name_len = body
                .char_indices()
                .take_while(|&(i, c)| c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()))
                .count();
            let name = body[..name_len].to_ascii_lowercase();
            let Some(value) = body[name_len..].trim_start().strip_prefix('=') else {
                break;
            };
            let value = value.trim();
            if value.is_empty() || !DIRECTIVES.contains(&name.as_str()) {
                break;
            }
            let span = self.src.span(line.start, line.end);
            if out.iter().any(|d| d.name == name) {
                self.error(
                    format!("only one `# {name}=` directive is allowed; remove this one"),
                    span,
                );
                continue;
            }
            if name == "escape" {
                match value {
                    "\\" => self.escape = '\\',
                    "`" => self.escape = '`',
                    other => {
                        self.error(
                            format!("the escape directive takes `\\` or `` ` ``, not `{other}`"),
                            span,
                        );
                        continue;
                    }
                }
            }
            out.push(Directive {
                name,
                value: value.to_string(),
                span,
            });
        }
        out
    }

    /// The line without a trailing escape character (and the spaces after it), and whether it
    /// had one: then the instruction goes on on the next line.
    fn strip_continuation<'t>(&self, line: &'t str) -> (&'t str, bool) {
        let trimmed = line.trim_end_matches([' ', '\t']);
        match trimmed.strip_suffix(self.escape) {
            Some(piece) => (piece, true),
            None => (line, false),
        }
    }

    fn lspan(&self, logical: &Logical, start: usize, end: usize) -> Span {
        self.src
            .span(logical.src_start(start), logical.src_end(end))
    }

    fn word(&self, logical: &Logical, w: RawWord) -> Word {
        Word {
            raw: logical.text[w.start..w.end].to_string(),
            span: self.lspan(logical, w.start, w.end),
            value: w.value,
        }
    }

    /// One instruction from `logical.text[from..]` (ONBUILD calls it again for its trigger).
    fn instruction(&mut self, logical: &Logical, from: usize) -> Instruction {
        let text = logical.text.as_str();
        let kw_end = text[from..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| from + i);
        let keyword = text[from..kw_end].to_string();
        let kind = InstructionKind::from_keyword(&keyword);
        let (raw_flags, args_start) = if kind == InstructionKind::Onbuild {
            (
                Vec::new(),
                kw_end + (text[kw_end..].len() - text[kw_end..].trim_start().len()),
            )
        } else {
            lexer::flags(text, kw_end)
        };
        let args_end = text.trim_end().len().max(args_start);
        let mut ins = Instruction {
            kind,
            keyword: keyword.clone(),
            span: self.lspan(logical, from, args_end),
            keyword_span: self.lspan(logical, from, kw_end),
            flags: Vec::new(),
            form: ArgForm::Shell,
            text: text[args_start..args_end].to_string(),
            text_span: self.lspan(logical, args_start, args_end),
            exec: Vec::new(),
            words: Vec::new(),
            pairs: Vec::new(),
            heredocs: Vec::new(),
            stage: None,
            inner: None,
        };
        self.flags(logical, &mut ins, raw_flags);
        let upper = kind.keyword();
        let empty = args_start >= args_end;
        use InstructionKind::*;
        match kind {
            Run | Cmd | Entrypoint | Shell => {
                self.command_args(logical, &mut ins, args_start, args_end);
                if empty && matches!(kind, Run | Shell) {
                    self.error(format!("{upper} needs a command"), ins.span);
                }
            }
            Copy | Add | Volume => {
                match lexer::json_array(text, args_start, args_end) {
                    Json::Strings(items) => {
                        ins.form = ArgForm::Exec;
                        ins.exec = items.into_iter().map(|w| self.word(logical, w)).collect();
                    }
                    other => {
                        if let Json::NotStrings = other {
                            self.not_strings(&ins);
                        }
                        ins.words = self.words(logical, args_start, args_end);
                    }
                }
                let count = ins.items().len();
                if kind == Volume && count == 0 {
                    self.error(
                        "VOLUME needs at least one path, e.g. `VOLUME /data`",
                        ins.span,
                    );
                } else if kind != Volume && count < 2 {
                    self.error(
                        format!("{upper} needs a source and a destination, e.g. `{upper} . /app`"),
                        ins.span,
                    );
                }
            }
            Env | Label => self.name_values(logical, &mut ins, args_start, args_end),
            Arg => {
                let raws = lexer::words(text, args_start, args_end, self.escape);
                if raws.is_empty() {
                    self.error("ARG needs a name, e.g. `ARG VERSION=1.0`", ins.span);
                }
                for w in raws {
                    let raw = &text[w.start..w.end];
                    let (key, value) = match raw.split_once('=') {
                        Some((k, v)) => (k, Some(lexer::unquote(v, self.escape))),
                        None => (raw, None),
                    };
                    let key_span = self.lspan(logical, w.start, w.start + key.len());
                    let key = lexer::unquote(key, self.escape);
                    let word = self.word(logical, w);
                    if key.is_empty() {
                        self.error("ARG needs a name before `=`", word.span);
                    }
                    ins.pairs.push(Pair {
                        key,
                        value,
                        key_span,
                        span: word.span,
                    });
                    ins.words.push(word);
                }
            }
            Healthcheck => self.healthcheck(logical, &mut ins, args_start, args_end),
            Onbuild => {
                if empty {
                    self.error(
                        "ONBUILD needs an instruction, e.g. `ONBUILD COPY . /app`",
                        ins.span,
                    );
                } else {
                    let inner = self.instruction(logical, args_start);
                    match inner.kind {
                        Onbuild => self.error("ONBUILD ONBUILD is not allowed", inner.keyword_span),
                        From | Maintainer => self.error(
                            format!("{} can't be an ONBUILD trigger", inner.kind.keyword()),
                            inner.keyword_span,
                        ),
                        _ => {}
                    }
                    ins.inner = Some(Box::new(inner));
                }
            }
            From => {
                ins.words = self.words(logical, args_start, args_end);
                self.check_from(&ins);
            }
            Expose | Workdir | User | Stopsignal | Maintainer | Unknown => {
                ins.words = self.words(logical, args_start, args_end);
                if empty && kind != Unknown {
                    self.error(format!("{upper} needs an argument"), ins.span);
                }
            }
        }
        ins
    }

    fn words(&self, logical: &Logical, start: usize, end: usize) -> Vec<Word> {
        lexer::words(&logical.text, start, end, self.escape)
            .into_iter()
            .map(|w| self.word(logical, w))
            .collect()
    }

    fn not_strings(&mut self, ins: &Instruction) {
        self.error(
            "a JSON array here must hold only strings, e.g. `[\"npm\", \"start\"]`",
            ins.text_span,
        );
    }

    fn flags(&mut self, logical: &Logical, ins: &mut Instruction, raw: Vec<lexer::RawFlag>) {
        let known = known_flags(ins.kind);
        for f in raw {
            let span = self.lspan(logical, f.start, f.end);
            if let Some(known) = known {
                match known.iter().find(|(name, _)| *name == f.name) {
                    None if known.is_empty() => self.error(
                        format!(
                            "{} takes no flags; remove `--{}`",
                            ins.kind.keyword(),
                            f.name
                        ),
                        span,
                    ),
                    None => {
                        let names: Vec<String> =
                            known.iter().map(|(n, _)| format!("--{n}")).collect();
                        self.error(
                            format!(
                                "`--{}` is not a flag of {}; it takes {}",
                                f.name,
                                ins.kind.keyword(),
                                names.join(", ")
                            ),
                            span,
                        );
                    }
                    Some((name, true)) if f.value.is_none() => {
                        self.error(format!("`--{name}` needs a value, e.g. `--{name}=…`"), span)
                    }
                    Some(_) => {}
                }
            }
            let parts = match (&f.name[..], &f.value) {
                ("mount", Some(v)) => lexer::csv_parts(v)
                    .into_iter()
                    .map(|(key, value)| FlagPart { key, value })
                    .collect(),
                _ => Vec::new(),
            };
            ins.flags.push(Flag {
                name: f.name,
                value: f.value,
                span,
                parts,
            });
        }
    }

    /// RUN/CMD/ENTRYPOINT/SHELL arguments: exec form when they are a JSON array of strings.
    fn command_args(&mut self, logical: &Logical, ins: &mut Instruction, start: usize, end: usize) {
        match lexer::json_array(&logical.text, start, end) {
            Json::Strings(items) => {
                ins.form = ArgForm::Exec;
                ins.exec = items.into_iter().map(|w| self.word(logical, w)).collect();
            }
            Json::NotStrings => self.not_strings(ins),
            Json::Text => {
                if ins.kind == InstructionKind::Shell && start < end {
                    self.error(
                        "SHELL must be a JSON array, e.g. `SHELL [\"/bin/bash\", \"-c\"]`",
                        ins.text_span,
                    );
                }
            }
        }
    }

    /// ENV/LABEL: `k=v k2=v2`, or the old `ENV k v` (one pair, the value the rest of the line).
    fn name_values(&mut self, logical: &Logical, ins: &mut Instruction, start: usize, end: usize) {
        let upper = ins.kind.keyword();
        let text = logical.text.as_str();
        ins.words = self.words(logical, start, end);
        let Some(first) = ins.words.first() else {
            self.error(
                format!("{upper} needs a name and a value, e.g. `{upper} NAME=value`"),
                ins.span,
            );
            return;
        };
        if !first.raw.contains('=') {
            let key_end = text[start..end]
                .find(char::is_whitespace)
                .map_or(end, |i| start + i);
            let value_start =
                key_end + (text[key_end..end].len() - text[key_end..end].trim_start().len());
            let key_span = self.lspan(logical, start, key_end);
            if value_start >= end {
                self.error(
                    format!(
                        "{upper} {} needs a value: write `{upper} {}=value`",
                        first.raw, first.raw
                    ),
                    ins.span,
                );
            }
            ins.pairs.push(Pair {
                key: text[start..key_end].to_string(),
                value: Some(lexer::unquote(&text[value_start..end], self.escape)),
                key_span,
                span: self.lspan(logical, start, end),
            });
            return;
        }
        for w in lexer::words(text, start, end, self.escape) {
            let raw = &text[w.start..w.end];
            let span = self.lspan(logical, w.start, w.end);
            let Some((key, value)) = raw.split_once('=') else {
                self.error(
                    format!("`{raw}` has no `=`: write each {upper} pair as name=value"),
                    span,
                );
                continue;
            };
            if key.is_empty() {
                self.error(format!("{upper} names can't be blank"), span);
            }
            ins.pairs.push(Pair {
                key: lexer::unquote(key, self.escape),
                value: Some(lexer::unquote(value, self.escape)),
                key_span: self.lspan(logical, w.start, w.start + key.len()),
                span,
            });
        }
    }

    /// HEALTHCHECK [flags] CMD <command> | NONE. The command becomes `inner` (a `cmd`).
    fn healthcheck(&mut self, logical: &Logical, ins: &mut Instruction, start: usize, end: usize) {
        let text = logical.text.as_str();
        let Some(typ) = lexer::words(text, start, end, self.escape)
            .into_iter()
            .next()
        else {
            self.error("HEALTHCHECK needs `CMD <command>` or `NONE`", ins.span);
            return;
        };
        let rest = typ.end + (text[typ.end..end].len() - text[typ.end..end].trim_start().len());
        let typ_word = self.word(logical, typ.clone());
        match typ.value.to_ascii_uppercase().as_str() {
            "NONE" => {
                if rest < end {
                    self.error(
                        "HEALTHCHECK NONE takes nothing after it",
                        self.lspan(logical, rest, end),
                    );
                }
            }
            "CMD" => {
                if rest >= end {
                    self.error("HEALTHCHECK CMD needs a command, e.g. `HEALTHCHECK CMD wget -q -O- localhost`", ins.span);
                }
                let mut inner = Instruction {
                    kind: InstructionKind::Cmd,
                    keyword: typ_word.raw.clone(),
                    span: self.lspan(logical, typ.start, end),
                    keyword_span: typ_word.span,
                    flags: Vec::new(),
                    form: ArgForm::Shell,
                    text: text[rest..end].to_string(),
                    text_span: self.lspan(logical, rest, end),
                    exec: Vec::new(),
                    words: Vec::new(),
                    pairs: Vec::new(),
                    heredocs: Vec::new(),
                    stage: None,
                    inner: None,
                };
                self.command_args(logical, &mut inner, rest, end);
                ins.inner = Some(Box::new(inner));
            }
            other => self.error(
                format!("HEALTHCHECK takes `CMD <command>` or `NONE`, not `{other}`"),
                typ_word.span,
            ),
        }
        ins.words = vec![typ_word];
    }

    fn check_from(&mut self, ins: &Instruction) {
        let words = &ins.words;
        match words.len() {
            1 => {}
            3 if words[1].value.eq_ignore_ascii_case("as") => {
                let name = words[2].value.to_ascii_lowercase();
                let mut chars = name.chars();
                let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
                    && chars
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
                if !ok {
                    self.error(
                        format!(
                            "stage name `{}` must start with a letter and hold only letters, digits, `-`, `_` and `.`",
                            words[2].raw
                        ),
                        words[2].span,
                    );
                }
            }
            3 => self.error(
                format!(
                    "FROM expects `AS` before the stage name, not `{}`",
                    words[1].raw
                ),
                words[1].span,
            ),
            _ => self.error(
                "FROM takes an image and optionally `AS name`, e.g. `FROM alpine:3.20 AS build`",
                ins.span,
            ),
        }
    }

    fn stage(&self, from: &Instruction, index: usize, instruction: usize) -> Stage {
        let base = from.words.first();
        let name = from.stage_name();
        Stage {
            index: index as u32,
            name: name.map(|w| w.value.clone()),
            name_span: name.map(|w| w.span),
            base: base.map(|w| w.value.clone()).unwrap_or_default(),
            base_span: base.map_or(from.keyword_span, |w| w.span),
            platform: from.from_platform().map(str::to_string),
            instruction: instruction as u32,
            span: from.span,
        }
    }

    /// Reads the heredoc bodies that follow a RUN/COPY/ADD line (or ONBUILD's trigger) from line
    /// `*next` on, moving `*next` past them. Returns where the last one ends.
    fn heredocs(
        &mut self,
        logical: &Logical,
        ins: &mut Instruction,
        next: &mut usize,
    ) -> Option<usize> {
        let target = match ins.inner.as_deref_mut() {
            Some(inner) if ins.kind == InstructionKind::Onbuild => inner,
            _ => ins,
        };
        let can = matches!(
            target.kind,
            InstructionKind::Run | InstructionKind::Copy | InstructionKind::Add
        ) && target.form == ArgForm::Shell
            && target.text.contains("<<");
        if !can {
            return None;
        }
        // BuildKit finds the markers among the line's words, always escaping with `\`.
        let text = logical.text.as_str();
        let start = text.len() - target.text.len() - (text.len() - text.trim_end().len());
        let markers: Vec<(RawWord, Marker)> =
            lexer::words(text, start, text.trim_end().len(), '\\')
                .into_iter()
                .filter_map(|w| heredoc_marker(&text[w.start..w.end]).map(|m| (w, m)))
                .collect();
        let mut last_end = None;
        for (w, (fd, strip_tabs, name, expand)) in markers {
            let marker_span = self.lspan(logical, w.start, w.end);
            let body_start = self.lines.get(*next).map_or(self.text.len(), |l| l.start);
            let mut body_end = body_start;
            let mut content = String::new();
            let mut closed = false;
            while let Some(line) = self.lines.get(*next).copied() {
                *next += 1;
                let c = &self.text[line.start..line.end];
                body_end = line.end;
                let candidate = if strip_tabs {
                    c.trim_start_matches('\t')
                } else {
                    c
                };
                if candidate == name {
                    closed = true;
                    break;
                }
                content.push_str(c);
                content.push('\n');
            }
            if !closed {
                self.error(
                    format!("heredoc `{name}` is never closed: add a line with just `{name}`"),
                    marker_span,
                );
            }
            last_end = Some(body_end);
            target.heredocs.push(Heredoc {
                name,
                fd,
                strip_tabs,
                expand,
                content,
                marker_span,
                span: self.src.span(body_start, body_end),
            });
        }
        last_end
    }
}
