//! Title, publication date, author, canonical URL and language from a page's markup.
//!
//! Publishers state these for search engines and social networks in machine-readable form
//! (Open Graph `<meta property="og:...">`, `article:published_time`, schema.org JSON-LD and
//! microdata, `<link rel=canonical>`, `<html lang>`), and those statements are more reliable
//! than anything guessed from the visible text, so they come first; visible fallbacks (the first
//! `<h1>`, the `<title>` without its " | Site" suffix, a `<time datetime>`, a byline element)
//! come after. One walk over the elements collects every candidate; the choice between them is
//! a fixed order of preference.

use chrono::NaiveDate;
use serde_json::Value;

/// Bytes of text a byline, author link or date element may hold before it is not metadata.
const METADATA_TEXT_BYTES: usize = 400;
/// Nodes such an element may span: a byline is a name in a link or two, not a subtree.
const METADATA_TEXT_NODES: usize = 64;

use super::dom::{AttrName, Dom, NodeId, Tag};
use super::score::collapse;

/// JSON-LD blocks larger than this are not parsed: article metadata is a few kilobytes, and a
/// multi-megabyte blob is a data dump that would only cost time.
const MAX_JSON_LD_BYTES: usize = 256 * 1024;

/// What the markup says about the article.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct PageMeta {
    pub(crate) title: Option<String>,
    /// The `<title>` element with a trailing site name removed, kept apart so that the first
    /// `<h1>` of the body can come before it.
    pub(crate) document_title: Option<String>,
    pub(crate) published: Option<NaiveDate>,
    pub(crate) author: Option<String>,
    pub(crate) canonical_url: Option<String>,
    pub(crate) language: Option<String>,
}

/// Candidates in order of preference; the first non-empty one wins.
#[derive(Default)]
struct Candidates {
    og_title: Option<String>,
    twitter_title: Option<String>,
    json_ld_title: Option<String>,
    title_element: Option<String>,
    published_meta: Option<String>,
    json_ld_published: Option<String>,
    itemprop_published: Option<String>,
    time_datetime: Option<String>,
    meta_author: Option<String>,
    json_ld_author: Option<String>,
    link_author: Option<String>,
    byline_author: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    site_name: Option<String>,
    lang: Option<String>,
}

fn set(slot: &mut Option<String>, value: &str) {
    let value = collapse(value);
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value);
    }
}

/// `<meta name=...>` and `<meta property=...>` keys that state the publication date.
const PUBLISHED_META_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "cxenseparse:recs:publishtime",
];

/// Collects the metadata of a parsed page.
pub(crate) fn read_metadata(dom: &Dom) -> PageMeta {
    let mut found = Candidates::default();
    let mut walk = dom.descendants(Dom::ROOT);
    while let Some(id) = walk.next() {
        let Some(tag) = dom.tag(id) else { continue };
        match tag {
            Tag::Html => {
                if let Some(lang) = dom.attr(id, AttrName::Lang) {
                    set(&mut found.lang, lang);
                }
            }
            Tag::Meta => read_meta(dom, id, &mut found),
            Tag::Link => {
                let rel = dom.attr(id, AttrName::Rel).unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|word| word == "canonical") {
                    set(&mut found.canonical, dom.attr(id, AttrName::Href).unwrap_or(""));
                }
            }
            Tag::Title if found.title_element.is_none() => {
                set(&mut found.title_element, &dom.text_content(id))
            }
            Tag::Script => {
                let is_json_ld = dom
                    .attr(id, AttrName::Type)
                    .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/ld+json"));
                if is_json_ld {
                    read_json_ld(&dom.text_content(id), &mut found);
                }
                walk.skip_subtree(id);
            }
            Tag::Time => {
                if let Some(datetime) = dom.attr(id, AttrName::Datetime) {
                    set(&mut found.time_datetime, datetime);
                }
            }
            Tag::A => {
                let rel = dom.attr(id, AttrName::Rel).unwrap_or("");
                if rel.split_whitespace().any(|word| word.eq_ignore_ascii_case("author")) {
                    if let Some(text) = dom.short_text_content(id, METADATA_TEXT_BYTES, METADATA_TEXT_NODES) {
                        set(&mut found.link_author, &text);
                    }
                }
            }
            _ => {}
        }
        if let Some(itemprop) = dom.attr(id, AttrName::Itemprop) {
            read_itemprop(dom, id, itemprop, &mut found);
        }
        if found.byline_author.is_none() {
            if let Some(class) = dom.attr(id, AttrName::Class) {
                let class = class.to_ascii_lowercase();
                if class.contains("byline")
                    || class.split_whitespace().any(|word| word == "author" || word == "author-name")
                {
                    let text = dom.short_text_content(id, METADATA_TEXT_BYTES, METADATA_TEXT_NODES);
                    if let Some(text) =
                        text.map(|text| collapse(&text)).filter(|text| text.chars().count() <= 80)
                    {
                        set(&mut found.byline_author, strip_by(&text));
                    }
                }
            }
        }
    }
    choose(found)
}

