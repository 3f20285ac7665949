//! Tokens and sentences of the scored paragraphs, computed once per article
//! and shared by every signal.

use std::ops::Range;

use crate::document::Document;
use crate::key_set::HashFilter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, with inner apostrophes, hyphens and abbreviation dots ("don't", "U.S.").
    Word,
    /// Digits with inner separators ("100,000", "1.5", "1,5").
    Number,
    /// Any other single character that is not white space.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// White space (or the paragraph start) right before the token.
    pub space_before: bool,
    /// Index into [`Analysis::paragraphs`].
    pub paragraph: usize,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A scored paragraph with the tokens and sentences that fall in it.
#[derive(Debug, Clone)]
pub struct ParagraphSpan {
    pub range: Range<usize>,
    pub tokens: Range<usize>,
}

/// The shared tokenisation of one document.
pub struct Analysis<'a> {
    pub doc: &'a Document,
    pub tokens: Vec<Token>,
    pub paragraphs: Vec<ParagraphSpan>,
    /// Token-index ranges of sentences, in order.
    pub sentences: Vec<Range<usize>>,
    /// Count of word tokens in scored text.
    pub word_count: usize,
    /// [`word_hash`] of every token (0 for punctuation), so that signals
    /// look words up in their tables without lowercasing or hashing again.
    pub word_hashes: Vec<u64>,
    /// Indices of the word tokens that start with a non-ASCII letter
    /// (`Émile`, `Газпром`, `静岡`), in order: few articles have any.
    pub non_ascii_words: Vec<usize>,
}

/// FNV-1a offset basis: the hash of nothing.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// One FNV-1a step over a character of a word's normal form.
#[inline(always)]
const fn fnv(h: u64, c: u64) -> u64 {
    (h ^ c).wrapping_mul(FNV_PRIME)
}

/// FNV-1a over `bytes`, continuing from `h` ([`FNV_OFFSET`] to start): a
/// fixed hash, the same in every process and on every machine.
pub const fn fnv_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        h = fnv(h, bytes[i] as u64);
        i += 1;
    }
    h
}

/// Feed the normal form of `c` (lowercase, typographic apostrophe folded
/// into the ASCII one) into the hash.
#[inline]
fn hash_char(mut h: u64, c: char) -> u64 {
    if c.is_ascii() {
        return fnv(h, u64::from(c.to_ascii_lowercase()));
    }
    let c = if c == '’' { '\'' } else { c };
    for l in c.to_lowercase() {
        h = fnv(h, u64::from(l));
    }
    h
}

/// Hash of a word's normal form (lowercase, typographic apostrophe folded
/// into the ASCII one): FNV-1a over its characters, computed without allocating.
pub fn word_hash(word: &str) -> u64 {
    let mut h = FNV_OFFSET;
    if word.is_ascii() {
        for b in word.bytes() {
            h = fnv(h, u64::from(b.to_ascii_lowercase()));
        }
        return h;
    }
    for c in word.chars() {
        h = hash_char(h, c);
    }
    h
}

/// [`word_hash`] of an ASCII word, usable in constants.
pub const fn ascii_word_hash(word: &str) -> u64 {
    let bytes = word.as_bytes();
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < bytes.len() {
        h = fnv(h, bytes[i].to_ascii_lowercase() as u64);
        i += 1;
    }
    h
}

/// [`ascii_word_hash`] of each of `words`, in order, for word lists hashed
/// at compile time; `N` must be their number.
pub const fn ascii_word_hashes<const N: usize>(words: &[&str]) -> [u64; N] {
    assert!(words.len() == N, "one hash per word");
    let mut hashes = [0; N];
    let mut i = 0;
    while i < N {
        hashes[i] = ascii_word_hash(words[i]);
        i += 1;
    }
    hashes
}

impl<'a> Analysis<'a> {
    pub fn new(doc: &'a Document) -> Self {
        // News prose runs at about five bytes a token: a quarter of the
        // length is room enough that the token vectors are rarely regrown.
        let room = doc.text.len() / 4 + 16;
        let mut sink = TokenSink {
            tokens: Vec::with_capacity(room),
            hashes: Vec::with_capacity(room),
            // Sentences average twenty-odd tokens, so a sixteenth is room enough.
            stops: Vec::with_capacity(room / 16),
            non_ascii_words: Vec::new(),
        };
        let mut paragraphs = Vec::with_capacity(doc.paragraphs.len());
        let mut word_count = 0;
        for p in doc.scored_paragraphs() {
            let first = sink.tokens.len();
            word_count += tokenize(&doc.text, p.range.clone(), paragraphs.len(), &mut sink);
            paragraphs.push(ParagraphSpan {
                range: p.range.clone(),
                tokens: first..sink.tokens.len(),
            });
        }
        let TokenSink {
            tokens,
            hashes: word_hashes,
            stops,
            non_ascii_words,
        } = sink;
        let sentences = split_sentences(&doc.text, &tokens, &word_hashes, &paragraphs, &stops);
        Self {
            doc,
            tokens,
            paragraphs,
            sentences,
            word_count,
            word_hashes,
            non_ascii_words,
        }
    }

