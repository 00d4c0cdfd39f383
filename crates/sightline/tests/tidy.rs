//! Tidy: invariants of the code base that a compiler does not check.

use std::path::{Path, PathBuf};

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_crate_root_starts_with_a_doc_comment() {
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(crates_dir()).unwrap() {
        let src = entry.unwrap().path().join("src");
        for root in ["lib.rs", "main.rs"] {
            let path = src.join(root);
            if let Ok(text) = std::fs::read_to_string(&path) {
                if !text.starts_with("//!") {
                    missing.push(path);
                }
            }
        }
    }
    assert!(missing.is_empty(), "these crate roots need a `//!` doc comment first: {missing:?}");
}

#[test]
fn core_does_no_io_and_reads_no_clock() {
    let forbidden = [
        "std::fs",
        "std::net",
        "std::env",
        "SystemTime",
        "Instant::now",
        "Utc::now",
        "Local::now",
        "std::process",
    ];
    let mut offences = Vec::new();
    for path in rust_files(&crates_dir().join("sightline-core/src")) {
        let text = std::fs::read_to_string(&path).unwrap();
        for word in forbidden {
            if text.contains(word) {
                offences.push(format!("{}: {word}", path.display()));
            }
        }
    }
    assert!(offences.is_empty(), "sightline-core must stay free of I/O and clocks: {offences:?}");
}

#[test]
fn the_product_never_reads_gold_files() {
    let mut offences = Vec::new();
    for crate_name in [
        "sightline-core",
        "sightline-ingest",
        "sightline-clean",
        "sightline-store",
        "sightline-pipeline",
        "sightline-kb",
        "sightline-extract",
    ] {
        for path in rust_files(&crates_dir().join(crate_name).join("src")) {
            let text = std::fs::read_to_string(&path).unwrap();
            // Test modules may read gold files; product code above them may not.
            let product = text.split("#[cfg(test)]").next().unwrap_or("");
            for word in ["seeds-gold", "ground-truth.json", "gold."] {
                if product.contains(word) {
                    offences.push(format!("{}: {word}", path.display()));
                }
            }
        }
    }
    assert!(offences.is_empty(), "gold data is for tests and eval only: {offences:?}");
}
