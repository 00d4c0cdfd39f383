//! `sightline tag`: named-entity tags for tokens that are already split, and the CoNLL reader
//! that `train` and `eval ner` share.
//!
//! The input is CoNLL-style columns: a token per line in the first column, blank lines between
//! sentences, `-DOCSTART-` lines between documents. The output is the input, line for line,
//! with one more column (the predicted IOB2 tag), so gold columns stay beside the prediction
//! and `sightline eval ner` can score the result. Tokens are never re-split: the point is to
//! tag exactly the tokens a benchmark or another tool gave.

use std::io::{BufWriter, Read, Write};
use std::path::Path;

use anyhow::Context;
use sightline_nlp::ner::{Tag, Tagger};

use crate::args::TagArgs;
use crate::Outcome;

/// One line of a CoNLL file.
pub enum ConllLine {
    /// A `-DOCSTART-` line, which separates documents.
    DocStart(String),
    /// An empty line, which ends a sentence.
    Blank(String),
    /// A token line and the byte ranges of its whitespace-separated columns (ranges, not
    /// strings: one allocation a line instead of one a column, on the path `bench ner` times).
    Token { line: String, columns: Vec<std::ops::Range<usize>> },
}

/// A CoNLL file: its lines, and its documents as sentences of token-line indices.
pub struct ConllFile {
    /// Every line, in order.
    pub lines: Vec<ConllLine>,
    /// Documents, each a list of sentences, each a list of indices into `lines`.
    pub documents: Vec<Vec<Vec<usize>>>,
}

impl ConllFile {
    /// Column `column` (0-based, negative counting from the end) of a token line.
    pub fn column(&self, line_index: usize, column: isize) -> Option<&str> {
        match self.lines.get(line_index)? {
            ConllLine::Token { line, columns } => {
                let index = if column < 0 {
                    columns.len().checked_sub(column.unsigned_abs())?
                } else {
                    column as usize
                };
                line.get(columns.get(index)?.clone())
            }
            _ => None,
        }
    }
}

/// Parses CoNLL text.
pub fn parse_conll(text: &str) -> ConllFile {
    let mut lines = Vec::new();
    let mut documents: Vec<Vec<Vec<usize>>> = vec![Vec::new()];
    let mut sentence: Vec<usize> = Vec::new();
    let end_sentence = |sentence: &mut Vec<usize>, documents: &mut Vec<Vec<Vec<usize>>>| {
        if !sentence.is_empty() {
            if let Some(document) = documents.last_mut() {
                document.push(std::mem::take(sentence));
            }
        }
    };
    for line in text.lines() {
        let columns: Vec<std::ops::Range<usize>> = line
            .split_whitespace()
            .map(|column| {
                let start = column.as_ptr() as usize - line.as_ptr() as usize;
                start..start + column.len()
            })
            .collect();
        let first = columns.first().and_then(|range| line.get(range.clone()));
        if columns.is_empty() {
            end_sentence(&mut sentence, &mut documents);
            lines.push(ConllLine::Blank(line.to_string()));
        } else if first == Some("-DOCSTART-") {
            end_sentence(&mut sentence, &mut documents);
            if documents.last().is_some_and(|document| !document.is_empty()) {
                documents.push(Vec::new());
            }
            lines.push(ConllLine::DocStart(line.to_string()));
        } else {
            sentence.push(lines.len());
            lines.push(ConllLine::Token { line: line.to_string(), columns });
        }
    }
    end_sentence(&mut sentence, &mut documents);
    documents.retain(|document| !document.is_empty());
    ConllFile { lines, documents }
}

/// Reads a file, `-` meaning standard input.
pub fn read_input(path: &Path) -> anyhow::Result<String> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text).context("could not read standard input")?;
    } else {
        text = std::fs::read_to_string(path).with_context(|| format!("could not read {}", path.display()))?;
    }
    Ok(text)
}

/// The tagger a command asked for: a model file, or the embedded one.
pub fn load_tagger(model: Option<&Path>) -> anyhow::Result<Tagger> {
    match model {
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
            Tagger::from_bytes(&bytes).with_context(|| format!("could not load {}", path.display()))
        }
        None => Tagger::embedded().context("could not load the embedded ner model"),
    }
}

/// Tags every document of a CoNLL file; returns one tag per line (`None` for lines that are
/// not tokens).
pub fn tag_conll(tagger: &Tagger, file: &ConllFile) -> Vec<Option<Tag>> {
    let mut tags: Vec<Option<Tag>> = vec![None; file.lines.len()];
    for document in &file.documents {
        let sentences: Vec<Vec<&str>> = document
            .iter()
            .map(|sentence| sentence.iter().map(|&index| file.column(index, 0).unwrap_or("")).collect())
            .collect();
        let predicted = tagger.tag_document(&sentences);
        for (sentence, sentence_tags) in document.iter().zip(predicted) {
            for (&index, tag) in sentence.iter().zip(sentence_tags) {
                if let Some(slot) = tags.get_mut(index) {
                    *slot = Some(tag);
                }
            }
        }
    }
    tags
}

/// Runs `sightline tag`.
pub fn run(args: &TagArgs) -> anyhow::Result<Outcome> {
    let tagger = load_tagger(args.model.as_deref())?;
    let text = read_input(&args.input)?;
    let file = parse_conll(&text);
    let tags = tag_conll(&tagger, &file);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (line, tag) in file.lines.iter().zip(&tags) {
        match (line, tag) {
            (ConllLine::Token { line, .. }, Some(tag)) => {
                // Keep the file's own separator: tab-separated files stay tab-separated.
                let separator = if line.contains('\t') { '\t' } else { ' ' };
                writeln!(out, "{}{separator}{tag}", line.trim_end())?;
            }
            (ConllLine::Token { line, .. } | ConllLine::DocStart(line) | ConllLine::Blank(line), _) => {
                writeln!(out, "{line}")?
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[Vec<Vec<&str>>]) {
        let file = parse_conll(text);
        let documents: Vec<Vec<Vec<&str>>> = file
            .documents
            .iter()
            .map(|document| {
                document
                    .iter()
                    .map(|sentence| sentence.iter().filter_map(|&index| file.column(index, 0)).collect())
                    .collect()
            })
            .collect();
        assert_eq!(documents, expected);
    }

    #[test]
    fn documents_and_sentences() {
        check(
            "-DOCSTART- -X- O\n\nEU B-ORG\nrejects O\n\nPeter B-PER\n\n-DOCSTART- -X- O\n\nKabul B-LOC\n",
            &[vec![vec!["EU", "rejects"], vec!["Peter"]], vec![vec!["Kabul"]]],
        );
        check("a O\nb O", &[vec![vec!["a", "b"]]]);
        check("", &[]);
        let file = parse_conll("EU NNP B-ORG\n");
        assert_eq!(file.column(0, -1), Some("B-ORG"));
        assert_eq!(file.column(0, -4), None);
    }
}
