//! What the corpus pass needs of one analysed document, in the form the store keeps.
//!
//! Analysing a document (tagging, linking, extraction) is nearly all the cost of a run; what
//! the corpus pass does with the result (merging entities, fusing incidents) is cheap. So each
//! document is analysed once per build ([`ANALYSIS_BUILD`]) and its [`DocumentFacts`] are
//! stored beside it: `ingest` analyses the documents it adds, and `export`, `analyze` and the
//! server read the stored facts, analysing only what has none. Adding documents to a large
//! store then costs the analysis of the new documents and one pass over stored facts, not an
//! analysis of the corpus. A new build (a changed rule, a retrained model) fingerprints
//! differently, and every document is analysed again the first time it is needed.
//!
//! Facts are the contract's records plus fusion's reports and the linked entities, as JSON,
//! deflated: the JSON is about four times the size of the document's text, and deflate
//! shrinks it about six times at a cost of milliseconds per thousand documents. To read one:
//! `sqlite3 store.db "SELECT hex(facts) FROM analyses LIMIT 1" | xxd -r -p | zlib-flate -uncompress`.

use chrono::NaiveDate;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sightline_contract::Record;
use sightline_core::{DocId, Document};
use sightline_fuse::{NearDuplicates, Report, Signature};
use sightline_store::Store;
use std::io::Read;

use crate::analysis::{Analyzer, DocumentAnalysis};
use crate::corpus::Corpus;
use crate::link::LocalEntity;

/// Which build made an analysis: the package version and a hash of the sources and data files
/// of every stage the analysis runs through (see `build.rs`).
pub const ANALYSIS_BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("SIGHTLINE_ANALYSIS_SOURCES"));

/// What one document says, ready for the corpus pass.
///
/// Entity references in `records` and `reports` are still the document's own keys; the corpus
/// resolves them once every document's entities are merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentFacts {
    /// Names the tagger found.
    pub names: usize,
    /// The entities the document names.
    pub entities: Vec<LocalEntity>,
    /// Its event, quote, relation and fact records.
    pub records: Vec<Record>,
    /// Its event reports, as fusion sees them (none marked as from a duplicate: that is the
    /// corpus's call).
    pub reports: Vec<Report>,
    /// For a document with no publication date, the day it was written on or after by the
    /// dates its text states.
    pub written_after: Option<NaiveDate>,
}

/// Why stored facts could not be read back.
#[derive(Debug, thiserror::Error)]
#[error("stored analysis of document {doc} is unreadable: {source}")]
pub struct FactsError {
    doc: DocId,
    source: std::io::Error,
}

impl DocumentFacts {
    /// The facts of an analysed document.
    pub fn of(document: &Document, analysis: &DocumentAnalysis) -> DocumentFacts {
        crate::corpus::document_facts(document, analysis)
    }

    /// The form the store keeps: deflated JSON.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::fast());
        // Every field is plain data with string keys, and the writer is memory: neither
        // serialising nor deflating can fail.
        let _ = serde_json::to_writer(&mut encoder, self);
        encoder.finish().unwrap_or_default()
    }

    /// Reads facts the store kept for `doc`.
    pub fn from_bytes(doc: &DocId, bytes: &[u8]) -> Result<DocumentFacts, FactsError> {
        let unreadable = |source: std::io::Error| FactsError { doc: doc.clone(), source };
        let mut json = Vec::with_capacity(bytes.len() * 8);
        ZlibDecoder::new(bytes).read_to_end(&mut json).map_err(unreadable)?;
        serde_json::from_slice(&json).map_err(|error| unreadable(error.into()))
    }
}

/// Documents analysed and stored together: enough to keep every core busy, and one transaction
/// each, so an interrupted run keeps every finished chunk and a rerun goes on from there.
const CHUNK: usize = 256;

