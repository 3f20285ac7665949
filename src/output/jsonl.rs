//! One report as a JSON Lines record, byte for byte what `serde_json::to_writer`
//! writes for [`Report`], with less overhead on the many small contributions.
//!
//! The object punctuation and the field names, fixed ASCII text, are written
//! here, and so are the common cases of strings that need no escaping and of
//! report numbers, each tested against serde_json's output; every other value
//! (escaped strings, other numbers, nested structs) is written by serde_json
//! itself. Evidence, rare next to the contributions, goes to serde_json
//! whole. The opening of each signal and contribution object, up to its
//! first number, is made of `&'static` strings that are the same at the same
//! position from one report to the next; a [`Writer`] writes it once and
//! copies it whole after that. `report` destructures [`Report`], [`DetectedLanguage`],
//! [`SignalSummary`] and [`Contribution`] in full, so a new field cannot be
//! forgotten silently.

use std::borrow::Cow;
use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};

use crate::lang::DetectedLanguage;
use crate::model::Contribution;
use crate::report::{Report, SignalSummary};

/// Append `value` as compact JSON.
fn value(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)
}

/// Append `v` as serde_json writes an `f64`: `null` unless finite. Through
/// serde_json's own formatter, without a serializer around each number.
fn float(out: &mut Vec<u8>, v: f64) -> io::Result<()> {
    if v.is_finite() {
        CompactFormatter.write_f64(out, v)
    } else {
        CompactFormatter.write_null(out)
    }
}

/// Append a report number as the report serializes it: rounded to six
/// decimals ([`crate::report::six_decimals`]). Zero, the value of most
/// features, and every number serde_json writes as a plain decimal (from
/// 1e-5 on; below, it writes an exponent) are spelt out from the number of
/// millionths: below 1e9 a double is exact to far less than a millionth, so
/// the shortest decimal that reads back as the rounded number, which
/// serde_json writes, is that number of millionths. Inlined where it is
/// written, so that a zero costs no call.
#[inline(always)]
fn number(out: &mut Vec<u8>, v: f64) -> io::Result<()> {
    match crate::report::nearest_millionths(v) {
        Some(0) => {
            out.extend_from_slice(b"0.0");
            Ok(())
        }
        Some(millionths) if millionths.unsigned_abs() >= 10 => write_millionths(out, millionths),
        _ => float(out, crate::report::six_decimals(v)),
    }
}

/// A count, written as serde_json writes a `usize`, without a serializer
/// around it.
#[inline(always)]
fn count(out: &mut Vec<u8>, n: usize) -> io::Result<()> {
    CompactFormatter.write_u64(out, n as u64)
}

/// The digits of `n`, for a number of ten or more (rare), out of line so
/// that the common case needs fewer registers.
#[cold]
fn leading_digits(out: &mut Vec<u8>, n: u64) -> io::Result<()> {
    CompactFormatter.write_u64(out, n)
}

