//! `calque mine`: builds the MT006 lexicon of phrasings typical of machine
//! translation from labelled corpora.
//!
//! Method. Documents of one `group` render the same source lines, once by
//! human translators (`ht`) and several times by MT systems (`mt`). Each
//! document is weighted by one over the number of documents of its label in
//! its group, so every group contributes the same mass to both sides and the
//! article's topic cancels. For every word n-gram (1–4 words, lowercased, not
//! crossing punctuation, numbers or paragraph ends) the weighted counts give a
//! smoothed log ratio `ln((y_mt + a) / N_mt) − ln((y_ht + a) / N_ht)` and a
//! z-score `ratio / sqrt(1 / (y_mt + a) + 1 / (y_ht + a))` (a log-odds with a
//! flat prior, after Monroe et al., "Fightin' Words").
//!
//! An n-gram is kept when it is frequent enough, spread over many groups (no
//! single article supplies much of it), used by several MT systems (for
//! MT-typical entries), not mostly capitalised (names, titles), strong and
//! significant on the mined corpus, and holds in the same direction on the
//! held-out corpus. A longer n-gram that is no stronger than one of its parts
//! is dropped. Entries are tagged with the source languages where they are
//! over-represented, and marked as `evidence` when they also pass the stricter
//! [`EVIDENCE`] filters (only those may become MT006 findings).
//!
//! Weights. By default the kept n-grams are weighted jointly: an
//! L2-regularised logistic regression, MT against HT, over each document's
//! matches per 1,000 words (matched as MT006 matches, leftmost-longest), with
//! the same group weighting, so `MT006.score` is the model's log-odds less its
//! intercept. Overlapping or redundant phrasings share the credit instead of
//! each counting its full ratio. The penalty is chosen by cross-validation
//! with whole groups held out. `--weighting ratio` gives the older weights:
//! the weaker of the mined and held-out log ratios.
//!
//! The output is deterministic: one thread sums in input order and every list
//! is sorted before writing.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use crate::corpus::{self, Label, LabeledDoc};
use crate::document::Document;
use crate::error::Error;
use crate::phrase_table::PhraseTable;
use crate::signals::mt_phrasing::{normalize_word, MAX_WORDS};
use crate::sparse_logit::{self, Problem, SparseRows};
use crate::text::{Analysis, TokenKind};

/// Options of `calque mine`; the defaults suit the WMT corpora.
#[derive(Debug, Clone, clap::Args)]
pub struct MineArgs {
    /// Labelled corpus to mine (JSON Lines with group, label, src_lang, system); repeatable.
    #[arg(long = "corpus", required = true, value_name = "FILE")]
    pub corpus: Vec<PathBuf>,
    /// Held-out labelled corpus an entry must also hold on; repeatable.
    /// Without it, half of the mined corpus' groups (by a stable hash) are
    /// held out instead, so no other year is touched.
    #[arg(long = "validate", value_name = "FILE")]
    pub validate: Vec<PathBuf>,
    /// Where to write the lexicon.
    #[arg(long, default_value = "models/mt_phrasing.tsv", value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub options: MineOptions,
}

/// Thresholds of the mining.
#[derive(Debug, Clone, clap::Args)]
pub struct MineOptions {
    /// Minimum raw occurrences (MT + HT) on the mined corpus.
    #[arg(long, default_value_t = 5)]
    pub min_count: u32,
    /// Minimum number of groups (articles) the n-gram occurs in.
    #[arg(long, default_value_t = 3)]
    pub min_groups: u32,
    /// Minimum number of MT systems using an MT-typical n-gram.
    #[arg(long, default_value_t = 4)]
    pub min_systems: u32,
    /// Largest share of the over-represented side's mass from one group or one system.
    #[arg(long, default_value_t = 0.4)]
    pub max_share: f64,
    /// Minimum ratio (either direction) on the mined corpus.
    #[arg(long, default_value_t = 1.15)]
    pub min_ratio: f64,
    /// Minimum z-score on the mined corpus.
    #[arg(long, default_value_t = 1.0)]
    pub min_z: f64,
    /// Minimum ratio, same direction, on the held-out corpus.
    #[arg(long, default_value_t = 1.0)]
    pub held_min_ratio: f64,
    /// Minimum z-score on the held-out corpus.
    #[arg(long, default_value_t = 0.0)]
    pub held_min_z: f64,
    /// Most entries kept per direction (strongest first).
    #[arg(long, default_value_t = 4000)]
    pub max_entries: usize,
    /// Fewest words an entry has; 2 leaves out single words, whose
    /// over-representation says more about register than about translation.
    #[arg(long, default_value_t = 1)]
    pub min_words: usize,
    /// How entry weights are set: `logistic` fits all kept n-grams jointly
    /// (MT vs HT, L2-regularised); `ratio` uses each n-gram's own log ratio.
    #[arg(long, value_enum, default_value_t = Weighting::Logistic)]
    pub weighting: Weighting,
    /// L2 penalty of the logistic fit [default: chosen by cross-validation
    /// over groups].
    #[arg(long)]
    pub l2: Option<f64>,
}

