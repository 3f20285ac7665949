#!/usr/bin/env python3
"""Round-trip the English originals of a WMT corpus through another language.

    python3 scripts/round_trip.py CORPUS.jsonl OUT.jsonl [--pivot spa] [--jobs 2]

Reads the documents labelled `orig` (written in English) and translates each
one to the pivot language and back with Apertium, the rule-based engine in
Debian (`apt-get install -y apertium apertium-eng-spa`). OUT holds every
original (label `orig`) and its round trip (label `mt`, system
`apertium-eng-PIVOT-eng`, same group), so `calque eval --corpus OUT` measures
how well a model tells round-tripped articles from their sources, the content
farm's trick, on articles it was not trained on.

The round trip is cleaned as a copier would before publishing: Apertium's
marks for unknown words are left out (`-u`), and the doubled spaces and the
spaces before punctuation that dropped words leave behind are closed up.
Nothing written here is tuned to calque's signals.
"""

import argparse
import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def translate(text: str, pair: str) -> str:
    done = subprocess.run(
        ["apertium", "-u", pair], input=text, capture_output=True, text=True, check=True
    )
    return done.stdout


def tidy(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def round_trip(doc: dict, pivot: str) -> dict:
    there = translate(doc["text"], f"eng-{pivot}")
    back = translate(there, f"{pivot}-eng")
    return {
        "id": f"{doc['id']}.rt-{pivot}",
        "group": doc.get("group", doc["id"]),
        "label": "mt",
        "src_lang": "en",
        "system": f"apertium-eng-{pivot}-eng",
        "year": doc.get("year"),
        "text": tidy(back),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("out")
    parser.add_argument("--pivot", default="spa", help="Apertium language code (default spa)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with open(args.corpus, encoding="utf-8") as f:
        originals = [d for d in map(json.loads, f) if d.get("label") == "orig"]
    if not originals:
        print(f"{args.corpus}: no documents labelled orig", file=sys.stderr)
        return 2
    with ThreadPoolExecutor(args.jobs) as pool:
        trips = list(pool.map(lambda d: round_trip(d, args.pivot), originals))
    with open(args.out, "w", encoding="utf-8") as f:
        for doc in originals + trips:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(f"{len(originals)} originals and their round trips via {args.pivot} -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
