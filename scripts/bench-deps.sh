#!/usr/bin/env bash
# Debian packages the benchmarks drive: wrk for bench.api (HTTP load). Installed when missing
# and run as root; else says which. Not part of the test suite's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0
# shellcheck source=scripts/apt.sh
. scripts/apt.sh
apt_install bench-deps "${missing[@]}"
