//! JSON Lines batches: one `{"id": ..., "text": ...}` object per line, read
//! as a stream so memory stays flat however large the file is.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};

use serde::Deserialize;

use super::{Input, MAX_ARTICLE_BYTES};
use crate::document::Document;
use crate::error::Error;

#[derive(Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<serde_json::Value>,
    text: Option<String>,
}

/// Streams the articles of a JSON Lines input.
pub struct JsonLines {
    reader: Box<dyn BufRead + Send>,
    origin: String,
    line_no: usize,
    buf: Vec<u8>,
}

pub fn open(input: &Input) -> Result<JsonLines, Error> {
    let origin = input.origin();
    let reader: Box<dyn BufRead + Send> = match &input.path {
        Some(p) => Box::new(BufReader::with_capacity(
            256 * 1024,
            std::fs::File::open(p).map_err(|e| Error::input(&origin, super::io_message(&e)))?,
        )),
        None => Box::new(BufReader::new(std::io::stdin())),
    };
    Ok(JsonLines::new(origin, reader))
}

impl JsonLines {
    pub fn new(origin: String, reader: Box<dyn BufRead + Send>) -> Self {
        Self {
            reader,
            origin,
            line_no: 0,
            buf: Vec::new(),
        }
    }

    /// Read one line of at most the article limit; `Ok(None)` at the end.
    fn next_line(&mut self) -> Result<Option<bool>, std::io::Error> {
        self.buf.clear();
        let n = read_line(&mut *self.reader, &mut self.buf, MAX_ARTICLE_BYTES + 1)?;
        if n == 0 {
            return Ok(None);
        }
        self.line_no += 1;
        if self.buf.last() != Some(&b'\n') && self.buf.len() as u64 > MAX_ARTICLE_BYTES {
            // Skip the rest of an over-long line so the next record is read whole.
            let mut sink = Vec::new();
            loop {
                sink.clear();
                let m = read_line(&mut *self.reader, &mut sink, 1 << 20)?;
                if m == 0 || sink.last() == Some(&b'\n') {
                    break;
                }
            }
            return Ok(Some(false));
        }
        Ok(Some(true))
    }

    /// `origin:line`, the origin of the current line. Built in a string sized
    /// up front, as `format!` would grow it from a guess on every line.
    fn line_origin(&self) -> String {
        let mut origin = String::with_capacity(self.origin.len() + 21);
        origin.push_str(&self.origin);
        origin.push(':');
        // Writing to a String cannot fail.
        let _ = write!(origin, "{}", self.line_no);
        origin
    }

    fn parse(&self, origin: &str) -> Result<Document, Error> {
        let line = std::str::from_utf8(&self.buf).map_err(|e| {
            Error::input(
                origin,
                format!("not valid UTF-8 (byte {})", e.valid_up_to()),
            )
        })?;
        // Editors on Windows start UTF-8 files with a byte-order mark; text
        // inputs drop it too.
        let line = match line.strip_prefix('\u{feff}') {
            Some(rest) if self.line_no == 1 => rest,
            _ => line,
        };
        // serde reads a struct from an array too (`["id", "text"]`), so a
        // line must be seen to be an object before it is read as a record.
        if !line.trim_start().starts_with('{') {
            let message = match serde_json::from_str::<serde_json::Value>(line) {
                Ok(value) => format!("not a JSON object: the line is {}", json_kind(&value)),
                Err(e) => format!("not a JSON object: {e}"),
            };
            return Err(Error::input(origin, message));
        }
        let record: Record = serde_json::from_str(line).map_err(|e| {
            // An object whose fields have the wrong types is a bad record,
            // not bad JSON.
            let what = if e.is_data() {
                "invalid record"
            } else {
                "not a JSON object"
            };
            Error::input(origin, format!("{what}: {e}"))
        })?;
        let id = record.id.map(|v| match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        });
        let Some(text) = record.text else {
            return Err(Error::Input {
                origin: origin.to_string(),
                message: "no `text` field (each line needs {\"id\": ..., \"text\": ...})".into(),
            });
        };
        if text.trim().is_empty() {
            return Err(Error::input(origin, "empty `text`"));
        }
        Ok(Document::from_text(origin, text).with_id(id))
    }
}

/// `reader.take(limit).read_until(b'\n', buf)`, with the newline found by
/// the memchr crate, which scans 32 bytes at a time where std's `read_until`
/// scans a word at a time (a JSON Lines record is a whole article).
fn read_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: u64,
) -> Result<usize, std::io::Error> {
    let mut read = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let room = usize::try_from(limit - read as u64).unwrap_or(usize::MAX);
        let available = &available[..available.len().min(room)];
        let (found, used) = match memchr::memchr(b'\n', available) {
            Some(i) => (true, i + 1),
            None => (false, available.len()),
        };
        buf.extend_from_slice(&available[..used]);
        reader.consume(used);
        read += used;
        if found || used == 0 {
            return Ok(read);
        }
    }
}

