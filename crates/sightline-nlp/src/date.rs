//! Dates: expressions of time found in the text, resolved against the document's date.
//!
//! News dates its events relative to when it was written ("Thursday", "last month", "eight
//! years ago") or leaves out the year ("March 22"), because its readers know the publication
//! date. The resolver takes that date as a value (`Option<NaiveDate>`) and never reads a
//! clock: without it, expressions that need it keep their span and precision and get no value.
//! A value is the first day of the period the expression names, with its [`DatePrecision`].
//!
//! Rules that carry a decision:
//!
//! - A bare weekday is the most recent such day on or before the document date, because news
//!   reports events that have happened. "last Tuesday" is strictly before, "next Tuesday"
//!   strictly after.
//! - A day and month without a year take the year that puts them nearest the document date, so
//!   "30 DECEMBER" in a report of 3 January is the December just past. With a weekday
//!   ("Tuesday, March 26") the year is the one, nearest the document date, in which that day
//!   falls on that weekday: the weekday is the text's own evidence for the year.
//! - A two-digit year ("4 FEB 90") is the latest year with those last two digits that is at most
//!   ten years after the document date; without a document date, 69 to 99 are 1969 to 1999 and
//!   00 to 68 are 2000 to 2068, the POSIX `strptime` rule.
//! - "N days earlier" or "later" counts from the last date before it in the text, which is what
//!   such phrases refer to in narrative; failing one, from the document date. When that date is
//!   coarser than the unit ("two days earlier" after "last month"), the result keeps the
//!   coarser date and precision: two days before some day in February is not a known day.
//! - A season with a year starts on the first day of its meteorological season in the northern
//!   hemisphere; "winter 2014" is the winter that contains January and February 2014, so it
//!   starts on 1 December 2013.
//! - A bare year counts only after a word that introduces years ("in 2021", "since 2014"),
//!   because a four-digit number alone is as often a count ("2000 people").
//! - Vague spans ("in recent weeks", "recently") name no period and are not reported.
//! - Without a document date, the text still bounds when it was written: a report is written
//!   on or after the dates it states ([`written_on_or_after`]: the latest absolute date, not
//!   one after "by" or "until", which may lie ahead). That bound stands in for the document
//!   date only where the text's own evidence fixes the year, a weekday with its day and month
//!   ("Tuesday, March 26" is the nearest such Tuesday to the bound). Expressions that need the
//!   exact day ("Thursday", "last month", "eight years ago") stay unresolved.
//!
//! Month and weekday names must be capitalised, as English writes them, so that the verb "may"
//! and the noun "march" are not dates; ALL-CAPS text satisfies that.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::token::{Token, TokenKind};

/// How much of a date the expression pins down, finest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatePrecision {
    /// One day: "April 2, 2024", "yesterday", "Thursday".
    Day,
    /// A week, starting on Monday: "this week", "two weeks ago".
    Week,
    /// A month: "January 2024", "last month".
    Month,
    /// A season: "summer 2014".
    Season,
    /// A year: "2021", "eight years ago".
    Year,
}

/// One date expression found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateMention {
    /// Byte offset where the expression starts.
    pub byte_start: usize,
    /// Byte offset one past the expression's end.
    pub byte_end: usize,
    /// Index of the expression's first token.
    pub token_start: usize,
    /// Index one past the expression's last token.
    pub token_end: usize,
    /// The expression as written.
    pub text: String,
    /// The first day of the period the expression names, or `None` when naming it needs the
    /// document date and none was given.
    pub value: Option<NaiveDate>,
    /// How much of the date the expression gives.
    pub precision: DatePrecision,
    /// True when the value depends on the document date (or on an earlier date in the text),
    /// false when the expression alone gives it.
    pub relative: bool,
    /// True when, without a document date, the year was fixed by the weekday the text gives
    /// ("Tuesday, March 26") near the day the text was written on or after.
    pub weekday_fixed: bool,
}

/// What an expression says, before it is resolved.
#[derive(Debug, Clone, Copy)]
enum Said {
    Full {
        year: i32,
        month: u32,
        day: u32,
    },
    TwoDigitYear {
        two_digits: i32,
        month: u32,
        day: u32,
    },
    MonthDay {
        month: u32,
        day: u32,
        weekday: Option<Weekday>,
    },
    MonthYear {
        year: i32,
        month: u32,
    },
    Month {
        month: u32,
        relation: Relation,
    },
    Season {
        year: i32,
        first_month: u32,
    },
    Year(i32),
    Weekday {
        weekday: Weekday,
        relation: Relation,
    },
    DaysFromDocument(i64),
    Period {
        unit: Unit,
        offset: i32,
    },
    Ago {
        count: i64,
        unit: Unit,
        from_previous: bool,
    },
    /// A vague span that names no period; matched only so that its words are not read as
    /// anything else.
    Vague,
}

