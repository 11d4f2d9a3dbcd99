#!/usr/bin/env bash
# API benchmark: 16 concurrent clients (wrk, from Debian) on loopback against `guanxi serve`
# over a loaded and scanned preset in the private benchmark Neo4j (run
# bench/scan_benchmark.sh first: it leaves the county preset loaded and scanned there).
# Reports p50/p99 of GET /api/paths, /api/alerts and /api/search, and the ingest-to-alert
# time of a late-booked payment posted to /api/ingest/payments (the first right after the
# service has started and warmed up, then three more), and the alert list without its cache.
# Environment: DURATION (15s per measured route), WARMUP (20 s of load per route before any
# measurement), API_PORT (8099), BENCH_PORT (7697), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET=${PRESET:-county}
DATA=${DATA:-/tmp/guanxi-$PRESET}
export NEO4J_URI=bolt://127.0.0.1:${BENCH_PORT:-7697}
export GUANXI_NEO4J_HOME=${GUANXI_NEO4J_HOME:-$PWD/.guanxi/bench-neo4j}
export GUANXI_SCAN_SCHEDULE=""
# wrk's 16 clients share one token and ask thousands of times a second: the per-token rate
# limit (6,000 a minute, admins exempt) would answer the scoped viewer's runs with 429s.
export GUANXI_API_REQUESTS_PER_MINUTE_PER_TOKEN=0
GUANXI=$PWD/target/release/guanxi
ADDR=127.0.0.1:${API_PORT:-8099}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-20}
command -v wrk >/dev/null || { echo "install wrk: apt-get install -y wrk" >&2; exit 1; }
[[ ${SKIP_BUILD:-0} == 1 ]] || cargo build --release >&2

"$GUANXI" db start >&2
TOKEN=$("$GUANXI" token create --name "bench-$(date +%s)" --role admin 2>/dev/null | tail -1)
GUANXI_LOG=guanxi=info "$GUANXI" serve --addr "$ADDR" >/tmp/guanxi-bench-serve.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; "$GUANXI" db stop >&2 || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://$ADDR/healthz" >/dev/null && break; sleep 0.2; done
# The service plans its ingest path in the background when it starts: measure after that.
for _ in $(seq 1 120); do grep -q "ingest path warmed up\|warm-up failed" /tmp/guanxi-bench-serve.log && break; sleep 0.5; done
WARMED=$(grep -o "ingest path warmed up.*" /tmp/guanxi-bench-serve.log | sed 's/\x1b\[[0-9;]*m//g' | head -1)

# A kin-supplier finding of the ground truth gives a real official -> company path.
read -r FROM TO < <(python3 - "$DATA/ground_truth.json" <<'PY'
import json, sys
for a in json.load(open(sys.argv[1]))["alerts"]:
    if a["pattern"] == "kin-supplier":
        people = [s for s in a["subjects"] if s.startswith("p-")]
        companies = [s for s in a["subjects"] if s.startswith("co-")]
        if people and companies:
            print(people[0], companies[0]); break
PY
)
NAME=$(python3 -c "import csv,sys; r=csv.DictReader(open('$DATA/people.csv')); next(r); print(next(r)['name'])")
NAME_Q=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))" "$NAME")

