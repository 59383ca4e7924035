"""The records database on PostgreSQL: pgBackRest, one repository per backup location (P-F2).

Location *n* of ``STRONGROOM_BACKUP_LOCATIONS`` pairs with repository *n* of
``STRONGROOM_PGBACKREST_REPOSITORIES``: a backup run backs the cluster up to each repository
in turn (pgBackRest runs one backup per stanza at a time), a full backup when the last full one
there is older than ``PGBACKREST_FULL_EVERY_HOURS`` and an incremental one otherwise, then
verifies that repository. The WAL is archived continuously by PostgreSQL's
``archive_command`` (``strongroom backup pgbackrest-config`` prints it).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from strongroom.platform.backups import pgbackrest, pgbackrest_status, sources
from strongroom.platform.backups.errors import BackupError


def in_use() -> bool:
    """Whether the records database is PostgreSQL (and so backed up by pgBackRest)."""
    return sources.database_engine("default") == "postgresql"


def _repository(index: int, text: str, passphrase: str) -> pgbackrest.Repository:
    kind, _, where = text.partition(":")
    keep = settings.STRONGROOM_PGBACKREST_KEEP_FULL
    if kind == "posix":
        return pgbackrest.Repository(
            index=index, kind="posix", path=where, cipher_pass=passphrase, retention_full=keep
        )
    url = urlsplit(where)
    bucket, _, path = url.path.lstrip("/").partition("/")
    return pgbackrest.Repository(
        index=index, kind="s3", path="/" + path.strip("/"), cipher_pass=passphrase,
        retention_full=keep, s3_endpoint=url.hostname or "", s3_port=url.port or 443,
        s3_bucket=bucket, s3_key=settings.STRONGROOM_BACKUP_S3_ACCESS_KEY_ID,
        s3_key_secret=settings.STRONGROOM_BACKUP_S3_SECRET_ACCESS_KEY,
        ca_file=settings.STRONGROOM_BACKUP_S3_CA_FILE,
    )


def configured_setup() -> pgbackrest.Setup:
    """The pgBackRest setup the settings describe; BackupError when they are incomplete."""
    repositories = settings.STRONGROOM_PGBACKREST_REPOSITORIES
    locations = list(settings.STRONGROOM_BACKUP_LOCATIONS)
    if not repositories or not settings.STRONGROOM_PGBACKREST_PG_DATA:
        raise BackupError(
            "the records database is PostgreSQL: set STRONGROOM_PGBACKREST_REPOSITORIES (one "
            "per backup location) and STRONGROOM_PGBACKREST_PG_DATA (docs/backups-postgresql.md)"
        )
    if len(repositories) != len(locations):
        raise BackupError(
            f"{len(repositories)} pgBackRest repositories for {len(locations)} backup "
            "locations: give one per location, in the same order"
        )
    passphrase = settings.STRONGROOM_BACKUP_PASSPHRASE
    if not passphrase:
        raise BackupError("no backup passphrase: no backup is written without encryption")
    database = settings.DATABASES["default"]
    host, port = database_address(database)
    home = Path(settings.STRONGROOM_PGBACKREST_DIR)
    return pgbackrest.Setup(
        stanza=settings.STRONGROOM_PGBACKREST_STANZA,
        pg_data=Path(settings.STRONGROOM_PGBACKREST_PG_DATA),
        pg_port=port,
        pg_socket_dir=Path(settings.STRONGROOM_PGBACKREST_PG_SOCKET_DIR),
        repositories=tuple(
            _repository(index, text, passphrase)
            for index, text in enumerate(repositories, start=1)
        ),
        spool_path=home / "spool",
        log_path=home / "log",
        lock_path=home / "lock",
        config_path=home / "pgbackrest.conf",
        pg_user=str(database.get("USER") or "postgres"),
        pg_host=host,
        os_user=settings.STRONGROOM_PGBACKREST_OS_USER,
    )


def database_address(database: Mapping[str, Any]) -> tuple[str, int]:
    """The records server's host and port for pgBackRest; BackupError for a failover pair's
    multi-host address, which pgBackRest cannot follow (it runs on the database hosts)."""
    host, port = str(database.get("HOST") or "127.0.0.1"), str(database.get("PORT") or 5432)
    if "," in host or "," in port:
        raise BackupError(
            "the records database URL names several hosts (a failover pair): pgBackRest runs "
            "on the database hosts, not through it (docs/backups-postgresql.md)"
        )
    return host, int(port)


def repository_of(location: str) -> int:
    """The pgBackRest repository paired with a backup location."""
    names = list(settings.STRONGROOM_BACKUP_LOCATIONS)
    if location not in names:
        raise BackupError(f"no backup location {location!r}")
    return names.index(location) + 1


def prepare(setup: pgbackrest.Setup) -> None:
    """Write the configuration and create the stanza (both idempotent)."""
    try:
        pgbackrest.prepare(setup)
        pgbackrest.stanza_create(setup)
    except (pgbackrest.PgBackRestError, OSError, ValueError) as error:
        raise BackupError(f"pgBackRest: {error}") from None


def back_up(setup: pgbackrest.Setup, *, location: str, now: datetime) -> dict[str, Any]:
    """Back the cluster up to ``location``'s repository and verify it; the records part."""
    repo = repository_of(location)
    try:
        before = [
            entry for entry in pgbackrest_status.list_backups(setup)
            if entry.location == f"repo{repo}"
        ]
        fulls = [entry for entry in before if entry.kind == "full"]
        every = timedelta(hours=settings.STRONGROOM_PGBACKREST_FULL_EVERY_HOURS)
        kind: pgbackrest.BackupKind = (
            "full" if not fulls or now - fulls[-1].finished_at >= every else "incr"
        )
        pgbackrest.backup(setup, repo=repo, kind=kind)
        pgbackrest.verify(setup, repo=repo)
        after = [
            entry for entry in pgbackrest_status.list_backups(setup)
            if entry.location == f"repo{repo}"
        ]
    except (pgbackrest.PgBackRestError, OSError, ValueError) as error:
        raise BackupError(f"{location}: pgBackRest: {error}") from None
    newest = after[-1]
    return {
        "pgbackrest": newest.id, "repo": repo, "kind": newest.kind,
        "bytes": newest.size_bytes, "stored_bytes": newest.stored_bytes,
    }


