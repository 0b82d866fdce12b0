# Sourced by bench scripts: start_api DLL PORT DATA [ARGS…] starts a published API as bench/run.sh does (Production,
# Bench__Enabled=true, no request log, warnings only) on a catalog directory, with the seeds beside the dll, appends its
# pid to PIDS and API_PID, and returns once it answers (a migration of 10^5 records takes ~45 s).
start_api() {
  local dll=$1 port=$2 data; data=$(realpath -m "$3"); shift 3 # the server starts in the dll's directory: a relative DATA would be a new, empty catalog there
  (cd "$(dirname "$dll")" && exec env ASPNETCORE_ENVIRONMENT=Production Bench__Enabled=true Observability__RequestLogging=false \
    Logging__LogLevel__Default=Warning dotnet "$dll" --urls "http://127.0.0.1:$port" --Catalog:DataDirectory="$data" \
    --Catalog:SeedsDirectory="$(dirname "$dll")/seeds" "$@") >/dev/null 2>&1 &
  API_PID=$!
  PIDS+=("$API_PID")
  for _ in $(seq 1 12000); do curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/themes" && return 0; sleep 0.01; done
  echo "$dll did not start on $data" >&2; exit 1
}

# search_token_lines DATA: the catalog's own index tokens, most frequent first, each as a search path (needs sqlite3 and node).
search_token_lines() {
  sqlite3 -readonly "$1/catalog.db" "SELECT term FROM search_vocab ORDER BY doc DESC" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const t of s.split("\n"))if(t)console.log("/api/v1/search?q="+encodeURIComponent(t))})'
}

# What the A/B scripts (cpu-ab.sh, crawl-ab.sh, first-time-ab.sh) read of a server and print.
# ticks PID: the process's CPU time so far (user + system), in clock ticks.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# us_per_request TICKS N: CPU µs per request for TICKS spent on N requests.
us_per_request() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", t * 1e6 / hz / n }'; }
# rss_mb PID: the process's resident set (VmRSS) in MB.
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# ab_row ROUND A B: a table row of the two sides' measures and B ÷ A of their first numbers, with the load average.
ab_row() { echo "| $1 | $2 | $3 | $(awk -v a="${2%% *}" -v b="${3%% *}" 'BEGIN { printf "%.2f", b / a }') | $(cut -d' ' -f1 /proc/loadavg) |"; }
