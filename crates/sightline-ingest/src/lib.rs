//! Ingest: bytes in, [`RawPage`]s out.
//!
//! The first stage of Sightline's pipeline (`bytes ──ingest──▶ RawPage ──clean──▶ Document`).
//! [`discover`] turns the paths a user typed into [`Input`]s (folders walked in a stable order,
//! `-` for stdin); [`read_pages`] reads one input and hands every page, or every error, to a
//! sink. The readers:
//!
//! - **text and HTML files**: one page per file (`ContentKind::Text` or `ContentKind::Html`);
//! - **WARC and WARC.gz**: one page per `response` or `resource` record with an HTML or text
//!   payload, the HTTP envelope removed (chunking, gzip content encoding, the header charset);
//! - **JSON Lines**: one page per line `{"id", "text", "title"?, "date"?, "url"?}`;
//! - **RSS, Atom and RDF feeds** (feed-rs): one page per item, from its content or summary.
//!
//! Any input may be gzip-compressed; it is decompressed whatever its name, and the format is
//! then sniffed from the content first, the extension second ([`Format::Auto`]). Each call
//! returns a [`ReadSummary`]: pages and errors delivered, and records skipped because they hold
//! no page (images in a crawl, redirects, feed items without text).
//!
//! **Why a sink and not an iterator.** A WARC archive can hold a million pages and a JSON Lines
//! file a million lines; the sink lets every reader stream record by record with its own state
//! (an open decompressor, a line buffer, a byte offset) on its own stack, and lets the caller
//! stop early by returning [`ControlFlow::Break`]. Nothing is collected here.
//!
//! **Errors are values, not stops.** A bad line, record or item is handed to the sink as an
//! [`Error`] naming the input, the place (line, record offset, item) and the reason, and reading
//! goes on with the next one; only damage that makes the rest unreadable (a cut-off archive)
//! ends an input early, after every page before it was delivered. Every read into memory is
//! bounded by [`IngestConfig::max_page_bytes`], and decoding never replaces bytes silently: text
//! that cannot be decoded is an error.
//!
//! What ingest does not do: parse HTML (the cleaner builds the DOM once), assign ids (the id
//! hashes the cleaned content), or fetch URLs.
//!
//! ```
//! use std::ops::ControlFlow;
//! use sightline_ingest::{read_pages, IngestConfig, Input};
//!
//! let folder = tempfile::tempdir()?;
//! let path = folder.path().join("day.jsonl");
//! std::fs::write(&path, "{\"id\": 7, \"text\": \"KABUL – A blast.\", \"date\": \"2024-03-22\"}\n")?;
//! let mut pages = Vec::new();
//! let summary = read_pages(&Input::File(path), &IngestConfig::default(), &mut |page| {
//!     pages.push(page);
//!     ControlFlow::Continue(())
//! });
//! assert_eq!(summary.pages, 1);
//! let page = pages.remove(0)?;
//! assert_eq!(page.source.id.as_deref(), Some("7"));
//! assert_eq!(page.content, "KABUL – A blast.");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod decode;
mod discover;
mod error;
mod feed;
mod gzip;
mod html;
mod http;
mod jsonl;
mod limit;
mod sniff;
mod text;
mod warc;

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::ops::ControlFlow;
use std::path::PathBuf;

use sightline_core::{ContentKind, RawPage};

pub use discover::discover;
pub use error::{Error, ErrorKind, Location};

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
    /// The largest page (a file, a WARC record, a JSON Lines line, a whole feed, after
    /// decompression) that is read; larger ones are skipped with an error.
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

impl Input {
    /// The input as errors name it: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Input::File(path) => path.to_string_lossy().into_owned(),
            Input::Stdin => "<stdin>".to_string(),
        }
    }
}

/// What reading one input did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadSummary {
    /// Pages handed to the sink.
    pub pages: u64,
    /// Errors handed to the sink.
    pub errors: u64,
    /// Records that hold no page and were skipped without an error: WARC responses with an
    /// image, script or other non-text payload, redirects and error statuses, and feed items
    /// with neither content nor summary.
    pub skipped: u64,
}

/// Reads every page of `input`, handing each page or per-record error to `sink`, and returns
/// what it did. Reading stops early when `sink` returns [`ControlFlow::Break`].
pub fn read_pages(
    input: &Input,
    config: &IngestConfig,
    sink: &mut dyn FnMut(Result<RawPage, Error>) -> ControlFlow<()>,
) -> ReadSummary {
    let origin = Origin::of(input);
    let mut delivery = Delivery { sink, summary: ReadSummary::default() };
    let reader: Box<dyn Read> = match input {
        Input::File(path) => match File::open(path) {
            Ok(file) => Box::new(file),
            Err(error) => {
                let _ = delivery.error(Error::new(&origin.name, ErrorKind::from_io(error)));
                return delivery.summary;
            }
        },
        Input::Stdin => Box::new(io::stdin().lock()),
    };
    let _ = read_stream(reader, &origin, config, &mut delivery);
    delivery.summary
}

