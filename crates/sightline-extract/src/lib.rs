//! Who did what to whom, where, when and how many, and who said so: event reports, quotes,
//! relations between actors and facts about them, found in one annotated document.
//!
//! ```text
//! text + Annotations (tokens, sentences, names, dates, counts) + DocContext
//!   ──▶ events   (trigger lexicon → filters → arguments around the trigger)
//!   ──▶ quotes   (quotation marks → speech verb → speaker)
//!   ──▶ relations and facts (cue words between two named actors)
//! ```
//!
//! The method is rules over the annotations, not a trained model: the rules have to read both
//! ALL-CAPS 1990 wire copy and 2024 web news, and a lexicon plus positions relative to a
//! trigger transfers between the two where features learned from one would not. Every value
//! keeps the byte span it came from and, for arguments, the index of the name mention it was
//! built on, so that entity linking can fill in entity ids later without re-reading the text.
//!
//! Pure: no I/O, no clock; dates resolve against [`DocContext::published`].

mod events;
mod filter;

pub use filter::relevance_feature;
mod lexicon;
mod phrase;
mod places;
mod quotes;
mod relations;
mod relevance;

/// Whether a single word names a people rather than anyone: a nationality ("Afghan"), a
/// religion or sect ("Shiite"). The tagger sometimes takes one before a noun for a person.
pub fn names_a_people(word: &str) -> bool {
    places::is_demonym(word) || lexicon::identity_adjective(&word.to_lowercase())
}

use chrono::NaiveDate;
use sightline_nlp::{Annotations, DatePrecision, Qualifier};

/// What the extractor knows of a document besides its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocContext<'a> {
    /// When the document was published: the date "today" and "Thursday" resolve against.
    pub published: Option<NaiveDate>,
    /// Where the reporter filed from ("KABUL"): never taken as an event's place by itself.
    pub dateline: Option<&'a str>,
    /// The headline.
    pub title: Option<&'a str>,
    /// Where the text names an armed group the knowledge base knows (found by linking, which
    /// runs first), in text order: the tagger may miss a group's acronym ("ISIS-K"), and "the
    /// group" can stand for it all the same.
    pub groups: &'a [Span],
}

/// A byte range of the document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// The kind of an event report, in the contract's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    /// An attack of no more specific kind, or of several.
    Attack,
    /// Explosives: bombs, blasts, car bombs, suicide bombings.
    Bombing,
    /// Shootings, ambushes, massacres.
    ArmedAssault,
    /// Abductions and hostage-taking.
    Kidnapping,
    /// The killing of a named or prominent person.
    Assassination,
    /// Setting fire.
    Arson,
    /// Seizing a vehicle, plane or ship.
    Hijacking,
    /// Strikes from the air, drones included.
    Airstrike,
    /// A raid by security forces.
    Raid,
    /// Arrests and detentions.
    Arrest,
    /// A warning of a coming attack.
    Warning,
    /// A claim of responsibility with no other event in its sentence.
    Claim,
    /// A threat, or an attack that is only planned, wished for or possible.
    Threat,
}

impl EventType {
    /// Every type, in the order above.
    pub const ALL: [EventType; 13] = [
        EventType::Attack,
        EventType::Bombing,
        EventType::ArmedAssault,
        EventType::Kidnapping,
        EventType::Assassination,
        EventType::Arson,
        EventType::Hijacking,
        EventType::Airstrike,
        EventType::Raid,
        EventType::Arrest,
        EventType::Warning,
        EventType::Claim,
        EventType::Threat,
    ];

    /// The contract's name of the type.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Attack => "attack",
            EventType::Bombing => "bombing",
            EventType::ArmedAssault => "armed_assault",
            EventType::Kidnapping => "kidnapping",
            EventType::Assassination => "assassination",
            EventType::Arson => "arson",
            EventType::Hijacking => "hijacking",
            EventType::Airstrike => "airstrike",
            EventType::Raid => "raid",
            EventType::Arrest => "arrest",
            EventType::Warning => "warning",
            EventType::Claim => "claim",
            EventType::Threat => "threat",
        }
    }

    /// True for the types that are violence done, not words or police work.
    pub fn is_violent(self) -> bool {
        !matches!(self, EventType::Arrest | EventType::Warning | EventType::Claim | EventType::Threat)
    }
}

