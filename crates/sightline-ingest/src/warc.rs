//! WARC archives (ISO 28500, versions 1.0 and 1.1; 0.x headers read the same way), record by
//! record.
//!
//! A record is a version line, header lines, a blank line, exactly `Content-Length` bytes of
//! block, and two line breaks. The format is that simple, and a reader of our own can do what
//! the pipeline needs and general crates do not: stream in constant memory (only one record's
//! block is ever held, and only if it is a page within the size limit; other blocks are skipped
//! by count), locate every record by its byte offset for error messages and `source.record`, and
//! keep going after an oversized record. For a `.warc.gz` the offset counts decompressed bytes:
//! every record is its own gzip member, but the decompressor does not report member boundaries.
//!
//! Pages come from `response` records (the HTTP envelope is stripped by [`crate::http`]) and
//! `resource` records (the block is the payload). Only HTML and plain-text payloads are pages;
//! images, scripts, PDFs, redirects and error statuses are counted as skipped, since a crawl is
//! mostly such records and reporting each as an error would drown the real errors. `request`,
//! `metadata`, `warcinfo`, `revisit` and `conversion` records never hold a page and are passed
//! over silently.
//!
//! `WARC-Date` is when the page was captured, not when it was published; the cleaner prefers
//! given metadata over what it finds in the page, so the capture date is deliberately not given
//! as `published`.
//!
//! A record cut off by the end of the file (or by a truncated gzip stream) ends the archive with
//! an error naming the record's offset; every record before it has been delivered.

use std::io::{self, BufRead, Read};
use std::ops::ControlFlow;

use sightline_core::{ContentKind, GivenMeta, RawPage, Source};

use crate::error::{Error, ErrorKind, Location};
use crate::limit::{self, Counted, LineRead};
use crate::{decode, html, http, sniff, Delivery, IngestConfig, Origin};

/// The longest header line accepted; real ones are a few hundred bytes (long URIs).
const MAX_HEADER_LINE: u64 = 64 * 1024;

/// The most header bytes one record may have.
const MAX_HEADER_BYTES: usize = 1024 * 1024;

/// How much of an oversized record is read to learn whether it is a page at all.
const HEAD_BYTES: u64 = 16 * 1024;

/// The headers of one record that the reader uses.
#[derive(Debug, Default)]
struct RecordHeader {
    warc_type: String,
    content_length: Option<u64>,
    content_type: Option<String>,
    target_uri: Option<String>,
}

/// Reads every record of `stream`, delivering the pages among them.
pub(crate) fn read_warc(
    stream: &mut dyn BufRead,
    origin: &Origin,
    config: &IngestConfig,
    delivery: &mut Delivery,
) -> ControlFlow<()> {
    let mut reader = Counted::new(stream);
    let mut line = Vec::new();
    loop {
        // Records are separated by two line breaks; tolerate any number of blank lines, as
        // archives written by hand-rolled tools often get that count wrong.
        let record_offset = loop {
            let offset = reader.position();
            let error = |kind| Error::at(&origin.name, Location::Record(offset), kind);
            match limit::read_line_within(&mut reader, MAX_HEADER_LINE, &mut line) {
                Err(io) => return delivery.error(error(ErrorKind::from_io(io))),
                Ok(LineRead::End) => return ControlFlow::Continue(()),
                Ok(LineRead::TooLong(_)) => {
                    return delivery.error(error(ErrorKind::Warc(
                        "expected a WARC version line, found a very long line".into(),
                    )))
                }
                Ok(LineRead::Line) if line.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(LineRead::Line) => break offset,
            }
        };
        let error = |kind| Error::at(&origin.name, Location::Record(record_offset), kind);
        if !line.starts_with(b"WARC/") {
            let found: String = String::from_utf8_lossy(&line).trim_end().chars().take(40).collect();
            let message = format!("expected a WARC version line (WARC/1.0 or WARC/1.1), found {found:?}");
            return delivery.error(error(ErrorKind::Warc(message)));
        }
        let header = match read_header(&mut reader, &mut line) {
            Ok(header) => header,
            Err(kind) => return delivery.error(error(kind)),
        };
        let Some(length) = header.content_length else {
            let message = "record has no valid Content-Length header, so the next record cannot be found";
            return delivery.error(error(ErrorKind::Warc(message.into())));
        };
        let may_be_page = matches!(header.warc_type.as_str(), "response" | "resource");
        if may_be_page && length <= config.max_page_bytes {
            let mut block = Vec::new();
            if let Err(io) = (&mut reader).take(length).read_to_end(&mut block) {
                return delivery.error(error(ErrorKind::from_io(io)));
            }
            let found = block.len() as u64;
            if found < length {
                return delivery.error(error(ErrorKind::TruncatedRecord { expected: length, found }));
            }
            match page_of_record(&header, &block, origin, record_offset, config) {
                Ok(Some(page)) => delivery.page(page)?,
                Ok(None) => delivery.skip(),
                Err(kind) => delivery.error(error(kind))?,
            }
        } else {
            let mut head = Vec::new();
            let skipped =
                (&mut reader).take(HEAD_BYTES.min(length)).read_to_end(&mut head).and_then(|read| {
                    Ok(read as u64
                        + io::copy(&mut (&mut reader).take(length - read as u64), &mut io::sink())?)
                });
            let found = match skipped {
                Ok(found) => found,
                Err(io) => return delivery.error(error(ErrorKind::from_io(io))),
            };
            if found < length {
                return delivery.error(error(ErrorKind::TruncatedRecord { expected: length, found }));
            }
            if may_be_page {
                if payload_kind_of_head(&header, &head).is_some() {
                    let too_large = ErrorKind::TooLarge { size: Some(length), limit: config.max_page_bytes };
                    delivery.error(error(too_large))?;
                } else {
                    delivery.skip();
                }
            }
        }
    }
}

