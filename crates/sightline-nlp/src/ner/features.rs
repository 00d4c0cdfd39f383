//! Feature extraction: each token becomes a list of hashed feature ids.
//!
//! A feature is a template number plus the strings it looks at ("the word two to the left,
//! lower-cased, is `gen.`"). Instead of a dictionary from feature strings to weight rows, each
//! feature is hashed (64-bit FNV-1a, then a mixing step) into one of a fixed number of buckets.
//! That is the hashing trick: the model needs no vocabulary, its size is fixed in advance
//! whatever the training data, and an unseen feature at tagging time costs nothing but a
//! lookup of a (usually zero) row. Collisions add a little noise; with 2^18 buckets and about
//! thirty features a token they cost far less than the vocabulary would in size.
//!
//! Features split in two: *static* ones depend only on the words and are computed once per
//! sentence; *dynamic* ones depend on the tags already predicted to the left and are computed
//! during decoding. Lower-cased word features sit beside the exact word so that text in
//! capitals (headlines, wire copy such as MUC-4) still finds the weights that mixed-case
//! training text taught.
//!
//! Changing any template or the hash changes every weight's meaning: bump
//! [`FEATURE_VERSION`], which the model file records, so an old model is refused rather than
//! read wrongly.

use std::collections::HashMap;

use super::gazetteer::Gazetteer;
use super::{entities, Resources, Tag};

/// Version of the feature templates and hash; stored in the model file.
pub(crate) const FEATURE_VERSION: u32 = 5;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// A 64-bit FNV-1a hash under construction.
#[derive(Clone, Copy)]
struct Hash(u64);

impl Hash {
    fn new(template: u8) -> Hash {
        Hash(FNV_OFFSET).byte(template)
    }

    fn byte(self, byte: u8) -> Hash {
        Hash((self.0 ^ u64::from(byte)).wrapping_mul(FNV_PRIME))
    }

    /// Adds a string and a separator, so that ("ab", "c") and ("a", "bc") differ.
    fn text(self, text: &str) -> Hash {
        text.bytes().fold(self, Hash::byte).byte(0xff)
    }

    fn finish(self) -> u64 {
        mix(self.0)
    }
}

