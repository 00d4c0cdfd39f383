//! Per-line features for the boilerplate classifier.
//!
//! Each line becomes a fixed vector of numbers that describe its shape (length, sentence-final
//! punctuation, share of function words, capitalisation), its stock phrases (see `patterns`),
//! its neighbours, and where it sits relative to the page's densest run of prose. The shape
//! features are language-agnostic proxies where possible (punctuation, length, digits), because
//! the pages come in many languages; function words cover the major European languages, which
//! is where most of the prose-versus-menu signal lies for them.
//!
//! Why neighbours and position matter: an article is one contiguous run of long, punctuated
//! lines, and the short lines inside that run (subheadings, list items) belong to it, while the
//! same short lines in a menu do not. A line's own shape cannot tell the two apart; its
//! surroundings can.

use std::collections::HashMap;

use crate::text::lines::{is_unspaced_script, Line};
use crate::text::patterns::{match_pattern, Pattern};

/// Names of the features, in vector order; the model file refers to features by these names.
pub(crate) const FEATURE_NAMES: [&str; N_FEATURES] = [
    "log_words",
    "words_0_3",
    "words_4_9",
    "words_10_24",
    "words_25_up",
    "ends_sentence",
    "ends_colon",
    "function_word_share",
    "capitalised_share",
    "digit_share",
    "inner_punctuation",
    "separator",
    "unspaced_script",
    "starts_quote_or_dash",
    "all_caps",
    "url_or_handle",
    "date_like",
    "repeated_on_page",
    "in_page_title",
    "first_line",
    "blank_before",
    "blank_after",
    "pattern_comment_form",
    "pattern_related_heading",
    "pattern_copyright",
    "pattern_caption",
    "pattern_credit",
    "pattern_breadcrumb",
    "pattern_social",
    "pattern_advertisement",
    "prev_log_words",
    "next_log_words",
    "prev_ends_sentence",
    "next_ends_sentence",
    "window_long_share",
    "window_function_word_share",
    "relative_position",
    "in_dense_run",
    "before_dense_run",
    "after_dense_run",
    "log_distance_to_dense_run",
    "after_comment_form",
    "after_related_heading",
    "site_words",
    "after_headline",
    "log_distance_from_headline",
    "ends_ellipsis",
    "leading_capitalised_run",
    "thread_marker",
    "after_thread_marker",
];

/// Length of a feature vector.
pub(crate) const N_FEATURES: usize = 50;

/// Longest first line still read as the page's `<title>`.
pub(crate) const MAX_PAGE_TITLE_BYTES: usize = 400;

/// One line's features.
pub(crate) type Features = [f32; N_FEATURES];

/// What the classifier and the metadata rules both need to know about one line.
#[derive(Debug, Clone)]
pub(crate) struct LineShape {
    /// Words as [`Line::words`] counts them.
    pub words: f32,
    /// Ends with a sentence-final mark (after any closing quote or bracket).
    pub ends_sentence: bool,
    /// Share of word tokens that are function words of a major language.
    pub function_word_share: f32,
    /// The stock phrase the line matches.
    pub pattern: Option<Pattern>,
}

