//! Named-entity recognition: people, organisations, places and other names in tokens.
//!
//! A [`Tagger`] gives each token of a sentence one IOB2 [`Tag`] (`B-PER` begins a person's
//! name, `I-PER` continues it, `O` is outside any name). Each token's score for each tag comes
//! from hashed features (see `features`): the word, its neighbours two either side, their
//! shapes and affixes, a title before it, what the document said about the word so far, and
//! the tag before it; the best sequence of tags for the sentence is then found exactly
//! (Viterbi). The model is an averaged structured perceptron (`perceptron`) trained by
//! [`train`] on CoNLL-2003, quantised and stored in a small versioned file (`model`);
//! [`Tagger::embedded`] is the one shipped in the binary, one stage. A model may have two: a
//! second tagger that reads the first one's tags across the whole document (see [`Tagger`]);
//! it gains on CoNLL and loses on other text, so it is trained on request (`stages: 2`).
//!
//! **Why linear.** A linear tagger over sparse features tags several hundred thousand tokens a
//! second on one core with no dependencies, and its errors can be read off its features. It
//! costs points of F1 against a neural tagger with pretrained embeddings; the model file and the
//! training code stay ours and small.
//!
//! **Why a document memory, not a pass after tagging.** A name is usually written in full once
//! and then repeated, and the repetitions are harder (a surname alone, a city standing for its
//! team). [`Tagger::tag_document`] tags a document's sentences in order and lets each word see
//! the entity types it was given earlier in the same document, as features whose weights are
//! learned (training runs the same way). A fixed pass after tagging that gave every repetition
//! of a tagged sequence its majority type was tried first and measured: on top of the memory it
//! lowered CoNLL-2003 dev F1 from 91.9 to 91.5, because it spreads a confident mistake to every
//! repetition while the memory only weighs the earlier decision as evidence.
//!
//! **Determinism.** Training shuffles documents and picks the documents it also sees in capitals
//! with a splitmix64 generator seeded from [`TrainOptions::seed`]; the same data, options and
//! seed give byte-identical model files.

mod clusters;
mod features;
mod gazetteer;
mod model;
mod perceptron;

use std::collections::HashMap;
use std::sync::Arc;

pub use clusters::{capitalisation_classes, learn as learn_clusters, Clusters, ClustersError};
pub use gazetteer::{Gazetteer, GazetteerError};
pub use model::ModelError;

use features::{dynamic_features, mix, second_stage_features, sentence_features, SentenceFeatures};
use model::{Model, ModelFile};
use perceptron::Perceptron;

/// The model shipped with Sightline: trained on CoNLL-2003 English by `sightline train ner`
/// (see `data/ner/README.md` at the repository root for the command, seed and licence).
static EMBEDDED_MODEL: &[u8] = include_bytes!("../../../../data/ner/conll2003.model");

/// The word lists the features read besides the words: name lists and word clusters.
#[derive(Clone)]
pub(crate) struct Resources {
    pub(crate) gazetteer: Arc<Gazetteer>,
    pub(crate) clusters: Arc<Clusters>,
}

impl Resources {
    fn embedded() -> Resources {
        Resources { gazetteer: Gazetteer::embedded(), clusters: Clusters::embedded() }
    }

    #[cfg(test)]
    pub(crate) fn empty() -> Resources {
        Resources { gazetteer: Arc::new(Gazetteer::empty()), clusters: Arc::new(Clusters::default()) }
    }

    /// One hash of both lists, which a model file records.
    fn fingerprint(&self) -> u64 {
        mix(self.gazetteer.fingerprint() ^ mix(self.clusters.fingerprint()))
    }
}

/// The kind of a named entity, as in CoNLL-2003.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Per,
    /// An organisation: a company, an agency, an armed group, a team.
    Org,
    /// A place: a country, a city, a region, a natural feature.
    Loc,
    /// Any other name: nationalities, events, works, languages.
    Misc,
}

impl EntityType {
    const ALL: [EntityType; 4] = [EntityType::Per, EntityType::Org, EntityType::Loc, EntityType::Misc];

    /// The CoNLL name: `PER`, `ORG`, `LOC`, `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }
}

/// One token's IOB2 tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Outside any entity.
    O,
    /// The first token of an entity.
    B(EntityType),
    /// A later token of an entity.
    I(EntityType),
}

/// Tags in the order of the model's weight columns.
const N_TAGS: usize = 9;

