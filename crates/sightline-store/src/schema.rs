//! The schema, its migrations, and the connection settings every store runs with.
//!
//! **Migrations** are a list of SQL scripts applied in order; `PRAGMA user_version` records how
//! many have run. Opening a store applies the missing ones in one transaction, so a store is
//! never left half-migrated, and refuses a store whose version is higher than this build knows:
//! an older binary writing to a newer schema would corrupt it quietly. A migration, once
//! released, is never edited; a change is a new script at the end.
//!
//! **Why `doc_key INTEGER PRIMARY KEY` beside `id`.** The full-text index is an FTS5 table with
//! external content (it indexes `documents` without a second copy of every text) and finds rows
//! by integer rowid. SQLite's `VACUUM` may renumber the rowids of a table without an explicit
//! `INTEGER PRIMARY KEY`, which would silently point the index at the wrong documents; an
//! explicit integer key is stable. `id` (the content hash every other table and every user sees)
//! is `NOT NULL UNIQUE`, which gives it the same index and the same foreign-key target a primary
//! key would.
//!
//! **Settings.** WAL lets readers (a server, an export) run while the pipeline writes;
//! `synchronous=NORMAL` is the setting SQLite recommends with WAL (a power loss may drop the last
//! transactions but never corrupts); foreign keys are off by default in SQLite and must be turned
//! on per connection; the busy timeout makes a second writer wait instead of failing at once.

use std::time::Duration;

use rusqlite::Connection;

use crate::Error;

/// The migrations, in order. Index `i` brings a store from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: documents, their removed lines, and the full-text index over title and text.
    r#"
    CREATE TABLE documents (
        doc_key       INTEGER PRIMARY KEY,
        id            TEXT NOT NULL UNIQUE,
        kind          TEXT NOT NULL CHECK (kind IN ('article', 'listing', 'story')),
        source_path   TEXT,
        source_url    TEXT,
        source_id     TEXT,
        source_record INTEGER,
        title         TEXT,
        published     TEXT,
        author        TEXT,
        dateline      TEXT,
        credit        TEXT,
        language      TEXT,
        text          TEXT NOT NULL,
        parent        TEXT REFERENCES documents(id)
    ) STRICT;
    CREATE INDEX documents_parent ON documents(parent) WHERE parent IS NOT NULL;
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_source_url ON documents(source_url) WHERE source_url IS NOT NULL;

    CREATE TABLE removed_lines (
        doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        text    TEXT NOT NULL,
        reason  TEXT NOT NULL,
        PRIMARY KEY (doc_id, ordinal)
    ) STRICT, WITHOUT ROWID;

    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text,
        content = 'documents', content_rowid = 'doc_key',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.doc_key, new.title, new.text);
    END;
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.doc_key, old.title, old.text);
    END;
    CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.doc_key, old.title, old.text);
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.doc_key, new.title, new.text);
    END;
    "#,
    // 2: every further source a stored document was read from. The same text in two files
    // (a repost, a copy in two folders) is one document; its first source stays on the
    // document row and each other one is recorded here, so no provenance is lost.
    r#"
    CREATE TABLE document_sources (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        source_path TEXT,
        source_url TEXT,
        source_id TEXT,
        source_record INTEGER
    );
    CREATE UNIQUE INDEX document_sources_unique ON document_sources (
        doc_id, ifnull(source_path, ''), ifnull(source_url, ''), ifnull(source_id, ''), ifnull(source_record, -1)
    );
    "#,
    // 3: what the analysis found in each document, so that a document is analysed once per
    // build of the models and rules (`model`), not at every export or server start. `facts`
    // is opaque to the store: the pipeline writes and reads it. A row goes with its document
    // and is dropped when the document changes (see `documents::update`).
    r#"
    CREATE TABLE analyses (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        model  TEXT NOT NULL,
        facts  BLOB NOT NULL
    ) STRICT;
    "#,
    // 4: fusion's state between runs, so that ingesting documents fuses their event reports
    // into the stored incidents instead of fusing the corpus again. `incidents.state` is
    // opaque to the store (the pipeline writes and reads it); `incident_blocks` finds the
    // incidents a new report could join (the weeks an incident's period touches, its
    // country); `fused_documents` lists the documents whose reports are in the incidents and
    // `headline_words` how many of them lead with each word. `fusion_state` holds the build
    // that fused (`build`) and how many documents it fused (`documents`): a document that
    // changed or went drops its row here, the count no longer agrees, and fusion starts over.
    r#"
    CREATE TABLE fusion_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE fused_documents (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE incidents (
        id    TEXT PRIMARY KEY,
        state BLOB NOT NULL
    ) STRICT;
    CREATE TABLE incident_blocks (
        block    TEXT NOT NULL,
        incident TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        PRIMARY KEY (block, incident)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX incident_blocks_incident ON incident_blocks(incident);
    CREATE TABLE headline_words (
        word      TEXT PRIMARY KEY,
        documents INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    "#,
];

/// The schema version this build writes: the number of migrations.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Applies the connection settings and brings the schema up to [`SCHEMA_VERSION`].
/// `name` names the store in errors (a path, or `:memory:`).
pub(crate) fn prepare(connection: &mut Connection, name: &str) -> Result<(), Error> {
    let open_error = |source| Error::Open { path: name.to_string(), source };
    // journal_mode answers with the mode in force ("memory" for an in-memory store, which
    // cannot use WAL); either answer is fine, so it is read and ignored.
    connection
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
        .map_err(open_error)?;
    connection.pragma_update(None, "synchronous", "NORMAL").map_err(open_error)?;
    connection.pragma_update(None, "foreign_keys", "ON").map_err(open_error)?;
    connection.busy_timeout(Duration::from_secs(5)).map_err(open_error)?;
    let found: i64 =
        connection.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(open_error)?;
    let supported = i64::from(SCHEMA_VERSION);
    if found > supported {
        return Err(Error::TooNew { path: name.to_string(), found, supported });
    }
    let pending = usize::try_from(found).unwrap_or_default();
    if pending >= MIGRATIONS.len() {
        return Ok(());
    }
    let transaction = connection.transaction().map_err(open_error)?;
    for script in MIGRATIONS.iter().skip(pending) {
        transaction.execute_batch(script)?;
    }
    transaction.pragma_update(None, "user_version", supported)?;
    transaction.commit()?;
    Ok(())
}

/// The schema version recorded in a store.
pub(crate) fn version(connection: &Connection) -> Result<i64, Error> {
    Ok(connection.pragma_query_value(None, "user_version", |row| row.get(0))?)
}
