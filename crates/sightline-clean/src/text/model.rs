//! The line classifier: two stacked logistic regressions over line features.
//!
//! Stage one scores each line from its own features and its neighbours' shapes. Stage two
//! sees the same features plus the stage-one probabilities around the line and the line's
//! place relative to the densest run of stage-one probability, which is how it learns that a
//! short line inside the article is kept and the same line in a menu is not. A linear model is
//! enough because the features already encode the interactions that matter (length buckets,
//! position relative to the body), and it keeps the shipped weights small, readable and fast.
//!
//! The weights are trained by our own code ([`LineModel::train`], run by the
//! `train_line_model` example) on pages whose article body is known, and shipped as the text
//! file `line_model.txt` beside this module, embedded at compile time. Regenerate it with
//! `cargo run -p sightline-clean --release --example train_line_model -- <benchmark folder>`.

use std::collections::HashMap;

use crate::text::features::{densest_run, page_features, position_relative_to, Features, FEATURE_NAMES};
use crate::text::lines::{split_lines, Line};

/// The shipped model, trained on the article-extraction benchmark's flattened pages.
const EMBEDDED_MODEL: &str = include_str!("line_model.txt");

/// The stage-two probability at which a line is kept. Below one half because a wrongly
/// dropped paragraph costs the benchmark's page-averaged recall more than a wrongly kept short
/// line costs its precision; 0.45 was the best round value under 5-fold cross-validation by
/// page (0.4 to 0.5 all scored within 0.005 F1).
const KEEP_THRESHOLD: f32 = 0.45;

/// The stages, by the names the model file uses.
const STAGE_NAMES: [&str; 2] = ["stage1", "stage2"];

/// Names of the features stage two adds to stage one's.
const CONTEXT_NAMES: [&str; N_CONTEXT] = [
    "p",
    "prev_p",
    "next_p",
    "window_p",
    "in_probable_run",
    "before_probable_run",
    "after_probable_run",
    "log_distance_to_probable_run",
    "p_relative_to_page_max",
    "page_max_p",
];
const N_CONTEXT: usize = 10;

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ModelError {
    /// A line is not `<stage> <name> <mean> <scale> <weight>` or a known header.
    #[error("line model line {line_number} is malformed: {text:?}")]
    Malformed {
        /// 1-based line number in the model file.
        line_number: usize,
        /// The offending line.
        text: String,
    },
    /// A feature the code computes has no weight in the file.
    #[error("line model lacks a weight for {stage} feature {name:?}")]
    MissingFeature {
        /// "stage1" or "stage2".
        stage: &'static str,
        /// The feature's name.
        name: String,
    },
}

/// One logistic regression: standardisation, weights and bias.
#[derive(Debug, Clone, PartialEq)]
struct Stage {
    mean: Vec<f32>,
    scale: Vec<f32>,
    weights: Vec<f32>,
    bias: f32,
}

impl Stage {
    fn probability(&self, features: &[f32]) -> f32 {
        let mut logit = self.bias;
        for (index, &value) in features.iter().enumerate() {
            let (Some(mean), Some(scale), Some(weight)) =
                (self.mean.get(index), self.scale.get(index), self.weights.get(index))
            else {
                continue;
            };
            logit += weight * (value - mean) / scale;
        }
        1.0 / (1.0 + (-logit).exp())
    }
}

/// A trained line classifier. [`LineModel::embedded`] is the one the cleaner uses unless
/// [`crate::CleanConfig`] supplies another (as cross-validation does).
#[derive(Debug, Clone, PartialEq)]
pub struct LineModel {
    /// Stage one reads line features; each later stage reads them plus the context of the
    /// previous stage's probabilities.
    stages: Vec<Stage>,
    /// Lines whose last-stage probability reaches this are kept.
    threshold: f32,
}

/// One page for training: its flattened text and its known article body.
#[derive(Debug, Clone)]
pub struct TrainingPage {
    /// The flattened page, one block per line.
    pub content: String,
    /// The article body as a human marked it.
    pub gold_body: String,
}

