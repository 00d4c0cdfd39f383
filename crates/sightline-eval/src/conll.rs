//! Entity-level scores for named-entity tags, as CoNLL's `conlleval` script counts them.
//!
//! A tag sequence becomes a set of chunks (first token, one past the last token, type) and a
//! predicted chunk counts only when a gold chunk has exactly the same span and type: a
//! partial overlap is both a false positive and a false negative. That is the shared task's
//! rule, and the reason published CoNLL figures are comparable with ours.
//!
//! The chunker is `conlleval`'s: a chunk starts at any `B-` tag, at an `I-` tag after `O`, and
//! at any tag whose type differs from the previous one; it ends where the next one starts or at
//! `O`. Under that rule IOB1 (where `B-` only separates two adjacent entities of one type) and
//! IOB2 (where every entity starts with `B-`) give the same chunks, so files in either scheme
//! can be scored, and even compared with each other. Tags that are neither `O` nor `B-`/`I-`
//! followed by a type are read as `O`, as `conlleval` does with unknown prefixes.

use std::collections::BTreeMap;

/// One entity: a half-open range of token positions and its type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Chunk {
    /// Position of the first token.
    pub start: usize,
    /// Position one past the last token.
    pub end: usize,
    /// The entity type: the tag with its `B-` or `I-` prefix removed.
    pub kind: String,
}

/// Splits a tag into its prefix (`'B'`, `'I'` or `'O'`) and type; anything unrecognised is `O`.
fn split_tag(tag: &str) -> (char, &str) {
    match tag.split_once('-') {
        Some(("B", kind)) if !kind.is_empty() => ('B', kind),
        Some(("I", kind)) if !kind.is_empty() => ('I', kind),
        _ => ('O', ""),
    }
}

/// The chunks of one sentence's tags, IOB1 or IOB2, in order.
pub fn chunks<S: AsRef<str>>(tags: &[S]) -> Vec<Chunk> {
    let mut found = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for (position, tag) in tags.iter().enumerate() {
        let (prefix, kind) = split_tag(tag.as_ref());
        let starts = match prefix {
            'B' => true,
            'I' => !matches!(open, Some((_, open_kind)) if open_kind == kind),
            _ => false,
        };
        if prefix == 'O' || starts {
            if let Some((start, open_kind)) = open.take() {
                found.push(Chunk { start, end: position, kind: open_kind.to_string() });
            }
        }
        if starts {
            open = Some((position, kind));
        }
    }
    if let Some((start, open_kind)) = open {
        found.push(Chunk { start, end: tags.len(), kind: open_kind.to_string() });
    }
    found
}

/// Counts of chunks for one type, or for all types together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChunkCounts {
    /// Predicted chunks that match a gold chunk exactly.
    pub correct: usize,
    /// Predicted chunks.
    pub predicted: usize,
    /// Gold chunks.
    pub gold: usize,
}

impl ChunkCounts {
    /// Precision in percent; 0 when nothing was predicted.
    pub fn precision(self) -> f64 {
        percent(self.correct, self.predicted)
    }

    /// Recall in percent; 0 when there is no gold chunk.
    pub fn recall(self) -> f64 {
        percent(self.correct, self.gold)
    }

    /// F1 in percent, the harmonic mean of precision and recall; 0 when both are 0.
    pub fn f1(self) -> f64 {
        let (precision, recall) = (self.precision(), self.recall());
        if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        }
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Chunk counts accumulated over sentences: per type and in total (the micro average).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Counts per entity type, in type order.
    pub per_type: BTreeMap<String, ChunkCounts>,
    /// Counts over all types: its F1 is the micro-averaged F1 that CoNLL reports.
    pub total: ChunkCounts,
    /// Tokens scored.
    pub n_tokens: usize,
    /// Tokens whose predicted tag equals the gold tag.
    pub n_tokens_correct: usize,
}

