#!/usr/bin/env bash
# Debian packages the benchmarks drive: wrk for bench.api (HTTP load). Installed when missing
# and run as root; else says which. Not part of the test suite's dependencies.
set -euo pipefail
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "bench-deps: installing ${missing[*]}"
  if [ ! -f /tmp/.strongroom-apt-updated ]; then
    apt-get update -qq && touch /tmp/.strongroom-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "bench-deps: missing ${missing[*]}; install them (apt-get install ${missing[*]})" >&2
  exit 2
fi
