//! Scores the flattened-text cleaner on the article-extraction benchmark's `flattened/txt/`.
//!
//! ```text
//! cargo run -p sightline-clean --release --example flattened_benchmark -- \
//!     ../shared/data/article-extraction-benchmark [--cv 5] [--worst 10]
//! ```
//!
//! Without `--cv` it scores the shipped model, which was trained on these very pages, so that
//! figure is optimistic. With `--cv K` the pages are split into K folds by their sorted ids;
//! each fold is cleaned by a model trained on the other folds, which is the honest figure.
//! Every page is cleaned as `ContentKind::Text` through `sightline_clean::clean` and scored
//! with `sightline_eval::shingle`, the benchmark's own metric.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use sightline_clean::text::{LineModel, TrainingPage};
use sightline_clean::{clean, CleanConfig};
use sightline_core::{ContentKind, GivenMeta, RawPage, Source};
use sightline_eval::shingle::{aggregate, score_document, TpFpFn};

struct Options {
    folder: PathBuf,
    folds: Option<usize>,
    worst: usize,
    threshold: Option<f32>,
    show: Option<String>,
}

fn parse_options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut options = Options { folder: PathBuf::new(), folds: None, worst: 0, threshold: None, show: None };
    let mut folder = None;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--cv" => options.folds = Some(value("--cv")?.parse().map_err(|e| format!("--cv: {e}"))?),
            "--worst" => options.worst = value("--worst")?.parse().map_err(|e| format!("--worst: {e}"))?,
            "--threshold" => {
                options.threshold =
                    Some(value("--threshold")?.parse().map_err(|e| format!("--threshold: {e}"))?)
            }
            "--show" => options.show = Some(value("--show")?),
            _ => folder = Some(PathBuf::from(arg)),
        }
    }
    options.folder = folder.ok_or("usage: flattened_benchmark <benchmark folder> [--cv K] [--worst N]")?;
    Ok(options)
}

/// Reads every page of `flattened/txt/` with its gold body, sorted by id.
fn load_pages(folder: &Path) -> Result<Vec<(String, String, String)>, String> {
    let gold_path = folder.join("ground-truth.json");
    let gold_text =
        std::fs::read_to_string(&gold_path).map_err(|e| format!("{}: {e}", gold_path.display()))?;
    let gold: serde_json::Value =
        serde_json::from_str(&gold_text).map_err(|e| format!("{}: {e}", gold_path.display()))?;
    let gold = gold.as_object().ok_or("ground-truth.json is not an object")?;
    let mut pages = Vec::new();
    for (id, item) in gold {
        let body = item.get("articleBody").and_then(|body| body.as_str()).unwrap_or("").to_string();
        let path = folder.join("flattened/txt").join(format!("{id}.txt.gz"));
        let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut content = String::new();
        flate2::read::MultiGzDecoder::new(file)
            .read_to_string(&mut content)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        pages.push((id.clone(), content, body));
    }
    pages.sort();
    Ok(pages)
}

fn main() -> Result<(), String> {
    let options = parse_options()?;
    let pages = load_pages(&options.folder)?;
    let n_folds = options.folds.unwrap_or(1).max(1);
    let mut configs = Vec::new();
    for fold in 0..n_folds {
        let mut config = CleanConfig::default();
        let base = if options.folds.is_some() {
            let training: Vec<TrainingPage> = pages
                .iter()
                .enumerate()
                .filter(|(index, _)| index % n_folds != fold)
                .map(|(_, (_, content, body))| TrainingPage {
                    content: content.clone(),
                    gold_body: body.clone(),
                })
                .collect();
            Some(LineModel::train(&training))
        } else {
            LineModel::embedded().cloned()
        };
        if let Some(model) = base {
            let model = match options.threshold {
                Some(threshold) => model.with_threshold(threshold),
                None => model,
            };
            config.line_model = Some(Arc::new(model));
        }
        configs.push(config);
    }

    let started = Instant::now();
    let mut results: Vec<(String, TpFpFn)> = Vec::new();
    let mut n_listings = 0usize;
    for (index, (id, content, body)) in pages.iter().enumerate() {
        let page = RawPage {
            source: Source { id: Some(id.clone()), ..Source::default() },
            kind: ContentKind::Text,
            content: content.clone(),
            given: GivenMeta::default(),
        };
        let documents = clean(&page, &configs[index % n_folds]);
        if options.show.as_ref().is_some_and(|prefix| id.starts_with(prefix.as_str())) {
            for document in &documents {
                println!(
                    "--- {:?} title {:?} published {:?} author {:?}",
                    document.kind, document.title, document.published, document.author
                );
                println!("{}", document.text);
                for removed in &document.removed {
                    println!(
                        "    [{}] {}",
                        removed.reason.as_str(),
                        removed.text.chars().take(120).collect::<String>()
                    );
                }
            }
        }
        if documents.first().is_some_and(|document| document.kind == sightline_core::DocKind::Listing) {
            n_listings += 1;
        }
        let predicted = documents.first().map(|document| document.text.as_str()).unwrap_or("");
        results.push((id.clone(), score_document(body, predicted)));
    }
    let seconds = started.elapsed().as_secs_f64();
    let scores = aggregate(&results.iter().map(|(_, result)| *result).collect::<Vec<_>>());
    let how = match options.folds {
        Some(k) => format!("{k}-fold cross-validation by page"),
        None => "shipped model (trained on these pages)".to_string(),
    };
    println!("pages {}  {how}  (split as listings: {n_listings})", results.len());
    println!("precision {:.3}  recall {:.3}  F1 {:.3}", scores.precision, scores.recall, scores.f1);
    println!("{:.0} pages/s (cleaning only, one thread)", results.len() as f64 / seconds.max(1e-9));
    let mut worst: Vec<&(String, TpFpFn)> = results.iter().collect();
    worst.sort_by(|a, b| {
        let f1 = |r: &TpFpFn| {
            let (p, r) = (r.precision(), r.recall());
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            }
        };
        f1(&a.1).total_cmp(&f1(&b.1))
    });
    for (id, result) in worst.iter().take(options.worst) {
        println!("  {id}  P {:.3}  R {:.3}", result.precision(), result.recall());
    }
    Ok(())
}
