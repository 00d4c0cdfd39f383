//! The records of what documents say: entities, event reports, quotes and relations.
//!
//! Every offset is a char (Unicode scalar) offset into the clean `text` of the document whose
//! id the record names, as the contract states; a record never carries a fact without the span
//! it came from.

use serde::{Deserialize, Serialize};

/// A span of one document's clean text: `start..end` in chars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRecord {
    /// The document's id.
    pub doc: String,
    /// First char of the span.
    pub start: usize,
    /// One past the span's last char.
    pub end: usize,
}

/// One place an entity is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionRecord {
    /// The document's id.
    pub doc: String,
    /// First char of the mention.
    pub start: usize,
    /// One past the mention's last char.
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// Why this mention was linked to its entity: `exact name`, `surname`, `acronym defined in
    /// the text`, `alias`, `role`, `gazetteer` ... (an extension of the contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how: Option<String>,
}

/// What a knowledge base says of an entity; fields are absent when unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KbRecord {
    /// Wikidata item id, e.g. `Q1234`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// GeoNames id of a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames: Option<u64>,
    /// ISO 3166 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Latitude of a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude of a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// The built-in actor table's id (an extension of the contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The actor's kind in the table: `armed_group`, `state`, `government_agency`,
    /// `military`, `police`, `international_org`, ... (an extension of the contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_type: Option<String>,
    /// The actor table's id of the group it belongs to or is an affiliate of (an extension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// A place's first-level division (province, state) as GeoNames' admin1 code, prefixed
    /// with the country: `IR.29` (an extension of the contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// `country`, `province` or `city` for a place (an extension of the contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_type: Option<String>,
}

/// A title a document gives a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRecord {
    /// The title or role: `spokesperson`, `chief`, `senator`.
    pub title: String,
    /// The organisation the role is in, when the text says.
    pub org: Option<String>,
    /// The document that says so.
    pub doc: String,
}

/// The contract's `entity` record: one actor, person, place or group, with every mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// Stable id: the same entity gets the same id in every run over the same documents.
    pub id: String,
    /// `person`, `organization`, `location`, `group` or `misc`.
    #[serde(rename = "type")]
    pub entity_type: String,
    /// The canonical name.
    pub name: String,
    /// Every other form it is named by.
    pub aliases: Vec<String>,
    /// Knowledge-base facts.
    pub kb: KbRecord,
    /// Roles the documents give it.
    pub roles: Vec<RoleRecord>,
    /// Every mention, in document and text order.
    pub mentions: Vec<MentionRecord>,
}

/// A resolved date with the words it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRecord {
    /// ISO 8601, truncated to the precision: `2024-03-22`, `2024-01`, `2021`; null when the
    /// expression could not be resolved.
    pub value: Option<String>,
    /// `day`, `week`, `month`, `season` or `year`.
    pub precision: String,
    /// The expression as written.
    pub text: String,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationRecord {
    /// The place entity's id, when linked.
    pub entity: Option<String>,
    /// The place as named.
    pub name: String,
    /// ISO 3166 alpha-2 country code, when known.
    pub country: Option<String>,
}

/// A participant in an event: a perpetrator or a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantRecord {
    /// The words that name it.
    pub text: String,
    /// The entity's id, when linked.
    pub entity: Option<String>,
    /// For perpetrators `organization` or `individual`; for targets `human` or `physical`.
    pub kind: String,
}

/// A weapon as named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeaponRecord {
    /// The words that name it.
    pub text: String,
}

/// A count with its hedge: "over 130" is `{min: 130, max: null, qualifier: "over"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRecord {
    /// The least the count can be.
    pub min: Option<u32>,
    /// The most the count can be.
    pub max: Option<u32>,
    /// How the text bounds it: `exact`, `at_least`, `over`, `at_most`, `about`, `range`, `vague`.
    pub qualifier: String,
    /// The words it came from.
    pub text: String,
}