fn read_meta(dom: &Dom, id: NodeId, found: &mut Candidates) {
    let key = dom
        .attr(id, AttrName::Property)
        .or_else(|| dom.attr(id, AttrName::Name))
        .or_else(|| dom.attr(id, AttrName::Itemprop));
    let (Some(key), Some(content)) = (key, dom.attr(id, AttrName::Content)) else { return };
    let key = key.trim().to_ascii_lowercase();
    match key.as_str() {
        "og:title" => set(&mut found.og_title, content),
        "twitter:title" => set(&mut found.twitter_title, content),
        "og:url" => set(&mut found.og_url, content),
        "og:site_name" | "application-name" => set(&mut found.site_name, content),
        // Facebook profile URLs in `article:author` name no one readable.
        "author" | "article:author" | "dc.creator" | "parsely-author" | "sailthru.author" | "byl"
            if !content.trim_start().starts_with("http") =>
        {
            set(&mut found.meta_author, strip_by(content))
        }
        _ if PUBLISHED_META_KEYS.contains(&key.as_str()) => set(&mut found.published_meta, content),
        _ => {}
    }
}

fn read_itemprop(dom: &Dom, id: NodeId, itemprop: &str, found: &mut Candidates) {
    for prop in itemprop.split_whitespace() {
        match prop {
            "datePublished" => {
                let value = dom.attr(id, AttrName::Content).or_else(|| dom.attr(id, AttrName::Datetime));
                match value {
                    Some(value) => set(&mut found.itemprop_published, value),
                    None => {
                        if let Some(text) =
                            dom.short_text_content(id, METADATA_TEXT_BYTES, METADATA_TEXT_NODES)
                        {
                            set(&mut found.itemprop_published, &text);
                        }
                    }
                }
            }
            "author" if dom.tag(id) != Some(Tag::Meta) => {
                let text = dom.short_text_content(id, METADATA_TEXT_BYTES, METADATA_TEXT_NODES);
                if let Some(text) = text.map(|text| collapse(&text)).filter(|text| text.chars().count() <= 80)
                {
                    set(&mut found.byline_author, strip_by(&text));
                }
            }
            _ => {}
        }
    }
}

