//! Throughput of each signal and of the whole scorer on real documents,
//! and of the scorer on one long text without sentence breaks.
//!
//! cargo bench --bench scorer
//!
//! Uses a fixed sample of `../shared/corpus/wmt22.jsonl` (every 20th document,
//! all labels) when it is there, else the bundled examples in `corpus/examples`.

use std::hint::black_box;
use std::path::Path;

use calque::checker::Checker;
use calque::signals::{registry, Context, SignalOutput};
use calque::text::Analysis;
use calque::{Config, Document};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn sample() -> Vec<Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus/wmt22.jsonl");
    if let Ok(docs) = calque::corpus::read(&corpus) {
        return docs
            .iter()
            .step_by(20)
            .map(|d| Document::from_text(d.id.clone(), d.text.clone()))
            .collect();
    }
    let dir = root.join("corpus/examples");
    let mut docs: Vec<Document> = std::fs::read_dir(&dir)
        .expect("corpus/examples exists")
        .filter_map(|e| {
            let p = e.ok()?.path();
            let text = std::fs::read_to_string(&p).ok()?;
            Some(Document::from_text(p.display().to_string(), text))
        })
        .collect();
    docs.sort_by(|a, b| a.origin.cmp(&b.origin));
    docs
}

fn benches(c: &mut Criterion) {
    let docs = sample();
    let bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
    let config = Config::default();
    let ctx = Context::new(&config);

    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("tokenize", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(Analysis::new(d).tokens.len());
            }
        })
    });
    let analyses: Vec<Analysis> = docs.iter().map(Analysis::new).collect();
    group.bench_function("language-id", |b| {
        b.iter(|| {
            for a in &analyses {
                black_box(calque::lang::detect_document(a));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("signal");
    group.throughput(Throughput::Bytes(bytes));
    for signal in registry() {
        let info = signal.info();
        group.bench_function(format!("{}-{}", info.code, info.name), |b| {
            b.iter(|| {
                for a in &analyses {
                    let mut out = SignalOutput::default();
                    signal.check(a, &ctx, &mut out);
                    black_box(out.findings.len());
                }
            })
        });
    }
    group.finish();

    let checker = Checker::new(Config::default());
    let mut group = c.benchmark_group("scorer");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("check", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(checker.check(d).probability);
            }
        })
    });
    group.bench_function("check+json", |b| {
        b.iter(|| {
            let mut sink = Vec::with_capacity(1 << 20);
            for d in &docs {
                serde_json::to_writer(&mut sink, &checker.check(d)).unwrap();
            }
            black_box(sink.len())
        })
    });
    group.finish();

    // A text without sentence or line breaks, dense in names, pronouns, quote
    // marks and words of another script, puts every finding on one line and
    // every mention in one sentence. Work must stay linear: the same
    // throughput at both sizes.
    let mut group = c.benchmark_group("unbroken-text");
    for kib in [100, 400] {
        let doc = Document::from_text("unbroken", unbroken_text(kib * 1024));
        group.throughput(Throughput::Bytes(doc.text.len() as u64));
        group.bench_function(format!("check-{kib}KiB"), |b| {
            b.iter(|| black_box(checker.check(&doc).evidence.len()))
        });
    }
    group.finish();
}

/// About `bytes` of one paragraph: names, pronouns, quote marks and a word
/// of another script in a fixed order that never ends a sentence, with a
/// quoted repetition loop every 64 pieces.
fn unbroken_text(bytes: usize) -> String {
    const PIECES: [&str; 17] = [
        "Anna Kowalski",
        "said",
        "he",
        "“",
        "would",
        "”",
        "John Smith",
        "told",
        "her",
        ", “he",
        "the",
        "talks",
        ":”",
        "she",
        "his",
        "Ms. Clark",
        "財政",
    ];
    let mut text = String::with_capacity(bytes + 32);
    // Steps coprime with the list's length vary the neighbours of each piece.
    for i in 0.. {
        if text.len() >= bytes {
            break;
        }
        text.push_str(PIECES[(i * 7 + i / 16) % PIECES.len()]);
        text.push(' ');
        if i % 64 == 63 {
            text.push_str("“the vote of the vote of the vote of the vote of the” ");
        }
    }
    text
}

criterion_group! {
    name = scorer;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(scorer);
