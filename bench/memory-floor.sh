#!/usr/bin/env bash
# bench/memory-floor.sh — what an ASP.NET Core API on this stack holds after load at the least, beside ours (issue 17's
# RSS budget): bench/memory-floor (the same runtime, GC mode, ReadyToRun publish, SQLite, Dapper and System.Text.Json,
# two endpoints and nothing else) and the API, one after the other on the same imported catalog, each loaded with
# uncached reads of the same shapes (search pages of up to 20 rows; stored 15 KB record documents), then measured:
#
#   bench/memory-floor.sh API.dll          e.g. after: dotnet publish src/RuianSamples.Api -c Release -o /tmp/api
#
# Knobs: DURATION (5 s per load step), CONNECTIONS (32), PORT (5161), REST (14 s of quiet before the API's last row).
# Prints VmRSS after start and after load, the peak (VmHWM), and where the resident memory lies after load: anonymous
# (GC heap, native heaps), JIT-compiled code (/memfd:doublemapper) and mapped files (assemblies, native libraries).
set -euo pipefail
API=$1
DURATION=${DURATION:-5} CONNECTIONS=${CONNECTIONS:-32} PORT=${PORT:-5161}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
dotnet publish "$HERE/memory-floor" -c Release -o "$WORK/floor" >/dev/null
dotnet "$API" reimport --Catalog:DataDirectory="$WORK/data" --Catalog:SeedsDirectory="$(dirname "$API")/seeds" >/dev/null

wait_for() { for _ in $(seq 1 3000); do curl -sf -o /dev/null "$1" && return 0; sleep 0.01; done; echo "no answer from $1" >&2; exit 1; }
load() { # base url, then one path per load step
  local base=$1; shift
  for path in "$@"; do
    wrk -t1 -c"$CONNECTIONS" -d"$DURATION"s -H "X-Bench-Bypass-Cache: 1" "$base$path" | awk -v p="$path" '/Requests\/sec/ { printf "    %-48s %10s req/s\n", p, $2 }'
  done
}
measure() { # name pid
  local rss hwm
  rss=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$2/status") hwm=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$2/status")
  awk -v name="$1" -v rss="$rss" -v hwm="$hwm" -v start="$3" '
    /^[0-9a-f]+-[0-9a-f]+ / { kind = ($6 == "") ? "anon" : ($6 ~ /doublemapper/) ? "jit" : ($6 ~ /^\[/) ? "anon" : "file" }
    /^Rss:/ { kb[kind] += $2 }
    END { printf "| %s | %d | %d | %d | %d | %d | %d |\n", name, start, rss, hwm, kb["anon"] / 1024, kb["jit"] / 1024, kb["file"] / 1024 }' "/proc/$2/smaps"
}
rss_now() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$1/status"; }

Q1=%E5%8C%BB%E4%BF%9D Q2=%E6%9C%8D%E5%8A%A1 # 医保, 服务
rows=()
echo "== floor (bench/memory-floor)"
(cd "$WORK/floor" && exec env ASPNETCORE_ENVIRONMENT=Production dotnet MemoryFloor.dll --urls "http://127.0.0.1:$PORT" --Catalog="$WORK/data/catalog.db") >/dev/null 2>&1 &
PIDS+=($!); floor_pid=$!
wait_for "http://127.0.0.1:$PORT/document/1"; sleep 1; start=$(rss_now $floor_pid)
load "http://127.0.0.1:$PORT" "/search?q=$Q1" "/document/3" "/search?q=$Q2" "/document/7" "/search?q=commission"
rows+=("$(measure floor $floor_pid "$start")")
kill $floor_pid; wait $floor_pid 2>/dev/null || true

echo "== the API ($API)"
. "$HERE/lib/api.sh"
start_api "$API" "$PORT" "$WORK/data" --Startup:JitProfile=false; api_pid=$API_PID
sleep 1; start=$(rss_now $api_pid)
load "http://127.0.0.1:$PORT" "/api/v1/search?q=$Q1" "/api/v1/samples/3" "/api/v1/search?q=$Q2" "/api/v1/samples/7" "/api/v1/search?q=commission"
rows+=("$(measure api $api_pid "$start")")
# The API gives memory back after 10 s without a request (Memory:TrimWhenIdleSeconds); the floor app has no such step.
sleep "${REST:-14}"
rows+=("$(measure "api, ${REST:-14} s later (quiet)" $api_pid "$start")")

echo
echo "| process | RSS after start MB | RSS after load MB | peak MB | anonymous MB | JIT code MB | mapped files MB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
