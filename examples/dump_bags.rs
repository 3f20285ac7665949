//! Write MT011's n-gram bag of every document of a labelled corpus, for
//! trying other learners on the same features outside calque: one line per
//! document, `id`, `label`, `group`, `src_lang` and the bag as
//! `bucket:value` pairs (sorted by bucket, unit length), tab-separated.
//!
//! cargo run --release --example dump_bags -- ../shared/corpus/wmt22.jsonl bags-wmt22.tsv

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use calque::corpus;
use calque::translationese_fit::bags;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus_path, out_path] = args.as_slice() else {
        eprintln!("usage: dump_bags CORPUS.jsonl OUT.tsv");
        std::process::exit(2);
    };
    let docs = corpus::read(&PathBuf::from(corpus_path)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2);
    });
    let written = std::fs::File::create(out_path).and_then(|file| {
        let mut out = BufWriter::new(file);
        for (d, bag) in docs.iter().zip(bags(&docs, false)) {
            write!(
                out,
                "{}\t{}\t{}\t{}\t",
                d.id,
                d.label.as_str(),
                d.group,
                d.src_lang
            )?;
            for (n, (bucket, value)) in bag.iter().enumerate() {
                let sep = if n == 0 { "" } else { " " };
                write!(out, "{sep}{bucket}:{value:.6}")?;
            }
            writeln!(out)?;
        }
        out.flush()
    });
    if let Err(e) = written {
        eprintln!("{out_path}: {e}");
        std::process::exit(2);
    }
}