/// Function words (articles, pronouns, prepositions, conjunctions, auxiliaries) of English,
/// Spanish, French, German, Portuguese, Italian, Dutch and Russian: the words that make up a
/// third to a half of running prose in these languages and almost none of a menu or a headline
/// list. Compiled from general knowledge of each language's commonest words; sorted for binary
/// search.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "al", "als", "also", "am", "an", "and", "are", "as", "at", "auf", "aus", "be",
    "been", "bei", "but", "by", "can", "ce", "che", "como", "could", "da", "dans", "das", "de", "dei", "del",
    "della", "dem", "den", "der", "des", "det", "di", "did", "die", "do", "does", "du", "e", "een", "ein",
    "eine", "einer", "el", "em", "en", "er", "es", "est", "et", "for", "from", "had", "has", "have", "he",
    "her", "het", "his", "i", "il", "im", "in", "into", "is", "ist", "it", "its", "je", "la", "las", "le",
    "les", "lo", "los", "mais", "mit", "na", "nach", "nicht", "no", "não", "o", "of", "on", "or", "os", "ou",
    "our", "par", "para", "pas", "per", "pero", "por", "pour", "qu", "que", "qui", "se", "she", "sich",
    "sie", "so", "son", "su", "sur", "than", "that", "the", "their", "them", "there", "these", "they",
    "this", "those", "to", "um", "un", "una", "und", "une", "uno", "van", "von", "was", "we", "were", "what",
    "when", "which", "who", "will", "with", "would", "y", "you", "zu", "à", "é", "в", "и", "к", "на", "не",
    "но", "о", "по", "с", "что", "это",
];

fn is_function_word(word_lowercase: &str) -> bool {
    FUNCTION_WORDS.binary_search(&word_lowercase).is_ok()
}

/// Words that talk about the website rather than the world (accounts, cookies, legal terms,
/// subscriptions), in English and the major European languages, lowercase, sorted. Prose
/// about events rarely uses them; disclaimers, sign-up boxes and footers are made of them.
const SITE_WORDS: &[&str] = &[
    "account",
    "advertise",
    "app",
    "browser",
    "click",
    "comment",
    "comments",
    "contact",
    "cookie",
    "cookies",
    "copyright",
    "datenschutz",
    "disclaimer",
    "download",
    "email",
    "inc",
    "javascript",
    "login",
    "newsletter",
    "password",
    "policy",
    "privacidad",
    "privacy",
    "register",
    "registered",
    "reserved",
    "rights",
    "share",
    "sign",
    "site",
    "subscribe",
    "subscriber",
    "subscription",
    "terms",
    "trademark",
    "trademarks",
    "unsubscribe",
    "website",
];

fn is_site_word(word_lowercase: &str) -> bool {
    SITE_WORDS.binary_search(&word_lowercase).is_ok()
}

/// True for a line that is only a clock time ("11:42 pm", "at 08:12"), as comment threads and
/// live tickers print above each entry. (Relative stamps such as "2 days ago" were tried too:
/// they also head related-story lists and article updates, and cross-validation scored them
/// lower.)
fn is_thread_marker(text: &str, words: f32) -> bool {
    static MARKER: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let Some(marker) = MARKER
        .get_or_init(|| regex::Regex::new(r"(?i)^(at\s+)?\d{1,2}:\d{2}\s*([ap]\.?m\.?)?$").ok())
        .as_ref()
    else {
        return false;
    };
    words <= 8.0 && marker.is_match(text)
}

