//! MT005 `unusual-collocation`: common English words that English writers
//! do not put together.
//!
//! ## What it finds
//! - An adjective followed by a noun ("local life", "normal place") where both
//!   words are frequent in English (Zipf >= 4 in `wordfreq`) and both are well
//!   covered by the references (the adjective is stored with at least 300
//!   different nouns, the noun with at least 200 different adjectives), yet the
//!   pair occurs in neither reference: the 243k most frequent web bigrams
//!   (`symspellpy`) and the 2.05M bigrams of the CMU Sphinx generic English
//!   language model (`pocketsphinx`).
//! - Two common nouns joined by "of" ("sense of food") where the first noun
//!   heads at least 100 "noun of X" trigrams that the language model stores, the
//!   second ends at least 30 "X of noun" trigrams, and the model does not store
//!   this one.
//!
//! No labelled corpus is used, so the tables tell the scorer nothing about
//! which corpus texts are human.
//!
//! ## Why it points to machine translation
//! Word-for-word translation picks each word's dictionary equivalent, so the
//! words are common but their combination is not the one an English writer
//! reaches for; genitives and noun compounds of the source language come out
//! as "noun of noun". Native text mostly reuses established pairings.
//!
//! ## Precision
//! Findings need well-covered words; on WMT 2021 and 2022 they occur in no
//! original English article. Looser unattested pairs only feed the scorer:
//! adjective + noun with the noun stored with 100+ adjectives
//! (`MT005.unattested_rate`, about twice as frequent in machine output as in
//! native English) and "noun of noun" with the first noun heading 30+ stored
//! trigrams (`MT005.of_unattested_rate`, absent from native English, common in
//! both human and machine translation). `MT005.unseen_share` is the share of
//! adjacent content-word pairs absent from the references. Lowering the
//! coverage thresholds for findings, checks of verb + noun objects and of
//! number in "preposition adjective noun" idioms were measured and flag
//! native English as often as machine output, so they are not used.
//!
//! ## Example
//! ```text
//! The festival brought new energy to local life in the county.
//! Every dish at the fair gave them a sense of food.
//! ```
//! reports "local life" (English writes "local community" or "life in the
//! town") and "sense of food".
//!
//! The model (`models/collocations.bin`) is built by
//! `scripts/build_collocation_model.py`; it is read in place, without parsing
//! or building tables at start-up.

use std::sync::OnceLock;

use crate::signals::{Context, Signal, SignalInfo, SignalOutput};
use crate::text::{ascii_word_hash, fnv_bytes, Analysis, Token, TokenKind};

pub struct UnusualCollocation;

static INFO: SignalInfo = SignalInfo {
    code: "MT005",
    name: "unusual-collocation",
    summary: "Common words that English does not combine: adjective + noun, noun + of + noun",
    doc: "Finds adjective + noun pairs made of frequent English words (Zipf >= 4) that are both \
well covered by native-English references (the adjective seen with 300+ nouns, the noun with 200+ \
adjectives) yet never paired there: neither among 243k web bigrams nor among the 2.05M bigrams of \
the CMU Sphinx generic English language model. Also finds two common nouns joined by 'of' that the \
language model never joins, when the first heads 100+ stored 'noun of X' trigrams and the second \
ends 30+ 'X of noun' trigrams. Word-for-word translation picks each word's dictionary equivalent \
and renders foreign genitives as 'noun of noun', producing pairings no English writer uses.\n\n\
Looser unattested pairs feed the scorer without being shown: `MT005.unattested_rate` (adjective + \
noun, nouns seen with 100+ adjectives) and `MT005.of_unattested_rate` ('noun of noun', first noun \
heading 30+ trigrams); `MT005.unseen_share` is the share of adjacent content-word pairs absent from \
the references.\n\n\
Example: `the festival brought new energy to local life` reports 'local life' (English says \
'local community'); `a sense of food` reports 'sense of food'.",
    default_weight: 0.2,
};

static MODEL_BYTES: &[u8] = include_bytes!("../../models/collocations.bin");

