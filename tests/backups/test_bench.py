"""bench/backups.py and bench/pgbackrest.py keep working (figures in docs/performance.md)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def bench(module: str) -> str:
    environment = {
        key: value for key, value in os.environ.items()
        if not key.startswith("STRONGROOM_") and key != "DJANGO_SETTINGS_MODULE"
    }
    done = subprocess.run(  # noqa: S603 - this interpreter, the project's own benchmark
        [sys.executable, "-m", module, "--mib", "4"], capture_output=True, text=True,
        env=environment, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.sqlite_only
def test_the_backup_benchmark_runs_on_a_small_scale() -> None:
    output = bench("bench.backups")
    assert "restore of the demo company" in output
    assert "backup restore into a new directory" in output
    assert "x the plain copy" in output


@pytest.mark.postgresql_only
def test_the_pgbackrest_benchmark_runs_on_a_small_scale() -> None:
    output = bench("bench.pgbackrest")
    assert "pgBackRest full backup, encrypted" in output
    assert "pgBackRest restore into a new directory" in output
