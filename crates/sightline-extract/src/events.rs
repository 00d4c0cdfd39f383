//! Event reports: one per sentence that holds a trigger word, with its arguments read from
//! positions around the trigger.
//!
//! A sentence's triggers are filtered first: a negated trigger ("did not attack") is dropped;
//! one after a modal or a word of intent ("could attack", "would like to execute", "plans to
//! bomb") makes the report a `threat`; a plural noun after "has carried out" with no count and
//! no place is background ("the group has carried out attacks") and is dropped. The surviving
//! triggers give the sentence's type, the most specific first. Perpetrators are named groups
//! before the trigger or after "by", and described attackers anywhere in the sentence
//! ("gunmen", "members of the FMLN"); a possessive or "the group" with no name in the sentence
//! stands for the last group named before. Targets are people and things named after the
//! trigger, or before it in the passive. Counts of dead and hurt are counts next to a word of
//! death or injury. The place is a place name in the sentence, never the dateline's, nor a
//! place across a border ("near the border with Mali") or in a relative clause that ends the
//! sentence and tells no event ("its branch, which has targeted worshippers in Iran"). A
//! claim of responsibility with no other event in its sentence is a `claim` report; an event
//! named as a point in time ("detained hours after the shooting") gives way to the sentence's
//! own event. Those rules (and "said it was behind", "the army said") were read from modern
//! news and apply to mixed-case text: on wire copy in capitals the trained filter decides, and
//! with them it lost 0.3 F1 under cross-validation on MUC-4 train (43.33 to 43.02).

use chrono::Datelike;
use sightline_nlp::{DatePrecision, TokenKind};

use crate::lexicon::{
    group_at, human_noun, hypothetical, negation, perpetrator_noun, physical_noun, speaker_noun, speech_verb,
    subtype, trigger, weapon_noun, wide_perpetrator_noun,
};
use crate::phrase::noun_phrase;
use crate::places::{country_of, is_country};
use crate::{
    count_of, Argument, ArgumentKind, Count, Doc, Event, EventDate, EventType, Location, Quote, Span,
};
use sightline_nlp::ner::EntityType;

/// How far before a trigger a negation or modal reaches, in tokens.
const SCOPE: usize = 5;

/// The order in which a sentence's trigger types win: the most specific first.
const PRIORITY: &[EventType] = &[
    EventType::Assassination,
    EventType::Kidnapping,
    EventType::Hijacking,
    EventType::Airstrike,
    EventType::Bombing,
    EventType::Arson,
    EventType::ArmedAssault,
    EventType::Attack,
    EventType::Raid,
    EventType::Claim,
    EventType::Arrest,
    EventType::Threat,
    EventType::Warning,
];

/// Finds the event reports of a document; `quotes` are skipped, since what a speaker says may
/// happen is not a report that it did.
/// The verbs of "opened fire": with them, "fire" is a shooting.
const OPEN_FIRE: [&str; 4] = ["opened", "open", "opening", "opens"];

/// The trigger at token `t`, reading the word before it where English makes a phrase of two:
/// "opened fire" is a shooting, not arson.
fn trigger_at(doc: &Doc, t: usize) -> Option<(EventType, Option<&'static str>)> {
    let word = doc.word(t);
    let before = if t > 0 { doc.word(t - 1) } else { "" };
    if word == "fire" && OPEN_FIRE.contains(&before) {
        return Some((EventType::ArmedAssault, None));
    }
    // "Islamic State claimed responsibility the following day": a claim is a report of its own,
    // even when its sentence names no attack (one that does is that attack, claimed).
    if t > 0 && !doc.all_caps && claims_deed(doc, t - 1) {
        return Some((EventType::Claim, None));
    }
    trigger(word)
}

pub fn find(doc: &Doc, quotes: &[Quote]) -> Vec<Event> {
    let dateline_end = dateline_end(doc);
    let mut events = Vec::new();
    for (index, sentence) in doc.ann.sentences.iter().enumerate() {
        let inside_quote = |t: usize| {
            quotes.iter().any(|q| {
                q.span.start <= doc.ann.tokens[t].byte_start && doc.ann.tokens[t].byte_end <= q.span.end
            })
        };
        let mut found: Vec<Found> = Vec::new();
        for t in sentence.token_start..sentence.token_end {
            let Some((kind, _)) = trigger_at(doc, t) else { continue };
            if inside_quote(t) || !trigger_fits(doc, t, sentence.token_start) {
                continue;
            }
            let window = t.saturating_sub(SCOPE).max(sentence.token_start)..t;
            if window.clone().any(|w| negation(doc.word(w))) {
                continue;
            }
            if is_background(doc, t, sentence.token_start) {
                continue;
            }
            let possible = kind.is_violent()
                && (window.clone().any(|w| hypothetical(doc.word(w))) || doc.word(t.wrapping_sub(1)) == "to");
            found.push((t, kind, possible));
        }
        // A claim is a report of its own only alone: "claimed responsibility for the murder" is
        // the murder, claimed.
        if found.iter().any(|&(_, kind, _)| kind != EventType::Claim) {
            found.retain(|&(_, kind, _)| kind != EventType::Claim);
        }
        // "Four suspects were detained … hours after the shooting": beside an event of its own,
        // a sentence's event named after "after the" is the one it follows, not what it reports.
        if !doc.all_caps && found.iter().any(|&(t, _, _)| !names_an_earlier_event(doc, t)) {
            found.retain(|&(t, _, _)| !names_an_earlier_event(doc, t));
        }
        // Wire stories tell one incident over several sentences; in capitals, where the trained
        // filter vets every argument, a sentence with no trigger proposes arguments too, as a
        // follow-up that `merge_follow_ups` folds into the nearest event.
        let follow_up = found.is_empty();
        if follow_up {
            if !doc.all_caps || index == 0 {
                continue;
            }
            found.push((sentence.token_start, EventType::Attack, false));
        }
        let sentence_start = sentence.token_start.max(dateline_end.min(sentence.token_end));
        for (segment_start, segment_end, triggers) in
            segments(doc, &found, sentence_start, sentence.token_end)
        {
            let actual: Vec<&(usize, EventType, bool)> =
                triggers.iter().filter(|(_, _, possible)| !possible).collect();
            let (kind, anchor) = if actual.is_empty() {
                (EventType::Threat, triggers[0].0)
            } else {
                // Among triggers of the winning type, a verb ("killed") reports the event where a
                // noun ("besides the Moscow attack") may only name another.
                let best = PRIORITY
                    .iter()
                    .find_map(|p| {
                        let mut of_type = actual.iter().filter(|(_, kind, _)| kind == p).peekable();
                        let first = of_type.peek().copied();
                        of_type.find(|(t, _, _)| doc.word(*t).ends_with("ed")).or(first)
                    })
                    .map(|(t, kind, _)| (*kind, *t));
                match best {
                    Some(best) => best,
                    None => continue,
                }
            };
            let first_trigger = triggers.iter().map(|(t, _, _)| *t).min().unwrap_or(anchor);
            let segment = Segment { sentence: index, start: segment_start, end: segment_end, follow_up };
            // The group of the last event reported (not a follow-up sentence's candidates,
            // which the trained filter has yet to vet) is what "the group" refers back to.
            let antecedent = events
                .iter()
                .rev()
                .filter(|e: &&Event| !e.follow_up)
                .flat_map(|e| e.perpetrators.iter().rev())
                .find(|p| p.kind == ArgumentKind::Organization)
                .cloned();
            let mut event =
                build(doc, &segment, kind, anchor, first_trigger, &inside_quote, antecedent.as_ref());
            event.follow_up = follow_up;
            if segment_start > sentence_start && event.perpetrators.is_empty() {
                // "… and burned a tank truck": the clause's subject is the sentence's.
                if let Some(previous) = events.last() {
                    let previous: &Event = previous;
                    if previous.evidence == event.evidence {
                        event.perpetrators = previous.perpetrators.clone();
                    }
                }
            }
            let more = coordinated_places(doc, &event, segment_end);
            events.push(event.clone());
            for place in more {
                events.push(Event { location: Some(place), ..event.clone() });
            }
        }
    }
    events
}

/// The end of a clause's arguments: a relative clause after the trigger that tells no event
/// of its own ("the attack bore the marks of its Khorasan branch, which has repeatedly targeted
/// Shiite worshippers in Afghanistan and Iran") describes a name, and its places and people are
/// not the event's. One that does ("…, which killed five people") goes on telling the event.
fn without_relative_clause(doc: &Doc, anchor: usize, end: usize) -> usize {
    // On wire copy the trained filter weighs where an argument stands.
    if doc.all_caps {
        return end;
    }
    let Some(comma) = (anchor + 1..end.saturating_sub(1))
        .find(|&t| doc.word(t) == "," && matches!(doc.word(t + 1), "which" | "who" | "whose"))
    else {
        return end;
    };
    // Only a clause that ends the sentence is cut off: what follows a clause in the middle
    // ("…, which was crowded, in Kabul") is the event's again.
    if (comma + 2..end).any(|t| doc.word(t) == ",") {
        return end;
    }
    // "…, which was carried out by ISKP": a clause with an agent tells who did the event.
    let tells_event = (comma + 2..end).any(|t| trigger_at(doc, t).is_some() || doc.word(t) == "by")
        || doc.ann.quantities.iter().any(|q| q.token_start > comma && q.token_end <= end);
    if tells_event {
        end
    } else {
        comma
    }
}

/// On mixed-case text, whether tokens `first..last` are written as a group's name: capitalised,
/// and not a part of a longer name the tagger found.
fn names_the_group(doc: &Doc, first: usize, last: usize) -> bool {
    let capitalised = doc.ann.tokens.get(first).is_some_and(|token| {
        doc.slice(Span { start: token.byte_start, end: token.byte_end }).starts_with(char::is_uppercase)
    });
    let inside_longer_name =
        (first..last).filter_map(|t| doc.name_at.get(t).copied().flatten()).any(|index| {
            doc.ann.names.get(index).is_some_and(|name| name.token_start < first || name.token_end > last)
        });
    capitalised && !inside_longer_name
}

/// A trigger noun that names an event as a point in time: "after the shooting", "since the
/// attack", "following the bombings".
fn names_an_earlier_event(doc: &Doc, t: usize) -> bool {
    t >= 2
        && matches!(doc.word(t - 1), "the" | "this" | "that" | "these")
        && matches!(doc.word(t - 2), "after" | "before" | "since" | "following")
}

/// Checks the words that are triggers only in company: "set fire", "left 5 dead".
fn trigger_fits(doc: &Doc, t: usize, floor: usize) -> bool {
    match doc.word(t) {
        "fire" => {
            OPEN_FIRE.contains(&doc.word(t.wrapping_sub(1)))
                || (t.saturating_sub(3).max(floor)..t)
                    .any(|w| matches!(doc.word(w), "set" | "sets" | "setting"))
        }
        "dead" => doc.ann.quantities.iter().any(|q| q.token_end <= t && q.token_end + 3 >= t),
        "drone" => matches!(doc.word(t + 1), "strike" | "strikes" | "attack" | "attacks"),
        "assault" => doc.word(t.wrapping_sub(1)) != "sexual",
        _ => true,
    }
}

/// "The group has carried out attacks": a plural trigger after a perfect or generic verb,
/// with no count next to it.
fn is_background(doc: &Doc, t: usize, floor: usize) -> bool {
    let word = doc.word(t);
    if !word.ends_with('s') || word.ends_with("ss") {
        return false;
    }
    let before = t.saturating_sub(4).max(floor)..t;
    let generic = before.clone().any(|w| {
        matches!(
            doc.word(w),
            "has" | "have" | "carried" | "carries" | "conducts" | "conducted" | "stage" | "staged"
        )
    });
    generic && !before.clone().any(|w| matches!(doc.word(w), "recent" | "latest" | "deadly" | "twin"))
}

/// The token index where a wire dateline ends ("GUATEMALA CITY, 4 FEB 90 (ACAN-EFE) --"), or
/// 0: names before it are where the reporter was.
fn dateline_end(doc: &Doc) -> usize {
    let Some(first) = doc.ann.sentences.first() else { return 0 };
    let limit = first.token_end.min(first.token_start + 20);
    for t in first.token_start..limit {
        let token = &doc.ann.tokens[t];
        if token.kind == TokenKind::Dash
            && doc.slice(Span { start: token.byte_start, end: token.byte_end }) != "-"
        {
            return t + 1;
        }
    }
    if let Some(dateline) = doc.context.dateline {
        let dateline = dateline.to_lowercase();
        for t in first.token_start..limit {
            if doc.word(t).len() > 2 && !dateline.contains(doc.word(t)) {
                return t;
            }
        }
    }
    0
}

/// A trigger: its token, its type, and whether it is only possible.
type Found = (usize, EventType, bool);

/// A clause of a sentence that reports one event.
struct Segment {
    sentence: usize,
    start: usize,
    end: usize,
    /// A sentence with no trigger, proposing arguments for the event before it.
    follow_up: bool,
}

/// Splits a sentence's triggers into clauses that report different events: a trigger after
/// "and" or ";" starts a new clause when that clause names a place of its own ("its attack in
/// Moscow …, and its attack on the stronghold in Kandahar"); otherwise the triggers are one
/// event told in several words ("attacking a concert hall and killing over 140 people").
fn segments(doc: &Doc, found: &[Found], start: usize, end: usize) -> Vec<(usize, usize, Vec<Found>)> {
    let mut cuts = vec![start];
    let mut previous = found[0].0;
    let mut last_trigger = found[0].0;
    for &(t, _, _) in &found[1..] {
        let after = last_trigger;
        last_trigger = t;
        if t < previous + 5 {
            continue;
        }
        let Some(cut) = (after + 1..t).rev().find(|&w| matches!(doc.word(w), "and" | ";")) else {
            continue;
        };
        // "One person was killed and five others injured, one critically, in a shooting at a
        // Connecticut nightclub": a count of harm after "and" goes on counting the same event.
        if !doc.all_caps && counts_harm_at(doc, cut + 1) {
            continue;
        }
        let next_cut = found.iter().map(|f| f.0).find(|&n| n > t + 4).unwrap_or(end);
        let has_place = doc.ann.names.iter().any(|n| {
            n.kind == EntityType::Loc && n.token_start > cut && n.token_end <= next_cut.max(t + 1).min(end)
        });
        if has_place {
            cuts.push(cut);
            previous = t;
        }
    }
    cuts.push(end);
    cuts.windows(2)
        .map(|w| {
            (w[0], w[1], found.iter().copied().filter(|f| w[0] <= f.0 && f.0 < w[1]).collect::<Vec<_>>())
        })
        .filter(|(_, _, triggers)| !triggers.is_empty())
        .collect()
}

/// A count at token `t` with a word of harm within three words after it: "five others
/// injured", "two more were killed".
fn counts_harm_at(doc: &Doc, t: usize) -> bool {
    doc.ann.quantities.iter().find(|quantity| quantity.token_start == t).is_some_and(|quantity| {
        (quantity.token_end..quantity.token_end + 4)
            .any(|w| counts_hurt(doc.word(w)) || is_injury_word(doc.word(w)) || is_death_word(doc.word(w)))
    })
}

/// A word next to a count that makes it a count of the hurt: "five wounded", "four were treated".
fn counts_hurt(word: &str) -> bool {
    matches!(
        word,
        "critical"
            | "wounded"
            | "injured"
            | "injuring"
            | "wounding"
            | "hurt"
            | "injuries"
            | "wounds"
            | "hospitalized"
            | "hospitalised"
            | "treated"
    )
}

/// "in Moscow and Iran's Kerman": the places coordinated with the event's own, each its own
/// event report.
fn coordinated_places(doc: &Doc, event: &Event, end: usize) -> Vec<Location> {
    let Some(index) = event.location.as_ref().and_then(|l| l.name_index) else { return Vec::new() };
    let Some(name) = doc.ann.names.get(index) else { return Vec::new() };
    if doc.word(name.token_end) != "and" {
        return Vec::new();
    }
    let mut t = name.token_end + 1;
    let mut country = None;
    let mut last = None;
    while t < end {
        match doc.name_at.get(t).copied().flatten() {
            Some(next)
                if doc
                    .ann
                    .names
                    .get(next)
                    .is_some_and(|n| n.kind == EntityType::Loc || country.is_some()) =>
            {
                let Some(mention) = doc.ann.names.get(next) else { break };
                let text = mention.text(doc.text);
                if is_country(text) && matches!(doc.word(mention.token_end), "'s" | "’s") {
                    country = country_of(text);
                    t = mention.token_end + 1;
                    continue;
                }
                last = Some((next, mention));
                t = mention.token_end;
            }
            _ => break,
        }
    }
    let Some((next, mention)) = last else { return Vec::new() };
    let text = mention.text(doc.text);
    vec![Location {
        name: text.to_string(),
        span: Span { start: mention.byte_start, end: mention.byte_end },
        name_index: Some(next),
        country: country_of(text).or(country),
    }]
}

