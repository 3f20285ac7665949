//! MT013 `untranslated-word`: what a translation system could not render,
//! left in the source's script or punctuation inside an English sentence,
//! or replaced by its unknown-token mark.
//!
//! **What it finds.**
//! - `copied-through`: a run of words in a script other than Latin (Chinese
//!   characters, kana, Hangul, Cyrillic, Greek, Arabic, Hebrew, Devanagari,
//!   Thai, ...) inside a sentence that is otherwise English: at least four
//!   Latin-script words, and more of its characters in them than in the
//!   run. Not reported: a run in parentheses or followed by one (a writer's
//!   gloss, `Xi Jinping (习近平)`, `the word 躺平 (lying flat)`), a run
//!   joined to a `.`, `/` or `@` (a web or mail address), and a single
//!   letter of an alphabet (`22°С` with a Cyrillic `С`). Whole sentences in
//!   another language are MT007's.
//! - `unknown-token`: `⁇` or `<unk>`, the marks neural systems write for a
//!   piece of the source their vocabulary lacks (`⁇` is how SentencePiece
//!   decodes its unknown piece).
//! - `source-punctuation`: Chinese or Japanese punctuation (`，`, `。`,
//!   `【】`, `《》`, ...) inside an English sentence, one finding per
//!   sentence.
//! - `zero-width-space`: two or more zero-width spaces (U+200B) together,
//!   invisible on screen (`the area of \u{200B}\u{200B}the harbour`). One
//!   alone is not reported: web pages use it as a line-break hint.
//!
//! **Why it points to machine translation.** A translation system copies
//! through what its vocabulary cannot render (a rare name, a term, a product
//! tag, the source's own marks) in the middle of an English sentence. A
//! writer who keeps a foreign word writes it in Latin letters or glosses it,
//! and no writer types `⁇` or `<unk>` in prose. In WMT 2021 and 2022
//! (`cargo run --release --example finding_samples -- FILE MT013 LABEL KIND`,
//! documents counted):
//! - copied-through runs are in 0.3% and 0.9% of the machine translations,
//!   none and 0.2% of the human ones (a Czech source's own `ΦΙΛH`);
//! - unknown-token marks in 0.1% and 0.7% of the machine translations and in
//!   no human translation;
//! - source punctuation in 1.2% and 2.7% of the machine translations, none
//!   and 1.4% of the human ones (Japanese shop headings whose `【】` and `《》`
//!   translators kept);
//! - runs of zero-width spaces in 16 machine translations of 2021 (0.2%;
//!   from three systems, after words such as `area of`) and in one human
//!   translation, none of 2022;
//!
//! and none of the four in any English original.
//!
//! **Example.**
//! ```text
//! Officials from the ministry of 财政 said the rules would apply from next month.
//!                                ^^ Chinese characters left untranslated
//! ```

use std::ops::Range;

use whatlang::Script;

use super::{Context, Finding, Signal, SignalInfo, SignalOutput};
use crate::text::{Analysis, Token, TokenKind};

pub struct UntranslatedWord;

