//! The signal registry. Each signal is one file, modelled on a lint: a stable
//! code, a name, a default weight, documentation, and a `check` that returns
//! located evidence plus numeric features for the scorer.

pub mod broken_sentence_break;
pub mod construction_calque;
pub mod foreign_fragment;
pub mod formatting_calque;
pub mod genitive_chain;
pub mod hedges;
pub mod lexical_diversity;
pub mod mt_phrasing;
pub mod pronoun_gender_flip;
pub mod quote_punctuation;
pub mod repetition_loop;
pub mod translationese;
pub mod untranslated_word;
pub mod unusual_collocation;

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

use crate::config::Config;
use crate::text::Analysis;

/// What a signal is, for `calque signals`, `calque explain` and reports.
#[derive(Debug, Clone, Copy)]
pub struct SignalInfo {
    /// Stable code, e.g. `MT001`. Never reused once published.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `pronoun-gender-flip`.
    pub name: &'static str,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Full documentation (Markdown): what, why it points to MT, example.
    pub doc: &'static str,
    /// Log-odds added per finding per 1,000 words by the fallback scorer,
    /// used when the embedded model has no weight for this signal's features.
    pub default_weight: f64,
}

impl SignalInfo {
    /// A finding of this signal, of sub-kind `kind`.
    pub fn finding_of_kind(
        &self,
        kind: &'static str,
        range: Range<usize>,
        message: String,
    ) -> Finding {
        Finding {
            code: self.code,
            name: self.name,
            kind: Some(kind),
            range,
            message,
            related: Vec::new(),
        }
    }
}

/// A secondary location attached to a finding (e.g. where a person was introduced).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Related {
    #[serde(skip)]
    pub range: Range<usize>,
    pub label: String,
}

/// One piece of located evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    /// Optional sub-kind within the signal (e.g. `misoriented-quote`).
    pub kind: Option<&'static str>,
    /// Byte range in [`crate::document::Document::text`].
    pub range: Range<usize>,
    pub message: String,
    pub related: Vec<Related>,
}

/// The name of a feature, e.g. `MT001.rate`: a string literal for almost
/// every feature, so that pushing one does not allocate.
pub type FeatureName = Cow<'static, str>;

/// Everything a signal reports for one article.
#[derive(Debug, Default)]
pub struct SignalOutput {
    pub findings: Vec<Finding>,
    /// Named numeric features for the scorer, e.g. (`MT001.rate`, 2.4).
    pub features: Vec<(FeatureName, f64)>,
}

impl SignalOutput {
    pub fn feature(&mut self, name: impl Into<FeatureName>, value: f64) {
        self.features.push((name.into(), value));
    }

    /// The text each finding covers, in order; `text` is the text checked.
    pub fn excerpts<'t>(&self, text: &'t str) -> Vec<&'t str> {
        self.findings
            .iter()
            .map(|f| &text[f.range.clone()])
            .collect()
    }

    /// The value of the feature `name`, if the signal reported it.
    pub fn value(&self, name: &str) -> Option<f64> {
        self.features
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| *v)
    }
}

/// Shared read-only context for signals: configuration such as allow-lists,
/// and the MT006 lexicon (the embedded one unless an evaluation swaps it).
pub struct Context<'c> {
    pub config: &'c Config,
    pub mt_lexicon: &'c mt_phrasing::Lexicon,
    pub translationese: &'c translationese::QuantisedWeights,
}

impl<'c> Context<'c> {
    /// A context with the embedded lexicon.
    pub fn new(config: &'c Config) -> Self {
        Self {
            config,
            mt_lexicon: mt_phrasing::Lexicon::embedded(),
            translationese: translationese::QuantisedWeights::embedded(),
        }
    }

    /// Whether an `allow` entry of the configuration is found in
    /// `text[range]`, the text a finding would point at. Allowed text is
    /// neither shown as evidence nor counted in the signal's features, so
    /// that allowing a phrase also takes it out of the score. Without
    /// entries, nothing is sliced or compared: signals ask this of every
    /// candidate.
    #[inline]
    pub fn allows(&self, text: &str, range: Range<usize>) -> bool {
        !self.config.allow.is_empty() && self.config.allows(&text[range])
    }
}

/// A machine-translation signal.
pub trait Signal: Send + Sync {
    fn info(&self) -> &'static SignalInfo;

    /// Inspect one article. Findings and features go into `out`.
    fn check(&self, analysis: &Analysis, ctx: &Context, out: &mut SignalOutput);

    /// Start a finding with this signal's code and name.
    fn finding(&self, range: Range<usize>, message: impl Into<String>) -> Finding
    where
        Self: Sized,
    {
        let info = self.info();
        Finding {
            code: info.code,
            name: info.name,
            kind: None,
            range,
            message: message.into(),
            related: Vec::new(),
        }
    }
}

/// Every signal, in code order.
pub fn registry() -> &'static [&'static dyn Signal] {
    &[
        &pronoun_gender_flip::PronounGenderFlip,
        &quote_punctuation::QuotePunctuation,
        &broken_sentence_break::BrokenSentenceBreak,
        &formatting_calque::FormattingCalque,
        &unusual_collocation::UnusualCollocation,
        &mt_phrasing::MtPhrasing,
        &foreign_fragment::ForeignFragment,
        &lexical_diversity::LexicalDiversity,
        &hedges::Hedges,
        &genitive_chain::GenitiveChain,
        &translationese::Translationese,
        &construction_calque::ConstructionCalque,
        &untranslated_word::UntranslatedWord,
        &repetition_loop::RepetitionLoop,
    ]
}

/// Run one signal on plain `text` with the default configuration. Finding
/// ranges index into `text` itself.
pub fn run_on_text(signal: &dyn Signal, text: &str) -> SignalOutput {
    let doc = crate::document::Document::from_text("text", text);
    let analysis = Analysis::new(&doc);
    let config = Config::default();
    let mut out = SignalOutput::default();
    signal.check(&analysis, &Context::new(&config), &mut out);
    out
}

/// Look a signal up by code (`MT001`) or name (`pronoun-gender-flip`), case-insensitively.
pub fn lookup(key: &str) -> Option<&'static dyn Signal> {
    registry().iter().copied().find(|s| {
        let i = s.info();
        i.code.eq_ignore_ascii_case(key) || i.name.eq_ignore_ascii_case(key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for s in registry() {
            let i = s.info();
            assert!(codes.insert(i.code), "duplicate code {}", i.code);
            assert!(names.insert(i.name), "duplicate name {}", i.name);
            assert!(i.code.starts_with("MT") && i.code.len() == 5, "{}", i.code);
            assert!(
                !i.summary.is_empty() && i.doc.len() > 100,
                "{} undocumented",
                i.code
            );
            assert!(i.doc.contains("Example"), "{} has no example", i.code);
        }
    }
}
