//! `sightline eval muc4` and the event and quote expectations of `sightline eval seeds`.
//!
//! Gold files are read here, never by the pipeline.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use serde::Deserialize;
use sightline_contract::{DocumentRecord, EventRecord, QuoteRecord};
use sightline_eval::grit::{self, Entity, ROLES};

use crate::args::EvalMuc4Args;
use crate::eval::{read_export, read_json_lines, Export, SeedCheck};
use crate::seed_entities::{comparable, file_of, read_seed_gold};
use crate::Outcome;

#[derive(Deserialize)]
struct Muc4Document {
    id: String,
    gold: Muc4Gold,
}

#[derive(Deserialize)]
struct Muc4Gold {
    /// Role to entities, each a list of `[string, offset]` mentions.
    #[serde(default)]
    grit_extracts: BTreeMap<String, Vec<Vec<(String, serde_json::Value)>>>,
}

/// Reads the gold role fillers of a MUC-4 `docs_<split>.jsonl`, by document id.
fn read_muc4_gold(path: &Path) -> anyhow::Result<BTreeMap<String, BTreeMap<String, Vec<Entity>>>> {
    let mut gold = BTreeMap::new();
    for document in read_json_lines::<Muc4Document>(path, "a MUC-4 document")? {
        let roles = document
            .gold
            .grit_extracts
            .into_iter()
            .map(|(role, entities)| {
                let entities = entities
                    .into_iter()
                    .map(|mentions| mentions.into_iter().map(|(text, _)| text).collect())
                    .collect();
                (role, entities)
            })
            .collect();
        gold.insert(document.id, roles);
    }
    Ok(gold)
}

/// The role fillers an export's event records give one document of clean text `text`, as
/// GRIT's entities ([`grit::predicted_entities_in`]).
pub fn predicted_roles(text: &str, events: &[&EventRecord]) -> BTreeMap<&'static str, Vec<Entity>> {
    let mut strings: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for event in events {
        for participant in &event.perpetrators {
            let role = if participant.kind == "organization" { "PerpOrg" } else { "PerpInd" };
            strings.entry(role).or_default().push(participant.text.clone());
        }
        for target in &event.targets {
            let role = if target.kind == "human" { "Victim" } else { "Target" };
            strings.entry(role).or_default().push(target.text.clone());
        }
        for weapon in &event.weapons {
            strings.entry("Weapon").or_default().push(weapon.text.clone());
        }
    }
    grit::predicted_entities_in(text, strings)
}

/// `sightline eval muc4`.
pub fn run_muc4(args: &EvalMuc4Args) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let gold = read_muc4_gold(&args.gold)?;
    let export = read_export(&args.export)?;
    let scores = score_muc4(&gold, &export);
    let mut stdout = std::io::stdout().lock();
    let (scores, joined) = scores;
    if args.json {
        let counts = |c: grit::Counts| {
            serde_json::json!({"precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
                "matched": c.matched, "predicted": c.predicted, "gold": c.gold})
        };
        let per_role: BTreeMap<&str, serde_json::Value> =
            scores.per_role.iter().map(|(role, c)| (role.as_str(), counts(*c))).collect();
        let json = serde_json::json!({"documents": gold.len(), "joined": joined,
            "per_role": per_role, "micro": counts(scores.micro)});
        serde_json::to_writer_pretty(&mut stdout, &json)?;
        writeln!(stdout)?;
    } else {
        writeln!(stdout, "{} gold documents, {joined} found in the export", gold.len())?;
        write!(stdout, "{scores}")?;
        tracing::debug!("scored in {:?}", started.elapsed());
    }
    Ok(Outcome::Success)
}

/// Scores an export against MUC-4 gold; returns the scores and how many gold documents the
/// export holds. A gold document missing from the export counts with no predictions.
pub fn score_muc4(
    gold: &BTreeMap<String, BTreeMap<String, Vec<Entity>>>,
    export: &Export,
) -> (grit::Scores, usize) {
    let mut by_doc: BTreeMap<&str, Vec<&EventRecord>> = BTreeMap::new();
    for event in &export.events {
        by_doc.entry(event.doc.as_str()).or_default().push(event);
    }
    let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
    let mut texts: BTreeMap<&str, &str> = BTreeMap::new();
    for document in &export.documents {
        if let Some(given) = document.source.id.as_deref() {
            ids.entry(given).or_insert(document.id.as_str());
        }
        texts.insert(document.id.as_str(), document.text.as_str());
    }
    let mut scores = grit::Scores::default();
    let mut joined = 0;
    for (id, roles) in gold {
        let (text, events) = match ids.get(id.as_str()) {
            Some(doc) => {
                joined += 1;
                (texts.get(doc).copied().unwrap_or(""), by_doc.get(doc).cloned().unwrap_or_default())
            }
            None => ("", Vec::new()),
        };
        let predicted = predicted_roles(text, &events);
        for role in ROLES {
            let gold_entities = roles.get(role).map(Vec::as_slice).unwrap_or(&[]);
            let predicted_entities = predicted.get(role).map(Vec::as_slice).unwrap_or(&[]);
            scores.add(role, gold_entities, predicted_entities);
        }
    }
    (scores, joined)
}

