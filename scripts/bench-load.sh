#!/usr/bin/env bash
# Throughput of POST /api/v1/eligibility against GET /healthz of the same server, same run,
# same concurrency, loopback only (BENCHMARKS.md). Target: eligibility ≥ 50 % of /healthz.
#
#   scripts/bench-load.sh [DURATION_S=10] [CONNECTIONS=32] [THREADS=2] [ROUNDS=3]
#
# The three measures are taken in ROUNDS interleaved rounds and each one's median is kept, so
# that a burst of load from elsewhere on a shared machine does not decide the ratio.
#
# Starts target/release/guichet (build it first: cargo build --release) on a fresh SQLite
# database (it imports the communes and the demo data, PACA zonage included), then runs wrk:
# /healthz (one database ping per request), then the eligibility API for a médecin installed in
# a commune (zone looked up in the zonage tables), then with the zone given directly.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${GUICHET_BIN:-$ROOT/target/release/guichet}"
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
THREADS="${3:-2}"
ROUNDS="${4:-3}"
command -v wrk >/dev/null || { echo "wrk manquant : apt-get install wrk" >&2; exit 2; }
[ -x "$BIN" ] || { echo "$BIN manquant : cargo build --release" >&2; exit 2; }

WORK="$(mktemp -d)"
# shellcheck source=scripts/bench-lib.sh
. "$ROOT/scripts/bench-lib.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

start_server "sqlite://$WORK/guichet.db"
echo "serveur : $SERVER_URL (pid $SERVER_PID), ${DURATION} s par mesure, $CONNECTIONS connexions, $THREADS threads wrk, $(nproc) cœurs"

post_script() {
  cat >"$WORK/$1.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$2'
LUA
}
post_script commune '{"date":"2025-06-01","profession":"medecin","specialty":"medecine-generale","situation":"installe","installed_on":"2025-03-01","first_installation":true,"commune":"04001","sector":"1","coordinated_practice":true,"days_per_week":4}'
post_script zone '{"date":"2025-06-01","profession":"medecin","situation":"installe","installed_on":"2025-03-01","zone":"ZIP","sector":"1","coordinated_practice":true,"days_per_week":4}'

# Check the answers before measuring them.
for body in commune zone; do
  status="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data "$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$WORK/$body.lua")" "$SERVER_URL/api/v1/eligibility")"
  [ "$status" = 200 ] || { echo "POST ($body) : $status" >&2; exit 1; }
done

measure() {
  local name="$1"; shift
  local out rps
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")"
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  echo "$name : $rps req/s ; $(awk '/^ +50%/ {print "latence médiane " $2}' <<<"$out") ; $(awk '/^ +99%/ {print "p99 " $2}' <<<"$out") ; $(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ')" >&2
  echo "$rps"
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
h_all="" c_all="" z_all=""
for round in $(seq 1 "$ROUNDS"); do
  echo "tour $round / $ROUNDS" >&2
  h_all="$h_all $(measure "GET /healthz" "$SERVER_URL/healthz")"
  c_all="$c_all $(measure "POST /api/v1/eligibility (commune → zonage)" -s "$WORK/commune.lua" "$SERVER_URL/api/v1/eligibility")"
  z_all="$z_all $(measure "POST /api/v1/eligibility (zone donnée)" -s "$WORK/zone.lua" "$SERVER_URL/api/v1/eligibility")"
done
healthz="$(median <<<"$h_all")"
commune="$(median <<<"$c_all")"
zone="$(median <<<"$z_all")"
echo "médianes sur $ROUNDS tours : healthz $healthz, commune $commune, zone $zone req/s"
awk -v h="$healthz" -v c="$commune" -v z="$zone" 'BEGIN {
  printf "rapport éligibilité (commune) / healthz : %.0f %%\n", 100 * c / h;
  printf "rapport éligibilité (zone) / healthz : %.0f %%\n", 100 * z / h;
  printf "objectif ≥ 50 %% : %s\n", (c >= h / 2 && z >= h / 2) ? "atteint" : "NON atteint";
}'
