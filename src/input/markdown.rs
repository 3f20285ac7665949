//! Markdown: markup stripped, prose kept, positions mapped back to the source.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::document::{Document, SourceMap};

/// Extract the prose of a Markdown article. Code blocks, inline HTML and
/// link targets are dropped; every run of text remembers where it came from.
pub fn extract(origin: &str, source: String) -> Document {
    let mut text = String::with_capacity(source.len());
    let mut runs = Vec::new();
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
                // Entities and escapes make the text differ from its source;
                // point at the source run's start then.
                let src = &source[range.clone()];
                let at = src
                    .find(t.as_ref())
                    .map_or(range.start, |i| range.start + i);
                runs.push((text.len(), at));
                text.push_str(&t);
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
    let map = SourceMap::with_runs(source, runs);
    Document::with_map(origin, text, map)
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
}
