//! People: one person however a document names them, and the roles the text gives them.
//!
//! News names a person in full once ("Gen. Michael E. Kurilla") and by surname or title after
//! ("Kurilla", "Mr. Miller"), and states their role in an apposition or a premodifier ("the US
//! Central Command (CENTCOM) chief", "national security adviser Jake Sullivan"). The rules here
//! follow those conventions of English news writing (AP and Reuters style):
//!
//! - A mention that is one word joins the most recent earlier full name whose surname it is;
//!   failing that, the first later one. A one-word name with no full name stays on its own.
//! - Two names are the same person only when their surnames agree and every given name of the
//!   shorter agrees with one of the longer, an initial agreeing with any name it begins
//!   ("Erik" with "Michael E.", "M. Kurilla" with "Michael Kurilla"). Across documents that
//!   agreement is required *and* either identical names or a shared role (title or organisation),
//!   because a surname alone is shared by many people.
//! - A role is a noun from a list of titles, offices and occupations, with the words that
//!   qualify it ("national security adviser"), found next to the name: before it ("US Senator
//!   Lindsey Graham"), in an apposition after it ("Votel, the commander of US Central Command"),
//!   or in a possessive apposition before it ("The US Department of State's spokesperson,
//!   Matthew Miller"). An organisation named in that phrase is the role's organisation.

use sightline_nlp::ner::EntityType;
use sightline_nlp::{Annotations, NameMention, TokenKind};

/// A person's name split into given names (or initials) and surname.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// Given names and initials, lower case, without periods, in order.
    pub given: Vec<String>,
    /// The surname, lower case; particles stay part of it ("al-assad").
    pub surname: String,
}

/// Honorifics and ranks that may stand inside a tagged name span; they are not part of the name.
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "gen",
    "general",
    "lt",
    "col",
    "maj",
    "capt",
    "adm",
    "sgt",
    "sen",
    "senator",
    "rep",
    "gov",
    "president",
    "pres",
    "prof",
    "rev",
    "sheikh",
    "mullah",
    "maulvi",
    "imam",
];

/// Generational suffixes that follow a surname.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

impl PersonName {
    /// Parses a name as written: titles and nicknames in quotes are dropped, so "Gen. Raymond
    /// “Tony” Thomas" is given ["raymond"], surname "thomas". `None` when no word is left.
    pub fn parse(text: &str) -> Option<PersonName> {
        let mut words: Vec<String> = Vec::new();
        let mut in_quotes = false;
        for raw in text.split_whitespace() {
            let opens = raw.starts_with(['“', '"', '‘']);
            let closes = raw.ends_with(['”', '"', '’']) && raw.chars().count() > 1;
            if opens || in_quotes {
                in_quotes = !closes && (in_quotes || opens);
                continue;
            }
            let word = raw.trim_end_matches(['\'', '’']).trim_end_matches("'s").trim_end_matches("’s");
            let bare: String = word.trim_matches(|c: char| c == '.' || c == ',').to_lowercase();
            if bare.is_empty() {
                continue;
            }
            words.push(bare);
        }
        while words.first().is_some_and(|word| HONORIFICS.contains(&word.as_str())) && words.len() > 1 {
            words.remove(0);
        }
        while words.len() > 1 && words.last().is_some_and(|word| SUFFIXES.contains(&word.as_str())) {
            words.pop();
        }
        let surname = words.pop()?;
        Some(PersonName { given: words, surname })
    }

    /// True when the two names can be the same person: same surname, and each given name of the
    /// one with fewer agrees with a distinct given name of the other.
    pub fn compatible(&self, other: &PersonName) -> bool {
        if self.surname != other.surname {
            return false;
        }
        let (fewer, more) = if self.given.len() <= other.given.len() { (self, other) } else { (other, self) };
        let mut used = vec![false; more.given.len()];
        fewer.given.iter().all(|name| {
            let found = more
                .given
                .iter()
                .enumerate()
                .find(|(index, candidate)| !used[*index] && given_names_agree(name, candidate));
            match found {
                Some((index, _)) => {
                    used[index] = true;
                    true
                }
                None => false,
            }
        })
    }
}

/// "michael" agrees with "michael" and with "m"; "e" with "erik".
fn given_names_agree(first: &str, second: &str) -> bool {
    let is_initial = |name: &str| name.chars().count() == 1;
    match (is_initial(first), is_initial(second)) {
        (false, false) => first == second,
        _ => first.chars().next() == second.chars().next(),
    }
}

