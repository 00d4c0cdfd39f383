//! Scorers: Sightline's output against gold data.
//!
//! The product never reads gold files; the `eval` commands and tests do, and they score through
//! this crate so that every figure in a closing note comes from one implementation. Each
//! scorer is a plain function over plain values: no file formats, no I/O.
#![deny(missing_docs)]

pub mod bcubed;
pub mod conll;
pub mod grit;
pub mod shingle;
