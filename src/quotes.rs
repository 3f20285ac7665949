//! A per-paragraph model of quotation marks: where each double quote sits,
//! which way its neighbours say it faces, which way its glyph faces, and the
//! role (opening or closing) that best explains the whole paragraph.
//!
//! Roles are chosen by a two-state Viterbi pass (inside / outside a
//! quotation) over the marks of one paragraph. Each mark costs nothing when
//! its role agrees with its surroundings, a little when the surroundings are
//! the kind machine translation scrambles (`contract, “he told`, `added:” The offer`),
//! and more otherwise; an unmatched mark costs a fixed penalty. The cheapest
//! reading tells apart a quote whose spacing was turned inside out from one a
//! person simply forgot to close, and from a quotation nested inside another
//! with the same marks (`“They did not “frame” the bank,” she said.`).
//!
//! Curly single quotes are classified but not paired: `’` is far more often an
//! apostrophe (`Moscow’s`, `the ’90s`, `rock ’n’ roll`, `goin’`) than a quote.

use std::ops::Range;

/// Which way a quote mark faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facing {
    Open,
    Close,
}

/// What the characters around a mark say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surround {
    /// Space or an opening bracket before, text after: `“word`.
    Open,
    /// Text before, space or closing punctuation after: `word”`, `word”.`
    Close,
    /// White space (or the paragraph edge) on both sides: `word “ word`.
    Detached,
    /// Text on both sides: `word“word`.
    Embedded,
}

/// One double quotation mark (or a curly single one) in a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteMark {
    /// Byte offset of the mark in the document text.
    pub pos: usize,
    pub ch: char,
    /// `true` for `"`, `“`, `”`, `„`; `false` for `‘`, `’`, `‚`.
    pub double: bool,
    /// The direction the glyph itself shows; `None` for straight quotes.
    pub glyph: Option<Facing>,
    pub surround: Surround,
    /// The character before the mark inside the paragraph.
    pub prev: Option<char>,
    /// The last non-space character before the mark, if a space separates them.
    pub prev_beyond_space: Option<char>,
    /// The character after the mark inside the paragraph.
    pub next: Option<char>,
    /// The first non-space character after the mark.
    pub next_beyond_space: Option<char>,
    /// The role chosen by the paragraph model (double quotes only).
    pub role: Option<Facing>,
}

impl QuoteMark {
    pub fn range(&self) -> Range<usize> {
        self.pos..self.pos + self.ch.len_utf8()
    }

    /// The direction the surroundings alone give, if they give one.
    pub fn surround_facing(&self) -> Option<Facing> {
        match self.surround {
            Surround::Open => Some(Facing::Open),
            Surround::Close => Some(Facing::Close),
            _ => None,
        }
    }
}

/// A quotation-pairing problem found while choosing roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imbalance {
    /// The opening mark at this index was followed by another opening before any close.
    OpenedTwice(usize),
    /// The closing mark at this index closes nothing.
    StrayClose(usize),
    /// The opening mark at this index is still open at the end of the paragraph,
    /// and the next paragraph does not continue the quotation.
    UnclosedAtEnd(usize),
}

fn is_open_bracket(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '<' | '/')
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '-')
}

fn is_closing_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '>' | '…'
    )
}

/// Any quote-like character, used when marks stand next to each other (`“‘`).
pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '„' | '‚' | '«' | '»' | '″'
    )
}

fn glyph_of(c: char) -> (bool, Option<Facing>) {
    match c {
        '"' => (true, None),
        '“' | '„' => (true, Some(Facing::Open)),
        '”' => (true, Some(Facing::Close)),
        '‘' | '‚' => (false, Some(Facing::Open)),
        _ => (false, Some(Facing::Close)),
    }
}

fn classify(prev: Option<char>, next: Option<char>) -> Surround {
    let left_space = prev.is_none_or(char::is_whitespace);
    let right_space = next.is_none_or(char::is_whitespace);
    if left_space && right_space {
        return Surround::Detached;
    }
    let p = prev.unwrap_or(' ');
    let n = next.unwrap_or(' ');
    // A neighbouring quote counts by its own glyph: `“‘Wait` opens, `no’”` closes.
    let left_opens =
        left_space || is_open_bracket(p) || (is_quote_char(p) && !matches!(p, '”' | '’' | '»'));
    let right_closes = right_space
        || is_closing_punct(n)
        || (is_quote_char(n) && !matches!(n, '“' | '‘' | '„' | '‚' | '«'));
    match (left_opens, right_closes) {
        (true, false) => Surround::Open,
        (false, true) => Surround::Close,
        // ` ”.` — a space before closing punctuation: the mark closes, badly spaced.
        (true, true) if left_space => Surround::Close,
        (true, true) => Surround::Embedded,
        (false, false) => {
            // A dash sits on either side of a quotation: `said—“no”—and`.
            if is_dash(p) && !is_dash(n) {
                Surround::Open
            } else if is_dash(n) && !is_dash(p) {
                Surround::Close
            } else {
                Surround::Embedded
            }
        }
    }
}

