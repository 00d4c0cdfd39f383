//! The record of what cleaning dropped, kept bounded.
//!
//! Every dropped block goes to `Document::removed` so a user can see why it went, but a page
//! of a million menu lines must not become a million rows in the store: the record keeps the
//! first [`MAX_REMOVED`] blocks, each cut to [`MAX_REMOVED_CHARS`] chars with an ellipsis.

use sightline_core::{RemovalReason, Removed};

/// At most this many removed blocks are recorded per document.
pub(crate) const MAX_REMOVED: usize = 300;

/// A removed block longer than this many chars is cut.
pub(crate) const MAX_REMOVED_CHARS: usize = 400;

/// Records `text` as removed for `reason`, within the bounds above.
pub(crate) fn record(removed: &mut Vec<Removed>, text: &str, reason: RemovalReason) {
    if removed.len() >= MAX_REMOVED {
        return;
    }
    let text = match text.char_indices().nth(MAX_REMOVED_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    };
    removed.push(Removed { text, reason });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_record_bounded() {
        let mut removed = Vec::new();
        for _ in 0..MAX_REMOVED + 10 {
            record(&mut removed, &"é".repeat(MAX_REMOVED_CHARS + 5), RemovalReason::Navigation);
        }
        assert_eq!(removed.len(), MAX_REMOVED);
        assert_eq!(removed[0].text.chars().count(), MAX_REMOVED_CHARS + 1);
        record(&mut Vec::new(), "short", RemovalReason::Footer);
    }
}
