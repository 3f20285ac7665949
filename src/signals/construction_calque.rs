//! MT012 `construction-calque`: grammatical frames of another language
//! rendered word for word.
//!
//! ## What it finds
//! - `allow-to-infinitive`: "allow", "enable" or "permit" followed directly
//!   by a to-infinitive, with no object (`did not allow to open the market`,
//!   `this allows to reduce costs`). English needs an object or a gerund
//!   ("allowed them to make", "allows reducing"). Only forms whose subject is
//!   certain are checked: "allows"/"enables", the -ing forms, the base form
//!   after a modal, "do", "not" or "to", and the past participle after
//!   "has/have/had". "Allowed to" after a noun or "be" is a passive ("voters
//!   are allowed to"), an imperative ("allow to cool") is idiomatic in recipes,
//!   and "allow to be crossed" has a grammatical reading, so none of these is
//!   reported.
//! - `territory-of`: "in/on the territory of" before a place (`in the
//!   territory of Poland`): the Slavic "на территории" / "na území" and the
//!   Chinese "在…境内" frame, where English writes "in Poland". A place
//!   that is itself a territory (`in the territory of Guam`, `the territory
//!   of the Northwest Territories`) is named that way in English, and is
//!   not reported.
//! - `according-to-pronoun`: "according to him/her/them" closed by
//!   punctuation (`According to him, the plan failed.`): the Russian "по
//!   его словам", Czech "podle něj" and Hausa "a cewarsa" attribution, where
//!   English news writes "he said". "According to her website" (a possessive)
//!   is not reported.
//!
//! ## Why it points to machine translation
//! These frames are grammatical in the source language and each English word
//! is a correct dictionary rendering, so word-by-word translation keeps them;
//! a native writer never starts from them. On WMT 2021 and 2022 news
//! (`cargo run --release --example signal_rates -- FILE MT012`) they occur in
//! machine output and in human translation (translators keep them too), and
//! in no English original: "according to him" in 2-5% of translated
//! documents, mostly from Russian, Czech and Hausa; the other two in under 2%,
//! mostly from Russian, Ukrainian, Czech and Chinese.
//!
//! "At the level of" before a body ("на уровне") is the same kind of frame,
//! but in WMT 2021 and 2022 it occurs in a single group of articles, so it is
//! not checked.
//!
//! ## Example
//! ```text
//! The new rules will allow to cut waiting times in the territory of the
//! region. According to him, the queues will be gone by spring.
//! ```
//! gives three findings: one of each kind.

use crate::key_set::HashFilter;
use crate::signals::{Context, Finding, Signal, SignalInfo, SignalOutput};
use crate::text::{ascii_word_hash, Analysis, TokenKind};

pub struct ConstructionCalque;

static INFO: SignalInfo = SignalInfo {
    code: "MT012",
    name: "construction-calque",
    summary: "Source-language frames rendered word for word: allow to do, in the territory of, according to him",
    doc: "Finds grammatical frames that are correct in the source language and were rendered \
word for word: \"allow\", \"enable\" or \"permit\" with a bare to-infinitive and no object \
(`did not allow to open the market`, Russian \"не позволили открыть\", French \"permettre de\"), \
\"in/on the territory of\" before a place (`in the territory of Poland`, Slavic \"на \
территории\", Chinese \"在…境内\"), and \"according to him/her/them\" closed by punctuation (`According to him, \
the plan failed`, Russian \"по его словам\", Czech \"podle něj\") where English news writes \"he \
said\". Only forms of \"allow\" with a certain subject are checked, so passives \
(\"voters are allowed to\") and recipe imperatives (\"allow to cool\") are not reported, nor \
is a place that is itself a territory (`the territory of Guam`).\n\n\
Why it points to machine translation: each word is a correct dictionary rendering, so a \
system translating close to the source keeps the frame; a native writer never starts from it. \
On WMT news these frames occur in machine output and in human translations (translators keep \
them too), and in no English original.\n\n\
Example: `The rules will allow to cut waiting times in the territory of the region` gives two \
findings.",
    default_weight: 0.6,
};

