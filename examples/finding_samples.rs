//! Print findings of one signal on documents of one label, to read what a
//! signal flags (and how often it is wrong) on a labelled corpus.
//!
//! cargo run --release --example finding_samples -- ../shared/corpus/wmt22.jsonl MT002 orig [KIND] [LIMIT]

use std::path::PathBuf;

use calque::checker::Checker;
use calque::corpus;
use calque::{Config, Document};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: finding_samples CORPUS.jsonl CODE LABEL [KIND] [LIMIT]");
        std::process::exit(2);
    }
    let (path, code, label) = (&args[0], &args[1], &args[2]);
    let kind = args.get(3).filter(|k| k.as_str() != "-");
    let limit: usize = args.get(4).and_then(|l| l.parse().ok()).unwrap_or(40);
    let docs = corpus::read(&PathBuf::from(path)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let checker = Checker::new(Config::default());
    let mut shown = 0;
    for d in docs.iter().filter(|d| d.label.as_str() == label) {
        let doc = Document::from_text(d.id.clone(), d.text.clone());
        let x = checker.extract(&doc);
        for (signal, out) in &x.outputs {
            if signal.info().code != code {
                continue;
            }
            for f in &out.findings {
                if kind.is_some_and(|k| f.kind != Some(k.as_str())) {
                    continue;
                }
                println!(
                    "{} [{}] {}",
                    d.id,
                    f.kind.unwrap_or("-"),
                    doc.excerpt(f.range.clone(), 100)
                );
                shown += 1;
                if shown >= limit {
                    return;
                }
            }
        }
    }
}
