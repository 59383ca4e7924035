#!/usr/bin/env bash
# Debian packages the test suite drives for real: Chromium for browser tests, Node.js and npm
# for the OpenID Connect provider the SSO tests sign in at; pgBackRest and restic for the backup
# tests; HAProxy, Prometheus (promtool), Patroni, etcd and etcdctl for the production stack and
# its tests; age for encrypted company exports. (PostgreSQL is found or started by
# scripts/testdb.py.) The TLS scanner (sslyze) lives in its own locked environment,
# .venv-tls-scan, and the dependency scanner (pip-audit) in .venv-audit.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list >/dev/null 2>&1 || missing+=(fontconfig)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v pgbackrest >/dev/null 2>&1 || missing+=(pgbackrest)
command -v restic >/dev/null 2>&1 || missing+=(restic)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v patroni >/dev/null 2>&1 || missing+=(patroni)
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
command -v age >/dev/null 2>&1 || missing+=(age)
if [ ${#missing[@]} -gt 0 ]; then
  # shellcheck source=scripts/apt.sh
  . scripts/apt.sh
  apt_install system-deps "${missing[@]}" fonts-dejavu-core
fi

# A scanner in a locked environment of its own: reinstalled when its lock file changes.
locked_venv() {
  local lock="requirements/$1.lock" venv=".venv-$1" want
  want="$(sha256sum "$lock" | cut -c1-32)"
  if [ ! -f "$venv/.installed" ] || [ "$(cat "$venv/.installed")" != "$want" ]; then
    echo "system-deps: installing $lock into $venv"
    rm -rf "$venv"
    .venv/bin/python -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
      --no-deps -r "$lock" 2>&1 | grep -v "^WARNING: Location" || true
    "$venv/bin/python" -m pip check >/dev/null
    echo "$want" > "$venv/.installed"
  fi
}
locked_venv tls-scan
locked_venv audit
