//! The scoring model: a logistic regression over signal features followed by
//! Platt calibration, so that the final log-odds split exactly into one
//! contribution per feature. The shipped model is embedded from `models/model.json`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::signals::registry;

/// One input of the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureWeight {
    pub name: String,
    /// Standardisation: the model sees `(x - mean) / scale`.
    pub mean: f64,
    pub scale: f64,
    pub weight: f64,
}

/// Platt scaling: `p = sigmoid(a * z + b)` for raw log-odds `z`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Platt {
    pub a: f64,
    pub b: f64,
}

impl Default for Platt {
    fn default() -> Self {
        Self { a: 1.0, b: 0.0 }
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
    pub feature: String,
    pub value: f64,
    /// Calibrated log-odds added by this feature (negative lowers the score).
    pub log_odds: f64,
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
                })
                .collect(),
            calibration: Platt::default(),
        }
    }

    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// Score a feature vector. Features the model does not know are ignored;
    /// features it knows but that are missing count as zero.
    pub fn score(&self, features: &[(String, f64)]) -> Score {
        let values: HashMap<&str, f64> = features.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let Platt { a, b } = self.calibration;
        let mut contributions = Vec::with_capacity(self.features.len());
        let mut z = a * self.bias + b;
        let base = z;
        for f in &self.features {
            let x = values.get(f.name.as_str()).copied().unwrap_or(0.0);
            let scale = if f.scale.abs() > f64::EPSILON {
                f.scale
            } else {
                1.0
            };
            let log_odds = a * f.weight * (x - f.mean) / scale;
            z += log_odds;
            contributions.push(Contribution {
                feature: f.name.clone(),
                value: x,
                log_odds,
            });
        }
        Score {
            probability: sigmoid(z),
            base_log_odds: base,
            contributions,
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
                },
                FeatureWeight {
                    name: "b".into(),
                    mean: 0.0,
                    scale: 1.0,
                    weight: -1.0,
                },
            ],
            calibration: Platt { a: 2.0, b: 0.5 },
        };
        let s = m.score(&[("a".into(), 5.0), ("b".into(), 1.0), ("zzz".into(), 9.0)]);
        // z = 2*(-1) + 0.5 + 2*0.5*(5-1)/2 + 2*(-1)*1 = -1.5 + 2 - 2 = -1.5
        let z: f64 = s.base_log_odds + s.contributions.iter().map(|c| c.log_odds).sum::<f64>();
        assert!((z - -1.5).abs() < 1e-12);
        assert!((s.probability - sigmoid(-1.5)).abs() < 1e-12);
        assert!((s.contributions[0].log_odds - 2.0).abs() < 1e-12);
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
