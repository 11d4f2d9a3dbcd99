#!/usr/bin/env bash
# Case report benchmark (issue 15: a report of a 10-alert case ≤ 2 s): on a loaded and
# scanned preset in the private benchmark Neo4j (port 7697, .guanxi/bench-neo4j; the state
# bench/scan_benchmark.sh leaves), open a case of 10 alerts (kin chains first, then the
# other patterns) and time `guanxi case report` N times, each a whole command as an
# inspector runs it (connect, read, draw the graph, write the .docx). Prints p50/p99.
#
#   bash bench/report_benchmark.sh                 # county preset, N=30
#
# Environment: PRESET (county), SEED (1), DATA (/tmp/guanxi-$PRESET; generated when it holds
# no people.csv), N (30 timed runs after 2 warm-up runs), LANG_REPORT (zh), READER
# (investigator), BENCH_PORT (7697), SKIP_BUILD=1 (use target/release/guanxi as it is),
# GUANXI (the binary), OUT (results folder). When the graph answers with fewer than 10
# alerts, the database is reset, $DATA loaded and scanned first.
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET=${PRESET:-county}
SEED=${SEED:-1}
DATA=${DATA:-/tmp/guanxi-$PRESET}
N=${N:-30}
LANG_REPORT=${LANG_REPORT:-zh}
READER=${READER:-investigator}
export NEO4J_URI=bolt://127.0.0.1:${BENCH_PORT:-7697}
export GUANXI_NEO4J_HOME=${GUANXI_NEO4J_HOME:-$PWD/.guanxi/bench-neo4j}
export GUANXI_SCAN_SCHEDULE=""
GUANXI=${GUANXI:-$PWD/target/release/guanxi}
OUT=${OUT:-$PWD/.guanxi/bench-results/report-$PRESET}
mkdir -p "$OUT"
say() { printf '== %s\n' "$*" >&2; }

[[ ${SKIP_BUILD:-0} == 1 ]] || cargo build --release >&2
[[ -f $DATA/people.csv ]] || "$GUANXI" gen --out "$DATA" --preset "$PRESET" --seed "$SEED" >&2
LOADAVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
trap '"$GUANXI" db stop >&2 || true' EXIT
"$GUANXI" db start >&2

alerts_of_scan() {
  "$GUANXI" scan --as-of 2026-11-26 --format json 2>"$OUT/scan.log" >"$OUT/alerts.json"
  python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$OUT/alerts.json"
}
if (( $(alerts_of_scan) < 10 )); then
  say "fewer than 10 alerts: loading $DATA into an empty database"
  "$GUANXI" db reset --yes >&2
  "$GUANXI" load "$DATA" >"$OUT/load.out" 2>&1
  (( $(alerts_of_scan) >= 10 )) || { echo "$DATA raises fewer than 10 alerts" >&2; exit 1; }
fi

# Ten alerts, kin chains first (their evidence is the largest), then the other patterns.
mapfile -t ALERTS < <(python3 - "$OUT/alerts.json" <<'PY'
import json, sys
alerts = json.load(open(sys.argv[1]))
kin = [a for a in alerts if a["pattern"].startswith("kin-")]
rest = [a for a in alerts if not a["pattern"].startswith("kin-")]
for a in (kin[:6] + rest)[:10]:
    print(a["id"])
PY
)
ARGS=()
for a in "${ALERTS[@]}"; do ARGS+=(--alert "$a"); done
CASE=$("$GUANXI" case create --title "基准测试 report benchmark" "${ARGS[@]}" | tail -1)
"$GUANXI" case note "$CASE" "基准测试记录 benchmark note" >/dev/null
say "case $CASE with ${#ALERTS[@]} alerts; $N timed runs"

DOCX=$OUT/$CASE.docx
report() { "$GUANXI" case report "$CASE" --out "$DOCX" --lang "$LANG_REPORT" --as "$READER" >/dev/null; }
report; report
: >"$OUT/times"
for _ in $(seq 1 "$N"); do
  start=$(date +%s.%N)
  report
  end=$(date +%s.%N)
  echo "$start $end" | awk '{printf "%.1f\n", ($2 - $1) * 1000}' >>"$OUT/times"
done

python3 - "$OUT/times" "$DOCX" "$CASE" "$PRESET" "$LOADAVG_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)" "$N" "${#ALERTS[@]}" "$DATA" <<'PY'
import os, sys
times_path, docx, case, preset, before, after, n, alerts, data = sys.argv[1:]
times = sorted(float(t) for t in open(times_path))
def pct(p):
    # Nearest rank: the smallest time at or above p percent of the runs.
    k = max(0, min(len(times) - 1, -(-len(times) * p // 100) - 1))
    return times[int(k)]
print(f"## Case report on the {preset} preset\n")
print(f"- command: `bash bench/report_benchmark.sh` (N={n}): `guanxi case report {case}` of a {alerts}-alert case, whole command each")
print(f"- dataset: {data}")
print(f"- load average before: {before}; after: {after}")
print(f"- machine: {os.cpu_count()} cores")
print(f"- report size: {os.path.getsize(docx):,} bytes\n")
print("| runs | p50 ms | p99 ms | max ms |\n| ---: | ---: | ---: | ---: |")
print(f"| {len(times)} | {pct(50):.0f} | {pct(99):.0f} | {times[-1]:.0f} |")
PY
