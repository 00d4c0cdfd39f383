//! Direct quotes and who said them.
//!
//! Quotation marks are paired first: curly marks by direction, straight marks in turn within a
//! paragraph (an unclosed straight mark ends at the paragraph's end and is dropped). A quote
//! of fewer than three words is a title or a scare quote, not speech. The speaker is found
//! from a speech verb after the quote in its sentence ("…,” he said), else before it ("Miller
//! said: “…”", "Thomas said the group had “made huge progress”"): a person named next to the
//! verb, a pronoun resolved to the last person named before the quote, or a description ("a
//! US intelligence official"). A quote with no verb of its own continues the speaker of the
//! quote just before it, as in "“…,” he said. “…”".

use sightline_nlp::ner::EntityType;

use crate::lexicon::{organisation_head, person_pronoun, speaker_noun, speech_verb};
use crate::phrase::noun_phrase;
use crate::{Argument, ArgumentKind, Doc, Quote, Span};

/// Quotes shorter than this, in words, are titles and scare quotes.
const MIN_WORDS: usize = 3;
/// How far from a quote its speech verb may be, in tokens.
const VERB_WINDOW: usize = 24;

/// Finds the quotes of a document, in text order.
pub fn find(doc: &Doc) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::new();
    let mut previous_end: Option<usize> = None;
    for (open, close) in pairs(doc.text) {
        let inner = Span { start: open, end: close };
        let raw = doc.slice(inner);
        let trimmed_start = open + (raw.len() - raw.trim_start().len());
        let span = Span { start: trimmed_start, end: trimmed_start + raw.trim().len() };
        let text = doc.slice(span);
        if text.split_whitespace().count() < MIN_WORDS {
            continue;
        }
        let speaker = speaker(doc, span).or_else(|| {
            let previous = quotes.last()?;
            let gap = doc.text.get(previous_end?..span.start)?;
            (gap.len() < 300 && gap.matches("\n\n").count() <= 1).then(|| previous.speaker.clone()).flatten()
        });
        previous_end = Some(span.end);
        quotes.push(Quote { text: text.to_string(), span, speaker });
    }
    quotes
}

/// Byte ranges between paired quotation marks, marks excluded.
fn pairs(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut curly: Option<usize> = None;
    let mut straight: Option<usize> = None;
    let mut newlines = 0;
    for (at, c) in text.char_indices() {
        match c {
            '\n' => {
                newlines += 1;
                if newlines >= 2 {
                    curly = None;
                    straight = None;
                }
            }
            '“' => curly = Some(at + c.len_utf8()),
            '”' => {
                if let Some(open) = curly.take() {
                    found.push((open, at));
                }
            }
            // A straight mark closes an open curly one: editors mix them ("“… warning.\"").
            '"' => match (curly.take(), straight.take()) {
                (Some(open), _) | (None, Some(open)) => found.push((open, at)),
                (None, None) => straight = Some(at + 1),
            },
            _ => {}
        }
        if c != '\n' && !c.is_whitespace() {
            newlines = 0;
        }
    }
    found.sort_unstable();
    found
}

