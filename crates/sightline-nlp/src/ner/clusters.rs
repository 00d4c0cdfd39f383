//! Word clusters: words that occur in similar contexts share a class, learned from unlabeled
//! text, so a name the labeled data never showed still looks like its neighbours ("Kandahar"
//! clusters with "Helmand" and "Kabul" if the unlabeled text has them in the same kinds of
//! sentences).
//!
//! **The exchange algorithm** (Kneser & Ney 1993; the one-sided "predictive" form of
//! Uszkoreit & Brants 2008), not Brown's agglomerative clustering: it is simpler, its cost is
//! linear in the number of distinct bigrams times the number of classes, and it can be run at
//! several granularities (the role Brown's bit-string prefixes play). The model is the class
//! bigram model `P(w | class(previous word))`; its log-likelihood on the corpus is, up to
//! constants, `sum over (c, w) of N(c, w) log N(c, w) - sum over c of N(c) log N(c)`, with
//! `N(c, w)` the count of `w` after a word of class `c`. Each pass takes every word in turn,
//! takes it out of its class, and puts it in the class where the likelihood is highest.
//!
//! **Deterministic.** No random numbers: words are ordered by frequency (then by their text),
//! the initial classes are that rank modulo the number of classes (so the most frequent words
//! start apart), and passes visit words in that order. The same text gives the same table.
//!
//! The table is text, one `word<TAB>class<TAB>class...` a line (one class per granularity; the
//! tagger treats every column alike, so a column may also hold another word property learned
//! from unlabeled text, such as [`capitalisation_classes`]), words lower-cased with digits as 0
//! as the tagger sees them.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::features::normalise;
use super::gazetteer::{extend, extend_normalised, KeyMap};

/// The clusters shipped with Sightline: learned by `sightline train clusters` (see
/// `data/ner/README.md` for the command and the text it read).
static EMBEDDED_TABLE: &str = include_str!("../../../../data/ner/clusters.tsv");

/// Most granularities a table may have.
pub(crate) const MAX_LEVELS: usize = 4;

/// Why a cluster table could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClustersError {
    /// A line was not a word and one to four class numbers, tab-separated.
    #[error("cluster table line {0} is not `word<TAB>class...`")]
    Line(usize),
}

/// A word-to-classes table.
#[derive(Default)]
pub struct Clusters {
    /// Keyed by the hash of the normalised word ([`extend`]); 64 bits make a collision among a
    /// few tens of thousands of words vanishingly unlikely.
    classes: KeyMap<[u16; MAX_LEVELS]>,
    levels: usize,
    fingerprint: u64,
}

impl std::fmt::Debug for Clusters {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Clusters")
            .field("words", &self.classes.len())
            .field("levels", &self.levels)
            .finish()
    }
}

impl Clusters {
    /// Reads `word<TAB>class...` lines; `#` lines and blank lines are skipped.
    pub fn parse(text: &str) -> Result<Clusters, ClustersError> {
        let mut clusters = Clusters::default();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let word = fields.next().unwrap_or("");
            let mut classes = [0u16; MAX_LEVELS];
            let mut count = 0;
            for field in fields {
                let slot = classes.get_mut(count).ok_or(ClustersError::Line(index + 1))?;
                *slot = field.trim().parse().map_err(|_| ClustersError::Line(index + 1))?;
                count += 1;
            }
            if word.is_empty() || count == 0 {
                return Err(ClustersError::Line(index + 1));
            }
            clusters.levels = clusters.levels.max(count);
            clusters.classes.insert(extend_normalised(0, word), classes);
        }
        clusters.fingerprint = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        Ok(clusters)
    }

    /// The table shipped in the binary, read once per process.
    pub fn embedded() -> Arc<Clusters> {
        static EMBEDDED: OnceLock<Arc<Clusters>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                // Checked by a unit test; were it unreadable, tagging without clusters beats failing.
                Arc::new(Clusters::parse(EMBEDDED_TABLE).unwrap_or_default())
            })
            .clone()
    }

    /// The classes of a normalised word, one per granularity; `None` for a word not in the table.
    pub(crate) fn of(&self, normalised: &str) -> Option<&[u16]> {
        self.classes.get(&extend(0, normalised)).and_then(|classes| classes.get(..self.levels))
    }

    /// Number of words in the table.
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    /// Whether the table has no word.
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// A hash of the table's text, recorded in models trained with it.
    pub(crate) fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}

