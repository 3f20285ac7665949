//! Scores one article: language identification, every enabled signal, the model.

use crate::chrome::ChromeKind;
use crate::config::Config;
use crate::document::Document;
use crate::lang;
use crate::model::{self, FeatureIndex, Model};
use crate::report::{self, Excluded, Report, SignalSummary, Status, SCHEMA_VERSION};
use crate::signals::mt_phrasing::Lexicon;
use crate::signals::{self, translationese, Context, FeatureName, Signal, SignalOutput};
use crate::text::Analysis;

/// Features every article has, whatever the signals find.
pub const LENGTH_FEATURE: &str = "doc.log_words";

pub struct Checker {
    config: Config,
    signals: Vec<&'static dyn Signal>,
    model: &'static Model,
    /// The model's feature names, resolved once.
    index: FeatureIndex<'static>,
    /// For each model feature, the enabled signal (index in `signals`) whose
    /// `CODE.` prefix it carries.
    feature_signal: Vec<Option<usize>>,
    mt_lexicon: &'static Lexicon,
    translationese: &'static translationese::QuantisedWeights,
}

/// Features and findings of one article, before scoring.
pub struct Extracted {
    pub features: Vec<(String, f64)>,
    pub outputs: Vec<(&'static dyn Signal, SignalOutput)>,
    pub words: usize,
}

impl Checker {
    pub fn new(config: Config) -> Self {
        Self::with_model(config, model::embedded())
    }

    pub fn with_model(config: Config, model: &'static Model) -> Self {
        let signals: Vec<&'static dyn Signal> = signals::registry()
            .iter()
            .copied()
            .filter(|s| config.enabled(s.info().code, s.info().name))
            .collect();
        let feature_signal = model
            .features
            .iter()
            .map(|f| {
                signals.iter().position(|s| {
                    f.name
                        .strip_prefix(s.info().code)
                        .is_some_and(|rest| rest.starts_with('.'))
                })
            })
            .collect();
        Self {
            config,
            signals,
            model,
            index: FeatureIndex::new(model),
            feature_signal,
            mt_lexicon: Lexicon::embedded(),
            translationese: translationese::QuantisedWeights::embedded(),
        }
    }

    /// Use another MT006 lexicon, so that an evaluation can keep the lexicon
    /// from seeing the year it is measured on.
    pub fn with_lexicon(mut self, lexicon: &'static Lexicon) -> Self {
        self.mt_lexicon = lexicon;
        self
    }

