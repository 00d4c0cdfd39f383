//! The pipeline: ingest → clean → store (stub).
#![deny(missing_docs)]
