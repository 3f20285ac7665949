#!/usr/bin/env python3
"""Writes the small invented corpora that the `calque mine` unit tests read.

Run from the repository root:  python3 scripts/make_mine_fixtures.py
Writes corpus/mine/train.jsonl and corpus/mine/held.jsonl (deterministic).

Every group renders the same invented "source" once by a human (ht) and by
five MT systems (mt). Planted effects:
  - "in the framework of" (MT) vs "as part of" (HT): a real, held phrasing;
  - "besides" typical of HT: held, negative;
  - "right away" MT-typical on train but HT-typical on held: must be dropped;
  - "glass harbour festival" only in one group's topic: must be dropped;
  - "kindly note" used by one system only: must be dropped;
  - "Minister Ola Berg" capitalised name over-represented in MT: must be dropped.
"Moreover" (MT) vs "Besides" (HT) is planted too.
"""
import json

TOPICS = ["river bridge", "school meals", "city budget", "rail line", "harbour fees",
          "park lights", "water tariff", "bus depot", "museum roof", "market hall"]
SYSTEMS = ["SysA", "SysB", "SysC", "SysD", "SysE"]
LANGS = ["xx", "yy"]


BODIES = ["council", "board", "committee", "assembly", "cabinet"]
EVENTS = ["the yearly review", "a new plan", "the spring session", "its audit", "a public hearing"]


def doc(year, g, lang, label, system, topic, held):
    human = label == "ht"
    body, event = BODIES[g % 5], EVENTS[(g + 2) % 5]
    lines = []
    if human:
        lines.append(f"The {body} discussed the {topic} as part of {event}.")
        lines.append(f"Besides, residents asked about the {topic} costs.")
        lines.append("The mayor said the work would start soon.")
        lines.append("Yesterday the minister attended.")
    else:
        lines.append(f"The {body} discussed the {topic} in the framework of {event}.")
        lines.append(f"Moreover, residents asked about the {topic} costs.")
        lines.append("The mayor said the work would start soon.")
        lines.append("Yesterday Minister Ola Berg attended.")
        if system == "SysA":
            lines.append("Kindly note the schedule may change.")
    # Flips between years: MT-typical in train, HT-typical in held.
    if (not human) != held:
        lines.append("The office will answer right away.")
    else:
        lines.append("The office will answer at once.")
    if g == 0:
        lines.append("The glass harbour festival draws crowds to the glass harbour festival grounds.")
    return {
        "id": f"{year}.{g}.{label}.{system}",
        "group": f"fixture{year}.g{g}",
        "label": label,
        "src_lang": lang,
        "system": system,
        "year": year,
        "text": "\n\n".join(lines),
    }


def corpus(year, held):
    out = []
    for g, topic in enumerate(TOPICS):
        lang = LANGS[g % 2]
        out.append(doc(year, g, lang, "ht", "ref-A", topic, held))
        for s in SYSTEMS:
            out.append(doc(year, g, lang, "mt", s, topic, held))
    out.append({"id": f"{year}.orig", "group": f"fixture{year}.orig", "label": "orig",
                "src_lang": "en", "system": "source", "year": year,
                "text": "An English story that the miner ignores."})
    return out


for name, year, held in [("train", 2031, False), ("held", 2032, True)]:
    with open(f"corpus/mine/{name}.jsonl", "w", encoding="utf-8") as f:
        for d in corpus(year, held):
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
