//! Relations between actors and facts about them, from cue words between named groups.
//!
//! A cue ("affiliate", "adversaries", "fought", "member of", "splinter", "allied with") takes
//! its subject from the nearest group named before it and its object from the nearest after
//! it; a possessive ("one of its affiliates") or a plural pronoun ("They are adversaries")
//! stands for groups named before the sentence. Strength is a count of fighters or members in a
//! sentence naming one group; founding is "formed", "founded" or "established" after a group.

use sightline_nlp::ner::EntityType;

use crate::{count_of, Argument, ArgumentKind, Doc, EventDate, Fact, FactKind, Predicate, Relation, Span};

/// Finds relations and facts.
pub fn find(doc: &Doc) -> (Vec<Relation>, Vec<Fact>) {
    let mut relations = Vec::new();
    let mut facts = Vec::new();
    for (index, sentence) in doc.ann.sentences.iter().enumerate() {
        let evidence = doc.sentence_span(index);
        let groups: Vec<usize> = doc
            .ann
            .names
            .iter()
            .enumerate()
            .filter(|(i, n)| n.sentence == index && doc.is_group(*i))
            .map(|(i, _)| i)
            .collect();
        for t in sentence.token_start..sentence.token_end {
            let Some((predicate, object_before)) = cue(doc, t) else { continue };
            let before: Vec<usize> =
                groups.iter().copied().filter(|&g| doc.ann.names[g].token_end <= t).collect();
            let after = groups.iter().copied().find(|&g| doc.ann.names[g].token_start > t);
            let pair = match (before.last(), after) {
                (Some(&s), Some(o)) if !object_before => Some((s, o)),
                // "ISIS-K is one of its affiliates": object named earlier, behind "its".
                (Some(&s), _) if possessive_before(doc, t, sentence.token_start) => {
                    previous_group(doc, doc.ann.names[s].token_start, s).map(|o| (s, o))
                }
                (Some(&s), None) if before.len() >= 2 && object_before => Some((before[before.len() - 2], s)),
                (None, None) if matches!(doc.word(sentence.token_start), "they" | "both") => {
                    previous_group(doc, sentence.token_start, usize::MAX)
                        .and_then(|o| previous_group(doc, doc.ann.names[o].token_start, o).map(|s| (s, o)))
                }
                (None, Some(o)) if matches!(doc.word(sentence.token_start), "it" | "the") => {
                    previous_group(doc, sentence.token_start, usize::MAX).map(|s| (s, o))
                }
                _ => None,
            };
            let Some((subject, object)) = pair else { continue };
            if same_name(doc, subject, object) {
                continue;
            }
            let (Some(subject), Some(object)) = (
                doc.name_argument(subject, ArgumentKind::Organization),
                doc.name_argument(object, ArgumentKind::Organization),
            ) else {
                continue;
            };
            relations.push(Relation { subject, predicate, object, evidence });
            break;
        }
        if let Some(fact) = strength(doc, index, &groups) {
            facts.push(fact);
        }
        if let Some(fact) = founding(doc, index, &groups) {
            facts.push(fact);
        }
    }
    (relations, facts)
}

/// The predicate a cue word at `t` says, and whether its object comes before it in the
/// sentence ("X and Y are allies").
fn cue(doc: &Doc, t: usize) -> Option<(Predicate, bool)> {
    let next = doc.word(t + 1);
    let found = match doc.word(t) {
        "affiliate" | "affiliates" | "branch" | "franchise" | "offshoot" | "wing" | "chapter"
        | "province"
            if next == "of" || doc.word(t.wrapping_sub(1)) == "its" =>
        {
            (Predicate::AffiliateOf, false)
        }
        "affiliated" if next == "with" || next == "to" => (Predicate::AffiliateOf, false),
        "adversary" | "adversaries" | "rival" | "rivals" | "enemies" | "enemy" => {
            (Predicate::AdversaryOf, next != "of")
        }
        "fought" | "fighting" | "fights" | "clashed" | "battled" => (Predicate::AdversaryOf, false),
        "member" | "members" if next == "of" => (Predicate::MemberOf, false),
        "splinter" | "splintered" => (Predicate::SplinterOf, false),
        "broke" if next == "away" => (Predicate::SplinterOf, false),
        "allied" | "ally" | "allies" | "alliance" => (Predicate::AlliedWith, next != "with" && next != "of"),
        _ => return None,
    };
    Some(found)
}

fn possessive_before(doc: &Doc, t: usize, floor: usize) -> bool {
    (t.saturating_sub(4).max(floor)..t).any(|w| matches!(doc.word(w), "its" | "their"))
}

