#!/usr/bin/env bash
# Scan benchmark and quality check: load a generator preset into a private Neo4j (port
# 7697, .guanxi/bench-neo4j), run a full scan twice (the first also derives every official's
# kinship; the second is what a scheduled rescan of an unchanged graph costs), and compare
# the alerts with the preset's ground truth (recall and precision).
#
#   bash bench/scan_benchmark.sh                       # county preset
#   PRESET=city GUANXI_NEO4J_HEAP=4g GUANXI_NEO4J_PAGE_CACHE=3g bash bench/scan_benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET=${PRESET:-county}
SEED=${SEED:-1}
DATA=${DATA:-/tmp/guanxi-$PRESET}
export NEO4J_URI=bolt://127.0.0.1:${BENCH_PORT:-7697}
export GUANXI_NEO4J_HOME=${GUANXI_NEO4J_HOME:-$PWD/.guanxi/bench-neo4j}
GUANXI=$PWD/target/release/guanxi
OUT=${OUT:-$PWD/.guanxi/bench-results/scan-$PRESET}
mkdir -p "$OUT"

[[ ${SKIP_BUILD:-0} == 1 ]] || cargo build --release >&2
[[ -f $DATA/ground_truth.json ]] || "$GUANXI" gen --out "$DATA" --preset "$PRESET" --seed "$SEED" >&2
trap '"$GUANXI" db stop >&2 || true' EXIT
"$GUANXI" db stop >&2 || true
"$GUANXI" db start >&2
"$GUANXI" db reset --yes >&2
/usr/bin/time -f "%e %M" -o "$OUT/load.time" "$GUANXI" load "$DATA" >"$OUT/load.out" 2>&1
for run in first second; do
  /usr/bin/time -f "%e %M" -o "$OUT/scan-$run.time" \
    "$GUANXI" scan --as-of 2026-11-26 --format json >"$OUT/scan-$run.json" 2>"$OUT/scan-$run.log"
done

python3 - "$DATA/ground_truth.json" "$OUT" "$PRESET" <<'PY'
import json, sys
truth_path, out, preset = sys.argv[1:]
truth = {(a["pattern"], tuple(sorted(a["subjects"]))) for a in json.load(open(truth_path))["alerts"]}
got = {(a["pattern"], tuple(sorted(a["subjects"]))) for a in json.load(open(f"{out}/scan-second.json"))}
hit = len(truth & got)
load_s, load_kb = open(f"{out}/load.time").read().split()
print(f"## Scanning the {preset} preset\n")
print("- command: `bash bench/scan_benchmark.sh`" + ("" if preset == "county" else f" with PRESET={preset}"))
print(f"- load: {float(load_s):.0f} s, guanxi peak RSS {int(load_kb) // 1024} MB\n")
print("| scan | wall s | peak RSS MB |\n| --- | ---: | ---: |")
for run, what in [("first", "first scan (derives all kinship)"), ("second", "rescan, unchanged graph")]:
    s, kb = open(f"{out}/scan-{run}.time").read().split()
    print(f"| {what} | {float(s):.1f} | {int(kb) // 1024} |")
print("\nPer pattern (rescan):\n")
print("```")
print(open(f"{out}/scan-second.log").read().strip())
print("```\n")
print(f"- ground truth: {len(truth)} alerts; raised: {len(got)}; recall {hit / max(len(truth), 1):.1%}; precision {hit / max(len(got), 1):.1%}")
missed = sorted(truth - got)[:5]
extra = sorted(got - truth)[:5]
if missed: print(f"- missed (first 5): {missed}")
if extra: print(f"- unexpected (first 5): {extra}")
PY
