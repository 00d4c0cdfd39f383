//! The data types that pass between Sightline's pipeline stages.
//!
//! Sightline reads news pages and turns them into a cited record of political violence. Data
//! flows one way through stages, each a crate with one job:
//!
//! ```text
//! bytes ──ingest──▶ RawPage ──clean──▶ Document ──▶ store
//! ```
//!
//! This crate holds the types at the ends of those arrows: [`RawPage`] (decoded text of one
//! page with where it came from), [`Document`] (the kept article text plus the metadata and
//! every removed line with its reason), the ids ([`DocId`]) and the span type ([`CharSpan`])
//! that every later annotation uses.
//!
//! **No I/O, no clock.** Nothing here opens files, reads the environment or asks for the time:
//! stages take values and return values, so they can be tested on two-line inputs and rerun to
//! the same result. A relative date resolves against the document's date, never "today".
//!
//! **Why char offsets.** The output contract counts Unicode scalar values, because that is what
//! JSON consumers in other languages (Python, JavaScript) slice by most easily. [`CharSpan`] uses
//! that unit everywhere; [`CharIndex`] converts from byte offsets, the unit Rust slices by, in
//! one place.
//!
//! ```
//! use sightline_core::{DocId, CharIndex};
//! let id = DocId::from_content("KABUL –  A  blast\n");
//! assert_eq!(id, DocId::from_content("KABUL – A blast"));
//! let index = CharIndex::new("KABUL – A blast");
//! assert_eq!(index.char_offset(10), Some(8)); // the en dash is three bytes, one char
//! ```
#![deny(missing_docs)]

mod document;
mod id;
mod page;
mod span;

pub use document::{DocKind, Document, RemovalReason, Removed};
pub use id::{normalise_for_id, DocId};
pub use page::{ContentKind, GivenMeta, RawPage, Source};
pub use span::{CharIndex, CharSpan};
