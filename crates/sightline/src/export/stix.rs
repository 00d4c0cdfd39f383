//! The corpus as a STIX 2.1 bundle (OASIS STIX 2.1, section 4 for the objects, 2.9 for ids).
//!
//! Armed groups are `threat-actor`s with their aliases; people and organisations `identity`s;
//! placed locations `location`s; each fused incident an `incident` (a stub object in 2.1: name and
//! description, its figures written in the description) joined by `relationship`s
//! (`attributed-to` its perpetrators, `targets` the entities its reports name as targets,
//! `located-at` its place); relations between entities become `relationship`s named after our
//! predicate; each document a `report` referring to the objects it supports.
//!
//! The output depends on the data alone, so two exports of the same store are byte for byte
//! equal. Ids are UUIDv5 of `"{type}:{our stable id}"` under [`NAMESPACE`]. `created` and
//! `modified` are the earliest publication date among the documents an object rests on (a
//! report's is its own), midnight UTC; where no document states one they take [`UNDATED`], a
//! documented constant, never the clock.

use std::collections::HashMap;
use std::io::Write;

use serde_json::{json, Map, Value};
use sightline_contract::{EntityRecord, IncidentRecord};
use sightline_kb::{ActorKind, ActorTable};
use uuid::Uuid;

use sightline_pipeline::dataset::Dataset;

/// The namespace of every id we mint; fixed forever, or ids would change between versions.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x5a1c_7e1e_0c2b_4f4e_9d35_7a51_6b0e_d2c1);

/// `created`/`modified` of objects no dated document supports: the Unix epoch, chosen because it
/// cannot be mistaken for a real date in this domain.
pub const UNDATED: &str = "1970-01-01T00:00:00.000Z";

/// A STIX id for one of our records.
pub fn stix_id(object_type: &str, our_id: &str) -> String {
    let uuid = Uuid::new_v5(&NAMESPACE, format!("{object_type}:{our_id}").as_bytes());
    format!("{object_type}--{uuid}")
}

/// A STIX timestamp from a publication date (`YYYY-MM-DD`, any time part ignored); `None` when
/// the value does not start with a plausible date.
fn timestamp(published: &str) -> Option<String> {
    let date = published.get(..10)?;
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    let shaped = digits(0..4) && bytes[4] == b'-' && digits(5..7) && bytes[7] == b'-' && digits(8..10);
    let month: u32 = date.get(5..7)?.parse().ok()?;
    let day: u32 = date.get(8..10)?.parse().ok()?;
    (shaped && (1..=12).contains(&month) && (1..=31).contains(&day)).then(|| format!("{date}T00:00:00.000Z"))
}

