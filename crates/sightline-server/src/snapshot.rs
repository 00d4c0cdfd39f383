//! The in-memory view the server answers from: every document's metadata, every entity, event,
//! quote, relation and incident, and which of them each stretch of each document gives.
//!
//! Analysing a document takes milliseconds and fusing entities and incidents needs every
//! document, so neither can happen per request. The snapshot runs the same corpus pass as
//! `sightline export` ([`Corpus`] over the documents' stored analyses, in the store's order, so
//! ids agree with the export) once at startup and again after an ingest over HTTP, which
//! analyses only the new documents; handlers only look things up. Document
//! texts stay in the store: they are the bulk of a corpus and one indexed read per document page
//! costs well under a millisecond.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use sightline_contract::IncidentRecord;
use sightline_core::{DocId, DocKind, Document};
use sightline_pipeline::analysis::{normalise_name, Analyzer, Entity, EntityKind};
use sightline_pipeline::corpus::Corpus;
use sightline_pipeline::dataset::{self, Dataset};
use sightline_pipeline::facts::add_stored_documents;
use sightline_pipeline::records::entity_record;
use sightline_store::Store;

use crate::map::{MapView, TimelineView};

/// What a listing shows of a document, without its text.
#[derive(Debug, Clone)]
pub struct DocumentSummary {
    /// Its id.
    pub id: DocId,
    /// The headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Article, listing or story.
    pub kind: DocKind,
    /// The path or URL it was read from, for display.
    pub source: String,
    /// ISO 639-1 language code.
    pub language: Option<String>,
    /// Length of the clean text in chars.
    pub text_chars: usize,
    /// The earlier document this one nearly copies, with the estimated similarity.
    pub duplicate_of: Option<(String, f64)>,
}

/// One mention of an entity inside a document, in chars of the clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentMention {
    /// Index of the entity in [`Snapshot::entities`].
    pub entity: usize,
    /// Index of the mention in that entity's `mentions`.
    pub mention: usize,
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
}

/// An incident's place as shown: its name, and (latitude, longitude) when the place is known.
pub type IncidentPlace = (Option<String>, Option<(f64, f64)>);

/// The server's read-only view of the store.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Every document, latest published first (undated last), then by id.
    pub documents: Vec<DocumentSummary>,
    /// Every entity, ordered by kind and name.
    pub entities: Vec<Entity>,
    /// Per document (same order as `documents`): its mentions, in text order.
    pub mentions: Vec<Vec<DocumentMention>>,
    /// Per entity: the documents that mention it, as indexes into `documents`, in their order.
    pub entity_documents: Vec<Vec<usize>>,
    /// Entity indexes, most mentioned first.
    pub most_mentioned: Vec<usize>,
    /// Per entity: its name and aliases normalised and joined by U+001F, for name filters.
    pub name_keys: Vec<String>,
    /// Events, quotes, relations, facts and incidents as contract records; its entities are
    /// `entities` in the same order, without their mentions (those stay in `entities`).
    pub data: Dataset,
    /// Per document: its events, as indexes into `data.events`, in text order.
    pub document_events: Vec<Vec<usize>>,
    /// Per document: its quotes, as indexes into `data.quotes`, in text order.
    pub document_quotes: Vec<Vec<usize>>,
    /// Per document: the relations its text states, as indexes into `data.relations`.
    pub document_relations: Vec<Vec<usize>>,
    /// Per document: its facts about actors, as indexes into `data.facts`.
    pub document_facts: Vec<Vec<usize>>,
    /// Per document: the incidents it reports, as indexes into `data.incidents`.
    pub document_incidents: Vec<Vec<usize>>,
    /// Per event: the incident it belongs to.
    pub event_incident: Vec<Option<usize>>,
    /// Per entity: the incidents that name it as perpetrator, target or place.
    pub entity_incidents: Vec<Vec<usize>>,
    /// Per quote: its text in lower case, for word filters.
    pub quote_lowers: Vec<String>,
    /// Per entity: the quotes it speaks.
    pub entity_quotes: Vec<Vec<usize>>,
    /// Per entity: the relations it is the subject or object of.
    pub entity_relations: Vec<Vec<usize>>,
    /// Per entity: the facts about it.
    pub entity_facts: Vec<Vec<usize>>,
    /// Incident indexes, latest first (undated last), then by id.
    pub latest_incidents: Vec<usize>,
    /// Per incident: the name of its place and the place's coordinates, looked up once (maps
    /// and tables need them for every incident on every request).
    pub incident_places: Vec<IncidentPlace>,
    /// The overview's map and timeline of every incident, drawn on the first request that needs
    /// them (they depend on nothing but the snapshot).
    pub overview: OnceLock<(MapView, TimelineView)>,
    document_by_id: HashMap<DocId, usize>,
    entity_by_id: HashMap<String, usize>,
    incident_by_id: HashMap<String, usize>,
}

