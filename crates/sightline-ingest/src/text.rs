//! One page per file: flattened text or an HTML page.
//!
//! The whole file is the page, so the only work is to bound it, refuse what is not text, and
//! decode it. The page's `source.path` is the path as given or walked, unchanged, because the
//! file name is often the only key back to where the page came from (a benchmark item, a crawl
//! log); no id is invented here, the cleaner hashes the content.

use std::io::Read;

use sightline_core::{ContentKind, GivenMeta, RawPage, Source};

use crate::error::{Error, ErrorKind};
use crate::{decode, limit, sniff, IngestConfig, Origin};

/// Reads the rest of `stream` as one page of `kind`.
pub(crate) fn read_page(
    stream: &mut dyn Read,
    origin: &Origin,
    kind: ContentKind,
    config: &IngestConfig,
) -> Result<RawPage, Error> {
    let error = |kind: ErrorKind| Error::new(&origin.name, kind);
    let bytes = limit::read_all_within(stream, config.max_page_bytes)
        .map_err(|io| error(ErrorKind::from_io(io)))?
        .ok_or_else(|| error(ErrorKind::TooLarge { size: None, limit: config.max_page_bytes }))?;
    if sniff::is_blank(&bytes) {
        return Err(error(ErrorKind::Empty));
    }
    if sniff::looks_binary(&bytes) {
        return Err(error(ErrorKind::Binary));
    }
    let content = decode::decode(&bytes, None, kind == ContentKind::Html).map_err(error)?;
    Ok(RawPage {
        source: Source { path: origin.path.clone(), ..Source::default() },
        kind,
        content,
        given: GivenMeta::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    fn check(name: &str, bytes: &[u8], format: Format, limit: Option<u64>, expected: &[&str]) {
        let mut config = IngestConfig { format, ..IngestConfig::default() };
        if let Some(limit) = limit {
            config.max_page_bytes = limit;
        }
        assert_eq!(crate::tests::read_file(name, bytes, &config), expected, "reading {name}");
    }

    #[test]
    fn text_and_html_files_are_one_page_each() {
        check("a.txt", b"KABUL - A blast.\n", Format::Auto, None, &["text a.txt: KABUL - A blast.\n"]);
        check(
            "a.html",
            b"<html><p>x</p></html>",
            Format::Auto,
            None,
            &["html a.html: <html><p>x</p></html>"],
        );
        check("a.txt", b"<!doctype html><p>x", Format::Auto, None, &["html a.txt: <!doctype html><p>x"]);
        check("a.htm", b"plain words", Format::Auto, None, &["html a.htm: plain words"]);
        check("a.html", b"plain words", Format::Text, None, &["text a.html: plain words"]);
        check(
            "latin1.txt",
            b"Le caf\xe9 a \xe9t\xe9 ferm\xe9.",
            Format::Auto,
            None,
            &["text latin1.txt: Le café a été fermé."],
        );
        check("bom.txt", b"\xef\xbb\xbfcaf\xc3\xa9", Format::Auto, None, &["text bom.txt: café"]);
        check("utf16.txt", b"\xff\xfec\x00a\x00f\x00\xe9\x00", Format::Auto, None, &["text utf16.txt: café"]);
        let compressed = crate::gzip::compress(b"<html><body>gzipped</body></html>");
        check(
            "page.bin",
            &compressed,
            Format::Auto,
            None,
            &["html page.bin: <html><body>gzipped</body></html>"],
        );
    }

    #[test]
    fn deeply_nested_html_is_read_without_recursion() {
        let depth = 200_000;
        let page = format!("<html><body>{}x{}</body></html>", "<div>".repeat(depth), "</div>".repeat(depth));
        let got = crate::tests::read_file("deep.html", page.as_bytes(), &IngestConfig::default());
        assert_eq!(got.len(), 1);
        assert!(got.iter().all(|line| line.starts_with("html deep.html: <html><body><div>")));
    }

    #[test]
    fn bad_files_are_errors_naming_the_file() {
        check("empty.txt", b"", Format::Auto, None, &["error: empty.txt: empty file"]);
        check("blank.txt", b" \n\n ", Format::Text, None, &["error: blank.txt: empty file"]);
        check(
            "img.jpg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01",
            Format::Auto,
            None,
            &["error: img.jpg: binary file, not text"],
        );
        check(
            "big.txt",
            b"0123456789",
            Format::Auto,
            Some(4),
            &["error: big.txt: page of more than 4 bytes is larger than the limit of 4 bytes \
               (raise it with --max-page-size)"],
        );
        let compressed = crate::gzip::compress("Le café est fermé. ".repeat(400).as_bytes());
        check(
            "cut.txt.gz",
            &compressed[..compressed.len() / 2],
            Format::Auto,
            None,
            &["error: cut.txt.gz: gzip stream is truncated (the file was cut off)"],
        );
        check(
            "bomb.txt.gz",
            &crate::gzip::compress(&[b'a'; 100_000]),
            Format::Auto,
            Some(1000),
            &["error: bomb.txt.gz: page of more than 1000 bytes is larger than the limit of 1000 bytes \
               (raise it with --max-page-size)"],
        );
    }
}
