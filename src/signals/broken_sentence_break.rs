//! MT003 `broken-sentence-break`: periods that split a sentence in the wrong
//! place, where a translation system's segmenter failed.
//!
//! Translation engines work sentence by sentence. When the segmenter breaks a
//! sentence at a false boundary, each half is translated on its own and glued
//! back with a period between them: `the School. of Sanford`, `calm for
//! months. economic ties`, or a stray period
//! left where a segment ended (`the crisis. .`, `plan. , but`). Human prose
//! has abbreviations (`U.S.`, `Mr.`, `Jan.`, `a.m.`, `e.g.`, `No.`),
//! initials (`J. K. Rowling`), decimals, domains (`example.com`), ellipses,
//! numbered lists, lowercase particles of names (`von der Leyen`) and brands
//! (`iPhone`, `eBay`) after a period; none of those is flagged.
//!
//! Kinds: `lowercase-after-period`, `fragment` (a sentence cut off after a word
//! that cannot end one, `through the. Ukraine`), `stray-period`.
//!
//! # Example
//!
//! ```text
//! The region has been calm for months. economic ties between the two ports
//! have grown.
//! ```

use crate::signals::{Context, Finding, Signal, SignalInfo, SignalOutput};
use crate::text::{self, Analysis};

pub struct BrokenSentenceBreak;

static INFO: SignalInfo = SignalInfo {
    code: "MT003",
    name: "broken-sentence-break",
    summary: "A period that splits a sentence where no sentence ends, or a stray period left by segmentation",
    doc: "Finds periods that cut a sentence in the wrong place. Translation engines work \
sentence by sentence; when the segmenter breaks at a false boundary, each half is translated \
alone and glued back with a period between them (`the School. of Sanford`, `calm for \
months. economic ties`), a sentence ends on a word that \
cannot end one (`through the. Ukraine`), or a stray period is left where a segment ended \
(`the crisis. .`, `plan. , but`). Abbreviations (`U.S.`, `Mr.`, `Jan.`, `a.m.`, `e.g.`, \
`No.`), initials (`J. K. Rowling`), decimals, domains, ellipses, numbered lists, lowercase \
name particles (`von der Leyen`) and brands (`iPhone`, `eBay`) are not flagged.\n\n\
Kinds: `lowercase-after-period`, `fragment`, `stray-period`.\n\n\
Example:\n\n\
```text\nThe region has been calm for months. economic ties between the two ports have grown.\n```",
    default_weight: 0.8,
};

/// Abbreviations beyond the shared list that are followed by lowercase text.
const MORE_ABBREVIATIONS: &[&str] = &[
    "al", "cf", "ca", "vol", "vols", "pp", "op", "ed", "eds", "dept", "univ", "assn", "bros",
    "ave", "blvd", "rd", "in", "oz", "lb", "lbs", "sq", "min", "max", "nos", "tel", "ext", "incl",
    "excl", "esp", "viz", "resp", "govt", "intl", "natl", "adm", "maj", "cmdr", "supt", "det",
    "insp", "messrs", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "jun", "jul", "nr", "pt", "pts", "yr", "yrs", "hr", "hrs", "mins", "sec", "secs", "km", "cm",
    "mm", "kg", "mg", "ml", "mph", "ibid", "misc", "abbr", "dist", "div", "cap", "art", "sect",
    "ch", "fig", "figs", "para", "mgr", "asst", "assoc", "dir", "ref", "vol",
];

/// Lowercase words that start names or brands and may follow a period.
const LOWERCASE_STARTERS: &[&str] = &[
    "von", "van", "de", "der", "den", "du", "da", "di", "dos", "das", "del", "della", "la", "le",
    "al", "el", "bin", "ibn", "ter", "ten", "zu", "af", "y",
];

/// Words that cannot end an English sentence: a period right after one cuts a sentence.
const NON_FINAL_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "nor", "its", "their", "whose", "than", "of", "from", "very",
];

fn is_abbreviation(word: &str) -> bool {
    if text::is_abbreviation(word) {
        return true;
    }
    let lower = word.to_ascii_lowercase();
    MORE_ABBREVIATIONS.contains(&lower.as_str())
}