fn build(
    doc: &Doc,
    segment: &Segment,
    mut kind: EventType,
    anchor: usize,
    first_trigger: usize,
    inside_quote: &dyn Fn(usize) -> bool,
    antecedent: Option<&Argument>,
) -> Event {
    let index = segment.sentence;
    let sentence = &doc.ann.sentences[index];
    let start = segment.start;
    let end = without_relative_clause(doc, anchor, segment.end);
    // On wire copy in capitals the rules propose wide, anywhere in the clause, and the trained
    // filter prunes (see `filter`); on mixed-case text the positions alone decide.
    let wide = doc.all_caps;
    let mut taken: Vec<(usize, usize)> = Vec::new();
    // Described attackers: "members of the FMLN" holds the group as well as the people.
    let mut people: Vec<(usize, usize)> = Vec::new();
    let mut perpetrators = Vec::new();
    let mut targets = Vec::new();
    let mut weapons = Vec::new();
    let mut subtype_found = None;
    let passive = (anchor.saturating_sub(2).max(start)..anchor)
        .any(|w| matches!(doc.word(w), "was" | "were" | "been" | "being"));

    // Described attackers and weapons, anywhere in the sentence.
    for t in start..end {
        if inside_quote(t) {
            continue;
        }
        let word = doc.word(t);
        // "riddled with bullets by three young individuals": the agent of a passive is the doer.
        let agent = (t.saturating_sub(4).max(start)..t).any(|w| doc.word(w) == "by");
        // A follow-up sentence has no trigger to stand before, so its subjects count anywhere:
        // "SEVERAL MEN LAST NIGHT WOUNDED A WATCHMAN".
        let before_trigger = t < anchor || segment.follow_up;
        let wide_perpetrator = wide && wide_perpetrator_noun(word) && (!passive && before_trigger || agent);
        if (perpetrator_noun(word) && (perpetrator_fits(doc, t) || agent)) || wide_perpetrator {
            let (mut first, last) = noun_phrase(doc, t, start);
            // "two individuals", "several men": a count is part of who they were.
            while first > start && counts_people(doc, first - 1) {
                first -= 1;
            }
            if !overlaps(&taken, first, last) {
                taken.push((first, last));
                people.push((first, last));
                perpetrators.push(doc.argument(first, last, ArgumentKind::Individual));
            }
        } else if weapon_noun(word) {
            let (first, last) = noun_phrase(doc, t, start);
            if !overlaps(&taken, first, last) {
                taken.push((first, last));
                weapons.push(doc.argument(first, last, ArgumentKind::Physical));
            }
        }
        // "Suicide" tells a suicide attack only before the attack or its means ("a suicide
        // bomber", "a suicide attack"); "a murder-suicide", "committed suicide" tell none.
        let suicide_attack = word == "suicide" && suicide_means(doc.word(t + 1));
        if (t + 3 >= anchor && t <= anchor + 2 && word != "suicide") || suicide_attack {
            if let Some(found) = subtype(word) {
                subtype_found.get_or_insert(found);
            }
        }
    }

    // Named groups: before the trigger as its subject, or after "by".
    for (name_index, name) in doc.ann.names.iter().enumerate() {
        if name.token_start < start || name.token_end > end || inside_quote(name.token_start) {
            continue;
        }
        let in_people = overlaps(&people, name.token_start, name.token_end);
        if blocked(&taken, &people, name.token_start, name.token_end) {
            continue;
        }
        // "carried out by ISIS-K", "attributed to the FMLN", "blamed the Shining Path"; a "to"
        // that opens an infinitive ("the reach to target Western Europe") names no doer.
        let after_by = (name.token_start.saturating_sub(3).max(start)..name.token_start).any(|w| {
            matches!(doc.word(w), "by" | "blamed")
                || doc.word(w) == "to"
                    && matches!(
                        doc.word(w.wrapping_sub(1)),
                        "attributed" | "ascribed" | "linked" | "tied" | "belonging" | "loyal" | "due"
                    )
        });
        // A source: a name before a speech verb, or heading its spokesperson ("US Department
        // of State spokesperson Matthew Miller said").
        // "claimed responsibility" and "claimed credit" tell a deed, not speech.
        let source = (name.token_end..(name.token_end + 3).min(end))
            .any(|w| speech_verb(doc.word(w)) && !claims_deed(doc, w))
            || !wide && {
                let after = name.token_end + usize::from(matches!(doc.word(name.token_end), "'s" | "’s"));
                // "its Amaq news agency": a medium that carries a statement is a source too.
                speaker_noun(doc.word(after))
                    || doc.word(after) == "news" && speaker_noun(doc.word(after + 1))
            }
            || doc.word(name.token_start.wrapping_sub(1)) == "to"
                && doc.word(name.token_start.wrapping_sub(2)) == "according";
        // "the last attack in Western Europe": a name after a preposition of place is where,
        // not who.
        let at_place = matches!(doc.word(name.token_start.wrapping_sub(1)), "in" | "at" | "near" | "outside")
            || matches!(doc.word(name.token_start.wrapping_sub(2)), "in" | "at" | "near" | "outside")
                && doc.word(name.token_start.wrapping_sub(1)) == "the";
        match doc.kind(name_index).unwrap_or(name.kind) {
            EntityType::Org | EntityType::Misc
                if !source
                    && !at_place
                    && (name.token_end <= anchor + 1 || after_by || wide)
                    && doc.is_group(name_index)
                    && !modifies_trigger(doc, name.token_end, anchor) =>
            {
                if let Some(argument) = doc.name_argument(name_index, ArgumentKind::Organization) {
                    taken.push((name.token_start, name.token_end));
                    perpetrators.push(argument);
                }
            }
            EntityType::Per if !source && !in_people && (name.token_start > anchor || passive || wide) => {
                // On wire copy a named person may be the doer: "murdered by X", "X, who
                // murdered ...", "X ordered the massacre". Proposed in both roles; the trained
                // filter weighs the words around it.
                let accused = after_by
                    || !passive && name.token_end <= anchor
                    || (name.token_end..(name.token_end + 2).min(end)).any(|w| doc.word(w) == "who");
                if wide && accused {
                    if let Some(argument) = doc.name_argument(name_index, ArgumentKind::Individual) {
                        perpetrators.push(argument);
                    }
                }
                if let Some(argument) = doc.name_argument(name_index, ArgumentKind::Human) {
                    taken.push((name.token_start, name.token_end));
                    targets.push(argument);
                }
            }
            _ => {}
        }
    }
    // Groups known from MUC-4's training templates, which the tagger misses in capitals.
    let mut t = start;
    while t < end {
        match group_at(&doc.words, t) {
            // "the army said" is a source; "an army post" is the army's post, a target. The list
            // is of wire copy in capitals: in mixed case a listed word written in lower case is
            // a common noun ("the arena"), and one inside a longer name is part of that name
            // ("Manchester Arena").
            Some(n)
                if !wide
                    && ((t + n..(t + n + 3).min(end))
                        .any(|w| speech_verb(doc.word(w)) && !claims_deed(doc, w))
                        || physical_noun(doc.word(t + n))
                        || !names_the_group(doc, t, t + n)) =>
            {
                t += n;
            }
            Some(n) if !blocked(&taken, &people, t, t + n) && !inside_quote(t) => {
                taken.push((t, t + n));
                perpetrators.push(doc.argument(t, t + n, ArgumentKind::Organization));
                t += n;
            }
            _ => t += 1,
        }
    }
    if !perpetrators.iter().any(|p| p.kind == ArgumentKind::Organization) {
        if let Some(argument) = acronym_subject(doc, sentence.token_start, anchor) {
            perpetrators.push(argument);
        } else if let Some(argument) = group_reference(doc, start, anchor, antecedent) {
            perpetrators.push(argument);
        }
    }

    // Targets: people and things after the trigger, or before it in the passive.
    let target_range = if passive || wide { start..end } else { (first_trigger + 1).min(end)..end };
    for t in target_range {
        if inside_quote(t) || overlaps(&taken, t, t + 1) {
            continue;
        }
        let word = doc.word(t);
        let kind = if human_noun(word) {
            ArgumentKind::Human
        } else if physical_noun(word) {
            ArgumentKind::Physical
        } else {
            continue;
        };
        // A head is the last noun of its run: "power substation" has one head, not two.
        let next = doc.word(t + 1);
        if physical_noun(next) || human_noun(next) {
            continue;
        }
        let (first, last) = noun_phrase(doc, t, start);
        if overlaps(&taken, first, last) {
            continue;
        }
        // "according to current and former officials", "officials said": who reports the
        // event is not who suffered it. On wire copy the trained filter weighs this itself.
        let reporting = (first.saturating_sub(3).max(start)..first).any(|w| doc.word(w) == "according")
            || (last..(last + 2).min(end)).any(|w| speech_verb(doc.word(w)) && doc.word(w) != "according");
        if reporting && kind == ArgumentKind::Human && !wide {
            continue;
        }
        taken.push((first, last));
        targets.push(doc.argument(first, last, kind));
    }

    if kind == EventType::Attack || kind == EventType::ArmedAssault {
        let bombers = perpetrators.iter().any(|p| p.text.to_lowercase().contains("bomber"));
        let bombs = weapons.iter().any(|w| {
            let w = w.text.to_lowercase();
            w.contains("bomb") || w.contains("explosive") || w.contains("dynamite")
        });
        if bombers || bombs || subtype_found == Some("suicide") {
            kind = EventType::Bombing;
        }
    }
    if kind != EventType::Bombing && subtype_found == Some("vehicle") {
        subtype_found = None;
    }

    let (killed, injured) = casualties(doc, start, segment.end);
    let claimed = claim(doc, sentence.token_start, sentence.token_end);
    // A claim alone in its sentence is made from wherever the group speaks; the attack it
    // claims, which its incident holds, has the place.
    let location = if kind == EventType::Claim { None } else { location(doc, start, end, anchor) };
    let date = date(doc, index, anchor);
    let evidence = vec![doc.sentence_span(index)];
    let filled = [!perpetrators.is_empty(), !targets.is_empty(), location.is_some(), killed.is_some()]
        .iter()
        .filter(|f| **f)
        .count();
    let base = if kind == EventType::Threat { 0.3 } else { 0.45 };
    // One person harmed, said without a number, is a figure too, but too weak a sign of an
    // event to raise its confidence, so it is read after the count of filled arguments.
    // Mixed case only: the trained filter that vets wire copy in capitals learned from events
    // whose figures are numbers.
    let one = |harm: fn(&str) -> bool| if doc.all_caps { None } else { one_person(doc, start, end, harm) };
    let killed = killed
        .or_else(|| one(is_death_word))
        .map(|count| along_with(doc, sentence.token_end, count))
        .map(|count| with_the_killer(doc, sentence.token_start, sentence.token_end, count));
    let injured = injured.or_else(|| one(tells_hurt)).or_else(|| one_shot_survived(doc, start, end));
    Event {
        kind,
        subtype: subtype_found,
        trigger: doc.token_span(anchor, anchor + 1),
        date,
        location,
        perpetrators,
        targets,
        weapons,
        killed,
        injured,
        claimed,
        evidence,
        confidence: (base + 0.12 * filled as f32).min(0.95),
        follow_up: false,
    }
}

/// Folds the arguments of follow-up sentences into the nearest event before them (after them
/// when none is before), then drops the follow-ups: they are not reports of their own.
pub fn merge_follow_ups(events: &mut Vec<Event>) {
    let reports: Vec<usize> = (0..events.len()).filter(|&i| !events[i].follow_up).collect();
    if reports.is_empty() {
        events.clear();
        return;
    }
    for index in 0..events.len() {
        if !events[index].follow_up {
            continue;
        }
        let host = reports.iter().rev().find(|&&r| r < index).or(reports.first()).copied();
        let Some(host) = host else { continue };
        let (perpetrators, targets, weapons) = {
            let follow_up = &mut events[index];
            (
                std::mem::take(&mut follow_up.perpetrators),
                std::mem::take(&mut follow_up.targets),
                std::mem::take(&mut follow_up.weapons),
            )
        };
        let event = &mut events[host];
        event.perpetrators.extend(perpetrators);
        event.targets.extend(targets);
        event.weapons.extend(weapons);
    }
    events.retain(|event| !event.follow_up);
}

/// Local news tells one shooting over several sentences and often says who died or was hurt
/// in a sentence of its own, with no word of attack ("The teen was pronounced dead at the
/// hospital"). In such a sentence, one person harmed (see `one_person`) is the figure of the
/// nearest event before it that gives none. Mixed case only: wire copy in capitals has its
/// follow-up sentences folded by `merge_follow_ups` and vetted by the trained filter.
pub fn harm_told_after(doc: &Doc, events: &mut [Event]) {
    if doc.all_caps || events.is_empty() {
        return;
    }
    let sentence_of_event: Vec<Option<usize>> = events
        .iter()
        .map(|event| {
            let token = doc.ann.tokens.partition_point(|token| token.byte_end <= event.trigger.start);
            doc.ann.sentence_of_token(token)
        })
        .collect();
    for (index, sentence) in doc.ann.sentences.iter().enumerate() {
        if sentence_of_event.contains(&Some(index)) {
            continue;
        }
        let host = sentence_of_event
            .iter()
            .enumerate()
            .filter(|(_, found)| found.is_some_and(|found| found < index))
            .max_by_key(|(_, found)| **found)
            .map(|(host, _)| host);
        // A lede often tells the harm before the deed ("A Caldwell County teenager is dead
        // after …", "Police are investigating the death of a 10-year-old boy"): a sentence before
        // the first event is that event's.
        let first_event = sentence_of_event
            .iter()
            .enumerate()
            .filter_map(|(host, found)| Some((found.filter(|&found| found > index)?, host)))
            .min()
            .map(|(_, host)| host);
        let lede = host.is_none();
        let host = host.or(first_event);
        let Some(host) = host else { continue };
        let (start, end) = (sentence.token_start, sentence.token_end);
        // A lede counts too ("Four people are recovering from injuries after a brawl"), unless
        // it sums up many events ("130 people have been shot this year"); later sentences with
        // no word of attack count background and statistics more often than the event.
        let (killed, injured) =
            if lede && !is_statistic(doc, start, end) { casualties(doc, start, end) } else { (None, None) };
        let event = &mut events[host];
        if event.killed.is_none() {
            event.killed = killed.or_else(|| one_person(doc, start, end, is_death_word));
        }
        if event.injured.is_none() {
            event.injured = injured
                .or_else(|| one_person(doc, start, end, tells_hurt))
                .or_else(|| one_shot_survived(doc, start, end));
        }
    }
}

/// People shot in a document that tells a death are the dead and the hurt together: "Four
/// people were shot Sunday … Smith died at the hospital". Where an event's sentence counts people
/// shot and no one hurt, the hurt are those shot less the most dead any event of the document
/// counts (when one does); `casualties` cannot tell this from one sentence. Mixed case only, like
/// `harm_told_after`.
pub fn shot_less_dead(doc: &Doc, events: &mut [Event]) {
    if doc.all_caps || doc.tells_no_death {
        return;
    }
    // The dead must be counted somewhere: "two were shot … both died" counts no one hurt.
    let Some(dead) = events.iter().filter_map(|event| event.killed.as_ref()?.min).max() else { return };
    for event in events.iter_mut().filter(|event| event.injured.is_none()) {
        let token = doc.ann.tokens.partition_point(|token| token.byte_end <= event.trigger.start);
        let Some(sentence) = doc.ann.sentence_of_token(token).and_then(|index| doc.ann.sentences.get(index))
        else {
            continue;
        };
        let Some(shot) = people_shot(doc, sentence.token_start, sentence.token_end) else { continue };
        let Some(n_shot) = shot.min else { continue };
        if n_shot > dead {
            event.injured = Some(Count {
                min: Some(n_shot - dead),
                max: shot.max.map(|max| max.saturating_sub(dead)),
                ..shot
            });
        }
    }
}

