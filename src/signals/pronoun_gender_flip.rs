//! MT001 `pronoun-gender-flip`: a pronoun whose gender contradicts the person
//! it most likely refers to.
//!
//! **What it finds.** A `he`/`she`/`his`/`her`/`him`/`himself`/`herself`
//! that, by a salience model of news prose (speaker attributions, the subject
//! of the previous sentences, distance, quotations; a `his`, `himself` or
//! `herself` after its own sentence's subject, with no one mentioned between
//! them, is that subject's), refers to a named person whose gender the article
//! establishes otherwise: by first name (an international first-name table),
//! by title (`Ms.`, `Mr`), by a gendered role noun (`spokeswoman`), or, for
//! people with no such cue, by the pronouns the article consistently uses for
//! them.
//!
//! **Why it points to machine translation.** Many languages drop subject
//! pronouns (Spanish, Czech, Japanese, Chinese, Turkish, ...) or do not mark
//! gender on them. A translation into English has to guess the pronoun, and
//! systems default to `he`. Articles round-tripped through such a language
//! come back with "She also noted" turned into "He also noted" about a named
//! woman. Human writers almost never make this mistake.
//!
//! **Precision.** It does not flag pronouns inside quotations, generic
//! "he or she", people of different genders who are equally likely
//! referents, or pronouns near an unnamed person ("the driver ... he"),
//! unless the pronoun is a possessive bound to its own sentence's subject
//! ("Okafor did not explain his criticism").
//!
//! **Example.**
//! `Wendy Sherman said the talks were useful. He also noted that ...`
//! flags `He`: it most likely refers to Wendy Sherman, introduced as female
//! (first name Wendy).

use std::fmt::Write as _;

use crate::people::{self, Cue, CueKind, Mention, People, Person, STRONG_GENDER};
use crate::signals::{Context, Related, Signal, SignalInfo, SignalOutput};
use crate::text::{ascii_word_hashes, Analysis, TokenKind};

pub struct PronounGenderFlip;

static INFO: SignalInfo = SignalInfo {
    code: "MT001",
    name: "pronoun-gender-flip",
    summary: "A pronoun's gender contradicts the named person it most likely refers to",
    doc: "Finds `he`/`she`/`his`/`her`/`him`/`himself`/`herself` that, by a salience model of \
news prose (speaker attributions, subject of the previous sentences, distance, quotations; \
a `his`, `himself` or `herself` after its own sentence's subject, with no one mentioned \
between them, is that subject's), refer to a named person whose gender the article establishes otherwise: by first name, by \
title (`Ms.`, `Mr`), by a gendered role noun (`spokeswoman`), or by the pronouns the article \
consistently uses for that person.\n\n\
Languages that drop or neutralise subject pronouns (Spanish, Czech, Japanese, Chinese, \
Turkish, ...) force a translation back into English to guess the pronoun, and systems default \
to `he`: a round-tripped article turns \"She also noted\" about a named woman into \"He also \
noted\". Human writers almost never do this.\n\n\
Not flagged: pronouns inside quotations, generic \"he or she\", two people of different \
genders who are equally likely referents, pronouns near an unnamed person (\"the driver ... \
he\") unless bound to their own sentence's subject (\"Okafor did not explain his \
criticism\").\n\n\
Example: `Wendy Sherman said the talks were useful. He also noted that ...` flags `He`: it \
most likely refers to Wendy Sherman, introduced as female (first name Wendy).",
    default_weight: 1.5,
};

/// Sentences before the pronoun that can hold its antecedent.
const WINDOW_SENTENCES: usize = 3;
/// Mentions, and earlier pronouns, looked back at for one pronoun (and
/// mentions looked ahead at for cataphora, and unresolved pronouns for
/// orphans): more than a window of prose holds, and a bound on the work in
/// a text without sentence breaks, where the window would be the text (on
/// WMT 2021 and 2022 a bound of 24 already changes no report).
const WINDOW_ITEMS: usize = 64;
/// A flagged referent must be at least this salient: the subject of the
/// sentence before, even across a paragraph break (160 x 0.5 x 0.75), since
/// news sets most sentences in a paragraph of their own...
const MIN_SALIENCE: f32 = 60.0;
/// ...and every referent compatible with the pronoun below this share of it.
const COMPETITOR_SHARE: f32 = 0.25;
/// Any compatible referent this salient (a subject one sentence back, an
/// object in the same sentence) makes the reading ambiguous.
const RIVAL_FLOOR: f32 = 30.0;
/// Narrative sentences during which an unresolvable pronoun blocks flags of
/// its gender.
const ORPHAN_MEMORY: usize = 6;
/// Possessive and object pronouns bind more locally: a stricter bar.
const COMPETITOR_SHARE_OBJECT: f32 = 0.15;

