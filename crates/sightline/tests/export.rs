//! `export`: the contract's document records, to stdout or a file.

use sightline_contract::{EntityRecord, Record};

use crate::util::{assert_success, read_documents, shared, TestDir};

#[test]
fn export_to_file_matches_stdout_and_follows_the_contract() {
    let Some(shared) = shared() else { return };
    let dir = TestDir::new();
    assert_success(&dir.run(&["ingest", shared.join("corpus/seeds").to_str().unwrap()]));
    let to_stdout = dir.run(&["export", "--format", "jsonl"]);
    assert_success(&to_stdout);
    let file = dir.path().join("out.jsonl");
    assert_success(&dir.run(&["export", "--format", "jsonl", "-o", file.to_str().unwrap()]));
    assert_eq!(std::fs::read(&file).unwrap(), to_stdout.stdout);

    let text = String::from_utf8(to_stdout.stdout).unwrap();
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        if value["kind"] != "document" {
            continue;
        }
        for field in [
            "id",
            "source",
            "title",
            "published",
            "dateline",
            "credit",
            "language",
            "text",
            "removed",
            "parent",
        ] {
            assert!(value.get(field).is_some(), "{field} missing from {line}");
        }
    }
    let documents = read_documents(text.as_bytes());
    let listing = documents.iter().find(|document| document.page_kind == "listing").expect("a listing page");
    assert!(documents.iter().any(|document| document.parent.as_deref() == Some(listing.id.as_str())));
    assert!(documents.iter().all(|document| document.removal_reasons().is_some()));
}

