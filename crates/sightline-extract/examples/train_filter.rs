//! Trains the argument filter, and the document relevance model it reads, on MUC-4's training
//! documents.
//!
//! ```text
//! cargo run --release -p sightline-extract --example train_filter -- groups \
//!     ../shared/data/events/muc4/docs_train.jsonl data/extract/groups.txt
//! cargo run --release -p sightline-extract --example train_filter -- weights \
//!     ../shared/data/events/muc4/docs_train.jsonl data/extract/argument_filter.tsv \
//!     data/extract/relevance.tsv
//! ```
//!
//! `groups` writes the perpetrator organisations named in at least two training documents'
//! templates, one normalised name a line: the extractor proposes them wherever they appear in
//! an event's clause, since the tagger misses most group names in capitals. Rebuild after it,
//! then run `weights`, which learns from the arguments the rebuilt extractor proposes.
//!
//! Each argument the rules propose is labelled by whether its normalised words are among the
//! gold strings of its role in that document (GRIT's notion of a match); a logistic regression
//! is fitted by stochastic gradient descent in a fixed order, so the output is the same on
//! every run; the weights kept are the mean of every epoch's, and those below 0.05 in size are
//! dropped to keep the embedded file small. The threshold is chosen under 5-fold
//! cross-validation by document, whose F1 the trainer prints.
//!
//! The relevance model is the same regression over one example a document (does its template
//! hold any filler?); each argument gets its document's score from the fold model that did not
//! see the document, as one feature (stacking). The trainer also prints the best F1 a cut of
//! whole documents by that score would give: it is not applied, having lost on dev.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use sightline_extract::{relevance_feature, relevance_features, training_candidates, DocContext};

const EPOCHS: usize = 12;
/// Folds of training documents for choosing the threshold.
const FOLDS: usize = 5;
const RATE: f32 = 0.05;
const L2: f32 = 1e-5;

fn normalise(text: &str) -> String {
    let lower: String = text.to_lowercase().chars().filter(|c| !c.is_ascii_punctuation()).collect();
    lower.split_whitespace().filter(|w| !matches!(*w, "a" | "an" | "the")).collect::<Vec<_>>().join(" ")
}

fn write_groups(input: &str, output: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut documents: HashMap<String, usize> = HashMap::new();
    for line in std::io::BufReader::new(std::fs::File::open(input)?).lines() {
        let document: serde_json::Value = serde_json::from_str(&line?)?;
        let mut here: HashSet<String> = HashSet::new();
        for entity in document["gold"]["grit_extracts"]["PerpOrg"].as_array().into_iter().flatten() {
            for mention in entity.as_array().into_iter().flatten() {
                if let Some(s) = mention.get(0).and_then(|s| s.as_str()) {
                    here.insert(normalise(s));
                }
            }
        }
        for name in here {
            *documents.entry(name).or_default() += 1;
        }
    }
    let mut names: Vec<String> =
        documents.into_iter().filter(|(n, c)| *c >= 2 && !n.is_empty()).map(|(n, _)| n).collect();
    names.sort();
    std::fs::write(output, names.join("\n") + "\n")?;
    eprintln!("{} group names written", names.len());
    Ok(())
}

/// Logistic regression by stochastic gradient descent over the examples at `indexes`, in a
/// fixed shuffled order; returns the mean of the weights at the end of each epoch.
fn fit(examples: &[(Vec<String>, bool)], indexes: &[usize]) -> HashMap<String, f32> {
    let mut weights: HashMap<String, f32> = HashMap::new();
    let mut average: HashMap<String, f32> = HashMap::new();
    let mut order: Vec<usize> = indexes.to_vec();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..EPOCHS {
        for i in (1..order.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (state >> 33) as usize % (i + 1));
        }
        for &index in &order {
            let (features, label) = &examples[index];
            let score: f32 = features.iter().map(|f| weights.get(f).copied().unwrap_or(0.0)).sum();
            let probability = 1.0 / (1.0 + (-score).exp());
            let gradient = (if *label { 1.0 } else { 0.0 }) - probability;
            for feature in features {
                let weight = weights.entry(feature.clone()).or_insert(0.0);
                *weight += RATE * (gradient - L2 * *weight);
            }
        }
        // The weights written are the mean of every epoch's: one pass's last steps swing the
        // weights, and the threshold with them, more than the data warrants.
        for (feature, weight) in &weights {
            *average.entry(feature.clone()).or_insert(0.0) += weight / EPOCHS as f32;
        }
    }
    average
}