/// Collect the quote marks of `text[range]`.
pub fn scan(text: &str, range: Range<usize>, out: &mut Vec<QuoteMark>) {
    let para = &text[range.clone()];
    let bytes = para.as_bytes();
    // Straight double quotes seen so far: their parity tells an inch mark (`6'2"`)
    // from a closing quote.
    let mut straight_seen = 0usize;
    // Curly double quotes open at this point of the paragraph (closes beyond
    // the opens belong to a quotation opened in an earlier paragraph). With
    // none open, a `”` between a digit and a space is an inch mark that a
    // smart-quote pass turned (`a 65” screen`), not the close of a quotation
    // (`“Vision 2030” is`); so is a plural possessive (`the Lakers” website`).
    let mut curly_open = 0usize;
    for i in memchr::memchr2_iter(b'"', 0xE2, bytes) {
        let Some(ch) = para[i..].chars().next() else {
            continue;
        };
        if !matches!(ch, '"' | '“' | '”' | '„' | '‘' | '’' | '‚') {
            continue;
        }
        let before = &para[..i];
        let after = &para[i + ch.len_utf8()..];
        let prev = before.chars().next_back();
        let next = after.chars().next();
        // `the Lakers" official website`: a plural possessive apostrophe
        // typed as a straight quote (and perhaps turned curly by a
        // smart-quote pass), outside any quotation.
        let possessive = || {
            prev == Some('s')
                && next.is_some_and(char::is_whitespace)
                && after.trim_start().starts_with(char::is_lowercase)
        };
        if ch == '"' {
            let after_digit = prev.is_some_and(|c| c.is_ascii_digit())
                || (matches!(prev, Some('\'' | '′'))
                    && before[..before.len() - 1]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_digit()));
            let ends_word = next.is_none_or(|c| !c.is_alphanumeric());
            if (after_digit && ends_word || possessive()) && straight_seen.is_multiple_of(2) {
                continue; // an inch mark or an apostrophe
            }
            straight_seen += 1;
        } else if ch == '”' {
            // A quotation opened in an earlier paragraph may close after a
            // number too, but then punctuation follows (`in 2020”, he said`).
            let after_digit = prev.is_some_and(|c| c.is_ascii_digit());
            let space_next = next.is_some_and(char::is_whitespace);
            if (after_digit && space_next || possessive()) && curly_open == 0 {
                continue; // an inch mark or an apostrophe
            }
            curly_open = curly_open.saturating_sub(1);
        } else if matches!(ch, '“' | '„') {
            curly_open += 1;
        }
        let (double, glyph) = glyph_of(ch);
        let prev_beyond_space = if prev.is_some_and(char::is_whitespace) {
            before.trim_end().chars().next_back()
        } else {
            None
        };
        let next_beyond_space = after.trim_start().chars().next();
        // Nested marks (`“‘Wait`, `no.’”`) face the way the text beyond them says.
        let outer_prev = before.chars().rev().find(|&c| !is_quote_char(c));
        let outer_next = after.chars().find(|&c| !is_quote_char(c));
        out.push(QuoteMark {
            pos: range.start + i,
            ch,
            double,
            glyph,
            surround: classify(outer_prev, outer_next),
            prev,
            prev_beyond_space,
            next,
            next_beyond_space,
            role: None,
        });
    }
}

/// Cost of an unmatched mark (a quotation opened twice, or a stray close).
const UNMATCHED: f32 = 2.0;
/// Cost of ending a paragraph inside a quotation the next paragraph does not continue.
const UNCLOSED_AT_END: f32 = 0.6;

