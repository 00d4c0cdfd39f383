//! HTML pages: the article body as clean text, the rest as removed blocks, and the metadata the
//! markup states.
//!
//! Three steps, one module each: [`dom`] parses the markup into an arena of nodes (its own fast
//! tokenizer and tree builder; the module says why not html5ever's), [`score`] finds the article
//! body and cuts the page into kept and removed blocks, [`metadata`] reads title, date, author,
//! canonical URL and language. Everything walks the arena with loops, never recursion, so a page
//! nested 200,000 elements deep is handled like any other.

mod dom;
mod metadata;
mod patterns;
mod score;

use sightline_core::{DocId, DocKind, Document, RawPage, RemovalReason};

use crate::CleanConfig;

/// Cleans one HTML page into one article [`Document`].
///
/// The text holds the article body's paragraphs, list items and subheadings, one block per
/// paragraph, separated by a blank line, with whitespace collapsed; the headline goes to
/// `title`. Every other block of visible text is in `removed` with its reason. Metadata the
/// input gave (`page.given`) wins over what the markup says. Never panics, whatever the input.
pub fn clean_html(page: &RawPage, config: &CleanConfig) -> Document {
    let _ = config;
    let dom = dom::Dom::parse(&page.content);
    let meta = metadata::read_metadata(&dom);
    let headline =
        page.given.title.clone().or_else(|| meta.title.clone()).or_else(|| meta.document_title.clone());
    let mut extraction = score::extract(&dom, headline.as_deref());
    // A credit line closes the article ("(Source: The Associated Press)"); the scorer trims it
    // with the other short lines at the body's edge, or it is the last kept block.
    let mut credit = extraction
        .removed
        .iter()
        .filter(|removed| removed.reason == RemovalReason::Credit)
        .find_map(|removed| crate::text::credit_of(&removed.text).map(str::to_string));
    if credit.is_none() {
        if let Some(name) = extraction.blocks.last().and_then(|last| crate::text::credit_of(last)) {
            credit = Some(name.to_string());
            if let Some(line) = extraction.blocks.pop() {
                crate::removed::record(&mut extraction.removed, &line, RemovalReason::Credit);
            }
        }
    }
    let dateline = extraction.blocks.first().and_then(|first| crate::text::find_dateline(first));
    if credit.is_none() {
        credit = dateline.as_ref().and_then(|dateline| dateline.agency.clone());
    }
    let text = extraction.blocks.join("\n\n");
    let title = page.given.title.clone().or(meta.title).or(extraction.body_heading).or(meta.document_title);
    let language = meta.language.or_else(|| crate::language::detect(&text));
    let mut source = page.source.clone();
    if source.url.is_none() {
        source.url = meta.canonical_url;
    }
    Document {
        id: DocId::for_page(page.source.id.as_deref(), &page.content),
        source,
        kind: DocKind::Article,
        title,
        published: page.given.published.or(meta.published),
        author: page.given.author.clone().or(meta.author),
        dateline: dateline.map(|dateline| dateline.place),
        credit,
        language,
        text,
        removed: extraction.removed,
        parent: None,
    }
}

/// Parses `html` with the cleaner's parser and returns its number of nodes, doing nothing
/// else: benchmarks time it to tell parsing from extraction. Not part of the stable API.
#[doc(hidden)]
pub fn parse_only(html: &str) -> usize {
    dom::Dom::parse(html).nodes.len()
}

#[cfg(test)]
mod tests {
    use sightline_core::{ContentKind, GivenMeta, RemovalReason, Source};

    use super::*;

    fn check(html: &str, given: GivenMeta, expected: &Document) {
        let page =
            RawPage { source: Source::default(), kind: ContentKind::Html, content: html.to_string(), given };
        let document = clean_html(&page, &CleanConfig::default());
        assert_eq!(&document, expected);
    }

