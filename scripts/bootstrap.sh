#!/usr/bin/env bash
# Create .venv with Python 3.11 and install the locked dependencies.
#   scripts/bootstrap.sh          runtime dependencies (requirements/base.lock)
#   scripts/bootstrap.sh dev      runtime + development/test dependencies (requirements/dev.lock)
# Installs Debian packages it needs (python3.11, python3-venv, restic) when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
flavour="${1:-base}"
lock="requirements/${flavour}.lock"
[ -f "$lock" ] || { echo "bootstrap: no lock file $lock" >&2; exit 2; }

# shellcheck source=scripts/apt.sh
. scripts/apt.sh

find_python() {
  for candidate in "${PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

python_bin="$(find_python || true)"
if [ -z "$python_bin" ]; then
  apt_install bootstrap python3.11 python3.11-venv
  python_bin="$(find_python)"
fi
if ! "$python_bin" -c 'import venv, ensurepip' 2>/dev/null; then
  apt_install bootstrap python3.11-venv
fi
# Backups are on by default and written with restic (docs/backups.md).
command -v restic >/dev/null 2>&1 || apt_install bootstrap restic

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  rm -rf .venv
  "$python_bin" -m venv .venv
fi

stamp=".venv/.installed-${flavour}"
want="$(sha256sum "$lock" pyproject.toml | sha256sum | cut -c1-32)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing $lock into .venv"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes \
    --no-deps -r "$lock" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
    --no-build-isolation -e . 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -m pip check >/dev/null || { .venv/bin/python -m pip check; exit 1; }
  rm -f .venv/.installed-*
  echo "$want" > "$stamp"
fi