impl LineModel {
    /// The model shipped with the crate. Returns `None` only if the embedded file is broken,
    /// which the crate's tests rule out.
    pub fn embedded() -> Option<&'static LineModel> {
        static MODEL: std::sync::OnceLock<Option<LineModel>> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| LineModel::parse(EMBEDDED_MODEL).ok()).as_ref()
    }

    /// Reads a model from the text format [`LineModel::to_text`] writes.
    pub fn parse(text: &str) -> Result<LineModel, ModelError> {
        let mut threshold = 0.5;
        let mut rows: HashMap<(String, String), (f32, f32, f32)> = HashMap::new();
        let mut biases: HashMap<String, f32> = HashMap::new();
        for (index, row) in text.lines().enumerate() {
            let row = row.trim();
            if row.is_empty() || row.starts_with('#') {
                continue;
            }
            let malformed = || ModelError::Malformed { line_number: index + 1, text: row.to_string() };
            let fields: Vec<&str> = row.split_whitespace().collect();
            let number = |field: Option<&&str>| field.and_then(|value| value.parse::<f32>().ok());
            match fields.as_slice() {
                ["threshold", value] => threshold = number(Some(value)).ok_or_else(malformed)?,
                [stage, "bias", value] => {
                    biases.insert((*stage).to_string(), number(Some(value)).ok_or_else(malformed)?);
                }
                [stage, name, mean, scale, weight] => {
                    let values = (number(Some(mean)), number(Some(scale)), number(Some(weight)));
                    let (Some(mean), Some(scale), Some(weight)) = values else { return Err(malformed()) };
                    rows.insert(((*stage).to_string(), (*name).to_string()), (mean, scale, weight));
                }
                _ => return Err(malformed()),
            }
        }
        let build = |stage: &'static str, names: &[&str]| -> Result<Stage, ModelError> {
            let mut built = Stage {
                mean: Vec::new(),
                scale: Vec::new(),
                weights: Vec::new(),
                bias: biases.get(stage).copied().unwrap_or(0.0),
            };
            for name in names {
                let Some(&(mean, scale, weight)) = rows.get(&(stage.to_string(), (*name).to_string())) else {
                    return Err(ModelError::MissingFeature { stage, name: (*name).to_string() });
                };
                built.mean.push(mean);
                built.scale.push(if scale > 0.0 { scale } else { 1.0 });
                built.weights.push(weight);
            }
            Ok(built)
        };
        let mut stages = vec![build(STAGE_NAMES[0], &FEATURE_NAMES)?];
        for stage_name in &STAGE_NAMES[1..] {
            stages.push(build(stage_name, &stage2_names())?);
        }
        Ok(LineModel { stages, threshold })
    }

    /// Writes the model in the format [`LineModel::parse`] reads: one feature per line, so a
    /// diff of two trainings reads as a table.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        text.push_str("# Sightline line model: two stacked logistic regressions over line features.\n");
        text.push_str(
            "# <stage> <feature> <mean> <scale> <weight>; weights apply to (value - mean) / scale.\n",
        );
        text.push_str(
            "# Regenerate: cargo run -p sightline-clean --release --example train_line_model -- <benchmark folder>\n",
        );
        text.push_str(
            "# Trained on the article-extraction benchmark, flattened text and gold bodies\n\
             # (scrapinghub/article-extraction-benchmark; MIT, Copyright (c) 2020 Scrapinghub).\n",
        );
        text.push_str(&format!("threshold {}\n", self.threshold));
        for (index, (stage_name, stage)) in STAGE_NAMES.iter().zip(&self.stages).enumerate() {
            let names = if index == 0 { FEATURE_NAMES.to_vec() } else { stage2_names() };
            text.push_str(&format!("{stage_name} bias {:.5}\n", stage.bias));
            for (index, name) in names.iter().enumerate() {
                let mean = stage.mean.get(index).copied().unwrap_or(0.0);
                let scale = stage.scale.get(index).copied().unwrap_or(1.0);
                let weight = stage.weights.get(index).copied().unwrap_or(0.0);
                text.push_str(&format!("{stage_name} {name} {mean:.5} {scale:.5} {weight:.5}\n"));
            }
        }
        text
    }

    /// The probability threshold at which a line is kept.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// A copy with another keep threshold, for measuring the precision/recall trade-off.
    pub fn with_threshold(&self, threshold: f32) -> LineModel {
        LineModel { threshold, ..self.clone() }
    }

    /// The probability that each line is article text.
    pub(crate) fn predict(&self, features: &[Features]) -> Vec<f32> {
        let mut stages = self.stages.iter();
        let Some(first) = stages.next() else { return vec![0.5; features.len()] };
        let mut probabilities: Vec<f32> = features.iter().map(|row| first.probability(row)).collect();
        for stage in stages {
            let rows = stage2_rows(features, &probabilities);
            probabilities = rows.iter().map(|row| stage.probability(row)).collect();
        }
        probabilities
    }

    /// Trains a model on pages with known article bodies.
    ///
    /// A line is labelled article text when its whitespace-normalised text occurs in the gold
    /// body; a short line (under five words) only when it also lies between the first and last
    /// long lines so labelled, because a one-word menu entry ("News") occurs in almost any body.
    /// Each page weighs the same in training, and within a page a line weighs by its length,
    /// because the benchmark scores the share of each page's text that is right.
    pub fn train(pages: &[TrainingPage]) -> LineModel {
        let mut examples: Vec<(Features, f32, f32)> = Vec::new();
        let mut page_ranges = Vec::new();
        for page in pages {
            let lines = split_lines(&page.content);
            let (_, features) = page_features(&lines);
            let labels = label_lines(&lines, &page.gold_body);
            let weight_of = |line: &Line<'_>| line.words + 2.0;
            let total_weight: f32 = lines.iter().map(weight_of).sum::<f32>().max(1.0);
            let start = examples.len();
            for ((line, row), label) in lines.iter().zip(features).zip(labels) {
                examples.push((row, f32::from(u8::from(label)), weight_of(line) / total_weight));
            }
            page_ranges.push(start..examples.len());
        }
        let stage1_rows: Vec<Vec<f32>> = examples.iter().map(|(row, ..)| row.to_vec()).collect();
        let labels: Vec<f32> = examples.iter().map(|(_, label, ..)| *label).collect();
        let weights: Vec<f32> = examples.iter().map(|(_, _, weight)| *weight).collect();
        let mut stages = Vec::new();
        let mut rows = stage1_rows;
        for stage_index in 0..STAGE_NAMES.len() {
            if stage_index > 0 {
                // The next stage must learn from probabilities like those it will see on new
                // pages, so each page's are predicted by a stage fitted without that page
                // (cross-fitting); probabilities a stage gives its own training pages are
                // overconfident.
                let probabilities = cross_fitted_probabilities(&rows, &labels, &weights, &page_ranges);
                let mut next_rows = Vec::with_capacity(examples.len());
                for range in &page_ranges {
                    let page_rows: Vec<Features> =
                        examples[range.clone()].iter().map(|(row, ..)| *row).collect();
                    let page_probabilities = probabilities.get(range.clone()).unwrap_or_default();
                    next_rows.extend(stage2_rows(&page_rows, page_probabilities));
                }
                rows = next_rows;
            }
            stages.push(fit_logistic(&rows, &labels, &weights));
        }
        LineModel { stages, threshold: KEEP_THRESHOLD }
    }
}

