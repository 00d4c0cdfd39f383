//! The incident pages (`/incidents`, `/incidents/{id}`) and the pieces other pages share with
//! them: incident rows, the map and the timeline.

use std::collections::HashMap;

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sightline_contract::{CountRecord, DateRecord, EventRecord, FiguresRecord, IncidentRecord};
use sightline_core::DocId;
use sightline_extract::EventType;

use crate::api::filters::{month_of, record_range, year_of, FactFilter, FactParams};
use crate::api::incidents::filter_incidents;
use crate::api::{self, Page};
use crate::error::ApiError;
use crate::map::{self, MapPoint, MapView, TimelineView};
use crate::pages::{display_title, percent_encode, render, PageError};
use crate::snapshot::Snapshot;
use crate::state::AppState;

/// The most circles one map draws: the deadliest first, so a large corpus's overview stays a
/// page of tens of kilobytes.
const MAP_POINTS: usize = 1_000;

/// Width of the region an incident's map shows, in degrees of longitude.
const REGION_DEGREES: f64 = 60.0;

/// Longest evidence excerpt on an incident page, in chars.
const EVIDENCE_CHARS: usize = 320;

/// Reports listed on one incident page (a syndicated story can have hundreds).
const REPORTS_SHOWN: usize = 200;

/// An incident as a row of a table.
pub(crate) struct IncidentRow {
    pub id: String,
    pub date: String,
    pub kind: String,
    pub place: String,
    pub perpetrator: String,
    pub killed: String,
    pub injured: String,
    pub reports: usize,
}

pub(crate) fn incident_row(snapshot: &Snapshot, index: usize) -> IncidentRow {
    let incident = &snapshot.data.incidents[index];
    IncidentRow {
        id: incident.id.clone(),
        date: display_date_record(incident.date.as_ref()),
        kind: display_type(&incident.incident_type),
        place: snapshot.incident_places[index].0.clone().unwrap_or_else(|| "place unknown".to_string()),
        perpetrator: incident.perpetrator.clone().unwrap_or_default(),
        killed: display_figures(&incident.killed),
        injured: display_figures(&incident.injured),
        reports: incident.events.len(),
    }
}

