//! The web UI: server-rendered HTML, one askama template per page in `templates/`.
//!
//! Each page calls the same query as its JSON twin in [`crate::api`], then fills a template
//! struct with plain strings. Askama escapes every value in an `.html` template, and nothing here
//! marks text as safe: a page whose title or text holds `<script>` shows it as text. Highlighted
//! mentions are pieces cut at their spans ([`crate::highlight`]), with the markup in the
//! template.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::api;
use crate::api::search::SearchParams;
use crate::error::ApiError;
use crate::highlight;
use crate::snapshot::Snapshot;
use crate::state::AppState;

/// Every page route.
pub const ROUTES: &[&str] = &["/", "/documents/{id}", "/entities/{id}", "/search"];

/// Documents and entities on the overview.
const OVERVIEW_ROWS: usize = 25;

/// The web UI's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(ROUTES[0], get(overview))
        .route(ROUTES[1], get(document))
        .route(ROUTES[2], get(entity))
        .route(ROUTES[3], get(search))
}

/// An error shown as a page.
pub struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> PageError {
        PageError(error)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: String,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let page = ErrorPage { status: status.to_string(), message: self.0.public_message() };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => status.into_response(),
        }
    }
}

fn render(template: &impl Template) -> Result<Response, PageError> {
    let html =
        template.render().map_err(|error| ApiError::Internal(format!("a template failed: {error}")))?;
    Ok(Html(html).into_response())
}

/// A document as a row of a table.
struct DocumentRow {
    id: String,
    title: String,
    published: String,
    source: String,
    mentions: usize,
}

fn document_row(snapshot: &Snapshot, index: usize, mentions: usize) -> DocumentRow {
    let summary = &snapshot.documents[index];
    DocumentRow {
        id: summary.id.to_string(),
        title: display_title(summary.title.as_deref()),
        published: display_date(summary.published),
        source: summary.source.clone(),
        mentions,
    }
}

fn display_title(title: Option<&str>) -> String {
    title.filter(|title| !title.trim().is_empty()).unwrap_or("(untitled)").to_string()
}

fn display_date(date: Option<chrono::NaiveDate>) -> String {
    date.map(|date| date.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "undated".to_string())
}

/// An entity as a row of a table.
struct EntityRow {
    id: String,
    name: String,
    kind: &'static str,
    mentions: usize,
}

#[derive(Template)]
#[template(path = "index.html")]
struct OverviewPage {
    n_documents: usize,
    n_entities: usize,
    entity_counts: Vec<(&'static str, usize)>,
    latest: Vec<DocumentRow>,
    top_entities: Vec<EntityRow>,
}

async fn overview(State(state): State<AppState>) -> Result<Response, PageError> {
    let snapshot = state.snapshot();
    let page = OverviewPage {
        n_documents: snapshot.documents.len(),
        n_entities: snapshot.entities.len(),
        entity_counts: snapshot
            .entity_counts()
            .into_iter()
            .map(|(kind, count)| (kind.as_str(), count))
            .collect(),
        latest: (0..snapshot.documents.len().min(OVERVIEW_ROWS))
            .map(|index| document_row(&snapshot, index, snapshot.mentions[index].len()))
            .collect(),
        top_entities: snapshot
            .most_mentioned
            .iter()
            .take(OVERVIEW_ROWS)
            .map(|&index| {
                let entity = &snapshot.entities[index];
                EntityRow {
                    id: entity.id.clone(),
                    name: entity.name.clone(),
                    kind: entity.kind.as_str(),
                    mentions: entity.mentions.len(),
                }
            })
            .collect(),
    };
    render(&page)
}

/// A piece of a document's text; `entity_id` is empty for plain text.
struct TextPiece {
    text: String,
    entity_id: String,
    name: String,
    kind: &'static str,
    how: &'static str,
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    id: String,
    title: String,
    published: String,
    kind: &'static str,
    dateline: String,
    credit: String,
    author: String,
    language: String,
    source: String,
    other_sources: Vec<String>,
    parent: String,
    pieces: Vec<TextPiece>,
    entities: Vec<EntityRow>,
    removed: Vec<(&'static str, String)>,
}

async fn document(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let view = api::documents::load(&state, &id).await?;
    let snapshot = &view.snapshot;
    let mentions = &snapshot.mentions[view.index];
    let spans: Vec<(usize, usize)> = mentions.iter().map(|mention| (mention.start, mention.end)).collect();
    let pieces = highlight::cut(&view.document.text, &spans)
        .into_iter()
        .map(|piece| match piece.mark.and_then(|mark| mentions.get(mark)) {
            Some(mention) => {
                let entity = &snapshot.entities[mention.entity];
                TextPiece {
                    text: piece.text.to_string(),
                    entity_id: entity.id.clone(),
                    name: entity.name.clone(),
                    kind: entity.kind.as_str(),
                    how: entity.mentions[mention.mention].how,
                }
            }
            None => TextPiece {
                text: piece.text.to_string(),
                entity_id: String::new(),
                name: String::new(),
                kind: "",
                how: "",
            },
        })
        .collect();
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for mention in mentions {
        *counts.entry(mention.entity).or_default() += 1;
    }
    let mut entities: Vec<EntityRow> = counts
        .into_iter()
        .map(|(index, count)| {
            let entity = &snapshot.entities[index];
            EntityRow {
                id: entity.id.clone(),
                name: entity.name.clone(),
                kind: entity.kind.as_str(),
                mentions: count,
            }
        })
        .collect();
    entities.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.name.cmp(&b.name)));
    let document = &view.document;
    let source_of = |source: &sightline_core::Source| {
        source.url.clone().or_else(|| source.path.clone()).unwrap_or_else(|| "standard input".to_string())
    };
    let page = DocumentPage {
        id: document.id.to_string(),
        title: display_title(document.title.as_deref()),
        published: display_date(document.published),
        kind: document.kind.as_str(),
        dateline: document.dateline.clone().unwrap_or_default(),
        credit: document.credit.clone().unwrap_or_default(),
        author: document.author.clone().unwrap_or_default(),
        language: document.language.clone().unwrap_or_default(),
        source: source_of(&document.source),
        other_sources: view.other_sources.iter().map(source_of).collect(),
        parent: document.parent.as_ref().map(ToString::to_string).unwrap_or_default(),
        pieces,
        entities,
        removed: document
            .removed
            .iter()
            .map(|removed| (removed.reason.as_str(), removed.text.clone()))
            .collect(),
    };
    render(&page)
}

