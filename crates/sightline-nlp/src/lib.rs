//! Sightline's language groundwork: tokens, sentences, dates and counts in clean text.
//!
//! In the pipeline this crate sits after cleaning: it reads a [`Document`]'s clean text (any
//! `&str`) and finds the units every later stage works in. [`tokenize`] splits the text into
//! [`Token`]s, each a kind and a byte range of the text; [`split_sentences`] groups tokens into
//! [`Sentence`]s; [`find_dates`] finds date expressions and resolves them against the
//! document's date into [`DateMention`]s; [`find_quantities`] finds counts with their hedges
//! ("over 130", "dozens") as [`Quantity`]s. The [`ner`] module tags the same tokens with
//! named-entity types (people, organisations, places, other names) using a model trained by
//! our own code and embedded in the binary. [`Annotator`] runs all of them on a document in
//! one call, which is what the pipeline does.
//!
//! **Why byte offsets.** Every annotation here is a byte range of the text it was given, never
//! a rewritten copy: slicing by bytes is free in Rust and cannot drift from the text. The output
//! contract counts chars; [`sightline_core::CharIndex`] converts at that edge, in one place.
//!
//! **Why rules, and one model.** News prose is regular enough that readable rules (abbreviation
//! lists, hedge words, the weekday that fixes a year) do well, and a wrong answer can be traced
//! to the rule that gave it. Each rule states the fact about English or news writing it relies
//! on. Names are the exception: no readable rule tells a person from a place, so [`ner`] learns
//! it from annotated news.
//!
//! **No I/O, no clock.** Functions take text and return values. A relative date ("yesterday")
//! resolves against the document's date handed in by the caller; without one it stays
//! unresolved rather than guessing from the time the program runs.
//!
//! ```
//! use chrono::NaiveDate;
//! use sightline_nlp::{find_dates, find_quantities, split_sentences, tokenize};
//!
//! let text = "KABUL – Gen. Kurilla said over 130 died on Friday.\nThe U.S. condemned it.";
//! let tokens = tokenize(text);
//! let sentences = split_sentences(text, &tokens);
//! assert_eq!(sentences[1].text(text), "The U.S. condemned it.");
//! let dates = find_dates(text, &tokens, NaiveDate::from_ymd_opt(2024, 3, 25));
//! assert_eq!(dates[0].value, NaiveDate::from_ymd_opt(2024, 3, 22));
//! let counts = find_quantities(text, &tokens);
//! assert_eq!((counts[0].text.as_str(), counts[0].min), ("over 130", Some(130)));
//! ```
//!
//! [`Document`]: sightline_core::Document
#![deny(missing_docs)]

mod annotate;
mod date;
pub mod ner;
mod quantity;
mod sentence;
mod token;

pub use annotate::{Annotations, Annotator, NameMention};
pub use date::{find_dates, find_dates_written_after, written_on_or_after, DateMention, DatePrecision};
pub use quantity::{find_quantities, number_word_value, Qualifier, Quantity};
pub use sentence::{split_sentences, Sentence};
pub use token::{tokenize, Token, TokenKind};
