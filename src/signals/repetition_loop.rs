//! MT014 `repetition-loop`: a phrase repeated over and over in a row, the
//! loop a neural translation system falls into when its decoder stops
//! attending to the source.
//!
//! **What it finds.** A unit of one to eight tokens repeated back to back
//! inside one paragraph, compared without regard to case:
//! - a unit of two or more words ("the plan of", "she can dance ,") repeated
//!   at least three times in a row, or four times inside a quotation, where
//!   a writer may quote a chant;
//! - a unit of one word ("Tor", "May ,") repeated at least eight
//!   times in a row.
//!
//! "and", "or", "but", "by", "to", "then", "than", "after" and "upon" do not
//! count as the unit's words, so rhetoric such as "again and again and
//! again" or "more and more and more" is left alone, and a unit that is
//! itself a shorter unit repeated is reported as the shorter one.
//!
//! **Why it points to machine translation.** A neural decoder that loses
//! its place in the source can keep writing the same few tokens until it
//! reaches its length limit ("approved the plan of the plan of the plan of
//! the city"). No writer or editor leaves that in a published
//! article. In WMT 2021 and 2022 (`cargo run --release --example
//! signal_rates -- FILE MT014`) loops are in 0.5% and 0.3% of the machine
//! translations and in none of the human translations or English originals.
//!
//! **Example.**
//! ```text
//! The committee approved the plan of the plan of the plan of the city council on Tuesday.
//!                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ "the plan of" 3 times in a row
//! ```

use std::ops::Range;

use super::{Context, Signal, SignalInfo, SignalOutput};
use crate::text::{ascii_word_hashes, Analysis, TokenKind};

pub struct RepetitionLoop;

static INFO: SignalInfo = SignalInfo {
    code: "MT014",
    name: "repetition-loop",
    summary: "A phrase repeated over and over in a row (\"the plan of the plan of the plan of\"), a decoder loop",
    doc: "Finds a unit of one to eight tokens repeated back to back inside one paragraph, \
compared without regard to case: a unit of two or more words repeated at least three times in \
a row (four inside a quotation, where a writer may quote a chant), or a single word repeated at \
least eight times. \"and\", \"or\", \"but\", \"by\", \"to\", \"then\", \"than\", \"after\" and \"upon\" do \
not count as the unit's words, so \"again and again and again\" is left alone.\n\n\
**Why it points to machine translation:** a neural decoder that loses its place in the source \
can keep writing the same few tokens until it reaches its length limit. No writer or editor \
leaves that in a published article. In WMT 2021 and 2022 loops are in 0.5% and 0.3% of the \
machine translations and in none of the human translations or English originals.\n\n\
**Example:** `The committee approved the plan of the plan of the plan of the city council on \
Tuesday.` reports `the plan of the plan of the plan of the` (\"the plan of\" 3 times in a row).",
    default_weight: 1.0,
};

/// Longest unit looked for, in tokens.
pub const MAX_UNIT: usize = 8;
/// Repetitions a unit of two or more words needs.
const MIN_REPEATS: usize = 3;
/// ... inside a quotation, where a chant ("Lock her up! Lock her up!") is quoted.
const MIN_REPEATS_QUOTED: usize = 4;
/// Repetitions a unit of one word needs: a writer may repeat a word for
/// effect ("No, no, no, no"), a sound ("tick-tick-tick") or a call, a few times.
const MIN_REPEATS_ONE_WORD: usize = 8;

/// Words that join the repetitions of rhetoric ("again and again", "one by
/// one", "more and more") and so do not count as a unit's words.
const CONNECTORS: [u64; 9] = ascii_word_hashes(&[
    "and", "or", "but", "by", "to", "then", "than", "after", "upon",
]);

impl Signal for RepetitionLoop {
    fn info(&self) -> &'static SignalInfo {
        &INFO
    }

    fn check(&self, a: &Analysis, ctx: &Context, out: &mut SignalOutput) {
        let text = a.text();
        let mut loops = 0usize;
        for found in find_loops(a) {
            let range = a.span(found.tokens.clone());
            if ctx.allows(text, range.clone()) {
                continue;
            }
            let unit = &text[a.span(found.tokens.start..found.tokens.start + found.unit)];
            let message = format!(
                "\"{unit}\" {} times in a row: a translation system's decoder looping on its \
own output; no writer leaves this in",
                found.repeats
            );
            out.findings.push(self.finding(range, message));
            loops += 1;
        }
        out.feature("MT014.rate", a.per_thousand_words(loops));
    }
}

