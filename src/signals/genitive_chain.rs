//! MT010 `genitive-chain`: stacked "of" phrases such as "the head of the
//! department of the ministry of the region".
//!
//! Reports three "of" phrases stacked within four words of each other in one
//! sentence ("the decision of the government of the republic of Tatarstan"),
//! or two whose every link is "X of the Y" ("the head of the department of
//! the ministry"), and measures the density of "the" and "of" in the whole
//! article.
//!
//! Why it points to machine translation: languages with case or particle
//! genitives (Russian, Czech, Ukrainian, German, Chinese 的, Japanese の) stack
//! possessors freely, and translation systems render each link literally as
//! "of the", where an English writer would use a compound ("the regional
//! ministry's department head") or restructure. The same literal rendering
//! makes machine output denser in "the" and "of" than human translations and
//! English originals of the same news, in every year measured.
//!
//! Precision: any two "of" close together ("fears of a flood of Venice")
//! are ordinary English; on WMT 2021 they occur in 44% of the
//! original English articles, about as often as in machine output (53%). The
//! reported chains occur in 3.2% (2021) and 1.0% (2022) of original articles
//! against 14.4% and 7.6% of machine output.
//!
//! Example: "the decision of the government of the republic" is reported;
//! "the government's decision", "fears of a flood of Venice" and "one of
//! the best of all time" (the second "of" five words on) are not.

use crate::signals::{Context, Signal, SignalInfo, SignalOutput};
use crate::text::{ascii_word_hash, Analysis, TokenKind};

pub struct GenitiveChain;

/// Most words allowed between the two "of" of a chain.
pub const MAX_GAP_WORDS: usize = 3;

// Hashes first, the text only to confirm a match.
const THE: u64 = ascii_word_hash("the");
const OF: u64 = ascii_word_hash("of");

static INFO: SignalInfo = SignalInfo {
    code: "MT010",
    name: "genitive-chain",
    summary: "Stacked \"of\" phrases (\"the head of the department of the ministry\") typical of literal translation",
    doc: "Reports three \"of\" phrases stacked within four words of each other in one sentence \
(\"the decision of the government of the republic of Tatarstan\"), or two whose every link is \
\"X of the Y\" (\"the head of the department of the ministry\"), and measures the density of \"the\" \
and \"of\" in the article (`MT010.the_of`, per 1,000 words). Any two \"of\" close together (\"fears of \
a flood of Venice\") are ordinary English and are not reported.\n\n\
Why it points to machine translation: languages with case or particle genitives (Russian, Czech, \
Ukrainian, German, Chinese, Japanese) stack possessors freely, and translation systems render each \
link literally as \"of the\", where an English writer would use a compound or a possessive. The same \
literal rendering makes machine output denser in \"the\" and \"of\" than human translations and English \
originals of the same news, in every year measured.\n\n\
Example: \"the decision of the government of the republic\" is reported; \"the government's \
decision\" and \"fears of a flood of Venice\" are not.",
    default_weight: 0.3,
};

impl Signal for GenitiveChain {
    fn info(&self) -> &'static SignalInfo {
        &INFO
    }

    fn check(&self, analysis: &Analysis, ctx: &Context, out: &mut SignalOutput) {
        // Token bytes, compared without the char-boundary checks of slicing the text.
        let bytes = analysis.text().as_bytes();
        let tok = |i: usize| &bytes[analysis.tokens[i].range()];
        let is_of = |i: usize| analysis.word_hashes[i] == OF && tok(i).eq_ignore_ascii_case(b"of");
        // One pass over the article's tokens rather than one per sentence:
        // the sentences hold every token, most sentences are short, and a
        // pass of its own has its setup and its tail to pay.
        let mut ofs = Vec::new();
        let thes = count_the_and_find_of(analysis, &mut ofs);
        let the_of = thes + ofs.len();
        let mut chains = 0usize;
        // The first "of" not before the current sentence.
        let mut next_of = 0;
        for sentence in &analysis.sentences {
            // A chain needs two "of", which most sentences do not have, so
            // they stop here.
            let first_of = next_of;
            while ofs.get(next_of).is_some_and(|&i| i < sentence.end) {
                next_of += 1;
            }
            if next_of - first_of < 2 {
                continue;
            }
            // Words seen since the previous "of"; a chain ends on other punctuation.
            let mut words_since = 0usize;
            // The chain's first two "of" and how many it has (0: no chain).
            let mut first_ofs = [0usize; 2];
            let mut links = 0usize;
            let mut flush = |end: usize, links: usize, ofs: [usize; 2], out: &mut SignalOutput| {
                let start = match links {
                    0..=1 => return,
                    2 => match determined_start(analysis, sentence.start, ofs) {
                        Some(the) => the,
                        None => return,
                    },
                    // The chain starts at the word before its first "of".
                    _ => ofs[0].saturating_sub(1).max(sentence.start),
                };
                let range = analysis.tokens[start].start..analysis.tokens[end].end;
                if ctx.allows(analysis.text(), range.clone()) {
                    return;
                }
                let text = &analysis.text()[range.clone()];
                out.findings.push(self.finding(
                    range,
                    format!(
                        "{links} stacked \"of\" phrases in \"{text}\": literal rendering of a genitive chain; English would use a compound or possessive"
                    ),
                ));
                chains += 1;
            };
            let mut last_of = 0usize;
            // The tokens before the first "of" leave no chain open: the scan
            // starts there.
            debug_assert!(ofs[first_of] >= sentence.start);
            for i in ofs[first_of]..sentence.end {
                let t = &analysis.tokens[i];
                match t.kind {
                    TokenKind::Word if is_of(i) => {
                        let linked = links > 0 && (1..=MAX_GAP_WORDS).contains(&words_since);
                        if linked {
                            if links < 2 {
                                first_ofs[links] = i;
                            }
                            links += 1;
                        } else {
                            flush(last_of, links, first_ofs, out);
                            first_ofs[0] = i;
                            links = 1;
                        }
                        last_of = i;
                        words_since = 0;
                    }
                    TokenKind::Word | TokenKind::Number => {
                        words_since += 1;
                        if words_since <= 2 && links >= 2 {
                            // Include the object of the last "of" ("of the ministry").
                            last_of = i;
                        }
                    }
                    TokenKind::Punct => {
                        if tok(i) != b"-" {
                            flush(last_of, links, first_ofs, out);
                            links = 0;
                        }
                    }
                }
            }
            flush(last_of, links, first_ofs, out);
        }
        out.feature("MT010.rate", analysis.per_thousand_words(chains));
        out.feature("MT010.the_of", analysis.per_thousand_words(the_of));
    }
}

