//! SARIF 2.1.0 output for code-scanning uploads: one rule per signal, one
//! result per piece of evidence, one `article-probability` result per flagged
//! article, and unreadable inputs as tool execution notifications.

use serde_json::{json, Value};

use crate::report::{Report, Status};
use crate::signals::registry;

pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Rule id of the per-article verdict.
pub const ARTICLE_RULE: &str = "article-probability";

/// File part of an origin (JSON Lines records are `file:LINE`).
fn artifact_uri(origin: &str) -> String {
    let file = origin
        .rsplit_once(':')
        .filter(|(_, n)| n.parse::<usize>().is_ok())
        .map_or(origin, |(f, _)| f);
    file.replace('\\', "/")
}

pub fn log(reports: &[Report], fail_above: f64) -> Value {
    let signals = registry();
    let mut rules: Vec<Value> = signals
        .iter()
        .map(|s| {
            let i = s.info();
            json!({
                "id": i.code,
                "name": i.name,
                "shortDescription": { "text": i.summary },
                "fullDescription": { "text": i.summary },
                "help": { "text": i.doc, "markdown": i.doc },
                "defaultConfiguration": { "level": "warning" },
            })
        })
        .collect();
    rules.push(json!({
        "id": ARTICLE_RULE,
        "name": "article-probability",
        "shortDescription": { "text": "Article is likely machine-translated or round-tripped" },
        "fullDescription": { "text": format!("The article's calibrated probability of machine translation is above the threshold ({fail_above:.2}).") },
        "defaultConfiguration": { "level": "error" },
    }));
    let rule_index = |code: &str| signals.iter().position(|s| s.info().code == code);

    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for r in reports {
        let uri = artifact_uri(&r.origin);
        match r.status {
            Status::Ok => {
                for e in &r.evidence {
                    results.push(json!({
                        "ruleId": e.code,
                        "ruleIndex": rule_index(e.code),
                        "level": "warning",
                        "message": { "text": e.message },
                        "locations": [{
                            "physicalLocation": {
                                "artifactLocation": { "uri": uri },
                                "region": {
                                    "startLine": e.line,
                                    "startColumn": e.column,
                                    "endLine": e.end_line,
                                    "endColumn": e.end_column,
                                    "snippet": { "text": e.excerpt },
                                }
                            }
                        }],
                        "properties": { "origin": r.origin, "id": r.id, "kind": e.kind },
                    }));
                }
                if r.flagged {
                    results.push(json!({
                        "ruleId": ARTICLE_RULE,
                        "ruleIndex": signals.len(),
                        "level": "error",
                        "message": { "text": format!("{}: probability {:.2} of machine translation", r.origin, r.probability.unwrap_or(0.0)) },
                        "locations": [{ "physicalLocation": {
                            "artifactLocation": { "uri": uri },
                            "region": { "startLine": 1 }
                        }}],
                        "properties": { "origin": r.origin, "id": r.id, "probability": r.probability },
                    }));
                }
            }
            Status::Error | Status::UnsupportedLanguage => notifications.push(json!({
                "level": "error",
                "message": { "text": r.error.clone().unwrap_or_default() },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri } } }],
            })),
        }
    }
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "calque",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            // calque counts columns in characters; without this, SARIF
            // readers may take them for UTF-16 code units.
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_become_notifications() {
        let v = log(&[Report::error("a.txt", None, "empty file")], 0.5);
        let inv = &v["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        assert_eq!(
            inv["toolExecutionNotifications"][0]["message"]["text"],
            "empty file"
        );
        assert_eq!(v["version"], "2.1.0");
    }

    #[test]
    fn jsonl_origins_name_the_file() {
        assert_eq!(artifact_uri("batch.jsonl:12"), "batch.jsonl");
        assert_eq!(artifact_uri("a.txt"), "a.txt");
    }
}