static INFO: SignalInfo = SignalInfo {
    code: "MT013",
    name: "untranslated-word",
    summary: "Words or punctuation of another script (Chinese, Cyrillic, Arabic, ...) left inside an English sentence, ⁇ / <unk> in their place, or runs of invisible zero-width spaces",
    doc: "Finds runs of words in a script other than Latin (Chinese characters, kana, Hangul, \
Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai, ...) inside a sentence that is otherwise \
English (at least four Latin-script words, and more of its characters in them than in the \
run). A run in parentheses or followed by one (a gloss: `Xi Jinping (习近平)`), a run joined \
to a `.`, `/` or `@` (an address) and a single letter of an alphabet (`22°С`) are not \
reported; whole foreign sentences are MT007's. Also finds Chinese or Japanese punctuation \
(`，`, `【】`) inside an English sentence, and `⁇` and `<unk>`, the marks neural systems write \
for a piece of the source their vocabulary lacks.\n\n\
**Why it points to machine translation:** a translation system copies through, in the \
source's own script, what its vocabulary cannot render: a rare name, a term, a product tag, \
its own punctuation. A writer who keeps a foreign word writes it in Latin letters or glosses \
it, and no writer types `⁇`. In WMT 2021 and 2022 copied-through runs are in 0.3% and 0.9% of machine \
translations, none and 0.2% of human ones, and in no English original; unknown-token marks \
in 0.1% and 0.7% of machine translations and in no human text; source punctuation in 1.2% \
and 2.7% of machine translations, none and 1.4% of human ones (kept shop-heading brackets), \
and in no English original. Also finds two or more zero-width spaces (U+200B) together, \
invisible on screen, which machine translation output carries (16 machine translations of \
WMT 2021, after words such as `area of`, and one human translation) and no keyboard \
types.\n\n\
Kinds: `copied-through`, `unknown-token`, `source-punctuation` (Chinese or Japanese \
punctuation such as `，` or `【】` inside an English sentence, one finding per sentence), \
`zero-width-space`.\n\n\
**Example:** `Officials from the ministry of 财政 said the rules would apply from next \
month.` reports `财政`.",
    default_weight: 0.6,
};

/// Latin-script words the sentence needs around a run to be English.
const MIN_LATIN_WORDS: usize = 4;
/// Tokens looked at on each side of a run, for its sentence and for a
/// parenthesis around it: enough for any sentence's words to show, and a
/// bound that keeps a text of many runs in one endless sentence linear.
const WINDOW: usize = 64;

impl Signal for UntranslatedWord {
    fn info(&self) -> &'static SignalInfo {
        &INFO
    }

    fn check(&self, a: &Analysis, ctx: &Context, out: &mut SignalOutput) {
        let text = a.text();
        // A word of another script starts with a non-ASCII letter: only
        // those words are looked at, and most articles have none.
        let mut next = 0;
        // Runs found, allowed or not: their own punctuation is part of them.
        let mut runs = Vec::new();
        for &i in &a.non_ascii_words {
            if i < next {
                continue; // inside the run just reported
            }
            let Some(script) = foreign_script(a, i) else {
                continue;
            };
            let (start, end) = run_at(a, i);
            next = end;
            if let Some(f) = finding(a, start, end, script) {
                runs.push(f.range.clone());
                if !ctx.allows(text, f.range.clone()) {
                    out.findings.push(f);
                }
            }
        }
        for (range, more) in source_punctuation(a, &runs) {
            if !ctx.allows(text, range.clone()) {
                let also = match more {
                    0 => String::new(),
                    n => format!(" (and {n} more in this sentence)"),
                };
                let message = format!(
                    "'{}'{also} is Chinese or Japanese punctuation inside an English sentence: \
a translation system copies the source's marks through; English uses its own",
                    &text[range.clone()]
                );
                out.findings
                    .push(INFO.finding_of_kind("source-punctuation", range, message));
            }
        }
        for range in unknown_tokens(a) {
            if !ctx.allows(text, range.clone()) {
                let message = format!(
                    "'{}' is the mark a neural translation system writes for a piece of its \
source it cannot render (SentencePiece decodes its unknown piece as ⁇); no writer types it",
                    &text[range.clone()]
                );
                out.findings
                    .push(INFO.finding_of_kind("unknown-token", range, message));
            }
        }
        for range in zero_width_runs(a) {
            if !ctx.allows(text, range.clone()) {
                let word = text[range.clone()].trim_start_matches(ZERO_WIDTH_SPACE);
                let marks = (range.len() - word.len()) / ZERO_WIDTH_SPACE.len_utf8();
                let before = if word.is_empty() {
                    String::new()
                } else {
                    format!(" before '{word}'")
                };
                let message = format!(
                    "{marks} zero-width spaces (U+200B), invisible on screen, stand together{before}: \
machine translation output carries such runs, and no keyboard types them"
                );
                out.findings
                    .push(INFO.finding_of_kind("zero-width-space", range, message));
            }
        }
        out.feature("MT013.rate", a.per_thousand_words(out.findings.len()));
    }
}

