//! Bytes to text, never silently lossy.
//!
//! The order follows what browsers do, because pages are written for browsers: a byte order mark
//! wins; then bytes that are valid UTF-8 are UTF-8 (valid UTF-8 is vanishingly unlikely to be
//! anything else by accident, and most of the web is UTF-8); then a declared charset (the HTTP
//! `Content-Type` header, `<meta charset>`, the XML declaration); then chardetng's guess from the
//! byte statistics. A declaration of UTF-8 on bytes that are not UTF-8 is ignored: that mismatch
//! is common (templates say UTF-8, old articles pasted into them are windows-1252) and detection
//! does better than the declaration there.
//!
//! Decoding uses encoding_rs's "without replacement" entry points, so an undecodable byte is an
//! error naming the encoding tried, not a U+FFFD buried in the text where nobody sees it. Note
//! that windows-1252 (which the web standard uses for any "ISO-8859-1" label) maps every byte,
//! so Latin-1 text always decodes and "café" comes out right.

use chardetng::EncodingDetector;
use encoding_rs::{Encoding, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::ErrorKind;
use crate::html;

/// Decodes one page. `declared` is a charset label from outside the bytes (an HTTP header);
/// `markup` says whether to look for a declaration inside the bytes too.
pub(crate) fn decode(bytes: &[u8], declared: Option<&str>, markup: bool) -> Result<String, ErrorKind> {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_length..).unwrap_or_default();
        return decode_strictly(encoding, "its byte order mark", body);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let from_header =
        declared.and_then(|label| Encoding::for_label(label.trim().as_bytes())).filter(usable_declaration);
    let declared = from_header
        .or_else(|| markup.then(|| html::declared_charset(bytes)).flatten().filter(usable_declaration));
    if let Some(encoding) = declared {
        if let Ok(text) = decode_strictly(encoding, "declared", bytes) {
            return Ok(text);
        }
    }
    let mut detector = EncodingDetector::new();
    detector.feed(bytes, true);
    let detected = detector.guess(None, false);
    decode_strictly(detected, "detected, the bytes are not UTF-8", bytes)
}

/// A declaration is worth trying unless it names UTF-8 (the bytes are known not to be) or UTF-16
/// (a declaration readable as ASCII cannot be in UTF-16), or the "replacement" encoding the web
/// standard assigns to labels of unsafe encodings, which decodes everything to U+FFFD.
fn usable_declaration(encoding: &&'static Encoding) -> bool {
    ![UTF_8, UTF_16LE, UTF_16BE, REPLACEMENT].contains(encoding)
}

fn decode_strictly(
    encoding: &'static Encoding,
    basis: &'static str,
    bytes: &[u8],
) -> Result<String, ErrorKind> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or(ErrorKind::Undecodable { encoding: encoding.name(), basis })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], declared: Option<&str>, expected: Result<&str, &str>) {
        let got = decode(bytes, declared, true).map_err(|error| error.to_string());
        assert_eq!(got.as_deref().map_err(String::as_str), expected, "decoding {bytes:?}");
    }

    #[test]
    fn decodes_by_bom_utf8_declaration_then_detection() {
        check(b"caf\xc3\xa9", None, Ok("café"));
        check(b"\xef\xbb\xbfcaf\xc3\xa9", None, Ok("café"));
        check(b"\xff\xfec\x00a\x00f\x00\xe9\x00", None, Ok("café"));
        check(b"\xfe\xff\x00c\x00a\x00f\x00\xe9", None, Ok("café"));
        check(b"Le caf\xe9 de la gare a \xe9t\xe9 ferm\xe9.", None, Ok("Le café de la gare a été fermé."));
        check(b"caf\xe9", Some("iso-8859-1"), Ok("café"));
        check(b"caf\xe9", Some("utf-8"), Ok("café"));
        check(
            b"<meta charset=koi8-r>\xf0\xd2\xc9\xd7\xc5\xd4",
            Some("utf-8"),
            Ok("<meta charset=koi8-r>Привет"),
        );
        check(
            b"<meta charset=\"windows-1251\">\xcf\xf0\xe8\xe2\xe5\xf2",
            None,
            Ok("<meta charset=\"windows-1251\">Привет"),
        );
        check(
            b"\xef\xbb\xbfcaf\xe9",
            None,
            Err("cannot decode text as UTF-8 (its byte order mark) without losing characters"),
        );
        check(
            b"\xff\xfe\x00\xd8",
            None,
            Err("cannot decode text as UTF-16LE (its byte order mark) without losing characters"),
        );
    }
}
