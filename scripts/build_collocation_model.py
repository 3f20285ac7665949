#!/usr/bin/env python3
"""Build models/collocations.bin for MT005 (unusual-collocation).

Inputs (none of them is needed at run time; no labelled corpus is read, so
the table cannot leak labels into the scorer's features):
  - word frequencies (Zipf scale) from the Python package `wordfreq`;
  - the 243k English bigram counts that the Python package `symspellpy` ships
    (frequency_bigramdictionary_en_243_342.txt, Google web counts);
  - the 2.05M bigrams and the "noun of noun" trigrams among the 1.67M
    trigrams of the CMU Sphinx generic US English language model
    (en-us.lm.bin, BSD-2 licence) that the Python package `pocketsphinx`
    ships; an n-gram is attested when the model stores it, i.e. its
    probability is not the backed-off estimate;
  - part-of-speech classes from WordNet 3.0 (Debian package `wordnet-base`,
    /usr/share/wordnet), to tell adjectives and nouns apart.

Run (about a minute and a half):
  apt-get install -y wordnet-base && pip install wordfreq symspellpy pocketsphinx
  python3 scripts/build_collocation_model.py models/collocations.bin

File layout (little-endian), read in place by src/signals/unusual_collocation.rs:
  magic  b"CLQCOL03"
  u32    number of words W, u32 number of pair slots S (16 times a power of two),
  u32    number of pairs stored
  W x u32 word keys (sorted), W x u8 Zipf*10, W x u8 flags:
         1 adjective, 2 noun,
         4 modifier profiled: the adjective has >= 300 attested noun continuations,
         8 head profiled: the noun has >= 100 attested adjective modifiers,
         16 head well profiled: >= 200 attested adjective modifiers,
         32 "of" head profiled: the noun is stored in >= 30 trigrams "noun of X",
         64 "of" head well profiled: >= 100 such trigrams,
         128 "of" tail profiled: the noun is stored in >= 30 trigrams "X of noun"
  S x u32 pair slots, read in place (no hash map is built at start-up): the
         upper 30 bits are the pair key's, the lower 2 say where the pair is
         attested (bit 1 the web bigram list, bit 0 the language model), 0 is an
         empty slot. Slots form buckets of 16 (one 64-byte cache line); a pair
         goes in the first free slot of its home bucket
         ((key * 0x9E3779B97F4A7C15) mod 2^64 >> 32) mod (S / 16) or of the
         buckets after it; a lookup stops at a bucket with an empty slot. The
         load is at most 0.6.
Keys are the upper 32 bits of 64-bit FNV-1a over the lowercase ASCII word,
over "w1 w2" for an attested bigram, or over "n1 of n2" for a trigram of two
common nouns joined by "of" that the language model stores.
"""
import collections
import os
import re
import struct
import sys

import pocketsphinx
import symspellpy
from wordfreq import top_n_list, zipf_frequency

MIN_ZIPF = 3.0
PROFILED_MODIFIER = 300
PROFILED_HEAD = 100
WELL_PROFILED_HEAD = 200
# "n1 of n2": nouns at Zipf >= 4; n1 profiled with >= 30 stored "n1 of X"
# trigrams (well profiled >= 100), n2 with >= 30 stored "X of n2".
OF_MIN_ZIPF = 40
PROFILED_OF_HEAD = 30
WELL_PROFILED_OF_HEAD = 100
PROFILED_OF_TAIL = 30
WORDNET = "/usr/share/wordnet"
WORD = re.compile(r"^[a-z]+$")
BUCKET = 16
# Closed-class words that WordNet also lists as rare nouns or adjectives
# ("at" astatine, "said" aforementioned) or that combine with any noun.
CLOSED = set(
    """all up even still both another any every half one two three four five six seven eight
    nine ten hundred thousand million billion no not so as is are was were be been will has have
    had its it well there here this that these those what which who whom whose each either
    neither some such own same other many much more most few less least several certain various
    only whole main further due last next first second third former latter else very too just
    also said ones or in at on by an a if""".split()
)
# Probe words that follow almost no word: their bigram probability after w is
# the back-off estimate, which tells stored bigrams from backed-off ones.
PROBES = ["aardvark", "zucchini", "xylophone", "quagmire", "walrus"]
UNKNOWN = -536870912


