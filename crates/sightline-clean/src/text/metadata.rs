//! Metadata recovered from flattened text: headline, date line, byline, dateline, language.
//!
//! Flattened text has lost the markup that names these (`<h1>`, `<time>`, `rel=author`), so
//! they are recognised by how news pages write them: the headline is a short unpunctuated line
//! just before the body, often repeated in the page's `<title>` (the first line of a flattened
//! page) or at the end of a breadcrumb trail; the date and byline are short lines near it; a
//! dateline is an upper-case place name and a dash opening the first paragraph, which is left
//! in the text because it is part of the paragraph as written.

use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::text::features::{ends_sentence, is_date_like};

/// True when a line could be a headline: a few words, no sentence-final full stop, not a
/// date, not a label ending in a colon.
pub(crate) fn is_title_like(text: &str, words: f32) -> bool {
    (2.0..=30.0).contains(&words)
        && !text.ends_with(['.', ':', '…'])
        && !is_date_like(text, words)
        && (!ends_sentence(text) || words <= 20.0)
}

/// Parses a standalone date line ("April 2, 2024", "2 April 2024", "Nov. 19, 2019 8:03 am
/// ET", "2024-04-02", "Published: March 26, 2024") into a date.
pub(crate) fn parse_date_line(text: &str) -> Option<NaiveDate> {
    static DATE: OnceLock<Option<Regex>> = OnceLock::new();
    let pattern = DATE
        .get_or_init(|| {
            Regex::new(
                r"(?i)(?:(?P<month1>[a-z]{3,9})\.?\s+(?P<day1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year1>\d{4}))|(?:(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>[a-z]{3,9})\.?,?\s+(?P<year2>\d{4}))|(?:(?P<year3>\d{4})-(?P<month3>\d{1,2})-(?P<day3>\d{1,2}))",
            )
            .ok()
        })
        .as_ref()?;
    let captures = pattern.captures(text)?;
    let number = |name: &str| captures.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    if let (Some(year), Some(month), Some(day)) = (number("year3"), number("month3"), number("day3")) {
        return NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day);
    }
    let (month_name, day, year) = match (captures.name("month1"), captures.name("month2")) {
        (Some(month), _) => (month.as_str(), number("day1")?, number("year1")?),
        (_, Some(month)) => (month.as_str(), number("day2")?, number("year2")?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, english_month(month_name)?, day)
}

/// The month number of an English month name or abbreviation.
fn english_month(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = name.to_lowercase();
    let prefix = lower.get(..3)?;
    let number = MONTHS.iter().position(|month| *month == prefix)?;
    // "Mayor" or "Marching" start like months; a month word is the name or a short form.
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let full_name = full.get(number)?;
    (full_name.starts_with(&lower) || lower == "sept").then_some(number as u32 + 1)
}

/// The author named by a byline ("By Jane Doe", "By Jane Doe and John Roe | Reuters"), or
/// `None` when the line is not a byline.
pub(crate) fn byline_author(text: &str, words: f32) -> Option<String> {
    if words > 12.0 {
        return None;
    }
    let rest = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("BY "))
        .or_else(|| text.strip_prefix("By: "))?;
    let name = rest.split(['|', ',', '\u{2022}']).next()?.trim();
    let name_words: Vec<&str> = name.split_whitespace().collect();
    let looks_like_name = (1..=6).contains(&name_words.len())
        && name_words.iter().all(|word| {
            word.chars().next().is_some_and(|c| c.is_uppercase())
                || ["and", "de", "van", "von", "al"].contains(word)
        });
    looks_like_name.then(|| name.to_string())
}

/// A dateline opening a paragraph: the place as the paragraph writes it and, when the dateline
/// names one in parentheses, the news agency ("ACAN-EFE").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dateline {
    /// The place in readable case: "Washington, United Stated".
    pub place: String,
    /// The agency named in parentheses after the place, if any.
    pub agency: Option<String>,
}

