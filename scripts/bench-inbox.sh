#!/usr/bin/env bash
# The référent's inbox (a filtered tab, 50 rows) against GET /healthz, same server, same run,
# after `guichet seed load` (BENCHMARKS.md).
#
#   scripts/bench-inbox.sh [REQUESTS=10000] [DURATION_S=10] [CONNECTIONS=16]
#
# Fresh SQLite database unless DATABASE_URL is set (then that database is used as is).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${GUICHET_BIN:-$ROOT/target/release/guichet}"
REQUESTS="${1:-10000}"
DURATION="${2:-10}"
CONNECTIONS="${3:-16}"
command -v wrk >/dev/null || { echo "wrk manquant : apt-get install wrk" >&2; exit 2; }
[ -x "$BIN" ] || { echo "$BIN manquant : cargo build --release" >&2; exit 2; }

WORK="$(mktemp -d)"
# shellcheck source=scripts/bench-lib.sh
. "$ROOT/scripts/bench-lib.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT
URL="${DATABASE_URL:-sqlite://$WORK/guichet.db}"

start_server "$URL"
(cd "$ROOT" && DATABASE_URL="$URL" GUICHET__LOG__FILTER=warn \
  "$BIN" seed load --requests "$REQUESTS" --professionals $((REQUESTS / 5 + 1)) --seed 1 | tail -n 1)

# Sign in as the demo référent of the Bouches-du-Rhône and Vaucluse.
JAR="$WORK/cookies"
token="$(curl -s -c "$JAR" "$SERVER_URL/connexion" | grep -o 'name="csrf_token" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')"
curl -s -o /dev/null -b "$JAR" -c "$JAR" --data-urlencode "csrf_token=$token" \
  --data-urlencode "email=referent.13-84@demo.test" --data-urlencode "password=guichet-demo-2026" \
  "$SERVER_URL/connexion"
COOKIE="$(sed 's/^#HttpOnly_//' "$JAR" | awk '!/^#/ && NF >= 7 {printf "%s=%s; ", $6, $7}')"
PAGE="/guichet/demandes?onglet=en-cours&departement=13&tri=date"
status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$SERVER_URL$PAGE")"
[ "$status" = 200 ] || { echo "boîte de réception : $status" >&2; exit 1; }

measure() {
  local name="$1"; shift
  local out
  out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")"
  echo "$name : $(awk '/^Requests\/sec/ {print $2}' <<<"$out") req/s ; $(awk '/^ +50%/ {print "p50 " $2}' <<<"$out") ; $(awk '/^ +99%/ {print "p99 " $2}' <<<"$out") ; $(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ')"
}
measure "GET /healthz" "$SERVER_URL/healthz"
measure "GET $PAGE" -H "Cookie: $COOKIE" "$SERVER_URL$PAGE"
echo "mémoire maximale du serveur : $(awk '/VmHWM/ {print $2 " kB"}' "/proc/$SERVER_PID/status")"
