//! One call that gives a document every annotation the later stages read.
//!
//! Linking, extraction and fusion all work on the same tokens, sentences, names, dates and
//! counts; computing them once per document here, in one order, means every stage agrees on
//! what token 17 is and which sentence a name sits in. The result borrows nothing from the
//! text: it holds byte ranges and indexes, so it can travel between threads beside the
//! document it came from.

use chrono::NaiveDate;

use crate::ner::{entities, EntityType, ModelError, Tagger};
use crate::{find_dates, find_quantities, split_sentences, tokenize, DateMention, Quantity, Sentence, Token};

/// A name the tagger found: a run of tokens inside one sentence, and its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NameMention {
    /// Byte offset of the name's first char.
    pub byte_start: usize,
    /// Byte offset one past the name's last char.
    pub byte_end: usize,
    /// Index of the name's first token.
    pub token_start: usize,
    /// Index one past the name's last token.
    pub token_end: usize,
    /// Index of the sentence the name is in.
    pub sentence: usize,
    /// What the tagger says it names.
    pub kind: EntityType,
}

impl NameMention {
    /// The name as written in `text`, the string it was found in.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.byte_start..self.byte_end).unwrap_or("")
    }
}

/// Everything [`Annotator::annotate`] finds in one text, in text order within each list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotations {
    /// Every token.
    pub tokens: Vec<Token>,
    /// Sentences, as token ranges; together they cover every token once.
    pub sentences: Vec<Sentence>,
    /// Names with their types.
    pub names: Vec<NameMention>,
    /// Date expressions, resolved against the document date when one was given.
    pub dates: Vec<DateMention>,
    /// Counts with their hedges.
    pub quantities: Vec<Quantity>,
}

impl Annotations {
    /// The index of the sentence holding token `token`, if any.
    pub fn sentence_of_token(&self, token: usize) -> Option<usize> {
        let index = self.sentences.partition_point(|sentence| sentence.token_end <= token);
        (index < self.sentences.len() && self.sentences[index].token_start <= token).then_some(index)
    }
}

/// Annotates texts with one loaded tagger; cheap to share between threads by reference.
#[derive(Clone)]
pub struct Annotator {
    tagger: Tagger,
}

impl Annotator {
    /// An annotator using the named-entity model shipped in the binary.
    pub fn embedded() -> Result<Annotator, ModelError> {
        Ok(Annotator { tagger: Tagger::embedded()? })
    }

    /// An annotator using the given tagger.
    pub fn with_tagger(tagger: Tagger) -> Annotator {
        Annotator { tagger }
    }

    /// Tokens, sentences, names, dates and counts of `text`. Relative dates resolve against
    /// `document_date`; without one they keep their span and precision but get no value.
    ///
    /// ```
    /// use sightline_nlp::{ner::EntityType, Annotator};
    /// let annotator = Annotator::embedded().expect("the shipped model loads");
    /// let text = "KABUL – The Taliban said on Friday that 13 people died in Kabul.";
    /// let found = annotator.annotate(text, chrono::NaiveDate::from_ymd_opt(2024, 3, 25));
    /// assert!(found.names.iter().any(|name| name.text(text) == "Taliban"));
    /// assert_eq!(found.dates[0].value, chrono::NaiveDate::from_ymd_opt(2024, 3, 22));
    /// assert_eq!(found.quantities[0].min, Some(13));
    /// ```
    pub fn annotate(&self, text: &str, document_date: Option<NaiveDate>) -> Annotations {
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        let words: Vec<Vec<&str>> = sentences
            .iter()
            .map(|sentence| {
                tokens[sentence.token_start..sentence.token_end].iter().map(|t| t.text(text)).collect()
            })
            .collect();
        let tags = self.tagger.tag_document(&words);
        let mut names = Vec::new();
        for (index, (sentence, sentence_tags)) in sentences.iter().zip(&tags).enumerate() {
            for entity in entities(sentence_tags) {
                let first = &tokens[sentence.token_start + entity.start];
                let last = &tokens[sentence.token_start + entity.end - 1];
                names.push(NameMention {
                    byte_start: first.byte_start,
                    byte_end: last.byte_end,
                    token_start: sentence.token_start + entity.start,
                    token_end: sentence.token_start + entity.end,
                    sentence: index,
                    kind: entity.kind,
                });
            }
        }
        split_at_possessives(text, &tokens, &mut names);
        join_of_phrases(text, &tokens, &mut names);
        trim_final_initials(text, &tokens, &sentences, &mut names);
        join_nicknames(text, &tokens, &mut names);
        add_repeated_surnames(text, &tokens, &sentences, &mut names);
        let dates = find_dates(text, &tokens, document_date);
        let quantities = find_quantities(text, &tokens);
        Annotations { tokens, sentences, names, dates, quantities }
    }
}

