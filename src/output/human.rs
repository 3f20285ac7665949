//! The default terminal format: a verdict line per article, then each piece of
//! evidence as a source snippet with the span underlined, as rustc and ruff print;
//! and its concise form, one line per article and per piece of evidence.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::Summary;
use crate::report::{Evidence, Report, Snippet, Status};

/// Widest window of a long source line shown around a span, in characters.
const WINDOW: usize = crate::report::SNIPPET_CHARS;

struct Palette {
    bold: Style,
    red: Style,
    yellow: Style,
    green: Style,
    blue: Style,
    dim: Style,
}

impl Palette {
    fn new(color: bool) -> Self {
        if !color {
            let s = Style::new();
            return Self {
                bold: s,
                red: s,
                yellow: s,
                green: s,
                blue: s,
                dim: s,
            };
        }
        Self {
            bold: Style::new().bold(),
            red: AnsiColor::Red.on_default().bold(),
            yellow: AnsiColor::Yellow.on_default().bold(),
            green: AnsiColor::Green.on_default().bold(),
            blue: AnsiColor::Blue.on_default().bold(),
            dim: Style::new().dimmed(),
        }
    }
}

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

enum Tone {
    Alarm,
    Unsure,
    Clear,
}

/// The words after an article's probability. The probability is calibrated
/// for an even prior, so between 0.2 and 0.5 an article is still more likely
/// human than machine-translated: that band is inconclusive, not a warning.
fn verdict(flagged: bool, too_short: bool, words: usize, prob: f64) -> (Tone, String) {
    if flagged {
        (Tone::Alarm, "likely machine-translated".to_string())
    } else if too_short {
        let plural = if words == 1 { "" } else { "s" };
        (
            Tone::Unsure,
            format!("too short to judge ({words} word{plural})"),
        )
    } else if prob > 0.5 {
        (
            Tone::Unsure,
            "leans machine-translated, below the threshold".to_string(),
        )
    } else if prob > 0.2 {
        (Tone::Unsure, "inconclusive".to_string())
    } else {
        (
            Tone::Clear,
            "no strong signs of machine translation".to_string(),
        )
    }
}

/// The article's verdict line: its name, and its probability and verdict or
/// its error.
fn write_verdict(out: &mut impl Write, r: &Report, p: &Palette) -> io::Result<()> {
    let name = match &r.id {
        Some(id) => format!("{} ({id})", r.origin),
        None => r.origin.clone(),
    };
    if r.status != Status::Ok {
        return writeln!(
            out,
            "{}: {} {}",
            paint(p.bold, &name),
            paint(p.red, "error:"),
            r.error.as_deref().unwrap_or("could not be scored")
        );
    }
    let prob = r.probability.unwrap_or(0.0);
    let (tone, verdict) = verdict(r.flagged, r.too_short, r.words, prob);
    let style = match tone {
        Tone::Alarm => p.red,
        Tone::Unsure => p.yellow,
        Tone::Clear => p.green,
    };
    writeln!(
        out,
        "{}: {} {}",
        paint(p.bold, &name),
        paint(style, &format!("{prob:.2}")),
        paint(style, &verdict),
    )
}

/// The concise format: the verdict line, then one line per piece of
/// evidence, `origin:line:column: CODE name[kind] message`, the shape
/// compilers print and editors' quickfix lists read.
pub fn write_concise(out: &mut impl Write, r: &Report, color: bool) -> io::Result<()> {
    let p = Palette::new(color);
    write_verdict(out, r, &p)?;
    for e in &r.evidence {
        writeln!(
            out,
            "{}: {} {}",
            paint(p.bold, &format!("{}:{}:{}", r.origin, e.line, e.column)),
            label(e, &p),
            one_line(&e.message)
        )?;
    }
    Ok(())
}

/// A piece of evidence's signal, `CODE name[kind]`, as both formats head it.
fn label(e: &Evidence, p: &Palette) -> String {
    let kind = e.kind.map(|k| format!("[{k}]")).unwrap_or_default();
    format!(
        "{}{kind}",
        paint(p.yellow, &format!("{} {}", e.code, e.name))
    )
}

/// `text` on one line: a message that quotes the article can hold its line
/// breaks, and a line-based reader would take the rest for another entry.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\n', '\r']) {
        text.replace(['\n', '\r'], " ").into()
    } else {
        text.into()
    }
}

