//! People in an article: who is named (full names, surname-only mentions,
//! titles such as `Ms.` or `President`), who is referred to by a role noun
//! ("the driver", "his wife"), and what gender the text itself gives each of
//! them (first name, title, gendered role noun).
//!
//! Detection is one linear pass over capitalised-word runs with table look-ups;
//! apposition checks look at a bounded window of tokens.

use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::OnceLock;

use crate::first_name_index::Index;
use crate::key_set::{HashFilter, KeySet};
use crate::text::{ascii_word_hash, fnv_bytes, word_hash, Analysis, Token, TokenKind, FNV_OFFSET};

/// `name<TAB>female_percent<TAB>popularity`, sorted by bytes; derived from the
/// international first-name dictionary by `scripts/derive_first_names.py`.
const FIRST_NAMES_TSV: &str = include_str!("../models/first_names.tsv");
/// Its index, built from it by `build.rs`.
const FIRST_NAMES_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/first_names.idx"));

/// What the first-name table says about one name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirstName {
    /// Frequency-weighted share of female bearers, 0..=100.
    pub female_percent: u8,
    /// Highest per-country frequency class, 1 (rare) ..= 13 (very common).
    pub popularity: u8,
}

impl FirstName {
    fn new(female_percent: u8, popularity: u8) -> Self {
        FirstName {
            female_percent,
            popularity,
        }
    }

    /// Gender weight in -1.0 (male) ..= 1.0 (female). Only names borne
    /// almost exclusively by one gender (97% or more) and not rare reach the
    /// full weight; "Jean" or "Andrea", common for both, stay weak.
    pub fn weight(self) -> f32 {
        let pct = self.female_percent;
        let lean = (f32::from(pct) - 50.0) / 50.0;
        let decisive = !(4..=96).contains(&pct) && self.popularity >= 4;
        if decisive {
            lean.signum()
        } else {
            lean * 0.7
        }
    }
}

/// The first-name table, read in place through the index `build.rs` made
/// of it ([`crate::first_name_index`]): start-up neither parses the table
/// nor hashes its names.
struct FirstNames {
    index: Index<'static>,
}

impl FirstNames {
    /// The row of `key`: an ASCII key matches its name in any case, as the
    /// table's names are lower case; any other key lower-cased, exactly.
    fn find(&self, key: &str) -> Option<FirstName> {
        let found = if key.is_ascii() {
            self.index
                .probe(key.as_bytes(), |name| name.eq_ignore_ascii_case(key))
        } else {
            with_lowercase(key, |lower| {
                self.index.probe(lower.as_bytes(), |name| name == lower)
            })
        };
        found.map(|(female_percent, popularity)| FirstName::new(female_percent, popularity))
    }

    /// Every row of the table, in table order.
    fn rows(&self) -> impl Iterator<Item = (&'static str, FirstName)> + '_ {
        (self.index.rows())
            .map(|(name, female, popularity)| (name, FirstName::new(female, popularity)))
    }
}

fn first_names() -> &'static FirstNames {
    static TABLE: OnceLock<FirstNames> = OnceLock::new();
    TABLE.get_or_init(|| FirstNames {
        index: Index::new(FIRST_NAMES_TSV, FIRST_NAMES_INDEX)
            .expect("build.rs writes a well-formed first-name index"),
    })
}

/// Look a first name up, case-insensitively. Hyphenated names fall back to
/// their first part ("Jean-Claude" -> "Jean").
pub fn first_name(name: &str) -> Option<FirstName> {
    let names = first_names();
    let find = |key: &str| names.find(key);
    if !is_title_case(name) {
        return None;
    }
    find(name).or_else(|| {
        let head = name.split(['-', '‑']).next()?;
        (head.len() < name.len() && is_title_case(head))
            .then(|| find(head))
            .flatten()
    })
}

/// Intrinsic gender weight (name, title, role) at or above which a person's
/// gender is taken as settled; `pronoun-gender-flip` flags only against it.
pub const STRONG_GENDER: f32 = 0.85;

/// [`word_hash`]es of the words that can carry a strong gender cue, each
/// with [`cue_bits`]: titles and role nouns (any case), and decisive first
/// names (only capitalised words are read as names).
struct StrongCues {
    /// Every such word, by the gender it gives (male, then female), with
    /// that gender's bits. An article is asked about one gender, so the
    /// names of the other (often most names it mentions) stop at its filter.
    by_gender: [FilteredMap<u8>; 2],
    /// The titles and role nouns alone: a word not capitalised is looked up
    /// here, where the many lower-case words that are also first names
    /// ("will", "may", "mark") stop at the filter.
    words: FilteredMap<u8>,
}

impl StrongCues {
    /// The words that can give a strong cue of this gender.
    fn of(&self, female: bool) -> &FilteredMap<u8> {
        &self.by_gender[usize::from(female)]
    }
}

fn strong_cue_hashes() -> &'static StrongCues {
    static CUES: OnceLock<StrongCues> = OnceLock::new();
    CUES.get_or_init(|| {
        let mut words: FxHashMap<u64, u8> = FxHashMap::default();
        let mut by_gender: [FxHashMap<u64, u8>; 2] = Default::default();
        for &(w, g) in TITLES.iter().chain(ROLE_NOUNS) {
            if g.abs() >= STRONG_GENDER {
                let (hash, bit) = (word_hash(w), cue_bits(g > 0.0).0);
                *words.entry(hash).or_default() |= bit;
                *by_gender[usize::from(g > 0.0)].entry(hash).or_default() |= bit;
            }
        }
        for (w, f) in first_names().rows() {
            let g = f.weight();
            if g.abs() >= STRONG_GENDER {
                let bit = cue_bits(g > 0.0).1;
                *by_gender[usize::from(g > 0.0)]
                    .entry(word_hash(w))
                    .or_default() |= bit;
            }
        }
        StrongCues {
            by_gender: by_gender.map(|map| FilteredMap::new(map, 18)),
            words: FilteredMap::new(words, 12),
        }
    })
}

/// Bits in [`strong_cue_hashes`] of (a title or role noun, a first name) of
/// this gender.
fn cue_bits(female: bool) -> (u8, u8) {
    if female {
        (1 << 1, 1 << 3)
    } else {
        (1 << 0, 1 << 2)
    }
}

/// A map keyed by [`word_hash`] with a bit per hash prefix in front of it, so
/// that the many words not in it are turned away without probing the map.
struct FilteredMap<V> {
    map: FxHashMap<u64, V>,
    /// Bit `hash >> shift` is set for every key of `map`.
    filter: Box<[u64]>,
    shift: u32,
}

/// The word of a filter and the bit in it that stand for `hash`, in a
/// filter of `2^(64 - shift)` bits.
#[inline(always)]
fn filter_bit(shift: u32, hash: u64) -> (usize, u64) {
    let bit = (hash >> shift) as usize;
    (bit / 64, 1 << (bit % 64))
}

impl<V: Copy + Default> FilteredMap<V> {
    #[inline]
    fn filter_bit(&self, hash: u64) -> (usize, u64) {
        filter_bit(self.shift, hash)
    }

    /// With a filter of 2^`filter_bits` bits: a few per key keep it selective.
    fn new(map: FxHashMap<u64, V>, filter_bits: u32) -> Self {
        let mut this = Self {
            filter: vec![0u64; (1 << filter_bits) / 64].into_boxed_slice(),
            shift: 64 - filter_bits,
            map: FxHashMap::default(),
        };
        for &hash in map.keys() {
            let (word, mask) = this.filter_bit(hash);
            this.filter[word] |= mask;
        }
        this.map = map;
        this
    }

    /// Can `hash` be a key? `false` settles that it is not.
    #[inline]
    fn may_contain(&self, hash: u64) -> bool {
        let (word, mask) = self.filter_bit(hash);
        self.filter[word] & mask != 0
    }

    /// [`Self::may_contain`] for a loop over every word: the closure holds
    /// the filter's bits and shift, which are then not reloaded for each.
    #[inline]
    fn may_contain_test(&self) -> impl Fn(u64) -> bool + '_ {
        let (filter, shift) = (&*self.filter, self.shift);
        move |hash| {
            let (word, mask) = filter_bit(shift, hash);
            filter[word] & mask != 0
        }
    }

    /// The value for `hash`, or the default when there is none.
    #[inline]
    fn get(&self, hash: u64) -> V {
        let (word, mask) = self.filter_bit(hash);
        if self.filter[word] & mask == 0 {
            return V::default();
        }
        self.map.get(&hash).copied().unwrap_or_default()
    }
}

/// The last UTF-8 byte of the non-breaking hyphen `‑` (U+2011), which
/// [`first_name`] splits at too.
const HYPHEN_LAST_BYTE: u8 = "‑".as_bytes()[2];

/// Can `word` on its own (title, role noun or first name, possessive or not)
/// give a person a strong gender cue of this gender? Exact look-ups, for
/// words the hash sets do not settle. First names count only when `as_name`.
fn strong_cue_exact(word: &str, female: bool, as_name: bool) -> bool {
    let sign = if female { 1.0 } else { -1.0 };
    let strong = |g: f32| g * sign >= STRONG_GENDER;
    [word, strip_possessive(word)].into_iter().any(|w| {
        let e = lexicon().get(word_hash(w));
        e.title.is_some_and(strong)
            || e.role.is_some_and(strong)
            || (as_name && first_name(w).is_some_and(|f| strong(f.weight())))
    })
}

/// Could the first name at token `i` give a person a cue in [`People::find`]?
/// Only in two places: inside a run of names, where the next token is a
/// capitalised word, a particle ("Maria de la Cruz") or an initial's dot; or
/// as a lone speaker, next to a speech verb ("Maria said", "said Maria",
/// "according to Maria", "Maria also said"). A name followed by a lower-case
/// word ("May was warm", "Grace under fire") is not read as a person.
fn used_as_name(a: &Analysis, i: usize) -> bool {
    let word_at = |j: usize| {
        a.tokens
            .get(j)
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| &a.text()[t.start..t.end])
    };
    let next_fits = match a.tokens.get(i + 1) {
        Some(t) if t.kind == TokenKind::Punct => &a.text()[t.start..t.end] == ".",
        Some(_) => word_at(i + 1).is_some_and(|w| {
            w.starts_with(char::is_uppercase) || has(w, PARTICLE | SPEECH | ADVERB)
        }),
        None => false,
    };
    next_fits
        || i.checked_sub(1)
            .and_then(word_at)
            .is_some_and(|w| is_speech_verb(w) || w.eq_ignore_ascii_case("to"))
}

