//! The flattened-text cleaner: a page's visible text, one block per line, in; the article (or
//! a listing and its stories) out, every dropped line kept with its reason.
//!
//! The work goes in four steps, each its own module:
//!
//! 1. `lines` splits the page into non-blank lines and notes the blank lines between them.
//! 2. `features` and `model` score each line's probability of being article text with a small
//!    learned linear model. Why learned: the signals (length, punctuation, function words,
//!    neighbours, position relative to the densest run of prose) trade off differently on
//!    every site, and a model fitted to 181 hand-marked pages weighs them better than hand
//!    tuning would; it is shipped as a readable text file and its score is reported with
//!    cross-validation by page.
//! 3. `patterns` overrides the model where a stock phrase says outright what a line is (a
//!    comment form and everything after it, a copyright line, a photo credit, an agency
//!    credit), and names the reason for every dropped line.
//! 4. `metadata` recovers headline, date, byline, dateline and language; `listing` splits tag
//!    archives and section fronts into one document per story.
//!
//! Cleaning is pure: no I/O, no clock, and the same page and config always give the same
//! documents.

mod case;
mod features;
mod lines;
mod listing;
mod metadata;
mod model;
mod patterns;
mod wrap;

use sightline_core::{DocId, DocKind, Document, RawPage, RemovalReason};

pub use model::{LineModel, ModelError, TrainingPage};
// Datelines and credit lines are facts about article prose, not about flattened text: the HTML
// cleaner reads them from its extracted paragraphs with the same rules.
pub(crate) use metadata::find_dateline;
pub(crate) use patterns::credit_of;

use crate::CleanConfig;
use features::{page_features, LineShape};
use lines::{split_lines, Line};
use listing::find_listing;
use metadata::{byline_author, is_title_like, parse_date_line};

use crate::language::detect as detect_language;
use patterns::{breadcrumb_levels, Pattern};

/// How far (in lines) before the body the headline, date and byline are looked for.
const HEADER_WINDOW: usize = 12;

/// Cleans one page of flattened text. The first document is the page; when the page is a
/// listing, one [`DocKind::Story`] document per story follows, each with `parent` set to the
/// page's id. Never fails: a page with no recognisable article yields a document with empty
/// text and every line in `removed`.
///
/// ```
/// use sightline_clean::{text::clean_text, CleanConfig};
/// use sightline_core::{ContentKind, GivenMeta, RawPage, RemovalReason, Source};
///
/// let content = "Home / World / Blast kills five\n\nKABUL – A bomb exploded near a mosque on \
///     Friday, killing five people, officials said.\n\n(Source: Reuters)\n";
/// let page = RawPage {
///     source: Source::default(),
///     kind: ContentKind::Text,
///     content: content.to_string(),
///     given: GivenMeta::default(),
/// };
/// let documents = clean_text(&page, &CleanConfig::default());
/// let article = &documents[0];
/// assert_eq!(article.dateline.as_deref(), Some("Kabul"));
/// assert_eq!(article.credit.as_deref(), Some("Reuters"));
/// assert!(article.text.starts_with("KABUL – A bomb exploded"));
/// assert_eq!(article.removed[0].reason, RemovalReason::Navigation);
/// ```
pub fn clean_text(page: &RawPage, config: &CleanConfig) -> Vec<Document> {
    let unwrapped = wrap::unwrap_paragraphs(&page.content);
    let content = unwrapped.as_deref().unwrap_or(&page.content);
    let lines = split_lines(content);
    let page_id = DocId::for_page(page.source.id.as_deref(), &page.content);
    if let Some(listing) = find_listing(&lines) {
        return split_listing(page, &lines, &listing, page_id);
    }
    // The model learned what lines look like in mixed case; an all-capitals page (wire copy,
    // telexes) is judged on a sentence-cased view with the same lines, and the verdicts apply
    // to the page as written.
    let sentence_cased = case::is_all_capitals(content).then(|| case::sentence_case(content));
    let cased_lines = sentence_cased.as_deref().map(split_lines);
    let feature_lines = cased_lines.as_deref().filter(|cased| cased.len() == lines.len()).unwrap_or(&lines);
    vec![clean_article(page, page_id, &lines, feature_lines, config)]
}

/// The decision for one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Keep,
    Drop(RemovalReason),
}

