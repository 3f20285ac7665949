//! Every MT006 lexicon entry that occurs in a seed article must also occur in
//! the corpus it was mined from: an entry found in a seed but in no corpus
//! document could only have been written from the seed itself.

use calque::signals::mt_phrasing::{normalize_word, Lexicon};
use calque::text::Analysis;
use calque::Document;

const SEEDS: &str = "../shared/seeds";
const CORPUS: &str = "../shared/corpus";

fn files(dir: &str, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Text folded the way the lexicon folds words, with every non-word
/// character turned into a space, so a phrase is a space-delimited substring.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in normalize_word(text).chars() {
        if c.is_alphanumeric() || c == '\'' || c == '-' || c == '.' {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    out.push(' ');
    out
}

#[test]
fn lexicon_entries_in_seeds_come_from_the_corpus() {
    let seeds = files(SEEDS, "txt");
    if seeds.is_empty() {
        eprintln!("{SEEDS} not found; skipping");
        return;
    }
    let lexicon = Lexicon::embedded();
    let mut in_seeds: Vec<String> = Vec::new();
    for path in &seeds {
        let text = std::fs::read_to_string(path).unwrap();
        let doc = Document::from_text(path.display().to_string(), text);
        let analysis = Analysis::new(&doc);
        lexicon.scan(&analysis, |m| in_seeds.push(m.entry.phrase.to_string()));
    }
    in_seeds.sort();
    in_seeds.dedup();
    eprintln!("{} lexicon entries occur in the seeds", in_seeds.len());
    if in_seeds.is_empty() {
        return;
    }

    let corpora = files(CORPUS, "jsonl");
    assert!(
        !corpora.is_empty(),
        "{CORPUS} holds no corpus to check against"
    );
    let mut missing: Vec<String> = in_seeds.clone();
    for path in corpora {
        let text = std::fs::read_to_string(&path).unwrap();
        // Search the raw file first (line breaks unescaped); decode records
        // only for phrases not found that way (e.g. escaped apostrophes).
        let folded = fold(&text.replace("\\n", " "));
        missing.retain(|p| !folded.contains(&format!(" {p} ")));
        if missing.is_empty() {
            break;
        }
        for line in text.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let Some(t) = v.get("text").and_then(|t| t.as_str()) else {
                continue;
            };
            let folded = fold(t);
            missing.retain(|p| !folded.contains(&format!(" {p} ")));
            if missing.is_empty() {
                break;
            }
        }
    }
    assert!(
        missing.is_empty(),
        "lexicon entries found in a seed but in no corpus document: {missing:?}"
    );
}

/// The phrase rules of MT012 (construction-calque) that fire on a seed must
/// each fire on at least one corpus document too: a frame of fixed words that
/// only a seed contains could have been written from it. (MT004's rules are
/// typographic and structural, with no words of their own.)
#[test]
fn phrase_rules_in_seeds_fire_on_the_corpus() {
    use calque::signals::{registry, Context, SignalOutput};
    use std::collections::BTreeSet;

    let seeds = files(SEEDS, "txt");
    if seeds.is_empty() {
        eprintln!("{SEEDS} not found; skipping");
        return;
    }
    let rules: Vec<_> = registry()
        .iter()
        .filter(|s| s.info().code == "MT012")
        .collect();
    let config = calque::Config::default();
    let ctx = Context::new(&config);
    let kinds = |text: String| -> BTreeSet<String> {
        let doc = Document::from_text("t", text);
        let analysis = Analysis::new(&doc);
        let mut kinds = BTreeSet::new();
        for rule in &rules {
            let mut out = SignalOutput::default();
            rule.check(&analysis, &ctx, &mut out);
            for f in out.findings {
                kinds.insert(format!("{} {}", f.code, f.kind.unwrap_or("-")));
            }
        }
        kinds
    };
    let mut missing = BTreeSet::new();
    for path in &seeds {
        missing.extend(kinds(std::fs::read_to_string(path).unwrap()));
    }
    eprintln!("rule kinds firing on the seeds: {missing:?}");
    for path in files(CORPUS, "jsonl") {
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            if missing.is_empty() {
                return;
            }
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                for k in kinds(t.to_string()) {
                    missing.remove(&k);
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rule kinds firing on a seed but on no corpus document: {missing:?}"
    );
}
