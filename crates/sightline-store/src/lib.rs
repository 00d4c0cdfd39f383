//! Store: documents in, queries out.
//!
//! The end of Sightline's pipeline (`RawPage ──clean──▶ Document ──▶ store`): one SQLite file,
//! opened in WAL mode so that readers (the server, an export) never block the writer, with an
//! FTS5 full-text index over titles and texts. [`Store`] is the one handle: it opens (creating
//! and migrating) a store, writes batches of [`Document`]s, reads them back one by one or all
//! (oldest published first), and searches them.
//!
//! **Writes are batches in one transaction.** [`Store::write_documents`] writes a whole batch or
//! nothing: a crash or an error mid-batch leaves the previous state, because SQLite rolls back an
//! uncommitted transaction (from the WAL, on the next open). Writes are idempotent: a document is
//! identified by its content hash, a stored document with equal fields is left untouched, so
//! ingesting a corpus twice changes nothing and the rows hold no timestamps.
//!
//! **Relational columns, not blobs.** Every field of a document is a column and every removed
//! line a row, so SQL can filter on any of them, and the PostgreSQL store planned beside this one
//! can share the schema. What the schema is and why lives in `schema.rs`.
//!
//! What the store does not do: clean, deduplicate near-copies, or decide anything about content;
//! it keeps what it is given and finds it again.
//!
//! ```
//! use sightline_core::{DocId, DocKind, Document, Source};
//! use sightline_store::Store;
//!
//! let text = "KABUL – A blast near the airport killed 12 people.";
//! let document = Document {
//!     id: DocId::from_content(text),
//!     source: Source::default(),
//!     kind: DocKind::Article,
//!     title: Some("Blast in Kabul".into()),
//!     published: None,
//!     author: None,
//!     dateline: Some("KABUL".into()),
//!     credit: None,
//!     language: Some("en".into()),
//!     text: text.into(),
//!     removed: Vec::new(),
//!     parent: None,
//! };
//! let mut store = Store::open_in_memory()?;
//! assert_eq!(store.write_documents(&[document.clone()])?.inserted, 1);
//! assert_eq!(store.write_documents(&[document])?.unchanged, 1);
//! let hits = store.search("airport", 10)?;
//! assert_eq!(hits[0].snippet, "KABUL – A blast near the [airport] killed 12 people.");
//! # Ok::<(), sightline_store::Error>(())
//! ```
#![deny(missing_docs)]

mod documents;
mod fusion;
mod schema;
mod search;

use std::collections::HashMap;
use std::path::Path;

use sightline_core::{DocId, Document};

pub use fusion::FusionWrite;
pub use schema::SCHEMA_VERSION;