const TO: u64 = ascii_word_hash("to");
const BE: u64 = ascii_word_hash("be");
const THE: u64 = ascii_word_hash("the");
const OF: u64 = ascii_word_hash("of");
const IN: u64 = ascii_word_hash("in");
const ON: u64 = ascii_word_hash("on");
const TERRITORY: u64 = ascii_word_hash("territory");
const ACCORDING: u64 = ascii_word_hash("according");

const US_DOTTED: u64 = ascii_word_hash("U.S.");
const NORTHERN: u64 = ascii_word_hash("Northern");

/// First words of places that are territories, for which English itself
/// writes "the territory of Guam": dependent and federal territories, and
/// the territories of the United States' past that history writing names.
/// The first word after "the", "U.S." or "Northern" is enough: none of these
/// opens a sovereign state's name.
const TERRITORY_NAMES: [u64; 42] = crate::text::ascii_word_hashes(&[
    "Alaska",
    "American",
    "Anguilla",
    "Arizona",
    "Aruba",
    "Bermuda",
    "Cayman",
    "Christmas",
    "Cook",
    "Dakota",
    "Falkland",
    "Faroe",
    "Gibraltar",
    "Greenland",
    "Guadeloupe",
    "Guam",
    "Hawaii",
    "Hong",
    "Idaho",
    "Jervis",
    "Macao",
    "Macau",
    "Mariana",
    "Martinique",
    "Mayotte",
    "Montana",
    "Montserrat",
    "Nebraska",
    "Niue",
    "Norfolk",
    "Northwest",
    "Nunavut",
    "Oklahoma",
    "Pitcairn",
    "Puerto",
    "Tokelau",
    "Turks",
    "Utah",
    "Virgin",
    "Wallis",
    "Wyoming",
    "Yukon",
]);
const OBJECT_PRONOUNS: &[u64] = &[
    ascii_word_hash("him"),
    ascii_word_hash("her"),
    ascii_word_hash("them"),
];

/// How a form of "allow" shows that it has a subject.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    /// "allows", "allowing": the form itself.
    Finite,
    /// "allow": only after a modal, "do", "not" or "to".
    Base,
    /// "allowed": only after "has/have/had"; elsewhere it may be a passive.
    Participle,
}

const ALLOW_VERBS: &[(u64, Form)] = &[
    (ascii_word_hash("allow"), Form::Base),
    (ascii_word_hash("allows"), Form::Finite),
    (ascii_word_hash("allowing"), Form::Finite),
    (ascii_word_hash("allowed"), Form::Participle),
    (ascii_word_hash("enable"), Form::Base),
    (ascii_word_hash("enables"), Form::Finite),
    (ascii_word_hash("enabling"), Form::Finite),
    (ascii_word_hash("enabled"), Form::Participle),
    // "permits" is left out: it is also the plural noun ("permits to drill").
    (ascii_word_hash("permit"), Form::Base),
    (ascii_word_hash("permitting"), Form::Finite),
    (ascii_word_hash("permitted"), Form::Participle),
];

/// Words after which a base-form "allow" is a verb with a subject.
const BASE_LEADS: &[u64] = &[
    ascii_word_hash("will"),
    ascii_word_hash("would"),
    ascii_word_hash("can"),
    ascii_word_hash("could"),
    ascii_word_hash("may"),
    ascii_word_hash("might"),
    ascii_word_hash("must"),
    ascii_word_hash("should"),
    ascii_word_hash("shall"),
    ascii_word_hash("do"),
    ascii_word_hash("does"),
    ascii_word_hash("did"),
    ascii_word_hash("not"),
    ascii_word_hash("to"),
    ascii_word_hash("cannot"),
    ascii_word_hash("don't"),
    ascii_word_hash("doesn't"),
    ascii_word_hash("didn't"),
    ascii_word_hash("won't"),
    ascii_word_hash("wouldn't"),
    ascii_word_hash("can't"),
    ascii_word_hash("couldn't"),
    ascii_word_hash("shouldn't"),
];

