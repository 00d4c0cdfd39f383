//! Events, quotes and relations: the seed pages exported, and the eval commands over them.

use sightline_contract::Record;

use crate::util::{assert_success, shared, TestDir};

fn records(jsonl: &[u8]) -> Vec<Record> {
    let text = std::str::from_utf8(jsonl).expect("exports are UTF-8");
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| match serde_json::from_str::<Record>(line) {
            Ok(record) => record,
            Err(error) => panic!("not a contract record ({error}): {line}"),
        })
        .collect()
}

#[test]
fn seed_export_has_events_and_quotes_with_offsets_into_their_documents() {
    let Some(shared) = shared() else { return };
    let dir = TestDir::new();
    assert_success(&dir.run(&["ingest", shared.join("corpus/seeds").to_str().unwrap()]));
    let output = dir.run(&["export"]);
    assert_success(&output);
    let records = records(&output.stdout);
    let texts: std::collections::HashMap<&str, Vec<char>> = records
        .iter()
        .filter_map(|r| match r {
            Record::Document(d) => Some((d.id.as_str(), d.text.chars().collect())),
            _ => None,
        })
        .collect();
    let events: Vec<_> =
        records.iter().filter_map(|r| if let Record::Event(e) = r { Some(e) } else { None }).collect();
    let quotes: Vec<_> =
        records.iter().filter_map(|r| if let Record::Quote(q) = r { Some(q) } else { None }).collect();
    let moscow = events.iter().find(|e| {
        e.event_type == "attack"
            && e.location.as_ref().is_some_and(|l| l.name == "Moscow" && l.country.as_deref() == Some("RU"))
            && e.killed.as_ref().is_some_and(|k| k.min == Some(130))
    });
    assert!(moscow.is_some(), "no Moscow attack with over 130 killed among {events:#?}");
    assert!(events.iter().any(|e| e.event_type == "bombing" && e.subtype.as_deref() == Some("suicide")));
    let miller = quotes.iter().find(|q| q.text.contains("hold terrorists in Afghanistan accountable"));
    assert!(miller.is_some_and(|q| q.speaker_text.as_deref().is_some_and(|s| s.contains("Miller"))));
    for quote in &quotes {
        let Some(text) = texts.get(quote.doc.as_str()) else { panic!("quote of no document: {quote:?}") };
        let span: String = text[quote.start..quote.end].iter().collect();
        assert_eq!(span, quote.text, "a quote's offsets are chars of its document's text");
    }
    let mut ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "event ids are unique");

    let again = dir.run(&["export"]);
    assert_eq!(again.stdout, output.stdout, "a second export is the same, ids included");

    let file = dir.path().join("seeds.jsonl");
    std::fs::write(&file, &output.stdout).unwrap();
    let gold = shared.join("corpus/seeds-gold.json");
    let eval = dir.run(&["eval", "seeds", "--gold", gold.to_str().unwrap(), file.to_str().unwrap()]);
    assert_success(&eval);
    assert!(String::from_utf8_lossy(&eval.stdout).contains("event and quote expectations hold"));
}

#[test]
fn muc4_eval_scores_an_export_of_the_dev_documents() {
    let Some(shared) = shared() else { return };
    let dir = TestDir::new();
    let gold = shared.join("data/events/muc4/docs_dev.jsonl");
    assert_success(&dir.run(&["ingest", "--format", "jsonl", gold.to_str().unwrap()]));
    let file = dir.path().join("muc4.jsonl");
    assert_success(&dir.run(&["export", "-o", file.to_str().unwrap()]));
    let eval = dir.run(&["eval", "muc4", "--json", "--gold", gold.to_str().unwrap(), file.to_str().unwrap()]);
    assert_success(&eval);
    let scores: serde_json::Value = serde_json::from_slice(&eval.stdout).unwrap();
    assert_eq!(scores["joined"], 200, "every gold document is found by its input id");
    let f1 = scores["micro"]["f1"].as_f64().unwrap_or(0.0);
    assert!(f1 > 25.0, "micro F1 {f1} fell well below what the rules reach");
}