/// `x ln x`, with `0 ln 0 = 0`.
fn x_log_x(value: u64) -> f64 {
    if value == 0 {
        0.0
    } else {
        let value = value as f64;
        value * value.ln()
    }
}

/// Learns a class for each word of `sentences` (already tokenized) that occurs at least
/// `min_count` times, by the exchange algorithm with `n_classes` classes and `passes` passes.
/// Returns (word, class) pairs sorted by word; words are normalised as the tagger sees them.
pub fn learn(
    sentences: &[Vec<String>],
    n_classes: usize,
    min_count: u64,
    passes: usize,
) -> Vec<(String, u16)> {
    let n_classes = n_classes.clamp(2, usize::from(u16::MAX));
    // Vocabulary: id 0 is the sentence boundary, id 1 every rare word.
    let mut counts: HashMap<String, u64> = HashMap::new();
    for word in sentences.iter().flatten() {
        *counts.entry(normalise(word)).or_default() += 1;
    }
    let mut vocabulary: Vec<(String, u64)> =
        counts.into_iter().filter(|&(_, count)| count >= min_count).collect();
    vocabulary.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let ids: HashMap<&str, usize> =
        vocabulary.iter().enumerate().map(|(index, (word, _))| (word.as_str(), index + 2)).collect();
    let n_words = vocabulary.len() + 2;
    // Bigram counts, per preceding word: its successors and counts.
    let mut bigrams: HashMap<(usize, usize), u64> = HashMap::new();
    for sentence in sentences {
        let mut previous = 0;
        for word in sentence {
            let id = ids.get(normalise(word).as_str()).copied().unwrap_or(1);
            *bigrams.entry((previous, id)).or_default() += 1;
            previous = id;
        }
        *bigrams.entry((previous, 0)).or_default() += 1;
    }
    let mut successors: Vec<Vec<(usize, u64)>> = vec![Vec::new(); n_words];
    for (&(previous, next), &count) in &bigrams {
        if let Some(list) = successors.get_mut(previous) {
            list.push((next, count));
        }
    }
    for list in &mut successors {
        list.sort_unstable();
    }
    let outgoing: Vec<u64> =
        successors.iter().map(|list| list.iter().map(|&(_, count)| count).sum()).collect();
    // Initial classes: frequency rank modulo the class count.
    let mut class_of: Vec<usize> = (0..n_words).map(|word| word % n_classes).collect();
    // N(c, w), stored w-major so one word's row over all classes is contiguous; and N(c).
    let mut after_class = vec![0u64; n_words * n_classes];
    let mut class_total = vec![0u64; n_classes];
    for (previous, list) in successors.iter().enumerate() {
        let class = class_of[previous];
        for &(next, count) in list {
            after_class[next * n_classes + class] += count;
        }
        class_total[class] += outgoing[previous];
    }
    // x ln x of small counts, looked up rather than computed in the inner loop.
    let total: u64 = outgoing.iter().sum();
    let table: Vec<f64> = (0..=total.min(1 << 22)).map(x_log_x).collect();
    let f = |value: u64| {
        usize::try_from(value)
            .ok()
            .and_then(|index| table.get(index))
            .copied()
            .unwrap_or_else(|| x_log_x(value))
    };
    let mut gains = vec![0f64; n_classes];
    for _ in 0..passes {
        let mut moved = 0;
        // Boundary (0) and rare words (1) stay where they are; only listed words move.
        for word in 2..n_words {
            let (list, out) = (&successors[word], outgoing[word]);
            let old = class_of[word];
            for &(next, count) in list {
                after_class[next * n_classes + old] -= count;
            }
            class_total[old] -= out;
            gains.iter_mut().for_each(|gain| *gain = 0.0);
            for &(next, count) in list {
                let row = &after_class[next * n_classes..(next + 1) * n_classes];
                for (gain, &present) in gains.iter_mut().zip(row) {
                    *gain += f(present + count) - f(present);
                }
            }
            let mut best = old;
            let mut best_gain = f64::NEG_INFINITY;
            for (class, (&gain, &total)) in gains.iter().zip(&class_total).enumerate() {
                let gain = gain - (f(total + out) - f(total));
                // Strictly better than the old class's gain (by a margin against rounding) to move.
                let margin = if class == old { 0.0 } else { 1e-9 };
                if gain > best_gain + margin {
                    best_gain = gain;
                    best = class;
                }
            }
            for &(next, count) in list {
                after_class[next * n_classes + best] += count;
            }
            class_total[best] += out;
            if best != old {
                moved += 1;
            }
            class_of[word] = best;
        }
        if moved == 0 {
            break;
        }
    }
    let mut table: Vec<(String, u16)> = vocabulary
        .into_iter()
        .enumerate()
        .map(|(index, (word, _))| (word, class_of[index + 2] as u16))
        .collect();
    table.sort();
    table
}

