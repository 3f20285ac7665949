//! MT006 `mt-phrasing`: word sequences that machine translation produces
//! more often than human translators do when both translate the same source
//! sentences.
//!
//! The lexicon (`models/mt_phrasing.tsv`) is mined by `calque mine` from a
//! labelled corpus: within each group of documents that render the same
//! source lines, machine and human translations are compared, so the topic of
//! the article cancels out and what remains is how the sentence was put into
//! English. An entry is kept only if it is spread over many articles and
//! several MT systems, and holds in the same direction on a year it was not
//! mined from. Entries over-represented in human translation are kept too, as
//! negative evidence for the score; they never produce findings. Each
//! entry's weight is its coefficient in a logistic regression fitted over all
//! entries jointly; findings come only from entries that are strong on their
//! own (ratio on both corpora) and pass the stricter support filters.
//!
//! Re-mine the shipped lexicon (about two seconds) with:
//! `calque mine --corpus ../shared/corpus/wmt21.jsonl --validate ../shared/corpus/wmt22.jsonl --out models/mt_phrasing.tsv`
//! (the same command is recorded in the file's header).
//!
//! Why it points to machine translation: a machine translates each sentence
//! close to the source, so it keeps the source language's framing
//! ("carry out work in the aspect of …", "it is reported that") where a human
//! translator would reword it; the same framings recur across systems.
//!
//! Example: "The two sides will carry out cooperation in the field of energy"
//! reads naturally to a non-native editor, but "carry out cooperation" and
//! "in the field of" are both markedly more frequent in machine output than in
//! human translations of the same sentences.

use std::ops::Range;
use std::sync::OnceLock;

use crate::key_set::HashFilter;
use crate::phrase_table::PhraseTable;
use crate::signals::{Context, Signal, SignalInfo, SignalOutput};
use crate::text::{Analysis, TokenKind};

/// The longest entry, in words.
pub const MAX_WORDS: usize = 4;
/// Column of the lexicon's `evidence` flag, the last one read.
const EVIDENCE: usize = 9;
const COLUMNS: usize = EVIDENCE + 1;

/// Entries at least this strong on their own (log ratio: about 3.7 times as
/// frequent in MT on both the mined and the held-out corpus), at least two
/// words long and with a positive weight are reported as findings; the others
/// only move the score. Chosen on a split of groups that neither mined nor
/// validated the lexicon: at this strength a finding is about five times as
/// common in MT as in human translation.
pub const FINDING_MIN_LOG_RATIO: f64 = 1.3;

static INFO: SignalInfo = SignalInfo {
    code: "MT006",
    name: "mt-phrasing",
    summary: "Phrasings that machine translation uses far more often than human translators",
    doc: "Finds word sequences that machine translation produces markedly more often than \
human translators do when both translate the same source sentences.\n\n\
The lexicon is mined with `calque mine` from a labelled corpus (WMT news translation): \
machine and human translations of the same source lines are compared, so the topic of the \
article cancels out. An entry is kept only if it occurs across many articles and several MT \
systems and holds in the same direction on a year it was not mined from. Each finding names \
the ratio and the source languages where the phrasing is typical.\n\n\
Why it points to machine translation: a system translates sentence by sentence close to the \
source, so it keeps the source language's framing where a human would reword; those framings \
recur across systems. One finding proves nothing; many in one article are telling. \
The `MT006.score` feature sums, per 1,000 words, the weights of all matched entries, \
including weaker ones and phrasings typical of human translation (negative weights); the \
weights are fitted jointly by a logistic regression when the lexicon is mined.\n\n\
Example: \"The two sides will carry out cooperation in the field of energy\" — phrasings such \
as \"carry out cooperation\" are far more frequent in machine output than in human \
translations of the same sentences.",
    default_weight: 0.15,
};