impl Signal for PronounGenderFlip {
    fn info(&self) -> &'static SignalInfo {
        &INFO
    }

    fn check(&self, analysis: &Analysis, ctx: &Context, out: &mut SignalOutput) {
        let flips = find_flips(analysis);
        let mut count = 0;
        for flip in flips {
            // An allowed name covers every flip about that person.
            if ctx.config.allows(&flip.person_name)
                || ctx.allows(analysis.text(), flip.pronoun.clone())
            {
                continue;
            }
            count += 1;
            let mut f = self.finding(flip.pronoun.clone(), flip.message);
            f.related = flip.related;
            out.findings.push(f);
        }
        out.feature("MT001.rate", analysis.per_thousand_words(count));
        out.feature("MT001.count", count as f64);
    }
}

/// One flagged pronoun.
#[derive(Debug, Clone)]
pub struct Flip {
    pub pronoun: std::ops::Range<usize>,
    pub person_name: String,
    pub message: String,
    pub related: Vec<Related>,
}

#[derive(Debug, Clone, Copy)]
struct Pronoun {
    token: usize,
    sentence: usize,
    paragraph: usize,
    female: bool,
    /// `he`/`she` rather than `his`/`her`/`him`/...
    subject: bool,
    /// Followed by a speech verb: "he said".
    speaker: bool,
    /// `his`, `himself` or `herself`: read as its own clause's subject's
    /// when it follows that subject (see [`local_subject`]).
    binds_to_subject: bool,
}

/// A pronoun that has been read as referring to someone.
#[derive(Debug, Clone, Copy)]
struct Resolved {
    pronoun: Pronoun,
    person: usize,
}

/// What a pass learns about each person from the pronouns resolved to them.
#[derive(Debug, Clone, Default)]
struct PronounUse {
    female: usize,
    male: usize,
    first_female: Option<usize>,
    first_male: Option<usize>,
}

/// The words [`pronoun_gender`] knows, in lower case.
const PRONOUNS: [&str; 8] = [
    "he", "she", "him", "his", "himself", "her", "hers", "herself",
];

/// [`word_hash`](crate::text::word_hash)es of [`PRONOUNS`]: a word whose
/// hash is none of them is no pronoun.
const PRONOUN_HASHES: [u64; PRONOUNS.len()] = ascii_word_hashes(&PRONOUNS);

/// Bit `hash >> 58` set for each of [`PRONOUN_HASHES`], and bit
/// `hash >> 52 & 63` in the second word: a hash with either bit clear (nearly
/// every word, and punctuation, whose hash is 0) is no pronoun's. Two
/// constants rather than a table, so that the test loads nothing.
const PRONOUN_BITS: [u64; 2] = {
    let mut bits = [0; 2];
    let mut k = 0;
    while k < PRONOUN_HASHES.len() {
        bits[0] |= 1 << (PRONOUN_HASHES[k] >> 58);
        bits[1] |= 1 << (PRONOUN_HASHES[k] >> 52 & 63);
        k += 1;
    }
    bits
};

/// Can `hash` be a pronoun's? `false` settles that it is not.
#[inline]
fn may_be_pronoun(hash: u64) -> bool {
    // Two tests, not one on both bits: most hashes stop at the first.
    PRONOUN_BITS[0] >> (hash >> 58) & 1 != 0 && PRONOUN_BITS[1] >> (hash >> 52 & 63) & 1 != 0
}

fn pronoun_gender(word: &str) -> Option<(bool, bool)> {
    // (female, subject case)
    let w = word;
    // Every pronoun starts with h or s: most words stop here.
    if !matches!(w.as_bytes().first(), Some(b'h' | b'H' | b's' | b'S')) {
        return None;
    }
    if w.eq_ignore_ascii_case("he") {
        Some((false, true))
    } else if w.eq_ignore_ascii_case("she") {
        Some((true, true))
    } else if ["him", "his", "himself"]
        .iter()
        .any(|p| w.eq_ignore_ascii_case(p))
    {
        Some((false, false))
    } else if ["her", "hers", "herself"]
        .iter()
        .any(|p| w.eq_ignore_ascii_case(p))
    {
        Some((true, false))
    } else {
        None
    }
}

/// "he or she", "his/her", "him or her": generic, not about anyone.
fn is_generic(a: &Analysis, i: usize) -> bool {
    let joiner = |j: usize| matches!(a.tok(j), "/" | "or" | "and");
    let is_pronoun = |j: usize| pronoun_gender(a.tok(j)).is_some() || a.tok(j) == "(s)he";
    (i + 2 < a.tokens.len() && joiner(i + 1) && is_pronoun(i + 2))
        || (i >= 2 && joiner(i - 1) && is_pronoun(i - 2))
}

/// A pronoun token before the quotation and "he or she" tests.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    token: usize,
    female: bool,
    subject: bool,
}