/// How often each word is capitalised where capitals are a choice: not first in its sentence,
/// in sentences that have lower-case letters (so not headlines or MUC-4's capitals). As a class:
/// 0 seen fewer than `min_count` times there, 1 capitalised under 5% of the time, 2 under 50%,
/// 3 under 95%, 4 nearly always. A name stays a name in capitals ("KIPLING" is `kipling`, a
/// 4), which is what the tagger needs in text with no case to go by.
pub fn capitalisation_classes(sentences: &[Vec<String>], min_count: u64) -> HashMap<String, u16> {
    let mut counts: HashMap<String, (u64, u64)> = HashMap::new();
    for sentence in sentences {
        if !sentence.iter().any(|word| word.chars().any(char::is_lowercase)) {
            continue;
        }
        for word in sentence.iter().skip(1) {
            let Some(first) = word.chars().next().filter(|first| first.is_alphabetic()) else { continue };
            let entry = counts.entry(normalise(word)).or_default();
            entry.0 += 1;
            entry.1 += u64::from(first.is_uppercase());
        }
    }
    counts
        .into_iter()
        .map(|(word, (seen, capitalised))| {
            let share = capitalised as f64 / seen.max(1) as f64;
            let class = match share {
                _ if seen < min_count => 0,
                share if share < 0.05 => 1,
                share if share < 0.5 => 2,
                share if share < 0.95 => 3,
                _ => 4,
            };
            (word, class)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_a_class() {
        let mut sentences = Vec::new();
        for city in ["kabul", "kandahar", "herat"] {
            for verb in ["attacked", "bombed", "shelled"] {
                sentences.push(format!("they {verb} {city} today").split(' ').map(String::from).collect());
                sentences.push(format!("the governor of {city} said").split(' ').map(String::from).collect());
            }
        }
        let table = learn(&sentences, 4, 1, 10);
        let class = |word: &str| table.iter().find(|(known, _)| known == word).map(|&(_, class)| class);
        assert_eq!(class("kabul"), class("kandahar"));
        assert_eq!(class("kabul"), class("herat"));
        assert_ne!(class("kabul"), class("the"));
        assert_eq!(learn(&sentences, 4, 1, 10), table, "deterministic");
    }

    #[test]
    fn capitalisation_shares() {
        let sentences: Vec<Vec<String>> =
            ["Yesterday Kipling wrote", "then Kipling slept", "the end came", "KIPLING WROTE"]
                .iter()
                .map(|text| text.split(' ').map(String::from).collect())
                .collect();
        let classes = capitalisation_classes(&sentences, 2);
        assert_eq!(classes.get("kipling"), Some(&4));
        assert_eq!(classes.get("wrote"), Some(&0), "seen once where case is a choice");
        assert_eq!(classes.get("yesterday"), None, "only ever first in its sentence");
    }

    #[test]
    fn tables_parse() {
        let clusters = Clusters::parse("# c\nkabul\t3\t17\nherat\t3\t18\n");
        assert!(clusters.as_ref().is_ok_and(|clusters| clusters.of("kabul") == Some(&[3, 17][..])));
        assert_eq!(Clusters::parse("kabul\tx").err(), Some(ClustersError::Line(1)));
        assert_eq!(Clusters::parse("kabul").err(), Some(ClustersError::Line(1)));
        assert!(Clusters::parse(EMBEDDED_TABLE).is_ok());
    }
}
