//! `calque train`: fits the scoring model on labelled corpora.
//!
//! Every signal feature (rates per 1,000 words, shares, the length feature) is
//! standardised and combined by an L2-regularised logistic regression, solved
//! exactly by Newton's method. Classes are weighted so that `mt`, `ht` and
//! `orig` each matter: the machine side carries half of the total weight and
//! the two human sides a quarter each, whatever their document counts.
//!
//! The raw log-odds are then calibrated with Platt scaling fitted on
//! cross-fitted scores: documents are split into folds by `group` (so a
//! machine translation and the human translation of the same source always
//! fall in the same fold), each fold is scored by a model that never saw it,
//! and `p = sigmoid(a * z + b)` is fitted on those held-out scores, classes
//! weighted as in the fit (so probabilities hold at an even prior). The
//! slope also depends on length: opening excerpts of every training article
//! (15, 30 and 60 words by default, never used to fit the weights) are scored
//! by the same fold models, and the calibration learns how much less the
//! raw log-odds of a text shorter than the median article are worth
//! ([`crate::model::ShortText`]). Everything is deterministic: fixed fold
//! assignment (a hash of the group name), fixed iteration order, no random
//! numbers, features sorted by name.

use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;
use rayon::prelude::*;

use crate::checker::{Checker, LENGTH_FEATURE};
use crate::config::Config;
use crate::corpus::{self, Label, LabeledDoc};
use crate::document::Document;
use crate::error::Error;
use crate::model::{sigmoid, FeatureWeight, Model, Platt, ShortText};
use crate::signals::mt_phrasing::Lexicon;
use crate::text::{Analysis, TokenKind};

/// Version written into trained models.
pub const MODEL_VERSION: u32 = 1;

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Labelled corpora (JSON Lines with `label`, `group`, `text`, …).
    #[arg(long, required = true, num_args = 1.., value_name = "FILE.jsonl")]
    pub corpus: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, value_name = "FILE", default_value = "models/model.json")]
    pub out: PathBuf,
    /// L2 penalty on the standardised weights.
    #[arg(long, default_value_t = TrainOptions::default().l2, value_name = "LAMBDA")]
    pub l2: f64,
    /// Folds for the cross-fitted calibration.
    #[arg(long, default_value_t = TrainOptions::default().folds, value_name = "K")]
    pub folds: usize,
    /// MT006 lexicon to extract features with [default: the one built into
    /// calque]. One file for all corpora, or one per `--corpus` in the same
    /// order, so that each corpus is read with a lexicon mined without it.
    #[arg(long, num_args = 1.., value_name = "FILE.tsv")]
    pub lexicon: Vec<PathBuf>,
    /// MT011 model to extract features with [default: the one built into
    /// calque]; one file for all corpora, or one per `--corpus`.
    #[arg(long, num_args = 1.., value_name = "FILE.bin", conflicts_with = "cross_fit_translationese")]
    pub translationese: Vec<PathBuf>,
    /// Replace the MT011 feature by cross-fitted scores: each corpus (or,
    /// for a single corpus, each half of its groups) is scored by an MT011
    /// model fitted without it, so its weight is not inflated in-sample.
    #[arg(long)]
    pub cross_fit_translationese: bool,
    /// Word counts (comma-separated) of the opening excerpts, whole sentences
    /// from each training article's start, that calibrate texts shorter than
    /// the median training article; `0` turns that calibration off.
    #[arg(long, value_delimiter = ',', default_values_t = DEFAULT_EXCERPTS, value_name = "WORDS")]
    pub excerpts: Vec<usize>,
    /// Signals (codes or names) whose features the model leaves out.
    #[arg(long, num_args = 1.., value_name = "CODE")]
    pub disable: Vec<String>,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Default `--excerpts`: openings of about 15, 30 and 60 words.
pub const DEFAULT_EXCERPTS: [usize; 3] = [15, 30, 60];

/// Knobs of the fit.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    pub l2: f64,
    pub folds: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self { l2: 0.03, folds: 5 }
    }
}

/// What we know about one training document besides its features.
#[derive(Debug, Clone)]
pub struct DocMeta {
    pub id: String,
    pub label: Label,
    pub group: String,
    pub src_lang: String,
    pub system: String,
}

impl DocMeta {
    pub fn of(doc: &LabeledDoc) -> Self {
        Self {
            id: doc.id.clone(),
            label: doc.label,
            group: doc.group.clone(),
            src_lang: doc.src_lang.clone(),
            system: doc.system.clone(),
        }
    }
}

/// A feature matrix: one row per document, one column per feature name.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Column names, sorted.
    pub names: Vec<String>,
    pub rows: Vec<Vec<f64>>,
    pub meta: Vec<DocMeta>,
}

impl Dataset {
    /// Assemble rows from named feature lists; missing features are zero.
    pub fn from_features(items: Vec<(DocMeta, Vec<(String, f64)>)>) -> Self {
        let names: Vec<String> = items
            .iter()
            .flat_map(|(_, f)| f.iter().map(|(k, _)| k.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let index: BTreeMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let mut rows = Vec::with_capacity(items.len());
        let mut meta = Vec::with_capacity(items.len());
        for (m, features) in items {
            let mut row = vec![0.0; names.len()];
            for (k, v) in features {
                if v.is_finite() {
                    row[index[k.as_str()]] = v;
                }
            }
            rows.push(row);
            meta.push(m);
        }
        Self { names, rows, meta }
    }

    /// The same rows with columns `names` (another dataset's): a column this
    /// one lacks is zero, one `names` lacks is dropped.
    pub fn aligned_to(self, names: &[String]) -> Dataset {
        let index: BTreeMap<&str, usize> = self
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let columns: Vec<Option<usize>> = names
            .iter()
            .map(|n| index.get(n.as_str()).copied())
            .collect();
        let rows = self
            .rows
            .iter()
            .map(|r| columns.iter().map(|c| c.map_or(0.0, |j| r[j])).collect())
            .collect();
        Dataset {
            names: names.to_vec(),
            rows,
            meta: self.meta,
        }
    }

    pub fn labels(&self) -> Vec<bool> {
        self.meta.iter().map(|m| m.label.is_machine()).collect()
    }
}

/// Run every signal over every document (in parallel, order kept).
/// `progress` is called once per document.
pub fn extract(
    docs: &[LabeledDoc],
    checker: &Checker,
    progress: &(dyn Fn() + Sync),
) -> Vec<Vec<(String, f64)>> {
    docs.par_iter()
        .map(|d| {
            let doc = Document::from_text(d.id.clone(), d.text.clone());
            let features = checker.extract(&doc).features;
            progress();
            features
        })
        .collect()
}

/// Read a model file (`read`, then `parse`) for the length of the run: a
/// read failure is an I/O error, a parse failure a configuration error
/// naming the file.
pub fn load_for_run<'p, R, T>(
    path: &'p Path,
    read: impl FnOnce(&'p Path) -> std::io::Result<R>,
    parse: impl FnOnce(R) -> Result<T, String>,
) -> Result<&'static T, Error> {
    let raw = read(path).map_err(|e| Error::Io {
        path: path.to_owned(),
        source: e,
    })?;
    let value = parse(raw).map_err(|message| Error::Config {
        path: path.to_owned(),
        message,
    })?;
    Ok(Box::leak(Box::new(value)))
}

/// Read an MT006 lexicon file for the length of the run.
pub fn load_lexicon(path: &Path) -> Result<&'static Lexicon, Error> {
    load_for_run(path, std::fs::read_to_string, |text| Lexicon::parse(&text))
}

