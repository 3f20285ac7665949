//! Markdown: markup stripped, prose kept, positions mapped back to the source.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::document::{Directive, Document, OffRegions, SourceMap};

/// Extract the prose of a Markdown article. Code blocks, inline HTML and
/// link targets are dropped; every run of text remembers where it came from.
/// `<!-- calque off -->` and `<!-- calque on -->` comments mark the regions
/// the document records as turned off.
pub fn extract(origin: &str, source: String) -> Document {
    let mut text = String::with_capacity(source.len());
    let mut runs = Vec::new();
    let mut off = OffRegions::default();
    let mut in_code_block = 0usize;
    let mut in_meta = false;
    let parser = Parser::new_ext(
        &source,
        Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS,
    );
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block += 1,
            Event::End(TagEnd::CodeBlock) => in_code_block = in_code_block.saturating_sub(1),
            Event::Start(Tag::MetadataBlock(_)) => in_meta = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_meta = false,
            Event::Text(t) | Event::Code(t) if in_code_block == 0 && !in_meta => {
                let src = &source[range.clone()];
                match src.find(t.as_ref()) {
                    Some(i) => runs.push((text.len(), range.start + i)),
                    // Entities, escapes and the line breaks of a code span
                    // make the text differ from its source.
                    None => align(&t, src, text.len(), range.start, &mut runs),
                }
                text.push_str(&t);
            }
            Event::Html(html) | Event::InlineHtml(html) if in_code_block == 0 => {
                if let Some(d) = Directive::parse(&html) {
                    off.mark(d, text.len());
                }
            }
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) if !text.ends_with('\n') => text.push('\n'),
            Event::End(TagEnd::TableCell) => text.push(' '),
            _ => {}
        }
    }
    let regions = off.finish(text.len());
    let map = SourceMap::with_runs(source, runs);
    Document::with_map(origin, text, map).with_regions_off(regions)
}

/// Map `text` (to be pushed at `text_at`) onto `source` (at `source_at`),
/// which it renders with some characters changed: each character is looked
/// for from where the last one was found (white space matches any white
/// space), and a run starts wherever the two stop moving in step. A
/// character not found, such as the `“` of `&ldquo;`, points where the
/// search stood.
fn align(
    text: &str,
    source: &str,
    text_at: usize,
    source_at: usize,
    runs: &mut Vec<(usize, usize)>,
) {
    let mut from = 0;
    let mut expected = None;
    for (i, c) in text.char_indices() {
        let found = source[from..]
            .char_indices()
            .find(|&(_, s)| s == c || (c.is_whitespace() && s.is_whitespace()))
            .map(|(j, s)| (from + j, s.len_utf8()));
        let at = found.map_or(from, |(j, _)| j);
        if expected != Some(at) {
            runs.push((text_at + i, source_at + at));
        }
        if let Some((j, len)) = found {
            from = j + len;
        }
        expected = Some(at + c.len_utf8());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Position;

    #[test]
    fn strips_markup_and_keeps_positions() {
        let src = "---\ntitle: x\n---\n# Talks *end*\n\nShe said it was **not a start** for\nus.\n\n```\ncode\n```\n".to_string();
        let doc = extract("a.md", src);
        assert_eq!(doc.text, "Talks end\nShe said it was not a start for us.\n");
        let off = doc.text.find("not a start").unwrap();
        assert_eq!(
            doc.position(off),
            Position {
                line: 6,
                column: 19
            }
        );
        let off = doc.text.find("us.").unwrap();
        assert_eq!(doc.position(off), Position { line: 7, column: 1 });
    }

    #[test]
    fn code_spans_and_entities_map_each_word_to_its_line() {
        let src = "Said `one\r\ntwo` and &ldquo;three&rdquo; then AT&amp;T four.\n".to_string();
        let doc = extract("a.md", src.clone());
        // pulldown-cmark makes each of CR and LF a space.
        assert_eq!(doc.text, "Said one  two and “three” then AT&T four.\n");
        let at = |word: &str| doc.position(doc.text.find(word).unwrap());
        assert_eq!(at("two"), Position { line: 2, column: 1 });
        assert_eq!(
            at("three"),
            Position {
                line: 2,
                column: 17
            }
        );
        assert_eq!(
            at("T four"),
            Position {
                line: 2,
                column: 42
            }
        );
    }

    #[test]
    fn calque_off_comments_mark_regions_off() {
        let src = "Kept.\n\n<!-- calque off -->\n\nA quoted statement.\n\n\
            Another one.\n\n<!-- Calque On -->\n\nKept too. <!-- calque off --> Cut \
            here.\n\n```\n<!-- calque on -->\n```\n\nStill off.\n"
            .to_string();
        let doc = extract("a.md", src);
        let off: Vec<&str> = doc
            .regions_off
            .iter()
            .map(|r| &doc.text[r.clone()])
            .collect();
        // The comment in a code block is code, not a directive: the last
        // region runs to the end.
        assert_eq!(
            off,
            [
                "A quoted statement.\nAnother one.\n",
                " Cut here.\nStill off.\n"
            ]
        );
        // Other comments are not directives.
        let doc = extract("a.md", "<!-- calque off the record -->\n\nText.\n".into());
        assert!(doc.regions_off.is_empty());
    }
}