/// A role the text gives a person.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Role {
    /// The title, lower case: "spokesperson", "national security adviser".
    pub title: String,
    /// The organisation named with it, as written.
    pub org: Option<String>,
}

/// Nouns that name a role, office or occupation held by a person.
const ROLE_NOUNS: &[&str] = &[
    "adviser",
    "advisor",
    "admiral",
    "ambassador",
    "analyst",
    "attorney",
    "captain",
    "chair",
    "chairman",
    "chairwoman",
    "chief",
    "cleric",
    "colonel",
    "commander",
    "commissioner",
    "correspondent",
    "director",
    "editor",
    "emir",
    "envoy",
    "expert",
    "fellow",
    "founder",
    "general",
    "governor",
    "head",
    "imam",
    "journalist",
    "judge",
    "king",
    "leader",
    "lieutenant",
    "major",
    "mayor",
    "minister",
    "officer",
    "official",
    "president",
    "professor",
    "prosecutor",
    "queen",
    "reporter",
    "representative",
    "researcher",
    "scholar",
    "secretary",
    "senator",
    "sergeant",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "strategist",
    "premier",
    "deputy",
];

/// Words that qualify a role noun and belong to the title ("national security adviser").
const ROLE_MODIFIERS: &[&str] = &[
    "national",
    "security",
    "deputy",
    "vice",
    "prime",
    "foreign",
    "defense",
    "defence",
    "interior",
    "press",
    "intelligence",
    "military",
    "senior",
    "top",
    "assistant",
    "executive",
    "special",
    "regional",
    "provincial",
    "police",
    "army",
    "district",
    "state",
    "counterterrorism",
    "research",
    "political",
    "finance",
    "health",
    "supreme",
    "joint",
    "chiefs",
    "staff",
    "lieutenant",
    "brigadier",
    "major",
    "chief",
];

/// Abbreviated ranks and titles before a name, and the role each names.
const TITLE_ROLES: &[(&str, &str)] = &[
    ("gen", "general"),
    ("general", "general"),
    ("lt", "lieutenant"),
    ("col", "colonel"),
    ("maj", "major"),
    ("capt", "captain"),
    ("adm", "admiral"),
    ("sgt", "sergeant"),
    ("sen", "senator"),
    ("senator", "senator"),
    ("rep", "representative"),
    ("gov", "governor"),
    ("pres", "president"),
    ("president", "president"),
    ("prof", "professor"),
];

fn lower(annotations: &Annotations, text: &str, token: usize) -> String {
    annotations.tokens[token].text(text).trim_end_matches('.').to_lowercase()
}

fn is_role_noun(word: &str) -> bool {
    ROLE_NOUNS.contains(&word) || word.strip_suffix('s').is_some_and(|stem| ROLE_NOUNS.contains(&stem))
}

/// The role title ending at token `noun`: the noun and the qualifying words right before it.
fn title_ending_at(annotations: &Annotations, text: &str, noun: usize, floor: usize) -> String {
    let mut start = noun;
    while start > floor {
        let word = lower(annotations, text, start - 1);
        if ROLE_MODIFIERS.contains(&word.as_str()) {
            start -= 1;
        } else {
            break;
        }
    }
    (start..=noun).map(|token| lower(annotations, text, token)).collect::<Vec<_>>().join(" ")
}

/// The organisation name inside tokens `from..to`, if the tagger found one there (names cut
/// before their "of" phrase are already joined by the annotator). An organisation tagged as a
/// place ("US Central Command" read as a place name) is taken when no organisation is there.
fn org_within(annotations: &Annotations, text: &str, from: usize, to: usize) -> Option<String> {
    let inside = |name: &&NameMention| name.token_start >= from && name.token_end <= to;
    let org = annotations
        .names
        .iter()
        .filter(inside)
        .find(|name| name.kind == EntityType::Org)
        .or_else(|| annotations.names.iter().filter(inside).find(|name| name.kind != EntityType::Per))?;
    Some(org.text(text).to_string())
}

fn is_clause_break(annotations: &Annotations, text: &str, token: usize) -> bool {
    let token_ref = &annotations.tokens[token];
    match token_ref.kind {
        TokenKind::Punctuation => !matches!(token_ref.text(text), "(" | ")"),
        TokenKind::Quote | TokenKind::Dash => true,
        _ => false,
    }
}

