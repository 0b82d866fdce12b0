#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and CI: Debian's postgresql package (installed when missing),
# a cluster in a temporary directory on a loopback port, trust authentication for the local user.
# Usage: eval "$(tools/postgres-cluster.sh start [dir] [port])" → exports RUIAN_TEST_POSTGRES; tools/postgres-cluster.sh stop [dir]
set -euo pipefail
action=${1:-start}
dir=${2:-${TMPDIR:-/tmp}/ruiansamples-pg}
port=${3:-55432}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif sudo -n true 2>/dev/null; then sudo -n "$@"; else return 1; fi; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ "$action" = stop ]; then
  [ -n "$bin" ] && [ -d "$dir/data" ] || exit 0
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$bin/pg_ctl -D '$dir/data' -m fast stop" >&2 || true
  else "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true; fi
  exit 0
fi
if [ -z "$bin" ]; then
  echo "installing Debian's postgresql package" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
# initdb refuses to run as root: as root, the cluster belongs to the postgres user the package created.
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
user=$( [ "$(id -u)" = 0 ] && echo postgres || id -un )
if ! [ -f "$dir/data/PG_VERSION" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  run "$bin/initdb -D '$dir/data' -U '$user' --auth=trust --encoding=UTF8 --locale=C" >&2
fi
if ! run "$bin/pg_ctl -D '$dir/data' status" >/dev/null 2>&1; then
  # Small and fast for tests: no fsync (a crashed test cluster is thrown away), enough connections for parallel fixtures.
  run "$bin/pg_ctl -D '$dir/data' -l '$dir/log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB\" start" >&2
fi
echo "export RUIAN_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=$user;Database=postgres'"
