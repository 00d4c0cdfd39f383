//! Ingest and analyze on real pages: the seed corpus, benchmark JSON Lines, stdin, the demo.

use std::io::Write;
use std::process::Stdio;

use crate::util::{assert_success, read_documents, shared, stdout, TestDir};

#[test]
fn seeds_meet_every_document_level_expectation() {
    let Some(shared) = shared() else { return };
    let dir = TestDir::new();
    let seeds = shared.join("corpus/seeds");
    let output = dir.run(&["analyze", seeds.to_str().unwrap()]);
    assert_success(&output);
    let report = stdout(&output);
    assert!(report.contains("Read 5 input(s), 5 page(s)"), "{report}");
    assert!(report.contains("US Concerned Over IS-KP"), "the report lists titles: {report}");

    let export = dir.path().join("seeds.jsonl");
    assert_success(&dir.run(&["export", "--format", "jsonl", "-o", export.to_str().unwrap()]));
    let gold = shared.join("corpus/seeds-gold.json");
    let output =
        dir.run(&["eval", "seeds", "--gold", gold.to_str().unwrap(), export.to_str().unwrap(), "--json"]);
    assert_success(&output);
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let failures: Vec<&serde_json::Value> =
        result["checks"].as_array().unwrap().iter().filter(|check| check["pass"] == false).collect();
    assert!(failures.is_empty(), "failing seed checks: {failures:#?}");
    assert!(result["total"].as_u64().unwrap() > 40, "the checks ran: {result}");
}

#[test]
fn ingesting_twice_changes_nothing() {
    let Some(shared) = shared() else { return };
    let dir = TestDir::new();
    let seeds = shared.join("corpus/seeds");
    assert_success(&dir.run(&["ingest", seeds.to_str().unwrap()]));
    let first = dir.export_documents();
    let output = dir.run(&["ingest", seeds.to_str().unwrap(), "--json"]);
    assert_success(&output);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["inserted"], 0, "{report}");
    assert_eq!(report["updated"], 0, "{report}");
    assert_eq!(report["stored"].as_u64().unwrap() as usize, first.len());
    assert_eq!(dir.export_documents(), first);
}

#[test]
fn json_lines_keep_their_ids_and_dates() {
    let Some(shared) = shared() else { return };
    let dir = TestDir::new();
    let muc = shared.join("data/events/muc4/docs_dev.jsonl");
    let output = dir.run(&["ingest", "--format", "jsonl", muc.to_str().unwrap()]);
    assert_success(&output);
    let documents = dir.export_documents();
    assert_eq!(documents.len(), 200);
    let first = documents.iter().find(|document| document.source.id.as_deref() == Some("TST1-MUC3-0001"));
    let first = first.expect("benchmark ids come out as source.id");
    assert!(first.text.contains("GUATEMALA"), "{}", first.text);

    let gva = shared.join("data/events/gvc/docs_dev.jsonl");
    assert_success(&dir.run(&["ingest", gva.to_str().unwrap()]));
    let documents = dir.export_documents();
    let dated = documents.iter().filter(|document| document.published.is_some()).count();
    assert!(dated >= 70, "JSON Lines `date` becomes `published` ({dated} of {})", documents.len());
}

