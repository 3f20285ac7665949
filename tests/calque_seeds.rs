//! The three calque layers, pattern rules (MT004 formatting-calque, MT012
//! construction-calque), the collocation model (MT005 unusual-collocation) and
//! the mined lexicon (MT006 mt-phrasing), on the shared seed articles and on
//! the hand-written fixtures in corpus/calques/.
//! Machine-translated seeds (000, 002, 004) must yield calque findings; the
//! human-written ones (001, 003) at most one.

use std::path::{Path, PathBuf};

use calque::checker::Checker;
use calque::{Config, Document};

const CODES: &[&str] = &["MT004", "MT005", "MT006", "MT012"];

fn findings(text: &str) -> Vec<String> {
    let checker = Checker::new(Config::default());
    let doc = Document::from_text("t", text.to_string());
    let x = checker.extract(&doc);
    x.outputs
        .iter()
        .filter(|(s, _)| CODES.contains(&s.info().code))
        .flat_map(|(s, o)| {
            o.findings.iter().map(|f| {
                format!(
                    "{} {}: {}",
                    s.info().code,
                    &doc.text[f.range.clone()],
                    f.message
                )
            })
        })
        .collect()
}

fn seed(prefix: &str) -> Option<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let entry = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p: &PathBuf| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })?;
    std::fs::read_to_string(entry).ok()
}

#[test]
fn machine_translated_seeds_have_calques() {
    for (prefix, min) in [("000", 3), ("002", 3), ("004", 3)] {
        let Some(text) = seed(prefix) else {
            eprintln!("seed {prefix} not found; skipped");
            continue;
        };
        let f = findings(&text);
        eprintln!("seed {prefix}: {f:#?}");
        assert!(f.len() >= min, "seed {prefix}: {f:#?}");
    }
}

#[test]
fn human_seeds_have_at_most_one_calque() {
    for prefix in ["001", "003"] {
        let Some(text) = seed(prefix) else {
            eprintln!("seed {prefix} not found; skipped");
            continue;
        };
        let f = findings(&text);
        eprintln!("seed {prefix}: {f:#?}");
        assert!(f.len() <= 1, "seed {prefix}: {f:#?}");
    }
}

/// A hand-written fixture from corpus/calques/.
fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/calques")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn fixtures_separate_calqued_from_native_formatting() {
    let calqued = fixture("formatting.txt");
    let native = fixture("native.txt");
    let f = findings(&calqued);
    assert!(
        f.iter().filter(|s| s.starts_with("MT004")).count() >= 10,
        "{f:#?}"
    );
    assert!(findings(&native).is_empty(), "{:#?}", findings(&native));
}

#[test]
fn fixtures_separate_calqued_from_native_constructions() {
    let calqued = fixture("constructions.txt");
    let native = fixture("constructions_native.txt");
    let f = findings(&calqued);
    let excerpts: Vec<&str> = f
        .iter()
        .filter(|s| s.starts_with("MT012"))
        .map(|s| s.split(':').next().unwrap())
        .collect();
    assert_eq!(
        excerpts,
        [
            "MT012 allow to cut",
            "MT012 allow to open",
            "MT012 in the territory of",
            "MT012 According to him"
        ],
        "{f:#?}"
    );
    assert!(findings(&native).is_empty(), "{:#?}", findings(&native));
}
