#!/usr/bin/env bash
# Held-out numbers: train on one WMT year, evaluate on the other, in both
# directions. Nothing from the evaluation year is used to build the lexicon,
# the MT011 translationese model or the scorer that is measured on it. The
# scorer's MT011 weight is fitted on cross-fitted MT011 scores (each half of
# the training year's groups scored by a model fitted on the other half).
# MT006 is left out of the scorer: within one year its lexicon can only be
# read in-sample, and with it the held-out AUC and calibration were worse.
#
# Each run also writes every document's probability
# (OUT_DIR/scores-wmtA-to-wmtB.tsv). To measure a change, run the script
# before and after it into two directories, the second time with
# BASELINE=FIRST_DIR: each AUC's change is then printed with a confidence
# interval paired by document (`calque eval --baseline`).
#
#   [BASELINE=DIR] bash scripts/cross_year_eval.sh [OUT_DIR]     (default target/eval)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus
out=${1:-target/eval}
mkdir -p "$out"
cargo build --release --quiet
calque=${CARGO_TARGET_DIR:-target}/release/calque
for pair in "21 22" "22 21"; do
    set -- $pair
    "$calque" mine --corpus "$corpus/wmt$1.jsonl" --out "$out/lexicon-wmt$1.tsv"
    "$calque" translationese --quiet --corpus "$corpus/wmt$1.jsonl" --out "$out/translationese-wmt$1.bin"
    "$calque" train --quiet --corpus "$corpus/wmt$1.jsonl" --lexicon "$out/lexicon-wmt$1.tsv" \
        --cross-fit-translationese --disable MT006 --out "$out/model-wmt$1.json"
    baseline=()
    if [ -n "${BASELINE:-}" ]; then
        baseline=(--baseline "$BASELINE/scores-wmt$1-to-wmt$2.tsv")
    fi
    "$calque" eval --quiet --model "$out/model-wmt$1.json" --lexicon "$out/lexicon-wmt$1.tsv" \
        --translationese "$out/translationese-wmt$1.bin" --corpus "$corpus/wmt$2.jsonl" --plot "$out/wmt$1-to-wmt$2.svg" \
        --scores "$out/scores-wmt$1-to-wmt$2.tsv" ${baseline[@]+"${baseline[@]}"} | tee "$out/wmt$1-to-wmt$2.txt"
done
