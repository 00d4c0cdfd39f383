//! Name lists (gazetteers): phrases known to name a country, a city, an armed group, ...
//!
//! A list is plain text, one `name<TAB>class` a line: the name is its tokens separated by
//! single spaces (as the tokenizer splits them), the class any short label (`country`,
//! `armed_group`). Matching is case-insensitive and by whole tokens. Any source can feed the
//! tagger this way (the embedded lists, built by `sightline train gazetteer` from GeoNames and
//! the actor dictionaries, or a knowledge base later) without the tagger knowing where a name
//! came from; only the class labels become features, so the model learns how far each list
//! is to be trusted.
//!
//! **Longest match, left to right.** At each token the longest listed phrase starting there
//! wins, and matching resumes after it: in "New York Times" a list holding "New York" and
//! "New York Times" marks all three tokens as one phrase. Each phrase's token sequence is
//! hashed incrementally, and every proper prefix of a listed phrase is stored too (flagged as a
//! prefix), so the scan from a token stops as soon as no listed phrase can continue: about one
//! hash lookup a token on ordinary text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock};

use super::features::{mix, normalise};

/// The lists shipped with Sightline: built by `sightline train gazetteer` from GeoNames and
/// the PETRARCH-2 and UCDP actor lists (see `data/ner/README.md` for the command and licences).
static EMBEDDED_LIST: &str = include_str!("../../../../data/ner/gazetteer.tsv");

/// Flag in a phrase's value: some longer listed phrase starts with this one.
const PREFIX: u32 = 1 << 31;
/// Classes are bits of a `u32` beside the prefix flag.
const MAX_CLASSES: usize = 31;

/// Why a list could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum GazetteerError {
    /// A line had no tab between name and class, or an empty name or class.
    #[error("gazetteer line {0} is not `name<TAB>class`")]
    Line(usize),
    /// More distinct classes than the matcher can keep apart.
    #[error("gazetteer has more than {MAX_CLASSES} classes")]
    TooManyClasses,
}

/// The hash map's hasher for keys that are already well-mixed 64-bit hashes: the identity.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

/// A map keyed by a 64-bit hash of text (see [`extend`]), with no second hashing.
pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |hash, &byte| mix(hash ^ u64::from(byte)));
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// The hash of a token sequence so far, extended one normalised token at a time.
pub(crate) fn extend(hash: u64, token: &str) -> u64 {
    extend_bytes(hash, token.bytes())
}

fn extend_bytes(hash: u64, bytes: impl Iterator<Item = u8>) -> u64 {
    let fnv = bytes.fold(0xcbf2_9ce4_8422_2325u64 ^ hash, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    mix(fnv)
}

/// [`extend`] with `normalise(token)`, without building the normalised string when the token
/// is ASCII (nearly every listed name): loading the embedded lists is on every process's path.
pub(crate) fn extend_normalised(hash: u64, token: &str) -> u64 {
    if token.is_ascii() {
        extend_bytes(
            hash,
            token.bytes().map(|byte| if byte.is_ascii_digit() { b'0' } else { byte.to_ascii_lowercase() }),
        )
    } else {
        extend(hash, &normalise(token))
    }
}

/// Where a token sits in the phrase that matched it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    /// The phrase is this one token.
    Unit,
    /// The first of several.
    Begin,
    /// Neither first nor last.
    Inside,
    /// The last of several.
    Last,
}

/// A set of name lists, ready to match.
pub struct Gazetteer {
    classes: Vec<String>,
    phrases: KeyMap<u32>,
    longest: usize,
    fingerprint: u64,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Gazetteer")
            .field("classes", &self.classes)
            .field("phrases", &self.phrases.len())
            .finish()
    }
}