const PERFECT_LEADS: &[u64] = &[
    ascii_word_hash("has"),
    ascii_word_hash("have"),
    ascii_word_hash("had"),
];

/// The [`word_hash`](crate::text::word_hash)es a frame starts with: the
/// forms of "allow", then "in", "on" and "according".
const FRAME_STARTS: [u64; ALLOW_VERBS.len() + 3] = {
    let mut hashes = [IN; ALLOW_VERBS.len() + 3];
    let mut i = 0;
    while i < ALLOW_VERBS.len() {
        hashes[i] = ALLOW_VERBS[i].0;
        i += 1;
    }
    hashes[i + 1] = ON;
    hashes[i + 2] = ACCORDING;
    hashes
};

/// Rules out nearly every word before its token is read.
static FRAME_START_FILTER: HashFilter<16> = HashFilter::new(&FRAME_STARTS);

impl ConstructionCalque {
    /// Token `i` is a word, in the same paragraph as token `from`.
    fn word_at(a: &Analysis, i: usize, from: usize) -> Option<u64> {
        let t = a.tokens.get(i)?;
        (t.kind == TokenKind::Word && t.paragraph == a.tokens[from].paragraph)
            .then(|| a.word_hashes[i])
    }

    /// "did not allow to open": the range from the verb to the infinitive.
    // Rare: out of line, so as not to crowd the per-token loop.
    #[inline(never)]
    fn allow_to_infinitive(a: &Analysis, i: usize, form: Form) -> Option<Finding> {
        if Self::word_at(a, i + 1, i)? != TO {
            return None;
        }
        let infinitive = Self::word_at(a, i + 2, i)?;
        let verb = a.tok(i + 2);
        if infinitive == BE || !verb.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        let before = i.checked_sub(1).and_then(|j| Self::word_at(a, j, i));
        let has_subject = match form {
            Form::Finite => true,
            Form::Base => before.is_some_and(|h| BASE_LEADS.contains(&h)),
            Form::Participle => before.is_some_and(|h| PERFECT_LEADS.contains(&h)),
        };
        if !has_subject {
            return None;
        }
        let range = a.tokens[i].start..a.tokens[i + 2].end;
        let message = format!(
            "'{}' has no object: English writes '{} someone to {verb}' or uses a gerund; the bare \
infinitive is the source's frame (Russian 'позволить', Czech 'umožnit', French 'permettre de' + \
infinitive)",
            &a.text()[range.clone()],
            a.tok(i),
        );
        Some(finding("allow-to-infinitive", range, message))
    }

    /// "in the territory of Poland", starting at the preposition `i`.
    // Rare: out of line, so as not to crowd the per-token loop.
    #[inline(never)]
    fn territory_of(a: &Analysis, i: usize) -> Option<Finding> {
        // Only the lowercase noun: "the Northern Territory" is a name.
        if Self::word_at(a, i + 1, i)? != THE
            || Self::word_at(a, i + 2, i)? != TERRITORY
            || Self::word_at(a, i + 3, i)? != OF
            || !a.tok(i + 2).bytes().all(|b| b.is_ascii_lowercase())
        {
            return None;
        }
        // "the territory of (the) (U.S.|Northern) Guam": the place's own name.
        let mut at = i + 4;
        if Self::word_at(a, at, i) == Some(THE) {
            at += 1;
        }
        if matches!(Self::word_at(a, at, i), Some(US_DOTTED | NORTHERN)) {
            at += 1;
        }
        if Self::word_at(a, at, i).is_some_and(|p| TERRITORY_NAMES.contains(&p)) {
            return None;
        }
        let frame = a.tokens[i].start..a.tokens[i + 3].end;
        let message = format!(
            "'{}' before a place: English writes 'in' plus the place; the frame renders \
Russian/Ukrainian 'на территории', Czech 'na území' or Chinese '在…境内' word for word",
            &a.text()[frame.clone()]
        );
        Some(finding("territory-of", frame, message))
    }
}

