//! The `$NAME` / `${NAME}` references the builder itself expands (in FROM, COPY, ENV, WORKDIR…),
//! found the way BuildKit's word expansion sees them: the escape character makes a `$` literal,
//! and single quotes keep their content literal.

/// A variable reference in a word of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarRef {
    pub name: String,
    /// Byte range of the whole reference (`${NAME:-x}`) in the text given to [`references`].
    pub start: usize,
    pub end: usize,
    /// `${NAME:-x}`, `${NAME-x}`, `${NAME:+x}`, `${NAME+x}`: the author handled "not set".
    pub handles_unset: bool,
}

/// Every reference in `text`, in order.
pub fn references(text: &str, escape: char) -> Vec<VarRef> {
    let mut out = Vec::new();
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let mut in_single = false;
    while i < bytes.len() {
        let (pos, c) = bytes[i];
        if c == escape {
            i += 2;
            continue;
        }
        if c == '\'' {
            in_single = !in_single;
            i += 1;
            continue;
        }
        if c != '$' || in_single {
            i += 1;
            continue;
        }
        let name_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
        match bytes.get(i + 1) {
            Some((_, '{')) => {
                let mut j = i + 2;
                while j < bytes.len() && name_char(bytes[j].1) {
                    j += 1;
                }
                let name: String = bytes[i + 2..j].iter().map(|(_, c)| *c).collect();
                // Find the closing brace (a default may itself hold `${…}`; count depth).
                let mut depth = 1;
                let mut k = j;
                while k < bytes.len() && depth > 0 {
                    match bytes[k].1 {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    k += 1;
                }
                let modifier = bytes.get(j).map(|(_, c)| *c);
                let handles_unset = matches!(modifier, Some(':' | '-' | '+'));
                if !name.is_empty() && depth == 0 {
                    let end = bytes.get(k).map_or(text.len(), |(p, _)| *p);
                    out.push(VarRef {
                        name,
                        start: pos,
                        end,
                        handles_unset,
                    });
                    // Look inside the default too: `${A:-$B}` uses B.
                    i = j;
                    continue;
                }
                i = j.max(i + 1);
            }
            Some((_, c)) if c.is_ascii_alphabetic() || *c == '_' => {
                let mut j = i + 1;
                while j < bytes.len() && name_char(bytes[j].1) {
                    j += 1;
                }
                let name: String = bytes[i + 1..j].iter().map(|(_, c)| *c).collect();
                let end = bytes.get(j).map_or(text.len(), |(p, _)| *p);
                out.push(VarRef {
                    name,
                    start: pos,
                    end,
                    handles_unset: false,
                });
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, bool)> {
        references(text, '\\')
            .into_iter()
            .map(|r| (r.name, r.handles_unset))
            .collect()
    }

    #[test]
    fn finds_both_spellings_with_positions() {
        let text = "/app/$DIR/${FILE}.txt";
        let refs = references(text, '\\');
        assert_eq!(refs.len(), 2);
        assert_eq!(&text[refs[0].start..refs[0].end], "$DIR");
        assert_eq!(&text[refs[1].start..refs[1].end], "${FILE}");
    }

    #[test]
    fn defaults_mark_unset_as_handled_and_are_searched() {
        assert_eq!(
            names("${A:-x} ${B-$C} ${D:+y}"),
            [
                ("A".into(), true),
                ("B".into(), true),
                ("C".into(), false),
                ("D".into(), true)
            ]
        );
    }

    #[test]
    fn escaped_and_single_quoted_dollars_are_literal() {
        assert!(names(r"\$HOME '$X' $").is_empty());
        assert_eq!(names("`$A $B").len(), 2);
        assert_eq!(references("`$A $B", '`').len(), 1);
    }
}
