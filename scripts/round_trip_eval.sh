#!/usr/bin/env bash
# Held-out round trips: each WMT year's English originals, translated to
# Spanish and back by Apertium (scripts/round_trip.py), scored by the models
# of scripts/cross_year_eval.sh trained on the other year. Measures the content
# farm's case (an English article disguised by a round trip) on articles no
# model has seen, beside the five seeds.
#
#   sudo apt-get install -y apertium apertium-eng-spa   (once)
#   bash scripts/round_trip_eval.sh [EVAL_DIR]          (default target/eval; about 4 minutes)
#
# Runs scripts/cross_year_eval.sh first when EVAL_DIR has no models. The round
# trips are written to EVAL_DIR and reused on the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus
out=${1:-target/eval}
if ! command -v apertium > /dev/null; then
    echo "round_trip_eval: needs Apertium: apt-get install -y apertium apertium-eng-spa" >&2
    exit 2
fi
[ -f "$out/model-wmt21.json" ] && [ -f "$out/model-wmt22.json" ] || bash scripts/cross_year_eval.sh "$out"
cargo build --release --quiet --examples
target=${CARGO_TARGET_DIR:-target}
calque=$target/release/calque
for pair in "21 22" "22 21"; do
    set -- $pair
    trips="$out/round-trip-wmt$2.jsonl"
    [ -f "$trips" ] || python3 scripts/round_trip.py "$corpus/wmt$2.jsonl" "$trips"
    echo "== trained on wmt$1, round trips of wmt$2's English originals"
    "$calque" eval --quiet --model "$out/model-wmt$1.json" --lexicon "$out/lexicon-wmt$1.tsv" \
        --translationese "$out/translationese-wmt$1.bin" --corpus "$trips" | tee "$out/round-trip-wmt$1-to-wmt$2.txt"
done
# Which signals find evidence in the round trips, with the shipped tables:
# MT006's lexicon was mined from WMT's machine and human translations, never
# from its originals; the other signals listed learn nothing from WMT but
# MT004's list of acronyms read with "the".
for year in 22 21; do
    echo "== signal findings, wmt$year originals (orig) against their round trips (mt)"
    "$target/release/examples/signal_rates" "$out/round-trip-wmt$year.jsonl" \
        MT001 MT002 MT003 MT004 MT005 MT006 MT007 MT010 MT012 | grep -v "^  feature"
done
