//! A set of non-zero 64-bit keys (word hashes, packed words) for the
//! look-ups done once per token: open addressing at most a quarter full, so
//! a probe is one multiply and nearly always one comparison, with no hashing
//! of the key and no pointer chasing.

/// Open-addressing set of non-zero `u64` keys.
#[derive(Debug, Clone)]
pub struct KeySet {
    slots: Box<[u64]>,
    shift: u32,
}

impl KeySet {
    /// The set of `keys`; 0 is never a member (it marks an empty slot).
    pub fn new(keys: impl IntoIterator<Item = u64>) -> Self {
        let keys: Vec<u64> = keys.into_iter().filter(|&k| k != 0).collect();
        let size = (keys.len() * 4).next_power_of_two().max(4);
        let mut set = KeySet {
            slots: vec![0; size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
        };
        for key in keys {
            let mut at = set.home(key);
            while set.slots[at] != 0 && set.slots[at] != key {
                at = (at + 1) & (size - 1);
            }
            set.slots[at] = key;
        }
        set
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        // Fibonacci hashing: the top bits of the product are well mixed
        // even when the keys are packed ASCII bytes.
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    #[inline]
    pub fn contains(&self, key: u64) -> bool {
        if key == 0 {
            return false;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        loop {
            match self.slots[at] {
                0 => return false,
                k if k == key => return true,
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Number of keys in the set.
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|&&k| k != 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A filter of `64 * WORDS` bits over 64-bit hashes, for the look-ups that
/// search a few words or phrases among every token: the bit numbered by the
/// top bits of each member's hash is set, so a hash whose bit is clear
/// (nearly every word, for a few dozen members) is certainly not one, told by
/// one load. A hash whose bit is set still needs the exact test. Keep it
/// small enough to stay in the L1 cache from one article to the next.
#[derive(Debug, Clone)]
pub struct HashFilter<const WORDS: usize>([u64; WORDS]);

impl<const WORDS: usize> HashFilter<WORDS> {
    /// How far a hash is shifted to number its bit: the filter's bits must
    /// be a power of two.
    const SHIFT: u32 = {
        assert!((WORDS * 64).is_power_of_two());
        64 - (WORDS * 64).trailing_zeros()
    };

    /// The filter of `hashes`, built at compile time where they are constant.
    pub const fn new(hashes: &[u64]) -> Self {
        let mut filter = Self([0; WORDS]);
        let mut i = 0;
        while i < hashes.len() {
            filter.insert(hashes[i]);
            i += 1;
        }
        filter
    }

    pub const fn insert(&mut self, hash: u64) {
        let bit = (hash >> Self::SHIFT) as usize;
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    /// False when no member has this hash; true when one may.
    #[inline]
    pub fn may_contain(&self, hash: u64) -> bool {
        let bit = (hash >> Self::SHIFT) as usize;
        self.0[bit / 64] >> (bit % 64) & 1 != 0
    }
}

impl<const WORDS: usize> Default for HashFilter<WORDS> {
    fn default() -> Self {
        Self([0; WORDS])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_and_non_members() {
        let keys: Vec<u64> = (1..=300u64).map(|k| k * 0x1_0000_0001).collect();
        let set = KeySet::new(keys.iter().copied().chain([0, 5 * 0x1_0000_0001]));
        assert_eq!(set.len(), 300, "duplicates and 0 are not stored twice");
        assert!(keys.iter().all(|&k| set.contains(k)));
        assert!(!set.contains(0));
        assert!(!set.contains(301 * 0x1_0000_0001));
        assert!((1..10_000u64).filter(|k| set.contains(*k)).count() == 0);
    }

    #[test]
    fn keys_moved_off_their_home_slot_are_found() {
        let keys: Vec<u64> = (0..1000)
            .map(|k| crate::text::word_hash(&format!("word{k}")))
            .collect();
        let set = KeySet::new(keys.clone());
        // Some keys collided and were probed onward ...
        let displaced = keys
            .iter()
            .filter(|&&k| set.slots[set.home(k)] != k)
            .count();
        assert!(displaced > 0);
        // ... and every one is still found.
        assert!(keys.iter().all(|&k| set.contains(k)));
    }

    #[test]
    fn empty_set() {
        let set = KeySet::new([]);
        assert!(set.is_empty());
        assert!(!set.contains(1));
    }

    #[test]
    fn hash_filters_let_their_members_through_and_turn_most_others_away() {
        let members: Vec<u64> = (1..=40u64)
            .map(|k| k.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        let small = HashFilter::<16>::new(&members);
        let mut large = HashFilter::<256>::default();
        for &m in &members {
            large.insert(m);
        }
        assert!(members
            .iter()
            .all(|&m| small.may_contain(m) && large.may_contain(m)));
        let others = (1000..11_000u64).map(|k| k.wrapping_mul(0xc13f_a9a9_02a6_328f));
        let (passed_small, passed_large) = others.fold((0, 0), |(s, l), h| {
            (
                s + usize::from(small.may_contain(h)),
                l + usize::from(large.may_contain(h)),
            )
        });
        // 40 members set at most 40 of 1,024 and of 16,384 bits.
        assert!(passed_small < 600, "{passed_small}");
        assert!(passed_large < 60, "{passed_large}");
    }
}