/// Folds used when cross-fitting one stage's probabilities for the next.
const CROSS_FIT_FOLDS: usize = 5;

/// Each row's probability under a stage fitted on the other pages' rows.
fn cross_fitted_probabilities(
    rows: &[Vec<f32>],
    labels: &[f32],
    weights: &[f32],
    page_ranges: &[std::ops::Range<usize>],
) -> Vec<f32> {
    let mut probabilities = vec![0.5; rows.len()];
    for fold in 0..CROSS_FIT_FOLDS {
        let in_fold = |page_index: usize| page_index % CROSS_FIT_FOLDS == fold;
        let (mut fold_rows, mut fold_labels, mut fold_weights) = (Vec::new(), Vec::new(), Vec::new());
        for (_, range) in page_ranges.iter().enumerate().filter(|(page_index, _)| !in_fold(*page_index)) {
            for row_index in range.clone() {
                fold_rows.push(rows[row_index].clone());
                fold_labels.push(labels[row_index]);
                fold_weights.push(weights[row_index]);
            }
        }
        if fold_rows.is_empty() {
            continue;
        }
        let stage = fit_logistic(&fold_rows, &fold_labels, &fold_weights);
        for (_, range) in page_ranges.iter().enumerate().filter(|(page_index, _)| in_fold(*page_index)) {
            for row_index in range.clone() {
                probabilities[row_index] = stage.probability(&rows[row_index]);
            }
        }
    }
    probabilities
}

