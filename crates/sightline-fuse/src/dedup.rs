//! Near-duplicate documents by MinHash and locality-sensitive hashing.
//!
//! Each document becomes the set of its word 5-shingles (lower case, punctuation dropped), and
//! that set a signature of [`HASHES`] minimum hash values. Two signatures agree in a position
//! with probability equal to the sets' Jaccard similarity, so the share of agreeing positions
//! estimates it. Signatures are cut into [`BANDS`] bands of [`ROWS`] rows; documents that agree
//! on a whole band become candidates. With 16 bands of 8 rows, a pair at similarity 0.8 is a
//! candidate with probability 1 - (1 - 0.8^8)^16 ≈ 0.98, a pair at 0.3 with about 0.001.
//! Candidates are then kept when the estimated similarity reaches [`THRESHOLD`].
//!
//! Syndicated copies differ in a headline, a byline, a last paragraph; 0.8 keeps those and
//! leaves apart two reports of one event written separately, which share facts but not
//! sentences.
//!
//! Headlines take part twice. They are shingled with the text, and two documents whose
//! headlines share no distinctive word are never duplicates: outlets rewrite a syndicated
//! headline but keep its names and key words, while pages whose extracted text is the same site
//! furniture (a login wall, a video-player notice) under unrelated headlines are different
//! stories. A distinctive word has four letters or more and is in fewer than 1 % of the
//! headlines seen so far (or in at most 3), so that a corpus about shootings does not count
//! "shooting" as evidence.

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Hash functions in a signature.
const HASHES: usize = 128;
/// Bands the signature is cut into.
const BANDS: usize = 16;
/// Rows (hash values) in a band.
const ROWS: usize = HASHES / BANDS;
/// Least estimated Jaccard similarity of shingles for two documents to be near-duplicates.
pub const THRESHOLD: f64 = 0.8;
/// Words in a shingle.
const SHINGLE_WORDS: usize = 5;
/// Documents with fewer words than this are not compared: a short text shares its shingles with
/// too many others by chance (a one-line caption, a stock sentence).
const MIN_WORDS: usize = 40;

/// A document found to copy an earlier one.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateOf {
    /// The copy.
    pub duplicate: String,
    /// The document it copies: the first one added of its group.
    pub original: String,
    /// Estimated Jaccard similarity of their shingles.
    pub similarity: f64,
}

/// A document's MinHash signature; see [`NearDuplicates::signature`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature([u64; HASHES]);

/// Gathers documents and finds the near-duplicates among them.
#[derive(Debug, Default)]
pub struct NearDuplicates {
    ids: Vec<String>,
    headline_words: Vec<Vec<String>>,
    headline_frequency: HashMap<String, usize>,
    signatures: Vec<[u64; HASHES]>,
    bands: HashMap<(usize, u64), Vec<usize>>,
    /// For each document, the original it copies, if any.
    original_of: Vec<Option<(usize, f64)>>,
}

impl NearDuplicates {
    /// An empty index.
    pub fn new() -> NearDuplicates {
        NearDuplicates::default()
    }

    /// Adds a document; documents should be added oldest first, because a copy is linked to the
    /// earliest document it matches. Returns what it copies, if anything.
    pub fn add(&mut self, id: &str, headline: Option<&str>, text: &str) -> Option<DuplicateOf> {
        let signature = NearDuplicates::signature(headline, text);
        self.add_signed(id, headline, signature.as_ref())
    }

    /// The signature [`NearDuplicates::add`] computes for a document: the costly part, which
    /// depends on nothing but the document, so that callers can compute many in parallel and
    /// add them in order with [`NearDuplicates::add_signed`]. `None` for a text too short to
    /// compare.
    pub fn signature(headline: Option<&str>, text: &str) -> Option<Signature> {
        signature(&format!("{}\n{text}", headline.unwrap_or(""))).map(Signature)
    }

