//! MT011 `translationese`: a learned score of how machine-translated the
//! article's sentence patterns look, with the topic taken out.
//!
//! Every word that is not one of the 300 commonest English words
//! (`models/function_words.txt`) is reduced to its shape (capitalised, or
//! lower case ending in -ly, -ing, -ed or otherwise); numbers become one
//! class; punctuation and paragraph edges stay, with typographic variants
//! (curly or straight quotes, dash styles) folded into one mark, since they
//! are a publisher's house style. The article is then a bag of n-grams (one
//! to three tokens) over that reduced text — "the CAP of", "low , which",
//! "said that the" — hashed into
//! a fixed table, log-scaled and length-normalised. A logistic regression
//! fitted by `calque translationese` on machine against human translations and
//! original English articles (`models/translationese.bin`) turns the bag into
//! the feature `MT011.score`, the model's log-odds that the article is
//! machine-translated.
//!
//! Why it points to machine translation: a system translates each sentence
//! close to the source, so the skeleton of function words, punctuation and
//! sentence openings follows the source language's syntax ("it is CAP that",
//! "in the low of the low") in proportions a human writer or translator does
//! not produce. Because content words are masked, the model cannot learn what
//! an article is about, only how it is put together.
//!
//! The score is features-only: no single n-gram is evidence a person could
//! check, so MT011 reports no findings by default; `MT011.rate` is always 0.
//! With `skeleton-evidence` on (`--skeleton-evidence`), it shows the
//! sentences whose n-grams add most to the score ([`sentence_log_odds`]),
//! so that a moderator can read where the skeleton looks translated; they
//! are not counted, as the score already holds them.
//!
//! Example: "It is reported that the two sides will carry out the cooperation
//! in the field of the energy." reduces to "it is low that the two low will
//! low out the low in the low of the low ." whose n-grams ("that the two",
//! "of the low .") the model weighs.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::key_set::KeySet;
use crate::signals::{Context, Signal, SignalInfo, SignalOutput};
use crate::text::{Analysis, Token, TokenKind};

static INFO: SignalInfo = SignalInfo {
    code: "MT011",
    name: "translationese",
    summary: "Learned score of machine-typical sentence skeletons (function words, punctuation, word shapes)",
    doc: "A learned score of how machine-translated the article's sentence patterns look, with \
the topic taken out.\n\n\
Every word outside the 300 commonest English words is reduced to its shape (capitalised, or \
lower case ending in -ly, -ing, -ed or otherwise), numbers to one class; function words, punctuation (curly and straight quotes and dash styles \
folded together) and paragraph edges stay. The \
article becomes a bag of one- to three-token n-grams over that skeleton, scored by a logistic \
regression fitted with `calque translationese` on machine translations against human \
translations and original English articles. The feature `MT011.score` is that model's log-odds.\n\n\
Why it points to machine translation: a system translates sentence by sentence close to the \
source, so the skeleton of function words and punctuation follows the source language's \
syntax in proportions human writers do not produce. Content words are masked, so the score \
cannot learn what the article is about. It gives no findings by default (no single n-gram is \
checkable evidence); it only moves the score. With `--skeleton-evidence` (or \
`skeleton-evidence = true` in calque.toml) it shows the up to three sentences whose n-grams add \
most to the score, each with its share; they are not counted again.\n\n\
Example: \"It is reported that the two sides will carry out the cooperation in the field of the \
energy.\" is read as \"it is low that the two low will low out the low in the low of the low .\"",
    default_weight: 0.0,
};

/// Hash-table size of the n-gram bag, as a power of two.
pub const BITS: u32 = 18;
/// Longest n-gram.
pub const MAX_N: usize = 3;
const MAGIC: &[u8; 4] = b"CQTL";

/// A fitted translationese model: one weight per hash bucket. This is what
/// `calque translationese` fits and cross-fits with; the checker reads the
/// stored model as [`QuantisedWeights`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Weights {
    pub intercept: f32,
    /// `1 << BITS` weights, or empty for a model that always scores 0.
    pub weights: Vec<f32>,
}

impl Weights {
    /// Serialise: magic, bits, intercept, scale, then every weight as an
    /// `i16` multiple of the scale (little-endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut out = Vec::with_capacity(16 + 2 * self.weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&BITS.to_le_bytes());
        out.extend_from_slice(&self.intercept.to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for w in &self.weights {
            out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
        }
        out
    }

