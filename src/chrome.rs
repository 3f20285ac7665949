//! Page chrome: the lines a scraper copies along with an article (comment
//! forms, "Also Read" teasers, share buttons, counters). They are written by
//! the site's templates, not by whoever wrote or translated the article, so
//! they are excluded from scoring and listed as excluded.

use serde::Serialize;

/// Why a paragraph is page chrome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChromeKind {
    /// Comment forms and counters ("Leave a Reply", "3 Comments").
    Comments,
    /// Teasers for other articles ("Also Read …", "Related:").
    Related,
    /// Share, follow and subscribe prompts.
    Share,
    /// Attribution boilerplate ("Source link").
    Source,
    /// Other template text: categories, upload notices, lone counters.
    Template,
    /// Not chrome: text the article's own `<!-- calque off -->` comment
    /// turns off, where `inline-directives` is on (see
    /// [`crate::document::Directive`]).
    Directive,
}

impl ChromeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChromeKind::Comments => "comments",
            ChromeKind::Related => "related",
            ChromeKind::Share => "share",
            ChromeKind::Source => "source",
            ChromeKind::Template => "template",
            ChromeKind::Directive => "directive",
        }
    }
}

/// Whole-paragraph matches (compared case-insensitively, trailing punctuation ignored).
const EXACT: &[(&str, ChromeKind)] = &[
    ("leave a reply", ChromeKind::Comments),
    ("leave a comment", ChromeKind::Comments),
    ("post a comment", ChromeKind::Comments),
    ("add comment", ChromeKind::Comments),
    ("comments", ChromeKind::Comments),
    ("cancel reply", ChromeKind::Comments),
    ("source link", ChromeKind::Source),
    ("source", ChromeKind::Source),
    ("share", ChromeKind::Share),
    ("share this", ChromeKind::Share),
    ("share this article", ChromeKind::Share),
    ("tweet", ChromeKind::Share),
    ("email", ChromeKind::Share),
    ("print", ChromeKind::Share),
    ("advertisement", ChromeKind::Template),
    ("article categories", ChromeKind::Template),
    ("related", ChromeKind::Related),
    ("related articles", ChromeKind::Related),
    ("related posts", ChromeKind::Related),
    ("read more", ChromeKind::Related),
    ("recommended", ChromeKind::Related),
    ("trending now", ChromeKind::Related),
    ("most read", ChromeKind::Related),
    ("most popular", ChromeKind::Related),
    ("drop file here", ChromeKind::Template),
    ("skip to main content", ChromeKind::Template),
    ("skip to content", ChromeKind::Template),
];

/// Paragraph openings (case-insensitive).
const PREFIX: &[(&str, ChromeKind)] = &[
    (
        "your email address will not be published",
        ChromeKind::Comments,
    ),
    ("please enter your comment", ChromeKind::Comments),
    ("please enter your name", ChromeKind::Comments),
    (
        "you must be logged in to post a comment",
        ChromeKind::Comments,
    ),
    ("save my name, email, and website", ChromeKind::Comments),
    ("required fields are marked", ChromeKind::Comments),
    ("also read", ChromeKind::Related),
    ("read also", ChromeKind::Related),
    ("read more:", ChromeKind::Related),
    ("related:", ChromeKind::Related),
    ("see also:", ChromeKind::Related),
    ("recommended:", ChromeKind::Related),
    ("you may also like", ChromeKind::Related),
    ("share on ", ChromeKind::Share),
    ("share this:", ChromeKind::Share),
    ("follow us on", ChromeKind::Share),
    ("subscribe to our", ChromeKind::Share),
    ("sign up for our", ChromeKind::Share),
    ("click here to subscribe", ChromeKind::Share),
    ("source link", ChromeKind::Source),
    ("the maximum upload file size", ChromeKind::Template),
    ("article categories:", ChromeKind::Template),
    ("copyright ©", ChromeKind::Template),
    ("© copyright", ChromeKind::Template),
    // A year after "Copyright" marks the notice, not a story about copyright.
    ("copyright 19", ChromeKind::Template),
    ("copyright 20", ChromeKind::Template),
    ("copyright (c)", ChromeKind::Template),
    ("all rights reserved", ChromeKind::Template),
    ("image caption", ChromeKind::Template),
    ("this article was originally published", ChromeKind::Source),
    ("this story was originally published", ChromeKind::Source),
    ("this article originally appeared", ChromeKind::Source),
];