impl Tag {
    fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(kind) => 1 + 2 * kind as usize,
            Tag::I(kind) => 2 + 2 * kind as usize,
        }
    }

    fn from_index(index: usize) -> Tag {
        match (index, EntityType::ALL.get(index.saturating_sub(1) / 2)) {
            (0, _) | (_, None) => Tag::O,
            (index, Some(&kind)) if index % 2 == 1 => Tag::B(kind),
            (_, Some(&kind)) => Tag::I(kind),
        }
    }

    /// Reads a tag such as `B-PER`, `I-LOC` or `O`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Tag> {
        let kind_of = |name: &str| EntityType::ALL.into_iter().find(|kind| kind.as_str() == name);
        match text.split_once('-') {
            None if text == "O" => Some(Tag::O),
            Some(("B", name)) => kind_of(name).map(Tag::B),
            Some(("I", name)) => kind_of(name).map(Tag::I),
            _ => None,
        }
    }

    /// The entity type, `None` for `O`.
    pub fn entity_type(self) -> Option<EntityType> {
        match self {
            Tag::O => None,
            Tag::B(kind) | Tag::I(kind) => Some(kind),
        }
    }

    /// IOB2 allows `I-X` only after `B-X` or `I-X`.
    fn may_follow(self, previous: Option<Tag>) -> bool {
        match self {
            Tag::I(kind) => previous.and_then(Tag::entity_type) == Some(kind),
            _ => true,
        }
    }
}

impl std::fmt::Display for Tag {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tag::O => formatter.write_str("O"),
            Tag::B(kind) => write!(formatter, "B-{}", kind.as_str()),
            Tag::I(kind) => write!(formatter, "I-{}", kind.as_str()),
        }
    }
}

/// Converts IOB1 tags (where an entity may start with `I-`) to IOB2, in place: an `I-X` that
/// does not follow `B-X` or `I-X` becomes `B-X`. IOB2 tags are left as they are.
pub fn to_iob2(tags: &mut [Tag]) {
    let mut previous = None;
    for tag in tags.iter_mut() {
        if let Tag::I(kind) = *tag {
            if !tag.may_follow(previous) {
                *tag = Tag::B(kind);
            }
        }
        previous = Some(*tag);
    }
}

/// One entity in a sentence: token positions `start..end` and a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    /// Position of the first token.
    pub start: usize,
    /// Position one past the last token.
    pub end: usize,
    /// What it names.
    pub kind: EntityType,
}

/// The entities in a sentence's IOB2 tags; an `I-X` without its `B-X` starts an entity, as
/// CoNLL's scorer reads it.
pub fn entities(tags: &[Tag]) -> Vec<Entity> {
    let mut found: Vec<Entity> = Vec::new();
    let mut previous = None;
    for (position, &tag) in tags.iter().enumerate() {
        match tag {
            Tag::I(_) if tag.may_follow(previous) => {
                if let Some(last) = found.last_mut() {
                    last.end = position + 1;
                }
            }
            Tag::B(kind) | Tag::I(kind) => found.push(Entity { start: position, end: position + 1, kind }),
            Tag::O => {}
        }
        previous = Some(tag);
    }
    found
}

/// A sentence with gold tags, for training.
#[derive(Debug, Clone, Default)]
pub struct LabeledSentence {
    /// The tokens.
    pub words: Vec<String>,
    /// One IOB2 tag per token.
    pub tags: Vec<Tag>,
    /// The annotation has no MISC type (UNER's PER/ORG/LOC, say): an `O` token may be inside a
    /// MISC name nobody marked. Training then takes as gold the best-scoring tag sequence that
    /// keeps every PER/ORG/LOC tag and lets each `O` be `O`, `B-MISC` or `I-MISC` (the
    /// partial-label perceptron), so that such data teaches the three types it has without
    /// teaching that nationalities and events are not names.
    pub misc_unannotated: bool,
}

impl LabeledSentence {
    /// Per token, the tags (bits of tag indices) a gold sequence may give it; empty when the
    /// sentence is fully labeled and the gold tags are the only sequence.
    fn allowed_tags(&self) -> Vec<u16> {
        if !self.misc_unannotated {
            return Vec::new();
        }
        let o_or_misc = bit(Tag::O) | bit(Tag::B(EntityType::Misc)) | bit(Tag::I(EntityType::Misc));
        self.tags.iter().map(|&tag| if tag == Tag::O { o_or_misc } else { bit(tag) }).collect()
    }
}

/// A tag's bit in a set of allowed tags.
fn bit(tag: Tag) -> u16 {
    1 << tag.index()
}

/// How [`train`] runs.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// Seed of the generator that shuffles sentences and picks those also seen in capitals.
    pub seed: u64,
    /// log2 of the number of feature buckets: 18 gives 4.7 MB a stage.
    pub bucket_bits: u32,
    /// Share of sentences also trained on in capitals, in thousandths (150 = 15%): text in
    /// capitals (headlines, MUC-4 wire copy) is otherwise rarer in training than in use.
    pub upper_case_per_mille: u64,
    /// 1 for one tagger; 2 adds a second tagger that reads the first one's tags across the
    /// document (see [`Tagger`]).
    pub stages: usize,
    /// For two stages: the first stage's tags that the second learns from are each predicted
    /// by a first stage trained without that document, in this many parts (jackknife).
    pub folds: usize,
    /// Share of documents also trained on with a courtesy title ("Mr", "Dr", "Mrs.") put before
    /// each person's name, in thousandths. Reuters copy names people bare, so CoNLL-2003 has a
    /// dozen titles and the tagger reads British-style "Mr Osborne" as one name; the copies
    /// teach that the title stands outside it.
    pub title_per_mille: u64,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 12,
            seed: 2003,
            bucket_bits: 18,
            upper_case_per_mille: 150,
            stages: 1,
            folds: 5,
            title_per_mille: 0,
        }
    }
}