/// Every `he`/`she`/`his`/`her`/... token, quoted or not.
fn candidates(a: &Analysis) -> Vec<Candidate> {
    // A pass over the hashes alone: only the few words whose hash is a
    // pronoun's are looked at as words.
    let mut out = Vec::new();
    let mut look_at = |i: usize, hash: u64| {
        if !PRONOUN_HASHES.contains(&hash) || a.tokens[i].kind != TokenKind::Word {
            return;
        }
        if let Some((female, subject)) = pronoun_gender(a.tok(i)) {
            out.push(Candidate {
                token: i,
                female,
                subject,
            });
        }
    };
    // Four hashes a round, each test unrolled: the loop's counting and
    // bounds are paid once a round rather than once a token.
    let rounds = a.word_hashes.chunks_exact(4);
    let rest = rounds.remainder();
    let mut i = 0;
    for round in rounds {
        let round: &[u64; 4] = round.try_into().expect("chunks of four");
        for (k, &hash) in round.iter().enumerate() {
            if may_be_pronoun(hash) {
                look_at(i + k, hash);
            }
        }
        i += 4;
    }
    for (k, &hash) in rest.iter().enumerate() {
        if may_be_pronoun(hash) {
            look_at(i + k, hash);
        }
    }
    out
}

/// The candidates that can refer to someone in the article's narrative.
fn pronouns(a: &Analysis, in_quote: &[bool], candidates: &[Candidate]) -> Vec<Pronoun> {
    let mut out = Vec::new();
    for &Candidate {
        token: i,
        female,
        subject,
    } in candidates
    {
        // Inside a quotation the pronoun belongs to the speaker's frame.
        if in_quote[i] || is_generic(a, i) {
            continue;
        }
        let speaker = subject
            && a.tokens.get(i + 1).is_some_and(|n| {
                n.kind == TokenKind::Word
                    && (people::is_speech_verb(a.tok(i + 1))
                        || (matches!(a.tok(i + 1), "also" | "later" | "then" | "had" | "has")
                            && i + 2 < a.tokens.len()
                            && people::is_speech_verb(a.tok(i + 2))))
            });
        let binds_to_subject = ["his", "himself", "herself"]
            .iter()
            .any(|p| a.tok(i).eq_ignore_ascii_case(p));
        out.push(Pronoun {
            token: i,
            sentence: a.sentence_of(i),
            paragraph: a.tokens[i].paragraph,
            female,
            subject,
            speaker,
            binds_to_subject,
        });
    }
    out
}

/// Can pronouns of these genders contradict someone? A flip needs a named
/// person whose gender contradicts a pronoun. With pronouns of one gender
/// only, that gender can come only from the person's own title, role noun
/// or first name: without such a word the person search cannot find one.
fn contrary_possible(a: &Analysis, any_female: bool, any_male: bool) -> bool {
    (any_female && any_male)
        || ((any_female || any_male) && people::may_have_strong_gender(a, !any_female))
}

/// Salience weight of one reference at sentence distance `d` and paragraph
/// distance `pd` from the pronoun.
fn weight(subject: bool, speaker: bool, in_quote: bool, d: usize, pd: usize) -> f32 {
    let mut w = 100.0;
    if subject {
        w += 60.0;
    }
    if speaker {
        w += 60.0;
    }
    if in_quote {
        w *= 0.3;
    }
    w * 0.5f32.powi(d as i32) * 0.75f32.powi(pd.min(4) as i32)
}

/// Gender a person has for this pass: `Some(true)` female, `Some(false)` male,
/// and whether it rests on the person's own cues (`strong`) or on pronouns.
fn gender_of(scene: &Scene, uses: &[PronounUse], p: usize) -> Option<(bool, bool)> {
    let person = &scene.people.persons[p];
    let g = scene.intrinsic[p];
    if g.abs() >= STRONG_GENDER {
        return Some((g > 0.0, true));
    }
    if !person.named {
        return None;
    }
    let u = uses.get(p)?;
    // Without a name or title cue, the article's own pronouns decide, and only
    // when they are consistent: two or more of one gender, at most one other.
    if u.female >= 2 && u.male <= 1 && g > -0.5 {
        return Some((true, false));
    }
    if u.male >= 2 && u.female <= 1 && g < 0.5 {
        return Some((false, false));
    }
    None
}

/// Paragraphs that read as headings (no closing punctuation): a new story or
/// section starts after them.
fn heading_paragraphs(a: &Analysis) -> Vec<bool> {
    a.paragraphs
        .iter()
        .map(|p| {
            p.tokens.end > p.tokens.start
                && !matches!(
                    a.tok(p.tokens.end - 1),
                    "." | "!" | "?" | "\"" | "”" | "’" | "'" | ")" | ":" | "…" | ";"
                )
        })
        .collect()
}

/// "When she began her speech, director Jane Doe thanked ...": the pronoun
/// opens its sentence and a person who may take it is named later in it;
/// not the name of what a possessive owns ("His counterpart, Daniel
/// Mwangi") nor a role in a copula's predicate ("He has been deputy
/// secretary").
fn cataphora(
    a: &Analysis,
    scene: &Scene,
    uses: &[PronounUse],
    pr: &Pronoun,
    next_mention: usize,
) -> bool {
    let people = scene.people;
    let sentence = &a.sentences[pr.sentence];
    let before = people.mentions[..next_mention]
        .last()
        .is_some_and(|m| m.tokens.0 >= sentence.start);
    !before
        && people.mentions[next_mention..]
            .iter()
            .take_while(|m| m.tokens.0 < sentence.end)
            .take(WINDOW_ITEMS)
            .filter(|m| !names_the_possessed(a, pr, m) && !predicate_of(a, scene, pr, m))
            .any(|m| gender_of(scene, uses, m.person).is_none_or(|g| g.0 == pr.female))
}

