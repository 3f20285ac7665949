//! MT002 `quote-punctuation`: quotation marks that machine translation turned
//! around, spaced inside out, left unmatched or piled up with punctuation.
//!
//! Machine translation moves quote marks as separate tokens and a
//! detokenizer glues them back by guesswork, then a "smart quotes" pass picks
//! the glyph from whatever now surrounds it. The result is recognisable:
//! a closing quote rendered as an opening one (`the power of diplomacy “.`),
//! the space on the wrong side (`contract, “he told reporters`,
//! `He added:” The offer`), a closing quote wedged between two periods
//! (`crisis. ”.`). Each paragraph's double quotes are paired by
//! [`crate::quotes`], which tells such scrambles from a quote a person simply
//! forgot to close, or from one nested in another with the same marks
//! (`“They did not “frame” the bank,” she said.`). Consistent straight
//! quotes, or straight and curly quotes mixed, are not evidence; apostrophes
//! (`Moscow’s`, `the ’90s`) and inch marks (`6'2"`, `a 65” screen`) are not
//! quotes.
//!
//! Kinds: `misoriented`, `inside-out-space`, `colon-quote`, `pile-up`,
//! `detached`, `unbalanced`.
//!
//! # Example
//!
//! ```text
//! “We will not sign this contract, “he told reporters.
//! He added:” The offer is an insult. “
//! ```
//!
//! Here `, “he` closes the quotation with an opening glyph and the space
//! moved inside, `:”` opens one with a closing glyph, and the final `“`
//! faces the wrong way.

use crate::quotes::{DocumentQuotes, Facing, Imbalance, QuoteMark, Surround};
use crate::signals::{Context, Finding, Signal, SignalInfo, SignalOutput};
use crate::text::Analysis;

pub struct QuotePunctuation;

static INFO: SignalInfo = SignalInfo {
    code: "MT002",
    name: "quote-punctuation",
    summary: "Quotation marks turned the wrong way, spaced inside out, unmatched or piled up with punctuation",
    doc: "Finds quotation marks that machine translation scrambled. Translation engines move \
quote marks as separate tokens and a detokenizer re-attaches them by guesswork, so a closing \
quote comes out as an opening one (`the power of diplomacy “.`), the space lands on the wrong \
side (`contract, “he told reporters`, `He added:” The offer`), or a closing quote is wedged between \
two periods (`crisis. ”.`). The double quotes of each paragraph are paired by a small model \
that tells such scrambles from a quote a person forgot to close; a quotation that continues \
into the next paragraph (news style: no closing mark), or one nested in another with the same \
marks (`“They did not “frame” the bank,” she said.`), is fine. Consistent straight quotes, or \
straight and curly quotes mixed, are not evidence; apostrophes (`Moscow’s`, `the ’90s`, \
`rock ’n’ roll`) and inch marks (`6'2\"`, `a 65” screen`) are not quotes.\n\n\
Kinds: `misoriented`, `inside-out-space`, `colon-quote`, `pile-up`, `detached`, `unbalanced`.\n\n\
Example:\n\n\
```text\n“We will not sign this contract, “he told reporters.\n\
He added:” The offer is an insult. “\n```",
    default_weight: 0.6,
};

/// Finding kinds and the features their per-kind rates are reported as, in order.
const KINDS: [(&str, &str); 6] = [
    ("misoriented", "MT002.misoriented_rate"),
    ("inside-out-space", "MT002.inside_out_rate"),
    ("colon-quote", "MT002.colon_quote_rate"),
    ("pile-up", "MT002.pile_up_rate"),
    ("detached", "MT002.detached_rate"),
    ("unbalanced", "MT002.unbalanced_rate"),
];

fn facing_word(f: Facing) -> &'static str {
    match f {
        Facing::Open => "opening",
        Facing::Close => "closing",
    }
}

