//! MT001 `pronoun-gender-flip` on the shared seed articles and on the
//! hand-written fixtures in `corpus/pronouns/`.

use std::path::{Path, PathBuf};

use calque::signals::pronoun_gender_flip::{find_flips, Flip};
use calque::text::Analysis;
use calque::Document;

fn flips_in(path: &Path) -> Vec<Flip> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = Document::from_text(path.display().to_string(), text);
    let analysis = Analysis::new(&doc);
    find_flips(&analysis)
}

fn seed(prefix: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let entries = std::fs::read_dir(dir).ok()?;
    entries.filter_map(Result::ok).map(|e| e.path()).find(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
    })
}

#[test]
fn seeds_round_tripped_copies_flip_sherman() {
    for prefix in ["000_", "002_"] {
        let Some(path) = seed(prefix) else {
            eprintln!("seed {prefix} not available; skipped");
            continue;
        };
        let flips = flips_in(&path);
        assert!(flips.len() >= 2, "{prefix}: {flips:#?}");
        for f in &flips {
            assert!(f.person_name.contains("Sherman"), "{prefix}: {}", f.message);
            assert!(f.message.contains("female"), "{}", f.message);
            assert!(!f.related.is_empty());
        }
    }
}

#[test]
fn seeds_human_and_direct_translation_have_no_flips() {
    for prefix in ["001_", "003_", "004_"] {
        let Some(path) = seed(prefix) else {
            eprintln!("seed {prefix} not available; skipped");
            continue;
        };
        let flips = flips_in(&path);
        assert!(flips.is_empty(), "{prefix}: {flips:#?}");
    }
}

fn fixture(name: &str) -> Vec<(String, usize, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/pronouns")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    let doc = Document::from_text(name, text);
    let analysis = Analysis::new(&doc);
    find_flips(&analysis)
        .into_iter()
        .map(|f| {
            (
                doc.text[f.pronoun.clone()].to_string(),
                doc.position(f.pronoun.start).line,
                f.person_name,
            )
        })
        .collect()
}

fn flip(pronoun: &str, line: usize, person: &str) -> (String, usize, String) {
    (pronoun.to_string(), line, person.to_string())
}

#[test]
fn flags_he_after_a_woman_is_quoted() {
    assert_eq!(
        fixture("flip_after_attribution.txt"),
        [flip("He", 5, "Marta Kowalczyk")]
    );
}

#[test]
fn flags_a_complete_reversal_even_without_any_she() {
    assert_eq!(
        fixture("full_reversal.txt"),
        [
            flip("He", 5, "Ingrid Solheim"),
            flip("His", 7, "Ingrid Solheim")
        ]
    );
}

#[test]
fn first_name_outweighs_the_articles_majority_pronoun() {
    assert_eq!(
        fixture("name_outweighs_pronouns.txt"),
        [
            flip("He", 7, "Wendy Achterberg"),
            flip("He", 7, "Wendy Achterberg")
        ]
    );
}

#[test]
fn pronouns_alone_can_gender_a_person_with_an_unknown_name() {
    assert_eq!(
        fixture("pronoun_only_gender.txt"),
        [flip("he", 7, "Okwuosa")]
    );
}

#[test]
fn near_misses_are_not_flagged() {
    for name in [
        "male_speaker_about_woman.txt",
        "two_person_scene.txt",
        "quotes.txt",
        "unnamed_person.txt",
        "spouses.txt",
        "generic_and_plural.txt",
        "places_and_organisations.txt",
        "pronoun_only_near_miss.txt",
    ] {
        assert_eq!(fixture(name), [], "{name}");
    }
}