    /// [`NearDuplicates::add`] with the document's signature computed beforehand.
    pub fn add_signed(
        &mut self,
        id: &str,
        headline: Option<&str>,
        signature: Option<&Signature>,
    ) -> Option<DuplicateOf> {
        let index = self.ids.len();
        self.ids.push(id.to_string());
        let mut key_words: Vec<String> =
            words(headline.unwrap_or("")).into_iter().filter(|w| w.chars().count() >= 4).collect();
        key_words.sort_unstable();
        key_words.dedup();
        for word in &key_words {
            *self.headline_frequency.entry(word.clone()).or_default() += 1;
        }
        self.headline_words.push(key_words);
        let common_above = (self.ids.len() / 100).max(3);
        let Some(&Signature(signature)) = signature else {
            self.signatures.push([u64::MAX; HASHES]);
            self.original_of.push(None);
            return None;
        };
        let mut best: Option<(usize, f64)> = None;
        for band in 0..BANDS {
            let key = (band, band_hash(&signature, band));
            let members = self.bands.entry(key).or_default();
            for &other in members.iter() {
                let similarity = estimate(&signature, &self.signatures[other]);
                let root = self.original_of[other].map_or(other, |(root, _)| root);
                let headlines_meet = {
                    let (mine, theirs) = (&self.headline_words[index], &self.headline_words[other]);
                    let distinctive =
                        |word: &String| self.headline_frequency.get(word).is_some_and(|&n| n <= common_above);
                    mine.is_empty()
                        || theirs.is_empty()
                        || mine.iter().any(|word| distinctive(word) && theirs.binary_search(word).is_ok())
                };
                if similarity >= THRESHOLD
                    && headlines_meet
                    && best.is_none_or(|(best_root, _)| root < best_root)
                {
                    best = Some((root, similarity));
                }
            }
            members.push(index);
        }
        self.signatures.push(signature);
        self.original_of.push(best);
        best.map(|(original, similarity)| DuplicateOf {
            duplicate: id.to_string(),
            original: self.ids[original].clone(),
            similarity,
        })
    }
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn signature(text: &str) -> Option<[u64; HASHES]> {
    let words = words(text);
    if words.len() < MIN_WORDS {
        return None;
    }
    let mut signature = [u64::MAX; HASHES];
    for shingle in words.windows(SHINGLE_WORDS) {
        let joined = shingle.join(" ");
        let base = xxh3_64_with_seed(joined.as_bytes(), 0);
        for (slot, value) in signature.iter_mut().enumerate() {
            // One hash, many permutations: h_i = h * odd_i + c_i, mixed, is the usual cheap
            // family for MinHash and is close enough to independent for estimating similarity.
            let hashed = mix(base ^ (slot as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            if hashed < *value {
                *value = hashed;
            }
        }
    }
    Some(signature)
}

fn mix(value: u64) -> u64 {
    let mut value = value;
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

fn band_hash(signature: &[u64; HASHES], band: usize) -> u64 {
    let rows = &signature[band * ROWS..(band + 1) * ROWS];
    let bytes: Vec<u8> = rows.iter().flat_map(|value| value.to_le_bytes()).collect();
    xxh3_64_with_seed(&bytes, band as u64)
}

fn estimate(first: &[u64; HASHES], second: &[u64; HASHES]) -> f64 {
    let agree = first.iter().zip(second).filter(|(a, b)| a == b).count();
    agree as f64 / HASHES as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "A suicide bomber struck a crowded market in the city on Friday, killing at least \
        twelve people and wounding dozens more, officials said. The attack came hours after the \
        group warned of new strikes against government targets. Police sealed off the area and \
        ambulances carried the wounded to two hospitals, where doctors said several were in \
        critical condition. No group immediately claimed responsibility for the bombing, the \
        deadliest in the province this year.";

    #[test]
    fn a_repost_with_a_new_headline_and_ending_is_a_duplicate() {
        let mut index = NearDuplicates::new();
        assert_eq!(index.add("wire", Some("Bomber kills 12 in market"), STORY), None);
        let repost = format!("{STORY} Copyright 2024 The Associated Press.");
        let found = index.add("repost", Some("Market bombing kills 12"), &repost);
        assert_eq!(found.as_ref().map(|found| found.original.as_str()), Some("wire"), "{found:?}");
    }

    #[test]
    fn two_reports_written_apart_are_not_duplicates() {
        let mut index = NearDuplicates::new();
        index.add("wire", None, STORY);
        let other = "Officials said twelve people died on Friday when an attacker detonated \
            explosives in a busy market. Dozens were hurt. Hospitals in the city received the \
            injured, several of them in critical condition, according to doctors. The group had \
            threatened government targets earlier in the day, and no one has claimed the attack, \
            which is the worst in the province this year, police added in a statement.";
        assert_eq!(index.add("other", None, other), None);
    }

    #[test]
    fn copies_of_a_copy_point_at_the_first() {
        let mut index = NearDuplicates::new();
        index.add("first", None, STORY);
        index.add("second", None, &format!("{STORY} Reporting by staff."));
        let third = index.add("third", None, &format!("{STORY} Editing by the desk."));
        assert_eq!(third.map(|found| found.original), Some("first".to_string()));
    }

    #[test]
    fn short_texts_are_never_duplicates() {
        let mut index = NearDuplicates::new();
        index.add("a", None, "Read more.");
        assert_eq!(index.add("b", None, "Read more."), None);
    }

    #[test]
    fn the_same_boilerplate_under_unrelated_headlines_is_not_a_duplicate() {
        let mut index = NearDuplicates::new();
        index.add("a", Some("Five shot during party at banquet hall"), STORY);
        assert_eq!(index.add("b", Some("Boy struck by gunfire in Dallas"), STORY), None);
    }
}
