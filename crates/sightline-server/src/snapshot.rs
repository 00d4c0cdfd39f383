//! The in-memory view the server answers from: every document's metadata, every entity, and
//! which entity each stretch of each document mentions.
//!
//! Analysing a document takes milliseconds and fusing entities needs every document, so neither
//! can happen per request. The snapshot does both once, at startup (and again after an ingest
//! over HTTP), and handlers only look things up. Document texts stay in the store: they are the
//! bulk of a corpus and one indexed read per document page costs well under a millisecond.
//!
//! Later layers (events, quotes, incidents) slot in as more per-document vectors beside
//! `mentions`, filled from the same analysis pass.

use std::collections::HashMap;

use chrono::NaiveDate;
use sightline_core::{DocId, DocKind, Document};
use sightline_pipeline::analysis::{normalise_name, Analyzer, Entity, EntityIndex, EntityKind};
use sightline_store::Store;

/// Documents analysed together: enough to keep every core busy, few enough that memory stays
/// flat while the snapshot is built.
const ANALYSIS_CHUNK: usize = 256;

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
    document_by_id: HashMap<DocId, usize>,
    entity_by_id: HashMap<String, usize>,
}

impl Snapshot {
    /// Reads and analyses every stored document.
    pub fn build(store: &Store, analyzer: &Analyzer) -> Result<Snapshot, sightline_store::Error> {
        let mut documents = Vec::new();
        let mut index = EntityIndex::default();
        let mut chunk: Vec<Document> = Vec::with_capacity(ANALYSIS_CHUNK);
        let analyse_chunk = |chunk: &mut Vec<Document>, index: &mut EntityIndex| {
            for (document, analysis) in chunk.iter().zip(analyzer.analyze_all(chunk)) {
                index.add(document, &analysis);
            }
            chunk.clear();
        };
        store.for_each_document(&mut |document| {
            documents.push(summary_of(&document));
            chunk.push(document);
            if chunk.len() >= ANALYSIS_CHUNK {
                analyse_chunk(&mut chunk, &mut index);
            }
            Ok(())
        })?;
        analyse_chunk(&mut chunk, &mut index);
        Ok(Snapshot::from_parts(documents, index.into_entities()))
    }

    /// Indexes documents and entities for lookups.
    fn from_parts(mut documents: Vec<DocumentSummary>, entities: Vec<Entity>) -> Snapshot {
        documents.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.id.cmp(&b.id)));
        let document_by_id: HashMap<DocId, usize> =
            documents.iter().enumerate().map(|(index, document)| (document.id.clone(), index)).collect();
        let entity_by_id =
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
        Snapshot {
            documents,
            entities,
            name_keys,
            mentions,
            entity_documents,
            most_mentioned,
            document_by_id,
            entity_by_id,
        }
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
    }
}

/// Parses the contract's name of an entity kind.
pub fn parse_kind(name: &str) -> Option<EntityKind> {
    [EntityKind::Person, EntityKind::Organization, EntityKind::Location, EntityKind::Misc]
        .into_iter()
        .find(|kind| kind.as_str() == name)
}