/// Is the mark spaced on the side that faces its quotation (`diplomacy “.`,
/// `rude. “`)? Smart-quote passes turn such marks; a wrong glyph with clean
/// spacing (`months“,`, Nordic `”Hello”`) is a typing habit, not translation.
fn spaced_inside(m: &QuoteMark, role: Facing) -> bool {
    let inner = match role {
        Facing::Open => m.next,
        Facing::Close => m.prev,
    };
    inner.is_none_or(char::is_whitespace)
}

/// Is `c` a period or comma, the punctuation that doubles up around a closing quote?
fn is_stop(c: Option<char>) -> bool {
    matches!(c, Some('.' | ','))
}

impl QuotePunctuation {
    fn mark_finding(&self, m: &QuoteMark) -> Option<Finding> {
        let role = m.role?;
        let surround = m.surround_facing();
        let (kind, message) = if role == Facing::Open
            && m.surround == Surround::Close
            && m.prev == Some(':')
        {
            (
                "colon-quote",
                format!(
                    "`:{}` opens a quotation with the space after the mark instead of before it; \
                     translation detokenizers misplace quotes this way",
                    m.ch
                ),
            )
        } else if surround.is_some_and(|s| s != role) {
            (
                "inside-out-space",
                format!(
                    "`{}` works as the {} quote of its pair but is spaced like an {} one; \
                     the space sits on the wrong side, as when translation re-attaches quotes",
                    m.ch,
                    facing_word(role),
                    facing_word(surround.unwrap_or(role)),
                ),
            )
        } else if m.glyph.is_some_and(|g| g != role) && spaced_inside(m, role) {
            (
                "misoriented",
                format!(
                    "`{}` faces the wrong way: it is the {} quote of its pair; machine-set \
                     smart quotes pick the glyph from misplaced spacing",
                    m.ch,
                    facing_word(role)
                ),
            )
        } else if m.surround == Surround::Detached {
            (
                "detached",
                format!(
                    "{} quote `{}` stands alone between spaces, as left by a translation detokenizer",
                    if role == Facing::Open {
                        "opening"
                    } else {
                        "closing"
                    },
                    m.ch
                ),
            )
        } else {
            return None;
        };
        let mut f = self.finding(m.range(), message);
        f.kind = Some(kind);
        Some(f)
    }

    /// `. ”.` / `.”,`: a closing quote with a period or comma on both sides.
    fn pile_up(&self, text: &str, m: &QuoteMark) -> Option<Finding> {
        if m.role != Some(Facing::Close) {
            return None;
        }
        let before = m
            .prev
            .filter(|c| !c.is_whitespace())
            .or(m.prev_beyond_space);
        if !is_stop(before) || !is_stop(m.next) {
            return None;
        }
        let start = text[..m.pos].trim_end().len().saturating_sub(1);
        let end = m.pos + m.ch.len_utf8() + 1;
        let mut f = self.finding(
            start..end,
            format!(
                "closing quote `{}` has a period or comma on both sides; one of them is a \
                 leftover of translation",
                m.ch
            ),
        );
        f.kind = Some("pile-up");
        Some(f)
    }

    fn single_finding(&self, m: &QuoteMark) -> Option<Finding> {
        // `‘` only ever opens; where text precedes it and space follows, or it
        // sits inside a word (`Moscow‘s`), the glyph was set the wrong way round.
        // `’` is left alone: it is also the apostrophe of `’90s` and `’n’`.
        if m.ch != '‘' || !matches!(m.surround, Surround::Close | Surround::Embedded) {
            return None;
        }
        if m.surround == Surround::Embedded && !m.prev.is_some_and(char::is_alphabetic) {
            return None;
        }
        let mut f = self.finding(
            m.range(),
            "`‘` is an opening single quote used where a closing quote or apostrophe belongs",
        );
        f.kind = Some("misoriented");
        Some(f)
    }
}

