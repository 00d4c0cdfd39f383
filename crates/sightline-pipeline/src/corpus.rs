//! What a set of documents says together: entities merged across documents, every fact with
//! its entity ids, and incidents fused from the event reports.
//!
//! [`Corpus`] takes analysed documents one at a time (so export can stream the documents
//! themselves) and, at [`Corpus::finish`], merges entities, resolves each fact's entity ids to
//! the merged entities, and fuses event reports into incidents. Facts wait for the end because
//! an entity's id is final only once every document has been seen (two people merge when a
//! later document gives them a shared role).

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use sightline_contract::{
    DateRecord, FiguresRecord, IncidentRecord, LocationRecord, Record, ReportFigureRecord,
};
use sightline_core::Document;
use sightline_extract::{Event, Span};
use sightline_fuse::{
    fuse_incidents, Count, Figures, Incident, NearDuplicates, Place, Report, Signature, StoredIncident,
    Timing,
};
use sightline_kb::ActorTable;
use sightline_nlp::DatePrecision;

use crate::analysis::{Analyzer, DocumentAnalysis, Entity, EntityIndex, EntityKind, LocalEntity};
use crate::facts::DocumentFacts;
use crate::records::{argument_span, extraction_records};

/// Marks an entity reference that is resolved at [`Corpus::finish`]; never in finished output.
const PENDING: char = '\u{1f}';

fn pending(kind: EntityKind, key: &str) -> String {
    format!("{PENDING}{}{PENDING}{key}", kind.as_str())
}

/// The entity of the document whose mention covers or overlaps `span`, the tightest first.
fn local_entity_at(entities: &[LocalEntity], span: Span) -> Option<&LocalEntity> {
    entities
        .iter()
        .flat_map(|entity| entity.mentions.iter().map(move |mention| (entity, mention)))
        .filter(|(_, mention)| mention.byte_start < span.end && span.start < mention.byte_end)
        .min_by_key(|(_, mention)| {
            (
                mention.byte_start.abs_diff(span.start) + mention.byte_end.abs_diff(span.end),
                mention.byte_start,
            )
        })
        .map(|(entity, _)| entity)
}

/// Gathers analysed documents; see the module doc.
#[derive(Default)]
pub struct Corpus {
    entities: EntityIndex,
    duplicates: NearDuplicates,
    /// Each near-duplicate document's original, by id.
    originals: HashMap<String, String>,
    /// Each document's event, quote, relation and fact records, in the order added.
    records: Vec<Vec<Record>>,
    /// Each document's event reports, in the order added.
    reports: Vec<Vec<Report>>,
    /// Documents with no publication date and their analyses, kept so that their dates can be
    /// resolved again once fusion tells when they were written (see [`Corpus::finish`]).
    undated: Vec<Undated>,
}

/// A document without a publication date, waiting for fusion to bound when it was written.
struct Undated {
    /// Its place in `Corpus::records` and `Corpus::reports`.
    index: usize,
    document: Document,
    duplicate: bool,
}

/// What [`Corpus::finish`] gives.
pub struct CorpusOutput {
    /// Entities merged across documents.
    pub entities: Vec<Entity>,
    /// Event, quote, relation and fact records, with entity ids.
    pub records: Vec<Record>,
    /// Incidents, by date.
    pub incidents: Vec<IncidentRecord>,
}

/// What the corpus needs of an analysed document; see [`DocumentFacts`].
pub(crate) fn document_facts(document: &Document, analysis: &DocumentAnalysis) -> DocumentFacts {
    facts_written_after(document, analysis, stated_bound(document, analysis))
}

/// [`document_facts`] for a document known to be written on or after `written_after`.
fn facts_written_after(
    document: &Document,
    analysis: &DocumentAnalysis,
    written_after: Option<NaiveDate>,
) -> DocumentFacts {
    let (records, reports) = records_and_reports(document, analysis, written_after);
    DocumentFacts {
        names: analysis.annotations.names.len(),
        entities: analysis.entities.clone(),
        records,
        reports,
        written_after,
    }
}

