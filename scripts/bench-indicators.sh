#!/usr/bin/env bash
# Load test of the indicators page (issue 6): generated requests, one on-demand computation of
# the snapshots inside the server (timed), then wrk on the région page and on /healthz, and the
# server's peak memory (VmHWM, computation included).
#
#   scripts/bench-indicators.sh [REQUESTS] [SECONDS] [CONNECTIONS]   default 10000 10 16
#
# Uses the release binary (cargo build --release), a fresh SQLite file, or DATABASE_URL.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${GUICHET_BIN:-$ROOT/target/release/guichet}"
REQUESTS="${1:-10000}"
DURATION="${2:-10}"
CONNECTIONS="${3:-16}"
command -v wrk >/dev/null || { echo "wrk manquant : apt-get install wrk" >&2; exit 2; }
[ -x "$BIN" ] || { echo "$BIN manquant : cargo build --release" >&2; exit 2; }

WORK="$(mktemp -d)"
. "$ROOT/scripts/bench-lib.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT
URL="${DATABASE_URL:-sqlite://$WORK/guichet.db}"

# No timer: the first view after the load computes the snapshots in the server itself.
export GUICHET__INDICATORS__REFRESH_SECONDS=0
start_server "$URL"
(cd "$ROOT" && DATABASE_URL="$URL" GUICHET__LOG__FILTER=warn \
  "$BIN" seed load --requests "$REQUESTS" --professionals $((REQUESTS / 5 + 1)) --seed 1 | tail -n 1)

JAR="$WORK/cookies"
token="$(curl -s -c "$JAR" "$SERVER_URL/connexion" | grep -o 'name="csrf_token" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')"
curl -s -o /dev/null -b "$JAR" -c "$JAR" --data-urlencode "csrf_token=$token" \
  --data-urlencode "email=referent.13-84@demo.test" --data-urlencode "password=guichet-demo-2026" \
  "$SERVER_URL/connexion"
COOKIE="$(sed 's/^#HttpOnly_//' "$JAR" | awk '!/^#/ && NF >= 7 {printf "%s=%s; ", $6, $7}')"
PAGE="/indicateurs/region/93"
first="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Cookie: $COOKIE" "$SERVER_URL$PAGE")"
[ "${first%% *}" = 200 ] || { echo "indicateurs : $first" >&2; exit 1; }
echo "premier affichage (calcul de tous les instantanés) : ${first#* } s"

measure() {
  local name="$1"; shift
  local out
  out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")"
  echo "$name : $(awk '/^Requests\/sec/ {print $2}' <<<"$out") req/s ; $(awk '/^ +50%/ {print "p50 " $2}' <<<"$out") ; $(awk '/^ +99%/ {print "p99 " $2}' <<<"$out") ; $(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ')"
}
measure "GET /healthz" "$SERVER_URL/healthz"
measure "GET $PAGE" -H "Cookie: $COOKIE" "$SERVER_URL$PAGE"
echo "mémoire maximale du serveur : $(awk '/VmHWM/ {print $2 " kB"}' "/proc/$SERVER_PID/status")"