/// Read corpora and extract their features. `lexicons` is empty (the
/// embedded MT006 lexicon), one file for every corpus, or one per corpus.
pub fn load_dataset(
    paths: &[PathBuf],
    lexicons: &[PathBuf],
    quiet: bool,
) -> Result<Dataset, Error> {
    load_dataset_full(paths, lexicons, &[], &Config::default(), None, quiet)
}

/// [`load_dataset`] with a configuration (signals it disables give no
/// features) and an MT011 model: `translationese` is empty (the embedded
/// model), one file, or one per corpus. With `opening`, each document is
/// cut to its opening of about that many words ([`opening_excerpt`]).
pub fn load_dataset_full(
    paths: &[PathBuf],
    lexicons: &[PathBuf],
    translationese: &[PathBuf],
    config: &Config,
    opening: Option<usize>,
    quiet: bool,
) -> Result<Dataset, Error> {
    let mut parts = load_corpora(paths, lexicons, translationese, config)?;
    if let Some(words) = opening {
        for (docs, _) in &mut parts {
            docs.par_iter_mut().for_each(|d| {
                if let Some(text) = opening_excerpt(&d.text, words) {
                    d.text = text;
                }
            });
        }
    }
    let views: Vec<(&[LabeledDoc], &Checker)> =
        parts.iter().map(|(d, c)| (d.as_slice(), c)).collect();
    Ok(extract_parts(&views, quiet))
}

/// Each corpus with the checker that reads it (its lexicon and MT011 model).
pub type CorpusParts = Vec<(Vec<LabeledDoc>, Checker)>;

/// Read corpora and set up a checker for each; see [`load_dataset_full`].
pub fn load_corpora(
    paths: &[PathBuf],
    lexicons: &[PathBuf],
    translationese: &[PathBuf],
    config: &Config,
) -> Result<CorpusParts, Error> {
    for (flag, files) in [
        ("--lexicon", lexicons),
        ("--translationese", translationese),
    ] {
        if files.len() > 1 && files.len() != paths.len() {
            return Err(Error::Usage(format!(
                "{flag} takes one file or one per --corpus ({} corpora, {} files)",
                paths.len(),
                files.len()
            )));
        }
    }
    let mut parts = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        let mut checker = Checker::new(config.clone());
        if let Some(lexicon) = lexicons.get(i).or(lexicons.first()) {
            checker = checker.with_lexicon(load_lexicon(lexicon)?);
        }
        if let Some(model) = translationese.get(i).or(translationese.first()) {
            checker = checker.with_translationese(crate::translationese_fit::load(model)?);
        }
        parts.push((corpus::read(p)?, checker));
    }
    if parts.iter().all(|(docs, _)| docs.is_empty()) {
        return Err(Error::Usage("the corpus has no documents".into()));
    }
    Ok(parts)
}

/// The features of every document of every part, each read by its part's
/// checker, in order.
fn extract_parts(parts: &[(&[LabeledDoc], &Checker)], quiet: bool) -> Dataset {
    let total: usize = parts.iter().map(|(docs, _)| docs.len()).sum();
    let bar = progress_bar(total as u64, quiet, "extracting features");
    let mut rows = Vec::with_capacity(total);
    for &(docs, checker) in parts {
        let features = extract(docs, checker, &|| bar.inc(1));
        rows.extend(docs.iter().map(DocMeta::of).zip(features));
    }
    bar.finish_and_clear();
    Dataset::from_features(rows)
}

/// The opening of `text`: whole sentences from the start until at least
/// `words` words, or `None` when that would be the whole scored text.
pub fn opening_excerpt(text: &str, words: usize) -> Option<String> {
    opening_ends(text, &[words])
        .first()
        .map(|&end| text[..end].to_string())
}

/// Where the openings of `text` end, for each of `lengths` (ascending) in
/// turn: after the first whole sentence that brings the count to that many
/// words. Stops at the first length whose opening would be the whole scored
/// text. One tokenisation serves every length.
fn opening_ends(text: &str, lengths: &[usize]) -> Vec<usize> {
    let doc = Document::from_text("", text);
    let analysis = Analysis::new(&doc);
    let mut ends = Vec::with_capacity(lengths.len());
    let mut wanted = lengths.iter().copied().peekable();
    let mut count = 0;
    for sentence in &analysis.sentences {
        count += analysis.tokens[sentence.clone()]
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .count();
        while wanted.next_if(|&n| count >= n).is_some() {
            if count >= analysis.word_count {
                return ends;
            }
            ends.push(analysis.tokens[sentence.end - 1].end);
        }
        if wanted.peek().is_none() {
            break;
        }
    }
    ends
}

