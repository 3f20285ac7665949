//! `calque eval`: how well a model separates machine translation from human
//! text on labelled corpora.
//!
//! Prints ROC AUC for `mt` against `orig`, against `ht`, and against both,
//! overall, per source language and per MT system; the expected calibration
//! error with a reliability table; and precision and recall at the
//! configured threshold. `--plot FILE.svg` draws the ROC curves and the
//! score histograms per label.

use std::collections::BTreeMap;
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
    }
}

/// One line per document: id, label, source language, system and
/// probability, tab-separated, under a header line. Tabs and line breaks
/// inside a field become spaces so every line has five fields.
pub fn scores_tsv(data: &Dataset, scored: &Scored) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = String::from("id\tlabel\tsrc_lang\tsystem\tprobability\n");
    for (meta, p) in data.meta.iter().zip(&scored.probabilities) {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{p:.6}",
            clean(&meta.id),
            meta.label.as_str(),
            clean(&meta.src_lang),
            clean(&meta.system)
        );
    }
    out
}

impl Scored {
    /// Probabilities of the rows matching `keep`.
    pub fn select(&self, keep: impl Fn(usize) -> bool) -> Vec<f64> {
        (0..self.probabilities.len())
            .filter(|&i| keep(i))
            .map(|i| self.probabilities[i])
            .collect()
    }

    /// AUC of the machine rows matching `mt` against the human rows matching `human`.
    fn aucs(&self, mt: impl Fn(usize) -> bool) -> [Option<f64>; 3] {
        let pos = self.select(|i| self.labels[i] == Label::Mt && mt(i));
        let orig = self.select(|i| self.labels[i] == Label::Orig);
        let ht = self.select(|i| self.labels[i] == Label::Ht);
        let both = self.select(|i| self.labels[i] != Label::Mt);
        [auc(&pos, &orig), auc(&pos, &ht), auc(&pos, &both)]
    }

    fn aucs_with_ht(
        &self,
        mt: impl Fn(usize) -> bool,
        ht: impl Fn(usize) -> bool,
    ) -> [Option<f64>; 3] {
        let pos = self.select(|i| self.labels[i] == Label::Mt && mt(i));
        let orig = self.select(|i| self.labels[i] == Label::Orig);
        let hts = self.select(|i| self.labels[i] == Label::Ht && ht(i));
        let both = self
            .select(|i| self.labels[i] == Label::Orig || (self.labels[i] == Label::Ht && ht(i)));
        [auc(&pos, &orig), auc(&pos, &hts), auc(&pos, &both)]
    }
}

fn fmt_auc(a: Option<f64>) -> String {
    a.map_or_else(|| "    -".to_string(), |v| format!("{v:.3}"))
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
    let [o, h, b] = scored.aucs(|_| true);
    let _ = writeln!(out, "\nROC AUC");
    let _ = writeln!(out, "  mt vs orig  {}", fmt_auc(o));
    let _ = writeln!(out, "  mt vs ht    {}", fmt_auc(h));
    let _ = writeln!(out, "  mt vs both  {}", fmt_auc(b));

    let _ = writeln!(
        out,
        "\nBy source language (document counts; AUC of mt from that language vs all orig, vs ht from that language, vs both)"
    );
    let _ = writeln!(
        out,
        "  {:<10} {:>6} {:>6} {:>7} {:>7} {:>7}",
        "lang", "mt", "ht", "vs orig", "vs ht", "vs both"
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
        let [o, h, b] = scored.aucs_with_ht(is_lang, is_lang);
        let _ = writeln!(
            out,
            "  {lang:<10} {n_mt:>6} {n_ht:>6} {:>7} {:>7} {:>7}",
            fmt_auc(o),
            fmt_auc(h),
            fmt_auc(b)
        );
    }

    let _ = writeln!(
        out,
        "\nBy MT system (document count; AUC of its output vs all orig, all ht, both)"
    );
    let _ = writeln!(
        out,
        "  {:<24} {:>6} {:>7} {:>7} {:>7}",
        "system", "mt", "vs orig", "vs ht", "vs both"
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
        let [o, h, b] = scored.aucs(is_system);
        let _ = writeln!(
            out,
            "  {system:<24} {n:>6} {:>7} {:>7} {:>7}",
            fmt_auc(o),
            fmt_auc(h),
            fmt_auc(b)
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
    let trained_on = if model.trained_on.is_empty() {
        "untrained fallback".to_string()
    } else {
        model.trained_on.join(", ")
    };
    let opening = args
        .opening
        .map(|n| format!(" (each document's opening of about {n} words)"))
        .unwrap_or_default();
    println!(
        "model: trained on {trained_on}; evaluated on {}{opening}",
        args.corpus
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    print!("{}", report(&scored, threshold, args.bins));
    if let Some(plot) = &args.plot {
        crate::plot::draw(plot, &scored)?;
        eprintln!("calque: wrote {}", plot.display());
    }
    if let Some(path) = &args.scores {
        std::fs::write(path, scores_tsv(&data, &scored)).map_err(|e| Error::Io {
            path: path.clone(),
            source: e,
        })?;
        eprintln!("calque: wrote {}", path.display());
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
        };
        let r = report(&scored, 0.5, 10);
        assert!(r.contains("mt vs both  1.000"), "{r}");
        assert!(r.contains("expected calibration error"));
        assert!(r.contains("precision 1.000  recall 1.000"), "{r}");
        assert!(r.lines().any(|l| l.trim_start().starts_with("zh ")), "{r}");
        assert!(r.lines().any(|l| l.trim_start().starts_with("B ")), "{r}");
    }
}