    pub fn text(&self) -> &'a str {
        &self.doc.text
    }

    /// The text of a token.
    pub fn tok(&self, i: usize) -> &'a str {
        let t = &self.tokens[i];
        &self.doc.text[t.start..t.end]
    }

    /// The bytes of the text that the tokens `tokens` (at least one) cover,
    /// from the first one's start to the last one's end.
    pub fn span(&self, tokens: Range<usize>) -> Range<usize> {
        self.tokens[tokens.start].start..self.tokens[tokens.end - 1].end
    }

    /// Index of the sentence containing token `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences
            .partition_point(|s| s.end <= i)
            .min(self.sentences.len().saturating_sub(1))
    }

    /// Words per thousand, the unit every rate feature uses.
    pub fn per_thousand_words(&self, count: usize) -> f64 {
        if self.word_count == 0 {
            0.0
        } else {
            count as f64 * 1000.0 / self.word_count as f64
        }
    }
}

/// Is `b` an ASCII byte that `char::is_whitespace` accepts? (Unlike
/// `u8::is_ascii_whitespace`, this takes the vertical tab.)
const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `str::trim_start`, with ASCII white space skipped a byte at a time: only
/// text that then starts with a non-ASCII character is decoded.
pub fn trim_start(s: &str) -> &str {
    let skipped = s
        .bytes()
        .position(|b| !is_ascii_space(b))
        .unwrap_or(s.len());
    // After ASCII bytes: a character boundary.
    let rest = &s[skipped..];
    if rest.as_bytes().first().is_some_and(|&b| !b.is_ascii()) {
        rest.trim_start()
    } else {
        rest
    }
}

/// `str::trim_end`, with ASCII white space skipped a byte at a time: only
/// text that then ends with a non-ASCII character is decoded.
pub fn trim_end(s: &str) -> &str {
    let kept = s
        .bytes()
        .rposition(|b| !is_ascii_space(b))
        .map_or(0, |k| k + 1);
    // Before ASCII bytes (or the end): a character boundary.
    let rest = &s[..kept];
    if rest.as_bytes().last().is_some_and(|&b| !b.is_ascii()) {
        rest.trim_end()
    } else {
        rest
    }
}

/// `str::trim`, by way of [`trim_start`] and [`trim_end`].
pub fn trim(s: &str) -> &str {
    trim_end(trim_start(s))
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The character at byte `i` of `s` and its length (`s` is non-empty there).
#[inline]
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((char::from(b), 1));
    }
    s[i..].chars().next().map(|c| (c, c.len_utf8()))
}

/// What an ASCII byte can start or continue.
const OTHER: u8 = 0;
const SPACE: u8 = 1;
const LETTER: u8 = 2;
const DIGIT: u8 = 3;

/// Class of every ASCII byte (white space as `char::is_whitespace` sees it).
static ASCII_CLASS: [u8; 128] = {
    let mut table = [OTHER; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            SPACE
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

/// In [`WORD_BYTE`]: a byte that ends a word.
const ENDS_WORD: u8 = 0;
/// In [`WORD_BYTE`]: a byte that may continue a word, decided on its character.
const MAY_JOIN: u8 = 1;

/// For each byte inside a word: an ASCII letter or digit lower-cased (above
/// [`MAY_JOIN`]); [`MAY_JOIN`] for `-`, `'`, `.` and every non-ASCII byte;
/// [`ENDS_WORD`] for any other ASCII byte. An entry of `b'a'` or more is
/// an ASCII letter.
static WORD_BYTE: [u8; 256] = {
    let mut table = [MAY_JOIN; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else if matches!(c, b'-' | b'\'' | b'.') {
            MAY_JOIN
        } else {
            ENDS_WORD
        };
        b += 1;
    }
    table
};

/// For each byte: the [`word_hash`] of the one-letter word it is if it is an
/// ASCII letter, 0 if not (no letter's hash is 0).
static LETTER_HASH: [u64; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            table[b] = fnv(FNV_OFFSET, c.to_ascii_lowercase() as u64);
            assert!(table[b] != 0, "a letter's hash is 0");
        }
        b += 1;
    }
    table
};

/// End of the word starting at `start` (its first character is a letter),
/// and the [`word_hash`] of the word, computed on the way.
#[inline]
fn word_end(s: &str, start: usize) -> (usize, u64) {
    word_end_after(s, start, start, FNV_OFFSET)
}

