//! Word lists that recognise boilerplate by how sites name it: `class`/`id` words and short
//! phrases that label page furniture.
//!
//! Web authors name their containers after what they hold (`comments`, `share-bar`,
//! `related-posts`, `breadcrumb`), and every CMS template in common use follows that habit, so
//! these names are the strongest cheap signal a page gives. The lists are matched with one
//! Aho-Corasick pass over an element's lowercased `class` and `id`, so adding a word costs
//! nothing per element.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use sightline_core::RemovalReason;

/// How a class word must sit in the attribute to count.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// Anywhere, even inside a longer word (`relatedArticles`, `post-comments`).
    Inside,
    /// As a whole word between non-letters (`ad` in `ad-slot`, not in `header` or `shadow`).
    Word,
    /// At the start of a word (`share` in `share-bar`, `sharebar`, not in `timeshare`).
    Prefix,
    /// As a whole class or id (`tag`, not `tag-review`: WordPress gives every post a
    /// `tag-<slug>` and `category-<slug>` class for each of its tags and categories).
    Whole,
}

/// Class and id words that name boilerplate containers, with the reason each one implies and
/// how it must fit. Earlier entries win when several match one element.
const CLASS_WORDS: &[(&str, RemovalReason, Fit)] = &[
    // Elements meant to stay invisible or to overlay the page.
    ("cookie", RemovalReason::NonContent, Fit::Inside),
    ("consent", RemovalReason::NonContent, Fit::Inside),
    ("gdpr", RemovalReason::NonContent, Fit::Inside),
    ("popup", RemovalReason::NonContent, Fit::Inside),
    ("modal", RemovalReason::NonContent, Fit::Word),
    ("overlay", RemovalReason::NonContent, Fit::Word),
    ("hidden", RemovalReason::NonContent, Fit::Word),
    ("sr-only", RemovalReason::NonContent, Fit::Inside),
    ("visually-hidden", RemovalReason::NonContent, Fit::Inside),
    ("visuallyhidden", RemovalReason::NonContent, Fit::Inside),
    ("screen-reader", RemovalReason::NonContent, Fit::Inside),
    ("skip-link", RemovalReason::NonContent, Fit::Inside),
    ("login", RemovalReason::NonContent, Fit::Word),
    ("signin", RemovalReason::NonContent, Fit::Word),
    // Comment threads and forms.
    ("comment", RemovalReason::Comments, Fit::Prefix),
    ("disqus", RemovalReason::Comments, Fit::Inside),
    ("respond", RemovalReason::Comments, Fit::Word),
    ("replies", RemovalReason::Comments, Fit::Word),
    // Advertising.
    ("ad", RemovalReason::Advertisement, Fit::Word),
    ("ads", RemovalReason::Advertisement, Fit::Word),
    ("advert", RemovalReason::Advertisement, Fit::Prefix),
    ("adslot", RemovalReason::Advertisement, Fit::Inside),
    ("adunit", RemovalReason::Advertisement, Fit::Inside),
    ("adsbygoogle", RemovalReason::Advertisement, Fit::Inside),
    ("dfp", RemovalReason::Advertisement, Fit::Word),
    ("sponsor", RemovalReason::Advertisement, Fit::Inside),
    ("promo", RemovalReason::Advertisement, Fit::Prefix),
    ("banner", RemovalReason::Advertisement, Fit::Word),
    ("outbrain", RemovalReason::Related, Fit::Inside),
    ("taboola", RemovalReason::Related, Fit::Inside),
    // Sharing, following, subscribing.
    ("share", RemovalReason::Social, Fit::Prefix),
    ("sharing", RemovalReason::Social, Fit::Inside),
    ("social", RemovalReason::Social, Fit::Inside),
    ("newsletter", RemovalReason::Social, Fit::Inside),
    ("subscri", RemovalReason::Social, Fit::Inside),
    ("signup", RemovalReason::Social, Fit::Inside),
    ("sign-up", RemovalReason::Social, Fit::Inside),
    ("follow", RemovalReason::Social, Fit::Prefix),
    ("addthis", RemovalReason::Social, Fit::Inside),
    ("sharethis", RemovalReason::Social, Fit::Inside),
    ("print", RemovalReason::Social, Fit::Word),
    // Links to other stories.
    ("related", RemovalReason::Related, Fit::Inside),
    ("recommend", RemovalReason::Related, Fit::Inside),
    ("more-stories", RemovalReason::Related, Fit::Inside),
    ("most-read", RemovalReason::Related, Fit::Inside),
    ("mostread", RemovalReason::Related, Fit::Inside),
    ("most-popular", RemovalReason::Related, Fit::Inside),
    ("popular", RemovalReason::Related, Fit::Word),
    ("trending", RemovalReason::Related, Fit::Inside),
    ("read-more", RemovalReason::Related, Fit::Inside),
    ("readmore", RemovalReason::Related, Fit::Inside),
    ("read-next", RemovalReason::Related, Fit::Inside),
    ("also-read", RemovalReason::Related, Fit::Inside),
    ("teaser", RemovalReason::Related, Fit::Prefix),
    ("sidebar", RemovalReason::Related, Fit::Inside),
    ("widget", RemovalReason::Related, Fit::Prefix),
    ("rail", RemovalReason::Related, Fit::Word),
    ("tag", RemovalReason::Related, Fit::Whole),
    ("tags", RemovalReason::Related, Fit::Word),
    ("tagcloud", RemovalReason::Related, Fit::Inside),
    ("tag-cloud", RemovalReason::Related, Fit::Inside),
    ("topics", RemovalReason::Related, Fit::Word),
    // Site navigation.
    ("breadcrumb", RemovalReason::Navigation, Fit::Inside),
    ("nav", RemovalReason::Navigation, Fit::Prefix),
    ("menu", RemovalReason::Navigation, Fit::Prefix),
    ("masthead", RemovalReason::Navigation, Fit::Inside),
    ("pagination", RemovalReason::Navigation, Fit::Inside),
    ("pager", RemovalReason::Navigation, Fit::Word),
    ("header", RemovalReason::Navigation, Fit::Word),
    ("toolbar", RemovalReason::Navigation, Fit::Inside),
    // Footers.
    ("footer", RemovalReason::Footer, Fit::Inside),
    ("copyright", RemovalReason::Footer, Fit::Inside),
    ("colophon", RemovalReason::Footer, Fit::Inside),
    // Captions and credits of pictures.
    ("caption", RemovalReason::Caption, Fit::Inside),
    ("credit", RemovalReason::Caption, Fit::Prefix),
    ("figure", RemovalReason::Caption, Fit::Word),
    ("gallery", RemovalReason::Caption, Fit::Prefix),
    ("image", RemovalReason::Caption, Fit::Word),
    ("photo", RemovalReason::Caption, Fit::Word),
    // Bylines, dates and other lines about the article.
    ("byline", RemovalReason::Byline, Fit::Inside),
    ("author", RemovalReason::Byline, Fit::Prefix),
    ("dateline", RemovalReason::Byline, Fit::Inside),
    ("timestamp", RemovalReason::Byline, Fit::Inside),
    ("meta", RemovalReason::Byline, Fit::Word),
    ("date", RemovalReason::Byline, Fit::Word),
];

