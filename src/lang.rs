//! Language identification: whatlang for speed, lingua where whatlang is unsure.

use std::sync::OnceLock;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use serde::Serialize;

use crate::document::floor_char;
use crate::key_set::KeySet;
use crate::text::{Analysis, TokenKind};

/// The detected language of an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DetectedLanguage {
    /// ISO 639-1 code where one exists (`en`, `de`), else ISO 639-3.
    pub code: String,
    pub name: String,
    /// 0–1.
    #[serde(serialize_with = "crate::report::serialize_six_decimals")]
    pub confidence: f64,
    /// Which detector decided: `function-words` (the English fast path), `whatlang` or `lingua`.
    pub detector: &'static str,
}

impl DetectedLanguage {
    pub fn is_english(&self) -> bool {
        self.code == "en"
    }
}

/// Languages lingua tells apart (the ones compiled in). Chinese and Japanese
/// are left to whatlang, which tells them by script alone and is sure of
/// them, so lingua is not asked about them. Compiled in, they make lingua
/// build sets of every Han, Hiragana and Katakana code point the first time
/// it is asked about any text, Latin included: 35 to 70 million
/// instructions, most of lingua's first call.
const LINGUA_LANGUAGES: &[Language] = &[
    Language::English,
    Language::German,
    Language::French,
    Language::Spanish,
    Language::Italian,
    Language::Portuguese,
    Language::Dutch,
    Language::Russian,
    Language::Ukrainian,
    Language::Czech,
    Language::Polish,
    Language::Korean,
    Language::Arabic,
    Language::Turkish,
    Language::Icelandic,
    Language::Swedish,
    Language::Romanian,
    Language::Hungarian,
];

/// The lingua detector, built on first use (its models load lazily too).
pub fn lingua() -> &'static LanguageDetector {
    static DETECTOR: OnceLock<LanguageDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| LanguageDetectorBuilder::from_languages(LINGUA_LANGUAGES).build())
}

/// How much text identification looks at: enough to be sure, little enough to be fast.
const SAMPLE_BYTES: usize = 2048;
/// whatlang confidence at or above which its answer is taken as is.
const WHATLANG_SURE: f64 = 0.9;
/// Confidence a non-English best guess needs before an article is taken as
/// not English. Below it the text says too little to tell: lingua's best
/// guesses for "OK" and "NATO" alone are Hungarian (0.22) and Italian (0.29).
/// Such a text is scored, and being that short, is too short to judge.
const FOREIGN_SURE: f64 = 0.5;

/// Words read by the English fast path.
const FAST_PATH_WORDS: usize = 300;
/// Share of English function words above which prose is English: English news
/// runs at 40–50%, other languages written in Latin script below 5%.
const FAST_PATH_SHARE: f64 = 0.3;

/// Identify the language of the article's scored text. Prose that is plainly
/// English (dense in English function words) is settled from the tokens the
/// signals read anyway, without n-gram models; anything else goes to
/// whatlang, then lingua. `None` when the language cannot be told: a
/// non-English guess with a confidence below 0.5 (`FOREIGN_SURE`), or no guess
/// at all.
pub fn detect_document(analysis: &Analysis) -> Option<DetectedLanguage> {
    if let Some(english) = english_fast_path(analysis) {
        return Some(english);
    }
    let doc = analysis.doc;
    let mut sample = String::with_capacity(SAMPLE_BYTES + 256);
    for p in doc.scored_paragraphs() {
        let para = &doc.text[p.range.clone()];
        // Headlines and datelines say little; prefer full paragraphs.
        if para.split_whitespace().count() < 6 && doc.paragraphs.len() > 3 {
            continue;
        }
        let room = SAMPLE_BYTES.saturating_sub(sample.len());
        sample.push_str(&para[..floor_char(para, room.min(para.len()))]);
        sample.push('\n');
        if sample.len() >= SAMPLE_BYTES {
            break;
        }
    }
    if sample.trim().is_empty() {
        for p in doc.scored_paragraphs() {
            sample.push_str(&doc.text[p.range.clone()]);
            sample.push('\n');
        }
    }
    detect(&sample).filter(|l| l.is_english() || l.confidence >= FOREIGN_SURE)
}

