//! Counts: how many, as the text says it, with its hedge.
//!
//! News reports casualties as hedged counts ("over 130", "at least 5", "between 10 and 15",
//! "dozens"), and a record of violence must keep the hedge rather than a bare number: "fewer
//! than 2,000" and "2,000" are different claims. Each [`Quantity`] therefore has a lower and an
//! upper bound, either of which the text may leave open, and a [`Qualifier`] saying how the text
//! bounded it. Digits ("2,000", "1.5 million") and English number words ("twenty-one", "ONE
//! HUNDRED", "two hundred and fifty") are both read, case-insensitively, so wire text in
//! capitals works.
//!
//! This module finds counts; it does not know what is counted. It leaves out numbers that are
//! plainly not counts of anything a report would tally: dates and years (found by
//! [`crate::find_dates`]), ordinals ("13th"), decades ("1990s"), money ("$5"), percentages,
//! times ("10:30"), measures ("5 km", "30 years"), and reference numbers ("No. 4"). Whether the
//! rest count people is for the extraction stage, which sees the noun after the count ("3
//! PEASANTS").
//!
//! Vague words follow the conventions of ACLED (the Armed Conflict Location & Event Data
//! project) for coding fatalities: "dozens" counts as 12, "scores" as 20, "hundreds" as 100,
//! "thousands" as 1,000. "Several" counts as 3 and "a few" as 2, the least each word can mean.
//! These are lower bounds: a vague count has a `min` and no `max`.

use crate::token::{abbreviation_class, AbbreviationClass, Token, TokenKind};

/// How the text bounds a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// The number itself: "13", "two", "3 PEASANTS".
    Exact,
    /// More than the number: "over 130", "more than 20".
    Over,
    /// Fewer than the number, or close below it: "fewer than 2,000", "nearly 40".
    Under,
    /// Near the number, either side: "about 100", "some 50", "a dozen".
    About,
    /// The number or more: "at least 5", "10 or more".
    AtLeast,
    /// The number or fewer: "up to 30", "as many as 30".
    AtMost,
    /// Both bounds given: "between 10 and 15", "10 to 15", "10-15", "two or three".
    Range,
    /// A word with no number, counted by convention: "dozens", "hundreds", "several".
    Vague,
}

/// One count found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Quantity {
    /// Byte offset where the expression starts, hedge included ("over 130" starts at "over").
    pub byte_start: usize,
    /// Byte offset one past the expression's end.
    pub byte_end: usize,
    /// Index of the expression's first token.
    pub token_start: usize,
    /// Index one past the expression's last token.
    pub token_end: usize,
    /// The expression as written.
    pub text: String,
    /// The least the count can be, when the text bounds it from below.
    pub min: Option<u32>,
    /// The most the count can be, when the text bounds it from above.
    pub max: Option<u32>,
    /// How the text bounds it.
    pub qualifier: Qualifier,
}

/// Hedges written before a count, longest first so that "no fewer than" wins over "fewer
/// than". Matched case-insensitively against the words right before the number.
const HEDGES: &[(&[&str], Qualifier)] = &[
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["not", "less", "than"], Qualifier::AtLeast),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["not", "more", "than"], Qualifier::AtMost),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["a", "maximum", "of"], Qualifier::AtMost),
    (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["in", "excess", "of"], Qualifier::Over),
    (&["more", "than"], Qualifier::Over),
    (&["upwards", "of"], Qualifier::Over),
    (&["fewer", "than"], Qualifier::Under),
    (&["less", "than"], Qualifier::Under),
    (&["at", "least"], Qualifier::AtLeast),
    (&["at", "most"], Qualifier::AtMost),
    (&["up", "to"], Qualifier::AtMost),
    (&["an", "estimated"], Qualifier::About),
    (&["close", "to"], Qualifier::About),
    (&["over"], Qualifier::Over),
    (&["above"], Qualifier::Over),
    (&["exceeding"], Qualifier::Over),
    (&["under"], Qualifier::Under),
    (&["below"], Qualifier::Under),
    (&["nearly"], Qualifier::Under),
    (&["almost"], Qualifier::Under),
    (&["about"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["approx."], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["estimated"], Qualifier::About),
];

