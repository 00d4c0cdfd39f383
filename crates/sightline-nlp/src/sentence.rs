//! The sentence splitter: tokens in, sentences as token and byte ranges out.
//!
//! It works on tokens rather than on characters because the tokenizer has already decided which
//! periods belong to abbreviations ("Gen.", "U.S.", "No."): a sentence ends at a `.`, `!`, `?`
//! or ellipsis token, together with any closing quotes and brackets right after it, when the
//! next token could start a sentence. Rules, not a trained model, because news prose is regular
//! and a rule can be read and fixed:
//!
//! - A lowercase word or a comma after the punctuation means the sentence goes on ("“Why?” he
//!   asked"); anything else (a capital, a digit, an opening quote) starts a new one. Case is
//!   compared, never required, so ALL-CAPS wire text splits at every `.` before a word.
//! - A title ("Gen.", "Sen.") never ends a sentence, since a name follows it. Another
//!   abbreviation ("U.S.", "Inc.", an initial) ends one only when the next word is one that
//!   typically opens an English sentence ("The", "He", "In"), because "U.S. officials" and "the
//!   U.S. The army" both put a capital after the period.
//! - A blank line always ends a sentence: headlines, captions and paragraphs of flattened web
//!   text often carry no final punctuation. A single line break does not, because wire text
//!   wraps its lines.
//! - A dateline ("WASHINGTON –") has no final punctuation, so it stays with the sentence it
//!   opens.

use crate::token::{abbreviation_class, AbbreviationClass, Token, TokenKind};

/// One sentence: a range of tokens and the bytes from its first token's start to its last
/// token's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sentence {
    /// Index of the sentence's first token.
    pub token_start: usize,
    /// Index one past the sentence's last token.
    pub token_end: usize,
    /// Byte offset of the start of the sentence's first token.
    pub byte_start: usize,
    /// Byte offset of the end of the sentence's last token.
    pub byte_end: usize,
}

impl Sentence {
    /// The sentence's text in `source`, the string its tokens came from.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.byte_start..self.byte_end).unwrap_or("")
    }
}

/// Words that commonly open an English sentence, capitalised as they stand there: articles,
/// pronouns, conjunctions, prepositions and discourse adverbs. After an abbreviation that may
/// also end a sentence ("U.S.", "Inc."), one of these says a new sentence has begun; a name
/// ("U.S. Army") says it has not.
const SENTENCE_OPENERS: &[&str] = &[
    "A",
    "After",
    "Also",
    "An",
    "And",
    "As",
    "At",
    "But",
    "During",
    "For",
    "He",
    "Her",
    "His",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Last",
    "Meanwhile",
    "Many",
    "More",
    "Most",
    "No",
    "On",
    "One",
    "Our",
    "She",
    "Since",
    "Some",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Two",
    "We",
    "When",
    "While",
    "Yet",
    "According",
];

/// Splits the tokens of `text` (from [`crate::tokenize`] on the same text) into sentences.
///
/// Every token falls in exactly one sentence, in order; no sentence is empty.
///
/// ```
/// use sightline_nlp::{split_sentences, tokenize};
/// let text = "Gen. Michael E. Kurilla spoke in the U.S. on Monday. The army said 13 died.";
/// let sentences = split_sentences(text, &tokenize(text));
/// assert_eq!(sentences.len(), 2);
/// assert_eq!(sentences[1].text(text), "The army said 13 died.");
/// ```
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut index = 0;
    while index < tokens.len() {
        let mut end = index + 1;
        let split_after = match tokens[index].kind {
            TokenKind::Punctuation if is_terminal(tokens[index].text(text)) => {
                end = absorb_closers(text, tokens, end);
                starts_sentence(text, tokens.get(end))
            }
            TokenKind::Abbreviation => match abbreviation_class(tokens[index].text(text)) {
                Some(AbbreviationClass::Title) | None => false,
                Some(_) => {
                    end = absorb_closers(text, tokens, end);
                    opens_sentence_after_abbreviation(text, tokens.get(end))
                }
            },
            _ => false,
        };
        let blank_line_after = tokens.get(end).is_some_and(|next| {
            let gap = text.get(tokens[end - 1].byte_end..next.byte_start).unwrap_or("");
            has_blank_line(gap)
        });
        if split_after || blank_line_after {
            push(&mut sentences, tokens, start, end);
            start = end;
        }
        index = end;
    }
    push(&mut sentences, tokens, start, tokens.len());
    sentences
}

fn push(sentences: &mut Vec<Sentence>, tokens: &[Token], token_start: usize, token_end: usize) {
    let (Some(first), Some(last)) = (tokens.get(token_start), tokens.get(token_end.wrapping_sub(1))) else {
        return;
    };
    if token_start < token_end {
        sentences.push(Sentence {
            token_start,
            token_end,
            byte_start: first.byte_start,
            byte_end: last.byte_end,
        });
    }
}

fn is_terminal(punctuation: &str) -> bool {
    punctuation.starts_with(['.', '!', '?', '…'])
}

/// Two line breaks with only spaces between them.
fn has_blank_line(gap: &str) -> bool {
    let mut seen_newline = false;
    for ch in gap.chars() {
        if ch == '\n' {
            if seen_newline {
                return true;
            }
            seen_newline = true;
        } else if !ch.is_whitespace() {
            seen_newline = false;
        }
    }
    false
}

