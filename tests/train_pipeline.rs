//! The train/eval pipeline end to end on the tiny invented corpus in
//! `corpus/train/`: real feature extraction, training, scoring, evaluation.

use std::path::PathBuf;

use calque::corpus::Label;
use calque::eval::{auc, calibration, score};
use calque::model::Model;
use calque::train::{load_dataset, to_json, train, TrainOptions};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/train/toy.jsonl")
}

#[test]
fn training_is_deterministic_to_the_byte() {
    let a = load_dataset(&[fixture()], &[], true).unwrap();
    let b = load_dataset(&[fixture()], &[], true).unwrap();
    let options = TrainOptions { l2: 1e-2, folds: 3 };
    let first = to_json(&train(&a, options, vec!["toy.jsonl".into()]));
    let second = to_json(&train(&b, options, vec!["toy.jsonl".into()]));
    assert_eq!(first, second);
    let model = Model::from_json(&first).unwrap();
    assert!(model.features.iter().any(|f| f.name == "MT010.the_of"));
    assert!(model.features.windows(2).all(|w| w[0].name < w[1].name));
}

#[test]
fn separable_toy_corpus_reaches_auc_one() {
    let data = load_dataset(&[fixture()], &[], true).unwrap();
    let model = train(&data, TrainOptions { l2: 1e-2, folds: 3 }, vec![]);
    let scored = score(&model, &data);
    let mt = scored.select(|i| scored.labels[i] == Label::Mt);
    let ht = scored.select(|i| scored.labels[i] == Label::Ht);
    let orig = scored.select(|i| scored.labels[i] == Label::Orig);
    assert_eq!(auc(&mt, &ht), Some(1.0));
    assert_eq!(auc(&mt, &orig), Some(1.0));
    let machine: Vec<bool> = scored.labels.iter().map(|l| l.is_machine()).collect();
    let weights = calque::train::class_weights(&scored.labels);
    let cal = calibration(&scored.probabilities, &machine, &weights, 10);
    assert!(cal.ece < 0.25, "{cal:?}");
}

/// The toy corpus and its scores under a model trained on it.
fn toy_scores() -> (calque::train::Dataset, calque::eval::Scored) {
    let data = load_dataset(&[fixture()], &[], true).unwrap();
    let model = train(&data, TrainOptions { l2: 1e-2, folds: 3 }, vec![]);
    let scored = score(&model, &data);
    (data, scored)
}

#[test]
fn per_document_scores_name_each_document_once() {
    let (data, scored) = toy_scores();
    let tsv = calque::eval::scores_tsv(&data, &scored);
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines[0], "id\tlabel\tsrc_lang\tsystem\tprobability");
    assert_eq!(lines.len(), data.rows.len() + 1);
    for (line, (meta, p)) in lines[1..]
        .iter()
        .zip(data.meta.iter().zip(&scored.probabilities))
    {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 5, "{line}");
        assert_eq!(fields[0], meta.id);
        assert_eq!(fields[1], meta.label.as_str());
        let printed: f64 = fields[4].parse().unwrap();
        assert_eq!(printed, *p);
    }
}

#[test]
fn a_baseline_of_the_same_scores_changes_nothing() {
    let (data, scored) = toy_scores();
    let tsv = calque::eval::scores_tsv(&data, &scored);
    let read = calque::eval::read_scores_tsv(&tsv, "docs.tsv").unwrap();
    let baseline = calque::eval::baseline_for(&data, &read, "docs.tsv").unwrap();
    assert_eq!(baseline, scored.probabilities);
    let report = calque::eval::baseline_report(&scored, &baseline, "docs.tsv");
    assert!(
        report.contains("mt vs both  +0.000  (+0.000 to +0.000)"),
        "{report}"
    );
    // Scores of another corpus, or a file missing a document, are refused.
    let fewer: String = tsv
        .lines()
        .take(tsv.lines().count() - 1)
        .map(|l| format!("{l}\n"))
        .collect();
    let read = calque::eval::read_scores_tsv(&fewer, "docs.tsv").unwrap();
    let err = calque::eval::baseline_for(&data, &read, "docs.tsv").unwrap_err();
    assert!(err.to_string().contains("same corpus"), "{err}");
}