/// Classify one paragraph. `None` means it is article text.
pub fn classify(paragraph: &str) -> Option<ChromeKind> {
    classify_trimmed(crate::text::trim(paragraph))
}

/// [`classify`] of a paragraph with no white space at either end, such as
/// the document's paragraphs, which are cut that way.
pub fn classify_trimmed(trimmed: &str) -> Option<ChromeKind> {
    if trimmed.is_empty() {
        return None;
    }
    // Lone counters ("0", "8", "12 Comments", "3 shares").
    if let Some(kind) = counter(trimmed) {
        return Some(kind);
    }
    // Chrome lines are short; an article paragraph that merely starts with
    // "Source" or "Share" is long and keeps its place.
    if trimmed.len() > 200 {
        return None;
    }
    // Compare with the lower-cased text without building it. An entry can
    // only match a paragraph whose first character lower-cases to a
    // character the entry starts with; for ASCII that is one comparison,
    // which settles most entries (and most paragraphs) at once.
    let first = trimmed.as_bytes()[0];
    // Entries in list order: those starting with the first byte of the
    // paragraph's first character lower-cased when that is ASCII, else those
    // starting with a non-ASCII byte (opening quotes and dashes are
    // non-ASCII, and no entry starts with one).
    let slot = if first.is_ascii() {
        let slot = usize::from(first.to_ascii_lowercase());
        // Most paragraphs are turned away on their second byte too.
        if let Some(&second) = trimmed.as_bytes().get(1) {
            let second = second.to_ascii_lowercase();
            if second.is_ascii() && SECOND_BYTES[slot] & (1 << second) == 0 {
                return None;
            }
        }
        slot
    } else {
        match trimmed.chars().next().and_then(|c| c.to_lowercase().next()) {
            Some(lower) if lower.is_ascii() => lower as usize,
            _ => NON_ASCII,
        }
    };
    let (exact, prefix) = &entries_by_first_byte()[slot];
    if exact.is_empty() && prefix.is_empty() {
        return None;
    }
    // Trailing punctuation and spaces are the same before and after
    // lower-casing, so they are cut first.
    let bare = trimmed.trim_end_matches(is_trailing_noise);
    if let Some(&i) = exact
        .iter()
        .find(|&&i| lowercase_matches(bare, EXACT[i].0, true))
    {
        return Some(EXACT[i].1);
    }
    prefix
        .iter()
        .find(|&&i| lowercase_matches(trimmed, PREFIX[i].0, false))
        .map(|&i| PREFIX[i].1)
}

/// For each ASCII byte, the set of second bytes (bit `b` for byte `b`) of the
/// entries of [`EXACT`] and [`PREFIX`] starting with it; every entry has two
/// bytes or more, so a paragraph starting with two ASCII bytes can only
/// match an entry that starts with them lower-cased. An entry whose second
/// byte is not ASCII would let every second byte through.
static SECOND_BYTES: [u128; 128] = {
    let mut sets = [0u128; 128];
    let mut table = 0;
    while table < 2 {
        let entries = if table == 0 { EXACT } else { PREFIX };
        let mut i = 0;
        while i < entries.len() {
            let bytes = entries[i].0.as_bytes();
            assert!(bytes.len() >= 2, "a chrome entry is shorter than two bytes");
            let (first, second) = (bytes[0] as usize, bytes[1]);
            if first < 128 {
                sets[first] |= if second < 128 { 1 << second } else { u128::MAX };
            }
            i += 1;
        }
        table += 1;
    }
    sets
};

/// Slot of [`entries_by_first_byte`] that lists the entries starting with a
/// non-ASCII byte.
const NON_ASCII: usize = 128;

