//! MT007 `foreign-fragment`: sentences left in another language inside an
//! English article.
//!
//! **What it finds.** A sentence of several words with almost no English
//! function words that two identifications take for another language:
//! whatlang over common source languages, then lingua (or whatlang over all
//! its languages, where that is sure on its own). A sentence in plain ASCII
//! letters must also have eight words and a lower-case function word of
//! another Latin-script language (`der`, `le`, `el`, `het`, ...): English
//! lists and captions, short of English function words, are otherwise often
//! taken for French or Swedish.
//!
//! **Why it points to machine translation.** Translation pipelines skip what
//! they cannot segment: a caption, a quotation, a sentence glued to markup.
//! The untranslated sentence stays in the source language, next to English
//! prose. Human translators and English writers do not leave whole foreign
//! sentences unexplained.
//!
//! **Example.**
//! ```text
//! The minister spoke after the meeting. Мы не собираемся отступать от наших требований.
//!                                       ^ untranslated Russian sentence
//! ```

use std::sync::OnceLock;

use super::{Context, Finding, Signal, SignalInfo, SignalOutput};
use crate::key_set::KeySet;
use crate::lang;
use crate::text::{word_hash, Analysis, TokenKind};

pub struct ForeignFragment;

static INFO: SignalInfo = SignalInfo {
    code: "MT007",
    name: "foreign-fragment",
    summary: "Sentence left untranslated in another language",
    doc: "Finds sentences of several words with almost no English function words \
whose language (whatlang, confirmed by a second identification: lingua, or whatlang \
over all its languages where it is sure) is not English. A sentence in plain ASCII \
letters must also have a lower-case function word of another Latin-script language \
(`der`, `le`, `el`, `het`, ...), so that English lists and captions are not taken for French.\n\n\
**Why it points to machine translation:** translation pipelines skip what they cannot \
segment (captions, quotations, text glued to markup), leaving whole sentences in the \
source language next to English prose. English writers and human translators do not \
leave foreign sentences unexplained.\n\n\
**Example:** `The minister spoke after the meeting. Мы не собираемся отступать.` — the \
second sentence is Russian.",
    default_weight: 0.6,
};

/// Sentences shorter than this are names, titles or loanwords, not fragments.
const MIN_WORDS: usize = 4;
/// Words an all-ASCII sentence needs before it is checked.
const MIN_ASCII_WORDS: usize = 8;
/// Share of English function words below which a sentence is checked.
const MAX_ENGLISH_SHARE: f64 = 0.12;
/// Detector confidence needed to call a sentence foreign.
const MIN_CONFIDENCE: f64 = 0.8;

