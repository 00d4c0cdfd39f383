//! A trained judgement of the whole document: does wire copy report a terrorist incident of
//! its own time, or is it about something else (a military clash, a policy speech, an incident
//! of years before)? MUC-4 codes no role filler for the second kind, which is two documents in
//! five of its training split, and the argument filter, judging one argument at a time, keeps
//! a fifth of its fillers there.
//!
//! A logistic regression over the document's words and what its events say (how many, which
//! kinds, how old), trained on MUC-4's training documents by `examples/train_filter.rs`
//! (weights in `data/extract/relevance.tsv`, threshold chosen with the argument filter's under
//! cross-validation). Like the argument filter it reads only wire copy in capitals: its words
//! are 1990 Latin American wire's, and on modern news it would judge the vocabulary, not the
//! story.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use crate::filter::{age, parse_threshold, parse_weights, Summary};
use crate::{Doc, Event};

/// `feature<TAB>weight` per line, the first `#threshold<TAB>t`.
const WEIGHTS: &str = include_str!("../../../data/extract/relevance.tsv");

fn weights() -> &'static HashMap<&'static str, f32> {
    static MAP: OnceLock<HashMap<&'static str, f32>> = OnceLock::new();
    MAP.get_or_init(|| parse_weights(WEIGHTS))
}

/// The score below which a document's fillers are all dropped.
pub fn threshold() -> f32 {
    static THRESHOLD: OnceLock<f32> = OnceLock::new();
    *THRESHOLD.get_or_init(|| parse_threshold(WEIGHTS))
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
    use crate::testing::run;

    #[test]
    fn the_shipped_weights_load_with_a_threshold() {
        assert!(super::weights().len() > 100);
        assert!(super::threshold().is_finite());
    }

    #[test]
    fn a_fresh_bombing_on_the_wire_keeps_its_fillers_and_a_battle_report_loses_them() {
        let attack = "SAN SALVADOR, 5 JAN 90 -- [TEXT] URBAN GUERRILLAS OF THE FMLN TODAY DYNAMITED \
                      A POLICE POST IN SAN MIGUEL. THE BOMB DESTROYED THE POST AND KILLED TWO \
                      POLICEMEN. THE FMLN CLAIMED RESPONSIBILITY FOR THE TERRORIST ATTACK.";
        let found = run(attack);
        assert!(
            found.events.iter().any(|e| !e.weapons.is_empty() || !e.perpetrators.is_empty()),
            "{found:#?}"
        );
        let clash = "SAN SALVADOR, 5 JAN 90 -- [TEXT] THE ARMED FORCES PRESS COMMITTEE REPORTED THAT \
                     TROOPS OF THE ATLACATL BATTALION CLASHED WITH REBELS IN MORAZAN DEPARTMENT. \
                     THE MILITARY COMMAND SAID THAT THE COMBAT CONTINUED TODAY AND THAT THE \
                     OFFENSIVE OF THE ARMY WILL CONTINUE. SOLDIERS SEIZED WAR MATERIEL.";
        let found = run(clash);
        let fillers: usize =
            found.events.iter().map(|e| e.perpetrators.len() + e.targets.len() + e.weapons.len()).sum();
        assert_eq!(fillers, 0, "{found:#?}");
    }

    #[test]
    fn mixed_case_news_is_never_judged() {
        let found = run("Gunmen attacked a police post in Kabul on Monday, killing two officers.");
        assert!(found.events.iter().any(|e| !e.perpetrators.is_empty()), "{found:#?}");
    }
}