/// [`word_end`] of the word starting at `start`, of which the ASCII letters
/// and digits up to `scanned` are already hashed into `h` (the tokeniser has
/// looked its first letter's hash up in [`LETTER_HASH`] already).
#[inline(always)]
fn word_end_after(s: &str, start: usize, scanned: usize, h: u64) -> (usize, u64) {
    let (end, hash, class) = ascii_run(s.as_bytes(), scanned, h);
    // Most words end at a space or an ASCII mark that cannot join (only `-`,
    // `'` and `.` can): the table says so without decoding it. Such a mark is
    // no dot, so there is no trailing dot to take either.
    if class == ENDS_WORD {
        return (end, hash);
    }
    let mut word = WordSoFar {
        end,
        hash,
        piece_start: start,
        dotted: false,
    };
    word.finish(s);
    (word.end, word.hash)
}

/// The run of ASCII letters and digits from `end`, with `h` continued over
/// their lower case: its end, the hash, and the [`WORD_BYTE`] class of the
/// byte it stopped at ([`ENDS_WORD`] at the end of the text).
#[inline(always)]
fn ascii_run(bytes: &[u8], mut end: usize, mut h: u64) -> (usize, u64, u8) {
    // Eight bytes a round while eight remain: the round is unrolled, with no
    // bounds check or index step per byte, which saves more than its set-up
    // costs even though most words end in the first round. Whether eight
    // remain is one compare with the last start of a round, which the
    // tokeniser, where this is inlined, computes once per paragraph.
    let last_round = bytes.len().checked_sub(8);
    while last_round.is_some_and(|last| end <= last) {
        let chunk = &bytes[end..end + 8];
        for (k, &b) in chunk.iter().enumerate() {
            let class = WORD_BYTE[usize::from(b)];
            if class <= MAY_JOIN {
                return (end + k, h, class);
            }
            h = fnv(h, u64::from(class));
        }
        end += 8;
    }
    // The last few bytes.
    ascii_run_bytewise(bytes, end, h)
}

/// [`ascii_run`] one table look-up and one index a byte.
#[inline(always)]
fn ascii_run_bytewise(bytes: &[u8], mut end: usize, mut h: u64) -> (usize, u64, u8) {
    while let Some(&b) = bytes.get(end) {
        let class = WORD_BYTE[usize::from(b)];
        if class <= MAY_JOIN {
            return (end, h, class);
        }
        h = fnv(h, u64::from(class));
        end += 1;
    }
    (end, h, ENDS_WORD)
}

/// A word being scanned by [`word_end`].
struct WordSoFar {
    end: usize,
    hash: u64,
    /// Start of the word's last dot-separated piece ("S" in "U.S").
    piece_start: usize,
    /// Whether a dot has joined the word (only a joined dot can be in it).
    dotted: bool,
}

impl WordSoFar {
    /// Scan on from a character that may continue the word (one that is not
    /// an ASCII letter or digit) to the word's end.
    // Out of line: the rare characters decoded here would otherwise crowd
    // the registers of the tokeniser's byte and token loops.
    #[inline(never)]
    fn finish(&mut self, s: &str) {
        while self.take_char(s) {
            let (end, hash, class) = ascii_run(s.as_bytes(), self.end, self.hash);
            self.end = end;
            self.hash = hash;
            if class == ENDS_WORD {
                return;
            }
        }
    }

    /// Take the character at `end` if it continues the word (it is not an
    /// ASCII letter or digit); false when the word has ended, with the
    /// trailing dot of a dotted abbreviation ("U.S.") taken.
    fn take_char(&mut self, s: &str) -> bool {
        let end = self.end;
        let Some((d, len)) = char_at(s, end) else {
            return false;
        };
        if !d.is_alphanumeric() {
            // Decoded only for the few characters that may join.
            let next = || char_at(s, end + len).map(|(c, _)| c);
            let joins = match d {
                '-' | '‑' => next().is_some_and(char::is_alphanumeric),
                _ if is_apostrophe(d) => next().is_some_and(char::is_alphabetic),
                // "U.S." / "e.g.": a dot between single letters.
                '.' => {
                    let joins = is_one_char(&s[self.piece_start..end])
                        && next().is_some_and(char::is_alphabetic)
                        && s[end + 1..]
                            .chars()
                            .nth(1)
                            .is_none_or(|n| !n.is_alphabetic());
                    if !joins && self.dotted {
                        // Trailing dot of a dotted abbreviation ("U.S.").
                        self.hash = fnv(self.hash, u64::from(b'.'));
                        self.end += 1;
                    }
                    if joins {
                        self.dotted = true;
                        self.piece_start = end + 1;
                    }
                    joins
                }
                _ => false,
            };
            if !joins {
                return false;
            }
        }
        self.hash = hash_char(self.hash, d);
        self.end += len;
        true
    }
}

/// Is `s` a single character?
fn is_one_char(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some() && chars.next().is_none()
}

