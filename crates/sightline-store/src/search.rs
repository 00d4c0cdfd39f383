//! Full-text search over titles and texts, with SQLite's FTS5.
//!
//! Users type words, not FTS5 syntax: in FTS5 a `-` or `:` is an operator, a `"` opens a phrase
//! and `*` is a prefix marker, so a plain query such as `ISIS-K` or `al-Qaeda` would be a syntax
//! error or mean something else. [`plain_query`] therefore quotes every whitespace-separated term
//! as a phrase of its own (inner quotes doubled, the FTS5 escape), and the terms are ANDed: the
//! tokenizer splits a quoted `ISIS-K` into the adjacent tokens `isis` `k`, which is what the
//! user meant. The `unicode61 remove_diacritics 2` tokenizer folds case and accents, so `cafe`
//! finds `Café` and `Kaboul` finds `KABOUL`. [`crate::Store::search_raw`] passes FTS5 syntax through
//! for callers who want operators.
//!
//! Snippets always come from the text, with matches in `[` `]`: when only the title matched,
//! the snippet is the start of the text, which says more than the title repeated.
//!
//! Ranking is BM25 as FTS5 computes it, with a match in the title worth more than one in the
//! body (a headline names what the article is about); ties are broken by id so that results
//! are stable from run to run.

use rusqlite::Connection;
use sightline_core::DocId;

use crate::{Error, SearchFilter, SearchHit, SearchPage};

/// BM25 weight of a match in the title, relative to one in the text.
const TITLE_WEIGHT: f64 = 3.0;

/// Words of context on each side of a match in a snippet.
const SNIPPET_TOKENS: i64 = 16;

