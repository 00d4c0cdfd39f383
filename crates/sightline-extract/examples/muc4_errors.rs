//! MUC-4 role fillers scored straight from the extractor, with every miss and spurious filler
//! listed: the loop for working on the event rules without rebuilding the binary.
//!
//! ```text
//! sightline --db /tmp/m.db ingest --format jsonl ../shared/data/events/muc4/docs_dev.jsonl
//! sightline --db /tmp/m.db export -o /tmp/m.jsonl
//! cargo run --release -p sightline-extract --example muc4_errors -- \
//!     /tmp/m.jsonl ../shared/data/events/muc4/docs_dev.jsonl [--misses ROLE]
//! ```
//!
//! It reads the clean text, date, dateline and headline of each `document` record of an export
//! (what the pipeline hands the extractor) and the gold templates of the MUC-4 split, runs
//! `extract` as the pipeline does, and scores with GRIT's metric (`sightline-eval`), grouping
//! a document's strings into entities as `sightline eval muc4` does; the two agree. With
//! `--misses ROLE` it prints, per document, the gold entities missed (marked `+` when the rules
//! proposed them before the trained filter) and the fillers that match nothing.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::time::Instant;

use sightline_eval::grit::{self, Entity, ROLES};
use sightline_extract::{extract, training_candidates, DocContext, Extraction};

struct Document {
    id: String,
    text: String,
    published: Option<chrono::NaiveDate>,
    dateline: Option<String>,
    title: Option<String>,
}

fn read_json_lines(path: &str) -> Result<Vec<serde_json::Value>, Box<dyn std::error::Error>> {
    let mut values = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
        let line = line?;
        if !line.trim().is_empty() {
            values.push(serde_json::from_str(&line)?);
        }
    }
    Ok(values)
}