/// `DIGIT_PAIRS[n]`, for `n` below 100, is `n` as two ASCII digits read as
/// a little-endian `u16` (the first digit in the low byte).
const DIGIT_PAIRS: [u16; 100] = {
    let mut pairs = [0; 100];
    let mut n = 0;
    while n < 100 {
        pairs[n] = u16::from_le_bytes([b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
        n += 1;
    }
    pairs
};

/// Append `millionths / 1e6` as a plain decimal with at least one digit
/// after the point and no trailing zeros, as serde_json writes it.
///
/// The last digit before the point, the point and the six digits after it
/// are laid out in one eight-byte word, appended whole (one store, no loop)
/// and then cut back past the trailing zeros, which are counted on the word.
fn write_millionths(out: &mut Vec<u8>, millionths: i64) -> io::Result<()> {
    if millionths < 0 {
        out.push(b'-');
    }
    let magnitude = millionths.unsigned_abs();
    let whole = magnitude / 1_000_000;
    if whole >= 10 {
        leading_digits(out, whole / 10)?;
    }
    let fraction = magnitude % 1_000_000;
    let pair = |n: u64| u64::from(DIGIT_PAIRS[n as usize]);
    let digits = (u64::from(b'0') + whole % 10)
        | u64::from(b'.') << 8
        | pair(fraction / 10_000) << 16
        | pair(fraction / 100 % 100) << 32
        | pair(fraction % 100) << 48;
    // In the little-endian word the last digits are the high bytes; XORed
    // with '0' in the six digit bytes, each trailing '0' is a zero byte.
    const DIGIT_ZEROS: u64 = u64::from_le_bytes([0, 0, b'0', b'0', b'0', b'0', b'0', b'0']);
    let trailing_zeros = (digits ^ DIGIT_ZEROS).leading_zeros() / 8;
    // A whole number keeps one zero after the point.
    let cut = trailing_zeros.min(5) as usize;
    out.extend_from_slice(&digits.to_le_bytes());
    out.truncate(out.len() - cut);
    Ok(())
}

/// Append `s` as a JSON string, byte for byte as serde_json writes it: the
/// feature names, codes and origins that make up most strings need no
/// escaping and are copied whole; any other string goes to serde_json.
fn string(out: &mut Vec<u8>, s: &str) -> io::Result<()> {
    if needs_escape(s.as_bytes()) {
        return value(out, s);
    }
    out.reserve(s.len() + 2);
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
    Ok(())
}

/// Does serde_json escape any of these bytes: a control character (below
/// 0x20), `"` or `\`? Eight bytes at a time, with the classic word test for
/// a byte below a bound (exact as to whether there is one), the three tests
/// ORed so each word costs one branch. A string of eight bytes or more ends
/// with one more word test on its last eight bytes (overlapping the words
/// before, which is harmless) instead of a byte loop; one of four to seven
/// bytes, such as a signal's code, is one word test on its first and last
/// four bytes (overlapping likewise).
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x;
    let escaped_word = |x: u64| {
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        (below(x, 0x20) | below(quote, 1) | below(backslash, 1)) & HIGH != 0
    };
    let escaped = |word: &[u8]| {
        let mut le = [0; 8];
        le.copy_from_slice(word);
        escaped_word(u64::from_le_bytes(le))
    };
    if bytes.len() < 8 {
        if bytes.len() >= 4 {
            let half = |four: &[u8]| {
                let mut le = [0; 4];
                le.copy_from_slice(four);
                u64::from(u32::from_le_bytes(le))
            };
            return escaped_word(half(&bytes[..4]) | half(&bytes[bytes.len() - 4..]) << 32);
        }
        return bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
    }
    bytes.chunks_exact(8).any(escaped) || escaped(&bytes[bytes.len() - 8..])
}

/// `,"name":` as bytes, for a fixed ASCII field name (written without
/// escaping), so each key with the comma before it costs one copy.
macro_rules! key {
    ($name:literal) => {
        concat!(",\"", $name, "\":").as_bytes()
    };
}

/// A JSON object being appended to `out`, one field at a time in the order
/// serde's derive writes them.
struct Object<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> Object<'a> {
    fn start(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        Self { out, empty: true }
    }

    /// Go on with an object whose opening, up to and with a field's value,
    /// is already in `out` (an [`Opening`] and the value after it).
    fn resume(out: &'a mut Vec<u8>) -> Self {
        Self { out, empty: false }
    }

    /// Write the key (from [`key!`], without its comma for the first
    /// field). Inlined, like the field writers below, so that each key, of a
    /// length known where it is written, is copied without a call to
    /// `memcpy`.
    #[inline(always)]
    fn key(&mut self, key: &[u8]) {
        let key = if self.empty { &key[1..] } else { key };
        self.empty = false;
        self.out.extend_from_slice(key);
    }

    /// Write the key and let `write` append the value.
    #[inline(always)]
    fn field_with(
        &mut self,
        key: &[u8],
        write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>,
    ) -> io::Result<&mut Self> {
        self.key(key);
        write(self.out)?;
        Ok(self)
    }

    fn field(&mut self, key: &[u8], v: &(impl Serialize + ?Sized)) -> io::Result<&mut Self> {
        self.field_with(key, |out| value(out, v))
    }

    /// A count, written by [`count`].
    #[inline(always)]
    fn count_field(&mut self, key: &[u8], n: usize) -> io::Result<&mut Self> {
        self.field_with(key, |out| count(out, n))
    }

    /// A string field, written by [`string`].
    #[inline(always)]
    fn str_field(&mut self, key: &[u8], v: &str) -> io::Result<&mut Self> {
        self.key(key);
        string(self.out, v)?;
        Ok(self)
    }

    /// A report number, written by [`number`] (not through a closure, which
    /// would be a call of its own).
    #[inline(always)]
    fn number_field(&mut self, key: &[u8], v: f64) -> io::Result<&mut Self> {
        self.key(key);
        number(self.out, v)?;
        Ok(self)
    }

    /// A field serde skips when it is `None`.
    fn optional(&mut self, key: &[u8], v: Option<&impl Serialize>) -> io::Result<&mut Self> {
        match v {
            Some(v) => self.field(key, v),
            None => Ok(self),
        }
    }

    /// A field serde skips when it is `None`, written by `write`.
    fn optional_with<T>(
        &mut self,
        key: &[u8],
        v: Option<&T>,
        write: impl FnOnce(&mut Vec<u8>, &T) -> io::Result<()>,
    ) -> io::Result<&mut Self> {
        match v {
            Some(v) => self.field_with(key, |out| write(out, v)),
            None => Ok(self),
        }
    }

    /// A string field serde skips when it is `None`.
    fn optional_str(&mut self, key: &[u8], v: Option<&str>) -> io::Result<&mut Self> {
        match v {
            Some(v) => self.str_field(key, v),
            None => Ok(self),
        }
    }

    /// A `true` field serde skips when it is `false`.
    fn flag(&mut self, key: &[u8], set: bool) -> io::Result<&mut Self> {
        if set {
            self.field(key, &true)
        } else {
            Ok(self)
        }
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.push(b'}');
        Ok(())
    }
}