/// A document's records and event reports, entity ids still pending, none marked as from a
/// duplicate.
fn records_and_reports(
    document: &Document,
    analysis: &DocumentAnalysis,
    written_after: Option<NaiveDate>,
) -> (Vec<Record>, Vec<Report>) {
    let entity_at = |span: Span| {
        local_entity_at(&analysis.entities, span).map(|entity| pending(entity.kind, &entity.key))
    };
    let records = extraction_records(document, &analysis.extraction, &analysis.annotations.names, &entity_at);
    // The words the document leads with are the same for each of its reports: read once.
    let keywords = sightline_fuse::keywords(document.title.as_deref(), &document.text);
    let event_ids = records.iter().filter_map(|record| match record {
        Record::Event(event) => Some(event.id.clone()),
        _ => None,
    });
    let reports = analysis
        .extraction
        .events
        .iter()
        .zip(event_ids)
        .map(|(event, id)| Report {
            keywords: keywords.clone(),
            ..report(document, analysis, event, id, written_after)
        })
        .collect();
    (records, reports)
}

/// The day a document with no publication date was written on or after, by the dates its
/// text states.
fn stated_bound(document: &Document, analysis: &DocumentAnalysis) -> Option<NaiveDate> {
    if document.published.is_some() {
        return None;
    }
    let annotations = &analysis.annotations;
    sightline_nlp::written_on_or_after(&document.text, &annotations.tokens, &annotations.dates)
}

impl Corpus {
    /// An empty corpus.
    pub fn new() -> Corpus {
        Corpus::default()
    }

    /// Adds an analysed document, oldest first; returns the earlier document it nearly copies,
    /// if any, with the estimated similarity.
    pub fn add(&mut self, document: &Document, analysis: &DocumentAnalysis) -> Option<(String, f64)> {
        let signature = NearDuplicates::signature(document.title.as_deref(), &document.text);
        self.add_facts(document, DocumentFacts::of(document, analysis), signature.as_ref())
    }

    /// [`Corpus::add`] for a document whose facts were stored: nothing is analysed again
    /// (unless it is undated and fusion later bounds its date, see [`Corpus::finish`]).
    /// `signature` is the document's [`NearDuplicates::signature`], which a caller adding many
    /// documents computes in parallel.
    pub fn add_facts(
        &mut self,
        document: &Document,
        facts: DocumentFacts,
        signature: Option<&Signature>,
    ) -> Option<(String, f64)> {
        let duplicate =
            self.duplicates.add_signed(document.id.as_str(), document.title.as_deref(), signature);
        if let Some(found) = &duplicate {
            self.originals.insert(document.id.to_string(), found.original.clone());
        }
        self.entities.add(document, &facts.entities);
        let DocumentFacts { records, mut reports, .. } = facts;
        for report in &mut reports {
            report.from_duplicate = duplicate.is_some();
        }
        if document.published.is_none() && !reports.is_empty() {
            self.undated.push(Undated {
                index: self.reports.len(),
                document: document.clone(),
                duplicate: duplicate.is_some(),
            });
        }
        self.records.push(records);
        self.reports.push(reports);
        duplicate.map(|found| (found.original, found.similarity))
    }

    /// Merges entities, resolves entity ids and fuses incidents.
    ///
    /// A document with no publication date is written on or after the events it reports: when
    /// its reports join incidents that other documents date, the latest start of those is a
    /// bound on when it was written, which can fix the year of its weekday dates ("Tuesday,
    /// March 26"). Such documents are analysed again with that bound and fusion runs once
    /// more; only those undated documents pay for it, analysed again with `analyzer`.
    pub fn finish(self, analyzer: &Analyzer) -> CorpusOutput {
        self.finish_with(analyzer, None)
    }

