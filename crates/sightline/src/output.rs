//! Writing to the terminal: plain tables for people, and the broken-pipe rule.

use std::io;

use anyhow::{bail, Context};
use sightline_store::Store;

use crate::args::GlobalArgs;

/// Opens the store for a command that only reads it. A missing file is an error rather than a
/// new empty store: a mistyped `--db` should say so, not report that nothing matches.
pub fn open_existing_store(global: &GlobalArgs) -> anyhow::Result<Store> {
    if !global.db.exists() {
        bail!(
            "no store at {}: ingest pages first, or point --db (or SIGHTLINE_DB) at an existing store",
            global.db.display()
        );
    }
    Store::open(&global.db).with_context(|| format!("could not open the store {}", global.db.display()))
}

/// True when `error` comes from writing to a closed pipe, which is how `| head` ends a command.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|io_error| io_error.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// `text` cut to at most `width` chars, with an ellipsis when cut; newlines become spaces.
pub fn fit(text: &str, width: usize) -> String {
    let flat: String = text.chars().map(|ch| if ch.is_control() { ' ' } else { ch }).collect();
    if flat.chars().count() <= width {
        return flat;
    }
    let mut cut: String = flat.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Renders rows as left-aligned columns separated by two spaces; the last column is not
/// padded. Widths count chars, which is right for the Latin, Cyrillic and Arabic text of most
/// news and only approximate for wide CJK characters.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|cell| cell.chars().count()).collect();
    for row in rows {
        for (column, cell) in row.iter().enumerate() {
            if let Some(width) = widths.get_mut(column) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let header_row: Vec<String> = header.iter().map(|cell| cell.to_string()).collect();
    for row in std::iter::once(&header_row).chain(rows) {
        let mut line = String::new();
        for (column, cell) in row.iter().enumerate() {
            if column + 1 == row.len() {
                line.push_str(cell);
            } else {
                let pad = widths.get(column).copied().unwrap_or(0).saturating_sub(cell.chars().count());
                line.push_str(cell);
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_by_chars() {
        assert_eq!(fit("Kabul – blast", 20), "Kabul – blast");
        assert_eq!(fit("Kabul – blast", 7), "Kabul …");
        assert_eq!(fit("two\nlines", 20), "two lines");
    }

    #[test]
    fn table_aligns_columns() {
        let rows = vec![vec!["article".to_string(), "Moscow – attack".to_string()]];
        assert_eq!(table(&["kind", "title"], &rows), "kind     title\narticle  Moscow – attack\n");
    }
}