/// Does any word of the article give someone a strong `female` (or male)
/// gender by title, role noun or first name? When not, nobody in the article
/// has that gender on their own cues, so a cheap test can skip the full
/// person search. Never false when [`People::find`] could produce such a cue.
pub fn may_have_strong_gender(a: &Analysis, female: bool) -> bool {
    let cues = strong_cue_hashes();
    let of_gender = cues.of(female);
    let (word_bit, name_bit) = cue_bits(female);
    let text = a.text().as_bytes();
    let found = |i: usize, h: u64, capitalised: bool| {
        if !capitalised {
            return cues.words.get(h) & word_bit != 0;
        }
        let bits = of_gender.get(h);
        bits & word_bit != 0 || (bits & name_bit != 0 && used_as_name(a, i))
    };
    // Does word token `i` give the cue? Exact for any word; pure, so the
    // two passes below may look at a word twice or in any order.
    let gives_cue = |i: usize| {
        let t = &a.tokens[i];
        if t.kind != TokenKind::Word {
            return false;
        }
        // Bytes, not `str`: a plain word needs no character boundaries.
        let bytes = &text[t.start..t.end];
        // The rest (case folding beyond ASCII, hyphenated first names) are rare.
        if !is_plain_ascii(bytes) {
            return strong_cue_exact(a.tok(i), female, used_as_name(a, i));
        }
        let capitalised = bytes[0].is_ascii_uppercase();
        found(i, a.word_hashes[i], capitalised)
            || possessive_len(bytes) > 0
                && found(i, word_hash(strip_possessive(a.tok(i))), capitalised)
    };
    // A word gives a cue only by its own hash, by its stem's (possessive),
    // or by the first part of a hyphenated name. Beyond ASCII the hash still
    // matches the table: `word_hash` lowercases as the look-ups do (no name
    // holds `ς`, the one letter lowercased by its position in the word).
    // A lower-case ASCII word is read as no name, so only a title or role
    // noun gives it a cue: common words that are also names ("said", "are",
    // "may") stop at the small filter of those. Its possessive stem, and the
    // whole of one with a hyphen, are left to the second pass below, so a
    // hyphen need not be looked for here.
    let lower_case_ascii = |i: usize| {
        let bytes = &text[a.tokens[i].range()];
        bytes.first().is_some_and(u8::is_ascii_lowercase) && bytes.is_ascii()
    };
    // Most words stop at the filter, in a pass over the hashes alone.
    let may_be_of_gender = of_gender.may_contain_test();
    let by_hash = a.word_hashes.iter().enumerate().any(|(i, &hash)| {
        may_be_of_gender(hash)
            && (cues.words.may_contain(hash) || !lower_case_ascii(i))
            && gives_cue(i)
    });
    // ...and the words with a hyphen or a possessive ending, rare, are
    // reached from their `-`, `‑`, `'` or `’` bytes, found by `memchr`.
    by_hash
        || marked_words(a, [b'-', HYPHEN_LAST_BYTE, b'\'', APOSTROPHE_LAST_BYTE]).any(|i| {
            let bytes = &text[a.tokens[i].range()];
            let hyphenated = bytes.iter().any(|&b| b == b'-' || b == HYPHEN_LAST_BYTE);
            (hyphenated || possessive_len(bytes) > 0) && gives_cue(i)
        })
}

/// Is the word ASCII without a hyphen? Then its hash matches the table
/// look-ups exactly.
fn is_plain_ascii(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| b.is_ascii() && b != b'-')
}

/// The last UTF-8 byte of the right single quotation mark `’` (U+2019), which
/// possessive endings may be written with.
const APOSTROPHE_LAST_BYTE: u8 = "’".as_bytes()[2];

/// The tokens that hold one of the `marks` bytes, in no set order: a token
/// once for each such byte it holds.
fn marked_words<'t>(a: &'t Analysis, marks: [u8; 4]) -> impl Iterator<Item = usize> + 't {
    let text = a.text().as_bytes();
    let [m0, m1, m2, m3] = marks;
    let positions = memchr::memchr3_iter(m0, m1, m2, text).chain(memchr::memchr_iter(m3, text));
    positions.filter_map(move |at| {
        let k = a.tokens.partition_point(|t| t.end <= at);
        a.tokens.get(k).filter(|t| t.start <= at).map(|_| k)
    })
}

/// "Wendy", "wendy", "WENDY" but not "NATO" or "McX" style acronyms: either
/// all one case, or an upper-case letter followed by a lower-case one.
fn is_title_case(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) => {
            (a.is_uppercase() && b.is_lowercase())
                || word.chars().all(|c| !c.is_uppercase())
                || word.chars().all(|c| !c.is_lowercase())
        }
        _ => false,
    }
}

/// Run `f` on the lower-cased `word` without allocating for short ASCII words.
fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if word.len() <= buf.len() && word.is_ascii() {
        let bytes = &mut buf[..word.len()];
        bytes.copy_from_slice(word.as_bytes());
        bytes.make_ascii_lowercase();
        // ASCII stays valid UTF-8 after lower-casing.
        f(std::str::from_utf8(bytes).unwrap_or(word))
    } else {
        f(&word.to_lowercase())
    }
}

/// Everything the word lists below say about one lower-cased word, so each
/// token costs one hash look-up.
#[derive(Debug, Default, Clone, Copy)]
struct Entry {
    flags: u16,
    title: Option<f32>,
    role: Option<f32>,
}

const NOT_NAME: u16 = 1;
const ORG: u16 = 1 << 1;
const WORDLIKE: u16 = 1 << 2;
const PARTICLE: u16 = 1 << 3;
const SPEECH: u16 = 1 << 4;
const ADVERB: u16 = 1 << 5;
const PREPOSITION: u16 = 1 << 6;
const BLOCKER: u16 = 1 << 7;

/// The word lists keyed by [`word_hash`], which folds case, so a look-up
/// neither copies nor compares strings.
fn lexicon() -> &'static FilteredMap<Entry> {
    static LEXICON: OnceLock<FilteredMap<Entry>> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut map: FxHashMap<u64, Entry> = FxHashMap::default();
        for (list, flag) in [
            (NOT_NAMES, NOT_NAME),
            (ORG_WORDS, ORG),
            (WORDLIKE_FIRST_NAMES, WORDLIKE),
            (PARTICLES, PARTICLE),
            (SPEECH_VERBS, SPEECH),
            (ADVERBS, ADVERB),
            (PREPOSITIONS, PREPOSITION),
            (APPOSITION_BLOCKERS, BLOCKER),
        ] {
            for w in list {
                map.entry(word_hash(w)).or_default().flags |= flag;
            }
        }
        for &(w, g) in TITLES {
            map.entry(word_hash(w)).or_default().title = Some(g);
        }
        for &(w, g) in ROLE_NOUNS {
            map.entry(word_hash(w)).or_default().role = Some(g);
        }
        FilteredMap::new(map, 16)
    })
}

/// Longer words are in no list of the lexicon.
const MAX_LEXICON_WORD: usize = 20;

fn entry(word: &str) -> Entry {
    if word.len() > MAX_LEXICON_WORD {
        return Entry::default();
    }
    lexicon().get(word_hash(word))
}

/// [`entry`] of token `i` as it stands, looked up by the hash the tokenizer
/// computed for every token but punctuation.
fn entry_of(a: &Analysis, i: usize) -> Entry {
    let t = &a.tokens[i];
    if t.kind == TokenKind::Punct {
        entry(a.tok(i))
    } else if t.end - t.start > MAX_LEXICON_WORD {
        Entry::default()
    } else {
        lexicon().get(a.word_hashes[i])
    }
}

/// [`entry`] of word token `i` without its possessive ending (the same as
/// `entry(strip_possessive(a.tok(i)))`), looked up by the hash the tokenizer
/// computed when there is no ending to cut.
#[inline]
fn entry_at(a: &Analysis, i: usize) -> Entry {
    match plain_hash(a, i) {
        Some(hash) => lexicon().get(hash),
        None => entry(strip_possessive(a.tok(i))),
    }
}

/// The tokenizer's hash of word token `i` when it is the lexicon's key too:
/// the word has no possessive ending to cut (plurals included) and is short
/// enough for the lexicon. Most words take this path, without being sliced
/// as `str`.
#[inline]
fn plain_hash(a: &Analysis, i: usize) -> Option<u64> {
    let t = &a.tokens[i];
    let bytes = &a.text().as_bytes()[t.start..t.end];
    (possessive_len(bytes) == 0 && bytes.len() <= MAX_LEXICON_WORD).then(|| a.word_hashes[i])
}

/// [`word_hash`]es of the words [`Finder::roles`] looks at: each role noun
/// (the few words whose [`Entry`] has a role), bare and with a possessive
/// ending, and "old" ("the 17 year old"). A word's hash extends its stem's
/// and folds `’` into `'`, so "wife’s" hashes as "wife's": a word whose hash
/// is not here has no role.
struct RoleHashes {
    /// One load turns nearly every word away...
    filter: HashFilter<128>,
    /// ...before the exact probe.
    set: KeySet,
}

impl RoleHashes {
    #[inline]
    fn contains(&self, hash: u64) -> bool {
        self.filter.may_contain(hash) && self.set.contains(hash)
    }
}

fn role_hashes() -> &'static RoleHashes {
    static SET: OnceLock<RoleHashes> = OnceLock::new();
    SET.get_or_init(|| {
        let nouns = ROLE_NOUNS.iter().map(|&(w, _)| w);
        let forms = nouns.flat_map(|w| {
            [
                word_hash(w),
                word_hash(&format!("{w}'s")),
                word_hash(&format!("{w}'")),
            ]
        });
        let hashes: Vec<u64> = forms.chain([word_hash("old")]).collect();
        RoleHashes {
            filter: HashFilter::new(&hashes),
            set: KeySet::new(hashes),
        }
    })
}

/// The role-noun gender of word token `i` without its possessive ending:
/// the same as `entry_at(a, i).role`.
fn role_at(a: &Analysis, i: usize) -> Option<f32> {
    match plain_hash(a, i) {
        Some(hash) => role_hashes()
            .contains(hash)
            .then(|| lexicon().get(hash).role)
            .flatten(),
        None => entry(strip_possessive(a.tok(i))).role,
    }
}

fn has(word: &str, flag: u16) -> bool {
    entry(word).flags & flag != 0
}

/// Strip a possessive ending: "Sherman's" -> "Sherman".
#[inline]
pub fn strip_possessive(word: &str) -> &str {
    // Every ending is whole characters, so the cut is a character boundary.
    &word[..word.len() - possessive_len(word.as_bytes())]
}

/// Bytes of the possessive ending [`strip_possessive`] cuts from `word`:
/// the first of `'s`, `’s`, `'`, `’` that ends it and leaves a stem, or 0.
#[inline]
fn possessive_len(word: &[u8]) -> usize {
    // Every ending ends in `s`, `'` or the last byte of `’`.
    if !matches!(word.last(), Some(b's' | b'\'' | 0x99)) {
        return 0;
    }
    ["'s", "’s", "'", "’"]
        .into_iter()
        .map(str::as_bytes)
        .find(|suffix| word.len() > suffix.len() && word.ends_with(suffix))
        .map_or(0, <[u8]>::len)
}

/// Where a gender cue comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    FirstName,
    Title,
    Role,
}

/// One piece of evidence for a person's gender.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cue {
    pub kind: CueKind,
    /// -1.0 (male) ..= 1.0 (female).
    pub weight: f32,
    /// Token that carries the cue.
    pub token: usize,
}

/// Someone the article talks about.
#[derive(Debug, Clone)]
pub struct Person {
    /// Byte range of the name (or role noun) where the person first appears.
    pub name: Range<usize>,
    /// A named person, as opposed to "the driver" or "his wife".
    pub named: bool,
    cues: Vec<Cue>,
    /// Sum and number of the cues' weights of each kind (indexed by
    /// [`CueKind`]), added in the cues' order: a person named a thousand
    /// times has a thousand cues, and their gender is asked at each mention.
    cue_totals: [(f32, u32); 3],
    /// `lowercase_key` of the first word of a full name, to tell apart two
    /// people who share a surname.
    pub given: Option<u64>,
}

impl Person {
    fn new(name: Range<usize>, named: bool, given: Option<u64>, cues: Vec<Cue>) -> Self {
        let mut person = Person {
            name,
            named,
            cues: Vec::new(),
            cue_totals: [(0.0, 0); 3],
            given,
        };
        person.add_cues(cues);
        person
    }

    fn add_cues(&mut self, cues: impl IntoIterator<Item = Cue>) {
        for cue in cues {
            let (sum, n) = &mut self.cue_totals[cue.kind as usize];
            *sum += cue.weight;
            *n += 1;
            self.cues.push(cue);
        }
    }

