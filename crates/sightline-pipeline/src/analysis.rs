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

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use sightline_core::{CharIndex, DocId, Document};
use sightline_extract::{DocContext, Extraction};
use sightline_nlp::ner::{EntityType, ModelError};
use sightline_nlp::{find_dates_written_after, Annotations, Annotator};

use crate::link::link_document;
pub use crate::link::{KbLink, LinkedMention, LocalEntity};
use crate::people::{PersonName, Role};

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
    /// The entities the document names, each with the names that stand for it.
    pub entities: Vec<LocalEntity>,
    /// The place the document's dateline names: where the reporter filed from.
    pub filed_from: Option<KbLink>,
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
        let filed_from = document.dateline.as_deref().and_then(KbLink::of_dateline);
        let entities = link_document(&document.text, &annotations, filed_from.as_ref());
        let extraction = extract_from(document, &annotations, &entities);
        DocumentAnalysis { annotations, entities, extraction, filed_from }
    }

    /// Analyses a document with no publication date again, now that it is known to have been
    /// written on or after `written_after` (from the dated incidents its reports joined): its
    /// dates resolve against that bound (see `sightline_nlp::find_dates_written_after`) and
    /// extraction runs again. Names and entities do not depend on dates and are kept.
    pub fn redate(
        document: &Document,
        analysis: &DocumentAnalysis,
        written_after: NaiveDate,
    ) -> DocumentAnalysis {
        let mut annotations = analysis.annotations.clone();
        annotations.dates =
            find_dates_written_after(&document.text, &annotations.tokens, Some(written_after));
        let extraction = extract_from(document, &annotations, &analysis.entities);
        DocumentAnalysis {
            annotations,
            entities: analysis.entities.clone(),
            filed_from: analysis.filed_from.clone(),
            extraction,
        }
    }
}

/// Where a document names armed groups the knowledge base knows, in text order.
fn group_spans(entities: &[LocalEntity]) -> Vec<sightline_extract::Span> {
    let mut spans: Vec<sightline_extract::Span> = entities
        .iter()
        .filter(|entity| entity.kb.actor_kind == Some("armed_group"))
        .flat_map(|entity| &entity.mentions)
        .map(|mention| sightline_extract::Span { start: mention.byte_start, end: mention.byte_end })
        .collect();
    spans.sort_unstable();
    spans
}

/// The kind of thing an entity is, in the contract's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
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

    /// The kind of a tagged name.
    pub fn of(kind: EntityType) -> EntityKind {
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
    /// Roles, with the document that gives each.
    pub roles: Vec<(Role, DocId)>,
    /// What the knowledge base says of it.
    pub kb: KbLink,
}

/// Gathers entities across documents and merges those that are one.
///
/// Entities merge when kind and normalised name agree (case, a leading "the", a trailing
/// possessive and spacing do not tell entities apart). People merge also when their names are
/// compatible ("Michael E. Kurilla", "Erik Kurilla") and a role agrees (same title or same
/// organisation), never on a shared surname alone. Aliases and acronyms of actors are the
/// knowledge base's work.
#[derive(Debug, Default)]
pub struct EntityIndex {
    entities: BTreeMap<(EntityKind, String), Gathered>,
}

#[derive(Debug, Default)]
struct Gathered {
    mentions: Vec<EntityMention>,
    roles: Vec<(Role, DocId)>,
    /// The knowledge base's name, when it knows the entity.
    kb_name: Option<String>,
    kb: KbLink,
}

impl EntityIndex {
    /// Adds the entities one document names.
    pub fn add(&mut self, document: &Document, entities: &[LocalEntity]) {
        let chars = CharIndex::new(&document.text);
        for entity in entities {
            let gathered = self.entities.entry((entity.kind, entity.key.clone())).or_default();
            if entity.kb != KbLink::default() && gathered.kb_name.is_none() {
                gathered.kb_name = Some(entity.name.clone());
                gathered.kb = entity.kb.clone();
            }
            for mention in &entity.mentions {
                let (Some(start), Some(end)) =
                    (chars.char_offset(mention.byte_start), chars.char_offset(mention.byte_end))
                else {
                    continue;
                };
                let Some(text) = document.text.get(mention.byte_start..mention.byte_end) else { continue };
                gathered.mentions.push(EntityMention {
                    doc: document.id.clone(),
                    start,
                    end,
                    text: text.to_string(),
                    how: mention.how,
                });
            }
            for role in &entity.roles {
                gathered.roles.push((role.clone(), document.id.clone()));
            }
        }
    }

    /// The entities, ordered by kind and key.
    pub fn into_entities(self) -> Vec<Entity> {
        self.into_entities_and_ids().0
    }

