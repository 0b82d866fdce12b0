#!/usr/bin/env bash
# bench/run.sh: every scenario of bench/scenarios.tsv (issue 7) against the real catalog and SYNTHETIC catalogs
# (bench/Synthetic, imported by the API's own reimport command), each as a ratio to the same-run ceiling
# (/bench/ceiling: pre-serialized bytes, mapped only with Bench__Enabled=true). Loopback only. Prints three
# markdown tables (scenarios, growth, process); raw wrk output and databases go to bench/results/ (git-ignored).
#
#   bench/run.sh                                   the default run: about 12 minutes on 2 cores
#   DURATION=1 WARMUP=0 FULL=100 GROWTH=100 COLD_RUNS=2 bench/run.sh      the CI smoke (under a minute plus the build)
#
# Knobs (environment):
#   FULL        catalogs measured with every scenario: "real" and/or synthetic sizes   (default "real 100000")
#   GROWTH      synthetic sizes measured with the growth scenarios (column growth=yes)  (default "100 1000 10000 100000")
#   DURATION    seconds of wrk per scenario (default 5); WARMUP: wrk warm-up before each (default 1s; 0 skips it)
#   CONNECTIONS, THREADS   wrk load (default 16 connections on 2 threads; a scenario may set fewer in its last column)
#   TIMEOUT     a request slower than this counts as a socket error (wrk --timeout, default 10s)
#   COLD_RUNS   process starts timed per FULL catalog (default 5; the median is printed)
#   MAX_PAGES   cap on the pages bench/prepare.mjs collects per paged scenario (default 2000)
#   PORT        loopback port (default 5097)
#   REST        seconds without requests after the load before "RSS at rest" is read (default 14: the API gives memory
#               back after 10 s of quiet, Memory:TrimWhenIdleSeconds, looking every 2.5 s; 0 skips the wait and the column)
#   ENGINE      sqlite (default), or postgres: every catalog also on PostgreSQL, beside SQLite in the same run (rows "real/pg",
#               "100000/pg"); the SQLite catalog is moved over with the API's own `copy --to postgres`. Uses RUIAN_BENCH_POSTGRES
#               (a maintenance-database connection string) or starts a throwaway cluster with tools/postgres-cluster.sh.
#   ONLY        a regular expression: only the scenarios whose names match it run (e.g. ONLY=search); the ceiling always runs
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-1s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
TIMEOUT=${TIMEOUT:-10s}
FULL=${FULL:-real 100000}
GROWTH=${GROWTH:-100 1000 10000 100000}
COLD_RUNS=${COLD_RUNS:-5}
PORT=${PORT:-5097}
REST=${REST:-14}
ENGINE=${ENGINE:-sqlite}
ENGINES=sqlite; [ "$ENGINE" = postgres ] && ENGINES="sqlite postgres"
ONLY=${ONLY:-}
BASE="http://127.0.0.1:$PORT"
RESULTS=bench/results
RUN=$RESULTS/run-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RUN"
STARTED=$SECONDS
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg) # other work on the machine skews absolute figures; the ratios much less

if curl -s -o /dev/null "$BASE/"; then # another server there would be measured instead of ours
  echo "bench/run.sh: something already listens on 127.0.0.1:$PORT; choose another PORT" >&2; exit 1
fi
if ! command -v wrk >/dev/null; then
  (apt-get install -y wrk || (apt-get update && apt-get install -y wrk)) >/dev/null
fi

echo "== build (Release)" >&2
rm -rf $RESULTS/publish
dotnet publish src/RuianSamples.Api -c Release -o $RESULTS/publish --nologo -v quiet >&2
dotnet build bench/Synthetic -c Release -o $RESULTS/synthetic --nologo -v quiet >&2
API=(dotnet $RESULTS/publish/RuianSamples.Api.dll)
PUBLISHED=$(du -sm $RESULTS/publish | cut -f1)