/// The bundle as a JSON value.
pub fn bundle(dataset: &Dataset) -> Value {
    let earliest = |docs: &mut dyn Iterator<Item = &str>| -> String {
        docs.filter_map(|id| dataset.document(id)?.published.as_deref().and_then(timestamp))
            .min()
            .unwrap_or_else(|| UNDATED.to_string())
    };
    let mut objects: Vec<Value> = Vec::new();
    // Our entity id to its STIX id and timestamp, for the entities that became objects.
    let mut emitted: HashMap<&str, (String, String)> = HashMap::new();
    for entity in &dataset.entities {
        let stamp = earliest(&mut entity.mentions.iter().map(|mention| mention.doc.as_str()));
        if let Some(object) = entity_object(entity, &stamp) {
            if let Some(id) = object["id"].as_str() {
                emitted.insert(entity.id.as_str(), (id.to_string(), stamp));
            }
            objects.push(object);
        }
    }
    // A document's id to the objects its report refers to.
    let mut refs: HashMap<&str, Vec<String>> = HashMap::new();
    for entity in &dataset.entities {
        if let Some((id, _)) = emitted.get(entity.id.as_str()) {
            for mention in &entity.mentions {
                let list = refs.entry(mention.doc.as_str()).or_default();
                if !list.contains(id) {
                    list.push(id.clone());
                }
            }
        }
    }
    let mut relationships: Vec<Value> = Vec::new();
    for incident in &dataset.incidents {
        let stamp = earliest(&mut incident.docs.iter().map(String::as_str));
        let id = stix_id("incident", &incident.id);
        objects.push(json!({
            "type": "incident",
            "spec_version": "2.1",
            "id": id,
            "created": stamp,
            "modified": stamp,
            "name": incident_name(incident, dataset.place_name(incident)),
            "description": incident_description(incident),
        }));
        for doc in &incident.docs {
            refs.entry(doc.as_str()).or_default().push(id.clone());
        }
        let mut relate = |kind: &str, target: &str| {
            if let Some((target_id, _)) = emitted.get(target) {
                relationships.push(relationship(&id, kind, target_id, &stamp, &incident.id, target));
            }
        };
        for perpetrator in &incident.perpetrators {
            relate("attributed-to", perpetrator);
        }
        for target in dataset.target_entities(incident) {
            relate("targets", &target.id);
        }
        if let Some(place) = dataset.place_of(incident) {
            relate("located-at", &place.id);
        }
    }
    for relation in &dataset.relations {
        let (Some((source, stamp)), Some((target, _))) =
            (emitted.get(relation.subject.as_str()), emitted.get(relation.object.as_str()))
        else {
            continue;
        };
        // STIX allows any relationship type in a-z, 0-9 and hyphens.
        let kind = relation.predicate.replace('_', "-");
        relationships.push(relationship(source, &kind, target, stamp, &relation.subject, &relation.object));
    }
    relationships.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    relationships.dedup_by(|a, b| a["id"] == b["id"]);
    objects.extend(relationships);
    for document in &dataset.documents {
        // A report must refer to at least one object; a document that supports none is left out.
        let Some(object_refs) = refs.get(document.id.as_str()).filter(|refs| !refs.is_empty()) else {
            continue;
        };
        let stamp = document.published.as_deref().and_then(timestamp).unwrap_or_else(|| UNDATED.to_string());
        let mut reference = Map::new();
        reference.insert("source_name".into(), json!("sightline"));
        reference.insert("external_id".into(), json!(document.id));
        if let Some(url) = &document.url {
            reference.insert("url".into(), json!(url));
        }
        let name = document.title.clone().unwrap_or_else(|| format!("Document {}", document.id));
        objects.push(json!({
            "type": "report",
            "spec_version": "2.1",
            "id": stix_id("report", &document.id),
            "created": stamp,
            "modified": stamp,
            "name": name,
            "published": stamp,
            "object_refs": object_refs,
            "external_references": [Value::Object(reference)],
        }));
    }
    let mut all_ids = String::new();
    for object in &objects {
        all_ids.push_str(object["id"].as_str().unwrap_or_default());
    }
    json!({"type": "bundle", "id": stix_id("bundle", &all_ids), "objects": objects})
}

/// Groups, and organisations the actor table lists as armed groups: states, armies and agencies
/// stay `identity`s, since STIX reserves `threat-actor` for those acting with malicious intent.
fn is_armed_group(entity: &EntityRecord) -> bool {
    let listed = entity.kb.actor.as_deref().and_then(|id| ActorTable::builtin().get(id));
    entity.entity_type == "group" || listed.is_some_and(|actor| actor.kind == ActorKind::ArmedGroup)
}

/// The object for an entity, or `None` for kinds STIX has no object for (misc) and places it
/// could not hold (a location needs a country or coordinates).
fn entity_object(entity: &EntityRecord, stamp: &str) -> Option<Value> {
    let kind = match entity.entity_type.as_str() {
        _ if is_armed_group(entity) => "threat-actor",
        "person" | "organization" => "identity",
        "location" => "location",
        _ => return None,
    };
    let mut object = Map::new();
    object.insert("type".into(), json!(kind));
    object.insert("spec_version".into(), json!("2.1"));
    object.insert("id".into(), json!(stix_id(kind, &entity.id)));
    object.insert("created".into(), json!(stamp));
    object.insert("modified".into(), json!(stamp));
    object.insert("name".into(), json!(entity.name));
    match kind {
        "threat-actor" => {
            let aliases: Vec<&String> =
                entity.aliases.iter().filter(|alias| **alias != entity.name).collect();
            if !aliases.is_empty() {
                object.insert("aliases".into(), json!(aliases));
            }
        }
        "identity" => {
            let class = if entity.entity_type == "person" { "individual" } else { "organization" };
            object.insert("identity_class".into(), json!(class));
        }
        _ => {
            let coordinates = entity.kb.lat.zip(entity.kb.lon);
            if coordinates.is_none() && entity.kb.country.is_none() {
                return None;
            }
            if let Some((lat, lon)) = coordinates {
                object.insert("latitude".into(), json!(lat));
                object.insert("longitude".into(), json!(lon));
            }
            if let Some(country) = &entity.kb.country {
                object.insert("country".into(), json!(country));
            }
        }
    }
    if let Some(qid) = &entity.kb.wikidata {
        object.insert(
            "external_references".into(),
            json!([{"source_name": "wikidata", "external_id": qid,
                     "url": format!("https://www.wikidata.org/wiki/{qid}")}]),
        );
    }
    Some(Value::Object(object))
}

fn relationship(
    source: &str,
    kind: &str,
    target: &str,
    stamp: &str,
    our_source: &str,
    our_target: &str,
) -> Value {
    json!({
        "type": "relationship",
        "spec_version": "2.1",
        "id": stix_id("relationship", &format!("{our_source}|{kind}|{our_target}")),
        "created": stamp,
        "modified": stamp,
        "relationship_type": kind,
        "source_ref": source,
        "target_ref": target,
    })
}

