#!/usr/bin/env bash
# Re-pin every dependency with hashes (uv is used only here, from a throwaway environment).
set -euo pipefail
cd "$(dirname "$0")/.."
tool="$(mktemp -d)"
trap 'rm -rf "$tool"' EXIT
python3 -m venv "$tool" && "$tool/bin/pip" install --quiet uv
common=(--python-version 3.11 --generate-hashes --no-header --quiet)
"$tool/bin/uv" pip compile pyproject.toml requirements/build.in "${common[@]}" -o requirements/base.lock
"$tool/bin/uv" pip compile pyproject.toml requirements/build.in --extra dev "${common[@]}" -o requirements/dev.lock
"$tool/bin/uv" pip compile requirements/tls-scan.in "${common[@]}" -o requirements/tls-scan.lock
"$tool/bin/uv" pip compile requirements/audit.in "${common[@]}" -o requirements/audit.lock
echo "lock: requirements/base.lock, dev.lock, tls-scan.lock and audit.lock updated"