/// What a perpetrator or target is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArgumentKind {
    /// A named group: "Shining Path", "ISIS-K".
    Organization,
    /// People described or named: "gunmen", "a suicide bomber", "members of the FMLN".
    Individual,
    /// People harmed: "worshippers", "a judge", "Cerezo".
    Human,
    /// Things harmed: "a concert hall", "an electric power substation".
    Physical,
}

impl ArgumentKind {
    /// The contract's name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            ArgumentKind::Organization => "organization",
            ArgumentKind::Individual => "individual",
            ArgumentKind::Human => "human",
            ArgumentKind::Physical => "physical",
        }
    }
}

/// A participant or weapon, as the text names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argument {
    /// The words, as written.
    pub text: String,
    /// Where they are.
    pub span: Span,
    /// The index in [`Annotations::names`] of the name it was built on, if any; a pronoun
    /// resolved to an earlier name points at that name.
    pub name: Option<usize>,
    /// What it is; weapons are [`ArgumentKind::Physical`].
    pub kind: ArgumentKind,
}

/// A count of people killed or hurt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// The least it can be.
    pub min: Option<u32>,
    /// The most it can be.
    pub max: Option<u32>,
    /// The contract's qualifier: `exact`, `at_least`, `over`, `at_most`, `about`, `range`,
    /// `vague` (`under` counts are reported as `at_most`).
    pub qualifier: &'static str,
    /// The words it came from.
    pub text: String,
    /// Where.
    pub span: Span,
}

/// When an event happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate {
    /// The first day of the period, when resolvable.
    pub value: Option<NaiveDate>,
    /// How much of the date is known.
    pub precision: DatePrecision,
    /// The words, or empty when the date is the document's own.
    pub text: String,
    /// Where the words are; `None` for the document's date.
    pub span: Option<Span>,
}

impl From<&sightline_nlp::DateMention> for EventDate {
    /// The date a text states, with its words and where they are.
    fn from(mention: &sightline_nlp::DateMention) -> EventDate {
        EventDate {
            value: mention.value,
            precision: mention.precision,
            text: mention.text.clone(),
            span: Some(Span { start: mention.byte_start, end: mention.byte_end }),
        }
    }
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The place, as named.
    pub name: String,
    /// Where it is named.
    pub span: Span,
    /// The place name's index in [`Annotations::names`], if it is one.
    pub name_index: Option<usize>,
    /// ISO 3166 alpha-2 code, when the place is a country or capital or the text names one
    /// beside it.
    pub country: Option<&'static str>,
}

/// One report of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// What kind of event.
    pub kind: EventType,
    /// A refinement: `suicide`, `vehicle`, `twin`.
    pub subtype: Option<&'static str>,
    /// The word that reported it.
    pub trigger: Span,
    /// When.
    pub date: Option<EventDate>,
    /// Where.
    pub location: Option<Location>,
    /// Who did it.
    pub perpetrators: Vec<Argument>,
    /// Who or what it was done to.
    pub targets: Vec<Argument>,
    /// With what.
    pub weapons: Vec<Argument>,
    /// How many died.
    pub killed: Option<Count>,
    /// How many were hurt.
    pub injured: Option<Count>,
    /// Claimed or admitted (true), denied (false), or only blamed or not said (None).
    pub claimed: Option<bool>,
    /// The sentences it rests on.
    pub evidence: Vec<Span>,
    /// How sure the rules are, 0 to 1.
    pub confidence: f32,
    /// A sentence with no trigger of its own whose arguments belong to the event before it;
    /// never in an [`Extraction`].
    pub follow_up: bool,
}

/// A direct quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The quoted words, without the marks.
    pub text: String,
    /// Where they are, without the marks.
    pub span: Span,
    /// Who said it, as named or described, with the name it resolves to.
    pub speaker: Option<Argument>,
}