/// "armed_assault" as people write it.
pub(crate) fn display_type(kind: &str) -> String {
    let spaced = kind.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// A date with its precision: the value ("2024-03", a month), "between A and B" for a window,
/// or "undated".
pub(crate) fn display_date_record(date: Option<&DateRecord>) -> String {
    match date {
        Some(date) if date.precision == "range" => match record_range(date) {
            Some((first, last)) => format!("between {first} and {last}"),
            None => date.text.clone(),
        },
        Some(DateRecord { value: Some(value), .. }) => value.clone(),
        _ => "undated".to_string(),
    }
}

/// "133 (130–140)": the best figure, then the range when reports disagree.
pub(crate) fn display_figures(figures: &FiguresRecord) -> String {
    match (figures.best, figures.min, figures.max) {
        (None, _, _) => String::new(),
        (Some(best), Some(min), Some(max)) if min != max => format!("{best} ({min}–{max})"),
        (Some(best), _, _) => best.to_string(),
    }
}

/// A report's count as written, with the range it was read as.
pub(crate) fn display_count(count: Option<&CountRecord>) -> String {
    let Some(count) = count else { return String::new() };
    let range = match (count.min, count.max) {
        (Some(min), Some(max)) if min == max => min.to_string(),
        (Some(min), Some(max)) => format!("{min}–{max}"),
        (Some(min), None) => format!("{min} or more"),
        (None, Some(max)) => format!("up to {max}"),
        (None, None) => String::new(),
    };
    if range.is_empty() || count.text.trim() == range {
        count.text.clone()
    } else {
        format!("{} ({range})", count.text)
    }
}

pub(crate) fn map_view(snapshot: &Snapshot, incidents: &[usize]) -> MapView {
    let mut placed: Vec<(u32, usize, (f64, f64))> = incidents
        .iter()
        .filter_map(|&index| {
            let coordinates = snapshot.incident_places[index].1?;
            Some((snapshot.data.incidents[index].killed.best.unwrap_or(0), index, coordinates))
        })
        .collect();
    // The deadliest drawn last, on top; the cap keeps the deadliest.
    placed.sort_by_key(|&(killed, index, _)| (std::cmp::Reverse(killed), index));
    placed.truncate(MAP_POINTS);
    placed.reverse();
    let points = placed
        .into_iter()
        .map(|(_, index, (lat, lon))| {
            let row = incident_row(snapshot, index);
            let killed =
                if row.killed.is_empty() { String::new() } else { format!(", {} killed", row.killed) };
            let label = format!("{}: {} in {}{killed}", row.date, row.kind, row.place);
            let killed = snapshot.data.incidents[index].killed.best;
            MapPoint::new(format!("/incidents/{}", row.id), label, lat, lon, killed)
        })
        .collect();
    MapView { view_box: map::view_box(), land: map::land_path(), points, total: incidents.len() }
}

pub(crate) fn timeline_view(snapshot: &Snapshot, incidents: &[usize]) -> TimelineView {
    let mut dates = Vec::new();
    let mut left_out = 0;
    for &index in incidents {
        let date = snapshot.data.incidents[index].date.as_ref();
        match date.and_then(year_of) {
            Some(year) => dates.push((year, date.and_then(month_of).map(|(_, month)| month))),
            None => left_out += 1,
        }
    }
    let (bars, before) = map::timeline(&dates);
    left_out += before;
    let by_year = bars.first().is_some_and(|bar| !bar.label.contains('-'));
    if !by_year {
        left_out += dates.iter().filter(|(_, month)| month.is_none()).count();
    }
    TimelineView {
        width: (bars.len() * 10).max(10),
        height: map::TIMELINE_HEIGHT,
        first: bars.first().map(|bar| bar.label.clone()).unwrap_or_default(),
        last: bars.last().map(|bar| bar.label.clone()).unwrap_or_default(),
        unit: if by_year { "year" } else { "month" },
        left_out,
        bars,
    }
}

#[derive(Template)]
#[template(path = "incidents.html")]
struct IncidentsPage {
    doc: String,
    actor: String,
    event_type: String,
    country: String,
    from: String,
    to: String,
    types: Vec<String>,
    error: String,
    total: usize,
    first: usize,
    last: usize,
    incidents: Vec<IncidentRow>,
    map: MapView,
    timeline: TimelineView,
    previous: String,
    next: String,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    params: Result<Query<FactParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let params = api::query(params)?;
    let snapshot = state.snapshot();
    let value = |field: &Option<String>| field.clone().unwrap_or_default();
    let mut page = IncidentsPage {
        doc: value(&params.doc),
        actor: value(&params.actor),
        event_type: value(&params.event_type),
        country: value(&params.country),
        from: value(&params.from),
        to: value(&params.to),
        types: EventType::ALL.iter().map(|kind| kind.as_str().to_string()).collect(),
        error: String::new(),
        total: 0,
        first: 0,
        last: 0,
        incidents: Vec::new(),
        map: map_view(&snapshot, &[]),
        timeline: timeline_view(&snapshot, &[]),
        previous: String::new(),
        next: String::new(),
    };
    let checked = Page::new(params.limit, params.offset)
        .and_then(|paging| Ok((paging, FactFilter::parse(&snapshot, &params)?)));
    let (paging, filter) = match checked {
        Ok(checked) => checked,
        Err(ApiError::BadRequest(message)) => {
            page.error = message;
            return Ok((StatusCode::BAD_REQUEST, render(&page)?).into_response());
        }
        Err(error) => return Err(error.into()),
    };
    let indexes = filter_incidents(&snapshot, &filter);
    let shown = paging.slice(&indexes);
    let link = |offset: usize| {
        format!(
            "/incidents?doc={}&actor={}&type={}&country={}&from={}&to={}&limit={}&offset={offset}",
            percent_encode(&page.doc),
            percent_encode(&page.actor),
            percent_encode(&page.event_type),
            percent_encode(&page.country),
            percent_encode(&page.from),
            percent_encode(&page.to),
            paging.limit
        )
    };
    page.total = indexes.len();
    page.first = paging.offset + 1;
    page.last = paging.offset + shown.len();
    if paging.offset > 0 {
        page.previous = link(paging.offset.saturating_sub(paging.limit));
    }
    if page.last < indexes.len() {
        page.next = link(page.last);
    }
    page.incidents = shown.iter().map(|&index| incident_row(&snapshot, index)).collect();
    page.map = map_view(&snapshot, &indexes);
    page.timeline = timeline_view(&snapshot, &indexes);
    render(&page)
}

/// One event report of an incident, side by side with the others.
struct ReportRow {
    event_id: String,
    doc_id: String,
    doc_title: String,
    published: String,
    kind: String,
    date: String,
    place: String,
    perpetrators: String,
    claimed: &'static str,
    killed: String,
    injured: String,
    evidence: String,
}

#[derive(Template)]
#[template(path = "incident.html")]
struct IncidentPage {
    id: String,
    heading: String,
    summary: IncidentRow,
    country: String,
    place_id: String,
    coordinates: String,
    perpetrators: Vec<(String, String)>,
    claimed: &'static str,
    n_documents: usize,
    /// Those of its documents that nearly copy another of them.
    n_copies: usize,
    n_reports: usize,
    reports: Vec<ReportRow>,
    map: MapView,
}

pub(crate) async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let snapshot = state.snapshot();
    let index = api::incidents::find(&snapshot, &id)?;
    let incident: &IncidentRecord = &snapshot.data.incidents[index];
    let events: Vec<&EventRecord> = snapshot.data.events_of(incident).take(REPORTS_SHOWN).collect();
    let texts = evidence_texts(&state, &events).await?;
    let summary = incident_row(&snapshot, index);
    let place = snapshot.data.place_of(incident);
    let reports = events
        .iter()
        .zip(texts)
        .map(|(event, evidence)| {
            let document = snapshot.data.document(&event.doc);
            let participants = event.perpetrators.iter().map(|participant| participant.text.as_str());
            ReportRow {
                event_id: event.id.clone(),
                doc_id: event.doc.clone(),
                doc_title: display_title(document.and_then(|document| document.title.as_deref())),
                published: document
                    .and_then(|document| document.published.clone())
                    .unwrap_or_else(|| "undated".to_string()),
                kind: match &event.subtype {
                    Some(subtype) => format!("{} ({subtype})", display_type(&event.event_type)),
                    None => display_type(&event.event_type),
                },
                date: event.date.as_ref().map(|date| date.text.clone()).unwrap_or_default(),
                place: event.location.as_ref().map(|location| location.name.clone()).unwrap_or_default(),
                perpetrators: participants.collect::<Vec<_>>().join("; "),
                claimed: match event.claimed {
                    Some(true) => "claimed",
                    Some(false) => "blamed",
                    None => "",
                },
                killed: display_count(event.killed.as_ref()),
                injured: display_count(event.injured.as_ref()),
                evidence,
            }
        })
        .collect();
    let heading = match summary.place.as_str() {
        "place unknown" => format!("{}, {}", summary.kind, summary.date),
        place => format!("{} in {place}, {}", summary.kind, summary.date),
    };
    let page = IncidentPage {
        id: incident.id.clone(),
        heading,
        country: incident.location.as_ref().and_then(|location| location.country.clone()).unwrap_or_default(),
        place_id: place.map(|place| place.id.clone()).unwrap_or_default(),
        coordinates: snapshot
            .data
            .coordinates(incident)
            .map(|(lat, lon)| format!("{lat:.3}, {lon:.3}"))
            .unwrap_or_default(),
        perpetrators: incident
            .perpetrators
            .iter()
            .filter_map(|id| snapshot.data.entity(id))
            .map(|entity| (entity.id.clone(), entity.name.clone()))
            .collect(),
        claimed: match snapshot.data.claimed(incident) {
            Some(true) => "yes, by a report",
            Some(false) => "no: reports blame or suspect",
            None => "no report says",
        },
        n_documents: incident.docs.len(),
        n_copies: incident.copies.len(),
        n_reports: incident.events.len(),
        reports,
        map: {
            let mut map = map_view(&snapshot, &[index]);
            if let Some((lat, lon)) = snapshot.incident_places[index].1 {
                map.view_box = map::view_box_around(lat, lon, REGION_DEGREES);
            }
            map
        },
        summary,
    };
    render(&page)
}