/// How many words a line opens with that start with a capital or a digit, up to ten: a
/// headline run into its teaser ("Tape Gaffe Ends Hamlin's Title Run Denny Hamlin's ...")
/// opens with a long one, a sentence with one or two.
fn leading_capitalised_run(text: &str) -> f32 {
    let run = text
        .split_whitespace()
        .take_while(|word| {
            word.chars().find(|c| c.is_alphanumeric()).is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .take(10)
        .count();
    run as f32 / 10.0
}

/// Month names and abbreviations of English and the major European languages, lowercase, for
/// spotting date lines ("April 2, 2024", "Nov. 19, 2019 8:03 am ET").
const MONTH_WORDS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "januar",
    "februar",
    "märz",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "janeiro",
    "fevereiro",
    "março",
    "maio",
    "junho",
    "julho",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];

/// True when the line reads as a bare date or date-and-time ("April 2, 2024", "2019-11-19").
pub(crate) fn is_date_like(text: &str, words: f32) -> bool {
    if words > 10.0 || !text.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let lower = text.to_lowercase();
    let tokens: Vec<&str> = lower
        .split_whitespace()
        .map(|token| token.trim_matches(|c: char| c.is_ascii_punctuation()))
        .collect();
    let has_month = tokens.iter().any(|token| MONTH_WORDS.contains(token));
    // A month name needs a day or a year beside it to make a date ("March of 2,000" is not).
    let has_day_or_year = tokens.iter().any(|token| {
        token.parse::<u32>().is_ok_and(|number| (1..=31).contains(&number) || (1900..=2100).contains(&number))
    });
    let numeric_date = lower.split_whitespace().any(|token| {
        let parts: Vec<&str> = token.split(['-', '/', '.']).filter(|part| !part.is_empty()).collect();
        parts.len() == 3 && parts.iter().all(|part| part.chars().all(|c| c.is_ascii_digit()))
    });
    (has_month && has_day_or_year) || numeric_date
}

/// True when the last meaningful char ends a sentence: ".", "!", "?", "…", or their CJK forms,
/// possibly followed by closing quotes or brackets.
pub(crate) fn ends_sentence(text: &str) -> bool {
    let last = text.chars().rev().find(|c| {
        !matches!(c, '"' | '\'' | '”' | '“' | '’' | '‘' | '»' | '«' | ')' | ']' | '」' | '』' | ' ')
    });
    matches!(last, Some('.' | '!' | '?' | '…' | '。' | '！' | '？' | '．'))
}

/// Computes the shape of one line.
pub(crate) fn line_shape(line: &Line<'_>) -> LineShape {
    let mut n_tokens = 0usize;
    let mut n_function = 0usize;
    for token in line.text.split(|c: char| !c.is_alphanumeric()).filter(|token| !token.is_empty()) {
        n_tokens += 1;
        if token.chars().count() <= 5 && is_function_word(&token.to_lowercase()) {
            n_function += 1;
        }
    }
    LineShape {
        words: line.words,
        ends_sentence: ends_sentence(line.text),
        function_word_share: if n_tokens == 0 { 0.0 } else { n_function as f32 / n_tokens as f32 },
        pattern: match_pattern(line.text, line.words),
    }
}

/// Scores a line for the densest-run search: long punctuated prose counts up, short lines
/// count down. The weights are round numbers chosen by hand, not fitted.
fn prose_score(shape: &LineShape) -> f32 {
    let prose = shape.words >= 10.0 && (shape.ends_sentence || shape.function_word_share >= 0.2);
    if prose {
        shape.words.min(80.0) / 10.0
    } else if shape.words < 5.0 {
        -0.5
    } else {
        -1.0
    }
}

/// The `[start, end)` run of lines with the greatest summed score (Kadane's algorithm), or
/// `None` when every score is negative or there are no lines.
pub(crate) fn densest_run(scores: &[f32]) -> Option<(usize, usize)> {
    let mut best: Option<(f32, usize, usize)> = None;
    let mut current_sum = 0.0f32;
    let mut current_start = 0usize;
    for (index, &score) in scores.iter().enumerate() {
        if current_sum <= 0.0 {
            current_sum = 0.0;
            current_start = index;
        }
        current_sum += score;
        if current_sum > 0.0 && best.is_none_or(|(best_sum, _, _)| current_sum > best_sum) {
            best = Some((current_sum, current_start, index + 1));
        }
    }
    best.map(|(_, start, end)| (start, end))
}

/// Where line `index` sits relative to the run `[start, end)`: one-hot before/in/after and the
/// log distance in lines.
pub(crate) fn position_relative_to(run: Option<(usize, usize)>, index: usize) -> [f32; 4] {
    match run {
        Some((start, _)) if index < start => [0.0, 1.0, 0.0, ((start - index) as f32).ln_1p()],
        Some((_, end)) if index >= end => [0.0, 0.0, 1.0, ((index + 1 - end) as f32).ln_1p()],
        Some(_) => [1.0, 0.0, 0.0, 0.0],
        None => [0.0, 0.0, 0.0, 0.0],
    }
}

fn mean(values: impl Iterator<Item = f32>) -> f32 {
    let (sum, count) = values.fold((0.0, 0usize), |(sum, count), value| (sum + value, count + 1));
    if count == 0 {
        0.0
    } else {
        sum / count as f32
    }
}

/// Computes every line's shape and feature vector.
pub(crate) fn page_features(lines: &[Line<'_>]) -> (Vec<LineShape>, Vec<Features>) {
    let shapes: Vec<LineShape> = lines.iter().map(line_shape).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for line in lines {
        *counts.entry(line.text).or_insert(0) += 1;
    }
    // A page's <title> is one short line; a long first line is prose, and comparing every
    // line against it would cost time quadratic in the page.
    let page_title =
        lines.first().map(|line| line.text).filter(|text| text.len() <= MAX_PAGE_TITLE_BYTES).unwrap_or("");
    let run = densest_run(&shapes.iter().map(prose_score).collect::<Vec<f32>>());
    let n_lines = lines.len();
    let log_words: Vec<f32> = shapes.iter().map(|shape| shape.words.ln_1p()).collect();
    let first_comment_form = shapes.iter().position(|shape| shape.pattern == Some(Pattern::CommentForm));
    let run_start = run.map_or(0, |(start, _)| start);
    let first_related_after_start = shapes
        .iter()
        .enumerate()
        .skip(run_start + 1)
        .find(|(_, shape)| shape.pattern == Some(Pattern::RelatedHeading))
        .map(|(index, _)| index);

    // The headline usually repeats the page's <title> (its first line) just above the body.
    let headline = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, line)| line.words >= 3.0 && page_title.contains(line.text))
        .map(|(index, _)| index);
    let first_thread_marker = lines
        .iter()
        .enumerate()
        .skip(run_start + 1)
        .find(|(_, line)| is_thread_marker(line.text, line.words))
        .map(|(index, _)| index);
    let mut all_features = Vec::with_capacity(n_lines);
    for (index, (line, shape)) in lines.iter().zip(&shapes).enumerate() {
        let text = line.text;
        let n_chars = text.chars().count().max(1) as f32;
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        let tokens: Vec<&str> = text.split_whitespace().collect();
        let alphabetic_tokens: Vec<&&str> =
            tokens.iter().filter(|token| token.chars().next().is_some_and(char::is_alphabetic)).collect();
        let capitalised = alphabetic_tokens
            .iter()
            .filter(|token| token.chars().next().is_some_and(char::is_uppercase))
            .count();
        let capitalised_share = if alphabetic_tokens.is_empty() {
            0.0
        } else {
            capitalised as f32 / alphabetic_tokens.len() as f32
        };
        let digits = text.chars().filter(char::is_ascii_digit).count() as f32;
        let inner_punctuation = text.chars().filter(|c| matches!(c, ',' | ';' | '、' | '，')).count() as f32;
        let separator = text.contains(" | ")
            || text.contains(" / ")
            || text.contains('»')
            || text.contains('›')
            || text.contains('•');
        let unspaced = text.chars().filter(|&c| is_unspaced_script(c)).count() as f32 / n_chars;
        let starts_quote = text.starts_with(['"', '“', '„', '«', '‘', '-', '–', '—', '•', '*']);
        let all_caps = letters.len() >= 4 && letters.iter().all(|c| !c.is_lowercase());
        let url_or_handle = text.contains("http") || text.contains("www.") || text.contains('@');
        let in_page_title = index > 0 && page_title.contains(text);
        let window = index.saturating_sub(4)..(index + 5).min(n_lines);
        let window_long = mean(
            window.clone().filter(|&j| j != index).map(|j| f32::from(u8::from(shapes[j].words >= 12.0))),
        );
        let window_function = mean(window.filter(|&j| j != index).map(|j| shapes[j].function_word_share));
        let previous = index.checked_sub(2).map_or(0, |start| start)..index;
        let next = (index + 1)..(index + 3).min(n_lines);
        let pattern_is = |pattern: Pattern| f32::from(u8::from(shape.pattern == Some(pattern)));
        let after = |marker: Option<usize>| f32::from(u8::from(marker.is_some_and(|marker| index > marker)));
        let position = position_relative_to(run, index);
        let flag = |value: bool| f32::from(u8::from(value));
        let words = shape.words;
        let n_site_words = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|token| token.len() >= 3 && token.len() <= 13 && is_site_word(&token.to_lowercase()))
            .count() as f32;
        let (after_headline, distance_from_headline) = match headline {
            Some(headline) if index > headline => (1.0, ((index - headline) as f32).ln_1p()),
            _ => (0.0, 0.0),
        };

        let features: Features = [
            log_words[index],
            flag(words <= 3.0),
            flag((4.0..10.0).contains(&words)),
            flag((10.0..25.0).contains(&words)),
            flag(words >= 25.0),
            flag(shape.ends_sentence),
            flag(text.ends_with(':')),
            shape.function_word_share,
            capitalised_share,
            digits / n_chars,
            (inner_punctuation / words.max(1.0)).min(1.0),
            flag(separator),
            unspaced,
            flag(starts_quote),
            flag(all_caps),
            flag(url_or_handle),
            flag(is_date_like(text, words)),
            flag(counts.get(text).copied().unwrap_or(0) > 1),
            flag(in_page_title),
            flag(index == 0),
            flag(line.blank_before),
            flag(line.blank_after),
            pattern_is(Pattern::CommentForm),
            pattern_is(Pattern::RelatedHeading),
            pattern_is(Pattern::Copyright),
            pattern_is(Pattern::Caption),
            pattern_is(Pattern::Credit),
            pattern_is(Pattern::Breadcrumb),
            pattern_is(Pattern::Social),
            pattern_is(Pattern::Advertisement),
            mean(previous.clone().map(|j| log_words[j])),
            mean(next.clone().map(|j| log_words[j])),
            mean(previous.map(|j| flag(shapes[j].ends_sentence))),
            mean(next.map(|j| flag(shapes[j].ends_sentence))),
            window_long,
            window_function,
            index as f32 / n_lines.max(1) as f32,
            position[0],
            position[1],
            position[2],
            position[3],
            after(first_comment_form),
            after(first_related_after_start),
            (n_site_words / words.max(1.0).sqrt()).min(2.0),
            after_headline,
            distance_from_headline,
            flag(
                text.ends_with('…')
                    || text.ends_with("...")
                    || text.ends_with("[…]")
                    || text.ends_with("[...]"),
            ),
            leading_capitalised_run(text),
            flag(is_thread_marker(text, words)),
            after(first_thread_marker),
        ];
        all_features.push(features);
    }
    (shapes, all_features)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(scores: &[f32], expected: Option<(usize, usize)>) {
        assert_eq!(densest_run(scores), expected, "{scores:?}");
    }

    #[test]
    fn finds_the_densest_run() {
        check(&[], None);
        check(&[-1.0, -2.0], None);
        check(&[-1.0, 3.0, -0.5, 2.0, -5.0, 1.0], Some((1, 4)));
        check(&[2.0, -3.0, 2.0], Some((0, 1)));
    }

    #[test]
    fn function_words_are_sorted() {
        assert!(FUNCTION_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(SITE_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(FEATURE_NAMES.len(), N_FEATURES);
    }

    #[test]
    fn spots_dates_and_sentence_ends() {
        assert!(is_date_like("April 2, 2024", 3.0));
        assert!(is_date_like("Nov. 19, 2019 8:03 am ET", 7.0));
        assert!(!is_date_like("March of the 2,000 fighters", 5.0));
        assert!(ends_sentence("he said. “"));
        assert!(ends_sentence("“It is over.”"));
        assert!(!ends_sentence("Check Also"));
    }
}