fn incident_name(incident: &IncidentRecord, place: Option<&str>) -> String {
    let mut name = incident.incident_type.replace('_', " ");
    if let Some(place) = place {
        name.push_str(" in ");
        name.push_str(place);
    }
    if let Some(date) = incident.date.as_ref().and_then(|date| date.value.as_deref()) {
        name.push_str(" on ");
        name.push_str(date);
    }
    name
}

/// The figures in words: the incident object has no properties of its own for them in 2.1.
fn incident_description(incident: &IncidentRecord) -> String {
    let mut parts = Vec::new();
    if let Some(perpetrator) = &incident.perpetrator {
        parts.push(format!("Perpetrator: {perpetrator}."));
    }
    for (label, figures) in [("Killed", &incident.killed), ("Injured", &incident.injured)] {
        if let Some(best) = figures.best {
            let range = match (figures.min, figures.max) {
                (Some(min), Some(max)) if min != max => format!(" (reports range {min} to {max})"),
                _ => String::new(),
            };
            parts.push(format!("{label}: {best}{range}."));
        }
    }
    parts.push(format!("Reported by {} document(s).", incident.docs.len()));
    parts.join(" ")
}

/// Writes the bundle as one JSON document.
pub fn write(dataset: &Dataset, writer: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer(&mut *writer, &bundle(dataset)).map_err(std::io::Error::from)?;
    writer.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_pipeline::dataset::fixture;

    fn of_type<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
        bundle["objects"].as_array().unwrap().iter().filter(|object| object["type"] == kind).collect()
    }

    #[test]
    fn ids_are_uuid_v5_and_stable() {
        let id = stix_id("threat-actor", "islamic-state");
        assert_eq!(id, stix_id("threat-actor", "islamic-state"));
        let uuid = Uuid::parse_str(id.strip_prefix("threat-actor--").unwrap()).unwrap();
        assert_eq!(uuid.get_version_num(), 5);
        assert_ne!(id, stix_id("identity", "islamic-state"));
        assert_eq!(bundle(&fixture::dataset()), bundle(&fixture::dataset()));
    }

    #[test]
    fn timestamps_come_from_publication_dates_or_the_constant() {
        assert_eq!(timestamp("2024-03-23").as_deref(), Some("2024-03-23T00:00:00.000Z"));
        assert_eq!(timestamp("2024-03-23T10:00:00Z").as_deref(), Some("2024-03-23T00:00:00.000Z"));
        assert_eq!(timestamp("2024-13-01"), None);
        assert_eq!(timestamp("March"), None);
        let bundle = bundle(&fixture::dataset());
        let incident = of_type(&bundle, "incident")[0];
        assert_eq!(incident["created"], "2024-03-23T00:00:00.000Z");
        let actor = of_type(&bundle, "threat-actor")[0];
        assert_eq!(actor["created"], UNDATED);
    }

    #[test]
    fn objects_and_relationships_follow_the_data() {
        let bundle = bundle(&fixture::dataset());
        assert_eq!(bundle["type"], "bundle");
        let actor = of_type(&bundle, "threat-actor")[0];
        assert_eq!(actor["aliases"], json!(["ISIS", "IS-K"]));
        assert_eq!(of_type(&bundle, "identity")[0]["identity_class"], "individual");
        // The place without a country or coordinates has no location object.
        let locations = of_type(&bundle, "location");
        assert_eq!(locations.len(), 1);
        assert_eq!(locations[0]["latitude"], 55.75);
        assert_eq!(of_type(&bundle, "incident").len(), 2);
        let kinds: Vec<&str> = of_type(&bundle, "relationship")
            .iter()
            .map(|relationship| relationship["relationship_type"].as_str().unwrap())
            .collect();
        for kind in ["attributed-to", "targets", "located-at", "member-of"] {
            assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
        }
        // Every reference points at an object in the bundle.
        let ids: Vec<&str> = bundle["objects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|object| object["id"].as_str().unwrap())
            .collect();
        for relationship in of_type(&bundle, "relationship") {
            assert!(ids.contains(&relationship["source_ref"].as_str().unwrap()));
            assert!(ids.contains(&relationship["target_ref"].as_str().unwrap()));
        }
        let reports = of_type(&bundle, "report");
        assert_eq!(reports.len(), 2);
        for reference in reports[0]["object_refs"].as_array().unwrap() {
            assert!(ids.contains(&reference.as_str().unwrap()));
        }
        assert_eq!(reports[0]["external_references"][0]["url"], "https://example.com/a");
    }
}
