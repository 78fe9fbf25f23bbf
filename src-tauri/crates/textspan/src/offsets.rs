//! Between the editor's UTF-16 offsets (spans, quick-fix edits) and byte positions in the Rust
//! string the rules slice.

/// Converts offsets for one text. ASCII text (most Dockerfiles) maps one to one; other text
/// keeps a table of the non-ASCII characters only, so the cost grows with those, not the length.
pub struct Offsets<'a> {
    text: &'a str,
    /// `(byte, utf16)` at the start of each non-ASCII character, in order.
    wide: Vec<(usize, u32)>,
    /// Byte position where each line starts.
    lines: Vec<usize>,
}

impl<'a> Offsets<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut wide = Vec::new();
        if !text.is_ascii() {
            let mut utf16 = 0u32;
            for (byte, c) in text.char_indices() {
                if !c.is_ascii() {
                    wide.push((byte, utf16));
                }
                utf16 += c.len_utf16() as u32;
            }
        }
        let lines = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, wide, lines }
    }

    /// The 1-based line a byte position is on.
    pub fn line(&self, byte: usize) -> u32 {
        self.lines.partition_point(|&start| start <= byte) as u32
    }

    /// The byte just past the end of the line holding `byte` (past its `\n`, or the text end).
    pub fn line_end(&self, byte: usize) -> usize {
        let line = self.line(byte) as usize;
        self.lines.get(line).copied().unwrap_or(self.text.len())
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The byte position of a UTF-16 offset (clamped to the text; inside a character, its start).
    pub fn byte(&self, utf16: u32) -> usize {
        // The last non-ASCII character starting at or before the offset.
        let i = self.wide.partition_point(|&(_, u)| u <= utf16);
        let byte = match i.checked_sub(1).map(|i| self.wide[i]) {
            None => utf16 as usize,
            Some((b, u)) => {
                let c = self.text[b..].chars().next().map_or(1, char::len_utf16) as u32;
                if utf16 < u + c {
                    b
                } else {
                    let len = self.text[b..].chars().next().map_or(1, char::len_utf8);
                    b + len + (utf16 - u - c) as usize
                }
            }
        };
        byte.min(self.text.len())
    }

    /// The UTF-16 offset of a byte position.
    pub fn utf16(&self, byte: usize) -> u32 {
        let i = self.wide.partition_point(|&(b, _)| b < byte);
        match i.checked_sub(1).map(|i| self.wide[i]) {
            None => byte as u32,
            Some((b, u)) => {
                let c = self.text[b..].chars().next();
                let (l8, l16) = c.map_or((1, 1), |c| (c.len_utf8(), c.len_utf16()));
                u + l16 as u32 + (byte - b - l8) as u32
            }
        }
    }

    /// The span of a byte range (`end` exclusive; an empty range is on `start`'s line).
    pub fn span(&self, start: usize, end: usize) -> crate::Span {
        crate::Span {
            start: self.utf16(start),
            end: self.utf16(end),
            line: self.line(start),
            end_line: self.line(end.saturating_sub(1).max(start)),
        }
    }

    /// The text between two UTF-16 offsets.
    pub fn slice(&self, start: u32, end: u32) -> &'a str {
        let (s, e) = (self.byte(start), self.byte(end));
        self.text.get(s..e.max(s)).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_one_to_one() {
        let o = Offsets::new("FROM x");
        assert_eq!((o.byte(5), o.utf16(5)), (5, 5));
        assert_eq!(o.slice(0, 4), "FROM");
    }

    #[test]
    fn wide_characters_shift_positions_both_ways() {
        // é is 2 bytes / 1 unit; 🐳 is 4 bytes / 2 units.
        let text = "LABEL a=é 🐳 b";
        let o = Offsets::new(text);
        let b = text.find('b').unwrap_or(0);
        let u = text[..b].encode_utf16().count() as u32;
        assert_eq!(o.utf16(b), u);
        assert_eq!(o.byte(u), b);
        let whale = text.find('🐳').unwrap_or(0);
        let wu = o.utf16(whale);
        assert_eq!(o.slice(wu, wu + 2), "🐳");
        for (byte, _) in text.char_indices() {
            assert_eq!(o.byte(o.utf16(byte)), byte);
        }
    }
}