    /// [`Corpus::finish`], with the incidents fusion stored for exactly these documents
    /// (`stored`, see [`crate::fusion`]) instead of fusing their reports again; `None` fuses
    /// them here.
    pub fn finish_with(mut self, analyzer: &Analyzer, stored: Option<Vec<StoredIncident>>) -> CorpusOutput {
        let (entities, ids) = std::mem::take(&mut self.entities).into_entities_and_ids();
        let resolve = |value: &str| -> Option<String> {
            let rest = value.strip_prefix(PENDING)?;
            let (kind, key) = rest.split_once(PENDING)?;
            let kind = [EntityKind::Person, EntityKind::Organization, EntityKind::Location, EntityKind::Misc]
                .into_iter()
                .find(|candidate| candidate.as_str() == kind)?;
            ids.get(&(kind, key.to_string())).cloned()
        };
        // Fusion compares entities by their keys (a knowledge-base id or a normalised name),
        // which do not depend on the rest of the corpus, so that stored incidents stay valid
        // as documents come; the ids the merged entities get are resolved in the records.
        let incidents = match stored {
            Some(stored) => stored,
            None => self.fuse_here(analyzer),
        };
        let resolve_option = |value: &mut Option<String>| {
            if let Some(found) = value.as_deref() {
                *value = resolve(found);
            }
        };
        let resolve_or_keep = |value: &mut String, text: &str| {
            if value.starts_with(PENDING) {
                *value = resolve(value).unwrap_or_else(|| text.to_string());
            }
        };
        let mut records: Vec<Record> = self.records.into_iter().flatten().collect();
        for record in &mut records {
            match record {
                Record::Event(event) => {
                    for participant in event.perpetrators.iter_mut().chain(event.targets.iter_mut()) {
                        resolve_option(&mut participant.entity);
                    }
                    if let Some(location) = event.location.as_mut() {
                        resolve_option(&mut location.entity);
                    }
                }
                Record::Quote(quote) => resolve_option(&mut quote.speaker),
                Record::Relation(relation) => {
                    let (subject, object) = (relation.subject.clone(), relation.object.clone());
                    resolve_or_keep(&mut relation.subject, &subject);
                    resolve_or_keep(&mut relation.object, &object);
                }
                Record::Fact(fact) => {
                    resolve_option(&mut fact.subject);
                    if let Some(location) = fact.location.as_mut() {
                        resolve_option(&mut location.entity);
                    }
                }
                _ => {}
            }
        }
        let names: HashMap<&str, &str> =
            entities.iter().map(|entity| (entity.id.as_str(), entity.name.as_str())).collect();
        // A fused place's locality is a GeoNames id when the gazetteer placed it; the entity that
        // carries that id is the incident's place entity, with its coordinates.
        let places: HashMap<String, &str> = entities
            .iter()
            .filter_map(|entity| Some((entity.kb.geonames?.to_string(), entity.id.as_str())))
            .collect();
        let mut incidents = incidents;
        incidents
            .sort_by(|a, b| (a.incident.timing, &a.incident.id).cmp(&(b.incident.timing, &b.incident.id)));
        let incidents = incidents
            .iter()
            .map(|stored| {
                let mut record =
                    incident_record(&stored.incident, &stored.reports, &resolve, &names, &places);
                record.copies = copies(&record.docs, &self.originals);
                record
            })
            .collect();
        CorpusOutput { entities, records, incidents }
    }

    /// Fuses the corpus's reports into incidents; a document with no publication date is
    /// written on or after the events it reports: when its reports join incidents that other
    /// documents date, the latest start of those is a bound on when it was written, which can
    /// fix the year of its weekday dates ("Tuesday, March 26"). Such documents are analysed
    /// again with that bound (their records replaced) and fusion runs once more; only those
    /// undated documents pay for it.
    fn fuse_here(&mut self, analyzer: &Analyzer) -> Vec<StoredIncident> {
        let fused = |reports_by_document: &[Vec<Report>]| {
            let reports: Vec<Report> = reports_by_document.iter().flatten().cloned().collect();
            let incidents = fuse_incidents(&reports);
            incidents.into_iter().map(|incident| StoredIncident::new(incident, &reports)).collect::<Vec<_>>()
        };
        let incidents = fused(&self.reports);
        let starts = incident_starts(&incidents);
        let mut redated = false;
        for undated in &self.undated {
            let Some(bound) = gained_bound(&self.reports[undated.index], &starts) else { continue };
            let facts = redated_facts(&undated.document, analyzer, bound);
            let mut reports = facts.reports;
            for report in &mut reports {
                report.from_duplicate = undated.duplicate;
            }
            self.records[undated.index] = facts.records;
            self.reports[undated.index] = reports;
            redated = true;
        }
        if redated {
            fused(&self.reports)
        } else {
            incidents
        }
    }
}

/// The start of each report's incident's period, by report id, where it bounds when the
/// report's document was written: only incidents that another document also reports and that
/// have a period count (see [`gained_bound`]).
pub(crate) fn incident_starts(incidents: &[StoredIncident]) -> HashMap<&str, NaiveDate> {
    let mut starts = HashMap::new();
    for stored in incidents {
        let incident = &stored.incident;
        let Some(timing) = incident.timing.filter(|_| incident.docs.len() >= 2) else { continue };
        for report in &stored.reports {
            starts.insert(report.id.as_str(), timing.start);
        }
    }
    starts
}