    /// Gender from the person's own name, title and role nouns, -1.0 ..= 1.0
    /// (positive is female). A title outranks a role noun, which outranks a
    /// first name; cues of another kind that disagree halve the result, and
    /// repeating "Ms." counts once.
    pub fn intrinsic_gender(&self) -> f32 {
        let mean = |kind: CueKind| {
            let (sum, n) = self.cue_totals[kind as usize];
            (n > 0).then(|| sum / n as f32)
        };
        let kinds = [
            mean(CueKind::Title),
            mean(CueKind::Role),
            mean(CueKind::FirstName),
        ];
        let Some(lead) = kinds.iter().flatten().copied().find(|w| *w != 0.0) else {
            return 0.0;
        };
        let disputed = kinds
            .iter()
            .flatten()
            .any(|&w| w * lead < 0.0 && w.abs() >= 0.5);
        if disputed {
            lead * 0.5
        } else {
            lead
        }
    }

    /// The strongest cue of `kind` agreeing with `female`, for explanations.
    pub fn best_cue(&self, kind: CueKind, female: bool) -> Option<&Cue> {
        let sign = if female { 1.0 } else { -1.0 };
        self.cues
            .iter()
            .filter(|c| c.kind == kind && c.weight * sign > 0.5)
            .max_by(|a, b| (a.weight * sign).total_cmp(&(b.weight * sign)))
    }
}

/// One reference to a person by name or role noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub person: usize,
    /// First and one-past-last token of the name itself (titles excluded).
    pub tokens: (usize, usize),
    pub sentence: usize,
    pub paragraph: usize,
    pub in_quote: bool,
    /// First mention of its sentence, not governed by a preposition.
    pub subject: bool,
    /// Speaker of an attribution ("Sherman said", "said Sherman").
    pub speaker: bool,
}

/// Everyone found in one article, with their mentions in text order.
#[derive(Debug, Default)]
pub struct People {
    pub persons: Vec<Person>,
    pub mentions: Vec<Mention>,
}

/// For each token, is it inside double quotation marks? Quote marks toggle
/// regardless of direction (machine output often misorients them) and the
/// state resets at each paragraph.
pub fn quote_mask(a: &Analysis) -> Vec<bool> {
    let mut mask = vec![false; a.tokens.len()];
    let bytes = a.text().as_bytes();
    for p in &a.paragraphs {
        // The tokens before the paragraph's first quotation mark stay outside
        // a quotation: only those from the one that holds it on are read, and
        // a paragraph without a mark not at all.
        let Some(first_mark) = first_double_quote_mark(&bytes[p.range.clone()]) else {
            continue;
        };
        let at = p.range.start + first_mark;
        let from = p.tokens.start + a.tokens[p.tokens.clone()].partition_point(|t| t.end <= at);
        let mut inside = false;
        let tokens = &a.tokens[from..p.tokens.end];
        for (t, in_quote) in tokens.iter().zip(&mut mask[from..p.tokens.end]) {
            if t.kind == TokenKind::Punct && is_double_quote_mark(&bytes[t.start..t.end]) {
                inside = !inside;
                *in_quote = true;
            } else {
                *in_quote = inside;
            }
        }
    }
    mask
}

/// Offset in `text` of the first double quotation mark ([`is_double_quote_mark`]),
/// found from the bytes `"`, `0xe2` and `0xc2` that start one.
fn first_double_quote_mark(text: &[u8]) -> Option<usize> {
    memchr::memchr3_iter(b'"', 0xe2, 0xc2, text).find(|&at| {
        let len = if text[at] == b'"' {
            1
        } else if text[at] == 0xe2 {
            3
        } else {
            2
        };
        text.get(at..at + len).is_some_and(is_double_quote_mark)
    })
}

/// Is this token `"`, `“`, `”`, `„`, `«` or `»`? Compared as UTF-8 bytes, so
/// that the many other punctuation tokens cost no string comparisons.
#[inline]
fn is_double_quote_mark(token: &[u8]) -> bool {
    // “ ” „ are U+201C..=U+201E; « » are U+00AB and U+00BB.
    matches!(
        token,
        b"\"" | [0xe2, 0x80, 0x9c..=0x9e] | [0xc2, 0xab | 0xbb]
    )
}

/// Verbs that attribute speech or a view to their subject.
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "noted",
    "notes",
    "stated",
    "states",
    "explained",
    "explains",
    "argued",
    "argues",
    "warned",
    "warns",
    "wrote",
    "writes",
    "insisted",
    "claimed",
    "claims",
    "asked",
    "asks",
    "replied",
    "answered",
    "announced",
    "stressed",
    "emphasised",
    "emphasized",
    "acknowledged",
    "admitted",
    "declared",
    "continued",
    "observed",
    "suggested",
    "commented",
    "tweeted",
    "recalled",
    "maintained",
    "testified",
    "urged",
    "concluded",
    "confirmed",
    "denied",
    "reiterated",
    "predicted",
    "cautioned",
    "remarked",
    "responded",
    "underlined",
    "underscored",
    "complained",
    "conceded",
    "pointed",
    "believes",
    "thinks",
];

pub fn is_speech_verb(word: &str) -> bool {
    has(word, SPEECH)
}

/// [`word_hash`]es of the [`SPEECH_VERBS`] and [`ADVERBS`]: a word whose hash
/// the filter turns away has neither flag in its [`Entry`], and is settled
/// without the lexicon's probe.
fn speech_or_adverb_hashes() -> &'static HashFilter<16> {
    static FILTER: OnceLock<HashFilter<16>> = OnceLock::new();
    FILTER.get_or_init(|| {
        let hashes: Vec<u64> = SPEECH_VERBS
            .iter()
            .chain(ADVERBS)
            .map(|w| word_hash(w))
            .collect();
        HashFilter::new(&hashes)
    })
}

/// Can word token `i` be a speech verb or an adverb? `false` settles that
/// [`entry_of`] has neither [`SPEECH`] nor [`ADVERB`].
#[inline]
fn may_be_speech_or_adverb(a: &Analysis, i: usize) -> bool {
    speech_or_adverb_hashes().may_contain(a.word_hashes[i])
}

/// Words that may sit between a subject and its speech verb ("Sherman also said").
const ADVERBS: &[&str] = &[
    "also",
    "has",
    "had",
    "have",
    "later",
    "then",
    "again",
    "previously",
    "recently",
    "once",
    "further",
    "reportedly",
    "earlier",
    "simply",
    "flatly",
    "bluntly",
    "repeatedly",
    "publicly",
    "privately",
    "openly",
    "firmly",
    "already",
    "would",
    "will",
    "had",
    "told",
];

const PREPOSITIONS: &[&str] = &[
    "in",
    "of",
    "with",
    "to",
    "by",
    "for",
    "from",
    "at",
    "on",
    "about",
    "against",
    "between",
    "among",
    "without",
    "under",
    "over",
    "into",
    "toward",
    "towards",
    "than",
    "like",
    "after",
    "before",
    "during",
    "via",
    "including",
    "and",
    "or",
    "nor",
    "met",
    "told",
    "called",
];

/// Capitalised words that never start or continue a personal name.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "him",
    "them",
    "but",
    "and",
    "or",
    "in",
    "on",
    "at",
    "of",
    "for",
    "to",
    "with",
    "by",
    "from",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "what",
    "who",
    "which",
    "why",
    "how",
    "where",
    "not",
    "no",
    "yes",
    "also",
    "however",
    "meanwhile",
    "then",
    "so",
    "because",
    "although",
    "though",
    "since",
    "until",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "july",
    "september",
    "october",
    "november",
    "december",
    "god",
    "all",
    "some",
    "many",
    "most",
    "one",
    "two",
    "both",
    "each",
    "every",
    "other",
    "another",
    "such",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "last",
    "next",
    "new",
    "according",
    "said",
    "says",
    "do",
    "does",
    "did",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "let",
    "yet",
    "still",
    "even",
    "just",
    "only",
    "again",
    "instead",
    "despite",
    "during",
    "under",
    "over",
    "about",
    "into",
    "through",
    "unlike",
    "like",
    "via",
];

/// Words that mark a capitalised run as a place or an organisation.
const ORG_WORDS: &[&str] = &[
    "police",
    "university",
    "college",
    "school",
    "street",
    "road",
    "avenue",
    "station",
    "hospital",
    "airport",
    "park",
    "city",
    "county",
    "state",
    "states",
    "tech",
    "united",
    "fc",
    "club",
    "group",
    "bank",
    "company",
    "party",
    "church",
    "house",
    "hall",
    "council",
    "court",
    "times",
    "post",
    "news",
    "falls",
    "island",
    "islands",
    "bay",
    "river",
    "lake",
    "mountains",
    "valley",
    "square",
    "bridge",
    "center",
    "centre",
    "museum",
    "stadium",
    "arena",
    "foundation",
    "institute",
    "ministry",
    "department",
    "agency",
    "airlines",
    "airways",
    "motors",
    "capital",
    "partners",
    "holdings",
    "international",
    "national",
    "media",
    "press",
    "network",
    "energy",
    "republic",
    "kingdom",
    "union",
    "association",
    "federation",
    "league",
    "cup",
    "prize",
    "award",
    "awards",
    "festival",
    "day",
    "week",
    "inc",
    "ltd",
    "corp",
    "llc",
    "plc",
    "ag",
    "co",
    "gmbh",
    "sa",
    "office",
    "service",
    "services",
    "forces",
    "army",
    "navy",
    "guard",
    "times",
    "journal",
    "herald",
    "tribune",
    "gazette",
    "daily",
    "weekly",
    "magazine",
    "online",
    "tv",
    "radio",
    "channel",
    "records",
    "studios",
    "pictures",
    "hotel",
    "restaurant",
    "market",
    "exchange",
    "index",
    "fund",
    "trust",
    "councils",
    "commission",
    "committee",
    "assembly",
    "parliament",
    "senate",
    "congress",
    "government",
    "administration",
    "region",
    "province",
    "district",
    "coast",
    "sea",
    "ocean",
    "gulf",
    "strait",
    "peninsula",
    "airport",
    "port",
    "beach",
    "town",
    "village",
    "oblast",
    "brigade",
    "corps",
    "regiment",
    "battalion",
    "division",
    "fleet",
    "squadron",
    "krai",
];

/// First names that are also ordinary English words or places; they count as
/// first names only away from the start of a sentence.
const WORDLIKE_FIRST_NAMES: &[&str] = &[
    "will",
    "may",
    "mark",
    "bill",
    "hope",
    "grace",
    "rose",
    "june",
    "april",
    "august",
    "art",
    "jack",
    "joy",
    "faith",
    "guy",
    "pat",
    "ray",
    "don",
    "dean",
    "rich",
    "frank",
    "earl",
    "penny",
    "dawn",
    "eve",
    "holly",
    "ivy",
    "lily",
    "iris",
    "summer",
    "sky",
    "star",
    "angel",
    "sandy",
    "chance",
    "christian",
    "justice",
    "roman",
    "king",
    "major",
    "page",
    "chase",
    "price",
    "young",
    "white",
    "black",
    "brown",
    "green",
    "long",
    "hill",
    "lane",
    "wood",
    "north",
    "west",
    "stone",
    "cliff",
    "drew",
    "gene",
    "jay",
    "paris",
    "jordan",
    "georgia",
    "israel",
    "india",
    "china",
    "florida",
    "virginia",
    "carolina",
    "austin",
    "dallas",
    "houston",
    "denver",
    "chelsea",
    "brooklyn",
    "madison",
    "lincoln",
    "washington",
    "kent",
    "victoria",
    "sydney",
    "adelaide",
    "florence",
    "orlando",
    "charlotte",
    "savannah",
    "asia",
    "europe",
    "africa",
    "america",
    "russia",
    "ukraine",
    "france",
    "germany",
    "ireland",
    "holland",
    "sharon",
    "trinity",
    "unity",
    "liberty",
    "say",
    "sun",
    "sunday",
    "doctor",
    "general",
];

