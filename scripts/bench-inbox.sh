#!/usr/bin/env bash
# The back office at volume (BENCHMARKS.md): GET /healthz (the baseline, same server, same run),
# the référent's inbox (a filtered tab, 50 rows), the partner's inbox, the indicators page, and
# the server's peak memory; first with the view cache (the same view asked again), then with
# every page computed (the cache off).
#
#   scripts/bench-inbox.sh [REQUESTS=10000] [DURATION_S=10] [CONNECTIONS=16]
#
# Loads REQUESTS requests and REQUESTS/5 professionals with `guichet seed load --seed 1` into a
# fresh SQLite database, or into DATABASE_URL when set (PostgreSQL: run it under
# scripts/with-postgres.sh with DATABASE_URL=$TEST_DATABASE_URL). BENCH_SKIP_LOAD=1 measures
# DATABASE_URL as it is (a database loaded by a previous run).
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
if [ "${BENCH_SKIP_LOAD:-}" != 1 ]; then
  (cd "$ROOT" && DATABASE_URL="$URL" GUICHET__LOG__FILTER=warn \
    "$BIN" seed load --requests "$REQUESTS" --professionals $((REQUESTS / 5 + 1)) --seed 1 | tail -n 1)
  # Measure a server that did not see the load (its memory, its caches).
  stop_server
  start_server "$URL"
fi

# cookie EMAIL → the session cookie of a demo account.
cookie() {
  local jar="$WORK/jar.$RANDOM" token
  token="$(curl -s -c "$jar" "$SERVER_URL/connexion" | grep -o 'name="csrf_token" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')"
  curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "csrf_token=$token" \
    --data-urlencode "email=$1" --data-urlencode "password=guichet-demo-2026" \
    "$SERVER_URL/connexion"
  sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 {printf "%s=%s; ", $6, $7}'
}
REFERENT="$(cookie referent.13-84@demo.test)"
AGENT="$(cookie agent.cpam13@demo.test)"
ADMIN="$(cookie admin.paca@demo.test)"

measure() {
  local name="$1" cookie="$2" path="$3" out status
  status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$SERVER_URL$path")"
  if [ "$status" != 200 ]; then
    echo "$name : $path → $status (non mesuré)"
    return
  fi
  out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: $cookie" "$SERVER_URL$path")"
  echo "$name : $(awk '/^Requests\/sec/ {print $2}' <<<"$out") req/s ; $(awk '/^ +50%/ {print "p50 " $2}' <<<"$out") ; $(awk '/^ +99%/ {print "p99 " $2}' <<<"$out") ; $(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ')"
}
run_all() {
  echo "-- $1"
  measure "GET /healthz" "" "/healthz"
  measure "boîte du référent (en cours, 13, par date)" "$REFERENT" "/guichet/demandes?onglet=en-cours&departement=13&tri=date"
  measure "boîte du référent (à qualifier, 13, installation libérale)" "$REFERENT" "/guichet/demandes?onglet=a-qualifier&departement=13&type_demande=installation-liberal"
  measure "boîte du référent (en retard, 13 et 84)" "$REFERENT" "/guichet/demandes?onglet=en-retard"
  measure "boîte du partenaire (CPAM 13, à traiter)" "$AGENT" "/partenaire/demandes?onglet=a-traiter"
  measure "indicateurs de la région" "$ADMIN" "/indicateurs/region/93"
  measure "indicateurs du département 13" "$REFERENT" "/indicateurs/departement/13"
  echo "mémoire maximale du serveur : $(awk '/VmHWM/ {print $2 " kB"}' "/proc/$SERVER_PID/status")"
}
echo "base : $URL ; $REQUESTS demandes ; wrk -t2 -c$CONNECTIONS -d${DURATION}s"
# The same view asked again and again: served from the view cache after the first time
# (nothing is written during the measure).
wait_indicators
run_all "vue répétée (cache des vues, réglage par défaut)"
# Every page computed: the view cache off (GUICHET__VIEW_CACHE__SECONDS=0), a fresh server.
stop_server
GUICHET__VIEW_CACHE__SECONDS=0 start_server "$URL"
wait_indicators
run_all "chaque page calculée (GUICHET__VIEW_CACHE__SECONDS=0)"
