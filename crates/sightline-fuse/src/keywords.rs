//! Names a document leads with, as evidence that two documents tell one story.
//!
//! Two articles about one shooting share the names in their headline and lede that few other
//! articles use: the victim's surname, the street, the venue, the school ("Coastland", "I-43",
//! "Madisonville"). The gazetteer knows only some of them as places and the tagger only some as
//! people, so fusion compares the capitalised words themselves. What counts as few is relative
//! to the corpus: a word is distinctive when at most [`distinctive_above`] of the documents
//! being fused lead with it, so "Chicago" or "Police" never is.
//!
//! On gva_corpus dev, two documents of one incident share two distinctive words in over half
//! of the pairs; two documents of different incidents on the same day in fewer than one pair in
//! two thousand.

use std::collections::HashMap;

/// How much of a document is read: the headline and the first paragraphs.
const LEDE_CHARS: usize = 800;

/// Capitalised words that lead many stories whatever they tell: days, months, the words of
/// crime news.
const COMMON: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "from",
    "police",
    "man",
    "woman",
    "boy",
    "girl",
    "teen",
    "child",
    "year",
    "old",
    "shot",
    "shooting",
    "killed",
    "dead",
    "death",
    "dies",
    "died",
    "after",
    "has",
    "have",
    "said",
    "says",
    "new",
    "news",
    "county",
    "city",
    "sheriff",
    "department",
    "officers",
    "officer",
    "deputies",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "update",
    "video",
    "photos",
    "photo",
    "watch",
    "read",
    "more",
    "its",
    "his",
    "her",
    "she",
    "they",
    "this",
    "that",
    "who",
    "what",
    "when",
    "where",
    "why",
    "how",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "accidental",
    "accidentally",
    "gun",
    "fatal",
    "fatally",
    "home",
    "house",
    "family",
    "was",
    "were",
    "are",
    "not",
    "but",
    "our",
    "you",
    "all",
    "breaking",
];

/// The capitalised words (three letters or more, lower-cased, sorted, without repeats) of a
/// document's headline and lede, less the [`COMMON`] ones.
pub fn keywords(headline: Option<&str>, text: &str) -> Vec<String> {
    let lede: String = text.chars().take(LEDE_CHARS).collect();
    let mut found: Vec<String> = format!("{}\n{lede}", headline.unwrap_or(""))
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|word| word.trim_matches(|c: char| c == '\'' || c == '-'))
        .map(|word| word.strip_suffix("'s").unwrap_or(word))
        .filter(|word| word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|word| !COMMON.contains(&word.as_str()))
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// The most documents a distinctive word may lead: one in 250, and never fewer than five, so
/// that the few reports of one incident can all share it.
pub(crate) fn distinctive_above(documents: usize) -> usize {
    (documents / 250).max(5)
}

/// Each document's keywords kept only where distinctive among `documents` (pairs of a document
/// id and its keywords; a document given twice counts once).
pub(crate) fn distinctive<'a>(
    documents: impl Iterator<Item = (&'a str, &'a [String])> + Clone,
) -> HashMap<&'a str, Vec<String>> {
    let mut seen: HashMap<&str, &[String]> = HashMap::new();
    for (doc, words) in documents {
        seen.entry(doc).or_insert(words);
    }
    let mut frequency: HashMap<&str, usize> = HashMap::new();
    for words in seen.values() {
        for word in words.iter() {
            *frequency.entry(word.as_str()).or_default() += 1;
        }
    }
    let above = distinctive_above(seen.len());
    seen.iter()
        .map(|(&doc, words)| {
            let kept = words.iter().filter(|word| frequency.get(word.as_str()).is_some_and(|&n| n <= above));
            (doc, kept.cloned().collect())
        })
        .collect()
}

/// How many words two sorted lists share.
pub(crate) fn shared(first: &[String], second: &[String]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < first.len() && j < second.len() {
        match first[i].cmp(&second[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_the_uncommon_capitalised_words_of_headline_and_lede() {
        let words = keywords(
            Some("Teen shot at Coastland Center mall"),
            "NAPLES – Police said Monday that Jaquan Smith's friend was shot at the mall.",
        );
        assert_eq!(words, ["center", "coastland", "jaquan", "naples", "smith"]);
    }

    #[test]
    fn a_word_many_documents_lead_with_is_not_distinctive() {
        let common = vec!["chicago".to_string(), "coastland".to_string()];
        let chicago = vec!["chicago".to_string()];
        let mut documents: Vec<(String, Vec<String>)> =
            vec![("a".into(), common.clone()), ("b".into(), common)];
        for index in 0..10 {
            documents.push((format!("other{index}"), chicago.clone()));
        }
        let kept = distinctive(documents.iter().map(|(doc, words)| (doc.as_str(), words.as_slice())));
        assert_eq!(kept["a"], ["coastland"]);
        assert_eq!(shared(&kept["a"], &kept["b"]), 1);
    }
}