    /// The entities, and the id each document-level key ([`LocalEntity::key`] with its kind)
    /// ended up with after merging.
    pub fn into_entities_and_ids(self) -> (Vec<Entity>, HashMap<(EntityKind, String), String>) {
        let keys: Vec<(EntityKind, String)> = self.entities.keys().cloned().collect();
        let mut groups = UnionFind::new(keys.len());
        merge_people(&keys, &self.entities, &mut groups);
        let mut merged: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for index in 0..keys.len() {
            merged.entry(groups.find(index)).or_default().push(index);
        }
        let mut gathered: Vec<Option<Gathered>> = self.entities.into_values().map(Some).collect();
        let mut ids: HashMap<(EntityKind, String), String> = HashMap::new();
        let mut entities: Vec<Entity> = merged
            .into_values()
            .map(|members| {
                let kind = keys[members[0]].0;
                let mut mentions = Vec::new();
                let mut roles: Vec<(Role, DocId)> = Vec::new();
                let mut kb_name = None;
                let mut kb = KbLink::default();
                for &member in &members {
                    if let Some(part) = gathered[member].take() {
                        if kb_name.is_none() && part.kb_name.is_some() {
                            kb_name = part.kb_name;
                            kb = part.kb;
                        }
                        mentions.extend(part.mentions);
                        for role in part.roles {
                            if !roles.contains(&role) {
                                roles.push(role);
                            }
                        }
                    }
                }
                let mut forms: BTreeMap<&str, usize> = BTreeMap::new();
                for mention in &mentions {
                    *forms.entry(mention.text.as_str()).or_default() += 1;
                }
                let longest_form = forms
                    .iter()
                    .max_by_key(|(form, count)| (form.chars().count(), **count, std::cmp::Reverse(*form)))
                    .map(|(form, _)| form.to_string())
                    .unwrap_or_default();
                let name = kb_name.unwrap_or(longest_form);
                let aliases =
                    forms.keys().filter(|form| **form != name).map(|form| form.to_string()).collect();
                // Known entities are keyed by their knowledge-base id, the rest by name.
                let key = match (&kb.actor, kb.geonames) {
                    (Some(actor), _) => format!("actor:{actor}"),
                    (None, Some(geonames)) => format!("place:{geonames}"),
                    (None, None) => normalise_name(&name),
                };
                let id =
                    DocId::from_content(&format!("entity\u{1f}{}\u{1f}{key}", kind.as_str())).to_string();
                for &member in &members {
                    ids.insert(keys[member].clone(), id.clone());
                }
                Entity { id, kind, name, aliases, mentions, roles, kb }
            })
            .collect();
        entities.sort_by_cached_key(|entity| (entity.kind, normalise_name(&entity.name)));
        (entities, ids)
    }
}

/// Joins people whose names are compatible and who share a role title or organisation, or
/// whose one name is a short form of the other's in the same document set and nothing else
/// competes for it.
fn merge_people(
    keys: &[(EntityKind, String)],
    gathered: &BTreeMap<(EntityKind, String), Gathered>,
    groups: &mut UnionFind,
) {
    // Compatible names share their surname, so only people of one surname are compared: the
    // pass stays near linear in the people of the corpus instead of quadratic.
    let mut by_surname: BTreeMap<String, Vec<(usize, PersonName, &Gathered)>> = BTreeMap::new();
    for (index, key) in keys.iter().enumerate().filter(|(_, (kind, _))| *kind == EntityKind::Person) {
        let (Some(name), Some(found)) = (PersonName::parse(&key.1), gathered.get(key)) else { continue };
        by_surname.entry(name.surname.clone()).or_default().push((index, name, found));
    }
    for people in by_surname.values() {
        merge_namesakes(people, groups);
    }
}

/// Merges people of one surname whose names are compatible and who share a role.
fn merge_namesakes(people: &[(usize, PersonName, &Gathered)], groups: &mut UnionFind) {
    for (position, (first, first_name, first_gathered)) in people.iter().enumerate() {
        for (second, second_name, second_gathered) in &people[position + 1..] {
            if !first_name.compatible(second_name) {
                continue;
            }
            let share_role = first_gathered.roles.iter().any(|(role, _)| {
                second_gathered.roles.iter().any(|(other, _)| {
                    role.title == other.title
                        || matches!((&role.org, &other.org), (Some(a), Some(b)) if normalise_org(a) == normalise_org(b))
                })
            });
            if share_role {
                groups.union(*first, *second);
            }
        }
    }
}

/// An organisation's name for comparing roles: "U.S. Central Command" and "US Central Command"
/// agree.
fn normalise_org(name: &str) -> String {
    normalise_name(&name.replace('.', ""))
}

/// Disjoint sets over `0..n`, smallest index as the root so that results do not depend on the
/// order of unions.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(size: usize) -> UnionFind {
        UnionFind { parent: (0..size).collect() }
    }

    fn find(&mut self, index: usize) -> usize {
        let mut root = index;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        let mut node = index;
        while self.parent[node] != root {
            let next = self.parent[node];
            self.parent[node] = root;
            node = next;
        }
        root
    }

    fn union(&mut self, first: usize, second: usize) {
        let (first, second) = (self.find(first), self.find(second));
        let (low, high) = if first < second { (first, second) } else { (second, first) };
        self.parent[high] = low;
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

/// Events, quotes, relations and facts of a document, given its annotations and the groups its
/// linked entities name (which `extract` reads for "the group").
fn extract_from(
    document: &Document,
    annotations: &Annotations,
    entities: &[LocalEntity],
) -> sightline_extract::Extraction {
    let groups = group_spans(entities);
    let context = DocContext {
        published: document.published,
        dateline: document.dateline.as_deref(),
        title: document.title.as_deref(),
        groups: &groups,
    };
    sightline_extract::extract(&document.text, annotations, &context)
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
            index.add(document, &analyzer.analyze(document).entities);
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