to_ms() { # wrk prints 812.00us, 1.23ms, 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
has() { [[ " $1 " == *" $2 "* ]]; }
mb() { awk -v key="$1:" '$1 == key { printf "%d", $2 / 1024 }' "/proc/$SERVER/status"; } # VmRSS or VmHWM of the server
now_ms() { echo $(($(date +%s%N) / 1000000)); }

SERVER=""
stop_server() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; fi; }
trap stop_server EXIT
start_server() { # catalog data seeds [engine settings…] -> SERVER; returns once a data request answers 200 (themes: no scenario's cache is warmed)
  # The bench measures queries: the per-address rate limit and the request log line are switched off explicitly.
  Bench__Enabled=true RateLimiting__Enabled=false Observability__RequestLogging=false ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    "${API[@]}" --urls "$BASE" --Catalog:DataDirectory="$2" --Catalog:SeedsDirectory="$3" "${@:4}" >>"$RUN/server-${1//\//-}.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 3000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/themes")" = 200 ] && return 0
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.01
  done
  echo "the server did not answer 200 (see $RUN/server-$1.log)" >&2; exit 1
}

PG_ADMIN=${RUIAN_BENCH_POSTGRES:-}
if [ "$ENGINE" = postgres ] && [ -z "$PG_ADMIN" ]; then
  pg_env=$(bash tools/postgres-cluster.sh start "$PWD/$RUN/pg" $((PORT + 1)))
  eval "$pg_env"; PG_ADMIN=$RUIAN_TEST_POSTGRES
  trap 'stop_server; bash tools/postgres-cluster.sh stop "$PWD/$RUN/pg"' EXIT
fi
pg_sql() { # statement, on the maintenance database
  local host port user
  host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$PG_ADMIN"); port=$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$PG_ADMIN"); user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$PG_ADMIN")
  "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql" -q -h "$host" -p "${port:-5432}" -U "$user" -d postgres -c "$1" >&2
}

