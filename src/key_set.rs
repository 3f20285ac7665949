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
}