/// Opening excerpts of every document of `docs`, for each length in
/// `lengths` (an excerpt equal to a shorter one is kept once).
/// Each keeps its article's label and metadata, and its group, or the
/// article's id as group when it has none, so that cross-fitting keeps an
/// excerpt in its article's fold. Articles with neither give no excerpts.
pub fn opening_excerpts(docs: &[LabeledDoc], lengths: &[usize]) -> Vec<LabeledDoc> {
    let mut lengths: Vec<usize> = lengths.iter().copied().filter(|&n| n > 0).collect();
    lengths.sort_unstable();
    lengths.dedup();
    docs.par_iter()
        .filter(|d| !(d.group.is_empty() && d.id.is_empty()))
        .map(|d| {
            let group = fold_key(&d.group, &d.id);
            let ends = opening_ends(&d.text, &lengths);
            let mut out: Vec<LabeledDoc> = Vec::new();
            let mut previous_end = None;
            for (&n, &end) in lengths.iter().zip(&ends) {
                if previous_end.replace(end) == Some(end) {
                    continue;
                }
                out.push(LabeledDoc {
                    id: format!("{}#opening{n}", d.id),
                    group: group.to_string(),
                    label: d.label,
                    src_lang: d.src_lang.clone(),
                    system: d.system.clone(),
                    year: d.year,
                    text: d.text[..end].to_string(),
                });
            }
            out
        })
        .flatten()
        .collect()
}

/// A progress bar on stderr for runs over many documents; hidden otherwise.
pub fn progress_bar(len: u64, quiet: bool, message: &'static str) -> indicatif::ProgressBar {
    if quiet || len < 200 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{msg} {bar:40} {pos}/{len} documents ({per_sec}, {eta} left)",
        )
        .expect("static template is valid"),
    );
    bar.set_message(message);
    bar
}

/// Sample weights: machine documents carry half the total weight, and the
/// human labels present share the other half equally, so neither the
/// majority class nor the larger human label dominates the fit.
pub fn class_weights(labels: &[Label]) -> Vec<f64> {
    let mut counts: BTreeMap<Label, usize> = BTreeMap::new();
    for &l in labels {
        *counts.entry(l).or_default() += 1;
    }
    let human_labels = counts.keys().filter(|l| !l.is_machine()).count().max(1);
    let n = labels.len() as f64;
    labels
        .iter()
        .map(|l| {
            let share = if l.is_machine() {
                if human_labels > 0 && counts.len() > 1 {
                    0.5
                } else {
                    1.0
                }
            } else if counts.contains_key(&Label::Mt) {
                0.5 / human_labels as f64
            } else {
                1.0 / human_labels as f64
            };
            share * n / counts[l] as f64
        })
        .collect()
}

/// Coefficients of a fitted logistic regression.
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    pub bias: f64,
    pub weights: Vec<f64>,
}

impl Logistic {
    pub fn decision(&self, row: &[f64]) -> f64 {
        self.bias
            + self
                .weights
                .iter()
                .zip(row)
                .map(|(w, x)| w * x)
                .sum::<f64>()
    }
}

