#!/usr/bin/env bash
# bench/cpu-ab.sh — CPU per request of two published builds (or one build on two catalogs), uncached, alternating wrk
# runs: the server's utime+stime (/proc/PID/stat) over the run divided by wrk's requests. Less sensitive to the rest of
# the machine's load than req/s, so it is the instrument when other work shares the cores.
#
#   bench/cpu-ab.sh A.dll DATA_A B.dll DATA_B LINES      e.g. one build on the 10^2 and the 10^5 catalog (growth in CPU):
#   bench/cpu-ab.sh /tmp/new/RuianSamples.Api.dll RUN/data-100 /tmp/new/RuianSamples.Api.dll RUN/data-100000 en.lines
#
# LINES: one GET path per line, or one GraphQL request body per line (POSTed to /graphql), replayed in turn by bench/lua/cycle.lua. Knobs: ROUNDS (4) DURATION (8 s) CONNECTIONS
# (16) PORT (5161; B gets PORT+1). Each row: µs of CPU per request and wrk's p50, for A then B, and B ÷ A.
set -euo pipefail
A=$1 DA=$2 B=$3 DB=$4 LINES=$5
ROUNDS=${ROUNDS:-4} DURATION=${DURATION:-8} CONNECTIONS=${CONNECTIONS:-16} PORT=${PORT:-5161}
HERE=$(cd "$(dirname "$0")" && pwd)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
. "$HERE/lib/api.sh"
start_api "$A" "$PORT" "$DA"; APID=$API_PID; start_api "$B" $((PORT + 1)) "$DB"; BPID=$API_PID
if [[ $(head -c1 "$LINES") == "{" ]]; then export BENCH_METHOD=POST BENCH_PATH=/graphql; else export BENCH_METHOD=GET BENCH_PATH=$(head -1 "$LINES"); fi
export BENCH_LINES=$LINES
run() {
  wrk -t2 -c"$CONNECTIONS" -d"$1"s --latency -H "X-Bench-Bypass-Cache: 1" -s "$HERE/lua/cycle.lua" "http://127.0.0.1:$2$BENCH_PATH" |
    awk '/^ +[0-9]+ requests in/ { n = $1 } $1 == "50%" { p = $2 } END { print n, p }'
}
per() { # port pid: "µs-per-request p50"
  local t0 r t1; t0=$(ticks "$2"); r=$(run "$DURATION" "$1"); t1=$(ticks "$2"); set -- $r
  echo "$(us_per_request $((t1 - t0)) "$1") $2"
}
run 3 "$PORT" >/dev/null; run 3 $((PORT + 1)) >/dev/null # warm-up: JIT tiers, pools, page cache
echo "| round | A µs/request, p50 | B µs/request, p50 | B ÷ A (CPU) | load average |"
echo "|---:|---|---|---:|---:|"
for round in $(seq 1 "$ROUNDS"); do
  a=$(per "$PORT" "$APID"); b=$(per $((PORT + 1)) "$BPID")
  ab_row "$round" "$a" "$b"
done