/// The bits on which the hashes of "the" and "of" agree: a hash that differs
/// from them there is neither, which one mask and one compare tell (another
/// word passes once in 2^31, and is turned away by its hash).
const THE_OF_BITS: u64 = !(THE ^ OF);

/// Whether `hash` may be that of "the" or "of" (see [`THE_OF_BITS`]).
fn may_be_the_or_of(hash: u64) -> bool {
    hash & THE_OF_BITS == OF & THE_OF_BITS
}

/// The "the" in the article, counted from the hashes and confirmed on the
/// text; the indices of its "of", found the same way, are pushed to `ofs`.
/// Only a word can read "of" or "the" (a number starts with a digit,
/// punctuation is one mark), so the token's kind is not tested.
// Not inlined: in a function of its own the loop keeps its constants in
// registers instead of reloading them for every token.
#[inline(never)]
fn count_the_and_find_of(a: &Analysis, ofs: &mut Vec<usize>) -> usize {
    let bytes = a.text().as_bytes();
    let mut thes = 0;
    // Setting the 0x20 bit lowercases a letter, and makes no other byte a
    // lowercase letter: `b | 0x20 == b't'` holds for 't' and 'T' only.
    let folded = |b: &u8| b | 0x20;
    let mut confirm = |i: usize, hash: u64| match &bytes[a.tokens[i].range()] {
        [o, f] if hash == OF && [folded(o), folded(f)] == *b"of" => ofs.push(i),
        [t, h, e] if hash == THE && [folded(t), folded(h), folded(e)] == *b"the" => thes += 1,
        _ => {}
    };
    // Four hashes a round, so the loop's own count and test are paid once
    // for four tokens.
    let rounds = a.word_hashes.chunks_exact(4);
    let tail = rounds.remainder();
    for (round, hashes) in rounds.enumerate() {
        for (offset, &hash) in hashes.iter().enumerate() {
            if may_be_the_or_of(hash) {
                confirm(round * 4 + offset, hash);
            }
        }
    }
    let tail_start = a.word_hashes.len() - tail.len();
    for (offset, &hash) in tail.iter().enumerate() {
        if may_be_the_or_of(hash) {
            confirm(tail_start + offset, hash);
        }
    }
    thes
}

