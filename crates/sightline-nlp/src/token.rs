//! The tokenizer: news text in, tokens with byte spans out.
//!
//! A token never rewrites the text: it is a kind plus a `[byte_start, byte_end)` range of the
//! input, so every later layer (sentences, dates, counts, entities) can cite exactly what the
//! page said. The scanner is hand-written over chars rather than driven by regular expressions,
//! because it runs on every byte of every document and a regex per token would cost ten times
//! more; the rules it encodes are those of the Penn Treebank as used in CoNLL, adapted to news:
//!
//! - A period belongs to the word before it only when that word is an abbreviation: a title
//!   ("Gen.", "Lt.", "Sen."), a month ("Jan."), a dotted acronym ("U.S.", "a.m."), a capital
//!   initial ("E."), or "No." before a number. Everything else ends in a separate `.` token, and
//!   the sentence splitter decides whether an abbreviation also ends a sentence.
//! - A hyphen between letters or digits joins one word ("al-Qaeda", "ISIS-K", "MUC-4",
//!   "twenty-one"), except between two plain numbers, where it is a range or a date ("10-15",
//!   "2024-03-22") and later stages need the parts.
//! - Quotes, curly or straight, are tokens of their own; an apostrophe inside a word stays in it
//!   ("O'Brien") unless it starts a clitic, which is split off as in the Treebank ("Russia" "'s",
//!   "do" "n't").
//! - Numbers keep their thousands separators and decimals ("2,000", "1.5") and ordinal or decade
//!   suffixes ("13th", "1990s"); URLs and e-mail addresses are one token each; a run of hyphens
//!   ("--", the wire-service dash) or of periods ("...") is one token.
//!
//! Case never decides a boundary, so ALL-CAPS wire text ("KILLED 3 PEASANTS.") tokenizes as its
//! mixed-case equivalent would.

/// What a token is, as far as its characters tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters and digits, with inner hyphens and apostrophes: "Kabul", "al-Qaeda", "MUC-4".
    Word,
    /// A word with its period or periods: "Gen.", "U.S.", "E.", "No.".
    Abbreviation,
    /// Digits with separators, decimals or an ordinal or decade suffix: "2,000", "1.5", "13th".
    Number,
    /// A clitic split from the word before it: "'s", "’s", "n't", "'re".
    Clitic,
    /// Sentence and clause punctuation: `.` `,` `;` `:` `!` `?` brackets, an ellipsis.
    Punctuation,
    /// A hyphen, a run of hyphens ("--"), an en or em dash.
    Dash,
    /// A quotation mark or a free-standing apostrophe, straight or curly.
    Quote,
    /// Any other single character: "$", "%", "&", "#", a bullet, an emoji.
    Symbol,
    /// A web address: `https://example.org/a?b`, `www.example.org`, `example.com`.
    Url,
    /// An e-mail address.
    Email,
}

/// One token: a kind and the byte range of the input it covers.
///
/// `byte_start < byte_end <= input.len()` and both fall on char boundaries when the token comes
/// from [`tokenize`]; [`Token::text`] returns an empty string for a token built by hand that
/// does not fit the text it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    /// Byte offset of the token's first char in the input.
    pub byte_start: usize,
    /// Byte offset one past the token's last char.
    pub byte_end: usize,
    /// What the token is.
    pub kind: TokenKind,
}

impl Token {
    /// The token's text in `source`, the string it was made from.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.byte_start..self.byte_end).unwrap_or("")
    }
}

/// Splits `text` into tokens, in order, skipping whitespace.
///
/// ```
/// use sightline_nlp::{tokenize, TokenKind};
/// let text = "Gen. Kurilla said IS-KP's “threat” is real.";
/// let tokens = tokenize(text);
/// let words: Vec<&str> = tokens.iter().map(|token| token.text(text)).collect();
/// assert_eq!(words, ["Gen.", "Kurilla", "said", "IS-KP", "'s", "“", "threat", "”", "is", "real", "."]);
/// assert_eq!(tokens[0].kind, TokenKind::Abbreviation);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut scanner = Scanner { text, bytes: text.as_bytes(), tokens: Vec::with_capacity(text.len() / 5) };
    scanner.run();
    scanner.tokens
}