/// The word (letters, digits, inner dots, hyphens, apostrophes) ending at byte `end`.
fn word_before(s: &str, end: usize) -> &str {
    let start = s[..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '\'' | '’')))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &s[start..end]
}

/// The word (letters, digits, hyphens, apostrophes) starting at byte `start`.
fn word_after(s: &str, start: usize) -> &str {
    let end = s[start..]
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | '\'' | '’')))
        .map_or(s.len(), |(i, _)| start + i);
    &s[start..end]
}

impl BrokenSentenceBreak {
    fn check_paragraph(&self, text: &str, range: std::ops::Range<usize>, out: &mut Vec<Finding>) {
        let para = &text[range.clone()];
        // Paragraphs written all in lowercase follow no capitalisation rule.
        if !para.starts_with(|c: char| !c.is_lowercase()) {
            return;
        }
        let bytes = para.as_bytes();
        for i in memchr::memchr_iter(b'.', bytes) {
            // Ellipses (`...`, `. . .`) and decimals/domains (no space after).
            if i > 0 && bytes[i - 1] == b'.' {
                continue;
            }
            let after = &para[i + 1..];
            let Some(first_after) = after.chars().next() else {
                continue;
            };
            if !first_after.is_whitespace() {
                continue;
            }
            let gap = after.len() - after.trim_start().len();
            let next_pos = i + 1 + gap;
            let Some(next) = para[next_pos..].chars().next() else {
                continue;
            };
            let word = word_before(para, i);
            if matches!(next, '.' | ',') && !word.is_empty() {
                // `crisis. .` / `plan. , but` — but not a spaced ellipsis `. . .`.
                let rest = &para[next_pos + 1..];
                let stray_ends = rest
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || quotes_like(c));
                let spaced_ellipsis = rest.trim_start().starts_with('.');
                if stray_ends && !spaced_ellipsis && next_pos - i <= 3 {
                    let start = range.start + i;
                    let mut f = self.finding(
                        start..range.start + next_pos + 1,
                        format!(
                            "a stray `{next}` follows the period after `{word}`; translation \
                             leaves such marks where it split and rejoined segments"
                        ),
                    );
                    f.kind = Some("stray-period");
                    out.push(f);
                }
                continue;
            }
            if word.is_empty()
                || word.contains('.')
                || word.chars().count() == 1
                || is_abbreviation(word)
            {
                continue;
            }
            // Numbered lists (`2. the`) and units after numbers (`5 in. long`).
            if word.chars().all(|c| c.is_ascii_digit()) && word.len() <= 2 {
                continue;
            }
            let before_word = para[..i - word.len()].trim_end();
            if word.len() <= 3
                && before_word
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_digit())
            {
                continue;
            }
            if next.is_lowercase() {
                let next_word = word_after(para, next_pos);
                let lower = next_word.to_lowercase();
                // A lone lowercase word closing the paragraph is an agency credit
                // or tag (`… 103 times. dpa`), not a sentence.
                let trailer = para[next_pos + next_word.len()..]
                    .chars()
                    .all(|c| !c.is_alphanumeric() || c.is_lowercase())
                    && !para[next_pos + next_word.len()..].contains(' ');
                if trailer
                    || next_word.chars().skip(1).any(char::is_uppercase)
                    || LOWERCASE_STARTERS.contains(&lower.as_str())
                {
                    continue;
                }
                let mut f = self.finding(
                    range.start + i..range.start + next_pos + next_word.len(),
                    format!(
                        "a period after `{word}` is followed by lowercase `{next_word}`: the \
                         sentence continues, so the period is a broken segment boundary"
                    ),
                );
                f.kind = Some("lowercase-after-period");
                out.push(f);
            } else if next.is_uppercase() && NON_FINAL_WORDS.contains(&word) {
                let start = range.start + i - word.len();
                let mut f = self.finding(
                    start..range.start + i + 1,
                    format!(
                        "the sentence ends on `{word}`, a word that cannot end a sentence; the \
                         rest was cut off at a false boundary"
                    ),
                );
                f.kind = Some("fragment");
                out.push(f);
            }
        }
    }
}

