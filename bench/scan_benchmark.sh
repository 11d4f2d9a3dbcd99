#!/usr/bin/env bash
# Scan benchmark and quality check: load a generator preset into a private Neo4j (port
# 7697, .guanxi/bench-neo4j), run a full scan twice (the first also derives every official's
# kinship; the second is what a scheduled rescan of an unchanged graph costs), and compare
# the alerts with the preset's ground truth (recall and precision).
#
#   bash bench/scan_benchmark.sh                       # county preset
#   PRESET=city GUANXI_NEO4J_HEAP=4g GUANXI_NEO4J_PAGE_CACHE=3g bash bench/scan_benchmark.sh
#
# SKIP_LOAD=1 keeps the data already loaded there (the city load takes a quarter of an hour)
# and only removes what scans derived (KIN and BEHIND relationships, supplier groups and
# alerts), so that the first scan still starts from the state a fresh load leaves.
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
if [[ ${SKIP_LOAD:-0} == 1 ]]; then
  [[ -f $OUT/load.time ]] || { echo "SKIP_LOAD=1 needs an earlier run's $OUT/load.time" >&2; exit 1; }
  "$PWD/.guanxi/bench-venv/bin/python" - "$NEO4J_URI" <<'PY' >&2
import sys, neo4j
driver = neo4j.GraphDatabase.driver(sys.argv[1], auth=("neo4j", "guanxi-local"))
with driver.session() as s:
    s.run("MATCH ()-[k:KIN]->() CALL (k) { DELETE k } IN TRANSACTIONS OF 50000 ROWS").consume()
    s.run("MATCH ()-[b:BEHIND]->() CALL (b) { DELETE b } IN TRANSACTIONS OF 50000 ROWS").consume()
    s.run("MATCH (c:Company) WHERE c.supplier_group IS NOT NULL CALL (c) { REMOVE c.supplier_group } IN TRANSACTIONS OF 50000 ROWS").consume()
    s.run("MATCH (a:Alert) CALL (a) { DETACH DELETE a } IN TRANSACTIONS OF 10000 ROWS").consume()
    print("removed derived kinship, holdings, supplier groups and alerts; kept the loaded data")
PY
else
  "$GUANXI" db reset --yes >&2
  /usr/bin/time -f "%e %M" -o "$OUT/load.time" "$GUANXI" load "$DATA" >"$OUT/load.out" 2>&1
fi
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