/// A local story tells one shooting and gives its toll once, most often in its lede; its other
/// reports of the deed ("the shooting happened around 3 a.m.", "a man opened fire after an
/// argument") state no figure of their own, and are of the same deed. A report of violence
/// with neither killed nor injured takes the figures of the document's first report that gives
/// any, unless both state days more than a month apart (last year's shooting told as
/// background), or the story places events in two countries (the Kerman bombings in a story of
/// the Moscow attack). Arrests, threats, warnings and claims harm nobody and take no toll. Dates
/// of lesser precision, or a day against the document's own date, are too loose to tell two
/// deeds apart: restricting to reports of the same day or week lost exact figures on both
/// GVC and gva dev. Mixed case only, like `harm_told_after`.
pub fn figures_of_the_story(doc: &Doc, events: &mut [Event]) {
    if doc.all_caps {
        return;
    }
    let Some(source) = events.iter().position(|event| event.killed.is_some() || event.injured.is_some())
    else {
        return;
    };
    let (killed, injured) = (events[source].killed.clone(), events[source].injured.clone());
    let day = |event: &Event| {
        event
            .date
            .as_ref()
            .filter(|date| date.span.is_some() && date.precision == DatePrecision::Day)
            .and_then(|date| date.value)
    };
    // A story that tells attacks in two countries ("the Moscow attack … the Kerman bombings")
    // tells two tolls, and its reports with no place of their own could be of either.
    let mut countries = events.iter().filter_map(|event| event.location.as_ref()?.country);
    if let Some(first) = countries.next() {
        if countries.any(|other| other != first) {
            return;
        }
    }
    let source_day = day(&events[source]);
    let source_location = events[source].location.clone();
    // An arrest, a threat, a warning or a claim harms nobody: the toll is the deed's.
    let harms = |event: &Event| {
        !matches!(event.kind, EventType::Arrest | EventType::Threat | EventType::Warning | EventType::Claim)
    };
    for event in
        events.iter_mut().filter(|event| event.killed.is_none() && event.injured.is_none() && harms(event))
    {
        let apart = day(event).zip(source_day).is_some_and(|(a, b)| (a - b).num_days().abs() > 31);
        // A story that tells attacks in two countries ("the Moscow attack … the Kerman
        // bombings") tells two tolls.
        let elsewhere = match (&event.location, &source_location) {
            (Some(a), Some(b)) => a.country.is_some() && b.country.is_some() && a.country != b.country,
            _ => false,
        };
        if apart || elsewhere {
            continue;
        }
        event.killed = killed.clone();
        event.injured = injured.clone();
    }
}

/// A count of people shot with no word of death or injury near it ("four people were shot").
fn people_shot(doc: &Doc, start: usize, end: usize) -> Option<Count> {
    doc.ann.quantities.iter().find_map(|quantity| {
        if quantity.token_start < start || quantity.token_end > end {
            return None;
        }
        if is_age_quantity(doc, quantity) || counts_no_people(doc, quantity) {
            return None;
        }
        let mut near = (quantity.token_start.saturating_sub(4).max(start)..quantity.token_start)
            .chain(quantity.token_end..(quantity.token_end + 5).min(end));
        let harm = |word: &str| {
            is_death_word(word) || is_injury_word(word) || matches!(word, "deaths" | "lives" | "toll")
        };
        let mut shot = false;
        for t in near.by_ref() {
            if harm(doc.word(t)) {
                return None;
            }
            shot |= doc.word(t) == "shot" || is_shot_phrase(doc, t);
        }
        (shot && counts_people_shot(doc, quantity)).then(|| listed_with(doc, quantity, count_of(quantity)))
    })
}

/// Drops events told by a statistic: a sentence that counts over a stretch of time ("since
/// 2013", "this year", "in the last 17 months", "a month") and says it counts ("the number of",
/// "averaged", "statewide", "the fifth time", "have been shot") sums up many events and
/// reports none of them: "At this time last year, 130 people had been shot in Toledo".
pub fn drop_statistics(doc: &Doc, events: &mut Vec<Event>) {
    if doc.all_caps {
        return;
    }
    events.retain(|event| {
        let token = doc.ann.tokens.partition_point(|token| token.byte_end <= event.trigger.start);
        let Some(sentence) = doc.ann.sentence_of_token(token).and_then(|index| doc.ann.sentences.get(index))
        else {
            return true;
        };
        !is_statistic(doc, sentence.token_start, sentence.token_end)
    });
}

fn is_statistic(doc: &Doc, start: usize, end: usize) -> bool {
    let word = |t: usize| if t >= start && t < end { doc.word(t) } else { "" };
    let stretch = (start..end).any(|t| match word(t) {
        "since" => doc.ann.dates.iter().any(|d| d.token_start == t + 1),
        "year" => matches!(word(t.wrapping_sub(1)), "this" | "last" | "a" | "per"),
        "month" => matches!(word(t.wrapping_sub(1)), "a" | "per"),
        "months" | "years" | "decades" | "decade" => {
            matches!(word(t.wrapping_sub(2)), "last" | "past")
                || matches!(word(t.wrapping_sub(1)), "two" | "recent")
        }
        // Many events, not one: "injured in those shootings", "killed in attacks".
        "shootings" | "attacks" | "bombings" | "incidents" | "homicides" | "killings" => {
            matches!(word(t.wrapping_sub(1)), "those" | "these" | "in" | "all")
        }
        // A whole year: "shot themselves or someone else in 2015".
        "in" | "during" => doc.ann.dates.iter().any(|date| {
            date.token_start == t + 1 && date.token_end == t + 2 && date.precision == DatePrecision::Year
        }),
        _ => false,
    });
    let counting = (start..end).any(|t| match word(t) {
        "number" | "averaged" | "average" | "statewide" | "nationwide" | "rate" | "tally" | "data"
        | "statistics" => true,
        "time" => {
            word(t.wrapping_sub(1)).ends_with("th")
                || matches!(word(t.wrapping_sub(1)), "first" | "second" | "third")
        }
        "been" | "seen" => matches!(word(t.wrapping_sub(1)), "have" | "has" | "had"),
        "killed" | "died" | "shot" | "injured" | "wounded" => {
            matches!(word(t.wrapping_sub(1)), "have" | "had")
        }
        _ => false,
    });
    stretch && counting
}

/// A document that tells one person hurt ("a 2-year-old was critically injured") and one
/// person dead ("the 2-year-old who was shot has died"), each without a number, tells of one
/// victim who died of the wounds: the hurt figure is dropped. A sentence that marks the hurt
/// as someone else ("also", "another", "others", "second") keeps it.
pub fn hurt_then_dead(doc: &Doc, events: &mut [Event]) {
    let one_person = |count: &Option<Count>| {
        count
            .as_ref()
            .is_some_and(|count| count.min == Some(1) && count.text.split_whitespace().nth(1).is_some())
    };
    let only_one_dead = events.iter().all(|event| event.killed.is_none() || one_person(&event.killed))
        && events.iter().any(|event| one_person(&event.killed));
    let only_one_hurt = events.iter().all(|event| event.injured.is_none() || one_person(&event.injured));
    if !only_one_dead || !only_one_hurt {
        return;
    }
    for event in events.iter_mut().filter(|event| one_person(&event.injured)) {
        let sentence = event.evidence.first().map_or(String::new(), |span| doc.slice(*span).to_lowercase());
        // "A girl was killed and her father is in stable condition": one sentence that tells a
        // death and, apart from it, someone hurt tells of two people.
        let told_apart = match (&event.killed, &event.injured) {
            (Some(dead), Some(hurt)) => {
                let within =
                    |span: Span| event.evidence.iter().any(|e| e.start <= span.start && span.end <= e.end);
                within(dead.span)
                    && within(hurt.span)
                    && (dead.span.end <= hurt.span.start || hurt.span.end <= dead.span.start)
            }
            _ => false,
        };
        let someone_else = told_apart
            || sentence
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| matches!(word, "also" | "another" | "others" | "other" | "second"));
        if !someone_else {
            event.injured = None;
        }
    }
}

/// One person shot ("a child was shot Thursday", "her father shot a 12-year-old"), in a
/// document where no word tells of a death, was hurt: news of a shooting always says when its
/// victim died, so a report that never does tells of someone wounded. A document that tells
/// any death (even another one) is left alone, since the victim may be the one who died.
fn one_shot_survived(doc: &Doc, start: usize, end: usize) -> Option<Count> {
    if doc.tells_no_death {
        one_person(doc, start, end, |word| word == "shot")
    } else {
        None
    }
}

/// Words that tell of a death, as `one_shot_survived` reads a whole document.
pub(crate) fn tells_of_death(word: &str) -> bool {
    is_death_word(word)
        || matches!(
            word,
            "fatal"
                | "deadly"
                | "homicide"
                | "killing"
                | "killings"
                | "murder"
                | "slaying"
                | "deaths"
                | "kill"
                | "suicide"
                | "lifeless"
                | "deceased"
                | "corpse"
                | "body"
                | "bodies"
        )
}

/// A claim verb whose object is the deed ("claimed responsibility", "admitted responsibility",
/// "claimed credit"): its subject did the attack, where "claimed that …" only reports.
fn claims_deed(doc: &Doc, w: usize) -> bool {
    matches!(doc.word(w), "claimed" | "claims" | "claiming" | "admitted" | "acknowledged" | "claim")
        && matches!(doc.word(w + 1), "responsibility" | "credit")
}

/// "men" and "individuals" are attackers only when described as such: "armed men".
fn perpetrator_fits(doc: &Doc, t: usize) -> bool {
    match doc.word(t) {
        "men" | "individuals" | "squad" | "squads" | "commando" | "fighters" => {
            let previous = doc.word(t.wrapping_sub(1));
            matches!(
                previous,
                "armed"
                    | "unidentified"
                    | "masked"
                    | "hooded"
                    | "unknown"
                    | "heavily-armed"
                    | "death"
                    | "urban"
                    | "guerrilla"
                    | "terrorist"
                    | "suicide"
                    | "isis"
                    | "hit"
            ) || (doc.word(t) == "fighters"
                && doc.name_at.get(t.wrapping_sub(1)).copied().flatten().is_some())
        }
        _ => true,
    }
}

/// True when token `t` is part of a count before a noun of people: "two", "several", "12".
fn counts_people(doc: &Doc, t: usize) -> bool {
    matches!(
        doc.word(t),
        "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten" | "several" | "dozens"
    ) || doc.ann.quantities.iter().any(|q| q.token_start <= t && t < q.token_end)
}

/// True when tokens `first..last` overlap a span taken by anything but a described attacker:
/// a group named inside "members of the FMLN" is a perpetrator too.
fn blocked(taken: &[(usize, usize)], people: &[(usize, usize)], first: usize, last: usize) -> bool {
    taken.iter().any(|span @ (a, b)| first < *b && *a < last && !people.contains(span))
}

fn overlaps(taken: &[(usize, usize)], first: usize, last: usize) -> bool {
    taken.iter().any(|(a, b)| first < *b && *a < last)
}

/// In mixed-case text, an all-capitals word the tagger did not call a person or place
/// ("ISKP", "ISIS-K") that opens the sentence or claims responsibility before the trigger:
/// groups go by acronyms.
fn acronym_subject(doc: &Doc, start: usize, anchor: usize) -> Option<Argument> {
    if doc.all_caps {
        return None;
    }
    (start..anchor).find_map(|t| {
        let token = doc.ann.tokens.get(t)?;
        let text = doc.slice(Span { start: token.byte_start, end: token.byte_end });
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let untagged = match doc.name_at.get(t).copied().flatten() {
            None => true,
            Some(i) => matches!(doc.kind(i), Some(EntityType::Org | EntityType::Misc)),
        };
        let acronym = letters >= 3 && text.chars().all(|c| c.is_uppercase() || c == '-') && untagged;
        let subject = t == start || matches!(doc.word(t + 1), "claimed" | "," | "has" | "said");
        (acronym && subject && !is_country(text)).then(|| doc.argument(t, t + 1, ArgumentKind::Organization))
    })
}

/// "its attack", "the group", "the same group", "it" before the trigger, with no group named in
/// the sentence: the group that did the last event reported before (`antecedent`), else the
/// group named most often earlier in the document. A group a text refers back to is the one it
/// has been telling about, which a passing mention ("the Muslim group considers …", a command
/// that employed a speaker) is not.
fn group_reference(
    doc: &Doc,
    start: usize,
    anchor: usize,
    antecedent: Option<&Argument>,
) -> Option<Argument> {
    let reference = (start..anchor).find(|&t| {
        matches!(doc.word(t), "its" | "it")
            || (doc.word(t) == "group" && matches!(doc.word(t.wrapping_sub(1)), "the" | "same"))
    })?;
    if let Some(antecedent) = antecedent {
        let mut argument = antecedent.clone();
        argument.span = doc.token_span(reference, reference + 1);
        return Some(argument);
    }
    // A name that only modifies "group" ("the Muslim group") describes the group, like the
    // reference itself; the antecedent is among the names before it, tagged or known to the
    // knowledge base. "The group" is the group the text is about: the one named most often so
    // far, the latest among equals (an agency quoted once in between is not it).
    let tagged = doc.ann.names.iter().enumerate().filter(|(index, name)| {
        name.token_end <= start && doc.is_group(*index) && doc.word(name.token_end) != "group"
    });
    let before = doc.ann.tokens.get(start).map_or(usize::MAX, |token| token.byte_start);
    let mut earlier: Vec<(Span, Option<usize>)> = tagged
        .map(|(index, name)| (Span { start: name.byte_start, end: name.byte_end }, Some(index)))
        .collect();
    // Only in mixed case: there the tagger misses acronyms, while wire copy in capitals has
    // its group names tagged and every argument vetted by the trained filter.
    let known_groups = if doc.all_caps { &[][..] } else { doc.context.groups };
    for known in known_groups.iter().filter(|known| known.end <= before) {
        if !earlier.iter().any(|(span, _)| span.start < known.end && known.start < span.end) {
            earlier.push((*known, None));
        }
    }
    earlier.sort_by_key(|(span, _)| span.start);
    let mut times_named: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (span, _) in &earlier {
        *times_named.entry(doc.slice(*span)).or_default() += 1;
    }
    let (span, name_index) = earlier
        .iter()
        .enumerate()
        .max_by_key(|(order, (span, _))| (times_named.get(doc.slice(*span)).copied().unwrap_or(0), *order))
        .map(|(_, found)| *found)?;
    let Some(name_index) = name_index else {
        // A group only the knowledge base found: its own words are where linking will look.
        return Some(Argument {
            text: doc.slice(span).to_string(),
            span,
            name: None,
            kind: ArgumentKind::Organization,
        });
    };
    let mut argument = doc.name_argument(name_index, ArgumentKind::Organization)?;
    // The reference's own span is the evidence; the name is where linking will look.
    argument.span = doc.token_span(reference, reference + 1);
    Some(argument)
}

