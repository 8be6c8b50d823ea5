#!/usr/bin/env bash
# Prepare this machine to run (and, with --test, to test) the guichet.
#
#   scripts/setup.sh          what `make run` needs: libpq-dev, pkg-config, assets/node_modules
#   scripts/setup.sh --test   additionally the PostgreSQL server binaries, ClamAV (clamav-daemon),
#                             Debian's Chromium and tests/browser/node_modules
#
# Idempotent and quiet when everything is already there: Debian packages are installed only when
# missing (one `apt-get update`, then `apt-get install --no-install-recommends`), npm packages only
# when package.json / package-lock.json changed since the last install. Uses sudo only when not root.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    -h | --help)
      sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "setup.sh: unknown argument '$arg' (expected --test)" >&2
      exit 2
      ;;
  esac
done

die() {
  echo "setup.sh: $*" >&2
  exit 1
}
note() { echo "setup.sh: $*"; }

# --- Tools we cannot install ourselves -------------------------------------------------------
command -v cargo >/dev/null 2>&1 ||
  die "cargo not found: install the Rust toolchain (https://rustup.rs) and put ~/.cargo/bin on PATH"
command -v npm >/dev/null 2>&1 ||
  die "npm not found: install Node.js 20 or later with npm (Debian: apt-get install nodejs npm)"
command -v node >/dev/null 2>&1 || die "node not found: install Node.js 20 or later"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "Node.js $node_major is too old: 20 or later is needed"
if [ "$want_test" -eq 1 ]; then
  cargo fmt --version >/dev/null 2>&1 || die "rustfmt missing: rustup component add rustfmt"
  cargo clippy --version >/dev/null 2>&1 || die "clippy missing: rustup component add clippy"
fi

# --- Debian packages ---------------------------------------------------------------------------
# Each entry is "package:probe"; the package is installed when the probe fails.
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
have_pg_server() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }

missing=()
have_pkg libpq-dev || missing+=(libpq-dev)             # diesel's postgres backend links libpq
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if [ "$want_test" -eq 1 ]; then
  have_pg_server || missing+=(postgresql)              # initdb/pg_ctl for scripts/with-postgres.sh
  [ -x /usr/bin/chromium ] || missing+=(chromium)      # driven by playwright-core in tests/browser
  command -v clamd >/dev/null 2>&1 || [ -x /usr/sbin/clamd ] ||
    missing+=(clamav-daemon)                           # the antivirus of uploads (scripts/with-clamd.sh)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 ||
    die "missing system packages (${missing[*]}) and no apt-get to install them: install them by hand"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing packages (${missing[*]}): run as root or install sudo"
    sudo=(sudo)
  fi
  note "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q >/dev/null
  # The postgresql package's own service may fail to start in a container; we never use it.
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  note "installed: ${missing[*]}"
fi

# --- npm packages ------------------------------------------------------------------------------
# Install a folder's npm dependencies unless node_modules already matches package.json and
# package-lock.json (a stamp with their checksum is kept in node_modules). --ignore-scripts is
# required: @gouvfr/dsfr's install script only works inside its own tooling, and no package
# needs to download anything at install time (Chromium comes from Debian, never from npm).
npm_install() {
  local dir="$1" stamp sum
  stamp="$dir/node_modules/.guichet-setup-stamp"
  sum="$(cat "$dir/package.json" "$dir/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return 0
  fi
  local flags=(--ignore-scripts --no-audit --no-fund --loglevel=error)
  if [ -f "$dir/package-lock.json" ]; then
    note "npm ci in $dir"
    (cd "$dir" && npm ci "${flags[@]}" >/dev/null)
  else
    note "npm install in $dir (writes package-lock.json: commit it)"
    (cd "$dir" && npm install "${flags[@]}" >/dev/null)
  fi
  # Recompute: npm install may just have written the lockfile.
  cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1 >"$stamp"
}

npm_install assets
if [ "$want_test" -eq 1 ]; then
  npm_install tests/browser
fi