/// The contract's relation predicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Predicate {
    /// A branch or franchise of the object.
    AffiliateOf,
    /// Fights or opposes the object.
    AdversaryOf,
    /// A person or group that belongs to the object.
    MemberOf,
    /// Broke away from the object.
    SplinterOf,
    /// Works with the object.
    AlliedWith,
}

impl Predicate {
    /// The contract's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Predicate::AffiliateOf => "affiliate_of",
            Predicate::AdversaryOf => "adversary_of",
            Predicate::MemberOf => "member_of",
            Predicate::SplinterOf => "splinter_of",
            Predicate::AlliedWith => "allied_with",
        }
    }
}

/// A relation between two actors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// The first actor.
    pub subject: Argument,
    /// How they relate.
    pub predicate: Predicate,
    /// The second actor.
    pub object: Argument,
    /// The sentence that says so.
    pub evidence: Span,
}

/// What a fact says of an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FactKind {
    /// How many fighters or members it has.
    Strength,
    /// When or where it was founded.
    Founding,
}

impl FactKind {
    /// The record's name.
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Strength => "strength",
            FactKind::Founding => "founding",
        }
    }
}

/// A fact about an actor: a strength estimate or a founding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// What kind.
    pub kind: FactKind,
    /// The actor.
    pub subject: Argument,
    /// The count, for strength estimates.
    pub count: Option<Count>,
    /// The date it holds at, or the founding date.
    pub date: Option<EventDate>,
    /// The place of founding, when said.
    pub place: Option<Location>,
    /// The sentence that says so.
    pub evidence: Span,
}

/// Everything found in one document, in text order within each list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    /// Event reports.
    pub events: Vec<Event>,
    /// Direct quotes.
    pub quotes: Vec<Quote>,
    /// Relations between actors.
    pub relations: Vec<Relation>,
    /// Facts about actors.
    pub facts: Vec<Fact>,
}

/// Finds events, quotes, relations and facts in `text`, given its annotations.
pub fn extract(text: &str, annotations: &Annotations, context: &DocContext) -> Extraction {
    let doc = Doc::new(text, annotations, context);
    let quotes = quotes::find(&doc);
    let mut events = events::find(&doc, &quotes);
    filter::apply(&doc, &mut events);
    events::drop_statistics(&doc, &mut events);
    events::merge_follow_ups(&mut events);
    events::harm_told_after(&doc, &mut events);
    events::hurt_then_dead(&doc, &mut events);
    events::shot_less_dead(&doc, &mut events);
    events::figures_of_the_story(&doc, &mut events);
    let (relations, facts) = relations::find(&doc);
    Extraction { events, quotes, relations, facts }
}

/// Every event argument the rules propose, before the trained filter, as (MUC-4 role, words,
/// features): what `examples/train_filter.rs` learns from.
pub fn training_candidates(
    text: &str,
    annotations: &Annotations,
    context: &DocContext,
) -> Vec<(&'static str, String, Vec<String>)> {
    let doc = Doc::new(text, annotations, context);
    let quotes = quotes::find(&doc);
    let events = events::find(&doc, &quotes);
    filter::candidates(&doc, &events)
}

/// The features the document relevance model reads, from the events the rules find before
/// any filtering: what `examples/train_filter.rs` learns the model from.
pub fn relevance_features(text: &str, annotations: &Annotations, context: &DocContext) -> Vec<String> {
    let doc = Doc::new(text, annotations, context);
    let quotes = quotes::find(&doc);
    let events = events::find(&doc, &quotes);
    let summary = filter::Summary::of(&doc, &events);
    relevance::features(&doc, &events, &summary)
}