const ADJECTIVE: u8 = 1;
const NOUN: u8 = 2;
const PROFILED_MODIFIER: u8 = 4;
const PROFILED_HEAD: u8 = 8;
const WELL_PROFILED_HEAD: u8 = 16;
const PROFILED_OF_HEAD: u8 = 32;
const WELL_PROFILED_OF_HEAD: u8 = 64;
const PROFILED_OF_TAIL: u8 = 128;

/// Words below this Zipf frequency are too rare for absence to mean anything.
/// Zipf frequencies are stored in tenths.
const MIN_FEATURE_ZIPF: u8 = 35;
const MIN_FINDING_ZIPF: u8 = 40;

/// Views into the embedded model; nothing is copied.
struct Model {
    /// Every word, which only the tests read: the checks need content words.
    #[cfg(test)]
    words: WordTable,
    /// The adjectives and nouns only, spread thin: the per-token pass looks
    /// up nearly every lowercase word, and most are function words, which
    /// this turns away at the first or second slot.
    content_words: WordTable,
    pairs: PairTable,
    /// Whether "of" is among the words, as "n1 of n2" needs.
    knows_of: bool,
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    let mut x = [0u8; 4];
    x.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(x)
}

/// The pair table as the build script lays it out, read in place: buckets of
/// 16 little-endian u32 slots (one 64-byte cache line), each slot the upper 30
/// bits of a pair key plus 2 bits saying which reference attests the pair; 0
/// is empty. A lookup scans the home bucket and moves on only when it is full,
/// so it nearly always touches one cache line and nothing is built at start-up.
struct PairTable {
    slots: &'static [u8],
    bucket_mask: usize,
}

const BUCKET_SLOTS: usize = 16;
const BUCKET_BYTES: usize = BUCKET_SLOTS * 4;

impl PairTable {
    /// `None` unless the bucket count is a power of two.
    fn new(slots: &'static [u8]) -> Option<Self> {
        let buckets = slots.len() / BUCKET_BYTES;
        (buckets.is_power_of_two() && slots.len() == buckets * BUCKET_BYTES).then_some(Self {
            slots,
            bucket_mask: buckets - 1,
        })
    }

    /// The 2 attestation bits of a stored pair.
    fn get(&self, key: u32) -> Option<u8> {
        let wanted = key & !3;
        let mut bucket = home_bucket(key, self.bucket_mask);
        // At most one pass over the buckets, so even a table with no empty
        // slot ends the probe without a scan of the table at start-up.
        for _ in 0..=self.bucket_mask {
            let line: &[u8; BUCKET_BYTES] = self.slots[bucket * BUCKET_BYTES..][..BUCKET_BYTES]
                .try_into()
                .ok()?;
            // Branch-free over the cache line so the compiler can vectorise it.
            let mut found = 0u32;
            let mut has_empty = false;
            for slot in line.chunks_exact(4) {
                let s = u32::from_le_bytes([slot[0], slot[1], slot[2], slot[3]]);
                found |= if s & !3 == wanted { s } else { 0 };
                has_empty |= s == 0;
            }
            if found != 0 {
                return Some((found & 3) as u8);
            }
            if has_empty {
                return None;
            }
            bucket = (bucket + 1) & self.bucket_mask;
        }
        None
    }
}

/// The home bucket of a pair key (the build script uses the same function).
fn home_bucket(key: u32, mask: usize) -> usize {
    spread(key & !3) & mask
}

