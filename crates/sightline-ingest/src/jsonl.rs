//! JSON Lines: one page per line, `{"id", "text", "title"?, "date"?, "url"?, "author"?}`.
//!
//! This is how research corpora and scrapers hand over already-extracted articles (the event
//! data sets in `../shared/data/events` are in this shape), so the fields map straight onto a
//! page: `text` is the content, the others go to [`Source`] and [`GivenMeta`], and any other
//! field (a data set's split, its gold annotations) is ignored. `published` is accepted as
//! another name for `date`, the output contract's own name for it.
//!
//! A line is an independent record: a broken line is one error naming its number, and the
//! lines after it are still read. Lines are read one at a time with a length limit, so a file of
//! any size streams in constant memory. The `text` is flattened text unless it looks like markup,
//! since some scrapers store the raw HTML there.

use std::io::BufRead;
use std::ops::ControlFlow;

use chrono::NaiveDate;
use serde_json::{Map, Value};
use sightline_core::{ContentKind, GivenMeta, RawPage, Source};

use crate::error::{Error, ErrorKind, Location};
use crate::limit::{self, LineRead};
use crate::{html, Delivery, IngestConfig, Origin};

/// Reads every line of `stream` as a page.
pub(crate) fn read_jsonl(
    stream: &mut dyn BufRead,
    origin: &Origin,
    config: &IngestConfig,
    delivery: &mut Delivery,
) -> ControlFlow<()> {
    let mut buffer = Vec::new();
    let mut line_number = 0u64;
    loop {
        line_number += 1;
        let error = |kind| Error::at(&origin.name, Location::Line(line_number), kind);
        match limit::read_line_within(stream, config.max_page_bytes, &mut buffer) {
            Err(io) => return delivery.error(error(ErrorKind::from_io(io))),
            Ok(LineRead::End) => return ControlFlow::Continue(()),
            Ok(LineRead::TooLong(size)) => {
                delivery
                    .error(error(ErrorKind::TooLarge { size: Some(size), limit: config.max_page_bytes }))?;
            }
            Ok(LineRead::Line) => {
                let mut line = buffer.as_slice();
                if line_number == 1 {
                    line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
                }
                line = line.strip_suffix(b"\n").unwrap_or(line);
                line = line.strip_suffix(b"\r").unwrap_or(line);
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let page = parse_line(line, origin, line_number).map_err(error);
                delivery.deliver(page)?;
            }
        }
    }
}

fn parse_line(line: &[u8], origin: &Origin, line_number: u64) -> Result<RawPage, ErrorKind> {
    let value: Value = serde_json::from_slice(line).map_err(json_error)?;
    let Value::Object(fields) = value else {
        return Err(ErrorKind::Json(format!("expected a JSON object, found {}", type_name(&value))));
    };
    let content = match fields.get("text") {
        Some(Value::String(text)) if text.trim().is_empty() => {
            return Err(ErrorKind::Field { field: "text", reason: "empty".to_string() })
        }
        Some(Value::String(text)) => text.clone(),
        None | Some(Value::Null) => {
            return Err(ErrorKind::Field { field: "text", reason: "missing".to_string() })
        }
        Some(other) => return Err(wrong_type("text", "a string", other)),
    };
    let id = match fields.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(id.clone()),
        Some(Value::Number(id)) => Some(id.to_string()),
        Some(other) => return Err(wrong_type("id", "a string or a number", other)),
    };
    // The first of `date` and `published` that holds a value: a null or blank `date` must not
    // hide a `published` beside it.
    let date = match optional_string(&fields, "date")? {
        Some(date) => Some(date),
        None => optional_string(&fields, "published")?,
    };
    let published = date.map(|date| parse_date(&date)).transpose()?;
    let kind = if html::looks_like_markup(&content) { ContentKind::Html } else { ContentKind::Text };
    Ok(RawPage {
        source: Source {
            path: origin.path.clone(),
            url: optional_string(&fields, "url")?,
            id,
            record: Some(line_number),
        },
        kind,
        content,
        given: GivenMeta {
            title: optional_string(&fields, "title")?,
            published: published.flatten(),
            author: optional_string(&fields, "author")?,
        },
    })
}

/// A string field; absent, `null` and blank count as absent.
fn optional_string(fields: &Map<String, Value>, field: &'static str) -> Result<Option<String>, ErrorKind> {
    match fields.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) if value.trim().is_empty() => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(other) => Err(wrong_type(field, "a string", other)),
    }
}

/// A date as `YYYY-MM-DD` or an ISO 8601 timestamp starting with one. The date is taken as
/// written, in the timestamp's own time zone: that is the calendar day the publisher gave, and
/// converting to UTC would move late-evening articles to the next day.
fn parse_date(text: &str) -> Result<Option<NaiveDate>, ErrorKind> {
    let text = text.trim();
    let day = text.get(..10).unwrap_or(text);
    let rest = text.get(10..).unwrap_or_default();
    let time_follows = rest.is_empty() || rest.starts_with(['T', 't', ' ']);
    match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        Ok(date) if time_follows => Ok(Some(date)),
        _ => Err(ErrorKind::Field {
            field: "date",
            reason: format!("cannot read {text:?} as a date (expected YYYY-MM-DD or an ISO timestamp)"),
        }),
    }
}