/// The input being read, as errors and pages name it.
pub(crate) struct Origin {
    /// The path as given, or `<stdin>`: the first part of every error message.
    pub(crate) name: String,
    /// The path for `Source::path`, `None` for stdin.
    pub(crate) path: Option<String>,
    /// The path for sniffing by extension.
    file: Option<PathBuf>,
}

impl Origin {
    fn of(input: &Input) -> Origin {
        match input {
            Input::File(path) => {
                Origin { name: input.name(), path: Some(input.name()), file: Some(path.clone()) }
            }
            Input::Stdin => Origin { name: input.name(), path: None, file: None },
        }
    }
}

/// The sink, with the counts of what went into it.
pub(crate) struct Delivery<'a> {
    sink: &'a mut dyn FnMut(Result<RawPage, Error>) -> ControlFlow<()>,
    summary: ReadSummary,
}

impl Delivery<'_> {
    /// Hands over a page or an error.
    pub(crate) fn deliver(&mut self, result: Result<RawPage, Error>) -> ControlFlow<()> {
        match result {
            Ok(_) => self.summary.pages += 1,
            Err(_) => self.summary.errors += 1,
        }
        (self.sink)(result)
    }

    /// Hands over a page.
    pub(crate) fn page(&mut self, page: RawPage) -> ControlFlow<()> {
        self.deliver(Ok(page))
    }

    /// Hands over an error.
    pub(crate) fn error(&mut self, error: Error) -> ControlFlow<()> {
        self.deliver(Err(error))
    }

    /// Counts a record that holds no page.
    pub(crate) fn skip(&mut self) {
        self.summary.skipped += 1;
    }
}

/// Undoes gzip, sniffs the format and runs its reader over `raw`.
fn read_stream(
    mut raw: Box<dyn Read>,
    origin: &Origin,
    config: &IngestConfig,
    delivery: &mut Delivery,
) -> ControlFlow<()> {
    let fail = |delivery: &mut Delivery, error: io::Error| {
        delivery.error(Error::new(&origin.name, ErrorKind::from_io(error)))
    };
    let mut head = Vec::new();
    if let Err(error) = limit::read_up_to(&mut raw, gzip::GZIP_MAGIC.len(), &mut head) {
        return fail(delivery, error);
    }
    let is_gzip = gzip::is_gzip(&head);
    let raw = Cursor::new(head).chain(raw);
    let mut decompressed: Box<dyn Read> =
        if is_gzip { Box::new(gzip::GzipReader::new(raw)) } else { Box::new(raw) };

    // The prefix is read before any reader runs, so a read error here (a gzip stream cut off in
    // its first kilobytes) is kept and replayed after the prefix: the reader then delivers what
    // was decoded before the cut and reports the cut where it happened.
    let mut prefix = Vec::new();
    let mut pending_error = limit::read_up_to(&mut decompressed, sniff::SNIFF_BYTES, &mut prefix).err();
    if config.format == Format::Auto && pending_error.is_none() && sniff::needs_whole_first_line(&prefix) {
        pending_error = read_first_line(&mut decompressed, config.max_page_bytes, &mut prefix).err();
    }
    if pending_error.is_none() && prefix.len() < sniff::SNIFF_BYTES && sniff::is_blank(&prefix) {
        return delivery.error(Error::new(&origin.name, ErrorKind::Empty));
    }
    let format = match config.format {
        Format::Auto => sniff::sniff(&prefix, origin.file.as_deref()),
        chosen => chosen,
    };
    // A WARC archive legitimately holds binary payloads (images) right after its first text
    // headers; every other format is text from its first byte.
    if format != Format::Warc && sniff::looks_binary(&prefix) {
        return delivery.error(Error::new(&origin.name, ErrorKind::Binary));
    }
    let rest: Box<dyn Read> = match pending_error {
        Some(error) => Box::new(FailingReader(Some(error))),
        None => decompressed,
    };
    let mut stream = BufReader::with_capacity(64 * 1024, Cursor::new(prefix).chain(rest));
    match format {
        Format::Text | Format::Auto => read_single(&mut stream, origin, ContentKind::Text, config, delivery),
        Format::Html => read_single(&mut stream, origin, ContentKind::Html, config, delivery),
        Format::Warc => warc::read_warc(&mut stream, origin, config, delivery),
        Format::Jsonl => jsonl::read_jsonl(&mut stream, origin, config, delivery),
        Format::Feed => feed::read_feed(&mut stream, origin, config, delivery),
    }
}

