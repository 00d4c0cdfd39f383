//! Store: documents in, queries out.
//!
//! (Stub: the SQLite store is being written; this file fixes the public API.)
#![deny(missing_docs)]

use std::path::Path;

use sightline_core::{DocId, Document};

/// A failure of the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// What one write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Documents not stored before.
    pub inserted: usize,
    /// Documents already stored with the same content.
    pub unchanged: usize,
    /// Documents stored before whose cleaned content changed (a newer cleaner).
    pub updated: usize,
}

/// One full-text search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The matching document.
    pub doc_id: DocId,
    /// Its title.
    pub title: Option<String>,
    /// A stretch of text around the match, with matches between `[` and `]`.
    pub snippet: String,
    /// BM25 score; lower is better, as SQLite reports it.
    pub score: f64,
}

/// The embedded store.
pub struct Store {
    connection: rusqlite::Connection,
}

impl Store {
    /// Opens (creating and migrating) the store at `path`.
    pub fn open(path: &Path) -> Result<Store, Error> {
        Ok(Store { connection: rusqlite::Connection::open(path)? })
    }

    /// An in-memory store, for tests.
    pub fn open_in_memory() -> Result<Store, Error> {
        Ok(Store { connection: rusqlite::Connection::open_in_memory()? })
    }

    /// Writes documents in one transaction: all or none.
    pub fn write_documents(&mut self, documents: &[Document]) -> Result<WriteStats, Error> {
        let _ = (&self.connection, documents);
        Ok(WriteStats::default())
    }

    /// Number of stored documents.
    pub fn count_documents(&self) -> Result<u64, Error> {
        Ok(0)
    }

    /// Calls `visit` on every stored document in a stable order (id), without loading all.
    pub fn for_each_document(
        &self,
        visit: &mut dyn FnMut(Document) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let _ = visit;
        Ok(())
    }

    /// One document by id.
    pub fn document(&self, id: &DocId) -> Result<Option<Document>, Error> {
        let _ = id;
        Ok(None)
    }

    /// Full-text search, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, Error> {
        let _ = (query, limit);
        Ok(Vec::new())
    }
}
