//! `sightline train ner`: trains a named-entity model from CoNLL files.
//!
//! Training itself is the library's ([`sightline_nlp::ner::train`]); this module reads the
//! files, converts their tags to IOB2 (CoNLL-2003 was published in IOB1), scores each epoch on
//! the dev file when one is given so the best epoch is kept, and writes the model file.

mod clusters;
mod gazetteer;

use anyhow::{bail, Context};
use sightline_eval::conll::Scores;
use sightline_nlp::ner::{self, LabeledSentence, Tag, Tagger, TrainOptions};

use crate::args::{TrainCommand, TrainNerArgs};
use crate::tag::{parse_conll, read_input, tag_conll, ConllFile};
use crate::Outcome;

/// Runs one train command.
pub fn run(command: &TrainCommand, quiet: bool) -> anyhow::Result<Outcome> {
    match command {
        TrainCommand::Ner(args) => run_ner(args, quiet),
        TrainCommand::Gazetteer(args) => gazetteer::run(args, quiet),
        TrainCommand::Clusters(args) => clusters::run(args, quiet),
    }
}

/// The documents of a CoNLL file, sentences with their gold tags (last column) in IOB2.
///
/// `misc_unannotated` marks a file annotated without MISC (its `O` may be MISC).
fn labeled_documents(
    file: &ConllFile,
    name: &str,
    misc_unannotated: bool,
) -> anyhow::Result<Vec<Vec<LabeledSentence>>> {
    let mut documents = Vec::new();
    for document in &file.documents {
        let mut sentences = Vec::new();
        for sentence in document {
            let mut labeled = LabeledSentence { misc_unannotated, ..LabeledSentence::default() };
            for &index in sentence {
                let (Some(word), Some(tag_text)) = (file.column(index, 0), file.column(index, -1)) else {
                    bail!("{name}: line {}: a token line needs a word and a tag", index + 1);
                };
                let Some(tag) = Tag::parse(tag_text) else {
                    bail!(
                        "{name}: line {}: {tag_text:?} is not a CoNLL-2003 tag (O, B-PER, I-LOC, ...)",
                        index + 1
                    );
                };
                labeled.words.push(word.to_string());
                labeled.tags.push(tag);
            }
            ner::to_iob2(&mut labeled.tags);
            sentences.push(labeled);
        }
        documents.push(sentences);
    }
    Ok(documents)
}

/// Entity-level scores of a tagger on a CoNLL file whose last column is the gold tag.
pub fn score_file(tagger: &Tagger, file: &ConllFile) -> Scores {
    let predicted = tag_conll(tagger, file);
    let mut scores = Scores::default();
    for sentence in file.documents.iter().flatten() {
        let gold: Vec<&str> = sentence.iter().map(|&index| file.column(index, -1).unwrap_or("O")).collect();
        let tags: Vec<String> = sentence
            .iter()
            .map(|&index| predicted.get(index).copied().flatten().unwrap_or(Tag::O).to_string())
            .collect();
        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        scores.add_sentence(&gold, &tags);
    }
    scores
}

fn run_ner(args: &TrainNerArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let mut documents = Vec::new();
    for path in &args.train {
        let train_file = parse_conll(&read_input(path)?);
        documents.extend(labeled_documents(&train_file, &path.display().to_string(), false)?);
    }
    for path in &args.train_partial {
        let name = path.display().to_string();
        let partial = labeled_documents(&parse_conll(&read_input(path)?), &name, true)?;
        if partial
            .iter()
            .flatten()
            .flat_map(|sentence| &sentence.tags)
            .any(|tag| tag.entity_type() == Some(ner::EntityType::Misc))
        {
            bail!("{name}: a --train-partial file has no MISC type, but this one has MISC tags");
        }
        for _ in 0..args.partial_copies {
            documents.extend(partial.iter().cloned());
        }
    }
    let train_name = args
        .train
        .iter()
        .chain(&args.train_partial)
        .map(|path| path.display().to_string())
        .collect::<Vec<_>>()
        .join(" + ");
    let dev_file = match &args.dev {
        Some(path) => Some(parse_conll(&read_input(path)?)),
        None => None,
    };
    let options = TrainOptions {
        epochs: args.epochs,
        seed: args.seed,
        bucket_bits: args.bucket_bits,
        upper_case_per_mille: args.upper_case_per_mille,
        stages: args.stages,
        folds: args.folds,
        title_per_mille: args.title_per_mille,
    };
    let mut score_dev =
        |tagger: &Tagger| dev_file.as_ref().map_or(0.0, |file| score_file(tagger, file).total.f1());
    let score_epoch: Option<&mut dyn FnMut(&Tagger) -> f64> =
        if dev_file.is_some() { Some(&mut score_dev) } else { None };
    let mut report = |epoch: usize, score: Option<f64>| {
        if !quiet {
            match score {
                Some(score) => eprintln!("epoch {epoch}: dev entity F1 {score:.2}"),
                None => eprintln!("epoch {epoch} done"),
            }
        }
    };
    let tagger = ner::train(&documents, &options, score_epoch, &mut report)
        .with_context(|| format!("could not train on {train_name}"))?;
    let bytes = tagger.to_bytes();
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("could not write {}", args.output.display()))?;
    if !quiet {
        eprintln!("wrote {} ({} bytes)", args.output.display(), bytes.len());
    }
    Ok(Outcome::Success)
}
