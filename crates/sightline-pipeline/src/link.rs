//! Linking within a document: which names stand for one entity, and which known actor or place
//! each entity is.
//!
//! The steps, each recording on every mention *how* it was linked, so a reader can check it:
//!
//! 1. Names come from the tagger, plus aliases of known actors the tagger missed
//!    (`alias in the actor table`), found by the actor table's scanner.
//! 2. An acronym the text defines ("US Central Command (CENTCOM)") joins the entity of its long
//!    form, and so does every later use of it (`acronym defined in the text`).
//! 3. A name that is an alias of a known actor links to it (`alias in the actor table`): its
//!    canonical name, kind, country and Wikidata id. A state found as an actor is a country and
//!    is linked as a place, so "US" the actor and "US" the place are one entity.
//! 4. A place name resolves in the gazetteer with the document as context: its other places,
//!    its dateline, the countries of the actors it names (`gazetteer: ...`).
//! 5. People: a surname or short form joins the fullest form of the name before it, and roles
//!    come from appositions and premodifiers (see [`crate::people`]).
//! 6. Any other name is grouped with its repetitions by normalised form (`exact name`).

use std::collections::HashMap;

use sightline_kb::{
    find_defined_acronyms, ActorKind, ActorTable, Gazetteer, Place, PlaceContext, PlaceKind, ResolutionReason,
};
use sightline_nlp::ner::EntityType;
use sightline_nlp::{Annotations, NameMention};

use serde::{Deserialize, Serialize};

use crate::analysis::{normalise_name, EntityKind};
use crate::people::{person_heads, roles_of, Role};

/// What the knowledge base says of an entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KbLink {
    /// The actor table's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The actor's kind in the table (`armed_group`, `government_agency` ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_kind: Option<&'static str>,
    /// The actor table's id of the actor's parent group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Wikidata QID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// GeoNames id of a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geonames: Option<u32>,
    /// ISO alpha-2 country of a place or an actor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// First-level division code of a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// Coordinates of a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat_lon: Option<(f32, f32)>,
    /// Whether the place is a country, a province or a city.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place_kind: Option<&'static str>,
}

/// Why a mention belongs to its entity; the only reasons there are, so that a stored analysis
/// reads back into the same `&'static str`s the linker writes.
const ACRONYM_DEFINED: &str = "acronym defined in the text";
const ACTOR_ALIAS: &str = "alias in the actor table";
const EXACT_NAME: &str = "exact name";
const SHORT_FORM: &str = "short form of a name in the document";
const STATE_ACTOR: &str = "state in the actor table";
const ONLY_PLACE: &str = "gazetteer: the only place of that name";
const LARGEST_PLACE: &str = "gazetteer: the largest place of that name";
const CONTEXT_PLACE: &str = "gazetteer: the place the document's context favours";
const MENTION_REASONS: [&str; 8] = [
    ACRONYM_DEFINED,
    ACTOR_ALIAS,
    EXACT_NAME,
    SHORT_FORM,
    STATE_ACTOR,
    ONLY_PLACE,
    LARGEST_PLACE,
    CONTEXT_PLACE,
];

/// One of `known` equal to `text`, else an error naming it: an analysis stored by this build
/// holds only known names, so anything else means the store holds another build's data.
fn one_of(
    text: &str,
    what: &str,
    known: impl IntoIterator<Item = &'static str>,
) -> Result<&'static str, String> {
    known.into_iter().find(|candidate| *candidate == text).ok_or_else(|| format!("unknown {what} {text:?}"))
}

/// [`KbLink`] as stored, with owned names (serde cannot read into `&'static str`); what is
/// unknown is left out.
#[derive(Default, Deserialize)]
#[serde(default)]
struct StoredKbLink {
    actor: Option<String>,
    actor_kind: Option<String>,
    parent: Option<String>,
    wikidata: Option<String>,
    geonames: Option<u32>,
    country: Option<String>,
    province: Option<String>,
    lat_lon: Option<(f32, f32)>,
    place_kind: Option<String>,
}

impl TryFrom<StoredKbLink> for KbLink {
    type Error = String;

