//! `/api/search`: full-text search over stored documents (the store's FTS5 index), with a range
//! of publication dates and the analysis's filters: documents that mention an actor, or report
//! an event of a type or in a country.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use sightline_store::SearchFilter;

use crate::api::filters::{FactFilter, FactParams};
use crate::api::{parse_date, query, Page};
use crate::error::ApiError;
use crate::state::AppState;

/// A search as the query string gives it.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    /// The words to find.
    pub q: Option<String>,
    /// Earliest publication date, YYYY-MM-DD.
    pub from: Option<String>,
    /// Latest publication date, YYYY-MM-DD.
    pub to: Option<String>,
    /// Only documents that mention this entity (an id, or words of a name).
    pub actor: Option<String>,
    /// Only documents that report an event of this type.
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    /// Only documents that report an event in this country (ISO 3166 alpha-2).
    pub country: Option<String>,
    /// Most hits on the page.
    pub limit: Option<usize>,
    /// Hits skipped before the page.
    pub offset: Option<usize>,
}

/// One matching document.
#[derive(Debug, Serialize)]
pub struct SearchItem {
    /// The document's id.
    pub id: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its publication date.
    pub published: Option<String>,
    /// Words around the matches, each match in `[` `]`.
    pub snippet: String,
    /// BM25 score: lower is better.
    pub score: f64,
}

/// One page of results.
#[derive(Debug, Serialize)]
pub struct SearchResults {
    /// The words searched for.
    pub query: String,
    /// Matching documents in all.
    pub total: u64,
    /// Most hits on this page.
    pub limit: usize,
    /// Hits skipped before this page.
    pub offset: usize,
    /// This page's hits, best first.
    pub items: Vec<SearchItem>,
}

/// Runs a search: 400 without words to search for or with a malformed date.
pub async fn run(state: &AppState, params: SearchParams) -> Result<SearchResults, ApiError> {
    let query = params.q.unwrap_or_default();
    if !query.chars().any(char::is_alphanumeric) {
        return Err(ApiError::BadRequest("q must hold at least one word to search for".into()));
    }
    let snapshot = state.snapshot();
    let facts = FactFilter::parse(
        &snapshot,
        &FactParams {
            actor: params.actor,
            event_type: params.event_type,
            country: params.country,
            ..FactParams::default()
        },
    )?;
    let filter = SearchFilter {
        published_from: parse_date("from", params.from.as_deref())?,
        published_to: parse_date("to", params.to.as_deref())?,
        documents: facts.documents(&snapshot),
    };
    let page = Page::new(params.limit, params.offset)?;
    let words = query.clone();
    let found =
        state.read(move |store| Ok(store.search_page(&words, &filter, page.limit, page.offset)?)).await?;
    let items = found
        .hits
        .into_iter()
        .map(|hit| {
            let published = snapshot
                .document_index(&hit.doc_id)
                .and_then(|index| snapshot.documents[index].published)
                .map(|date| date.format("%Y-%m-%d").to_string());
            SearchItem {
                id: hit.doc_id.to_string(),
                title: hit.title,
                published,
                snippet: hit.snippet,
                score: hit.score,
            }
        })
        .collect();
    Ok(SearchResults { query, total: found.total, limit: page.limit, offset: page.offset, items })
}

pub(crate) async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchResults>, ApiError> {
    Ok(Json(run(&state, query(params)?).await?))
}
