//! The analysis results as the output contract's records, in one place, so that every front end
//! (`sightline export`, the server's JSON API) writes the same shapes and cannot drift apart.

use sightline_contract::{
    CountRecord, DateRecord, EntityRecord, EventRecord, EvidenceRecord, FactRecord, KbRecord, LocationRecord,
    MentionRecord, ParticipantRecord, QuoteRecord, Record, RelationRecord, RoleRecord, WeaponRecord,
};
use sightline_core::{CharIndex, DocId, Document};
use sightline_extract::{Count, EventDate, Extraction, Location, Span};
use sightline_nlp::{DatePrecision, NameMention};

use crate::analysis::Entity;

/// The contract's record of an entity, with every mention and role.
pub fn entity_record(entity: &Entity) -> EntityRecord {
    EntityRecord {
        id: entity.id.clone(),
        entity_type: entity.kind.as_str().to_string(),
        name: entity.name.clone(),
        aliases: entity.aliases.clone(),
        kb: KbRecord {
            wikidata: entity.kb.wikidata.clone(),
            geonames: entity.kb.geonames.map(u64::from),
            country: entity.kb.country.clone(),
            lat: entity.kb.lat_lon.map(|(lat, _)| f64::from(lat)),
            lon: entity.kb.lat_lon.map(|(_, lon)| f64::from(lon)),
            actor: entity.kb.actor.clone(),
            actor_type: entity.kb.actor_kind.map(str::to_string),
            parent: entity.kb.parent.clone(),
            province: entity.kb.province_key(),
            place_type: entity.kb.place_kind.map(str::to_string),
        },
        roles: entity
            .roles
            .iter()
            .map(|(role, doc)| RoleRecord {
                title: role.title.clone(),
                org: role.org.clone(),
                doc: doc.to_string(),
            })
            .collect(),
        mentions: entity
            .mentions
            .iter()
            .map(|mention| MentionRecord {
                doc: mention.doc.to_string(),
                start: mention.start,
                end: mention.end,
                text: mention.text.clone(),
                how: Some(mention.how.to_string()),
            })
            .collect(),
    }
}

/// Where to look up an argument's entity: the name it was built on, else its own words.
pub fn argument_span(argument: &sightline_extract::Argument, names: &[NameMention]) -> Span {
    argument
        .name
        .and_then(|index| names.get(index))
        .map_or(argument.span, |name| Span { start: name.byte_start, end: name.byte_end })
}