/// The opening of an object, up to the key of its first value that is not a
/// fixed string, written from `N` `&'static` strings (a signal's code and name, a
/// model's feature name).
struct Opening<const N: usize> {
    /// The strings it was written from, compared by address and length: a
    /// `&'static str` is never freed, so the same address holds the same text.
    from: [&'static str; N],
    bytes: Vec<u8>,
}

/// The openings of one list's objects, in the order they are asked for
/// within a report. A report lists its signals and the model's features in
/// the same order as the report before it, so each opening is written (and
/// its strings tested for escapes) once and then copied whole; one whose
/// strings differ from those at its place is written anew.
#[derive(Default)]
struct Openings<const N: usize> {
    list: Vec<Opening<N>>,
    /// The place of the next opening asked for (at most `list.len()`).
    next: usize,
}

impl<const N: usize> Openings<N> {
    /// Start a report: the next opening asked for is the first.
    fn rewind(&mut self) {
        self.next = 0;
    }

    /// The next opening, written from `from` by `write` unless it is the one
    /// at its place.
    fn next(
        &mut self,
        from: [&'static str; N],
        write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>,
    ) -> io::Result<&[u8]> {
        let place = self.next;
        self.next += 1;
        let same = |o: &Opening<N>| o.from.iter().zip(&from).all(|(a, b)| std::ptr::eq(*a, *b));
        if !self.list.get(place).is_some_and(same) {
            let mut bytes = Vec::new();
            write(&mut bytes)?;
            let opening = Opening { from, bytes };
            match self.list.get_mut(place) {
                Some(old) => *old = opening,
                None => self.list.push(opening),
            }
        }
        Ok(&self.list[place].bytes)
    }
}

/// Writes reports as JSON Lines records, keeping the openings of their
/// signal and contribution objects from one report to the next.
#[derive(Default)]
pub struct Writer {
    /// `{"code":…,"name":…,"findings":` of each signal.
    signals: Openings<2>,
    /// `{"feature":…,"value":` of each contribution whose feature name is borrowed.
    features: Openings<1>,
}

impl Writer {
    /// Append `r` as compact JSON, exactly as `serde_json::to_writer(out, r)`.
    pub fn report(&mut self, out: &mut Vec<u8>, r: &Report) -> io::Result<()> {
        let Report {
            schema,
            origin,
            id,
            status,
            probability,
            flagged,
            too_short,
            language,
            words,
            base_log_odds,
            signals,
            contributions,
            evidence,
            excluded,
            error,
        } = r;
        self.signals.rewind();
        self.features.rewind();
        Object::start(out)
            .field(key!("schema"), schema)?
            .str_field(key!("origin"), origin)?
            .optional_str(key!("id"), id.as_deref())?
            .field(key!("status"), status)?
            .optional_with(key!("probability"), probability.as_ref(), |out, p| {
                number(out, *p)
            })?
            .field(key!("flagged"), flagged)?
            .flag(key!("too_short"), *too_short)?
            .optional_with(key!("language"), language.as_ref(), detected_language)?
            .count_field(key!("words"), *words)?
            .optional_with(key!("base_log_odds"), base_log_odds.as_ref(), |out, v| {
                number(out, *v)
            })?
            .field_with(key!("signals"), |out| {
                array(out, signals, |out, s| signal(out, s, &mut self.signals))
            })?
            .field_with(key!("contributions"), |out| {
                array(out, contributions, |out, c| {
                    contribution(out, c, &mut self.features)
                })
            })?
            .field(key!("evidence"), evidence)?
            .field(key!("excluded"), excluded)?
            .optional(key!("error"), error.as_ref())?
            .end()
    }
}

/// Append contribution `c`, its opening (if its feature name is borrowed)
/// the next of `openings`.
fn contribution(out: &mut Vec<u8>, c: &Contribution, openings: &mut Openings<1>) -> io::Result<()> {
    let Contribution {
        feature,
        value,
        log_odds,
        beyond_training,
    } = c;
    let open = |out: &mut Vec<u8>| -> io::Result<()> {
        Object::start(out)
            .str_field(key!("feature"), feature)?
            .key(key!("value"));
        Ok(())
    };
    match feature {
        Cow::Borrowed(name) => out.extend_from_slice(openings.next([name], open)?),
        Cow::Owned(_) => open(out)?,
    }
    number(out, *value)?;
    Object::resume(out)
        .number_field(key!("log_odds"), *log_odds)?
        .flag(key!("beyond_training"), *beyond_training)?
        .end()
}

fn detected_language(out: &mut Vec<u8>, l: &DetectedLanguage) -> io::Result<()> {
    let DetectedLanguage {
        code,
        name,
        confidence,
        detector,
    } = l;
    Object::start(out)
        .str_field(key!("code"), code)?
        .str_field(key!("name"), name)?
        .number_field(key!("confidence"), *confidence)?
        .str_field(key!("detector"), detector)?
        .end()
}

/// Append signal summary `s`, its opening the next of `openings`.
fn signal(out: &mut Vec<u8>, s: &SignalSummary, openings: &mut Openings<2>) -> io::Result<()> {
    let SignalSummary {
        code,
        name,
        findings,
        log_odds,
    } = s;
    let opening = openings.next([code, name], |out| {
        Object::start(out)
            .str_field(key!("code"), code)?
            .str_field(key!("name"), name)?
            .key(key!("findings"));
        Ok(())
    })?;
    out.extend_from_slice(opening);
    count(out, *findings)?;
    Object::resume(out)
        .number_field(key!("log_odds"), *log_odds)?
        .end()
}

/// Append `items` as a JSON array, each written by `item`.
fn array<T>(
    out: &mut Vec<u8>,
    items: &[T],
    mut item: impl FnMut(&mut Vec<u8>, &T) -> io::Result<()>,
) -> io::Result<()> {
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, x)?;
    }
    out.push(b']');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chrome::ChromeKind;
    use crate::report::{
        Evidence, Excluded, RelatedLocation, SignalSummary, Snippet, Status, SCHEMA_VERSION,
    };
    use std::borrow::Cow;