/// The cross-validated scores the thresholds are chosen on: each argument's and each
/// document's score from a model that did not see its document.
struct Held<'a> {
    examples: &'a [(Vec<String>, bool)],
    scores: &'a [f32],
    keys: &'a [String],
    /// The document of each argument.
    documents: &'a [usize],
    /// Each document's relevance score.
    relevance: &'a [f32],
    /// The role of each argument.
    roles: &'a [&'a str],
    /// Gold entities over every document.
    gold: usize,
}

impl Held<'_> {
    /// F1 when arguments scoring below `argument` and documents scoring below `document` are
    /// dropped, counting each document's role filler once at its best score and recall
    /// against every gold entity, as GRIT's metric does.
    fn f1(&self, argument: f32, document: f32) -> f32 {
        self.f1_by_role(&|_| argument, document)
    }

    /// [`Held::f1`] with a threshold for each role.
    fn f1_by_role(&self, argument: &dyn Fn(&str) -> f32, document: f32) -> f32 {
        let mut best_of: HashMap<&str, (f32, bool, &str)> = HashMap::new();
        for (index, (_, label)) in self.examples.iter().enumerate() {
            if self.relevance[self.documents[index]] < document {
                continue;
            }
            let entry = best_of.entry(self.keys[index].as_str()).or_insert((
                self.scores[index],
                *label,
                self.roles[index],
            ));
            entry.0 = entry.0.max(self.scores[index]);
        }
        let kept = best_of.values().filter(|(score, _, role)| *score >= argument(role));
        let (mut true_positives, mut predicted) = (0.0f32, 0.0f32);
        for (_, label, _) in kept {
            predicted += 1.0;
            if *label {
                true_positives += 1.0;
            }
        }
        let positives = self.gold as f32;
        if predicted + positives > 0.0 {
            2.0 * true_positives / (predicted + positives)
        } else {
            0.0
        }
    }
}

