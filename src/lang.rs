//! Language identification: whatlang for speed, lingua where whatlang is unsure.

use std::sync::OnceLock;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use serde::Serialize;

use crate::document::{floor_char, Document};

/// The detected language of an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DetectedLanguage {
    /// ISO 639-1 code where one exists (`en`, `de`), else ISO 639-3.
    pub code: String,
    pub name: String,
    /// 0–1.
    pub confidence: f64,
    /// Which detector decided: `whatlang` or `lingua`.
    pub detector: &'static str,
}

impl DetectedLanguage {
    pub fn is_english(&self) -> bool {
        self.code == "en"
    }
}

/// Languages lingua tells apart (the ones compiled in).
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
    Language::Chinese,
    Language::Japanese,
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

/// Identify the language of the article's scored text.
pub fn detect_document(doc: &Document) -> Option<DetectedLanguage> {
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
    detect(&sample)
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
        confidence,
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

    #[test]
    fn english_news_is_english() {
        let l = detect("The minister said on Tuesday that the talks would resume next week in Geneva, despite the objections of several allies.").unwrap();
        assert!(l.is_english(), "{l:?}");
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
