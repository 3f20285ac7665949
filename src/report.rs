//! The per-article report: the stable schema every output format is built from.
//!
//! Schema version 1. Fields are only ever added; renaming or removing one is a
//! new schema version.

use std::ops::Range;

use serde::{Serialize, Serializer};

use crate::chrome::ChromeKind;
use crate::document::{ceil_char, floor_char, Document, Position};
use crate::lang::DetectedLanguage;
use crate::model::Contribution;
use crate::signals::Finding;

pub const SCHEMA_VERSION: u32 = 1;

/// `v` rounded to six decimals, as every number in a serialized report is.
/// Digits past the sixth are noise of floating-point arithmetic, which can
/// differ between builds and platforms; a report without them reads better
/// and is the same bytes wherever it is made. From 1e9 on, and for NaN, `v`
/// is returned as is.
pub fn six_decimals(v: f64) -> f64 {
    // A whole number has no negative zero, so a tiny negative value comes
    // out as zero, not -0.
    nearest_millionths(v).map_or(v, |n| n as f64 / 1e6)
}

/// Serialize a report number, rounded by [`six_decimals`].
pub fn serialize_six_decimals<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(six_decimals(*v))
}

/// [`serialize_six_decimals`] for an optional number.
fn serialize_optional_six_decimals<S: Serializer>(
    v: &Option<f64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_some(&six_decimals(*v)),
        None => s.serialize_none(),
    }
}

/// The whole number of millionths nearest to `v`, rounded half away from
/// zero as `f64::round` does, but without its call (the default x86-64
/// target has no rounding instruction); `None` from 1e9 on and for NaN.
/// Below 1e15 millionths, the conversion to an integer truncates exactly.
pub fn nearest_millionths(v: f64) -> Option<i64> {
    (v.abs() < 1e9).then(|| {
        let scaled = v * 1e6;
        (scaled + 0.5f64.copysign(scaled)) as i64
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Scored.
    Ok,
    /// Not English: not scored, counted as an error for the exit code.
    UnsupportedLanguage,
    /// Could not be read or scored.
    Error,
}

/// A located piece of evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub code: &'static str,
    pub name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The text of the finding's line, cut to a readable length.
    pub excerpt: String,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedLocation>,
    /// For snippet rendering: the whole extracted line and the span in it (bytes).
    #[serde(skip)]
    pub snippet: Snippet,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelatedLocation {
    pub line: usize,
    pub column: usize,
    pub label: String,
    pub excerpt: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snippet {
    /// The finding's line, or a window of it around the finding
    /// ([`SNIPPET_CONTEXT`] bytes either side) when the line is longer.
    pub line_text: String,
    pub span: std::ops::Range<usize>,
    /// Whether the line goes on before and after `line_text`.
    pub cut_before: bool,
    pub cut_after: bool,
}

/// Characters a snippet shows of a long line, the finding included.
pub const SNIPPET_CHARS: usize = 100;

/// Bytes of a finding's line kept either side of it for its snippet: all a
/// snippet can show (half of [`SNIPPET_CHARS`], of up to four bytes each),
/// so that the findings on one huge line do not each copy the line.
pub const SNIPPET_CONTEXT: usize = 4 * SNIPPET_CHARS / 2;

/// Text excluded from scoring: page chrome, or a paragraph a trusted
/// `<!-- calque off -->` comment turns off.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excluded {
    pub line: usize,
    pub kind: ChromeKind,
    pub excerpt: String,
}

/// How much one signal moved the score, with its findings counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalSummary {
    pub code: &'static str,
    pub name: &'static str,
    pub findings: usize,
    #[serde(serialize_with = "serialize_six_decimals")]
    pub log_odds: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema: u32,
    /// File path, `-` for standard input; JSON Lines records add `:LINE`.
    pub origin: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub status: Status,
    /// Probability (0–1) that the article was machine-translated or round-tripped.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_optional_six_decimals"
    )]
    pub probability: Option<f64>,
    /// True when `probability` is above the `--fail-above` threshold and the
    /// article is not too short to judge.
    pub flagged: bool,
    /// Fewer words than `--min-words`: the probability rests on too little
    /// text to fail the check.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub too_short: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<DetectedLanguage>,
    pub words: usize,
    /// Calibrated log-odds of an article whose every feature sits at its
    /// training mean, at this article's length; with every contribution's
    /// log-odds added, the log-odds of `probability`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_optional_six_decimals"
    )]
    pub base_log_odds: Option<f64>,
    pub signals: Vec<SignalSummary>,
    pub contributions: Vec<Contribution>,
    pub evidence: Vec<Evidence>,
    pub excluded: Vec<Excluded>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Report {
    /// A report for an input that could not be read or scored.
    pub fn error(
        origin: impl Into<String>,
        id: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            schema: SCHEMA_VERSION,
            origin: origin.into(),
            id,
            status: Status::Error,
            probability: None,
            flagged: false,
            too_short: false,
            language: None,
            words: 0,
            base_log_odds: None,
            signals: Vec::new(),
            contributions: Vec::new(),
            evidence: Vec::new(),
            excluded: Vec::new(),
            error: Some(message.into()),
        }
    }

    /// Does this report make the run fail with exit code 2?
    pub fn is_error(&self) -> bool {
        self.status != Status::Ok
    }
}