/// Chinese and Japanese punctuation (full-width commas, stops and
/// brackets) that English never uses.
const SOURCE_PUNCTUATION: &str = "，。、「」『』【】《》〈〉！？；：（）・";

/// The first source-language punctuation mark of each English sentence
/// that has one (see [`SOURCE_PUNCTUATION`]), with how many more the
/// sentence holds; marks inside `runs` (copied-through runs, in text
/// order) belong to them and are not counted.
fn source_punctuation(a: &Analysis, runs: &[Range<usize>]) -> Vec<(Range<usize>, usize)> {
    let text = a.text();
    let mut found: Vec<(Range<usize>, usize)> = Vec::new();
    let mut last_sentence = None;
    // Every mark encodes with a lead byte of 0xE3 (U+3000-U+30FF) or 0xEF
    // (full-width forms), which English prose barely has.
    for at in memchr::memchr2_iter(0xE3, 0xEF, text.as_bytes()) {
        let Some(c) = text[at..]
            .chars()
            .next()
            .filter(|&c| SOURCE_PUNCTUATION.contains(c))
        else {
            continue;
        };
        let run = runs.partition_point(|r| r.end <= at);
        if runs.get(run).is_some_and(|r| r.start <= at) {
            continue;
        }
        let Some(token) = token_at(a, at) else {
            continue;
        };
        let sentence = a.sentence_of(token);
        if last_sentence == Some(sentence) {
            if let Some((_, more)) = found.last_mut() {
                *more += 1;
            }
            continue;
        }
        if in_english_sentence(a, token, token + 1, 1) {
            last_sentence = Some(sentence);
            found.push((at..at + c.len_utf8(), 0));
        }
    }
    found
}

/// The unknown-token marks (`⁇`, `<unk>` in any case) in the scored text,
/// marks separated by white space alone taken together.
fn unknown_tokens(a: &Analysis) -> Vec<Range<usize>> {
    const UNK: &[u8] = b"<unk>";
    const DOUBLE_QUESTION: &[u8] = "⁇".as_bytes();
    let bytes = a.text().as_bytes();
    let mut found: Vec<Range<usize>> = Vec::new();
    // `<` and `⁇`'s last byte are rare in English prose: one pass finds
    // every candidate.
    for at in memchr::memchr2_iter(b'<', DOUBLE_QUESTION[2], bytes) {
        let range = if bytes[at] == b'<' {
            match bytes.get(at..at + UNK.len()) {
                Some(s) if s.eq_ignore_ascii_case(UNK) => at..at + UNK.len(),
                _ => continue,
            }
        } else {
            match at.checked_sub(2) {
                Some(start) if bytes[start..=at] == *DOUBLE_QUESTION => start..at + 1,
                _ => continue,
            }
        };
        if token_at(a, range.start).is_none() {
            continue;
        }
        match found.last_mut() {
            Some(last)
                if bytes[last.end..range.start]
                    .iter()
                    .all(u8::is_ascii_whitespace) =>
            {
                last.end = range.end;
            }
            _ => found.push(range),
        }
    }
    found
}

/// U+200B ZERO WIDTH SPACE.
const ZERO_WIDTH_SPACE: char = '\u{200B}';

