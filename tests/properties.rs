//! Properties every report must have, whatever the input: no panic, a
//! probability in 0–1, evidence located inside the source it came from, and
//! output that every format can write (JSON that parses back).
//!
//! The inputs are random arrangements of the material the signals react to
//! (names, pronouns, quote marks of every style, numbers with foreign
//! separators, markup) mixed with text that is awkward to slice: multi-byte
//! and combining characters, characters whose case changes their length,
//! byte-order marks, control characters and unusual line breaks.

use calque::input::{self, html, markdown, InputFormat};
use calque::output::{Format, Printer};
use calque::report::{Report, Status};
use calque::{Checker, Config, Document};
use encoding_rs::Encoding;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "the",
    "The",
    "of",
    "He",
    "he",
    "she",
    "She",
    "his",
    "her",
    "Margaret",
    "Ellison",
    "Mr.",
    "Ms",
    "Mrs.",
    "said",
    "told",
    "reporters",
    "NATO",
    "the NATO",
    "Dr.",
    "John",
    "Anna",
    "Kowalski",
    "who",
    "that",
    "Also Read",
    "Leave a Reply",
    "der",
    "le",
    "el",
    "local",
    "life",
    "sense of food",
    "did not allow to",
    "in the territory of",
    "according to him,",
    "School. of",
    "U.S.",
    "“",
    "”",
    "\"",
    "'",
    "‘",
    "’",
    "«",
    "»",
    "„",
    ":",
    ";",
    ".",
    ",",
    "!",
    "?",
    "—",
    "–",
    "-",
    "…",
    "(",
    ")",
    ":”",
    ". “",
    "100.000",
    "$",
    "€",
    "$ 200",
    "1,5",
    "19.",
    "July",
    "2022",
    "%",
    "é",
    "ß",
    "İ",
    "ẞ",
    "\u{301}",
    "ﬁ",
    "ǅ",
    "ı",
    "K",
    "😀",
    "\u{200d}",
    "\u{202e}",
    "中文",
    "Привет",
    "мир",
    "ς",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "\u{a0}",
    "\u{2028}",
    "\u{feff}",
    "\u{7}",
    "<p>",
    "</p>",
    "&amp;",
    "&nbsp;",
    "<article>",
    "<script>x</script>",
    "<br>",
    "# ",
    "> ",
    "```",
    "*",
    "_",
    "[a](b)",
    "---",
];

fn pieces(count: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(PIECES), any::<bool>()), count).prop_map(|parts| {
        let mut s = String::new();
        for (piece, space) in parts {
            s.push_str(piece);
            if space {
                s.push(' ');
            }
        }
        s
    })
}

/// Random pieces, and in a third of the texts a run of pieces repeated
/// back to back, as a decoder loop (MT014) repeats them.
fn source() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => pieces(0..300),
        1 => (pieces(0..100), pieces(1..9), 1..12usize, pieces(0..100))
            .prop_map(|(before, unit, times, after)| before + &unit.repeat(times) + &after),
    ]
}

/// Characters in each line of `source`, as positions count them.
fn line_lengths(source: &str) -> Vec<usize> {
    source.split('\n').map(|l| l.chars().count()).collect()
}

fn assert_well_formed(report: &Report, source: &str) {
    // A scored article has a probability; one that is not says why.
    match report.status {
        Status::Ok => {
            let p = report
                .probability
                .expect("a scored article has a probability");
            assert!((0.0..=1.0).contains(&p), "probability {p}");
            assert!(report.error.is_none());
        }
        Status::UnsupportedLanguage | Status::Error => {
            assert!(report.probability.is_none() && !report.flagged);
            assert!(report.error.as_ref().is_some_and(|e| !e.is_empty()));
        }
    }
    let lines = line_lengths(source);
    for e in &report.evidence {
        let where_ = format!("{} at {}:{} in {source:?}", e.code, e.line, e.column);
        assert!((1..=lines.len()).contains(&e.line), "{where_}");
        assert!(
            e.column >= 1 && e.column <= lines[e.line - 1] + 1,
            "{where_}"
        );
        assert!((e.line, e.column) <= (e.end_line, e.end_column), "{where_}");
        assert!(e.end_line <= lines.len(), "{where_}");
        let span = &e.snippet.span;
        assert!(span.start <= span.end && span.end <= e.snippet.line_text.len());
        assert!(e.snippet.line_text.is_char_boundary(span.start), "{where_}");
        assert!(e.snippet.line_text.is_char_boundary(span.end), "{where_}");
        assert!(!e.message.is_empty());
        for r in &e.related {
            assert!((1..=lines.len()).contains(&r.line), "{where_}");
        }
    }
    for x in &report.excluded {
        assert!((1..=lines.len()).contains(&x.line));
    }
}