/// "His counterpart, Daniel Mwangi, ...": a name set off by a comma at most
/// three words after a possessive names what is possessed, so it is not the
/// possessive's referent.
fn names_the_possessed(a: &Analysis, pr: &Pronoun, m: &Mention) -> bool {
    let (p, first) = (pr.token, m.tokens.0);
    ["his", "her"]
        .iter()
        .any(|w| a.tok(p).eq_ignore_ascii_case(w))
        && first > p + 2
        && first <= p + 5
        && a.tok(first - 1) == ","
        && (p + 1..first - 1).all(|k| a.tokens[k].kind == TokenKind::Word)
}

/// Copulas after which a role noun describes the subject: "He has been deputy
/// secretary of state since April".
const COPULAS: [&str; 8] = [
    "is", "was", "has", "had", "been", "became", "remains", "remained",
];

/// "She is the company's chief executive": an unnamed role noun in the
/// predicate of a subject pronoun and a copula is the pronoun's own person.
fn predicate_of(a: &Analysis, scene: &Scene, pr: &Pronoun, m: &Mention) -> bool {
    let (p, first) = (pr.token, m.tokens.0);
    pr.subject
        && !scene.people.persons[m.person].named
        && first <= p + 6
        && p + 1 < first
        && COPULAS.contains(&a.tok(p + 1))
        && (p + 1..first).all(|k| a.tokens[k].kind == TokenKind::Word)
}

/// For each sentence, how many narrative sentences (with words outside
/// quotation marks) come up to and including it: a long quotation counts as
/// no distance between a speaker and the pronoun after it.
fn narrative_rank(a: &Analysis, in_quote: &[bool]) -> Vec<usize> {
    let mut rank = Vec::with_capacity(a.sentences.len());
    let mut n = 0;
    for s in &a.sentences {
        if s.clone()
            .any(|i| !in_quote[i] && a.tokens[i].kind == TokenKind::Word)
        {
            n += 1;
        }
        rank.push(n);
    }
    rank
}

/// All pronoun-gender flips in the article.
pub fn find_flips(a: &Analysis) -> Vec<Flip> {
    // Most articles are settled by their pronoun words alone, before the
    // quotation mask is built: the unquoted pronouns are some of them, so of
    // no other gender.
    let candidates = candidates(a);
    let genders = (
        candidates.iter().any(|c| c.female),
        candidates.iter().any(|c| !c.female),
    );
    if !contrary_possible(a, genders.0, genders.1) {
        return Vec::new();
    }
    let in_quote = people::quote_mask(a);
    let prons = pronouns(a, &in_quote, &candidates);
    let unquoted = (
        prons.iter().any(|p| p.female),
        prons.iter().any(|p| !p.female),
    );
    // Dropping quoted and generic pronouns may leave one gender only.
    if unquoted != genders && !contrary_possible(a, unquoted.0, unquoted.1) {
        return Vec::new();
    }
    let people = People::find(a, &in_quote);
    if !people.persons.iter().any(|p| p.named) {
        return Vec::new();
    }
    // Pass 1 learns which pronouns the article uses for whom; pass 2 decides
    // with that knowledge.
    let scene = Scene {
        people: &people,
        intrinsic: people
            .persons
            .iter()
            .map(Person::intrinsic_gender)
            .collect(),
        rank: narrative_rank(a, &in_quote),
        headings: heading_paragraphs(a),
    };
    let mut uses = vec![PronounUse::default(); people.persons.len()];
    let mut flagged = Vec::new();
    for pass in 0..2 {
        let (next_uses, flags) = resolve(a, &scene, &prons, &uses, pass == 1);
        uses = next_uses;
        flagged = flags;
    }
    flagged
        .into_iter()
        .map(|(pr, person)| describe(a, &people, &uses, pr, person))
        .collect()
}

type PassResult = (Vec<PronounUse>, Vec<(Pronoun, usize)>);

/// What both passes read about the article's people, worked out once.
struct Scene<'p> {
    people: &'p People,
    /// [`Person::intrinsic_gender`] of each person: their cues are settled.
    intrinsic: Vec<f32>,
    /// [`narrative_rank`] of each sentence.
    rank: Vec<usize>,
    /// [`heading_paragraphs`].
    headings: Vec<bool>,
}

