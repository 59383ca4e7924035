"""The key store is a database of its own: keys never sit beside the records."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.db import connections

from strongroom.platform.keys.database import ensure_key_store_database
from tests.project.test_cli import run_cli

KEY_TABLES = {"keys_companykey", "keys_datakeyset", "keys_datakeyversion", "keys_rootkeycheck"}


def test_key_tables_live_only_in_the_key_store(db: None) -> None:
    with connections["default"].cursor() as cursor:
        records = set(connections["default"].introspection.table_names(cursor))
    with connections["keys"].cursor() as cursor:
        keys = set(connections["keys"].introspection.table_names(cursor))
    assert not KEY_TABLES & records
    assert keys - {"django_migrations"} == KEY_TABLES
    assert ensure_key_store_database() is False  # exists already: nothing to create


def test_migrate_creates_both_databases(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "migrate", "-v0")
    assert result.returncode == 0, result.stderr

    def tables(name: str) -> set[str]:
        with sqlite3.connect(tmp_path / "data" / name) as connection:
            rows = connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            return {row[0] for row in rows}

    assert tables("keys.sqlite3") >= KEY_TABLES
    assert not {t for t in tables("keys.sqlite3") if t.startswith(("tenancy_", "history_"))}
    assert not KEY_TABLES & tables("cli.sqlite3")