/// Why training could not run.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrainError {
    /// No sentence had a token.
    #[error("training data has no tokens")]
    Empty,
    /// A sentence had a different number of words and tags.
    #[error("training sentence {index} has {words} words but {tags} tags")]
    Misaligned {
        /// The sentence's position in the training data.
        index: usize,
        /// Its number of words.
        words: usize,
        /// Its number of tags.
        tags: usize,
    },
    /// The bucket count asked for is outside 2^8 ..= 2^26.
    #[error("{0} bucket bits is outside 8..=26")]
    Buckets(u32),
    /// The number of stages is not 1 or 2, or two stages were asked for with fewer than two
    /// folds.
    #[error(
        "{stages} stages with {folds} folds: stages must be 1 or 2, and two stages need 2 or more folds"
    )]
    Stages {
        /// The stages asked for.
        stages: usize,
        /// The folds asked for.
        folds: usize,
    },
}

/// Courtesy titles put before names in training copies ([`TrainOptions::title_per_mille`]):
/// British style without the period, which CoNLL-2003 lacks, and American style with it.
const COURTESY_TITLES: [&str; 7] = ["Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Dr."];

/// A copy of `sentence` with a title, drawn from [`COURTESY_TITLES`], before each person's name
/// that has none ("said Blair" becomes "said Mr Blair"), tagged `O`.
fn with_titles(sentence: &LabeledSentence, random: &mut SplitMix) -> LabeledSentence {
    let mut titled = LabeledSentence { misc_unannotated: sentence.misc_unannotated, ..Default::default() };
    for (position, (word, &tag)) in sentence.words.iter().zip(&sentence.tags).enumerate() {
        let after_title = position
            .checked_sub(1)
            .and_then(|before| sentence.words.get(before))
            .is_some_and(|before| crate::token::is_title(before));
        if tag == Tag::B(EntityType::Per) && !after_title {
            let pick = (random.next() % COURTESY_TITLES.len() as u64) as usize;
            titled.words.push(COURTESY_TITLES.get(pick).copied().unwrap_or("Mr").to_string());
            titled.tags.push(Tag::O);
        }
        titled.words.push(word.clone());
        titled.tags.push(tag);
    }
    titled
}

/// The splitmix64 generator: tiny, seedable and the same on every platform.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// Shuffles in place (Fisher-Yates).
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for index in (1..items.len()).rev() {
            let other = (self.next() % (index as u64 + 1)) as usize;
            items.swap(index, other);
        }
    }
}

/// One training document: per sentence its features and gold tag indices.
struct Example {
    sentences: Vec<SentenceFeatures>,
    gold: Vec<Vec<usize>>,
    /// Per sentence, the tags each token's gold may take ([`LabeledSentence::allowed_tags`]);
    /// where not empty, the gold sequence is decoded within them at each step and `gold` is
    /// not read.
    allowed: Vec<Vec<u16>>,
    /// The position of the document it came from (a document and its copy in capitals share it).
    source: usize,
}

impl Example {
    fn new(source: usize) -> Example {
        Example { sentences: Vec::new(), gold: Vec::new(), allowed: Vec::new(), source }
    }

    /// Adds `sentence` read as `words` (its own, or a copy in capitals), its tags the gold.
    fn push(&mut self, words: &[String], sentence: &LabeledSentence, resources: &Resources) {
        self.sentences.push(sentence_features(words, resources));
        self.gold.push(sentence.tags.iter().map(|tag| tag.index()).collect());
        self.allowed.push(sentence.allowed_tags());
    }
}