/// How "last", "this" and "next" place a month or weekday relative to the document date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    Nearest,
    Last,
    This,
    Next,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// Month names and the abbreviations news uses for them.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// Weekday names and their abbreviations.
const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("tues", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("thur", Weekday::Thu),
    ("thurs", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// Seasons and the month each starts in (meteorological, northern hemisphere).
const SEASONS: &[(&str, u32)] = &[("spring", 3), ("summer", 6), ("autumn", 9), ("fall", 9), ("winter", 12)];

/// Words after which a four-digit number is a year ("in 2021") or a month name stands alone
/// as a date ("in March").
const YEAR_CUES: &[&str] = &[
    "in", "since", "until", "till", "during", "from", "through", "before", "after", "early", "late", "mid",
    "of", "by", "between",
];

/// Finds the date expressions in `text`, given its tokens from [`crate::tokenize`], and
/// resolves them against `document_date`.
///
/// ```
/// use chrono::NaiveDate;
/// use sightline_nlp::{find_dates, tokenize, DatePrecision};
/// let text = "On Tuesday, March 26, gunmen attacked. The group formed eight years ago.";
/// let published = NaiveDate::from_ymd_opt(2024, 3, 28);
/// let dates = find_dates(text, &tokenize(text), published);
/// assert_eq!(dates[0].text, "Tuesday, March 26");
/// assert_eq!(dates[0].value, NaiveDate::from_ymd_opt(2024, 3, 26));
/// assert_eq!((dates[1].value, dates[1].precision), (NaiveDate::from_ymd_opt(2016, 1, 1), DatePrecision::Year));
/// ```
pub fn find_dates(text: &str, tokens: &[Token], document_date: Option<NaiveDate>) -> Vec<DateMention> {
    match document_date {
        Some(date) => find_dates_anchored(text, tokens, Some(date), None),
        None => find_dates_written_after(text, tokens, None),
    }
}

/// Finds the date expressions of a text whose publication date is unknown, given a day it was
/// written on or after (from elsewhere: an event of another document it reports). The text's
/// own bound ([`written_on_or_after`]) counts too; the later of the two places weekday dates,
/// as the module doc says.
///
/// ```
/// use chrono::NaiveDate;
/// use sightline_nlp::{find_dates_written_after, tokenize};
/// let text = "On Tuesday, March 26, he spoke.";
/// let bound = NaiveDate::from_ymd_opt(2024, 3, 22);
/// let dates = find_dates_written_after(text, &tokenize(text), bound);
/// assert_eq!(dates[0].value, NaiveDate::from_ymd_opt(2024, 3, 26));
/// ```
pub fn find_dates_written_after(
    text: &str,
    tokens: &[Token],
    written_after: Option<NaiveDate>,
) -> Vec<DateMention> {
    let mentions = find_dates_anchored(text, tokens, None, None);
    let bound = written_after.max(written_on_or_after(text, tokens, &mentions));
    let needs_bound = mentions.iter().any(|mention| mention.value.is_none());
    match bound {
        Some(bound) if needs_bound => find_dates_anchored(text, tokens, None, Some(bound)),
        _ => mentions,
    }
}

/// The day a text was written on or after, by what it states: the first day of the latest
/// absolute date in it (a weekday-fixed date counts once it is resolved). A date after "by",
/// "until", "till" or "before" is left out, since it may be a deadline still ahead.
///
/// ```
/// use chrono::NaiveDate;
/// use sightline_nlp::{find_dates, tokenize, written_on_or_after};
/// let text = "It rose in summer 2014. Since January 2017 it has struck often, and vows to win by 2030.";
/// let tokens = tokenize(text);
/// let dates = find_dates(text, &tokens, None);
/// assert_eq!(written_on_or_after(text, &tokens, &dates), NaiveDate::from_ymd_opt(2017, 1, 1));
/// ```
pub fn written_on_or_after(text: &str, tokens: &[Token], dates: &[DateMention]) -> Option<NaiveDate> {
    let matcher = Matcher { text, tokens };
    dates
        .iter()
        .filter(|date| !date.relative || date.weekday_fixed)
        .filter(|date| {
            let before = date.token_start.checked_sub(1).map_or("", |index| matcher.word(index));
            !["by", "until", "till", "before"].iter().any(|cue| before.eq_ignore_ascii_case(cue))
        })
        .filter_map(|date| date.value)
        .max()
}

/// [`find_dates`] with the document date, or without it but with a day the text was written
/// on or after (`bound`), which places weekday dates.
fn find_dates_anchored(
    text: &str,
    tokens: &[Token],
    document_date: Option<NaiveDate>,
    bound: Option<NaiveDate>,
) -> Vec<DateMention> {
    let matcher = Matcher { text, tokens };
    let mut mentions: Vec<DateMention> = Vec::new();
    let mut previous: Option<(NaiveDate, DatePrecision)> = None;
    let mut index = 0;
    while index < tokens.len() {
        let Some((end, said)) = matcher.match_at(index) else {
            index += 1;
            continue;
        };
        if let Some((value, precision, relative)) = resolve(said, document_date, bound, previous) {
            if let Some(value) = value {
                previous = Some((value, precision));
            }
            let (Some(first), Some(last)) = (tokens.get(index), tokens.get(end - 1)) else { break };
            mentions.push(DateMention {
                byte_start: first.byte_start,
                byte_end: last.byte_end,
                token_start: index,
                token_end: end,
                text: text.get(first.byte_start..last.byte_end).unwrap_or("").to_string(),
                value,
                precision,
                relative,
                weekday_fixed: value.is_some()
                    && matches!(said, Said::MonthDay { weekday: Some(_), .. })
                    && document_date.is_none(),
            });
        }
        index = end;
    }
    mentions
}

struct Matcher<'a> {
    text: &'a str,
    tokens: &'a [Token],
}

impl Matcher<'_> {
    fn word(&self, index: usize) -> &str {
        self.tokens.get(index).map_or("", |token| token.text(self.text))
    }

    fn word_is(&self, index: usize, expected: &str) -> bool {
        self.word(index).eq_ignore_ascii_case(expected)
    }

    fn word_in(&self, index: usize, list: &[&str]) -> bool {
        list.iter().any(|expected| self.word_is(index, expected))
    }

    fn touches(&self, left: usize, right: usize) -> bool {
        match (self.tokens.get(left), self.tokens.get(right)) {
            (Some(left), Some(right)) => left.byte_end == right.byte_start,
            _ => false,
        }
    }

    /// A capitalised month name at `index`: the month and whether it was abbreviated.
    fn month(&self, index: usize) -> Option<(u32, bool)> {
        let word = self.word(index);
        if !word.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let bare = word.strip_suffix('.').unwrap_or(word);
        let (name, month) = MONTHS.iter().find(|(name, _)| name.eq_ignore_ascii_case(bare))?;
        Some((*month, name.len() <= 4 && *name != "june" && *name != "july" && *name != "may"))
    }

    /// A capitalised weekday name at `index`, and whether it is the full name.
    fn weekday(&self, index: usize) -> Option<(Weekday, bool)> {
        let word = self.word(index);
        if !word.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let bare = word.strip_suffix('.').unwrap_or(word);
        let (name, weekday) = WEEKDAYS.iter().find(|(name, _)| name.eq_ignore_ascii_case(bare))?;
        Some((*weekday, name.len() > 5))
    }

    /// A number token of exactly `n_digits` ASCII digits.
    fn digits(&self, index: usize, n_digits: usize) -> Option<i32> {
        let token = self.tokens.get(index).filter(|token| token.kind == TokenKind::Number)?;
        let word = token.text(self.text);
        (word.len() == n_digits && word.bytes().all(|byte| byte.is_ascii_digit()))
            .then(|| word.parse().ok())?
    }

    /// A day of the month, in digits with an optional ordinal suffix: "22", "22nd", "09".
    fn day(&self, index: usize) -> Option<u32> {
        let token = self.tokens.get(index).filter(|token| token.kind == TokenKind::Number)?;
        let word = token.text(self.text);
        let digits_end = word.find(|ch: char| !ch.is_ascii_digit()).unwrap_or(word.len());
        let suffix = &word[digits_end..];
        if !(suffix.is_empty()
            || ["st", "nd", "rd", "th"].iter().any(|ending| suffix.eq_ignore_ascii_case(ending)))
        {
            return None;
        }
        let day: u32 = word[..digits_end].parse().ok()?;
        (digits_end <= 2 && (1..=31).contains(&day)).then_some(day)
    }

    fn year(&self, index: usize) -> Option<i32> {
        self.digits(index, 4).filter(|year| (1000..=2999).contains(year))
    }

    fn match_at(&self, index: usize) -> Option<(usize, Said)> {
        self.iso(index)
            .or_else(|| self.calendar(index))
            .or_else(|| self.season(index))
            .or_else(|| self.relative(index))
            .or_else(|| self.bare_year(index))
    }

    /// "2024-03-22", its parts written together.
    fn iso(&self, index: usize) -> Option<(usize, Said)> {
        let year = self.year(index)?;
        let all_touch = (index..index + 4).all(|left| self.touches(left, left + 1));
        if !all_touch || self.word(index + 1) != "-" || self.word(index + 3) != "-" {
            return None;
        }
        let month = self.digits(index + 2, 2)?;
        let day = self.digits(index + 4, 2)?;
        Some((
            index + 5,
            Said::Full { year, month: u32::try_from(month).ok()?, day: u32::try_from(day).ok()? },
        ))
    }

    /// Dates built on a month name, with an optional weekday before them.
    fn calendar(&self, index: usize) -> Option<(usize, Said)> {
        let mut start = index;
        let mut weekday = None;
        if let Some((day_of_week, _)) = self.weekday(index) {
            weekday = Some(day_of_week);
            start = if self.word(index + 1) == "," { index + 2 } else { index + 1 };
        }
        let found = self.month_first(start, weekday).or_else(|| self.day_first(start, weekday));
        if found.is_none() && weekday.is_some() {
            return None;
        }
        found.or_else(|| self.month_alone(index))
    }

    /// "April 2, 2024", "March 22", "January 2024", "Jan. 5".
    fn month_first(&self, index: usize, weekday: Option<Weekday>) -> Option<(usize, Said)> {
        let (month, _) = self.month(index)?;
        if let Some(day) = self.day(index + 1) {
            let year_at = if self.word(index + 2) == "," { index + 3 } else { index + 2 };
            if let Some(year) = self.year(year_at) {
                return Some((year_at + 1, Said::Full { year, month, day }));
            }
            return Some((index + 2, Said::MonthDay { month, day, weekday }));
        }
        if weekday.is_some() {
            return None;
        }
        let year_at = if self.word_is(index + 1, "of") { index + 2 } else { index + 1 };
        let year = self.year(year_at)?;
        Some((year_at + 1, Said::MonthYear { year, month }))
    }

    /// "2 April 2024", "22 March", "09 JAN 90", "the 22nd of March".
    fn day_first(&self, index: usize, weekday: Option<Weekday>) -> Option<(usize, Said)> {
        let day = self.day(index)?;
        let month_at = if self.word_is(index + 1, "of") { index + 2 } else { index + 1 };
        let (month, abbreviated) = self.month(month_at)?;
        if let Some(year) = self.year(month_at + 1) {
            return Some((month_at + 2, Said::Full { year, month, day }));
        }
        // A two-digit year follows only an abbreviated or capitalised month, as in wire-service
        // datelines ("4 FEB 90"); after "22 March" a two-digit number is more likely a count.
        let month_word = self.word(month_at);
        let wire_style = abbreviated || month_word.chars().all(|ch| !ch.is_lowercase());
        if let Some(two_digits) = self.digits(month_at + 1, 2).filter(|_| wire_style) {
            return Some((month_at + 2, Said::TwoDigitYear { two_digits, month, day }));
        }
        Some((month_at + 1, Said::MonthDay { month, day, weekday }))
    }

    /// A full month name standing alone after a word that introduces dates: "in March".
    /// ("last March" and "next March" are read with the other relative expressions.)
    fn month_alone(&self, index: usize) -> Option<(usize, Said)> {
        let (month, abbreviated) = self.month(index)?;
        if abbreviated || index == 0 || !self.word_in(index - 1, YEAR_CUES) {
            return None;
        }
        Some((index + 1, Said::Month { month, relation: Relation::Nearest }))
    }

    /// "summer 2014", "the summer of 2014".
    fn season(&self, index: usize) -> Option<(usize, Said)> {
        let word = self.word(index).to_ascii_lowercase();
        let (_, first_month) = SEASONS.iter().find(|(name, _)| *name == word)?;
        let year_at = if self.word_is(index + 1, "of") { index + 2 } else { index + 1 };
        let year = self.year(year_at)?;
        Some((year_at + 1, Said::Season { year, first_month: *first_month }))
    }

    /// A four-digit year after a word that introduces years, or "mid-2014".
    fn bare_year(&self, index: usize) -> Option<(usize, Said)> {
        let word = self.word(index);
        if let Some(rest) = word.strip_prefix("mid-").or_else(|| word.strip_prefix("Mid-")) {
            let year: i32 = rest.parse().ok().filter(|_| rest.len() == 4)?;
            return Some((index + 1, Said::Year(year)));
        }
        let year = self.year(index).filter(|year| (1900..=2100).contains(year))?;
        let previous = index.checked_sub(1)?;
        let after_cue = self.word_in(previous, YEAR_CUES)
            // "between 2014 and 2016", "from 2014 to 2016": the second year of a pair.
            || (self.word_in(previous, &["and", "to", "-"]) && index >= 2 && self.year(index - 2).is_some());
        // A number followed by a plural noun counts something: "in 2000 homes".
        let next = self.word(index + 1);
        let counts_something = next.chars().next().is_some_and(char::is_lowercase)
            && (next.ends_with('s') || ["people", "men", "women", "children"].contains(&next));
        (after_cue && !counts_something).then_some((index + 1, Said::Year(year)))
    }

    /// Expressions that need the document date: weekdays, "yesterday", "last month", "eight
    /// years ago".
    fn relative(&self, index: usize) -> Option<(usize, Said)> {
        let lower = self.word(index).to_ascii_lowercase();
        let relation = match lower.as_str() {
            "last" => Some(Relation::Last),
            "this" => Some(Relation::This),
            "next" => Some(Relation::Next),
            _ => None,
        };
        if let Some(relation) = relation {
            if let Some((weekday, true)) = self.weekday(index + 1) {
                return Some((index + 2, Said::Weekday { weekday, relation }));
            }
            if let Some((month, false)) = self.month(index + 1) {
                return Some((index + 2, Said::Month { month, relation }));
            }
            if let Some(unit) = unit(self.word(index + 1)).filter(|_| !self.word(index + 1).ends_with('s')) {
                if unit != Unit::Day {
                    let offset = match relation {
                        Relation::Last => -1,
                        Relation::Next => 1,
                        _ => 0,
                    };
                    return Some((index + 2, Said::Period { unit, offset }));
                }
            }
            if lower == "last" && self.word_is(index + 1, "night") {
                return Some((index + 2, Said::DaysFromDocument(-1)));
            }
            if lower == "this" && self.word_in(index + 1, &["morning", "afternoon", "evening"]) {
                return Some((index + 2, Said::DaysFromDocument(0)));
            }
            return None;
        }
        if let Some((weekday, true)) = self.weekday(index) {
            return Some((index + 1, Said::Weekday { weekday, relation: Relation::Nearest }));
        }
        match lower.as_str() {
            "yesterday" => return Some((index + 1, Said::DaysFromDocument(-1))),
            "today" | "tonight" => return Some((index + 1, Said::DaysFromDocument(0))),
            "tomorrow" => return Some((index + 1, Said::DaysFromDocument(1))),
            "earlier" | "later" if self.word_is(index + 1, "this") => {
                let unit = unit(self.word(index + 2)).filter(|unit| *unit != Unit::Day)?;
                return Some((index + 3, Said::Period { unit, offset: 0 }));
            }
            "in" if self.word_is(index + 1, "recent") && unit(self.word(index + 2)).is_some() => {
                return Some((index + 3, Said::Vague));
            }
            _ => {}
        }
        self.ago(index)
    }

    /// "eight years ago", "two days earlier", "a week later".
    fn ago(&self, index: usize) -> Option<(usize, Said)> {
        let word = self.word(index);
        let count: i64 = if word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an") {
            1
        } else if let Some(value) = crate::quantity::number_word_value(word) {
            i64::from(value)
        } else {
            let token = self.tokens.get(index).filter(|token| token.kind == TokenKind::Number)?;
            token.text(self.text).parse().ok()?
        };
        let unit = unit(self.word(index + 1))?;
        let direction = self.word(index + 2).to_ascii_lowercase();
        let (sign, from_previous) = match direction.as_str() {
            "ago" => (-1, false),
            "earlier" => (-1, true),
            "later" => (1, true),
            _ => return None,
        };
        Some((index + 3, Said::Ago { count: sign * count, unit, from_previous }))
    }
}

