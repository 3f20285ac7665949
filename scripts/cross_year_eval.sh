#!/usr/bin/env bash
# Held-out numbers: train on one WMT year, evaluate on the other, in both
# directions. Nothing from the evaluation year is used to build the lexicon or
# the model that is measured on it.
#
#   bash scripts/cross_year_eval.sh [OUT_DIR]     (default target/eval)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus
out=${1:-target/eval}
mkdir -p "$out"
cargo build --release --quiet
calque=target/release/calque
for pair in "21 22" "22 21"; do
    set -- $pair
    "$calque" mine --corpus "$corpus/wmt$1.jsonl" --out "$out/lexicon-wmt$1.tsv"
    "$calque" train --quiet --corpus "$corpus/wmt$1.jsonl" --lexicon "$out/lexicon-wmt$1.tsv" \
        --out "$out/model-wmt$1.json"
    "$calque" eval --quiet --model "$out/model-wmt$1.json" --lexicon "$out/lexicon-wmt$1.tsv" \
        --corpus "$corpus/wmt$2.jsonl" --plot "$out/wmt$1-to-wmt$2.svg" | tee "$out/wmt$1-to-wmt$2.txt"
done
