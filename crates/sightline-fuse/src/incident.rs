//! Incidents: event reports of one real-world event, merged.
//!
//! A report joins an incident when nothing in it contradicts the incident and enough agrees.
//! Contradictions (any one keeps a report out):
//!
//! - types that cannot be one event: an arrest, a threat or a warning is never the attack
//!   itself; a claim of responsibility and the generic `attack` fit any violent type;
//! - dates whose periods do not overlap, a day's date given one day of slack (a late-night
//!   attack is dated by one outlet on the day, by another on the next);
//! - places that differ at a level both state: different countries, provinces or localities
//!   (a report that names only the country fits any place in it: "in Iran" fits Kerman),
//!   except towns when both name the same person in full on the same day, in the same province
//!   (the gazetteer misreads towns; one victim on one day is one event);
//! - perpetrators both name and that share no actor.
//!
//! Agreement is scored: same locality 3, same spot (a place the gazetteer does not know) 2,
//! same province 1, same country 1, same day 2 (or
//! overlapping periods 1, or for an undated report in a document of unknown date, an incident
//! lasting to the day the document was written on or after 1), an age of a person both give 1, a shared perpetrator 2, a person both documents name 3, a report stating no date of its own in a document that already reported the incident 2 (an article comes back to its story), a claim of responsibility in a document that reported the incident [`JOIN_SCORE`], same specific
//! type 1, killed figures within a factor of two 1; a shared period longer than a month counts
//! nothing, and a report with no place in common with the incident loses a point. A report joins the best-scoring incident when the score reaches
//! [`JOIN_SCORE`], so a vague report ("the recent attack in Moscow": country, city, no day)
//! joins only when place and actor agree, and otherwise stays alone.
//!
//! Blocking: incidents are indexed by the weeks their period touches, and a report with a
//! period of a few weeks is compared only with the incidents of those weeks and the few with
//! no such period; a report without one meets the incidents of its country. An incident of
//! another week could not take the report anyway, so blocking changes nothing but the time:
//! adding reports costs time in proportion to the reports added and the incidents in their
//! weeks, not to the corpus.
//!
//! **Ids.** An incident's id hashes its anchor report: the one from the earliest-published
//! document (ties by document id, then report id). News arrives after the event, so later
//! documents join an incident without changing its id, and an incident no new report touched
//! keeps its id between runs.
//!
//! **Figures.** Every report's killed and injured counts are kept. `best` is the highest lower
//! bound among the reports from the most recent publication date that gives a figure: counts
//! rise as the dead are found and the latest reports know most, and a stated lower bound ("over
//! 130") is what the text commits to. `min` and `max` span every report, so "over 130" and
//! "over 140" both stay visible. A person is hurt or dead, never both: the injured `best` loses
//! the dead counted after it was told, and when no document that counts people hurt also counts
//! the dead, those hurt include the dead the other documents count.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sightline_core::DocId;

use crate::keywords;

/// Least agreement score for a report to join an incident; see the module doc.
pub const JOIN_SCORE: u32 = 4;

/// The period an event happened in, as a closed range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Timing {
    /// First day it may have happened.
    pub start: NaiveDate,
    /// Last day it may have happened.
    pub end: NaiveDate,
}

impl Timing {
    /// One day.
    pub fn day(date: NaiveDate) -> Timing {
        Timing { start: date, end: date }
    }

    fn is_day(&self) -> bool {
        self.start == self.end
    }

    fn overlaps(&self, other: &Timing) -> bool {
        let slack = |timing: &Timing| {
            if timing.is_day() {
                chrono::Duration::days(1)
            } else {
                chrono::Duration::zero()
            }
        };
        self.start - slack(self) <= other.end + slack(other)
            && other.start - slack(other) <= self.end + slack(self)
    }

    fn narrower(self, other: Timing) -> Timing {
        if (self.end - self.start) <= (other.end - other.start) {
            self
        } else {
            other
        }
    }
}

/// Where an event happened, as far as the report says; each level is an identifier that is
/// equal for the same place (a GeoNames id, an ISO code, or a normalised name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// ISO 3166 alpha-2 country code.
    pub country: Option<String>,
    /// First-level division (province, state).
    pub province: Option<String>,
    /// City, town or village.
    pub locality: Option<String>,
    /// A place the gazetteer does not know, as a normalised name: mostly finer than a town (a
    /// street, a neighbourhood, a venue). Equal spots agree; different spots contradict
    /// nothing, since one report names the street and another the neighbourhood.
    pub spot: Option<String>,
    /// The place as the report names it, for display.
    pub name: Option<String>,
}

impl Place {
    fn conflicts(&self, other: &Place) -> bool {
        self.conflicts_above_town(other) || differs(&self.locality, &other.locality)
    }

    /// Different countries or provinces, where both state them.
    fn conflicts_above_town(&self, other: &Place) -> bool {
        differs(&self.country, &other.country) || differs(&self.province, &other.province)
    }

    fn agreement(&self, other: &Place) -> u32 {
        let same = |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if a == b);
        3 * u32::from(same(&self.locality, &other.locality))
            + 2 * u32::from(same(&self.spot, &other.spot))
            + u32::from(same(&self.province, &other.province))
            + u32::from(same(&self.country, &other.country))
    }

    /// The more precise of two compatible places, level by level.
    fn merge(&mut self, other: &Place) {
        let precise_before = self.locality.is_some();
        for (mine, theirs) in [
            (&mut self.country, &other.country),
            (&mut self.province, &other.province),
            (&mut self.locality, &other.locality),
            (&mut self.spot, &other.spot),
        ] {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
        if !precise_before && other.locality.is_some() || self.name.is_none() {
            self.name.clone_from(&other.name);
        }
    }
}

/// Both state a level, and it differs.
fn differs(a: &Option<String>, b: &Option<String>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a != b)
}

/// A count with its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// The least it can be.
    pub min: Option<u32>,
    /// The most it can be.
    pub max: Option<u32>,
}

/// One event report, as fusion sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The report's id.
    pub id: String,
    /// The document it is in.
    pub doc: String,
    /// The document's publication date.
    pub published: Option<NaiveDate>,
    /// The event type (`attack`, `bombing`, `arrest` ...).
    pub kind: String,
    /// When, as far as the report says.
    pub timing: Option<Timing>,
    /// Where.
    pub place: Place,
    /// Perpetrators as entity ids.
    pub perpetrators: Vec<String>,
    /// People the report's document names in full, as entity ids: victims, suspects,
    /// witnesses, officials. Two reports naming the same private person are very likely about
    /// the same event.
    pub people: Vec<String>,
    /// How many died.
    pub killed: Option<Count>,
    /// How many were hurt.
    pub injured: Option<Count>,
    /// The document is a near-duplicate of another: the report joins, its figures are kept, but
    /// it does not count as an independent report.
    pub from_duplicate: bool,
    /// For a document with no publication date: the day it was written on or after, as far as
    /// is known (the latest date its text states, or the incidents its other reports joined).
    pub written_after: Option<NaiveDate>,
    /// Ages of the people the report gives near the event ("a 4-year-old", "Smith, 24,"):
    /// victims and suspects are identified by age, so a shared age is evidence of one event.
    pub ages: Vec<u32>,
    /// The text states no date for the event: `timing`, if any, is only the weeks before
    /// publication.
    #[serde(default)]
    pub undated: bool,
    /// The capitalised words its document leads with ([`crate::keywords`]); fusion keeps those
    /// few other documents share as evidence.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// One report's figure in an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFigure {
    /// The report's id.
    pub event: String,
    /// Its document.
    pub doc: String,
    /// The figure.
    pub count: Count,
}

