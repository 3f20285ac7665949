//! The scoring model: a logistic regression over signal features followed by
//! Platt calibration, so that the final log-odds split exactly into one
//! contribution per feature. The shipped model is embedded from `models/model.json`.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use crate::checker::LENGTH_FEATURE;
use crate::signals::registry;

/// One input of the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureWeight {
    pub name: String,
    /// Standardisation: the model sees `(x - mean) / scale`.
    pub mean: f64,
    pub scale: f64,
    pub weight: f64,
    /// The smallest and largest value seen in training. A value outside is
    /// scored as the nearest end: the fit says nothing about how far a trend
    /// goes beyond its data (a 30-word note is not five times as telling as
    /// a 150-word article for being five times shorter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
}

impl FeatureWeight {
    /// The value the model uses for `x`: `x` clamped to the training range.
    pub fn supported(&self, x: f64) -> f64 {
        match self.range {
            Some([lo, hi]) if lo <= hi => x.clamp(lo, hi),
            _ => x,
        }
    }
}

/// Platt scaling: `p = sigmoid(a * z + b)` for raw log-odds `z`, the slope
/// lowered for articles shorter than the median training article
/// ([`ShortText`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Platt {
    pub a: f64,
    pub b: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<ShortText>,
}

impl Default for Platt {
    fn default() -> Self {
        Self {
            a: 1.0,
            b: 0.0,
            short: None,
        }
    }
}

/// Calibration of articles shorter than the typical training article.
///
/// A short text gives each signal few chances to fire and makes its rates
/// noisy, so the same raw log-odds are worth less. With the shortfall
/// `s = max(0, below - doc.log_words)`, the article's raw log-odds are
/// calibrated with slope `max(0, a + slope * s)` (`slope <= 0`): the
/// shorter the text, the closer its probability stays to the baseline. From
/// `below` up this is plain Platt scaling. `a`, `b` and `slope` are fitted
/// together on held-out scores of the training articles and of their opening
/// sentences (excerpts of 15 to 60 words).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ShortText {
    /// `doc.log_words` of the median training article.
    pub below: f64,
    pub slope: f64,
}

impl Platt {
    /// Slope and intercept for an article with `doc.log_words` = `log_words`
    /// (`None`: length unknown, plain Platt scaling).
    pub fn at_length(&self, log_words: Option<f64>) -> (f64, f64) {
        match (self.short, log_words) {
            (Some(short), Some(x)) => {
                let s = (short.below - x).max(0.0);
                ((self.a + short.slope * s).max(0.0), self.b)
            }
            _ => (self.a, self.b),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub version: u32,
    /// What it was fitted on, for `calque eval` and the README.
    #[serde(default)]
    pub trained_on: Vec<String>,
    pub bias: f64,
    pub features: Vec<FeatureWeight>,
    #[serde(default)]
    pub calibration: Platt,
}

/// How much one feature moved the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    pub feature: Cow<'static, str>,
    #[serde(serialize_with = "crate::report::serialize_six_decimals")]
    pub value: f64,
    /// Calibrated log-odds added by this feature (negative lowers the score).
    #[serde(serialize_with = "crate::report::serialize_six_decimals")]
    pub log_odds: f64,
    /// `value` lies outside the range seen in training, so the model scored
    /// the nearest end of that range instead (see [`FeatureWeight::range`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub beyond_training: bool,
}

/// A scored article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub probability: f64,
    /// Calibrated log-odds of the baseline (all features at their mean).
    pub base_log_odds: f64,
    pub contributions: Vec<Contribution>,
}

pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

impl Model {
    /// A model that only uses each signal's default weight on its `CODE.rate` feature.
    pub fn fallback() -> Self {
        Self {
            version: 1,
            trained_on: Vec::new(),
            bias: -3.0,
            features: registry()
                .iter()
                .map(|s| FeatureWeight {
                    name: format!("{}.rate", s.info().code),
                    mean: 0.0,
                    scale: 1.0,
                    weight: s.info().default_weight,
                    range: None,
                })
                .collect(),
            calibration: Platt::default(),
        }
    }

    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// Score a feature vector. Features the model does not know are ignored;
    /// features it knows but that are missing count as zero. A feature given
    /// twice takes its last value.
    pub fn score<K: AsRef<str>>(&self, features: &[(K, f64)]) -> Score {
        let index = FeatureIndex::new(self);
        let mut values = vec![0.0; self.features.len()];
        for (name, value) in features {
            index.set(&mut values, name.as_ref(), *value);
        }
        self.score_values(&values, |i| Cow::Owned(self.features[i].name.clone()))
    }

    /// Score the model's own features, `values[i]` being the value of
    /// `self.features[i]` (see [`FeatureIndex`]); `name(i)` names contribution `i`.
    pub fn score_values(&self, values: &[f64], name: impl Fn(usize) -> Cow<'static, str>) -> Score {
        let log_words = self
            .features
            .iter()
            .position(|f| f.name == LENGTH_FEATURE)
            .and_then(|i| values.get(i).copied());
        let (a, b) = self.calibration.at_length(log_words);
        let mut contributions = Vec::with_capacity(self.features.len());
        let mut z = a * self.bias + b;
        let base = z;
        for (i, f) in self.features.iter().enumerate() {
            let x = values.get(i).copied().unwrap_or(0.0);
            let scale = if f.scale.abs() > f64::EPSILON {
                f.scale
            } else {
                1.0
            };
            let used = f.supported(x);
            let log_odds = a * f.weight * (used - f.mean) / scale;
            z += log_odds;
            contributions.push(Contribution {
                feature: name(i),
                value: x,
                log_odds,
                beyond_training: used != x,
            });
        }
        Score {
            probability: sigmoid(z),
            base_log_odds: base,
            contributions,
        }
    }

