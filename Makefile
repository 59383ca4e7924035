# Strongroom: the two commands of the README, and a few helpers.
.PHONY: run test fuzz lint lock screenshot clean stack stack-down bench

PORT ?= 8000
export PORT

run: ## Install, migrate, seed the demo company and serve on http://127.0.0.1:$(PORT)
	@bash scripts/run.sh

test: ## Lint, type-check, migration check and the whole suite on SQLite and PostgreSQL
	@bash scripts/test.sh

fuzz: ## Fuzz every API operation longer than make test does (FUZZ_EXAMPLES cases each, default 500)
	@bash scripts/fuzz.sh

lint: ## Only ruff and mypy
	@bash scripts/bootstrap.sh dev && .venv/bin/ruff check src tests bench && .venv/bin/mypy

lock: ## Re-pin dependencies with hashes (needs network access to PyPI)
	@bash scripts/lock.sh

stack: ## A production-like stack on 127.0.0.1 (Patroni pair, Redis, 2 instances, worker, TLS proxy, Prometheus)
	@bash scripts/bootstrap.sh && bash scripts/stack-deps.sh && .venv/bin/python -m strongroom.deploy.stack up

stack-down: ## Stop the stack and remove its data (KEEP=1 keeps data and logs)
	@.venv/bin/python -m strongroom.deploy.stack down $(if $(KEEP),--keep)

bench: ## API throughput against the bare-Django floor on SQLite and PostgreSQL (BENCH_ARGS=--quick)
	@bash scripts/bootstrap.sh dev && bash scripts/bench-deps.sh && .venv/bin/python -m bench.api $(BENCH_ARGS)

clean:
	rm -rf .venv .venv-tls-scan .venv-audit .mypy_cache .ruff_cache .pytest_cache
