//! Cutting a text into plain and marked pieces, so templates add the markup and escape every
//! piece: no HTML is ever built by gluing page text to tags.

/// A piece of a text: `mark` is the index of the span it belongs to, or `None` for plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The text of the piece.
    pub text: &'a str,
    /// The span that covers it.
    pub mark: Option<usize>,
}

/// Cuts `text` at char spans `(start, end)`, which must be sorted by start. A span that
/// overlaps an earlier one, is empty or runs past the text is left unmarked rather than cut
/// twice, so the pieces always join back into `text`.
pub fn cut<'a>(text: &'a str, spans: &[(usize, usize)]) -> Vec<Piece<'a>> {
    // Byte offset of every char boundary, the end included: char offsets become byte offsets
    // in one lookup.
    let boundaries: Vec<usize> = text.char_indices().map(|(byte, _)| byte).chain([text.len()]).collect();
    let mut pieces = Vec::with_capacity(spans.len() * 2 + 1);
    let mut cursor = 0;
    for (index, &(start, end)) in spans.iter().enumerate() {
        let (Some(&byte_start), Some(&byte_end)) = (boundaries.get(start), boundaries.get(end)) else {
            continue;
        };
        if byte_start < cursor || byte_end <= byte_start {
            continue;
        }
        if byte_start > cursor {
            pieces.push(Piece { text: &text[cursor..byte_start], mark: None });
        }
        pieces.push(Piece { text: &text[byte_start..byte_end], mark: Some(index) });
        cursor = byte_end;
    }
    if cursor < text.len() {
        pieces.push(Piece { text: &text[cursor..], mark: None });
    }
    pieces
}

/// Splits an FTS5 snippet, whose matches the store wraps in `[` `]`, into (text, is_match).
pub fn snippet_pieces(snippet: &str) -> Vec<(String, bool)> {
    let mut pieces = Vec::new();
    let mut rest = snippet;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|close| open + close) else { break };
        if open > 0 {
            pieces.push((rest[..open].to_string(), false));
        }
        pieces.push((rest[open + 1..close].to_string(), true));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push((rest.to_string(), false));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, spans: &[(usize, usize)], expected: &[(&str, Option<usize>)]) {
        let got: Vec<(&str, Option<usize>)> =
            cut(text, spans).iter().map(|piece| (piece.text, piece.mark)).collect();
        assert_eq!(got, expected, "{text:?} at {spans:?}");
    }

    #[test]
    fn spans_cut_at_char_offsets() {
        check(
            "KABUL – Joe Biden spoke.",
            &[(0, 5), (8, 17)],
            &[("KABUL", Some(0)), (" – ", None), ("Joe Biden", Some(1)), (" spoke.", None)],
        );
        check("Café Zoë", &[(5, 8)], &[("Café ", None), ("Zoë", Some(0))]);
        check("", &[], &[]);
        check("abc", &[], &[("abc", None)]);
    }

    #[test]
    fn bad_spans_stay_plain() {
        check("abcdef", &[(0, 3), (2, 4), (4, 4), (5, 99)], &[("abc", Some(0)), ("def", None)]);
    }

    #[test]
    fn snippets_split_on_brackets() {
        assert_eq!(
            snippet_pieces("a [b] c [d]"),
            [("a ".to_string(), false), ("b".into(), true), (" c ".into(), false), ("d".into(), true)]
        );
        assert_eq!(snippet_pieces("x [y"), [("x [y".to_string(), false)]);
    }
}