impl ConstructionCalque {
    /// "According to him," starting at "according" (`i`).
    // Rare: out of line, so as not to crowd the per-token loop.
    #[inline(never)]
    fn according_to_pronoun(a: &Analysis, i: usize) -> Option<Finding> {
        if Self::word_at(a, i + 1, i)? != TO
            || !OBJECT_PRONOUNS.contains(&Self::word_at(a, i + 2, i)?)
        {
            return None;
        }
        // Closed by punctuation: "according to her website" is a possessive.
        let close = a.tokens.get(i + 3)?;
        if close.kind != TokenKind::Punct
            || close.paragraph != a.tokens[i].paragraph
            || !matches!(a.tok(i + 3), "," | "." | ";" | ":" | ")")
        {
            return None;
        }
        let range = a.tokens[i].start..a.tokens[i + 2].end;
        let message = format!(
            "'{}': English news attributes with a verb ('{} said'); 'according to' + pronoun \
renders Russian 'по его словам', Czech 'podle něj' or Hausa 'a cewarsa' word for word",
            &a.text()[range.clone()],
            match a.tok(i + 2).to_ascii_lowercase().as_str() {
                "him" => "he",
                "her" => "she",
                _ => "they",
            },
        );
        Some(finding("according-to-pronoun", range, message))
    }
}

impl Signal for ConstructionCalque {
    fn info(&self) -> &'static SignalInfo {
        &INFO
    }

    fn check(&self, a: &Analysis, ctx: &Context, out: &mut SignalOutput) {
        for (i, (&h, t)) in a.word_hashes.iter().zip(&a.tokens).enumerate() {
            if !FRAME_START_FILTER.may_contain(h) || t.kind != TokenKind::Word {
                continue;
            }
            // Word length rules out most words before any comparison.
            let found = match t.end - t.start {
                2 if h == IN || h == ON => Self::territory_of(a, i),
                9 if h == ACCORDING => Self::according_to_pronoun(a, i),
                5..=10 => ALLOW_VERBS
                    .iter()
                    .find(|(v, _)| *v == h)
                    .and_then(|&(_, form)| Self::allow_to_infinitive(a, i, form)),
                _ => None,
            };
            if let Some(f) = found.filter(|f| !ctx.allows(a.text(), f.range.clone())) {
                out.findings.push(f);
            }
        }
        out.feature("MT012.rate", a.per_thousand_words(out.findings.len()));
    }
}

