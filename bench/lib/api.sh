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