/// Keys are hash bits already; the multiply spreads them over a table.
fn spread(key: u32) -> usize {
    (u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize
}

/// Open addressing over the model's words (for the checks, its ~11k
/// adjectives and nouns), looked up for nearly every token: each slot packs
/// the key with the word's Zipf and flags, so a lookup is one cache line, and
/// building it at first use takes well under a millisecond.
struct WordTable {
    /// `key << 32 | zipf << 8 | flags`; 0 marks an empty slot.
    slots: Vec<u64>,
}

impl WordTable {
    /// The words whose flags `keep` accepts, with at least `room` slots per
    /// word so that a probe for an absent word soon meets an empty slot.
    fn new(keys: &[u8], zipf: &[u8], flags: &[u8], keep: fn(u8) -> bool, room: usize) -> Self {
        let kept = || (0..zipf.len()).filter(|&i| keep(flags[i]));
        let size = (kept().count() * room).next_power_of_two().max(2);
        let mut slots = vec![0u64; size];
        let mask = size - 1;
        for i in kept() {
            let key = read_u32(keys, i * 4);
            let slot =
                u64::from(key) << 32 | u64::from(zipf[i]) << 8 | u64::from(flags[i]) | 1 << 16;
            let mut at = spread(key) & mask;
            while slots[at] != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = slot;
        }
        Self { slots }
    }

    #[cfg(test)]
    fn get(&self, key: u32) -> Option<WordEntry> {
        self.probe().get(key)
    }

    /// The slots as a probe that the per-token loop keeps in registers.
    fn probe(&self) -> WordProbe<'_> {
        WordProbe(&self.slots)
    }
}

/// A [`WordTable`]'s slots (a power of two of them).
#[derive(Clone, Copy)]
struct WordProbe<'t>(&'t [u64]);

impl WordProbe<'_> {
    fn get(self, key: u32) -> Option<WordEntry> {
        // The mask is taken from the length so that the compiler sees every
        // index is in range.
        let mask = self.0.len() - 1;
        let mut at = spread(key) & mask;
        loop {
            let slot = self.0[at];
            if slot == 0 {
                return None;
            }
            if (slot >> 32) as u32 == key {
                return Some(WordEntry {
                    zipf: (slot >> 8) as u8,
                    flags: slot as u8,
                });
            }
            at = (at + 1) & mask;
        }
    }
}

fn model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let b = MODEL_BYTES;
            if b.len() < 20 || &b[..8] != b"CLQCOL03" {
                return None;
            }
            let words = read_u32(b, 8) as usize;
            let pair_slots = read_u32(b, 12) as usize;
            let mut at = 20;
            let mut take = |n: usize| {
                let s = b.get(at..at + n);
                at += n;
                s
            };
            let word_keys = take(words * 4)?;
            let word_zipf = take(words)?;
            let word_flags = take(words)?;
            let pair_table = take(pair_slots * 4)?;
            let content_words = WordTable::new(
                word_keys,
                word_zipf,
                word_flags,
                |flags| flags & (ADJECTIVE | NOUN) != 0,
                4,
            );
            let of_key = ((ascii_word_hash("of") >> 32) as u32).to_le_bytes();
            let knows_of = word_keys.chunks_exact(4).any(|key| key == of_key);
            Some(Model {
                #[cfg(test)]
                words: WordTable::new(word_keys, word_zipf, word_flags, |_| true, 2),
                content_words,
                pairs: PairTable::new(pair_table)?,
                knows_of,
            })
        })
        .as_ref()
}

/// The table key of "a JOINT b" (`joint` " " for a pair, " of " for a
/// genitive): the upper half of its FNV-1a hash, as the build script writes it.
#[cfg(test)]
fn phrase_key(a: &str, joint: &[u8], b: &str) -> u32 {
    let a_hash = fnv_bytes(crate::text::FNV_OFFSET, a.as_bytes());
    phrase_key_after(a_hash, joint, b.as_bytes())
}

/// [`phrase_key`] for a first word given by its FNV-1a hash (for a plain
/// lowercase word, its token hash), so that it is not hashed again.
fn phrase_key_after(a_hash: u64, joint: &[u8], b: &[u8]) -> u32 {
    (fnv_bytes(fnv_bytes(a_hash, joint), b) >> 32) as u32
}

#[derive(Clone, Copy)]
struct WordEntry {
    /// Zipf frequency in tenths.
    zipf: u8,
    flags: u8,
}

impl Model {
    /// The entry of a plain lowercase word (the key the shared token hash gives it).
    #[cfg(test)]
    fn word(&self, w: &str) -> Option<WordEntry> {
        self.word_by_key((crate::text::word_hash(w) >> 32) as u32)
    }

