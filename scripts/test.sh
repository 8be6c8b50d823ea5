#!/usr/bin/env bash
# The whole test suite: what `make test` (the README's test command) and CI (.ci/run) run.
#
#   1. setup           scripts/setup.sh --test (PostgreSQL binaries, ClamAV, Chromium, npm packages)
#   2. lint            cargo fmt --check; cargo clippy --release --all-targets -D warnings
#   3. SQLite          cargo test --release (unit tests + the integration binary tests/api)
#   4. PostgreSQL      the integration binary again, against a throwaway server
#                      (scripts/with-postgres.sh sets TEST_DATABASE_URL)
#   5. browser         node --test in tests/browser, headless Debian Chromium against
#                      target/release/guichet
#   6. fuzz            20 000 hostile requests over every route and demo person against the
#                      release binary: no 5xx, no hang, /healthz still answers
#
# Steps 3 to 5 run under scripts/with-clamd.sh: a real clamd (EICAR-only signatures, no network)
# scans every upload of every test server.
#
# Stops at the first failing step. Steps use --release throughout so that the build artefacts
# are shared between them. Set SKIP_LINT=1 to skip step 2 while iterating locally (CI never does).
set -euo pipefail
# Short failure reports: this machine exports RUST_BACKTRACE=1.
export RUST_BACKTRACE=0

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# No colour codes in CI logs; keep cargo's progress bar off when there is no terminal.
color=auto
if [ -n "${CI:-}" ] || [ ! -t 1 ]; then
  color=never
  export CARGO_TERM_COLOR=never CARGO_TERM_PROGRESS_WHEN=never NO_COLOR=1
fi

start_all=$SECONDS
summary=()
current=""

banner() {
  current="$1"
  printf '\n==== %s ====\n' "$1"
  step_start=$SECONDS
}
done_step() {
  local secs=$((SECONDS - step_start))
  summary+=("$(printf '  %-36s ok  (%ds)%s' "$current" "$secs" "${1:+  $1}")")
  current=""
}
on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    printf '\n==== FAILED: %s (exit %d) after %ds ====\n' "${current:-?}" "$rc" $((SECONDS - start_all))
    [ "${#summary[@]}" -eq 0 ] || printf '%s\n' "Steps that passed:" "${summary[@]}"
  fi
  rm -rf "$logdir"
}

# Count "N passed" over every `test result:` line of a cargo test log.
cargo_passed() {
  grep -E '^test result: ' "$1" | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{s += $1} END {print s + 0}'
}

# Step logs, kept only to count the tests for the summary.
logdir="$(mktemp -d "${TMPDIR:-/tmp}/guichet-test.XXXXXX")"
trap on_exit EXIT

banner "Setup"
scripts/setup.sh --test
done_step

if [ "${SKIP_LINT:-0}" != "1" ]; then
  banner "Lint (rustfmt, clippy)"
  cargo fmt --all -- --check --color "$color"
  cargo clippy --release --all-targets --quiet -- -D warnings
  done_step
fi

banner "Integration tests on SQLite"
scripts/with-clamd.sh env -u TEST_DATABASE_URL cargo test --release 2>&1 | tee "$logdir/sqlite.log"
done_step "$(cargo_passed "$logdir/sqlite.log") tests passed"

banner "Integration tests on PostgreSQL"
scripts/with-clamd.sh scripts/with-postgres.sh cargo test --release --test api 2>&1 |
  tee "$logdir/postgres.log"
done_step "$(cargo_passed "$logdir/postgres.log") tests passed"

banner "Browser tests (headless Chromium)"
cargo build --release --quiet
(
  cd tests/browser
  GUICHET_BIN="$root/target/release/guichet" REPO_ROOT="$root" \
    "$root/scripts/with-clamd.sh" node --test --test-reporter=spec --test-concurrency=1
) 2>&1 | tee "$logdir/browser.log"
browser_passed="$(grep -E '^ℹ pass [0-9]+' "$logdir/browser.log" | awk '{print $3}' | tail -n 1)"
done_step "${browser_passed:-?} tests passed"

banner "Hostile inputs over HTTP (scripts/fuzz-http.sh)"
scripts/with-clamd.sh scripts/fuzz-http.sh 20000 900 2026 2>&1 | tee "$logdir/fuzz.log"
done_step "$(grep -o '^fuzz_http : [0-9]* requêtes' "$logdir/fuzz.log" | grep -o '[0-9]*' | tail -n 1) requests, no 5xx"

printf '\n==== Summary ====\n'
printf '%s\n' "${summary[@]}"
printf 'All tests passed on SQLite and PostgreSQL, in the browser and under hostile inputs, in %dm%02ds.\n' \
  $(((SECONDS - start_all) / 60)) $(((SECONDS - start_all) % 60))
