//! Measures the named-entity tagger's speed on one core: tokens per second over a CoNLL file.
//!
//! Usage: `cargo run -p sightline-nlp --release --example ner_speed -- FILE`. FILE has a token
//! per line in its first column, blank lines between sentences and `-DOCSTART-` lines between
//! documents (CoNLL-2003's `test.txt`, say). Each document is tagged with the embedded model,
//! memory and document pass included, repeatedly for at least two seconds so that the figure
//! is stable. Tokens are given, so the figure is tagging alone, without tokenizing.

use std::time::{Duration, Instant};

use sightline_nlp::ner::Tagger;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: ner_speed FILE")?;
    let raw = std::fs::read_to_string(&path).map_err(|error| format!("cannot read {path}: {error}"))?;
    let mut documents: Vec<Vec<Vec<&str>>> = vec![Vec::new()];
    let mut sentence: Vec<&str> = Vec::new();
    for line in raw.lines() {
        let first = line.split_whitespace().next();
        if first.is_none() || first == Some("-DOCSTART-") {
            if let Some(document) = documents.last_mut() {
                if !sentence.is_empty() {
                    document.push(std::mem::take(&mut sentence));
                }
            }
            if first.is_some() {
                documents.push(Vec::new());
            }
        } else if let Some(token) = first {
            sentence.push(token);
        }
    }
    if let Some(document) = documents.last_mut() {
        if !sentence.is_empty() {
            document.push(sentence);
        }
    }
    documents.retain(|document| !document.is_empty());
    let n_tokens_per_round: usize = documents.iter().flatten().map(Vec::len).sum();

    let tagger = Tagger::embedded()?;
    let mut n_tokens = 0usize;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(2) {
        for document in &documents {
            let tags = std::hint::black_box(tagger.tag_document(document));
            n_tokens += tags.iter().map(Vec::len).sum::<usize>();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{} documents, {n_tokens_per_round} tokens a round; tagged {n_tokens} tokens in {seconds:.2} s: {:.0} tokens/s",
        documents.len(),
        n_tokens as f64 / seconds
    );
    Ok(())
}
