//! `calque eval`: how well a model separates machine translation from human
//! text on labelled corpora.
//!
//! Prints ROC AUC for `mt` against `orig`, against `ht`, and against both,
//! overall, per source language and per MT system, with confidence intervals
//! that count the documents of one group as one cluster; the expected
//! calibration error with a reliability table; and precision and recall at
//! the configured threshold. `--plot FILE.svg` draws the ROC curves and the
//! score histograms per label; `--baseline FILE.tsv` prints each AUC's change
//! against the per-document scores of an earlier run, paired by document.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use crate::config::Config;
use crate::corpus::Label;
use crate::error::Error;
use crate::model::{self, Model};
use crate::train::{self, Dataset};

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled corpora (JSON Lines with `label`, `src_lang`, `system`, `text`, …).
    #[arg(long, required = true, num_args = 1.., value_name = "FILE.jsonl")]
    pub corpus: Vec<PathBuf>,
    /// Model to evaluate [default: the model built into calque].
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// MT006 lexicon to extract features with [default: the one built into calque].
    #[arg(long, value_name = "FILE.tsv")]
    pub lexicon: Option<PathBuf>,
    /// MT011 model to extract features with [default: the one built into calque].
    #[arg(long, value_name = "FILE.bin")]
    pub translationese: Option<PathBuf>,
    /// Probability above which an article counts as flagged [default: 0.5, or calque.toml].
    #[arg(long, value_name = "P")]
    pub threshold: Option<f64>,
    /// Draw ROC curves and score histograms to this SVG file.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// Write every document's probability to this TSV file (id, label,
    /// src_lang, system, probability), for error analysis.
    #[arg(long, value_name = "FILE.tsv")]
    pub scores: Option<PathBuf>,
    /// Compare with the scores an earlier run wrote with `--scores` on the
    /// same corpus: each AUC's change, paired by document, with its
    /// confidence interval.
    #[arg(long, value_name = "FILE.tsv")]
    pub baseline: Option<PathBuf>,
    /// Score each document's opening of about this many words (whole
    /// sentences) instead of the whole document: how the model does on short
    /// articles.
    #[arg(long, value_name = "WORDS")]
    pub opening: Option<usize>,
    /// Bins of the reliability table.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub bins: usize,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Area under the ROC curve: the probability that a random positive scores
/// above a random negative, ties counting one half (Mann–Whitney U with
/// average ranks). `None` when either side is empty.
pub fn auc(positives: &[f64], negatives: &[f64]) -> Option<f64> {
    if positives.is_empty() || negatives.is_empty() {
        return None;
    }
    let mut all: Vec<(f64, bool)> = positives
        .iter()
        .map(|&s| (s, true))
        .chain(negatives.iter().map(|&s| (s, false)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j < all.len() && all[j].0 == all[i].0 {
            j += 1;
        }
        // Ranks i+1 ..= j share their average.
        let average_rank = (i + 1 + j) as f64 / 2.0;
        let tied_positives = all[i..j].iter().filter(|x| x.1).count();
        rank_sum += average_rank * tied_positives as f64;
        i = j;
    }
    let np = positives.len() as f64;
    let nn = negatives.len() as f64;
    Some((rank_sum - np * (np + 1.0) / 2.0) / (np * nn))
}

/// An estimate (an AUC, or a difference of two) with its confidence
/// interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub estimate: f64,
    pub standard_error: f64,
    /// The normal quantile for the level times the standard error: half the
    /// interval's width before clipping.
    pub margin: f64,
    pub low: f64,
    pub high: f64,
}

/// Confidence level of the intervals `calque eval` prints.
pub const CONFIDENCE: f64 = 0.95;

/// The AUC of `positives` against `negatives`, each score paired with its
/// cluster, and a confidence interval at `level` (for example 0.95) that
/// treats documents of one cluster as dependent.
///
/// The variance is DeLong's, computed over clusters as Obuchowski (1997,
/// "Nonparametric analysis of clustered ROC curve data") does: in WMT the
/// machine and human translations of one group render the same source lines,
/// so their scores move together, and counting each document as independent
/// would misstate the interval. With one document per cluster it is
/// DeLong's variance up to the small-sample factor. The interval is the AUC
/// plus or minus the normal quantile times the standard error, clipped to
/// [0, 1]. `None` when either side is empty or there are fewer than two
/// clusters.
pub fn auc_interval(
    positives: &[(f64, &str)],
    negatives: &[(f64, &str)],
    level: f64,
) -> Option<Interval> {
    let score = |side: &[(f64, &str)]| side.iter().map(|p| p.0).collect::<Vec<_>>();
    let (v10, v01) = structural_components(&score(positives), &score(negatives))?;
    let auc = mean(&v10);
    let pos_clusters: Vec<&str> = positives.iter().map(|p| p.1).collect();
    let neg_clusters: Vec<&str> = negatives.iter().map(|q| q.1).collect();
    let variance = clustered_variance(&v10, &pos_clusters, &v01, &neg_clusters, auc)?;
    Some(interval(auc, variance, level, 0.0..=1.0))
}

/// The difference between two scorings' AUCs on the same documents:
/// each entry is (score, baseline score, cluster), and the estimate is the
/// AUC of the scores minus that of the baseline scores. Paired by document,
/// its interval is far narrower than the two AUCs' own intervals, since
/// both scorings meet the same hard and easy documents (DeLong's test for
/// correlated ROC curves, over clusters as in [`auc_interval`]).
pub fn auc_difference(
    positives: &[(f64, f64, &str)],
    negatives: &[(f64, f64, &str)],
    level: f64,
) -> Option<Interval> {
    let components = |pick: fn(&(f64, f64, &str)) -> f64| {
        let score = |side: &[(f64, f64, &str)]| side.iter().map(pick).collect::<Vec<_>>();
        structural_components(&score(positives), &score(negatives))
    };
    let (v10_new, v01_new) = components(|e| e.0)?;
    let (v10_old, v01_old) = components(|e| e.1)?;
    let difference = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x - y).collect::<Vec<_>>();
    let (v10, v01) = (
        difference(&v10_new, &v10_old),
        difference(&v01_new, &v01_old),
    );
    let estimate = mean(&v10);
    let pos_clusters: Vec<&str> = positives.iter().map(|e| e.2).collect();
    let neg_clusters: Vec<&str> = negatives.iter().map(|e| e.2).collect();
    let variance = clustered_variance(&v10, &pos_clusters, &v01, &neg_clusters, estimate)?;
    Some(interval(estimate, variance, level, -1.0..=1.0))
}