impl Iterator for JsonLines {
    type Item = Result<Document, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let whole = match self.next_line() {
                Ok(None) => return None,
                Ok(Some(w)) => w,
                Err(e) => {
                    let err = Error::input(&self.origin, super::io_message(&e));
                    // Stop after a read error: the stream cannot go on.
                    self.buf.clear();
                    self.reader = Box::new(std::io::empty());
                    return Some(Err(err));
                }
            };
            let origin = self.line_origin();
            if !whole {
                return Some(Err(Error::input(
                    origin,
                    format!("line longer than {} MiB", MAX_ARTICLE_BYTES / (1024 * 1024)),
                )));
            }
            if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            return Some(self.parse(&origin));
        }
    }
}

/// "an array", "a string", ...: what a JSON value that is not an object is.
fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Vec<Result<Document, Error>> {
        JsonLines::new(
            "b.jsonl".into(),
            Box::new(std::io::Cursor::new(s.to_string())),
        )
        .collect()
    }

    #[test]
    fn reads_records_and_reports_bad_lines() {
        let out = read(
            "{\"id\": \"a\", \"text\": \"Hello there.\"}\n\nnot json\n{\"id\": 7}\n{\"id\": 8, \"text\": \"Bye.\"}",
        );
        assert_eq!(out.len(), 4);
        let first = out[0].as_ref().unwrap();
        assert_eq!(first.id.as_deref(), Some("a"));
        assert_eq!(first.origin, "b.jsonl:1");
        let e = out[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("b.jsonl:3: not a JSON object"), "{e}");
        let e = out[2].as_ref().unwrap_err().to_string();
        assert!(e.contains("no `text` field"), "{e}");
        assert_eq!(out[3].as_ref().unwrap().id.as_deref(), Some("8"));
    }

    #[test]
    fn read_line_agrees_with_read_until() {
        use std::io::Read as _;
        let text = "first line\n\nthird, without a newline at the end";
        for capacity in [1, 2, 5, 64] {
            for limit in [0, 1, 3, 10, 11, 12, 100] {
                let mut ours = BufReader::with_capacity(capacity, text.as_bytes());
                let mut std = BufReader::with_capacity(capacity, text.as_bytes());
                loop {
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    let n = read_line(&mut ours, &mut a, limit).unwrap();
                    let m = (&mut std).take(limit).read_until(b'\n', &mut b).unwrap();
                    assert_eq!((n, &a), (m, &b), "{capacity} {limit}");
                    if n == 0 {
                        break;
                    }
                }
            }
        }
    }

    #[test]
    fn a_field_of_the_wrong_type_is_an_invalid_record() {
        let out = read("{\"id\": \"a\", \"text\": 5}\n[1, 2]\n");
        let e = out[0].as_ref().unwrap_err().to_string();
        assert!(
            e.starts_with("b.jsonl:1: invalid record: invalid type: integer `5`"),
            "{e}"
        );
        let e = out[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("b.jsonl:2: not a JSON object"), "{e}");
    }

    #[test]
    fn a_byte_order_mark_opening_the_file_is_skipped() {
        let out = read("\u{feff}{\"id\": \"a\", \"text\": \"Hi.\"}\n\u{feff}{\"text\": \"Hi.\"}\n");
        assert_eq!(out[0].as_ref().unwrap().id.as_deref(), Some("a"));
        // Only at the start of the file: inside it, the mark is not JSON.
        let e = out[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("b.jsonl:2: not a JSON object"), "{e}");
    }

    #[test]
    fn only_objects_are_records() {
        // serde would read `[id, text]` into the record's fields in order.
        let out = read("[\"a\", \"The talks went on all week.\"]\n  \"text\"\n42\nnull\n[1,\n");
        let errors: Vec<String> = out
            .iter()
            .map(|r| r.as_ref().unwrap_err().to_string())
            .collect();
        assert_eq!(
            errors[..4],
            [
                "b.jsonl:1: not a JSON object: the line is an array",
                "b.jsonl:2: not a JSON object: the line is a string",
                "b.jsonl:3: not a JSON object: the line is a number",
                "b.jsonl:4: not a JSON object: the line is null",
            ]
        );
        assert!(
            errors[4].starts_with("b.jsonl:5: not a JSON object: EOF while parsing"),
            "{}",
            errors[4]
        );
    }
}
