#!/usr/bin/env bash
# bench/crawl-ab.sh — first-time queries, as a crawler asks them: two published builds, alternating, each round on a
# fresh server (so nothing it measures was asked before), CPU per request and RSS after. The catalog's own index tokens
# are the queries (most frequent first, each as /api/v1/search?q=<token>): every fifth warms the server (JIT tiers,
# pools), the other four fifths are measured, and a run of DURATION seconds asks each at most once.
#
#   bench/crawl-ab.sh A.dll DATA_A B.dll DATA_B            DATA_A and DATA_B: two copies of one catalog directory
#
# Needs wrk, node and the sqlite3 command (Debian: apt-get install sqlite3) to read the tokens.
#
# Knobs: ROUNDS (3) DURATION (3 s) CONNECTIONS (16) PORT (5171) BYPASS (1: X-Bench-Bypass-Cache, so the response
# cache is out of it; 0: as a client asks, every response offered to the response cache). Each row: µs of CPU per
# request, wrk's p50 and the server's VmRSS after, for A then B.
set -euo pipefail
A=$1 DA=$2 B=$3 DB=$4
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-3} CONNECTIONS=${CONNECTIONS:-16} PORT=${PORT:-5171} BYPASS=${BYPASS:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
PIDS=()
WORK=$(mktemp -d)
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
. "$HERE/lib/api.sh"
header=(); [ "$BYPASS" = 1 ] && header=(-H "X-Bench-Bypass-Cache: 1")
load() { # lines seconds port -> "requests p50"
  BENCH_LINES=$1 BENCH_METHOD=GET wrk -t2 -c"$CONNECTIONS" -d"$2"s --latency "${header[@]}" -s "$HERE/lua/cycle.lua" \
    "http://127.0.0.1:$3/" | awk '/^ +[0-9]+ requests in/ { n = $1 } $1 == "50%" { p = $2 } END { print n, p }'
}
search_token_lines "$DA" >"$WORK/all.lines"
awk 'NR % 5 == 0' "$WORK/all.lines" >"$WORK/warm.lines"; awk 'NR % 5 != 0' "$WORK/all.lines" >"$WORK/measure.lines"
echo "| round | A µs/request, p50, RSS MB | B µs/request, p50, RSS MB | B ÷ A (CPU) | load average |"
echo "|---:|---|---|---:|---:|"
for round in $(seq 1 "$ROUNDS"); do
  row=()
  for side in A B; do
    if [ $side = A ]; then dll=$A data=$DA; else dll=$B data=$DB; fi
    start_api "$dll" "$PORT" "$data"
    load "$WORK/warm.lines" 3 "$PORT" >/dev/null
    t0=$(ticks "$API_PID"); set -- $(load "$WORK/measure.lines" "$DURATION" "$PORT"); t1=$(ticks "$API_PID")
    rss=$(rss_mb "$API_PID")
    row+=("$(us_per_request $((t1 - t0)) "$1") $2 $rss")
    kill "$API_PID"; wait "$API_PID" 2>/dev/null || true
  done
  ab_row "$round" "${row[0]}" "${row[1]}"
done