/// A unit of time named by `word`, singular or plural.
fn unit(word: &str) -> Option<Unit> {
    let singular = word.strip_suffix(['s', 'S']).unwrap_or(word);
    [("day", Unit::Day), ("week", Unit::Week), ("month", Unit::Month), ("year", Unit::Year)]
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(singular))
        .map(|(_, unit)| *unit)
}

/// The value, precision and relativity of what an expression says; `None` for a vague span
/// that names no period, or a date that does not exist ("February 30").
fn resolve(
    said: Said,
    document_date: Option<NaiveDate>,
    bound: Option<NaiveDate>,
    previous: Option<(NaiveDate, DatePrecision)>,
) -> Option<(Option<NaiveDate>, DatePrecision, bool)> {
    let day = DatePrecision::Day;
    Some(match said {
        Said::Full { year, month, day: day_of_month } => {
            (Some(NaiveDate::from_ymd_opt(year, month, day_of_month)?), day, false)
        }
        Said::TwoDigitYear { two_digits, month, day: day_of_month } => {
            let year = expand_two_digit_year(two_digits, document_date);
            (Some(NaiveDate::from_ymd_opt(year, month, day_of_month)?), day, document_date.is_some())
        }
        Said::MonthDay { month, day: day_of_month, weekday } => {
            // Without the document date, only the weekday can fix the year near the bound.
            let anchor = document_date.or(bound.filter(|_| weekday.is_some()));
            (anchor.and_then(|date| nearest_month_day(date, month, day_of_month, weekday)), day, true)
        }
        Said::MonthYear { year, month } => {
            (Some(NaiveDate::from_ymd_opt(year, month, 1)?), DatePrecision::Month, false)
        }
        Said::Month { month, relation } => {
            (document_date.and_then(|date| month_near(date, month, relation)), DatePrecision::Month, true)
        }
        Said::Season { year, first_month } => {
            let start_year = if first_month == 12 { year - 1 } else { year };
            (Some(NaiveDate::from_ymd_opt(start_year, first_month, 1)?), DatePrecision::Season, false)
        }
        Said::Year(year) => (Some(NaiveDate::from_ymd_opt(year, 1, 1)?), DatePrecision::Year, false),
        Said::Weekday { weekday, relation } => {
            (document_date.and_then(|date| weekday_near(date, weekday, relation)), day, true)
        }
        Said::DaysFromDocument(n_days) => (
            document_date
                .and_then(|date| Duration::try_days(n_days).and_then(|delta| date.checked_add_signed(delta))),
            day,
            true,
        ),
        Said::Period { unit, offset } => {
            let precision = precision_of(unit);
            (document_date.and_then(|date| shift(date, unit, i64::from(offset))), precision, true)
        }
        Said::Ago { count, unit, from_previous } => {
            let anchor = match (from_previous, previous) {
                (true, Some(previous)) => Some(previous),
                _ => document_date.map(|date| (date, DatePrecision::Day)),
            };
            match anchor {
                Some((date, anchor_precision)) if anchor_precision > precision_of(unit) => {
                    (Some(date), anchor_precision, true)
                }
                Some((date, _)) => (shift(date, unit, count), precision_of(unit), true),
                None => (None, precision_of(unit), true),
            }
        }
        Said::Vague => return None,
    })
}