/// Trains a tagger on `documents` (each a list of sentences, in their order) and returns the
/// averaged model of the best epoch.
///
/// Documents are shuffled as wholes and their sentences kept in order, because the tagger
/// remembers, within a document, how it tagged each word before (see [`Tagger::tag_document`])
/// and must learn how far to trust that memory. `score_epoch`, when given, scores a candidate
/// tagger (on held-out data, say as entity F1); the epoch that scores highest is kept and each
/// score is reported with `on_epoch`. Without it the last epoch is kept. With two stages, the
/// first stage always runs every epoch and the epochs scored are the second stage's.
///
/// **Why jackknife.** The second stage learns how far to trust the first stage's tags. On its
/// own training data the first stage is nearly always right, so a second stage trained on those
/// tags would learn to copy them; instead each training document's first-stage tags come from
/// a first stage trained on the other folds, as mistaken as on unseen text. That costs
/// `folds` more first-stage trainings.
pub fn train(
    documents: &[Vec<LabeledSentence>],
    options: &TrainOptions,
    mut score_epoch: Option<&mut dyn FnMut(&Tagger) -> f64>,
    on_epoch: &mut dyn FnMut(usize, Option<f64>),
) -> Result<Tagger, TrainError> {
    if !(8..=26).contains(&options.bucket_bits) {
        return Err(TrainError::Buckets(options.bucket_bits));
    }
    if !(1..=2).contains(&options.stages) || (options.stages == 2 && options.folds < 2) {
        return Err(TrainError::Stages { stages: options.stages, folds: options.folds });
    }
    for (index, sentence) in documents.iter().flatten().enumerate() {
        if sentence.words.len() != sentence.tags.len() {
            return Err(TrainError::Misaligned {
                index,
                words: sentence.words.len(),
                tags: sentence.tags.len(),
            });
        }
    }
    let resources = Resources::embedded();
    let mut random = SplitMix(options.seed);
    // Each training document's static features and gold tag indices, computed once. A share of
    // documents is added again in capitals, whole, so that the memory of a capitals-only
    // document is learned too.
    let mut examples: Vec<Example> = Vec::new();
    for (source, document) in documents.iter().enumerate() {
        let in_capitals_too = random.next() % 1000 < options.upper_case_per_mille;
        let mut example = Example::new(source);
        let mut upper = Example::new(source);
        for sentence in document.iter().filter(|sentence| !sentence.words.is_empty()) {
            example.push(&sentence.words, sentence, &resources);
            if in_capitals_too {
                let words: Vec<String> = sentence.words.iter().map(|word| word.to_uppercase()).collect();
                upper.push(&words, sentence, &resources);
            }
        }
        // Drawn only when asked for, so that models trained without titles keep their bytes.
        let mut titled = Example::new(source);
        if options.title_per_mille > 0 && random.next() % 1000 < options.title_per_mille {
            for sentence in document.iter().filter(|sentence| !sentence.words.is_empty()) {
                let sentence = with_titles(sentence, &mut random);
                titled.push(&sentence.words, &sentence, &resources);
            }
        }
        for example in [example, upper, titled] {
            if !example.sentences.is_empty() {
                examples.push(example);
            }
        }
    }
    if examples.is_empty() {
        return Err(TrainError::Empty);
    }
    let quantise =
        |perceptron: &Perceptron| Model::quantise(&perceptron.averaged(), options.bucket_bits, N_TAGS);
    let all: Vec<&Example> = examples.iter().collect();
    let mut best: Option<(f64, Tagger)> = None;
    let mut keep_best = |epoch: usize, stages: Vec<Model>| {
        let tagger = Tagger { stages, resources: resources.clone() };
        let score = score_epoch.as_mut().map(|score| score(&tagger));
        on_epoch(epoch, score);
        let better = match (&best, score) {
            (Some((best_score, _)), Some(score)) => score > *best_score,
            _ => true,
        };
        if better {
            best = Some((score.unwrap_or(0.0), tagger));
        }
    };
    if options.stages == 1 {
        train_perceptron(&all, options, &mut random, &mut |epoch, perceptron| {
            keep_best(epoch, vec![quantise(perceptron)])
        });
        return best.map(|(_, tagger)| tagger).ok_or(TrainError::Empty);
    }
    // The first stage's tags of every training document, each from a first stage that did not
    // see the document (nor its copy in capitals).
    let fold_of =
        |example: &Example| (mix(options.seed ^ example.source as u64) % options.folds as u64) as usize;
    let mut first_tags: Vec<Vec<Vec<usize>>> = vec![Vec::new(); examples.len()];
    for fold in 0..options.folds {
        let training: Vec<&Example> = examples.iter().filter(|example| fold_of(example) != fold).collect();
        let perceptron = train_perceptron(&training, options, &mut random, &mut |_, _| {});
        let model = quantise(&perceptron);
        for (example, tags) in examples.iter().zip(first_tags.iter_mut()) {
            if fold_of(example) == fold {
                *tags = decode_document(&example.sentences, &|features, scores| {
                    model.score_into(features, scores)
                });
            }
        }
    }
    let second: Vec<Example> = examples
        .iter()
        .zip(&first_tags)
        .map(|(example, tags)| Example {
            sentences: second_stage_features(&example.sentences, tags),
            gold: example.gold.clone(),
            allowed: example.allowed.clone(),
            source: example.source,
        })
        .collect();
    let first_stage = quantise(&train_perceptron(&all, options, &mut random, &mut |_, _| {}));
    let second_refs: Vec<&Example> = second.iter().collect();
    train_perceptron(&second_refs, options, &mut random, &mut |epoch, perceptron| {
        keep_best(epoch, vec![first_stage.clone(), quantise(perceptron)])
    });
    best.map(|(_, tagger)| tagger).ok_or(TrainError::Empty)
}

