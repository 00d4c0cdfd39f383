//! Trains the flattened-text line model on the article-extraction benchmark and writes it to
//! `crates/sightline-clean/src/text/line_model.txt`, the file the crate embeds.
//!
//! ```text
//! cargo run -p sightline-clean --release --example train_line_model -- \
//!     ../shared/data/article-extraction-benchmark
//! ```
//!
//! Training is deterministic, so rerunning it on the same pages rewrites the same file.

use std::io::Read;
use std::path::PathBuf;

use sightline_clean::text::{LineModel, TrainingPage};

fn main() -> Result<(), String> {
    let folder = PathBuf::from(std::env::args().nth(1).ok_or("usage: train_line_model <benchmark folder>")?);
    let gold_path = folder.join("ground-truth.json");
    let gold_text =
        std::fs::read_to_string(&gold_path).map_err(|e| format!("{}: {e}", gold_path.display()))?;
    let gold: serde_json::Value =
        serde_json::from_str(&gold_text).map_err(|e| format!("{}: {e}", gold_path.display()))?;
    let gold = gold.as_object().ok_or("ground-truth.json is not an object")?;
    let mut ids: Vec<&String> = gold.keys().collect();
    ids.sort();
    let mut pages = Vec::new();
    for id in ids {
        let body =
            gold.get(id).and_then(|item| item.get("articleBody")).and_then(|b| b.as_str()).unwrap_or("");
        let path = folder.join("flattened/txt").join(format!("{id}.txt.gz"));
        let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut content = String::new();
        flate2::read::MultiGzDecoder::new(file)
            .read_to_string(&mut content)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        pages.push(TrainingPage { content, gold_body: body.to_string() });
    }
    let model = LineModel::train(&pages);
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/text/line_model.txt");
    std::fs::write(&out, model.to_text()).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("trained on {} pages, wrote {}", pages.len(), out.display());
    Ok(())
}
