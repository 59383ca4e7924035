# Sourced by test.sh and fuzz.sh: run pytest on SQLite and on PostgreSQL, side by side (one per
# core) or one after the other with STRONGROOM_TEST_SERIAL=1, each into its own log, then show
# both logs. Needs $pg_url (the PostgreSQL test server's URL).

# both_suites LABEL PYTEST_ARGS...: returns the first non-zero pytest status, else 0.
both_suites() {
  local label="$1" logs status=0 sqlite_pid postgresql_pid ticks=0
  shift
  logs="$(mktemp -d)"
  _suite() {  # name, database URL ("" for SQLite), pytest arguments
    STRONGROOM_DATABASE_URL="$2" .venv/bin/pytest -p no:cacheprovider "${@:3}" \
      > "$logs/$1.log" 2>&1
  }
  _progress() {  # the last progress mark of a suite's log, e.g. "[ 42%]"
    grep -o '\[ *[0-9]*%\]' "$logs/$1.log" 2>/dev/null | tail -n 1 || true
  }
  if [ "${STRONGROOM_TEST_SERIAL:-0}" = "1" ]; then
    _suite sqlite "" "$@" || status=$?
    _suite postgresql "$pg_url" "$@" || status=$?
  else
    echo "== $label on SQLite and PostgreSQL, side by side"
    _suite sqlite "" "$@" & sqlite_pid=$!
    _suite postgresql "$pg_url" "$@" & postgresql_pid=$!
    while kill -0 "$sqlite_pid" 2>/dev/null || kill -0 "$postgresql_pid" 2>/dev/null; do
      sleep 5
      ticks=$((ticks + 1))
      if [ $((ticks % 6)) -eq 0 ]; then
        echo "   sqlite $(_progress sqlite)   postgresql $(_progress postgresql)   ($(date +%H:%M:%S))"
      fi
    done
    wait "$sqlite_pid" || status=$?
    wait "$postgresql_pid" || status=$?
  fi
  for name in sqlite postgresql; do
    echo "== $label on $name"
    cat "$logs/$name.log"
  done
  SUITE_LOGS="$logs"
  return "$status"
}
