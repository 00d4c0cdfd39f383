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
/// Ids are computed for every page, so this is on the hot path: words that are ASCII, or that
/// the NFC quick check proves already normalised (nearly all news text), are copied as they are
/// instead of being decomposed and recomposed.
pub fn normalise_for_id(content: &str) -> String {
    let mut normalised = String::with_capacity(content.len());
    for word in content.split_whitespace() {
        if !normalised.is_empty() {
            normalised.push(' ');
        }
        if word.is_ascii() || is_nfc_quick(word.chars()) == IsNormalized::Yes {
            normalised.push_str(word);
        } else {
            normalised.extend(word.nfc());
        }
    }
    normalised
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
