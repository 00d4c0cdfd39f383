//! `sightline ingest` and `sightline analyze`: read inputs into the store and report.

use std::io::Write;

use anyhow::Context;
use serde::Serialize;
use sightline_contract::IncidentRecord;
use sightline_pipeline::analysis::{Analyzer, Entity};
use sightline_pipeline::corpus::Corpus;
use sightline_pipeline::facts::ANALYSIS_BUILD;
use sightline_pipeline::Summary;
use sightline_store::Store;

use crate::args::{GlobalArgs, IngestArgs};
use crate::output::{fit, table};
use crate::progress::{AnalysisProgress, TerminalProgress};
use crate::Outcome;

/// Ingests and prints a one-line summary (or JSON).
pub fn run_ingest(global: &GlobalArgs, args: &IngestArgs) -> anyhow::Result<Outcome> {
    let (summary, stored, analysed) = ingest(global, args, false)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let mut report = JsonReport::new(&summary, stored, false);
        report.analysed = analysed;
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        writeln!(stdout, "{}", headline(&summary, stored, analysed, global))?;
    }
    Ok(outcome(&summary))
}

/// Ingests and prints the analysis report: what was read, document by document.
pub fn run_analyze(global: &GlobalArgs, args: &IngestArgs) -> anyhow::Result<Outcome> {
    let (summary, stored, analysed) = ingest(global, args, true)?;
    let analysis = analyze_stored(global, &summary)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let mut report = JsonReport::new(&summary, stored, true);
        report.analysed = analysed;
        report.entities = Some(analysis.entities.iter().map(JsonEntity::new).collect());
        report.incidents = Some(&analysis.incidents);
        if let Some(documents) = report.documents.as_mut() {
            for (document, names) in documents.iter_mut().zip(&analysis.names_per_document) {
                document.names = Some(*names);
            }
        }
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
        return Ok(outcome(&summary));
    }
    writeln!(stdout, "{}\n", headline(&summary, stored, analysed, global))?;
    write_incident_table(&mut stdout, &analysis.incidents)?;
    let rows: Vec<Vec<String>> = summary
        .documents
        .iter()
        .zip(&analysis.names_per_document)
        .map(|(document, names)| {
            let title = match document.kind {
                sightline_core::DocKind::Story => format!("  ↳ {}", document.title.as_deref().unwrap_or("-")),
                _ => document.title.clone().unwrap_or_else(|| "-".to_string()),
            };
            vec![
                document.published.clone().unwrap_or_else(|| "-".to_string()),
                document.kind.as_str().to_string(),
                fit(&title, 60),
                document.text_chars.to_string(),
                document.removed_blocks.to_string(),
                names.to_string(),
                fit(&document.source, 50),
            ]
        })
        .collect();
    write!(
        stdout,
        "{}",
        table(&["published", "kind", "title", "chars", "removed", "names", "source"], &rows)
    )?;
    write_entity_table(&mut stdout, &analysis.entities)?;
    if !summary.skipped.is_empty() {
        writeln!(stdout, "\nSkipped ({}):", summary.skipped.len())?;
        for skip in &summary.skipped {
            writeln!(stdout, "  {}", skip.message)?;
        }
    }
    Ok(outcome(&summary))
}

/// Incidents shown by `analyze`: the most reported first, so the table stays a screen long.
const INCIDENT_ROWS: usize = 25;