/// Reads header lines up to the blank line that ends them. `line` is a reusable buffer.
fn read_header(reader: &mut dyn BufRead, line: &mut Vec<u8>) -> Result<RecordHeader, ErrorKind> {
    let mut header = RecordHeader::default();
    let mut header_bytes = 0;
    let mut last_name = String::new();
    loop {
        match limit::read_line_within(reader, MAX_HEADER_LINE, line).map_err(ErrorKind::from_io)? {
            LineRead::End => return Err(ErrorKind::Warc("record is cut off inside its header".into())),
            LineRead::TooLong(length) => {
                return Err(ErrorKind::Warc(format!("header line of {length} bytes is too long")))
            }
            LineRead::Line => {}
        }
        header_bytes += line.len();
        if header_bytes > MAX_HEADER_BYTES {
            return Err(ErrorKind::Warc("record header is larger than 1 MiB".into()));
        }
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Ok(header);
        }
        // A line starting with white space continues the previous header's value (RFC 822
        // folding, which WARC inherits); only the target URI can be long enough to be folded.
        let (name, value) = if text.starts_with([' ', '\t']) {
            (last_name.clone(), text.trim())
        } else {
            let Some((name, value)) = text.split_once(':') else { continue };
            last_name = name.trim().to_ascii_lowercase();
            (last_name.clone(), value.trim())
        };
        match name.as_str() {
            "warc-type" => header.warc_type = value.to_ascii_lowercase(),
            "content-length" => header.content_length = value.parse().ok(),
            "content-type" => header.content_type = Some(value.to_string()),
            "warc-target-uri" => {
                let uri = value.trim_start_matches('<').trim_end_matches('>');
                header.target_uri.get_or_insert_with(String::new).push_str(uri);
            }
            _ => {}
        }
    }
}

/// The page in a record's block, `None` when the record holds something else.
fn page_of_record(
    header: &RecordHeader,
    block: &[u8],
    origin: &Origin,
    record_offset: u64,
    config: &IngestConfig,
) -> Result<Option<RawPage>, ErrorKind> {
    let (media_type, charset, body) = if is_http_response(header, block) {
        let response = http::parse_response(block, config.max_page_bytes)?;
        if !(200..300).contains(&response.status) {
            return Ok(None);
        }
        (response.media_type, response.charset, response.body)
    } else {
        let (media_type, charset) =
            header.content_type.as_deref().map(http::parse_content_type).unwrap_or_default();
        (media_type, charset, block.to_vec())
    };
    let Some(kind) = payload_kind(media_type.as_deref(), &body) else { return Ok(None) };
    if sniff::looks_binary(&body) {
        return Err(ErrorKind::Binary);
    }
    let content = decode::decode(&body, charset.as_deref(), kind == ContentKind::Html)?;
    Ok(Some(RawPage {
        source: Source {
            path: origin.path.clone(),
            url: header.target_uri.clone(),
            id: None,
            record: Some(record_offset),
        },
        kind,
        content,
        given: GivenMeta::default(),
    }))
}