/// Counts next to a word of death or injury within the sentence.
///
/// A count of people shot ("four people were shot", "Four shot in Broad Ripple") is a count of
/// the hurt when nothing near it says they died: news of shootings, like the Gun Violence
/// Archive, tells the dead apart ("two of them fatally", "one died") and counts the rest as
/// wounded, so the dead the sentence counts are taken off ("five were shot, two fatally": two
/// killed, three injured).
fn casualties(doc: &Doc, start: usize, end: usize) -> (Option<Count>, Option<Count>) {
    let mut killed = None;
    let mut injured = None;
    let mut shot: Option<Count> = None;
    for quantity in &doc.ann.quantities {
        if quantity.token_start < start || quantity.token_end > end {
            continue;
        }
        if is_age_quantity(doc, quantity) || counts_no_people(doc, quantity) {
            continue;
        }
        let near = (quantity.token_start.saturating_sub(4).max(start)..quantity.token_start)
            .chain(quantity.token_end..(quantity.token_end + 5).min(end));
        let mut death = None;
        let mut hurt = None;
        let mut shot_near = false;
        // "A man was killed and five others were injured": a word of harm before the count and
        // cut from it by "and" or a comma tells of the clause before, when a word of harm follows.
        let harm_after = (quantity.token_end..(quantity.token_end + 5).min(end))
            .any(|t| is_death_word(doc.word(t)) || is_injury_word(doc.word(t)) || counts_hurt(doc.word(t)));
        let cut_off = |t: usize| {
            t < quantity.token_start
                && harm_after
                && (t + 1..quantity.token_start).any(|u| matches!(doc.word(u), "and" | ","))
        };
        for t in near {
            let distance = t.abs_diff(quantity.token_start);
            if cut_off(t) {
                continue;
            }
            match doc.word(t) {
                // A toll is of the dead: "a toll of 60". "Two of them fatally" counts the dead.
                "killed" | "killing" | "dead" | "deaths" | "death" | "lives" | "died" | "bodies"
                | "fatalities" | "murdered" | "massacred" | "slain" | "killings" | "kill" | "murder"
                | "toll" | "fatally" => {
                    death = Some(death.map_or(distance, |d: usize| d.min(distance)));
                }
                // "Three people with gunshot wounds", "sent four people to the hospital": people
                // shot, whom the story may yet tell dead (the dead have wounds and go to hospital).
                _ if is_shot_phrase(doc, t) => shot_near = true,
                word if counts_hurt(word) => {
                    hurt = Some(hurt.map_or(distance, |d: usize| d.min(distance)));
                }
                // "Shot dead", "shot to death" count the dead.
                "shot"
                    if doc.word(t + 1) == "dead"
                        || (doc.word(t + 1) == "to" && doc.word(t + 2) == "death") =>
                {
                    death = Some(death.map_or(distance, |d: usize| d.min(distance)));
                }
                "shot" => shot_near = true,
                _ => {}
            }
        }
        if shot_near && death.is_none() && hurt.is_none() && counts_people_shot(doc, quantity) {
            shot.get_or_insert_with(|| count_of(quantity));
            continue;
        }
        // "All four people involved in a shooting early Saturday have now died", "Two young St.
        // Louis County boys are dead": a count of people that is the subject of a death told
        // further on in its clause.
        if death.is_none() && hurt.is_none() && !doc.all_caps {
            if let Some(distance) = subject_dies(doc, quantity, end) {
                death = Some(distance);
            }
        }
        // "The death toll from Friday's attack … rose to 137": the toll is the subject, far from
        // its figure, which follows "to", "at", "of" or a verb of reaching.
        if death.is_none() && hurt.is_none() {
            let toll_before = (start..quantity.token_start).any(|t| doc.word(t) == "toll");
            let reaching = matches!(
                doc.word(quantity.token_start.wrapping_sub(1)),
                "to" | "at" | "of" | "reached" | "hit" | "is" | "was" | "passed" | "topped"
            );
            if toll_before && reaching {
                death = Some(usize::MAX);
            }
        }
        // At equal distance, the word after the count tells what it counts: "one person was
        // killed and five others injured" counts five hurt.
        let after = |word: fn(&str) -> bool| {
            (quantity.token_end..(quantity.token_end + 5).min(end)).any(|t| word(doc.word(t)))
        };
        let hurt_after = after(counts_hurt);
        // "One person is in critical condition and four others are being treated": a count of
        // "others" hurt adds to the hurt counted before it.
        let others = (quantity.token_end..(quantity.token_end + 2).min(end))
            .any(|t| matches!(doc.word(t), "others" | "other" | "more"));
        let add_hurt = |injured: &mut Option<Count>| match injured {
            Some(earlier) if others => {
                let more = coordinated_count(doc, quantity);
                if let (Some(a), Some(b)) = (earlier.min, more.min) {
                    earlier.min = Some(a + b);
                    earlier.max = earlier.max.zip(more.max).map(|(a, b)| a + b);
                }
            }
            Some(_) => {}
            None => *injured = Some(coordinated_count(doc, quantity)),
        };
        match (death, hurt) {
            (Some(d), Some(h)) if h < d || (h == d && hurt_after) => add_hurt(&mut injured),
            (Some(_), _) => {
                killed.get_or_insert_with(|| coordinated_count(doc, quantity));
            }
            (None, Some(_)) => add_hurt(&mut injured),
            (None, None) => {}
        }
    }
    // Where the document tells a death the sentence does not count, the people shot may be
    // the dead: "The two were shot multiple times Friday morning and died at the scene".
    let deaths_elsewhere =
        killed.is_none() && (!doc.tells_no_death || (start..end).any(|t| tells_of_death(doc.word(t))));
    if let (None, Some(shot), false) = (&injured, shot, deaths_elsewhere) {
        let dead = killed.as_ref().map_or(Some(0), |count: &Count| count.min);
        injured = match (shot.min, dead) {
            (Some(n_shot), Some(n_dead)) if n_shot > n_dead => Some(Count {
                min: Some(n_shot - n_dead),
                max: shot.max.map(|max| max.saturating_sub(n_dead)),
                ..shot
            }),
            _ => None,
        };
    }
    (killed, injured)
}

/// How far the death is when the count `quantity` of people is the subject of a verb of death
/// later in its clause: the people named within six words, then up to ten words with no other
/// count, no "and", comma or relative pronoun before "died", "dead" or a passive "killed".
fn subject_dies(doc: &Doc, quantity: &sightline_nlp::Quantity, end: usize) -> Option<usize> {
    let people = |word: &str| {
        human_noun(word)
            || matches!(word, "people" | "men" | "women" | "boys" | "girls" | "kids" | "victims" | "adults")
    };
    let head = (quantity.token_end..(quantity.token_end + 6).min(end)).find(|&t| people(doc.word(t)))?;
    let stops = |t: usize| {
        matches!(doc.word(t), "and" | "," | "who" | "that" | "which" | "but" | "after" | "before" | "when")
            || doc.ann.quantities.iter().any(|q| q.token_start == t)
    };
    if (quantity.token_end..head).any(stops) {
        return None;
    }
    let death = (head + 1..(head + 11).min(end)).take_while(|&t| !stops(t)).find(|&t| match doc.word(t) {
        "died" | "dead" => true,
        "killed" | "slain" => matches!(doc.word(t - 1), "were" | "been" | "are"),
        _ => false,
    })?;
    Some(death - quantity.token_start)
}

/// The count of a quantity, summed with a count of other people coordinated with it: "three
/// children and two adults were found dead" is five dead, not two.
fn coordinated_count(doc: &Doc, quantity: &sightline_nlp::Quantity) -> Count {
    let people = |t: usize| {
        let word = doc.word(t);
        human_noun(word)
            || matches!(word, "adults" | "children" | "men" | "women" | "kids" | "boys" | "girls")
    };
    // The people a count counts, after up to three words that describe them ("13 American
    // service members"): the token of their noun.
    let people_counted = |from: usize| {
        (from..from + 4).take_while(|&t| t < doc.words.len()).find(|&t| people(t)).filter(|&head| {
            (from..head).all(|t| {
                let word = doc.word(t);
                word.chars().next().is_some_and(char::is_alphabetic)
                    && !matches!(word, "and" | "or" | "of" | "in" | "at" | "were" | "was" | "who" | "had")
            })
        })
    };
    let partner = doc.ann.quantities.iter().find(|other| {
        let before = other.token_end < quantity.token_start
            && people_counted(other.token_end)
                .is_some_and(|head| doc.word(head + 1) == "and" && head + 2 == quantity.token_start);
        let after = quantity.token_end < other.token_start
            && people_counted(quantity.token_end)
                .is_some_and(|head| doc.word(head + 1) == "and" && head + 2 == other.token_start)
            && people_counted(other.token_end).is_some();
        (before || after) && !is_age_quantity(doc, other)
    });
    let count = count_of(quantity);
    let Some(partner) = partner else { return listed_with(doc, quantity, count) };
    let (Some(mine), Some(theirs)) = (quantity.min, partner.min) else { return count };
    let span = Span {
        start: quantity.byte_start.min(partner.byte_start),
        end: quantity.byte_end.max(partner.byte_end),
    };
    Count {
        min: Some(mine + theirs),
        max: quantity.max.zip(partner.max).map(|(a, b)| a + b),
        text: doc.text.get(span.start..span.end).unwrap_or_default().to_string(),
        span,
        ..count
    }
}

/// The dead a count names, plus the people after "along with" close behind it: "Two young boys
/// are dead along with their father", "were shot dead along with their mother Nicole".
fn along_with(doc: &Doc, end: usize, count: Count) -> Count {
    if doc.all_caps {
        return count;
    }
    let last = doc.ann.tokens.partition_point(|token| token.byte_end <= count.span.end);
    let Some(along) =
        (last..(last + 8).min(end)).find(|&t| doc.word(t) == "along" && doc.word(t + 1) == "with")
    else {
        return count;
    };
    let person =
        (along + 2..(along + 6).min(end)).find(|&t| names_one_person(doc, t) || is_person_name(doc, t));
    let Some(person) = person else { return count };
    if !(along + 2..person)
        .all(|t| matches!(doc.word(t), "a" | "an" | "the" | "his" | "her" | "their" | "its"))
        && !is_person_name(doc, along + 2)
    {
        return count;
    }
    let n_people = people_listed(doc, person, false, along + 2, end).map_or(1, |(n, _, _)| n);
    let span = Span { start: count.span.start, end: doc.token_span(person, person + 1).end };
    Count {
        min: count.min.map(|n| n + n_people),
        max: count.max.map(|n| n + n_people),
        text: doc.slice(span).to_string(),
        span,
        ..count
    }
}

/// A count of people summed with the people listed beside it: "Diana Gomez, 27, and her two
/// children were shot" is three, "two children and a woman were killed" three.
fn listed_with(doc: &Doc, quantity: &sightline_nlp::Quantity, count: Count) -> Count {
    let Some(sentence) =
        doc.ann.sentence_of_token(quantity.token_start).and_then(|index| doc.ann.sentences.get(index))
    else {
        return count;
    };
    let (start, end) = (sentence.token_start, sentence.token_end);
    let listed = people_listed(doc, quantity.token_start, true, start, end)
        .or_else(|| people_listed(doc, quantity.token_start, false, start, end));
    let Some((n_people, first, last)) = listed else { return count };
    let Some(mine) = quantity.min else { return count };
    if n_people <= mine {
        return count;
    }
    let span = doc.token_span(first, last + 1);
    Count {
        min: Some(n_people),
        max: quantity.max.map(|max| max + n_people - mine),
        text: doc.slice(span).to_string(),
        span,
        ..count
    }
}

/// The dead a sentence counts, plus the killer when the same sentence says the killer died by
/// their own hand ("shot his brother to death … and killed himself", "killed two before
/// committing suicide"): the count names the victims, and the killer is dead too. A count
/// whose words already take in the killer ("Smith killed himself") is left as it is.
fn with_the_killer(doc: &Doc, start: usize, end: usize, count: Count) -> Count {
    let kills = |t: usize| matches!(doc.word(t), "killed" | "killing" | "kills" | "murdered");
    // The first and last tokens of the words that tell the killer's death.
    let self_killing = (start..end).find_map(|t| {
        let word = doc.word(t);
        let before = doc.word(t.wrapping_sub(1));
        let reflexive = matches!(word, "himself" | "herself");
        if reflexive && kills(t.wrapping_sub(1)) {
            return Some((t.saturating_sub(3), t));
        }
        // "killed his two children and himself", "killed the boy and then himself".
        if reflexive
            && matches!(before, "and" | "then")
            && (start..t.saturating_sub(1)).any(kills)
            && !(t.saturating_sub(1)..t).any(|u| doc.word(u) == "shot")
        {
            return Some((if doc.word(t.wrapping_sub(2)) == "and" { t - 2 } else { t - 1 }, t));
        }
        // "killed his son before fatally shooting himself": with someone else killed before, or
        // the words tell of the victim's own death ("her son … fatally shot himself").
        let killed_before = (start..t.saturating_sub(2)).any(kills);
        if reflexive
            && killed_before
            && matches!(before, "shooting" | "shot")
            && doc.word(t.wrapping_sub(2)) == "fatally"
        {
            return Some((t - 2, t));
        }
        // "before turning the gun on herself".
        if reflexive
            && killed_before
            && before == "on"
            && matches!(doc.word(t.wrapping_sub(2)), "gun" | "weapon" | "rifle" | "shotgun" | "handgun")
            && matches!(doc.word(t.wrapping_sub(4)), "turning" | "turned" | "turns" | "turn")
        {
            return Some((t - 4, t));
        }
        if (word == "suicide" && matches!(before, "committed" | "committing" | "commits"))
            || (word == "life"
                && before == "own"
                && matches!(doc.word(t.wrapping_sub(3)), "took" | "taking" | "takes"))
        {
            return Some((t.saturating_sub(3), t));
        }
        None
    });
    let Some((first, last)) = self_killing else { return count };
    let phrase = doc.token_span(first.max(start), last + 1);
    if count.span.start < phrase.end && phrase.start < count.span.end {
        return count;
    }
    Count { min: count.min.map(|n| n + 1), max: count.max.map(|n| n + 1), ..count }
}

/// The word at `t` tells people shot without telling whether they lived: a gunshot wound, a
/// hospital they were taken to.
fn is_shot_phrase(doc: &Doc, t: usize) -> bool {
    match doc.word(t) {
        "wounds" | "wound" => matches!(doc.word(t.wrapping_sub(1)), "gunshot" | "bullet"),
        "hospital" | "hospitals" => true,
        _ => false,
    }
}

/// A number of people shot is followed by the people ("four people were shot", "two men
/// shot") or by the verb itself ("Four shot in Broad Ripple", "four were shot"); a number
/// followed by anything else near "shot" is a street number, a calibre or an age.
fn counts_people_shot(doc: &Doc, quantity: &sightline_nlp::Quantity) -> bool {
    let next = doc.word(quantity.token_end);
    let plural_person = (human_noun(next) && next.ends_with('s'))
        || matches!(
            next,
            "people"
                | "men"
                | "women"
                | "children"
                | "others"
                | "victims"
                | "teens"
                | "kids"
                | "females"
                | "males"
                | "patrons"
                | "adults"
                | "teenagers"
                | "juveniles"
        );
    let verb =
        next == "shot" || (matches!(next, "were" | "are") && doc.word(quantity.token_end + 1) == "shot");
    (plural_person || verb) && quantity.min.is_some_and(|min| min >= 1)
}

/// A number that counts no people: an address ("the 7700 block of Utica": American news
/// places a crime by its block), the emergency number ("called 911"), or charges ("two counts
/// of murder", "several charges").
fn counts_no_people(doc: &Doc, quantity: &sightline_nlp::Quantity) -> bool {
    // A house number: three digits or more before a capitalised name ("his 427 Wilclay Dr
    // home", "2224 First St.").
    let address = quantity.text.len() >= 3
        && quantity.text.chars().all(|c| c.is_ascii_digit())
        && doc
            .slice(doc.token_span(quantity.token_end, quantity.token_end + 1))
            .starts_with(char::is_uppercase);
    // A year: four digits from 1900 to 2099, written without a separator ("the 2014 killing of
    // Tamir", "in 2019 shootings").
    let year = quantity.text.len() == 4
        && quantity.text.parse::<u32>().is_ok_and(|number| (1900..2100).contains(&number))
        && !human_noun(doc.word(quantity.token_end));
    matches!(
        doc.word(quantity.token_end),
        "block"
            | "blocks"
            | "counts"
            | "count"
            | "charges"
            | "charge"
            | "caliber"
            | "calibre"
            // People and things that are never the harmed: "several witnesses reported", "fired
            // three shots".
            | "witnesses"
            | "suspects"
            | "shots"
            | "rounds"
            | "bullets"
            | "times"
    ) || quantity.text == "911"
        || address
        || year
}

/// An age is not a count of people: "Smith, 24, was killed", "a 4-year-old", "24 years old".
fn is_age_quantity(doc: &Doc, quantity: &sightline_nlp::Quantity) -> bool {
    // "Smith, 24, was shot", and at the end of a sentence "… killed Blake Shurling, 20."
    let after = doc.word(quantity.token_end);
    let apposition = doc.word(quantity.token_start.wrapping_sub(1)) == ","
        && (after == ","
            || matches!(after, "." | "")
                && doc.word(quantity.token_start.wrapping_sub(2)).chars().all(char::is_alphabetic));
    // "ages 3 and 4", "aged 19 to 24", "believed to be 30 and 60": a number after words that
    // give an age, and the number coordinated with it.
    let aged_at = |t: usize| {
        matches!(doc.word(t.wrapping_sub(1)), "aged" | "ages" | "age")
            || (doc.word(t.wrapping_sub(1)) == "be" && doc.word(t.wrapping_sub(2)) == "to")
    };
    let start = quantity.token_start;
    let aged = aged_at(start)
        || (matches!(doc.word(start.wrapping_sub(1)), "and" | "to" | "or")
            && doc.word(start.wrapping_sub(2)).chars().all(|c| c.is_ascii_digit())
            && aged_at(start.wrapping_sub(2)));
    apposition || aged || is_age(doc, quantity.token_end)
}

