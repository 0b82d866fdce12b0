#!/usr/bin/env bash
# bench/memory-at-rest.sh — what the API holds after a load and once it has been quiet (issue 17): every scenario of a
# bench/run.sh run directory (its lines files: GET paths, or GraphQL bodies POSTed to /graphql; cache allowed or
# bypassed as each file's name says) for DURATION seconds each, then VmRSS and where it lies (/proc/PID/smaps:
# anonymous, JIT-compiled code, mapped files) right after the load and REST seconds later (the API gives memory back
# after 10 s without a request, Memory:TrimWhenIdleSeconds), and what the GC heap holds then (dotnet-gcdump, if installed).
#
#   bench/memory-at-rest.sh API.dll DATA RUN [CATALOG]     e.g. after bench/run.sh:
#   bench/memory-at-rest.sh /tmp/api/RuianSamples.Api.dll bench/results/run-…/data-real bench/results/run-… real
#
# CATALOG picks the lines files (lines-CATALOG-*.txt; default real). Knobs: DURATION (2), CONNECTIONS (16), REST (14),
# PORT (5186). dotnet-gcdump: `dotnet tool install -g dotnet-gcdump`.
set -euo pipefail
API=$1 DATA=$2 RUN=$3 CATALOG=${4:-real}
DURATION=${DURATION:-2} CONNECTIONS=${CONNECTIONS:-16} REST=${REST:-14} PORT=${PORT:-5186}
HERE=$(cd "$(dirname "$0")" && pwd)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
. "$HERE/lib/api.sh"
start_api "$API" "$PORT" "$DATA" --Startup:JitProfile=false
BASE=http://127.0.0.1:$PORT
parts() {
  awk '/^[0-9a-f]+-[0-9a-f]+ / { kind = ($6 == "") ? "anon" : ($6 ~ /doublemapper/) ? "jit" : ($6 ~ /^\[/) ? "anon" : "file" }
    /^Rss:/ { kb[kind] += $2 }
    END { printf "%d | %d | %d", kb["anon"] / 1024, kb["jit"] / 1024, kb["file"] / 1024 }' "/proc/$API_PID/smaps"
}
for lines in "$RUN"/lines-"$CATALOG"-*.txt; do
  case $lines in *ceiling*) continue ;; esac
  header=(); [[ $lines == *bypassed* ]] && header=(-H "X-Bench-Bypass-Cache: 1")
  if [ "$(head -c1 "$lines")" = "{" ]; then method=POST path=/graphql; else method=GET path=/; fi
  BENCH_LINES=$lines BENCH_METHOD=$method BENCH_PATH=$path wrk -t2 -c"$CONNECTIONS" -d"$DURATION"s "${header[@]}" \
    -s "$HERE/lua/cycle.lua" "$BASE$path" | awk -v f="${lines##*/}" '/Requests\/sec/ { printf "  %-70s %10s req/s\n", f, $2 }'
done
after="| after the load | $(rss_mb "$API_PID") | $(parts) |"
sleep "$REST"
rest="| $REST s later (quiet) | $(rss_mb "$API_PID") | $(parts) |"
echo
echo "| $CATALOG | RSS MB | anonymous MB | JIT code MB | mapped files MB |"
echo "|---|---:|---:|---:|---:|"
echo "$after"
echo "$rest"
if command -v dotnet-gcdump >/dev/null || [ -x ~/.dotnet/tools/dotnet-gcdump ]; then
  echo
  "$(command -v dotnet-gcdump || echo ~/.dotnet/tools/dotnet-gcdump)" report -p "$API_PID" 2>/dev/null | head -20 || true
fi