/// The headline table: incidents fused from the event reports, with their figures.
fn write_incident_table(out: &mut dyn Write, incidents: &[IncidentRecord]) -> anyhow::Result<()> {
    let violent: Vec<&IncidentRecord> = incidents
        .iter()
        .filter(|incident| {
            !matches!(incident.incident_type.as_str(), "threat" | "warning" | "arrest" | "claim")
        })
        .collect();
    if violent.is_empty() {
        writeln!(out, "No incidents found.\n")?;
        return Ok(());
    }
    // A near-copy of another document of the incident is not another source.
    let sources = |incident: &IncidentRecord| incident.docs.len() - incident.copies.len();
    let mut ranked = violent.clone();
    ranked.sort_by_key(|incident| {
        (std::cmp::Reverse(sources(incident)), std::cmp::Reverse(incident.events.len()), incident.id.clone())
    });
    let figure = |figures: &sightline_contract::FiguresRecord| match (figures.best, figures.min, figures.max)
    {
        (Some(best), Some(min), Some(max)) if min != max => format!("{best} ({min}-{max})"),
        (Some(best), _, _) => best.to_string(),
        _ => "-".to_string(),
    };
    let rows: Vec<Vec<String>> = ranked
        .iter()
        .take(INCIDENT_ROWS)
        .map(|incident| {
            let place =
                incident.location.as_ref().map_or("-".to_string(), |location| match &location.country {
                    Some(country) => format!("{}, {country}", location.name),
                    None => location.name.clone(),
                });
            vec![
                incident_date(incident),
                fit(&place, 28),
                incident.incident_type.clone(),
                fit(incident.perpetrator.as_deref().unwrap_or("-"), 34),
                figure(&incident.killed),
                figure(&incident.injured),
                incident.events.len().to_string(),
                sources(incident).to_string(),
            ]
        })
        .collect();
    writeln!(out, "Incidents ({} in all; the {} most reported):", violent.len(), rows.len())?;
    write!(
        out,
        "{}",
        table(&["date", "place", "type", "perpetrator", "killed", "injured", "reports", "sources"], &rows)
    )?;
    writeln!(out)?;
    Ok(())
}

/// An incident's date for the table: a period that is not a calendar day, month or year (a
/// report that gives no date: the month before its publication) shows as "by" its last day.
fn incident_date(incident: &IncidentRecord) -> String {
    match &incident.date {
        Some(date) if date.precision == "range" => {
            date.text.split(" to ").nth(1).map_or_else(|| "-".to_string(), |end| format!("by {end}"))
        }
        Some(date) => date.value.clone().unwrap_or_else(|| "-".into()),
        None => "-".into(),
    }
}

/// Entities shown by `analyze`: the most mentioned, so the table stays a screen long.
const ENTITY_ROWS: usize = 25;

fn write_entity_table(out: &mut dyn Write, entities: &[Entity]) -> anyhow::Result<()> {
    if entities.is_empty() {
        return Ok(());
    }
    let mut ranked: Vec<&Entity> = entities.iter().collect();
    ranked.sort_by_key(|entity| (std::cmp::Reverse(entity.mentions.len()), entity.name.as_str()));
    let rows: Vec<Vec<String>> = ranked
        .iter()
        .take(ENTITY_ROWS)
        .map(|entity| {
            vec![
                entity.kind.as_str().to_string(),
                fit(&entity.name, 40),
                entity.mentions.len().to_string(),
                documents_of(entity).to_string(),
                fit(&entity.aliases.join("; "), 50),
            ]
        })
        .collect();
    writeln!(out, "\nEntities ({} in all; the {} most mentioned):", entities.len(), rows.len())?;
    write!(out, "{}", table(&["type", "name", "mentions", "docs", "aliases"], &rows))?;
    Ok(())
}

fn documents_of(entity: &Entity) -> usize {
    let mut documents: Vec<&str> = entity.mentions.iter().map(|mention| mention.doc.as_str()).collect();
    documents.sort_unstable();
    documents.dedup();
    documents.len()
}

/// What `analyze` found in the documents of a run.
struct RunAnalysis {
    /// Names found in each document of the summary, in its order.
    names_per_document: Vec<usize>,
    entities: Vec<Entity>,
    incidents: Vec<IncidentRecord>,
}

/// Documents analysed at a time: enough for every core, few enough to keep memory flat.
const ANALYSIS_CHUNK: usize = 256;

