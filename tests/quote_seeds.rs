//! The shared seed articles: round-trip-translated copies (000, 002) show
//! scrambled quotation marks; the human copies (001, 003) do not.

use std::path::PathBuf;

use calque::checker::Checker;
use calque::signals::Finding;
use calque::{Config, Document};

fn seed_findings(prefix: &str, code: &str) -> Vec<Finding> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"));
    let text = std::fs::read_to_string(entry.path()).unwrap();
    let doc = Document::from_text(entry.path().display().to_string(), text.clone());
    let extracted = Checker::new(Config::default()).extract(&doc);
    let findings: Vec<Finding> = extracted
        .outputs
        .into_iter()
        .filter(|(s, _)| s.info().code == code)
        .flat_map(|(_, o)| o.findings)
        .collect();
    for f in &findings {
        eprintln!(
            "{prefix} {code} {:?} {:?}: {}",
            f.kind,
            doc.excerpt(f.range.clone(), 60),
            f.message
        );
    }
    findings
}

#[test]
fn round_trip_copies_have_scrambled_quotes() {
    assert!(seed_findings("000", "MT002").len() >= 3);
    assert!(seed_findings("002", "MT002").len() >= 3);
}

#[test]
fn human_copies_have_few_or_no_quote_findings() {
    assert!(seed_findings("001", "MT002").len() <= 1);
    assert!(seed_findings("003", "MT002").is_empty());
}

#[test]
fn round_trip_copy_has_broken_sentence_breaks() {
    let found = seed_findings("002", "MT003");
    assert!(found
        .iter()
        .any(|f| f.kind == Some("lowercase-after-period")));
    assert!(seed_findings("003", "MT003").is_empty());
}

fn fixture_findings(name: &str) -> Vec<Finding> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/quotes")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = Document::from_text(path.display().to_string(), text);
    Checker::new(Config::default())
        .extract(&doc)
        .outputs
        .into_iter()
        .filter(|(s, _)| s.info().code == "MT002")
        .flat_map(|(_, o)| o.findings)
        .collect()
}

#[test]
fn correct_news_quotation_styles_pass() {
    assert_eq!(fixture_findings("correct.txt"), Vec::<Finding>::new());
}

#[test]
fn scrambled_quotes_are_each_found() {
    let kinds: Vec<_> = fixture_findings("scrambled.txt")
        .iter()
        .map(|f| f.kind.unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "inside-out-space",
            "inside-out-space",
            "colon-quote",
            "misoriented",
            "misoriented",
            "inside-out-space",
            "pile-up"
        ]
    );
}