impl Snapshot {
    /// Reads every stored document with its stored analysis (analysing those with none by this
    /// build), then fuses entities and incidents across them.
    pub fn build(store: &Store, analyzer: &Analyzer) -> Result<Snapshot, sightline_store::Error> {
        let mut documents = Vec::new();
        let mut corpus = Corpus::new();
        add_stored_documents(store, analyzer, &mut corpus, &mut |document, duplicate| {
            let mut summary = summary_of(document);
            summary.duplicate_of = duplicate;
            documents.push(summary);
            Ok(())
        })?;
        let output = sightline_pipeline::fusion::finish_from_store(store, corpus, analyzer);
        let records = output
            .entities
            .iter()
            .map(|entity| {
                let mut record = entity_record(entity);
                record.mentions = Vec::new();
                record
            })
            .collect();
        let summaries = documents
            .iter()
            .map(|document| dataset::DocumentSummary {
                id: document.id.to_string(),
                title: document.title.clone(),
                published: document.published.map(|date| date.format("%Y-%m-%d").to_string()),
                url: Some(document.source.clone()).filter(|source| source.contains("://")),
            })
            .collect();
        let data = Dataset::from_records(summaries, records, output.records, output.incidents);
        Ok(Snapshot::from_parts(documents, output.entities, data))
    }

