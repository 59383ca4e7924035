"""Run a benchmark against a throwaway installation: its own data directory and database."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import timeit


def bench_parser(description: str) -> argparse.ArgumentParser:
    """A benchmark's argument parser, with the ``--reset-database`` every benchmark takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--reset-database", action="store_true",
        help="Empty a database that already holds data (never point this at real data).",
    )
    return parser


def django_for_bench(*, reset: bool = False) -> str:
    """Point Strongroom at a fresh data directory (and its SQLite database, unless
    STRONGROOM_DATABASE_URL names another), set Django up and migrate. A database that already
    holds companies is refused unless ``reset`` (then it is emptied first). Returns the data
    directory."""
    data_dir = tempfile.mkdtemp(prefix="strongroom-bench-")
    os.environ["STRONGROOM_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "strongroom.project.settings"
    import django
    from django.core.management import call_command

    django.setup()
    from strongroom.platform.keys.database import ensure_key_store_database

    ensure_key_store_database()
    call_command("migrate", verbosity=0)
    call_command("migrate", database="keys", verbosity=0)  # the key store (platform/keys)
    from strongroom.platform.tenancy.models import Company

    if Company.objects.exists():
        if not reset:
            sys.exit("bench: the database is not empty; pass --reset-database to empty it first")
        call_command("flush", interactive=False, verbosity=0)
    return data_dir


def describe_machine() -> None:
    """Print the machine, its load and a calibration line (how long ``sum(range(1000))``
    takes), so that figures from different machines and loads can be compared."""
    from django.db import connection

    print(f"# {platform.python_implementation()} {platform.python_version()}, "
          f"{connection.vendor}, {platform.machine()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}")
    print(calibration_line())


def calibration_line() -> str:
    """How long ``sum(range(1000))`` takes here, as the line every benchmark prints."""
    calibration = min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000
    return (f"# calibration: sum(range(1000)) takes {calibration * 1e6:.1f} µs here "
            "(about 10 µs on an idle current core): compare machines with it")
