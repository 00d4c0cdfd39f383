//! One view of an analysed corpus for every front end (the CSV, STIX and GeoJSON writers and the
//! server): contract records indexed by id, and the few derived values they share (an incident's
//! coordinates, targets and claim), so that no two of them can disagree.

use std::collections::HashMap;

use sightline_contract::{
    DocumentRecord, EntityRecord, EventRecord, FactRecord, IncidentRecord, QuoteRecord, Record,
    RelationRecord,
};

use crate::corpus::CorpusOutput;
use crate::records::entity_record;

/// What the front ends need of a document: not its text.
#[derive(Debug, Clone, Default)]
pub struct DocumentSummary {
    /// The document's id.
    pub id: String,
    /// Its headline.
    pub title: Option<String>,
    /// Publication date, YYYY-MM-DD.
    pub published: Option<String>,
    /// The URL it was read from.
    pub url: Option<String>,
}

impl DocumentSummary {
    /// The summary of an exported document record.
    pub fn from_record(record: DocumentRecord) -> DocumentSummary {
        DocumentSummary {
            id: record.id,
            title: record.title,
            published: record.published,
            url: record.source.url,
        }
    }
}

/// The corpus as contract records, in the order the analysis gave them (deterministic).
#[derive(Debug, Default)]
pub struct Dataset {
    /// Every document.
    pub documents: Vec<DocumentSummary>,
    /// Every entity.
    pub entities: Vec<EntityRecord>,
    /// Every event report.
    pub events: Vec<EventRecord>,
    /// Every quote.
    pub quotes: Vec<QuoteRecord>,
    /// Every relation between entities.
    pub relations: Vec<RelationRecord>,
    /// Every fact about an actor.
    pub facts: Vec<FactRecord>,
    /// Every incident, by date.
    pub incidents: Vec<IncidentRecord>,
    entity_index: HashMap<String, usize>,
    event_index: HashMap<String, usize>,
    document_index: HashMap<String, usize>,
    /// Location entities by lower-cased name and alias, for incidents whose place is not linked.
    places_by_name: HashMap<String, Vec<usize>>,
}

impl Dataset {
    /// The dataset of an analysed corpus.
    pub fn new(documents: Vec<DocumentSummary>, output: CorpusOutput) -> Dataset {
        let entities = output.entities.iter().map(entity_record).collect();
        Dataset::from_records(documents, entities, output.records, output.incidents)
    }

