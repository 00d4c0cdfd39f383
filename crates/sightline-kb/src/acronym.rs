//! Acronyms a text defines for itself: "Islamic State Khorasan Province (IS-KP)",
//! "US Central Command (CENTCOM)". A document learns the alias and resolves later mentions.
//!
//! The long form is found with the Schwartz–Hearst rule (2003): read the acronym's letters right
//! to left and find each in the words before the parenthesis, the first letter at the start of a
//! word; the shortest such stretch is the long form. It accepts letters taken from inside words
//! ("CENTCOM" from "Central Command") but rejects parentheses that are not acronyms of what
//! precedes them ("the city (AP)").

/// An acronym defined in a text, with both byte spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcronymDefinition {
    /// Byte span of the long form ("Islamic State Khorasan Province").
    pub long: (usize, usize),
    /// Byte span of the acronym inside the parentheses ("IS-KP").
    pub short: (usize, usize),
}

/// Finds "Long Form (ACRONYM)" definitions in `text`.
pub fn find_defined_acronyms(text: &str) -> Vec<AcronymDefinition> {
    let mut definitions = Vec::new();
    let mut search_from = 0;
    while let Some(open_offset) = text[search_from..].find('(') {
        let open = search_from + open_offset;
        search_from = open + 1;
        // An acronym is short: look for its closing parenthesis nearby only, which keeps a text
        // full of unclosed parentheses linear.
        let mut window_end = (open + 1 + 48).min(text.len());
        while !text.is_char_boundary(window_end) {
            window_end -= 1;
        }
        let Some(close_offset) = text[open + 1..window_end].find(')') else { continue };
        let close = open + 1 + close_offset;
        let short = &text[open + 1..close];
        if !looks_like_acronym(short) {
            continue;
        }
        let before = text[..open].trim_end();
        if let Some(long_start) = long_form_start(before, short) {
            let short_start = open + 1 + (short.len() - short.trim_start().len());
            let short_end = open + 1 + short.trim_end().len();
            definitions.push(AcronymDefinition {
                long: (long_start, before.len()),
                short: (short_start, short_end),
            });
        }
    }
    definitions
}

/// Two to ten characters, no spaces, at least two capitals, starting with a letter.
fn looks_like_acronym(text: &str) -> bool {
    let text = text.trim();
    let n_chars = text.chars().count();
    (2..=10).contains(&n_chars)
        && text.chars().next().is_some_and(char::is_alphabetic)
        && text.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '&' | '.'))
        && text.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// The byte where the long form of `acronym` starts at the end of `before`, if there is one.
fn long_form_start(before: &str, acronym: &str) -> Option<usize> {
    let letters: Vec<char> =
        acronym.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    // Schwartz–Hearst look at most min(|A| + 5, 2|A|) words back.
    let max_words = (letters.len() + 5).min(2 * letters.len());
    let mut window_start = before.len();
    let mut n_words = 0;
    for (idx, c) in before.char_indices().rev() {
        if matches!(c, '.' | ';' | ':' | '(' | ')' | '\n' | '"' | '“' | '”')
            && idx + c.len_utf8() < before.len()
        {
            break;
        }
        let prev_is_space = !matches!(before[..idx].chars().next_back(), Some(p) if !p.is_whitespace());
        if !c.is_whitespace() && prev_is_space {
            n_words += 1;
            window_start = idx;
            if n_words >= max_words {
                break;
            }
        }
    }
    let window: Vec<(usize, char)> =
        before[window_start..].char_indices().map(|(i, c)| (window_start + i, c)).collect();
    let mut position = window.len();
    for (letter_idx, letter) in letters.iter().enumerate().rev() {
        loop {
            if position == 0 {
                return None;
            }
            position -= 1;
            let (_, c) = window[position];
            let at_word_start = position == 0 || !window[position - 1].1.is_alphanumeric();
            if c.to_lowercase().eq(std::iter::once(*letter)) && (letter_idx > 0 || at_word_start) {
                break;
            }
        }
    }
    let mut start = window[position].0;
    // A determiner is not part of a name: "the Islamic State (IS)".
    for determiner in ["the ", "The "] {
        if before[start..].starts_with(determiner) {
            start += determiner.len();
        }
    }
    let long = &before[start..];
    // The long form must be longer than the acronym itself and start with a capital or digit.
    (long.len() > acronym.len()
        && long.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
    .then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[(&str, &str)]) {
        let found: Vec<(&str, &str)> = find_defined_acronyms(text)
            .iter()
            .map(|d| (&text[d.long.0..d.long.1], &text[d.short.0..d.short.1]))
            .collect();
        assert_eq!(found, expected, "text {text:?}");
    }

    #[test]
    fn definitions() {
        check(
            "attacks by Islamic State Khorasan Province (IS-KP) in Kabul",
            &[("Islamic State Khorasan Province", "IS-KP")],
        );
        check(
            "the Islamic State Khorasan Province (ISKP) claimed",
            &[("Islamic State Khorasan Province", "ISKP")],
        );
        check("Gen. Kurilla of US Central Command (CENTCOM) said", &[("Central Command", "CENTCOM")]);
        check("the Tehrik-i-Taliban Pakistan (TTP) said", &[("Tehrik-i-Taliban Pakistan", "TTP")]);
        check("the Federal Bureau of Investigation (FBI).", &[("Federal Bureau of Investigation", "FBI")]);
        check(
            "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)",
            &[("Jama'at Nusrat al-Islam wal-Muslimin", "JNIM")],
        );
    }

    #[test]
    fn non_definitions() {
        check("a bomb went off in the city (AP) on Monday", &[]);
        check("he said (in Pashto) that", &[]);
        check("twenty people (20)", &[]);
        check("unclosed (ISKP", &[]);
        check("Moscow (Reuters) -", &[]);
    }
}
