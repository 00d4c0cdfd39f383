//! The analysis stages: what each stored document says, and the entities across documents.
//!
//! ```text
//! Document ──annotate──▶ Annotations ──┬──▶ EntityIndex ──▶ entities across documents
//!                                      └──▶ extract: events, quotes, relations, facts
//! ```
//!
//! Analysis reads documents, never pages: it runs on what the store holds, so improving a
//! model or a rule and rerunning `export` or `analyze` brings every stored document up to date
//! without ingesting anything again. Each document is analysed on its own, in parallel; only
//! the [`EntityIndex`] looks across documents.

use std::collections::BTreeMap;

use rayon::prelude::*;
use sightline_core::{CharIndex, DocId, Document};
use sightline_extract::{DocContext, Extraction};
use sightline_nlp::ner::{EntityType, ModelError};
use sightline_nlp::{Annotations, Annotator};

/// Runs the per-document analysis stages with their models loaded once.
#[derive(Clone)]
pub struct Analyzer {
    annotator: Annotator,
}

/// What one document says.
#[derive(Debug, Clone)]
pub struct DocumentAnalysis {
    /// Tokens, sentences, names, dates and counts of the clean text.
    pub annotations: Annotations,
    /// Events, quotes, relations and facts, in byte spans of the clean text.
    pub extraction: Extraction,
}

impl Analyzer {
    /// An analyzer with the models shipped in the binary.
    pub fn embedded() -> Result<Analyzer, ModelError> {
        Ok(Analyzer { annotator: Annotator::embedded()? })
    }

    /// Analyses one document: dates in it resolve against its publication date.
    pub fn analyze(&self, document: &Document) -> DocumentAnalysis {
        let annotations = self.annotator.annotate(&document.text, document.published);
        let context = DocContext {
            published: document.published,
            dateline: document.dateline.as_deref(),
            title: document.title.as_deref(),
        };
        let extraction = sightline_extract::extract(&document.text, &annotations, &context);
        DocumentAnalysis { annotations, extraction }
    }

    /// Analyses documents in parallel; the results are in the documents' order.
    pub fn analyze_all(&self, documents: &[Document]) -> Vec<DocumentAnalysis> {
        documents.par_iter().map(|document| self.analyze(document)).collect()
    }
}

/// The kind of thing an entity is, in the contract's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation: an armed group, an agency, a company, a state as an actor.
    Organization,
    /// A place.
    Location,
    /// Any other name: nationalities, religious and ethnic groups, events.
    Misc,
}

impl EntityKind {
    /// The contract's name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Location => "location",
            EntityKind::Misc => "misc",
        }
    }

    fn of(kind: EntityType) -> EntityKind {
        match kind {
            EntityType::Per => EntityKind::Person,
            EntityType::Org => EntityKind::Organization,
            EntityType::Loc => EntityKind::Location,
            EntityType::Misc => EntityKind::Misc,
        }
    }
}

/// One mention of an entity, in chars of its document's clean text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMention {
    /// The document.
    pub doc: DocId,
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// As written.
    pub text: String,
    /// Why the mention belongs to its entity.
    pub how: &'static str,
}

/// An entity and every mention of it across the documents seen.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Stable id: a hash of the kind and the key name, so that the same entity gets the same
    /// id in every run.
    pub id: String,
    /// What it is.
    pub kind: EntityKind,
    /// The canonical name: the longest form, the most frequent among equals.
    pub name: String,
    /// Every other form.
    pub aliases: Vec<String>,
    /// Every mention, in the order the documents were added.
    pub mentions: Vec<EntityMention>,
}

/// Gathers entity mentions across documents and groups those that name the same entity.
///
/// Names are grouped by kind and normalised form (case, a leading "the", a trailing
/// possessive and spacing do not tell entities apart). This is exact-name linking; aliases,
/// acronyms and people named by surname are the knowledge base's work.
#[derive(Debug, Default)]
pub struct EntityIndex {
    entities: BTreeMap<(EntityKind, String), Vec<EntityMention>>,
}

impl EntityIndex {
    /// Adds the names of one analysed document.
    pub fn add(&mut self, document: &Document, analysis: &DocumentAnalysis) {
        let chars = CharIndex::new(&document.text);
        for name in &analysis.annotations.names {
            let text = name.text(&document.text);
            let key = normalise_name(text);
            let (Some(start), Some(end)) =
                (chars.char_offset(name.byte_start), chars.char_offset(name.byte_end))
            else {
                continue;
            };
            if key.is_empty() {
                continue;
            }
            let mention = EntityMention {
                doc: document.id.clone(),
                start,
                end,
                text: text.to_string(),
                how: "exact name",
            };
            self.entities.entry((EntityKind::of(name.kind), key)).or_default().push(mention);
        }
    }

    /// The entities, ordered by kind and key.
    pub fn into_entities(self) -> Vec<Entity> {
        self.entities
            .into_iter()
            .map(|((kind, key), mentions)| {
                let mut forms: BTreeMap<&str, usize> = BTreeMap::new();
                for mention in &mentions {
                    *forms.entry(mention.text.as_str()).or_default() += 1;
                }
                let name = forms
                    .iter()
                    .max_by_key(|(form, count)| (form.chars().count(), **count, std::cmp::Reverse(*form)))
                    .map(|(form, _)| form.to_string())
                    .unwrap_or_default();
                let aliases =
                    forms.keys().filter(|form| **form != name).map(|form| form.to_string()).collect();
                let id =
                    DocId::from_content(&format!("entity\u{1f}{}\u{1f}{key}", kind.as_str())).to_string();
                Entity { id, kind, name, aliases, mentions }
            })
            .collect()
    }
}

/// The form two mentions of one entity share: lower case, single spaces, no leading "the" and
/// no trailing possessive.
pub fn normalise_name(text: &str) -> String {
    let mut words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    if let Some(last) = words.last_mut() {
        for suffix in ["'s", "’s"] {
            if let Some(stem) = last.strip_suffix(suffix) {
                *last = stem.to_string();
            }
        }
    }
    words.retain(|word| !word.is_empty());
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_core::{DocKind, Source};

    fn document(text: &str) -> Document {
        Document {
            id: DocId::from_content(text),
            source: Source::default(),
            kind: DocKind::Article,
            title: None,
            published: None,
            author: None,
            dateline: None,
            credit: None,
            language: None,
            text: text.to_string(),
            removed: vec![],
            parent: None,
        }
    }

    #[test]
    fn names_group_across_documents_with_char_offsets() {
        let Ok(analyzer) = Analyzer::embedded() else { panic!("the embedded model loads") };
        let first = document("“We will respond,” said Joe Biden in Washington on Monday.");
        let second = document("Joe Biden's statement came after the attack in Kabul.");
        let mut index = EntityIndex::default();
        for document in [&first, &second] {
            index.add(document, &analyzer.analyze(document));
        }
        let entities = index.into_entities();
        let biden = entities.iter().find(|entity| entity.name == "Joe Biden");
        let Some(biden) = biden else { panic!("no Joe Biden in {entities:?}") };
        assert_eq!(biden.kind, EntityKind::Person);
        assert_eq!(biden.mentions.len(), 2);
        let mention = &biden.mentions[0];
        let chars: Vec<char> = first.text.chars().collect();
        assert_eq!(chars[mention.start..mention.end].iter().collect::<String>(), "Joe Biden");
    }

    #[test]
    fn normalised_names_drop_article_possessive_and_case() {
        assert_eq!(normalise_name("the  Taliban’s"), "taliban");
        assert_eq!(normalise_name("The Hague"), "hague");
        assert_eq!(normalise_name("The"), "the");
    }
}
