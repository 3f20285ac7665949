//! MT006 with any lexicon file on a labelled corpus: per label, the share of
//! documents with a finding and the means of `MT006.rate` and `MT006.score`,
//! plus how well the score ranks mt above ht (AUC), and the scan throughput.
//!
//! cargo run --release --example mt_phrasing_rates -- models/mt_phrasing.tsv ../shared/corpus/wmt22.jsonl

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use calque::config::Config;
use calque::corpus::{self, Label};
use calque::signals::mt_phrasing::{Lexicon, MtPhrasing};
use calque::signals::{Context, Signal, SignalOutput};
use calque::text::Analysis;
use calque::Document;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: mt_phrasing_rates LEXICON.tsv CORPUS.jsonl");
        std::process::exit(2);
    }
    let lexicon = Lexicon::parse(&std::fs::read_to_string(&args[0]).expect("read lexicon"))
        .expect("parse lexicon");
    let docs = corpus::read(&PathBuf::from(&args[1])).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let mut by_label: BTreeMap<Label, (usize, usize, f64, Vec<f64>)> = BTreeMap::new();
    let mut bytes = 0usize;
    let mut scan_time = 0.0;
    let config = Config::default();
    let ctx = Context {
        mt_lexicon: &lexicon,
        ..Context::new(&config)
    };
    for d in &docs {
        let doc = Document::from_text(d.id.clone(), d.text.clone());
        let analysis = Analysis::new(&doc);
        let mut out = SignalOutput::default();
        let t = Instant::now();
        MtPhrasing.check(&analysis, &ctx, &mut out);
        scan_time += t.elapsed().as_secs_f64();
        bytes += d.text.len();
        let get = |n: &str| out.features.iter().find(|f| f.0 == n).map_or(0.0, |f| f.1);
        let e = by_label.entry(d.label).or_default();
        e.0 += 1;
        e.1 += usize::from(!out.findings.is_empty());
        e.2 += get("MT006.rate");
        e.3.push(get("MT006.score"));
    }
    println!("{} on {} ({} entries)", args[0], args[1], lexicon.len());
    for (label, (n, flagged, rate, scores)) in &by_label {
        println!(
            "  {:<4} {:>5} docs  flagged {:>5.1}%  MT006.rate {:.3}  MT006.score {:+.3}",
            label.as_str(),
            n,
            100.0 * *flagged as f64 / *n as f64,
            rate / *n as f64,
            scores.iter().sum::<f64>() / *n as f64
        );
    }
    let scores = |l: Label| by_label.get(&l).map(|v| v.3.clone()).unwrap_or_default();
    let mut human = scores(Label::Ht);
    println!(
        "  AUC of MT006.score, mt vs ht:      {:.3}",
        calque::eval::auc(&scores(Label::Mt), &human).unwrap_or(f64::NAN)
    );
    human.extend(scores(Label::Orig));
    println!(
        "  AUC of MT006.score, mt vs ht+orig: {:.3}",
        calque::eval::auc(&scores(Label::Mt), &human).unwrap_or(f64::NAN)
    );
    println!(
        "  scan: {:.0} MB/s (lexicon matching only, one core)",
        bytes as f64 / 1e6 / scan_time
    );
}