    /// Indexes documents, entities and facts for lookups.
    fn from_parts(mut documents: Vec<DocumentSummary>, entities: Vec<Entity>, data: Dataset) -> Snapshot {
        documents.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.id.cmp(&b.id)));
        let document_by_id: HashMap<DocId, usize> =
            documents.iter().enumerate().map(|(index, document)| (document.id.clone(), index)).collect();
        let entity_by_id: HashMap<String, usize> =
            entities.iter().enumerate().map(|(index, entity)| (entity.id.clone(), index)).collect();
        let mut mentions: Vec<Vec<DocumentMention>> = vec![Vec::new(); documents.len()];
        let mut entity_documents: Vec<Vec<usize>> = Vec::with_capacity(entities.len());
        for (entity_index, entity) in entities.iter().enumerate() {
            let mut seen: Vec<usize> = Vec::new();
            for (mention_index, mention) in entity.mentions.iter().enumerate() {
                let Some(&document) = document_by_id.get(&mention.doc) else { continue };
                mentions[document].push(DocumentMention {
                    entity: entity_index,
                    mention: mention_index,
                    start: mention.start,
                    end: mention.end,
                });
                seen.push(document);
            }
            seen.sort_unstable();
            seen.dedup();
            entity_documents.push(seen);
        }
        for list in &mut mentions {
            list.sort_by_key(|mention| (mention.start, std::cmp::Reverse(mention.end)));
        }
        let mut most_mentioned: Vec<usize> = (0..entities.len()).collect();
        most_mentioned.sort_by_key(|&index| (std::cmp::Reverse(entities[index].mentions.len()), index));
        let name_keys = entities
            .iter()
            .map(|entity| {
                let forms: Vec<String> = std::iter::once(&entity.name)
                    .chain(&entity.aliases)
                    .map(|form| normalise_name(form))
                    .collect();
                forms.join("\u{1f}")
            })
            .collect();

        let document_of = |id: &str| DocId::parse(id).and_then(|id| document_by_id.get(&id).copied());
        let entity_of = |id: Option<&str>| id.and_then(|id| entity_by_id.get(id).copied());
        let push = |lists: &mut Vec<Vec<usize>>, at: Option<usize>, value: usize| {
            if let Some(list) = at.and_then(|at| lists.get_mut(at)) {
                // Values arrive in increasing order for every list built here, so a repeat can
                // only be the last one.
                if list.last() != Some(&value) {
                    list.push(value);
                }
            }
        };
        let mut document_events = vec![Vec::new(); documents.len()];
        for (index, event) in data.events.iter().enumerate() {
            push(&mut document_events, document_of(&event.doc), index);
        }
        let mut document_quotes = vec![Vec::new(); documents.len()];
        let mut entity_quotes = vec![Vec::new(); entities.len()];
        for (index, quote) in data.quotes.iter().enumerate() {
            push(&mut document_quotes, document_of(&quote.doc), index);
            push(&mut entity_quotes, entity_of(quote.speaker.as_deref()), index);
        }
        let span_start =
            |event: usize| data.events[event].evidence.first().map_or(0, |evidence| evidence.start);
        for list in &mut document_events {
            list.sort_by_key(|&event| span_start(event));
        }
        for list in &mut document_quotes {
            list.sort_by_key(|&quote| data.quotes[quote].start);
        }
        let quote_lowers = data.quotes.iter().map(|quote| quote.text.to_lowercase()).collect();
        let mut entity_relations = vec![Vec::new(); entities.len()];
        let mut document_relations = vec![Vec::new(); documents.len()];
        for (index, relation) in data.relations.iter().enumerate() {
            for evidence in &relation.evidence {
                push(&mut document_relations, document_of(&evidence.doc), index);
            }
            push(&mut entity_relations, entity_of(Some(&relation.subject)), index);
            push(&mut entity_relations, entity_of(Some(&relation.object)), index);
        }
        let mut entity_facts = vec![Vec::new(); entities.len()];
        let mut document_facts = vec![Vec::new(); documents.len()];
        for (index, fact) in data.facts.iter().enumerate() {
            push(&mut document_facts, document_of(&fact.doc), index);
            push(&mut entity_facts, entity_of(fact.subject.as_deref()), index);
        }
        let mut document_incidents = vec![Vec::new(); documents.len()];
        let mut entity_incidents = vec![Vec::new(); entities.len()];
        let mut event_incident = vec![None; data.events.len()];
        for (index, incident) in data.incidents.iter().enumerate() {
            for doc in &incident.docs {
                push(&mut document_incidents, document_of(doc), index);
            }
            for perpetrator in &incident.perpetrators {
                push(&mut entity_incidents, entity_of(Some(perpetrator)), index);
            }
            let place = incident.location.as_ref().and_then(|location| location.entity.as_deref());
            push(&mut entity_incidents, entity_of(place), index);
            for event in incident.events.iter().filter_map(|id| data.event_position(id)) {
                event_incident[event] = Some(index);
                let event = &data.events[event];
                // The same entities the `actor` filter looks at, so an entity's page and
                // `/api/incidents?actor=ID` list the same incidents.
                for participant in event.perpetrators.iter().chain(&event.targets) {
                    push(&mut entity_incidents, entity_of(participant.entity.as_deref()), index);
                }
                let place = event.location.as_ref().and_then(|location| location.entity.as_deref());
                push(&mut entity_incidents, entity_of(place), index);
            }
        }
        let mut latest_incidents: Vec<usize> = (0..data.incidents.len()).collect();
        latest_incidents.sort_by(|&a, &b| {
            let (a, b) = (&data.incidents[a], &data.incidents[b]);
            incident_sort_key(b).cmp(&incident_sort_key(a)).then_with(|| a.id.cmp(&b.id))
        });
        let incident_by_id =
            data.incidents.iter().enumerate().map(|(index, incident)| (incident.id.clone(), index)).collect();
        let incident_places = data
            .incidents
            .iter()
            .map(|incident| (data.place_name(incident).map(str::to_string), data.coordinates(incident)))
            .collect();
        Snapshot {
            documents,
            entities,
            name_keys,
            mentions,
            entity_documents,
            most_mentioned,
            data,
            document_events,
            document_quotes,
            document_relations,
            document_facts,
            document_incidents,
            event_incident,
            entity_incidents,
            entity_quotes,
            quote_lowers,
            entity_relations,
            entity_facts,
            latest_incidents,
            incident_places,
            overview: OnceLock::new(),
            document_by_id,
            entity_by_id,
            incident_by_id,
        }
    }

    /// The position of an incident in `data.incidents`.
    pub fn incident_index(&self, id: &str) -> Option<usize> {
        self.incident_by_id.get(id).copied()
    }

    /// The position of a document in `documents`.
    pub fn document_index(&self, id: &DocId) -> Option<usize> {
        self.document_by_id.get(id).copied()
    }

    /// The position of an entity in `entities`.
    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.entity_by_id.get(id).copied()
    }

    /// Number of entities of each kind, in kind order.
    pub fn entity_counts(&self) -> Vec<(EntityKind, usize)> {
        let mut counts: Vec<(EntityKind, usize)> = Vec::new();
        for entity in &self.entities {
            match counts.iter_mut().find(|(kind, _)| *kind == entity.kind) {
                Some((_, count)) => *count += 1,
                None => counts.push((entity.kind, 1)),
            }
        }
        counts.sort();
        counts
    }
}

fn summary_of(document: &Document) -> DocumentSummary {
    let source = document.source.url.clone().or_else(|| document.source.path.clone()).unwrap_or_default();
    DocumentSummary {
        id: document.id.clone(),
        title: document.title.clone(),
        published: document.published,
        kind: document.kind,
        source,
        language: document.language.clone(),
        text_chars: document.text.chars().count(),
        duplicate_of: None,
    }
}

/// An incident's date for ordering: its value as written ("2024", "2024-03", "2024-03-22" sort
/// by their first day), `None` (undated) before every date.
fn incident_sort_key(incident: &IncidentRecord) -> Option<&str> {
    incident.date.as_ref().and_then(|date| date.value.as_deref())
}

/// Parses the contract's name of an entity kind.
pub fn parse_kind(name: &str) -> Option<EntityKind> {
    [EntityKind::Person, EntityKind::Organization, EntityKind::Location, EntityKind::Misc]
        .into_iter()
        .find(|kind| kind.as_str() == name)
}
