//! Fusion: what many documents say, taken together.
//!
//! Two jobs, both across documents and both built to cost time in proportion to what is new:
//!
//! - [`NearDuplicates`] finds documents that are copies of one another with small edits
//!   (syndicated wire stories, reposts), by MinHash signatures over word shingles and
//!   locality-sensitive hashing, so a document is compared only with the few that share a band
//!   of its signature. A copy is linked to its original, stays searchable, and is not counted
//!   twice.
//! - [`fuse_incidents`] merges event reports that describe the same real-world event into one
//!   [`Incident`], keeping every report's figures. Reports are blocked by country and date, so
//!   each is compared only with incidents that could hold it; the decision rules are stated on
//!   [`fuse_incidents`]. [`fuse_more`] fuses new reports onto incidents kept from earlier runs
//!   ([`StoredIncident`]), of which the caller loads only the [`blocks_to_search`]: the store
//!   updates incidents in place instead of fusing the corpus again.
//!
//! The crate knows nothing of pages, models or the store: it takes plain values (ids, texts,
//! dates, places as ids) and returns plain values.
#![deny(missing_docs)]

mod dedup;
mod incident;
mod keywords;

pub use dedup::{DuplicateOf, NearDuplicates, Signature};
pub use incident::{
    blocks_to_search, distinctive_keywords, fuse_incidents, fuse_more, Block, Count, Figures, FusionUpdate,
    Incident, Place, Report, ReportFigure, StoredIncident, Timing,
};
pub use keywords::keywords;
