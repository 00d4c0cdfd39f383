//! Writing and reading documents: one row per document, one row per removed line.
//!
//! Every field of [`Document`] has its own column (no JSON blobs), so that queries can filter on
//! any of them and a schema change is a visible migration. A write is idempotent: a document
//! whose id is stored with exactly the same fields is counted `unchanged` and not written at all,
//! so rewriting a corpus leaves the database as it was (no timestamps in rows). A document whose
//! id is stored with different fields (a newer cleaner, another source for the same content) is
//! `updated` in place: `UPDATE`, not delete-and-insert, because stories split from a listing page
//! refer to it by foreign key, and deleting the listing would break them.
//!
//! A batch is written in one transaction, so a crash or an error mid-batch leaves the store as it
//! was before the batch. Stories can be written in the same batch as their listing page; the
//! batch is ordered parents first, so each parent row exists by the time its stories refer to it.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use sightline_core::{DocId, DocKind, Document, RemovalReason, Removed, Source};

use crate::{Error, WriteStats};

/// The document columns, in the order [`document_of_row`] reads them.
pub(crate) const COLUMNS: &str =
    "id, kind, source_path, source_url, source_id, source_record, title, published, \
                                  author, dateline, credit, language, text, parent";

/// Writes `documents` in one transaction.
pub(crate) fn write(connection: &mut Connection, documents: &[Document]) -> Result<WriteStats, Error> {
    // Immediate: take the write lock before the first read, so a second writer on the same
    // store waits out the busy timeout instead of failing when it upgrades a read transaction.
    let transaction = connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut stats = WriteStats::default();
    for document in parents_first(documents) {
        if let Some(parent) = &document.parent {
            let parent_stored = transaction
                .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
                .exists([parent.as_str()])?;
            if !parent_stored {
                return Err(Error::MissingParent { id: document.id.clone(), parent: parent.clone() });
            }
        }
        match read(&transaction, &document.id)? {
            None => {
                insert(&transaction, document)?;
                stats.inserted += 1;
            }
            Some(stored) if stored == *document => stats.unchanged += 1,
            Some(stored) if stored.source != document.source && same_but_source(&stored, document) => {
                // The first source read stays on the document, so a rerun changes nothing;
                // this one is kept beside it.
                add_other_source(&transaction, &document.id, &document.source)?;
                stats.other_source += 1;
            }
            Some(stored) => {
                // A changed document from another source replaces the stored one; the source it
                // displaces is kept, so no provenance is lost.
                if stored.source != document.source {
                    add_other_source(&transaction, &stored.id, &stored.source)?;
                    remove_other_source(&transaction, &document.id, &document.source)?;
                }
                update(&transaction, document)?;
                stats.updated += 1;
            }
        }
    }
    transaction.commit()?;
    Ok(stats)
}

/// The batch in an order where every document comes after its parent when the parent is in the
/// batch too; otherwise in the given order. Listings and stories nest one level in practice, but
/// the loop handles any depth; a cycle (a document that is its own ancestor) is left in place and
/// then fails the parent check, since no order can satisfy it.
fn parents_first(documents: &[Document]) -> Vec<&Document> {
    let in_batch: HashMap<&DocId, usize> =
        documents.iter().enumerate().map(|(index, document)| (&document.id, index)).collect();
    let mut placed = vec![false; documents.len()];
    let mut ordered = Vec::with_capacity(documents.len());
    loop {
        let before = ordered.len();
        for (index, document) in documents.iter().enumerate() {
            if placed[index] {
                continue;
            }
            let parent_pending = document
                .parent
                .as_ref()
                .and_then(|parent| in_batch.get(parent))
                .is_some_and(|&parent_index| parent_index != index && !placed[parent_index]);
            if !parent_pending {
                placed[index] = true;
                ordered.push(document);
            }
        }
        if ordered.len() == documents.len() {
            return ordered;
        }
        if ordered.len() == before {
            // A cycle: place the rest as given and let the parent check report it.
            ordered.extend(documents.iter().enumerate().filter(|(index, _)| !placed[*index]).map(|(_, d)| d));
            return ordered;
        }
    }
}

