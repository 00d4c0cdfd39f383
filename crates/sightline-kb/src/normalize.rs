//! Alias normalisation: the one function that decides when two spellings are the same key.
//!
//! Rules, each true of how news text spells names: case and diacritics do not matter
//! ("KERMĀN" = "Kerman"); `_`, hyphens, slashes and other punctuation separate words
//! ("IS-KP" = "IS KP", "AL_QAEDA" = "al qaeda"); full stops and apostrophes inside a name vanish
//! ("U.S." = "US", "Jama'at" = "Jamaat"); a possessive `'s` is dropped ("ISKP's" = "ISKP"); a
//! leading "the" is dropped. Hyphens are *not* deleted, so "IS-KP" and "ISKP" stay two keys: a
//! rule that glued letters together would also glue "al-Qaeda" into "alqaeda" and make short
//! acronyms collide, so such variants are listed as aliases instead.

use unicode_normalization::UnicodeNormalization;

/// Normalises one name or mention to its lookup key (see the module docs for the rules).
pub fn normalize_alias(text: &str) -> String {
    let mapped = NormalizedText::build(text, false);
    let key = mapped.text.trim();
    key.strip_prefix("the ").unwrap_or(key).to_string()
}

/// A text normalised by the rules of [`normalize_alias`], with the original byte span of every
/// normalised byte, so that a match in the normalised text maps back to the page.
pub(crate) struct NormalizedText {
    /// The normalised text: lowercase, single spaces between words.
    pub(crate) text: String,
    /// For each byte of `text`, the byte range of the original character it came from.
    pub(crate) origin: Vec<(u32, u32)>,
}

impl NormalizedText {
    pub(crate) fn new(original: &str) -> NormalizedText {
        NormalizedText::build(original, true)
    }

    /// Normalises `original`, recording origins only when asked (a lookup key needs none).
    fn build(original: &str, keep_origin: bool) -> NormalizedText {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(if keep_origin { original.len() } else { 0 });
        let mut chars = original.char_indices().peekable();
        while let Some((byte_start, c)) = chars.next() {
            let byte_end = (byte_start + c.len_utf8()) as u32;
            let span = (byte_start as u32, byte_end);
            if is_apostrophe(c) {
                // A possessive 's ends the word; any other apostrophe is part of a spelling.
                let mut rest = original[byte_end as usize..].chars();
                let is_possessive =
                    matches!(rest.next(), Some('s' | 'S')) && !rest.next().is_some_and(char::is_alphanumeric);
                if is_possessive {
                    chars.next();
                }
                continue;
            }
            if c == '.' {
                continue;
            }
            if c.is_ascii_alphanumeric() {
                text.push(c.to_ascii_lowercase());
                if keep_origin {
                    origin.push(span);
                }
            } else if c.is_alphanumeric() {
                for folded in std::iter::once(c).nfkd().filter(|d| !is_combining_mark(*d)) {
                    for lower in folded.to_lowercase() {
                        let mut buffer = [0u8; 4];
                        if keep_origin {
                            for _ in 0..lower.encode_utf8(&mut buffer).len() {
                                origin.push(span);
                            }
                        }
                        text.push(lower);
                    }
                }
            } else if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
                if keep_origin {
                    origin.push(span);
                }
            }
        }
        NormalizedText { text, origin }
    }

    /// The original byte range covered by the normalised byte range `start..end` (`end` > `start`).
    pub(crate) fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        (self.origin[start].0 as usize, self.origin[end - 1].1 as usize)
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{02BC}')
}

/// Combining marks left by NFKD decomposition (the accents of "Kermān", "Bogotá").
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(normalize_alias(input), expected, "input {input:?}");
    }

    #[test]
    fn normalisation_rules() {
        check("Islamic State Khorasan Province", "islamic state khorasan province");
        check("ISLAMIC_STATE_OF_IRAQ_", "islamic state of iraq");
        check("IS-KP", "is kp");
        check("ISIS-K", "isis k");
        check("ISIS K", "isis k");
        check("ISKP", "iskp");
        check("ISKP's", "iskp");
        check("ISKP’s claim", "iskp claim");
        check("the Taliban", "taliban");
        check("The U.S. Department of State", "us department of state");
        check("Jama'at Nusrat al-Islam wal-Muslimin", "jamaat nusrat al islam wal muslimin");
        check("Kermān", "kerman");
        check("  Bogotá,  D.C. ", "bogota dc");
        check("Theodore", "theodore");
        check("", "");
    }

    #[test]
    fn original_spans_survive_normalisation() {
        let text = "In Kermān, ISKP's men";
        let mapped = NormalizedText::new(text);
        let start = mapped.text.find("kerman").unwrap();
        let (a, b) = mapped.original_span(start, start + "kerman".len());
        assert_eq!(&text[a..b], "Kermān");
        let start = mapped.text.find("iskp").unwrap();
        let (a, b) = mapped.original_span(start, start + 4);
        assert_eq!(&text[a..b], "ISKP");
    }
}