/// Titles before a name, with the gender they imply (positive is female).
const TITLES: &[(&str, f32)] = &[
    ("mr", -1.0),
    ("mrs", 1.0),
    ("ms", 1.0),
    ("miss", 1.0),
    ("mx", 0.0),
    ("madam", 1.0),
    ("madame", 1.0),
    ("mme", 1.0),
    ("mlle", 1.0),
    ("sir", -1.0),
    ("dame", 1.0),
    ("lord", -1.0),
    ("lady", 1.0),
    ("dr", 0.0),
    ("prof", 0.0),
    ("professor", 0.0),
    ("sen", 0.0),
    ("senator", 0.0),
    ("rep", 0.0),
    ("representative", 0.0),
    ("gov", 0.0),
    ("governor", 0.0),
    ("president", 0.0),
    ("minister", 0.0),
    ("chancellor", 0.0),
    ("secretary", 0.0),
    ("general", 0.0),
    ("gen", 0.0),
    ("col", 0.0),
    ("colonel", 0.0),
    ("lt", 0.0),
    ("capt", 0.0),
    ("captain", 0.0),
    ("sgt", 0.0),
    ("sergeant", 0.0),
    ("judge", 0.0),
    ("justice", 0.0),
    ("mayor", 0.0),
    ("premier", 0.0),
    ("ambassador", 0.0),
    ("commissioner", 0.0),
    ("chairman", -0.8),
    ("chairwoman", 1.0),
    ("chair", 0.0),
    ("spokesman", -0.8),
    ("spokeswoman", 1.0),
    ("spokesperson", 0.0),
    ("king", -1.0),
    ("queen", 1.0),
    ("prince", -1.0),
    ("princess", 1.0),
    ("pope", -1.0),
    ("rabbi", 0.0),
    ("rev", 0.0),
    ("reverend", 0.0),
    ("archbishop", 0.0),
    ("bishop", 0.0),
    ("cardinal", -1.0),
    ("sheikh", -1.0),
    ("emir", -1.0),
    ("coach", 0.0),
    ("councillor", 0.0),
    ("councilman", -1.0),
    ("councilwoman", 1.0),
    ("congressman", -1.0),
    ("congresswoman", 1.0),
    ("assemblyman", -1.0),
    ("assemblywoman", 1.0),
    ("baroness", 1.0),
    ("baron", -1.0),
    ("duke", -1.0),
    ("duchess", 1.0),
    ("countess", 1.0),
    ("empress", 1.0),
    ("emperor", -1.0),
    ("tsar", -1.0),
    ("herr", -1.0),
    ("frau", 1.0),
    ("señor", -1.0),
    ("señora", 1.0),
    ("monsieur", -1.0),
    ("deputy", 0.0),
    ("vice", 0.0),
    ("undersecretary", 0.0),
    ("director", 0.0),
    ("chief", 0.0),
    ("officer", 0.0),
    ("inspector", 0.0),
    ("detective", 0.0),
    ("constable", 0.0),
    ("agent", 0.0),
    ("admiral", 0.0),
    ("major", 0.0),
    ("marshal", 0.0),
    ("father", -1.0),
    ("brother", -1.0),
    ("sister", 1.0),
    ("mother", 1.0),
    ("uncle", -1.0),
    ("aunt", 1.0),
    ("st", 0.0),
    ("saint", 0.0),
];

fn title_gender(word: &str) -> Option<f32> {
    entry(word).title
}

/// Is token `k` a title ("Ms", "President") or a dot, as after "Ms."? Such
/// tokens before a name belong to it.
fn is_title_or_its_dot(a: &Analysis, k: usize) -> bool {
    entry_of(a, k).title.is_some() || a.tok(k) == "."
}

/// Singular nouns for people, with the gender they imply (0.0 when none).
/// They stand for unnamed people ("the driver ... he") or, in apposition,
/// describe a named one ("the spokeswoman, Jane Doe").
const ROLE_NOUNS: &[(&str, f32)] = &[
    ("man", -1.0),
    ("woman", 1.0),
    ("boy", -1.0),
    ("girl", 1.0),
    ("father", -1.0),
    ("mother", 1.0),
    ("dad", -1.0),
    ("mum", 1.0),
    ("mom", 1.0),
    ("son", -1.0),
    ("daughter", 1.0),
    ("brother", -1.0),
    ("sister", 1.0),
    ("husband", -1.0),
    ("wife", 1.0),
    ("widow", 1.0),
    ("widower", -1.0),
    ("grandfather", -1.0),
    ("grandmother", 1.0),
    ("grandson", -1.0),
    ("granddaughter", 1.0),
    ("uncle", -1.0),
    ("aunt", 1.0),
    ("nephew", -1.0),
    ("niece", 1.0),
    ("king", -1.0),
    ("queen", 1.0),
    ("prince", -1.0),
    ("princess", 1.0),
    ("actress", 1.0),
    ("waitress", 1.0),
    ("spokesman", -0.8),
    ("spokeswoman", 1.0),
    ("chairman", -0.8),
    ("chairwoman", 1.0),
    ("businessman", -1.0),
    ("businesswoman", 1.0),
    ("congressman", -1.0),
    ("congresswoman", 1.0),
    ("councilman", -1.0),
    ("councilwoman", 1.0),
    ("policeman", -1.0),
    ("policewoman", 1.0),
    ("sportsman", -1.0),
    ("sportswoman", 1.0),
    ("boyfriend", -1.0),
    ("girlfriend", 1.0),
    ("gentleman", -1.0),
    ("lady", 1.0),
    ("heroine", 1.0),
    ("hostess", 1.0),
    ("stepfather", -1.0),
    ("stepmother", 1.0),
    ("fiancé", -0.8),
    ("fiancée", 1.0),
    ("bride", 1.0),
    ("groom", -1.0),
    ("monk", -1.0),
    ("nun", 1.0),
    ("priest", -0.8),
    ("person", 0.0),
    ("driver", 0.0),
    ("official", 0.0),
    ("spokesperson", 0.0),
    ("minister", 0.0),
    ("president", 0.0),
    ("leader", 0.0),
    ("chief", 0.0),
    ("director", 0.0),
    ("officer", 0.0),
    ("suspect", 0.0),
    ("victim", 0.0),
    ("player", 0.0),
    ("coach", 0.0),
    ("manager", 0.0),
    ("author", 0.0),
    ("writer", 0.0),
    ("reporter", 0.0),
    ("journalist", 0.0),
    ("teacher", 0.0),
    ("doctor", 0.0),
    ("nurse", 0.0),
    ("patient", 0.0),
    ("student", 0.0),
    ("lawyer", 0.0),
    ("attorney", 0.0),
    ("judge", 0.0),
    ("prosecutor", 0.0),
    ("worker", 0.0),
    ("employee", 0.0),
    ("owner", 0.0),
    ("founder", 0.0),
    ("chair", 0.0),
    ("senator", 0.0),
    ("governor", 0.0),
    ("mayor", 0.0),
    ("ambassador", 0.0),
    ("diplomat", 0.0),
    ("envoy", 0.0),
    ("negotiator", 0.0),
    ("counterpart", 0.0),
    ("candidate", 0.0),
    ("winner", 0.0),
    ("rider", 0.0),
    ("pilot", 0.0),
    ("soldier", 0.0),
    ("commander", 0.0),
    ("captain", 0.0),
    ("striker", 0.0),
    ("goalkeeper", 0.0),
    ("defender", 0.0),
    ("midfielder", 0.0),
    ("scientist", 0.0),
    ("researcher", 0.0),
    ("professor", 0.0),
    ("analyst", 0.0),
    ("expert", 0.0),
    ("economist", 0.0),
    ("source", 0.0),
    ("witness", 0.0),
    ("resident", 0.0),
    ("citizen", 0.0),
    ("farmer", 0.0),
    ("artist", 0.0),
    ("singer", 0.0),
    ("musician", 0.0),
    ("actor", 0.0),
    ("producer", 0.0),
    ("politician", 0.0),
    ("lawmaker", 0.0),
    ("legislator", 0.0),
    ("deputy", 0.0),
    ("adviser", 0.0),
    ("advisor", 0.0),
    ("aide", 0.0),
    ("secretary", 0.0),
    ("undersecretary", 0.0),
    ("friend", 0.0),
    ("neighbour", 0.0),
    ("neighbor", 0.0),
    ("child", 0.0),
    ("baby", 0.0),
    ("teenager", 0.0),
    ("partner", 0.0),
    ("spouse", 0.0),
    ("parent", 0.0),
    ("relative", 0.0),
    ("colleague", 0.0),
    ("boss", 0.0),
    ("chef", 0.0),
    ("athlete", 0.0),
    ("champion", 0.0),
    ("opponent", 0.0),
    ("rival", 0.0),
    ("challenger", 0.0),
    ("incumbent", 0.0),
    ("successor", 0.0),
    ("predecessor", 0.0),
    ("ruler", 0.0),
    ("dictator", 0.0),
    ("premier", 0.0),
    ("chancellor", 0.0),
    ("investigator", 0.0),
    ("detective", 0.0),
    ("guard", 0.0),
    ("passenger", 0.0),
    ("customer", 0.0),
    ("client", 0.0),
    ("user", 0.0),
    ("fan", 0.0),
    ("activist", 0.0),
    ("protester", 0.0),
    ("member", 0.0),
    ("individual", 0.0),
    ("someone", 0.0),
    ("somebody", 0.0),
    ("anyone", 0.0),
    ("anybody", 0.0),
    ("everyone", 0.0),
    ("everybody", 0.0),
    ("nobody", 0.0),
    ("whoever", 0.0),
    ("billionaire", 0.0),
    ("millionaire", 0.0),
    ("entrepreneur", 0.0),
    ("executive", 0.0),
    ("ceo", 0.0),
    ("head", 0.0),
    ("boss", 0.0),
    ("host", 0.0),
    ("guest", 0.0),
    ("prisoner", 0.0),
    ("detainee", 0.0),
    ("gunman", -0.8),
    ("attacker", 0.0),
    ("killer", 0.0),
    ("officer", 0.0),
    ("policeman", -1.0),
    ("agent", 0.0),
    ("spy", 0.0),
    ("monarch", 0.0),
    ("pope", -1.0),
    ("cleric", 0.0),
    ("imam", -1.0),
    ("bishop", 0.0),
    ("pastor", 0.0),
    ("applicant", 0.0),
    ("defendant", 0.0),
    ("plaintiff", 0.0),
    ("complainant", 0.0),
    ("survivor", 0.0),
    ("hero", 0.0),
    ("star", 0.0),
    ("celebrity", 0.0),
    ("influencer", 0.0),
    ("blogger", 0.0),
    ("editor", 0.0),
    ("photographer", 0.0),
    ("designer", 0.0),
    ("engineer", 0.0),
    ("programmer", 0.0),
    ("inventor", 0.0),
    ("chemist", 0.0),
    ("physician", 0.0),
    ("surgeon", 0.0),
    ("therapist", 0.0),
    ("psychologist", 0.0),
    ("sociologist", 0.0),
    ("historian", 0.0),
    ("biologist", 0.0),
    ("mp", 0.0),
    ("deputy", 0.0),
    ("general", 0.0),
    ("colonel", 0.0),
    ("sergeant", 0.0),
    ("veteran", 0.0),
    ("pensioner", 0.0),
    ("tourist", 0.0),
    ("visitor", 0.0),
    ("migrant", 0.0),
    ("refugee", 0.0),
    ("year-old", 0.0),
    ("years-old", 0.0),
    ("mother-in-law", 1.0),
    ("father-in-law", -1.0),
];