ROWS=()   # catalog|name|cache|target|rps|p50|p99|errors|non2xx|statements
STATS=()  # catalog|import s|cold start ms|RSS after start|RSS after load|peak RSS|RSS at rest
CATALOGS=$( (has "$FULL" real && echo real; for s in $FULL $GROWTH; do [ "$s" != real ] && echo "$s"; done | sort -n | uniq) | xargs)
for catalog in $CATALOGS; do
  data="$RUN/data-$catalog"
  if [ "$catalog" = real ]; then
    seeds="$RESULTS/publish/seeds"
  else
    seeds="$RUN/seeds-synthetic-$catalog"
    echo "== generate $catalog SYNTHETIC records" >&2
    dotnet $RESULTS/synthetic/Synthetic.dll "$RESULTS/publish/seeds" "$seeds" "$catalog" >&2
  fi
  echo "== import $catalog" >&2
  t0=$(now_ms)
  "${API[@]}" reimport --Catalog:DataDirectory="$data" --Catalog:SeedsDirectory="$seeds" >&2
  sqlite_import_s=$(awk -v ms=$(($(now_ms) - t0)) 'BEGIN { printf "%.1f", ms / 1000 }')
  full=no; has "$FULL" "$catalog" && full=yes
  sqlite_catalog=$catalog
  for engine in $ENGINES; do
  catalog=$sqlite_catalog; import_s=$sqlite_import_s; settings=()
  if [ "$engine" = postgres ]; then
    catalog="$sqlite_catalog/pg"
    database="bench_${sqlite_catalog}_$$"
    pg_sql "DROP DATABASE IF EXISTS $database WITH (FORCE)"
    pg_sql "CREATE DATABASE $database TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
    settings=(--Catalog:Engine=postgres "--ConnectionStrings:Catalog=$(sed "s/Database=[^;]*/Database=$database/" <<<"$PG_ADMIN")")
    echo "== copy $sqlite_catalog to PostgreSQL" >&2
    t0=$(now_ms)
    "${API[@]}" copy --to postgres --Catalog:DataDirectory="$data" --Catalog:SeedsDirectory="$seeds" "${settings[1]}" >&2
    import_s=$(awk -v ms=$(($(now_ms) - t0)) 'BEGIN { printf "%.1f", ms / 1000 }')
  fi

  cold="-"
  if [ $full = yes ]; then # process start to the first 200 of a data request, median of COLD_RUNS starts
    echo "== cold start x$COLD_RUNS" >&2
    times=()
    for _ in $(seq 1 "$COLD_RUNS"); do
      t0=$(now_ms); start_server "$catalog" "$data" "$seeds" "${settings[@]}"; times+=($(($(now_ms) - t0))); stop_server
    done
    cold=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] " (" v[1] "-" v[NR] ")" }')
  fi

  start_server "$catalog" "$data" "$seeds" "${settings[@]}"
  sleep 1
  rss_start=$(mb VmRSS)
  # The CSV export streams: the peak RSS while downloading it three times should not grow with its size.
  hwm_before=$(mb VmHWM)
  csv_kb=$(($(curl -s -o /dev/null -w '%{size_download}' "$BASE/api/v1/export/figures.csv") / 1024))
  for _ in 1 2; do curl -s -o /dev/null "$BASE/api/v1/export/figures.csv"; done
  csv_hwm=$(mb VmHWM)

  measure() { # name cache target kind arg [connections]
    local name=$1 cache=$2 target=$3 kind=$4 arg=$5 connections=${6:-$CONNECTIONS} header=() bypass="" raw lines head method path count script=() statements bytes
    [ "$cache" = bypassed ] && header=(-H "X-Bench-Bypass-Cache: 1") && bypass=bypass
    lines="$RUN/lines-${catalog//\//-}-$name-$cache.txt"
    echo "   $catalog $name ($cache)" >&2
    head=$(node bench/prepare.mjs lines "$kind" "$BASE" "$arg" "$lines" $bypass)
    read -r method path count statements bytes <<<"$head"
    [[ "$name" == ceiling* ]] && statements="-"
    if [ "$method" = GET ] && [ "$count" = 1 ]; then path=$(cat "$lines"); else script=(-s bench/lua/cycle.lua); fi
    export BENCH_LINES="$lines" BENCH_METHOD="$method" BENCH_PATH="$path"
    [ "$WARMUP" != 0 ] && wrk -t1 -c2 -d"$WARMUP" "${header[@]}" "${script[@]}" "$BASE$path" >/dev/null # warm-up: JIT tiers, pools, page cache
    raw="$RUN/wrk-${catalog//\//-}-$name-$cache.txt"
    wrk -t"$THREADS" -c"$connections" -d"${DURATION}s" --timeout "$TIMEOUT" --latency "${header[@]}" "${script[@]}" "$BASE$path" >"$raw"
    local rps p50 p99 non2xx errors
    rps=$(awk '/^Requests\/sec/ { print $2 }' "$raw")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$raw")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$raw")")
    non2xx=$(awk '/Non-2xx/ { print $NF }' "$raw"); non2xx=${non2xx:-0}
    errors=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$raw"); errors=${errors:-0}
    # The same-size ceiling (full catalogs): /bench/ceiling?bytes= of this scenario's mean body, with the same load, right after it.
    local same="-"
    if [[ "$name" != ceiling* ]] && [ $full = yes ]; then
      wrk -t"$THREADS" -c"$connections" -d"${DURATION}s" --timeout "$TIMEOUT" "$BASE/bench/ceiling?bytes=$bytes" >"$raw.same-size"
      same=$(awk '/^Requests\/sec/ { print $2 }' "$raw.same-size")
    fi
    ROWS+=("$catalog|$name|$cache|$target|$rps|$p50|$p99|$errors|$non2xx|$statements|$bytes|$same")
  }
  # The ceiling opens and closes each catalog's run; ratios use the better of the two (the process warms up).
  measure ceiling - - get /bench/ceiling
  while IFS=$'\t' read -r name growth cache target kind arg connections; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    [ $full = no ] && [ "$growth" != yes ] && continue
    [ -n "$ONLY" ] && ! [[ "$name" =~ $ONLY ]] && continue
    measure "$name" "$cache" "$target" "$kind" "$arg" "$connections"
  done < bench/scenarios.tsv
  measure ceiling-again - - get /bench/ceiling
  rss_load=$(mb VmRSS) hwm=$(mb VmHWM) rss_rest="-"
  if [ "$REST" != 0 ]; then sleep "$REST"; rss_rest=$(mb VmRSS); fi # what a quiet server keeps (issue 17)
  STATS+=("$catalog|$import_s|$cold|$rss_start|$csv_kb|$hwm_before -> $csv_hwm|$rss_load|$hwm|$rss_rest")
  stop_server
  done
done

declare -A CEILING
for row in "${ROWS[@]}"; do
  IFS='|' read -r catalog name _ _ rps _ <<<"$row"
  [[ "$name" == ceiling* ]] && CEILING[$catalog]=$(awk -v a="${CEILING[$catalog]:-0}" -v b="$rps" 'BEGIN { print (b > a ? b : a) }')
done
ratio() { awk -v r="$1" -v c="${CEILING[$2]}" 'BEGIN { printf "%.3f", r / c }'; }
meets() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { if (t == "-") print "-"; else if (op == "min") print (v >= t ? "yes" : "**no**"); else print (v <= t ? "yes" : "**no**") }'; }