fn precision_of(unit: Unit) -> DatePrecision {
    match unit {
        Unit::Day => DatePrecision::Day,
        Unit::Week => DatePrecision::Week,
        Unit::Month => DatePrecision::Month,
        Unit::Year => DatePrecision::Year,
    }
}

/// The first day of the period `count` units from the one containing `date`: the day itself,
/// the Monday of its week, the first of its month or the first of January.
fn shift(date: NaiveDate, unit: Unit, count: i64) -> Option<NaiveDate> {
    match unit {
        // Counts come from the text and may be absurd ("99999999999 days ago"): every step is
        // checked so that an impossible date is no value rather than a panic.
        Unit::Day => date.checked_add_signed(Duration::try_days(count)?),
        Unit::Week => {
            let days_since_monday = i64::from(date.weekday().num_days_from_monday());
            let monday = date.checked_sub_signed(Duration::try_days(days_since_monday)?)?;
            monday.checked_add_signed(Duration::try_weeks(count)?)
        }
        Unit::Month => {
            let months = i64::from(date.year()) * 12 + i64::from(date.month0()) + count;
            let year = i32::try_from(months.div_euclid(12)).ok()?;
            NaiveDate::from_ymd_opt(year, u32::try_from(months.rem_euclid(12)).ok()? + 1, 1)
        }
        Unit::Year => NaiveDate::from_ymd_opt(i32::try_from(i64::from(date.year()) + count).ok()?, 1, 1),
    }
}