/// The contract's records of what one document says: events, quotes, relations and facts, in
/// char offsets, each with an id hashed from the document id, its span and its kind, so that a
/// rerun over the same store gives the same ids. Entity ids stay empty until linking fills them.
///
/// `entity_at` names the entity a byte span of the text mentions, if any; its answer goes into
/// the records' `entity`, `speaker`, `subject` and `object` fields. A participant built on a
/// name (`names`, the document's name mentions) is looked up at that name, so that "the group"
/// resolved to an earlier "ISIS-K" gets ISIS-K's entity.
pub fn extraction_records(
    document: &Document,
    extraction: &Extraction,
    names: &[NameMention],
    entity_at: &dyn Fn(Span) -> Option<String>,
) -> Vec<Record> {
    let chars = CharIndex::new(&document.text);
    let doc = document.id.to_string();
    let char_span = |span: Span| -> (usize, usize) {
        let start = chars.char_offset(span.start).unwrap_or(0);
        (start, chars.char_offset(span.end).unwrap_or(start))
    };
    let evidence = |span: Span| {
        let (start, end) = char_span(span);
        EvidenceRecord { doc: doc.clone(), start, end }
    };
    let id = |kind: &str, span: Span, extra: &str| {
        let (start, end) = char_span(span);
        DocId::from_content(&format!("{kind}\u{1f}{doc}\u{1f}{start}\u{1f}{end}\u{1f}{extra}")).to_string()
    };
    let mut records = Vec::new();
    for event in &extraction.events {
        let participants = |arguments: &[sightline_extract::Argument]| {
            arguments
                .iter()
                .map(|a| ParticipantRecord {
                    text: a.text.clone(),
                    entity: entity_at(argument_span(a, names)),
                    kind: a.kind.as_str().to_string(),
                })
                .collect()
        };
        let span = event.evidence.first().copied().unwrap_or(event.trigger);
        let mut spans: Vec<Span> =
            std::iter::once(span).chain(event.evidence.iter().skip(1).copied()).collect();
        // A figure told in another sentence than the event's ("The teen was pronounced dead at
        // the hospital") is cited where it is told: no number without its evidence.
        for count in event.killed.iter().chain(&event.injured) {
            if !spans.iter().any(|span| span.start <= count.span.start && count.span.end <= span.end) {
                spans.push(count.span);
            }
        }
        records.push(Record::Event(EventRecord {
            // Coordinated places ("in Moscow and Iran's Kerman") give one trigger two reports.
            id: id(
                "event",
                event.trigger,
                &format!(
                    "{}\u{1f}{}",
                    event.kind.as_str(),
                    event.location.as_ref().map_or("", |l| l.name.as_str())
                ),
            ),
            doc: doc.clone(),
            event_type: event.kind.as_str().to_string(),
            subtype: event.subtype.map(str::to_string),
            date: event.date.as_ref().map(date_record),
            location: event
                .location
                .as_ref()
                .map(|location| location_record(location, entity_at(location.span))),
            perpetrators: participants(&event.perpetrators),
            targets: participants(&event.targets),
            weapons: event.weapons.iter().map(|w| WeaponRecord { text: w.text.clone() }).collect(),
            killed: event.killed.as_ref().map(count_record),
            injured: event.injured.as_ref().map(count_record),
            claimed: event.claimed,
            evidence: spans.into_iter().map(evidence).collect(),
            confidence: event.confidence,
        }));
    }
    for quote in &extraction.quotes {
        let (start, end) = char_span(quote.span);
        records.push(Record::Quote(QuoteRecord {
            id: id("quote", quote.span, ""),
            doc: doc.clone(),
            speaker: quote.speaker.as_ref().and_then(|speaker| entity_at(speaker.span)),
            speaker_text: quote.speaker.as_ref().map(|s| s.text.clone()),
            text: quote.text.clone(),
            start,
            end,
        }));
    }
    for relation in &extraction.relations {
        records.push(Record::Relation(RelationRecord {
            subject: entity_at(relation.subject.span).unwrap_or_else(|| relation.subject.text.clone()),
            predicate: relation.predicate.as_str().to_string(),
            object: entity_at(relation.object.span).unwrap_or_else(|| relation.object.text.clone()),
            evidence: vec![evidence(relation.evidence)],
        }));
    }
    for fact in &extraction.facts {
        records.push(Record::Fact(FactRecord {
            id: id("fact", fact.evidence, fact.kind.as_str()),
            doc: doc.clone(),
            fact_type: fact.kind.as_str().to_string(),
            subject: entity_at(fact.subject.span),
            subject_text: fact.subject.text.clone(),
            count: fact.count.as_ref().map(count_record),
            date: fact.date.as_ref().map(date_record),
            location: fact.place.as_ref().map(|location| location_record(location, entity_at(location.span))),
            evidence: vec![evidence(fact.evidence)],
        }));
    }
    records
}

fn count_record(count: &Count) -> CountRecord {
    CountRecord {
        min: count.min,
        max: count.max,
        qualifier: count.qualifier.to_string(),
        text: count.text.clone(),
    }
}

fn location_record(location: &Location, entity: Option<String>) -> LocationRecord {
    LocationRecord { entity, name: location.name.clone(), country: location.country.map(str::to_string) }
}

/// ISO 8601 truncated to the precision.
fn date_record(date: &EventDate) -> DateRecord {
    let (precision, format) = match date.precision {
        DatePrecision::Day => ("day", "%Y-%m-%d"),
        DatePrecision::Week => ("week", "%Y-%m-%d"),
        DatePrecision::Month => ("month", "%Y-%m"),
        DatePrecision::Season => ("season", "%Y-%m"),
        DatePrecision::Year => ("year", "%Y"),
    };
    DateRecord {
        value: date.value.map(|value| value.format(format).to_string()),
        precision: precision.to_string(),
        text: date.text.clone(),
    }
}