    /// The entry of a word by its key.
    #[cfg(test)]
    fn word_by_key(&self, key: u32) -> Option<WordEntry> {
        self.words.get(key)
    }

    /// Whether the language model stores the trigram "a of b", for a plain
    /// lowercase word `a` given by its FNV-1a hash (its token hash).
    fn of_phrase_after(&self, a_hash: u64, b: &[u8]) -> Option<u8> {
        self.pairs.get(phrase_key_after(a_hash, b" of ", b))
    }

    #[cfg(test)]
    fn pair(&self, a: &str, b: &str) -> Option<u8> {
        self.pairs.get(phrase_key(a, b" ", b))
    }

    /// [`Model::pair`] of a plain lowercase word given by its FNV-1a hash
    /// (its token hash: the same bytes) and the word `b` after it, so the
    /// first word is not hashed again.
    fn pair_after(&self, a_hash: u64, b: &[u8]) -> Option<u8> {
        self.pairs.get(phrase_key_after(a_hash, b" ", b))
    }
}

/// A noun (and not also an adjective) common enough for "noun of noun" checks.
fn common_noun(e: WordEntry) -> bool {
    e.flags & NOUN != 0 && e.flags & ADJECTIVE == 0 && e.zipf >= MIN_FINDING_ZIPF
}

