//! Measures how long the embedded tables take to load, and how fast the actor scanner reads text.
//!
//! ```text
//! cargo run --release -p sightline-kb --example kb_load
//! ```

use std::time::Instant;

use sightline_kb::{ActorTable, Gazetteer};

fn main() {
    let started = Instant::now();
    let actors = ActorTable::builtin();
    println!("actors: {} loaded in {:.0} ms", actors.actors().len(), started.elapsed().as_secs_f64() * 1e3);
    let started = Instant::now();
    let places = Gazetteer::builtin();
    println!("places: {} loaded in {:.0} ms", places.len(), started.elapsed().as_secs_f64() * 1e3);
    let text = "Islamic State Khorasan Province (IS-KP) claimed the attack in Kerman, Iran, \
                according to US Central Command. The Taliban and al-Shabaab were not involved. "
        .repeat(10_000);
    let started = Instant::now();
    let n_mentions = actors.find_mentions(&text).len();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "scan: {n_mentions} mentions in {} MB at {:.1} MB/s",
        text.len() / 1_000_000,
        text.len() as f64 / 1e6 / seconds
    );
}