/// A `response` record carries an HTTP message when its type says `application/http`, or says
/// nothing and the block starts like one; other responses (`dns:` lookups) carry their payload
/// directly, like resources.
fn is_http_response(header: &RecordHeader, block: &[u8]) -> bool {
    header.warc_type == "response"
        && match header.content_type.as_deref() {
            Some(content_type) => content_type.trim().to_ascii_lowercase().starts_with("application/http"),
            None => block.starts_with(b"HTTP/"),
        }
}

/// Whether a payload is a page, and of which kind, from its media type; a payload without a
/// usable media type is judged by its bytes. Blank payloads are not pages.
fn payload_kind(media_type: Option<&str>, body: &[u8]) -> Option<ContentKind> {
    if sniff::is_blank(body) {
        return None;
    }
    match media_type {
        Some("text/html" | "application/xhtml+xml") => Some(ContentKind::Html),
        Some("text/plain") => Some(ContentKind::Text),
        None | Some("application/octet-stream" | "unknown" | "unk" | "no-type") => {
            if sniff::looks_binary(body) {
                None
            } else if html::looks_like_markup(&String::from_utf8_lossy(body)) {
                Some(ContentKind::Html)
            } else {
                Some(ContentKind::Text)
            }
        }
        Some(_) => None,
    }
}