/// Moves past closing quotes and brackets that touch the token before them: `."` and `.)` end
/// with the sentence. A quote with a space before it opens the next sentence instead, which is
/// how straight quotes, the same character both ways, are told apart.
fn absorb_closers(text: &str, tokens: &[Token], mut end: usize) -> usize {
    while let (Some(previous), Some(next)) = (tokens.get(end.wrapping_sub(1)), tokens.get(end)) {
        let touches = next.byte_start == previous.byte_end;
        let closes = match next.kind {
            TokenKind::Quote => true,
            TokenKind::Punctuation => matches!(next.text(text), ")" | "]" | "}"),
            _ => false,
        };
        if !(touches && closes) {
            break;
        }
        end += 1;
    }
    end
}

/// Whether `next`, the token after sentence-final punctuation, can open a sentence.
fn starts_sentence(text: &str, next: Option<&Token>) -> bool {
    let Some(next) = next else { return false };
    let next_text = next.text(text);
    match next.kind {
        TokenKind::Punctuation => matches!(next_text, "(" | "[" | "¿" | "¡"),
        TokenKind::Clitic | TokenKind::Dash => false,
        _ => !next_text.chars().next().is_some_and(char::is_lowercase),
    }
}

/// Whether `next`, the token after an abbreviation that is not a title, is a word that opens
/// sentences ("The", or "THE" in capitals) or an opening quote.
fn opens_sentence_after_abbreviation(text: &str, next: Option<&Token>) -> bool {
    let Some(next) = next else { return false };
    let word = next.text(text);
    match next.kind {
        TokenKind::Quote => true,
        TokenKind::Word => {
            let all_caps = word.chars().all(|ch| !ch.is_lowercase());
            SENTENCE_OPENERS
                .iter()
                .any(|opener| *opener == word || (all_caps && opener.eq_ignore_ascii_case(word)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    /// Splits `input` and compares with `expected`, the sentences joined by ` | `.
    fn check(input: &str, expected: &str) {
        let tokens = tokenize(input);
        let sentences = split_sentences(input, &tokens);
        let covered: usize = sentences.iter().map(|sentence| sentence.token_end - sentence.token_start).sum();
        assert_eq!(covered, tokens.len(), "every token in one sentence: {input:?}");
        let got: Vec<&str> = sentences.iter().map(|sentence| sentence.text(input)).collect();
        assert_eq!(got.join(" | "), expected, "input: {input:?}");
    }

    #[test]
    fn splits_at_final_punctuation() {
        check("A blast hit Kabul. Thirteen died!", "A blast hit Kabul. | Thirteen died!");
        check("Who did it? Nobody knows.", "Who did it? | Nobody knows.");
        check("It said 13 died. 4 others were hurt.", "It said 13 died. | 4 others were hurt.");
        check("One. Two", "One. | Two");
        check("", "");
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        check("Gen. Michael E. Kurilla said so.", "Gen. Michael E. Kurilla said so.");
        check("U.S. officials met. They left.", "U.S. officials met. | They left.");
        check("He flew to the U.S. The army said no.", "He flew to the U.S. | The army said no.");
        check("The U.S. Army said so.", "The U.S. Army said so.");
        check("It was ranked No. 1 in the list.", "It was ranked No. 1 in the list.");
        check("Apple Inc. said so.", "Apple Inc. said so.");
        check("built ca. 1600 B.C.E. by them", "built ca. 1600 B.C.E. by them");
        check("At 5 a.m. The blast came.", "At 5 a.m. | The blast came.");
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_the_sentence() {
        check("He said, “We are vigilant.” She agreed.", "He said, “We are vigilant.” | She agreed.");
        check("“Why?” he asked.", "“Why?” he asked.");
        check("They left (for now.) Then", "They left (for now.) | Then");
        check("It ended. \"Real estate\" was next.", "It ended. | \"Real estate\" was next.");
    }

    #[test]
    fn blank_lines_split_and_datelines_stay() {
        check("Blast kills 13\n\nThe attack came", "Blast kills 13 | The attack came");
        check("Blast kills 13\n \n The attack", "Blast kills 13 | The attack");
        check("a wrapped\nline of wire text.", "a wrapped\nline of wire text.");
        check("WASHINGTON – The U.S. warned. It left.", "WASHINGTON – The U.S. warned. | It left.");
        check("KABUL —\nA blast hit.", "KABUL —\nA blast hit.");
    }

    #[test]
    fn all_caps_wire_text() {
        check(
            "SAN SALVADOR, 3 JAN 90 -- TROOPS FOUGHT IN SAN SALVADOR. THE ARMY SAID 3 DIED.",
            "SAN SALVADOR, 3 JAN 90 -- TROOPS FOUGHT IN SAN SALVADOR. | THE ARMY SAID 3 DIED.",
        );
        check("GEN. PONCE SPOKE. DETACHMENT NO.4 LEFT.", "GEN. PONCE SPOKE. | DETACHMENT NO.4 LEFT.");
        check("IN THE U.S. THE ARMY LEFT.", "IN THE U.S. | THE ARMY LEFT.");
    }

    #[test]
    fn ellipses_and_odd_input() {
        check("He paused... Then he spoke.", "He paused... | Then he spoke.");
        check("and so… it went.", "and so… it went.");
        check(". . .", ". . .");
        check("“", "“");
    }
}