    #[test]
    fn cleans_an_article_page() {
        let html = "<html><head><title>Market blast - Daily</title>\
            <link rel=canonical href='https://example.com/a'></head><body>\
            <nav><a href=/>Home</a> <a href=/world>World</a></nav><h1>Market blast</h1>\
            <p>A bomb exploded in a crowded market in the city centre on Thursday morning.</p>\
            <p>Police said the attackers fled on motorcycles before the security forces arrived.</p></body></html>";
        let expected = Document {
            id: DocId::from_content(html),
            source: Source { url: Some("https://example.com/a".into()), ..Source::default() },
            kind: DocKind::Article,
            title: Some("Given title".into()),
            published: None,
            author: None,
            dateline: None,
            credit: None,
            language: Some("en".into()),
            text: "A bomb exploded in a crowded market in the city centre on Thursday morning.\n\n\
                   Police said the attackers fled on motorcycles before the security forces arrived."
                .into(),
            removed: vec![
                sightline_core::Removed { text: "Home World".into(), reason: RemovalReason::Navigation },
                sightline_core::Removed { text: "Market blast".into(), reason: RemovalReason::Title },
            ],
            parent: None,
        };
        check(html, GivenMeta { title: Some("Given title".into()), ..GivenMeta::default() }, &expected);
    }

    #[test]
    fn reads_dateline_and_credit_from_the_body() {
        let html = "<article><h1>Blast</h1><p>KABUL – A bomb exploded in a crowded market in the city \
            centre on Thursday morning, police said.</p><p>The attackers fled on motorcycles before the \
            security forces arrived at the scene.</p><p>(Source: The Associated Press)</p></article>";
        let page = RawPage {
            source: Source::default(),
            kind: ContentKind::Html,
            content: html.to_string(),
            given: GivenMeta::default(),
        };
        let document = clean_html(&page, &CleanConfig::default());
        assert_eq!(document.dateline.as_deref(), Some("Kabul"));
        assert_eq!(document.credit.as_deref(), Some("The Associated Press"));
        assert!(document.text.starts_with("KABUL – A bomb"), "the dateline stays in the text");
        assert!(!document.text.contains("Source:"), "{}", document.text);
        let last = document.removed.last().map(|removed| removed.reason);
        assert_eq!(last, Some(RemovalReason::Credit));
    }

    #[test]
    fn given_metadata_wins_and_removed_stays_bounded() {
        let links: String =
            (0..1_000).map(|i| format!("<li><a href=/{i}>{}</a></li>", "menu ".repeat(200))).collect();
        let html = format!(
            "<meta name=author content='Page Author'><meta property='article:published_time' content='2020-01-02'>\
             <ul>{links}</ul><p>A bomb exploded in a crowded market in the city centre on Thursday morning.</p>"
        );
        let published = chrono::NaiveDate::from_ymd_opt(2021, 3, 4);
        let given = GivenMeta { author: Some("Given Author".into()), published, ..GivenMeta::default() };
        let page = RawPage { source: Source::default(), kind: ContentKind::Html, content: html, given };
        let document = clean_html(&page, &CleanConfig::default());
        assert_eq!(document.author.as_deref(), Some("Given Author"));
        assert_eq!(document.published, published);
        assert_eq!(
            document.text,
            "A bomb exploded in a crowded market in the city centre on Thursday morning."
        );
        assert_eq!(document.removed.len(), 300);
        assert!(document.removed.iter().all(|removed| removed.text.chars().count() <= 401));
    }

    #[test]
    fn survives_hostile_input() {
        let deep = format!("{}x{}", "<div>".repeat(200_000), "</div>".repeat(200_000));
        // Metadata checks each matching element; nested ones must not make that quadratic.
        let nested_bylines =
            format!("{}{}", "<div class=byline itemprop=author>".repeat(200_000), "a".repeat(100));
        for html in ["", "\u{0}\u{fffd}<<>", "<html><body><p>cut", deep.as_str(), nested_bylines.as_str()] {
            let page = RawPage {
                source: Source::default(),
                kind: ContentKind::Html,
                content: html.to_string(),
                given: GivenMeta::default(),
            };
            let document = clean_html(&page, &CleanConfig::default());
            assert!(document.removed.len() <= 300);
        }
    }
}
