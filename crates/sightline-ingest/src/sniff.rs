//! Choosing a reader from the first bytes of an input, and only then from its name.
//!
//! Extensions lie: benchmark pages are `.html.gz`, crawls are saved as `.txt`, a feed comes as
//! `.php`, and stdin has no name at all. Each format this crate reads has a signature near its
//! start that text in another format practically never has (`WARC/1.` on the first line, a JSON
//! Feed's version URL, a JSON object on the first line, an XML root named `rss`, `feed` or
//! `rdf:RDF`, an HTML doctype or block tags), so the content decides whenever one matches; the extension only breaks the tie
//! for content that could be plain text, and plain text is the default.
//!
//! Sniffing also catches what no reader should see: a binary file (an image or an archive given
//! by mistake), recognised by NUL bytes or a high share of control bytes, which text in any
//! ASCII-compatible encoding does not have. UTF-16 text has NUL bytes too, so a UTF-16 byte
//! order mark exempts a file from that test.

use std::path::Path;

use encoding_rs::Encoding;

use crate::{html, Format};

/// How many bytes of the (decompressed) input sniffing looks at.
pub(crate) const SNIFF_BYTES: usize = 8192;

/// The format of an input, from its first bytes (`prefix`, at least [`SNIFF_BYTES`] or the whole
/// input, and the whole first line when it starts with `{`) and its path. Never `Format::Auto`.
pub(crate) fn sniff(prefix: &[u8], path: Option<&Path>) -> Format {
    if is_warc(prefix) {
        return Format::Warc;
    }
    let text = sniff_text(prefix);
    if is_json_feed(&text) {
        return Format::Feed;
    }
    if first_line_is_json_object(&text) {
        return Format::Jsonl;
    }
    if is_feed(&text) {
        return Format::Feed;
    }
    if html::looks_like_markup(&text) {
        return Format::Html;
    }
    path.and_then(format_from_extension).unwrap_or(Format::Text)
}

/// True when the first non-blank byte is `{` and the first line ends inside `prefix`, that is,
/// when sniffing needs more bytes to tell whether the line is a whole JSON object.
pub(crate) fn needs_whole_first_line(prefix: &[u8]) -> bool {
    let start = prefix.iter().position(|byte| !byte.is_ascii_whitespace());
    match start {
        Some(start) if prefix.get(start) == Some(&b'{') => {
            !prefix.get(start..).unwrap_or_default().contains(&b'\n')
        }
        _ => false,
    }
}

/// True when the input is binary rather than text in some encoding.
pub(crate) fn looks_binary(prefix: &[u8]) -> bool {
    let head = prefix.get(..SNIFF_BYTES).unwrap_or(prefix);
    if matches!(Encoding::for_bom(head), Some((encoding, _)) if encoding != encoding_rs::UTF_8) {
        return false;
    }
    if head.contains(&0) {
        return true;
    }
    // Tab, line feed, form feed, carriage return and escape (used by some legacy Japanese
    // encodings) occur in text; other C0 controls and DEL practically never do.
    let controls = head
        .iter()
        .filter(|&&byte| {
            (byte < 0x20 && !matches!(byte, b'\t' | b'\n' | 0x0c | b'\r' | 0x1b)) || byte == 0x7f
        })
        .count();
    controls * 10 > head.len()
}

/// True when the input has nothing but whitespace (or a byte order mark).
pub(crate) fn is_blank(prefix: &[u8]) -> bool {
    let body = prefix.strip_prefix(b"\xef\xbb\xbf").unwrap_or(prefix);
    body.iter().all(u8::is_ascii_whitespace)
}

/// The start of the input as text, good enough to look for signatures: UTF-16 is decoded by its
/// byte order mark; anything else is read as UTF-8 with invalid bytes replaced, which keeps every
/// ASCII signature intact whatever the real encoding (the real decoding happens later).
fn sniff_text(prefix: &[u8]) -> String {
    match Encoding::for_bom(prefix) {
        Some((encoding, _)) => encoding.decode_with_bom_removal(prefix).0.into_owned(),
        None => String::from_utf8_lossy(prefix).into_owned(),
    }
}

fn is_warc(prefix: &[u8]) -> bool {
    prefix.strip_prefix(b"WARC/").and_then(|rest| rest.first()).is_some_and(u8::is_ascii_digit)
}

fn first_line_is_json_object(text: &str) -> bool {
    let text = text.trim_start();
    if !text.starts_with('{') {
        return false;
    }
    let line = text.split('\n').next().unwrap_or_default();
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line).is_ok()
}

/// A JSON Feed (jsonfeed.org) is one JSON object whose `version` is the format's URL; it must
/// be told apart from JSON Lines, whose first line is a JSON object too.
fn is_json_feed(text: &str) -> bool {
    text.trim_start().starts_with('{') && text.contains("\"https://jsonfeed.org/version/")
}

fn is_feed(text: &str) -> bool {
    let start = html::skip_prolog(text);
    let Some(tag) = start.strip_prefix('<') else { return false };
    let name: String = tag.chars().take_while(|ch| !ch.is_whitespace() && *ch != '>' && *ch != '/').collect();
    name == "rss" || name == "feed" || name == "rdf:RDF" || name.ends_with(":RDF")
}

fn format_from_extension(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let extension = name.rsplit_once('.')?.1;
    match extension {
        "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
        "warc" => Some(Format::Warc),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        "rss" | "atom" => Some(Format::Feed),
        "txt" | "text" => Some(Format::Text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(content: &[u8], path: &str, expected: Format) {
        assert_eq!(sniff(content, Some(Path::new(path))), expected, "{path}: {content:?}");
    }

    #[test]
    fn content_decides_then_extension() {
        check(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "x.txt", Format::Warc);
        check(b"{\"id\": 1, \"text\": \"a\"}\n{\"id\": 2", "x.txt", Format::Jsonl);
        check(b"  \n{\"id\": 1}", "-", Format::Jsonl);
        check(b"{ not json", "x.txt", Format::Text);
        check(b"{\n  \"id\": 1\n}", "x.jsonl", Format::Jsonl);
        check(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>", "x.php", Format::Feed);
        check(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", "x", Format::Feed);
        check(b"<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">", "x", Format::Feed);
        check(b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}", "f.json", Format::Feed);
        check(b"<!DOCTYPE html>\n<html>", "page.txt", Format::Html);
        check(b"\xef\xbb\xbf<html><head>", "page", Format::Html);
        check(b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00", "page", Format::Html);
        check(b"Kabul - A blast on Monday.\n", "page.html.gz", Format::Html);
        check(b"Kabul - A blast on Monday.\n", "page.warc.gz", Format::Warc);
        check(b"Kabul - A blast on Monday.\n", "page.dat", Format::Text);
        check(b"<p>A fragment.</p><p>Two.</p><br>", "page.dat", Format::Html);
    }

    #[test]
    fn binary_blank_and_first_lines() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"));
        assert!(looks_binary(&[1u8, 2, 3, 4, 5, b'a', b'b']));
        assert!(!looks_binary(b"\xff\xfea\x00b\x00"));
        assert!(!looks_binary("café\tau lait\r\n".as_bytes()));
        assert!(is_blank(b" \n\t") && is_blank(b"") && !is_blank(b" x"));
        assert!(needs_whole_first_line(b" {\"text\": \"cut"));
        assert!(!needs_whole_first_line(b"{\"text\": 1}\n{"));
        assert!(!needs_whole_first_line(b"text {"));
    }
}