/// Runs of two or more zero-width spaces in the scored text, each with the
/// word that follows it, if one does (the run alone is invisible in an
/// excerpt). One such space is left alone: web pages use it as a line-break
/// hint.
fn zero_width_runs(a: &Analysis) -> Vec<Range<usize>> {
    const SPACE: &[u8] = "\u{200B}".as_bytes();
    let text = a.text();
    let bytes = text.as_bytes();
    let mut found: Vec<Range<usize>> = Vec::new();
    // The space's last byte, 0x8B, ends few other characters English text
    // holds: one pass finds every candidate.
    for last in memchr::memchr_iter(SPACE[2], bytes) {
        let Some(at) = last.checked_sub(2) else {
            continue;
        };
        if found.last().is_some_and(|r| at < r.end)
            || bytes[at..=last] != *SPACE
            || !bytes[last + 1..].starts_with(SPACE)
        {
            continue;
        }
        let Some(first) = token_at(a, at) else {
            continue;
        };
        // Each space is a punctuation token of its own, so the token after
        // the run is one on per space.
        let mut end = at;
        let mut next = first;
        while bytes[end..].starts_with(SPACE) {
            end += SPACE.len();
            next += 1;
        }
        if let Some(word) = a.tokens.get(next) {
            if word.start == end && word.kind == TokenKind::Word {
                end = word.end;
            }
        }
        found.push(at..end);
    }
    found
}

/// The token that starts at byte `at`. Only scored text is tokenised, so a
/// mark in page chrome or in text turned off has none; a mark of either
/// kind is a token of its own.
fn token_at(a: &Analysis, at: usize) -> Option<usize> {
    let i = a.tokens.partition_point(|t| t.start < at);
    a.tokens.get(i).is_some_and(|t| t.start == at).then_some(i)
}

/// The script of word token `i` when it is not Latin.
fn foreign_script(a: &Analysis, i: usize) -> Option<Script> {
    let t = &a.tokens[i];
    if t.kind != TokenKind::Word || a.text().as_bytes()[t.start] < 0x80 {
        return None;
    }
    whatlang::detect_script(a.tok(i)).filter(|s| *s != Script::Latin)
}

/// The run of words in another script starting at token `i`: `(i, end)`,
/// its tokens. Words of the run may be separated by punctuation of their
/// own script (`，`, `・`), not by an address's `.` or `/`.
fn run_at(a: &Analysis, i: usize) -> (usize, usize) {
    let paragraph = a.tokens[i].paragraph;
    let mut end = i + 1;
    loop {
        let joins = |j: usize| {
            a.tokens.get(j).is_some_and(|t| t.paragraph == paragraph)
                && foreign_script(a, j).is_some()
        };
        if joins(end) {
            end += 1;
        } else if a.tokens.get(end).is_some_and(|t| {
            t.kind == TokenKind::Punct && !a.tok(end).is_ascii() && t.paragraph == paragraph
        }) && joins(end + 1)
        {
            end += 2;
        } else {
            return (i, end);
        }
    }
}

/// The finding for the run of tokens `start..end`, unless it is a gloss, an
/// address, a lone letter or not inside an English sentence.
fn finding(a: &Analysis, start: usize, end: usize, script: Script) -> Option<Finding> {
    let range = a.tokens[start].start..a.tokens[end - 1].end;
    let run = &a.text()[range.clone()];
    // Kana's length and iteration marks (`ー`, `々`) are letters to Unicode,
    // but alone they are a dash or a ditto, not a word.
    let letters = (run.chars())
        .filter(|c| c.is_alphabetic() && !matches!(c, 'ー' | 'ｰ' | '々' | 'ゝ' | 'ヽ'))
        .count();
    if letters == 0 {
        return None;
    }
    let logographic = matches!(
        script,
        Script::Mandarin | Script::Hiragana | Script::Katakana | Script::Hangul
    );
    if letters < 2 && !logographic {
        return None;
    }
    let same_paragraph = |j: usize| a.tokens[j].paragraph == a.tokens[start].paragraph;
    // An address: joined to a `.`, `/` or `@` on either side.
    let is_address_mark =
        |t: &Token, s: &str| t.kind == TokenKind::Punct && matches!(s, "." | "/" | "@");
    if start > 0
        && !a.tokens[start].space_before
        && same_paragraph(start - 1)
        && is_address_mark(&a.tokens[start - 1], a.tok(start - 1))
    {
        return None;
    }
    if let Some(next) = a.tokens.get(end) {
        if !next.space_before
            && same_paragraph(end)
            && is_address_mark(next, a.tok(end))
            && a.tokens.get(end + 1).is_some_and(|t| !t.space_before)
        {
            return None;
        }
    }
    if in_or_before_parentheses(a, start, end) {
        return None;
    }
    if !in_english_sentence(a, start, end, run.chars().count()) {
        return None;
    }
    let message = format!(
        "'{run}' is written in {} inside an English sentence: a translation system copies \
through, in the source's script, what it cannot render; a writer transliterates or glosses it",
        script_name(script)
    );
    Some(INFO.finding_of_kind("copied-through", range, message))
}