/// True when the words from token `after` on make the number before them an age: "-year-old",
/// "years old".
/// What "suicide" names an attack by when it comes before it: "suicide bomber", "suicide car
/// bomb", "suicide commando".
fn suicide_means(word: &str) -> bool {
    matches!(
        word,
        "bomber"
            | "bombers"
            | "bombing"
            | "bombings"
            | "bomb"
            | "attack"
            | "attacks"
            | "attacker"
            | "attackers"
            | "blast"
            | "blasts"
            | "explosion"
            | "explosions"
            | "vest"
            | "vests"
            | "belt"
            | "belts"
            | "car"
            | "truck"
            | "mission"
            | "operation"
            | "commando"
            | "commandos"
            | "squad"
    )
}

/// Plural nouns of the young and of kin that news counts people by: "her two children", "three
/// boys".
fn plural_kin(word: &str) -> bool {
    matches!(word, "children" | "kids" | "sons" | "daughters" | "grandchildren" | "boys" | "girls" | "adults")
}

fn is_age(doc: &Doc, after: usize) -> bool {
    let next = doc.word(after);
    next.ends_with("year-old")
        || next.ends_with("years-old")
        || matches!(next, "y.o" | "y.o." | "yo" | "yr-old")
        || (next == "y" && doc.word(after + 1) == "." && doc.word(after + 2).starts_with('o'))
        || (next == "-" && doc.word(after + 1).starts_with("year"))
        || (matches!(next, "years" | "year") && doc.word(after + 1) == "old")
}

/// Words that tell one death of someone named beside them. "Succumbed" ("he succumbed to his
/// injuries") is a death whatever follows it; "killing", "slaying" and "fatal" are read as
/// nouns of the deed ("the killing of a 15-year-old", "the fatal shooting of a teen").
fn is_death_word(word: &str) -> bool {
    matches!(
        word,
        "deceased"
            | "killed"
            | "dead"
            | "died"
            | "dies"
            | "fatally"
            | "slain"
            | "murdered"
            | "death"
            | "succumbed"
            | "killing"
            | "slaying"
            | "fatal"
    )
}

/// "16-year old", "17 year old": the age written apart from "old".
fn is_year_word(word: &str) -> bool {
    matches!(word, "year" | "years") || word.ends_with("-year") || word.ends_with("-years")
}

/// A word that tells one person hurt: an injury, or the state of the hurt ("in stable
/// condition", and "in critical condition" beside someone else's death: see `one_person_at`).
fn tells_hurt(word: &str) -> bool {
    is_injury_word(word) || matches!(word, "stable" | "critical")
}

fn is_injury_word(word: &str) -> bool {
    matches!(
        word,
        "wounded" | "injured" | "hurt" | "injuries" | "injury" | "wound" | "hospitalized" | "hospitalised"
    )
}

/// One person harmed, when the clause says so without a number: "a 4-year-old boy was shot
/// and killed", "a man died", "Smith was fatally shot", "a woman was wounded". News names a
/// single victim by an article and a noun, or by name, and counts only from two on; without
/// this rule, most single-victim reports would give no figure at all. The person must stand
/// within twelve words before the word of harm, with no plural or count between, so "a man
/// fired at the crowd and five died" is not one dead.
fn one_person(doc: &Doc, start: usize, end: usize, harm: fn(&str) -> bool) -> Option<Count> {
    // Each word of harm in turn: the first may name no one ("a death investigation is underway
    // after a 16-year old was shot and killed").
    let mut harmed = (start..end).filter(|&t| harm(doc.word(t)));
    let at = harmed.by_ref().find(|&at| one_person_at(doc, start, end, at).is_some())?;
    let mut count = one_person_at(doc, start, end, at)?;
    // "A father killed his ex-girlfriend, then drove their son to Pittston where he killed the
    // boy": each verb in the active voice with its own object harms other people.
    let object_of = |at: usize, count: &Count| {
        matches!(doc.word(at), "killed" | "murdered") && count.span.start == doc.token_span(at, at + 1).start
    };
    // "Mancera was pronounced dead at the scene, and the toddler was taken to a hospital where
    // she died": a clause after "and" with a subject of its own, harmed, is someone else.
    let own_subject = |more: &Count| {
        let first = doc.ann.tokens.partition_point(|token| token.byte_end <= more.span.start);
        let joined = (first.saturating_sub(3).max(start)..first).any(|t| doc.word(t) == "and");
        let refers_back = matches!(doc.word(first), "victim" | "he" | "she" | "they")
            || (first + 1 < end && doc.word(first + 1) == "victim");
        joined && !refers_back
    };
    if !doc.all_caps {
        let object = object_of(at, &count);
        for later in harmed {
            let Some(more) = one_person_at(doc, start, end, later) else { continue };
            if more.span.start < count.span.end {
                continue;
            }
            let other_victim =
                (object && matches!(doc.word(later), "killed" | "murdered") && object_of(later, &more))
                    || (!object_of(later, &more) && own_subject(&more));
            if other_victim {
                count.min = count.min.zip(more.min).map(|(a, b)| a + b);
                count.max = count.max.zip(more.max).map(|(a, b)| a + b);
                count.span.end = more.span.end;
                count.text = doc.slice(count.span).to_string();
            }
        }
    }
    Some(count)
}

/// [`one_person`] for the word of harm at token `at`.
fn one_person_at(doc: &Doc, start: usize, end: usize, at: usize) -> Option<Count> {
    let is_injury = !is_death_word(doc.word(at));
    // "The father was not injured", "no one was hurt".
    if (at.saturating_sub(3).max(start)..at).any(|t| matches!(doc.word(t), "not" | "no" | "never" | "n't")) {
        return None;
    }
    // "Found with a single gunshot wound": the dead have wounds too, so a wound is someone hurt
    // only in a document that tells no death (as `one_shot_survived` reads people shot).
    if matches!(doc.word(at), "wound" | "injury") && !doc.tells_no_death {
        return None;
    }
    let plural = |t: usize| {
        let word = doc.word(t);
        human_noun(word) && word.ends_with('s')
            || matches!(word, "people" | "children" | "both" | "all" | "two" | "three")
            || doc
                .ann
                .quantities
                .iter()
                .any(|q| q.token_start == t && !is_age_quantity(doc, q) && !counts_no_people(doc, q))
    };
    let singular = |t: usize| names_one_person(doc, t);
    let person_named = |t: usize| is_person_name(doc, t);
    // A noun needs its article or a possessive ("a man", "the victim", "his wife"); a name
    // stands alone.
    let with_article = |found: usize, from: usize| {
        // "a 16-year old": the age takes up to three tokens of its own.
        let reach = if doc.word(found) == "old" { 5 } else { 3 };
        person_named(found)
            || (found.saturating_sub(reach).max(from)..found)
                .any(|t| matches!(doc.word(t), "a" | "an" | "the" | "one" | "his" | "her"))
    };
    // The person harmed before the word of harm ("a man was killed"), or after it as its object
    // ("killed a 14-year-old", "the death of a 68-year-old man").
    let before = at.saturating_sub(12).max(start)..at;
    let after_start = if doc.word(at + 1) == "of" { at + 2 } else { at + 1 };
    let after = after_start..(after_start + 6).min(end);
    let transitive = matches!(
        doc.word(at),
        "killed" | "murdered" | "death" | "wounded" | "injured" | "shot" | "killing" | "slaying" | "fatal"
    ) && !matches!(doc.word(at.wrapping_sub(1)), "was" | "were" | "is" | "been" | "be");
    let object = || {
        if !transitive {
            return None;
        }
        let first_plural = after.clone().find(|&t| plural(t)).unwrap_or(after.end);
        // Right after the verb, an age stands for its article: "killing 30-year-old Rachael
        // Johnson".
        (after.start..first_plural).find(|&t| singular(t) || person_named(t)).filter(|&t| {
            with_article(t, after.start) || (t == after.start && doc.word(t).ends_with("year-old"))
        })
    };
    // A verb in the active voice harms its object, not its subject: "Sheffield killed Elizabeth
    // Flores", "Anderson is accused of killing Rachael Johnson". Only a noun of the deed ("the
    // death of …") or a verb with no person after it tells of the person before it.
    // "Wounded", "injured" and "shot" are read as the passive they mostly are ("the child
    // injured and the boy's mother unhurt").
    // "Was shot and killed" is passive too.
    let be = |t: usize| matches!(doc.word(t), "was" | "were" | "is" | "are" | "been" | "be");
    let passive = be(at.wrapping_sub(1))
        || (doc.word(at.wrapping_sub(1)) == "and" && (at.saturating_sub(4).max(start)..at - 1).any(be));
    // "… shot his brother to death, wounded an older brother and …": a verb of hurt after a comma
    // or "and", with an article right after it, is in the active voice too.
    let active_hurt = matches!(doc.word(at), "wounded" | "injured")
        && matches!(doc.word(at.wrapping_sub(1)), "," | "and")
        && matches!(doc.word(at + 1), "a" | "an" | "the" | "his" | "her" | "their");
    let active_verb = (matches!(doc.word(at), "killed" | "murdered" | "killing") || active_hurt) && !passive;
    // The last of a list of people takes the article of the first: "A mother, father, and
    // toddler were found dead".
    let listed_with_article = |found: usize| {
        people_listed(doc, found, true, start, at)
            .is_some_and(|(_, first, _)| with_article(first, start) || with_article(first + 1, first))
    };
    let subject = || {
        // No plural or count between the person and the harm: "a man fired at the crowd and
        // five died".
        let found = before.clone().rev().find(|&t| singular(t) || person_named(t) || plural(t));
        let found = found.filter(|&t| !plural(t) && (t..at).all(|u| !plural(u)));
        found
            .filter(|&t| with_article(t, start) || listed_with_article(t))
            // "He was pronounced dead", "she died": a pronoun subject stands for the one person
            // the story is about.
            .or_else(|| {
                if before.clone().any(plural) {
                    return None;
                }
                (at.saturating_sub(4).max(start)..at).rev().find(|&t| matches!(doc.word(t), "he" | "she"))
            })
    };
    let found =
        if active_verb && !doc.all_caps { object().or_else(subject) } else { subject().or_else(object) }?;
    // "died of his injuries", "fatally wounded", "was wounded and later died": a clause that
    // tells the person's death tells of no one left hurt, as far as this rule can tell. A death
    // told before the person is someone else's: "Ava was fatally shot while her sister and
    // mother were injured", "a girl has died and her father is in critical condition".
    let told_from =
        if found < at { found.saturating_sub(2).max(start) } else { at.saturating_sub(1).max(start) };
    if is_injury && (told_from..end).any(|t| is_death_word(doc.word(t)) || doc.word(t) == "fatally") {
        return None;
    }
    // The critical often die: "critical" tells someone hurt only beside a death told of someone
    // else before ("a girl has died and her father is listed in critical condition").
    if doc.word(at) == "critical" && !(start..told_from).any(|t| is_death_word(doc.word(t))) {
        return None;
    }
    // "A mother and her young son were found shot to death", "killing Rachael Johnson and her
    // five-year-old son": everyone in a list of people is harmed, each counted once.
    let sentence = doc.ann.sentence_of_token(found).and_then(|index| doc.ann.sentences.get(index));
    let (sentence_start, sentence_end) = sentence.map_or((start, end), |s| (s.token_start, s.token_end));
    let (n_people, first, last) =
        people_listed(doc, found, found < at, sentence_start, sentence_end).unwrap_or((1, found, found));
    let span = doc.token_span(first.min(at), last.max(at) + 1);
    Some(Count {
        min: Some(n_people),
        max: Some(n_people),
        qualifier: "exact",
        text: doc.slice(span).to_string(),
        span,
    })
}

/// A noun that names one person: "man", "daughter", "a 16-year old".
fn names_one_person(doc: &Doc, t: usize) -> bool {
    // "his ex-girlfriend", "her ex-husband".
    let word = doc.word(t).strip_prefix("ex-").unwrap_or(doc.word(t));
    word.ends_with("year-old")
        || (word == "old"
            && (doc.word(t.wrapping_sub(1)) == "-" || is_year_word(doc.word(t.wrapping_sub(1)))))
        || matches!(
            word,
            "man"
                | "woman"
                | "boy"
                | "girl"
                | "child"
                | "teen"
                | "teenager"
                | "toddler"
                | "baby"
                | "infant"
                | "victim"
                | "person"
                | "student"
                | "father"
                | "mother"
                | "son"
                | "daughter"
                | "husband"
                | "wife"
                | "officer"
                | "deputy"
                | "resident"
                | "driver"
                | "hunter"
                | "male"
                | "female"
                | "juvenile"
                | "youth"
                | "brother"
                | "sister"
                | "grandson"
                | "granddaughter"
                | "grandmother"
                | "grandfather"
                | "nephew"
                | "niece"
                | "cousin"
                | "friend"
                | "girlfriend"
                | "boyfriend"
        )
}

/// A token of a person's name, as the document tags it.
fn is_person_name(doc: &Doc, t: usize) -> bool {
    doc.name_at
        .get(t)
        .copied()
        .flatten()
        .and_then(|i| doc.ann.names.get(i))
        .is_some_and(|name| name.kind == EntityType::Per)
}

/// What one item of a list of people is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Listed {
    /// A noun of one person: "her young son".
    Noun,
    /// A name: "Rachael Johnson".
    Name,
    /// A count of people: "two young grandchildren".
    Count(u32),
    /// An age alone, as in "Salazar, 34, and her son": nobody of its own.
    Age,
}

/// How many people a list of people holds, the person at `found` one of them, with the list's
/// first and last tokens: "a mother, father, and toddler" is three, "Rachael Johnson and her
/// five-year-old son, Colton" two (a name after a noun and a comma is the noun's name), "her
/// 30-year-old daughter and two young grandchildren" three. The list is read from `found`
/// backwards when the person comes before the word of harm (the subject), forwards when after
/// (the object), and ends at the first word that cannot be part of a noun phrase of people
/// (a verb, a preposition). Without an "and" there is no list: commas alone set off
/// descriptions ("Smith, her son,").
fn people_listed(
    doc: &Doc,
    found: usize,
    backwards: bool,
    start: usize,
    end: usize,
) -> Option<(u32, usize, usize)> {
    if doc.all_caps {
        return None;
    }
    let separator = |t: usize| matches!(doc.word(t), "and" | ",");
    let count_at = |t: usize| {
        doc.ann.quantities.iter().find(|q| q.token_start == t && !counts_no_people(doc, q)).and_then(|q| {
            if is_age_quantity(doc, q) {
                return Some(Listed::Age);
            }
            let people = (q.token_end..(q.token_end + 3).min(end)).any(|u| {
                let word = doc.word(u);
                human_noun(word) || plural_kin(word)
            });
            people.then(|| Listed::Count(q.min.unwrap_or(1)))
        })
    };
    let inside = |t: usize| {
        let word = doc.word(t);
        let token = doc.slice(doc.token_span(t, t + 1));
        names_one_person(doc, t)
            || is_person_name(doc, t)
            || doc.ann.quantities.iter().any(|q| q.token_start <= t && t < q.token_end)
            || token.starts_with(char::is_uppercase)
            || word.contains('-')
            || word.chars().all(|c| c.is_ascii_digit())
            || human_noun(word)
            || matches!(
                word,
                "a" | "an"
                    | "the"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "my"
                    | "our"
                    | "'s"
                    | "’s"
                    | "young"
                    | "younger"
                    | "older"
                    | "little"
                    | "old"
                    | "elderly"
                    | "teenage"
                    | "adult"
                    | "pregnant"
                    | "estranged"
                    | "former"
                    | "own"
                    | "infant"
                    | "year"
                    | "years"
                    | "month"
                    | "months"
                    | "couple"
                    | "parents"
            )
            || plural_kin(word)
    };
    // Items in reading order, each with whether "and" came before it, and where it starts and ends.
    let mut items: Vec<(Listed, bool, usize, usize)> = Vec::new();
    let kind_of = |from: usize, to: usize| {
        let mut kind = Listed::Age;
        for t in from..to {
            if let Some(count) = count_at(t) {
                if count != Listed::Age {
                    return Some(count);
                }
            } else if matches!(doc.word(t), "couple" | "parents") {
                // "A Roy couple and their two young children".
                return Some(Listed::Count(2));
            } else if names_one_person(doc, t) {
                return Some(Listed::Noun);
            } else if is_person_name(doc, t) {
                kind = Listed::Name;
            }
        }
        match kind {
            Listed::Age if (from..to).all(|t| doc.word(t).chars().all(|c| c.is_ascii_digit())) => {
                Some(Listed::Age)
            }
            Listed::Age => None,
            other => Some(other),
        }
    };
    // Walk item by item away from `found`.
    let mut item_start = found;
    let mut item_end = found + 1;
    // The item holding `found` reaches over its own words on the side away from the harm.
    if backwards {
        while item_start > start && inside(item_start - 1) && !separator(item_start - 1) {
            item_start -= 1;
        }
    } else {
        while item_end < end && inside(item_end) && !separator(item_end) {
            item_end += 1;
        }
    }
    let found_kind = kind_of(item_start, item_end)?;
    // "Johnson, her five-year-old son, and the family dog": the "and" may come after the person.
    let and_after =
        backwards && (item_end..(item_end + 2).min(end)).any(|t| doc.word(t) == "and") && separator(item_end);
    items.push((found_kind, and_after, item_start, item_end));
    loop {
        // The separators between this item and the next.
        let (mut gap_start, mut gap_end) =
            if backwards { (item_start, item_start) } else { (item_end, item_end) };
        if backwards {
            while gap_start > start && separator(gap_start - 1) {
                gap_start -= 1;
            }
        } else {
            while gap_end < end && separator(gap_end) {
                gap_end += 1;
            }
        }
        if gap_start == gap_end {
            break;
        }
        let and = (gap_start..gap_end).any(|t| doc.word(t) == "and");
        let (next_start, next_end) = if backwards {
            let mut s = gap_start;
            while s > start && inside(s - 1) && !separator(s - 1) {
                s -= 1;
            }
            (s, gap_start)
        } else {
            let mut e = gap_end;
            while e < end && inside(e) && !separator(e) {
                e += 1;
            }
            (gap_end, e)
        };
        if next_start == next_end {
            break;
        }
        // An item ends where a word that cannot be part of it stops the list: "after a mother
        // and her son" ends at "after"; in "Smith fled, and a man was killed" no item follows
        // the "and".
        let Some(kind) = kind_of(next_start, next_end) else { break };
        if backwards {
            // In reading order the "and" comes before the item that follows it.
            if let Some(last) = items.last_mut() {
                last.1 |= and;
            }
            items.push((kind, false, next_start, next_end));
        } else {
            items.push((kind, and, next_start, next_end));
        }
        if backwards {
            item_start = next_start;
        } else {
            item_end = next_end;
        }
    }
    if backwards {
        items.reverse();
    }
    if !items.iter().any(|item| item.1) {
        return None;
    }
    let mut n_people = 0;
    for (index, &(kind, and, _, _)) in items.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| items[i].0);
        n_people += match kind {
            Listed::Noun => 1,
            // "her son, Jordan Reeves": the noun's name.
            Listed::Name if !and && previous == Some(Listed::Noun) => 0,
            Listed::Name => 1,
            Listed::Count(n) => n,
            Listed::Age => 0,
        };
    }
    let first = items.first().map_or(found, |item| item.2);
    let last = items.last().map_or(found, |item| item.3.saturating_sub(1));
    Some((n_people.max(1), first, last))
}