    /// The dataset of records already built; `records` may hold any kind, and those that are
    /// not events, quotes, relations or facts are left out.
    pub fn from_records(
        documents: Vec<DocumentSummary>,
        entities: Vec<EntityRecord>,
        records: Vec<Record>,
        incidents: Vec<IncidentRecord>,
    ) -> Dataset {
        let (mut events, mut quotes, mut relations, mut facts) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for record in records {
            match record {
                Record::Event(event) => events.push(event),
                Record::Quote(quote) => quotes.push(quote),
                Record::Relation(relation) => relations.push(relation),
                Record::Fact(fact) => facts.push(fact),
                _ => {}
            }
        }
        let index = |ids: Vec<&String>| ids.into_iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        let entity_index = index(entities.iter().map(|entity| &entity.id).collect());
        let event_index = index(events.iter().map(|event| &event.id).collect());
        let document_index = index(documents.iter().map(|document| &document.id).collect());
        let mut places_by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (position, entity) in entities.iter().enumerate() {
            if entity.entity_type != "location" {
                continue;
            }
            for name in std::iter::once(&entity.name).chain(&entity.aliases) {
                let list = places_by_name.entry(name.to_lowercase()).or_default();
                if !list.contains(&position) {
                    list.push(position);
                }
            }
        }
        Dataset {
            documents,
            entities,
            events,
            quotes,
            relations,
            facts,
            incidents,
            entity_index,
            event_index,
            document_index,
            places_by_name,
        }
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&EntityRecord> {
        self.entity_index.get(id).map(|&index| &self.entities[index])
    }

    /// The position of the entity with this id in `entities`.
    pub fn entity_position(&self, id: &str) -> Option<usize> {
        self.entity_index.get(id).copied()
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&DocumentSummary> {
        self.document_index.get(id).map(|&index| &self.documents[index])
    }

    /// The position of the event with this id in `events`.
    pub fn event_position(&self, id: &str) -> Option<usize> {
        self.event_index.get(id).copied()
    }

    /// The incident's event reports that the corpus still holds.
    pub fn events_of<'a>(&'a self, incident: &'a IncidentRecord) -> impl Iterator<Item = &'a EventRecord> {
        incident.events.iter().filter_map(|id| self.event_index.get(id).map(|&index| &self.events[index]))
    }

    /// The place entity an incident happened at: the linked one, else the one location entity
    /// whose name or alias is the place as named (and in the same country, when both say).
    /// Several candidates with different coordinates give none: a guess would invent a place.
    pub fn place_of(&self, incident: &IncidentRecord) -> Option<&EntityRecord> {
        let location = incident.location.as_ref()?;
        if let Some(entity) = location.entity.as_deref().and_then(|id| self.entity(id)) {
            return Some(entity);
        }
        let mut found: Option<&EntityRecord> = None;
        for &position in self.places_by_name.get(&location.name.to_lowercase())? {
            let entity = &self.entities[position];
            let same_country = match (&location.country, &entity.kb.country) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if !same_country {
                continue;
            }
            match found {
                None => found = Some(entity),
                Some(earlier) if (earlier.kb.lat, earlier.kb.lon) != (entity.kb.lat, entity.kb.lon) => {
                    return None
                }
                Some(_) => {}
            }
        }
        found
    }

    /// The place's name: the place entity's, which is what the coordinates are of (fusion may
    /// narrow "Afghanistan" to the town its documents name), else the place as named.
    pub fn place_name<'a>(&'a self, incident: &'a IncidentRecord) -> Option<&'a str> {
        let named = incident.location.as_ref().map(|location| location.name.as_str());
        self.place_of(incident).map(|place| place.name.as_str()).or(named)
    }

    /// `(lat, lon)` of the incident's place, when its entity has both.
    pub fn coordinates(&self, incident: &IncidentRecord) -> Option<(f64, f64)> {
        let place = self.place_of(incident)?;
        // The gazetteer stores single precision; five decimals (about a metre) is all it knows.
        let round = |degrees: f64| (degrees * 1e5).round() / 1e5;
        Some((round(place.kb.lat?), round(place.kb.lon?)))
    }

    /// True when a report says responsibility was claimed, false when reports only deny it,
    /// `None` when none says.
    pub fn claimed(&self, incident: &IncidentRecord) -> Option<bool> {
        let mut claimed = None;
        for event in self.events_of(incident) {
            match event.claimed {
                Some(true) => return Some(true),
                Some(false) => claimed = Some(false),
                None => {}
            }
        }
        claimed
    }

    /// The target kinds (`human`, `physical`) its reports name, each once, in order.
    pub fn target_kinds(&self, incident: &IncidentRecord) -> Vec<String> {
        let mut kinds: Vec<String> = Vec::new();
        for target in self.events_of(incident).flat_map(|event| &event.targets) {
            if !kinds.contains(&target.kind) {
                kinds.push(target.kind.clone());
            }
        }
        kinds
    }

    /// The linked entities its reports name as targets, each once, in order.
    pub fn target_entities(&self, incident: &IncidentRecord) -> Vec<&EntityRecord> {
        let mut targets: Vec<&EntityRecord> = Vec::new();
        for target in self.events_of(incident).flat_map(|event| &event.targets) {
            if let Some(entity) = target.entity.as_deref().and_then(|id| self.entity(id)) {
                if !targets.iter().any(|known| known.id == entity.id) {
                    targets.push(entity);
                }
            }
        }
        targets
    }
}

#[cfg(any(test, feature = "test-fixtures"))]
pub mod fixture {
    //! A small corpus for the writers' unit tests: one group, one person, two places (one
    //! without coordinates), two documents, one incident with a claimed report.

    use sightline_contract::{
        DateRecord, EntityRecord, EventRecord, FiguresRecord, IncidentRecord, KbRecord, LocationRecord,
        ParticipantRecord, Record, RelationRecord,
    };

    use super::{Dataset, DocumentSummary};

    /// An entity record with no mentions.
    pub fn entity(id: &str, kind: &str, name: &str, aliases: &[&str], kb: KbRecord) -> EntityRecord {
        EntityRecord {
            id: id.into(),
            entity_type: kind.into(),
            name: name.into(),
            aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
            kb,
            roles: vec![],
            mentions: vec![],
        }
    }

    /// A bombing in Moscow on 22 March 2024, at `place`, reported by d1 and d2.
    pub fn incident(id: &str, place: &str) -> IncidentRecord {
        IncidentRecord {
            id: id.into(),
            incident_type: "bombing".into(),
            date: Some(DateRecord {
                value: Some("2024-03-22".into()),
                precision: "day".into(),
                text: "Friday".into(),
            }),
            location: Some(LocationRecord { entity: None, name: place.into(), country: Some("RU".into()) }),
            perpetrator: Some("Islamic State".into()),
            perpetrators: vec!["g1".into()],
            killed: FiguresRecord { best: Some(133), min: Some(60), max: Some(137), reports: vec![] },
            injured: FiguresRecord::default(),
            events: vec!["e1".into()],
            docs: vec!["d1".into(), "d2".into()],
            copies: vec![],
        }
    }

    /// The whole fixture.
    pub fn dataset() -> Dataset {
        let place = KbRecord {
            country: Some("RU".into()),
            lat: Some(55.75),
            lon: Some(37.62),
            ..KbRecord::default()
        };
        let entities = vec![
            entity("g1", "group", "Islamic State", &["ISIS", "IS-K"], KbRecord::default()),
            entity("p1", "person", "Jane Roe", &[], KbRecord::default()),
            entity("l1", "location", "Moscow", &[], place),
            entity("l2", "location", "Nowhere", &[], KbRecord::default()),
        ];
        let event = EventRecord {
            id: "e1".into(),
            doc: "d1".into(),
            event_type: "bombing".into(),
            subtype: None,
            date: None,
            location: None,
            perpetrators: vec![],
            targets: vec![ParticipantRecord {
                text: "Jane Roe".into(),
                entity: Some("p1".into()),
                kind: "human".into(),
            }],
            weapons: vec![],
            killed: None,
            injured: None,
            claimed: Some(true),
            evidence: vec![],
            confidence: 0.9,
        };
        let relation = RelationRecord {
            subject: "p1".into(),
            predicate: "member_of".into(),
            object: "g1".into(),
            evidence: vec![],
        };
        let documents = vec![
            DocumentSummary {
                id: "d1".into(),
                title: Some("Attack".into()),
                published: Some("2024-03-23".into()),
                url: Some("https://example.com/a".into()),
            },
            DocumentSummary { id: "d2".into(), title: None, published: None, url: None },
        ];
        let incidents = vec![incident("i1", "Moscow"), incident("i2", "Nowhere")];
        Dataset::from_records(
            documents,
            entities,
            vec![Record::Event(event), Record::Relation(relation)],
            incidents,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::fixture;

    #[test]
    fn coordinates_come_from_the_place_entity_or_not_at_all() {
        let dataset = fixture::dataset();
        assert_eq!(dataset.coordinates(&dataset.incidents[0]), Some((55.75, 37.62)));
        assert_eq!(dataset.coordinates(&dataset.incidents[1]), None);
        let elsewhere = fixture::incident("i3", "Atlantis");
        assert_eq!(dataset.coordinates(&elsewhere), None);
    }

    #[test]
    fn a_linked_place_entity_wins_over_the_name() {
        let dataset = fixture::dataset();
        let mut incident = fixture::incident("i4", "Russia");
        assert_eq!(dataset.coordinates(&incident), None);
        if let Some(location) = incident.location.as_mut() {
            location.entity = Some("l1".into());
        }
        assert_eq!(dataset.coordinates(&incident), Some((55.75, 37.62)));
        assert_eq!(dataset.place_name(&incident), Some("Moscow"));
    }

    #[test]
    fn claim_and_targets_come_from_the_reports() {
        let dataset = fixture::dataset();
        let incident = &dataset.incidents[0];
        assert_eq!(dataset.claimed(incident), Some(true));
        assert_eq!(dataset.target_kinds(incident), ["human"]);
        assert_eq!(dataset.target_entities(incident)[0].id, "p1");
    }
}
