#!/usr/bin/env bash
# Debian packages the local production stack (make stack) runs: PostgreSQL 15 under Patroni with
# etcd, Redis, HAProxy and Prometheus. Installed when missing and run as root; else says which.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
command -v patroni >/dev/null 2>&1 || missing+=(patroni)
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
[ ${#missing[@]} -eq 0 ] && exit 0
# shellcheck source=scripts/apt.sh
. scripts/apt.sh
apt_install stack-deps "${missing[@]}"
