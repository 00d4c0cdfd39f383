//! `sightline export`: the store's records in the output contract's format (JSON Lines), or the
//! incidents and actors in the formats analysts' tools read: CSV in GTD-like columns, a STIX 2.1
//! bundle, GeoJSON.
//!
//! JSON Lines streams documents as they are analysed; the other formats need the whole corpus
//! (incidents exist only after fusion), so they keep a small summary of each document instead
//! of its text, and share one view of the data (`sightline_pipeline::dataset`, which the server
//! reads too).

use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::Context;
use sightline_contract::{DocumentRecord, DuplicateRecord, Record, SourceRecord};
use sightline_pipeline::analysis::Analyzer;
use sightline_pipeline::corpus::{Corpus, CorpusOutput};
use sightline_pipeline::dataset::{Dataset, DocumentSummary};
use sightline_pipeline::facts::add_stored_documents;
use sightline_pipeline::records::entity_record;
use sightline_store::Store;

use crate::args::{ExportArgs, ExportFormat, GlobalArgs};
use crate::Outcome;

mod csv;
mod geojson;
mod stix;

/// Streams every record to stdout or a file.
pub fn run(global: &GlobalArgs, args: &ExportArgs) -> anyhow::Result<Outcome> {
    let mut store = crate::output::open_existing_store(global)?;
    let analyzer = Analyzer::embedded().context("could not load the embedded models")?;
    crate::ingest::analyse_unanalysed(&mut store, &analyzer, global);
    match &args.output {
        Some(path) => {
            let file = File::create(path).with_context(|| format!("could not create {}", path.display()))?;
            let mut writer = BufWriter::new(file);
            write_records(&store, &analyzer, args.format, &mut writer)?;
            writer.flush().with_context(|| format!("could not write {}", path.display()))?;
        }
        None => {
            let mut writer = BufWriter::new(std::io::stdout().lock());
            write_records(&store, &analyzer, args.format, &mut writer)?;
            writer.flush()?;
        }
    }
    Ok(Outcome::Success)
}

pub(crate) fn write_records(
    store: &Store,
    analyzer: &Analyzer,
    format: ExportFormat,
    writer: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        ExportFormat::Jsonl => {
            let output =
                analyse(store, analyzer, &mut |record| write_record(writer, &Record::Document(record)))?;
            let entities = output.entities.iter().map(|entity| Record::Entity(entity_record(entity)));
            let incidents = output.incidents.into_iter().map(Record::Incident);
            for record in entities.chain(output.records).chain(incidents) {
                write_record(writer, &record).context("could not write the export")?;
            }
        }
        ExportFormat::Csv | ExportFormat::Stix | ExportFormat::Geojson => {
            let mut documents = Vec::new();
            let output = analyse(store, analyzer, &mut |record| {
                documents.push(DocumentSummary::from_record(record));
                Ok(())
            })?;
            let dataset = Dataset::new(documents, output);
            let written = match format {
                ExportFormat::Csv => csv::write(&dataset, writer),
                ExportFormat::Stix => stix::write(&dataset, writer),
                _ => geojson::write(&dataset, writer),
            };
            written.context("could not write the export")?;
        }
    }
    Ok(())
}

/// Adds every stored document to the corpus (with its stored facts), hands each document record
/// to `sink` as soon as it is added (so JSON Lines streams), and returns what the corpus holds
/// across documents.
fn analyse(
    store: &Store,
    analyzer: &Analyzer,
    sink: &mut dyn FnMut(DocumentRecord) -> anyhow::Result<()>,
) -> anyhow::Result<CorpusOutput> {
    let mut corpus = Corpus::new();
    let mut write_error = None;
    let read = add_stored_documents(store, analyzer, &mut corpus, &mut |document, duplicate| {
        let written = (|| {
            let mut record = DocumentRecord::from_document(document);
            record.other_sources = store
                .other_sources(&document.id)
                .context("could not read documents from the store")?
                .iter()
                .map(SourceRecord::from_source)
                .collect();
            record.duplicate_of = duplicate.map(|(id, similarity)| DuplicateRecord { id, similarity });
            sink(record)
        })();
        stop_on_write_error(written, &mut write_error)
    });
    // A failed write stops the walk; report the write error itself, so that a closed pipe
    // is recognised as one.
    if let Some(error) = write_error {
        return Err(error).context("could not write the export");
    }
    read.context("could not read documents from the store")?;
    Ok(sightline_pipeline::fusion::finish_from_store(store, corpus, analyzer))
}

/// Turns a write failure inside the store's walk into the error that stops the walk, keeping the
/// write error to report.
fn stop_on_write_error(
    written: anyhow::Result<()>,
    write_error: &mut Option<anyhow::Error>,
) -> Result<(), sightline_store::Error> {
    written.map_err(|error| {
        let reason = format!("{error:#}");
        *write_error = Some(error);
        sightline_store::Error::Stopped { reason }
    })
}

fn write_record(writer: &mut dyn Write, record: &Record) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *writer, record).map_err(std::io::Error::from)?;
    writer.write_all(b"\n")?;
    Ok(())
}
