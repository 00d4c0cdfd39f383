//! Measures the store on synthetic documents: a first write, the same write again (every
//! document unchanged), a write where every document changed, counting, streaming every
//! document back, and searches. Run as
//! `cargo run -p sightline-store --release --example store_bench -- 20000`
//! (the number of documents; 10,000 when left out). The store is a file in a temporary folder,
//! so the figures include WAL writes and fsyncs at commit.

use std::time::Instant;

use sightline_core::{DocId, DocKind, Document, RemovalReason, Removed, Source};
use sightline_store::{Error, Store};

/// Words to build texts from; a fixed list so that runs are comparable.
const WORDS: &[&str] = &[
    "officials",
    "said",
    "the",
    "attack",
    "Kabul",
    "province",
    "ISIS-K",
    "claimed",
    "police",
    "killed",
    "wounded",
    "market",
    "bombing",
    "security",
    "forces",
    "arrested",
    "suspects",
    "café",
    "district",
    "government",
    "spokesperson",
    "Tuesday",
    "village",
    "checkpoint",
    "convoy",
    "militants",
];

fn document(number: usize, version: usize) -> Document {
    // A linear congruential sequence picks the words: deterministic and cheap.
    let mut state = (number as u64).wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut text = String::new();
    for word_index in 0..350 {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let word = WORDS[(state >> 33) as usize % WORDS.len()];
        text.push_str(word);
        text.push(if word_index % 25 == 24 { '\n' } else { ' ' });
    }
    text.push_str(&format!("Report {number}."));
    Document {
        id: DocId::from_content(&format!("{number}")),
        source: Source { path: Some(format!("corpus/{number}.html")), url: None, id: None, record: None },
        kind: DocKind::Article,
        title: Some(format!("Report {number}, version {version}")),
        published: chrono::NaiveDate::from_ymd_opt(2024, 1 + (number % 12) as u32, 1),
        author: None,
        dateline: Some("KABUL".into()),
        credit: None,
        language: Some("en".into()),
        text,
        removed: (0..5)
            .map(|line| Removed { text: format!("Menu item {line}"), reason: RemovalReason::Navigation })
            .collect(),
        parent: None,
    }
}

fn main() -> Result<(), Error> {
    let count: usize = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(10_000);
    let folder =
        tempfile::tempdir().map_err(|error| Error::Invalid { id: "-".into(), reason: error.to_string() })?;
    let mut store = Store::open(&folder.path().join("bench.db"))?;
    let first: Vec<Document> = (0..count).map(|number| document(number, 1)).collect();
    let changed: Vec<Document> = (0..count).map(|number| document(number, 2)).collect();
    let megabytes = first.iter().map(|document| document.text.len()).sum::<usize>() as f64 / 1e6;
    println!("{count} documents, {megabytes:.1} MB of text");

    for (label, batch) in [("insert", &first), ("rewrite unchanged", &first), ("update all", &changed)] {
        let started = Instant::now();
        let mut totals = (0, 0, 0);
        for chunk in batch.chunks(1000) {
            let stats = store.write_documents(chunk)?;
            totals = (totals.0 + stats.inserted, totals.1 + stats.unchanged, totals.2 + stats.updated);
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{label:18} {seconds:6.2} s  {:8.0} docs/s  (inserted {}, unchanged {}, updated {})",
            count as f64 / seconds,
            totals.0,
            totals.1,
            totals.2
        );
    }
    let started = Instant::now();
    let mut streamed = 0;
    store.for_each_document(&mut |_| {
        streamed += 1;
        Ok(())
    })?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "stream all         {seconds:6.2} s  {:8.0} docs/s  ({streamed} documents)",
        streamed as f64 / seconds
    );
    for query in ["ISIS-K claimed", "café bombing Tuesday", "Report 77"] {
        let started = Instant::now();
        let hits = store.search(query, 10)?;
        println!(
            "search {query:22} {:6.1} ms  top: {}",
            started.elapsed().as_secs_f64() * 1000.0,
            hits.first().and_then(|hit| hit.title.clone()).unwrap_or_default()
        );
    }
    Ok(())
}