/// True when two documents differ in nothing but where they were read from.
fn same_but_source(stored: &Document, document: &Document) -> bool {
    let mut relocated = document.clone();
    relocated.source = stored.source.clone();
    relocated == *stored
}

fn add_other_source(connection: &Connection, id: &DocId, source: &Source) -> Result<(), Error> {
    connection
        .prepare_cached(
            "INSERT OR IGNORE INTO document_sources (doc_id, source_path, source_url, source_id, source_record) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(rusqlite::params![
            id.as_str(),
            source.path,
            source.url,
            source.id,
            source_record_value(id, source)?
        ])?;
    Ok(())
}

fn remove_other_source(connection: &Connection, id: &DocId, source: &Source) -> Result<(), Error> {
    connection
        .prepare_cached(
            "DELETE FROM document_sources WHERE doc_id = ?1 AND ifnull(source_path, '') = ifnull(?2, '') \
             AND ifnull(source_url, '') = ifnull(?3, '') AND ifnull(source_id, '') = ifnull(?4, '') \
             AND ifnull(source_record, -1) = ifnull(?5, -1)",
        )?
        .execute(rusqlite::params![
            id.as_str(),
            source.path,
            source.url,
            source.id,
            source_record_value(id, source)?
        ])?;
    Ok(())
}