impl Gazetteer {
    /// Reads `name<TAB>class` lines; blank lines and lines starting with `#` are skipped.
    pub fn parse(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut gazetteer =
            Gazetteer { classes: Vec::new(), phrases: KeyMap::default(), longest: 0, fingerprint: 0 };
        gazetteer.phrases.reserve(text.lines().count() * 3 / 2);
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((name, class)) = line.split_once('\t') else {
                return Err(GazetteerError::Line(index + 1));
            };
            let class = class.trim();
            let n_tokens = name.split_whitespace().count();
            if n_tokens == 0 || class.is_empty() {
                return Err(GazetteerError::Line(index + 1));
            }
            let bit = match gazetteer.classes.iter().position(|known| known == class) {
                Some(bit) => bit,
                None if gazetteer.classes.len() < MAX_CLASSES => {
                    gazetteer.classes.push(class.to_string());
                    gazetteer.classes.len() - 1
                }
                None => return Err(GazetteerError::TooManyClasses),
            };
            let mut hash = 0;
            for (position, token) in name.split_whitespace().enumerate() {
                hash = extend_normalised(hash, token);
                let value = gazetteer.phrases.entry(hash).or_insert(0);
                *value |= if position + 1 == n_tokens { 1 << bit } else { PREFIX };
            }
            gazetteer.longest = gazetteer.longest.max(n_tokens);
        }
        gazetteer.fingerprint = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        Ok(gazetteer)
    }

    /// The lists shipped in the binary, read once per process.
    pub fn embedded() -> Arc<Gazetteer> {
        static EMBEDDED: OnceLock<Arc<Gazetteer>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                // The embedded file is checked by a unit test; were it ever unreadable, tagging
                // without lists beats failing.
                Arc::new(Gazetteer::parse(EMBEDDED_LIST).unwrap_or_else(|_| Gazetteer::empty()))
            })
            .clone()
    }

    /// No lists at all.
    pub fn empty() -> Gazetteer {
        Gazetteer { classes: Vec::new(), phrases: KeyMap::default(), longest: 0, fingerprint: 0 }
    }

    /// The class labels, in the order of their bits.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// Number of distinct phrases and prefixes stored.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// Whether no phrase is listed.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// A hash of the list's text: a model records the lists it was trained with.
    pub(crate) fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// For each normalised token (see `features::normalise`), the classes (bits) of the
    /// phrase that covers it and its position there; bits 0 where no phrase does.
    pub(crate) fn annotate(&self, tokens: &[&str]) -> Vec<(u32, Position)> {
        let mut out = vec![(0u32, Position::Unit); tokens.len()];
        let mut start = 0;
        while start < tokens.len() {
            let mut hash = 0;
            let mut best: Option<(usize, u32)> = None;
            for (offset, token) in tokens.iter().skip(start).take(self.longest).enumerate() {
                hash = extend(hash, token);
                let Some(&value) = self.phrases.get(&hash) else { break };
                if value & !PREFIX != 0 {
                    best = Some((start + offset + 1, value & !PREFIX));
                }
                if value & PREFIX == 0 {
                    break;
                }
            }
            let Some((end, classes)) = best else {
                start += 1;
                continue;
            };
            for (position, slot) in out.iter_mut().enumerate().take(end).skip(start) {
                let place = match (position == start, position + 1 == end) {
                    (true, true) => Position::Unit,
                    (true, false) => Position::Begin,
                    (false, true) => Position::Last,
                    (false, false) => Position::Inside,
                };
                *slot = (classes, place);
            }
            start = end;
        }
        out
    }

    /// The label of class bit `bit`.
    pub(crate) fn class(&self, bit: usize) -> Option<&str> {
        self.classes.get(bit).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(list: &str, sentence: &str, expected: &str) {
        let gazetteer = Gazetteer::parse(list);
        assert!(gazetteer.is_ok(), "{list:?} parses");
        let Ok(gazetteer) = gazetteer else { return };
        let tokens: Vec<String> = sentence.split_whitespace().map(normalise).collect();
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let shown: Vec<String> = gazetteer
            .annotate(&tokens)
            .iter()
            .map(|&(classes, position)| {
                let names: Vec<&str> = (0..MAX_CLASSES)
                    .filter(|bit| classes & (1 << bit) != 0)
                    .filter_map(|bit| gazetteer.class(bit))
                    .collect();
                if names.is_empty() {
                    "-".to_string()
                } else {
                    format!("{:?}:{}", position, names.join("+"))
                }
            })
            .collect();
        assert_eq!(shown.join(" "), expected, "{sentence:?}");
    }

    #[test]
    fn longest_match_wins_and_case_is_ignored() {
        let list = "new york\tcity\nnew york times\torg\nyork\tcity\nyork\tadmin1\n";
        check(list, "the New York Times said", "- Begin:org Inside:org Last:org -");
        check(list, "in NEW YORK today", "- Begin:city Last:city -");
        check(list, "new jersey and York", "- - - Unit:city+admin1");
        check(list, "New", "-");
        check("", "New York", "- -");
    }

    #[test]
    fn malformed_lines_are_errors() {
        assert_eq!(Gazetteer::parse("kabul city").err(), Some(GazetteerError::Line(1)));
        assert_eq!(Gazetteer::parse("# c\n\nkabul\t \n").err(), Some(GazetteerError::Line(3)));
        let many: String = (0..32).map(|index| format!("x\tc{index}\n")).collect();
        assert_eq!(Gazetteer::parse(&many).err(), Some(GazetteerError::TooManyClasses));
    }

    #[test]
    fn embedded_lists_load() {
        let parsed = Gazetteer::parse(EMBEDDED_LIST);
        assert!(parsed.as_ref().is_ok_and(|gazetteer| gazetteer.len() > 10_000), "{parsed:?}");
    }
}
