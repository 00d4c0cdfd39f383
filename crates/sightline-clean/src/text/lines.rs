//! Splits flattened text into the lines the classifier judges.
//!
//! Flattened text puts one block of the page (a paragraph, a menu entry, a caption) on each
//! line, so the line is the unit of every decision. Blank lines carry no text but do carry
//! layout: scrapers usually put one between paragraphs and none between the entries of a menu,
//! so each kept line remembers whether a blank line stood before and after it.

/// One non-blank line of the page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line<'a> {
    /// The line with surrounding whitespace (including no-break spaces) trimmed.
    pub text: &'a str,
    /// True when a blank line (or the start of the page) precedes it.
    pub blank_before: bool,
    /// True when a blank line (or the end of the page) follows it.
    pub blank_after: bool,
    /// Word-like units: runs of letters or digits, with each CJK ideograph or kana counting as
    /// half a word because Chinese and Japanese write words without spaces, about two
    /// characters to a word.
    pub words: f32,
}

/// Splits `content` into its non-blank lines, in page order.
pub(crate) fn split_lines(content: &str) -> Vec<Line<'_>> {
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut blank_pending = true;
    for raw in content.lines() {
        let text = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}');
        if text.is_empty() {
            blank_pending = true;
            if let Some(last) = lines.last_mut() {
                last.blank_after = true;
            }
            continue;
        }
        lines.push(Line { text, blank_before: blank_pending, blank_after: false, words: count_words(text) });
        blank_pending = false;
    }
    if let Some(last) = lines.last_mut() {
        last.blank_after = true;
    }
    lines
}

/// True for the scripts written without spaces between words (Han, Hiragana, Katakana).
pub(crate) fn is_unspaced_script(ch: char) -> bool {
    matches!(ch as u32,
        0x3040..=0x30FF      // Hiragana and Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0xFF66..=0xFF9F) // half-width Katakana
}

/// Counts words as [`Line::words`] defines them.
pub(crate) fn count_words(text: &str) -> f32 {
    let mut words = 0.0;
    let mut in_word = false;
    for ch in text.chars() {
        if is_unspaced_script(ch) {
            words += 0.5;
            in_word = false;
        } else if ch.is_alphanumeric() {
            if !in_word {
                words += 1.0;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[(&str, bool, bool, f32)]) {
        let lines = split_lines(input);
        let actual: Vec<(&str, bool, bool, f32)> =
            lines.iter().map(|line| (line.text, line.blank_before, line.blank_after, line.words)).collect();
        assert_eq!(actual, expected, "{input:?}");
    }

    #[test]
    fn keeps_text_and_layout() {
        check("", &[]);
        check(
            "Home\nNews\n\nA blast hit Kabul.\n",
            &[
                ("Home", true, false, 1.0),
                ("News", false, true, 1.0),
                ("A blast hit Kabul.", true, true, 4.0),
            ],
        );
        check("\u{a0}April 2, 2024 \r\n", &[("April 2, 2024", true, true, 3.0)]);
        check("東京で爆発", &[("東京で爆発", true, true, 2.5)]);
        check("ISIS-K’s 2,000", &[("ISIS-K’s 2,000", true, true, 5.0)]);
    }
}