/// Finds a dateline at the start of `paragraph`: an upper-case place name (optionally with a
/// region after a comma), an optional date and agency, then a dash. Agencies and papers
/// write datelines in capitals precisely so that they stand apart from the sentence.
pub(crate) fn find_dateline(paragraph: &str) -> Option<Dateline> {
    static DATELINE: OnceLock<Option<Regex>> = OnceLock::new();
    let pattern = DATELINE
        .get_or_init(|| {
            Regex::new(
                r"^(?P<place>\p{Lu}[\p{Lu}.'’ -]*\p{Lu}(?:,\s*\p{Lu}[\p{Lu}.'’ -]*\p{Lu})*)(?:,\s*\d{1,2}\s+\p{Lu}{3,}\.?(?:\s+\d{2,4})?)?\s*(?:\((?P<agency>[^)]{1,40})\))?\s*(?:–|—|--|-|―)\s",
            )
            .ok()
        })
        .as_ref()?;
    let captures = pattern.captures(paragraph)?;
    let place = captures.name("place")?.as_str().trim();
    // A dateline names a place in at most a few words; a longer capitalised run is a shouted
    // headline or an acronym-heavy sentence.
    if place.split_whitespace().count() > 5 || place.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    Some(Dateline {
        place: readable_case(place),
        agency: captures.name("agency").map(|agency| agency.as_str().trim().to_string()),
    })
}

/// "KABUL, AFGHANISTAN" → "Kabul, Afghanistan": each word capitalised, the rest
/// lowercase, separators kept.
pub(crate) fn readable_case(shouted: &str) -> String {
    let mut readable = String::with_capacity(shouted.len());
    let mut at_word_start = true;
    for ch in shouted.chars() {
        if ch.is_alphabetic() {
            if at_word_start {
                readable.push(ch);
            } else {
                readable.extend(ch.to_lowercase());
            }
            at_word_start = false;
        } else {
            readable.push(ch);
            // Spaces, hyphens, commas and full stops separate the words of a place name
            // ("SAN JOSE", "BADEN-BADEN", "ST.LOUIS"); after an apostrophe the word goes on.
            at_word_start = matches!(ch, ' ' | '-' | ',' | '.');
        }
    }
    readable
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<(&str, Option<&str>)>) {
        let actual = find_dateline(input);
        let actual = actual.as_ref().map(|dateline| (dateline.place.as_str(), dateline.agency.as_deref()));
        assert_eq!(actual, expected, "{input:?}");
    }

    #[test]
    fn finds_datelines() {
        check("WASHINGTON – The US said", Some(("Washington", None)));
        check("WASHINGTON, UNITED STATED – The US Department", Some(("Washington, United Stated", None)));
        check("KABUL – The First Vice President", Some(("Kabul", None)));
        check("GUATEMALA CITY, 4 FEB 90 (ACAN-EFE) -- The army", Some(("Guatemala City", Some("ACAN-EFE"))));
        check("BUENOS AIRES, 25 JAN (NA) -- [TEXT] THE GROUP", Some(("Buenos Aires", Some("NA"))));
        check("US officials – who spoke", None);
        check("The US – and its allies", None);
    }

    #[test]
    fn parses_date_lines() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_date_line("April 2, 2024"), date(2024, 4, 2));
        assert_eq!(parse_date_line("Nov. 19, 2019 8:03 am ET"), date(2019, 11, 19));
        assert_eq!(parse_date_line("Published 2 April 2024"), date(2024, 4, 2));
        assert_eq!(parse_date_line("2024-04-02"), date(2024, 4, 2));
        assert_eq!(parse_date_line("Mayor 2, 2024"), None);
        assert_eq!(parse_date_line("February 30, 2024"), None);
    }

    #[test]
    fn reads_bylines() {
        assert_eq!(byline_author("By Jane Doe | Reuters", 4.0), Some("Jane Doe".to_string()));
        assert_eq!(byline_author("By the time they arrived, it was over", 8.0), None);
    }
}