impl Signal for QuotePunctuation {
    fn info(&self) -> &'static SignalInfo {
        &INFO
    }

    fn check(&self, analysis: &Analysis, ctx: &Context, out: &mut SignalOutput) {
        let text = analysis.text();
        let quotes = DocumentQuotes::new(text, analysis.paragraphs.iter().map(|p| &p.range));
        let first = out.findings.len();
        for m in &quotes.marks {
            let found = if m.double {
                self.pile_up(text, m).or_else(|| self.mark_finding(m))
            } else {
                self.single_finding(m)
            };
            // `extend` with an `Option` would reserve room on every mark.
            if let Some(f) = found.filter(|f| !ctx.allows(text, f.range.clone())) {
                out.findings.push(f);
            }
        }
        // The marks' findings by start, with the furthest end reached so far,
        // so that whether one covers a position is a binary search (a text
        // can hold many thousands of marks).
        let mut covered: Vec<(usize, usize)> = if quotes.imbalances.is_empty() {
            Vec::new()
        } else {
            (out.findings[first..].iter())
                .map(|f| (f.range.start, f.range.end))
                .collect()
        };
        covered.sort_unstable();
        let mut furthest = 0;
        for c in &mut covered {
            furthest = furthest.max(c.1);
            c.1 = furthest;
        }
        let is_covered = |pos: usize| {
            let before = covered.partition_point(|c| c.0 <= pos);
            before > 0 && covered[before - 1].1 > pos
        };
        for imb in &quotes.imbalances {
            let (idx, message) = match *imb {
                Imbalance::OpenedTwice(k) => (
                    k,
                    "this quotation is never closed before the next one opens",
                ),
                Imbalance::StrayClose(k) => (k, "this closing quote closes no quotation"),
                Imbalance::UnclosedAtEnd(k) => (
                    k,
                    "this quotation is never closed, and the next paragraph does not reopen it",
                ),
            };
            let m = &quotes.marks[idx];
            // A mark already reported for its spacing or glyph is not counted twice.
            if is_covered(m.pos) || ctx.allows(text, m.range()) {
                continue;
            }
            let mut f = self.finding(m.range(), message);
            f.kind = Some("unbalanced");
            out.findings.push(f);
        }
        out.findings[first..].sort_by_key(|f| f.range.start);
        let n = out.findings.len() - first;
        out.feature("MT002.rate", analysis.per_thousand_words(n));
        for (kind, feature) in KINDS {
            let count = out.findings[first..]
                .iter()
                .filter(|f| f.kind == Some(kind))
                .count();
            out.feature(feature, analysis.per_thousand_words(count));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::run_on_text;

    fn kinds(text: &str) -> Vec<&'static str> {
        let out = run_on_text(&QuotePunctuation, text);
        out.findings.iter().map(|f| f.kind.unwrap()).collect()
    }

    #[test]
    fn flags_inside_out_space_after_comma() {
        assert_eq!(
            kinds("“We will not sign the contract, “he told reporters. “Never.”"),
            ["inside-out-space"]
        );
    }

    #[test]
    fn flags_closing_glyph_used_to_open_after_colon() {
        assert_eq!(
            kinds("“We need to act, “said the mayor. She added:” The bridge is unsafe. “"),
            ["inside-out-space", "colon-quote", "misoriented"]
        );
    }

    #[test]
    fn flags_opening_glyph_before_final_period() {
        assert_eq!(
            kinds("“Yes,” he said. She called it a “triumph of patience “."),
            ["misoriented"]
        );
    }

    #[test]
    fn flags_space_before_word_after_closing_glyph() {
        assert_eq!(
            kinds("“Nobody wants a war here, ”she said."),
            ["inside-out-space"]
        );
    }

    #[test]
    fn flags_period_pile_up() {
        assert_eq!(kinds("He warned of “a long winter. ”."), ["pile-up"]);
        assert_eq!(kinds("He warned of “a long winter.”."), ["pile-up"]);
    }

    #[test]
    fn correct_american_and_british_punctuation_pass() {
        assert!(kinds("“It is over,” she said. “We won.”").is_empty());
        assert!(kinds("He called the plan “reckless”.").is_empty());
        assert!(kinds("He called the plan “reckless,” then left.").is_empty());
        assert!(kinds("‘It is over’, she said.").is_empty());
        assert!(kinds("Did he really say “never”?").is_empty());
    }

    #[test]
    fn nested_and_single_word_and_scare_quotes_pass() {
        assert!(kinds("“He told me ‘no way’ twice,” she said.").is_empty());
        assert!(kinds("The so-called “peace plan” was a \"joke\".").is_empty());
        assert!(kinds("“‘Wait,’ he said,” she recalled.").is_empty());
        // Straight quotes nested by the writer, then turned curly by a CMS.
        assert!(kinds("“They did not “frame” the bank,” the ministry said.").is_empty());
    }

    #[test]
    fn straight_and_mixed_quotes_are_not_evidence() {
        assert!(kinds("\"We will go,\" she said. \"Now.\"").is_empty());
        assert!(
            kinds("It was a \"defining moment,” he said, but \"differences\" remain.").is_empty()
        );
    }

    #[test]
    fn quotation_continued_into_next_paragraph_passes() {
        let text = "“The first part of the statement ends here.\n\n“And the second part closes it,” he said.";
        assert!(kinds(text).is_empty());
    }

    #[test]
    fn quotation_split_across_lines_passes() {
        let text = "Ms Reed said: \"We will not stop.\n\nWe will win this.\" She left.";
        assert!(kinds(text).is_empty());
    }

    #[test]
    fn quotes_at_paragraph_edges_pass() {
        assert!(kinds("“Enough.”\n\n“Yes,” he said.").is_empty());
    }

    #[test]
    fn apostrophes_and_inch_marks_pass() {
        assert!(kinds("Moscow’s rock ’n’ roll from the ’90s kept goin’ all night.").is_empty());
        assert!(kinds("The 6'2\" center said \"we are ready\".").is_empty());
        assert!(kinds("Moscow's players can't wait.").is_empty());
    }

    #[test]
    fn wrong_glyph_with_clean_spacing_is_a_typing_habit() {
        assert!(kinds("“Yes,” he said, calling it “two months“, and left.").is_empty());
        assert!(kinds("”Yes”, he said, and “no” was rare.").is_empty());
    }

    #[test]
    fn plural_possessive_typed_as_straight_quote_passes() {
        assert!(kinds("He spoke on the Lakers\" official website.").is_empty());
        assert!(kinds("\"We are the leaders\" said Bob, and \"the players\" agreed.").is_empty());
        // The same turned curly by a smart-quote pass.
        assert!(kinds("He spoke on the Lakers” official website.").is_empty());
        // Inside a quotation, even one whose close is the paragraph's first
        // mark, `s”` before a lowercase word closes it.
        assert!(kinds(
            "“Nobody expected it.\n\nIt came from abroad,” she said of reports that “a new kind of bonds” was sold."
        )
        .is_empty());
    }

    #[test]
    fn paragraph_continuing_a_quote_without_reopening_passes() {
        let text =
            "He prayed for \"peace and dialogue.\"\n\nMay this year bring calm,\" the pope said.";
        assert!(kinds(text).is_empty());
    }

    #[test]
    fn one_glyph_used_for_both_sides_is_not_misoriented() {
        assert!(
            kinds("The answer was “two months“, said the survey. “Never“ was rare.").is_empty()
        );
    }

    #[test]
    fn excerpt_starting_or_ending_inside_a_quotation_passes() {
        assert!(kinds("find them, ma'am.\"\n\nShe turned away.").is_empty());
        assert!(kinds("She left.\n\nHe said: \"We will be back soon.").is_empty());
    }

    #[test]
    fn unclosed_quote_at_paragraph_end_is_unbalanced() {
        assert_eq!(
            kinds("He said “we will go and left. Later she said “fine” and stayed."),
            ["unbalanced"]
        );
    }

    #[test]
    fn opening_single_quote_as_apostrophe_is_misoriented() {
        assert_eq!(kinds("The team‘s coach left."), ["misoriented"]);
        assert!(kinds("The team’s coach left ‘for good’.").is_empty());
    }

    #[test]
    fn empty_and_odd_input_do_not_panic() {
        assert!(kinds("").is_empty());
        let _ = kinds("“");
        let _ = kinds("”\"“ ” “\"\"");
        let _ = kinds("é“ü”ß");
    }
}
