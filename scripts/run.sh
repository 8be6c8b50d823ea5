#!/usr/bin/env bash
# Run the guichet locally: what `make run` (the README's run command) does.
#
#   scripts/run.sh [--bind ADDR]       default 127.0.0.1:8080
#
# Installs what is missing (scripts/setup.sh), then builds and starts `guichet serve` from the
# repository root (templates/, config/ and assets/ are read relative to it). On an empty database
# (default DATABASE_URL sqlite://data/guichet.db) the server migrates, imports the communes and
# seeds demo data, printing the demo logins: `make run` is the demo, so GUICHET_ENV defaults to
# development here (the binary alone, with GUICHET_ENV unset, behaves as production).
# Extra arguments go to `guichet serve`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
export GUICHET_ENV="${GUICHET_ENV:-development}"
# Not --quiet: the first release build takes several minutes and should show its progress.
exec cargo run --release -- serve "$@"
