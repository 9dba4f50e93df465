#!/usr/bin/env bash
# Side-by-side: Python trafilatura and sitrep on the same article-extraction
# benchmark pages, in one run, each on one thread with the pages already in
# memory. Both outputs are scored by the same code (`sitrep-bench articles`,
# sitrep_clean::eval); prints both F1 scores and the speed ratio.
#
#   bench/compare_trafilatura.sh [DIR]   (default ../shared/bench/articles/scrapinghub)
#
# Needs python3 with venv and access to PyPI. trafilatura is Apache-2.0 (2.x);
# it is installed into target/bench-venv only, never into the project.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-../shared/bench/articles/scrapinghub}
TRAFILATURA_VERSION=${TRAFILATURA_VERSION:-2.3.1}
VENV=target/bench-venv
OUT=target/bench-compare
mkdir -p "$OUT"

if [ ! -f "$DIR/ground-truth.json" ]; then
    echo "skipped: $DIR/ground-truth.json is absent" >&2
    exit 0
fi
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
# lxml 5+ moved the HTML cleaner trafilatura's justext needs to its own package.
"$VENV/bin/pip" install --quiet --disable-pip-version-check "trafilatura==$TRAFILATURA_VERSION" lxml_html_clean
cargo build --release --quiet -p sitrep-bench
SITREP=target/release/sitrep-bench

# trafilatura: extract every page, time only the extraction.
"$VENV/bin/python" - "$DIR" "$OUT/trafilatura.json" > "$OUT/trafilatura.txt" <<'PY'
import gzip, json, sys, time
import trafilatura
root, out = sys.argv[1], sys.argv[2]
truth = json.load(open(f"{root}/ground-truth.json"))
pages = {i: gzip.open(f"{root}/html/{i}.html.gz").read() for i in sorted(truth)}
preds = {}
start = time.perf_counter()
for i, html in pages.items():
    preds[i] = trafilatura.extract(html, include_comments=False) or ""
secs = time.perf_counter() - start
json.dump(preds, open(out, "w"))
print(f"speed     {len(pages) / secs:.1f} pages/s  ({secs * 1000 / len(pages):.2f} ms/page, one thread)")
PY

"$SITREP" articles "$DIR" --predictions "$OUT/trafilatura.json" > "$OUT/trafilatura-score.txt"
"$SITREP" articles "$DIR" > "$OUT/sitrep.txt"

f1() { awk '/^F1 /{print $2}' "$1"; }
speed() { awk '/^speed /{print $2}' "$1"; }
T_F1=$(f1 "$OUT/trafilatura-score.txt"); S_F1=$(f1 "$OUT/sitrep.txt")
T_PPS=$(speed "$OUT/trafilatura.txt"); S_PPS=$(speed "$OUT/sitrep.txt")
echo "pages: $DIR"
echo "trafilatura $TRAFILATURA_VERSION  F1 $T_F1  $T_PPS pages/s"
echo "sitrep                 F1 $S_F1  $S_PPS pages/s"
awk -v s="$S_PPS" -v t="$T_PPS" 'BEGIN { printf "speed ratio sitrep / trafilatura: %.2fx\n", s / t }'
