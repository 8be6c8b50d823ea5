#!/usr/bin/env bash
# Hostile inputs over HTTP against the release binary (issue 16): at least 20 000 requests
# spread over every route of the table and every demo person, loopback only, bounded in time;
# fails on any 5xx, timeout or dropped connection, or if /healthz no longer answers.
#
#   scripts/fuzz-http.sh [COUNT=20000] [SECONDS=900] [SEED=2026]
#
# Starts target/release/guichet (cargo build --release first) on a fresh SQLite database in
# demo mode, with demo requests so that paths carry real ids as well as hostile ones.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${GUICHET_BIN:-$ROOT/target/release/guichet}"
COUNT="${1:-20000}"
LIMIT="${2:-900}"
SEED="${3:-2026}"
[ -x "$BIN" ] || { echo "$BIN manquant : cargo build --release" >&2; exit 2; }

WORK="$(mktemp -d)"
# shellcheck source=scripts/bench-lib.sh
. "$ROOT/scripts/bench-lib.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

DEMO_REQUESTS=40 start_server "sqlite://$WORK/guichet.db"
echo "serveur : $SERVER_URL (pid $SERVER_PID)"
status=0
python3 "$ROOT/scripts/fuzz_http.py" "$SERVER_URL" --count "$COUNT" --seconds "$LIMIT" --seed "$SEED" || status=$?
if grep -q "panicked" "$SERVER_LOG"; then
  echo "le serveur a paniqué :" >&2
  grep -A5 "panicked" "$SERVER_LOG" | head -40 >&2
  status=1
fi
exit "$status"