/// One written form of an entity and why it was linked.
struct FormRow {
    text: String,
    how: &'static str,
    count: usize,
}

struct RoleRow {
    title: String,
    org: String,
    doc_id: String,
    doc_title: String,
}

#[derive(Template)]
#[template(path = "entity.html")]
struct EntityPage {
    id: String,
    name: String,
    kind: &'static str,
    n_mentions: usize,
    forms: Vec<FormRow>,
    roles: Vec<RoleRow>,
    documents: Vec<DocumentRow>,
}

async fn entity(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let snapshot = state.snapshot();
    let index = api::entities::find(&snapshot, &id)?;
    let entity = &snapshot.entities[index];
    let mut forms: BTreeMap<(&str, &'static str), usize> = BTreeMap::new();
    let mut per_document: BTreeMap<&sightline_core::DocId, usize> = BTreeMap::new();
    for mention in &entity.mentions {
        *forms.entry((mention.text.as_str(), mention.how)).or_default() += 1;
        *per_document.entry(&mention.doc).or_default() += 1;
    }
    let doc_title = |doc: &sightline_core::DocId| {
        snapshot
            .document_index(doc)
            .map(|index| display_title(snapshot.documents[index].title.as_deref()))
            .unwrap_or_else(|| doc.to_string())
    };
    let page = EntityPage {
        id: entity.id.clone(),
        name: entity.name.clone(),
        kind: entity.kind.as_str(),
        n_mentions: entity.mentions.len(),
        forms: forms
            .into_iter()
            .map(|((text, how), count)| FormRow { text: text.to_string(), how, count })
            .collect(),
        roles: entity
            .roles
            .iter()
            .map(|(role, doc)| RoleRow {
                title: role.title.clone(),
                org: role.org.clone().unwrap_or_default(),
                doc_id: doc.to_string(),
                doc_title: doc_title(doc),
            })
            .collect(),
        documents: snapshot.entity_documents[index]
            .iter()
            .map(|&document| {
                let count = per_document.get(&snapshot.documents[document].id).copied().unwrap_or_default();
                document_row(&snapshot, document, count)
            })
            .collect(),
    };
    render(&page)
}

struct SearchRow {
    id: String,
    title: String,
    published: String,
    snippet: Vec<(String, bool)>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    q: String,
    from: String,
    to: String,
    error: String,
    searched: bool,
    total: u64,
    first: usize,
    last: usize,
    hits: Vec<SearchRow>,
    previous: String,
    next: String,
}

async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let params = api::query(params)?;
    let q = params.q.clone().unwrap_or_default();
    let from = params.from.clone().unwrap_or_default();
    let to = params.to.clone().unwrap_or_default();
    let mut page = SearchPage {
        q: q.clone(),
        from: from.clone(),
        to: to.clone(),
        error: String::new(),
        searched: false,
        total: 0,
        first: 0,
        last: 0,
        hits: Vec::new(),
        previous: String::new(),
        next: String::new(),
    };
    if q.trim().is_empty() {
        return render(&page);
    }
    let results = match api::search::run(&state, params).await {
        Ok(results) => results,
        Err(ApiError::BadRequest(message)) => {
            page.error = message;
            return Ok((StatusCode::BAD_REQUEST, render(&page)?).into_response());
        }
        Err(error) => return Err(error.into()),
    };
    let link = |offset: usize| {
        format!(
            "/search?q={}&from={}&to={}&limit={}&offset={offset}",
            percent_encode(&q),
            percent_encode(&from),
            percent_encode(&to),
            results.limit
        )
    };
    page.searched = true;
    page.total = results.total;
    page.first = results.offset + 1;
    page.last = results.offset + results.items.len();
    if results.offset > 0 {
        page.previous = link(results.offset.saturating_sub(results.limit));
    }
    if (page.last as u64) < results.total {
        page.next = link(page.last);
    }
    page.hits = results
        .items
        .into_iter()
        .map(|item| SearchRow {
            id: item.id,
            title: display_title(item.title.as_deref()),
            published: item.published.unwrap_or_else(|| "undated".to_string()),
            snippet: highlight::snippet_pieces(&item.snippet),
        })
        .collect();
    render(&page)
}

/// Encodes a query-string value: everything but unreserved characters as `%XX` bytes.
fn percent_encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                encoded.push(char::from(byte))
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}
