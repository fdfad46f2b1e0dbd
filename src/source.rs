//! Source text, byte spans, and the mapping from byte offsets to lines and columns.

use serde::Serialize;

/// A half-open byte range `[start, end)` into a source text. Offsets are 32-bit (inputs are
/// read only below 4 GiB, see [`MAX_INPUT_LEN`]), which keeps every syntax-tree record small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, PartialOrd, Ord)]
pub struct Span {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (both below [`MAX_INPUT_LEN`]).
    #[inline]
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= MAX_INPUT_LEN && end <= MAX_INPUT_LEN);
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The span moved `by` bytes later (a diagram's span in its document).
    pub fn shifted(self, by: usize) -> Span {
        Span::new(self.start as usize + by, self.end as usize + by)
    }

    /// The range of bytes covered, for slicing the text.
    #[inline]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Number of bytes covered.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// The largest input read, in bytes: every offset of a [`Span`] fits in 32 bits.
pub const MAX_INPUT_LEN: usize = u32::MAX as usize;

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

/// Start offsets of every line of a text, for turning byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text` (a line ends at `\n`).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The byte range of 0-based line `line`, without its line terminator.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(text.len(), |&s| s - 1);
        let end = if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        Span::new(start, end.max(start))
    }

    /// Line and column (1-based, column in characters) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let column = text[self.starts[line]..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }
}

/// The largest char boundary of `text` not after `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "graph TD\n  가나 --> B\nC";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        let b = text.find('B').unwrap();
        assert_eq!(
            idx.line_col(text, b),
            LineCol {
                line: 2,
                column: 10
            }
        );
        assert_eq!(
            idx.line_col(text, text.len()),
            LineCol { line: 3, column: 2 }
        );
    }

    #[test]
    fn line_span_excludes_terminator() {
        let text = "a\r\nbc\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_span(text, 0), Span::new(0, 1));
        assert_eq!(idx.line_span(text, 1), Span::new(3, 5));
        assert_eq!(idx.line_span(text, 2), Span::new(6, 6));
    }
}

/// One text replacement: the bytes of `span` become `replacement` (an insertion when the span
/// is empty).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    /// What is replaced, in the same coordinates as the finding's span.
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

/// A fix of a finding: edits that together make the change, and whether it is certain
/// (`check --fix` applies safe fixes; the others only with `--unsafe-fixes`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    /// What the fix does, in a few words.
    pub message: String,
    /// The edits, in text order, not overlapping.
    pub edits: Vec<Edit>,
    /// Whether applying it is certain to do what the author meant.
    pub safe: bool,
}