    /// Score with a model that lives for the whole run: contributions borrow
    /// the model's feature names instead of copying them.
    pub fn score_static(&'static self, values: &[f64]) -> Score {
        self.score_values(values, |i| Cow::Borrowed(self.features[i].name.as_str()))
    }
}

/// Where each of a model's features sits in its feature list, resolved once
/// so that scoring an article looks names up without allocating.
#[derive(Debug, Clone, Default)]
pub struct FeatureIndex<'m> {
    /// Positions of each name (a name listed twice reads the same value twice).
    positions: FxHashMap<&'m str, Vec<usize>>,
}

impl<'m> FeatureIndex<'m> {
    pub fn new(model: &'m Model) -> Self {
        let mut positions: FxHashMap<&'m str, Vec<usize>> = FxHashMap::default();
        for (i, f) in model.features.iter().enumerate() {
            positions.entry(f.name.as_str()).or_default().push(i);
        }
        Self { positions }
    }

    /// Give feature `name` its value in `values` (indexed like the model's
    /// features); a name the model does not read is ignored.
    pub fn set(&self, values: &mut [f64], name: &str, value: f64) {
        if let Some(positions) = self.positions.get(name) {
            for &i in positions {
                values[i] = value;
            }
        }
    }
}

/// The model shipped inside the binary.
pub fn embedded() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let json = include_str!("../models/model.json");
        match Model::from_json(json) {
            Ok(m) if !m.features.is_empty() => m,
            _ => Model::fallback(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contributions_sum_to_the_log_odds() {
        let m = Model {
            version: 1,
            trained_on: vec![],
            bias: -1.0,
            features: vec![
                FeatureWeight {
                    name: "a".into(),
                    mean: 1.0,
                    scale: 2.0,
                    weight: 0.5,
                    range: None,
                },
                FeatureWeight {
                    name: "b".into(),
                    mean: 0.0,
                    scale: 1.0,
                    weight: -1.0,
                    range: None,
                },
            ],
            calibration: Platt {
                a: 2.0,
                b: 0.5,
                short: None,
            },
        };
        let s = m.score(&[("a", 5.0), ("b", 1.0), ("zzz", 9.0)]);
        // z = 2*(-1) + 0.5 + 2*0.5*(5-1)/2 + 2*(-1)*1 = -1.5 + 2 - 2 = -1.5
        let z: f64 = s.base_log_odds + s.contributions.iter().map(|c| c.log_odds).sum::<f64>();
        assert!((z - -1.5).abs() < 1e-12);
        assert!((s.probability - sigmoid(-1.5)).abs() < 1e-12);
        assert!((s.contributions[0].log_odds - 2.0).abs() < 1e-12);
    }

    #[test]
    fn values_outside_the_training_range_score_as_its_ends() {
        let m = Model {
            version: 1,
            trained_on: vec![],
            bias: 0.0,
            features: vec![FeatureWeight {
                name: "a".into(),
                mean: 0.0,
                scale: 1.0,
                weight: 1.0,
                range: Some([-2.0, 3.0]),
            }],
            calibration: Platt::default(),
        };
        let log_odds = |x: f64| m.score(&[("a", x)]).contributions[0].log_odds;
        assert_eq!(log_odds(1.5), 1.5);
        assert_eq!(log_odds(3.0), 3.0);
        assert_eq!(log_odds(40.0), 3.0);
        assert_eq!(log_odds(-7.0), -2.0);
        // The report still shows the article's own value, and says so.
        let c = &m.score(&[("a", 40.0)]).contributions[0];
        assert_eq!(c.value, 40.0);
        assert!(c.beyond_training);
        assert!(!m.score(&[("a", 3.0)]).contributions[0].beyond_training);
    }

    #[test]
    fn short_articles_are_calibrated_by_their_shortfall() {
        let platt = Platt {
            a: 2.0,
            b: 0.5,
            short: Some(ShortText {
                below: 4.0,
                slope: -0.5,
            }),
        };
        // At or above the training lengths, or with no length: plain Platt.
        assert_eq!(platt.at_length(Some(4.0)), (2.0, 0.5));
        assert_eq!(platt.at_length(Some(6.0)), (2.0, 0.5));
        assert_eq!(platt.at_length(None), (2.0, 0.5));
        // Two units short: slope 2 - 0.5 * 2, the same intercept.
        assert_eq!(platt.at_length(Some(2.0)), (1.0, 0.5));
        // The slope never turns negative: a shorter text never reverses the evidence.
        assert_eq!(platt.at_length(Some(-10.0)).0, 0.0);

        let m = Model {
            version: 1,
            trained_on: vec![],
            bias: 1.0,
            features: vec![FeatureWeight {
                name: LENGTH_FEATURE.into(),
                mean: 0.0,
                scale: 1.0,
                weight: 0.0,
                range: None,
            }],
            calibration: platt,
        };
        // z = a * bias + b: 2.5 at full length, 1 * 1 + 0.5 two units short.
        assert!((m.score(&[(LENGTH_FEATURE, 5.0)]).base_log_odds - 2.5).abs() < 1e-12);
        let short = m.score(&[(LENGTH_FEATURE, 2.0)]);
        assert!((short.base_log_odds - 1.5).abs() < 1e-12);
        assert!((short.probability - sigmoid(1.5)).abs() < 1e-12);
    }

    #[test]
    fn sigmoid_is_stable_at_extremes() {
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert!((sigmoid(0.0) - 0.5).abs() < 1e-15);
    }

    #[test]
    fn embedded_model_parses() {
        let m = embedded();
        assert!(m.version >= 1);
    }
}
