//! Line patterns that say outright what a block of a news page is.
//!
//! Most boilerplate is recognised by its shape (see `features`), but some is recognised by its
//! words: sites across languages and CMSs use the same few stock phrases for comment forms
//! ("Leave a Reply"), teaser headings ("Check Also", "Related"), copyright footers, photo
//! credits and agency credits. These phrases are decisive enough to override the classifier,
//! and they double as features for it. Every pattern is anchored to the whole line (or to a
//! short line), because the same words inside a sentence of an article mean nothing.

use std::sync::OnceLock;

use regex::Regex;

/// What a stock phrase says a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// The start of a comment form or thread; everything after it is comments or footer.
    CommentForm,
    /// A heading that introduces other stories ("Check Also", "Related Articles").
    RelatedHeading,
    /// A copyright or legal footer line.
    Copyright,
    /// A photo or video caption credit ("Photo: ...", "(AP Photo/...)").
    Caption,
    /// An agency or outlet credit closing the article ("(Source: The Associated Press)").
    Credit,
    /// A breadcrumb trail ("Home / Afghanistan / ...").
    Breadcrumb,
    /// A sharing, subscription or follow prompt.
    Social,
    /// An advertising label.
    Advertisement,
    /// A listing page's heading ("Tag Archives: Sahel", "Category: World").
    ListingHeading,
}

struct Patterns {
    comment_form: Regex,
    related_heading: Regex,
    copyright: Regex,
    caption: Regex,
    credit: Regex,
    social: Regex,
    advertisement: Regex,
    listing_heading: Regex,
}

/// The stock phrases, compiled once. They are the English phrasings that WordPress, Blogger,
/// Drupal and the big news CMSs print, plus the commonest equivalents in Spanish, French,
/// German and Portuguese.
fn patterns() -> Option<&'static Patterns> {
    static PATTERNS: OnceLock<Option<Patterns>> = OnceLock::new();
    PATTERNS
        .get_or_init(|| {
            Some(Patterns {
                comment_form: Regex::new(
                    r"(?i)^(leave a (reply|comment)|post a comment|add (a|your) comment|write a comment|join the (conversation|discussion)|\d+ (comments?|responses?)( to .*)?|comments?( \(\d+\))?|show comments|view comments|you must be (logged|signed) in to post a comment.*|fill in your details below or click an icon to log in:?|your email address will not be published.*|notify me of (new|follow-up) (comments|posts).*|connecting to %s|%d bloggers like this:?|deja (un|tu) comentario|laisser un commentaire|kommentar schreiben|deixe (um|seu) comentário)[.:!]?$",
                )
                .ok()?,
                related_heading: Regex::new(
                    r"(?i)^(check also|related|related (articles?|posts?|stories|news|content|coverage|reading|topics)|read (more|next|also)|also read|see also|more from .{1,40}|more (stories|news|articles)( from .{1,40})?|more on this (story|topic)|you (may|might) also like|recommended( for you| stories)?|trending( now| stories)?|most (popular|read|viewed|shared)|popular (posts|stories)|latest (news|stories|posts|articles)|what to read next|up next|don't miss|you may have missed|noticias relacionadas|lire aussi|à lire aussi|mehr zum thema|leia também)[.:!]?$",
                )
                .ok()?,
                copyright: Regex::new(r"(?i)(©|\(c\)\s*\d{4}|\bcopyright\s*(©|\(c\)|\d{4})|all rights reserved|todos los derechos reservados|tous droits réservés|alle rechte vorbehalten)").ok()?,
                caption: Regex::new(
                    r"(?i)(^(photo|photos|image|images|picture|photograph|file photo|video|credit|photo credit|image credit|foto|fotos|bild)\s*(credit)?\s*[:/|©]|\((ap|afp|reuters|epa|getty|file)?\s*photo\b|\bphoto\s*/|(getty images|shutterstock|istock|ap photo|afp photo|reuters photo)\)?$)",
                )
                .ok()?,
                credit: Regex::new(r"^\(\s*(?i:source\s*:\s*)?([\p{Lu}][^()]{1,60}?)\s*\)$").ok()?,
                social: Regex::new(
                    r"(?i)^((share|tweet|email|print|save|like|follow)( (this|it|us))?( (article|story|post|page))?( (on|via) .{1,20})?|facebook|twitter|linkedin|whatsapp|pinterest|reddit|telegram|instagram|youtube|subscribe( now| today)?|sign up( for .{1,40})?|sign in|log in|newsletter|like this:?|like loading\.\.\.|click to share on .{1,30}|share on .{1,20}|compartir|partager|teilen)[.:!]?$",
                )
                .ok()?,
                advertisement: Regex::new(
                    r"(?i)^(advertisement|advertisements|advertising|ad|ads|sponsored( content)?|story continues below( advertisement)?|article continues below( advertisement)?|continue reading (the main story|below)|scroll to continue( with content)?|publicidad|publicité|anzeige|werbung)[.:]?$",
                )
                .ok()?,
                listing_heading: Regex::new(
                    r"(?i)^(tag archives?|category archives?|archives?|category|tag|tagged|posts tagged|stories tagged|articles tagged|topic|browsing|all posts in|posts in|author archives?|monthly archives?|search results for)\s*:?\s*.{1,80}$",
                )
                .ok()?,
            })
        })
        .as_ref()
}

