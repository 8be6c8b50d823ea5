#!/usr/bin/env bash
# Run a command with a throwaway ClamAV daemon (clamd) that knows only the EICAR test file.
#
#   scripts/with-clamd.sh CMD [ARGS...]
#
# Starts clamd in a fresh temporary folder, listening on a unix socket there (no TCP), with the
# signature database tests/fixtures/clamav/ (one signature: EICAR; no network, no freshclam),
# waits until it answers PING, exports GUICHET__ANTIVIRUS__SOCKET=<socket> (read by the guichet's
# settings, so every server the command starts scans its uploads), runs CMD, then always stops
# clamd and deletes the folder. Exits with CMD's exit code.
#
# Production runs the packaged clamav-daemon with the real database kept fresh by freshclam.
# clamd is taken from PATH, /usr/sbin/clamd, or CLAMD when set (scripts/setup.sh --test installs
# the Debian package clamav-daemon).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

log() { echo "with-clamd: $*" >&2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
clamd="${CLAMD:-$(command -v clamd || true)}"
[ -n "$clamd" ] || clamd=/usr/sbin/clamd
if [ ! -x "$clamd" ]; then
  log "clamd not found (run scripts/setup.sh --test, or apt-get install clamav-daemon)"
  exit 2
fi

tmpdir="$(mktemp -d "${TMPDIR:-/tmp}/guichet-clamd.XXXXXX")"
socket="$tmpdir/clamd.sock"
pid=""

# shellcheck disable=SC2329  # invoked by the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmpdir"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir "$tmpdir/db"
cp "$root"/tests/fixtures/clamav/* "$tmpdir/db/"
cat >"$tmpdir/clamd.conf" <<CONF
Foreground yes
LocalSocket $socket
LocalSocketMode 600
DatabaseDirectory $tmpdir/db
LogFile $tmpdir/clamd.log
LogTime yes
PidFile $tmpdir/clamd.pid
# Uploads are 10 Mo at most.
StreamMaxLength 16M
MaxFileSize 16M
MaxScanSize 64M
MaxThreads 4
SelfCheck 0
CONF
if [ "$(id -u)" -eq 0 ]; then
  echo "User root" >>"$tmpdir/clamd.conf"
fi

"$clamd" --config-file="$tmpdir/clamd.conf" >"$tmpdir/stdout.log" 2>&1 &
pid=$!

# Wait (at most 60 s) for the socket, then PING → PONG on it (when python3 is there to ask).
ping_clamd() {
  [ -S "$socket" ] || return 1
  command -v python3 >/dev/null 2>&1 || return 0
  python3 - "$socket" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(2)
s.connect(sys.argv[1])
s.sendall(b"zPING\0")
sys.exit(0 if s.recv(16).startswith(b"PONG") else 1)
PY
}
for _ in $(seq 1 120); do
  if ping_clamd; then
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    log "clamd exited; its log:"
    cat "$tmpdir/stdout.log" "$tmpdir/clamd.log" >&2 2>/dev/null || true
    pid=""
    exit 2
  fi
  sleep 0.5
done
if ! ping_clamd; then
  log "clamd did not answer within 60 s; its log:"
  cat "$tmpdir/clamd.log" >&2 2>/dev/null || true
  exit 2
fi

export GUICHET__ANTIVIRUS__SOCKET="$socket"
log "$("$clamd" --version) ready: GUICHET__ANTIVIRUS__SOCKET=$socket"

# Run the command (not exec: the trap must still stop clamd), keep its exit code.
set +e
"$@"
rc=$?
set -e
exit "$rc"
