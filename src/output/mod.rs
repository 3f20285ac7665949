//! Output formats. Streaming formats (`human`, `concise`, `jsonl`, `github`)
//! print each report as soon as it is ready; `json` and `sarif` print one
//! document at the end.

pub mod human;
mod jsonl;
pub mod sarif;

use std::io::{self, Write};

use clap::ValueEnum;
use serde::Serialize;

use crate::error::Error;
use crate::report::{Report, Status, SCHEMA_VERSION};

/// Write a line about the run to standard error. Unlike `eprintln!`, a
/// closed standard error (`calque … 2>&1 | head`) does not panic.
pub fn note(line: impl std::fmt::Display) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// Write `text` to standard output. A closed pipe (`calque eval … | head`)
/// is not an error: the reader took what it wanted.
pub fn print_stdout(text: &str) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Io {
            path: "<stdout>".into(),
            source: e,
        }),
        _ => Ok(()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text with source snippets (default on a terminal).
    Human,
    /// One line per article and per piece of evidence (`path:line:column: CODE message`).
    Concise,
    /// One JSON document holding every report and a summary.
    Json,
    /// One JSON report per line, streamed.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

/// Totals over a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub articles: usize,
    pub flagged: usize,
    /// Scored articles shorter than `--min-words`, never flagged.
    pub too_short: usize,
    pub errors: usize,
    pub fail_above: f64,
    /// Some articles were judged against another threshold
    /// (`[[override]]` sections of calque.toml).
    #[serde(skip)]
    pub thresholds_vary: bool,
    /// With `--statistics`: each signal that found something, with its
    /// findings and the articles they are in, most findings first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signals: Option<Vec<SignalCount>>,
}

/// One signal's findings over a run (`--statistics`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalCount {
    pub code: &'static str,
    pub name: &'static str,
    pub findings: usize,
    /// Articles with at least one of the findings.
    pub articles: usize,
}

impl Summary {
    pub fn add(&mut self, r: &Report) {
        self.articles += 1;
        if r.is_error() {
            self.errors += 1;
        } else if r.flagged {
            self.flagged += 1;
        } else if r.too_short {
            self.too_short += 1;
        }
        if let Some(counts) = &mut self.signals {
            for s in r.signals.iter().filter(|s| s.findings > 0) {
                match counts.iter_mut().find(|c| c.code == s.code) {
                    Some(c) => {
                        c.findings += s.findings;
                        c.articles += 1;
                    }
                    None => counts.push(SignalCount {
                        code: s.code,
                        name: s.name,
                        findings: s.findings,
                        articles: 1,
                    }),
                }
            }
        }
    }

    /// Count each signal's findings from now on (`--statistics`).
    pub fn count_signals(&mut self) {
        self.signals.get_or_insert_with(Vec::new);
    }

    /// The signal counts, most findings first, then by code.
    fn sort_signals(&mut self) {
        if let Some(counts) = &mut self.signals {
            counts.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.code.cmp(b.code)));
        }
    }

    /// 2 when any input failed, 1 when any article is above the threshold, else 0.
    pub fn exit_code(&self) -> i32 {
        if self.errors > 0 {
            2
        } else if self.flagged > 0 {
            1
        } else {
            0
        }
    }
}

/// Receives reports in input order and writes them in one format.
pub struct Printer<W: Write> {
    format: Format,
    out: W,
    color: bool,
    collected: Vec<Report>,
    /// Reused for one JSON Lines record, built in memory and written at once.
    line: Vec<u8>,
    /// Keeps the fixed opening of each signal and contribution object from
    /// one JSON Lines record to the next.
    jsonl: jsonl::Writer,
    pub summary: Summary,
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    schema: u32,
    reports: &'a [Report],
    summary: &'a Summary,
}

impl<W: Write> Printer<W> {
    pub fn new(format: Format, out: W, color: bool, fail_above: f64) -> Self {
        Self {
            format,
            out,
            color,
            collected: Vec::new(),
            line: Vec::new(),
            jsonl: jsonl::Writer::default(),
            summary: Summary {
                fail_above,
                ..Summary::default()
            },
        }
    }

    pub fn report(&mut self, r: Report) -> io::Result<()> {
        self.summary.add(&r);
        match self.format {
            Format::Human => human::write_report(&mut self.out, &r, self.color)?,
            Format::Concise => human::write_concise(&mut self.out, &r, self.color)?,
            Format::Jsonl => {
                self.line.clear();
                self.jsonl.report(&mut self.line, &r)?;
                self.line.push(b'\n');
                self.out.write_all(&self.line)?;
            }
            Format::Github => write_github(&mut self.out, &r)?,
            Format::Json | Format::Sarif => self.collected.push(r),
        }
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<Summary> {
        self.summary.sort_signals();
        match self.format {
            Format::Human | Format::Concise => {
                human::write_summary(&mut self.out, &self.summary, self.color)?
            }
            Format::Json => {
                let doc = JsonDocument {
                    schema: SCHEMA_VERSION,
                    reports: &self.collected,
                    summary: &self.summary,
                };
                serde_json::to_writer_pretty(&mut self.out, &doc)?;
                self.out.write_all(b"\n")?;
            }
            Format::Sarif => {
                let log = sarif::log(&self.collected, self.summary.fail_above);
                serde_json::to_writer_pretty(&mut self.out, &log)?;
                self.out.write_all(b"\n")?;
            }
            Format::Jsonl | Format::Github => {}
        }
        self.out.flush()?;
        Ok(self.summary)
    }
}

/// Escape a GitHub workflow command's message (`%`, CR, LF).
fn github_escape(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a GitHub workflow command's property value.
fn github_escape_property(s: &str) -> String {
    github_escape(s).replace(':', "%3A").replace(',', "%2C")
}

fn write_github(out: &mut impl Write, r: &Report) -> io::Result<()> {
    let file = github_escape_property(
        r.origin
            .rsplit_once(':')
            .filter(|(_, n)| n.parse::<usize>().is_ok())
            .map_or(&r.origin, |(f, _)| f),
    );
    match r.status {
        Status::Ok => {
            let p = r.probability.unwrap_or(0.0);
            let level = if r.flagged { "error" } else { "notice" };
            writeln!(
                out,
                "::{level} file={file},title=calque::{}",
                github_escape(&format!(
                    "{}: machine-translation probability {:.2} ({} findings)",
                    r.origin,
                    p,
                    r.evidence.len()
                ))
            )?;
            for e in &r.evidence {
                writeln!(
                    out,
                    "::warning file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                    e.line,
                    e.column,
                    e.end_line,
                    e.end_column,
                    github_escape_property(&format!("{} {}", e.code, e.name)),
                    github_escape(&e.message)
                )?;
            }
        }
        _ => writeln!(
            out,
            "::error file={file},title=calque::{}",
            github_escape(r.error.as_deref().unwrap_or("error"))
        )?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_worst_article() {
        let mut s = Summary::default();
        assert_eq!(s.exit_code(), 0);
        s.flagged = 1;
        assert_eq!(s.exit_code(), 1);
        s.errors = 1;
        assert_eq!(s.exit_code(), 2);
    }

    #[test]
    fn github_messages_are_escaped() {
        assert_eq!(github_escape("50%\nnext"), "50%25%0Anext");
        assert_eq!(github_escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
