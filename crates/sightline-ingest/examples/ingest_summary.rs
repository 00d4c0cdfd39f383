//! Reads every path given on the command line and prints what ingest made of it: pages by kind,
//! errors (each one line), skipped records, bytes of text and the time taken. A quick check of
//! the readers on real corpora, e.g.
//! `cargo run -p sightline-ingest --release --example ingest_summary -- ../shared/data/events`.
//! With `--pages` first, each page is also listed: its source and the start of its content.

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::time::Instant;

use sightline_core::ContentKind;
use sightline_ingest::{discover, read_pages, IngestConfig};

fn main() {
    let mut arguments: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let list_pages = arguments.first().is_some_and(|first| first.as_os_str() == "--pages");
    let paths = if list_pages { arguments.split_off(1) } else { arguments };
    let started = Instant::now();
    let (inputs, discover_errors) = discover(&paths);
    for error in &discover_errors {
        println!("error: {error}");
    }
    let (mut html, mut text, mut chars, mut errors, mut skipped) = (0u64, 0u64, 0usize, 0u64, 0u64);
    let config = IngestConfig::default();
    for input in &inputs {
        let summary = read_pages(input, &config, &mut |result| {
            match result {
                Ok(page) => {
                    match page.kind {
                        ContentKind::Html => html += 1,
                        ContentKind::Text => text += 1,
                    }
                    chars += page.content.len();
                    if list_pages {
                        let start: String = page.content.chars().take(80).collect();
                        println!("{:?} {:?}: {start:?}", page.source, page.kind);
                    }
                }
                Err(error) => println!("error: {error}"),
            }
            ControlFlow::Continue(())
        });
        errors += summary.errors;
        skipped += summary.skipped;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "inputs {} | pages {} (html {html}, text {text}) | errors {} | skipped {skipped} | {:.1} MB of text | {seconds:.2} s",
        inputs.len(),
        html + text,
        errors + discover_errors.len() as u64,
        chars as f64 / 1e6
    );
}