/// Runs the structured perceptron for `options.epochs` passes over `examples` (documents
/// shuffled as wholes each pass) and calls `after_epoch` after each; returns the perceptron.
fn train_perceptron(
    examples: &[&Example],
    options: &TrainOptions,
    random: &mut SplitMix,
    after_epoch: &mut dyn FnMut(usize, &Perceptron),
) -> Perceptron {
    let mut perceptron = Perceptron::new(options.bucket_bits, N_TAGS);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    for epoch in 1..=options.epochs.max(1) {
        random.shuffle(&mut order);
        for &example_index in &order {
            let Some(document) = examples.get(example_index) else { continue };
            let mut memory = Memory::default();
            for (index, (sentence, gold)) in document.sentences.iter().zip(&document.gold).enumerate() {
                // Decode the whole sentence, then where the best path and the gold path differ
                // in a tag or the tag before it, reward the gold token's features and penalise
                // the predicted one's. A partly labeled sentence's gold path is the best one
                // its labels allow, under the same weights.
                let score = |features: &[u64], scores: &mut [f32; N_TAGS]| perceptron.score(features, scores);
                let predicted = viterbi(sentence, &memory, &score, &[]);
                let allowed = document.allowed.get(index).map_or(&[][..], Vec::as_slice);
                let constrained;
                let gold = if allowed.is_empty() {
                    gold
                } else {
                    constrained = viterbi(sentence, &memory, &score, allowed);
                    &constrained
                };
                let mut features = Vec::new();
                for (position, (&predicted_tag, &gold_tag)) in predicted.iter().zip(gold).enumerate() {
                    perceptron.tick();
                    let before =
                        |tags: &[usize]| position.checked_sub(1).and_then(|at| tags.get(at)).copied();
                    let (gold_before, predicted_before) = (before(gold), before(&predicted));
                    if predicted_tag == gold_tag && predicted_before == gold_before {
                        continue;
                    }
                    token_features(sentence, &memory, position, gold_before, &mut features);
                    perceptron.update(&features, gold_tag, 1.0);
                    token_features(sentence, &memory, position, predicted_before, &mut features);
                    perceptron.update(&features, predicted_tag, -1.0);
                }
                memory.remember(sentence, &predicted);
            }
        }
        after_epoch(epoch, &perceptron);
    }
    perceptron
}

/// Tags a document's sentences in order, each seeing the memory of the ones before.
fn decode_document(
    sentences: &[SentenceFeatures],
    score: &dyn Fn(&[u64], &mut [f32; N_TAGS]),
) -> Vec<Vec<usize>> {
    let mut memory = Memory::default();
    sentences
        .iter()
        .map(|sentence| {
            let tags = viterbi(sentence, &memory, score, &[]);
            memory.remember(sentence, &tags);
            tags
        })
        .collect()
}

/// What the tagger remembers of a document so far: for each word (lower-cased), how often
/// each entity type was given to it. A name is mostly introduced unambiguously ("Leeds United",
/// "Mr Blair") and repeated ambiguously ("Leeds", "Blair"); the memory carries the first
/// decision to the later ones (the "extended prediction history" of Ratinov and Roth 2009).
#[derive(Default)]
struct Memory {
    counts: HashMap<u64, [u16; 4]>,
}

impl Memory {
    fn remember(&mut self, sentence: &SentenceFeatures, tags: &[usize]) {
        for (&word_key, &tag) in sentence.word_keys.iter().zip(tags) {
            if let Some(kind) = Tag::from_index(tag).entity_type() {
                let counts = self.counts.entry(word_key).or_default();
                if let Some(count) = counts.get_mut(kind as usize) {
                    *count = count.saturating_add(1);
                }
            }
        }
    }

    /// Features for a word: each type it was given before, and the type given most often.
    fn features(&self, word_key: u64, out: &mut Vec<u64>) {
        let Some(counts) = self.counts.get(&word_key) else { return };
        let mut most = 0;
        for (index, &count) in counts.iter().enumerate() {
            if count > 0 {
                out.push(mix(0x6d65_6d00 ^ index as u64));
            }
            if count > counts.get(most).copied().unwrap_or(0) {
                most = index;
            }
        }
        out.push(mix(0x6d65_6d10 ^ most as u64));
    }
}

/// All features of the token at `position` given the tag before it: static, memory, dynamic.
fn token_features(
    sentence: &SentenceFeatures,
    memory: &Memory,
    position: usize,
    previous: Option<usize>,
    features: &mut Vec<u64>,
) {
    features.clear();
    features.extend_from_slice(sentence.of(position));
    let word_key = sentence.word_keys.get(position).copied().unwrap_or(0);
    let shape_key = sentence.shape_keys.get(position).copied().unwrap_or(0);
    memory.features(word_key, features);
    features.extend(dynamic_features(word_key, shape_key, previous.map(|tag| tag as u8)));
}