/// Weighted, L2-regularised logistic regression by Newton's method.
///
/// Minimises `Σ wᵢ·logloss(yᵢ, b + β·xᵢ) / Σ wᵢ + l2/2·‖β‖²` (the bias is not
/// penalised). With `l2 > 0` the objective is strictly convex, so Newton steps
/// with step halving converge even on separable data.
pub fn fit_logistic(rows: &[Vec<f64>], y: &[bool], weights: &[f64], l2: f64) -> Logistic {
    let d = rows.first().map_or(0, Vec::len);
    let dim = d + 1;
    let total: f64 = weights.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    let mut theta = vec![0.0; dim];
    let objective = |theta: &[f64]| -> f64 {
        let mut loss = 0.0;
        for ((row, &yi), &wi) in rows.iter().zip(y).zip(weights) {
            let z = theta[0] + dot(&theta[1..], row);
            // log(1 + e^z) - y z, computed stably.
            let softplus = if z > 0.0 {
                z + (-z).exp().ln_1p()
            } else {
                z.exp().ln_1p()
            };
            loss += wi * (softplus - if yi { z } else { 0.0 });
        }
        loss / total + 0.5 * l2 * theta[1..].iter().map(|t| t * t).sum::<f64>()
    };
    let mut current = objective(&theta);
    for _ in 0..100 {
        let mut grad = vec![0.0; dim];
        let mut hess = vec![0.0; dim * dim];
        for ((row, &yi), &wi) in rows.iter().zip(y).zip(weights) {
            let z = theta[0] + dot(&theta[1..], row);
            let p = sigmoid(z);
            let r = wi * (p - f64::from(u8::from(yi))) / total;
            let h = wi * p * (1.0 - p) / total;
            grad[0] += r;
            hess[0] += h;
            for j in 0..d {
                grad[j + 1] += r * row[j];
                let hj = h * row[j];
                hess[j + 1] += hj;
                for k in 0..=j {
                    hess[(j + 1) * dim + k + 1] += hj * row[k];
                }
            }
        }
        for j in 1..dim {
            grad[j] += l2 * theta[j];
            hess[j * dim + j] += l2;
            hess[j * dim] = hess[j];
            for k in 0..j {
                hess[k * dim + j] = hess[j * dim + k];
            }
        }
        // A tiny ridge keeps the bias direction solvable when all p are 0 or 1.
        hess[0] += 1e-12;
        let Some(step) = cholesky_solve(&hess, &grad, dim) else {
            break;
        };
        let mut t = 1.0;
        let mut improved = false;
        for _ in 0..30 {
            let candidate: Vec<f64> = theta.iter().zip(&step).map(|(a, s)| a - t * s).collect();
            let value = objective(&candidate);
            if value <= current {
                let gain = current - value;
                theta = candidate;
                current = value;
                improved = gain > 1e-14 * current.abs().max(1.0);
                break;
            }
            t *= 0.5;
        }
        let step_norm = step.iter().map(|s| s * s).sum::<f64>().sqrt() * t;
        if !improved || step_norm < 1e-10 {
            break;
        }
    }
    Logistic {
        bias: theta[0],
        weights: theta[1..].to_vec(),
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Solve `A x = b` for a symmetric positive-definite `A` (row-major, n×n).
fn cholesky_solve(a: &[f64], b: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = a[i * n + j] - (0..j).map(|k| l[i * n + k] * l[j * n + k]).sum::<f64>();
            if i == j {
                if s <= 0.0 || !s.is_finite() {
                    return None;
                }
                l[i * n + i] = s.sqrt();
            } else {
                l[i * n + j] = s / l[j * n + j];
            }
        }
    }
    let mut y = vec![0.0; n];
    for i in 0..n {
        y[i] = (b[i] - (0..i).map(|k| l[i * n + k] * y[k]).sum::<f64>()) / l[i * n + i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        x[i] = (y[i] - (i + 1..n).map(|k| l[k * n + i] * x[k]).sum::<f64>()) / l[i * n + i];
    }
    Some(x)
}

/// Mean and (population) standard deviation of each column; a constant
/// column gets scale 1 so it contributes nothing.
pub fn standardisation(rows: &[Vec<f64>], d: usize) -> Vec<(f64, f64)> {
    let n = rows.len().max(1) as f64;
    (0..d)
        .map(|j| {
            let mean = rows.iter().map(|r| r[j]).sum::<f64>() / n;
            let var = rows.iter().map(|r| (r[j] - mean).powi(2)).sum::<f64>() / n;
            let sd = var.sqrt();
            (mean, if sd > 1e-12 { sd } else { 1.0 })
        })
        .collect()
}

fn standardise(rows: &[Vec<f64>], stats: &[(f64, f64)]) -> Vec<Vec<f64>> {
    rows.iter()
        .map(|r| r.iter().zip(stats).map(|(x, (m, s))| (x - m) / s).collect())
        .collect()
}

/// Fold of a group: a fixed hash (FNV-1a) of its name, so folds never
/// depend on input order or on the process.
pub fn fold_of(group: &str, folds: usize) -> usize {
    let h = crate::text::fnv_bytes(crate::text::FNV_OFFSET, group.as_bytes());
    (h % folds.max(1) as u64) as usize
}

/// Whether a feature counts located evidence (findings per 1,000 words, a
/// finding count, a share of foreign text). More evidence must never lower
/// the score: a moderator who sees misoriented quotes listed as evidence
/// cannot be told they made the article look more human. In WMT some of
/// these lean the other way for reasons of the corpus (human translators
/// carry their source's quote conventions), so their weights are held at
/// zero or above.
pub fn is_evidence_feature(name: &str) -> bool {
    name.ends_with("rate") || name.ends_with(".count") || name == "MT007.foreign_share"
}

/// [`fit_logistic`] with the weights of the columns marked in `nonnegative`
/// held at zero or above: an active set, where a column whose weight comes
/// out negative is fixed at zero and the rest refitted, and a fixed column is
/// freed again when refitting with it gives it a positive weight.
pub fn fit_logistic_nonnegative(
    rows: &[Vec<f64>],
    y: &[bool],
    weights: &[f64],
    l2: f64,
    nonnegative: &[bool],
) -> Logistic {
    let d = rows.first().map_or(0, Vec::len);
    let mut fixed = vec![false; d];
    let fit_free = |fixed: &[bool]| -> Logistic {
        let keep: Vec<usize> = (0..d).filter(|&j| !fixed[j]).collect();
        let reduced: Vec<Vec<f64>> = rows
            .iter()
            .map(|r| keep.iter().map(|&j| r[j]).collect())
            .collect();
        let fit = fit_logistic(&reduced, y, weights, l2);
        let mut full = vec![0.0; d];
        for (&j, &w) in keep.iter().zip(&fit.weights) {
            full[j] = w;
        }
        Logistic {
            bias: fit.bias,
            weights: full,
        }
    };
    let mut fit = fit_free(&fixed);
    // Each round fixes or frees one column; 2d + 1 rounds bound any cycling.
    for _ in 0..=2 * d {
        let most_negative = (0..d)
            .filter(|&j| nonnegative.get(j).copied().unwrap_or(false) && !fixed[j])
            .filter(|&j| fit.weights[j] < 0.0)
            .min_by(|&a, &b| fit.weights[a].total_cmp(&fit.weights[b]));
        if let Some(j) = most_negative {
            fixed[j] = true;
            fit = fit_free(&fixed);
            continue;
        }
        let freed = (0..d).filter(|&j| fixed[j]).find_map(|j| {
            let mut trial = fixed.clone();
            trial[j] = false;
            let candidate = fit_free(&trial);
            (candidate.weights[j] > 0.0).then_some((trial, candidate))
        });
        match freed {
            Some((trial, candidate)) => {
                fixed = trial;
                fit = candidate;
            }
            None => break,
        }
    }
    fit
}

/// Standardise, weight and fit: the uncalibrated model on `rows`, evidence
/// features held non-negative.
fn fit_standardised(
    rows: &[Vec<f64>],
    labels: &[Label],
    names: &[String],
    l2: f64,
) -> (Vec<(f64, f64)>, Logistic) {
    let stats = standardisation(rows, names.len());
    let z = standardise(rows, &stats);
    let y: Vec<bool> = labels.iter().map(|l| l.is_machine()).collect();
    let w = class_weights(labels);
    let nonnegative: Vec<bool> = names.iter().map(|n| is_evidence_feature(n)).collect();
    let fit = fit_logistic_nonnegative(&z, &y, &w, l2, &nonnegative);
    (stats, fit)
}

/// Platt scaling: fit `sigmoid(a z + b)` to outcomes `y` under row weights.
/// With [`class_weights`] the probabilities are calibrated for an even prior
/// (half the articles machine-translated), not for the corpus' own balance,
/// which says nothing about the articles a moderator will see.
pub fn fit_platt(scores: &[f64], y: &[bool], weights: &[f64]) -> Platt {
    let rows: Vec<Vec<f64>> = scores.iter().map(|&s| vec![s]).collect();
    let fit = fit_logistic(&rows, y, weights, 1e-6);
    Platt {
        a: fit.weights.first().copied().unwrap_or(1.0),
        b: fit.bias,
        short: None,
    }
}

/// Out-of-fold raw log-odds for every row (cross-fitting by group).
pub fn cross_fitted_scores(data: &Dataset, options: TrainOptions) -> Vec<f64> {
    cross_fitted_scores_with(data, &Dataset::default(), options).0
}

/// The fold of every row: by group, so a machine translation and the human
/// translation of the same source (and their excerpts) share a fold; an
/// ungrouped row by its id (its excerpts are grouped under that id), and a
/// row with neither by position.
fn row_folds(data: &Dataset, folds: usize) -> Vec<usize> {
    data.meta
        .iter()
        .enumerate()
        .map(|(i, m)| match fold_key(&m.group, &m.id) {
            "" => i % folds.max(1),
            key => fold_of(key, folds),
        })
        .collect()
}

/// What decides a document's fold: its group, or its id when it has none.
pub fn fold_key<'a>(group: &'a str, id: &'a str) -> &'a str {
    if group.is_empty() {
        id
    } else {
        group
    }
}

/// [`cross_fitted_scores`] of `data`, and of `extra` rows (excerpts of
/// `data`'s articles) scored by the same fold models, which never fit on them.
pub fn cross_fitted_scores_with(
    data: &Dataset,
    extra: &Dataset,
    options: TrainOptions,
) -> (Vec<f64>, Vec<f64>) {
    let labels: Vec<Label> = data.meta.iter().map(|m| m.label).collect();
    let folds = row_folds(data, options.folds);
    let extra_folds = row_folds(extra, options.folds);
    let mut scores = vec![0.0; data.rows.len()];
    let mut extra_scores = vec![0.0; extra.rows.len()];
    for k in 0..options.folds.max(1) {
        let train: Vec<usize> = (0..data.rows.len()).filter(|&i| folds[i] != k).collect();
        if train.is_empty() || train.len() == data.rows.len() {
            continue;
        }
        let rows: Vec<Vec<f64>> = train.iter().map(|&i| data.rows[i].clone()).collect();
        let labs: Vec<Label> = train.iter().map(|&i| labels[i]).collect();
        let (stats, fit) = fit_standardised(&rows, &labs, &data.names, options.l2);
        let score = |row: &[f64]| {
            let z: Vec<f64> = row
                .iter()
                .zip(&stats)
                .map(|(x, (m, s))| (x - m) / s)
                .collect();
            fit.decision(&z)
        };
        for i in (0..data.rows.len()).filter(|&i| folds[i] == k) {
            scores[i] = score(&data.rows[i]);
        }
        for i in (0..extra.rows.len()).filter(|&i| extra_folds[i] == k) {
            extra_scores[i] = score(&extra.rows[i]);
        }
    }
    (scores, extra_scores)
}

/// Platt scaling that depends on length ([`ShortText`]): `p = sigmoid(a z +
/// slope s z + b)` with `s` the shortfall of `doc.log_words` (column
/// `length`) below the median training article and `slope <= 0`, fitted on
/// the held-out raw log-odds of the training articles and of their opening
/// excerpts, weighted by [`class_weights`] over both.
fn fit_length_platt(
    data: &Dataset,
    excerpts: &Dataset,
    held_out: &[f64],
    excerpt_scores: &[f64],
    length: usize,
) -> Platt {
    let mut lengths: Vec<f64> = data.rows.iter().map(|r| r[length]).collect();
    lengths.sort_by(f64::total_cmp);
    let below = lengths[lengths.len() / 2];
    let labels: Vec<Label> = data
        .meta
        .iter()
        .chain(&excerpts.meta)
        .map(|m| m.label)
        .collect();
    let rows: Vec<Vec<f64>> = held_out
        .iter()
        .zip(&data.rows)
        .chain(excerpt_scores.iter().zip(&excerpts.rows))
        .map(|(&z, r)| vec![z, -(below - r[length]).max(0.0) * z])
        .collect();
    let y: Vec<bool> = labels.iter().map(|l| l.is_machine()).collect();
    // The second column is negated and its weight held non-negative: a
    // shorter text may count for less, never for more.
    let fit = fit_logistic_nonnegative(&rows, &y, &class_weights(&labels), 1e-6, &[false, true]);
    Platt {
        a: fit.weights[0],
        b: fit.bias,
        short: Some(ShortText {
            below,
            slope: -fit.weights[1],
        }),
    }
}

/// Each column's smallest and largest value (rounded outwards to the stored
/// precision, so every training value stays inside); `None` for an empty set.
fn feature_ranges(rows: &[Vec<f64>], d: usize) -> Vec<Option<[f64; 2]>> {
    (0..d)
        .map(|j| {
            let column = rows.iter().map(|r| r[j]);
            let lo = column.clone().fold(f64::INFINITY, f64::min);
            let hi = column.fold(f64::NEG_INFINITY, f64::max);
            (lo <= hi).then(|| [round_down(lo), round_up(hi)])
        })
        .collect()
}

/// Fit the full model: weights on all rows, Platt on cross-fitted scores.
pub fn train(data: &Dataset, options: TrainOptions, trained_on: Vec<String>) -> Model {
    train_with_excerpts(data, &Dataset::default(), options, trained_on)
}

/// [`train`], with the calibration of short articles ([`ShortText`]) fitted
/// on `excerpts`: opening excerpts of `data`'s articles, with the same
/// feature columns, never used to fit the weights.
pub fn train_with_excerpts(
    data: &Dataset,
    excerpts: &Dataset,
    options: TrainOptions,
    trained_on: Vec<String>,
) -> Model {
    let d = data.names.len();
    let labels: Vec<Label> = data.meta.iter().map(|m| m.label).collect();
    let (stats, fit) = fit_standardised(&data.rows, &labels, &data.names, options.l2);
    let ranges = feature_ranges(&data.rows, d);
    let mut calibration = Platt::default();
    if options.folds >= 2 {
        let (held_out, excerpt_scores) = cross_fitted_scores_with(data, excerpts, options);
        let length = data.names.iter().position(|n| n == LENGTH_FEATURE);
        calibration = match length {
            Some(j) if !excerpts.rows.is_empty() => {
                fit_length_platt(data, excerpts, &held_out, &excerpt_scores, j)
            }
            _ => fit_platt(&held_out, &data.labels(), &class_weights(&labels)),
        };
    }
    Model {
        version: MODEL_VERSION,
        trained_on,
        bias: round(fit.bias),
        features: data
            .names
            .iter()
            .zip(&stats)
            .zip(&fit.weights)
            .zip(ranges)
            .map(|(((name, &(mean, scale)), &weight), range)| FeatureWeight {
                name: name.clone(),
                mean: round(mean),
                scale: round(scale),
                weight: round(weight),
                range,
            })
            .collect(),
        calibration: Platt {
            a: round(calibration.a),
            b: round(calibration.b),
            short: calibration.short.map(|short| ShortText {
                below: round(short.below),
                slope: round(short.slope),
            }),
        },
    }
}

/// Twelve significant digits: stable bytes across platforms' last-bit noise.
fn round(x: f64) -> f64 {
    round_with(x, f64::round)
}

/// [`round`] towards negative infinity.
fn round_down(x: f64) -> f64 {
    round_with(x, f64::floor)
}

/// [`round`] towards positive infinity.
fn round_up(x: f64) -> f64 {
    round_with(x, f64::ceil)
}

/// `x` to 12 significant digits, rounded with `to_integer`.
fn round_with(x: f64, to_integer: fn(f64) -> f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return if x.is_finite() { 0.0 } else { x };
    }
    let digits = 12 - x.abs().log10().ceil() as i32;
    let factor = 10f64.powi(digits.clamp(-300, 300));
    to_integer(x * factor) / factor
}