    /// Read a model written by [`Self::to_bytes`], every weight widened to
    /// its `f32` value (see `dequantise`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Weights, String> {
        let Header { intercept, scale } = read_header(bytes)?;
        let weights = bytes[16..]
            .chunks_exact(2)
            .map(|c| dequantise([c[0], c[1]], scale))
            .collect();
        Ok(Weights { intercept, weights })
    }

    /// Log-odds of a document's bag (from [`bag`]); the intercept alone
    /// for an empty bag, 0 for an empty model.
    pub fn score(&self, bag: &[(u32, f64)]) -> f64 {
        if self.weights.is_empty() {
            return 0.0;
        }
        f64::from(self.intercept)
            + bag
                .iter()
                .map(|&(b, v)| f64::from(self.weights[b as usize]) * v)
                .sum::<f64>()
    }
}

/// A stored model as the checker reads it: the file's 16-bit weights, kept
/// as they are, and their scale. Half the size of the widened [`Weights`]
/// (512 KiB against 1 MiB, the size of a core's L2 cache), so an article's
/// lookups miss the cache less, and loading it widens nothing. Each weight
/// is widened when looked up, to the same `f32` that
/// [`Weights::from_bytes`] gives it, so the scores are the same to the bit.
#[derive(Debug, Clone, Default)]
pub struct QuantisedWeights {
    intercept: f32,
    scale: f32,
    /// `1 << BITS` little-endian `i16` weights, or empty for a model that
    /// always scores 0. Borrowed from the binary for the embedded model.
    quantised: Cow<'static, [u8]>,
}

impl QuantisedWeights {
    /// The model built into calque (empty if the file is missing or invalid).
    pub fn embedded() -> &'static QuantisedWeights {
        static W: OnceLock<QuantisedWeights> = OnceLock::new();
        W.get_or_init(|| {
            QuantisedWeights::from_bytes(&include_bytes!("../../models/translationese.bin")[..])
                .unwrap_or_default()
        })
    }

    /// Read a model written by [`Weights::to_bytes`], without copying a
    /// borrowed one.
    pub fn from_bytes(bytes: impl Into<Cow<'static, [u8]>>) -> Result<QuantisedWeights, String> {
        let mut quantised = bytes.into();
        let Header { intercept, scale } = read_header(&quantised)?;
        match &mut quantised {
            Cow::Borrowed(b) => *b = &b[16..],
            Cow::Owned(v) => drop(v.drain(..16)),
        }
        Ok(QuantisedWeights {
            intercept,
            scale,
            quantised,
        })
    }
}

/// The numbers of a model file's header.
struct Header {
    intercept: f32,
    scale: f32,
}

/// Check a model file's header and length, and read its numbers.
fn read_header(bytes: &[u8]) -> Result<Header, String> {
    let header = bytes.get(..16).ok_or("translationese model: too short")?;
    if &header[..4] != MAGIC {
        return Err("translationese model: bad magic".into());
    }
    let word = |i: usize| [header[i], header[i + 1], header[i + 2], header[i + 3]];
    if u32::from_le_bytes(word(4)) != BITS {
        return Err("translationese model: wrong table size".into());
    }
    if bytes.len() - 16 != 2 << BITS {
        return Err("translationese model: wrong length".into());
    }
    Ok(Header {
        intercept: f32::from_le_bytes(word(8)),
        scale: f32::from_le_bytes(word(12)),
    })
}

/// A stored weight's value: its little-endian `i16` times the scale, in
/// `f32`. The one place both readers of a model widen a weight.
#[inline(always)]
fn dequantise(quantised: [u8; 2], scale: f32) -> f32 {
    f32::from(i16::from_le_bytes(quantised)) * scale
}

/// Hashes ([`crate::text::word_hash`]) of the kept words.
fn function_words() -> &'static KeySet {
    static SET: OnceLock<KeySet> = OnceLock::new();
    SET.get_or_init(|| {
        KeySet::new(
            include_str!("../../models/function_words.txt")
                .lines()
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(crate::text::word_hash),
        )
    })
}

const CAPITALISED: u64 = 0x9ae1_6a3b_2f90_404f;
const LOWER: u64 = 0xc13f_a9a9_02a6_328f;
const ADVERB_LY: u64 = 0x510e_527f_ade6_82d1;
const FORM_ING: u64 = 0x9b05_688c_2b3e_6c1f;
const FORM_ED: u64 = 0x1f83_d9ab_fb41_bd6b;
const NUMBER: u64 = 0x2545_f491_4f6c_dd1d;
const PARAGRAPH_START: u64 = 0x6a09_e667_f3bc_c908;
const PARAGRAPH_END: u64 = 0xbb67_ae85_84ca_a73b;

/// The class of `token` (whose [`crate::text::word_hash`] is `hash`): a
/// kept word's own hash, else its shape; a punctuation mark's character.
#[inline(always)]
fn token_class(text: &str, token: &Token, hash: u64, kept: &KeySet) -> u64 {
    match token.kind {
        TokenKind::Number => NUMBER,
        TokenKind::Punct => {
            let c = match text.as_bytes()[token.start] {
                // Every mark that is folded lies outside ASCII.
                b if b.is_ascii() => char::from(b),
                _ => text[token.start..].chars().next().unwrap_or(' '),
            };
            0x1000_0000 ^ u64::from(plain_punctuation(c))
        }
        TokenKind::Word => {
            if kept.contains(hash) {
                return hash;
            }
            let word = &text.as_bytes()[token.start..token.end];
            if starts_uppercase(text, word, token.start) {
                CAPITALISED
            } else {
                lowercase_shape(word)
            }
        }
    }
}

