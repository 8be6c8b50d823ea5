# Shared by scripts/bench-*.sh: start the release binary on a database and wait for /healthz.
# Sourced, not run. Needs BIN, ROOT and WORK (a temporary folder) set by the caller.

# start_server DATABASE_URL → sets SERVER_PID and SERVER_URL once /healthz answers 200.
# DEMO_REQUESTS (default 0): how many demo requests to seed. E-mails go to files under $WORK.
start_server() {
  local url="$1" log="$WORK/serve.$RANDOM.out" deadline
  SERVER_LOG="$log"
  # Demo mode (GUICHET_ENV=development): the benchmarks measure the demo data.
  (cd "$ROOT" && GUICHET_ENV=development DATABASE_URL="$url" GUICHET__LOG__FILTER=warn,guichet::jobs::indicators=info GUICHET__DEMO__SEED_ON_EMPTY=true GUICHET__DEMO__REQUESTS="${DEMO_REQUESTS:-0}" GUICHET__MAIL__DIR="$WORK/mail" \
    exec "$BIN" serve --bind 127.0.0.1:0 >"$log" 2>&1) &
  SERVER_PID=$!
  SERVER_URL=""
  deadline=$(($(date +%s) + 120))
  while [ -z "$SERVER_URL" ]; do
    SERVER_URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" 2>/dev/null | head -n 1 || true)"
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "le serveur s'est arrêté :" >&2
      cat "$log" >&2
      exit 1
    fi
    [ "$(date +%s)" -lt "$deadline" ] || { echo "pas d'adresse après 120 s" >&2; exit 1; }
    sleep 0.005
  done
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$SERVER_URL/healthz")" = 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "/healthz muet après 120 s" >&2; exit 1; }
    sleep 0.005
  done
}

# wait_indicators: until the server's start-up computation of the indicators is over (its log
# line), so that it does not share the first measure; at most 10 minutes.
wait_indicators() {
  local deadline=$(($(date +%s) + 600))
  until grep -q "indicateurs recalculés\|calcul des indicateurs en erreur" "$SERVER_LOG"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "indicateurs non calculés après 600 s" >&2; return 1; }
    sleep 0.2
  done
}

# stop_server: SIGTERM to the server this script started, then wait for it.
stop_server() {
  if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
