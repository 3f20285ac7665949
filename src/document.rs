//! An article as the signals see it: its text, its paragraphs, the page chrome
//! excluded from scoring, and a map from text offsets back to `line:column` in
//! the file it came from.

use std::ops::Range;
use std::sync::OnceLock;

use serde::Serialize;

use crate::chrome;
use crate::text;

/// A 1-based line and column in the original input (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Maps byte offsets of the extracted text to positions in the original source.
///
/// Plain text maps to itself. Markdown and HTML extraction record, for each run
/// of copied text, where it started in the source; offsets inside a run keep
/// their distance from its start.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// `(text_offset, source_offset)` pairs, sorted by `text_offset`. Empty means identity.
    runs: Vec<(usize, usize)>,
    /// The source's lines, indexed when a position is first asked for:
    /// most articles never need one.
    lines: OnceLock<LineIndex>,
    /// The source itself, needed to count characters for columns.
    source: Option<String>,
}

impl SourceMap {
    /// Identity map over the text itself.
    pub fn identity() -> Self {
        Self::default()
    }

    /// Map through `runs` into a separate `source` text.
    pub fn with_runs(source: String, mut runs: Vec<(usize, usize)>) -> Self {
        runs.sort_unstable_by_key(|r| r.0);
        Self {
            lines: OnceLock::new(),
            runs,
            source: Some(source),
        }
    }

    /// Byte offset in the source of a byte offset in the extracted text.
    pub fn source_offset(&self, text_offset: usize) -> usize {
        if self.runs.is_empty() {
            return text_offset;
        }
        let idx = self.runs.partition_point(|r| r.0 <= text_offset);
        if idx == 0 {
            return self.runs[0].1;
        }
        let (t, s) = self.runs[idx - 1];
        s + (text_offset - t)
    }

    /// The map of the text left when the byte ranges `removed` (sorted,
    /// apart) are taken out of `text`, the text this map maps: each piece
    /// of `text` that is kept starts a run, and so does every run of this
    /// map that starts inside a piece. With no source of its own, `text`
    /// becomes the source.
    fn without(self, text: String, removed: &[Range<usize>]) -> SourceMap {
        // Where each kept piece starts in `text` and in the joined text.
        let mut pieces = Vec::with_capacity(removed.len() + 1);
        pieces.push((0, 0));
        let mut taken = 0;
        for r in removed {
            taken += r.len();
            pieces.push((r.end - taken, r.end));
        }
        if self.source.is_none() {
            return SourceMap::with_runs(text, pieces);
        }
        let mut runs = Vec::with_capacity(pieces.len() + self.runs.len());
        for (k, &(joined, start)) in pieces.iter().enumerate() {
            let end = removed.get(k).map_or(text.len(), |r| r.start);
            runs.push((joined, self.source_offset(start)));
            let inside = self.runs.partition_point(|r| r.0 <= start);
            for &(t, s) in self.runs[inside..].iter().take_while(|r| r.0 < end) {
                runs.push((joined + (t - start), s));
            }
        }
        SourceMap {
            runs,
            lines: self.lines,
            source: self.source,
        }
    }

    fn position_in(&self, text: &str, text_offset: usize) -> Position {
        let src = self.source.as_deref().unwrap_or(text);
        // A map that could not follow the source closely may land inside a
        // character: the position is that character's.
        let offset = floor_char(src, self.source_offset(text_offset).min(src.len()));
        let lines = self.lines.get_or_init(|| LineIndex::new(src));
        let (line, line_start) = lines.line_of(offset);
        Position {
            line: line + 1,
            column: lines.chars_between(src, line_start, offset) + 1,
        }
    }

    /// The index of the extracted text's lines, when the text is its own
    /// source.
    fn text_lines(&self, text: &str) -> Option<&LineIndex> {
        self.source
            .is_none()
            .then(|| self.lines.get_or_init(|| LineIndex::new(text)))
    }
}