fn resolve(
    a: &Analysis,
    scene: &Scene,
    prons: &[Pronoun],
    prior: &[PronounUse],
    final_pass: bool,
) -> PassResult {
    let (people, rank, headings) = (scene.people, &scene.rank, &scene.headings);
    let mut uses = vec![PronounUse::default(); people.persons.len()];
    let mut resolved: Vec<Resolved> = Vec::new();
    let mut flags = Vec::new();
    // Pronouns nobody in the window could take: someone outside the window
    // (or unnamed) carries that gender here.
    let mut orphans: Vec<(bool, usize)> = Vec::new();
    let mut scores: Vec<(usize, f32, usize)> = Vec::new(); // person, salience, latest sentence
    for &pr in prons {
        scores.clear();
        let here = rank[pr.sentence];
        let lo = here.saturating_sub(WINDOW_SENTENCES);
        let mut add = |person: usize, w: f32, sentence: usize| match scores
            .iter_mut()
            .find(|s| s.0 == person)
        {
            Some(s) => {
                s.1 += w;
                s.2 = s.2.max(sentence);
            }
            None => scores.push((person, w, sentence)),
        };
        // Name and role-noun mentions before the pronoun, in the window.
        let end = people.mentions.partition_point(|m| m.tokens.0 < pr.token);
        for m in people.mentions[..end].iter().rev().take(WINDOW_ITEMS) {
            if rank[m.sentence] < lo {
                break;
            }
            let d = here - rank[m.sentence];
            let pd = pr.paragraph - m.paragraph;
            add(
                m.person,
                weight(m.subject, m.speaker, m.in_quote, d, pd),
                m.sentence,
            );
        }
        // Earlier pronouns, counted for whoever they were read as.
        for r in resolved.iter().rev().take(WINDOW_ITEMS) {
            if rank[r.pronoun.sentence] < lo {
                break;
            }
            let d = here - rank[r.pronoun.sentence];
            let pd = pr.paragraph - r.pronoun.paragraph;
            add(
                r.person,
                weight(r.pronoun.subject, r.pronoun.speaker, false, d, pd),
                r.pronoun.sentence,
            );
        }
        let mut conflict: Option<(usize, f32, usize, bool)> = None;
        let mut compatible: Option<(usize, f32)> = None;
        // The most salient compatible referent that still rivals a pronoun
        // bound to its sentence's subject: one mentioned in that sentence,
        // or a named person ("Tom Reyes coached Ana Lind for years. Lind
        // won the final with his old racket.").
        let mut rival_when_bound = 0.0f32;
        for &(p, s, latest) in &scores {
            let gender = gender_of(scene, prior, p);
            let conflicts = people.persons[p].named && gender.is_some_and(|g| g.0 != pr.female);
            if conflicts {
                if conflict.is_none_or(|c| s > c.1) {
                    conflict = Some((p, s, latest, gender.is_some_and(|g| g.1)));
                }
            } else {
                if compatible.is_none_or(|c| s > c.1) {
                    compatible = Some((p, s));
                }
                if latest == pr.sentence || people.persons[p].named {
                    rival_when_bound = rival_when_bound.max(s);
                }
            }
        }
        // Bound to its own sentence's subject, the pronoun is not rivalled
        // by an unnamed person of an earlier sentence ("the minister").
        let bound = conflict.is_some_and(|c| local_subject(people, &pr, end) == Some(c.0));
        let rival = if bound {
            rival_when_bound
        } else {
            compatible.map_or(0.0, |c| c.1)
        };
        let share = if pr.subject {
            COMPETITOR_SHARE
        } else {
            COMPETITOR_SHARE_OBJECT
        };
        let latest_para = |latest: usize| {
            a.sentences
                .get(latest)
                .map_or(pr.paragraph, |r| a.tokens[r.start].paragraph)
        };
        let orphan_near = orphans
            .iter()
            .rev()
            .take(WINDOW_ITEMS)
            .take_while(|o| o.1 + ORPHAN_MEMORY >= here)
            .any(|o| o.0 == pr.female);
        let cataphora = cataphora(a, scene, prior, &pr, end);
        let flip = conflict.filter(|&(p, s, latest, strong)| {
            !orphan_near
                && !cataphora
                && !headings[latest_para(latest) + 1..pr.paragraph.max(latest_para(latest) + 1)]
                    .iter()
                    .any(|&h| h)
                && s >= MIN_SALIENCE
                && rival < share * s
                && rival < RIVAL_FLOOR
                && here - rank[latest] <= 2
                // A gender known only from pronouns: flag only an isolated
                // contrary pronoun in an attribution slot.
                && (strong || {
                    let u = &prior[p];
                    let contrary = if pr.female { u.female } else { u.male };
                    pr.speaker && contrary <= 1 && rival == 0.0
                })
        });
        let person = match (flip, compatible) {
            (Some((p, ..)), _) => {
                if final_pass {
                    flags.push((pr, p));
                }
                Some(p)
            }
            (None, Some((p, s))) if s > 0.0 => Some(p),
            _ => {
                if compatible.is_none() {
                    orphans.push((pr.female, here));
                }
                None
            }
        };
        if let Some(p) = person {
            let u = &mut uses[p];
            if pr.female {
                u.female += 1;
                u.first_female.get_or_insert(pr.token);
            } else {
                u.male += 1;
                u.first_male.get_or_insert(pr.token);
            }
            resolved.push(Resolved {
                pronoun: pr,
                person: p,
            });
        }
    }
    (uses, flags)
}

