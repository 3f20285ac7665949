//! MT005 `unusual-collocation`: adjective + noun pairs made of common English
//! words that English writers do not put together.
//!
//! ## What it finds
//! An adjective followed by a noun ("local life", "normal place") where both
//! words are frequent in English (Zipf >= 4 in `wordfreq`) and both are well
//! covered by the references (the adjective is stored with at least 300
//! different nouns, the noun with at least 200 different adjectives), yet the
//! pair occurs in neither reference: the 243k most frequent web bigrams
//! (`symspellpy`) and the 2.05M bigrams of the CMU Sphinx generic English
//! language model (`pocketsphinx`). No labelled corpus is used, so the table
//! tells the scorer nothing about which corpus texts are human.
//!
//! ## Why it points to machine translation
//! Word-for-word translation picks each word's dictionary equivalent, so the
//! words are common but their combination is not the one an English writer
//! reaches for. Native text mostly reuses established pairings.
//!
//! ## Precision
//! Findings need both words to be well covered; on WMT 2021 and 2022 they
//! occur in no original English article. Looser pairs (the noun stored with
//! at least 100 adjectives) are only about twice as frequent in machine output
//! as in native English, too weak to show, so they feed the scorer as
//! `MT005.unattested_rate`; `MT005.unseen_share` is the share of adjacent
//! content-word pairs absent from the references.
//!
//! ## Example
//! ```text
//! The festival brought new energy to local life in the county.
//! ```
//! reports "local life": English writes "local community" or "life in the town".
//!
//! The model (`models/collocations.bin`) is built by
//! `scripts/build_collocation_model.py`; it is read in place, without parsing.

use std::sync::OnceLock;

use fxhash::FxHashMap;

use crate::signals::{Context, Signal, SignalInfo, SignalOutput};
use crate::text::{Analysis, TokenKind};

pub struct UnusualCollocation;

static INFO: SignalInfo = SignalInfo {
    code: "MT005",
    name: "unusual-collocation",
    summary: "Common adjective and noun that English does not combine",
    doc: "Finds adjective + noun pairs made of frequent English words (Zipf >= 4) that are both \
well covered by native-English references (the adjective seen with 300+ nouns, the noun with 200+ \
adjectives) yet never paired there: neither among 243k web bigrams nor among the 2.05M bigrams of \
the CMU Sphinx generic English language model. Word-for-word translation picks each word's \
dictionary equivalent and produces pairings no English writer uses.\n\n\
Looser unattested pairs (nouns seen with 100+ adjectives) are only about twice as common in machine \
output as in native English, so they feed the scorer (`MT005.unattested_rate`) without being shown; \
`MT005.unseen_share` is the share of adjacent content-word pairs absent from the references.\n\n\
Example: `the festival brought new energy to local life` reports 'local life' (English says \
'local community').",
    default_weight: 0.2,
};

static MODEL_BYTES: &[u8] = include_bytes!("../../models/collocations.bin");

const ADJECTIVE: u8 = 1;
const NOUN: u8 = 2;
const PROFILED_MODIFIER: u8 = 4;
const PROFILED_HEAD: u8 = 8;
const WELL_PROFILED_HEAD: u8 = 16;

/// Words below this Zipf frequency are too rare for absence to mean anything.
const MIN_FEATURE_ZIPF: f64 = 3.5;
const MIN_FINDING_ZIPF: f64 = 4.0;

/// Views into the embedded model; nothing is copied.
struct Model {
    /// Word key -> index into the per-word arrays.
    word_index: FxHashMap<u32, u32>,
    word_zipf: &'static [u8],
    word_flags: &'static [u8],
    /// Pair key -> value byte; one hash probe instead of a binary search.
    pair_index: FxHashMap<u32, u8>,
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    let mut x = [0u8; 4];
    x.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(x)
}

