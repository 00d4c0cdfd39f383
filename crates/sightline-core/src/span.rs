//! Character spans and the one byte-to-char conversion.

/// A half-open range `[start, end)` of Unicode scalar (char) offsets into a document's clean
/// text. `start <= end` always holds: the constructor refuses anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CharSpan {
    start: usize,
    end: usize,
}

impl CharSpan {
    /// A span, or `None` when `start > end`.
    pub fn new(start: usize, end: usize) -> Option<CharSpan> {
        (start <= end).then_some(CharSpan { start, end })
    }

    /// First char of the span.
    pub fn start(self) -> usize {
        self.start
    }

    /// One past the last char of the span.
    pub fn end(self) -> usize {
        self.end
    }

    /// Number of chars covered.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// Converts byte offsets of one text into char offsets.
///
/// Stages slice text by bytes (free in Rust); the output contract speaks chars. Building the
/// index costs one pass over the text; each lookup is a binary search over the positions of
/// multi-byte chars, so ASCII-heavy news text keeps the index tiny.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// Byte offset of every char that is wider than one byte, with the number of extra bytes
    /// seen up to and including it.
    wide_chars: Vec<(usize, usize)>,
    byte_len: usize,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut wide_chars = Vec::new();
        let mut extra_bytes = 0;
        for (byte_offset, ch) in text.char_indices() {
            let width = ch.len_utf8();
            if width > 1 {
                extra_bytes += width - 1;
                wide_chars.push((byte_offset, extra_bytes));
            }
        }
        CharIndex { wide_chars, byte_len: text.len() }
    }

    /// The char offset of `byte_offset`, or `None` if it is past the end of the text or inside
    /// a multi-byte char (not a boundary any stage should produce).
    pub fn char_offset(&self, byte_offset: usize) -> Option<usize> {
        if byte_offset > self.byte_len {
            return None;
        }
        let wide_before = self.wide_chars.partition_point(|&(offset, _)| offset < byte_offset);
        let Some(last_wide) = wide_before.checked_sub(1) else {
            return Some(byte_offset);
        };
        let (offset, extra_through_last) = self.wide_chars[last_wide];
        let extra_before_last = last_wide.checked_sub(1).map_or(0, |i| self.wide_chars[i].1);
        let last_width = extra_through_last - extra_before_last + 1;
        if byte_offset < offset + last_width {
            return None;
        }
        let extra_before = extra_through_last;
        Some(byte_offset - extra_before)
    }

    /// The char span of the byte range `[byte_start, byte_end)`.
    pub fn char_span(&self, byte_start: usize, byte_end: usize) -> Option<CharSpan> {
        CharSpan::new(self.char_offset(byte_start)?, self.char_offset(byte_end)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) {
        let index = CharIndex::new(text);
        for (char_offset, (byte_offset, ch)) in text.char_indices().enumerate() {
            assert_eq!(index.char_offset(byte_offset), Some(char_offset), "{text:?} at {byte_offset}");
            for inside in 1..ch.len_utf8() {
                assert_eq!(index.char_offset(byte_offset + inside), None);
            }
        }
        assert_eq!(index.char_offset(text.len()), Some(text.chars().count()));
        assert_eq!(index.char_offset(text.len() + 1), None);
    }

    #[test]
    fn converts_ascii_and_wide_text() {
        check("");
        check("plain ascii");
        check("KABUL – “Daesh” fighters 🚩 killed");
        check("Кабул и Москва");
        check("–––");
    }

    #[test]
    fn span_refuses_reversed_ranges() {
        assert!(CharSpan::new(3, 2).is_none());
        assert_eq!(CharSpan::new(2, 5).map(CharSpan::len), Some(3));
    }
}
