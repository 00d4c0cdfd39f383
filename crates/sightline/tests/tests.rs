//! End-to-end tests: the real `sightline` binary on real pages.
//!
//! Tests that need `../shared` (the corpus and benchmarks beside the repository) say so and
//! pass vacuously in a user's clone without it, but fail when `CI` is set, where a missing
//! `../shared` means the run proves nothing.

mod util;

mod bad_input;
mod export;
mod extract;
mod fusion;
mod ingest;
mod ner;
mod places;
mod serve;
mod tidy;