/// The last group named before token `before`, other than name `not`.
fn previous_group(doc: &Doc, before: usize, not: usize) -> Option<usize> {
    let not_key = doc.ann.names.get(not).map(|n| n.text(doc.text).to_lowercase());
    doc.ann
        .names
        .iter()
        .enumerate()
        .rev()
        .find(|(i, n)| {
            n.token_end <= before
                && *i != not
                && doc.is_group(*i)
                && Some(n.text(doc.text).to_lowercase()) != not_key
        })
        .map(|(i, _)| i)
}

fn same_name(doc: &Doc, a: usize, b: usize) -> bool {
    doc.ann.names[a].text(doc.text).eq_ignore_ascii_case(doc.ann.names[b].text(doc.text))
}

/// "fewer than 2,000 ISIS-K fighters": a count next to "fighters" or "members" in a sentence
/// naming a group.
fn strength(doc: &Doc, index: usize, groups: &[usize]) -> Option<Fact> {
    let sentence = &doc.ann.sentences[index];
    let quantity = doc.ann.quantities.iter().find(|q| {
        q.token_start >= sentence.token_start
            && q.token_end <= sentence.token_end
            && (q.token_end..(q.token_end + 4).min(sentence.token_end)).any(|t| {
                matches!(doc.word(t), "fighters" | "members" | "militants" | "combatants" | "recruits")
            })
    })?;
    let subject =
        groups.iter().copied().min_by_key(|&g| doc.ann.names[g].token_start.abs_diff(quantity.token_end))?;
    let date = doc
        .ann
        .dates
        .iter()
        .find(|d| d.token_start >= sentence.token_start && d.token_end <= sentence.token_end)
        .map(EventDate::from);
    Some(Fact {
        kind: FactKind::Strength,
        subject: doc.name_argument(subject, ArgumentKind::Organization)?,
        count: Some(count_of(quantity)),
        date,
        place: None,
        evidence: doc.sentence_span(index),
    })
}

/// "ISIS-K was formed in eastern Afghanistan six years ago".
fn founding(doc: &Doc, index: usize, groups: &[usize]) -> Option<Fact> {
    let sentence = &doc.ann.sentences[index];
    let cue = (sentence.token_start..sentence.token_end)
        .find(|&t| matches!(doc.word(t), "formed" | "founded" | "established" | "created" | "emerged"))?;
    let subject: Argument = match groups.iter().copied().rev().find(|&g| doc.ann.names[g].token_end <= cue) {
        Some(g) => doc.name_argument(g, ArgumentKind::Organization)?,
        None if matches!(doc.word(sentence.token_start), "it" | "the") => {
            let g = previous_group(doc, sentence.token_start, usize::MAX)?;
            doc.name_argument(g, ArgumentKind::Organization)?
        }
        None => return None,
    };
    let date = doc
        .ann
        .dates
        .iter()
        .find(|d| d.token_start > cue && d.token_end <= sentence.token_end)
        .map(EventDate::from);
    let place = doc
        .ann
        .names
        .iter()
        .enumerate()
        .find(|(_, n)| n.kind == EntityType::Loc && n.token_start > cue && n.token_end <= sentence.token_end)
        .map(|(i, n)| crate::Location {
            name: n.text(doc.text).to_string(),
            span: Span { start: n.byte_start, end: n.byte_end },
            name_index: Some(i),
            country: crate::places::country_of(n.text(doc.text)),
        });
    if date.is_none() && place.is_none() {
        return None;
    }
    Some(Fact {
        kind: FactKind::Founding,
        subject,
        count: None,
        date,
        place,
        evidence: doc.sentence_span(index),
    })
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    fn relations(text: &str) -> Vec<(String, &'static str, String)> {
        run(text)
            .relations
            .into_iter()
            .map(|r| (r.subject.text, r.predicate.as_str(), r.object.text))
            .collect()
    }

    #[test]
    fn cues_between_two_groups() {
        let found = relations("The Taliban has also fought the Islamic State in eastern provinces.");
        assert!(found.iter().any(|r| r.1 == "adversary_of"), "{found:?}");
        let found = relations("The Real IRA is a splinter group of the Provisional IRA.");
        assert!(found.iter().any(|r| r.1 == "splinter_of"), "{found:?}");
    }

    #[test]
    fn strength_counts_fighters_of_a_named_group() {
        let found = run("There are fewer than 2,000 Islamic State fighters in Afghanistan, NATO said.");
        assert!(found.facts.iter().any(|f| f.count.as_ref().and_then(|c| c.max) == Some(2000)), "{found:?}");
    }
}