/// Function-word share at which the fast path is fully confident.
const FAST_PATH_FULL_SHARE: f64 = 0.4;
/// Function words after which reading on cannot change the answer: with at
/// most [`FAST_PATH_WORDS`] words read, the share is already at least
/// [`FAST_PATH_FULL_SHARE`], so the article is English with confidence 1.
const FAST_PATH_ENOUGH_FUNCTION_WORDS: usize = 120;
const _: () = assert!(FAST_PATH_ENOUGH_FUNCTION_WORDS * 10 == FAST_PATH_WORDS * 4);

fn english_fast_path(analysis: &Analysis) -> Option<DetectedLanguage> {
    let (words, function) =
        function_word_counts(analysis, FAST_PATH_WORDS, FAST_PATH_ENOUGH_FUNCTION_WORDS);
    let share = if function >= FAST_PATH_ENOUGH_FUNCTION_WORDS {
        FAST_PATH_FULL_SHARE
    } else {
        function as f64 / words.max(1) as f64
    };
    (words >= 30 && share >= FAST_PATH_SHARE).then(|| DetectedLanguage {
        code: "en".to_string(),
        name: "English".to_string(),
        confidence: (share / FAST_PATH_FULL_SHARE).min(1.0),
        detector: "function-words",
    })
}

/// Word tokens and English function words among them, from the start of the
/// scored text until `max_words` words or `max_function` function words.
fn function_word_counts(
    analysis: &Analysis,
    max_words: usize,
    max_function: usize,
) -> (usize, usize) {
    let is_function_word = english_function_word_hash_test();
    let (mut words, mut function) = (0, 0);
    for (token, &hash) in analysis.tokens.iter().zip(&analysis.word_hashes) {
        if token.kind != TokenKind::Word {
            continue;
        }
        words += 1;
        function += usize::from(is_function_word(hash));
        if words >= max_words || function >= max_function {
            break;
        }
    }
    (words, function)
}

/// Frequent English function words: English prose is dense in them and other
/// languages, even in Latin script, almost never use them.
pub const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "was", "on", "with", "as",
    "he", "she", "by", "at", "from", "his", "her", "be", "have", "are", "this", "not", "but", "an",
    "they", "said", "or", "were", "which", "has", "had", "its", "their", "will", "would", "been",
    "who", "we", "i", "you", "after", "into", "than", "more", "also", "about", "there", "when",
    "what", "can", "all", "one", "our", "out", "up", "if", "no", "so", "over", "only", "new",
    "some", "them", "him", "my", "do", "did", "does", "could", "may", "these", "those", "such",
    "other", "how", "where", "why", "very",
];

/// [`crate::text::word_hash`]es of [`ENGLISH_FUNCTION_WORDS`].
fn english_function_word_hash_set() -> &'static PackedSet {
    static SET: OnceLock<PackedSet> = OnceLock::new();
    SET.get_or_init(|| {
        PackedSet::new(
            ENGLISH_FUNCTION_WORDS
                .iter()
                .map(|w| crate::text::word_hash(w)),
        )
    })
}

/// Is the word with this [`crate::text::word_hash`] an English function word?
#[inline]
pub fn is_english_function_word_hash(hash: u64) -> bool {
    english_function_word_hash_set().contains(hash)
}

/// [`is_english_function_word_hash`] with the set fetched once, for loops
/// that test every word of an article.
pub fn english_function_word_hash_test() -> impl Fn(u64) -> bool {
    let set = english_function_word_hash_set();
    move |hash| set.contains(hash)
}

/// Set of non-zero keys (a hundred or so) in a table where, for a multiplier
/// chosen when it is built, every key sits alone in its own slot: a look-up
/// is one multiply and one comparison, without branches on the outcome.
enum PackedSet {
    Perfect {
        slots: Box<[u64]>,
        multiplier: u64,
    },
    /// No collision-free multiplier was found: an ordinary probing set.
    Probing(KeySet),
}

