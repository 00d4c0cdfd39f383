//! Fusion kept in the store, so that new documents update the incidents in place.
//!
//! [`fuse_unfused`] takes the documents analysed since the last fusion, loads only the stored
//! incidents their reports could join (by the weeks and countries [`blocks_to_search`] names),
//! fuses the new reports into them with [`fuse_more`], and writes the incidents that changed,
//! the documents fused and their headline words, all in one transaction: a run stopped half
//! way leaves the store as it was, and running it again does the same work. Adding documents
//! therefore costs time in proportion to them and the incidents of their weeks, not to the
//! corpus; an incident no new report touched keeps its row and its id.
//!
//! What one call sees at once is fused as [`sightline_fuse::fuse_incidents`] would fuse it;
//! documents arriving in several calls can be fused a little differently from the same
//! documents in one call (see [`fuse_more`]). The state is per build: a store fused by another
//! build, or whose fused documents changed or went, is fused again from the start.
//!
//! Undated documents: as in [`crate::corpus::Corpus::finish`], an undated document whose
//! reports joined incidents other documents date is analysed again with that bound on when it
//! was written; here its new analysis is stored, so readers see it without analysing again.

use std::collections::HashMap;
use std::io::Read;

use chrono::NaiveDate;
use flate2::read::ZlibDecoder;
use flate2::{Compress, Compression, FlushCompress, Status};
use rayon::prelude::*;
use sightline_core::DocId;
use sightline_fuse::{
    blocks_to_search, distinctive_keywords, fuse_more, FusionUpdate, Report, StoredIncident,
};
use sightline_store::{FusionWrite, Store};

use crate::analysis::Analyzer;
use crate::corpus::{bound_of, gained_bound, incident_starts, redated_facts, Corpus, CorpusOutput};
use crate::facts::{DocumentFacts, ANALYSIS_BUILD};

/// Documents read at a time.
const CHUNK: usize = 256;

/// What fusion needs of a document being fused.
struct Fusing {
    id: DocId,
    /// It has no publication date.
    undated: bool,
    /// Its event reports, headline words as stored (all of them).
    reports: Vec<Report>,
}

/// A failure of stored fusion.
#[derive(Debug, thiserror::Error)]
pub enum FusionError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] sightline_store::Error),
    /// A stored incident cannot be read back (written by a broken build, or damaged).
    #[error("stored incident {index} of the blocks read is unreadable: {reason}")]
    Unreadable {
        /// Its place among the incidents read.
        index: usize,
        /// What failed.
        reason: String,
    },
}

/// Fuses the reports of every document analysed by this build and not fused yet into the
/// stored incidents; returns how many documents were fused. See the module doc.
pub fn fuse_unfused(store: &mut Store, analyzer: &Analyzer) -> Result<usize, FusionError> {
    fuse_unfused_with_progress(store, analyzer, &mut |_, _| {})
}

