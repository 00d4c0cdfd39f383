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

mod features;
mod lines;
mod listing;
mod metadata;
mod model;
mod patterns;

use sightline_core::{DocId, DocKind, Document, RawPage, RemovalReason, Removed};

pub use model::{LineModel, ModelError, TrainingPage};

use crate::CleanConfig;
use features::{page_features, LineShape};
use lines::{split_lines, Line};
use listing::find_listing;
use metadata::{byline_author, detect_language, find_dateline, is_title_like, parse_date_line};
use patterns::{breadcrumb_levels, credit_of, Pattern};

/// How far (in lines) before the body the headline, date and byline are looked for.
const HEADER_WINDOW: usize = 12;

/// Cleans one page of flattened text. The first document is the page; when the page is a
/// listing, one [`DocKind::Story`] document per story follows, each with `parent` set to the
/// page's id.
pub fn clean_text(page: &RawPage, config: &CleanConfig) -> Vec<Document> {
    let lines = split_lines(&page.content);
    let page_id = DocId::from_content(&page.content);
    if let Some(listing) = find_listing(&lines) {
        return split_listing(page, &lines, &listing, page_id);
    }
    let mut document = clean_article(page, &lines, config);
    document.id = page_id;
    vec![document]
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

fn clean_article(page: &RawPage, lines: &[Line<'_>], config: &CleanConfig) -> Document {
    let (shapes, features) = page_features(lines);
    let probabilities: Vec<f32> = match config.line_model.as_deref().or_else(|| LineModel::embedded()) {
        Some(model) => {
            let threshold = model.threshold();
            model.predict(&features).into_iter().map(|p| p - threshold + 0.5).collect()
        }
        None => shapes
            .iter()
            .map(|shape| if shape.words >= 10.0 && shape.ends_sentence { 1.0 } else { 0.0 })
            .collect(),
    };
    let mut verdicts = decide(lines, &shapes, &probabilities, config);

    // Metadata, looked for among the lines just before the body.
    let body_start = verdicts.iter().position(|verdict| *verdict == Verdict::Keep);
    let header_end = body_start.unwrap_or(lines.len().min(HEADER_WINDOW));
    let header_start = header_end.saturating_sub(HEADER_WINDOW);
    let title_index = find_title(lines, &shapes, header_start, header_end, body_start);
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
    let mut title = None;
    if let Some(index) = title_index {
        title = Some(lines[index].text.to_string());
        verdicts[index] = Verdict::Drop(RemovalReason::Title);
    }
    // The headline repeated elsewhere in the page (a <title>, a social card) is not body text.
    if let Some(title_text) = &title {
        for (index, line) in lines.iter().enumerate() {
            if line.text == title_text.as_str() && verdicts[index] == Verdict::Keep {
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
            Verdict::Drop(reason) => removed.push(Removed { text: line.text.to_string(), reason: *reason }),
        }
    }
    Document {
        id: DocId::from_content(&page.content),
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
    let first_kept = verdicts.iter().position(|verdict| *verdict == Verdict::Keep).unwrap_or(lines.len());
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

/// Picks the headline among the header lines `[start, end)`: a title-like line that the
/// page's `<title>` (its first line) or a breadcrumb trail repeats, else the first title-like
/// line that no stock phrase claims.
fn find_title(
    lines: &[Line<'_>],
    shapes: &[LineShape],
    start: usize,
    end: usize,
    body_start: Option<usize>,
) -> Option<usize> {
    let candidates: Vec<usize> = (start..end)
        .filter(|&index| {
            shapes[index].pattern.is_none() && is_title_like(lines[index].text, lines[index].words)
        })
        .collect();
    let page_title = lines.first().map_or("", |line| line.text);
    let breadcrumb_last = lines[..end.min(lines.len())]
        .iter()
        .filter_map(|line| breadcrumb_levels(line.text))
        .filter_map(|levels| levels.last().map(|level| level.to_string()))
        .next_back();
    let repeated = candidates.iter().rev().find(|&&index| {
        let text = lines[index].text;
        (index > 0 && page_title.contains(text) && lines[index].words >= 3.0)
            || breadcrumb_last.as_deref() == Some(text)
    });
    if let Some(&index) = repeated {
        return Some(index);
    }
    // Without a repeat, the headline is the first title-like line, unless the body starts the
    // page and there is no header at all.
    let _ = body_start;
    candidates.first().copied()
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
        in_story[story.headline] = true;
        in_story[story.teaser] = true;
    }
    let first_story_line = listing.stories.first().map_or(lines.len(), |story| story.headline);
    let mut text = String::new();
    let mut removed = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if in_story[index] {
            continue;
        }
        let reason = if Some(index) == listing.heading {
            RemovalReason::Title
        } else if let Some(pattern) = patterns::match_pattern(line.text, line.words) {
            reason_of(pattern)
        } else if index > first_story_line || line.words < 10.0 {
            // Short lines between stories are the image captions and kickers of the story that
            // follows; long ones would be the page's own text, kept below.
            if line.words < 10.0 {
                RemovalReason::Caption
            } else {
                RemovalReason::LowContent
            }
        } else {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(line.text);
            continue;
        };
        removed.push(Removed { text: line.text.to_string(), reason });
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
        let (Some(headline), Some(teaser)) = (lines.get(story.headline), lines.get(story.teaser)) else {
            continue;
        };
        documents.push(Document {
            id: DocId::for_story(&page_id, ordinal, teaser.text),
            source: page.source.clone(),
            kind: DocKind::Story,
            title: Some(headline.text.to_string()),
            published: None,
            author: None,
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
