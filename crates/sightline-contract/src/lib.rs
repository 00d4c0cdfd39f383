//! The output contract: the JSON records `sightline export` writes (stub).
#![deny(missing_docs)]
