#!/usr/bin/env python3
"""Build models/collocations.bin for MT005 (unusual-collocation).

Inputs (none of them is needed at run time):
  - word frequencies (Zipf scale) from the Python package `wordfreq`;
  - the 243k English bigram counts that the Python package `symspellpy` ships
    (frequency_bigramdictionary_en_243_342.txt, Google web counts);
  - optionally, adjacent word-pair counts from the English orig+ht side of a
    corpus. The shipped model uses none: counts from the corpus the scorer is
    trained and evaluated on would tell the scorer which texts are human;
  - part-of-speech classes from WordNet 3.0 (Debian package `wordnet-base`,
    /usr/share/wordnet), to tell adjectives and nouns apart.

Run:
  apt-get install -y wordnet-base && pip install wordfreq symspellpy
  python3 scripts/build_collocation_model.py models/collocations.bin [REFERENCE.jsonl]

File layout (little-endian), read zero-copy by src/signals/unusual_collocation.rs:
  magic  b"CLQCOL01"
  u32    number of words W, u32 number of pairs P, u32 reference corpus tokens
  W x u32 word keys (sorted), W x u8 Zipf*10, W x u8 flags (1 adjective, 2 noun, 4 modifier of >= 40 web-listed
         pairs, 8 head of >= 40 web-listed pairs)
  P x u32 pair keys (sorted), P x u8 value: bit 7 = in the web bigram list,
         bits 0-6 = count in the reference corpus (capped at 127)
Keys are the upper 32 bits of 64-bit FNV-1a over the lowercase ASCII word,
or over "w1 w2" for a pair.
"""
import collections
import json
import os
import re
import struct
import sys

import symspellpy
from wordfreq import top_n_list, zipf_frequency

MIN_ZIPF = 3.0
# A word seen in this many web-listed pairs has a known collocation profile.
PROFILED = 40
WORDNET = "/usr/share/wordnet"
TOKEN = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z0-9]+)*|\d[\d.,]*\d|\d|\S")
WORD = re.compile(r"^[a-z]+$")


def key(s):
    h = 0xCBF29CE484222325
    for b in s.encode("ascii"):
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h >> 32


def wordnet_tagcounts(pos):
    """lemma -> (in index, tagged sense count) for one WordNet part of speech."""
    out = {}
    for line in open(os.path.join(WORDNET, "index." + pos), encoding="utf-8"):
        if line.startswith(" "):
            continue
        f = line.split()
        lemma = f[0]
        p_cnt = int(f[3])
        tagsense = int(f[5 + p_cnt])
        out[lemma] = tagsense
    return out


def singular(w, nouns):
    for suf, rep in (("ies", "y"), ("ses", "s"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("s", "")):
        if w.endswith(suf) and w[: -len(suf)] + rep in nouns:
            return w[: -len(suf)] + rep
    return None


def main(corpus, out_path):
    adj = wordnet_tagcounts("adj")
    noun = wordnet_tagcounts("noun")
    verb = wordnet_tagcounts("verb")
    adv = wordnet_tagcounts("adv")
    words = {}
    for w in top_n_list("en", 80000):
        if not WORD.match(w):
            continue
        z = zipf_frequency(w, "en")
        if z < MIN_ZIPF:
            break
        flags = 0
        a = adj.get(w)
        if a is not None and a >= max(noun.get(w, 0), verb.get(w, 0), adv.get(w, 0)):
            flags |= 1
        if w in noun or singular(w, noun):
            flags |= 2
        words[w] = (min(255, round(z * 10)), flags)

    pairs = collections.Counter()
    tokens = 0
    for line in open(corpus, encoding="utf-8") if corpus else []:
        doc = json.loads(line)
        if doc["label"] not in ("orig", "ht"):
            continue
        for par in doc["text"].split("\n"):
            toks = [t.lower() for t in TOKEN.findall(par)]
            tokens += len(toks)
            for a, b in zip(toks, toks[1:]):
                if a in words and b in words:
                    pairs[(a, b)] += 1
    web = set()
    left = collections.Counter()
    right = collections.Counter()
    path = os.path.join(os.path.dirname(symspellpy.__file__), "frequency_bigramdictionary_en_243_342.txt")
    for line in open(path, encoding="utf-8"):
        f = line.split()
        if len(f) == 3 and f[0] in words and f[1] in words:
            web.add((f[0], f[1]))
            left[f[0]] += 1
            right[f[1]] += 1
    for w, (z, flags) in list(words.items()):
        flags |= (4 if left[w] >= PROFILED else 0) | (8 if right[w] >= PROFILED else 0)
        words[w] = (z, flags)

    table = {}
    for p in set(pairs) | web:
        k = key(p[0] + " " + p[1])
        v = (0x80 if p in web else 0) | min(127, pairs.get(p, 0))
        table[k] = max(table.get(k, 0), v) | (table.get(k, 0) & 0x80)
    wtable = {}
    for w, (z, f) in words.items():
        k = key(w)
        if k not in wtable or wtable[k][0] < z:
            wtable[k] = (z, f)

    wk = sorted(wtable)
    pk = sorted(table)
    with open(out_path, "wb") as o:
        o.write(b"CLQCOL01")
        o.write(struct.pack("<III", len(wk), len(pk), tokens))
        o.write(struct.pack(f"<{len(wk)}I", *wk))
        o.write(bytes(wtable[k][0] for k in wk))
        o.write(bytes(wtable[k][1] for k in wk))
        o.write(struct.pack(f"<{len(pk)}I", *pk))
        o.write(bytes(table[k] for k in pk))
    print(f"{len(wk)} words, {len(pk)} pairs ({len(web)} web), {tokens} corpus tokens -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[2] if len(sys.argv) > 2 else None, sys.argv[1])
