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