/// The best tag sequence of one sentence under a first-order model (Viterbi): each token's
/// score is its static and memory features' score plus, for each possible previous tag, the
/// score of the features that combine with it; IOB2 forbids `I-X` after anything but `B-X` or
/// `I-X`. Exact search over 9 tags costs 10 small row lookups a token more than greedy
/// decoding, and stops one early mistake (a title read as an organisation) from dragging
/// the next decisions with it. `allowed`, unless empty, limits each token to a set of tags
/// (bits of tag indices): the gold path of a partly labeled sentence. Returns tag indices;
/// ties go to the lower index.
fn viterbi(
    sentence: &SentenceFeatures,
    memory: &Memory,
    score: &dyn Fn(&[u64], &mut [f32; N_TAGS]),
    allowed: &[u16],
) -> Vec<usize> {
    let n_tokens = sentence.word_keys.len();
    let mut best_scores: Vec<[f32; N_TAGS]> = Vec::with_capacity(n_tokens);
    let mut back_pointers: Vec<[u8; N_TAGS]> = Vec::with_capacity(n_tokens);
    let mut features = Vec::new();
    for position in 0..n_tokens {
        features.clear();
        features.extend_from_slice(sentence.of(position));
        let word_key = sentence.word_keys.get(position).copied().unwrap_or(0);
        let shape_key = sentence.shape_keys.get(position).copied().unwrap_or(0);
        memory.features(word_key, &mut features);
        let mut static_scores = [0f32; N_TAGS];
        score(&features, &mut static_scores);
        let previous_column = best_scores.last().copied();
        // Without a column before (the first token) there is one "previous": none.
        let n_previous = if previous_column.is_some() { N_TAGS } else { 1 };
        let mut column = [f32::NEG_INFINITY; N_TAGS];
        let mut pointers = [0u8; N_TAGS];
        for previous_index in 0..n_previous {
            let previous = previous_column.map(|_| previous_index);
            let prior = match (previous, previous_column) {
                (Some(tag), Some(scores)) => scores.get(tag).copied().unwrap_or(f32::NEG_INFINITY),
                _ => 0.0,
            };
            if prior == f32::NEG_INFINITY {
                continue;
            }
            let mut scores = static_scores;
            score(&dynamic_features(word_key, shape_key, previous.map(|tag| tag as u8)), &mut scores);
            let previous_tag = previous.map(Tag::from_index);
            for (tag, (&tag_score, (best, pointer))) in
                scores.iter().zip(column.iter_mut().zip(pointers.iter_mut())).enumerate()
            {
                let total = prior + tag_score;
                if total > *best && Tag::from_index(tag).may_follow(previous_tag) {
                    *best = total;
                    *pointer = previous.unwrap_or(0) as u8;
                }
            }
        }
        if let Some(&allowed) = allowed.get(position) {
            for (tag, best) in column.iter_mut().enumerate() {
                if allowed & (1 << tag) == 0 {
                    *best = f32::NEG_INFINITY;
                }
            }
        }
        best_scores.push(column);
        back_pointers.push(pointers);
    }
    let mut tags = vec![0usize; n_tokens];
    let mut current = best_scores.last().map_or(0, |column| best_tag(column));
    for (slot, pointers) in tags.iter_mut().zip(&back_pointers).rev() {
        *slot = current;
        current = pointers.get(current).map_or(0, |&pointer| usize::from(pointer));
    }
    tags
}

/// The index of the highest score; ties go to the lower index.
fn best_tag(scores: &[f32]) -> usize {
    let mut best: Option<(usize, f32)> = None;
    for (index, &score) in scores.iter().enumerate() {
        if !matches!(best, Some((_, best_score)) if score <= best_score) {
            best = Some((index, score));
        }
    }
    best.map_or(0, |(index, _)| index)
}

/// A trained named-entity tagger.
///
/// **Two stages.** The first stage tags each sentence with what it and the earlier sentences
/// say; the second tags the document again with the first stage's tags of the whole document
/// among its features: how the same word was tagged before *and after*, and the longest name it
/// was part of (see `features::second_stage_features`). Ratinov and Roth (2009) found this
/// worth about a point of CoNLL F1; it doubles the scoring work, not the feature extraction,
/// which both stages share.
#[derive(Clone)]
pub struct Tagger {
    /// One model per stage: one or two.
    stages: Vec<Model>,
    resources: Resources,
}

impl Tagger {
    /// The tagger shipped in the binary (CoNLL-2003 English).
    pub fn embedded() -> Result<Tagger, ModelError> {
        Tagger::from_bytes(EMBEDDED_MODEL)
    }