# Ingest to alert: a cleaning fee collected 70 days before it was booked.
HANDLER=$(python3 -c "import csv; r=[x for x in csv.DictReader(open('$DATA/payments.csv')) if x['handler_id']]; print(r[0]['handler_id'], r[0]['payer_id'], r[0]['payee_id'])")
read -r H PAYER PAYEE <<<"$HANDLER"
# The first ingest after the service starts still meets some cold caches; the ones after it
# are what a steady service answers. Both are reported.
ingest() {
  local id=$1
  local body="[{\"id\":\"$id\",\"payer_id\":\"$PAYER\",\"payee_id\":\"$PAYEE\",\"amount\":\"20000\",\"purpose\":\"保洁费\",\"paid_on\":\"2026-01-05\",\"recorded_on\":\"2026-03-16\",\"handler_id\":\"$H\"}]"
  local start end response found
  start=$(date +%s.%N)
  response=$(curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$body" "http://$ADDR/api/ingest/payments")
  end=$(date +%s.%N)
  found=$(python3 -c "import json,sys; r=json.loads(sys.argv[1]); print(sum(1 for a in r.get('alerts', []) if a.get('pattern') == 'late-deposit'))" "$response")
  printf "%.0f ms (late-deposit alerts in the response: %s)" "$(echo "($end - $start) * 1000" | bc)" "$found"
}
RUN_ID=$(date +%s)
# The first ingest right after the start-up warm-up (before any other request), the rest after
# the GET runs below.
FIRST_INGEST=$(ingest "pay-bench-$RUN_ID-1")

echo "## HTTP API on the $PRESET preset"
echo
echo "- command: \`bash bench/api_benchmark.sh\` (wrk, 2 threads, 16 connections, $DURATION per route after a ${WARMUP} s warm-up of every route and 10 s of its own, loopback; guanxi's pool: \`neo4j.max_connections\` = 16)"
echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB"
echo
echo "| route | requests/s | p50 ms | p99 ms | target p99 |"
echo "| --- | ---: | ---: | ---: | ---: |"
run() {
  local label=$1 url=$2 target=$3
  local out
  # Warm up (query plans, page cache, Neo4j's JIT) before measuring the steady state.
  wrk -t2 -c16 -d10s -H "Authorization: Bearer $TOKEN" "http://$ADDR$url" >/dev/null
  out=$(wrk -t2 -c16 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "http://$ADDR$url")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  echo "| \`GET $label\` | $rps | $p50 | $p99 | $target |${non2xx:+ (non-2xx: $non2xx)}"
}
# A freshly started Neo4j compiles its hot paths (JIT) and fills its page cache over the first
# minute of load; the targets are about a service in its steady state, so every route is
# exercised first (the first ingest above is the cold case).
for url in "/api/paths?from=$FROM&to=$TO" "/api/alerts?per_page=50" "/api/search?q=$NAME_Q"; do
  wrk -t2 -c16 -d${WARMUP}s -H "Authorization: Bearer $TOKEN" "http://$ADDR$url" >/dev/null
done
run "/api/paths" "/api/paths?from=$FROM&to=$TO" "50 ms"
run "/api/alerts" "/api/alerts?per_page=50" "30 ms"
run "/api/search" "/api/search?q=$NAME_Q" "50 ms"

echo
echo "- service start-up: ${WARMED:-warm-up not logged}"
echo "- ingest to alert (POST /api/ingest/payments, one payment booked 70 days late; target 1000 ms):"
echo "  first after the service started (right after its warm-up): $FIRST_INGEST;"
echo "  then, after the GET runs: $(ingest "pay-bench-$RUN_ID-2"), $(ingest "pay-bench-$RUN_ID-3"), $(ingest "pay-bench-$RUN_ID-4")"

# Page loads of the web page over the same data (headless Chromium).
if [[ -x /usr/bin/chromium && -d web/node_modules ]]; then
  ALERT=$(curl -s -H "Authorization: Bearer $TOKEN" "http://$ADDR/api/alerts?pattern=kin-supplier&per_page=1" | python3 -c "import json,sys; print(json.load(sys.stdin)['alerts'][0]['id'])")
  ORG=$(python3 -c "import csv; print([r['id'] for r in csv.DictReader(open('$DATA/orgs.csv')) if r['kind'] == 'village'][0])")
  echo
  echo "Page loads (\`node bench/page_load.mjs\`, headless Chromium, $PRESET preset):"
  echo
  GUANXI_URL="http://$ADDR" GUANXI_TOKEN="$TOKEN" ALERT="$ALERT" ENTITY="$FROM" ORG="$ORG" node bench/page_load.mjs || echo "(page loads stopped early: see the error above)"
fi

# The same routes for a viewer bound to one town (issue 13's need-to-know): the official's
# town, so the path and the searched name stay inside the scope and the answers are not
# empty. Every answer then passes through the scope filters and the viewer's field view.
read -r SCOPE_ORG SCOPE_NAME < <(python3 - "$DATA" "$FROM" <<'PY'
import csv, sys
data, person = sys.argv[1], sys.argv[2]
orgs = {r["id"]: r for r in csv.DictReader(open(f"{data}/orgs.csv"))}
posts = [r["org_id"] for r in csv.DictReader(open(f"{data}/positions.csv")) if r["person_id"] == person]
org = posts[0]
while orgs[org]["kind"] not in ("town", "county") and orgs[org]["parent_id"]:
    org = orgs[org]["parent_id"]
people = {r["id"]: r["name"] for r in csv.DictReader(open(f"{data}/people.csv"))}
below = {org}
changed = True
while changed:
    changed = False
    for o in orgs.values():
        if o["parent_id"] in below and o["id"] not in below:
            below.add(o["id"]); changed = True
holder = next(r["person_id"] for r in csv.DictReader(open(f"{data}/positions.csv"))
              if r["org_id"] in below and r["person_id"] != person)
print(org, people[holder])
PY
)
if SCOPED=$("$GUANXI" token create --name "bench-viewer-$(date +%s)" --role viewer --scope "$SCOPE_ORG" 2>/dev/null | tail -1) && [[ -n $SCOPED ]]; then
  SCOPE_Q=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))" "$SCOPE_NAME")
  ADMIN_TOKEN=$TOKEN
  TOKEN=$SCOPED
  for url in "/api/paths?from=$FROM&to=$TO" "/api/alerts?per_page=50" "/api/search?q=$SCOPE_Q"; do
    wrk -t2 -c16 -d${WARMUP}s -H "Authorization: Bearer $TOKEN" "http://$ADDR$url" >/dev/null
  done
  echo
  echo "A viewer token scoped to $SCOPE_ORG (the official's town; \`guanxi token create --role viewer --scope $SCOPE_ORG\`):"
  echo
  echo "| route | requests/s | p50 ms | p99 ms | target p99 |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  run "/api/paths (scoped viewer)" "/api/paths?from=$FROM&to=$TO" "50 ms"
  run "/api/alerts (scoped viewer)" "/api/alerts?per_page=50" "30 ms"
  run "/api/search (scoped viewer)" "/api/search?q=$SCOPE_Q" "50 ms"
  echo
  echo "- scoped answers: paths $(curl -s -H "Authorization: Bearer $TOKEN" "http://$ADDR/api/paths?from=$FROM&to=$TO" | python3 -c "import json,sys; print(len(json.load(sys.stdin).get('paths', [])))") paths, alerts page $(curl -s -H "Authorization: Bearer $TOKEN" "http://$ADDR/api/alerts?per_page=50" | python3 -c "import json,sys; print(len(json.load(sys.stdin).get('alerts', [])))") of 50, search $(curl -s -H "Authorization: Bearer $TOKEN" "http://$ADDR/api/search?q=$SCOPE_Q" | python3 -c "import json,sys; d=json.load(sys.stdin); print(len(d if isinstance(d, list) else d.get('hits', d.get('results', []))))") hits"
  TOKEN=$ADMIN_TOKEN
fi

# The alert list without its page cache (api.alerts_cache_ms = 0): what a page nobody asked
# for in the last second costs, on a service restarted with the cache off.
kill $SERVER 2>/dev/null || true
wait $SERVER 2>/dev/null || true
GUANXI_API_ALERTS_CACHE_MS=0 "$GUANXI" serve --addr "$ADDR" >/tmp/guanxi-bench-serve-nocache.log 2>&1 &
SERVER=$!
for _ in $(seq 1 50); do curl -sf "http://$ADDR/healthz" >/dev/null && break; sleep 0.2; done
echo
echo "Without the alert page cache (\`GUANXI_API_ALERTS_CACHE_MS=0\`, service restarted):"
echo
echo "| route | requests/s | p50 ms | p99 ms | target p99 |"
echo "| --- | ---: | ---: | ---: | ---: |"
run "/api/alerts (cache off)" "/api/alerts?per_page=50" "30 ms"
