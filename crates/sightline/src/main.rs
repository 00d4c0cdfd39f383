//! The `sightline` binary (stub).
fn main() {}
