//! Tokens and sentences of the scored paragraphs, computed once per article
//! and shared by every signal.

use std::ops::Range;

use crate::document::Document;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, with inner apostrophes, hyphens and abbreviation dots ("don't", "U.S.").
    Word,
    /// Digits with inner separators ("100,000", "1.5", "1,5").
    Number,
    /// Any other single character that is not white space.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// White space (or the paragraph start) right before the token.
    pub space_before: bool,
    /// Index into [`Analysis::paragraphs`].
    pub paragraph: usize,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A scored paragraph with the tokens and sentences that fall in it.
#[derive(Debug, Clone)]
pub struct ParagraphSpan {
    pub range: Range<usize>,
    pub tokens: Range<usize>,
}

/// The shared tokenisation of one document.
pub struct Analysis<'a> {
    pub doc: &'a Document,
    pub tokens: Vec<Token>,
    pub paragraphs: Vec<ParagraphSpan>,
    /// Token-index ranges of sentences, in order.
    pub sentences: Vec<Range<usize>>,
    /// Count of word tokens in scored text.
    pub word_count: usize,
    /// [`word_hash`] of every token (0 for punctuation), so that signals
    /// look words up in their tables without lowercasing or hashing again.
    pub word_hashes: Vec<u64>,
}

/// Hash of a word's normal form (lowercase, typographic apostrophe folded
/// into the ASCII one): FNV-1a over its characters, computed without allocating.
pub fn word_hash(word: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    if word.is_ascii() {
        for b in word.bytes() {
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(PRIME);
        }
        return h;
    }
    for c in word.chars().flat_map(|c| {
        let c = if c == '’' { '\'' } else { c };
        c.to_lowercase()
    }) {
        h = (h ^ u64::from(c)).wrapping_mul(PRIME);
    }
    h
}

impl<'a> Analysis<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let mut tokens = Vec::with_capacity(doc.text.len() / 5);
        let mut paragraphs = Vec::new();
        for p in doc.scored_paragraphs() {
            let first = tokens.len();
            tokenize(&doc.text, p.range.clone(), paragraphs.len(), &mut tokens);
            paragraphs.push(ParagraphSpan {
                range: p.range.clone(),
                tokens: first..tokens.len(),
            });
        }
        let word_count = tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
        let sentences = split_sentences(&doc.text, &tokens, &paragraphs);
        let word_hashes = tokens
            .iter()
            .map(|t| match t.kind {
                TokenKind::Punct => 0,
                _ => word_hash(&doc.text[t.start..t.end]),
            })
            .collect();
        Self {
            doc,
            tokens,
            paragraphs,
            sentences,
            word_count,
            word_hashes,
        }
    }

    pub fn text(&self) -> &'a str {
        &self.doc.text
    }

    /// The text of a token.
    pub fn tok(&self, i: usize) -> &'a str {
        let t = &self.tokens[i];
        &self.doc.text[t.start..t.end]
    }

    /// Index of the sentence containing token `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences
            .partition_point(|s| s.end <= i)
            .min(self.sentences.len().saturating_sub(1))
    }

    /// Words per thousand, the unit every rate feature uses.
    pub fn per_thousand_words(&self, count: usize) -> f64 {
        if self.word_count == 0 {
            0.0
        } else {
            count as f64 * 1000.0 / self.word_count as f64
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The character at byte `i` of `s` and its length (`s` is non-empty there).
#[inline]
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((char::from(b), 1));
    }
    s[i..].chars().next().map(|c| (c, c.len_utf8()))
}

/// End of the word starting at `start` (its first character is a letter).
fn word_end(s: &str, start: usize) -> usize {
    let bytes = s.as_bytes();
    let mut end = start;
    loop {
        // Fast path: ASCII letters and digits.
        while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        let Some((d, len)) = char_at(s, end) else {
            break;
        };
        if d.is_alphanumeric() {
            end += len;
            continue;
        }
        let next = char_at(s, end + len).map(|(c, _)| c);
        let joins = match d {
            '-' | '‑' => next.is_some_and(char::is_alphanumeric),
            _ if is_apostrophe(d) => next.is_some_and(char::is_alphabetic),
            // "U.S." / "e.g.": a dot between single letters.
            '.' => {
                let last_single = s[start..end]
                    .rsplit('.')
                    .next()
                    .is_some_and(|w| w.chars().count() == 1);
                last_single
                    && next.is_some_and(char::is_alphabetic)
                    && s[end + 1..]
                        .chars()
                        .nth(1)
                        .is_none_or(|n| !n.is_alphabetic())
            }
            _ => false,
        };
        if !joins {
            break;
        }
        end += len;
    }
    // Trailing dot of a dotted abbreviation ("U.S.").
    if s[start..end].contains('.') && s[end..].starts_with('.') {
        end += 1;
    }
    end
}

/// End of the number starting at `start` (its first character is a digit).
fn number_end(s: &str, start: usize) -> usize {
    let bytes = s.as_bytes();
    let mut end = start;
    loop {
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        let Some((d, len)) = char_at(s, end) else {
            break;
        };
        let next_digit = bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if (d == ',' || d == '.') && next_digit {
            end += 1;
        } else if d.is_alphabetic() {
            // "2019s", "5th", "10km"
            end += len;
        } else {
            break;
        }
    }
    end
}

