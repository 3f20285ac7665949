//! MT008 `low-lexical-diversity`: the article repeats the same words more
//! than human writing of the same length does.
//!
//! Measures the moving-average type–token ratio (MATTR): the share of distinct
//! words (case-insensitive) in every window of 50 consecutive words, averaged
//! over all windows. A fixed window makes the measure independent of article
//! length, which a plain type–token ratio is not.
//!
//! Why it points to machine translation: a translation system picks the most
//! probable rendering of each source word and reuses it every time the source
//! word recurs, where a human writer or translator varies the wording
//! ("said", "added", "noted"; "the ministry", "officials"). On WMT news the
//! machine output has a lower MATTR than both human translations and English
//! originals of the same stories, in every year measured.
//!
//! This is a document-level measure: it produces no located findings, only the
//! `MT008.mattr` feature (0–1, lower is more repetitive).
//!
//! Example: "The government said the government will support the plan. The
//! government said the plan will support the economy." scores far lower than
//! a text that varies its words.

use crate::signals::{Context, Signal, SignalInfo, SignalOutput};
use crate::text::{Analysis, TokenKind};

pub struct LexicalDiversity;

/// Words per window of the moving-average type–token ratio.
pub const WINDOW: usize = 50;

static INFO: SignalInfo = SignalInfo {
    code: "MT008",
    name: "low-lexical-diversity",
    summary: "The article reuses the same words more than human writing does (moving-average type-token ratio)",
    doc: "Measures the moving-average type-token ratio (MATTR): the share of distinct words \
(case-insensitive) in every window of 50 consecutive words, averaged over the article. \
A fixed window makes the measure independent of article length.\n\n\
Why it points to machine translation: a translation system picks the most probable rendering \
of each source word and reuses it whenever the source word recurs, where a human varies the \
wording (\"said\", \"added\", \"noted\"). On WMT news, machine output has a lower MATTR than \
both human translations and English originals, in every year measured.\n\n\
Document-level: no located findings, only the `MT008.mattr` feature (0-1, lower is more repetitive).\n\n\
Example: \"The government said the government will support the plan. The government said the \
plan will support the economy.\" has a much lower MATTR than a text that varies its words.",
    default_weight: 0.0,
};

/// Counts of the words in the current window, in an open-addressing table
/// (`keys` are already hashes) at most half full: one probe per word on
/// average. The table is kept per thread and its slots are stamped with the
/// call that filled them, so no article pays for allocating or clearing it.
struct WindowCounts {
    /// (key, count in the window, stamp); a slot whose stamp is not the
    /// current call's is empty.
    slots: Vec<(u64, u32, u32)>,
    stamp: u32,
    /// Slot of each word in the window, as a ring.
    ring: Vec<u32>,
}

thread_local! {
    static WINDOW_COUNTS: std::cell::RefCell<WindowCounts> = const {
        std::cell::RefCell::new(WindowCounts {
            slots: Vec::new(),
            stamp: 0,
            ring: Vec::new(),
        })
    };
}

impl WindowCounts {
    /// Sum over every window of `window` consecutive keys (of the `len` that
    /// `keys` yields, `window <= len`) of the distinct keys in it.
    fn sum_of_types(
        &mut self,
        keys: impl Iterator<Item = u64>,
        len: usize,
        window: usize,
    ) -> usize {
        // Empty windows hold no types (and the ring walk below needs one slot).
        if window == 0 {
            return 0;
        }
        let size = (len * 2).next_power_of_two().max(16);
        if self.slots.len() < size || self.stamp == u32::MAX {
            self.slots = vec![(0, 0, 0); size.max(self.slots.len())];
            self.stamp = 0;
        }
        self.stamp += 1;
        let stamp = self.stamp;
        // Local slices: their bounds stay in registers through the loops.
        // Only the first `size` slots: the table keeps the size of the
        // longest article so far, and a short article spread over all of it
        // would touch more cache lines.
        let slots = &mut self.slots[..size];
        let mask = slots.len() - 1;
        // Add one occurrence of `k`: its slot, and whether it is new to the window.
        // Indices are masked (a no-op: they are in range) so that the
        // compiler drops the bounds checks.
        let add = |slots: &mut [(u64, u32, u32)], k: u64| {
            // The keys are FNV-1a hashes, whose low bits already depend on
            // every byte of the word: used as they are, without remixing.
            let mut i = k as usize;
            loop {
                let slot = &mut slots[i & mask];
                if slot.2 != stamp {
                    *slot = (k, 1, stamp);
                    return (i, true);
                }
                if slot.0 == k {
                    slot.1 += 1;
                    return (i, slot.1 == 1);
                }
                i = (i + 1) & mask;
            }
        };
        self.ring.clear();
        let mut keys = keys;
        let mut types = 0usize;
        // The first window fills the ring.
        for k in keys.by_ref().take(window) {
            let (i, new) = add(slots, k);
            types += usize::from(new);
            self.ring.push(i as u32);
        }
        let ring = &mut self.ring[..];
        let mut total = types;
        // Then each word replaces, in the ring, the word that leaves the window
        // (counted in before the other is counted out: the same types). The
        // ring is walked round by round, without an index to wrap.
        'words: loop {
            for leaving in ring.iter_mut() {
                let Some(k) = keys.next() else {
                    break 'words;
                };
                let (i, new) = add(slots, k);
                types += usize::from(new);
                let old = &mut slots[*leaving as usize & mask].1;
                *old -= 1;
                types -= usize::from(*old == 0);
                *leaving = i as u32;
                total += types;
            }
        }
        total
    }
}