impl Signal for ForeignFragment {
    fn info(&self) -> &'static SignalInfo {
        &INFO
    }

    fn check(&self, a: &Analysis, ctx: &Context, out: &mut SignalOutput) {
        let mut foreign_words = 0usize;
        let is_function_word = lang::english_function_word_hash_test();
        for sentence in &a.sentences {
            // A sentence has no more words than tokens.
            if sentence.len() < MIN_WORDS {
                continue;
            }
            // Function words first, from the word hashes alone: an English
            // sentence stops as soon as it has so many that their share is
            // over the bar whatever the rest holds. The hash is tested before
            // the kind: most tokens are not function words.
            let enough = english_words_over_share(sentence.len());
            let tokens = &a.tokens[sentence.clone()];
            let mut english = 0usize;
            for (token, &hash) in tokens.iter().zip(&a.word_hashes[sentence.clone()]) {
                if is_function_word(hash) && token.kind == TokenKind::Word {
                    english += 1;
                    if english == enough {
                        break;
                    }
                }
            }
            if english == enough {
                continue;
            }
            let words = tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
            if words < MIN_WORDS || english as f64 / words as f64 > MAX_ENGLISH_SHARE {
                continue;
            }
            let capitalised = sentence
                .clone()
                .filter(|&i| {
                    a.tokens[i].kind == TokenKind::Word && a.tok(i).starts_with(char::is_uppercase)
                })
                .count();
            // A run of names ("Tomáš Valášek met Jens Stoltenberg") is not prose.
            if capitalised * 2 >= words {
                continue;
            }
            let range = a.span(sentence.clone());
            if ctx.allows(a.text(), range.clone()) {
                continue;
            }
            let text = &a.text()[range.clone()];
            // Lines of plain ASCII letters are headlines, lists, captions and
            // product names far more often than untranslated sentences, and
            // the detectors often take them for French or Swedish. Other
            // languages in Latin script rarely go eight words without an
            // accented letter, and never without a function word of their
            // own. Curly quotes and dashes are not letters.
            if !has_non_ascii_letter(text) {
                // In lower case: a capitalised "De" or "La" is part of a name.
                let has_foreign_word = sentence.clone().any(|i| {
                    foreign_function_words().contains(a.word_hashes[i])
                        && a.tok(i).starts_with(|c: char| c.is_ascii_lowercase())
                });
                if words < MIN_ASCII_WORDS || !has_foreign_word {
                    continue;
                }
            }
            let Some(language) = lang::detect_confirmed_foreign(text, MIN_CONFIDENCE) else {
                continue;
            };
            foreign_words += words;
            out.findings.push(Finding {
                kind: None,
                ..self.finding(
                    range,
                    format!(
                        "untranslated {} sentence in an English article ({} words, confidence {:.2})",
                        language.name,
                        words,
                        language.confidence
                    ),
                )
            });
        }
        out.feature("MT007.rate", a.per_thousand_words(out.findings.len()));
        out.feature(
            "MT007.foreign_share",
            foreign_words as f64 / a.word_count.max(1) as f64,
        );
    }
}

/// [`MAX_ENGLISH_SHARE`] as a fraction, for exact tests in integers.
const MAX_ENGLISH_SHARE_FRACTION: (usize, usize) = (3, 25);

/// The fewest English function words whose share of a sentence of `tokens`
/// tokens is over [`MAX_ENGLISH_SHARE`]: its words are at most its tokens,
/// so their share is over it too.
fn english_words_over_share(tokens: usize) -> usize {
    let (numerator, denominator) = MAX_ENGLISH_SHARE_FRACTION;
    tokens * numerator / denominator + 1
}

/// Function words, written in ASCII, of the Latin-script languages the
/// sentence detector knows (German, French, Spanish, Italian, Portuguese,
/// Dutch, Czech, Polish, Turkish, Swedish, Romanian, Hungarian), leaving out
/// those that are English words too. A sentence of eight words in one of
/// these languages has at least one of them.
const FOREIGN_FUNCTION_WORDS: &[&str] = &[
    // German
    "der", "das", "und", "ist", "nicht", "ein", "eine", "einen", "dem", "des", "mit", "sich", "auf",
    "auch", "von", "zu", "sie", "wir", "ich", "es", "im", "zum", "zur", "bei", "nach", "wie",
    "oder", "aber", "wird", "sind", "hat", "dass", "werden", "noch", "nur", // French
    "le", "la", "les", "et", "est", "une", "du", "au", "aux", "pas", "que", "qui", "dans", "pour",
    "sur", "avec", "ce", "cette", "il", "ils", "nous", "vous", "sont", "ont", "par", "mais", "ou",
    "je", "leur", "plus", // Spanish
    "el", "los", "las", "y", "del", "una", "con", "por", "para", "se", "su", "sus", "lo", "como",
    "pero", "al", "muy", "esta", "este", // Italian
    "di", "che", "della", "per", "non", "sono", "gli", "alla", "nel", "anche", "questo",
    // Portuguese
    "os", "da", "dos", "das", "em", "um", "uma", "na", "ao", "mais", // Dutch
    "de", "het", "een", "en", "niet", "dat", "met", "voor", "zijn", "ook", "maar", "te", "van",
    // Czech and Polish
    "je", "v", "z", "k", "s", "jsou", "jako", "ale", "pro", "w", "jest", "jak", "od", "po", "za",
    "nie", "sie", "ze", // Turkish, Swedish, Romanian, Hungarian
    "ve", "bir", "bu", "ile", "och", "att", "det", "som", "inte", "jag", "till", "av", "cu",
    "care", "pe", "nu", "este", "din", "az", "hogy", "nem", "egy", "meg", "van",
];