/// How `calque mine` sets the weight of a kept n-gram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Weighting {
    /// Coefficients of a logistic regression over all kept n-grams.
    Logistic,
    /// The weaker of the mined and held-out log ratios.
    Ratio,
}

impl Default for MineOptions {
    fn default() -> Self {
        Self {
            min_count: 5,
            min_groups: 3,
            min_systems: 4,
            max_share: 0.4,
            min_ratio: 1.15,
            min_z: 1.0,
            held_min_ratio: 1.0,
            held_min_z: 0.0,
            max_entries: 4000,
            min_words: 1,
            weighting: Weighting::Logistic,
            l2: None,
        }
    }
}

/// The stricter support an entry needs to be marked as evidence (findings
/// shown to people); looser entries only feed the jointly fitted score.
pub const EVIDENCE: MineOptions = MineOptions {
    min_count: 10,
    min_groups: 6,
    min_systems: 4,
    max_share: 0.25,
    min_ratio: 1.3,
    min_z: 1.5,
    held_min_ratio: 1.1,
    held_min_z: 0.5,
    max_entries: usize::MAX,
    min_words: 1,
    weighting: Weighting::Ratio,
    l2: None,
};

/// A part this much stronger (log ratio) makes a longer n-gram redundant.
const REDUNDANT_MARGIN: f64 = 0.1;
/// A part that occurs this often inside a longer entry is explained by it.
const CONTAINED_SHARE: f64 = 0.8;

/// Raw occurrences on the side an entry is typical of.
fn over_count(e: &MinedEntry) -> u32 {
    if e.weight > 0.0 {
        e.mt_count
    } else {
        e.ht_count
    }
}

/// Pseudo-count added to both sides (in group-mean occurrences).
const PRIOR: f64 = 1.0;
/// A token id with this bit was capitalised away from a sentence start.
const CAP_BIT: u32 = 1 << 31;
/// Separates runs of words in a tokenised document.
const SEP: u32 = u32::MAX;

type Map<K, V> = rustc_hash::FxHashMap<K, V>;

/// Word ids shared by every corpus of one run.
#[derive(Default)]
struct Vocab {
    ids: HashMap<String, u32>,
    words: Vec<String>,
}

impl Vocab {
    fn id(&mut self, word: String) -> u32 {
        if let Some(&id) = self.ids.get(&word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.clone());
        self.ids.insert(word, id);
        id
    }
}

struct TokDoc {
    is_mt: bool,
    group: u32,
    lang: u32,
    system: u32,
    /// One over the number of documents of this label in the group.
    weight: f64,
    words: u32,
    /// Word ids (with [`CAP_BIT`]) in runs separated by [`SEP`].
    ids: Vec<u32>,
}

struct Corpus {
    docs: Vec<TokDoc>,
    langs: Vec<String>,
    systems: Vec<String>,
    /// How the corpus is named in findings, e.g. `WMT 2021`.
    name: String,
    /// Weighted word totals, MT and HT.
    total_mt: f64,
    total_ht: f64,
}

fn intern(list: &mut Vec<String>, s: &str) -> u32 {
    match list.iter().position(|x| x == s) {
        Some(i) => i as u32,
        None => {
            list.push(s.to_string());
            (list.len() - 1) as u32
        }
    }
}

/// A document's words as (normalised word, capitalised-mid-sentence) runs.
fn words_of(text: &str) -> Vec<Option<(String, bool)>> {
    let doc = Document::from_text("", text);
    let a = Analysis::new(&doc);
    let mut sentence_start = vec![false; a.tokens.len()];
    for s in &a.sentences {
        if s.start < sentence_start.len() {
            sentence_start[s.start] = true;
        }
    }
    let mut out = Vec::with_capacity(a.tokens.len() + 8);
    let mut prev_paragraph = usize::MAX;
    for (i, t) in a.tokens.iter().enumerate() {
        if t.paragraph != prev_paragraph {
            out.push(None);
            prev_paragraph = t.paragraph;
        }
        if t.kind != TokenKind::Word {
            out.push(None);
            continue;
        }
        let w = &a.text()[t.start..t.end];
        let cap = !sentence_start[i] && w.starts_with(|c: char| c.is_uppercase());
        out.push(Some((normalize_word(w), cap)));
    }
    out
}

/// One half of a corpus' groups, for mining and validating on one corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GroupHalf {
    Mined,
    Held,
}

impl GroupHalf {
    /// Which half a group falls in: its fold of two in
    /// [`crate::train::fold_of`], so the split is stable.
    fn of(group: &str) -> Self {
        if crate::train::fold_of(group, 2) == 0 {
            GroupHalf::Mined
        } else {
            GroupHalf::Held
        }
    }
}

