//! `/api/documents`: the stored documents, and one document with its entity mentions.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use sightline_contract::{DocumentRecord, SourceRecord};
use sightline_core::{DocId, Document, Source};

use crate::api::{query, List, Page};
use crate::error::ApiError;
use crate::snapshot::{DocumentSummary, Snapshot};
use crate::state::AppState;

#[derive(Deserialize)]
pub(crate) struct ListParams {
    limit: Option<usize>,
    offset: Option<usize>,
}

/// A document in a list: its metadata without its text.
#[derive(Serialize)]
pub struct DocumentItem {
    id: String,
    title: Option<String>,
    published: Option<String>,
    page_kind: &'static str,
    source: String,
    language: Option<String>,
    text_chars: usize,
    mentions: usize,
}

impl DocumentItem {
    /// The list item of the document at `index` in the snapshot.
    pub fn new(snapshot: &Snapshot, index: usize) -> DocumentItem {
        let summary: &DocumentSummary = &snapshot.documents[index];
        DocumentItem {
            id: summary.id.to_string(),
            title: summary.title.clone(),
            published: summary.published.map(|date| date.format("%Y-%m-%d").to_string()),
            page_kind: summary.kind.as_str(),
            source: summary.source.clone(),
            language: summary.language.clone(),
            text_chars: summary.text_chars,
            mentions: snapshot.mentions[index].len(),
        }
    }
}

pub(crate) async fn list(
    State(state): State<AppState>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<List<DocumentItem>>, ApiError> {
    let params = query(params)?;
    let page = Page::new(params.limit, params.offset)?;
    let snapshot = state.snapshot();
    let indexes: Vec<usize> = (0..snapshot.documents.len()).collect();
    let items = page.slice(&indexes).iter().map(|&index| DocumentItem::new(&snapshot, index)).collect();
    Ok(Json(List { total: indexes.len(), limit: page.limit, offset: page.offset, items }))
}

/// One mention in a document, with the entity it belongs to.
#[derive(Serialize)]
pub struct DocumentMentionItem {
    entity: String,
    #[serde(rename = "type")]
    entity_type: &'static str,
    name: String,
    start: usize,
    end: usize,
    text: String,
    how: &'static str,
}

#[derive(Serialize)]
pub(crate) struct DocumentResponse {
    document: DocumentRecord,
    mentions: Vec<DocumentMentionItem>,
}

/// A stored document with what the snapshot knows of it.
pub struct DocumentView {
    /// The document as stored.
    pub document: Document,
    /// Other files or records the same text was read from.
    pub other_sources: Vec<Source>,
    /// Its position in the snapshot.
    pub index: usize,
    /// The snapshot the view was read from.
    pub snapshot: Arc<Snapshot>,
}

/// Reads a document by its id: 404 for an id that is malformed or not stored.
pub async fn load(state: &AppState, id: &str) -> Result<DocumentView, ApiError> {
    let not_found = || ApiError::NotFound(format!("no document with id {id:?}"));
    let doc_id = DocId::parse(id).ok_or_else(not_found)?;
    let snapshot = state.snapshot();
    let index = snapshot.document_index(&doc_id).ok_or_else(not_found)?;
    let read_id = doc_id.clone();
    let stored = state
        .read(move |store| {
            let document = store.document(&read_id)?;
            let other_sources = store.other_sources(&read_id)?;
            Ok(document.map(|document| (document, other_sources)))
        })
        .await?;
    let (document, other_sources) = stored.ok_or_else(not_found)?;
    Ok(DocumentView { document, other_sources, index, snapshot })
}

pub(crate) async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DocumentResponse>, ApiError> {
    let view = load(&state, &id).await?;
    let mut record = DocumentRecord::from_document(&view.document);
    record.other_sources = view.other_sources.iter().map(SourceRecord::from_source).collect();
    let mentions = view.snapshot.mentions[view.index]
        .iter()
        .map(|mention| {
            let entity = &view.snapshot.entities[mention.entity];
            let found = &entity.mentions[mention.mention];
            DocumentMentionItem {
                entity: entity.id.clone(),
                entity_type: entity.kind.as_str(),
                name: entity.name.clone(),
                start: mention.start,
                end: mention.end,
                text: found.text.clone(),
                how: found.how,
            }
        })
        .collect();
    Ok(Json(DocumentResponse { document: record, mentions }))
}
