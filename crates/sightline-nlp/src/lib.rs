//! stub
#![deny(missing_docs)]
mod token;
pub use token::{tokenize, Token, TokenKind};