/// The class of an abbreviation, for the sentence splitter: a title always has a name after it,
/// so it never ends a sentence; other abbreviations may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbreviationClass {
    /// Titles and ranks, which stand before a name: "Gen.", "Mr.", "Sen.".
    Title,
    /// Abbreviations that stand before a number: "No.", "Art.".
    BeforeNumber,
    /// Everything else: months, "Inc.", "etc.", dotted acronyms, initials.
    Other,
}

/// Titles and ranks that English news writes with a period before a name (AP and Reuters style).
const TITLES: &[&str] = &[
    "Adm", "Amb", "Brig", "Capt", "Cdr", "Cmdr", "Col", "Cpl", "Cpt", "Det", "Dr", "Fr", "Gen", "Gov", "Hon",
    "Insp", "Lt", "Maj", "Messrs", "Mr", "Mrs", "Ms", "Pres", "Prof", "Pvt", "Rep", "Rev", "Sen", "Sgt",
    "Sr", "Jr", "St", "Supt", "Msgr",
];

/// Other abbreviations common in news text: months, company suffixes, Latin ("et al.", "cf.",
/// "ca." for circa), addresses.
const OTHER_ABBREVIATIONS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Inc", "Ltd", "Co",
    "Corp", "Bros", "Dept", "Univ", "Ave", "Blvd", "Rd", "Mt", "Ft", "etc", "vs", "approx", "est", "al",
    "cf", "ca",
];

/// Abbreviations that take a period only before a number ("No. 1", "Art. 5"): elsewhere the
/// same letters are ordinary words that can end a sentence ("They said no.").
const BEFORE_NUMBER_ABBREVIATIONS: &[&str] = &["No", "Nos", "Art", "Vol", "Fig", "pp", "p"];

/// Top-level domains accepted in a bare address such as "example.com". Two-letter domains that
/// are also English words ("in", "it", "is", "to") are left out, because web text often loses
/// the space after a period and "attack.It" must stay two words.
const TOP_LEVEL_DOMAINS: &[&str] = &[
    "com", "org", "net", "gov", "edu", "mil", "int", "info", "news", "tv", "af", "pk", "uk", "ir", "iq",
    "sy", "ru", "cn", "fr", "de", "eu", "ca", "au", "ua", "tr", "eg", "sa", "ae", "qa", "il", "ng", "ke",
    "za", "lb", "jo", "ye", "ly", "tn", "ma", "sd", "ml", "ph", "bd", "lk", "np", "io",
];

/// Looks `word` (without its period) up in a list, as written or, for ALL-CAPS wire text, in
/// capitals ("GEN", "NO").
fn in_list(list: &[&str], word: &str) -> bool {
    let all_caps = word.bytes().all(|byte| byte.is_ascii_uppercase());
    list.iter().any(|entry| *entry == word || (all_caps && entry.eq_ignore_ascii_case(word)))
}

/// Whether a token is a title or rank that stands before a name ("Gen.", "Mr", "SGT."), with or
/// without its period: British style drops the period, and the entity tagger uses the list as a
/// feature either way.
pub(crate) fn is_title(token_text: &str) -> bool {
    in_list(TITLES, token_text.strip_suffix('.').unwrap_or(token_text))
}

/// The class of an abbreviation token's text ("Gen.", "U.S."), or `None` for a token that is
/// not one.
pub(crate) fn abbreviation_class(token_text: &str) -> Option<AbbreviationClass> {
    let word = token_text.strip_suffix('.')?;
    if in_list(TITLES, word) {
        Some(AbbreviationClass::Title)
    } else if in_list(BEFORE_NUMBER_ABBREVIATIONS, word) {
        Some(AbbreviationClass::BeforeNumber)
    } else {
        Some(AbbreviationClass::Other)
    }
}

fn is_word_char(ch: char) -> bool {
    ch.is_alphanumeric() || is_combining_mark(ch)
}

/// Combining marks and joiners that belong inside a word although they are not letters: accents
/// on decomposed Latin text, Arabic and Hebrew vowel signs, Devanagari vowel signs, and the zero
/// width joiners Persian and Indic scripts use inside words.
fn is_combining_mark(ch: char) -> bool {
    matches!(ch,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05BD}'
        | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}' | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}'
        | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}' | '\u{200C}' | '\u{200D}')
}