echo
echo "bench/run.sh: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD)," \
  "${DURATION}s per scenario after ${WARMUP} warm-up, $CONNECTIONS connections on $THREADS threads, load average before $LOAD_BEFORE, took $(((SECONDS - STARTED) / 60)) min; raw output in $RUN"
echo
echo "Ratios: to the ceiling (/bench/ceiling, ~2 KB of precomputed bytes), and to the same-size ceiling (/bench/ceiling?bytes=<the scenario's"
echo "mean body size>, measured right after the scenario with the same load): what the scenario costs beyond writing that many bytes."
echo
echo "| catalog | scenario | response cache | req/s | ratio to ceiling | target | met | bytes/response | same-size ceiling req/s | ratio to same-size ceiling | p50 ms | p99 ms | SQL statements/request, first send | socket errors | non-2xx |"
echo "|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${ROWS[@]}"; do
  IFS='|' read -r catalog name cache target rps p50 p99 errors non2xx statements bytes same <<<"$row"
  has "$FULL" "${catalog%/pg}" || continue
  r=$(ratio "$rps" "$catalog")
  same_ratio=$(awk -v r="$rps" -v s="$same" 'BEGIN { if (s + 0 > 0) printf "%.3f", r / s; else print "-" }')
  echo "| $catalog | $name | $cache | $rps | $r | $target | $(meets "$r" "$target" min) | ${bytes:--} | ${same:--} | $same_ratio | $p50 | $p99 | $statements | $errors | $non2xx |"
done

SIZES=$(for s in $GROWTH; do echo "$s"; done | sort -n | xargs)
if [ -n "$SIZES" ]; then
  smallest=${SIZES%% *}; largest=${SIZES##* }
  echo
  echo "Growth: p50 in ms on SYNTHETIC catalogs of about N reforms and figures (half each, plus the real catalog); target: p50 at $largest no more than 1.5 x p50 at $smallest."
  echo
  printf '| scenario | response cache |'; for s in $SIZES; do printf ' %s |' "$s"; done; echo ' growth | met |'
  printf '|---|---|'; for _ in $SIZES; do printf -- '---:|'; done; printf -- '---:|---|\n'
  for suffix in $( [ "$ENGINE" = postgres ] && echo "- /pg" || echo "-"); do
  [ "$suffix" = - ] && suffix=""
  while IFS=$'\t' read -r name growth cache _; do
    [[ -z "$name" || "$name" == \#* || "$growth" != yes ]] && continue
    [ -n "$ONLY" ] && ! [[ "$name" =~ $ONLY ]] && continue
    printf '| %s%s | %s |' "$name" "$( [ -n "$suffix" ] && echo ' (PostgreSQL)')" "$cache"
    for s in $SIZES; do
      for row in "${ROWS[@]}"; do
        IFS='|' read -r catalog n c _ _ p50 _ <<<"$row"
        [ "$catalog" = "$s$suffix" ] && [ "$n" = "$name" ] && [ "$c" = "$cache" ] && printf ' %s |' "$p50" && eval "p50_$s=$p50"
      done
    done
    factor=$(eval "awk -v a=\$p50_$largest -v b=\$p50_$smallest 'BEGIN { printf \"%.2f\", a / b }'")
    echo " ${factor}x | $(meets "$factor" 1.5 max) |"
  done < bench/scenarios.tsv
  done
fi

echo
echo "Process: cold start = process start to the first 200 of /api/v1/themes (median of $COLD_RUNS, range); RSS = VmRSS in MB after start and after"
echo "the load, peak = VmHWM, at rest = VmRSS after $REST s without requests; the CSV columns: figures.csv's size, and the peak RSS before -> after downloading it 3 times (right after start)."
echo "Published size: $PUBLISHED MB. Load average before the run: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| catalog | import s | cold start ms | RSS after start MB | figures.csv KB | peak RSS over CSV MB | RSS after load MB | peak RSS MB | RSS at rest MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${STATS[@]}"; do
  IFS='|' read -r catalog import_s cold rss_start csv_kb csv_hwm rss_load hwm rss_rest <<<"$row"
  echo "| $catalog | $import_s | $cold | $rss_start | $csv_kb | $csv_hwm | $rss_load | $hwm | $rss_rest |"
done
