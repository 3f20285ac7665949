//! HTML: the article body extracted, page furniture dropped, positions mapped
//! back to the source lines.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};

use super::html_source::{Markup, Points};
use crate::document::{ceil_char, Directive, Document, OffRegions, SourceMap};
use crate::error::Error;

/// Elements whose text is never article prose.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "textarea", "iframe", "svg", "canvas", "figure", "menu",
];

/// Class or id fragments that mark furniture (comments, share bars, teasers).
const SKIP_MARKERS: &[&str] = &[
    "comment",
    "share",
    "social",
    "related",
    "newsletter",
    "subscribe",
    "sidebar",
    "breadcrumb",
    "advert",
    "promo",
    "cookie",
    "menu",
    "navbar",
    "footer",
    "byline-share",
    "recommended",
];

/// Elements that end a paragraph of extracted text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "div",
    "section",
    "article",
    "br",
    "tr",
    "dd",
    "dt",
    "pre",
    "main",
    "title",
];

/// Elements nested deeper than this make a page that is not an article: the
/// parser's work grows with the square of the depth (20,000 nested `<div>`
/// take 0.7 s, 200,000 over a minute). Article pages nest a few dozen deep.
pub const MAX_NESTING: usize = 10_000;

/// Extract the article text of an HTML page; an error for a page nested
/// deeper than [`MAX_NESTING`].
pub fn extract(origin: &str, source: String) -> Result<Document, Error> {
    let markup = Markup::scan(&source);
    let depth = markup.nesting_depth();
    if depth > MAX_NESTING {
        return Err(Error::input(
            origin,
            format!(
                "HTML elements nested {depth} deep (more than {MAX_NESTING}); not an article page"
            ),
        ));
    }
    let html = Html::parse_document(&source);
    let root = pick_body(&html);
    let mut out = Extractor {
        source: &source,
        markup,
        unaligned: 0,
        text: String::with_capacity(source.len() / 2),
        runs: Vec::new(),
        cursor: 0,
        off: OffRegions::default(),
    };
    if let Some(h1) = headline(&html, root) {
        out.element(h1);
        out.end_block();
    }
    if let Some(root) = root {
        out.element(root);
    }
    let Extractor {
        text, runs, off, ..
    } = out;
    let regions = off.finish(text.len());
    let map = SourceMap::with_runs(source, runs);
    Ok(Document::with_map(origin, text, map).with_regions_off(regions))
}

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("static selector is valid")
}

/// A candidate for the article that holds less than this share of the
/// text of the largest candidate of its kind is passed over: a teaser card
/// or a comment marked up as an `<article>`, not the story.
const MIN_SHARE_OF_LARGEST: usize = 2;

/// The element holding the article: `articleBody`, `<article>`, `<main>`,
/// or `<body>`, the first kind the page has. Of several elements of that
/// kind, the first that holds at least half as much text as the largest:
/// pages put teaser cards and comments in `<article>` elements too, before
/// and after the story, while a page that runs on into the next story
/// (infinite scroll) has the one asked for first.
fn pick_body(html: &Html) -> Option<ElementRef<'_>> {
    [
        "[itemprop=articleBody]",
        "article",
        "main",
        "[role=main]",
        "body",
    ]
    .iter()
    .find_map(|s| {
        let found: Vec<ElementRef<'_>> = html.select(&selector(s)).collect();
        if found.len() < 2 {
            // Most pages have one: no need to measure it.
            return found.first().copied();
        }
        let text_len = |e: &ElementRef<'_>| e.text().map(str::len).sum::<usize>();
        let lens: Vec<usize> = found.iter().map(text_len).collect();
        let largest = lens.iter().copied().max().unwrap_or(0);
        let first = lens
            .iter()
            .position(|&len| len * MIN_SHARE_OF_LARGEST >= largest);
        first.map(|i| found[i])
    })
}

/// The page's `<h1>` when it lies outside the chosen body.
fn headline<'a>(html: &'a Html, body: Option<ElementRef<'a>>) -> Option<ElementRef<'a>> {
    let h1 = html.select(&selector("h1")).next()?;
    let inside = body.is_some_and(|b| h1.ancestors().any(|a| a.id() == b.id()));
    (!inside).then_some(h1)
}

/// How far ahead a word of a node that could not be aligned is looked for:
/// the next words of a page are near, and a word that is not in the source
/// as it is would otherwise be looked for to the end of the page.
const WORD_SEARCH_BYTES: usize = 64 * 1024;

/// Text nodes that may fail to align with the source before the rest are
/// placed without trying: each failure searches thousands of regions.
const MAX_UNALIGNED_NODES: usize = 64;

struct Extractor<'s> {
    source: &'s str,
    markup: Markup<'s>,
    /// Text nodes that could not be aligned so far.
    unaligned: usize,
    text: String,
    runs: Vec<(usize, usize)>,
    cursor: usize,
    /// Regions that `<!-- calque off -->` comments in the body turn off.
    off: OffRegions,
}