/// The matcher over [`CLASS_WORDS`]. Building it fails only for pattern sets far larger than
/// this one, in which case no class word matches rather than the program stopping.
fn class_matcher() -> Option<&'static AhoCorasick> {
    static MATCHER: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    MATCHER
        .get_or_init(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(CLASS_WORDS.iter().map(|(word, _, _)| word))
                .ok()
        })
        .as_ref()
}

/// The boilerplate reason that an element's lowercased `class` and `id` (joined by a space)
/// name, if any.
pub(crate) fn class_reason(lowercase_names: &str) -> Option<RemovalReason> {
    let bytes = lowercase_names.as_bytes();
    let mut best: Option<usize> = None;
    let matcher = class_matcher()?;
    for found in matcher.find_overlapping_iter(lowercase_names) {
        let index = found.pattern().as_usize();
        if best.is_some_and(|best| best <= index) {
            continue;
        }
        let Some(&(_, _, fit)) = CLASS_WORDS.get(index) else { continue };
        let starts_word =
            found.start() == 0 || bytes.get(found.start() - 1).is_some_and(|b| !b.is_ascii_alphanumeric());
        let ends_word = !bytes.get(found.end()).copied().unwrap_or(b' ').is_ascii_alphanumeric();
        let starts_name =
            found.start() == 0 || bytes.get(found.start() - 1).is_some_and(u8::is_ascii_whitespace);
        let ends_name = bytes.get(found.end()).copied().unwrap_or(b' ').is_ascii_whitespace();
        let fits = match fit {
            Fit::Whole => starts_name && ends_name,
            Fit::Inside => true,
            Fit::Word => starts_word && ends_word,
            Fit::Prefix => starts_word,
        };
        if fits {
            best = Some(index);
        }
    }
    let reason = best.and_then(|index| CLASS_WORDS.get(index)).map(|&(_, reason, _)| reason)?;
    // An embedded post (`social-embed`, `twitter-tweet`) is a quotation the story shows, not a
    // share button, even though its container is named for the network it came from.
    let embedded_post = lowercase_names.contains("embed") || lowercase_names.contains("tweet");
    (!(reason == RemovalReason::Social && embedded_post)).then_some(reason)
}