/// Killed or injured across an incident's reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// The best estimate; see the module doc for the rule.
    pub best: Option<u32>,
    /// The lowest figure any report gives.
    pub min: Option<u32>,
    /// The highest figure any report gives.
    pub max: Option<u32>,
    /// Every report's figure.
    pub reports: Vec<ReportFigure>,
}

/// Reports of one real-world event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Stable id; see the module doc.
    pub id: String,
    /// The most specific type its reports give.
    pub kind: String,
    /// The narrowest period its reports give.
    pub timing: Option<Timing>,
    /// The most precise place its reports give.
    pub place: Place,
    /// Every perpetrator named.
    pub perpetrators: Vec<String>,
    /// Every person its reports' documents name.
    pub people: Vec<String>,
    /// Every age its reports give.
    pub ages: Vec<u32>,
    /// The distinctive words its documents lead with (see [`crate::keywords`]), sorted.
    pub keywords: Vec<String>,
    /// While no report dates it: the latest day its reports' undated documents were written on
    /// or after (see [`Report::written_after`]).
    pub written_after: Option<NaiveDate>,
    /// Killed.
    pub killed: Figures,
    /// Injured.
    pub injured: Figures,
    /// Indexes of its reports in the slice given to [`fuse_incidents`].
    pub reports: Vec<usize>,
    /// Its documents, in order of first report.
    pub docs: Vec<String>,
}

/// Event types that are never the violent event itself.
fn is_non_violent(kind: &str) -> bool {
    matches!(kind, "arrest" | "threat" | "warning")
}

fn types_fit(first: &str, second: &str) -> bool {
    if first == second {
        return true;
    }
    if is_non_violent(first) || is_non_violent(second) {
        return false;
    }
    matches!(first, "attack" | "claim") || matches!(second, "attack" | "claim")
}

fn specificity(kind: &str) -> u8 {
    match kind {
        "claim" => 0,
        "attack" => 1,
        _ => 2,
    }
}

/// The agreement score of a report with an incident, or `None` when something contradicts.
fn score(report: &Report, incident: &Incident) -> Option<u32> {
    if !types_fit(&report.kind, &incident.kind) {
        return None;
    }
    // Compared only where it can matter: most candidates of a busy week are another town's.
    let shares_person = || report.people.iter().any(|person| incident.people.contains(person));
    if report.place.conflicts(&incident.place) && !same_people_same_day(report, incident, shares_person) {
        return None;
    }
    let place_agreement = report.place.agreement(&incident.place);
    let mut score = place_agreement;
    match (&report.timing, &incident.timing) {
        (Some(mine), Some(theirs)) => {
            if !mine.overlaps(theirs) {
                return None;
            }
            // A shared year says little about which event it is: news is full of events of the
            // same year.
            let wide = |timing: &Timing| (timing.end - timing.start).num_days() > 31;
            score += if mine.is_day() && theirs.is_day() && mine.start == theirs.start {
                2
            } else if wide(mine) || wide(theirs) {
                0
            } else {
                1
            };
        }
        // Without a date, the report can only be about an event before it was written.
        (None, Some(theirs)) if report.published.is_some_and(|published| published < theirs.start) => {
            return None;
        }
        // Without a date in a document known only to be written on or after some day, news is
        // about what happened lately: an incident that lasts to that day or later fits it. An
        // older incident is no contradiction, since when the document was written is unknown.
        (None, Some(theirs)) if report.written_after.is_some_and(|after| theirs.end >= after) => {
            score += 1;
        }
        // The same, seen from a dated report meeting an incident of such documents.
        (Some(mine), None) if incident.written_after.is_some_and(|after| mine.end >= after) => {
            score += 1;
        }
        _ => {}
    }
    if !report.perpetrators.is_empty() && !incident.perpetrators.is_empty() {
        if report.perpetrators.iter().any(|actor| incident.perpetrators.contains(actor)) {
            score += 2;
        } else {
            return None;
        }
    }
    if shares_person() {
        score += 3;
    }
    let same_document = incident.docs.contains(&report.doc);
    // Two articles that lead with the same uncommon names (the victim, the street, the venue)
    // tell one story; a document's own words say nothing about its other reports.
    if !same_document && keywords::shared(&report.keywords, &incident.keywords) >= 2 {
        score += 3;
    }
    // An article tells one story and comes back to it ("the attack", "the shooting"): a report
    // that states no date of its own, in a document that already reported this incident, is
    // about it unless something contradicts.
    if report.undated && same_document {
        score += 2;
    }
    // A claim of responsibility ("Islamic State claimed responsibility the following day") is
    // about the attack its article tells: in its own article it joins an incident that nothing
    // contradicts, whatever else it lacks. Either side may be the claim: the second pass meets
    // a claim's incident with the attack's.
    if (report.kind == "claim" || incident.kind == "claim") && same_document {
        score += JOIN_SCORE;
    }
    if report.ages.iter().any(|age| incident.ages.contains(age)) {
        score += 1;
    }
    if report.kind == incident.kind && specificity(&report.kind) == 2 {
        score += 1;
    }
    let killed = |count: &Option<Count>| count.and_then(|count| count.min.or(count.max));
    let incident_killed = incident.killed.max;
    if let (Some(mine), Some(theirs)) = (killed(&report.killed), incident_killed) {
        if mine.max(theirs) <= 2 * mine.min(theirs).max(1) {
            score += 1;
        }
    }
    // Without a place in common, a day and a type match too many events: the report needs one
    // more piece of evidence to join.
    if place_agreement == 0 {
        score = score.saturating_sub(1);
    }
    Some(score)
}

/// Towns disagree while the rest agrees: a person named near both reports, on the same day
/// give or take one, in the same country and province as far as both say. The gazetteer
/// misreads towns (a street or a neighbourhood taken for a town of the same name elsewhere,
/// one outlet naming the suburb and another the city), while two events on one day with the
/// same victim or suspect named in full are one event.
fn same_people_same_day(report: &Report, incident: &Incident, shares_person: impl Fn() -> bool) -> bool {
    let same_region = !report.place.conflicts_above_town(&incident.place);
    let same_day = match (report.timing, incident.timing) {
        (Some(mine), Some(theirs)) => mine.is_day() && theirs.is_day() && mine.overlaps(&theirs),
        _ => false,
    };
    same_region && same_day && shares_person()
}

