//! Ingest: bytes in, [`RawPage`]s out.
//!
//! (Stub: the readers are being written; this file fixes the public API.)
#![deny(missing_docs)]

use std::ops::ControlFlow;
use std::path::PathBuf;

use sightline_core::RawPage;

/// Which reader to use for an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Sniff the content (and only then the extension).
    #[default]
    Auto,
    /// Flattened text, one page per file.
    Text,
    /// One HTML page per file.
    Html,
    /// WARC or WARC.gz archive: one page per response or resource record.
    Warc,
    /// JSON Lines: one page per line, `{"id", "text", "title"?, "date"?, "url"?}`.
    Jsonl,
    /// RSS or Atom feed: one page per item.
    Feed,
}

/// Limits and choices for reading.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    /// The reader to use.
    pub format: Format,
    /// The largest page (a file, a WARC record, a JSON Lines line, after decompression) that is
    /// read; larger ones are skipped with an error.
    pub max_page_bytes: u64,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig { format: Format::Auto, max_page_bytes: 16 * 1024 * 1024 }
    }
}

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

/// A failure to read one input or one record of it.
#[derive(Debug, thiserror::Error)]
#[error("{input}: {message}")]
pub struct Error {
    /// The input, as a path or `<stdin>`.
    pub input: String,
    /// What went wrong.
    pub message: String,
}

/// Expands user-given paths into inputs: folders are walked recursively in a stable order.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<Error>) {
    let inputs = paths
        .iter()
        .map(|path| if path.as_os_str() == "-" { Input::Stdin } else { Input::File(path.clone()) })
        .collect();
    (inputs, Vec::new())
}

/// Reads every page of `input`, handing each page or per-record error to `sink`.
pub fn read_pages(
    input: &Input,
    config: &IngestConfig,
    sink: &mut dyn FnMut(Result<RawPage, Error>) -> ControlFlow<()>,
) {
    let _ = (input, config, sink);
}