/// Analyses the documents a run stored or found unchanged, reading them back from the store so
/// that what is reported is what `export` will give.
fn analyze_stored(global: &GlobalArgs, summary: &Summary) -> anyhow::Result<RunAnalysis> {
    let store = Store::open(&global.db)
        .with_context(|| format!("could not open the store {}", global.db.display()))?;
    let analyzer = Analyzer::embedded().context("could not load the embedded models")?;
    let mut corpus = Corpus::new();
    let mut names_per_document = Vec::with_capacity(summary.documents.len());
    for chunk in summary.documents.chunks(ANALYSIS_CHUNK) {
        let mut documents = Vec::with_capacity(chunk.len());
        for stored in chunk {
            let read = |id| {
                let document = store.document(id)?;
                let facts = store.analysis(id, ANALYSIS_BUILD)?;
                Ok::<_, sightline_store::Error>(document.map(|document| (document, facts)))
            };
            let found = read(&stored.id)
                .with_context(|| format!("could not read document {} from the store", stored.id))?
                .with_context(|| format!("document {} is missing from the store", stored.id))?;
            documents.push(found);
        }
        for ((document, _), facts) in
            documents.iter().zip(sightline_pipeline::facts::facts_of(&analyzer, &documents))
        {
            names_per_document.push(facts.names);
            let signature =
                sightline_fuse::NearDuplicates::signature(document.title.as_deref(), &document.text);
            corpus.add_facts(document, facts, signature.as_ref());
        }
    }
    let output = corpus.finish(&analyzer);
    Ok(RunAnalysis { names_per_document, entities: output.entities, incidents: output.incidents })
}

/// Runs the pipeline, then analyses the documents that have no analysis by this build (the new
/// ones, or all after an upgrade) and stores what it finds, so that `export`, `analyze` and the
/// server read it instead of analysing the corpus again. Returns the summary, the number of
/// stored documents and the number analysed. `list_documents` keeps a line per document for
/// the report (analyze), which `ingest` does without so its memory stays flat however large
/// the corpus.
fn ingest(
    global: &GlobalArgs,
    args: &IngestArgs,
    list_documents: bool,
) -> anyhow::Result<(Summary, u64, usize)> {
    let mut store = Store::open(&global.db)
        .with_context(|| format!("could not open the store {}", global.db.display()))?;
    let mut progress = TerminalProgress::new(global.quiet);
    let options = sightline_pipeline::IngestOptions { collect_documents: list_documents, ..args.options() };
    let summary = sightline_pipeline::ingest(&args.paths, &options, &mut store, &mut progress)
        .with_context(|| format!("ingest into {} failed", global.db.display()))?;
    progress.finish();
    let analyzer = Analyzer::embedded().context("could not load the embedded models")?;
    let analysing = AnalysisProgress::new(global.quiet);
    let analysed =
        sightline_pipeline::facts::analyse_unanalysed(&mut store, &analyzer, &mut |done, total| {
            analysing.update(done, total)
        })
        .with_context(|| format!("could not store the analysis in {}", global.db.display()))?;
    analysing.finish();
    fuse_unfused(&mut store, &analyzer, global)
        .with_context(|| format!("could not store the incidents in {}", global.db.display()))?;
    let stored = store.count_documents().context("could not count stored documents")?;
    Ok((summary, stored, analysed))
}

/// Analyses and stores what the store has no analysis of by this build, and fuses it into the
/// stored incidents, before a reader (`export`) walks it. A store that cannot be written (a
/// read-only file) is not an error: the reader analyses what has no stored analysis and fuses
/// in memory as it goes, and says so once here.
pub fn analyse_unanalysed(store: &mut Store, analyzer: &Analyzer, global: &GlobalArgs) {
    let analysing = AnalysisProgress::new(global.quiet);
    let stored = sightline_pipeline::facts::analyse_unanalysed(store, analyzer, &mut |done, total| {
        analysing.update(done, total)
    });
    analysing.finish();
    if let Err(error) = stored {
        if !global.quiet {
            eprintln!(
                "sightline: could not store the analysis in {} ({error}); analysing without storing it",
                global.db.display()
            );
        }
        return;
    }
    if let Err(error) = fuse_unfused(store, analyzer, global) {
        if !global.quiet {
            eprintln!(
                "sightline: could not store the incidents in {} ({error}); fusing without storing them",
                global.db.display()
            );
        }
    }
}

