#!/usr/bin/env bash
# make run: install, migrate the embedded SQLite database, seed the demo company once, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh base
export STRONGROOM_DATA_DIR="${STRONGROOM_DATA_DIR:-$PWD/data}"
export PORT="${PORT:-8000}"
.venv/bin/strongroom migrate --no-input
.venv/bin/strongroom demo
exec .venv/bin/strongroom serve --port "$PORT"
