//! `sightline export`: the store's records in the output contract's format.

use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::Context;
use sightline_contract::{
    CountRecord, DateRecord, DocumentRecord, EntityRecord, EventRecord, EvidenceRecord, FactRecord, KbRecord,
    LocationRecord, MentionRecord, ParticipantRecord, QuoteRecord, Record, RelationRecord, SourceRecord,
    WeaponRecord,
};
use sightline_core::{CharIndex, DocId, Document};
use sightline_extract::{Count, EventDate, Extraction, Location, Span};
use sightline_nlp::DatePrecision;
use sightline_pipeline::analysis::{Analyzer, Entity, EntityIndex};
use sightline_store::Store;

use crate::args::{ExportArgs, ExportFormat, GlobalArgs};
use crate::Outcome;

/// Streams every record to stdout or a file.
pub fn run(global: &GlobalArgs, args: &ExportArgs) -> anyhow::Result<Outcome> {
    let store = crate::output::open_existing_store(global)?;
    match &args.output {
        Some(path) => {
            let file = File::create(path).with_context(|| format!("could not create {}", path.display()))?;
            let mut writer = BufWriter::new(file);
            write_records(&store, args.format, &mut writer)?;
            writer.flush().with_context(|| format!("could not write {}", path.display()))?;
        }
        None => {
            let mut writer = BufWriter::new(std::io::stdout().lock());
            write_records(&store, args.format, &mut writer)?;
            writer.flush()?;
        }
    }
    Ok(Outcome::Success)
}

/// Documents analysed together: enough to keep every core busy, few enough that memory stays
/// flat however large the store.
const ANALYSIS_CHUNK: usize = 256;

fn write_records(store: &Store, format: ExportFormat, writer: &mut dyn Write) -> anyhow::Result<()> {
    match format {
        ExportFormat::Jsonl => {
            let analyzer = Analyzer::embedded().context("could not load the embedded models")?;
            let mut entities = EntityIndex::default();
            let mut chunk: Vec<Document> = Vec::with_capacity(ANALYSIS_CHUNK);
            let mut write_error = None;
            let read = store.for_each_document(&mut |document| {
                chunk.push(document);
                if chunk.len() < ANALYSIS_CHUNK {
                    return Ok(());
                }
                let written = write_chunk(store, &analyzer, &mut entities, &mut chunk, writer);
                stop_on_write_error(written, &mut write_error)
            });
            let last = match (&read, &write_error) {
                (Ok(()), None) => write_chunk(store, &analyzer, &mut entities, &mut chunk, writer),
                _ => Ok(()),
            };
            // A failed write stops the walk; report the write error itself, so that a closed pipe
            // is recognised as one.
            if let Some(error) = write_error {
                return Err(error).context("could not write the export");
            }
            read.context("could not read documents from the store")?;
            last?;
            for entity in entities.into_entities() {
                write_record(writer, &Record::Entity(entity_record(&entity)))
                    .context("could not write the export")?;
            }
        }
    }
    Ok(())
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

/// Analyses a chunk of documents in parallel and writes each document's records, in order.
fn write_chunk(
    store: &Store,
    analyzer: &Analyzer,
    entities: &mut EntityIndex,
    chunk: &mut Vec<Document>,
    writer: &mut dyn Write,
) -> anyhow::Result<()> {
    let analyses = analyzer.analyze_all(chunk);
    for (document, analysis) in chunk.iter().zip(&analyses) {
        let mut record = DocumentRecord::from_document(document);
        record.other_sources = store
            .other_sources(&document.id)
            .context("could not read documents from the store")?
            .iter()
            .map(SourceRecord::from_source)
            .collect();
        write_record(writer, &Record::Document(record))?;
        for record in extraction_records(document, &analysis.extraction) {
            write_record(writer, &record)?;
        }
        entities.add(document, analysis);
    }
    chunk.clear();
    Ok(())
}

fn write_record(writer: &mut dyn Write, record: &Record) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *writer, record).map_err(std::io::Error::from)?;
    writer.write_all(b"\n")?;
    Ok(())
}

/// The contract's record of an entity.
pub fn entity_record(entity: &Entity) -> EntityRecord {
    EntityRecord {
        id: entity.id.clone(),
        entity_type: entity.kind.as_str().to_string(),
        name: entity.name.clone(),
        aliases: entity.aliases.clone(),
        kb: KbRecord::default(),
        roles: Vec::new(),
        mentions: entity
            .mentions
            .iter()
            .map(|mention| MentionRecord {
                doc: mention.doc.to_string(),
                start: mention.start,
                end: mention.end,
                text: mention.text.clone(),
                how: Some(mention.how.to_string()),
            })
            .collect(),
    }
}