/// Cost of giving `mark` the role `role`, from its surroundings and glyph.
fn role_cost(mark: &QuoteMark, role: Facing) -> f32 {
    let surround = mark.surround_facing();
    // The surface reading: surroundings first, the glyph where they are silent.
    // When the two disagree neither is trusted more (`here, ”he`, `diplomacy “.`).
    let surface = match (surround, mark.glyph) {
        (Some(s), Some(g)) if s != g => None,
        (Some(s), _) => Some(s),
        (None, g) => g,
    };
    match surface {
        None => 0.0,
        Some(s) if s == role => 0.0,
        Some(_) if surround.is_none() => 0.5, // detached or embedded: glyph only
        Some(Facing::Open) => {
            // Reading an opening-looking mark as a close: `1997, “he told`.
            let after_punct = mark
                .prev_beyond_space
                .is_some_and(|c| matches!(c, ',' | '.' | ';' | ':' | '?' | '!'));
            let lower_next = mark.next.is_some_and(char::is_lowercase);
            match (after_punct, lower_next) {
                (true, true) => 0.3,
                (true, false) | (false, true) => 1.2,
                (false, false) => 1.8,
            }
        }
        Some(Facing::Close) => {
            // Reading a closing-looking mark as an open: `added:” The offer`.
            // A quotation starts with a capital; `," the pope` is an attribution.
            let capital_next = mark.next_beyond_space.is_some_and(char::is_uppercase);
            match mark.prev {
                Some(':') => 0.3,
                Some(',' | '.' | ';' | '?' | '!') if capital_next => 1.2,
                _ => 2.4,
            }
        }
    }
}

/// Cost of a quotation that runs on into the next paragraph without being
/// reopened there (sentence-per-line copy splits quotations this way).
const CARRIED_OVER: f32 = 0.2;
/// Cost of a paragraph that starts inside a quotation whose opening mark was
/// lost (scraped copy drops the mark that reopens a quoted paragraph).
const REOPENING_LOST: f32 = 1.0;
/// Cost of a document that starts inside a quotation (a truncated excerpt).
const STARTS_INSIDE: f32 = 1.0;
/// Cost of a quotation nested inside another with the same marks.
const NESTED: f32 = 1.0;
/// Pairing states: outside, inside, inside a quotation nested with the same
/// marks, and inside the outer quotation again once the nested one closed.
const STATES: usize = 4;
/// Quotation depth of each pairing state.
const DEPTH: [u8; STATES] = [0, 1, 2, 1];

