#!/usr/bin/env bash
# Start-up and import times (BENCHMARKS.md):
#   - `guichet import communes` of every French commune on a migrated SQLite database
#     (target < 5 s), measured RUNS times;
#   - from `guichet serve` spawn, on that already-migrated and imported database, to the first
#     200 on /healthz (target < 1 s), measured RUNS times.
#
#   scripts/bench-startup.sh [RUNS=5]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${GUICHET_BIN:-$ROOT/target/release/guichet}"
RUNS="${1:-5}"
[ -x "$BIN" ] || { echo "$BIN manquant : cargo build --release" >&2; exit 2; }

WORK="$(mktemp -d)"
# shellcheck source=scripts/bench-lib.sh
. "$ROOT/scripts/bench-lib.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

imports=()
for i in $(seq "$RUNS"); do
  url="sqlite://$WORK/import-$i.db"
  (cd "$ROOT" && DATABASE_URL="$url" GUICHET__LOG__FILTER=warn "$BIN" migrate >/dev/null)
  t0="$(now_ms)"
  out="$(cd "$ROOT" && DATABASE_URL="$url" GUICHET__LOG__FILTER=warn "$BIN" import communes)"
  imports+=("$(($(now_ms) - t0))")
done
echo "import communes : $(sed -n 's/^Territoires importés : //p' <<<"$out")"
echo "import communes (ms, $RUNS essais) : ${imports[*]} ; médiane $(printf '%s\n' "${imports[@]}" | median) ms (objectif < 5000 ms)"

starts=()
url="sqlite://$WORK/import-1.db"
for i in $(seq "$RUNS"); do
  t0="$(now_ms)"
  start_server "$url"
  starts+=("$(($(now_ms) - t0))")
  stop_server
done
echo "serve → premier 200 sur /healthz (ms, $RUNS essais) : ${starts[*]} ; médiane $(printf '%s\n' "${starts[@]}" | median) ms (objectif < 1000 ms)"