fn model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let b = MODEL_BYTES;
            if b.len() < 20 || &b[..8] != b"CLQCOL01" {
                return None;
            }
            let words = read_u32(b, 8) as usize;
            let pairs = read_u32(b, 12) as usize;
            let mut at = 20;
            let mut take = |n: usize| {
                let s = b.get(at..at + n);
                at += n;
                s
            };
            let word_keys = take(words * 4)?;
            let word_index = (0..words)
                .map(|i| (read_u32(word_keys, i * 4), i as u32))
                .collect();
            Some(Model {
                word_index,
                word_zipf: take(words)?,
                word_flags: take(words)?,
                pair_index: {
                    let keys = take(pairs * 4)?;
                    let values = take(pairs)?;
                    (0..pairs)
                        .map(|i| (read_u32(keys, i * 4), values[i]))
                        .collect()
                },
            })
        })
        .as_ref()
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

fn pair_key(a: &str, b: &str) -> u32 {
    let h = fnv(fnv(fnv(FNV_OFFSET, a.as_bytes()), b" "), b.as_bytes());
    (h >> 32) as u32
}

#[derive(Clone, Copy)]
struct WordEntry {
    zipf: f64,
    flags: u8,
}

impl Model {
    /// The entry of a plain lowercase word (the key the shared token hash gives it).
    #[cfg(test)]
    fn word(&self, w: &str) -> Option<WordEntry> {
        self.word_by_key((crate::text::word_hash(w) >> 32) as u32)
    }

    /// The entry of a word by its key; one hash probe instead of a binary search.
    fn word_by_key(&self, key: u32) -> Option<WordEntry> {
        let i = *self.word_index.get(&key)? as usize;
        Some(WordEntry {
            zipf: f64::from(self.word_zipf[i]) / 10.0,
            flags: self.word_flags[i],
        })
    }

    fn pair(&self, a: &str, b: &str) -> Option<u8> {
        self.pair_index.get(&pair_key(a, b)).copied()
    }
}