/// The text of each event's first evidence span, shortened to [`EVIDENCE_CHARS`], read from the
/// store (the snapshot keeps no texts).
async fn evidence_texts(state: &AppState, events: &[&EventRecord]) -> Result<Vec<String>, ApiError> {
    let spans: Vec<Option<(String, usize, usize)>> = events
        .iter()
        .map(|event| event.evidence.first().map(|span| (span.doc.clone(), span.start, span.end)))
        .collect();
    state
        .read(move |store| {
            let mut texts: HashMap<String, Option<String>> = HashMap::new();
            let mut excerpts = Vec::with_capacity(spans.len());
            for span in &spans {
                let Some((doc, start, end)) = span else {
                    excerpts.push(String::new());
                    continue;
                };
                if !texts.contains_key(doc) {
                    let text = match DocId::parse(doc) {
                        Some(id) => store.document(&id)?.map(|document| document.text),
                        None => None,
                    };
                    texts.insert(doc.clone(), text);
                }
                let excerpt = texts
                    .get(doc)
                    .and_then(Option::as_deref)
                    .map(|text| excerpt(text, *start, *end))
                    .unwrap_or_default();
                excerpts.push(excerpt);
            }
            Ok(excerpts)
        })
        .await
}

/// Chars `start..end` of `text`, cut to [`EVIDENCE_CHARS`] with an ellipsis.
fn excerpt(text: &str, start: usize, end: usize) -> String {
    let length = end.saturating_sub(start);
    let mut excerpt: String = text.chars().skip(start).take(length.min(EVIDENCE_CHARS)).collect();
    if length > EVIDENCE_CHARS {
        excerpt.push('…');
    }
    excerpt.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_show_the_range_only_when_reports_disagree() {
        let figures = |best, min, max| FiguresRecord { best, min, max, reports: vec![] };
        assert_eq!(display_figures(&figures(Some(140), Some(130), Some(145))), "140 (130–145)");
        assert_eq!(display_figures(&figures(Some(13), Some(13), Some(13))), "13");
        assert_eq!(display_figures(&figures(None, None, None)), "");
        let count =
            |min, max, text: &str| CountRecord { min, max, qualifier: String::new(), text: text.into() };
        assert_eq!(display_count(Some(&count(Some(130), None, "over 130"))), "over 130 (130 or more)");
        assert_eq!(display_count(Some(&count(Some(13), Some(13), "13"))), "13");
        assert_eq!(display_count(Some(&count(Some(12), Some(24), "dozens"))), "dozens (12–24)");
        assert_eq!(display_type("armed_assault"), "Armed assault");
        assert_eq!(excerpt("Ab–cd ef", 1, 5), "b–cd");
    }
}
