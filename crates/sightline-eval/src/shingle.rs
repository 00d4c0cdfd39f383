//! The article-extraction benchmark's metric: 4-token shingle precision, recall and F1.
//!
//! A re-implementation of `evaluate.py` in scrapinghub/article-extraction-benchmark:
//! tokens are runs of word characters (`\w+`), each text becomes a multiset of 4-token
//! shingles, true and false positives and negatives are counted per document and normalised
//! by their sum so long articles weigh no more than short ones; precision and recall are
//! averaged over documents and F1 is the harmonic mean of the two averages.

use std::collections::HashMap;

/// Normalised true positives, false positives and false negatives of one document.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TpFpFn {
    /// Shingles in both texts.
    pub tp: f64,
    /// Shingles only in the prediction.
    pub fp: f64,
    /// Shingles only in the gold text.
    pub fn_: f64,
}

impl TpFpFn {
    /// This document's precision, as the benchmark defines it for edge cases.
    pub fn precision(self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fp == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fp)
        }
    }

    /// This document's recall, as the benchmark defines it for edge cases.
    pub fn recall(self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fn_ == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fn_)
        }
    }
}

/// Averaged precision and recall, and their harmonic mean.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// Mean per-document precision over documents with any predicted shingle.
    pub precision: f64,
    /// Mean per-document recall over documents with any gold shingle.
    pub recall: f64,
    /// Harmonic mean of `precision` and `recall`.
    pub f1: f64,
}

/// Splits text into the benchmark's tokens: maximal runs of alphanumeric chars or `_`.
///
/// Python's `\w` and Rust's `char::is_alphanumeric` differ on a few combining marks; on the
/// benchmark's pages this never changes a score at the third decimal.
pub fn tokenize(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut token_start = None;
    for (offset, ch) in text.char_indices() {
        let is_word = ch.is_alphanumeric() || ch == '_';
        match (is_word, token_start) {
            (true, None) => token_start = Some(offset),
            (false, Some(start)) => {
                tokens.push(&text[start..offset]);
                token_start = None;
            }
            _ => {}
        }
    }
    if let Some(start) = token_start {
        tokens.push(&text[start..]);
    }
    tokens
}

fn shingles(text: &str, n: usize) -> HashMap<Vec<&str>, usize> {
    let tokens = tokenize(text);
    let mut counts = HashMap::new();
    for start in 0..tokens.len().saturating_sub(n - 1).max(1) {
        let shingle: Vec<&str> = tokens.iter().skip(start).take(n).copied().collect();
        if !shingle.is_empty() {
            *counts.entry(shingle).or_insert(0) += 1;
        }
    }
    counts
}

/// Scores one predicted text against its gold text.
pub fn score_document(gold: &str, predicted: &str) -> TpFpFn {
    let gold_shingles = shingles(gold, 4);
    let predicted_shingles = shingles(predicted, 4);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (shingle, &gold_count) in &gold_shingles {
        let predicted_count = predicted_shingles.get(shingle).copied().unwrap_or(0);
        tp += gold_count.min(predicted_count) as f64;
        fn_ += gold_count.saturating_sub(predicted_count) as f64;
    }
    for (shingle, &predicted_count) in &predicted_shingles {
        let gold_count = gold_shingles.get(shingle).copied().unwrap_or(0);
        fp += predicted_count.saturating_sub(gold_count) as f64;
    }
    let sum = tp + fp + fn_;
    if sum > 0.0 {
        TpFpFn { tp: tp / sum, fp: fp / sum, fn_: fn_ / sum }
    } else {
        TpFpFn::default()
    }
}

/// Averages per-document results as the benchmark does.
pub fn aggregate(documents: &[TpFpFn]) -> Scores {
    let mean = |values: Vec<f64>| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let precision = mean(documents.iter().filter(|d| d.tp + d.fp > 0.0).map(|d| d.precision()).collect());
    let recall = mean(documents.iter().filter(|d| d.tp + d.fn_ > 0.0).map(|d| d.recall()).collect());
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    Scores { precision, recall, f1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one() {
        let result =
            score_document("A bomb exploded in Kabul on Thursday.", "A bomb exploded in Kabul on Thursday");
        assert_eq!(result.precision(), 1.0);
        assert_eq!(result.recall(), 1.0);
    }

    #[test]
    fn extra_text_costs_precision_only() {
        let gold = "one two three four five";
        let result = score_document(gold, "one two three four five six seven eight nine");
        assert!(result.recall() > 0.99);
        assert!((result.precision() - 2.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn short_texts_make_one_shingle() {
        assert_eq!(tokenize("ISIS-K’s 2,000"), vec!["ISIS", "K", "s", "2", "000"]);
        let result = score_document("two words", "two words");
        assert_eq!(result.tp, 1.0);
    }

    #[test]
    fn aggregate_averages_per_document() {
        let perfect = score_document("a b c d", "a b c d");
        let empty = score_document("a b c d", "");
        let scores = aggregate(&[perfect, empty]);
        assert_eq!(scores.precision, 1.0);
        assert_eq!(scores.recall, 0.5);
    }
}
