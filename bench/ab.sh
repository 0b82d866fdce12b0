#!/usr/bin/env bash
# bench/ab.sh — two published builds side by side on one catalog, uncached (X-Bench-Bypass-Cache), alternating wrk runs,
# so a change is compared with its base under the same machine load:
#
#   bench/ab.sh A.dll B.dll LINES [GET|POST] [PATH]     e.g. the bench-peers R3 requests:
#   bench/ab.sh /tmp/base/RuianSamples.Api.dll /tmp/new/RuianSamples.Api.dll /tmp/peers-run/lines/R3.product.lines
#
# LINES: one request per line (GET: a path; POST: a JSON body sent to PATH), replayed in turn by bench/lua/cycle.lua.
# Knobs: ROUNDS (3) DURATION (4, seconds) CONNECTIONS (32) PORT (5151; B gets PORT+1) DATA (a data directory holding
# catalog.db, read by both servers; default: each build imports the seeds beside it into a directory of its own)
# DATA_B (B's own copy of DATA, when B migrates the schema: the older build refuses a database newer than itself).
set -euo pipefail
A=$1 B=$2 LINES=$3 METHOD=${4:-GET} TARGET=${5:-/}
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-4} CONNECTIONS=${CONNECTIONS:-32} PORT=${PORT:-5151}
HERE=$(cd "$(dirname "$0")" && pwd)
SEEDS=$(dirname "$A")/seeds
if [ -z "${DATA:-}" ]; then
  DATA=$(mktemp -d) DATA_B=${DATA_B:-$(mktemp -d)}
  dotnet "$A" reimport --Catalog:DataDirectory="$DATA" --Catalog:SeedsDirectory="$SEEDS" >/dev/null
  dotnet "$B" reimport --Catalog:DataDirectory="$DATA_B" --Catalog:SeedsDirectory="$(dirname "$B")/seeds" >/dev/null
fi
DATA_B=${DATA_B:-$DATA}
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
. "$HERE/lib/api.sh"
start_api "$A" "$PORT" "$DATA"; start_api "$B" $((PORT + 1)) "$DATA_B"
export BENCH_LINES=$LINES BENCH_METHOD=$METHOD BENCH_PATH=$TARGET
run() { wrk -t1 -c"$CONNECTIONS" -d"$1"s -H "X-Bench-Bypass-Cache: 1" -s "$HERE/lua/cycle.lua" "http://127.0.0.1:$2" | awk '/Requests\/sec/ { print $2 }'; }
for port in "$PORT" $((PORT + 1)); do run 2 "$port" >/dev/null; done # warm-up: JIT tiers, pools
echo "round | A req/s | B req/s | B ÷ A | load average"
for round in $(seq 1 "$ROUNDS"); do
  a=$(run "$DURATION" "$PORT"); b=$(run "$DURATION" $((PORT + 1)))
  echo "$round | $a | $b | $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }') | $(cut -d' ' -f1 /proc/loadavg)"
done
