#!/usr/bin/env bash
# bench/first-time-ab.sh — first-time searches on a server past its warm-up (the JIT settled), two published builds
# alternating, each round on a fresh server. bench/crawl-ab.sh measures a fresh server's first seconds, where the JIT's
# instrumented code is much of the cost; this warms each server for WARMUP seconds with first-time searches of its own
# (half of the catalog's index tokens, each in three readings: grouped, grouped under a theme, flat), then sends the
# other half once each (grouped, as a reader asks) and divides the server's CPU by their number.
#
#   bench/first-time-ab.sh A.dll DATA_A B.dll DATA_B        DATA_A and DATA_B: two copies of one catalog directory
#
# Needs wrk, curl, node and the sqlite3 command. Knobs: ROUNDS (3) WARMUP (20 s) PORT (5181) PARALLEL (8 curl processes)
# SUFFIX (appended to each measured search, e.g. '&group=false&limit=11' for the flat list a type filter or an API client reads).
# Each row: µs of CPU per first-time request and VmRSS after, for A then B, and B ÷ A.
set -euo pipefail
A=$1 DA=$2 B=$3 DB=$4
ROUNDS=${ROUNDS:-3} WARMUP=${WARMUP:-20} PORT=${PORT:-5181} PARALLEL=${PARALLEL:-8} SUFFIX=${SUFFIX:-}
HERE=$(cd "$(dirname "$0")" && pwd)
PIDS=()
WORK=$(mktemp -d)
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
. "$HERE/lib/api.sh"
search_token_lines "$DA" >"$WORK/all.lines"
awk 'NR % 2 == 0' "$WORK/all.lines" >"$WORK/half.lines"
awk -v suffix="$SUFFIX" 'NR % 2 == 1 { print $0 suffix }' "$WORK/all.lines" >"$WORK/measure.lines"
# Three readings of each warm-up token (a reading is kept per query, filters and grouping, not per page size).
{ sed 's/$/\&limit=9/' "$WORK/half.lines"; sed 's/$/\&theme=public-services/' "$WORK/half.lines"; sed 's/$/\&group=false\&limit=7/' "$WORK/half.lines"; } |
  awk 'BEGIN { srand(1) } { print rand() "\t" $0 }' | sort -k1,1 | cut -f2 >"$WORK/warm.lines"
total=$(wc -l <"$WORK/measure.lines")
echo "first-time searches: $total index tokens measured once each, after ${WARMUP}s of $(wc -l <"$WORK/warm.lines") others"
echo "| round | A µs/request, RSS MB | B µs/request, RSS MB | B ÷ A (CPU) | load average |"
echo "|---:|---|---|---:|---:|"
for round in $(seq 1 "$ROUNDS"); do
  row=()
  for side in A B; do
    if [ $side = A ]; then dll=$A data=$DA; else dll=$B data=$DB; fi
    start_api "$dll" "$PORT" "$data"
    BENCH_LINES="$WORK/warm.lines" BENCH_METHOD=GET wrk -t2 -c16 -d"${WARMUP}s" -H "X-Bench-Bypass-Cache: 1" -s "$HERE/lua/cycle.lua" "http://127.0.0.1:$PORT/" >/dev/null
    t0=$(ticks "$API_PID")
    sed "s|^|http://127.0.0.1:$PORT|" "$WORK/measure.lines" | xargs -P "$PARALLEL" -n 100 curl -s -H "X-Bench-Bypass-Cache: 1" >/dev/null
    t1=$(ticks "$API_PID")
    rss=$(rss_mb "$API_PID")
    row+=("$(us_per_request $((t1 - t0)) "$total") $rss")
    kill "$API_PID"; wait "$API_PID" 2>/dev/null || true
  done
  ab_row "$round" "${row[0]}" "${row[1]}"
done