fn stage2_names() -> Vec<&'static str> {
    FEATURE_NAMES.iter().chain(CONTEXT_NAMES.iter()).copied().collect()
}

/// Stage two's input: each line's features followed by the stage-one context.
fn stage2_rows(features: &[Features], stage1: &[f32]) -> Vec<Vec<f32>> {
    let n_lines = stage1.len();
    let scores: Vec<f32> = stage1.iter().map(|p| p - 0.5).collect();
    let run = densest_run(&scores);
    // Relative to the page's best line, because some pages are all short lines and then the
    // article is the best of a weak lot.
    let page_max = stage1.iter().copied().fold(0.0f32, f32::max);
    let window_mean = |range: std::ops::Range<usize>, skip: usize| {
        let values: Vec<f32> = range.filter(|&j| j != skip).filter_map(|j| stage1.get(j).copied()).collect();
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f32>() / values.len() as f32
        }
    };
    features
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let mut extended = row.to_vec();
            let position = position_relative_to(run, index);
            extended.extend([
                stage1.get(index).copied().unwrap_or(0.0),
                window_mean(index.saturating_sub(2)..index, n_lines),
                window_mean(index + 1..(index + 3).min(n_lines), n_lines),
                window_mean(index.saturating_sub(5)..(index + 6).min(n_lines), index),
                position[0],
                position[1],
                position[2],
                position[3],
                stage1.get(index).copied().unwrap_or(0.0) / page_max.max(1e-3),
                page_max,
            ]);
            extended
        })
        .collect()
}

/// Whitespace-normalised text, for comparing lines with a gold body.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<&str>>().join(" ")
}

