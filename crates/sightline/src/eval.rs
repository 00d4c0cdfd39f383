//! `sightline eval`: score an export against gold data.
//!
//! Gold files are read here and in tests, never by the pipeline. Scores come from
//! `sightline-eval`, so `eval`, `bench` and the tests report the same numbers.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use sightline_contract::{
    DocumentRecord, EntityRecord, EventRecord, FactRecord, IncidentRecord, QuoteRecord, Record,
    RelationRecord,
};
use sightline_eval::shingle;

use crate::args::{EvalCommand, EvalExtractionArgs, EvalNerArgs, EvalSeedsArgs};
use crate::Outcome;

/// Runs one eval command.
pub fn run(command: &EvalCommand) -> anyhow::Result<Outcome> {
    match command {
        EvalCommand::Extraction(args) => run_extraction(args),
        EvalCommand::Seeds(args) => run_seeds(args),
        EvalCommand::Ner(args) => run_ner(args),
        EvalCommand::Gvc(args) => crate::eval_gvc::run(args),
        EvalCommand::Places(args) => crate::eval_places::run(args),
        EvalCommand::Muc4(args) => crate::eval_events::run_muc4(args),
    }
}

/// Scores a CoNLL file whose last two columns are the gold and the predicted tag.
fn run_ner(args: &EvalNerArgs) -> anyhow::Result<Outcome> {
    let file = crate::tag::parse_conll(&crate::tag::read_input(&args.input)?);
    let keep = |tag: &str| -> String {
        let kind = tag.split_once('-').map_or("", |(_, kind)| kind);
        if args.types.is_empty() || args.types.iter().any(|wanted| wanted == kind) {
            tag.to_string()
        } else {
            "O".to_string()
        }
    };
    let mut scores = sightline_eval::conll::Scores::default();
    for sentence in file.documents.iter().flatten() {
        let mut gold = Vec::new();
        let mut predicted = Vec::new();
        for &index in sentence {
            match (file.column(index, -2), file.column(index, -1)) {
                (Some(gold_tag), Some(predicted_tag)) if file.column(index, 1).is_some() => {
                    gold.push(keep(gold_tag));
                    predicted.push(keep(predicted_tag));
                }
                _ => bail!(
                    "{}: line {}: a token line needs a gold and a predicted tag as its last two columns",
                    args.input.display(),
                    index + 1
                ),
            }
        }
        scores.add_sentence(&gold, &predicted);
    }
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let counts = |counts: sightline_eval::conll::ChunkCounts| {
            serde_json::json!({
                "precision": counts.precision(), "recall": counts.recall(), "f1": counts.f1(),
                "correct": counts.correct, "predicted": counts.predicted, "gold": counts.gold,
            })
        };
        let per_type: BTreeMap<&str, serde_json::Value> =
            scores.per_type.iter().map(|(kind, type_counts)| (kind.as_str(), counts(*type_counts))).collect();
        let json = serde_json::json!({
            "tokens": scores.n_tokens, "accuracy": scores.accuracy(), "micro": counts(scores.total), "per_type": per_type,
        });
        serde_json::to_writer_pretty(&mut stdout, &json)?;
        writeln!(stdout)?;
    } else {
        let total = scores.total;
        writeln!(
            stdout,
            "{} tokens, {} gold entities, {} predicted, {} correct; accuracy {:.2}%",
            scores.n_tokens,
            total.gold,
            total.predicted,
            total.correct,
            scores.accuracy()
        )?;
        for (kind, counts) in
            scores.per_type.iter().map(|(kind, counts)| (kind.as_str(), *counts)).chain([("micro", total)])
        {
            writeln!(
                stdout,
                "{kind:>6}: precision {:6.2}  recall {:6.2}  F1 {:6.2}  ({} gold)",
                counts.precision(),
                counts.recall(),
                counts.f1(),
                counts.gold
            )?;
        }
    }
    Ok(Outcome::Success)
}

/// The records of an export, by kind, in file order.
#[derive(Debug, Default)]
pub struct Export {
    /// `document` records.
    pub documents: Vec<DocumentRecord>,
    /// `entity` records.
    pub entities: Vec<EntityRecord>,
    /// `event` records.
    pub events: Vec<EventRecord>,
    /// `quote` records.
    pub quotes: Vec<QuoteRecord>,
    /// `relation` records.
    pub relations: Vec<RelationRecord>,
    /// `incident` records.
    pub incidents: Vec<IncidentRecord>,
    /// `fact` records.
    pub facts: Vec<FactRecord>,
}

