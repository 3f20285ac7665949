//! Where the text of an HTML page lies in its source.
//!
//! The HTML parser gives each text node its decoded text but not its place
//! in the file. A text node is the run of characters between two pieces of
//! markup, so it is found by aligning its text with the source, one region
//! between markup after another: characters match themselves, a character
//! reference (`&amp;`, `&#8220;`) matches the one character it stands for,
//! a carriage return matches the newline the parser made of it. The
//! alignment records where source and text stop moving in step, so every
//! byte of the text maps to the byte of the source it came from.
//!
//! The same scan of the markup tells how deep a page nests before the
//! parser, whose work grows with the square of the depth, is given it.

use std::ops::Range;

/// Elements whose content is not markup: the parser reads it as raw text,
/// and none of it is article prose.
const RAW_TEXT_TAGS: &[&str] = &[
    "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Elements that hold no others (void elements) or whose end tag may be
/// left out: not counted in [`Markup::nesting_depth`].
const UNNESTED_TAGS: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr", "html", "head", "body", "p", "li",
    "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
    "caption", "rb", "rt", "rtc", "rp",
];

/// Regions tried for one text node, each way: far more than lie between
/// two paragraphs of an article, even past a long navigation bar, and a
/// bound on the work for a node that cannot be aligned.
const MAX_REGIONS: usize = 4096;

/// The markup of a page (tags, comments, doctype, raw-text element content)
/// as sorted byte ranges; text lies between them.
pub struct Markup<'s> {
    source: &'s str,
    spans: Vec<Range<usize>>,
}

/// `(text_offset, source_offset)` points from which the text and the source
/// move in step, as a [`crate::document::SourceMap`] takes them.
pub type Points = Vec<(usize, usize)>;

impl<'s> Markup<'s> {
    /// Find the markup of `source`, in one pass.
    pub fn scan(source: &'s str) -> Self {
        let b = source.as_bytes();
        let mut spans = Vec::new();
        let mut i = 0;
        while let Some(found) = memchr::memchr(b'<', &b[i..]) {
            let start = i + found;
            let Some(end) = markup_end(source, start) else {
                // A '<' that opens no tag is text.
                i = start + 1;
                continue;
            };
            spans.push(start..end);
            i = end;
        }
        Self { source, spans }
    }

    /// How deep the page's elements nest, counted from its tags alone:
    /// each start tag opens an element and each end tag closes one, except
    /// elements that never hold others (`<br>`, `<img>`, `<x/>`, scripts)
    /// and those whose end tag may be left out (`<p>`, `<li>`, `<td>`),
    /// which sloppy pages leave open by the thousand.
    pub fn nesting_depth(&self) -> usize {
        let (mut depth, mut deepest) = (0usize, 0);
        for span in &self.spans {
            let tag = &self.source.as_bytes()[span.clone()];
            let (closing, name_from) = match tag.get(1) {
                Some(b'/') => (true, 2),
                Some(c) if c.is_ascii_alphabetic() => (false, 1),
                _ => continue,
            };
            let name = tag_name(&tag[name_from..]);
            let leaf = named(UNNESTED_TAGS, name).is_some() || named(RAW_TEXT_TAGS, name).is_some();
            if leaf || (!closing && tag.ends_with(b"/>")) {
                continue;
            }
            if closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        deepest
    }

    /// The end of the markup that starts at `at`, if any does.
    fn markup_at(&self, at: usize) -> Option<usize> {
        let i = self.spans.partition_point(|s| s.start < at);
        self.spans.get(i).filter(|s| s.start == at).map(|s| s.end)
    }

    /// Where a text region may start at or after `from`: `from` itself and
    /// the end of every piece of markup after it.
    fn region_starts(&self, from: usize) -> impl Iterator<Item = usize> + '_ {
        let first = self.spans.partition_point(|s| s.end < from);
        std::iter::once(from).chain(
            self.spans[first..]
                .iter()
                .map(|s| s.end)
                .filter(move |&e| e > from),
        )
    }