/// [`fuse_unfused`], calling `progress(done, total)` as the documents to fuse are read.
pub fn fuse_unfused_with_progress(
    store: &mut Store,
    analyzer: &Analyzer,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize, FusionError> {
    if store.fusion_build()?.as_deref() != Some(ANALYSIS_BUILD) {
        store.clear_fusion()?;
    }
    let ids = store.unfused_documents(ANALYSIS_BUILD)?;
    if ids.is_empty() {
        return Ok(0);
    }
    // Only what fusion needs of each document is kept, read a chunk at a time, so memory holds
    // the reports of the new documents and not their texts and records.
    let mut documents: Vec<Fusing> = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let mut read = Vec::with_capacity(chunk.len());
        for id in chunk {
            let (Some(document), Some(bytes)) = (store.document(id)?, store.analysis(id, ANALYSIS_BUILD)?)
            else {
                continue;
            };
            read.push((document, bytes));
        }
        documents.par_extend(read.par_iter().map(|(document, bytes)| {
            let facts = DocumentFacts::from_bytes(&document.id, bytes).unwrap_or_else(|error| {
                tracing::warn!("{error}; analysing it again");
                DocumentFacts::of(document, &analyzer.analyze(document))
            });
            Fusing { id: document.id.clone(), undated: document.published.is_none(), reports: facts.reports }
        }));
        progress(documents.len(), ids.len());
    }

    // Headline words are distinctive by how many documents lead with them, these included.
    let words: Vec<&[String]> =
        documents.iter().filter_map(|document| Some(document.reports.first()?.keywords.as_slice())).collect();
    let all_words: Vec<String> = words.iter().flat_map(|words| words.iter().cloned()).collect();
    let (stored_counts, stored_reporting) = store.headline_word_counts(&all_words)?;
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for word in &all_words {
        *counts.entry(word.as_str()).or_insert_with(|| stored_counts.get(word).copied().unwrap_or(0)) += 1;
    }
    let reporting = words.len() as u64;
    let corpus_size = usize::try_from(stored_reporting + reporting).unwrap_or(usize::MAX);
    let distinct = |words: &[String]| {
        let frequency =
            |word: &str| counts.get(word).map_or(0, |&count| usize::try_from(count).unwrap_or(usize::MAX));
        distinctive_keywords(words, frequency, corpus_size)
    };
    let reports_of = |reports: &[Report]| -> Vec<Report> {
        let kept = reports.first().map(|report| distinct(&report.keywords)).unwrap_or_default();
        reports.iter().map(|report| Report { keywords: kept.clone(), ..report.clone() }).collect()
    };
    let reports: Vec<Report> = documents.iter().flat_map(|document| reports_of(&document.reports)).collect();

    let blocks =
        blocks_to_search(&reports).map(|blocks| blocks.iter().map(|block| block.key()).collect::<Vec<_>>());
    // A damaged incident is rebuilt, with all the others, from the stored analyses: clearing
    // leaves none to load, so this happens once.
    let loaded = match read_incidents(store, blocks.as_deref()) {
        Err(error @ FusionError::Unreadable { .. }) => {
            tracing::warn!("{error}; fusing the store over");
            store.clear_fusion()?;
            return fuse_unfused_with_progress(store, analyzer, progress);
        }
        read => read?,
    };
    // Kept only where an undated document may have to be fused again once redated.
    let loaded_again = documents.iter().any(|document| document.undated).then(|| loaded.clone());
    let mut update = fuse_more(loaded, reports);

    // Undated documents whose reports joined incidents other documents date: analysed again.
    let mut redated: Vec<(DocId, Vec<u8>)> = Vec::new();
    let mut redated_reports: HashMap<usize, Vec<Report>> = HashMap::new();
    let starts = incident_starts(&update.changed);
    let bounds: Vec<(usize, NaiveDate)> = documents
        .iter()
        .enumerate()
        .filter(|(_, document)| document.undated)
        .filter_map(|(index, document)| Some((index, gained_bound(&document.reports, &starts)?)))
        .collect();
    for (index, bound) in bounds {
        let Some(document) = store.document(&documents[index].id)? else { continue };
        let facts = redated_facts(&document, analyzer, bound);
        redated.push((document.id.clone(), facts.to_bytes()));
        redated_reports.insert(index, facts.reports);
    }
    if !redated.is_empty() {
        for (index, reports) in redated_reports {
            documents[index].reports = reports;
        }
        let reports = documents.iter().flat_map(|document| reports_of(&document.reports)).collect();
        update = fuse_more(loaded_again.unwrap_or_default(), reports);
    }

    // An undated document fused earlier may now be bounded by an incident its reports are in:
    // it would be analysed again with the bound, and its reports leave the incidents they are
    // in. Rare (most news carries its date), and simplest done right by fusing over.
    if let Some(document) = earlier_undated_bounded(&documents, &update) {
        tracing::info!("undated document {document} is now dated by its incidents; fusing the store over");
        store.clear_fusion()?;
        return fuse_unfused_with_progress(store, analyzer, progress);
    }

    let mut compressor = Compress::new(Compression::fast(), true);
    let incidents: Vec<(String, Vec<u8>, Vec<String>)> = update
        .changed
        .iter()
        .map(|stored| {
            let blocks = stored.blocks().iter().map(|block| block.key()).collect();
            (stored.incident.id.clone(), incident_to_bytes(stored, &mut compressor), blocks)
        })
        .collect();
    let fused_ids: Vec<DocId> = documents.into_iter().map(|document| document.id).collect();
    store.write_fusion(&FusionWrite {
        build: ANALYSIS_BUILD,
        documents: &fused_ids,
        replaced: &update.replaced,
        incidents: &incidents,
        words: &all_words,
        reporting,
        analyses: &redated,
    })?;
    Ok(fused_ids.len())
}

/// The stored incidents, when they are current for every document of the store: fused by this
/// build, with no document analysed and not fused, and none waiting for analysis. `None` tells
/// the reader to fuse in memory (a store that could not be written, say).
pub fn stored_incidents(store: &Store) -> Result<Option<Vec<StoredIncident>>, FusionError> {
    if store.fusion_build()?.as_deref() != Some(ANALYSIS_BUILD)
        || !store.unfused_documents(ANALYSIS_BUILD)?.is_empty()
        || !store.unanalysed_documents(ANALYSIS_BUILD)?.is_empty()
    {
        return Ok(None);
    }
    read_incidents(store, None).map(Some)
}

