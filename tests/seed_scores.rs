//! The shipped model on the five seed articles in `../shared/seeds`: the two
//! round-trip-translated copies (000, 002) score high, the two human copies
//! (001, 003) low, and the article translated from Russian (004) above both
//! human copies.

use std::path::PathBuf;

use calque::{Checker, Config, Document};

fn seed(prefix: &str) -> f64 {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let entry = std::fs::read_dir(&dir)
        .expect("../shared/seeds is beside the repository")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .expect("seed file");
    let text = std::fs::read_to_string(entry.path()).unwrap();
    let report = Checker::new(Config::default()).check(&Document::from_text(
        entry.path().display().to_string(),
        text,
    ));
    report.probability.expect("seeds are English and scored")
}

#[test]
fn seeds_score_as_expected() {
    let [s000, s001, s002, s003, s004] = ["000", "001", "002", "003", "004"].map(seed);
    let scores =
        format!("000 {s000:.3}, 001 {s001:.3}, 002 {s002:.3}, 003 {s003:.3}, 004 {s004:.3}");
    assert!(s000 >= 0.8 && s002 >= 0.8, "{scores}");
    assert!(s001 <= 0.2 && s003 <= 0.2, "{scores}");
    for human in [s001, s003] {
        assert!(s000 > human && s002 > human && s004 > human, "{scores}");
    }
}

#[test]
fn every_seed_gets_a_probability() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let p = seed(prefix);
        assert!((0.0..=1.0).contains(&p), "{prefix}: {p}");
    }
}
