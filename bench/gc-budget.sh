#!/usr/bin/env bash
# bench/gc-budget.sh — what the GC's young generation costs on this machine under uncached load, with the runtime's
# own settings and with each variant given (environment assignments), round by round: req/s, wrk's p50, CPU per
# request, gen0 collections per second, the share of wall time the GC held the process paused, bytes allocated per
# request (from the API's own /metrics) and VmRSS after the load.
#
#   bench/gc-budget.sh API.dll DATA LINES [VARIANT …]      e.g.
#   bench/gc-budget.sh /tmp/api/RuianSamples.Api.dll RUN/data-100000 en.lines "DOTNET_GCgen0size=0x1000000" "DOTNET_gcServer=1"
#
# A VARIANT is one or more space-separated NAME=VALUE pairs for the server's environment; the runtime's own settings
# always run first in each round. LINES: one GET path per line, or one GraphQL body per line (POSTed to /graphql).
# Knobs: ROUNDS (2), WARM (15 s), DURATION (8 s), CONNECTIONS (16), PORT (5197). Each server is started afresh, warmed
# (JIT tiers, pools, page cache), measured and stopped before the next, so they never share the cores.
set -euo pipefail
API=$1 DATA=$(realpath -m "$2") LINES=$(realpath -m "$3"); shift 3
VARIANTS=("" "$@")
ROUNDS=${ROUNDS:-2} WARM=${WARM:-15} DURATION=${DURATION:-8} CONNECTIONS=${CONNECTIONS:-16} PORT=${PORT:-5197}
HERE=$(cd "$(dirname "$0")" && pwd)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
. "$HERE/lib/api.sh"
if [[ $(head -c1 "$LINES") == "{" ]]; then export BENCH_METHOD=POST BENCH_PATH=/graphql; else export BENCH_METHOD=GET BENCH_PATH=$(head -1 "$LINES"); fi
export BENCH_LINES=$LINES
load() { # seconds: "requests p50"
  wrk -t2 -c"$CONNECTIONS" -d"$1"s --latency -H "X-Bench-Bypass-Cache: 1" -s "$HERE/lua/cycle.lua" "http://127.0.0.1:$PORT$BENCH_PATH" |
    awk '/^ +[0-9]+ requests in/ { n = $1 } $1 == "50%" { p = $2 } END { print n, p }'
}
gc_metrics() { # "gen0-collections allocated-bytes pause-seconds"
  curl -sf "http://127.0.0.1:$PORT/metrics" | awk '
    /^dotnet_gc_collections_total/ && /gen0/ { g = $2 } /^dotnet_gc_heap_total_allocated_bytes_total/ { a = $2 }
    /^dotnet_gc_pause_time_seconds_total/ { p = $2 } END { printf "%.0f %.0f %.6f\n", g, a, p }'
}
echo "| round | settings | req/s | p50 | CPU µs/request | gen0 GCs/s | paused | KB allocated/request | RSS after MB |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for round in $(seq 1 "$ROUNDS"); do
  for variant in "${VARIANTS[@]}"; do
    # The variant's assignments for this server's start only (start_api's server inherits the environment).
    names=(); for assignment in $variant; do names+=("${assignment%%=*}"); done
    # shellcheck disable=SC2086 # a variant is a list of assignments
    [ ${#names[@]} -eq 0 ] || export $variant
    start_api "$API" "$PORT" "$DATA"; pid=$API_PID
    [ ${#names[@]} -eq 0 ] || unset "${names[@]}"
    load "$WARM" >/dev/null
    read -r g0 a0 p0 <<<"$(gc_metrics)"; t0=$(ticks "$pid")
    read -r n p50 <<<"$(load "$DURATION")"
    read -r g1 a1 p1 <<<"$(gc_metrics)"; t1=$(ticks "$pid")
    awk -v r="$round" -v v="${variant:-runtime defaults}" -v n="$n" -v p="$p50" -v d="$DURATION" -v cpu="$(us_per_request $((t1 - t0)) "$n")" \
      -v g=$((g1 - g0)) -v a=$((a1 - a0)) -v pa="$(awk -v a="$p0" -v b="$p1" 'BEGIN { print b - a }')" -v rss="$(rss_mb "$pid")" \
      'BEGIN { printf "| %d | %s | %.0f | %s | %d | %.0f | %.1f %% | %.1f | %d |\n", r, v, n / d, p, cpu, g / d, 100 * pa / d, a / n / 1024, rss }'
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