impl Extractor<'_> {
    /// Push the text of `root` and everything in it, in document order.
    /// A walk over the tree's edges, not a recursion: pages can nest
    /// thousands of elements deep.
    fn element(&mut self, root: ElementRef<'_>) {
        // The furniture or script element whose subtree is being passed over.
        let mut skipping = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) if skipping.is_none() => match node.value() {
                    Node::Text(t) => self.push_text(t),
                    Node::Comment(c) => {
                        if let Some(d) = Directive::parse(c) {
                            self.off.mark(d, self.text.len());
                        }
                    }
                    Node::Element(e) => {
                        let skip = SKIP_TAGS.contains(&e.name())
                            || ElementRef::wrap(node).is_some_and(is_furniture);
                        if skip {
                            skipping = Some(node.id());
                        } else if BLOCK_TAGS.contains(&e.name()) {
                            self.end_block();
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => match skipping {
                    Some(id) if id == node.id() => skipping = None,
                    Some(_) => {}
                    None => {
                        if let Node::Element(e) = node.value() {
                            if BLOCK_TAGS.contains(&e.name()) {
                                self.end_block();
                            }
                        }
                    }
                },
                Edge::Open(_) => {}
            }
        }
    }

    fn end_block(&mut self) {
        let trimmed = self.text.trim_end_matches([' ', '\t']).len();
        self.text.truncate(trimmed);
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn push_text(&mut self, raw: &str) {
        // Collapse white space as a browser does.
        let mut words = raw.split_whitespace().peekable();
        if words.peek().is_none() {
            if !raw.is_empty() && !self.text.is_empty() && !self.text.ends_with([' ', '\n']) {
                self.text.push(' ');
            }
            return;
        }
        if raw.starts_with(char::is_whitespace)
            && !self.text.is_empty()
            && !self.text.ends_with([' ', '\n'])
        {
            self.text.push(' ');
        }
        // After many nodes that could not be aligned (a page the parser
        // rearranged, or one made to be slow), the rest are placed word by
        // word without trying.
        let points = if self.unaligned < MAX_UNALIGNED_NODES {
            self.markup.locate(raw, self.cursor)
        } else {
            None
        };
        let points = match points {
            Some((end, points)) => {
                self.cursor = end;
                Some(points)
            }
            None => {
                self.unaligned += 1;
                None
            }
        };
        let mut first = true;
        for w in words {
            if !first {
                self.text.push(' ');
            }
            match &points {
                Some(points) => {
                    // Where the word lies in the node (it is a slice of it).
                    let in_node = w.as_ptr() as usize - raw.as_ptr() as usize;
                    self.map_word(in_node, w.len(), points);
                }
                None => self.locate_word(w),
            }
            self.text.push_str(w);
            first = false;
        }
        if raw.ends_with(char::is_whitespace) {
            self.text.push(' ');
        }
    }

    /// Map the word about to be pushed, bytes `at..at + len` of its node,
    /// through the node's alignment points.
    fn map_word(&mut self, at: usize, len: usize, points: &Points) {
        let first = points.partition_point(|p| p.0 <= at).saturating_sub(1);
        let (node_at, source_at) = points[first];
        self.runs
            .push((self.text.len(), source_at + (at - node_at)));
        for &(node_at, source_at) in &points[first + 1..] {
            if node_at >= at + len {
                break;
            }
            self.runs.push((self.text.len() + node_at - at, source_at));
        }
    }

    /// Map the word about to be pushed, from a text node that could not be
    /// aligned with the source, to its next occurrence there, within
    /// [`WORD_SEARCH_BYTES`]; a word not found (it held a character
    /// reference) maps to where the search stands.
    fn locate_word(&mut self, word: &str) {
        let end = ceil_char(self.source, self.cursor + WORD_SEARCH_BYTES);
        let found = self.source[self.cursor..end].find(word);
        self.runs
            .push((self.text.len(), self.cursor + found.unwrap_or(0)));
        if let Some(i) = found {
            self.cursor += i + word.len();
        }
    }
}