    const TRICKY: &[&str] = &[
        "",
        "plain",
        "quote \" backslash \\ slash /",
        "controls \u{0} \u{1f} \n \r \t \u{8} \u{c} \u{7f}",
        "non-ASCII “curly” — Привет 中文 😀 \u{2028}\u{2029}",
    ];

    const FLOATS: &[f64] = &[
        0.0,
        -0.0,
        1.0,
        -1.5,
        0.1,
        1.0 / 3.0,
        1e-7,
        1.234_567_890_123_456_7e21,
        1e300,
        f64::MIN_POSITIVE,
        5e-324,
        f64::MAX,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];

    #[test]
    fn numbers_are_written_as_serde_json_writes_them_rounded() {
        let check = |v: f64| {
            let mut ours = Vec::new();
            number(&mut ours, v).unwrap();
            let rounded = crate::report::six_decimals(v);
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(&rounded).unwrap(),
                "{v:e}"
            );
        };
        // Every millionth up to 1, the range of probabilities and
        // confidences; for every fourth, its negative and numbers just off.
        for n in 0..=1_000_000 {
            let v = n as f64 / 1e6;
            check(v);
            if n % 4 == 0 {
                check(-v);
                check(v + 3.1e-7);
                check(-v - 4.9e-7);
            }
        }
        // Beyond, a spread of magnitudes with every digit pattern near them,
        // up to past the end of the fast path.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..50_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let magnitude = 10f64.powi((state % 17) as i32);
            let v = ((state >> 8) % 1_000_000_000) as f64 * magnitude / 1e9;
            check(v);
            check(-v * 1.000_001);
        }
        for v in FLOATS
            .iter()
            .chain(&[9.5e-6, 1e-5, 1.1e-5, 999_999_999.999_999, 1e9])
            // Around the last digit before the point and the digits before it.
            .chain(&[
                9.999_999_6,
                10.0,
                10.000_001,
                -99.999_999,
                100.5,
                -1_234.000_01,
            ])
        {
            check(*v);
        }
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let bytes = (0u8..=0x7f).map(|b| char::from(b).to_string());
        for s in TRICKY.iter().map(|s| s.to_string()).chain(bytes) {
            let mut ours = Vec::new();
            string(&mut ours, &s).unwrap();
            assert_eq!(ours, serde_json::to_vec(&s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn escapes_are_found_at_every_position() {
        let naive = |b: &[u8]| b.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
        for len in 1..20 {
            for at in 0..len {
                for b in 0..=255u8 {
                    for fill in [b'a', 0x7f, 0x80, 0xff, 0x20, 0x21, 0x5b, 0x5d] {
                        let mut bytes = vec![fill; len];
                        bytes[at] = b;
                        assert_eq!(needs_escape(&bytes), naive(&bytes), "{bytes:?}");
                    }
                }
            }
        }
        assert!(!needs_escape(b""));
    }

    fn sample(k: usize, with_options: bool) -> Report {
        let s = |j: usize| TRICKY[(k + j) % TRICKY.len()].to_string();
        let f = |j: usize| FLOATS[(k + j) % FLOATS.len()];
        Report {
            schema: SCHEMA_VERSION,
            origin: s(0),
            id: with_options.then(|| s(1)),
            status: [Status::Ok, Status::UnsupportedLanguage, Status::Error][k % 3],
            probability: with_options.then(|| f(2)),
            flagged: k.is_multiple_of(2),
            too_short: k % 3 == 1,
            language: with_options.then(|| DetectedLanguage {
                code: s(3),
                name: s(4),
                confidence: f(5),
                detector: "whatlang",
            }),
            words: k * 1000,
            base_log_odds: with_options.then(|| f(8)),
            signals: (0..k % 3)
                .map(|j| SignalSummary {
                    code: "MT001",
                    name: "pronoun-gender-flip",
                    findings: k + j,
                    log_odds: f(6 + j),
                })
                .collect(),
            contributions: (0..FLOATS.len())
                .map(|j| Contribution {
                    feature: if j % 2 == 0 {
                        Cow::Borrowed(TRICKY[j % TRICKY.len()])
                    } else {
                        Cow::Owned(s(j))
                    },
                    value: f(j),
                    log_odds: f(j + 7),
                    beyond_training: (j + k).is_multiple_of(3),
                })
                .collect(),
            evidence: vec![
                Evidence {
                    kind: None,
                    related: Vec::new(),
                    ..evidence(k, with_options, s(14))
                };
                k % 3
            ]
            .into_iter()
            .chain([evidence(k, with_options, s(15))])
            .collect(),
            excluded: vec![Excluded {
                line: 7,
                kind: ChromeKind::Template,
                excerpt: s(12),
            }],
            error: with_options.then(|| s(13)),
        }
    }

    fn evidence(k: usize, with_options: bool, text: String) -> Evidence {
        Evidence {
            code: "MT007",
            name: "foreign-fragment",
            kind: with_options.then_some("kind"),
            line: k,
            column: 2,
            end_line: 3,
            end_column: 4,
            excerpt: text.clone(),
            message: format!("{text}!"),
            related: if with_options {
                vec![RelatedLocation {
                    line: 1,
                    column: 1,
                    label: text.clone(),
                    excerpt: text,
                }]
            } else {
                Vec::new()
            },
            snippet: Snippet::default(),
        }
    }

    #[test]
    fn records_match_serde_json_byte_for_byte() {
        for k in 0..2 * FLOATS.len() {
            for with_options in [false, true] {
                let r = sample(k, with_options);
                let mut ours = Vec::new();
                Writer::default().report(&mut ours, &r).unwrap();
                let theirs = serde_json::to_vec(&r).unwrap();
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&theirs)
                );
                assert_eq!(ours, theirs);
            }
        }
    }

    #[test]
    fn empty_report_matches_serde_json() {
        let r = Report::error("a.txt", None, "unreadable: \"x\"\n");
        let mut ours = Vec::new();
        Writer::default().report(&mut ours, &r).unwrap();
        assert_eq!(ours, serde_json::to_vec(&r).unwrap());
    }

    #[test]
    fn openings_kept_between_reports_match_serde_json() {
        // One writer through reports whose signals and features stay, move,
        // change name or are owned at a position, so that openings are both
        // reused and written anew.
        let mut renamed = sample(2, true);
        renamed.signals[1].name = "quote-punctuation";
        renamed.contributions[2].feature = Cow::Borrowed("MT002.rate");
        let mut owned = sample(2, true);
        owned.contributions[0].feature = Cow::Owned(TRICKY[0].to_string());
        // Owned first, so that the openings of a new writer skip a feature.
        let reports = [owned.clone()]
            .into_iter()
            .chain((0..2 * FLOATS.len()).flat_map(|k| [sample(k, k % 3 == 0), sample(2, true)]))
            .chain([renamed.clone(), sample(2, true), owned, renamed.clone()])
            .chain([Report::error("a.txt", None, "x"), renamed]);
        let mut writer = Writer::default();
        for r in reports {
            let mut ours = Vec::new();
            writer.report(&mut ours, &r).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&serde_json::to_vec(&r).unwrap())
            );
        }
    }
}