#[test]
fn stdin_is_an_input() {
    let dir = TestDir::new();
    let mut child = dir
        .command()
        .args(["ingest", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let page =
        "A test headline\n\nKABUL – Two people were hurt when a small device exploded near a market in \
                the city on Sunday, police said, adding that nobody had claimed the attack so far.\n";
    child.stdin.take().unwrap().write_all(page.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_success(&output);
    let documents = dir.export_documents();
    assert_eq!(documents.len(), 1);
    assert!(documents[0].text.contains("device exploded"));
    assert_eq!(documents[0].source.path, None);
}

#[test]
fn demo_corpus_analyzes_without_shared() {
    let dir = TestDir::new();
    let demo = crate::util::demo_corpus();
    let output = dir.run(&["analyze", demo.to_str().unwrap()]);
    assert_success(&output);
    let report = stdout(&output);
    assert!(report.contains("Entities (") && report.contains("location"), "names are reported: {report}");
    let documents = dir.export_documents();
    assert!(documents.len() >= 8, "four articles and a listing of three stories: {documents:#?}");
    assert!(documents.iter().all(|document| document.title.is_some()), "{documents:#?}");
    // A listing keeps only what belongs to no story; its stories carry the text.
    assert!(documents
        .iter()
        .filter(|document| document.page_kind != "listing")
        .all(|document| !document.text.is_empty()));
    assert_eq!(documents.iter().filter(|document| document.page_kind == "story").count(), 3);
}

#[test]
fn search_finds_hyphenated_names() {
    let Some(shared) = shared() else { return };
    let dir = TestDir::new();
    assert_success(&dir.run(&["ingest", shared.join("corpus/seeds").to_str().unwrap()]));
    let output = dir.run(&["search", "ISIS-K", "fighters", "--json"]);
    assert_success(&output);
    let hits: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits[0]["snippet"].as_str().unwrap().contains('['), "snippets mark matches: {hits:?}");
    let human = stdout(&dir.run(&["search", "Kurilla"]));
    assert!(human.contains("Kurilla"), "{human}");
}

/// Ingests one folder of the article-extraction benchmark into a fresh store, exports it and
/// scores the export with `eval extraction`.
fn extraction_scores(folder: &str) -> serde_json::Value {
    let benchmark = shared().expect("checked by the caller").join("data/article-extraction-benchmark");
    let dir = TestDir::new();
    assert_success(&dir.run(&["ingest", benchmark.join(folder).to_str().unwrap()]));
    let export = dir.path().join("export.jsonl");
    assert_success(&dir.run(&["export", "-o", export.to_str().unwrap()]));
    let gold = benchmark.join("ground-truth.json");
    let output = dir.run(&[
        "eval",
        "extraction",
        "--gold",
        gold.to_str().unwrap(),
        export.to_str().unwrap(),
        "--json",
    ]);
    assert_success(&output);
    let scores: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        read_documents(&std::fs::read(&export).unwrap()).iter().filter(|d| d.parent.is_none()).count(),
        181
    );
    assert_eq!(scores["missing"], 0, "every page is recovered from source.path: {scores}");
    scores
}

#[test]
fn html_pages_clear_the_bar() {
    if shared().is_none() {
        return;
    }
    let f1 = extraction_scores("html")["f1"].as_f64().unwrap();
    assert!(f1 >= 0.965, "HTML extraction F1 {f1:.3} is below the 0.965 bar");
}

#[test]
fn flattened_pages_clear_the_bar() {
    if shared().is_none() {
        return;
    }
    let f1 = extraction_scores("flattened/txt")["f1"].as_f64().unwrap();
    assert!(f1 >= 0.90, "flattened-text F1 {f1:.3} is below the 0.90 bar");
}

/// A JSON Lines file of `count` short, distinct reports.
fn many_reports(dir: &TestDir, count: usize) -> std::path::PathBuf {
    let mut lines = String::new();
    for index in 0..count {
        let text = format!(
            "Report {index}\n\nKABUL – Officials said on day {index} that a roadside device had struck a patrol \
             on route {index}, wounding {} people, and that an investigation had begun.",
            index % 7
        );
        lines.push_str(&serde_json::json!({"id": format!("r{index}"), "text": text}).to_string());
        lines.push('\n');
    }
    dir.write("many.jsonl", lines)
}

#[test]
fn a_killed_run_leaves_a_consistent_store_and_a_rerun_completes_it() {
    let dir = TestDir::new();
    let input = many_reports(&dir, 20_000);
    let input = input.to_str().unwrap();
    let mut child = dir
        .command()
        .args(["ingest", "--batch-size", "100", input])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    child.kill().unwrap();
    child.wait().unwrap();
    let partial = dir.export_documents();
    assert!(partial.len() <= 20_000);
    assert_eq!(partial.len() % 100, 0, "only whole batches are stored: {}", partial.len());

    assert_success(&dir.run(&["ingest", "--batch-size", "100", input]));
    let resumed = dir.export_documents();
    let fresh = TestDir::new();
    assert_success(&fresh.run(&["ingest", input]));
    assert_eq!(resumed, fresh.export_documents(), "killed run plus rerun equals one run");
}

#[test]
fn the_same_text_twice_keeps_both_sources_and_reruns_change_nothing() {
    let dir = TestDir::new();
    let page = "Blast in Kabul\n\nKABUL – A bomb exploded near a market on Sunday, killing three people and \
                wounding a dozen others, police said, adding that nobody had claimed the attack.\n";
    dir.write("pages/a.txt", page);
    dir.write("pages/copy/a.txt", page);
    let record = |id: &str| serde_json::json!({"id": id, "text": page}).to_string();
    dir.write("records.jsonl", format!("{}\n{}\n", record("r1"), record("r2")));
    let inputs = [dir.path().join("pages"), dir.path().join("records.jsonl")];
    let inputs: Vec<&str> = inputs.iter().map(|path| path.to_str().unwrap()).collect();

    let first = dir.run(&[&["ingest", "--json"], inputs.as_slice()].concat());
    assert_success(&first);
    let report: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(
        (report["inserted"].as_u64(), report["other_source"].as_u64()),
        (Some(3), Some(1)),
        "{report}"
    );
    let documents = dir.export_documents();
    let files: Vec<_> = documents.iter().filter(|document| document.source.id.is_none()).collect();
    assert_eq!(files.len(), 1, "identical files are one document");
    assert_eq!(files[0].other_sources.len(), 1, "the copy's path is kept: {:?}", files[0]);
    assert!(files[0].other_sources[0].path.as_deref().unwrap().contains("copy"));
    let ids: Vec<_> = documents.iter().filter_map(|document| document.source.id.as_deref()).collect();
    assert_eq!(ids, ["r1", "r2"].iter().filter(|id| ids.contains(id)).copied().collect::<Vec<_>>());
    assert_eq!(ids.len(), 2, "named records stay apart");

    let second = dir.run(&[&["ingest", "--json"], inputs.as_slice()].concat());
    let report: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!((report["inserted"].as_u64(), report["updated"].as_u64()), (Some(0), Some(0)), "{report}");
    assert_eq!(dir.export_documents(), documents, "a rerun changes nothing");
}
