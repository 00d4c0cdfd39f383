//! `sightline ingest` and `sightline analyze`: read inputs into the store and report.

use std::io::Write;

use anyhow::Context;
use serde::Serialize;
use sightline_pipeline::Summary;
use sightline_store::Store;

use crate::args::{GlobalArgs, IngestArgs};
use crate::output::{fit, table};
use crate::progress::TerminalProgress;
use crate::Outcome;

/// Ingests and prints a one-line summary (or JSON).
pub fn run_ingest(global: &GlobalArgs, args: &IngestArgs) -> anyhow::Result<Outcome> {
    let (summary, stored) = ingest(global, args, false)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &JsonReport::new(&summary, stored, false))?;
        writeln!(stdout)?;
    } else {
        writeln!(stdout, "{}", headline(&summary, stored, global))?;
    }
    Ok(outcome(&summary))
}

/// Ingests and prints the analysis report: what was read, document by document.
pub fn run_analyze(global: &GlobalArgs, args: &IngestArgs) -> anyhow::Result<Outcome> {
    let (summary, stored) = ingest(global, args, true)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &JsonReport::new(&summary, stored, true))?;
        writeln!(stdout)?;
        return Ok(outcome(&summary));
    }
    writeln!(stdout, "{}\n", headline(&summary, stored, global))?;
    let rows: Vec<Vec<String>> = summary
        .documents
        .iter()
        .map(|document| {
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
                fit(&document.source, 50),
            ]
        })
        .collect();
    write!(stdout, "{}", table(&["published", "kind", "title", "chars", "removed", "source"], &rows))?;
    if !summary.skipped.is_empty() {
        writeln!(stdout, "\nSkipped ({}):", summary.skipped.len())?;
        for skip in &summary.skipped {
            writeln!(stdout, "  {}", skip.message)?;
        }
    }
    Ok(outcome(&summary))
}

/// Runs the pipeline; `list_documents` keeps a line per document for the report (analyze), which
/// `ingest` does without so its memory stays flat however large the corpus.
fn ingest(global: &GlobalArgs, args: &IngestArgs, list_documents: bool) -> anyhow::Result<(Summary, u64)> {
    let mut store = Store::open(&global.db)
        .with_context(|| format!("could not open the store {}", global.db.display()))?;
    let mut progress = TerminalProgress::new(global.quiet);
    let options = sightline_pipeline::IngestOptions { collect_documents: list_documents, ..args.options() };
    let summary = sightline_pipeline::ingest(&args.paths, &options, &mut store, &mut progress)
        .with_context(|| format!("ingest into {} failed", global.db.display()))?;
    progress.finish();
    let stored = store.count_documents().context("could not count stored documents")?;
    Ok((summary, stored))
}

fn headline(summary: &Summary, stored: u64, global: &GlobalArgs) -> String {
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
        "Read {} input(s), {} page(s): {} document(s) new, {} unchanged, {} updated; {skipped}.\nStore {}: {stored} document(s).",
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
    #[serde(skip_serializing_if = "Option::is_none")]
    documents: Option<Vec<JsonDocument<'a>>>,
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
                    })
                    .collect()
            }),
        }
    }
}
