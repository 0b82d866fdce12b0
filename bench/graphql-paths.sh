#!/usr/bin/env bash
# bench/graphql-paths.sh: what the optimised and compiled GraphQL paths buy on a cache miss, in one process. For bench-peers'
# three GraphQL scenarios (G1 sample page for samples 1-10, G1L samples(first: 10) nested, G2 every page of reforms(first: 20))
# it loads the API in turn with X-Bench-Plain-GraphQL (every validation rule, GraphQL.NET's parallel strategy, themes/regions/
# sources read from the database: the path before issue 17), with X-Bench-Executor-GraphQL (the optimised executor: validation
# once, serial, small tables per version) and with neither (the compiled plan over the stored documents, GraphQL/CompiledQuery.cs),
# all with X-Bench-Bypass-Cache, and prints req/s and the server's CPU milliseconds per request (utime+stime from /proc, steadier
# than req/s on a shared machine).
#
#   bench/graphql-paths.sh                 # ROUNDS=3 DURATION=5s CONNECTIONS=16 PORT=5098; publishes to bench/results/publish
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-5s} CONNECTIONS=${CONNECTIONS:-16} PORT=${PORT:-5098}
BASE="http://127.0.0.1:$PORT"
RUN=bench/results/paths-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RUN"
if curl -s -o /dev/null "$BASE/"; then echo "bench/graphql-paths.sh: something already listens on $BASE" >&2; exit 1; fi
dotnet publish src/RuianSamples.Api -c Release -o bench/results/publish --nologo -v quiet >&2
mkdir -p "$RUN/data"
(cd "$RUN" && ASPNETCORE_ENVIRONMENT=Production Bench__Enabled=true RateLimiting__Enabled=false Observability__RequestLogging=false \
  Logging__LogLevel__Default=Warning exec dotnet ../publish/RuianSamples.Api.dll --urls "$BASE") >"$RUN/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null "$BASE/api/v1/themes" && break; sleep 0.2; done

# Request lines: one JSON body per line (bench/lua/cycle.lua sends the next one each time); G2 follows endCursor to the last page.
python3 - "$BASE" "$RUN" <<'PY'
import json, sys, urllib.request
base, run = sys.argv[1], sys.argv[2]
def query(name): return open(f"bench/graphql/{name}.graphql").read()
def post(body, compiled=None):
    request = urllib.request.Request(base + "/graphql", json.dumps(body).encode(), {"Content-Type": "application/json", "X-Bench-Bypass-Cache": "1"})
    response = urllib.request.urlopen(request)
    answer = json.load(response)
    assert "errors" not in answer, answer
    assert compiled is None or (response.headers.get("X-Bench-Compiled-GraphQL") == "1") == compiled, ("compiled path expected", body)
    return answer["data"]
lines = {"G1": [{"query": query("sample-page"), "variables": {"number": n}} for n in range(1, 11)], "G1L": [{"query": query("samples-list")}], "G2": []}
after = None
while True:
    body = {"query": query("reforms-page-20"), "variables": {"after": after}}
    lines["G2"].append(body)
    page = post(body)["reforms"]["pageInfo"]
    if not page["hasNextPage"]: break
    after = page["endCursor"]
for name, bodies in lines.items():
    for body in bodies: post(body)
    for body in bodies: post(body, compiled=True)  # validated once: the plan runs from now on
    open(f"{run}/{name}.lines", "w").write("".join(json.dumps(b, ensure_ascii=False) + "\n" for b in bodies))
PY

ticks() { awk '{ print $14 + $15 }' /proc/$PID/stat; }
measure() { # measure SCENARIO PATH-NAME [extra wrk args]: prints "req/s cpu-ms/request"
  local scenario=$1 name=$2; shift 2
  local before after out requests
  before=$(ticks)
  out=$(BENCH_METHOD=POST BENCH_PATH=/graphql BENCH_LINES="$RUN/$scenario.lines" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" \
    -H 'X-Bench-Bypass-Cache: 1' "$@" -s bench/lua/cycle.lua "$BASE")
  after=$(ticks)
  echo "$out" >"$RUN/$scenario-$name.wrk"
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  ! echo "$out" | grep -q "Non-2xx" || { echo "bench/graphql-paths.sh: $scenario $name had errors" >&2; exit 1; }
  awk -v r="$requests" -v t0="$before" -v t1="$after" -v hz="$(getconf CLK_TCK)" -v d="${DURATION%s}" \
    'BEGIN { printf "%.0f %.3f\n", r / d, (t1 - t0) * 1000 / hz / r }'
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| scenario | round | plain req/s | optimised req/s | compiled req/s | plain CPU ms/request | optimised CPU ms/request | compiled CPU ms/request |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for scenario in G1 G1L G2; do
  measure "$scenario" warm -H 'X-Bench-Plain-GraphQL: 1' >/dev/null; measure "$scenario" warm -H 'X-Bench-Executor-GraphQL: 1' >/dev/null
  measure "$scenario" warm >/dev/null
  for round in $(seq 1 "$ROUNDS"); do
    read -r plain_rps plain_cpu < <(measure "$scenario" "plain-$round" -H 'X-Bench-Plain-GraphQL: 1')
    read -r fast_rps fast_cpu < <(measure "$scenario" "optimised-$round" -H 'X-Bench-Executor-GraphQL: 1')
    read -r compiled_rps compiled_cpu < <(measure "$scenario" "compiled-$round")
    echo "| $scenario | $round | $plain_rps | $fast_rps | $compiled_rps | $plain_cpu | $fast_cpu | $compiled_cpu |"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