/// Bytes between two counts of characters in a [`LineIndex`].
const CHECKPOINT_BYTES: usize = 1024;

/// Where each line of a text starts, and, once a column is asked for far
/// into a long line, how many characters precede every
/// [`CHECKPOINT_BYTES`]-th byte: a line's bounds and a column then cost the
/// same however long the line (a text without line breaks can hold
/// thousands of findings).
#[derive(Debug, Clone, Default)]
struct LineIndex {
    starts: Vec<usize>,
    /// Characters before byte `k * CHECKPOINT_BYTES`, for every `k`.
    checkpoints: OnceLock<Vec<usize>>,
}

/// Characters that start in `bytes`: those that are not UTF-8 continuation
/// bytes (`0x80..=0xBF`, below -64 as `i8`), counted in a form the compiler
/// vectorises.
fn chars_starting_in(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| usize::from(b as i8 >= -64)).sum()
}

impl LineIndex {
    fn new(text: &str) -> Self {
        // Room for lines of 64 bytes on average, so most texts need no regrowth.
        let mut starts = Vec::with_capacity(text.len() / 64 + 2);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self {
            starts,
            checkpoints: OnceLock::new(),
        }
    }

    /// The 0-based line holding byte `offset`, and the byte it starts at.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        (line, self.starts[line])
    }

    /// The bytes of the line holding `offset`, without its line break.
    fn line_bounds(&self, text: &str, offset: usize) -> Range<usize> {
        let (line, start) = self.line_of(offset);
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        start..end
    }

    /// Characters of `text` from byte `from` to byte `to`: counted directly
    /// over a short stretch, from the checkpoints over a long one.
    fn chars_between(&self, text: &str, from: usize, to: usize) -> usize {
        if to - from <= 2 * CHECKPOINT_BYTES {
            return chars_starting_in(&text.as_bytes()[from..to]);
        }
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT_BYTES + 2);
            let mut chars = 0;
            for block in text.as_bytes().chunks(CHECKPOINT_BYTES) {
                checkpoints.push(chars);
                chars += chars_starting_in(block);
            }
            // The count at the end, which an offset at the end of a text of
            // whole blocks reads.
            checkpoints.push(chars);
            checkpoints
        });
        let before = |offset: usize| {
            let block = offset / CHECKPOINT_BYTES;
            checkpoints[block]
                + chars_starting_in(&text.as_bytes()[block * CHECKPOINT_BYTES..offset])
        };
        before(to) - before(from)
    }
}

/// A paragraph of the extracted text: a run of non-blank lines, or a single
/// line where the source puts one paragraph per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub range: Range<usize>,
    /// Why this paragraph is not scored, if it is page chrome.
    pub chrome: Option<chrome::ChromeKind>,
}

/// A `<!-- calque off -->` or `<!-- calque on -->` comment in Markdown or
/// HTML: the text between the two is left out of the score, where the
/// configuration's `inline-directives` trusts the article to say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Directive {
    Off,
    On,
}

impl Directive {
    /// The directive `comment` holds: an HTML comment, with or without its
    /// `<!--` and `-->`, whose words are `calque off` or `calque on` (in
    /// any case).
    pub fn parse(comment: &str) -> Option<Directive> {
        let inner = comment.trim();
        let inner = inner.strip_prefix("<!--").unwrap_or(inner);
        let inner = inner.strip_suffix("-->").unwrap_or(inner);
        let mut words = inner.split_whitespace();
        if !words.next()?.eq_ignore_ascii_case("calque") {
            return None;
        }
        let directive = match words.next()? {
            w if w.eq_ignore_ascii_case("off") => Directive::Off,
            w if w.eq_ignore_ascii_case("on") => Directive::On,
            _ => return None,
        };
        words.next().is_none().then_some(directive)
    }
}

