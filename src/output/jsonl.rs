//! One report as a JSON Lines record, byte for byte what `serde_json::to_writer`
//! writes for [`Report`], with less overhead on the many small contributions.
//!
//! Every value (strings, numbers, nested structs) is still written by
//! serde_json itself, so escaping and number formatting are serde_json's own;
//! only the object punctuation and the field names, fixed ASCII text, are
//! written here. Evidence, rare next to the contributions, goes to serde_json
//! whole. `report` destructures [`Report`], [`SignalSummary`] and
//! [`Contribution`] in full, so a new field cannot be forgotten silently.

use std::io;

use serde::Serialize;

use crate::model::Contribution;
use crate::report::{Report, SignalSummary};

/// Append `value` as compact JSON.
fn value(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)
}

fn contribution(out: &mut Vec<u8>, c: &Contribution) -> io::Result<()> {
    let Contribution {
        feature,
        value: feature_value,
        log_odds,
        beyond_training,
    } = c;
    out.extend_from_slice(b"{\"feature\":");
    value(out, feature.as_ref())?;
    out.extend_from_slice(b",\"value\":");
    value(out, feature_value)?;
    out.extend_from_slice(b",\"log_odds\":");
    value(out, log_odds)?;
    if *beyond_training {
        out.extend_from_slice(b",\"beyond_training\":true");
    }
    out.push(b'}');
    Ok(())
}

fn signal(out: &mut Vec<u8>, s: &SignalSummary) -> io::Result<()> {
    let SignalSummary {
        code,
        name,
        findings,
        log_odds,
    } = s;
    out.extend_from_slice(b"{\"code\":");
    value(out, code)?;
    out.extend_from_slice(b",\"name\":");
    value(out, name)?;
    out.extend_from_slice(b",\"findings\":");
    value(out, findings)?;
    out.extend_from_slice(b",\"log_odds\":");
    value(out, log_odds)?;
    out.push(b'}');
    Ok(())
}

/// Append `items` as a JSON array, each written by `item`.
fn array<T>(
    out: &mut Vec<u8>,
    items: &[T],
    item: impl Fn(&mut Vec<u8>, &T) -> io::Result<()>,
) -> io::Result<()> {
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, x)?;
    }
    out.push(b']');
    Ok(())
}