/// Every further source `id` was read from, in the order first recorded.
pub(crate) fn other_sources(connection: &Connection, id: &DocId) -> Result<Vec<Source>, Error> {
    let mut statement = connection.prepare_cached(
        "SELECT source_path, source_url, source_id, source_record FROM document_sources \
         WHERE doc_id = ?1 ORDER BY rowid",
    )?;
    let rows = statement.query_map([id.as_str()], |row| {
        let record: Option<i64> = row.get(3)?;
        Ok(Source {
            path: row.get(0)?,
            url: row.get(1)?,
            id: row.get(2)?,
            record: record.and_then(|record| u64::try_from(record).ok()),
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn insert(connection: &Connection, document: &Document) -> Result<(), Error> {
    let record = record_value(document)?;
    connection
        .prepare_cached(
            "INSERT INTO documents (id, kind, source_path, source_url, source_id, source_record, title, \
             published, author, dateline, credit, language, text, parent) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(rusqlite::params_from_iter(column_values(document, record)))?;
    insert_removed(connection, document)
}

/// The values of `documents`' columns for `document`, in the order `?1` to `?14` of the insert
/// and update statements: one list, so the two cannot drift apart.
fn column_values(document: &Document, record: Option<i64>) -> [Box<dyn rusqlite::ToSql + '_>; 14] {
    [
        Box::new(document.id.as_str()),
        Box::new(document.kind.as_str()),
        Box::new(document.source.path.as_deref()),
        Box::new(document.source.url.as_deref()),
        Box::new(document.source.id.as_deref()),
        Box::new(record),
        Box::new(document.title.as_deref()),
        Box::new(document.published.map(|date| date.format("%Y-%m-%d").to_string())),
        Box::new(document.author.as_deref()),
        Box::new(document.dateline.as_deref()),
        Box::new(document.credit.as_deref()),
        Box::new(document.language.as_deref()),
        Box::new(document.text.as_str()),
        Box::new(document.parent.as_ref().map(DocId::as_str)),
    ]
}

fn update(connection: &Connection, document: &Document) -> Result<(), Error> {
    let record = record_value(document)?;
    connection
        .prepare_cached(
            "UPDATE documents SET kind = ?2, source_path = ?3, source_url = ?4, source_id = ?5, \
             source_record = ?6, title = ?7, published = ?8, author = ?9, dateline = ?10, credit = ?11, \
             language = ?12, text = ?13, parent = ?14 WHERE id = ?1",
        )?
        .execute(rusqlite::params_from_iter(column_values(document, record)))?;
    connection
        .prepare_cached("DELETE FROM removed_lines WHERE doc_id = ?1")?
        .execute([document.id.as_str()])?;
    // What was found in the document may depend on any field (its publication date anchors
    // every relative date), so it is found again.
    connection.prepare_cached("DELETE FROM analyses WHERE doc_id = ?1")?.execute([document.id.as_str()])?;
    // Its reports in the stored incidents are those of the old fields: fusion starts over.
    connection
        .prepare_cached("DELETE FROM fused_documents WHERE doc_id = ?1")?
        .execute([document.id.as_str()])?;
    insert_removed(connection, document)
}

fn insert_removed(connection: &Connection, document: &Document) -> Result<(), Error> {
    let mut statement = connection.prepare_cached(
        "INSERT INTO removed_lines (doc_id, ordinal, text, reason) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (ordinal, removed) in document.removed.iter().enumerate() {
        let ordinal = i64::try_from(ordinal).unwrap_or(i64::MAX);
        statement.execute(params![document.id.as_str(), ordinal, removed.text, removed.reason.as_str()])?;
    }
    Ok(())
}

/// SQLite integers are signed 64-bit; a record offset beyond that cannot come from a real file,
/// but it is refused rather than wrapped.
fn record_value(document: &Document) -> Result<Option<i64>, Error> {
    source_record_value(&document.id, &document.source)
}

fn source_record_value(id: &DocId, source: &Source) -> Result<Option<i64>, Error> {
    source
        .record
        .map(|record| {
            i64::try_from(record).map_err(|_| Error::Invalid {
                id: id.to_string(),
                reason: format!("source record {record} is larger than SQLite can store"),
            })
        })
        .transpose()
}

/// One document by id.
pub(crate) fn read(connection: &Connection, id: &DocId) -> Result<Option<Document>, Error> {
    let sql = format!("SELECT {COLUMNS} FROM documents WHERE id = ?1");
    let mut statement = connection.prepare_cached(&sql)?;
    let document = statement.query_row([id.as_str()], |row| Ok(document_of_row(row))).optional()?;
    match document {
        None => Ok(None),
        Some(document) => {
            let mut document = document?;
            document.removed = read_removed(connection, &document.id)?;
            Ok(Some(document))
        }
    }
}

/// Calls `visit` on every document, oldest published first (undated ones last), then in id
/// order, one row at a time: the analysis takes documents in the order they appeared, so the
/// earlier of two near-copies is the one the later duplicates.
pub(crate) fn for_each(
    connection: &Connection,
    visit: &mut dyn FnMut(Document) -> Result<(), Error>,
) -> Result<(), Error> {
    let sql = format!("SELECT {COLUMNS} FROM documents ORDER BY {WALK_ORDER}");
    let mut statement = connection.prepare(&sql)?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let mut document = document_of_row(row)?;
        document.removed = read_removed(connection, &document.id)?;
        visit(document)?;
    }
    Ok(())
}

/// The order of every walk over the documents: oldest published first, undated last, then by
/// id, so that a walk is the same on every run and an earlier report comes before its copies.
pub(crate) const WALK_ORDER: &str = "published IS NULL, published, id";

/// [`for_each`], with each document's stored analysis by `model` when there is one.
pub(crate) fn for_each_with_analysis(
    connection: &Connection,
    model: &str,
    visit: &mut dyn FnMut(Document, Option<Vec<u8>>) -> Result<(), Error>,
) -> Result<(), Error> {
    let sql = format!(
        "SELECT {COLUMNS}, analyses.facts FROM documents \
         LEFT JOIN analyses ON analyses.doc_id = documents.id AND analyses.model = ?1 ORDER BY {WALK_ORDER}"
    );
    let mut statement = connection.prepare(&sql)?;
    let mut rows = statement.query([model])?;
    while let Some(row) = rows.next()? {
        let mut document = document_of_row(row)?;
        let facts: Option<Vec<u8>> = row.get(14)?;
        document.removed = read_removed(connection, &document.id)?;
        visit(document, facts)?;
    }
    Ok(())
}

/// The ids of the documents with no analysis by `model`, in walk order.
pub(crate) fn unanalysed(connection: &Connection, model: &str) -> Result<Vec<DocId>, Error> {
    let sql = format!(
        "SELECT id FROM documents WHERE NOT EXISTS \
         (SELECT 1 FROM analyses WHERE analyses.doc_id = documents.id AND analyses.model = ?1) \
         ORDER BY {WALK_ORDER}"
    );
    ids_of(connection, &sql, model)
}

/// The document ids a query with one parameter, `model`, selects.
pub(crate) fn ids_of(connection: &Connection, sql: &str, model: &str) -> Result<Vec<DocId>, Error> {
    let mut statement = connection.prepare(sql)?;
    let mut rows = statement.query([model])?;
    let mut ids = Vec::new();
    while let Some(row) = rows.next()? {
        let text: String = row.get(0)?;
        ids.push(DocId::parse(&text).ok_or_else(|| corrupt(&text, "the id is not 32 hex digits".into()))?);
    }
    Ok(ids)
}

/// Stores analyses by `model` in one transaction, replacing any earlier one of each document.
pub(crate) fn write_analyses(
    connection: &mut Connection,
    model: &str,
    analyses: &[(DocId, Vec<u8>)],
) -> Result<(), Error> {
    let transaction = connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    {
        let mut statement = transaction.prepare_cached(
            "INSERT INTO analyses (doc_id, model, facts) VALUES (?1, ?2, ?3) \
             ON CONFLICT (doc_id) DO UPDATE SET model = excluded.model, facts = excluded.facts",
        )?;
        for (id, facts) in analyses {
            statement.execute(params![id.as_str(), model, facts])?;
        }
    }
    transaction.commit()?;
    Ok(())
}

/// The stored analysis of one document by `model`.
pub(crate) fn analysis(connection: &Connection, id: &DocId, model: &str) -> Result<Option<Vec<u8>>, Error> {
    Ok(connection
        .prepare_cached("SELECT facts FROM analyses WHERE doc_id = ?1 AND model = ?2")?
        .query_row([id.as_str(), model], |row| row.get(0))
        .optional()?)
}

fn read_removed(connection: &Connection, id: &DocId) -> Result<Vec<Removed>, Error> {
    let mut statement = connection
        .prepare_cached("SELECT text, reason FROM removed_lines WHERE doc_id = ?1 ORDER BY ordinal")?;
    let mut rows = statement.query([id.as_str()])?;
    let mut removed = Vec::new();
    while let Some(row) = rows.next()? {
        let reason_name: String = row.get(1)?;
        let reason = RemovalReason::parse(&reason_name)
            .ok_or_else(|| corrupt(id.as_str(), format!("unknown removal reason {reason_name:?}")))?;
        removed.push(Removed { text: row.get(0)?, reason });
    }
    Ok(removed)
}

/// A document from a row of [`COLUMNS`], without its removed lines.
pub(crate) fn document_of_row(row: &Row) -> Result<Document, Error> {
    let id_text: String = row.get(0)?;
    let id = DocId::parse(&id_text).ok_or_else(|| corrupt(&id_text, "the id is not 32 hex digits".into()))?;
    let kind_name: String = row.get(1)?;
    let kind =
        DocKind::parse(&kind_name).ok_or_else(|| corrupt(&id_text, format!("unknown kind {kind_name:?}")))?;
    let record: Option<i64> = row.get(5)?;
    let record = record
        .map(|record| {
            u64::try_from(record).map_err(|_| corrupt(&id_text, format!("negative source record {record}")))
        })
        .transpose()?;
    let published: Option<String> = row.get(7)?;
    let published = published
        .map(|date| {
            NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                .map_err(|_| corrupt(&id_text, format!("published date {date:?} is not YYYY-MM-DD")))
        })
        .transpose()?;
    let parent: Option<String> = row.get(13)?;
    let parent = parent
        .map(|parent| {
            DocId::parse(&parent).ok_or_else(|| corrupt(&id_text, format!("parent {parent:?} is not an id")))
        })
        .transpose()?;
    Ok(Document {
        id,
        source: Source { path: row.get(2)?, url: row.get(3)?, id: row.get(4)?, record },
        kind,
        title: row.get(6)?,
        published,
        author: row.get(8)?,
        dateline: row.get(9)?,
        credit: row.get(10)?,
        language: row.get(11)?,
        text: row.get(12)?,
        removed: Vec::new(),
        parent,
    })
}

fn corrupt(id: &str, reason: String) -> Error {
    Error::Invalid { id: id.to_string(), reason }
}