/// The latest year ending in `two_digits` that is at most ten years after the document date;
/// without one, the POSIX rule (69-99 are 19xx, 00-68 are 20xx).
fn expand_two_digit_year(two_digits: i32, document_date: Option<NaiveDate>) -> i32 {
    match document_date {
        Some(date) => {
            let limit = date.year() + 10;
            limit - (limit - two_digits).rem_euclid(100)
        }
        None if two_digits >= 69 => 1900 + two_digits,
        None => 2000 + two_digits,
    }
}

/// The date with this month and day nearest `document_date`; with a weekday, the nearest
/// such date that falls on it, searched over the 28 years around the document date in which
/// the calendar repeats.
fn nearest_month_day(
    document_date: NaiveDate,
    month: u32,
    day: u32,
    weekday: Option<Weekday>,
) -> Option<NaiveDate> {
    let span = if weekday.is_some() { 14 } else { 1 };
    (document_date.year() - span..=document_date.year() + span)
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .filter(|date| weekday.is_none() || weekday == Some(date.weekday()))
        .min_by_key(|date| (*date - document_date).num_days().abs())
}

/// The first of the month named, placed relative to the document date.
fn month_near(document_date: NaiveDate, month: u32, relation: Relation) -> Option<NaiveDate> {
    let year = document_date.year();
    let candidates = [year - 1, year, year + 1].map(|year| NaiveDate::from_ymd_opt(year, month, 1));
    let this_month = NaiveDate::from_ymd_opt(year, document_date.month(), 1)?;
    let candidates = candidates.into_iter().flatten();
    match relation {
        Relation::This => NaiveDate::from_ymd_opt(year, month, 1),
        Relation::Last => candidates.filter(|date| *date < this_month).max(),
        Relation::Next => candidates.filter(|date| *date > this_month).min(),
        Relation::Nearest => candidates.min_by_key(|date| (*date - this_month).num_days().abs()),
    }
}

