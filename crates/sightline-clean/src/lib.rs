//! Clean: a [`RawPage`] in, [`Document`]s out.
//!
//! (Stub: the extractors are being written; this file fixes the public API.)
#![deny(missing_docs)]

mod html;

pub use html::clean_html;
#[doc(hidden)]
pub use html::parse_only;
use sightline_core::{ContentKind, DocId, DocKind, Document, RawPage};

/// Choices for cleaning.
#[derive(Debug, Clone, Default)]
pub struct CleanConfig {}

/// Cleans one page. The first document is the page itself; when the page is a listing, each
/// story follows as its own document with `parent` set to the first one's id.
pub fn clean(page: &RawPage, config: &CleanConfig) -> Vec<Document> {
    if page.kind == ContentKind::Html {
        return vec![html::clean_html(page, config)];
    }
    let text = page.content.trim().to_string();
    vec![Document {
        id: DocId::from_content(&page.content),
        source: page.source.clone(),
        kind: DocKind::Article,
        title: page.given.title.clone(),
        published: page.given.published,
        author: page.given.author.clone(),
        dateline: None,
        credit: None,
        language: None,
        text,
        removed: Vec::new(),
        parent: None,
    }]
}