/// The shape of a lower-case word that is not kept: its ending when that
/// marks its role in the sentence (-ly adverbs, -ing and -ed forms), since
/// where translations put adverbs and participles is part of the skeleton;
/// otherwise just "lower-case word". Suffixes that mark word class less
/// reliably (-tion, -al, plural -s) made the held-out scores worse.
fn lowercase_shape(word: &[u8]) -> u64 {
    if word.ends_with(b"ly") {
        ADVERB_LY
    } else if word.ends_with(b"ing") {
        FORM_ING
    } else if word.ends_with(b"ed") {
        FORM_ED
    } else {
        LOWER
    }
}

/// Whether `word`, the bytes of `text` from `start` on, starts with an
/// upper-case letter; ASCII without decoding (or slicing `text`, which
/// checks for a character boundary).
#[inline]
fn starts_uppercase(text: &str, word: &[u8], start: usize) -> bool {
    match word.first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => text[start..].chars().next().is_some_and(char::is_uppercase),
    }
}

/// Typographic variants folded to one mark: curly or straight quotes and
/// dash styles are a publisher's house style, not a trace of translation,
/// and a model that learned them would judge the typesetting.
fn plain_punctuation(c: char) -> char {
    match c {
        '“' | '”' | '„' | '‟' | '«' | '»' | '″' => '"',
        '‘' | '’' | '‚' | '‛' | '′' => '\'',
        '–' | '—' | '‒' | '−' => '-',
        '…' => '.',
        _ => c,
    }
}

#[inline]
fn mix(key: u64, class: u64) -> u64 {
    (key.rotate_left(23) ^ class).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The hash bucket of an n-gram's key. The high bits are folded in: the
/// multiply in [`mix`] leaves them best mixed.
#[inline(always)]
fn bucket(key: u64) -> u32 {
    ((key ^ (key >> 32)) & ((1 << BITS) - 1)) as u32
}

/// Where every n-gram's hash starts, before its first class is mixed in.
const NGRAM_SEED: u64 = 0x243f_6a88_85a3_08d3;

/// Call `visit` with the hash bucket of every one- to three-gram of the
/// article's skeleton, paragraph by paragraph, and within a paragraph by
/// starting token, shortest n-gram first. That order is the first-touch
/// order [`score_article`] sums in, so it must not change.
///
/// The classes stream through a window of two, so no buffer is written
/// and every n-gram but those starting at the paragraph's last two classes
/// is a full trigram, mixed without a length check.
///
/// Inlined into its callers, so that [`count_buckets`] keeps its table,
/// mask and count in registers.
#[inline(always)]
fn for_each_bucket(analysis: &Analysis, mut visit: impl FnMut(u32)) {
    let kept = function_words();
    let text = analysis.text();
    let mut emit = |key: u64| visit(bucket(key));
    for p in &analysis.paragraphs {
        let tokens = &analysis.tokens[p.tokens.clone()];
        let hashes = &analysis.word_hashes[p.tokens.clone()];
        let mut window = [PARAGRAPH_START, PARAGRAPH_END];
        let mut rest = tokens.iter().zip(hashes);
        if let Some((t, &h)) = rest.next() {
            window[1] = token_class(text, t, h, kept);
            for (t, &h) in rest {
                shift_in(&mut window, token_class(text, t, h, kept), &mut emit);
            }
            shift_in(&mut window, PARAGRAPH_END, &mut emit);
        }
        // The last two starts have only shorter n-grams left.
        let [first, second] = window;
        let key = mix(NGRAM_SEED, first);
        emit(key);
        emit(mix(key, second));
        emit(mix(NGRAM_SEED, second));
    }
}

/// Emit the one- to three-grams starting at `window[0]`, the trigram ending
/// with `third`, then slide `third` into the window.
#[inline(always)]
fn shift_in(window: &mut [u64; 2], third: u64, emit: &mut impl FnMut(u64)) {
    let [first, second] = *window;
    let key = mix(NGRAM_SEED, first);
    emit(key);
    let key = mix(key, second);
    emit(key);
    emit(mix(key, third));
    *window = [second, third];
}

/// `ln(1 + c)` for the small counts nearly every bucket has.
fn log_table() -> &'static [f64; 256] {
    static TABLE: OnceLock<[f64; 256]> = OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|c| (c as f64).ln_1p()))
}

