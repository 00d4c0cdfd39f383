//! `eval seeds`, entity part: the seed gold's entity expectations checked against an export.
//!
//! Following the gold file's `about`: forms are compared after dropping a leading "the",
//! honorifics and titles, and a trailing possessive, on both sides; every form listed for an
//! entity must be a mention, in that page, of one and the same exported entity of the right
//! type; places must carry the right country and people the role (and its organisation, when
//! the gold names one).

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;
use sightline_contract::{DocumentRecord, EntityRecord};

use crate::eval::{Export, SeedCheck};

#[derive(Deserialize)]
struct Gold {
    documents: Vec<GoldDocument>,
    #[serde(default)]
    corpus_entities: Vec<GoldCorpusEntity>,
}

#[derive(Deserialize)]
struct GoldDocument {
    file: String,
    #[serde(default)]
    entities: Vec<GoldEntity>,
}

#[derive(Deserialize)]
struct GoldEntity {
    name: String,
    #[serde(rename = "type")]
    entity_type: String,
    forms: Vec<String>,
    country: Option<String>,
    role: Option<String>,
    role_org: Option<String>,
}

#[derive(Deserialize)]
struct GoldCorpusEntity {
    name: String,
    files: Vec<String>,
}

/// Titles and honorifics the gold file says to drop before comparing forms.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "general",
    "senator",
    "sen",
    "president",
    "lt",
    "col",
    "maj",
    "capt",
    "adm",
    "sgt",
    "rep",
    "gov",
    "prof",
    "army",
    "retired",
];

/// A form as the gold file compares it.
fn comparable(form: &str) -> String {
    let cleaned: String = form
        .chars()
        .map(|c| if matches!(c, '“' | '”' | '"') { ' ' } else { c })
        .collect::<String>()
        .to_lowercase();
    let mut words: Vec<String> =
        cleaned.split_whitespace().map(|word| word.trim_end_matches(',').to_string()).collect();
    if words.first().is_some_and(|word| word == "the") && words.len() > 1 {
        words.remove(0);
    }
    while words.len() > 1 && words.first().is_some_and(|word| TITLES.contains(&word.trim_end_matches('.'))) {
        words.remove(0);
    }
    if let Some(last) = words.last_mut() {
        for suffix in ["'s", "’s"] {
            if let Some(stem) = last.strip_suffix(suffix) {
                *last = stem.to_string();
            }
        }
    }
    words.join(" ")
}

fn file_of(document: &DocumentRecord) -> Option<&str> {
    document.source.path.as_deref().and_then(|path| Path::new(path).file_name()?.to_str())
}

fn organisation(name: &str) -> String {
    comparable(&name.replace('.', ""))
}

