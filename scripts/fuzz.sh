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
echo "== fuzzing every API operation ($STRONGROOM_FUZZ_EXAMPLES cases each, and the coverage phase)"
# shellcheck source=scripts/suites.sh
source scripts/suites.sh
both_suites "fuzzing" tests/api/test_fuzz.py