/// The text with what every rule family looks up: lower-cased words, paragraphs, the name
/// covering each token.
pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub ann: &'a Annotations,
    pub context: &'a DocContext<'a>,
    /// Each token lower-cased.
    pub words: Vec<String>,
    /// The paragraph of each sentence: sentences separated by a blank line differ.
    pub paragraph: Vec<usize>,
    /// For each token, the index of the name mention covering it.
    pub name_at: Vec<Option<usize>>,
    /// True for wire copy in capitals, where case tells nothing.
    pub all_caps: bool,
    /// For each name mention, its type as the document most often tags the same words: the
    /// tagger reads one sentence at a time and may call "ISIS-K" a place where it opens a page
    /// and a group everywhere else.
    pub kinds: Vec<sightline_nlp::ner::EntityType>,
    /// True when no word of the document tells of a death: a person it says was shot was
    /// hurt, not killed.
    pub tells_no_death: bool,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str, ann: &'a Annotations, context: &'a DocContext<'a>) -> Doc<'a> {
        let words: Vec<String> = ann.tokens.iter().map(|token| token.text(text).to_lowercase()).collect();
        let mut paragraph = Vec::with_capacity(ann.sentences.len());
        let mut current = 0;
        let mut previous_end = 0;
        for sentence in &ann.sentences {
            let gap = text.get(previous_end..sentence.byte_start).unwrap_or("");
            if previous_end > 0 && gap.matches('\n').count() >= 2 {
                current += 1;
            }
            paragraph.push(current);
            previous_end = sentence.byte_end;
        }
        let mut name_at = vec![None; ann.tokens.len()];
        for (index, name) in ann.names.iter().enumerate() {
            for slot in name_at.iter_mut().take(name.token_end).skip(name.token_start) {
                *slot = Some(index);
            }
        }
        let lower = text.chars().filter(|c| c.is_lowercase()).count();
        let upper = text.chars().filter(|c| c.is_uppercase()).count();
        let all_caps = upper > 0 && lower * 10 < upper;
        let kinds = document_kinds(text, ann);
        let tells_no_death = !words.iter().any(|word| events::tells_of_death(word));
        Doc { text, ann, context, words, paragraph, name_at, all_caps, kinds, tells_no_death }
    }

    /// The type of name mention `index` as the document tags its words (see [`Doc::kinds`]).
    pub fn kind(&self, index: usize) -> Option<sightline_nlp::ner::EntityType> {
        self.kinds.get(index).copied()
    }

    /// The lower-cased word at token `index`, or "" past the end.
    pub fn word(&self, index: usize) -> &str {
        self.words.get(index).map(String::as_str).unwrap_or("")
    }

    /// The text from the start of token `first` to the end of token `last_exclusive - 1`.
    pub fn token_span(&self, first: usize, last_exclusive: usize) -> Span {
        let start = self.ann.tokens.get(first).map(|t| t.byte_start).unwrap_or(0);
        let end = last_exclusive
            .checked_sub(1)
            .and_then(|last| self.ann.tokens.get(last))
            .map(|t| t.byte_end)
            .unwrap_or(start);
        Span { start, end: end.max(start) }
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The span of sentence `index`.
    pub fn sentence_span(&self, index: usize) -> Span {
        self.ann
            .sentences
            .get(index)
            .map(|s| Span { start: s.byte_start, end: s.byte_end })
            .unwrap_or(Span { start: 0, end: 0 })
    }

    /// An argument over tokens `first..last_exclusive`.
    pub fn argument(&self, first: usize, last_exclusive: usize, kind: ArgumentKind) -> Argument {
        let span = self.token_span(first, last_exclusive);
        let name = (first..last_exclusive).find_map(|t| self.name_at.get(t).copied().flatten());
        Argument { text: self.slice(span).to_string(), span, name, kind }
    }

    /// Groups are organisations, and names the tagger calls miscellaneous that read as groups:
    /// several words ("Islamic State"), a hyphen ("ISIS-K"), or "the" before a singular
    /// ("the Taliban", where "the Afghans" is a people). Countries are states, not groups.
    /// A nationality or religion adjective before a common noun ("the Muslim group", "Syrian
    /// forces") describes a group without naming it, so it is never one; before a capital it
    /// may start a name the tagger cut short ("the Islamic State").
    pub fn is_group(&self, index: usize) -> bool {
        let Some(name) = self.ann.names.get(index) else { return false };
        let text = name.text(self.text);
        let single_word = !text.contains(char::is_whitespace);
        let adjective = names_a_people(text);
        let next = self
            .ann
            .tokens
            .get(name.token_end)
            .map(|t| self.slice(Span { start: t.byte_start, end: t.byte_end }));
        let starts_name = !self.all_caps && next.is_some_and(|n| n.starts_with(|c: char| c.is_uppercase()));
        if single_word && adjective && !starts_name {
            return false;
        }
        let group_like = match self.kind(index).unwrap_or(name.kind) {
            sightline_nlp::ner::EntityType::Org => true,
            sightline_nlp::ner::EntityType::Misc => {
                let capitalised = text.starts_with(|c: char| c.is_uppercase());
                capitalised && (text.split_whitespace().count() >= 2 || text.contains('-'))
                    || (self.word(name.token_start.wrapping_sub(1)) == "the" && !text.ends_with(['s', 'S']))
            }
            _ => false,
        };
        group_like && !places::is_country(text)
    }

    /// An argument over name mention `index`.
    pub fn name_argument(&self, index: usize, kind: ArgumentKind) -> Option<Argument> {
        let name = self.ann.names.get(index)?;
        let span = Span { start: name.byte_start, end: name.byte_end };
        Some(Argument { text: self.slice(span).to_string(), span, name: Some(index), kind })
    }
}