/// One mined phrasing.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Normalised words joined by single spaces.
    pub phrase: Box<str>,
    pub words: u8,
    /// What one occurrence adds to `MT006.score` (negative: typical of human
    /// translation): a logistic-regression coefficient fitted over all
    /// entries jointly, or in older lexicons the entry's own log ratio.
    pub weight: f32,
    /// Ratio (MT over HT) on the mined corpus.
    pub mined_ratio: f32,
    /// Ratio (MT over HT) on the held-out corpus.
    pub held_ratio: f32,
    /// Source languages where the phrasing is over-represented, comma-separated.
    pub langs: Box<str>,
    /// Passed the stricter support filters of mining (many articles and
    /// systems, significant on both corpora); true when the file has no
    /// `evidence` column.
    pub evidence: bool,
}

impl Entry {
    /// Strong and well supported enough on its own to be shown as evidence:
    /// at least [`FINDING_MIN_LOG_RATIO`] on both the mined and the held-out
    /// corpus, and marked as evidence by the mining.
    pub fn is_strong(&self) -> bool {
        self.evidence
            && f64::from(self.mined_ratio.min(self.held_ratio)).ln() >= FINDING_MIN_LOG_RATIO
    }

    /// Reported as a finding when matched: a phrase of two words or more
    /// with a positive weight that [`Entry::is_strong`]. Single words and
    /// weak phrases only move the score.
    fn is_shown(&self) -> bool {
        self.words >= 2 && self.weight > 0.0 && self.is_strong()
    }
}

/// A mined lexicon ready for matching.
#[derive(Debug, Default)]
pub struct Lexicon {
    entries: Vec<Entry>,
    /// What each entry adds to the score and whether it is shown, by entry
    /// number: the scan reads these for every match, and they fit in a
    /// few cache lines where the entries themselves span many.
    scores: Vec<EntryScore>,
    table: PhraseTable<u64>,
    /// Every phrase's first-word key: most words start no phrase, and one
    /// bit test turns them away before a probe of the table.
    first_words: KeyFilter,
    /// The keys of one-word phrases, and the two-word keys of longer ones:
    /// most words that do start a phrase are followed by no word that
    /// continues it ("the", "of"), and two bit tests tell so without the
    /// table's two probes.
    one_word_phrases: KeyFilter,
    two_word_prefixes: KeyFilter,
    /// Corpus year(s) the entries were mined from and held out on, as written
    /// in the file header (e.g. `WMT 2021`, `WMT 2022`).
    pub mined_on: String,
    pub held_on: String,
}

/// The part of an [`Entry`] that [`MtPhrasing`] reads at every match.
#[derive(Debug, Clone, Copy)]
struct EntryScore {
    weight: f32,
    /// [`Entry::is_shown`].
    shown: bool,
}

/// The characters of a word as the lexicon sees them: lowercase, with the
/// typographic apostrophe folded into the ASCII one.
pub fn normalized_chars(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars().flat_map(|c| {
        let c = if c == '’' { '\'' } else { c };
        c.to_lowercase()
    })
}

/// A word in the lexicon's normal form.
pub fn normalize_word(word: &str) -> String {
    normalized_chars(word).collect()
}

pub use crate::text::word_hash;