/// Reads `headline`, `datePublished` and `author` from a JSON-LD block, looking through
/// `@graph` arrays and nested objects without recursion.
fn read_json_ld(source: &str, found: &mut Candidates) {
    if source.len() > MAX_JSON_LD_BYTES {
        return;
    }
    // serde_json recurses while parsing and refuses input nested more than 128 deep, so a
    // hostile block fails here instead of overflowing the stack.
    let Ok(value) = serde_json::from_str::<Value>(source.trim()) else { return };
    let mut stack = vec![&value];
    let mut visited = 0;
    while let Some(value) = stack.pop() {
        visited += 1;
        if visited > 10_000 {
            break;
        }
        match value {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                if let Some(Value::String(headline)) = map.get("headline") {
                    set(&mut found.json_ld_title, headline);
                }
                if let Some(Value::String(date)) = map.get("datePublished") {
                    set(&mut found.json_ld_published, date);
                }
                if let Some(author) = map.get("author") {
                    if let Some(name) = json_ld_name(author) {
                        set(&mut found.json_ld_author, &name);
                    }
                }
                for key in ["@graph", "mainEntity", "mainEntityOfPage"] {
                    if let Some(inner) = map.get(key) {
                        stack.push(inner);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The name of a JSON-LD author: a string, an object with `name`, or a list of either.
fn json_ld_name(author: &Value) -> Option<String> {
    match author {
        Value::String(name) => Some(name.clone()),
        Value::Object(map) => map.get("name").and_then(Value::as_str).map(str::to_string),
        Value::Array(items) => {
            let names: Vec<String> = items
                .iter()
                .filter_map(|item| match item {
                    Value::String(name) => Some(name.clone()),
                    Value::Object(map) => map.get("name").and_then(Value::as_str).map(str::to_string),
                    _ => None,
                })
                .collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// Removes a leading "By " from a byline.
fn strip_by(text: &str) -> &str {
    let trimmed = text.trim();
    match trimmed.get(..3) {
        Some(opening) if opening.eq_ignore_ascii_case("by ") => trimmed.get(3..).unwrap_or("").trim(),
        _ => trimmed,
    }
}

fn choose(found: Candidates) -> PageMeta {
    let document_title =
        found.title_element.as_deref().map(strip_site_name).filter(|title| !title.is_empty());
    let site_name = found.site_name.as_deref();
    let title = found
        .og_title
        .or(found.twitter_title)
        .or(found.json_ld_title)
        .map(|title| strip_named_site(&title, site_name))
        .filter(|title| !title.is_empty());
    let published =
        [&found.published_meta, &found.json_ld_published, &found.itemprop_published, &found.time_datetime]
            .into_iter()
            .flatten()
            .find_map(|text| parse_date(text));
    let author = found
        .meta_author
        .or(found.json_ld_author)
        .or(found.link_author)
        .or(found.byline_author)
        .map(|author| strip_by(&author).to_string())
        .filter(|author| !author.is_empty());
    let canonical_url = found.canonical.or(found.og_url).filter(|url| url.starts_with("http"));
    let language = found.lang.as_deref().and_then(language_code);
    PageMeta { title, document_title, published, author, canonical_url, language }
}

/// Removes the site's own name (`og:site_name`) from either end of a metadata title, where
/// many sites repeat it ("Headline - Site"); unlike [`strip_site_name`] this needs no guess
/// about which part is the name.
fn strip_named_site(title: &str, site_name: Option<&str>) -> String {
    let title = collapse(title);
    let Some(site) = site_name.map(collapse).filter(|site| !site.is_empty()) else { return title };
    let lower_title = title.to_lowercase();
    let lower_site = site.to_lowercase();
    if lower_title.len() != title.len() || lower_site.len() != site.len() || lower_title == lower_site {
        // Lowercasing changed byte lengths, so offsets would not line up; keep the title.
        return title;
    }
    for separator in [" | ", " - ", " – ", " — ", " :: ", " · ", ": "] {
        let suffix = format!("{separator}{lower_site}");
        if lower_title.ends_with(&suffix) {
            return title.get(..title.len() - suffix.len()).unwrap_or(&title).to_string();
        }
        let prefix = format!("{lower_site}{separator}");
        if lower_title.starts_with(&prefix) {
            return title.get(prefix.len()..).unwrap_or(&title).to_string();
        }
    }
    title
}

/// Removes a trailing " | Site", " - Site" or " — Site" from a `<title>`: sites append their
/// name after the headline with one of these separators. Only the last separator counts, and
/// only when what follows is short, so a headline with a dash in it survives.
pub(crate) fn strip_site_name(title: &str) -> String {
    let title = collapse(title);
    for separator in [" | ", " - ", " – ", " — ", " :: ", " « ", " » "] {
        if let Some(cut) = title.rfind(separator) {
            let (head, tail) =
                (title.get(..cut).unwrap_or(""), title.get(cut + separator.len()..).unwrap_or(""));
            if !head.is_empty() && tail.chars().count() <= 40 && head.chars().count() >= tail.chars().count()
            {
                return head.to_string();
            }
        }
    }
    title
}

/// Reads a date from the start of an ISO 8601 timestamp ("2019-11-20T10:00:00Z"), a slashed
/// date ("2019/11/20"), a compact one ("20191120") or an RFC 2822 one ("Wed, 20 Nov 2019").
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Some(head) = text.get(..10) {
        for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"] {
            if let Ok(date) = NaiveDate::parse_from_str(head, format) {
                return Some(date);
            }
        }
    }
    if let Some(head) = text.get(..8) {
        if head.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(date) = NaiveDate::parse_from_str(head, "%Y%m%d") {
                return Some(date);
            }
        }
    }
    chrono::DateTime::parse_from_rfc2822(text).ok().map(|datetime| datetime.date_naive())
}

/// The ISO 639-1 code of a `lang` attribute value ("en-US" → "en"), or `None` when it is not a
/// language tag.
pub(crate) fn language_code(lang: &str) -> Option<String> {
    let primary = lang.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let valid = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    valid.then_some(primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, expected: PageMeta) {
        assert_eq!(read_metadata(&Dom::parse(html)), expected, "{html}");
    }

    #[test]
    fn prefers_machine_readable_metadata() {
        check(
            r#"<html lang="en-GB"><head><title>Blast in Kabul | Example News</title>
               <meta property="og:title" content="Blast in Kabul kills 12">
               <meta property="article:published_time" content="2021-08-26T10:00:00Z">
               <meta name="author" content="Jane Doe">
               <link rel="canonical" href="https://example.com/blast"></head>
               <body><time datetime="2020-01-01">old</time></body></html>"#,
            PageMeta {
                title: Some("Blast in Kabul kills 12".into()),
                document_title: Some("Blast in Kabul".into()),
                published: NaiveDate::from_ymd_opt(2021, 8, 26),
                author: Some("Jane Doe".into()),
                canonical_url: Some("https://example.com/blast".into()),
                language: Some("en".into()),
            },
        );
    }

    #[test]
    fn removes_the_site_name_from_titles() {
        check(
            r#"<meta property="og:site_name" content="News Nation"><meta name="author" content="By AP Writer">
               <meta property="og:title" content="Fact check: is it true? - News Nation">"#,
            PageMeta {
                title: Some("Fact check: is it true?".into()),
                author: Some("AP Writer".into()),
                ..PageMeta::default()
            },
        );
    }

    #[test]
    fn reads_json_ld_and_visible_fallbacks() {
        check(
            r#"<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"Attack",
               "datePublished":"2019-11-20","author":[{"name":"A. Writer"}]}]}</script>
               <title>Attack - a long headline that is not a site name at all - Site</title>"#,
            PageMeta {
                title: Some("Attack".into()),
                document_title: Some("Attack - a long headline that is not a site name at all".into()),
                published: NaiveDate::from_ymd_opt(2019, 11, 20),
                author: Some("A. Writer".into()),
                ..PageMeta::default()
            },
        );
        check(
            r#"<div class="byline">By Sam Roe</div><time datetime="Wed, 20 Nov 2019 10:00:00 +0000">x</time>
               <script type="application/ld+json">{not json</script>"#,
            PageMeta {
                published: NaiveDate::from_ymd_opt(2019, 11, 20),
                author: Some("Sam Roe".into()),
                ..PageMeta::default()
            },
        );
    }
}
