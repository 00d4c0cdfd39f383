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

use serde::Deserialize;

use crate::api;
use crate::api::entities::latest;
use crate::api::search::SearchParams;
use crate::error::ApiError;
use crate::highlight;
use crate::snapshot::Snapshot;
use crate::state::AppState;

mod incidents;

use crate::map::{MapView, TimelineView};
use incidents::{
    display_count, display_date_record, display_type, incident_row, map_view, timeline_view, IncidentRow,
};

/// Every page route.
pub const ROUTES: &[&str] =
    &["/", "/documents/{id}", "/entities/{id}", "/search", "/incidents", "/incidents/{id}"];

/// Documents and entities on the overview.
const OVERVIEW_ROWS: usize = 25;

/// The web UI's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(ROUTES[0], get(overview))
        .route(ROUTES[1], get(document))
        .route(ROUTES[2], get(entity))
        .route(ROUTES[3], get(search))
        .route(ROUTES[4], get(incidents::list))
        .route(ROUTES[5], get(incidents::one))
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

pub(crate) fn render(template: &impl Template) -> Result<Response, PageError> {
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

pub(crate) fn display_title(title: Option<&str>) -> String {
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
struct OverviewPage<'a> {
    n_documents: usize,
    n_entities: usize,
    entity_counts: Vec<(&'static str, usize)>,
    latest: Vec<DocumentRow>,
    top_entities: Vec<EntityRow>,
    n_incidents: usize,
    n_events: usize,
    n_quotes: usize,
    incidents: Vec<IncidentRow>,
    map: &'a MapView,
    timeline: &'a TimelineView,
}

async fn overview(State(state): State<AppState>) -> Result<Response, PageError> {
    let snapshot = state.snapshot();
    let all_incidents = &snapshot.latest_incidents;
    let overview = snapshot
        .overview
        .get_or_init(|| (map_view(&snapshot, all_incidents), timeline_view(&snapshot, all_incidents)));
    let page = OverviewPage {
        n_incidents: all_incidents.len(),
        n_events: snapshot.data.events.len(),
        n_quotes: snapshot.data.quotes.len(),
        incidents: all_incidents
            .iter()
            .take(OVERVIEW_ROWS)
            .map(|&index| incident_row(&snapshot, index))
            .collect(),
        map: &overview.0,
        timeline: &overview.1,
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

/// A piece of a document's text; `entity_id` is empty for plain text, `fact_class` when no
/// event or quote covers it.
struct TextPiece {
    text: String,
    entity_id: String,
    name: String,
    kind: &'static str,
    how: &'static str,
    /// `f fe` (event), `f fq` (quote), both, and `sel` when the selected fact covers it.
    fact_class: String,
    /// The ids of the facts that cover it, space-separated.
    fact_ids: String,
    /// The facts that begin here: each gets an anchor, `#fact-ID`.
    anchors: Vec<String>,
    /// Whether a `<mark>` opens before this piece (its facts differ from the previous piece's)
    /// and closes after it, so a run of pieces under the same facts is one mark.
    opens: bool,
    closes: bool,
}

/// An event of the document, in the side panel.
struct EventRow {
    id: String,
    kind: String,
    date: String,
    place: String,
    killed: String,
    injured: String,
    perpetrators: String,
    incident_id: String,
    selected: bool,
}

/// A quote of the document, in the side panel.
struct QuoteRow {
    id: String,
    speaker: String,
    excerpt: String,
    selected: bool,
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
    duplicate_of: String,
    similarity: String,
    pieces: Vec<TextPiece>,
    events: Vec<EventRow>,
    quotes: Vec<QuoteRow>,
    entities: Vec<EntityRow>,
    removed: Vec<(&'static str, String)>,
}

/// `?fact=ID`: the event or quote to pick out in the text (links from incident and entity pages).
#[derive(Deserialize)]
struct DocumentParams {
    fact: Option<String>,
}

/// The anchor of a relation's evidence in its document: relations carry no id of their own,
/// and their span is unique enough within one document.
fn relation_fact_id(start: usize, end: usize) -> String {
    format!("rel-{start}-{end}")
}

/// Longest quote excerpt in a document's side panel, in chars.
const QUOTE_EXCERPT_CHARS: usize = 90;

async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Result<Query<DocumentParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let selected = api::query(params)?.fact.unwrap_or_default();
    let view = api::documents::load(&state, &id).await?;
    let snapshot = &view.snapshot;
    let mentions = &snapshot.mentions[view.index];
    let spans: Vec<(usize, usize)> = mentions.iter().map(|mention| (mention.start, mention.end)).collect();
    // Facts: every event's evidence in this document, then every quote.
    let mut facts: Vec<(usize, usize)> = Vec::new();
    let mut fact_ids: Vec<(&str, &'static str)> = Vec::new();
    let document_id = view.document.id.as_str();
    for &event in &snapshot.document_events[view.index] {
        let event = &snapshot.data.events[event];
        for evidence in event.evidence.iter().filter(|evidence| evidence.doc == document_id) {
            facts.push((evidence.start, evidence.end));
            fact_ids.push((event.id.as_str(), "fe"));
        }
    }
    for &quote in &snapshot.document_quotes[view.index] {
        let quote = &snapshot.data.quotes[quote];
        facts.push((quote.start, quote.end));
        fact_ids.push((quote.id.as_str(), "fq"));
    }
    let relation_ids: Vec<(usize, usize, String)> = snapshot.document_relations[view.index]
        .iter()
        .flat_map(|&relation| &snapshot.data.relations[relation].evidence)
        .filter(|evidence| evidence.doc == document_id)
        .map(|evidence| (evidence.start, evidence.end, relation_fact_id(evidence.start, evidence.end)))
        .collect();
    for (start, end, id) in &relation_ids {
        facts.push((*start, *end));
        fact_ids.push((id.as_str(), "fr"));
    }
    for &fact in &snapshot.document_facts[view.index] {
        let fact = &snapshot.data.facts[fact];
        for evidence in fact.evidence.iter().filter(|evidence| evidence.doc == document_id) {
            facts.push((evidence.start, evidence.end));
            fact_ids.push((fact.id.as_str(), "fr"));
        }
    }
    let mut anchored: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut pieces: Vec<TextPiece> = highlight::cut_layers(&view.document.text, &spans, &facts)
        .into_iter()
        .map(|piece| {
            let mut classes: Vec<&str> = piece.facts.iter().map(|&fact| fact_ids[fact].1).collect();
            classes.sort_unstable();
            classes.dedup();
            let covering: Vec<&str> = piece.facts.iter().map(|&fact| fact_ids[fact].0).collect();
            let fact_class = match classes.is_empty() {
                true => String::new(),
                false => {
                    let selected = !selected.is_empty() && covering.contains(&selected.as_str());
                    format!("f {}{}", classes.join(" "), if selected { " sel" } else { "" })
                }
            };
            // One anchor per fact: an event with two spans, or two relations stated by one
            // sentence, would otherwise repeat an id.
            let anchors: Vec<String> = piece
                .starts
                .iter()
                .map(|&fact| fact_ids[fact].0)
                .filter(|id| anchored.insert(*id))
                .map(str::to_string)
                .collect();
            let base = TextPiece {
                text: piece.text.to_string(),
                entity_id: String::new(),
                name: String::new(),
                kind: "",
                how: "",
                fact_class,
                fact_ids: covering.join(" "),
                anchors,
                opens: false,
                closes: false,
            };
            match piece.mention.and_then(|mark| mentions.get(mark)) {
                Some(mention) => {
                    let entity = &snapshot.entities[mention.entity];
                    TextPiece {
                        entity_id: entity.id.clone(),
                        name: entity.name.clone(),
                        kind: entity.kind.as_str(),
                        how: entity.mentions[mention.mention].how,
                        ..base
                    }
                }
                None => base,
            }
        })
        .collect();
    for index in 0..pieces.len() {
        let marked = !pieces[index].fact_class.is_empty();
        // An anchor inside a mark would need the mark closed around it; a fact that begins
        // here starts a new mark anyway, since the covering facts change.
        let same = |other: Option<&TextPiece>, piece: &TextPiece| {
            other
                .is_some_and(|other| other.fact_ids == piece.fact_ids && other.fact_class == piece.fact_class)
        };
        let after_same = same(index.checked_sub(1).and_then(|previous| pieces.get(previous)), &pieces[index]);
        let before_same = same(pieces.get(index + 1), &pieces[index])
            && pieces.get(index + 1).is_some_and(|next| next.anchors.is_empty());
        let opens = marked && (!after_same || !pieces[index].anchors.is_empty());
        pieces[index].opens = opens;
        pieces[index].closes = marked && !before_same;
    }
    let events = snapshot.document_events[view.index]
        .iter()
        .map(|&index| {
            let event = &snapshot.data.events[index];
            EventRow {
                id: event.id.clone(),
                kind: match &event.subtype {
                    Some(subtype) => format!("{} ({subtype})", display_type(&event.event_type)),
                    None => display_type(&event.event_type),
                },
                date: display_date_record(event.date.as_ref()),
                place: event.location.as_ref().map(|location| location.name.clone()).unwrap_or_default(),
                killed: display_count(event.killed.as_ref()),
                injured: display_count(event.injured.as_ref()),
                perpetrators: event
                    .perpetrators
                    .iter()
                    .map(|participant| participant.text.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                incident_id: snapshot.event_incident[index]
                    .map(|incident| snapshot.data.incidents[incident].id.clone())
                    .unwrap_or_default(),
                selected: event.id == selected,
            }
        })
        .collect();
    let quotes = snapshot.document_quotes[view.index]
        .iter()
        .map(|&index| {
            let quote = &snapshot.data.quotes[index];
            let speaker = quote
                .speaker
                .as_deref()
                .and_then(|id| snapshot.data.entity(id))
                .map(|entity| entity.name.clone())
                .or_else(|| quote.speaker_text.clone())
                .unwrap_or_else(|| "unknown speaker".to_string());
            let mut excerpt: String = quote.text.chars().take(QUOTE_EXCERPT_CHARS).collect();
            if quote.text.chars().count() > QUOTE_EXCERPT_CHARS {
                excerpt.push('…');
            }
            QuoteRow { id: quote.id.clone(), speaker, excerpt, selected: quote.id == selected }
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
    let duplicate = snapshot.documents[view.index].duplicate_of.clone();
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
        similarity: duplicate
            .as_ref()
            .map(|(_, similarity)| format!("{:.0} % alike", similarity * 100.0))
            .unwrap_or_default(),
        duplicate_of: duplicate.map(|(id, _)| id).unwrap_or_default(),
        pieces,
        events,
        quotes,
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

struct RelationRow {
    predicate: String,
    other: String,
    other_id: String,
    doc_id: String,
    doc_title: String,
    fact_id: String,
}

struct FactRow {
    kind: String,
    what: String,
    doc_id: String,
    doc_title: String,
}

struct EntityQuoteRow {
    id: String,
    text: String,
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
    incidents: Vec<IncidentRow>,
    relations: Vec<RelationRow>,
    facts: Vec<FactRow>,
    quotes: Vec<EntityQuoteRow>,
    /// How many incidents, relations, facts and quotes there are in all (the lists hold the
    /// latest [`ENTITY_PAGE_ROWS`]).
    all_incidents: usize,
    all_relations: usize,
    all_facts: usize,
    all_quotes: usize,
    documents: Vec<DocumentRow>,
}

/// Rows of each list on an entity page, the latest first; a country can be in thousands of
/// incidents, and the incidents page pages through them.
const ENTITY_PAGE_ROWS: usize = 100;

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
    let doc_title_of = |doc: &str| {
        sightline_core::DocId::parse(doc).map(|doc| doc_title(&doc)).unwrap_or_else(|| doc.to_string())
    };
    let relations = latest(&snapshot.entity_relations[index], ENTITY_PAGE_ROWS)
        .map(|relation| {
            let relation = &snapshot.data.relations[relation];
            let (predicate, other) = if relation.subject == entity.id {
                (relation.predicate.replace('_', " "), &relation.object)
            } else {
                (format!("{} (inverse)", relation.predicate.replace('_', " ")), &relation.subject)
            };
            let other_entity = snapshot.data.entity(other);
            let evidence = relation.evidence.first();
            RelationRow {
                predicate,
                other: other_entity.map(|other| other.name.clone()).unwrap_or_else(|| other.clone()),
                other_id: other_entity.map(|other| other.id.clone()).unwrap_or_default(),
                doc_id: evidence.map(|evidence| evidence.doc.clone()).unwrap_or_default(),
                doc_title: evidence.map(|evidence| doc_title_of(&evidence.doc)).unwrap_or_default(),
                fact_id: evidence
                    .map(|evidence| relation_fact_id(evidence.start, evidence.end))
                    .unwrap_or_default(),
            }
        })
        .collect();
    let facts = latest(&snapshot.entity_facts[index], ENTITY_PAGE_ROWS)
        .map(|fact| {
            let fact = &snapshot.data.facts[fact];
            let mut what = Vec::new();
            if let Some(count) = &fact.count {
                what.push(display_count(Some(count)));
            }
            if let Some(date) = &fact.date {
                what.push(format!("as of {}", display_date_record(Some(date))));
            }
            if let Some(location) = &fact.location {
                what.push(format!("in {}", location.name));
            }
            FactRow {
                kind: fact.fact_type.replace('_', " "),
                what: what.join(", "),
                doc_id: fact.doc.clone(),
                doc_title: doc_title_of(&fact.doc),
            }
        })
        .collect();
    let quotes = latest(&snapshot.entity_quotes[index], ENTITY_PAGE_ROWS)
        .map(|quote| {
            let quote = &snapshot.data.quotes[quote];
            EntityQuoteRow {
                id: quote.id.clone(),
                text: quote.text.clone(),
                doc_id: quote.doc.clone(),
                doc_title: doc_title_of(&quote.doc),
            }
        })
        .collect();
    let page = EntityPage {
        incidents: latest(&snapshot.entity_incidents[index], ENTITY_PAGE_ROWS)
            .map(|incident| incident_row(&snapshot, incident))
            .collect(),
        all_incidents: snapshot.entity_incidents[index].len(),
        all_relations: snapshot.entity_relations[index].len(),
        all_facts: snapshot.entity_facts[index].len(),
        all_quotes: snapshot.entity_quotes[index].len(),
        relations,
        facts,
        quotes,
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
    actor: String,
    event_type: String,
    country: String,
    types: Vec<String>,
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
    let actor = params.actor.clone().unwrap_or_default();
    let event_type = params.event_type.clone().unwrap_or_default();
    let country = params.country.clone().unwrap_or_default();
    let mut page = SearchPage {
        q: q.clone(),
        from: from.clone(),
        to: to.clone(),
        actor: actor.clone(),
        event_type: event_type.clone(),
        country: country.clone(),
        types: sightline_extract::EventType::ALL.iter().map(|kind| kind.as_str().to_string()).collect(),
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
            "/search?q={}&from={}&to={}&actor={}&type={}&country={}&limit={}&offset={offset}",
            percent_encode(&q),
            percent_encode(&from),
            percent_encode(&to),
            percent_encode(&actor),
            percent_encode(&event_type),
            percent_encode(&country),
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
pub(crate) fn percent_encode(value: &str) -> String {
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
