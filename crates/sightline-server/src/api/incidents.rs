//! `/api/incidents` and `/api/events`: incidents fused across documents and the event reports
//! they are made of, filtered by actor, type, country and date.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Serialize;
use sightline_contract::{EventRecord, IncidentRecord};

use crate::api::documents::DocumentItem;
use crate::api::filters::{FactFilter, FactParams};
use crate::api::{query, List, Page};
use crate::error::ApiError;
use crate::snapshot::Snapshot;
use crate::state::AppState;

/// An incident with what the dataset derives for it.
#[derive(Serialize)]
pub struct IncidentItem {
    /// The contract's record.
    #[serde(flatten)]
    pub record: IncidentRecord,
    /// The name of the place the coordinates are of.
    pub place: Option<String>,
    /// Latitude of the place.
    pub lat: Option<f64>,
    /// Longitude of the place.
    pub lon: Option<f64>,
    /// Number of event reports.
    pub reports: usize,
}

impl IncidentItem {
    /// The item of the incident at `index`.
    pub fn new(snapshot: &Snapshot, index: usize) -> IncidentItem {
        let record = &snapshot.data.incidents[index];
        let (place, coordinates) = snapshot.incident_places[index].clone();
        IncidentItem {
            place,
            lat: coordinates.map(|(lat, _)| lat),
            lon: coordinates.map(|(_, lon)| lon),
            reports: record.events.len(),
            record: record.clone(),
        }
    }
}

/// The incidents that pass `filter`, latest first.
pub fn filter_incidents(snapshot: &Snapshot, filter: &FactFilter) -> Vec<usize> {
    snapshot.latest_incidents.iter().copied().filter(|&index| filter.incident(snapshot, index)).collect()
}

pub(crate) async fn list(
    State(state): State<AppState>,
    params: Result<Query<FactParams>, QueryRejection>,
) -> Result<Json<List<IncidentItem>>, ApiError> {
    let params = query(params)?;
    let page = Page::new(params.limit, params.offset)?;
    let snapshot = state.snapshot();
    let filter = FactFilter::parse(&snapshot, &params)?;
    let indexes = filter_incidents(&snapshot, &filter);
    let items = page.slice(&indexes).iter().map(|&index| IncidentItem::new(&snapshot, index)).collect();
    Ok(Json(List { total: indexes.len(), limit: page.limit, offset: page.offset, items }))
}

/// The position of an incident in the snapshot: 404 for an unknown id.
pub fn find(snapshot: &Snapshot, id: &str) -> Result<usize, ApiError> {
    snapshot.incident_index(id).ok_or_else(|| ApiError::NotFound(format!("no incident with id {id:?}")))
}

#[derive(Serialize)]
pub(crate) struct IncidentResponse {
    incident: IncidentItem,
    events: Vec<EventRecord>,
    documents: Vec<DocumentItem>,
}

pub(crate) async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<IncidentResponse>, ApiError> {
    let snapshot = state.snapshot();
    let index = find(&snapshot, &id)?;
    let record = &snapshot.data.incidents[index];
    let documents = record
        .docs
        .iter()
        .filter_map(|doc| sightline_core::DocId::parse(doc).and_then(|doc| snapshot.document_index(&doc)))
        .map(|document| DocumentItem::new(&snapshot, document))
        .collect();
    Ok(Json(IncidentResponse {
        events: snapshot.data.events_of(record).cloned().collect(),
        incident: IncidentItem::new(&snapshot, index),
        documents,
    }))
}

/// An event report and the incident it was fused into.
#[derive(Serialize)]
pub struct EventItem {
    /// The contract's record.
    #[serde(flatten)]
    pub record: EventRecord,
    /// The incident's id.
    pub incident: Option<String>,
}

/// The events that pass `filter`, latest document first and in text order within a document.
pub fn filter_events(snapshot: &Snapshot, filter: &FactFilter) -> Vec<usize> {
    let documents: Vec<usize> = match filter.document() {
        None => (0..snapshot.documents.len()).collect(),
        Some(document) => vec![document],
    };
    documents
        .into_iter()
        .flat_map(|document| snapshot.document_events[document].iter().copied())
        .filter(|&event| filter.event(snapshot, event))
        .collect()
}

pub(crate) async fn events(
    State(state): State<AppState>,
    params: Result<Query<FactParams>, QueryRejection>,
) -> Result<Json<List<EventItem>>, ApiError> {
    let params = query(params)?;
    let page = Page::new(params.limit, params.offset)?;
    let snapshot = state.snapshot();
    let filter = FactFilter::parse(&snapshot, &params)?;
    let indexes = filter_events(&snapshot, &filter);
    let items = page
        .slice(&indexes)
        .iter()
        .map(|&index| EventItem {
            record: snapshot.data.events[index].clone(),
            incident: snapshot.event_incident[index]
                .map(|incident| snapshot.data.incidents[incident].id.clone()),
        })
        .collect();
    Ok(Json(List { total: indexes.len(), limit: page.limit, offset: page.offset, items }))
}