fn reason_of(pattern: Pattern) -> RemovalReason {
    match pattern {
        Pattern::CommentForm => RemovalReason::Comments,
        Pattern::RelatedHeading => RemovalReason::Related,
        Pattern::Copyright => RemovalReason::Footer,
        Pattern::Caption => RemovalReason::Caption,
        Pattern::Credit => RemovalReason::Credit,
        Pattern::Breadcrumb | Pattern::ListingHeading => RemovalReason::Navigation,
        Pattern::Social => RemovalReason::Social,
        Pattern::Advertisement => RemovalReason::Advertisement,
    }
}

/// True when a line reads as the truncated teaser of another story ("... he has proposed a
/// …"): sites cut teasers mid-sentence and mark the cut with an ellipsis.
fn is_truncated_teaser(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || c == ']' || c == ')');
    trimmed.ends_with('…') || trimmed.ends_with("...") || trimmed.ends_with("[…")
}

fn clean_article(
    page: &RawPage,
    page_id: DocId,
    lines: &[Line<'_>],
    feature_lines: &[Line<'_>],
    config: &CleanConfig,
) -> Document {
    let (shapes, features) = page_features(feature_lines);
    let probabilities: Vec<f32> = match config.line_model.as_deref().or_else(|| LineModel::embedded()) {
        Some(model) => {
            // Shifted so that the model's own keep threshold sits at one half, where the rules
            // below expect it.
            let threshold = model.threshold();
            model.predict(&features).into_iter().map(|p| p - threshold + 0.5).collect()
        }
        None => shapes
            .iter()
            .map(|shape| if shape.words >= 10.0 && shape.ends_sentence { 1.0 } else { 0.0 })
            .collect(),
    };
    let mut verdicts = decide(lines, &shapes, &probabilities, config);
    // A dateline ("BUENOS AIRES, 25 JAN (NA) --", "KABUL –") opens an article's first
    // paragraph and nothing else, so a long line that starts with one is the body whatever its
    // shape says.
    for (verdict, line) in verdicts.iter_mut().zip(lines) {
        if *verdict == Verdict::Drop(RemovalReason::LowContent)
            && line.words >= 12.0
            && find_dateline(line.text).is_some()
        {
            *verdict = Verdict::Keep;
        }
    }

    // Metadata, looked for among the lines just before the body.
    let body_start = verdicts.iter().position(|verdict| *verdict == Verdict::Keep);
    let header_end = body_start.unwrap_or(lines.len().min(HEADER_WINDOW));
    let header_start = header_end.saturating_sub(HEADER_WINDOW);
    let (title_index, title_text) = find_title(lines, &shapes, header_start, header_end);
    let mut published = None;
    let mut author = None;
    let date_search_end = (header_end + 2).min(lines.len());
    let date_search_start = title_index.unwrap_or(header_start).min(date_search_end);
    for index in date_search_start..date_search_end {
        let line = &lines[index];
        if published.is_none() && features::is_date_like(line.text, line.words) {
            if let Some(date) = parse_date_line(line.text) {
                published = Some(date);
                verdicts[index] = Verdict::Drop(RemovalReason::Byline);
                continue;
            }
        }
        if author.is_none() {
            if let Some(name) = byline_author(line.text, line.words) {
                author = Some(name);
                verdicts[index] = Verdict::Drop(RemovalReason::Byline);
            }
        }
    }
    let title = title_text;
    if let Some(index) = title_index {
        verdicts[index] = Verdict::Drop(RemovalReason::Title);
    }
    // Between the headline and the first paragraph, another headline-cased line is not the
    // article's: sites slot related-story headlines, video teasers ("4:11 Officials describe
    // ..."), captions and bylines there, while a standfirst is written as a sentence. Measured
    // on the gva and gvc news pages, the lines this drops are nearly all such furniture; on the
    // extraction benchmark it changes nothing.
    if let Some(title_index) = title_index {
        let first_prose = (title_index + 1..lines.len())
            .find(|&index| {
                verdicts[index] == Verdict::Keep && shapes[index].words >= 10.0 && shapes[index].ends_sentence
            })
            .unwrap_or(lines.len());
        for index in title_index + 1..first_prose {
            if verdicts[index] == Verdict::Keep && is_headline_cased(lines[index].text, shapes[index].words) {
                verdicts[index] = Verdict::Drop(RemovalReason::Related);
            }
        }
    }
    // The headline repeated elsewhere in the page (a <title>, a social card) is not body text.
    if let Some(title_text) = &title {
        for (index, line) in lines.iter().enumerate() {
            let same = line.text.split_whitespace().eq(title_text.split_whitespace());
            if same && verdicts[index] == Verdict::Keep {
                verdicts[index] = Verdict::Drop(RemovalReason::Title);
            }
        }
    }

    let mut credit = None;
    for (index, line) in lines.iter().enumerate() {
        if verdicts[index] == Verdict::Drop(RemovalReason::Credit) && credit.is_none() {
            credit = credit_of(line.text).map(str::to_string);
        }
    }
    let first_paragraph =
        verdicts.iter().position(|verdict| *verdict == Verdict::Keep).and_then(|index| lines.get(index));
    let dateline = first_paragraph.and_then(|line| find_dateline(line.text));
    if credit.is_none() {
        credit = dateline.as_ref().and_then(|dateline| dateline.agency.clone());
    }

    if config.keep_every_line {
        // The caller vouches that this is article text: every line stays but those already
        // moved to metadata fields (headline, date line, byline, credit).
        for verdict in &mut verdicts {
            let metadata = matches!(
                verdict,
                Verdict::Drop(RemovalReason::Title | RemovalReason::Byline | RemovalReason::Credit)
            );
            if !metadata {
                *verdict = Verdict::Keep;
            }
        }
    }

    let mut text = String::new();
    let mut removed = Vec::new();
    for (line, verdict) in lines.iter().zip(&verdicts) {
        match verdict {
            Verdict::Keep => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(line.text);
            }
            Verdict::Drop(reason) => crate::removed::record(&mut removed, line.text, *reason),
        }
    }
    Document {
        id: page_id,
        source: page.source.clone(),
        kind: DocKind::Article,
        title: page.given.title.clone().or(title),
        published: page.given.published.or(published),
        author: page.given.author.clone().or(author),
        dateline: dateline.map(|dateline| dateline.place),
        credit,
        language: detect_language(&text),
        text,
        removed,
        parent: None,
    }
}

/// True for a line written in headline case: four or more words, most of them capitalised
/// (short function words aside, as English title case leaves them lower), no full stop.
fn is_headline_cased(text: &str, words: f32) -> bool {
    if !(4.0..=25.0).contains(&words) || text.ends_with('.') {
        return false;
    }
    let content_words: Vec<&str> = text
        .split_whitespace()
        .filter(|word| word.chars().count() > 3 && word.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    let capitalised =
        content_words.iter().filter(|word| word.chars().next().is_some_and(char::is_uppercase)).count();
    content_words.len() >= 3 && capitalised * 10 >= content_words.len() * 8
}

/// Decides every line from the model's probabilities and the stock-phrase rules.
fn decide(
    lines: &[Line<'_>],
    shapes: &[LineShape],
    probabilities: &[f32],
    config: &CleanConfig,
) -> Vec<Verdict> {
    let mut verdicts: Vec<Verdict> = probabilities
        .iter()
        .map(|&p| if p >= 0.5 { Verdict::Keep } else { Verdict::Drop(RemovalReason::LowContent) })
        .collect();
    // The article starts at its first kept paragraph of prose; a comment link or related
    // heading above that (in a byline row, a sidebar) ends nothing.
    let first_kept = verdicts
        .iter()
        .zip(shapes)
        .position(|(verdict, shape)| *verdict == Verdict::Keep && shape.words >= 10.0)
        .unwrap_or(lines.len());
    let mut in_comments = false;
    let mut after_related = false;
    for (index, (line, shape)) in lines.iter().zip(shapes).enumerate() {
        if config.repeated_lines.contains(line.text) {
            verdicts[index] = Verdict::Drop(RemovalReason::Repeated);
            continue;
        }
        // A comment form ends the article: what follows it is comments, then the footer.
        if shape.pattern == Some(Pattern::CommentForm) && index > first_kept {
            in_comments = true;
        }
        if in_comments {
            verdicts[index] = Verdict::Drop(RemovalReason::Comments);
            continue;
        }
        if shape.pattern == Some(Pattern::RelatedHeading) && index > first_kept {
            after_related = true;
        }
        if let Some(pattern) = shape.pattern {
            verdicts[index] = Verdict::Drop(reason_of(pattern));
            continue;
        }
        // Teasers of other stories end in an ellipsis where the site cut them.
        if after_related && is_truncated_teaser(line.text) {
            verdicts[index] = Verdict::Drop(RemovalReason::Related);
        }
    }
    // A copyright line closes the footer block, and the lines printed with it (no blank line
    // between, on a page whose paragraphs are blank-separated) belong to that block: a site's
    // motto, its address, its legal links.
    let n_kept = verdicts.iter().filter(|verdict| **verdict == Verdict::Keep).count();
    let n_kept_separated = lines
        .iter()
        .zip(&verdicts)
        .filter(|(line, verdict)| **verdict == Verdict::Keep && line.blank_before)
        .count();
    if n_kept > 0 && n_kept_separated * 10 >= n_kept * 8 {
        for (index, shape) in shapes.iter().enumerate() {
            if shape.pattern != Some(Pattern::Copyright) || index <= first_kept {
                continue;
            }
            let mut block_start = index;
            while block_start > first_kept + 1 && !lines[block_start].blank_before && index - block_start < 3
            {
                block_start -= 1;
                verdicts[block_start] = Verdict::Drop(RemovalReason::Footer);
            }
        }
    }
    // Articles end on a sentence. Short unpunctuated lines kept after the last sentence are
    // the headlines and prompts that follow an article ("To Read the Full Story", a teaser
    // title), and the same lines before the first sentence are kickers and labels.
    let is_prose = |index: usize| shapes[index].words >= 10.0 && shapes[index].ends_sentence;
    let kept_prose: Vec<usize> =
        (0..lines.len()).filter(|&index| verdicts[index] == Verdict::Keep && is_prose(index)).collect();
    if let (Some(&first_prose), Some(&last_prose)) = (kept_prose.first(), kept_prose.last()) {
        for index in 0..lines.len() {
            let outside = index > last_prose || index < first_prose;
            if outside
                && verdicts[index] == Verdict::Keep
                && shapes[index].words < 10.0
                && !shapes[index].ends_sentence
            {
                verdicts[index] = Verdict::Drop(RemovalReason::LowContent);
            }
        }
    }
    // Name what the model dropped by where it sits: before the body it is navigation, after
    // it related stories or footer, in between low-content filler.
    let first_kept = verdicts.iter().position(|verdict| *verdict == Verdict::Keep);
    let last_kept = verdicts.iter().rposition(|verdict| *verdict == Verdict::Keep);
    let mut seen_related_heading = false;
    for (index, shape) in shapes.iter().enumerate() {
        if shape.pattern == Some(Pattern::RelatedHeading) {
            seen_related_heading = true;
        }
        if verdicts[index] != Verdict::Drop(RemovalReason::LowContent) {
            continue;
        }
        let reason = match (first_kept, last_kept) {
            (Some(first), _) if index < first && shape.words < 10.0 => RemovalReason::Navigation,
            (_, Some(last)) if index > last && seen_related_heading => RemovalReason::Related,
            (_, Some(last)) if index > last && shape.words < 10.0 => RemovalReason::Footer,
            _ => RemovalReason::LowContent,
        };
        verdicts[index] = Verdict::Drop(reason);
    }
    verdicts
}

/// Separators between a headline and the site name in a page's `<title>`.
const SITE_NAME_SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];

/// The headline part of a `<title>` such as "Blast kills ten | Example News": the first part
/// before a site-name separator when that part has three or more words, else `None`.
fn headline_of_page_title(page_title: &str) -> Option<&str> {
    let cut = SITE_NAME_SEPARATORS.iter().filter_map(|separator| page_title.find(separator)).min()?;
    let headline = page_title.get(..cut)?.trim();
    (headline.split_whitespace().count() >= 3).then_some(headline)
}

/// Picks the headline: the line index when it is a line of the page, and its text.
///
/// In order: a title-like line before the body that the page's `<title>` (its first line) or
/// a breadcrumb trail repeats; else the headline part of a `<title>` that names its site
/// ("Blast kills ten | Example News"); else the first title-like line of the header lines
/// `[start, end)`, because menus end well before the body and what sits between them and the
/// body starts with the headline.
fn find_title(
    lines: &[Line<'_>],
    shapes: &[LineShape],
    start: usize,
    end: usize,
) -> (Option<usize>, Option<String>) {
    let is_candidate = |index: usize| {
        let (text, words) = (lines[index].text, lines[index].words);
        shapes[index].pattern.is_none() && is_title_like(text, words) && byline_author(text, words).is_none()
    };
    // Flattened pages open with their <title>, but text that does not (an article pasted
    // as is) opens with prose: a first line ending in a full stop is a sentence, and its
    // dashes are clauses, not a site name.
    let page_title = lines
        .first()
        .map(|line| line.text)
        .filter(|text| text.len() <= features::MAX_PAGE_TITLE_BYTES)
        .filter(|text| !text.trim_end_matches(['"', '\'', '”', '’', ')']).ends_with('.'))
        .unwrap_or("");
    let page_headline = headline_of_page_title(page_title);
    let breadcrumb_last = lines[..end.min(lines.len())]
        .iter()
        .filter_map(|line| breadcrumb_levels(line.text))
        .filter_map(|levels| levels.last().map(|level| level.to_string()))
        .next_back();
    let repeated = (1..end.min(lines.len())).rev().filter(|&index| is_candidate(index)).find(|&index| {
        let text = lines[index].text;
        let in_page_title = page_title.contains(text) && lines[index].words >= 3.0;
        // A <title> is often cut short, so a line that opens with its headline part counts.
        let extends_page_title =
            page_headline.is_some_and(|headline| headline.len() >= 20 && text.starts_with(headline));
        in_page_title || extends_page_title || breadcrumb_last.as_deref() == Some(text)
    });
    let normalise = |text: &str| text.split_whitespace().collect::<Vec<&str>>().join(" ");
    if let Some(index) = repeated {
        return (Some(index), lines.get(index).map(|line| normalise(line.text)));
    }
    if let Some(headline) = page_headline {
        return (None, Some(normalise(headline)));
    }
    let first = (start..end.min(lines.len())).find(|&index| is_candidate(index));
    (first, first.and_then(|index| lines.get(index)).map(|line| normalise(line.text)))
}

/// Splits a listing page into the listing document and one document per story.
fn split_listing(
    page: &RawPage,
    lines: &[Line<'_>],
    listing: &listing::Listing,
    page_id: DocId,
) -> Vec<Document> {
    let mut in_story = vec![false; lines.len()];
    for story in &listing.stories {
        for index in [story.headline, story.teaser] {
            if let Some(flag) = in_story.get_mut(index) {
                *flag = true;
            }
        }
    }
    let first_story_line = listing.stories.first().map_or(lines.len(), |story| story.headline);
    // What belongs to no story: the listing's own introduction (prose before the first story)
    // is its text; short lines are the image captions and kickers that sites print above each
    // story, and anything else is dropped by its stock phrase or as low content.
    let mut text = String::new();
    let mut removed = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if in_story.get(index).copied().unwrap_or(false) {
            continue;
        }
        let pattern = patterns::match_pattern(line.text, line.words);
        let reason = match pattern {
            _ if Some(index) == listing.heading => RemovalReason::Title,
            Some(pattern) => reason_of(pattern),
            None if parse_date_line(line.text).is_some()
                || byline_author(line.text, line.words).is_some() =>
            {
                RemovalReason::Byline
            }
            None if line.words < 10.0 => RemovalReason::Caption,
            None if index > first_story_line => RemovalReason::LowContent,
            None => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(line.text);
                continue;
            }
        };
        crate::removed::record(&mut removed, line.text, reason);
    }
    let listing_title = listing.heading.and_then(|index| lines.get(index)).map(|line| line.text.to_string());
    let mut documents = vec![Document {
        id: page_id.clone(),
        source: page.source.clone(),
        kind: DocKind::Listing,
        title: page.given.title.clone().or(listing_title),
        published: page.given.published,
        author: page.given.author.clone(),
        dateline: None,
        credit: None,
        language: detect_language(&page.content),
        text,
        removed,
        parent: None,
    }];
    for (ordinal, story) in listing.stories.iter().enumerate() {
        // A line between headline and teaser is the story's date or byline.
        let between = (story.teaser > story.headline + 1).then(|| lines.get(story.headline + 1)).flatten();
        let (Some(headline), Some(teaser)) = (lines.get(story.headline), lines.get(story.teaser)) else {
            continue;
        };
        documents.push(Document {
            id: DocId::for_story(&page_id, ordinal, teaser.text),
            source: page.source.clone(),
            kind: DocKind::Story,
            title: Some(headline.text.to_string()),
            published: between.and_then(|line| parse_date_line(line.text)),
            author: between.and_then(|line| byline_author(line.text, line.words)),
            dateline: find_dateline(teaser.text).map(|dateline| dateline.place),
            credit: None,
            language: detect_language(teaser.text),
            text: teaser.text.to_string(),
            removed: Vec::new(),
            parent: Some(page_id.clone()),
        });
    }
    documents
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_core::{ContentKind, GivenMeta, Source};

    fn page(content: &str) -> RawPage {
        RawPage {
            source: Source::default(),
            kind: ContentKind::Text,
            content: content.to_string(),
            given: GivenMeta::default(),
        }
    }

    /// What one field of the cleaned page should be: the first document's title, text,
    /// dateline, credit, published date, and the reason given for a removed line.
    fn check(content: &str, expected: &[(&str, &str)]) {
        check_with(&CleanConfig::default(), content, expected);
    }

    fn check_with(config: &CleanConfig, content: &str, expected: &[(&str, &str)]) {
        let documents = clean_text(&page(content), config);
        let Some(document) = documents.first() else { panic!("no document for {content:?}") };
        for &(field, value) in expected {
            let actual = match field {
                "title" => document.title.clone().unwrap_or_default(),
                "text" => document.text.clone(),
                "dateline" => document.dateline.clone().unwrap_or_default(),
                "credit" => document.credit.clone().unwrap_or_default(),
                "published" => document.published.map(|date| date.to_string()).unwrap_or_default(),
                "author" => document.author.clone().unwrap_or_default(),
                "kind" => document.kind.as_str().to_string(),
                "stories" => (documents.len() - 1).to_string(),
                removed => document
                    .removed
                    .iter()
                    .find(|line| line.text == removed)
                    .map(|line| line.reason.as_str().to_string())
                    .unwrap_or_default(),
            };
            assert_eq!(actual, value, "{field} of {content:?}");
        }
    }

    const PARAGRAPH: &str = "The group said on Tuesday that it had carried out the attack, and officials in the capital confirmed that at least ten people were killed.";

    #[test]
    fn keeps_the_article_and_names_what_it_drops() {
        check(&format!("Home / World / Blast kills ten\n\nBlast kills ten\n\nKABUL – {PARAGRAPH}\n\n{PARAGRAPH}\n\n(Source: The Associated Press)\n\nLeave a Reply\n\nYou are commenting using your Twitter account."), &[
            ("title", "Blast kills ten"),
            ("dateline", "Kabul"),
            ("credit", "The Associated Press"),
            ("text", &format!("KABUL – {PARAGRAPH}\n\n{PARAGRAPH}")),
            ("Home / World / Blast kills ten", "navigation"),
            ("Blast kills ten", "title"),
            ("(Source: The Associated Press)", "credit"),
            ("Leave a Reply", "comments"),
            ("You are commenting using your Twitter account.", "comments"),
        ]);
        check(&format!("Blast kills ten\n\n April 2, 2024\n\nBy Jane Doe\n\n{PARAGRAPH}\n\n© 2024 Example News. All Rights Reserved."), &[
            ("title", "Blast kills ten"),
            ("published", "2024-04-02"),
            ("author", "Jane Doe"),
            ("April 2, 2024", "byline"),
            ("© 2024 Example News. All Rights Reserved.", "footer"),
        ]);
    }

    #[test]
    fn finds_the_headline_the_page_title_names() {
        check(
            &format!("Blast kills ten in city | Example News\n\nHome\n\nWorld\n\nBy Jane Doe\n\n{PARAGRAPH}"),
            &[("title", "Blast kills ten in city"), ("author", "Jane Doe")],
        );
        check(
            &format!(
                "Blast kills ten in city | Example News\n\nWorld\n\nBlast kills ten in city\n\n{PARAGRAPH}"
            ),
            &[("title", "Blast kills ten in city"), ("Blast kills ten in city", "title")],
        );
    }

    #[test]
    fn drops_lines_the_caller_knows_repeat_across_the_site() {
        let repeated =
            std::collections::HashSet::from(["Subscribe to our daily briefing for more.".to_string()]);
        let config = CleanConfig { repeated_lines: std::sync::Arc::new(repeated), ..CleanConfig::default() };
        let second =
            "Police said the attackers had arrived in two cars shortly before the evening prayers began.";
        check_with(
            &config,
            &format!(
                "Blast kills ten\n\n{PARAGRAPH}\n\nSubscribe to our daily briefing for more.\n\n{second}"
            ),
            &[
                ("text", &format!("{PARAGRAPH}\n\n{second}")),
                ("Subscribe to our daily briefing for more.", "repeated"),
            ],
        );
    }

    #[test]
    fn given_metadata_wins() {
        let mut given_page = page(&format!("Blast kills ten\n\n{PARAGRAPH}"));
        given_page.given.title = Some("Given title".to_string());
        let documents = clean_text(&given_page, &CleanConfig::default());
        assert_eq!(documents.first().and_then(|document| document.title.as_deref()), Some("Given title"));
    }

    #[test]
    fn handles_empty_and_deeply_odd_input() {
        check("", &[("text", ""), ("title", "")]);
        check(&"<".repeat(200_000), &[("kind", "article")]);
        check(&"a\n".repeat(50_000), &[("kind", "article")]);
        check(&format!("{}\n{}", "word ".repeat(100_000), "a b\n".repeat(50_000)), &[("kind", "article")]);
    }

    #[test]
    fn dates_listing_stories() {
        let teaser = "Officials said on Tuesday that the group had claimed the attack in a statement posted online late at night.";
        let content: String = (1..=5)
            .map(|n| format!("Story number {n} headline\n\nMarch {n}, 2024\n\n{teaser}\n\n"))
            .collect();
        let documents = clean_text(&page(&content), &CleanConfig::default());
        let dates: Vec<String> = documents
            .iter()
            .map(|document| document.published.map(|date| date.to_string()).unwrap_or_default())
            .collect();
        assert_eq!(dates, ["", "2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05"]);
        assert!(documents
            .first()
            .is_some_and(|listing| listing.removed.iter().all(|line| line.reason == RemovalReason::Byline)));
    }

    #[test]
    fn splits_listings() {
        let teaser = "Officials said on Tuesday that the group had claimed the attack in a statement posted online late at night.";
        check(&format!("Tag Archives: ISKP\n\nFirst story headline here\n\n{teaser}\n\nSecond story headline here\n\n{teaser}\n"), &[
            ("kind", "listing"),
            ("title", "Tag Archives: ISKP"),
            ("stories", "2"),
            ("text", ""),
        ]);
    }

    /// Reads `../shared/corpus` beside the repository, or says why it cannot (and fails when
    /// the `CI` variable is set, where the corpus must be present).
    #[test]
    fn an_opening_sentence_is_not_a_page_title() {
        let content = "The attack on the market – the third this month – killed 12 people.\n\n\
                       Police said the bomb had been hidden in a cart near the main gate, and that \
                       the dead included two children and a shopkeeper.\n";
        let document = &clean_text(&page(content), &CleanConfig::default())[0];
        assert_ne!(document.title.as_deref(), Some("The attack on the market"), "{document:?}");
    }

    #[test]
    fn keep_every_line_keeps_content_and_reads_metadata() {
        let content = "Blast in Kabul\n\nShare this: Facebook Twitter\n\nKABUL – A bomb exploded near a market on \
                       Sunday, killing three people and wounding a dozen others, police said.\n\nMore to follow.\n\n\
                       (Source: Reuters)\n";
        let config = CleanConfig { keep_every_line: true, ..CleanConfig::default() };
        let documents = clean_text(&page(content), &config);
        let document = &documents[0];
        assert_eq!(document.title.as_deref(), Some("Blast in Kabul"));
        assert_eq!(document.credit.as_deref(), Some("Reuters"));
        assert!(
            document.text.contains("Share this") && document.text.ends_with("More to follow."),
            "{}",
            document.text
        );
        let default = &clean_text(&page(content), &CleanConfig::default())[0];
        assert!(!default.text.contains("Share this"), "{}", default.text);
    }

    fn seed_corpus() -> Option<(std::path::PathBuf, serde_json::Value)> {
        // `shared/` sits in the repository root in some checkouts and beside it in others.
        let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let candidates = [manifest.join("../../shared/corpus"), manifest.join("../../../shared/corpus")];
        let corpus = candidates.iter().find(|path| path.is_dir()).unwrap_or(&candidates[0]).clone();
        let gold = std::fs::read_to_string(corpus.join("seeds-gold.json")).ok();
        let gold = gold.and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
        match gold {
            Some(gold) => Some((corpus.join("seeds"), gold)),
            None => {
                assert!(std::env::var_os("CI").is_none(), "seed corpus missing at {}", corpus.display());
                println!("skipping: no seed corpus at {}", corpus.display());
                None
            }
        }
    }

    /// Every document-level expectation of `seeds-gold.json`: strings match case-insensitively
    /// as substrings, removed lines are absent from every document's text, kept ones present.
    #[test]
    fn seeds_meet_their_gold_expectations() {
        let Some((seeds, gold)) = seed_corpus() else { return };
        let Some(expectations) = gold["documents"].as_array() else {
            panic!("seeds-gold.json has no documents")
        };
        let contains =
            |haystack: &str, needle: &str| haystack.to_lowercase().contains(&needle.to_lowercase());
        let strings = |value: &serde_json::Value| -> Vec<String> {
            value
                .as_array()
                .map(|items| items.iter().filter_map(|item| item.as_str().map(str::to_string)).collect())
                .unwrap_or_default()
        };
        for expected in expectations {
            let file = expected["file"].as_str().unwrap_or_default();
            let content = std::fs::read_to_string(seeds.join(file)).unwrap_or_default();
            assert!(!content.is_empty(), "{file} is missing or empty");
            let documents = clean_text(&page(&content), &CleanConfig::default());
            let Some(document) = documents.first() else { panic!("{file}: no document") };
            let all_text: Vec<&str> = documents.iter().map(|document| document.text.as_str()).collect();
            for (field, actual) in [
                ("title", &document.title),
                ("page_title", &document.title),
                ("dateline", &document.dateline),
                ("source_credit", &document.credit),
            ] {
                if let Some(value) = expected[field].as_str() {
                    let actual = actual.clone().unwrap_or_default();
                    assert!(contains(&actual, value), "{file}: {field} {actual:?} lacks {value:?}");
                }
            }
            if let Some(value) = expected["published"].as_str() {
                assert_eq!(
                    document.published.map(|date| date.to_string()).as_deref(),
                    Some(value),
                    "{file}: published"
                );
            }
            for line in strings(&expected["removed"]) {
                assert!(
                    all_text.iter().all(|text| !contains(text, &line)),
                    "{file}: removed line kept: {line:?}"
                );
            }
            for snippet in strings(&expected["kept"]) {
                assert!(contains(&document.text, &snippet), "{file}: kept snippet missing: {snippet:?}");
            }
            if expected["page_kind"].as_str() == Some("listing") {
                assert_eq!(document.kind, DocKind::Listing, "{file}: kind");
                let items = strings(&expected["items"]);
                let stories: Vec<&Document> = documents.iter().skip(1).collect();
                assert_eq!(stories.len(), items.len(), "{file}: number of stories");
                for (story, item) in stories.iter().zip(&items) {
                    let title = story.title.clone().unwrap_or_default();
                    assert!(contains(&title, item), "{file}: story title {title:?} lacks {item:?}");
                    assert_eq!(story.kind, DocKind::Story);
                    assert_eq!(story.parent.as_ref(), Some(&document.id));
                    assert!(!story.text.is_empty(), "{file}: story {item:?} has no text");
                }
            } else {
                assert_eq!(document.kind, DocKind::Article, "{file}: kind");
                assert_eq!(documents.len(), 1, "{file}: an article must not be split");
            }
            assert_eq!(document.id, DocId::from_content(&content));
            assert_eq!(document.language.as_deref(), Some("en"), "{file}: language");
        }
    }
}