/// Choose roles for the double quotes of a document. Each of `breaks` is a
/// paragraph break, in order: the index of the paragraph's first mark and
/// whether the paragraph opens with a quote (news style for a quotation
/// continued from the paragraph before, which then needs no closing mark).
fn assign_roles(
    marks: &mut [QuoteMark],
    breaks: &[(usize, bool)],
    imbalances: &mut Vec<Imbalance>,
) {
    #[derive(Clone, Copy)]
    enum Step {
        Mark(usize),
        Break { reopened: bool },
    }
    let mut steps = Vec::with_capacity(marks.len() + breaks.len());
    let mut next_break = breaks.iter().peekable();
    for (i, m) in marks.iter().enumerate() {
        while let Some(&&(at, reopened)) = next_break.peek() {
            if at > i {
                break;
            }
            steps.push(Step::Break { reopened });
            next_break.next();
        }
        if m.double {
            steps.push(Step::Mark(i));
        }
    }
    if !steps.iter().any(|s| matches!(s, Step::Mark(_))) {
        return;
    }
    // cost[state] after each step; back[k][state] = state before step k.
    // States: 0 outside, 1 inside, 2 inside a quotation nested with the same
    // marks (`"sweeping "national security" legislation"`), 3 inside the
    // outer quotation after the nested one closed. State 3 must be closed
    // by a mark, not by a paragraph break, so a forgotten close (`“We will
    // go, he said. “And we will win.”`) is not read as a nested quotation.
    // An excerpt may begin inside a quotation: its first close then matches.
    let mut cost = [0.0f32, STARTS_INSIDE, f32::INFINITY, f32::INFINITY];
    let mut back: Vec<[usize; STATES]> = Vec::with_capacity(steps.len());
    for step in &steps {
        let mut next = [f32::INFINITY; STATES];
        let mut from = [0usize; STATES];
        let mut relax = |to: usize, c: f32, prev: usize| {
            if c < next[to] {
                next[to] = c;
                from[to] = prev;
            }
        };
        match *step {
            Step::Mark(i) => {
                let open = role_cost(&marks[i], Facing::Open);
                let close = role_cost(&marks[i], Facing::Close);
                relax(1, cost[0] + open, 0);
                // Straight quotes may nest whatever their spacing; a curly
                // mark only where glyph and spacing both say it opens
                // (`did not “frame” the bank,”`): a smart-quote pass turns
                // straight quotes nested by the writer into these.
                if marks[i].ch == '"' || open == 0.0 {
                    relax(2, cost[1] + open + NESTED, 1);
                    relax(2, cost[3] + open + NESTED, 3);
                }
                relax(1, cost[1] + open + UNMATCHED, 1);
                relax(2, cost[2] + open + UNMATCHED, 2);
                relax(3, cost[3] + open + UNMATCHED, 3);
                relax(0, cost[1] + close, 1);
                relax(3, cost[2] + close, 2);
                // A curly outer quotation that nested curly marks closes
                // cleanly too; `sign? “the envoy asked.” Nobody can tell. “`
                // is scrambled spacing, not a nested quotation.
                let scrambled_close = if marks[i].ch != '"' && close > 0.0 {
                    UNMATCHED
                } else {
                    0.0
                };
                relax(0, cost[3] + close + scrambled_close, 3);
                relax(0, cost[0] + close + UNMATCHED, 0);
            }
            Step::Break { reopened } => {
                let closed_by_break = if reopened { 0.0 } else { UNCLOSED_AT_END };
                let closed_after_nested = if reopened { 0.0 } else { UNMATCHED };
                relax(0, cost[0], 0);
                relax(0, cost[1] + closed_by_break, 1);
                relax(0, cost[2] + closed_by_break, 2);
                relax(0, cost[3] + closed_after_nested, 3);
                relax(1, cost[1] + CARRIED_OVER, 1);
                relax(1, cost[0] + REOPENING_LOST, 0);
                relax(2, cost[2] + CARRIED_OVER, 2);
                relax(3, cost[3] + CARRIED_OVER, 3);
            }
        }
        cost = next;
        back.push(from);
    }
    // A quotation still open at the end of the text costs nothing: excerpts
    // and scraped copies are often cut off mid-quotation.
    // Ending inside a nested quotation, or inside the outer one just after
    // the nested one closed, is as unlikely as an unmatched mark.
    cost[2] += UNMATCHED;
    cost[3] += UNMATCHED;
    let mut state = (0..STATES)
        .min_by(|&x, &y| cost[x].total_cmp(&cost[y]))
        .unwrap_or(0);
    // Walk back, recording each step's (state before, state after).
    let mut path = vec![(0, 0); steps.len()];
    for k in (0..steps.len()).rev() {
        let prev = back[k][state];
        path[k] = (prev, state);
        state = prev;
    }
    // Open marks by depth, to name the quotation an imbalance belongs to.
    let mut open_stack: Vec<usize> = Vec::new();
    for (step, &(before, after)) in steps.iter().zip(&path) {
        match *step {
            Step::Mark(i) => {
                let (before, after) = (DEPTH[before], DEPTH[after]);
                let role = if after > before || (after == before && after > 0) {
                    Facing::Open
                } else {
                    Facing::Close
                };
                marks[i].role = Some(role);
                match role {
                    Facing::Open => {
                        if after == before {
                            imbalances.extend(open_stack.pop().map(Imbalance::OpenedTwice));
                        }
                        open_stack.push(i);
                    }
                    Facing::Close => {
                        if before == 0 {
                            imbalances.push(Imbalance::StrayClose(i));
                        }
                        open_stack.pop();
                    }
                }
            }
            Step::Break { reopened } => {
                if DEPTH[after] < DEPTH[before] {
                    if !reopened {
                        imbalances.extend(open_stack.last().copied().map(Imbalance::UnclosedAtEnd));
                    }
                    open_stack.clear();
                }
            }
        }
    }
}

/// The offset of the first byte at or after `from` that may begin a quote
/// mark `scan` collects (`"`, or the lead byte 0xE2 of the curly ones), or
/// `bytes.len()` if there is none.
fn next_candidate(bytes: &[u8], from: usize) -> usize {
    memchr::memchr2(b'"', 0xE2, &bytes[from..]).map_or(bytes.len(), |i| from + i)
}

/// Does this paragraph open with a double quote (news style for a quotation
/// continued from the previous paragraph)?
pub fn starts_with_quote(text: &str) -> bool {
    text.trim_start().starts_with(['"', '“', '„'])
}