/// What a report's incident tells of when its document was written, when later than what the
/// document's text states: the incident's start (`starts`, [`incident_starts`]), for a violent
/// report (a threat or a warning may be about what is still ahead).
pub(crate) fn bound_of(report: &Report, starts: &HashMap<&str, NaiveDate>) -> Option<NaiveDate> {
    if matches!(report.kind.as_str(), "threat" | "warning") {
        return None;
    }
    let start = *starts.get(report.id.as_str())?;
    report.written_after.is_none_or(|after| start > after).then_some(start)
}

/// The latest bound a document with no publication date gains from the incidents its
/// `reports` joined ([`bound_of`]): a document is written on or after the events it reports.
pub(crate) fn gained_bound(reports: &[Report], starts: &HashMap<&str, NaiveDate>) -> Option<NaiveDate> {
    reports.iter().filter_map(|report| bound_of(report, starts)).max()
}

/// Those of an incident's `docs` that nearly copy another of them, by `originals` (a
/// near-duplicate's original): a wire story and its reposts are one source.
fn copies(docs: &[String], originals: &HashMap<String, String>) -> Vec<String> {
    docs.iter()
        .filter(|doc| originals.get(doc.as_str()).is_some_and(|original| docs.contains(original)))
        .cloned()
        .collect()
}

/// A document's facts found again with `bound`, a day it was written on or after that fusion
/// learned (see [`Corpus::finish`]).
pub(crate) fn redated_facts(document: &Document, analyzer: &Analyzer, bound: NaiveDate) -> DocumentFacts {
    let analysis = Analyzer::redate(document, &analyzer.analyze(document), bound);
    let written_after = stated_bound(document, &analysis).max(Some(bound));
    facts_written_after(document, &analysis, written_after)
}

/// How far from an event's trigger, in bytes of text (a short paragraph either side), a
/// person's name counts as evidence of which event it is.
const PEOPLE_NEAR_BYTES: usize = 600;

/// Days before publication an undated report's event may have happened.
const RECENT_DAYS: i64 = 30;

/// The last day of the period a date of this precision starts.
fn period_end(start: NaiveDate, precision: DatePrecision) -> NaiveDate {
    let next_month = |date: NaiveDate, months: u32| {
        let total = date.month0() + months;
        NaiveDate::from_ymd_opt(date.year() + (total / 12) as i32, total % 12 + 1, 1).unwrap_or(date)
    };
    match precision {
        DatePrecision::Day => start,
        DatePrecision::Week => start + Duration::days(6),
        DatePrecision::Month => next_month(start, 1) - Duration::days(1),
        DatePrecision::Season => next_month(start, 3) - Duration::days(1),
        DatePrecision::Year => NaiveDate::from_ymd_opt(start.year(), 12, 31).unwrap_or(start),
    }
}

