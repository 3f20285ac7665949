#!/usr/bin/env python3
"""Derive models/acronyms_with_article.txt for MT004 (formatting-calque).

Lists all-caps acronyms of 4-8 letters that English writers put after "the"
as the head of a noun phrase ("the IAEA said") at least as often as without
it, counted on the English (orig + ht) side of ONE corpus year, so that MT004
does not flag "the X" for them. Evaluate MT004 on the other year.

Run:  python3 scripts/derive_acronym_articles.py ../shared/corpus/wmt21.jsonl > models/acronyms_with_article.txt
"""
import collections
import json
import re
import sys

HEAD_FOLLOWERS = set(
    "and or of in on at to for with by from is was has have had will would said says which "
    "that who as but are were can could should must may did does".split()
)
TOKEN = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z0-9]+)*|\d[\d.,]*\d|\d|\S")


def main(path):
    with_the = collections.Counter()
    bare = collections.Counter()
    for line in open(path, encoding="utf-8"):
        doc = json.loads(line)
        if doc["label"] not in ("orig", "ht"):
            continue
        for par in doc["text"].split("\n"):
            toks = TOKEN.findall(par)
            for i, t in enumerate(toks):
                if not (4 <= len(t) <= 8 and t.isascii() and t.isalpha() and t.isupper()):
                    continue
                nxt = toks[i + 1] if i + 1 < len(toks) else "."
                head = (not nxt[0].isalnum() and nxt not in "-'’") or nxt in HEAD_FOLLOWERS
                if not head:
                    continue
                prev = toks[i - 1] if i > 0 else ""
                if prev == "the":
                    with_the[t] += 1
                elif prev.lower() not in ("a", "an", "this", "that", "its", "their", "our"):
                    bare[t] += 1
    print(f"# Acronyms used with 'the' as a head noun in {path.rsplit('/', 1)[-1]} orig+ht")
    print("# (count with 'the' >= count without). Made by scripts/derive_acronym_articles.py")
    for t in sorted(with_the):
        if with_the[t] >= bare[t]:
            print(t)


if __name__ == "__main__":
    main(sys.argv[1])
