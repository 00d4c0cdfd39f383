//! `sightline bench corpus`: what ingesting costs, from scratch and when documents are added to
//! a store that holds the rest, beside the corpus pass readers run, with peak memory and (given
//! gold incidents) B-cubed.
//!
//! The peer here is Sightline itself without its stored analyses and incidents: the ratio says
//! how much an analyst adding a day's articles to a large store saves over ingesting
//! everything again, which is what every run cost before analyses and incidents were stored.
//! The incidents of the two stores are compared: adding documents to stored incidents may fuse
//! a few differently (see `sightline_fuse::fuse_more`), and how many is reported.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use serde::Serialize;
use sightline_contract::IncidentRecord;
use sightline_ingest::Format;
use sightline_pipeline::analysis::Analyzer;
use sightline_pipeline::corpus::{Corpus, CorpusOutput};
use sightline_pipeline::facts::{add_stored_documents, analyse_unanalysed};
use sightline_pipeline::fusion::{finish_from_store, fuse_unfused};
use sightline_pipeline::{IngestOptions, Quiet};
use sightline_store::Store;

use crate::args::BenchCorpusArgs;
use crate::Outcome;

/// One timed stage.
#[derive(Serialize)]
struct Stage {
    stage: &'static str,
    documents: usize,
    seconds: f64,
    cpu_seconds: Option<f64>,
}

#[derive(Serialize)]
struct CorpusBench {
    input: String,
    documents: usize,
    added: usize,
    incidents: usize,
    /// Incidents (by id and reports) of the store fused at once that the store fused in two
    /// ingests lacks: documents fused in two calls may fuse a little differently.
    incidents_differing: usize,
    stages: Vec<Stage>,
    /// Wall time from scratch (ingest, analyse and fuse every document) over the time to add
    /// the last documents to a store holding the others (ingest, analyse and fuse those).
    speedup_of_adding: f64,
    peak_memory_mb: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bcubed: Option<crate::eval_gvc::Report>,
}

/// Runs `work` over `documents` documents as the stage named `stage`, timed in wall and CPU
/// seconds.
fn timed<T>(
    stage: &'static str,
    documents: usize,
    work: impl FnOnce() -> anyhow::Result<T>,
) -> anyhow::Result<(T, Stage)> {
    let cpu_start = crate::bench::process_cpu_seconds();
    let start = Instant::now();
    let result = work()?;
    let seconds = start.elapsed().as_secs_f64();
    let cpu_seconds = crate::bench::process_cpu_seconds().zip(cpu_start).map(|(end, start)| end - start);
    Ok((result, Stage { stage, documents, seconds, cpu_seconds }))
}

/// Runs `bench corpus`.
pub fn run(args: &BenchCorpusArgs) -> anyhow::Result<Outcome> {
    let scratch = tempfile::tempdir().context("could not create a scratch folder")?;
    let lines = read_lines(&args.input)?;
    if lines.len() <= args.add {
        bail!("{} holds {} documents; --add must be fewer", args.input.display(), lines.len());
    }
    let (earlier, added) = lines.split_at(lines.len() - args.add);
    let all_path = write_lines(scratch.path(), "all.jsonl", &lines)?;
    let earlier_path = write_lines(scratch.path(), "earlier.jsonl", earlier)?;
    let added_path = write_lines(scratch.path(), "added.jsonl", added)?;
    let analyzer = Analyzer::embedded().context("could not load the embedded models")?;

    // From scratch: every document ingested, analysed and fused, as `ingest` does.
    let scratch_db = scratch.path().join("scratch.db");
    let mut store =
        Store::open(&scratch_db).with_context(|| format!("could not open {}", scratch_db.display()))?;
    let ((), from_scratch) = timed("from scratch: ingest, analyse, fuse", lines.len(), || {
        add_and_fuse(&mut store, &all_path, &analyzer)
    })?;
    let output = corpus_pass(&store, &analyzer)?;
    let incidents = output.incidents.len();

    // A store that holds the earlier documents, analysed and fused.
    let db = scratch.path().join("incremental.db");
    let mut store = Store::open(&db).with_context(|| format!("could not open {}", db.display()))?;
    add_and_fuse(&mut store, &earlier_path, &analyzer)?;
    let (_, corpus_pass_only) =
        timed("corpus pass over stored analyses and incidents", earlier.len(), || {
            corpus_pass(&store, &analyzer)
        })?;
    let ((), adding) = timed("adding: ingest, analyse, fuse the new", added.len(), || {
        add_and_fuse(&mut store, &added_path, &analyzer)
    })?;
    let added_output = corpus_pass(&store, &analyzer)?;
    let incidents_differing = differing(&output.incidents, &added_output.incidents);

    let bcubed = match &args.gold {
        gold if gold.is_empty() => None,
        gold => {
            let export = scratch.path().join("export.jsonl");
            let mut writer = std::io::BufWriter::new(
                std::fs::File::create(&export)
                    .with_context(|| format!("could not create {}", export.display()))?,
            );
            crate::export::write_records(&store, &analyzer, crate::args::ExportFormat::Jsonl, &mut writer)?;
            writer.flush()?;
            drop(writer);
            Some(crate::eval_gvc::score(gold, &export, crate::eval_gvc::MainEvent::First)?)
        }
    };
    let report = CorpusBench {
        input: args.input.display().to_string(),
        documents: lines.len(),
        added: added.len(),
        incidents,
        incidents_differing,
        speedup_of_adding: from_scratch.seconds / adding.seconds.max(1e-9),
        stages: vec![from_scratch, corpus_pass_only, adding],
        peak_memory_mb: peak_memory_mb(),
        bcubed,
    };
    print(&report, args.json)?;
    Ok(Outcome::Success)
}

