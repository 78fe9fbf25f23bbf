//! The small lexers BuildKit's parser uses on a logical line: whitespace words with quotes,
//! the leading `--flags`, and the JSON array of exec form. Offsets are bytes into the logical
//! line; [`Logical`] maps them back to the file.

/// An instruction with its continuation lines joined, and where each piece came from.
#[derive(Debug, Default)]
pub(crate) struct Logical {
    pub text: String,
    segs: Vec<Seg>,
}

#[derive(Debug, Clone, Copy)]
struct Seg {
    /// Offset of the piece in `Logical::text`.
    at: usize,
    /// Byte offset of the piece in the file.
    src: usize,
    len: usize,
}

impl Logical {
    pub fn push(&mut self, src: usize, piece: &str) {
        self.segs.push(Seg {
            at: self.text.len(),
            src,
            len: piece.len(),
        });
        self.text.push_str(piece);
    }

    /// The file offset of logical offset `at`, read as the start of something.
    pub fn src_start(&self, at: usize) -> usize {
        for seg in &self.segs {
            if at < seg.at + seg.len {
                return seg.src + at.saturating_sub(seg.at);
            }
        }
        self.segs.last().map_or(0, |s| s.src + s.len)
    }

    /// The file offset of logical offset `at`, read as the end of something (so an end at a
    /// piece boundary stays on the earlier line).
    pub fn src_end(&self, at: usize) -> usize {
        for seg in &self.segs {
            if at <= seg.at + seg.len {
                return seg.src + at.saturating_sub(seg.at);
            }
        }
        self.segs.last().map_or(0, |s| s.src + s.len)
    }
}

/// A word of a line: where it is, as written, and unquoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawWord {
    pub start: usize,
    pub end: usize,
    pub value: String,
}

/// Splits `text[from..to]` into words at whitespace, as BuildKit's `parseWords`: quotes keep
/// spaces inside a word, the escape character protects the next character (not inside single
/// quotes). The value drops the quotes and escape characters; variables are not expanded.
pub(crate) fn words(text: &str, from: usize, to: usize, escape: char) -> Vec<RawWord> {
    let mut out = Vec::new();
    let mut chars = text[from..to]
        .char_indices()
        .map(|(i, c)| (i + from, c))
        .peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut value = String::new();
        let mut quote: Option<char> = None;
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if quote.is_none() && c.is_whitespace() {
                break;
            }
            chars.next();
            end = i + c.len_utf8();
            match quote {
                None if c == '\'' || c == '"' => quote = Some(c),
                Some(q) if c == q => quote = None,
                Some('\'') => value.push(c),
                _ if c == escape => {
                    if let Some((j, next)) = chars.next() {
                        end = j + next.len_utf8();
                        value.push(next);
                    }
                }
                _ => value.push(c),
            }
        }
        out.push(RawWord { start, end, value });
    }
    out
}

/// Removes quotes and escape characters from a value, as the shell lexer does before use.
pub(crate) fn unquote(raw: &str, escape: char) -> String {
    let mut value = String::with_capacity(raw.len());
    let mut quote: Option<char> = None;
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match quote {
            None if c == '\'' || c == '"' => quote = Some(c),
            Some(q) if c == q => quote = None,
            Some('\'') => value.push(c),
            _ if c == escape => {
                if let Some(next) = chars.next() {
                    value.push(next);
                }
            }
            _ => value.push(c),
        }
    }
    value
}

/// A `--name[=value]` before the arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawFlag {
    pub start: usize,
    pub end: usize,
    /// Without the dashes, before any `=`, quotes removed.
    pub name: String,
    pub value: Option<String>,
}

/// Reads the `--flags` at `text[from..]` as BuildKit's `extractBuilderFlags`: words starting
/// with `--` until the first that does not (a lone `--` ends them). Returns the flags and the
/// offset where the arguments start.
pub(crate) fn flags(text: &str, from: usize) -> (Vec<RawFlag>, usize) {
    let mut out = Vec::new();
    let mut pos = from;
    loop {
        let rest = &text[pos..];
        let skipped = rest.len() - rest.trim_start().len();
        pos += skipped;
        let rest = &text[pos..];
        if !rest.starts_with("--") {
            return (out, pos);
        }
        // BuildKit's flag words always use `\` to escape, whatever the escape directive says.
        let word = words(text, pos, text.len(), '\\')
            .into_iter()
            .next()
            .unwrap_or(RawWord {
                start: pos,
                end: text.len(),
                value: String::new(),
            });
        if word.value == "--" {
            let after = &text[word.end..];
            return (out, word.end + (after.len() - after.trim_start().len()));
        }
        let body = word.value.get(2..).unwrap_or("");
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (body.to_string(), None),
        };
        out.push(RawFlag {
            start: word.start,
            end: word.end,
            name,
            value,
        });
        pos = word.end;
    }
}

/// What exec form found.
pub(crate) enum Json {
    /// Not a JSON array (shell form, as BuildKit falls back to).
    Text,
    /// A JSON array with something other than strings: BuildKit refuses it.
    NotStrings,
    /// The strings with their offsets (the quoted token in the text).
    Strings(Vec<RawWord>),
}

/// Reads `text[from..to]` as a JSON array of strings, as BuildKit's `parseJSON` (which decodes
/// the first JSON value and ignores what follows it).
pub(crate) fn json_array(text: &str, from: usize, to: usize) -> Json {
    let rest = &text[from..to];
    let lead = rest.len() - rest.trim_start().len();
    let rest = &rest[lead..];
    if !rest.starts_with('[') {
        return Json::Text;
    }
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Vec<serde_json::Value>>();
    let items = match stream.next() {
        Some(Ok(items)) => items,
        _ => return Json::Text,
    };
    let mut values = Vec::with_capacity(items.len());
    for item in items {
        match item {
            serde_json::Value::String(s) => values.push(s),
            _ => return Json::NotStrings,
        }
    }
    // serde_json gives no positions: every item is a string, so the array's string tokens in
    // order are its items. Find them by scanning the quotes.
    let base = from + lead;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(values.len());
    let mut i = 0;
    let mut values = values.into_iter();
    while i < bytes.len() && out.len() < out.capacity() {
        if bytes[i] == b'"' {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            let end = (i + 1).min(bytes.len());
            if let Some(value) = values.next() {
                out.push(RawWord {
                    start: base + start,
                    end: base + end,
                    value,
                });
            }
        }
        i += 1;
    }
    Json::Strings(out)
}

/// `--mount`'s value split at commas (double quotes keep commas, as its CSV reading does) into
/// `key[=value]` parts.
pub(crate) fn csv_parts(value: &str) -> Vec<(String, Option<String>)> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    for c in value.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
        .into_iter()
        .filter(|f| !f.trim().is_empty())
        .map(|f| match f.split_once('=') {
            Some((k, v)) => (k.trim().to_string(), Some(v.to_string())),
            None => (f.trim().to_string(), None),
        })
        .collect()
}
