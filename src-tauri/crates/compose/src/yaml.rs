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