impl PackedSet {
    const SLOTS: usize = 1024;
    const SHIFT: u32 = 64 - Self::SLOTS.trailing_zeros();

    #[inline]
    fn slot(multiplier: u64, key: u64) -> usize {
        (key.wrapping_mul(multiplier) >> Self::SHIFT) as usize
    }

    fn new(keys: impl IntoIterator<Item = u64>) -> Self {
        let mut keys: Vec<u64> = keys.into_iter().filter(|&k| k != 0).collect();
        keys.sort_unstable();
        keys.dedup();
        assert!(
            keys.len() < Self::SLOTS,
            "a PackedSet holds a few hundred keys"
        );
        let mut slots = vec![0u64; Self::SLOTS].into_boxed_slice();
        let mut multiplier: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..10_000 {
            slots.fill(0);
            let clash = keys.iter().any(|&key| {
                let i = Self::slot(multiplier, key);
                let taken = slots[i] != 0;
                slots[i] = key;
                taken
            });
            if !clash {
                return PackedSet::Perfect { slots, multiplier };
            }
            multiplier = multiplier.wrapping_add(0x2545_f491_4f6c_dd1e) | 1;
        }
        PackedSet::Probing(KeySet::new(keys))
    }

    #[inline]
    fn contains(&self, key: u64) -> bool {
        match self {
            PackedSet::Perfect { slots, multiplier } => {
                key != 0 && slots[Self::slot(*multiplier, key)] == key
            }
            PackedSet::Probing(set) => set.contains(key),
        }
    }
}

/// whatlang restricted to the languages news is most often translated from:
/// fewer candidates make it decisive on single sentences.
fn sentence_detector() -> &'static whatlang::Detector {
    use whatlang::Lang::*;
    static DETECTOR: OnceLock<whatlang::Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        whatlang::Detector::with_allowlist(vec![
            Eng, Deu, Fra, Spa, Ita, Por, Nld, Rus, Ukr, Ces, Pol, Cmn, Jpn, Kor, Ara, Tur, Swe,
            Ron, Hun,
        ])
    })
}

/// whatlang confidence a sentence needs before it is identified again.
const SENTENCE_SURE: f64 = 0.5;

/// The language of one sentence when it is confidently not English: whatlang
/// (restricted to common source languages) must be sure, and a second
/// identification by [`detect`] must agree. That is lingua, more accurate on
/// short text but slower, unless whatlang over all its languages is sure on
/// its own, as it is of text in a script only one language uses.
pub fn detect_confirmed_foreign(text: &str, min_confidence: f64) -> Option<DetectedLanguage> {
    let quick = sentence_detector().detect(text)?;
    if quick.lang() == whatlang::Lang::Eng || quick.confidence() < SENTENCE_SURE {
        return None;
    }
    let language = detect(text)?;
    (!language.is_english() && language.confidence >= min_confidence).then_some(language)
}

/// Identify the language of `text`.
pub fn detect(text: &str) -> Option<DetectedLanguage> {
    if let Some(info) = whatlang::detect(text) {
        if info.is_reliable() && info.confidence() >= WHATLANG_SURE {
            return Some(from_whatlang(info));
        }
    }
    let values = lingua().compute_language_confidence_values(text);
    let (lang, confidence) = values.first().copied()?;
    Some(DetectedLanguage {
        code: lang.iso_code_639_1().to_string(),
        name: format!("{lang}"),
        // lingua adds up probabilities in hash-map order, which changes from
        // run to run, so the last digits of its confidence do too.
        confidence: crate::report::six_decimals(confidence),
        detector: "lingua",
    })
}

fn from_whatlang(info: whatlang::Info) -> DetectedLanguage {
    let lang = info.lang();
    DetectedLanguage {
        code: iso_639_1(lang.code()).unwrap_or(lang.code()).to_string(),
        name: lang.eng_name().to_string(),
        confidence: info.confidence(),
        detector: "whatlang",
    }
}