/// [`payload_kind`] from the first bytes of an oversized record, with the HTTP headers parsed
/// and the body unread (it may be compressed), so only the declared media type counts.
fn payload_kind_of_head(header: &RecordHeader, head: &[u8]) -> Option<ContentKind> {
    let media_type = if is_http_response(header, head) {
        http::parse_head(head).ok()?.0.media_type
    } else {
        header.content_type.as_deref().and_then(|content_type| http::parse_content_type(content_type).0)
    };
    payload_kind(media_type.as_deref(), b"x")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A WARC record with `headers` (CRLF added) and `block`.
    fn record(warc_type: &str, headers: &str, block: &[u8]) -> Vec<u8> {
        let mut bytes = format!(
            "WARC/1.1\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:x>\r\n{headers}Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        bytes.extend_from_slice(block);
        bytes.extend_from_slice(b"\r\n\r\n");
        bytes
    }

    fn response(uri: &str, http_head: &str, body: &[u8]) -> Vec<u8> {
        let mut block = http_head.replace('\n', "\r\n").into_bytes();
        block.extend_from_slice(b"\r\n");
        block.extend_from_slice(body);
        let headers =
            format!("WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n");
        record("response", &headers, &block)
    }

    fn check(name: &str, bytes: &[u8], limit: Option<u64>, expected: &[&str]) {
        let mut config = IngestConfig::default();
        if let Some(limit) = limit {
            config.max_page_bytes = limit;
        }
        assert_eq!(crate::tests::read_file(name, bytes, &config), expected, "reading {name}");
    }

    fn sample_archive() -> Vec<u8> {
        let mut gzipped_body =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        gzipped_body.extend(crate::gzip::compress(b"<p>zipped</p>"));
        let latin1_head = "HTTP/1.1 200 OK\nContent-Type: text/html; charset=windows-1252\n";
        [
            record("warcinfo", "Content-Type: application/warc-fields\r\n", b"software: test\r\n"),
            record("request", "WARC-Target-URI: http://a.example/\r\n", b"GET / HTTP/1.1\r\n\r\n"),
            response("http://a.example/", latin1_head, b"<p>caf\xe9</p>"),
            response("http://a.example/logo.png", "HTTP/1.1 200 OK\nContent-Type: image/png\n", b"\x89PNG\r\n\x1a\n\x00"),
            response("http://a.example/old", "HTTP/1.1 301 Moved Permanently\nLocation: /\n", b""),
            record(
                "response",
                "WARC-Target-URI: <http://b.example/z>\r\nContent-Type: application/http;msgtype=response\r\n",
                &gzipped_body,
            ),
            record("resource", "WARC-Target-URI: file:///notes.txt\r\nContent-Type: text/plain\r\n", b"Plain notes."),
        ]
        .concat()
    }

    #[test]
    fn reads_pages_from_responses_and_resources() {
        let archive = sample_archive();
        let records = split_records(&archive);
        let offset = |index: usize| records.iter().take(index).map(Vec::len).sum::<usize>();
        let expected = [
            format!("html a.warc #{} url=http://a.example/: <p>café</p>", offset(2)),
            format!("html a.warc #{} url=http://b.example/z: <p>zipped</p>", offset(5)),
            format!("text a.warc #{} url=file:///notes.txt: Plain notes.", offset(6)),
        ];
        assert_eq!(crate::tests::read_file("a.warc", &archive, &IngestConfig::default()), expected);
        let expected_gz: Vec<String> =
            expected.iter().map(|line| line.replacen("a.warc", "a.warc.gz", 1)).collect();
        let members: Vec<u8> = records.iter().flat_map(|record| crate::gzip::compress(record)).collect();
        assert_eq!(crate::tests::read_file("a.warc.gz", &members, &IngestConfig::default()), expected_gz);
    }

    #[test]
    fn two_record_gzip_archive_and_its_truncation() {
        let first =
            response("http://x.example/1", "HTTP/1.1 200 OK\nContent-Type: text/html\n", b"<p>one</p>");
        let second =
            response("http://x.example/2", "HTTP/1.1 200 OK\nContent-Type: text/plain\n", &[b'w'; 3000]);
        let offset = first.len();
        let archive = [crate::gzip::compress(&first), crate::gzip::compress(&second)].concat();
        let got = crate::tests::read_file("x.warc.gz", &archive, &IngestConfig::default());
        assert_eq!(got.len(), 2);
        assert_eq!(
            got.first().map(String::as_str),
            Some("html x.warc.gz #0 url=http://x.example/1: <p>one</p>")
        );
        let cut = &archive[..archive.len() - 20];
        check(
            "x.warc.gz",
            cut,
            None,
            &[
                "html x.warc.gz #0 url=http://x.example/1: <p>one</p>",
                &format!("error: x.warc.gz: record at byte {offset}: gzip stream is truncated (the file was cut off)"),
            ],
        );
    }

    #[test]
    fn damaged_and_oversized_records() {
        let good =
            response("http://x.example/1", "HTTP/1.1 200 OK\nContent-Type: text/html\n", b"<p>one</p>");
        let good_block = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>one</p>".len();
        let big = response("http://x.example/2", "HTTP/1.1 200 OK\nContent-Type: text/html\n", &[b'a'; 200]);
        let big_block = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".len() + 200;
        let video =
            response("http://x.example/3", "HTTP/1.1 200 OK\nContent-Type: video/mp4\n", &[b'a'; 200]);
        let at = |records: &[&Vec<u8>]| records.iter().map(|record| record.len()).sum::<usize>();
        check(
            "x.warc",
            &[good.clone(), big.clone(), video.clone(), good.clone()].concat(),
            Some(150),
            &[
                "html x.warc #0 url=http://x.example/1: <p>one</p>",
                &format!(
                    "error: x.warc: record at byte {}: page of {} bytes is larger than the limit of 150 bytes \
                     (raise it with --max-page-size)",
                    at(&[&good]),
                    big_block
                ),
                &format!("html x.warc #{} url=http://x.example/1: <p>one</p>", at(&[&good, &big, &video])),
            ],
        );
        let cut = [good.clone(), good[..good.len() - 10].to_vec()].concat();
        check(
            "x.warc",
            &cut,
            None,
            &[
                "html x.warc #0 url=http://x.example/1: <p>one</p>",
                &format!(
                    "error: x.warc: record at byte {}: record is cut off: its header announces {} bytes of \
                     content, the file has {}",
                    good.len(),
                    good_block,
                    good_block - 6
                ),
            ],
        );
        check(
            "x.warc",
            &[good.clone(), b"garbage\r\n".to_vec()].concat(),
            None,
            &[
                "html x.warc #0 url=http://x.example/1: <p>one</p>",
                &format!(
                    "error: x.warc: record at byte {}: expected a WARC version line (WARC/1.0 or WARC/1.1), \
                     found \"garbage\"",
                    good.len()
                ),
            ],
        );
        check(
            "x.warc",
            b"WARC/1.0\r\nWARC-Type: response\r\n\r\nxx",
            None,
            &["error: x.warc: record at byte 0: record has no valid Content-Length header, so the next record \
               cannot be found"],
        );
        check(
            "x.warc",
            b"WARC/1.0\r\nWARC-Type: resp",
            None,
            &["error: x.warc: record at byte 0: record is cut off inside its header"],
        );
    }

    /// Splits an archive built by [`record`] back into records, at each `WARC/1.1` line.
    fn split_records(archive: &[u8]) -> Vec<Vec<u8>> {
        let mut starts: Vec<usize> = archive
            .windows(10)
            .enumerate()
            .filter(|(_, window)| window == b"WARC/1.1\r\n")
            .map(|(i, _)| i)
            .collect();
        starts.push(archive.len());
        starts.windows(2).map(|pair| archive[pair[0]..pair[1]].to_vec()).collect()
    }
}