/// The speaker of the quote at `span`.
fn speaker(doc: &Doc, span: Span) -> Option<Argument> {
    let tokens = &doc.ann.tokens;
    let first_inside = tokens.partition_point(|t| t.byte_start < span.start);
    let after_close = tokens.partition_point(|t| t.byte_start < span.end);
    // The closing mark is a token; the words after it start one later.
    let after = (after_close + 1).min(tokens.len());
    let sentence_end = doc
        .ann
        .sentence_of_token(after.min(tokens.len().saturating_sub(1)))
        .and_then(|s| doc.ann.sentences.get(s))
        .map_or(tokens.len(), |s| s.token_end);
    // "“…,” Gen. Joseph Votel, the commander of …, told": a person named right after the quote.
    for t in after..(after + 3).min(tokens.len()) {
        if let Some(index) = doc.name_at.get(t).copied().flatten() {
            if is_person(doc, index) {
                return doc.name_argument(index, ArgumentKind::Individual);
            }
        }
    }
    let limit = (after + VERB_WINDOW).min(tokens.len());
    for v in after..limit {
        if doc.word(v) == "." && v >= sentence_end.saturating_sub(1)
            || doc.slice(doc.token_span(v, v + 1)) == "“"
        {
            break;
        }
        if speech_verb(doc.word(v)) {
            if let Some(found) = subject_of(doc, v, after, span) {
                return Some(found);
            }
        }
    }
    // Before the quote: the nearest speech verb in the same sentence, or ending the sentence
    // before with a colon.
    let open_token = first_inside.saturating_sub(1);
    let sentence_start = doc
        .ann
        .sentence_of_token(open_token)
        .and_then(|s| doc.ann.sentences.get(s))
        .map_or(0, |s| s.token_start);
    let floor =
        sentence_start.saturating_sub(if doc.word(sentence_start.wrapping_sub(1)) == ":" { 12 } else { 0 });
    let floor = floor.max(open_token.saturating_sub(25));
    for v in (floor..open_token).rev() {
        if speech_verb(doc.word(v)) {
            if let Some(found) = subject_of(doc, v, floor, span) {
                return Some(found);
            }
        }
    }
    // "…, he said. “…”": the sentence before ends with its speech verb.
    if open_token <= sentence_start + 1 && sentence_start >= 2 {
        let low = sentence_start.saturating_sub(4);
        for v in (low..sentence_start).rev() {
            if speech_verb(doc.word(v)) {
                return subject_of(doc, v, sentence_start.saturating_sub(12), span);
            }
        }
    }
    None
}

/// Who the speech verb at `verb` belongs to: a person right after it ("said Miller"), else a
/// person, pronoun or description before it, not before `floor`.
fn subject_of(doc: &Doc, verb: usize, floor: usize, quote: Span) -> Option<Argument> {
    // "said Miller", "according to Miller", "said the spokesman"
    let mut next = verb + 1;
    if doc.word(next) == "to" {
        next += 1;
    }
    // "according to US National Security Adviser Jake Sullivan": a person within the next few
    // words, before any comma, wins over the title in front of the name.
    for t in next..(next + 7).min(doc.ann.tokens.len()) {
        if doc.word(t) == "," || doc.word(t) == "." {
            break;
        }
        if let Some(index) = doc.name_at.get(t).copied().flatten() {
            if is_person(doc, index) {
                return doc.name_argument(index, ArgumentKind::Individual);
            }
        }
    }
    if let Some(found) = speaker_at(doc, next, quote) {
        return Some(found);
    }
    if matches!(doc.word(next), "the" | "a" | "an") {
        next += 1;
    }
    if let Some(found) = description_after(doc, next) {
        return Some(found);
    }
    // Before the verb: skip adverbs and titles, at most five words back. A speaker is a person
    // or a description; an organisation only when neither fits ("John Kirby of the Pentagon
    // said": Kirby spoke).
    let low = verb.saturating_sub(6).max(floor);
    let mut organisation = None;
    for t in (low..verb).rev() {
        if let Some(found) = speaker_at(doc, t, quote) {
            if found.kind != ArgumentKind::Organization {
                return Some(found);
            }
            organisation.get_or_insert(found);
            continue;
        }
        if speaker_noun(doc.word(t)) {
            let (first, end) = noun_phrase(doc, t, low);
            return Some(doc.argument(first, end, ArgumentKind::Individual));
        }
        if matches!(doc.word(t), "," | "”" | "\"" | "“") && t + 1 < verb {
            break;
        }
    }
    organisation
}

/// True when name mention `index` is a person's name, not an organisation's the tagger took
/// for one: "Border Patrol", "National Police" end in a word that heads names of bodies.
fn is_person(doc: &Doc, index: usize) -> bool {
    let Some(name) = doc.ann.names.get(index) else { return false };
    let last = doc.word(name.token_end.saturating_sub(1));
    name.kind == EntityType::Per && !organisation_head(last)
}