#[derive(Deserialize)]
struct SeedGold {
    documents: Vec<SeedDocument>,
}

#[derive(Deserialize)]
struct SeedDocument {
    file: String,
    #[serde(default)]
    entities: Vec<SeedEntity>,
    #[serde(default)]
    events: Vec<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    quotes: Vec<SeedQuote>,
}

#[derive(Deserialize)]
struct SeedEntity {
    name: String,
    #[serde(default)]
    forms: Vec<String>,
}

#[derive(Deserialize)]
struct SeedQuote {
    speaker: Option<String>,
    speaker_description: Option<String>,
    text: String,
}

/// Case-insensitive substring either way, after [`comparable`].
fn names_match(got: &str, expected: &str) -> bool {
    let (got, expected) = (comparable(got), comparable(expected));
    !got.is_empty() && !expected.is_empty() && (got.contains(&expected) || expected.contains(&got))
}

/// The gold name and every form the gold gives it in that document.
fn forms<'a>(document: &'a SeedDocument, name: &'a str) -> Vec<&'a str> {
    let mut forms = vec![name];
    for entity in document.entities.iter().filter(|e| e.name == name) {
        forms.extend(entity.forms.iter().map(String::as_str));
    }
    forms
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace(['’', '‘'], "'")
}

/// Whether one event record meets every field of an expectation; the fields that failed.
///
/// Perpetrator, actor, affiliation and speaker names are entity-based in the gold; until
/// linking fills entity ids they are matched on the record's words against the gold name and
/// its forms, case-insensitively as a substring either way.
fn event_misses(
    document: &SeedDocument,
    text: &str,
    expected: &serde_json::Map<String, serde_json::Value>,
    event: &EventRecord,
) -> Vec<String> {
    let mut misses = Vec::new();
    let string = |key: &str| expected.get(key).and_then(|v| v.as_str());
    let any_name = |texts: Vec<&str>, name: &str| {
        let forms = forms(document, name);
        texts.iter().any(|t| forms.iter().any(|form| names_match(t, form)))
    };
    if let Some(kind) = string("type") {
        if event.event_type != kind {
            misses.push(format!("type {kind}"));
        }
    }
    if let Some(location) = string("location") {
        let got = event.location.as_ref().map(|l| l.name.as_str()).unwrap_or("");
        if !names_match(got, location) {
            misses.push(format!("location {location}"));
        }
    }
    if let Some(country) = string("country") {
        if event.location.as_ref().and_then(|l| l.country.as_deref()) != Some(country) {
            misses.push(format!("country {country}"));
        }
    }
    for key in ["perpetrator", "actor"] {
        if let Some(name) = string(key) {
            if !any_name(event.perpetrators.iter().map(|p| p.text.as_str()).collect(), name) {
                misses.push(format!("{key} {name}"));
            }
        }
    }
    if let Some(name) = string("affiliation") {
        let participants = event.perpetrators.iter().chain(&event.targets).map(|p| p.text.as_str());
        if !any_name(participants.collect(), name) && !names_match(&evidence_text(text, event), name) {
            misses.push(format!("affiliation {name}"));
        }
    }
    if let Some(target) = string("target") {
        if !any_name(event.targets.iter().map(|t| t.text.as_str()).collect(), target) {
            misses.push(format!("target {target}"));
        }
    }
    if let Some(subject) = string("subject") {
        let found = event.targets.iter().chain(&event.perpetrators).any(|t| names_match(&t.text, subject));
        if !found {
            misses.push(format!("subject {subject}"));
        }
    }
    if let Some(killed) = expected.get("killed_min").and_then(|v| v.as_u64()) {
        if event.killed.as_ref().and_then(|k| k.min).map(u64::from) != Some(killed) {
            misses.push(format!("killed_min {killed}"));
        }
    }
    if let Some(count) = expected.get("count").and_then(|v| v.as_u64()) {
        // Arrest counts have no field of their own: the number must be in the evidence.
        let evidence = evidence_text(text, event).to_lowercase();
        let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
        let spelled = words.get(count as usize).is_some_and(|w| evidence.split_whitespace().any(|t| t == *w));
        if !spelled && !evidence.split(|c: char| !c.is_ascii_digit()).any(|n| n == count.to_string()) {
            misses.push(format!("count {count}"));
        }
    }
    if let Some(date) = string("date") {
        if event.date.as_ref().and_then(|d| d.value.as_deref()) != Some(date) {
            misses.push(format!("date {date}"));
        }
    }
    if let Some(subtype) = string("subtype") {
        if event.subtype.as_deref() != Some(subtype) {
            misses.push(format!("subtype {subtype}"));
        }
    }
    if let Some(claimed) = expected.get("claimed").and_then(|v| v.as_bool()) {
        if event.claimed != Some(claimed) {
            misses.push(format!("claimed {claimed}"));
        }
    }
    misses
}