/// Whether tokens `start..end` (`chars` characters) stand inside an English
/// sentence: enough Latin-script words near them, holding more characters.
fn in_english_sentence(a: &Analysis, start: usize, end: usize, chars: usize) -> bool {
    let sentence = &a.sentences[a.sentence_of(start)];
    let near = sentence.start.max(start.saturating_sub(WINDOW))..sentence.end.min(end + WINDOW);
    let (mut latin_words, mut latin_chars) = (0usize, 0usize);
    for j in near.filter(|j| !(start..end).contains(j)) {
        let t = &a.tokens[j];
        if t.kind == TokenKind::Word && a.text().as_bytes()[t.start] < 0x80 {
            latin_words += 1;
            latin_chars += t.end - t.start;
        }
    }
    latin_words >= MIN_LATIN_WORDS && latin_chars > chars
}

/// Whether the run `start..end` lies inside parentheses, or is followed
/// (after a closing quote or comma) by an opening one: a gloss.
fn in_or_before_parentheses(a: &Analysis, start: usize, end: usize) -> bool {
    let paragraph = a.tokens[start].paragraph;
    let punct = |j: usize| {
        let t = &a.tokens[j];
        (t.kind == TokenKind::Punct && t.paragraph == paragraph).then(|| a.tok(j))
    };
    for j in (start.saturating_sub(WINDOW)..start).rev() {
        if a.tokens[j].paragraph != paragraph {
            break;
        }
        match punct(j) {
            Some("(" | "（") => return true,
            Some(")" | "）") => break,
            _ => {}
        }
    }
    let mut j = end;
    while j < a.tokens.len().min(end + WINDOW) {
        match punct(j) {
            Some("(" | "（") => return true,
            Some("\"" | "”" | "’" | "'" | "," | "»" | "」") => j += 1,
            _ => return false,
        }
    }
    false
}