fn quotes_like(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')')
}

impl Signal for BrokenSentenceBreak {
    fn info(&self) -> &'static SignalInfo {
        &INFO
    }

    fn check(&self, analysis: &Analysis, ctx: &Context, out: &mut SignalOutput) {
        let first = out.findings.len();
        let text = analysis.text();
        for p in &analysis.paragraphs {
            self.check_paragraph(text, p.range.clone(), &mut out.findings);
        }
        // Allowed text is neither reported nor counted; the findings before
        // `first` are not this signal's.
        let mut position = 0;
        out.findings.retain(|f| {
            position += 1;
            position <= first || !ctx.allows(text, f.range.clone())
        });
        let found = &out.findings[first..];
        let count = |kind: &str| found.iter().filter(|f| f.kind == Some(kind)).count();
        let (lower, fragment, stray) = (
            count("lowercase-after-period"),
            count("fragment"),
            count("stray-period"),
        );
        out.feature("MT003.rate", analysis.per_thousand_words(found.len()));
        out.feature("MT003.lowercase_rate", analysis.per_thousand_words(lower));
        out.feature("MT003.fragment_rate", analysis.per_thousand_words(fragment));
        out.feature(
            "MT003.stray_period_rate",
            analysis.per_thousand_words(stray),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::run_on_text;

    fn kinds(text: &str) -> Vec<&'static str> {
        let out = run_on_text(&BrokenSentenceBreak, text);
        out.findings.iter().map(|f| f.kind.unwrap()).collect()
    }

    #[test]
    fn flags_lowercase_continuation() {
        assert_eq!(
            kinds("The valley has seen floods for decades. seasonal storms hit it hard."),
            ["lowercase-after-period"]
        );
        assert_eq!(
            kinds("She studied at the Institute. of Marine Biology in Kiel."),
            ["lowercase-after-period"]
        );
    }

    #[test]
    fn flags_sentence_cut_after_function_word() {
        assert_eq!(
            kinds("The ministry sent aid to the. Northern provinces got none."),
            ["fragment"]
        );
    }

    #[test]
    fn flags_stray_periods() {
        assert_eq!(kinds("Talks ended without progress. ."), ["stray-period"]);
        assert_eq!(
            kinds("The council backed the plan. , but critics objected."),
            ["stray-period"]
        );
    }

    #[test]
    fn abbreviations_and_initials_pass() {
        let ok = [
            "The U.S. officials met Mr. Smith at 9 a.m. on Monday.",
            "He arrived at 5 p.m. and left at once.",
            "Some fruits, e.g. apples, keep well; others, i.e. berries, do not.",
            "Sales rose in Jan. and fell in Feb. again.",
            "The book by J. K. Rowling sold well.",
            "He ranked No. 1 in the world.",
            "It was Smith et al. who found it.",
            "The plank is 5 in. thick.",
        ];
        for t in ok {
            assert!(kinds(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn numbers_domains_ellipses_lists_and_brands_pass() {
        let ok = [
            "Inflation hit 3.5 percent in March.",
            "Visit example.com for details.",
            "He paused... then went on.",
            "He paused. . . then went on.",
            "He paused… then went on.",
            "1. the first point is cost",
            "The firm unveiled a phone. iPhone sales rose.",
            "She logged on. eBay listed it later.",
            "She met the president. von der Leyen spoke first.",
            "The match ended. 2-1 was the final score.",
            "lowercase chat text. no capitals here.",
            "He reached the podium 103 times. dpa",
            "He reached the podium 103 times. dpa/ab",
        ];
        for t in ok {
            assert!(kinds(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn ordinary_sentences_pass() {
        assert!(kinds("He left. She stayed. They argued about the end.").is_empty());
        assert!(kinds("“Stop,” he said. “Now.”").is_empty());
        assert!(kinds("Game over. Nobody won.").is_empty());
    }

    #[test]
    fn empty_and_odd_input_do_not_panic() {
        assert!(kinds("").is_empty());
        assert!(kinds(".").is_empty());
        let _ = kinds(". . ");
        let _ = kinds("é. ü. ß. .");
    }
}
