//! `/api/quotes`: who said what, with the speaker's entity, filtered by speaker, document and
//! words of the quote.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use sightline_contract::QuoteRecord;

use crate::api::filters::{FactFilter, FactParams};
use crate::api::{query, List, Page};
use crate::error::ApiError;
use crate::snapshot::Snapshot;
use crate::state::AppState;

/// A list request.
#[derive(Debug, Default, Deserialize)]
pub struct QuoteParams {
    /// The speaker: an entity id or words of its name.
    pub actor: Option<String>,
    /// Words the quote holds (case-blind).
    pub q: Option<String>,
    /// Only the quotes of this document.
    pub doc: Option<String>,
    /// Most items on the page.
    pub limit: Option<usize>,
    /// Items skipped before the page.
    pub offset: Option<usize>,
}

/// A quote with its speaker's name.
#[derive(Serialize)]
pub struct QuoteItem {
    /// The contract's record.
    #[serde(flatten)]
    pub record: QuoteRecord,
    /// The speaker entity's name.
    pub speaker_name: Option<String>,
}

impl QuoteItem {
    /// The item of the quote at `index`.
    pub fn new(snapshot: &Snapshot, index: usize) -> QuoteItem {
        let record = snapshot.data.quotes[index].clone();
        let speaker_name = record
            .speaker
            .as_deref()
            .and_then(|id| snapshot.data.entity(id))
            .map(|entity| entity.name.clone());
        QuoteItem { record, speaker_name }
    }
}

/// The quotes that pass the parameters, latest document first and in text order within one.
pub fn filter_quotes(snapshot: &Snapshot, params: &QuoteParams) -> Result<Vec<usize>, ApiError> {
    let wanted = FactParams { actor: params.actor.clone(), doc: params.doc.clone(), ..FactParams::default() };
    let filter = FactFilter::parse(snapshot, &wanted)?;
    let words = params.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(str::to_lowercase);
    let documents: Vec<usize> = match filter.document() {
        None => (0..snapshot.documents.len()).collect(),
        Some(document) => vec![document],
    };
    Ok(documents
        .into_iter()
        .flat_map(|document| snapshot.document_quotes[document].iter().copied())
        .filter(|&index| {
            let quote = &snapshot.data.quotes[index];
            filter.quote(snapshot, quote.speaker.as_deref(), &quote.doc)
                && words.as_deref().is_none_or(|words| snapshot.quote_lowers[index].contains(words))
        })
        .collect())
}

pub(crate) async fn list(
    State(state): State<AppState>,
    params: Result<Query<QuoteParams>, QueryRejection>,
) -> Result<Json<List<QuoteItem>>, ApiError> {
    let params = query(params)?;
    let page = Page::new(params.limit, params.offset)?;
    let snapshot = state.snapshot();
    let indexes = filter_quotes(&snapshot, &params)?;
    let items = page.slice(&indexes).iter().map(|&index| QuoteItem::new(&snapshot, index)).collect();
    Ok(Json(List { total: indexes.len(), limit: page.limit, offset: page.offset, items }))
}
