#!/usr/bin/env bash
# Debian packages the local production stack (make stack) runs: PostgreSQL 15 under Patroni with
# etcd, Redis, HAProxy and Prometheus. Installed when missing and run as root; else says which.
set -euo pipefail
missing=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
command -v patroni >/dev/null 2>&1 || missing+=(patroni)
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "stack-deps: installing ${missing[*]}"
  if [ ! -f /tmp/.strongroom-apt-updated ]; then
    apt-get update -qq && touch /tmp/.strongroom-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "stack-deps: missing ${missing[*]}; install them (apt-get install ${missing[*]})" >&2
  exit 2
fi