/// Claimed (true) when the sentence says responsibility was claimed or admitted, denied
/// (false) when it was denied; blame and suspicion say nothing of a claim.
fn claim(doc: &Doc, start: usize, end: usize) -> Option<bool> {
    for t in start..end {
        let next: Vec<&str> = (t + 1..(t + 4).min(end)).map(|w| doc.word(w)).collect();
        let about_responsibility =
            next.iter().any(|w| matches!(*w, "responsibility" | "credit" | "involvement" | "by" | "the"));
        let count_follows = doc.ann.quantities.iter().any(|q| q.token_start > t && q.token_start <= t + 2);
        match doc.word(t) {
            "claimed" | "claims" | "claiming" | "claim" | "admitted" | "acknowledged"
                if about_responsibility && !count_follows =>
            {
                return Some(true)
            }
            "denied" | "denies" | "deny" | "rejected" if about_responsibility => return Some(false),
            _ if !doc.all_caps && speech_verb(doc.word(t)) && says_it_did(doc, t + 1, end) => {
                return Some(true)
            }
            _ => {}
        }
    }
    None
}

/// A group's own word that it did the deed, after its speech verb: "said it was behind the
/// bombing", "said that its fighters had carried out the attack". Only "it", "its", "they" and
/// "their" after the verb make it the speaker's own deed; "officials said ISKP was behind" is
/// blame, not a claim.
fn says_it_did(doc: &Doc, after_verb: usize, end: usize) -> bool {
    // "said in a statement carried by its Amaq news agency that its fighters …": the verb's
    // "that" may follow a phrase of how it was said.
    let that = (after_verb..(after_verb + 10).min(end)).find(|&t| doc.word(t) == "that");
    let subject = that.map_or(after_verb, |that| that + 1);
    if !matches!(doc.word(subject), "it" | "its" | "they" | "their") {
        return false;
    }
    (subject + 1..(subject + 5).min(end)).any(|t| {
        let word = doc.word(t);
        (word == "behind" && matches!(doc.word(t - 1), "was" | "were" | "is" | "are"))
            || (word == "out" && matches!(doc.word(t - 1), "carried" | "carries"))
    })
}

/// The event's place: a place name in the clause, scored by the preposition before it ("in",
/// "at", "near", up to two words back), by being a place inside a country rather than the
/// country, and by closeness to the trigger. Country names the tagger missed count too, and so
/// does a name modifying the trigger's own noun phrase ("the Kerman twin suicide bombings").
fn location(doc: &Doc, start: usize, end: usize, anchor: usize) -> Option<Location> {
    let mut candidates: Vec<(i64, usize, usize, Option<usize>)> = Vec::new();
    let mut consider = |first: usize, last: usize, name_index: Option<usize>, bonus: i64| {
        // A name alone in parentheses is a credit ("(AP) —", "TUCSON (KGUN9-TV) -"), not a place.
        if doc.word(first.wrapping_sub(1)) == "(" && doc.word(last) == ")" {
            return;
        }
        let before = |k: usize| doc.word(first.wrapping_sub(k));
        // "near the border with Mali": the place is across the border, not in Mali.
        if !doc.all_caps && before(1) == "with" && matches!(before(2), "border" | "borders" | "frontier") {
            return;
        }
        let text = doc.slice(doc.token_span(first, last));
        let mut score = bonus;
        if matches!(before(1), "in" | "at" | "near" | "outside" | "of")
            || matches!(before(2), "in" | "at" | "near" | "outside")
        {
            score += 4;
        }
        if is_country(text) {
            score -= 3;
        }
        score -= (first.abs_diff(anchor) / 3) as i64;
        candidates.push((score, first, last, name_index));
    };
    for (index, name) in doc.ann.names.iter().enumerate() {
        if name.token_start < start || name.token_end > end {
            continue;
        }
        if name.kind == EntityType::Loc {
            consider(name.token_start, name.token_end, Some(index), 0);
        } else if name.kind != EntityType::Per && modifies_trigger(doc, name.token_end, anchor) {
            consider(name.token_start, name.token_end, Some(index), if doc.is_group(index) { 1 } else { 2 });
        }
    }
    for t in start..end {
        if doc.name_at.get(t).copied().flatten().is_some() {
            continue;
        }
        let token = &doc.ann.tokens[t];
        let text = doc.slice(Span { start: token.byte_start, end: token.byte_end });
        if text.starts_with(|c: char| c.is_uppercase()) && is_country(text) {
            consider(t, t + 1, None, 0);
        }
    }
    let (_, first, last, name_index) =
        candidates.into_iter().max_by_key(|c| (c.0, std::cmp::Reverse(c.1)))?;
    let span = doc.token_span(first, last);
    let text = doc.slice(span);
    let country = country_of(text).or_else(|| name_index.and_then(|i| country_beside(doc, i, start, end)));
    let country = country.or_else(|| main_country(doc));
    Some(Location {
        name: text.trim_end_matches("'s").trim_end_matches("’s").to_string(),
        span,
        name_index,
        country,
    })
}

/// True when a name ending at token `end` modifies the trigger at `anchor`: "the Moscow
/// attack", "the Kerman twin suicide bombings". A verb has a subject, not a modifier: "the
/// Taliban attacked".
fn modifies_trigger(doc: &Doc, end: usize, anchor: usize) -> bool {
    !doc.word(anchor).ends_with("ed")
        && end <= anchor
        && anchor - end <= 3
        && (end..anchor).all(|t| {
            subtype(doc.word(t)).is_some()
                || matches!(doc.word(t), "deadly" | "terror" | "terrorist" | "recent" | "bloody")
        })
}

/// The country a document names most often: the place of last resort for a place no table
/// knows, until linking resolves it.
fn main_country(doc: &Doc) -> Option<&'static str> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for token in &doc.ann.tokens {
        let text = doc.slice(Span { start: token.byte_start, end: token.byte_end });
        if !text.starts_with(|c: char| c.is_uppercase()) || !is_country(text) {
            continue;
        }
        if let Some(code) = country_of(text) {
            match counts.iter_mut().find(|(c, _)| *c == code) {
                Some((_, n)) => *n += 1,
                None => counts.push((code, 1)),
            }
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c)
}

/// "Kerman, Iran", "Iran's Kerman", or the one country the sentence names.
fn country_beside(doc: &Doc, index: usize, start: usize, end: usize) -> Option<&'static str> {
    let name = doc.ann.names.get(index)?;
    if doc.word(name.token_end) == "," {
        if let Some(next) = doc.name_at.get(name.token_end + 1).copied().flatten() {
            if let Some(country) = doc.ann.names.get(next).and_then(|n| country_of(n.text(doc.text))) {
                return Some(country);
            }
        }
    }
    let mut countries = doc
        .ann
        .names
        .iter()
        .filter(|n| n.token_start >= start && n.token_end <= end && is_country(n.text(doc.text)))
        .filter_map(|n| country_of(n.text(doc.text)));
    let first = countries.next()?;
    countries.all(|c| c == first).then_some(first)
}

/// The date nearest the trigger in its sentence, else the first in its paragraph, else the
/// document's own date at month precision: the text did not say which day.
fn date(doc: &Doc, index: usize, anchor: usize) -> Option<EventDate> {
    let sentence = &doc.ann.sentences[index];
    let undated = || {
        doc.context.published.map(|published| EventDate {
            value: published.with_day(1),
            precision: DatePrecision::Month,
            text: String::new(),
            span: None,
        })
    };
    if dates_the_aftermath(doc, sentence.token_start, sentence.token_end, anchor) {
        return undated();
    }
    let in_sentence = doc
        .ann
        .dates
        .iter()
        .filter(|d| d.token_start >= sentence.token_start && d.token_end <= sentence.token_end)
        .min_by_key(|d| d.token_start.abs_diff(anchor));
    if let Some(found) = in_sentence {
        return Some(EventDate::from(found));
    }
    let paragraph = doc.paragraph.get(index).copied();
    let in_paragraph = doc.ann.dates.iter().find(|d| {
        doc.ann.sentence_of_token(d.token_start).and_then(|s| doc.paragraph.get(s).copied()) == paragraph
            && d.token_start >= doc.ann.sentences.first().map_or(0, |s| s.token_end)
    });
    if let Some(found) = in_paragraph {
        return Some(EventDate::from(found));
    }
    undated()
}

/// True when the sentence refers back to the event ("the shooting", "the Montfort shooting")
/// to tell what came after it, so that its dates are the aftermath's: "a vigil is planned for
/// Thursday at the scene of the shooting", "the sheriff announced Tuesday the mom involved in
/// the shooting has died", "the trial opened Monday with jurors viewing the shooting". A date
/// right after the reference ("the shooting Saturday", "the shooting on Saturday") still
/// dates the event, as does a verb of happening ("the shooting happened Monday").
fn dates_the_aftermath(doc: &Doc, start: usize, end: usize, anchor: usize) -> bool {
    let referred = (anchor.saturating_sub(3).max(start)..anchor)
        .any(|t| matches!(doc.word(t), "the" | "this" | "that"))
        && (doc.word(anchor).ends_with("ing") || matches!(doc.word(anchor), "attack" | "death" | "incident"));
    if !referred {
        return false;
    }
    let happened = (anchor + 1..(anchor + 3).min(end)).any(|t| {
        matches!(
            doc.word(t),
            "happened" | "occurred" | "took" | "unfolded" | "erupted" | "broke" | "was" | "is" | "began"
        )
    });
    let date_beside = doc.ann.dates.iter().any(|d| d.token_start > anchor && d.token_start <= anchor + 4);
    let aftermath = (start..end).any(|t| {
        matches!(
            doc.word(t),
            "vigil"
                | "funeral"
                | "memorial"
                | "trial"
                | "court"
                | "hearing"
                | "sentenced"
                | "sentencing"
                | "probation"
                | "arraigned"
                | "arraignment"
                | "announced"
                | "identified"
                | "appearance"
                | "appeared"
                | "planned"
                | "scheduled"
                | "ruled"
                | "jury"
                | "jurors"
                | "pleaded"
                | "testified"
                | "autopsy"
        )
    });
    aftermath && !happened && !date_beside
}

#[cfg(test)]
mod tests {
    use crate::testing::run;
    use crate::EventType;

    #[test]
    fn triggers_give_types_and_subtypes() {
        let found = run("ISKP claimed responsibility for the twin suicide bombings in Kerman, Iran.");
        let event = &found.events[0];
        assert_eq!(event.kind, EventType::Bombing);
        assert_eq!(event.claimed, Some(true));
        assert_eq!(
            event.location.as_ref().map(|l| (l.name.as_str(), l.country)),
            Some(("Kerman", Some("IR")))
        );
    }

    #[test]
    fn arguments_and_counts_are_found_around_the_trigger() {
        // Mixed case: in capitals the trained filter has the last word (see `filter`).
        let text = "Urban guerrillas killed 3 peasants with dynamite in the city of Flores.";
        let found = run(text);
        let event = &found.events[0];
        assert!(event.perpetrators.iter().any(|p| p.text == "Urban guerrillas"), "{event:?}");
        assert!(event.targets.iter().any(|t| t.text == "peasants"), "{event:?}");
        assert!(event.weapons.iter().any(|w| w.text == "dynamite"), "{event:?}");
        assert_eq!(event.killed.as_ref().and_then(|k| k.min), Some(3));
    }

    #[test]
    fn opening_fire_is_a_shooting_and_setting_fire_is_arson() {
        let shooting = run("Armed men opened fire on concertgoers at a concert hall in Moscow on Friday.");
        let kinds: Vec<EventType> = shooting.events.iter().map(|event| event.kind).collect();
        assert_eq!(kinds, [EventType::ArmedAssault], "{shooting:?}");
        assert!(shooting.events[0].perpetrators.iter().any(|p| p.text == "Armed men"), "{shooting:?}");
        let arson = run("Rioters set fire to the police station.");
        assert_eq!(arson.events.first().map(|event| event.kind), Some(EventType::Arson), "{arson:?}");
        assert!(run("The fire spread to the roof.").events.is_empty());
    }

    #[test]
    fn deaths_hedged_and_before_the_count() {
        let found = run("Its attack in Kandahar resulted in the deaths of more than 20 Taliban members.");
        let killed = found.events[0].killed.as_ref().map(|k| (k.min, k.qualifier));
        assert_eq!(killed, Some((Some(20), "over")));
    }

    #[test]
    fn negations_hypotheticals_and_background_are_not_attacks() {
        assert!(run("The rebels did not attack the town.").events.is_empty());
        let threat = run("The group could attack the homeland within six months.");
        assert!(threat.events.iter().all(|e| e.kind == EventType::Threat), "{threat:?}");
        assert!(run("The group has carried out attacks across the region.").events.is_empty());
    }

    fn perpetrators(text: &str) -> Vec<Vec<String>> {
        run(text).events.iter().map(|e| e.perpetrators.iter().map(|p| p.text.clone()).collect()).collect()
    }

    #[test]
    fn the_same_group_is_the_last_group_that_acted() {
        let text = "ISIS-K attacked a concert hall in Moscow on Friday. The Muslim group considers Russia \
                    an enemy. The same group was responsible for the killing of 13 soldiers in Kabul in 2021.";
        let found = perpetrators(text);
        assert_eq!(found.last(), Some(&vec!["ISIS-K".to_string()]), "{found:?}");
    }

    #[test]
    fn nationality_and_religion_adjectives_are_not_groups() {
        for text in [
            "The Syrian group killed 3 people in Aleppo.",
            "The Muslim group attacked a church in Lahore.",
            "Afghan gunmen attacked a checkpoint in Kabul.",
        ] {
            let found = perpetrators(text);
            assert!(
                found.iter().flatten().all(|p| !matches!(p.as_str(), "Syrian" | "Muslim" | "Afghan")),
                "{text}: {found:?}"
            );
        }
        assert_eq!(
            perpetrators("The Taliban attacked a checkpoint in Kabul."),
            vec![vec!["Taliban".to_string()]]
        );
    }

