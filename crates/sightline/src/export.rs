//! `sightline export`: the store's records in the output contract's format.

use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::Context;
use sightline_contract::{DocumentRecord, Record, SourceRecord};
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

fn write_records(store: &Store, format: ExportFormat, writer: &mut dyn Write) -> anyhow::Result<()> {
    match format {
        ExportFormat::Jsonl => {
            let mut write_error = None;
            let read = store.for_each_document(&mut |document| {
                let mut record = DocumentRecord::from_document(&document);
                record.other_sources =
                    store.other_sources(&document.id)?.iter().map(SourceRecord::from_source).collect();
                let record = Record::Document(record);
                let written = serde_json::to_writer(&mut *writer, &record)
                    .map_err(std::io::Error::from)
                    .and_then(|()| writer.write_all(b"\n"));
                match written {
                    Ok(()) => Ok(()),
                    Err(error) => {
                        let reason = error.to_string();
                        write_error = Some(error);
                        Err(sightline_store::Error::Stopped { reason })
                    }
                }
            });
            // A failed write stops the walk; report the write error itself, so that a closed pipe
            // is recognised as one.
            if let Some(error) = write_error {
                return Err(error).context("could not write the export");
            }
            read.context("could not read documents from the store")?;
        }
    }
    Ok(())
}