/// A document fused before this batch, with no publication date, that an incident the batch
/// changed now bounds ([`bound_of`]).
fn earlier_undated_bounded(documents: &[Fusing], update: &FusionUpdate) -> Option<String> {
    let in_batch: std::collections::HashSet<&str> =
        documents.iter().map(|document| document.id.as_str()).collect();
    let starts = incident_starts(&update.changed);
    update
        .changed
        .iter()
        .flat_map(|stored| &stored.reports)
        .filter(|report| report.published.is_none() && !in_batch.contains(report.doc.as_str()))
        .find(|report| bound_of(report, &starts).is_some())
        .map(|report| report.doc.clone())
}

/// An incident as deflated JSON. One compressor serves every incident of a write: each new
/// one would allocate and clear its own window, which cost more than the fusion itself.
fn incident_to_bytes(incident: &StoredIncident, compressor: &mut Compress) -> Vec<u8> {
    let Ok(json) = serde_json::to_vec(incident) else { return Vec::new() };
    compressor.reset();
    let mut deflated = Vec::with_capacity(json.len() / 3 + 64);
    loop {
        let consumed = usize::try_from(compressor.total_in()).unwrap_or(json.len()).min(json.len());
        match compressor.compress_vec(&json[consumed..], &mut deflated, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return deflated,
            Ok(_) => deflated.reserve(json.len().max(1024)),
            // Deflating plain bytes into memory does not fail; an empty state would be refused
            // on reading, and fusion would start over.
            Err(_) => return Vec::new(),
        }
    }
}

/// The stored incidents of the block keys `blocks` (every one for `None`).
fn read_incidents(store: &Store, blocks: Option<&[String]>) -> Result<Vec<StoredIncident>, FusionError> {
    store
        .incidents(blocks)?
        .iter()
        .enumerate()
        .map(|(index, bytes)| {
            incident_from_bytes(bytes).map_err(|reason| FusionError::Unreadable { index, reason })
        })
        .collect()
}

fn incident_from_bytes(bytes: &[u8]) -> Result<StoredIncident, String> {
    let mut json = Vec::with_capacity(bytes.len() * 8);
    ZlibDecoder::new(bytes).read_to_end(&mut json).map_err(|error| error.to_string())?;
    serde_json::from_slice(&json).map_err(|error| error.to_string())
}

/// Finishes `corpus`, which holds every stored document (see
/// [`crate::facts::add_stored_documents`]), with the stored incidents when they are current,
/// else by fusing in memory (a store that could not be written, or whose stored incidents are
/// unreadable, which is said once).
pub fn finish_from_store(store: &Store, corpus: Corpus, analyzer: &Analyzer) -> CorpusOutput {
    let stored = stored_incidents(store).unwrap_or_else(|error| {
        tracing::warn!("{error}; fusing the stored reports again in memory");
        None
    });
    corpus.finish_with(analyzer, stored)
}

#[cfg(test)]
mod tests {
    use sightline_core::Document;

    use super::*;
    use crate::facts::tests::documents;
    use crate::facts::{add_stored_documents, analyse_unanalysed};

    /// What `ingest` does after storing: analyse, then fuse; returns how many were fused.
    fn ingest(store: &mut Store, analyzer: &Analyzer, documents: &[Document]) -> usize {
        assert!(store.write_documents(documents).is_ok());
        assert!(analyse_unanalysed(store, analyzer, &mut |_, _| {}).is_ok());
        match fuse_unfused(store, analyzer) {
            Ok(fused) => fused,
            Err(error) => panic!("fusion failed: {error}"),
        }
    }

    /// The corpus as `export` reads it: stored incidents when current (`stored`), or fused in
    /// memory.
    fn read(store: &Store, analyzer: &Analyzer, stored: bool) -> CorpusOutput {
        let mut corpus = Corpus::new();
        assert!(add_stored_documents(store, analyzer, &mut corpus, &mut |_, _| Ok(())).is_ok());
        if stored {
            assert!(matches!(stored_incidents(store), Ok(Some(_))), "the stored incidents are current");
            finish_from_store(store, corpus, analyzer)
        } else {
            corpus.finish(analyzer)
        }
    }

