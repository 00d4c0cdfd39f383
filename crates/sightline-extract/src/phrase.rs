//! Noun phrases around a head word, without a parser: from the head leftwards over words that
//! are not determiners, prepositions, verbs or punctuation, and rightwards over "of" and a name
//! ("members of the FMLN").

use sightline_nlp::TokenKind;

use crate::lexicon::{past_verb, phrase_stop};
use crate::Doc;

/// How far a phrase reaches left of its head, in words.
const MAX_MODIFIERS: usize = 3;

/// The token range `first..end` of the noun phrase headed by token `head`, not reaching before
/// `floor`.
pub fn noun_phrase(doc: &Doc, head: usize, floor: usize) -> (usize, usize) {
    let mut first = head;
    while first > floor && head - first < MAX_MODIFIERS {
        let previous = first - 1;
        let Some(token) = doc.ann.tokens.get(previous) else { break };
        let joined = matches!(token.kind, TokenKind::Word | TokenKind::Number)
            || (token.kind == TokenKind::Dash && previous > floor);
        // A verb ends the phrase too: "destroyed power lines" is a clause, "armed men" a phrase.
        let word = doc.word(previous);
        if !joined || phrase_stop(word) || is_quantity_word(doc, previous) || past_verb(word) {
            break;
        }
        // A name ends the phrase unless the head continues it: "Taliban stronghold" keeps the
        // name, "Cerezo farm" too; a name ending a clause before the head does not get here.
        first = previous;
    }
    if doc.ann.tokens.get(first).is_some_and(|t| t.kind == TokenKind::Dash) {
        first += 1;
    }
    let mut end = head + 1;
    // "members of the Farabundo Marti National Liberation Front"
    if doc.word(end) == "of" {
        let mut next = end + 1;
        if doc.word(next) == "the" {
            next += 1;
        }
        if let Some(name) = doc.name_at.get(next).copied().flatten() {
            if let Some(mention) = doc.ann.names.get(name) {
                end = mention.token_end;
            }
        }
    }
    (first, end)
}

/// True when token `index` is part of a count ("13", "thirteen"), which a phrase leaves out.
fn is_quantity_word(doc: &Doc, index: usize) -> bool {
    doc.ann.quantities.iter().any(|q| q.token_start <= index && index < q.token_end)
}

#[cfg(test)]
mod tests {
    use crate::testing::annotator;
    use crate::{Doc, DocContext};

    fn phrase(text: &str, head: &str) -> String {
        let annotations = annotator().annotate(text, None);
        let context = DocContext::default();
        let doc = Doc::new(text, &annotations, &context);
        let Some(index) = doc.words.iter().position(|w| w == head) else { panic!("no {head}") };
        let (first, end) = super::noun_phrase(&doc, index, 0);
        doc.slice(doc.token_span(first, end)).to_string()
    }

    #[test]
    fn phrases_take_modifiers_and_stop_at_determiners() {
        assert_eq!(
            phrase("Guerrillas blew up an electric power substation.", "substation"),
            "electric power substation"
        );
        assert_eq!(phrase("THEY FIRED FOUR POWERFUL ROCKETS AT IT.", "rockets"), "POWERFUL ROCKETS");
        assert_eq!(phrase("It hit the Taliban stronghold in Kandahar.", "stronghold"), "Taliban stronghold");
        assert_eq!(phrase("THEY DESTROYED POWER LINES.", "lines"), "POWER LINES");
        assert_eq!(phrase("Police defused an explosive device.", "device"), "explosive device");
        assert_eq!(phrase("It claimed attacks outside Kabul airport.", "airport"), "Kabul airport");
        assert_eq!(phrase("They saw aircraft firing rockets.", "rockets"), "rockets");
        assert_eq!(phrase("Three heavily armed men fled.", "men"), "heavily armed men");
    }
}