def key(s):
    h = 0xCBF29CE484222325
    for b in s.encode("ascii"):
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h >> 32


def wordnet_tagcounts(pos):
    """lemma -> tagged sense count for one WordNet part of speech."""
    out = {}
    for line in open(os.path.join(WORDNET, "index." + pos), encoding="utf-8"):
        if line.startswith(" "):
            continue
        f = line.split()
        out[f[0]] = int(f[5 + int(f[3])])
    return out


def verb_forms():
    """Irregular inflected verb forms (said, given, built) from WordNet."""
    return {line.split()[0] for line in open(os.path.join(WORDNET, "verb.exc"), encoding="utf-8")}


def singular(w, nouns):
    for suf, rep in (("ies", "y"), ("ses", "s"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("s", "")):
        if w.endswith(suf) and w[: -len(suf)] + rep in nouns:
            return w[: -len(suf)] + rep
    return None


def regular_verb_form(w, verbs):
    """looking, covered, planned: participles are verbs before adjectives."""
    for suf, reps in (("ing", ("", "e")), ("ied", ("y",)), ("ed", ("", "e"))):
        if w.endswith(suf):
            stem = w[: -len(suf)]
            if any(stem + r in verbs for r in reps):
                return True
            # planned, stopping: a doubled final consonant
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiou" and stem[:-1] in verbs:
                return True
    return False


def classify():
    adj, noun, verb, adv = (wordnet_tagcounts(p) for p in ("adj", "noun", "verb", "adv"))
    irregular = verb_forms()
    words = {}
    for w in top_n_list("en", 80000):
        if not WORD.match(w):
            continue
        z = zipf_frequency(w, "en")
        if z < MIN_ZIPF:
            break
        flags = 0
        if w not in CLOSED:
            a = adj.get(w, 0)
            lemma = w if w in noun else singular(w, noun)
            n = noun.get(lemma, 0) if lemma else 0
            v, r = verb.get(w, 0), adv.get(w, 0)
            if (
                a > 0
                and a >= max(n, v, r)
                and w not in irregular
                and not regular_verb_form(w, verb)
                and not w.endswith("ly")
            ):
                flags |= 1
            if lemma and n > 0 and n >= max(a, v, r):
                flags |= 2
        words[w] = (min(255, round(z * 10)), flags)
    return words


def lm_adjective_noun_bigrams(words):
    """(adjective, noun) pairs stored as bigrams in the CMU generic English model."""
    path = os.path.join(pocketsphinx.get_model_path(), "en-us", "en-us.lm.bin")
    lm = pocketsphinx.NGramModel.readfile(path)
    nouns = [(w, lm.prob([w])) for w, (_, f) in words.items() if f & 2]
    nouns = [(w, u) for w, u in nouns if u != UNKNOWN]
    pairs = set()
    for a, (_, f) in words.items():
        if not f & 1 or lm.prob([a]) == UNKNOWN:
            continue
        backoff = collections.Counter(lm.prob([x, a]) - lm.prob([x]) for x in PROBES).most_common(1)[0][0]
        for n, u in nouns:
            # Log-probabilities are integers in the model's log base; the
            # back-off estimate differs from a stored one by rounding only.
            if abs(lm.prob([n, a]) - u - backoff) > 2:
                pairs.add((a, n))
    return pairs


def lm_noun_of_noun_trigrams(words):
    """(n1, n2) pairs whose trigram "n1 of n2" the language model stores, over
    common nouns (Zipf >= 4, not also adjectives)."""
    path = os.path.join(pocketsphinx.get_model_path(), "en-us", "en-us.lm.bin")
    lm = pocketsphinx.NGramModel.readfile(path)
    nouns = [w for w, (z, f) in words.items() if z >= OF_MIN_ZIPF and f & 2 and not f & 1]
    after_of = [(n, lm.prob([n, "of"])) for n in nouns]
    pairs = set()
    for n1 in nouns:
        if lm.prob([n1]) == UNKNOWN:
            continue
        backoff = collections.Counter(lm.prob([x, "of", n1]) - lm.prob([x, "of"]) for x in PROBES).most_common(1)[0][0]
        for n2, u in after_of:
            if abs(lm.prob([n2, "of", n1]) - u - backoff) > 2:
                pairs.add((n1, n2))
    return pairs


def main(out_path):
    words = classify()
    web = set()
    path = os.path.join(os.path.dirname(symspellpy.__file__), "frequency_bigramdictionary_en_243_342.txt")
    for line in open(path, encoding="utf-8"):
        f = line.split()
        if len(f) == 3 and f[0] in words and f[1] in words:
            web.add((f[0], f[1]))
    lm = lm_adjective_noun_bigrams(words)
    of_pairs = lm_noun_of_noun_trigrams(words)

    # Collocation profiles: how many distinct attested partners each word has
    # across both references; a word with many is well covered, so a missing
    # pairing means something.
    modifiers = collections.Counter()
    heads = collections.Counter()
    for a, n in web | lm:
        if words[a][1] & 1 and words[n][1] & 2:
            modifiers[a] += 1
            heads[n] += 1
    of_heads = collections.Counter(n1 for n1, _ in of_pairs)
    of_tails = collections.Counter(n2 for _, n2 in of_pairs)
    for w, (z, flags) in list(words.items()):
        flags |= 32 if of_heads[w] >= PROFILED_OF_HEAD else 0
        flags |= 64 if of_heads[w] >= WELL_PROFILED_OF_HEAD else 0
        flags |= 128 if of_tails[w] >= PROFILED_OF_TAIL else 0
        flags |= 4 if modifiers[w] >= PROFILED_MODIFIER else 0
        flags |= 8 if heads[w] >= PROFILED_HEAD else 0
        flags |= 16 if heads[w] >= WELL_PROFILED_HEAD else 0
        words[w] = (z, flags)

    # Only pairs of content words at Zipf >= 3.5 are ever looked up.
    def queried(p):
        return all(words[w][0] >= 35 and words[w][1] & 3 for w in p)

    web = {p for p in web if queried(p)}
    lm = {p for p in lm if queried(p)}
    table = collections.defaultdict(int)
    for p in web:
        table[key(p[0] + " " + p[1]) & ~3] |= 2
    for p in lm:
        table[key(p[0] + " " + p[1]) & ~3] |= 1
    for p in of_pairs:
        table[key(p[0] + " of " + p[1]) & ~3] |= 1
    wtable = {}
    for w, (z, f) in words.items():
        k = key(w)
        if k not in wtable or wtable[k][0] < z:
            wtable[k] = (z, f)

    wk = sorted(wtable)
    buckets = 1
    while buckets * BUCKET * 0.6 < len(table):
        buckets *= 2
    slots = [0] * (buckets * BUCKET)
    for k in sorted(table):
        b = (((k * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF) >> 32) & (buckets - 1)
        while 0 not in slots[b * BUCKET : (b + 1) * BUCKET]:
            b = (b + 1) & (buckets - 1)
        slots[b * BUCKET + slots[b * BUCKET : (b + 1) * BUCKET].index(0)] = k | table[k]
    with open(out_path, "wb") as o:
        o.write(b"CLQCOL03")
        o.write(struct.pack("<III", len(wk), len(slots), len(table)))
        o.write(struct.pack(f"<{len(wk)}I", *wk))
        o.write(bytes(wtable[k][0] for k in wk))
        o.write(bytes(wtable[k][1] for k in wk))
        o.write(struct.pack(f"<{len(slots)}I", *slots))
    print(f"{len(wk)} words, {len(table)} pairs in {len(slots)} slots ({len(web)} web, {len(lm)} language model) -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