/// Analyses every stored document that has no facts by this build and stores its facts;
/// `progress` hears how many of how many are done after each chunk. Returns how many were
/// analysed.
pub fn analyse_unanalysed(
    store: &mut Store,
    analyzer: &Analyzer,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize, sightline_store::Error> {
    let pending = store.unanalysed_documents(ANALYSIS_BUILD)?;
    let mut done = 0;
    for ids in pending.chunks(CHUNK) {
        let mut documents = Vec::with_capacity(ids.len());
        for id in ids {
            // A document removed since the list was read has nothing left to analyse.
            if let Some(document) = store.document(id)? {
                documents.push(document);
            }
        }
        let facts: Vec<(DocId, Vec<u8>)> = documents
            .par_iter()
            .map(|document| {
                let facts = DocumentFacts::of(document, &analyzer.analyze(document));
                (document.id.clone(), facts.to_bytes())
            })
            .collect();
        store.write_analyses(ANALYSIS_BUILD, &facts)?;
        done += ids.len();
        progress(done, pending.len());
    }
    Ok(done)
}

/// The facts of each document, read from what the store kept when it is readable, else found
/// now (in parallel): what a walk over stored documents hands the corpus.
pub fn facts_of(analyzer: &Analyzer, documents: &[(Document, Option<Vec<u8>>)]) -> Vec<DocumentFacts> {
    documents
        .par_iter()
        .map(|(document, stored)| {
            let read = stored.as_deref().map(|bytes| DocumentFacts::from_bytes(&document.id, bytes));
            match read {
                Some(Ok(facts)) => facts,
                Some(Err(error)) => {
                    tracing::warn!("{error}; analysing it again");
                    DocumentFacts::of(document, &analyzer.analyze(document))
                }
                None => DocumentFacts::of(document, &analyzer.analyze(document)),
            }
        })
        .collect()
}

/// What a walk over stored documents hands its visitor for each: the document, and the earlier
/// document it nearly copies with their estimated similarity.
pub type VisitDocument<'a> =
    dyn FnMut(&Document, Option<(String, f64)>) -> Result<(), sightline_store::Error> + 'a;

/// Adds every stored document to `corpus`, in the store's order, with its stored facts (or
/// facts found now, for documents with none by this build), and hands `visit` each document
/// and the earlier document it nearly copies, with the estimated similarity. An error from
/// `visit` stops the walk.
pub fn add_stored_documents(
    store: &Store,
    analyzer: &Analyzer,
    corpus: &mut Corpus,
    visit: &mut VisitDocument,
) -> Result<(), sightline_store::Error> {
    let mut chunk: Vec<(Document, Option<Vec<u8>>)> = Vec::with_capacity(CHUNK);
    let mut add_chunk = |chunk: &mut Vec<(Document, Option<Vec<u8>>)>| {
        let facts = facts_of(analyzer, chunk);
        let signatures: Vec<Option<Signature>> = chunk
            .par_iter()
            .map(|(document, _)| NearDuplicates::signature(document.title.as_deref(), &document.text))
            .collect();
        for (((document, _), facts), signature) in chunk.iter().zip(facts).zip(&signatures) {
            let duplicate = corpus.add_facts(document, facts, signature.as_ref());
            visit(document, duplicate)?;
        }
        chunk.clear();
        Ok(())
    };
    store.for_each_document_with_analysis(ANALYSIS_BUILD, &mut |document, stored| {
        chunk.push((document, stored));
        if chunk.len() >= CHUNK {
            add_chunk(&mut chunk)?;
        }
        Ok(())
    })?;
    add_chunk(&mut chunk)
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::NaiveDate;
    use sightline_core::{DocKind, Source};

    use super::*;
    use crate::corpus::CorpusOutput;

    fn document(text: &str, published: Option<NaiveDate>) -> Document {
        Document {
            id: DocId::from_content(text),
            source: Source::default(),
            kind: DocKind::Article,
            title: Some("Attack".into()),
            published,
            author: None,
            dateline: Some("KABUL".into()),
            credit: None,
            language: Some("en".into()),
            text: text.to_string(),
            removed: Vec::new(),
            parent: None,
        }
    }

    /// Documents with events, quotes, known actors, places and people, one of them undated (so
    /// that fusion bounds its date and it is analysed again).
    /// Two reports of a Kabul bombing and an undated Kandahar page.
    pub(crate) fn documents() -> Vec<Document> {
        let day = NaiveDate::from_ymd_opt(2024, 3, 23);
        vec![
            document(
                "A suicide bomber killed 13 people at a mosque in Kabul on Friday, officials said. \
                 Islamic State Khorasan Province claimed responsibility. \"We will find them,\" \
                 said Zabihullah Mujahid, the Taliban spokesman.",
                day,
            ),
            document(
                "The death toll from Friday's suicide bombing at a Kabul mosque rose to 15, \
                 Zabihullah Mujahid said. ISIS-K said it carried out the attack.",
                NaiveDate::from_ymd_opt(2024, 3, 24),
            ),
            document(
                "On Tuesday, March 26, gunmen killed 20 people at a checkpoint in Kandahar. \
                 The Taliban blamed ISIS-K.",
                None,
            ),
        ]
    }

    fn output_of(add: impl Fn(&mut Corpus, &Document)) -> CorpusOutput {
        let Ok(analyzer) = Analyzer::embedded() else { panic!("the embedded model loads") };
        let mut corpus = Corpus::new();
        for document in &documents() {
            add(&mut corpus, document);
        }
        corpus.finish(&analyzer)
    }

    #[test]
    fn stored_facts_read_back_to_the_same_corpus_as_analysing_again() {
        let Ok(analyzer) = Analyzer::embedded() else { panic!("the embedded model loads") };
        let analysed = output_of(|corpus, document| {
            corpus.add(document, &analyzer.analyze(document));
        });
        let from_stored = output_of(|corpus, document| {
            let facts = DocumentFacts::of(document, &analyzer.analyze(document));
            let read = DocumentFacts::from_bytes(&document.id, &facts.to_bytes());
            assert_eq!(read.as_ref().ok(), Some(&facts), "facts read back as written");
            let signature = NearDuplicates::signature(document.title.as_deref(), &document.text);
            corpus.add_facts(document, facts, signature.as_ref());
        });
        assert!(
            !analysed.incidents.is_empty() && !analysed.records.is_empty(),
            "the documents say something"
        );
        assert_eq!(from_stored.records, analysed.records);
        assert_eq!(from_stored.incidents, analysed.incidents);
        let ids = |output: &CorpusOutput| output.entities.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&from_stored), ids(&analysed));
    }

    #[test]
    fn facts_of_another_build_are_refused_not_misread() {
        let text = br#"{"names":0,"entities":[{"kind":"person","key":"x","name":"X","kb":{},
            "mentions":[{"byte_start":0,"byte_end":1,"how":"a reason no build gives"}],"roles":[]}],
            "records":[],"reports":[],"written_after":null}"#;
        let id = DocId::from_content("x");
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::fast());
        assert!(std::io::Write::write_all(&mut encoder, text).is_ok());
        let Ok(deflated) = encoder.finish() else { panic!("deflating to memory works") };
        let Err(error) = DocumentFacts::from_bytes(&id, &deflated) else {
            panic!("an unknown reason is refused")
        };
        assert!(error.to_string().contains("a reason no build gives"), "{error}");
        assert!(DocumentFacts::from_bytes(&id, b"not json").is_err());
    }

    #[test]
    fn unanalysed_documents_are_analysed_once_and_stored() {
        let Ok(analyzer) = Analyzer::embedded() else { panic!("the embedded model loads") };
        let Ok(mut store) = Store::open_in_memory() else { panic!("an in-memory store opens") };
        let all = documents();
        let stored = |store: &mut Store, documents: &[Document]| {
            store.write_documents(documents).map_err(|error| error.to_string())?;
            analyse_unanalysed(store, &analyzer, &mut |_, _| {}).map_err(|error| error.to_string())
        };
        assert_eq!(stored(&mut store, &all[..2]), Ok(2));
        assert_eq!(stored(&mut store, &all), Ok(1), "only the new document is analysed");
        assert_eq!(stored(&mut store, &all), Ok(0));
        // The stored facts give the corpus that analysing every document gives.
        let mut corpus = Corpus::new();
        let walked = add_stored_documents(&store, &analyzer, &mut corpus, &mut |_, _| Ok(()));
        assert!(walked.is_ok());
        let from_store = corpus.finish(&analyzer);
        let mut corpus = Corpus::new();
        let mut in_store_order = all.clone();
        in_store_order.sort_by(|a, b| {
            (a.published.is_none(), a.published, &a.id).cmp(&(b.published.is_none(), b.published, &b.id))
        });
        for document in &in_store_order {
            corpus.add(document, &analyzer.analyze(document));
        }
        let analysed = corpus.finish(&analyzer);
        assert_eq!(from_store.records, analysed.records);
        assert_eq!(from_store.incidents, analysed.incidents);
    }
}
