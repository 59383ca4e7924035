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
# shellcheck source=scripts/suites.sh
source scripts/suites.sh
status=0
both_suites "test suite" || status=$?

echo "== summary"
python3 scripts/summarize.py "$SUITE_LOGS/sqlite.log" "$SUITE_LOGS/postgresql.log"
exit "$status"