fn script_name(script: Script) -> &'static str {
    match script {
        Script::Mandarin => "Chinese characters",
        Script::Hiragana | Script::Katakana => "Japanese kana",
        Script::Hangul => "Korean Hangul",
        Script::Cyrillic => "Cyrillic",
        Script::Greek => "Greek",
        Script::Arabic => "Arabic script",
        Script::Hebrew => "Hebrew",
        Script::Devanagari => "Devanagari",
        Script::Thai => "Thai",
        _ => "another script",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::run_on_text;

    fn excerpts(text: &str) -> Vec<&str> {
        run_on_text(&UntranslatedWord, text).excerpts(text)
    }

    #[test]
    fn finds_words_left_in_their_script() {
        assert_eq!(
            excerpts("Officials from the ministry of 财政 said the rules would apply."),
            ["财政"]
        );
        assert_eq!(
            excerpts("The spokesman for Газпром said that supplies would resume on Thursday."),
            ["Газпром"]
        );
        // One run across words and the script's own punctuation.
        assert_eq!(
            excerpts("Sales rose after the 限定・セール began, the company said on Monday."),
            ["限定・セール"]
        );
        let out = run_on_text(
            &UntranslatedWord,
            "The agency said that 静岡 had been hit by heavy rain.",
        );
        assert!(out.findings[0].message.contains("Chinese characters"));
    }

    #[test]
    fn glosses_addresses_and_lone_letters_pass() {
        assert!(
            excerpts("The president, Xi Jinping (习近平), spoke to the party congress.").is_empty()
        );
        assert!(
            excerpts("Many young people now say they are 躺平 (lying flat) at work.").is_empty()
        );
        assert!(excerpts(
            "The protesters chanted \"Слава Україні\" (Glory to Ukraine) in the square."
        )
        .is_empty());
        assert!(excerpts(
            "Data were published on the site стопкоронавирус.рф, which the government runs."
        )
        .is_empty());
        assert!(excerpts(
            "Forecasters expect highs of 19°С on the coast and 25°С inland on Sunday."
        )
        .is_empty());
    }

    #[test]
    fn foreign_sentences_are_left_to_mt007() {
        assert!(excerpts("Мы не собираемся отступать от наших требований, заявил он.").is_empty());
        assert!(excerpts("He said: Мы не собираемся отступать от наших требований.").is_empty());
    }

    #[test]
    fn finds_unknown_token_marks() {
        let text =
            "The 73 people ⁇ ⁇ died in the rains, and the comment by Φ<unk>ΛH <UNK> was deleted.";
        assert_eq!(excerpts(text), ["⁇ ⁇", "<unk>", "<UNK>"]);
        let out = run_on_text(&UntranslatedWord, text);
        assert_eq!(out.findings[0].kind, Some("unknown-token"));
        assert!(excerpts("Use <b>bold</b> and <unknown> tags, or ask ?? and ⁈.").is_empty());
    }

    #[test]
    fn finds_runs_of_zero_width_spaces() {
        let text = "The council approved a plan for the area of \u{200B}\u{200B}the old harbour, \
                    and its budget of \u{200B}\u{200B}\u{200B}\"one million\" was kept.";
        let out = run_on_text(&UntranslatedWord, text);
        assert_eq!(
            out.excerpts(text),
            ["\u{200B}\u{200B}the", "\u{200B}\u{200B}\u{200B}"]
        );
        assert_eq!(out.findings[0].kind, Some("zero-width-space"));
        assert!(out.findings[0].message.starts_with("2 zero-width spaces"));
        assert!(out.findings[0].message.contains("before 'the'"));
        assert!(out.findings[1].message.starts_with("3 zero-width spaces"));
        // One alone is a line-break hint on web pages.
        assert!(
            excerpts("The council approved a plan for the old\u{200B}harbour on Monday.")
                .is_empty()
        );
    }

    #[test]
    fn finds_source_punctuation_once_per_sentence() {
        let text = "Prices rose again，the ministry said on Monday，and traders sold. \
                    【Limited offer】 The new model goes on sale in March, the company said.";
        let out = run_on_text(&UntranslatedWord, text);
        let found: Vec<(&str, Option<&str>)> = (out.findings.iter())
            .map(|f| (&text[f.range.clone()], f.kind))
            .collect();
        let kind = Some("source-punctuation");
        assert_eq!(found, [("，", kind), ("【", kind)]);
        assert!(out.findings[0].message.contains("and 1 more"));
        // Not in a sentence of another language, nor inside a run of one.
        assert!(excerpts("東京都は、新しい規則を発表しました。").is_empty());
        assert_eq!(
            excerpts("Sales rose after the 限定・セール began, the company said on Monday."),
            ["限定・セール"]
        );
    }

    #[test]
    fn rate_counts_runs_per_thousand_words() {
        let out = run_on_text(
            &UntranslatedWord,
            "Officials from the ministry of 财政 and the bank 银行 said the rules would apply.",
        );
        assert_eq!(out.findings.len(), 2);
        let rate = out.value("MT013.rate").unwrap();
        assert!(rate > 0.0);
    }
}