/// Reads an export (JSON Lines), `-` meaning stdin.
pub fn read_export(path: &Path) -> anyhow::Result<Export> {
    let mut export = Export::default();
    for record in read_json_lines::<Record>(path, "a Sightline record")? {
        match record {
            Record::Document(document) => export.documents.push(document),
            Record::Entity(entity) => export.entities.push(entity),
            Record::Event(event) => export.events.push(event),
            Record::Quote(quote) => export.quotes.push(quote),
            Record::Relation(relation) => export.relations.push(relation),
            Record::Incident(incident) => export.incidents.push(incident),
            Record::Fact(fact) => export.facts.push(fact),
        }
    }
    Ok(export)
}

/// Reads a JSON Lines file of `T`s (`-` meaning stdin), skipping blank lines; an error names the
/// file, the line and what the line should have been (`what`).
pub fn read_json_lines<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> anyhow::Result<Vec<T>> {
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(File::open(path).with_context(|| format!("could not open {}", path.display()))?)
    };
    let mut items = Vec::new();
    for (index, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.with_context(|| format!("could not read {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let item = serde_json::from_str(&line)
            .with_context(|| format!("{}: line {}: not {what}", path.display(), index + 1))?;
        items.push(item);
    }
    Ok(items)
}

/// The benchmark item a document came from: its file name up to the first dot, so
/// `html/<id>.html.gz` and `flattened/txt/<id>.txt.gz` both give `<id>`.
pub fn benchmark_id(document: &DocumentRecord) -> Option<&str> {
    let path = document.source.path.as_deref()?;
    let file_name = Path::new(path).file_name()?.to_str()?;
    file_name.split('.').next()
}

#[derive(Deserialize)]
struct GroundTruthItem {
    #[serde(rename = "articleBody", default)]
    article_body: String,
}

/// Per-page and averaged extraction scores.
pub struct ExtractionScores {
    /// Averaged scores.
    pub scores: shingle::Scores,
    /// Per page: id and its scores.
    pub pages: Vec<(String, shingle::TpFpFn)>,
    /// Gold pages with no document in the export.
    pub missing: usize,
}

/// Scores documents against the benchmark's ground truth; a page's prediction is the text of
/// every document that came from it, in export order.
pub fn score_extraction(gold_path: &Path, documents: &[DocumentRecord]) -> anyhow::Result<ExtractionScores> {
    let gold_text = std::fs::read_to_string(gold_path)
        .with_context(|| format!("could not read {}", gold_path.display()))?;
    let gold: BTreeMap<String, GroundTruthItem> = serde_json::from_str(&gold_text)
        .with_context(|| format!("{}: not the benchmark's ground-truth.json", gold_path.display()))?;
    let mut predicted: BTreeMap<&str, String> = BTreeMap::new();
    for document in documents {
        if let Some(id) = benchmark_id(document) {
            let text = predicted.entry(id).or_default();
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&document.text);
        }
    }
    let mut pages = Vec::new();
    let mut missing = 0;
    for (id, item) in &gold {
        let prediction = predicted.get(id.as_str()).map(String::as_str).unwrap_or_else(|| {
            missing += 1;
            ""
        });
        pages.push((id.clone(), shingle::score_document(&item.article_body, prediction)));
    }
    let per_page: Vec<shingle::TpFpFn> = pages.iter().map(|(_, score)| *score).collect();
    Ok(ExtractionScores { scores: shingle::aggregate(&per_page), pages, missing })
}