/// [`word_hash`]es of [`FOREIGN_FUNCTION_WORDS`].
fn foreign_function_words() -> &'static KeySet {
    static SET: OnceLock<KeySet> = OnceLock::new();
    SET.get_or_init(|| KeySet::new(FOREIGN_FUNCTION_WORDS.iter().map(|w| word_hash(w))))
}

/// Whether `text` has a letter outside ASCII (an accent, another script);
/// typographic quotes, dashes and spaces do not count.
fn has_non_ascii_letter(text: &str) -> bool {
    !text.is_ascii() && text.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::run_on_text;

    fn run(text: &str) -> SignalOutput {
        run_on_text(&ForeignFragment, text)
    }

    #[test]
    fn finds_an_untranslated_russian_sentence() {
        let out = run("The minister spoke to reporters after the meeting in Brussels. Мы не собираемся отступать от наших требований по безопасности.");
        assert_eq!(out.findings.len(), 1);
        assert!(
            out.findings[0].message.contains("Russian"),
            "{}",
            out.findings[0].message
        );
    }

    #[test]
    fn finds_an_untranslated_german_sentence() {
        let out = run("The company reported higher profits on Monday.\nDie Gewinne sind im dritten Quartal deutlich gestiegen, sagte der Vorstand.");
        assert_eq!(out.findings.len(), 1);
        assert!(out.findings[0].message.contains("German"));
    }

    #[test]
    fn english_words_over_share_are_the_fewest_over_the_bar() {
        let (numerator, denominator) = MAX_ENGLISH_SHARE_FRACTION;
        assert_eq!(numerator as f64 / denominator as f64, MAX_ENGLISH_SHARE);
        // Tested as the signal tests a share, in floating point.
        for tokens in MIN_WORDS..2_000 {
            let enough = english_words_over_share(tokens);
            assert!(
                enough as f64 / tokens as f64 > MAX_ENGLISH_SHARE,
                "{tokens}"
            );
            assert!(
                (enough - 1) as f64 / tokens as f64 <= MAX_ENGLISH_SHARE,
                "{tokens}"
            );
        }
    }

    #[test]
    fn typographic_marks_are_not_foreign_letters() {
        assert!(!has_non_ascii_letter("“Carpe diem,” he said – twice…"));
        assert!(has_non_ascii_letter("Voilà"));
        assert!(has_non_ascii_letter("Мы"));
        assert!(!has_non_ascii_letter("plain"));
    }

    #[test]
    fn finds_an_untranslated_french_sentence_in_plain_ascii() {
        let out = run("The minister spoke to reporters on Monday.\nLe gouvernement a presente un nouveau plan pour les agriculteurs de la region.");
        assert_eq!(out.findings.len(), 1, "{:?}", out.findings);
        assert!(out.findings[0].message.contains("French"));
    }

    #[test]
    fn english_lists_without_foreign_function_words_pass() {
        // Product lists of this kind are taken for French by the detectors;
        // without a French function word they are not asked.
        let lists = [
            "Options: double layer, triple layer, automatic closure, magnetic closure, classic edition.",
            "Vintage Lumen clocks, Belle Epoque series, automatic mechanical clocks, couple clocks, table clocks.",
        ];
        for list in lists {
            assert!(
                lang::detect_confirmed_foreign(list, MIN_CONFIDENCE).is_some(),
                "the detectors no longer misjudge {list:?}: pick another example"
            );
        }
        let out = run(&format!(
            "The kit was sold out within a week.\n{}\n{}",
            lists[0], lists[1]
        ));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
    }

    #[test]
    fn english_names_and_short_phrases_pass() {
        let out = run("Tomáš Valášek met Jens Stoltenberg. Vladimir Putin, Sergei Lavrov. The motto was carpe diem, he said. Angela Merkel und Olaf Scholz.");
        assert!(out.findings.is_empty(), "{:?}", out.findings);
    }
}