/// A threshold for each role, from `global`, by coordinate ascent on the cross-validated micro
/// F1: roles differ in how many of their candidates fill them (a weapon proposed is usually
/// one, a person named seldom a victim), which one threshold cannot follow.
fn role_thresholds(held: &Held, global: f32) -> Vec<(&'static str, f32)> {
    const ROLES: [&str; 5] = ["PerpInd", "PerpOrg", "Target", "Victim", "Weapon"];
    let mut thresholds: Vec<(&'static str, f32)> = ROLES.iter().map(|r| (*r, global)).collect();
    let of = |thresholds: &[(&str, f32)], role: &str| {
        thresholds.iter().find(|(r, _)| *r == role).map_or(global, |(_, t)| *t)
    };
    let mut best = held.f1(global, f32::NEG_INFINITY);
    for _ in 0..2 {
        for slot in 0..thresholds.len() {
            for step in 0..=40 {
                let mut trial = thresholds.clone();
                trial[slot].1 = -4.0 + step as f32 * 0.1;
                let f1 = held.f1_by_role(&|role| of(&trial, role), f32::NEG_INFINITY);
                if f1 > best + 1e-6 {
                    best = f1;
                    thresholds = trial;
                }
            }
        }
    }
    eprintln!("cross-validated F1 {:.2} with a threshold per role {thresholds:?}", 100.0 * best);
    thresholds
}

/// The argument threshold with the best cross-validated F1, every document kept. It also
/// prints the best F1 that a cut by document relevance would give, the measure that keeps the
/// relevance model a feature rather than a cut (a cut that helped here lost on dev).
fn best_threshold(held: &Held) -> f32 {
    let arguments = (0..=40).map(|step| -4.0 + step as f32 * 0.1);
    let mut alone = (0.0f32, 0.0f32);
    for argument in arguments.clone() {
        let f1 = held.f1(argument, f32::NEG_INFINITY);
        if f1 > alone.1 {
            alone = (argument, f1);
        }
    }
    eprintln!("cross-validated F1 {:.1} at threshold {:.2}", 100.0 * alone.1, alone.0);
    let mut cut = (alone.0, f32::NEG_INFINITY, alone.1);
    for argument in arguments {
        for step in 0..=60 {
            let document = -3.0 + step as f32 * 0.1;
            let f1 = held.f1(argument, document);
            if f1 > cut.2 {
                cut = (argument, document, f1);
            }
        }
    }
    eprintln!(
        "(with a cut by document relevance at {:.2} and threshold {:.2}: {:.1}; not applied)",
        cut.1,
        cut.0,
        100.0 * cut.2
    );
    alone.0
}

/// Writes the weights of at least 0.05 in size, sorted by feature, after a `#threshold<TAB>t`
/// line when there is a threshold.
fn write_weights(
    output: &str,
    thresholds: &[(&str, f32)],
    weights: HashMap<String, f32>,
) -> Result<Vec<(String, f32)>, Box<dyn std::error::Error>> {
    let mut kept: Vec<(String, f32)> = weights.into_iter().filter(|(_, w)| w.abs() >= 0.05).collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::new();
    for (role, threshold) in thresholds {
        let name = if role.is_empty() { "#threshold".to_string() } else { format!("#threshold:{role}") };
        out.push_str(&format!("{name}\t{threshold:.2}\n"));
    }
    for (feature, weight) in &kept {
        if feature.contains(['\t', '\n']) {
            continue;
        }
        out.push_str(&format!("{feature}\t{weight:.3}\n"));
    }
    std::fs::write(output, out)?;
    Ok(kept)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(input), Some(output)) = (args.get(1), args.get(2), args.get(3)) else {
        return Err("usage: train_filter groups DOCS_TRAIN.jsonl OUTPUT | \
                    weights DOCS_TRAIN.jsonl ARGUMENT_OUTPUT RELEVANCE_OUTPUT"
            .into());
    };
    if mode == "groups" {
        return write_groups(input, output);
    }
    let Some(relevance_output) = args.get(4) else {
        return Err("weights needs the relevance model's output after the argument filter's".into());
    };
    let annotator = sightline_nlp::Annotator::embedded()?;
    let mut examples: Vec<(Vec<String>, bool)> = Vec::new();
    let mut fold: Vec<usize> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut document_of: Vec<usize> = Vec::new();
    let mut roles: Vec<&str> = Vec::new();
    // One example a document: does its gold template hold any filler?
    let mut documents: Vec<(Vec<String>, bool)> = Vec::new();
    let mut gold_entities = 0usize;
    for (document_index, line) in std::io::BufReader::new(std::fs::File::open(input)?).lines().enumerate() {
        let document: serde_json::Value = serde_json::from_str(&line?)?;
        let text = document["text"].as_str().unwrap_or("");
        let published =
            document["date"].as_str().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let mut gold: HashMap<&str, HashSet<String>> = HashMap::new();
        if let Some(roles) = document["gold"]["grit_extracts"].as_object() {
            for (role, entities) in roles {
                let strings = gold.entry(role.as_str()).or_default();
                for entity in entities.as_array().into_iter().flatten() {
                    for mention in entity.as_array().into_iter().flatten() {
                        if let Some(s) = mention.get(0).and_then(|s| s.as_str()) {
                            strings.insert(normalise(s));
                        }
                    }
                }
            }
        }
        let entities = document["gold"]["grit_extracts"]
            .as_object()
            .map_or(0, |roles| roles.values().filter_map(|e| e.as_array()).map(Vec::len).sum());
        gold_entities += entities;
        let annotations = annotator.annotate(text, published);
        let context = DocContext { published, dateline: None, title: None, groups: &[] };
        documents.push((relevance_features(text, &annotations, &context), entities > 0));
        for (role, words, features) in training_candidates(text, &annotations, &context) {
            let label = gold.get(role).is_some_and(|strings| strings.contains(&normalise(&words)));
            examples.push((features, label));
            fold.push(document_index % FOLDS);
            document_of.push(document_index);
            roles.push(role);
            keys.push(format!("{document_index}|{role}|{}", normalise(&words)));
        }
    }
    let positives = examples.iter().filter(|(_, label)| *label).count();
    eprintln!("{} candidates, {positives} fill their role", examples.len());
    // The thresholds are chosen under cross-validation by document: each example is scored by
    // a model fitted without its document's fold, so the choice rests on every training
    // document rather than on the luck of one held-out fifth, whose F1 is flat enough over
    // thresholds to swing the choice by half a point. The weights written are then fitted on
    // every document.
    // Each document's relevance score comes from a model that did not see it, as it will be
    // at run time, and becomes a feature of its arguments (stacking).
    let mut relevance = vec![0.0f32; documents.len()];
    for held_out in 0..FOLDS {
        let training: Vec<usize> = (0..documents.len()).filter(|&i| i % FOLDS != held_out).collect();
        let weights = fit(&documents, &training);
        for index in (0..documents.len()).filter(|&i| i % FOLDS == held_out) {
            relevance[index] = documents[index].0.iter().filter_map(|f| weights.get(f)).sum();
        }
    }
    for (index, (features, _)) in examples.iter_mut().enumerate() {
        features.push(relevance_feature(roles[index], relevance[document_of[index]]));
    }
    let mut scores = vec![0.0f32; examples.len()];
    for held_out in 0..FOLDS {
        let training: Vec<usize> = (0..examples.len()).filter(|&i| fold[i] != held_out).collect();
        let weights = fit(&examples, &training);
        for index in (0..examples.len()).filter(|&i| fold[i] == held_out) {
            scores[index] = examples[index].0.iter().filter_map(|f| weights.get(f)).sum();
        }
    }
    let right =
        documents.iter().zip(&relevance).filter(|((_, label), score)| (**score >= 0.0) == *label).count();
    eprintln!(
        "{} of {} documents hold a filler; relevance cross-validated accuracy {:.3} at 0",
        documents.iter().filter(|(_, label)| *label).count(),
        documents.len(),
        right as f64 / documents.len() as f64
    );
    let held = Held {
        examples: &examples,
        scores: &scores,
        keys: &keys,
        documents: &document_of,
        relevance: &relevance,
        roles: &roles,
        gold: gold_entities,
    };
    let threshold = best_threshold(&held);
    let per_role = role_thresholds(&held, threshold);
    eprintln!("threshold {threshold:.2} chosen under {FOLDS}-fold cross-validation");
    let kept = write_weights(
        output,
        &[&[("", threshold)], per_role.as_slice()].concat(),
        fit(&examples, &(0..examples.len()).collect::<Vec<_>>()),
    )?;
    let table: HashMap<&str, f32> = kept.iter().map(|(k, w)| (k.as_str(), *w)).collect();
    let correct = examples
        .iter()
        .filter(|(features, label)| {
            let score: f32 = features.iter().filter_map(|f| table.get(f.as_str())).sum();
            (score >= 0.0) == *label
        })
        .count();
    eprintln!(
        "{} argument weights written; training accuracy {:.3}",
        kept.len(),
        correct as f64 / examples.len() as f64
    );
    let kept =
        write_weights(relevance_output, &[], fit(&documents, &(0..documents.len()).collect::<Vec<_>>()))?;
    eprintln!("{} relevance weights written", kept.len());
    Ok(())
}