fn role_gender(word: &str) -> Option<f32> {
    entry(strip_possessive(word)).role
}

/// Surname particles that may sit inside a name ("Ursula von der Leyen").
const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "bin", "al", "da", "di", "du", "del", "la", "le", "dos",
    "das", "ter", "ibn", "el",
];

/// Capitalised, with at least one lower-case letter ("Sherman", not "NATO").
fn is_capitalised(word: &str) -> bool {
    // Cutting a possessive ending never changes the first character.
    if word
        .as_bytes()
        .first()
        .is_some_and(|b| !b.is_ascii_uppercase() && b.is_ascii())
    {
        return false;
    }
    let stem = strip_possessive(word);
    // An ASCII capital: any ASCII lower-case byte settles it, and only a
    // word with other characters needs decoding.
    if stem.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
        let rest = &stem.as_bytes()[1..];
        return rest.iter().any(u8::is_ascii_lowercase)
            || (!rest.is_ascii() && stem[1..].chars().any(char::is_lowercase));
    }
    let mut chars = stem.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

fn upper_initial(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
}

/// A key that two words share when their `to_lowercase()` forms are equal
/// (and, but for a 64-bit hash collision, only then): FNV-1a over the bytes
/// of the lower-cased word. For an ASCII word
/// that is its [`word_hash`], so only other words are lower-cased into a new
/// `String`.
fn lowercase_key(word: &str) -> u64 {
    if word.is_ascii() {
        word_hash(word)
    } else {
        fnv_bytes(FNV_OFFSET, word.to_lowercase().as_bytes())
    }
}

impl People {
    /// Find people and their mentions in the scored text.
    pub fn find(a: &Analysis, in_quote: &[bool]) -> Self {
        let mut finder = Finder {
            a,
            in_quote,
            people: People::default(),
            aliases: FxHashMap::default(),
            words: Vec::new(),
            entries: Vec::new(),
        };
        let role_words = finder.names();
        finder.roles(&role_words);
        finder.salience_features();
        finder.people
    }
}

const AMBIGUOUS: usize = usize::MAX;

struct Finder<'a, 'b> {
    a: &'b Analysis<'a>,
    in_quote: &'b [bool],
    people: People,
    /// [`lowercase_key`] of a surname or first name -> person (or
    /// [`AMBIGUOUS`]).
    aliases: FxHashMap<u64, usize>,
    /// Scratch: word tokens of the current capitalised run...
    words: Vec<usize>,
    /// ...and the [`entry_at`] of each, looked up once as the run is read.
    entries: Vec<Entry>,
}

impl Finder<'_, '_> {
    fn word(&self, i: usize) -> &str {
        self.a.tok(i)
    }

