//! Cutting a text into plain and marked pieces, so templates add the markup and escape every
//! piece: no HTML is ever built by gluing page text to tags.

/// A piece of a text under two layers of marks: at most one entity mention, and any number of
/// facts (an event's evidence, a quote), which may overlap each other and the mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayeredPiece<'a> {
    /// The text of the piece.
    pub text: &'a str,
    /// The mention that covers it.
    pub mention: Option<usize>,
    /// The facts that cover it, by index, ascending.
    pub facts: Vec<usize>,
    /// The facts that begin with this piece, so each gets one anchor.
    pub starts: Vec<usize>,
}

/// Cuts `text` at the char spans of `mentions` (sorted by start; one that overlaps an earlier
/// one is left unmarked rather than cut twice) and of `facts` (any order, overlaps allowed). Empty spans and spans
/// past the text are ignored; the pieces always join back into `text`.
pub fn cut_layers<'a>(
    text: &'a str,
    mentions: &[(usize, usize)],
    facts: &[(usize, usize)],
) -> Vec<LayeredPiece<'a>> {
    let boundaries: Vec<usize> = text.char_indices().map(|(byte, _)| byte).chain([text.len()]).collect();
    let to_bytes = |(start, end): (usize, usize)| {
        let (byte_start, byte_end) = (*boundaries.get(start)?, *boundaries.get(end)?);
        (byte_start < byte_end).then_some((byte_start, byte_end))
    };
    // The mentions that are marked, in bytes.
    let mut kept_mentions: Vec<(usize, usize, usize)> = Vec::new();
    let mut cursor = 0;
    for (index, &span) in mentions.iter().enumerate() {
        let Some((start, end)) = to_bytes(span) else { continue };
        if start < cursor {
            continue;
        }
        kept_mentions.push((start, end, index));
        cursor = end;
    }
    let fact_bytes: Vec<(usize, usize, usize)> = facts
        .iter()
        .enumerate()
        .filter_map(|(index, &span)| to_bytes(span).map(|(start, end)| (start, end, index)))
        .collect();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for &(start, end, _) in kept_mentions.iter().chain(&fact_bytes) {
        cuts.push(start);
        cuts.push(end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    // A sweep over the cuts: facts join the active set at their start and leave it at their end,
    // so a page with thousands of mentions and hundreds of facts costs their sum, not product.
    let mut by_start = fact_bytes;
    by_start.sort_unstable();
    let mut next_fact = 0;
    let mut active: Vec<(usize, usize)> = Vec::new();
    let mut pieces = Vec::with_capacity(cuts.len());
    let mut next_mention = 0;
    for window in cuts.windows(2) {
        let (start, end) = (window[0], window[1]);
        if start >= end {
            continue;
        }
        while next_mention < kept_mentions.len() && kept_mentions[next_mention].1 <= start {
            next_mention += 1;
        }
        let mention = kept_mentions
            .get(next_mention)
            .filter(|&&(mention_start, mention_end, _)| mention_start <= start && end <= mention_end)
            .map(|&(_, _, index)| index);
        active.retain(|&(fact_end, _)| fact_end > start);
        let mut starts = Vec::new();
        while next_fact < by_start.len() && by_start[next_fact].0 <= start {
            let (_, fact_end, index) = by_start[next_fact];
            if fact_end > start {
                active.push((fact_end, index));
                starts.push(index);
            }
            next_fact += 1;
        }
        // Cuts fall at every fact's ends, so an active fact covers the whole piece.
        let mut facts: Vec<usize> = active.iter().map(|&(_, index)| index).collect();
        facts.sort_unstable();
        starts.sort_unstable();
        pieces.push(LayeredPiece { text: &text[start..end], mention, facts, starts });
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
            cut_layers(text, spans, &[]).iter().map(|piece| (piece.text, piece.mention)).collect();
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
    fn facts_and_mentions_layer_without_losing_text() {
        let text = "“We will strike,” said Ali Khan in Kabul.";
        // The quote is chars 0..17, the event sentence 0..41, Ali Khan 23..31, Kabul 35..40.
        let pieces = cut_layers(text, &[(23, 31), (35, 40)], &[(0, 41), (0, 17)]);
        let joined: String = pieces.iter().map(|piece| piece.text).collect();
        assert_eq!(joined, text);
        type Layered<'a> = (&'a str, Option<usize>, Vec<usize>, Vec<usize>);
        let summary: Vec<Layered> =
            pieces.iter().map(|p| (p.text, p.mention, p.facts.clone(), p.starts.clone())).collect();
        assert_eq!(
            summary,
            [
                ("“We will strike,”", None, vec![0, 1], vec![0, 1]),
                (" said ", None, vec![0], vec![]),
                ("Ali Khan", Some(0), vec![0], vec![]),
                (" in ", None, vec![0], vec![]),
                ("Kabul", Some(1), vec![0], vec![]),
                (".", None, vec![0], vec![]),
            ]
        );
    }

    #[test]
    fn layers_skip_bad_spans() {
        let pieces = cut_layers("abcdef", &[(0, 3), (2, 4)], &[(4, 4), (5, 99), (1, 2)]);
        let summary: Vec<(&str, Option<usize>, Vec<usize>)> =
            pieces.iter().map(|p| (p.text, p.mention, p.facts.clone())).collect();
        assert_eq!(
            summary,
            [("a", Some(0), vec![]), ("b", Some(0), vec![2]), ("c", Some(0), vec![]), ("def", None, vec![])]
        );
        assert!(cut_layers("", &[], &[]).is_empty());
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
