//! The pipeline: the one place where Sightline's stages are wired together.
//!
//! ```text
//! paths ──discover──▶ Input ──read_pages──▶ RawPage ──clean──▶ Document ──write──▶ Store
//! ```
//!
//! The binary and (later) the server call [`ingest`]; the stage crates know nothing of each
//! other. Pages stream: one reader thread reads inputs in order and sends pages down a bounded
//! channel; the calling thread gathers a batch, cleans it in parallel (rayon) and writes it to
//! the store in one transaction. Memory therefore stays flat however large the corpus, and a run
//! stopped at any point (Ctrl-C, `kill -9`) leaves every finished batch stored and no partial
//! one; because ids hash content and writes are upserts, rerunning completes the work and ends
//! in the same state as an uninterrupted run.
//!
//! A bad input or record is reported through [`Observer::skipped`], counted in the [`Summary`],
//! and the run goes on: one broken page never costs the others.
#![deny(missing_docs)]

pub mod analysis;
pub mod corpus;
pub mod dataset;
pub mod facts;
pub mod fusion;
pub mod link;
pub mod people;
pub mod records;

use std::ops::ControlFlow;
use std::path::PathBuf;

use rayon::prelude::*;
use sightline_clean::CleanConfig;
use sightline_core::{DocId, DocKind, Document, RawPage};
use sightline_ingest::{IngestConfig, Input};
use sightline_store::{Store, WriteStats};

/// A failure that stops the whole run (as opposed to a skipped input, which does not).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed; nothing after the last committed batch was written.
    #[error("could not write to the store")]
    Store(#[from] sightline_store::Error),
}

/// Choices for an ingest run.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// How to read inputs.
    pub ingest: IngestConfig,
    /// How to clean pages.
    pub clean: CleanConfig,
    /// Pages per transaction. Larger batches write faster; smaller ones lose less work when a
    /// run is killed (the lost work is redone by the rerun either way).
    pub batch_size: usize,
    /// Keep a [`StoredDocument`] line per document in the [`Summary`], for reports. Off, memory
    /// stays flat however large the corpus; on, it grows by one short line per document.
    pub collect_documents: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            ingest: IngestConfig::default(),
            clean: CleanConfig::default(),
            batch_size: 256,
            collect_documents: false,
        }
    }
}

/// An input or record that was not stored, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The full message: input, location, reason.
    pub message: String,
}

/// What a run stored, one line per document, for reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    /// The document's id.
    pub id: DocId,
    /// Article, listing or story.
    pub kind: DocKind,
    /// Its title.
    pub title: Option<String>,
    /// Its publication date, ISO.
    pub published: Option<String>,
    /// Path, URL or input id, whichever says most.
    pub source: String,
    /// Characters of clean text.
    pub text_chars: usize,
    /// Number of removed blocks.
    pub removed_blocks: usize,
}

/// The outcome of a run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Inputs found (files, stdin).
    pub inputs: usize,
    /// Pages read from them.
    pub pages: usize,
    /// What the store did with the documents cleaned from them.
    pub written: WriteStats,
    /// Inputs and records not stored because something was wrong with them.
    pub skipped: Vec<Skip>,
    /// Records that hold no page (WARC images and redirects, empty feed items), passed over
    /// without an error.
    pub ignored_records: u64,
    /// Every document this run wrote or found unchanged, in input order, when
    /// [`IngestOptions::collect_documents`] asks for them.
    pub documents: Vec<StoredDocument>,
}

/// Receives progress as a run goes. Every method has a no-op default.
pub trait Observer {
    /// The inputs have been found; `inputs` of them will be read.
    fn started(&mut self, inputs: usize) {
        let _ = inputs;
    }
    /// One more input has been read to its end.
    fn input_finished(&mut self) {}
    /// A batch of `pages` pages was stored.
    fn pages_stored(&mut self, pages: usize) {
        let _ = pages;
    }
    /// An input or record was skipped.
    fn skipped(&mut self, skip: &Skip) {
        let _ = skip;
    }
}

/// An observer that ignores everything.
pub struct Quiet;

