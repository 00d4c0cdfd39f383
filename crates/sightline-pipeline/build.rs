//! Fingerprints what the per-document analysis is made of, so that an analysis stored by one
//! build is never read by another that would find something else (see `facts::ANALYSIS_BUILD`).
//!
//! The fingerprint hashes the sources of every crate the analysis runs through and the data
//! files embedded in them (models, gazetteers, word lists): change a rule, retrain a model or
//! edit a list, and stored analyses are made again. It does not hash the compiler or the
//! dependencies' versions; a new release bumps the version, which is part of the fingerprint too.

use std::path::{Path, PathBuf};

/// Folders, from the repository root, whose files make the analysis.
const INPUTS: &[&str] = &[
    "crates/sightline-core/src",
    "crates/sightline-nlp/src",
    "crates/sightline-kb/src",
    "crates/sightline-extract/src",
    "crates/sightline-fuse/src",
    "crates/sightline-contract/src",
    "crates/sightline-pipeline/src",
    "data",
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for input in INPUTS {
        let folder = root.join(input);
        println!("cargo:rerun-if-changed={}", folder.display());
        collect(&folder, &mut files);
    }
    files.sort();
    // FNV-1a: stable across builds and platforms, which std's hasher does not promise.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        feed(relative.to_string_lossy().as_bytes());
        feed(&[0]);
        match std::fs::read(file) {
            Ok(bytes) => feed(&bytes),
            Err(error) => println!("cargo:warning=could not read {}: {error}", file.display()),
        }
        feed(&[0]);
    }
    println!("cargo:rustc-env=SIGHTLINE_ANALYSIS_SOURCES={hash:016x}");
}

fn collect(folder: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