pub fn write_report(out: &mut impl Write, r: &Report, color: bool) -> io::Result<()> {
    let p = Palette::new(color);
    write_verdict(out, r, &p)?;
    match r.status {
        Status::Ok => {
            let mut drivers: Vec<_> = r
                .signals
                .iter()
                .filter(|s| s.log_odds.abs() >= 0.05)
                .collect();
            drivers.sort_by(|a, b| b.log_odds.abs().total_cmp(&a.log_odds.abs()));
            if !drivers.is_empty() {
                let parts: Vec<String> = drivers
                    .iter()
                    .map(|s| format!("{} {} {:+.2}", s.code, s.name, s.log_odds))
                    .collect();
                writeln!(out, "  {} {}", paint(p.dim, "log-odds:"), parts.join(", "))?;
            }
            let beyond: Vec<&str> = r
                .contributions
                .iter()
                .filter(|c| c.beyond_training)
                .map(|c| match c.feature.as_ref() {
                    "doc.log_words" => "article length",
                    other => other,
                })
                .collect();
            if !beyond.is_empty() {
                writeln!(
                    out,
                    "  {} {} outside the range of the training articles; scored as the nearest value seen in training",
                    paint(p.dim, "note:"),
                    beyond.join(", ")
                )?;
            }
            for e in &r.evidence {
                write_evidence(out, &r.origin, e, &p)?;
            }
        }
        Status::UnsupportedLanguage | Status::Error => {}
    }
    for x in &r.excluded {
        writeln!(
            out,
            "  {} line {} ({}): {}",
            paint(p.dim, "excluded"),
            x.line,
            x.kind.as_str(),
            paint(p.dim, &x.excerpt)
        )?;
    }
    Ok(())
}

fn write_evidence(out: &mut impl Write, origin: &str, e: &Evidence, p: &Palette) -> io::Result<()> {
    writeln!(out, "{} {}", label(e, p), e.message)?;
    let gutter = e.line.to_string().len();
    let pad = " ".repeat(gutter);
    writeln!(
        out,
        "{pad}{} {origin}:{}:{}",
        paint(p.blue, "-->"),
        e.line,
        e.column
    )?;
    let (shown, under_start, under_len) = window(&e.snippet);
    writeln!(out, "{pad} {}", paint(p.blue, "|"))?;
    writeln!(
        out,
        "{} {} {shown}",
        paint(p.blue, &e.line.to_string()),
        paint(p.blue, "|")
    )?;
    writeln!(
        out,
        "{pad} {} {}{}",
        paint(p.blue, "|"),
        " ".repeat(under_start),
        paint(p.yellow, &"^".repeat(under_len.max(1)))
    )?;
    for rel in &e.related {
        writeln!(
            out,
            "{pad} {} {}:{}:{}: {} — {}",
            paint(p.blue, "="),
            origin,
            rel.line,
            rel.column,
            rel.label,
            paint(p.dim, &rel.excerpt)
        )?;
    }
    writeln!(out)
}

/// Cut a long line to a window around the span; return it with the span's
/// start and width in characters.
fn window(snippet: &Snippet) -> (String, usize, usize) {
    let (line, span) = (&snippet.line_text, &snippet.span);
    // A character that prints nothing (a zero-width space, a soft hyphen) is
    // spelt out as rustc does, `\u{200b}`, so evidence made of one shows.
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(line.len());
    for (i, c) in line.char_indices() {
        if prints_nothing(c) {
            let spelt = format!("\\u{{{:x}}}", u32::from(c));
            chars.extend(spelt.chars().map(|s| (i, s)));
        } else {
            chars.push((i, c));
        }
    }
    let start = chars
        .iter()
        .position(|(i, _)| *i >= span.start)
        .unwrap_or(chars.len());
    let end = chars
        .iter()
        .position(|(i, _)| *i >= span.end)
        .unwrap_or(chars.len());
    let width = end.saturating_sub(start);
    let context = WINDOW.saturating_sub(width) / 2;
    let from = start.saturating_sub(context);
    let to = (end + context).min(chars.len());
    let mut shown: String = chars[from..to].iter().map(|(_, c)| *c).collect();
    let mut offset = start - from;
    if from > 0 || snippet.cut_before {
        shown.insert(0, '…');
        offset += 1;
    }
    if to < chars.len() || snippet.cut_after {
        shown.push('…');
    }
    (shown, offset, width.min(WINDOW))
}

