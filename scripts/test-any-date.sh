#!/usr/bin/env bash
# Runs the unit and integration tests as if the machine's date and time zone were others, to show
# that no verdict depends on them (time is an input: the tests set the server's clock).
#
#   scripts/test-any-date.sh ['YYYY-MM-DD HH:MM:SS@TZ' ...]
#
# Each argument is a fake system date and a time zone for the test processes (libfaketime,
# Debian package `faketime`); the default list covers Christmas Eve, a Sunday night, New Year's
# Eve just before midnight, and the night of a change of time, in Paris, Martinique, Tahiti and
# UTC. The test binaries are built once, without faking, then run under each date. Set
# TEST_DATABASE_URL (scripts/with-postgres.sh) to run the integration tests on PostgreSQL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v faketime >/dev/null 2>&1 || {
  echo "test-any-date: faketime missing (apt-get install faketime)" >&2
  exit 2
}

dates=("$@")
if [ "${#dates[@]}" -eq 0 ]; then
  dates=(
    '2026-12-24 10:00:00@Europe/Paris'
    '2027-01-03 23:30:00@America/Martinique'
    '2026-12-31 23:45:00@Pacific/Tahiti'
    '2026-10-25 02:30:00@UTC'
  )
fi

export RUST_BACKTRACE=0
# The binaries under test: the library's unit tests and the integration binary (and the
# `guichet` binary it runs for the command-line tests).
cargo build --release --quiet
mapfile -t binaries < <(cargo test --release --no-run --message-format=json 2>/dev/null |
  python3 -c '
import json, sys
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"] \
            and m["target"]["name"] in ("guichet", "api"):
        print(m["executable"])
')
[ "${#binaries[@]}" -ge 2 ] || { echo "test-any-date: test binaries not found" >&2; exit 1; }

for spec in "${dates[@]}"; do
  date="${spec%@*}"
  tz="${spec#*@}"
  echo "==== tests as if it were ${date} (${tz}) ===="
  for bin in "${binaries[@]}"; do
    # The fake clock runs from the given instant; monotonic clocks stay real (tokio timers).
    TZ="$tz" faketime -m --exclude-monotonic "$date" "$bin" --quiet 2>&1 | tail -n 3
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "FAILED as if it were ${date} (${tz}): ${bin}"; exit 1; }
  done
done
echo "All tests passed under every date."
