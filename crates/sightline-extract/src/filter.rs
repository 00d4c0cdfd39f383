//! A trained filter over the arguments the rules propose: a logistic regression over the
//! argument's words and its position relative to the trigger, trained on MUC-4's training
//! documents (`examples/train_filter.rs`, weights in `data/extract/argument_filter.tsv`).
//!
//! The rules find most role fillers but propose many that are not ("people", "the army" as a
//! perpetrator, a president who only spoke). Whether "members" or "the army" fills a role is
//! a matter of counts over many documents, which is what a trained model is for. There is no
//! bias weight: the all-capitals feature stands in for one on wire copy, so on modern news an
//! argument is dropped only when its own features say so, not because of MUC-4's priors.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::{Argument, ArgumentKind, Doc, Event};

/// `feature<TAB>weight` per line.
const WEIGHTS: &str = include_str!("../../../data/extract/argument_filter.tsv");

fn weights() -> &'static HashMap<&'static str, f32> {
    static WEIGHTS_MAP: OnceLock<HashMap<&'static str, f32>> = OnceLock::new();
    WEIGHTS_MAP.get_or_init(|| parse_weights(WEIGHTS))
}

/// The `feature<TAB>weight` lines of an embedded weights file; `#` lines are not weights.
pub(crate) fn parse_weights(text: &'static str) -> HashMap<&'static str, f32> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (feature, weight) = line.split_once('\t')?;
            Some((feature, weight.parse().ok()?))
        })
        .collect()
}

/// The `#threshold<TAB>t` line of an embedded weights file; 0 when missing.
pub(crate) fn parse_threshold(text: &str) -> f32 {
    text.lines().find_map(|line| line.strip_prefix("#threshold\t")?.parse().ok()).unwrap_or(0.0)
}

/// The MUC-4 role an argument fills, by the list it is in and its kind.
pub fn role(list: List, kind: ArgumentKind) -> &'static str {
    match (list, kind) {
        (List::Perpetrators, ArgumentKind::Organization) => "PerpOrg",
        (List::Perpetrators, _) => "PerpInd",
        (List::Targets, ArgumentKind::Human) => "Victim",
        (List::Targets, _) => "Target",
        (List::Weapons, _) => "Weapon",
    }
}

/// Which of an event's lists an argument is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// `perpetrators`.
    Perpetrators,
    /// `targets`.
    Targets,
    /// `weapons`.
    Weapons,
}

/// What a document's events say of the whole story: MUC-4 codes the incidents a story reports
/// as news, and a story that only recalls old ones, or reports none, has nothing to code.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Events, follow-ups included.
    pub(crate) events: usize,
    /// Violent events dated within two months before the document, or by it.
    pub(crate) recent: usize,
    /// Events dated more than two months before.
    pub(crate) old: usize,
    /// How many times each argument's lower-cased words are proposed across the document's
    /// events: templates code the people and things a story keeps coming back to.
    repeats: HashMap<String, usize>,
    /// Where the first violent report's trigger starts: the story's main incident, usually.
    first_violent: Option<usize>,
}

impl Summary {
    /// Counts a document's events.
    pub fn of(doc: &Doc, events: &[Event]) -> Summary {
        let reports = events.iter().filter(|e| !e.follow_up);
        let recent = reports
            .clone()
            .filter(|e| e.kind.is_violent() && matches!(age(doc, e), "day" | "month" | "?"))
            .count();
        let old = reports.clone().filter(|e| age(doc, e) == "old").count();
        let first_violent = reports.clone().find(|e| e.kind.is_violent()).map(|e| e.trigger.start);
        let mut repeats: HashMap<String, usize> = HashMap::new();
        for event in events {
            for argument in event.perpetrators.iter().chain(&event.targets).chain(&event.weapons) {
                *repeats.entry(argument.text.to_lowercase()).or_default() += 1;
            }
        }
        Summary { events: events.len(), recent, old, repeats, first_violent }
    }
}