/// Checks the entity expectations of the seed gold file.
pub fn check_entities(gold_path: &Path, export: &Export) -> anyhow::Result<Vec<SeedCheck>> {
    let gold_text = std::fs::read_to_string(gold_path)
        .with_context(|| format!("could not read {}", gold_path.display()))?;
    let gold: Gold = serde_json::from_str(&gold_text)
        .with_context(|| format!("{}: not a seeds-gold.json file", gold_path.display()))?;
    let docs_of = |file: &str| -> BTreeSet<&str> {
        export.documents.iter().filter(|d| file_of(d) == Some(file)).map(|d| d.id.as_str()).collect()
    };
    // The entities with a mention of `form` in one of `docs`. A person's surname given as a
    // form ("Quantock") is found inside the full name when the page never writes it alone.
    let named = |form: &str, docs: &BTreeSet<&str>| -> Vec<&EntityRecord> {
        let wanted = comparable(form);
        let surname = format!(" {wanted}");
        export
            .entities
            .iter()
            .filter(|entity| {
                entity.mentions.iter().any(|mention| {
                    let got = comparable(&mention.text);
                    docs.contains(mention.doc.as_str())
                        && (got == wanted || (entity.entity_type == "person" && got.ends_with(&surname)))
                })
            })
            .collect()
    };
    let mut checks = Vec::new();
    for document in &gold.documents {
        let docs = docs_of(&document.file);
        let mut check = |check: String, got: String, pass: bool| {
            checks.push(SeedCheck { file: document.file.clone(), check, got, pass });
        };
        for expected in &document.entities {
            let found: Vec<Vec<&EntityRecord>> =
                expected.forms.iter().map(|form| named(form, &docs)).collect();
            // One entity that every form names, of the right type.
            let common: Option<&EntityRecord> = found.first().and_then(|first| {
                first.iter().copied().find(|entity| {
                    entity.entity_type == expected.entity_type
                        && found.iter().all(|others| others.iter().any(|other| other.id == entity.id))
                })
            });
            let got = found
                .iter()
                .zip(&expected.forms)
                .map(|(entities, form)| {
                    let names: Vec<String> =
                        entities.iter().map(|e| format!("{} ({})", e.name, e.entity_type)).collect();
                    format!("{form:?} -> [{}]", names.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; ");
            check(
                format!(
                    "{:?} ({}) is one entity named {:?}",
                    expected.name, expected.entity_type, expected.forms
                ),
                got,
                common.is_some(),
            );
            if let Some(country) = &expected.country {
                let got = common.and_then(|entity| entity.kb.country.clone());
                check(
                    format!("{:?} is in country {country}", expected.name),
                    got.clone().unwrap_or_else(|| "(none)".into()),
                    got.as_deref() == Some(country.as_str()),
                );
            }
            if let Some(role) = &expected.role {
                let roles: Vec<_> = common
                    .map(|entity| entity.roles.iter().filter(|r| docs.contains(r.doc.as_str())).collect())
                    .unwrap_or_default();
                let pass = roles.iter().any(|r| {
                    r.title.to_lowercase().contains(&role.to_lowercase())
                        && expected.role_org.as_ref().is_none_or(|org| {
                            r.org.as_deref().is_some_and(|got| organisation(got).contains(&organisation(org)))
                        })
                });
                let got = roles
                    .iter()
                    .map(|r| format!("{} of {}", r.title, r.org.as_deref().unwrap_or("-")))
                    .collect::<Vec<_>>()
                    .join("; ");
                let what = match &expected.role_org {
                    Some(org) => format!("{role} of {org}"),
                    None => role.clone(),
                };
                check(format!("{:?} has the role {what}", expected.name), got, pass);
            }
        }
    }
    for expected in &gold.corpus_entities {
        // The entity that the name's own form names somewhere, spanning every listed page.
        let all_docs: BTreeSet<&str> = export.documents.iter().map(|d| d.id.as_str()).collect();
        let candidates = named(&expected.name, &all_docs);
        let files_of = |entity: &EntityRecord| -> BTreeSet<String> {
            entity
                .mentions
                .iter()
                .filter_map(|mention| export.documents.iter().find(|d| d.id == mention.doc))
                .filter_map(|document| file_of(document).map(str::to_string))
                .collect()
        };
        let best = candidates.iter().max_by_key(|entity| files_of(entity).len());
        let got = best.map(|entity| files_of(entity).into_iter().collect::<Vec<_>>().join(", "));
        let pass = best.is_some_and(|entity| {
            let files = files_of(entity);
            expected.files.iter().all(|file| files.contains(file))
        });
        checks.push(SeedCheck {
            file: "(corpus)".into(),
            check: format!("one {:?} entity in {}", expected.name, expected.files.join(", ")),
            got: got.unwrap_or_else(|| "(none)".into()),
            pass,
        });
    }
    Ok(checks)
}

#[cfg(test)]
mod tests {
    use super::comparable;

    #[test]
    fn forms_compare_without_titles_articles_and_possessives() {
        assert_eq!(comparable("Mr. Miller"), "miller");
        assert_eq!(comparable("the Taliban’s"), "taliban");
        assert_eq!(comparable("Raymond “Tony” Thomas"), "raymond tony thomas");
        assert_eq!(comparable("Senator Rubio"), "rubio");
    }
}
