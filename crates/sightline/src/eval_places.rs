//! `sightline eval places`: how often the gazetteer's resolver puts an event's location in the
//! right country and the right place, given the rest of the document as context.
//!
//! Gold: MUC-4 templates (`INCIDENT: LOCATION`, "COUNTRY: PLACE (KIND): ..."), and the Gun
//! Violence Corpus incidents (US city and state). Each location string is resolved once with the
//! document's context (countries and provinces it names, its dateline) and once without, so the
//! report shows what context adds. Gold files are read here only, never by the product.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use anyhow::Context;
use serde_json::Value;
use sightline_kb::{Gazetteer, PlaceContext, PlaceIdx, PlaceKind};

use crate::args::EvalPlacesArgs;
use crate::Outcome;

/// Counts for one data set, with and without context.
#[derive(Default, serde::Serialize)]
struct Tally {
    locations: usize,
    found: usize,
    country: usize,
    place: usize,
    country_without_context: usize,
    place_without_context: usize,
    /// Locations resolved to the wrong place with context: (name, gold, got).
    #[serde(skip)]
    errors: Vec<(String, String, String)>,
}

impl Tally {
    fn add(&mut self, with_context: Option<(bool, bool)>, without_context: Option<(bool, bool)>) {
        self.locations += 1;
        if let Some((country, place)) = with_context {
            self.found += 1;
            self.country += usize::from(country);
            self.place += usize::from(place);
        }
        if let Some((country, place)) = without_context {
            self.country_without_context += usize::from(country);
            self.place_without_context += usize::from(place);
        }
    }

    fn line(&self, name: &str) -> String {
        let percent = |n: usize| 100.0 * n as f64 / self.locations.max(1) as f64;
        format!(
            "{name}: {} locations, {} found in the gazetteer; country {:.1}% (without context {:.1}%), place {:.1}% (without context {:.1}%)",
            self.locations,
            self.found,
            percent(self.country),
            percent(self.country_without_context),
            percent(self.place),
            percent(self.place_without_context)
        )
    }
}

fn read_jsonl(path: &Path) -> anyhow::Result<Vec<Value>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut records = Vec::new();
    for (line_idx, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str(&line)
            .with_context(|| format!("{}: line {}", path.display(), line_idx + 1))?;
        records.push(record);
    }
    Ok(records)
}

/// The document's context: countries and provinces it names, and its dateline place.
/// Describes a place for an error listing: "Kerman (city, IR, Kerman)".
fn describe(gazetteer: &Gazetteer, idx: PlaceIdx) -> String {
    let place = gazetteer.place(idx);
    let province = gazetteer.province_of(place).map(|p| gazetteer.place(p).name.as_str()).unwrap_or("-");
    format!(
        "{} ({}, {}, {province}, pop {})",
        place.name,
        place.kind.as_str(),
        place.country,
        place.population
    )
}

fn document_context(gazetteer: &Gazetteer, text: &str, dateline: Option<&str>) -> PlaceContext {
    let mut context = gazetteer.context_from_text(text);
    if let Some(resolution) = dateline.and_then(|place| gazetteer.resolve(place, &PlaceContext::default())) {
        context.add_place(gazetteer.place(resolution.place), 1.0);
    }
    context
}

/// The country a gold country name means.
fn gold_country(gazetteer: &Gazetteer, name: &str) -> Option<String> {
    gazetteer
        .candidates(name)
        .iter()
        .map(|idx| gazetteer.place(*idx))
        .find(|place| place.kind == PlaceKind::Country)
        .map(|place| place.country.clone())
}

/// Resolves a MUC-4 location path ("SAN MIGUEL (DEPARTMENT): SAN LUIS (TOWN)") from the outside
/// in, each level becoming context for the next, as "in Bello, Antioquia" reads in a text; the
/// answer is the most specific level the gazetteer knows (villages and neighbourhoods are often
/// missing, so what contains them stands in).
fn resolve_hierarchy(gazetteer: &Gazetteer, places: &[&str], context: &PlaceContext) -> Option<PlaceIdx> {
    let mut context = context.clone();
    let mut resolved = None;
    for place in places {
        // "PEREIRA (CITY) - MEDELLIN (CITY)" names two places; the first stands for the pair.
        let first = place.split(" - ").next().unwrap_or(place);
        let Some(resolution) = gazetteer.resolve(split_kind(first).0, &context) else { continue };
        // A level is inside the one before it: a same-named place abroad means the real one is
        // missing from the gazetteer (a neighbourhood, a village), so the outer level stands.
        let outer_country = resolved.map(|outer: PlaceIdx| gazetteer.place(outer).country.clone());
        if outer_country.is_some_and(|country| country != gazetteer.place(resolution.place).country) {
            continue;
        }
        context.add_place(gazetteer.place(resolution.place), 2.0);
        resolved = Some(resolution.place);
    }
    resolved
}

/// Splits "SAN MIGUEL (DEPARTMENT)" into its name and kind.
fn split_kind(place: &str) -> (&str, &str) {
    match place.rsplit_once(" (") {
        Some((name, kind)) => (name.trim(), kind.trim_end_matches(')')),
        None => (place.trim(), ""),
    }
}