/// The stock-phrase pattern `text` (one trimmed line) matches, if any.
pub(crate) fn match_pattern(text: &str, words: f32) -> Option<Pattern> {
    let patterns = patterns()?;
    // Stock phrases are short; a long line that happens to contain one is prose.
    if words <= 12.0 && patterns.comment_form.is_match(text) {
        return Some(Pattern::CommentForm);
    }
    if words <= 8.0 && patterns.related_heading.is_match(text) {
        return Some(Pattern::RelatedHeading);
    }
    if words <= 8.0 && patterns.advertisement.is_match(text) {
        return Some(Pattern::Advertisement);
    }
    if words <= 8.0 && patterns.social.is_match(text) {
        return Some(Pattern::Social);
    }
    if words <= 30.0 && patterns.copyright.is_match(text) {
        return Some(Pattern::Copyright);
    }
    if words <= 25.0 && patterns.caption.is_match(text) {
        return Some(Pattern::Caption);
    }
    if words <= 8.0 && credit_of(text).is_some() {
        return Some(Pattern::Credit);
    }
    if is_breadcrumb(text) {
        return Some(Pattern::Breadcrumb);
    }
    if words <= 12.0 && is_listing_heading(text) {
        return Some(Pattern::ListingHeading);
    }
    None
}

/// True for the heading of a listing page: "Tag Archives: Sahel", "Category: World", "Posts
/// tagged Sahel".
pub(crate) fn is_listing_heading(text: &str) -> bool {
    let Some(patterns) = patterns() else { return false };
    // A colon is required for the one-word labels ("Tag", "Topic"), which also open sentences.
    let lower = text.to_lowercase();
    let strong = [
        "tag archive",
        "category archive",
        "posts tagged",
        "stories tagged",
        "articles tagged",
        "author archive",
        "monthly archive",
        "search results for",
        "all posts in",
    ];
    patterns.listing_heading.is_match(text)
        && (text.contains(':') || strong.iter().any(|phrase| lower.starts_with(phrase)))
}

/// The credited agency or outlet of a credit line: "The Associated Press" for
/// "(Source: The Associated Press)", "Reuters" for "(Reuters)".
pub(crate) fn credit_of(text: &str) -> Option<&str> {
    let patterns = patterns()?;
    let captures = patterns.credit.captures(text)?;
    let credit = captures.get(1)?.as_str().trim();
    // A parenthesised aside in an article ("(I know, right?)") is a clause, not a name: names
    // carry no sentence punctuation and capitalise their words.
    if credit.contains(['?', '!', ',', ';', '.']) && !credit.ends_with('.') {
        return None;
    }
    let words: Vec<&str> = credit.split_whitespace().collect();
    let capitalised =
        words.iter().filter(|word| word.chars().next().is_some_and(|c| c.is_uppercase())).count();
    (words.len() <= 6 && capitalised * 2 >= words.len()).then_some(credit)
}

/// The separators breadcrumb trails use between levels, written with spaces around them.
const BREADCRUMB_SEPARATORS: [&str; 6] = [" / ", " > ", " » ", " › ", " | ", " → "];

/// Splits a breadcrumb trail into its levels, or `None` when `text` is not one: at least three
/// levels, the first one to three words (a site section, not a sentence).
pub(crate) fn breadcrumb_levels(text: &str) -> Option<Vec<&str>> {
    let separator = BREADCRUMB_SEPARATORS.iter().find(|separator| text.contains(*separator))?;
    let levels: Vec<&str> = text.split(separator).map(str::trim).collect();
    let first_words = levels.first().map_or(0, |level| level.split_whitespace().count());
    let all_short =
        levels[..levels.len().saturating_sub(1)].iter().all(|level| level.split_whitespace().count() <= 4);
    (levels.len() >= 3
        && (1..=3).contains(&first_words)
        && all_short
        && levels.iter().all(|level| !level.is_empty()))
    .then_some(levels)
}

fn is_breadcrumb(text: &str) -> bool {
    breadcrumb_levels(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines::count_words;

    fn check(input: &str, expected: Option<Pattern>) {
        assert_eq!(match_pattern(input, count_words(input)), expected, "{input:?}");
    }

    #[test]
    fn recognises_stock_phrases() {
        check("Leave a Reply", Some(Pattern::CommentForm));
        check("Fill in your details below or click an icon to log in:", Some(Pattern::CommentForm));
        check("Check Also", Some(Pattern::RelatedHeading));
        check("Related Articles", Some(Pattern::RelatedHeading));
        check("© 2015 - 2024 Conservative Institute. All Rights Reserved.", Some(Pattern::Copyright));
        check("Photo: Captured from a video via", Some(Pattern::Caption));
        check("Police at the scene. (AP Photo/Rahmat Gul)", Some(Pattern::Caption));
        check("(Source: The Associated Press)", Some(Pattern::Credit));
        check("(Sahar News)", Some(Pattern::Credit));
        check("(I know, radical statement, right?)", None);
        check(
            "Home / Afghanistan / US Officials Warn ISIS-K Poses a Major Threat",
            Some(Pattern::Breadcrumb),
        );
        check("Tag Archives: ISKP", Some(Pattern::ListingHeading));
        check("Advertisement", Some(Pattern::Advertisement));
        check("Share this article", Some(Pattern::Social));
        check("The group left a reply to the ultimatum and read more of it aloud.", None);
        check("Comments by officials were sparse, and the copyright of the photo is disputed by AP.", None);
    }

    #[test]
    fn credits_name_the_outlet() {
        assert_eq!(credit_of("(Source: The Associated Press)"), Some("The Associated Press"));
        assert_eq!(credit_of("(Sahar News)"), Some("Sahar News"));
        assert_eq!(credit_of("(they said so)"), None);
    }
}
