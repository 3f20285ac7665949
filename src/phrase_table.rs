//! Leftmost-longest matching of word sequences against a set of phrases,
//! shared by MT006's lexicon and `calque mine`, so that mining counts a
//! phrase exactly where the signal will later report it.
//!
//! Phrases are keyed by a running key over their words: every prefix of a
//! phrase has its own key, so a scan stops at the first word no phrase
//! continues with.

use std::hash::Hash;

use rustc_hash::FxHashMap;

#[derive(Debug, Clone, Copy)]
struct Slot {
    /// Index of the phrase ending here, or [`NO_ENTRY`] for a bare prefix.
    entry: u32,
    /// Some longer phrase starts with this sequence.
    prefix: bool,
}

const NO_ENTRY: u32 = u32::MAX;

/// A set of phrases, each identified by an entry number.
#[derive(Debug)]
pub struct PhraseTable<K> {
    slots: FxHashMap<K, Slot>,
}

impl<K> Default for PhraseTable<K> {
    fn default() -> Self {
        Self {
            slots: FxHashMap::default(),
        }
    }
}

impl<K: Hash + Eq> PhraseTable<K> {
    /// Add phrase `entry`, given the running keys of its words in order (the
    /// last one is the whole phrase's key). A later phrase with the same key
    /// replaces an earlier one.
    pub fn insert(&mut self, running_keys: impl IntoIterator<Item = K>, entry: u32) {
        let mut keys = running_keys.into_iter().peekable();
        while let Some(key) = keys.next() {
            let slot = self.slots.entry(key).or_insert(Slot {
                entry: NO_ENTRY,
                prefix: false,
            });
            if keys.peek().is_some() {
                slot.prefix = true;
            } else {
                slot.entry = entry;
            }
        }
    }

    /// The entry of the phrase with exactly this key, if it is one (not
    /// merely a prefix).
    pub fn get(&self, key: &K) -> Option<u32> {
        self.slots
            .get(key)
            .map(|slot| slot.entry)
            .filter(|&entry| entry != NO_ENTRY)
    }

    /// The longest phrase that the words with these running keys start
    /// with: its length in words and its entry. Inlined, so that the
    /// caller's key iterator fuses with the loop.
    #[inline]
    pub fn longest(&self, running_keys: impl IntoIterator<Item = K>) -> Option<(usize, u32)> {
        let mut best = None;
        for (n, key) in running_keys.into_iter().enumerate() {
            let Some(slot) = self.slots.get(&key) else {
                break;
            };
            if slot.entry != NO_ENTRY {
                best = Some((n + 1, slot.entry));
            }
            if !slot.prefix {
                break;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Running keys of a phrase of small word ids: the ids seen so far.
    fn running(words: &[u8]) -> Vec<Vec<u8>> {
        (1..=words.len()).map(|n| words[..n].to_vec()).collect()
    }

    #[test]
    fn longest_phrase_wins_and_prefixes_do_not_match() {
        let mut t = PhraseTable::default();
        t.insert(running(b"ab"), 0);
        t.insert(running(b"abcd"), 1);
        // "abc" is only a prefix of "abcd": the match falls back to "ab".
        assert_eq!(t.longest(running(b"abcx")), Some((2, 0)));
        assert_eq!(t.longest(running(b"abcdz")), Some((4, 1)));
        assert_eq!(t.longest(running(b"a")), None);
        assert_eq!(t.longest(running(b"xab")), None);
        assert_eq!(t.longest(Vec::<Vec<u8>>::new()), None);
    }

    #[test]
    fn a_phrase_can_also_be_a_prefix() {
        let mut t = PhraseTable::default();
        t.insert(running(b"abc"), 0);
        t.insert(running(b"ab"), 1);
        assert_eq!(t.longest(running(b"abx")), Some((2, 1)));
        assert_eq!(t.longest(running(b"abc")), Some((3, 0)));
        assert_eq!(t.get(&b"ab".to_vec()), Some(1));
        assert_eq!(t.get(&b"a".to_vec()), None);
    }
}