fn string(value: &serde_json::Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// The role fillers of one document's events as entities, as `sightline eval muc4` groups them.
fn predicted_roles(text: &str, extraction: &Extraction) -> BTreeMap<&'static str, Vec<Entity>> {
    let mut strings: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for event in &extraction.events {
        for argument in &event.perpetrators {
            let role = if argument.kind == sightline_extract::ArgumentKind::Organization {
                "PerpOrg"
            } else {
                "PerpInd"
            };
            strings.entry(role).or_default().push(argument.text.clone());
        }
        for argument in &event.targets {
            let role =
                if argument.kind == sightline_extract::ArgumentKind::Human { "Victim" } else { "Target" };
            strings.entry(role).or_default().push(argument.text.clone());
        }
        for argument in &event.weapons {
            strings.entry("Weapon").or_default().push(argument.text.clone());
        }
    }
    grit::predicted_entities_in(text, strings)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(export), Some(gold_path)) = (args.get(1), args.get(2)) else {
        return Err("usage: muc4_errors EXPORT.jsonl DOCS_SPLIT.jsonl [--misses ROLE]".into());
    };
    let misses_of = args.iter().position(|a| a == "--misses").and_then(|i| args.get(i + 1)).cloned();
    let mut gold: HashMap<String, BTreeMap<String, Vec<Entity>>> = HashMap::new();
    for document in read_json_lines(gold_path)? {
        let Some(id) = string(&document["id"]) else { continue };
        let mut roles = BTreeMap::new();
        if let Some(extracts) = document["gold"]["grit_extracts"].as_object() {
            for (role, entities) in extracts {
                let entities: Vec<Entity> = entities
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|mentions| {
                        mentions.as_array().into_iter().flatten().filter_map(|m| string(&m[0])).collect()
                    })
                    .collect();
                roles.insert(role.clone(), entities);
            }
        }
        gold.insert(id, roles);
    }
    let mut documents = Vec::new();
    for record in read_json_lines(export)? {
        if record["kind"] != "document" {
            continue;
        }
        let (Some(id), Some(text)) = (string(&record["source"]["id"]), string(&record["text"])) else {
            continue;
        };
        let published =
            record["published"].as_str().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        documents.push(Document {
            id,
            text,
            published,
            dateline: string(&record["dateline"]),
            title: string(&record["title"]),
        });
    }
    documents.sort_by(|a, b| a.id.cmp(&b.id));
    let annotator = sightline_nlp::Annotator::embedded()?;
    let started = Instant::now();
    let mut scores = grit::Scores::default();
    // Per role, gold entities some candidate matches before the filter, and candidates.
    let mut proposed: BTreeMap<&str, usize> = BTreeMap::new();
    // Documents with no gold filler at all (no relevant incident), and what we predict there.
    let mut in_empty = (0usize, 0usize);
    let mut proposed_count: BTreeMap<&str, usize> = BTreeMap::new();
    for document in &documents {
        let Some(roles) = gold.get(&document.id) else { continue };
        let annotations = annotator.annotate(&document.text, document.published);
        let context = DocContext {
            published: document.published,
            dateline: document.dateline.as_deref(),
            title: document.title.as_deref(),
            // The knowledge base's groups are read only in mixed case; MUC-4 is all capitals.
            groups: &[],
        };
        let extraction = extract(&document.text, &annotations, &context);
        let predicted = predicted_roles(&document.text, &extraction);
        if roles.values().all(Vec::is_empty) {
            in_empty.0 += 1;
            in_empty.1 += predicted.values().map(Vec::len).sum::<usize>();
        }
        for role in ROLES {
            let gold_entities = roles.get(role).map(Vec::as_slice).unwrap_or(&[]);
            let predicted_entities = predicted.get(role).map(Vec::as_slice).unwrap_or(&[]);
            scores.add(role, gold_entities, predicted_entities);
            let candidates: Vec<String> = training_candidates(&document.text, &annotations, &context)
                .into_iter()
                .filter(|(r, _, _)| *r == role)
                .map(|(_, words, _)| grit::normalise(&words))
                .collect();
            let candidate_entities: Vec<Entity> = candidates.iter().map(|c| vec![c.clone()]).collect();
            let mut reach = grit::score_role(gold_entities, &candidate_entities);
            reach.predicted = candidates.len();
            *proposed.entry(role).or_default() += reach.matched;
            *proposed_count.entry(role).or_default() += reach.predicted;
            if misses_of.as_deref() != Some(role) {
                continue;
            }
            let predicted_keys: Vec<String> =
                predicted_entities.iter().flatten().map(|s| grit::normalise(s)).collect();
            let mut lines = Vec::new();
            for entity in gold_entities {
                let keys: Vec<String> = entity.iter().map(|s| grit::normalise(s)).collect();
                if keys.iter().any(|k| predicted_keys.contains(k)) {
                    continue;
                }
                let proposed = if keys.iter().any(|k| candidates.contains(k)) { "+" } else { " " };
                // Candidates with a gold string's last word: the filler found, its extent wrong.
                let heads: Vec<&str> = keys.iter().filter_map(|k| k.rsplit(' ').next()).collect();
                let near: Vec<&String> = candidates
                    .iter()
                    .filter(|c| proposed == " " && c.rsplit(' ').next().is_some_and(|h| heads.contains(&h)))
                    .collect();
                let near = if near.is_empty() { String::new() } else { format!("   ~ {near:?}") };
                lines.push(format!("  miss {proposed} {}{near}", entity.join(" | ")));
            }
            for entity in predicted_entities {
                let key = grit::normalise(&entity[0]);
                let fits = gold_entities.iter().any(|g| g.iter().any(|s| grit::normalise(s) == key));
                if !fits {
                    lines.push(format!("  spurious {}", entity[0]));
                }
            }
            if !lines.is_empty() {
                println!("{}\n{}", document.id, lines.join("\n"));
            }
        }
    }
    let elapsed = started.elapsed();
    print!("{scores}");
    let reached: usize = proposed.values().sum();
    println!(
        "proposed before the filter: {reached} of {} gold entities ({:.1} %), {} candidates; {proposed:?}",
        scores.micro.gold,
        100.0 * reached as f64 / scores.micro.gold.max(1) as f64,
        proposed_count.values().sum::<usize>()
    );
    println!("{} documents have no gold filler; {} fillers predicted in them", in_empty.0, in_empty.1);
    eprintln!("{} documents in {:.2} s (one thread)", documents.len(), elapsed.as_secs_f64());
    Ok(())
}