/// The contract's records of what one document says: events, quotes, relations and facts, in
/// char offsets, each with an id hashed from the document id, its span and its kind, so that a
/// rerun over the same store gives the same ids. Entity ids stay empty until linking fills them.
pub fn extraction_records(document: &Document, extraction: &Extraction) -> Vec<Record> {
    let chars = CharIndex::new(&document.text);
    let doc = document.id.to_string();
    let char_span = |span: Span| -> (usize, usize) {
        let start = chars.char_offset(span.start).unwrap_or(0);
        (start, chars.char_offset(span.end).unwrap_or(start))
    };
    let evidence = |span: Span| {
        let (start, end) = char_span(span);
        EvidenceRecord { doc: doc.clone(), start, end }
    };
    let id = |kind: &str, span: Span, extra: &str| {
        let (start, end) = char_span(span);
        DocId::from_content(&format!("{kind}\u{1f}{doc}\u{1f}{start}\u{1f}{end}\u{1f}{extra}")).to_string()
    };
    let mut records = Vec::new();
    for event in &extraction.events {
        let participants = |arguments: &[sightline_extract::Argument]| {
            arguments
                .iter()
                .map(|a| ParticipantRecord {
                    text: a.text.clone(),
                    entity: None,
                    kind: a.kind.as_str().to_string(),
                })
                .collect()
        };
        let span = event.evidence.first().copied().unwrap_or(event.trigger);
        records.push(Record::Event(EventRecord {
            // Coordinated places ("in Moscow and Iran's Kerman") give one trigger two reports.
            id: id(
                "event",
                event.trigger,
                &format!(
                    "{}\u{1f}{}",
                    event.kind.as_str(),
                    event.location.as_ref().map_or("", |l| l.name.as_str())
                ),
            ),
            doc: doc.clone(),
            event_type: event.kind.as_str().to_string(),
            subtype: event.subtype.map(str::to_string),
            date: event.date.as_ref().map(date_record),
            location: event.location.as_ref().map(location_record),
            perpetrators: participants(&event.perpetrators),
            targets: participants(&event.targets),
            weapons: event.weapons.iter().map(|w| WeaponRecord { text: w.text.clone() }).collect(),
            killed: event.killed.as_ref().map(count_record),
            injured: event.injured.as_ref().map(count_record),
            claimed: event.claimed,
            evidence: std::iter::once(span)
                .chain(event.evidence.iter().skip(1).copied())
                .map(evidence)
                .collect(),
            confidence: event.confidence,
        }));
    }
    for quote in &extraction.quotes {
        let (start, end) = char_span(quote.span);
        records.push(Record::Quote(QuoteRecord {
            id: id("quote", quote.span, ""),
            doc: doc.clone(),
            speaker: None,
            speaker_text: quote.speaker.as_ref().map(|s| s.text.clone()),
            text: quote.text.clone(),
            start,
            end,
        }));
    }
    for relation in &extraction.relations {
        records.push(Record::Relation(RelationRecord {
            subject: relation.subject.text.clone(),
            predicate: relation.predicate.as_str().to_string(),
            object: relation.object.text.clone(),
            evidence: vec![evidence(relation.evidence)],
        }));
    }
    for fact in &extraction.facts {
        records.push(Record::Fact(FactRecord {
            id: id("fact", fact.evidence, fact.kind.as_str()),
            doc: doc.clone(),
            fact_type: fact.kind.as_str().to_string(),
            subject: None,
            subject_text: fact.subject.text.clone(),
            count: fact.count.as_ref().map(count_record),
            date: fact.date.as_ref().map(date_record),
            location: fact.place.as_ref().map(location_record),
            evidence: vec![evidence(fact.evidence)],
        }));
    }
    records
}

fn count_record(count: &Count) -> CountRecord {
    CountRecord {
        min: count.min,
        max: count.max,
        qualifier: count.qualifier.to_string(),
        text: count.text.clone(),
    }
}

fn location_record(location: &Location) -> LocationRecord {
    LocationRecord {
        entity: None,
        name: location.name.clone(),
        country: location.country.map(str::to_string),
    }
}

/// ISO 8601 truncated to the precision.
fn date_record(date: &EventDate) -> DateRecord {
    let (precision, format) = match date.precision {
        DatePrecision::Day => ("day", "%Y-%m-%d"),
        DatePrecision::Week => ("week", "%Y-%m-%d"),
        DatePrecision::Month => ("month", "%Y-%m"),
        DatePrecision::Season => ("season", "%Y-%m"),
        DatePrecision::Year => ("year", "%Y"),
    };
    DateRecord {
        value: date.value.map(|value| value.format(format).to_string()),
        precision: precision.to_string(),
        text: date.text.clone(),
    }
}