fn score_muc4(gazetteer: &Gazetteer, path: &Path) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    for document in read_jsonl(path)? {
        let text = document["text"].as_str().unwrap_or_default();
        let context = document_context(gazetteer, text, document["dateline_place"].as_str());
        for template in document["gold"]["templates"].as_array().into_iter().flatten() {
            let location = &template["location"];
            let places: Vec<&str> =
                location["places"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            let Some(country) = location["country"].as_str().and_then(|name| gold_country(gazetteer, name))
            else {
                continue;
            };
            if places.is_empty() {
                continue;
            }
            // Provinces the gold names: a resolved town must lie in them.
            let gold_provinces: Vec<Vec<PlaceIdx>> = places
                .iter()
                .map(|place| split_kind(place))
                .filter(|(_, kind)| matches!(*kind, "DEPARTMENT" | "PROVINCE" | "REGION"))
                .map(|(name, _)| {
                    gazetteer
                        .candidates(name)
                        .iter()
                        .copied()
                        .filter(|idx| {
                            gazetteer.place(*idx).kind == PlaceKind::Province
                                && gazetteer.place(*idx).country == country
                        })
                        .collect()
                })
                .collect();
            let judge = |context: &PlaceContext| {
                let place = resolve_hierarchy(gazetteer, &places, context)?;
                let country_ok = gazetteer.place(place).country == country;
                let provinces_ok = gold_provinces.iter().all(|candidates| {
                    candidates.is_empty()
                        || candidates.iter().any(|province| gazetteer.contains(*province, place))
                });
                Some((country_ok, country_ok && provinces_ok))
            };
            let with_context = judge(&context);
            if !matches!(with_context, Some((_, true))) {
                let got = resolve_hierarchy(gazetteer, &places, &context);
                let got = got.map_or("nothing".to_string(), |place| describe(gazetteer, place));
                tally.errors.push((places.join(": "), country.clone(), got));
            }
            tally.add(with_context, judge(&PlaceContext::default()));
        }
    }
    Ok(tally)
}

fn score_gvc(gazetteer: &Gazetteer, docs_path: &Path, incidents_path: &Path) -> anyhow::Result<Tally> {
    let documents: HashMap<String, Value> = read_jsonl(docs_path)?
        .into_iter()
        .filter_map(|document| Some((document["id"].as_str()?.to_string(), document)))
        .collect();
    let mut tally = Tally::default();
    for incident in read_jsonl(incidents_path)? {
        let gold = &incident["gold"];
        let (Some(city), Some(state)) = (gold["city_or_county"].as_str(), gold["state"].as_str()) else {
            continue;
        };
        // "Chicago (Englewood)" is a neighbourhood of Chicago; "Polk (county)" and
        // "Madison County" are counties, which the gazetteer does not hold: resolve the name.
        let city = split_kind(city).0;
        let city = city.strip_suffix(" County").unwrap_or(city);
        let gold_states: Vec<PlaceIdx> = gazetteer
            .candidates(state)
            .into_iter()
            .filter(|idx| {
                gazetteer.place(*idx).kind == PlaceKind::Province && gazetteer.place(*idx).country == "US"
            })
            .collect();
        for doc_id in incident["doc_ids"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            let Some(document) = documents.get(doc_id) else { continue };
            let text = format!(
                "{}\n{}",
                document["title"].as_str().unwrap_or_default(),
                document["text"].as_str().unwrap_or_default()
            );
            let context = document_context(gazetteer, &text, None);
            let judge = |context: &PlaceContext| {
                let resolved = gazetteer.resolve(city, context)?.place;
                let place = gazetteer.place(resolved);
                let country_ok = place.country == "US";
                // The gold state by any of its names ("District of Columbia", "Washington, D.C.").
                let province_ok = gold_states.iter().any(|state| gazetteer.contains(*state, resolved));
                Some((country_ok, country_ok && province_ok))
            };
            let with_context = judge(&context);
            if !matches!(with_context, Some((_, true))) {
                let got = gazetteer.resolve(city, &context);
                let got = got.map_or("nothing".to_string(), |r| describe(gazetteer, r.place));
                tally.errors.push((city.to_string(), state.to_string(), got));
            }
            tally.add(with_context, judge(&PlaceContext::default()));
        }
    }
    Ok(tally)
}

/// Runs `sightline eval places`.
pub fn run(args: &EvalPlacesArgs) -> anyhow::Result<Outcome> {
    let gazetteer = Gazetteer::builtin();
    let events = &args.data;
    let split = &args.split;
    let muc4 = score_muc4(gazetteer, &events.join(format!("muc4/docs_{split}.jsonl")))?;
    let gvc = score_gvc(
        gazetteer,
        &events.join(format!("gvc/docs_{split}.jsonl")),
        &events.join(format!("gvc/incidents_{split}.jsonl")),
    )?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(
            &mut stdout,
            &serde_json::json!({ "split": split, "muc4": muc4, "gvc": gvc }),
        )?;
        writeln!(stdout)?;
    } else {
        writeln!(stdout, "{}", muc4.line(&format!("muc4 {split}")))?;
        writeln!(stdout, "{}", gvc.line(&format!("gvc {split}")))?;
        for (name, tally) in [("muc4", &muc4), ("gvc", &gvc)] {
            for (location, gold, got) in tally.errors.iter().take(args.errors) {
                writeln!(stdout, "{name} error: {location} (gold {gold}) -> {got}")?;
            }
        }
    }
    Ok(Outcome::Success)
}
