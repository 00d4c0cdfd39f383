//! Documents per second for the knowledge base's share of linking on a JSON Lines corpus: actor
//! mentions, acronym definitions and the place context of each document, on one core.
//!
//! ```text
//! cargo run --release -p sightline-kb --example link_speed -- ../shared/data/events/gva_corpus/docs_dev.jsonl
//! ```

use std::io::BufRead;
use std::time::Instant;

use sightline_kb::{find_defined_acronyms, ActorTable, Gazetteer};

fn main() -> std::io::Result<()> {
    let path =
        std::env::args().nth(1).unwrap_or_else(|| "../shared/data/events/gva_corpus/docs_dev.jsonl".into());
    let mut texts = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(&path)?).lines() {
        let record: serde_json::Value = serde_json::from_str(&line?).map_err(std::io::Error::other)?;
        texts.push(record["text"].as_str().unwrap_or_default().to_string());
    }
    let started = Instant::now();
    let (actors, places) = (ActorTable::builtin(), Gazetteer::builtin());
    println!("tables loaded in {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    let started = Instant::now();
    let (mut n_mentions, mut n_acronyms, mut n_bytes) = (0, 0, 0);
    for text in &texts {
        n_mentions += actors.find_mentions(text).len();
        n_acronyms += find_defined_acronyms(text).len();
        let _context = places.context_from_text(text);
        n_bytes += text.len();
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{} documents ({:.1} MB) in {seconds:.2} s: {:.0} documents/s; {n_mentions} actor mentions, {n_acronyms} acronym definitions",
        texts.len(),
        n_bytes as f64 / 1e6,
        texts.len() as f64 / seconds
    );
    Ok(())
}
