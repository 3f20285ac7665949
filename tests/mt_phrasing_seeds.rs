//! MT006 on the five shared seed articles: the human-written copies (001, 003)
//! must yield at most one finding each. The lexicon was mined from the WMT
//! corpus only; the seeds are a sanity check, never a source of entries.

use std::path::Path;

use calque::signals::mt_phrasing::MtPhrasing;
use calque::signals::{Context, Signal, SignalOutput};
use calque::text::Analysis;
use calque::{Config, Document};

const SEEDS: &str = "../shared/seeds";

fn seed(prefix: &str) -> Option<(String, String)> {
    let dir = std::fs::read_dir(Path::new(SEEDS)).ok()?;
    let mut names: Vec<_> = dir.flatten().map(|e| e.path()).collect();
    names.sort();
    let path = names.into_iter().find(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(prefix))
    })?;
    let text = std::fs::read_to_string(&path).ok()?;
    Some((path.display().to_string(), text))
}

fn run(text: &str) -> (Vec<String>, f64) {
    let config = Config::default();
    let doc = Document::from_text("seed", text);
    let analysis = Analysis::new(&doc);
    let mut out = SignalOutput::default();
    MtPhrasing.check(&analysis, &Context::new(&config), &mut out);
    let findings = out
        .findings
        .iter()
        .map(|f| format!("{:?} {}", doc.position(f.range.start), f.message))
        .collect();
    let score = out
        .features
        .iter()
        .find(|f| f.0 == "MT006.score")
        .map_or(0.0, |f| f.1);
    (findings, score)
}

#[test]
fn human_seeds_yield_at_most_one_finding() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let Some((path, text)) = seed(prefix) else {
            eprintln!("{SEEDS} not found; skipping");
            return;
        };
        let (findings, score) = run(&text);
        eprintln!(
            "{path}: {} findings, MT006.score {score:.2}",
            findings.len()
        );
        for f in &findings {
            eprintln!("  {f}");
        }
        if prefix == "001" || prefix == "003" {
            assert!(findings.len() <= 1, "{path}: {findings:#?}");
        }
    }
}