/// Lowercase ASCII letters only: capitalised words may be names, and the
/// model holds only plain lowercase words.
fn plain_word(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// Determiners and quantifiers that WordNet lists as adjectives but that
/// combine with any noun.
const FUNCTION_ADJECTIVES: &[&str] = &[
    "other", "many", "such", "own", "same", "last", "next", "first", "few", "more", "most", "much",
    "several", "certain", "various", "only", "whole", "main", "less", "least", "further", "due",
];

impl Signal for UnusualCollocation {
    fn info(&self) -> &'static SignalInfo {
        &INFO
    }

    fn check(&self, a: &Analysis, _ctx: &Context, out: &mut SignalOutput) {
        let Some(m) = model() else {
            out.feature("MT005.rate", 0.0);
            return;
        };
        let toks = &a.tokens;
        // The model keys a word by the upper half of its FNV-1a hash, which for
        // the plain lowercase words it holds is the shared token hash.
        let entry_at = |i: usize| -> Option<WordEntry> {
            (toks[i].kind == TokenKind::Word && plain_word(a.tok(i)))
                .then(|| m.word_by_key((a.word_hashes[i] >> 32) as u32))
                .flatten()
        };
        let mut candidates = 0usize;
        let mut unseen = 0usize;
        let mut unattested = 0usize;
        let mut findings = 0usize;
        let mut next = if toks.is_empty() { None } else { entry_at(0) };
        for i in 0..toks.len().saturating_sub(1) {
            let current = next;
            next = entry_at(i + 1);
            let (t, u) = (toks[i], toks[i + 1]);
            if t.paragraph != u.paragraph {
                continue;
            }
            let (Some(e1), Some(e2)) = (current, next) else {
                continue;
            };
            let (w1, w2) = (a.tok(i), a.tok(i + 1));
            let content = |e: WordEntry| e.flags & (ADJECTIVE | NOUN) != 0;
            if !content(e1)
                || !content(e2)
                || e1.zipf < MIN_FEATURE_ZIPF
                || e2.zipf < MIN_FEATURE_ZIPF
            {
                continue;
            }
            candidates += 1;
            // Bit 7: in the web bigram list; bit 6: in the language model.
            let value = m.pair(w1, w2).unwrap_or(0);
            if value == 0 {
                unseen += 1;
            }
            let adjective_noun = e1.flags & ADJECTIVE != 0
                && e2.flags & NOUN != 0
                && e2.flags & ADJECTIVE == 0
                && !FUNCTION_ADJECTIVES.contains(&w1);
            let profiled = e1.flags & PROFILED_MODIFIER != 0 && e2.flags & PROFILED_HEAD != 0;
            // A following noun makes w2 a modifier inside a longer compound.
            let compound_continues = toks.get(i + 2).is_some_and(|n| n.paragraph == u.paragraph)
                && entry_at(i + 2).is_some_and(|e| e.flags & NOUN != 0);
            if value == 0
                && adjective_noun
                && profiled
                && !compound_continues
                && e1.zipf >= MIN_FINDING_ZIPF
                && e2.zipf >= MIN_FINDING_ZIPF
            {
                unattested += 1;
                // Only pairs whose noun is well covered are precise enough to show.
                if e2.flags & WELL_PROFILED_HEAD != 0 {
                    findings += 1;
                    let message = format!(
                        "'{w1} {w2}': both words are common and each is well attested with other \
partners, but English references never pair them; word-for-word translation picks each on its own"
                    );
                    out.findings.push(self.finding(t.start..u.end, message));
                }
            }
        }
        out.feature("MT005.rate", a.per_thousand_words(findings));
        out.feature("MT005.unattested_rate", a.per_thousand_words(unattested));
        out.feature(
            "MT005.unseen_share",
            if candidates == 0 {
                0.0
            } else {
                unseen as f64 / candidates as f64
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::run_on_text;

    fn run(text: &str) -> (Vec<String>, Vec<(String, f64)>) {
        let out = run_on_text(&UnusualCollocation, text);
        let found = out
            .findings
            .iter()
            .map(|f| text[f.range.clone()].to_string())
            .collect();
        (found, out.features)
    }

    #[test]
    fn model_loads_and_knows_common_words() {
        let m = model().expect("embedded model parses");
        let good = m.word("good").expect("'good' is in the model");
        assert!(good.zipf > 5.0 && good.flags & ADJECTIVE != 0);
        assert!(m.word("house").is_some_and(|e| e.flags & NOUN != 0));
        assert!(m.word("qzxv").is_none());
        // A standard collocation is attested; a made-up one is not.
        assert!(m.pair("prime", "minister").is_some());
        assert!(m.pair("purple", "minister").is_none());
    }

    fn feature(features: &[(String, f64)], name: &str) -> Option<f64> {
        features.iter().find(|(k, _)| k == name).map(|f| f.1)
    }

    #[test]
    fn odd_pairing_of_well_covered_words_is_reported() {
        let text = "The festival brought new energy to local life in the county.";
        let (found, features) = run(text);
        assert_eq!(found, ["local life"]);
        assert!(feature(&features, "MT005.rate").is_some_and(|v| v > 0.0));
        let out = run_on_text(&UnusualCollocation, text);
        assert!(out.findings[0].message.contains("'local life'"));
    }

    #[test]
    fn odd_pairing_with_a_less_covered_noun_only_feeds_the_scorer() {
        let (found, features) = run("The council promised a hot decision for the region.");
        assert!(found.is_empty());
        assert_eq!(feature(&features, "MT005.rate"), Some(0.0));
        assert!(feature(&features, "MT005.unattested_rate").is_some_and(|v| v > 0.0));
    }

    #[test]
    fn established_pairs_names_and_compounds_are_not_counted() {
        for text in [
            "The prime minister called for economic growth in the region.",
            "She read the Daily Mail and the Financial Times.",
            "The new government faced a serious problem last year.",
            "They trained a hot decision tree model.",
            "Local people said life in the town was quiet.",
            "The local life insurance firm grew.",
        ] {
            let (found, features) = run(text);
            assert!(found.is_empty(), "{text}");
            assert_eq!(
                feature(&features, "MT005.unattested_rate"),
                Some(0.0),
                "{text}"
            );
        }
    }

    #[test]
    fn features_exist_on_empty_and_odd_text() {
        for text in ["", "x", "ÄÖÜ ßß", "the the the", "a\u{0}b"] {
            let (_, features) = run(text);
            assert!(features.iter().any(|(k, _)| k == "MT005.unseen_share"));
        }
    }
}