/// The regions of extracted text that directives turn off, collected as an
/// extractor meets the comments: from each `off` to the next `on`, or to
/// the end of the text.
#[derive(Debug, Default)]
pub struct OffRegions {
    open: Option<usize>,
    regions: Vec<Range<usize>>,
}

impl OffRegions {
    /// `directive` met where the text is `at` bytes long.
    pub fn mark(&mut self, directive: Directive, at: usize) {
        match (directive, self.open) {
            (Directive::Off, None) => self.open = Some(at),
            (Directive::On, Some(start)) => {
                self.regions.push(start..at);
                self.open = None;
            }
            // A second `off`, or an `on` with none before it, changes nothing.
            _ => {}
        }
    }

    /// The regions, the last one closed at `end` if no `on` followed it.
    pub fn finish(mut self, end: usize) -> Vec<Range<usize>> {
        if let Some(start) = self.open {
            self.regions.push(start..end);
        }
        self.regions.retain(|r| !r.is_empty());
        self.regions
    }
}

/// One article ready for scoring.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it came from: a path, `-` for standard input, or `path#id` for JSON Lines.
    pub origin: String,
    /// The caller's identifier (the `id` field of a JSON Lines record).
    pub id: Option<String>,
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    /// Regions of `text` that `<!-- calque off -->` comments turn off; they
    /// are scored unless the configuration trusts them
    /// ([`Document::with_regions_off_excluded`]).
    pub regions_off: Vec<Range<usize>>,
    map: SourceMap,
    /// The text's lines, indexed when evidence is first located, unless
    /// the map's index of its source is the text's.
    text_lines: OnceLock<LineIndex>,
    /// Added to every reported line (JSON Lines records start deep in a file).
    line_offset: usize,
    /// Byte ranges of the text as it was given that `with_map` took
    /// out, so that offsets into it (regions turned off) can be moved.
    joined: Vec<Range<usize>>,
}

impl Document {
    /// Build from plain text: positions refer to `text` itself.
    pub fn from_text(origin: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let map = SourceMap::identity();
        Self::with_map(origin, text, map)
    }

    /// Build from extracted text and a map back into its source. Words a
    /// break hint splits (`Mar\u{ad}ga\u{ad}ret`) are joined first
    /// (see `break_hints_inside_words`); positions still point into the
    /// source.
    pub fn with_map(origin: impl Into<String>, text: String, map: SourceMap) -> Self {
        let removed = break_hints_inside_words(&text);
        let (text, map) = if removed.is_empty() {
            (text, map)
        } else {
            let joined = joined_words(&text, &removed);
            (joined, map.without(text, &removed))
        };
        let paragraphs = split_paragraphs(&text);
        Self {
            origin: origin.into(),
            id: None,
            text,
            paragraphs,
            regions_off: Vec::new(),
            map,
            text_lines: OnceLock::new(),
            line_offset: 0,
            joined: removed,
        }
    }

    pub fn with_id(mut self, id: Option<String>) -> Self {
        self.id = id;
        self
    }

    /// Regions turned off, as byte ranges of the text given to
    /// [`Self::with_map`].
    pub fn with_regions_off(mut self, regions: Vec<Range<usize>>) -> Self {
        self.regions_off = regions
            .into_iter()
            .map(|r| self.joined_offset(r.start)..self.joined_offset(r.end))
            .collect();
        self
    }

    /// Where an offset of the text given to [`Self::with_map`] is in
    /// [`Self::text`]: moved back by the bytes taken out before it.
    fn joined_offset(&self, offset: usize) -> usize {
        let before = self.joined.partition_point(|r| r.start < offset);
        let taken: usize = self.joined[..before]
            .iter()
            .map(|r| r.len().min(offset - r.start))
            .sum();
        offset - taken
    }