    #[test]
    fn on_wire_copy_a_named_person_accused_of_the_deed_is_proposed_as_its_doer() {
        let text = "BOGOTA, 5 JAN 90 -- [TEXT] JUDGE MARIA ELENA DIAZ WAS MURDERED YESTERDAY IN MEDELLIN BY \
                    PABLO ESCOBAR GAVIRIA.";
        let published = chrono::NaiveDate::from_ymd_opt(1990, 1, 5);
        let annotations = crate::testing::annotator().annotate(text, published);
        let context = crate::DocContext { published, dateline: None, title: None, groups: &[] };
        let candidates = crate::training_candidates(text, &annotations, &context);
        let proposed = |role: &str, words: &str| candidates.iter().any(|(r, w, _)| *r == role && w == words);
        assert!(proposed("PerpInd", "PABLO ESCOBAR GAVIRIA"), "{candidates:?}");
        // The victim is proposed as a victim, and before a passive trigger not as a doer.
        assert!(candidates.iter().any(|(r, w, _)| *r == "Victim" && w.contains("DIAZ")), "{candidates:?}");
        assert!(!candidates.iter().any(|(r, w, _)| *r == "PerpInd" && w.contains("DIAZ")), "{candidates:?}");
    }

    #[test]
    fn the_agent_of_a_passive_is_the_doer_with_its_count() {
        assert_eq!(
            perpetrators("The judge was shot in Bogota by two men on motorcycles."),
            vec![vec!["two men".to_string()]]
        );
        let found = perpetrators("THE GENERAL WAS KILLED BY THREE YOUNG INDIVIDUALS IN LIMA.");
        assert!(found.iter().flatten().any(|p| p == "THREE YOUNG INDIVIDUALS"), "{found:?}");
    }

    #[test]
    fn members_of_a_group_give_the_people_and_the_group() {
        let found = perpetrators("Guerrillas of the FMLN attacked a police post in San Salvador.");
        let first = found.first().cloned().unwrap_or_default();
        assert!(first.contains(&"Guerrillas of the FMLN".to_string()), "{found:?}");
        assert!(first.contains(&"FMLN".to_string()), "{found:?}");
    }

    #[test]
    fn who_reports_an_attack_is_not_its_victim() {
        let found =
            run("Gunmen attacked a concert hall and killed 140 people, according to current officials.");
        let targets: Vec<&str> =
            found.events.iter().flat_map(|e| &e.targets).map(|t| t.text.as_str()).collect();
        assert!(
            targets.contains(&"people") && !targets.iter().any(|t| t.contains("officials")),
            "{targets:?}"
        );
    }

    #[test]
    fn a_spokesperson_s_department_is_a_source_not_a_doer() {
        let found = perpetrators(
            "The US Department of State’s spokesperson, Matthew Miller, says the group could attack again.",
        );
        assert!(found.iter().flatten().all(|p| !p.contains("Department")), "{found:?}");
    }

    #[test]
    fn an_infinitive_to_names_no_doer() {
        let found = perpetrators("The group lacked the reach to attack Western Europe in recent years.");
        assert!(found.iter().flatten().all(|p| p != "Western Europe"), "{found:?}");
        let found = perpetrators("The bombing in Lima was attributed to the Shining Path.");
        assert!(found.iter().flatten().any(|p| p == "Shining Path"), "{found:?}");
    }

    #[test]
    fn a_toll_counts_the_dead() {
        let found = run("The death toll from Friday's attack on the concert hall rose to 137 people.");
        let killed = found.events.first().and_then(|event| event.killed.as_ref()).and_then(|count| count.min);
        assert_eq!(killed, Some(137), "{:?}", found.events);
    }

    #[test]
    fn a_group_that_claims_responsibility_is_the_perpetrator_not_a_source() {
        let found = perpetrators("Islamic State claimed responsibility for the attack.");
        assert_eq!(found, [vec!["Islamic State".to_string()]]);
        // "claimed that" only reports.
        let found = perpetrators("The Interior Ministry claimed that a bomb killed 12 people in Kabul.");
        assert!(found.iter().flatten().all(|p| p != "Interior Ministry"), "{found:?}");
    }

    #[test]
    fn a_place_after_in_is_not_the_perpetrator() {
        let found =
            perpetrators("The last attack in Western Europe was eight years ago and killed 17 people.");
        assert!(found.iter().flatten().all(|p| p != "Western Europe"), "{found:?}");
    }

    #[test]
    fn a_name_takes_the_type_the_document_gives_it_most() {
        // However the tagger reads the first mention, the later ones make it a group.
        let text = "ISIS-K claimed the attack on a concert hall in Moscow. Officials said ISIS-K \
                    planned it for months, and ISIS-K has threatened more.";
        let found = perpetrators(text);
        assert_eq!(found.first().and_then(|p| p.first()).map(String::as_str), Some("ISIS-K"), "{found:?}");
    }

    #[test]
    fn the_group_stands_for_the_last_group_named_not_for_a_description() {
        let text = "ISIS-K attacked a concert hall in Moscow. ISIS-K wants more, U.S. Central Command said. \
                    The Muslim group considers Russia an enemy. The same group was responsible for the killing of 13 soldiers in Kabul in 2021.";
        let found = run(text);
        let kabul = found.events.iter().find(|e| e.location.as_ref().is_some_and(|l| l.name == "Kabul"));
        let perpetrators: Vec<&str> =
            kabul.iter().flat_map(|e| e.perpetrators.iter()).map(|p| p.text.as_str()).collect();
        assert!(!perpetrators.is_empty(), "{:?}", found.events);
        assert_eq!(perpetrators, ["ISIS-K"]);
    }

    #[test]
    fn one_victim_without_a_number_counts_one() {
        let killed =
            |text: &str| run(text).events.first().and_then(|e| e.killed.as_ref()).and_then(|k| k.min);
        let injured =
            |text: &str| run(text).events.first().and_then(|e| e.injured.as_ref()).and_then(|k| k.min);
        assert_eq!(killed("A 4-year-old boy was shot and killed in Houston on Tuesday."), Some(1));
        assert_eq!(injured("A woman was shot and wounded outside a bar in Toledo."), Some(1));
        assert_eq!(injured("A man was shot in Toledo and taken to hospital with minor injuries."), Some(1));
        assert_eq!(injured("A boy was shot in Toledo and later died of his injuries."), None);
        assert_eq!(
            injured("Officers responded to a shooting in Manhattan and found a juvenile who had sustained a gunshot wound."),
            Some(1)
        );
        assert_eq!(injured("A boy was shot in Toledo and died from a gunshot wound to the chest."), None);
        assert_eq!(
            injured(
                "Officers responded to a shooting in Forsyth and found Smith with a gunshot wound. He died."
            ),
            None
        );
        assert_eq!(killed("Gunmen shot at the crowd in Toledo and five people died."), Some(5));
        assert_eq!(killed("Gunmen attacked the crowd in Toledo and many were killed."), None);
        // An age is not a count.
        assert_eq!(killed("John Smith, 24, was shot and killed in Toledo."), Some(1));
        // The person as the object of the harm.
        assert_eq!(killed("A shooting in Rosamond killed a 14-year-old football player."), Some(1));
        assert_eq!(killed("He was arrested in the shooting death of a 68-year-old man in Katy."), Some(1));
        assert_eq!(killed("The shooting in Katy killed three people."), Some(3));
    }

    #[test]
    fn people_shot_are_hurt_unless_told_dead() {
        let figures = |text: &str| {
            let found = run(text);
            let event = found.events.first();
            let min = |count: Option<&crate::Count>| count.and_then(|count| count.min);
            (min(event.and_then(|e| e.killed.as_ref())), min(event.and_then(|e| e.injured.as_ref())))
        };
        assert_eq!(figures("Four people were shot in Toledo on Saturday night."), (None, Some(4)));
        assert_eq!(figures("Five people were shot in Toledo, two of them fatally."), (Some(2), Some(3)));
        assert_eq!(figures("Four people were shot and killed in Toledo."), (Some(4), None));
        assert_eq!(figures("Three people were fatally shot in Toledo on Monday."), (Some(3), None));
        // Shots are not people.
        assert_eq!(figures("A gunman shot three times at a house in Toledo."), (None, None));
        assert_eq!(figures("Three people were found shot to death in a car in Ochopee."), (Some(3), None));
        assert_eq!(figures("The child shot in the 7700 block of Utica died."), (Some(1), None));
        // One person shot, in a document that tells no death, was hurt.
        assert_eq!(figures("A child was shot Thursday evening in north Stockton."), (None, Some(1)));
        assert_eq!(
            figures("A child was shot Thursday evening in north Stockton. The child died at the hospital."),
            (Some(1), None)
        );
    }

    #[test]
    fn one_victim_hurt_then_dead_is_one_dead() {
        let figures = |text: &str| {
            let found = run(text);
            let n = |pick: fn(&crate::Event) -> Option<&crate::Count>| {
                found.events.iter().filter_map(pick).filter_map(|count| count.min).max()
            };
            (n(|e| e.killed.as_ref()), n(|e| e.injured.as_ref()))
        };
        assert_eq!(
            figures("A 2-year-old who was shot in Madison has died. The boy was critically injured in the shooting on Tuesday."),
            (Some(1), None)
        );
        assert_eq!(
            figures("A man was killed in a shooting in Madison on Tuesday. A woman was also wounded in the shooting."),
            (Some(1), Some(1))
        );
        assert_eq!(
            figures("Two people were shot in Madison on Tuesday and died at the scene."),
            (None, None)
        );
    }

    #[test]
    fn a_sentence_about_the_aftermath_does_not_date_the_event() {
        let stated = |text: &str| {
            run(text).events.first().and_then(|e| e.date.as_ref()).map(|d| d.text.clone()).unwrap_or_default()
        };
        assert_eq!(
            stated("A vigil is planned for Thursday at the scene of the shooting in Florida City."),
            ""
        );
        assert_eq!(
            stated("The sheriff announced Tuesday that the victim of the Montfort shooting has died."),
            ""
        );
        // A date beside the reference, or a verb of happening, dates the event.
        assert_eq!(
            stated("The sheriff announced that the shooting Saturday in Montfort killed two."),
            "Saturday"
        );
        assert_eq!(stated("A boy was shot in Montfort on Saturday, the sheriff announced."), "Saturday");
    }

    #[test]
    fn a_credit_in_parentheses_is_not_the_place() {
        let place = |text: &str| {
            run(text)
                .events
                .first()
                .and_then(|e| e.location.as_ref())
                .map(|l| l.name.clone())
                .unwrap_or_default()
        };
        assert_eq!(place("(AP) - A 12-year-old boy shot his brother on Wednesday, a sheriff said."), "");
        assert_eq!(place("(AP) - A 12-year-old boy shot his brother in Hudson on Wednesday."), "Hudson");
    }

    #[test]
    fn coordinated_victims_are_added_up() {
        let killed =
            |text: &str| run(text).events.first().and_then(|e| e.killed.as_ref()).and_then(|count| count.min);
        assert_eq!(killed("Three children and two adults were found dead in Culpeper on Sunday."), Some(5));
        assert_eq!(killed("A mother and her young son were found shot to death in New Stanton."), Some(2));
        assert_eq!(killed("A man was shot in Magnolia on Monday, and he was pronounced dead."), Some(1));
        assert_eq!(killed("Two men were killed in a shooting in Magnolia on Monday."), Some(2));
        // The hurt counted after "and" belong to the same event, and people treated are hurt.
        let found = run("One person was killed and five others injured, one critically, in a shooting at a \
             nightclub in New Haven.");
        assert_eq!(found.events.len(), 1);
        assert_eq!(found.events[0].injured.as_ref().and_then(|count| count.min), Some(5));
        let found = run(
            "A man was shot dead and four people were treated at a hospital after the shooting in Dayton.",
        );
        assert_eq!(found.events[0].injured.as_ref().and_then(|count| count.min), Some(4));
        // An age after a name at the end of a sentence, and a year, are not counts.
        assert_eq!(killed("Smith was charged over a gun accident that killed Blake Shurling, 20."), Some(1));
        assert_eq!(killed("Police rejected comparisons to the 2014 killing of a boy in Cleveland."), Some(1));
        // The people counted may be described first: "13 American service members".
        assert_eq!(
            killed(
                "A bomber struck Kabul, killing 13 American service members and about 170 Afghan civilians."
            ),
            Some(183)
        );
        assert_eq!(killed("Gunmen killed 13 people and burned 170 houses in the village."), Some(13));
        // Charges and ages are not people.
        assert_eq!(killed("The suspect in the Magnolia shooting faces two counts of murder."), None);
        assert_eq!(killed("Family of 17 y.o killed in accidental shooting in Magnolia."), None);
    }

    #[test]
    fn the_dead_and_the_hurt_counted_in_one_clause_each_keep_their_count() {
        let figures = |text: &str| {
            let found = run(text);
            let event = found.events.first();
            let min = |count: Option<&crate::Count>| count.and_then(|count| count.min);
            (min(event.and_then(|e| e.killed.as_ref())), min(event.and_then(|e| e.injured.as_ref())))
        };
        assert_eq!(
            figures("One person was killed and five others injured at a New Haven nightclub."),
            (Some(1), Some(5))
        );
        assert_eq!(figures("Two people were killed and three were injured in Toledo."), (Some(2), Some(3)));
    }

    #[test]
    fn a_harm_word_of_the_clause_before_does_not_take_the_count() {
        let figures = |text: &str| {
            let found = run(text);
            let min = |pick: fn(&crate::Event) -> Option<&crate::Count>| {
                found.events.iter().filter_map(pick).filter_map(|count| count.min).max()
            };
            (min(|e| e.killed.as_ref()), min(|e| e.injured.as_ref()))
        };
        assert_eq!(
            figures("A 20-year-old man was killed and five others were injured Saturday in Fort Myers."),
            (Some(1), Some(5))
        );
        // A house number is not a count.
        assert_eq!(
            figures("Luan Le, 16, was shot to death inside his 427 Wilclay Dr home in Nashville."),
            (Some(1), None)
        );
    }

    #[test]
    fn people_shot_in_a_story_that_tells_a_death_are_the_dead_and_the_hurt() {
        let figures = |text: &str| {
            let found = run(text);
            let max = |pick: fn(&crate::Event) -> Option<&crate::Count>| {
                found.events.iter().filter_map(pick).filter_map(|count| count.min).max()
            };
            (max(|e| e.killed.as_ref()), max(|e| e.injured.as_ref()))
        };
        assert_eq!(
            figures("Four people were shot in Toledo on Sunday. John Smith, 24, died at the hospital."),
            (Some(1), Some(3))
        );
        assert_eq!(
            figures("Two people were shot in Toledo on Sunday. Both were pronounced dead at the scene."),
            (None, None)
        );
    }

    #[test]
    fn a_death_told_as_a_noun_or_with_the_age_apart_counts_one() {
        let killed = |text: &str| {
            run(text).events.iter().filter_map(|e| e.killed.as_ref()).find_map(|count| count.min)
        };
        assert_eq!(
            killed("A gun led to the fatal shooting of a 16-year-old boy in Fort Worth, police say."),
            Some(1)
        );
        assert_eq!(
            killed("A death investigation is underway after a 16-year old was shot and killed in Lenoir."),
            Some(1)
        );
        assert_eq!(
            killed("Police are investigating the killing of a teenager found shot in Vista."),
            Some(1)
        );
        assert_eq!(
            killed("Smith was shot in the torso in Juneau. He was taken to a hospital, where he succumbed to his injuries."),
            Some(1)
        );
        let injured = |text: &str| {
            run(text).events.iter().filter_map(|e| e.injured.as_ref()).find_map(|count| count.min)
        };
        assert_eq!(
            injured("Smith was shot in the torso in Juneau. He was taken to a hospital, where he succumbed to his injuries."),
            None
        );
    }

    #[test]
    fn a_lede_that_tells_the_harm_before_the_deed_gives_its_figure() {
        let killed =
            |text: &str| run(text).events.first().and_then(|e| e.killed.as_ref()).and_then(|count| count.min);
        assert_eq!(
            killed(
                "A Caldwell County teenager is dead, his family says. Investigators are calling the incident an accidental shooting in Granite Falls."
            ),
            Some(1)
        );
    }