    /// Find text node `text` in the source at or after `from` (or, failing
    /// that, anywhere: a headline outside the article body may come after
    /// it): the end of its source and the points that map it, with text
    /// offsets counted from the node's start.
    pub fn locate(&self, text: &str, from: usize) -> Option<(usize, Points)> {
        let from = from.min(self.source.len());
        (self.region_starts(from).take(MAX_REGIONS))
            .find_map(|start| self.align(text, start))
            .or_else(|| {
                (self
                    .region_starts(0)
                    .take_while(|&s| s < from)
                    .take(MAX_REGIONS))
                .find_map(|start| self.align(text, start))
            })
    }

    /// Align `text` with the source region starting at `start`: it must use
    /// the region up to the next markup (skipping markup the parser dropped
    /// between two pieces of the same node) or the end of the source.
    fn align(&self, text: &str, start: usize) -> Option<(usize, Points)> {
        self.align_from(text, start).or_else(|| {
            // The parser drops white space before the body and the newline
            // that opens a `<pre>`, so the node may start further in.
            let rest = &self.source[start..];
            let skipped = rest.len()
                - rest
                    .trim_start_matches([' ', '\t', '\n', '\r', '\x0c'])
                    .len();
            (skipped > 0).then(|| self.align_from(text, start + skipped))?
        })
    }

    /// [`Markup::align`] with the node's first character at `start`.
    fn align_from(&self, text: &str, start: usize) -> Option<(usize, Points)> {
        let src = self.source;
        let sb = src.as_bytes();
        // A node starts where its region does, never on markup.
        if self.markup_at(start).is_some() {
            return None;
        }
        let (mut ti, mut si) = (0, start);
        let mut points = vec![(0, start)];
        while ti < text.len() {
            let wanted = text[ti..].chars().next()?;
            match *sb.get(si)? {
                // Markup the parser dropped between two pieces of one node.
                b'<' if wanted != '<' || self.markup_at(si).is_some() => {
                    si = self.markup_at(si)?;
                    points.push((ti, si));
                }
                b'&' => {
                    let after = ti + wanted.len_utf8();
                    let reference = reference_len(&sb[si..], text[after..].chars().next());
                    let literal = wanted == '&';
                    match reference {
                        // A `&` the text has too may be the character itself
                        // (`R&D`) or a reference to it (`&amp`): the reading
                        // after which the source goes on as the text.
                        Some((len, fits)) if fits || !literal => {
                            points.push((ti, si));
                            si += len;
                            // A few references stand for two characters
                            // (`&NotEqualTilde;`): take the second too when
                            // only then does the source go on as the text.
                            let mut rest = text[after..].chars();
                            ti = match (rest.next(), rest.next()) {
                                (Some(second), Some(third))
                                    if !src[si..].starts_with(second)
                                        && src[si..].starts_with(third) =>
                                {
                                    after + second.len_utf8()
                                }
                                (Some(second), None)
                                    if si == sb.len() || self.markup_at(si).is_some() =>
                                {
                                    after + second.len_utf8()
                                }
                                _ => after,
                            };
                            points.push((ti, si));
                        }
                        _ if literal => {
                            ti += 1;
                            si += 1;
                        }
                        _ => return None,
                    }
                }
                b'\r' if wanted == '\n' => {
                    si += if sb.get(si + 1) == Some(&b'\n') { 2 } else { 1 };
                    ti += 1;
                    points.push((ti, si));
                }
                0 if wanted == '\u{fffd}' => {
                    ti += wanted.len_utf8();
                    si += 1;
                    points.push((ti, si));
                }
                _ => {
                    let c = src[si..].chars().next()?;
                    if c != wanted {
                        return None;
                    }
                    ti += c.len_utf8();
                    si += c.len_utf8();
                }
            }
        }
        // A text node runs until markup or the end of the page.
        (si == sb.len() || self.markup_at(si).is_some()).then_some((si, points))
    }
}

