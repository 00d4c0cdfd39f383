//! All-capitals text, and the sentence-cased view the line model judges it by.
//!
//! Telex-era wire copy and some agency feeds are written entirely in capitals. Case is one of
//! the strongest signals the line model has (a headline or menu entry is Title Cased, prose
//! is not), so on such a page every line would look like a headline. Sentence-casing a copy
//! of the page (lower case, a capital after each sentence end) gives the model prose that
//! looks like prose; the document's text is still the page as written.

/// True when nearly every cased letter of `content` is upper case, over enough letters to
/// tell (a short page of acronyms is not shouting).
pub(crate) fn is_all_capitals(content: &str) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for ch in content.chars() {
        if ch.is_uppercase() {
            upper += 1;
        } else if ch.is_lowercase() {
            lower += 1;
        }
    }
    upper + lower >= 200 && upper >= (upper + lower) * 9 / 10
}

/// `content` in lower case with a capital at the start of each line and after each sentence
/// end (`.`, `!` or `?` followed by whitespace). Line breaks stay where they are.
pub(crate) fn sentence_case(content: &str) -> String {
    let mut cased = String::with_capacity(content.len());
    let mut capitalise_next = true;
    let mut after_sentence_end = false;
    for ch in content.chars() {
        if ch == '\n' {
            capitalise_next = true;
            after_sentence_end = false;
            cased.push(ch);
            continue;
        }
        if ch.is_alphabetic() {
            if capitalise_next {
                cased.extend(ch.to_uppercase());
            } else {
                cased.extend(ch.to_lowercase());
            }
            capitalise_next = false;
            after_sentence_end = false;
            continue;
        }
        if ch.is_whitespace() && after_sentence_end {
            capitalise_next = true;
        }
        after_sentence_end = matches!(ch, '.' | '!' | '?');
        cased.push(ch);
    }
    cased
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(sentence_case(input), expected);
    }

    #[test]
    fn sentence_cases_capitals() {
        check(
            "THE ARMY DENIED IT. GUERRILLAS ATTACKED.\nA SECOND LINE",
            "The army denied it. Guerrillas attacked.\nA second line",
        );
        // An abbreviation's period reads as a sentence end; harmless in a view only the model sees.
        check("U.S. TROOPS LEFT", "U.s. Troops left");
        check("", "");
    }

    #[test]
    fn only_shouting_pages_count() {
        assert!(is_all_capitals(&"THE ARMY DENIED TODAY THAT GUERRILLAS ATTACKED. ".repeat(10)));
        assert!(!is_all_capitals(&"The army denied today that guerrillas attacked. ".repeat(10)));
        assert!(!is_all_capitals("NATO AND THE UN"));
    }
}