/// The features of one argument of one event.
pub fn features(doc: &Doc, event: &Event, argument: &Argument, role: &str, summary: &Summary) -> Vec<String> {
    let tokens = &doc.ann.tokens;
    let first = tokens.partition_point(|t| t.byte_start < argument.span.start);
    let end = tokens.partition_point(|t| t.byte_start < argument.span.end);
    let anchor = tokens.partition_point(|t| t.byte_start < event.trigger.start);
    let words: Vec<&str> = (first..end).map(|t| doc.word(t)).collect();
    let head = words.last().copied().unwrap_or("");
    let mut features = vec![
        format!("{role}|head={head}"),
        format!("{role}|first={}", words.first().copied().unwrap_or("")),
        format!("{role}|n={}", words.len().min(4)),
        format!("{role}|prev={}", doc.word(first.wrapping_sub(1))),
        format!("{role}|prev2={}", doc.word(first.wrapping_sub(2))),
        format!("{role}|next={}", doc.word(end)),
        format!("{role}|type={}", event.kind.as_str()),
        format!("{role}|side={}", if first > anchor { "after" } else { "before" }),
        format!("{role}|dist={}", bucket(first.abs_diff(anchor))),
        format!("{role}|trigger={}", if event.follow_up { "(none)" } else { doc.word(anchor) }),
        format!("{role}|events={}", bucket(summary.events)),
        format!("{role}|recent={}", summary.recent.min(3)),
        format!("{role}|old={}", summary.old.min(3)),
        format!("{role}|sentence={}", doc.ann.sentence_of_token(first).unwrap_or(0).min(6)),
    ];
    if doc.all_caps {
        features.push(format!("{role}|caps"));
    }
    // MUC-4 keeps incidents of the story's own time, not those recalled from years before.
    features.push(format!("{role}|age={}", age(doc, event)));
    match argument.name {
        Some(index) => {
            let kind = doc.ann.names.get(index).map_or("?", |n| match n.kind {
                sightline_nlp::ner::EntityType::Per => "per",
                sightline_nlp::ner::EntityType::Org => "org",
                sightline_nlp::ner::EntityType::Loc => "loc",
                sightline_nlp::ner::EntityType::Misc => "misc",
            });
            features.push(format!("{role}|name={kind}"));
        }
        None => features.push(format!("{role}|phrase={}", words.join(" "))),
    }
    if event.follow_up {
        features.push(format!("{role}|follow-up"));
    }
    let repeats = summary.repeats.get(&argument.text.to_lowercase()).copied().unwrap_or(0);
    features.push(format!("{role}|repeats={}", repeats.min(4)));
    let main = summary.first_violent.map_or("none", |first| match event.trigger.start.cmp(&first) {
        std::cmp::Ordering::Less => "before",
        std::cmp::Ordering::Equal => "main",
        std::cmp::Ordering::Greater => "after",
    });
    features.push(format!("{role}|incident={main}"));
    if event.killed.is_some() {
        features.push(format!("{role}|killed"));
    }
    features
}

/// How long before the document's date the event happened: "day" (up to a week), "month"
/// (up to two months), "old", or "?" when either date is unknown.
pub(crate) fn age(doc: &Doc, event: &Event) -> &'static str {
    let happened = event.date.as_ref().filter(|d| d.span.is_some()).and_then(|d| d.value);
    let (Some(published), Some(happened)) = (doc.context.published, happened) else { return "?" };
    match (published - happened).num_days() {
        ..=-1 => "later",
        0..=7 => "day",
        8..=62 => "month",
        _ => "old",
    }
}

fn bucket(n: usize) -> usize {
    match n {
        0..=2 => n,
        3..=5 => 3,
        6..=10 => 6,
        _ => 11,
    }
}