/// Splits a name at a possessive inside it: "West Point's Combating Terrorism Center" is two
/// names, the owner and the owned, as English possessives are never inside one name's span
/// as the tagger should draw it.
fn split_at_possessives(text: &str, tokens: &[Token], names: &mut Vec<NameMention>) {
    let mut split = Vec::with_capacity(names.len());
    for name in names.drain(..) {
        let mut start = name.token_start;
        for index in name.token_start + 1..name.token_end.saturating_sub(1) {
            if tokens[index].kind == crate::TokenKind::Clitic
                && matches!(tokens[index].text(text), "'s" | "’s")
            {
                if index > start {
                    split.push(NameMention {
                        byte_start: tokens[start].byte_start,
                        byte_end: tokens[index - 1].byte_end,
                        token_start: start,
                        token_end: index,
                        ..name
                    });
                }
                start = index + 1;
            }
        }
        split.push(NameMention { byte_start: tokens[start].byte_start, token_start: start, ..name });
    }
    *names = split;
}

/// Nouns that head an organisation's name and take an "of" phrase: "Department of State",
/// "Islamic Movement of Uzbekistan", "Ministry of Defence".
const ORGANISATION_HEADS: &[&str] = &[
    "Agency",
    "Army",
    "Association",
    "Bank",
    "Brigade",
    "Brigades",
    "Bureau",
    "Command",
    "Commission",
    "Committee",
    "Council",
    "Court",
    "Department",
    "Federation",
    "Forces",
    "Front",
    "Institute",
    "League",
    "Ministry",
    "Movement",
    "Office",
    "Organisation",
    "Organization",
    "Party",
    "Service",
    "Union",
    "University",
];

/// Joins an organisation's name cut before its "of" phrase ("US Department" + "of" + "State"):
/// when a name ends in a noun that heads organisations' names and "of" follows, then a
/// capitalised word or another name, the whole is one organisation.
fn join_of_phrases(text: &str, tokens: &[Token], names: &mut Vec<NameMention>) {
    let capitalised = |index: usize| {
        tokens.get(index).is_some_and(|token| {
            token.kind == crate::TokenKind::Word
                && token.text(text).chars().next().is_some_and(char::is_uppercase)
        })
    };
    let mut index = 0;
    while index < names.len() {
        let name = names[index];
        let head = tokens[name.token_end - 1].text(text);
        let of = name.token_end;
        let is_of = tokens.get(of).is_some_and(|token| token.text(text) == "of");
        if name.kind == EntityType::Org && ORGANISATION_HEADS.contains(&head) && is_of && capitalised(of + 1)
        {
            // The object: the next name if it starts right after "of", else the capitalised run.
            let end = match names.get(index + 1) {
                Some(next) if next.token_start == of + 1 => next.token_end,
                _ => {
                    let mut end = of + 1;
                    while capitalised(end) {
                        end += 1;
                    }
                    end
                }
            };
            let joined = NameMention { byte_end: tokens[end - 1].byte_end, token_end: end, ..name };
            names.retain(|other| other.token_start < of || other.token_start >= end || *other == name);
            if let Some(slot) = names.iter_mut().find(|other| **other == name) {
                *slot = joined;
            }
        }
        index += 1;
    }
}

/// A name that ends the sentence with an initial ("known as ISIS K.") ends before the full stop:
/// an initial is followed by a surname, so a final "K." is a letter and the sentence's end.
fn trim_final_initials(text: &str, tokens: &[Token], sentences: &[Sentence], names: &mut [NameMention]) {
    for name in names.iter_mut() {
        let last = &tokens[name.token_end - 1];
        let ends_sentence =
            sentences.get(name.sentence).is_some_and(|sentence| sentence.token_end == name.token_end);
        let is_initial = last.text(text).len() == 2 && last.text(text).ends_with('.');
        if ends_sentence && is_initial && name.token_end - name.token_start > 1 {
            name.byte_end -= 1;
        }
    }
}