/// `ln(1 + count)`, from `table` ([`log_table`]) when the count is small.
#[inline]
fn log_count(table: &[f64; 256], count: u32) -> f64 {
    match table.get(count as usize) {
        Some(&v) => v,
        None => f64::from(count).ln_1p(),
    }
}

/// The article's n-gram bag: `(bucket, value)` sorted by bucket, with value
/// `ln(1 + count)` scaled so the bag has unit Euclidean length.
pub fn bag(analysis: &Analysis) -> Vec<(u32, f64)> {
    let mut buckets: Vec<u32> = Vec::with_capacity(analysis.tokens.len() * MAX_N + 16);
    for_each_bucket(analysis, |b| buckets.push(b));
    buckets.sort_unstable();
    let mut out: Vec<(u32, f64)> = Vec::new();
    for b in buckets {
        match out.last_mut() {
            Some((last, count)) if *last == b => *count += 1.0,
            _ => out.push((b, 1.0)),
        }
    }
    let mut norm = 0.0;
    let table = log_table();
    for (_, v) in &mut out {
        *v = log_count(table, *v as u32);
        norm += *v * *v;
    }
    let norm = norm.sqrt();
    if norm > 0.0 {
        out.iter_mut().for_each(|(_, v)| *v /= norm);
    }
    out
}

/// Bucket counts for one article, reused by each worker thread: an
/// open-addressing table sized to the article, so that it stays in the L1
/// cache (a dense table over all `1 << BITS` buckets missed the cache on
/// nearly every n-gram), plus its slots in first-touch order, so scoring needs
/// no sort and sums in an order fixed by the article.
#[derive(Default)]
struct Counts {
    /// `(bucket, count)`; the bucket [`EMPTY`] marks an empty slot. Only
    /// the first [`table_size`] slots are used for an article, and they are
    /// left empty after it.
    slots: Vec<(u32, u32)>,
    /// Indices of the used slots, in the order their buckets first occurred
    /// (as long as the table; the first ones are an article's).
    touched: Vec<u32>,
}

/// The bucket of an empty slot: no bucket is this large, so a probe tells a
/// free slot from its own bucket by the bucket field alone.
const EMPTY: u32 = u32::MAX;
/// An empty slot. Its count is never read; all ones lets clearing a slot
/// store one immediate.
const EMPTY_SLOT: (u32, u32) = (EMPTY, u32::MAX);

thread_local! {
    static COUNTS: std::cell::RefCell<Counts> = std::cell::RefCell::new(Counts::default());
}

impl Counts {
    /// Count the article's n-grams ([`count_buckets`]) into a table sized
    /// to it: its slots, and the slots taken in first-touch order, which
    /// the caller empties again.
    #[inline(always)]
    fn count(&mut self, analysis: &Analysis) -> (&mut [(u32, u32)], &[u32]) {
        // At most three n-grams start at each token and paragraph edge: a
        // bound the table must exceed, or a probe for a new bucket would
        // not end.
        let ngrams: usize = (analysis.paragraphs.iter())
            .map(|p| MAX_N * (p.tokens.len() + 2))
            .sum();
        let size = table_size(ngrams);
        if self.slots.len() < size {
            self.slots.resize(size, EMPTY_SLOT);
            self.touched.resize(size, 0);
        }
        let slots = &mut self.slots[..size];
        let taken = count_buckets(analysis, slots, &mut self.touched);
        (slots, &self.touched[..taken])
    }
}

/// Slots of the count table for an article of at most `ngrams` n-grams: a
/// power of two larger, so the table never fills up (an article has about
/// half as many distinct buckets as n-grams, so it is usually at most half
/// full), and never more than one slot per bucket: from `1 << BITS` slots
/// on, every bucket has its own slot.
fn table_size(ngrams: usize) -> usize {
    (ngrams + 1).next_power_of_two().clamp(16, 1 << BITS)
}

/// Count the article's n-grams (see [`for_each_bucket`]) into `slots`, an
/// empty table whose power-of-two length exceeds the number of n-grams, and
/// write the index of each slot taken into `order` (at least as long) as it
/// is taken; returns how many were taken.
///
/// Kept out of line with the n-gram loop inlined, so that the tables, the
/// mask and the running count stay in registers.
#[inline(never)]
fn count_buckets(analysis: &Analysis, slots: &mut [(u32, u32)], order: &mut [u32]) -> usize {
    // A non-empty table: `at & mask` is then always in bounds.
    let Some(mask) = slots.len().checked_sub(1) else {
        return 0;
    };
    // Fewer slots are taken than there are, so `taken & mask` is `taken`,
    // and indexing with it needs no bounds check.
    let order = &mut order[..slots.len()];
    let mut taken = 0;
    for_each_bucket(analysis, |b| {
        // Buckets are hash bits already: the low ones pick the slot.
        let mut at = b as usize & mask;
        loop {
            let (bucket, count) = &mut slots[at];
            // A free slot first: most n-grams are new to the article
            // (six in ten on news, nine in ten trigrams).
            if *bucket == EMPTY {
                (*bucket, *count) = (b, 1);
                order[taken & mask] = at as u32;
                taken += 1;
                return;
            }
            if *bucket == b {
                // Cannot overflow: a count is at most the article's
                // n-grams, three per token and paragraph edge, and
                // `u32::MAX` of them would take over a billion tokens.
                *count += 1;
                return;
            }
            at = (at + 1) & mask;
        }
    });
    taken
}

