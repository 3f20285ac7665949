//! `calque translationese`: fits the MT011 model (`models/translationese.bin`).
//!
//! Each labelled document becomes its MT011 n-gram bag
//! ([`crate::signals::translationese::bag`]); an L2-regularised logistic
//! regression (the sparse L-BFGS solver of [`crate::sparse_logit`]) separates
//! `mt` from `ht` and `orig`, with the class weights of `calque train` (the
//! machine side carries half the weight, each human label a quarter). The fit
//! is single-threaded and deterministic; the weights are stored as 16-bit
//! integers with one scale.

use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use crate::corpus::{self, Label, LabeledDoc};
use crate::document::Document;
use crate::error::Error;
use crate::signals::translationese::{bag, QuantisedWeights, Weights, BITS};
use crate::sparse_logit::{self, Problem, SparseRows};
use crate::text::Analysis;
use crate::train;

/// L2 penalty of the fit (on the mean weighted log loss).
pub const DEFAULT_L2: f64 = 1e-5;
/// L-BFGS iterations.
const MAX_ITER: usize = 300;

#[derive(Debug, Args)]
pub struct TranslationeseArgs {
    /// Labelled corpora (JSON Lines with `label`, `group`, `text`, …).
    #[arg(long, required = true, num_args = 1.., value_name = "FILE.jsonl")]
    pub corpus: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, value_name = "FILE", default_value = "models/translationese.bin")]
    pub out: PathBuf,
    /// L2 penalty.
    #[arg(long, default_value_t = DEFAULT_L2, value_name = "LAMBDA")]
    pub l2: f64,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The MT011 bag of every document (in parallel, order kept).
pub fn bags(docs: &[LabeledDoc], quiet: bool) -> Vec<Vec<(u32, f64)>> {
    let bar = train::progress_bar(docs.len() as u64, quiet, "reading n-grams");
    let out = docs
        .par_iter()
        .map(|d| {
            let doc = Document::from_text(d.id.clone(), d.text.clone());
            let b = bag(&Analysis::new(&doc));
            bar.inc(1);
            b
        })
        .collect();
    bar.finish_and_clear();
    out
}

/// Fit the model on the documents `rows` of `bags`.
pub fn fit(bags: &[Vec<(u32, f64)>], labels: &[Label], rows: &[usize], l2: f64) -> Weights {
    let mut x = SparseRows::new(1 << BITS);
    for b in bags {
        x.push_row(b.iter().copied());
    }
    let positive: Vec<bool> = labels.iter().map(|l| l.is_machine()).collect();
    // Class weights over the rows used, so each side keeps its share.
    let used: Vec<Label> = rows.iter().map(|&i| labels[i]).collect();
    let mut sample_weight = vec![0.0; labels.len()];
    for (&i, w) in rows.iter().zip(train::class_weights(&used)) {
        sample_weight[i] = w;
    }
    let problem = Problem {
        x: &x,
        rows,
        positive: &positive,
        sample_weight: &sample_weight,
    };
    let f = sparse_logit::fit(&problem, l2, None, MAX_ITER);
    Weights {
        intercept: f.intercept as f32,
        weights: f.coef.iter().map(|&c| c as f32).collect(),
    }
}

