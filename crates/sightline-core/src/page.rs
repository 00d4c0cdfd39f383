//! What ingest hands to clean: one page's decoded text and where it came from.

use chrono::NaiveDate;

/// Where a page came from, as precisely as the input says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// The file the page was read from (as the user named it, joined with the walked path), or
    /// `None` for stdin.
    pub path: Option<String>,
    /// The page's URL when the input states it (WARC target URI, JSON Lines `url`, feed item
    /// link, `<link rel=canonical>`).
    pub url: Option<String>,
    /// The id the input gave the page (JSON Lines `id`), kept so benchmark items stay traceable.
    pub id: Option<String>,
    /// Where inside a multi-page input the page sits: the 1-based line of a JSON Lines file, the
    /// byte offset of a WARC record, the 1-based item of a feed.
    pub record: Option<u64>,
}

/// How the page's text is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    /// Markup: the cleaner parses the DOM.
    Html,
    /// Already-flattened text, one block per line, boilerplate possibly left in.
    Text,
}

/// Metadata the input itself supplied beside the content (JSON Lines fields, feed items, WARC
/// headers). The cleaner prefers these over what it guesses from the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GivenMeta {
    /// A title given by the input.
    pub title: Option<String>,
    /// A publication date given by the input.
    pub published: Option<NaiveDate>,
    /// An author given by the input.
    pub author: Option<String>,
}

/// One decoded page, ready to clean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPage {
    /// Where it came from.
    pub source: Source,
    /// Markup or flattened text.
    pub kind: ContentKind,
    /// The decoded content. Ingest guarantees valid text: bytes in an unknown encoding are
    /// decoded after detection, never silently replaced.
    pub content: String,
    /// Metadata the input supplied.
    pub given: GivenMeta,
}
