//! `sightline train clusters`: word clusters for the ner tagger, learned from unlabeled text by
//! the library's exchange algorithm ([`sightline_nlp::ner::learn_clusters`]).
//!
//! Text comes from CoNLL files (first column; labels ignored) and JSON Lines files (each
//! record's `title` and `text`, split by our tokenizer and sentence splitter). Each granularity
//! in `--classes` is one run of the algorithm and one column of the table.

use std::collections::BTreeMap;

use anyhow::Context;

use crate::args::TrainClustersArgs;
use crate::tag::{parse_conll, read_input};
use crate::Outcome;

/// The sentences of a JSON Lines file's `title` and `text` fields.
fn jsonl_sentences(text: &str, name: &str, out: &mut Vec<Vec<String>>) -> anyhow::Result<()> {
    for (index, line) in text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
        let record: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("{name}: line {} is not JSON", index + 1))?;
        for field in ["title", "text"] {
            let Some(body) = record.get(field).and_then(serde_json::Value::as_str) else { continue };
            let tokens = sightline_nlp::tokenize(body);
            for sentence in sightline_nlp::split_sentences(body, &tokens) {
                let words = tokens.get(sentence.token_start..sentence.token_end).unwrap_or(&[]);
                out.push(words.iter().map(|token| token.text(body).to_string()).collect());
            }
        }
    }
    Ok(())
}

/// Runs `sightline train clusters`.
pub fn run(args: &TrainClustersArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let mut sentences: Vec<Vec<String>> = Vec::new();
    for path in &args.conll {
        let file = parse_conll(&read_input(path)?);
        for sentence in file.documents.iter().flatten() {
            sentences.push(
                sentence.iter().filter_map(|&index| file.column(index, 0)).map(str::to_string).collect(),
            );
        }
    }
    for path in &args.jsonl {
        jsonl_sentences(&read_input(path)?, &path.display().to_string(), &mut sentences)?;
    }
    let n_tokens: usize = sentences.iter().map(Vec::len).sum();
    if !quiet {
        eprintln!("{} sentences, {n_tokens} tokens", sentences.len());
    }
    let mut table: BTreeMap<String, Vec<u16>> = BTreeMap::new();
    for &n_classes in &args.classes {
        let started = std::time::Instant::now();
        for (word, class) in
            sightline_nlp::ner::learn_clusters(&sentences, n_classes, args.min_count, args.passes)
        {
            table.entry(word).or_default().push(class);
        }
        if !quiet {
            eprintln!("{n_classes} classes: {:.1} s", started.elapsed().as_secs_f64());
        }
    }
    // Last column: how often the word is capitalised where case is a choice.
    let capitalisation = sightline_nlp::ner::capitalisation_classes(&sentences, args.min_count);
    for (word, classes) in &mut table {
        classes.push(capitalisation.get(word).copied().unwrap_or(0));
    }
    let mut classes: Vec<String> = args.classes.iter().map(|n| format!("{n} classes")).collect();
    classes.push("capitalisation 0-4".to_string());
    let mut out = format!(
        "# Word clusters for the ner tagger: word<TAB>class per column ({}), learned by\n\
         # `sightline train clusters` (exchange algorithm, deterministic) from {n_tokens} tokens; see data/ner/README.md.\n",
        classes.join(", ")
    );
    for (word, classes) in &table {
        let classes: Vec<String> = classes.iter().map(u16::to_string).collect();
        out.push_str(&format!("{word}\t{}\n", classes.join("\t")));
    }
    std::fs::write(&args.output, &out)
        .with_context(|| format!("could not write {}", args.output.display()))?;
    if !quiet {
        eprintln!("wrote {} ({} words, {} bytes)", args.output.display(), table.len(), out.len());
    }
    Ok(Outcome::Success)
}
