//! Measures the tokenizer's speed on one core: tokens per second over a file.
//!
//! Usage: `cargo run -p sightline-nlp --release --example tokenize_speed -- FILE`. A `.jsonl`
//! file is read as JSON Lines and the `text` field of each line is tokenized (as in the MUC-4
//! files under `../shared/data/events/muc4/`); any other file is tokenized whole. The texts are
//! tokenized repeatedly for at least two seconds so that the figure is stable, and the
//! sentence splitter's speed over the same tokens is printed beside it.

use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: tokenize_speed FILE")?;
    let raw = std::fs::read_to_string(&path).map_err(|error| format!("cannot read {path}: {error}"))?;
    let texts: Vec<String> = if path.ends_with(".jsonl") {
        raw.lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter_map(|record| record.get("text")?.as_str().map(str::to_string))
            .collect()
    } else {
        vec![raw]
    };
    let n_bytes: usize = texts.iter().map(String::len).sum();

    let mut n_tokens = 0usize;
    let mut n_rounds = 0usize;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(2) {
        for text in &texts {
            n_tokens += std::hint::black_box(sightline_nlp::tokenize(text)).len();
        }
        n_rounds += 1;
    }
    let seconds = started.elapsed().as_secs_f64();

    let tokenized: Vec<_> = texts.iter().map(|text| sightline_nlp::tokenize(text)).collect();
    let mut n_sentences = 0usize;
    let sentence_started = Instant::now();
    for _ in 0..n_rounds {
        for (text, tokens) in texts.iter().zip(&tokenized) {
            n_sentences += std::hint::black_box(sightline_nlp::split_sentences(text, tokens)).len();
        }
    }
    let sentence_seconds = sentence_started.elapsed().as_secs_f64();

    println!("texts: {}, bytes: {n_bytes}, rounds: {n_rounds}", texts.len());
    println!("tokens per round: {}", n_tokens / n_rounds.max(1));
    println!(
        "tokenize: {:.2} M tokens/s, {:.1} MB/s",
        n_tokens as f64 / seconds / 1e6,
        (n_bytes * n_rounds) as f64 / seconds / 1e6
    );
    println!(
        "split_sentences: {:.2} M tokens/s ({} sentences per round)",
        n_tokens as f64 / sentence_seconds / 1e6,
        n_sentences / n_rounds.max(1)
    );
    Ok(())
}