#[test]
fn entity_mentions_point_at_their_text_in_char_offsets() {
    let Some(shared) = shared() else { return };
    let dir = TestDir::new();
    assert_success(&dir.run(&["ingest", shared.join("corpus/seeds").to_str().unwrap()]));
    let output = dir.run(&["export"]);
    assert_success(&output);
    let text = String::from_utf8(output.stdout).unwrap();
    let documents = read_documents(text.as_bytes());
    let chars_of = |id: &str| -> Vec<char> {
        let document = documents.iter().find(|document| document.id == id);
        document.unwrap_or_else(|| panic!("mention of unknown document {id}")).text.chars().collect()
    };
    let entities: Vec<EntityRecord> = text
        .lines()
        .filter_map(|line| match serde_json::from_str::<Record>(line) {
            Ok(Record::Entity(entity)) => Some(entity),
            _ => None,
        })
        .collect();
    assert!(entities.len() > 20, "too few entities: {}", entities.len());
    for entity in &entities {
        assert!(!entity.mentions.is_empty(), "{} has no mention", entity.name);
        for mention in &entity.mentions {
            let chars = chars_of(&mention.doc);
            let written: String = chars[mention.start..mention.end].iter().collect();
            assert_eq!(written, mention.text, "span of {mention:?}");
        }
    }
    // A city and a person the seed pages name come out with the right kinds.
    let has = |name: &str, kind: &str| {
        entities.iter().any(|entity| entity.name == name && entity.entity_type == kind)
    };
    assert!(has("Moscow", "location") && has("Mark Quantock", "person"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let Some(shared) = shared() else { return };
    let dir = TestDir::new();
    assert_success(&dir.run(&["ingest", shared.join("data/events/muc4/docs_dev.jsonl").to_str().unwrap()]));
    let mut child = dir
        .command()
        .args(["export"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn seed_reports_of_one_attack_fuse_into_one_incident_with_every_figure() {
    let Some(shared) = shared() else { return };
    let dir = TestDir::new();
    assert_success(&dir.run(&["ingest", shared.join("corpus/seeds").to_str().unwrap()]));
    let output = dir.run(&["export"]);
    assert_success(&output);
    let text = String::from_utf8(output.stdout).unwrap();
    let mut incidents = Vec::new();
    let mut documents = Vec::new();
    for line in text.lines() {
        match serde_json::from_str::<Record>(line) {
            Ok(Record::Incident(incident)) => incidents.push(incident),
            Ok(Record::Document(document)) => documents.push(document),
            _ => {}
        }
    }
    let file_of = |id: &str| {
        let document = documents.iter().find(|document| document.id == id);
        document.and_then(|document| document.source.path.clone()).unwrap_or_default()
    };
    let at = |place: &str| {
        incidents
            .iter()
            .filter(|incident| incident.location.as_ref().is_some_and(|location| location.name == place))
            .max_by_key(|incident| incident.docs.len())
            .unwrap_or_else(|| panic!("no incident at {place}"))
    };
    let moscow = at("Moscow");
    assert!(moscow.docs.len() >= 2, "{moscow:#?}");
    let figures: Vec<Option<u32>> = moscow.killed.reports.iter().map(|report| report.min).collect();
    assert!(figures.contains(&Some(130)) && figures.contains(&Some(140)), "{figures:?}");
    assert_eq!((moscow.killed.min, moscow.killed.max), (Some(130), Some(140)));
    let kerman = at("Kerman");
    let files: Vec<String> = kerman.docs.iter().map(|doc| file_of(doc)).collect();
    assert!(
        files.iter().any(|file| file.contains("000_")) && files.iter().any(|file| file.contains("004_")),
        "{files:?}"
    );
    // Two places, two incidents: Kerman's reports never join Moscow's.
    assert!(moscow.events.iter().all(|event| !kerman.events.contains(event)));
    // Ids are stable across runs.
    let again = dir.run(&["export"]);
    assert!(String::from_utf8(again.stdout).unwrap().contains(&moscow.id));
}

/// Ingests the seed pages into a fresh store and exports them in `format`.
fn export_seeds(format: &str) -> Option<(TestDir, Vec<u8>)> {
    let shared = shared()?;
    let dir = TestDir::new();
    assert_success(&dir.run(&["ingest", shared.join("corpus/seeds").to_str().unwrap()]));
    let output = dir.run(&["export", "--format", format]);
    assert_success(&output);
    Some((dir, output.stdout))
}

#[test]
fn csv_export_has_one_row_per_incident_in_gtd_columns() {
    let Some((dir, out)) = export_seeds("csv") else { return };
    let jsonl = dir.run(&["export"]);
    let n_incidents = String::from_utf8(jsonl.stdout)
        .unwrap()
        .lines()
        .filter(|line| line.contains(r#""kind":"incident""#))
        .count();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    for column in [
        "eventid",
        "date",
        "date_precision",
        "country",
        "province",
        "city",
        "lat",
        "lon",
        "attack_type",
        "target_type",
        "perpetrator",
        "nkill_min",
        "nkill_best",
        "nkill_max",
        "nwound_min",
        "nwound_best",
        "nwound_max",
        "claimed",
        "sources",
    ] {
        assert!(header.iter().any(|name| name == column), "{column} missing from {header:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(n_incidents > 0);
    assert_eq!(rows.len(), n_incidents);
    let cell = |row: &csv::StringRecord, name: &str| {
        row[header.iter().position(|column| column == name).unwrap()].to_string()
    };
    let mut n_placed = 0;
    for row in &rows {
        assert_eq!(cell(row, "eventid").len(), 32);
        assert!(!cell(row, "sources").is_empty());
        let (lat, lon) = (cell(row, "lat"), cell(row, "lon"));
        assert_eq!(lat.is_empty(), lon.is_empty(), "{row:?}");
        if !lat.is_empty() {
            let (lat, lon): (f64, f64) = (lat.parse().unwrap(), lon.parse().unwrap());
            assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
            n_placed += 1;
        }
    }
    assert!(n_placed > 0, "no incident has coordinates");
}

#[test]
fn geojson_export_is_a_feature_collection_of_placed_incidents() {
    let Some((_dir, out)) = export_seeds("geojson") else { return };
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(value["type"], "FeatureCollection");
    let features = value["features"].as_array().unwrap();
    assert!(!features.is_empty());
    for feature in features {
        assert_eq!(feature["type"], "Feature");
        assert_eq!(feature["geometry"]["type"], "Point");
        let coordinates = feature["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (coordinates[0].as_f64().unwrap(), coordinates[1].as_f64().unwrap());
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        let properties = &feature["properties"];
        for field in [
            "id",
            "type",
            "date",
            "place",
            "country",
            "perpetrator",
            "killed_best",
            "killed_min",
            "killed_max",
            "injured_best",
            "injured_min",
            "injured_max",
            "docs",
        ] {
            assert!(properties.get(field).is_some(), "{field} missing from {properties}");
        }
    }
}

#[test]
fn stix_export_is_a_deterministic_bundle_that_a_real_validator_accepts() {
    let Some((dir, out)) = export_seeds("stix") else { return };
    let again = dir.run(&["export", "--format", "stix"]);
    assert_eq!(again.stdout, out, "two exports of the same store differ");
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(value["type"], "bundle");
    let objects = value["objects"].as_array().unwrap();
    let has = |kind: &str| objects.iter().any(|object| object["type"] == kind);
    for kind in ["threat-actor", "identity", "location", "incident", "report", "relationship"] {
        assert!(has(kind), "no {kind} in the bundle");
    }
    let file = dir.write("bundle.json", &out);
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/stix/validate.py");
    let validated = std::process::Command::new("python3").arg(&script).arg(&file).output();
    let in_ci = std::env::var_os("CI").is_some();
    match validated {
        Ok(output) if output.status.code() == Some(3) && !in_ci => {
            eprintln!("skipping the stix2 validation: {}", String::from_utf8_lossy(&output.stderr));
        }
        Ok(output) => assert!(
            output.status.success(),
            "stix2 rejected the bundle: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(error) if !in_ci => eprintln!("skipping the stix2 validation: no python3 ({error})"),
        Err(error) => panic!("CI is set but python3 could not run: {error}"),
    }
}

/// Every record but the documents' sources (which name the files each run read).
fn analysis_records(jsonl: &[u8]) -> Vec<serde_json::Value> {
    let text = String::from_utf8(jsonl.to_vec()).unwrap();
    text.lines()
        .map(|line| {
            let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
            if value["kind"] == "document" {
                value["source"] = serde_json::Value::Null;
                value["other_sources"] = serde_json::Value::Null;
            }
            value
        })
        .collect()
}

fn analysed_count(output: &std::process::Output) -> u64 {
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    report["analysed"].as_u64().unwrap_or_else(|| panic!("no `analysed` in {report}"))
}

#[test]
fn ingesting_in_parts_analyses_only_new_documents_and_exports_what_one_ingest_does() {
    let Some(shared) = shared() else { return };
    let seeds = shared.join("corpus/seeds");
    let mut pages: Vec<_> = std::fs::read_dir(&seeds).unwrap().map(|entry| entry.unwrap().path()).collect();
    pages.sort();
    let (first, rest) = pages.split_at(pages.len() / 2);
    let as_args = |paths: &[std::path::PathBuf]| -> Vec<String> {
        paths.iter().map(|path| path.to_str().unwrap().to_string()).collect()
    };
    let ingest = |dir: &TestDir, paths: &[std::path::PathBuf]| {
        let mut args = vec!["ingest".to_string(), "--json".to_string()];
        args.extend(as_args(paths));
        let output = dir.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_success(&output);
        output
    };

    let at_once = TestDir::new();
    let analysed_at_once = analysed_count(&ingest(&at_once, &pages));
    assert!(analysed_at_once > 0);
    let whole = at_once.run(&["export"]);
    assert_success(&whole);

    let in_parts = TestDir::new();
    let analysed_first = analysed_count(&ingest(&in_parts, first));
    let analysed_rest = analysed_count(&ingest(&in_parts, rest));
    assert_eq!(analysed_first + analysed_rest, analysed_at_once, "each document is analysed once");
    assert_eq!(analysed_count(&ingest(&in_parts, &pages)), 0, "nothing new, nothing analysed");
    let parts = in_parts.run(&["export"]);
    assert_success(&parts);
    // Entity, event, quote and incident ids and figures do not depend on how the corpus arrived.
    assert_eq!(analysis_records(&parts.stdout), analysis_records(&whole.stdout));
}

#[test]
fn bench_corpus_compares_from_scratch_with_adding_and_scores_the_incidents() {
    let Some(shared) = shared() else { return };
    let events = shared.join("data/events/gvc");
    let dir = TestDir::new();
    let output = dir.run(&[
        "bench",
        "corpus",
        "--add",
        "20",
        "--json",
        "--gold",
        events.join("incidents_dev.jsonl").to_str().unwrap(),
        events.join("docs_dev.jsonl").to_str().unwrap(),
    ]);
    assert_success(&output);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["added"], 20);
    assert_eq!(report["stages"].as_array().map(Vec::len), Some(3), "{report}");
    assert!(report["incidents"].as_u64().is_some_and(|n| n > 0), "{report}");
    assert!(report["speedup_of_adding"].as_f64().is_some_and(|ratio| ratio > 0.0), "{report}");
    // Adding documents to stored incidents may fuse a few differently from fusing all at once
    // (reports are taken in another order), never many.
    let differing = report["incidents_differing"].as_u64().unwrap_or(u64::MAX);
    let incidents = report["incidents"].as_u64().unwrap_or_default();
    assert!(differing * 20 <= incidents, "{differing} of {incidents} incidents differ: {report}");
    let f1 = report["bcubed"]["f1"].as_f64().unwrap_or_default();
    assert!(
        f1 > report["bcubed"]["singleton_f1"].as_f64().unwrap_or(100.0),
        "fusion beats leaving every article alone: {report}"
    );
    // Asking to add every document leaves nothing to add to: a clear error, not a panic.
    let too_many =
        dir.run(&["bench", "corpus", "--add", "1000", events.join("docs_dev.jsonl").to_str().unwrap()]);
    assert!(!too_many.status.success());
    assert!(
        crate::util::stderr(&too_many).contains("--add must be fewer"),
        "{}",
        crate::util::stderr(&too_many)
    );
}