    /// Use another MT011 model, for the same reason as [`Self::with_lexicon`].
    pub fn with_translationese(
        mut self,
        weights: &'static translationese::QuantisedWeights,
    ) -> Self {
        self.translationese = weights;
        self
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Run every enabled signal and collect the features the model reads.
    pub fn extract(&self, doc: &Document) -> Extracted {
        let mut features = Vec::new();
        let analysis = Analysis::new(doc);
        let (outputs, words) = self.run_signals(&analysis, |name, value| {
            features.push((name.into_owned(), value))
        });
        Extracted {
            features,
            outputs,
            words,
        }
    }

    /// Run every enabled signal, handing each feature to `feature` in order
    /// (the length feature first). Returns the outputs (features taken out)
    /// and the word count.
    fn run_signals(
        &self,
        analysis: &Analysis,
        mut feature: impl FnMut(FeatureName, f64),
    ) -> (Vec<(&'static dyn Signal, SignalOutput)>, usize) {
        let doc = analysis.doc;
        let ctx = Context {
            config: &self.config,
            mt_lexicon: self.mt_lexicon,
            translationese: self.translationese,
        };
        feature(
            FeatureName::Borrowed(LENGTH_FEATURE),
            ((analysis.word_count as f64) + 1.0).ln(),
        );
        let mut outputs = Vec::with_capacity(self.signals.len());
        // One feature buffer lent to each signal in turn: features are handed
        // on as soon as a signal is done, so the outputs kept need none.
        let mut features = Vec::with_capacity(8);
        for &signal in &self.signals {
            let mut out = SignalOutput {
                findings: Vec::new(),
                features: std::mem::take(&mut features),
            };
            signal.check(analysis, &ctx, &mut out);
            // Each signal leaves out allowed text itself, before counting.
            debug_assert!(
                out.findings
                    .iter()
                    .all(|f| !self.config.allows(&doc.text[f.range.clone()])),
                "{} reported allowed text",
                signal.info().code
            );
            for (name, value) in out.features.drain(..) {
                feature(name, value);
            }
            features = std::mem::take(&mut out.features);
            outputs.push((signal, out));
        }
        (outputs, analysis.word_count)
    }

    /// Score one article into a report.
    pub fn check(&self, doc: &Document) -> Report {
        let trusted;
        let doc = if self.config.inline_directives && !doc.regions_off.is_empty() {
            trusted = doc.with_regions_off_excluded();
            &trusted
        } else {
            doc
        };
        let excluded: Vec<Excluded> = doc
            .paragraphs
            .iter()
            .filter_map(|p| {
                p.chrome.map(|kind| Excluded {
                    line: doc.position(p.range.start).line,
                    kind,
                    excerpt: doc.excerpt(p.range.clone(), 80),
                })
            })
            .collect();
        if doc.scored_len() == 0 {
            let message = if excluded.is_empty() {
                "no article text"
            } else if excluded.iter().any(|x| x.kind == ChromeKind::Directive) {
                "no article text (only page chrome and text turned off by `<!-- calque off -->`)"
            } else {
                "no article text (only page chrome)"
            };
            let mut r = Report::error(doc.origin.clone(), doc.id.clone(), message);
            r.excluded = excluded;
            return r;
        }
        // Tokenised first: the language check reads the same tokens.
        let analysis = Analysis::new(doc);
        let language = lang::detect_document(&analysis);
        if let Some(l) = language.as_ref().filter(|l| !l.is_english()) {
            let mut r = Report::error(
                doc.origin.clone(),
                doc.id.clone(),
                format!(
                    "unsupported language: {} ({}, confidence {:.2}); calque scores English articles",
                    l.name, l.code, l.confidence
                ),
            );
            r.status = Status::UnsupportedLanguage;
            r.language = language;
            r.excluded = excluded;
            return r;
        }

        let mut values = vec![0.0; self.model.features.len()];
        let (outputs, words) = self.run_signals(&analysis, |name, value| {
            self.index.set(&mut values, &name, value);
        });
        let score = self.model.score_static(&values);
        let mut evidence = Vec::new();
        let mut summaries = Vec::with_capacity(outputs.len());
        for (s, (signal, out)) in outputs.iter().enumerate() {
            let info = signal.info();
            // Features named `CODE.something`.
            let log_odds = score
                .contributions
                .iter()
                .zip(&self.feature_signal)
                .filter(|(_, owner)| **owner == Some(s))
                .map(|(c, _)| c.log_odds)
                .sum();
            summaries.push(SignalSummary {
                code: info.code,
                name: info.name,
                findings: out.findings.len(),
                log_odds,
            });
            evidence.extend(out.findings.iter().map(|f| report::evidence(doc, f)));
        }
        evidence.sort_by_key(|e| (e.line, e.column));
        let probability = score.probability;
        let too_short = words < self.config.min_words();
        Report {
            schema: SCHEMA_VERSION,
            origin: doc.origin.clone(),
            id: doc.id.clone(),
            status: Status::Ok,
            probability: Some(probability),
            flagged: probability > self.config.fail_above() && !too_short,
            too_short,
            language,
            words,
            base_log_odds: Some(score.base_log_odds),
            signals: summaries,
            contributions: score.contributions,
            evidence,
            excluded,
            error: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_only_is_an_error() {
        let c = Checker::new(Config::default());
        let r = c.check(&Document::from_text(
            "x.txt",
            "Leave a Reply\n\nSource link\n",
        ));
        assert_eq!(r.status, Status::Error);
        assert_eq!(r.excluded.len(), 2);
    }

    /// `<!-- calque off -->` regions are scored as usual unless
    /// `inline-directives` trusts them; then they are excluded, and the
    /// article scores as if they were not there.
    #[test]
    fn regions_turned_off_count_only_when_trusted() {
        let human = include_str!("../corpus/examples/human.txt");
        let roundtrip = include_str!("../corpus/examples/roundtrip.txt");
        let md = |s: String| crate::input::markdown::extract("a.md", s);
        let marked = md(format!(
            "{human}\n<!-- calque off -->\n\n{roundtrip}\n<!-- calque on -->\n"
        ));
        let plain = Checker::new(Config::default());
        let trusting = Checker::new(Config {
            inline_directives: true,
            ..Config::default()
        });

        let untrusted = plain.check(&marked);
        let whole = plain.check(&md(format!("{human}\n{roundtrip}")));
        assert_eq!(untrusted.probability, whole.probability);
        // The round trip's chrome (two lines lower, below the comment).
        let chrome_of = |r: &Report| -> Vec<(ChromeKind, String)> {
            (r.excluded.iter().map(|x| (x.kind, x.excerpt.clone()))).collect()
        };
        assert_eq!(chrome_of(&untrusted), chrome_of(&whole));

        let trusted = trusting.check(&marked);
        let alone = plain.check(&md(human.to_string()));
        assert_eq!(trusted.words, alone.words);
        let (p, q) = (trusted.probability.unwrap(), alone.probability.unwrap());
        assert!((p - q).abs() < 1e-9, "{p} against {q}");
        assert!(whole.probability.unwrap() > p + 0.1);
        assert_eq!(trusted.evidence.len(), alone.evidence.len());
        // Every paragraph of the round trip turned off, but its chrome,
        // which keeps its own kind.
        let (chrome, off): (Vec<&Excluded>, Vec<&Excluded>) =
            (trusted.excluded.iter()).partition(|x| x.kind != ChromeKind::Directive);
        assert_eq!(chrome.len(), whole.excluded.len());
        let paragraphs = roundtrip.split("\n\n").filter(|p| !p.trim().is_empty());
        assert_eq!(off.len() + chrome.len(), paragraphs.count());

        let all_off = trusting.check(&md(format!("<!-- calque off -->\n\n{roundtrip}")));
        assert_eq!(all_off.status, Status::Error);
        assert!(all_off.error.unwrap().contains("calque off"));
    }

    #[test]
    fn german_is_unsupported() {
        let c = Checker::new(Config::default());
        let r = c.check(&Document::from_text(
            "x.txt",
            "Die Regierung hat am Mittwoch neue Maßnahmen gegen die steigenden Energiepreise beschlossen. Der Bundeskanzler sprach von einem wichtigen Schritt für die Bürger.",
        ));
        assert_eq!(r.status, Status::UnsupportedLanguage);
        assert_eq!(r.language.unwrap().code, "de");
    }

    /// Paragraphs on which MT003, MT005, MT006, MT007, MT010, MT012, MT013
    /// and MT014 find something, to add to the bundled round trip's MT001,
    /// MT002 and MT004.
    const MORE_CALQUES: &str = "
The deputy head of the department of the ministry of the economy did not allow to open the new \
terminal, according to him, and the talks on the territory of Valmora stalled.

The city has a rich local life and a strong sense of food, and residents said the crisis. . will pass.

Los trabajadores del puerto dijeron que la huelga terminará pronto si el gobierno cumple sus promesas.

The waiting ships then left the harbour one after another, and officials of the 港务局 said the \
port would reopen.

The union said that it had won the vote of the vote of the vote of the members on Friday.
";

    /// Allowing the text of every finding leaves no evidence and no
    /// finding counted in any feature, so the score drops with it.
    #[test]
    fn allowed_text_is_neither_shown_nor_counted() {
        let text = format!(
            "{}{MORE_CALQUES}",
            include_str!("../corpus/examples/roundtrip.txt")
        );
        let text = text.as_str();
        let doc = Document::from_text("roundtrip.txt", text);
        let plain = Checker::new(Config::default());
        let before = plain.extract(&doc);
        let allow: Vec<String> = before
            .outputs
            .iter()
            .flat_map(|(_, out)| &out.findings)
            .map(|f| text[f.range.clone()].to_string())
            .collect();
        let signals_found: std::collections::BTreeSet<&str> = before
            .outputs
            .iter()
            .filter(|(_, out)| !out.findings.is_empty())
            .map(|(s, _)| s.info().code)
            .collect();
        assert_eq!(
            signals_found.iter().copied().collect::<Vec<_>>(),
            [
                "MT001", "MT002", "MT003", "MT004", "MT005", "MT006", "MT007", "MT010", "MT012",
                "MT013", "MT014"
            ]
        );

        let allowing = Checker::new(Config {
            allow,
            ..Config::default()
        });
        let after = allowing.extract(&doc);
        assert!(after.outputs.iter().all(|(_, out)| out.findings.is_empty()));
        // Rates and counts of findings; MT005's feature-only rates also
        // count pairs it does not show, which no entry here allows.
        let counted = |name: &str| {
            (name.ends_with("rate") || name.ends_with("count")) && !name.contains("unattested")
        };
        for (name, value) in after.features.iter().filter(|(n, _)| counted(n)) {
            assert_eq!(*value, 0.0, "{name} still counts allowed text");
        }
        let changed = |name: &str| {
            let of = |e: &Extracted| e.features.iter().find(|(n, _)| n == name).unwrap().1;
            of(&before) != of(&after)
        };
        for code in signals_found {
            assert!(changed(&format!("{code}.rate")), "{code}.rate unchanged");
        }
        let p = |c: &Checker| c.check(&doc).probability.unwrap();
        assert!(
            p(&allowing) < p(&plain) - 0.1,
            "{} {}",
            p(&allowing),
            p(&plain)
        );
    }

    #[test]
    fn english_is_scored() {
        let c = Checker::new(Config::default());
        let r = c.check(&Document::from_text(
            "x.txt",
            "The government approved new measures against rising energy prices on Wednesday. The chancellor called it an important step for citizens.",
        ));
        assert_eq!(r.status, Status::Ok);
        let p = r.probability.unwrap();
        assert!((0.0..=1.0).contains(&p));
        assert_eq!(r.words, 20);
    }
}