/// Joins a person's name around a nickname in quotes, which news writes inside the name
/// (Gen. Raymond “Tony” Thomas) and which the tagger, trained on text without them, splits.
fn join_nicknames(text: &str, tokens: &[Token], names: &mut Vec<NameMention>) {
    let is_quote =
        |index: usize| tokens.get(index).is_some_and(|token| token.kind == crate::TokenKind::Quote);
    let is_name_word = |index: usize| {
        tokens.get(index).is_some_and(|token| {
            token.kind == crate::TokenKind::Word
                && token.text(text).chars().next().is_some_and(char::is_uppercase)
        })
    };
    for (first, start_token) in tokens.iter().enumerate() {
        if !(is_name_word(first) && is_quote(first + 1) && is_name_word(first + 2) && is_quote(first + 3)) {
            continue;
        }
        let overlaps = |name: &NameMention| name.token_start < first + 5 && name.token_end > first;
        let Some(surname) = names.iter().find(|name| {
            name.kind == EntityType::Per && name.token_start <= first + 4 && name.token_end > first + 4
        }) else {
            continue;
        };
        let joined = NameMention {
            byte_start: start_token.byte_start,
            byte_end: surname.byte_end,
            token_start: first,
            token_end: surname.token_end,
            sentence: surname.sentence,
            kind: EntityType::Per,
        };
        names.retain(|name| !overlaps(name));
        let at = names.partition_point(|name| name.token_start < first);
        names.insert(at, joined);
    }
}

/// Tags a surname the tagger left untagged when the document names that person in full: a
/// name keeps its tag within a document, and news refers to people by surname after first
/// naming them ("Mark Quantock said ... Quantock added").
fn add_repeated_surnames(text: &str, tokens: &[Token], sentences: &[Sentence], names: &mut Vec<NameMention>) {
    let surnames: std::collections::HashSet<&str> = names
        .iter()
        .filter(|name| name.kind == EntityType::Per && name.token_end - name.token_start >= 2)
        .map(|name| tokens[name.token_end - 1].text(text))
        .filter(|surname| {
            surname.chars().count() > 2 && surname.chars().next().is_some_and(char::is_uppercase)
        })
        .collect();
    if surnames.is_empty() {
        return;
    }
    let mut tagged = vec![false; tokens.len()];
    for name in names.iter() {
        tagged[name.token_start..name.token_end].iter_mut().for_each(|slot| *slot = true);
    }
    let mut added = Vec::new();
    for (sentence_index, sentence) in sentences.iter().enumerate() {
        for index in sentence.token_start..sentence.token_end {
            if !tagged[index] && surnames.contains(tokens[index].text(text)) {
                added.push(NameMention {
                    byte_start: tokens[index].byte_start,
                    byte_end: tokens[index].byte_end,
                    token_start: index,
                    token_end: index + 1,
                    sentence: sentence_index,
                    kind: EntityType::Per,
                });
            }
        }
    }
    if !added.is_empty() {
        names.extend(added);
        names.sort_by_key(|name| name.token_start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_spans_of_the_text_in_their_sentence() {
        let Ok(annotator) = Annotator::embedded() else { panic!("the embedded model loads") };
        let text = "Police said.\n\nGen. Michael E. Kurilla, the US Central Command (CENTCOM) chief, spoke.";
        let found = annotator.annotate(text, None);
        let person = found.names.iter().find(|name| name.kind == EntityType::Per);
        assert_eq!(person.map(|name| name.text(text)), Some("Michael E. Kurilla"));
        assert_eq!(person.map(|name| name.sentence), Some(1));
        for name in &found.names {
            assert_eq!(found.sentence_of_token(name.token_start), Some(name.sentence));
            assert_eq!(found.sentence_of_token(name.token_end - 1), Some(name.sentence));
        }
        assert_eq!(found.sentence_of_token(found.tokens.len()), None);
    }

    #[test]
    fn nicknames_stay_inside_the_name_and_surnames_keep_their_tag() {
        let Ok(annotator) = Annotator::embedded() else { panic!("the embedded model loads") };
        let text = "Gen. Raymond “Tony” Thomas told the committee. Later Thomas said more.";
        let found = annotator.annotate(text, None);
        let people: Vec<&str> = found
            .names
            .iter()
            .filter(|name| name.kind == EntityType::Per)
            .map(|name| name.text(text))
            .collect();
        assert_eq!(people, ["Raymond “Tony” Thomas", "Thomas"]);
    }

    #[test]
    fn names_split_at_possessives_and_join_of_phrases() {
        let Ok(annotator) = Annotator::embedded() else { panic!("the embedded model loads") };
        let text = "A report for West Point's Combating Terrorism Center said fighters came from the \
                    Islamic Movement of Uzbekistan. The US Department of State agreed. It is also known as ISIS K.";
        let found = annotator.annotate(text, None);
        let names: Vec<&str> = found.names.iter().map(|name| name.text(text)).collect();
        for expected in ["West Point", "Islamic Movement of Uzbekistan", "US Department of State", "ISIS K"] {
            assert!(names.contains(&expected), "{expected:?} not in {names:?}");
        }
        assert!(names.iter().all(|name| !name.contains("'s")), "{names:?}");
    }

    #[test]
    fn empty_text_has_no_annotations() {
        let Ok(annotator) = Annotator::embedded() else { panic!("the embedded model loads") };
        assert_eq!(annotator.annotate("", None), Annotations::default());
    }
}
