//! A per-paragraph model of quotation marks: where each double quote sits,
//! which way its neighbours say it faces, which way its glyph faces, and the
//! role (opening or closing) that best explains the whole paragraph.
//!
//! Roles are chosen by a two-state Viterbi pass (inside / outside a
//! quotation) over the marks of one paragraph. Each mark costs nothing when
//! its role agrees with its surroundings, a little when the surroundings are
//! the kind machine translation scrambles (`1997, “he told`, `added:” Moscow`),
//! and more otherwise; an unmatched mark costs a fixed penalty. The cheapest
//! reading tells apart a quote whose spacing was turned inside out from one a
//! person simply forgot to close.
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
        if ch == '"' {
            let after_digit = prev.is_some_and(|c| c.is_ascii_digit())
                || (matches!(prev, Some('\'' | '′'))
                    && before[..before.len() - 1]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_digit()));
            let ends_word = next.is_none_or(|c| !c.is_alphanumeric());
            if after_digit && ends_word && straight_seen % 2 == 0 {
                continue; // an inch mark
            }
            straight_seen += 1;
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
            // Reading a closing-looking mark as an open: `added:” Moscow`.
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

/// Choose roles for the double quotes of a document. `breaks[k]` is the index
/// of the first mark of paragraph `k + 1` and whether that paragraph opens
/// with a quote (news style for a quotation continued from the paragraph
/// before, which then needs no closing mark).
fn assign_roles(
    marks: &mut [QuoteMark],
    breaks: &[(usize, bool)],
    imbalances: &mut Vec<Imbalance>,
) {
    const OUT: usize = 0;
    const IN: usize = 1;
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
    // An excerpt may begin inside a quotation: its first close then matches.
    let mut cost = [0.0f32, STARTS_INSIDE];
    let mut back: Vec<[usize; 2]> = Vec::with_capacity(steps.len());
    let pick = |a: (f32, usize), b: (f32, usize)| if a.0 <= b.0 { a } else { b };
    for step in &steps {
        let (out_best, in_best) = match *step {
            Step::Mark(i) => {
                let open = role_cost(&marks[i], Facing::Open);
                let close = role_cost(&marks[i], Facing::Close);
                (
                    pick((cost[IN] + close, IN), (cost[OUT] + close + UNMATCHED, OUT)),
                    pick((cost[OUT] + open, OUT), (cost[IN] + open + UNMATCHED, IN)),
                )
            }
            Step::Break { reopened } => {
                let closed_by_break = if reopened { 0.0 } else { UNCLOSED_AT_END };
                (
                    pick((cost[OUT], OUT), (cost[IN] + closed_by_break, IN)),
                    pick(
                        (cost[IN] + CARRIED_OVER, IN),
                        (cost[OUT] + REOPENING_LOST, OUT),
                    ),
                )
            }
        };
        cost = [out_best.0, in_best.0];
        back.push([out_best.1, in_best.1]);
    }
    // A quotation still open at the end of the text costs nothing: excerpts
    // and scraped copies are often cut off mid-quotation.
    let mut state = if cost[OUT] <= cost[IN] { OUT } else { IN };
    // Walk back, recording each step's (state before, state after).
    let mut path = vec![(OUT, OUT); steps.len()];
    for k in (0..steps.len()).rev() {
        let prev = back[k][state];
        path[k] = (prev, state);
        state = prev;
    }
    let mut last_open: Option<usize> = None;
    for (step, &(before, after)) in steps.iter().zip(&path) {
        match *step {
            Step::Mark(i) => {
                let role = if after == IN {
                    Facing::Open
                } else {
                    Facing::Close
                };
                marks[i].role = Some(role);
                match (role, before) {
                    (Facing::Open, IN) => {
                        imbalances.extend(last_open.map(Imbalance::OpenedTwice));
                        last_open = Some(i);
                    }
                    (Facing::Open, _) => last_open = Some(i),
                    (Facing::Close, OUT) => imbalances.push(Imbalance::StrayClose(i)),
                    (Facing::Close, _) => last_open = None,
                }
            }
            Step::Break { reopened } => {
                if before == IN && after == OUT {
                    if !reopened {
                        imbalances.extend(last_open.map(Imbalance::UnclosedAtEnd));
                    }
                    last_open = None;
                }
            }
        }
    }
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
        let mut marks = Vec::new();
        let mut breaks = Vec::new();
        for (k, range) in paragraphs.into_iter().enumerate() {
            if k > 0 {
                breaks.push((marks.len(), starts_with_quote(&text[range.clone()])));
            }
            scan(text, range.clone(), &mut marks);
        }
        // A document that uses only one curly double glyph uses it as a neutral
        // mark, like a straight quote (`“four to six months“`).
        let has_open = marks.iter().any(|m| matches!(m.ch, '“' | '„'));
        let has_close = marks.iter().any(|m| m.ch == '”');
        if has_open != has_close {
            for m in marks.iter_mut().filter(|m| m.double) {
                m.glyph = None;
            }
        }
        let mut imbalances = Vec::new();
        assign_roles(&mut marks, &breaks, &mut imbalances);
        Self { marks, imbalances }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> (Vec<(char, Option<Facing>)>, Vec<Imbalance>) {
        let dq = DocumentQuotes::new(text, &[0..text.len()]);
        (
            dq.marks.iter().map(|m| (m.ch, m.role)).collect(),
            dq.imbalances,
        )
    }

    #[test]
    fn balanced_quotes_alternate() {
        let (r, imb) = roles("“We will go,” she said, “and we will win.”");
        let f: Vec<_> = r.iter().map(|x| x.1.unwrap()).collect();
        assert_eq!(
            f,
            [Facing::Open, Facing::Close, Facing::Open, Facing::Close]
        );
        assert!(imb.is_empty());
    }

    #[test]
    fn inside_out_space_is_read_as_a_close() {
        let (r, imb) = roles("“We will not go back to 1990, “he said. “Never.”");
        let f: Vec<_> = r.iter().map(|x| x.1.unwrap()).collect();
        assert_eq!(
            f,
            [Facing::Open, Facing::Close, Facing::Open, Facing::Close]
        );
        assert!(imb.is_empty());
    }

    #[test]
    fn forgotten_close_is_an_imbalance_not_a_flip() {
        let (r, imb) = roles("“We will go, he said. “And we will win.”");
        let f: Vec<_> = r.iter().map(|x| x.1.unwrap()).collect();
        assert_eq!(f, [Facing::Open, Facing::Open, Facing::Close]);
        assert_eq!(imb, [Imbalance::OpenedTwice(0)]);
    }

    #[test]
    fn inch_marks_are_not_quotes() {
        let (r, _) = roles("He is 6'2\" tall and said \"hello\".");
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn apostrophes_are_single_marks_without_roles() {
        let (r, imb) = roles("Moscow’s rock ’n’ roll of the ’90s, goin’ home.");
        assert!(r.iter().all(|x| x.1.is_none()));
        assert!(imb.is_empty());
    }
}
