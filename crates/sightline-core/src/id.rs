//! Stable content-derived ids.

use std::fmt;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The id of a document: a hash of its normalised content, as 32 lowercase hex digits.
///
/// Two inputs whose text differs only in Unicode normal form or whitespace get the same id, so
/// ingesting a page twice (or once from a folder and once from a WARC) stores it once. The hash
/// is XXH3-128: not cryptographic (nobody gains by forging a collision here), stable across
/// versions and platforms, and fast enough to hash every page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId(String);

impl DocId {
    /// Hashes `content` after [`normalise_for_id`].
    pub fn from_content(content: &str) -> DocId {
        DocId::from_hash(xxhash_rust::xxh3::xxh3_128(normalise_for_id(content).as_bytes()))
    }

    /// The id of a page: a hash of its normalised content and, when the input named the page
    /// (a JSON Lines `id`), of that name too. Two records an input keeps apart (two benchmark
    /// items whose text happens to be identical) stay two documents; the same text read from two
    /// unnamed files is one document.
    pub fn for_page(given_id: Option<&str>, content: &str) -> DocId {
        match given_id {
            None => DocId::from_content(content),
            Some(given_id) => {
                let seed = format!("{}\u{1f}{}", normalise_for_id(content), given_id);
                DocId::from_hash(xxhash_rust::xxh3::xxh3_128(seed.as_bytes()))
            }
        }
    }

    /// The id of the `ordinal`-th story split from the listing page `parent`: stories are
    /// identified by their place in the page, so re-splitting the same page gives the same ids.
    pub fn for_story(parent: &DocId, ordinal: usize, story_text: &str) -> DocId {
        let seed = format!("{}\u{1f}{}\u{1f}{}", parent.0, ordinal, normalise_for_id(story_text));
        DocId::from_hash(xxhash_rust::xxh3::xxh3_128(seed.as_bytes()))
    }

    /// Wraps an id read back from storage or from the user. Returns `None` unless it is 32
    /// lowercase hex digits, so a typo is caught where it is typed.
    pub fn parse(text: &str) -> Option<DocId> {
        let valid = text.len() == 32 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        valid.then(|| DocId(text.to_string()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn from_hash(hash: u128) -> DocId {
        DocId(format!("{hash:032x}"))
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The form of a text that ids hash: Unicode NFC, every run of whitespace one space, trimmed.
///
/// Whitespace is the usual difference between two copies of the same page (a CRLF download, a
/// re-wrapped file), and NFC vs NFD the usual difference between two encoders of the same
/// accented name; neither makes it a different page.
///
/// Ids are computed for every page, so this is on the hot path. Bytes are scanned directly
/// (ASCII whitespace is a byte test; only non-ASCII chars are decoded), each word is copied as
/// one slice, and a word that is ASCII, or that the NFC quick check proves already normalised
/// (nearly all news text), is not decomposed and recomposed.
pub fn normalise_for_id(content: &str) -> String {
    let mut normalised = String::with_capacity(content.len());
    let bytes = content.as_bytes();
    let mut word_start: Option<usize> = None;
    let mut offset = 0;
    while offset < bytes.len() {
        if word_start.is_some() {
            // Inside a word, skip every byte that cannot begin whitespace in one tight loop.
            let plain = bytes[offset..].iter().position(|&byte| !PLAIN_WORD_BYTE[usize::from(byte)]);
            offset += plain.unwrap_or(bytes.len() - offset);
            if offset >= bytes.len() {
                break;
            }
        }
        match whitespace_width(content, offset) {
            0 => {
                word_start.get_or_insert(offset);
                offset += 1;
            }
            width => {
                if let Some(start) = word_start.take() {
                    push_word(&mut normalised, &content[start..offset]);
                }
                offset += width;
            }
        }
    }
    if let Some(start) = word_start {
        push_word(&mut normalised, &content[start..]);
    }
    normalised
}

/// Bytes that can never start a whitespace char: everything but the six ASCII spaces and the
/// lead bytes C2, E1, E2 and E3, with which every Unicode White_Space char above ASCII
/// (U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) begins.
const PLAIN_WORD_BYTE: [bool; 256] = {
    let mut plain = [true; 256];
    let maybe_space = [b' ', b'\t', b'\n', b'\r', 0x0b, 0x0c, 0xc2, 0xe1, 0xe2, 0xe3];
    let mut index = 0;
    while index < maybe_space.len() {
        plain[maybe_space[index] as usize] = false;
        index += 1;
    }
    plain
};

/// The byte length of the whitespace char at `offset`, or 0 when it is not whitespace.
fn whitespace_width(content: &str, offset: usize) -> usize {
    let Some(&byte) = content.as_bytes().get(offset) else { return 0 };
    if PLAIN_WORD_BYTE[usize::from(byte)] {
        return 0;
    }
    if byte.is_ascii() {
        return 1;
    }
    match content.get(offset..).and_then(|rest| rest.chars().next()) {
        Some(ch) if ch.is_whitespace() => ch.len_utf8(),
        _ => 0,
    }
}

fn push_word(normalised: &mut String, word: &str) {
    if !normalised.is_empty() {
        normalised.push(' ');
    }
    if word.is_ascii() || is_nfc_quick(word.chars()) == IsNormalized::Yes {
        normalised.push_str(word);
    } else {
        normalised.extend(word.nfc());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_normal_form_do_not_change_the_id() {
        let composed = DocId::from_content("Caf\u{e9} bombing\r\n");
        let decomposed = DocId::from_content("  Cafe\u{301}   bombing");
        assert_eq!(composed, decomposed);
        assert_ne!(composed, DocId::from_content("Cafe bombing"));
    }

    #[test]
    fn the_id_hashes_exactly_the_normalised_form() {
        for text in [
            "",
            "  ",
            "a",
            " Kabul\u{a0}–\u{2003}blast\r\n",
            "Cafe\u{301} \u{3000}x\t\u{85}y ",
            "ÀÉ\u{2028}z",
        ] {
            let normalised = normalise_for_id(text);
            let expected = DocId::from_hash(xxhash_rust::xxh3::xxh3_128(normalised.as_bytes()));
            assert_eq!(DocId::from_content(text), expected, "{text:?}");
            let by_std: Vec<String> = text.split_whitespace().map(|word| word.nfc().collect()).collect();
            assert_eq!(normalised, by_std.join(" "), "{text:?}");
        }
    }

    #[test]
    fn named_records_stay_apart() {
        let text = "The same wire story.";
        assert_eq!(DocId::for_page(None, text), DocId::from_content(text));
        assert_eq!(DocId::for_page(Some("a1"), text), DocId::for_page(Some("a1"), " The same  wire story."));
        assert_ne!(DocId::for_page(Some("a1"), text), DocId::for_page(Some("a2"), text));
        assert_ne!(DocId::for_page(Some("a1"), text), DocId::for_page(None, text));
    }

    #[test]
    fn parse_accepts_only_ids() {
        let id = DocId::from_content("x");
        assert_eq!(DocId::parse(id.as_str()), Some(id));
        assert_eq!(DocId::parse("not-an-id"), None);
        assert_eq!(DocId::parse(&"A".repeat(32)), None);
    }

    #[test]
    fn stories_of_one_page_get_distinct_stable_ids() {
        let page = DocId::from_content("listing");
        let first = DocId::for_story(&page, 0, "story");
        assert_eq!(first, DocId::for_story(&page, 0, "story"));
        assert_ne!(first, DocId::for_story(&page, 1, "story"));
    }
}