fn run_extraction(args: &EvalExtractionArgs) -> anyhow::Result<Outcome> {
    let documents = read_export(&args.export)?.documents;
    let result = score_extraction(&args.gold, &documents)?;
    let mut worst = result.pages.clone();
    worst.sort_by(|a, b| f1(a.1).total_cmp(&f1(b.1)));
    worst.truncate(args.worst);
    let mut stdout = std::io::stdout().lock();
    if args.json {
        #[derive(Serialize)]
        struct Json {
            pages: usize,
            missing: usize,
            precision: f64,
            recall: f64,
            f1: f64,
            worst: Vec<(String, f64)>,
        }
        let json = Json {
            pages: result.pages.len(),
            missing: result.missing,
            precision: result.scores.precision,
            recall: result.scores.recall,
            f1: result.scores.f1,
            worst: worst.iter().map(|(id, score)| (id.clone(), f1(*score))).collect(),
        };
        serde_json::to_writer_pretty(&mut stdout, &json)?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "{} pages ({} missing from the export): precision {:.3}  recall {:.3}  F1 {:.3}",
            result.pages.len(),
            result.missing,
            result.scores.precision,
            result.scores.recall,
            result.scores.f1
        )?;
        for (id, score) in &worst {
            writeln!(
                stdout,
                "  {:.3}  P {:.3}  R {:.3}  {id}",
                f1(*score),
                score.precision(),
                score.recall()
            )?;
        }
    }
    Ok(Outcome::Success)
}

