//! Bad input: every broken file gets one clear message naming it and the reason, nothing
//! panics, every good input beside them is stored, and the exit code says something was
//! skipped.

use std::io::Write;

use crate::util::{stderr, TestDir};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

const STORY: &str = "Blast hits market\n\nKABUL – A bomb exploded in a crowded market in the city on \
    Sunday, killing three people and wounding a dozen others, police said. No group has claimed \
    responsibility for the attack, which came a week after a similar blast in the same district.\n";

fn warc_record(uri: &str, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-23T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n",
        uri.len(),
        http.len()
    )
    .into_bytes();
    record.extend_from_slice(http.as_bytes());
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn html_page(title: &str, body: &str) -> String {
    format!("<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>")
}

#[test]
fn a_junk_folder_costs_only_the_junk() {
    let dir = TestDir::new();
    dir.write("junk/good.txt", STORY);
    dir.write("junk/binary.bin", [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 0, 1, 2, 3, 0, 0, 0, 0, 9]);
    dir.write("junk/empty.txt", "");
    let mut latin1 =
        b"Caf\xe9 attack\n\nBEIRUT \x96 A gunman opened fire on a caf\xe9 in the centre of the city \
        on Friday evening, wounding four people before fleeing on a motorbike, witnesses said.\n"
            .to_vec();
    latin1.extend_from_slice(b"The police have opened an inquiry and closed the surrounding streets.\n");
    dir.write("junk/latin1.txt", latin1);
    let compressed = gzip(STORY.replace("market", "bazaar").as_bytes());
    dir.write("junk/truncated.txt.gz", &compressed[..compressed.len() / 2]);
    let body = "Gunmen attacked a checkpoint on the main road overnight, killing two guards, officials said on Monday.";
    let mut warc = warc_record("https://example.org/one", &html_page("Checkpoint attacked", body));
    let second = warc_record("https://example.org/two", &html_page("Second story", body));
    warc.extend_from_slice(&second[..second.len() - 40]);
    dir.write("junk/cut.warc", warc);
    let mut deep = "<html><body>".to_string();
    deep.push_str(&"<div>".repeat(200_000));
    deep.push_str("A deeply nested page still has words in it.");
    dir.write("junk/deep.html", deep);
    let jsonl = format!(
        "{}\n{{\"id\": \"broken\", \"text\": \n{}\n",
        serde_json::json!({"id": "a1", "text": STORY, "date": "2024-03-22"}),
        serde_json::json!({"id": "a3", "text": STORY.replace("Sunday", "Monday")}),
    );
    dir.write("junk/lines.jsonl", jsonl);
    let huge = "A line of filler text that repeats to make a very large file.\n".repeat(1_000_000);
    dir.write("junk/huge.txt", huge);

    let output = dir.run(&["ingest", dir.path().join("junk").to_str().unwrap()]);
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "skips give exit code 1\n{messages}");
    assert!(!messages.contains("panicked"), "{messages}");
    for expected in
        ["binary.bin", "empty.txt", "truncated.txt.gz", "cut.warc", "lines.jsonl: line 2", "huge.txt"]
    {
        let line = messages.lines().find(|line| line.contains(expected));
        assert!(line.is_some(), "no message names {expected}:\n{messages}");
    }
    let huge_line = messages.lines().find(|line| line.contains("huge.txt")).unwrap();
    assert!(huge_line.contains("--max-page-size"), "the message says how to raise the limit: {huge_line}");

    let documents = dir.export_documents();
    let has = |needle: &str| documents.iter().any(|document| document.text.contains(needle));
    assert!(has("crowded market"), "the good page is stored");
    assert!(has("café"), "Latin-1 is decoded, not replaced: {documents:#?}");
    assert!(has("checkpoint"), "the complete WARC record before the cut is stored");
    assert!(has("Monday"), "JSON Lines lines after a broken one are stored");
    assert!(documents.iter().any(|document| document.source.id.as_deref() == Some("a1")));
    assert!(
        !documents.iter().any(|document| document.text.contains('\u{fffd}')),
        "no silent replacement chars"
    );
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(summary.contains("6 skipped"), "the summary counts the skips: {summary}");
}

#[test]
fn a_missing_path_is_named() {
    let dir = TestDir::new();
    let output = dir.run(&["ingest", "no/such/folder"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no/such/folder"), "{}", stderr(&output));
}

#[test]
fn an_unusable_store_is_a_clear_error() {
    let dir = TestDir::new();
    let not_a_db = dir.write("store.db", "this is not an SQLite database, just text ".repeat(100));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sightline"))
        .args(["--db", not_a_db.to_str().unwrap(), "export"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.starts_with("sightline: "), "{message}");
    assert!(message.contains("store.db"), "{message}");
}

#[test]
fn reading_commands_do_not_create_a_store() {
    let dir = TestDir::new();
    for command in [&["export"][..], &["search", "kabul"][..]] {
        let output = dir.run(command);
        assert_eq!(output.status.code(), Some(2), "{command:?}");
        assert!(stderr(&output).contains("no store at"), "{}", stderr(&output));
        assert!(!dir.db().exists(), "{command:?} created a store");
    }
}