/// The contract's `event` record: one report of an event in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Stable id, derived from the document id and the report's span.
    pub id: String,
    /// The document's id.
    pub doc: String,
    /// `attack`, `bombing`, `armed_assault`, `kidnapping`, `assassination`, `arson`,
    /// `hijacking`, `airstrike`, `raid`, `arrest`, `warning`, `claim` or `threat`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// A refinement: `suicide`, `vehicle`, `twin` ...
    pub subtype: Option<String>,
    /// When it happened.
    pub date: Option<DateRecord>,
    /// Where it happened.
    pub location: Option<LocationRecord>,
    /// Who did it.
    pub perpetrators: Vec<ParticipantRecord>,
    /// Who or what it was done to.
    pub targets: Vec<ParticipantRecord>,
    /// With what.
    pub weapons: Vec<WeaponRecord>,
    /// How many died.
    pub killed: Option<CountRecord>,
    /// How many were hurt.
    pub injured: Option<CountRecord>,
    /// True when responsibility was claimed or admitted, false when it was denied, null when
    /// the text only blames or says nothing.
    pub claimed: Option<bool>,
    /// The spans the report rests on.
    pub evidence: Vec<EvidenceRecord>,
    /// How sure the extractor is, 0 to 1.
    pub confidence: f32,
}

/// The contract's `quote` record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRecord {
    /// Stable id, derived from the document id and the span.
    pub id: String,
    /// The document's id.
    pub doc: String,
    /// The speaker's entity id, when the speaker is a linked entity.
    pub speaker: Option<String>,
    /// The speaker as the text names or describes them ("a US intelligence official").
    pub speaker_text: Option<String>,
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// First char of the quoted words.
    pub start: usize,
    /// One past their last char.
    pub end: usize,
}

/// The contract's `relation` record between two entities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationRecord {
    /// The subject entity's id, or its name when not linked.
    pub subject: String,
    /// `affiliate_of`, `adversary_of`, `member_of`, `splinter_of`, `allied_with`.
    pub predicate: String,
    /// The object entity's id, or its name when not linked.
    pub object: String,
    /// The spans it rests on.
    pub evidence: Vec<EvidenceRecord>,
}

/// One report's figure inside an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFigureRecord {
    /// The event report's id.
    pub event: String,
    /// Its document.
    pub doc: String,
    /// The least the report's count can be.
    pub min: Option<u32>,
    /// The most it can be.
    pub max: Option<u32>,
}

/// Killed or injured across an incident's reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiguresRecord {
    /// The best estimate: the highest lower bound among the reports from the most recent
    /// publication date that gives a figure.
    pub best: Option<u32>,
    /// The lowest figure any report gives.
    pub min: Option<u32>,
    /// The highest figure any report gives.
    pub max: Option<u32>,
    /// Every report's figure with its event id.
    pub reports: Vec<ReportFigureRecord>,
}

/// The contract's `incident` record: one real-world event and every report of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentRecord {
    /// Stable id: unchanged while no new report touches the incident, and kept when later
    /// documents join it.
    pub id: String,
    /// The most specific event type its reports give.
    #[serde(rename = "type")]
    pub incident_type: String,
    /// The narrowest date its reports give.
    pub date: Option<DateRecord>,
    /// The most precise place its reports give.
    pub location: Option<LocationRecord>,
    /// The perpetrator named most often, as named.
    pub perpetrator: Option<String>,
    /// Every perpetrator's entity id (an extension of the contract).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub perpetrators: Vec<String>,
    /// Killed, across reports.
    pub killed: FiguresRecord,
    /// Injured, across reports.
    pub injured: FiguresRecord,
    /// Its event reports' ids.
    pub events: Vec<String>,
    /// Its documents' ids.
    pub docs: Vec<String>,
    /// Those of `docs` that nearly copy another of them (a syndicated or reposted story): their
    /// reports are kept, but they are not independent sources (an extension of the contract;
    /// absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<String>,
}

/// A fact about an actor (an extension of the contract): a strength estimate ("fewer than
/// 2,000 fighters", as of a date) or a founding ("formed in eastern Afghanistan in 2015").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactRecord {
    /// Stable id, derived from the document id, the span and the kind.
    pub id: String,
    /// The document's id.
    pub doc: String,
    /// `strength` or `founding`.
    #[serde(rename = "type")]
    pub fact_type: String,
    /// The actor's entity id, when linked.
    pub subject: Option<String>,
    /// The actor as named.
    pub subject_text: String,
    /// The count, for strength estimates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<CountRecord>,
    /// The date the estimate holds at, or of the founding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateRecord>,
    /// Where the actor was founded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<LocationRecord>,
    /// The spans it rests on.
    pub evidence: Vec<EvidenceRecord>,
}
