//! The filters lists of facts share (`actor`, `type`, `country`, `from`, `to`): checked once,
//! then applied to incidents, events and searches alike, so `/api/incidents?actor=ISKP` and the
//! incidents page with the same query can never disagree.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use sightline_contract::{DateRecord, EventRecord, IncidentRecord};
use sightline_core::DocId;
use sightline_extract::EventType;
use sightline_pipeline::analysis::normalise_name;

use crate::api::parse_date;
use crate::error::ApiError;
use crate::snapshot::Snapshot;

/// The filters and the page as the query string gives them; every one is optional. (Lists take
/// this struct whole rather than a flattened part of it: serde's `flatten` reads every value as
/// a string, and `limit` would no longer parse.)
#[derive(Debug, Default, Clone, Deserialize)]
pub struct FactParams {
    /// An entity id, or words of an entity's name or alias (case-blind): facts whose
    /// perpetrators, targets, place or speaker are one of those entities.
    pub actor: Option<String>,
    /// An event type of the contract (`bombing`, `armed_assault`, ...).
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    /// ISO 3166 alpha-2 code of the country it happened in.
    pub country: Option<String>,
    /// Earliest date, YYYY-MM-DD: facts whose date (with its precision) reaches it.
    pub from: Option<String>,
    /// Latest date, YYYY-MM-DD.
    pub to: Option<String>,
    /// A document's id: only what that document reports.
    pub doc: Option<String>,
    /// Most items on the page.
    pub limit: Option<usize>,
    /// Items skipped before the page.
    pub offset: Option<usize>,
}

/// Checked filters; an empty one keeps everything.
#[derive(Debug, Default, Clone)]
pub struct FactFilter {
    /// Entity indexes an `actor` named, sorted; `None` when no actor was asked for.
    actors: Option<Vec<usize>>,
    event_type: Option<&'static str>,
    country: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    /// The document `doc` named, by index.
    document: Option<usize>,
}