    fn try_from(stored: StoredKbLink) -> Result<KbLink, String> {
        let actor_kinds = ActorKind::ALL.map(ActorKind::as_str);
        let place_kinds = [PlaceKind::Country, PlaceKind::Province, PlaceKind::City].map(PlaceKind::as_str);
        Ok(KbLink {
            actor: stored.actor,
            actor_kind: stored.actor_kind.map(|kind| one_of(&kind, "actor kind", actor_kinds)).transpose()?,
            parent: stored.parent,
            wikidata: stored.wikidata,
            geonames: stored.geonames,
            country: stored.country,
            province: stored.province,
            lat_lon: stored.lat_lon,
            place_kind: stored.place_kind.map(|kind| one_of(&kind, "place kind", place_kinds)).transpose()?,
        })
    }
}

// Written by hand rather than derived: a derived `Deserialize` of a struct with a
// `&'static str` field demands input that lives forever.
impl<'de> Deserialize<'de> for KbLink {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<KbLink, D::Error> {
        KbLink::try_from(StoredKbLink::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for LinkedMention {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<LinkedMention, D::Error> {
        LinkedMention::try_from(StoredMention::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// [`LinkedMention`] as stored.
#[derive(Deserialize)]
struct StoredMention {
    byte_start: usize,
    byte_end: usize,
    how: String,
}

impl TryFrom<StoredMention> for LinkedMention {
    type Error = String;

    fn try_from(stored: StoredMention) -> Result<LinkedMention, String> {
        Ok(LinkedMention {
            byte_start: stored.byte_start,
            byte_end: stored.byte_end,
            how: one_of(&stored.how, "mention reason", MENTION_REASONS)?,
        })
    }
}

impl KbLink {
    /// What the gazetteer says of a place.
    pub fn of_place(place: &Place) -> KbLink {
        KbLink {
            geonames: Some(place.geonameid),
            country: Some(place.country.clone()),
            province: place.admin1.clone(),
            lat_lon: Some((place.lat, place.lon)),
            place_kind: Some(match place.kind {
                PlaceKind::Country => "country",
                PlaceKind::Province => "province",
                PlaceKind::City => "city",
            }),
            ..KbLink::default()
        }
    }

    /// The place a dateline names ("KABUL", "Overland, Mo."): its first part, resolved with no
    /// other context, as a dateline stands before the story.
    pub fn of_dateline(dateline: &str) -> Option<KbLink> {
        let places = Gazetteer::builtin();
        let first_part = dateline.split(',').next().unwrap_or(dateline);
        let resolved = places.resolve(first_part, &PlaceContext::default())?;
        Some(KbLink::of_place(places.place(resolved.place)))
    }

    /// The place's province as GeoNames writes it, country first (`IR.29`): admin1 codes are
    /// only unique within a country.
    pub fn province_key(&self) -> Option<String> {
        let code = self.province.as_ref()?;
        Some(match &self.country {
            Some(country) => format!("{country}.{code}"),
            None => code.clone(),
        })
    }
}

/// A mention of a linked entity: a byte span of the document's text and why it is this entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkedMention {
    /// First byte.
    pub byte_start: usize,
    /// One past the last byte.
    pub byte_end: usize,
    /// Why the mention belongs to its entity.
    pub how: &'static str,
}

/// One entity as one document names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalEntity {
    /// What it is.
    pub kind: EntityKind,
    /// What makes two documents' entities one: `actor:<id>`, `place:<geonameid>`, or the
    /// normalised name.
    pub key: String,
    /// The canonical name: the knowledge base's, else the fullest form the document gives.
    pub name: String,
    /// What the knowledge base says of it.
    pub kb: KbLink,
    /// Every mention in the document, in text order.
    pub mentions: Vec<LinkedMention>,
    /// Roles the document gives a person.
    pub roles: Vec<Role>,
}

/// A name to link: the tagger's, or an actor alias the tagger missed.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    byte_start: usize,
    byte_end: usize,
    kind: EntityType,
    /// Index into the annotations' names, when the tagger found it.
    name: Option<usize>,
}

/// Links the names of one document; `filed_from` is the place its dateline names, if any.
pub fn link_document(text: &str, annotations: &Annotations, filed_from: Option<&KbLink>) -> Vec<LocalEntity> {
    let actors = ActorTable::builtin();
    let places = Gazetteer::builtin();
    let mut candidates: Vec<Candidate> = annotations
        .names
        .iter()
        .enumerate()
        .map(|(index, name)| Candidate {
            byte_start: name.byte_start,
            byte_end: name.byte_end,
            kind: name.kind,
            name: Some(index),
        })
        .collect();
    let overlaps_a_name = |start: usize, end: usize, candidates: &[Candidate]| {
        candidates.iter().any(|c| c.byte_start < end && start < c.byte_end)
    };
    // 1. Actor aliases the tagger missed.
    let mut scanned = Vec::new();
    for found in actors.find_mentions(text) {
        if !overlaps_a_name(found.byte_start, found.byte_end, &candidates) {
            scanned.push(Candidate {
                byte_start: found.byte_start,
                byte_end: found.byte_end,
                kind: EntityType::Org,
                name: None,
            });
        }
    }
    candidates.extend(scanned);
    // 2. Acronyms defined in the text, and their untagged later uses.
    let definitions = find_defined_acronyms(text);
    let mut acronyms: Vec<(String, (usize, usize))> = Vec::new();
    for definition in &definitions {
        let short = &text[definition.short.0..definition.short.1];
        acronyms.push((short.to_string(), definition.long));
        // The definition draws the name's extent: tagged pieces inside the long form give way
        // to the whole ("Islamic State" + "Khorasan Province" inside "Islamic State in Khorasan
        // Province (ISKP)"), unless a tagged name already covers it ("US Central Command").
        let (long_start, long_end) = definition.long;
        let named = text[long_start..long_end].chars().next().is_some_and(char::is_uppercase);
        let covered = candidates.iter().any(|c| c.byte_start <= long_start && long_end <= c.byte_end);
        if named && !covered {
            candidates.retain(|c| !(long_start <= c.byte_start && c.byte_end <= long_end));
            if !overlaps_a_name(long_start, long_end, &candidates) {
                candidates.push(Candidate {
                    byte_start: long_start,
                    byte_end: long_end,
                    kind: EntityType::Org,
                    name: None,
                });
            }
        }
        for (start, _) in text.match_indices(short) {
            let end = start + short.len();
            let bounded = !text[..start].chars().next_back().is_some_and(char::is_alphanumeric)
                && !text[end..].chars().next().is_some_and(char::is_alphanumeric);
            if bounded && !overlaps_a_name(start, end, &candidates) {
                candidates.push(Candidate {
                    byte_start: start,
                    byte_end: end,
                    kind: EntityType::Org,
                    name: None,
                });
            }
        }
    }
    candidates.sort_by_key(|candidate| (candidate.byte_start, candidate.byte_end));

    // Context for places: the dateline, then the countries of actors named.
    let mut context = places.context_from_text(text);
    if let Some(filed_from) = filed_from {
        if let Some(country) = &filed_from.country {
            context.add_country(country, 1.0);
        }
        if let (Some(country), Some(province)) = (&filed_from.country, &filed_from.province) {
            context.add_province(country, province, 1.0);
        }
    }
    for candidate in &candidates {
        if candidate.kind != EntityType::Loc {
            if let Some(&actor) = actors.lookup(&text[candidate.byte_start..candidate.byte_end]).first() {
                if let Some(country) = &actors.actor(actor).country {
                    context.add_country(country, 0.5);
                }
            }
        }
    }

    let heads = person_heads(text, annotations);
    let mut entities: Vec<LocalEntity> = Vec::new();
    let mut by_key: HashMap<(EntityKind, String), usize> = HashMap::new();
    // The entity each candidate went to, to let acronyms join their long forms.
    let mut entity_of_span: Vec<((usize, usize), usize)> = Vec::new();
    for candidate in &candidates {
        let surface = &text[candidate.byte_start..candidate.byte_end];
        let defined_by = acronyms
            .iter()
            .find(|(short, _)| short == surface)
            .and_then(|(_, long)| {
                entity_of_span.iter().find(|((start, end), _)| {
                    *start <= long.0 && long.1 <= *end || (*start >= long.0 && *end <= long.1)
                })
            })
            .map(|(_, entity)| *entity);
        if let Some(entity) = defined_by {
            entities[entity].mentions.push(LinkedMention {
                byte_start: candidate.byte_start,
                byte_end: candidate.byte_end,
                how: ACRONYM_DEFINED,
            });
            entity_of_span.push(((candidate.byte_start, candidate.byte_end), entity));
            continue;
        }
        let Some(linked) = identify(text, annotations, candidate, &heads, actors, places, &context) else {
            continue;
        };
        let slot = *by_key.entry((linked.kind, linked.key.clone())).or_insert_with(|| {
            entities.push(LocalEntity {
                kind: linked.kind,
                key: linked.key.clone(),
                name: linked.name.clone(),
                kb: linked.kb.clone(),
                mentions: Vec::new(),
                roles: Vec::new(),
            });
            entities.len() - 1
        });
        let entity = &mut entities[slot];
        entity.mentions.push(LinkedMention {
            byte_start: candidate.byte_start,
            byte_end: candidate.byte_end,
            how: linked.how,
        });
        if linked.kind == EntityKind::Person {
            if let Some(name) = candidate.name.and_then(|index| annotations.names.get(index)) {
                for role in roles_of(text, annotations, name) {
                    if !entity.roles.contains(&role) {
                        entity.roles.push(role);
                    }
                }
            }
        }
        entity_of_span.push(((candidate.byte_start, candidate.byte_end), slot));
    }
    entities
}

/// What one candidate name is.
struct Identified {
    kind: EntityKind,
    key: String,
    name: String,
    kb: KbLink,
    how: &'static str,
}

fn identify(
    text: &str,
    annotations: &Annotations,
    candidate: &Candidate,
    heads: &[usize],
    actors: &ActorTable,
    places: &Gazetteer,
    context: &PlaceContext,
) -> Option<Identified> {
    let surface = &text[candidate.byte_start..candidate.byte_end];
    // "targeted Shiite worshippers": a religion or nationality the tagger took for a person is
    // a people, a miscellaneous name like "Afghans".
    let people = candidate.kind == EntityType::Per
        && !surface.contains(char::is_whitespace)
        && sightline_extract::names_a_people(surface);
    let candidate = &Candidate { kind: if people { EntityType::Misc } else { candidate.kind }, ..*candidate };
    // A name the tagger took for a person but which is an alias of a known group is the group:
    // "Islamic State Khorasan" names no one.
    let found_actor = actors.lookup(surface).first().map(|&idx| actors.actor(idx));
    let is_known_group = found_actor.is_some_and(|actor| actor.kind != ActorKind::State);
    if candidate.kind == EntityType::Per && !is_known_group {
        let index = candidate.name?;
        let head: &NameMention = annotations.names.get(*heads.get(index)?)?;
        let head_text = head.text(text);
        let key = normalise_name(head_text);
        if key.is_empty() {
            return None;
        }
        let how =
            if heads[index] == index || normalise_name(surface) == key { EXACT_NAME } else { SHORT_FORM };
        return Some(Identified {
            kind: EntityKind::Person,
            key,
            name: head_text.to_string(),
            kb: KbLink::default(),
            how,
        });
    }
    // A state is a country: link it as a place. A place-tagged name that is an actor's alias is
    // the actor only when the actor is not a state ("Daesh" tagged as a place is the group).
    let place_first =
        candidate.kind == EntityType::Loc || found_actor.is_some_and(|actor| actor.kind == ActorKind::State);
    if place_first {
        let lookup = found_actor
            .filter(|actor| actor.kind == ActorKind::State)
            .and_then(|actor| actor.country.as_deref())
            .and_then(|country| places.country(country))
            .map(|idx| (idx, STATE_ACTOR))
            .or_else(|| {
                let resolved = places.resolve(surface, context)?;
                let how = match resolved.reason {
                    ResolutionReason::Unique => ONLY_PLACE,
                    ResolutionReason::Prior => LARGEST_PLACE,
                    ResolutionReason::Context => CONTEXT_PLACE,
                };
                Some((resolved.place, how))
            });
        if let Some((idx, how)) = lookup {
            let is_armed_group = found_actor.is_some_and(|actor| actor.kind != ActorKind::State);
            if !is_armed_group {
                let place = places.place(idx);
                return Some(Identified {
                    kind: EntityKind::Location,
                    key: format!("place:{}", place.geonameid),
                    name: place.name.clone(),
                    kb: KbLink::of_place(place),
                    how,
                });
            }
        }
    }
    if let Some(actor) = found_actor.filter(|actor| actor.kind != ActorKind::State) {
        return Some(Identified {
            kind: EntityKind::Organization,
            key: format!("actor:{}", actor.id),
            name: actor.name.clone(),
            kb: KbLink {
                actor: Some(actor.id.clone()),
                actor_kind: Some(actor.kind.as_str()),
                parent: actor.parent.clone(),
                wikidata: actor.qid.clone(),
                country: actor.country.clone(),
                ..KbLink::default()
            },
            how: ACTOR_ALIAS,
        });
    }
    let key = normalise_name(surface);
    if key.is_empty() {
        return None;
    }
    Some(Identified {
        kind: EntityKind::of(candidate.kind),
        key,
        name: surface.to_string(),
        kb: KbLink::default(),
        how: EXACT_NAME,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_nlp::Annotator;

    fn link(text: &str) -> Vec<LocalEntity> {
        let Ok(annotator) = Annotator::embedded() else { panic!("the embedded model loads") };
        let annotations = annotator.annotate(text, None);
        link_document(text, &annotations, None)
    }

    fn entity_of<'a>(entities: &'a [LocalEntity], text: &str, form: &str) -> Option<&'a LocalEntity> {
        entities.iter().find(|entity| {
            entity.mentions.iter().any(|mention| &text[mention.byte_start..mention.byte_end] == form)
        })
    }

    #[test]
    fn a_religion_taken_for_a_person_is_a_people() {
        let text = "Analysts said the attack bore the marks of its Khorasan branch, which has \
                    repeatedly targeted Shiite worshippers in Afghanistan and Iran.";
        let entities = link(text);
        let shiite = entity_of(&entities, text, "Shiite");
        assert_eq!(shiite.map(|e| e.kind), Some(EntityKind::Misc), "{entities:#?}");
    }

    #[test]
    fn aliases_and_defined_acronyms_join_one_actor() {
        let text = "The Islamic State Khorasan Province (IS-KP) claimed the attack. Officials said \
                    IS-KP and ISIS-K are one group. Gen. Michael E. Kurilla, the US Central Command \
                    (CENTCOM) chief, said CENTCOM was ready.";
        let entities = link(text);
        let iskp = entity_of(&entities, text, "IS-KP");
        assert_eq!(
            iskp.and_then(|e| e.kb.actor.as_deref()),
            Some("islamic-state-khorasan-province"),
            "{entities:#?}"
        );
        assert_eq!(iskp.map(|e| e.kind), Some(EntityKind::Organization));
        assert_eq!(entity_of(&entities, text, "ISIS-K").map(|e| &e.key), iskp.map(|e| &e.key));
        let centcom = entity_of(&entities, text, "CENTCOM");
        assert!(centcom.is_some_and(|e| e.mentions.len() >= 2), "{centcom:#?}");
    }

    #[test]
    fn places_resolve_with_their_country() {
        let text = "Twin bombings in Kerman killed scores near the tomb of Qassem Soleimani, officials in Tehran said.";
        let entities = link(text);
        let kerman = entity_of(&entities, text, "Kerman");
        assert_eq!(kerman.and_then(|e| e.kb.country.as_deref()), Some("IR"), "{entities:#?}");
        assert_eq!(kerman.map(|e| e.kind), Some(EntityKind::Location));
    }
}
