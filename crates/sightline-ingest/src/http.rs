//! The HTTP envelope of a WARC `response` record: status line, headers, and a body that may be
//! chunked and compressed.
//!
//! A WARC response record stores the bytes as they came off the wire (RFC 9110/9112), so the
//! page is only reachable after undoing what HTTP did to it, in the order HTTP applied it in
//! reverse: first the transfer coding (`chunked`), then the content coding (`gzip`, `deflate`).
//! Some archivers store the decoded body but keep the original headers; a body that does not
//! look encoded (no chunk-size line, no gzip magic) is therefore taken as it is, since the
//! header then describes a transfer that already happened.

use std::io::Read;

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

use crate::error::ErrorKind;
use crate::{gzip, html, limit};

/// A parsed HTTP response.
#[derive(Debug)]
pub(crate) struct Response {
    /// The status code (200, 301, 404, ...).
    pub(crate) status: u16,
    /// The media type of `Content-Type`, lowercased, without parameters.
    pub(crate) media_type: Option<String>,
    /// The `charset` parameter of `Content-Type`.
    pub(crate) charset: Option<String>,
    /// The body with transfer and content codings undone.
    pub(crate) body: Vec<u8>,
}

/// The status line and the headers that matter, without the body.
#[derive(Debug, Default)]
pub(crate) struct Head {
    /// The status code (200, 301, 404, ...).
    pub(crate) status: u16,
    /// The media type of `Content-Type`, lowercased, without parameters.
    pub(crate) media_type: Option<String>,
    /// The `charset` parameter of `Content-Type`.
    pub(crate) charset: Option<String>,
    transfer_encoding: String,
    content_encoding: String,
}

/// Parses the status line and headers at the start of `block`, returning them and the raw body.
/// Works on the first kilobytes of a record too, which is enough to learn its media type.
pub(crate) fn parse_head(block: &[u8]) -> Result<(Head, &[u8]), ErrorKind> {
    // Headers end at the first blank line, written CRLF CRLF by the standard and LF LF by
    // some servers; whichever comes first ends them, or a body's own blank line would be taken
    // for the end of the headers.
    let crlf = html::find(block, b"\r\n\r\n").map(|end| (end, end + 4));
    let lf = html::find(block, b"\n\n").map(|end| (end, end + 2));
    let header_end = match (crlf, lf) {
        (Some(crlf), Some(lf)) => Some(if lf.0 < crlf.0 { lf } else { crlf }),
        (crlf, lf) => crlf.or(lf),
    };
    let (head_bytes, body) = match header_end {
        Some((end, body_start)) => (&block[..end], block.get(body_start..).unwrap_or_default()),
        None => (block, &[][..]),
    };
    let head_text = String::from_utf8_lossy(head_bytes);
    let mut lines = head_text.split('\n').map(|line| line.trim_end_matches('\r'));
    let status_line = lines.next().unwrap_or_default();
    let status = parse_status(status_line)
        .ok_or_else(|| ErrorKind::Http(format!("not an HTTP status line: {:?}", shorten(status_line))))?;
    let mut head = Head { status, ..Head::default() };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => (head.media_type, head.charset) = parse_content_type(value),
            "transfer-encoding" => head.transfer_encoding = value.to_ascii_lowercase(),
            "content-encoding" => head.content_encoding = value.to_ascii_lowercase(),
            _ => {}
        }
    }
    Ok((head, body))
}

/// Parses a whole response block, bounding the decoded body by `max_body_bytes`.
pub(crate) fn parse_response(block: &[u8], max_body_bytes: u64) -> Result<Response, ErrorKind> {
    let (head, body) = parse_head(block)?;
    let body = if head.transfer_encoding.contains("chunked") { dechunk(body)? } else { body.to_vec() };
    let body = decode_content(body, &head.content_encoding, max_body_bytes)?;
    Ok(Response { status: head.status, media_type: head.media_type, charset: head.charset, body })
}

/// Splits a `Content-Type` value into its lowercased media type and its charset parameter.
pub(crate) fn parse_content_type(value: &str) -> (Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let media_type =
        parts.next().map(|media| media.trim().to_ascii_lowercase()).filter(|media| !media.is_empty());
    let charset = parts.find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
    });
    (media_type, charset)
}

fn parse_status(line: &str) -> Option<u16> {
    let rest = line.strip_prefix("HTTP/")?;
    let code = rest.split_whitespace().nth(1)?;
    code.parse().ok()
}