/// DeLong's structural components of an AUC: for each positive, the share
/// of negatives it scores above, and for each negative, the share of
/// positives scoring above it, ties counting one half. Each list's mean is
/// the AUC. `None` when either side is empty.
fn structural_components(positives: &[f64], negatives: &[f64]) -> Option<(Vec<f64>, Vec<f64>)> {
    if positives.is_empty() || negatives.is_empty() {
        return None;
    }
    let sorted = |side: &[f64]| {
        let mut v = side.to_vec();
        v.sort_by(f64::total_cmp);
        v
    };
    let (pos_sorted, neg_sorted) = (sorted(positives), sorted(negatives));
    // How many of `sorted` lie below `x`, ties counting one half.
    let below = |sorted: &[f64], x: f64| {
        let less = sorted.partition_point(|&v| v < x);
        let not_more = sorted.partition_point(|&v| v <= x);
        less as f64 + 0.5 * (not_more - less) as f64
    };
    let (m, n) = (positives.len() as f64, negatives.len() as f64);
    let v10 = positives
        .iter()
        .map(|&x| below(&neg_sorted, x) / n)
        .collect();
    let v01 = negatives
        .iter()
        .map(|&y| 1.0 - below(&pos_sorted, y) / m)
        .collect();
    Some((v10, v01))
}

/// Variance of `theta`, the mean of both `v10` and `v01`, with the
/// documents grouped by `pos_clusters` and `neg_clusters` (one per
/// component): Obuchowski's estimator,
/// `S10/M + S01/N + 2·S11/(M·N)` over per-cluster sums of the components.
/// `None` with fewer than two clusters.
fn clustered_variance(
    v10: &[f64],
    pos_clusters: &[&str],
    v01: &[f64],
    neg_clusters: &[&str],
    theta: f64,
) -> Option<f64> {
    // Per cluster: (sum of V10, positives, sum of V01, negatives).
    let mut clusters: HashMap<&str, (f64, f64, f64, f64)> = HashMap::new();
    for (&key, v) in pos_clusters.iter().zip(v10) {
        let c = clusters.entry(key).or_default();
        c.0 += v;
        c.1 += 1.0;
    }
    for (&key, v) in neg_clusters.iter().zip(v01) {
        let c = clusters.entry(key).or_default();
        c.2 += v;
        c.3 += 1.0;
    }
    let k = clusters.len() as f64;
    if k < 2.0 {
        return None;
    }
    let (m, n) = (v10.len() as f64, v01.len() as f64);
    let (mut s10, mut s01, mut s11) = (0.0, 0.0, 0.0);
    for &(x, mi, y, ni) in clusters.values() {
        let (dx, dy) = (x - mi * theta, y - ni * theta);
        s10 += dx * dx;
        s01 += dy * dy;
        s11 += dx * dy;
    }
    let factor = k / (k - 1.0);
    let (s10, s01, s11) = (factor * s10 / m, factor * s01 / n, factor * s11);
    Some((s10 / m + s01 / n + 2.0 * s11 / (m * n)).max(0.0))
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// `estimate` plus or minus the normal quantile for `level` times the
/// standard error, clipped to `bounds`.
fn interval(
    estimate: f64,
    variance: f64,
    level: f64,
    bounds: std::ops::RangeInclusive<f64>,
) -> Interval {
    let standard_error = variance.sqrt();
    let margin = normal_quantile(0.5 + level / 2.0) * standard_error;
    Interval {
        estimate,
        standard_error,
        margin,
        low: (estimate - margin).max(*bounds.start()),
        high: (estimate + margin).min(*bounds.end()),
    }
}

/// The standard normal distribution's quantile at `p`.
fn normal_quantile(p: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::standard().inverse_cdf(p)
}

/// ROC curve points (false positive rate, true positive rate), from (0,0) to
/// (1,1), one point per distinct score.
pub fn roc_curve(positives: &[f64], negatives: &[f64]) -> Vec<(f64, f64)> {
    let mut all: Vec<(f64, bool)> = positives
        .iter()
        .map(|&s| (s, true))
        .chain(negatives.iter().map(|&s| (s, false)))
        .collect();
    all.sort_by(|a, b| b.0.total_cmp(&a.0));
    let np = positives.len().max(1) as f64;
    let nn = negatives.len().max(1) as f64;
    let (mut tp, mut fp) = (0usize, 0usize);
    let mut points = vec![(0.0, 0.0)];
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j < all.len() && all[j].0 == all[i].0 {
            if all[j].1 {
                tp += 1;
            } else {
                fp += 1;
            }
            j += 1;
        }
        points.push((fp as f64 / nn, tp as f64 / np));
        i = j;
    }
    points
}

/// One row of the reliability table.
#[derive(Debug, Clone, PartialEq)]
pub struct Bin {
    pub low: f64,
    pub high: f64,
    pub count: usize,
    pub mean_probability: f64,
    pub machine_share: f64,
}

/// Reliability table and expected calibration error.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    pub bins: Vec<Bin>,
    /// `Σ (w_b / W) · |mean probability_b − machine share_b|` over equal-width
    /// bins, every quantity weighted by the row weights.
    pub ece: f64,
}