/// The model's log-odds for an article: the same value as
/// `Weights::from_bytes(model file).score(&bag(analysis))`, computed
/// without building the bag or widening the table.
pub fn score_article(weights: &QuantisedWeights, analysis: &Analysis) -> f64 {
    // A model has a weight for every bucket, or none and scores 0.
    // As an array, so that a masked bucket needs no bounds check.
    let Some(quantised): Option<&[u8; 2 << BITS]> = weights.quantised.as_ref().try_into().ok()
    else {
        return 0.0;
    };
    let scale = weights.scale;
    // Captured by value, here and in `score_counts`: through references,
    // the loop fetched the table and the scale anew for every lookup.
    score_counts(analysis, weights.intercept, move |b| {
        dequantise([quantised[2 * b], quantised[2 * b + 1]], scale)
    })
}

/// The intercept plus the article's length-normalised bag (see [`bag`])
/// weighted by `weight` of each bucket, summed in first-touch order.
#[inline(always)]
fn score_counts(analysis: &Analysis, intercept: f32, weight: impl Fn(usize) -> f32) -> f64 {
    COUNTS.with_borrow_mut(move |counts| {
        let (slots, touched) = counts.count(analysis);
        let (mut dot, mut norm) = (0.0, 0.0);
        let table = log_table();
        // Every bucket is below `1 << BITS`: masking it changes nothing and
        // spares `weight` a bounds check.
        let bucket_mask = (1 << BITS) - 1;
        for &at in touched {
            let (b, count) = std::mem::replace(&mut slots[at as usize], EMPTY_SLOT);
            let v = log_count(table, count);
            dot += f64::from(weight(b as usize & bucket_mask)) * v;
            norm += v * v;
        }
        let norm = norm.sqrt();
        f64::from(intercept) + if norm > 0.0 { dot / norm } else { 0.0 }
    })
}

impl QuantisedWeights {
    /// The weight of one bucket, as [`score_article`] reads it; 0 for an
    /// empty model.
    fn weight(&self, bucket: u32) -> f32 {
        let at = 2 * bucket as usize;
        match self.quantised.get(at..at + 2) {
            Some(&[lo, hi]) => dequantise([lo, hi], self.scale),
            _ => 0.0,
        }
    }
}

/// Call `visit` with the bucket of every one- to three-gram of the article's
/// skeleton and the token it starts at: the n-grams [`for_each_bucket`]
/// streams, with their places. A paragraph's edges are placed at its first
/// and last token (nowhere in a paragraph without tokens).
fn for_each_placed_bucket(analysis: &Analysis, mut visit: impl FnMut(u32, Option<usize>)) {
    let kept = function_words();
    let text = analysis.text();
    let mut classes: Vec<(u64, Option<usize>)> = Vec::new();
    for p in &analysis.paragraphs {
        let tokens = p.tokens.clone();
        classes.clear();
        classes.push((
            PARAGRAPH_START,
            (!tokens.is_empty()).then_some(tokens.start),
        ));
        for i in tokens.clone() {
            let class = token_class(text, &analysis.tokens[i], analysis.word_hashes[i], kept);
            classes.push((class, Some(i)));
        }
        classes.push((
            PARAGRAPH_END,
            tokens.end.checked_sub(1).filter(|_| !tokens.is_empty()),
        ));
        for (start, &(_, at)) in classes.iter().enumerate() {
            let mut key = NGRAM_SEED;
            for &(class, _) in classes[start..].iter().take(MAX_N) {
                key = mix(key, class);
                visit(bucket(key), at);
            }
        }
    }
}

