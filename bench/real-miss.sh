#!/usr/bin/env bash
# bench/real-miss.sh — what a real response-cache miss costs: one pass over PAGES distinct reforms pages (each URL asked
# once, without X-Bench-Bypass-Cache, so each goes through the caching middleware's miss path: rendered, held, hashed,
# stored), for two published builds one after the other on the same catalog, each on a fresh server warmed up with the
# same pages bypassed (the JIT settled, the response cache empty). The bypassed benches skip the middleware; this does not.
#
#   bench/real-miss.sh A.dll B.dll DATA          e.g. DATA = a bench/run.sh run's data-100000 (165 KB pages of 50)
#
# Knobs: PAGES (400), LIMIT (50 reforms a page), ROUNDS (2, alternating A and B), PORT (5199), PARALLEL (4 curl processes).
# Each row: KB allocated per miss (the runtime's own counter at /metrics), gen2 collections during the pass, CPU µs per
# miss (utime+stime over the pass) and VmRSS after it.
set -euo pipefail
A=$1 B=$2 DATA=$3
PAGES=${PAGES:-400} LIMIT=${LIMIT:-50} ROUNDS=${ROUNDS:-2} PORT=${PORT:-5199} PARALLEL=${PARALLEL:-4}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
. "$HERE/lib/api.sh"
base="http://127.0.0.1:$PORT"

metrics() { # "allocated-bytes gen2-collections"
  curl -sf "$base/metrics" | awk '/^dotnet_gc_heap_total_allocated_bytes_total/ { a = $2 } /^dotnet_gc_collections_total/ && /gen2/ { g = $2 } END { print a, g }'
}

echo "| round | build | KB allocated per miss | gen2 collections | CPU µs per miss | RSS after MB |"
echo "|---:|---|---:|---:|---:|---:|"
for round in $(seq 1 "$ROUNDS"); do
  for dll in "$A" "$B"; do
    start_api "$dll" "$PORT" "$DATA"; pid=$API_PID
    if [[ ! -s "$WORK/pages.lines" ]]; then # the pages, followed by links.next (bypassed: nothing is stored)
      next="/api/v1/reforms?limit=$LIMIT"
      for _ in $(seq 1 "$PAGES"); do
        echo "$next" >>"$WORK/pages.lines"
        next=$(curl -sf -H "X-Bench-Bypass-Cache: 1" "$base$next" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const l=JSON.parse(s).links;process.stdout.write(l&&l.next?l.next:"")})')
        [[ -n "$next" ]] || break
      done
    fi
    BENCH_LINES="$WORK/pages.lines" BENCH_METHOD=GET wrk -t2 -c8 -d8s -H "X-Bench-Bypass-Cache: 1" -s "$HERE/lua/cycle.lua" "$base/" >/dev/null
    read -r a0 g0 <<<"$(metrics)"; t0=$(ticks "$pid")
    sed "s|^|$base|" "$WORK/pages.lines" | xargs -P "$PARALLEL" -I{} curl -sf -o /dev/null {}
    read -r a1 g1 <<<"$(metrics)"; t1=$(ticks "$pid")
    n=$(wc -l <"$WORK/pages.lines")
    rss=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status")
    awk -v r="$round" -v b="$dll" -v a0="$a0" -v a1="$a1" -v g=$((g1 - g0)) -v n="$n" -v cpu="$(us_per_request $((t1 - t0)) "$n")" -v rss="$rss" \
      'BEGIN { printf "| %d | %s | %.0f | %d | %s | %d |\n", r, b, (a1 - a0) / n / 1024, g, cpu, rss }'
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
