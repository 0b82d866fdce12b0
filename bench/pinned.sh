#!/usr/bin/env bash
# bench/pinned.sh: the cost of a read pinned to a dataset version (?version=, issue 15), as a ratio to the
# ceiling (/bench/ceiling) in the same run. The real catalog is imported, then a partner makes WRITES
# corrections of Rui'an's figures and REFORM_WRITES of reforms; each record is then read now and at
# version 1 (before every write), with the response cache bypassed so every request rebuilds. The write and
# address rate limits are lifted for the run.
#   WRITES (default 200), REFORM_WRITES (default 20), DURATION (default 5 s of wrk), PORT (default 5098)
# Prints a markdown table; raw wrk output goes to bench/results/pinned-<time>/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
WRITES=${WRITES:-200}
REFORM_WRITES=${REFORM_WRITES:-20}
DURATION=${DURATION:-5}
PORT=${PORT:-5098}
BASE="http://127.0.0.1:$PORT"
RUN=bench/results/pinned-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RUN"
if curl -s -o /dev/null "$BASE/"; then echo "bench/pinned.sh: something already listens on $BASE; choose another PORT" >&2; exit 1; fi

echo "== build (Release)" >&2
dotnet publish src/RuianSamples.Api -c Release -o "$RUN/publish" --nologo -v quiet >&2
API=(dotnet "$RUN/publish/RuianSamples.Api.dll")
CATALOG=(--Catalog:DataDirectory="$RUN/data" --Catalog:SeedsDirectory="$RUN/publish/seeds")
"${API[@]}" reimport "${CATALOG[@]}" >&2
TOKEN=$("${API[@]}" keys create --name "瑞安市统计局" --region ruian --scope figures:write,reforms:write "${CATALOG[@]}" | tail -n 1)

Writes__PerMinute=100000 Writes__Burst=100000 Bench__Enabled=true RateLimiting__Enabled=false Observability__RequestLogging=false ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  "${API[@]}" "${CATALOG[@]}" --urls "$BASE" >"$RUN/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 3000); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/themes")" = 200 ] && break; sleep 0.01; done

echo "== $WRITES figure corrections, $REFORM_WRITES reform corrections" >&2
BASE=$BASE TOKEN=$TOKEN WRITES=$WRITES REFORM_WRITES=$REFORM_WRITES python3 - <<'EOF'
import json, os, urllib.request
base, auth = os.environ["BASE"], {"Authorization": "Bearer " + os.environ["TOKEN"]}
def call(method, path, body=None, headers={}):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={**auth, **headers, **({"Content-Type": "application/merge-patch+json"} if body is not None else {})})
    with urllib.request.urlopen(req) as r:
        return json.load(r), r.headers["ETag"]
keys = [f["id"] for f in call("GET", "/api/v1/figures?region=ruian&limit=100")[0]["items"]]
def correct(path, member, n):
    record, etag = call("GET", path)
    en = record[member]["en"].split(" (bench ")[0]
    call("PATCH", path, {member: {"en": f"{en} (bench {n})"}, "comment": "bench: pinned reads"}, {"If-Match": etag})
for n in range(int(os.environ["WRITES"])):
    correct(f"/api/v1/figures/{keys[n % len(keys)]}", "indicator", n)
for n in range(int(os.environ["REFORM_WRITES"])):
    correct("/api/v1/reforms/financial-commissioners", "name", n)
EOF
VERSION=$(curl -s -D - -o /dev/null "$BASE/api/v1/themes" | awk -F': ' 'tolower($1) == "x-dataset-version" { print $2 }' | tr -d '\r')

declare -A RPS
measure() { # name path
  wrk -t1 -c2 -d1s -H "X-Bench-Bypass-Cache: 1" "$BASE$2" >/dev/null
  wrk -t2 -c16 -d"${DURATION}s" --latency -H "X-Bench-Bypass-Cache: 1" "$BASE$2" >"$RUN/wrk-${1//\//-}.txt"
  RPS[$1]=$(awk '/^Requests\/sec/ { print $2 }' "$RUN/wrk-${1//\//-}.txt")
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE$2")" = 200 ] || { echo "$2 did not answer 200" >&2; exit 1; }
}
measure ceiling /bench/ceiling
for record in sources/wenzhou-ten-samples samples/2 reforms/financial-commissioners figures/f001-018; do
  measure "$record-now" "/api/v1/$record"
  measure "$record-v1" "/api/v1/$record?version=1"
done
measure ceiling-again /bench/ceiling
ceiling=$(awk -v a="${RPS[ceiling]}" -v b="${RPS[ceiling-again]}" 'BEGIN { print (a > b ? a : b) }')

echo "Pinned reads after $WRITES figure and $REFORM_WRITES reform corrections (dataset version $VERSION), response cache bypassed, ${DURATION}s of wrk (16 connections, 2 threads), ceiling $ceiling req/s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| record | now: req/s | ratio | at version 1: req/s | ratio | pinned / now |"
echo "|---|---|---|---|---|---|"
for record in sources/wenzhou-ten-samples samples/2 reforms/financial-commissioners figures/f001-018; do
  awk -v r="$record" -v n="${RPS[$record-now]}" -v p="${RPS[$record-v1]}" -v c="$ceiling" \
    'BEGIN { printf "| %s | %.0f | %.3f | %.0f | %.3f | %.2f |\n", r, n, n / c, p, p / c, p / n }'
done
