#!/usr/bin/env bash
# bench/growth-ab.sh — the growth table's ratios measured side by side: one build serving the smallest and the largest
# synthetic catalog of a bench/run.sh run at once, loaded in alternating wrk runs (round by round, the same machine load
# on both), p50 of each and their ratio per round. bench/run.sh measures each catalog minutes apart, and one five-second
# row moves by a fifth between runs; this is the instrument for a growth verdict.
#
#   bench/growth-ab.sh API.dll bench/results/run-…            every growth scenario of bench/scenarios.tsv
#   ONLY=search-en bench/growth-ab.sh API.dll bench/results/run-…
#
# The run directory holds data-$SMALL and data-$LARGE (the imported catalogs) and the request lists bench/run.sh wrote
# (lines-<size>-<scenario>-bypassed.txt). Knobs: SMALL (100), LARGE (100000), ROUNDS (3), DURATION (5 s), CONNECTIONS
# (16), THREADS (2), PORT (5171; the large catalog's server gets PORT+1), ONLY (a regular expression on the names).
set -euo pipefail
API=$1 RUN=$(cd "$2" && pwd)
SMALL=${SMALL:-100} LARGE=${LARGE:-100000} ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-5} CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2} PORT=${PORT:-5171} ONLY=${ONLY:-.}
HERE=$(cd "$(dirname "$0")" && pwd)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
. "$HERE/lib/api.sh"
start_api "$API" "$PORT" "$RUN/data-$SMALL"; start_api "$API" $((PORT + 1)) "$RUN/data-$LARGE"
p50() { # port lines-file seconds: wrk's p50 in ms
  local method=GET path
  if [[ "$2" == *graphql* ]]; then method=POST path=/graphql; else path=$(head -1 "$2"); fi
  BENCH_LINES=$2 BENCH_METHOD=$method BENCH_PATH=$path wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3"s --latency \
    -H "X-Bench-Bypass-Cache: 1" -s "$HERE/lua/cycle.lua" "http://127.0.0.1:$1$path" |
    awk '$1 == "50%" { v = $2; if (v ~ /us$/) { sub("us", "", v); v /= 1000 } else if (v ~ /ms$/) sub("ms", "", v); else { sub("s", "", v); v *= 1000 }; printf "%.2f", v }'
}
echo "| scenario | round | p50 ms at $SMALL | p50 ms at $LARGE | growth | load average |"
echo "|---|---:|---:|---:|---:|---:|"
grep -v '^#' "$HERE/scenarios.tsv" | awk -F'\t' '$2 == "yes" { print $1 }' | grep -E "$ONLY" | while read -r name; do
  small="$RUN/lines-$SMALL-$name-bypassed.txt" large="$RUN/lines-$LARGE-$name-bypassed.txt"
  p50 "$PORT" "$small" 2 >/dev/null; p50 $((PORT + 1)) "$large" 2 >/dev/null # warm-up: JIT tiers, pools, page cache
  ratios=()
  for round in $(seq 1 "$ROUNDS"); do
    a=$(p50 "$PORT" "$small" "$DURATION"); b=$(p50 $((PORT + 1)) "$large" "$DURATION")
    ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }'); ratios+=("$ratio")
    echo "| $name | $round | $a | $b | ${ratio}x | $(cut -d' ' -f1 /proc/loadavg) |"
  done
  echo "| $name | median | | | $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')x | |"
done
