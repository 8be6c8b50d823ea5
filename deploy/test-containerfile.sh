#!/usr/bin/env bash
# Runs the steps of deploy/Containerfile without a container engine (none can run on the CI
# machines: no daemon, no registry access), and checks the result the way the image would be
# used: as an unprivileged user, from a copy of the files the Containerfile copies, with the
# image's environment, answering its HEALTHCHECK.
#
#   deploy/test-containerfile.sh          build, stage under a temp dir, serve, curl /healthz
#
# Stage 1 (build): `npm ci` of the assets in a scratch copy and `cargo build --release --locked
# --bin guichet`. Stage 2 (run): every `COPY` of the run stage is replayed into the staged root
# (so a file the Containerfile forgets is missing here too), then the binary runs with the ENV
# lines of the Containerfile (plus a secret and an SMTP host, as `podman run -e` would give),
# under `setpriv` as nobody when started as root.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"
containerfile="$repo/deploy/Containerfile"
stage="$(mktemp -d /tmp/guichet-image.XXXXXX)"
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$stage"
}
trap cleanup EXIT
say() { echo "test-containerfile: $*"; }

# --- stage 1: build ----------------------------------------------------------------------------
say "build: npm ci (assets)"
mkdir -p "$stage/build/assets"
cp assets/package.json assets/package-lock.json "$stage/build/assets/"
(cd "$stage/build/assets" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline >/dev/null)
say "build: cargo build --release --locked --bin guichet"
cargo build --release --locked --bin guichet --quiet

# --- stage 2: the run image --------------------------------------------------------------------
root="$stage/root"
workdir="$root/srv/guichet"
data="$root/var/lib/guichet"
mkdir -p "$workdir" "$root/usr/local/bin" "$data/uploads" "$data/mail"
# Replay the run stage's COPY lines (after the second FROM).
awk '/^FROM /{n++} n==2 && /^COPY /' "$containerfile" | while read -r _ a b c; do
  if [[ "$a" == --from=build ]]; then
    src="${b#/src/}"; dest="$c"
    case "$src" in
      target/release/guichet) from="$repo/target/release/guichet" ;;
      assets/node_modules) from="$stage/build/assets/node_modules" ;;
      *) echo "unknown build artefact $src" >&2; exit 1 ;;
    esac
  else
    from="$repo/$a"; dest="$b"
  fi
  [[ -e "$from" ]] || { echo "COPY source missing: $from" >&2; exit 1; }
  [[ "$dest" == /* ]] && target="$root$dest" || target="$workdir/$dest"
  mkdir -p "$(dirname "$target")"
  cp -a "$from" "$target"
  say "COPY ${from#"$repo"/} -> ${target#"$root"}"
done
[[ -x "$root/usr/local/bin/guichet" ]] || { echo "binary not staged" >&2; exit 1; }

# The image's environment, its paths moved under the staged root.
declare -a envs=()
while IFS= read -r kv; do
  kv="${kv//\/var\/lib\/guichet/$data}"
  envs+=("$kv")
done < <(awk '/^ENV /{f=1} f{print} f && !/\\$/{f=0}' "$containerfile" |
  sed -e 's/^ENV //' -e 's/\\$//' | tr -s ' ' '\n' | grep '=')
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
envs+=("GUICHET__SERVER__BIND=127.0.0.1:$port"
  "GUICHET__SECURITY__SECRET_KEY=test-containerfile-secret-0123456789abcdef"
  "GUICHET__MAIL__SMTP_HOST=127.0.0.1" "GUICHET__MAIL__SMTP_PORT=1")
run_as=()
if [[ "$(id -u)" == 0 ]]; then
  chown -R 65534:65534 "$data"
  chmod 755 "$stage" "$root"
  run_as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  say "running as nobody (uid 65534), like USER guichet"
fi
say "run: guichet serve (GUICHET_ENV=production, data in ${data#"$root"})"
(cd "$workdir" && exec env -i PATH=/usr/bin:/bin "${envs[@]}" "${run_as[@]}" \
  "$root/usr/local/bin/guichet" serve >"$stage/serve.log" 2>&1) &
pid=$!
deadline=$((SECONDS + 300))
until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
  if ! kill -0 "$pid" 2>/dev/null; then cat "$stage/serve.log" >&2; echo "serve exited" >&2; exit 1; fi
  if ((SECONDS > deadline)); then tail -20 "$stage/serve.log" >&2; echo "no /healthz" >&2; exit 1; fi
  sleep 1
done
say "HEALTHCHECK: $(curl -fsS "http://127.0.0.1:$port/healthz")"
grep -q "guichet admin create" "$stage/serve.log" || { cat "$stage/serve.log" >&2; echo "no first-admin hint" >&2; exit 1; }
[[ -f "$data/guichet.db" ]] || { echo "database not on the volume" >&2; exit 1; }
kill -TERM "$pid"; wait "$pid" || true
say "ok: the image's steps build, run unprivileged, keep data on the volume and answer /healthz"