impl Observer for Quiet {}

enum Message {
    Page(Box<RawPage>),
    Skip(Skip),
    InputFinished { ignored_records: u64 },
}

/// A cleaned batch on its way to the writer: how many pages it came from, and its documents.
struct CleanedBatch {
    pages: usize,
    documents: Vec<Document>,
}

/// What the writer reports for each batch it committed (or the error that stopped it).
type Acknowledgement = Result<(usize, WriteStats), sightline_store::Error>;

/// Reads `paths`, cleans every page and stores the documents.
///
/// Three stages run at once: a reader thread, the calling thread cleaning batches (in
/// parallel, with rayon), and a writer thread committing one transaction per batch. The
/// channels between them are bounded, so memory stays flat, and the writer commits one batch
/// while the next is cleaned. Returns `Err` only when the store fails; bad inputs are in
/// `Summary::skipped`.
pub fn ingest(
    paths: &[PathBuf],
    options: &IngestOptions,
    store: &mut Store,
    observer: &mut dyn Observer,
) -> Result<Summary, Error> {
    let (inputs, discover_errors) = sightline_ingest::discover(paths);
    let mut summary = Summary { inputs: inputs.len(), ..Summary::default() };
    observer.started(inputs.len());
    for error in discover_errors {
        let skip = Skip { message: error.to_string() };
        observer.skipped(&skip);
        summary.skipped.push(skip);
    }
    let batch_size = options.batch_size.max(1);
    let (page_sender, page_receiver) = crossbeam_channel::bounded::<Message>(batch_size * 2);
    // One batch waiting while one is written: enough to keep both the cleaner and the writer
    // busy, and no more documents in memory than that.
    let (batch_sender, batch_receiver) = crossbeam_channel::bounded::<CleanedBatch>(1);
    let (ack_sender, ack_receiver) = crossbeam_channel::unbounded::<Acknowledgement>();
    let mut store_error = None;
    std::thread::scope(|scope| {
        let ingest_config = &options.ingest;
        scope.spawn(move || read_all(&inputs, ingest_config, &page_sender));
        scope.spawn(move || write_all(store, &batch_receiver, &ack_sender));
        let mut batch: Vec<RawPage> = Vec::with_capacity(batch_size);
        for message in &page_receiver {
            match message {
                Message::Page(page) => {
                    batch.push(*page);
                    if batch.len() >= batch_size
                        && !clean_and_send(&mut batch, options, &batch_sender, &mut summary, observer)
                    {
                        break;
                    }
                }
                Message::Skip(skip) => {
                    observer.skipped(&skip);
                    summary.skipped.push(skip);
                }
                Message::InputFinished { ignored_records } => {
                    summary.ignored_records += ignored_records;
                    observer.input_finished();
                }
            }
            for acknowledgement in ack_receiver.try_iter() {
                record_acknowledgement(acknowledgement, &mut summary, &mut store_error, observer);
            }
        }
        clean_and_send(&mut batch, options, &batch_sender, &mut summary, observer);
        // Closing the page channel stops the reader at its next send if the run ended early;
        // closing the batch channel lets the writer finish the batches it holds and exit.
        drop(page_receiver);
        drop(batch_sender);
        for acknowledgement in &ack_receiver {
            record_acknowledgement(acknowledgement, &mut summary, &mut store_error, observer);
        }
    });
    match store_error {
        Some(error) => Err(Error::Store(error)),
        None => Ok(summary),
    }
}

fn record_acknowledgement(
    acknowledgement: Acknowledgement,
    summary: &mut Summary,
    store_error: &mut Option<sightline_store::Error>,
    observer: &mut dyn Observer,
) {
    match acknowledgement {
        Ok((pages, written)) => {
            summary.written.inserted += written.inserted;
            summary.written.unchanged += written.unchanged;
            summary.written.updated += written.updated;
            summary.written.other_source += written.other_source;
            observer.pages_stored(pages);
        }
        Err(error) => {
            store_error.get_or_insert(error);
        }
    }
}