impl Scores {
    /// Adds one sentence; `gold` and `predicted` are its tags, one per token. Tokens past the
    /// shorter of the two are scored against `O`, so a truncated prediction loses recall rather
    /// than being skipped.
    pub fn add_sentence<G: AsRef<str>, P: AsRef<str>>(&mut self, gold: &[G], predicted: &[P]) {
        let n_tokens = gold.len().max(predicted.len());
        let at = |tags: &[String], position: usize| tags.get(position).cloned().unwrap_or_else(|| "O".into());
        let gold: Vec<String> = gold.iter().map(|tag| tag.as_ref().to_string()).collect();
        let predicted: Vec<String> = predicted.iter().map(|tag| tag.as_ref().to_string()).collect();
        let gold_full: Vec<String> = (0..n_tokens).map(|position| at(&gold, position)).collect();
        let predicted_full: Vec<String> = (0..n_tokens).map(|position| at(&predicted, position)).collect();
        self.n_tokens += n_tokens;
        self.n_tokens_correct += gold_full
            .iter()
            .zip(&predicted_full)
            .filter(|(gold_tag, predicted_tag)| gold_tag == predicted_tag)
            .count();
        let gold_chunks = chunks(&gold_full);
        let predicted_chunks = chunks(&predicted_full);
        for chunk in &gold_chunks {
            self.per_type.entry(chunk.kind.clone()).or_default().gold += 1;
            self.total.gold += 1;
        }
        for chunk in &predicted_chunks {
            let counts = self.per_type.entry(chunk.kind.clone()).or_default();
            counts.predicted += 1;
            self.total.predicted += 1;
            // Both lists are sorted by start and chunks never overlap, so a binary search finds
            // the only gold chunk that could match.
            if gold_chunks.binary_search(chunk).is_ok() {
                counts.correct += 1;
                self.total.correct += 1;
            }
        }
    }

    /// Token accuracy in percent.
    pub fn accuracy(&self) -> f64 {
        percent(self.n_tokens_correct, self.n_tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_chunks(tags: &str, expected: &[(usize, usize, &str)]) {
        let tags: Vec<&str> = tags.split_whitespace().collect();
        let got: Vec<(usize, usize, String)> =
            chunks(&tags).into_iter().map(|chunk| (chunk.start, chunk.end, chunk.kind)).collect();
        let expected: Vec<(usize, usize, String)> =
            expected.iter().map(|&(start, end, kind)| (start, end, kind.to_string())).collect();
        assert_eq!(got, expected, "tags: {tags:?}");
    }

    #[test]
    fn chunks_follow_conlleval() {
        // IOB2.
        check_chunks("B-PER I-PER O B-LOC", &[(0, 2, "PER"), (3, 4, "LOC")]);
        // IOB1: an entity may start with I-, and B- only splits two of one type.
        check_chunks("I-PER I-PER O I-LOC", &[(0, 2, "PER"), (3, 4, "LOC")]);
        check_chunks("I-PER B-PER I-PER", &[(0, 1, "PER"), (1, 3, "PER")]);
        // A change of type starts a new chunk even without B-.
        check_chunks("I-ORG I-LOC", &[(0, 1, "ORG"), (1, 2, "LOC")]);
        check_chunks("B-MISC", &[(0, 1, "MISC")]);
        check_chunks("O O", &[]);
        // Unknown tags count as O.
        check_chunks("B-PER X I-PER", &[(0, 1, "PER"), (2, 3, "PER")]);
    }

    fn check(sentences: &[(&str, &str)], expected_micro: (usize, usize, usize), expected_f1: f64) {
        let mut scores = Scores::default();
        for (gold, predicted) in sentences {
            let gold: Vec<&str> = gold.split_whitespace().collect();
            let predicted: Vec<&str> = predicted.split_whitespace().collect();
            scores.add_sentence(&gold, &predicted);
        }
        let total = scores.total;
        assert_eq!((total.correct, total.predicted, total.gold), expected_micro);
        assert!((total.f1() - expected_f1).abs() < 0.01, "f1 {}", total.f1());
    }

    #[test]
    fn scores_count_exact_spans_only() {
        check(&[("B-PER I-PER O", "B-PER I-PER O")], (1, 1, 1), 100.0);
        // A partial span is one false positive and one false negative.
        check(&[("B-PER I-PER O", "B-PER O O")], (0, 1, 1), 0.0);
        // IOB1 gold against IOB2 prediction: the same chunks.
        check(&[("I-ORG I-ORG O I-LOC", "B-ORG I-ORG O B-LOC")], (2, 2, 2), 100.0);
        // Wrong type, then a missed entity in a second sentence.
        check(&[("B-LOC O", "B-ORG O"), ("B-PER", "O")], (0, 1, 2), 0.0);
        check(&[("B-LOC O B-PER", "B-LOC O O")], (1, 1, 2), 66.67);
        // A short prediction is padded with O.
        check(&[("B-LOC O B-PER", "B-LOC")], (1, 1, 2), 66.67);
    }

    #[test]
    fn per_type_counts_and_accuracy() {
        let mut scores = Scores::default();
        scores.add_sentence(&["B-LOC", "O", "B-PER"], &["B-LOC", "O", "B-LOC"]);
        assert_eq!(scores.per_type["LOC"], ChunkCounts { correct: 1, predicted: 2, gold: 1 });
        assert_eq!(scores.per_type["PER"], ChunkCounts { correct: 0, predicted: 0, gold: 1 });
        assert!((scores.accuracy() - 66.666).abs() < 0.01);
    }
}