/// A failure of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file cannot be opened as a store: unreadable, not a SQLite database, or locked.
    #[error("cannot open store {path}: {source}")]
    Open {
        /// The store's path.
        path: String,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// The store was written by a newer Sightline whose schema this build does not know.
    #[error(
        "store {path} has schema version {found}, newer than version {supported} that this build \
         supports: use a newer sightline"
    )]
    TooNew {
        /// The store's path.
        path: String,
        /// The store's schema version.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// The caller's visitor asked [`Store::for_each_document`] to stop (its output failed, say).
    #[error("reading documents stopped: {reason}")]
    Stopped {
        /// Why the visitor stopped.
        reason: String,
    },
    /// A document names a parent that is neither stored nor in the same batch.
    #[error("document {id} names parent {parent}, which is neither stored nor in the same write")]
    MissingParent {
        /// The story.
        id: DocId,
        /// The listing it names.
        parent: DocId,
    },
    /// A document cannot be stored as given, or a stored row cannot be read back as a document.
    #[error("document {id}: {reason}")]
    Invalid {
        /// The document's id as stored or given.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// A full-text query is not valid FTS5 syntax (only [`Store::search_raw`] can cause this).
    #[error("invalid search query {query:?}: {source}")]
    Query {
        /// The query as given to FTS5.
        query: String,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
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
    /// Documents whose content was already stored from another source: the stored document is
    /// kept as it was and this source is recorded beside it (see [`Store::other_sources`]).
    pub other_source: usize,
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

/// Bounds on the publication date of search results, both inclusive (`None` leaves that side
/// open), and the documents a search may return.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilter {
    /// The earliest publication date.
    pub published_from: Option<chrono::NaiveDate>,
    /// The latest publication date.
    pub published_to: Option<chrono::NaiveDate>,
    /// Only these documents, when given: what the analysis knows (an actor, an event type, a
    /// country) narrows a search to the documents that say it.
    pub documents: Option<Vec<DocId>>,
}

/// One page of search results and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchPage {
    /// Every document that matches the query and the filter.
    pub total: u64,
    /// The hits on this page, best first.
    pub hits: Vec<SearchHit>,
}

/// The embedded store.
pub struct Store {
    connection: rusqlite::Connection,
}

impl Store {
    /// Opens (creating and migrating) the store at `path`. A file that is not a SQLite database,
    /// cannot be read, or has a newer schema is an error naming the path.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let name = path.display().to_string();
        let mut connection =
            rusqlite::Connection::open(path).map_err(|source| Error::Open { path: name.clone(), source })?;
        schema::prepare(&mut connection, &name)?;
        Ok(Store { connection })
    }

    /// An in-memory store, for tests.
    pub fn open_in_memory() -> Result<Store, Error> {
        let mut connection = rusqlite::Connection::open_in_memory()?;
        schema::prepare(&mut connection, ":memory:")?;
        Ok(Store { connection })
    }

    /// The schema version recorded in the store ([`SCHEMA_VERSION`] once opened).
    pub fn schema_version(&self) -> Result<i64, Error> {
        schema::version(&self.connection)
    }

    /// Writes documents in one transaction: all or none. New ids are inserted; a stored id with
    /// equal fields is left untouched (`unchanged`); a stored id with any field different is
    /// replaced, with its removed lines and its full-text entry (`updated`). Stories may come in
    /// the same batch as their listing, in any order.
    pub fn write_documents(&mut self, documents: &[Document]) -> Result<WriteStats, Error> {
        documents::write(&mut self.connection, documents)
    }

    /// Number of stored documents.
    pub fn count_documents(&self) -> Result<u64, Error> {
        let count: i64 = self.connection.query_row("SELECT COUNT(*) FROM documents", [], |row| row.get(0))?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    /// Calls `visit` on every stored document, oldest published first (undated last), then by
    /// id, without loading all.
    pub fn for_each_document(
        &self,
        visit: &mut dyn FnMut(Document) -> Result<(), Error>,
    ) -> Result<(), Error> {
        documents::for_each(&self.connection, visit)
    }

    /// [`Store::for_each_document`], with each document's analysis by `model` when one is
    /// stored (see [`Store::write_analyses`]).
    pub fn for_each_document_with_analysis(
        &self,
        model: &str,
        visit: &mut dyn FnMut(Document, Option<Vec<u8>>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        documents::for_each_with_analysis(&self.connection, model, visit)
    }

    /// The documents with no stored analysis by `model`, in the order of
    /// [`Store::for_each_document`]: what a new build of the models, or new documents, leave
    /// to analyse.
    pub fn unanalysed_documents(&self, model: &str) -> Result<Vec<DocId>, Error> {
        documents::unanalysed(&self.connection, model)
    }

    /// Stores what the analysis by `model` found in documents, all in one transaction, each
    /// replacing the document's earlier analysis. The store keeps `facts` as given; a document's
    /// analysis is dropped when the document changes or goes.
    pub fn write_analyses(&mut self, model: &str, analyses: &[(DocId, Vec<u8>)]) -> Result<(), Error> {
        documents::write_analyses(&mut self.connection, model, analyses)
    }

    /// The stored analysis of document `id` by `model`, if any.
    pub fn analysis(&self, id: &DocId, model: &str) -> Result<Option<Vec<u8>>, Error> {
        documents::analysis(&self.connection, id, model)
    }

    /// The build that fused the stored incidents, or `None` when they are not current: never
    /// fused, or a fused document changed or went since (fusion must start over).
    pub fn fusion_build(&self) -> Result<Option<String>, Error> {
        fusion::current_build(&self.connection)
    }

    /// Forgets every stored incident and what was fused, so that fusion starts over.
    pub fn clear_fusion(&mut self) -> Result<(), Error> {
        fusion::clear(&mut self.connection)
    }

    /// Documents analysed by `model` whose event reports are not fused yet, oldest published
    /// first.
    pub fn unfused_documents(&self, model: &str) -> Result<Vec<DocId>, Error> {
        fusion::unfused(&self.connection, model)
    }

    /// The stored states of the incidents found under any of the block keys `blocks`, or of
    /// every incident for `None`, in id order.
    pub fn incidents(&self, blocks: Option<&[String]>) -> Result<Vec<Vec<u8>>, Error> {
        fusion::incidents(&self.connection, blocks)
    }

    /// How many fused documents lead with each of `words`, and how many fused documents report
    /// events.
    pub fn headline_word_counts(&self, words: &[String]) -> Result<(HashMap<String, u64>, u64), Error> {
        fusion::word_counts(&self.connection, words)
    }

    /// Writes what one round of fusion changed, in one transaction: all or none.
    pub fn write_fusion(&mut self, write: &FusionWrite) -> Result<(), Error> {
        fusion::write(&mut self.connection, write)
    }

    /// One document by id.
    pub fn document(&self, id: &DocId) -> Result<Option<Document>, Error> {
        documents::read(&self.connection, id)
    }

    /// Every source the document `id` was read from besides its own `source`: the same text
    /// met again in another file or record, in the order first seen.
    pub fn other_sources(&self, id: &DocId) -> Result<Vec<sightline_core::Source>, Error> {
        documents::other_sources(&self.connection, id)
    }

    /// Full-text search for plain words, best first: every word must occur, punctuation inside
    /// words (`ISIS-K`) is safe, and an empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, Error> {
        match search::plain_query(query) {
            Some(fts_query) => search::run(&self.connection, &fts_query, limit),
            None => Ok(Vec::new()),
        }
    }

    /// One page of a plain-words search (as [`Store::search`]) among documents published
    /// within `filter`'s dates, with the number of matches in all, for paginated listings.
    pub fn search_page(
        &self,
        query: &str,
        filter: &SearchFilter,
        limit: usize,
        offset: usize,
    ) -> Result<SearchPage, Error> {
        match search::plain_query(query) {
            Some(fts_query) => search::run_page(&self.connection, &fts_query, filter, limit, offset),
            None => Ok(SearchPage::default()),
        }
    }

    /// Full-text search with FTS5 query syntax (`OR`, `NOT`, `NEAR`, `"phrases"`, `prefix*`,
    /// `title:word`), best first. A syntax error is [`Error::Query`].
    pub fn search_raw(&self, fts_query: &str, limit: usize) -> Result<Vec<SearchHit>, Error> {
        search::run(&self.connection, fts_query, limit)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use sightline_core::{DocKind, RemovalReason, Removed, Source};

    use super::*;

    /// An article with `text` and `title`, every other field empty.
    pub(crate) fn article(text: &str, title: &str) -> Document {
        Document {
            id: DocId::from_content(text),
            source: Source::default(),
            kind: DocKind::Article,
            title: Some(title.to_string()).filter(|title| !title.is_empty()),
            published: None,
            author: None,
            dateline: None,
            credit: None,
            language: None,
            text: text.to_string(),
            removed: Vec::new(),
            parent: None,
        }
    }

    #[test]
    fn analyses_are_kept_per_model_and_dropped_when_their_document_changes() {
        let mut store = Store::open_in_memory().unwrap();
        let first = article("A blast near the airport killed 12 people.", "Blast");
        let second = article("Gunmen stormed a concert hall.", "Attack");
        store.write_documents(&[first.clone(), second.clone()]).unwrap();
        let ids = |store: &Store, model: &str| store.unanalysed_documents(model).unwrap();
        assert_eq!(ids(&store, "m1").len(), 2);

        store.write_analyses("m1", &[(first.id.clone(), b"facts one".to_vec())]).unwrap();
        assert_eq!(ids(&store, "m1"), std::slice::from_ref(&second.id));
        assert_eq!(store.analysis(&first.id, "m1").unwrap().as_deref(), Some(&b"facts one"[..]));
        // Another build's analysis is not this one's.
        assert_eq!(store.analysis(&first.id, "m2").unwrap(), None);
        assert_eq!(ids(&store, "m2").len(), 2);

        let mut walked = Vec::new();
        store
            .for_each_document_with_analysis("m1", &mut |document, facts| {
                walked.push((document.id, facts));
                Ok(())
            })
            .unwrap();
        assert_eq!(walked.len(), 2);
        assert!(walked.contains(&(first.id.clone(), Some(b"facts one".to_vec()))));
        assert!(walked.contains(&(second.id.clone(), None)));

        // A rewrite replaces; an unchanged document keeps its analysis.
        store.write_analyses("m2", &[(first.id.clone(), b"facts two".to_vec())]).unwrap();
        assert_eq!(store.analysis(&first.id, "m1").unwrap(), None);
        store.write_documents(std::slice::from_ref(&first)).unwrap();
        assert!(store.analysis(&first.id, "m2").unwrap().is_some());
        // A changed document (here its date, which every relative date hangs on) is analysed again.
        let mut dated = first.clone();
        dated.published = chrono::NaiveDate::from_ymd_opt(2024, 3, 22);
        assert_eq!(store.write_documents(&[dated]).unwrap().updated, 1);
        assert_eq!(store.analysis(&first.id, "m2").unwrap(), None);
    }

    #[test]
    fn no_source_is_ever_lost() {
        let mut store = Store::open_in_memory().unwrap();
        let from = |path: &str, title: &str| {
            let mut document = article("The same wire story, word for word.", title);
            document.source.path = Some(path.to_string());
            document
        };
        let paths = |store: &Store, id: &DocId| -> Vec<Option<String>> {
            store.other_sources(id).unwrap().into_iter().map(|source| source.path).collect()
        };
        let first = from("a.txt", "Title");
        store.write_documents(std::slice::from_ref(&first)).unwrap();
        // The same document from another file: kept, its source recorded beside it.
        let stats = store.write_documents(&[from("b.txt", "Title")]).unwrap();
        assert_eq!(stats.other_source, 1);
        assert_eq!(store.document(&first.id).unwrap().unwrap().source.path.as_deref(), Some("a.txt"));
        assert_eq!(paths(&store, &first.id), [Some("b.txt".to_string())]);
        // A changed document from a third file replaces it; the displaced source is kept.
        let stats = store.write_documents(&[from("c.txt", "New title")]).unwrap();
        assert_eq!(stats.updated, 1);
        assert_eq!(paths(&store, &first.id), [Some("b.txt".to_string()), Some("a.txt".to_string())]);
        // Writing the current version again changes nothing.
        let stats = store.write_documents(&[from("c.txt", "New title")]).unwrap();
        assert_eq!(stats.unchanged, 1);
    }

    /// A document with every field set, non-ASCII text included.
    fn full_document() -> Document {
        let text = "KABUL – Жители Кабула said the “Daesh” cell was dismantled; café owners 🚩 reopened.";
        Document {
            id: DocId::from_content(text),
            source: Source {
                path: Some("corpus/séance/page.html".into()),
                url: Some("https://news.example/ar/خبر".into()),
                id: Some("item-7".into()),
                record: Some(4_294_967_296),
            },
            kind: DocKind::Article,
            title: Some("Kaboul : la cellule démantelée".into()),
            published: chrono::NaiveDate::from_ymd_opt(2024, 3, 22),
            author: Some("Zoë Ağaoğlu".into()),
            dateline: Some("KABUL".into()),
            credit: Some("(Source: The Associated Press)".into()),
            language: Some("en".into()),
            text: text.into(),
            removed: vec![
                Removed { text: "Home / Afghanistan".into(), reason: RemovalReason::Navigation },
                Removed { text: "Leave a Reply".into(), reason: RemovalReason::Comments },
                Removed { text: "© 2024 Ünïcödé Media".into(), reason: RemovalReason::Footer },
            ],
            parent: None,
        }
    }

    /// A listing page and two stories split from it, stories first.
    fn listing_with_stories() -> Vec<Document> {
        let mut listing = article("Tag archive: ISKP", "ISKP archives");
        listing.kind = DocKind::Listing;
        let stories = ["First story about an attack.", "Second story about an arrest."].map(|text| {
            let mut story = article(text, "");
            story.kind = DocKind::Story;
            story.id = DocId::for_story(&listing.id, 0, text);
            story.parent = Some(listing.id.clone());
            story
        });
        let [first, second] = stories;
        vec![first, second, listing]
    }

    fn store() -> Store {
        match Store::open_in_memory() {
            Ok(store) => store,
            Err(error) => panic!("in-memory store: {error}"),
        }
    }

    /// Writes each batch in turn and compares the stats of each write.
    fn check_writes(store: &mut Store, batches: &[Vec<Document>], expected: &[(usize, usize, usize)]) {
        let got: Vec<(usize, usize, usize)> = batches
            .iter()
            .map(|batch| match store.write_documents(batch) {
                Ok(stats) => (stats.inserted, stats.unchanged, stats.updated),
                Err(error) => panic!("write failed: {error}"),
            })
            .collect();
        assert_eq!(got, expected);
    }

    /// Searches and describes the hits as `title: snippet`.
    fn check_search(store: &Store, query: &str, expected: &[&str]) {
        let hits = store.search(query, 10).map_err(|error| error.to_string());
        let got: Result<Vec<String>, String> = hits.map(|hits| {
            hits.iter()
                .map(|hit| format!("{}: {}", hit.title.as_deref().unwrap_or("-"), hit.snippet))
                .collect()
        });
        assert_eq!(got, Ok(expected.iter().map(|line| line.to_string()).collect()), "searching {query:?}");
    }

    fn all_documents(store: &Store) -> Vec<Document> {
        let mut documents = Vec::new();
        let result = store.for_each_document(&mut |document| {
            documents.push(document);
            Ok(())
        });
        assert!(result.is_ok(), "{result:?}");
        documents
    }

    #[test]
    fn every_field_round_trips() {
        let mut store = store();
        let document = full_document();
        check_writes(&mut store, &[vec![document.clone()]], &[(1, 0, 0)]);
        assert_eq!(store.document(&document.id).ok().flatten(), Some(document.clone()));
        assert_eq!(all_documents(&store), [document]);
        assert_eq!(store.document(&DocId::from_content("absent")).ok().flatten(), None);
    }

    #[test]
    fn writes_are_idempotent_and_updates_replace() {
        let mut store = store();
        let first = full_document();
        let second = article("A second, unrelated article.", "Second");
        let mut changed = first.clone();
        changed.title = Some("A better title".into());
        changed.removed.truncate(1);
        check_writes(
            &mut store,
            &[
                vec![first.clone(), second.clone()],
                vec![first.clone(), second.clone()],
                vec![changed.clone(), second],
            ],
            &[(2, 0, 0), (0, 2, 0), (0, 1, 1)],
        );
        assert_eq!(store.count_documents().ok(), Some(2));
        assert_eq!(store.document(&first.id).ok().flatten(), Some(changed));
        check_search(&store, "better", &["A better title: KABUL – Жители Кабула said the “Daesh” cell was dismantled; café owners 🚩 reopened."]);
        check_search(&store, "démantelée", &[]);
    }

    #[test]
    fn search_ranks_and_tolerates_punctuation() {
        let mut store = store();
        let batch = vec![
            article(
                "Officials blamed ISIS-K for the attack. ISIS-K has claimed similar attacks.",
                "ISIS-K attack",
            ),
            article("A market reopened after repairs; ISIS K was mentioned once.", "Market news"),
            article("Weather is mild across the region this week.", "Weather"),
            article("Le café de la gare a été fermé.", "Café"),
        ];
        check_writes(&mut store, &[batch], &[(4, 0, 0)]);
        check_search(
            &store,
            "ISIS-K",
            &[
                "ISIS-K attack: Officials blamed [ISIS-K] for the attack. [ISIS-K] has claimed similar attacks.",
                "Market news: A market reopened after repairs; [ISIS K] was mentioned once.",
            ],
        );
        check_search(&store, "cafe FERME", &["Café: Le [café] de la gare a été [fermé]."]);
        check_search(&store, "\"unbalanced * - :", &[]);
        check_search(&store, "", &[]);
        check_search(&store, "   ", &[]);
        check_search(&store, "weather snow", &[]);
        let raw = store.search_raw("weather OR market", 10).map(|hits| hits.len()).map_err(|e| e.to_string());
        assert_eq!(raw, Ok(2));
        let syntax = store.search_raw("\"unbalanced", 10).map_err(|error| error.to_string());
        assert!(syntax.is_err_and(|message| message.starts_with("invalid search query \"\\\"unbalanced\": ")));
    }

    #[test]
    fn search_pages_count_all_hits_and_filter_by_date_and_document() {
        let mut store = store();
        let dated = |text: &str, day: Option<u32>| {
            let mut document = article(text, "");
            document.published = day.and_then(|day| chrono::NaiveDate::from_ymd_opt(2024, 3, day));
            document
        };
        let batch = vec![
            dated("A blast in the north on the first.", Some(1)),
            dated("A second blast in the south.", Some(10)),
            dated("A third blast, later.", Some(20)),
            dated("An undated blast.", None),
        ];
        let ids: Vec<DocId> = batch.iter().map(|document| document.id.clone()).collect();
        check_writes(&mut store, &[batch], &[(4, 0, 0)]);
        let page = |filter: SearchFilter, limit: usize, offset: usize| {
            store
                .search_page("blast", &filter, limit, offset)
                .map(|page| (page.total, page.hits.len()))
                .map_err(|error| error.to_string())
        };
        assert_eq!(page(SearchFilter::default(), 10, 0), Ok((4, 4)));
        assert_eq!(page(SearchFilter::default(), 3, 0), Ok((4, 3)));
        assert_eq!(page(SearchFilter::default(), 3, 3), Ok((4, 1)));
        assert_eq!(page(SearchFilter::default(), 0, 0), Ok((4, 0)));
        let march = |day| chrono::NaiveDate::from_ymd_opt(2024, 3, day);
        let from_tenth = SearchFilter { published_from: march(10), ..SearchFilter::default() };
        assert_eq!(page(from_tenth, 10, 0), Ok((2, 2)));
        let window = SearchFilter { published_from: march(2), published_to: march(19), documents: None };
        assert_eq!(page(window, 10, 0), Ok((1, 1)));
        let two =
            SearchFilter { documents: Some(vec![ids[1].clone(), ids[3].clone()]), ..SearchFilter::default() };
        assert_eq!(page(two.clone(), 10, 0), Ok((2, 2)));
        assert_eq!(page(two, 1, 1), Ok((2, 1)));
        let none = SearchFilter { documents: Some(Vec::new()), ..SearchFilter::default() };
        assert_eq!(page(none, 10, 0), Ok((0, 0)));
        let both = SearchFilter {
            published_from: march(10),
            documents: Some(vec![ids[0].clone(), ids[1].clone()]),
            ..SearchFilter::default()
        };
        assert_eq!(page(both, 10, 0), Ok((1, 1)));
        let nothing = store.search_page(" - ", &SearchFilter::default(), 10, 0).map(|page| page.total);
        assert_eq!(nothing.ok(), Some(0));
    }

    #[test]
    fn stories_are_written_after_their_listing() {
        let mut store = store();
        let batch = listing_with_stories();
        check_writes(&mut store, &[batch.clone(), batch.clone()], &[(3, 0, 0), (0, 3, 0)]);
        let kinds: Vec<DocKind> = all_documents(&store).iter().map(|document| document.kind).collect();
        assert_eq!(kinds.len(), 3);
        let mut orphan = batch[0].clone();
        orphan.parent = Some(DocId::from_content("never stored"));
        orphan.id = DocId::from_content("orphan");
        let result = store.write_documents(&[article("Fine on its own.", ""), orphan.clone()]);
        assert_eq!(
            result.map_err(|error| error.to_string()),
            Err(format!(
                "document {} names parent {}, which is neither stored nor in the same write",
                orphan.id,
                DocId::from_content("never stored")
            ))
        );
        assert_eq!(store.count_documents().ok(), Some(3), "a failed batch writes nothing");
    }

    #[test]
    fn file_store_reopens_and_refuses_newer_or_foreign_files() {
        let Ok(folder) = tempfile::tempdir() else { return };
        let path = folder.path().join("sightline.db");
        {
            let mut store = Store::open(&path).map_err(|error| error.to_string());
            let written = store.as_mut().map(|store| store.write_documents(&listing_with_stories()).is_ok());
            assert_eq!(written, Ok(true));
        }
        let reopened = Store::open(&path).map_err(|error| error.to_string());
        let state =
            reopened.as_ref().map(|store| (store.count_documents().ok(), store.schema_version().ok()));
        assert_eq!(state, Ok((Some(3), Some(i64::from(SCHEMA_VERSION)))));
        let journal: Result<String, _> = reopened.as_ref().map_err(|_| ()).and_then(|store| {
            store.connection.pragma_query_value(None, "journal_mode", |row| row.get(0)).map_err(|_| ())
        });
        assert_eq!(journal.as_deref(), Ok("wal"));
        drop(reopened);

        if let Ok(connection) = rusqlite::Connection::open(&path) {
            connection.pragma_update(None, "user_version", 99).ok();
        }
        let newer = Store::open(&path).map(|_| ()).map_err(|error| error.to_string());
        let name = path.display();
        assert_eq!(
            newer,
            Err(format!(
                "store {name} has schema version 99, newer than version {SCHEMA_VERSION} that this build \
                 supports: use a newer sightline"
            ))
        );

        let foreign = folder.path().join("notes.txt");
        std::fs::write(&foreign, "These are notes, not a database. ".repeat(100)).ok();
        let opened = Store::open(&foreign).map(|_| ()).map_err(|error| error.to_string());
        assert_eq!(opened, Err(format!("cannot open store {}: file is not a database", foreign.display())));
        let folder_as_store = Store::open(folder.path()).map(|_| ()).map_err(|error| error.to_string());
        assert_eq!(
            folder_as_store,
            Err(format!("cannot open store {0}: unable to open database file: {0}", folder.path().display()))
        );
    }
}