    /// A copy whose paragraphs that overlap a region turned off are
    /// excluded from scoring, as [`chrome::ChromeKind::Directive`]; page
    /// chrome keeps its own kind.
    pub fn with_regions_off_excluded(&self) -> Document {
        let mut doc = self.clone();
        // Paragraphs and regions both run in text order: one pass over each.
        let mut regions = self.regions_off.iter().peekable();
        for p in doc.paragraphs.iter_mut() {
            while regions.next_if(|r| r.end <= p.range.start).is_some() {}
            let Some(r) = regions.peek() else { break };
            if r.start < p.range.end && p.chrome.is_none() {
                p.chrome = Some(chrome::ChromeKind::Directive);
            }
        }
        doc
    }

    pub fn with_line_offset(mut self, lines: usize) -> Self {
        self.line_offset = lines;
        self
    }

    /// Position of a byte offset of `text` in the original input.
    pub fn position(&self, offset: usize) -> Position {
        let mut p = self.map.position_in(&self.text, offset);
        p.line += self.line_offset;
        p
    }

    /// Paragraphs that are scored (not page chrome).
    pub fn scored_paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.paragraphs.iter().filter(|p| p.chrome.is_none())
    }

    /// Number of bytes of scored text.
    pub fn scored_len(&self) -> usize {
        self.scored_paragraphs().map(|p| p.range.len()).sum()
    }

    /// A one-line excerpt around `range`, at most `max` characters, with
    /// ellipses where it was cut.
    pub fn excerpt(&self, range: Range<usize>, max: usize) -> String {
        let start = floor_char(&self.text, range.start.min(self.text.len()));
        let end = floor_char(&self.text, range.end.min(self.text.len()).max(start));
        let lines = self.line_bounds(start).start..self.line_bounds(end).end;
        excerpt_within(&self.text, lines, start..end, max)
    }

    /// The bytes of the text's line holding `offset`, without its line
    /// break.
    pub fn line_bounds(&self, offset: usize) -> Range<usize> {
        let text = &self.text;
        let lines = (self.map.text_lines(text))
            .unwrap_or_else(|| self.text_lines.get_or_init(|| LineIndex::new(text)));
        lines.line_bounds(text, offset)
    }
}

/// [`Document::excerpt`] of `span` (on character boundaries) on the lines
/// `lines` of `text`, found already.
fn excerpt_within(text: &str, lines: Range<usize>, span: Range<usize>, max: usize) -> String {
    let (line_start, line_end) = (lines.start, lines.end);
    let (start, end) = (span.start, span.end);
    let span_chars = text[start..end].chars().count();
    let budget = max.saturating_sub(span_chars) / 2;
    let before: String = {
        // The last `budget` characters before the span, found from the end so
        // that a long line is not decoded in full.
        let head = &text[line_start..start];
        let cut = match budget.checked_sub(1) {
            None => head.len(),
            Some(n) => head.char_indices().rev().nth(n).map_or(0, |(i, _)| i),
        };
        let mut s = String::with_capacity(head.len() - cut + '…'.len_utf8());
        if cut > 0 {
            s.push('…');
        }
        s.push_str(&head[cut..]);
        s
    };
    let after: String = {
        let mut it = text[end..line_end].chars();
        let mut s: String = it.by_ref().take(budget).collect();
        if it.next().is_some() {
            s.push('…');
        }
        s
    };
    let mid: String = text[start..end]
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    format!("{before}{mid}{after}")
}

/// Characters that print nothing and, inside a word, only mark where it may
/// be broken: the soft hyphen publishing systems put into long words
/// (`&shy;`), the zero-width space and the word joiner. Their UTF-8 forms
/// end in the bytes `0xAD`, `0x8B` and `0xA0`.
fn is_break_hint(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}' | '\u{2060}')
}