    /// Reads a model file written by [`Tagger::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        let file = ModelFile::from_bytes(bytes, N_TAGS)?;
        let resources = Resources::embedded();
        if file.resources != resources.fingerprint() {
            return Err(ModelError::Resources { expected: resources.fingerprint(), found: file.resources });
        }
        Ok(Tagger { stages: file.stages, resources })
    }

    /// The model as a file.
    pub fn to_bytes(&self) -> Vec<u8> {
        ModelFile { stages: self.stages.clone(), resources: self.resources.fingerprint() }.to_bytes()
    }

    /// Tags sentences of one document given their static features.
    fn tag_features(&self, sentences: &[SentenceFeatures]) -> Vec<Vec<Tag>> {
        let mut tags = match self.stages.first() {
            Some(first) => decode_document(sentences, &|features, scores| first.score_into(features, scores)),
            None => sentences.iter().map(|sentence| vec![0; sentence.word_keys.len()]).collect(),
        };
        if let Some(second) = self.stages.get(1) {
            let second_features = second_stage_features(sentences, &tags);
            tags = decode_document(&second_features, &|features, scores| second.score_into(features, scores));
        }
        tags.into_iter().map(|tags| tags.into_iter().map(Tag::from_index).collect()).collect()
    }

    /// Tags one sentence's tokens as a document of its own.
    pub fn tag_sentence<S: AsRef<str>>(&self, words: &[S]) -> Vec<Tag> {
        let sentence = sentence_features(words, &self.resources);
        self.tag_features(std::slice::from_ref(&sentence)).pop().unwrap_or_default()
    }

    /// Tags the sentences of one document: each word sees how it was tagged in the sentences
    /// before it (the memory) and, in the second stage, how the first stage tagged it anywhere
    /// in the document.
    pub fn tag_document<S: AsRef<str>>(&self, sentences: &[Vec<S>]) -> Vec<Vec<Tag>> {
        let features: Vec<SentenceFeatures> =
            sentences.iter().map(|words| sentence_features(words, &self.resources)).collect();
        self.tag_features(&features)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[(&str, EntityType)]) {
        let tagger = Tagger::embedded();
        assert!(tagger.is_ok(), "the embedded model loads");
        let Ok(tagger) = tagger else { return };
        let words: Vec<&str> = crate::tokenize(text).iter().map(|token| token.text(text)).collect();
        let tags = tagger.tag_sentence(&words);
        let found: Vec<(String, EntityType)> = entities(&tags)
            .iter()
            .map(|entity| (words[entity.start..entity.end].join(" "), entity.kind))
            .collect();
        for (name, kind) in expected {
            assert!(
                found.iter().any(|(found_name, found_kind)| found_name == name && found_kind == kind),
                "{name:?} as {kind:?} not in {found:?}"
            );
        }
    }

    #[test]
    fn embedded_model_finds_names() {
        check(
            "Gen. Michael E. Kurilla, the US Central Command (CENTCOM) chief",
            &[("Michael E. Kurilla", EntityType::Per), ("US Central Command", EntityType::Org)],
        );
    }

    fn check_tags(text: &str, expected: &str) {
        let mut tags: Vec<Tag> = text.split_whitespace().filter_map(Tag::parse).collect();
        to_iob2(&mut tags);
        let shown: Vec<String> = tags.iter().map(Tag::to_string).collect();
        assert_eq!(shown.join(" "), expected);
    }

    #[test]
    fn tags_parse_and_convert() {
        check_tags("I-PER I-PER O I-LOC B-LOC", "B-PER I-PER O B-LOC B-LOC");
        check_tags("B-ORG I-ORG I-MISC", "B-ORG I-ORG B-MISC");
        check_tags("X-PER O", "O");
        assert!((0..N_TAGS).all(|index| Tag::from_index(index).index() == index));
    }

    fn check_memory(remembered: &[(&str, Tag)], word: &str, n_features: usize) {
        let (words, tags): (Vec<&str>, Vec<Tag>) = remembered.iter().copied().unzip();
        let mut memory = Memory::default();
        memory.remember(
            &sentence_features(&words, &Resources::empty()),
            &tags.iter().map(|tag| tag.index()).collect::<Vec<_>>(),
        );
        let mut features = Vec::new();
        let word_key =
            sentence_features(&[word], &Resources::empty()).word_keys.first().copied().unwrap_or(0);
        memory.features(word_key, &mut features);
        assert_eq!(features.len(), n_features, "{word:?} after {remembered:?}");
    }

    #[test]
    fn memory_recalls_types_by_lower_case_word() {
        let per = Tag::B(EntityType::Per);
        // One type seen: that type, and it as the most frequent.
        check_memory(&[("Kurilla", per), ("spoke", Tag::O)], "Kurilla", 2);
        check_memory(&[("Kurilla", per)], "KURILLA", 2);
        // Two types seen: both, and the most frequent.
        check_memory(&[("Kurilla", per), ("Kurilla", Tag::B(EntityType::Loc))], "Kurilla", 3);
        // Words tagged O and unseen words recall nothing.
        check_memory(&[("spoke", Tag::O)], "spoke", 0);
        check_memory(&[], "Kabul", 0);
    }

    #[test]
    fn corrupt_models_are_errors() {
        assert_eq!(Tagger::from_bytes(b"SLNERMDL").err(), Some(ModelError::TooShort(8)));
    }

    #[test]
    fn partial_labels_leave_misc_open() {
        // "Germans" is MISC in the fully labeled sentences; the partly labeled ones have no MISC
        // type and call it O. Read as "O or MISC", they do not unteach MISC; read as plain O
        // they outnumber the MISC examples and do.
        let sentence = |words: &str, tags: &str, misc_unannotated: bool| LabeledSentence {
            words: words.split_whitespace().map(str::to_string).collect(),
            tags: tags.split_whitespace().filter_map(Tag::parse).collect(),
            misc_unannotated,
        };
        let tag_germans = |misc_unannotated: bool| {
            let mut data = vec![vec![sentence("Germans like Paris .", "B-MISC O B-LOC O", false)]];
            for _ in 0..4 {
                data.push(vec![sentence("Germans visited Rome .", "O O B-LOC O", misc_unannotated)]);
            }
            let options = TrainOptions { epochs: 5, bucket_bits: 12, ..TrainOptions::default() };
            let tagger = train(&data, &options, None, &mut |_, _| {});
            tagger
                .ok()
                .and_then(|tagger| tagger.tag_sentence(&["Germans", "saw", "Rome", "."]).first().copied())
        };
        assert_eq!(tag_germans(true), Some(Tag::B(EntityType::Misc)));
        assert_eq!(tag_germans(false), Some(Tag::O));
        let partial = sentence("Smith saw Rome", "B-PER O B-LOC", true);
        let o_or_misc = bit(Tag::O) | bit(Tag::B(EntityType::Misc)) | bit(Tag::I(EntityType::Misc));
        assert_eq!(
            partial.allowed_tags(),
            vec![bit(Tag::B(EntityType::Per)), o_or_misc, bit(Tag::B(EntityType::Loc))]
        );
        assert!(sentence("Smith", "B-PER", false).allowed_tags().is_empty());
    }

    #[test]
    fn titles_go_before_bare_names_only() {
        let sentence = LabeledSentence {
            words: ["Dr", "Smith", "met", "Tony", "Blair", "and", "Brown"].map(str::to_string).to_vec(),
            tags: "O B-PER O B-PER I-PER O B-PER".split_whitespace().filter_map(Tag::parse).collect(),
            misc_unannotated: false,
        };
        let titled = with_titles(&sentence, &mut SplitMix(7));
        let shown: Vec<String> =
            titled.words.iter().zip(&titled.tags).map(|(word, tag)| format!("{word}/{tag}")).collect();
        assert_eq!(shown.len(), 9, "{shown:?}");
        // Smith already has a title; Tony Blair and Brown get one each, outside the name.
        assert_eq!(shown.get(..3), Some(&["Dr/O", "Smith/B-PER", "met/O"].map(str::to_string)[..]));
        for at in [3, 7] {
            assert!(COURTESY_TITLES.contains(&titled.words[at].as_str()), "{shown:?}");
            assert_eq!(titled.tags[at], Tag::O);
            assert_eq!(titled.tags[at + 1], Tag::B(EntityType::Per));
        }
    }

    #[test]
    fn training_is_deterministic_and_learns() {
        let sentence = |words: &str, tags: &str| LabeledSentence {
            words: words.split_whitespace().map(str::to_string).collect(),
            tags: tags.split_whitespace().filter_map(Tag::parse).collect(),
            misc_unannotated: false,
        };
        let data = vec![
            sentence("Smith visited Paris .", "B-PER O B-LOC O"),
            sentence("Jones visited Rome .", "B-PER O B-LOC O"),
            sentence("Brown left Berlin .", "B-PER O B-LOC O"),
        ];
        let options = TrainOptions { epochs: 5, bucket_bits: 12, ..TrainOptions::default() };
        let data = vec![data];
        let first = train(&data, &options, None, &mut |_, _| {});
        let second = train(&data, &options, None, &mut |_, _| {});
        let (Ok(first), Ok(second)) = (first, second) else { panic!("training failed") };
        assert_eq!(first.to_bytes(), second.to_bytes());
        assert_eq!(first.tag_sentence(&["Jones", "visited", "Paris", "."])[2], Tag::B(EntityType::Loc));
        let misaligned = vec![vec![sentence("Smith", "B-PER O")]];
        assert_eq!(
            train(&misaligned, &options, None, &mut |_, _| {}).err(),
            Some(TrainError::Misaligned { index: 0, words: 1, tags: 2 })
        );
    }
}