/// End of the number starting at `start` (its first character is a digit),
/// and its [`word_hash`].
// Out of line: numbers are rare, and their loop would crowd the registers of
// the tokeniser's word and token loops.
#[inline(never)]
fn number_end(s: &str, start: usize) -> (usize, u64) {
    let bytes = s.as_bytes();
    let mut end = start;
    let mut h = FNV_OFFSET;
    loop {
        while let Some(&b) = bytes.get(end) {
            if !b.is_ascii_digit() {
                break;
            }
            h = fnv(h, u64::from(b));
            end += 1;
        }
        let Some((d, len)) = char_at(s, end) else {
            break;
        };
        let next_digit = bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if (d == ',' || d == '.') && next_digit {
            h = fnv(h, u64::from(bytes[end]));
            end += 1;
        } else if d.is_alphabetic() {
            // "2019s", "5th", "10km"
            h = hash_char(h, d);
            end += len;
        } else {
            break;
        }
    }
    (end, h)
}

/// What [`tokenize`] appends to, in one struct so that one pointer, kept in a
/// register, reaches all three vectors.
struct TokenSink {
    tokens: Vec<Token>,
    /// [`word_hash`] of each token, 0 for punctuation.
    hashes: Vec<u64>,
    /// Index of each punctuation token that can end a sentence.
    stops: Vec<usize>,
    /// Index of each word token that starts with a non-ASCII letter.
    non_ascii_words: Vec<usize>,
}

/// Tokenise one paragraph into `sink`; returns the number of words.
// Not inlined: in a function of its own the per-byte and per-token loops
// keep their state in registers instead of on the stack.
#[inline(never)]
fn tokenize(text: &str, range: Range<usize>, paragraph: usize, sink: &mut TokenSink) -> usize {
    // Offsets below are into `text`, so a token's are stored as they are;
    // nothing before the paragraph is looked at.
    let s = &text[..range.end];
    let bytes = s.as_bytes();
    let mut space_before = true;
    let first_token = sink.tokens.len();
    // Words are counted as the tokens that are not, so that the common
    // word path has no counter to keep.
    let mut not_words = 0;
    let mut i = range.start;
    while let Some(&b) = bytes.get(i) {
        // Most tokens are words starting with an ASCII letter: told first,
        // by the look-up that also gives the letter's hash.
        let first_hash = LETTER_HASH[usize::from(b)];
        let (end, kind, hash) = if first_hash != 0 {
            let (end, hash) = word_end_after(s, i, i + 1, first_hash);
            (end, TokenKind::Word, hash)
        } else {
            let class = if b < 0x80 {
                ASCII_CLASS[usize::from(b)]
            } else {
                match char_at(s, i) {
                    Some((c, len)) if c.is_whitespace() => {
                        space_before = true;
                        i += len;
                        continue;
                    }
                    Some((c, _)) if c.is_alphabetic() => LETTER,
                    _ => OTHER,
                }
            };
            match class {
                SPACE => {
                    space_before = true;
                    i += 1;
                    continue;
                }
                LETTER => {
                    // ASCII letters took the branch above: this is the rare
                    // word that starts with another letter.
                    sink.non_ascii_words.push(sink.tokens.len());
                    let (end, hash) = word_end(s, i);
                    (end, TokenKind::Word, hash)
                }
                DIGIT => {
                    not_words += 1;
                    let (end, hash) = number_end(s, i);
                    (end, TokenKind::Number, hash)
                }
                _ => {
                    not_words += 1;
                    let len = char_at(s, i).map_or(1, |(_, len)| len);
                    // Noted here so that the sentence splitter visits only these.
                    if can_end_sentence(&bytes[i..]) {
                        sink.stops.push(sink.tokens.len());
                    }
                    (i + len, TokenKind::Punct, 0)
                }
            }
        };
        sink.tokens.push(Token {
            start: i,
            end,
            kind,
            space_before,
            paragraph,
        });
        sink.hashes.push(hash);
        // Most tokens are followed by one plain space: step over it here.
        if bytes.get(end) == Some(&b' ') {
            space_before = true;
            i = end + 1;
        } else {
            space_before = false;
            i = end;
        }
    }
    sink.tokens.len() - first_token - not_words
}

/// Titles and abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "st",
    "jr", "sr", "mt", "ft", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar",
    "apr", "aug", "sept", "sep", "oct", "nov", "dec", "approx", "est", "fig", "rev", "hon", "pres",
];

pub fn is_abbreviation(word: &str) -> bool {
    // Dots looked for on the bytes, without the character searchers of
    // `trim_end_matches` and `contains`: a dot is ASCII, so cutting after
    // the last other byte leaves a character boundary.
    let bare_len = word.bytes().rposition(|b| b != b'.').map_or(0, |k| k + 1);
    let w = &word[..bare_len];
    is_dotted_or_initial(w) || is_listed_abbreviation(w)
}

/// Is the bare word (no trailing dots) dotted inside ("U.S", "e.g") or one
/// upper-case letter (an initial)?
fn is_dotted_or_initial(w: &str) -> bool {
    w.bytes().any(|b| b == b'.') || (is_one_char(w) && w.chars().all(char::is_uppercase))
}