/// The weekday named, placed relative to the document date: on or before it by default
/// (news reports what has happened), strictly before for "last", strictly after for "next".
fn weekday_near(document_date: NaiveDate, weekday: Weekday, relation: Relation) -> Option<NaiveDate> {
    let days_back =
        i64::from((document_date.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7);
    match relation {
        Relation::Nearest | Relation::This => {
            document_date.checked_sub_signed(Duration::try_days(days_back)?)
        }
        Relation::Last => {
            let days_back = if days_back == 0 { 7 } else { days_back };
            document_date.checked_sub_signed(Duration::try_days(days_back)?)
        }
        Relation::Next => {
            let days_ahead = 7 - days_back;
            document_date.checked_add_signed(Duration::try_days(days_ahead)?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    /// Finds the dates in `input`, resolved against `document_date` ("YYYY-MM-DD" or ""), and
    /// compares with `expected`: each as `text=value/Precision`, `?` for no value, `~` before
    /// the value when it is relative, joined by ` | `.
    fn check(document_date: &str, input: &str, expected: &str) {
        let document_date = NaiveDate::parse_from_str(document_date, "%Y-%m-%d").ok();
        let dates = find_dates(input, &tokenize(input), document_date);
        let got: Vec<String> = dates
            .iter()
            .map(|date| {
                let value = date.value.map_or("?".to_string(), |value| value.to_string());
                let relative = if date.relative { "~" } else { "" };
                format!("{}={relative}{value}/{:?}", date.text, date.precision)
            })
            .collect();
        assert_eq!(got.join(" | "), expected, "input: {input:?}");
        for date in &dates {
            assert_eq!(&input[date.byte_start..date.byte_end], date.text);
        }
    }

    #[test]
    fn absolute_dates() {
        check("", "on April 2, 2024.", "April 2, 2024=2024-04-02/Day");
        check("", "on 2 April 2024", "2 April 2024=2024-04-02/Day");
        check("", "in January 2024", "January 2024=2024-01-01/Month");
        check("", "since 2021, and", "2021=2021-01-01/Year");
        check("", "in the summer of 2014", "summer of 2014=2014-06-01/Season");
        check(
            "",
            "summer 2014 and winter 2014",
            "summer 2014=2014-06-01/Season | winter 2014=2013-12-01/Season",
        );
        check("", "on 2024-03-22", "2024-03-22=2024-03-22/Day");
        check("", "as of September 2018", "September 2018=2018-09-01/Month");
        check("", "on Jan. 5, 2020", "Jan. 5, 2020=2020-01-05/Day");
        check("", "the 22nd of March 2023", "22nd of March 2023=2023-03-22/Day");
        check("", "February 30, 2024", "");
        check("", "in mid-2014", "mid-2014=2014-01-01/Year");
        check("", "between 2014 and 2016", "2014=2014-01-01/Year | 2016=2016-01-01/Year");
    }

    #[test]
    fn dates_without_a_year_take_the_nearest() {
        check("2024-03-25", "on 22 March", "22 March=~2024-03-22/Day");
        check("2024-03-25", "on March 22", "March 22=~2024-03-22/Day");
        check("1990-01-03", "ON 30 DECEMBER IN", "30 DECEMBER=~1989-12-30/Day");
        check("", "on March 22", "March 22=~?/Day");
        check("2024-04-10", "in March", "March=~2024-03-01/Month");
    }

    #[test]
    fn weekday_decides_the_year() {
        check("2024-03-28", "Tuesday, March 26", "Tuesday, March 26=~2024-03-26/Day");
        // 26 March was a Tuesday in 2019 and 2024; 2019 is nearer a 2020 document.
        check("2020-06-01", "Tuesday, March 26", "Tuesday, March 26=~2019-03-26/Day");
        check("", "Tuesday, March 26", "Tuesday, March 26=~?/Day");
    }

    /// Like `check`, for a text without a document date written on or after `bound` ("" for
    /// none known from elsewhere).
    fn check_written_after(bound: &str, input: &str, expected: &str) {
        let bound = NaiveDate::parse_from_str(bound, "%Y-%m-%d").ok();
        let dates = find_dates_written_after(input, &tokenize(input), bound);
        let got: Vec<String> = dates
            .iter()
            .map(|date| format!("{}={}", date.text, date.value.map_or("?".to_string(), |v| v.to_string())))
            .collect();
        assert_eq!(got.join(" | "), expected, "input: {input:?}");
    }

    #[test]
    fn without_a_document_date_the_text_bounds_when_it_was_written() {
        // 26 March fell on a Tuesday in 2013, 2019 and 2024: the stated 2023 picks 2024.
        check_written_after(
            "",
            "In May 2023 it grew. On Tuesday, March 26, he spoke.",
            "May 2023=2023-05-01 | Tuesday, March 26=2024-03-26",
        );
        // A bound from elsewhere works alike, and the later bound wins.
        check_written_after("2024-03-22", "On Tuesday, March 26, he spoke.", "Tuesday, March 26=2024-03-26");
        check_written_after(
            "2018-01-01",
            "In 2012 it began. Tuesday, March 26",
            "2012=2012-01-01 | Tuesday, March 26=2019-03-26",
        );
        // A deadline may lie ahead, so it does not bound the writing.
        check_written_after(
            "",
            "They vow to win by 2030. On Tuesday, March 26",
            "2030=2030-01-01 | Tuesday, March 26=?",
        );
        // Only the weekday fixes a year: a bare day and month, or a bare weekday, need the day.
        check_written_after(
            "",
            "In 2023 it grew. On March 26 and Thursday",
            "2023=2023-01-01 | March 26=? | Thursday=?",
        );
        check_written_after("", "On Tuesday, March 26, he spoke.", "Tuesday, March 26=?");
    }

    #[test]
    fn the_written_bound_is_the_latest_absolute_date() {
        let bound = |input: &str| {
            let tokens = tokenize(input);
            written_on_or_after(input, &tokens, &find_dates(input, &tokens, None)).map(|d| d.to_string())
        };
        assert_eq!(bound("summer 2014, then January 2017, then in 2015"), Some("2017-01-01".into()));
        assert_eq!(bound("until 2030, before 2040"), None);
        assert_eq!(bound("on Thursday and last month"), None);
        assert_eq!(bound("no dates"), None);
    }

    #[test]
    fn two_digit_years_in_wire_text() {
        check("1990-02-05", "SAN SALVADOR, 4 FEB 90 --", "4 FEB 90=~1990-02-04/Day");
        check("", "LIMA, 09 JAN 90 (EFE)", "09 JAN 90=1990-01-09/Day");
        check("2024-01-01", "on 09 Jan 90", "09 Jan 90=~1990-01-09/Day");
        check("", "on 22 March 90 people died", "22 March=~?/Day");
    }

    #[test]
    fn relative_dates() {
        check("2024-03-28", "on Thursday", "Thursday=~2024-03-28/Day");
        check("2024-03-28", "on Tuesday", "Tuesday=~2024-03-26/Day");
        check("2024-03-28", "last Thursday", "last Thursday=~2024-03-21/Day");
        check("2024-03-28", "yesterday and today", "yesterday=~2024-03-27/Day | today=~2024-03-28/Day");
        check("2024-03-28", "last month", "last month=~2024-02-01/Month");
        check("2024-03-28", "this week", "this week=~2024-03-25/Week");
        check("2024-03-28", "earlier this month", "earlier this month=~2024-03-01/Month");
        check("2024-03-28", "eight years ago", "eight years ago=~2016-01-01/Year");
        check("2024-03-28", "two days ago", "two days ago=~2024-03-26/Day");
        check(
            "2024-03-28",
            "On March 22, and two days earlier",
            "March 22=~2024-03-22/Day | two days earlier=~2024-03-20/Day",
        );
        check("2024-01-15", "last year", "last year=~2023-01-01/Year");
        check(
            "2024-03-28",
            "Last month, he spoke. Two days earlier, she did.",
            "Last month=~2024-02-01/Month | Two days earlier=~2024-02-01/Month",
        );
        check("2024-03-28", "a week later", "a week later=~2024-04-01/Week");
        check("2024-03-28", "in recent weeks", "");
        check("", "yesterday", "yesterday=~?/Day");
        check("2024-03-28", "99999999999999 days ago", "99999999999999 days ago=~?/Day");
    }

    #[test]
    fn non_ascii_text_around_dates() {
        check(
            "2024-03-28",
            "KABUL – On “Tuesday, March 26” and on 22 mars",
            "Tuesday, March 26=~2024-03-26/Day",
        );
        check("2024-03-28", "Kabul — 2 April 2024 — ", "2 April 2024=2024-04-02/Day");
    }

    #[test]
    fn words_that_are_not_dates() {
        check("2024-03-28", "troops may march", "");
        check("2024-03-28", "killed 2000 people in 2000 homes", "");
        check("2024-03-28", "the sun set", "");
        check("2024-03-28", "", "");
    }
}