/// ISO 639-1 code for the ISO 639-3 codes whatlang returns, where one exists.
fn iso_639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "eng" => "en",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "nld" => "nl",
        "rus" => "ru",
        "ukr" => "uk",
        "ces" => "cs",
        "pol" => "pl",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "ara" => "ar",
        "tur" => "tr",
        "swe" => "sv",
        "ron" => "ro",
        "hun" => "hu",
        "dan" => "da",
        "fin" => "fi",
        "nob" => "nb",
        "slk" => "sk",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "bul" => "bg",
        "ell" => "el",
        "heb" => "he",
        "hin" => "hi",
        "vie" => "vi",
        "ind" => "id",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "cat" => "ca",
        "epo" => "eo",
        "lat" => "la",
        "afr" => "af",
        "tha" => "th",
        "pes" => "fa",
        "bel" => "be",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    #[test]
    fn english_news_is_english() {
        let l = detect("The minister said on Tuesday that the talks would resume next week in Geneva, despite the objections of several allies.").unwrap();
        assert!(l.is_english(), "{l:?}");
    }

    fn detect_text(text: &str) -> Option<DetectedLanguage> {
        detect_document(&Analysis::new(&Document::from_text("t", text)))
    }

    #[test]
    fn fast_path_confidence_is_the_same_when_it_stops_early() {
        // Function-word shares from the fast path's bar (0.3) to 5/8.
        for sentence in [
            "the of and port call ship sail today ok early. ",
            "the port of call ships sail and today ok. ",
            "the port of call ships and early today. ",
            "the of and to port call ship sail today early. ",
            "the port of the ships and early today. ",
            "the port of the ships and the today. ",
        ] {
            for repeat in [8, 40, 80] {
                let text = sentence.repeat(repeat);
                let doc = Document::from_text("t", text);
                let analysis = Analysis::new(&doc);
                let (words, function) =
                    function_word_counts(&analysis, FAST_PATH_WORDS, usize::MAX);
                let share = function as f64 / words as f64;
                let l = detect_document(&analysis).unwrap();
                assert_eq!(l.detector, "function-words");
                assert_eq!(l.confidence, (share / 0.4).min(1.0), "{sentence} x{repeat}");
            }
        }
    }

    #[test]
    fn function_words_are_counted_among_word_tokens() {
        // Words: The, union, of, THE, port, U.S., troops, and, don't, stop,
        // Žižek's, café; the number and the punctuation are not words.
        let doc = Document::from_text(
            "t",
            "The union of THE port, 100 U.S. troops and don't stop: Žižek's «café».",
        );
        let analysis = Analysis::new(&doc);
        assert_eq!(
            function_word_counts(&analysis, usize::MAX, usize::MAX),
            (12, 4)
        );
        assert_eq!(function_word_counts(&analysis, 3, usize::MAX), (3, 2));
        assert_eq!(function_word_counts(&analysis, usize::MAX, 3), (4, 3));
    }

    #[test]
    fn plain_english_takes_the_fast_path_and_german_does_not() {
        let english = "The port reopened on Tuesday after the strike, and the union said that it would ask for more talks with the companies about the pay of its members who work at night. ".repeat(2);
        let l = detect_text(&english).unwrap();
        assert_eq!((l.code.as_str(), l.detector), ("en", "function-words"));
        let german = "Der Hafen wurde am Dienstag nach dem Streik wieder geöffnet, und die Gewerkschaft erklärte, sie werde weitere Gespräche mit den Unternehmen über die Bezahlung ihrer Mitglieder führen, die nachts arbeiten. ".repeat(2);
        let l = detect_text(&german).unwrap();
        assert_eq!(l.code, "de");
        assert_ne!(l.detector, "function-words");
    }

    #[test]
    fn function_words_are_found_by_hash_in_any_case_and_nothing_else() {
        use crate::text::word_hash;
        for w in ENGLISH_FUNCTION_WORDS {
            assert!(is_english_function_word_hash(word_hash(w)), "{w}");
            assert!(
                is_english_function_word_hash(word_hash(&w.to_uppercase())),
                "{w}"
            );
        }
        for w in [
            "th",
            "thee",
            "theirs",
            "tHe'",
            "ſhe",
            "Ünd",
            "whichever",
            "\0",
            "a\0",
        ] {
            assert!(!is_english_function_word_hash(word_hash(w)), "{w}");
        }
        assert!(!is_english_function_word_hash(0));
    }

    #[test]
    fn packed_sets_find_their_keys_and_nothing_else() {
        use crate::text::word_hash;
        let keys: Vec<u64> = ENGLISH_FUNCTION_WORDS
            .iter()
            .map(|w| word_hash(w))
            .collect();
        let set = PackedSet::new(keys.iter().copied());
        assert!(matches!(set, PackedSet::Perfect { .. }));
        assert!(keys.iter().all(|&k| set.contains(k)));
        assert!(!set.contains(0));
        let others = ["thee", "ofs", "x", "said'", "ands", "a'"];
        for w in others {
            assert!(!set.contains(word_hash(w)), "{w}");
        }
        // A set too crowded to be perfect still answers, by probing.
        let key = |k: usize| word_hash(&format!("w{k}"));
        let crowded = PackedSet::new((0..900).map(key));
        assert!(matches!(crowded, PackedSet::Probing(_)));
        assert!((0..900).all(|k| crowded.contains(key(k))));
        assert!(!(900..2000).any(|k| crowded.contains(key(k))));
    }

    #[test]
    fn sentences_need_two_detectors_to_be_foreign() {
        assert!(detect_confirmed_foreign("Order pizza delivery online!", 0.8).is_none());
        assert!(detect_confirmed_foreign("Ono, pacta sunt servanda...", 0.8).is_none());
        let de = detect_confirmed_foreign(
            "Die Gewinne sind im dritten Quartal deutlich gestiegen, sagte der Vorstand.",
            0.8,
        )
        .unwrap();
        assert_eq!(de.code, "de");
    }

    #[test]
    fn lingua_confidence_is_the_same_every_time() {
        // Short enough that whatlang defers to lingua.
        let text = "The minister said the talks would continue next week in Geneva.";
        let first = detect(text).unwrap();
        assert_eq!(first.detector, "lingua");
        for _ in 0..20 {
            assert_eq!(detect(text).unwrap().confidence, first.confidence);
        }
    }

    #[test]
    fn a_word_or_two_is_not_taken_for_another_language() {
        for text in ["OK", "NATO", "Hello."] {
            assert_eq!(detect_text(text), None, "{text}");
        }
        let de = detect_text("Guten Morgen, wie geht es dir heute?").unwrap();
        assert_eq!(de.code, "de");
    }

    #[test]
    fn chinese_and_japanese_are_told_by_whatlang() {
        let zh = detect("外交部发言人周二表示，双方将于下周在日内瓦继续举行会谈。").unwrap();
        assert_eq!((zh.code.as_str(), zh.detector), ("zh", "whatlang"));
        let ja =
            detect("外務省の報道官は火曜日、両国が来週ジュネーブで協議を続けると述べた。").unwrap();
        assert_eq!((ja.code.as_str(), ja.detector), ("ja", "whatlang"));
        let zh = detect_confirmed_foreign("双方将于下周在日内瓦继续举行会谈。", 0.8).unwrap();
        assert_eq!(zh.code, "zh");
    }

    #[test]
    fn german_and_russian_are_not() {
        let de = detect("Die Ministerin sagte am Dienstag, dass die Gespräche nächste Woche in Genf fortgesetzt werden.").unwrap();
        assert_eq!(de.code, "de");
        let ru = detect(
            "Министр заявил во вторник, что переговоры возобновятся на следующей неделе в Женеве.",
        )
        .unwrap();
        assert_eq!(ru.code, "ru");
    }
}