/// Each name mention's type by a vote of every mention of the same words in the document; a
/// tie keeps the mention's own type.
fn document_kinds(text: &str, ann: &Annotations) -> Vec<sightline_nlp::ner::EntityType> {
    use sightline_nlp::ner::EntityType;
    let key = |name: &sightline_nlp::NameMention| name.text(text).to_lowercase();
    let mut votes: std::collections::HashMap<String, [usize; 4]> = std::collections::HashMap::new();
    let slot = |kind: EntityType| match kind {
        EntityType::Per => 0,
        EntityType::Org => 1,
        EntityType::Loc => 2,
        EntityType::Misc => 3,
    };
    for name in &ann.names {
        votes.entry(key(name)).or_default()[slot(name.kind)] += 1;
    }
    let all = [EntityType::Per, EntityType::Org, EntityType::Loc, EntityType::Misc];
    ann.names
        .iter()
        .map(|name| {
            let Some(counts) = votes.get(&key(name)) else { return name.kind };
            let own = counts[slot(name.kind)];
            all.into_iter()
                .filter(|k| counts[slot(*k)] > own)
                .max_by_key(|k| counts[slot(*k)])
                .unwrap_or(name.kind)
        })
        .collect()
}

/// A count in the contract's terms.
pub(crate) fn count_of(quantity: &sightline_nlp::Quantity) -> Count {
    let qualifier = match quantity.qualifier {
        Qualifier::Exact => "exact",
        Qualifier::Over => "over",
        Qualifier::Under | Qualifier::AtMost => "at_most",
        Qualifier::About => "about",
        Qualifier::AtLeast => "at_least",
        Qualifier::Range => "range",
        Qualifier::Vague => "vague",
    };
    Count {
        min: quantity.min,
        max: quantity.max,
        qualifier,
        text: quantity.text.clone(),
        span: Span { start: quantity.byte_start, end: quantity.byte_end },
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use std::sync::OnceLock;

    /// The annotator, loaded once for every test.
    pub fn annotator() -> &'static sightline_nlp::Annotator {
        static ANNOTATOR: OnceLock<sightline_nlp::Annotator> = OnceLock::new();
        ANNOTATOR.get_or_init(|| match sightline_nlp::Annotator::embedded() {
            Ok(annotator) => annotator,
            Err(error) => panic!("the embedded model loads: {error}"),
        })
    }

    /// Extracts from `text` published on 2024-03-25.
    pub fn run(text: &str) -> Extraction {
        let published = NaiveDate::from_ymd_opt(2024, 3, 25);
        let annotations = annotator().annotate(text, published);
        extract(text, &annotations, &DocContext { published, dateline: None, title: None, groups: &[] })
    }
}
