//! RSS, Atom, RDF and JSON feeds, through feed-rs: one page per item.
//!
//! A feed item carries the metadata a cleaner otherwise has to guess (title, link, date, author)
//! next to the article's HTML (`content:encoded`, Atom `content`) or a summary of it
//! (`description`, Atom `summary`). The item becomes an HTML page from its content, or from its
//! summary when there is no content; an item with neither is a headline only, not a page, and is
//! counted as skipped.
//!
//! The feed is read whole (bounded by the page limit) because an XML document is only known to be
//! well formed at its end, and feeds are small: a few dozen items. feed-rs is given the raw bytes,
//! not decoded text, so that it honours the encoding in the XML declaration itself. Dates are
//! those feed-rs normalises to UTC; an item with no publication date but an update date (common in
//! Atom, where `updated` is the one required date) takes the update date, the best the feed says.

use std::io::Read;
use std::ops::ControlFlow;

use feed_rs::model::{Entry, Person};
use sightline_core::{ContentKind, GivenMeta, RawPage, Source};

use crate::error::{Error, ErrorKind};
use crate::{limit, Delivery, IngestConfig, Origin};

/// Reads a whole feed and delivers its items.
pub(crate) fn read_feed(
    stream: &mut dyn Read,
    origin: &Origin,
    config: &IngestConfig,
    delivery: &mut Delivery,
) -> ControlFlow<()> {
    let error = |kind| Error::new(&origin.name, kind);
    let bytes = match limit::read_all_within(stream, config.max_page_bytes) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return delivery.error(error(ErrorKind::TooLarge { size: None, limit: config.max_page_bytes }))
        }
        Err(io) => return delivery.error(error(ErrorKind::from_io(io))),
    };
    // Only XML nests elements; a JSON Feed's HTML strings hold tags that need not be closed.
    let is_xml = bytes.iter().find(|byte| !byte.is_ascii_whitespace()) != Some(&b'{');
    if let Some(depth) = is_xml.then(|| nesting_beyond(&bytes, MAX_NESTING)).flatten() {
        let reason =
            format!("elements are nested {depth} deep, more than the {MAX_NESTING} this reader accepts");
        return delivery.error(error(ErrorKind::Feed(reason)));
    }
    // feed-rs and the XML parser under it read untrusted bytes from outside this project; should
    // either panic on some input anyway, that must be an error for this input, not the end of the
    // run, so the panic is caught here, at the boundary.
    let parsed = std::panic::catch_unwind(|| feed_rs::parser::parse(bytes.as_slice()));
    let feed = match parsed {
        Ok(Ok(feed)) => feed,
        Ok(Err(parse_error)) => return delivery.error(error(ErrorKind::Feed(parse_error.to_string()))),
        Err(_) => {
            return delivery.error(error(ErrorKind::Feed("the feed parser failed on this input".into())))
        }
    };
    for (index, entry) in feed.entries.into_iter().enumerate() {
        let item = index as u64 + 1;
        match page_of_entry(entry, origin, item) {
            Some(page) => delivery.page(page)?,
            None => delivery.skip(),
        }
    }
    ControlFlow::Continue(())
}

fn page_of_entry(entry: Entry, origin: &Origin, item: u64) -> Option<RawPage> {
    let content =
        entry.content.and_then(|content| content.body).filter(|body| !body.trim().is_empty()).or_else(
            || entry.summary.map(|summary| summary.content).filter(|summary| !summary.trim().is_empty()),
        )?;
    let link = entry
        .links
        .iter()
        .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or(entry.links.first())
        .map(|link| link.href.clone());
    Some(RawPage {
        source: Source { path: origin.path.clone(), url: link, id: None, record: Some(item) },
        kind: ContentKind::Html,
        content,
        given: GivenMeta {
            title: entry.title.map(|title| title.content).filter(|title| !title.trim().is_empty()),
            published: entry.published.or(entry.updated).map(|moment| moment.date_naive()),
            author: entry.authors.into_iter().filter_map(author_name).next(),
        },
    })
}

/// The deepest element nesting accepted. Real feeds nest a few levels, and even XHTML content
/// inside an entry rarely goes past a few dozen; the XML parser under feed-rs counts levels in 16
/// bits and fails past 65,535, so anything deep enough to matter is refused before parsing.
const MAX_NESTING: usize = 10_000;

