#!/usr/bin/env python3
"""Derive models/first_names.tsv, the first-name gender table used by MT001.

Run from the repository root:

    python3 scripts/derive_first_names.py

Source: nam_dict.txt by Jörg Michael (GNU FDL 1.2), as shipped in the PyPI
package `gender-guesser` (downloaded with pip into a temporary directory).
It lists ~48,000 first names from 55 countries with a gender class and a
per-country frequency (hex digit 1..D, roughly logarithmic).

Output: one line per lower-cased name, sorted by byte order:

    name<TAB>female_percent<TAB>popularity

female_percent (0..100) is the frequency-weighted share of female use across
all countries; popularity (1..13) is the highest per-country frequency, so the
checker can ignore rare entries that collide with ordinary words.
"""

import collections
import pathlib
import subprocess
import sys
import tempfile
import zipfile

VERSION = "0.4.0"
# Share of the mass that goes to "female" for each gender class.
FEMALE_SHARE = {"M": 0.0, "1M": 0.1, "?M": 0.25, "?": 0.5, "?F": 0.75, "1F": 0.9, "F": 1.0}


def load_dict() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--dest", tmp, f"gender-guesser=={VERSION}"],
            check=True,
        )
        wheel = next(pathlib.Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as z:
            return z.read("gender_guesser/data/nam_dict.txt").decode("utf-8").splitlines()


def freq(c: str) -> int:
    if c.isdigit():
        return int(c)
    if "A" <= c <= "D":
        return ord(c) - 55
    return 0


def main() -> None:
    female = collections.defaultdict(float)
    total = collections.defaultdict(float)
    popularity = collections.defaultdict(int)
    for line in load_dict():
        if not line or line[0] in "#=":
            continue
        parts = line.split()
        if len(parts) < 2 or parts[0] not in FEMALE_SHARE:
            continue
        # Column 30 holds '+' for duplicate lines with expanded umlauts.
        if len(line) > 29 and line[29] == "+":
            continue
        share = FEMALE_SHARE[parts[0]]
        values = [freq(c) for c in line[30:-1]]
        # Frequencies are roughly logarithmic: weight each country by 2^f.
        mass = sum(2.0 ** f for f in values if f > 0) or 1.0
        top = max(values, default=0) or 1
        names = [parts[1]]
        if "+" in parts[1]:
            names = [parts[1].replace("+", r) for r in ("", "-")]
        for name in names:
            key = name.lower()
            if not key.isalpha() and not key.replace("-", "").replace("'", "").isalpha():
                continue
            female[key] += share * mass
            total[key] += mass
            popularity[key] = max(popularity[key], top)
    out = pathlib.Path("models/first_names.tsv")
    with out.open("w", encoding="utf-8", newline="\n") as f:
        for key in sorted(total, key=lambda k: k.encode("utf-8")):
            pct = round(100.0 * female[key] / total[key])
            f.write(f"{key}\t{pct}\t{popularity[key]}\n")
    print(f"wrote {len(total)} names to {out}")


if __name__ == "__main__":
    main()