/// How much each sentence of the article adds to its MT011 score: the model
/// is linear in the bag, so each occurrence of an n-gram carries its
/// bucket's weight times the bucket's value ([`bag`]) divided by the
/// bucket's count, and a sentence sums the n-grams that start in it. With
/// the intercept, the sentences' shares add up to the score.
pub fn sentence_log_odds(weights: &QuantisedWeights, analysis: &Analysis) -> Vec<f64> {
    let mut shares = vec![0.0; analysis.sentences.len()];
    COUNTS.with_borrow_mut(|counts| {
        // Counted as `score_counts` counts, in the same table.
        let (slots, touched) = counts.count(analysis);
        let size = slots.len();
        let table = log_table();
        let norm = touched
            .iter()
            .map(|&at| log_count(table, slots[at as usize].1).powi(2))
            .sum::<f64>()
            .sqrt();
        // What one occurrence of each slot's bucket carries.
        let mut carried = vec![0.0; size];
        if norm > 0.0 {
            for &at in touched {
                let (bucket, count) = slots[at as usize];
                let value = log_count(table, count) / norm;
                carried[at as usize] = f64::from(weights.weight(bucket)) * value / f64::from(count);
            }
        }
        // The n-grams come in token order, so the sentence holding each is
        // found by moving forward.
        let sentences = &analysis.sentences;
        let mask = size - 1;
        let mut s = 0;
        for_each_placed_bucket(analysis, |bucket, token| {
            let Some(token) = token else { return };
            while s < sentences.len() && sentences[s].end <= token {
                s += 1;
            }
            if sentences
                .get(s)
                .is_none_or(|sentence| sentence.start > token)
            {
                return;
            }
            // Every bucket was counted, so the probe ends at its slot.
            let mut at = bucket as usize & mask;
            while slots[at].0 != bucket {
                at = (at + 1) & mask;
            }
            shares[s] += carried[at];
        });
        for &at in touched {
            slots[at as usize] = EMPTY_SLOT;
        }
    });
    shares
}

/// Most sentences shown as MT011 evidence.
const SKELETON_EVIDENCE_SENTENCES: usize = 3;
/// A sentence is shown only when its skeleton adds at least this much to
/// the MT011 score: a clear part of an article's typical score of 1 to 5.
const SKELETON_EVIDENCE_MIN_LOG_ODDS: f64 = 0.25;

pub struct Translationese;

impl Translationese {
    /// With `skeleton-evidence` on and a score above 0: the sentences whose
    /// skeleton adds most to it, as findings a person can read. They are
    /// not counted (`MT011.rate` stays 0): the score already holds them.
    /// Out of line, so that the usual check stays as small as it was.
    #[cold]
    #[inline(never)]
    fn show_sentences(&self, analysis: &Analysis, ctx: &Context, out: &mut SignalOutput) {
        let shares = sentence_log_odds(ctx.translationese, analysis);
        let mut ranked: Vec<(usize, f64)> = shares
            .into_iter()
            .enumerate()
            .filter(|&(_, share)| share >= SKELETON_EVIDENCE_MIN_LOG_ODDS)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let text = analysis.text();
        let shown = ranked.into_iter().filter_map(|(s, share)| {
            let range = analysis.span(analysis.sentences[s].clone());
            (!ctx.allows(text, range.clone())).then_some((range, share))
        });
        for (range, share) in shown.take(SKELETON_EVIDENCE_SENTENCES) {
            out.findings.push(INFO.finding_of_kind(
                "skeleton",
                range,
                format!(
                    "the sentence's skeleton (function words, punctuation, word shapes) adds \
                     {share:+.2} to MT011.score, one of the article's largest shares: its \
                     patterns are commoner in machine than in human translation"
                ),
            ));
        }
    }
}