/// The key of a word sequence, extended one word at a time, so that every
/// prefix of a phrase has its own key.
#[inline]
pub fn extend_key(key: u64, word: u64) -> u64 {
    (key.rotate_left(29) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

const KEY_START: u64 = 0x243f_6a88_85a3_08d3;

/// A filter over phrase keys (see [`HashFilter`]): 2 KiB, small enough to
/// stay in the L1 cache from one article to the next (an 8 KiB filter missed
/// it on a third of its tests); the shipped lexicon's ~900 first words set
/// about 5% of one. The multiply in [`extend_key`] mixes the top bits the
/// filter reads.
type KeyFilter = HashFilter<256>;

/// The key of every prefix of a word sequence, shortest first.
fn running_keys(word_hashes: impl Iterator<Item = u64>) -> impl Iterator<Item = u64> {
    word_hashes.scan(KEY_START, |key, h| {
        *key = extend_key(*key, h);
        Some(*key)
    })
}

/// The word separator of a phrase, and below the column separator of the
/// lexicon, as predicates: on words and fields this short a `char`
/// pattern's searcher costs more than the bytes it skips, and the lexicon is
/// read at every start.
fn is_space(c: char) -> bool {
    c == ' '
}

fn is_tab(c: char) -> bool {
    c == '\t'
}

/// The first `N` of `items` in an array (the rest of it `fill`), and how
/// many there were: the lexicon is read at every start, and a vector per
/// line was most of the cost.
fn first_n<T: Copy, const N: usize>(items: impl Iterator<Item = T>, fill: T) -> ([T; N], usize) {
    let mut out = [fill; N];
    let mut len = 0;
    for (slot, item) in out.iter_mut().zip(items) {
        *slot = item;
        len += 1;
    }
    (out, len)
}

fn phrase_key(phrase: &str) -> u64 {
    phrase
        .split(' ')
        .fold(KEY_START, |k, w| extend_key(k, word_hash(w)))
}

/// One located lexicon match: the tokens it covers and the entry.
#[derive(Debug, Clone)]
pub struct Match<'l> {
    pub tokens: Range<usize>,
    pub entry: &'l Entry,
}

impl Lexicon {
    /// Parse the tab-separated lexicon written by `calque mine`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut lex = Lexicon::default();
        for (i, line) in text.lines().enumerate() {
            if let Some(meta) = line.strip_prefix("#mined\t") {
                lex.mined_on = meta.trim().to_string();
                continue;
            }
            if let Some(meta) = line.strip_prefix("#held\t") {
                lex.held_on = meta.trim().to_string();
                continue;
            }
            if line.starts_with('#') || line.starts_with("phrase\t") || line.trim().is_empty() {
                continue;
            }
            let bad = |what: &str| format!("line {}: {what}", i + 1);
            // The columns read, up to `evidence`.
            let (cols, found) = first_n::<_, COLUMNS>(line.split(is_tab), "");
            if found < 5 {
                return Err(bad("expected at least 5 tab-separated columns"));
            }
            let num = |s: &str| s.parse::<f32>().map_err(|_| bad("not a number"));
            let phrase = cols[0].trim();
            let (mut words, mut empty_word) = (0, false);
            for word in phrase.split(is_space) {
                words += 1;
                empty_word |= word.is_empty();
            }
            if empty_word || words > MAX_WORDS {
                return Err(bad("phrase must be 1-4 words separated by single spaces"));
            }
            let entry = Entry {
                phrase: phrase.into(),
                words: words as u8,
                weight: num(cols[1])?,
                mined_ratio: num(cols[2])?,
                held_ratio: num(cols[3])?,
                langs: cols[4].trim().into(),
                evidence: found <= EVIDENCE || cols[EVIDENCE].trim() != "0",
            };
            lex.insert(entry);
        }
        Ok(lex)
    }

    fn insert(&mut self, entry: Entry) {
        let index = self.entries.len() as u32;
        let words = entry.phrase.split(is_space).map(word_hash);
        let (keys, len) = first_n::<_, MAX_WORDS>(running_keys(words), 0);
        let keys = &keys[..len];
        if let Some(&first) = keys.first() {
            self.first_words.insert(first);
        }
        match keys {
            [one] => self.one_word_phrases.insert(*one),
            [_, two, ..] => self.two_word_prefixes.insert(*two),
            [] => {}
        }
        self.table.insert(keys.iter().copied(), index);
        self.scores.push(EntryScore {
            weight: entry.weight,
            shown: entry.is_shown(),
        });
        self.entries.push(entry);
    }

    /// The shipped lexicon, parsed on first use.
    pub fn embedded() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            Lexicon::parse(include_str!("../../models/mt_phrasing.tsv"))
                .expect("embedded models/mt_phrasing.tsv is well-formed")
        })
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Look a phrase up by its text (normalised on the fly).
    pub fn get(&self, phrase: &str) -> Option<&Entry> {
        let entry = self.table.get(&phrase_key(phrase))?;
        self.entries.get(entry as usize)
    }

    /// Every match in the scored text, leftmost-longest and non-overlapping:
    /// each word belongs to at most one match. Runs of words are broken by
    /// punctuation, numbers and paragraph ends.
    pub fn scan<'l>(&'l self, analysis: &Analysis, mut on_match: impl FnMut(Match<'l>)) {
        self.scan_entries(analysis, |tokens, entry| {
            on_match(Match {
                tokens,
                entry: &self.entries[entry as usize],
            })
        });
    }

    /// [`Lexicon::scan`] giving the tokens and number of each matched entry.
    fn scan_entries(&self, analysis: &Analysis, mut on_match: impl FnMut(Range<usize>, u32)) {
        let tokens = &analysis.tokens;
        let hashes = &analysis.word_hashes;
        // Whether token `j` is a word in the run of token `i`: runs are
        // measured only where the filters let a word through, instead of in
        // a pass over every token first.
        let in_run = |i: usize, j: usize| {
            tokens
                .get(j)
                .is_some_and(|t| t.kind == TokenKind::Word && t.paragraph == tokens[i].paragraph)
        };
        let mut p = 0;
        while p < tokens.len() {
            if tokens[p].kind != TokenKind::Word {
                p += 1;
                continue;
            }
            let first = extend_key(KEY_START, hashes[p]);
            let may_match = self.first_words.may_contain(first)
                && (self.one_word_phrases.may_contain(first)
                    || in_run(p, p + 1)
                        && self
                            .two_word_prefixes
                            .may_contain(extend_key(first, hashes[p + 1])));
            if !may_match {
                // No phrase starts with this word, or with it and the next.
                p += 1;
                continue;
            }
            // The words of the run from `p` on, tested only as far as the
            // table's prefixes reach.
            let words = (p..p + MAX_WORDS)
                .take_while(|&j| j == p || in_run(p, j))
                .map(|j| hashes[j]);
            match self.table.longest(running_keys(words)) {
                Some((len, entry)) => {
                    on_match(p..p + len, entry);
                    p += len;
                }
                None => p += 1,
            }
        }
    }
}