/// The person a `his`/`himself`/`herself` most likely belongs to by syntax
/// alone: the subject of its own sentence, when that subject is the nearest
/// mention before it ("Rogers did not explain his criticism"), outside
/// quotations. `before` is how many of `people.mentions` precede the
/// pronoun. An object pronoun (`him`, `her`) is left out: it does not
/// refer to its own clause's subject ("Rogers asked him to leave").
fn local_subject(people: &People, pr: &Pronoun, before: usize) -> Option<usize> {
    let m = people.mentions[..before].last()?;
    (pr.binds_to_subject && m.sentence == pr.sentence && m.subject && !m.in_quote)
        .then_some(m.person)
}

fn describe_cue(a: &Analysis, cue: &Cue) -> String {
    let word = people::strip_possessive(a.tok(cue.token));
    match cue.kind {
        CueKind::FirstName => format!("first name {word}"),
        CueKind::Title => {
            let dotted = a
                .tokens
                .get(cue.token + 1)
                .is_some_and(|t| !t.space_before && a.tok(cue.token + 1) == ".");
            format!("title {word}{}", if dotted { "." } else { "" })
        }
        CueKind::Role => format!("called {word}"),
    }
}

fn describe(a: &Analysis, people: &People, uses: &[PronounUse], pr: Pronoun, p: usize) -> Flip {
    let doc = a.doc;
    let person = &people.persons[p];
    let name = doc.text[person.name.clone()].to_string();
    let female = !pr.female;
    let gender = if female { "female" } else { "male" };
    let pron_token = &a.tokens[pr.token];
    let line = doc.position(pron_token.start).line;
    let intro_line = doc.position(person.name.start).line;
    let mut reasons = Vec::new();
    for kind in [CueKind::FirstName, CueKind::Title, CueKind::Role] {
        if let Some(cue) = person.best_cue(kind, female) {
            reasons.push(describe_cue(a, cue));
        }
    }
    let mut related = vec![Related {
        range: person.name.clone(),
        label: format!("{name} introduced here"),
    }];
    let u = &uses[p];
    let consistent = if female { u.first_female } else { u.first_male };
    let consistent_count = if female { u.female } else { u.male };
    if let Some(t) = consistent {
        let word = a.tok(t).to_lowercase();
        let at = doc.position(a.tokens[t].start).line;
        let mut reason = format!("\"{word}\" used at line {at}");
        if consistent_count > 1 {
            let _ = write!(reason, " and {} more time(s)", consistent_count - 1);
        }
        reasons.push(reason);
        related.push(Related {
            range: a.tokens[t].range(),
            label: format!("\"{word}\" refers to {name} here"),
        });
    }
    if reasons.is_empty() {
        reasons.push("the article's own pronouns".to_string());
    }
    let message = format!(
        "\"{}\" (line {line}) most likely refers to {name} (line {intro_line}), introduced as {gender} ({}); the pronoun's gender conflicts",
        a.tok(pr.token),
        reasons.join("; ")
    );
    Flip {
        pronoun: pron_token.range(),
        person_name: name,
        message,
        related,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn flips(text: &str) -> Vec<(String, String)> {
        let doc = Document::from_text("t", text);
        let a = Analysis::new(&doc);
        find_flips(&a)
            .into_iter()
            .map(|f| (a.text()[f.pronoun.clone()].to_string(), f.person_name))
            .collect()
    }

    #[test]
    fn flags_he_after_a_named_woman_speaks() {
        let f = flips(
            "Marta Kowalczyk, the mayor, opened the new bridge on Monday. \
             The bridge cost two million euros, Kowalczyk said. He also noted that traffic would fall.",
        );
        assert_eq!(f, [("He".to_string(), "Marta Kowalczyk".to_string())]);
    }

    #[test]
    fn a_speaker_in_apposition_carries_into_the_next_paragraph() {
        // News sets "He also said" in a paragraph of its own; the speaker
        // of the paragraph before is the referent whether the role phrase
        // comes after the name or before it.
        for opening in [
            "Marta Kowalczyk, the mayor of the city, said the bridge cost two million euros.",
            "The mayor of the city, Marta Kowalczyk, said the bridge cost two million euros.",
            "Marta Kowalczyk, who opened it on Monday with a speech, said the bridge cost two million euros.",
        ] {
            let text = format!(
                "The new bridge opened on Monday after two years of work.\n\n{opening}\n\n\
                 He also noted that traffic in the old town would fall."
            );
            assert_eq!(
                flips(&text),
                [("He".to_string(), "Marta Kowalczyk".to_string())],
                "{opening}"
            );
            assert!(flips(&text.replace("He also", "She also")).is_empty());
        }
        // A role inside the apposition's of-phrase is another person, whom
        // "He" may mean.
        let text = "The new bridge opened on Monday.\n\nMarta Kowalczyk, the widow of the \
                    late mayor, said it cost two million euros.\n\nHe had planned it for years.";
        assert!(flips(text).is_empty(), "{:?}", flips(text));
    }

    #[test]
    fn a_subject_carries_into_the_next_paragraph_without_a_speech_verb() {
        // One sentence a paragraph: the woman who did something in the
        // paragraph before is who "He" is read as.
        let text = "Marta Kowalczyk opened the new bridge on Monday.\n\n\
                    He also noted that traffic in the old town would fall.";
        assert_eq!(
            flips(text),
            [("He".to_string(), "Marta Kowalczyk".to_string())]
        );
        assert!(flips(&text.replace("He also", "She also")).is_empty());
        // Two paragraphs back she is too far to be sure of.
        let far = text.replace("\n\nHe", "\n\nThe bridge cost two million euros.\n\nHe");
        assert!(flips(&far).is_empty(), "{:?}", flips(&far));
        // A man mentioned between them may be the one meant.
        let rival = text.replace(
            "\n\nHe",
            " The engineer, Piotr Nowak, stood beside her.\n\nHe",
        );
        assert!(flips(&rival).is_empty(), "{:?}", flips(&rival));
    }

    #[test]
    fn a_compound_title_is_no_rival_for_the_pronoun() {
        // "Deputy" opens her title; it is not a deputy "He" could be.
        let f = flips(
            "The new bridge opened on Monday. According to Deputy Minister of Trade Marta Kowalczyk, \
             it cost two million euros. He also noted that traffic in the old town would fall.",
        );
        assert_eq!(f, [("He".to_string(), "Marta Kowalczyk".to_string())]);
    }

    #[test]
    fn soft_hyphens_in_a_name_do_not_hide_the_flip() {
        // A page that hyphenates long words (`&shy;`) splits the name for
        // the tokeniser unless the document joins it again.
        let f = flips(
            "Mar\u{ad}ta Ko\u{ad}wal\u{ad}czyk, the mayor, opened the new bridge on Monday. \
             The bridge cost two million euros, Ko\u{ad}wal\u{ad}czyk said. He added that traffic would fall.",
        );
        assert_eq!(f, [("He".to_string(), "Marta Kowalczyk".to_string())]);
    }

    #[test]
    fn flags_she_about_a_man_with_title() {
        let f = flips(
            "Mr. Okafor leads the union. The strike will continue, Okafor told workers. \
             She added that talks had failed.",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].1, "Okafor");
    }

    #[test]
    fn no_flag_when_pronoun_agrees() {
        assert!(
            flips("Wendy Okoro said the plan works. She also noted that costs fell.").is_empty()
        );
    }

    #[test]
    fn message_names_person_reason_and_lines() {
        let doc = Document::from_text(
            "t",
            "Helga Brandt chairs the board.\nShe said profits rose.\nThe results were good, Brandt said. He also praised staff.",
        );
        let a = Analysis::new(&doc);
        let f = find_flips(&a);
        assert_eq!(f.len(), 1);
        let m = &f[0].message;
        assert!(m.contains("\"He\" (line 3)"), "{m}");
        assert!(m.contains("Helga Brandt"), "{m}");
        assert!(m.contains("first name Helga"), "{m}");
        assert!(m.contains("\"she\" used at line 2"), "{m}");
        assert_eq!(f[0].related.len(), 2);
    }

    #[test]
    fn quotes_are_not_checked() {
        assert!(flips(
            "Wendy Okoro spoke first. “He never listens to us,” Okoro said of the governor."
        )
        .is_empty());
    }

    #[test]
    fn two_people_of_different_genders_do_not_flag() {
        assert!(
            flips("Wendy Okoro met Piotr Nowak in Warsaw. He said the talks went well.").is_empty()
        );
    }

    #[test]
    fn unnamed_person_blocks() {
        assert!(flips(
            "Wendy Okoro watched the race. The driver crashed on the last lap. He was unhurt."
        )
        .is_empty());
    }

    #[test]
    fn possessive_after_its_subject_outweighs_an_earlier_unnamed_person() {
        let f = flips(
            "Senator Wendy Okafor on Sunday called the prime minister a danger to the region. \
             Okafor did not explain his criticism in the post.",
        );
        assert_eq!(f, [("his".to_string(), "Wendy Okafor".to_string())]);
        // A subject pronoun gets no such reading: the unnamed minister of the
        // sentence before may be meant.
        assert!(flips(
            "Senator Wendy Okafor on Sunday called the prime minister a danger to the region. \
             He did not explain the criticism in the post."
        )
        .is_empty());
    }

    #[test]
    fn object_pronoun_is_not_read_as_its_subject() {
        assert!(flips(
            "Senator Wendy Okafor met the prime minister on Sunday. \
             Okafor asked him to resign before the vote."
        )
        .is_empty());
    }

    #[test]
    fn named_person_still_rivals_a_possessive_after_the_subject() {
        assert!(flips(
            "Tom Reyes coached Ana Lind for six years before he retired in March. \
             Lind won the final on Sunday with his old racket."
        )
        .is_empty());
    }

    #[test]
    fn office_named_by_its_department_belongs_to_the_name() {
        // "Minister" is the office of the named woman, not another person
        // who could be "He".
        let f = flips(
            "Deputy Minister of Trade Wendy Okafor said on Monday that the harbour talks had \
             been frank. She added that the council would not accept the proposal.\n\n\
             He also argued that the budget was still too small.",
        );
        assert_eq!(f, [("He".to_string(), "Wendy Okafor".to_string())]);
    }

    #[test]
    fn name_with_two_particles_is_one_person() {
        let f = flips(
            "Ursula von der Leyen said on Monday that the harbour talks had been frank. \
             She added that the union would not accept the proposal.\n\n\
             He also argued that the budget was still too small.",
        );
        assert_eq!(f, [("He".to_string(), "Ursula von der Leyen".to_string())]);
    }

    #[test]
    fn name_of_the_possessed_is_not_the_possessives_referent() {
        let f = flips(
            "Wendy Okafor, who led the delegation, said the trade talks were frank. \
             His Kenyan counterpart, Daniel Mwangi, agreed.",
        );
        assert_eq!(f, [("His".to_string(), "Wendy Okafor".to_string())]);
    }

    #[test]
    fn role_in_a_copulas_predicate_is_the_subject_pronouns_own() {
        let f = flips(
            "Wendy Okafor led the delegation in Nairobi on Monday. \
             He has been deputy secretary of state since April.",
        );
        assert_eq!(f, [("He".to_string(), "Wendy Okafor".to_string())]);
        // A role noun after the pronoun outside such a predicate may still
        // be who the pronoun means.
        assert!(flips(
            "Wendy Okafor led the delegation in Nairobi on Monday. \
             When he arrived, the driver said the road was closed."
        )
        .is_empty());
    }

    #[test]
    fn relative_named_after_of_is_not_the_role_holder() {
        // The husband is someone else: Fowler gets no male cue from him.
        assert!(flips(
            "The husband of Senator Fowler visited a school on Monday, officials said. \
             Fowler said on Tuesday that she would travel to Ohio next week."
        )
        .is_empty());
        // Nor is a role of no gender right before "of NAME" the name's: the
        // lawyer is the "he".
        assert!(flips(
            "The lawyer of Wendy Okafor said on Monday that he would appeal against the ruling."
        )
        .is_empty());
    }

    #[test]
    fn generic_he_or_she_is_ignored() {
        assert!(flips(
            "Wendy Okoro runs the school. Every pupil knows that he or she can ask for help."
        )
        .is_empty());
    }

    #[test]
    fn pronoun_list_matches_pronoun_gender() {
        for p in PRONOUNS {
            assert!(pronoun_gender(p).is_some(), "{p}");
            assert!(pronoun_gender(&p.to_uppercase()).is_some(), "{p}");
        }
        let doc = Document::from_text("t", "He said HIS Herself told Hers she shE him");
        let a = Analysis::new(&doc);
        assert_eq!(candidates(&a).len(), 7);
    }

    #[test]
    fn candidates_by_hash_agree_with_reading_every_word() {
        let texts = [
            "He said HIS Herself told Hers she shE him",
            "She’s here; he'd go. His/her, him or her, (s)he, HE-MAN, s-he.",
            "Shell, hers., heh, hiss, himselves, sheer, hé, HÉ, ſhe, Ｈe, hers’",
            "“He” — ‘she’ — «him» — her! his? HERSELF: Himself; sHe",
        ];
        // Every count of tokens left over after the rounds of four, with a
        // pronoun at each place in a round.
        let lengths: Vec<String> = (0..10).map(|n| "x he ".repeat(n) + "she").collect();
        for text in texts
            .iter()
            .copied()
            .chain(lengths.iter().map(String::as_str))
        {
            let doc = Document::from_text("t", text);
            let a = Analysis::new(&doc);
            let word_by_word: Vec<(usize, bool, bool)> = (0..a.tokens.len())
                .filter(|&i| a.tokens[i].kind == TokenKind::Word)
                .filter_map(|i| pronoun_gender(a.tok(i)).map(|(f, s)| (i, f, s)))
                .collect();
            let by_hash: Vec<(usize, bool, bool)> = candidates(&a)
                .iter()
                .map(|c| (c.token, c.female, c.subject))
                .collect();
            assert_eq!(by_hash, word_by_word, "{text:?}");
        }
    }

    #[test]
    fn plural_they_is_ignored() {
        assert!(flips("Wendy Okoro and Anna Berg met. They said the talks went well.").is_empty());
    }

    #[test]
    fn empty_and_odd_input_do_not_panic() {
        assert!(flips("").is_empty());
        assert!(flips("He. She. Ms. . Mr").is_empty());
        assert!(flips("“ ” “ He ’s").is_empty());
    }
}