/// The FTS5 query for plain user words, or `None` when there is nothing to search for.
pub(crate) fn plain_query(query: &str) -> Option<String> {
    let terms: Vec<String> = query
        .split_whitespace()
        .filter(|term| term.chars().any(char::is_alphanumeric))
        .map(|term| format!("\"{}\"", term.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Runs an FTS5 query, best first.
pub(crate) fn run(connection: &Connection, fts_query: &str, limit: usize) -> Result<Vec<SearchHit>, Error> {
    if limit == 0 || fts_query.trim().is_empty() {
        return Ok(Vec::new());
    }
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let sql = format!(
        "SELECT documents.id, documents.title, \
                snippet(documents_fts, 1, '[', ']', '…', {SNIPPET_TOKENS}), \
                bm25(documents_fts, {TITLE_WEIGHT}, 1.0) AS score \
         FROM documents_fts JOIN documents ON documents.doc_key = documents_fts.rowid \
         WHERE documents_fts MATCH ?1 \
         ORDER BY score, documents.id \
         LIMIT ?2"
    );
    let query_error = |source: rusqlite::Error| Error::Query { query: fts_query.to_string(), source };
    let mut statement = connection.prepare_cached(&sql)?;
    let mut rows = statement.query(rusqlite::params![fts_query, limit]).map_err(query_error)?;
    let mut hits = Vec::new();
    while let Some(row) = rows.next().map_err(query_error)? {
        let id: String = row.get(0)?;
        let doc_id = DocId::parse(&id)
            .ok_or_else(|| Error::Invalid { id: id.clone(), reason: "the id is not 32 hex digits".into() })?;
        hits.push(SearchHit { doc_id, title: row.get(1)?, snippet: row.get(2)?, score: row.get(3)? });
    }
    Ok(hits)
}

/// Runs an FTS5 query restricted to a range of publication dates, and returns one page of hits
/// with the number of hits in all. Documents without a date are left out once either bound is
/// given, since nothing says they fall inside it.
pub(crate) fn run_page(
    connection: &Connection,
    fts_query: &str,
    filter: &SearchFilter,
    limit: usize,
    offset: usize,
) -> Result<SearchPage, Error> {
    if fts_query.trim().is_empty() {
        return Ok(SearchPage::default());
    }
    let from = filter.published_from.map(|date| date.format("%Y-%m-%d").to_string());
    let to = filter.published_to.map(|date| date.format("%Y-%m-%d").to_string());
    // The allowed documents travel as one JSON array, so a thousand ids stay one parameter.
    let documents = filter.documents.as_ref().map(|ids| {
        let ids: Vec<&str> = ids.iter().map(DocId::as_str).collect();
        serde_json::to_string(&ids).unwrap_or_default()
    });
    // `?2 IS NULL OR ...` keeps one statement (and one cached plan) for every combination of
    // bounds.
    let filter_sql =
        "(?2 IS NULL OR documents.published >= ?2) AND (?3 IS NULL OR documents.published <= ?3) \
         AND (?6 IS NULL OR documents.id IN (SELECT value FROM json_each(?6)))";
    let query_error = |source: rusqlite::Error| Error::Query { query: fts_query.to_string(), source };
    // Without a date bound the index alone counts the matches, without touching `documents`
    // (a hundredth of the time on a common word).
    let count_sql = if filter == &SearchFilter::default() {
        "SELECT COUNT(*) FROM documents_fts \
         WHERE documents_fts MATCH ?1 AND ?2 IS NULL AND ?3 IS NULL AND ?6 IS NULL"
            .to_string()
    } else {
        format!(
            "SELECT COUNT(*) FROM documents_fts JOIN documents ON documents.doc_key = documents_fts.rowid \
             WHERE documents_fts MATCH ?1 AND {filter_sql}"
        )
    };
    let total: i64 = connection
        .prepare_cached(&count_sql)?
        .query_row(rusqlite::params![fts_query, from, to, None::<i64>, None::<i64>, documents], |row| {
            row.get(0)
        })
        .map_err(query_error)?;
    let total = u64::try_from(total).unwrap_or_default();
    if limit == 0 {
        return Ok(SearchPage { total, hits: Vec::new() });
    }
    // Rank first, then make snippets for the page's rows only: a sorter would otherwise build a
    // snippet for every match before the limit applies.
    let sql = format!(
        "WITH page AS ( \
             SELECT documents_fts.rowid AS doc_key, documents.id AS id, documents.title AS title, \
                    bm25(documents_fts, {TITLE_WEIGHT}, 1.0) AS score \
             FROM documents_fts JOIN documents ON documents.doc_key = documents_fts.rowid \
             WHERE documents_fts MATCH ?1 AND {filter_sql} \
             ORDER BY score, documents.id \
             LIMIT ?4 OFFSET ?5) \
         SELECT page.id, page.title, snippet(documents_fts, 1, '[', ']', '…', {SNIPPET_TOKENS}), page.score \
         FROM page JOIN documents_fts ON documents_fts.rowid = page.doc_key \
         WHERE documents_fts MATCH ?1 \
         ORDER BY page.score, page.id"
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let mut statement = connection.prepare_cached(&sql)?;
    let mut rows = statement
        .query(rusqlite::params![fts_query, from, to, limit, offset, documents])
        .map_err(query_error)?;
    let mut hits = Vec::new();
    while let Some(row) = rows.next().map_err(query_error)? {
        let id: String = row.get(0)?;
        let doc_id = DocId::parse(&id)
            .ok_or_else(|| Error::Invalid { id: id.clone(), reason: "the id is not 32 hex digits".into() })?;
        hits.push(SearchHit { doc_id, title: row.get(1)?, snippet: row.get(2)?, score: row.get(3)? });
    }
    Ok(SearchPage { total, hits })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str, expected: Option<&str>) {
        assert_eq!(plain_query(query).as_deref(), expected, "{query:?}");
    }

    #[test]
    fn plain_words_are_quoted_terms() {
        check("ISIS-K", Some("\"ISIS-K\""));
        check("  Kabul   airport ", Some("\"Kabul\" \"airport\""));
        check("say \"no\" NEAR: x*", Some("\"say\" \"\"\"no\"\"\" \"NEAR:\" \"x*\""));
        check("", None);
        check(" - : * ", None);
    }
}