    fn ids(output: &CorpusOutput) -> Vec<(String, Vec<String>)> {
        output.incidents.iter().map(|incident| (incident.id.clone(), incident.events.clone())).collect()
    }

    #[test]
    fn ingested_documents_update_the_stored_incidents_in_place() {
        let Ok(analyzer) = Analyzer::embedded() else { panic!("the embedded model loads") };
        let all = documents();
        let Ok(mut at_once) = Store::open_in_memory() else { panic!("an in-memory store opens") };
        assert_eq!(ingest(&mut at_once, &analyzer, &all), 3);
        let stored = read(&at_once, &analyzer, true);
        let fused_in_memory = read(&at_once, &analyzer, false);
        assert!(stored.incidents.len() >= 2, "{:#?}", stored.incidents);
        assert_eq!(stored.incidents, fused_in_memory.incidents);
        assert_eq!(stored.records, fused_in_memory.records);

        // The same documents in two ingests: the Kabul incident of the first keeps its id and
        // gains nothing from the Kandahar page, which adds its own.
        let Ok(mut in_two) = Store::open_in_memory() else { panic!("an in-memory store opens") };
        assert_eq!(ingest(&mut in_two, &analyzer, &all[..2]), 2);
        let before = ids(&read(&in_two, &analyzer, true));
        assert_eq!(ingest(&mut in_two, &analyzer, &all), 1, "only the new document is fused");
        let after = read(&in_two, &analyzer, true);
        for incident in &before {
            assert!(ids(&after).contains(incident), "{incident:?} changed: {:?}", ids(&after));
        }
        assert_eq!(after.incidents, stored.incidents, "news in order fuses as at once");
        assert_eq!(ingest(&mut in_two, &analyzer, &all), 0, "fusing again does nothing");
        assert_eq!(read(&in_two, &analyzer, true).incidents, stored.incidents);
    }

    #[test]
    fn a_damaged_incident_is_rebuilt_from_the_analyses() {
        let Ok(analyzer) = Analyzer::embedded() else { panic!("the embedded model loads") };
        let all = documents();
        let Ok(mut store) = Store::open_in_memory() else { panic!("an in-memory store opens") };
        assert_eq!(ingest(&mut store, &analyzer, &all[..2]), 2);
        let first = read(&store, &analyzer, true);
        let Some(damaged) = first.incidents.first() else { panic!("the documents report incidents") };
        // Every block the incident is under: the next ingest meets it whatever it brings.
        let mut blocks: Vec<String> = (0..5000).map(|week| format!("w{}", 105_000 + week)).collect();
        blocks.extend(["u".to_string(), "c".to_string()]);
        let countries =
            first.incidents.iter().filter_map(|incident| incident.location.as_ref()?.country.clone());
        blocks.extend(countries.map(|country| format!("c{country}")));
        let garbage = FusionWrite {
            build: ANALYSIS_BUILD,
            incidents: &[(damaged.id.clone(), b"not deflated json".to_vec(), blocks)],
            ..FusionWrite::default()
        };
        assert!(store.write_fusion(&garbage).is_ok());
        assert!(stored_incidents(&store).is_err(), "a reader is told");
        assert_eq!(ingest(&mut store, &analyzer, &all), 3, "the next ingest fuses everything over");
        assert!(matches!(stored_incidents(&store), Ok(Some(_))));
    }

    #[test]
    fn another_build_or_a_changed_document_starts_fusion_over() {
        let Ok(analyzer) = Analyzer::embedded() else { panic!("the embedded model loads") };
        let mut all = documents();
        let Ok(mut store) = Store::open_in_memory() else { panic!("an in-memory store opens") };
        assert_eq!(ingest(&mut store, &analyzer, &all), 3);
        let first = read(&store, &analyzer, true);

        // Incidents fused by another build are not read, and are fused again.
        let another = FusionWrite { build: "another build", ..FusionWrite::default() };
        assert!(store.write_fusion(&another).is_ok());
        assert!(matches!(stored_incidents(&store), Ok(None)));
        assert_eq!(fuse_unfused(&mut store, &analyzer).ok(), Some(3));
        assert_eq!(read(&store, &analyzer, true).incidents, first.incidents);

        // A document whose fields changed leaves the stored incidents stale until fused again.
        all[0].title = Some("Kabul mosque bombing".into());
        assert!(store.write_documents(&all[..1]).is_ok());
        assert!(matches!(stored_incidents(&store), Ok(None)));
        assert_eq!(ingest(&mut store, &analyzer, &[]), 3);
        assert!(matches!(stored_incidents(&store), Ok(Some(_))));
    }
}
