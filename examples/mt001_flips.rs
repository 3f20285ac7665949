//! Print every MT001 pronoun-gender flip in one label of a labelled corpus,
//! with the text before it, to review precision by hand.
//!
//! cargo run --release --example mt001_flips -- ../shared/corpus/wmt22.jsonl orig

use calque::document::floor_char;
use calque::signals::pronoun_gender_flip::find_flips;
use calque::text::Analysis;
use calque::Document;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: mt001_flips CORPUS.jsonl [mt|ht|orig]");
        std::process::exit(2);
    };
    let label = args.get(1).map_or("orig", String::as_str);
    let docs = calque::corpus::read(std::path::Path::new(path)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    for d in docs.iter().filter(|d| d.label.as_str() == label) {
        let doc = Document::from_text(d.id.clone(), d.text.clone());
        let analysis = Analysis::new(&doc);
        for f in find_flips(&analysis) {
            let start = floor_char(&doc.text, f.pronoun.start.saturating_sub(300));
            let end = floor_char(&doc.text, (f.pronoun.end + 80).min(doc.text.len()));
            println!(
                "== {} ({}, {})\n{}\n-- {}\n",
                d.id,
                d.src_lang,
                d.system,
                f.message,
                doc.text[start..end].replace('\n', " / ")
            );
        }
    }
}
