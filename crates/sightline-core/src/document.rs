//! What clean produces: the article text and everything known about it.

use chrono::NaiveDate;

use crate::{DocId, Source};

/// Whether a document is an article, a listing page, or one story split out of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocKind {
    /// A page that tells one story.
    #[default]
    Article,
    /// A tag archive, home page or section front that lists several stories. Its own `text`
    /// keeps only what belongs to no story; each story is a separate document.
    Listing,
    /// One story of a listing page; `parent` names the listing.
    Story,
}

impl DocKind {
    /// The name used in exports and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Article => "article",
            DocKind::Listing => "listing",
            DocKind::Story => "story",
        }
    }

    /// Parses [`DocKind::as_str`] back.
    pub fn parse(name: &str) -> Option<DocKind> {
        match name {
            "article" => Some(DocKind::Article),
            "listing" => Some(DocKind::Listing),
            "story" => Some(DocKind::Story),
            _ => None,
        }
    }
}

/// Why a block of the page was not kept as article text. Users see these names, so a reason
/// says what the block was, not which rule fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RemovalReason {
    /// The headline, moved to `title`.
    Title,
    /// A line stating the publication date or the byline, moved to metadata.
    Byline,
    /// A source credit such as "(Source: The Associated Press)", moved to `credit`.
    Credit,
    /// Site navigation: menus, breadcrumbs ("Home / Afghanistan / ..."), section lists.
    Navigation,
    /// A photo or video caption or credit.
    Caption,
    /// Headlines and teasers of other stories ("Check Also", "Related", "Read more").
    Related,
    /// Comment forms and comment threads ("Leave a Reply").
    Comments,
    /// Sharing, subscription and follow prompts.
    Social,
    /// Copyright, legal and contact footers.
    Footer,
    /// Advertising.
    Advertisement,
    /// Text repeated across pages of the same site, hence not this page's story.
    Repeated,
    /// A block judged boilerplate by its shape: short, link-heavy, few function words, far from
    /// the article body.
    LowContent,
    /// Markup that never shows as text: scripts, styles, forms, hidden elements.
    NonContent,
}

impl RemovalReason {
    /// Every reason, in a fixed order.
    pub const ALL: [RemovalReason; 13] = [
        RemovalReason::Title,
        RemovalReason::Byline,
        RemovalReason::Credit,
        RemovalReason::Navigation,
        RemovalReason::Caption,
        RemovalReason::Related,
        RemovalReason::Comments,
        RemovalReason::Social,
        RemovalReason::Footer,
        RemovalReason::Advertisement,
        RemovalReason::Repeated,
        RemovalReason::LowContent,
        RemovalReason::NonContent,
    ];

    /// The name used in exports and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            RemovalReason::Title => "title",
            RemovalReason::Byline => "byline",
            RemovalReason::Credit => "credit",
            RemovalReason::Navigation => "navigation",
            RemovalReason::Caption => "caption",
            RemovalReason::Related => "related",
            RemovalReason::Comments => "comments",
            RemovalReason::Social => "social",
            RemovalReason::Footer => "footer",
            RemovalReason::Advertisement => "advertisement",
            RemovalReason::Repeated => "repeated",
            RemovalReason::LowContent => "low-content",
            RemovalReason::NonContent => "non-content",
        }
    }

    /// Parses [`RemovalReason::as_str`] back.
    pub fn parse(name: &str) -> Option<RemovalReason> {
        RemovalReason::ALL.into_iter().find(|reason| reason.as_str() == name)
    }
}

/// One block of the page that is not in the clean text, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// The block's text, whitespace-trimmed.
    pub text: String,
    /// Why it was dropped.
    pub reason: RemovalReason,
}

/// A cleaned document: the article's text and its metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Content-derived id; see [`DocId`].
    pub id: DocId,
    /// Where the page came from.
    pub source: Source,
    /// Article, listing or story.
    pub kind: DocKind,
    /// The headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Author, from a byline or metadata.
    pub author: Option<String>,
    /// The place the reporter filed from ("WASHINGTON" in "WASHINGTON – The ..."), which is
    /// where the story was written, not necessarily where events happened.
    pub dateline: Option<String>,
    /// The agency or outlet credited ("The Associated Press" in "(Source: The Associated
    /// Press)").
    pub credit: Option<String>,
    /// ISO 639-1 code (ISO 639-3 where no two-letter code exists), or `None` when the text is
    /// too short to tell.
    pub language: Option<String>,
    /// The clean article text: paragraphs separated by one blank line. Every offset of every
    /// later annotation points into this string, and no stage after clean changes it.
    pub text: String,
    /// Every block of the page not in `text`, in page order, with its reason.
    pub removed: Vec<Removed>,
    /// The listing page this story was split from.
    pub parent: Option<DocId>,
}