/// Periods longer than this many weeks are not indexed week by week: an incident dated only
/// by its year is compared with every report of its country.
const MAX_INDEXED_WEEKS: i64 = 9;

/// The weeks (days since the common era, divided by seven) a period touches, with the day of
/// slack that [`Timing::overlaps`] gives a single day; `None` when it is too long to index.
fn weeks(timing: &Timing) -> Option<std::ops::RangeInclusive<i64>> {
    let week = |date: NaiveDate| i64::from(date.num_days_from_ce()).div_euclid(7);
    let first = week(timing.start) - i64::from(timing.is_day());
    let last = week(timing.end) + i64::from(timing.is_day());
    (last - first < MAX_INDEXED_WEEKS).then_some(first..=last)
}

/// Where an incident is found, or a report looks: a week its period touches, no short period,
/// or a country. Fusion in memory ([`Blocks`]) and a store of incidents between runs
/// ([`StoredIncident::blocks`], [`blocks_to_search`]) index by the same blocks.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Block {
    /// A week (days since the common era divided by seven) its period touches.
    Week(i64),
    /// No period short enough to index by week.
    Unweekly,
    /// Its country, `None` when unknown.
    Country(Option<String>),
}

impl Block {
    /// The block as a short key, for a store's index.
    pub fn key(&self) -> String {
        match self {
            Block::Week(week) => format!("w{week}"),
            Block::Unweekly => "u".to_string(),
            Block::Country(Some(country)) => format!("c{country}"),
            Block::Country(None) => "c".to_string(),
        }
    }
}

/// The blocks an incident is indexed under: the weeks its period touches (or
/// [`Block::Unweekly`]) and its country.
fn blocks_of(incident: &Incident) -> Vec<Block> {
    let mut blocks: Vec<Block> = match incident.timing.as_ref().and_then(weeks) {
        Some(weeks) => weeks.map(Block::Week).collect(),
        None => vec![Block::Unweekly],
    };
    blocks.push(Block::Country(incident.place.country.clone()));
    blocks
}

/// The blocks whose incidents a report could join, its weeks widened by `widen` either side;
/// `None` when it could join any. A report with a short period meets the incidents of the
/// weeks it touches and those with no short period (an incident of another week contradicts
/// it); one without meets its country's and the incidents of no known country, or, with no
/// country either, every incident.
fn blocks_searched(report: &Report, widen: i64) -> Option<Vec<Block>> {
    match (report.timing.as_ref().and_then(weeks), &report.place.country) {
        (Some(weeks), _) => {
            let (first, last) = (*weeks.start() - widen, *weeks.end() + widen);
            Some((first..=last).map(Block::Week).chain([Block::Unweekly]).collect())
        }
        (None, Some(country)) => Some(vec![Block::Country(Some(country.clone())), Block::Country(None)]),
        (None, None) => None,
    }
}

/// Where incidents can be found in memory, by [`Block`], so that a report is compared only with
/// the incidents that could hold it and fusing new reports costs time in proportion to them,
/// not to the corpus.
#[derive(Default)]
struct Blocks {
    by_block: HashMap<Block, Vec<usize>>,
}

impl Blocks {
    fn add(&mut self, index: usize, incident: &Incident) {
        for block in blocks_of(incident) {
            self.by_block.entry(block).or_default().push(index);
        }
    }

    /// Takes out an incident as it is now, before it changes.
    fn remove(&mut self, index: usize, incident: &Incident) {
        for block in blocks_of(incident) {
            self.by_block.entry(block).and_modify(|list| list.retain(|&member| member != index));
        }
    }

    /// The incidents a report could join ([`blocks_searched`]), in index order.
    fn candidates(&self, report: &Report, n_incidents: usize) -> Vec<usize> {
        let Some(blocks) = blocks_searched(report, 0) else { return (0..n_incidents).collect() };
        let mut found: Vec<usize> =
            blocks.iter().filter_map(|block| self.by_block.get(block)).flatten().copied().collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Merges reports into incidents by the rules of the module doc. Deterministic: the same
/// reports give the same incidents with the same ids, whatever their order in the slice.
pub fn fuse_incidents(reports: &[Report]) -> Vec<Incident> {
    fuse(reports, true)
}

/// [`fuse_incidents`], comparing each report with the incidents its blocks hold, or with
/// every incident (`blocked` false: what blocking must agree with, for tests).
fn fuse(all_reports: &[Report], blocked: bool) -> Vec<Incident> {
    let distinct = keywords::distinctive(
        all_reports.iter().map(|report| (report.doc.as_str(), report.keywords.as_slice())),
    );
    let reports: &[Report] = &all_reports
        .iter()
        .map(|report| Report {
            keywords: distinct.get(report.doc.as_str()).cloned().unwrap_or_default(),
            ..report.clone()
        })
        .collect::<Vec<Report>>();
    let (mut incidents, _) = fuse_onto(Vec::new(), reports, blocked);
    incidents.sort_by(|a, b| (a.timing, &a.id).cmp(&(b.timing, &b.id)));
    incidents
}

/// An incident as it is kept between runs: with its own reports, which `incident.reports`
/// index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredIncident {
    /// The incident, its `reports` indexing [`StoredIncident::reports`].
    pub incident: Incident,
    /// Its reports.
    pub reports: Vec<Report>,
}

/// What [`fuse_more`] changes.
#[derive(Debug, Default)]
pub struct FusionUpdate {
    /// Incidents new or changed, finished (ids and figures set).
    pub changed: Vec<StoredIncident>,
    /// Ids of the given incidents that `changed` replaces: each was joined by a new report or
    /// merged into another incident.
    pub replaced: Vec<String>,
}

impl StoredIncident {
    /// `incident` with its own copies of its reports, which it indexes in `reports`.
    pub fn new(mut incident: Incident, reports: &[Report]) -> StoredIncident {
        let own: Vec<Report> = incident.reports.iter().map(|&index| reports[index].clone()).collect();
        incident.reports = (0..own.len()).collect();
        StoredIncident { incident, reports: own }
    }

