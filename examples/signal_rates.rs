//! Per-label signal statistics on a labelled corpus: for every signal, the
//! share of documents with at least one finding and the mean findings per
//! 1,000 words, for `mt`, `ht` and `orig`; and the mean of every feature.
//!
//! cargo run --release --example signal_rates -- ../shared/corpus/wmt22.jsonl [CODE...]

use std::collections::BTreeMap;
use std::path::PathBuf;

use calque::checker::Checker;
use calque::corpus::{self, Label};
use calque::{Config, Document};
use rayon::prelude::*;

#[derive(Default)]
struct Acc {
    docs: usize,
    flagged_docs: BTreeMap<&'static str, usize>,
    findings_per_kw: BTreeMap<&'static str, f64>,
    features: BTreeMap<String, f64>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: signal_rates CORPUS.jsonl [CODE...]");
        std::process::exit(2);
    };
    let only: Vec<String> = args.collect();
    let docs = corpus::read(&PathBuf::from(&path)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let checker = Checker::new(Config::default());
    let per_doc: Vec<_> = docs
        .par_iter()
        .map(|d| {
            let doc = Document::from_text(d.id.clone(), d.text.clone());
            let x = checker.extract(&doc);
            let counts: Vec<(&'static str, usize)> = x
                .outputs
                .iter()
                .map(|(s, o)| (s.info().code, o.findings.len()))
                .collect();
            (d.label, x.words, counts, x.features)
        })
        .collect();
    let mut acc: BTreeMap<Label, Acc> = BTreeMap::new();
    for (label, words, counts, features) in per_doc {
        let a = acc.entry(label).or_default();
        a.docs += 1;
        for (code, n) in counts {
            if !only.is_empty() && !only.iter().any(|o| o == code) {
                continue;
            }
            *a.flagged_docs.entry(code).or_default() += usize::from(n > 0);
            *a.findings_per_kw.entry(code).or_default() += n as f64 * 1000.0 / words.max(1) as f64;
        }
        for (k, v) in features {
            *a.features.entry(k).or_default() += v;
        }
    }
    println!("{path}");
    for (label, a) in &acc {
        println!("\n[{}] {} documents", label.as_str(), a.docs);
        for (code, n) in &a.flagged_docs {
            println!(
                "  {code}: {:>6.2}% of documents flagged, {:.3} findings per 1,000 words",
                100.0 * *n as f64 / a.docs as f64,
                a.findings_per_kw[code] / a.docs as f64
            );
        }
        for (k, v) in &a.features {
            if only.is_empty() || only.iter().any(|o| k.starts_with(o.as_str())) {
                println!("  feature {k}: mean {:.4}", v / a.docs as f64);
            }
        }
    }
}