/// The model as pretty JSON with a final newline.
pub fn to_json(model: &Model) -> String {
    let mut s = serde_json::to_string_pretty(model).expect("model serialises");
    s.push('\n');
    s
}

/// `calque train`.
pub fn run(args: TrainArgs) -> Result<i32, Error> {
    if args.folds == 1 || args.l2 < 0.0 || !args.l2.is_finite() {
        return Err(Error::Usage(
            "--folds must be 0 (no calibration) or at least 2, --l2 finite and >= 0".into(),
        ));
    }
    for key in &args.disable {
        if crate::signals::lookup(key).is_none() {
            return Err(Error::Usage(format!(
                "--disable: unknown signal `{key}` (see `calque signals`)"
            )));
        }
    }
    let config = Config {
        disable: args.disable.clone(),
        ..Config::default()
    };
    let parts = load_corpora(&args.corpus, &args.lexicon, &args.translationese, &config)?;
    // Excerpts calibrate short articles, which needs the held-out scores of
    // a calibrated fit.
    let excerpt_docs: Vec<Vec<LabeledDoc>> = if args.folds >= 2 {
        parts
            .iter()
            .map(|(docs, _)| opening_excerpts(docs, &args.excerpts))
            .collect()
    } else {
        Vec::new()
    };
    let views: Vec<(&[LabeledDoc], &Checker)> =
        parts.iter().map(|(d, c)| (d.as_slice(), c)).collect();
    let excerpt_views: Vec<(&[LabeledDoc], &Checker)> = excerpt_docs
        .iter()
        .zip(&parts)
        .map(|(d, (_, c))| (d.as_slice(), c))
        .collect();
    let mut data = extract_parts(&views, args.quiet);
    let mut excerpts = extract_parts(&excerpt_views, args.quiet).aligned_to(&data.names);
    if args.cross_fit_translationese {
        let column = data.names.iter().position(|n| n == "MT011.score");
        if let Some(column) = column {
            let corpora: Vec<&[LabeledDoc]> = views.iter().map(|(d, _)| *d).collect();
            let extra: Vec<&[LabeledDoc]> = excerpt_views.iter().map(|(d, _)| *d).collect();
            let (scores, excerpt_scores) = crate::translationese_fit::cross_fitted_scores(
                &corpora,
                &extra,
                crate::translationese_fit::DEFAULT_L2,
                args.quiet,
            );
            for (row, s) in data.rows.iter_mut().zip(scores) {
                row[column] = s;
            }
            for (row, s) in excerpts.rows.iter_mut().zip(excerpt_scores) {
                row[column] = s;
            }
        }
    }
    let trained_on = args
        .corpus
        .iter()
        .map(|p| {
            p.file_name()
                .map_or_else(|| p.display().to_string(), |f| f.to_string_lossy().into())
        })
        .collect();
    let model = train_with_excerpts(
        &data,
        &excerpts,
        TrainOptions {
            l2: args.l2,
            folds: args.folds,
        },
        trained_on,
    );
    write(&args.out, &to_json(&model))?;
    let counts = label_counts(&data);
    crate::output::note(format_args!(
        "calque: trained on {} documents ({counts}), {} features -> {}",
        data.rows.len(),
        data.names.len(),
        args.out.display()
    ));
    Ok(0)
}