    fn is_word(&self, i: usize) -> bool {
        self.a
            .tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    /// When token `i` can be part of a person's name (a capitalised word
    /// that is not a function word), its [`entry_at`].
    fn name_word_entry(&self, i: usize) -> Option<Entry> {
        let t = self.a.tokens.get(i).filter(|t| t.kind == TokenKind::Word)?;
        // The first two bytes settle `is_capitalised` for most words: an ASCII
        // letter that is not a capital cannot start a name, and a capital
        // followed by a lower-case letter (which no possessive ending starts)
        // is one. Only other words are sliced as `str` and decoded.
        let capitalised = match &self.a.text().as_bytes()[t.start..t.end] {
            [first, ..] if first.is_ascii() && !first.is_ascii_uppercase() => false,
            [first, second, ..] if first.is_ascii_uppercase() && second.is_ascii_lowercase() => {
                true
            }
            _ => is_capitalised(self.word(i)),
        };
        if !capitalised {
            return None;
        }
        let entry = entry_at(self.a, i);
        (entry.flags & NOT_NAME == 0).then_some(entry)
    }

    /// [`lowercase_key`] of word token `i` without its possessive ending:
    /// for a plain ASCII word, the hash the tokenizer computed.
    fn stem_key(&self, i: usize) -> u64 {
        let word = self.word(i);
        if word.is_ascii() && possessive_len(word.as_bytes()) == 0 {
            self.a.word_hashes[i]
        } else {
            lowercase_key(strip_possessive(word))
        }
    }

    fn sentence_start(&self, i: usize) -> bool {
        let s = self.a.sentence_of(i);
        let start = self.a.sentences.get(s).map_or(0, |r| r.start);
        (start..i).all(|j| self.a.tokens[j].kind == TokenKind::Punct)
    }

    /// Scan capitalised runs for names. The same pass over the tokens finds
    /// the words [`Finder::roles`] looks at, whose hash is in [`role_hashes`]:
    /// it returns them, in text order.
    fn names(&mut self) -> Vec<usize> {
        let a = self.a;
        let text = a.text().as_bytes();
        // Only a word that starts with a capital or a non-ASCII letter can be
        // part of a name: its first byte turns most tokens away in a tight
        // scan, before `name_word_entry` (not inlined) is called.
        let may_be_name = |t: &Token| {
            t.kind == TokenKind::Word && {
                let first = text[t.start];
                !first.is_ascii() || first.is_ascii_uppercase()
            }
        };
        let role_hashes = role_hashes();
        let may_be_role =
            |t: &Token, hash: u64| t.kind == TokenKind::Word && role_hashes.contains(hash);
        let mut role_words = Vec::new();
        for p in &a.paragraphs {
            let mut i = p.tokens.start;
            while i < p.tokens.end {
                let tokens = &a.tokens[i..p.tokens.end];
                let hashes = &a.word_hashes[i..p.tokens.end];
                let next = tokens
                    .iter()
                    .zip(hashes)
                    .position(|(t, &hash)| may_be_name(t) || may_be_role(t, hash));
                let Some(skip) = next else {
                    break;
                };
                i += skip;
                if may_be_role(&a.tokens[i], a.word_hashes[i]) {
                    role_words.push(i);
                }
                let entry = may_be_name(&a.tokens[i])
                    .then(|| self.name_word_entry(i))
                    .flatten();
                let Some(entry) = entry else {
                    i += 1;
                    continue;
                };
                // Extend the run over names, initials ("F."), title dots
                // ("Ms.") and particles ("von der").
                self.words.clear();
                self.entries.clear();
                self.words.push(i);
                self.entries.push(entry);
                let mut j = i + 1;
                while j < p.tokens.end {
                    let entry = may_be_name(&a.tokens[j])
                        .then(|| self.name_word_entry(j))
                        .flatten();
                    if let Some(entry) = entry {
                        self.words.push(j);
                        self.entries.push(entry);
                        j += 1;
                        continue;
                    }
                    // Anything else continues the run only before a name, or
                    // before one more particle and a name ("von der Leyen"),
                    // so that is tested first.
                    let name_at = |k: usize| {
                        k < p.tokens.end && self.is_word(k) && is_capitalised(self.word(k))
                    };
                    // A middle initial, passed over: "Wendy R. Sherman".
                    let initial = self.is_word(j)
                        && matches!(self.word(j).as_bytes(), [b] if b.is_ascii_uppercase())
                        && j + 1 < p.tokens.end
                        && self.word(j + 1) == "."
                        && !a.tokens[j + 1].space_before
                        && name_at(j + 2)
                        && a.sentence_of(j + 2) == a.sentence_of(j);
                    if initial {
                        j += 2;
                        continue;
                    }
                    // The capital two on is tested before the look-up.
                    let next_is_name = name_at(j + 1)
                        || (name_at(j + 2)
                            && self.is_word(j + 1)
                            && has(self.word(j + 1), PARTICLE));
                    if !next_is_name {
                        break;
                    }
                    let w = self.word(j);
                    let dotted = w == "."
                        && !a.tokens[j].space_before
                        && self.words.last().is_some_and(|&k| {
                            let prev = self.word(k);
                            prev.chars().count() == 1 || title_gender(prev).is_some()
                        });
                    let particle = self.is_word(j) && has(w, PARTICLE);
                    if !(dotted || particle) {
                        break;
                    }
                    j += 1;
                }
                // The run's other tokens are not scanned again.
                let run_roles = (i + 1..j).filter(|&k| may_be_role(&a.tokens[k], a.word_hashes[k]));
                role_words.extend(run_roles);
                self.run(i, j);
                i = j;
            }
        }
        role_words
    }

    /// Decide what a capitalised run `start..end` names.
    fn run(&mut self, start: usize, end: usize) {
        let words = std::mem::take(&mut self.words);
        let entries = std::mem::take(&mut self.entries);
        let n = words.len();
        let mut title_cues: Vec<Cue> = Vec::new();
        let mut name_start = None;
        let mut first_cue = None;
        // Titles and roles before the name: "Deputy Foreign Minister", "Ms.".
        let last_title = (0..n.saturating_sub(1))
            .rev()
            .find(|&k| entries[k].title.is_some());
        for &w in &words[..last_title.map_or(0, |t| t + 1)] {
            let word = strip_possessive(self.word(w));
            if let Some(g) = title_gender(word).filter(|&g| g != 0.0) {
                title_cues.push(Cue {
                    kind: if role_gender(word).is_some() {
                        CueKind::Role
                    } else {
                        CueKind::Title
                    },
                    weight: g,
                    token: w,
                });
            }
        }
        let from = last_title.map_or(0, |t| t + 1);
        for k in from..n {
            let w = strip_possessive(self.word(words[k]));
            if k + 1 < n && is_capitalised(self.word(words[k + 1])) {
                let possessive =
                    strip_possessive(self.word(words[k])).len() < self.word(words[k]).len();
                if let Some(f) = first_name(w).filter(|_| !possessive) {
                    let wordlike = has(w, WORDLIKE);
                    let trusted =
                        last_title.is_some() || !(wordlike && self.sentence_start(words[k]));
                    if f.popularity >= 3 && trusted {
                        name_start = Some(k);
                        first_cue = Some(Cue {
                            kind: CueKind::FirstName,
                            weight: f.weight(),
                            token: words[k],
                        });
                        break;
                    }
                }
            }
            if last_title.is_some() {
                // "President Biden", "Mr Putin": whatever follows the title.
                name_start = Some(k);
                break;
            }
        }
        let (name_words, name_entries): (&[usize], &[Entry]) = match name_start {
            Some(k) => (&words[k..], &entries[k..]),
            None => (&[], &[]),
        };
        let is_org = |es: &[Entry]| es.iter().any(|e| e.flags & ORG != 0);
        let has_org_word = is_org(&entries);
        let name_ok = !name_words.is_empty()
            && !is_org(name_entries)
            && name_entries.iter().all(|e| e.title.is_none());
        if name_ok {
            let last = *name_words.last().unwrap_or(&words[0]);
            let surname = self.stem_key(last);
            let mut cues = title_cues;
            // Surname-first order ("Mine Ryuta"): when the last word is a
            // first name that leans the other way, the first word proves nothing.
            let reversed = name_words.len() == 2
                && first_cue.is_some_and(|c| {
                    first_name(strip_possessive(self.word(last)))
                        .is_some_and(|f| f.popularity >= 4 && f.weight() * c.weight < -0.3)
                });
            if !reversed {
                cues.extend(first_cue);
            }
            // A full name whose surname is already known is the same person.
            let given = (name_words.len() > 1).then(|| self.stem_key(name_words[0]));
            let alias = self.aliases.get(&surname).copied();
            let known = alias.filter(|&p| p != AMBIGUOUS).filter(|&p| {
                let other = self.people.persons[p].given;
                other.is_none() || given.is_none() || other == given
            });
            if known.is_none() && alias.is_some() {
                // Two people share the surname: surname-only mentions are ambiguous.
                self.aliases.insert(surname, AMBIGUOUS);
            }
            // "Mr. Conway" after "Kellyanne Conway": another Conway.
            let clash = known.is_some_and(|p| {
                let g = self.people.persons[p].intrinsic_gender();
                g.abs() >= 0.85 && cues.iter().any(|c| c.weight * g <= -0.5)
            });
            if clash {
                self.aliases.insert(surname, AMBIGUOUS);
                self.words = words;
                self.entries = entries;
                return;
            }
            let person = match known {
                Some(p) => {
                    self.people.persons[p].add_cues(cues);
                    p
                }
                None => {
                    let p = self.people.persons.len();
                    self.people.persons.push(Person::new(
                        self.a.tokens[name_words[0]].start..self.name_end(last),
                        true,
                        given,
                        cues,
                    ));
                    self.aliases.entry(surname).or_insert(p);
                    if name_words.len() > 1 {
                        let first = lowercase_key(self.word(name_words[0]));
                        let entry = self.aliases.entry(first).or_insert(p);
                        if *entry != p {
                            *entry = AMBIGUOUS;
                        }
                    }
                    p
                }
            };
            self.mention(person, name_words[0], last + 1);
        } else if !has_org_word {
            // Surname-only mention of someone already introduced.
            let aliases = &self.aliases;
            let hit = if aliases.is_empty() {
                None
            } else {
                words
                    .iter()
                    .rev()
                    .find_map(|&w| aliases.get(&self.stem_key(w)).map(|&p| (p, w)))
            };
            match hit {
                Some((p, _))
                    if p != AMBIGUOUS && {
                        let g = self.people.persons[p].intrinsic_gender();
                        g.abs() >= 0.85 && title_cues.iter().any(|c| c.weight * g <= -0.5)
                    } => {}
                Some((p, w)) if p != AMBIGUOUS => {
                    if !title_cues.is_empty() {
                        self.people.persons[p].add_cues(title_cues);
                    }
                    self.mention(p, w, w + 1);
                }
                Some(_) => {}
                None => self.unknown_speaker(&words, start, end),
            }
        }
        self.words = words;
        self.entries = entries;
    }

    /// A capitalised run nobody introduced that speaks ("Miles said"): a
    /// person of unknown gender, so that pronouns near it stay ambiguous.
    fn unknown_speaker(&mut self, words: &[usize], start: usize, end: usize) {
        if words.len() > 3 {
            return;
        }
        let speaks_after = self.next_verb_is_speech(end);
        let speaks_before = start > 0 && self.is_word(start - 1) && {
            let prev = self.word(start - 1);
            (may_be_speech_or_adverb(self.a, start - 1)
                && entry_of(self.a, start - 1).flags & SPEECH != 0)
                || (prev.eq_ignore_ascii_case("to")
                    && start > 1
                    && self.word(start - 2).eq_ignore_ascii_case("according"))
        };
        // The title look-up comes last: most runs do not speak, so it is
        // rarely needed.
        if !(speaks_after || speaks_before)
            || words.iter().any(|&w| entry_of(self.a, w).title.is_some())
        {
            return;
        }
        let last = *words.last().unwrap_or(&start);
        let p = self.people.persons.len();
        let first = words[0];
        let cues = first_name(self.word(first))
            .filter(|f| f.popularity >= 3 && words.len() == 1)
            .map(|f| Cue {
                kind: CueKind::FirstName,
                weight: f.weight(),
                token: first,
            })
            .into_iter()
            .collect();
        self.people.persons.push(Person::new(
            self.a.tokens[start].start..self.name_end(last),
            true,
            None,
            cues,
        ));
        let key = self.stem_key(last);
        self.aliases.insert(key, p);
        self.mention(p, start, last + 1);
    }

    fn name_end(&self, last: usize) -> usize {
        let t = &self.a.tokens[last];
        t.start + strip_possessive(self.word(last)).len()
    }

    /// Is the next verb after token `i` (skipping adverbs) a speech verb?
    fn next_verb_is_speech(&self, mut i: usize) -> bool {
        for _ in 0..3 {
            // Most words are neither speech verb nor adverb: the filter
            // settles them before the lexicon is probed.
            if !self.is_word(i) || !may_be_speech_or_adverb(self.a, i) {
                return false;
            }
            let flags = entry_of(self.a, i).flags;
            if flags & SPEECH != 0 {
                return true;
            }
            if flags & ADVERB == 0 {
                return false;
            }
            i += 1;
        }
        false
    }

    /// Is the name at tokens `before..end` (title included) the speaker of
    /// a speech verb that an apposition keeps from following it at once?
    /// Either the name closes an apposition to a role noun before it ("The
    /// head of the union, Jane Doe, said"), or a role phrase opened by
    /// "the", "a", "an", "former" or "then" follows it between commas
    /// ("Jane Doe, the head of the union, said"), or a clause opened by
    /// "who" does ("Jane Doe, who led the talks, said"), all within its
    /// sentence.
    fn speech_after_apposition(&self, before: usize, end: usize) -> bool {
        let a = self.a;
        let comma_at = |i: usize| a.tokens.get(i).is_some_and(|_| a.tok(i) == ",");
        if !comma_at(end) {
            return false;
        }
        if before > 0 && comma_at(before - 1) && self.next_verb_is_speech(end + 1) {
            return true;
        }
        if !self.is_word(end + 1) {
            return false;
        }
        // A relative clause may hold any word ("who met Ryabkov with his
        // team"); a role phrase holds none that would end an apposition.
        let clause = a.word_hashes[end + 1] == ascii_word_hash("who");
        if !clause && !is_one_of(a, end + 1, &APPOSITION_OPENERS) {
            return false;
        }
        let sentence = a.sentence_of(end);
        // Either is short: "the deputy head of the regional union".
        for j in end + 2..(end + 2 + 10).min(a.tokens.len()) {
            if a.sentence_of(j) != sentence {
                return false;
            }
            if comma_at(j) {
                return self.next_verb_is_speech(j + 1);
            }
            if !self.is_word(j) || (!clause && entry_of(a, j).flags & BLOCKER != 0) {
                return false;
            }
        }
        false
    }

    fn mention(&mut self, person: usize, first: usize, end: usize) {
        let a = self.a;
        self.people.mentions.push(Mention {
            person,
            tokens: (first, end),
            sentence: a.sentence_of(first),
            paragraph: a.tokens[first].paragraph,
            in_quote: self.in_quote[first],
            subject: false,
            speaker: false,
        });
    }

    /// Role nouns among `role_words` (the words [`Finder::names`] found by
    /// [`role_hashes`]): apposition to a named mention gives that person a
    /// gender cue; otherwise the noun stands for an unnamed person.
    fn roles(&mut self, role_words: &[usize]) {
        let a = self.a;
        let mut extra = Vec::new();
        // Same noun in the same paragraph is the same unnamed person.
        let mut unnamed: FxHashMap<(&str, usize), usize> = FxHashMap::default();
        // Only a role noun or "old" passes the probe that picked these words.
        for &i in role_words {
            // "the 17 year old": an unnamed person.
            let aged = &a.text().as_bytes()[a.tokens[i].range()] == b"old"
                && i > 0
                && matches!(a.tok(i - 1), "year" | "years");
            let Some(g) = role_at(a, i).or(aged.then_some(0.0)) else {
                continue;
            };
            let w = a.tok(i);
            if !w.starts_with(|c: char| c.is_lowercase())
                && (self.sentence_start(i) || !is_capitalised(w))
            {
                continue;
            }
            if let Some(p) = self.apposition(i, g == 0.0) {
                // Capitalised role words are often part of a name or an
                // organisation ("Mother Teresa", "Marine Corps"): no cue.
                if g != 0.0 && !is_capitalised(w) {
                    self.people.persons[p].add_cues([Cue {
                        kind: CueKind::Role,
                        weight: g,
                        token: i,
                    }]);
                }
                continue;
            }
            let key = (strip_possessive(w), a.tokens[i].paragraph);
            let person = *unnamed.entry(key).or_insert_with(|| {
                let cue = Cue {
                    kind: CueKind::Role,
                    weight: g,
                    token: i,
                };
                let cues = if g != 0.0 { vec![cue] } else { Vec::new() };
                self.people
                    .persons
                    .push(Person::new(a.tokens[i].range(), false, None, cues));
                self.people.persons.len() - 1
            });
            extra.push(Mention {
                person,
                tokens: (i, i + 1),
                sentence: a.sentence_of(i),
                paragraph: a.tokens[i].paragraph,
                in_quote: self.in_quote[i],
                subject: false,
                speaker: false,
            });
        }
        if !extra.is_empty() {
            self.people.mentions.extend(extra);
            self.people.mentions.sort_by_key(|m| m.tokens.0);
        }
    }

    /// The named person a role noun at `i` stands in apposition to, if any:
    /// "spokeswoman Jane Doe", "the undersecretary of state, Jane Doe",
    /// "Jane Doe, the company's chairwoman", and for a role of no gender
    /// (`neutral`) an office named by its department, "Deputy Secretary of
    /// State Jane Doe". A name reached through "of" or "for" with no comma
    /// is otherwise the role's complement, not its holder: "the husband of
    /// Senator Doe", "the spokesman for President Doe".
    fn apposition(&self, i: usize, neutral: bool) -> Option<usize> {
        let a = self.a;
        let mentions = &self.people.mentions;
        let para = a.tokens[i].paragraph;
        let named_at = |t: usize| -> Option<usize> {
            let k = mentions.partition_point(|m| m.tokens.0 < t);
            mentions
                .get(k)
                .filter(|m| m.tokens.0 == t && self.people.persons[m.person].named)
                .map(|m| m.person)
        };
        // Forward: ROLE [of-phrase / capitalised words / commas] NAME.
        let mut j = i + 1;
        let mut steps = 0;
        // Whether a noun-phrase link ("of", "for", ...) has been passed.
        let mut linked = false;
        while j < a.tokens.len() && a.tokens[j].paragraph == para && steps < 14 {
            if let Some(p) = named_at(j) {
                let adjacent = j == i + 1;
                let after_comma = a.tok(j - 1) == ",";
                if adjacent || after_comma {
                    return Some(p);
                }
                // A title between role and name: "spokeswoman Ms. Doe", and
                // after an of-phrase only past a comma: "the spokeswoman for
                // the ministry, Ms. Doe".
                let mut t = j - 1;
                while t > i && is_title_or_its_dot(a, t) {
                    t -= 1;
                }
                let titled = t < j - 1;
                if titled && (!linked || a.tok(t) == ",") {
                    return Some(p);
                }
                // "Secretary of State Doe": one or more capitalised words,
                // none of them a title or a role noun, name the department
                // ("the lawyer of Jane Doe" names none).
                let department = neutral
                    && !titled
                    && links_office_to_department(a.tok(i + 1))
                    && j > i + 2
                    && (i + 2..j).all(|k| {
                        a.tokens[k].kind == TokenKind::Word
                            && is_capitalised(a.tok(k))
                            && entry_at(a, k).role.is_none()
                    });
                // "Deputy Minister of Trade Doe", "Deputy Prime Minister
                // Doe": a capitalised role word opening a longer title, of
                // capitalised words and office links, that holds another
                // role word.
                let compound = !titled
                    && is_capitalised(a.tok(i))
                    && (i + 1..j).any(|k| entry_at(a, k).role.is_some())
                    && (i + 1..j).all(|k| {
                        a.tokens[k].kind == TokenKind::Word
                            && (is_capitalised(a.tok(k)) || links_office_to_department(a.tok(k)))
                    });
                return (department || compound).then_some(p);
            }
            let link = is_one_of(a, j, &NOUN_PHRASE_LINKS);
            linked |= link;
            let w = a.tok(j);
            // Only noun-phrase material: "of the US delegation", "for Europe".
            let prev = a.tok(j - 1);
            // A title's own dot ("Ms.") is part of the name that follows.
            let ok = w == ","
                || (w == "." && title_gender(prev).is_some())
                || (a.tokens[j].kind == TokenKind::Word
                    && (upper_initial(w)
                        || link
                        || entry_at(a, j).role.is_some()
                        || is_one_of(a, j - 1, &NOUN_PHRASE_LINKS)
                        || (upper_initial(prev) && a.tokens[j - 1].kind == TokenKind::Word)));
            if !ok || entry_of(a, j).flags & BLOCKER != 0 {
                break;
            }
            j += 1;
            steps += 1;
        }
        // Backward: NAME , (the|a|an|Capitalised) [≤4 words] ROLE, with no
        // "of" or "for" between.
        let mut j = i;
        let mut steps = 0;
        while j > 0 && steps < 7 {
            j -= 1;
            steps += 1;
            if a.tokens[j].paragraph != para {
                return None;
            }
            let w = a.tok(j);
            if w == "," {
                let opens = is_one_of(a, j + 1, &APPOSITION_OPENERS)
                    || is_capitalised(a.tok(j + 1))
                    || j + 1 == i;
                if !opens || j == 0 {
                    return None;
                }
                let k = mentions.partition_point(|m| m.tokens.1 <= j);
                let m = k.checked_sub(1).map(|k| &mentions[k])?;
                return (m.tokens.1 == j && self.people.persons[m.person].named)
                    .then_some(m.person);
            }
            // Past "of" or "for" the role is a complement, another person:
            // "Jane Doe, the widow of the late senator".
            if a.tokens[j].kind != TokenKind::Word
                || entry_of(a, j).flags & BLOCKER != 0
                || links_office_to_department(w)
            {
                return None;
            }
        }
        None
    }

    /// Subject and speaker flags of every mention.
    fn salience_features(&mut self) {
        let a = self.a;
        let mut last_sentence = usize::MAX;
        for k in 0..self.people.mentions.len() {
            let m = self.people.mentions[k];
            let (first, end) = m.tokens;
            // Look before any title that belongs to the name ("said Ms. Doe",
            // "Secretary of State Doe").
            let mut before = first;
            while before > 0
                && (is_title_or_its_dot(a, before - 1)
                    || (self.is_word(before - 1) && is_capitalised(a.tok(before - 1)))
                    || (links_office_to_department(a.tok(before - 1))
                        && before >= 2
                        && is_capitalised(a.tok(before - 2))))
                && a.sentence_of(before - 1) == m.sentence
            {
                before -= 1;
            }
            let prev =
                (before > 0 && a.sentence_of(before - 1) == m.sentence).then(|| a.tok(before - 1));
            let prev_flags = prev.map_or(0, |_| entry_of(a, before - 1).flags);
            let speaker = self.next_verb_is_speech(end)
                || self.speech_after_apposition(before, end)
                || prev_flags & SPEECH != 0
                || (prev.is_some_and(|p| p.eq_ignore_ascii_case("to"))
                    && before > 1
                    && a.tok(before - 2).eq_ignore_ascii_case("according"));
            let first_in_sentence = !m.in_quote && m.sentence != last_sentence;
            if !m.in_quote {
                last_sentence = m.sentence;
            }
            let governed = prev_flags & PREPOSITION != 0
                || a.tok(first).ends_with("'s")
                || a.tok(first).ends_with("’s")
                || a.tok(end - 1).ends_with("'s")
                || a.tok(end - 1).ends_with("’s");
            let mm = &mut self.people.mentions[k];
            mm.speaker = speaker;
            mm.subject = first_in_sentence && !governed;
        }
    }
}

/// Does `word` join an office to the department that names it ("Secretary
/// of State", "Commissioner for Trade")? Both the apposition scan and the
/// subject reading step over it.
fn links_office_to_department(word: &str) -> bool {
    matches!(word, "of" | "for")
}

/// [`word_hash`]es of the words that carry a noun phrase on between a role
/// noun and a name: "the undersecretary of state, Jane Doe".
const NOUN_PHRASE_LINKS: [u64; 7] = [
    ascii_word_hash("of"),
    ascii_word_hash("for"),
    ascii_word_hash("the"),
    ascii_word_hash("a"),
    ascii_word_hash("an"),
    ascii_word_hash("at"),
    ascii_word_hash("in"),
];

/// [`word_hash`]es of the words that open an appositive role noun phrase
/// after a name and its comma: "Jane Doe, the company's chairwoman".
const APPOSITION_OPENERS: [u64; 5] = [
    ascii_word_hash("the"),
    ascii_word_hash("a"),
    ascii_word_hash("an"),
    ascii_word_hash("former"),
    ascii_word_hash("then"),
];

/// Is token `i` one of the words whose [`word_hash`]es are `words`, in any
/// case? (Punctuation, whose hash is 0, never is.) The same as comparing the
/// lower-cased word with each, without lower-casing it.
fn is_one_of(a: &Analysis, i: usize, words: &[u64]) -> bool {
    words.contains(&a.word_hashes[i])
}

/// Words that end an appositive phrase: clauses, verbs of contact.
const APPOSITION_BLOCKERS: &[&str] = &[
    "who", "which", "that", "when", "after", "before", "while", "because", "if", "as", "and",
    "but", "or", "said", "says", "told", "met", "with", "than", "to", "by", "his", "her",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn people(text: &str) -> (Document, Vec<(String, f32, bool)>) {
        let doc = Document::from_text("t", text);
        let a = Analysis::new(&doc);
        let q = quote_mask(&a);
        let p = People::find(&a, &q);
        let out = p
            .persons
            .iter()
            .map(|x| {
                (
                    doc.text[x.name.clone()].to_string(),
                    x.intrinsic_gender(),
                    x.named,
                )
            })
            .collect();
        drop(a);
        (doc, out)
    }

    #[test]
    fn role_nouns_are_found_by_their_hashes() {
        // The key set cannot hold the key 0.
        assert!(ROLE_NOUNS.iter().all(|&(w, _)| word_hash(w) != 0));
        let text = "The woman's brother, a nurse, met the ambassador and the boys' wife; \
                    WOMAN Man-made chairwoman spokesperson table, the wife’s niece’ \
                    FIANCÉE’S fiancé's 17 year old";
        let doc = Document::from_text("t", text);
        let a = Analysis::new(&doc);
        let words = (0..a.tokens.len()).filter(|&i| a.tokens[i].kind == TokenKind::Word);
        for i in words {
            assert_eq!(role_at(&a, i), entry_at(&a, i).role, "{}", a.tok(i));
            // `Finder::names` gives `Finder::roles` no word whose hash is not
            // in the set.
            if role_at(&a, i).is_some() || a.tok(i) == "old" {
                assert!(role_hashes().contains(a.word_hashes[i]), "{}", a.tok(i));
            }
        }
        // Every role noun, in one paragraph (a lone word may be page chrome).
        let nouns: Vec<&str> = ROLE_NOUNS.iter().map(|&(w, _)| w).collect();
        let text = format!("The {}.", nouns.join(" and the "));
        let doc = Document::from_text("t", text);
        let a = Analysis::new(&doc);
        let mut roles = 0;
        for i in (0..a.tokens.len()).filter(|&i| a.tokens[i].kind == TokenKind::Word) {
            assert_eq!(role_at(&a, i), entry_at(&a, i).role, "{}", a.tok(i));
            assert_eq!(
                role_at(&a, i).is_some(),
                role_hashes().contains(a.word_hashes[i])
            );
            roles += usize::from(role_at(&a, i).is_some());
        }
        assert!(roles >= ROLE_NOUNS.len());
    }

    #[test]
    fn word_lists_by_hash_match_the_lower_cased_words() {
        let text = "Of OF of, the The THE a A an An at AT in In for FOR Former former \
                    then THEN off often an’ ofﬁ. ÖF İn , . “the” them";
        let doc = Document::from_text("t", text);
        let a = Analysis::new(&doc);
        for (hashes, list) in [
            (
                &NOUN_PHRASE_LINKS[..],
                &["of", "for", "the", "a", "an", "at", "in"][..],
            ),
            (
                &APPOSITION_OPENERS[..],
                &["the", "a", "an", "former", "then"][..],
            ),
        ] {
            assert_eq!(hashes.len(), list.len());
            for i in 0..a.tokens.len() {
                let lower = a.tok(i).to_lowercase();
                assert_eq!(
                    is_one_of(&a, i, hashes),
                    list.contains(&lower.as_str()),
                    "{lower}"
                );
            }
        }
    }

    #[test]
    fn possessive_endings_are_cut_once_and_leave_a_stem() {
        for (word, stem) in [
            ("Sherman's", "Sherman"),
            ("Sherman’s", "Sherman"),
            ("boys'", "boys"),
            ("James’", "James"),
            ("boys", "boys"),
            ("x''", "x'"),
            ("'s", "'s"),
            ("’s", "’s"),
            ("'", "'"),
            ("’", "’"),
            ("s", "s"),
            ("", ""),
        ] {
            assert_eq!(strip_possessive(word), stem, "{word:?}");
        }
    }

    #[test]
    fn quote_mask_skipping_to_the_first_mark_agrees_with_reading_every_token() {
        // The mask as it reads without the skip: every token of every paragraph.
        fn token_by_token(a: &Analysis) -> Vec<bool> {
            let mut mask = vec![false; a.tokens.len()];
            for p in &a.paragraphs {
                let mut inside = false;
                for i in p.tokens.clone() {
                    let t = &a.tokens[i];
                    if t.kind == TokenKind::Punct && is_double_quote_mark(a.tok(i).as_bytes()) {
                        inside = !inside;
                        mask[i] = true;
                    } else {
                        mask[i] = inside;
                    }
                }
            }
            mask
        }
        let texts = [
            "No quotation here — none at all… isn’t that so? «",
            "“He left,” she said.\n\nHe came back. \"Again\", he said.\n\nNone — ’here’.",
            "She said: „Ja” and «non» — then \"yes\n\nand a paragraph left open “",
            "’Twas — “quoted” — ’s — \u{ab}\u{bb} and \u{201b}x\u{201f} and é and ü“",
            "\"",
            // A no-break space (0xc2 0xa0) and `’` (0xe2 0x80 0x99): lead bytes
            // of a mark that are no mark.
            "x\u{a0}y “z” ’ \u{a0}",
            "",
        ];
        for text in texts {
            let doc = Document::from_text("t", text);
            let a = Analysis::new(&doc);
            assert_eq!(quote_mask(&a), token_by_token(&a), "{text:?}");
        }
    }

    #[test]
    fn speech_verbs_and_adverbs_pass_their_filter() {
        let filter = speech_or_adverb_hashes();
        for w in SPEECH_VERBS.iter().chain(ADVERBS) {
            assert!(filter.may_contain(word_hash(w)), "{w}");
            assert!(filter.may_contain(word_hash(&w.to_uppercase())), "{w}");
        }
        // The filter stands for the lexicon's SPEECH and ADVERB flags.
        let doc = Document::from_text("t", "Said he, also SAID, told, never, the, Mr");
        let a = Analysis::new(&doc);
        for i in 0..a.tokens.len() {
            if entry_of(&a, i).flags & (SPEECH | ADVERB) != 0 {
                assert!(may_be_speech_or_adverb(&a, i), "{}", a.tok(i));
            }
        }
    }

    #[test]
    fn double_quote_marks_are_recognised_by_their_bytes() {
        for mark in ["\"", "“", "”", "„", "«", "»"] {
            assert!(is_double_quote_mark(mark.as_bytes()), "{mark}");
        }
        for other in [
            "'", "‘", "’", "‟", "‹", "›", "—", "–", "…", ".", "\u{201b}", "\u{ab}x",
        ] {
            assert!(!is_double_quote_mark(other.as_bytes()), "{other}");
        }
    }

    /// [`may_have_strong_gender`] without the filter in front: every word
    /// looked up.
    fn strong_gender_word_by_word(a: &Analysis, female: bool) -> bool {
        let cues = strong_cue_hashes();
        let (word_bit, name_bit) = cue_bits(female);
        let found = |i: usize, h: u64, capitalised: bool| {
            let bits = cues.of(female).get(h);
            bits & word_bit != 0 || (capitalised && bits & name_bit != 0 && used_as_name(a, i))
        };
        (0..a.tokens.len()).any(|i| {
            let word = a.tok(i);
            if a.tokens[i].kind != TokenKind::Word {
                return false;
            }
            if word.bytes().any(|b| !b.is_ascii() || b == b'-') {
                return strong_cue_exact(word, female, used_as_name(a, i));
            }
            let capitalised = word.as_bytes()[0].is_ascii_uppercase();
            found(i, a.word_hashes[i], capitalised)
                || found(i, word_hash(strip_possessive(word)), capitalised)
        })
    }

    #[test]
    fn strong_gender_filter_agrees_with_looking_up_every_word() {
        // The filter relies on `word_hash` lowercasing names as the table
        // look-up does: only a final sigma would differ.
        assert!(first_names().rows().all(|(name, _)| !name.contains('ς')));
        let texts = [
            "Wendy Sherman spoke.",
            "Agnès Dupont said so. AGNÈS said so.",
            "Þóra Jónsdóttir said it. Ólafur said it.",
            "Anne-Marie said so. Anne‑Marie said so. Jean-Claude’s car.",
            "Wendy’s car, Wendy's car, the boys' mother’s house.",
            "The spokeswoman’s office; a well-known spokesman-elect.",
            "MOTHER’S day, Mr. Smith, Ms Jones, the Queen’s speech.",
            "Łukasz Kowalski and Zoë Ball — “said” Ángel.",
            "Nothing here but words - and dashes – and more words.",
            "ёлка Ёлка Sánchez-Vicario Marta-Luisa, according to Ümit.",
            "O'Neill, D’Angelo and Wendy’ said; don't, isn’t, Ms’ and the mothers' union.",
            "Mr-Wendy, ‑Anne, Anne‑, Wendy'', ’Wendy’s’ and ’s alone: ' ’ - ‑.",
            "they are, he said, may be; said's wife, may's mother, are-said Said May.",
            "the wife's said-spokeswoman wendy's; john's ms said mr. smith",
            "anne-marie said; said élodie, agnès said and jean-claude’s well-wendy Wendy-said",
        ];
        for text in texts {
            let doc = Document::from_text("t", text);
            let a = Analysis::new(&doc);
            for female in [false, true] {
                assert_eq!(
                    may_have_strong_gender(&a, female),
                    strong_gender_word_by_word(&a, female),
                    "{text:?} female: {female}"
                );
            }
            // Word by word too, so that an early hit does not hide a later word.
            for t in &a.tokens {
                let doc = Document::from_text("t", &text[t.range()]);
                let a = Analysis::new(&doc);
                for female in [false, true] {
                    assert_eq!(
                        may_have_strong_gender(&a, female),
                        strong_gender_word_by_word(&a, female),
                        "{:?} female: {female}",
                        &text[t.range()]
                    );
                }
            }
        }
    }

    #[test]
    fn strong_gender_words_are_found_by_the_cheap_test() {
        let has = |text: &str, female: bool| {
            let doc = Document::from_text("t", text);
            may_have_strong_gender(&Analysis::new(&doc), female)
        };
        assert!(has("Wendy Sherman spoke.", true));
        assert!(has("Sherman's spokeswoman spoke.", true));
        assert!(has("Ms. Sherman spoke.", true));
        assert!(has("Anne-Marie Dupont spoke.", true));
        assert!(has("Agnès Dupont spoke.", true));
        assert!(has("John's wife said so.", true));
        assert!(has("Wendy said so.", true));
        assert!(has("The talks, said Wendy, went well.", true));
        assert!(has("According to Wendy the talks went well.", true));
        assert!(has("Wendy van der Berg spoke.", true));
        assert!(has("Wendy. Sherman spoke.", true));
        assert!(!has("John's car was seen.", false));
        assert!(!has("Grace under fire, he said.", true));
        assert!(!has("John Smith spoke to the minister.", true));
        assert!(!has("The minister spoke about wendy weather.", true));
        assert!(!has("Wendy Sherman spoke.", false));
    }

    #[test]
    fn ascii_first_names_are_looked_up_by_hash_as_by_name() {
        for name in [
            "Wendy",
            "WENDY",
            "wendy",
            "John",
            "Jean-Claude",
            "Xqzv",
            "O'Neil",
        ] {
            let table = table_read_line_by_line();
            let by_name = with_lowercase(name, |l| {
                table
                    .binary_search_by(|(k, _)| k.as_bytes().cmp(l.as_bytes()))
                    .ok()
                    .map(|i| table[i].1)
            });
            if !name.contains('-') && is_title_case(name) {
                assert_eq!(first_name(name), by_name, "{name}");
            }
        }
        assert!(first_name("Wendy").is_some_and(|f| f.weight() > 0.85));
    }

    /// The first-name table as its lines read, without the index.
    fn table_read_line_by_line() -> Vec<(&'static str, FirstName)> {
        let rows = FIRST_NAMES_TSV
            .lines()
            .filter_map(crate::first_name_index::parse_line);
        rows.map(|(name, female, popularity)| (name, FirstName::new(female, popularity)))
            .collect()
    }

    #[test]
    fn the_name_index_agrees_with_a_binary_search_of_the_table() {
        let table = table_read_line_by_line();
        // The built-in index holds every row, in table order.
        assert!(table.len() > 40_000, "{}", table.len());
        assert!(first_names().rows().eq(table.iter().copied()));
        let table = &table[..];
        let by_search = |key: &str| {
            with_lowercase(key, |l| {
                table
                    .binary_search_by(|(k, _)| k.as_bytes().cmp(l.as_bytes()))
                    .ok()
                    .map(|i| table[i].1)
            })
        };
        let names = first_names();
        for &(name, f) in table {
            let mut title = name.chars();
            let title: String = title
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(title)
                .collect();
            for key in [name.to_string(), name.to_uppercase(), title] {
                assert_eq!(names.find(&key), by_search(&key), "{key}");
            }
            assert_eq!(names.find(name), Some(f), "{name}");
        }
        for key in [
            "",
            "Xqzv",
            "Stoltenberg",
            "ÆØÅ",
            "wendy ",
            "wend",
            "Wendyy",
            "O'Neil",
        ] {
            assert_eq!(names.find(key), by_search(key), "{key}");
        }
    }

    #[test]
    fn first_names_cover_many_languages() {
        for (name, female) in [
            ("Wendy", true),
            ("Jens", false),
            ("Sergei", false),
            ("Sergey", false),
            ("Andriy", false),
            ("Dmitry", false),
            ("Oleksandr", false),
            ("Kaja", true),
            ("Hiroshi", false),
            ("Ursula", true),
        ] {
            let f = first_name(name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(f.female_percent > 50, female, "{name}");
        }
        assert!(first_name("Stoltenberg").is_none());
        assert_eq!(first_name("Wendy-Xqz"), first_name("wendy"));
    }

    #[test]
    fn finds_full_names_titles_and_surnames() {
        let (_, p) = people(
            "Kenyan Deputy Trade Minister Daniel Mwangi met Ms. Okafor. \
             Mwangi said little.",
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].0, "Daniel Mwangi");
        assert!(p[0].1 < -0.9);
        assert_eq!(p[1].0, "Okafor");
        assert!(p[1].1 > 0.9);
    }

    #[test]
    fn places_and_organisations_are_not_people() {
        let (_, p) = people("Victoria Police arrested two men. Jordan borders Israel.");
        assert!(p.iter().all(|x| !x.2 || x.0.is_empty()), "{p:?}");
    }

    #[test]
    fn role_nouns_in_apposition_gender_the_person() {
        let (_, p) = people("The spokeswoman, Kim Lee, declined to comment on the driver.");
        assert_eq!(p[0].0, "Kim Lee");
        assert!(p[0].1 > 0.9, "{p:?}");
        assert!(p.iter().any(|x| x.0 == "driver" && !x.2));
    }

    #[test]
    fn role_before_an_of_phrase_describes_a_titled_name_only_past_a_comma() {
        let (_, p) = people("The spokeswoman for the ministry, Dr. Kim Lee, declined to comment.");
        assert_eq!(p[0].0, "Kim Lee");
        assert!(p[0].1 > 0.9, "{p:?}");
        // Without the comma the titled name is the role's complement: the
        // husband is another, unnamed person.
        let (_, p) = people("The husband of Senator Kim Lee declined to comment.");
        let lee = p.iter().find(|x| x.0 == "Kim Lee").expect("Kim Lee");
        assert!(lee.1 > -0.5, "{p:?}");
        assert!(p.iter().any(|x| x.0 == "husband" && !x.2), "{p:?}");
    }

    #[test]
    fn a_middle_initial_is_part_of_the_name() {
        let (_, p) = people("Helga R. Brandt spoke on Monday. Later, Brandt left.");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "Helga R. Brandt");
        // Her first name genders her.
        assert!(p[0].1 > 0.85, "{p:?}");
        // A capital letter that ends a sentence is no initial, and the
        // name after it is found whole.
        let (_, p) = people("They backed Plan B. Helga Brandt spoke on Monday.");
        assert!(p.iter().all(|x| !x.0.contains("B.")), "{p:?}");
        assert!(p.iter().any(|x| x.0 == "Helga Brandt"), "{p:?}");
    }

