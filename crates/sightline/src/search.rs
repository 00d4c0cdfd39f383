//! `sightline search`: full-text search over stored documents.

use std::io::Write;

use anyhow::Context;
use serde::Serialize;

use crate::args::{GlobalArgs, SearchArgs};
use crate::Outcome;

#[derive(Serialize)]
struct JsonHit<'a> {
    id: &'a str,
    title: Option<&'a str>,
    snippet: &'a str,
    score: f64,
}

/// Prints the best matches with snippets, or JSON.
pub fn run(global: &GlobalArgs, args: &SearchArgs) -> anyhow::Result<Outcome> {
    let store = crate::output::open_existing_store(global)?;
    let query = args.query.join(" ");
    let hits = store.search(&query, args.limit).with_context(|| format!("search for {query:?} failed"))?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let hits: Vec<JsonHit> = hits
            .iter()
            .map(|hit| JsonHit {
                id: hit.doc_id.as_str(),
                title: hit.title.as_deref(),
                snippet: &hit.snippet,
                score: hit.score,
            })
            .collect();
        serde_json::to_writer_pretty(&mut stdout, &hits)?;
        writeln!(stdout)?;
        return Ok(Outcome::Success);
    }
    if hits.is_empty() {
        writeln!(stdout, "No document matches {query:?}.")?;
    }
    for hit in &hits {
        writeln!(stdout, "{}  {}", hit.doc_id, hit.title.as_deref().unwrap_or("(untitled)"))?;
        writeln!(stdout, "    {}\n", hit.snippet.replace('\n', " "))?;
    }
    Ok(Outcome::Success)
}
