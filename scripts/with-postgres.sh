#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Creates a cluster in a fresh temporary folder (trust authentication, superuser `postgres`,
# listening on 127.0.0.1 only, on a free port, its unix socket inside that folder, durability
# switched off for speed, max_connections=1000 because the tests run in parallel with one pool
# each), exports TEST_DATABASE_URL=postgres://postgres@127.0.0.1:PORT/postgres, runs CMD, then
# always stops the server and deletes the folder. Exits with CMD's exit code.
#
# PostgreSQL refuses to run as root: as root the server runs as the `postgres` system user
# (created if missing). Binaries are taken from the highest /usr/lib/postgresql/*/bin, or from
# PG_BINDIR when set.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

log() { echo "with-postgres: $*" >&2; }

# --- Binaries ----------------------------------------------------------------------------------
bindir="${PG_BINDIR:-}"
if [ -z "$bindir" ]; then
  bindir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null |
    sort -V | tail -n 1)"
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
  log "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" \
    "(run scripts/setup.sh --test, or apt-get install postgresql)"
  exit 2
fi

# --- Who runs the server -----------------------------------------------------------------------
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id -u postgres >/dev/null 2>&1; then
    log "creating the postgres system user"
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  as_pg=(runuser -u postgres --)
fi

# --- Cluster -----------------------------------------------------------------------------------
tmpdir="$(mktemp -d "${TMPDIR:-/tmp}/guichet-pg.XXXXXX")"
pgdata="$tmpdir/data"
pglog="$tmpdir/server.log"
started=0

# shellcheck disable=SC2329  # invoked by the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$started" -eq 1 ]; then
    # immediate: the data is thrown away anyway, no need for a checkpoint.
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 ||
      log "could not stop the server (pid file in $pgdata)"
  fi
  rm -rf "$tmpdir"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chmod 700 "$tmpdir"
[ "${#as_pg[@]}" -eq 0 ] || chown postgres: "$tmpdir"

if ! "${as_pg[@]}" "$bindir/initdb" -D "$pgdata" -U postgres --auth=trust \
  --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$tmpdir/initdb.log" 2>&1; then
  log "initdb failed:"
  cat "$tmpdir/initdb.log" >&2
  exit 2
fi

# A port nobody listens on right now (there is a small window before the server binds it,
# hence the retries below).
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
  else
    local p
    while :; do
      p=$((20000 + RANDOM % 40000))
      (: <"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
  fi
}

for attempt in 1 2 3; do
  port="$(free_port)"
  cat >>"$pgdata/postgresql.conf" <<EOF

# --- scripts/with-postgres.sh (attempt $attempt) ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$tmpdir'
max_connections = 1000
fsync = off
full_page_writes = off
synchronous_commit = off
EOF
  if "${as_pg[@]}" "$bindir/pg_ctl" -D "$pgdata" -l "$pglog" -w -t 60 start >/dev/null; then
    started=1
    break
  fi
  log "server did not start on port $port (attempt $attempt)"
done
if [ "$started" -ne 1 ]; then
  log "giving up; server log:"
  cat "$pglog" >&2 || true
  exit 2
fi

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') ready: TEST_DATABASE_URL=$TEST_DATABASE_URL"

# Run the command (not exec: the trap must still stop the server), keep its exit code.
set +e
"$@"
rc=$?
set -e
exit "$rc"
