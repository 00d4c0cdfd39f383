//! Cleans flattened-text files and prints each document: its metadata, its text and every
//! removed line with its reason. A window onto the cleaner's decisions.
//!
//! ```text
//! cargo run -p sightline-clean --example clean_text_file -- ../shared/corpus/seeds/*.txt
//! ```

use sightline_clean::{clean, CleanConfig};
use sightline_core::{ContentKind, GivenMeta, RawPage, Source};

fn main() -> Result<(), String> {
    for path in std::env::args().skip(1) {
        let content = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        let page = RawPage {
            source: Source { path: Some(path.clone()), ..Source::default() },
            kind: ContentKind::Text,
            content,
            given: GivenMeta::default(),
        };
        println!("=== {path}");
        for document in clean(&page, &CleanConfig::default()) {
            println!("--- {} {}", document.kind.as_str(), document.id);
            println!("title {:?}", document.title);
            println!("published {:?}  author {:?}", document.published, document.author);
            println!(
                "dateline {:?}  credit {:?}  language {:?}",
                document.dateline, document.credit, document.language
            );
            println!("{}", document.text);
            for removed in &document.removed {
                println!("  [{}] {}", removed.reason.as_str(), removed.text);
            }
        }
    }
    Ok(())
}