/// Locate a finding in the document.
pub fn evidence(doc: &Document, f: &Finding) -> Evidence {
    let start: Position = doc.position(f.range.start);
    let end: Position = doc.position(f.range.end);
    let text = &doc.text;
    let Range {
        start: line_start,
        end: line_end,
    } = doc.line_bounds(f.range.start);
    let span_end = f.range.end.min(line_end).max(f.range.start);
    Evidence {
        code: f.code,
        name: f.name,
        kind: f.kind,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        excerpt: doc.excerpt(f.range.clone(), 100),
        message: f.message.clone(),
        related: f
            .related
            .iter()
            .map(|r| {
                let p = doc.position(r.range.start);
                RelatedLocation {
                    line: p.line,
                    column: p.column,
                    label: r.label.clone(),
                    excerpt: doc.excerpt(r.range.clone(), 60),
                }
            })
            .collect(),
        snippet: {
            let from = floor_char(
                text,
                f.range
                    .start
                    .saturating_sub(SNIPPET_CONTEXT)
                    .max(line_start),
            );
            let to = ceil_char(text, (span_end + SNIPPET_CONTEXT).min(line_end));
            Snippet {
                line_text: text[from..to].to_string(),
                span: f.range.start - from..span_end - from,
                cut_before: from > line_start,
                cut_after: to < line_end,
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_keeps_a_window_of_a_long_line() {
        let line = format!("{}He said “so.{}", "é".repeat(40_000), "b".repeat(40_000));
        let doc = Document::from_text("long.txt", format!("First line.\n{line}\nLast."));
        let at = doc.text.find("He").unwrap();
        let finding = Finding {
            code: "MT001",
            name: "pronoun-gender-flip",
            kind: None,
            range: at..at + 2,
            message: "m".into(),
            related: Vec::new(),
        };
        let e = evidence(&doc, &finding);
        assert_eq!((e.line, e.column, e.end_column), (2, 40_001, 40_003));
        let s = &e.snippet;
        assert!(
            s.line_text.len() <= 2 * SNIPPET_CONTEXT + 2,
            "{}",
            s.line_text.len()
        );
        assert_eq!(&s.line_text[s.span.clone()], "He");
        assert!(s.cut_before && s.cut_after);
        // A short line is kept whole.
        let at = doc.text.find("Last").unwrap();
        let e = evidence(
            &doc,
            &Finding {
                range: at..at + 4,
                ..finding
            },
        );
        assert_eq!(
            (e.snippet.line_text.as_str(), e.snippet.cut_before),
            ("Last.", false)
        );
        assert!(!e.snippet.cut_after);
    }

    #[test]
    fn six_decimals_rounds_half_away_from_zero() {
        assert_eq!(six_decimals(0.462_406_234_4), 0.462_406);
        assert_eq!(six_decimals(-0.789_335_878), -0.789_336);
        assert_eq!(six_decimals(2.5e-7), 0.0);
        assert_eq!(six_decimals(-2.5e-7), 0.0);
        assert_eq!(six_decimals(12.0), 12.0);
        for k in 0..10_000 {
            let v = k as f64 * 0.000_123_457 - 0.6;
            assert_eq!(six_decimals(v), (v * 1e6).round() / 1e6 + 0.0, "{v}");
        }
    }

    #[test]
    fn report_numbers_are_serialized_with_six_decimals() {
        let mut r = Report::error("a.txt", None, "x");
        r.probability = Some(0.462_406_234_487_976_1);
        r.signals.push(SignalSummary {
            code: "MT001",
            name: "pronoun-gender-flip",
            findings: 0,
            log_odds: -2.5e-7,
        });
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains(r#""probability":0.462406,"#), "{json}");
        assert!(json.contains(r#""log_odds":0.0}"#), "{json}");
    }

    #[test]
    fn six_decimals_has_no_negative_zero() {
        assert!(six_decimals(-0.0).is_sign_positive());
        assert!(six_decimals(-1e-9).is_sign_positive());
    }

    #[test]
    fn six_decimals_leaves_what_it_cannot_round() {
        assert!(six_decimals(f64::NAN).is_nan());
        assert_eq!(six_decimals(f64::INFINITY), f64::INFINITY);
        assert_eq!(six_decimals(-3e12 - 0.25), -3e12 - 0.25);
    }
}