fn load(paths: &[PathBuf], vocab: &mut Vocab, half: Option<GroupHalf>) -> Result<Corpus, Error> {
    let mut raw: Vec<LabeledDoc> = Vec::new();
    for p in paths {
        raw.extend(corpus::read(p)?);
    }
    if let Some(half) = half {
        raw.retain(|d| GroupHalf::of(&d.group) == half);
    }
    // Only groups with both machine and human translations compare like with like.
    let mut per_group: HashMap<&str, (u32, u32)> = HashMap::new();
    for d in &raw {
        let e = per_group.entry(d.group.as_str()).or_default();
        match d.label {
            Label::Mt => e.0 += 1,
            Label::Ht => e.1 += 1,
            Label::Orig => {}
        }
    }
    let mut kept: Vec<&LabeledDoc> = raw
        .iter()
        .filter(|d| d.label != Label::Orig && !d.group.is_empty())
        .filter(|d| per_group[d.group.as_str()].0 > 0 && per_group[d.group.as_str()].1 > 0)
        .collect();
    kept.sort_by(|a, b| (&a.group, &a.id).cmp(&(&b.group, &b.id)));

    let mut years: Vec<u32> = kept.iter().map(|d| d.year).filter(|&y| y > 0).collect();
    years.sort_unstable();
    years.dedup();
    let name = if years.is_empty() {
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        format!(
            "WMT {}",
            years
                .iter()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join("+")
        )
    };

    let words: Vec<Vec<Option<(String, bool)>>> =
        kept.par_iter().map(|d| words_of(&d.text)).collect();

    let mut groups: Vec<String> = Vec::new();
    let mut langs = Vec::new();
    let mut systems = Vec::new();
    let mut docs = Vec::with_capacity(kept.len());
    let (mut total_mt, mut total_ht) = (0.0, 0.0);
    for (d, ws) in kept.iter().zip(words) {
        if groups.last().map(String::as_str) != Some(d.group.as_str()) {
            groups.push(d.group.clone());
        }
        let (n_mt, n_ht) = per_group[d.group.as_str()];
        let is_mt = d.label == Label::Mt;
        let weight = 1.0 / f64::from(if is_mt { n_mt } else { n_ht });
        let mut ids = Vec::with_capacity(ws.len());
        let mut n_words = 0u32;
        for w in ws {
            match w {
                None => {
                    if ids.last() != Some(&SEP) {
                        ids.push(SEP);
                    }
                }
                Some((word, cap)) => {
                    n_words += 1;
                    let id = vocab.id(word);
                    ids.push(if cap { id | CAP_BIT } else { id });
                }
            }
        }
        if is_mt {
            total_mt += weight * f64::from(n_words);
        } else {
            total_ht += weight * f64::from(n_words);
        }
        docs.push(TokDoc {
            is_mt,
            group: (groups.len() - 1) as u32,
            lang: intern(&mut langs, &d.src_lang),
            system: intern(&mut systems, &d.system),
            weight,
            words: n_words,
            ids,
        });
    }
    Ok(Corpus {
        docs,
        langs,
        systems,
        name,
        total_mt,
        total_ht,
    })
}

/// Every n-gram occurrence of a document, as a key of its word ids.
fn for_each_ngram(ids: &[u32], mut f: impl FnMut(u128)) {
    for i in 0..ids.len() {
        let mut key: u128 = 0;
        for &raw in ids[i..].iter().take(MAX_WORDS) {
            if raw == SEP {
                break;
            }
            key = (key << 32) | u128::from((raw & !CAP_BIT) + 1);
            f(key);
        }
    }
}

/// Words capitalised away from a sentence start in most of their occurrences:
/// names and titles, which say more about the story than about the translation.
fn name_like_words(corpus: &Corpus, vocab: &Vocab) -> Vec<bool> {
    let mut seen = vec![(0u32, 0u32); vocab.words.len()];
    for d in &corpus.docs {
        for &raw in d.ids.iter().filter(|&&r| r != SEP) {
            let s = &mut seen[(raw & !CAP_BIT) as usize];
            s.0 += u32::from(raw & CAP_BIT != 0);
            s.1 += 1;
        }
    }
    seen.iter().map(|&(caps, all)| 2 * caps > all).collect()
}

fn key_words(key: u128, vocab: &Vocab) -> Vec<u32> {
    let mut ids = Vec::new();
    let mut k = key;
    while k != 0 {
        ids.push((k & 0xffff_ffff) as u32 - 1);
        k >>= 32;
    }
    ids.reverse();
    debug_assert!(ids.iter().all(|&i| (i as usize) < vocab.words.len()));
    ids
}

fn key_of(ids: &[u32]) -> u128 {
    ids.iter()
        .fold(0u128, |k, &i| (k << 32) | u128::from(i + 1))
}

#[derive(Default, Clone, Copy)]
struct Count {
    mt: f64,
    ht: f64,
    mt_raw: u32,
    ht_raw: u32,
    groups: u32,
    last_group: u32,
}

/// Smoothed log ratio (MT over HT) and its z-score.
fn log_ratio(y_mt: f64, y_ht: f64, n_mt: f64, n_ht: f64) -> (f64, f64) {
    let r = ((y_mt + PRIOR) / n_mt.max(1.0)).ln() - ((y_ht + PRIOR) / n_ht.max(1.0)).ln();
    let se = (1.0 / (y_mt + PRIOR) + 1.0 / (y_ht + PRIOR)).sqrt();
    (r, r / se)
}

/// Detailed statistics of one candidate on the mined corpus.
#[derive(Clone)]
struct Detail {
    per_system: Vec<u32>,
    per_lang: Vec<(f64, f64)>,
    /// Mass of the current group, and the largest mass of any group, per side.
    cur_group: u32,
    cur: (f64, f64),
    max_group: (f64, f64),
}