fn wrong_type(field: &'static str, expected: &str, found: &Value) -> ErrorKind {
    ErrorKind::Field { field, reason: format!("expected {expected}, found {}", type_name(found)) }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its "at line 1": each line is parsed alone, so only the column
/// means something, and the line number is already in the error's location.
fn json_error(error: serde_json::Error) -> ErrorKind {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(reason) => ErrorKind::Json(format!("{reason} at column {}", error.column())),
        None => ErrorKind::Json(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(content: &str, expected: &[&str]) {
        let got = crate::tests::read_file("docs.jsonl", content.as_bytes(), &IngestConfig::default());
        assert_eq!(got, expected, "reading {content:?}");
    }

    #[test]
    fn lines_become_pages_with_their_fields() {
        check(
            "{\"id\": \"a1\", \"text\": \"Un café à Kaboul.\", \"title\": \"T\", \"date\": \"2024-03-22\", \
             \"url\": \"https://x.example/a\", \"split\": \"dev\", \"gold\": [1]}\n",
            &["text docs.jsonl #1 id=a1 url=https://x.example/a title=T date=2024-03-22: Un café à Kaboul."],
        );
        check(
            "{\"id\": 7, \"text\": \"a\", \"date\": \"2024-03-22T23:30:00-05:00\", \"author\": \"R. Ali\"}\r\n\
             \n   \n\
             {\"id\": null, \"text\": \"<p>One</p><p>Two</p><p>Three</p>\", \"published\": \"2019-01-02\", \"title\": \"\"}",
            &[
                "text docs.jsonl #1 id=7 date=2024-03-22 author=R. Ali: a",
                "html docs.jsonl #4 date=2019-01-02: <p>One</p><p>Two</p><p>Three</p>",
            ],
        );
        check("\u{feff}{\"text\": \"bom\"}\n", &["text docs.jsonl #1: bom"]);
    }

    #[test]
    fn broken_lines_are_errors_and_reading_goes_on() {
        check(
            "{\"id\": 1, \"text\": \"ok\"}\n{\"id\": 2, \"text\": \"cut\n\n{\"id\": 3, \"text\": \"ok\"}\n",
            &[
                "text docs.jsonl #1 id=1: ok",
                "error: docs.jsonl: line 2: EOF while parsing a string at column 22",
                "text docs.jsonl #4 id=3: ok",
            ],
        );
        check(
            "{\"id\": 1, \"text\": \"ok\"}\nnot json\n[1]\n{\"id\": [], \"text\": \"x\"}\n{\"id\": 1}\n\
             {\"text\": \" \"}\n{\"text\": 5}\n{\"text\": \"x\", \"date\": \"March 3\"}\n",
            &[
                "text docs.jsonl #1 id=1: ok",
                "error: docs.jsonl: line 2: expected ident at column 2",
                "error: docs.jsonl: line 3: expected a JSON object, found an array",
                "error: docs.jsonl: line 4: field \"id\": expected a string or a number, found an array",
                "error: docs.jsonl: line 5: field \"text\": missing",
                "error: docs.jsonl: line 6: field \"text\": empty",
                "error: docs.jsonl: line 7: field \"text\": expected a string, found a number",
                "error: docs.jsonl: line 8: field \"date\": cannot read \"March 3\" as a date \
                 (expected YYYY-MM-DD or an ISO timestamp)",
            ],
        );
    }

    #[test]
    fn long_lines_and_cut_gzip() {
        let config = IngestConfig { max_page_bytes: 40, ..IngestConfig::default() };
        let long = format!("{{\"text\": \"{}\"}}", "x".repeat(60));
        let got =
            crate::tests::read_file("d.jsonl", format!("{long}\n{{\"text\": \"ok\"}}\n").as_bytes(), &config);
        assert_eq!(
            got,
            [
                "error: d.jsonl: line 1: page of 72 bytes is larger than the limit of 40 bytes \
                 (raise it with --max-page-size)",
                "text d.jsonl #2: ok",
            ]
        );
        let lines: String =
            (1..=300).map(|n| format!("{{\"id\": {n}, \"text\": \"story {n}\"}}\n")).collect();
        let compressed = crate::gzip::compress(lines.as_bytes());
        let got = crate::tests::read_file(
            "d.jsonl.gz",
            &compressed[..compressed.len() - 8],
            &IngestConfig::default(),
        );
        assert_eq!(got.first().map(String::as_str), Some("text d.jsonl.gz #1 id=1: story 1"));
        assert!(
            got.last().is_some_and(|last| last.ends_with("gzip stream is truncated (the file was cut off)")),
            "{got:?}"
        );
    }
}