fn print(report: &CorpusBench, json: bool) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut stdout, report)?;
        writeln!(stdout)?;
        return Ok(());
    }
    writeln!(stdout, "{}: {} documents, {} incidents", report.input, report.documents, report.incidents)?;
    let rows: Vec<Vec<String>> = report
        .stages
        .iter()
        .map(|stage| {
            vec![
                stage.stage.to_string(),
                stage.documents.to_string(),
                format!("{:.2}", stage.seconds),
                stage.cpu_seconds.map_or("-".to_string(), |cpu| format!("{cpu:.2}")),
                format!("{:.0}", stage.documents as f64 / stage.seconds.max(1e-9)),
            ]
        })
        .collect();
    write!(
        stdout,
        "{}",
        crate::output::table(&["stage", "documents", "wall s", "cpu s", "documents/s"], &rows)
    )?;
    writeln!(
        stdout,
        "Adding {} documents to a store of {} takes 1/{:.1} of the time of ingesting all {} again; \
         {} of the {} incidents differ from fusing all at once.",
        report.added,
        report.documents - report.added,
        report.speedup_of_adding,
        report.documents,
        report.incidents_differing,
        report.incidents
    )?;
    if let Some(memory) = report.peak_memory_mb {
        writeln!(stdout, "Peak memory (resident, whole run): {memory:.0} MB.")?;
    }
    if let Some(score) = &report.bcubed {
        writeln!(
            stdout,
            "B-cubed P {:.1} R {:.1} F1 {:.1} (every article alone {:.1}); killed and injured exact for {:.1} % of incidents.",
            score.precision, score.recall, score.f1, score.singleton_f1, score.figures_share
        )?;
    }
    Ok(())
}

fn ingest(store: &mut Store, path: &Path) -> anyhow::Result<()> {
    let mut options = IngestOptions::default();
    options.ingest.format = Format::Jsonl;
    let summary = sightline_pipeline::ingest(&[path.to_path_buf()], &options, store, &mut Quiet)?;
    if let Some(skip) = summary.skipped.first() {
        bail!("{} record(s) could not be read, the first: {}", summary.skipped.len(), skip.message);
    }
    Ok(())
}

/// What `sightline ingest` does: store the documents, analyse those with no stored analysis,
/// and fuse them into the stored incidents.
fn add_and_fuse(store: &mut Store, path: &Path, analyzer: &Analyzer) -> anyhow::Result<()> {
    ingest(store, path)?;
    analyse_unanalysed(store, analyzer, &mut |_, _| {})?;
    fuse_unfused(store, analyzer)?;
    Ok(())
}

/// What `export` and `serve` do to read the corpus: every stored analysis, with the stored
/// incidents.
fn corpus_pass(store: &Store, analyzer: &Analyzer) -> anyhow::Result<CorpusOutput> {
    let mut corpus = Corpus::new();
    add_stored_documents(store, analyzer, &mut corpus, &mut |_, _| Ok(()))?;
    Ok(finish_from_store(store, corpus, analyzer))
}

/// How many of `first`'s incidents (by id and reports) `second` lacks.
fn differing(first: &[IncidentRecord], second: &[IncidentRecord]) -> usize {
    let key = |incident: &IncidentRecord| {
        let mut events = incident.events.clone();
        events.sort();
        (incident.id.clone(), events)
    };
    let seconds: std::collections::HashSet<_> = second.iter().map(key).collect();
    first.iter().filter(|incident| !seconds.contains(&key(incident))).count()
}

/// The input's non-empty lines: one document each.
fn read_lines(path: &Path) -> anyhow::Result<Vec<String>> {
    let file = std::fs::File::open(path).with_context(|| format!("could not open {}", path.display()))?;
    let mut lines = Vec::new();
    for line in BufReader::new(file).lines() {
        let line = line.with_context(|| format!("could not read {}", path.display()))?;
        if !line.trim().is_empty() {
            lines.push(line);
        }
    }
    Ok(lines)
}

fn write_lines(folder: &Path, name: &str, lines: &[String]) -> anyhow::Result<PathBuf> {
    let path = folder.join(name);
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(&path, text).with_context(|| format!("could not write {}", path.display()))?;
    Ok(path)
}

/// The process's peak resident memory, from `/proc/self/status` (`None` off Linux).
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024.0)
}