/// Lowercase ASCII letters only: capitalised words may be names, and the
/// model holds only plain lowercase words.
fn plain_word(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(u8::is_ascii_lowercase)
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

    fn check(&self, a: &Analysis, ctx: &Context, out: &mut SignalOutput) {
        let Some(m) = model() else {
            out.feature("MT005.rate", 0.0);
            return;
        };
        let toks = &a.tokens;
        let bytes = a.text().as_bytes();
        let n = toks.len();
        // Every test below needs a content word (an adjective or a noun) at
        // the positions it reads, except the "of" in "n1 of n2", matched by
        // its bytes; so words are looked up in the table of content words
        // only. The model keys a word by the upper half of its FNV-1a hash,
        // which for the plain lowercase words it holds is the shared token
        // hash. The first letter turns capitalised words away before the
        // probe.
        let content_words = m.content_words.probe();
        let content_hit = |t: &Token, hash: u64| {
            if t.kind != TokenKind::Word || !bytes[t.start].is_ascii_lowercase() {
                return None;
            }
            content_words.get((hash >> 32) as u32)
        };
        // A hit is a content word only if the token is plain (the hash folds
        // case and apostrophes): this is checked only where a test uses the
        // word, since most content words have no content word next to them.
        let plain = |j: usize| plain_word(&bytes[toks[j].range()]);
        let entry = |j: usize| {
            let t = toks.get(j)?;
            content_hit(t, a.word_hashes[j]).filter(|_| plain(j))
        };
        let same_paragraph = |i: usize, j: usize| j < n && toks[i].paragraph == toks[j].paragraph;
        let mut candidates = 0usize;
        let mut unseen = 0usize;
        let mut unattested = 0usize;
        let mut of_unattested = 0usize;
        let mut findings = 0usize;
        // Each token is probed once, in a tight loop of its own; the tests
        // run only at the hits, each seeing whether the next hit follows it.
        let mut hits = toks
            .iter()
            .zip(&a.word_hashes)
            .enumerate()
            .filter_map(|(i, (t, &hash))| Some((i, content_hit(t, hash)?)))
            .peekable();
        while let Some((i, e1)) = hits.next() {
            if !same_paragraph(i, i + 1) {
                continue;
            }
            let (t, u) = (toks[i], toks[i + 1]);
            // "n1 of n2": the middle word has no content flags, so test it first.
            if m.knows_of && &bytes[u.range()] == b"of" && same_paragraph(i, i + 2) {
                if let Some(e3) = entry(i + 2) {
                    let compound_continues = same_paragraph(i, i + 3)
                        && entry(i + 3).is_some_and(|e| e.flags & NOUN != 0);
                    if common_noun(e1)
                        && common_noun(e3)
                        && e1.flags & PROFILED_OF_HEAD != 0
                        && e3.flags & PROFILED_OF_TAIL != 0
                        && !compound_continues
                        && plain(i)
                        && m.of_phrase_after(a.word_hashes[i], &bytes[toks[i + 2].range()])
                            .is_none()
                        && !ctx.allows(a.text(), t.start..toks[i + 2].end)
                    {
                        of_unattested += 1;
                        if e1.flags & WELL_PROFILED_OF_HEAD != 0 {
                            let (w1, w3) = (a.tok(i), a.tok(i + 2));
                            findings += 1;
                            let message = format!(
                                "'{w1} of {w3}': both nouns are common and often joined to others by \
'of', but the English reference never joins these two; a word-for-word genitive"
                            );
                            out.findings
                                .push(self.finding(t.start..toks[i + 2].end, message));
                        }
                    }
                }
                continue;
            }
            let Some(&(_, e2)) = hits.peek().filter(|&&(j, _)| j == i + 1) else {
                continue;
            };
            if e1.zipf < MIN_FEATURE_ZIPF
                || e2.zipf < MIN_FEATURE_ZIPF
                || !plain(i)
                || !plain(i + 1)
                || ctx.allows(a.text(), t.start..u.end)
            {
                continue;
            }
            // Both are plain lowercase ASCII words, so their bytes are their text.
            let (w1, w2) = (&bytes[t.range()], &bytes[u.range()]);
            candidates += 1;
            // Bit 1: in the web bigram list; bit 0: in the language model.
            let value = m.pair_after(a.word_hashes[i], w2).unwrap_or(0);
            if value == 0 {
                unseen += 1;
            }
            let adjective_noun =
                e1.flags & ADJECTIVE != 0 && e2.flags & NOUN != 0 && e2.flags & ADJECTIVE == 0;
            let profiled = e1.flags & PROFILED_MODIFIER != 0 && e2.flags & PROFILED_HEAD != 0;
            // A following noun makes w2 a modifier inside a longer compound.
            let compound_continues =
                || same_paragraph(i, i + 2) && entry(i + 2).is_some_and(|e| e.flags & NOUN != 0);
            // The list of function adjectives is compared last: the flag
            // tests turn nearly every pair away first.
            if value == 0
                && adjective_noun
                && profiled
                && !compound_continues()
                && e1.zipf >= MIN_FINDING_ZIPF
                && e2.zipf >= MIN_FINDING_ZIPF
                && !FUNCTION_ADJECTIVES.iter().any(|f| f.as_bytes() == w1)
            {
                let (w1, w2) = (a.tok(i), a.tok(i + 1));
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
            "MT005.of_unattested_rate",
            a.per_thousand_words(of_unattested),
        );
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

    fn run(text: &str) -> (Vec<&str>, Vec<(crate::signals::FeatureName, f64)>) {
        let out = run_on_text(&UnusualCollocation, text);
        let found = out.excerpts(text);
        (found, out.features)
    }

    #[test]
    fn model_loads_and_knows_common_words() {
        let m = model().expect("embedded model parses");
        let good = m.word("good").expect("'good' is in the model");
        assert!(good.zipf > 50 && good.flags & ADJECTIVE != 0);
        assert!(m.word("house").is_some_and(|e| e.flags & NOUN != 0));
        assert!(m.word("qzxv").is_none());
        assert!(m.knows_of);
        // A standard collocation is attested; a made-up one is not.
        assert!(m.pair("prime", "minister").is_some());
        assert!(m.pair("purple", "minister").is_none());
    }

    #[test]
    fn keys_continued_from_token_hashes_match_the_build_script_keys() {
        let m = model().expect("embedded model parses");
        let h = |w: &str| crate::text::word_hash(w);
        for (a, b) in [
            ("prime", "minister"),
            ("sense", "humor"),
            ("local", "life"),
            ("qz", "x"),
        ] {
            assert_eq!(
                m.pair_after(h(a), b.as_bytes()),
                m.pairs.get(phrase_key(a, b" ", b))
            );
            assert_eq!(
                m.of_phrase_after(h(a), b.as_bytes()),
                m.pairs.get(phrase_key(a, b" of ", b))
            );
        }
        assert!(m.of_phrase_after(h("piece"), b"paper").is_some());
    }

    #[test]
    fn every_stored_key_is_found() {
        let m = model().expect("embedded model parses");
        let mut stored = 0;
        for slot in m.pairs.slots.chunks_exact(4) {
            let s = u32::from_le_bytes([slot[0], slot[1], slot[2], slot[3]]);
            if s != 0 {
                stored += 1;
                assert_eq!(m.pairs.get(s), Some((s & 3) as u8), "pair slot {s:#x}");
                assert_ne!(s & 3, 0, "a stored pair has a source");
            }
        }
        assert_eq!(stored, read_u32(MODEL_BYTES, 16) as usize);
        let b = MODEL_BYTES;
        let words = read_u32(b, 8) as usize;
        for i in 0..words {
            let key = read_u32(b, 20 + i * 4);
            let entry = m.word_by_key(key).expect("stored word is found");
            assert_eq!(entry.flags, b[20 + words * 5 + i]);
        }
    }

    #[test]
    fn content_table_holds_exactly_the_adjectives_and_nouns() {
        let m = model().expect("embedded model parses");
        let b = MODEL_BYTES;
        let words = read_u32(b, 8) as usize;
        let mut content = 0;
        for i in 0..words {
            let key = read_u32(b, 20 + i * 4);
            let entry = m.words.get(key).expect("stored word is found");
            let kept = m.content_words.get(key);
            if entry.flags & (ADJECTIVE | NOUN) != 0 {
                content += 1;
                let kept = kept.expect("content word is in the content table");
                assert_eq!((kept.zipf, kept.flags), (entry.zipf, entry.flags));
            } else {
                assert!(kept.is_none(), "function word {key:#x} is not");
            }
        }
        assert!(content > 1000);
        // Absent words are absent from both.
        for w in ["qzxv", "the", "of"] {
            let key = (crate::text::word_hash(w) >> 32) as u32;
            assert!(m.content_words.get(key).is_none(), "{w}");
        }
    }

    fn feature(features: &[(crate::signals::FeatureName, f64)], name: &str) -> Option<f64> {
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
    fn words_found_by_their_folded_hash_count_only_when_plain() {
        // The token hash folds case, so these find "local" and "life" in the
        // table; the plain-word test, made only at pairs, turns them away.
        for text in [
            "The festival brought new energy to locAl life in the county.",
            "The festival brought new energy to local lIfe in the county.",
            "Every dish at the fair gave them a sensE of food.",
            "Every dish at the fair gave them a sense of fOod.",
        ] {
            let (found, features) = run(text);
            assert!(found.is_empty(), "{text}: {found:?}");
            for name in ["MT005.unattested_rate", "MT005.of_unattested_rate"] {
                assert_eq!(feature(&features, name), Some(0.0), "{text}: {name}");
            }
        }
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
    fn unattested_noun_of_noun_is_reported() {
        let text = "Every dish at the fair gave them a sense of food.";
        let (found, features) = run(text);
        assert_eq!(found, ["sense of food"]);
        assert!(feature(&features, "MT005.of_unattested_rate").is_some_and(|v| v > 0.0));
        let out = run_on_text(&UnusualCollocation, text);
        assert!(out.findings[0].message.contains("'sense of food'"));
    }

    #[test]
    fn established_noun_of_noun_and_longer_phrases_are_not_reported() {
        for text in [
            "She has a fine sense of humor.",
            "He wrote the number on a piece of paper.",
            "The end of the war came in May.",
            "They discussed a sense of food safety.",
            "A sense\n\nof food.",
        ] {
            let (found, features) = run(text);
            assert!(found.is_empty(), "{text}: {found:?}");
            assert_eq!(
                feature(&features, "MT005.of_unattested_rate"),
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