/// One reported loop.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Loop {
    /// Token indices of the whole loop: `repeats` copies of the unit (the
    /// last perhaps without its closing punctuation) and any part of a copy
    /// after them.
    tokens: Range<usize>,
    /// Tokens in the unit.
    unit: usize,
    repeats: usize,
}

/// Every loop of the article, in text order, none overlapping another.
fn find_loops(a: &Analysis) -> Vec<Loop> {
    let bytes = a.text().as_bytes();
    // Tokens equal without regard to case: words and numbers by their hash,
    // punctuation (hash 0) by its text.
    let same = |i: usize, j: usize| {
        let h = a.word_hashes[i];
        h == a.word_hashes[j]
            && (h != 0 || bytes[a.tokens[i].range()] == bytes[a.tokens[j].range()])
    };
    let mut found = Vec::new();
    let hashes = &a.word_hashes;
    // The whole article at once rather than paragraph by paragraph: most
    // paragraphs are a sentence or two, too short to repay a search of
    // their own. A run is then cut to its paragraph.
    for unit in 1..=MAX_UNIT {
        // Three copies of a unit, the last perhaps without its closing
        // punctuation, hold at least 2 x `unit` - 1 positions in a row whose
        // token equals the one `unit` tokens on (eight copies of one token,
        // seven), so looking at every `stride`-th position finds each such
        // run without comparing every token.
        let stride = if unit == 1 {
            MIN_REPEATS_ONE_WORD - 1
        } else {
            2 * unit - 1
        };
        let mut from = 0;
        while let Some(j) = next_equal(hashes, unit, stride, from) {
            let paragraph = &a.paragraphs[a.tokens[j].paragraph].tokens;
            let (first, end) = (paragraph.start, paragraph.end);
            if j + unit >= end || !same(j, j + unit) {
                from = j + stride;
                continue;
            }
            let mut start = j;
            while start > first && same(start - 1, start - 1 + unit) {
                start -= 1;
            }
            let mut last = j;
            while last + 1 + unit < end && same(last + 1, last + 1 + unit) {
                last += 1;
            }
            if let Some(l) = loop_at(a, start, last + 1 + unit, unit, &same) {
                found.push(l);
            }
            from = last + 1;
        }
    }
    // Each unit length was searched on its own: keep the first of any loops
    // that overlap.
    found.sort_by_key(|l| (l.tokens.start, l.unit));
    let mut kept: Vec<Loop> = Vec::with_capacity(found.len());
    for l in found {
        if kept.last().is_none_or(|k| k.tokens.end <= l.tokens.start) {
            kept.push(l);
        }
    }
    kept
}

/// The first of the positions `from`, `from + stride`, ... whose hash equals
/// the one `unit` on.
// Not inlined: on its own it compiles to a loop of seven instructions a
// position; inlined into the search it took twice as many.
#[inline(never)]
fn next_equal(hashes: &[u64], unit: usize, stride: usize, from: usize) -> Option<usize> {
    let n = hashes.len().checked_sub(unit)?;
    // Two slices of one length, so that the loop indexes both unchecked.
    let (here, on) = (&hashes[..n], &hashes[unit..]);
    let mut k = from;
    while k < n {
        if here[k] == on[k] {
            return Some(k);
        }
        k += stride;
    }
    None
}

/// The loop of the tokens `start..end`, each equal to the one `unit` on, if
/// it is one to report.
fn loop_at(
    a: &Analysis,
    start: usize,
    end: usize,
    unit: usize,
    same: &impl Fn(usize, usize) -> bool,
) -> Option<Loop> {
    // Three copies, the last perhaps without its closing punctuation, are
    // the fewest reported; most pairs of equal tokens are not even that.
    if end - start < 3 * unit - 1 || !is_primitive(same, start, unit) {
        return None;
    }
    // Start at the unit's first word or number, not its punctuation: ", she
    // can dance" reads as "she can dance,".
    let start = (start..start + unit).find(|&i| a.tokens[i].kind != TokenKind::Punct)?;
    let mut repeats = (end - start) / unit;
    // A last copy that lacks only the unit's closing punctuation counts:
    // "she can dance, she can dance." holds "she can dance," twice.
    if (end - start) % unit == unit - 1 && a.tokens[start + unit - 1].kind == TokenKind::Punct {
        repeats += 1;
    }
    if repeats < MIN_REPEATS {
        return None;
    }
    let need = repeats_needed(a, start, unit)?;
    (repeats >= need).then_some(Loop {
        tokens: start..end,
        unit,
        repeats,
    })
}

/// Whether the unit of `len` tokens at `start` is not itself a shorter
/// unit repeated ("of the of the" as a unit of four): that loop is found,
/// and reported, with the shorter unit.
fn is_primitive(same: &impl Fn(usize, usize) -> bool, start: usize, len: usize) -> bool {
    (1..len)
        .filter(|&d| len.is_multiple_of(d))
        .all(|d| (start..start + len - d).any(|i| !same(i, i + d)))
}

