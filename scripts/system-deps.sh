#!/usr/bin/env bash
# Debian packages the test suite drives for real: Chromium for browser tests, Node.js and npm
# for the OpenID Connect provider the SSO tests sign in at; pgBackRest and restic for the backup
# tests. (PostgreSQL is found or started by scripts/testdb.py.)
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list >/dev/null 2>&1 || missing+=(fontconfig)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v pgbackrest >/dev/null 2>&1 || missing+=(pgbackrest)
command -v restic >/dev/null 2>&1 || missing+=(restic)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "system-deps: installing ${missing[*]}"
    if [ ! -f /tmp/.strongroom-apt-updated ]; then
      apt-get update -qq && touch /tmp/.strongroom-apt-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
  else
    echo "system-deps: missing ${missing[*]}; install them (apt-get install ${missing[*]})" >&2
    exit 2
  fi
fi