/// Bin probabilities into `bins` equal-width bins (1.0 falls in the last),
/// each row counting with its weight (all 1.0 for the plain table; the class
/// weights of training to measure calibration at the even prior the model is
/// calibrated for).
pub fn calibration(
    probabilities: &[f64],
    machine: &[bool],
    weights: &[f64],
    bins: usize,
) -> Calibration {
    let bins = bins.max(1);
    // (documents, weight, weighted probability, weighted machine)
    let mut sums = vec![(0usize, 0.0, 0.0, 0.0); bins];
    for ((&p, &m), &w) in probabilities.iter().zip(machine).zip(weights) {
        let b = ((p.clamp(0.0, 1.0) * bins as f64) as usize).min(bins - 1);
        sums[b].0 += 1;
        sums[b].1 += w;
        sums[b].2 += w * p;
        sums[b].3 += if m { w } else { 0.0 };
    }
    let total: f64 = sums.iter().map(|s| s.1).sum();
    let total = if total > 0.0 { total } else { 1.0 };
    let mut ece = 0.0;
    let table = sums
        .iter()
        .enumerate()
        .map(|(b, &(count, weight, p_sum, positives))| {
            let (mean_probability, machine_share) = if weight <= 0.0 {
                (0.0, 0.0)
            } else {
                (p_sum / weight, positives / weight)
            };
            ece += weight / total * (mean_probability - machine_share).abs();
            Bin {
                low: b as f64 / bins as f64,
                high: (b + 1) as f64 / bins as f64,
                count,
                mean_probability,
                machine_share,
            }
        })
        .collect();
    Calibration { bins: table, ece }
}

/// Precision and recall of "probability above threshold" for the machine class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Confusion {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub true_negatives: usize,
}

impl Confusion {
    pub fn at(probabilities: &[f64], machine: &[bool], threshold: f64) -> Self {
        let mut c = Confusion {
            true_positives: 0,
            false_positives: 0,
            false_negatives: 0,
            true_negatives: 0,
        };
        for (&p, &m) in probabilities.iter().zip(machine) {
            match (p > threshold, m) {
                (true, true) => c.true_positives += 1,
                (true, false) => c.false_positives += 1,
                (false, true) => c.false_negatives += 1,
                (false, false) => c.true_negatives += 1,
            }
        }
        c
    }

    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores of one labelled corpus under one model.
pub struct Scored {
    pub probabilities: Vec<f64>,
    pub labels: Vec<Label>,
    pub src_langs: Vec<String>,
    pub systems: Vec<String>,
    /// The cluster of each document for confidence intervals: its group
    /// (documents rendering the same source lines), or its id when it has
    /// none.
    pub clusters: Vec<String>,
}

/// Calibrated probability of every row of `data` under `model`.
pub fn score(model: &Model, data: &Dataset) -> Scored {
    let probabilities = data
        .rows
        .iter()
        .map(|row| {
            let features: Vec<(&str, f64)> = data
                .names
                .iter()
                .map(String::as_str)
                .zip(row.iter().copied())
                .collect();
            model.score(&features).probability
        })
        .collect();
    Scored {
        probabilities,
        labels: data.meta.iter().map(|m| m.label).collect(),
        src_langs: data.meta.iter().map(|m| m.src_lang.clone()).collect(),
        systems: data.meta.iter().map(|m| m.system.clone()).collect(),
        clusters: (data.meta.iter())
            .map(|m| train::fold_key(&m.group, &m.id).to_string())
            .collect(),
    }
}

/// A field of a scores file: tabs and line breaks become spaces, so every
/// line has five fields.
fn tsv_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// One line per document: id, label, source language, system and
/// probability (the shortest decimal that reads back as the same number),
/// tab-separated, under a header line.
pub fn scores_tsv(data: &Dataset, scored: &Scored) -> String {
    let mut out = String::from("id\tlabel\tsrc_lang\tsystem\tprobability\n");
    for (meta, p) in data.meta.iter().zip(&scored.probabilities) {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{p}",
            tsv_field(&meta.id),
            meta.label.as_str(),
            tsv_field(&meta.src_lang),
            tsv_field(&meta.system)
        );
    }
    out
}

/// Probabilities by document id from a file written by [`scores_tsv`].
/// `origin` names the file in errors.
pub fn read_scores_tsv(text: &str, origin: &str) -> Result<HashMap<String, f64>, Error> {
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, header))
            if header.split('\t').next() == Some("id") && header.ends_with("\tprobability") => {}
        _ => return Err(Error::input(
            origin,
            "not a scores file: the first line must be the header `calque eval --scores` writes",
        )),
    }
    let mut scores = HashMap::new();
    for (i, line) in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let probability = match fields[..] {
            [id, _, _, _, p] => p
                .parse::<f64>()
                .ok()
                .filter(|p| p.is_finite())
                .map(|p| (id, p)),
            _ => None,
        };
        let Some((id, p)) = probability else {
            return Err(Error::input(
                format!("{origin}:{}", i + 1),
                "expected five tab-separated fields ending in a probability",
            ));
        };
        if scores.insert(id.to_string(), p).is_some() {
            return Err(Error::input(
                format!("{origin}:{}", i + 1),
                format!("document {id} is listed twice"),
            ));
        }
    }
    Ok(scores)
}

/// The baseline probability of every document of `data`, in its order.
pub fn baseline_for(
    data: &Dataset,
    scores: &HashMap<String, f64>,
    origin: &str,
) -> Result<Vec<f64>, Error> {
    if scores.len() != data.meta.len() {
        return Err(Error::input(
            origin,
            format!(
                "scores {} documents, the corpus has {}: a baseline must come from `calque eval --scores` on the same corpus",
                scores.len(),
                data.meta.len()
            ),
        ));
    }
    (data.meta.iter())
        .map(|m| {
            scores.get(&tsv_field(&m.id)).copied().ok_or_else(|| {
                Error::input(
                    origin,
                    format!("no score for document {}: a baseline must come from `calque eval --scores` on the same corpus", m.id),
                )
            })
        })
        .collect()
}