/// Whitespace, plus the invisible characters web pages leave between words (zero-width space,
/// word joiner, byte-order mark), which separate tokens without being text.
fn is_space(ch: char) -> bool {
    ch.is_whitespace() || matches!(ch, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

fn is_quote(ch: char) -> bool {
    matches!(ch, '"' | '\'' | '`' | '“' | '”' | '‘' | '’' | '«' | '»' | '„' | '‚' | '‹' | '›' | '″')
}

fn is_apostrophe(ch: char) -> bool {
    matches!(ch, '\'' | '’')
}

/// Hyphens that join the parts of a compound word: the ASCII hyphen-minus and Unicode's hyphen
/// and non-breaking hyphen.
fn is_joining_hyphen(ch: char) -> bool {
    matches!(ch, '-' | '\u{2010}' | '\u{2011}')
}

fn is_dash(ch: char) -> bool {
    matches!(ch, '-' | '\u{2010}' | '\u{2011}' | '‒' | '–' | '—' | '―')
}

fn is_punctuation(ch: char) -> bool {
    matches!(ch, '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '…' | '¿' | '¡')
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    tokens: Vec<Token>,
}

impl Scanner<'_> {
    /// The char starting at byte `pos`, or `None` at the end (or, never in practice, off a
    /// char boundary). ASCII, most of news text, takes the fast path.
    fn char_at(&self, pos: usize) -> Option<char> {
        let byte = *self.bytes.get(pos)?;
        if byte.is_ascii() {
            Some(byte as char)
        } else {
            self.text.get(pos..)?.chars().next()
        }
    }

    fn push(&mut self, byte_start: usize, byte_end: usize, kind: TokenKind) {
        if byte_start < byte_end {
            self.tokens.push(Token { byte_start, byte_end, kind });
        }
    }

    fn run(&mut self) {
        let mut pos = 0;
        while let Some(ch) = self.char_at(pos) {
            if is_space(ch) {
                pos += ch.len_utf8();
            } else if is_word_char(ch) {
                pos = self.scan_word(pos);
            } else {
                pos = self.scan_other(pos, ch);
            }
        }
    }

    /// The end of the run of chars satisfying `accept` that starts at `pos`.
    fn run_end(&self, mut pos: usize, accept: impl Fn(char) -> bool) -> usize {
        while let Some(ch) = self.char_at(pos) {
            if !accept(ch) {
                break;
            }
            pos += ch.len_utf8();
        }
        pos
    }

    fn scan_other(&mut self, start: usize, ch: char) -> usize {
        let width = ch.len_utf8();
        let end = match ch {
            '.' => {
                let end = self.run_end(start, |ch| ch == '.');
                self.push(start, end, TokenKind::Punctuation);
                return end;
            }
            '!' | '?' => {
                let end = self.run_end(start, |ch| ch == '!' || ch == '?');
                self.push(start, end, TokenKind::Punctuation);
                return end;
            }
            _ if is_dash(ch) => {
                let end = self.run_end(start, |next| next == ch);
                self.push(start, end, TokenKind::Dash);
                return end;
            }
            _ => start + width,
        };
        let kind = if is_quote(ch) {
            TokenKind::Quote
        } else if is_punctuation(ch) {
            TokenKind::Punctuation
        } else {
            TokenKind::Symbol
        };
        self.push(start, end, kind);
        end
    }

    /// Scans the word, number, abbreviation, URL or address starting at `start`, pushes it (and
    /// a clitic after it) and returns where scanning continues.
    fn scan_word(&mut self, start: usize) -> usize {
        if let Some(end) = self.url_end(start) {
            self.push(start, end, TokenKind::Url);
            return end;
        }
        if let Some(end) = self.acronym_end(start) {
            let end = self.continue_compound(end);
            let kind = if self.bytes.get(end.wrapping_sub(1)) == Some(&b'.') {
                TokenKind::Abbreviation
            } else {
                TokenKind::Word
            };
            self.push(start, end, kind);
            return self.scan_clitic(end);
        }
        let mut pos = start;
        // Whether the part of the word since its last joiner is plain digits, which decides
        // whether a hyphen joins ("MUC-4") or separates ("10-15"), and whether "," and "."
        // are number separators.
        loop {
            let segment_start = pos;
            pos = self.run_end(pos, is_word_char);
            let segment_is_digits = self.bytes[segment_start..pos].iter().all(u8::is_ascii_digit);
            let Some(ch) = self.char_at(pos) else { break };
            let next_pos = pos + ch.len_utf8();
            let next = self.char_at(next_pos);
            let next_is_word = next.is_some_and(is_word_char);
            let joins = if is_joining_hyphen(ch) && next_is_word {
                let next_segment_end = self.run_end(next_pos, is_word_char);
                let next_is_digits = self.bytes[next_pos..next_segment_end].iter().all(u8::is_ascii_digit);
                !(segment_is_digits && next_is_digits)
            } else if ch == '.' || ch == '/' {
                segment_is_digits && next.is_some_and(|next| next.is_ascii_digit())
            } else if ch == ',' {
                segment_is_digits && self.is_thousands_group(next_pos)
            } else if is_apostrophe(ch) {
                next_is_word && !self.starts_clitic(segment_start, pos)
            } else {
                false
            };
            if !joins {
                break;
            }
            pos = next_pos;
        }
        if let Some(end) = self.email_end(start, pos) {
            self.push(start, end, TokenKind::Email);
            return end;
        }
        if let Some(end) = self.domain_end(start, pos) {
            self.push(start, end, TokenKind::Url);
            return end;
        }
        let word = &self.text[start..pos];
        // A clitic "n't" takes the "n" from the word before it: "don't" is "do" "n't".
        let clitic_start = self.clitic_start(start, pos);
        if self.char_at(pos) == Some('.') && self.takes_period(word, pos + 1) {
            self.push(start, pos + 1, TokenKind::Abbreviation);
            return pos + 1;
        }
        self.push(start, clitic_start, classify_word(&self.text[start..clitic_start]));
        self.scan_clitic(clitic_start)
    }

    /// A clitic at `pos` is an apostrophe and one of the English clitic endings followed by the
    /// end of the word; "n't" is detected from the word before its apostrophe.
    fn scan_clitic(&mut self, pos: usize) -> usize {
        let Some(end) = self.clitic_end(pos) else { return pos };
        self.push(pos, end, TokenKind::Clitic);
        end
    }

    /// Where a clitic starting at `pos` ends, if one starts there.
    fn clitic_end(&self, pos: usize) -> Option<usize> {
        let mut cursor = pos;
        if matches!(self.char_at(cursor), Some('n' | 'N')) {
            cursor += 1;
        }
        let apostrophe = self.char_at(cursor).filter(|ch| is_apostrophe(*ch))?;
        let rest_start = cursor + apostrophe.len_utf8();
        let rest_end = self.run_end(rest_start, is_word_char);
        let rest = &self.text[rest_start..rest_end];
        let is_clitic = if cursor > pos {
            rest.eq_ignore_ascii_case("t")
        } else {
            ["s", "ll", "re", "ve", "d", "m"].iter().any(|ending| rest.eq_ignore_ascii_case(ending))
        };
        is_clitic.then_some(rest_end)
    }

    /// Whether the apostrophe at `apostrophe_pos`, inside a word whose current part starts at
    /// `segment_start`, begins a clitic rather than belonging to a name such as "O'Brien".
    fn starts_clitic(&self, segment_start: usize, apostrophe_pos: usize) -> bool {
        if self.clitic_end(apostrophe_pos).is_some() {
            return true;
        }
        apostrophe_pos > segment_start
            && matches!(self.bytes.get(apostrophe_pos - 1), Some(b'n' | b'N'))
            && self.clitic_end(apostrophe_pos - 1).is_some()
    }

    /// Where the word `[start, end)` stops before a clitic "n't" that ends it, else `end`.
    fn clitic_start(&self, start: usize, end: usize) -> usize {
        if end > start + 1
            && matches!(self.bytes.get(end - 1), Some(b'n' | b'N'))
            && self.clitic_end(end - 1).is_some()
        {
            end - 1
        } else {
            end
        }
    }

    /// Whether the period at `period_end - 1` belongs to `word` as an abbreviation's.
    fn takes_period(&self, word: &str, period_end: usize) -> bool {
        let mut chars = word.chars();
        let first = chars.next();
        let single_letter = chars.next().is_none();
        // A single capital before a period is an initial, as in "Michael E. Kurilla".
        if single_letter && first.is_some_and(char::is_uppercase) {
            return true;
        }
        if in_list(TITLES, word) || in_list(OTHER_ABBREVIATIONS, word) {
            return true;
        }
        if in_list(BEFORE_NUMBER_ABBREVIATIONS, word) {
            let after = self.run_end(period_end, |ch| ch == ' ');
            return self.char_at(after).is_some_and(|ch| ch.is_ascii_digit());
        }
        false
    }

    /// Whether `pos` starts exactly three digits, a thousands group as in "2,000".
    fn is_thousands_group(&self, pos: usize) -> bool {
        let digits_end = self.run_end(pos, |ch| ch.is_ascii_digit());
        digits_end == pos + 3
    }

    /// Where a dotted acronym ("U.S.", "a.m.", "U.S.A.") starting at `start` ends: single
    /// letters each followed by a period, at least two of them.
    fn acronym_end(&self, start: usize) -> Option<usize> {
        let mut pos = start;
        let mut n_letters = 0;
        while let Some(letter) = self.char_at(pos).filter(|ch| ch.is_alphabetic()) {
            let after_letter = pos + letter.len_utf8();
            if self.char_at(after_letter) != Some('.') {
                break;
            }
            n_letters += 1;
            pos = after_letter + 1;
            // A whole word glued to the last period ("U.S.Army", a lost space) is not part of
            // the acronym.
            let Some(next) = self.char_at(pos).filter(|ch| ch.is_alphabetic()) else { break };
            if self.char_at(pos + next.len_utf8()).is_some_and(is_word_char) {
                break;
            }
        }
        (n_letters >= 2).then_some(pos)
    }

    /// Extends an acronym over a hyphenated continuation: "U.S.-backed" is one word.
    fn continue_compound(&self, mut end: usize) -> usize {
        while self.char_at(end).is_some_and(is_joining_hyphen)
            && self.char_at(end + 1).is_some_and(is_word_char)
        {
            end = self.run_end(end + 1, is_word_char);
        }
        end
    }

    /// Where a URL starting at `start` ends, if one starts there with a scheme or "www.".
    fn url_end(&self, start: usize) -> Option<usize> {
        let rest = self.bytes.get(start..)?;
        let has_prefix = ["http://", "https://", "ftp://", "www."].iter().any(|prefix| {
            rest.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
        });
        if !has_prefix {
            return None;
        }
        let end =
            self.run_end(start, |ch| !is_space(ch) && !matches!(ch, '<' | '>' | '"' | '“' | '”' | '«' | '»'));
        Some(self.trim_url(start, end))
    }

    /// Drops the punctuation a sentence puts after an address, and a closing bracket that has
    /// no opening one inside the address.
    fn trim_url(&self, start: usize, mut end: usize) -> usize {
        while end > start {
            let last = self.bytes[end - 1];
            let trim = match last {
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' => true,
                b')' => {
                    let url = &self.bytes[start..end];
                    url.iter().filter(|&&byte| byte == b'(').count()
                        < url.iter().filter(|&&byte| byte == b')').count()
                }
                _ => false,
            };
            if !trim {
                break;
            }
            end -= 1;
        }
        // A curly quote or apostrophe is three bytes; it closes a quotation, never an address.
        while self.text.get(start..end).is_some_and(|url| url.ends_with(['’', '”'])) {
            end -= 3;
        }
        end
    }

    /// Where an e-mail address starting at `start` ends, if the word scanned so far (up to
    /// `word_end`) is the start of one.
    fn email_end(&self, start: usize, word_end: usize) -> Option<usize> {
        if !matches!(self.bytes.get(word_end), Some(b'@' | b'.' | b'_' | b'+' | b'%' | b'-')) {
            return None;
        }
        let is_local =
            |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'%' | b'+' | b'-');
        let mut pos = start;
        while self.bytes.get(pos).is_some_and(|&byte| is_local(byte)) {
            pos += 1;
        }
        if self.bytes.get(pos) != Some(&b'@') || pos == start {
            return None;
        }
        let domain_start = pos + 1;
        let mut end = domain_start;
        while self
            .bytes
            .get(end)
            .is_some_and(|&byte| byte.is_ascii_alphanumeric() || byte == b'.' || byte == b'-')
        {
            end += 1;
        }
        while end > domain_start && self.bytes[end - 1] == b'.' {
            end -= 1;
        }
        let domain = &self.bytes[domain_start..end];
        (domain.contains(&b'.') && domain.first().is_some_and(u8::is_ascii_alphanumeric)).then_some(end)
    }

    /// Where a bare web address ("example.com", "bbc.co.uk/news") starting at `start` ends, if
    /// the word scanned so far (up to `word_end`) is followed by a dot and a known top-level
    /// domain.
    fn domain_end(&self, start: usize, word_end: usize) -> Option<usize> {
        if self.bytes.get(word_end) != Some(&b'.') {
            return None;
        }
        let is_label = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'-';
        let mut pos = word_end;
        let mut last_label = None;
        while self.bytes.get(pos) == Some(&b'.')
            && self.bytes.get(pos + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            let label_start = pos + 1;
            pos = label_start;
            while self.bytes.get(pos).is_some_and(|&byte| is_label(byte)) {
                pos += 1;
            }
            last_label = Some(&self.text[label_start..pos]);
        }
        let tld = last_label?;
        if self.char_at(pos).is_some_and(is_word_char) || !TOP_LEVEL_DOMAINS.contains(&tld) {
            return None;
        }
        if self.bytes.get(pos) == Some(&b'/') {
            let end = self.run_end(pos, |ch| !is_space(ch) && !matches!(ch, '<' | '>' | '"' | '“' | '”'));
            return Some(self.trim_url(start, end));
        }
        Some(pos)
    }
}

/// A scanned word is a number when it is digits with separators, optionally ending in an
/// ordinal ("13th") or decade ("1990s") suffix; anything else with a letter is a word.
fn classify_word(word: &str) -> TokenKind {
    let digits_end = word.find(|ch: char| !(ch.is_numeric() || ch == ',' || ch == '.' || ch == '/'));
    let Some(suffix_start) = digits_end else {
        return TokenKind::Number;
    };
    let suffix = &word[suffix_start..];
    let starts_with_digit = word.chars().next().is_some_and(char::is_numeric);
    let number_suffix =
        ["st", "nd", "rd", "th", "s"].iter().any(|ending| suffix.eq_ignore_ascii_case(ending));
    if starts_with_digit && number_suffix {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokenizes `input` and compares with `expected`: tokens separated by spaces, each with a
    /// one-letter kind after a `/` when it is not a plain word (`A` abbreviation, `N` number,
    /// `C` clitic, `P` punctuation, `D` dash, `Q` quote, `S` symbol, `U` URL, `E` e-mail).
    fn check(input: &str, expected: &str) {
        let tokens = tokenize(input);
        for token in &tokens {
            assert!(input.is_char_boundary(token.byte_start) && input.is_char_boundary(token.byte_end));
        }
        let got: Vec<String> = tokens
            .iter()
            .map(|token| {
                let tag = match token.kind {
                    TokenKind::Word => "",
                    TokenKind::Abbreviation => "/A",
                    TokenKind::Number => "/N",
                    TokenKind::Clitic => "/C",
                    TokenKind::Punctuation => "/P",
                    TokenKind::Dash => "/D",
                    TokenKind::Quote => "/Q",
                    TokenKind::Symbol => "/S",
                    TokenKind::Url => "/U",
                    TokenKind::Email => "/E",
                };
                format!("{}{tag}", token.text(input))
            })
            .collect();
        assert_eq!(got.join(" "), expected, "input: {input:?}");
    }

    #[test]
    fn abbreviations_and_titles_keep_their_period() {
        check("Gen. Michael E. Kurilla", "Gen./A Michael E./A Kurilla");
        check("Sen. Smith and Mr. Jones", "Sen./A Smith and Mr./A Jones");
        check("Lt. Col. Dr. Ahmed", "Lt./A Col./A Dr./A Ahmed");
        check("U.S. and U.N. officials", "U.S./A and U.N./A officials");
        check("on Jan. 5", "on Jan./A 5/N");
        check("No. 1 suspect", "No./A 1/N suspect");
        check("They said no.", "They said no ./P");
        check("at 5 a.m. local", "at 5/N a.m./A local");
        check("the U.S.-backed force", "the U.S.-backed force");
        check("in the U.S.", "in the U.S./A");
        check("the attack.", "the attack ./P");
    }

    #[test]
    fn hyphenated_names_stay_whole() {
        check("IS-KP and ISIS-K", "IS-KP and ISIS-K");
        check("al-Qaeda's anti-Taliban allies", "al-Qaeda 's/C anti-Taliban allies");
        check("twenty-one MUC-4 30-year-old", "twenty-one MUC-4 30-year-old");
        check("10-15 killed", "10/N -/D 15/N killed");
        check("2024-03-22", "2024/N -/D 03/N -/D 22/N");
        check("well - known", "well -/D known");
    }

    #[test]
    fn quotes_and_clitics_split_off() {
        check("“vigilant”", "“/Q vigilant ”/Q");
        check("\"real estate\"", "\"/Q real estate \"/Q");
        check("Russia's war", "Russia 's/C war");
        check("Russia’s war", "Russia ’s/C war");
        check("RUSSIA'S WAR", "RUSSIA 'S/C WAR");
        check("don't can't they're", "do n't/C ca n't/C they 're/C");
        check("O'Brien’s", "O'Brien ’s/C");
        check("the soldiers' families", "the soldiers '/Q families");
        check("‘a tactic’", "‘/Q a tactic ’/Q");
        check("the U.S.'s role", "the U.S./A 's/C role");
    }

    #[test]
    fn numbers_keep_separators_and_suffixes() {
        check("2,000 people", "2,000/N people");
        check("1.5 million", "1.5/N million");
        check("the 13th and 1990s", "the 13th/N and 1990s/N");
        check("killed 3, injured 4", "killed 3/N ,/P injured 4/N");
        check("in 2021, 1,234,567", "in 2021/N ,/P 1,234,567/N");
        check("$5 or 10%", "$/S 5/N or 10/N %/S");
        check("5G", "5G");
    }

    #[test]
    fn wire_text_in_capitals() {
        check("KILLED 3 PEASANTS.", "KILLED 3/N PEASANTS ./P");
        check("4 FEB 90", "4/N FEB 90/N");
        check("(ACAN-EFE) --", "(/P ACAN-EFE )/P --/D");
        check("DETACHMENT NO.4 REPORTED", "DETACHMENT NO./A 4/N REPORTED");
        check("GEN. PONCE", "GEN./A PONCE");
        check("THE U.S. EMBASSY", "THE U.S./A EMBASSY");
        check("THE U.S.ARMY", "THE U.S./A ARMY");
    }

    #[test]
    fn dashes_and_ellipses() {
        check("WASHINGTON – The", "WASHINGTON –/D The");
        check("KABUL—A blast", "KABUL —/D A blast");
        check("wait... what … no", "wait .../P what …/P no");
        check("Why?! Now!", "Why ?!/P Now !/P");
    }

    #[test]
    fn urls_and_emails_are_one_token() {
        check("see https://example.org/a?b=1.", "see https://example.org/a?b=1/U ./P");
        check("(www.example.org)", "(/P www.example.org/U )/P");
        check("mail john.doe@example.com.", "mail john.doe@example.com/E ./P");
        check("per Reuters.com and bbc.co.uk/news.", "per Reuters.com/U and bbc.co.uk/news/U ./P");
        check("the attack.It was", "the attack ./P It was");
    }

    #[test]
    fn non_ascii_text() {
        check("Kunduz’daki saldırı", "Kunduz’daki saldırı");
        check("قتل ١٣ شخصاً", "قتل ١٣/N شخصاً");
        check("café\u{00A0}crème", "café crème");
        check("Zero\u{200B}width", "Zero width");
        check("• item ©", "•/S item ©/S");
        check("", "");
    }
}