/// The roles the sentence around `name` gives the person it names.
pub fn roles_of(text: &str, annotations: &Annotations, name: &NameMention) -> Vec<Role> {
    let mut roles = Vec::new();
    let Some(sentence) = annotations.sentences.get(name.sentence) else { return roles };
    // Before the name: a run of words up to a clause break, at most a dozen tokens back.
    let mut start = name.token_start;
    while start > sentence.token_start
        && name.token_start - start < 12
        && !is_clause_break(annotations, text, start - 1)
    {
        start -= 1;
    }
    let mut found_before = false;
    for token in (start..name.token_start).rev() {
        let word = lower(annotations, text, token);
        // The noun must premodify the name: only capitalised words (ranks, services) between
        // them, or a relative clause it opens ("general who oversaw ... Mark Quantock").
        let premodifies = (token + 1..name.token_start).all(|between| {
            annotations.tokens[between].text(text).chars().next().is_some_and(char::is_uppercase)
        }) || lower(annotations, text, token + 1) == "who";
        if is_role_noun(&word) && premodifies {
            let org = org_within(annotations, text, start, token);
            roles.push(Role { title: title_ending_at(annotations, text, token, start), org });
            found_before = true;
            break;
        }
    }
    // "ORG's spokesperson, NAME" and "The head of ORG, NAME": the phrase before the comma.
    if !found_before && start > sentence.token_start && annotations.tokens[start - 1].text(text) == "," {
        let comma = start - 1;
        let mut phrase_start = comma;
        while phrase_start > sentence.token_start
            && comma - phrase_start < 12
            && !is_clause_break(annotations, text, phrase_start - 1)
        {
            phrase_start -= 1;
        }
        if let Some(noun) =
            (phrase_start..comma).find(|&token| is_role_noun(&lower(annotations, text, token)))
        {
            let org = org_within(annotations, text, phrase_start, comma);
            roles.push(Role { title: title_ending_at(annotations, text, noun, phrase_start), org });
        }
    }
    // A rank written as a title right before the name ("Gen.", "Sen."), when no role noun said more.
    if roles.is_empty() && name.token_start > sentence.token_start {
        let word = lower(annotations, text, name.token_start - 1);
        if let Some((_, role)) = TITLE_ROLES.iter().find(|(title, _)| *title == word) {
            roles.push(Role { title: role.to_string(), org: None });
        }
    }
    // After the name: ", [the] ... ROLE [of ORG]," up to the next clause break.
    let after = name.token_end;
    if after < sentence.token_end && annotations.tokens[after].text(text) == "," {
        let mut end = after + 1;
        while end < sentence.token_end && end - after < 14 && !is_clause_break(annotations, text, end) {
            end += 1;
        }
        let phrase = after + 1..end;
        let starts_as_apposition = phrase.start < end && {
            let first = lower(annotations, text, phrase.start);
            matches!(first.as_str(), "the" | "a" | "an" | "who" | "former" | "then")
                || is_role_noun(&first)
                || org_within(annotations, text, phrase.start, end).is_some()
        };
        let has_person = annotations.names.iter().any(|other| {
            other.kind == EntityType::Per && other.token_start >= phrase.start && other.token_end <= end
        });
        if starts_as_apposition && !has_person {
            if let Some(noun) = phrase.clone().find(|&token| is_role_noun(&lower(annotations, text, token))) {
                let org = org_within(annotations, text, phrase.start, end);
                roles.push(Role { title: title_ending_at(annotations, text, noun, phrase.start), org });
            }
        }
    }
    roles
}