/// How each headline AUC changed against `baseline` (one probability per
/// document, in the order of `scored`), paired by document.
pub fn baseline_report(scored: &Scored, baseline: &[f64], name: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nAgainst the baseline {name} (AUC now minus then, paired by document; {:.0}% confidence intervals)",
        100.0 * CONFIDENCE
    );
    let entries = |keep: &dyn Fn(Label) -> bool| -> Vec<(f64, f64, &str)> {
        (0..scored.labels.len())
            .filter(|&i| keep(scored.labels[i]))
            .map(|i| {
                (
                    scored.probabilities[i],
                    baseline[i],
                    scored.clusters[i].as_str(),
                )
            })
            .collect()
    };
    let pos = entries(&|l| l == Label::Mt);
    let negatives = [
        ("mt vs orig", entries(&|l| l == Label::Orig)),
        ("mt vs ht  ", entries(&|l| l == Label::Ht)),
        ("mt vs both", entries(&|l| l != Label::Mt)),
    ];
    for (name, neg) in &negatives {
        let text = auc_difference(&pos, neg, CONFIDENCE).map_or_else(
            || "     -".to_string(),
            |d| {
                format!(
                    "{}  ({} to {})",
                    signed(d.estimate),
                    signed(d.low),
                    signed(d.high)
                )
            },
        );
        let _ = writeln!(out, "  {name}  {text}");
    }
    out
}

/// `x` to three decimals with its sign, and no sign on a zero ("+0.000",
/// not "-0.000" for a change too small to show).
fn signed(x: f64) -> String {
    let rounded = (x * 1000.0).round() / 1000.0;
    format!("{:+.3}", if rounded == 0.0 { 0.0 } else { rounded })
}

impl Scored {
    /// Probabilities of the rows matching `keep`.
    pub fn select(&self, keep: impl Fn(usize) -> bool) -> Vec<f64> {
        (0..self.probabilities.len())
            .filter(|&i| keep(i))
            .map(|i| self.probabilities[i])
            .collect()
    }

    /// Probabilities of the rows matching `keep`, each with its cluster.
    fn select_clustered(&self, keep: impl Fn(usize) -> bool) -> Vec<(f64, &str)> {
        (0..self.probabilities.len())
            .filter(|&i| keep(i))
            .map(|i| (self.probabilities[i], self.clusters[i].as_str()))
            .collect()
    }

    /// AUCs of the machine rows matching `mt` against all `orig` rows, the
    /// `ht` rows matching `ht`, and both, each with its confidence interval
    /// at `level` when the rows fall in two clusters or more.
    pub fn auc_intervals(
        &self,
        mt: impl Fn(usize) -> bool,
        ht: impl Fn(usize) -> bool,
        level: f64,
    ) -> [(Option<f64>, Option<Interval>); 3] {
        let pos = self.select_clustered(|i| self.labels[i] == Label::Mt && mt(i));
        let orig = self.select_clustered(|i| self.labels[i] == Label::Orig);
        let hts = self.select_clustered(|i| self.labels[i] == Label::Ht && ht(i));
        let both = self.select_clustered(|i| {
            self.labels[i] == Label::Orig || (self.labels[i] == Label::Ht && ht(i))
        });
        let scores = |side: &[(f64, &str)]| side.iter().map(|e| e.0).collect::<Vec<_>>();
        let pos_scores = scores(&pos);
        [&orig, &hts, &both].map(|neg| {
            (
                auc(&pos_scores, &scores(neg)),
                auc_interval(&pos, neg, level),
            )
        })
    }
}

fn fmt_auc((a, _): (Option<f64>, Option<Interval>)) -> String {
    a.map_or_else(|| "    -".to_string(), |v| format!("{v:.3}"))
}

/// An interval's margin: "±0.012".
fn fmt_margin((_, a): (Option<f64>, Option<Interval>)) -> String {
    a.map_or_else(|| "    -".to_string(), |v| format!("±{:.3}", v.margin))
}