fn tokenize(text: &str, range: Range<usize>, paragraph: usize, out: &mut Vec<Token>) {
    let s = &text[range.clone()];
    let base = range.start;
    let mut space_before = true;
    let mut i = 0;
    while let Some((c, len)) = char_at(s, i) {
        if c.is_whitespace() {
            space_before = true;
            i += len;
            continue;
        }
        let (end, kind) = if c.is_alphabetic() {
            (word_end(s, i), TokenKind::Word)
        } else if c.is_ascii_digit() {
            (number_end(s, i), TokenKind::Number)
        } else {
            (i + len, TokenKind::Punct)
        };
        out.push(Token {
            start: base + i,
            end: base + end,
            kind,
            space_before,
            paragraph,
        });
        space_before = false;
        i = end;
    }
}

/// Titles and abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "st",
    "jr", "sr", "mt", "ft", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar",
    "apr", "aug", "sept", "sep", "oct", "nov", "dec", "approx", "est", "fig", "rev", "hon", "pres",
];

pub fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    if w.contains('.') {
        return true; // "U.S", "e.g"
    }
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(w))
        || (w.chars().count() == 1 && w.chars().all(char::is_uppercase))
}

fn split_sentences(
    text: &str,
    tokens: &[Token],
    paragraphs: &[ParagraphSpan],
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for p in paragraphs {
        let mut start = p.tokens.start;
        let mut i = p.tokens.start;
        while i < p.tokens.end {
            let t = &tokens[i];
            let s = &text[t.start..t.end];
            // Only punctuation tokens can end a sentence.
            let terminal = t.kind == TokenKind::Punct && matches!(s, "." | "!" | "?" | "…");
            if terminal {
                // Swallow closing quotes/brackets and repeated punctuation.
                let mut end = i + 1;
                while end < p.tokens.end
                    && !tokens[end].space_before
                    && matches!(
                        &text[tokens[end].start..tokens[end].end],
                        "\"" | "”" | "’" | "'" | ")" | "]" | "." | "!" | "?"
                    )
                {
                    end += 1;
                }
                let after_abbrev = s == "."
                    && i > start
                    && tokens[i - 1].kind == TokenKind::Word
                    && !tokens[i].space_before
                    && is_abbreviation(&text[tokens[i - 1].start..tokens[i - 1].end]);
                // A lowercase continuation ("“Why?” she asked") is the same sentence.
                let next_lower = end < p.tokens.end
                    && text[tokens[end].start..].starts_with(|c: char| c.is_lowercase());
                let next_starts = end >= p.tokens.end || (tokens[end].space_before && !next_lower);
                if next_starts && !after_abbrev {
                    out.push(start..end);
                    start = end;
                }
                i = end;
            } else {
                i += 1;
            }
        }
        if start < p.tokens.end {
            out.push(start..p.tokens.end);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let doc = Document::from_text("t", text);
        let a = Analysis::new(&doc);
        (0..a.tokens.len()).map(|i| a.tok(i).to_string()).collect()
    }

    #[test]
    fn tokens_keep_contractions_and_numbers() {
        assert_eq!(
            words("Moscow’s U.S. troops don't—100,000 of them, 1,5 bn."),
            [
                "Moscow’s",
                "U.S.",
                "troops",
                "don't",
                "—",
                "100,000",
                "of",
                "them",
                ",",
                "1,5",
                "bn",
                "."
            ]
        );
    }

    #[test]
    fn sentences_respect_titles() {
        let doc = Document::from_text("t", "Ms. Sherman spoke. He left! “Why?” she asked.\nNext.");
        let a = Analysis::new(&doc);
        let sents: Vec<String> = a
            .sentences
            .iter()
            .map(|r| a.text()[a.tokens[r.start].start..a.tokens[r.end - 1].end].to_string())
            .collect();
        assert_eq!(
            sents,
            [
                "Ms. Sherman spoke.",
                "He left!",
                "“Why?” she asked.",
                "Next."
            ]
        );
        assert_eq!(a.word_count, 9);
    }

    #[test]
    fn word_hashes_fold_case_and_apostrophes() {
        assert_eq!(word_hash("Don’t"), word_hash("don't"));
        assert_eq!(word_hash("ÉCOLE"), word_hash("école"));
        assert_ne!(word_hash("don't"), word_hash("dont"));
        let doc = Document::from_text("t", "The the, THE");
        let a = Analysis::new(&doc);
        assert_eq!(a.word_hashes[0], a.word_hashes[1]);
        assert_eq!(a.word_hashes[0], a.word_hashes[3]);
        assert_eq!(a.word_hashes[2], 0);
    }

    #[test]
    fn chrome_is_not_tokenised() {
        let doc = Document::from_text("t", "Real text here.\nLeave a Reply\n");
        let a = Analysis::new(&doc);
        assert_eq!(a.paragraphs.len(), 1);
        assert_eq!(a.word_count, 3);
    }
}