/// Moving-average type–token ratio of `keys` over windows of `window`; the
/// plain type–token ratio when the text is shorter than one window. The keys
/// are word hashes: their low bits place them in the table as they are.
pub fn mattr(keys: &[u64], window: usize) -> f64 {
    mattr_of(keys.iter().copied(), keys.len(), window)
}

/// [`mattr`] of the `len` keys that `keys` yields, read straight from their
/// source rather than gathered into a vector first.
fn mattr_of(keys: impl Iterator<Item = u64>, len: usize, window: usize) -> f64 {
    if len == 0 || window == 0 {
        return 0.0;
    }
    let window = window.min(len);
    let total = WINDOW_COUNTS.with_borrow_mut(|table| table.sum_of_types(keys, len, window));
    let windows = len - window + 1;
    total as f64 / (windows * window) as f64
}

impl Signal for LexicalDiversity {
    fn info(&self) -> &'static SignalInfo {
        &INFO
    }

    fn check(&self, analysis: &Analysis, _ctx: &Context, out: &mut SignalOutput) {
        // The word hashes, one per word token: `word_count` of them.
        let keys = analysis
            .tokens
            .iter()
            .zip(&analysis.word_hashes)
            .filter(|(t, _)| t.kind == TokenKind::Word)
            .map(|(_, &h)| h);
        out.feature("MT008.rate", 0.0);
        out.feature("MT008.mattr", mattr_of(keys, analysis.word_count, WINDOW));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::run_on_text;

    fn feature(text: &str) -> f64 {
        let out = run_on_text(&LexicalDiversity, text);
        assert!(out.findings.is_empty());
        out.features
            .iter()
            .find(|(k, _)| k == "MT008.mattr")
            .map(|(_, v)| *v)
            .unwrap()
    }

    #[test]
    fn mattr_by_hand() {
        // Windows of 2 over a a b b: {a}, {a,b}, {b} -> (1 + 2 + 1) / (3 * 2).
        assert!((mattr(&[1, 1, 2, 2], 2) - 4.0 / 6.0).abs() < 1e-12);
        // Shorter than the window: plain type-token ratio.
        assert!((mattr(&[1, 2, 1], 10) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(mattr(&[], 50), 0.0);
    }

    #[test]
    fn reused_table_gives_the_same_ratio() {
        let small: Vec<u64> = [5, 9, 5, 7, 9, 9, 1, 5].repeat(3);
        let first = mattr(&small, 4);
        // A larger article grows the per-thread table; a later small one
        // must not see its entries.
        let big: Vec<u64> = (0..5000).map(|i| i % 1300 + 1).collect();
        assert!(mattr(&big, 50) > 0.0);
        assert_eq!(mattr(&small, 4), first);
        assert!(
            (first - mattr(&small.iter().map(|k| k + 100).collect::<Vec<_>>(), 4)).abs() < 1e-15
        );
    }

    #[test]
    fn repetitive_text_scores_lower_than_varied_text() {
        let repetitive = "The government said the government will support the plan. \
            The government said the plan will support the economy. \
            The government said the economy will support the plan.";
        let varied = "Ministers insisted on Tuesday that public money would back the scheme. \
            Officials added that households could expect help before winter, \
            while critics warned the package came too late for struggling firms.";
        assert!(feature(repetitive) < feature(varied) - 0.2);
    }

    #[test]
    fn case_does_not_make_new_words() {
        assert_eq!(feature("Plan plan PLAN"), feature("plan plan plan"));
        assert_eq!(feature(""), 0.0);
    }
}
