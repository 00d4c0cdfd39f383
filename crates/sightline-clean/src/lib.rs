//! Clean: a [`RawPage`] in, one or more [`Document`]s out.
//!
//! A page carries the article a reader came for and everything around it: menus, breadcrumbs,
//! photo credits, share bars, related headlines, comment forms, copyright footers. Cleaning
//! keeps the article text, moves what describes it (headline, date, author, dateline, credit,
//! language) into fields, and records every dropped block with a [`RemovalReason`] so a user
//! can see why it went.
//!
//! Two extractors, chosen by [`ContentKind`]:
//!
//! - [`html`] (markup): its own fast tokenizer and tree builder, readability-style scoring of
//!   containers, then block-by-block decisions. Markup says a lot (tags, classes, link
//!   density), so hand-written rules reach F1 0.975 on the article-extraction benchmark.
//! - [`text`] (already-flattened text, one block per line): with no markup left, a small
//!   learned model over line features decides, and stock phrases override it where they say
//!   outright what a line is. Tag archives and section fronts are split into one document
//!   per story.
//!
//! **Cleaning never fails.** A page with nothing recognisable still gives a document (maybe
//! with empty text) and the reasons; `Result` is for the outside world failing, and cleaning
//! touches no outside world. It is pure: no I/O, no clock, no state shared between pages.
//! Site-wide knowledge (lines repeated across a site's pages) comes in through
//! [`CleanConfig`], built by the caller.
//!
//! ```
//! use sightline_clean::{clean, CleanConfig};
//! use sightline_core::{ContentKind, GivenMeta, RawPage, Source};
//! let page = RawPage {
//!     source: Source::default(),
//!     kind: ContentKind::Html,
//!     content: "<title>Blast in Kabul | Site</title><nav><a href=/>Home</a></nav>\
//!               <article><p>KABUL – A bomb exploded near a market on Sunday, killing three \
//!               people and wounding a dozen others, police said.</p></article>".to_string(),
//!     given: GivenMeta::default(),
//! };
//! let documents = clean(&page, &CleanConfig::default());
//! assert_eq!(documents[0].title.as_deref(), Some("Blast in Kabul"));
//! assert!(documents[0].text.starts_with("KABUL – A bomb exploded"));
//! ```
#![deny(missing_docs)]

pub mod html;
mod language;
mod removed;
pub mod text;

use std::collections::HashSet;
use std::sync::Arc;

use sightline_core::{ContentKind, Document, RawPage};

pub use html::clean_html;
#[doc(hidden)]
pub use html::parse_only;

/// Choices for cleaning.
#[derive(Debug, Clone, Default)]
pub struct CleanConfig {
    /// The line classifier for flattened text; `None` uses the model shipped with the crate.
    /// Cross-validation passes models trained without the page being cleaned.
    pub line_model: Option<Arc<text::LineModel>>,
    /// Lines (whitespace-trimmed) that recur across many pages of the same site, hence are
    /// boilerplate; the caller builds the set, so cleaning one page stays pure.
    pub repeated_lines: Arc<HashSet<String>>,
    /// The input is already article text (a corpus of extracted articles): keep every line of
    /// flattened text, reading only its metadata (headline, date line, dateline, credit).
    /// Markup is still cleaned.
    pub keep_every_line: bool,
}

/// Cleans one page. The first document is the page itself; when the page is a listing, each
/// story follows as its own document with `parent` set to the first one's id.
pub fn clean(page: &RawPage, config: &CleanConfig) -> Vec<Document> {
    match page.kind {
        ContentKind::Html => vec![html::clean_html(page, config)],
        ContentKind::Text => text::clean_text(page, config),
    }
}