/// The quote marks of a document's paragraphs with their chosen roles.
#[derive(Debug, Default, Clone)]
pub struct DocumentQuotes {
    /// Marks in text order.
    pub marks: Vec<QuoteMark>,
    pub imbalances: Vec<Imbalance>,
}

impl DocumentQuotes {
    /// Scan and pair the quotes of the given paragraphs of `text`, in order.
    pub fn new<'r>(text: &str, paragraphs: impl IntoIterator<Item = &'r Range<usize>>) -> Self {
        let bytes = text.as_bytes();
        let mut marks: Vec<QuoteMark> = Vec::new();
        // A break before every paragraph after the first double quote. Breaks
        // before it leave the pairing model where it starts (outside, or inside
        // an excerpt's quotation at the same cost), so they are not recorded.
        let mut breaks = Vec::new();
        let mut seen_double = false;
        // The next byte at or after the current paragraph that may begin a
        // quote mark: most paragraphs have none, and one search passes them all.
        let mut candidate = next_candidate(bytes, 0);
        let mut paragraphs = paragraphs.into_iter();
        while let Some(range) = paragraphs.next() {
            if seen_double {
                breaks.push((marks.len(), starts_with_quote(&text[range.clone()])));
            }
            if candidate < range.start {
                candidate = next_candidate(bytes, range.start);
            }
            if candidate >= range.end {
                continue;
            }
            let first_new = marks.len();
            scan(text, range.clone(), &mut marks);
            if !seen_double && marks[first_new..].iter().any(|m| m.double) {
                seen_double = true;
                breaks.reserve(paragraphs.size_hint().0);
            }
            candidate = next_candidate(bytes, range.end);
        }
        neutralise_lone_glyph(&mut marks);
        let mut imbalances = Vec::new();
        if seen_double {
            assign_roles(&mut marks, &breaks, &mut imbalances);
        }
        Self { marks, imbalances }
    }
}