/// The fusion view of one event report.
fn report(
    document: &Document,
    analysis: &DocumentAnalysis,
    event: &Event,
    id: String,
    written_after: Option<NaiveDate>,
) -> Report {
    // A date the text does not give (the extractor's fallback to the publication month) says
    // nothing about which event this is.
    // Without one, news reports what happened lately: the month before publication.
    let stated = event
        .date
        .as_ref()
        .filter(|date| !date.text.is_empty())
        .and_then(|date| Some((date.value?, date.precision)))
        .map(|(start, precision)| Timing { start, end: period_end(start, precision) });
    let timing = stated.or_else(|| {
        document.published.map(|day| Timing { start: day - Duration::days(RECENT_DAYS), end: day })
    });
    let mut place = Place::default();
    if let Some(location) = &event.location {
        place.name = Some(location.name.clone());
        place.country = location.country.map(str::to_string);
        match local_entity_at(&analysis.entities, location.span) {
            Some(entity) if entity.kb.geonames.is_some() => {
                place.country = entity.kb.country.clone().or(place.country);
                place.province = entity.kb.province_key();
                if entity.kb.place_kind == Some("city") {
                    place.locality = entity.kb.geonames.map(|id| id.to_string());
                }
            }
            // A name the gazetteer does not place is mostly finer than a town (a street, a
            // neighbourhood, a venue): it is kept as a spot, which agrees when equal and never
            // contradicts a town another report names.
            _ => place.spot = Some(crate::analysis::normalise_name(&location.name)),
        }
    }
    // An event with no town of its own is placed in the town the document names, when it names
    // exactly one and that town fits what the event says (its state, its country): a local
    // report is about its town, while an article that names several towns is about several
    // events.
    if place.locality.is_none() {
        let mut towns = analysis.entities.iter().filter(|entity| entity.kb.place_kind == Some("city"));
        if let (Some(town), None) = (towns.next(), towns.next()) {
            let fits = |mine: &Option<String>, theirs: Option<String>| mine.is_none() || *mine == theirs;
            if fits(&place.country, town.kb.country.clone()) && fits(&place.province, town.kb.province_key())
            {
                place.country.clone_from(&town.kb.country);
                place.province = town.kb.province_key();
                place.locality = town.kb.geonames.map(|id| id.to_string());
                if place.name.is_none() || place.spot.is_none() {
                    place.name = Some(town.name.clone());
                }
            }
        }
    }
    // The dateline is where the reporter filed from, not where the event was; but local news is
    // filed from near its events, so it gives the country and province when the event names
    // no place of its own in the gazetteer.
    if place.country.is_none() || place.province.is_none() {
        if let Some(filed_from) = &analysis.filed_from {
            if place.country.is_none() || place.country == filed_from.country {
                place.country.clone_from(&filed_from.country);
                if let Some(province) = filed_from.province_key() {
                    place.province = Some(province);
                }
            }
        }
    }
    // People named in full (two words or more) near the event: victims, suspects, witnesses.
    // Only near it, because officials quoted in an article about several events (a spokesman, a
    // general) say nothing about which event this one is.
    let near = |start: usize| start.abs_diff(event.trigger.start) <= PEOPLE_NEAR_BYTES;
    let people = analysis
        .entities
        .iter()
        .filter(|entity| entity.kind == EntityKind::Person && entity.name.split_whitespace().count() >= 2)
        .filter(|entity| entity.mentions.iter().any(|mention| near(mention.byte_start)))
        .map(|entity| pending(entity.kind, &entity.key))
        .collect();
    let ages = ages_near(&document.text, &analysis.annotations.tokens, event.trigger.start);
    // A known group stands for its parents too: an attack by ISKP is an attack by Islamic
    // State, so a report blaming either fits an incident blamed on the other.
    let actors = ActorTable::builtin();
    let mut perpetrators: Vec<String> = Vec::new();
    let names = &analysis.annotations.names;
    // Only actors the knowledge base knows count: an organisation the extractor took for a
    // perpetrator but nobody lists as an armed actor is as often the police department, the
    // outlet or the town that reports the event, and two of those differing says nothing.
    for entity in event
        .perpetrators
        .iter()
        .filter_map(|argument| local_entity_at(&analysis.entities, argument_span(argument, names)))
        .filter(|entity| entity.kb.actor.is_some())
    {
        perpetrators.push(pending(entity.kind, &entity.key));
        let mut parent =
            entity.kb.actor.as_deref().and_then(|id| actors.get(id)).and_then(|a| a.parent.clone());
        for _ in 0..4 {
            let Some(id) = parent else { break };
            perpetrators.push(pending(EntityKind::Organization, &format!("actor:{id}")));
            parent = actors.get(&id).and_then(|actor| actor.parent.clone());
        }
    }
    perpetrators.dedup();
    let count =
        |count: &Option<sightline_extract::Count>| count.as_ref().map(|c| Count { min: c.min, max: c.max });
    Report {
        id,
        doc: document.id.to_string(),
        published: document.published,
        kind: event.kind.as_str().to_string(),
        timing,
        place,
        perpetrators,
        people,
        killed: count(&event.killed),
        injured: count(&event.injured),
        from_duplicate: false,
        written_after,
        ages,
        undated: stated.is_none(),
        // Filled by `records_and_reports`, which reads them once for all of a document's reports.
        keywords: Vec::new(),
    }
}

