//! Transparent gzip: any input whose first two bytes are the gzip magic number is decompressed,
//! whatever its name says.
//!
//! Crawlers and benchmark sets store pages as `.gz` (sometimes with a misleading or missing
//! extension), and a WARC.gz is a series of gzip members, one per record; `MultiGzDecoder` reads
//! every member in turn, so both cases are the same stream to the readers above. The magic bytes
//! are two fixed bytes at the start of every gzip stream (RFC 1952), so checking them is cheap
//! and never mistakes text for gzip: 0x1f is a control character no text file starts with.
//!
//! Errors that happen inside the decompressor reach the readers as ordinary `io::Error`s, in the
//! middle of reading a line or a record. To report them as "gzip stream is truncated" rather
//! than a vague read error, [`GzipReader`] tags each one with a [`GzipFailure`] payload that
//! [`gzip_failure`] finds again wherever the error surfaces.

use std::fmt;
use std::io::{self, Read};

use flate2::read::MultiGzDecoder;

/// The first two bytes of every gzip stream.
pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// True when `head` starts with the gzip magic number.
pub(crate) fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&GZIP_MAGIC)
}

/// The payload that marks an `io::Error` as raised by the gzip layer.
#[derive(Debug)]
pub(crate) struct GzipFailure {
    /// True when the stream ended early (a cut-off file), false when it is damaged.
    pub(crate) truncated: bool,
    /// The decompressor's own message.
    pub(crate) message: String,
}

impl fmt::Display for GzipFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for GzipFailure {}

/// Finds the [`GzipFailure`] tag of an error raised by [`GzipReader`].
pub(crate) fn gzip_failure(error: &io::Error) -> Option<&GzipFailure> {
    error.get_ref().and_then(|inner| inner.downcast_ref::<GzipFailure>())
}

/// A multi-member gzip decompressor whose errors carry a [`GzipFailure`] tag.
pub(crate) struct GzipReader<R: Read> {
    decoder: MultiGzDecoder<R>,
}

impl<R: Read> GzipReader<R> {
    /// Decompresses `compressed`, which must start with [`GZIP_MAGIC`].
    pub(crate) fn new(compressed: R) -> GzipReader<R> {
        GzipReader { decoder: MultiGzDecoder::new(compressed) }
    }
}

impl<R: Read> Read for GzipReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        self.decoder.read(buffer).map_err(|error| {
            if error.kind() == io::ErrorKind::Interrupted {
                return error;
            }
            let truncated = error.kind() == io::ErrorKind::UnexpectedEof;
            let failure = GzipFailure { truncated, message: error.to_string() };
            io::Error::new(error.kind(), failure)
        })
    }
}

/// Compresses `bytes` as one gzip member, for tests of every reader.
#[cfg(test)]
pub(crate) fn compress(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).ok();
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decompresses `compressed`, returning the text read before any failure and the failure:
    /// `None`, `Some(true)` for truncated, `Some(false)` for corrupt.
    fn check(compressed: &[u8], expected_text: &str, expected_failure: Option<bool>) {
        let mut reader = GzipReader::new(compressed);
        let mut output = Vec::new();
        let mut failure = None;
        let mut buffer = [0u8; 7];
        loop {
            match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => output.extend_from_slice(&buffer[..read]),
                Err(error) => {
                    failure = gzip_failure(&error).map(|failure| failure.truncated);
                    assert!(failure.is_some(), "untagged error {error}");
                    break;
                }
            }
        }
        assert!(String::from_utf8_lossy(&output).starts_with(expected_text));
        assert_eq!(failure, expected_failure);
    }

    #[test]
    fn decompresses_members_and_tags_failures() {
        let one = compress(b"first member\n");
        let two = compress(b"second member\n");
        let both = [one.clone(), two.clone()].concat();
        check(&one, "first member\n", None);
        check(&both, "first member\nsecond member\n", None);
        check(&both[..both.len() - 5], "first member\n", Some(true));
        let mut corrupt = both.clone();
        corrupt.extend_from_slice(b"\x1f\x8bXXXXXXXXXXXXXXXXXXXX");
        check(&corrupt, "first member\nsecond member\n", Some(false));
        assert!(is_gzip(&one) && !is_gzip(b"<html>"));
    }
}