pub fn label_counts(data: &Dataset) -> String {
    let mut counts: BTreeMap<Label, usize> = BTreeMap::new();
    for m in &data.meta {
        *counts.entry(m.label).or_default() += 1;
    }
    counts
        .iter()
        .map(|(l, n)| format!("{} {n}", l.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Write `text` to `path`, creating its folder.
pub fn write(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io {
            path: dir.to_owned(),
            source: e,
        })?;
    }
    std::fs::write(path, text).map_err(|e| Error::Io {
        path: path.to_owned(),
        source: e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(label: Label, group: &str) -> DocMeta {
        DocMeta {
            id: group.into(),
            label,
            group: group.into(),
            src_lang: "de".into(),
            system: "X".into(),
        }
    }

    #[test]
    fn cholesky_solves_a_small_system() {
        // [[4,2],[2,3]] x = [2,1] -> x = [0.5, 0]
        let x = cholesky_solve(&[4.0, 2.0, 2.0, 3.0], &[2.0, 1.0], 2).unwrap();
        assert!((x[0] - 0.5).abs() < 1e-12 && x[1].abs() < 1e-12, "{x:?}");
        assert!(cholesky_solve(&[0.0, 0.0, 0.0, 0.0], &[1.0, 1.0], 2).is_none());
    }

    #[test]
    fn logistic_recovers_the_log_odds_of_a_balanced_design() {
        // x = 0: 1 of 4 positive (log-odds ln 1/3); x = 1: 3 of 4 (ln 3).
        let rows: Vec<Vec<f64>> = [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]
            .iter()
            .map(|&x| vec![x])
            .collect();
        let y = [true, false, false, false, true, true, true, false];
        let fit = fit_logistic(&rows, &y, &[1.0; 8], 0.0);
        assert!((fit.bias - (1.0f64 / 3.0).ln()).abs() < 1e-8, "{fit:?}");
        assert!((fit.weights[0] - 2.0 * 3.0f64.ln()).abs() < 1e-8, "{fit:?}");
    }

    #[test]
    fn weights_act_like_repeated_rows() {
        let rows = vec![vec![0.0], vec![0.0], vec![1.0], vec![1.0]];
        let y = [true, false, true, false];
        // Weight 3 on the x=1 positive = three copies of it: odds 3 at x = 1.
        let fit = fit_logistic(&rows, &y, &[1.0, 1.0, 3.0, 1.0], 0.0);
        assert!(fit.bias.abs() < 1e-8);
        assert!((fit.weights[0] - 3.0f64.ln()).abs() < 1e-8, "{fit:?}");
    }

    #[test]
    fn separable_data_converges_with_a_penalty() {
        let rows: Vec<Vec<f64>> = (0..20).map(|i| vec![f64::from(i)]).collect();
        let y: Vec<bool> = (0..20).map(|i| i >= 10).collect();
        let fit = fit_logistic(&rows, &y, &[1.0; 20], 1e-3);
        assert!(fit.weights[0] > 0.5 && fit.weights[0].is_finite());
        assert!(fit.decision(&[12.0]) > 0.0 && fit.decision(&[7.0]) < 0.0);
    }

    #[test]
    fn evidence_weights_stay_non_negative() {
        // Both columns follow the label with some noise: column 0 for it,
        // column 1 against it.
        let rows: Vec<Vec<f64>> = (0..60)
            .map(|i| {
                let sign = if i % 2 == 1 { 1.0 } else { -1.0 };
                let flip0 = if i % 5 == 0 { -1.0 } else { 1.0 };
                let flip1 = if i % 3 == 0 { -1.0 } else { 1.0 };
                vec![sign * flip0, -sign * flip1]
            })
            .collect();
        let y: Vec<bool> = (0..60).map(|i| i % 2 == 1).collect();
        let w = vec![1.0; 60];
        let free = fit_logistic(&rows, &y, &w, 0.1);
        assert!(free.weights[1] < 0.0, "{free:?}");
        let held = fit_logistic_nonnegative(&rows, &y, &w, 0.1, &[false, true]);
        assert_eq!(held.weights[1], 0.0);
        assert!(held.weights[0] > 0.0);
        // With nothing marked it is the plain fit.
        assert_eq!(
            fit_logistic_nonnegative(&rows, &y, &w, 0.1, &[false, false]),
            free
        );
        // A marked column whose weight is positive anyway is left alone.
        assert_eq!(
            fit_logistic_nonnegative(&rows, &y, &w, 0.1, &[true, false]),
            free
        );
    }

    #[test]
    fn evidence_features_are_the_finding_rates_and_counts() {
        assert!(is_evidence_feature("MT002.misoriented_rate"));
        assert!(is_evidence_feature("MT001.count"));
        assert!(is_evidence_feature("MT007.foreign_share"));
        assert!(!is_evidence_feature("MT008.mattr"));
        assert!(!is_evidence_feature("MT011.score"));
        assert!(!is_evidence_feature("doc.log_words"));
    }

    #[test]
    fn feature_ranges_hold_every_training_value() {
        let rows = vec![
            vec![1.0, 5.0],
            vec![-2.0, 7.123_456_789_012_345],
            vec![0.5, 6.0],
        ];
        let ranges = feature_ranges(&rows, 2);
        assert_eq!(ranges[0], Some([-2.0, 1.0]));
        let [lo, hi] = ranges[1].unwrap();
        assert_eq!(lo, 5.0);
        // Stored to 12 digits, rounded outwards.
        assert!(hi >= 7.123_456_789_012_345 && hi - 7.123_456_789_012_345 < 1e-10);
        assert_eq!(feature_ranges(&[], 1), vec![None]);
    }

    #[test]
    fn class_weights_give_each_side_its_share() {
        let labels = [Label::Mt, Label::Mt, Label::Mt, Label::Ht, Label::Orig];
        let w = class_weights(&labels);
        let total: f64 = w.iter().sum();
        assert!((total - 5.0).abs() < 1e-12);
        assert!((w[0] * 3.0 - 2.5).abs() < 1e-12);
        assert!((w[3] - 1.25).abs() < 1e-12 && (w[4] - 1.25).abs() < 1e-12);
    }

    #[test]
    fn platt_maps_scores_to_observed_frequencies() {
        // Score 1: 3 of 4 machine; score -1: 1 of 4. So a·1 + b = ln 3, -a + b = -ln 3.
        let s = [1.0, 1.0, 1.0, 1.0, -1.0, -1.0, -1.0, -1.0];
        let y = [true, true, true, false, true, false, false, false];
        let p = fit_platt(&s, &y, &[1.0; 8]);
        assert!((p.a - 3.0f64.ln()).abs() < 1e-4, "{p:?}");
        assert!(p.b.abs() < 1e-6, "{p:?}");
    }

    #[test]
    fn folds_are_stable_and_spread() {
        assert_eq!(
            fold_of("wmt21.de-en.c001", 5),
            fold_of("wmt21.de-en.c001", 5)
        );
        let used: BTreeSet<usize> = (0..50).map(|i| fold_of(&format!("g{i}"), 5)).collect();
        assert_eq!(used.len(), 5);
    }

    fn toy() -> Dataset {
        let mut items = Vec::new();
        for i in 0..40 {
            let label = match i % 4 {
                0 => Label::Ht,
                1 => Label::Orig,
                _ => Label::Mt,
            };
            let signal = if label.is_machine() { 3.0 } else { 0.5 } + f64::from(i % 5) * 0.1;
            items.push((
                meta(label, &format!("g{}", i / 4)),
                vec![
                    ("MT900.rate".to_string(), signal),
                    ("doc.log_words".to_string(), 5.0 + f64::from(i % 3)),
                ],
            ));
        }
        Dataset::from_features(items)
    }

    #[test]
    fn opening_excerpts_are_whole_sentences() {
        let text = "One two three. Four five six seven.\nEight nine.";
        assert_eq!(
            opening_excerpt(text, 4).as_deref(),
            Some("One two three. Four five six seven.")
        );
        assert_eq!(opening_excerpt(text, 2).as_deref(), Some("One two three."));
        // Reaching the end is not an excerpt.
        assert_eq!(opening_excerpt(text, 9), None);
        assert_eq!(opening_excerpt(text, 100), None);

        let doc = LabeledDoc {
            id: "d".into(),
            group: "g".into(),
            label: Label::Ht,
            src_lang: "de".into(),
            system: String::new(),
            year: 2022,
            text: text.into(),
        };
        // 2 and 3 words give the same first sentence: kept once.
        let out = opening_excerpts(std::slice::from_ref(&doc), &[3, 2, 0, 4, 50]);
        let ids: Vec<&str> = out.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["d#opening2", "d#opening4"]);
        assert!(out.iter().all(|d| d.group == "g" && d.label == Label::Ht));
        // Ungrouped: the excerpts are grouped under the article's id, which
        // puts them in the article's fold.
        let ungrouped = LabeledDoc {
            id: "u".into(),
            group: String::new(),
            ..doc.clone()
        };
        let excerpts = opening_excerpts(std::slice::from_ref(&ungrouped), &[2]);
        assert_eq!(excerpts[0].group, "u");
        let rows = |docs: &[LabeledDoc]| Dataset {
            names: Vec::new(),
            rows: vec![Vec::new(); docs.len()],
            meta: docs.iter().map(DocMeta::of).collect(),
        };
        assert_eq!(
            row_folds(&rows(std::slice::from_ref(&ungrouped)), 5),
            row_folds(&rows(&excerpts), 5)
        );
        let anonymous = LabeledDoc {
            id: String::new(),
            ..ungrouped
        };
        assert!(opening_excerpts(&[anonymous], &[2]).is_empty());
    }

    #[test]
    fn short_texts_are_calibrated_towards_the_baseline() {
        let data = toy();
        // Excerpts much shorter than the articles, whose signal says nothing
        // about their label.
        let items = (0..40)
            .map(|i| {
                let label = [Label::Ht, Label::Orig, Label::Mt, Label::Mt][i % 4];
                let signal = [3.0, 0.5][i / 4 % 2];
                (
                    meta(label, &format!("g{}", i / 4)),
                    vec![
                        ("MT900.rate".to_string(), signal),
                        ("doc.log_words".to_string(), 3.0),
                    ],
                )
            })
            .collect();
        let excerpts = Dataset::from_features(items).aligned_to(&data.names);
        let m = train_with_excerpts(&data, &excerpts, TrainOptions::default(), vec![]);
        let short = m.calibration.short.expect("length calibration");
        assert_eq!(short.below, 6.0, "median training length");
        assert!(short.slope < 0.0, "{short:?}");
        // The same signal is worth less in a short text.
        let p = |log_words: f64| {
            m.score(&[("MT900.rate", 3.0), ("doc.log_words", log_words)])
                .probability
        };
        assert!(p(3.0) < p(6.0) && p(3.0) > 0.5, "{} {}", p(3.0), p(6.0));
        assert_eq!(
            to_json(&m),
            to_json(&train_with_excerpts(
                &data,
                &excerpts,
                TrainOptions::default(),
                vec![]
            ))
        );
        // Excerpts that separate as well as the articles do: the shorter
        // text never counts for more than a full article.
        let sharp = Dataset {
            rows: data.rows.iter().map(|r| vec![r[0], 3.0]).collect(),
            ..data.clone()
        };
        let m = train_with_excerpts(&data, &sharp, TrainOptions::default(), vec![]);
        assert_eq!(m.calibration.short.map(|s| s.slope), Some(0.0));
        // Without excerpts, plain Platt scaling.
        assert!(train(&data, TrainOptions::default(), vec![])
            .calibration
            .short
            .is_none());
    }

    #[test]
    fn aligned_datasets_share_columns() {
        let d = Dataset::from_features(vec![(
            meta(Label::Mt, "a"),
            vec![("b".into(), 1.0), ("z".into(), 9.0)],
        )]);
        let names = ["a".to_string(), "b".to_string()];
        let aligned = d.aligned_to(&names);
        assert_eq!(aligned.names, names);
        assert_eq!(aligned.rows[0], [0.0, 1.0]);
    }

    #[test]
    fn dataset_columns_are_sorted_and_missing_is_zero() {
        let d = Dataset::from_features(vec![
            (
                meta(Label::Mt, "a"),
                vec![("b".into(), 1.0), ("a".into(), 2.0)],
            ),
            (meta(Label::Ht, "a"), vec![("c".into(), 3.0)]),
        ]);
        assert_eq!(d.names, ["a", "b", "c"]);
        assert_eq!(d.rows[0], [2.0, 1.0, 0.0]);
        assert_eq!(d.rows[1], [0.0, 0.0, 3.0]);
    }

    #[test]
    fn training_twice_gives_identical_bytes() {
        let data = toy();
        let a = to_json(&train(&data, TrainOptions::default(), vec!["toy".into()]));
        let b = to_json(&train(&data, TrainOptions::default(), vec!["toy".into()]));
        assert_eq!(a, b);
        let m = Model::from_json(&a).unwrap();
        assert_eq!(m.features.len(), 2);
        assert!(m.features[0].weight > 0.0, "{a}");
    }

    #[test]
    fn trained_model_separates_the_toy_set() {
        let data = toy();
        let m = train(&data, TrainOptions::default(), vec![]);
        let names = &data.names;
        for (row, meta) in data.rows.iter().zip(&data.meta) {
            let f: Vec<(String, f64)> = names.iter().cloned().zip(row.iter().copied()).collect();
            let p = m.score(&f).probability;
            assert_eq!(p > 0.5, meta.label.is_machine(), "{p} {meta:?}");
        }
    }
}