fn read_single(
    stream: &mut dyn Read,
    origin: &Origin,
    kind: ContentKind,
    config: &IngestConfig,
    delivery: &mut Delivery,
) -> ControlFlow<()> {
    delivery.deliver(text::read_page(stream, origin, kind, config))
}

/// Extends `prefix` to the end of its first line, reading at most `limit` bytes in all, so that
/// sniffing can tell whether that line is one JSON object (JSON Lines lines are often far longer
/// than the sniffing window: one whole article each).
fn read_first_line(reader: &mut dyn Read, limit: u64, prefix: &mut Vec<u8>) -> io::Result<()> {
    const STEP: usize = 64 * 1024;
    while (prefix.len() as u64) <= limit {
        let before = prefix.len();
        limit::read_up_to(reader, before + STEP, prefix)?;
        let added = prefix.get(before..).unwrap_or_default();
        if added.len() < STEP || added.contains(&b'\n') {
            break;
        }
    }
    Ok(())
}

/// A reader that fails once with a stored error, then reports the end of input.
struct FailingReader(Option<io::Error>);

impl Read for FailingReader {
    fn read(&mut self, _buffer: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(error) => Err(error),
            None => Ok(0),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One line per page or error: `kind path #record id= url= title= date= author=: content`
    /// (absent fields left out) or `error: message`.
    pub(crate) fn describe(result: &Result<RawPage, Error>) -> String {
        match result {
            Err(error) => format!("error: {error}"),
            Ok(page) => {
                let kind = match page.kind {
                    ContentKind::Html => "html",
                    ContentKind::Text => "text",
                };
                let mut line = format!("{kind} {}", page.source.path.as_deref().unwrap_or("-"));
                let fields = [
                    ("#", page.source.record.map(|record| record.to_string())),
                    (" id=", page.source.id.clone()),
                    (" url=", page.source.url.clone()),
                    (" title=", page.given.title.clone()),
                    (" date=", page.given.published.map(|date| date.to_string())),
                    (" author=", page.given.author.clone()),
                ];
                for (label, value) in fields {
                    if let Some(value) = value {
                        line.push_str(if label == "#" { " #" } else { label });
                        line.push_str(&value);
                    }
                }
                format!("{line}: {}", page.content)
            }
        }
    }

    /// Reads an input and describes every result with [`describe`].
    pub(crate) fn read_described(input: &Input, config: &IngestConfig) -> Vec<String> {
        let mut got = Vec::new();
        read_pages(input, config, &mut |result| {
            got.push(describe(&result));
            ControlFlow::Continue(())
        });
        got
    }

    /// Saves `bytes` as `name` in a temporary folder, reads it and describes every result, with
    /// the folder left out of paths.
    pub(crate) fn read_file(name: &str, bytes: &[u8], config: &IngestConfig) -> Vec<String> {
        let Ok(folder) = tempfile::tempdir() else { return vec!["no temporary folder".into()] };
        let path = folder.path().join(name);
        if std::fs::write(&path, bytes).is_err() {
            return vec!["cannot write temporary file".into()];
        }
        let prefix = format!("{}/", folder.path().display());
        read_described(&Input::File(path), config).iter().map(|line| line.replace(&prefix, "")).collect()
    }

    fn check(name: &str, bytes: &[u8], expected: &[&str]) {
        assert_eq!(read_file(name, bytes, &IngestConfig::default()), expected, "reading {name}");
    }

    #[test]
    fn binary_inputs_are_refused_whatever_the_format() {
        check("x.jsonl", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", &["error: x.jsonl: binary file, not text"]);
        let gzipped_image = crate::gzip::compress(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
        check("x.rss.gz", &gzipped_image, &["error: x.rss.gz: binary file, not text"]);
    }

    #[test]
    fn missing_inputs_and_early_stops() {
        let missing = Input::File(PathBuf::from("/nonexistent/sightline/x.txt"));
        assert_eq!(
            read_described(&missing, &IngestConfig::default()),
            ["error: /nonexistent/sightline/x.txt: no such file or folder"]
        );
        check(
            "two.jsonl",
            b"{\"id\": 1, \"text\": \"a\"}\n{\"id\": 2, \"text\": \"b\"}\n",
            &["text two.jsonl #1 id=1: a", "text two.jsonl #2 id=2: b"],
        );
        let Ok(folder) = tempfile::tempdir() else { return };
        let path = folder.path().join("two.jsonl");
        std::fs::write(&path, "{\"id\": 1, \"text\": \"a\"}\n{\"id\": 2, \"text\": \"b\"}\n").ok();
        let mut seen = 0;
        let summary = read_pages(&Input::File(path), &IngestConfig::default(), &mut |_| {
            seen += 1;
            ControlFlow::Break(())
        });
        assert_eq!((seen, summary.pages), (1, 1));
    }
}