impl FactFilter {
    /// Checks the parameters: 400 for an unknown type, a country that is not two letters or a
    /// malformed date, 404 for a document that is not stored. An actor that names no entity is
    /// not an error: it matches nothing.
    pub fn parse(snapshot: &Snapshot, params: &FactParams) -> Result<FactFilter, ApiError> {
        fn given(value: &Option<String>) -> Option<&str> {
            value.as_deref().map(str::trim).filter(|value| !value.is_empty())
        }
        let event_type = match given(&params.event_type) {
            None => None,
            Some(name) => {
                let name = name.to_ascii_lowercase();
                let found = EventType::ALL.iter().map(|kind| kind.as_str()).find(|known| *known == name);
                Some(found.ok_or_else(|| {
                    let known: Vec<&str> = EventType::ALL.iter().map(|kind| kind.as_str()).collect();
                    ApiError::BadRequest(format!("type must be one of {}, not {name:?}", known.join(", ")))
                })?)
            }
        };
        let country = match given(&params.country) {
            None => None,
            Some(code) if code.len() == 2 && code.chars().all(|c| c.is_ascii_alphabetic()) => {
                Some(code.to_ascii_uppercase())
            }
            Some(code) => {
                return Err(ApiError::BadRequest(format!(
                    "country must be an ISO 3166 alpha-2 code such as AF or RU, not {code:?}"
                )))
            }
        };
        let from = parse_date("from", params.from.as_deref())?;
        let to = parse_date("to", params.to.as_deref())?;
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                return Err(ApiError::BadRequest(format!("from ({from}) is after to ({to})")));
            }
        }
        let actors = given(&params.actor).map(|actor| actor_entities(snapshot, actor));
        let document = match given(&params.doc) {
            None => None,
            Some(doc) => Some(
                DocId::parse(doc)
                    .and_then(|id| snapshot.document_index(&id))
                    .ok_or_else(|| ApiError::NotFound(format!("no document with id {doc:?}")))?,
            ),
        };
        Ok(FactFilter { actors, event_type, country, from, to, document })
    }

    /// True when no filter was given.
    pub fn is_empty(&self) -> bool {
        self.actors.is_none()
            && self.event_type.is_none()
            && self.country.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.document.is_none()
    }

    /// The document the filter is limited to, by index.
    pub fn document(&self) -> Option<usize> {
        self.document
    }

    fn in_document(&self, snapshot: &Snapshot, doc: &str) -> bool {
        self.document.is_none_or(|index| snapshot.documents[index].id.as_str() == doc)
    }

    fn names_actor(&self, snapshot: &Snapshot, id: Option<&str>) -> bool {
        let Some(actors) = &self.actors else { return true };
        id.and_then(|id| snapshot.entity_index(id)).is_some_and(|index| actors.binary_search(&index).is_ok())
    }

    fn in_window(&self, date: Option<&DateRecord>) -> bool {
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        let Some((first, last)) = date.and_then(record_range) else {
            return false;
        };
        self.from.is_none_or(|from| last >= from) && self.to.is_none_or(|to| first <= to)
    }

    /// Whether the incident at `index` passes.
    pub fn incident(&self, snapshot: &Snapshot, index: usize) -> bool {
        let incident: &IncidentRecord = &snapshot.data.incidents[index];
        let country = incident.location.as_ref().and_then(|location| location.country.as_deref());
        self.event_type.is_none_or(|kind| incident.incident_type == kind)
            && self.country.as_deref().is_none_or(|wanted| country == Some(wanted))
            && self.in_window(incident.date.as_ref())
            && (self.document.is_none() || incident.docs.iter().any(|doc| self.in_document(snapshot, doc)))
            && (self.actors.is_none() || snapshot_incident_names(self, snapshot, incident))
    }

    /// Whether the event at `index` passes.
    pub fn event(&self, snapshot: &Snapshot, index: usize) -> bool {
        let event: &EventRecord = &snapshot.data.events[index];
        let country = event.location.as_ref().and_then(|location| location.country.as_deref());
        self.event_type.is_none_or(|kind| event.event_type == kind)
            && self.country.as_deref().is_none_or(|wanted| country == Some(wanted))
            && self.in_window(event.date.as_ref())
            && self.in_document(snapshot, &event.doc)
            && (self.actors.is_none() || event_names(self, snapshot, event))
    }

    /// The documents a search may return: those that mention the actor and report an event
    /// that passes the other filters; `None` when only dates (which a search applies to
    /// publication) or nothing was given.
    pub fn documents(&self, snapshot: &Snapshot) -> Option<Vec<DocId>> {
        let facts = FactFilter { actors: None, from: None, to: None, document: None, ..self.clone() };
        if self.actors.is_none() && facts.is_empty() {
            return None;
        }
        let mut allowed = vec![true; snapshot.documents.len()];
        if let Some(actors) = &self.actors {
            let mut mentioned = vec![false; snapshot.documents.len()];
            for &actor in actors {
                for &document in &snapshot.entity_documents[actor] {
                    mentioned[document] = true;
                }
            }
            allowed = mentioned;
        }
        if !facts.is_empty() {
            for (document, events) in snapshot.document_events.iter().enumerate() {
                allowed[document] &= events.iter().any(|&event| facts.event(snapshot, event));
            }
        }
        Some(
            allowed
                .iter()
                .enumerate()
                .filter(|(_, allowed)| **allowed)
                .map(|(document, _)| snapshot.documents[document].id.clone())
                .collect(),
        )
    }

    /// Whether a quote by `speaker` in `doc` passes (only `actor` and `doc` apply to quotes).
    pub fn quote(&self, snapshot: &Snapshot, speaker: Option<&str>, doc: &str) -> bool {
        self.names_actor(snapshot, speaker) && self.in_document(snapshot, doc)
    }
}

fn event_names(filter: &FactFilter, snapshot: &Snapshot, event: &EventRecord) -> bool {
    event
        .perpetrators
        .iter()
        .chain(&event.targets)
        .map(|participant| participant.entity.as_deref())
        .chain([event.location.as_ref().and_then(|location| location.entity.as_deref())])
        .any(|id| id.is_some() && filter.names_actor(snapshot, id))
}

fn snapshot_incident_names(filter: &FactFilter, snapshot: &Snapshot, incident: &IncidentRecord) -> bool {
    incident.perpetrators.iter().any(|id| filter.names_actor(snapshot, Some(id)))
        || incident
            .location
            .as_ref()
            .and_then(|location| location.entity.as_deref())
            .is_some_and(|id| filter.names_actor(snapshot, Some(id)))
        || snapshot.data.events_of(incident).any(|event| event_names(filter, snapshot, event))
}

/// The entities an `actor` parameter names: the one with that id, else every entity with the
/// words in its name or an alias.
fn actor_entities(snapshot: &Snapshot, actor: &str) -> Vec<usize> {
    if let Some(index) = snapshot.entity_index(actor) {
        return vec![index];
    }
    let needle = normalise_name(actor);
    if needle.is_empty() {
        return Vec::new();
    }
    (0..snapshot.entities.len())
        .filter(|&index| snapshot.name_keys[index].split('\u{1f}').any(|form| holds_words(form, &needle)))
        .collect()
}

