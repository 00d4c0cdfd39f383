//! `POST /api/ingest`: pages in the request body go through the same pipeline as
//! `sightline ingest`, then the snapshot is rebuilt.
//!
//! Writing is off unless the server was given a token, and a request must carry it as
//! `Authorization: Bearer TOKEN`: a server left running on a laptop must not let any local
//! process or web page fill its store.

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::Json;
use serde::{Deserialize, Serialize};
use sightline_ingest::Format;
use sightline_pipeline::{IngestOptions, Quiet};

use crate::api::query;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize)]
pub(crate) struct IngestParams {
    format: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct IngestResponse {
    inserted: usize,
    unchanged: usize,
    updated: usize,
    other_source: usize,
    skipped: Vec<String>,
    documents: usize,
}

/// Checks the bearer token in constant time (a timing difference must not reveal a prefix).
fn authorise(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = state.config().token.as_deref() else {
        return Err(ApiError::Forbidden(
            "writing is disabled: start the server with --token or SIGHTLINE_TOKEN".into(),
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    let same = given.len() == expected.len()
        && given.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    if same {
        Ok(())
    } else {
        Err(ApiError::Unauthorized("a valid token is required: Authorization: Bearer TOKEN".into()))
    }
}

fn parse_format(name: Option<&str>) -> Result<Format, ApiError> {
    Ok(match name.unwrap_or("auto") {
        "auto" => Format::Auto,
        "text" => Format::Text,
        "html" => Format::Html,
        "warc" => Format::Warc,
        "jsonl" => Format::Jsonl,
        "feed" => Format::Feed,
        other => {
            return Err(ApiError::BadRequest(format!(
                "format must be one of auto, text, html, warc, jsonl, feed, not {other:?}"
            )))
        }
    })
}

pub(crate) async fn ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<IngestParams>, QueryRejection>,
    body: Bytes,
) -> Result<Json<IngestResponse>, ApiError> {
    authorise(&state, &headers)?;
    let params = query(params)?;
    let mut options = IngestOptions::default();
    options.ingest.format = parse_format(params.format.as_deref())?;
    if body.is_empty() {
        return Err(ApiError::BadRequest("the request body holds no page".into()));
    }
    let response = state
        .write_and_rebuild(move |store| {
            // The pipeline reads inputs by path; a temporary file gives the body one, and the
            // same readers (sniffing, gzip, charsets, limits) as the command line.
            let folder = tempfile::tempdir().map_err(|error| ApiError::Internal(error.to_string()))?;
            let path = folder.path().join("request-body");
            std::fs::write(&path, &body).map_err(|error| ApiError::Internal(error.to_string()))?;
            let summary = sightline_pipeline::ingest(&[path], &options, store, &mut Quiet)
                .map_err(|error| ApiError::Internal(error.to_string()))?;
            let documents = usize::try_from(store.count_documents()?).unwrap_or(usize::MAX);
            Ok(IngestResponse {
                inserted: summary.written.inserted,
                unchanged: summary.written.unchanged,
                updated: summary.written.updated,
                other_source: summary.written.other_source,
                skipped: summary.skipped.into_iter().map(|skip| skip.message).collect(),
                documents,
            })
        })
        .await?;
    Ok(Json(response))
}
