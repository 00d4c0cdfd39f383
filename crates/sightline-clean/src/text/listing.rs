//! Listing pages: tag archives, section fronts and home pages that list several stories.
//!
//! A listing is recognised by its heading ("Tag Archives: ISKP", "Category: World", "Posts
//! tagged ...") or, without one, by its rhythm: headline, one teaser paragraph, headline, one
//! teaser, again and again, with those pairs making up nearly all of the page's prose. An
//! article with subheadings has the same headline-then-paragraph shape but puts several
//! paragraphs under each subheading, so requiring one teaser per headline (and most of the
//! prose in such pairs) keeps articles from being split.

use crate::text::features::is_date_like;
use crate::text::lines::Line;
use crate::text::metadata::{byline_author, is_title_like};
use crate::text::patterns::is_listing_heading;

/// Fewest words in a teaser paragraph.
const MIN_TEASER_WORDS: f32 = 12.0;

/// One story of a listing: the line index of its headline and of its teaser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StoryLines {
    /// The headline's line index.
    pub headline: usize,
    /// The teaser's line index.
    pub teaser: usize,
}

/// A listing page's structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listing {
    /// The line that heads the listing ("Tag Archives: ISKP"), if any.
    pub heading: Option<usize>,
    /// The stories in page order.
    pub stories: Vec<StoryLines>,
}

/// Finds the listing structure of a page, or `None` when the page is an article.
pub(crate) fn find_listing(lines: &[Line<'_>]) -> Option<Listing> {
    let heading = lines.iter().take(10).position(|line| is_listing_heading(line.text));
    let start = heading.map_or(0, |index| index + 1);
    let mut stories = Vec::new();
    let mut index = start;
    while let Some(headline) = lines.get(index) {
        // Listings often print a date or byline between a story's headline and its teaser.
        let teaser_index = match lines.get(index + 1) {
            Some(between)
                if is_date_like(between.text, between.words)
                    || byline_author(between.text, between.words).is_some() =>
            {
                index + 2
            }
            _ => index + 1,
        };
        let Some(teaser) = lines.get(teaser_index) else { break };
        let teaser_alone = lines.get(teaser_index + 1).is_none_or(|next| next.words < MIN_TEASER_WORDS);
        if is_title_like(headline.text, headline.words)
            && headline.words >= 3.0
            && teaser.words >= MIN_TEASER_WORDS
            && teaser_alone
        {
            stories.push(StoryLines { headline: index, teaser: teaser_index });
            index = teaser_index + 1;
        } else {
            index += 1;
        }
    }
    let prose_lines = lines.iter().skip(start).filter(|line| line.words >= MIN_TEASER_WORDS).count();
    let paired_share = stories.len() as f32 / prose_lines.max(1) as f32;
    // Story headlines differ from one another; a line repeated above every teaser is page
    // chrome (a share bar, a "Read more" label), so such a page is not split on it.
    let mut headlines: Vec<&str> =
        stories.iter().filter_map(|story| lines.get(story.headline)).map(|line| line.text).collect();
    headlines.sort_unstable();
    headlines.dedup();
    if headlines.len() < stories.len() {
        return None;
    }
    let is_listing = match heading {
        Some(_) => stories.len() >= 2 && paired_share >= 0.5,
        // Without a heading the rhythm must be unmistakable: many pairs, and almost every
        // paragraph of the page a lone teaser under a headline.
        None => stories.len() >= 5 && paired_share >= 0.9,
    };
    is_listing.then_some(Listing { heading, stories })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines::split_lines;

    const TEASER: &str =
        "Officials said on Tuesday that the group had claimed the attack in a statement posted online.";

    fn check(input: &str, expected: Option<(Option<usize>, usize)>) {
        let lines = split_lines(input);
        let actual = find_listing(&lines).map(|listing| (listing.heading, listing.stories.len()));
        assert_eq!(actual, expected, "{input}");
    }

    #[test]
    fn tells_listings_from_articles() {
        let tagged = format!("Tag Archives: ISKP\n\nFirst story headline here\n\n{TEASER}\n\nSecond story headline here\n\n{TEASER}\n");
        check(&tagged, Some((Some(0), 2)));
        let dated: String = (0..5)
            .map(|n| format!("Story number {n} headline\n\nMarch {}, 2024\n\n{TEASER}\n\n", n + 1))
            .collect();
        check(&dated, Some((None, 5)));
        let untagged: String = (0..5).map(|n| format!("Story number {n} headline\n\n{TEASER}\n\n")).collect();
        check(&untagged, Some((None, 5)));
        let article = format!("A subheading of the article\n\n{TEASER}\n\n{TEASER}\n\nAnother subheading here\n\n{TEASER}\n\n{TEASER}\n");
        check(&article, None);
    }
}