/// Byte ranges of the break hints in `text` that stand alone between two
/// letters, in order. Such a hint splits a word for the tokeniser (a first
/// name would not be known, a phrase not matched) though a reader sees one
/// word. Runs of hints, and hints beside spaces or punctuation, are left:
/// MT013 reports zero-width spaces together as evidence.
fn break_hints_inside_words(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // The three hints' last bytes; most texts have none, and most hits are
    // the no-break space (`C2 A0`) or some other character.
    for last in memchr::memchr3_iter(0xAD, 0x8B, 0xA0, bytes) {
        let start = floor_char(text, last);
        let Some(c) = text[start..].chars().next() else {
            continue;
        };
        let end = start + c.len_utf8();
        if !is_break_hint(c) {
            continue;
        }
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_alphabetic) {
            out.push(start..end);
        }
    }
    out
}

/// `text` without the byte ranges `removed` (sorted, apart).
fn joined_words(text: &str, removed: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for r in removed {
        out.push_str(&text[from..r.start]);
        from = r.end;
    }
    out.push_str(&text[from..]);
    out
}

/// Smallest char boundary at or above `i` (at most the text's length).
pub fn ceil_char(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

/// Largest char boundary at or below `i`.
pub fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Split into paragraphs. News copy puts one paragraph on a line (scrapers
/// and feeds alike), so every non-blank line is a paragraph.
fn split_paragraphs(text: &str) -> Vec<Paragraph> {
    // Room for paragraphs of 64 bytes on average, so most texts need no
    // regrowth (one in two articles outgrew room for 128).
    let mut out = Vec::with_capacity(text.len() / 64 + 2);
    let bytes = text.as_bytes();
    let mut pos = 0;
    // The pieces of `text.split_inclusive('\n')`, found with memchr, except
    // that an empty line (one in two in news copy) is passed over at once.
    while let Some(&first) = bytes.get(pos) {
        if first == b'\n' {
            pos += 1;
            continue;
        }
        let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i + 1);
        let line = &text[pos..end];
        let after_lead = text::trim_start(line);
        let lead = line.len() - after_lead.len();
        let content = text::trim_end(after_lead);
        if !content.is_empty() {
            let range = pos + lead..pos + lead + content.len();
            out.push(Paragraph {
                chrome: chrome::classify_trimmed(content),
                range,
            });
        }
        pos = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`Document::excerpt`] with the lines found by scanning the text.
    fn excerpt(text: &str, range: Range<usize>, max: usize) -> String {
        let start = floor_char(text, range.start.min(text.len()));
        let end = floor_char(text, range.end.min(text.len()).max(start));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        excerpt_within(text, line_start..line_end, start..end, max)
    }

    #[test]
    fn regions_off_exclude_the_paragraphs_they_touch() {
        let text = "One.\nTwo.\nLeave a Reply\nFour.\nFive.\nSix.\n";
        let at = |p: &str| text.find(p).unwrap();
        let doc = Document::from_text("t", text).with_regions_off(vec![
            at("Two")..at("Four"),
            at("ive")..at("ive") + 1,
            at("Six") + 10..at("Six") + 12,
        ]);
        let kinds: Vec<Option<&str>> = (doc.with_regions_off_excluded().paragraphs.iter())
            .map(|p| p.chrome.map(chrome::ChromeKind::as_str))
            .collect();
        assert_eq!(
            kinds,
            [
                None,
                Some("directive"),
                Some("comments"),
                None,
                Some("directive"),
                None
            ]
        );
    }

    proptest! {
        /// Lines and columns from the index are those of a plain count,
        /// on lines from short to far longer than the index's blocks.
        #[test]
        fn the_line_index_counts_as_a_plain_scan_does(
            // One line break in `rare` pieces of 1,000: lines from a few
            // bytes to many blocks of the index long.
            rare in 1..200u16,
            pieces in prop::collection::vec(
                (0..1000u16, prop::sample::select(&["a", "é", "中", "😀", " ", "“"][..])),
                0..6000,
            ),
            picks in prop::collection::vec(any::<prop::sample::Index>(), 1..20),
        ) {
            let text: String = pieces
                .iter()
                .map(|&(k, piece)| match k {
                    k if k < rare / 2 => "\n",
                    k if k < rare && piece == " " => "\r\n",
                    _ => piece,
                })
                .collect();
            let doc = Document::from_text("t", text.clone());
            for pick in picks {
                let offset = floor_char(&text, pick.index(text.len() + 1));
                let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
                let expected = Position {
                    line: text[..offset].matches('\n').count() + 1,
                    column: text[line_start..offset].chars().count() + 1,
                };
                prop_assert_eq!(doc.position(offset), expected);
                prop_assert_eq!(doc.line_bounds(offset), line_start..line_end);
                let span = offset..ceil_char(&text, offset + 3);
                prop_assert_eq!(doc.excerpt(span.clone(), 40), excerpt(&text, span, 40));
            }
        }
    }

    #[test]
    fn positions_count_characters() {
        let doc = Document::from_text("t", "ab\n“cd” ef\n");
        let off = doc.text.find("ef").unwrap();
        assert_eq!(doc.position(off), Position { line: 2, column: 6 });
        assert_eq!(doc.position(0), Position { line: 1, column: 1 });
    }

    #[test]
    fn paragraphs_split_on_lines() {
        let doc = Document::from_text("t", "One.\nTwo.\n\n\nThree.\n");
        let paras: Vec<&str> = doc
            .paragraphs
            .iter()
            .map(|p| &doc.text[p.range.clone()])
            .collect();
        assert_eq!(paras, ["One.", "Two.", "Three."]);
    }

    #[test]
    fn paragraphs_are_the_non_blank_pieces_of_split_inclusive() {
        for text in [
            "",
            "\n",
            "\n\n",
            "One",
            "One\n",
            "  One  \r\n\tTwo\u{a0}\n\u{2003}\nThree",
            "\nOne\n\nTwo\n\n",
            "Привет\n  мир  ",
        ] {
            let mut expected = Vec::new();
            let mut pos = 0;
            for line in text.split_inclusive('\n') {
                let lead = line.len() - line.trim_start().len();
                let content = line.trim();
                if !content.is_empty() {
                    expected.push(pos + lead..pos + lead + content.len());
                }
                pos += line.len();
            }
            let got: Vec<Range<usize>> = split_paragraphs(text)
                .into_iter()
                .map(|p| p.range)
                .collect();
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn break_hints_inside_words_are_taken_out() {
        // Soft hyphens, a zero-width space and a word joiner inside words;
        // a run of two zero-width spaces, and hints beside a space or a
        // digit, are kept.
        let text = "Mar\u{ad}ga\u{ad}ret El\u{200b}li\u{2060}son said.\n\
                    The area of \u{200b}\u{200b}the port, a\u{ad} b, 4\u{ad}5.\n\
                    ab\u{200b}\u{200b}cd";
        let doc = Document::from_text("t", text);
        assert_eq!(
            doc.text,
            "Margaret Ellison said.\n\
             The area of \u{200b}\u{200b}the port, a\u{ad} b, 4\u{ad}5.\n\
             ab\u{200b}\u{200b}cd"
        );
        // Positions count the source's characters, hints included.
        let joined = doc.text.clone();
        let at = |w: &str| joined.find(w).unwrap();
        assert_eq!(doc.position(at("ga")), Position { line: 1, column: 5 });
        assert_eq!(
            doc.position(at("said")),
            Position {
                line: 1,
                column: 22
            }
        );
        assert_eq!(
            doc.position(at("port")),
            Position {
                line: 2,
                column: 19
            }
        );
        assert_eq!(doc.position(at("cd")), Position { line: 3, column: 5 });
        // Regions turned off, given on the text as it came, move with it.
        let on_given = |w: &str| text.find(w).unwrap();
        // One starts on a hint taken out: it starts where the hint was.
        let doc = doc.with_regions_off(vec![
            on_given("ga") - 2..on_given("ret"),
            on_given("said")..on_given("The"),
        ]);
        assert_eq!(
            doc.regions_off,
            [at("ga")..at("ret"), at("said")..at("The")]
        );
        // Text without hints is kept as it is, with an identity map.
        let plain = Document::from_text("t", "Margaret said \u{a0}so.");
        assert_eq!(plain.text, "Margaret said \u{a0}so.");
        assert!(plain.joined.is_empty());
    }

    #[test]
    fn joining_words_keeps_an_extracted_texts_map() {
        // "<p>Mar&shy;ga&shy;ret</p>\n<p>He left</p>", as HTML extraction
        // would give it: two runs, the entities already decoded.
        let source = "<p>Mar\u{ad}ga\u{ad}ret</p>\n<p>He left</p>".to_string();
        let text = "Mar\u{ad}ga\u{ad}ret\n\nHe left".to_string();
        let second = source.find("He").unwrap();
        let map = SourceMap::with_runs(source, vec![(0, 3), (text.find("He").unwrap(), second)]);
        let doc = Document::with_map("t", text, map);
        assert_eq!(doc.text, "Margaret\n\nHe left");
        assert_eq!(doc.position(0), Position { line: 1, column: 4 });
        assert_eq!(doc.position(3), Position { line: 1, column: 8 });
        assert_eq!(
            doc.position(5),
            Position {
                line: 1,
                column: 11
            }
        );
        assert_eq!(doc.position(10), Position { line: 2, column: 4 });
        assert_eq!(doc.position(13), Position { line: 2, column: 7 });
    }

    #[test]
    fn source_map_shifts_runs() {
        let source = "<p>Hello</p>\n<p>World</p>".to_string();
        let text = "Hello\n\nWorld".to_string();
        let map = SourceMap::with_runs(source, vec![(0, 3), (7, 16)]);
        let doc = Document::with_map("t", text, map);
        assert_eq!(doc.position(7), Position { line: 2, column: 4 });
        assert_eq!(doc.position(1), Position { line: 1, column: 5 });
    }

    #[test]
    fn excerpt_keeps_the_last_characters_before_the_span() {
        // The excerpt as first written: every character before the span collected.
        let by_collecting = |text: &str, range: Range<usize>, max: usize| {
            let start = floor_char(text, range.start.min(text.len()));
            let end = floor_char(text, range.end.min(text.len()).max(start));
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
            let budget = max.saturating_sub(text[start..end].chars().count()) / 2;
            let chars: Vec<char> = text[line_start..start].chars().collect();
            let skip = chars.len().saturating_sub(budget);
            let mut before: String = chars[skip..].iter().collect();
            if skip > 0 {
                before.insert(0, '…');
            }
            let mut it = text[end..line_end].chars();
            let mut after: String = it.by_ref().take(budget).collect();
            if it.next().is_some() {
                after.push('…');
            }
            let mid: String = text[start..end]
                .chars()
                .map(|c| if c == '\n' { ' ' } else { c })
                .collect();
            format!("{before}{mid}{after}")
        };
        let text = "first line\nÀ bientôt, “Мы” — 北京 said x.\nlast";
        let ends: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &start in &ends {
            for &end in ends.iter().filter(|&&e| e >= start).take(4) {
                for max in [0, 1, 2, 3, 5, 8, 40] {
                    assert_eq!(
                        excerpt(text, start..end, max),
                        by_collecting(text, start..end, max),
                        "{start}..{end} {max}"
                    );
                }
            }
        }
    }

    #[test]
    fn excerpt_cuts_long_lines() {
        let text = "a".repeat(100) + "XY" + &"b".repeat(100);
        let e = excerpt(&text, 100..102, 20);
        assert!(e.starts_with('…') && e.ends_with('…') && e.contains("XY"));
        assert!(e.chars().count() <= 22);
    }
}