/// The splitmix64 finaliser: spreads FNV's weak low bits over the whole word before masking.
pub(crate) fn mix(value: u64) -> u64 {
    let mut value = value;
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

/// What the templates look at in one token, computed once per sentence.
pub(crate) struct TokenView {
    lower: String,
    /// Each char as a class: `X` upper-case letter, `x` lower-case letter, `d` digit, other
    /// chars as themselves; at most 12 chars, so long words share a shape.
    shape: String,
    /// The shape with runs of one class collapsed: "Xx", "X.X.", "Xx-Xx", "d,d".
    short_shape: String,
    has_digit: bool,
    has_hyphen: bool,
    has_period: bool,
    initial_capital: bool,
    all_capitals: bool,
    has_lower: bool,
    title: bool,
}

fn char_class(character: char) -> char {
    if character.is_uppercase() {
        'X'
    } else if character.is_lowercase() {
        'x'
    } else if character.is_numeric() {
        'd'
    } else {
        character
    }
}

impl TokenView {
    pub(crate) fn new(word: &str) -> TokenView {
        let mut shape = String::new();
        let mut short_shape = String::new();
        let mut last_class = None;
        for character in word.chars() {
            let class = char_class(character);
            if shape.chars().count() < 12 {
                shape.push(class);
            }
            if last_class != Some(class) {
                short_shape.push(class);
            }
            last_class = Some(class);
        }
        let has_letters = word.chars().any(char::is_alphabetic);
        let has_lower = word.chars().any(char::is_lowercase);
        TokenView {
            // Digits become 0: "1996-08-22" and "1997-01-03" are the same word to the model, as
            // scores and dates in sports tables and datelines should be.
            lower: normalise(word),
            shape,
            short_shape,
            has_digit: word.chars().any(char::is_numeric),
            has_hyphen: word.contains('-'),
            has_period: word.contains('.'),
            initial_capital: word.chars().next().is_some_and(char::is_uppercase),
            all_capitals: has_letters && !has_lower,
            has_lower,
            title: crate::token::is_title(word),
        }
    }
}

/// A word as the lower-case templates and the gazetteer see it: lower case, and ASCII digits
/// as 0, so "1996-08-22" and "1997-01-03" are the same word to the model, as scores and dates
/// in sports tables and datelines should be.
pub(crate) fn normalise(word: &str) -> String {
    word.to_lowercase()
        .chars()
        .map(|character| if character.is_ascii_digit() { '0' } else { character })
        .collect()
}

/// The first `n` chars of `text`, or `None` when it is shorter.
fn prefix(text: &str, n: usize) -> Option<&str> {
    let end = text.char_indices().nth(n).map_or(text.len(), |(index, _)| index);
    (text.chars().count() >= n).then(|| text.get(..end)).flatten()
}

/// The last `n` chars of `text`, or `None` when it is shorter.
fn suffix(text: &str, n: usize) -> Option<&str> {
    let count = text.chars().count();
    if count < n {
        return None;
    }
    let start = text.char_indices().nth(count - n).map_or(0, |(index, _)| index);
    text.get(start..)
}

/// Words outside the sentence, seen as neighbours, are these markers.
const BEFORE_START: &str = "<s>";
const AFTER_END: &str = "</s>";

/// The static features of every token of a sentence: `features[offsets[i]..offsets[i + 1]]`
/// belong to token `i`. Also returns, per token, the hash the dynamic features combine with
/// the previous tags (its lower-cased word).
pub(crate) struct SentenceFeatures {
    pub(crate) features: Vec<u64>,
    pub(crate) offsets: Vec<usize>,
    pub(crate) word_keys: Vec<u64>,
    pub(crate) shape_keys: Vec<u64>,
}

impl SentenceFeatures {
    /// The static feature hashes of token `position`.
    pub(crate) fn of(&self, position: usize) -> &[u64] {
        match (self.offsets.get(position), self.offsets.get(position + 1)) {
            (Some(&start), Some(&end)) => self.features.get(start..end).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Computes the static features of a sentence's words.
pub(crate) fn sentence_features<S: AsRef<str>>(words: &[S], resources: &Resources) -> SentenceFeatures {
    let gazetteer: &Gazetteer = &resources.gazetteer;
    let views: Vec<TokenView> = words.iter().map(|word| TokenView::new(word.as_ref())).collect();
    let lowers: Vec<&str> = views.iter().map(|view| view.lower.as_str()).collect();
    let phrases = gazetteer.annotate(&lowers);
    let clusters: Vec<Option<&[u16]>> = views.iter().map(|view| resources.clusters.of(&view.lower)).collect();
    let classes_at = |position: isize| -> u32 {
        usize::try_from(position)
            .ok()
            .and_then(|position| phrases.get(position))
            .map_or(0, |&(classes, _)| classes)
    };
    // A sentence without a lower-case letter is a headline or capitals-only wire copy, where
    // capitals say nothing about names: the flag lets the model learn to trust shape less there.
    let sentence_in_capitals =
        views.iter().any(|view| view.all_capitals) && !views.iter().any(|view| view.has_lower);
    let lower_at = |position: isize| -> &str {
        if position < 0 {
            BEFORE_START
        } else {
            views.get(position as usize).map_or(AFTER_END, |view| view.lower.as_str())
        }
    };
    let shape_at = |position: isize| -> &str {
        if position < 0 {
            BEFORE_START
        } else {
            views.get(position as usize).map_or(AFTER_END, |view| view.short_shape.as_str())
        }
    };
    let mut out = SentenceFeatures {
        features: Vec::with_capacity(words.len() * 36),
        offsets: Vec::with_capacity(words.len() + 1),
        word_keys: Vec::with_capacity(words.len()),
        shape_keys: Vec::with_capacity(words.len()),
    };
    for (index, (word, view)) in words.iter().zip(&views).enumerate() {
        out.offsets.push(out.features.len());
        let position = index as isize;
        let features = &mut out.features;
        let mut add = |hash: Hash| features.push(hash.finish());
        add(Hash::new(0));
        add(Hash::new(1).text(word.as_ref()));
        add(Hash::new(2).text(&view.lower));
        add(Hash::new(3).text(&view.shape));
        add(Hash::new(4).text(&view.short_shape));
        for n in 1..=4u8 {
            if let Some(start) = prefix(&view.lower, usize::from(n)) {
                add(Hash::new(4 + n).text(start));
            }
            if let Some(end) = suffix(&view.lower, usize::from(n)) {
                add(Hash::new(8 + n).text(end));
            }
        }
        for (template, offset) in [(13u8, -1isize), (14, 1), (15, -2), (16, 2)] {
            add(Hash::new(template).text(lower_at(position + offset)));
            add(Hash::new(template + 4).text(shape_at(position + offset)));
        }
        add(Hash::new(21).text(lower_at(position - 1)).text(&view.lower));
        add(Hash::new(22).text(&view.lower).text(lower_at(position + 1)));
        add(Hash::new(23).text(shape_at(position - 1)).text(&view.short_shape).text(shape_at(position + 1)));
        add(Hash::new(29).text(shape_at(position - 1)).text(&view.lower));
        add(Hash::new(32).text(&view.lower).text(shape_at(position + 1)));
        for (template, offset) in [(33u8, -1isize), (34, 1)] {
            let neighbour = lower_at(position + offset);
            if let Some(end) = suffix(neighbour, 3) {
                add(Hash::new(template).text(end));
            }
        }
        // The first word of a sentence is capitalised whatever it is, so its capital is weaker
        // evidence of a name than a capital anywhere else.
        let flags = [
            index == 0 && view.initial_capital,
            view.has_digit,
            view.has_hyphen,
            view.has_period,
            view.all_capitals,
            view.initial_capital,
            index == 0,
            // A title or rank ("Gen.", "Mr") is followed by a name: a feature shared by the
            // whole list lets the few titles in training data teach the rest.
            view.title,
            index.checked_sub(1).and_then(|before| views.get(before)).is_some_and(|view| view.title),
            index.checked_sub(2).and_then(|before| views.get(before)).is_some_and(|view| view.title),
        ];
        for (flag_index, flag) in flags.into_iter().enumerate() {
            if flag {
                add(Hash::new(24).byte(flag_index as u8));
            }
        }
        add(Hash::new(25).byte(u8::from(sentence_in_capitals)).text(&view.short_shape));
        // Gazetteer: each class of the listed phrase covering the token, with the token's place
        // in it, alone and with whether the token is capitalised (a listed city that is also a
        // common word, "Mobile", matters only when capitalised in mixed-case text); and the
        // classes of the phrases just before and after ("Kabul , Afghanistan").
        if let Some(&(classes, place)) = phrases.get(index) {
            let place = place as u8;
            for_each_class(gazetteer, classes, |class| {
                add(Hash::new(40).text(class).byte(place));
                add(Hash::new(41).text(class).byte(place).byte(u8::from(view.initial_capital)));
            });
        }
        // Word clusters of the token and its neighbours, each granularity its own template; a
        // word missing from the table has no cluster feature, which is itself informative.
        for (template, offset) in [(44u8, 0isize), (45, -1), (46, 1)] {
            let Some(Some(classes)) = usize::try_from(position + offset).ok().and_then(|at| clusters.get(at))
            else {
                continue;
            };
            for (level, &class) in classes.iter().enumerate() {
                add(Hash::new(template).byte(level as u8).byte((class >> 8) as u8).byte(class as u8));
            }
        }
        for (template, offset) in [(42u8, -1isize), (43, 1)] {
            for_each_class(gazetteer, classes_at(position + offset), |class| {
                add(Hash::new(template).text(class))
            });
        }
        if index == 0 {
            add(Hash::new(26).text(&view.lower));
        }
        out.word_keys.push(Hash::new(27).text(&view.lower).0);
        out.shape_keys.push(Hash::new(28).text(&view.short_shape).0);
    }
    out.offsets.push(out.features.len());
    out
}

/// Calls `each` with the label of every class bit set in `classes`.
fn for_each_class(gazetteer: &Gazetteer, classes: u32, mut each: impl FnMut(&str)) {
    let mut rest = classes;
    while rest != 0 {
        let bit = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        if let Some(class) = gazetteer.class(bit) {
            each(class);
        }
    }
}

/// The dynamic features of a token given the tag before it (`None` at the sentence start): the
/// previous tag alone, with the word and with its shape. Only one tag of history, so that
/// exact (Viterbi) decoding stays cheap.
pub(crate) fn dynamic_features(word_key: u64, shape_key: u64, previous: Option<u8>) -> [u64; 3] {
    let p1 = previous.map_or(0xfe, |tag| tag);
    [Hash::new(30).byte(p1).finish(), Hash(word_key).byte(p1).finish(), Hash(shape_key).byte(p1).finish()]
}

/// A first-stage tag as the second stage's templates see it: its entity type, or 4 for `O`.
fn kind_byte(tag: usize) -> u8 {
    Tag::from_index(tag).entity_type().map_or(4, |kind| kind as u8)
}

/// The second stage's features for each sentence of a document: the sentence's own static
/// features plus what the first stage's tags (`first`, one list per sentence) say about it.
///
/// This is the "extended prediction history" of Ratinov and Roth (2009) with the whole
/// document as history: a name written in full once ("Leeds United", "Mr Blair") and
/// ambiguously elsewhere ("Leeds", "Blair") gets, at each mention, the types the first stage
/// gave the same word elsewhere in the document, before or after it, and the longest name the
/// word was part of. The first stage's tags of the token and its neighbours come too, so the
/// second stage can overrule the first where it learned that the first errs.
pub(crate) fn second_stage_features(
    document: &[SentenceFeatures],
    first: &[Vec<usize>],
) -> Vec<SentenceFeatures> {
    // Per word: how often the first stage gave it each type (and O), and the longest name it
    // was part of (its length in tokens and type).
    let mut counts: HashMap<u64, [u16; 5]> = HashMap::new();
    let mut longest: HashMap<u64, (usize, u8)> = HashMap::new();
    for (sentence, tags) in document.iter().zip(first) {
        for (&word_key, &tag) in sentence.word_keys.iter().zip(tags) {
            let slot = usize::from(kind_byte(tag));
            if let Some(count) = counts.entry(word_key).or_default().get_mut(slot) {
                *count = count.saturating_add(1);
            }
        }
        let typed: Vec<Tag> = tags.iter().map(|&tag| Tag::from_index(tag)).collect();
        for entity in entities(&typed) {
            let length = entity.end - entity.start;
            for &word_key in sentence.word_keys.get(entity.start..entity.end).unwrap_or(&[]) {
                let entry = longest.entry(word_key).or_insert((0, 4));
                if length > entry.0 {
                    *entry = (length, entity.kind as u8);
                }
            }
        }
    }
    let mut out = Vec::with_capacity(document.len());
    for (sentence, tags) in document.iter().zip(first) {
        let typed: Vec<Tag> = tags.iter().map(|&tag| Tag::from_index(tag)).collect();
        let mut own_length = vec![0usize; tags.len()];
        for entity in entities(&typed) {
            for slot in own_length.get_mut(entity.start..entity.end).unwrap_or(&mut []) {
                *slot = entity.end - entity.start;
            }
        }
        let tag_at = |position: isize| -> u8 {
            usize::try_from(position).ok().and_then(|at| tags.get(at)).map_or(0xfe, |&tag| tag as u8)
        };
        let mut features = Vec::with_capacity(sentence.features.len() + tags.len() * 12);
        let mut offsets = Vec::with_capacity(tags.len() + 1);
        for (index, &word_key) in sentence.word_keys.iter().enumerate() {
            offsets.push(features.len());
            features.extend_from_slice(sentence.of(index));
            let position = index as isize;
            let mut add = |hash: Hash| features.push(hash.finish());
            let own = tag_at(position);
            add(Hash::new(50).byte(own));
            for (template, offset) in [(51u8, -1isize), (52, 1), (53, -2), (54, 2)] {
                add(Hash::new(template).byte(tag_at(position + offset)));
            }
            add(Hash::new(55).byte(tag_at(position - 1)).byte(own).byte(tag_at(position + 1)));
            // The word's types elsewhere in the document: its own tag taken out of the counts.
            let own_kind = tags.get(index).map_or(4, |&tag| kind_byte(tag));
            let mut others = counts.get(&word_key).copied().unwrap_or_default();
            if let Some(count) = others.get_mut(usize::from(own_kind)) {
                *count = count.saturating_sub(1);
            }
            let n_others: u16 = others.iter().sum();
            if n_others > 0 {
                let mut majority = 0usize;
                for (kind, &count) in others.iter().enumerate() {
                    if count > 0 && kind < 4 {
                        add(Hash::new(56).byte(kind as u8));
                    }
                    if count > others.get(majority).copied().unwrap_or(0) {
                        majority = kind;
                    }
                }
                add(Hash::new(57).byte(majority as u8));
                add(Hash::new(58).byte(majority as u8).byte(own_kind));
            }
            // The longest name the word is part of in the document, and whether it is longer
            // than the name the word is part of here ("Blair" here, "Tony Blair" elsewhere).
            if let Some(&(length, kind)) = longest.get(&word_key) {
                let own_length = own_length.get(index).copied().unwrap_or(0);
                let longer = u8::from(length > own_length);
                add(Hash::new(59).byte(kind).byte(length.min(4) as u8).byte(longer));
                add(Hash::new(60).byte(kind).byte(longer).byte(own_kind));
            }
        }
        offsets.push(features.len());
        out.push(SentenceFeatures {
            features,
            offsets,
            word_keys: sentence.word_keys.clone(),
            shape_keys: sentence.shape_keys.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(word: &str, expected: (&str, &str, bool)) {
        let view = TokenView::new(word);
        assert_eq!((view.shape.as_str(), view.short_shape.as_str(), view.all_capitals), expected);
    }

    #[test]
    fn shapes() {
        check("Kabul", ("Xxxxx", "Xx", false));
        check("U.S.", ("X.X.", "X.X.", true));
        check("1996-08-22", ("dddd-dd-dd", "d-d-d", false));
        check("al-Qaeda", ("xx-Xxxxx", "x-Xx", false));
        check("CENTCOM", ("XXXXXXX", "X", true));
        check("", ("", "", false));
    }

    #[test]
    fn affixes_respect_char_boundaries() {
        assert_eq!(prefix("Zürich", 2), Some("Zü"));
        assert_eq!(suffix("Zürich", 5), Some("ürich"));
        assert_eq!(prefix("ab", 3), None);
        assert_eq!(suffix("ab", 2), Some("ab"));
    }

    #[test]
    fn every_token_has_features() {
        let features = sentence_features(&["EU", "rejects", "German", "call"], &Resources::empty());
        assert_eq!(features.offsets.len(), 5);
        assert!((0..4).all(|position| features.of(position).len() > 20));
        assert!(features.of(9).is_empty());
        assert!(sentence_features::<&str>(&[], &Resources::empty()).features.is_empty());
    }
}
