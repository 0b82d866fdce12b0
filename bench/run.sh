#!/usr/bin/env bash
# bench/run.sh: latency and throughput of each scenario in bench/scenarios.tsv, on the real catalog and on
# SYNTHETIC catalogs (bench/Synthetic, imported by the API's own reimport command), each as a ratio to the
# same-run ceiling (/bench/ceiling: pre-serialized bytes, mapped only with Bench__Enabled=true).
#
#   bench/run.sh                      real catalog + 10^5 synthetic records, 10 s per scenario
#   SIZES="100 1000 10000 100000" bench/run.sh
#   DURATION=2 SIZES=100 bench/run.sh     a smoke run (CI)
#
# Loopback only. Raw wrk output and databases go to bench/results/ (git-ignored). Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
SIZES=${SIZES:-100000}
PORT=${PORT:-5097}
WARMUP=${WARMUP:-3s}
RESULTS=bench/results
RUN=$RESULTS/run-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RUN"

if ! command -v wrk >/dev/null; then
  (apt-get install -y wrk || (apt-get update && apt-get install -y wrk)) >/dev/null
fi

echo "== build (Release)" >&2
dotnet publish src/RuianSamples.Api -c Release -o $RESULTS/publish --nologo -v quiet >&2
dotnet build bench/Synthetic -c Release -o $RESULTS/synthetic --nologo -v quiet >&2
API="dotnet $RESULTS/publish/RuianSamples.Api.dll"

to_ms() { # wrk prints 812.00us, 1.23ms, 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

SERVER=""
stop_server() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; fi; }
trap stop_server EXIT

ROWS=()
for catalog in real $SIZES; do
  data="$RUN/data-$catalog"
  if [ "$catalog" = real ]; then
    seeds="$RESULTS/publish/seeds"
  else
    seeds="$RUN/seeds-synthetic-$catalog"
    echo "== generate $catalog SYNTHETIC records" >&2
    dotnet $RESULTS/synthetic/Synthetic.dll "$RESULTS/publish/seeds" "$seeds" "$catalog" >&2
  fi
  echo "== import $catalog" >&2
  $API reimport --Catalog:DataDirectory="$data" --Catalog:SeedsDirectory="$seeds" >&2

  Bench__Enabled=true ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    $API --urls "http://127.0.0.1:$PORT" --Catalog:DataDirectory="$data" --Catalog:SeedsDirectory="$seeds" >"$RUN/server-$catalog.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break; sleep 0.2; done

  measure() { # name cache path -> appends a row; prints req/s
    local name=$1 cache=$2 path=$3 header=() url raw code rps p50 p99 non2xx errors
    [ "$cache" = bypass ] && header=(-H "X-Bench-Bypass-Cache: 1")
    url="http://127.0.0.1:$PORT$path"
    code=$(curl -s -o /dev/null -w '%{http_code}' "${header[@]}" "$url")
    wrk -t1 -c2 -d"$WARMUP" "${header[@]}" "$url" >/dev/null # warm-up: JIT tiers, pools, page cache
    raw="$RUN/wrk-$catalog-$name.txt"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "${header[@]}" "$url" >"$raw"
    rps=$(awk '/^Requests\/sec/ { print $2 }' "$raw")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$raw")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$raw")")
    non2xx=$(awk '/Non-2xx/ { print $NF }' "$raw"); non2xx=${non2xx:-0}
    errors=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$raw"); errors=${errors:-0}
    ROWS+=("$catalog|$name|$cache|$code|$rps|$p50|$p99|$errors|$non2xx")
  }
  # The ceiling opens and closes each catalog's run; ratios use the better of the two (the process warms up).
  measure ceiling cached /bench/ceiling
  while IFS=$'\t' read -r name catalogs cache path; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    [[ "$catalogs" == real && "$catalog" != real ]] && continue
    measure "$name" "$cache" "$path"
  done < bench/scenarios.tsv
  measure ceiling-again cached /bench/ceiling
  stop_server
done

echo
echo "bench/run.sh on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), ${DURATION}s per scenario, $CONNECTIONS connections; raw output in $RUN"
echo
echo "| catalog | scenario | cache | status | req/s | ratio to ceiling | p50 ms | p99 ms | socket errors | non-2xx |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
declare -A CEILING
for row in "${ROWS[@]}"; do
  IFS='|' read -r catalog name _ _ rps _ <<<"$row"
  if [[ "$name" == ceiling* ]]; then
    CEILING[$catalog]=$(awk -v a="${CEILING[$catalog]:-0}" -v b="$rps" 'BEGIN { print (b > a ? b : a) }')
  fi
done
for row in "${ROWS[@]}"; do
  IFS='|' read -r catalog name cache code rps p50 p99 errors non2xx <<<"$row"
  ratio=$(awk -v r="$rps" -v c="${CEILING[$catalog]}" 'BEGIN { printf "%.3f", r / c }')
  echo "| $catalog | $name | $cache | $code | $rps | $ratio | $p50 | $p99 | $errors | $non2xx |"
done