impl Signal for Translationese {
    fn info(&self) -> &'static SignalInfo {
        &INFO
    }

    fn check(&self, analysis: &Analysis, ctx: &Context, out: &mut SignalOutput) {
        out.feature("MT011.rate", 0.0);
        if analysis.word_count == 0 {
            return;
        }
        let score = score_article(ctx.translationese, analysis);
        out.feature("MT011.score", score);
        if ctx.config.skeleton_evidence && score > 0.0 {
            self.show_sentences(analysis, ctx, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn bag_of(text: &str) -> Vec<(u32, f64)> {
        let doc = Document::from_text("t", text);
        bag(&Analysis::new(&doc))
    }

    /// A model file read the way the checker reads it.
    fn quantised(bytes: &[u8]) -> QuantisedWeights {
        QuantisedWeights::from_bytes(bytes.to_vec()).unwrap()
    }

    #[test]
    fn sentences_share_out_the_score() {
        let text = "It is reported that the two sides will carry out the cooperation in the field \
                    of the energy. The minister said so.\n\nIn addition, the talks, which began \
                    on Monday, will go on.\n\nShe agreed.";
        let doc = Document::from_text("t", text);
        let analysis = Analysis::new(&doc);
        let weights = QuantisedWeights::embedded();
        let shares = sentence_log_odds(weights, &analysis);
        assert_eq!(shares.len(), analysis.sentences.len());
        assert!(shares.len() >= 4 && shares.iter().all(|s| *s != 0.0));
        let total = f64::from(weights.intercept) + shares.iter().sum::<f64>();
        assert!((total - score_article(weights, &analysis)).abs() < 1e-9);
    }

    #[test]
    fn the_most_machine_like_sentences_are_shown_on_request() {
        let text = "It is reported that the two sides will carry out the cooperation in the field \
                    of the energy. In addition, it is necessary to further strengthen the \
                    construction of the system of the work.\n\nThe minister said it was good.";
        let doc = Document::from_text("t", text);
        let analysis = Analysis::new(&doc);
        let run = |config: &crate::config::Config| {
            let mut out = SignalOutput::default();
            Translationese.check(&analysis, &Context::new(config), &mut out);
            out
        };
        let config = crate::config::Config::default();
        let plain = run(&config);
        assert!(plain.findings.is_empty(), "off by default");
        let showing = crate::config::Config {
            skeleton_evidence: true,
            ..Default::default()
        };
        let out = run(&showing);
        assert_eq!(out.features, plain.features, "the score does not move");
        assert!(!out.findings.is_empty() && out.findings.len() <= SKELETON_EVIDENCE_SENTENCES);
        let shares = sentence_log_odds(QuantisedWeights::embedded(), &analysis);
        for f in &out.findings {
            assert_eq!(f.kind, Some("skeleton"));
            let s = analysis
                .sentences
                .iter()
                .position(|s| analysis.tokens[s.start].start == f.range.start)
                .expect("a finding spans a sentence");
            assert!(shares[s] >= SKELETON_EVIDENCE_MIN_LOG_ODDS);
            assert!(f.message.contains(&format!("{:+.2}", shares[s])));
        }
    }

    #[test]
    fn topic_words_are_masked() {
        // Same skeleton, different topic: identical bags.
        let a = bag_of("The minister said that the talks in Geneva had failed.");
        let b = bag_of("The striker said that the match in Madrid had ended.");
        assert_eq!(a, b);
        // A different skeleton gives a different bag.
        let c = bag_of("It is reported that the match in Madrid had ended.");
        assert_ne!(a, c);
    }

    #[test]
    fn house_style_punctuation_is_folded() {
        let curly = bag_of("“We will not agree,” she said — it’s over.");
        let straight = bag_of("\"We will not agree,\" she said - it's over.");
        assert_eq!(curly, straight);
        assert_ne!(curly, bag_of("We will not agree, she said; it is over."));
    }

    #[test]
    fn bag_is_sorted_and_unit_length() {
        let b = bag_of("The talks failed. The talks failed again, and again.");
        assert!(b.windows(2).all(|w| w[0].0 < w[1].0));
        let norm: f64 = b.iter().map(|(_, v)| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-9, "{norm}");
        assert!(bag_of("").is_empty());
    }

    #[test]
    fn weights_round_trip_through_bytes() {
        let mut weights = vec![0.0f32; 1 << BITS];
        weights[7] = 1.5;
        weights[100] = -0.25;
        let w = Weights {
            intercept: -0.5,
            weights,
        };
        let back = Weights::from_bytes(&w.to_bytes()).unwrap();
        assert_eq!(back.intercept, -0.5);
        assert!((back.weights[7] - 1.5).abs() < 1e-4);
        assert!((back.weights[100] + 0.25).abs() < 1e-4);
        assert!(Weights::from_bytes(b"nope").is_err());
        // Scoring: intercept plus the weighted bag.
        let s = back.score(&[(7, 1.0), (100, 2.0)]);
        assert!((s - (-0.5 + 1.5 - 0.5)).abs() < 1e-3, "{s}");
        assert_eq!(Weights::default().score(&[(7, 1.0)]), 0.0);
    }

    #[test]
    fn scoring_without_the_bag_matches_the_bag() {
        let mut weights = vec![0.0f32; 1 << BITS];
        for (i, w) in weights.iter_mut().enumerate() {
            *w = ((i % 7) as f32 - 3.0) / 4.0;
        }
        let bytes = Weights {
            intercept: 0.3,
            weights,
        }
        .to_bytes();
        let (w, widened) = (quantised(&bytes), Weights::from_bytes(&bytes).unwrap());
        let text = "The talks failed. The talks failed again, and again, and again.\n\nIt is said that 12 of them left.";
        let doc = Document::from_text("t", text);
        let a = Analysis::new(&doc);
        let direct = score_article(&w, &a);
        assert!((direct - widened.score(&bag(&a))).abs() < 1e-9, "{direct}");
        // The per-thread table is left clean: a second article is unaffected.
        assert_eq!(score_article(&w, &a), direct);
        let blank = Document::from_text("t", "");
        let intercept_only = score_article(&w, &Analysis::new(&blank));
        assert!((intercept_only - 0.3).abs() < 1e-6, "{intercept_only}");
    }

    #[test]
    fn streamed_ngrams_match_the_plain_enumeration() {
        // Paragraphs of zero, one, two and many tokens; the streaming
        // window must visit the same buckets in the same (first-touch) order
        // as taking up to three classes from every start.
        let text =
            "Yes.\n\nIt is said that 12 of them, quickly leaving, ended it.\n\nNo\n\n\n\nOK then";
        let doc = Document::from_text("t", text);
        let a = Analysis::new(&doc);
        let mut streamed = Vec::new();
        for_each_bucket(&a, |b| streamed.push(b));
        let mut plain = Vec::new();
        for p in &a.paragraphs {
            let mut classes = vec![PARAGRAPH_START];
            for i in p.tokens.clone() {
                let class = token_class(a.text(), &a.tokens[i], a.word_hashes[i], function_words());
                classes.push(class);
            }
            classes.push(PARAGRAPH_END);
            for start in 0..classes.len() {
                let mut key = NGRAM_SEED;
                for &class in classes[start..].iter().take(MAX_N) {
                    key = mix(key, class);
                    plain.push(((key ^ (key >> 32)) & ((1 << BITS) - 1)) as u32);
                }
            }
        }
        assert!(a.paragraphs.len() >= 3, "{}", a.paragraphs.len());
        assert_eq!(streamed, plain);
        // Placed for MT011's sentence evidence, they are the same n-grams.
        let mut placed = Vec::new();
        for_each_placed_bucket(&a, |b, _| placed.push(b));
        assert_eq!(placed, plain);
    }

    #[test]
    fn count_table_sized_per_article_matches_the_bag() {
        let bytes = Weights {
            intercept: -0.1,
            weights: (0..1 << BITS)
                .map(|i| ((i % 11) as f32 - 5.0) / 8.0)
                .collect(),
        }
        .to_bytes();
        let (w, widened) = (quantised(&bytes), Weights::from_bytes(&bytes).unwrap());
        let long =
            "It is said that the two sides, 12 in all, will carry out the work. ".repeat(400);
        // A long article (many collisions in its table), a short one that
        // reuses the start of the same table, then the long one again.
        for text in [long.as_str(), "The talks failed.", long.as_str(), ""] {
            let doc = Document::from_text("t", text);
            let a = Analysis::new(&doc);
            // The bag sums in bucket order, the scorer in first-touch order.
            let (direct, bagged) = (score_article(&w, &a), widened.score(&bag(&a)));
            assert!((direct - bagged).abs() < 1e-9, "{direct} {bagged}");
        }
    }

    #[test]
    fn quantised_scores_equal_widened_scores_to_the_bit() {
        // The embedded model, borrowed in place, against the same file with
        // every weight widened to f32 as `Weights::from_bytes` does, scored
        // in the same first-touch order.
        let bytes = include_bytes!("../../models/translationese.bin");
        let widened = Weights::from_bytes(bytes).unwrap();
        let embedded = QuantisedWeights::embedded();
        assert!(!embedded.quantised.is_empty());
        // An owned copy (a model file read for a run) reads the same.
        let owned = quantised(bytes);
        let long =
            "It is reported that the two sides, 12 in all, will carry out the work. ".repeat(300);
        for text in [
            "It is reported that the two sides will carry out the cooperation in the field of the energy.",
            "The talks failed. The talks failed again, and again.\n\nIt is said that 12 of them left.",
            "“We will not agree,” she said — it’s over.\n\nYes.\n\nNo",
            "Officials in Geneva said on Monday that the talks, quickly stalling, had ended.",
            long.as_str(),
            "",
        ] {
            let doc = Document::from_text("t", text);
            let a = Analysis::new(&doc);
            let plain = score_counts(&a, widened.intercept, |b| widened.weights[b]);
            assert_eq!(score_article(embedded, &a).to_bits(), plain.to_bits(), "{text}");
            assert_eq!(score_article(&owned, &a).to_bits(), plain.to_bits(), "{text}");
        }
        // A file that is not a model gives an error, an empty model 0.
        assert!(QuantisedWeights::from_bytes(&b"CQTL"[..]).is_err());
        assert!(QuantisedWeights::from_bytes(bytes[..bytes.len() - 2].to_vec()).is_err());
        let doc = Document::from_text("t", "The talks failed.");
        assert_eq!(
            score_article(&QuantisedWeights::default(), &Analysis::new(&doc)),
            0.0
        );
    }

    #[test]
    fn features_only_no_findings() {
        let out = crate::signals::run_on_text(
            &Translationese,
            "It is reported that the two sides will carry out cooperation in the field of energy.",
        );
        assert!(out.findings.is_empty());
        assert!(out.features.iter().any(|(k, _)| k == "MT011.score"));
        let empty = crate::signals::run_on_text(&Translationese, "");
        assert_eq!(empty.features, [("MT011.rate".into(), 0.0)]);
    }
}