/// For each ASCII byte, the positions in [`EXACT`] and in [`PREFIX`] of the
/// entries starting with it, in list order; slot [`NON_ASCII`] lists those
/// starting with a non-ASCII byte.
fn entries_by_first_byte() -> &'static [(Vec<usize>, Vec<usize>)] {
    static INDEX: std::sync::OnceLock<Vec<(Vec<usize>, Vec<usize>)>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        // Slot lists of one table's entries.
        let by_first_byte = |entries: &[(&str, ChromeKind)]| {
            let mut slots = vec![Vec::new(); NON_ASCII + 1];
            for (i, (entry, _)) in entries.iter().enumerate() {
                let first = usize::from(entry.as_bytes()[0]);
                slots[first.min(NON_ASCII)].push(i);
            }
            slots
        };
        by_first_byte(EXACT)
            .into_iter()
            .zip(by_first_byte(PREFIX))
            .collect()
    })
}

/// Cut from the end of a paragraph before comparing it with [`EXACT`].
fn is_trailing_noise(c: char) -> bool {
    c.is_ascii_punctuation() || c.is_whitespace()
}

/// Does `text` lower-cased start with `pattern` (`whole`: equal it)? Walks
/// both a byte at a time while the text is ASCII (else a character at a
/// time) and stops at the first difference, usually the first character.
/// Character by character equals `str::to_lowercase` except for a final Greek
/// sigma, which no pattern contains.
#[inline]
fn lowercase_matches(text: &str, pattern: &str, whole: bool) -> bool {
    // ASCII fast path: while the text is ASCII, a character lower-cases to
    // one byte, so the text is compared a byte at a time.
    let bytes = text.as_bytes();
    for (&b, &p) in bytes.iter().zip(pattern.as_bytes()) {
        if !b.is_ascii() {
            return lowercase_matches_by_char(text, pattern, whole);
        }
        if b.to_ascii_lowercase() != p {
            return false;
        }
    }
    // The text's first bytes, all ASCII, lower-cased to the pattern's (or
    // to a shorter start of it, which is no match). Anything after them
    // lower-cases to at least one more character.
    bytes.len() >= pattern.len() && (!whole || bytes.len() == pattern.len())
}

/// [`lowercase_matches`] a character at a time.
// Out of line: it is rare, and `lowercase_matches` stays small enough to inline.
#[inline(never)]
fn lowercase_matches_by_char(text: &str, pattern: &str, whole: bool) -> bool {
    let pattern = pattern.as_bytes();
    let mut j = 0;
    for c in text.chars() {
        if c.is_ascii() {
            if pattern.get(j) != Some(&(c as u8).to_ascii_lowercase()) {
                return j == pattern.len() && !whole;
            }
            j += 1;
            continue;
        }
        for l in c.to_lowercase() {
            if j == pattern.len() {
                return !whole;
            }
            let mut utf8 = [0u8; 4];
            let l = l.encode_utf8(&mut utf8).as_bytes();
            if !pattern[j..].starts_with(l) {
                return false;
            }
            j += l.len();
        }
    }
    j == pattern.len()
}

