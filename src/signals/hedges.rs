//! MT009 `few-hedges`: the article almost never hedges or concedes.
//!
//! Counts, per 1,000 words, the less frequent function words a writer uses to
//! hedge, concede or qualify: "might", "perhaps", "though", "although",
//! "unless", "whenever", "whatever", "rather", "quite", "whereas", "upon",
//! "whom", "whose", "yet", and a few more.
//!
//! Why it points to machine translation: translation systems flatten
//! nuance toward the most frequent rendering ("may", "but", "if"), so the
//! rarer qualifying words of idiomatic English thin out. On WMT news, machine
//! output uses fewer of them than human translations and English originals,
//! for every source language and in every year measured.
//!
//! This is a document-level measure of an absence: it produces no located
//! findings, only the `MT009.hedges` feature (lower points to MT).
//!
//! Example: "Prices might fall, though few expect it" has two hedges;
//! "Prices may fall, but few expect it" has none.

use std::sync::OnceLock;

use crate::key_set::{HashFilter, KeySet};
use crate::signals::{Context, Signal, SignalInfo, SignalOutput};
use crate::text::{ascii_word_hashes, word_hash, Analysis, TokenKind};

pub struct Hedges;

/// Hedging, concessive and qualifying function words, lower case, sorted.
pub const HEDGES: &[&str] = &[
    "albeit",
    "although",
    "anyway",
    "might",
    "nobody",
    "nonetheless",
    "perhaps",
    "quite",
    "rather",
    "somewhat",
    "though",
    "toward",
    "towards",
    "unless",
    "upon",
    "whatever",
    "whenever",
    "whereas",
    "whoever",
    "whom",
    "whose",
    "yet",
];

static INFO: SignalInfo = SignalInfo {
    code: "MT009",
    name: "few-hedges",
    summary: "The article rarely hedges or concedes (might, perhaps, though, unless, rather…)",
    doc: "Counts, per 1,000 words, the less frequent function words a writer uses to hedge, \
concede or qualify: \"might\", \"perhaps\", \"though\", \"although\", \"unless\", \"whenever\", \
\"whatever\", \"rather\", \"quite\", \"whereas\", \"upon\", \"whom\", \"whose\", \"yet\" and a few more.\n\n\
Why it points to machine translation: translation systems flatten nuance toward the most frequent \
rendering (\"may\", \"but\", \"if\"), so the rarer qualifying words of idiomatic English thin out. \
On WMT news, machine output uses fewer of them than human translations and English originals, for \
every source language and in every year measured.\n\n\
Document-level measure of an absence: no located findings, only the `MT009.hedges` feature \
(per 1,000 words; lower points to machine translation).\n\n\
Example: \"Prices might fall, though few expect it\" has two hedges; \"Prices may fall, but few \
expect it\" has none.",
    default_weight: 0.0,
};

/// [`word_hash`] of every entry of [`HEDGES`] (all ASCII), in the order of the list.
const HEDGE_HASHES: [u64; HEDGES.len()] = ascii_word_hashes(HEDGES);

/// Rules out the words that are not hedges before the set is probed.
static HEDGE_FILTER: HashFilter<16> = HashFilter::new(&HEDGE_HASHES);

/// [`HEDGE_HASHES`] in a set, probed for the words
/// [`HEDGE_FILTER`] lets through.
fn hedge_hashes() -> &'static KeySet {
    static SET: OnceLock<KeySet> = OnceLock::new();
    SET.get_or_init(|| KeySet::new(HEDGE_HASHES))
}

/// Is `word` (any case) one of [`HEDGES`]?
pub fn is_hedge(word: &str) -> bool {
    hedge_hashes().contains(word_hash(word))
}

impl Signal for Hedges {
    fn info(&self) -> &'static SignalInfo {
        &INFO
    }

    fn check(&self, analysis: &Analysis, _ctx: &Context, out: &mut SignalOutput) {
        let set = hedge_hashes();
        // A loop rather than `filter().count()`, which adds on every token.
        let mut hedges = 0usize;
        for (&hash, token) in analysis.word_hashes.iter().zip(&analysis.tokens) {
            if HEDGE_FILTER.may_contain(hash) && token.kind == TokenKind::Word && set.contains(hash)
            {
                hedges += 1;
            }
        }
        out.feature("MT009.rate", 0.0);
        out.feature("MT009.hedges", analysis.per_thousand_words(hedges));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::run_on_text;

    fn hedges(text: &str) -> f64 {
        let out = run_on_text(&Hedges, text);
        assert!(out.findings.is_empty());
        out.value("MT009.hedges").unwrap()
    }

    #[test]
    fn list_is_sorted_for_binary_search() {
        assert!(HEDGES.windows(2).all(|w| w[0] < w[1]));
        assert!(HEDGES.iter().all(|h| h.len() <= 11));
    }

    #[test]
    fn every_hedge_is_in_the_key_set() {
        // The set cannot hold the key 0.
        assert!(HEDGES.iter().all(|h| word_hash(h) != 0));
        assert!(HEDGES.iter().all(|h| is_hedge(h)));
        assert_eq!(hedge_hashes().len(), HEDGES.len());
    }

    #[test]
    fn filter_passes_every_hedge() {
        assert!(HEDGES
            .iter()
            .all(|h| HEDGE_FILTER.may_contain(word_hash(h))));
        // Most words are ruled out by the filter alone.
        let others = ["the", "of", "and", "said", "may", "but", "if", "government"];
        let passed = others
            .iter()
            .filter(|w| HEDGE_FILTER.may_contain(word_hash(w)))
            .count();
        assert!(passed <= 2, "{passed} of {others:?} pass the filter");
    }

    #[test]
    fn counts_hedges_per_thousand_words() {
        // 8 words, 2 hedges -> 250 per 1,000.
        assert!((hedges("Prices might fall, though few expect it soon.") - 250.0).abs() < 1e-9);
        assert!((hedges("PERHAPS not.") - 500.0).abs() < 1e-9);
    }

    #[test]
    fn near_misses_are_not_hedges() {
        assert_eq!(hedges("Prices may fall, but few expect it soon."), 0.0);
        // Longer words that merely start like a hedge.
        assert_eq!(hedges("The mighty Yeti ate thoughtfully upon-ward."), 0.0);
        assert_eq!(hedges(""), 0.0);
    }
}
