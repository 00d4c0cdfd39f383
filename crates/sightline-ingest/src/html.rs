//! What ingest needs to know about HTML before anyone parses it: does a text look like markup,
//! and which charset does it declare.
//!
//! Ingest does not build a DOM (the cleaner does, once); it only has to route bytes and decode
//! them. Both questions are answered by a cheap scan of the start of the page, as browsers do:
//! the HTML standard's encoding prescan looks for `<meta charset>` in the first 1024 bytes; we
//! look a little further because real pages often put scripts and styles before their meta tags.

use encoding_rs::Encoding;

/// How far into a page the charset declaration is searched for.
const PRESCAN_BYTES: usize = 4096;

/// How much of a text the markup test looks at.
const MARKUP_SCAN_CHARS: usize = 8192;

/// Elements that structure a page into blocks (and the head elements). Flattened text keeps its
/// blocks as lines, so three of these tags mean the blocks are still marked up: markup.
const BLOCK_ELEMENTS: &[&str] = &[
    "article",
    "blockquote",
    "body",
    "br",
    "div",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "html",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "ol",
    "p",
    "script",
    "section",
    "style",
    "table",
    "td",
    "title",
    "tr",
    "ul",
];

/// Inline elements. Scraped text often keeps a few of these inside its lines (`<em>` around a
/// quoted title), which does not make it markup; they count only towards the share of tags.
const INLINE_ELEMENTS: &[&str] = &["a", "b", "em", "i", "img", "span", "strong"];

/// True when `text` is HTML rather than flattened text: it opens with a doctype or a document
/// element, or it holds several block-level tags (an HTML fragment such as a feed item's
/// content), or tags make up a fifth of it (a short fragment).
pub(crate) fn looks_like_markup(text: &str) -> bool {
    let head: String = text.chars().take(MARKUP_SCAN_CHARS).collect::<String>().to_ascii_lowercase();
    let start = skip_prolog(&head);
    const OPENERS: [&str; 4] = ["<!doctype html", "<html", "<head", "<body"];
    if OPENERS.iter().any(|opener| start.starts_with(opener)) {
        return true;
    }
    let mut block_tags = 0;
    let mut tag_bytes = 0;
    let mut rest = head.as_str();
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else { break };
        let inside = &after[..close];
        let name: String =
            inside.trim_start_matches('/').chars().take_while(|ch| ch.is_ascii_alphanumeric()).collect();
        let is_block = BLOCK_ELEMENTS.contains(&name.as_str());
        if is_block || INLINE_ELEMENTS.contains(&name.as_str()) {
            block_tags += usize::from(is_block);
            tag_bytes += close + 2;
        }
        rest = &after[close + 1..];
    }
    let visible_bytes = head.bytes().filter(|byte| !byte.is_ascii_whitespace()).count();
    block_tags >= 3 || (tag_bytes > 0 && tag_bytes * 5 >= visible_bytes)
}

/// Skips whitespace, an XML declaration, comments and a doctype other than HTML's, so that the
/// first element can be looked at. Works on lowercased or original text alike.
pub(crate) fn skip_prolog(text: &str) -> &str {
    let mut rest = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    loop {
        let skipped = if rest.starts_with("<?") {
            rest.find("?>").map(|end| end + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|end| end + 3)
        } else if rest.starts_with("<!")
            && !rest.get(..14).is_some_and(|s| s.eq_ignore_ascii_case("<!doctype html"))
        {
            rest.find('>').map(|end| end + 1)
        } else {
            None
        };
        match skipped {
            Some(end) => rest = rest[end..].trim_start(),
            None => return rest,
        }
    }
}

/// The encoding a page declares in an XML declaration (`<?xml ... encoding="..."?>`) or a meta
/// tag (`<meta charset="...">`, `<meta http-equiv="Content-Type" content="...; charset=...">`),
/// if it names one encoding_rs knows.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..PRESCAN_BYTES).unwrap_or(bytes).to_ascii_lowercase();
    if head.starts_with(b"<?xml") {
        let declaration_end = find(&head, b"?>").unwrap_or(head.len());
        if let Some(label) = value_after(&head[..declaration_end], b"encoding") {
            return Encoding::for_label(label);
        }
    }
    let mut rest = head.as_slice();
    while let Some(start) = find(rest, b"<meta") {
        let tag = &rest[start..];
        let tag_end = find(tag, b">").unwrap_or(tag.len());
        if let Some(label) = value_after(&tag[..tag_end], b"charset") {
            if let Some(encoding) = Encoding::for_label(label) {
                return Some(encoding);
            }
        }
        rest = &tag[tag_end..];
    }
    None
}

/// The value of `name=value` (quoted or not) inside `tag`, at the first `name` followed by `=`.
fn value_after<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut rest = tag;
    while let Some(found) = find(rest, name) {
        let after = trim_start(&rest[found + name.len()..]);
        if let Some(value) = after.strip_prefix(b"=") {
            let value = trim_start(value);
            let (value, stop): (&[u8], &[u8]) = match value.first() {
                Some(b'"') => (&value[1..], b"\""),
                Some(b'\'') => (&value[1..], b"'"),
                _ => (value, b" \t\r\n;\"'/>"),
            };
            let end = value.iter().position(|byte| stop.contains(byte)).unwrap_or(value.len());
            let label = trim_start(&value[..end]);
            return (!label.is_empty()).then_some(label);
        }
        rest = after;
    }
    None
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|byte| !byte.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

/// The offset of the first occurrence of `needle` in `haystack`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, markup: bool, charset: Option<&str>) {
        assert_eq!(looks_like_markup(text), markup, "markup of {text:?}");
        assert_eq!(declared_charset(text.as_bytes()).map(Encoding::name), charset, "charset of {text:?}");
    }

    #[test]
    fn recognises_markup_and_declared_charsets() {
        check("<!DOCTYPE html><html><body>x</body></html>", true, None);
        check("<!-- saved --> <HTML lang=en>", true, None);
        check("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html>", true, Some("windows-1252"));
        check("<p>One.</p><p>Two.</p><p>Three.</p>", true, None);
        check("<div>a short fragment</div>", true, None);
        check("<head><meta charset=\"windows-1251\"></head>", true, Some("windows-1251"));
        check(
            "<html><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">",
            true,
            Some("Shift_JIS"),
        );
        check("<html><meta charset='koi8-r'/>", true, Some("KOI8-R"));
        check("<html><meta charset=nonsense>", true, None);
        check("KABUL – Officials said 3 < 4 and 5 > 2 on Monday.", false, None);
        check("Home / World\nAttack in Kabul kills 12 <Updated>\nThe blast...", false, None);
        let stray = "Police said the gunman fled on foot before officers arrived at the scene.\n";
        check(
            &format!("{}<em>A title</em>, <em>another</em>, <em>a third</em>.", stray.repeat(3)),
            false,
            None,
        );
    }
}
