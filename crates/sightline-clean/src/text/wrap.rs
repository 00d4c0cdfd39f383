//! Hard-wrapped text: paragraphs broken into lines at a fixed column, rejoined.
//!
//! Wire copy, e-mail and plain-text archives (the MUC-4 corpus, for one) break every paragraph
//! into lines of at most 60 to 80 characters. The line classifier takes a line for a block of
//! the page, so such a paragraph would look like a run of short, unpunctuated fragments (and a
//! pair of them, blank-line separated, like a headline and a teaser). A wrapped page is told
//! apart from ordinary flattened text by its line lengths: ordinary pages put a whole
//! paragraph on one line, hundreds of characters long, while a wrapped page's long lines all
//! end within a few characters of one column. Rejoining happens before any other step, so
//! everything downstream sees one paragraph per line, as in any other flattened page.

/// Widest wrap column considered; lines in ordinary flattened text are far longer.
const MAX_WRAP_COLUMN: usize = 100;
/// Narrowest wrap column considered; below it, short lines are menus, not wrapping.
const MIN_WRAP_COLUMN: usize = 50;
/// How far below the wrap column a line that was broken there may end: the next word was too
/// long to fit, and words run to about twenty characters.
const WRAP_SLACK: usize = 22;
/// Slack for the estimated column, which can fall a little short of the wrapper's own.
const FIT_TOLERANCE: usize = 2;

/// The page with each wrapped paragraph on one line, or `None` when the page is not wrapped.
pub(crate) fn unwrap_paragraphs(content: &str) -> Option<String> {
    let lines: Vec<&str> = content.lines().map(str::trim_end).collect();
    let column = wrap_column(&lines)?;
    let mut unwrapped = String::with_capacity(content.len());
    let mut continues = false;
    for (index, line) in lines.iter().enumerate() {
        let text = if continues { line.trim_start() } else { line };
        if continues && !text.is_empty() {
            unwrapped.push(' ');
        } else if index > 0 {
            unwrapped.push('\n');
        }
        unwrapped.push_str(text);
        // A wrapper breaks a line only where the next word would not fit: if it would have,
        // the break was the author's, and the paragraph ends here.
        continues = lines.get(index + 1).is_some_and(|next| {
            let next_word = next.split_whitespace().next().map_or(0, |word| word.chars().count());
            next_word > 0 && line.chars().count() + 1 + next_word + FIT_TOLERANCE > column
        });
    }
    Some(unwrapped)
}

/// The column a page is wrapped at, if it is wrapped.
fn wrap_column(lines: &[&str]) -> Option<usize> {
    let lengths: Vec<usize> = lines.iter().map(|line| line.chars().count()).filter(|&n| n > 0).collect();
    if lengths.len() < 6 {
        return None;
    }
    let mut sorted = lengths.clone();
    sorted.sort_unstable();
    // The 95th percentile rather than the maximum: one overlong URL must not hide the column.
    let column = sorted[(sorted.len() * 95 / 100).min(sorted.len() - 1)];
    if !(MIN_WRAP_COLUMN..=MAX_WRAP_COLUMN).contains(&column) {
        return None;
    }
    let followed: Vec<usize> = lines
        .windows(2)
        .filter(|pair| !pair[0].trim().is_empty() && !pair[1].trim().is_empty())
        .map(|pair| pair[0].chars().count())
        .collect();
    let near_column = followed.iter().filter(|&&n| n + WRAP_SLACK >= column && n <= column + 5).count();
    let overlong = lengths.iter().filter(|&&n| n > column * 2).count();
    (followed.len() >= 4 && near_column * 3 >= followed.len() * 2 && overlong * 20 <= lengths.len())
        .then_some(column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(unwrap_paragraphs(input).as_deref(), expected, "{input:?}");
    }

    #[test]
    fn rejoins_wire_copy() {
        let wire = "   SAN SALVADOR, 3 JAN 90 (RADIO) -- [TEXT] A GROUP OF ARMED MEN\n\
                    ATTACKED A POLICE POST IN THE NORTH OF THE CAPITAL LAST NIGHT,\n\
                    KILLING TWO AGENTS, THE NATIONAL POLICE REPORTED TODAY.\n\
                    \n\
                   \x20  A SPOKESMAN SAID THAT THE ATTACKERS FLED TOWARD THE VOLCANO\n\
                    AREA AFTER THE CLASH, WHICH LASTED ABOUT TWENTY MINUTES, AND THAT\n\
                    TROOPS HAVE BEEN SENT IN PURSUIT OF THE GROUP.\n";
        check(
            wire,
            Some(
                "   SAN SALVADOR, 3 JAN 90 (RADIO) -- [TEXT] A GROUP OF ARMED MEN ATTACKED A POLICE POST IN THE \
                 NORTH OF THE CAPITAL LAST NIGHT, KILLING TWO AGENTS, THE NATIONAL POLICE REPORTED TODAY.\n\n   \
                 A SPOKESMAN SAID THAT THE ATTACKERS FLED TOWARD THE VOLCANO AREA AFTER THE CLASH, WHICH \
                 LASTED ABOUT TWENTY MINUTES, AND THAT TROOPS HAVE BEEN SENT IN PURSUIT OF THE GROUP.",
            ),
        );
    }

    #[test]
    fn a_short_line_ends_its_paragraph() {
        let text = "Blast kills two\n\
                    A bomb went off near the main market of the town on Sunday morning,\n\
                    killing two people and wounding several others, police said today.\n\
                    Officials blamed a local armed group that has attacked the market\n\
                    twice before, though no one has claimed the bombing so far.\n\
                    More to follow.\n";
        let unwrapped = unwrap_paragraphs(text).expect("wrapped");
        assert!(unwrapped.starts_with("Blast kills two\nA bomb went off"), "{unwrapped}");
        assert!(unwrapped.contains("police said today. Officials blamed"), "{unwrapped}");
        assert!(unwrapped.ends_with("so far.\nMore to follow."), "{unwrapped}");
    }

    #[test]
    fn leaves_ordinary_flattened_text_alone() {
        let long = "A paragraph on one line, as scrapers write them, runs on well past any terminal \
                    width because nothing ever broke it into lines of a fixed length at all.";
        let page =
            format!("Home\nWorld\nPolitics\nHeadline of the story\n\n{long}\n\n{long}\n\n{long}\n\n{long}\n");
        check(&page, None);
        check("Home\nNews\nSport\nWeather\nContact\nAbout us\nPrivacy\n", None);
        check("", None);
    }
}