/// Words after a number that make it a measure, a time or a share rather than a count.
const MEASURE_WORDS: &[&str] = &[
    "%",
    "percent",
    "per",
    "pc",
    "km",
    "kilometres",
    "kilometers",
    "kilometre",
    "kilometer",
    "miles",
    "mile",
    "metres",
    "meters",
    "metre",
    "meter",
    "m",
    "mm",
    "cm",
    "feet",
    "foot",
    "ft",
    "inches",
    "kg",
    "kilograms",
    "kilos",
    "tons",
    "tonnes",
    "pounds",
    "lbs",
    "acres",
    "hectares",
    "degrees",
    "dollars",
    "euros",
    "rupees",
    "afghanis",
    "pesos",
    "colones",
    "years",
    "year",
    "months",
    "month",
    "weeks",
    "week",
    "days",
    "day",
    "hours",
    "hour",
    "minutes",
    "minute",
    "seconds",
    "second",
    "times",
    "a.m.",
    "p.m.",
    "am",
    "pm",
    "gmt",
    "utc",
    "o'clock",
    "mph",
    "kph",
];

/// Currency signs: a number after one is money.
const CURRENCY_SIGNS: &[&str] = &["$", "€", "£", "¥", "₹", "₨", "؋"];

/// The value of an English number word below a hundred ("seven", "twenty", "twenty-one"),
/// case-insensitively.
pub fn number_word_value(word: &str) -> Option<u32> {
    if let Some((tens, units)) = word.split_once('-') {
        let tens_value = small_number_word(tens).filter(|value| *value >= 20 && value % 10 == 0)?;
        let units_value = small_number_word(units).filter(|value| (1..10).contains(value))?;
        return Some(tens_value + units_value);
    }
    small_number_word(word)
}

fn small_number_word(word: &str) -> Option<u32> {
    const WORDS: &[(&str, u32)] = &[
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("thirteen", 13),
        ("fourteen", 14),
        ("fifteen", 15),
        ("sixteen", 16),
        ("seventeen", 17),
        ("eighteen", 18),
        ("nineteen", 19),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
    ];
    WORDS.iter().find(|(name, _)| name.eq_ignore_ascii_case(word)).map(|(_, value)| *value)
}

fn multiplier(word: &str) -> Option<u64> {
    [("hundred", 100), ("thousand", 1_000), ("million", 1_000_000), ("billion", 1_000_000_000)]
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|(_, value)| *value)
}

/// Finds the counts in `text`, given its tokens from [`crate::tokenize`], in order and without
/// overlaps.
///
/// ```
/// use sightline_nlp::{find_quantities, tokenize, Qualifier};
/// let text = "A blast killed over 130 people and hurt dozens.";
/// let quantities = find_quantities(text, &tokenize(text));
/// assert_eq!(quantities[0].text, "over 130");
/// assert_eq!((quantities[0].min, quantities[0].qualifier), (Some(130), Qualifier::Over));
/// assert_eq!((quantities[1].min, quantities[1].qualifier), (Some(12), Qualifier::Vague));
/// ```
pub fn find_quantities(text: &str, tokens: &[Token]) -> Vec<Quantity> {
    let finder = Finder { text, tokens };
    let mut in_date = vec![false; tokens.len()];
    for date in crate::date::find_dates(text, tokens, None) {
        for flag in in_date.iter_mut().take(date.token_end).skip(date.token_start) {
            *flag = true;
        }
    }
    let mut quantities = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        if in_date[index] {
            index += 1;
            continue;
        }
        match finder.quantity_at(index) {
            Some(quantity) if !in_date[index..quantity.token_end].contains(&true) => {
                index = quantity.token_end;
                quantities.push(quantity);
            }
            _ => index += 1,
        }
    }
    quantities
}

/// A count's core, before hedges: its value or bounds and the tokens it covers.
struct Core {
    min: Option<u32>,
    max: Option<u32>,
    qualifier: Qualifier,
    end: usize,
}

struct Finder<'a> {
    text: &'a str,
    tokens: &'a [Token],
}