def restore(
    setup: pgbackrest.Setup, *, location: str, target: Path, at: datetime | None,
    backup: str | None, force: bool,
) -> str:
    """Restore the cluster from ``location``'s repository into a new data directory."""
    repo = repository_of(location)
    try:
        pgbackrest.restore(
            setup, repo=repo, target_dir=target, target_time=at, backup_label=backup, force=force
        )
    except (pgbackrest.PgBackRestError, OSError, ValueError) as error:
        raise BackupError(f"{location}: pgBackRest restore: {error}") from None
    point = f"to {at:%Y-%m-%d %H:%M:%S} UTC" if at else f"backup {backup or 'latest'}"
    return f"Restored the PostgreSQL cluster from {location} (repo{repo}) {point} into {target}"


def archive_document(setup: pgbackrest.Setup) -> dict[str, Any]:
    """WAL archiving for ``backup status``: lag and the last failure (an error if unknown)."""
    try:
        status = pgbackrest_status.archive_status(setup)
    except Exception as error:  # unreachable server or repository: say so, never "all clear"
        return {"ok": False, "error": f"archive status unknown: {error}"}
    problems = [f"repo{key}: {text}" for key, text in status.repository_errors.items()]
    if status.async_error:
        problems.append(status.async_error)
    return {
        "ok": not problems and status.ready_segments < 2,
        "ready_segments": status.ready_segments,
        "last_archived_wal": status.last_archived_wal,
        "last_archived_time": (
            status.last_archived_time.isoformat() if status.last_archived_time else None
        ),
        "failed_count": status.failed_count,
        "last_failed_wal": status.last_failed_wal,
        "last_failed_time": (
            status.last_failed_time.isoformat() if status.last_failed_time else None
        ),
        "repositories": {f"repo{k}": v for k, v in status.repository_max_wal.items()},
        "problems": problems,
    }
