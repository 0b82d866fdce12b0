#!/usr/bin/env bash
# bench/cold-start.sh — cold starts of one or more published builds, alternating, on their own copies of one catalog:
# milliseconds from process start to the first 200 of /api/v1/themes (bench/run.sh's measure), one line per round.
#
#   bench/cold-start.sh DATA A.dll [B.dll …]       e.g. the real catalog as bench/run.sh imports it:
#   bench/cold-start.sh bench/results/run-…/data-real /tmp/base/RuianSamples.Api.dll /tmp/new/RuianSamples.Api.dll
#
# DATA: a data directory holding catalog.db; each build starts on its own copy (a newer build migrates its copy; the
# copy keeps what the build writes beside it, such as its JIT profile, from one start to the next). One start per build
# is made before the rounds (a migration; the first JIT profile). Knobs: ROUNDS (7) PORT (5161; the builds take PORT,
# PORT+1, …). The port is probed from the shell itself, then one curl asks for the page: no process per poll.
set -euo pipefail
DATA=$1; shift
ROUNDS=${ROUNDS:-7} PORT=${PORT:-5161}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
start_ms() { # dll data port
  local t0 pid
  t0=$(date +%s%N)
  (cd "$(dirname "$1")" && exec env ASPNETCORE_ENVIRONMENT=Production Observability__RequestLogging=false Logging__LogLevel__Default=Warning \
    dotnet "$1" --urls "http://127.0.0.1:$3" --Catalog:DataDirectory="$2" --Catalog:SeedsDirectory="$(dirname "$1")/seeds") >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 40000); do { exec 3<>"/dev/tcp/127.0.0.1/$3"; } 2>/dev/null && break; sleep 0.005; done
  exec 3>&-
  until curl -sf -o /dev/null "http://127.0.0.1:$3/api/v1/themes"; do kill -0 "$pid" 2>/dev/null || { echo "$1 did not start" >&2; exit 1; }; sleep 0.005; done
  echo $((($(date +%s%N) - t0) / 1000000))
  kill "$pid"; wait "$pid" 2>/dev/null || true # a graceful stop: the build writes what it keeps for the next start
}
i=0
for dll in "$@"; do
  mkdir -p "$WORK/$i"; cp "$DATA/catalog.db" "$WORK/$i/"
  start_ms "$dll" "$WORK/$i" $((PORT + i)) >/dev/null
  i=$((i + 1))
done
echo "round | $(printf '%s | ' "$@")load average"
for round in $(seq 1 "$ROUNDS"); do
  line="$round |"; i=0
  for dll in "$@"; do line="$line $(start_ms "$dll" "$WORK/$i" $((PORT + i))) |"; i=$((i + 1)); done
  echo "$line $(cut -d' ' -f1 /proc/loadavg)"
done
