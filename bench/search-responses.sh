#!/usr/bin/env bash
# bench/search-responses.sh: every search response of a fixed set of requests, written to files, so that two builds can be
# compared byte for byte (`diff -r`) after a change meant to make search faster without changing what it answers.
# Requests: each query of the judged set (tests/…/Search/Relevance/judgements.tsv) and a few more, over REST grouped,
# REST flat (group=false), REST's second page (limit=3, then links.next), REST with type=figure,passage, and GraphQL's
# search with the README's front-end selection (grouped and flat); on the real catalog and on SIZE SYNTHETIC records.
#
#   bench/search-responses.sh <out dir>                 # SIZE=1000; a free port from the OS; publishes under bench/results/
#   git archive main | tar -x -C /tmp/before && cp bench/search-responses.sh /tmp/before/bench/ && /tmp/before/bench/search-responses.sh /tmp/out-before
#   bench/search-responses.sh /tmp/out-after && diff -r /tmp/out-before /tmp/out-after && echo identical
#
# Catalog__Engine=postgres and ConnectionStrings__Catalog in the environment run it on PostgreSQL (the catalogs are copied
# there with the API's own `copy --to postgres`; give a database per catalog with PG_DATABASE_PREFIX, default none: SQLite).
set -euo pipefail
OUT=$(realpath -m "${1:?usage: bench/search-responses.sh <out dir>}")
cd "$(dirname "$0")/.."
SIZE=${SIZE:-1000}
WORK=bench/results/responses-$(date -u +%Y%m%dT%H%M%SZ)-$$
mkdir -p "$WORK" "$OUT"
dotnet publish src/RuianSamples.Api -c Release -o "$WORK/publish" --nologo -v quiet >&2
dotnet build bench/Synthetic -c Release -o "$WORK/synthetic" --nologo -v quiet >&2
API=(dotnet "$WORK/publish/RuianSamples.Api.dll")
SERVER=""
stop_server() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; fi; }
trap stop_server EXIT

for catalog in real "$SIZE"; do
  # A port the OS has just handed out, checked free again below: other sessions start servers on this machine too.
  PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  BASE="http://127.0.0.1:$PORT"
  if curl -s -o /dev/null "$BASE/"; then echo "bench/search-responses.sh: something already listens on $BASE" >&2; exit 1; fi
  seeds="$WORK/publish/seeds"
  if [ "$catalog" != real ]; then seeds="$WORK/seeds-$catalog"; dotnet "$WORK/synthetic/Synthetic.dll" "$WORK/publish/seeds" "$seeds" "$catalog" >&2; fi
  "${API[@]}" reimport --Catalog:DataDirectory="$WORK/data-$catalog" --Catalog:SeedsDirectory="$seeds" >&2
  Bench__Enabled=true RateLimiting__Enabled=false Observability__RequestLogging=false ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    "${API[@]}" --urls "$BASE" --Catalog:DataDirectory="$WORK/data-$catalog" --Catalog:SeedsDirectory="$seeds" >>"$WORK/server-$catalog.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do curl -s -o /dev/null "$BASE/api/v1/themes" && break; sleep 0.1; done
  kill -0 "$SERVER" || { echo "bench/search-responses.sh: the server stopped (see $WORK/server-$catalog.log)" >&2; exit 1; }
  python3 - "$BASE" "$OUT/$catalog" <<'PY'
import json, os, sys, urllib.parse, urllib.request
base, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
queries = []
for line in open("tests/RuianSamples.Api.Tests/Search/Relevance/judgements.tsv", encoding="utf-8"):
    if line.startswith("#") or not line.strip(): continue
    q = line.rstrip("\n").split("\t")[1]
    if q not in queries: queries.append(q)
queries += ["医保", "医保 服务", "commissioners", '"medical insurance"', "Ruian childcare", "城市书房", '"financial commissioner"',
            "commision", "synthetic", "SYNTHETIC reform", "改革", "服务", "rui'an", "医", "2021", "service*", "a OR b"]
def get(path):
    request = urllib.request.Request(base + path, headers={"Accept": "application/json", "X-Bench-Bypass-Cache": "1"})
    try:
        with urllib.request.urlopen(request) as r: return r.status, r.read()
    except urllib.error.HTTPError as e: return e.code, e.read()
def post(body):
    request = urllib.request.Request(base + "/graphql", json.dumps(body).encode(), {"Content-Type": "application/json", "X-Bench-Bypass-Cache": "1"})
    with urllib.request.urlopen(request) as r: return r.status, r.read()
selection = """
  totalCount typeCounts { type count } pageInfo { hasNextPage endCursor } applied { filter value text label { zh en } } relaxed { filter value text }
  suggestions { kind type id title { zh en } url }
  edges { score match moreEvidence snippets { field marked text offset matches { start length } }
    evidence { type key title { zh en } url detail score snippets { field marked text offset matches { start length } } }
    node { __typename ... on Node { id } ... on PracticeSample { number title { zh en } } ... on Reform { slug name { zh en } }
      ... on Figure { key indicator { zh en } valueText } ... on Region { slug name { zh en } } ... on SourcePassage { key text } } }"""
def save(name, status, body):
    with open(os.path.join(out, name), "wb") as f: f.write(f"{status}\n".encode() + body)
for i, q in enumerate(queries):
    e = urllib.parse.quote(q)
    save(f"{i:03}-rest", *get(f"/api/v1/search?q={e}"))
    save(f"{i:03}-rest-flat", *get(f"/api/v1/search?q={e}&group=false"))
    status, body = get(f"/api/v1/search?q={e}&limit=3")
    save(f"{i:03}-rest-limit3", status, body)
    if status == 200 and (nxt := json.loads(body).get("links", {}).get("next")):
        save(f"{i:03}-rest-page2", *get(nxt[nxt.index("/api/"):] if "/api/" in nxt else nxt))
    save(f"{i:03}-rest-types", *get(f"/api/v1/search?q={e}&type=figure,passage&limit=5"))
    for group in ("true", "false"):
        status, body = post({"query": f"query($q: String!) {{ search(query: $q, first: 10, group: {group}) {{ {selection} }} }}", "variables": {"q": q}})
        assert b'"errors"' not in body, body[:300]
        save(f"{i:03}-graphql-group-{group}", status, body)
print(f"{len(queries)} queries written to {out}", file=sys.stderr)
PY
  stop_server
done
rm -rf "$WORK"
