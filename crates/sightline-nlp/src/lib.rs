//! stub
#![deny(missing_docs)]
mod sentence;
mod token;
pub use sentence::{split_sentences, Sentence};
pub use token::{tokenize, Token, TokenKind};