/// A document that uses only one curly double glyph uses it as a neutral
/// mark, like a straight quote (`“four to six months“`).
fn neutralise_lone_glyph(marks: &mut [QuoteMark]) {
    let has_open = marks.iter().any(|m| matches!(m.ch, '“' | '„'));
    let has_close = marks.iter().any(|m| m.ch == '”');
    if has_open != has_close {
        for m in marks.iter_mut().filter(|m| m.double) {
            m.glyph = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> (Vec<(char, Option<Facing>)>, Vec<Imbalance>) {
        let whole = 0..text.len();
        let dq = DocumentQuotes::new(text, std::iter::once(&whole));
        (
            dq.marks.iter().map(|m| (m.ch, m.role)).collect(),
            dq.imbalances,
        )
    }

    /// The role chosen for each mark of `text`, and the imbalances found.
    fn facings(text: &str) -> (Vec<Facing>, Vec<Imbalance>) {
        let (r, imb) = roles(text);
        (r.iter().map(|x| x.1.unwrap()).collect(), imb)
    }

    #[test]
    fn balanced_quotes_alternate() {
        let (f, imb) = facings("“We will go,” she said, “and we will win.”");
        assert_eq!(
            f,
            [Facing::Open, Facing::Close, Facing::Open, Facing::Close]
        );
        assert!(imb.is_empty());
    }

    #[test]
    fn inside_out_space_is_read_as_a_close() {
        let (f, imb) = facings("“We will not go back to 1990, “he said. “Never.”");
        assert_eq!(
            f,
            [Facing::Open, Facing::Close, Facing::Open, Facing::Close]
        );
        assert!(imb.is_empty());
    }

    #[test]
    fn forgotten_close_is_an_imbalance_not_a_flip() {
        let (f, imb) = facings("“We will go, he said. “And we will win.”");
        assert_eq!(f, [Facing::Open, Facing::Open, Facing::Close]);
        assert_eq!(imb, [Imbalance::OpenedTwice(0)]);
    }

    #[test]
    fn straight_quotes_nest() {
        let (_, imb) = roles("More \"sweeping and vague \"national security\" laws\" than this.");
        assert!(imb.is_empty());
    }

    #[test]
    fn curly_quotes_nest_when_every_mark_is_spaced_as_its_glyph_faces() {
        let (f, imb) = facings("“They did not “frame” the bank,” the ministry said.");
        assert_eq!(
            f,
            [Facing::Open, Facing::Open, Facing::Close, Facing::Close]
        );
        assert!(imb.is_empty());
    }

    #[test]
    fn nested_reading_needs_a_clean_outer_close() {
        // The last mark faces the wrong way, so the middle pair is the
        // scrambled close and reopening of one quotation, not a nested one.
        let (f, _) = facings("“Will they sign? “the envoy asked.” Nobody can tell. “");
        assert_eq!(f[3], Facing::Close);
        assert_ne!(f[1..3], [Facing::Open, Facing::Close]);
    }

    /// Pair the quotes of `text`, whose paragraphs are separated by blank lines.
    fn paragraph_quotes(text: &str) -> DocumentQuotes {
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for (at, _) in text.match_indices("\n\n") {
            paragraphs.push(start..at);
            start = at + 2;
        }
        paragraphs.push(start..text.len());
        DocumentQuotes::new(text, paragraphs.iter())
    }

    #[test]
    fn forgotten_close_before_another_paragraph_is_an_imbalance() {
        for text in [
            "“We will go, he said. “And we will win.”\n\nThe talks end on Friday.",
            "\"We will go, he said. \"And we will win.\"\n\nThe talks end on Friday.",
        ] {
            let dq = paragraph_quotes(text);
            assert_eq!(dq.imbalances, [Imbalance::OpenedTwice(0)], "{text}");
        }
    }

    #[test]
    fn nested_quotation_may_run_on_into_an_unopened_paragraph() {
        let dq = paragraph_quotes(
            "\"I saw the \"new\" stall; it sold out.\n\nThen the \"old\" one closed,\" she said.",
        );
        assert!(dq.imbalances.is_empty(), "{:?}", dq.imbalances);
    }

    #[test]
    fn inch_marks_are_not_quotes() {
        let (r, _) = roles("He is 6'2\" tall and said \"hello\".");
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn curly_inch_marks_are_not_quotes() {
        let (r, imb) = roles("The 65” screen and the 20x16” print sold out.");
        assert!(r.is_empty() && imb.is_empty(), "{r:?}");
        // Inside a quotation, or before punctuation, `”` after a number closes it.
        let (r, imb) = roles("Its name is “Vision 2030” and it has a budget.");
        assert_eq!(r.len(), 2);
        assert!(imb.is_empty());
        let dq = paragraph_quotes("“I had no idea.\n\nNot in 2020”, she said.");
        assert_eq!(dq.marks.len(), 2);
        assert!(dq.imbalances.is_empty(), "{:?}", dq.imbalances);
    }

    /// The plain model: every paragraph scanned, a break before each but the first.
    fn plain_document_quotes(text: &str, paragraphs: &[Range<usize>]) -> DocumentQuotes {
        let mut marks = Vec::new();
        let mut breaks = Vec::new();
        for (k, range) in paragraphs.iter().enumerate() {
            if k > 0 {
                breaks.push((marks.len(), starts_with_quote(&text[range.clone()])));
            }
            scan(text, range.clone(), &mut marks);
        }
        neutralise_lone_glyph(&mut marks);
        let mut imbalances = Vec::new();
        assign_roles(&mut marks, &breaks, &mut imbalances);
        DocumentQuotes { marks, imbalances }
    }

    #[test]
    fn skipping_quoteless_paragraphs_and_leading_breaks_changes_nothing() {
        let texts = [
            "No quotes here.\nNone here either.\n“Open only\nstill going,” he said.",
            "He said—\nwhat? it’s fine.\nended inside.” Then “another\n“reopened here.”",
            "Plain.\n\nStill plain.\nShe said \"yes\" and \"no.\nNext \"one\" here.\nTail.",
            "“A\nB\n“C”\nD” and ” stray\nE “ detached\n6'2\" tall\nthe Lakers\" site",
            "",
            "just one line with ’90s and rock ’n’ roll",
        ];
        for text in texts {
            let mut paragraphs = Vec::new();
            let mut start = 0;
            for line in text.split('\n') {
                if !line.is_empty() {
                    paragraphs.push(start..start + line.len());
                }
                start += line.len() + 1;
            }
            let fast = DocumentQuotes::new(text, &paragraphs);
            let plain = plain_document_quotes(text, &paragraphs);
            assert_eq!(fast.marks, plain.marks, "{text}");
            assert_eq!(fast.imbalances, plain.imbalances, "{text}");
        }
    }

    #[test]
    fn apostrophes_are_single_marks_without_roles() {
        let (r, imb) = roles("Moscow’s rock ’n’ roll of the ’90s, goin’ home.");
        assert!(r.iter().all(|x| x.1.is_none()));
        assert!(imb.is_empty());
    }
}