struct Candidate {
    key: u128,
    ratio: f64,
    z: f64,
    count: Count,
}

/// One entry of the written lexicon.
#[derive(Debug, Clone, PartialEq)]
pub struct MinedEntry {
    pub phrase: String,
    pub weight: f64,
    pub mined_ratio: f64,
    pub held_ratio: f64,
    pub mt_count: u32,
    pub ht_count: u32,
    pub groups: u32,
    pub systems: u32,
    pub langs: Vec<String>,
    /// Passes the stricter [`EVIDENCE`] support filters, so MT006 may show it
    /// as a finding (when it is also strong enough on its own).
    pub evidence: bool,
}

/// The result of a mining run.
#[derive(Debug, Clone)]
pub struct Mined {
    pub mined_on: String,
    pub held_on: String,
    pub entries: Vec<MinedEntry>,
    /// How many n-grams were counted, considered, and survived each step.
    pub stats: Vec<(&'static str, usize)>,
    /// How the weights were set (penalty and cross-validated loss), for the log.
    pub notes: Vec<String>,
    /// What the weight column is, for the file header.
    pub weight_method: String,
}

/// Number of folds (by group) that choose the L2 penalty.
const FOLDS: u32 = 5;
/// Penalties tried, strongest first (each fit starts from the previous one).
const L2_GRID: [f64; 10] = [1.0, 0.3, 0.1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5];
const MAX_ITER: usize = 400;

/// Per-document rates (per 1,000 words) of the `keys` n-grams, matched as
/// MT006 matches its lexicon: leftmost-longest, without overlap. With these
/// features the logistic model's linear predictor is exactly `MT006.score`
/// plus the intercept.
fn match_rates(keys: &[u128], docs: &[(&TokDoc, u32)]) -> SparseRows {
    let mut table: PhraseTable<u128> = PhraseTable::default();
    for (i, &key) in keys.iter().enumerate() {
        // A key packs one 32-bit word per slot; its prefixes are its upper words.
        let words = (128 - key.leading_zeros()).div_ceil(32);
        table.insert((0..words).rev().map(|shift| key >> (32 * shift)), i as u32);
    }
    let mut x = SparseRows::new(keys.len());
    let mut hits: Vec<u32> = Vec::new();
    for (d, _) in docs {
        hits.clear();
        let ids = &d.ids;
        let mut p = 0;
        while p < ids.len() {
            let running = ids[p..]
                .iter()
                .take(MAX_WORDS)
                .take_while(|&&raw| raw != SEP)
                .scan(0u128, |key, &raw| {
                    *key = (*key << 32) | u128::from((raw & !CAP_BIT) + 1);
                    Some(*key)
                });
            match table.longest(running) {
                Some((len, entry)) => {
                    hits.push(entry);
                    p += len;
                }
                None => p += 1,
            }
        }
        hits.sort_unstable();
        let per_kw = 1000.0 / f64::from(d.words.max(1));
        let mut row: Vec<(u32, f64)> = Vec::new();
        for &h in &hits {
            match row.last_mut() {
                Some((c, v)) if *c == h => *v += per_kw,
                _ => row.push((h, per_kw)),
            }
        }
        x.push_row(row);
    }
    x
}

/// Weights of the `keys` n-grams: coefficients of an L2-regularised logistic
/// regression, MT (positive) against HT, over their per-document rates. Each
/// document counts one over the number of documents of its label in its
/// group, so every group weighs the same on both sides and its topic cancels.
/// The penalty is the one with the lowest log loss on held-out groups.
fn logistic_weights(
    keys: &[u128],
    docs: &[(&TokDoc, u32)],
    l2: Option<f64>,
    notes: &mut Vec<String>,
) -> (Vec<f64>, f64) {
    let x = match_rates(keys, docs);
    let positive: Vec<bool> = docs.iter().map(|(d, _)| d.is_mt).collect();
    let sample_weight: Vec<f64> = docs.iter().map(|(d, _)| d.weight).collect();
    let all: Vec<usize> = (0..docs.len()).collect();
    let l2 = match l2 {
        Some(l2) => l2,
        None => {
            let fold_losses: Vec<Vec<f64>> = (0..FOLDS)
                .into_par_iter()
                .map(|fold| {
                    let (test, fit_rows): (Vec<usize>, Vec<usize>) =
                        all.iter().partition(|&&i| docs[i].1 % FOLDS == fold);
                    let fit_on = Problem {
                        x: &x,
                        rows: &fit_rows,
                        positive: &positive,
                        sample_weight: &sample_weight,
                    };
                    let test_on = Problem {
                        x: &x,
                        rows: &test,
                        positive: &positive,
                        sample_weight: &sample_weight,
                    };
                    let mut start: Option<sparse_logit::Fit> = None;
                    L2_GRID
                        .iter()
                        .map(|&l2| {
                            let f = sparse_logit::fit(&fit_on, l2, start.as_ref(), MAX_ITER);
                            let loss = test_on.log_loss(&f);
                            start = Some(f);
                            loss
                        })
                        .collect()
                })
                .collect();
            let mut best = (f64::INFINITY, L2_GRID[0]);
            for (k, &l2) in L2_GRID.iter().enumerate() {
                let loss = fold_losses.iter().map(|f| f[k]).sum::<f64>() / f64::from(FOLDS);
                notes.push(format!("l2 {l2:e}: held-out log loss {loss:.4}"));
                if loss < best.0 {
                    best = (loss, l2);
                }
            }
            best.1
        }
    };
    let fit_on = Problem {
        x: &x,
        rows: &all,
        positive: &positive,
        sample_weight: &sample_weight,
    };
    let f = sparse_logit::fit(&fit_on, l2, None, MAX_ITER);
    notes.push(format!(
        "logistic weights over {} n-grams and {} documents, l2 {l2:e}, training log loss {:.4}",
        keys.len(),
        docs.len(),
        fit_on.log_loss(&f)
    ));
    (f.coef, l2)
}

/// Mine a lexicon from `corpus` files, keeping entries that hold on `validate`.
pub fn mine(corpus: &[PathBuf], validate: &[PathBuf], opts: &MineOptions) -> Result<Mined, Error> {
    let mut vocab = Vocab::default();
    let (train, held) = if validate.is_empty() {
        (
            load(corpus, &mut vocab, Some(GroupHalf::Mined))?,
            load(corpus, &mut vocab, Some(GroupHalf::Held))?,
        )
    } else {
        (
            load(corpus, &mut vocab, None)?,
            load(validate, &mut vocab, None)?,
        )
    };
    if train.total_mt == 0.0 || train.total_ht == 0.0 {
        return Err(Error::Usage(
            "the mined corpus has no group with both mt and ht documents".into(),
        ));
    }
    if held.total_mt == 0.0 || held.total_ht == 0.0 {
        return Err(Error::Usage(
            "the held-out corpus has no group with both mt and ht documents".into(),
        ));
    }
    let mut stats = Vec::new();

    // Pass 1: weighted counts of every n-gram on the mined corpus.
    let mut counts: Map<u128, Count> = Map::default();
    for d in &train.docs {
        let group = d.group + 1;
        for_each_ngram(&d.ids, |key| {
            let c = counts.entry(key).or_default();
            if d.is_mt {
                c.mt += d.weight;
                c.mt_raw += 1;
            } else {
                c.ht += d.weight;
                c.ht_raw += 1;
            }
            if c.last_group != group {
                c.last_group = group;
                c.groups += 1;
            }
        });
    }
    stats.push(("n-grams counted", counts.len()));
    let name_like = name_like_words(&train, &vocab);

    let min_log = opts.min_ratio.max(1.0).ln();
    let mut candidates: Vec<Candidate> = counts
        .iter()
        .filter(|(key, c)| {
            let raw = c.mt_raw + c.ht_raw;
            raw >= opts.min_count
                && c.groups >= opts.min_groups
                && key_words(**key, &vocab).len() >= opts.min_words
                && !key_words(**key, &vocab)
                    .iter()
                    .any(|&w| name_like[w as usize])
        })
        .filter_map(|(&key, &count)| {
            let (ratio, z) = log_ratio(count.mt, count.ht, train.total_mt, train.total_ht);
            (ratio.abs() >= min_log && z.abs() >= opts.min_z).then_some(Candidate {
                key,
                ratio,
                z,
                count,
            })
        })
        .collect();
    drop(counts);
    candidates.sort_by_key(|c| c.key);
    stats.push((
        "frequent, spread, strong on the mined corpus",
        candidates.len(),
    ));
    let index: Map<u128, usize> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key, i))
        .collect();

    // Pass 2: per-system, per-language and per-group detail of the candidates.
    let empty = Detail {
        per_system: vec![0; train.systems.len()],
        per_lang: vec![(0.0, 0.0); train.langs.len()],
        cur_group: u32::MAX,
        cur: (0.0, 0.0),
        max_group: (0.0, 0.0),
    };
    let mut details = vec![empty; candidates.len()];
    let mut lang_totals = vec![(0.0f64, 0.0f64); train.langs.len()];
    for d in &train.docs {
        let lt = &mut lang_totals[d.lang as usize];
        if d.is_mt {
            lt.0 += d.weight * f64::from(d.words);
        } else {
            lt.1 += d.weight * f64::from(d.words);
        }
        for_each_ngram(&d.ids, |key| {
            let Some(&i) = index.get(&key) else { return };
            let det = &mut details[i];
            if det.cur_group != d.group {
                det.max_group.0 = det.max_group.0.max(det.cur.0);
                det.max_group.1 = det.max_group.1.max(det.cur.1);
                det.cur_group = d.group;
                det.cur = (0.0, 0.0);
            }
            let l = &mut det.per_lang[d.lang as usize];
            if d.is_mt {
                det.per_system[d.system as usize] += 1;
                det.cur.0 += d.weight;
                l.0 += d.weight;
            } else {
                det.cur.1 += d.weight;
                l.1 += d.weight;
            }
        });
    }
    for det in &mut details {
        det.max_group.0 = det.max_group.0.max(det.cur.0);
        det.max_group.1 = det.max_group.1.max(det.cur.1);
    }

    // Pass 3: the same counts on the held-out corpus.
    let mut held_counts = vec![(0.0f64, 0.0f64); candidates.len()];
    for d in &held.docs {
        for_each_ngram(&d.ids, |key| {
            if let Some(&i) = index.get(&key) {
                if d.is_mt {
                    held_counts[i].0 += d.weight;
                } else {
                    held_counts[i].1 += d.weight;
                }
            }
        });
    }

    let held_min_log = opts.held_min_ratio.max(1.0).ln();
    let mut kept: Vec<(u128, MinedEntry)> = Vec::new();
    let (mut spread_ok, mut systems_ok) = (0usize, 0usize);
    for (i, c) in candidates.iter().enumerate() {
        let det = &details[i];
        let positive = c.ratio > 0.0;
        let (over_mass, over_max_group) = if positive {
            (c.count.mt, det.max_group.0)
        } else {
            (c.count.ht, det.max_group.1)
        };
        if over_max_group > opts.max_share * over_mass {
            continue;
        }
        spread_ok += 1;
        let systems = det.per_system.iter().filter(|&&n| n > 0).count() as u32;
        let top_system = det.per_system.iter().copied().max().unwrap_or(0);
        if positive
            && (systems < opts.min_systems
                || f64::from(top_system) > 2.0 * opts.max_share * f64::from(c.count.mt_raw))
        {
            continue;
        }
        systems_ok += 1;
        let (h_mt, h_ht) = held_counts[i];
        let (h_ratio, h_z) = log_ratio(h_mt, h_ht, held.total_mt, held.total_ht);
        let same_direction = h_ratio.signum() == c.ratio.signum();
        if !same_direction || h_ratio.abs() < held_min_log || h_z.abs() < opts.held_min_z {
            continue;
        }
        let weight = c.ratio.signum() * c.ratio.abs().min(h_ratio.abs());
        let strict = &EVIDENCE;
        let evidence = c.count.mt_raw + c.count.ht_raw >= strict.min_count
            && c.count.groups >= strict.min_groups
            && c.ratio.abs() >= strict.min_ratio.ln()
            && c.z.abs() >= strict.min_z
            && over_max_group <= strict.max_share * over_mass
            && (!positive
                || (systems >= strict.min_systems
                    && f64::from(top_system)
                        <= 2.0 * strict.max_share * f64::from(c.count.mt_raw)))
            && h_ratio.abs() >= strict.held_min_ratio.ln()
            && h_z.abs() >= strict.held_min_z;
        let mut langs: Vec<(f64, &str)> = det
            .per_lang
            .iter()
            .zip(&lang_totals)
            .zip(&train.langs)
            .filter_map(|(((y_mt, y_ht), (n_mt, n_ht)), name)| {
                let over = if positive { *y_mt } else { *y_ht };
                if over < 2.0 || *n_mt == 0.0 || *n_ht == 0.0 {
                    return None;
                }
                let (r, _) = log_ratio(*y_mt, *y_ht, *n_mt, *n_ht);
                (r * c.ratio.signum() >= min_log).then_some((r.abs(), name.as_str()))
            })
            .collect();
        langs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        let words = key_words(c.key, &vocab);
        let phrase = words
            .iter()
            .map(|&w| vocab.words[w as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ");
        kept.push((
            c.key,
            MinedEntry {
                phrase,
                weight,
                mined_ratio: c.ratio.exp(),
                held_ratio: h_ratio.exp(),
                mt_count: c.count.mt_raw,
                ht_count: c.count.ht_raw,
                groups: c.count.groups,
                systems,
                evidence,
                langs: langs.into_iter().map(|(_, l)| l.to_string()).collect(),
            },
        ));
    }
    stats.push(("not one article's topic", spread_ok));
    stats.push(("not one system's quirk", systems_ok));
    stats.push(("held on the held-out corpus", kept.len()));

    // Between an n-gram and a longer one containing it (same direction), keep
    // the longer unless a part is clearly stronger (the longer only dilutes
    // it), and drop the part when it occurs almost only inside the longer.
    let by_key: Map<u128, (f64, u32)> = kept
        .iter()
        .map(|(k, e)| (*k, (e.weight, over_count(e))))
        .collect();
    let mut drop: Map<u128, ()> = Map::default();
    for (key, e) in &kept {
        let ids = key_words(*key, &vocab);
        for len in 1..ids.len() {
            for start in 0..=ids.len() - len {
                let part = key_of(&ids[start..start + len]);
                let Some(&(w, count)) = by_key.get(&part) else {
                    continue;
                };
                if w.signum() != e.weight.signum() {
                    continue;
                }
                if w.abs() >= e.weight.abs() + REDUNDANT_MARGIN {
                    drop.insert(*key, ());
                } else if f64::from(over_count(e)) >= CONTAINED_SHARE * f64::from(count) {
                    drop.insert(part, ());
                }
            }
        }
    }
    kept.retain(|(key, _)| !drop.contains_key(key));
    stats.push(("not redundant with a longer or shorter entry", kept.len()));

    let mut notes = Vec::new();
    let mut weight_method =
        "ln ratio (MT over HT), the weaker of the mined and held-out estimates.".to_string();
    if opts.weighting == Weighting::Logistic {
        // Fit on every comparable group of the mined corpus: both halves when
        // the held-out half came from it, never a --validate corpus.
        let mut docs: Vec<(&TokDoc, u32)> = train.docs.iter().map(|d| (d, d.group)).collect();
        if validate.is_empty() {
            let offset = train.docs.last().map_or(0, |d| d.group + 1);
            docs.extend(held.docs.iter().map(|d| (d, d.group + offset)));
        }
        let keys: Vec<u128> = kept.iter().map(|(k, _)| *k).collect();
        let (weights, l2) = logistic_weights(&keys, &docs, opts.l2, &mut notes);
        weight_method = format!(
            "coefficient of an L2-regularised logistic regression (MT vs HT, penalty {l2:e}) over\n\
             # every entry's matches per 1,000 words, fitted on all entries jointly on the mined corpus."
        );
        for ((_, e), w) in kept.iter_mut().zip(weights) {
            e.weight = w;
        }
        // An entry whose weight rounds to zero in the file does nothing.
        kept.retain(|(_, e)| e.weight.abs() >= 0.0005);
        stats.push(("non-zero logistic weight", kept.len()));
    }

    let mut entries: Vec<MinedEntry> = kept.into_iter().map(|(_, e)| e).collect();
    entries.sort_by(|a, b| {
        b.weight
            .abs()
            .total_cmp(&a.weight.abs())
            .then_with(|| a.phrase.cmp(&b.phrase))
    });
    let (mut pos, mut neg) = (0usize, 0usize);
    entries.retain(|e| {
        let n = if e.weight > 0.0 { &mut pos } else { &mut neg };
        *n += 1;
        *n <= opts.max_entries
    });
    // Strongest MT-typical first, then the human-typical ones.
    entries.sort_by(|a, b| {
        (b.weight > 0.0)
            .cmp(&(a.weight > 0.0))
            .then_with(|| b.weight.abs().total_cmp(&a.weight.abs()))
            .then_with(|| a.phrase.cmp(&b.phrase))
    });
    stats.push(("written", entries.len()));
    Ok(Mined {
        mined_on: train.name,
        held_on: held.name,
        entries,
        stats,
        notes,
        weight_method,
    })
}

/// The lexicon as the tab-separated text that MT006 embeds.
pub fn to_tsv(mined: &Mined, command: &str) -> String {
    let mut s = String::new();
    s.push_str("# calque MT006 lexicon: word n-grams over-represented in machine translation (weight > 0)\n");
    s.push_str("# or in human translation (weight < 0) of the same source lines.\n");
    let _ = writeln!(s, "# weight: {}", mined.weight_method);
    s.push_str(
        "# mined_ratio, held_ratio: how much more frequent in MT than in HT on the mined and the\n",
    );
    s.push_str(
        "# held-out corpus; evidence 1: passes the stricter support filters findings need.\n",
    );
    s.push_str("# Derived counts only; no corpus text.\n");
    let _ = writeln!(s, "# re-mine: {command}");
    let _ = writeln!(s, "#mined\t{}", mined.mined_on);
    let _ = writeln!(s, "#held\t{}", mined.held_on);
    s.push_str(
        "phrase\tweight\tmined_ratio\theld_ratio\tlangs\tmt_count\tht_count\tgroups\tsystems\tevidence\n",
    );
    for e in &mined.entries {
        let _ = writeln!(
            s,
            "{}\t{:.3}\t{:.2}\t{:.2}\t{}\t{}\t{}\t{}\t{}\t{}",
            e.phrase,
            e.weight,
            e.mined_ratio,
            e.held_ratio,
            e.langs.join(","),
            e.mt_count,
            e.ht_count,
            e.groups,
            e.systems,
            u8::from(e.evidence)
        );
    }
    s
}

fn shell_words(paths: &[PathBuf], flag: &str) -> String {
    paths
        .iter()
        .map(|p| format!("{flag} {}", p.display()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `calque mine`: mine, write the lexicon, print a summary on standard error.
pub fn run(args: &MineArgs) -> Result<i32, Error> {
    let started = Instant::now();
    let mined = mine(&args.corpus, &args.validate, &args.options)?;
    let command = format!(
        "calque mine {} {} --out {}",
        shell_words(&args.corpus, "--corpus"),
        shell_words(&args.validate, "--validate"),
        args.out.display()
    );
    crate::train::write(&args.out, &to_tsv(&mined, &command))?;
    for (step, n) in &mined.stats {
        crate::output::note(format_args!("{n:>10}  {step}"));
    }
    for note in &mined.notes {
        crate::output::note(note);
    }
    let positive = mined.entries.iter().filter(|e| e.weight > 0.0).count();
    crate::output::note(format_args!(
        "wrote {} entries ({} machine-typical, {} human-typical) to {} in {:.1}s",
        mined.entries.len(),
        positive,
        mined.entries.len() - positive,
        args.out.display(),
        started.elapsed().as_secs_f64()
    ));
    Ok(0)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::signals::mt_phrasing::Lexicon;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/mine")
            .join(name)
    }

    fn small() -> MineOptions {
        MineOptions {
            min_count: 3,
            min_groups: 3,
            min_systems: 3,
            max_share: 0.5,
            min_ratio: 1.5,
            min_z: 1.0,
            held_min_ratio: 1.2,
            held_min_z: 0.5,
            max_entries: 100,
            min_words: 1,
            weighting: Weighting::Ratio,
            l2: None,
        }
    }

    fn mined() -> Mined {
        mine(
            &[fixture("train.jsonl")],
            &[fixture("held.jsonl")],
            &small(),
        )
        .unwrap()
    }

    fn find<'m>(m: &'m Mined, phrase: &str) -> Option<&'m MinedEntry> {
        m.entries.iter().find(|e| e.phrase == phrase)
    }

    #[test]
    fn min_words_leaves_out_single_words() {
        let opts = MineOptions {
            min_words: 2,
            ..small()
        };
        let m = mine(&[fixture("train.jsonl")], &[fixture("held.jsonl")], &opts).unwrap();
        assert!(find(&m, "in the framework of").is_some());
        assert!(find(&m, "besides").is_none() && find(&m, "moreover").is_none());
        assert!(m.entries.iter().all(|e| e.phrase.contains(' ')));
    }

    #[test]
    fn keeps_phrasings_that_hold_on_the_held_out_year() {
        let m = mined();
        assert_eq!(m.mined_on, "WMT 2031");
        assert_eq!(m.held_on, "WMT 2032");
        let framework = find(&m, "in the framework of").expect("planted MT phrasing");
        assert!(framework.weight > 1.0, "{framework:?}");
        assert_eq!(framework.langs, ["xx", "yy"]);
        assert_eq!(framework.systems, 5);
        let part = find(&m, "as part of").expect("planted HT phrasing");
        assert!(part.weight < -1.0, "{part:?}");
        assert!(find(&m, "besides").is_some_and(|e| e.weight < 0.0));
        assert!(find(&m, "moreover").is_some_and(|e| e.weight > 0.0));
    }

    #[test]
    fn drops_flips_topics_quirks_names_and_redundant_parts() {
        let m = mined();
        let has = |word: &str| m.entries.iter().any(|e| e.phrase.contains(word));
        assert!(!has("right away"), "direction flips on the held-out year");
        assert!(!has("away"));
        assert!(!has("festival"), "one article's topic");
        assert!(!has("kindly"), "one system's quirk");
        assert!(!has("berg") && !has("minister"), "a name");
        // Occurs only inside the longer entry.
        assert!(find(&m, "framework of").is_none());
        assert!(find(&m, "framework").is_none());
    }

    #[test]
    fn output_is_deterministic_and_parses() {
        let a = to_tsv(&mined(), "calque mine (test)");
        let b = to_tsv(&mined(), "calque mine (test)");
        assert_eq!(a, b);
        let lex = Lexicon::parse(&a).unwrap();
        assert_eq!(lex.len(), mined().entries.len());
        assert_eq!(lex.mined_on, "WMT 2031");
        assert!(lex
            .get("In The Framework Of")
            .is_some_and(|e| e.weight > 1.0));
    }

    #[test]
    fn logistic_weights_keep_the_direction_of_planted_phrasings() {
        let opts = MineOptions {
            weighting: Weighting::Logistic,
            ..small()
        };
        let m = mine(&[fixture("train.jsonl")], &[fixture("held.jsonl")], &opts).unwrap();
        assert!(m.notes.iter().any(|n| n.contains("held-out log loss")));
        let framework = find(&m, "in the framework of").expect("planted MT phrasing");
        assert!(framework.weight > 0.0, "{framework:?}");
        assert!(framework.evidence);
        let part = find(&m, "as part of").expect("planted HT phrasing");
        assert!(part.weight < 0.0, "{part:?}");
        // The ratios stay the entry's own, for findings.
        let by_ratio = find(&mined(), "in the framework of").unwrap().mined_ratio;
        assert_eq!(framework.mined_ratio, by_ratio);
        let a = to_tsv(&m, "calque mine (test)");
        assert!(a.contains("# weight: coefficient of an L2-regularised logistic regression"));
        let again = mine(&[fixture("train.jsonl")], &[fixture("held.jsonl")], &opts).unwrap();
        assert_eq!(a, to_tsv(&again, "calque mine (test)"));
    }

    #[test]
    fn refuses_corpora_without_comparable_groups() {
        let dir = tempfile::tempdir().unwrap();
        let only_mt = dir.path().join("mt.jsonl");
        std::fs::write(
            &only_mt,
            "{\"id\":\"a\",\"group\":\"g\",\"label\":\"mt\",\"text\":\"Hello there.\"}\n",
        )
        .unwrap();
        let only = std::slice::from_ref(&only_mt);
        let err = mine(only, only, &small()).unwrap_err();
        assert!(err.to_string().contains("both mt and ht"), "{err}");
    }

    #[test]
    fn run_writes_the_lexicon_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("sub/lex.tsv");
        let args = MineArgs {
            corpus: vec![fixture("train.jsonl")],
            validate: vec![fixture("held.jsonl")],
            out: out.clone(),
            options: small(),
        };
        assert_eq!(run(&args).unwrap(), 0);
        let text = std::fs::read_to_string(out).unwrap();
        assert!(text.contains("# re-mine: calque mine --corpus"));
        assert!(text.contains("\nin the framework of\t"));
    }
}
