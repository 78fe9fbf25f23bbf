//! A YAML node tree with a span on every node, built from `saphyr-parser` events: anchors and
//! aliases expanded, merge keys (`<<`) applied, and bounded (depth and node count after alias
//! expansion) so a hostile file fails fast with one `yaml-limit` error.

use tugboat_textspan::Span;

/// Deepest nesting of mappings/sequences accepted.
pub const MAX_DEPTH: usize = 64;
/// Most nodes accepted after alias expansion.
pub const MAX_NODES: usize = 250_000;

/// One node and where it is in its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// What a node holds. Scalars keep their text: their type is read on use by the YAML 1.2 core
/// rules ([`Node::as_bool`], [`Node::as_int`]…), after interpolation, as Compose does.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `plain`: written without quotes (only plain scalars can be null, bool or a number).
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    /// Keys in file order; a merge key is already applied (keys written win).
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn scalar(text: impl Into<String>, plain: bool, span: Span) -> Self {
        Node {
            value: Value::Scalar {
                text: text.into(),
                plain,
            },
            span,
        }
    }

    /// The scalar's text (any scalar, whatever its YAML type).
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value under `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// The key node for `key` in a mapping (for a span on the key).
    pub fn key(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, _)| k)
    }

    /// YAML 1.2 core null: a plain `null`/`Null`/`NULL`/`~` or an empty plain scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// YAML 1.2 core bool: only `true`/`false` (and their capitalised forms); `yes`/`on` are
    /// strings, as in YAML 1.2.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Scalar { text, plain: true } => match text.as_str() {
                "true" | "True" | "TRUE" => Some(true),
                "false" | "False" | "FALSE" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// YAML 1.2 core int: decimal, `0o` octal, `0x` hex.
    pub fn as_int(&self) -> Option<i64> {
        match &self.value {
            Value::Scalar { text, plain: true } => core_int(text),
            _ => None,
        }
    }

    /// YAML 1.2 core float (ints included).
    pub fn as_float(&self) -> Option<f64> {
        match &self.value {
            Value::Scalar { text, plain: true } => core_int(text)
                .map(|i| i as f64)
                .or_else(|| core_float(text)),
            _ => None,
        }
    }

    /// What kind of node this is, in words for messages ("a mapping", "a string").
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
            Value::Scalar { .. } if self.is_null() => "null",
            Value::Scalar { .. } if self.as_bool().is_some() => "a boolean",
            Value::Scalar { .. } if self.as_float().is_some() => "a number",
            Value::Scalar { .. } => "a string",
        }
    }
}

fn core_int(text: &str) -> Option<i64> {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let value = if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()?
    } else {
        return None;
    };
    Some(if neg { -value } else { value })
}

fn core_float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    // The core schema's float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let ok_mantissa = match frac {
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
        None => !int.is_empty() && digits(int),
    };
    let ok_exponent = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    if ok_mantissa && ok_exponent {
        text.parse().ok()
    } else {
        None
    }
}

/// Why a text is not a tree: a syntax error or a bound crossed, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// `yaml-syntax` or `yaml-limit`.
    pub rule: &'static str,
    pub message: String,
    pub span: Span,
}

/// Parses the first YAML document of `text` into a tree (an empty text is a null scalar).
pub fn parse(text: &str) -> Result<Node, YamlError> {
    Builder::new(text).run()
}

/// Char index (what saphyr's markers count) → byte position, for non-ASCII text.
struct Positions<'a> {
    offsets: Offsets<'a>,
    /// Byte of each char index, plus the text length at the end; empty for ASCII text.
    bytes: Vec<usize>,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        Positions {
            offsets: Offsets::new(text),
            bytes,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.bytes.is_empty() {
            char_index.min(self.offsets.text().len())
        } else {
            self.bytes
                .get(char_index)
                .copied()
                .unwrap_or(self.offsets.text().len())
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        self.offsets.span(self.byte(start), self.byte(end))
    }
}

use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::HashMap;
use tugboat_textspan::Offsets;

/// A collection being built.
enum Open {
    Seq {
        items: Vec<Node>,
        anchor: usize,
        start: usize,
        size: usize,
        depth: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        pending_key: Option<Node>,
        anchor: usize,
        start: usize,
        size: usize,
        depth: usize,
    },
}

/// An anchored node, with its node count and depth to bound what an alias of it adds.
struct Anchored {
    node: Node,
    size: usize,
    depth: usize,
}

struct Builder<'a> {
    positions: Positions<'a>,
    text: &'a str,
    stack: Vec<Open>,
    anchors: HashMap<usize, Anchored>,
    nodes: usize,
    root: Option<(Node, usize, usize)>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Self {
        Builder {
            positions: Positions::new(text),
            text,
            stack: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            root: None,
        }
    }

    fn limit(&self, message: String, at: usize) -> YamlError {
        YamlError {
            rule: crate::rules::YAML_LIMIT,
            message,
            span: self.positions.span(at, at + 1),
        }
    }

    fn count(&mut self, added: usize, at: usize) -> Result<(), YamlError> {
        self.nodes += added;
        if self.nodes > MAX_NODES {
            return Err(self.limit(
                format!(
                    "this file expands to more than {MAX_NODES} YAML nodes (anchors and aliases \
                     included); Tugboat stops there so a file cannot exhaust memory"
                ),
                at,
            ));
        }
        Ok(())
    }

    fn check_depth(&self, depth: usize, at: usize) -> Result<(), YamlError> {
        if depth > MAX_DEPTH {
            return Err(self.limit(
                format!(
                    "this file nests more than {MAX_DEPTH} levels deep; Tugboat reads compose \
                     files nested at most {MAX_DEPTH} levels"
                ),
                at,
            ));
        }
        Ok(())
    }

    fn run(mut self) -> Result<Node, YamlError> {
        let text = self.text;
        let mut parser = Parser::new_from_str(text);
        let mut documents = 0;
        let mut last_event = 0usize;
        while let Some(next) = parser.next_event() {
            let (event, span) = match next {
                Ok(found) => found,
                Err(e) => {
                    let at = e.marker().index();
                    // The scanner reads ahead through flow brackets (`[[[[…`) and refuses
                    // past its own depth before we see their events: brackets opened since the
                    // last event that take the nesting past ours are our limit, not a typo.
                    let from = self.positions.byte(last_event);
                    let to = self.positions.byte(at).max(from);
                    let opens = self.text[from..to]
                        .bytes()
                        .filter(|b| matches!(b, b'[' | b'{'))
                        .count();
                    self.check_depth(self.stack.len() + opens, at)?;
                    return Err(YamlError {
                        rule: crate::rules::YAML_SYNTAX,
                        message: format!("YAML syntax: {}", e.info()),
                        span: self.positions.span(at, at + 1),
                    });
                }
            };
            let (start, end) = (span.start.index(), span.end.index());
            last_event = end;
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        // Compose reads one document; later ones are ignored like here.
                        break;
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let plain = style == ScalarStyle::Plain
                        && tag.as_ref().is_none_or(|t| t.suffix != "str");
                    let node =
                        Node::scalar(value.into_owned(), plain, self.positions.span(start, end));
                    self.count(1, start)?;
                    self.finish(node, anchor, 1, 0)?;
                }
                Event::Alias(id) => {
                    let Some(anchored) = self.anchors.get(&id) else {
                        return Err(YamlError {
                            rule: crate::rules::YAML_SYNTAX,
                            message: "YAML syntax: an alias names no anchor defined before it"
                                .into(),
                            span: self.positions.span(start, end),
                        });
                    };
                    let (size, depth) = (anchored.size, anchored.depth);
                    self.check_depth(self.stack.len() + depth, start)?;
                    self.count(size, start)?;
                    let node = self.anchors.get(&id).map(|a| a.node.clone());
                    if let Some(node) = node {
                        self.finish(node, 0, size, depth)?;
                    }
                }
                Event::SequenceStart(anchor, _) => {
                    self.check_depth(self.stack.len() + 1, start)?;
                    self.count(1, start)?;
                    self.stack.push(Open::Seq {
                        items: Vec::new(),
                        anchor,
                        start,
                        size: 1,
                        depth: 0,
                    });
                }
                Event::MappingStart(anchor, _) => {
                    self.check_depth(self.stack.len() + 1, start)?;
                    self.count(1, start)?;
                    self.stack.push(Open::Map {
                        entries: Vec::new(),
                        pending_key: None,
                        anchor,
                        start,
                        size: 1,
                        depth: 0,
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(open) = self.stack.pop() else {
                        continue;
                    };
                    let closing = (end > start).then_some(end);
                    let (node, anchor, size, depth) = self.close(open, closing)?;
                    self.finish(node, anchor, size, depth + 1)?;
                }
                Event::DocumentEnd => {
                    if self.root.is_some() {
                        break;
                    }
                }
                Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
            }
            if documents > 1 {
                break;
            }
        }
        Ok(match self.root {
            Some((node, _, _)) => node,
            None => Node::scalar("", true, self.positions.span(0, 0)),
        })
    }

    /// A finished collection: its node, with merge keys applied to a mapping.
    fn close(
        &self,
        open: Open,
        closing: Option<usize>,
    ) -> Result<(Node, usize, usize, usize), YamlError> {
        match open {
            Open::Seq {
                items,
                anchor,
                start,
                size,
                depth,
            } => {
                let span = self.collection_span(start, closing, items.last().map(|n| n.span));
                Ok((
                    Node {
                        value: Value::Seq(items),
                        span,
                    },
                    anchor,
                    size,
                    depth,
                ))
            }
            Open::Map {
                entries,
                pending_key,
                anchor,
                start,
                size,
                depth,
            } => {
                let mut entries = entries;
                if let Some(key) = pending_key {
                    // `key:` with nothing after it at the end of a flow mapping: a null value.
                    let null = Node::scalar("", true, key.span);
                    entries.push((key, null));
                }
                let last = entries.last().map(|(_, v)| v.span);
                let span = self.collection_span(start, closing, last);
                let entries = merge_keys(entries)?;
                Ok((
                    Node {
                        value: Value::Map(entries),
                        span,
                    },
                    anchor,
                    size,
                    depth,
                ))
            }
        }
    }

    fn collection_span(&self, start: usize, closing: Option<usize>, last: Option<Span>) -> Span {
        let mut span = self.positions.span(start, closing.unwrap_or(start));
        if let Some(last) = last {
            if last.end > span.end {
                span.end = last.end;
                span.end_line = last.end_line;
            }
        }
        span
    }

    /// Puts a finished node in its parent (or makes it the root), registering its anchor.
    fn finish(
        &mut self,
        node: Node,
        anchor: usize,
        size: usize,
        depth: usize,
    ) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.insert(
                anchor,
                Anchored {
                    node: node.clone(),
                    size,
                    depth,
                },
            );
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some((node, size, depth));
                }
            }
            Some(Open::Seq {
                items,
                size: s,
                depth: d,
                ..
            }) => {
                items.push(node);
                *s += size;
                *d = (*d).max(depth);
            }
            Some(Open::Map {
                entries,
                pending_key,
                size: s,
                depth: d,
                ..
            }) => {
                *s += size;
                *d = (*d).max(depth);
                match pending_key.take() {
                    None => {
                        if !matches!(node.value, Value::Scalar { .. }) {
                            return Err(YamlError {
                                rule: crate::rules::YAML_SYNTAX,
                                message: "YAML: a mapping key must be plain text, not a list or \
                                          mapping"
                                    .into(),
                                span: node.span,
                            });
                        }
                        let key = node.as_str().unwrap_or_default();
                        if key != "<<" && entries.iter().any(|(k, _)| k.as_str() == Some(key)) {
                            return Err(YamlError {
                                rule: crate::rules::YAML_SYNTAX,
                                message: format!(
                                    "YAML: the key `{key}` appears twice in this mapping; keep one"
                                ),
                                span: node.span,
                            });
                        }
                        *pending_key = Some(node);
                    }
                    Some(key) => entries.push((key, node)),
                }
            }
        }
        Ok(())
    }
}

/// Applies `<<` entries: the merged mappings' keys are added where the mapping does not set
/// them itself; with a list of mappings, the earlier one wins (YAML's merge key rules).
fn merge_keys(entries: Vec<(Node, Node)>) -> Result<Vec<(Node, Node)>, YamlError> {
    if !entries.iter().any(|(k, _)| is_merge_key(k)) {
        return Ok(entries);
    }
    let mut own = Vec::with_capacity(entries.len());
    let mut sources = Vec::new();
    for (key, value) in entries {
        if is_merge_key(&key) {
            // Errors go on the `<<` key: an alias's own span is where its anchor was written.
            match value.value {
                Value::Map(map) => sources.push(map),
                Value::Seq(items) => {
                    for item in items {
                        match item.value {
                            Value::Map(map) => sources.push(map),
                            _ => return Err(not_a_mapping(key.span)),
                        }
                    }
                }
                _ => return Err(not_a_mapping(key.span)),
            }
        } else {
            own.push((key, value));
        }
    }
    for source in sources {
        for (key, value) in source {
            let name = key.as_str().unwrap_or_default();
            if !own.iter().any(|(k, _)| k.as_str() == Some(name)) {
                own.push((key, value));
            }
        }
    }
    Ok(own)
}

fn is_merge_key(key: &Node) -> bool {
    matches!(&key.value, Value::Scalar { text, plain: true } if text == "<<")
}

fn not_a_mapping(span: Span) -> YamlError {
    YamlError {
        rule: crate::rules::YAML_SYNTAX,
        message: "YAML: a merge key `<<` takes a mapping (an alias like `*defaults`) or a list \
                  of them"
            .into(),
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    fn get<'a>(node: &'a Node, path: &[&str]) -> &'a Node {
        path.iter()
            .fold(node, |n, k| n.get(k).unwrap_or_else(|| panic!("no {k}")))
    }

    #[test]
    fn spans_are_utf16_and_lines_are_one_based() {
        let text = "name: café\nservices:\n  web:\n    image: \"🐳x\"\n";
        let root = parse(text).unwrap();
        let image = get(&root, &["services", "web", "image"]);
        assert_eq!(image.as_str(), Some("🐳x"));
        assert_eq!(image.span.line, 4);
        let start = text.find('"').unwrap();
        let utf16 = text[..start].encode_utf16().count() as u32;
        assert_eq!(image.span.start, utf16);
        // The quotes and the two-unit whale are inside the span.
        assert_eq!(image.span.end - image.span.start, 5);
        let web = root.get("services").unwrap().key("web").unwrap();
        assert_eq!((web.span.line, web.span.end - web.span.start), (3, 3));
    }

    #[test]
    fn yaml_1_2_core_types() {
        let root = parse(
            "a: on\nb: yes\nc: true\nd: '1'\ne: 0x1f\nf: 1.5e3\ng: ~\nh:\ni: !!str 5\nj: 08\n",
        )
        .unwrap();
        assert_eq!(root.get("a").unwrap().as_bool(), None);
        assert_eq!(root.get("a").unwrap().kind(), "a string");
        assert_eq!(root.get("b").unwrap().as_bool(), None);
        assert_eq!(root.get("c").unwrap().as_bool(), Some(true));
        assert_eq!(root.get("d").unwrap().as_int(), None, "quoted is a string");
        assert_eq!(root.get("e").unwrap().as_int(), Some(31));
        assert_eq!(root.get("f").unwrap().as_float(), Some(1500.0));
        assert!(root.get("g").unwrap().is_null());
        assert!(root.get("h").unwrap().is_null());
        assert_eq!(
            root.get("i").unwrap().as_int(),
            None,
            "!!str makes a string"
        );
        assert_eq!(
            root.get("j").unwrap().as_int(),
            Some(8),
            "decimal, not octal, in 1.2"
        );
    }

    #[test]
    fn merge_keys_single_and_list_with_own_keys_winning() {
        let text = "\
x-a: &a {image: a, restart: always, tty: true}
x-b: &b {image: b, user: bob}
one:
  <<: *a
  image: mine
two:
  <<: [*b, *a]
";
        let root = parse(text).unwrap();
        let one = root.get("one").unwrap();
        assert_eq!(one.get("image").unwrap().as_str(), Some("mine"));
        assert_eq!(one.get("restart").unwrap().as_str(), Some("always"));
        assert!(one.get("<<").is_none());
        let two = root.get("two").unwrap();
        assert_eq!(
            two.get("image").unwrap().as_str(),
            Some("b"),
            "earlier wins"
        );
        assert_eq!(two.get("user").unwrap().as_str(), Some("bob"));
        assert_eq!(two.get("tty").unwrap().as_bool(), Some(true));
        // A merged value keeps the span of where it was written (line 1).
        assert_eq!(one.get("restart").unwrap().span.line, 1);
    }

    #[test]
    fn a_merge_of_a_scalar_is_a_syntax_error() {
        let err = parse("a: &x 1\nb:\n  <<: *x\n").unwrap_err();
        assert_eq!((err.rule, err.span.line), ("yaml-syntax", 3));
    }

    #[test]
    fn syntax_errors_name_their_line() {
        let err = parse("services:\n  web:\n    image: [a\n  db: {}\n").unwrap_err();
        assert_eq!(err.rule, "yaml-syntax");
        assert!(err.span.line >= 3, "{err:?}");
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((err.rule, err.span.line), ("yaml-syntax", 3));
        assert!(err.message.contains("`a`"), "{}", err.message);
    }

    #[test]
    fn an_alias_bomb_fails_fast_with_yaml_limit() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            writeln!(
                text,
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]"
            )
            .unwrap();
        }
        let err = parse(&text).unwrap_err();
        assert_eq!(err.rule, "yaml-limit");
        assert!(err.message.contains("250000"), "{}", err.message);
        // It stops at the line where the count crosses the bound, long before a billion.
        assert!(err.span.line <= 7, "{err:?}");
    }

    #[test]
    fn deep_nesting_fails_with_yaml_limit_and_64_levels_load() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse(&deep).unwrap_err();
        assert_eq!(err.rule, "yaml-limit");
        assert!(err.message.contains("64"));
        let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(parse(&ok).is_ok());
        let over = format!("{}{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(parse(&over).unwrap_err().rule, "yaml-limit");
        // An alias of a deep list placed deep counts the depth it brings.
        let text = format!(
            "a: &d {}{}\nb: {}*d{}\n",
            "[".repeat(40),
            "]".repeat(40),
            "[".repeat(30),
            "]".repeat(30)
        );
        assert_eq!(parse(&text).unwrap_err().rule, "yaml-limit");
    }

    #[test]
    fn a_real_alias_heavy_file_loads() {
        let mut text = String::from(
            "x-common: &common\n  restart: unless-stopped\n  environment: &env\n    TZ: UTC\n    \
             LOG: info\n  labels:\n    team: shop\n  logging:\n    driver: json-file\n    \
             options: {max-size: 10m, max-file: '3'}\nservices:\n",
        );
        for i in 0..50 {
            writeln!(
                text,
                "  svc{i}:\n    <<: *common\n    image: tugboat-fixture/busybox:1\n    \
                 environment:\n      <<: *env\n      N: '{i}'"
            )
            .unwrap();
        }
        let root = parse(&text).unwrap();
        let services = root.get("services").unwrap().as_map().unwrap();
        assert_eq!(services.len(), 50);
        let s49 = get(&root, &["services", "svc49"]);
        assert_eq!(get(s49, &["environment", "TZ"]).as_str(), Some("UTC"));
        assert_eq!(get(s49, &["environment", "N"]).as_str(), Some("49"));
        assert_eq!(
            get(s49, &["logging", "options", "max-size"]).as_str(),
            Some("10m")
        );
        assert_eq!(s49.get("restart").unwrap().as_str(), Some("unless-stopped"));
    }

    #[test]
    fn empty_text_is_null_and_only_the_first_document_counts() {
        assert!(parse("").unwrap().is_null());
        assert!(parse("# only a comment\n").unwrap().is_null());
        let root = parse("a: 1\n---\nb: 2\n").unwrap();
        assert!(root.get("a").is_some() && root.get("b").is_none());
    }
}
