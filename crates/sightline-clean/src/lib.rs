//! Clean: a [`RawPage`] in, [`Document`]s out.
//!
//! (Stub: the extractors are being written; this file fixes the public API.)
#![deny(missing_docs)]

pub mod text;

use std::collections::HashSet;
use std::sync::Arc;

use sightline_core::{ContentKind, DocId, DocKind, Document, RawPage};

/// Choices for cleaning.
#[derive(Debug, Clone, Default)]
pub struct CleanConfig {
    /// The line classifier for flattened text; `None` uses the model shipped with the crate.
    /// Cross-validation passes models trained without the page being cleaned.
    pub line_model: Option<Arc<text::LineModel>>,
    /// Lines (whitespace-trimmed) that recur across many pages of the same site, hence are
    /// boilerplate; the caller builds the set, so cleaning one page stays pure.
    pub repeated_lines: Arc<HashSet<String>>,
}

/// Cleans one page. The first document is the page itself; when the page is a listing, each
/// story follows as its own document with `parent` set to the first one's id.
pub fn clean(page: &RawPage, config: &CleanConfig) -> Vec<Document> {
    if page.kind == ContentKind::Text {
        return text::clean_text(page, config);
    }
    let text = match page.kind {
        ContentKind::Html | ContentKind::Text => page.content.trim().to_string(),
    };
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
