//! The one error type of ingest: which input, where in it, and what was wrong.
//!
//! A reader never stops the run for a bad record: it hands the error to the sink and goes on
//! with the next record where the format allows it (JSON Lines, feeds, WARC records after an
//! oversized one). So an error must say enough on its own for a user to find the bad bytes:
//! the input as the user named it, a location inside it when the input holds many pages, and
//! the reason. `Display` joins the three with `": "`, the shape compilers and grep use:
//! `news/day1.jsonl: line 3: expected value at column 1`.

use std::fmt;
use std::io;

/// A failure to read one input or one record of it.
#[derive(Debug, thiserror::Error)]
#[error("{input}: {}{kind}", location_prefix(.location))]
pub struct Error {
    /// The input, as a path or `<stdin>`.
    pub input: String,
    /// Where inside the input, when the input holds several pages.
    pub location: Option<Location>,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl Error {
    /// An error of the whole input.
    pub(crate) fn new(input: &str, kind: ErrorKind) -> Error {
        Error { input: input.to_string(), location: None, kind }
    }

    /// An error at one place in the input.
    pub(crate) fn at(input: &str, location: Location, kind: ErrorKind) -> Error {
        Error { input: input.to_string(), location: Some(location), kind }
    }
}

fn location_prefix(location: &Option<Location>) -> String {
    location.map(|location| format!("{location}: ")).unwrap_or_default()
}

/// A place inside a multi-page input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// The 1-based line of a JSON Lines file.
    Line(u64),
    /// The byte offset of a WARC record (in the decompressed stream of a `.warc.gz`).
    Record(u64),
    /// The 1-based item of a feed.
    Item(u64),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(line) => write!(f, "line {line}"),
            Location::Record(offset) => write!(f, "record at byte {offset}"),
            Location::Item(item) => write!(f, "item {item}"),
        }
    }
}

/// What was wrong with an input or a record.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The path names nothing.
    #[error("no such file or folder")]
    NotFound,
    /// The operating system refused a read (permissions, a folder given as a file, ...).
    #[error("cannot read: {0}")]
    Io(#[source] io::Error),
    /// Walking a folder failed (a loop of links, a folder that vanished).
    #[error("cannot walk folder: {0}")]
    Walk(String),
    /// The input has no bytes, or only whitespace.
    #[error("empty file")]
    Empty,
    /// The bytes are not text at all (an image, an executable, a zip).
    #[error("binary file, not text")]
    Binary,
    /// A page is larger than `IngestConfig::max_page_bytes`.
    #[error(
        "page of {} is larger than the limit of {limit} bytes (raise it with --max-page-size)",
        size.map_or_else(|| format!("more than {limit} bytes"), |size| format!("{size} bytes"))
    )]
    TooLarge {
        /// The page's size in bytes when known (a WARC record states it), `None` when reading
        /// stopped at the limit.
        size: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
    /// A gzip stream ends before its end marker: the file was cut off while copying.
    #[error("gzip stream is truncated (the file was cut off)")]
    TruncatedGzip,
    /// A gzip stream is damaged.
    #[error("gzip stream is corrupt: {0}")]
    CorruptGzip(String),
    /// The bytes are neither valid UTF-8 nor valid in the declared or detected encoding.
    #[error("cannot decode text as {encoding} ({basis}) without losing characters")]
    Undecodable {
        /// The encoding tried last.
        encoding: &'static str,
        /// Why that encoding was tried: a byte order mark, or detection.
        basis: &'static str,
    },
    /// A JSON Lines line is not valid JSON, or not of the expected shape.
    #[error("{0}")]
    Json(String),
    /// A JSON Lines field has the wrong type or an unreadable value.
    #[error("field \"{field}\": {reason}")]
    Field {
        /// The field's name.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A WARC archive does not follow the format.
    #[error("{0}")]
    Warc(String),
    /// A WARC record ends before the length its header states.
    #[error("record is cut off: its header announces {expected} bytes of content, the file has {found}")]
    TruncatedRecord {
        /// Bytes announced by `Content-Length`.
        expected: u64,
        /// Bytes present before the end of the file.
        found: u64,
    },
    /// The HTTP response inside a WARC record is malformed or uses an encoding we cannot undo.
    #[error("{0}")]
    Http(String),
    /// A feed cannot be parsed.
    #[error("cannot parse feed: {0}")]
    Feed(String),
}

impl ErrorKind {
    /// Classifies an I/O error: errors raised by the gzip layer (see [`crate::gzip`]) become
    /// gzip errors, the rest stay I/O errors.
    pub(crate) fn from_io(error: io::Error) -> ErrorKind {
        match crate::gzip::gzip_failure(&error) {
            Some(failure) if failure.truncated => ErrorKind::TruncatedGzip,
            Some(failure) => ErrorKind::CorruptGzip(failure.message.clone()),
            None if error.kind() == io::ErrorKind::NotFound => ErrorKind::NotFound,
            None => ErrorKind::Io(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(error: Error, expected: &str) {
        assert_eq!(error.to_string(), expected);
    }

    #[test]
    fn messages_name_input_location_and_reason() {
        check(
            Error::at("a.jsonl", Location::Line(3), ErrorKind::Json("expected value at column 1".into())),
            "a.jsonl: line 3: expected value at column 1",
        );
        check(Error::new("<stdin>", ErrorKind::Empty), "<stdin>: empty file");
        check(
            Error::at("a.warc", Location::Record(512), ErrorKind::TooLarge { size: Some(9), limit: 4 }),
            "a.warc: record at byte 512: page of 9 bytes is larger than the limit of 4 bytes \
             (raise it with --max-page-size)",
        );
        check(
            Error::new("a.html", ErrorKind::TooLarge { size: None, limit: 4 }),
            "a.html: page of more than 4 bytes is larger than the limit of 4 bytes \
             (raise it with --max-page-size)",
        );
        check(Error::at("f.xml", Location::Item(2), ErrorKind::Empty), "f.xml: item 2: empty file");
    }
}