/// A person named at token `t`, or a pronoun there standing for the last person named before
/// the quote.
fn speaker_at(doc: &Doc, t: usize, quote: Span) -> Option<Argument> {
    if let Some(index) = doc.name_at.get(t).copied().flatten() {
        let name = doc.ann.names.get(index)?;
        return match name.kind {
            EntityType::Per if is_person(doc, index) => doc.name_argument(index, ArgumentKind::Individual),
            EntityType::Per | EntityType::Org => doc.name_argument(index, ArgumentKind::Organization),
            _ => None,
        };
    }
    if person_pronoun(doc.word(t)) {
        let pronoun = doc.token_span(t, t + 1);
        let limit = quote.start.min(pronoun.start);
        let (index, _) = doc.ann.names.iter().enumerate().rev().find(|(index, name)| {
            is_person(doc, *index)
                && name.byte_end <= limit
                && !(quote.start <= name.byte_start && name.byte_end <= quote.end)
        })?;
        // The pronoun's speaker is given by name: "he" tells a reader nothing.
        return doc.name_argument(index, ArgumentKind::Individual);
    }
    None
}

/// "said a US intelligence official": a description after the verb.
fn description_after(doc: &Doc, start: usize) -> Option<Argument> {
    let head = (start..(start + 4).min(doc.ann.tokens.len())).find(|&t| speaker_noun(doc.word(t)))?;
    let (first, end) = noun_phrase(doc, head, start);
    Some(doc.argument(first, end, ArgumentKind::Individual))
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    fn speakers(text: &str) -> Vec<(String, Option<String>)> {
        run(text).quotes.into_iter().map(|q| (q.text, q.speaker.map(|s| s.text))).collect()
    }

    #[test]
    fn speaker_after_and_before_curly_and_straight() {
        let found = speakers("“We will hold them accountable,” Matthew Miller said.");
        assert_eq!(found, vec![("We will hold them accountable,".into(), Some("Matthew Miller".into()))]);
        let found = speakers("Joseph Votel said: \"They represent a very sophisticated threat.\"");
        assert_eq!(found[0].1.as_deref(), Some("Joseph Votel"));
    }

    #[test]
    fn split_quotes_and_pronouns_follow_the_last_person() {
        let text =
            "Mark Quantock spoke on Monday. “The group remains a threat,” he said. “It has proven patient.”";
        let found = run(text).quotes;
        assert_eq!(found.len(), 2);
        for quote in &found {
            let speaker = quote.speaker.as_ref().map(|s| s.name);
            assert!(speaker.is_some() && speaker.flatten().is_some(), "{quote:?}");
        }
    }

    #[test]
    fn a_person_speaks_before_an_organisation() {
        let found = speakers("John Kirby of the Pentagon said: “We will respond to the attack.”");
        assert_eq!(found[0].1.as_deref(), Some("John Kirby"));
        let text = "Former official Mark Quantock said that coordination between agencies like Customs and \
                    Border Patrol and the FBI is at a high. The government cannot rest, he said. \
                    “ISIS has proven to be a pretty patient foe.”";
        let found = speakers(text);
        assert_eq!(found[0].1.as_deref(), Some("Mark Quantock"));
    }

    #[test]
    fn names_of_bodies_are_not_people() {
        for (last_word, body) in [("patrol", true), ("police", true), ("command", true), ("quantock", false)]
        {
            assert_eq!(crate::lexicon::organisation_head(last_word), body, "{last_word}");
        }
    }

    #[test]
    fn unnamed_speakers_are_descriptions_and_short_quotes_are_skipped() {
        let found =
            speakers("“They are closest to attacking,” a US intelligence official said of the \"big\" plan.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.as_deref(), Some("US intelligence official"));
    }

    #[test]
    fn partial_quotes_in_running_text() {
        let found =
            speakers("Raymond Thomas said the group had “made huge progress against ISIS-K” this year.");
        assert_eq!(found[0].1.as_deref(), Some("Raymond Thomas"));
    }
}
