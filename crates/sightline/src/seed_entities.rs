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
    "secretary",
    "colonel",
    "admiral",
];

/// A name or form as the gold file says to compare it: lower case, single spaces, quotation
/// marks dropped, without a leading "the", titles and honorifics, or a trailing possessive.
pub fn comparable(form: &str) -> String {
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

/// The seed file a document was read from: the file name of its source path.
pub fn file_of(document: &DocumentRecord) -> Option<&str> {
    document.source.path.as_deref().and_then(|path| Path::new(path).file_name()?.to_str())
}

/// Reads the part of a `seeds-gold.json` file that a check needs.
pub fn read_seed_gold<T: serde::de::DeserializeOwned>(gold_path: &Path) -> anyhow::Result<T> {
    let gold_text = std::fs::read_to_string(gold_path)
        .with_context(|| format!("could not read {}", gold_path.display()))?;
    serde_json::from_str(&gold_text)
        .with_context(|| format!("{}: not a seeds-gold.json file", gold_path.display()))
}

fn organisation(name: &str) -> String {
    comparable(&name.replace('.', ""))
}

/// Checks the entity expectations of the seed gold file.
pub fn check_entities(gold_path: &Path, export: &Export) -> anyhow::Result<Vec<SeedCheck>> {
    let gold: Gold = read_seed_gold(gold_path)?;
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

#[derive(Deserialize)]
struct GoldIncidents {
    #[serde(default)]
    incidents: Vec<GoldIncident>,
}

#[derive(Deserialize)]
struct GoldIncident {
    name: String,
    location: String,
    country: String,
    date: String,
    files: Vec<String>,
    #[serde(default)]
    killed_reports_min: Vec<u32>,
}

/// Checks the seed gold's incidents: each is one exported incident at its place, in its
/// country, on a compatible date, with a document from every listed page, holding every listed
/// report figure, and not merged with another gold incident's place.
pub fn check_incidents(gold_path: &Path, export: &Export) -> anyhow::Result<Vec<SeedCheck>> {
    let gold: GoldIncidents = read_seed_gold(gold_path)?;
    let file_of_doc = |id: &str| {
        export.documents.iter().find(|document| document.id == id).and_then(file_of).map(str::to_string)
    };
    let mut checks = Vec::new();
    for expected in &gold.incidents {
        let at_place: Vec<_> = export
            .incidents
            .iter()
            .filter(|incident| {
                incident.location.as_ref().is_some_and(|location| {
                    location.name.eq_ignore_ascii_case(&expected.location)
                        && location.country.as_deref() == Some(expected.country.as_str())
                })
            })
            .collect();
        let files = |incident: &sightline_contract::IncidentRecord| -> BTreeSet<String> {
            incident.docs.iter().filter_map(|doc| file_of_doc(doc)).collect()
        };
        let best = at_place.iter().max_by_key(|incident| {
            expected.files.iter().filter(|file| files(incident).contains(*file)).count()
        });
        let date_fits =
            |incident: &sightline_contract::IncidentRecord| {
                incident.date.as_ref().and_then(|date| date.value.as_deref()).is_some_and(|value| {
                    value.starts_with(&expected.date) || expected.date.starts_with(value)
                })
            };
        let figures_kept = |incident: &sightline_contract::IncidentRecord| {
            expected
                .killed_reports_min
                .iter()
                .all(|wanted| incident.killed.reports.iter().any(|report| report.min == Some(*wanted)))
        };
        let others_merged = |incident: &sightline_contract::IncidentRecord| {
            gold.incidents.iter().filter(|other| other.name != expected.name).any(|other| {
                let their_files: BTreeSet<&String> = other.files.iter().collect();
                other.location != expected.location
                    && incident
                        .location
                        .as_ref()
                        .is_some_and(|l| l.name.eq_ignore_ascii_case(&other.location))
                    && !their_files.is_empty()
            })
        };
        let got = best.map_or_else(
            || format!("no incident at {}, {}", expected.location, expected.country),
            |incident| {
                format!(
                    "{} {} at {}, files {:?}, killed reports {:?}",
                    incident.incident_type,
                    incident.date.as_ref().and_then(|d| d.value.clone()).unwrap_or_default(),
                    expected.location,
                    files(incident),
                    incident.killed.reports.iter().map(|r| r.min).collect::<Vec<_>>()
                )
            },
        );
        let pass = best.is_some_and(|incident| {
            let found = files(incident);
            expected.files.iter().all(|file| found.contains(file))
                && date_fits(incident)
                && figures_kept(incident)
                && !others_merged(incident)
        });
        checks.push(SeedCheck {
            file: "(corpus)".into(),
            check: format!(
                "{} ({}, {}, {}) is one incident from {}",
                expected.name,
                expected.location,
                expected.country,
                expected.date,
                expected.files.join(", ")
            ),
            got,
            pass,
        });
    }
    Ok(checks)
}
