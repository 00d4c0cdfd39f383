//! The JSON API: one module per resource, each with its handlers and the query that both the
//! handler and the matching HTML page call, so the API and the web UI cannot disagree.
//!
//! Every list is paginated by `?limit=&offset=` and says how many items there are in all.
//! Errors are `{"error": message}` with a 4xx or 5xx status (see [`crate::error`]).

pub mod documents;
pub mod entities;
pub mod filters;
pub mod incidents;
pub mod ingest;
pub mod quotes;
pub mod search;

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;

use crate::error::ApiError;
use crate::state::AppState;

/// The OpenAPI 3 description of this API, written by hand; a test checks it names every route.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Every API route, as axum and the OpenAPI document spell it.
pub const ROUTES: &[&str] = &[
    "/api/openapi.json",
    "/api/documents",
    "/api/documents/{id}",
    "/api/entities",
    "/api/entities/{id}",
    "/api/search",
    "/api/ingest",
    "/api/incidents",
    "/api/incidents/{id}",
    "/api/events",
    "/api/quotes",
];

/// Items per page when the request does not say.
pub const DEFAULT_LIMIT: usize = 50;
/// The most items one page may hold, so that no request makes the server serialise everything.
pub const MAX_LIMIT: usize = 500;

/// The API's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(ROUTES[0], get(openapi))
        .route(ROUTES[1], get(documents::list))
        .route(ROUTES[2], get(documents::one))
        .route(ROUTES[3], get(entities::list))
        .route(ROUTES[4], get(entities::one))
        .route(ROUTES[5], get(search::search))
        .route(ROUTES[6], post(ingest::ingest))
        .route(ROUTES[7], get(incidents::list))
        .route(ROUTES[8], get(incidents::one))
        .route(ROUTES[9], get(incidents::events))
        .route(ROUTES[10], get(quotes::list))
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

/// One page of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Page {
    /// Most items on the page.
    pub limit: usize,
    /// Items skipped before it.
    pub offset: usize,
}

impl Page {
    /// Checks the requested page: `limit` in 1..=[`MAX_LIMIT`], default [`DEFAULT_LIMIT`].
    pub fn new(limit: Option<usize>, offset: Option<usize>) -> Result<Page, ApiError> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::BadRequest(format!(
                "limit must be between 1 and {MAX_LIMIT}, not {limit}"
            )));
        }
        Ok(Page { limit, offset: offset.unwrap_or(0) })
    }

    /// The items of `all` on this page.
    pub fn slice<'a, T>(&self, all: &'a [T]) -> &'a [T] {
        let start = self.offset.min(all.len());
        let end = start.saturating_add(self.limit).min(all.len());
        &all[start..end]
    }
}

/// A page of a list with the list's length.
#[derive(Debug, Serialize)]
pub struct List<T> {
    /// Items in the whole list.
    pub total: usize,
    /// Most items on this page.
    pub limit: usize,
    /// Items skipped before this page.
    pub offset: usize,
    /// This page's items.
    pub items: Vec<T>,
}

/// The query string, or a 400 that says what is wrong with it (axum's own rejection is plain
/// text).
pub fn query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    query.map(|Query(value)| value).map_err(|rejection| ApiError::BadRequest(rejection.body_text()))
}

/// Parses an ISO date parameter.
pub fn parse_date(name: &str, value: Option<&str>) -> Result<Option<chrono::NaiveDate>, ApiError> {
    match value.map(str::trim).filter(|value| !value.is_empty()) {
        None => Ok(None),
        Some(value) => chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ApiError::BadRequest(format!("{name} must be a date as YYYY-MM-DD, not {value:?}"))),
    }
}
