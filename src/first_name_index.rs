//! The index of the first-name table (`models/first_names.tsv`), built at
//! compile time by `build.rs` and read in place at run time, so that
//! start-up neither parses the table's 50,000 lines nor hashes its names.
//!
//! `build.rs` includes this file as a module of its own, so it uses nothing
//! else of the crate; its tests run with the library's.
//!
//! The index, all little-endian: the number of slots (a power of two), then
//! the slots of an open-addressing table by [`fold_hash`] with linear
//! probing (`u32`, a row number plus one, or 0 when empty), then one record
//! of [`ROW_BYTES`] per table row in table order: the name's byte offset in
//! the table text (`u32`) and length (`u16`), its female share in percent
//! and its popularity class (`u8` each).

/// Bytes of one row record.
pub const ROW_BYTES: usize = 8;

/// A hash of `name` that ignores ASCII case (every byte is read with its
/// 0x20 bit set), eight bytes at a time. Names that differ in more than
/// ASCII case may share it too; look-ups compare the names themselves.
pub fn fold_hash(name: &[u8]) -> u64 {
    let mut hash = name.len() as u64;
    for chunk in name.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        let folded = u64::from_le_bytes(word) | 0x2020_2020_2020_2020;
        hash = (hash.rotate_left(5) ^ folded).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    hash
}

/// One line of the table: `name<TAB>female_percent<TAB>popularity`, any
/// further fields ignored; `None` when a number is missing or malformed.
pub fn parse_line(line: &str) -> Option<(&str, u8, u8)> {
    let mut fields = line.split('\t');
    let name = fields.next()?;
    let female_percent = fields.next()?.parse().ok()?;
    let popularity = fields.next()?.parse().ok()?;
    Some((name, female_percent, popularity))
}

/// The index of `text`, a first-name table: every line [`parse_line`]
/// reads is a row; other lines are skipped. Panics on a table too large for
/// the record fields, which `build.rs` reports as a build error.
pub fn build(text: &str) -> Vec<u8> {
    let base = text.as_ptr() as usize;
    let rows: Vec<(usize, &str, u8, u8)> = text
        .lines()
        .filter_map(parse_line)
        .map(|(name, f, p)| (name.as_ptr() as usize - base, name, f, p))
        .collect();
    // At most half full, so that probes stay short.
    let size = (rows.len() * 2).next_power_of_two().max(2);
    let shift = 64 - size.trailing_zeros();
    let mut slots = vec![0u32; size];
    for (i, (_, name, _, _)) in rows.iter().enumerate() {
        let mut at = (fold_hash(name.as_bytes()) >> shift) as usize;
        while slots[at] != 0 {
            at = (at + 1) & (size - 1);
        }
        slots[at] = u32::try_from(i + 1).expect("fewer than 2^32 rows");
    }
    let mut out = Vec::with_capacity(4 + 4 * size + ROW_BYTES * rows.len());
    out.extend_from_slice(&u32::try_from(size).expect("index size").to_le_bytes());
    for slot in slots {
        out.extend_from_slice(&slot.to_le_bytes());
    }
    for (offset, name, female_percent, popularity) in rows {
        let offset = u32::try_from(offset).expect("table under 4 GiB");
        let len = u16::try_from(name.len()).expect("names under 64 KiB");
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&[female_percent, popularity]);
    }
    out
}

/// An index from [`build`], read in place over the table `text` it was
/// built from.
#[derive(Clone, Copy)]
pub struct Index<'a> {
    text: &'a str,
    slots: &'a [u8],
    rows: &'a [u8],
    /// `64 - log2(slot count)`: a hash's top bits are its home slot.
    shift: u32,
}

impl<'a> Index<'a> {
    /// `None` unless `index` has the shape [`build`] gives.
    pub fn new(text: &'a str, index: &'a [u8]) -> Option<Self> {
        let (size, rest) = index.split_first_chunk::<4>()?;
        let size = usize::try_from(u32::from_le_bytes(*size)).ok()?;
        if !size.is_power_of_two() {
            return None;
        }
        let slots = rest.get(..4 * size)?;
        let rows = &rest[4 * size..];
        if rows.len() % ROW_BYTES != 0 {
            return None;
        }
        Some(Index {
            text,
            slots,
            rows,
            shift: 64 - size.trailing_zeros(),
        })
    }