/// Characters a terminal shows as nothing.
fn prints_nothing(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

pub fn write_summary(out: &mut impl Write, s: &Summary, color: bool) -> io::Result<()> {
    let p = Palette::new(color);
    let too_short = if s.too_short > 0 {
        format!(", {} too short to judge", s.too_short)
    } else {
        String::new()
    };
    let threshold = if s.thresholds_vary {
        "their thresholds".to_string()
    } else {
        format!("{:.2}", s.fail_above)
    };
    let line = format!(
        "{} article{} checked: {} above {threshold}{too_short}, {} error{}",
        s.articles,
        if s.articles == 1 { "" } else { "s" },
        s.flagged,
        s.errors,
        if s.errors == 1 { "" } else { "s" }
    );
    let style = if s.errors > 0 || s.flagged > 0 {
        p.red
    } else {
        p.green
    };
    writeln!(out, "{}", paint(style, &line))?;
    for c in s.signals.iter().flatten() {
        writeln!(
            out,
            "  {} {}: {} finding{} in {} article{}",
            c.code,
            c.name,
            c.findings,
            if c.findings == 1 { "" } else { "s" },
            c.articles,
            if c.articles == 1 { "" } else { "s" },
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_features_scored_beyond_the_training_range() {
        let checker = crate::checker::Checker::new(crate::config::Config::default());
        let doc = crate::document::Document::from_text(
            "short.txt",
            "The council met on Monday and agreed on the budget for next year.",
        );
        let report = checker.check(&doc);
        let mut out = Vec::new();
        write_report(&mut out, &report, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("note: article length outside the range of the training articles"),
            "{text}"
        );
        // An article of ordinary length gets no note.
        let sentence = "The council met on Monday and agreed on the budget for the coming year after a long debate. ";
        let doc = crate::document::Document::from_text("long.txt", sentence.repeat(15));
        let mut out = Vec::new();
        write_report(&mut out, &checker.check(&doc), false).unwrap();
        assert!(!String::from_utf8(out).unwrap().contains("article length"));
    }

    #[test]
    fn verdict_words_follow_the_calibrated_probability() {
        let words = |flagged, too_short, n, prob| verdict(flagged, too_short, n, prob).1;
        assert_eq!(words(true, false, 300, 0.93), "likely machine-translated");
        assert_eq!(words(false, true, 1, 0.49), "too short to judge (1 word)");
        assert_eq!(words(false, true, 29, 0.7), "too short to judge (29 words)");
        // Unflagged above 0.5 only under a higher --fail-above.
        assert_eq!(
            words(false, false, 300, 0.7),
            "leans machine-translated, below the threshold"
        );
        assert_eq!(words(false, false, 300, 0.35), "inconclusive");
        assert_eq!(
            words(false, false, 300, 0.2),
            "no strong signs of machine translation"
        );
    }

    /// A snippet of `line` with `span`, cut from a longer line as marked.
    fn snippet(
        line: &str,
        span: std::ops::Range<usize>,
        cut_before: bool,
        cut_after: bool,
    ) -> Snippet {
        Snippet {
            line_text: line.to_string(),
            span,
            cut_before,
            cut_after,
        }
    }

    #[test]
    fn concise_output_is_a_line_per_piece_of_evidence() {
        let checker = crate::checker::Checker::new(crate::config::Config::default());
        let text = include_str!("../../corpus/examples/roundtrip.txt");
        let report = checker.check(&crate::document::Document::from_text("rt.txt", text));
        assert!(report.evidence.len() >= 5);
        let mut out = Vec::new();
        write_concise(&mut out, &report, false).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1 + report.evidence.len(), "{out}");
        assert!(
            lines[0].starts_with("rt.txt: ") && lines[0].ends_with("likely machine-translated")
        );
        for (line, e) in lines[1..].iter().zip(&report.evidence) {
            let head = format!("rt.txt:{}:{}: {} {}", e.line, e.column, e.code, e.name);
            assert!(line.starts_with(&head), "{line}");
        }
        assert_eq!(one_line("a\nb\r\nc"), "a b  c");
    }

    #[test]
    fn window_keeps_short_lines_whole() {
        let (s, at, w) = window(&snippet("He said so.", 0..2, false, false));
        assert_eq!((s.as_str(), at, w), ("He said so.", 0, 2));
        // Marked where the report cut the snippet from a longer line.
        let cut = |before, after| window(&snippet("said He left", 5..7, before, after));
        assert_eq!(cut(true, false), ("…said He left".into(), 6, 2));
        assert_eq!(cut(false, true), ("said He left…".into(), 5, 2));
    }

    #[test]
    fn window_spells_out_characters_that_print_nothing() {
        let line = "the area of \u{200B}\u{200B}the port";
        let (s, at, w) = window(&snippet(line, 12..21, false, false));
        assert_eq!(s, "the area of \\u{200b}\\u{200b}the port");
        assert_eq!(
            &s.chars().skip(at).take(w).collect::<String>(),
            "\\u{200b}\\u{200b}the"
        );
    }

    #[test]
    fn window_cuts_long_lines_around_the_span() {
        let line = format!("{}He{}", "a".repeat(300), "b".repeat(300));
        let (s, at, w) = window(&snippet(&line, 300..302, false, false));
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert_eq!(&s.chars().skip(at).take(w).collect::<String>(), "He");
    }
}
