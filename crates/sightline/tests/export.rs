//! `export`: the contract's document records, to stdout or a file.

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