/// Append `r` as compact JSON, exactly as `serde_json::to_writer(out, r)`.
pub fn report(out: &mut Vec<u8>, r: &Report) -> io::Result<()> {
    let Report {
        schema,
        origin,
        id,
        status,
        probability,
        flagged,
        language,
        words,
        signals,
        contributions,
        evidence,
        excluded,
        error,
    } = r;
    out.extend_from_slice(b"{\"schema\":");
    value(out, schema)?;
    out.extend_from_slice(b",\"origin\":");
    value(out, origin)?;
    if let Some(id) = id {
        out.extend_from_slice(b",\"id\":");
        value(out, id)?;
    }
    out.extend_from_slice(b",\"status\":");
    value(out, status)?;
    if let Some(p) = probability {
        out.extend_from_slice(b",\"probability\":");
        value(out, p)?;
    }
    out.extend_from_slice(b",\"flagged\":");
    value(out, flagged)?;
    if let Some(language) = language {
        out.extend_from_slice(b",\"language\":");
        value(out, language)?;
    }
    out.extend_from_slice(b",\"words\":");
    value(out, words)?;
    out.extend_from_slice(b",\"signals\":");
    array(out, signals, signal)?;
    out.extend_from_slice(b",\"contributions\":");
    array(out, contributions, contribution)?;
    out.extend_from_slice(b",\"evidence\":");
    value(out, evidence)?;
    out.extend_from_slice(b",\"excluded\":");
    value(out, excluded)?;
    if let Some(error) = error {
        out.extend_from_slice(b",\"error\":");
        value(out, error)?;
    }
    out.push(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chrome::ChromeKind;
    use crate::lang::DetectedLanguage;
    use crate::report::{
        Evidence, Excluded, RelatedLocation, SignalSummary, Snippet, Status, SCHEMA_VERSION,
    };
    use std::borrow::Cow;

    const TRICKY: &[&str] = &[
        "",
        "plain",
        "quote \" backslash \\ slash /",
        "controls \u{0} \u{1f} \n \r \t \u{8} \u{c} \u{7f}",
        "non-ASCII “curly” — Привет 中文 😀 \u{2028}\u{2029}",
    ];

    const FLOATS: &[f64] = &[
        0.0,
        -0.0,
        1.0,
        -1.5,
        0.1,
        1.0 / 3.0,
        1e-7,
        1.234_567_890_123_456_7e21,
        1e300,
        f64::MIN_POSITIVE,
        5e-324,
        f64::MAX,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];

    fn sample(k: usize, with_options: bool) -> Report {
        let s = |j: usize| TRICKY[(k + j) % TRICKY.len()].to_string();
        let f = |j: usize| FLOATS[(k + j) % FLOATS.len()];
        Report {
            schema: SCHEMA_VERSION,
            origin: s(0),
            id: with_options.then(|| s(1)),
            status: [Status::Ok, Status::UnsupportedLanguage, Status::Error][k % 3],
            probability: with_options.then(|| f(2)),
            flagged: k % 2 == 0,
            language: with_options.then(|| DetectedLanguage {
                code: s(3),
                name: s(4),
                confidence: f(5),
                detector: "whatlang",
            }),
            words: k * 1000,
            signals: (0..k % 3)
                .map(|j| SignalSummary {
                    code: "MT001",
                    name: "pronoun-gender-flip",
                    findings: k + j,
                    log_odds: f(6 + j),
                })
                .collect(),
            contributions: (0..FLOATS.len())
                .map(|j| Contribution {
                    feature: if j % 2 == 0 {
                        Cow::Borrowed(TRICKY[j % TRICKY.len()])
                    } else {
                        Cow::Owned(s(j))
                    },
                    value: f(j),
                    log_odds: f(j + 7),
                    beyond_training: (j + k) % 3 == 0,
                })
                .collect(),
            evidence: vec![
                Evidence {
                    kind: None,
                    related: Vec::new(),
                    ..evidence(k, with_options, s(14))
                };
                k % 3
            ]
            .into_iter()
            .chain([evidence(k, with_options, s(15))])
            .collect(),
            excluded: vec![Excluded {
                line: 7,
                kind: ChromeKind::Template,
                excerpt: s(12),
            }],
            error: with_options.then(|| s(13)),
        }
    }

    fn evidence(k: usize, with_options: bool, text: String) -> Evidence {
        Evidence {
            code: "MT007",
            name: "foreign-fragment",
            kind: with_options.then_some("kind"),
            line: k,
            column: 2,
            end_line: 3,
            end_column: 4,
            excerpt: text.clone(),
            message: format!("{text}!"),
            related: if with_options {
                vec![RelatedLocation {
                    line: 1,
                    column: 1,
                    label: text.clone(),
                    excerpt: text,
                }]
            } else {
                Vec::new()
            },
            snippet: Snippet::default(),
        }
    }

    #[test]
    fn records_match_serde_json_byte_for_byte() {
        for k in 0..2 * FLOATS.len() {
            for with_options in [false, true] {
                let r = sample(k, with_options);
                let mut ours = Vec::new();
                report(&mut ours, &r).unwrap();
                let theirs = serde_json::to_vec(&r).unwrap();
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&theirs)
                );
                assert_eq!(ours, theirs);
            }
        }
    }

    #[test]
    fn empty_report_matches_serde_json() {
        let r = Report::error("a.txt", None, "unreadable: \"x\"\n");
        let mut ours = Vec::new();
        report(&mut ours, &r).unwrap();
        assert_eq!(ours, serde_json::to_vec(&r).unwrap());
    }
}