/// How a finding describes the languages and years an entry holds on.
fn provenance(entry: &Entry, lexicon: &Lexicon) -> String {
    let mut parts = Vec::new();
    if !entry.langs.is_empty() {
        parts.push(format!("from {}", entry.langs.replace(',', ", ")));
    }
    if !lexicon.mined_on.is_empty() {
        parts.push(format!("mined on {}", lexicon.mined_on));
    }
    if !lexicon.held_on.is_empty() {
        parts.push(format!(
            "held at {:.1}x on {}",
            entry.held_ratio, lexicon.held_on
        ));
    }
    parts.join("; ")
}

pub struct MtPhrasing;

impl Signal for MtPhrasing {
    fn info(&self) -> &'static SignalInfo {
        &INFO
    }

    /// Matches the context's lexicon: the shipped one, unless an evaluation
    /// or a test lends another ([`Context::mt_lexicon`]).
    fn check(&self, analysis: &Analysis, ctx: &Context, out: &mut SignalOutput) {
        let lexicon = ctx.mt_lexicon;
        let text = analysis.text();
        let mut score = 0.0f64;
        let mut findings = 0usize;
        // Only the dense scores are read per match; an entry itself only
        // when it is shown.
        lexicon.scan_entries(analysis, |tokens, index| {
            if ctx.allows(text, analysis.span(tokens.clone())) {
                return;
            }
            let EntryScore { weight, shown } = lexicon.scores[index as usize];
            score += f64::from(weight);
            if shown {
                let entry = &lexicon.entries[index as usize];
                findings += 1;
                let range = analysis.span(tokens);
                let message = format!(
                    "\"{}\" is {:.1}x more frequent in machine translation than in human translation of the same sentences ({})",
                    &text[range.clone()],
                    entry.mined_ratio,
                    provenance(entry, lexicon)
                );
                out.findings.push(self.finding(range, message));
            }
        });
        out.feature("MT006.rate", analysis.per_thousand_words(findings));
        let score_per_kw = if analysis.word_count == 0 {
            0.0
        } else {
            score * 1000.0 / analysis.word_count as f64
        };
        out.feature("MT006.score", score_per_kw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::document::Document;

    const LEXICON: &str = "\
# test lexicon
#mined\tWMT 2031
#held\tWMT 2032
phrase\tweight\tmined_ratio\theld_ratio\tlangs
in the field of\t1.40\t5.0\t4.1\tzh,ja
carry out cooperation\t1.80\t7.0\t6.0\tzh
the field\t0.30\t1.4\t1.3\tzh
it is reported\t1.10\t3.2\t3.0\tru
reportedly\t1.20\t3.3\t3.3\tde
as part of\t-0.90\t0.4\t0.4\tde,ru
";

    fn run(text: &str) -> SignalOutput {
        let lex = Lexicon::parse(LEXICON).unwrap();
        let doc = Document::from_text("t", text);
        let a = Analysis::new(&doc);
        let mut out = SignalOutput::default();
        let config = Config::default();
        let ctx = Context {
            mt_lexicon: &lex,
            ..Context::new(&config)
        };
        MtPhrasing.check(&a, &ctx, &mut out);
        out
    }

    fn feature(out: &SignalOutput, name: &str) -> f64 {
        out.value(name).unwrap()
    }

    #[test]
    fn finds_strong_phrasings_with_location_and_provenance() {
        let text = "The two sides will carry out cooperation In The Field Of energy.";
        let out = run(text);
        assert_eq!(
            out.excerpts(text),
            ["carry out cooperation", "In The Field Of"]
        );
        let m = &out.findings[1].message;
        assert!(
            m.contains("5.0x more frequent in machine translation"),
            "{m}"
        );
        assert!(m.contains("from zh, ja"), "{m}");
        assert!(m.contains("mined on WMT 2031"), "{m}");
        assert!(m.contains("held at 4.1x on WMT 2032"), "{m}");
        assert!(feature(&out, "MT006.rate") > 0.0);
    }

    #[test]
    fn longest_entry_wins_and_words_are_not_reused() {
        let lex = Lexicon::parse(LEXICON).unwrap();
        let doc = Document::from_text("t", "work in the field of energy and the field itself");
        let a = Analysis::new(&doc);
        let mut hits = Vec::new();
        lex.scan(&a, |m| hits.push(&*m.entry.phrase));
        assert_eq!(hits, ["in the field of", "the field"]);
    }

    #[test]
    fn punctuation_and_paragraphs_break_phrases() {
        assert!(run("We work in the field, of course.").findings.is_empty());
        assert!(run("They carry out\n\ncooperation daily.")
            .findings
            .is_empty());
    }

    #[test]
    fn apostrophes_and_case_are_normalised() {
        let lex = Lexicon::parse("it's said\t1.2\t3.0\t3.0\tzh\n").unwrap();
        assert!(lex.get("IT’S SAID").is_some());
        assert!(lex.get("its said").is_none());
    }

    #[test]
    fn weak_and_negative_entries_move_the_score_only() {
        let human = run("Reportedly, the plant was built as part of the energy plan.");
        // "reportedly" is a single word: score only, no finding.
        assert!(human.findings.is_empty());
        let words = 11.0;
        let expected = (1.2 - 0.9) * 1000.0 / words;
        assert!((feature(&human, "MT006.score") - expected).abs() < 1e-3);
        assert_eq!(feature(&human, "MT006.rate"), 0.0);
        let weak = run("We looked at the field behind the house.");
        assert!(weak.findings.is_empty());
        assert!(feature(&weak, "MT006.score") > 0.0);
    }

    #[test]
    fn entries_not_marked_as_evidence_move_the_score_only() {
        let lex = "phrase\tweight\tmined_ratio\theld_ratio\tlangs\tmt_count\tht_count\tgroups\tsystems\tevidence\n\
                   in the field of\t0.2\t5.0\t4.1\tzh\t50\t1\t9\t9\t0\n\
                   carry out cooperation\t0.1\t7.0\t6.0\tzh\t50\t1\t9\t9\t1\n";
        let lex = Lexicon::parse(lex).unwrap();
        assert!(!lex.get("in the field of").unwrap().evidence);
        let doc = Document::from_text("t", "They carry out cooperation in the field of energy.");
        let a = Analysis::new(&doc);
        let mut out = SignalOutput::default();
        let config = Config::default();
        let ctx = Context {
            mt_lexicon: &lex,
            ..Context::new(&config)
        };
        MtPhrasing.check(&a, &ctx, &mut out);
        assert_eq!(out.findings.len(), 1);
        assert!(out.findings[0].message.contains("7.0x more frequent"));
        let expected = 0.3 * 1000.0 / 9.0;
        assert!((feature(&out, "MT006.score") - expected).abs() < 1e-3);
    }

    #[test]
    fn near_misses_do_not_match() {
        // Same words, different order or a word in between.
        let out = run("They carry cooperation out. It was reported in a field of flowers.");
        assert!(out.findings.is_empty());
        assert_eq!(feature(&out, "MT006.score"), 0.0);
    }

    #[test]
    fn empty_and_odd_input_does_not_panic() {
        for text in ["", "   ", "…", "ÉTÉ İstanbul ß 中文 ‘’", "a\u{0}b"] {
            let out = run(text);
            assert!(out.findings.is_empty());
            assert!(feature(&out, "MT006.score").is_finite());
        }
    }

    #[test]
    fn rejects_malformed_lexicon() {
        assert!(Lexicon::parse("in the\tx\t1\t1\tzh\n").is_err());
        assert!(Lexicon::parse("a b c d e\t1\t1\t1\tzh\n").is_err());
        assert!(Lexicon::parse("only two\t1\n").is_err());
    }

    #[test]
    fn embedded_lexicon_loads() {
        let lex = Lexicon::embedded();
        assert!(!lex.is_empty());
        assert!(lex.entries().iter().any(|e| e.weight > 0.0));
        assert!(lex.entries().iter().any(|e| e.weight < 0.0));
    }

    #[test]
    fn dense_scores_agree_with_the_entries() {
        for lex in [
            Lexicon::parse(LEXICON).unwrap(),
            Lexicon::parse(include_str!("../../models/mt_phrasing.tsv")).unwrap(),
        ] {
            assert_eq!(lex.scores.len(), lex.entries.len());
            for (score, entry) in lex.scores.iter().zip(&lex.entries) {
                assert_eq!(score.weight.to_bits(), entry.weight.to_bits());
                assert_eq!(score.shown, entry.is_shown(), "{}", entry.phrase);
            }
            assert!(lex.scores.iter().any(|s| s.shown));
        }
    }

    #[test]
    fn every_embedded_entry_is_found_in_its_own_words() {
        // The key filters turn words away before the table is probed; a
        // filter that missed a key would lose that phrase.
        let lex = Lexicon::embedded();
        for entry in lex.entries() {
            let text = format!("{}.", entry.phrase);
            let doc = Document::from_text("t", text);
            let analysis = Analysis::new(&doc);
            let mut found = Vec::new();
            lex.scan(&analysis, |m| {
                found.push((m.tokens, m.entry.phrase.clone()))
            });
            let words = entry.words as usize;
            assert!(
                found.first() == Some(&(0..words, entry.phrase.clone())),
                "{}: {found:?}",
                entry.phrase
            );
        }
    }
}
