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

/// The last position of every word seen so far, in an open-addressing table
/// (`keys` are already hashes) at most half full: one probe per word on
/// average. The table is kept per thread, and the positions stored (stamps)
/// count on from one call to the next, so a slot last written by an earlier
/// call reads as free and no article pays for allocating or clearing it.
struct LastSeen {
    /// (key, stamp of its last position: `base` + 1 + the position); a slot
    /// whose stamp is not above the current call's `base` is free.
    slots: Vec<(u64, u64)>,
    /// Stamps written before the current call are all at or below it.
    base: u64,
}

thread_local! {
    static LAST_SEEN: std::cell::RefCell<LastSeen> = const {
        std::cell::RefCell::new(LastSeen {
            slots: Vec::new(),
            base: 0,
        })
    };
}

impl LastSeen {
    /// Sum over every window of `window` consecutive keys (of the `len` that
    /// `keys` yields, `window <= len`) of the distinct keys in it.
    ///
    /// A window holds as many distinct keys as it holds first occurrences of
    /// a key, so the sum counts, for each key, the windows in which it is a
    /// first occurrence: those that hold it but not the key's previous
    /// occurrence. That needs only the previous position of each key, where
    /// counting the keys in a sliding window would add one key and remove
    /// another at every step.
    fn sum_of_types(
        &mut self,
        keys: impl Iterator<Item = u64>,
        len: usize,
        window: usize,
    ) -> usize {
        // Empty windows hold no types.
        if window == 0 {
            return 0;
        }
        let size = (len * 2).next_power_of_two().max(16);
        if self.slots.len() < size {
            // Stamp 0 is above no base: the new table is free.
            self.slots = vec![(0, 0); size];
            self.base = 0;
        }
        // Only the first `size` slots: the table keeps the size of the
        // longest article so far, and a short article spread over all of it
        // would touch more cache lines.
        let (total, last_stamp) =
            sum_over_windows(&mut self.slots[..size], self.base, keys, len, window);
        // Every stamp written is at most the new base.
        self.base = last_stamp;
        total
    }
}

/// [`LastSeen::sum_of_types`] in the table `slots` (a power of two long)
/// whose stamps above `base` are this call's; returns the sum and the last
/// stamp written. A function of its own so that the table's owner is not
/// kept in a register through the loop, which then holds all it needs.
#[inline(never)]
fn sum_over_windows(
    slots: &mut [(u64, u64)],
    base: u64,
    keys: impl Iterator<Item = u64>,
    len: usize,
    window: usize,
) -> (usize, u64) {
    let mask = slots.len() - 1;
    // Record `key` at `stamp` (its position, as stored) and return its
    // previous stamp, `base` if it has none in this call. A slot written
    // by an earlier call is free, whatever its key. Indices are masked
    // (a no-op: they are in range) so that the compiler drops the bounds
    // checks; the keys are FNV-1a hashes, whose low bits already depend
    // on every byte of the word: used as they are, without remixing.
    let mut record = |key: u64, stamp: u64| {
        let mut i = key as usize;
        loop {
            let slot = &mut slots[i & mask];
            if slot.1 <= base || slot.0 == key {
                let previous = slot.1.max(base);
                *slot = (key, stamp);
                return previous;
            }
            i = (i + 1) & mask;
        }
    };
    // Windows are named by the stamp of their first key. The windows
    // that hold a key but not its previous occurrence start after the
    // latter, within `window` of the key, and no later than the last
    // window.
    let window_stamps = window as u64;
    let last_window = base + 1 + (len - window) as u64;
    let mut stamp = base;
    let mut total = 0usize;
    for key in keys {
        stamp += 1;
        let previous = record(key, stamp);
        // Every window that holds the key...
        let mut windows = (stamp - previous).min(window_stamps);
        // ...but those that would start after the last one.
        if stamp > last_window {
            windows -= stamp - previous.max(last_window);
        }
        total += windows as usize;
    }
    (total, stamp)
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
    let total = LAST_SEEN.with_borrow_mut(|table| table.sum_of_types(keys, len, window));
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
        out.value("MT008.mattr").unwrap()
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

    /// The sum of distinct keys over every window, counted window by window.
    fn types_window_by_window(keys: &[u64], window: usize) -> usize {
        keys.windows(window)
            .map(|w| w.iter().collect::<std::collections::HashSet<_>>().len())
            .sum()
    }

    #[test]
    fn previous_occurrences_count_the_types_of_every_window() {
        // A small pseudo-random sequence over few keys: many repeats, at
        // every distance inside and outside the window.
        let mut state = 12345u64;
        let keys: Vec<u64> = (0..400)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 33) % 37 + 1
            })
            .collect();
        for len in [1, 2, 3, 10, 49, 50, 51, 120, 400] {
            for window in [1, 2, 5, 50, len] {
                let window = window.min(len);
                let keys = &keys[..len];
                let total = LAST_SEEN
                    .with_borrow_mut(|t| t.sum_of_types(keys.iter().copied(), len, window));
                assert_eq!(
                    total,
                    types_window_by_window(keys, window),
                    "{len} {window}"
                );
            }
        }
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