    #[test]
    fn a_killer_who_dies_by_their_own_hand_is_among_the_dead() {
        let killed =
            |text: &str| run(text).events.first().and_then(|e| e.killed.as_ref()).and_then(|count| count.min);
        assert_eq!(
            killed(
                "A boy shot his 6-year-old brother to death in Hudson and then killed himself on Wednesday."
            ),
            Some(2)
        );
        assert_eq!(killed("A father killed two people in Roy before committing suicide on Sunday."), Some(3));
        // The count that already names the killer.
        assert_eq!(killed("John Smith killed himself in Roy on Sunday."), Some(1));
    }

    #[test]
    fn a_murder_suicide_is_no_suicide_bombing() {
        let first = |text: &str| run(text).events.into_iter().next().map(|event| (event.kind, event.subtype));
        assert_eq!(
            first("Police said the shooting in Aransas Pass was a murder-suicide."),
            Some((EventType::ArmedAssault, None))
        );
        assert_eq!(
            first("A man shot his wife in Roy and then committed suicide."),
            Some((EventType::ArmedAssault, None))
        );
        assert_eq!(
            first("A suicide bomber killed 13 people at a mosque in Kabul."),
            Some((EventType::Bombing, Some("suicide")))
        );
    }

    #[test]
    fn a_statistic_is_not_an_event() {
        let n_events = |text: &str| run(text).events.len();
        assert_eq!(n_events("At this time last year, 130 people had been shot in Toledo."), 0);
        assert_eq!(n_events("It was the fifth time since 2013 that a father killed his family in Utah."), 0);
        assert_eq!(n_events("Before June, the village averaged about one shooting a month."), 0);
        assert_eq!(
            n_events(
                "More than 3,290 people have been injured in those shootings, and that does not include \
                 the 629 who died."
            ),
            0
        );
        assert_eq!(
            n_events("Data compiled by the group shows that at least 265 children shot themselves in 2015."),
            0
        );
        // One event of last year is an event.
        assert_eq!(n_events("Last year, a man was shot and killed in Toledo."), 1);
        assert_eq!(n_events("A man was shot and killed in Toledo in 2015."), 1);
    }

    #[test]
    fn a_death_told_in_a_later_sentence_is_the_figure_of_the_event_before() {
        let found =
            run("A teen was shot in Rosamond on Thursday. The teen was pronounced dead at the hospital.");
        let killed = found.events.first().and_then(|e| e.killed.as_ref()).and_then(|k| k.min);
        assert_eq!(killed, Some(1), "{:?}", found.events);
    }

    #[test]
    fn the_group_can_be_one_only_the_knowledge_base_found() {
        use crate::{extract, DocContext, Span};
        // Lower case, so the tagger names no group: only linking's spans say where it is.
        let text =
            "Fighters of zqxj attacked a school in Kabul. Later zqxj fled, U.S. Central Command said. \
                    The same group was responsible for the killing of 13 soldiers in Kabul in 2021.";
        let groups: Vec<Span> = text
            .match_indices("zqxj")
            .map(|(start, found)| Span { start, end: start + found.len() })
            .collect();
        let published = chrono::NaiveDate::from_ymd_opt(2024, 3, 25);
        let annotations = crate::testing::annotator().annotate(text, published);
        let context = DocContext { published, dateline: None, title: None, groups: &groups };
        let found = extract(text, &annotations, &context);
        let perpetrators: Vec<&str> = found
            .events
            .iter()
            .filter(|e| e.killed.is_some())
            .flat_map(|e| e.perpetrators.iter())
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(perpetrators, ["zqxj"], "{:?}", found.events);
    }

    #[test]
    fn blame_is_not_a_claim() {
        let found = run("Officials blamed the Shining Path for the bombing in Lima.");
        assert_eq!(found.events[0].claimed, None);
    }

    #[test]
    fn a_claim_alone_in_its_sentence_is_a_claim_report() {
        let found = run("Islamic State claimed responsibility the following day.");
        assert_eq!(found.events.len(), 1);
        let event = &found.events[0];
        assert_eq!(event.kind, EventType::Claim);
        assert_eq!(event.claimed, Some(true));
        assert_eq!(event.perpetrators[0].text, "Islamic State");
        assert!(event.location.is_none());
        // Beside the deed it claims, it is that deed, claimed.
        let found = run("ISKP claimed responsibility for the bombing in Kerman.");
        assert_eq!(found.events.len(), 1);
        assert_eq!(found.events[0].kind, EventType::Bombing);
        // Saying that is not claiming.
        assert!(run("Officials claimed that the city was calm.").events.is_empty());
    }

    #[test]
    fn a_group_saying_it_did_the_deed_claims_it_but_officials_saying_so_blame() {
        let claimed = |text: &str| run(text).events.first().and_then(|e| e.claimed);
        assert_eq!(claimed("ISIS-K said it was behind the bombing near the Abbey Gate."), Some(true));
        assert_eq!(
            claimed("Islamic State said in a statement on its news agency that its fighters had carried out the attack."),
            Some(true)
        );
        assert_eq!(claimed("Officials said ISIS-K was behind the bombing near the Abbey Gate."), None);
    }

    #[test]
    fn an_event_named_as_a_point_in_time_is_not_the_sentence_s_event() {
        let found = run("Four suspects were detained in the Bryansk region hours after the shooting.");
        assert_eq!(found.events.len(), 1);
        assert_eq!(found.events[0].kind, EventType::Arrest);
        // Alone, it is still read as a mention of the event.
        assert_eq!(run("Police arrived minutes after the shooting in Dayton.").events.len(), 1);
    }

    #[test]
    fn a_relative_clause_ending_the_sentence_describes_a_name_not_the_event() {
        let found =
            run("Analysts said the attack bore the marks of its Khorasan branch, which has repeatedly \
             targeted Shiite worshippers in Afghanistan and Iran.");
        assert!(found.events.iter().all(|e| e.location.is_none()), "{:?}", found.events);
        // One that tells the event goes on being the event's.
        let found = run("A bomb exploded in a market, which killed five people in Kabul.");
        assert_eq!(found.events[0].location.as_ref().map(|l| l.name.as_str()), Some("Kabul"));
        let found = run("Gunmen attacked the market, which was crowded, in Kabul.");
        assert_eq!(found.events[0].location.as_ref().map(|l| l.name.as_str()), Some("Kabul"));
    }

    #[test]
    fn across_a_border_is_not_the_place_and_who_reports_is_not_who_did() {
        let found = run("Gunmen attacked an army post near the border with Mali on Sunday, the army said.");
        let event = &found.events[0];
        assert!(event.location.is_none(), "{:?}", event.location);
        let perpetrators: Vec<&str> = event.perpetrators.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(perpetrators, ["Gunmen"]);
        let found = run("Islamic State said in a statement carried by its Amaq news agency that its fighters had carried out the attack.");
        assert!(
            found.events[0].perpetrators.iter().all(|p| p.text != "Amaq"),
            "{:?}",
            found.events[0].perpetrators
        );
    }

    /// The most killed and the most hurt any event of `text` counts.
    fn most_harmed(text: &str) -> (Option<u32>, Option<u32>) {
        let found = run(text);
        let most = |pick: fn(&crate::Event) -> Option<&crate::Count>| {
            found.events.iter().filter_map(pick).filter_map(|count| count.min).max()
        };
        (most(|e| e.killed.as_ref()), most(|e| e.injured.as_ref()))
    }

    #[test]
    fn everyone_in_a_list_of_people_is_counted() {
        for (text, harmed) in [
            ("Police made an arrest after a mother and her young son were found shot to death.", (Some(2), None)),
            (
                "Police said the woman, the man and the ten-month old child were shot and pronounced dead.",
                (Some(3), None),
            ),
            ("Officers found a mother, father, and toddler shot dead in Luzerne County.", (Some(3), None)),
            ("Smith, her five-year-old son, and the family dog had been shot to death.", (Some(2), None)),
            // The object of a verb in the active voice is the victim, not its subject.
            (
                "Nilda Sheffield killed Elizabeth Flores and 7-year-old Xavier Neff and 2-year-old Sofia Chiddo.",
                (Some(3), None),
            ),
            ("Ross Anderson is accused of killing 30-year-old Rachael Johnson.", (Some(1), None)),
            // A name set off by commas after a noun is the noun's name; an age is nobody.
            (
                "Ross Anderson is accused of killing Rachael Johnson, 30, and her son, Colton, in Cleveland.",
                (Some(2), None),
            ),
            // A death told before the hurt is someone else's.
            ("The girl was fatally shot while her sister and mother were injured by gunfire.", (Some(1), Some(2))),
            // Nobody unhurt is hurt.
            ("A man was shot and killed in Long Beach. His wife was not injured.", (Some(1), None)),
            // Commas alone set off a description, not a list; a clause before "and" is no person.
            ("Smith fled, and a man was killed in the shooting.", (Some(1), None)),
        ] {
            assert_eq!(most_harmed(text), harmed, "{text}");
        }
    }

    #[test]
    fn a_count_of_people_adds_the_people_listed_beside_it() {
        assert_eq!(
            most_harmed("A woman killed her 30-year-old daughter and two young grandchildren in Greenacres."),
            (Some(3), None)
        );
        assert_eq!(
            most_harmed("Diana Gomez and her two children were shot in a robbery in Houston. The girl died."),
            (Some(1), Some(2))
        );
    }

    #[test]
    fn a_killer_who_kills_others_and_then_himself_is_among_the_dead() {
        for text in [
            "Police said a retired officer killed his two children and himself in Wallkill.",
            "A woman killed her daughter and her grandson before turning the gun on herself.",
            "A man shot and killed his wife and son before fatally shooting himself.",
        ] {
            assert_eq!(most_harmed(text), (Some(3), None), "{text}");
        }
        // Without someone else killed, the one who shot himself is the count's own person.
        assert_eq!(
            most_harmed("Police say her son found a gun and fatally shot himself in Indianapolis.").0,
            Some(1)
        );
        // Shot is not killed: "shot his wife and himself" tells no death by itself.
        assert_ne!(most_harmed("A man killed his wife and shot himself.").0, Some(2));
        // A calibre is not a count of people.
        assert_eq!(most_harmed("A man killed his son with a 45 caliber pistol.").0, Some(1));
    }

    #[test]
    fn a_report_with_no_figure_takes_the_story_s_toll() {
        let text = "A man was shot and killed in Toledo on Sunday. Police said the shooting happened \
                    after an argument. Last year on March 3, 2015, a woman was shot in the same block.";
        let found = run(text);
        let killed: Vec<Option<u32>> =
            found.events.iter().map(|e| e.killed.as_ref().and_then(|count| count.min)).collect();
        // The lede's toll, the aftermath's too; the shooting of last year keeps none.
        assert_eq!(killed.first(), Some(&Some(1)), "{found:?}");
        assert_eq!(killed.get(1), Some(&Some(1)), "{found:?}");
        assert_eq!(killed.len(), 3, "{found:?}");
        assert_eq!(killed.last(), Some(&None), "{found:?}");
        // An attack in another country keeps its own toll, or none.
        let found =
            run("Gunmen killed 130 people at a concert hall in Moscow, Russia on Friday. The same group \
                         attacked a memorial in Kerman, Iran in January.");
        let killed: Vec<Option<u32>> =
            found.events.iter().map(|e| e.killed.as_ref().and_then(|count| count.min)).collect();
        assert_eq!(killed, [Some(130), None], "{found:?}");
        // Nor does a report with no place in a story of two countries, and an arrest or a
        // threat harms nobody.
        let found = run("Gunmen killed 130 people at a concert hall in Moscow, Russia on Friday. The group \
                         also bombed a memorial in Kerman, Iran. Its fighters attacked a checkpoint on Monday.");
        let killed: Vec<Option<u32>> =
            found.events.iter().map(|e| e.killed.as_ref().and_then(|count| count.min)).collect();
        assert_eq!(killed.iter().filter(|killed| killed.is_some()).count(), 1, "{found:?}");
        let found =
            run("A man was shot and killed in Toledo on Sunday. Police arrested a suspect on Monday. \
                         The group threatened to attack again.");
        for event in
            found.events.iter().filter(|event| matches!(event.kind, EventType::Arrest | EventType::Threat))
        {
            assert_eq!(event.killed, None, "{found:?}");
        }
        assert!(found.events.iter().any(|event| event.kind == EventType::Arrest), "{found:?}");
    }

    #[test]
    fn people_with_gunshot_wounds_or_sent_to_hospital_are_people_shot() {
        assert_eq!(
            most_harmed("A shooting at a bar in Kokomo sent 4 people to the hospital on Sunday."),
            (None, Some(4))
        );
        // Shot, some of them dead: the hurt are those shot less the dead.
        assert_eq!(
            most_harmed(
                "Deputies found three people with gunshot wounds after a shooting in Aransas Pass. The woman \
                 died at the scene."
            ),
            (Some(1), Some(2))
        );
    }

    #[test]
    fn a_lede_with_no_word_of_attack_gives_its_count_to_the_first_event() {
        assert_eq!(
            most_harmed(
                "Four people are recovering from injuries after a brawl in Shreveport. Police said a man \
                 opened fire outside the club."
            ),
            (None, Some(4))
        );
        // A statistic is no lede.
        assert_eq!(
            most_harmed("This year 130 people have been wounded in Toledo. Police said a man opened fire outside the club."),
            (None, None)
        );
    }

    #[test]
    fn the_state_of_the_hurt_counts_them_and_others_add_up() {
        assert_eq!(
            most_harmed(
                "One woman is dead, one person is listed in critical condition and four others are being \
                 treated for injuries after a shooting at the club."
            ),
            (Some(1), Some(5))
        );
        assert_eq!(
            most_harmed(
                "An 8-year-old girl was shot and killed and her father is in stable condition in Miami."
            ),
            (Some(1), Some(1))
        );
    }

    #[test]
    fn each_verb_with_its_own_victim_adds_one_and_a_couple_is_two() {
        for (text, dead) in [
            (
                "Police say a father killed his ex-girlfriend in Wilkes-Barre, then drove to Pittston \
                 where he killed the boy and himself.",
                3,
            ),
            ("A Roy couple and their two young children were found dead in their home after a shooting.", 4),
            // A clause after "and" with a subject of its own tells someone else; "the victim" is
            // the one told before.
            ("A man was killed in the shooting, and his wife was killed too.", 2),
            ("A man was shot and killed and the victim was pronounced dead at the scene.", 1),
        ] {
            assert_eq!(most_harmed(text), (Some(dead), None), "{text}");
        }
    }

    #[test]
    fn people_told_dead_further_on_and_along_with_others_are_counted() {
        assert_eq!(
            most_harmed("The coroner says all four people involved in a shooting early Saturday morning have now died."),
            (Some(4), None)
        );
        assert_eq!(
            most_harmed(
                "Two young boys are dead along with their father after a shooting in St. Louis County."
            ),
            (Some(3), None)
        );
        // A clause of its own after "and" is not the count's.
        assert_ne!(most_harmed("Two men walked into the bar after a shooting and one died.").0, Some(2));
    }

    #[test]
    fn witnesses_are_not_the_harmed_and_the_deceased_are_dead() {
        assert_eq!(
            most_harmed(
                "A teen was found lying in the road after a shooting in Vista. During the investigation into \
                 the death, several witnesses reported hearing gunshots."
            )
            .0,
            None
        );
        assert_eq!(most_harmed("After the shooting, the deputy could see the man was deceased.").0, Some(1));
        // "Critical" beside someone else's death is someone hurt; alone, the critical may die.
        assert_eq!(
            most_harmed("An 8-year-old girl has died and her father is listed in critical condition after a shooting."),
            (Some(1), Some(1))
        );
        assert_eq!(
            most_harmed("A man was shot in Milwaukee. The victim is in critical condition.").1,
            Some(1)
        );
    }

    #[test]
    fn numbers_after_words_of_age_are_ages() {
        let killed = |text: &str| most_harmed(text).0;
        assert_ne!(
            killed("Police found two women, believed to be 30 and 60, shot dead in Greenacres."),
            Some(30)
        );
        assert_ne!(
            killed("Police found two women, believed to be 30 and 60, shot dead in Greenacres."),
            Some(60)
        );
        assert_ne!(killed("Smith shot and killed his sons, ages 3 and 4, in Iredell County."), Some(3));
    }

    #[test]
    fn a_verb_of_hurt_after_a_death_hurts_its_object() {
        assert_eq!(
            most_harmed(
                "A 13-year-old boy shot his 6-year-old brother to death, wounded an older brother and then \
                 committed suicide Wednesday evening."
            ),
            (Some(2), Some(1))
        );
        // "Fatally wounded" is a death.
        assert_eq!(most_harmed("The gunman shot at the bar and fatally wounded a man on Sunday.").1, None);
    }
}
