//! Byte offsets into the text → [`Span`]s (UTF-16 offsets, 1-based lines). The parser works in
//! bytes; only here do offsets become what the editor counts.

use crate::ast::Span;

pub(crate) struct Source<'a> {
    pub text: &'a str,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    /// For text with non-ASCII characters: the UTF-16 offset of every byte offset (len + 1
    /// entries). ASCII text needs none: both counts agree.
    utf16: Option<Vec<u32>>,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let utf16 = (!text.is_ascii()).then(|| {
            let mut table = Vec::with_capacity(text.len() + 1);
            let mut units = 0u32;
            for c in text.chars() {
                for _ in 0..c.len_utf8() {
                    table.push(units);
                }
                units += c.len_utf16() as u32;
            }
            table.push(units);
            table
        });
        Source {
            text,
            line_starts,
            utf16,
        }
    }

    /// The 1-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> u32 {
        let index = self.line_starts.partition_point(|&s| s <= offset);
        index.max(1) as u32
    }

    fn units(&self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        match &self.utf16 {
            Some(table) => table[offset],
            None => offset as u32,
        }
    }

    /// The span of bytes `start..end`; its end line is the line of its last byte.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let end = end.max(start);
        let line = self.line_of(start);
        let end_line = if end > start {
            self.line_of(end - 1)
        } else {
            line
        };
        Span {
            start: self.units(start),
            end: self.units(end),
            line,
            end_line,
        }
    }
}