/// [`is_abbreviation`] of a word token with [`word_hash`] `hash`. A word
/// without trailing dots is one of [`ABBREVIATIONS`] only if its hash is
/// one of theirs, so for nearly every word the filter settles that part.
fn is_abbreviation_token(word: &str, hash: u64) -> bool {
    if ABBREVIATION_FILTER.may_contain(hash) || word.ends_with('.') {
        return is_abbreviation(word);
    }
    // No trailing dot: the word is its own bare form, and not listed.
    is_dotted_or_initial(word)
}

/// The hashes of [`ABBREVIATIONS`], for [`is_abbreviation_token`].
static ABBREVIATION_FILTER: HashFilter<16> =
    HashFilter::new(&ascii_word_hashes::<{ ABBREVIATIONS.len() }>(ABBREVIATIONS));

/// [`ABBREVIATIONS`] as [`packed_lowercase8`] keys, sorted for binary search.
const ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut keys = [0u64; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = match packed_lowercase8(ABBREVIATIONS[i]) {
            Some(key) => key,
            None => panic!("an abbreviation is not ASCII of at most eight bytes"),
        };
        // Insertion sort: a const block cannot call `sort`.
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let swapped = keys[j - 1];
            keys[j - 1] = keys[j];
            keys[j] = swapped;
            j -= 1;
        }
        i += 1;
    }
    keys
};

/// Is `w` one of [`ABBREVIATIONS`], ASCII case ignored? They are ASCII and at
/// most eight bytes, so only such words can be one: each is compared as its
/// lower-cased bytes packed into an integer, by binary search.
fn is_listed_abbreviation(w: &str) -> bool {
    packed_lowercase8(w).is_some_and(|key| ABBREVIATION_KEYS.binary_search(&key).is_ok())
}

/// An ASCII word of one to eight bytes, lower-cased and packed into an
/// integer (distinct words give distinct keys: no byte is zero), so that a
/// look-up neither hashes nor compares strings.
#[inline]
pub const fn packed_lowercase8(w: &str) -> Option<u64> {
    let bytes = w.as_bytes();
    if bytes.is_empty() || bytes.len() > 8 {
        return None;
    }
    let mut key = 0u64;
    let mut k = 0;
    while k < bytes.len() {
        let b = bytes[k];
        if !b.is_ascii() || b == 0 {
            return None;
        }
        key |= (b.to_ascii_lowercase() as u64) << (8 * k);
        k += 1;
    }
    Some(key)
}

/// Can a punctuation token starting at `rest` end a sentence ("." "!" "?"
/// "…")? Punctuation tokens are one character, so the first byte tells for
/// the ASCII ones.
#[inline]
fn can_end_sentence(rest: &[u8]) -> bool {
    match rest[0] {
        b'.' | b'!' | b'?' => true,
        b => b >= 0x80 && rest.starts_with("…".as_bytes()),
    }
}

