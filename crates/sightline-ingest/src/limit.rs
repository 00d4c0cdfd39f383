//! Reading with limits: every read of input bytes into memory is bounded.
//!
//! A page, a JSON Lines line or a WARC record can be any size: a corrupt Content-Length, a log
//! file fed by mistake, a gzip bomb (a few kilobytes that inflate to gigabytes). So no reader
//! calls `read_to_end` or `read_line` on input directly; they go through these helpers, which
//! stop at the limit and say so, and skip the rest of an oversized line without keeping it.

use std::io::{self, BufRead, Read};

/// Reads until `buffer` holds `count` bytes or the input ends.
pub(crate) fn read_up_to(reader: &mut dyn Read, count: usize, buffer: &mut Vec<u8>) -> io::Result<()> {
    let wanted = count.saturating_sub(buffer.len()) as u64;
    (&mut *reader).take(wanted).read_to_end(buffer)?;
    Ok(())
}

/// Reads the rest of the input if it is at most `limit` bytes; `Ok(None)` when it is longer.
pub(crate) fn read_all_within(reader: &mut dyn Read, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    (&mut *reader).take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// What [`read_line_within`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LineRead {
    /// The input had ended: no line.
    End,
    /// A line is in the buffer, with its `\n` if it had one.
    Line,
    /// The line was longer than the limit; it was skipped and is this many bytes long.
    TooLong(u64),
}

/// Reads one line into `buffer` (cleared first) if it is at most `limit` bytes, not counting
/// its line break; a longer line is consumed without being kept.
pub(crate) fn read_line_within(
    reader: &mut dyn BufRead,
    limit: u64,
    buffer: &mut Vec<u8>,
) -> io::Result<LineRead> {
    buffer.clear();
    let read = (&mut *reader).take(limit.saturating_add(1)).read_until(b'\n', buffer)?;
    if read == 0 {
        return Ok(LineRead::End);
    }
    if buffer.ends_with(b"\n") || buffer.len() as u64 <= limit {
        return Ok(LineRead::Line);
    }
    let mut length = buffer.len() as u64;
    buffer.clear();
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            break;
        }
        match available.iter().position(|&byte| byte == b'\n') {
            Some(newline) => {
                reader.consume(newline + 1);
                length += newline as u64;
                break;
            }
            None => {
                let count = available.len();
                reader.consume(count);
                length += count as u64;
            }
        }
    }
    Ok(LineRead::TooLong(length))
}

/// A reader that counts the bytes taken from it, so that WARC records can be located by offset.
pub(crate) struct Counted<R> {
    inner: R,
    position: u64,
}

impl<R> Counted<R> {
    /// Starts counting at 0.
    pub(crate) fn new(inner: R) -> Counted<R> {
        Counted { inner, position: 0 }
    }

    /// Bytes consumed so far.
    pub(crate) fn position(&self) -> u64 {
        self.position
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.position += read as u64;
        Ok(read)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.position += amount as u64;
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads every line of `input` with `limit`, describing each as its text or `long:N`.
    fn check(input: &str, limit: u64, expected: &[&str]) {
        let mut reader = io::BufReader::with_capacity(4, input.as_bytes());
        let mut buffer = Vec::new();
        let mut got = Vec::new();
        loop {
            match read_line_within(&mut reader, limit, &mut buffer) {
                Ok(LineRead::End) => break,
                Ok(LineRead::Line) => got.push(String::from_utf8_lossy(&buffer).into_owned()),
                Ok(LineRead::TooLong(length)) => got.push(format!("long:{length}")),
                Err(error) => got.push(format!("error:{error}")),
            }
        }
        assert_eq!(got, expected, "{input:?} within {limit}");
    }

    #[test]
    fn long_lines_are_skipped_and_measured() {
        check("ab\ncd", 2, &["ab\n", "cd"]);
        check("abcdefghij\nok\n", 3, &["long:10", "ok\n"]);
        check("abcdefghij", 3, &["long:10"]);
        check("", 3, &[]);
        assert_eq!(read_all_within(&mut "abc".as_bytes(), 3).ok(), Some(Some(b"abc".to_vec())));
        assert_eq!(read_all_within(&mut "abcd".as_bytes(), 3).ok(), Some(None));
    }
}
