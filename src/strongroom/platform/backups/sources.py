"""What a backup reads: consistent copies of the databases, and the files directory.

An SQLite database is copied with SQLite's online backup API into memory (never a file copy
of a live WAL database, and never an unencrypted copy on disk) and handed to restic as a
stream. The copy is counted before it is sent: per table, the rows of each company, which a
restore drill compares with what it restores.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import router

from strongroom.platform.backups.errors import BackupError

Counts = dict[str, dict[str, int]]


@dataclass(frozen=True)
class Stream:
    """A database copy ready to send: its bytes, digest and (for the records) counts."""

    part: str
    filename: str
    data: bytes
    counts: Counts

    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        # hashed once, where the copy is taken, however many locations it goes to
        object.__setattr__(self, "sha256", hashlib.sha256(self.data).hexdigest())


def database_engine(alias: str) -> str:
    return "sqlite" if "sqlite" in str(settings.DATABASES[alias]["ENGINE"]) else "postgresql"


def company_tables() -> list[str]:
    """Tables of the records database whose rows belong to one company, and the companies."""
    tables = []
    for model in apps.get_models():
        if router.db_for_write(model) != "default" or model._meta.proxy:
            continue
        columns = {field.column for field in model._meta.concrete_fields}
        if "company_id" in columns or model._meta.db_table == "tenancy_company":
            tables.append(model._meta.db_table)
    return sorted(set(tables))


def count_rows(connection: sqlite3.Connection, tables: Iterable[str]) -> Counts:
    """table -> {company id: rows} in an SQLite database. A table the database lacks (another
    version's schema) is left out, which a comparison with the backup's counts then shows."""
    counts: Counts = {}
    cursor = connection.cursor()
    existing = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master")}
    for table in tables:
        if table not in existing:
            continue
        column = "id" if table == "tenancy_company" else "company_id"
        cursor.execute(
            f'SELECT "{column}", COUNT(*) FROM "{table}" GROUP BY "{column}"'  # noqa: S608
        )
        rows = {str(key): int(number) for key, number in cursor.fetchall() if key is not None}
        if rows:
            counts[table] = rows
    return counts


def sqlite_copy(path: Path, *, part: str, filename: str, count: bool) -> Stream:
    """A consistent copy of the SQLite database at ``path``, taken online, in memory."""
    if not path.is_file():
        raise BackupError(f"the {part} database {path} does not exist")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    copy = sqlite3.connect(":memory:")
    try:
        source.backup(copy)
        counts = count_rows(copy, company_tables()) if count else {}
        return Stream(part, filename, copy.serialize(), counts)
    except sqlite3.Error as error:
        raise BackupError(f"could not copy the {part} database: {error}") from None
    finally:
        source.close()
        copy.close()


def postgresql_dump(alias: str, *, part: str, filename: str) -> Stream:
    """``pg_dump`` of a PostgreSQL database (the key store when the records use pgBackRest)."""
    database = settings.DATABASES[alias]
    command = [
        "pg_dump", "--format=custom", "--no-owner",
        "--host", str(database.get("HOST") or "127.0.0.1"),
        "--port", str(database.get("PORT") or 5432),
        "--username", str(database.get("USER") or "postgres"),
        "--dbname", str(database["NAME"]),
    ]
    environment = {"PATH": "/usr/bin:/bin", "PGPASSWORD": str(database.get("PASSWORD") or "")}
    try:
        result = subprocess.run(  # noqa: S603 - fixed binary, arguments as a list
            command, capture_output=True, env=environment, timeout=3600, check=False
        )
    except FileNotFoundError:
        raise BackupError("pg_dump is not installed (apt-get install postgresql-client)") from None
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip()[-300:]
        raise BackupError(f"pg_dump of the {part} database failed: {detail}")
    return Stream(part, filename, result.stdout, {})


def database_copy(alias: str, *, part: str, count: bool) -> Stream:
    """A consistent copy of the database ``alias`` (``default`` or ``keys``)."""
    if database_engine(alias) == "sqlite":
        return sqlite_copy(
            Path(str(settings.DATABASES[alias]["NAME"])), part=part, filename=f"/{part}.sqlite3",
            count=count,
        )
    return postgresql_dump(alias, part=part, filename=f"/{part}.pgdump")


def files_directory() -> Path | None:
    """The uploaded files' directory, when they are stored on the file system."""
    files: dict[str, Any] = settings.STORAGES["files"]
    location = files.get("OPTIONS", {}).get("location")
    if "FileSystemStorage" not in files["BACKEND"] or not location:
        return None
    return Path(location)