/// For each name of a person in the document, the index (into `annotations.names`) of the name
/// that stands for its person: the fullest form, so "Miller" and "Mr. Miller" point at
/// "Matthew Miller". Names that are not people point at themselves.
pub fn person_heads(text: &str, annotations: &Annotations) -> Vec<usize> {
    let names = &annotations.names;
    let parsed: Vec<Option<PersonName>> = names
        .iter()
        .map(|name| if name.kind == EntityType::Per { PersonName::parse(name.text(text)) } else { None })
        .collect();
    let mut heads: Vec<usize> = (0..names.len()).collect();
    for (index, name) in parsed.iter().enumerate() {
        let Some(name) = name else { continue };
        let is_full = |candidate: &PersonName| !candidate.given.is_empty();
        let fits = |other: usize| {
            parsed[other].as_ref().is_some_and(|candidate| {
                is_full(candidate) && candidate.given.len() >= name.given.len() && candidate.compatible(name)
            })
        };
        // The most recent earlier full form, else the first later one; the longest wins a tie.
        let earlier = (0..index).rev().filter(|&other| fits(other)).max_by_key(|&other| {
            (parsed[other].as_ref().map_or(0, |candidate| candidate.given.len()), other)
        });
        let chosen = earlier.or_else(|| (index + 1..names.len()).find(|&other| fits(other)));
        if let Some(chosen) = chosen {
            if parsed[chosen].as_ref().map_or(0, |c| c.given.len()) > name.given.len() || chosen < index {
                heads[index] = heads[chosen];
            }
        }
    }
    heads
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_nlp::Annotator;

    fn name(text: &str) -> PersonName {
        PersonName::parse(text).unwrap_or_else(|| panic!("no name in {text:?}"))
    }

    #[test]
    fn names_parse_without_titles_and_nicknames() {
        assert_eq!(
            name("Gen. Raymond “Tony” Thomas"),
            PersonName { given: vec!["raymond".into()], surname: "thomas".into() }
        );
        assert_eq!(name("Mr. Miller's"), PersonName { given: vec![], surname: "miller".into() });
        assert_eq!(name("Martin Luther King Jr.").surname, "king");
    }

    #[test]
    fn middle_names_and_initials_agree() {
        assert!(name("Michael E. Kurilla").compatible(&name("Erik Kurilla")));
        assert!(name("Michael E. Kurilla").compatible(&name("Kurilla")));
        assert!(name("M. Kurilla").compatible(&name("Michael Kurilla")));
        assert!(!name("Michael Kurilla").compatible(&name("Anna Kurilla")));
        assert!(!name("Joe Biden").compatible(&name("Hunter Biden")));
        assert!(!name("Joe Biden").compatible(&name("Joe Manchin")));
    }

    fn roles(text: &str, person: &str) -> Vec<Role> {
        let Ok(annotator) = Annotator::embedded() else { panic!("the embedded model loads") };
        let annotations = annotator.annotate(text, None);
        let Some(mention) = annotations.names.iter().find(|name| name.text(text) == person) else {
            panic!(
                "{person:?} not tagged in {:?}",
                annotations.names.iter().map(|n| n.text(text)).collect::<Vec<_>>()
            )
        };
        roles_of(text, &annotations, mention)
    }

    fn has_role(roles: &[Role], title: &str, org: Option<&str>) -> bool {
        roles.iter().any(|role| role.title == title && role.org.as_deref() == org)
    }

    #[test]
    fn roles_from_appositions_and_premodifiers() {
        let found = roles(
            "The US Department of State's spokesperson, Matthew Miller, said on Monday.",
            "Matthew Miller",
        );
        assert!(has_role(&found, "spokesperson", Some("US Department of State")), "{found:?}");
        let found =
            roles("Gen. Joseph Votel, the commander of US Central Command, told reporters.", "Joseph Votel");
        assert!(has_role(&found, "commander", Some("US Central Command")), "{found:?}");
        let found = roles(
            "That threat, according to US National Security Adviser Jake Sullivan, is real.",
            "Jake Sullivan",
        );
        assert!(found.iter().any(|role| role.title == "national security adviser"), "{found:?}");
        let found = roles("Two days earlier, Senator Lindsey Graham proposed strikes.", "Lindsey Graham");
        assert!(found.iter().any(|role| role.title == "senator"), "{found:?}");
    }

    #[test]
    fn a_list_of_people_gives_no_role_to_the_first() {
        let found = roles("Officials met John Smith, Mary Jones and the mayor of Kabul.", "John Smith");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn surnames_point_at_the_full_name() {
        let Ok(annotator) = Annotator::embedded() else { panic!("the embedded model loads") };
        let text = "Matthew Miller spoke in Washington. Later Mr. Miller added that Biden agreed.";
        let annotations = annotator.annotate(text, None);
        let heads = person_heads(text, &annotations);
        let index_of = |form: &str| annotations.names.iter().position(|name| name.text(text) == form);
        let short = annotations.names.iter().position(|name| {
            let text = name.text(text);
            text.ends_with("Miller") && !text.starts_with("Matthew")
        });
        let (Some(full), Some(short)) = (index_of("Matthew Miller"), short) else {
            panic!(
                "names not tagged: {:?}",
                annotations.names.iter().map(|n| n.text(text)).collect::<Vec<_>>()
            )
        };
        assert_eq!(heads[short], full);
        assert_eq!(heads[full], full);
        if let Some(biden) = index_of("Biden") {
            assert_eq!(heads[biden], biden);
        }
    }
}