/// The score an argument of `role` needs, chosen by the trainer on held-out training
/// documents: the role's own line (`#threshold:Victim`), else the global one.
fn threshold(role: &str) -> f32 {
    static THRESHOLDS: OnceLock<(f32, HashMap<&'static str, f32>)> = OnceLock::new();
    let (global, per_role) = THRESHOLDS.get_or_init(|| {
        let per_role = WEIGHTS
            .lines()
            .filter_map(|line| {
                let (name, value) = line.strip_prefix("#threshold:")?.split_once('\t')?;
                Some((name, value.parse().ok()?))
            })
            .collect();
        (parse_threshold(WEIGHTS), per_role)
    });
    per_role.get(role).copied().unwrap_or(*global)
}

/// The document's relevance score (see `relevance`) as a feature of one of its arguments, in
/// steps of one: the filter weighs it with the argument's own evidence. A hard cut by document
/// was measured and lost: it drops every filler of a relevant story it misjudges (MUC-4 dev
/// 44.2 -> 42.9). Not among [`candidates`]' features: the trainer adds it from a relevance
/// model that did not see the document, as at run time.
pub fn relevance_feature(role: &str, score: f32) -> String {
    format!("{role}|relevance={}", score.clamp(-4.0, 4.0).round() as i32)
}

/// The filter's score: an argument is kept at or above [`threshold`].
pub fn score(features: &[String]) -> f32 {
    let weights = weights();
    features.iter().filter_map(|f| weights.get(f.as_str())).sum()
}

/// Drops the arguments of wire copy in capitals that the filter scores below its threshold.
pub fn apply(doc: &Doc, events: &mut [Event]) {
    if weights().is_empty() || !doc.all_caps {
        return;
    }
    let summary = Summary::of(doc, events);
    let relevance = crate::relevance::score(&crate::relevance::features(doc, events, &summary));
    for target in events.iter_mut() {
        let event = target.clone();
        let keep = |argument: &Argument, list: List| {
            let role = role(list, argument.kind);
            let mut features = features(doc, &event, argument, role, &summary);
            features.push(relevance_feature(role, relevance));
            score(&features) >= threshold(role)
        };
        target.perpetrators.retain(|a| keep(a, List::Perpetrators));
        target.targets.retain(|a| keep(a, List::Targets));
        target.weapons.retain(|a| keep(a, List::Weapons));
    }
}

/// Every argument of every event with its role and features, before filtering: what the
/// trainer learns from.
pub fn candidates(doc: &Doc, events: &[Event]) -> Vec<(&'static str, String, Vec<String>)> {
    let mut found = Vec::new();
    let summary = Summary::of(doc, events);
    for event in events {
        let lists = [
            (List::Perpetrators, &event.perpetrators),
            (List::Targets, &event.targets),
            (List::Weapons, &event.weapons),
        ];
        for (list, arguments) in lists {
            for argument in arguments {
                let role = role(list, argument.kind);
                found.push((role, argument.text.clone(), features(doc, event, argument, role, &summary)));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn the_shipped_weights_load_with_a_threshold() {
        assert!(super::weights().len() > 1000);
        assert!(super::threshold("Victim") < 0.0, "the trainer chose a threshold below zero");
    }

    #[test]
    fn wire_copy_keeps_attackers_and_weapons_and_merges_follow_up_sentences() {
        let text = "SAN SALVADOR, 5 JAN 90 -- URBAN GUERRILLAS OF THE FMLN TODAY ATTACKED A POLICE POST \
                    WITH DYNAMITE.\n\nTHE BOMB DESTROYED THE POST AND DAMAGED SEVERAL HOUSES.";
        let found = run(text);
        assert!(found.events.iter().all(|e| !e.follow_up));
        let weapons: Vec<&str> =
            found.events.iter().flat_map(|e| &e.weapons).map(|w| w.text.as_str()).collect();
        assert!(weapons.contains(&"DYNAMITE"), "{found:#?}");
        let perpetrators: Vec<&str> =
            found.events.iter().flat_map(|e| &e.perpetrators).map(|p| p.text.as_str()).collect();
        assert!(perpetrators.contains(&"URBAN GUERRILLAS"), "{perpetrators:?}");
    }
}