/// Fuses what the store analysed and has not fused, with a bar while it reads the documents.
fn fuse_unfused(
    store: &mut Store,
    analyzer: &Analyzer,
    global: &GlobalArgs,
) -> Result<usize, sightline_pipeline::fusion::FusionError> {
    let fusing = AnalysisProgress::fusing(global.quiet);
    let fused =
        sightline_pipeline::fusion::fuse_unfused_with_progress(store, analyzer, &mut |done, total| {
            fusing.update(done, total)
        });
    fusing.finish();
    fused
}

fn headline(summary: &Summary, stored: u64, analysed: usize, global: &GlobalArgs) -> String {
    let mut skipped = match summary.skipped.len() {
        0 => "nothing skipped".to_string(),
        n if global.quiet => format!("{n} skipped (run without --quiet to see why)"),
        n => format!("{n} skipped (see above)"),
    };
    if summary.written.other_source > 0 {
        skipped.push_str(&format!(
            ", {} page(s) repeat a stored document's text (their sources are recorded on it)",
            summary.written.other_source
        ));
    }
    if summary.ignored_records > 0 {
        skipped.push_str(&format!(", {} non-page record(s) ignored", summary.ignored_records));
    }
    format!(
        "Read {} input(s), {} page(s): {} document(s) new, {} unchanged, {} updated; {skipped}.\nStore {}: {stored} document(s), {analysed} analysed now (those with no analysis by this build).",
        summary.inputs,
        summary.pages,
        summary.written.inserted,
        summary.written.unchanged,
        summary.written.updated,
        global.db.display(),
    )
}

fn outcome(summary: &Summary) -> Outcome {
    match summary.skipped.len() {
        0 => Outcome::Success,
        n => Outcome::Partial(n),
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    inputs: usize,
    pages: usize,
    inserted: usize,
    unchanged: usize,
    updated: usize,
    other_source: usize,
    stored: u64,
    skipped: Vec<&'a str>,
    ignored_records: u64,
    /// Documents analysed in this run: those with no stored analysis by this build.
    analysed: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    documents: Option<Vec<JsonDocument<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entities: Option<Vec<JsonEntity<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    incidents: Option<&'a [IncidentRecord]>,
}

#[derive(Serialize)]
struct JsonEntity<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    name: &'a str,
    aliases: &'a [String],
    mentions: usize,
    documents: usize,
}

impl<'a> JsonEntity<'a> {
    fn new(entity: &'a Entity) -> JsonEntity<'a> {
        JsonEntity {
            id: &entity.id,
            kind: entity.kind.as_str(),
            name: &entity.name,
            aliases: &entity.aliases,
            mentions: entity.mentions.len(),
            documents: documents_of(entity),
        }
    }
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    id: &'a str,
    kind: &'a str,
    title: Option<&'a str>,
    published: Option<&'a str>,
    source: &'a str,
    text_chars: usize,
    removed_blocks: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    names: Option<usize>,
}

impl<'a> JsonReport<'a> {
    fn new(summary: &'a Summary, stored: u64, with_documents: bool) -> JsonReport<'a> {
        JsonReport {
            inputs: summary.inputs,
            pages: summary.pages,
            inserted: summary.written.inserted,
            unchanged: summary.written.unchanged,
            updated: summary.written.updated,
            other_source: summary.written.other_source,
            stored,
            skipped: summary.skipped.iter().map(|skip| skip.message.as_str()).collect(),
            ignored_records: summary.ignored_records,
            analysed: 0,
            documents: with_documents.then(|| {
                summary
                    .documents
                    .iter()
                    .map(|document| JsonDocument {
                        id: document.id.as_str(),
                        kind: document.kind.as_str(),
                        title: document.title.as_deref(),
                        published: document.published.as_deref(),
                        source: &document.source,
                        text_chars: document.text_chars,
                        removed_blocks: document.removed_blocks,
                        names: None,
                    })
                    .collect()
            }),
            entities: None,
            incidents: None,
        }
    }
}