fn is_furniture(el: ElementRef<'_>) -> bool {
    let v = el.value();
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    let marks = |s: &str| {
        let s = s.to_ascii_lowercase();
        SKIP_MARKERS.iter().any(|m| s.contains(m))
    };
    v.attr("class").is_some_and(marks) || v.attr("id").is_some_and(marks)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html>
<html><head><title>T</title><script>var x = "no";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<h1>Talks end without progress</h1>
<article>
<p>The minister said the talks had ended.</p>
<p>She added: &ldquo;We will return.&rdquo;</p>
<div class="share-bar">Share on Facebook</div>
</article>
<section id="comments"><h3>Leave a Reply</h3><form><textarea></textarea></form></section>
<footer>Copyright</footer>
</body></html>"#;

    #[test]
    fn extracts_the_article_body() {
        let doc = extract("p.html", PAGE.to_string()).unwrap();
        assert_eq!(
            doc.text,
            "Talks end without progress\nThe minister said the talks had ended.\nShe added: “We will return.”\n"
        );
    }

    /// A page with a story, `<article>` cards of other stories before it
    /// and comments marked up as `<article>` after it (as WordPress does).
    const CARDS_AND_COMMENTS: &str = r#"<html><body>
<header><article class="card"><h2>Markets rally</h2><p>Shares rose.</p></article></header>
<article class="post"><h1>Port strike ends</h1>
<p>Dockworkers returned to work on Tuesday after a nine-day strike that left ships waiting at anchor.</p>
<p>The union said the agreement gave workers a raise of six percent over two years.</p>
</article>
<article class="comment"><p>Good news at last.</p></article>
</body></html>"#;

    #[test]
    fn the_story_is_picked_over_teasers_and_comments() {
        let doc = extract("p.html", CARDS_AND_COMMENTS.to_string()).unwrap();
        let story = doc.text.len();
        assert!(
            doc.text.starts_with("Port strike ends\nDockworkers"),
            "{}",
            doc.text
        );
        assert!(!doc.text.contains("Shares rose") && !doc.text.contains("Good news"));
        // A page that runs on into a longer next story keeps the first.
        let next = "<article><h1>Ferry routes reopen</h1><p>Ferry operators restored every \
                    route on Wednesday, a day after the dockworkers returned, and said the \
                    timetable would be back to normal by the weekend.</p><p>Passengers who \
                    missed sailings during the strike can claim a refund until the end of the \
                    month.</p></article>";
        let page = CARDS_AND_COMMENTS.replace("</body>", &format!("{next}</body>"));
        let doc = extract("p.html", page).unwrap();
        assert!(doc.text.starts_with("Port strike ends"), "{}", doc.text);
        let alone = extract("n.html", format!("<body>{next}</body>")).unwrap();
        assert!(alone.text.len() > story, "the next story is the longer");
    }

    #[test]
    fn positions_point_into_the_html() {
        let doc = extract("p.html", PAGE.to_string()).unwrap();
        let off = doc.text.find("The minister").unwrap();
        let p = doc.position(off);
        assert_eq!((p.line, p.column), (7, 4));
    }

    #[test]
    fn every_paragraph_is_located_whatever_it_starts_with() {
        // Paragraphs opening with a quote mark, a short word or a character
        // reference, and prose after collapsed white space and references.
        let page = "<html><head><title>He</title></head><body><article>\n\
<p>A deal was agreed.</p>\n\
<p>“We agreed,   “she said.</p>\n\
<p>&ldquo;No&rdquo; came &amp; went,\r\n “he said.</p>\n\
</article></body></html>";
        let doc = extract("p.html", page.to_string()).unwrap();
        assert_eq!(
            doc.text,
            "A deal was agreed.\n“We agreed, “she said.\n“No” came & went, “he said.\n"
        );
        let at = |needle: &str, nth: usize| {
            let off = doc.text.match_indices(needle).nth(nth).unwrap().0;
            let p = doc.position(off);
            (p.line, p.column)
        };
        assert_eq!(at("A deal", 0), (2, 4));
        assert_eq!(at("“", 0), (3, 4));
        assert_eq!(at("“she", 0), (3, 18));
        assert_eq!(at("No", 0), (4, 11));
        assert_eq!(at("went", 0), (4, 32));
        assert_eq!(at("“he", 0), (5, 2));
    }

    #[test]
    fn references_read_in_part_or_as_two_characters_keep_the_map() {
        // The parser reads `&notit;` as `&not` and `it;`, and
        // `&NotEqualTilde;` as two characters.
        let page = "<p>I&notit; said &NotEqualTilde; no &amp yes</p>";
        let doc = extract("p.html", page.to_string()).unwrap();
        assert_eq!(doc.text, "I\u{ac}it; said \u{2242}\u{338} no & yes\n");
        for word in ["it;", "said", "no", "yes"] {
            let p = doc.position(doc.text.find(word).unwrap());
            assert_eq!(p.line, 1);
            assert_eq!(&page[p.column - 1..][..word.len()], word, "{word}");
        }
    }

    #[test]
    fn deep_pages_are_walked_without_recursion_and_deeper_ones_refused() {
        // As deep as is read (the pairs and the `<article>`): the walk over
        // the tree must not overflow the stack of a small thread.
        let deep = |n: usize| {
            format!(
                "<html><body><article>{}<p>He said so.</p>{}</article></body></html>",
                "<div><b>".repeat(n / 2),
                "</b></div>".repeat(n / 2)
            )
        };
        let doc = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || extract("deep.html", deep(MAX_NESTING - 2)).map(|d| d.text))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(doc.unwrap(), "He said so.\n");
        let e = extract("deeper.html", deep(MAX_NESTING))
            .unwrap_err()
            .to_string();
        assert!(e.contains("nested 10001 deep"), "{e}");
    }

    #[test]
    fn calque_off_comments_mark_regions_off() {
        let page = "<html><body><article><p>Kept.</p><!-- calque off -->\
            <blockquote><p>A quoted statement.</p></blockquote><!--calque on-->\
            <p>Kept too.</p><!-- a comment --></article></body></html>";
        let doc = extract("p.html", page.to_string()).unwrap();
        let off: Vec<&str> = doc
            .regions_off
            .iter()
            .map(|r| &doc.text[r.clone()])
            .collect();
        assert_eq!(off, ["A quoted statement.\n"]);
    }
}
