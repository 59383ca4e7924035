# Strongroom: the two commands of the README, and a few helpers.
.PHONY: run test lint lock screenshot clean

PORT ?= 8000
export PORT

run: ## Install, migrate, seed the demo company and serve on http://127.0.0.1:$(PORT)
	@bash scripts/run.sh

test: ## Lint, type-check, migration check and the whole suite on SQLite and PostgreSQL
	@bash scripts/test.sh

lint: ## Only ruff and mypy
	@bash scripts/bootstrap.sh dev && .venv/bin/ruff check src tests bench && .venv/bin/mypy

lock: ## Re-pin dependencies with hashes (needs network access to PyPI)
	@bash scripts/lock.sh

clean:
	rm -rf .venv .venv-tls-scan .mypy_cache .ruff_cache .pytest_cache