/// Split each paragraph's tokens into sentences; `stops` are the indices, in
/// order, of the punctuation tokens that can end one.
fn split_sentences(
    text: &str,
    tokens: &[Token],
    hashes: &[u64],
    paragraphs: &[ParagraphSpan],
    stops: &[usize],
) -> Vec<Range<usize>> {
    // Sentences average twenty-odd tokens; every paragraph has at least one.
    let mut out = Vec::with_capacity(tokens.len() / 16 + paragraphs.len());
    let token_text = |t: &Token| &text[t.start..t.end];
    let mut stops = stops.iter().copied().peekable();
    for p in paragraphs {
        // Indices below are into the paragraph's tokens; `first` makes them global.
        let first = p.tokens.start;
        let para = &tokens[p.tokens.clone()];
        let mut start = 0;
        let mut from = 0;
        // Only the stops in this paragraph, and not those swallowed with
        // the one before them.
        while let Some(stop) = stops.next_if(|&stop| stop < p.tokens.end) {
            let i = stop - first;
            if i < from {
                continue;
            }
            let t = &para[i];
            // Swallow closing quotes/brackets and repeated punctuation.
            let mut end = i + 1;
            while para.get(end).is_some_and(|n| {
                !n.space_before
                    && matches!(
                        token_text(n),
                        "\"" | "”" | "’" | "'" | ")" | "]" | "." | "!" | "?"
                    )
            }) {
                end += 1;
            }
            let after_abbrev = text.as_bytes()[t.start] == b'.'
                && i > start
                && para[i - 1].kind == TokenKind::Word
                && !t.space_before
                && is_abbreviation_token(token_text(&para[i - 1]), hashes[stop - 1]);
            // A lowercase continuation ("“Why?” she asked") is the same sentence.
            let next_starts = para.get(end).is_none_or(|n| {
                n.space_before && !text[n.start..].starts_with(|c: char| c.is_lowercase())
            });
            if next_starts && !after_abbrev {
                out.push(first + start..first + end);
                start = end;
            }
            from = end;
        }
        if start < para.len() {
            out.push(first + start..first + para.len());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_run_agrees_with_byte_loop() {
        let mut texts: Vec<String> = [
            "",
            "The internationalisation of U.S. troops' don't-stop",
            "Moscow’s 1,5 bn. Ünïcödé wörds",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        ]
        .map(String::from)
        .to_vec();
        // Words of every length around the eight-byte rounds, each ending at
        // a space, a joining mark, a non-ASCII letter and the text's end.
        for len in 0..=20 {
            let word = "Ab1".repeat(7)[..len].to_string();
            for ending in [" x", "-x", "é", ""] {
                texts.push(format!("{word}{ending}"));
            }
        }
        for text in &texts {
            let bytes = text.as_bytes();
            for start in 0..=bytes.len() {
                assert_eq!(
                    ascii_run(bytes, start, FNV_OFFSET),
                    ascii_run_bytewise(bytes, start, FNV_OFFSET),
                    "{text:?} from {start}"
                );
            }
        }
    }

    fn words(text: &str) -> Vec<String> {
        let doc = Document::from_text("t", text);
        let a = Analysis::new(&doc);
        (0..a.tokens.len()).map(|i| a.tok(i).to_string()).collect()
    }

    #[test]
    fn words_starting_with_other_letters_are_indexed() {
        let doc = Document::from_text(
            "t",
            "Émile met “Газпром” and 静岡's élan, not Zoë.\n\nÅsa 5é",
        );
        let a = Analysis::new(&doc);
        let expected: Vec<usize> = (0..a.tokens.len())
            .filter(|&i| a.tokens[i].kind == TokenKind::Word && !a.tok(i).is_char_boundary(1))
            .collect();
        assert_eq!(a.non_ascii_words, expected);
        let indexed: Vec<&str> = a.non_ascii_words.iter().map(|&i| a.tok(i)).collect();
        assert_eq!(indexed, ["Émile", "Газпром", "静岡's", "élan", "Åsa"]);
    }

    #[test]
    fn tokens_keep_contractions_and_numbers() {
        assert_eq!(
            words("Moscow’s U.S. troops don't—100,000 of them, 1,5 bn."),
            [
                "Moscow’s",
                "U.S.",
                "troops",
                "don't",
                "—",
                "100,000",
                "of",
                "them",
                ",",
                "1,5",
                "bn",
                "."
            ]
        );
    }

    #[test]
    fn sentences_respect_titles() {
        let doc = Document::from_text("t", "Ms. Sherman spoke. He left! “Why?” she asked.\nNext.");
        let a = Analysis::new(&doc);
        let sents: Vec<String> = a
            .sentences
            .iter()
            .map(|r| a.text()[a.span(r.clone())].to_string())
            .collect();
        assert_eq!(
            sents,
            [
                "Ms. Sherman spoke.",
                "He left!",
                "“Why?” she asked.",
                "Next."
            ]
        );
        assert_eq!(a.word_count, 9);
    }

    #[test]
    fn word_hashes_fold_case_and_apostrophes() {
        assert_eq!(word_hash("Don’t"), word_hash("don't"));
        assert_eq!(word_hash("ÉCOLE"), word_hash("école"));
        assert_ne!(word_hash("don't"), word_hash("dont"));
        assert_eq!(ascii_word_hash("The"), word_hash("tHE"));
        let doc = Document::from_text("t", "The the, THE");
        let a = Analysis::new(&doc);
        assert_eq!(a.word_hashes[0], a.word_hashes[1]);
        assert_eq!(a.word_hashes[0], a.word_hashes[3]);
        assert_eq!(a.word_hashes[2], 0);
    }

    #[test]
    fn abbreviations_are_found_as_by_comparing_every_entry() {
        let by_list = |w: &str| ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(w));
        let mut words: Vec<String> = ABBREVIATIONS.iter().map(|a| a.to_string()).collect();
        words.extend(ABBREVIATIONS.iter().map(|a| a.to_uppercase()));
        words.extend(ABBREVIATIONS.iter().map(|a| format!("{a}x")));
        words.extend(ABBREVIATIONS.iter().map(|a| a[..a.len() - 1].to_string()));
        words.extend(
            [
                "",
                "M",
                "Mr\u{0}",
                "Mrſ",
                "İnc",
                "approxim",
                "approximately",
                "Dr\u{e9}",
            ]
            .map(String::from),
        );
        for w in &words {
            assert_eq!(is_listed_abbreviation(w), by_list(w), "{w:?}");
        }
        assert!(ABBREVIATIONS.iter().all(|a| a.is_ascii() && a.len() <= 8));
    }

    #[test]
    fn tokeniser_hashes_match_word_hash() {
        for text in [
            "Moscow’s U.S. troops don't—100,000 of them, 1,5 bn, 5th e.g. Jean‑Claude.",
            "ÉCOLE Straße İstanbul ǅemal 2019s 10KM x.y. «café» 北京 ΑΘΗΝΑ",
            "a.b.c. end. ’tis rock’n’roll -dash- 3.5.",
        ] {
            let doc = Document::from_text("t", text);
            let a = Analysis::new(&doc);
            assert!(!a.tokens.is_empty());
            for (i, t) in a.tokens.iter().enumerate() {
                let expected = match t.kind {
                    TokenKind::Punct => 0,
                    _ => word_hash(a.tok(i)),
                };
                assert_eq!(a.word_hashes[i], expected, "{:?}", a.tok(i));
            }
            let words = a.tokens.iter().filter(|t| t.kind == TokenKind::Word);
            assert_eq!(a.word_count, words.count());
        }
    }

    #[test]
    fn trims_agree_with_str() {
        for s in [
            "",
            " ",
            "\u{b}\u{c}\r\n\t ",
            "  One  \r\n",
            "\u{a0} x \u{a0}",
            " \u{2003}\t x\u{3000} \n",
            "\u{1c}x\u{1f}",
            "é",
            " Привет ",
            "\u{85}",
        ] {
            assert_eq!(trim_start(s), s.trim_start(), "{s:?}");
            assert_eq!(trim_end(s), s.trim_end(), "{s:?}");
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
        for b in 0..=0x7fu8 {
            assert_eq!(is_ascii_space(b), char::from(b).is_whitespace(), "{b}");
        }
    }

    /// Texts with the tokeniser's rarer paths: dotted abbreviations, joined
    /// and unjoined marks, non-ASCII letters, sentence ends after them.
    const AWKWARD: &[&str] = &[
        "U.S. e.g. a.b.c. U.S.. x.y.z No.1 A.B Mr.Smith U.K.-based i.e., ab.c a.bc.",
        "Moscow’s don't rock’n’roll ’tis -dash- Jean‑Claude e.g.! “Why?” she asked.",
        "ÉCOLE Straße İ.S. É.U. x.É. ǅemal 2019s 10KM. «café» 北京. ΑΘΗΝΑ… end!? (so.) “Done.”",
        "Ms. Sherman spoke. He left! Dr. No. St. Louis. A. Smith. Approx. 5. The U.S. Army.",
        "a. b... c?! d.” E. f.) g] Sen. X. y",
    ];

    /// `word_end` as first written: the dot rules read back over the word.
    fn word_end_as_first_written(s: &str, start: usize) -> (usize, u64) {
        let mut end = start;
        let mut h = FNV_OFFSET;
        while let Some((d, len)) = char_at(s, end) {
            if d.is_alphanumeric() {
                h = hash_char(h, d);
                end += len;
                continue;
            }
            let next = || char_at(s, end + len).map(|(c, _)| c);
            let joins = match d {
                '-' | '‑' => next().is_some_and(char::is_alphanumeric),
                _ if is_apostrophe(d) => next().is_some_and(char::is_alphabetic),
                '.' => {
                    let last_single = s[start..end]
                        .rsplit('.')
                        .next()
                        .is_some_and(|w| w.chars().count() == 1);
                    last_single
                        && next().is_some_and(char::is_alphabetic)
                        && s[end + 1..]
                            .chars()
                            .nth(1)
                            .is_none_or(|n| !n.is_alphabetic())
                }
                _ => false,
            };
            if !joins {
                break;
            }
            h = hash_char(h, d);
            end += len;
        }
        if s.as_bytes().get(end) == Some(&b'.') && s[start..end].contains('.') {
            h = fnv(h, u64::from(b'.'));
            end += 1;
        }
        (end, h)
    }

    #[test]
    fn word_ends_agree_with_the_first_version() {
        for text in AWKWARD {
            for (start, c) in text.char_indices().filter(|(_, c)| c.is_alphabetic()) {
                assert_eq!(
                    word_end(text, start),
                    word_end_as_first_written(text, start),
                    "{c:?} at {start} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn abbreviations_agree_with_the_first_version() {
        let as_first_written = |word: &str| {
            let w = word.trim_end_matches('.');
            w.contains('.')
                || is_listed_abbreviation(w)
                || (w.chars().count() == 1 && w.chars().all(char::is_uppercase))
        };
        let extra = [
            "", ".", "..", "A", "A.", "a", "É", "É.", "ÉÉ", "Mr..", "x.y", "İ", "ǅ",
        ];
        for word in AWKWARD
            .iter()
            .flat_map(|t| t.split_whitespace())
            .chain(extra)
        {
            assert_eq!(is_abbreviation(word), as_first_written(word), "{word:?}");
        }
    }

    #[test]
    fn word_byte_tells_ascii_letters_and_word_end_after_agrees() {
        for b in 0..=u8::MAX {
            assert_eq!(
                WORD_BYTE[usize::from(b)] >= b'a',
                b.is_ascii_alphabetic(),
                "{b}"
            );
            let one_letter = char::from(b).to_string();
            let letter_hash = b.is_ascii_alphabetic().then(|| word_hash(&one_letter));
            assert_eq!(LETTER_HASH[usize::from(b)], letter_hash.unwrap_or(0), "{b}");
        }
        // The tokeniser's start, with the first letter hashed, and the plain one.
        for text in AWKWARD {
            for (start, c) in text.char_indices().filter(|(_, c)| c.is_ascii_alphabetic()) {
                let first = fnv(FNV_OFFSET, u64::from(c.to_ascii_lowercase() as u8));
                assert_eq!(
                    word_end_after(text, start, start + 1, first),
                    word_end(text, start),
                    "{c:?} at {start} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn abbreviation_tokens_agree_with_is_abbreviation() {
        let text = AWKWARD.join("\n")
            + "\n"
            + &ABBREVIATIONS.join(". ")
            + ". MR. Inc. INC. Vs. U. a. É. x";
        let doc = Document::from_text("t", text);
        let a = Analysis::new(&doc);
        let mut seen = 0;
        for (i, t) in a.tokens.iter().enumerate() {
            if t.kind == TokenKind::Word {
                let word = a.tok(i);
                assert_eq!(
                    is_abbreviation_token(word, a.word_hashes[i]),
                    is_abbreviation(word),
                    "{word:?}"
                );
                seen += usize::from(is_abbreviation(word));
            }
        }
        assert!(seen > ABBREVIATIONS.len());
    }

    /// `split_sentences` as first written: every token looked at in turn.
    fn sentences_as_first_written(a: &Analysis) -> Vec<Range<usize>> {
        let (text, tokens) = (a.text(), &a.tokens);
        let mut out = Vec::new();
        for p in &a.paragraphs {
            let mut start = p.tokens.start;
            let mut i = p.tokens.start;
            while i < p.tokens.end {
                let t = &tokens[i];
                let s = match t.kind {
                    TokenKind::Punct => &text[t.start..t.end],
                    _ => "",
                };
                if matches!(s, "." | "!" | "?" | "…") {
                    let mut end = i + 1;
                    while end < p.tokens.end
                        && !tokens[end].space_before
                        && matches!(
                            &text[tokens[end].start..tokens[end].end],
                            "\"" | "”" | "’" | "'" | ")" | "]" | "." | "!" | "?"
                        )
                    {
                        end += 1;
                    }
                    let after_abbrev = s == "."
                        && i > start
                        && tokens[i - 1].kind == TokenKind::Word
                        && !tokens[i].space_before
                        && is_abbreviation(&text[tokens[i - 1].start..tokens[i - 1].end]);
                    let next_lower = end < p.tokens.end
                        && text[tokens[end].start..].starts_with(|c: char| c.is_lowercase());
                    let next_starts =
                        end >= p.tokens.end || (tokens[end].space_before && !next_lower);
                    if next_starts && !after_abbrev {
                        out.push(start..end);
                        start = end;
                    }
                    i = end;
                } else {
                    i += 1;
                }
            }
            if start < p.tokens.end {
                out.push(start..p.tokens.end);
            }
        }
        out
    }

    #[test]
    fn sentences_and_paragraph_tokens_agree_with_the_first_version() {
        let text = AWKWARD.join("\n\n") + "\nLeave a Reply\n" + &AWKWARD.join(" ");
        let doc = Document::from_text("t", text);
        let a = Analysis::new(&doc);
        assert!(a.paragraphs.len() > 3);
        assert_eq!(a.sentences, sentences_as_first_written(&a));
        assert_eq!(a.word_hashes.len(), a.tokens.len());
        let mut next = 0;
        for (n, p) in a.paragraphs.iter().enumerate() {
            assert_eq!(p.tokens.start, next);
            next = p.tokens.end;
            for t in &a.tokens[p.tokens.clone()] {
                assert_eq!(t.paragraph, n);
                assert!(p.range.start <= t.start && t.end <= p.range.end);
            }
            // The paragraph tokenised alone gives the same tokens.
            let alone = Document::from_text("t", &doc.text[p.range.clone()]);
            let b = Analysis::new(&alone);
            assert_eq!(b.tokens.len(), p.tokens.len());
            for (t, u) in a.tokens[p.tokens.clone()].iter().zip(&b.tokens) {
                assert_eq!(
                    (t.start - p.range.start, t.end - p.range.start),
                    (u.start, u.end)
                );
                assert_eq!((t.kind, t.space_before), (u.kind, u.space_before));
            }
            assert_eq!(a.word_hashes[p.tokens.clone()], b.word_hashes[..]);
        }
        assert_eq!(next, a.tokens.len());
    }

    #[test]
    fn chrome_is_not_tokenised() {
        let doc = Document::from_text("t", "Real text here.\nLeave a Reply\n");
        let a = Analysis::new(&doc);
        assert_eq!(a.paragraphs.len(), 1);
        assert_eq!(a.word_count, 3);
    }
}