fn read_all(inputs: &[Input], config: &IngestConfig, sender: &crossbeam_channel::Sender<Message>) {
    for input in inputs {
        let mut sink = |result: Result<RawPage, sightline_ingest::Error>| {
            let message = match result {
                Ok(page) => Message::Page(Box::new(page)),
                Err(error) => Message::Skip(Skip { message: error.to_string() }),
            };
            match sender.send(message) {
                Ok(()) => ControlFlow::Continue(()),
                Err(_) => ControlFlow::Break(()),
            }
        };
        let read = sightline_ingest::read_pages(input, config, &mut sink);
        if sender.send(Message::InputFinished { ignored_records: read.skipped }).is_err() {
            return;
        }
    }
}

/// Cleans `batch` in parallel and hands the documents to the writer. Returns false when the
/// writer has stopped (the store failed), so the run should end.
fn clean_and_send(
    batch: &mut Vec<RawPage>,
    options: &IngestOptions,
    writer: &crossbeam_channel::Sender<CleanedBatch>,
    summary: &mut Summary,
    observer: &mut dyn Observer,
) -> bool {
    if batch.is_empty() {
        return true;
    }
    let cleaned: Vec<Result<Vec<Document>, Skip>> =
        batch.par_iter().map(|page| clean_isolated(page, &options.clean)).collect();
    let mut documents = Vec::with_capacity(cleaned.len());
    for result in cleaned {
        match result {
            Ok(page_documents) => documents.extend(page_documents),
            Err(skip) => {
                observer.skipped(&skip);
                summary.skipped.push(skip);
            }
        }
    }
    summary.pages += batch.len();
    if options.collect_documents {
        summary.documents.extend(documents.iter().map(stored_document));
    }
    let pages = batch.len();
    batch.clear();
    writer.send(CleanedBatch { pages, documents }).is_ok()
}

/// Cleans one page, turning a panic in the cleaner into a skip that names the page.
///
/// Cleaning is written not to panic on any input; this is the backstop that keeps one page
/// that finds a bug from costing every other page of the run.
fn clean_isolated(page: &RawPage, config: &CleanConfig) -> Result<Vec<Document>, Skip> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sightline_clean::clean(page, config))).map_err(
        |panic| {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|text| text.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".to_string());
            let source = &page.source;
            let name = source.path.as_deref().or(source.url.as_deref()).unwrap_or("<stdin>");
            let place = match (&source.id, source.record) {
                (Some(id), _) => format!(" (id {id})"),
                (None, Some(record)) => format!(" (record {record})"),
                (None, None) => String::new(),
            };
            Skip {
                message: format!(
                    "{name}{place}: the cleaner failed on this page ({reason}); please report it"
                ),
            }
        },
    )
}

/// Commits each batch in its own transaction and acknowledges it; stops at the first failure,
/// which closes the batch channel and so ends the run.
fn write_all(
    store: &mut Store,
    batches: &crossbeam_channel::Receiver<CleanedBatch>,
    acknowledgements: &crossbeam_channel::Sender<Acknowledgement>,
) {
    for batch in batches {
        let result = store.write_documents(&batch.documents).map(|written| (batch.pages, written));
        let failed = result.is_err();
        if acknowledgements.send(result).is_err() || failed {
            return;
        }
    }
}

fn stored_document(document: &Document) -> StoredDocument {
    let source = document
        .source
        .path
        .clone()
        .or_else(|| document.source.url.clone())
        .or_else(|| document.source.id.clone())
        .unwrap_or_else(|| "<stdin>".to_string());
    let source = match (&document.source.record, &document.source.id) {
        (_, Some(id)) if document.source.path.is_some() => format!("{source} (id {id})"),
        (Some(record), None) if document.source.path.is_some() => format!("{source} (record {record})"),
        _ => source,
    };
    StoredDocument {
        id: document.id.clone(),
        kind: document.kind,
        title: document.title.clone(),
        published: document.published.map(|date| date.format("%Y-%m-%d").to_string()),
        source,
        text_chars: document.text.chars().count(),
        removed_blocks: document.removed.len(),
    }
}