fn finding(kind: &'static str, range: std::ops::Range<usize>, message: String) -> Finding {
    INFO.finding_of_kind(kind, range, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::run_on_text;

    fn kinds(text: &str) -> Vec<&'static str> {
        run_on_text(&ConstructionCalque, text)
            .findings
            .iter()
            .filter_map(|f| f.kind)
            .collect()
    }

    fn excerpts(text: &str) -> Vec<&str> {
        run_on_text(&ConstructionCalque, text).excerpts(text)
    }

    #[test]
    fn filter_passes_every_frame_start() {
        for hash in ALLOW_VERBS
            .iter()
            .map(|&(h, _)| h)
            .chain([IN, ON, ACCORDING])
        {
            assert!(FRAME_STARTS.contains(&hash));
            assert!(FRAME_START_FILTER.may_contain(hash));
        }
    }

    #[test]
    fn documented_example() {
        assert_eq!(
            kinds(
                "The new rules will allow to cut waiting times in the territory of the \
                 region. According to him, the queues will be gone by spring."
            ),
            [
                "allow-to-infinitive",
                "territory-of",
                "according-to-pronoun"
            ]
        );
    }

    #[test]
    fn allow_with_a_bare_infinitive() {
        assert_eq!(
            excerpts("The court did not allow to publish the names of the jurors."),
            ["allow to publish"]
        );
        assert_eq!(
            excerpts("The new valve allows to reduce the pressure quickly."),
            ["allows to reduce"]
        );
        assert_eq!(
            kinds("The reform has enabled to hire more nurses, enabling to open wards."),
            ["allow-to-infinitive", "allow-to-infinitive"]
        );
        assert_eq!(
            kinds("This will permit to build the road sooner."),
            ["allow-to-infinitive"]
        );
    }

    #[test]
    fn english_uses_of_allow_are_not_reported() {
        // Object, gerund, passive, reduced relative, recipe imperative.
        assert!(kinds("The court did not allow them to publish the names.").is_empty());
        assert!(kinds("The new valve allows reducing the pressure.").is_empty());
        assert!(kinds("Fans are not allowed to bring bottles.").is_empty());
        assert!(kinds("Residents allowed to vote early queued at dawn.").is_empty());
        assert!(kinds("Remove from the oven and allow to cool for ten minutes.").is_empty());
        assert!(kinds("Allow to rest before slicing.").is_empty());
        // A noun, and a passive infinitive.
        assert!(kinds("The agency issued permits to drill in the bay.").is_empty());
        assert!(kinds("It is a red line Moscow will not allow to be crossed.").is_empty());
        // A name after "to" is not an infinitive.
        assert!(kinds("The visa does allow to Canada and back.").is_empty());
    }

    #[test]
    fn territory_of_before_a_place() {
        assert_eq!(
            excerpts("Allied units are stationed in the territory of Poland."),
            ["in the territory of"]
        );
        assert_eq!(
            kinds("The plant will be built on the territory of the republic."),
            ["territory-of"]
        );
        assert!(kinds("Troops are stationed in Poland.").is_empty());
        assert!(kinds("She grew up in the Northern Territory of Australia.").is_empty());
        assert!(kinds("They seized part of the territory of the republic.").is_empty());
        // Places that are territories are named so in English.
        assert!(kinds("Officials in the territory of Guam said the storm passed.").is_empty());
        assert!(kinds("Snow fell in the territory of the Northwest Territories.").is_empty());
        assert!(kinds("She was born in the territory of the U.S. Virgin Islands.").is_empty());
        assert!(kinds("It lies in the territory of the Northern Mariana Islands.").is_empty());
        assert_eq!(
            kinds("Troops stayed on the territory of Northern Ireland."),
            ["territory-of"]
        );
        assert_eq!(
            kinds("The storm passed in the territory of the Russian Federation."),
            ["territory-of"]
        );
    }

    #[test]
    fn according_to_a_pronoun() {
        assert_eq!(
            excerpts("According to him, the plan failed. It works, according to them."),
            ["According to him", "according to them"]
        );
        let out = run_on_text(&ConstructionCalque, "According to her, it failed.");
        assert!(out.findings[0].message.contains("'she said'"));
        assert!(kinds("According to her website, she was born in Ohio.").is_empty());
        assert!(kinds("According to the police, the plan failed.").is_empty());
        assert!(kinds("The plan failed, he said.").is_empty());
    }

    #[test]
    fn frames_do_not_cross_paragraphs() {
        assert!(kinds("They did not allow\n\nto publish it.").is_empty());
        assert!(kinds("It happened in the territory\n\nof Poland.").is_empty());
    }

    #[test]
    fn rate_counts_findings_per_thousand_words() {
        let out = run_on_text(
            &ConstructionCalque,
            "Officials did not allow to publish it in the territory of Poland.",
        );
        let rate = out.value("MT012.rate").unwrap();
        // 2 findings in 12 words.
        assert!((rate - 2000.0 / 12.0).abs() < 1e-9, "{rate}");
    }
}
