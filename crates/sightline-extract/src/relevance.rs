//! A trained judgement of the whole document: does wire copy report a terrorist incident of
//! its own time, or is it about something else (a military clash, a policy speech, an incident
//! of years before)? MUC-4 codes no role filler for the second kind, which is half of its
//! training documents, and the argument filter, judging one argument at a time, kept a fifth
//! of its fillers there.
//!
//! A logistic regression over the document's words and what its events say (how many, which
//! kinds, how old), trained on MUC-4's training documents by `examples/train_filter.rs`
//! (weights in `data/extract/relevance.tsv`; 77 % of held-out training documents judged right).
//! Its score is a feature of the argument filter, not a cut (see `filter::relevance_feature`).
//! Like the argument filter it is read only on wire copy in capitals: its words are 1990 Latin
//! American wire's, and on modern news it would judge the vocabulary, not the story; so the
//! seed pages and GVC's news never reach it.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use crate::filter::{age, parse_weights, Summary};
use crate::{Doc, Event};

/// `feature<TAB>weight` per line.
const WEIGHTS: &str = include_str!("../../../data/extract/relevance.tsv");

fn weights() -> &'static HashMap<&'static str, f32> {
    static MAP: OnceLock<HashMap<&'static str, f32>> = OnceLock::new();
    MAP.get_or_init(|| parse_weights(WEIGHTS))
}

/// The features of a document, given the events the rules found in it before any filtering.
pub fn features(doc: &Doc, events: &[Event], summary: &Summary) -> Vec<String> {
    let mut features = vec![
        "bias".to_string(),
        format!("events={}", summary.events.min(8)),
        format!("recent={}", summary.recent.min(4)),
        format!("old={}", summary.old.min(4)),
    ];
    let reports: Vec<&Event> = events.iter().filter(|e| !e.follow_up).collect();
    if let Some(first) = reports.first() {
        features.push(format!("first={}", first.kind.as_str()));
        features.push(format!("first-age={}", age(doc, first)));
        let sentence =
            doc.ann.sentence_of_token(doc.ann.tokens.partition_point(|t| t.byte_start < first.trigger.start));
        features.push(format!("first-sentence={}", sentence.unwrap_or(9).min(4)));
    }
    let mut seen = BTreeSet::new();
    for event in &reports {
        seen.insert(format!("kind={}", event.kind.as_str()));
        seen.insert(format!("kind-age={}|{}", event.kind.as_str(), age(doc, event)));
        if event.killed.is_some() {
            seen.insert("killed".to_string());
        }
    }
    // Words once each: whether a story speaks of "guerrillas", "troops" or "talks" at all says
    // more of what it is about than how often.
    for (index, word) in doc.words.iter().enumerate() {
        if word.len() < 3 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        seen.insert(format!("w={word}"));
        // The opening sentences carry the story's subject; later ones drift to background.
        if doc.ann.sentence_of_token(index).is_some_and(|s| s < 2) {
            seen.insert(format!("lead={word}"));
        }
    }
    features.extend(seen);
    features
}

/// The model's score of a document; positive leans to "reports an incident".
/// Read on wire copy in capitals only (the argument filter's `apply` checks).
pub fn score(features: &[String]) -> f32 {
    let weights = weights();
    features.iter().filter_map(|f| weights.get(f.as_str())).sum()
}

#[cfg(test)]
mod tests {
    use crate::testing::annotator;
    use crate::{Doc, DocContext};

    fn score(text: &str) -> f32 {
        let published = chrono::NaiveDate::from_ymd_opt(1990, 1, 5);
        let annotations = annotator().annotate(text, published);
        let context = DocContext { published, dateline: None, title: None, groups: &[] };
        let doc = Doc::new(text, &annotations, &context);
        let quotes = crate::quotes::find(&doc);
        let events = crate::events::find(&doc, &quotes);
        let summary = super::Summary::of(&doc, &events);
        super::score(&super::features(&doc, &events, &summary))
    }

    #[test]
    fn the_shipped_weights_load() {
        assert!(super::weights().len() > 1000);
    }

    #[test]
    fn a_fresh_bombing_scores_above_a_battle_report() {
        let attack = score(
            "SAN SALVADOR, 5 JAN 90 -- [TEXT] URBAN TERRORISTS TODAY DYNAMITED A POLICE POST IN SAN \
             MIGUEL. THE BOMB DESTROYED THE POST AND KILLED TWO POLICEMEN. THE FMLN CLAIMED \
             RESPONSIBILITY FOR THE TERRORIST ATTACK.",
        );
        let clash = score(
            "SAN SALVADOR, 5 JAN 90 -- [TEXT] THE ARMED FORCES PRESS COMMITTEE REPORTED THAT TROOPS \
             OF THE ATLACATL BATTALION CLASHED WITH REBELS IN MORAZAN DEPARTMENT. THE MILITARY \
             COMMAND SAID THAT THE COMBAT CONTINUED TODAY. SOLDIERS SEIZED WAR MATERIEL.",
        );
        assert!(attack > clash, "attack {attack}, clash {clash}");
    }
}
