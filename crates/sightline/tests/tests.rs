//! End-to-end tests (stub).