fn counter(text: &str) -> Option<ChromeKind> {
    // `text` is trimmed: its first word starts at its first byte.
    if !text.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let mut words = text.split_whitespace();
    let first = words.next()?;
    if !first.chars().all(|c| c.is_ascii_digit()) || first.len() > 6 {
        return None;
    }
    match (words.next(), words.next()) {
        (None, _) => Some(ChromeKind::Template),
        (Some(w), None) => {
            let w = w.to_lowercase();
            match w.as_str() {
                "comment" | "comments" | "replies" | "reply" => Some(ChromeKind::Comments),
                "shares" | "share" | "likes" | "views" => Some(ChromeKind::Share),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_comment_forms() {
        assert_eq!(classify("Leave a Reply"), Some(ChromeKind::Comments));
        assert_eq!(classify("LEAVE A REPLY"), Some(ChromeKind::Comments));
        assert_eq!(
            classify("Your email address will not be published."),
            Some(ChromeKind::Comments)
        );
        assert_eq!(classify("12 Comments"), Some(ChromeKind::Comments));
    }

    #[test]
    fn recognises_teasers_and_counters() {
        assert_eq!(
            classify("Also Read  Ten things to do in Lisbon"),
            Some(ChromeKind::Related)
        );
        assert_eq!(classify("0"), Some(ChromeKind::Template));
        assert_eq!(classify("Source link"), Some(ChromeKind::Source));
        assert_eq!(classify("Trending Now"), Some(ChromeKind::Related));
        assert_eq!(classify("Skip to main content"), Some(ChromeKind::Template));
        assert_eq!(
            classify("Copyright 2022 Reuters. All rights reserved."),
            Some(ChromeKind::Template)
        );
        assert_eq!(
            classify("Image caption, Dockworkers at the port on Tuesday"),
            Some(ChromeKind::Template)
        );
        assert_eq!(
            classify("This article was originally published on The Conversation."),
            Some(ChromeKind::Source)
        );
    }

    /// The plain definition `classify` must agree with.
    fn classify_by_lowercasing(paragraph: &str) -> Option<ChromeKind> {
        let trimmed = paragraph.trim();
        if trimmed.is_empty() {
            return None;
        }
        if let Some(kind) = counter(trimmed) {
            return Some(kind);
        }
        if trimmed.len() > 200 {
            return None;
        }
        let lower = trimmed.to_lowercase();
        let bare = lower.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
        if let Some((_, kind)) = EXACT.iter().find(|(s, _)| *s == bare) {
            return Some(*kind);
        }
        PREFIX
            .iter()
            .find(|(p, _)| lower.starts_with(p))
            .map(|(_, k)| *k)
    }

    #[test]
    fn agrees_with_lowercasing_the_whole_paragraph() {
        let mut cases: Vec<String> = EXACT
            .iter()
            .chain(PREFIX)
            .flat_map(|(s, _)| {
                [
                    s.to_string(),
                    s.to_uppercase(),
                    format!("{s}!!! ...  "),
                    format!("{s} and more text after it"),
                    format!("x{s}"),
                    s[..s.len() / 2].to_string(),
                ]
            })
            .collect();
        cases.extend(
            [
                "SHARE THIS ARTİCLE",
                "LİNK",
                "Source Lin\u{212A}",
                "\u{212A}",
                "Clic\u{212A} here to subscribe",
                "SİGN UP FOR OUR newsletter",
                "İ",
                "İİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİ",
                "ΣΣΣ share",
                "“Share this”",
                "\u{212A}eep reading",
                "ſhare",
                "— Related",
                "Share…",
                "Share ?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!?!",
                "© Copyright 2022 Example Media",
                "Copyright © 2022",
                "Read more: the talks resumed",
                "",
                "   ",
            ]
            .map(String::from),
        );
        cases.push("Share ".to_string() + &"x".repeat(250));
        cases.push("Related".to_string() + &" ".repeat(250));
        for c in &cases {
            assert_eq!(classify(c), classify_by_lowercasing(c), "{c:?}");
        }
    }

    #[test]
    fn ascii_fast_path_agrees_with_matching_by_character() {
        let texts = [
            "",
            "s",
            "S",
            "share",
            "SHARE",
            "Share this",
            "share!",
            "sharé",
            "Sharé this",
            "\u{212A}",
            "Source Lin\u{212A}",
            "İ",
            "© Copyright 2022",
            "Copyright © 2022",
        ];
        for text in texts {
            for (pattern, _) in EXACT.iter().chain(PREFIX) {
                for whole in [false, true] {
                    assert_eq!(
                        lowercase_matches(text, pattern, whole),
                        lowercase_matches_by_char(text, pattern, whole),
                        "{text:?} {pattern:?} {whole}"
                    );
                }
            }
        }
    }

    #[test]
    fn keeps_article_text() {
        assert_eq!(classify("Sources said the talks would resume."), None);
        assert_eq!(classify("2022 was a difficult year."), None);
        assert_eq!(classify("Share prices fell 3% on Monday."), None);
        assert_eq!(classify("Copyright law was changed in 2019."), None);
        assert_eq!(classify("Recommended doses were cut by half."), None);
        assert_eq!(classify("100 people were arrested"), None);
    }
}