fn evidence_text(text: &str, event: &EventRecord) -> String {
    event
        .evidence
        .iter()
        .map(|e| text.chars().skip(e.start).take(e.end.saturating_sub(e.start)).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks the event and quote expectations of the seed gold; optional expectations are
/// reported but marked so, and left out of the share by the caller.
pub fn check_seed_events(gold_path: &Path, export: &Export) -> anyhow::Result<Vec<(SeedCheck, bool)>> {
    let gold: SeedGold = read_seed_gold(gold_path)?;
    let mut checks = Vec::new();
    for expected in &gold.documents {
        let documents: Vec<&DocumentRecord> =
            export.documents.iter().filter(|d| file_of(d) == Some(expected.file.as_str())).collect();
        let ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
        let text_of = |doc: &str| documents.iter().find(|d| d.id == doc).map_or("", |d| d.text.as_str());
        let events: Vec<&EventRecord> =
            export.events.iter().filter(|e| ids.contains(&e.doc.as_str())).collect();
        let quotes: Vec<&QuoteRecord> =
            export.quotes.iter().filter(|q| ids.contains(&q.doc.as_str())).collect();
        for event in &expected.events {
            let optional = event.get("optional").and_then(|v| v.as_bool()).unwrap_or(false);
            let shown: Vec<String> =
                event.iter().filter(|(k, _)| *k != "optional").map(|(k, v)| format!("{k}={v}")).collect();
            let best = events
                .iter()
                .map(|record| event_misses(expected, text_of(&record.doc), event, record))
                .min_by_key(Vec::len);
            let pass = best.as_ref().is_some_and(Vec::is_empty);
            let got = match best {
                None => "no event records".to_string(),
                Some(misses) => format!("closest misses {}", misses.join(", ")),
            };
            checks.push((
                SeedCheck {
                    file: expected.file.clone(),
                    check: format!("event {}", shown.join(" ")),
                    got,
                    pass,
                },
                optional,
            ));
        }
        for quote in &expected.quotes {
            let text = normalise(&quote.text);
            let holder = quotes.iter().find(|q| normalise(&q.text).contains(&text));
            let speaker_ok = |record: &QuoteRecord| {
                let got = record.speaker_text.as_deref().unwrap_or("");
                match (&quote.speaker, &quote.speaker_description) {
                    (Some(name), _) => forms(expected, name).iter().any(|form| names_match(got, form)),
                    (None, Some(description)) => names_match(got, description),
                    (None, None) => true,
                }
            };
            let pass = holder.is_some_and(|q| speaker_ok(q));
            let speaker = quote.speaker.as_deref().or(quote.speaker_description.as_deref()).unwrap_or("-");
            let got = match holder {
                None => "no quote with that text".to_string(),
                Some(q) => format!("speaker {:?}", q.speaker_text.as_deref().unwrap_or("(none)")),
            };
            checks.push((
                SeedCheck {
                    file: expected.file.clone(),
                    check: format!("quote {:?} by {speaker}", quote.text),
                    got,
                    pass,
                },
                false,
            ));
        }
    }
    Ok(checks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_either_way_without_titles() {
        assert!(names_match("Mr. Miller", "Matthew Miller") || names_match("Miller", "Matthew Miller"));
        assert!(names_match("ISIS", "ISIS-K"));
        assert!(names_match("the Taliban’s", "Taliban"));
        assert!(!names_match("Taliban", "Kandahar"));
    }
}
