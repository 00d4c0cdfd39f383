//! The output contract: the JSON records `sightline export --format jsonl` writes.
//!
//! Other tools and our own evaluations read these records, so they change only by extension
//! (new fields, new kinds), never silently. They are defined once here and filled by hand from
//! the internal types in `sightline-core`, as rust-analyzer's `to_proto.rs` converts its model
//! at the edge: the internal types stay free to change shape, and only this crate knows JSON.
//!
//! Each line of an export is one [`Record`]; its `kind` field says which.
//!
//! ```
//! use sightline_contract::{DocumentRecord, Record};
//! use sightline_core::{DocId, DocKind, Document, Source};
//! let document = Document {
//!     id: DocId::from_content("KABUL – A blast."), source: Source::default(), kind: DocKind::Article,
//!     title: None, published: None, author: None, dateline: Some("Kabul".into()), credit: None,
//!     language: Some("en".into()), text: "KABUL – A blast.".into(), removed: vec![], parent: None,
//! };
//! let line = serde_json::to_string(&Record::Document(DocumentRecord::from_document(&document))).unwrap();
//! assert!(line.starts_with(r#"{"kind":"document","id":""#));
//! ```
#![deny(missing_docs)]

mod facts;

pub use facts::{
    CountRecord, DateRecord, EntityRecord, EventRecord, EvidenceRecord, FactRecord, FiguresRecord,
    IncidentRecord, KbRecord, LocationRecord, MentionRecord, ParticipantRecord, QuoteRecord, RelationRecord,
    ReportFigureRecord, RoleRecord, WeaponRecord,
};

use serde::{Deserialize, Serialize};
use sightline_core::{DocKind, Document, RemovalReason, Source};

/// One line of an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// A cleaned document.
    Document(DocumentRecord),
    /// An entity with its mentions.
    Entity(EntityRecord),
    /// One report of an event in one document.
    Event(EventRecord),
    /// A quotation with its speaker.
    Quote(QuoteRecord),
    /// A relation between two entities.
    Relation(RelationRecord),
    /// One real-world event with every report of it.
    Incident(IncidentRecord),
    /// A fact about an actor (an extension of the contract).
    Fact(FactRecord),
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SourceRecord {
    /// The file it was read from; absent for stdin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Its URL, when the input stated one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The id the input gave it (JSON Lines `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its place in a multi-page input: JSON Lines line, WARC record byte offset, feed item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
}

impl SourceRecord {
    /// Converts a source into its record.
    pub fn from_source(source: &Source) -> SourceRecord {
        SourceRecord {
            path: source.path.clone(),
            url: source.url.clone(),
            id: source.id.clone(),
            record: source.record,
        }
    }
}

/// A dropped block of the page and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedRecord {
    /// The block's text.
    pub text: String,
    /// Why it was dropped: one of the names of `RemovalReason`.
    pub reason: String,
}

/// The contract's `document` record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Content-derived id (32 hex digits).
    pub id: String,
    /// Where it came from.
    pub source: SourceRecord,
    /// `article`, `listing` or `story` (an extension of the contract).
    pub page_kind: String,
    /// The headline.
    pub title: Option<String>,
    /// ISO date of publication.
    pub published: Option<String>,
    /// Author (an extension of the contract).
    pub author: Option<String>,
    /// Where the reporter filed from.
    pub dateline: Option<String>,
    /// The credited agency or outlet.
    pub credit: Option<String>,
    /// ISO 639-1 language code.
    pub language: Option<String>,
    /// The clean text; every offset in other records counts chars of this string.
    pub text: String,
    /// Every dropped block with its reason.
    pub removed: Vec<RemovedRecord>,
    /// The listing page a story was split from.
    pub parent: Option<String>,
    /// Every other file or record the same text was read from (an extension of the contract;
    /// absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_sources: Vec<SourceRecord>,
    /// The document this one is a near-copy of (a syndicated or reposted story), with the
    /// estimated share of word 5-grams they have in common (an extension of the contract;
    /// absent for originals). Its facts are kept but not counted as an independent report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<DuplicateRecord>,
}

/// The original a near-duplicate document copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateRecord {
    /// The original's id.
    pub id: String,
    /// Estimated Jaccard similarity of their word 5-grams, 0.8 to 1.
    pub similarity: f64,
}

impl DocumentRecord {
    /// Converts a document into its record.
    pub fn from_document(document: &Document) -> DocumentRecord {
        DocumentRecord {
            id: document.id.to_string(),
            source: SourceRecord::from_source(&document.source),
            page_kind: document.kind.as_str().to_string(),
            title: document.title.clone(),
            published: document.published.map(|date| date.format("%Y-%m-%d").to_string()),
            author: document.author.clone(),
            dateline: document.dateline.clone(),
            credit: document.credit.clone(),
            language: document.language.clone(),
            text: document.text.clone(),
            removed: document
                .removed
                .iter()
                .map(|removed| RemovedRecord {
                    text: removed.text.clone(),
                    reason: removed.reason.as_str().to_string(),
                })
                .collect(),
            parent: document.parent.as_ref().map(ToString::to_string),
            other_sources: Vec::new(),
            duplicate_of: None,
        }
    }

    /// The page kind, if the record names a known one.
    pub fn doc_kind(&self) -> Option<DocKind> {
        DocKind::parse(&self.page_kind)
    }

    /// The removal reasons, if every record names a known one.
    pub fn removal_reasons(&self) -> Option<Vec<RemovalReason>> {
        self.removed.iter().map(|removed| RemovalReason::parse(&removed.reason)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use sightline_core::{DocId, Removed};

    #[test]
    fn document_round_trips_through_json() {
        let document = Document {
            id: DocId::from_content("text"),
            source: Source { path: Some("a/b.txt".into()), url: None, id: Some("7".into()), record: Some(3) },
            kind: DocKind::Story,
            title: Some("Café – “bombing”".into()),
            published: NaiveDate::from_ymd_opt(2024, 3, 22),
            author: None,
            dateline: Some("Moscow".into()),
            credit: Some("The Associated Press".into()),
            language: Some("en".into()),
            text: "Text.".into(),
            removed: vec![Removed { text: "Leave a Reply".into(), reason: RemovalReason::Comments }],
            parent: Some(DocId::from_content("listing")),
        };
        let record = DocumentRecord::from_document(&document);
        let line = serde_json::to_string(&Record::Document(record.clone())).unwrap();
        assert!(line.contains(r#""published":"2024-03-22""#));
        assert!(line.contains(r#""reason":"comments""#));
        assert!(!line.contains(r#""url""#), "absent source fields are left out: {line}");
        let Ok(Record::Document(back)) = serde_json::from_str(&line) else {
            panic!("not a document: {line}")
        };
        assert_eq!(back, record);
        assert_eq!(back.doc_kind(), Some(DocKind::Story));
        assert_eq!(back.removal_reasons(), Some(vec![RemovalReason::Comments]));
    }
}