/// The end of the markup opening at `start` (a `<`): a comment, a doctype or
/// processing instruction, or a tag, which for a raw-text element runs on to
/// the end of its closing tag. `None` when the `<` opens nothing.
fn markup_end(source: &str, start: usize) -> Option<usize> {
    let b = source.as_bytes();
    let rest = &b[start..];
    if rest.starts_with(b"<!--") {
        let close = memchr::memmem::find(&rest[4..], b"-->").map_or(b.len(), |i| start + 4 + i + 3);
        return Some(close);
    }
    let next = *rest.get(1)?;
    if !(next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?')) {
        return None;
    }
    let end = tag_end(b, start + 1);
    if next.is_ascii_alphabetic() {
        if let Some(tag) = named(RAW_TEXT_TAGS, tag_name(&rest[1..])) {
            return Some(closing_tag_end(b, end, tag));
        }
    }
    Some(end)
}

/// The element name at the start of `bytes` (what follows `<` or `</`).
fn tag_name(bytes: &[u8]) -> &[u8] {
    let len = bytes
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    &bytes[..len]
}

/// The entry of `tags` that `name` is, in any case.
fn named(tags: &[&'static str], name: &[u8]) -> Option<&'static str> {
    tags.iter()
        .copied()
        .find(|t| t.as_bytes().eq_ignore_ascii_case(name))
}

/// The byte after the `>` that ends a tag whose body starts at `from`;
/// quoted attribute values may hold a `>`.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    let mut after_equals = false;
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            q @ (b'"' | b'\'') if after_equals => {
                i = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |j| i + 1 + j);
                after_equals = false;
            }
            b'=' => after_equals = true,
            c if c.is_ascii_whitespace() => {}
            _ => after_equals = false,
        }
        i += 1;
    }
    b.len()
}

/// The end of the first `</tag ...>` at or after `from`, or of the source.
fn closing_tag_end(b: &[u8], from: usize, tag: &str) -> usize {
    let mut i = from;
    while let Some(j) = memchr::memmem::find(&b[i..], b"</") {
        let at = i + j;
        let name = b.get(at + 2..at + 2 + tag.len());
        if name.is_some_and(|n| n.eq_ignore_ascii_case(tag.as_bytes())) {
            return tag_end(b, at + 2);
        }
        i = at + 2;
    }
    b.len()
}

