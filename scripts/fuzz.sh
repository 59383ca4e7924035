#!/usr/bin/env bash
# make fuzz: the API fuzz tests (tests/api/test_fuzz.py) for longer than the suite runs them:
# FUZZ_EXAMPLES cases per operation (default 500) and schemathesis's coverage phase, on SQLite
# and PostgreSQL side by side (the PostgreSQL server as make test finds it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh dev

export DJANGO_SETTINGS_MODULE=tests.settings
export PYTHONDONTWRITEBYTECODE=1
export STRONGROOM_FUZZ_EXAMPLES="${FUZZ_EXAMPLES:-500}"
export STRONGROOM_FUZZ_COVERAGE=1
unset STRONGROOM_DATABASE_URL STRONGROOM_ENV || true

pg_url="$(python3 scripts/testdb.py)"
trap 'python3 scripts/testdb.py stop' EXIT
logs="$(mktemp -d)"
echo "== fuzzing every API operation ($STRONGROOM_FUZZ_EXAMPLES cases each, and the coverage phase)"
.venv/bin/pytest -p no:cacheprovider tests/api/test_fuzz.py > "$logs/sqlite.log" 2>&1 &
sqlite_pid=$!
STRONGROOM_DATABASE_URL="$pg_url" .venv/bin/pytest -p no:cacheprovider tests/api/test_fuzz.py \
  > "$logs/postgresql.log" 2>&1 &
postgresql_pid=$!
status=0
wait "$sqlite_pid" || status=$?
wait "$postgresql_pid" || status=$?
for name in sqlite postgresql; do
  echo "== fuzzing on $name"
  cat "$logs/$name.log"
done
exit "$status"
