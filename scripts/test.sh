#!/usr/bin/env bash
# make test: lint, types, migrations, then the whole suite on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh dev
bash scripts/system-deps.sh
echo "== OpenID Connect test provider (npm ci)"
(cd tests/identity/oidc_provider && npm ci --no-audit --no-fund --loglevel=error)

export DJANGO_SETTINGS_MODULE=tests.settings
export PYTHONDONTWRITEBYTECODE=1
unset STRONGROOM_DATABASE_URL STRONGROOM_ENV || true

echo "== ruff"
.venv/bin/ruff check src tests bench scripts
echo "== mypy"
.venv/bin/mypy
echo "== migrations are up to date"
.venv/bin/python -m django makemigrations --check --dry-run --settings=tests.settings

pg_url="$(python3 scripts/testdb.py)"
STRONGROOM_TEST_REDIS_URL="$(python3 scripts/testredis.py)"
export STRONGROOM_TEST_REDIS_URL
trap 'python3 scripts/testdb.py stop; python3 scripts/testredis.py stop' EXIT
logs="$(mktemp -d)"

run_suite() {  # name, database URL ("" for SQLite); output to $logs/<name>.log
  local name="$1" url="$2"
  STRONGROOM_DATABASE_URL="$url" .venv/bin/pytest -p no:cacheprovider "${@:3}" \
    > "$logs/$name.log" 2>&1
}

progress() {  # the last progress mark of a suite's log, e.g. "[ 42%]"
  grep -o '\[ *[0-9]*%\]' "$logs/$1.log" 2>/dev/null | tail -n 1 || true
}

# The two suites run side by side (one per core); STRONGROOM_TEST_SERIAL=1 runs them one after
# the other. Each writes its own log, shown in full when both are done.
status=0
if [ "${STRONGROOM_TEST_SERIAL:-0}" = "1" ]; then
  run_suite sqlite "" || status=$?
  run_suite postgresql "$pg_url" || status=$?
else
  echo "== test suites on SQLite and PostgreSQL, side by side"
  run_suite sqlite "" & sqlite_pid=$!
  run_suite postgresql "$pg_url" & postgresql_pid=$!
  ticks=0
  while kill -0 "$sqlite_pid" 2>/dev/null || kill -0 "$postgresql_pid" 2>/dev/null; do
    sleep 5
    ticks=$((ticks + 1))
    if [ $((ticks % 6)) -eq 0 ]; then
      echo "   sqlite $(progress sqlite)   postgresql $(progress postgresql)   ($(date +%H:%M:%S))"
    fi
  done
  wait "$sqlite_pid" || status=$?
  wait "$postgresql_pid" || status=$?
fi
for name in sqlite postgresql; do
  echo "== test suite on $name"
  cat "$logs/$name.log"
done

echo "== summary"
python3 scripts/summarize.py "$logs/sqlite.log" "$logs/postgresql.log"
exit "$status"
