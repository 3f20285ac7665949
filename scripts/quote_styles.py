#!/usr/bin/env python3
"""Share of documents per label that use curly or straight quotes.

    python3 scripts/quote_styles.py ../shared/corpus/wmt21.jsonl ../shared/corpus/wmt22.jsonl

Shows that quote style follows who typeset the text (in WMT, the human
translations use curly quotes far more often than the machine output), which
is why MT011 folds quote and dash styles together.
"""
import collections
import json
import sys

STYLES = {
    "curly quotes": ("\u201c", "\u201d"),
    "curly apostrophe": ("\u2019",),
    "straight quotes": ('"',),
}

for path in sys.argv[1:]:
    docs = collections.Counter()
    using = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            label, text = doc["label"], doc["text"]
            docs[label] += 1
            for style, marks in STYLES.items():
                if any(m in text for m in marks):
                    using[label, style] += 1
    print(path)
    for label in sorted(docs):
        shares = ", ".join(
            f"{style} {100 * using[label, style] / docs[label]:.0f}%" for style in STYLES
        )
        print(f"  {label:5} {docs[label]:5} documents: {shares}")