/// Class and id words that name the article body itself. A container named so is preferred
/// when several hold text.
const CONTENT_WORDS: &[&str] =
    &["article", "content", "entry", "post", "story", "body", "text", "main", "blog", "prose", "paragraph"];

fn content_matcher() -> Option<&'static AhoCorasick> {
    static MATCHER: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    MATCHER.get_or_init(|| AhoCorasick::new(CONTENT_WORDS).ok()).as_ref()
}

/// True when the lowercased `class`/`id` names the article body (`article-body`,
/// `entry-content`, `storytext`).
pub(crate) fn names_content(lowercase_names: &str) -> bool {
    content_matcher().is_some_and(|matcher| matcher.is_match(lowercase_names))
}

/// Short lines that label page furniture rather than say anything: share prompts, ad labels,
/// "read more" teasers, photo credits. Each is matched at the start of a short block, in
/// lowercase, with the reason it implies.
const FURNITURE_OPENINGS: &[(&str, RemovalReason)] = &[
    ("advertisement", RemovalReason::Advertisement),
    ("advertising", RemovalReason::Advertisement),
    ("sponsored", RemovalReason::Advertisement),
    ("share this", RemovalReason::Social),
    ("share on", RemovalReason::Social),
    ("share:", RemovalReason::Social),
    ("follow us", RemovalReason::Social),
    ("follow @", RemovalReason::Social),
    ("sign up", RemovalReason::Social),
    ("subscribe", RemovalReason::Social),
    ("click here", RemovalReason::Social),
    ("email this", RemovalReason::Social),
    ("read more", RemovalReason::Related),
    ("read also", RemovalReason::Related),
    ("also read", RemovalReason::Related),
    ("related:", RemovalReason::Related),
    ("related articles", RemovalReason::Related),
    ("related stories", RemovalReason::Related),
    ("see also", RemovalReason::Related),
    ("more:", RemovalReason::Related),
    ("recommended", RemovalReason::Related),
    ("photo:", RemovalReason::Caption),
    ("photo by", RemovalReason::Caption),
    ("image:", RemovalReason::Caption),
    ("image source", RemovalReason::Caption),
    ("picture:", RemovalReason::Caption),
    ("file photo", RemovalReason::Caption),
    ("(photo", RemovalReason::Caption),
    ("getty images", RemovalReason::Caption),
    ("leave a reply", RemovalReason::Comments),
    ("leave a comment", RemovalReason::Comments),
    ("comments", RemovalReason::Comments),
    ("copyright", RemovalReason::Footer),
    ("©", RemovalReason::Footer),
    ("all rights reserved", RemovalReason::Footer),
    ("by ", RemovalReason::Byline),
    ("posted by", RemovalReason::Byline),
    ("written by", RemovalReason::Byline),
    ("published", RemovalReason::Byline),
    ("updated", RemovalReason::Byline),
    ("last updated", RemovalReason::Byline),
];

/// The reason a short block is furniture, judged by how it opens.
pub(crate) fn furniture_reason(block: &str) -> Option<RemovalReason> {
    let lower = block.trim_start().to_lowercase();
    FURNITURE_OPENINGS.iter().find(|(opening, _)| lower.starts_with(opening)).map(|&(_, reason)| reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(names: &str, expected: Option<RemovalReason>) {
        assert_eq!(class_reason(names), expected, "{names}");
    }

    #[test]
    fn class_words_fit_as_told() {
        check("ad-slot top", Some(RemovalReason::Advertisement));
        check("header-wrapper", Some(RemovalReason::Navigation));
        check("shadow loaded", None);
        check("article-body", None);
        check("post-comments entry", Some(RemovalReason::Comments));
        check("relatedarticles", Some(RemovalReason::Related));
        check("vintage", None);
        check("tags-list", Some(RemovalReason::Related));
        check("post tag-review category-news", None);
        check("social-media-embed", None);
        check("share-bar comments", Some(RemovalReason::Comments));
    }

    #[test]
    fn furniture_lines_are_recognised_by_their_opening() {
        assert_eq!(furniture_reason("Advertisement"), Some(RemovalReason::Advertisement));
        assert_eq!(furniture_reason("  Read more: the other story"), Some(RemovalReason::Related));
        assert_eq!(furniture_reason("Bystanders ran."), None);
    }
}
