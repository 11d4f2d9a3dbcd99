#!/usr/bin/env bash
# Tips benchmark: how long opening a tip takes (GET /api/tips/{id}: matching its text against
# every name in the graph, then its alerts and the official–company path searches) on a loaded
# and scanned preset in the private benchmark Neo4j (run bench/scan_benchmark.sh first: it
# leaves the county preset loaded and scanned there). One client opens tips one after the
# other, as an investigator does; the first open after the service started also builds the
# name automaton and is reported on its own. Target: p99 <= 300 ms on county.
# Environment: TIPS (how many tips, 200), ROUNDS (3), API_PORT (8098), BENCH_PORT (7697),
# SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET=${PRESET:-county}
export NEO4J_URI=bolt://127.0.0.1:${BENCH_PORT:-7697}
export GUANXI_NEO4J_HOME=${GUANXI_NEO4J_HOME:-$PWD/.guanxi/bench-neo4j}
export GUANXI_SCAN_SCHEDULE=""
export GUANXI_API_REQUESTS_PER_MINUTE_PER_TOKEN=0
GUANXI=${GUANXI:-$PWD/target/release/guanxi}
ADDR=127.0.0.1:${API_PORT:-8098}
[[ ${SKIP_BUILD:-0} == 1 ]] || cargo build --release >&2

"$GUANXI" db start >&2
"$GUANXI" db schema >&2
TOKEN=$("$GUANXI" token create --name "bench-tips-$(date +%s)" --role investigator 2>/dev/null | tail -1)
"$GUANXI" serve --addr "$ADDR" >/tmp/guanxi-bench-tips.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; "$GUANXI" db stop >&2 || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://$ADDR/healthz" >/dev/null && break; sleep 0.2; done

echo "## Opening a tip on the $PRESET preset"
echo
echo "- command: \`bash bench/tips_benchmark.sh\` (one client, loopback, release build)"
echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 - "$ADDR" "$TOKEN" "${TIPS:-200}" "${ROUNDS:-3}" <<'PY'
import json, sys, time, urllib.request

addr, token, wanted, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

def get(path):
    req = urllib.request.Request(f"http://{addr}{path}", headers={"Authorization": f"Bearer {token}"})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as r:
        body = r.read()
        status = r.status
    return (time.perf_counter() - start) * 1000, status, body

ids, page = [], 1
while len(ids) < wanted:
    _, _, body = get(f"/api/tips?per_page=200&page={page}")
    tips = json.loads(body)["tips"]
    if not tips:
        break
    ids += [t["id"] for t in tips]
    page += 1
ids = ids[:wanted]
if not ids:
    sys.exit("no tips in the graph: load a preset first (bench/scan_benchmark.sh)")

cold, status, body = get(f"/api/tips/{ids[0]}")
times, named, with_paths, alerts = [], 0, 0, 0
for _ in range(rounds):
    for tip in ids:
        ms, status, body = get(f"/api/tips/{tip}")
        assert status == 200, status
        times.append(ms)
        view = json.loads(body)
        if _ == 0:
            named += bool(view["entities"])
            with_paths += bool(view["paths"])
            alerts += bool(view["alerts"])
times.sort()
pct = lambda p: times[min(len(times) - 1, int(round(p / 100 * len(times))) - 1)]
print(f"- tips opened: {len(ids)} x {rounds} rounds = {len(times)} requests; "
      f"{named} name at least one entity, {alerts} have alerts, {with_paths} have official–company paths")
print(f"- first open after the service started (builds the name automaton): {cold:.0f} ms")
print()
print("| measure | ms | target |")
print("| --- | ---: | ---: |")
print(f"| p50 | {pct(50):.1f} | |")
print(f"| p99 | {pct(99):.1f} | 300 |")
print(f"| max | {times[-1]:.1f} | |")
PY
echo
echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