/// The nesting depth of `xml` if it exceeds `limit`, found by a scan of its tags that skips
/// comments, CDATA sections, processing instructions and declarations. The scan is approximate
/// (a `>` inside an attribute value ends a tag early) but never recursive and never slow.
fn nesting_beyond(xml: &[u8], limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut position = 0;
    while let Some(offset) = xml.get(position..).and_then(|rest| rest.iter().position(|&byte| byte == b'<')) {
        let tag = xml.get(position + offset..).unwrap_or_default();
        let (end_marker, change): (&[u8], isize) = if tag.starts_with(b"<!--") {
            (b"-->", 0)
        } else if tag.starts_with(b"<![CDATA[") {
            (b"]]>", 0)
        } else if tag.starts_with(b"<?") {
            (b"?>", 0)
        } else if tag.starts_with(b"<!") {
            (b">", 0)
        } else if tag.starts_with(b"</") {
            (b">", -1)
        } else {
            (b">", 1)
        };
        let Some(end) = crate::html::find(tag, end_marker) else { break };
        let self_closing = change == 1 && end > 0 && tag.get(end - 1) == Some(&b'/');
        if change == 1 && !self_closing {
            depth += 1;
            if depth > limit {
                return Some(depth);
            }
        } else if change == -1 {
            depth = depth.saturating_sub(1);
        }
        position += offset + end + end_marker.len();
    }
    None
}

/// The name of an item's author. RSS 2.0 defines `<author>` as "email (Name)", and many feeds
/// put only a name there; feed-rs keeps that text as the email of a person named "author", so
/// the name is taken from the parentheses, or the whole text when there are none.
fn author_name(person: Person) -> Option<String> {
    let name = match (person.name.as_str(), person.email) {
        ("author", Some(text)) => {
            let text = text.trim();
            let in_parentheses = text
                .strip_suffix(')')
                .and_then(|rest| rest.rsplit_once('('))
                .map(|(_, name)| name.trim())
                .filter(|name| !name.is_empty());
            in_parentheses.unwrap_or(text).to_string()
        }
        _ => person.name,
    };
    (!name.trim().is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, content: &[u8], expected: &[&str]) {
        assert_eq!(
            crate::tests::read_file(name, content, &IngestConfig::default()),
            expected,
            "reading {name}"
        );
    }

    #[test]
    fn items_become_pages() {
        check(
            "news.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>N</title>
<item><title>Blast in Kabul</title><link>https://n.example/1</link>
<pubDate>Fri, 22 Mar 2024 10:00:00 GMT</pubDate><author>desk@n.example (Desk)</author>
<description>Short.</description><content:encoded><![CDATA[<p>Full caf&eacute; story.</p>]]></content:encoded></item>
<item><title>Only a summary</title><link>https://n.example/2</link><description>A summary.</description></item>
<item><title>Headline only</title><link>https://n.example/3</link></item>
</channel></rss>"#,
            &[
                "html news.xml #1 url=https://n.example/1 title=Blast in Kabul date=2024-03-22 \
                 author=Desk: <p>Full caf&eacute; story.</p>",
                "html news.xml #2 url=https://n.example/2 title=Only a summary: A summary.",
            ],
        );
        check(
            "atom.php",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title><id>f</id><updated>2024-01-01T00:00:00Z</updated>\
             <entry><title>Été</title><id>e1</id><updated>2024-01-02T08:00:00Z</updated>\
             <link rel=\"alternate\" href=\"https://a.example/e1\"/><author><name>R. Ali</name></author>\
             <content type=\"html\">&lt;p&gt;Texte&lt;/p&gt;</content></entry></feed>"
                .as_bytes(),
            &["html atom.php #1 url=https://a.example/e1 title=Été date=2024-01-02 author=R. Ali: <p>Texte</p>"],
        );
        check(
            "latin1.rss",
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>x</title>\
              <item><title>Caf\xe9</title><description>Caf\xe9 ferm\xe9</description></item></channel></rss>",
            &["html latin1.rss #1 title=Café: Café fermé"],
        );
    }

    #[test]
    fn json_feeds_are_feeds() {
        check(
            "feed.json",
            br#"{"version": "https://jsonfeed.org/version/1.1", "title": "N", "items": [
                {"id": "1", "url": "https://n.example/1", "title": "Blast", "content_html": "<p>Story</p>",
                 "date_published": "2024-03-22T10:00:00Z"}]}"#,
            &["html feed.json #1 url=https://n.example/1 title=Blast date=2024-03-22: <p>Story</p>"],
        );
    }

    #[test]
    fn deeply_nested_feeds_are_refused_before_parsing() {
        let depth = 200_000;
        let feed = format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>Deep</title><content type=\"xhtml\">{}x{}</content></entry></feed>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let got = crate::tests::read_file("deep.atom", feed.as_bytes(), &IngestConfig::default());
        assert_eq!(
            got,
            ["error: deep.atom: cannot parse feed: elements are nested 10001 deep, more than the 10000 \
              this reader accepts"]
        );
        assert_eq!(nesting_beyond(b"<a><b/><!-- <c> --><![CDATA[<d>]]><?pi <e>?><f></f></a>", 2), None);
        assert_eq!(nesting_beyond(b"<a><b><c/></b></a>", 1), Some(2));
    }

    #[test]
    fn broken_feeds_are_errors() {
        let got = crate::tests::read_file(
            "bad.rss",
            b"<rss version=\"2.0\"><channel><item>",
            &IngestConfig::default(),
        );
        assert_eq!(got.len(), 1);
        assert!(got.iter().all(|line| line.starts_with("error: bad.rss: cannot parse feed: ")), "{got:?}");
    }
}