/// Labels each line as article text (true) or not, as [`LineModel::train`] describes.
pub(crate) fn label_lines(lines: &[Line<'_>], gold_body: &str) -> Vec<bool> {
    let body = normalise(gold_body);
    let found: Vec<bool> = lines.iter().map(|line| body.contains(&normalise(line.text))).collect();
    let long_found: Vec<usize> =
        (0..lines.len()).filter(|&index| found[index] && lines[index].words >= 5.0).collect();
    let (Some(&first), Some(&last)) = (long_found.first(), long_found.last()) else {
        return found.iter().zip(lines).map(|(&is_found, line)| is_found && line.words >= 5.0).collect();
    };
    found
        .iter()
        .zip(lines)
        .enumerate()
        .map(|(index, (&is_found, line))| is_found && (line.words >= 5.0 || (first..=last).contains(&index)))
        .collect()
}

/// Fits an L2-regularised logistic regression by full-batch gradient descent with Adam on
/// standardised features. Deterministic: the same data gives the same weights.
fn fit_logistic(rows: &[Vec<f32>], labels: &[f32], weights: &[f32]) -> Stage {
    let n_features = rows.first().map_or(0, Vec::len);
    let total_weight: f64 = weights.iter().map(|&w| f64::from(w)).sum::<f64>().max(f64::MIN_POSITIVE);
    let mut mean = vec![0.0f64; n_features];
    let mut variance = vec![0.0f64; n_features];
    for (row, &weight) in rows.iter().zip(weights) {
        for (index, &value) in row.iter().enumerate() {
            mean[index] += f64::from(weight) * f64::from(value) / total_weight;
        }
    }
    for (row, &weight) in rows.iter().zip(weights) {
        for (index, &value) in row.iter().enumerate() {
            let deviation = f64::from(value) - mean[index];
            variance[index] += f64::from(weight) * deviation * deviation / total_weight;
        }
    }
    let scale: Vec<f64> = variance.iter().map(|v| if *v > 1e-12 { v.sqrt() } else { 1.0 }).collect();
    let standardised: Vec<Vec<f64>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(index, &value)| (f64::from(value) - mean[index]) / scale[index])
                .collect()
        })
        .collect();

    const EPOCHS: usize = 600;
    const LEARNING_RATE: f64 = 0.05;
    const L2: f64 = 1e-2;
    let mut coefficients = vec![0.0f64; n_features + 1];
    let mut first_moment = vec![0.0f64; n_features + 1];
    let mut second_moment = vec![0.0f64; n_features + 1];
    for epoch in 1..=EPOCHS {
        let mut gradient = vec![0.0f64; n_features + 1];
        for ((row, &label), &weight) in standardised.iter().zip(labels).zip(weights) {
            let logit: f64 =
                coefficients[n_features] + row.iter().zip(&coefficients).map(|(x, w)| x * w).sum::<f64>();
            let error = (1.0 / (1.0 + (-logit).exp()) - f64::from(label)) * f64::from(weight) / total_weight;
            for (index, x) in row.iter().enumerate() {
                gradient[index] += error * x;
            }
            gradient[n_features] += error;
        }
        for index in 0..n_features {
            gradient[index] += L2 * coefficients[index];
        }
        for index in 0..=n_features {
            first_moment[index] = 0.9 * first_moment[index] + 0.1 * gradient[index];
            second_moment[index] = 0.999 * second_moment[index] + 0.001 * gradient[index] * gradient[index];
            let corrected_first = first_moment[index] / (1.0 - 0.9f64.powi(epoch as i32));
            let corrected_second = second_moment[index] / (1.0 - 0.999f64.powi(epoch as i32));
            coefficients[index] -= LEARNING_RATE * corrected_first / (corrected_second.sqrt() + 1e-8);
        }
    }
    Stage {
        mean: mean.iter().map(|&m| m as f32).collect(),
        scale: scale.iter().map(|&s| s as f32).collect(),
        weights: coefficients[..n_features].iter().map(|&w| w as f32).collect(),
        bias: coefficients[n_features] as f32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_parses() {
        assert!(LineModel::embedded().is_some());
    }

    #[test]
    fn model_text_round_trips() {
        let Some(model) = LineModel::embedded() else { panic!("embedded model is broken") };
        let reparsed = LineModel::parse(&model.to_text());
        assert_eq!(reparsed.map(|model| model.to_text()), Ok(model.to_text()));
    }

    fn check(model_text: &str, expected: Result<(), ModelError>) {
        assert_eq!(LineModel::parse(model_text).map(|_| ()), expected);
    }

    #[test]
    fn reports_broken_model_files() {
        check(
            "stage1 log_words x 1 1",
            Err(ModelError::Malformed { line_number: 1, text: "stage1 log_words x 1 1".into() }),
        );
        check("", Err(ModelError::MissingFeature { stage: "stage1", name: "log_words".into() }));
    }

    #[test]
    fn labels_lines_found_in_the_body() {
        let lines = split_lines("News\nA bomb went off in the city center today.\nNews\nPolice said five people died there.\nNews");
        let labels = label_lines(
            &lines,
            "A bomb went off in the city center today. News Police said five people died there.",
        );
        assert_eq!(labels, vec![false, true, true, true, false]);
    }
}