    #[test]
    fn a_compound_title_is_one_role_of_the_name_it_opens() {
        // "Deputy" opens the title of the named person, past "of" or
        // another capitalised word: it is no unnamed deputy of its own.
        for text in [
            "We spoke to Deputy Minister of Trade Kim Lee on Monday.",
            "We spoke to Deputy Prime Minister Kim Lee on Monday.",
        ] {
            let (_, p) = people(text);
            assert!(p.iter().any(|x| x.0 == "Kim Lee" && x.2), "{p:?}");
            assert!(p.iter().all(|x| x.2), "{text}: {p:?}");
        }
        // A lower-case role before a name is still another person.
        let (_, p) = people("We spoke to the deputy of Kim Lee on Monday.");
        assert!(p.iter().any(|x| x.0 == "deputy" && !x.2), "{p:?}");
    }

    #[test]
    fn quotes_toggle_per_paragraph() {
        let doc = Document::from_text("t", "“He left,” she said.\n\nHe came back.");
        let a = Analysis::new(&doc);
        let q = quote_mask(&a);
        let inside: Vec<&str> = (0..a.tokens.len())
            .filter(|&i| q[i] && a.tokens[i].kind == TokenKind::Word)
            .map(|i| a.tok(i))
            .collect();
        assert_eq!(inside, ["He", "left"]);
    }
}