/// Out-of-fold MT011 scores for every document of `corpora`, in order: with
/// two or more corpora each corpus is scored by a model fitted on the others
/// (one fold per corpus year, as the MT006 lexicons are cross-fitted); a
/// single corpus is split in two halves by `group`, each scored by a model
/// fitted on the other half. So the scorer learns how much MT011 is worth
/// from scores that never saw their own documents. `extra[k]` (excerpts of
/// corpus `k`'s documents, or nothing) is scored by the same models as its
/// corpus and never fitted on; its scores come second.
pub fn cross_fitted_scores(
    corpora: &[&[LabeledDoc]],
    extra: &[&[LabeledDoc]],
    l2: f64,
    quiet: bool,
) -> (Vec<f64>, Vec<f64>) {
    // An excerpt shares its article's fold: the same group, or for an
    // ungrouped article the article's id (see `train::opening_excerpts`).
    let folds = |parts: &[&[LabeledDoc]]| -> Vec<usize> {
        parts
            .iter()
            .enumerate()
            .flat_map(|(k, c)| {
                c.iter().map(move |d| {
                    if corpora.len() >= 2 {
                        k
                    } else {
                        train::fold_of(train::fold_key(&d.group, &d.id), 2)
                    }
                })
            })
            .collect()
    };
    let all_bags = |parts: &[&[LabeledDoc]]| -> Vec<Vec<(u32, f64)>> {
        parts.iter().flat_map(|c| bags(c, quiet)).collect()
    };
    let (doc_folds, extra_folds) = (folds(corpora), folds(extra));
    let (b, extra_bags) = (all_bags(corpora), all_bags(extra));
    let labels: Vec<Label> = corpora
        .iter()
        .flat_map(|c| c.iter().map(|d| d.label))
        .collect();
    let mut scores = vec![0.0; b.len()];
    let mut extra_scores = vec![0.0; extra_bags.len()];
    for k in 0..corpora.len().max(2) {
        let train_rows: Vec<usize> = (0..b.len()).filter(|&i| doc_folds[i] != k).collect();
        if train_rows.len() == b.len() || train_rows.is_empty() {
            continue;
        }
        let w = fit(&b, &labels, &train_rows, l2);
        for i in (0..b.len()).filter(|&i| doc_folds[i] == k) {
            scores[i] = w.score(&b[i]);
        }
        for i in (0..extra_bags.len()).filter(|&i| extra_folds[i] == k) {
            extra_scores[i] = w.score(&extra_bags[i]);
        }
    }
    (scores, extra_scores)
}

/// `calque translationese`.
pub fn run(args: &TranslationeseArgs) -> Result<i32, Error> {
    if args.l2 <= 0.0 || !args.l2.is_finite() {
        return Err(Error::Usage("--l2 must be finite and > 0".into()));
    }
    let mut docs = Vec::new();
    for p in &args.corpus {
        docs.extend(corpus::read(p)?);
    }
    if docs.is_empty() {
        return Err(Error::Usage("the corpus has no documents".into()));
    }
    let b = bags(&docs, args.quiet);
    let labels: Vec<Label> = docs.iter().map(|d| d.label).collect();
    let rows: Vec<usize> = (0..docs.len()).collect();
    let weights = fit(&b, &labels, &rows, args.l2);
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io {
            path: dir.to_owned(),
            source: e,
        })?;
    }
    std::fs::write(&args.out, weights.to_bytes()).map_err(|e| Error::Io {
        path: args.out.clone(),
        source: e,
    })?;
    crate::output::note(format_args!(
        "calque: fitted MT011 on {} documents -> {}",
        docs.len(),
        args.out.display()
    ));
    Ok(0)
}

/// Read a model file for the checker, for the length of the run.
pub fn load(path: &std::path::Path) -> Result<&'static QuantisedWeights, Error> {
    train::load_for_run(path, std::fs::read, QuantisedWeights::from_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(label: Label, text: &str) -> LabeledDoc {
        LabeledDoc {
            id: text.into(),
            group: "g".into(),
            label,
            src_lang: "de".into(),
            system: "X".into(),
            year: 2022,
            text: text.into(),
        }
    }

    #[test]
    fn separates_two_skeletons_whatever_the_topic() {
        let machine = [
            "It is reported that the talks in Geneva had failed.",
            "It is reported that the match in Madrid was cancelled.",
            "It is reported that the company in Berlin had closed.",
        ];
        let human = [
            "Talks in Geneva collapsed, officials said on Monday.",
            "Madrid's match was called off, the club said on Friday.",
            "A Berlin company shut down, its owners said on Tuesday.",
        ];
        let docs: Vec<LabeledDoc> = machine
            .iter()
            .map(|t| doc(Label::Mt, t))
            .chain(human.iter().map(|t| doc(Label::Ht, t)))
            .collect();
        let b = bags(&docs, true);
        let labels: Vec<Label> = docs.iter().map(|d| d.label).collect();
        let w = fit(&b, &labels, &[0, 1, 3, 4], 1e-3);
        // The held-out pair (rows 2 and 5), on a new topic, is ranked right.
        assert!(w.score(&b[2]) > w.score(&b[5]));
        assert!(w.score(&b[2]) > 0.0 && w.score(&b[5]) < 0.0);
        // Deterministic to the bit.
        assert_eq!(w, fit(&b, &labels, &[0, 1, 3, 4], 1e-3));
    }
}