impl Finder<'_> {
    fn word(&self, index: usize) -> &str {
        self.tokens.get(index).map_or("", |token| token.text(self.text))
    }

    fn word_is(&self, index: usize, expected: &str) -> bool {
        self.word(index).eq_ignore_ascii_case(expected)
    }

    fn quantity_at(&self, start: usize) -> Option<Quantity> {
        let between = self.word_is(start, "between");
        let core_start = if between { start + 1 } else { start };
        let mut core = self.core_at(core_start)?;
        // A second number after "and" (with "between"), "to", "or" or an attached hyphen makes
        // the count a range; "or more" and "or so" hedge it from behind.
        let connector = self.word(core.end).to_ascii_lowercase();
        let hyphen_attached = self.tokens.get(core.end).is_some_and(|token| {
            token.kind == TokenKind::Dash
                && token.text(self.text) == "-"
                && self.tokens.get(core.end - 1).is_some_and(|before| before.byte_end == token.byte_start)
        });
        let ranged =
            (between && connector == "and") || connector == "to" || connector == "or" || hyphen_attached;
        if ranged && core.qualifier != Qualifier::Vague {
            if let Some(upper) =
                self.core_at(core.end + 1).filter(|upper| upper.qualifier != Qualifier::Vague)
            {
                if upper.min >= core.min {
                    core =
                        Core { min: core.min, max: upper.max, qualifier: Qualifier::Range, end: upper.end };
                }
            } else if connector == "or" && self.word_is(core.end + 1, "more") {
                core = Core { max: None, qualifier: Qualifier::AtLeast, end: core.end + 2, ..core };
            } else if connector == "or" && self.word_is(core.end + 1, "so") {
                core = Core { qualifier: Qualifier::About, end: core.end + 2, ..core };
            }
        }
        if between && core.qualifier != Qualifier::Range {
            return None;
        }
        if self.is_excluded(core_start, core.end) {
            return None;
        }
        let mut first = start;
        if !between && core.qualifier != Qualifier::Vague {
            if let Some((n_words, hedge)) = self.hedge_before(start) {
                first = start - n_words;
                let value = if core.qualifier == Qualifier::Range { None } else { core.min };
                core = match hedge {
                    Qualifier::Over | Qualifier::AtLeast => Core { max: None, qualifier: hedge, ..core },
                    Qualifier::Under | Qualifier::AtMost => {
                        Core { min: None, max: value.or(core.max), qualifier: hedge, ..core }
                    }
                    _ => Core { qualifier: hedge, ..core },
                };
            }
        }
        let byte_start = self.tokens.get(first)?.byte_start;
        let byte_end = self.tokens.get(core.end - 1)?.byte_end;
        Some(Quantity {
            byte_start,
            byte_end,
            token_start: first,
            token_end: core.end,
            text: self.text.get(byte_start..byte_end)?.to_string(),
            min: core.min,
            max: core.max,
            qualifier: core.qualifier,
        })
    }

    /// The hedge ending right before token `start`, with the number of words it spans.
    fn hedge_before(&self, start: usize) -> Option<(usize, Qualifier)> {
        HEDGES.iter().find_map(|(words, qualifier)| {
            let first = start.checked_sub(words.len())?;
            let matches = words.iter().enumerate().all(|(offset, word)| self.word_is(first + offset, word));
            matches.then_some((words.len(), *qualifier))
        })
    }

    /// Whether the count `[start, end)` is money, a share, a time, a measure or a reference
    /// number rather than a count.
    fn is_excluded(&self, start: usize, end: usize) -> bool {
        let before = start.checked_sub(1).and_then(|index| self.tokens.get(index));
        let before_text = before.map_or("", |token| token.text(self.text));
        let after_text = self.word(end);
        let is_number =
            |index: usize| self.tokens.get(index).is_some_and(|token| token.kind == TokenKind::Number);
        let is_money = CURRENCY_SIGNS.contains(&before_text);
        let is_reference = before_text == "#"
            || before.is_some_and(|token| token.kind == TokenKind::Abbreviation)
                && abbreviation_class(before_text) == Some(AbbreviationClass::BeforeNumber);
        // A clock time is two numbers around a colon: "10:30".
        let is_time = (after_text == ":" && is_number(end + 1))
            || (before_text == ":" && start.checked_sub(2).is_some_and(is_number));
        let is_measure = MEASURE_WORDS.iter().any(|measure| measure.eq_ignore_ascii_case(after_text));
        is_money || is_reference || is_time || is_measure
    }

    /// The number or vague count starting at token `start`, hedges aside.
    fn core_at(&self, start: usize) -> Option<Core> {
        let token = self.tokens.get(start)?;
        let word = token.text(self.text);
        let lower = word.to_ascii_lowercase();
        let exact = |value: u64, end: usize, qualifier: Qualifier| {
            let value = u32::try_from(value).ok()?;
            Some(Core { min: Some(value), max: Some(value), qualifier, end })
        };
        let vague = |value: u64, end: usize| {
            let value = u32::try_from(value).ok()?;
            Some(Core { min: Some(value), max: None, qualifier: Qualifier::Vague, end })
        };
        if token.kind == TokenKind::Number {
            let has_decimal = word.contains('.');
            if !word.bytes().all(|byte| byte.is_ascii_digit() || byte == b',' || byte == b'.') {
                return None;
            }
            if let Some(scale) = self.tokens.get(start + 1).and_then(|next| multiplier(next.text(self.text)))
            {
                let value: f64 = word.replace(',', "").parse().ok()?;
                return exact((value * scale as f64).round() as u64, start + 2, Qualifier::Exact);
            }
            if has_decimal {
                return None;
            }
            let value: u64 = word.replace(',', "").parse().ok()?;
            return exact(value, start + 1, Qualifier::Exact);
        }
        match lower.as_str() {
            "dozens" | "hundreds" | "thousands" | "millions" | "scores" | "tens" => {
                let of_follows = self.word_is(start + 1, "of");
                let base: u64 = match lower.as_str() {
                    "dozens" => 12,
                    "scores" => 20,
                    "hundreds" => 100,
                    "thousands" => 1_000,
                    "millions" => 1_000_000,
                    _ => 10,
                };
                // "tens of thousands", "hundreds of thousands": the plural scales the one after.
                if of_follows {
                    if let Some(scale) = multiplier(self.word(start + 2).trim_end_matches('s')) {
                        if self.word(start + 2).ends_with(['s', 'S']) && scale >= 1_000 {
                            return vague(base * scale, start + 3);
                        }
                    }
                }
                // "Scores" and "tens" are counts only before "of": "the scores were level".
                if matches!(lower.as_str(), "scores" | "tens") && !of_follows {
                    return None;
                }
                vague(base, start + 1)
            }
            "several" => self.scaled_vague(start + 1, 3),
            "twin" => exact(2, start + 1, Qualifier::Exact),
            "a" | "an" => {
                if self.word_is(start + 1, "few") {
                    return self.scaled_vague(start + 2, 2);
                }
                if self.word_is(start + 1, "dozen") {
                    return exact(12, start + 2, Qualifier::About);
                }
                let scale = multiplier(self.word(start + 1)).filter(|scale| *scale >= 100)?;
                exact(scale, start + 2, Qualifier::About)
            }
            "dozen" => None,
            _ => {
                let (value, end) = self.number_words(start)?;
                if value == 1 && self.is_pronoun_one(start) {
                    return None;
                }
                exact(value, end, Qualifier::Exact)
            }
        }
    }

    /// A vague count that a following "hundred", "thousand" or "dozen" scales: "several
    /// hundred" is at least 300.
    fn scaled_vague(&self, next: usize, base: u64) -> Option<Core> {
        let next_word = self.word(next);
        let scale = if next_word.eq_ignore_ascii_case("dozen") { Some(12) } else { multiplier(next_word) };
        let (value, end) = match scale {
            Some(scale) => (base * scale, next + 1),
            None => (base, next),
        };
        Some(Core { min: Some(u32::try_from(value).ok()?), max: None, qualifier: Qualifier::Vague, end })
    }

    /// "One" after "no", "the", "any", "each", "every", "this", "that" or "which" is a
    /// pronoun ("no one", "the one who"), not a count.
    fn is_pronoun_one(&self, start: usize) -> bool {
        let before = start.checked_sub(1).map_or("", |index| self.word(index));
        ["no", "the", "any", "each", "every", "this", "that", "which"]
            .iter()
            .any(|word| word.eq_ignore_ascii_case(before))
    }

    /// An English number in words starting at `start` ("twenty-one", "ONE HUNDRED", "two
    /// hundred and fifty", "three thousand"): its value and the token after it.
    fn number_words(&self, start: usize) -> Option<(u64, usize)> {
        let mut total: u64 = 0;
        let mut current: u64 = 0;
        let mut index = start;
        let mut last_small: Option<u32> = None;
        let mut n_words = 0;
        loop {
            let word = self.word(index);
            if let Some(value) = number_word_value(word) {
                // Two small numbers in a row are two counts ("one two"), except a unit after a
                // ten ("twenty one"), which some writers leave unhyphenated.
                let joins = match last_small {
                    None => true,
                    Some(previous) => previous >= 20 && previous % 10 == 0 && value < 10,
                };
                if !joins {
                    break;
                }
                current += u64::from(value);
                last_small = Some(value);
            } else if let Some(scale) = multiplier(word).filter(|_| n_words > 0) {
                if scale == 100 {
                    current = current.max(1) * 100;
                } else {
                    total += current.max(1) * scale;
                    current = 0;
                }
                last_small = None;
            } else if word.eq_ignore_ascii_case("and")
                && last_small.is_none()
                && n_words > 0
                && number_word_value(self.word(index + 1)).is_some()
            {
                // "Two hundred and fifty": "and" joins a number after a hundred or thousand.
            } else {
                break;
            }
            n_words += 1;
            index += 1;
        }
        (n_words > 0).then_some((total + current, index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    /// Finds the counts in `input` and compares with `expected`: each as
    /// `text=min..max/Qualifier`, an open bound left empty, joined by ` | `.
    fn check(input: &str, expected: &str) {
        let quantities = find_quantities(input, &tokenize(input));
        let got: Vec<String> = quantities
            .iter()
            .map(|quantity| {
                let bound = |value: Option<u32>| value.map_or(String::new(), |value| value.to_string());
                format!(
                    "{}={}..{}/{:?}",
                    quantity.text,
                    bound(quantity.min),
                    bound(quantity.max),
                    quantity.qualifier
                )
            })
            .collect();
        assert_eq!(got.join(" | "), expected, "input: {input:?}");
        for quantity in &quantities {
            assert_eq!(&input[quantity.byte_start..quantity.byte_end], quantity.text);
        }
    }

    #[test]
    fn exact_counts_in_digits_and_words() {
        check("13 people died", "13=13..13/Exact");
        check("2,000 fled", "2,000=2000..2000/Exact");
        check("two soldiers and twenty-one civilians", "two=2..2/Exact | twenty-one=21..21/Exact");
        check("ONE HUNDRED PEOPLE", "ONE HUNDRED=100..100/Exact");
        check("KILLED 3 PEASANTS.", "3=3..3/Exact");
        check("two hundred and fifty families", "two hundred and fifty=250..250/Exact");
        check("1.5 million displaced", "1.5 million=1500000..1500000/Exact");
        check("twin blasts", "twin=2..2/Exact");
        check("no one died; the one who fled", "");
    }

    #[test]
    fn hedged_counts() {
        check("fewer than 2,000 fighters", "fewer than 2,000=..2000/Under");
        check("over 130 dead", "over 130=130../Over");
        check("more than 20 hurt", "more than 20=20../Over");
        check("about 100 wounded", "about 100=100..100/About");
        check("at least 5 killed", "at least 5=5../AtLeast");
        check("up to 30 missing", "up to 30=..30/AtMost");
        check("nearly 40 died", "nearly 40=..40/Under");
        check("MORE THAN TWENTY", "MORE THAN TWENTY=20../Over");
        check("no fewer than 9 died", "no fewer than 9=9../AtLeast");
        check("more than a dozen", "more than a dozen=12../Over");
        check("10 or more", "10 or more=10../AtLeast");
    }

    #[test]
    fn ranges() {
        check("between 10 and 15 people", "between 10 and 15=10..15/Range");
        check("10 to 15 people", "10 to 15=10..15/Range");
        check("10-15 people", "10-15=10..15/Range");
        check("two or three men", "two or three=2..3/Range");
        check("about 10 to 15", "about 10 to 15=10..15/About");
    }

    #[test]
    fn vague_counts_follow_acled() {
        check("dozens were hurt", "dozens=12../Vague");
        check("hundreds fled", "hundreds=100../Vague");
        check("scores of people", "scores=20../Vague");
        check("several civilians", "several=3../Vague");
        check("a dozen men", "a dozen=12..12/About");
        check("tens of thousands fled", "tens of thousands=10000../Vague");
        check("several hundred families", "several hundred=300../Vague");
        check("a few guards", "a few=2../Vague");
        check("the scores were level", "");
    }

    #[test]
    fn non_ascii_text_around_counts() {
        check("KABUL – “over 130” died", "over 130=130../Over");
        check("Qunduz’da 13 kişi öldü", "13=13..13/Exact");
    }

    #[test]
    fn numbers_that_are_not_counts() {
        check("on March 22, 2024 and in 2021", "");
        check("the 13th attack in the 1990s", "");
        check("$5 and 10% and 5 km and 30 years", "");
        check("at 10:30 a.m.", "");
        check("ranked No. 4", "");
        check("a rate of 1.5", "");
        check("", "");
    }
}