/// Undoes `Transfer-Encoding: chunked`: hex size line, that many bytes, CRLF, until size 0.
fn dechunk(body: &[u8]) -> Result<Vec<u8>, ErrorKind> {
    let mut output = Vec::with_capacity(body.len());
    let mut rest = body;
    let mut first = true;
    loop {
        let line_end = rest.iter().position(|&byte| byte == b'\n');
        let size_line = String::from_utf8_lossy(line_end.map_or(rest, |end| &rest[..end]));
        let size_text = size_line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).ok();
        let (Some(size), Some(line_end)) = (size, line_end) else {
            if first {
                // No chunk-size line at all: the archiver stored the body already de-chunked.
                return Ok(body.to_vec());
            }
            if rest.iter().all(u8::is_ascii_whitespace) {
                // The last chunk (size 0) is missing; many servers close the connection instead.
                return Ok(output);
            }
            return Err(ErrorKind::Http("malformed chunked transfer encoding".to_string()));
        };
        first = false;
        if size == 0 {
            return Ok(output);
        }
        let data = rest.get(line_end + 1..).unwrap_or_default();
        let Some(chunk) = data.get(..size) else {
            return Err(ErrorKind::Http("chunked body is cut off inside a chunk".to_string()));
        };
        output.extend_from_slice(chunk);
        let after = data.get(size..).unwrap_or_default();
        rest = after.strip_prefix(b"\r\n").or_else(|| after.strip_prefix(b"\n")).unwrap_or(after);
    }
}

/// Undoes `Content-Encoding`, refusing bodies that inflate beyond `limit`.
fn decode_content(body: Vec<u8>, coding: &str, limit: u64) -> Result<Vec<u8>, ErrorKind> {
    let coding = coding.trim();
    let mut decoder: Box<dyn Read + '_> = match coding {
        "" | "identity" | "none" => return Ok(body),
        "gzip" | "x-gzip" if gzip::is_gzip(&body) => Box::new(MultiGzDecoder::new(body.as_slice())),
        "deflate" if body.first().is_some_and(|byte| byte & 0x0f == 8) => {
            // RFC 9110 "deflate" is zlib-wrapped data, and its first byte names method 8; some
            // servers send raw deflate instead, which the other branch reads.
            Box::new(ZlibDecoder::new(body.as_slice()))
        }
        "deflate" => Box::new(DeflateDecoder::new(body.as_slice())),
        // The header describes a coding the archiver already undid: gzip named, no magic bytes.
        "gzip" | "x-gzip" => return Ok(body),
        other => return Err(ErrorKind::Http(format!("unsupported content encoding {other:?}"))),
    };
    let decoded = limit::read_all_within(&mut decoder, limit)
        .map_err(|error| ErrorKind::Http(format!("cannot undo content encoding {coding:?}: {error}")))?;
    decoded.ok_or(ErrorKind::TooLarge { size: None, limit })
}

fn shorten(text: &str) -> String {
    text.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `block` and describes it as `status media charset: body` or `error: message`.
    fn check(block: &[u8], expected: &str) {
        let got = match parse_response(block, 1000) {
            Ok(response) => format!(
                "{} {} {}: {}",
                response.status,
                response.media_type.as_deref().unwrap_or("-"),
                response.charset.as_deref().unwrap_or("-"),
                String::from_utf8_lossy(&response.body)
            ),
            Err(error) => format!("error: {error}"),
        };
        assert_eq!(got, expected);
    }

    #[test]
    fn strips_envelope_and_codings() {
        check(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"ISO-8859-1\"\r\n\r\n<p>x</p>",
            "200 text/html ISO-8859-1: <p>x</p>",
        );
        check(b"HTTP/1.0 301 Moved\nLocation: /y\n\n", "301 - -: ");
        check(
            b"HTTP/1.1 200 OK\nContent-Type: text/plain\n\nline\r\n\r\nmore",
            "200 text/plain -: line\r\n\r\nmore",
        );
        check(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n6;ext=1\r\npedia \r\n0\r\n\r\n",
            "200 - -: Wikipedia ",
        );
        check(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nplain body", "200 - -: plain body");
        let mut gzipped =
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/plain\r\n\r\n".to_vec();
        gzipped.extend(crate::gzip::compress(b"inflated"));
        check(&gzipped, "200 text/plain -: inflated");
        check(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\nalready plain", "200 - -: already plain");
        check(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n\x0b",
            "error: unsupported content encoding \"br\"",
        );
        check(b"<html>no status", "error: not an HTTP status line: \"<html>no status\"");
        check(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nff\r\nshort",
            "error: chunked body is cut off inside a chunk",
        );
        let mut bomb = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        bomb.extend(crate::gzip::compress(&[b'a'; 5000]));
        check(
            &bomb,
            "error: page of more than 1000 bytes is larger than the limit of 1000 bytes \
             (raise it with --max-page-size)",
        );
    }
}
