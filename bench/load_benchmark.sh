#!/usr/bin/env bash
# The loading benchmark (issue 3): the generator's county preset loaded into an empty database
# by guanxi, by a plain Python-driver loader running the same Cypher (baseline a) and by
# Neo4j's own LOAD CSV with the same MERGE statements (baseline b), on a private Neo4j.
#
#   bash bench/load_benchmark.sh            # everything; prints a markdown report
#
# Environment: DATA (default /tmp/guanxi-county), PRESET (county), SEED (1), BATCH (1000),
# SKIP_BUILD=1 (use target/release/guanxi as it is), BENCH_PORT (7697), RESULTS (default .guanxi/bench-results/<UTC time>), TOOLS (default
# "guanxi python load_csv"), SYNTHETIC=1 to use bench/synth_dataset.py instead of `guanxi gen`.
# The shared server (port 7687, .guanxi/neo4j) is never touched.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PRESET=${PRESET:-county}
DATA=${DATA:-/tmp/guanxi-$PRESET}
SEED=${SEED:-1}
BATCH=${BATCH:-1000}
BENCH_PORT=${BENCH_PORT:-7697}
TOOLS=${TOOLS:-"guanxi python load_csv"}
RESULTS=${RESULTS:-$ROOT/.guanxi/bench-results/$(date -u +%Y%m%dT%H%M%SZ)}
VENV=$ROOT/.guanxi/bench-venv
GUANXI=$ROOT/target/release/guanxi

export NEO4J_URI=bolt://127.0.0.1:$BENCH_PORT
export GUANXI_NEO4J_HOME=$ROOT/.guanxi/bench-neo4j
export NEO4J_USER=${NEO4J_USER:-neo4j} NEO4J_PASSWORD=${NEO4J_PASSWORD:-guanxi-local}
IMPORT=$GUANXI_NEO4J_HOME/import

say() { printf '== %s\n' "$*" >&2; }

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  say "building guanxi (release)"
  cargo build --release >&2
fi

if [[ ! -x $VENV/bin/python ]]; then
  say "creating $VENV"
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q -r bench/requirements.txt >&2
PY=$VENV/bin/python

if [[ ${SYNTHETIC:-0} != 1 ]] && ! "$GUANXI" gen --help >/dev/null 2>&1; then
  say "guanxi gen is not available: falling back to the synthetic stand-in (SYNTHETIC=1)"
  SYNTHETIC=1
fi
if [[ ${SYNTHETIC:-0} == 1 ]]; then
  say "generating the synthetic stand-in into $DATA"
  "$PY" bench/synth_dataset.py --out "$DATA" --seed "$SEED" >&2
  DATASET="synthetic stand-in (bench/synth_dataset.py, seed $SEED)"
else
  say "generating preset $PRESET (seed $SEED) into $DATA"
  "$GUANXI" gen --out "$DATA" --preset "$PRESET" --seed "$SEED" >&2
  DATASET="guanxi gen --preset $PRESET --seed $SEED"
fi

mkdir -p "$RESULTS"
LOADAVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
cleanup() { say "stopping the private Neo4j"; "$GUANXI" db stop >&2 || true; }
trap cleanup EXIT

# Each run gets a freshly started server (same JVM state, and VmHWM is that run's peak) with
# an empty database that has the schema.
fresh_server() {
  "$GUANXI" db stop >&2 || true
  "$GUANXI" db start >&2
  "$GUANXI" db reset --yes >&2
  "$GUANXI" db schema >&2
}
server_pid() { cat "$GUANXI_NEO4J_HOME/guanxi-neo4j.pid"; }
server_peak_kb() { awk '/VmHWM/ {print $2}' "/proc/$(server_pid)/status"; }

for tool in $TOOLS; do
  say "run: $tool"
  fresh_server
  case $tool in
    guanxi)
      cmd=("$GUANXI" load "$DATA" --batch-size "$BATCH") ;;
    python)
      cmd=("$PY" bench/python_loader.py "$DATA" --batch-size "$BATCH" --identity) ;;
    load_csv)
      mkdir -p "$IMPORT"
      rm -f "$IMPORT"/*.csv
      cp "$DATA"/*.csv "$IMPORT"/
      cmd=("$PY" bench/load_csv_baseline.py "$IMPORT" --batch-size "$BATCH" --identity) ;;
    *) echo "unknown tool $tool" >&2; exit 2 ;;
  esac
  cut -d' ' -f1-3 /proc/loadavg >"$RESULTS/$tool.loadavg"
  /usr/bin/time -v -o "$RESULTS/$tool.time" "${cmd[@]}" >"$RESULTS/$tool.out" 2>"$RESULTS/$tool.err"
  cut -d' ' -f1-3 /proc/loadavg >>"$RESULTS/$tool.loadavg"
  server_peak_kb >"$RESULTS/$tool.server"
  "$PY" bench/graph_stats.py >"$RESULTS/$tool.stats"
  tail -n 14 "$RESULTS/$tool.out" | grep -v '^RESULT' >&2
done

# The cost of the change history (issue 14): over the graph guanxi's run left, reload the
# same files (every row skipped by its content hash), then a copy whose every person and
# company has another phone (one history entry each). HISTORY=0 skips this.
if [[ ${HISTORY:-1} == 1 && " $TOOLS " == *" guanxi "* ]]; then
  say "history: reload unchanged, then with every person's and company's phone changed"
  fresh_server
  "$GUANXI" load "$DATA" --batch-size "$BATCH" >"$RESULTS/history-first.out" 2>&1
  /usr/bin/time -v -o "$RESULTS/history-same.time" "$GUANXI" load "$DATA" --batch-size "$BATCH" >"$RESULTS/history-same.out" 2>&1
  CHANGED_ROWS=$("$PY" bench/change_dataset.py "$DATA" "$DATA-changed")
  /usr/bin/time -v -o "$RESULTS/history-changed.time" "$GUANXI" load "$DATA-changed" --batch-size "$BATCH" >"$RESULTS/history-changed.out" 2>&1
  "$PY" bench/graph_stats.py >"$RESULTS/history.stats"
  echo "$CHANGED_ROWS" >"$RESULTS/history.changed"
fi
{
  if [[ ${SYNTHETIC:-0} == 1 ]]; then echo "## Loading a synthetic stand-in for the $PRESET preset"; else echo "## Loading the $PRESET preset"; fi
  echo
  echo "- command: \`bash bench/load_benchmark.sh\` (batch size $BATCH)"
  echo "- dataset: $DATASET, in $DATA"
  echo "- schema: guanxi's as shipped (cypher/schema/)"
  echo "- load average before the runs: $LOADAVG_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr)"
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); guanxi $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src cypher loaders Cargo.toml || echo ' + uncommitted changes'); Neo4j 5.26 Community (local launcher: 1 GB heap, 512 MB page cache)"
  echo
  echo "Rows per table:"
  echo
  echo "| table | rows |"
  echo "| --- | ---: |"
  for f in "$DATA"/*.csv; do
    printf '| %s | %s |\n' "$(basename "$f" .csv)" "$("$PY" -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig")))-1)' "$f")"
  done
  echo
  "$PY" bench/report.py "$RESULTS"
  echo
  echo "Raw outputs: $RESULTS"
} | tee "$RESULTS/report.md"
