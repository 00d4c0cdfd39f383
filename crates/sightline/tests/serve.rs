//! `serve`: the real binary listening on loopback, fetched over a plain TCP connection.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use crate::util::{assert_success, demo_corpus, stderr, TestDir};

/// A running server, stopped when dropped so that a failed assertion leaves no process behind.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `serve` on a port the system picks and reads the address it prints.
fn start(dir: &TestDir, extra: &[&str]) -> Server {
    let mut child = dir
        .command()
        .args(["serve", "--addr", "127.0.0.1:0", "--quiet"])
        .args(extra)
        .env_remove("SIGHTLINE_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the sightline binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut line = String::new();
    let read = BufReader::new(stdout).read_line(&mut line);
    let mut server = Server { child, address: String::new() };
    assert!(read.is_ok_and(|n| n > 0), "serve printed no address");
    let address = line.trim().strip_prefix("listening on http://").and_then(|rest| rest.strip_suffix('/'));
    server.address = address.unwrap_or_else(|| panic!("unexpected first line {line:?}")).to_string();
    server
}

/// GETs `path` with HTTP/1.1 and returns the status code and the body.
fn fetch(server: &Server, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.address).expect("the server accepts connections");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("a read timeout");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.address)
        .expect("the request is sent");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("the response is read");
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, body)| body.to_string()).unwrap_or_default();
    (status, body)
}

#[test]
fn serve_answers_pages_and_api_on_loopback() {
    let dir = TestDir::new();
    assert_success(&dir.run(&["ingest", demo_corpus().to_str().unwrap()]));
    let server = start(&dir, &[]);
    let (status, overview) = fetch(&server, "/");
    assert_eq!(status, 200, "{overview}");
    assert!(overview.contains("Latest documents"), "{overview}");
    let (status, list) = fetch(&server, "/api/documents?limit=1");
    assert_eq!(status, 200, "{list}");
    let list: serde_json::Value = serde_json::from_str(&list).expect("JSON");
    assert!(list["total"].as_u64().is_some_and(|total| total > 0), "{list}");
    let id = list["items"][0]["id"].as_str().expect("a document id").to_string();
    let (status, page) = fetch(&server, &format!("/documents/{id}"));
    assert_eq!(status, 200, "{page}");
    let (status, missing) = fetch(&server, "/api/entities/nope");
    assert_eq!(status, 404);
    assert!(missing.contains("\"error\""), "{missing}");
    let (status, _) = fetch(&server, "/api/ingest");
    assert_eq!(status, 405, "ingest is POST only");
}

#[test]
fn served_pages_show_markup_from_a_page_as_text() {
    let dir = TestDir::new();
    let page = dir.write(
        "hostile.html",
        "<html><head><title>Attack &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</title></head>\
         <body><article><h1>Attack &lt;script&gt;alert(1)&lt;/script&gt;</h1>\
         <p>Officials in Kabul said the blast killed ten people near the ministry on Monday morning.</p>\
         <p>The page quoted &lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(1)&gt; as text, \
         and witnesses in Kabul described the attack at length to reporters.</p></article></body></html>",
    );
    assert_success(&dir.run(&["ingest", page.to_str().unwrap()]));
    let server = start(&dir, &[]);
    let (_, list) = fetch(&server, "/api/documents");
    let list: serde_json::Value = serde_json::from_str(&list).expect("JSON");
    let id = list["items"][0]["id"].as_str().expect("a document id").to_string();
    assert!(list["items"][0]["title"].as_str().is_some_and(|title| title.contains("<script>")), "{list}");
    for path in ["/".to_string(), format!("/documents/{id}"), "/search?q=onerror".to_string()] {
        let (status, html) = fetch(&server, &path);
        assert_eq!(status, 200, "{path}");
        assert!(!html.contains("<script>") && !html.contains("<img"), "{path} lets markup through:\n{html}");
        let shown = ["&lt;script&gt;alert(1)&lt;/script&gt;", "&#60;script&#62;alert(1)&#60;/script&#62;"];
        assert!(shown.iter().any(|text| html.contains(text)), "{path} hides the text:\n{html}");
    }
}

#[test]
fn serve_refuses_a_remote_address_without_the_flag() {
    let dir = TestDir::new();
    assert_success(&dir.run(&["ingest", demo_corpus().to_str().unwrap()]));
    let output = dir.run(&["serve", "--addr", "0.0.0.0:0"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--allow-remote"), "{}", stderr(&output));
}