    /// The blocks the incident is indexed under: the weeks its period touches (or
    /// [`Block::Unweekly`]) and its country.
    pub fn blocks(&self) -> Vec<Block> {
        blocks_of(&self.incident)
    }
}

/// The blocks whose incidents `reports` could join, as fusion in memory picks them, with the
/// weeks widened by [`MAX_INDEXED_WEEKS`] either side so that the incidents the second pass
/// meets are loaded too; `None` when some report could join any incident (it has neither a
/// short period nor a country).
pub fn blocks_to_search(reports: &[Report]) -> Option<Vec<Block>> {
    let mut blocks = std::collections::BTreeSet::new();
    for report in reports {
        blocks.extend(blocks_searched(report, MAX_INDEXED_WEEKS)?);
    }
    Some(blocks.into_iter().collect())
}

/// Fuses `new` reports into `existing` incidents (those of the blocks [`blocks_to_search`]
/// names for them), by the rules of [`fuse_incidents`]: the new reports join the incidents
/// or start their own, then every incident they touched is compared again, as one summary,
/// with the others, and merged where the rules say so. With no existing incidents this is
/// exactly [`fuse_incidents`] of `new` (whose keywords the caller has already kept to the
/// distinctive ones, as [`distinctive_keywords`] does).
///
/// Reports are taken in a fixed order within a call, so fusing documents in several calls can
/// differ from fusing them in one when a later call brings a more precise report of an incident
/// a vague one started: news arrives after the event, and such a difference is rare.
pub fn fuse_more(existing: Vec<StoredIncident>, new: Vec<Report>) -> FusionUpdate {
    let mut reports: Vec<Report> = Vec::new();
    let mut incidents: Vec<Incident> = Vec::with_capacity(existing.len());
    let mut existing_ids = Vec::with_capacity(existing.len());
    for stored in existing {
        let offset = reports.len();
        let mut incident = stored.incident;
        for index in &mut incident.reports {
            *index += offset;
        }
        existing_ids.push(incident.id.clone());
        incidents.push(incident);
        reports.extend(stored.reports);
    }
    reports.extend(new);
    let (changed, replaced) = fuse_onto(incidents, &reports, true);
    FusionUpdate {
        changed: changed.into_iter().map(|incident| StoredIncident::new(incident, &reports)).collect(),
        replaced: replaced.into_iter().map(|index| existing_ids[index].clone()).collect(),
    }
}

/// A document's headline words kept where distinctive in a corpus of `documents` documents, of
/// which `frequency` gives how many lead with a word (this document included).
pub fn distinctive_keywords(
    words: &[String],
    frequency: impl Fn(&str) -> usize,
    documents: usize,
) -> Vec<String> {
    let above = keywords::distinctive_above(documents);
    words.iter().filter(|word| frequency(word) <= above).cloned().collect()
}

/// The two passes of fusion over `reports`, onto the `existing` incidents (which index
/// `reports`; the reports they do not hold are the new ones). Returns the incidents new or
/// changed, finished, and the indexes of the existing incidents they replace.
///
/// Two passes. The first takes the new reports one at a time. A report is judged by what it
/// says alone, so one document's account can be split: its lede ("a man was shot and killed
/// Thursday", no place) starts an incident of its own while its later sentences (the town, the
/// names) join another outlet's incident. The second pass takes the incidents the first
/// touched as reports, each with everything its reports say together, and merges them with
/// each other and the untouched incidents by the same rules: the split account now shares its
/// names, its day and its town with the other.
fn fuse_onto(existing: Vec<Incident>, reports: &[Report], blocked: bool) -> (Vec<Incident>, Vec<usize>) {
    let held: std::collections::HashSet<usize> =
        existing.iter().flat_map(|incident| incident.reports.iter().copied()).collect();
    let new: Vec<usize> = (0..reports.len()).filter(|index| !held.contains(index)).collect();
    let sizes: Vec<usize> = existing.iter().map(|incident| incident.reports.len()).collect();
    let first = greedy(existing, reports, new, blocked);
    let touched = |index: usize| sizes.get(index).is_none_or(|&size| first[index].reports.len() != size);
    // Untouched incidents come first, as seeds of the second pass that touched ones may join.
    let (untouched, changed): (Vec<usize>, Vec<usize>) = (0..first.len()).partition(|&index| !touched(index));
    let of_summary: Vec<usize> = untouched.iter().chain(&changed).copied().collect();
    let summaries: Vec<Report> = of_summary.iter().map(|&index| summary(&first[index], reports)).collect();
    let seeds: Vec<Incident> = (0..untouched.len()).map(|index| started(&summaries[index], index)).collect();
    let second = greedy(seeds, &summaries, (untouched.len()..summaries.len()).collect(), blocked);
    let mut replaced = Vec::new();
    let mut incidents = Vec::new();
    for group in second.iter().filter(|group| group.reports.iter().any(|&member| member >= untouched.len())) {
        let mut merged = first[of_summary[group.reports[0]]].clone();
        for &member in &group.reports[1..] {
            for &index in &first[of_summary[member]].reports {
                join(&mut merged, &reports[index], index);
            }
        }
        replaced.extend(
            group.reports.iter().map(|&member| of_summary[member]).filter(|&index| index < sizes.len()),
        );
        finish(&mut merged, reports);
        incidents.push(merged);
    }
    replaced.sort_unstable();
    (incidents, replaced)
}

/// An incident of the first pass as one report: everything its reports say together.
fn summary(incident: &Incident, reports: &[Report]) -> Report {
    let members = || incident.reports.iter().map(|&index| &reports[index]);
    let anchor = members().min_by(|a, b| {
        (a.published.is_none(), a.published, &a.id).cmp(&(b.published.is_none(), b.published, &b.id))
    });
    Report {
        id: anchor.map_or_else(String::new, |report| report.id.clone()),
        doc: incident.docs.first().cloned().unwrap_or_default(),
        published: anchor.and_then(|report| report.published),
        kind: incident.kind.clone(),
        timing: incident.timing,
        place: incident.place.clone(),
        perpetrators: incident.perpetrators.clone(),
        people: incident.people.clone(),
        killed: incident.killed.max.map(|max| Count { min: Some(max), max: Some(max) }),
        injured: None,
        from_duplicate: false,
        written_after: incident.written_after,
        ages: incident.ages.clone(),
        undated: members().all(|report| report.undated),
        keywords: incident.keywords.clone(),
    }
}

/// One pass of fusion: each of the reports `adding` (indexes into `reports`), in a fixed
/// order, joins the best-scoring of `incidents` or starts one. Ids and figures are left to
/// [`finish`].
fn greedy(
    mut incidents: Vec<Incident>,
    reports: &[Report],
    mut adding: Vec<usize>,
    blocked: bool,
) -> Vec<Incident> {
    // Dated, precise reports first, so that vague ones meet incidents already shaped; then by
    // publication so that anchors are the earliest documents.
    adding.sort_by(|&a, &b| {
        let key = |report: &Report| {
            let width = report.timing.map_or(i64::MAX, |timing| (timing.end - timing.start).num_days());
            (width.min(1), report.published, report.doc.clone(), report.id.clone())
        };
        key(&reports[a]).cmp(&key(&reports[b]))
    });
    let mut blocks = Blocks::default();
    for (index, incident) in incidents.iter().enumerate() {
        blocks.add(index, incident);
    }
    for index in adding {
        let report = &reports[index];
        let candidates =
            if blocked { blocks.candidates(report, incidents.len()) } else { (0..incidents.len()).collect() };
        let best = candidates
            .into_iter()
            .filter_map(|candidate| Some((score(report, &incidents[candidate])?, candidate)))
            .filter(|(score, _)| *score >= JOIN_SCORE)
            .max_by_key(|(score, candidate)| (*score, std::cmp::Reverse(*candidate)));
        match best {
            Some((_, chosen)) => {
                blocks.remove(chosen, &incidents[chosen]);
                join(&mut incidents[chosen], report, index);
                blocks.add(chosen, &incidents[chosen]);
            }
            None => {
                incidents.push(started(report, index));
                let created = incidents.len() - 1;
                blocks.add(created, &incidents[created]);
            }
        }
    }
    incidents
}

/// A new incident of one report, the `index`th.
fn started(report: &Report, index: usize) -> Incident {
    let mut incident = Incident {
        id: String::new(),
        kind: report.kind.clone(),
        timing: report.timing,
        place: report.place.clone(),
        perpetrators: Vec::new(),
        people: Vec::new(),
        ages: Vec::new(),
        keywords: Vec::new(),
        written_after: None,
        killed: Figures::default(),
        injured: Figures::default(),
        reports: Vec::new(),
        docs: Vec::new(),
    };
    join(&mut incident, report, index);
    incident
}

fn join(incident: &mut Incident, report: &Report, index: usize) {
    if specificity(&report.kind) > specificity(&incident.kind) {
        incident.kind.clone_from(&report.kind);
    }
    incident.timing = match (incident.timing, report.timing) {
        (Some(mine), Some(theirs)) => Some(mine.narrower(theirs)),
        (mine, theirs) => mine.or(theirs),
    };
    incident.place.merge(&report.place);
    for actor in &report.perpetrators {
        if !incident.perpetrators.contains(actor) {
            incident.perpetrators.push(actor.clone());
        }
    }
    for person in &report.people {
        if !incident.people.contains(person) {
            incident.people.push(person.clone());
        }
    }
    incident.written_after = incident.written_after.max(report.written_after);
    for age in &report.ages {
        if !incident.ages.contains(age) {
            incident.ages.push(*age);
        }
    }
    incident.reports.push(index);
    // A document's reports all carry its words: they are added with its first report.
    if !incident.docs.contains(&report.doc) {
        incident.keywords.extend(report.keywords.iter().cloned());
        incident.keywords.sort_unstable();
        incident.keywords.dedup();
        incident.docs.push(report.doc.clone());
    }
    if let Some(count) = report.killed {
        let value = count.min.or(count.max);
        incident.killed.max = incident.killed.max.max(value);
    }
}

/// Sets the id and the figures once every report has joined.
fn finish(incident: &mut Incident, reports: &[Report]) {
    let anchor = incident.reports.iter().map(|&index| &reports[index]).min_by(|a, b| {
        (a.published.is_none(), a.published, &a.doc, &a.id).cmp(&(
            b.published.is_none(),
            b.published,
            &b.doc,
            &b.id,
        ))
    });
    if let Some(anchor) = anchor {
        incident.id = DocId::from_content(&format!("incident\u{1f}{}", anchor.id)).to_string();
    }
    incident.killed = figures(incident, reports, |report| report.killed);
    incident.injured = figures(incident, reports, |report| report.injured);
    incident.injured.best = injured_still_alive(incident, reports);
}

/// The injured `best`, less the people who died after it was told: news first counts a
/// victim as wounded ("a girl was shot Monday") and later as dead ("the girl has died"), and a
/// person is either, never both. When reports published after the latest injured figure give
/// more dead than the reports up to it, the rise is taken off the injured.
fn injured_still_alive(incident: &Incident, reports: &[Report]) -> Option<u32> {
    let injured_best = incident.injured.best?;
    // Documents that count people hurt and no one dead ("a boy was shot Friday") beside
    // documents that count the dead: the first did not know who would die, and the people
    // they count hurt include the dead the others count. Only documents that count both know
    // who lived.
    let tells_dead = |doc: &str| incident.killed.reports.iter().any(|figure| figure.doc == doc);
    let informed = incident.injured.reports.iter().any(|figure| tells_dead(&figure.doc));
    if !informed && !incident.killed.reports.is_empty() {
        return Some(injured_best.saturating_sub(incident.killed.best.unwrap_or(0)));
    }
    let published_of = |figure: &ReportFigure| {
        incident
            .reports
            .iter()
            .map(|&index| &reports[index])
            .find(|report| report.id == figure.event)?
            .published
    };
    let lower = |count: &Count| count.min.or(count.max).unwrap_or(0);
    let injured_told = incident.injured.reports.iter().map(published_of).max().flatten();
    let killed_after: Vec<&ReportFigure> =
        incident.killed.reports.iter().filter(|figure| published_of(figure) > injured_told).collect();
    if killed_after.is_empty() {
        return Some(injured_best);
    }
    let killed_then = incident
        .killed
        .reports
        .iter()
        .filter(|figure| published_of(figure) <= injured_told)
        .map(|figure| lower(&figure.count))
        .max()
        .unwrap_or(0);
    let killed_later = killed_after.iter().map(|figure| lower(&figure.count)).max().unwrap_or(0);
    Some(injured_best.saturating_sub(killed_later.saturating_sub(killed_then)))
}

fn figures(incident: &Incident, reports: &[Report], count_of: impl Fn(&Report) -> Option<Count>) -> Figures {
    let mut figures = Figures::default();
    let mut latest: Option<NaiveDate> = None;
    for &index in &incident.reports {
        let report = &reports[index];
        let Some(count) = count_of(report) else { continue };
        figures.reports.push(ReportFigure { event: report.id.clone(), doc: report.doc.clone(), count });
        let low = count.min.or(count.max);
        let high = count.max.or(count.min);
        figures.min = match (figures.min, low) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        figures.max = figures.max.max(high);
        if report.published > latest {
            latest = report.published;
        }
    }
    figures.best = incident
        .reports
        .iter()
        .map(|&index| &reports[index])
        .filter(|report| report.published == latest)
        .filter_map(|report| count_of(report).and_then(|count| count.min.or(count.max)))
        .max();
    figures
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    fn place(country: &str, province: Option<&str>, locality: Option<&str>) -> Place {
        Place {
            country: Some(country.to_string()),
            province: province.map(str::to_string),
            locality: locality.map(str::to_string),
            spot: None,
            name: locality.or(province).map(str::to_string),
        }
    }

    fn report(id: &str, published: &str, kind: &str, day: Option<&str>, place: Place) -> Report {
        Report {
            id: id.to_string(),
            doc: format!("doc-{id}"),
            published: Some(date(published)),
            kind: kind.to_string(),
            timing: day.map(|day| Timing::day(date(day))),
            place,
            perpetrators: vec![],
            people: vec![],
            killed: None,
            injured: None,
            from_duplicate: false,
            written_after: None,
            ages: vec![],
            undated: day.is_none(),
            keywords: vec![],
        }
    }

    fn moscow() -> Place {
        place("RU", Some("48"), Some("524901"))
    }

    #[test]
    fn reports_of_one_attack_merge_and_keep_every_figure() {
        let mut first = report("a", "2024-03-23", "armed_assault", Some("2024-03-22"), moscow());
        first.killed = Some(Count { min: Some(130), max: None });
        first.perpetrators = vec!["iskp".into()];
        let mut second = report("b", "2024-03-25", "attack", Some("2024-03-22"), moscow());
        second.killed = Some(Count { min: Some(140), max: None });
        let mut vague = report("c", "2024-04-02", "attack", None, moscow());
        vague.perpetrators = vec!["iskp".into()];
        let elsewhere =
            report("d", "2024-01-04", "bombing", Some("2024-01-03"), place("IR", Some("29"), Some("113646")));
        let incidents = fuse_incidents(&[first, second, vague, elsewhere]);
        assert_eq!(incidents.len(), 2, "{incidents:#?}");
        let moscow = incidents.iter().find(|incident| incident.reports.len() == 3);
        let Some(moscow) = moscow else { panic!("no merged incident: {incidents:#?}") };
        assert_eq!(moscow.kind, "armed_assault");
        assert_eq!(
            (moscow.killed.min, moscow.killed.max, moscow.killed.best),
            (Some(130), Some(140), Some(140))
        );
        assert_eq!(moscow.killed.reports.len(), 2);
    }

    #[test]
    fn an_article_coming_back_to_its_story_is_one_incident_but_another_article_needs_more() {
        let main = report("a", "2024-03-23", "armed_assault", Some("2024-03-22"), moscow());
        // "More than 130 were killed in the deadliest attack in Russia": no date of its own, so
        // the weeks before publication.
        let mut back = report("b", "2024-03-23", "attack", None, place("RU", None, None));
        back.doc = main.doc.clone();
        back.timing = Some(Timing { start: date("2024-02-22"), end: date("2024-03-23") });
        back.killed = Some(Count { min: Some(130), max: None });
        assert_eq!(fuse_incidents(&[main.clone(), back.clone()]).len(), 1);
        // The same sentence in another article names no place, day or actor in common.
        back.doc = "doc-other".into();
        assert_eq!(fuse_incidents(&[main.clone(), back.clone()]).len(), 2);
        // A date of its own is a story of its own: no bonus for sharing the article.
        let mut other_day = report("c", "2024-03-23", "attack", Some("2024-03-10"), place("RU", None, None));
        other_day.doc = main.doc.clone();
        assert_eq!(fuse_incidents(&[main, other_day]).len(), 2);
    }

    #[test]
    fn a_claim_joins_the_attack_its_article_tells_but_not_another_article_s() {
        let attack =
            report("a", "2024-01-04", "bombing", Some("2024-01-03"), place("IR", None, Some("kerman")));
        // "Islamic State claimed responsibility the following day": no place, another day.
        let mut claim = report("b", "2024-01-04", "claim", Some("2024-01-04"), Place::default());
        claim.doc = attack.doc.clone();
        claim.perpetrators = vec!["islamic-state".into()];
        let fused = fuse_incidents(&[claim.clone(), attack.clone()]);
        assert_eq!(fused.len(), 1);
        assert_eq!(fused[0].kind, "bombing");
        assert_eq!(fused[0].perpetrators, ["islamic-state"]);
        // In another article it needs evidence like any report.
        claim.doc = "doc-other".into();
        assert_eq!(fuse_incidents(&[claim.clone(), attack.clone()]).len(), 2);
        // A claim never joins what contradicts it: an attack of another country.
        claim.doc = attack.doc.clone();
        claim.place = place("IQ", None, None);
        assert_eq!(fuse_incidents(&[claim, attack]).len(), 2);
    }

    #[test]
    fn a_victim_told_wounded_then_dead_is_counted_once() {
        let yonkers = place("US", Some("US.NY"), Some("5145215"));
        let check = |later_killed: u32, later_injured: Option<u32>, expected: (Option<u32>, Option<u32>)| {
            let mut first = report("a", "2015-06-01", "armed_assault", Some("2015-06-01"), yonkers.clone());
            first.injured = Some(Count { min: Some(2), max: Some(2) });
            first.people = vec!["a victim".into()];
            let mut later = report("b", "2015-06-03", "armed_assault", Some("2015-06-01"), yonkers.clone());
            later.killed = Some(Count { min: Some(later_killed), max: Some(later_killed) });
            later.injured = later_injured.map(|n| Count { min: Some(n), max: Some(n) });
            later.people = vec!["a victim".into()];
            let incidents = fuse_incidents(&[first, later]);
            assert_eq!(incidents.len(), 1, "{incidents:#?}");
            assert_eq!((incidents[0].killed.best, incidents[0].injured.best), expected);
        };
        // Two wounded, one of them later dead: one killed, one hurt.
        check(1, None, (Some(1), Some(1)));
        // The later report counts the hurt itself: its figure stands.
        check(1, Some(2), (Some(1), Some(2)));
    }

    #[test]
    fn people_shot_in_a_story_that_knows_no_death_include_the_dead_others_count() {
        let naples = place("US", Some("US.FL"), Some("4165565"));
        let check = |killed_doc_injured: Option<u32>, expected: (Option<u32>, Option<u32>)| {
            // Published the same day: "a teen was shot at the mall" and "a 17-year-old died".
            let mut shot = report("a", "2016-08-16", "armed_assault", Some("2016-08-15"), naples.clone());
            shot.injured = Some(Count { min: Some(1), max: Some(1) });
            shot.people = vec!["thomas-lane".into()];
            let mut died = report("b", "2016-08-16", "armed_assault", Some("2016-08-15"), naples.clone());
            died.killed = Some(Count { min: Some(1), max: Some(1) });
            died.injured = killed_doc_injured.map(|n| Count { min: Some(n), max: Some(n) });
            died.people = vec!["thomas-lane".into()];
            let incidents = fuse_incidents(&[shot, died]);
            assert_eq!(incidents.len(), 1, "{incidents:#?}");
            assert_eq!((incidents[0].killed.best, incidents[0].injured.best), expected);
        };
        check(None, (Some(1), Some(0)));
        // A document that counts the dead and the hurt knows who lived.
        check(Some(1), (Some(1), Some(1)));
    }

    #[test]
    fn a_country_only_report_fits_a_city_in_it_but_not_two_cities() {
        let kerman = place("IR", Some("29"), Some("kerman"));
        let mut country_only =
            report("b", "2024-01-05", "bombing", Some("2024-01-03"), place("IR", None, None));
        country_only.perpetrators = vec!["iskp".into()];
        let mut first = report("a", "2024-01-04", "bombing", Some("2024-01-03"), kerman);
        first.perpetrators = vec!["iskp".into()];
        let other_city =
            report("c", "2024-01-04", "bombing", Some("2024-01-03"), place("IR", Some("23"), Some("tehran")));
        let incidents = fuse_incidents(&[first, country_only, other_city]);
        assert_eq!(incidents.len(), 2, "{incidents:#?}");
        assert!(incidents.iter().any(|incident| incident.reports.len() == 2));
    }

    #[test]
    fn a_street_does_not_contradict_the_town_and_equal_streets_agree() {
        let houston = place("US", Some("US.TX"), Some("4699066"));
        let town = report("a", "2015-07-31", "armed_assault", Some("2015-07-30"), houston.clone());
        let mut street =
            report("b", "2015-07-31", "armed_assault", Some("2015-07-30"), place("US", Some("US.TX"), None));
        street.place.spot = Some("walnut street".into());
        let mut other_town = report(
            "c",
            "2015-07-31",
            "armed_assault",
            Some("2015-07-30"),
            place("US", Some("US.TX"), Some("4702732")),
        );
        other_town.place.spot = Some("walnut street".into());
        let incidents = fuse_incidents(&[town, street, other_town]);
        // The street joins Houston (same day, state and country); Katy stays apart, its equal
        // street name notwithstanding, since two towns contradict.
        assert_eq!(incidents.len(), 2, "{incidents:#?}");
        assert!(incidents.iter().any(|incident| incident.reports == vec![0, 1]), "{incidents:#?}");
    }

    #[test]
    fn the_same_person_on_the_same_day_outweighs_two_towns_but_not_two_states_or_days() {
        let town = |id: &str| place("US", Some("US.TX"), Some(id));
        let mut city = report("a", "2015-11-06", "armed_assault", Some("2015-11-06"), town("4699066"));
        city.people = vec!["veronica mercado".into()];
        // The gazetteer took a street for a town of the same name.
        let mut misread = report("b", "2015-11-09", "armed_assault", Some("2015-11-06"), town("4690000"));
        misread.people = vec!["veronica mercado".into()];
        let mut other_day = report("c", "2015-11-20", "armed_assault", Some("2015-11-19"), town("4690001"));
        other_day.people = vec!["veronica mercado".into()];
        let mut other_state = report(
            "d",
            "2015-11-07",
            "armed_assault",
            Some("2015-11-06"),
            place("US", Some("US.LA"), Some("4330000")),
        );
        other_state.people = vec!["veronica mercado".into()];
        let unnamed = report("e", "2015-11-07", "armed_assault", Some("2015-11-06"), town("4690002"));
        let incidents = fuse_incidents(&[city, misread, other_day, other_state, unnamed]);
        assert_eq!(incidents.len(), 4, "{incidents:#?}");
        assert!(incidents.iter().any(|incident| incident.reports == vec![0, 1]), "{incidents:#?}");
    }

    #[test]
    fn articles_leading_with_the_same_uncommon_names_are_one_incident() {
        let day = Some("2016-09-11");
        let words = |list: &[&str]| list.iter().map(|word| word.to_string()).collect::<Vec<String>>();
        let mut placed =
            report("a", "2016-09-11", "armed_assault", day, place("US", Some("US.WI"), Some("5263045")));
        placed.keywords = words(&["i-43", "keefe", "milwaukee"]);
        let mut unplaced = report("b", "2016-09-13", "armed_assault", day, Place::default());
        unplaced.keywords = words(&["i-43", "keefe", "glendale"]);
        let mut other = report("c", "2016-09-12", "armed_assault", day, Place::default());
        other.keywords = words(&["milwaukee", "silver"]);
        // Many other documents lead with Milwaukee: it is not distinctive.
        let mut reports = vec![placed, unplaced, other];
        for index in 0..6 {
            let mut filler = report(&format!("z{index}"), "2016-01-01", "arrest", None, Place::default());
            filler.keywords = words(&["milwaukee"]);
            reports.push(filler);
        }
        let incidents = fuse_incidents(&reports);
        assert!(incidents.iter().any(|incident| incident.reports == vec![0, 1]), "{incidents:#?}");
        assert!(incidents.iter().any(|incident| incident.reports == vec![2]), "{incidents:#?}");
    }

    #[test]
    fn an_undated_report_of_an_undated_document_counts_a_recent_incident_in_its_favour() {
        let kabul = place("AF", Some("AF.13"), Some("1138958"));
        let mut dated = report("a", "2024-04-02", "attack", Some("2021-08-26"), place("AF", None, None));
        dated.perpetrators = vec!["iskp".into()];
        let mut undated = report("b", "2000-01-01", "bombing", None, kabul);
        undated.published = None;
        undated.perpetrators = vec!["iskp".into()];
        // Country 1 and perpetrator 2: not enough alone.
        assert_eq!(fuse_incidents(&[dated.clone(), undated.clone()]).len(), 2);
        // Written on or after January 2017, so the 2021 attack is among what it may call recent.
        undated.written_after = NaiveDate::from_ymd_opt(2017, 1, 1);
        assert_eq!(fuse_incidents(&[dated.clone(), undated.clone()]).len(), 1);
        // Dated only by its year, the dated report comes after the undated ones, and meets
        // their incident: the bound counts from that side too.
        dated.timing = Some(Timing { start: date("2021-01-01"), end: date("2021-12-31") });
        let mut other_undated = undated.clone();
        other_undated.id = "c".into();
        assert_eq!(fuse_incidents(&[dated.clone(), undated.clone(), other_undated]).len(), 1);
        // Written after the incident ended: no point, but no contradiction either.
        undated.written_after = NaiveDate::from_ymd_opt(2022, 1, 1);
        assert_eq!(fuse_incidents(&[dated, undated]).len(), 2);
    }

    #[test]
    fn adding_reports_leaves_the_ids_of_untouched_incidents_unchanged() {
        let kerman = place("IR", Some("29"), Some("113646"));
        let before = vec![
            report("a", "2024-03-23", "bombing", Some("2024-03-22"), moscow()),
            report("b", "2024-01-04", "bombing", Some("2024-01-03"), kerman.clone()),
            report("c", "2024-01-05", "bombing", Some("2024-01-03"), kerman),
        ];
        let ids = |incidents: &[Incident]| {
            let mut ids: Vec<String> = incidents.iter().map(|incident| incident.id.clone()).collect();
            ids.sort();
            ids
        };
        let first = fuse_incidents(&before);
        let mut after = before.clone();
        // A later report of the Moscow attack, and a new incident elsewhere.
        after.push(report("d", "2024-03-25", "bombing", Some("2024-03-22"), moscow()));
        after.push(report(
            "e",
            "2024-05-02",
            "bombing",
            Some("2024-05-01"),
            place("AF", None, Some("kabul")),
        ));
        let second = fuse_incidents(&after);
        assert_eq!(second.len(), 3, "{second:#?}");
        let kept = ids(&second);
        assert!(ids(&first).iter().all(|id| kept.contains(id)), "{first:#?} {second:#?}");
    }

    #[test]
    fn blocking_by_week_gives_what_comparing_every_incident_gives() {
        // Days spread over two months, some reports with no date or only a year, two countries
        // and some with none: blocking must change nothing but the time it takes.
        let mut reports = Vec::new();
        for n in 0..60u32 {
            let when = format!("2024-{:02}-{:02}", 2 + n % 2, 1 + (n * 7) % 28);
            let mut one = report(&format!("r{n}"), "2024-04-30", "bombing", Some(&when), moscow());
            match n % 5 {
                1 => one.timing = None,
                2 => one.timing = Some(Timing { start: date("2024-01-01"), end: date("2024-12-31") }),
                3 => one.place = place("IR", Some("29"), Some("113646")),
                4 => one.place = Place::default(),
                _ => {}
            }
            one.ages = vec![n % 3];
            reports.push(one);
        }
        let shape = |incidents: Vec<Incident>| {
            incidents.into_iter().map(|incident| (incident.id, incident.reports)).collect::<Vec<_>>()
        };
        let blocked = shape(fuse(&reports, true));
        assert_eq!(blocked, shape(fuse(&reports, false)));
        assert!(blocked.len() > 1 && blocked.len() < reports.len(), "{blocked:?}");
    }

    #[test]
    fn different_days_or_types_stay_apart() {
        let first = report("a", "2024-03-23", "bombing", Some("2024-03-22"), moscow());
        let later = report("b", "2024-03-30", "bombing", Some("2024-03-29"), moscow());
        let arrest = report("c", "2024-03-23", "arrest", Some("2024-03-22"), moscow());
        assert_eq!(fuse_incidents(&[first, later, arrest]).len(), 3);
    }

    #[test]
    fn ids_do_not_depend_on_order_and_survive_later_reports() {
        let first = report("a", "2024-03-23", "bombing", Some("2024-03-22"), moscow());
        let second = report("b", "2024-03-24", "bombing", Some("2024-03-22"), moscow());
        let alone = fuse_incidents(std::slice::from_ref(&first));
        let both = fuse_incidents(&[second.clone(), first.clone()]);
        let reversed = fuse_incidents(&[first, second]);
        assert_eq!(alone[0].id, both[0].id);
        assert_eq!(both[0].id, reversed[0].id);
    }

    /// Fuses `reports` in batches of `sizes` through [`fuse_more`], each batch meeting the
    /// stored incidents of the blocks it searches, as the store does.
    fn fused_in_batches(reports: &[Report], sizes: &[usize]) -> Vec<StoredIncident> {
        let mut stored: Vec<StoredIncident> = Vec::new();
        let mut next = 0;
        for &size in sizes {
            let batch = reports[next..next + size].to_vec();
            next += size;
            let search = blocks_to_search(&batch);
            let (loaded, kept): (Vec<StoredIncident>, Vec<StoredIncident>) =
                stored.into_iter().partition(|incident| match &search {
                    Some(blocks) => incident.blocks().iter().any(|block| blocks.contains(block)),
                    None => true,
                });
            let update = fuse_more(loaded.clone(), batch);
            stored = kept;
            stored.extend(
                loaded.into_iter().filter(|incident| !update.replaced.contains(&incident.incident.id)),
            );
            stored.extend(update.changed);
        }
        stored.sort_by(|a, b| (a.incident.timing, &a.incident.id).cmp(&(b.incident.timing, &b.incident.id)));
        stored
    }

    #[test]
    fn later_reports_update_stored_incidents_in_place() {
        let mut first = report("a", "2024-03-23", "armed_assault", Some("2024-03-22"), moscow());
        first.killed = Some(Count { min: Some(130), max: None });
        let iran =
            report("d", "2024-01-04", "bombing", Some("2024-01-03"), place("IR", Some("29"), Some("113646")));
        let mut second = report("b", "2024-03-25", "attack", Some("2024-03-22"), moscow());
        second.killed = Some(Count { min: Some(140), max: None });
        let all = [first.clone(), iran.clone(), second.clone()];
        let at_once = fuse_incidents(&all);
        let in_two = fused_in_batches(&all, &[2, 1]);
        let shape = |incidents: Vec<(String, Vec<String>, Option<u32>)>| incidents;
        let of_batch = shape(
            at_once
                .iter()
                .map(|incident| {
                    let ids = incident.reports.iter().map(|&index| all[index].id.clone()).collect();
                    (incident.id.clone(), ids, incident.killed.best)
                })
                .collect(),
        );
        let of_stored = shape(
            in_two
                .iter()
                .map(|stored| {
                    let ids = stored
                        .incident
                        .reports
                        .iter()
                        .map(|&index| stored.reports[index].id.clone())
                        .collect();
                    (stored.incident.id.clone(), ids, stored.incident.killed.best)
                })
                .collect(),
        );
        assert_eq!(of_stored, of_batch);
        assert_eq!(of_stored.len(), 2);
        // The later report changed only the Moscow incident, and its id is the one the first
        // batch gave it.
        let before = fused_in_batches(&all[..2], &[2]);
        let update = fuse_more(before.clone(), vec![second]);
        let moscow_before = before.iter().find(|stored| stored.incident.place == moscow());
        let Some(moscow_before) = moscow_before else { panic!("no Moscow incident: {before:#?}") };
        assert_eq!(update.replaced, std::slice::from_ref(&moscow_before.incident.id));
        assert_eq!(update.changed.len(), 1);
        assert_eq!(update.changed[0].incident.id, moscow_before.incident.id);
        assert_eq!(update.changed[0].incident.killed.best, Some(140));
    }

    #[test]
    fn fusing_in_batches_agrees_with_fusing_at_once_on_news_in_order() {
        // Sixty reports of many days, places and precisions, arriving in publication order.
        let mut reports = Vec::new();
        for n in 0..60u32 {
            let day = 1 + (n * 7) % 28;
            let when = format!("2024-03-{day:02}");
            let published = format!("2024-04-{:02}", 1 + n / 3);
            let mut one = report(&format!("r{n:02}"), &published, "bombing", Some(&when), moscow());
            match n % 4 {
                1 => one.place = place("IR", Some("29"), Some("113646")),
                2 => one.kind = "arrest".to_string(),
                _ => {}
            }
            one.ages = vec![n % 3];
            reports.push(one);
        }
        let shape = |pairs: Vec<(String, Vec<String>)>| {
            let mut pairs = pairs;
            pairs.sort();
            pairs
        };
        let at_once = shape(
            fuse_incidents(&reports)
                .into_iter()
                .map(|incident| {
                    (incident.id, incident.reports.iter().map(|&index| reports[index].id.clone()).collect())
                })
                .collect(),
        );
        for sizes in [[60, 0, 0, 0], [20, 20, 10, 10], [1, 29, 15, 15]] {
            let stored = fused_in_batches(&reports, &sizes);
            let in_batches = shape(
                stored
                    .into_iter()
                    .map(|stored| {
                        let ids =
                            stored.incident.reports.iter().map(|&index| stored.reports[index].id.clone());
                        (stored.incident.id, ids.collect())
                    })
                    .collect(),
            );
            assert_eq!(in_batches, at_once, "batches of {sizes:?}");
        }
        assert!(at_once.len() > 3 && at_once.len() < reports.len(), "{at_once:?}");
    }
}
