//! Labelled corpora for training and evaluation: JSON Lines with `id`,
//! `group`, `label` (`mt`, `ht` or `orig`), `src_lang`, `system`, `year`, `text`.

use std::io::BufRead;
use std::path::Path;

use serde::Deserialize;

use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Machine translation output.
    Mt,
    /// Professional human translation.
    Ht,
    /// Written in English.
    Orig,
}

impl Label {
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Mt => "mt",
            Label::Ht => "ht",
            Label::Orig => "orig",
        }
    }

    pub fn is_machine(self) -> bool {
        self == Label::Mt
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabeledDoc {
    pub id: String,
    #[serde(default)]
    pub group: String,
    pub label: Label,
    #[serde(default)]
    pub src_lang: String,
    #[serde(default)]
    pub system: String,
    #[serde(default)]
    pub year: u32,
    pub text: String,
}

/// Read a labelled corpus; a malformed line is an error naming file and line.
pub fn read(path: &Path) -> Result<Vec<LabeledDoc>, Error> {
    let origin = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| Error::Io {
        path: path.to_owned(),
        source: e,
    })?;
    let mut docs = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::input(&origin, e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: LabeledDoc = serde_json::from_str(&line).map_err(|e| {
            Error::input(
                format!("{origin}:{}", i + 1),
                format!("not a labelled corpus record (needs `id`, `label` of mt, ht or orig, and `text`): {e}"),
            )
        })?;
        docs.push(doc);
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_labels_and_rejects_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.jsonl");
        std::fs::write(
            &p,
            "{\"id\":\"a\",\"group\":\"g\",\"label\":\"mt\",\"src_lang\":\"de\",\"system\":\"X\",\"year\":2021,\"text\":\"Hi.\"}\n",
        )
        .unwrap();
        let docs = read(&p).unwrap();
        assert_eq!(docs[0].label, Label::Mt);
        std::fs::write(&p, "{\"id\":\"a\",\"label\":\"robot\",\"text\":\"x\"}\n").unwrap();
        let e = read(&p).unwrap_err().to_string();
        assert!(e.contains("c.jsonl:1: not a labelled corpus record"), "{e}");
        assert!(e.contains("unknown variant `robot`"), "{e}");
    }
}