/// The whole evaluation as text.
pub fn report(scored: &Scored, threshold: f64, bins: usize) -> String {
    let mut out = String::new();
    let mut counts: BTreeMap<Label, usize> = BTreeMap::new();
    for &l in &scored.labels {
        *counts.entry(l).or_default() += 1;
    }
    let _ = writeln!(
        out,
        "documents: {}",
        counts
            .iter()
            .map(|(l, n)| format!("{} {n}", l.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        out,
        "\nROC AUC ({:.0}% confidence intervals, documents of one group counted as one cluster)",
        100.0 * CONFIDENCE
    );
    let intervals = scored.auc_intervals(|_| true, |_| true, CONFIDENCE);
    for (name, interval) in ["mt vs orig", "mt vs ht  ", "mt vs both"]
        .iter()
        .zip(intervals)
    {
        let text = match interval {
            (Some(auc), Some(i)) => format!("{auc:.3}  ({:.3}-{:.3})", i.low, i.high),
            (Some(auc), None) => format!("{auc:.3}  (no interval: one cluster)"),
            (None, _) => "    -".to_string(),
        };
        let _ = writeln!(out, "  {name}  {text}");
    }

    let _ = writeln!(
        out,
        "\nBy source language (document counts; AUC of mt from that language vs all orig, vs ht from that language, vs both, and the {:.0}% margin of the last)",
        100.0 * CONFIDENCE
    );
    let _ = writeln!(
        out,
        "  {:<10} {:>6} {:>6} {:>7} {:>7} {:>7} {:>7}",
        "lang", "mt", "ht", "vs orig", "vs ht", "vs both", "margin"
    );
    let langs: std::collections::BTreeSet<&str> = scored
        .src_langs
        .iter()
        .zip(&scored.labels)
        .filter(|(_, l)| **l == Label::Mt)
        .map(|(s, _)| s.as_str())
        .collect();
    for lang in langs {
        let is_lang = |i: usize| scored.src_langs[i] == lang;
        let n_mt = (0..scored.labels.len())
            .filter(|&i| scored.labels[i] == Label::Mt && is_lang(i))
            .count();
        let n_ht = (0..scored.labels.len())
            .filter(|&i| scored.labels[i] == Label::Ht && is_lang(i))
            .count();
        let [o, h, b] = scored.auc_intervals(is_lang, is_lang, CONFIDENCE);
        let _ = writeln!(
            out,
            "  {lang:<10} {n_mt:>6} {n_ht:>6} {:>7} {:>7} {:>7} {:>7}",
            fmt_auc(o),
            fmt_auc(h),
            fmt_auc(b),
            fmt_margin(b)
        );
    }

    let _ = writeln!(
        out,
        "\nBy MT system (document count; AUC of its output vs all orig, all ht, both, and the {:.0}% margin of the last)",
        100.0 * CONFIDENCE
    );
    let _ = writeln!(
        out,
        "  {:<24} {:>6} {:>7} {:>7} {:>7} {:>7}",
        "system", "mt", "vs orig", "vs ht", "vs both", "margin"
    );
    let systems: std::collections::BTreeSet<&str> = scored
        .systems
        .iter()
        .zip(&scored.labels)
        .filter(|(_, l)| **l == Label::Mt)
        .map(|(s, _)| s.as_str())
        .collect();
    for system in systems {
        let is_system = |i: usize| scored.systems[i] == system;
        let n = (0..scored.labels.len())
            .filter(|&i| scored.labels[i] == Label::Mt && is_system(i))
            .count();
        let [o, h, b] = scored.auc_intervals(is_system, |_| true, CONFIDENCE);
        let _ = writeln!(
            out,
            "  {system:<24} {n:>6} {:>7} {:>7} {:>7} {:>7}",
            fmt_auc(o),
            fmt_auc(h),
            fmt_auc(b),
            fmt_margin(b)
        );
    }

    let machine: Vec<bool> = scored.labels.iter().map(|l| l.is_machine()).collect();
    // The model is calibrated for an even prior, so calibration is measured
    // with the training class weights (machine half, human half).
    let weights = crate::train::class_weights(&scored.labels);
    let cal = calibration(&scored.probabilities, &machine, &weights, bins);
    let _ = writeln!(
        out,
        "\nCalibration at an even prior (classes weighted as in training): expected calibration error {:.4}",
        cal.ece
    );
    let _ = writeln!(
        out,
        "  {:<11} {:>6} {:>10} {:>10}",
        "probability", "docs", "mean p", "share mt"
    );
    for bin in &cal.bins {
        let _ = writeln!(
            out,
            "  {:.1}-{:.1}     {:>6} {:>10} {:>10}",
            bin.low,
            bin.high,
            bin.count,
            if bin.count == 0 {
                "-".into()
            } else {
                format!("{:.3}", bin.mean_probability)
            },
            if bin.count == 0 {
                "-".into()
            } else {
                format!("{:.3}", bin.machine_share)
            },
        );
    }

    let c = Confusion::at(&scored.probabilities, &machine, threshold);
    let _ = writeln!(
        out,
        "\nAt threshold {threshold} (probability above it is flagged)"
    );
    let _ = writeln!(
        out,
        "  precision {:.3}  recall {:.3}",
        c.precision(),
        c.recall()
    );
    let _ = writeln!(
        out,
        "  flagged: {} mt, {} human; passed: {} mt, {} human",
        c.true_positives, c.false_positives, c.false_negatives, c.true_negatives
    );
    for label in [Label::Ht, Label::Orig] {
        let p = scored.select(|i| scored.labels[i] == label);
        if !p.is_empty() {
            let flagged = p.iter().filter(|&&x| x > threshold).count();
            let _ = writeln!(
                out,
                "  {} flagged: {flagged} of {} ({:.1}%)",
                label.as_str(),
                p.len(),
                100.0 * flagged as f64 / p.len() as f64
            );
        }
    }
    out
}

/// `calque eval`.
pub fn run(args: EvalArgs) -> Result<i32, Error> {
    if args.opening == Some(0) {
        return Err(Error::Usage("--opening must be at least 1 word".into()));
    }
    let model = match &args.model {
        Some(path) => train::load_for_run(path, std::fs::read_to_string, |text| {
            Model::from_json(&text).map_err(|e| e.to_string())
        })?,
        None => model::embedded(),
    };
    let threshold = match args.threshold {
        Some(t) if (0.0..=1.0).contains(&t) => t,
        Some(t) => {
            return Err(Error::Usage(format!(
                "--threshold must be between 0 and 1, got {t}"
            )))
        }
        None => {
            let cwd = std::env::current_dir().map_err(|e| Error::Io {
                path: PathBuf::from("."),
                source: e,
            })?;
            Config::discover(&cwd)?.fail_above()
        }
    };
    if let Some(plot) = &args.plot {
        crate::plot::check_path(plot)?;
    }
    // Read before the corpus, so that a bad file fails fast; kept with the
    // name it is reported under.
    let baseline_scores = match &args.baseline {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
                path: path.clone(),
                source: e,
            })?;
            let name = path.display().to_string();
            let scores = read_scores_tsv(&text, &name)?;
            Some((name, scores))
        }
        None => None,
    };
    let lexicons: Vec<PathBuf> = args.lexicon.iter().cloned().collect();
    let translationese: Vec<PathBuf> = args.translationese.iter().cloned().collect();
    let data = train::load_dataset_full(
        &args.corpus,
        &lexicons,
        &translationese,
        &Config::default(),
        args.opening,
        args.quiet,
    )?;
    let scored = score(model, &data);
    let baseline = match baseline_scores {
        Some((name, scores)) => Some((baseline_for(&data, &scores, &name)?, name)),
        None => None,
    };
    let trained_on = if model.trained_on.is_empty() {
        "untrained fallback".to_string()
    } else {
        model.trained_on.join(", ")
    };
    let opening = args
        .opening
        .map(|n| format!(" (each document's opening of about {n} words)"))
        .unwrap_or_default();
    let mut printed = format!(
        "model: trained on {trained_on}; evaluated on {}{opening}\n",
        args.corpus
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    printed.push_str(&report(&scored, threshold, args.bins));
    if let Some((baseline, name)) = &baseline {
        printed.push_str(&baseline_report(&scored, baseline, name));
    }
    crate::output::print_stdout(&printed)?;
    if let Some(plot) = &args.plot {
        crate::plot::draw(plot, &scored)?;
        crate::output::note(format_args!("calque: wrote {}", plot.display()));
    }
    if let Some(path) = &args.scores {
        std::fs::write(path, scores_tsv(&data, &scored)).map_err(|e| Error::Io {
            path: path.clone(),
            source: e,
        })?;
        crate::output::note(format_args!("calque: wrote {}", path.display()));
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_of_hand_computed_examples() {
        assert_eq!(auc(&[0.9, 0.8], &[0.1, 0.2]), Some(1.0));
        assert_eq!(auc(&[0.1], &[0.9]), Some(0.0));
        // Pairs: (0.8>0.5) (0.8>0.7) (0.6>0.5) (0.6<0.7): 3 of 4.
        assert_eq!(auc(&[0.8, 0.6], &[0.5, 0.7]), Some(0.75));
        assert_eq!(auc(&[], &[0.5]), None);
    }

    #[test]
    fn auc_counts_ties_as_half() {
        assert_eq!(auc(&[0.5], &[0.5]), Some(0.5));
        // (0.5 vs 0.5) = ½, (0.5 > 0.2) = 1, (0.9 > both) = 2: 3.5 of 4.
        assert_eq!(auc(&[0.5, 0.9], &[0.5, 0.2]), Some(0.875));
        assert_eq!(auc(&[1.0, 1.0, 1.0], &[1.0, 1.0]), Some(0.5));
    }

    #[test]
    fn clustered_interval_matches_hand_computation() {
        // V10: 0.8 beats both negatives (1), 0.6 beats one (1/2);
        // V01: 0.5 is beaten by both positives (1), 0.7 by one (1/2).
        // AUC 3/4. Clusters a {0.8+, 0.5-}, b {0.6+}, c {0.7-}: the
        // deviations of the cluster sums from m_i·AUC are X (1/4, -1/4, 0)
        // and Y (1/4, 0, -1/4), so with 3 clusters, M = N = 2:
        // S10 = S01 = 3/(2·2)·(1/16 + 1/16) = 3/32, S11 = 3/2·1/16 = 3/32,
        // variance = 3/64 + 3/64 + 2·(3/32)/4 = 9/64, standard error 3/8.
        let pos = [(0.8, "a"), (0.6, "b")];
        let neg = [(0.5, "a"), (0.7, "c")];
        let a = auc_interval(&pos, &neg, 0.95).unwrap();
        assert!((a.estimate - 0.75).abs() < 1e-12, "{a:?}");
        assert!((a.standard_error - 0.375).abs() < 1e-12, "{a:?}");
        // 1.959964 standard errors each way, clipped at 1.
        assert!((a.low - (0.75 - 1.959964 * 0.375)).abs() < 1e-5, "{a:?}");
        assert_eq!(a.high, 1.0);
        // The AUC is the rank-based one, ties counting one half.
        let tied = auc_interval(&[(0.5, "a"), (0.9, "b")], &[(0.5, "c"), (0.2, "d")], 0.95);
        assert_eq!(tied.map(|a| a.estimate), auc(&[0.5, 0.9], &[0.5, 0.2]));
    }

    #[test]
    fn interval_needs_both_sides_and_two_clusters() {
        assert_eq!(auc_interval(&[], &[(0.1, "a")], 0.95), None);
        assert_eq!(auc_interval(&[(0.9, "a")], &[], 0.95), None);
        assert_eq!(auc_interval(&[(0.9, "a")], &[(0.1, "a")], 0.95), None);
        assert!(auc_interval(&[(0.9, "a")], &[(0.1, "b")], 0.95).is_some());
    }

    /// Standard errors of the same scores with clusters as given and with
    /// every document its own cluster.
    fn clustered_and_independent(pos: &[(f64, usize)], neg: &[(f64, usize)]) -> (f64, f64) {
        let names: Vec<String> = (0..pos.len() + neg.len())
            .map(|k| format!("c{k}"))
            .collect();
        let given = |side: &[(f64, usize)]| -> Vec<(f64, &str)> {
            side.iter().map(|&(s, c)| (s, names[c].as_str())).collect()
        };
        let own = |side: &[(f64, usize)], base: usize| -> Vec<(f64, &str)> {
            (side.iter().enumerate())
                .map(|(k, &(s, _))| (s, names[base + k].as_str()))
                .collect()
        };
        let clustered = auc_interval(&given(pos), &given(neg), 0.95).unwrap();
        let independent = auc_interval(&own(pos, 0), &own(neg, pos.len()), 0.95).unwrap();
        assert_eq!(clustered.estimate, independent.estimate);
        (clustered.standard_error, independent.standard_error)
    }

    /// A group's offset: spread over 0-3.9 in no particular order.
    fn offset(g: usize) -> f64 {
        ((g * 17) % 40) as f64 / 10.0
    }

    #[test]
    fn documents_that_move_together_widen_the_interval() {
        // Five machine translations of each group's source lines share its
        // offset, as several systems' outputs of one article do: there are
        // fewer independent observations than documents.
        let pos: Vec<(f64, usize)> = (0..40)
            .flat_map(|g| (0..5).map(move |k| (offset(g) + 1.0 + k as f64 / 50.0, g)))
            .collect();
        let neg: Vec<(f64, usize)> = (0..40).map(|g| (offset(g) + 0.3, 40 + g)).collect();
        let (clustered, independent) = clustered_and_independent(&pos, &neg);
        assert!(clustered > 1.2 * independent, "{clustered} {independent}");
    }

    #[test]
    fn a_shared_offset_across_the_two_sides_narrows_the_interval() {
        // One machine and one human translation per group, sharing its
        // offset: a paired design, in which the offsets cancel.
        let pos: Vec<(f64, usize)> = (0..40).map(|g| (offset(g) + 1.0, g)).collect();
        let neg: Vec<(f64, usize)> = (0..40).map(|g| (offset(g) + 0.3, g)).collect();
        let (clustered, independent) = clustered_and_independent(&pos, &neg);
        assert!(clustered < independent, "{clustered} {independent}");
    }

    #[test]
    fn paired_difference_matches_hand_computation() {
        // The new scores swap the baseline's within each side: both AUCs
        // are 3/4 (see above), so the difference is 0. Component
        // differences: V10 (1 - 1/2, 1/2 - 1) = (1/2, -1/2), V01 the same;
        // cluster sums X (1/2, -1/2, 0) and Y (1/2, 0, -1/2) for clusters
        // a, b, c: S10 = S01 = 3/2·(1/4 + 1/4)/2 = 3/8, S11 = 3/2·1/4 = 3/8,
        // variance = 3/16 + 3/16 + 2·(3/8)/4 = 9/16, standard error 3/4.
        let pos = [(0.8, 0.6, "a"), (0.6, 0.8, "b")];
        let neg = [(0.5, 0.7, "a"), (0.7, 0.5, "c")];
        let d = auc_difference(&pos, &neg, 0.95).unwrap();
        assert!(d.estimate.abs() < 1e-12, "{d:?}");
        assert!((d.standard_error - 0.75).abs() < 1e-12, "{d:?}");
        assert_eq!((d.low, d.high), (-1.0, 1.0));
        assert_eq!(auc_difference(&[], &neg, 0.95), None);
    }

    #[test]
    fn pairing_finds_a_gain_the_separate_intervals_cannot() {
        // One of the two scorings of each document, with its cluster.
        fn one<'a>(side: &[(f64, f64, &'a str)], new: bool) -> Vec<(f64, &'a str)> {
            (side.iter())
                .map(|e| (if new { e.0 } else { e.1 }, e.2))
                .collect()
        }
        // 300 machine and 300 human documents whose baseline scores
        // overlap; the new scoring lifts a few machine documents.
        let wave = |k: usize| ((k * 37) % 100) as f64 / 100.0;
        let names: Vec<String> = (0..600).map(|k| format!("d{k}")).collect();
        let pos: Vec<(f64, f64, &str)> = (0..300)
            .map(|k| {
                let old = wave(k) + 0.3;
                let new = if k % 10 == 0 { old + 0.5 } else { old };
                (new, old, names[k].as_str())
            })
            .collect();
        let neg: Vec<(f64, f64, &str)> = (0..300)
            .map(|k| (wave(k + 7), wave(k + 7), names[300 + k].as_str()))
            .collect();
        let d = auc_difference(&pos, &neg, 0.95).unwrap();
        assert!(d.low > 0.0, "{d:?}");
        let single = |new: bool| auc_interval(&one(&pos, new), &one(&neg, new), 0.95).unwrap();
        let (new, old) = (single(true), single(false));
        assert!((new.estimate - old.estimate - d.estimate).abs() < 1e-12);
        // Each AUC's own interval holds the other AUC.
        assert!(
            new.low < old.estimate && old.high > new.estimate,
            "{new:?} {old:?}"
        );
    }

    #[test]
    fn scores_files_are_read_strictly() {
        let good =
            "id\tlabel\tsrc_lang\tsystem\tprobability\na\tmt\tde\tX\t0.25\nb\tht\tde\tref\t1e-3\n";
        let read = read_scores_tsv(good, "s.tsv").unwrap();
        assert_eq!(read.get("a"), Some(&0.25));
        assert_eq!(read.get("b"), Some(&0.001));
        let message = |text: &str| read_scores_tsv(text, "s.tsv").unwrap_err().to_string();
        assert!(message("id\tp\n").contains("not a scores file"));
        assert!(message("").contains("not a scores file"));
        let short = "id\tlabel\tsrc_lang\tsystem\tprobability\na\tmt\t0.5\n";
        assert!(
            message(short).starts_with("s.tsv:2: expected five"),
            "{}",
            message(short)
        );
        let nan = "id\tlabel\tsrc_lang\tsystem\tprobability\na\tmt\tde\tX\tNaN\n";
        assert!(message(nan).contains("s.tsv:2"));
        let twice = format!("{good}a\tmt\tde\tY\t0.5\n");
        assert!(message(&twice).contains("document a is listed twice"));
        assert_eq!(signed(-0.0001), "+0.000");
        assert_eq!(signed(0.0126), "+0.013");
        assert_eq!(signed(-0.0126), "-0.013");
    }

    #[test]
    fn roc_curve_runs_corner_to_corner() {
        let r = roc_curve(&[0.9, 0.6], &[0.7, 0.1]);
        assert_eq!(
            r,
            [(0.0, 0.0), (0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (1.0, 1.0)]
        );
    }

    #[test]
    fn weighted_ece_counts_rows_by_weight() {
        // Bin 0: p 0.25, no machine (gap 0.25, weight 3); bin 1: p 0.75, all machine (gap 0.25, weight 1).
        let c = calibration(&[0.25, 0.75], &[false, true], &[3.0, 1.0], 2);
        assert!((c.ece - 0.25).abs() < 1e-12);
        // Weights shift the bin means: one bin, p 0.2 (w 1) and 0.6 (w 3) -> mean 0.5; machine share 0.75.
        let c = calibration(&[0.2, 0.6], &[false, true], &[1.0, 3.0], 1);
        assert!((c.bins[0].mean_probability - 0.5).abs() < 1e-12);
        assert!((c.ece - 0.25).abs() < 1e-12);
    }

    #[test]
    fn ece_matches_hand_computation() {
        // Two bins. Bin 0: p 0.1, 0.3 (mean 0.2), one mt of two (0.5) -> |0.2-0.5| = 0.3.
        // Bin 1: p 0.6, 1.0 (mean 0.8), both mt (1.0) -> 0.2. ECE = 0.5*0.3 + 0.5*0.2 = 0.25.
        let c = calibration(
            &[0.1, 0.3, 0.6, 1.0],
            &[true, false, true, true],
            &[1.0; 4],
            2,
        );
        assert!((c.ece - 0.25).abs() < 1e-12, "{c:?}");
        assert_eq!(c.bins[1].count, 2);
        assert!((c.bins[0].mean_probability - 0.2).abs() < 1e-12);
        assert!((c.bins[1].machine_share - 1.0).abs() < 1e-12);
        // Perfectly calibrated in every bin.
        let c = calibration(
            &[0.25, 0.25, 0.25, 0.25],
            &[true, false, false, false],
            &[1.0; 4],
            4,
        );
        assert!(c.ece.abs() < 1e-12);
    }

    #[test]
    fn precision_and_recall_at_threshold() {
        let c = Confusion::at(
            &[0.9, 0.6, 0.4, 0.7, 0.5],
            &[true, true, true, false, false],
            0.5,
        );
        assert_eq!(
            (
                c.true_positives,
                c.false_positives,
                c.false_negatives,
                c.true_negatives
            ),
            (2, 1, 1, 1)
        );
        assert!((c.precision() - 2.0 / 3.0).abs() < 1e-12);
        assert!((c.recall() - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn report_names_every_breakdown() {
        let scored = Scored {
            probabilities: vec![0.9, 0.8, 0.2, 0.1],
            labels: vec![Label::Mt, Label::Mt, Label::Ht, Label::Orig],
            src_langs: vec!["de".into(), "zh".into(), "de".into(), "en".into()],
            systems: vec!["A".into(), "B".into(), "ref-A".into(), "source".into()],
            clusters: vec!["g1".into(), "g2".into(), "g1".into(), "g3".into()],
        };
        let r = report(&scored, 0.5, 10);
        assert!(r.contains("mt vs both  1.000"), "{r}");
        assert!(r.contains("expected calibration error"));
        assert!(r.contains("precision 1.000  recall 1.000"), "{r}");
        assert!(r.lines().any(|l| l.trim_start().starts_with("zh ")), "{r}");
        // One cluster: the AUC without an interval.
        let one = Scored {
            clusters: vec!["g".into(); 4],
            ..scored
        };
        let r1 = report(&one, 0.5, 10);
        assert!(
            r1.contains("mt vs both  1.000  (no interval: one cluster)"),
            "{r1}"
        );
        assert!(
            r1.lines().any(|l| l.trim_start().starts_with("de ")
                && l.contains("1.000")
                && l.ends_with('-')),
            "{r1}"
        );
        // Each breakdown row ends with the margin of its mt vs both AUC.
        assert!(
            r.lines()
                .any(|l| l.trim_start().starts_with("de ") && l.ends_with("±0.000")),
            "{r}"
        );
        assert!(r.lines().any(|l| l.trim_start().starts_with("B ")), "{r}");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Scores from a few values, so that ties are common.
        fn scores() -> impl Strategy<Value = Vec<(f64, u8)>> {
            prop::collection::vec(((0..6u8).prop_map(|s| f64::from(s) / 5.0), 0..4u8), 1..25)
        }

        /// The AUC by its definition: the share of (positive, negative)
        /// pairs ordered correctly, ties counting one half.
        fn pairwise_auc(positives: &[f64], negatives: &[f64]) -> f64 {
            let mut wins = 0.0;
            for p in positives {
                for n in negatives {
                    wins += match p.total_cmp(n) {
                        std::cmp::Ordering::Greater => 1.0,
                        std::cmp::Ordering::Equal => 0.5,
                        std::cmp::Ordering::Less => 0.0,
                    };
                }
            }
            wins / (positives.len() * negatives.len()) as f64
        }

        /// Each score with its cluster's name.
        fn named(side: &[(f64, u8)]) -> Vec<(f64, String)> {
            side.iter().map(|&(x, c)| (x, format!("g{c}"))).collect()
        }

        fn view(side: &[(f64, String)]) -> Vec<(f64, &str)> {
            side.iter().map(|(x, c)| (*x, c.as_str())).collect()
        }

        /// Each score beside a baseline score made from it by `baseline`.
        fn beside(side: &[(f64, String)], baseline: fn(f64) -> f64) -> Vec<(f64, f64, &str)> {
            side.iter()
                .map(|(x, c)| (*x, baseline(*x), c.as_str()))
                .collect()
        }

        proptest! {
            #[test]
            fn auc_is_the_share_of_pairs_ordered_correctly(pos in scores(), neg in scores()) {
                let (p, n): (Vec<f64>, Vec<f64>) =
                    (pos.iter().map(|x| x.0).collect(), neg.iter().map(|x| x.0).collect());
                let expected = pairwise_auc(&p, &n);
                prop_assert!((auc(&p, &n).unwrap() - expected).abs() < 1e-12);
                // The area under the ROC curve's steps and diagonals (ties).
                let area: f64 = roc_curve(&p, &n)
                    .windows(2)
                    .map(|w| (w[1].0 - w[0].0) * (w[0].1 + w[1].1) / 2.0)
                    .sum();
                prop_assert!((area - expected).abs() < 1e-12);
            }

            #[test]
            fn intervals_hold_their_estimate(pos in scores(), neg in scores()) {
                let (p, n) = (named(&pos), named(&neg));
                let scores = |s: &[(f64, String)]| s.iter().map(|x| x.0).collect::<Vec<_>>();
                let whole = auc(&scores(&p), &scores(&n)).unwrap();
                if let Some(i) = auc_interval(&view(&p), &view(&n), CONFIDENCE) {
                    prop_assert!((i.estimate - whole).abs() < 1e-12);
                    prop_assert!(i.standard_error >= 0.0 && i.standard_error.is_finite());
                    prop_assert!(i.low <= i.estimate && i.estimate <= i.high);
                    prop_assert!(0.0 <= i.low && i.high <= 1.0);
                }
                // A scoring against a reversed copy of itself: the difference
                // is the AUC's distance from its mirror image, and a scoring
                // against itself differs by nothing, with no width.
                let reversed = |x| 1.0 - x;
                let d = auc_difference(&beside(&p, reversed), &beside(&n, reversed), CONFIDENCE);
                if let Some(d) = d {
                    prop_assert!((d.estimate - (2.0 * whole - 1.0)).abs() < 1e-12);
                    prop_assert!(d.low <= d.estimate && d.estimate <= d.high);
                }
                let d = auc_difference(&beside(&p, |x| x), &beside(&n, |x| x), CONFIDENCE);
                if let Some(d) = d {
                    prop_assert_eq!((d.estimate, d.standard_error), (0.0, 0.0));
                }
            }
        }
    }
}