    pub fn len(&self) -> usize {
        self.rows.len() / ROW_BYTES
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Row `i`: its name, female share and popularity; `None` out of range
    /// or if the record does not point at a name in the text.
    pub fn row(&self, i: usize) -> Option<(&'a str, u8, u8)> {
        let record = self.rows.get(i * ROW_BYTES..(i + 1) * ROW_BYTES)?;
        let offset = u32::from_le_bytes([record[0], record[1], record[2], record[3]]) as usize;
        let len = usize::from(u16::from_le_bytes([record[4], record[5]]));
        let name = self.text.get(offset..offset + len)?;
        Some((name, record[6], record[7]))
    }

    /// Every row, in table order.
    pub fn rows(&self) -> impl Iterator<Item = (&'a str, u8, u8)> + '_ {
        (0..self.len()).filter_map(|i| self.row(i))
    }

    /// The first row, in table order, whose name `matches`, among those
    /// whose [`fold_hash`] is that of `name`.
    pub fn probe(&self, name: &[u8], matches: impl Fn(&str) -> bool) -> Option<(u8, u8)> {
        let mask = self.slots.len() / 4 - 1;
        let mut at = (fold_hash(name) >> self.shift) as usize;
        loop {
            let slot = &self.slots[4 * at..4 * at + 4];
            let row = u32::from_le_bytes([slot[0], slot[1], slot[2], slot[3]]) as usize;
            let (candidate, female_percent, popularity) = self.row(row.checked_sub(1)?)?;
            if matches(candidate) {
                return Some((female_percent, popularity));
            }
            at = (at + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "anna\t100\t12\nbo\t40\t3\textra\n\nbad\t256\t4\nzoë\t100\t5\r\nx\t7\n";

    #[test]
    fn lines_are_read_as_the_table_format_says() {
        assert_eq!(parse_line("anna\t100\t12"), Some(("anna", 100, 12)));
        assert_eq!(parse_line("bo\t40\t3\textra"), Some(("bo", 40, 3)));
        for bad in [
            "",
            "a",
            "a\t50",
            "a\t256\t4",
            "a\t+7x\t2",
            "a\t\t2",
            "a\t7\t3x",
        ] {
            assert_eq!(parse_line(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn index_holds_every_row_and_finds_each_by_name() {
        let bytes = build(TABLE);
        let index = Index::new(TABLE, &bytes).unwrap();
        let rows: Vec<_> = index.rows().collect();
        assert_eq!(
            rows,
            [("anna", 100, 12), ("bo", 40, 3), ("zoë", 100, 5)],
            "the line with 256 and the one-number line are skipped; \\r is cut"
        );
        for (name, f, p) in rows {
            let found = index.probe(name.as_bytes(), |n| n == name);
            assert_eq!(found, Some((f, p)), "{name}");
        }
        let upper = "ANNA";
        assert_eq!(
            index.probe(upper.as_bytes(), |n| n.eq_ignore_ascii_case(upper)),
            Some((100, 12))
        );
        assert_eq!(index.probe(b"bob", |n| n == "bob"), None);
        assert_eq!(index.probe(b"", |n| n.is_empty()), None);
    }

    #[test]
    fn an_empty_table_has_an_empty_index() {
        let bytes = build("");
        let index = Index::new("", &bytes).unwrap();
        assert!(index.is_empty());
        assert_eq!(index.probe(b"anna", |_| true), None);
    }

    #[test]
    fn malformed_indexes_are_refused() {
        let bytes = build(TABLE);
        assert!(Index::new(TABLE, &bytes[..3]).is_none());
        assert!(Index::new(TABLE, &bytes[..bytes.len() - 1]).is_none());
        let mut not_power_of_two = bytes.clone();
        not_power_of_two[0] = 3;
        assert!(Index::new(TABLE, &not_power_of_two).is_none());
    }

    #[test]
    fn fold_hash_ignores_ascii_case_only() {
        assert_eq!(fold_hash(b"Wendy"), fold_hash(b"wENDY"));
        assert_ne!(fold_hash(b"wendy"), fold_hash(b"wendi"));
        assert_ne!(fold_hash(b"wendy"), fold_hash(b"wendy "));
    }
}