/// The length of the character reference at the start of `b` (a `&`):
/// `&#8220;`, `&#x201C;`, `&ldquo;`, or a legacy name without the `;`
/// (`&nbsp`); and whether the source goes on after it with the text's `next`
/// character. A name the parser does not know is read as the longest known
/// name it starts with (`&notit;` is `¬` and `it;`), so the reference is
/// taken to end where the text's next character follows, if it does
/// anywhere; otherwise it is the whole reference.
fn reference_len(b: &[u8], next: Option<char>) -> Option<(usize, bool)> {
    let count = |rest: &[u8], digit: fn(&u8) -> bool| rest.iter().take_while(|c| digit(c)).count();
    let name = match &b[1..] {
        [b'#', b'x' | b'X', rest @ ..] => {
            Some(2 + count(rest, u8::is_ascii_hexdigit)).filter(|&n| n > 2)
        }
        [b'#', rest @ ..] => Some(1 + count(rest, u8::is_ascii_digit)).filter(|&n| n > 1),
        [c, ..] if c.is_ascii_alphabetic() => Some(count(&b[1..], u8::is_ascii_alphanumeric)),
        _ => None,
    }?;
    let follows = |len: usize| {
        next.is_none_or(|c| b[len..].starts_with(c.encode_utf8(&mut [0; 4]).as_bytes()))
    };
    // Whole, with its `;`; then whole without it, and for a name, shorter
    // and shorter down to one letter.
    let closed = b.get(1 + name) == Some(&b';');
    let whole = if closed { 2 + name } else { 1 + name };
    let shortest = if b[1] == b'#' { 1 + name } else { 2 };
    let mut lengths = closed
        .then_some(whole)
        .into_iter()
        .chain((shortest..=1 + name).rev());
    Some(
        lengths
            .find(|&len| follows(len))
            .map_or((whole, false), |len| (len, true)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate(source: &str, text: &str) -> Option<(usize, Points)> {
        Markup::scan(source).locate(text, 0)
    }

    #[test]
    fn nesting_is_counted_from_tags_that_must_be_closed() {
        let depth = |src: &str| Markup::scan(src).nesting_depth();
        assert_eq!(
            depth("<div><p>a<p>b<br><img src=x><i/><span>c</span></div>"),
            2
        );
        // Stray end tags do not count below zero.
        assert_eq!(depth("</div></div><div><b>x</b></div>"), 2);
        assert_eq!(depth("<script><div><div></script><ul><li>a<li>b</ul>"), 1);
        assert_eq!(depth(&"<div>".repeat(300)), 300);
    }

    #[test]
    fn markup_spans_cover_tags_comments_and_scripts() {
        let src = r#"<p class="a>b">x</p><!-- c > d --><script>if (a < b) {}</script>y <z"#;
        let m = Markup::scan(src);
        let spans: Vec<&str> = m.spans.iter().map(|s| &src[s.clone()]).collect();
        assert_eq!(
            spans,
            [
                r#"<p class="a>b">"#,
                "</p>",
                "<!-- c > d -->",
                "<script>if (a < b) {}</script>",
                // The parser drops a tag left open at the end of the page.
                "<z",
            ]
        );
    }

    #[test]
    fn a_node_is_found_in_its_own_region_not_in_a_tag_or_script() {
        let src = r#"<title>He said</title><a title="He said">He said</a>"#;
        let (end, points) = locate(src, "He said").unwrap();
        assert_eq!(points, [(0, src.rfind("He said").unwrap())]);
        assert_eq!(end, src.len() - 4);
        // A node must use its whole region.
        assert!(locate("<p>He said it</p>", "He said").is_none());
    }

    #[test]
    fn references_and_carriage_returns_keep_the_map_exact() {
        let src = "<p>AT&amp;T said &ldquo;no&#8221;\r\nand left &nbsp;x</p>";
        let text = "AT&T said “no”\nand left \u{a0}x";
        let (_, points) = locate(src, text).unwrap();
        let map = |t: usize| {
            let &(pt, ps) = points.iter().rev().find(|p| p.0 <= t).unwrap();
            ps + (t - pt)
        };
        for word in ["T said", "no", "and left", "x"] {
            let t = text.find(word).unwrap();
            assert_eq!(&src[map(t)..map(t) + word.len()], word, "{word}");
        }
        // A `&` that starts no reference is itself.
        assert!(locate("<p>R&D & more</p>", "R&D & more").is_some());
    }

    #[test]
    fn markup_the_parser_dropped_inside_a_node_is_skipped() {
        let src = "<p>one</span> two</p>";
        let (_, points) = locate(src, "one two").unwrap();
        assert_eq!(points, [(0, 3), (3, 13)]);
    }

    #[test]
    fn a_headline_after_the_cursor_is_found_before_it() {
        let src = "<article><p>Body text.</p></article><h1>Headline</h1>";
        let m = Markup::scan(src);
        let (end, _) = m.locate("Body text.", 0).unwrap();
        let (_, points) = m.locate("Headline", end).unwrap();
        assert_eq!(points[0].1, src.find("Headline").unwrap());
        let (_, points) = m.locate("Body text.", src.len()).unwrap();
        assert_eq!(points[0].1, src.find("Body").unwrap());
    }
}