/// Whether `words` occur in `form` as whole words: "is" must not find every name with "is"
/// inside a word. Both are normalised names (lower case, single spaces).
fn holds_words(form: &str, words: &str) -> bool {
    if words.is_empty() {
        return false;
    }
    // Every occurrence, overlapping ones included ("ab ab" inside "bab ab ab").
    let mut from = 0;
    while let Some(found) = form.get(from..).and_then(|rest| rest.find(words)) {
        let at = from + found;
        let before = form[..at].chars().next_back();
        let after = form[at + words.len()..].chars().next();
        if before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ') {
            return true;
        }
        from = at + form[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// The first and last day a contract date value covers: "2024" is the year, "2024-03" the
/// month, "2024-03-22" the day.
pub fn date_range(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    let mut parts = value.splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    match (parts.next(), parts.next()) {
        (None, _) => Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?)),
        (Some(month), None) => {
            let month: u32 = month.parse().ok()?;
            let first = NaiveDate::from_ymd_opt(year, month, 1)?;
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)?
            };
            Some((first, next.pred_opt()?))
        }
        (Some(month), Some(day)) => {
            let date = NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)?;
            Some((date, date))
        }
    }
}

/// The days a date record covers: its value at its precision, or for a `range` (fusion's window
/// for reports that give no date of their own) the two ends its text gives, "A to B".
pub fn record_range(date: &DateRecord) -> Option<(NaiveDate, NaiveDate)> {
    let parse = |value: &str| NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok();
    match date.precision.as_str() {
        "range" => {
            let (first, last) = date.text.split_once(" to ")?;
            Some((parse(first)?, parse(last)?))
        }
        // A week's value is its first day; a season's is its first month, and it lasts three.
        "week" => {
            let first = parse(date.value.as_deref()?)?;
            Some((first, first.checked_add_signed(chrono::Duration::days(6))?))
        }
        "season" => {
            let (first, _) = date_range(date.value.as_deref()?)?;
            Some((first, first.checked_add_months(chrono::Months::new(3))?.pred_opt()?))
        }
        _ => date_range(date.value.as_deref()?),
    }
}

/// The month a date record falls in, `None` for one as loose as a year or a window across
/// months.
pub fn month_of(date: &DateRecord) -> Option<(i32, u32)> {
    let (first, last) = record_range(date)?;
    (first.year() == last.year() && first.month() == last.month()).then(|| (first.year(), first.month()))
}

/// The year a date record falls in, `None` for a window across years.
pub fn year_of(date: &DateRecord) -> Option<i32> {
    let (first, last) = record_range(date)?;
    (first.year() == last.year()).then(|| first.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
    }

    #[test]
    fn actor_words_match_whole_words() {
        assert!(holds_words("islamic state khorasan", "islamic state"));
        assert!(holds_words("islamic state khorasan", "khorasan"));
        assert!(!holds_words("isis", "is"));
        assert!(!holds_words("this is", "his"));
        assert!(holds_words("this is", "is"));
        assert!(holds_words("bab ab ab", "ab ab"));
        assert!(!holds_words("abc", ""));
    }

    #[test]
    fn date_values_cover_their_precision() {
        assert_eq!(date_range("2024"), Some((day(2024, 1, 1), day(2024, 12, 31))));
        assert_eq!(date_range("2024-02"), Some((day(2024, 2, 1), day(2024, 2, 29))));
        assert_eq!(date_range("2023-12"), Some((day(2023, 12, 1), day(2023, 12, 31))));
        assert_eq!(date_range("2024-03-22"), Some((day(2024, 3, 22), day(2024, 3, 22))));
        assert_eq!(date_range("2024-13"), None);
        assert_eq!(date_range("recent"), None);
        let record = |value: &str, precision: &str, text: &str| DateRecord {
            value: Some(value.into()),
            precision: precision.into(),
            text: text.into(),
        };
        assert_eq!(month_of(&record("2024-03-22", "day", "Friday")), Some((2024, 3)));
        assert_eq!(month_of(&record("2024", "year", "2024")), None);
        assert_eq!(year_of(&record("2024", "year", "2024")), Some(2024));
        let window = record("2024-02-22", "range", "2024-02-22 to 2024-03-23");
        assert_eq!(record_range(&window), Some((day(2024, 2, 22), day(2024, 3, 23))));
        assert_eq!(month_of(&window), None);
        assert_eq!(year_of(&window), Some(2024));
        let week = record("2024-03-18", "week", "last week");
        assert_eq!(record_range(&week), Some((day(2024, 3, 18), day(2024, 3, 24))));
        let winter = record("2023-12", "season", "last winter");
        assert_eq!(record_range(&winter), Some((day(2023, 12, 1), day(2024, 2, 29))));
    }
}