fn f1(score: shingle::TpFpFn) -> f64 {
    let (precision, recall) = (score.precision(), score.recall());
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

#[derive(Deserialize)]
struct SeedGold {
    documents: Vec<SeedDocument>,
}

#[derive(Deserialize)]
struct SeedDocument {
    file: String,
    title: Option<String>,
    dateline: Option<String>,
    source_credit: Option<String>,
    published: Option<String>,
    page_kind: Option<String>,
    page_title: Option<String>,
    #[serde(default)]
    removed: Vec<String>,
    #[serde(default)]
    kept: Vec<String>,
    #[serde(default)]
    items: Vec<String>,
}

/// One document-level expectation and whether it holds.
#[derive(Debug, Serialize)]
pub struct SeedCheck {
    /// The seed file.
    pub file: String,
    /// What was checked, with the expected value.
    pub check: String,
    /// What the export has.
    pub got: String,
    /// Whether the expectation holds.
    pub pass: bool,
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn holds(got: Option<&str>, expected: &str) -> bool {
    got.is_some_and(|got| normalise(got).contains(&normalise(expected)))
}

/// Checks every document-level expectation of the seed gold file against an export.
pub fn check_seeds(gold_path: &Path, documents: &[DocumentRecord]) -> anyhow::Result<Vec<SeedCheck>> {
    let gold: SeedGold = crate::seed_entities::read_seed_gold(gold_path)?;
    let mut checks = Vec::new();
    for expected in &gold.documents {
        let from_file: Vec<&DocumentRecord> = documents
            .iter()
            .filter(|document| crate::seed_entities::file_of(document) == Some(expected.file.as_str()))
            .collect();
        let mut check = |check: String, got: Option<&str>, pass: bool| {
            checks.push(SeedCheck {
                file: expected.file.clone(),
                check,
                got: got.unwrap_or("(none)").chars().take(120).collect(),
                pass,
            })
        };
        let Some(page) = from_file.iter().find(|document| document.parent.is_none()) else {
            check("the page is in the export".to_string(), None, false);
            continue;
        };
        if let Some(title) = &expected.title {
            check(
                format!("title contains {title:?}"),
                page.title.as_deref(),
                holds(page.title.as_deref(), title),
            );
        }
        if let Some(dateline) = &expected.dateline {
            let got = page.dateline.as_deref();
            check(format!("dateline contains {dateline:?}"), got, holds(got, dateline));
        }
        if let Some(credit) = &expected.source_credit {
            check(
                format!("credit contains {credit:?}"),
                page.credit.as_deref(),
                holds(page.credit.as_deref(), credit),
            );
        }
        if let Some(published) = &expected.published {
            let got = page.published.as_deref();
            check(
                format!("published is {published}"),
                got,
                got.is_some_and(|got| got.starts_with(published.as_str())),
            );
        }
        for removed in &expected.removed {
            let holder = from_file.iter().find(|document| holds(Some(&document.text), removed));
            check(
                format!("{removed:?} is removed"),
                holder.map(|document| document.id.as_str()),
                holder.is_none(),
            );
        }
        for kept in &expected.kept {
            let pass = from_file.iter().any(|document| holds(Some(&document.text), kept));
            check(format!("{kept:?} is kept"), None, pass);
        }
        if expected.page_kind.as_deref() == Some("listing") {
            check("the page is a listing".to_string(), Some(&page.page_kind), page.page_kind == "listing");
            if let Some(page_title) = &expected.page_title {
                check(
                    format!("listing title contains {page_title:?}"),
                    page.title.as_deref(),
                    holds(page.title.as_deref(), page_title),
                );
            }
            let stories: Vec<&&DocumentRecord> = from_file
                .iter()
                .filter(|document| document.parent.as_deref() == Some(page.id.as_str()))
                .collect();
            check(
                format!("{} stories split from the listing", expected.items.len()),
                Some(&stories.len().to_string()),
                stories.len() == expected.items.len(),
            );
            for item in &expected.items {
                let story = stories.iter().find(|story| holds(story.title.as_deref(), item));
                check(
                    format!("a story titled {item:?}"),
                    story.and_then(|story| story.title.as_deref()),
                    story.is_some_and(|story| !story.text.trim().is_empty()),
                );
            }
        }
    }
    Ok(checks)
}

fn run_seeds(args: &EvalSeedsArgs) -> anyhow::Result<Outcome> {
    let export = read_export(&args.export)?;
    if export.documents.is_empty() {
        bail!("{}: the export has no documents", args.export.display());
    }
    let checks = check_seeds(&args.gold, &export.documents)?;
    let entity_checks = crate::seed_entities::check_entities(&args.gold, &export)?;
    let entity_passed = entity_checks.iter().filter(|check| check.pass).count();
    let incident_checks = crate::seed_entities::check_incidents(&args.gold, &export)?;
    let incident_passed = incident_checks.iter().filter(|check| check.pass).count();
    let passed = checks.iter().filter(|check| check.pass).count();
    let event_checks = crate::eval_events::check_seed_events(&args.gold, &export)?;
    let required: Vec<&SeedCheck> =
        event_checks.iter().filter(|(_, optional)| !optional).map(|(check, _)| check).collect();
    let events_passed = required.iter().filter(|check| check.pass).count();
    let share = if required.is_empty() { 0.0 } else { 100.0 * events_passed as f64 / required.len() as f64 };
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let events: Vec<serde_json::Value> = event_checks
            .iter()
            .map(|(check, optional)| serde_json::json!({"check": check, "optional": optional}))
            .collect();
        serde_json::to_writer_pretty(
            &mut stdout,
            &serde_json::json!({
                "passed": passed,
                "total": checks.len(),
                "checks": checks,
                "entities": { "passed": entity_passed, "total": entity_checks.len(), "checks": entity_checks },
                "incidents": { "passed": incident_passed, "total": incident_checks.len(), "checks": incident_checks },
                "events_quotes": { "passed": events_passed, "total": required.len(), "share": share, "checks": events },
            }),
        )?;
        writeln!(stdout)?;
    } else {
        let all = checks.iter().map(|check| (check, "")).chain(
            event_checks.iter().map(|(check, optional)| (check, if *optional { " (optional)" } else { "" })),
        );
        for (check, optional) in all {
            let mark = if check.pass { "ok  " } else { "FAIL" };
            write!(stdout, "{mark}  {}  {}{optional}", check.file, check.check)?;
            if !check.pass {
                write!(stdout, "  (got {})", check.got)?;
            }
            writeln!(stdout)?;
        }
        writeln!(stdout, "\n{passed} of {} document-level seed checks hold.\n", checks.len())?;
        for check in &entity_checks {
            let mark = if check.pass { "ok  " } else { "FAIL" };
            write!(stdout, "{mark}  {}  {}", check.file, check.check)?;
            if !check.pass {
                write!(stdout, "  (got {})", check.got)?;
            }
            writeln!(stdout)?;
        }
        writeln!(stdout, "\n{entity_passed} of {} entity seed checks hold.\n", entity_checks.len())?;
        for check in &incident_checks {
            let mark = if check.pass { "ok  " } else { "FAIL" };
            writeln!(stdout, "{mark}  {}  (got {})", check.check, check.got)?;
        }
        writeln!(
            stdout,
            "\n{incident_passed} of {} seed incidents are fused as they should be.",
            incident_checks.len()
        )?;
        writeln!(
            stdout,
            "{events_passed} of {} event and quote expectations hold ({share:.1}%; optional ones not counted).",
            required.len()
        )?;
    }
    Ok(Outcome::Success)
}