/// How many repetitions the unit at `start` needs to be reported, or `None`
/// if it has no word of its own.
fn repeats_needed(a: &Analysis, start: usize, unit: usize) -> Option<usize> {
    let words = (start..start + unit)
        .filter(|&i| a.tokens[i].kind == TokenKind::Word && !CONNECTORS.contains(&a.word_hashes[i]))
        .count();
    match words {
        0 => None,
        1 => Some(MIN_REPEATS_ONE_WORD),
        _ if in_quotation(a, start) => Some(MIN_REPEATS_QUOTED),
        _ => Some(MIN_REPEATS),
    }
}

/// Tokens looked back over for an open quotation: enough for any quoted
/// sentence, and a bound that keeps a paragraph of many loops linear.
const QUOTE_WINDOW: usize = 200;

/// Whether an odd number of double quotation marks come before token `i`
/// in its paragraph, within [`QUOTE_WINDOW`] tokens: the token is then
/// inside a quotation.
fn in_quotation(a: &Analysis, i: usize) -> bool {
    let first = a.paragraphs[a.tokens[i].paragraph].tokens.start;
    let text = a.text();
    a.tokens[first.max(i.saturating_sub(QUOTE_WINDOW))..i]
        .iter()
        .filter(|t| {
            t.kind == TokenKind::Punct
                && matches!(&text[t.range()], "\"" | "“" | "”" | "„" | "«" | "»")
        })
        .count()
        % 2
        == 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::run_on_text;
    use proptest::prelude::*;

    /// The text of each finding and the signal's rate.
    fn loops(text: &str) -> (Vec<&str>, f64) {
        let out = run_on_text(&RepetitionLoop, text);
        let found = out.excerpts(text);
        let rate = out.value("MT014.rate").unwrap();
        (found, rate)
    }

    #[test]
    fn finds_a_phrase_looping_in_a_sentence() {
        let (found, rate) = loops(
            "The committee approved the plan of the plan of the plan of the city council on Tuesday.",
        );
        assert_eq!(found, ["the plan of the plan of the plan of the"]);
        // 17 words, one loop.
        assert!((rate - 1000.0 / 17.0).abs() < 1e-9, "{rate}");
    }

    #[test]
    fn the_message_names_the_unit_and_its_repetitions() {
        let text = "She can sing, she can dance, she can dance, she can dance, she can dance.";
        let out = run_on_text(&RepetitionLoop, text);
        assert_eq!(out.findings.len(), 1);
        let f = &out.findings[0];
        assert_eq!(
            &text[f.range.clone()],
            "she can dance, she can dance, she can dance, she can dance"
        );
        assert!(
            f.message.starts_with("\"she can dance,\" 4 times in a row"),
            "{}",
            f.message
        );
    }

    #[test]
    fn case_does_not_matter() {
        let (found, _) = loops("Sign up today! sign UP today! SIGN up Today! Read on.");
        assert_eq!(found, ["Sign up today! sign UP today! SIGN up Today!"]);
    }

    #[test]
    fn a_loop_across_sentences_is_one_finding() {
        let text = "From our reporter, Lisbon From our reporter, Lisbon From our reporter, Lisbon";
        let (found, _) = loops(text);
        assert_eq!(found, [text]);
    }

    #[test]
    fn a_single_word_needs_eight_repetitions() {
        let seven = "The village of Hollin Tor Tor Tor Tor Tor Tor Tor in the hills.";
        assert!(loops(seven).0.is_empty());
        let eight = "The village of Hollin Tor Tor Tor Tor Tor Tor Tor Tor in the hills.";
        assert_eq!(loops(eight).0, ["Tor Tor Tor Tor Tor Tor Tor Tor"]);
        // With its comma, a word is still a unit of one word.
        let listed = "Selected: May, May, May, May, May, May, May, May, the rest.";
        assert_eq!(loops(listed).0, ["May, May, May, May, May, May, May, May,"]);
    }

    #[test]
    fn rhetoric_and_sounds_are_not_loops() {
        for text in [
            "He knocked again and again and again and again until the door opened.",
            "Prices rose more and more and more and more each week.",
            "They came in one by one by one by one.",
            "\"No, no, no, no,\" she said.",
            "A sound like tick-tick-tick, tick - tick - tick - tick - tick - tick - tick, then silence.",
            "The score stood at 1-1, 1-1, 1-1 across three matches.",
            "Red, red; red, red, red, red, red.",
        ] {
            assert!(loops(text).0.is_empty(), "{text}");
        }
    }

    #[test]
    fn a_quoted_chant_needs_four_repetitions() {
        let three = "The crowd chanted \"Lock them up! Lock them up! Lock them up!\" outside.";
        assert!(loops(three).0.is_empty());
        let four =
            "The crowd chanted \"Lock them up! Lock them up! Lock them up! Lock them up!\" outside.";
        assert_eq!(loops(four).0.len(), 1);
        // The same three repetitions outside a quotation are reported.
        let unquoted = "The crowd chanted lock them up, lock them up, lock them up outside.";
        assert_eq!(
            loops(unquoted).0,
            ["lock them up, lock them up, lock them up"]
        );
    }

    #[test]
    fn a_loop_is_reported_with_its_shortest_unit() {
        let text = "It was part of the of the of the of the of the report.";
        let out = run_on_text(&RepetitionLoop, text);
        assert_eq!(out.findings.len(), 1);
        let f = &out.findings[0];
        assert_eq!(&text[f.range.clone()], "of the of the of the of the of the");
        assert!(f.message.starts_with("\"of the\" 5 times"));
    }

    #[test]
    fn loops_do_not_cross_paragraphs() {
        let text = "Sign up for our newsletter!\n\nSign up for our newsletter!\n\nSign up for our newsletter!";
        assert!(loops(text).0.is_empty());
    }

    #[test]
    fn two_loops_in_one_paragraph_are_two_findings() {
        let text = "It is cold and wet, it is cold and wet, it is cold and wet, and then \
Harlow - 12, Harlow - 12, Harlow - 12, Harlow - 12, Harlow - 12, Harlow - 12, Harlow - 12, \
Harlow - 12, Harlow - 12 was the count.";
        let (found, _) = loops(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("It is cold and wet"));
        assert!(found[1].starts_with("Harlow - 12"));
    }

    #[test]
    fn ordinary_prose_has_no_loops() {
        let text = include_str!("../../corpus/examples/roundtrip.txt");
        assert_eq!(loops(text), (vec![], 0.0));
        let human = "The talks will resume next week. Officials said the talks, the first \
in months, had gone well, and that the next round of talks would be held in Geneva.";
        assert!(loops(human).0.is_empty());
    }

    #[test]
    fn every_loop_of_a_paragraph_of_many_is_found() {
        // One paragraph, no sentence end, 8,000 quoted loops: each looks
        // back a bounded number of tokens for its quotation mark.
        let text = "“the vote of the vote of the vote of the vote of the” members, ".repeat(8_000);
        let out = run_on_text(&RepetitionLoop, &text);
        assert_eq!(out.findings.len(), 8_000);
        assert!(out
            .findings
            .iter()
            .all(|f| f.message.starts_with("\"the vote of\" 4 times")));
    }

    /// Ordinary words none of the sentence around the loop holds.
    const WORDS: &[&str] = &[
        "minister", "budget", "river", "green", "vote", "office", "state", "bridge", "winter",
        "council", "price", "school",
    ];

    proptest! {
        /// Any unit of two to six different words, with a closing comma or
        /// without, repeated three to nine times, is one loop: exactly the
        /// repeated text, with the unit and the count in its message.
        #[test]
        fn a_repeated_unit_of_different_words_is_one_loop(
            words in prop::sample::subsequence(WORDS, 2..=6).prop_shuffle(),
            comma in any::<bool>(),
            times in 3..10usize,
        ) {
            let unit = format!("{}{}", words.join(" "), if comma { "," } else { "" });
            let looped = vec![unit.as_str(); times].join(" ");
            let text = format!("Officials at the port said on Monday that {looped} and left.");
            let out = run_on_text(&RepetitionLoop, &text);
            prop_assert_eq!(out.findings.len(), 1);
            let f = &out.findings[0];
            prop_assert_eq!(&text[f.range.clone()], looped.as_str());
            let expected = format!("\"{unit}\" {times} times in a row");
            prop_assert!(f.message.starts_with(&expected), "{}", f.message);
        }

        /// Two copies are never a loop, whatever the unit.
        #[test]
        fn two_copies_are_not_a_loop(words in prop::sample::subsequence(WORDS, 1..=6)) {
            let unit = words.join(" ");
            let text = format!("Officials said that {unit} {unit} and left.");
            prop_assert!(loops(&text).0.is_empty());
        }
    }

    #[test]
    fn a_loop_of_sixty_thousand_tokens_is_one_finding() {
        // Every position matches the next copy's, and each unit length
        // walks the run once.
        let text = "the office of ".repeat(20_000);
        let (found, _) = loops(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].len(), text.trim_end().len());
    }
}
