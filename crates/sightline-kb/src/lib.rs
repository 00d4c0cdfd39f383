//! Sightline's knowledge base: who and where a text is about.
//!
//! In pipeline terms this crate sits beside `annotate`: it takes strings (a mention, a whole
//! clean text) and returns references into two built-in tables, never touching files.
//!
//! - [`ActorTable`]: armed groups, states, agencies and international bodies with their aliases
//!   ([`ActorTable::lookup`] for one mention, [`ActorTable::find_mentions`] to scan a text with
//!   byte spans). Built from PETRARCH-2 (MIT), UCDP (CC BY 4.0) and a hand-kept list for the
//!   groups those 2016-era lists lack (`data/kb/actors-extra.tsv`).
//! - [`find_defined_acronyms`]: "Islamic State Khorasan Province (IS-KP)" teaches a document an
//!   alias for its later mentions.
//! - [`Gazetteer`]: GeoNames places with alternate names, [`Gazetteer::resolve`] to choose among
//!   same-named places with the document's [`PlaceContext`], and [`Gazetteer::contains`] for
//!   "Kerman is in Iran".
//!
//! All mention matching goes through one normalisation, [`normalize_alias`]. Short all-capitals
//! aliases ("IS", "ISK") only match capitals, since "is" is a word, and mixed-case ones ("LeT")
//! only their exact case. Scanning running text is stricter than looking up a known mention: a
//! mention needs a capital letter, acronyms in a line of capitals (a headline) are skipped, and
//! the imported lists' one-word and two- or three-letter aliases ("Family", "NC") are left to
//! `lookup`, since in running text they are mostly ordinary words. Hyphens separate words
//! rather than vanish, so "IS-KP" and "ISKP" are two listed aliases, not one rule that would also
//! merge unrelated short acronyms.
//!
//! The tables are embedded gzip files, parsed once on first use (`OnceLock`); see
//! `data/kb/README.md` for sizes, sources, attribution and the rebuild command
//! (`cargo run --release -p sightline-kb --example build_kb -- ../shared/data data/kb`).
//!
//! ```
//! use sightline_kb::{ActorTable, Gazetteer, PlaceContext};
//!
//! let actors = ActorTable::builtin();
//! let iskp = actors.lookup("IS-KP")[0];
//! assert_eq!(actors.actor(iskp).id, "islamic-state-khorasan-province");
//!
//! let places = Gazetteer::builtin();
//! let kerman = places.resolve("Kerman", &PlaceContext::default()).unwrap();
//! assert_eq!(places.place(kerman.place).country, "IR");
//! ```

#![deny(missing_docs)]

mod acronym;
mod actor;
mod hash;
mod normalize;
mod place;

use std::io::Read;

pub use acronym::{find_defined_acronyms, AcronymDefinition};
pub use actor::{actor_id, Actor, ActorIdx, ActorKind, ActorMention, ActorTable, Alias, AliasSource};
pub use normalize::normalize_alias;
pub use place::{Gazetteer, Place, PlaceContext, PlaceIdx, PlaceKind, Resolution, ResolutionReason};

/// What can go wrong reading a knowledge-base table.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A line of a table does not follow its format.
    #[error("{what}, line {line}: {reason}")]
    BadData {
        /// Which table.
        what: &'static str,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        reason: String,
    },
    /// A gzip stream could not be inflated or is not UTF-8.
    #[error("cannot inflate an embedded table: {0}")]
    Gzip(#[from] std::io::Error),
}

/// Inflates an embedded gzip table into text.
fn read_gzip(bytes: &[u8]) -> Result<String, Error> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut text)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    /// The embedded tables parse without error (`builtin()` would fall back to an empty table).
    #[test]
    fn embedded_tables_parse() {
        let actors = super::read_gzip(include_bytes!("../../../data/kb/actors.tsv.gz")).unwrap();
        assert!(crate::ActorTable::parse(&actors).unwrap().actors().len() > 1000);
        let places = super::read_gzip(include_bytes!("../../../data/kb/places.tsv.gz")).unwrap();
        assert!(crate::Gazetteer::parse(&places).unwrap().len() > 100_000);
    }
}