/// Ages of people given near an event's trigger (within [`PEOPLE_NEAR_BYTES`]): "a
/// 4-year-old boy", "a four-year-old", "John Smith, 24,". News identifies victims and suspects
/// by age, so two reports giving the same age are likely about the same people.
fn ages_near(text: &str, tokens: &[sightline_nlp::Token], trigger_start: usize) -> Vec<u32> {
    let word = |index: usize| tokens.get(index).map_or("", |token| token.text(text));
    let mut ages = Vec::new();
    let first = tokens.partition_point(|token| token.byte_start + PEOPLE_NEAR_BYTES < trigger_start);
    let last = tokens.partition_point(|token| token.byte_start <= trigger_start + PEOPLE_NEAR_BYTES);
    for (index, token) in tokens.iter().enumerate().take(last).skip(first) {
        let current = token.text(text);
        let lower = current.to_ascii_lowercase();
        let stated = if let Some(number) =
            lower.strip_suffix("-year-old").or_else(|| lower.strip_suffix("-years-old"))
        {
            number.parse::<u32>().ok().or_else(|| sightline_nlp::number_word_value(number))
        } else if word(index.wrapping_sub(1)) == ","
            && word(index + 1) == ","
            && word(index.wrapping_sub(2)).starts_with(|c: char| c.is_uppercase())
            && current.len() <= 2
        {
            // "Smith, 24," is an apposition of age after a name.
            current.parse::<u32>().ok()
        } else {
            None
        };
        if let Some(age) = stated.filter(|age| (1..=110).contains(age)) {
            if !ages.contains(&age) {
                ages.push(age);
            }
        }
    }
    ages
}

fn figures_record(figures: &Figures) -> FiguresRecord {
    FiguresRecord {
        best: figures.best,
        min: figures.min,
        max: figures.max,
        reports: figures
            .reports
            .iter()
            .map(|figure| ReportFigureRecord {
                event: figure.event.clone(),
                doc: figure.doc.clone(),
                min: figure.count.min,
                max: figure.count.max,
            })
            .collect(),
    }
}

fn timing_record(timing: Timing) -> DateRecord {
    let (start, end) = (timing.start, timing.end);
    let (value, precision) = if start == end {
        (start.format("%Y-%m-%d").to_string(), "day")
    } else if start.day() == 1 && period_end(start, DatePrecision::Month) == end {
        (start.format("%Y-%m").to_string(), "month")
    } else if start.ordinal() == 1 && period_end(start, DatePrecision::Year) == end {
        (start.format("%Y").to_string(), "year")
    } else {
        (start.format("%Y-%m-%d").to_string(), "range")
    };
    DateRecord { value: Some(value), precision: precision.to_string(), text: format!("{start} to {end}") }
}

fn incident_record(
    incident: &Incident,
    reports: &[Report],
    resolve: &dyn Fn(&str) -> Option<String>,
    names: &HashMap<&str, &str>,
    places: &HashMap<String, &str>,
) -> IncidentRecord {
    let mut perpetrators: Vec<String> = Vec::new();
    for id in incident.perpetrators.iter().filter_map(|key| resolve(key)) {
        if !perpetrators.contains(&id) {
            perpetrators.push(id);
        }
    }
    let mut docs = Vec::new();
    for &index in &incident.reports {
        if !docs.contains(&reports[index].doc) {
            docs.push(reports[index].doc.clone());
        }
    }
    IncidentRecord {
        id: incident.id.clone(),
        incident_type: incident.kind.clone(),
        date: incident.timing.map(timing_record),
        location: incident.place.name.as_ref().map(|name| LocationRecord {
            entity: incident.place.locality.as_ref().and_then(|id| places.get(id)).map(|id| id.to_string()),
            name: name.clone(),
            country: incident.place.country.clone(),
        }),
        perpetrator: perpetrators.first().and_then(|id| names.get(id.as_str())).map(|name| name.to_string()),
        perpetrators,
        killed: figures_record(&incident.killed),
        injured: figures_record(&incident.injured),
        events: incident.reports.iter().map(|&index| reports[index].id.clone()).collect(),
        docs,
        copies: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_near_copy_is_a_copy_only_beside_its_original() {
        let docs = |ids: &[&str]| ids.iter().map(|id| id.to_string()).collect::<Vec<String>>();
        let originals: HashMap<String, String> =
            [("repost".to_string(), "wire".to_string()), ("mirror".to_string(), "elsewhere".to_string())]
                .into_iter()
                .collect();
        assert_eq!(copies(&docs(&["wire", "repost", "local"]), &originals), ["repost"]);
        // Without its original in the incident, a copy is the incident's only telling of it.
        assert!(copies(&docs(&["mirror", "local"]), &originals).is_empty());
    }
}