/// "the head of the department of the ministry": for a two-link chain whose
/// "of" are at `ofs`, the index of the "the" that opens it when every link
/// reads "the [modifier] noun of the …" in lower case; `None` otherwise.
fn determined_start(a: &Analysis, sentence_start: usize, ofs: [usize; 2]) -> Option<usize> {
    let lower_word = |i: usize| {
        a.tokens[i].kind == TokenKind::Word && a.tok(i).bytes().all(|b| b.is_ascii_lowercase())
    };
    let is_the = |i: usize| i < a.tokens.len() && a.tok(i) == "the";
    // "the [modifier] noun" right before `of`: its "the" (or a sentence's
    // "The"), if there is one.
    let opened_by_the = |of: usize, from: usize| {
        (2..=3)
            .find(|&back| {
                of >= from + back
                    && matches!(a.tok(of - back), "the" | "The")
                    && (of - back + 1..of).all(|i| lower_word(i) && !is_the(i))
            })
            .map(|back| of - back)
    };
    let [first, second] = ofs;
    let start = opened_by_the(first, sentence_start)?;
    (is_the(first + 1) && opened_by_the(second, first + 1) == Some(first + 1) && is_the(second + 1))
        .then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::run_on_text;

    fn run(text: &str) -> (Vec<&str>, f64) {
        let out = run_on_text(&GenitiveChain, text);
        let spans = out.excerpts(text);
        let the_of = out.value("MT010.the_of").unwrap();
        (spans, the_of)
    }

    #[test]
    fn the_and_of_pass_their_bit_filter() {
        assert!(may_be_the_or_of(THE) && may_be_the_or_of(OF));
        assert!(!may_be_the_or_of(0));
        assert!(!may_be_the_or_of(ascii_word_hash("then")));
        // Counts on either side of a round of four tokens, and in its tail.
        for text in [
            "of",
            "a the of",
            "x x x the",
            "x x x x of",
            "the of the of the of",
        ] {
            let thes = text.split(' ').filter(|w| *w == "the").count();
            let ofs = text.split(' ').filter(|w| *w == "of").count();
            let words = text.split(' ').count() as f64;
            assert_eq!(run(text).1, (thes + ofs) as f64 * 1000.0 / words, "{text}");
        }
    }

    #[test]
    fn folded_bytes_match_as_case_insensitive_comparison_does() {
        // `count_the_and_find_of` tells "the" and "of" by `b | 0x20`.
        for b in 0..=u8::MAX {
            for letter in *b"theof" {
                assert_eq!(b | 0x20 == letter, b.eq_ignore_ascii_case(&letter), "{b}");
            }
        }
        // Five of eight words, in any case; words that only start alike are not counted.
        assert_eq!(run("THE head OF The department Of tHe ministry.").1, 625.0);
        assert_eq!(run("the head of the department of the ministry.").1, 625.0);
        assert_eq!(run("Theory often offers thee oft-cited thew.").1, 0.0);
    }

    #[test]
    fn finds_stacked_genitives() {
        let (spans, _) = run("They met the head of the department of the ministry on Friday.");
        assert_eq!(spans, ["the head of the department of the ministry"]);
        let (spans, _) = run("It was the decision of the government of the republic of Tatarstan.");
        assert_eq!(spans.len(), 1);
        assert!(spans[0].contains("of the republic of"), "{spans:?}");
    }

    #[test]
    fn two_links_need_the_on_every_link() {
        let (spans, _) = run("Officials announced the transfer of the control of the port.");
        assert_eq!(spans, ["the transfer of the control of the port"]);
        let (spans, _) = run("It marked the start of the second half of the season.");
        assert_eq!(spans, ["the start of the second half of the season"]);
        let (spans, _) = run("The head of the department of the ministry resigned.");
        assert_eq!(spans, ["The head of the department of the ministry"]);
        // Ordinary English: no article on a link, a name, or a quantity.
        assert!(run("Fears of a flood of Venice grow.").0.is_empty());
        assert!(run("He is one of the members of the team.").0.is_empty());
        assert!(run("She leads the Bank of England board of governors.")
            .0
            .is_empty());
        assert!(run("Tens of thousands of people marched.").0.is_empty());
        assert!(run("The sale of the majority of shares ended.")
            .0
            .is_empty());
    }

    #[test]
    fn sentences_without_a_chain_still_count_the_and_of() {
        // The first two sentences have fewer than two "of" and skip the
        // chain scan; their "The" and "OF" count all the same.
        let (spans, d) = run("The end. OF course. Head of the unit of the firm of the city.");
        assert_eq!(spans, ["Head of the unit of the firm of the city"]);
        // 8 of 14 words.
        assert!((d - 8000.0 / 14.0).abs() < 1e-9, "{d}");
        // "theme" and "often" merely start like them.
        assert_eq!(run("The theme often recurs.").1, 250.0);
    }

    #[test]
    fn near_misses() {
        // Possessive instead of a chain.
        assert!(
            run("The government's decision surprised the regional ministry.")
                .0
                .is_empty()
        );
        // Second "of" too far away.
        assert!(run("One of the best players in the history of the club.")
            .0
            .is_empty());
        // Separated by a comma: two phrases, not a chain.
        assert!(run("Most of them, of course, stayed.").0.is_empty());
        // A single "of".
        assert!(run("The price of oil rose.").0.is_empty());
    }

    #[test]
    fn measures_the_and_of_density() {
        // "the", "of", "the" among 5 words -> 600 per 1,000.
        let (_, d) = run("The price of the oil.");
        assert!((d - 600.0).abs() < 1e-9);
        assert_eq!(run("").1, 0.0);
    }
}
