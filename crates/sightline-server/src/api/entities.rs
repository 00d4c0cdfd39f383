//! `/api/entities`: the entities across documents, filtered by type and name, and one entity
//! with every mention.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use sightline_contract::{EntityRecord, FactRecord, RelationRecord};
use sightline_pipeline::analysis::normalise_name;
use sightline_pipeline::records::entity_record;

use crate::api::documents::DocumentItem;
use crate::api::incidents::IncidentItem;
use crate::api::quotes::QuoteItem;
use crate::api::{query, List, Page};
use crate::error::ApiError;
use crate::snapshot::{parse_kind, Snapshot};
use crate::state::AppState;

#[derive(Deserialize)]
pub(crate) struct ListParams {
    #[serde(rename = "type")]
    entity_type: Option<String>,
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

/// An entity in a list: its names and how often it is mentioned.
#[derive(Serialize)]
pub struct EntityItem {
    id: String,
    #[serde(rename = "type")]
    entity_type: &'static str,
    name: String,
    aliases: Vec<String>,
    mentions: usize,
    documents: usize,
}

impl EntityItem {
    /// The list item of the entity at `index` in the snapshot.
    pub fn new(snapshot: &Snapshot, index: usize) -> EntityItem {
        let entity = &snapshot.entities[index];
        EntityItem {
            id: entity.id.clone(),
            entity_type: entity.kind.as_str(),
            name: entity.name.clone(),
            aliases: entity.aliases.clone(),
            mentions: entity.mentions.len(),
            documents: snapshot.entity_documents[index].len(),
        }
    }
}

/// The entities of `type` (any when `None`) with `q` in their name or an alias (case-blind),
/// most mentioned first.
pub fn filter(
    snapshot: &Snapshot,
    entity_type: Option<&str>,
    q: Option<&str>,
) -> Result<Vec<usize>, ApiError> {
    let kind = match entity_type.map(str::trim).filter(|name| !name.is_empty()) {
        None => None,
        Some(name) => Some(parse_kind(name).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "type must be one of person, organization, location, misc, not {name:?}"
            ))
        })?),
    };
    let needle = q.map(normalise_name).filter(|needle| !needle.is_empty());
    Ok(snapshot
        .most_mentioned
        .iter()
        .copied()
        .filter(|&index| {
            let entity = &snapshot.entities[index];
            kind.is_none_or(|kind| entity.kind == kind)
                && needle.as_deref().is_none_or(|needle| snapshot.name_keys[index].contains(needle))
        })
        .collect())
}

pub(crate) async fn list(
    State(state): State<AppState>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<List<EntityItem>>, ApiError> {
    let params = query(params)?;
    let page = Page::new(params.limit, params.offset)?;
    let snapshot = state.snapshot();
    let indexes = filter(&snapshot, params.entity_type.as_deref(), params.q.as_deref())?;
    let items = page.slice(&indexes).iter().map(|&index| EntityItem::new(&snapshot, index)).collect();
    Ok(Json(List { total: indexes.len(), limit: page.limit, offset: page.offset, items }))
}

/// The most incidents, quotes, relations and facts one entity response carries of each, the
/// latest first; `totals` says how many there are, and the list endpoints page through them.
pub const ENTITY_LIST_CAP: usize = 50;

#[derive(Serialize)]
pub(crate) struct EntityTotals {
    incidents: usize,
    quotes: usize,
    relations: usize,
    facts: usize,
}

#[derive(Serialize)]
pub(crate) struct EntityResponse {
    entity: EntityRecord,
    documents: Vec<DocumentItem>,
    incidents: Vec<IncidentItem>,
    quotes: Vec<QuoteItem>,
    relations: Vec<RelationRecord>,
    facts: Vec<FactRecord>,
    totals: EntityTotals,
}

/// The last `ENTITY_LIST_CAP` of `indexes` (the latest), latest first.
pub fn latest(indexes: &[usize], cap: usize) -> impl Iterator<Item = usize> + '_ {
    indexes.iter().rev().take(cap).copied()
}

/// The position of an entity in the snapshot: 404 for an unknown id.
pub fn find(snapshot: &Snapshot, id: &str) -> Result<usize, ApiError> {
    snapshot.entity_index(id).ok_or_else(|| ApiError::NotFound(format!("no entity with id {id:?}")))
}

pub(crate) async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<EntityResponse>, ApiError> {
    let snapshot = state.snapshot();
    let index = find(&snapshot, &id)?;
    let documents = snapshot.entity_documents[index]
        .iter()
        .map(|&document| DocumentItem::new(&snapshot, document))
        .collect();
    Ok(Json(EntityResponse {
        entity: entity_record(&snapshot.entities[index]),
        documents,
        incidents: latest(&snapshot.entity_incidents[index], ENTITY_LIST_CAP)
            .map(|incident| IncidentItem::new(&snapshot, incident))
            .collect(),
        quotes: latest(&snapshot.entity_quotes[index], ENTITY_LIST_CAP)
            .map(|quote| QuoteItem::new(&snapshot, quote))
            .collect(),
        relations: latest(&snapshot.entity_relations[index], ENTITY_LIST_CAP)
            .map(|relation| snapshot.data.relations[relation].clone())
            .collect(),
        facts: latest(&snapshot.entity_facts[index], ENTITY_LIST_CAP)
            .map(|fact| snapshot.data.facts[fact].clone())
            .collect(),
        totals: EntityTotals {
            incidents: snapshot.entity_incidents[index].len(),
            quotes: snapshot.entity_quotes[index].len(),
            relations: snapshot.entity_relations[index].len(),
            facts: snapshot.entity_facts[index].len(),
        },
    }))
}