fn write_all_formats(report: &Report) {
    for format in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Jsonl,
        Format::Sarif,
        Format::Github,
    ] {
        let mut out = Vec::new();
        let mut printer = Printer::new(format, &mut out, true, 0.5);
        printer.report(report.clone()).expect("written to memory");
        let summary = printer.finish().expect("written to memory");
        assert_eq!(summary.articles, 1);
        // The machine-readable formats parse back.
        let parsed = |bytes: &[u8]| -> serde_json::Value {
            serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{format:?} output: {e}"))
        };
        match format {
            Format::Json => assert_eq!(parsed(&out)["reports"].as_array().map(Vec::len), Some(1)),
            Format::Sarif => assert_eq!(parsed(&out)["version"], "2.1.0"),
            Format::Jsonl => assert_eq!(parsed(out.trim_ascii_end())["schema"], 1),
            Format::Human | Format::Github => assert!(!out.is_empty()),
            // The verdict, a line per piece of evidence, the summary.
            Format::Concise => assert_eq!(
                String::from_utf8_lossy(&out).lines().count(),
                report.evidence.len() + 2
            ),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_text_gets_a_well_formed_report(source in source()) {
        let checker = Checker::new(Config::default());
        for doc in [
            Document::from_text("a.txt", source.clone()),
            html::extract("a.html", source.clone()).expect("shallow page"),
            markdown::extract("a.md", source.clone()),
        ] {
            let report = checker.check(&doc);
            assert_well_formed(&report, &source);
            write_all_formats(&report);
        }
        // MT011's sentences, shown on request, are well-formed evidence too.
        let showing = Checker::new(Config { skeleton_evidence: true, ..Config::default() });
        let report = showing.check(&Document::from_text("a.txt", source.clone()));
        assert_well_formed(&report, &source);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Workers reuse per-thread tables from one article to the next; an
    /// article's report must not depend on what was checked before it.
    #[test]
    fn a_report_does_not_depend_on_the_articles_checked_before(first in source(), second in source()) {
        let checker = Checker::new(Config::default());
        let alone = checker.check(&Document::from_text("b.txt", second.clone()));
        checker.check(&Document::from_text("a.txt", first));
        let after = checker.check(&Document::from_text("b.txt", second));
        prop_assert_eq!(alone, after);
    }
}

#[test]
fn the_checks_see_findings_in_the_generated_material() {
    // The properties mean little if the generated texts never produce
    // evidence: this arrangement of the pieces does.
    let source =
        "Anna Kowalski, the head of the union, spoke. He said the deal cost $ 200 million.\n\
                  “We agreed, “he told reporters. She added:” It holds.";
    let report = Checker::new(Config::default()).check(&Document::from_text("a.txt", source));
    assert!(report.evidence.len() >= 3, "{:?}", report.evidence);
    assert_well_formed(&report, source);
    write_all_formats(&report);
}

/// Words for pages whose every word can be found in the source as it is:
/// no character references, which the page's text decodes.
const PAGE_WORDS: &[&str] = &[
    "He",
    "said",
    "the",
    "talks",
    "A",
    "“We",
    "agreed,",
    "“she",
    "told",
    "reporters.",
    "$",
    "200",
    "100.000",
    "Margaret",
    "é",
    "Привет",
    "中文",
    "😀",
    "—",
    "‘quoted’",
    "«",
    "»",
    "of",
    "x<1",
    "R&D",
];
const PAGE_SPACES: &[&str] = &[" ", "  ", "\n", "\r\n", "\t", " \n "];
const PAGE_NOISE: &[&str] = &[
    "",
    "<nav><a href=\"/\">He said</a></nav>",
    "<script>var s = \"the talks\";</script>",
    "<!-- said the talks -->",
    "<div class=\"share-bar\">Share “We</div>",
    "<img alt=\"He said\">",
];

fn page() -> impl Strategy<Value = String> {
    let word = (prop::sample::select(PAGE_WORDS), 0..4usize).prop_map(|(w, style)| match style {
        0 => format!("<b>{w}</b>"),
        1 => format!("<a href=\"/{w}\">{w}</a>"),
        _ => w.to_string(),
    });
    let paragraph = prop::collection::vec((word, prop::sample::select(PAGE_SPACES)), 1..12);
    let block = (prop::sample::select(PAGE_NOISE), paragraph);
    prop::collection::vec(block, 1..8).prop_map(|blocks| {
        let mut page = String::from("<html><head><title>He said</title></head><body><article>\n");
        for (noise, words) in blocks {
            page.push_str(noise);
            page.push_str("<p>");
            for (w, space) in words {
                page.push_str(&w);
                page.push_str(space);
            }
            page.push_str("</p>\n");
        }
        page.push_str("</article></body></html>");
        page
    })
}

/// The byte offset of a 1-based line and character column.
fn byte_offset(source: &str, line: usize, column: usize) -> usize {
    let line_start: usize = source.split('\n').take(line - 1).map(|l| l.len() + 1).sum();
    let within = source[line_start..]
        .char_indices()
        .nth(column - 1)
        .map_or(source.len() - line_start, |(i, _)| i);
    line_start + within
}

/// The first character of the extracted text (white space aside, which
/// extraction collapses) whose position does not point at that character in
/// the source, with where it points instead.
fn misplaced(doc: &Document, source: &str) -> Option<String> {
    doc.text
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .find_map(|(at, c)| {
            let p = doc.position(at);
            let in_source = byte_offset(source, p.line, p.column);
            (!source[in_source..].starts_with(c)).then(|| {
                let shown: String = source[in_source..].chars().take(8).collect();
                format!(
                    "{c:?} (text offset {at}) at {}:{}, on {shown:?}",
                    p.line, p.column
                )
            })
        })
}

fn markdown_page() -> impl Strategy<Value = String> {
    let word = (prop::sample::select(PAGE_WORDS), 0..7usize).prop_map(|(w, style)| match style {
        0 => format!("*{w}*"),
        1 => format!("**{w}**"),
        2 => format!("[{w}](https://example.com/{})", w.len()),
        3 => format!("`{w}`"),
        // A code span across a line break, which becomes a space.
        4 => format!("`{w}\n{w}`"),
        _ => w.to_string(),
    });
    let line = prop::collection::vec((word, prop::sample::select(&[" ", "  ", "\t"][..])), 1..8);
    let opener = prop::sample::select(&["", "# ", "> ", "- ", "1. "][..]);
    let line_break = prop::sample::select(&["\n", "\r\n", "\n\n", "\r\n\r\n"][..]);
    prop::collection::vec((opener, line, line_break), 1..10).prop_map(|lines| {
        let mut page = String::new();
        for (opener, words, line_break) in lines {
            page.push_str(opener);
            for (w, space) in words {
                page.push_str(&w);
                page.push_str(space);
            }
            page.push_str(line_break);
        }
        page
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_character_of_a_page_is_located_where_it_is_in_the_source(page in page()) {
        let doc = html::extract("a.html", page.clone()).expect("shallow page");
        prop_assert_eq!(misplaced(&doc, &page), None);
    }

    #[test]
    fn every_character_of_markdown_is_located_where_it_is_in_the_source(page in markdown_page()) {
        let doc = markdown::extract("a.md", page.clone());
        prop_assert_eq!(misplaced(&doc, &page), None);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Any bytes in any format and encoding decode or give an error, never a
    /// panic; and text saved as UTF-16 of either byte order reads back as the
    /// same text saved as UTF-8 (each behind its byte-order mark).
    #[test]
    fn decoding_is_total_and_utf16_reads_as_utf8(
        source in source(),
        bytes in proptest::collection::vec(any::<u8>(), 0..96),
    ) {
        for format in [InputFormat::Text, InputFormat::Markdown, InputFormat::Html] {
            for label in [None, Some("windows-1252"), Some("shift_jis"), Some("utf-16be")] {
                let encoding = label.and_then(|l| Encoding::for_label(l.as_bytes()));
                let _ = input::decode("a", bytes.clone(), format, encoding);
            }
        }
        let read = |bom: &[u8], body: Vec<u8>| {
            input::decode("a", [bom.to_vec(), body].concat(), InputFormat::Text, None)
                .map_err(|e| e.to_string())
        };
        let utf8 = read(&[0xef, 0xbb, 0xbf], source.clone().into_bytes());
        let le = read(&[0xff, 0xfe], source.encode_utf16().flat_map(u16::to_le_bytes).collect());
        let be = read(&[0xfe, 0xff], source.encode_utf16().flat_map(u16::to_be_bytes).collect());
        prop_assert_eq!(&le, &utf8);
        prop_assert_eq!(&be, &utf8);
    }
}
